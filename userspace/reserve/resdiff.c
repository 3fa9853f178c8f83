// SPDX-License-Identifier: GPL-2.0
/*
 * reserve-diff: the differential test of the reservation itself.  6.1's
 * own arm64 reserve_crashkernel() (reserve61.c: the base tree's text,
 * unchanged, on 6.1's own parser) and the series'
 * reserve_crashkernel_memblock() (kernel/crash_memblock.c on the series'
 * parser) each run on the same layout, loaded into the same real
 * mm/memblock.c before each side, from the same boot_command_line.
 *
 * The rule, the project's promise to a stable kernel's users:
 *  - wherever 6.1 reserved a main region, the series reserves a main
 *    region of the same size (a low region 6.1 did not ask for may come
 *    with it, and the main region may lie elsewhere, but the series never
 *    loses it, whatever a low region does);
 *  - whatever the series reserves lies in free RAM (memblock.memory, not
 *    no-map, not reserved before), aligned to 2M, below the high limit;
 *    a low region below the low limit and apart from the main region;
 *  - where 6.1 reserved nothing, the series reserves nothing either,
 *    except where an entry of rd_allowed_more[] says why (the fallback
 *    to high memory that 6.1 lacked is the first).
 * Differences are allowed only by the tables rd_allowed[] and
 * rd_allowed_more[] below, each entry a predicate and the reason;
 * anything else fails, with the layout, the
 * command line, both outcomes, both sides' lines and the command that
 * reruns the case alone.
 *
 * This file runs one case and checks it; the cases are the named rows
 * (resdiff_named.c) and the random ones (resdiff_random.c), run by
 * resdiff_main.c.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/crashkernel.h>
#include <linux/kexec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../parse/base61.h"
#include "kernel_globals.h"
#include "reserve61.h"
#include "resdiff.h"

/*
 * The allowed differences: where 6.1 reserved a main region and the
 * series does not reserve one of that size.  Keep this table short and
 * every entry explained; an entry is only here because a run met it.
 */
static bool rd_number_past_64_bits(const struct rd_case *c)
{
	return c->overflow61 && !c->new.size &&
	       ck_said(&c->new.msgs, "does not fit in 64 bits");
}

static struct rd_allowed {
	const char *name;
	bool (*applies)(const struct rd_case *c);
	unsigned long count;
} rd_allowed[] = {
	/*
	 * A number that does not fit in 64 bits, anywhere in the value 6.1
	 * read: 6.1's memparse() kept it modulo 2^64 without a word, so
	 * "17592186044672M" (2^64 + 256M) reserved 256M.  The size the user
	 * wrote exists on no machine, and the one 6.1 reserved is not one
	 * anybody asked for; the series refuses the value ("... does not fit
	 * in 64 bits") and reserves nothing.  userspace/parse/diff.c allows the same
	 * difference of the parser.
	 */
	{ "number past 64 bits (6.1 wrapped it)", rd_number_past_64_bits },
};

#define NR_ALLOWED	ARRAY_SIZE(rd_allowed)

/*
 * The series read crashkernel=X (no ,high, no @offset); silently, as the
 * sides have run (nothing is captured).
 */
static bool rd_plain(const struct rd_case *c)
{
	struct crashkernel_request req;
	int ret;

	ret = parse_crashkernel_request(c->cmdline, memblock_phys_mem_size(),
					&req);
	return !ret && !req.high && !req.fixed_base;
}

static bool rd_fell_back_high(const struct rd_case *c)
{
	return rd_plain(c) && c->new.base >= c->l->low_limit;
}

/*
 * The allowed differences the other way: where 6.1 reserved nothing and
 * the series reserves a main region.  Same rules as rd_allowed[].
 */
static struct rd_allowed rd_allowed_more[] = {
	/*
	 * crashkernel=X with no room below the low limit: 6.1's arm64 code
	 * searched low memory only and failed; the kernel document (and
	 * upstream since 6.2) falls back to high memory, with a low region.
	 * This is what the series is for (Ampere Altra).
	 */
	{ "plain size fell back to high memory (6.1 had no fallback)",
	  rd_fell_back_high },
};

#define NR_ALLOWED_MORE	ARRAY_SIZE(rd_allowed_more)

/* The name of entry @i of rd_allowed[] followed by rd_allowed_more[] */
const char *rd_allowed_name(int i)
{
	return i < (int)NR_ALLOWED ? rd_allowed[i].name :
	       rd_allowed_more[i - NR_ALLOWED].name;
}

/* Totals over every case run */
static struct {
	unsigned long cases, reserved61, same, more, neither, failed;
	unsigned long low61, low61_kept, low_added;
	char low61_other[160];	/* a case where the series' low region differs */
} st;

/* The failure classes met (the first failure of each case) */
#define MAX_CLASSES	32
static struct {
	char name[96];
	unsigned long count;
} classes[MAX_CLASSES];

