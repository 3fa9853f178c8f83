// SPDX-License-Identifier: GPL-2.0
/*
 * The libFuzzer entry point shared by the fuzz harness (harness.c) and the
 * differential test (diff.c): decode the input, hand it to
 * ck_check_input().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

int ck_verbose;

/* Decode one input: 8 bytes of RAM size (little endian), the command line */
int ck_decode(const uint8_t *data, size_t size, unsigned long long *ram,
	      char **cmdline)
{
	size_t i;

	if (size < 8)
		return -1;
	*ram = 0;
	for (i = 0; i < 8; i++)
		*ram |= (unsigned long long)data[i] << (8 * i);
	/* An exact-size copy, so that ASan sees any read past the NUL */
	*cmdline = malloc(size - 8 + 1);
	if (!*cmdline)
		abort();
	memcpy(*cmdline, data + 8, size - 8);
	(*cmdline)[size - 8] = '\0';
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long long ram;
	char *cmdline;

	if (ck_decode(data, size, &ram, &cmdline))
		return 0;
	ck_check_input(cmdline, ram);
	free(cmdline);
	return 0;
}
