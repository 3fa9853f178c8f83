"""The checks of a boot: one table, CHECKS, from each expectation word of a
case table (series/X/cases/) to the form of its argument, its checker and
its documentation.  The validator (cases.row_error()), the checker
(check()) and the help (help_text(): qemu/matrix.py --help) all read it.

A checker is run(boot, arg, row, earlier) -> [error, ...]: BOOT a
run.Boot (its console's Result, its crash's Crash or None, its tools), ARG
what follows "WORD:", ROW the row, EARLIER {name: Boot} of the rows run
before it (None: not compared).
"""
import dataclasses
import re
import textwrap
from typing import Callable

# Expectations that boot the kdump initramfs, and the verdict each requires
VERDICTS = {"kdump": "CK-KDUMP", "shrink": "CK-SHRINK", "protect": "CK-PROTECT"}
# Boots that differ only in their command line can differ by a page or two
# of memblock bookkeeping (command line copies, the reserved array): 4 kB
# seen.  A crash region left behind is at least 2 MB.
MEMTOTAL_SLACK_KB = 64


@dataclasses.dataclass(frozen=True)
class Check:
    """One expectation word."""
    usage: str            # how a row writes it: "main:X@LO-HI"
    arg: str | None       # what its argument must match; None: takes none
    run: Callable         # run(boot, arg, row, earlier) -> [error, ...]
    doc: str


def parse_window(spec):
    """[X, LO, HI, Z or None] of "X@LO-HI" or "X@LO-HI/Z"."""
    m = re.fullmatch(r"(\d+)@(\d+)-(\d+)(?:/(\d+))?", spec)
    if not m:
        raise ValueError(f"bad expectation '{spec}'")
    return [int(g) if g is not None else None for g in m.groups()]


def has_crash_range(r, size, base):
    start, end = base << 20, ((base + size) << 20) - 1
    return any(c[0] == start and c[1] == end and c[2] == "System RAM"
               for c in r.crash)


def _region(kind):
    def run(b, spec, row, earlier):
        r, errors = b.console, []
        size, lo, hi, limit = parse_window(spec)
        lines = r.main if kind == "main" else r.low
        if len(lines) != 1:
            return [f"expected one {kind} line, got {len(lines)}"]
        x, y, z = lines[0]
        if x != size:
            errors.append(f"{kind}: {x}MB reserved, expected {size}MB")
        if not (lo <= y and y + x <= hi):
            errors.append(f"{kind}: at {y}MB, expected inside {lo}-{hi}MB")
        if kind == "low" and limit is not None and z is None:
            errors.append(f"low: the line gives no low RAM limit to be {limit}MB")
        elif kind == "low" and limit is not None:
            if z != limit:
                errors.append(f"low RAM limit {z}MB, expected {limit}MB")
            if y + x > z:
                errors.append(f"low region ends at {y + x}MB, above the limit {z}MB")
        if not has_crash_range(r, x, y):
            errors.append(f"/proc/iomem has no Crash kernel {x}MB at {y}MB "
                          f"under System RAM (has {r.crash})")
        return errors
    return run


def _ram(b, arg, row, earlier):
    r = b.console
    if not r.main or r.main[0][2] != int(arg):
        return [f"System RAM: expected {arg}MB, got {r.main}"]
    return []


def _nolow(b, arg, row, earlier):
    r = b.console
    return [f"unexpected low region: {r.low} {r.crash}"] if r.low or len(r.crash) > 1 else []


def _none(b, arg, row, earlier):
    r = b.console
    if r.main or r.low or r.crash:
        return [f"unexpected reservation: {r.main} {r.low} {r.crash}"]
    return []


