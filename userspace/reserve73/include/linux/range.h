/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/range.h>: struct range, as the kernel has it (crashk_cma_ranges[]). */
#ifndef RD73_SHIM_RANGE_H
#define RD73_SHIM_RANGE_H
#include <rd73-kernel.h>

struct range {
	u64 start;
	u64 end;
};
#endif
