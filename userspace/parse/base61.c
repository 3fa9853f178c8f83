// SPDX-License-Identifier: GPL-2.0
/*
 * 6.1's own crashkernel= parser, built unchanged in user space next to
 * the series' kernel/crash_parse.c: this file only sets up the names and
 * the shims, then includes the text userspace/parse/extract61.sh copied out of the
 * base tree (never stored in this repository).
 *
 * Every symbol gets a ck61_ prefix, so that parse_crashkernel() and its
 * friends do not clash with the series'.  memparse() is wrapped: the
 * wrapper sees whether a number 6.1 read did not fit in 64 bits (6.1
 * silently kept it modulo 2^64), for the table of allowed differences in
 * diff.c.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

#include <linux/compiler.h>
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/types.h>

#include "base61.h"

#define noinline		__attribute__((noinline))
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define div_u64(a, b)		((unsigned long long)(a) / (b))
#define BUG_ON(c)		do { if (c) abort(); } while (0)
/* As include/linux/math.h: the division form, which wraps near 2^64 */
#define roundup(x, y)		((((x) + ((y) - 1)) / (y)) * (y))

/* lib/: number parsing */
#define _parse_integer_fixup_radix	ck61__parse_integer_fixup_radix
#define _parse_integer_limit		ck61__parse_integer_limit
#define simple_strntoull		ck61_simple_strntoull
#define simple_strtoull			ck61_simple_strtoull
#define memparse			ck61_memparse_real

const char *_parse_integer_fixup_radix(const char *s, unsigned int *base);
unsigned int _parse_integer_limit(const char *s, unsigned int base,
				  unsigned long long *p, size_t max_chars);
unsigned long long simple_strtoull(const char *cp, char **endp,
				   unsigned int base);
unsigned long long memparse(const char *ptr, char **retptr);

#include "lib61.c"

#undef memparse

bool ck61_overflow;

/*
 * memparse() as 6.1 has it, plus a note when the number it read does not
 * fit in 64 bits.  The check is separate code (128-bit arithmetic) on
 * exactly the characters memparse() consumed.
 */
static unsigned long long ck61_memparse(const char *ptr, char **retptr)
{
	unsigned long long ret = ck61_memparse_real(ptr, retptr);
	char *digits_end;
	const char *s = ptr;
	unsigned __int128 v = 0;
	unsigned int radix = 10;

	/* where simple_strtoull() stopped: the digits, then maybe a suffix */
	ck61_simple_strtoull(ptr, &digits_end, 0);
	if (s[0] == '0' && (s[1] | 0x20) == 'x' && isxdigit(s[2])) {
		radix = 16;
		s += 2;
	} else if (s[0] == '0') {
		radix = 8;
	}
	for (; s < digits_end; s++) {
		unsigned int c = (unsigned char)*s;

		v = v * radix + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
		if (v > ULLONG_MAX)
			ck61_overflow = true;
	}
	if (*retptr > digits_end) {
		/* the suffix memparse() applied */
		switch (*digits_end | 0x20) {
		case 'e': v <<= 10; fallthrough;
		case 'p': v <<= 10; fallthrough;
		case 't': v <<= 10; fallthrough;
		case 'g': v <<= 10; fallthrough;
		case 'm': v <<= 10; fallthrough;
		case 'k': v <<= 10; break;
		}
		if (v > ULLONG_MAX)
			ck61_overflow = true;
	}
	return ret;
}

#define memparse			ck61_memparse

/* kernel/crash_core.c: the parser */
#define parse_crashkernel		ck61_parse_crashkernel
#define parse_crashkernel_high		ck61_parse_crashkernel_high
#define parse_crashkernel_low		ck61_parse_crashkernel_low
#undef early_param
#define early_param(str, fn)						\
	static const struct ck_early_param ck61_early_param		\
	__attribute__((unused)) = { str, fn }

#include "crash_core61.c"