def _pte(b, arg, row, earlier):
    """The linear map's PTE-mapped bytes are at most the crash regions'
    size (from /proc/iomem), or the main region's alone, plus N MB."""
    r = b.console
    m = re.fullmatch(r"(crash|main)\+(\d+)", arg)
    if not m or not r.linear:
        return [f"pte:{arg}: bad expectation or no CK-LINEAR line"]
    if m.group(1) == "main":
        crash_kb = sum(x for x, _, _ in r.main) << 10
    else:
        crash_kb = sum((c[1] + 1 - c[0]) >> 10 for c in r.crash)
    limit_kb = crash_kb + (int(m.group(2)) << 10)
    if r.linear["pte"] > limit_kb:
        return [f"linear map has {r.linear['pte'] >> 10}MB of PTEs, more "
                f"than the {m.group(1)} regions' {crash_kb >> 10}MB + "
                f"{m.group(2)}MB"]
    return []


def _memtotal(b, arg, row, earlier):
    """MemTotal equals that of the earlier row NAME, within
    MEMTOTAL_SLACK_KB; not compared without EARLIER."""
    if earlier is None:
        return []
    name = arg.lstrip("=")
    other = earlier.get(name)
    if not arg.startswith("=") or other is None:
        return [f"memtotal:{arg}: needs an earlier row named {name}"]
    mine, theirs = b.console.memtotal_kb, other.console.memtotal_kb
    if abs(mine - theirs) > MEMTOTAL_SLACK_KB:
        return [f"MemTotal {mine} kB, expected {theirs} kB as in {name}"]
    return []


def _cma(b, spec, row, earlier):
    r = b.console
    size, lo, hi, _ = parse_window(spec)
    if len(r.cma) != 1:
        return [f"expected one 'cma: Reserved' line, got {r.cma}"]
    errors = []
    x, y = r.cma[0]
    if x != size or not (lo <= y and y + x <= hi):
        errors.append(f"cma: {x}MB at {y}MB, expected {size}MB inside {lo}-{hi}MB")
    if r.cmatotal_kb != size << 10:
        errors.append(f"CmaTotal {r.cmatotal_kb} kB, expected {size << 10} kB")
    return errors


def _nocma(b, arg, row, earlier):
    r = b.console
    if r.cma or r.cmatotal_kb:
        return [f"expected no CMA, got {r.cma} and CmaTotal {r.cmatotal_kb} kB"]
    return []


def _path(word):
    def run(b, arg, row, earlier):
        r = b.console
        if not r.main:
            return [f"{word}: no main line"]
        if r.reserved_early() != (word == "early"):
            return [f"expected the {word} path, the main line came "
                    f"{'before' if r.reserved_early() else 'after'} 'Zone ranges:'"]
        return []
    return run


def _msg(b, arg, row, earlier):
    text = arg.replace("_", " ")
    if not any(text in l for l in b.console.crashkernel_lines()):
        return [f"no crashkernel line contains '{text}'"]
    return []


def vmcore_dmesg(r):
    """The capture kernel's vmcore-dmesg shows the first kernel's
    reservation lines exactly as its console printed them."""
    errors = []
    if r.dump_bytes is None and "CK-KDUMP PASS" in r.text:
        errors.append("no CK-MAKEDUMPFILE size line")
    first, dumped = r.reserving_lines(), r.vmcore_reserving_lines()
    if first != dumped:
        errors.append(f"vmcore-dmesg shows {dumped or 'no Reserving line'}, "
                      f"the console showed {first}")
    return errors


def _verdict(word):
    def run(b, arg, row, earlier):
        r = b.console
        errors = vmcore_dmesg(r) if word == "kdump" else []
        lines = r.verdicts(VERDICTS[word])
        bad = [l for l in lines if " PASS" not in l]
        if bad or not lines:
            errors.append(bad[0] if bad else f"no {VERDICTS[word]} verdict" +
                          (" (timeout)" if r.timed_out else ""))
        return errors
    return run


def _crash(b, arg, row, earlier):
    """crash's log shows the first kernel's reservation lines as its
    console did; its sys shows the sysrq panic.  Checked on the boots that
    opened their dump (b.crash not None)."""
    if "kdump" not in [x.partition(":")[0] for x in row.expect]:
        return ["crash needs kdump in the row"]
    c = b.crash
    if c is None:
        return []
    if c.error:
        return [f"crash: {c.error}"]
    if c.out is None:
        return ["crash: no dump to open (the kdump failed)"]
    errors = []
    first, logged = b.console.reserving_lines(), c.reserving_lines(b.console.series)
    if not first or first != logged:
        errors.append(f"crash's log shows {logged or 'no Reserving line'}, "
                      f"the console showed {first}")
    panics = c.panic_lines()
    if not any("sysrq" in p for p in panics):
        errors.append(f"crash's sys shows PANIC: {panics or 'none'}, "
                      "expected the sysrq panic")
    bad = c.error_lines()
    if bad:
        errors.append(f"crash said '{bad[0]}'")
    return errors


