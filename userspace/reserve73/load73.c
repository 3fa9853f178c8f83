// SPDX-License-Identifier: GPL-2.0
/*
 * Load a layout into 7.3's memblock as at boot.  userspace/reserve/
 * layout.c's layout_load() resets memblock as 6.1 has it (an empty type
 * has cnt 1); 7.3's has cnt 0 (tools/testing/memblock/tests/common.c's
 * reset_memblock_regions() of the same tree), so this is that reset and
 * the same loading: memblock_add() per bank, memblock_mark_nomap() per
 * no-map hole, memblock_reserve() per reserved range.
 */
#include <linux/memblock.h>
#include <string.h>
#include "policy.h"
#include "rd73.h"

void rd73_layout_load(const struct layout *l)
{
	memset(memblock.memory.regions, 0,
	       memblock.memory.cnt * sizeof(struct memblock_region));
	memblock.memory.cnt = 0;
	memblock.memory.total_size = 0;
	memset(memblock.reserved.regions, 0,
	       memblock.reserved.cnt * sizeof(struct memblock_region));
	memblock.reserved.cnt = 0;
	memblock.reserved.total_size = 0;
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	for (int i = 0; i < l->nmem; i++)
		memblock_add(l->mem[i].base, l->mem[i].size);
	for (int i = 0; i < l->nnomap; i++)
		memblock_mark_nomap(l->nomap[i].base, l->nomap[i].size);
	for (int i = 0; i < l->nres; i++)
		memblock_reserve(l->res[i].base, l->res[i].size);
}
