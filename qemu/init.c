// SPDX-License-Identifier: GPL-2.0
/*
 * The /init of the boot-matrix initramfs (static, arm64).
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
 *           compares the "Reserving ..." ones with the first kernel's
 *           console, numbers and all), then "CK-VMCORE-DMESG-COUNT ...".
 * With ckdebug, kexec runs with -d, makedumpfile with -D, and the vmcore's
 * program headers are printed (CK-VMCORE-PHDR).
 * Prints "CK-KDUMP PASS: ..." or "CK-KDUMP FAIL: ..." (each naming the load
 * syscall).
 *
 * Every path ends by powering the machine off (QEMU runs with -no-reboot and
 * the kernels with panic=-1, so a panic ends the run too).
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_RANGES 32
#define PAGE 4096

struct range {
	unsigned long long start, end;	/* inclusive, as /proc/iomem */
};

static char cmdline[4096];

static void __attribute__((noreturn)) power_off(void)
{
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static void __attribute__((format(printf, 2, 3), noreturn))
fail(const char *tag, const char *fmt, ...)
{
	va_list ap;

	printf("%s FAIL: ", tag);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	power_off();
	__builtin_unreachable();
}

static void read_cmdline(void)
{
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, cmdline, sizeof(cmdline) - 1);

	if (n < 0)
		n = 0;
	cmdline[n] = 0;
	if (n && cmdline[n - 1] == '\n')
		cmdline[n - 1] = 0;
	if (fd >= 0)
		close(fd);
}

/* Value of the last NAME=VALUE argument (copied to BUF), or NULL. */
static const char *arg(const char *name, char *buf, size_t size)
{
	size_t len = strlen(name);
	const char *p = cmdline, *found = NULL;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, name, len) && p[len] == '=')
			found = p + len + 1;
		while (*p && *p != ' ')
			p++;
	}
	if (!found)
		return NULL;
	len = strcspn(found, " ");
	if (len >= size)
		len = size - 1;
	memcpy(buf, found, len);
	buf[len] = 0;
	return buf;
}

static int has_word(const char *list, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = list; p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (!strncmp(p, word, len) && (p[len] == ',' || !p[len]))
			return 1;
	}
	return 0;
}

/* ckdebug on the command line: the tools' debug output, the vmcore headers */
static int debug(void)
{
	return strstr(cmdline, " ckdebug") || !strncmp(cmdline, "ckdebug", 7);
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sort and join touching or overlapping ranges; returns the new count. */
static int merge(struct range *r, int n)
{
	int out = 0;

	qsort(r, n, sizeof(*r), cmp_range);
	for (int i = 0; i < n; i++) {
		if (out && r[i].start <= r[out - 1].end + 1) {
			if (r[i].end > r[out - 1].end)
				r[out - 1].end = r[i].end;
		} else {
			r[out++] = r[i];
		}
	}
	return out;
}

static char *fmt_ranges(const struct range *r, int n)
{
	static char bufs[4][1024];
	static int which;
	char *buf = bufs[which++ % 4];
	size_t len = 0;

	buf[0] = 0;
	for (int i = 0; i < n; i++)
		len += snprintf(buf + len, sizeof(bufs[0]) - len, "%s0x%llx-0x%llx",
				i ? "," : "", r[i].start, r[i].end);
	if (!n)
		snprintf(buf, sizeof(bufs[0]), "(none)");
	return buf;
}

static int parse_ranges(const char *s, struct range *r)
{
	int n = 0;
	char *end;

	while (*s && n < MAX_RANGES) {
		r[n].start = strtoull(s, &end, 16);
		if (*end != '-')
			return -1;
		r[n].end = strtoull(end + 1, &end, 16);
		if (*end && *end != ',')
			return -1;
		n++;
		s = *end ? end + 1 : end;
	}
	return n;
}

/*
 * Ranges of /proc/iomem named NAME; with TOP, only top-level ones.
 * Returns the count, or -1 if /proc/iomem cannot be read.
 */
static int iomem(const char *name, int top, struct range *r)
{
	char line[256], *p, *end;
	int n = 0;
	FILE *f = fopen("/proc/iomem", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f) && n < MAX_RANGES) {
		line[strcspn(line, "\n")] = 0;
		if (top && line[0] == ' ')
			continue;
		p = line + strspn(line, " ");
		r[n].start = strtoull(p, &end, 16);
		if (*end != '-')
			continue;
		r[n].end = strtoull(end + 1, &end, 16);
		if (strncmp(end, " : ", 3) || strcmp(end + 3, name))
			continue;
		n++;
	}
	fclose(f);
	return n;
}

