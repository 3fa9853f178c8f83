#!/usr/bin/env bash
# DMA limited to the first 1024MB of physical addresses, as on SoCs whose
# devices sit behind a narrow interconnect: dma-ranges on QEMU's platform bus
# maps bus 0 to CPU 0 for 1024MB, so of_dma_get_max_cpu_address() (which
# walks every available node's dma-ranges) returns 0x3fffffff.
# Usage: dma-1g.sh IN.dtb OUT.dtb
set -euo pipefail
. "$(dirname "$0")/lib.sh"
platform_dma_limit "$1" "$2" 0x40000000
