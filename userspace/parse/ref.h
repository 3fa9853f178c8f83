/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An independent reference implementation of the crashkernel= rules,
 * written from the rules (see ref.c), not from kernel/crash_parse.c.
 * The harness checks that the kernel parser agrees with it.
 */
#ifndef CK_REF_H
#define CK_REF_H

#include <stdbool.h>

enum ref_api {
	REF_REQUEST,	/* parse_crashkernel_request() */
	REF_PLAIN,	/* parse_crashkernel() */
	REF_HIGH,	/* parse_crashkernel_high() */
	REF_LOW,	/* parse_crashkernel_low() */
};

struct ref_result {
	int ret;			/* 0, -ENOENT or -EINVAL */
	unsigned long long size;	/* for legacy APIs: *crash_size */
	unsigned long long base;	/* for legacy APIs: *crash_base */
	unsigned long long low_size;
	bool fixed_base;
	bool high;
	bool low_given;
	int warnings;			/* pr_warn() lines expected */
	int infos;			/* pr_info() lines expected */
};

void ref_parse(enum ref_api api, const char *cmdline,
	       unsigned long long system_ram, struct ref_result *r);

#endif
