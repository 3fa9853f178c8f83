/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/ioport.h>: only the part of struct resource crash_memblock.c sets. */
#ifndef POLICY_SHIM_IOPORT_H
#define POLICY_SHIM_IOPORT_H
#include <linux/types.h>

struct resource {
	phys_addr_t start;
	phys_addr_t end;
	const char *name;
	unsigned long flags;
};
#endif
