// SPDX-License-Identifier: GPL-2.0
/*
 * The named rows of reserve-diff73, run before the random cases: the
 * issue's cases and the cover letter's rows that differ, each a layout, a
 * command line, what stock 7.3 reserves (written out here, checked
 * against the stock side: a wrong figure is a harness bug) and what the
 * comparison must give:
 *   "same"     no difference;
 *   ROW        no difference, or one that meets the allowed row ROW
 *              (resdiff73.c): the row shows that ROW's predicate sees
 *              the difference it is written for;
 *   NULL       only the two-sided rule: the rows whose right outcome a
 *              fix of the series decides (the committed series loses
 *              the main region there).
 */
#include <stdio.h>
#include <string.h>
#include "cases.h"
#include "policy.h"
#include "rd73.h"

#define PA48		(1ULL << 48)
#define R(start, end)	{ (start), (end) - (start) }

/* QEMU virt -m SIZE: RAM from 1G, the kernel image near its start, the
 * device tree at its end; the low limit 4G (ZONE_DMA32), or with no DMA
 * zone PHYS_MASK + 1 */
#define QEMU(size, low) { \
	.nmem = 1, .mem = { R(GB(1), GB(1) + (size)) }, \
	.nres = 2, .res = { R(GB(1) + MB(2), GB(1) + MB(34)), \
			    R(GB(1) + (size) - MB(2), GB(1) + (size)) }, \
	.low_limit = (low), .high_limit = PA48, .align = MB(2) }
#define QEMU8G		QEMU(GB(8), GB(4))
#define QEMU2G		QEMU(GB(2), GB(3))
#define NODMA8G		QEMU(GB(8), PA48)

/* 8G from 1G, firmware holding all of low memory but FREE below 4G */
#define ALTRA(size, free) { \
	.nmem = 1, .mem = { R(GB(1), GB(1) + (size)) }, \
	.nres = 2, .res = { R(GB(1), GB(4) - (free)), \
			    R(GB(1) + (size) - MB(2), GB(1) + (size)) }, \
	.low_limit = GB(4), .high_limit = PA48, .align = MB(2) }

static const struct rd73_named {
	const char *name;
	struct layout l;
	const char *cmdline;
	unsigned long long size, low, cma;	/* stock's regions */
	bool hung;				/* stock hangs */
	const char *expect;
} rows[] = {
	/* the issue: 8G with ~192M free below 4G */
	{ "altra192-512M", ALTRA(GB(8), MB(192)), "crashkernel=512M",
	  MB(512), MB(128), 0, false, "same" },
	{ "altra192-512M-low-256M", ALTRA(GB(8), MB(192)),
	  "crashkernel=512M crashkernel=256M,low", MB(512), MB(128), 0, false,
	  NULL },
	{ "qemu8G-at-5G-low-256M", QEMU8G,
	  "crashkernel=256M@5G crashkernel=256M,low", MB(256), 0, 0, false,
	  "low-beside-plain-read" },
	{ "altra192-at-5G-low-256M", ALTRA(GB(8), MB(192)),
	  "crashkernel=256M@5G crashkernel=256M,low", MB(256), 0, 0, false,
	  NULL },
	{ "qemu8G-at-5G-low-3G", QEMU8G,
	  "crashkernel=256M@5G crashkernel=3G,low", MB(256), 0, 0, false,
	  NULL },
	/* the cover letter's rows */
	{ "ml-fallback-given-low", QEMU8G, "crashkernel=4G crashkernel=32M,low",
	  GB(4), MB(128), 0, false, "low-beside-plain-read" },
	{ "ml-fallback-zero-low", QEMU8G, "crashkernel=4G crashkernel=0,low",
	  GB(4), MB(128), 0, false, "low-beside-plain-read" },
	{ "ml-ampere-16G", ALTRA(GB(16), MB(192)),
	  "crashkernel=512M-12G:128M,12G-64G:256M,64G-128G:512M,128G-:768M crashkernel=16M,low",
	  MB(256), MB(128), 0, false, "low-beside-plain-read" },
	{ "ml-altra-tight-given-low", ALTRA(GB(8), MB(64)),
	  "crashkernel=512M crashkernel=64M,low", 0, 0, 0, false,
	  "low-beside-plain-fits" },
	{ "altra64-512M", ALTRA(GB(8), MB(64)), "crashkernel=512M",
	  0, 0, 0, false, "same" },
	{ "altra64-high-1G", ALTRA(GB(8), MB(64)), "crashkernel=1G,high",
	  0, 0, 0, false, "same" },
	{ "ml-nodma-high", NODMA8G, "crashkernel=1G,high", 0, 0, 0, false,
	  "nodma-high-reserves" },
	{ "ml-nodma-too-big", NODMA8G, "crashkernel=8160M", 0, 0, 0, true,
	  "nodma-too-big-no-hang" },
	{ "nodma-1G", NODMA8G, "crashkernel=1G", GB(1), 0, 0, false, "same" },
	{ "ml-bigger-than-ram", QEMU8G, "crashkernel=9G", 0, 0, 0, false,
	  "same" },
	{ "ml-overflow", QEMU8G, "crashkernel=16E", 0, 0, 0, false, "same" },
	{ "range-end-past-64-bits", QEMU8G,
	  "crashkernel=0-99999999999999999999:64M", MB(64), 0, 0, false,
	  "same" },
	{ "ml-cma-malformed", QEMU8G, "crashkernel=256M crashkernel=64Mx,cma",
	  MB(256), 0, MB(64), false, "invalid-cma-no-cma" },
	{ "cma-beside-size", QEMU8G, "crashkernel=256M crashkernel=64M,cma",
	  MB(256), 0, MB(64), false, "same" },
	{ "ml-cma-alone", QEMU8G, "crashkernel=64M,cma", 0, 0, 0, false,
	  "same" },
	{ "debian-ranges-8G", QEMU8G,
	  "crashkernel=512M-2G:128M,2G-4G:256M,4G-:512M", MB(512), 0, 0,
	  false, "same" },
	{ "ml-compat-at", QEMU2G, "crashkernel=128M@", MB(128), 0, 0, false,
	  "same" },
};
#define NR_ROWS		(sizeof(rows) / sizeof(rows[0]))

