// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers every mode of the boot-matrix /init uses: powering off and
 * failing with a verdict, the kernel command line's ck* arguments, /proc
 * and sysfs files (/proc/iomem ranges, meminfo, numbers), address ranges,
 * running Debian's tools and reading files exactly.
 */
#include <termios.h>
#include <unistd.h>

#include "init.h"

static char cmdline[4096];

void power_off(void)
{
	fflush(stdout);
	/*
	 * Wait until the console has sent it all: the kernel powers off
	 * without draining the tty, and on a loaded host the last lines
	 * (CK-DONE) were lost.
	 */
	tcdrain(STDOUT_FILENO);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

void fail(const char *tag, const char *fmt, ...)
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

void read_cmdline(void)
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
const char *arg(const char *name, char *buf, size_t size)
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

int has_word(const char *list, const char *word)
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
int debug(void)
{
	return strstr(cmdline, " ckdebug") || !strncmp(cmdline, "ckdebug", 7);
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sort and join touching or overlapping ranges; returns the new count. */
int merge(struct range *r, int n)
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

char *fmt_ranges(const struct range *r, int n)
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

int parse_ranges(const char *s, struct range *r)
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
int iomem(const char *name, int top, struct range *r)
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

void cat(const char *path)
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
long long meminfo_kb(const char *name)
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

long long memtotal_kb(void)
{
	return meminfo_kb("MemTotal");
}

/* Read a number from a sysfs file; -1 on error. */
long long read_num(const char *path)
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

/*
 * Run ARGV[0] with ARGV, its output on the console (OUT NULL) or in OUT
 * (at most SIZE - 1 bytes kept, NUL terminated).  Returns the exit status,
 * or -1 when it did not exit normally or could not be started.
 */
int run(char *const argv[], char *out, size_t size)
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
int run_to_fd(char *const argv[], int fd)
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

int inside(const struct range *r, int n, unsigned long long s,
		  unsigned long long e)
{
	for (int i = 0; i < n; i++)
		if (r[i].start <= s && e <= r[i].end)
			return 1;
	return 0;
}

int overlaps(const struct range *r, int n, unsigned long long s,
		    unsigned long long e)
{
	for (int i = 0; i < n; i++)
		if (s <= r[i].end && r[i].start <= e)
			return 1;
	return 0;
}

void preadall(int fd, void *buf, size_t len, off_t off, const char *what)
{
	ssize_t n = pread(fd, buf, len, off);

	if (n != (ssize_t)len)
		fail("CK-KDUMP", "reading %s (%zu bytes at offset 0x%llx of /proc/vmcore): %s",
		     what, len, (unsigned long long)off,
		     n < 0 ? strerror(errno) : "short read");
}
