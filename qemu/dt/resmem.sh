#!/usr/bin/env bash
# Device-tree variant "resmem": QEMU's own tree plus a 64M reserved-memory
# region at 0x50000000 (reserved, still mapped), for a crashkernel=@offset
# that overlaps firmware-reserved memory.  Usage: resmem.sh IN.dtb OUT.dtb
set -euo pipefail
. "$(dirname "$0")/lib.sh"
overlay "$1" "$2" <<'DTS'
/ {
	reserved-memory {
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;

		firmware@50000000 {
			reg = <0x0 0x50000000 0x0 0x4000000>;
		};
	};
};
DTS
