#!/usr/bin/env bash
# Device-tree variant "resmem": QEMU's own tree plus a 64M reserved-memory
# region at 0x50000000 (reserved, still mapped), for a crashkernel=@offset
# that overlaps firmware-reserved memory.  Usage: resmem.sh IN.dtb OUT.dtb
set -euo pipefail
in=$1 out=$2
# Drop the root node's closing "};", add the node, close again.
dtc -q -I dtb -O dts "$in" | sed '$d' >"$out.dts"
cat >>"$out.dts" <<'DTS'
	reserved-memory {
		#address-cells = <0x02>;
		#size-cells = <0x02>;
		ranges;

		firmware@50000000 {
			reg = <0x00 0x50000000 0x00 0x4000000>;
		};
	};
};
DTS
dtc -q -I dts -O dtb -o "$out" "$out.dts"
