/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/crashkernel.h>: the real header from the
 * source tree, whose path the Makefile passes as CK_KERNEL_CRASHKERNEL_H
 * ($SRC/include/linux/crashkernel.h).  It only needs <linux/types.h>.
 */
#ifndef CK_SHIM_CRASHKERNEL_H
#define CK_SHIM_CRASHKERNEL_H
#include <linux/types.h>
#include CK_KERNEL_CRASHKERNEL_H
#endif
