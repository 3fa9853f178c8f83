// SPDX-License-Identifier: GPL-2.0
/*
 * The random cases of reserve-diff: seeded layouts, one command line
 * each: one of the parser's fuzz corpus (userspace/parse/corpus/, 8 bytes
 * of RAM size, which is not used here, then the line) or one made for the
 * layout (sizes and offsets aimed at its edges).  Layout @index of seed
 * @seed has its own generator state, so that it can be rerun alone.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "resdiff.h"

static u64_t align_up(u64_t x, u64_t a)
{
	return (x + a - 1) / a * a;
}

/*
 * The largest 2M-aligned free block in [@a, @b) (memblock never returns
 * the first page, so nor does this).
 */
static u64_t largest_block(const struct layout *l, u64_t a, u64_t b)
{
	return layout_largest_block(l, a < RD_PAGE ? RD_PAGE : a, b, RD_ALIGN);
}

/* A size as a user writes it: a suffix when it is whole, hex or decimal */
static int fmt_size(struct rng *g, char *buf, size_t len, u64_t v)
{
	return rng_fmt_size(g, buf, len, v, 4);
}

static const u64_t starts[] = { 0, MB(2), GB(1), GB(1), GB(2), GB(2), GB(32),
				GB(512) };

/* random.c's constants, but arm64's alignment */
static const struct layout_gen resdiff_gen = {
	.starts = starts, .nstarts = 8, .align = RD_ALIGN,
	LAYOUT_GEN_POLICY,
};

/*
 * A layout as random.c makes them, with arm64's constants: 1-5 banks,
 * no-map holes, reserved ranges (sometimes most of low memory), the low
 * limit a DMA limit (1G/2G/3G/4G), the RAM start, inside RAM, the RAM end
 * (RAM above 4G) or the high limit (no DMA zones); align 2M, the high
 * limit PHYS_MASK + 1 of 48 or 52 bits.
 */
static void gen_layout(struct rng *g, struct layout *l)
{
	u64_t lows[LAYOUT_RANDOM_LOWS];

	layout_random_ram(g, l, &resdiff_gen);

	/*
	 * The kernel image, always reserved (as arm64 memblock_reserve()s
	 * it before crashkernel=): a boot has no layout where all of System
	 * RAM is free.
	 */
	const struct range *k = &l->mem[rng_below(g, l->nmem)];
	u64_t kbase = k->base + rng_below(g, k->size / MB(2)) * MB(2);
	u64_t ksize = rng_logsize(g, MB(2), MB(64), MB(2));

	if (ksize > k->base + k->size - kbase)
		ksize = k->base + k->size - kbase;
	l->res[0] = (struct range){ kbase, ksize };
	l->nres = 1;
	layout_random_reserved(g, l, rng_below(g, 7), &resdiff_gen);

	layout_random_lows(g, l, lows);
	l->high_limit = rng_chance(g, 90) ? PA48 : PA52;
	l->low_limit = rng_pick(g, lows, LAYOUT_RANDOM_LOWS);
	/* A DMA limit is never 0 (6.1 would search all memory: end 0) */
	if (l->low_limit < MB(2))
		l->low_limit = GB(1);
	if (rng_chance(g, 20) || l->low_limit > l->high_limit)
		l->low_limit = l->high_limit;	/* no DMA zones */
}

/* @v, or 2M less or more (0 when @v is below 2M) */
static u64_t near(struct rng *g, u64_t v)
{
	switch (rng_below(g, 3)) {
	case 0:
		return v >= RD_ALIGN ? v - RD_ALIGN : 0;
	case 1:
		return v;
	default:
		return v + RD_ALIGN;
	}
}

