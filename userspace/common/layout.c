// SPDX-License-Identifier: GPL-2.0
/*
 * What the reservation harnesses (policy-test, reserve-diff,
 * reserve-diff73) share about a layout: loading it into memblock as at
 * boot, and its free RAM computed from the layout itself (never by asking
 * memblock).
 */
#include <linux/memblock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "layout.h"

/*
 * The count of an empty memblock type: 1 in 6.1's mm/memblock.c (one
 * region of size 0), 0 in later trees such as 7.3's; userspace/reserve73
 * builds this file with -DMEMBLOCK_EMPTY_CNT=0.
 */
#ifndef MEMBLOCK_EMPTY_CNT
#define MEMBLOCK_EMPTY_CNT	1
#endif

/* memblock as at boot: empty arrays (tools/testing/memblock's reset) */
static void memblock_reset(void)
{
	memset(memblock.memory.regions, 0,
	       memblock.memory.max * sizeof(struct memblock_region));
	memblock.memory.cnt = MEMBLOCK_EMPTY_CNT;
	memblock.memory.total_size = 0;
	memset(memblock.reserved.regions, 0,
	       memblock.reserved.max * sizeof(struct memblock_region));
	memblock.reserved.cnt = MEMBLOCK_EMPTY_CNT;
	memblock.reserved.total_size = 0;
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
}

void layout_load(const struct layout *l)
{
	memblock_reset();
	for (int i = 0; i < l->nmem; i++)
		memblock_add(l->mem[i].base, l->mem[i].size);
	for (int i = 0; i < l->nnomap; i++)
		memblock_mark_nomap(l->nomap[i].base, l->nomap[i].size);
	for (int i = 0; i < l->nres; i++)
		memblock_reserve(l->res[i].base, l->res[i].size);
}

static bool in_range(const struct range *r, int n, u64_t a)
{
	for (int i = 0; i < n; i++)
		if (a >= r[i].base && a - r[i].base < r[i].size)
			return true;
	return false;
}

static int cmp_u64(const void *a, const void *b)
{
	u64_t x = *(const u64_t *)a, y = *(const u64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The free intervals of @l with @extra reserved too, sorted and maximal:
 * cut the address space at every range's edges; a piece is free when it
 * is in a memory bank and in no no-map, reserved or @extra range.
 */
int layout_free(const struct layout *l, const struct range *extra,
		int nextra, struct range *out)
{
	u64_t edges[LAYOUT_MAX_FREE];
	int n = 0, nout = 0;

#define EDGES(arr, cnt) \
	for (int i = 0; i < (cnt); i++) { \
		edges[n++] = (arr)[i].base; \
		edges[n++] = (arr)[i].base + (arr)[i].size; \
	}
	EDGES(l->mem, l->nmem)
	EDGES(l->nomap, l->nnomap)
	EDGES(l->res, l->nres)
	EDGES(extra, nextra)
#undef EDGES
	qsort(edges, n, sizeof(edges[0]), cmp_u64);
	for (int i = 0; i + 1 < n; i++) {
		u64_t a = edges[i], b = edges[i + 1];

		if (a == b || !in_range(l->mem, l->nmem, a) ||
		    in_range(l->nomap, l->nnomap, a) ||
		    in_range(l->res, l->nres, a) ||
		    in_range(extra, nextra, a))
			continue;
		if (nout && out[nout - 1].base + out[nout - 1].size == a)
			out[nout - 1].size += b - a;
		else
			out[nout++] = (struct range){ a, b - a };
	}
	return nout;
}

bool layout_block_free(const struct layout *l, const struct range *extra,
		       int nextra, u64_t base, u64_t size)
{
	struct range fr[LAYOUT_MAX_FREE];
	int n = layout_free(l, extra, nextra, fr);

	for (int i = 0; i < n; i++)
		if (base >= fr[i].base && base - fr[i].base <= fr[i].size &&
		    size <= fr[i].size - (base - fr[i].base))
			return true;
	return false;
}

/* [base, base + size) is free RAM of @l (a block of 0 bytes is not) */
bool layout_in_free_ram(const struct layout *l, u64_t base, u64_t size)
{
	return size && base + size > base &&
	       layout_block_free(l, NULL, 0, base, size);
}

/* The largest @align-aligned free block of @l in [@a, @b) */
u64_t layout_largest_block(const struct layout *l, u64_t a, u64_t b,
			   u64_t align)
{
	struct range f[LAYOUT_MAX_FREE];
	int n = layout_free(l, NULL, 0, f);
	u64_t best = 0;

	for (int i = 0; i < n; i++) {
		u64_t s = f[i].base > a ? f[i].base : a;
		u64_t e = f[i].base + f[i].size < b ? f[i].base + f[i].size : b;

		s = (s + align - 1) / align * align;
		if (e > s && e - s > best)
			best = e - s;
	}
	return best;
}

/* Where the last bank ends */
u64_t layout_ram_end(const struct layout *l)
{
	const struct range *m = &l->mem[l->nmem - 1];

	return m->base + m->size;
}

/* System RAM: the banks' sizes */
u64_t layout_ram_total(const struct layout *l)
{
	u64_t sum = 0;

	for (int i = 0; i < l->nmem; i++)
		sum += l->mem[i].size;
	return sum;
}

/* Print the layout's banks, no-map holes, reserved ranges and free RAM. */
void layout_print_ranges(const struct layout *l)
{
	struct range f[LAYOUT_MAX_FREE];
	int n = layout_free(l, NULL, 0, f);
	const struct { const char *name; const struct range *r; int n; } kinds[] = {
		{ "memory", l->mem, l->nmem }, { "no-map", l->nomap, l->nnomap },
		{ "reserved", l->res, l->nres }, { "free", f, n },
	};

	for (unsigned int k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (int i = 0; i < kinds[k].n; i++)
			printf("  %-8s [%#14llx, %#14llx)  %llu KB\n", kinds[k].name,
			       (unsigned long long)kinds[k].r[i].base,
			       (unsigned long long)(kinds[k].r[i].base + kinds[k].r[i].size),
			       (unsigned long long)(kinds[k].r[i].size >> 10));
}
