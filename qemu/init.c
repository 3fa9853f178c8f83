// SPDX-License-Identifier: GPL-2.0
/*
 * The only program of the boot-matrix initramfs (static, arm64).
 *
 * It mounts /proc and prints what the runner checks, between markers:
 *   CK-IOMEM-BEGIN ... CK-IOMEM-END   /proc/iomem
 *   CK-MEMTOTAL <kB>                  MemTotal from /proc/meminfo
 * and then powers the machine off.  The runner reads the serial console.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void print_memtotal(void)
{
	char line[256];
	unsigned long kb;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %lu kB", &kb) == 1)
			printf("CK-MEMTOTAL %lu\n", kb);
	fclose(f);
}

int main(void)
{
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);

	printf("CK-IOMEM-BEGIN\n");
	cat("/proc/iomem");
	printf("CK-IOMEM-END\n");
	print_memtotal();
	printf("CK-DONE\n");
	fflush(stdout);

	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