/* Sizes aimed at the layout's edges */
static u64_t gen_size(struct rng *g, const struct layout *l)
{
	u64_t lim = l->low_limit, top = l->high_limit;
	u64_t total = layout_ram_total(l);
	u64_t low = largest_block(l, 0, lim);
	u64_t high = lim < top ? largest_block(l, lim, top) : 0;
	u64_t any = largest_block(l, 0, top);
	u64_t big = low > high ? low : high, v;
	static const u64_t usual[] = { MB(64), MB(128), MB(256), MB(320),
		MB(512), GB(1), GB(2), GB(4), GB(6), GB(8) };

	switch (rng_below(g, 10)) {
	case 0:		/* what fits below the low limit, and just not */
		v = near(g, low);
		break;
	case 1:		/* what fits above it */
		v = near(g, high);
		break;
	case 2:		/* what fits anywhere (straddling the low limit) */
		v = near(g, any);
		break;
	case 3:		/* bigger than either window, smaller than RAM */
		v = big + RD_ALIGN + (total > big + RD_ALIGN ?
			rng_below(g, (total - big - RD_ALIGN) / RD_PAGE) * RD_PAGE : 0);
		break;
	case 4:		/* at System RAM */
		v = total - RD_PAGE + rng_below(g, 3) * RD_PAGE;
		break;
	case 5:		/* a bank, hole or reserved range */
		v = rng_chance(g, 50) ? l->mem[rng_below(g, l->nmem)].size :
		    l->nres ? l->res[rng_below(g, l->nres)].size : MB(128);
		break;
	case 6:
	case 7:
		v = rng_pick(g, usual, 10);
		break;
	default:
		v = rng_logsize(g, MB(1), rng_chance(g, 20) ? GB(32) : GB(4), KB(4));
		break;
	}
	if (!v || v > (1ULL << 62))
		v = MB(64);
	if (rng_chance(g, 5))	/* not whole pages */
		v += 1 + rng_below(g, RD_PAGE - 1);
	return v;
}

/* Offsets aimed at the layout: free, reserved, no-map, beyond, unaligned */
static u64_t gen_offset(struct rng *g, const struct layout *l, u64_t size)
{
	const struct range *m = &l->mem[rng_below(g, l->nmem)];
	u64_t hi = layout_ram_end(l);
	u64_t off = m->base + rng_below(g, m->size / RD_ALIGN) * RD_ALIGN;
	struct range f[LAYOUT_MAX_FREE];
	int n;

	switch (rng_below(g, 10)) {
	case 0:		/* on a reserved or no-map range */
		off = layout_random_taken(g, l, off);
		break;
	case 1:		/* beyond RAM */
		off = hi + rng_below(g, 4) * GB(1);
		break;
	case 2:		/* anywhere */
		off = rng_below(g, hi + GB(2));
		break;
	case 3:		/* at the end of a bank */
		if (m->size > size)
			off = m->base + m->size - size;
		break;
	case 4:		/* across the low limit */
		if (l->low_limit > size)
			off = l->low_limit - size / 2;
		break;
	case 5:		/* above the low limit */
		off = l->low_limit + rng_below(g, 8) * GB(1);
		break;
	default:	/* at the start of a free range */
		n = layout_free(l, NULL, 0, f);
		if (n)
			off = f[rng_below(g, n)].base;
		break;
	}
	if (rng_chance(g, 85))
		off = align_up(off, RD_ALIGN);
	else if (rng_chance(g, 50))
		off += RD_PAGE;
	return off;
}

/* One crashkernel= value: size[@offset], size,high, or a ranges list */
static int gen_value(struct rng *g, const struct layout *l, char *buf,
		     size_t len)
{
	u64_t total = layout_ram_total(l), size = gen_size(g, l);
	int n = 0;

	switch (rng_below(g, 20)) {
	case 0 ... 5:		/* size */
		n = fmt_size(g, buf, len, size);
		break;
	case 6 ... 11:		/* size,high */
		n = fmt_size(g, buf, len, size);
		n += snprintf(buf + n, len - n, ",high");
		break;
	case 12 ... 15:		/* size@offset */
		n = fmt_size(g, buf, len, size);
		n += snprintf(buf + n, len - n, "@");
		n += fmt_size(g, buf + n, len - n, gen_offset(g, l, size));
		break;
	case 16:		/* size@0 */
		n = fmt_size(g, buf, len, size);
		n += snprintf(buf + n, len - n, "@0");
		break;
	default: {		/* ranges around System RAM */
		u64_t edge = total - total % MB(1), s2 = gen_size(g, l);

		switch (rng_below(g, 4)) {
		case 0:
			edge += MB(1);
			break;
		case 1:
			edge = align_up(total, MB(128));
			break;
		case 2:
			edge = edge > MB(128) ? edge - MB(128) : edge;
			break;
		}
		n = snprintf(buf, len, "%s-", rng_chance(g, 50) ? "0" : "1G");
		n += fmt_size(g, buf + n, len - n, edge);
		n += snprintf(buf + n, len - n, ":");
		n += fmt_size(g, buf + n, len - n, size);
		n += snprintf(buf + n, len - n, ",");
		n += fmt_size(g, buf + n, len - n, edge);
		n += snprintf(buf + n, len - n, "-:");
		n += fmt_size(g, buf + n, len - n, s2);
		if (rng_chance(g, 20)) {
			n += snprintf(buf + n, len - n, "@");
			n += fmt_size(g, buf + n, len - n,
				      gen_offset(g, l, size));
		}
		break;
	}
	}
	return n;
}

