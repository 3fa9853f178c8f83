// SPDX-License-Identifier: GPL-2.0
/*
 * Regression runner: the fuzz harness without libFuzzer.  Runs every input
 * file given (directories: every file in them, sorted) once, each in its
 * own child process so that one failure (abort or sanitizer report) does
 * not hide the others.  Prints "ok NAME" or "FAIL NAME" per file and a
 * summary; exits 1 if any failed.
 *
 *   runner [-v] FILE|DIR...	-v: print each decoded input and the results
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static int passed, failed;

static int run_one(const char *path)
{
	unsigned long long ram;
	char *cmdline;
	size_t n = 0, cap = 4096;
	uint8_t *buf = malloc(cap);
	FILE *f = fopen(path, "rb");
	size_t got;

	if (!f || !buf) {
		perror(path);
		return 1;
	}
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap && !(buf = realloc(buf, cap *= 2)))
			return 1;
	}
	fclose(f);
	if (ck_decode(buf, n, &ram, &cmdline)) {
		fprintf(stderr, "%s: shorter than the 8 bytes of RAM size\n", path);
		return 1;
	}
	free(cmdline);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static void run_file(const char *path)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		int rc = run_one(path);

		fflush(stdout);
		_exit(rc);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		exit(2);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		passed++;
		printf("ok   %s\n", path);
	} else {
		failed++;
		if (WIFSIGNALED(status))
			printf("FAIL %s (signal %d)\n", path, WTERMSIG(status));
		else
			printf("FAIL %s (exit %d)\n", path, WEXITSTATUS(status));
	}
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void run_path(const char *path)
{
	struct dirent **names;
	struct stat st;
	int i, n;

	if (stat(path, &st)) {
		perror(path);
		failed++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	n = scandir(path, &names, NULL, by_name);
	if (n < 0) {
		perror(path);
		failed++;
		return;
	}
	for (i = 0; i < n; i++) {
		char *full;

		if (names[i]->d_name[0] != '.' &&
		    asprintf(&full, "%s/%s", path, names[i]->d_name) >= 0) {
			run_file(full);
			free(full);
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	int i = 1;

	if (i < argc && !strcmp(argv[i], "-v")) {
		ck_verbose = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: %s [-v] FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (; i < argc; i++)
		run_path(argv[i]);
	printf("regression summary: %d inputs, %d ok, %d failing\n",
	       passed + failed, passed, failed);
	return failed ? 1 : 0;
}
