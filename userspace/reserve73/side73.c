// SPDX-License-Identifier: GPL-2.0
/*
 * One side of reserve-diff73: load a layout into memblock, set arm64's
 * limits and boot_command_line, call that side's arch_reserve_crashkernel()
 * (arch73.c; the stock side's symbols carry the prefix stock_), and read
 * back what it reserved.  Also what both sides' kernel text calls and
 * user space lacks:
 *
 *  - arm64_dma_phys_limit and PHYS_MASK (ck_phys_mask): CRASH_ADDR_LOW_MAX
 *    and CRASH_ADDR_HIGH_MAX - 1 of arm64's <asm/crash_reserve.h>;
 *  - memblock_phys_alloc_range(), through a guard per side (the Makefile
 *    renames the calls): after RD73_MAX_ALLOCS searches in one run the
 *    side is stopped (longjmp) and counted as hung, which is what stock
 *    7.3 does at boot with crashkernel=X too big and no DMA zone;
 *  - memparse() of the stock side, through a check that notes a number
 *    past 64 bits (the kernel's memparse() saturates it at ULLONG_MAX);
 *  - cma_declare_contiguous(), cma_get_base(), cma_get_size(): the
 *    placement of mm/cma.c's cma_declare_contiguous_nid() for base 0 on
 *    the same memblock (alignment CMA_MIN_ALIGNMENT_BYTES = 2M on arm64
 *    with 4K pages, limit the end of DRAM, bottom-up above 4G first, then
 *    top-down), each call recorded;
 *  - insert_resource() (recorded: arm64 inserts later, never here).
 * The lines of the running side go to its struct ck_lines
 * (userspace/common/printk_capture.c).
 */
#include <rd73-kernel.h>
#include <linux/memblock.h>
#include <linux/ioport.h>
#include <linux/cma.h>
#include <setjmp.h>
#include <stdio.h>
#include "kernel_globals.h"
#include "rd73-side.h"
#include "rd73.h"

phys_addr_t arm64_dma_phys_limit;
phys_addr_t ck_phys_mask;
struct resource iomem_resource;

/* The two sides (arch73.c, crash_reserve.c) */
extern struct resource crashk_res, crashk_low_res;
extern struct resource stock_crashk_res, stock_crashk_low_res;
extern struct rd73_parse ck_parse_rec, stock_ck_parse_rec;
void stock_ck_arch_reserve_crashkernel(void);


static struct rd73_out *cur;		/* the side running */
static int nallocs;
static jmp_buf hang;

int insert_resource(struct resource *parent, struct resource *new)
{
	if (cur)
		cur->inserted++;
	return 0;
}

static phys_addr_t guarded_alloc(phys_addr_t size, phys_addr_t align,
				 phys_addr_t start, phys_addr_t end)
{
	if (++nallocs > RD73_MAX_ALLOCS)
		longjmp(hang, 1);
	return memblock_phys_alloc_range(size, align, start, end);
}

phys_addr_t ck_stock_alloc_range(phys_addr_t size, phys_addr_t align,
				 phys_addr_t start, phys_addr_t end)
{
	return guarded_alloc(size, align, start, end);
}

phys_addr_t ck_series_alloc_range(phys_addr_t size, phys_addr_t align,
				  phys_addr_t start, phys_addr_t end)
{
	return guarded_alloc(size, align, start, end);
}

/*
 * Does the number memparse() reads at @s, with its suffix, fit in 64
 * bits?  Separate code (128-bit arithmetic) on the same characters.
 */
static bool fits_64(const char *s)
{
	static const char sfx[] = "kmgtpe";
	unsigned __int128 v = 0;
	unsigned int radix = 10, d;
	const char *p = s, *k;

	if (p[0] == '0' && (p[1] | 0x20) == 'x' && isxdigit(p[2])) {
		radix = 16;
		p += 2;
	} else if (p[0] == '0') {
		radix = 8;
	}
	for (;; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f')
			d = (*p | 0x20) - 'a' + 10;
		else
			break;
		if (d >= radix)
			break;
		v = v * radix + d;
		if (v >> 64)
			return false;
	}
	k = p > s && *p ? strchr(sfx, *p | 0x20) : NULL;
	if (k)
		v <<= 10 * (k - sfx + 1);
	return !(v >> 64);
}

