/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/kexec.h>: crash_reserve.c needs struct resource from it. */
#ifndef RD73_SHIM_KEXEC_H
#define RD73_SHIM_KEXEC_H
#include <linux/ioport.h>
#endif
