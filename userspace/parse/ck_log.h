/* SPDX-License-Identifier: GPL-2.0 */
/* Capture of the parser's pr_*() output (see include/linux/printk.h). */
#ifndef CK_LOG_H
#define CK_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

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

/* Write S to F in double quotes, escaping what is not printable ASCII. */
void ck_print_escaped(FILE *f, const char *s);

#endif
