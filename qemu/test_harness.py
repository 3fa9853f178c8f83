#!/usr/bin/env python3
"""The harness's own tests, on saved consoles, without booting.

In the style of the kernel's tools/testing/kunit/kunit_tool_test.py: the
console parser (console.Result) and the matrix's checks (checks.check)
run on real consoles of earlier boots, saved in qemu/test_data/*.log (the
"# " lines at the top of a matrix log, the QEMU command line and, for a
kdump boot, the Debian user space it ran, left out).  The 6.1 series'
consoles are whole; those named 7.3-... (upstream's wording, which 7.3 and
6.12 share) keep the lines the parser reads: the kernel's lines about
crashkernel, CMA, the zones, the command line and the start of init, the
panic of a kdump, and every line /init and the capture kernel printed.
Each series is a series.Series value, so one process parses the consoles
of every series.  Each row of EXPECTATIONS is one case: a series, a saved
console, an expectation as a row of a case table (series/X/cases/) writes
it, and whether the checker must accept it.  The rows that must be refused
are the same consoles with a wrong number, a wrong word or the other path,
so a checker that accepts anything fails here.  PARSES checks what Result
reads from a console, written out by hand from the log.

Usage: qemu/test_harness.py [-v]   (last line "harness: N passed, M failed")
"""
import argparse
import contextlib
import dataclasses
import io
import os
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
# check-system's own modules (qemu/system/: chain.py imports vm by name)
sys.path.insert(0, os.path.join(HERE, "system"))

import cases  # noqa: E402
import chain  # noqa: E402
import checks  # noqa: E402
import ckcrash  # noqa: E402
import console  # noqa: E402
import dtmake  # noqa: E402
import qemu_run  # noqa: E402
import run  # noqa: E402
import series  # noqa: E402
import vm  # noqa: E402

DATA = os.path.join(HERE, "test_data")
# Every series (a folder series/X/ with base.env and boot.env), loaded with
# the work directory /w and no environment
SERIES_NAMES = sorted(
    s for s in os.listdir(os.path.join(REPO, "series"))
    if all(os.path.exists(os.path.join(REPO, "series", s, f))
           for f in ("base.env", "boot.env")))
SERIES = {name: series.Series.load(name, work="/w") for name in SERIES_NAMES}
# The series whose lines have upstream's wording: the 7.3-... consoles
UPSTREAM = [name for name in SERIES_NAMES if SERIES[name].upstream]

