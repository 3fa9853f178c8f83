// SPDX-License-Identifier: GPL-2.0
/*
 * Named layouts: machines the series is for, each with requests whose
 * outcome is written out here as the kernel document states it (which
 * window, which low region).  Every row is also checked against ref.c,
 * and the row's own expectation must agree with the reference.
 */
#include <errno.h>
#include <stdio.h>
#include "policy.h"

#define R(start, end)	{ (start), (end) - (start) }
#define PA48		(1ULL << 48)	/* arm64 high limit: PHYS_MASK + 1 */
#define SZ(s)		.r = { .form = F_SIZE, .size = (s) }
#define HI(s)		.r = { .form = F_HIGH, .size = (s) }
#define AT(s, o)	.r = { .form = F_FIXED, .size = (s), .offset = (o) }
#define AT0(s)		.r = { .form = F_AT0, .size = (s) }
#define WITH_LOW(y)	.r.low_given = true, .r.low = (y)
#define EXPECT(err, w, low)	.e = { (err), (w), 0, (low) }
/* The main region kept without the @missing bytes of low region it wanted */
#define EXPECT_NOLOW(w, missing)	.e = { 0, (w), 0, 0, (missing) }

/*
 * Ampere Altra-like: 2G of RAM below 4G, firmware and the kernel keep all
 * but 256M of it; 62G at 512G.  Low limit 4G.
 *
 *   2G          3840M  4G         512G              574G
 *   |##reserved##|free|  (no RAM) |      free      |
 */
#define AMPERE .l = { \
	.nmem = 2, .mem = { R(GB(2), GB(4)), R(GB(512), GB(574)) }, \
	.nres = 1, .res = { R(GB(2), MB(3840)) }, \
	.low_limit = GB(4), .high_limit = PA48, .align = MB(2) }

/*
 * QEMU virt -m 8G: RAM at 1G..9G, the kernel image near its start, the
 * device tree at its end.  Low limit 4G (or the given one).
 *
 *   1G  1G+2M..1G+32M        4G                    9G-2M 9G
 *   |   |##kernel##|   free   |        free        |#dtb#|
 */
#define QEMU(ram, low) .l = { \
	.nmem = 1, .mem = { R(GB(1), GB(1) + (ram)) }, \
	.nres = 2, .res = { R(GB(1) + MB(2), GB(1) + MB(32)), \
			    R(GB(1) + (ram) - MB(2), GB(1) + (ram)) }, \
	.low_limit = (low), .high_limit = PA48, .align = MB(2) }

/*
 * RAM at 0 (Raspberry Pi 4-like DMA limits), 8G, firmware at 0..2M.
 *
 *   0  2M          low limit                8G
 *   |fw|   free       |        free          |
 */
#define DMA(low) .l = { \
	.nmem = 1, .mem = { R(0, GB(8)) }, \
	.nres = 1, .res = { R(0, MB(2)) }, \
	.low_limit = (low), .high_limit = PA48, .align = MB(2) }

/*
 * Holes: RAM 1G..5G, no-map at 2G (4M) and 3G (64M), reserved 1G..1G+32M.
 * Largest free low block: 2G+4M..3G (1020M).  Low limit 4G.
 *
 *   1G  1G+32M   2G 2G+4M     3G 3G+64M    4G      5G
 *   |res|  free  |nm|  free   |nomap| free |  free  |
 */
#define HOLES .l = { \
	.nmem = 1, .mem = { R(GB(1), GB(5)) }, \
	.nnomap = 2, .nomap = { R(GB(2), GB(2) + MB(4)), \
				R(GB(3), GB(3) + MB(64)) }, \
	.nres = 1, .res = { R(GB(1), GB(1) + MB(32)) }, \
	.low_limit = GB(4), .high_limit = PA48, .align = MB(2) }

/*
 * Ampere Altra-like with only 64M free below the low limit: less than the
 * default low region.
 *
 *   2G                4032M  4G         512G              574G
 *   |####reserved######|free|  (no RAM) |      free      |
 */
#define TIGHT .l = { \
	.nmem = 2, .mem = { R(GB(2), GB(4)), R(GB(512), GB(574)) }, \
	.nres = 1, .res = { R(GB(2), GB(4) - MB(64)) }, \
	.low_limit = GB(4), .high_limit = PA48, .align = MB(2) }

