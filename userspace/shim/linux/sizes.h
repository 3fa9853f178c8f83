/* SPDX-License-Identifier: GPL-2.0 */
/* User-space shim for <linux/sizes.h>: same values and types. */
#ifndef CK_SHIM_SIZES_H
#define CK_SHIM_SIZES_H

#define SZ_1K		0x00000400
#define SZ_4K		0x00001000
#define SZ_1M		0x00100000
#define SZ_2M		0x00200000
#define SZ_16M		0x01000000
#define SZ_64M		0x04000000
#define SZ_128M		0x08000000
#define SZ_256M		0x10000000
#define SZ_512M		0x20000000
#define SZ_1G		0x40000000
#define SZ_2G		0x80000000
#define SZ_4G		0x100000000ULL

#endif
