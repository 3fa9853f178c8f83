"""The one parser of a console: what one boot printed, and KUnit counts.

Result reads a QEMU console (the kernel's log and what qemu/init/ printed):
the series' reservation lines ("Reserving ..." or upstream's "crashkernel
reserved: ..."; the patterns of series/X/boot.env, given as a
series.Series), /proc/iomem, the zones, CMA, the linear-map census and the
init's verdicts.  kunit_counts() reads a KUnit run through the --json file
of the tree's kunit.py.  Nothing here boots or reads the environment.
"""
import json
import re

IOMEM_RE = re.compile(r"^(\s*)([0-9a-f]+)-([0-9a-f]+) : (.*)$")
CMA_RE = re.compile(r"cma: Reserved (\d+) MiB at 0x([0-9a-f]+)")
# "Zone ranges:" then "  DMA      [mem 0x...-0x...]" (free_area_init())
ZONE_DMA_RE = re.compile(r"^(?:\[[^]]*\])?\s*DMA\s+\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\]", re.M)
# /init's census of the linear map (qemu/init/linear.c) from kernel_page_tables
LINEAR_RE = re.compile(r"CK-LINEAR pte=(\d+) pmd=(\d+) pud=(\d+) tables=(\d+)")
# What no boot may print: a WARN(), BUG() or oops leaves one of these
BAD_RE = re.compile(r"^.*(?:WARNING: CPU|Call trace:|BUG: |Oops|Kernel panic - not syncing: (?!sysrq)).*$", re.M)


def reserving_lines(text, series):
    """SERIES' reservation lines in TEXT (a console, crash's log), without
    the "[ time]" prefix, in order."""
    return [m.group(0) for m in re.finditer(
        series.env["CK_MAIN_RE"] + "|" + series.env["CK_LOW_RE"], text)]


def _region(groups, upstream):
    """(size MB, address MB, System RAM or low limit MB) of one line's
    groups; upstream's lines (CK_LINES='upstream') give the first and last
    byte in hex and the size, and no third figure (None)."""
    if upstream:
        first, _, size = groups
        return int(size), int(first, 16) >> 20, None
    return tuple(map(int, groups))


def _int(pattern, text):
    m = re.search(pattern, text)
    return int(m.group(1)) if m else None


