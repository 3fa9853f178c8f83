/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 6.1's own arm64 reserve_crashkernel() (reserve61.c, the base tree's
 * text unchanged), which reserve-diff runs next to the series'
 * reserve_crashkernel_memblock() on one memblock.
 */
#ifndef POLICY_RESERVE61_H
#define POLICY_RESERVE61_H

#include <linux/types.h>
#include <linux/ioport.h>

#define CK61_MAX_INSERTED	4

extern phys_addr_t arm64_dma_phys_limit;	/* CRASH_ADDR_LOW_MAX */
extern phys_addr_t ck_high_limit;		/* PHYS_MASK + 1 */
extern struct resource ck61_crashk_res, ck61_crashk_low_res;
extern struct resource *ck61_inserted[CK61_MAX_INSERTED];
extern int ck61_nr_inserted;

void ck61_reserve_crashkernel(phys_addr_t low_limit, phys_addr_t high_limit);

#endif
