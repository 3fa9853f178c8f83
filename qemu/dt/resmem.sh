#!/usr/bin/env bash
# Device-tree variant "resmem": QEMU's own tree plus a 64M reserved-memory
# region at 0x50000000 (reserved, still mapped), for a crashkernel=@offset
# that overlaps firmware-reserved memory.  Usage: resmem.sh IN.dtb OUT.dtb
set -euo pipefail
. "$(dirname "$0")/lib.sh"
reserve "$1" "$2" 0x50000000 0x4000000
