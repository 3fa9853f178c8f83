#!/usr/bin/env python3
"""The harness's own tests, on saved consoles, without booting.

In the style of the kernel's tools/testing/kunit/kunit_tool_test.py: the
console parser (ckboot.Result) and the matrix's checker (matrix.check)
run on real consoles of earlier boots, saved in qemu/test_data/*.log (the
"# " lines at the top of a matrix log, the QEMU command line and, for a
kdump boot, the Debian user space it ran, left out).  Each row of
EXPECTATIONS is one case: a saved console, an expectation as a row of a
case table (series/X/cases/) writes it, and whether the checker must accept it.  The rows that must
be refused are the same consoles with a wrong number, a wrong word or the
other path, so a checker that accepts anything fails here.  PARSES checks
what Result reads from a console, written out by hand from the log.

Usage: qemu/test_harness.py [-v]   (last line "harness: N passed, M failed")
"""
import argparse
import os
import sys
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import ckboot  # noqa: E402
import ckcrash  # noqa: E402
import matrix  # noqa: E402

DATA = os.path.join(HERE, "test_data")

# (saved console, expectations, accepted?)
EXPECTATIONS = [
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
]

# (saved console, attribute or method of ckboot.Result, value), from the log
PARSES = [
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


# A crash row's boot: its console (NAME.log) and what crash 8.0.2 printed
# for sys, log and p nr_threads on its dump (NAME.crash).  (what is changed,
# expectations, accepted?); each change is a function of the Result
CRASH_LOG = "kdump-high-explicit-low.load"
CRASH_EXPECT = "main:1024@4096-9216 low:64@1024-4096/4096 kdump crash"


def _sub(old, new):
    def change(r):
        assert old in r.crash_out, old
        r.crash_out = r.crash_out.replace(old, new)
    return change


def _set(name, value):
    return lambda r: setattr(r, name, value)


CRASH_CASES = [
    ("nothing", lambda r: None, CRASH_EXPECT, True),
    ("crash:load on that boot", lambda r: None, "kdump crash:load", True),
    ("crash without kdump", lambda r: None, "crash", False),
    ("log: another address", _sub("1024MB of memory at 8192MB", "1024MB of memory at 8190MB"),
     CRASH_EXPECT, False),
    ("log: no low line", _sub("Reserving 64MB of low memory", "Reserving 64MB of lowish memory"),
     CRASH_EXPECT, False),
    ("sys: another panic", _sub('PANIC: "Kernel panic - not syncing: sysrq triggered crash"',
                                'PANIC: "Kernel panic - not syncing: Oops"'), CRASH_EXPECT, False),
    ("a crash error", _sub("nr_threads = $1 = 22", "crash: invalid structure size: task_struct"),
     CRASH_EXPECT, False),
    # the PID hash warning is a known limit of 8.0.2 only
    ("crash 8.0.6", _set("crash_version", "8.0.6"), CRASH_EXPECT, False),
    # the module warnings pass only for a kernel without modules
    ("a kernel with modules", _set("crash_modules", True), CRASH_EXPECT, False),
    ("makedumpfile -R failed", _set("crash_error", "makedumpfile -R exited with 1"),
     CRASH_EXPECT, False),
    ("no dump", _set("crash_out", None), CRASH_EXPECT, False),
]


def crash_result():
    r = result(CRASH_LOG)
    with open(os.path.join(DATA, CRASH_LOG + ".crash")) as f:
        r.crash_out = f.read()
    r.crash_wanted, r.crash_error = True, None
    r.crash_modules, r.crash_version = False, "8.0.2"
    return r


def result(name):
    with open(os.path.join(DATA, name + ".log")) as f:
        return ckboot.Result(f.read(), False)


def row(expect):
    return dict(name="t", mem="2G", dt="virt", kernel="default", cmdline="",
                expect=expect.split(), line=0)


class CheckTest(unittest.TestCase):
    """matrix.check() accepts what a console shows and refuses the rest."""

    def test_expectations(self):
        for log, expect, ok in EXPECTATIONS:
            with self.subTest(log=log, expect=expect):
                errors = matrix.check(row(expect), result(log))
                if ok:
                    self.assertEqual(errors, [], f"{log}: {expect}")
                else:
                    self.assertNotEqual(errors, [], f"{log}: {expect} accepted")

    def test_warning_is_refused(self):
        text = open(os.path.join(DATA, "plain-low.log")).read()
        text = text.replace("Run /init as init process",
                            "WARNING: CPU: 0 PID: 1 at mm/memory.c:2734 "
                            "__apply_to_page_range\nRun /init as init process")
        errors = matrix.check(row("main:256@1024-3072"), ckboot.Result(text, False))
        self.assertTrue(any("WARNING" in e for e in errors), errors)


class ResultTest(unittest.TestCase):
    """ckboot.Result reads the lines, /proc/iomem and the zones."""

    def test_parses(self):
        for log, attr, want in PARSES:
            with self.subTest(log=log, attr=attr):
                got = getattr(result(log), attr)
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
    """What matrix.check() requires of crash's output (expectation crash),
    and what ckcrash reads from it."""

    def test_crash(self):
        for what, change, expect, ok in CRASH_CASES:
            with self.subTest(change=what):
                r = crash_result()
                change(r)
                errors = matrix.check(row(expect), r)
                if ok:
                    self.assertEqual(errors, [], what)
                else:
                    self.assertNotEqual(errors, [], f"{what}: accepted")

    def test_crash_parses(self):
        r = crash_result()
        self.assertEqual(ckcrash.reserving_lines(r.crash_out), [
            "Reserving 64MB of low memory at 4032MB for crashkernel (low RAM limit: 4096MB)",
            "Reserving 1024MB of memory at 8192MB for crashkernel (System RAM: 8192MB)"])
        self.assertEqual(ckcrash.reserving_lines(r.crash_out), r.reserving_lines())
        self.assertEqual(ckcrash.panic_lines(r.crash_out),
                         ['"Kernel panic - not syncing: sysrq triggered crash"'])
        self.assertEqual(ckcrash.tasks(r.crash_out), (2, 23))
        self.assertEqual(ckcrash.known_lines(r.crash_out, "8.0.2"), [
            "WARNING: active task ffffff80c0110000 on cpu 0 not found in PID hash"])
        self.assertEqual(ckcrash.error_lines(r.crash_out, False, "8.0.2"), [])


class RowTest(unittest.TestCase):
    """A bad row of a case table is refused when the table is read, with its
    file and line."""

    def test_rows(self):
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".cases") as f:
            for text, _ in ROWS:
                f.write(text + "\n")
            f.flush()
            seen = set()
            for n, (text, want) in enumerate(ROWS, 1):
                with self.subTest(row=text):
                    cols = [c.strip() for c in text.split("|")]
                    r = dict(name=cols[0], mem=cols[1], dt=cols[2], kernel=cols[3],
                             cmdline=cols[4], expect=cols[5].split(), line=n)
                    why = matrix.row_error(r, seen)
                    seen.add(cols[0])
                    if want is None:
                        self.assertIsNone(why)
                    else:
                        self.assertIn(want, why or "")
            with self.assertRaises(SystemExit) as e:
                matrix.read_cases(f.name)
            self.assertIn(f"{f.name}:3: bad-word:", str(e.exception))


