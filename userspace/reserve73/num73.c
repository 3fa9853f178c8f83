// SPDX-License-Identifier: GPL-2.0
/*
 * The number parsing crash_reserve.c calls, memparse() and kstrtoull(),
 * as the base tree's lib/ has them (extract73.sh copies lib/kstrtox.h and
 * the functions out of lib/kstrtox.c, lib/vsprintf.c and lib/cmdline.c
 * into lib-num.c; the series does not touch lib/).  Both sides call this
 * one copy: the kernel's, which saturates a number past 64 bits at
 * ULLONG_MAX where glibc's strtoull() would differ.
 *
 * This file only supplies what the text uses and tools/include lacks.
 */
#include <linux/kernel.h>
#include <linux/compiler.h>
#include <linux/ctype.h>
#include <linux/overflow.h>
#include <linux/args.h>
#include <limits.h>

/*
 * include/linux/overflow.h's: the operands may differ in type (tools/
 * include's insist on one type, and warn for lib/kstrtox.c's).
 */
#undef check_add_overflow
#undef check_mul_overflow
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

#ifndef check_shl_overflow
/* include/linux/overflow.h's definition */
#define check_shl_overflow(a, s, d) __must_check_overflow(({		\
	typeof(a) _a = a;						\
	typeof(s) _s = s;						\
	typeof(d) _d = d;						\
	unsigned long long _a_full = _a;				\
	unsigned int _to_shift =					\
		is_non_negative(_s) && _s < 8 * sizeof(*d) ? _s : 0;	\
	*_d = (_a_full << _to_shift);					\
	(_to_shift != _s || is_negative(*_d) || is_negative(_a) ||	\
	(*_d >> _to_shift) != _a);					\
}))
#endif
#ifndef __must_check_overflow
#define __must_check_overflow(x)	(x)
#endif
#ifndef is_non_negative
#define is_non_negative(a)	((a) > 0 || (a) == 0)
#define is_negative(a)		(!(is_non_negative(a)))
#endif
#ifndef fallthrough
#define fallthrough		__attribute__((__fallthrough__))
#endif
#ifndef EXPORT_SYMBOL
#define EXPORT_SYMBOL(sym)
#endif

#include "lib-num.c"
