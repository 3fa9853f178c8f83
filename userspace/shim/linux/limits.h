/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/limits.h>.  glibc's <limits.h> includes the
 * UAPI <linux/limits.h>, so take that one and add what the kernel's
 * <linux/limits.h> has on top (glibc defines the same values).
 */
#include_next <linux/limits.h>

#ifndef CK_SHIM_LIMITS_H
#define CK_SHIM_LIMITS_H
#include <limits.h>
#ifndef ULLONG_MAX
#define ULLONG_MAX	(~0ULL)
#endif
#endif
