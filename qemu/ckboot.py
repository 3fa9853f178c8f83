"""Boot a kernel in QEMU virt (arm64) and read what it says about crashkernel:
the command line of the shell scripts (scripts/test-kunit,
scripts/check-series, scripts/bench-linear-map).  Each subcommand calls the
module that does that job: console.py (the one console parser, KUnit
counts), qemu_run.py (QEMU), initramfs.py (/init and Debian's tools); the
series (CK_SERIES, default 6.1) is read here, once, by main().

  ckboot.py boot BUILD_DIR MEM [APPEND] [--timeout S]   boot, print the console
  ckboot.py kunit JSON                                  "PASSED FAILED SKIPPED"
  ckboot.py sizes LOG                                   "MAIN LOW" sizes in MB
  ckboot.py census LOG        "PTE PMD PUD TABLES CRASH" (MB, MB, MB, kB, 512M+...)
"""
import argparse

import console
import initramfs
import qemu_run
from initramfs import DISK_MODULES  # noqa: F401 (scripts/check-distro reads it)
from series import Series


def main(argv=None):
    ap = argparse.ArgumentParser(prog="qemu/ckboot.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("boot", help="boot BUILD_DIR's Image once, print the console")
    b.add_argument("build", help="the kernel build directory (work/build/VARIANT)")
    b.add_argument("mem", help="guest RAM, e.g. 2G")
    b.add_argument("append", nargs="?", default="", help="extra kernel arguments")
    b.add_argument("--timeout", type=int, default=120, help="seconds (default 120)")
    k = sub.add_parser("kunit", help="print PASSED FAILED SKIPPED of a kunit.py --json file")
    k.add_argument("json", help="the JSON file kunit.py run/parse --json wrote")
    z = sub.add_parser("sizes", help="print the main and low sizes (MB) a console shows")
    z.add_argument("log", help="a console log")
    c = sub.add_parser("census", help="print the linear map's census a console shows")
    c.add_argument("log", help="a console log")
    args = ap.parse_args(argv)
    if args.cmd == "kunit":
        counts = console.kunit_counts(args.json)
        if counts is None:
            return 1
        print(*counts)
        return 0
    series = Series.from_environ()
    if args.cmd == "boot":
        text, timed_out = qemu_run.boot(
            series, series.image(args.build), initramfs.make(series, args.build),
            args.mem, args.append, timeout=args.timeout)
        print(text, end="")
        return 1 if timed_out else 0
    with open(args.log, errors="replace") as f:
        r = console.Result(f.read(), False, series)
    if args.cmd == "sizes":
        print(*r.sizes())
        return 0
    census = r.census()
    if not census:
        return 1
    print(*census)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
