/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/ctype.h>: the kernel's own header, so that
 * isspace() & co. classify exactly as in the kernel (0xA0 is a blank,
 * bytes above 0x7f never crash, no locale).  Its _ctype[] table comes
 * from $SRC/lib/ctype.c, built next to crash_parse.c.  The Makefile
 * passes the path as CK_KERNEL_CTYPE_H.
 */
#ifndef CK_SHIM_CTYPE_H
#define CK_SHIM_CTYPE_H
#include <linux/compiler.h>
#include CK_KERNEL_CTYPE_H
#endif
