/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CK_HARNESS_H
#define CK_HARNESS_H

#include <stddef.h>
#include <stdint.h>

extern int ck_verbose;

int ck_decode(const uint8_t *data, size_t size, unsigned long long *ram,
	      char **cmdline);
void ck_check_input(const char *cmdline, unsigned long long ram);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
