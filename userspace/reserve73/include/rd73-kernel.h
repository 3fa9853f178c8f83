/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What crash_reserve.c gets from the kernel's headers by way of those it
 * includes (<linux/kernel.h>, <linux/string.h>, ...), which user space
 * lacks or tools/include has only in part.  Every stub header here
 * includes it.  pr_*() are <linux/printk.h> of userspace/reserve/include:
 * the lines go to the harness' ck_printk().
 */
#ifndef RD73_KERNEL_H
#define RD73_KERNEL_H
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/sizes.h>
#include <linux/ctype.h>
#include <linux/printk.h>
#include <linux/mm.h>		/* PAGE_SIZE: 4K, as arm64's default */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#ifndef BUG_ON
#define BUG_ON(c)		do { if (c) abort(); } while (0)
#endif
#ifndef early_initcall
#define early_initcall(fn)
#endif
#ifndef __ro_after_init
#define __ro_after_init
#endif

/* lib/ (num73.c builds the base tree's) */
unsigned long long memparse(const char *ptr, char **retptr);
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
#endif
