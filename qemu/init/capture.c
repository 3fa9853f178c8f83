// SPDX-License-Identifier: GPL-2.0
/*
 * What /init does in the capture kernel (ckcrash= on its command line):
 * its RAM is the first kernel's crash regions, /proc/vmcore is a sound
 * arm64 ELF core, then Debian's makedumpfile writes a dump (to a file, or
 * flattened to a raw disk the host reads back) and vmcore-dmesg shows the
 * first kernel's crashkernel lines (CK-KDUMP PASS/FAIL).
 */
#include "init.h"

static void run_dump_tools(void);

/* What capture() reads of /proc/vmcore */
struct vmcore {
	int fd;
	Elf64_Ehdr eh;
	Elf64_Phdr ph[256];
	int nload, nprstatus, nvmcoreinfo;
	int image;		/* the PT_LOAD of the first kernel's Image, or -1 */
	int pick;		/* the first PT_LOAD with a page of data, or -1 */
};

static unsigned char page[PAGE];

/*
 * The crash regions (ckcrash=) and the first kernel's RAM (ckram=), each
 * merged; the capture kernel's own RAM must be the crash regions.
 */
static void check_ram(struct range *crash, int *nc, struct range *ram,
		      int *nr)
{
	struct range mine[MAX_RANGES];
	char buf[1024];
	int nm;

	if (!arg("ckcrash", buf, sizeof(buf)) || (*nc = parse_ranges(buf, crash)) <= 0)
		fail("CK-KDUMP", "capture kernel: bad ckcrash= argument");
	if (!arg("ckram", buf, sizeof(buf)) || (*nr = parse_ranges(buf, ram)) <= 0)
		fail("CK-KDUMP", "capture kernel: bad ckram= argument");
	nm = iomem("System RAM", 1, mine);
	printf("CK-KDUMP capture kernel System RAM: %s\n", fmt_ranges(mine, nm));
	*nc = merge(crash, *nc);
	*nr = merge(ram, *nr);
	nm = merge(mine, nm);
	if (nm != *nc || memcmp(mine, crash, *nc * sizeof(*crash)))
		fail("CK-KDUMP", "capture kernel RAM %s != crash regions %s",
		     fmt_ranges(mine, nm), fmt_ranges(crash, *nc));
}

/* Open /proc/vmcore: an arm64 ELF64 core, its program headers read */
static void read_headers(struct vmcore *v)
{
	Elf64_Ehdr *eh = &v->eh;

	v->fd = open("/proc/vmcore", O_RDONLY);
	if (v->fd < 0)
		fail("CK-KDUMP", "open /proc/vmcore: %s", strerror(errno));
	preadall(v->fd, eh, sizeof(*eh), 0, "the ELF header");
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_AARCH64 ||
	    eh->e_type != ET_CORE || eh->e_phentsize != sizeof(Elf64_Phdr))
		fail("CK-KDUMP", "bad vmcore ELF header (class %d data %d machine %d "
		     "type %d phentsize %d)", eh->e_ident[EI_CLASS], eh->e_ident[EI_DATA],
		     eh->e_machine, eh->e_type, eh->e_phentsize);
	if (!eh->e_phnum || eh->e_phnum > 256)
		fail("CK-KDUMP", "vmcore has %d program headers", eh->e_phnum);
	preadall(v->fd, v->ph, eh->e_phnum * sizeof(*v->ph), eh->e_phoff,
		 "the program headers");
}

/* Count the NT_PRSTATUS and VMCOREINFO notes of the PT_NOTE @p */
static void count_notes(struct vmcore *v, const Elf64_Phdr *p)
{
	static unsigned char notes[64 * 1024];
	size_t len = p->p_filesz, off = 0;

	if (len > sizeof(notes))
		fail("CK-KDUMP", "PT_NOTE of %zu bytes", len);
	preadall(v->fd, notes, len, p->p_offset, "PT_NOTE");
	while (off + sizeof(Elf64_Nhdr) <= len) {
		Elf64_Nhdr *nh = (Elf64_Nhdr *)(notes + off);
		const char *name = (const char *)(nh + 1);

		if (!nh->n_namesz && !nh->n_descsz)
			break;
		if (nh->n_type == NT_PRSTATUS && nh->n_namesz == 5 &&
		    !memcmp(name, "CORE", 5))
			v->nprstatus++;
		if (nh->n_namesz == 11 && !memcmp(name, "VMCOREINFO", 11))
			v->nvmcoreinfo++;
		off += sizeof(*nh) + ((nh->n_namesz + 3) & ~3) +
		       ((nh->n_descsz + 3) & ~3);
	}
}

