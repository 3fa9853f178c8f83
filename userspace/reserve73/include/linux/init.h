/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/init.h>: userspace/reserve/include's (boot_command_line, __init,
 * tools/testing/memblock's), and struct seq_file named once, before
 * <linux/memblock.h> uses it in a prototype (the kernel's <linux/mm.h>
 * does that).
 */
#ifndef RD73_SHIM_INIT_H
#define RD73_SHIM_INIT_H
#include_next <linux/init.h>

struct seq_file;
#endif