LOAD = r"(load|file)?"
WINDOW = r"\d+@\d+-\d+"
# The expectation words (space separated in a row's last column; sizes and
# addresses in MB as dmesg prints them; "Reserving ..." stands for the
# series' reservation lines, the patterns of series/X/boot.env: with
# upstream's wording (7.3, 6.12) the same checks read "crashkernel
# reserved: 0x... - 0x... (N MB)", without ram: and /Z)
CHECKS = {
    "main": Check("main:X@LO-HI", WINDOW, _region("main"), """
        "Reserving XMB of memory at YMB ..." with LO <= Y and Y + X <= HI,
        and a "Crash kernel" range of X MB at Y under "System RAM" in
        /proc/iomem"""),
    "low": Check("low:X@LO-HI/Z", WINDOW + r"(/\d+)?", _region("low"), """
        "Reserving XMB of low memory at YMB ... (low RAM limit: ZMB)", same
        checks, and Y + X <= Z (/Z optional)"""),
    "ram": Check("ram:Z", r"\d+", _ram, """
        the main line says "System RAM: ZMB" """),
    "nolow": Check("nolow", None, _nolow, """
        no low line and no second "Crash kernel" range"""),
    "none": Check("none", None, _none, """
        no "Reserving" line and no "Crash kernel" range"""),
    "pte": Check("pte:crash+N", r"(crash|main)\+\d+", _pte, """
        the linear map maps at most the crash regions' size plus N MB with
        PTEs (from /sys/kernel/debug/kernel_page_tables); pte:main+N the
        same with the main region's size alone"""),
    "protect": Check("protect", LOAD, _verdict("protect"), """
        boot the kdump initramfs with ckmode=protect in the command line:
        loading the crash kernel (Debian's kexec) unmaps its segments from
        the linear map, unloading maps them back; run once per load syscall
        as kdump (protect:load / protect:file: that one only)"""),
    "memtotal": Check("memtotal:=NAME", r"=\S+", _memtotal, """
        MemTotal equals that of the earlier row NAME (e.g. the same layout
        without crashkernel=: nothing left reserved), give or take 64 kB of
        memblock bookkeeping"""),
    "cma": Check("cma:X@LO-HI", WINDOW, _cma, """
        one "cma: Reserved X MiB at Y" line with LO <= Y and Y + X <= HI,
        and /proc/meminfo CmaTotal is X MB"""),
    "nocma": Check("nocma", None, _nocma, """
        no "cma: Reserved" line and no CmaTotal above 0 kB"""),
    "early": Check("early", None, _path("early"), """
        the main "Reserving" line came before "Zone ranges:": crashkernel=
        was reserved before paging_init() (only the crash region
        page-mapped)"""),
    "late": Check("late", None, _path("late"), """
        the main "Reserving" line came after "Zone ranges:": reserved after
        zone_sizes_init() as in 6.1"""),
    "msg": Check("msg:TEXT", r"\S+", _msg, """
        a kernel line naming crashkernel contains TEXT (TEXT uses _ for
        spaces; the command line echo is skipped)"""),
    "kdump": Check("kdump", LOAD, _verdict("kdump"), """
        boot the kdump initramfs (qemu/init/, the Image and the arm64
        kexec-tools, makedumpfile and busybox of the series' Debian
        release: CK_KDUMP_SUITE in series/X/boot.env, bookworm when it
        names none, trixie for 6.12 and 7.3; the log and the ok line name
        their versions): Debian's kexec loads the capture kernel as
        kdump-tools does, the first kernel crashes, the capture kernel's
        RAM and /proc/vmcore are checked, Debian's makedumpfile -c -d 31
        must write a dump and vmcore-dmesg must show the first kernel's
        "Reserving ..." lines, the same (numbers and all) as its console
        did.  Requires "CK-KDUMP PASS" and no FAIL.  The row boots twice,
        with ckload=load (kexec -p: kexec_load, Debian's default) and
        ckload=file (kexec -s -p: kexec_file_load); each boot is reported
        and counted, and each must pass every check.  kdump:load /
        kdump:file: that load syscall only (kdump:load for a kernel without
        KEXEC_FILE, as Debian's)"""),
    "crash": Check("crash", LOAD, _crash, """
        (with kdump) the dump is also opened with Debian's crash utility,
        on the host (qemu/ckcrash.py): the boot has a raw virtio disk, the
        capture kernel writes makedumpfile -F -c -d 31 /proc/vmcore to it
        (ckdisk=vda) instead of a file, the host reads it back with
        makedumpfile -R and runs `crash -s vmlinux dump` with sys and log
        (Debian's arm64 crash and makedumpfile under qemu-aarch64-static,
        of the same release as kdump's, or CK_CRASH_SUITE's for crash; the
        kernel's vmlinux needs debug information).  Requires that crash's
        log shows the first kernel's "Reserving ..." lines, the same
        (numbers and all) as its console did, that sys shows a PANIC: line
        naming sysrq, and no crash error or WARNING line (but for a crash
        version's known limits, qemu/ckcrash.py, shown).  Boots as kdump
        does (once per load syscall); crash:load / crash:file: on that load
        syscall's boot only"""),
    "shrink": Check("shrink", None, _verdict("shrink"), """
        boot the kdump initramfs and require "CK-SHRINK PASS" (the row's
        cmdline needs ckmode=shrink, or shrink,kdump)"""),
}


