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

static const u64_t starts[] = { 0, MB(2), GB(1), GB(1), GB(2), GB(32),
				GB(512) };
static const u64_t aligns[] = { KB(4), KB(64), MB(2), MB(2), MB(2), MB(2),
				MB(2), MB(16), GB(1) };

/*
 * 1-5 banks, 0-4 no-map holes, 0-6 reserved ranges (sometimes most of
 * low memory), any alignment the generic code takes.
 */
static const struct layout_gen policy_gen = {
	.starts = starts, .nstarts = 7, .aligns = aligns, .naligns = 9,
	LAYOUT_GEN_POLICY,
};

static void gen_layout(struct rng *g, struct layout *l)
{
	u64_t lo, hi, lows[LAYOUT_RANDOM_LOWS + 1];
	int n;

	layout_random_ram(g, l, &policy_gen);
	lo = l->mem[0].base;
	hi = layout_ram_end(l);
	layout_random_reserved(g, l, rng_below(g, 7), &policy_gen);

	/* The low limit: a DMA limit, or one inside or below RAM, or 0. */
	n = layout_random_lows(g, l, lows);
	lows[n++] = 0;
	l->low_limit = rng_pick(g, lows, n);
	l->high_limit = rng_chance(g, 60) ? PA48 : rng_chance(g, 50) ? hi :
			lo + (1 + rng_below(g, (hi - lo) / MB(2))) * MB(2);
	if (l->high_limit <= l->low_limit || rng_chance(g, 15))
		l->low_limit = l->high_limit;	/* no DMA zones: all low */
}

static void gen_request(struct rng *g, const struct layout *l,
			struct request *r)
{
	static const enum form forms[] = { F_SIZE, F_SIZE, F_SIZE, F_SIZE,
		F_HIGH, F_HIGH, F_HIGH, F_FIXED, F_FIXED, F_FIXED, F_AT0 };
	u64_t lo = l->mem[0].base, hi = layout_ram_end(l);
	const struct range *m = &l->mem[rng_below(g, l->nmem)];

	r->form = forms[rng_below(g, 11)];
	switch (rng_below(g, 4)) {
	case 0:		/* a bank, a hole or a reserved range's size */
		r->size = rng_chance(g, 50) ? m->size :
			  l->nnomap ? l->nomap[rng_below(g, l->nnomap)].size :
			  MB(128);
		break;
	case 1:		/* what is left below the low limit */
		r->size = l->low_limit > lo && l->low_limit < hi ?
			  l->low_limit - lo - rng_below(g, 4) * l->align :
			  MB(256);
		break;
	default:
		r->size = rng_logsize(g, MB(1), rng_chance(g, 20) ? GB(32) : GB(4), KB(4));
		break;
	}
	if (!r->size || r->size > GB(64))
		r->size = MB(64);
	if (rng_chance(g, 5))	/* not whole pages */
		r->size += 1 + rng_below(g, KB(4) - 1);

	if (r->form == F_FIXED) {
		u64_t off = m->base + rng_below(g, m->size / KB(4)) * KB(4);

		switch (rng_below(g, 10)) {
		case 0:		/* on a reserved or no-map range */
			off = layout_random_taken(g, l, off);
			break;
		case 1:		/* anywhere, RAM or not */
			off = rng_below(g, hi + GB(2));
			break;
		case 2:		/* at the high limit's edge */
			if (l->high_limit > r->size)
				off = l->high_limit - r->size +
				      rng_below(g, 3) * l->align;
			break;
		case 3:		/* at the end of the bank */
			if (m->size > r->size)
				off = m->base + m->size - r->size;
			break;
		default:
			break;
		}
		if (!rng_chance(g, 10))
			off -= off % l->align;
		r->offset = off ? off : l->align;
	}

	r->low_given = rng_chance(g, 40);
	if (r->low_given)
		r->low = rng_chance(g, 25) ? 0 : rng_logsize(g, KB(4), GB(2), KB(4)) +
			 (rng_chance(g, 5) ? 1 + rng_below(g, KB(4) - 1) : 0);
}

void random_layout(u64_t seed, u64_t index, struct layout *l,
		   struct request *r)
{
	struct rng g = rng_for_case(seed, index);

	*l = (struct layout){ 0 };
	*r = (struct request){ 0 };
	gen_layout(&g, l);
	gen_request(&g, l, r);
}
