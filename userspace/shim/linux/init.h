/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/init.h>.  __init is a no-op; early_param()
 * records the handler in a table entry the harness can look up by the
 * handler's name (ck_early_param_<fn>).
 */
#ifndef CK_SHIM_INIT_H
#define CK_SHIM_INIT_H

#define __init
#define __initdata
#define __initconst

struct ck_early_param {
	const char *str;
	int (*setup_func)(char *);
};

#define early_param(str, fn)						\
	const struct ck_early_param ck_early_param_##fn = { str, fn }

#endif
