/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What arch73.c records of parse_crashkernel() on each side (the stock
 * side's copy is stock_ck_parse_rec).  Plain types only: side73.c and
 * the kernel text include it.
 */
#ifndef RD73_SIDE_H
#define RD73_SIDE_H

struct rd73_parse {
	int ret;			/* 1: parse_crashkernel() not called */
	unsigned long long size, base, low_size, cma_size;
	bool high;
};

void ck_arch_reserve_crashkernel(void);
#endif
