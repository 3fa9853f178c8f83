/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plain types every user-space harness here shares: an address or a
 * size of 64 bits, sizes in K, M and G, and X() to print one with %llx.
 */
#ifndef CK_TYPES_H
#define CK_TYPES_H

#include <stdbool.h>
#include <stdint.h>

typedef uint64_t u64_t;

#define KB(x)	((u64_t)(x) << 10)
#define MB(x)	((u64_t)(x) << 20)
#define GB(x)	((u64_t)(x) << 30)

#define X(v)	((unsigned long long)(v))

#endif
