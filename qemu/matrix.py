"""Run the boot matrix: every row of the series' cases/ tables, one boot each, checked.

A row is:  name | mem | dt | kernel | cmdline | expectations
Expectations (space separated, sizes and addresses in MB as dmesg prints;
"Reserving ..." stands for the series' reservation lines, the patterns of
series/X/boot.env: with upstream's wording (6.12) the same checks read
"crashkernel reserved: 0x... - 0x... (N MB)", without ram: and /Z):
  main:X@LO-HI      "Reserving XMB of memory at YMB ..." with LO <= Y and
                    Y + X <= HI, and a "Crash kernel" range of X MB at Y
                    under "System RAM" in /proc/iomem
  low:X@LO-HI/Z     "Reserving XMB of low memory at YMB ... (low RAM limit:
                    ZMB)", same checks, and Y + X <= Z
  ram:Z             the main line says "System RAM: ZMB"
  nolow             no low line and no second "Crash kernel" range
  none              no "Reserving" line and no "Crash kernel" range
  pte:crash+N       the linear map maps at most the crash regions' size plus
                    N MB with PTEs (from /sys/kernel/debug/kernel_page_tables)
  pte:main+N        the same with the main region's size alone
  protect           boot the kdump initramfs with ckmode=protect in the
                    command line: loading the crash kernel (Debian's kexec)
                    unmaps its segments from the linear map, unloading maps
                    them back; run once per load syscall as kdump
  memtotal:=NAME    MemTotal equals that of the earlier row NAME (e.g. the
                    same layout without crashkernel=: nothing left reserved),
                    give or take 64 kB of memblock bookkeeping
  cma:X@LO-HI       one "cma: Reserved X MiB at Y" line with LO <= Y and
                    Y + X <= HI, and /proc/meminfo CmaTotal is X MB
  nocma             no "cma: Reserved" line and no CmaTotal above 0 kB
  early / late      the main "Reserving" line came before / after "Zone
                    ranges:": crashkernel= was reserved before paging_init()
                    (only the crash region page-mapped) / after
                    zone_sizes_init() as in 6.1
  msg:TEXT          a kernel line naming crashkernel contains TEXT
                    (TEXT uses _ for spaces; the command line echo is skipped)
  kdump             boot the kdump initramfs (qemu/init/, the Image and
                    the arm64 kexec-tools, makedumpfile and busybox of the
                    series' Debian release: CK_KDUMP_SUITE in
                    series/X/boot.env, bookworm when it names none, trixie
                    for 6.12; the log and the ok line name their
                    versions): Debian's kexec loads the capture kernel as
                    kdump-tools does, the first kernel crashes, the capture
                    kernel's RAM and /proc/vmcore are checked, Debian's
                    makedumpfile -c -d 31 must write a dump and vmcore-dmesg
                    must show the first kernel's "Reserving ..." lines, the
                    same (numbers and all) as its console did.  Requires
                    "CK-KDUMP PASS" and no FAIL.  The row boots twice, with
                    ckload=load (kexec -p: kexec_load, Debian's default) and
                    ckload=file (kexec -s -p: kexec_file_load); each boot is
                    reported and counted, and each must pass every check
  kdump:load / kdump:file
                    the same with that load syscall only (kdump:load for a
                    kernel without KEXEC_FILE, as Debian's); also protect:
  crash             (with kdump) the dump is also opened with Debian's crash
                    utility, on the host (qemu/ckcrash.py): the boot has a
                    raw virtio disk, the capture kernel writes makedumpfile
                    -F -c -d 31 /proc/vmcore to it (ckdisk=vda) instead of a
                    file, the host reads it back with makedumpfile -R and
                    runs `crash -s vmlinux dump` with sys and log (Debian's
                    arm64 crash and makedumpfile under qemu-aarch64-static,
                    of the same release as kdump's, or CK_CRASH_SUITE's for
                    crash; the kernel's vmlinux needs debug information).  Requires
                    that crash's log shows the first kernel's "Reserving
                    ..." lines, the same (numbers and all) as its console
                    did, that sys shows a PANIC: line naming sysrq, and no
                    crash error or WARNING line (but for a crash version's
                    known limits, qemu/ckcrash.py, shown).  Boots as kdump
                    does (once per load syscall)
  crash:load / crash:file
                    the same on that load syscall's boot only
  shrink            boot the kdump initramfs and require "CK-SHRINK PASS"
                    (the row's cmdline needs ckmode=shrink, or shrink,kdump)
Every row also requires that the boot reaches init, prints no WARNING, call
trace or oops, shows every "Crash kernel" range under "System RAM", and,
when there is a low line, that its low RAM limit is where "Zone ranges"
ends ZONE_DMA.
Usage: matrix.py --builds DIR [--cases FILE] [--only REGEX] [--jobs N]
                 [--timeout SECONDS] [--list-kernels]
--cases names another table, a file or a folder of files in the same format
(default series/CK_SERIES/cases/, one file per topic; e.g.
series/6.1/cases-distro, run by scripts/check-distro); its kernel column
names build directories under --builds.  REGEX is searched in each row's
NAME and in TOPIC/NAME (TOPIC: the file's name), so --only '^kdump/' runs
one topic; a kdump boot is reported as "NAME kexec -p" / "NAME kexec -s -p",
logs NAME.load.log / NAME.file.log.
"""
import argparse
import concurrent.futures
import os
import re
import sys

