/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the harnesses' cases share (cases.c): the failures of one case,
 * one a line in a buffer, the named rows, the command line of a
 * differential, and the seeded random cases run in blocks.
 */
#ifndef CK_CASES_H
#define CK_CASES_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include "types.h"

#define CK_BLOCK	1000	/* random cases per counted case */

void ck_why_add(char *why, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ck_why_vadd(char *why, size_t size, const char *fmt, va_list ap);

/* Run a named row (a struct whose first member is its name); true: failed */
typedef bool (*ck_row_fn)(const void *row);

int ck_run_rows(const void *rows, size_t n, size_t size, ck_row_fn run,
		const char *only, int *verbose, int *passed, int *failed);

/* The options of a differential's command line (ck_parse_opts()) */
struct ck_opts {
	const char *usage;	/* after "usage: PROG " */
	u64_t seed, layouts;	/* --seed S, --layouts N */
	u64_t only;		/* --only INDEX */
	bool one;		/* --only was given */
	const char *named;	/* --named NAME */
	int print;		/* --print N */
	int verbose;		/* -v */
	/* any other option with a value: 0 taken, else the exit status */
	int (*extra)(const char *prog, const char *arg, const char *val);
};

int ck_usage(const char *prog, const struct ck_opts *o, FILE *f, int rc);
int ck_parse_opts(int argc, char **argv, struct ck_opts *o);

/* Random case @index of @seed; true when it failed */
typedef bool (*ck_random_fn)(u64_t seed, u64_t index);

void ck_run_blocks(u64_t seed, u64_t count, ck_random_fn one,
		   const char *what, int *passed, int *failed);

#endif
