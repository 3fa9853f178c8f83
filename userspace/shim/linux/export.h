/* SPDX-License-Identifier: GPL-2.0 */
/* User-space shim for <linux/export.h>: no modules here. */
#ifndef CK_SHIM_EXPORT_H
#define CK_SHIM_EXPORT_H
#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#endif