class FolderTest(unittest.TestCase):
    """A folder of topic files reads in name order, without its README,
    each row knowing its file, topic and line; --only matches NAME or
    TOPIC/NAME; a name used in another topic file is refused."""

    def test_folder(self):
        import tempfile
        row = "{} | 2G | virt | default | crashkernel=256M | main:256@1024-3072"
        with tempfile.TemporaryDirectory() as d:
            for name, text in (("README", "not a table"),
                               ("b", "# b\n" + row.format("two")),
                               ("a", row.format("one"))):
                with open(os.path.join(d, name), "w") as f:
                    f.write(text + "\n")
            rows = matrix.read_cases(d)
            self.assertEqual([(r["name"], r["topic"], r["line"]) for r in rows],
                             [("one", "a", 1), ("two", "b", 2)])
            self.assertEqual([r["name"] for r in matrix.selected(rows, "^b/")], ["two"])
            self.assertEqual([r["name"] for r in matrix.selected(rows, "^one$")], ["one"])
            with open(os.path.join(d, "c"), "w") as f:
                f.write(row.format("one") + "\n")
            with self.assertRaises(SystemExit) as e:
                matrix.read_cases(d)
            self.assertIn(f"{os.path.join(d, 'c')}:1: one: the name is used above",
                          str(e.exception))


