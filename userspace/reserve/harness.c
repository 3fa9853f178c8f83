// SPDX-License-Identifier: GPL-2.0
/*
 * Runs one crashkernel= request on one layout through the real code on the
 * real memblock, twice:
 *
 *  1. crash_reserve_make_plan() + crash_reserve_run() with ops that call
 *     memblock_phys_alloc_range() and memblock_phys_free(), the calls the
 *     kernel glue makes;
 *  2. reserve_crashkernel_memblock() itself, with the request written as a
 *     crashkernel= command line in boot_command_line (when the parser
 *     accepts it: sizes below System RAM).
 *
 * and checks both against the reference (ref.c): see check_outcome().
 */
#include <linux/memblock.h>
#include <linux/crashkernel.h>
#include <linux/kexec.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "kernel_globals.h"
#include "policy.h"
#include "printk_capture.h"

int verbose;
int quiet;
struct stats stats;

/* pr_*() of memblock.c, crash_memblock.c and crash_parse.c */
static struct ck_lines msgs;

/* INIT_MEMBLOCK_REGIONS of mm/memblock.c: the layouts never need more. */
#define MB_REGIONS	128

struct snap {
	unsigned long cnt;
	phys_addr_t total;
	struct memblock_region r[MB_REGIONS];
};

static void snap_reserved(struct snap *s)
{
	memset(s, 0, sizeof(*s));
	if (memblock.reserved.cnt > MB_REGIONS) {
		fprintf(stderr, "memblock.reserved grew past %d regions\n",
			MB_REGIONS);
		abort();
	}
	s->cnt = memblock.reserved.cnt;
	s->total = memblock.reserved.total_size;
	memcpy(s->r, memblock.reserved.regions, s->cnt * sizeof(s->r[0]));
}

static bool snap_equal(const struct snap *a, const struct snap *b)
{
	return a->cnt == b->cnt && a->total == b->total &&
	       !memcmp(a->r, b->r, a->cnt * sizeof(a->r[0]));
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/* Sorted, overlapping and touching ranges merged; empty ones dropped. */
static int normalize(struct range *r, int n)
{
	int out = 0;

	qsort(r, n, sizeof(*r), cmp_range);
	for (int i = 0; i < n; i++) {
		if (!r[i].size)
			continue;
		if (out && r[i].base <= r[out - 1].base + r[out - 1].size) {
			u64_t end = r[i].base + r[i].size;

			if (end > r[out - 1].base + r[out - 1].size)
				r[out - 1].size = end - r[out - 1].base;
		} else {
			r[out++] = r[i];
		}
	}
	return out;
}

/* The allocator of the plan: memblock, as reserve_crashkernel_memblock(). */
struct ops_state {
	const struct layout *l;
	int calls;
	int bad_window;		/* an empty window or one past the high limit */
};

static phys_addr_t mb_alloc(phys_addr_t size, phys_addr_t align,
			    phys_addr_t start, phys_addr_t end, void *data)
{
	struct ops_state *st = data;

	st->calls++;
	if (start >= end || end > st->l->high_limit)
		st->bad_window++;
	return memblock_phys_alloc_range(size, align, start, end);
}

static void mb_free(phys_addr_t base, phys_addr_t size, void *data)
{
	memblock_phys_free(base, size);
}

/* Failure report: collected, printed with the layout at the end. */
static char why[2048];
static int nwhy;

__attribute__((format(printf, 1, 2)))
static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ck_why_vadd(why, sizeof(why), fmt, ap);
	va_end(ap);
	nwhy++;
}

/* After a failure: nothing reported, memblock.reserved as before */
static void check_failure(const char *path, const struct outcome *o,
			  const struct snap *before, const struct snap *after)
{
	if (o->size || o->low_size)
		fail("%s: failed with %d but reports a region", path, o->err);
	if (!snap_equal(before, after))
		fail("%s: failed with %d and memblock.reserved changed", path,
		     o->err);
}

