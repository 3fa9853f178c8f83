/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/kernel.h>: snprintf() from libc (same
 * behaviour for the formats used) and ARRAY_SIZE().
 */
#ifndef CK_SHIM_KERNEL_H
#define CK_SHIM_KERNEL_H

#include <stdio.h>
#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/types.h>
#include <linux/printk.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
