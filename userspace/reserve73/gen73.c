// SPDX-License-Identifier: GPL-2.0
/*
 * The seeded random cases of reserve-diff73: a memory layout as arm64
 * sees it at arch_reserve_crashkernel() time and a command line drawn
 * from a table of forms, its sizes and offsets aimed at the layout.
 * Case @index of seed @seed has its own generator state (rerun alone with
 * --seed S --only I).
 *
 * Layouts: 1-4 RAM banks, the first at 1G (QEMU virt), 0, 2G, 8G, 32G or
 * anywhere below 4G, sized 64M-32G (System RAM up to about 64G), with or
 * without gaps; 0-3 no-map holes; the kernel image and the device tree
 * always reserved, 0-5 more reserved ranges, and in a quarter of the
 * layouts all but a little of low memory reserved (Ampere Altra: 0-256M
 * free below the low limit).  The low limit is arm64_dma_phys_limit as
 * dma_limits_init() makes it: max_zone_phys() of a DMA limit of 1G, 2G,
 * 3G or 4G, the end of DRAM (RAM only above 4G), or, without ZONE_DMA
 * and ZONE_DMA32 (about 20%), PHYS_MASK + 1, the high limit (2^48, or
 * 2^52 in 10%).
 */
#include <stdio.h>
#include <string.h>
#include "policy.h"
#include "rd73.h"

#define PA48		(1ULL << 48)
#define PA52		(1ULL << 52)
#define ALIGN2M		MB(2)

/* The largest 2M-aligned free block in [@a, @b) */
static u64_t largest_block(const struct layout *l, u64_t a, u64_t b)
{
	return layout_largest_block(l, a, b, ALIGN2M);
}

static const u64_t starts[] = { GB(1), GB(1), GB(1), 0, 0, GB(2), GB(8),
				GB(32) };

/* The banks and no-map holes: QEMU virt and servers' shapes */
static const struct layout_gen gen73 = {
	.starts = starts, .nstarts = 8, .anywhere = 10,
	.align = ALIGN2M, .coarse = 100,
	.max_banks = 4, .gap = 50,
	.first_min = MB(512), .bank_min = MB(64), .bank_max = GB(32),
	.max_nomap = 3,
};

/* arm64_dma_phys_limit, as dma_limits_init() computes it */
static u64_t gen_low_limit(struct rng *g, const struct layout *l)
{
	static const u64_t dma[] = { GB(1), GB(2), GB(3), GB(4), GB(4), GB(4) };
	u64_t end = layout_ram_end(l), lim = rng_pick(g, dma, 6);

	if (rng_chance(g, 20))
		return l->high_limit;		/* no DMA zone */
	if (l->mem[0].base >= GB(4) || rng_chance(g, 5))
		return end;			/* DMA limit beyond RAM */
	return lim < end - 1 ? lim : end;	/* max_zone_phys() */
}

static void gen_reserved(struct rng *g, struct layout *l)
{
	const struct range *k = &l->mem[rng_below(g, l->nmem)];
	u64_t lo = l->mem[0].base, hi = layout_ram_end(l);
	u64_t lim = l->low_limit < GB(4) ? l->low_limit : GB(4);

	/* the kernel image and the device tree, as arm64 has them */
	l->res[0] = (struct range){ k->base + MB(2) * rng_below(g, 8) % k->size,
				    MB(2) * (1 + rng_below(g, 32)) };
	if (l->res[0].base + l->res[0].size > k->base + k->size)
		l->res[0].size = k->base + k->size - l->res[0].base;
	l->res[1] = (struct range){ hi - MB(2), MB(2) };
	l->nres = 2;
	if (lim > hi)
		lim = hi;
	if (rng_chance(g, 25) && lim > lo + MB(512)) {
		/* little free memory below the low limit (Ampere Altra) */
		static const u64_t left[] = { 0, MB(16), MB(64), MB(126),
					      MB(128), MB(192), MB(256) };
		u64_t keep = rng_pick(g, left, 7);

		l->res[l->nres++] = (struct range){ lo + MB(64),
			lim - keep - lo - MB(64) };
	}
	layout_random_reserved(g, l, rng_below(g, 6), &gen73);
}

static void gen_layout(struct rng *g, struct layout *l)
{
	memset(l, 0, sizeof(*l));
	layout_random_ram(g, l, &gen73);
	l->high_limit = rng_chance(g, 90) ? PA48 : PA52;
	l->low_limit = gen_low_limit(g, l);
	gen_reserved(g, l);
}

/* ---- command lines ---- */

