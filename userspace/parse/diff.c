// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test: 6.1's own crashkernel= parser (base61.c, the base
 * tree's code unchanged) against the series' kernel/crash_parse.c, both
 * built in user space.
 *
 * Input: as the fuzz harness (8 bytes of System RAM size, little endian,
 * then the command line).  Each input is parsed with that RAM size and
 * with each size in ck_rams[], by the three 6.1 entry points,
 * parse_crashkernel(), _high() and _low(), on both sides, and by the
 * series' parse_crashkernel_request() against what 6.1's arm64
 * reserve_crashkernel() made of the 6.1 answers.
 *
 * The rule, both ways: wherever 6.1 returned 0 with a non-zero size, the
 * series returns 0 with the same size and base (and prints at most one
 * warning line, naming crashkernel=, for that call); wherever 6.1 refused
 * or gave 0 bytes, the series refuses or gives 0 bytes too.  The only
 * differences allowed are the entries of ck_allowed[] (6.1 gave a size)
 * and ck_allowed_new[] (6.1 gave none) below; anything else prints a
 * report and abort()s.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/crash_core.h>
#include <linux/crashkernel.h>

#include "base61.h"
#include "escape.h"
#include "printk_capture.h"
#include "harness.h"

#define MB(x)	((unsigned long long)(x) << 20)
#define GB(x)	((unsigned long long)(x) << 30)

/* RAM sizes every input is also tried with (besides its own) */
static const unsigned long long ck_rams[] = {
	0,			/* callers that pass 0 (arm64 6.1 for ,high) */
	GB(1), GB(2), GB(8),
	GB(130),		/* above 128G: the last row of distro tables */
	MB(8064) + MB(1),	/* rounding up to 128M: 8064M + 1M -> 8192M */
	~0ULL - MB(64),		/* near 2^64: 6.1's roundup() wraps */
	~0ULL,
};

enum ck_api { API_PLAIN, API_HIGH, API_LOW, API_REQUEST };

static const char *const api_name[] = {
	[API_PLAIN] = "parse_crashkernel",
	[API_HIGH] = "parse_crashkernel_high",
	[API_LOW] = "parse_crashkernel_low",
	[API_REQUEST] = "parse_crashkernel_request",
};

struct ck_answer {
	int ret;
	unsigned long long size, base, low_size;
	bool high, low_given, low_checked, low_refused;
};

/* One comparison: the input, 6.1's answer and the series' */
struct ck_cmp {
	enum ck_api api;
	const char *cmdline;
	unsigned long long ram;
	struct ck_answer old, new;
	bool overflow61;	/* a number 6.1 read did not fit in 64 bits */
	const char *messages;	/* the series' lines for this call */
};

static bool ck_number_past_64_bits(const struct ck_cmp *c)
{
	return c->overflow61 && c->new.ret == -EINVAL &&
	       strstr(c->messages, "does not fit in 64 bits");
}

/*
 * The differences allowed, where 6.1 gave a size and the series does not
 * give the same one.  Keep this table short and every entry explained.
 */
static struct ck_allowed {
	const char *name;
	bool (*applies)(const struct ck_cmp *c);
	unsigned long long count;
} ck_allowed[] = {
	/*
	 * A number that does not fit in 64 bits, anywhere in the value
	 * 6.1 read (size, offset, range start or end): 6.1's memparse()
	 * kept it modulo 2^64 without a word, so "17E" became 1E and
	 * "0-18446744073709551617:64M" a range ending at 1 byte.  The size
	 * or address the user wrote exists on no machine; the number 6.1
	 * used instead is not one anybody asked for.  The series refuses
	 * the value with "... does not fit in 64 bits".
	 */
	{ "number past 64 bits (6.1 wrapped it)", ck_number_past_64_bits },
};

/* 6.1 rounded RAM up to 128M in 64 bits: 0, or 0 after wrapping */
static bool ck_ram_61_zero(unsigned long long ram)
{
	return ram == 0 || ram > ULLONG_MAX - MB(128) + 1;
}

static bool ck_ranges_no_ram(const struct ck_cmp *c)
{
	const char *v = strstr(c->cmdline, "crashkernel=");

	return (c->api == API_PLAIN || c->api == API_REQUEST) &&
	       ck_ram_61_zero(c->ram) && v &&
	       strchr(v, ':');
}

static bool ck_high_refused_low(const struct ck_cmp *c)
{
	return c->api == API_REQUEST && c->new.high && c->new.low_refused;
}

/*
 * The differences allowed where 6.1 refused or gave 0 bytes and the
 * series' parser gives a size.  What 6.1 refused stays refused (the
 * ranges form too: 6.1 refused a list when any size up to the matching
 * range reached the RAM size, and so does the series); these entries
 * are where the refusal is made elsewhere or no machine can ask.
 */
