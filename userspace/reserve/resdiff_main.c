// SPDX-License-Identifier: GPL-2.0
/*
 * reserve-diff: the named rows (resdiff_named.c), then seeded random
 * cases (resdiff_random.c), one counted case per block of 1000, each run
 * and checked by resdiff.c; "resdiff: N passed, M failed" at the end.
 *
 *   reserve-diff [-v] [--seed S] [--layouts N] [--only INDEX]
 *                [--named NAME] [--corpus DIR] [--print N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel_globals.h"
#include "resdiff.h"

#ifndef RD_CORPUS
#define RD_CORPUS	"userspace/parse/corpus"
#endif

int rd_verbose;
int rd_max_print = 5;
const char *rd_prog;

static int printed;		/* failing random cases printed in full */
static unsigned long from_corpus_total;

/*
 * Run random case @index of @seed; print it in full when @print or when
 * it fails and fewer than --print were.  Returns true when it failed.
 */
static bool rd_run_random(u64_t seed, u64_t index, bool print)
{
	static struct rd_case c;
	static char cmdline[CK_COMMAND_LINE_SIZE];
	struct layout l;
	bool from_corpus;

	rd_random_case(seed, index, &l, cmdline, sizeof(cmdline), &from_corpus);
	memset(&c, 0, sizeof(c));
	c.l = &l;
	c.cmdline = cmdline;
	snprintf(c.rerun, sizeof(c.rerun), "%s --seed %llu --only %llu",
		 rd_prog, X(seed), X(index));
	from_corpus_total += from_corpus;
	rd_run_case(&c);
	rd_case_failed(&c);
	if (print || (c.why[0] && printed < rd_max_print)) {
		char head[96];

		snprintf(head, sizeof(head), "%s random seed %llu layout %llu%s",
			 c.why[0] ? "FAIL" : "ok", X(seed), X(index),
			 from_corpus ? " (corpus line)" : "");
		rd_print_case(head, &c);
	}
	printed += !!c.why[0];
	return c.why[0] != 0;
}

static bool run_one(u64_t seed, u64_t index)
{
	return rd_run_random(seed, index, rd_verbose);
}

static const char *dir = RD_CORPUS;

/* --corpus DIR; anything else is unknown */
static int extra_opt(const char *prog, const char *arg, const char *val)
{
	if (!strcmp(arg, "--corpus")) {
		dir = val;
		return 0;
	}
	fprintf(stderr, "%s: unknown option %s\n", prog, arg);
	return 2;
}

int main(int argc, char **argv)
{
	struct ck_opts o = {
		.usage = "[-v] [--seed S] [--layouts N] [--only INDEX] [--named NAME] [--corpus DIR] [--print N]",
		.seed = 1, .layouts = 100000, .print = 5, .extra = extra_opt,
	};
	int passed = 0, failed = 0, rc;

	rd_prog = argv[0];
	rc = ck_parse_opts(argc, argv, &o);
	if (rc >= 0)
		return rc;
	rd_verbose = o.verbose;
	rd_max_print = o.print;
	rd_load_corpus(dir);

	if (o.named) {
		if (rd_run_named(o.named, &passed, &failed))
			return failed != 0;
		fprintf(stderr, "no named row %s\n", o.named);
		return 2;
	}
	if (o.one)
		return rd_run_random(o.seed, o.only, true);

	rd_run_named(NULL, &passed, &failed);
	printf("random: seed %llu, %llu layouts, %d corpus lines\n", X(o.seed),
	       X(o.layouts), rd_corpus_size());
	ck_run_blocks(o.seed, o.layouts, run_one, "cases", &passed, &failed);
	rd_summary(from_corpus_total);
	printf("resdiff: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
