/* SPDX-License-Identifier: GPL-2.0 */
/* How the parser's harnesses print a command line (escape.c). */
#ifndef CK_ESCAPE_H
#define CK_ESCAPE_H

#include <stdio.h>

/* Write S to F in double quotes, escaping what is not printable ASCII. */
void ck_print_escaped(FILE *f, const char *s);

#endif