static void cat(const char *path)
{
	char line[512];
	FILE *f = fopen(path, "r");

	if (!f) {
		printf("CK-ERROR cannot open %s\n", path);
		return;
	}
	while (fgets(line, sizeof(line), f))
		fputs(line, stdout);
	fclose(f);
}

/* A "Name: N kB" field of /proc/meminfo, -1 if absent. */
static long long meminfo_kb(const char *name)
{
	char line[256], fmt[64];
	long long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	snprintf(fmt, sizeof(fmt), "%s: %%lld kB", name);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, fmt, &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static long long memtotal_kb(void)
{
	return meminfo_kb("MemTotal");
}

/* Read a number from a sysfs file; -1 on error. */
static long long read_num(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return strtoll(buf, NULL, 0);
}

/* ---- first kernel: /sys/kernel/kexec_crash_size ---- */

static void shrink(void)
{
	struct range before[MAX_RANGES], after[MAX_RANGES];
	long long old_size, new_size, got, mem0, mem1;
	int nb, na, changed = -1;
	char buf[64], val[32];
	int fd;

	old_size = read_num("/sys/kernel/kexec_crash_size");
	if (old_size <= 0)
		fail("CK-SHRINK", "/sys/kernel/kexec_crash_size reads %lld", old_size);
	nb = iomem("Crash kernel", 0, before);
	mem0 = memtotal_kb();
	if (arg("ckshrink", val, sizeof(val)))
		new_size = strtoll(val, NULL, 0);
	else
		new_size = old_size / 2 & ~(2LL * 1024 * 1024 - 1);

	snprintf(buf, sizeof(buf), "%lld", new_size);
	fd = open("/sys/kernel/kexec_crash_size", O_WRONLY);
	if (fd < 0 || write(fd, buf, strlen(buf)) != (ssize_t)strlen(buf))
		fail("CK-SHRINK", "writing %s to /sys/kernel/kexec_crash_size: %s",
		     buf, strerror(errno));
	close(fd);

	got = read_num("/sys/kernel/kexec_crash_size");
	na = iomem("Crash kernel", 0, after);
	mem1 = memtotal_kb();
	printf("CK-SHRINK kexec_crash_size %lld -> %lld (read back %lld); "
	       "Crash kernel %s -> %s; MemTotal %lld -> %lld kB\n",
	       old_size, new_size, got, fmt_ranges(before, nb),
	       fmt_ranges(after, na), mem0, mem1);
	if (got != new_size)
		fail("CK-SHRINK", "kexec_crash_size reads %lld after writing %lld",
		     got, new_size);
	if (na != nb)
		fail("CK-SHRINK", "%d Crash kernel ranges before, %d after", nb, na);
	for (int i = 0; i < nb; i++) {
		if (before[i].start == after[i].start && before[i].end == after[i].end)
			continue;
		if (changed >= 0)
			fail("CK-SHRINK", "more than one Crash kernel range changed: %s -> %s",
			     fmt_ranges(before, nb), fmt_ranges(after, na));
		changed = i;
	}
	if (changed < 0)
		fail("CK-SHRINK", "no Crash kernel range changed: %s",
		     fmt_ranges(before, nb));
	if (before[changed].end - before[changed].start + 1 != (unsigned long long)old_size ||
	    after[changed].start != before[changed].start ||
	    after[changed].end - after[changed].start + 1 != (unsigned long long)new_size)
		fail("CK-SHRINK", "Crash kernel 0x%llx-0x%llx became 0x%llx-0x%llx, "
		     "expected %lld bytes at the same start (was %lld bytes)",
		     before[changed].start, before[changed].end,
		     after[changed].start, after[changed].end, new_size, old_size);
	if (mem1 - mem0 != (old_size - new_size) / 1024)
		fail("CK-SHRINK", "MemTotal grew by %lld kB, expected %lld kB",
		     mem1 - mem0, (old_size - new_size) / 1024);
	printf("CK-SHRINK PASS: Crash kernel 0x%llx-0x%llx -> 0x%llx-0x%llx "
	       "(%lld MB -> %lld MB), MemTotal +%lld kB\n",
	       before[changed].start, before[changed].end,
	       after[changed].start, after[changed].end,
	       old_size >> 20, new_size >> 20, mem1 - mem0);
}

/* ---- first kernel: load the capture kernel and crash ---- */

/*
 * Run ARGV[0] with ARGV, its output on the console (OUT NULL) or in OUT
 * (at most SIZE - 1 bytes kept, NUL terminated).  Returns the exit status,
 * or -1 when it did not exit normally or could not be started.
 */
static int run(char *const argv[], char *out, size_t size)
{
	int pipefd[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	printf("CK-RUN");
	for (int i = 0; argv[i]; i++)
		printf(strchr(argv[i], ' ') ? " '%s'" : " %s", argv[i]);
	printf("\n");
	fflush(stdout);
	if (out && pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		if (out) {
			dup2(pipefd[1], 1);
			close(pipefd[0]);
			close(pipefd[1]);
		}
		execv(argv[0], argv);
		fprintf(stderr, "CK-RUN cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (out) {
		close(pipefd[1]);
		while ((n = read(pipefd[0], out + len, len + 1 < size ? size - 1 - len : 0)) > 0)
			len += n;
		/* drain what does not fit */
		while (n > 0 || (n < 0 && errno == EINTR)) {
			char sink[4096];

			n = read(pipefd[0], sink, sizeof(sink));
		}
		close(pipefd[0]);
		out[len] = 0;
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * Run ARGV[0] with ARGV, its standard output on file descriptor FD.
 * Returns the exit status, or -1 as run().
 */
static int run_to_fd(char *const argv[], int fd)
{
	int status;
	pid_t pid;

	printf("CK-RUN");
	for (int i = 0; argv[i]; i++)
		printf(strchr(argv[i], ' ') ? " '%s'" : " %s", argv[i]);
	printf(" >fd%d\n", fd);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(fd, 1);
		close(fd);
		execv(argv[0], argv);
		fprintf(stderr, "CK-RUN cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* ckload=file: kexec_file_load (kexec -s); else kexec_load (kexec) */
static int use_file_load(void)
{
	char buf[16];

	return arg("ckload", buf, sizeof(buf)) && !strcmp(buf, "file");
}

static const char *load_name(void)
{
	return use_file_load() ? "kexec_file_load (kexec -s -p)" :
				 "kexec_load (kexec -p)";
}

/*
 * Load /kdump/Image + capture.cpio as the crash kernel with Debian's kexec,
 * as kdump-tools does; TAG names failures.
 */
static void load_crash_kernel(const char *tag)
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
	if (use_file_load())
		argv[i++] = "-s";
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
static void unload_crash_kernel(const char *tag)
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

static void load_and_crash(void)
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

static int inside(const struct range *r, int n, unsigned long long s,
		  unsigned long long e)
{
	for (int i = 0; i < n; i++)
		if (r[i].start <= s && e <= r[i].end)
			return 1;
	return 0;
}

static int overlaps(const struct range *r, int n, unsigned long long s,
		    unsigned long long e)
{
	for (int i = 0; i < n; i++)
		if (s <= r[i].end && r[i].start <= e)
			return 1;
	return 0;
}

static void preadall(int fd, void *buf, size_t len, off_t off, const char *what)
{
	ssize_t n = pread(fd, buf, len, off);

	if (n != (ssize_t)len)
		fail("CK-KDUMP", "reading %s (%zu bytes at offset 0x%llx of /proc/vmcore): %s",
		     what, len, (unsigned long long)off,
		     n < 0 ? strerror(errno) : "short read");
}

static void run_dump_tools(void);

static void capture(void)
{
	struct range crash[MAX_RANGES], ram[MAX_RANGES], mine[MAX_RANGES];
	char buf[1024];
	static unsigned char page[PAGE];
	static Elf64_Phdr ph[256];
	Elf64_Ehdr eh;
	int nc, nr, nm, fd, nload = 0, nprstatus = 0, nvmcoreinfo = 0;
	int image = -1, pick = -1;

	if (!arg("ckcrash", buf, sizeof(buf)) || (nc = parse_ranges(buf, crash)) <= 0)
		fail("CK-KDUMP", "capture kernel: bad ckcrash= argument");
	if (!arg("ckram", buf, sizeof(buf)) || (nr = parse_ranges(buf, ram)) <= 0)
		fail("CK-KDUMP", "capture kernel: bad ckram= argument");
	nm = iomem("System RAM", 1, mine);
	printf("CK-KDUMP capture kernel System RAM: %s\n", fmt_ranges(mine, nm));
	nc = merge(crash, nc);
	nr = merge(ram, nr);
	nm = merge(mine, nm);
	if (nm != nc || memcmp(mine, crash, nc * sizeof(*crash)))
		fail("CK-KDUMP", "capture kernel RAM %s != crash regions %s",
		     fmt_ranges(mine, nm), fmt_ranges(crash, nc));

	fd = open("/proc/vmcore", O_RDONLY);
	if (fd < 0)
		fail("CK-KDUMP", "open /proc/vmcore: %s", strerror(errno));
	preadall(fd, &eh, sizeof(eh), 0, "the ELF header");
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_AARCH64 ||
	    eh.e_type != ET_CORE || eh.e_phentsize != sizeof(Elf64_Phdr))
		fail("CK-KDUMP", "bad vmcore ELF header (class %d data %d machine %d "
		     "type %d phentsize %d)", eh.e_ident[EI_CLASS], eh.e_ident[EI_DATA],
		     eh.e_machine, eh.e_type, eh.e_phentsize);
	if (!eh.e_phnum || eh.e_phnum > 256)
		fail("CK-KDUMP", "vmcore has %d program headers", eh.e_phnum);
	preadall(fd, ph, eh.e_phnum * sizeof(*ph), eh.e_phoff, "the program headers");

	for (int i = 0; i < eh.e_phnum; i++) {
		unsigned long long s = ph[i].p_paddr, e = s + ph[i].p_memsz - 1;

		if (debug())
			printf("CK-VMCORE-PHDR type %u paddr 0x%llx vaddr 0x%llx "
			       "memsz 0x%llx\n", ph[i].p_type, s,
			       (unsigned long long)ph[i].p_vaddr,
			       (unsigned long long)ph[i].p_memsz);

		if (ph[i].p_type == PT_NOTE) {
			static unsigned char notes[64 * 1024];
			size_t len = ph[i].p_filesz, off = 0;

			if (len > sizeof(notes))
				fail("CK-KDUMP", "PT_NOTE of %zu bytes", len);
			preadall(fd, notes, len, ph[i].p_offset, "PT_NOTE");
			while (off + sizeof(Elf64_Nhdr) <= len) {
				Elf64_Nhdr *nh = (Elf64_Nhdr *)(notes + off);
				const char *name = (const char *)(nh + 1);

				if (!nh->n_namesz && !nh->n_descsz)
					break;
				if (nh->n_type == NT_PRSTATUS && nh->n_namesz == 5 &&
				    !memcmp(name, "CORE", 5))
					nprstatus++;
				if (nh->n_namesz == 11 && !memcmp(name, "VMCOREINFO", 11))
					nvmcoreinfo++;
				off += sizeof(*nh) + ((nh->n_namesz + 3) & ~3) +
				       ((nh->n_descsz + 3) & ~3);
			}
		} else if (ph[i].p_type == PT_LOAD) {
			nload++;
			if (!ph[i].p_memsz || !inside(ram, nr, s, e) ||
			    overlaps(crash, nc, s, e))
				fail("CK-KDUMP", "PT_LOAD 0x%llx-0x%llx is not in the first "
				     "kernel's RAM %s outside the crash regions %s",
				     s, e, fmt_ranges(ram, nr), fmt_ranges(crash, nc));
			if (pick < 0 && ph[i].p_filesz >= PAGE)
				pick = i;
			/* The kernel image segment starts with the arm64 Image header */
			if (image < 0 && ph[i].p_filesz >= PAGE) {
				preadall(fd, page, PAGE, ph[i].p_offset, "a PT_LOAD page");
				if (!memcmp(page + 0x38, "ARM\x64", 4))
					image = i;
			}
		}
	}
	if (!nprstatus)
		fail("CK-KDUMP", "no NT_PRSTATUS note in /proc/vmcore");
	if (!nload || pick < 0)
		fail("CK-KDUMP", "no PT_LOAD with a page of data in /proc/vmcore");
	if (image >= 0)
		pick = image;
	preadall(fd, page, PAGE, ph[pick].p_offset, "a PT_LOAD page");
	close(fd);
	printf("CK-KDUMP vmcore (%s): capture kernel RAM = crash regions %s; "
	       "ELF64 %d PT_LOAD, NT_PRSTATUS x%d%s, read %d bytes at 0x%llx%s\n",
	       load_name(), fmt_ranges(crash, nc), nload, nprstatus,
	       nvmcoreinfo ? ", VMCOREINFO" : "", PAGE,
	       (unsigned long long)ph[pick].p_paddr,
	       image >= 0 ? " (first kernel's Image header)" : "");
	if (!nvmcoreinfo)
		fail("CK-KDUMP", "%s: no VMCOREINFO note in /proc/vmcore "
		     "(makedumpfile needs it)", load_name());
	run_dump_tools();
}

#define MODULES_DIR "/lib/modules/ck"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Load the modules of MODULES_DIR in name order (finit_module); false with
 * ERR set when one fails.  None is fine (a kernel with the drivers built in).
 */
static int load_modules(char *err, size_t size)
{
	char *names[16], path[300];
	struct dirent *e;
	int n = 0, fd, ok = 1;
	DIR *d = opendir(MODULES_DIR);

	if (!d)
		return 1;
	while ((e = readdir(d)) && n < 16)
		if (strstr(e->d_name, ".ko"))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), MODULES_DIR "/%s", names[i]);
		fd = open(path, O_RDONLY);
		if (ok && (fd < 0 || syscall(SYS_finit_module, fd, "", 0))) {
			snprintf(err, size, "loading %s: %s", path, strerror(errno));
			ok = 0;
		} else if (ok) {
			printf("CK-KDUMP loaded module %s\n", path);
		}
		if (fd >= 0)
			close(fd);
		free(names[i]);
	}
	return ok;
}

/*
 * ckdisk=DEV: makedumpfile -F (flattened format, on its standard output)
 * into the raw device /dev/DEV, for the host to read back.  Returns the
 * bytes written, or -1 with ERR set.
 */
static long long dump_to_disk(char *const mkd[], const char *dev, char *err,
			      size_t size)
{
	char path[64], sig[16];
	long long bytes;
	int rc, fd;

	mkdir("/dev", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) && errno != EBUSY) {
		snprintf(err, size, "mounting devtmpfs on /dev: %s", strerror(errno));
		return -1;
	}
	if (!load_modules(err, size))
		return -1;
	snprintf(path, sizeof(path), "/dev/%s", dev);
	/* A driver probed by a module just loaded: its node may come later */
	for (int i = 0; i < 100 && access(path, F_OK); i++)
		usleep(100000);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		snprintf(err, size, "open %s: %s", path, strerror(errno));
		return -1;
	}
	rc = run_to_fd(mkd, fd);
	bytes = lseek(fd, 0, SEEK_CUR);
	if (fsync(fd))
		snprintf(err, size, "fsync %s: %s", path, strerror(errno));
	else if (rc)
		snprintf(err, size, "makedumpfile -F exited with %d", rc);
	else if (bytes <= 0)
		snprintf(err, size, "makedumpfile -F wrote nothing to %s", path);
	else if (pread(fd, sig, sizeof(sig), 0) != sizeof(sig) ||
		 memcmp(sig, "makedumpfile", 13))
		snprintf(err, size, "%s does not start with the flattened "
			 "format's \"makedumpfile\" signature", path);
	close(fd);
	if (err[0])
		return -1;
	printf("CK-MAKEDUMPFILE %lld bytes flattened on %s\n", bytes, path);
	return bytes;
}

/*
 * Debian's makedumpfile and vmcore-dmesg on /proc/vmcore, with the
 * arguments kdump-tools gives them (MAKEDUMP_ARGS "-c -d 31"; with
 * ckdisk=DEV, -F into /dev/DEV).  Both must work; the verdict names the
 * first failure of each.
 */
static void run_dump_tools(void)
{
	static char log[1024 * 1024];
	char *mkd[] = { "/usr/bin/makedumpfile", "-c", "-d", "31", "/proc/vmcore",
			"/var/crash/dump", NULL, NULL };
	char *vmd[] = { "/sbin/vmcore-dmesg", "/proc/vmcore", NULL };
	char *ls[] = { "/bin/busybox", "ls", "-l", "/var/crash", NULL };
	char err[512] = "", sig[8], disk[32] = "";
	int rc, lines = 0, reserving = 0, fd;
	struct stat st;
	long long bytes;

	mkdir("/var", 0755);
	mkdir("/var/crash", 0755);
	mkdir("/tmp", 01777);
	if (debug()) {
		/* makedumpfile -D: its debug messages (page_offset, phys_base...) */
		memmove(mkd + 2, mkd + 1, 6 * sizeof(*mkd));
		mkd[1] = "-D";
	}
	if (arg("ckdisk", disk, sizeof(disk))) {
		/* makedumpfile -F [-D] -c -d 31 /proc/vmcore, on stdout */
		int n = 0;

		while (mkd[n])
			n++;
		mkd[n - 1] = NULL;
		memmove(mkd + 2, mkd + 1, (n - 1) * sizeof(*mkd));
		mkd[1] = "-F";
		bytes = dump_to_disk(mkd, disk, err, sizeof(err));
	} else {
		rc = run(mkd, NULL, 0);
		fd = open("/var/crash/dump", O_RDONLY);
		bytes = -1;
		if (rc)
			snprintf(err, sizeof(err), "makedumpfile exited with %d", rc);
		else if (fd < 0 || fstat(fd, &st) || !st.st_size)
			snprintf(err, sizeof(err), "makedumpfile wrote no /var/crash/dump");
		else if (read(fd, sig, sizeof(sig)) != sizeof(sig) ||
			 memcmp(sig, "KDUMP   ", sizeof(sig)))
			snprintf(err, sizeof(err), "/var/crash/dump is not kdump-compressed");
		else
			printf("CK-MAKEDUMPFILE %lld bytes\n", bytes = st.st_size);
		if (fd >= 0)
			close(fd);
		run(ls, NULL, 0);
	}

	rc = run(vmd, log, sizeof(log));
	for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
		lines++;
		if (!strstr(line, "crashkernel"))
			continue;
		printf("CK-VMCORE-DMESG %s\n", line);
		if (strstr(line, "Reserving "))
			reserving++;
	}
	printf("CK-VMCORE-DMESG-COUNT %d lines, %d \"Reserving\" lines\n",
	       lines, reserving);
	if (rc || !lines)
		snprintf(err + strlen(err), sizeof(err) - strlen(err), "%s%s",
			 err[0] ? "; " : "", rc ? "vmcore-dmesg failed" :
			 "vmcore-dmesg printed nothing");
	if (err[0])
		fail("CK-KDUMP", "%s: %s", load_name(), err);
	printf("CK-KDUMP PASS: %s: makedumpfile %s-c -d 31 wrote %lld bytes%s%s, "
	       "vmcore-dmesg %d lines (%d Reserving)\n", load_name(),
	       disk[0] ? "-F " : "", bytes, disk[0] ? " to /dev/" : "",
	       disk[0] ? disk : "", lines, reserving);
}