/*
 * PT_LOAD @i: in the first kernel's RAM, outside the crash regions; note
 * the first with a page of data, and the one holding the Image header.
 */
static void check_load(struct vmcore *v, int i, const struct range *ram,
		       int nr, const struct range *crash, int nc)
{
	const Elf64_Phdr *p = &v->ph[i];
	unsigned long long s = p->p_paddr, e = s + p->p_memsz - 1;

	v->nload++;
	if (!p->p_memsz || !inside(ram, nr, s, e) || overlaps(crash, nc, s, e))
		fail("CK-KDUMP", "PT_LOAD 0x%llx-0x%llx is not in the first "
		     "kernel's RAM %s outside the crash regions %s",
		     s, e, fmt_ranges(ram, nr), fmt_ranges(crash, nc));
	if (v->pick < 0 && p->p_filesz >= PAGE)
		v->pick = i;
	/* The kernel image segment starts with the arm64 Image header */
	if (v->image < 0 && p->p_filesz >= PAGE) {
		preadall(v->fd, page, PAGE, p->p_offset, "a PT_LOAD page");
		if (!memcmp(page + 0x38, "ARM\x64", 4))
			v->image = i;
	}
}

void capture(void)
{
	struct range crash[MAX_RANGES], ram[MAX_RANGES];
	static struct vmcore v;
	int nc, nr;

	v.image = v.pick = -1;
	check_ram(crash, &nc, ram, &nr);
	read_headers(&v);
	for (int i = 0; i < v.eh.e_phnum; i++) {
		const Elf64_Phdr *p = &v.ph[i];

		if (debug())
			printf("CK-VMCORE-PHDR type %u paddr 0x%llx vaddr 0x%llx "
			       "memsz 0x%llx\n", p->p_type,
			       (unsigned long long)p->p_paddr,
			       (unsigned long long)p->p_vaddr,
			       (unsigned long long)p->p_memsz);
		if (p->p_type == PT_NOTE)
			count_notes(&v, p);
		else if (p->p_type == PT_LOAD)
			check_load(&v, i, ram, nr, crash, nc);
	}
	if (!v.nprstatus)
		fail("CK-KDUMP", "no NT_PRSTATUS note in /proc/vmcore");
	if (!v.nload || v.pick < 0)
		fail("CK-KDUMP", "no PT_LOAD with a page of data in /proc/vmcore");
	if (v.image >= 0)
		v.pick = v.image;
	preadall(v.fd, page, PAGE, v.ph[v.pick].p_offset, "a PT_LOAD page");
	close(v.fd);
	printf("CK-KDUMP vmcore (%s): capture kernel RAM = crash regions %s; "
	       "ELF64 %d PT_LOAD, NT_PRSTATUS x%d%s, read %d bytes at 0x%llx%s\n",
	       load_name(), fmt_ranges(crash, nc), v.nload, v.nprstatus,
	       v.nvmcoreinfo ? ", VMCOREINFO" : "", PAGE,
	       (unsigned long long)v.ph[v.pick].p_paddr,
	       v.image >= 0 ? " (first kernel's Image header)" : "");
	if (!v.nvmcoreinfo)
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
	int rc, lines = 0, naming = 0, fd;
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
		naming++;
	}
	printf("CK-VMCORE-DMESG-COUNT %d lines, %d naming crashkernel\n",
	       lines, naming);
	if (rc || !lines)
		snprintf(err + strlen(err), sizeof(err) - strlen(err), "%s%s",
			 err[0] ? "; " : "", rc ? "vmcore-dmesg failed" :
			 "vmcore-dmesg printed nothing");
	if (err[0])
		fail("CK-KDUMP", "%s: %s", load_name(), err);
	printf("CK-KDUMP PASS: %s: makedumpfile %s-c -d 31 wrote %lld bytes%s%s, "
	       "vmcore-dmesg %d lines (%d naming crashkernel)\n", load_name(),
	       disk[0] ? "-F " : "", bytes, disk[0] ? " to /dev/" : "",
	       disk[0] ? disk : "", lines, naming);
}