import ckboot
import ckcrash
import dt

# The series' boot matrix: one table per topic (series/X/cases/TOPIC)
CASES = os.path.join(ckboot.SERIES_DIR, "cases")
# Expectations that boot the kdump initramfs, and the verdict each requires
VERDICTS = {"kdump": "CK-KDUMP", "shrink": "CK-SHRINK", "protect": "CK-PROTECT"}
# Expectations that load a crash kernel: one boot per load syscall, named by
# the kexec command kdump-tools would run (ckload= read by qemu/init/kdump.c)
LOADS = {"load": "kexec -p", "file": "kexec -s -p"}


def verdict_tags(row):
    """The verdict tags ROW's expectations require, sorted."""
    return sorted({VERDICTS[e.partition(":")[0]] for e in row["expect"]
                   if e.partition(":")[0] in VERDICTS})


def boots(row):
    """The boots of ROW: (name, log name, extra command line) each.  A row
    that loads a crash kernel (kdump, protect) boots once per load syscall,
    or only with those its kdump:/protect: arguments name (kdump:load for a
    kernel without KEXEC_FILE)."""
    loads = set(LOADS)
    for e in row["expect"]:
        kind, _, arg = e.partition(":")
        if kind in ("kdump", "protect") and arg:
            if arg not in LOADS:
                raise SystemExit(f"{row['name']}: '{e}': the load is one of "
                                 f"{', '.join(LOADS)}")
            loads &= {arg}
    if not any(e.partition(":")[0] in ("kdump", "protect") for e in row["expect"]):
        return [(row["name"], row["name"], "")]
    return [(f"{row['name']} {cmd}", f"{row['name']}.{load}", f"ckload={load}")
            for load, cmd in LOADS.items() if load in loads]


def case_files(path=CASES):
    """The table files of PATH: PATH itself, or the files of the folder PATH
    in name order (not its README)."""
    if not os.path.isdir(path):
        return [path]
    return [os.path.join(path, n) for n in sorted(os.listdir(path))
            if n != "README" and os.path.isfile(os.path.join(path, n))]


def read_cases(path=CASES):
    """The rows of the case table PATH (a file, or a folder of one file per
    topic), each a dict with its file, topic (the file's name) and line;
    a bad row stops the run (SystemExit) naming its file and line."""
    rows = []
    for table in case_files(path):
        with open(table) as f:
            for n, line in enumerate(f, 1):
                row = _read_row(table, n, line, {r["name"] for r in rows})
                if row:
                    rows.append(row)
    return rows


