/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seeded generator of the random cases (rng.c, splitmix64): each case
 * of a seed has its own state, so that any one can be rerun alone; and
 * the number formatter that writes a size as users do.
 */
#ifndef CK_RNG_H
#define CK_RNG_H

#include <stddef.h>
#include "types.h"

struct rng {
	u64_t s;
};

struct rng rng_for_case(u64_t seed, u64_t index);
u64_t rng_next(struct rng *g);
u64_t rng_below(struct rng *g, u64_t n);
bool rng_chance(struct rng *g, int percent);
u64_t rng_logsize(struct rng *g, u64_t lo, u64_t hi, u64_t gran);
u64_t rng_pick(struct rng *g, const u64_t *v, int n);
int rng_fmt_size(struct rng *g, char *buf, size_t len, u64_t v, int ways);

#endif
