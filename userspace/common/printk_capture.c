// SPDX-License-Identifier: GPL-2.0
/*
 * The one capture of pr_*(): every line is summed up in ck_log (the
 * parser's harnesses: lines per level, malformed lines, the last ones, all
 * of them as "<L>text") and goes to the struct ck_lines a reservation
 * harness (policy-test, reserve-diff, reserve-diff73) named with
 * ck_capture(), none while it named NULL.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "printk_capture.h"

struct ck_log ck_log;
static struct ck_lines *cur;

/* Start ck_log afresh */
void ck_log_reset(void)
{
	memset(&ck_log, 0, sizeof(ck_log));
}

/* Sum the line @buf (@n bytes) of @level up in ck_log */
static void ck_log_add(int level, const char *buf, size_t n)
{
	static const char tag[] = "01234567";

	if (level < 0 || level > 7)
		level = 0;
	ck_log.lines[level]++;
	ck_log.total++;
	/* One line: a '\n' at the end and nowhere else. */
	if (!n || buf[n - 1] != '\n' || memchr(buf, '\n', n - 1))
		ck_log.malformed++;
	snprintf(ck_log.last, sizeof(ck_log.last), "%s", buf);
	if (level == 4)
		snprintf(ck_log.last_warn, sizeof(ck_log.last_warn), "%s", buf);
	if (ck_log.all_len < sizeof(ck_log.all) - 1)
		ck_log.all_len += snprintf(ck_log.all + ck_log.all_len,
					   sizeof(ck_log.all) - ck_log.all_len,
					   "<%c>%s", tag[level], buf);
	if (ck_log.all_len > sizeof(ck_log.all) - 1)
		ck_log.all_len = sizeof(ck_log.all) - 1;
}

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
 * Sums the line up in ck_log; keeps the first CK_LINES lines of the
 * capture, counts them all.
 */
void ck_printk(int level, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	size_t n;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0)
		len = 0;
	n = (size_t)len < sizeof(buf) ? (size_t)len : sizeof(buf) - 1;
	ck_log_add(level, buf, n);
	if (!cur)
		return;
	if (cur->n < CK_LINES) {
		size_t kept = n < CK_LINE_LEN - 1 ? n : CK_LINE_LEN - 1;

		cur->level[cur->n] = level;
		memcpy(cur->text[cur->n], buf, kept);	/* cut to CK_LINE_LEN */
		cur->text[cur->n][kept] = 0;
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