/* The main region: size, alignment, free RAM, the window of @e */
static void check_main(const char *path, const struct layout *l,
		       const struct request *r, const struct expect *e,
		       const struct outcome *o)
{
	u64_t L = l->low_limit, H = l->high_limit;

	if (o->size != e->size)
		fail("%s: main size %#llx, expected %#llx", path, X(o->size),
		     X(e->size));
	if (o->base % l->align)
		fail("%s: main base %#llx not aligned to %#llx", path,
		     X(o->base), X(l->align));
	if (!layout_block_free(l, NULL, 0, o->base, o->size))
		fail("%s: main [%#llx, %#llx) is not free RAM", path,
		     X(o->base), X(o->base + o->size));
	switch (e->where) {
	case W_LOW:
		if (o->base + o->size > L)
			fail("%s: main [%#llx, %#llx) not in low memory (below %#llx)",
			     path, X(o->base), X(o->base + o->size), X(L));
		break;
	case W_HIGH:
		if (o->base < L || o->base + o->size > H)
			fail("%s: main [%#llx, %#llx) not in high memory [%#llx, %#llx)",
			     path, X(o->base), X(o->base + o->size), X(L), X(H));
		break;
	case W_ANY:
		if (o->base + o->size > H)
			fail("%s: main [%#llx, %#llx) above the high limit %#llx",
			     path, X(o->base), X(o->base + o->size), X(H));
		break;
	case W_AT:
		if (o->base != r->offset)
			fail("%s: main at %#llx, asked at %#llx", path,
			     X(o->base), X(r->offset));
		break;
	case W_SPAN:
		if (o->base != e->span_base)
			fail("%s: main at %#llx, a top-down search of [0, %#llx) gives %#llx",
			     path, X(o->base), X(H), X(e->span_base));
		break;
	case W_NONE:
		fail("%s: reference expects nothing, got success", path);
		break;
	}
}

/* The low region: there as @e says, aligned free RAM below the low limit */
static void check_low(const char *path, const struct layout *l,
		      const struct expect *e, const struct outcome *o)
{
	struct range main = { o->base, o->size };

	if (o->low_missing != e->low_missing)
		fail("%s: low region missing %#llx, expected %#llx", path,
		     X(o->low_missing), X(e->low_missing));
	if (o->low_size != e->low_size) {
		fail("%s: low region size %#llx, expected %#llx", path,
		     X(o->low_size), X(e->low_size));
		return;
	}
	if (!o->low_size)
		return;
	if (o->low_base % l->align)
		fail("%s: low base %#llx not aligned", path, X(o->low_base));
	if (o->low_base + o->low_size > l->low_limit)
		fail("%s: low region [%#llx, %#llx) not below the low limit %#llx",
		     path, X(o->low_base), X(o->low_base + o->low_size),
		     X(l->low_limit));
	if (!layout_block_free(l, &main, 1, o->low_base, o->low_size))
		fail("%s: low region [%#llx, %#llx) not free RAM or overlaps the main region",
		     path, X(o->low_base), X(o->low_base + o->low_size));
}

/* memblock.reserved @after is exactly @before plus the region(s) of @o */
static void check_reserved(const char *path, const struct outcome *o,
			   const struct snap *before, const struct snap *after)
{
	struct range want[MB_REGIONS + 2], got[MB_REGIONS];
	int nw = 0, ng = 0;

	for (unsigned long i = 0; i < before->cnt; i++)
		want[nw++] = (struct range){ before->r[i].base, before->r[i].size };
	want[nw++] = (struct range){ o->base, o->size };
	want[nw++] = (struct range){ o->low_base, o->low_size };
	for (unsigned long i = 0; i < after->cnt; i++)
		got[ng++] = (struct range){ after->r[i].base, after->r[i].size };
	nw = normalize(want, nw);
	ng = normalize(got, ng);
	if (nw != ng || memcmp(want, got, nw * sizeof(want[0])))
		fail("%s: memblock.reserved is not what it was plus the region(s)",
		     path);
}

/*
 * The invariants, for what one path did (@o) from the state @before to
 * @after:
 *  - the return value is the reference's (-EINVAL, -ENOMEM, -ENOSPC, 0);
 *  - after a failure nothing is reserved and memblock.reserved is exactly
 *    as before (same regions, same total);
 *  - on success, the main region has the page-rounded size, an aligned
 *    base, lies in free RAM (memblock.memory, not no-map, not reserved
 *    before) and in the window the document's search order gives (low /
 *    high / anywhere / exactly at the offset);
 *  - the low region is there exactly when the reference says so, with its
 *    size, aligned, in free RAM below the low limit, apart from the main
 *    region;
 *  - memblock.reserved after is exactly before + the region(s).
 */
static void check_outcome(const char *path, const struct layout *l,
			  const struct request *r, const struct expect *e,
			  const struct outcome *o, const struct snap *before,
			  const struct snap *after)
{
	if (o->err != e->err) {
		fail("%s: returned %d, expected %d (%s)", path, o->err,
		     e->err, where_name(e->where));
		return;
	}
	if (o->err) {
		check_failure(path, o, before, after);
		return;
	}
	check_main(path, l, r, e, o);
	check_low(path, l, e, o);
	check_reserved(path, o, before, after);
}

