#!/usr/bin/env bash
# Scarce low memory, like Ampere Altra: firmware keeps most of the RAM below
# 4G.  A no-map reserved-memory node takes 1280MB-4032MB, so below 4096MB
# only the first 256MB of RAM (kernel at 1026MB, initrd at 1152MB and dtb
# after it, put there by QEMU; free blocks of ~120MB and ~125MB) and a
# 64MB hole at 4032MB-4096MB stay usable.
# No free block below 4096MB is 128MB, the default low size.
# Usage: altra-tight.sh IN.dtb OUT.dtb
set -euo pipefail
. "$(dirname "$0")/lib.sh"
reserve "$1" "$2" 0x50000000 0xac000000 no-map
