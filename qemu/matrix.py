"""Run the boot matrix: every row of the series' cases/ tables, one boot each, checked.

A row is:  name | mem | dt | kernel | cmdline | expectations
(qemu/cases.py reads the tables).  Expectations (space separated, sizes
and addresses in MB as dmesg prints; "Reserving ..." stands for the
series' reservation lines, the patterns of series/X/boot.env: with
upstream's wording (7.3, 6.12) the same checks read "crashkernel
reserved: 0x... - 0x... (N MB)", without ram: and /Z; qemu/checks.py's
CHECKS):
@EXPECTATIONS@
Every row also requires that the boot reaches init, prints no WARNING, call
trace or oops, shows every "Crash kernel" range under "System RAM", and,
when there is a low line, that its low RAM limit is where "Zone ranges"
ends ZONE_DMA.
Usage: matrix.py --builds DIR [--cases FILE] [--only REGEX] [--kernel V,...]
                 [--skip-kernel V,...] [--skip WORD,...] [--jobs N]
                 [--timeout SECONDS]
                 [--list-kernels]
The series is CK_SERIES's (default 6.1).  --cases names another table, a
file or a folder of files in the same format (default
series/CK_SERIES/cases/, one file per topic; e.g. series/6.1/cases-distro,
run by scripts/check-distro); its kernel column names build directories
under --builds.  REGEX is searched in each row's NAME and in TOPIC/NAME
(TOPIC: the file's name), so --only '^kdump/' runs one topic; a kdump boot
is reported as "NAME kexec -p" / "NAME kexec -s -p", logs NAME.load.log /
NAME.file.log.
"""
import argparse
import concurrent.futures
import os
import sys

import cases
import checks
import ckcrash
import dtmake
import initramfs
import run
from series import Series

__doc__ = __doc__.replace("@EXPECTATIONS@", checks.help_text())


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--builds", required=True, metavar="DIR",
                    help="directory of the kernel builds, one per kernel column "
                    "(work/build; '-' with --list-kernels)")
    ap.add_argument("--cases", metavar="PATH",
                    help="the case table, a file or a folder of topic files "
                    "(default: the series' cases/)")
    ap.add_argument("--only", default="", metavar="REGEX",
                    help="only the rows whose NAME or TOPIC/NAME matches this "
                    "regular expression")
    ap.add_argument("--kernel", default="", metavar="VARIANT,...",
                    help="only the rows of these kernel variants")
    ap.add_argument("--skip-kernel", default="", metavar="VARIANT,...",
                    help="leave out the rows of these kernel variants "
                    "(scripts/test: CK_CHECK_KERNELS of the series' base.env, "
                    "whose rows scripts/check-series boots)")
    ap.add_argument("--skip", default="", metavar="WORD,...",
                    help="leave out the rows with an expectation of one of "
                    "these words (e.g. early,pte: what check-series "
                    "--without N cannot have)")
    ap.add_argument("--jobs", type=int, default=2, metavar="N",
                    help="boots run in parallel (default %(default)s)")
    ap.add_argument("--timeout", type=int, default=120, metavar="SECONDS",
                    help="seconds one QEMU run may take (a kdump row is one run "
                    "and gets three times this; default %(default)s)")
    ap.add_argument("--list-kernels", action="store_true",
                    help="print the kernel variants the rows use and exit "
                    "(boots nothing)")
    return ap.parse_args(argv)


def prepare(series, rows, builds):
    """Before the boots: each kernel can print a WARNING (BUILDS' variants
    have CONFIG_BUG), the device trees (made once, not in parallel), and
    the Debian user space the rows need, said on one line each."""
    run.require_warnings(*(os.path.join(builds, row.kernel) for row in rows))
    for row in rows:
        dtmake.make(series.work, row.dt, row.mem)
    if any(cases.verdict_tags(row) for row in rows):
        _, files, versions = initramfs.debian_tools(series)
        print(f"Debian {series.suite_name} arm64 user space in the kdump "
              f"initramfs ({len(files)} files, {series.debian}): "
              f"{', '.join(versions)}")
    if any(e.partition(":")[0] == "crash" for row in rows for e in row.expect):
        try:
            ckcrash.crash_root(series)
        except ckcrash.Error as e:
            raise SystemExit(f"error: {e}")
        print(f"On the host under {ckcrash.QEMU_USER}: Debian arm64 "
              f"{', '.join(ckcrash.versions(series))}")


def run_all(series, rows, a, logs):
    """Boot every row (each of its boots), in parallel; check and report
    each in the rows' order; (passed, failed)."""
    passed = failed = 0
    earlier = {}
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        futs = [(row, name, ex.submit(run.run_row, series, row, a.builds, logs,
                                      a.timeout, logname, extra))
                for row in rows for name, logname, extra in cases.boots(row)]
        for row, name, fut in futs:
            b = fut.result()
            earlier.setdefault(row.name, b)
            errors = checks.check(row, b, earlier)
            if run.report(name, errors, b.log, b.shown(cases.verdict_tags(row)),
                          b.tools):
                passed += 1
            else:
                failed += 1
    return passed, failed


def words(arg):
    """The words of a comma-separated option (spaces allowed too)."""
    return [w for w in arg.replace(",", " ").split() if w]


def main(argv=None):
    a = parse_args(argv)
    series = Series.from_environ()
    skip = words(a.skip)
    unknown = [w for w in skip if w not in checks.CHECKS]
    if unknown:
        raise SystemExit(f"error: --skip: no expectation {', '.join(unknown)}")
    rows = cases.selected(cases.read_cases(a.cases or series.cases), a.only,
                          words(a.kernel), skip, words(a.skip_kernel))
    if a.list_kernels:
        print(" ".join(sorted({r.kernel for r in rows})))
        return 0
    label = "matrix" + series.tag
    logs = os.path.join(series.logs, label)
    os.makedirs(logs, exist_ok=True)
    prepare(series, rows, a.builds)
    passed, failed = run_all(series, rows, a, logs)
    print(f"{label}: {passed} passed, {failed} failed (logs: {logs})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
