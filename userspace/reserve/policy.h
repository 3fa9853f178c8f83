/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy test: a memory layout (memblock.memory banks, no-map holes,
 * ranges reserved before crashkernel= is handled, the architecture's
 * limits) and a crashkernel= request, run through the real code on the
 * real memblock (harness.c) and checked against ref.c.
 */
#ifndef POLICY_H
#define POLICY_H

#include "layout.h"
#include "rng.h"

enum form {
	F_SIZE,		/* crashkernel=X */
	F_HIGH,		/* crashkernel=X,high */
	F_FIXED,	/* crashkernel=X@OFFSET, OFFSET != 0 */
	F_AT0,		/* crashkernel=X@0: placed as crashkernel=X */
};

struct request {
	enum form form;
	u64_t size;
	u64_t offset;
	bool low_given;		/* crashkernel=Y,low */
	u64_t low;		/* Y */
};

/* The default low region size, as the kernel document states it. */
#define DOC_DEFAULT_LOW	MB(128)

/* What the reference says must happen (ref.c). */
enum where {
	W_NONE,		/* nothing reserved */
	W_LOW,		/* main region in low memory [0, low limit) */
	W_HIGH,		/* main region in high memory [low limit, high limit) */
	W_ANY,		/* all memory is low: anywhere in [0, high limit) */
	W_AT,		/* exactly [offset, offset + size) */
	W_SPAN,		/* ,high's last resort: top-down in [0, high), across L */
};

struct expect {
	int err;		/* 0, -EINVAL, -ENOMEM or -ENOSPC */
	enum where where;
	u64_t size;		/* main region size */
	u64_t low_size;		/* low region size; 0: none */
	u64_t low_missing;	/* low region not had, main region kept */
	u64_t span_base;	/* W_SPAN: where top-down puts the region */
};

/* ref.c */
void ref_expect(const struct layout *l, const struct request *r,
		struct expect *e);
const char *where_name(enum where w);

/* harness.c */
struct outcome {
	int err;
	u64_t base, size, low_base, low_size, low_missing;
};
/* Run one request on one layout; 0 when every check passed. */
int run_case(const char *name, const struct layout *l, const struct request *r,
	     const struct expect *table);
void print_layout(const struct layout *l, const struct request *r);
struct stats {
	unsigned long cases, where[W_SPAN + 1], with_low, low_missing;
	unsigned long enomem, enospc, einval, glue;
};
extern struct stats stats;	/* what the reference expected, per run */
extern int verbose;
extern int quiet;		/* print nothing (failures are only counted) */

/* layouts.c, random.c */
int run_named(void);
void random_layout(u64_t seed, u64_t index, struct layout *l,
		   struct request *r);

#endif