/* Count the tables of one level: 1 << SHIFT bytes per table, in order. */
static void count_tables(unsigned long long s, unsigned long long e, int shift,
			 long long *last, unsigned long long *n)
{
	long long b;

	for (b = s >> shift; b <= (long long)((e - 1) >> shift); b++)
		if (b != *last) {
			*last = b;
			(*n)++;
		}
}

/* The linear map as /sys/kernel/debug/kernel_page_tables shows it, in kB */
struct linear {
	unsigned long long kb[3];	/* present: PTE, PMD, 1G (PUD/PGD) */
	unsigned long long holes;	/* not present */
	unsigned long long tables;	/* PTE and PMD tables (4K pages) */
};

/*
 * Sum the entries of the linear map by level.  A present entry has
 * attributes after its level ("RW", "ro", ...); holes have none, or "F"
 * first when the entry was made invalid.  Tables:
 * one PTE table per 2M block holding PTEs, one PMD table per 1G block
 * holding PMDs or PTEs.  Returns -1 without debugfs.
 */
static int scan_linear(struct linear *l)
{
	static const char *const lv[] = { "PTE", "PMD", "PUD", "P4D", "PGD" };
	long long last2m = -1, last1g = -1;
	char line[512], level[8], attr[16];
	unsigned long long s, e, ntab = 0;
	int in = 0, i, n;
	FILE *f;

	memset(l, 0, sizeof(*l));
	mkdir("/sys/kernel/debug", 0755);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	f = fopen("/sys/kernel/debug/kernel_page_tables", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "Linear Mapping start"))
			in = 1;
		else if (strstr(line, "Linear Mapping end"))
			in = 0;
		n = sscanf(line, "0x%llx-0x%llx %*s %7s %15s", &s, &e, level, attr);
		if (!in || n < 3)
			continue;
		/* No attributes: none; "F": an entry made invalid (fault) */
		if (n == 3 || !strcmp(attr, "F")) {
			l->holes += (e - s) >> 10;
			continue;
		}
		/* 1G blocks show as PGD when the PUD level is folded */
		for (i = 0; i < 5; i++)
			if (!strcmp(level, lv[i]))
				l->kb[i < 2 ? i : 2] += (e - s) >> 10;
		if (!strcmp(level, "PTE"))
			count_tables(s, e, 21, &last2m, &ntab);
		if (!strcmp(level, "PTE") || !strcmp(level, "PMD"))
			count_tables(s, e, 30, &last1g, &ntab);
	}
	fclose(f);
	l->tables = ntab * 4;
	return 0;
}