# (saved console of the 6.1 series, expectations, accepted?)
EXPECTATIONS_61 = [
    ("plain-low", "main:256@1024-3072 nolow ram:2048", True),
    ("plain-low", "main:256@2816-3072", True),
    ("plain-low", "main:256@1024-2816", False),       # ends past the window
    ("plain-low", "main:512@1024-3072", False),       # wrong size
    ("plain-low", "ram:4096", False),
    ("plain-low", "none", False),
    ("plain-low", "low:128@1024-4096/4096", False),   # there is no low line
    ("plain-fallback-high", "main:4096@4096-9216 low:128@1024-4096/4096 ram:8192", True),
    ("plain-fallback-high", "nolow", False),
    ("plain-fallback-high", "low:128@1024-4096/3072", False),  # low RAM limit
    ("plain-fallback-high", "low:64@1024-4096/4096", False),
    ("high-explicit-low", "main:1024@4096-9216 low:64@1024-4096/4096", True),
    ("high-explicit-low", "main:1024@1024-4096", False),
    ("lts-high-invalid-low", "none msg:takes_a_valid_crashkernel=Y,low", True),
    ("lts-high-invalid-low", "msg:invalid_crashkernel=abc,low", True),
    ("lts-high-invalid-low", "msg:no_such_line", False),
    ("lts-high-invalid-low", "main:512@1024-3072", False),
    ("altra-tight-no-default-low",
     "main:512@4096-9216 nolow msg:the_capture_kernel_gets_no_low_memory", True),
    ("altra-tight-no-default-low", "none", False),
    ("lts-memtest-late", "late", True),
    ("lts-memtest-late", "early", False),
    ("lts-memtest-baseline", "early", True),
    ("lts-memtest-baseline", "late", False),
    ("kdump-low.load", "main:256@1024-3072 nolow kdump", True),
    ("plain-low", "kdump", False),                    # no CK-KDUMP verdict
    ("lts-lookalike-protect.load", "main:256@1024-3072 protect early", True),
    ("lts-lookalike-protect.load", "shrink", False),
    ("high-explicit-low", "pte:crash+8", True),       # 1028MB of PTEs, 1088MB regions
    ("high-explicit-low", "pte:main+0", False),       # more than the 1024MB main
    ("plain-low", "bogus:1", False),                  # unknown word
    # A region over two NUMA nodes, published as one piece under each
    # node's System RAM: one region, not a main and a low one
    ("numa-nodma-straddle.load", "main:6144@1024-9216 nolow kdump:load", True),
    ("numa-nodma-straddle.load", "main:4096@5120-9216", False),  # one piece
]
# (saved console in upstream's wording, expectations, accepted?): run for
# each series of UPSTREAM (7.3, 6.12)
EXPECTATIONS_UPSTREAM = [
    ("7.3-high-explicit-low", "main:1024@4096-9216 low:64@1024-4096 early", True),
    ("7.3-high-explicit-low", "main:1024@1024-4096", False),  # not in low memory
    ("7.3-high-explicit-low", "low:32@1024-4096", False),     # wrong size
    ("7.3-high-explicit-low", "low:64@1024-4096/4096", False),  # no limit figure
    ("7.3-high-explicit-low", "ram:8192", False),             # no System RAM figure
    ("7.3-high-explicit-low", "late", False),
    ("7.3-high-explicit-low", "nolow", False),
    ("7.3-cma-next-to-main",
     "main:256@1024-4096 nolow cma:64@4096-9216 msg:CMA_reserved:_64_MB", True),
    ("7.3-cma-next-to-main", "cma:128@4096-9216", False),
    ("7.3-cma-next-to-main", "cma:64@1024-4096", False),      # the area is high
    ("7.3-cma-next-to-main", "nocma", False),
    ("7.3-bad-suffix", "none nocma msg:unrecognized_char", True),
    ("7.3-bad-suffix", "main:256@1024-3072", False),
    ("7.3-bad-suffix", "msg:unrecognized_char:_Y", False),
    ("7.3-kdump-high-low.load", "main:1024@4096-9216 low:64@1024-4096 kdump", True),
    ("7.3-kdump-high-low.load", "shrink", False),
    ("7.3-bad-suffix", "kdump", False),                       # no CK-KDUMP verdict
]
# Every case: (series, console, expectations, accepted?)
EXPECTATIONS = ([("6.1",) + e for e in EXPECTATIONS_61] +
                [(s,) + e for s in UPSTREAM for e in EXPECTATIONS_UPSTREAM])

# (saved console of the 6.1 series, attribute or method of console.Result,
# value), from the log
PARSES_61 = [
    ("numa-nodma-straddle.load", "crash", [(0xc0000000, 0x23fffffff, "System RAM")]),
    ("plain-low", "main", [(256, 2816, 2048)]),
    ("plain-low", "low", []),
    ("plain-low", "reached_init", True),
    ("plain-fallback-high", "low", [(128, 3968, 4096)]),
    ("plain-fallback-high", "zone_dma_end", 4096),
    ("plain-fallback-high", "reserving_lines", [
        "Reserving 128MB of low memory at 3968MB for crashkernel (low RAM limit: 4096MB)",
        "Reserving 4096MB of memory at 5120MB for crashkernel (System RAM: 8192MB)"]),
    ("high-explicit-low", "crash", [(0xfc000000, 0xffffffff, "System RAM"),
                                   (0x200000000, 0x23fffffff, "System RAM")]),
    ("high-explicit-low", "linear", dict(pte=1052672, pmd=1044480, pud=6291456,
                                         tables=2064)),
    ("high-explicit-low", "sizes", (1024, 64)),
    ("lts-high-invalid-low", "main", []),
    ("lts-high-invalid-low", "sizes", (0, 0)),
    ("lts-memtest-late", "reserved_early", False),
    ("lts-memtest-baseline", "reserved_early", True),
    ("kdump-low.load", "vmcore_reserving_lines", [
        "Reserving 256MB of memory at 2816MB for crashkernel (System RAM: 2048MB)"]),
    ("kdump-low.load", "bad_lines", []),  # the sysrq crash is not a warning
    # /init's CK-VMCORE-DMESG... and CK-KDUMP lines name crashkernel too,
    # but are not the kernel's
    ("kdump-low.load", "crashkernel_lines", [
        "[    0.000000] Reserving 256MB of memory at 2816MB for crashkernel "
        "(System RAM: 2048MB)"]),
]
UPSTREAM_LOW = "crashkernel low memory reserved: 0xfc000000 - 0x100000000 (64 MB)"
UPSTREAM_MAIN = ("crashkernel reserved: 0x00000001fee00000 - 0x000000023ee00000 "
                 "(1024 MB)")
