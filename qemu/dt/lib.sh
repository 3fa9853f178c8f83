# Sourced by the device-tree variant scripts, at their top level: -h/--help
# prints the variant script's header comment and exits (scripts/help.sh).
# shellcheck source=../../scripts/help.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/help.sh"
[ ${#BASH_SOURCE[@]} -ne 2 ] || help_if_asked "${BASH_SOURCE[1]}" "$@"

# Sourced by the device-tree variant scripts: overlay IN.dtb OUT.dtb < DTS
# writes OUT.dtb, QEMU's tree IN.dtb with the dts fragment on stdin merged
# over it (later nodes and properties win, as dtc merges them).
overlay() {
	{ dtc -q -I dtb -O dts "$1"; cat; } | dtc -q -I dts -O dtb -o "$2" -
}

# reserve IN.dtb OUT.dtb BASE SIZE [no-map]: add a firmware reserved-memory
# region [BASE, BASE + SIZE) (32-bit hex values), kept mapped unless no-map.
reserve() {
	local nomap=""
	[ "${5:-}" = no-map ] && nomap="no-map;"
	overlay "$1" "$2" <<DTS
/ {
	reserved-memory {
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		firmware@${3#0x} {
			reg = <0x0 $3 0x0 $4>;
			$nomap
		};
	};
};
DTS
}

# platform_dma_limit IN.dtb OUT.dtb SIZE: dma-ranges on QEMU's platform bus
# mapping bus address 0 to CPU address 0 for SIZE bytes (32-bit hex).
# platform-bus: #address-cells = 1, #size-cells = 1, parent (root) cells = 2:
# <bus address> <cpu address (2 cells)> <size>
platform_dma_limit() {
	fdtget "$1" /platform-bus@c000000 compatible >/dev/null  # QEMU virt has it
	overlay "$1" "$2" <<DTS
/ {
	platform-bus@c000000 {
		dma-ranges = <0x0 0x0 0x0 $3>;
	};
};
DTS
}
