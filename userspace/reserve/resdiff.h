/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reserve-diff, the differential test of the reservation: 6.1's own arm64
 * reserve_crashkernel() (reserve61.h) against the series'
 * reserve_crashkernel_memblock(), on one memblock.  resdiff.c runs and
 * checks one case; resdiff_named.c holds the named rows,
 * resdiff_random.c makes the random cases; resdiff_main.c runs them all.
 */
#ifndef POLICY_RESDIFF_H
#define POLICY_RESDIFF_H

#include "policy.h"
#include "cases.h"
#include "printk_capture.h"

#define PA48		(1ULL << 48)	/* arm64's PHYS_MASK + 1, 48-bit PA */
#define PA52		(1ULL << 52)
#define RD_ALIGN	MB(2)		/* arm64's CRASH_ALIGN */
#define RD_DEFAULT_LOW	MB(128)		/* arm64's CRASH_DEFAULT_LOW_SIZE */
#define RD_PAGE		KB(4)

/* What one side reserved, and the lines it printed */
struct rd_side {
	u64_t base, size;		/* main region; size 0: none */
	u64_t low_base, low_size;	/* low region; size 0: none */
	struct ck_lines msgs;
};

/* One case: a layout, a command line, both outcomes */
struct rd_case {
	const struct layout *l;
	const char *cmdline;
	struct rd_side old, new;	/* 6.1, the series */
	bool overflow61;		/* a number 6.1 read did not fit in 64 bits */
	char rerun[160];		/* the command that reruns it alone */
	char why[1024];			/* the failures, one a line */
};

#define rd_fail(c, ...)	ck_why_add((c)->why, sizeof((c)->why), __VA_ARGS__)

extern int rd_verbose;
extern int rd_max_print;	/* failing cases printed in full */
extern const char *rd_prog;

/* resdiff.c */
int rd_run_case(struct rd_case *c);
bool rd_case_failed(const struct rd_case *c);
const char *rd_allowed_name(int i);
void rd_print_case(const char *head, const struct rd_case *c);
void rd_summary(unsigned long corpus);

/* resdiff_named.c */
int rd_run_named(const char *only, int *passed, int *failed);

/* resdiff_random.c */
void rd_load_corpus(const char *dir);
int rd_corpus_size(void);
void rd_random_case(u64_t seed, u64_t index, struct layout *l, char *buf,
		    size_t len, bool *from_corpus);

#endif
