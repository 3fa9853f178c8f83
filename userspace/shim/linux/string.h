/* SPDX-License-Identifier: GPL-2.0 */
/* User-space shim for <linux/string.h>: libc has the same functions. */
#ifndef CK_SHIM_STRING_H
#define CK_SHIM_STRING_H
#include <string.h>
#endif
