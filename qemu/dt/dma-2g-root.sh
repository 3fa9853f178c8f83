#!/usr/bin/env bash
# DMA limited to the first 2048MB by dma-ranges on the root node (the bus
# every device sits on).  6.1's of_dma_get_max_cpu_address() cannot translate
# a root dma-ranges (no parent: OF_BAD_ADDR) and its sum wraps to
# size - 2 = 0x7ffffffe, which still gives 31 bits: ZONE_DMA ends at 2048MB.
# Usage: dma-2g-root.sh IN.dtb OUT.dtb
set -euo pipefail
# root: #address-cells = 2, #size-cells = 2:
# <bus address (2 cells)> <cpu address (2 cells)> <size (2 cells)>
. "$(dirname "$0")/lib.sh"
overlay "$1" "$2" <<'DTS'
/ {
	dma-ranges = <0x0 0x0 0x0 0x0 0x0 0x80000000>;
};
DTS
