/* SPDX-License-Identifier: GPL-2.0 */
/* kernel/kexec_internal.h: crash_reserve.c uses nothing of it. */