/* The request as a command line; false when the parser would refuse it. */
static bool request_cmdline(const struct layout *l, const struct request *r,
			    char *buf, size_t len)
{
	u64_t ram = layout_ram_total(l);
	int n;

	if (!r->size || r->size >= ram || (r->low_given && r->low >= ram))
		return false;
	switch (r->form) {
	case F_SIZE:
		n = snprintf(buf, len, "crashkernel=%#llx", X(r->size));
		break;
	case F_HIGH:
		n = snprintf(buf, len, "crashkernel=%#llx,high", X(r->size));
		break;
	case F_FIXED:
		if (r->offset + r->size < r->offset)
			return false;
		n = snprintf(buf, len, "crashkernel=%#llx@%#llx", X(r->size),
			     X(r->offset));
		break;
	default:
		n = snprintf(buf, len, "crashkernel=%#llx@0", X(r->size));
		break;
	}
	if (r->low_given)
		snprintf(buf + n, len - n, " crashkernel=%#llx,low", X(r->low));
	return true;
}

/*
 * Whether the glue printed its "no low memory" line, and for @want bytes
 * (the line rounds down to MB): @want itself then, else ~0 or 0.
 */
static u64_t glue_low_missing(u64_t want)
{
	unsigned long long mb;

	for (int i = 0; i < msgs.n && i < CK_LINES; i++)
		if (strstr(msgs.text[i], ": the capture kernel gets no low memory (DMA, swiotlb); ") &&
		    sscanf(msgs.text[i], "crashkernel: cannot reserve %lluMB of low memory",
			   &mb) == 1)
			return mb == want >> 20 ? want : ~0ULL;
	return 0;
}

/*
 * What the glue must print for @o: the README's two lines, or one warning;
 * with a low region missing, one warning (that line) and the main line.
 */
static void check_messages(const struct outcome *o, u64_t low_limit)
{
	char want[2][256];
	int nwant = 0, warns = ck_count_level(&msgs, 4), found = 0;

	if (o->err) {
		if (warns != 1 || msgs.n != 1)
			fail("glue: failed: %d line(s), %d warning(s); expected one warning",
			     msgs.n, warns);
		return;
	}
	if (warns != !!o->low_missing)
		fail("glue: succeeded with %d warning(s), expected %d", warns,
		     !!o->low_missing);
	if (o->low_size)
		snprintf(want[nwant++], sizeof(want[0]),
			 "Reserving %lluMB of low memory at %lluMB for crashkernel (low RAM limit: %lluMB)\n",
			 X(o->low_size >> 20), X(o->low_base >> 20),
			 X(low_limit >> 20));
	snprintf(want[nwant++], sizeof(want[0]),
		 "Reserving %lluMB of memory at %lluMB for crashkernel (System RAM: %lluMB)\n",
		 X(o->size >> 20), X(o->base >> 20),
		 X(memblock_phys_mem_size() >> 20));
	for (int j = 0; j < nwant; j++)
		for (int i = 0; i < msgs.n && i < CK_LINES; i++)
			if (!strcmp(msgs.text[i], want[j])) {
				found++;
				break;
			}
	if (found != nwant)
		fail("glue: expected the line(s)\n    %s    %s", want[0],
		     nwant > 1 ? want[1] : "");
}

/* The expectation a named row writes out must be the reference's */
static void check_table(const struct expect *table, const struct expect *e)
{
	if (table && (table->err != e->err || table->where != e->where ||
		      table->low_size != e->low_size ||
		      table->low_missing != e->low_missing))
		fail("table says %d/%s/low %#llx/missing %#llx, the reference %d/%s/low %#llx/missing %#llx",
		     table->err, where_name(table->where), X(table->low_size),
		     X(table->low_missing), e->err, where_name(e->where),
		     X(e->low_size), X(e->low_missing));
}

static void count_expected(const struct expect *e)
{
	stats.cases++;
	stats.where[e->where]++;
	stats.with_low += e->low_size != 0;
	stats.low_missing += e->low_missing != 0;
	stats.enomem += e->err == -ENOMEM;
	stats.enospc += e->err == -ENOSPC;
	stats.einval += e->err == -EINVAL;
}

/*
 * 1. crash_reserve_make_plan() + crash_reserve_run() on memblock loaded
 * with @l; the outcome in @o, memblock.reserved after it in @after.
 */
static void run_plan(const struct layout *l, const struct request *r,
		     const struct crash_reserve_limits *lim,
		     struct outcome *o, struct snap *before, struct snap *after)
{
	const struct crashkernel_request req = {
		.size = r->size,
		.base = r->form == F_FIXED ? r->offset : 0,
		.low_size = r->low,
		.fixed_base = r->form == F_FIXED,
		.high = r->form == F_HIGH,
		.low_given = r->low_given,
	};
	struct ops_state st = { .l = l };
	const struct crash_reserve_ops ops = {
		.alloc = mb_alloc, .free = mb_free, .data = &st,
	};
	struct crash_reserve_plan plan;
	struct crash_reserve_result res;

