#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpus: one file per case in corpus/, in the harness's
format (8 bytes of System RAM size, little endian, then the command line).
The seeds are the table below and every row of the table lines (inputs
whose exact lines lines.c checks: one home each).  Edit either and re-run;
it replaces corpus/ entirely (scripts/test-once checks that corpus/ is
what this script makes).
The file name says what parse_crashkernel_request() does with it: ok-*
are accepted (0; ok-compat-* are read as 6.1 read them, with a warning
line), bad-* are refused (-EINVAL), none-* have no crashkernel= at all
(-ENOENT)."""
import os
import shutil
import struct
import sys

K, M, G, T = 1 << 10, 1 << 20, 1 << 30, 1 << 40
RAM = 4 * G  # the default System RAM size

CASES = [
    # --- accepted: size ---
    ("ok-size", RAM, "crashkernel=256M"),
    ("ok-size-bytes", RAM, "crashkernel=268435456"),
    ("ok-size-k", RAM, "crashkernel=262144K"),
    ("ok-size-lower-m", RAM, "crashkernel=256m"),
    ("ok-size-g", 8 * G, "crashkernel=1G"),
    ("ok-size-t-ram-unknown", 0, "crashkernel=1T"),
    ("ok-size-p-ram-unknown", 0, "crashkernel=1P"),
    ("ok-size-e-ram-unknown", 0, "crashkernel=15E"),
    ("ok-size-max", 0, "crashkernel=18446744073709551615"),
    ("ok-size-just-below-ram", RAM, "crashkernel=4294967295"),
    ("ok-hex", RAM, "crashkernel=0x10000000"),
    ("ok-hex-upper-x", RAM, "crashkernel=0X10000000"),
    ("ok-hex-suffix", RAM, "crashkernel=0x100M"),
    ("ok-hex-e-digit", RAM, "crashkernel=0x1E00000"),
    ("ok-octal", RAM, "crashkernel=01000000000"),
    # --- accepted: size@offset ---
    ("ok-size-offset", RAM, "crashkernel=256M@16M"),
    ("ok-size-offset-hex", RAM, "crashkernel=0x10000000@0x1000000"),
    ("ok-size-offset-zero", RAM, "crashkernel=256M@0"),
    ("ok-size-offset-top", 0, "crashkernel=256M@0xffffffffefffffff"),
    # --- accepted: ranges ---
    ("ok-ranges", RAM, "crashkernel=512M-2G:64M,2G-:128M"),
    ("ok-ranges-offset", RAM, "crashkernel=512M-2G:64M,2G-:128M@16M"),
    ("ok-ranges-open", 8 * G, "crashkernel=1G-:256M"),
    ("ok-ranges-closed", RAM, "crashkernel=0-8G:128M"),
    ("ok-ranges-first-match-wins", RAM, "crashkernel=0-:64M,0-:128M"),
    ("ok-ranges-rounded-up", RAM - M, "crashkernel=0-4G:64M,4G-:128M"),
    ("ok-ranges-ram-unknown", 0, "crashkernel=0-1G:64M"),
    ("ok-ranges-hex", RAM, "crashkernel=0x0-0x200000000:0x8000000"),
    ("ok-ranges-no-match", RAM, "crashkernel=512M-2G:64M"),
    ("ok-ranges-no-match-offset", RAM, "crashkernel=512M-2G:64M@16M"),
    ("ok-ranges-match-zero", RAM, "crashkernel=0-:0"),
    ("ok-ranges-below-start", 512 * M, "crashkernel=1G-:256M"),
    ("ok-ranges-no-match-low-ignored", RAM,
     "crashkernel=512M-2G:64M crashkernel=128M,low"),
    # --- accepted: ,high and ,low ---
    ("ok-high", 8 * G, "crashkernel=512M,high"),
    ("ok-high-hex", 8 * G, "crashkernel=0x20000000,high"),
    ("ok-high-low", 8 * G, "crashkernel=512M,high crashkernel=128M,low"),
    ("ok-high-low-zero", 8 * G, "crashkernel=512M,high crashkernel=0,low"),
    ("ok-size-low", RAM, "crashkernel=256M crashkernel=128M,low"),
    ("ok-ranges-low", RAM, "crashkernel=0-:256M crashkernel=64M,low"),
    ("ok-offset-low", RAM, "crashkernel=256M@16M crashkernel=64M,low"),
    # --- accepted: combinations and command-line handling ---
    ("ok-plain-beats-high", 8 * G, "crashkernel=256M crashkernel=512M,high"),
    ("ok-high-then-plain", 8 * G, "crashkernel=512M,high crashkernel=256M"),
    ("ok-last-plain-wins", RAM, "crashkernel=64M crashkernel=128M"),
    ("ok-last-high-wins", 8 * G, "crashkernel=1G,high crashkernel=512M,high"),
    ("ok-last-low-wins", 8 * G,
     "crashkernel=64M,low crashkernel=512M,high crashkernel=128M,low"),
    ("ok-bad-then-good", RAM, "crashkernel=foo crashkernel=256M"),
    ("ok-all-kinds", 8 * G,
     "crashkernel=256M@16M crashkernel=512M,high crashkernel=64M,low"),
    ("ok-among-others", RAM,
     "console=ttyAMA0 crashkernel=256M root=/dev/vda rw"),
    ("bad-tab-newline", RAM, "quiet\tcrashkernel=256M\n"),
    ("bad-nbsp-does-not-separate", RAM, b"quiet\xa0crashkernel=256M\xa0ro"),
    ("ok-nested-name", RAM, "crashkernel=256M foo=crashkernel=8G"),
    ("ok-lookalike-then-real", RAM, "xcrashkernel=8G crashkernel=256M"),
    ("ok-low-only-legacy", RAM, "crashkernel=64M,low crashkernel=0-:128M"),
    # --- no crashkernel= ---
    ("none-empty", RAM, ""),
    ("none-other", RAM, "console=ttyS0 root=/dev/vda"),
    ("ok-compat-lookalike-x", RAM, "xcrashkernel=256M"),
    ("none-lookalike-underscore", RAM, "crashkernel_foo=256M"),
    ("ok-compat-lookalike-inside", RAM, "foo=crashkernel=256M"),
    ("none-name-only", RAM, "crashkernel"),
    ("none-upper", RAM, "CRASHKERNEL=256M"),
    # --- refused ---
    ("bad-empty-then-other", RAM, "crashkernel= quiet"),
    ("bad-suffix", RAM, "crashkernel=256Q"),
    ("bad-suffix-double", RAM, "crashkernel=256MM"),
    ("bad-suffix-only", RAM, "crashkernel=M"),
    ("bad-plus", RAM, "crashkernel=+256M"),
    ("bad-overflow-dec", 0, "crashkernel=18446744073709551616"),
    ("bad-overflow-hex", 0, "crashkernel=0x10000000000000000"),
    ("bad-overflow-suffix", 0, "crashkernel=16E"),
    ("bad-overflow-range-end", RAM, "crashkernel=0-99999999999999999999:64M"),
    ("bad-overflow-offset", RAM, "crashkernel=256M@0x1ffffffffffffffff"),
    ("bad-hex-prefix-only", RAM, "crashkernel=0x"),
    ("bad-hex-no-digits", RAM, "crashkernel=0xg"),
    ("bad-octal-digit", RAM, "crashkernel=08M"),
    ("bad-size-zero-offset", RAM, "crashkernel=0@16M"),
    ("ok-size-eq-ram", RAM, "crashkernel=4G"),
    ("ok-size-above-ram", RAM, "crashkernel=8G"),
    ("ok-high-eq-ram", RAM, "crashkernel=4G,high"),
    ("ok-low-eq-ram", RAM, "crashkernel=256M crashkernel=4G,low"),
    ("bad-range-size-eq-ram", RAM, "crashkernel=0-:4G"),
    ("ok-compat-at-garbage", RAM, "crashkernel=256M@foo"),
    ("ok-offset-wrap", 0, "crashkernel=256M@0xfffffffff0000001"),
    ("ok-offset-wrap-exact", 0, "crashkernel=256M@0xfffffffff0000000"),
    ("bad-trailing-comma", RAM, "crashkernel=256M,"),
    ("bad-unknown-suffix-case", RAM, "crashkernel=256M,HIGH"),
    ("ok-compat-offset-trailing", RAM, "crashkernel=256M@16Mx"),
    ("bad-low-zero-alone", RAM, "crashkernel=0,low"),
    ("ok-low-garbage-left-out", RAM, "crashkernel=256M crashkernel=foo,low"),
    ("ok-low-empty-left-out", RAM, "crashkernel=256M crashkernel=,low"),
    ("bad-high-empty", RAM, "crashkernel=,high"),
    ("bad-high-offset", 8 * G, "crashkernel=256M@16M,high"),
    ("bad-high-low-both", 8 * G, "crashkernel=256M,high,low"),
    ("bad-plain-hides-high", 8 * G, "crashkernel=foo crashkernel=256M,high"),
    ("bad-good-then-bad", RAM, "crashkernel=256M crashkernel=foo"),
    ("bad-range-missing-size", RAM, "crashkernel=0-1G:"),
    ("bad-range-missing-size-space", RAM, "crashkernel=0-1G: 64M"),
    ("bad-range-missing-colon", RAM, "crashkernel=0-1G,1G-:64M"),
    ("bad-range-missing-dash", RAM, "crashkernel=1G:64M"),
    ("bad-range-missing-start", RAM, "crashkernel=-1G:64M"),
    ("bad-range-without-size", RAM, "crashkernel=256M-1G"),
    ("ok-compat-range-ends-after-start", RAM, "crashkernel=0-:64M,1G"),
    ("ok-compat-range-ends-after-dash", RAM, "crashkernel=0-:64M,1G-"),
    ("ok-compat-range-ends-after-end", RAM, "crashkernel=0-:64M,0-1G"),
    ("bad-range-trailing-comma", RAM, "crashkernel=0-1G:64M,"),
    ("ok-compat-range-trailing-garbage", RAM, "crashkernel=0-:64M,1G-:128Mjunk"),
    ("ok-compat-range-size-suffix", RAM, "crashkernel=0-:64Q"),
    ("bad-range-at-no-offset", RAM, "crashkernel=0-:64M@"),
    ("bad-range-offset-then-range", RAM, "crashkernel=0-1G:64M@16M,1G-:128M"),
    ("ok-range-offset-wrap", 0, "crashkernel=0-:256M@0xfffffffff0000000"),
    ("bad-size-colon", RAM, "crashkernel=256M:"),
    # --- read as 6.1 read them (issue 13): same size and base, one warning ---
    ("ok-compat-at-suffix-only", 8 * G, "crashkernel=128M@G"),
    ("ok-compat-bare-range-start", RAM, "crashkernel=G-:64M"),
    ("ok-compat-bare-size-before-match", RAM, "crashkernel=0-1G:M,1G-:64M"),
    ("ok-compat-ranges-bare-offset", RAM, "crashkernel=0-:64M@G"),
    ("ok-compat-ranges-tail-offset", RAM, "crashkernel=0-:64M,junk@16Mxyz"),
    ("ok-compat-ranges-garbage-then-offset", RAM, "crashkernel=0-:64Mx@16M"),
    ("ok-compat-nested-name", RAM, "crashkernel=crashkernel=64M"),
    ("ok-compat-lookalike-after-real", RAM,
     "crashkernel=256M foo=crashkernel=128M"),
    ("ok-compat-size-ram-rounded", 8 * G - 64 * M, "crashkernel=0-:8000M"),
    ("bad-ranges-tail-at-no-offset", RAM, "crashkernel=0-:64M,x@"),
    ("bad-ranges-tail-at-garbage", RAM, "crashkernel=0-:64M,x@abc"),
    ("bad-ranges-garbage-before-match", 8 * G, "crashkernel=0-1G:64Mx,1G-:128M"),
    ("bad-ranges-overflow-before-match", RAM,
     "crashkernel=0-99999999999999999999:64M,0-:128M"),
    ("ok-compat-ranges-overflow-after-match", RAM,
     "crashkernel=0-:64M,99999999999999999999-:1M"),
    ("bad-tab-after-size", RAM, "crashkernel=256M\tquiet"),
    # --- combinations found while writing the harness (see README.md) ---
    ("ok-low-bad-after-plain-and-high", 8 * G,
     "crashkernel=256M crashkernel=512M,high crashkernel=foo,low"),
    ("ok-ranges-ram-near-2-64", 0xffffffffffffffff,
     "crashkernel=0-1G:64M,1G-:256M"),
]


def size(text):
    """'2G', '512M', '0' -> bytes, as lines.c reads the RAM column."""
    n = text.rstrip("KMGT")
    return int(n, 0) << (10 * "_KMGT".index(text[len(n):] or "_"))


def table_cases(path):
    """(name, RAM, command line) of each row of the table lines."""
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                name, ram, _, cmdline = [c.strip() for c in line.split("|")[:4]]
                yield name, size(ram), cmdline


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus")
    cases = CASES + list(table_cases(os.path.join(here, "lines")))
    names = [c[0] for c in cases]
    if len(set(names)) != len(names):
        sys.exit("duplicate case names")
    shutil.rmtree(out, ignore_errors=True)
    os.mkdir(out)
    for name, ram, cmdline in cases:
        if isinstance(cmdline, str):
            cmdline = cmdline.encode()
        with open(os.path.join(out, name), "wb") as f:
            f.write(struct.pack("<Q", ram) + cmdline)
    print(f"{len(cases)} cases in {out}")


if __name__ == "__main__":
    main()
