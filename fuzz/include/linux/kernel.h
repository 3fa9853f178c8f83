/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/kernel.h>: snprintf() from libc (same
 * behaviour for the formats used) and the kernel's rounding macros,
 * copied in their kernel form so that overflow behaves the same.
 */
#ifndef CK_SHIM_KERNEL_H
#define CK_SHIM_KERNEL_H

#include <stdio.h>
#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/types.h>
#include <linux/printk.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* include/linux/math.h */
#define roundup(x, y) (					\
{							\
	typeof(y) __y = y;				\
	(((x) + (__y - 1)) / __y) * __y;		\
}							\
)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

#endif