static void count_class(const char *why)
{
	size_t len = strcspn(why, ":\n");
	int i;

	for (i = 0; i < MAX_CLASSES && classes[i].count; i++)
		if (strlen(classes[i].name) == len &&
		    !strncmp(classes[i].name, why, len))
			break;
	if (i == MAX_CLASSES)
		return;
	if (!classes[i].count)
		snprintf(classes[i].name, sizeof(classes[i].name), "%.*s",
			 (int)len, why);
	classes[i].count++;
}

static void rd_print_layout(const struct layout *l)
{
	printf("  limits:   low %#llx high %#llx (System RAM %lluMB)\n",
	       X(l->low_limit), X(l->high_limit), X(layout_ram_total(l) >> 20));
	layout_print_ranges(l);
}

/* ---- the two sides on memblock ---- */

static void read_res(const struct resource *r, u64_t *base, u64_t *size)
{
	*base = r->end ? r->start : 0;
	*size = r->end ? r->end - r->start + 1 : 0;
}

/*
 * Run one side from a fresh memblock; check that memblock.reserved grew by
 * exactly what it reports (@name: "6.1" or "series").
 */
static void run_side(struct rd_case *c, bool series)
{
	struct rd_side *s = series ? &c->new : &c->old;
	const struct crash_reserve_limits lim = {
		.low_limit = c->l->low_limit,
		.high_limit = c->l->high_limit,
		.align = RD_ALIGN,
		.default_low_size = RD_DEFAULT_LOW,
	};
	u64_t before, grew;

	layout_load(c->l);
	before = memblock.reserved.total_size;
	snprintf(boot_command_line, sizeof(boot_command_line), "%s",
		 c->cmdline);
	memset(s, 0, sizeof(*s));
	ck_capture(&s->msgs);
	if (series) {
		memset(&crashk_res, 0, sizeof(crashk_res));
		memset(&crashk_low_res, 0, sizeof(crashk_low_res));
		reserve_crashkernel_memblock(&lim);
		read_res(&crashk_res, &s->base, &s->size);
		read_res(&crashk_low_res, &s->low_base, &s->low_size);
	} else {
		ck61_reserve_crashkernel(c->l->low_limit, c->l->high_limit);
		c->overflow61 = ck61_overflow;
		read_res(&ck61_crashk_res, &s->base, &s->size);
		read_res(&ck61_crashk_low_res, &s->low_base, &s->low_size);
		/*
		 * 6.1 inserts what it keeps, its low region only with a main
		 * one.  A size within a page of 2^64 is 0 after its
		 * PAGE_ALIGN(): memblock gives 0 bytes, and 6.1 inserts
		 * [base, base - 1], an empty resource (nothing reserved).
		 */
		if (ck61_nr_inserted != !!ck61_crashk_res.end +
					!!ck61_crashk_low_res.end ||
		    (s->low_size && !s->size))
			rd_fail(c, "harness: 6.1 inserted %d resource(s) for main %#llx low %#llx",
			     ck61_nr_inserted, X(s->size), X(s->low_size));
	}
	ck_capture(NULL);
	grew = memblock.reserved.total_size - before;
	if (grew != s->size + s->low_size)
		rd_fail(c, "%s: memblock.reserved grew by %#llx, the regions are %#llx + %#llx",
		     series ? "series" : "harness: 6.1", X(grew), X(s->size),
		     X(s->low_size));
}

/* Where the series put its regions: free RAM, aligned, inside the limits */
static void check_placement(struct rd_case *c)
{
	const struct layout *l = c->l;
	const struct rd_side *n = &c->new;

	if (n->size) {
		if (n->base % RD_ALIGN || n->size % RD_PAGE)
			rd_fail(c, "series region misaligned: main [%#llx +%#llx]",
			     X(n->base), X(n->size));
		if (!layout_in_free_ram(l, n->base, n->size))
			rd_fail(c, "series region not in free RAM: main [%#llx, %#llx)",
			     X(n->base), X(n->base + n->size));
		if (n->base + n->size > l->high_limit)
			rd_fail(c, "series region above the high limit: main [%#llx, %#llx)",
			     X(n->base), X(n->base + n->size));
	}
	if (n->low_size) {
		if (!n->size)
			rd_fail(c, "series low region without a main region");
		if (n->low_base % RD_ALIGN)
			rd_fail(c, "series region misaligned: low [%#llx +%#llx]",
			     X(n->low_base), X(n->low_size));
		if (!layout_in_free_ram(l, n->low_base, n->low_size) ||
		    (n->low_base < n->base + n->size &&
		     n->base < n->low_base + n->low_size))
			rd_fail(c, "series region not in free RAM: low [%#llx, %#llx)",
			     X(n->low_base), X(n->low_base + n->low_size));
		if (n->low_base + n->low_size > l->low_limit)
			rd_fail(c, "series low region above the low limit: [%#llx, %#llx)",
			     X(n->low_base), X(n->low_base + n->low_size));
	}
}

