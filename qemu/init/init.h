/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the boot-matrix /init share: the system headers, the
 * address ranges of /proc/iomem, the linear-map census and each file's
 * functions.  main.c's header comment says what /init does.
 */
#ifndef CK_INIT_H
#define CK_INIT_H

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

/* The linear map as /sys/kernel/debug/kernel_page_tables shows it, in kB */
struct linear {
	unsigned long long kb[3];	/* present: PTE, PMD, 1G (PUD/PGD) */
	unsigned long long holes;	/* not present */
	unsigned long long tables;	/* PTE and PMD tables (4K pages) */
};

/* util.c: the command line, /proc and sysfs files, ranges, running the tools */
void __attribute__((noreturn)) power_off(void);
void __attribute__((format(printf, 2, 3), noreturn))
fail(const char *tag, const char *fmt, ...);
char *fmt_ranges(const struct range *r, int n);
void read_cmdline(void);
const char *arg(const char *name, char *buf, size_t size);
int has_word(const char *list, const char *word);
int debug(void);
int merge(struct range *r, int n);
int parse_ranges(const char *s, struct range *r);
int iomem(const char *name, int top, struct range *r);
void cat(const char *path);
long long meminfo_kb(const char *name);
long long memtotal_kb(void);
long long read_num(const char *path);
int run(char *const argv[], char *out, size_t size);
int run_to_fd(char *const argv[], int fd);
int inside(const struct range *r, int n, unsigned long long s,
	   unsigned long long e);
int overlaps(const struct range *r, int n, unsigned long long s,
	     unsigned long long e);
void preadall(int fd, void *buf, size_t len, off_t off, const char *what);

/* linear.c: the linear-map census */
int scan_linear(struct linear *l);
void print_linear_map(void);

/* shrink.c: ckmode=shrink */
void shrink(void);

/* protect.c: ckmode=protect */
void protect(void);

/* kdump.c: ckmode=kdump, loading the capture kernel and crashing */
const char *load_name(void);
void load_crash_kernel(const char *tag);
void unload_crash_kernel(const char *tag);
void load_and_crash(void);

/* capture.c: the capture kernel's checks and dump */
void capture(void);

#endif /* CK_INIT_H */
