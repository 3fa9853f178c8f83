/* SPDX-License-Identifier: GPL-2.0 */
/* kernel/kallsyms_internal.h: crash_reserve.c uses nothing of it. */
