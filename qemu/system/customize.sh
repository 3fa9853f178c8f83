#!/bin/sh
# mmdebstrap --customize-hook of scripts/check-system: the few files that
# make the Debian system bootable in QEMU and let the host watch it.
# Nothing of kdump-tools' own configuration is changed.
# Usage: customize.sh ROOT   (run by mmdebstrap on the host, as root)
set -eu
root=$1
here=$(dirname "$0")
# The root file system is the whole virtio disk (mkfs.ext4 -d, no table)
echo '/dev/vda / ext4 errors=remount-ro 0 1' >"$root/etc/fstab"
echo ck-system >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 ck-system\n' >"$root/etc/hosts"
# The probe, after kdump-tools.service in the first kernel only
install -m 755 "$here/guest/ck-system" "$root/usr/local/sbin/ck-system"
install -m 644 "$here/guest/ck-system.service" "$root/etc/systemd/system/ck-system.service"
mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
ln -sf /etc/systemd/system/ck-system.service \
	"$root/etc/systemd/system/multi-user.target.wants/ck-system.service"
# The capture kernel's memory when kdump-tools-dump.service starts
mkdir -p "$root/etc/systemd/system/kdump-tools-dump.service.d"
install -m 644 "$here/guest/kdump-tools-dump-meminfo.conf" \
	"$root/etc/systemd/system/kdump-tools-dump.service.d/ck-meminfo.conf"
# No getty on the serial console: the probe owns it
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyAMA0.service"
