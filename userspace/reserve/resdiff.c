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
 * Cases: the named rows of rd_named[] (each with 6.1's outcome written
 * out), then seeded random layouts, one command line each: one of the
 * parser's fuzz corpus (userspace/parse/corpus/, 8 bytes of RAM size, which is not
 * used here, then the line) or one made for the layout (sizes and offsets
 * aimed at its edges).  Layout @index of seed @seed has its own generator
 * state, so that it can be rerun alone.
 *
 *   reserve-diff [-v] [--seed S] [--layouts N] [--only INDEX]
 *                [--named NAME] [--corpus DIR] [--print N]
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/crashkernel.h>
#include <linux/kexec.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../parse/base61.h"
#include "policy.h"
#include "resdiff.h"

#ifndef RD_CORPUS
#define RD_CORPUS	"userspace/parse/corpus"
#endif

#define PA48		(1ULL << 48)	/* arm64's PHYS_MASK + 1, 48-bit PA */
#define PA52		(1ULL << 52)
#define RD_ALIGN	MB(2)		/* arm64's CRASH_ALIGN */
#define RD_DEFAULT_LOW	MB(128)		/* arm64's CRASH_DEFAULT_LOW_SIZE */
#define RD_PAGE		KB(4)
#define BLOCK		1000
#define X(v)		((unsigned long long)(v))

/* What the glue and tools/testing/memblock's shims expect to exist */
char boot_command_line[2048];		/* arm64's COMMAND_LINE_SIZE */
struct resource crashk_res, crashk_low_res;
bool movable_node_enabled;

/* The lines one side printed (pr_*() of either side, of memblock.c) */
#define MAX_MSGS	12
struct rd_msgs {
	int n;
	int level[MAX_MSGS];
	char text[MAX_MSGS][256];
};

static struct rd_msgs *cur_msgs;

void ck_printk(int level, const char *fmt, ...)
{
	struct rd_msgs *m = cur_msgs;
	va_list ap;

	if (!m)
		return;
	if (m->n < MAX_MSGS) {
		m->level[m->n] = level;
		va_start(ap, fmt);
		vsnprintf(m->text[m->n], sizeof(m->text[0]), fmt, ap);
		va_end(ap);
	}
	m->n++;
}

/* What one side reserved */
struct rd_side {
	u64_t base, size;		/* main region; size 0: none */
	u64_t low_base, low_size;	/* low region; size 0: none */
	struct rd_msgs msgs;
};

/* One case: a layout, a command line, both outcomes */
struct rd_case {
	const struct layout *l;
	const char *cmdline;
	struct rd_side old, new;	/* 6.1, the series */
	bool overflow61;		/* a number 6.1 read did not fit in 64 bits */
	char rerun[160];		/* the command that reruns it alone */
	char why[1024];			/* the failures, one a line */
};

static bool said(const struct rd_side *s, const char *text)
{
	for (int i = 0; i < s->msgs.n && i < MAX_MSGS; i++)
		if (strstr(s->msgs.text[i], text))
			return true;
	return false;
}

/*
 * The allowed differences: where 6.1 reserved a main region and the
 * series does not reserve one of that size.  Keep this table short and
 * every entry explained; an entry is only here because a run met it.
 */
