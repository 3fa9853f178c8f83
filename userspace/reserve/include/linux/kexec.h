/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/kexec.h>: the two resources the glue fills in (defined in harness.c). */
#ifndef POLICY_SHIM_KEXEC_H
#define POLICY_SHIM_KEXEC_H
#include <linux/ioport.h>

extern struct resource crashk_res;
extern struct resource crashk_low_res;
#endif
