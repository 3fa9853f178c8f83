# Sourced by the device-tree variant scripts: overlay IN.dtb OUT.dtb < DTS
# writes OUT.dtb, QEMU's tree IN.dtb with the dts fragment on stdin merged
# over it (later nodes and properties win, as dtc merges them).
overlay() {
	{ dtc -q -I dtb -O dts "$1"; cat; } | dtc -q -I dts -O dtb -o "$2" -
}
