# shellcheck shell=bash
# scripts/check-system's series stage, sourced by it (its functions and
# variables: chain, first_boot, layout_runs, ok, bad, stage_done, SYS...).
# The series built as Debian builds it (scripts/check-distro: Debian's
# config, the Image and virtio_mmio/virtio_blk, under the build lock), plus
# the modules the system needs to mount its root (ext4 and what it
# depends on: Debian builds them as modules), built the same way under the
# lock; installed into a copy of the system as linux-image installs a
# kernel (/boot/vmlinuz-KVER, config-KVER, System.map-KVER,
# /lib/modules/KVER), then depmod and update-initramfs run in the system
# (chroot, qemu-aarch64-static through binfmt_misc).

series=$SYS/series
dout=$BUILD_ROOT/distro
# Debian builds these as modules; the VM's root needs them (modules.dep
# order does not matter: depmod finds it)
SERIES_MODULES=(drivers/virtio/virtio_mmio.ko drivers/block/virtio_blk.ko
	fs/ext4/ext4.ko fs/jbd2/jbd2.ko fs/mbcache.ko lib/crc16.ko
	crypto/crc32c_generic.ko)
echo "== series: scripts/check-distro's build (Debian's config) =="
# The build only: a row name no row has
if "$REPO/scripts/check-distro" --only '^check-system-builds-only$' \
	>"$SLOGS/check-distro.txt" 2>&1; then
	ok "series build: $(grep '^ok   build' "$SLOGS/check-distro.txt" | sed 's/^ok   //')"
else
	tail -15 "$SLOGS/check-distro.txt" >&2
	bad "series build: scripts/check-distro failed (see $SLOGS/check-distro.txt)"
	return 0 2>/dev/null || exit 1
fi
flock -n "$LOCK" true 2>/dev/null || note "waiting for the build lock ($LOCK)"
take_build_lock
if kmake "$SRC" arm64 "$CROSS_COMPILE" "$dout" CROSS_COMPILE_COMPAT=arm-linux-gnueabihf- \
	"${SERIES_MODULES[@]}" >"$SLOGS/build-modules.log" 2>&1; then
	ok "series modules: ${SERIES_MODULES[*]##*/}"
else
	tail -15 "$SLOGS/build-modules.log" >&2
	bad "series modules: build failed (see $SLOGS/build-modules.log)"
	exec 9>&-
	return 0 2>/dev/null || exit 1
fi
[ "${CK_LOCK_HELD:-}" = 1 ] || exec 9>&-
stage_done series-build

skver=$(cat "$dout/include/config/kernel.release")
skey=$({ cat "$SYS/image.stamp"; sha256sum "$dout/$CK_IMAGE" "${SERIES_MODULES[@]/#/$dout/}";
	cat "$REPO/qemu/system/series.sh"; } | sha256sum | cut -c1-16)
if [ "$(cat "$series/stamp" 2>/dev/null)" != "$skey" ] || [ ! -s "$series/disk.img" ]; then
	note "installing $skver into a copy of the system (update-initramfs in the system)"
	r=$SYS/root-series
	rm -rf "$r" "$series" && mkdir -p "$series"
	cp -a "$SYS/root" "$r"
	gzip -9n <"$dout/$CK_IMAGE" >"$r/boot/vmlinuz-$skver"
	cp "$dout/.config" "$r/boot/config-$skver"
	cp "$dout/System.map" "$r/boot/System.map-$skver"
	md=$r/lib/modules/$skver
	mkdir -p "$md/kernel"
	for m in "${SERIES_MODULES[@]}"; do
		install -D -m 644 "$dout/$m" "$md/kernel/$m"
		# As Debian's packaging does: no debug information in modules
		"${CROSS_COMPILE}strip" --strip-debug "$md/kernel/$m"
		echo "kernel/$m"
	done >"$md/modules.order"
	cp "$dout/modules.builtin" "$dout/modules.builtin.modinfo" "$md/"
	for fs in proc sys dev; do mount --bind "/$fs" "$r/$fs"; done
	inst_ok=1
	{ chroot "$r" depmod -a "$skver" && chroot "$r" update-initramfs -c -k "$skver"; } \
		>"$SLOGS/series-install.log" 2>&1 || inst_ok=0
	for fs in dev sys proc; do umount "$r/$fs"; done
	if [ "$inst_ok" = 0 ] || [ ! -s "$r/boot/initrd.img-$skver" ]; then
		tail -15 "$SLOGS/series-install.log" >&2
		bad "series install: depmod/update-initramfs failed (see $SLOGS/series-install.log)"
		return 0 2>/dev/null || exit 1
	fi
	cp "$dout/$CK_IMAGE" "$series/Image"
	cp "$r/boot/initrd.img-$skver" "$series/initrd.img"
	echo "$skver" >"$series/kernel.release"
	truncate -s 0 "$series/disk.img"
	mkfs.ext4 -q -F -L ckroot -d "$r" "$series/disk.img" "$DISK_SIZE"
	echo "$skey" >"$series/stamp"
	ok "series install: $skver with $(chroot "$r" lsinitramfs "/boot/initrd.img-$skver" 2>/dev/null | grep -c '\.ko$' || true) modules in its initramfs" \
		"($(du -m "$series/initrd.img" | cut -f1)MB), made by the system's update-initramfs"
else
	ok "series install: cached ($series/stamp $skey)"
fi
stage_done series-install
echo "== series: $skver =="
if first_boot "$series" series; then
	stage_done series-firstboot
	svml=
	[ "$crash" = 1 ] && svml=$dout/vmlinux
	layout_runs series "$series" "$svml"
else
	stage_done series-firstboot
fi
