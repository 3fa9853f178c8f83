/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the harnesses' cases share (cases.c): the failures of one case,
 * one a line in a buffer, and the seeded random cases run in blocks.
 */
#ifndef CK_CASES_H
#define CK_CASES_H

#include <stdarg.h>
#include <stddef.h>
#include "types.h"

#define CK_BLOCK	1000	/* random cases per counted case */

void ck_why_add(char *why, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ck_why_vadd(char *why, size_t size, const char *fmt, va_list ap);

/* Run a named row (a struct whose first member is its name); true: failed */
typedef bool (*ck_row_fn)(const void *row);

int ck_run_rows(const void *rows, size_t n, size_t size, ck_row_fn run,
		const char *only, int *verbose, int *passed, int *failed);

/* Random case @index of @seed; true when it failed */
typedef bool (*ck_random_fn)(u64_t seed, u64_t index);

void ck_run_blocks(u64_t seed, u64_t count, ck_random_fn one,
		   const char *what, int *passed, int *failed);

#endif
