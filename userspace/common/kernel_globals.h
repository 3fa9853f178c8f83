/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's globals the reservation code and tools/testing/memblock's
 * shims use, defined once for every harness (kernel_globals.c).
 */
#ifndef CK_KERNEL_GLOBALS_H
#define CK_KERNEL_GLOBALS_H

#include <stdbool.h>

#define CK_COMMAND_LINE_SIZE	2048	/* arm64's COMMAND_LINE_SIZE */

extern char boot_command_line[CK_COMMAND_LINE_SIZE];
extern bool movable_node_enabled;

#endif
