"""Boot every row of a series' case table on the stock base and on the
series, and print what each says about crashkernel, as a Markdown table:
the before/after table of the cover letter.  Only the series' boots are
checked (against the row's expectations, qemu/checks.py, as
qemu/matrix.py does); the
stock kernel's lines are reported as they are, or "(hangs)" when it does
not reach init.  A kdump row is booted once, without loading a kernel.
Usage: beforeafter.py --stock DIR --builds DIR [--only REGEX] [--jobs N]
                      [--out FILE]
--out FILE writes the table into FILE too, in place of everything after
its "## The table" heading (the hand-written part above it stays), as
series/7.3/before-after.md keeps it.
"""
import argparse
import concurrent.futures
import dataclasses
import os
import sys

import cases
import checks
import dtmake
import run
from series import Series


def shown(r):
    """The row's crashkernel lines, short: without the timestamp."""
    lines = [l.split("] ", 1)[-1] for l in r.crashkernel_lines()]
    if not r.reached_init:
        lines.append("(hangs: no init after %ds)" % TIMEOUT if r.timed_out
                     else "(did not reach init)")
    return "<br>".join(lines) or "(nothing)"


TIMEOUT = 90
HEADING = "## The table\n"


def write_table(path, table):
    """Put TABLE (lines) in place of what follows HEADING in PATH."""
    with open(path) as f:
        text = f.read()
    if HEADING not in text:
        raise SystemExit(f"{path}: no '{HEADING.strip()}' heading to write the table under")
    head = text[:text.index(HEADING) + len(HEADING)]
    with open(path + ".new", "w") as f:
        f.write(head + "\n" + "".join(l + "\n" for l in table))
    os.replace(path + ".new", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stock", required=True, metavar="DIR",
                    help="directory of the stock base's kernel builds, one per "
                    "kernel column (work/build-stock)")
    ap.add_argument("--builds", required=True, metavar="DIR",
                    help="directory of the series' kernel builds (work/build)")
    ap.add_argument("--only", default="", metavar="REGEX",
                    help="only the rows whose names match this regular expression")
    ap.add_argument("--jobs", type=int, default=2, metavar="N",
                    help="boots run in parallel (default %(default)s)")
    ap.add_argument("--out", metavar="FILE",
                    help="also write the table into FILE, after its "
                    f"'{HEADING.strip()}' heading (not with --only)")
    a = ap.parse_args()
    if a.out and a.only:
        ap.error("--out writes the whole table: not with --only")
    series = Series.from_environ()
    rows = cases.selected(cases.read_cases(series.cases), a.only)
    logs = os.path.join(series.logs, f"before-after-{series.name}")
    os.makedirs(logs, exist_ok=True)
    # A kdump row boots once, without loading a kernel
    rows = [dataclasses.replace(row, expect=tuple(
        e for e in row.expect if e.partition(":")[0] not in checks.VERDICTS))
        for row in rows]
    run.require_warnings(*(os.path.join(builds, row.kernel)
                           for builds in (a.stock, a.builds) for row in rows))
    for row in rows:
        dtmake.make(series.work, row.dt, row.mem)
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        futs = [(row, ex.submit(run.run_row, series, row, a.stock, logs, TIMEOUT,
                                row.name + ".stock", ""),
                 ex.submit(run.run_row, series, row, a.builds, logs, TIMEOUT,
                           row.name + ".series", ""))
                for row in rows]
        table = [f"| row | RAM | command line | {series.name} | with the series |",
                 "|---|---|---|---|---|"]
        print("\n".join(table))
        failed = 0
        for row, stock, after_fut in futs:
            rs = stock.result().console
            b = after_fut.result()
            # memtotal: is not compared here (no earlier rows given)
            errors = checks.check(row, b)
            r = b.console
            after = shown(r)
            if errors:
                failed += 1
                after += "<br>**FAIL**: " + "; ".join(errors)
            table.append(f"| {row.name} | {row.mem} | `{row.cmdline}` | "
                         f"{shown(rs)} | {after} |")
            print(table[-1], flush=True)
    if a.out:
        write_table(a.out, table)
    print(f"before-after: {len(rows) - failed} passed, {failed} failed (logs: {logs})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
