/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/crash_reserve.h>: the real header from the
 * source tree, whose path the Makefile passes as CK_KERNEL_CRASH_RESERVE_H
 * ($SRC/include/linux/crash_reserve.h).  It only needs <linux/types.h>.
 */
#ifndef CK_SHIM_CRASH_RESERVE_H
#define CK_SHIM_CRASH_RESERVE_H
#include <linux/types.h>
#include CK_KERNEL_CRASH_RESERVE_H
#endif
