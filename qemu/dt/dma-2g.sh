#!/usr/bin/env bash
# DMA limited to the first 2048MB of physical addresses, as on SoCs whose
# devices sit behind a narrow interconnect: dma-ranges on QEMU's platform bus
# maps bus 0 to CPU 0 for 2048MB, so of_dma_get_max_cpu_address() (which
# walks every available node's dma-ranges) returns 0x7fffffff.
# Usage: dma-2g.sh IN.dtb OUT.dtb
set -euo pipefail
. "$(dirname "$0")/lib.sh"
platform_dma_limit "$1" "$2" 0x80000000
