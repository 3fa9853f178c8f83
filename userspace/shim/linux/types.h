/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/types.h>.  glibc headers include the UAPI
 * <linux/types.h> too, so take that one first and add the kernel-only
 * types on top.
 */
#include_next <linux/types.h>

#ifndef CK_SHIM_TYPES_H
#define CK_SHIM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef u64 phys_addr_t;

#endif
