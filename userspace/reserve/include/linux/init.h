/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/init.h> for the policy test: tools/testing/memblock's shim plus
 * boot_command_line, which reserve_crashkernel_memblock() parses; the
 * harness owns it (harness.c).
 */
#ifndef POLICY_SHIM_INIT_H
#define POLICY_SHIM_INIT_H
#include_next <linux/init.h>

#ifndef __init
#define __init
#endif

extern char boot_command_line[];
#endif
