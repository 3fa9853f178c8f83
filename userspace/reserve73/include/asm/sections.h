/* SPDX-License-Identifier: GPL-2.0 */
/* <asm/sections.h>: crash_reserve.c uses nothing of it. */
