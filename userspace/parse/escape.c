// SPDX-License-Identifier: GPL-2.0
/* ck_print_escaped(): a command line as the parser's harnesses print it. */
#include "escape.h"

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