static struct ck_allowed ck_allowed_new[] = {
	/*
	 * A ranges list with System RAM 0, or within 128M of 2^64: 6.1's
	 * roundup() made the RAM size 0, so every size was "not below" it.
	 * No caller passes such a RAM size with a ranges value (0 is
	 * passed for the ,high and ,low forms, which have no ranges); the
	 * series reads 0 as "unknown" and does not wrap.
	 */
	{ "ranges with System RAM 0 (6.1's roundup gave 0)", ck_ranges_no_ram },
	/*
	 * crashkernel=X,high with an invalid crashkernel=Y,low: 6.1's arm64
	 * code refused the whole request.  parse_crashkernel_request()
	 * returns it with low_refused set, and reserve_crashkernel_memblock()
	 * refuses it with a line, as 6.1 did (the reservation differential,
	 * userspace/reserve, checks that nothing is reserved).
	 */
	{ ",high with a refused ,low (refused by the reservation)", ck_high_refused_low },
	{ NULL, NULL },
};

static unsigned long long ck_inputs, ck_calls, ck_sizes_checked;
static unsigned long long ck_refusals_checked;

static void print_answer(FILE *f, const char *who, const struct ck_answer *a,
			 enum ck_api api)
{
	fprintf(f, "  %-6s ret=%d size=%#llx base=%#llx", who, a->ret, a->size,
		a->base);
	if (api == API_REQUEST)
		fprintf(f, " high=%d low_given=%d low_size=%#llx", a->high,
			a->low_given, a->low_size);
	fputc('\n', f);
}

static __attribute__((noreturn)) void ck_fail(const struct ck_cmp *c,
					      const char *why)
{
	fprintf(stderr, "\n=== crashkernel diff: %s: %s\n", api_name[c->api],
		why);
	fprintf(stderr, "  system_ram=%#llx (%lluMB)\n  cmdline=", c->ram,
		c->ram >> 20);
	ck_print_escaped(stderr, c->cmdline);
	fputc('\n', stderr);
	print_answer(stderr, "6.1", &c->old, c->api);
	print_answer(stderr, "series", &c->new, c->api);
	fprintf(stderr, "  6.1 read a number past 64 bits: %s\n",
		c->overflow61 ? "yes" : "no");
	fprintf(stderr, "  series messages:\n%s===\n", c->messages);
	fflush(stderr);
	abort();
}

/* 6.1 gave no size: the series must give none, or be in the table. */
static void ck_check_refused(const struct ck_cmp *c)
{
	size_t i;

	ck_refusals_checked++;
	if (c->new.ret || !c->new.size)
		return;
	for (i = 0; ck_allowed_new[i].applies; i++) {
		if (ck_allowed_new[i].applies(c)) {
			ck_allowed_new[i].count++;
			return;
		}
	}
	ck_fail(c, "6.1 gave no size, the series gives one");
}

/* 6.1 gave a size: the series must give the same, or be in the table. */
static void ck_check(struct ck_cmp *c)
{
	const struct ck_answer *o = &c->old, *n = &c->new;
	const char *why = NULL;
	size_t i;

	ck_calls++;
	if (o->ret || !o->size) {
		ck_check_refused(c);
		return;
	}
	ck_sizes_checked++;
	if (n->ret)
		why = "6.1 gave a size, the series refused";
	else if (n->size != o->size)
		why = "size differs";
	else if (n->base != o->base)
		why = "base differs";
	else if (c->api == API_REQUEST && n->high != o->high)
		why = ",high differs";
	else if (c->api == API_REQUEST && o->low_checked && o->low_size &&
		 (!n->low_given || n->low_size != o->low_size))
		why = ",low size differs";
	if (why) {
		for (i = 0; i < sizeof(ck_allowed) / sizeof(ck_allowed[0]); i++) {
			if (ck_allowed[i].applies(c)) {
				ck_allowed[i].count++;
				return;
			}
		}
		ck_fail(c, why);
	}
	/* Same answer: at most one line, a warning naming crashkernel= */
	if (c->api != API_REQUEST) {
		if (ck_log.total > 1 || ck_log.lines[4] != ck_log.total)
			ck_fail(c, "more than one line, or not a warning");
		if (ck_log.total &&
		    strncmp(ck_log.all, "<4>crashkernel: crashkernel=", 28))
			ck_fail(c, "the line is not \"crashkernel: crashkernel=VALUE: ...\"");
	}
}

typedef int (*ck_parse_fn)(char *, unsigned long long, unsigned long long *,
			   unsigned long long *);

static struct ck_answer ck_call(ck_parse_fn fn, const char *cmdline,
				unsigned long long ram)
{
	struct ck_answer a = { 0 };
	size_t len = strlen(cmdline) + 1;
	char *copy = malloc(len);

	if (!copy)
		abort();
	memcpy(copy, cmdline, len);
	a.size = a.base = 0xa5a5a5a5a5a5a5a5ULL;
	a.ret = fn(copy, ram, &a.size, &a.base);
	if (memcmp(copy, cmdline, len))
		abort();
	free(copy);
	return a;
}

