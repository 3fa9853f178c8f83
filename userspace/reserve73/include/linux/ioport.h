/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/ioport.h> for crash_reserve.c: struct resource with the fields
 * and flags it sets, and insert_resource(), which the harness records.
 */
#ifndef RD73_SHIM_IOPORT_H
#define RD73_SHIM_IOPORT_H
#include <rd73-kernel.h>
#include <linux/range.h>

typedef phys_addr_t resource_size_t;

struct resource {
	resource_size_t start;
	resource_size_t end;
	const char *name;
	unsigned long flags;
	unsigned long desc;
};

#define IORESOURCE_SYSTEM_RAM		0x01000200
#define IORESOURCE_BUSY			0x80000000
#define IORES_DESC_CRASH_KERNEL		4

extern struct resource iomem_resource;
int insert_resource(struct resource *parent, struct resource *new);
#endif
