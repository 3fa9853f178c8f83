// SPDX-License-Identifier: GPL-2.0
/*
 * The one generator of random layouts: each harness gives it its own
 * constants (struct layout_gen), draws its limits itself (the policy test
 * any limits, the differentials arm64's) and what it reserves beyond the
 * random ranges (the kernel image, the device tree, Ampere Altra's
 * firmware).
 */
#include "layout.h"
#include "rng.h"

/**
 * layout_random_ram - random memory banks and no-map holes
 * @g: the case's generator
 * @l: the layout: its banks, holes and alignment are set, nothing else
 * @p: the constants
 *
 * 1 to @p->max_banks banks from one of @p->starts (or anywhere below
 * 4G), adjacent or with gaps, then 0 to @p->max_nomap no-map holes
 * inside them.
 */
void layout_random_ram(struct rng *g, struct layout *l,
		       const struct layout_gen *p)
{
	u64_t gran = p->coarse >= 100 || rng_chance(g, p->coarse) ? MB(2) :
								      KB(4);
	u64_t addr = rng_pick(g, p->starts, p->nstarts);

	l->align = p->aligns ? rng_pick(g, p->aligns, p->naligns) : p->align;
	if (rng_chance(g, p->anywhere))
		addr = rng_below(g, GB(4) / MB(2)) * MB(2);
	l->nmem = 1 + rng_below(g, p->max_banks);
	for (int i = 0; i < l->nmem; i++) {
		if (i && rng_chance(g, p->gap))
			addr += rng_chance(g, 50) ? rng_logsize(g, MB(2), GB(8), gran) :
				GB(1) - addr % GB(1);
		l->mem[i].base = addr;
		l->mem[i].size = rng_logsize(g, i ? p->bank_min : p->first_min,
					     p->bank_max, gran);
		addr += l->mem[i].size;
	}

	l->nnomap = rng_below(g, p->max_nomap + 1);
	for (int i = 0; i < l->nnomap; i++) {
		const struct range *m = &l->mem[rng_below(g, l->nmem)];
		u64_t off = rng_below(g, m->size / KB(4)) * KB(4);
		u64_t size = rng_logsize(g, KB(4), MB(512), KB(4));

		if (size > m->size - off)
			size = m->size - off;
		l->nomap[i] = (struct range){ m->base + off, size };
	}
}

/**
 * layout_random_reserved - add @n random reserved ranges to @l
 * @g: the case's generator
 * @l: the layout, its banks made
 * @n: how many (as many as fit in MAX_RANGES)
 * @p: the constants: how often a range starts at the RAM start (scarce
 *	low memory) and how often one ends at a 4G boundary
 */
void layout_random_reserved(struct rng *g, struct layout *l, int n,
			    const struct layout_gen *p)
{
	u64_t lo = l->mem[0].base, hi = layout_ram_end(l);

	for (; n > 0 && l->nres < MAX_RANGES; n--) {
		u64_t base = lo + rng_below(g, (hi - lo) / KB(4)) * KB(4);

		if (p->scarce && rng_chance(g, p->scarce))
			base = lo;	/* scarce low memory: most of it taken */
		l->res[l->nres++] = (struct range){ base,
			p->to_4g && rng_chance(g, p->to_4g) ? GB(4) - base % GB(4) :
				rng_logsize(g, KB(4), GB(2), KB(4)) };
	}
}

/**
 * layout_random_lows - the low limits a layout's is picked from
 * @g: the case's generator
 * @l: the layout, its banks made
 * @lows: LAYOUT_RANDOM_LOWS of them: a DMA limit of 1G, 2G, 3G or 4G
 *	(twice), the RAM start, the RAM end, and two places inside RAM
 *
 * Returns LAYOUT_RANDOM_LOWS.
 */
int layout_random_lows(struct rng *g, const struct layout *l, u64_t *lows)
{
	u64_t lo = l->mem[0].base, hi = layout_ram_end(l);
	int n = 0;

	lows[n++] = GB(1);
	lows[n++] = GB(2);
	lows[n++] = GB(3);
	lows[n++] = GB(4);
	lows[n++] = GB(4);
	lows[n++] = lo;
	lows[n++] = hi;
	lows[n++] = lo + rng_below(g, (hi - lo) / MB(2)) * MB(2);
	lows[n++] = lo + rng_below(g, (hi - lo) / MB(2)) * MB(2);
	return n;
}

/**
 * layout_random_taken - an offset on a range of @l that is not free
 * @g: the case's generator
 * @l: the layout
 * @off: what to return when @l reserves nothing and has no hole
 *
 * The start of a random reserved range, else of a random no-map hole.
 */
u64_t layout_random_taken(struct rng *g, const struct layout *l, u64_t off)
{
	if (l->nres)
		return l->res[rng_below(g, l->nres)].base;
	if (l->nnomap)
		return l->nomap[rng_below(g, l->nnomap)].base;
	return off;
}