static void ck_compare_legacy(enum ck_api api, const char *cmdline,
			      unsigned long long ram, struct ck_answer *old)
{
	static const ck_parse_fn fn61[] = {
		ck61_parse_crashkernel, ck61_parse_crashkernel_high,
		ck61_parse_crashkernel_low,
	};
	static const ck_parse_fn fn[] = {
		parse_crashkernel, parse_crashkernel_high,
		parse_crashkernel_low,
	};
	struct ck_cmp c = { .api = api, .cmdline = cmdline, .ram = ram };

	ck61_overflow = false;
	c.old = ck_call(fn61[api], cmdline, ram);
	c.overflow61 = ck61_overflow;
	ck_log_reset();
	c.new = ck_call(fn[api], cmdline, ram);
	c.messages = ck_log.all;
	ck_check(&c);
	*old = c.old;
}

/*
 * What 6.1's arm64 reserve_crashkernel() made of the 6.1 answers: the
 * plain value if there is one (,high and ,low not looked at); else
 * ,high (parsed with RAM 0) and ,low, where an invalid ,low dropped
 * everything.  Nothing (ret -EINVAL here) when it reserved nothing.
 */
static struct ck_answer ck_arm64_61(const char *cmdline, unsigned long long ram)
{
	struct ck_answer a = { .ret = -EINVAL }, plain, high, low;

	ck61_overflow = false;
	plain = ck_call(ck61_parse_crashkernel, cmdline, ram);
	if (plain.ret == -ENOENT) {
		high = ck_call(ck61_parse_crashkernel_high, cmdline, 0);
		if (high.ret || !high.size)
			return a;
		low = ck_call(ck61_parse_crashkernel_low, cmdline, 0);
		if (low.ret && low.ret != -ENOENT)
			return a;
		a.ret = 0;
		a.size = high.size;
		a.high = true;
		a.low_checked = !low.ret;
		a.low_size = low.ret ? 0 : low.size;
		return a;
	}
	if (plain.ret || !plain.size)
		return a;
	a.ret = 0;
	a.size = plain.size;
	a.base = plain.base;
	return a;
}

static void ck_compare_request(const char *cmdline, unsigned long long ram)
{
	struct ck_cmp c = { .api = API_REQUEST, .cmdline = cmdline, .ram = ram };
	struct crashkernel_request req;

	c.old = ck_arm64_61(cmdline, ram);
	c.overflow61 = ck61_overflow;
	ck_log_reset();
	memset(&req, 0x5a, sizeof(req));
	c.new.ret = parse_crashkernel_request(cmdline, ram, &req);
	c.new.size = req.size;
	c.new.base = req.base;
	c.new.high = req.high;
	c.new.low_given = req.low_given;
	c.new.low_refused = req.low_refused;
	c.new.low_size = req.low_size;
	c.messages = ck_log.all;
	ck_check(&c);
}

static void ck_diff_input(const char *cmdline, unsigned long long ram)
{
	struct ck_answer old;

	ck_compare_legacy(API_PLAIN, cmdline, ram, &old);
	ck_compare_legacy(API_HIGH, cmdline, ram, &old);
	ck_compare_legacy(API_LOW, cmdline, ram, &old);
	ck_compare_request(cmdline, ram);
}

void ck_check_input(const char *cmdline, unsigned long long ram)
{
	size_t i;

	ck_inputs++;
	if (ck_verbose) {
		printf("cmdline=");
		ck_print_escaped(stdout, cmdline);
		putchar('\n');
	}
	ck_diff_input(cmdline, ram);
	for (i = 0; i < sizeof(ck_rams) / sizeof(ck_rams[0]); i++)
		ck_diff_input(cmdline, ck_rams[i]);
}

static void ck_summary(void)
{
	size_t i;

	fprintf(stderr, "diff: %llu inputs, %llu calls compared, %llu where 6.1 gave a size, %llu where it gave none\n",
		ck_inputs, ck_calls, ck_sizes_checked, ck_refusals_checked);
	for (i = 0; ck_allowed_new[i].applies; i++)
		fprintf(stderr, "diff: allowed difference \"%s\": %llu\n",
			ck_allowed_new[i].name, ck_allowed_new[i].count);
	for (i = 0; i < sizeof(ck_allowed) / sizeof(ck_allowed[0]); i++)
		fprintf(stderr, "diff: allowed difference \"%s\": %llu\n",
			ck_allowed[i].name, ck_allowed[i].count);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static bool registered;

	if (!registered)
		atexit(ck_summary);
	registered = true;
	return 0;
}