def arg_error(word):
    """Why the expectation WORD (e.g. "main:256@1024-3072") is not one of
    CHECKS with an argument of the right form, or None."""
    kind, colon, arg = word.partition(":")
    if kind not in CHECKS:
        return f"unknown expectation '{word}'"
    pattern = CHECKS[kind].arg
    if (pattern is None and colon) or (pattern is not None and not re.fullmatch(pattern, arg)):
        return f"bad expectation '{word}'"
    return None


def always(r):
    """What every boot must show, whatever its row expects (R: its
    console's Result)."""
    errors = []
    if not r.reached_init:
        errors.append("did not reach init" + (" (timeout)" if r.timed_out else ""))
    bad = r.bad_lines()
    if bad:
        errors.append(f"the kernel printed '{bad[0].strip()}'")
    outside = [c for c in r.crash if c[2] != "System RAM"]
    if outside:
        errors.append(f"Crash kernel not under System RAM: {outside}")
    if r.main and not r.crash:
        errors.append("a region was reserved but /proc/iomem has no Crash kernel")
    if (r.low and r.zone_dma_end is not None and r.low[0][2] is not None
            and r.low[0][2] != r.zone_dma_end):
        errors.append(f"low RAM limit {r.low[0][2]}MB, but ZONE_DMA ends at "
                      f"{r.zone_dma_end}MB")
    return errors


def check(row, boot, earlier=None):
    """The errors of BOOT (a run.Boot) against ROW's expectations: always()
    then each word's checker, in the row's order; [] when it passed."""
    errors = always(boot.console)
    for e in row.expect:
        kind, _, arg = e.partition(":")
        if kind not in CHECKS:
            errors.append(f"unknown expectation '{e}'")
            continue
        errors += CHECKS[kind].run(boot, arg, row, earlier)
    return errors


def help_text():
    """The expectation words for a --help: each one's usage and doc."""
    out = []
    for c in CHECKS.values():
        doc = textwrap.fill(" ".join(c.doc.split()), 74, initial_indent=" " * 20,
                            subsequent_indent=" " * 20)
        if len(c.usage) < 18:
            doc = f"  {c.usage:<18}" + doc[20:]
        else:
            doc = f"  {c.usage}\n" + doc
        out.append(doc)
    return "\n".join(out)
