/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <asm/page.h> for crash_reserve.c: what arm64's <asm/crash_reserve.h>
 * names.  CRASH_ADDR_LOW_MAX is arm64_dma_phys_limit and
 * CRASH_ADDR_HIGH_MAX is PHYS_MASK + 1: both are the layout's, set by the
 * harness (side73.c) before each run.
 */
#ifndef RD73_SHIM_ASM_PAGE_H
#define RD73_SHIM_ASM_PAGE_H
#include <rd73-kernel.h>

extern phys_addr_t arm64_dma_phys_limit;
extern phys_addr_t ck_phys_mask;
#define PHYS_MASK	ck_phys_mask
#endif
