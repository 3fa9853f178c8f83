// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded random layouts and requests.  Layout @index of seed @seed comes
 * from its own generator state, so any one can be rerun alone
 * (policy-test --seed S --only INDEX).  The generator only aims at the
 * interesting edges (sizes that just fit, offsets on reserved ranges,
 * limits below RAM, low == high); what must happen is ref.c's business.
 */
#include "policy.h"

#define PA48	(1ULL << 48)

static u64_t next(struct rng *g)
{
	/* splitmix64 */
	u64_t z = (g->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64_t below(struct rng *g, u64_t n)
{
	return n ? next(g) % n : 0;
}

static bool chance(struct rng *g, int percent)
{
	return below(g, 100) < (u64_t)percent;
}

/* About log-uniform in [lo, hi], a multiple of @gran (at least @gran). */
static u64_t logsize(struct rng *g, u64_t lo, u64_t hi, u64_t gran)
{
	int lb = 63 - __builtin_clzll(lo), hb = 63 - __builtin_clzll(hi);
	int b = lb + (int)below(g, hb - lb + 1);
	u64_t v = (1ULL << b) + below(g, 1ULL << b);

	if (v < lo)
		v = lo;
	if (v > hi)
		v = hi;
	v -= v % gran;
	return v ? v : gran;
}

static u64_t pick(struct rng *g, const u64_t *v, int n)
{
	return v[below(g, n)];
}

static u64_t ram_end(const struct layout *l)
{
	const struct range *m = &l->mem[l->nmem - 1];

	return m->base + m->size;
}

static void gen_layout(struct rng *g, struct layout *l)
{
	static const u64_t aligns[] = { KB(4), KB(64), MB(2), MB(2), MB(2),
					MB(2), MB(2), MB(16), GB(1) };
	static const u64_t starts[] = { 0, MB(2), GB(1), GB(1), GB(2),
					GB(32), GB(512) };
	u64_t gran = chance(g, 70) ? MB(2) : KB(4);
	u64_t addr = pick(g, starts, 7), lo, hi;

	l->align = pick(g, aligns, 9);
	if (chance(g, 15))
		addr = below(g, GB(4) / MB(2)) * MB(2);
	l->nmem = 1 + below(g, 5);
	for (int i = 0; i < l->nmem; i++) {
		if (i && chance(g, 60))
			addr += chance(g, 50) ? logsize(g, MB(2), GB(8), gran) :
				GB(1) - addr % GB(1);
		l->mem[i].base = addr;
		l->mem[i].size = logsize(g, MB(64), GB(16), gran);
		addr += l->mem[i].size;
	}
	lo = l->mem[0].base;
	hi = ram_end(l);

	l->nnomap = below(g, 5);
	for (int i = 0; i < l->nnomap; i++) {
		const struct range *m = &l->mem[below(g, l->nmem)];
		u64_t off = below(g, m->size / KB(4)) * KB(4);
		u64_t size = logsize(g, KB(4), MB(512), KB(4));

		if (size > m->size - off)
			size = m->size - off;
		l->nomap[i] = (struct range){ m->base + off, size };
	}

	l->nres = below(g, 7);
	for (int i = 0; i < l->nres; i++) {
		u64_t base = lo + below(g, (hi - lo) / KB(4)) * KB(4);

		if (chance(g, 10))	/* scarce low memory: most of it taken */
			base = lo;
		l->res[i] = (struct range){ base,
			chance(g, 20) ? GB(4) - base % GB(4) :
					logsize(g, KB(4), GB(2), KB(4)) };
	}

	/* The low limit: a DMA limit, or one inside or below RAM. */
	const u64_t lows[] = { GB(1), GB(2), GB(3), GB(4), GB(4), lo, hi,
		lo + below(g, (hi - lo) / MB(2)) * MB(2),
		lo + below(g, (hi - lo) / MB(2)) * MB(2), 0 };
	l->low_limit = pick(g, lows, 10);
	l->high_limit = chance(g, 60) ? PA48 : chance(g, 50) ? hi :
			lo + (1 + below(g, (hi - lo) / MB(2))) * MB(2);
	if (l->high_limit <= l->low_limit || chance(g, 15))
		l->low_limit = l->high_limit;	/* no DMA zones: all low */
}

static void gen_request(struct rng *g, const struct layout *l,
			struct request *r)
{
	static const enum form forms[] = { F_SIZE, F_SIZE, F_SIZE, F_SIZE,
		F_HIGH, F_HIGH, F_HIGH, F_FIXED, F_FIXED, F_FIXED, F_AT0 };
	u64_t lo = l->mem[0].base, hi = ram_end(l);
	const struct range *m = &l->mem[below(g, l->nmem)];

	r->form = forms[below(g, 11)];
	switch (below(g, 4)) {
	case 0:		/* a bank, a hole or a reserved range's size */
		r->size = chance(g, 50) ? m->size :
			  l->nnomap ? l->nomap[below(g, l->nnomap)].size :
			  MB(128);
		break;
	case 1:		/* what is left below the low limit */
		r->size = l->low_limit > lo && l->low_limit < hi ?
			  l->low_limit - lo - below(g, 4) * l->align :
			  MB(256);
		break;
	default:
		r->size = logsize(g, MB(1), chance(g, 20) ? GB(32) : GB(4), KB(4));
		break;
	}
	if (!r->size || r->size > GB(64))
		r->size = MB(64);
	if (chance(g, 5))	/* not whole pages */
		r->size += 1 + below(g, KB(4) - 1);

	if (r->form == F_FIXED) {
		u64_t off = m->base + below(g, m->size / KB(4)) * KB(4);

		switch (below(g, 10)) {
		case 0:		/* on a reserved or no-map range */
			if (l->nres)
				off = l->res[below(g, l->nres)].base;
			else if (l->nnomap)
				off = l->nomap[below(g, l->nnomap)].base;
			break;
		case 1:		/* anywhere, RAM or not */
			off = below(g, hi + GB(2));
			break;
		case 2:		/* at the high limit's edge */
			if (l->high_limit > r->size)
				off = l->high_limit - r->size +
				      below(g, 3) * l->align;
			break;
		case 3:		/* at the end of the bank */
			if (m->size > r->size)
				off = m->base + m->size - r->size;
			break;
		default:
			break;
		}
		if (!chance(g, 10))
			off -= off % l->align;
		r->offset = off ? off : l->align;
	}

	r->low_given = chance(g, 40);
	if (r->low_given)
		r->low = chance(g, 25) ? 0 : logsize(g, KB(4), GB(2), KB(4)) +
			 (chance(g, 5) ? 1 + below(g, KB(4) - 1) : 0);
}

void random_layout(u64_t seed, u64_t index, struct layout *l,
		   struct request *r)
{
	struct rng g = { seed * 0x9e3779b97f4a7c15ULL ^ index };

	*l = (struct layout){ 0 };
	*r = (struct request){ 0 };
	for (int i = 0; i < 4; i++)
		next(&g);
	gen_layout(&g, l);
	gen_request(&g, l, r);
}
