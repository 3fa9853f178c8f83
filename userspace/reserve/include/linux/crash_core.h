/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/crash_core.h>: crash_memblock.c uses nothing from it but what
 * <linux/crashkernel.h> declares (the real ELF-note header is not needed).
 */
#ifndef POLICY_SHIM_CRASH_CORE_H
#define POLICY_SHIM_CRASH_CORE_H
#include <linux/init.h>
#endif