static void print_linear_map(void)
{
	struct linear l;

	if (scan_linear(&l)) {
		printf("CK-LINEAR unavailable\n");
		return;
	}
	printf("CK-LINEAR pte=%llu pmd=%llu pud=%llu tables=%llu\n",
	       l.kb[0], l.kb[1], l.kb[2], l.tables);
}

/*
 * A loaded crash kernel is protected: its segments are removed from the
 * linear map (arch_kexec_protect_crashkres()), and put back on unload.
 * Check that loading adds at least the Image's size of holes to the linear
 * map and that unloading takes exactly those away again.
 */
static void protect(void)
{
	struct linear before, loaded, unloaded;
	unsigned long long image_kb;
	struct stat st;

	if (stat("/kdump/Image", &st) || scan_linear(&before))
		fail("CK-PROTECT", "needs /kdump/Image and debugfs");
	image_kb = st.st_size >> 10;
	load_crash_kernel("CK-PROTECT");
	scan_linear(&loaded);
	unload_crash_kernel("CK-PROTECT");
	if (read_num("/sys/kernel/kexec_crash_loaded") != 0)
		fail("CK-PROTECT", "kexec_crash_loaded is not 0 after unloading");
	scan_linear(&unloaded);
	if (loaded.holes < before.holes + image_kb)
		fail("CK-PROTECT", "loading unmapped %llu kB, less than the %llu kB Image",
		     loaded.holes - before.holes, image_kb);
	if (unloaded.holes != before.holes)
		fail("CK-PROTECT", "after unloading %lld kB stay unmapped",
		     (long long)(unloaded.holes - before.holes));
	printf("CK-PROTECT PASS: %s: loading unmapped %llu kB (Image %llu kB), "
	       "unloading mapped them again\n", load_name(),
	       loaded.holes - before.holes, image_kb);
}

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
