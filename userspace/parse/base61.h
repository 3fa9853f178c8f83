/* SPDX-License-Identifier: GPL-2.0 */
/* 6.1's parser, renamed (base61.c), for the differential test (diff.c). */
#ifndef CK_BASE61_H
#define CK_BASE61_H

#include <stdbool.h>

/* Set when a number 6.1's memparse() read did not fit in 64 bits */
extern bool ck61_overflow;

int ck61_parse_crashkernel(char *cmdline, unsigned long long system_ram,
			   unsigned long long *crash_size,
			   unsigned long long *crash_base);
int ck61_parse_crashkernel_high(char *cmdline, unsigned long long system_ram,
				unsigned long long *crash_size,
				unsigned long long *crash_base);
int ck61_parse_crashkernel_low(char *cmdline, unsigned long long system_ram,
			       unsigned long long *crash_size,
			       unsigned long long *crash_base);

#endif