/* A size as users write it: K/M/G suffix, hex, decimal; 2% past 64 bits */
static int fmt_size(struct rng *g, char *buf, int len, u64_t v)
{
	return rng_fmt_size(g, buf, len, v, 5);
}

/* @v, or 2M less or more */
static u64_t near(struct rng *g, u64_t v)
{
	u64_t d = rng_below(g, 3);

	return d == 0 && v >= ALIGN2M ? v - ALIGN2M : d == 2 ? v + ALIGN2M : v;
}

/* A main region size aimed at the layout's edges */
static u64_t gen_size(struct rng *g, const struct layout *l)
{
	static const u64_t usual[] = { MB(64), MB(128), MB(256), MB(512),
				       MB(768), GB(1), GB(2), GB(4), GB(8) };
	u64_t lim = l->low_limit, top = l->high_limit, v;

	switch (rng_below(g, 8)) {
	case 0:
		v = near(g, largest_block(l, 0, lim));
		break;
	case 1:
		v = near(g, lim < top ? largest_block(l, lim, top) : 0);
		break;
	case 2:
		v = near(g, largest_block(l, 0, top));
		break;
	case 3:
		v = layout_ram_total(l) - MB(2) + rng_below(g, 3) * MB(2);
		break;
	case 4:
	case 5:
		v = rng_pick(g, usual, 9);
		break;
	default:
		v = rng_logsize(g, MB(1), GB(16), KB(4));
		break;
	}
	if (!v)
		v = MB(256);
	if (rng_chance(g, 3))
		v += KB(4) * rng_below(g, 256);	/* not whole megabytes */
	return v;
}

/* An offset: free, reserved, no-map, beyond RAM, above the low limit */
static u64_t gen_offset(struct rng *g, const struct layout *l, u64_t size)
{
	struct range f[LAYOUT_MAX_FREE];
	int n = layout_free(l, NULL, 0, f);
	u64_t off;

	switch (rng_below(g, 8)) {
	case 0:
		off = l->res[rng_below(g, l->nres)].base;
		break;
	case 1:
		off = layout_ram_end(l) + GB(rng_below(g, 4));
		break;
	case 2:
		off = l->low_limit + GB(rng_below(g, 4));
		break;
	case 3:
		off = GB(5);
		break;
	case 4:
		off = l->low_limit > size ? l->low_limit - size / 2 : GB(1);
		break;
	default:
		off = n ? f[rng_below(g, n)].base : GB(1);
		break;
	}
	if (rng_chance(g, 85))
		off = (off + ALIGN2M - 1) / ALIGN2M * ALIGN2M;
	return off;
}

/* Values a parser must refuse or read as something else */
static const char *const bad_values[] = {
	"abc", "", "0", "0M", "128Mfoo", "16E", "99999999999999999999",
	"18446744073709551616", "0x", "-1", "1G@2G", "64Mx", "1G-", "1G-4G",
	"512M-:64Mxyz", "128M@", "128M@abc",
};
#define NR_BAD	(sizeof(bad_values) / sizeof(bad_values[0]))

/* crashkernel=Y,low's and crashkernel=Z,cma's Y and Z */
static int gen_small(struct rng *g, const struct layout *l, char *buf,
		     int len)
{
	static const u64_t usual[] = { MB(16), MB(32), MB(64), MB(128),
				       MB(256), MB(512), GB(3) };

	switch (rng_below(g, 10)) {
	case 0:
		return snprintf(buf, len, "0");
	case 1:
		return snprintf(buf, len, "%s", bad_values[rng_below(g, NR_BAD)]);
	case 2:
		return fmt_size(g, buf, len,
				near(g, largest_block(l, 0, l->low_limit)));
	case 3:
		return fmt_size(g, buf, len, rng_logsize(g, MB(1), GB(4), KB(4)));
	default:
		return fmt_size(g, buf, len, rng_pick(g, usual, 7));
	}
}

