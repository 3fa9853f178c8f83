/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/printk.h>.  Every pr_*() goes to
 * ck_printk(), which the harness implements to capture the messages
 * (how many lines per level, the last text) so that it can check them.
 */
#ifndef CK_SHIM_PRINTK_H
#define CK_SHIM_PRINTK_H

#include <linux/compiler.h>

#define CK_LOGLEVEL_ERR		3
#define CK_LOGLEVEL_WARNING	4
#define CK_LOGLEVEL_NOTICE	5
#define CK_LOGLEVEL_INFO	6
#define CK_LOGLEVEL_DEBUG	7

__printf(2, 3) void ck_printk(int level, const char *fmt, ...);

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_err(fmt, ...)	ck_printk(CK_LOGLEVEL_ERR, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	ck_printk(CK_LOGLEVEL_WARNING, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	ck_printk(CK_LOGLEVEL_NOTICE, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	ck_printk(CK_LOGLEVEL_INFO, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	ck_printk(CK_LOGLEVEL_DEBUG, pr_fmt(fmt), ##__VA_ARGS__)

#endif
