// SPDX-License-Identifier: GPL-2.0
/*
 * The seeded generator every harness's random cases come from
 * (splitmix64), its helpers, and the number formatter of the command
 * lines they write.
 */
#include <stdio.h>
#include "rng.h"

/**
 * rng_for_case - the generator state of case @index of seed @seed
 * @seed: the run's seed
 * @index: the case
 */
struct rng rng_for_case(u64_t seed, u64_t index)
{
	struct rng g = { seed * 0x9e3779b97f4a7c15ULL ^ index };

	for (int i = 0; i < 4; i++)
		rng_next(&g);
	return g;
}

u64_t rng_next(struct rng *g)
{
	/* splitmix64 */
	u64_t z = (g->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

u64_t rng_below(struct rng *g, u64_t n)
{
	return n ? rng_next(g) % n : 0;
}

bool rng_chance(struct rng *g, int percent)
{
	return rng_below(g, 100) < (u64_t)percent;
}

/* About log-uniform in [lo, hi], a multiple of @gran (at least @gran). */
u64_t rng_logsize(struct rng *g, u64_t lo, u64_t hi, u64_t gran)
{
	int lb = 63 - __builtin_clzll(lo), hb = 63 - __builtin_clzll(hi);
	int b = lb + (int)rng_below(g, hb - lb + 1);
	u64_t v = (1ULL << b) + rng_below(g, 1ULL << b);

	if (v < lo)
		v = lo;
	if (v > hi)
		v = hi;
	v -= v % gran;
	return v ? v : gran;
}

u64_t rng_pick(struct rng *g, const u64_t *v, int n)
{
	return v[rng_below(g, n)];
}

/**
 * rng_fmt_size - write @v as a user writes a size in crashkernel=
 * @g: the case's generator
 * @buf: where, @len bytes
 * @len: its size
 * @v: the size
 * @ways: one in @ways in hex, one in @ways in decimal, the others with
 *	the largest suffix (K, M, G, ...) that keeps it whole, sometimes a
 *	smaller one or in lower case
 *
 * In 2% of the sizes, @v plus 2^64 instead: a number past 64 bits, which
 * 6.1 wrapped back to @v.  Returns what snprintf() returns.
 */
int rng_fmt_size(struct rng *g, char *buf, size_t len, u64_t v, int ways)
{
	static const char sfx[] = "KMGTPE";
	int unit = 0;

	if (rng_chance(g, 2)) {
		if (v % GB(1) == 0)
			return snprintf(buf, len, "%lluG",
					X((v >> 30) + (1ULL << 34)));
		return snprintf(buf, len, "0x1%016llx", X(v));
	}
	while (unit < 6 && v && !(v & ((1ULL << (10 * (unit + 1))) - 1)))
		unit++;
	switch (rng_below(g, ways)) {
	case 0:
		return snprintf(buf, len, "%#llx", X(v));
	case 1:
		return snprintf(buf, len, "%llu", X(v));
	default:
		if (!unit)
			return snprintf(buf, len, "%llu", X(v));
		/* sometimes a smaller unit than the largest that fits */
		if (unit > 1 && rng_chance(g, 30))
			unit = 1 + rng_below(g, unit);
		return snprintf(buf, len, "%llu%c", X(v >> (10 * unit)),
				rng_chance(g, 10) ? sfx[unit - 1] | 0x20 :
						sfx[unit - 1]);
	}
}
