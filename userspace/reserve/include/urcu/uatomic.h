/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for liburcu's <urcu/uatomic.h>: tools/lib/slab.c counts
 * its kmalloc()s with these two.  The test is single-threaded; GCC's
 * builtins do, so liburcu-dev is not needed.
 */
#ifndef POLICY_SHIM_URCU_UATOMIC_H
#define POLICY_SHIM_URCU_UATOMIC_H
#define uatomic_inc(p)	__atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define uatomic_dec(p)	__atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST)
#endif
