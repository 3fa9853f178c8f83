/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/crash_core.h>: only the parser's part.  The
 * real header pulls in the ELF note machinery, which is not needed here.
 * These prototypes must match the ones in the real header.
 */
#ifndef CK_SHIM_CRASH_CORE_H
#define CK_SHIM_CRASH_CORE_H
#include <linux/init.h>

int __init parse_crashkernel(char *cmdline, unsigned long long system_ram,
		unsigned long long *crash_size, unsigned long long *crash_base);
int parse_crashkernel_high(char *cmdline, unsigned long long system_ram,
		unsigned long long *crash_size, unsigned long long *crash_base);
int parse_crashkernel_low(char *cmdline, unsigned long long system_ram,
		unsigned long long *crash_size, unsigned long long *crash_base);
#endif
