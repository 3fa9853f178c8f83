// SPDX-License-Identifier: GPL-2.0
/*
 * policy-test: the named layouts (one case each), then N seeded random
 * layouts (one case per block of 1000).  Prints "ok NAME" or "FAIL NAME"
 * per case, with the layout, the expectation and what happened for each
 * failing layout.
 *
 *   policy-test [-v] [--seed S] [--layouts N] [--only INDEX]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "policy.h"

#define MAX_PRINTED	5	/* failing random layouts printed in full */

static int printed;

/* Random layout @index of @seed; true when it failed */
static bool run_random(u64_t seed, u64_t index)
{
	struct layout l;
	struct request r;
	char name[80];

	random_layout(seed, index, &l, &r);
	snprintf(name, sizeof(name),
		 "random seed %llu layout %llu (rerun: --seed %llu --only %llu)",
		 X(seed), X(index), X(seed), X(index));
	quiet = printed >= MAX_PRINTED;
	if (!run_case(name, &l, &r, NULL))
		return false;
	printed++;
	return true;
}

int main(int argc, char **argv)
{
	u64_t seed = 1, layouts = 10000, only = 0;
	bool one = false;
	int passed = 0, failed;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--layouts") && i + 1 < argc)
			layouts = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			only = strtoull(argv[++i], NULL, 0);
			one = true;
		} else {
			fprintf(stderr, "usage: %s [-v] [--seed S] [--layouts N] [--only INDEX]\n",
				argv[0]);
			return 2;
		}
	}

	if (one) {
		struct layout l;
		struct request r;
		char name[64];

		verbose = 1;
		random_layout(seed, only, &l, &r);
		snprintf(name, sizeof(name), "seed %llu layout %llu",
			 (unsigned long long)seed, (unsigned long long)only);
		return run_case(name, &l, &r, NULL) ? 1 : 0;
	}

	failed = run_named();
	memset(&stats, 0, sizeof(stats));
	printf("random: seed %llu, %llu layouts\n", (unsigned long long)seed,
	       (unsigned long long)layouts);
	ck_run_blocks(seed, layouts, run_random, "layouts", &passed, &failed);
	quiet = 0;
	printf("random: expected outcomes: low %lu, high %lu (%lu with a low region, %lu kept without one), all-low %lu, at offset %lu, across the low limit %lu, -ENOMEM %lu, -ENOSPC %lu, -EINVAL %lu; %lu also through reserve_crashkernel_memblock()\n",
	       stats.where[W_LOW], stats.where[W_HIGH], stats.with_low,
	       stats.low_missing, stats.where[W_ANY], stats.where[W_AT],
	       stats.where[W_SPAN], stats.enomem, stats.enospc, stats.einval,
	       stats.glue);
	return failed ? 1 : 0;
}
