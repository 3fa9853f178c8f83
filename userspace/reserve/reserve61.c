// SPDX-License-Identifier: GPL-2.0
/*
 * 6.1's own arm64 reserve_crashkernel() and reserve_crashkernel_low(),
 * built unchanged in user space next to the series' glue: this file only
 * supplies what they use, then includes the text extract61-reserve.sh
 * copied out of the base tree's arch/arm64/mm/init.c (never stored in
 * this repository).
 *
 * What the text gets here:
 *  - parse_crashkernel(), _high() and _low(): 6.1's own parser as
 *    userspace/parse/base61.c builds it (the ck61_ names, linked from base61.o);
 *  - memblock_phys_alloc_range(), memblock_phys_free() and
 *    memblock_phys_mem_size(): the real mm/memblock.c the series' glue
 *    runs on (the harness loads the same layout before each side);
 *  - crashk_res and crashk_low_res: copies of its own, ck61_crashk_res and
 *    ck61_crashk_low_res, so that the series' are untouched;
 *  - insert_resource(): a stub that records what was inserted;
 *  - arm64_dma_phys_limit and PHYS_MASK: the layout's low limit, and its
 *    high limit minus one (CRASH_ADDR_HIGH_MAX is PHYS_MASK + 1), both set
 *    by ck61_reserve_crashkernel();
 *  - pr_*(): ck_printk(), as for the series' side; kmemleak_ignore_phys()
 *    and __init: the policy shims; CONFIG_KEXEC_CORE is defined.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/kconfig.h>
#include <linux/sizes.h>
#include <linux/mm.h>
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/kmemleak.h>
#include <linux/ioport.h>
#include <linux/printk.h>
#include <string.h>

#include "../parse/base61.h"
#include "reserve61.h"

#ifndef CONFIG_KEXEC_CORE
#error "6.1's reserve_crashkernel() does nothing without CONFIG_KEXEC_CORE"
#endif

phys_addr_t arm64_dma_phys_limit;
phys_addr_t ck_high_limit;
#define PHYS_MASK		(ck_high_limit - 1)

struct resource ck61_crashk_res, ck61_crashk_low_res;
struct resource *ck61_inserted[CK61_MAX_INSERTED];
int ck61_nr_inserted;

static struct resource iomem_resource;

/* Records the resource; the harness checks it against what was reserved */
static int insert_resource(struct resource *parent, struct resource *new)
{
	if (parent != &iomem_resource)
		return -EINVAL;
	if (ck61_nr_inserted < CK61_MAX_INSERTED)
		ck61_inserted[ck61_nr_inserted] = new;
	ck61_nr_inserted++;
	return 0;
}

#define crashk_res		ck61_crashk_res
#define crashk_low_res		ck61_crashk_low_res
#define parse_crashkernel	ck61_parse_crashkernel
#define parse_crashkernel_high	ck61_parse_crashkernel_high
#define parse_crashkernel_low	ck61_parse_crashkernel_low

#include "reserve61-init.c"

#undef crashk_res
#undef crashk_low_res

/**
 * ck61_reserve_crashkernel - run 6.1's arm64 reserve_crashkernel()
 * @low_limit: arm64_dma_phys_limit (CRASH_ADDR_LOW_MAX)
 * @high_limit: PHYS_MASK + 1 (CRASH_ADDR_HIGH_MAX)
 *
 * Parses boot_command_line with 6.1's parser and reserves on memblock as
 * it is; the result is in ck61_crashk_res and ck61_crashk_low_res (zeroed
 * first), the resources inserted in ck61_inserted[].  ck61_overflow tells
 * whether a number 6.1 read did not fit in 64 bits.
 */
void ck61_reserve_crashkernel(phys_addr_t low_limit, phys_addr_t high_limit)
{
	arm64_dma_phys_limit = low_limit;
	ck_high_limit = high_limit;
	memset(&ck61_crashk_res, 0, sizeof(ck61_crashk_res));
	memset(&ck61_crashk_low_res, 0, sizeof(ck61_crashk_low_res));
	ck61_nr_inserted = 0;
	ck61_overflow = false;
	reserve_crashkernel();
}
