// SPDX-License-Identifier: GPL-2.0
/*
 * The parser's exact lines: run each row of the table userspace/parse/lines through
 * the entry point it names, in kernel/crash_parse.c built unchanged, and
 * compare the result and every line printed with the row.  Prints
 * "ok NAME" or "FAIL NAME: ..." per row and exits 1 if any failed.
 *
 *   lines TABLE
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/crash_core.h>
#include <linux/crashkernel.h>

#include "printk_capture.h"

#define MAX_COLS	16

struct outcome {
	int ret;
	struct crashkernel_request req;
};

static char *trim(char *s)
{
	char *e = s + strlen(s);

	while (*s == ' ' || *s == '\t')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* "2G", "512M", "0": a number with an optional K/M/G/T suffix */
static int number(const char *s, unsigned long long *v)
{
	static const char suffixes[] = "KMGT";
	char *end;
	const char *p;

	*v = strtoull(s, &end, 0);
	if (end == s)
		return -1;
	if (*end && (p = strchr(suffixes, *end))) {
		*v <<= 10 * (p - suffixes + 1);
		end++;
	}
	return *end ? -1 : 0;
}

/* The result column: refused, absent, or size=X base=X low=X fixed high */
static int expected(char *col, struct outcome *o)
{
	char *tok, *save;

	memset(o, 0, sizeof(*o));
	for (tok = strtok_r(col, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (!strcmp(tok, "refused"))
			o->ret = -EINVAL;
		else if (!strcmp(tok, "absent"))
			o->ret = -ENOENT;
		else if (!strcmp(tok, "fixed"))
			o->req.fixed_base = true;
		else if (!strcmp(tok, "high"))
			o->req.high = true;
		else if (!strncmp(tok, "size=", 5) && !number(tok + 5, &o->req.size))
			;
		else if (!strncmp(tok, "base=", 5) && !number(tok + 5, &o->req.base))
			;
		else if (!strncmp(tok, "low=", 4) && !number(tok + 4, &o->req.low_size))
			o->req.low_given = true;
		else
			return -1;
	}
	return 0;
}

/* Call @entry on @cmdline; NULL when @entry is not an entry point */
static const char *call(const char *entry, const char *cmdline,
			unsigned long long ram, struct outcome *o)
{
	char *copy = strdup(cmdline);
	unsigned long long size = 0, base = 0;

	memset(o, 0, sizeof(*o));
	ck_log_reset();
	if (!strcmp(entry, "request")) {
		o->ret = parse_crashkernel_request(cmdline, ram, &o->req);
	} else {
		if (!strcmp(entry, "plain"))
			o->ret = parse_crashkernel(copy, ram, &size, &base);
		else if (!strcmp(entry, "high"))
			o->ret = parse_crashkernel_high(copy, ram, &size, &base);
		else if (!strcmp(entry, "low"))
			o->ret = parse_crashkernel_low(copy, ram, &size, &base);
		else
			entry = NULL;
		o->req.size = size;
		o->req.base = base;
	}
	free(copy);
	return entry;
}

static void show(const char *what, const struct outcome *o)
{
	printf("     %s: ret=%d size=%#llx base=%#llx low=%#llx fixed=%d high=%d low_given=%d\n",
	       what, o->ret, o->req.size, o->req.base, o->req.low_size,
	       o->req.fixed_base, o->req.high, o->req.low_given);
}

/* The lines printed (ck_log.all: "<L>text\n" each) against @want */
static int same_lines(char **want, int nwant)
{
	const char *p = ck_log.all;
	int i;

	for (i = 0; i < nwant; i++) {
		size_t n = strlen(want[i]);

		if (p[0] != '<' || !p[1] || p[2] != '>')
			return 0;
		p += 3;
		if (strncmp(p, want[i], n) || p[n] != '\n')
			return 0;
		p += n + 1;
	}
	return !*p;
}

/* One row; returns 0 when it passed */
static int check_row(char *line, int lineno)
{
	char *col[MAX_COLS], *c;
	int ncol = 0, i;
	unsigned long long ram;
	struct outcome want, got;
	const char *why = NULL;

	while ((c = strsep(&line, "|")) && ncol < MAX_COLS)
		col[ncol++] = trim(c);
	if (ncol < 5 || number(col[1], &ram) || expected(col[4], &want)) {
		printf("FAIL line %d: not name | RAM | entry | cmdline | result | line...\n",
		       lineno);
		return 1;
	}
	if (!call(col[2], col[3], ram, &got))
		why = "unknown entry point";
	else if (got.ret != want.ret || got.req.size != want.req.size ||
		 got.req.base != want.req.base ||
		 got.req.low_size != want.req.low_size ||
		 got.req.fixed_base != want.req.fixed_base ||
		 got.req.high != want.req.high ||
		 got.req.low_given != want.req.low_given)
		why = "result";
	else if (!same_lines(col + 5, ncol - 5))
		why = "lines";
	if (!why) {
		printf("ok   %s\n", col[0]);
		return 0;
	}
	printf("FAIL %s: %s differs (%s, RAM %s, \"%s\")\n", col[0], why,
	       col[2], col[1], col[3]);
	show("expected", &want);
	show("got     ", &got);
	printf("     expected lines:\n");
	for (i = 5; i < ncol; i++)
		printf("       %s\n", col[i]);
	printf("     got lines:\n%s", ck_log.all);
	return 1;
}

int main(int argc, char **argv)
{
	char buf[4096];
	int lineno = 0, passed = 0, failed = 0;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: %s TABLE\n", argv[0]);
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	while (fgets(buf, sizeof(buf), f)) {
		char *s = trim(buf);

		lineno++;
		if (!*s || *s == '#')
			continue;
		if (check_row(s, lineno))
			failed++;
		else
			passed++;
	}
	fclose(f);
	printf("lines summary: %d rows, %d ok, %d failing\n", passed + failed,
	       passed, failed);
	return failed ? 1 : 0;
}