# The same of the upstream wording's consoles, for each series of UPSTREAM:
# the size and the first byte (MB) of each region, no third figure
PARSES_UPSTREAM = [
    ("7.3-high-explicit-low", "main", [(1024, 8174, None)]),
    ("7.3-high-explicit-low", "low", [(64, 4032, None)]),
    ("7.3-high-explicit-low", "reserving_lines", [UPSTREAM_LOW, UPSTREAM_MAIN]),
    ("7.3-high-explicit-low", "crash", [(0xfc000000, 0xffffffff, "System RAM"),
                                       (0x1fee00000, 0x23edfffff, "System RAM")]),
    ("7.3-high-explicit-low", "zone_dma_end", 4096),
    ("7.3-high-explicit-low", "reserved_early", True),
    ("7.3-high-explicit-low", "sizes", (1024, 64)),
    ("7.3-cma-next-to-main", "main", [(256, 3840, None)]),
    ("7.3-cma-next-to-main", "cma", [(64, 4096)]),
    ("7.3-cma-next-to-main", "cmatotal_kb", 65536),
    ("7.3-bad-suffix", "sizes", (0, 0)),
    ("7.3-bad-suffix", "crashkernel_lines", [
        "[    0.000000] crashkernel: unrecognized char: X"]),
    ("7.3-kdump-high-low.load", "vmcore_reserving_lines", [UPSTREAM_LOW, UPSTREAM_MAIN]),
    ("7.3-kdump-high-low.load", "bad_lines", []),
    ("7.3-kdump-high-low.load", "dump_bytes", 67037004),
]
# The upstream wording's consoles read as 6.1's show no reservation line
# (the patterns are the series'), and 6.1's read as upstream's none either
PARSES_OTHER = [
    ("6.1", "7.3-high-explicit-low", "sizes", (0, 0)),
    ("6.1", "7.3-kdump-high-low.load", "vmcore_reserving_lines", []),
] + [(s, "high-explicit-low", "sizes", (0, 0)) for s in UPSTREAM]
PARSES = ([("6.1",) + p for p in PARSES_61] +
          [(s,) + p for s in UPSTREAM for p in PARSES_UPSTREAM] + PARSES_OTHER)


# A crash row's boot of the 6.1 series: its console (NAME.log) and what
# crash 8.0.2 printed for sys, log and p nr_threads on its dump
# (NAME.crash).  (what is changed, expectations, accepted?); each change is
# a function of the ckcrash.Crash, giving another
CRASH_LOG = "kdump-high-explicit-low.load"
CRASH_EXPECT = "main:1024@4096-9216 low:64@1024-4096/4096 kdump crash"


def _sub(old, new):
    def change(c):
        assert old in c.out, old
        return dataclasses.replace(c, out=c.out.replace(old, new))
    return change


def _set(name, value):
    return lambda c: dataclasses.replace(c, **{name: value})


def _same(c):
    return c


CRASH_CASES = [
    ("nothing", _same, CRASH_EXPECT, True),
    ("crash:load on that boot", _same, "kdump crash:load", True),
    ("crash without kdump", _same, "crash", False),
    ("log: another address", _sub("1024MB of memory at 8192MB", "1024MB of memory at 8190MB"),
     CRASH_EXPECT, False),
    ("log: no low line", _sub("Reserving 64MB of low memory", "Reserving 64MB of lowish memory"),
     CRASH_EXPECT, False),
    ("sys: another panic", _sub('PANIC: "Kernel panic - not syncing: sysrq triggered crash"',
                                'PANIC: "Kernel panic - not syncing: Oops"'), CRASH_EXPECT, False),
    ("a crash error", _sub("nr_threads = $1 = 22", "crash: invalid structure size: task_struct"),
     CRASH_EXPECT, False),
    # the PID hash warning is a known limit of 8.0.2 only
    ("crash 8.0.6", _set("version", "8.0.6"), CRASH_EXPECT, False),
    # the module warnings pass only for a kernel without modules
    ("a kernel with modules", _set("modules", True), CRASH_EXPECT, False),
    ("makedumpfile -R failed", _set("error", "makedumpfile -R exited with 1"),
     CRASH_EXPECT, False),
    ("no dump", _set("out", None), CRASH_EXPECT, False),
]


def crash_of(name):
    """The ckcrash.Crash of saved console NAME: its NAME.crash output."""
    with open(os.path.join(DATA, name + ".crash")) as f:
        return ckcrash.Crash(out=f.read(), error=None, version="8.0.2",
                             modules=False)