/* Run one row; true when it failed */
static bool run_row(const void *r)
{
	const struct rd73_named *row = r;
	static struct rd73_case c;
	const struct rd73_out *s = &c.stock;
	int want;

	memset(&c, 0, sizeof(c));
	c.l = &row->l;
	c.cmdline = rd73_cmdline ? rd73_cmdline : row->cmdline;
	snprintf(c.rerun, sizeof(c.rerun), "%s --named %s", rd73_prog,
		 row->name);
	rd73_run_case(&c);
	if (rd73_cmdline)
		;	/* the row's figures are for its own command line */
	else if (s->size != row->size || s->low_size != row->low ||
	    s->cma_total != row->cma || s->hung != row->hung)
		rd73_fail(&c, "row: stock reserved %#llx low %#llx CMA %#llx%s, the row says %#llx low %#llx CMA %#llx%s",
			  X(s->size), X(s->low_size), X(s->cma_total),
			  s->hung ? " (hung)" : "", X(row->size), X(row->low),
			  X(row->cma), row->hung ? " (hung)" : "");
	if (!row->expect || rd73_cmdline) {
		;
	} else if (!strcmp(row->expect, "same")) {
		if (c.differ && !c.why[0])
			rd73_fail(&c, "row: the sides differ, the row says the same");
	} else {
		want = rd73_allowed_index(row->expect);
		if (want < 0 || (c.differ && !(c.allowed & (1 << want))))
			rd73_fail(&c, "row: the difference is not \"%s\"",
				  row->expect);
	}
	rd73_count(&c);
	if (c.why[0] || rd73_verbose) {
		char head[96];

		snprintf(head, sizeof(head), "%s named %s%s",
			 c.why[0] ? "FAIL" : "ok", row->name,
			 c.differ ? "" : " (the same)");
		rd73_print_case(head, &c);
	}
	printf("%s %s\n", c.why[0] ? "FAIL" : "ok", row->name);
	return c.why[0] != 0;
}

/**
 * rd73_run_named - run the named rows, or only the row @only
 * @only: a row's name, NULL for all
 * @passed: incremented per row that passed
 * @failed: incremented per row that failed
 *
 * Return: the number of rows run.
 */
int rd73_run_named(const char *only, int *passed, int *failed)
{
	return ck_run_rows(rows, NR_ROWS, sizeof(rows[0]), run_row, only,
			   &rd73_verbose, passed, failed);
}
