// SPDX-License-Identifier: GPL-2.0
/*
 * The census of the linear map (CK-LINEAR): the bytes mapped at each
 * page-table level and the tables' memory, summed from
 * /sys/kernel/debug/kernel_page_tables.
 */
#include "init.h"

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

/*
 * Sum the entries of the linear map by level.  A present entry has
 * attributes after its level ("RW", "ro", ...); holes have none, or "F"
 * first when the entry was made invalid.  Tables:
 * one PTE table per 2M block holding PTEs, one PMD table per 1G block
 * holding PMDs or PTEs.  Returns -1 without debugfs.
 */
int scan_linear(struct linear *l)
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

void print_linear_map(void)
{
	struct linear l;

	if (scan_linear(&l)) {
		printf("CK-LINEAR unavailable\n");
		return;
	}
	printf("CK-LINEAR pte=%llu pmd=%llu pud=%llu tables=%llu\n",
	       l.kb[0], l.kb[1], l.kb[2], l.tables);
}