def result(name, of="6.1"):
    """console.Result of saved console NAME read as series OF's."""
    with open(os.path.join(DATA, name + ".log")) as f:
        return console.Result(f.read(), False, SERIES[of])


def row(expect):
    return cases.Row(name="t", mem="2G", dt="virt", kernel="default", cmdline="",
                     expect=tuple(expect.split()))


class CheckTest(unittest.TestCase):
    """checks.check() accepts what a console shows and refuses the rest."""

    def test_expectations(self):
        for of, log, expect, ok in EXPECTATIONS:
            with self.subTest(series=of, log=log, expect=expect):
                errors = checks.check(row(expect), run.Boot(result(log, of)))
                if ok:
                    self.assertEqual(errors, [], f"{log}: {expect}")
                else:
                    self.assertNotEqual(errors, [], f"{log}: {expect} accepted")

    def test_warning_is_refused(self):
        text = open(os.path.join(DATA, "plain-low.log")).read()
        text = text.replace("Run /init as init process",
                            "WARNING: CPU: 0 PID: 1 at mm/memory.c:2734 "
                            "__apply_to_page_range\nRun /init as init process")
        errors = checks.check(row("main:256@1024-3072"),
                              run.Boot(console.Result(text, False, SERIES["6.1"])))
        self.assertTrue(any("WARNING" in e for e in errors), errors)


class ResultTest(unittest.TestCase):
    """console.Result reads the lines, /proc/iomem and the zones, of every
    series' wording."""

    def test_parses(self):
        for of, log, attr, want in PARSES:
            with self.subTest(series=of, log=log, attr=attr):
                got = getattr(result(log, of), attr)
                self.assertEqual(got() if callable(got) else got, want)


# (row as a case table writes it, what row_error() must say, or None)
ROWS = [
    ("ok | 2G | virt | default | crashkernel=256M | main:256@1024-3072 nolow", None),
    ("ok2 | 8G | virt | default | crashkernel=4G | low:128@1024-4096/4096 kdump:load", None),
    ("bad-word | 2G | virt | default | crashkernel=256M | mian:256@1024-3072", "unknown"),
    ("bad-size | 2G | virt | default | crashkernel=256M | main:1G@1024-3072", "bad"),
    ("bad-arg | 2G | virt | default | crashkernel=256M | nolow:1", "bad"),
    ("bad-load | 2G | virt | default | crashkernel=256M | kdump:both", "bad"),
    ("bad-mem | 2X | virt | default | crashkernel=256M | none", "memory size"),
    ("bad-ref | 2G | virt | default | crashkernel=256M | memtotal:=nosuchrow", "names no row"),
    ("ok | 2G | virt | default | crashkernel=256M | none", "used above"),
]


class CrashTest(unittest.TestCase):
    """What checks.check() requires of crash's output (expectation crash),
    and what ckcrash reads from it."""

    def test_crash(self):
        for what, change, expect, ok in CRASH_CASES:
            with self.subTest(change=what):
                b = run.Boot(result(CRASH_LOG), crash=change(crash_of(CRASH_LOG)))
                errors = checks.check(row(expect), b)
                if ok:
                    self.assertEqual(errors, [], what)
                else:
                    self.assertNotEqual(errors, [], f"{what}: accepted")

    def test_crash_parses(self):
        r, c = result(CRASH_LOG), crash_of(CRASH_LOG)
        self.assertEqual(c.reserving_lines(SERIES["6.1"]), [
            "Reserving 64MB of low memory at 4032MB for crashkernel (low RAM limit: 4096MB)",
            "Reserving 1024MB of memory at 8192MB for crashkernel (System RAM: 8192MB)"])
        self.assertEqual(c.reserving_lines(SERIES["6.1"]), r.reserving_lines())
        self.assertEqual(c.panic_lines(),
                         ['"Kernel panic - not syncing: sysrq triggered crash"'])
        self.assertEqual(c.tasks(), (2, 23))
        self.assertEqual(c.known_lines(), [
            "WARNING: active task ffffff80c0110000 on cpu 0 not found in PID hash"])
        self.assertEqual(c.error_lines(), [])