/* A crashkernel=Y,low: sizes aimed at low memory, 0, or invalid */
static int gen_low(struct rng *g, const struct layout *l, char *buf,
		   size_t len)
{
	static const char *const bad[] = { "abc", "", "-1", "17E", "1G@2G",
					   "0x", "128Mfoo" };
	u64_t low = largest_block(l, 0, l->low_limit), v;
	int n;

	switch (rng_below(g, 8)) {
	case 0:
		return snprintf(buf, len, "0,low");
	case 1:
		return snprintf(buf, len, "%s,low", bad[rng_below(g, 7)]);
	case 2:		/* what fits below the low limit, and just not */
		v = near(g, low);
		break;
	case 3:
		v = RD_DEFAULT_LOW;
		break;
	default:
		v = rng_logsize(g, MB(1), GB(4), KB(4));
		break;
	}
	if (!v)
		v = MB(64);
	n = fmt_size(g, buf, len, v);
	return n + snprintf(buf + n, len - n, ",low");
}

/*
 * A command line for @l: one crashkernel= value, sometimes two, maybe a
 * crashkernel=Y,low before or after, inside other parameters.
 */
static void gen_cmdline(struct rng *g, const struct layout *l, char *buf,
			size_t len)
{
	char v[3][160];
	int nv = 1, n = 0;

	gen_value(g, l, v[0], sizeof(v[0]));
	if (rng_chance(g, 10))
		gen_value(g, l, v[nv++], sizeof(v[0]));
	if (rng_chance(g, 40))
		gen_low(g, l, v[nv++], sizeof(v[0]));
	if (rng_chance(g, 30))
		n += snprintf(buf + n, len - n, "console=ttyAMA0 ");
	if (nv > 1 && rng_chance(g, 30)) {	/* the last one first */
		char t[160];

		memcpy(t, v[nv - 1], sizeof(t));
		memcpy(v[nv - 1], v[0], sizeof(t));
		memcpy(v[0], t, sizeof(t));
	}
	for (int i = 0; i < nv; i++)
		n += snprintf(buf + n, len - n, "%scrashkernel=%s", i ? " " : "",
			      v[i]);
	if (rng_chance(g, 30))
		snprintf(buf + n, len - n, " root=/dev/vda");
}

/* The parser's fuzz corpus: the command line of each file */
static char **corpus;
static int ncorpus;

/* Read the command line of each file of @dir (exits when it cannot) */
void rd_load_corpus(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);

	if (n < 0) {
		perror(dir);
		exit(2);
	}
	corpus = calloc(n, sizeof(*corpus));
	for (int i = 0; i < n; i++) {
		char path[4096], buf[2048] = "";
		FILE *f;
		size_t got;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		f = names[i]->d_name[0] == '.' ? NULL : fopen(path, "rb");
		if (!f) {
			free(names[i]);
			continue;
		}
		/* 8 bytes of RAM size (not used: the layout has its own) */
		if (fseek(f, 8, SEEK_SET) == 0) {
			got = fread(buf, 1, sizeof(buf) - 1, f);
			buf[got] = 0;
		}
		fclose(f);
		corpus[ncorpus++] = strdup(buf);	/* up to the first NUL */
		free(names[i]);
	}
	free(names);
}

int rd_corpus_size(void)
{
	return ncorpus;
}

/**
 * rd_random_case - layout @index of seed @seed and its command line
 * @seed: the run's seed
 * @index: the case
 * @l: the layout
 * @buf: the command line, @len bytes
 * @len: its size
 * @from_corpus: whether the command line is a file of the corpus
 */
void rd_random_case(u64_t seed, u64_t index, struct layout *l, char *buf,
		    size_t len, bool *from_corpus)
{
	struct rng g = rng_for_case(seed, index);

	*l = (struct layout){ 0 };
	gen_layout(&g, l);
	*from_corpus = ncorpus && rng_chance(&g, 25);
	if (*from_corpus)
		snprintf(buf, len, "%s", corpus[rng_below(&g, ncorpus)]);
	else
		gen_cmdline(&g, l, buf, len);
}
