/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one capture of the kernel's pr_*() lines (printk_capture.c): the
 * shims send every pr_*() of mm/memblock.c, the reservation code and the
 * parser to ck_printk(), which sums every line up in ck_log (the parser's
 * harnesses read it) and keeps it in the struct ck_lines a reservation
 * harness named last.  Plain types only: kernel text and harness code
 * both include it.
 */
#ifndef CK_PRINTK_CAPTURE_H
#define CK_PRINTK_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

/* Every line since ck_log_reset(), summed up */
struct ck_log {
	int lines[8];		/* messages per log level (0..7) */
	int total;		/* all messages */
	int malformed;		/* messages not ending in exactly one '\n' */
	char last[4096];	/* text of the last message */
	char last_warn[4096];	/* text of the last pr_warn() */
	char all[4096];		/* all messages, for diagnostics (truncated) */
	size_t all_len;
};

extern struct ck_log ck_log;

void ck_log_reset(void);

#define CK_LINES	12	/* lines kept; more are only counted */
#define CK_LINE_LEN	256

/* The lines one run printed */
struct ck_lines {
	int n;				/* lines printed, kept or not */
	int level[CK_LINES];		/* 0..7, as KERN_* */
	char text[CK_LINES][CK_LINE_LEN];
};

void ck_capture(struct ck_lines *to);
void ck_printk(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool ck_said(const struct ck_lines *l, const char *text);
int ck_count_level(const struct ck_lines *l, int max_level);
void ck_print_lines(const struct ck_lines *l, const char *indent);

#endif