class RowTest(unittest.TestCase):
    """A bad row of a case table is refused when the table is read, with its
    file and line."""

    def test_rows(self):
        with tempfile.NamedTemporaryFile("w", suffix=".cases") as f:
            for text, _ in ROWS:
                f.write(text + "\n")
            f.flush()
            seen = set()
            for n, (text, want) in enumerate(ROWS, 1):
                with self.subTest(row=text):
                    cols = [c.strip() for c in text.split("|")]
                    r = cases.Row(name=cols[0], mem=cols[1], dt=cols[2], kernel=cols[3],
                                  cmdline=cols[4], expect=tuple(cols[5].split()), line=n)
                    why = cases.row_error(r, seen)
                    seen.add(cols[0])
                    if want is None:
                        self.assertIsNone(why)
                    else:
                        self.assertIn(want, why or "")
            with self.assertRaises(SystemExit) as e:
                cases.read_cases(f.name)
            self.assertIn(f"{f.name}:3: bad-word:", str(e.exception))


class FolderTest(unittest.TestCase):
    """A folder of topic files reads in name order, without its README,
    each row knowing its file, topic and line; --only matches NAME or
    TOPIC/NAME, --kernel the kernel column, --skip-kernel leaves out rows by
    kernel column and --skip by expectation word; a name used in another
    topic file is refused."""

    def test_folder(self):
        row = "{} | 2G | virt | default | crashkernel=256M | main:256@1024-3072"
        with tempfile.TemporaryDirectory() as d:
            for name, text in (("README", "not a table"),
                               ("b", "# b\n" + row.format("two")),
                               ("a", row.format("one"))):
                with open(os.path.join(d, name), "w") as f:
                    f.write(text + "\n")
            rows = cases.read_cases(d)
            self.assertEqual([(r.name, r.topic, r.line) for r in rows],
                             [("one", "a", 1), ("two", "b", 2)])
            self.assertEqual([r.name for r in cases.selected(rows, "^b/")], ["two"])
            self.assertEqual([r.name for r in cases.selected(rows, "^one$")], ["one"])
            with open(os.path.join(d, "b"), "a") as f:
                f.write("three | 8G | virt | 64k | rodata=on | none pte:crash+512\n")
            rows = cases.read_cases(d)
            self.assertEqual([r.name for r in cases.selected(rows, "", ["64k"])], ["three"])
            self.assertEqual([r.name for r in cases.selected(rows, "", ["64k", "default"])],
                             ["one", "two", "three"])
            self.assertEqual([r.name for r in cases.selected(rows, "", (), [],
                                                             ["64k"])], ["one", "two"])
            self.assertEqual([r.name for r in cases.selected(rows, "^t", (), [],
                                                             ["default"])], ["three"])
            self.assertEqual([r.name for r in cases.selected(rows, "", (), ["pte"])],
                             ["one", "two"])
            self.assertEqual([r.name for r in cases.selected(rows, "", ["64k"], ["none"])], [])
            with open(os.path.join(d, "c"), "w") as f:
                f.write(row.format("one") + "\n")
            with self.assertRaises(SystemExit) as e:
                cases.read_cases(d)
            self.assertIn(f"{os.path.join(d, 'c')}:1: one: the name is used above",
                          str(e.exception))


class CombineTest(unittest.TestCase):
    """Option variants combine with "+": uefi-acpi+numa2 passes the UEFI
    firmware's options and then the two NUMA nodes' (half the RAM each);
    a device-tree variant does not combine."""

    def test_combine(self):
        with tempfile.TemporaryDirectory() as d:
            path = dtmake.make(d, "uefi-acpi+numa2", "8G")
            args = qemu_run.platform_args(path, "8G")
            self.assertEqual([a for a in args if a.startswith(("if=pflash", "node"))],
                             ["if=pflash,format=raw,readonly=on,file=/usr/share/AAVMF/AAVMF_CODE.fd",
                              "if=pflash,format=raw,snapshot=on,file=/usr/share/AAVMF/AAVMF_VARS.fd",
                              "node,nodeid=0,cpus=0,memdev=node0", "node,nodeid=1,memdev=node1"])
            self.assertIn("memory-backend-ram,id=node1,size=4096M", args)
            with self.assertRaises(SystemExit) as e:
                dtmake.make(d, "numa2+altra-low", "8G")
            self.assertIn("qemu/dt/altra-low.qemu is missing", str(e.exception))