# Each series' kdump user space (CK_KDUMP_SUITE of its boot.env): the
# release, and where ckboot and ckcrash take it from under CK_WORK=/w
SUITES = {
    "6.1": ("", "/w/debian-arm64", "/w/debian-arm64-crash"),
    "6.12": ("trixie", "/w/debian-arm64-trixie", "/w/debian-arm64-crash-trixie"),
}
SERIES_NAMES = sorted(
    s for s in os.listdir(os.path.join(os.path.dirname(HERE), "series"))
    if all(os.path.exists(os.path.join(os.path.dirname(HERE), "series", s, f))
           for f in ("base.env", "boot.env")))


class SuiteTest(unittest.TestCase):
    """The 6.1 series runs bookworm's kdump user space and 6.12 trixie's
    (SUITES), and for every series qemu/ckboot.py reads the same
    CK_KDUMP_SUITE as scripts/setup (scripts/lib.sh sourcing its boot.env),
    without CK_KDUMP_SUITE or CK_CRASH_SUITE in the environment."""

    def view(self, series):
        env = {k: v for k, v in os.environ.items()
               if k not in ("CK_KDUMP_SUITE", "CK_CRASH_SUITE")}
        env.update(CK_SERIES=series, CK_WORK="/w", PYTHONDONTWRITEBYTECODE="1")
        import ast
        import subprocess
        py = subprocess.run(
            [sys.executable, "-c", "import ckboot, ckcrash; print(repr(("
             "ckboot.KDUMP_SUITE, ckboot.DEBIAN, ckcrash.CRASH_DIR)))"],
            cwd=HERE, env=env, stdout=subprocess.PIPE, check=True).stdout
        sh = subprocess.run(
            ["bash", "-c", '. "$0/scripts/lib.sh" && echo "${CK_KDUMP_SUITE:-}"',
             os.path.dirname(HERE)], env=env, stdout=subprocess.PIPE,
            check=True).stdout
        return ast.literal_eval(py.decode()), sh.decode().strip()

    def test_suites(self):
        for series in SERIES_NAMES:
            with self.subTest(series=series):
                (suite, debian, crash), sh_suite = self.view(series)
                self.assertEqual(suite, sh_suite)
                tag = f"-{suite}" if suite else ""
                self.assertEqual((debian, crash), (f"/w/debian-arm64{tag}",
                                                   f"/w/debian-arm64-crash{tag}"))
                if series in SUITES:
                    self.assertEqual((suite, debian, crash), SUITES[series])


class CasesTest(unittest.TestCase):
    """Every row of every series' cases/ and of series/6.1/cases-distro reads
    and names known expectation words, with numbers where they take them."""

    def test_tables(self):
        series = os.path.join(os.path.dirname(HERE), "series")
        tables = [os.path.join(series, s, "cases") for s in sorted(os.listdir(series))]
        for path in tables + [os.path.join(series, "6.1", "cases-distro")]:
            for r in matrix.read_cases(path):
                with self.subTest(row=f"{r['file']}:{r['line']}"):
                    for e in r["expect"]:
                        kind = e.partition(":")[0]
                        if kind in ("main", "low"):
                            matrix.parse_window(e.partition(":")[2])
                    errors = matrix.check(r, ckboot.Result("", False))
                    self.assertFalse([x for x in errors if "unknown expectation" in x],
                                     errors)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", action="store_true", help="name every case")
    args = ap.parse_args()
    cases = (len(EXPECTATIONS) + 1 + len(PARSES) + len(ROWS) + 1 + 1 + 1 +
             len(CRASH_CASES) + 1 + len(SERIES_NAMES))
    res = unittest.TextTestRunner(verbosity=2 if args.v else 1,
                                  stream=sys.stdout).run(
        unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]))
    failed = len(res.failures) + len(res.errors)
    print(f"harness: {cases - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