unsigned long long ck_stock_memparse(const char *ptr, char **retptr)
{
	if (cur && !fits_64(ptr))
		cur->overflow = true;
	return memparse(ptr, retptr);
}

/* ---- CMA ---- */

#define CMA_ALIGN	SZ_2M		/* CMA_MIN_ALIGNMENT_BYTES, arm64 4K */
#define MAX_AREAS	8

struct cma {
	phys_addr_t base;
	unsigned long size;
};

static struct cma areas[MAX_AREAS];

int cma_declare_contiguous(phys_addr_t base, phys_addr_t size,
			   phys_addr_t limit, phys_addr_t alignment,
			   unsigned int order_per_bit, bool fixed,
			   const char *name, struct cma **res_cma)
{
	phys_addr_t addr = 0, align = alignment > CMA_ALIGN ? alignment : CMA_ALIGN;

	cur->cma_calls++;
	if (cur->cma_n == MAX_AREAS || !size || base || fixed)
		return -EINVAL;
	size = ALIGN(size, align);
	if (!limit || limit > memblock_end_of_DRAM())
		limit = memblock_end_of_DRAM();
	if (size > limit)
		return -EINVAL;
	if (limit >= SZ_4G + size) {
		memblock_set_bottom_up(true);
		addr = memblock_alloc_range_nid(size, align, SZ_4G, limit,
						NUMA_NO_NODE, true);
		memblock_set_bottom_up(false);
	}
	if (!addr)
		addr = memblock_alloc_range_nid(size, align, 0, limit,
						NUMA_NO_NODE, true);
	if (!addr)
		return -ENOMEM;
	areas[cur->cma_n] = (struct cma){ addr, size };
	*res_cma = &areas[cur->cma_n];
	if (!cur->cma_n)
		cur->cma_base = addr;
	cur->cma_n++;
	cur->cma_total += size;
	return 0;
}

phys_addr_t cma_get_base(const struct cma *cma)
{
	return cma->base;
}

unsigned long cma_get_size(const struct cma *cma)
{
	return cma->size;
}

/* ---- one run ---- */

static void read_res(const struct resource *r, unsigned long long *base,
		     unsigned long long *size)
{
	*base = r->end ? r->start : 0;
	*size = r->end ? r->end - r->start + 1 : 0;
}

static void read_parse(const struct rd73_parse *p, struct rd73_out *o)
{
	o->ret = p->ret;
	o->p_size = p->size;
	o->p_base = p->base;
	o->p_low = p->low_size;
	o->p_cma = p->cma_size;
	o->p_high = p->high;
}

/**
 * rd73_run - one side, one command line, one layout
 * @side: stock 7.3 or the series
 * @l: the layout, loaded into a fresh memblock first
 * @low_limit: arm64_dma_phys_limit (CRASH_ADDR_LOW_MAX)
 * @high_limit: PHYS_MASK + 1 (CRASH_ADDR_HIGH_MAX)
 * @cmdline: boot_command_line
 * @o: the outcome
 */
void rd73_run(enum rd73_side side, const struct layout *l,
	      unsigned long long low_limit, unsigned long long high_limit,
	      const char *cmdline, struct rd73_out *o)
{
	unsigned long long before;
	bool stock = side == RD73_STOCK;

	memset(o, 0, sizeof(*o));
	layout_load(l);
	arm64_dma_phys_limit = low_limit;
	ck_phys_mask = high_limit - 1;
	snprintf(boot_command_line, sizeof(boot_command_line), "%s", cmdline);
	before = memblock.reserved.total_size;
	nallocs = 0;
	cur = o;
	ck_capture(&o->msgs);
	if (!setjmp(hang)) {
		if (stock)
			stock_ck_arch_reserve_crashkernel();
		else
			ck_arch_reserve_crashkernel();
	} else {
		o->hung = true;
	}
	cur = NULL;
	ck_capture(NULL);
	read_res(stock ? &stock_crashk_res : &crashk_res, &o->base, &o->size);
	read_res(stock ? &stock_crashk_low_res : &crashk_low_res,
		 &o->low_base, &o->low_size);
	read_parse(stock ? &stock_ck_parse_rec : &ck_parse_rec, o);
	o->grew = memblock.reserved.total_size - before;
}
