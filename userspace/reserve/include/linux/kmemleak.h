/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/kmemleak.h>: tools/testing/memblock's stubs plus the one crash_memblock.c uses. */
#ifndef POLICY_SHIM_KMEMLEAK_H
#define POLICY_SHIM_KMEMLEAK_H
#include <linux/types.h>
#include_next <linux/kmemleak.h>

static inline void kmemleak_ignore_phys(phys_addr_t phys)
{
}
#endif
