// SPDX-License-Identifier: GPL-2.0
/* ck_printk(): where the shim's pr_*() go; counts and keeps the messages. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ck_log.h"

struct ck_log ck_log;

void ck_log_reset(void)
{
	memset(&ck_log, 0, sizeof(ck_log));
}

__attribute__((format(printf, 2, 3)))
void ck_printk(int level, const char *fmt, ...)
{
	static const char tag[] = "01234567";
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

void ck_print_escaped(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
	fputc('"', f);
}
