#!/usr/bin/env bash
# DMA limited to the first 2048MB of physical addresses, as on SoCs whose
# devices sit behind a narrow interconnect: dma-ranges on QEMU's platform bus
# maps bus 0 to CPU 0 for 2048MB, so of_dma_get_max_cpu_address() (which
# walks every available node's dma-ranges) returns 0x7fffffff.
# Usage: dma-2g.sh IN.dtb OUT.dtb
set -euo pipefail
fdtget "$1" /platform-bus@c000000 compatible >/dev/null  # QEMU virt has it
# platform-bus: #address-cells = 1, #size-cells = 1, parent (root) cells = 2:
# <bus address> <cpu address (2 cells)> <size>
. "$(dirname "$0")/lib.sh"
overlay "$1" "$2" <<'DTS'
/ {
	platform-bus@c000000 {
		dma-ranges = <0x0 0x0 0x0 0x80000000>;
	};
};
DTS
