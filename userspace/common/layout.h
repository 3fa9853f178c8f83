/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A memory layout as the reservation harnesses give memblock one:
 * memblock.memory banks, no-map holes, ranges reserved before
 * crashkernel= is handled, and the architecture's limits.  layout.c
 * loads one into memblock and reads its free RAM from the layout itself
 * (never by asking memblock); layout_random.c makes random ones from a
 * struct layout_gen of constants.
 */
#ifndef CK_LAYOUT_H
#define CK_LAYOUT_H

#include "types.h"

struct rng;

/* Fewer regions than INIT_MEMBLOCK_REGIONS (128): the arrays never grow. */
#define MAX_RANGES	24

struct range {
	u64_t base;
	u64_t size;
};

struct layout {
	int nmem, nnomap, nres;
	struct range mem[MAX_RANGES];	/* memblock_add() */
	struct range nomap[MAX_RANGES];	/* memblock_mark_nomap() */
	struct range res[MAX_RANGES];	/* memblock_reserve() */
	u64_t low_limit;		/* crash_reserve_limits */
	u64_t high_limit;
	u64_t align;
};

/* layout.c */
#define LAYOUT_MAX_FREE	(8 * MAX_RANGES + 8)
void layout_load(const struct layout *l);
int layout_free(const struct layout *l, const struct range *extra,
		int nextra, struct range *out);
bool layout_block_free(const struct layout *l, const struct range *extra,
		       int nextra, u64_t base, u64_t size);
bool layout_in_free_ram(const struct layout *l, u64_t base, u64_t size);
u64_t layout_largest_block(const struct layout *l, u64_t a, u64_t b,
			   u64_t align);
u64_t layout_ram_end(const struct layout *l);
u64_t layout_ram_total(const struct layout *l);
void layout_print_ranges(const struct layout *l);

/* layout_random.c: the constants of a random layout */
struct layout_gen {
	const u64_t *starts;	/* where the first bank starts, drawn */
	int nstarts;
	int anywhere;		/* %: instead anywhere below 4G, 2M-aligned */
	const u64_t *aligns;	/* the alignment, drawn; NULL: align */
	int naligns;
	u64_t align;
	int coarse;		/* %: banks 2M-granular, else 4K (100: not drawn) */
	int max_banks;
	int gap;		/* %: a gap before a bank but the first */
	u64_t first_min;	/* the first bank's least size */
	u64_t bank_min, bank_max;
	int max_nomap;		/* 0 to max_nomap no-map holes */
	int scarce;		/* %: a reserved range from the RAM start (0: not drawn) */
	int to_4g;		/* %: a reserved range up to a 4G boundary (0: not drawn) */
};

/*
 * The ranges policy-test draws, which reserve-diff draws too: 1-5 banks
 * of 64M-16G (2M-granular in 70%), 0-4 no-map holes, reserved ranges
 * sometimes from the RAM start or up to a 4G boundary.
 */
#define LAYOUT_GEN_POLICY \
	.anywhere = 15, .coarse = 70, .max_banks = 5, .gap = 60, \
	.first_min = MB(64), .bank_min = MB(64), .bank_max = GB(16), \
	.max_nomap = 4, .scarce = 10, .to_4g = 20

#define LAYOUT_RANDOM_LOWS	9

void layout_random_ram(struct rng *g, struct layout *l,
		       const struct layout_gen *p);
int layout_random_lows(struct rng *g, const struct layout *l, u64_t *lows);
u64_t layout_random_taken(struct rng *g, const struct layout *l, u64_t off);
void layout_random_reserved(struct rng *g, struct layout *l, int n,
			    const struct layout_gen *p);

#endif
