/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/utsname.h>: crash_reserve.c uses nothing of it but rd73-kernel.h's. */
#include <rd73-kernel.h>
