// SPDX-License-Identifier: GPL-2.0
/*
 * What the harnesses' cases share: the failures of a case, collected one
 * a line and printed with the case at its end; the named rows, run all or
 * one; the options of a differential's command line; and the seeded
 * random cases, counted one case per block of CK_BLOCK.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"

/**
 * ck_why_vadd - add one failure line to the buffer @why
 * @why: the failures so far, one a line (a C string)
 * @size: its size; a line that does not fit is cut, one past it dropped
 * @fmt: the line, without its '\n'
 * @ap: its arguments
 */
void ck_why_vadd(char *why, size_t size, const char *fmt, va_list ap)
{
	size_t len = strlen(why);

	if (len >= size - 2)
		return;
	vsnprintf(why + len, size - len - 1, fmt, ap);
	strcat(why, "\n");
}

/**
 * ck_why_add - add one failure line to the buffer @why
 * @why: the failures so far, one a line
 * @size: its size
 * @fmt: the line, without its '\n', and its arguments
 */
void ck_why_add(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ck_why_vadd(why, size, fmt, ap);
	va_end(ap);
}

/**
 * ck_run_blocks - run random cases 0 to @count - 1 of @seed in blocks
 * @seed: the seed
 * @count: how many cases
 * @one: runs one case, true when it failed
 * @what: what a case is called in "(N of M @what failed)"
 * @passed: one more for each block without a failure
 * @failed: one more for each block with one
 *
 * Prints "ok random-seedS-FIRST-LAST" or "FAIL ..." per block.
 */
void ck_run_blocks(u64_t seed, u64_t count, ck_random_fn one,
		   const char *what, int *passed, int *failed)
{
	for (u64_t b = 0; b < count; b += CK_BLOCK) {
		u64_t end = b + CK_BLOCK < count ? b + CK_BLOCK : count;
		int bad = 0;

		for (u64_t i = b; i < end; i++)
			bad += one(seed, i);
		printf("%s random-seed%llu-%llu-%llu", bad ? "FAIL" : "ok",
		       X(seed), X(b), X(end - 1));
		if (bad)
			printf(" (%d of %llu %s failed)", bad, X(end - b), what);
		printf("\n");
		*passed += !bad;
		*failed += !!bad;
	}
}

/**
 * ck_run_rows - run the named rows, or only the row @only, verbosely
 * @rows: the rows, an array of structs whose first member is the name
 * @n: how many
 * @size: the size of one
 * @run: runs one
 * @only: a row's name; NULL: every row
 * @verbose: set to 1 for the row @only
 * @passed: one more per row that passed
 * @failed: one more per row that failed
 *
 * Returns the number of rows run: 0 when no row is named @only.
 */
int ck_run_rows(const void *rows, size_t n, size_t size, ck_row_fn run,
		const char *only, int *verbose, int *passed, int *failed)
{
	int ran = 0;

	for (size_t i = 0; i < n; i++) {
		const void *row = (const char *)rows + i * size;
		bool bad;

		if (only && strcmp(only, *(const char *const *)row))
			continue;
		if (only)
			*verbose = 1;
		bad = run(row);
		*passed += !bad;
		*failed += bad;
		ran++;
	}
	return ran;
}

/* Print the usage line of @prog to @f; returns @rc */
int ck_usage(const char *prog, const struct ck_opts *o, FILE *f, int rc)
{
	fprintf(f, "usage: %s %s\n", prog, o->usage);
	return rc;
}

/**
 * ck_parse_opts - read a differential's command line into @o
 * @argc: main()'s
 * @argv: main()'s
 * @o: the options, their defaults set; @o->extra takes the others
 *
 * -v, -h/--help, and --seed, --layouts, --only, --named and --print,
 * each with a value.  Returns -1 to go on, else main()'s exit status: 0
 * after the usage line for -h, 2 after it on stderr for a missing value,
 * or what @o->extra returned for an option it does not take.
 */
int ck_parse_opts(int argc, char **argv, struct ck_opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		int rc;

		if (!strcmp(arg, "-v")) {
			o->verbose = 1;
			continue;
		}
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help"))
			return ck_usage(argv[0], o, stdout, 0);
		if (!val)
			return ck_usage(argv[0], o, stderr, 2);
		i++;
		if (!strcmp(arg, "--seed")) {
			o->seed = strtoull(val, NULL, 0);
		} else if (!strcmp(arg, "--layouts")) {
			o->layouts = strtoull(val, NULL, 0);
		} else if (!strcmp(arg, "--only")) {
			o->only = strtoull(val, NULL, 0);
			o->one = true;
		} else if (!strcmp(arg, "--named")) {
			o->named = val;
		} else if (!strcmp(arg, "--print")) {
			o->print = atoi(val);
		} else {
			rc = o->extra(argv[0], arg, val);
			if (rc)
				return rc;
		}
	}
	return -1;
}
