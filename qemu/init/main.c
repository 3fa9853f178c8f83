// SPDX-License-Identifier: GPL-2.0
/*
 * The /init of the boot-matrix initramfs (static, arm64): guest setup and
 * the dispatch to each mode, one file each in qemu/init/ (init.h lists them).
 *
 * The plain initramfs holds this program alone as /init.  The kdump
 * initramfs adds the kernel Image as /kdump/Image, the capture initramfs as
 * /kdump/capture.cpio (this program plus Debian's tools), and Debian
 * bookworm's own arm64 kdump user space with its libraries, as the .debs
 * install it: /sbin/kexec, /sbin/vmcore-dmesg (kexec-tools),
 * /usr/bin/makedumpfile, /bin/busybox (busybox-static) and /lib (libc6 and
 * the NEEDED libraries; qemu/debtools.py).  The loading and the dump are
 * done by those tools, with the arguments Debian's kdump-tools gives them;
 * this program checks what the tools cannot show.  The mode comes from
 * /proc/cmdline:
 *
 * First kernel (no ckcrash= argument).  Prints what the runner checks:
 *   CK-IOMEM-BEGIN ... CK-IOMEM-END   /proc/iomem
 *   CK-MEMTOTAL <kB>                  MemTotal from /proc/meminfo
 *   CK-CMATOTAL <kB>                  CmaTotal from /proc/meminfo (-1: none)
 *   CK-LINEAR pte=<kB> pmd=<kB> pud=<kB> tables=<kB>
 *                                     the linear map by level, from
 *                                     /sys/kernel/debug/kernel_page_tables
 *   CK-DONE
 * then does the steps named by ckmode= (comma separated; default "kdump"
 * when /kdump/Image exists, nothing otherwise):
 *   shrink  write a smaller size to /sys/kernel/kexec_crash_size (half, or
 *           ckshrink=BYTES), check that exactly one "Crash kernel" range of
 *           /proc/iomem shrank and that MemTotal grew by the same amount;
 *           prints "CK-SHRINK PASS: ..." or "CK-SHRINK FAIL: ...".
 *   protect load the crash kernel, check that its segments left the
 *           linear map, unload it (kexec -p -u) and check that they are
 *           back; prints "CK-PROTECT PASS: ..." or "CK-PROTECT FAIL: ...".
 *   kdump   load /kdump/Image + /kdump/capture.cpio as kdump-tools does:
 *             /sbin/kexec -p [-s] --command-line="..." --initrd=... IMAGE
 *           with -s (kexec_file_load) for ckload=file, without (kexec_load,
 *           Debian's default) for ckload=load (the default); the capture
 *           command line passes the "Crash kernel" ranges (ckcrash=), the
 *           top-level "System RAM" ranges (ckram=), ckload= and ckdisk=,
 *           and ends with kdump-tools' "reset_devices nr_cpus=1"; check
 *           /sys/kernel/kexec_crash_loaded and panic through
 *           /proc/sysrq-trigger.
 * Capture kernel (ckcrash= present).  Checks that its own top-level System
 * RAM is exactly the first kernel's crash regions, then /proc/vmcore: ELF64
 * header (EM_AARCH64, ET_CORE), a PT_NOTE with NT_PRSTATUS, PT_LOADs that all
 * lie in the first kernel's RAM outside the crash regions, and one page read
 * from the first kernel's image.  Then Debian's tools, as kdump-tools runs
 * them:
 *   makedumpfile -c -d 31 /proc/vmcore /var/crash/dump
 *           must exit 0 and write a kdump-compressed file ("KDUMP   "
 *           signature); prints "CK-MAKEDUMPFILE <bytes> bytes";
 *           with ckdisk=DEV (e.g. vda, a raw virtio disk the runner reads
 *           back) instead: makedumpfile -F -c -d 31 /proc/vmcore > /dev/DEV,
 *           the flattened format on the raw device (devtmpfs mounted on
 *           /dev; the kernel modules in /lib/modules/ck/, if any, loaded
 *           first in name order: a kernel with virtio as modules, as
 *           Debian's), which must start with the "makedumpfile" signature;
 *           prints "CK-MAKEDUMPFILE <bytes> bytes flattened on /dev/DEV"
 *           (the host turns it back into a dump file with makedumpfile -R
 *           and opens it with crash: qemu/ckcrash.py);
 *   vmcore-dmesg /proc/vmcore
 *           must exit 0 and print the first kernel's log; its lines naming
 *           crashkernel are printed as "CK-VMCORE-DMESG <line>" (the runner
 *           compares the reservation lines with the first kernel's
 *           console, numbers and all), then "CK-VMCORE-DMESG-COUNT <n>
 *           lines, <m> naming crashkernel".
 * With ckdebug, kexec runs with -d, makedumpfile with -D, and the vmcore's
 * program headers are printed (CK-VMCORE-PHDR).
 * Prints "CK-KDUMP PASS: ..." or "CK-KDUMP FAIL: ..." (each naming the load
 * syscall).
 *
 * Every path ends by powering the machine off (QEMU runs with -no-reboot and
 * the kernels with panic=-1, so a panic ends the run too).
 */
#include "init.h"

int main(void)
{
	char mode[128];

	setvbuf(stdout, NULL, _IOLBF, 0);
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	read_cmdline();

	if (arg("ckcrash", mode, sizeof(mode))) {
		capture();
		power_off();
	}

	printf("CK-IOMEM-BEGIN\n");
	cat("/proc/iomem");
	printf("CK-IOMEM-END\n");
	printf("CK-MEMTOTAL %lld\n", memtotal_kb());
	printf("CK-CMATOTAL %lld\n", meminfo_kb("CmaTotal"));
	print_linear_map();
	printf("CK-DONE\n");

	if (!arg("ckmode", mode, sizeof(mode)))
		strcpy(mode, access("/kdump/Image", R_OK) ? "" : "kdump");
	if (has_word(mode, "shrink"))
		shrink();
	if (has_word(mode, "protect"))
		protect();
	if (has_word(mode, "kdump"))
		load_and_crash();
	power_off();
	return 0;
}
