/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/overflow.h>: the checked arithmetic helpers
 * are the compiler builtins, as in the kernel.
 */
#ifndef CK_SHIM_OVERFLOW_H
#define CK_SHIM_OVERFLOW_H

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

#endif
