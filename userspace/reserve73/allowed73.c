// SPDX-License-Identifier: GPL-2.0
/*
 * The allowed differences of reserve-diff73: where the series may reserve
 * otherwise than stock 7.3, each row a predicate on the case, the parts
 * it explains, the reason and the patch of series/7.3 that makes it
 * (named by subject: the series is reordered now and then).
 *
 * What differs is the main region (presence, size or place), the low
 * region, the CMA areas (total or first base), a hang (D_* in rd73.h).
 * A case passes when each part that differs is explained by a row that
 * applies (resdiff73.c's explain()); a row explains only the parts it
 * names, and only "loses" rows may explain a main region the series
 * lost (stock reserved one, the series none or another size).  Keep the
 * table short and each row explained.
 */
#include <string.h>
#include "policy.h"
#include "rd73.h"

#define DEFAULT_LOW	MB(128)		/* DEFAULT_CRASH_KERNEL_LOW_SIZE */

static bool same_main(const struct rd73_case *c)
{
	return c->stock.size == c->series.size &&
	       c->stock.base == c->series.base;
}

static bool same_low(const struct rd73_case *c)
{
	return c->stock.low_size == c->series.low_size &&
	       c->stock.low_base == c->series.low_base;
}

static bool same_cma(const struct rd73_case *c)
{
	return c->stock.cma_total == c->series.cma_total &&
	       c->stock.cma_base == c->series.cma_base;
}

/* A crashkernel=...SUFFIX word on the command line */
bool rd73_has_suffix(const char *cmdline, const char *suffix)
{
	size_t ls = strlen(suffix);

	for (const char *p = cmdline; (p = strstr(p, "crashkernel=")); p++) {
		size_t len = strcspn(p, " ");

		if (len >= ls && !strncmp(p + len - ls, suffix, ls))
			return true;
	}
	return false;
}

/* The series read a valid crashkernel=Y,low next to a plain crashkernel=X */
static bool series_low_beside_plain(const struct rd73_case *c)
{
	const struct rd73_out *n = &c->series;

	return !n->ret && !n->p_high && rd73_has_suffix(c->cmdline, ",low") &&
	       !ck_said(&n->msgs, "invalid crashkernel=,low");
}

/* ...and reserved it: Y below the low limit, none for 0 */
static bool series_low_is_given(const struct rd73_case *c)
{
	const struct rd73_out *n = &c->series;

	return n->size && n->base >= c->l->low_limit &&
	       n->low_size == n->p_low;
}

static bool low_read_same_main(const struct rd73_case *c)
{
	const struct rd73_out *s = &c->stock;

	return series_low_beside_plain(c) && series_low_is_given(c) &&
	       same_main(c) && (s->low_size == 0 || s->low_size == DEFAULT_LOW);
}

static bool low_read_stock_default_failed(const struct rd73_case *c)
{
	const struct rd73_out *s = &c->stock, *n = &c->series;

	return series_low_beside_plain(c) && series_low_is_given(c) &&
	       !s->size && !s->p_high && s->p_size == n->size &&
	       n->p_low < DEFAULT_LOW &&
	       ck_said(&s->msgs, "cannot allocate crashkernel low memory");
}

static bool bad_cma(const struct rd73_case *c)
{
	return ck_said(&c->series.msgs, "invalid crashkernel=,cma ignored") &&
	       !c->series.cma_total && c->stock.cma_total;
}

static bool nodma_high(const struct rd73_case *c)
{
	const struct rd73_out *s = &c->stock, *n = &c->series;

	return c->l->low_limit == c->l->high_limit && n->p_high &&
	       !s->size && ck_said(&s->msgs, "cannot allocate crashkernel") &&
	       n->size && !n->low_size;
}

static bool nodma_too_big(const struct rd73_case *c)
{
	const struct rd73_out *s = &c->stock, *n = &c->series;

	return c->l->low_limit == c->l->high_limit && s->hung && !s->size &&
	       !n->hung && !n->size &&
	       ck_said(&n->msgs, "cannot allocate crashkernel");
}

struct rd73_allowed rd73_allowed[] = {
	/*
	 * crashkernel=X crashkernel=Y,low (X, X@Y or ranges) where the
	 * region ends up at or above the low limit: stock never read ,low
	 * next to a plain size and reserved the default 128M after a
	 * fallback (none at an offset); the series reserves Y (none for 0).
	 * The main region is the same.  "crash: read crashkernel=Y,low
	 * when crashkernel=X ends up in high memory".
	 */
	{ "low-beside-plain-read", low_read_same_main, D_LOW },
	/*
	 * The same, where stock's default 128M low region did not fit and
	 * it gave the main region back (nothing reserved), and the smaller
	 * Y (or 0) of the series fits: the series reserves the main region
	 * above the low limit and Y below it (the cover letter's
	 * ml-altra-tight-given-low).  Same patch.
	 */
	{ "low-beside-plain-fits", low_read_stock_default_failed,
	  D_MAIN | D_LOW },
	/*
	 * An invalid crashkernel=Z,cma ("64Mx,cma"): stock stored the number
	 * before it checked what follows and reserved Z of CMA; the series
	 * reserves no CMA and says so.  "crash: take no CMA for an invalid
	 * crashkernel=,cma".
	 */
	{ "invalid-cma-no-cma", bad_cma, D_CMA },
	/*
	 * No DMA zone (CRASH_ADDR_LOW_MAX == CRASH_ADDR_HIGH_MAX) and
	 * crashkernel=X,high: stock searched the empty window above the low
	 * limit and did not fall back ("cannot allocate crashkernel"); the
	 * series falls back to all of memory and reserves X, no low region.
	 * "crash: fall back once, and only to memory there is, when all
	 * memory is low".
	 */
	{ "nodma-high-reserves", nodma_high, D_MAIN },
	/*
	 * No DMA zone and a plain crashkernel=X that does not fit: stock
	 * searches the empty window [LOW_MAX, HIGH_MAX) again and again (a
	 * hang at boot; stopped here after RD73_MAX_ALLOCS searches); the
	 * series says "cannot allocate crashkernel" and goes on (CMA, if
	 * asked, is then reserved, which stock never reached).  Same patch.
	 */
	{ "nodma-too-big-no-hang", nodma_too_big, D_HANG | D_CMA },
};
const int rd73_nr_allowed = sizeof(rd73_allowed) / sizeof(rd73_allowed[0]);

int rd73_allowed_index(const char *name)
{
	for (int i = 0; i < rd73_nr_allowed; i++)
		if (!strcmp(rd73_allowed[i].name, name))
			return i;
	return -1;
}

/* What differs between the sides (D_*) */
int rd73_differences(const struct rd73_case *c)
{
	return (same_main(c) ? 0 : D_MAIN) | (same_low(c) ? 0 : D_LOW) |
	       (same_cma(c) ? 0 : D_CMA) |
	       (c->stock.hung == c->series.hung ? 0 : D_HANG);
}