	layout_load(l);
	snap_reserved(before);
	o->err = crash_reserve_make_plan(&req, lim, &plan);
	if (!o->err) {
		o->err = crash_reserve_run(&plan, &ops, &res);
		o->base = res.base;
		o->size = res.size;
		o->low_base = res.low_base;
		o->low_size = res.low_size;
		o->low_missing = res.low_missing;
		if (st.bad_window)
			fail("run: %d window(s) empty or past the high limit",
			     st.bad_window);
		if (st.calls > plan.nr_windows + 1)
			fail("run: %d allocations for %u windows", st.calls,
			     plan.nr_windows);
	}
	snap_reserved(after);
}

/*
 * 2. reserve_crashkernel_memblock() from the command line @cmdline on
 * memblock loaded with @l: the same regions and memblock.reserved as
 * plan+run (@o, @after_run), and its lines.
 */
static void run_glue(const struct layout *l, const char *cmdline,
		     const struct crash_reserve_limits *lim,
		     const struct outcome *o, const struct snap *after_run)
{
	static struct snap after;
	struct outcome g = { 0 };

	stats.glue++;
	layout_load(l);
	snprintf(boot_command_line, sizeof(boot_command_line),
		 "console=ttyAMA0 %s root=/dev/vda", cmdline);
	memset(&crashk_res, 0, sizeof(crashk_res));
	memset(&crashk_low_res, 0, sizeof(crashk_low_res));
	ck_capture(&msgs);
	reserve_crashkernel_memblock(lim);
	snap_reserved(&after);
	if (crashk_res.end) {
		g.base = crashk_res.start;
		g.size = crashk_res.end - crashk_res.start + 1;
	} else {
		g.err = o->err ? o->err : -1;
	}
	if (crashk_low_res.end) {
		g.low_base = crashk_low_res.start;
		g.low_size = crashk_low_res.end - crashk_low_res.start + 1;
	}
	g.low_missing = glue_low_missing(o->low_missing);
	if (memcmp(&g, o, sizeof(g)))
		fail("glue: regions [%#llx +%#llx] low [%#llx +%#llx], plan+run had [%#llx +%#llx] low [%#llx +%#llx] (err %d)",
		     X(g.base), X(g.size), X(g.low_base), X(g.low_size),
		     X(o->base), X(o->size), X(o->low_base), X(o->low_size),
		     o->err);
	if (!snap_equal(&after, after_run))
		fail("glue: memblock.reserved differs from plan+run's");
	check_messages(&g, l->low_limit);
}

static void print_result(const char *name, const struct layout *l,
			 const struct request *r, const struct expect *e,
			 const struct outcome *o, const char *cmdline)
{
	if (nwhy)
		printf("FAIL %s\n%s", name, why);
	else
		printf("   %s\n", name);
	printf("  expected: %s, err %d, size %#llx, low %#llx\n",
	       where_name(e->where), e->err, X(e->size), X(e->low_size));
	printf("  got:      err %d, main [%#llx, %#llx), low [%#llx, %#llx)\n",
	       o->err, X(o->base), X(o->base + o->size), X(o->low_base),
	       X(o->low_base + o->low_size));
	print_layout(l, r);
	if (cmdline[0])
		printf("  glue:    %s\n", cmdline);
	ck_print_lines(&msgs, "  msg ");
}

int run_case(const char *name, const struct layout *l, const struct request *r,
	     const struct expect *table)
{
	const struct crash_reserve_limits lim = {
		.low_limit = l->low_limit,
		.high_limit = l->high_limit,
		.align = l->align,
		.default_low_size = MB(128),	/* arm64's CRASH_DEFAULT_LOW_SIZE */
	};
	static struct snap before, after_run;
	struct expect e;
	struct outcome o = { 0 };
	char cmdline[256] = "";

	why[0] = 0;
	nwhy = 0;
	ck_capture(&msgs);
	ref_expect(l, r, &e);
	check_table(table, &e);

	run_plan(l, r, &lim, &o, &before, &after_run);
	check_outcome("plan+run", l, r, &e, &o, &before, &after_run);
	count_expected(&e);

	if (request_cmdline(l, r, cmdline, sizeof(cmdline)))
		run_glue(l, cmdline, &lim, &o, &after_run);

	if ((nwhy && !quiet) || verbose)
		print_result(name, l, r, &e, &o, cmdline);
	return nwhy;
}

void print_layout(const struct layout *l, const struct request *r)
{
	static const char *const forms[] = {
		[F_SIZE] = "size", [F_HIGH] = "size,high",
		[F_FIXED] = "size@offset", [F_AT0] = "size@0",
	};

	printf("  request: %s size %#llx offset %#llx", forms[r->form],
	       X(r->size), X(r->offset));
	if (r->low_given)
		printf(" + ,low %#llx", X(r->low));
	printf("\n  limits:  low %#llx high %#llx align %#llx\n",
	       X(l->low_limit), X(l->high_limit), X(l->align));
	layout_print_ranges(l);
}
