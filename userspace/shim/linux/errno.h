/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space shim for <linux/errno.h>.  glibc's <errno.h> includes the
 * UAPI <linux/errno.h>, which already has EINVAL, ENOENT and ERANGE with
 * the kernel's values; nothing else is needed.
 */
#include_next <linux/errno.h>