/* crashkernel=ranges: Debian's, Ampere's, refused ones, or around RAM */
static int gen_ranges(struct rng *g, const struct layout *l, char *buf,
		      int len)
{
	static const char *const fixed[] = {
		"512M-2G:128M,2G-4G:256M,4G-:512M",		/* Debian's */
		"512M-12G:128M,12G-64G:256M,64G-128G:512M,128G-:768M",
		"1G-4G:192M",			/* matches no RAM above 4G */
		"4G-1G:128M",			/* end <= start */
		"0-99999999999999999999:64M",	/* end past 64 bits */
		"1G-4G:192M,4G-:256M,",		/* a generated list's ',' */
		"0-:64M,",
		"0-:",
		"512M-2G:128M,2G-:256Mxyz",
	};
	u64_t total = layout_ram_total(l), edge = total - total % MB(128);
	int n;

	if (rng_chance(g, 40)) {
		n = snprintf(buf, len, "%s", fixed[rng_below(g, 9)]);
	} else {
		edge += MB(128) * (rng_below(g, 3) - 1 + !edge);
		n = snprintf(buf, len, "%s-", rng_chance(g, 50) ? "0" : "1G");
		n += fmt_size(g, buf + n, len - n, edge);
		n += snprintf(buf + n, len - n, ":");
		n += fmt_size(g, buf + n, len - n, gen_size(g, l));
		n += snprintf(buf + n, len - n, ",");
		n += fmt_size(g, buf + n, len - n, edge);
		n += snprintf(buf + n, len - n, "-:");
		n += fmt_size(g, buf + n, len - n, gen_size(g, l));
	}
	if (rng_chance(g, 15)) {
		n += snprintf(buf + n, len - n, "@");
		n += fmt_size(g, buf + n, len - n, gen_offset(g, l, GB(1)));
	}
	return n;
}

/*
 * The command lines: %S a size, %O an offset, %R a ranges list, %L a
 * ,low or ,cma size (valid, 0 or invalid), %B a malformed value.  Each
 * row is drawn with its weight.
 */
static const struct {
	int weight;
	const char *form;
} forms[] = {
	{ 8, "crashkernel=%S" },
	{ 6, "crashkernel=%S@%O" },
	{ 6, "crashkernel=%S,high" },
	{ 6, "crashkernel=%R" },
	{ 8, "crashkernel=%S crashkernel=%L,low" },
	{ 2, "crashkernel=%L,low crashkernel=%S" },
	{ 6, "crashkernel=%S,high crashkernel=%L,low" },
	{ 6, "crashkernel=%S@%O crashkernel=%L,low" },
	{ 4, "crashkernel=%R crashkernel=%L,low" },
	{ 5, "crashkernel=%S crashkernel=%L,cma" },
	{ 4, "crashkernel=%S,high crashkernel=%L,cma" },
	{ 2, "crashkernel=%S@%O crashkernel=%L,cma" },
	{ 2, "crashkernel=%L,cma" },
	{ 4, "crashkernel=%S crashkernel=%L,low crashkernel=%L,cma" },
	{ 2, "crashkernel=%S,high crashkernel=%L,low crashkernel=%L,cma" },
	{ 2, "crashkernel=%L,low" },
	{ 3, "crashkernel=%B" },
	{ 2, "crashkernel=%B,high" },
	{ 2, "crashkernel=%B crashkernel=%L,low" },
	{ 2, "crashkernel=%S crashkernel=%S" },
	{ 2, "crashkernel=%S,high crashkernel=%S" },
	{ 1, "crashkernel=%S@%O crashkernel=%S,high crashkernel=%L,low" },
};
#define NR_FORMS	(sizeof(forms) / sizeof(forms[0]))

static const char *pick_form(struct rng *g)
{
	int total = 0, r;

	for (size_t i = 0; i < NR_FORMS; i++)
		total += forms[i].weight;
	r = rng_below(g, total);
	for (size_t i = 0; i < NR_FORMS; i++) {
		r -= forms[i].weight;
		if (r < 0)
			return forms[i].form;
	}
	return forms[0].form;
}

static void gen_cmdline(struct rng *g, const struct layout *l, char *buf,
			int len)
{
	const char *f = pick_form(g);
	u64_t size = MB(256);
	int n = 0;

	if (rng_chance(g, 30))
		n += snprintf(buf, len, "console=ttyAMA0 ");
	for (; *f && n < len - 64; f++) {
		if (*f != '%') {
			buf[n++] = *f;
			continue;
		}
		switch (*++f) {
		case 'S':
			size = gen_size(g, l);
			n += fmt_size(g, buf + n, len - n, size);
			break;
		case 'O':
			n += fmt_size(g, buf + n, len - n, gen_offset(g, l, size));
			break;
		case 'R':
			n += gen_ranges(g, l, buf + n, len - n);
			break;
		case 'L':
			n += gen_small(g, l, buf + n, len - n);
			break;
		case 'B':
			n += snprintf(buf + n, len - n, "%s",
				      bad_values[rng_below(g, NR_BAD)]);
			break;
		}
	}
	buf[n] = 0;
	if (rng_chance(g, 30))
		snprintf(buf + n, len - n, " root=/dev/vda");
}

void rd73_random_case(unsigned long long seed, unsigned long long index,
		      struct layout *l, char *buf, int len)
{
	struct rng g = rng_for_case(seed, index);

	gen_layout(&g, l);
	gen_cmdline(&g, l, buf, len);
}