def _read_row(table, n, line, earlier):
    """Row LINE (number N) of file TABLE, or None for a comment or blank."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    cols = [c.strip() for c in line.split("|")]
    if len(cols) != 6:
        raise SystemExit(f"{table}:{n}: expected 6 columns, got {len(cols)}")
    name, mem, dtv, kernel, cmdline, expect = cols
    row = dict(name=name, mem=mem, dt=dtv, kernel=kernel, cmdline=cmdline,
               expect=expect.split(), file=table,
               topic=os.path.basename(table), line=n)
    why = row_error(row, earlier)
    if why:
        raise SystemExit(f"{table}:{n}: {name}: {why}")
    return row


def selected(rows, only):
    """The ROWS whose NAME or TOPIC/NAME matches the regular expression ONLY."""
    return [r for r in rows if re.search(only, r["name"])
            or re.search(only, f"{r['topic']}/{r['name']}")]


# Each expectation word and what its argument must look like (None: none)
EXPECT_ARGS = {
    "main": r"\d+@\d+-\d+", "low": r"\d+@\d+-\d+(/\d+)?", "cma": r"\d+@\d+-\d+",
    "ram": r"\d+", "pte": r"(crash|main)\+\d+", "memtotal": r"=\S+",
    "msg": r"\S+", "kdump": r"(load|file)?", "protect": r"(load|file)?",
    "crash": r"(load|file)?", "nolow": None, "none": None, "early": None,
    "late": None, "shrink": None, "nocma": None,
}


def row_error(row, earlier):
    """Why a row of a case table cannot be run, or None: checked when the
    table is read, so that a bad row names its file and line before any
    boot (EARLIER: the names of the rows above it)."""
    if not re.fullmatch(r"[\w.+-]+", row["name"]):
        return "a name is letters, digits and . + - _"
    if row["name"] in earlier:
        return "the name is used above"
    try:
        ckboot.mem_mb(row["mem"])
    except ValueError as e:
        return str(e)
    for e in row["expect"]:
        kind, colon, arg = e.partition(":")
        if kind not in EXPECT_ARGS:
            return f"unknown expectation '{e}'"
        pattern = EXPECT_ARGS[kind]
        if (pattern is None and colon) or (pattern is not None and not re.fullmatch(pattern, arg)):
            return f"bad expectation '{e}'"
        if kind == "memtotal" and arg[1:] not in earlier:
            return f"'{e}' names no row above"
    return None


def parse_window(spec):
    m = re.fullmatch(r"(\d+)@(\d+)-(\d+)(?:/(\d+))?", spec)
    if not m:
        raise ValueError(f"bad expectation '{spec}'")
    return [int(g) if g is not None else None for g in m.groups()]


def has_crash_range(r, size, base):
    start, end = base << 20, ((base + size) << 20) - 1
    return any(c[0] == start and c[1] == end and c[2] == "System RAM"
               for c in r.crash)


def check_region(r, kind, spec, errors):
    size, lo, hi, limit = parse_window(spec)
    lines = r.main if kind == "main" else r.low
    if len(lines) != 1:
        errors.append(f"expected one {kind} line, got {len(lines)}")
        return
    x, y, z = lines[0]
    if x != size:
        errors.append(f"{kind}: {x}MB reserved, expected {size}MB")
    if not (lo <= y and y + x <= hi):
        errors.append(f"{kind}: at {y}MB, expected inside {lo}-{hi}MB")
    if kind == "low" and limit is not None:
        if z != limit:
            errors.append(f"low RAM limit {z}MB, expected {limit}MB")
        if y + x > z:
            errors.append(f"low region ends at {y + x}MB, above the limit {z}MB")
    if not has_crash_range(r, x, y):
        errors.append(f"/proc/iomem has no Crash kernel {x}MB at {y}MB "
                      f"under System RAM (has {r.crash})")


def check_pte(r, arg, errors):
    """pte:crash+N / pte:main+N: the linear map's PTE-mapped bytes are at most
    the crash regions' size (from /proc/iomem), or the main region's alone,
    plus N MB."""
    m = re.fullmatch(r"(crash|main)\+(\d+)", arg)
    if not m or not r.linear:
        errors.append(f"pte:{arg}: bad expectation or no CK-LINEAR line")
        return
    if m.group(1) == "main":
        crash_kb = sum(x for x, _, _ in r.main) << 10
    else:
        crash_kb = sum((c[1] + 1 - c[0]) >> 10 for c in r.crash)
    limit_kb = crash_kb + (int(m.group(2)) << 10)
    if r.linear["pte"] > limit_kb:
        errors.append(f"linear map has {r.linear['pte'] >> 10}MB of PTEs, more "
                      f"than the {m.group(1)} regions' {crash_kb >> 10}MB + "
                      f"{m.group(2)}MB")


# Boots that differ only in their command line can differ by a page or two
# of memblock bookkeeping (command line copies, the reserved array): 4 kB
# seen.  A crash region left behind is at least 2 MB.
MEMTOTAL_SLACK_KB = 64


def check_memtotal(row, r, results, errors):
    """memtotal:=NAME: MemTotal equals that of row NAME (an earlier row,
    typically the same layout without crashkernel=), within
    MEMTOTAL_SLACK_KB."""
    for e in row["expect"]:
        kind, _, arg = e.partition(":")
        if kind != "memtotal":
            continue
        other = results.get(arg.lstrip("="))
        if not arg.startswith("=") or other is None:
            errors.append(f"{e}: needs an earlier row named {arg.lstrip('=')}")
        elif abs(r.memtotal_kb - other.memtotal_kb) > MEMTOTAL_SLACK_KB:
            errors.append(f"MemTotal {r.memtotal_kb} kB, expected {other.memtotal_kb} kB "
                          f"as in {arg.lstrip('=')}")


def check_cma(r, spec, errors):
    size, lo, hi, _ = parse_window(spec)
    if len(r.cma) != 1:
        errors.append(f"expected one 'cma: Reserved' line, got {r.cma}")
        return
    x, y = r.cma[0]
    if x != size or not (lo <= y and y + x <= hi):
        errors.append(f"cma: {x}MB at {y}MB, expected {size}MB inside {lo}-{hi}MB")
    if r.cmatotal_kb != size << 10:
        errors.append(f"CmaTotal {r.cmatotal_kb} kB, expected {size << 10} kB")


def check_vmcore_dmesg(r, errors):
    """The capture kernel's vmcore-dmesg shows the first kernel's
    "Reserving ..." lines exactly as its console printed them."""
    if r.dump_bytes is None and "CK-KDUMP PASS" in r.text:
        errors.append("no CK-MAKEDUMPFILE size line")
    first, dumped = r.reserving_lines(), r.vmcore_reserving_lines()
    if first != dumped:
        errors.append(f"vmcore-dmesg shows {dumped or 'no Reserving line'}, "
                      f"the console showed {first}")


def check_crash(r, errors):
    """crash's log shows the first kernel's "Reserving ..." lines as its
    console did; its sys shows the sysrq panic."""
    if getattr(r, "crash_error", None):
        errors.append(f"crash: {r.crash_error}")
        return
    if getattr(r, "crash_out", None) is None:
        errors.append("crash: no dump to open (the kdump failed)")
        return
    first, logged = r.reserving_lines(), ckcrash.reserving_lines(r.crash_out)
    if not first or first != logged:
        errors.append(f"crash's log shows {logged or 'no Reserving line'}, "
                      f"the console showed {first}")
    panics = ckcrash.panic_lines(r.crash_out)
    if not any("sysrq" in p for p in panics):
        errors.append(f"crash's sys shows PANIC: {panics or 'none'}, "
                      "expected the sysrq panic")
    bad = ckcrash.error_lines(r.crash_out, r.crash_modules, r.crash_version)
    if bad:
        errors.append(f"crash said '{bad[0]}'")


def crash_wanted(row, extra):
    """The boot of ROW with the extra command line EXTRA (ckload=...) opens
    its dump with crash: crash, or crash:LOAD on that load's boot."""
    for e in row["expect"]:
        kind, _, arg = e.partition(":")
        if kind == "crash" and (not arg or f"ckload={arg}" in extra.split()):
            return True
    return False


