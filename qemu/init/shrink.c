// SPDX-License-Identifier: GPL-2.0
/*
 * ckmode=shrink: write a smaller size to /sys/kernel/kexec_crash_size and
 * check /proc/iomem and MemTotal (CK-SHRINK PASS/FAIL).
 */
#include "init.h"

void shrink(void)
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
