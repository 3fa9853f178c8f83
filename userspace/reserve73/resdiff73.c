// SPDX-License-Identifier: GPL-2.0
/*
 * reserve-diff73: stock 7.3's own crashkernel= reservation (the base
 * tree's kernel/crash_reserve.c and arm64's arch_reserve_crashkernel(),
 * unchanged) next to the series' (the same files of the patched tree),
 * each run on the same layout loaded into the same real mm/memblock.c,
 * from the same boot_command_line (side73.c).
 *
 * Per case each side's outcome is recorded: the main region (start,
 * size) or none, the low region, the CMA areas (total, first base),
 * whether it hung, and what parse_crashkernel() returned.  The comparison
 * is two-sided:
 *  - wherever stock 7.3 reserved a main region, the series reserves the
 *    same one (same size and place), the same low region and the same
 *    CMA, but as a row of rd73_allowed[] (allowed73.c) says; a main
 *    region lost (stock reserved one, the series none or another size)
 *    is allowed by no row but "number-past-64-bits", for a version of
 *    the series that refused such numbers by design;
 *  - wherever stock refused (no main region), the series refuses too
 *    (and reserves the same CMA), but as a row says.
 * Anything else fails, printed in full with the command that reruns it.
 * Each side is also checked on its own: memblock.reserved grew by exactly
 * what it reports, inside free RAM of the layout, aligned, below its
 * limits.
 *
 *   reserve-diff73 [-v] [--seed S] [--layouts N] [--only I]
 *                  [--named NAME [--cmdline CMD]] [--print N] [--show ROW]
 * (--cmdline: CMD instead of the row's command line, on its layout;
 * --show: print the first --print cases the allowed row ROW explains)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "policy.h"
#include "rd73.h"

const char *rd73_prog = "reserve-diff73";
const char *rd73_cmdline;
int rd73_verbose;
static int max_print = 5;
static int show = -1;		/* --show ROW: print the cases ROW explains */

/* ---- totals ---- */

static struct {
	unsigned long cases, same, stock_main, series_main, neither;
	unsigned long allowed, failed, ret_differs, hung;
} st;

#define MAX_CLASSES	32
static struct {
	char name[96];
	char example[160];
	unsigned long count;
} classes[MAX_CLASSES];

static void count_class(const struct rd73_case *c)
{
	int i;

	for (i = 0; i < MAX_CLASSES && classes[i].count; i++)
		if (!strcmp(classes[i].name, c->cls))
			break;
	if (i == MAX_CLASSES)
		return;
	if (!classes[i].count) {
		snprintf(classes[i].name, sizeof(classes[i].name), "%s", c->cls);
		snprintf(classes[i].example, sizeof(classes[i].example), "%s",
			 c->rerun);
	}
	classes[i].count++;
}

