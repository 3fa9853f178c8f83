// SPDX-License-Identifier: GPL-2.0
/*
 * arm64's arch_reserve_crashkernel() (arch/arm64/mm/init.c of this side's
 * tree, extracted unchanged by extract73.sh into arch-init.c), built once
 * per side next to that side's kernel/crash_reserve.c.
 *
 * Its call of parse_crashkernel() goes through ck_parse_crashkernel(),
 * which calls the real one and records what it returned, for the
 * harness (side73.c); nothing else is changed.
 */
#include <rd73-kernel.h>
#include <linux/kconfig.h>
#include <linux/memblock.h>
#include <linux/kexec.h>
#include <linux/crash_reserve.h>
#include "rd73-side.h"

struct rd73_parse ck_parse_rec;

static int ck_parse_crashkernel(char *cmdline, unsigned long long system_ram,
				unsigned long long *crash_size,
				unsigned long long *crash_base,
				unsigned long long *low_size,
				unsigned long long *cma_size, bool *high)
{
	struct rd73_parse *p = &ck_parse_rec;

	p->ret = parse_crashkernel(cmdline, system_ram, crash_size, crash_base,
				   low_size, cma_size, high);
	p->size = *crash_size;
	p->base = *crash_base;
	p->low_size = *low_size;
	p->cma_size = *cma_size;
	p->high = *high;
	return p->ret;
}

#define parse_crashkernel	ck_parse_crashkernel
#include "arch-init.c"
#undef parse_crashkernel

/* The harness' entry: the arch hook, with the side's state reset first */
void ck_arch_reserve_crashkernel(void)
{
	memset(&ck_parse_rec, 0, sizeof(ck_parse_rec));
	ck_parse_rec.ret = 1;	/* not called */
	crashk_res.start = crashk_res.end = 0;
	crashk_low_res.start = crashk_low_res.end = 0;
	crashk_cma_cnt = 0;
	arch_reserve_crashkernel();
}
