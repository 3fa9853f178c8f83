/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/math.h>: round_up() in its kernel form (a
 * power-of-two mask), so that wrapping behaves the same.
 */
#ifndef CK_SHIM_MATH_H
#define CK_SHIM_MATH_H

#define __round_mask(x, y)	((__typeof__(x))((y) - 1))
#define round_up(x, y)		((((x) - 1) | __round_mask(x, y)) + 1)

#endif