static bool rd_number_past_64_bits(const struct rd_case *c)
{
	return c->overflow61 && !c->new.size &&
	       said(&c->new, "does not fit in 64 bits");
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

/* The series read crashkernel=X (no ,high, no @offset), silently */
static bool rd_plain(const struct rd_case *c)
{
	struct rd_msgs *saved = cur_msgs;
	struct crashkernel_request req;
	int ret;

	cur_msgs = NULL;
	ret = parse_crashkernel_request(c->cmdline, memblock_phys_mem_size(),
					&req);
	cur_msgs = saved;
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

/* Entry @i of rd_allowed[] followed by rd_allowed_more[] */
static struct rd_allowed *rd_allowed_entry(int i)
{
	return i < (int)NR_ALLOWED ? &rd_allowed[i] :
	       &rd_allowed_more[i - NR_ALLOWED];
}

/* Totals over every case run */
static struct {
	unsigned long cases, reserved61, same, more, neither, failed;
	unsigned long low61, low61_kept, low_added, corpus;
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

static void fail(struct rd_case *c, const char *fmt, ...)
{
	size_t len = strlen(c->why);
	va_list ap;

	if (len >= sizeof(c->why) - 2)
		return;
	va_start(ap, fmt);
	vsnprintf(c->why + len, sizeof(c->why) - len - 1, fmt, ap);
	va_end(ap);
	strcat(c->why, "\n");
}

/* ---- the layout, independently of memblock ---- */

/* [base, base + size) is free RAM of @l (a block of 0 bytes is not) */
static bool block_free(const struct layout *l, u64_t base, u64_t size)
{
	return size && base + size > base &&
	       layout_block_free(l, NULL, 0, base, size);
}

static u64_t align_up(u64_t x, u64_t a)
{
	return (x + a - 1) / a * a;
}

/*
 * The largest 2M-aligned free block in [@a, @b) (memblock never returns
 * the first page, so nor does this).
 */
static u64_t largest_block(const struct layout *l, u64_t a, u64_t b)
{
	struct range f[LAYOUT_MAX_FREE];
	int n = layout_free(l, NULL, 0, f);
	u64_t best = 0;

	if (a < RD_PAGE)
		a = RD_PAGE;
	for (int i = 0; i < n; i++) {
		u64_t s = f[i].base > a ? f[i].base : a;
		u64_t e = f[i].base + f[i].size < b ? f[i].base + f[i].size : b;

		s = align_up(s, RD_ALIGN);
		if (e > s && e - s > best)
			best = e - s;
	}
	return best;
}

static u64_t ram_total(const struct layout *l)
{
	u64_t sum = 0;

	for (int i = 0; i < l->nmem; i++)
		sum += l->mem[i].size;
	return sum;
}

static void rd_print_layout(const struct layout *l)
{
	printf("  limits:   low %#llx high %#llx (System RAM %lluMB)\n",
	       X(l->low_limit), X(l->high_limit), X(ram_total(l) >> 20));
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
	cur_msgs = &s->msgs;
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
			fail(c, "harness: 6.1 inserted %d resource(s) for main %#llx low %#llx",
			     ck61_nr_inserted, X(s->size), X(s->low_size));
	}
	cur_msgs = NULL;
	grew = memblock.reserved.total_size - before;
	if (grew != s->size + s->low_size)
		fail(c, "%s: memblock.reserved grew by %#llx, the regions are %#llx + %#llx",
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
			fail(c, "series region misaligned: main [%#llx +%#llx]",
			     X(n->base), X(n->size));
		if (!block_free(l, n->base, n->size))
			fail(c, "series region not in free RAM: main [%#llx, %#llx)",
			     X(n->base), X(n->base + n->size));
		if (n->base + n->size > l->high_limit)
			fail(c, "series region above the high limit: main [%#llx, %#llx)",
			     X(n->base), X(n->base + n->size));
	}
	if (n->low_size) {
		if (!n->size)
			fail(c, "series low region without a main region");
		if (n->low_base % RD_ALIGN)
			fail(c, "series region misaligned: low [%#llx +%#llx]",
			     X(n->low_base), X(n->low_size));
		if (!block_free(l, n->low_base, n->low_size) ||
		    (n->low_base < n->base + n->size &&
		     n->base < n->low_base + n->low_size))
			fail(c, "series region not in free RAM: low [%#llx, %#llx)",
			     X(n->low_base), X(n->low_base + n->low_size));
		if (n->low_base + n->low_size > l->low_limit)
			fail(c, "series low region above the low limit: [%#llx, %#llx)",
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
	for (int i = 0; i < s->msgs.n && i < MAX_MSGS; i++)
		printf("    <%d> %s", s->msgs.level[i], s->msgs.text[i]);
	if (s->msgs.n > MAX_MSGS)
		printf("    (%d more lines)\n", s->msgs.n - MAX_MSGS);
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
static void print_case(const char *head, const struct rd_case *c)
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
static int rd_run_case(struct rd_case *c)
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
				fail(c, "6.1 reserved, the series nothing%s: 6.1 %lluMB",
				     said(n, "low memory") ?
				     " (a low region)" : "",
				     X(o->size >> 20));
			else if (allowed < 0)
				fail(c, "main size differs: 6.1 %#llx, the series %#llx",
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
			fail(c, "6.1 reserved nothing, the series %lluMB at %#llx",
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
static bool case_failed(const struct rd_case *c)
{
	if (!c->why[0])
		return false;
	st.failed++;
	count_class(c->why);
	return true;
}

/* ---- the named rows ---- */

#define R(start, end)	{ (start), (end) - (start) }

/*
 * QEMU virt -m 8G: RAM at 1G..9G, the kernel image near its start, the
 * device tree at its end; low limit 4G.
 */
#define QEMU8G .l = { \
	.nmem = 1, .mem = { R(GB(1), GB(9)) }, \
	.nres = 2, .res = { R(GB(1) + MB(2), GB(1) + MB(32)), \
			    R(GB(9) - MB(2), GB(9)) }, \
	.low_limit = GB(4), .high_limit = PA48, .align = RD_ALIGN }

/* The same with firmware holding all but 64M below the low limit */
#define QEMU8G_SCARCE .l = { \
	.nmem = 1, .mem = { R(GB(1), GB(9)) }, \
	.nres = 2, .res = { R(GB(1), GB(4) - MB(64)), \
			    R(GB(9) - MB(2), GB(9)) }, \
	.low_limit = GB(4), .high_limit = PA48, .align = RD_ALIGN }

static const struct rd_named {
	const char *name;
	struct layout l;
	const char *cmdline;
	u64_t size61;		/* the main region 6.1 reserves */
	int allowed;		/* the rd_allowed[] entry the difference meets */
} rd_named[] = {
	/*
	 * 6.1 searched all of [0, 2^48) for ,high: 6G top-down straddles
	 * 4G ([3G - 2M, 9G - 2M)), no low region.  Neither window of the
	 * series alone has 6G.
	 */
	{ "high-6G-straddles-low-limit", QEMU8G,
	  "console=ttyAMA0 crashkernel=6G,high root=/dev/vda", GB(6), -1 },
	/*
	 * 6.1 asked for no default low region: 1G high, nothing low.  The
	 * series' default 128M does not fit in the 64M free below 4G.
	 */
	{ "high-1G-scarce-low-memory", QEMU8G_SCARCE,
	  "console=ttyAMA0 crashkernel=1G,high root=/dev/vda", GB(1), -1 },
	/* 6.1 read no ,low next to size@offset: 256M at 5G, nothing low */
	{ "offset-5G-with-3G-low", QEMU8G,
	  "crashkernel=256M@5G crashkernel=3G,low", MB(256), -1 },
	/*
	 * The same straddling region with a ,low that does not fit below 4G
	 * next to it: 6.1 reserved no low region for a region that starts
	 * in low memory, so the series keeps the main region without it.
	 */
	{ "high-6G-straddles-with-3G-low", QEMU8G,
	  "crashkernel=6G,high crashkernel=3G,low", GB(6), -1 },
	/* 2^64 + 256M: 6.1 reserved 256M, the series refuses the number */
	{ "size-past-64-bits", QEMU8G, "crashkernel=17592186044672M",
	  MB(256), 0 },
};

#define NR_NAMED	ARRAY_SIZE(rd_named)

static int rd_verbose;
static int max_print = 5;
static const char *prog;

/* One named row: 6.1's outcome as written, then the rule */
static int rd_run_named(const struct rd_named *row)
{
	static struct rd_case c;
	int allowed;

	memset(&c, 0, sizeof(c));
	c.l = &row->l;
	c.cmdline = row->cmdline;
	snprintf(c.rerun, sizeof(c.rerun), "%s --named %s", prog, row->name);
	allowed = rd_run_case(&c);

	if (c.old.size != row->size61)
		fail(&c, "row: 6.1 reserved %#llx, the row says %#llx",
		     X(c.old.size), X(row->size61));
	if (allowed != row->allowed) {
		if (row->allowed >= 0)
			fail(&c, "row: the difference \"%s\" was not met",
			     rd_allowed_entry(row->allowed)->name);
		else
			fail(&c, "row: allowed as \"%s\", the row says no difference",
			     rd_allowed_entry(allowed)->name);
	}
	case_failed(&c);
	if (c.why[0] || rd_verbose) {
		char head[128];

		snprintf(head, sizeof(head), "%s %s", c.why[0] ? "FAIL" : "ok",
			 row->name);
		print_case(head, &c);
	} else {
		printf("ok %s\n", row->name);
	}
	return c.why[0] != 0;
}

/* ---- the random cases ---- */

/*
 * A layout as random.c makes them, with arm64's constants: 1-5 banks,
 * no-map holes, reserved ranges (sometimes most of low memory), the low
 * limit a DMA limit (1G/2G/3G/4G), the RAM start, inside RAM, the RAM end
 * (RAM above 4G) or the high limit (no DMA zones); align 2M, the high
 * limit PHYS_MASK + 1 of 48 or 52 bits.
 */
static void gen_layout(struct rng *g, struct layout *l)
{
	static const u64_t starts[] = { 0, MB(2), GB(1), GB(1), GB(2), GB(2),
					GB(32), GB(512) };
	u64_t gran = rng_chance(g, 70) ? MB(2) : KB(4);
	u64_t addr = rng_pick(g, starts, 8), lo, hi;

	l->align = RD_ALIGN;
	if (rng_chance(g, 15))
		addr = rng_below(g, GB(4) / MB(2)) * MB(2);
	l->nmem = 1 + rng_below(g, 5);
	for (int i = 0; i < l->nmem; i++) {
		if (i && rng_chance(g, 60))
			addr += rng_chance(g, 50) ? rng_logsize(g, MB(2), GB(8), gran) :
				GB(1) - addr % GB(1);
		l->mem[i].base = addr;
		l->mem[i].size = rng_logsize(g, MB(64), GB(16), gran);
		addr += l->mem[i].size;
	}
	lo = l->mem[0].base;
	hi = addr;

	l->nnomap = rng_below(g, 5);
	for (int i = 0; i < l->nnomap; i++) {
		const struct range *m = &l->mem[rng_below(g, l->nmem)];
		u64_t off = rng_below(g, m->size / KB(4)) * KB(4);
		u64_t size = rng_logsize(g, KB(4), MB(512), KB(4));

		if (size > m->size - off)
			size = m->size - off;
		l->nomap[i] = (struct range){ m->base + off, size };
	}

	/*
	 * The kernel image, always reserved (as arm64 memblock_reserve()s
	 * it before crashkernel=): a boot has no layout where all of System
	 * RAM is free.
	 */
	const struct range *k = &l->mem[rng_below(g, l->nmem)];
	u64_t kbase = k->base + rng_below(g, k->size / MB(2)) * MB(2);
	u64_t ksize = rng_logsize(g, MB(2), MB(64), MB(2));

	if (ksize > k->base + k->size - kbase)
		ksize = k->base + k->size - kbase;
	l->res[0] = (struct range){ kbase, ksize };
	l->nres = 1 + rng_below(g, 7);
	for (int i = 1; i < l->nres; i++) {
		u64_t base = lo + rng_below(g, (hi - lo) / KB(4)) * KB(4);

		if (rng_chance(g, 10))	/* scarce low memory: most of it taken */
			base = lo;
		l->res[i] = (struct range){ base,
			rng_chance(g, 20) ? GB(4) - base % GB(4) :
					rng_logsize(g, KB(4), GB(2), KB(4)) };
	}

	const u64_t lows[] = { GB(1), GB(2), GB(3), GB(4), GB(4), lo, hi,
		lo + rng_below(g, (hi - lo) / MB(2)) * MB(2),
		lo + rng_below(g, (hi - lo) / MB(2)) * MB(2) };
	l->high_limit = rng_chance(g, 90) ? PA48 : PA52;
	l->low_limit = rng_pick(g, lows, 9);
	/* A DMA limit is never 0 (6.1 would search all memory: end 0) */
	if (l->low_limit < MB(2))
		l->low_limit = GB(1);
	if (rng_chance(g, 20) || l->low_limit > l->high_limit)
		l->low_limit = l->high_limit;	/* no DMA zones */
}

/* A size as a user writes it: a suffix when it is whole, hex or decimal */
static int fmt_size(struct rng *g, char *buf, size_t len, u64_t v)
{
	static const char sfx[] = "KMGTPE";
	int unit = 0;

	/* past 64 bits: 2^64 more, which 6.1 wrapped back to @v */
	if (rng_chance(g, 2)) {
		if (v % GB(1) == 0)
			return snprintf(buf, len, "%lluG",
					X((v >> 30) + (1ULL << 34)));
		return snprintf(buf, len, "0x1%016llx", X(v));
	}
	while (unit < 6 && v && !(v & ((1ULL << (10 * (unit + 1))) - 1)))
		unit++;
	switch (rng_below(g, 4)) {
	case 0:
		return snprintf(buf, len, "%#llx", X(v));
	case 1:
		return snprintf(buf, len, "%llu", X(v));
	default:
		if (!unit)
			return snprintf(buf, len, "%llu", X(v));
		/* sometimes a smaller unit than the largest that fits */
		if (unit > 1 && rng_chance(g, 30))
			unit = 1 + rng_below(g, unit);
		return snprintf(buf, len, "%llu%c", X(v >> (10 * unit)),
				rng_chance(g, 10) ? sfx[unit - 1] | 0x20 :
						sfx[unit - 1]);
	}
}

/* @v, or 2M less or more (0 when @v is below 2M) */
static u64_t near(struct rng *g, u64_t v)
{
	switch (rng_below(g, 3)) {
	case 0:
		return v >= RD_ALIGN ? v - RD_ALIGN : 0;
	case 1:
		return v;
	default:
		return v + RD_ALIGN;
	}
}

/* Sizes aimed at the layout's edges */
static u64_t gen_size(struct rng *g, const struct layout *l)
{
	u64_t lim = l->low_limit, top = l->high_limit, total = ram_total(l);
	u64_t low = largest_block(l, 0, lim);
	u64_t high = lim < top ? largest_block(l, lim, top) : 0;
	u64_t any = largest_block(l, 0, top);
	u64_t big = low > high ? low : high, v;
	static const u64_t usual[] = { MB(64), MB(128), MB(256), MB(320),
		MB(512), GB(1), GB(2), GB(4), GB(6), GB(8) };

	switch (rng_below(g, 10)) {
	case 0:		/* what fits below the low limit, and just not */
		v = near(g, low);
		break;
	case 1:		/* what fits above it */
		v = near(g, high);
		break;
	case 2:		/* what fits anywhere (straddling the low limit) */
		v = near(g, any);
		break;
	case 3:		/* bigger than either window, smaller than RAM */
		v = big + RD_ALIGN + (total > big + RD_ALIGN ?
			rng_below(g, (total - big - RD_ALIGN) / RD_PAGE) * RD_PAGE : 0);
		break;
	case 4:		/* at System RAM */
		v = total - RD_PAGE + rng_below(g, 3) * RD_PAGE;
		break;
	case 5:		/* a bank, hole or reserved range */
		v = rng_chance(g, 50) ? l->mem[rng_below(g, l->nmem)].size :
		    l->nres ? l->res[rng_below(g, l->nres)].size : MB(128);
		break;
	case 6:
	case 7:
		v = rng_pick(g, usual, 10);
		break;
	default:
		v = rng_logsize(g, MB(1), rng_chance(g, 20) ? GB(32) : GB(4), KB(4));
		break;
	}
	if (!v || v > (1ULL << 62))
		v = MB(64);
	if (rng_chance(g, 5))	/* not whole pages */
		v += 1 + rng_below(g, RD_PAGE - 1);
	return v;
}

/* Offsets aimed at the layout: free, reserved, no-map, beyond, unaligned */
static u64_t gen_offset(struct rng *g, const struct layout *l, u64_t size)
{
	const struct range *m = &l->mem[rng_below(g, l->nmem)];
	u64_t hi = l->mem[l->nmem - 1].base + l->mem[l->nmem - 1].size;
	u64_t off = m->base + rng_below(g, m->size / RD_ALIGN) * RD_ALIGN;
	struct range f[LAYOUT_MAX_FREE];
	int n;

	switch (rng_below(g, 10)) {
	case 0:		/* on a reserved or no-map range */
		if (l->nres)
			off = l->res[rng_below(g, l->nres)].base;
		else if (l->nnomap)
			off = l->nomap[rng_below(g, l->nnomap)].base;
		break;
	case 1:		/* beyond RAM */
		off = hi + rng_below(g, 4) * GB(1);
		break;
	case 2:		/* anywhere */
		off = rng_below(g, hi + GB(2));
		break;
	case 3:		/* at the end of a bank */
		if (m->size > size)
			off = m->base + m->size - size;
		break;
	case 4:		/* across the low limit */
		if (l->low_limit > size)
			off = l->low_limit - size / 2;
		break;
	case 5:		/* above the low limit */
		off = l->low_limit + rng_below(g, 8) * GB(1);
		break;
	default:	/* at the start of a free range */
		n = layout_free(l, NULL, 0, f);
		if (n)
			off = f[rng_below(g, n)].base;
		break;
	}
	if (rng_chance(g, 85))
		off = align_up(off, RD_ALIGN);
	else if (rng_chance(g, 50))
		off += RD_PAGE;
	return off;
}

/* One crashkernel= value: size[@offset], size,high, or a ranges list */
static int gen_value(struct rng *g, const struct layout *l, char *buf,
		     size_t len)
{
	u64_t total = ram_total(l), size = gen_size(g, l);
	int n = 0;

	switch (rng_below(g, 20)) {
	case 0 ... 5:		/* size */
		n = fmt_size(g, buf, len, size);
		break;
	case 6 ... 11:		/* size,high */
		n = fmt_size(g, buf, len, size);
		n += snprintf(buf + n, len - n, ",high");
		break;
	case 12 ... 15:		/* size@offset */
		n = fmt_size(g, buf, len, size);
		n += snprintf(buf + n, len - n, "@");
		n += fmt_size(g, buf + n, len - n, gen_offset(g, l, size));
		break;
	case 16:		/* size@0 */
		n = fmt_size(g, buf, len, size);
		n += snprintf(buf + n, len - n, "@0");
		break;
	default: {		/* ranges around System RAM */
		u64_t edge = total - total % MB(1), s2 = gen_size(g, l);

		switch (rng_below(g, 4)) {
		case 0:
			edge += MB(1);
			break;
		case 1:
			edge = align_up(total, MB(128));
			break;
		case 2:
			edge = edge > MB(128) ? edge - MB(128) : edge;
			break;
		}
		n = snprintf(buf, len, "%s-", rng_chance(g, 50) ? "0" : "1G");
		n += fmt_size(g, buf + n, len - n, edge);
		n += snprintf(buf + n, len - n, ":");
		n += fmt_size(g, buf + n, len - n, size);
		n += snprintf(buf + n, len - n, ",");
		n += fmt_size(g, buf + n, len - n, edge);
		n += snprintf(buf + n, len - n, "-:");
		n += fmt_size(g, buf + n, len - n, s2);
		if (rng_chance(g, 20)) {
			n += snprintf(buf + n, len - n, "@");
			n += fmt_size(g, buf + n, len - n,
				      gen_offset(g, l, size));
		}
		break;
	}
	}
	return n;
}

/* A crashkernel=Y,low: sizes aimed at low memory, 0, or invalid */
static int gen_low(struct rng *g, const struct layout *l, char *buf,
		   size_t len)
{
	static const char *const bad[] = { "abc", "", "-1", "17E", "1G@2G",
					   "0x", "128Mfoo" };
	u64_t low = largest_block(l, 0, l->low_limit), v;
	int n;

	switch (rng_below(g, 8)) {
	case 0:
		return snprintf(buf, len, "0,low");
	case 1:
		return snprintf(buf, len, "%s,low", bad[rng_below(g, 7)]);
	case 2:		/* what fits below the low limit, and just not */
		v = near(g, low);
		break;
	case 3:
		v = RD_DEFAULT_LOW;
		break;
	default:
		v = rng_logsize(g, MB(1), GB(4), KB(4));
		break;
	}
	if (!v)
		v = MB(64);
	n = fmt_size(g, buf, len, v);
	return n + snprintf(buf + n, len - n, ",low");
}

/*
 * A command line for @l: one crashkernel= value, sometimes two, maybe a
 * crashkernel=Y,low before or after, inside other parameters.
 */
static void gen_cmdline(struct rng *g, const struct layout *l, char *buf,
			size_t len)
{
	char v[3][160];
	int nv = 1, n = 0;

	gen_value(g, l, v[0], sizeof(v[0]));
	if (rng_chance(g, 10))
		gen_value(g, l, v[nv++], sizeof(v[0]));
	if (rng_chance(g, 40))
		gen_low(g, l, v[nv++], sizeof(v[0]));
	if (rng_chance(g, 30))
		n += snprintf(buf + n, len - n, "console=ttyAMA0 ");
	if (nv > 1 && rng_chance(g, 30)) {	/* the last one first */
		char t[160];

		memcpy(t, v[nv - 1], sizeof(t));
		memcpy(v[nv - 1], v[0], sizeof(t));
		memcpy(v[0], t, sizeof(t));
	}
	for (int i = 0; i < nv; i++)
		n += snprintf(buf + n, len - n, "%scrashkernel=%s", i ? " " : "",
			      v[i]);
	if (rng_chance(g, 30))
		snprintf(buf + n, len - n, " root=/dev/vda");
}

/* The parser's fuzz corpus: the command line of each file */
static char **corpus;
static int ncorpus;

static void load_corpus(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);

	if (n < 0) {
		perror(dir);
		exit(2);
	}
	corpus = calloc(n, sizeof(*corpus));
	for (int i = 0; i < n; i++) {
		char path[4096], buf[2048] = "";
		FILE *f;
		size_t got;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		f = names[i]->d_name[0] == '.' ? NULL : fopen(path, "rb");
		if (!f) {
			free(names[i]);
			continue;
		}
		/* 8 bytes of RAM size (not used: the layout has its own) */
		if (fseek(f, 8, SEEK_SET) == 0) {
			got = fread(buf, 1, sizeof(buf) - 1, f);
			buf[got] = 0;
		}
		fclose(f);
		corpus[ncorpus++] = strdup(buf);	/* up to the first NUL */
		free(names[i]);
	}
	free(names);
}

/* Layout @index of seed @seed and its command line */
static void random_case(u64_t seed, u64_t index, struct layout *l, char *buf,
			size_t len, bool *from_corpus)
{
	struct rng g = { seed * 0x9e3779b97f4a7c15ULL ^ index };

	*l = (struct layout){ 0 };
	for (int i = 0; i < 4; i++)
		rng_next(&g);
	gen_layout(&g, l);
	*from_corpus = ncorpus && rng_chance(&g, 25);
	if (*from_corpus)
		snprintf(buf, len, "%s", corpus[rng_below(&g, ncorpus)]);
	else
		gen_cmdline(&g, l, buf, len);
}

/*
 * Run random case @index of @seed; print it in full when @print or when
 * it fails and @printed is below --print.  Returns true when it failed.
 */
static bool rd_run_random(u64_t seed, u64_t index, bool print, int *printed)
{
	static struct rd_case c;
	static char cmdline[sizeof(boot_command_line)];
	struct layout l;
	bool from_corpus;

	random_case(seed, index, &l, cmdline, sizeof(cmdline), &from_corpus);
	memset(&c, 0, sizeof(c));
	c.l = &l;
	c.cmdline = cmdline;
	snprintf(c.rerun, sizeof(c.rerun), "%s --seed %llu --only %llu", prog,
		 X(seed), X(index));
	st.corpus += from_corpus;
	rd_run_case(&c);
	case_failed(&c);
	if (print || (c.why[0] && *printed < max_print)) {
		char head[96];

		snprintf(head, sizeof(head), "%s random seed %llu layout %llu%s",
			 c.why[0] ? "FAIL" : "ok", X(seed), X(index),
			 from_corpus ? " (corpus line)" : "");
		print_case(head, &c);
	}
	*printed += !!c.why[0];
	return c.why[0] != 0;
}

static void summary(void)
{
	printf("resdiff: %lu cases (%lu command lines from the corpus): 6.1 reserved %lu, series same size %lu, series reserved more %lu (6.1 nothing), neither %lu, failed %lu\n",
	       st.cases, st.corpus, st.reserved61, st.same, st.more,
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

int main(int argc, char **argv)
{
	u64_t seed = 1, layouts = 100000, only = 0;
	const char *named = NULL, *dir = RD_CORPUS;
	bool one = false;
	int passed = 0, failed = 0, printed = 0;

	prog = argv[0];
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(arg, "-v")) {
			rd_verbose = 1;
			continue;
		}
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help") || !val) {
			bool help = arg[1] == 'h' || !strcmp(arg, "--help");

			fprintf(help ? stdout : stderr,
				"usage: %s [-v] [--seed S] [--layouts N] [--only INDEX] [--named NAME] [--corpus DIR] [--print N]\n",
				prog);
			return help ? 0 : 2;
		}
		i++;
		if (!strcmp(arg, "--seed")) {
			seed = strtoull(val, NULL, 0);
		} else if (!strcmp(arg, "--layouts")) {
			layouts = strtoull(val, NULL, 0);
		} else if (!strcmp(arg, "--only")) {
			only = strtoull(val, NULL, 0);
			one = true;
		} else if (!strcmp(arg, "--named")) {
			named = val;
		} else if (!strcmp(arg, "--corpus")) {
			dir = val;
		} else if (!strcmp(arg, "--print")) {
			max_print = atoi(val);
		} else {
			fprintf(stderr, "%s: unknown option %s\n", prog, arg);
			return 2;
		}
	}
	load_corpus(dir);

	if (named) {
		for (size_t i = 0; i < NR_NAMED; i++)
			if (!strcmp(rd_named[i].name, named)) {
				rd_verbose = 1;
				return rd_run_named(&rd_named[i]);
			}
		fprintf(stderr, "no named row %s\n", named);
		return 2;
	}
	if (one)
		return rd_run_random(seed, only, true, &printed);

	for (size_t i = 0; i < NR_NAMED; i++) {
		int bad = rd_run_named(&rd_named[i]);

		passed += !bad;
		failed += bad;
	}

	printf("random: seed %llu, %llu layouts, %d corpus lines\n", X(seed),
	       X(layouts), ncorpus);
	for (u64_t b = 0; b < layouts; b += BLOCK) {
		u64_t end = b + BLOCK < layouts ? b + BLOCK : layouts;
		int bad = 0;

		for (u64_t i = b; i < end; i++)
			bad += rd_run_random(seed, i, rd_verbose, &printed);
		printf("%s random-seed%llu-%llu-%llu", bad ? "FAIL" : "ok",
		       X(seed), X(b), X(end - 1));
		if (bad)
			printf(" (%d of %llu cases failed)", bad, X(end - b));
		printf("\n");
		passed += !bad;
		failed += !!bad;
	}
	summary();
	printf("resdiff: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