class WarningsTest(unittest.TestCase):
    """run.require_warnings() refuses a kernel built without CONFIG_BUG
    (its WARN()s print nothing) and one with no .config, and takes one
    with it."""

    CONFIGS = [("bug", "CONFIG_BUG=y\nCONFIG_DEBUG_BUGVERBOSE=y\n", None),
               ("nobug", "# CONFIG_BUG is not set\nCONFIG_EXPERT=y\n", "has no CONFIG_BUG"),
               ("bugsuffix", "CONFIG_BUG=yes\nCONFIG_XCONFIG_BUG=y\n", "has no CONFIG_BUG"),
               ("none", None, "No such file")]

    def test_require_warnings(self):
        with tempfile.TemporaryDirectory() as d:
            for kernel, config, error in self.CONFIGS:
                os.makedirs(os.path.join(d, kernel))
                if config is not None:
                    with open(os.path.join(d, kernel, ".config"), "w") as f:
                        f.write(config)
            for kernel, _, error in self.CONFIGS:
                with self.subTest(kernel=kernel):
                    build = os.path.join(d, kernel)
                    if error is None:
                        run.require_warnings(build, build + "/")
                        continue
                    with self.assertRaises(SystemExit) as e:
                        run.require_warnings(os.path.join(d, "bug"), build)
                    self.assertIn(f"kernel variant {kernel}", str(e.exception))
                    self.assertIn(error, str(e.exception))


# scripts/check-system's links (qemu/system/chain.py) on the consoles of
# its runs (qemu/test_data/system-NAME.log: the lines chain.py and the
# milestones read, of real runs on 2026-12-06), each with what /var/crash
# held: {file: bytes, or "dmesg" for the first kernel's reservation lines,
# "dmesg-" for a dmesg file without them}.  (console, --expect, files,
# links as chain.py must report them: "LINK" passed, "!LINK" failed)
CRASH_FILES = {"202612060901/dump.202612060901": 47885742,
               "202612060901/dmesg.202612060901": "dmesg"}
LINKS = ["boot", "kdump-config status", "sysrq", "capture boot"]
CHAINS = [
    ("series-virt", "ready", CRASH_FILES, LINKS + ["dump files"]),
    ("series-altra-low", "ready", CRASH_FILES, LINKS + ["dump files"]),
    ("series-virt", "ready", {**CRASH_FILES, "202612060901/dmesg.202612060901": "dmesg-"},
     LINKS + ["!dump files"]),
    ("series-virt", "ready", {**CRASH_FILES, "202612060901/dump.202612060901": 0},
     LINKS + ["!dump files"]),
    ("series-virt", "ready", {}, LINKS + ["!dump files"]),
    ("series-virt", "notready", CRASH_FILES, ["boot", "!kdump-config status"]),
    # Debian's own config: kexec -p's _text line, makedumpfile failed, an
    # empty dump and no dmesg file is what stock must show
    ("stock-virt", "nodump", {"202612060853/dump.202612060853": 0}, LINKS + ["dump files"]),
    ("stock-virt", "nodump", CRASH_FILES, LINKS + ["!dump files"]),
    ("stock-virt", "ready", {"202612060853/dump.202612060853": 0}, LINKS + ["!dump files"]),
    ("stock-altra-low", "notready", {}, ["boot", "kdump-config status"]),
    ("stock-altra-low", "ready", {}, ["boot", "!kdump-config status"]),
]


def system_boot(name):
    """chain.Boot of a saved system console, its milestones timed by line."""
    path = os.path.join(DATA, f"system-{name}.log")
    with open(path) as f:
        text = f.read()
    marks = vm.Milestones()
    for i, line in enumerate(text.splitlines()):
        marks.feed(line, float(i))
    return chain.read_boot(path, text, marks.seen, False, 0.0)


class ChainTest(unittest.TestCase):
    """check-system's chain follows the links of each saved run as it
    did live, and fails the link a changed run breaks: a dmesg file
    without the reservation lines, an empty dump, no dump, the wrong
    kdump-config state, a stock run that dumps.  /var/crash is made in a
    temporary directory instead of read from the disk."""

    def test_chains(self):
        for name, expect, files, want in CHAINS:
            with self.subTest(run=name, expect=expect, files=sorted(files.items())):
                b = system_boot(name)
                with tempfile.TemporaryDirectory() as d:
                    def read_crash_dir(disk, dest, files=files, b=b):
                        for rel, what in files.items():
                            p = os.path.join(dest, "crash", rel)
                            os.makedirs(os.path.dirname(p), exist_ok=True)
                            with open(p, "w") as f:
                                if what == "dmesg":
                                    f.write("".join(f"[ 0.0] {l}\n" for l in b.reserving))
                                elif what == "dmesg-":
                                    f.write("[ 0.0] Linux version\n")
                                else:
                                    f.truncate(what)
                        return sorted(files.items())
                    a = argparse.Namespace(name=name, expect=expect, action="crash",
                                           disk="disk", vmlinux=None)
                    c = chain.Chain(name)
                    with mock.patch.object(chain, "OUT", d), \
                         mock.patch.object(chain, "read_crash_dir", read_crash_dir), \
                         contextlib.redirect_stdout(io.StringIO()):
                        chain.follow(c, b, a)
                    self.assertEqual([l if ok else "!" + l for l, ok in c.links], want)

    def test_reads(self):
        b = system_boot("series-altra-low")
        self.assertEqual(b.reserving, [
            "Reserving 128MB of low memory at 3904MB for crashkernel (low RAM limit: 4096MB)",
            "Reserving 512MB of memory at 8564MB for crashkernel (System RAM: 8192MB)"])
        self.assertEqual(b.status(), ("current state   : ready to kdump", "active"))
        self.assertLess(b.at("sysrq-trigger"), b.at("kernel starts", 2))
        self.assertLess(b.at("kernel starts", 2), b.at("vmcore saved", 2))


