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

static int usage(FILE *f, int rc)
{
	fprintf(f, "usage: %s [-v] [--seed S] [--layouts N] [--only INDEX] [--named NAME] [--corpus DIR] [--print N]\n",
		rd_prog);
	return rc;
}

int main(int argc, char **argv)
{
	u64_t seed = 1, layouts = 100000, only = 0;
	const char *named = NULL, *dir = RD_CORPUS;
	bool one = false;
	int passed = 0, failed = 0;

	rd_prog = argv[0];
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(arg, "-v")) {
			rd_verbose = 1;
			continue;
		}
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help"))
			return usage(stdout, 0);
		if (!val)
			return usage(stderr, 2);
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
			rd_max_print = atoi(val);
		} else {
			fprintf(stderr, "%s: unknown option %s\n", rd_prog, arg);
			return 2;
		}
	}
	rd_load_corpus(dir);

	if (named) {
		if (rd_run_named(named, &passed, &failed))
			return failed != 0;
		fprintf(stderr, "no named row %s\n", named);
		return 2;
	}
	if (one)
		return rd_run_random(seed, only, true);

	rd_run_named(NULL, &passed, &failed);
	printf("random: seed %llu, %llu layouts, %d corpus lines\n", X(seed),
	       X(layouts), rd_corpus_size());
	ck_run_blocks(seed, layouts, run_one, "cases", &passed, &failed);
	rd_summary(from_corpus_total);
	printf("resdiff: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
