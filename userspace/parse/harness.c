// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz harness for kernel/crash_parse.c, built unchanged in user space.
 *
 * Input: 8 bytes of System RAM size (little endian), then the command line
 * (up to the first NUL or the end of the input).  Each input goes through
 * parse_crashkernel_request() and parse_crashkernel{,_high,_low}(); the
 * results are checked against invariants and against the independent
 * reference in ref.c.  Any violation prints a report and abort()s.
 * (scripts/test-diff checks the same parser against 6.1's own.)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/crash_core.h>
#include <linux/crashkernel.h>
#include <linux/init.h>

#include "escape.h"
#include "printk_capture.h"
#include "harness.h"
#include "ref.h"

extern const struct ck_early_param ck_early_param_parse_crashkernel_dummy;

static const char *api_name[] = {
	[REF_REQUEST] = "parse_crashkernel_request",
	[REF_PLAIN] = "parse_crashkernel",
	[REF_HIGH] = "parse_crashkernel_high",
	[REF_LOW] = "parse_crashkernel_low",
};

/* The input being checked, for the report */
static const char *cur_cmdline;
static unsigned long long cur_ram;

static void print_result(FILE *f, const char *what, const struct ref_result *r)
{
	fprintf(f, "  %-9s ret=%d size=%#llx base=%#llx low_size=%#llx fixed_base=%d high=%d low_given=%d warn=%d info=%d\n",
		what, r->ret, r->size, r->base, r->low_size, r->fixed_base,
		r->high, r->low_given, r->warnings, r->infos);
}

static __attribute__((noreturn)) void fail(enum ref_api api, const char *kind,
					   const char *why,
					   const struct ref_result *expected,
					   const struct ref_result *got)
{
	fprintf(stderr, "\n=== crashkernel fuzz: %s in %s: %s\n", kind,
		api_name[api], why);
	fprintf(stderr, "  system_ram=%#llx (%lluMB)\n  cmdline=", cur_ram,
		cur_ram >> 20);
	ck_print_escaped(stderr, cur_cmdline);
	fputc('\n', stderr);
	if (expected)
		print_result(stderr, "expected", expected);
	if (got)
		print_result(stderr, "got", got);
	fprintf(stderr, "  messages (%d):\n%s", ck_log.total, ck_log.all);
	fprintf(stderr, "===\n");
	fflush(stderr);
	abort();
}

#define INVARIANT(cond, why)						\
	do {								\
		if (!(cond))						\
			fail(api, "invariant violated", why, NULL, &got); \
	} while (0)

/* Checks every API has, on the kernel's answer @got */
static void check_common(enum ref_api api, const struct ref_result *gotp)
{
	struct ref_result got = *gotp;
	bool zero = !got.size && !got.base && !got.low_size &&
		    !got.fixed_base && !got.high && !got.low_given;

	INVARIANT(got.ret == 0 || got.ret == -ENOENT || got.ret == -EINVAL,
		  "return value not in {0, -ENOENT, -EINVAL}");
	INVARIANT(!ck_log.malformed, "a message is not exactly one line");
	INVARIANT(ck_log.total == ck_log.lines[4] + ck_log.lines[6],
		  "a message at a level other than warning or info");
	if (got.ret == -EINVAL) {
		INVARIANT(ck_log.lines[4] == 1,
			  "-EINVAL without exactly one warning line");
		INVARIANT(strstr(ck_log.last_warn, "crashkernel"),
			  "the warning does not name crashkernel");
		INVARIANT(zero, "-EINVAL with a non-zero result");
	}
	if (got.ret == -ENOENT) {
		INVARIANT(ck_log.total == 0, "-ENOENT with a message");
		INVARIANT(zero, "-ENOENT with a non-zero result");
	}
	if (got.ret == 0) {
		/*
		 * Sizes are not checked against RAM and offset + size may
		 * wrap, as in 6.1: the code that reserves says no to those.
		 */
		INVARIANT(got.low_given || !got.low_size,
			  "low size without low_given");
		INVARIANT(got.size || !got.fixed_base,
			  "fixed_base with size 0");
	}
}

static void compare(enum ref_api api, const struct ref_result *expected,
		    const struct ref_result *got)
{
	const char *why = NULL;

	if (got->ret != expected->ret)
		why = "return value";
	else if (got->size != expected->size)
		why = "size";
	else if (got->base != expected->base)
		why = "base";
	else if (got->low_size != expected->low_size)
		why = "low_size";
	else if (got->fixed_base != expected->fixed_base)
		why = "fixed_base";
	else if (got->high != expected->high)
		why = "high";
	else if (got->low_given != expected->low_given)
		why = "low_given";
	else if (got->warnings != expected->warnings)
		why = "number of warning lines";
	else if (got->infos != expected->infos)
		why = "number of info lines";
	if (why)
		fail(api, "disagreement with the reference", why, expected, got);
}

static void check_request(const char *cmdline, unsigned long long ram)
{
	struct crashkernel_request req;
	struct ref_result expected, got = { 0 };

	memset(&req, 0xa5, sizeof(req));
	ck_log_reset();
	got.ret = parse_crashkernel_request(cmdline, ram, &req);
	got.size = req.size;
	got.base = req.base;
	got.low_size = req.low_size;
	got.fixed_base = req.fixed_base;
	got.high = req.high;
	got.low_given = req.low_given;
	got.warnings = ck_log.lines[4];
	got.infos = ck_log.lines[6];

	check_common(REF_REQUEST, &got);
	if (got.ret) {
		static const struct crashkernel_request zero;
		enum ref_api api = REF_REQUEST;

		INVARIANT(!memcmp(&req, &zero, sizeof(req)),
			  "request not all zero on error");
	}
	ref_parse(REF_REQUEST, cmdline, ram, &expected);
	compare(REF_REQUEST, &expected, &got);
	if (ck_verbose) {
		print_result(stdout, api_name[REF_REQUEST], &got);
		printf("%s", ck_log.all);
	}
}

static void check_legacy(enum ref_api api, const char *cmdline,
			 unsigned long long ram)
{
	unsigned long long size = 0xa5a5a5a5a5a5a5a5ULL, base = size;
	struct ref_result expected, got = { 0 };
	size_t len = strlen(cmdline) + 1;
	char *copy = malloc(len);

	if (!copy)
		abort();
	memcpy(copy, cmdline, len);
	ck_log_reset();
	if (api == REF_PLAIN)
		got.ret = parse_crashkernel(copy, ram, &size, &base);
	else if (api == REF_HIGH)
		got.ret = parse_crashkernel_high(copy, ram, &size, &base);
	else
		got.ret = parse_crashkernel_low(copy, ram, &size, &base);
	got.size = size;
	got.base = base;
	got.warnings = ck_log.lines[4];
	got.infos = ck_log.lines[6];

	INVARIANT(!memcmp(copy, cmdline, len), "the command line was modified");
	free(copy);
	check_common(api, &got);
	INVARIANT(got.ret == 0 || (!size && !base), "non-zero result on error");
	INVARIANT(api == REF_PLAIN || !base, "base from ,high or ,low");
	ref_parse(api, cmdline, ram, &expected);
	compare(api, &expected, &got);
	if (ck_verbose) {
		print_result(stdout, api_name[api], &got);
		printf("%s", ck_log.all);
	}
}

void ck_check_input(const char *cmdline, unsigned long long ram)
{
	const struct ck_early_param *ep = &ck_early_param_parse_crashkernel_dummy;

	cur_cmdline = cmdline;
	cur_ram = ram;
	if (strcmp(ep->str, "crashkernel") || ep->setup_func((char *)"64M")) {
		fprintf(stderr, "early_param(\"crashkernel\") not registered as a no-op\n");
		abort();
	}
	if (ck_verbose) {
		printf("system_ram=%#llx (%lluMB) cmdline=", ram, ram >> 20);
		ck_print_escaped(stdout, cmdline);
		putchar('\n');
	}
	check_request(cmdline, ram);
	check_legacy(REF_PLAIN, cmdline, ram);
	check_legacy(REF_HIGH, cmdline, ram);
	check_legacy(REF_LOW, cmdline, ram);
}