def check_always(r, errors):
    """What every boot must show, whatever its row expects."""
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


def check(row, r):
    errors = []
    check_always(r, errors)
    for e in row["expect"]:
        kind, _, arg = e.partition(":")
        if kind in ("main", "low"):
            check_region(r, kind, arg, errors)
        elif kind == "ram":
            if not r.main or r.main[0][2] != int(arg):
                errors.append(f"System RAM: expected {arg}MB, got {r.main}")
        elif kind == "nolow":
            if r.low or len(r.crash) > 1:
                errors.append(f"unexpected low region: {r.low} {r.crash}")
        elif kind == "none":
            if r.main or r.low or r.crash:
                errors.append(f"unexpected reservation: {r.main} {r.low} {r.crash}")
        elif kind in VERDICTS:
            if kind == "kdump":
                check_vmcore_dmesg(r, errors)
            lines = r.verdicts(VERDICTS[kind])
            bad = [l for l in lines if " PASS" not in l]
            if bad or not lines:
                errors.append(bad[0] if bad else f"no {VERDICTS[kind]} verdict" +
                              (" (timeout)" if r.timed_out else ""))
        elif kind == "crash":
            if "kdump" not in [x.partition(":")[0] for x in row["expect"]]:
                errors.append("crash needs kdump in the row")
            elif getattr(r, "crash_wanted", True):
                check_crash(r, errors)
        elif kind == "memtotal":
            pass  # compared with the other row in check_memtotal()
        elif kind == "pte":
            check_pte(r, arg, errors)
        elif kind == "cma":
            check_cma(r, arg, errors)
        elif e == "nocma":
            if r.cma or r.cmatotal_kb:
                errors.append(f"expected no CMA, got {r.cma} and CmaTotal "
                              f"{r.cmatotal_kb} kB")
        elif e in ("early", "late"):
            if r.reserved_early() != (e == "early"):
                errors.append(f"expected the {e} path, the main line came "
                              f"{'before' if r.reserved_early() else 'after'} "
                              f"'Zone ranges:'" if r.main else
                              f"{e}: no main line")
        elif kind == "msg":
            text = arg.replace("_", " ")
            if not any(text in l for l in r.crashkernel_lines()):
                errors.append(f"no crashkernel line contains '{text}'")
        else:
            errors.append(f"unknown expectation '{e}'")
    return errors


