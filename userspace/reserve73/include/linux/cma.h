/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/cma.h> for crash_reserve.c: cma_declare_contiguous() and the two
 * getters reserve_crashkernel_cma() uses.  side73.c implements them on the
 * same memblock (a sketch of mm/cma.c's placement, recording every call).
 */
#ifndef RD73_SHIM_CMA_H
#define RD73_SHIM_CMA_H
#include <rd73-kernel.h>

struct cma;

int cma_declare_contiguous(phys_addr_t base, phys_addr_t size,
			   phys_addr_t limit, phys_addr_t alignment,
			   unsigned int order_per_bit, bool fixed,
			   const char *name, struct cma **res_cma);
phys_addr_t cma_get_base(const struct cma *cma);
unsigned long cma_get_size(const struct cma *cma);
#endif