static void print_side(const char *who, const struct rd_side *s)
{
	if (s->size)
		printf("  %-7s main [%#llx, %#llx) %lluMB", who, X(s->base),
		       X(s->base + s->size), X(s->size >> 20));
	else
		printf("  %-7s nothing", who);
	if (s->low_size)
		printf(", low [%#llx, %#llx) %lluMB", X(s->low_base),
		       X(s->low_base + s->low_size), X(s->low_size >> 20));
	printf("\n");
	ck_print_lines(&s->msgs, "    ");
}

static void print_cmdline(const char *s)
{
	printf("  cmdline:  ");
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch < 0x20 || ch >= 0x7f || ch == '\\')
			printf("\\x%02x", ch);
		else
			putchar(ch);
	}
	printf("\n");
}

/* Print one case in full */
void rd_print_case(const char *head, const struct rd_case *c)
{
	printf("%s\n%s", head, c->why);
	print_cmdline(c->cmdline);
	rd_print_layout(c->l);
	print_side("6.1:", &c->old);
	print_side("series:", &c->new);
	if (c->overflow61)
		printf("  6.1 read a number past 64 bits\n");
	printf("  rerun:    %s\n", c->rerun);
}

/*
 * Run both sides of one case and check the rule; the failures are in
 * c->why.  Returns the index of the allowed difference met, -1 for none.
 */
int rd_run_case(struct rd_case *c)
{
	const struct rd_side *o = &c->old, *n = &c->new;
	int allowed = -1;

	c->why[0] = 0;
	run_side(c, false);
	run_side(c, true);
	check_placement(c);

	st.cases++;
	if (o->size) {
		st.reserved61++;
		if (n->size == o->size) {
			st.same++;
		} else {
			for (size_t i = 0; i < NR_ALLOWED; i++)
				if (rd_allowed[i].applies(c)) {
					rd_allowed[i].count++;
					allowed = i;
					break;
				}
			if (allowed < 0 && !n->size)
				rd_fail(c, "6.1 reserved, the series nothing%s: 6.1 %lluMB",
				     ck_said(&n->msgs, "low memory") ?
				     " (a low region)" : "",
				     X(o->size >> 20));
			else if (allowed < 0)
				rd_fail(c, "main size differs: 6.1 %#llx, the series %#llx",
				     X(o->size), X(n->size));
		}
	} else if (n->size) {
		st.more++;
		for (size_t i = 0; i < NR_ALLOWED_MORE && allowed < 0; i++)
			if (rd_allowed_more[i].applies(c)) {
				rd_allowed_more[i].count++;
				allowed = NR_ALLOWED + i;
			}
		if (allowed < 0)
			rd_fail(c, "6.1 reserved nothing, the series %lluMB at %#llx",
			     X(n->size >> 20), X(n->base));
	} else {
		st.neither++;
	}
	if (o->low_size && n->size) {
		st.low61++;
		if (n->low_size == PAGE_ALIGN(o->low_size))
			st.low61_kept++;
		else if (!st.low61_other[0])
			snprintf(st.low61_other, sizeof(st.low61_other), "%s",
				 c->rerun);
	} else if (!o->low_size && n->low_size) {
		st.low_added++;
	}
	return allowed;
}

/* Count the case's failures, once all checks are done; true if any */
bool rd_case_failed(const struct rd_case *c)
{
	if (!c->why[0])
		return false;
	st.failed++;
	count_class(c->why);
	return true;
}

/* The totals over every case run; @corpus command lines from the corpus */
void rd_summary(unsigned long corpus)
{
	printf("resdiff: %lu cases (%lu command lines from the corpus): 6.1 reserved %lu, series same size %lu, series reserved more %lu (6.1 nothing), neither %lu, failed %lu\n",
	       st.cases, corpus, st.reserved61, st.same, st.more,
	       st.neither, st.failed);
	printf("resdiff: low regions: 6.1 %lu where the series has a main region (the series too, the same size: %lu), series added %lu\n",
	       st.low61, st.low61_kept, st.low_added);
	if (st.low61_other[0])
		printf("resdiff: a low region of 6.1 the series has not with that size: %s\n",
		       st.low61_other);
	for (size_t i = 0; i < NR_ALLOWED; i++)
		printf("resdiff: allowed difference \"%s\": %lu\n",
		       rd_allowed[i].name, rd_allowed[i].count);
	for (size_t i = 0; i < NR_ALLOWED_MORE; i++)
		printf("resdiff: allowed difference (6.1 nothing) \"%s\": %lu\n",
		       rd_allowed_more[i].name, rd_allowed_more[i].count);
	for (int i = 0; i < MAX_CLASSES && classes[i].count; i++)
		printf("resdiff: failure \"%s\": %lu\n", classes[i].name,
		       classes[i].count);
}
