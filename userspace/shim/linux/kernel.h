/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/kernel.h>: snprintf() and vsnprintf() from
 * libc (same behaviour for the formats used), scnprintf() on top of them,
 * and ARRAY_SIZE().
 */
#ifndef CK_SHIM_KERNEL_H
#define CK_SHIM_KERNEL_H

#include <stdarg.h>
#include <stdio.h>
#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/types.h>
#include <linux/printk.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* As lib/vsprintf.c: the number of characters written, not counting NUL */
static inline __attribute__((format(printf, 3, 4)))
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int i;

	va_start(args, fmt);
	i = vsnprintf(buf, size, fmt, args);
	va_end(args);
	if (i < (int)size)
		return i;
	return size ? (int)size - 1 : 0;
}

#endif