void rd73_fail(struct rd73_case *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ck_why_vadd(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
}

/* The command line's shape, for the failure classes: "X@Y +,low" */
static void form_of(const char *cmdline, char *buf, size_t len)
{
	const char *main = NULL, *p;

	for (p = cmdline; (p = strstr(p, "crashkernel=")); p++) {
		size_t n = strcspn(p, " ");

		if (!(n >= 5 && !strncmp(p + n - 5, ",high", 5)) &&
		    !(n >= 4 && (!strncmp(p + n - 4, ",low", 4) ||
				 !strncmp(p + n - 4, ",cma", 4))))
			main = p + 12;
	}
	snprintf(buf, len, "%s%s%s",
		 !main ? (rd73_has_suffix(cmdline, ",high") ? "X,high" : "none") :
		 memchr(main, ':', strcspn(main, " ")) ? "ranges" :
		 memchr(main, '@', strcspn(main, " ")) ? "X@Y" : "X",
		 rd73_has_suffix(cmdline, ",low") ? " +,low" : "",
		 rd73_has_suffix(cmdline, ",cma") ? " +,cma" : "");
}

/* ---- one side on its own ---- */

/* A failure of one side's own checks; its class is @what */
static void side_fail(struct rd73_case *c, const char *who, const char *what,
		      const struct rd73_out *o)
{
	if (!c->cls[0])
		snprintf(c->cls, sizeof(c->cls), "%s: %s", who, what);
	rd73_fail(c, "%s: %s: main [%#llx +%#llx] low [%#llx +%#llx] CMA %#llx, memblock.reserved grew by %#llx",
		  who, what, X(o->base), X(o->size), X(o->low_base),
		  X(o->low_size), X(o->cma_total), X(o->grew));
}

static void check_side(struct rd73_case *c, const char *who,
		       const struct rd73_out *o)
{
	const struct layout *l = c->l;

	if (o->grew != o->size + o->low_size + o->cma_total)
		side_fail(c, who, "memblock.reserved grew by more or less than the regions and CMA", o);
	if (o->inserted)
		side_fail(c, who, "insert_resource() called", o);
	if (o->size && (o->base % MB(2) || !layout_in_free_ram(l, o->base, o->size) ||
			o->base + o->size > l->high_limit))
		side_fail(c, who, "main region not aligned free RAM below the high limit", o);
	if (o->low_size && (!o->size || o->low_base % MB(2) ||
			    !layout_in_free_ram(l, o->low_base, o->low_size) ||
			    o->low_base + o->low_size > l->low_limit ||
			    (o->low_base < o->base + o->size &&
			     o->base < o->low_base + o->low_size)))
		side_fail(c, who, "low region not aligned free RAM below the low limit, apart from the main one", o);
}

/* ---- the comparison ---- */

/* The unexplained part @left, for the failure classes */
static const char *shape(const struct rd73_case *c, int left)
{
	const struct rd73_out *s = &c->stock, *n = &c->series;

	if ((left & D_MAIN) && s->size && n->size != s->size)
		return "LOSS: stock reserved, the series not";
	if ((left & D_MAIN) && !s->size)
		return "stock refused, the series reserved";
	if (left & D_MAIN)
		return "main region elsewhere";
	if (left & D_HANG)
		return n->hung ? "the series hung" : "stock hung";
	return left & D_LOW ? "low region differs" : "CMA differs";
}

/*
 * Explain what differs with the rows that apply: c->allowed gets a bit
 * per row used, c->why the part left over.  A CMA difference goes with
 * a region difference explained, for the same CMA request.
 */
static void explain(struct rd73_case *c, int diff)
{
	bool lost = c->stock.size && c->series.size != c->stock.size;
	int left = diff;
	char form[32];

	for (int i = 0; i < rd73_nr_allowed; i++) {
		int part = rd73_allowed[i].explains & left;

		if (lost && !rd73_allowed[i].loses)
			part &= ~D_MAIN;
		if (part && rd73_allowed[i].applies(c)) {
			left &= ~part;
			c->allowed |= 1 << i;
		}
	}
	if ((left & D_CMA) && left != diff &&
	    c->stock.p_cma == c->series.p_cma)
		left &= ~D_CMA;
	if (!left)
		return;
	form_of(c->cmdline, form, sizeof(form));
	if (!c->cls[0])
		snprintf(c->cls, sizeof(c->cls), "%s [%s]", shape(c, left), form);
	rd73_fail(c, "%s [%s]", shape(c, left), form);
}

void rd73_run_case(struct rd73_case *c)
{
	const struct layout *l = c->l;
	int diff;

	c->why[0] = 0;
	c->allowed = 0;
	rd73_run(RD73_STOCK, l, l->low_limit, l->high_limit, c->cmdline,
		 &c->stock);
	rd73_run(RD73_SERIES, l, l->low_limit, l->high_limit, c->cmdline,
		 &c->series);
	check_side(c, "harness: stock", &c->stock);
	check_side(c, "series", &c->series);
	diff = rd73_differences(c);
	c->differ = diff != 0;
	if (diff)
		explain(c, diff);
}

/* Count a case once all its checks are done */
void rd73_count(struct rd73_case *c)
{
	const struct rd73_out *s = &c->stock, *n = &c->series;

	st.cases++;
	st.stock_main += !!s->size;
	st.series_main += !!n->size;
	st.neither += !s->size && !n->size;
	st.hung += s->hung;
	st.same += !c->differ;
	st.ret_differs += !c->differ && s->ret != n->ret;
	for (int i = 0; i < rd73_nr_allowed; i++)
		rd73_allowed[i].count += !!(c->allowed & (1 << i));
	st.allowed += c->differ && !c->why[0];
	if (c->why[0]) {
		if (!c->cls[0])
			snprintf(c->cls, sizeof(c->cls), "%.*s",
				 (int)strcspn(c->why, ":\n"), c->why);
		st.failed++;
		count_class(c);
	}
}

/* ---- printing ---- */

static void print_side(const char *who, const struct rd73_out *o)
{
	printf("  %-7s ", who);
	if (o->size)
		printf("main [%#llx, %#llx) %lluMB", X(o->base),
		       X(o->base + o->size), X(o->size >> 20));
	else
		printf("%s", o->hung ? "hung (stopped)" : "no main region");
	if (o->low_size)
		printf(", low [%#llx, %#llx) %lluMB", X(o->low_base),
		       X(o->low_base + o->low_size), X(o->low_size >> 20));
	if (o->cma_calls)
		printf(", CMA %lluMB in %d (%d calls)", X(o->cma_total >> 20),
		       o->cma_n, o->cma_calls);
	printf("\n          parse_crashkernel() %d: size %#llx base %#llx low %#llx cma %#llx%s%s\n",
	       o->ret, X(o->p_size), X(o->p_base), X(o->p_low), X(o->p_cma),
	       o->p_high ? " high" : "", o->overflow ? ", a number past 64 bits" : "");
	ck_print_lines(&o->msgs, "    ");
}

void rd73_print_case(const char *head, const struct rd73_case *c)
{
	const struct layout *l = c->l;

	printf("%s\n%s", head, c->why);
	for (int i = 0; i < rd73_nr_allowed; i++)
		if (c->allowed & (1 << i))
			printf("  allowed: %s\n", rd73_allowed[i].name);
	printf("  cmdline: %s\n", c->cmdline);
	printf("  limits:  low %#llx high %#llx (System RAM %lluMB)%s\n",
	       X(l->low_limit), X(l->high_limit), X(layout_ram_total(l) >> 20),
	       l->low_limit == l->high_limit ? ", no DMA zone" : "");
	layout_print_ranges(l);
	print_side("stock:", &c->stock);
	print_side("series:", &c->series);
	printf("  rerun:   %s\n", c->rerun);
}

/* ---- the random cases ---- */

static int printed;		/* cases printed in full */

/* Run random case @index of @seed; true when it failed */
static bool run_random(u64_t seed, u64_t index, bool print)
{
	static struct rd73_case c;
	static char cmdline[1024];
	static struct layout l;

	rd73_random_case(seed, index, &l, cmdline, sizeof(cmdline));
	memset(&c, 0, sizeof(c));
	c.l = &l;
	c.cmdline = cmdline;
	snprintf(c.rerun, sizeof(c.rerun), "%s --seed %llu --only %llu",
		 rd73_prog, X(seed), X(index));
	rd73_run_case(&c);
	rd73_count(&c);
	if (show >= 0 && (c.allowed & (1 << show)) && printed < max_print) {
		rd73_print_case("shown", &c);
		++printed;
	}
	if (print || (c.why[0] && printed < max_print)) {
		char head[96];

		snprintf(head, sizeof(head), "%s random seed %llu case %llu",
			 c.why[0] ? "FAIL" : "ok", X(seed), X(index));
		rd73_print_case(head, &c);
	}
	printed += !!c.why[0];
	return c.why[0] != 0;
}

static bool run_one(u64_t seed, u64_t index)
{
	return run_random(seed, index, rd73_verbose);
}

static void summary(void)
{
	printf("resdiff73: %lu cases: the same %lu (parse_crashkernel() returned another value in %lu), different and allowed %lu, failed %lu\n",
	       st.cases, st.same, st.ret_differs, st.allowed, st.failed);
	printf("resdiff73: main region reserved by stock %lu, by the series %lu, by neither %lu; stock hung %lu\n",
	       st.stock_main, st.series_main, st.neither, st.hung);
	for (int i = 0; i < rd73_nr_allowed; i++)
		printf("resdiff73: allowed %-24s %lu\n", rd73_allowed[i].name,
		       rd73_allowed[i].count);
	for (int i = 0; i < MAX_CLASSES && classes[i].count; i++)
		printf("resdiff73: failure \"%s\": %lu (e.g. %s)\n",
		       classes[i].name, classes[i].count, classes[i].example);
}

static struct ck_opts opts = {
	.usage = "[-v] [--seed S] [--layouts N] [--only I] [--named NAME [--cmdline CMD]] [--print N] [--show ROW]",
	.seed = 1, .layouts = 100000, .print = 5,
};

/* --cmdline CMD, --show ROW; anything else is unknown */
static int extra_opt(const char *prog, const char *arg, const char *val)
{
	if (!strcmp(arg, "--cmdline")) {
		rd73_cmdline = val;
		return 0;
	}
	if (!strcmp(arg, "--show")) {
		show = rd73_allowed_index(val) < 0 ? -2 :
		       rd73_allowed_index(val);
		return 0;
	}
	return ck_usage(prog, &opts, stderr, 2);
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, rc;

	rd73_prog = argv[0];
	opts.extra = extra_opt;
	rc = ck_parse_opts(argc, argv, &opts);
	if (rc >= 0)
		return rc;
	rd73_verbose = opts.verbose;
	max_print = opts.print;
	if (show == -2)
		return ck_usage(rd73_prog, &opts, stderr, 2);
	if (opts.one)
		return run_random(opts.seed, opts.only, true);
	if (opts.named)
		return rd73_run_named(opts.named, &passed, &failed) ?
		       failed != 0 : 2;

	rd73_run_named(NULL, &passed, &failed);
	printf("random: seed %llu, %llu layouts\n", X(opts.seed),
	       X(opts.layouts));
	ck_run_blocks(opts.seed, opts.layouts, run_one, "cases", &passed,
		      &failed);
	summary();
	printf("resdiff73: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
