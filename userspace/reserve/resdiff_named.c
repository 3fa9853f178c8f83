// SPDX-License-Identifier: GPL-2.0
/*
 * The named rows of reserve-diff, run before the random cases: each a
 * layout, a command line and the main region 6.1 reserves (written out
 * here, checked against 6.1's side: a wrong figure is a harness bug), and
 * the allowed difference the case must meet, if any.
 */
#include <linux/kernel.h>
#include <stdio.h>
#include <string.h>
#include "resdiff.h"

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

/* One named row: 6.1's outcome as written, then the rule; true: failed */
static bool run_row(const void *r)
{
	const struct rd_named *row = r;
	static struct rd_case c;
	int allowed;

	memset(&c, 0, sizeof(c));
	c.l = &row->l;
	c.cmdline = row->cmdline;
	snprintf(c.rerun, sizeof(c.rerun), "%s --named %s", rd_prog,
		 row->name);
	allowed = rd_run_case(&c);

	if (c.old.size != row->size61)
		rd_fail(&c, "row: 6.1 reserved %#llx, the row says %#llx",
		     X(c.old.size), X(row->size61));
	if (allowed != row->allowed) {
		if (row->allowed >= 0)
			rd_fail(&c, "row: the difference \"%s\" was not met",
			     rd_allowed_name(row->allowed));
		else
			rd_fail(&c, "row: allowed as \"%s\", the row says no difference",
			     rd_allowed_name(allowed));
	}
	rd_case_failed(&c);
	if (c.why[0] || rd_verbose) {
		char head[128];

		snprintf(head, sizeof(head), "%s %s", c.why[0] ? "FAIL" : "ok",
			 row->name);
		rd_print_case(head, &c);
	} else {
		printf("ok %s\n", row->name);
	}
	return c.why[0] != 0;
}

/**
 * rd_run_named - run the named rows, or the one named @only (verbose)
 * @only: a row's name; NULL: every row
 * @passed: one more per row that passed
 * @failed: one more per row that failed
 *
 * Returns the number of rows run: 0 when no row is named @only.
 */
int rd_run_named(const char *only, int *passed, int *failed)
{
	return ck_run_rows(rd_named, NR_NAMED, sizeof(rd_named[0]), run_row,
			   only, &rd_verbose, passed, failed);
}