def report(name, errors, log, shown, tools=None):
    """Print one boot's "ok" or "FAIL" line; True when it passed.  TOOLS
    (a kdump boot's user space, ckboot.tool_versions()) is on the ok line
    in SHOWN, and named on the FAIL line."""
    if errors:
        print(f"FAIL {name}: {'; '.join(errors)}  "
              f"({tools + '; ' if tools else ''}log: {log})")
    else:
        print(f"ok   {name}: {shown}")
    sys.stdout.flush()
    return not errors


def run_row(row, builds, logs, timeout, logname, extra):
    build = os.path.join(builds, row["kernel"])
    image = ckboot.image(build)
    kdump = bool(verdict_tags(row))
    initrd = ckboot.initramfs(build, "kdump" if kdump else "matrix")
    dtb = dt.make(row["dt"], row["mem"])
    log = os.path.join(logs, logname + ".log")
    cmdline = f"{row['cmdline']} {extra}".strip()
    qemu_extra, disk = [], None
    if crash_wanted(row, extra):
        # The capture kernel writes the flattened dump to this disk
        disk = ckcrash.new_disk(logname)
        qemu_extra = ckcrash.disk_args(disk)
        cmdline += " ckdisk=vda"
    # A kdump boot's log names the Debian user space it ran (all of it)
    notes = ([f"Debian {ckboot.suite_name()} arm64 kdump user space: " +
              ", ".join(ckboot.debian_tools()[2])] if kdump else [])
    text, timed_out = ckboot.boot(image, initrd, row["mem"], cmdline, dtb,
                                  qemu_extra=qemu_extra, timeout=timeout, log=log,
                                  notes=notes)
    r = ckboot.Result(text, timed_out)
    r.tools = ckboot.tool_versions() if kdump else None
    r.crash_wanted = bool(disk)
    r.crash_out = r.crash_error = None
    r.vmlinux = os.path.join(build, "vmlinux")
    if disk and "CK-KDUMP PASS" in text:
        r.crash_modules = ckcrash.has_modules(r.vmlinux)
        r.crash_version = ckcrash.crash_version()
        try:
            r.crash_out = ckcrash.open_dump(disk, r.vmlinux)
        except ckcrash.Error as e:
            r.crash_error = str(e)
    return r, check(row, r), log


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--builds", required=True, metavar="DIR",
                    help="directory of the kernel builds, one per kernel column "
                    "(work/build; '-' with --list-kernels)")
    ap.add_argument("--cases", default=CASES, metavar="PATH",
                    help="the case table, a file or a folder of topic files "
                    "(default: the series' cases/)")
    ap.add_argument("--only", default="", metavar="REGEX",
                    help="only the rows whose NAME or TOPIC/NAME matches this "
                    "regular expression")
    ap.add_argument("--jobs", type=int, default=2, metavar="N",
                    help="boots run in parallel (default %(default)s)")
    ap.add_argument("--timeout", type=int, default=120, metavar="SECONDS",
                    help="seconds one QEMU run may take (a kdump row is one run; "
                    "default %(default)s)")
    ap.add_argument("--list-kernels", action="store_true",
                    help="print the kernel variants the rows use and exit "
                    "(boots nothing)")
    a = ap.parse_args()
    rows = selected(read_cases(a.cases), a.only)
    if a.list_kernels:
        print(" ".join(sorted({r["kernel"] for r in rows})))
        return 0
    logs = os.path.join(ckboot.WORK, "logs", "matrix" if ckboot.SERIES == "6.1"
                        else f"matrix-{ckboot.SERIES}")
    os.makedirs(logs, exist_ok=True)
    # Device trees are made once, before the boots run in parallel.
    for row in rows:
        dt.make(row["dt"], row["mem"])
    if any(verdict_tags(row) for row in rows):
        _, files, versions = ckboot.debian_tools()
        print(f"Debian {ckboot.suite_name()} arm64 user space in the kdump "
              f"initramfs ({len(files)} files, {ckboot.DEBIAN}): "
              f"{', '.join(versions)}")
    if any(e.partition(":")[0] == "crash" for row in rows for e in row["expect"]):
        try:
            ckcrash.crash_root()
        except ckcrash.Error as e:
            raise SystemExit(f"error: {e}")
        print(f"On the host under {ckcrash.QEMU_USER}: Debian arm64 "
              f"{', '.join(ckcrash.versions())}")
    passed = failed = 0
    results = {}
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        futs = [(row, name, ex.submit(run_row, row, a.builds, logs, a.timeout,
                                      logname, extra))
                for row in rows for name, logname, extra in boots(row)]
        for row, name, fut in futs:
            r, errors, log = fut.result()
            results.setdefault(row["name"], r)
            check_memtotal(row, r, results, errors)
            shown = " / ".join(l.split("] ", 1)[-1] for l in r.crashkernel_lines())
            for tag in verdict_tags(row):
                shown += "".join(f"\n     {l}" for l in r.verdicts(tag))
            if getattr(r, "tools", None):
                shown += f"\n     {r.tools}"
            if getattr(r, "crash_out", None) is not None:
                version = ckcrash.crash_version()
                found, total = ckcrash.tasks(r.crash_out)
                shown += (f"\n     crash {version}: sys: PANIC: " +
                          " / ".join(ckcrash.panic_lines(r.crash_out)) +
                          f"; TASKS: {found} (the kernel had {total})")
                shown += "".join(f"\n     crash {version}: log: {l}"
                                 for l in ckcrash.reserving_lines(r.crash_out))
                shown += "".join(f"\n     crash {version}: known limit: {l}"
                                 for l in ckcrash.known_lines(r.crash_out, version))
            if report(name, errors, log, shown or "(no crashkernel line)",
                      getattr(r, "tools", None)):
                passed += 1
            else:
                failed += 1
    label = "matrix" if ckboot.SERIES == "6.1" else f"matrix-{ckboot.SERIES}"
    print(f"{label}: {passed} passed, {failed} failed (logs: {logs})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
