// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's globals, once for every harness: boot_command_line
 * (init/main.c), movable_node_enabled (mm/memory_hotplug.c, which
 * tools/testing/memblock's shims expect) and, where the kernel text run
 * does not define them itself (6.1's kernel/kexec_core.c defines them,
 * built with CONFIG_KEXEC_CORE; 7.3's kernel/crash_reserve.c is built
 * whole), crashk_res and crashk_low_res.
 */
#include "kernel_globals.h"

char boot_command_line[CK_COMMAND_LINE_SIZE];
bool movable_node_enabled;

#ifdef CONFIG_KEXEC_CORE
#include <linux/kexec.h>

struct resource crashk_res, crashk_low_res;
#endif
