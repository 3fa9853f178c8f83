// SPDX-License-Identifier: GPL-2.0
/*
 * Independent reference for the reservation policy, written from the
 * kernel document (crashkernel-arm64-kernel-doc.txt), not from
 * kernel/crash_memblock.c: it calls nothing of the code under test and
 * decides "is there a free aligned block of S bytes in [a, b)" by
 * scanning the layout itself.
 *
 * L is the low limit, H the high limit; all memory is low when L == H
 * ("On special kernels built with CONFIG_ZONE_(DMA|DMA32) disabled, the
 * whole system RAM is low memory").  Free means: in memblock.memory, not
 * no-map, not reserved.  Sizes are whole pages (4K); an address of 0
 * cannot be returned (the allocator returns 0 for "no room").
 *
 *   size@offset   exactly [offset, offset + size) or nothing ("must be
 *                 reserved at the user-specified region or fail if
 *                 already occupied"); an offset that is not aligned, or a
 *                 region past H, is refused (-EINVAL), one that is not
 *                 free is -ENOMEM.
 *   size          low memory first; "if searching for low memory fails,
 *                 the kernel falls back to searching the high memory";
 *                 then a low region of 128M ("the default size is 128M")
 *                 or crashkernel=Y,low (0,low: none).
 *   size,high     high memory first, then the low region as above; "if
 *                 reservation from the high memory failed, the kernel
 *                 falls back to searching the low memory ... no further
 *                 reservation for low memory is needed".
 *   L == H        one search of [0, H), never a low region.
 *
 * Not in the document, from the project's rule that a stable update never
 * reserves less than 6.1 did (6.1's arm64 reserve_crashkernel() searched
 * all of [0, H) for ,high, asked for no default low region and read no
 * ,low next to size@offset), as include/linux/crashkernel.h states it:
 *   - size,high that fits neither high nor low memory takes the block
 *     memblock gives top-down in [0, H) (it then straddles L): no default
 *     low region there, an explicit ,low if it can be had;
 *   - a default low region, or the ,low of size@offset, that cannot be had
 *     leaves the main region without one (low_missing);
 *   - an explicit ,low that cannot be had otherwise fails the whole
 *     request (-ENOSPC, the main region given back), as in 6.1;
 *   - size@offset gets a low region only with crashkernel=Y,low (no
 *     default), when it ends above L.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "policy.h"

#define REF_PAGE	4096ULL

static u64_t page_up(u64_t x)
{
	return (x + REF_PAGE - 1) / REF_PAGE * REF_PAGE;
}

/* Is there a free block of @size bytes at an @align-ed, non-zero base in [a, b)? */
static bool fits(const struct layout *l, const struct range *extra,
		 int nextra, u64_t a, u64_t b, u64_t size)
{
	struct range fr[LAYOUT_MAX_FREE];
	int n = layout_free(l, extra, nextra, fr);

	for (int i = 0; i < n; i++) {
		u64_t lo = fr[i].base > a ? fr[i].base : a;
		u64_t hi = fr[i].base + fr[i].size < b ?
			   fr[i].base + fr[i].size : b;
		u64_t x = (lo + l->align - 1) / l->align * l->align;

		if (!x)
			x = l->align;
		if (lo < hi && x < hi && size <= hi - x)
			return true;
	}
	return false;
}

const char *where_name(enum where w)
{
	static const char *const names[] = {
		[W_NONE] = "none", [W_LOW] = "low", [W_HIGH] = "high",
		[W_ANY] = "any", [W_AT] = "at",
		[W_SPAN] = "span",
	};
	return names[w];
}

/*
 * The main region @main is above L: add the low region; when it cannot be
 * had, keep the main region without it if @optional, else fail (-ENOSPC).
 */
static void with_low(const struct layout *l, const struct range *main,
		     u64_t low_size, bool optional, struct expect *e)
{
	if (!low_size)
		return;
	if (fits(l, main, 1, 0, l->low_limit, low_size)) {
		e->low_size = low_size;
	} else if (optional) {
		e->low_missing = low_size;
	} else {
		e->err = -ENOSPC;
		e->where = W_NONE;
	}
}

/* Where a top-down allocator puts @size bytes in [0, H): the highest fit. */
static struct range top_down(const struct layout *l, u64_t size)
{
	struct range fr[LAYOUT_MAX_FREE];
	int n = layout_free(l, NULL, 0, fr);

	for (int i = n - 1; i >= 0; i--) {
		u64_t lo = fr[i].base, hi = fr[i].base + fr[i].size;

		if (hi > l->high_limit)
			hi = l->high_limit;
		if (lo >= hi || hi - lo < size)
			continue;
		u64_t x = (hi - size) / l->align * l->align;

		if (x >= lo && x)
			return (struct range){ x, size };
	}
	return (struct range){ 0, 0 };
}

void ref_expect(const struct layout *l, const struct request *r,
		struct expect *e)
{
	u64_t size = page_up(r->size), L = l->low_limit, H = l->high_limit;
	bool all_low = L >= H;
	/* A ,low past H fits no window: it is reported as given, not rounded */
	u64_t given_low = r->low > H ? r->low : page_up(r->low);
	u64_t low_size = r->low_given ? given_low : DOC_DEFAULT_LOW;

	memset(e, 0, sizeof(*e));
	e->size = size;

	if (r->form == F_FIXED) {
		struct range main = { r->offset, size };

		if (r->offset % l->align || r->offset >= H ||
		    size > H - r->offset) {
			e->err = -EINVAL;
		} else if (!layout_block_free(l, NULL, 0, r->offset, size)) {
			e->err = -ENOMEM;
		} else {
			e->where = W_AT;
			if (!all_low && r->low_given && r->offset + size > L)
				with_low(l, &main, given_low, true, e);
		}
		return;
	}

	if (all_low) {
		if (fits(l, NULL, 0, 0, H, size))
			e->where = W_ANY;
		else
			e->err = -ENOMEM;
		return;
	}

	bool low_room = fits(l, NULL, 0, 0, L, size);
	bool high_room = fits(l, NULL, 0, L, H, size);
	/* The main region is above L: it cannot be in the low region's way. */
	struct range above = { L, H - L };
	struct range span;

	if (r->form == F_HIGH ? high_room : !low_room && high_room) {
		e->where = W_HIGH;
		with_low(l, &above, low_size, !r->low_given, e);
	} else if (low_room) {
		e->where = W_LOW;
	} else if (r->form == F_HIGH && L && (span = top_down(l, size)).size) {
		e->where = W_SPAN;
		e->span_base = span.base;
		if (r->low_given)
			with_low(l, &span, low_size, true, e);
	} else {
		e->err = -ENOMEM;
	}
}