/* No DMA zones: all RAM is low (low limit == high limit). */
#define NODMA .l = { \
	.nmem = 1, .mem = { R(GB(1), GB(9)) }, \
	.nres = 1, .res = { R(GB(1) + MB(2), GB(1) + MB(32)) }, \
	.low_limit = PA48, .high_limit = PA48, .align = MB(2) }

static const struct named {
	const char *name;
	struct layout l;
	struct request r;
	struct expect e;
} named[] = {
	{ "ampere-512M-falls-back-high", AMPERE, SZ(MB(512)), EXPECT(0, W_HIGH, MB(128)) },
	{ "ampere-128M-fits-low", AMPERE, SZ(MB(128)), EXPECT(0, W_LOW, 0) },
	{ "ampere-256M-exact-fit-low", AMPERE, SZ(MB(256)), WITH_LOW(MB(64)), EXPECT(0, W_LOW, 0) },
	{ "ampere-512M-high-default-low", AMPERE, HI(MB(512)), EXPECT(0, W_HIGH, MB(128)) },
	{ "ampere-512M-0-low", AMPERE, SZ(MB(512)), WITH_LOW(0), EXPECT(0, W_HIGH, 0) },
	{ "ampere-512M-low-512M-no-room", AMPERE, SZ(MB(512)), WITH_LOW(MB(512)), EXPECT(-ENOSPC, W_NONE, 0) },
	{ "ampere-64G-no-room", AMPERE, SZ(GB(64)), EXPECT(-ENOMEM, W_NONE, 0) },
	{ "qemu-8G-4G-goes-high", QEMU(GB(8), GB(4)), SZ(GB(4)), EXPECT(0, W_HIGH, MB(128)) },
	{ "qemu-8G-2G-fits-low", QEMU(GB(8), GB(4)), SZ(GB(2)), EXPECT(0, W_LOW, 0) },
	{ "qemu-8G-1G-high-64M-low", QEMU(GB(8), GB(4)), HI(GB(1)), WITH_LOW(MB(64)), EXPECT(0, W_HIGH, MB(64)) },
	{ "qemu-2G-256M-low", QEMU(GB(2), GB(4)), SZ(MB(256)), EXPECT(0, W_LOW, 0) },
	{ "qemu-2G-high-falls-back-low", QEMU(GB(2), GB(4)), HI(MB(256)), EXPECT(0, W_LOW, 0) },
	{ "qemu-8G-dma-1G-no-low-ram", QEMU(GB(8), GB(1)), SZ(MB(512)), EXPECT_NOLOW(W_HIGH, MB(128)) },
	{ "qemu-8G-6G-high-spans-low-limit", QEMU(GB(8), GB(4)), HI(GB(6)), EXPECT(0, W_SPAN, 0) },
	{ "qemu-8G-6G-high-spans-with-64M-low", QEMU(GB(8), GB(4)), HI(GB(6)), WITH_LOW(MB(64)), EXPECT(0, W_SPAN, MB(64)) },
	{ "qemu-8G-6G-plain-no-room", QEMU(GB(8), GB(4)), SZ(GB(6)), EXPECT(-ENOMEM, W_NONE, 0) },
	{ "tight-1G-high-kept-without-default-low", TIGHT, HI(GB(1)), EXPECT_NOLOW(W_HIGH, MB(128)) },
	{ "tight-512M-falls-back-without-default-low", TIGHT, SZ(MB(512)), EXPECT_NOLOW(W_HIGH, MB(128)) },
	{ "tight-1G-high-128M-low-given-back", TIGHT, HI(GB(1)), WITH_LOW(MB(128)), EXPECT(-ENOSPC, W_NONE, 0) },
	{ "tight-1G-high-32M-low", TIGHT, HI(GB(1)), WITH_LOW(MB(32)), EXPECT(0, W_HIGH, MB(32)) },
	{ "qemu-8G-dma-1G-0-low", QEMU(GB(8), GB(1)), SZ(MB(512)), WITH_LOW(0), EXPECT(0, W_HIGH, 0) },
	{ "dma-1G-512M-low", DMA(GB(1)), SZ(MB(512)), EXPECT(0, W_LOW, 0) },
	{ "dma-1G-1G-goes-high", DMA(GB(1)), SZ(GB(1)), EXPECT(0, W_HIGH, MB(128)) },
	{ "dma-2G-2G-high", DMA(GB(2)), HI(GB(2)), EXPECT(0, W_HIGH, MB(128)) },
	{ "dma-3G-2G-low", DMA(GB(3)), SZ(GB(2)), EXPECT(0, W_LOW, 0) },
	{ "dma-4G-4G-goes-high", DMA(GB(4)), SZ(GB(4)), EXPECT(0, W_HIGH, MB(128)) },
	{ "dma-4G-1G-high-32M-low", DMA(GB(4)), HI(GB(1)), WITH_LOW(MB(32)), EXPECT(0, W_HIGH, MB(32)) },
	{ "nodma-4G-one-region", NODMA, SZ(GB(4)), EXPECT(0, W_ANY, 0) },
	{ "nodma-1G-high-64M-low-one-region", NODMA, HI(GB(1)), WITH_LOW(MB(64)), EXPECT(0, W_ANY, 0) },
	{ "nodma-16G-no-room", NODMA, SZ(GB(16)), EXPECT(-ENOMEM, W_NONE, 0) },
	{ "nodma-fixed-with-low-one-region", NODMA, AT(GB(1), GB(5)), WITH_LOW(MB(64)), EXPECT(0, W_AT, 0) },
	{ "holes-1G-between-no-map-goes-high", HOLES, SZ(GB(1)), EXPECT(0, W_HIGH, MB(128)) },
	{ "holes-1016M-fits-between-no-map", HOLES, SZ(MB(1016)), EXPECT(0, W_LOW, 0) },
	{ "holes-1G-high-fits-high", HOLES, HI(GB(1)), EXPECT(0, W_HIGH, MB(128)) },
	{ "holes-2G-no-room", HOLES, SZ(GB(2)), EXPECT(-ENOMEM, W_NONE, 0) },
	{ "holes-fixed-in-no-map", HOLES, AT(MB(64), GB(3)), EXPECT(-ENOMEM, W_NONE, 0) },
	{ "holes-fixed-across-no-map", HOLES, AT(MB(64), GB(2) - MB(32)), EXPECT(-ENOMEM, W_NONE, 0) },
	{ "fixed-fine", QEMU(GB(2), GB(4)), AT(MB(64), 0x50000000), EXPECT(0, W_AT, 0) },
	{ "fixed-in-use", QEMU(GB(2), GB(4)), AT(MB(64), 0x41000000), EXPECT(-ENOMEM, W_NONE, 0) },
	{ "fixed-not-ram", QEMU(GB(2), GB(4)), AT(MB(64), 0x10000000), EXPECT(-ENOMEM, W_NONE, 0) },
	{ "fixed-past-ram-end", QEMU(GB(2), GB(4)), AT(MB(64), GB(3) - MB(32)), EXPECT(-ENOMEM, W_NONE, 0) },
	{ "fixed-unaligned", QEMU(GB(2), GB(4)), AT(MB(64), 0x50100000), EXPECT(-EINVAL, W_NONE, 0) },
	{ "fixed-past-high-limit", QEMU(GB(2), GB(4)), AT(MB(64), PA48 - MB(32)), EXPECT(-EINVAL, W_NONE, 0) },
	{ "fixed-high-with-64M-low", QEMU(GB(8), GB(4)), AT(GB(1), GB(5)), WITH_LOW(MB(64)), EXPECT(0, W_AT, MB(64)) },
	{ "fixed-high-3G-low-kept-without-it", QEMU(GB(8), GB(4)), AT(MB(256), GB(5)), WITH_LOW(GB(3)), EXPECT_NOLOW(W_AT, GB(3)) },
	{ "fixed-high-no-default-low", QEMU(GB(8), GB(4)), AT(GB(1), GB(5)), EXPECT(0, W_AT, 0) },
	{ "fixed-high-0-low", QEMU(GB(8), GB(4)), AT(GB(1), GB(5)), WITH_LOW(0), EXPECT(0, W_AT, 0) },
	{ "fixed-low-with-low-not-needed", QEMU(GB(8), GB(4)), AT(GB(1), GB(2)), WITH_LOW(MB(64)), EXPECT(0, W_AT, 0) },
	{ "size-at-0-is-automatic", QEMU(GB(8), GB(4)), AT0(GB(2)), EXPECT(0, W_LOW, 0) },
};

/* Each row is one case; returns the number that failed. */
int run_named(void)
{
	int failed = 0;

	for (unsigned int i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		struct expect e = named[i].e;

		e.size = named[i].r.size;	/* whole pages in this table */
		if (run_case(named[i].name, &named[i].l, &named[i].r, &e))
			failed++;
		else
			printf("ok %s\n", named[i].name);
	}
	return failed;
}
