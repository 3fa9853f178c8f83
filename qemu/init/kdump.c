// SPDX-License-Identifier: GPL-2.0
/*
 * ckmode=kdump in the first kernel: load the capture kernel with Debian's
 * kexec as kdump-tools does (kexec -p [-s]), check that it is loaded and
 * crash through sysrq.
 */
#include "init.h"
#include <dirent.h>

/* ckload=file: kexec_file_load (kexec -s); else kexec_load (kexec) */
static int use_file_load(void)
{
	char buf[16];

	return arg("ckload", buf, sizeof(buf)) && !strcmp(buf, "file");
}

const char *load_name(void)
{
	return use_file_load() ? "kexec_file_load (kexec -s -p)" :
				 "kexec_load (kexec -p)";
}

/*
 * Append the CMA areas of crashkernel=,cma (debugfs cma/crashkernel*: the
 * first range's base_pfn and the page count; CONFIG_CMA_DEBUGFS) to R,
 * which holds N ranges; returns the new count.  None without debugfs or
 * CMA.
 */
static int add_crash_cma(struct range *r, int n)
{
	static const char root[] = "/sys/kernel/debug/cma";
	unsigned long long page = sysconf(_SC_PAGESIZE);
	char path[320];
	struct dirent *d;
	DIR *dir;

	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	dir = opendir(root);
	if (!dir)
		return n;
	while ((d = readdir(dir)) && n < MAX_RANGES) {
		long long base, count;

		if (strncmp(d->d_name, "crashkernel", 11))
			continue;
		snprintf(path, sizeof(path), "%s/%s/base_pfn", root, d->d_name);
		base = read_num(path);
		snprintf(path, sizeof(path), "%s/%s/count", root, d->d_name);
		count = read_num(path);
		if (base < 0 || count <= 0)
			continue;
		r[n].start = base * page;
		r[n].end = (base + count) * page - 1;
		n++;
	}
	closedir(dir);
	return n;
}

/*
 * Load /kdump/Image + capture.cpio as the crash kernel with Debian's kexec,
 * as kdump-tools does; TAG names failures.
 */
void load_crash_kernel(const char *tag)
{
	struct range crash[MAX_RANGES], ram[MAX_RANGES];
	static char cmd[2048], load[16], disk[32], diskarg[48];
	char *argv[9];
	int nc, nr, i = 0, rc;
	long long loaded;

	nc = iomem("Crash kernel", 0, crash);
	nr = iomem("System RAM", 1, ram);
	if (nc <= 0)
		fail(tag, "no Crash kernel range in /proc/iomem");
	if (nr <= 0)
		fail(tag, "no System RAM in /proc/iomem");
	if (!arg("ckload", load, sizeof(load)))
		strcpy(load, "load");
	/*
	 * kexec_file_load gives the capture kernel the CMA areas of
	 * crashkernel=,cma as usable memory too (drivers/of/kexec.c);
	 * kexec_load gives what kexec-tools reads in /proc/iomem
	 */
	if (use_file_load()) {
		int n = add_crash_cma(crash, nc);

		if (n > nc)
			printf("%s crashkernel CMA areas: %s\n", tag,
			       fmt_ranges(crash + nc, n - nc));
		nc = n;
	}
	diskarg[0] = 0;
	if (arg("ckdisk", disk, sizeof(disk)))
		snprintf(diskarg, sizeof(diskarg), " ckdisk=%s", disk);
	/* kdump-tools appends "reset_devices nr_cpus=1" (and its systemd unit) */
	snprintf(cmd, sizeof(cmd),
		 "--command-line=" CK_APPEND " "
		 "ckcrash=%s ckram=%s ckload=%s%s%s reset_devices nr_cpus=1",
		 fmt_ranges(crash, nc), fmt_ranges(ram, nr), load, diskarg,
		 debug() ? " ckdebug" : "");
	argv[i++] = "/sbin/kexec";
	argv[i++] = "-p";
	/*
	 * -c (kexec_load) explicitly: kexec-tools 2.0.29 (Debian 13) tries
	 * kexec_file_load first when given neither; 2.0.25 takes -c as its
	 * default anyway
	 */
	argv[i++] = use_file_load() ? "-s" : "-c";
	if (debug())
		argv[i++] = "-d";
	argv[i++] = cmd;
	argv[i++] = "--initrd=/kdump/capture.cpio";
	argv[i++] = "/kdump/Image";
	argv[i] = NULL;
	printf("%s loading with %s\n", tag, load_name());
	rc = run(argv, NULL, 0);
	if (rc)
		fail(tag, "%s exited with %d", load_name(), rc);
	loaded = read_num("/sys/kernel/kexec_crash_loaded");
	if (loaded != 1)
		fail(tag, "/sys/kernel/kexec_crash_loaded is %lld after loading",
		     loaded);
}

/* Unload the crash kernel with the same syscall (kexec -p [-s] -u) */
void unload_crash_kernel(const char *tag)
{
	char *argv[] = { "/sbin/kexec", "-p", "-u", NULL, NULL };
	int rc;

	if (use_file_load()) {
		argv[2] = "-s";
		argv[3] = "-u";
	}
	rc = run(argv, NULL, 0);
	if (rc)
		fail(tag, "unloading (%s -u) exited with %d", load_name(), rc);
}

void load_and_crash(void)
{
	int fd;

	load_crash_kernel("CK-KDUMP");
	printf("CK-KDUMP loaded; crashing through /proc/sysrq-trigger\n");
	fflush(stdout);
	sync();
	fd = open("/proc/sysrq-trigger", O_WRONLY);
	if (fd < 0 || write(fd, "c", 1) != 1)
		fail("CK-KDUMP", "writing c to /proc/sysrq-trigger: %s", strerror(errno));
	fail("CK-KDUMP", "still running after sysrq c");
}