# Each series' kdump user space (CK_KDUMP_SUITE of its boot.env): the
# release, and where the kdump and crash tools are under the work dir /w
SUITES = {
    "6.1": ("", "/w/debian-arm64", "/w/debian-arm64-crash"),
    "6.12": ("trixie", "/w/debian-arm64-trixie", "/w/debian-arm64-crash-trixie"),
}


def lib_sh(name, *variables):
    """VARIABLES as scripts/lib.sh sets them for CK_SERIES=NAME, without
    CK_KDUMP_SUITE or CK_CRASH_SUITE in the environment."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("CK_KDUMP_SUITE", "CK_CRASH_SUITE")}
    env.update(CK_SERIES=name, CK_WORK="/w")
    script = ". \"$0/scripts/lib.sh\" && " + " && ".join(
        f'echo "${{{v}:-}}"' for v in variables)
    out = subprocess.run(["bash", "-c", script, REPO], env=env,
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    return out.split("\n")[:len(variables)]


class SeriesTest(unittest.TestCase):
    """For every series, series.Series reads what scripts/lib.sh reads:
    the same CK_KDUMP_SUITE as scripts/setup (the 6.1 series runs
    bookworm's kdump user space and 6.12 trixie's, SUITES), and the same
    build tag as SERIES_TAG ("" for 6.1, "-X" otherwise)."""

    def test_suites(self):
        for name in SERIES_NAMES:
            with self.subTest(series=name):
                s = SERIES[name]
                (sh_suite,) = lib_sh(name, "CK_KDUMP_SUITE")
                self.assertEqual(s.kdump_suite, sh_suite)
                tag = f"-{s.kdump_suite}" if s.kdump_suite else ""
                self.assertEqual((s.debian, s.crash_dir), (f"/w/debian-arm64{tag}",
                                                           f"/w/debian-arm64-crash{tag}"))
                if name in SUITES:
                    self.assertEqual((s.kdump_suite, s.debian, s.crash_dir),
                                     SUITES[name])

    def test_tags(self):
        for name in SERIES_NAMES:
            with self.subTest(series=name):
                tag, build_root = lib_sh(name, "SERIES_TAG", "BUILD_ROOT")
                self.assertEqual(SERIES[name].tag, tag)
                self.assertEqual(SERIES[name].build_root, build_root)


def fragments(series, variant, series_dir=None):
    """scripts/lib.sh's variant_fragments VARIANT for CK_SERIES=SERIES
    (SERIES_DIR replaced by SERIES_DIR if given), relative to the
    repository; (exit status, fragments, stderr)."""
    script = ('. "$0/scripts/lib.sh" && SERIES_DIR=${1:-$SERIES_DIR} && '
              'variant_fragments "$2" && printf "%s\\n" "${VARIANT_FRAGMENTS[@]}"')
    p = subprocess.run(["bash", "-c", script, REPO, series_dir or "", variant],
                       env=dict(os.environ, CK_SERIES=series, CK_WORK="/w"),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    files = [os.path.relpath(f, REPO) for f in p.stdout.decode().split()]
    return p.returncode, files, p.stderr.decode()


class FragmentsTest(unittest.TestCase):
    """A variant's fragments are its "#include NAME" fragments, expanded,
    then its own; an include that names no fragment stops the build with a
    line naming it."""

    VARIANTS = [("6.1", "default", ["series/6.1/default.fragment"]),
                ("6.1", "crash", ["config/crash.fragment"]),
                ("6.1", "64k-crash", ["config/64k.fragment", "config/crash.fragment",
                                      "config/64k-crash.fragment"]),
                ("6.1", "64k", ["config/64k.fragment"]),
                ("6.1", "nodma", ["config/nodma.fragment"]),
                ("7.3", "default", ["series/7.3/default.fragment"]),
                ("7.3", "none-such", [])]

    def test_variants(self):
        for series_name, variant, want in self.VARIANTS:
            with self.subTest(series=series_name, variant=variant):
                self.assertEqual(fragments(series_name, variant), (0, want, ""))

    def test_missing_include(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "bad.fragment"), "w") as f:
                f.write("#include 64k\n#include no-such\nCONFIG_NUMA=y\n")
            status, files, err = fragments("6.1", "bad", d)
            self.assertEqual((status, files), (1, []))
            self.assertIn("#include no-such: no ", err)


class BaseCommitTest(unittest.TestCase):
    """scripts/base_commit.py commits a tree as git add -A and git commit
    do (the same commit hash: files, ignored ones left out, modes,
    symlinks, names with spaces, identity and dates), all in one pack."""

    FILES = {"Makefile": "all:\n", "a dir/with space.c": "int x;\n",
             "scripts/run.sh": "#!/bin/sh\n", ".gitignore": "*.o\n/build\n",
             "kernel/fork.o": "ignored", "build/out": "ignored", "empty": ""}

    def make_tree(self, d):
        subprocess.run(["git", "init", "-q", d], check=True)
        for name, text in self.FILES.items():
            path = os.path.join(d, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        os.chmod(os.path.join(d, "scripts/run.sh"), 0o755)
        os.symlink("../Makefile", os.path.join(d, "scripts/link"))

    def test_same_commit(self):
        env = dict(os.environ, GIT_AUTHOR_NAME="A U Thor", GIT_AUTHOR_EMAIL="a@example.invalid",
                   GIT_COMMITTER_NAME="C O Mitter", GIT_COMMITTER_EMAIL="c@example.invalid",
                   GIT_AUTHOR_DATE="2000-01-01T00:00:00Z",
                   GIT_COMMITTER_DATE="2001-01-01T00:00:00Z")

        def git(d, *args):
            return subprocess.run(["git", "-C", d, *args], env=env, check=True,
                                  stdout=subprocess.PIPE).stdout.decode()
        with tempfile.TemporaryDirectory() as added, tempfile.TemporaryDirectory() as imported:
            for d in (added, imported):
                self.make_tree(d)
            git(added, "add", "-A")
            git(added, "commit", "-q", "-m", "Debian base 1.0")
            subprocess.run([sys.executable, os.path.join(REPO, "scripts", "base_commit.py"),
                            "Debian base 1.0"], cwd=imported, env=env, check=True)
            want = git(added, "rev-parse", "HEAD")
            self.assertEqual(git(imported, "rev-parse", "master"), want)
            self.assertNotIn("kernel/fork.o", git(imported, "ls-tree", "-r", "--name-only", "master"))
            counts = dict(line.split(": ") for line in git(imported, "count-objects", "-v").split("\n") if line)
            self.assertEqual((counts["count"], counts["in-pack"]), ("0", "10"))


class CasesTest(unittest.TestCase):
    """Every row of every series' cases/ and of series/6.1/cases-distro reads
    and names known expectation words, with numbers where they take them."""

    def test_tables(self):
        series = os.path.join(os.path.dirname(HERE), "series")
        tables = [os.path.join(series, s, "cases") for s in sorted(os.listdir(series))]
        for path in tables + [os.path.join(series, "6.1", "cases-distro")]:
            of = SERIES[os.path.basename(os.path.dirname(path))]
            for r in cases.read_cases(path):
                with self.subTest(row=f"{r.file}:{r.line}"):
                    for e in r.expect:
                        kind = e.partition(":")[0]
                        if kind in ("main", "low"):
                            checks.parse_window(e.partition(":")[2])
                    errors = checks.check(r, run.Boot(console.Result("", False, of)))
                    self.assertFalse([x for x in errors if "unknown expectation" in x],
                                     errors)


class CountingResult(unittest.TextTestResult):
    """Counts the cases run: one per subtest, one per test without
    subtests (a test that fails outside its subtests counts once more)."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.subtests = {}
        self.tests = set()

    def startTest(self, test):
        super().startTest(test)
        self.tests.add(test.id())

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        self.subtests.setdefault(test.id(), set()).add(subtest.id())

    def cases(self):
        """Subtests, plus each test that had none."""
        return sum(len(self.subtests.get(t, ())) or 1 for t in self.tests)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", action="store_true", help="name every case")
    args = ap.parse_args()
    res = unittest.TextTestRunner(verbosity=2 if args.v else 1, stream=sys.stdout,
                                  resultclass=CountingResult).run(
        unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]))
    failed = len(res.failures) + len(res.errors)
    print(f"harness: {res.cases() - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
