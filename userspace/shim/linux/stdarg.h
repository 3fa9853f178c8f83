/* SPDX-License-Identifier: GPL-2.0 */
/* User-space shim for <linux/stdarg.h>: the compiler's own. */
#ifndef CK_SHIM_STDARG_H
#define CK_SHIM_STDARG_H
#include <stdarg.h>
#endif
