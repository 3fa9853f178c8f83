// SPDX-License-Identifier: GPL-2.0
/*
 * The one capture of pr_*() for the reservation harnesses (policy-test,
 * reserve-diff, reserve-diff73): every line goes to the struct ck_lines
 * the harness named with ck_capture(), none while it named NULL.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "printk_capture.h"

static struct ck_lines *cur;

/**
 * ck_capture - where the lines printed from now on go
 * @to: the lines of one run, emptied here; NULL: nowhere
 */
void ck_capture(struct ck_lines *to)
{
	cur = to;
	if (to)
		memset(to, 0, sizeof(*to));
}

/**
 * ck_printk - what the shims' pr_*() call
 * @level: the line's KERN_* level (3 pr_err() ... 7 pr_debug())
 * @fmt: the kernel's format, and its arguments
 *
 * Keeps the first CK_LINES lines of the capture, counts them all.
 */
void ck_printk(int level, const char *fmt, ...)
{
	va_list ap;

	if (!cur)
		return;
	if (cur->n < CK_LINES) {
		cur->level[cur->n] = level;
		va_start(ap, fmt);
		vsnprintf(cur->text[cur->n], CK_LINE_LEN, fmt, ap);
		va_end(ap);
	}
	cur->n++;
}

/**
 * ck_said - whether a line kept in @l contains @text
 * @l: the lines of one run
 * @text: what to look for
 */
bool ck_said(const struct ck_lines *l, const char *text)
{
	for (int i = 0; i < l->n && i < CK_LINES; i++)
		if (strstr(l->text[i], text))
			return true;
	return false;
}

/**
 * ck_count_level - how many lines kept in @l are of @max_level or more urgent
 * @l: the lines of one run
 * @max_level: 4 counts pr_warn() and pr_err()
 */
int ck_count_level(const struct ck_lines *l, int max_level)
{
	int n = 0;

	for (int i = 0; i < l->n && i < CK_LINES; i++)
		n += l->level[i] <= max_level;
	return n;
}

/**
 * ck_print_lines - print the lines of @l, each as "@indent<LEVEL> TEXT"
 * @l: the lines of one run
 * @indent: what goes before each
 */
void ck_print_lines(const struct ck_lines *l, const char *indent)
{
	for (int i = 0; i < l->n && i < CK_LINES; i++)
		printf("%s<%d> %s", indent, l->level[i], l->text[i]);
	if (l->n > CK_LINES)
		printf("%s(%d more lines)\n", indent, l->n - CK_LINES);
}
