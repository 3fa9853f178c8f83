/* SPDX-License-Identifier: GPL-2.0 */
/* User-space shim for <linux/compiler.h>: what the files built here use. */
#ifndef CK_SHIM_COMPILER_H
#define CK_SHIM_COMPILER_H

#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __always_unused	__attribute__((unused))
#define __maybe_unused	__attribute__((unused))
#ifndef fallthrough
#define fallthrough	__attribute__((fallthrough))
#endif

#endif