class Result:
    """What one boot of SERIES showed (SERIES: a series.Series, for the
    patterns of its lines)."""

    def __init__(self, text, timed_out, series):
        self.series = series
        self.text = text
        self.timed_out = timed_out
        self.reached_init = "CK-DONE" in text
        # The first kernel's lines that the capture kernel's init printed
        # from vmcore-dmesg: compared, not parsed as this boot's own lines
        self.vmcore_dmesg = [l.rstrip("\r") for l in
                             re.findall(r"^CK-VMCORE-DMESG ([^\n]*)", text, re.M)]
        text = re.sub(r"^CK-VMCORE-DMESG [^\n]*\n?", "", text, flags=re.M)
        self.kernel_text = text
        self.main = [_region(m, series.upstream) for m in series.main_re.findall(text)]
        self.low = [_region(m, series.upstream) for m in series.low_re.findall(text)]
        self.dump_bytes = _int(r"CK-MAKEDUMPFILE (\d+) bytes", text)
        self.iomem = []
        self.crash = []  # (start, end, parent name or None)
        self.memtotal_kb = _int(r"CK-MEMTOTAL (\d+)", text)
        self.cmatotal_kb = _int(r"CK-CMATOTAL (-?\d+)", text)
        # (MiB, MB address) of each "cma: Reserved" line
        self.cma = [(int(n), int(a, 16) >> 20) for n, a in CMA_RE.findall(text)]
        m = LINEAR_RE.search(text)
        # The linear map's census (kB at PTE, PMD, PUD level and table
        # pages) that /init printed (qemu/init/linear.c), or None
        self.linear = dict(zip(("pte", "pmd", "pud", "tables"),
                               map(int, m.groups()))) if m else None
        m = ZONE_DMA_RE.search(text)
        # End of ZONE_DMA in MB as "Zone ranges" prints it (None: no zone)
        self.zone_dma_end = (int(m.group(2), 16) + 1) >> 20 if m else None
        self._parse_iomem()

    def bad_lines(self):
        """Warnings, call traces, oopses: lines no boot may print, except
        the deliberate sysrq crash of a kdump row (from "CK-KDUMP loaded"
        to the capture kernel's "Booting Linux")."""
        text = re.sub(r"CK-KDUMP loaded.*?(?=Booting Linux|\Z)", "",
                      self.kernel_text, flags=re.S)
        return BAD_RE.findall(text)

    def reserving_lines(self):
        """The reservation lines of this boot's kernel log, without the
        "[ time]" prefix."""
        return reserving_lines(self.kernel_text, self.series)

    def vmcore_reserving_lines(self):
        """The same from the capture kernel's vmcore-dmesg of the first
        kernel."""
        return reserving_lines("\n".join(self.vmcore_dmesg), self.series)

    def reserved_early(self):
        """The main reservation line came before "Zone ranges:" (reserved
        before paging_init()); None when there is no such line."""
        main = self.series.main_re.search(self.kernel_text)
        zones = self.kernel_text.find("Zone ranges:")
        if not main or zones < 0:
            return None
        return main.start() < zones

    def _parse_iomem(self):
        m = re.search(r"CK-IOMEM-BEGIN\r?\n(.*?)CK-IOMEM-END", self.text, re.S)
        if not m:
            return
        parents = {}
        for line in m.group(1).splitlines():
            im = IOMEM_RE.match(line.rstrip("\r"))
            if not im:
                continue
            depth = len(im.group(1)) // 2
            start, end, name = int(im.group(2), 16), int(im.group(3), 16), im.group(4)
            parents[depth] = (name, start)
            self.iomem.append((depth, start, end, name))
            if name == "Crash kernel":
                self._add_crash(start, end, parents.get(depth - 1))

    def _add_crash(self, start, end, parent):
        """One crash region per "Crash kernel" range, but a region that
        covers two "System RAM" ranges (NUMA nodes) is published as one
        piece under each: a piece that starts its System RAM range right
        where the last piece ended is the same region."""
        name, parent_start = parent or (None, None)
        if (self.crash and name == "System RAM" and self.crash[-1][2] == name
                and self.crash[-1][1] + 1 == start == parent_start):
            self.crash[-1] = (self.crash[-1][0], end, name)
        else:
            self.crash.append((start, end, name))

    def verdicts(self, tag):
        """The "TAG PASS: ..." / "TAG FAIL: ..." lines an init printed."""
        return re.findall(rf"{re.escape(tag)} (?:PASS|FAIL)\b[^\r\n]*", self.text)

    def crashkernel_lines(self):
        """Kernel log lines about crashkernel, without the command line echo
        and without /init's own CK-... report lines."""
        out = []
        for line in self.kernel_text.splitlines():
            if "crashkernel" not in line:
                continue
            if "Kernel command line:" in line or line.startswith("CK-"):
                continue
            out.append(line.rstrip("\r"))
        return out

    def sizes(self):
        """(main MB, low MB) of the first lines of each kind, 0 for none."""
        return (self.main[0][0] if self.main else 0,
                self.low[0][0] if self.low else 0)

    def census(self):
        """(PTE MB, PMD MB, PUD MB, table kB, the Crash kernel ranges'
        sizes "512M+64M" or "-") of the linear map, or None without one."""
        if not self.linear:
            return None
        crash = "+".join(f"{(c[1] + 1 - c[0]) >> 20}M" for c in self.crash) or "-"
        lin = self.linear
        return lin["pte"] >> 10, lin["pmd"] >> 10, lin["pud"] >> 10, lin["tables"], crash


def kunit_counts(json_path):
    """(passed, failed, skipped) test cases of a KUnit run from the JSON
    that kunit.py run/parse --json wrote (each parameter of a parameterised
    test counts once); None when it holds no test case."""
    try:
        with open(json_path) as f:
            group = json.load(f)
    except (OSError, ValueError):
        return None
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}

    def walk(g):
        for case in g.get("test_cases", []):
            status = case.get("status")
            counts["FAIL" if status not in counts else status] += 1
        for sub in g.get("sub_groups", []):
            walk(sub)
    walk(group)
    if not sum(counts.values()):
        return None
    return counts["PASS"], counts["FAIL"], counts["SKIP"]
