/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/printk.h> for the policy test: tools/testing/memblock's shim,
 * with every pr_*() sent to ck_printk() (common/printk_capture.c), which
 * keeps the lines so the test can check them.  userspace/shim/linux/printk.h sends
 * the parser's messages to the same function.
 */
#ifndef POLICY_SHIM_PRINTK_H
#define POLICY_SHIM_PRINTK_H
#include_next <linux/printk.h>

void ck_printk(int level, const char *fmt, ...);

#undef pr_info
#undef pr_debug
#undef pr_cont
#undef pr_err
#undef pr_warn
#define pr_err(fmt, ...)	ck_printk(3, fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	ck_printk(4, fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	ck_printk(6, fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	ck_printk(7, fmt, ##__VA_ARGS__)
#define pr_cont(fmt, ...)	ck_printk(7, fmt, ##__VA_ARGS__)
#endif
