/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reserve-diff73: stock 7.3's crashkernel= reservation next to the
 * series', on one memblock.  side73.c runs one side; resdiff73.c
 * compares; gen73.c makes random layouts and command lines; named73.c
 * holds the named rows.  Plain types here: side73.c includes the kernel
 * shims, whose struct range is not userspace/common/layout.h's.
 */
#ifndef RD73_H
#define RD73_H

#include <stdbool.h>
#include "printk_capture.h"

struct layout;				/* userspace/common/layout.h */

enum rd73_side { RD73_STOCK, RD73_SERIES };

/* What one side did with one command line on one layout */
struct rd73_out {
	unsigned long long base, size;		/* crashk_res; size 0: none */
	unsigned long long low_base, low_size;	/* crashk_low_res */
	unsigned long long cma_total, cma_base;	/* CMA areas: bytes, first */
	int cma_calls, cma_n;			/* cma_declare_contiguous() */
	bool hung;		/* searched more than RD73_MAX_ALLOCS windows */
	bool overflow;		/* stock: memparse() read a number past 64 bits */
	/* parse_crashkernel() as arch_reserve_crashkernel() called it */
	int ret;		/* 1: not called */
	unsigned long long p_size, p_base, p_low, p_cma;
	bool p_high;
	unsigned long long grew;	/* memblock.reserved grew by */
	int inserted;			/* insert_resource() calls */
	struct ck_lines msgs;		/* its lines */
};

/* memblock_phys_alloc_range() calls before a side counts as hung */
#define RD73_MAX_ALLOCS	64

/*
 * userspace/common/layout.c (side73.c cannot include layout.h: its struct
 * range is not the kernel's)
 */
void layout_load(const struct layout *l);

/* side73.c */
void rd73_run(enum rd73_side side, const struct layout *l,
	      unsigned long long low_limit, unsigned long long high_limit,
	      const char *cmdline, struct rd73_out *o);

/* ---- the harness (resdiff73.c, named73.c, gen73.c) ---- */

/* One case: a layout, a command line, both outcomes, the verdict */
struct rd73_case {
	const struct layout *l;
	const char *cmdline;
	struct rd73_out stock, series;
	int allowed;		/* a bit per rd73_allowed[] row used */
	bool differ;		/* the outcomes differ */
	char cls[96];		/* failure class (first failure) */
	char rerun[160];	/* the command that reruns it alone */
	char why[1024];		/* the failures, one a line */
};

extern const char *rd73_prog;
extern const char *rd73_cmdline;	/* --cmdline: instead of a row's */
extern int rd73_verbose;

/* allowed73.c: the parts that differ, and the rows that explain them */
enum { D_MAIN = 1, D_LOW = 2, D_CMA = 4, D_HANG = 8 };

struct rd73_allowed {
	const char *name;
	bool (*applies)(const struct rd73_case *c);
	int explains;		/* D_* */
	bool loses;		/* may explain a main region lost */
	unsigned long count;
};

extern struct rd73_allowed rd73_allowed[];
extern const int rd73_nr_allowed;
int rd73_differences(const struct rd73_case *c);
bool rd73_has_suffix(const char *cmdline, const char *suffix);

/* resdiff73.c */
void rd73_run_case(struct rd73_case *c);
void rd73_fail(struct rd73_case *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int rd73_allowed_index(const char *name);
void rd73_count(struct rd73_case *c);
void rd73_print_case(const char *head, const struct rd73_case *c);

/* named73.c */
int rd73_run_named(const char *only, int *passed, int *failed);

/* gen73.c */
void rd73_random_case(unsigned long long seed, unsigned long long index,
		      struct layout *l, char *buf, int len);
#endif
