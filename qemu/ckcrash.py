"""Open a kdump row's dump with Debian's crash utility, on the host.

A row with the expectation "crash" (qemu/matrix.py) boots with a raw
virtio disk (disk_args()) and ckdisk=vda: the capture kernel's /init writes
Debian's `makedumpfile -F -c -d 31 /proc/vmcore` (the flattened format) to
/dev/vda.  Then, on the host, everything arm64 runs under
qemu-aarch64-static (Debian's qemu-user-static) with -L pointing at the
unpacked Debian root it came from:

  makedumpfile -R DUMP < DISK   Debian's arm64 makedumpfile, the very
                                binary that wrote the flattened stream
                                (the kdump initramfs' own, of the series'
                                release: Series.debian, WORK/debian-arm64
                                or WORK/debian-arm64-SUITE)
  crash -s VMLINUX DUMP         Debian's arm64 crash of the same release
                                (WORK/debian-arm64-crash[-SUITE],
                                scripts/setup: qemu/debtools.py --tools
                                crash), commands "sys" and "log" on stdin

open_row() gives a Crash: what crash printed, or what failed.  The row
passes when crash's `log` has the first kernel's "Reserving ..." lines
exactly as its console printed them and `sys` has a PANIC: line naming
sysrq (qemu/checks.py compares; Crash's panic_lines() and
reserving_lines() pick what crash showed).  The functions that use
Debian's tools or the work directory take the series (series.Series:
its Debian releases and WORK).
The files of each boot are kept in WORK/crash/LOGNAME/ (the dump, crash's
input and output; the disk image is removed once read back).

  python3 qemu/ckcrash.py --vmlinux work/build/default/vmlinux \\
      --dump work/crash/NAME.load/dump      # open a row's dump again
"""
import argparse
import dataclasses
import os
import re
import shutil
import subprocess
import sys

import console
import debtools
from series import Series

QEMU_USER = "qemu-aarch64-static"
# Which Debian release's crash (Series.crash_suite): by default that of the
# series' kdump rows' kexec-tools and makedumpfile (CK_KDUMP_SUITE of its
# boot.env: bookworm's for 6.1, trixie's for 6.12; scripts/setup fetches
# it), or CK_CRASH_SUITE's (trixie; empty: bookworm's), fetched by hand
# when it is another (see crash_root())
# The raw disk the capture kernel writes to: sparse, only what is written
# takes room (a -d 31 dump of these guests is a few MB)
DISK_BYTES = 2 << 30
# What crash runs; "q" ends the session.  nr_threads: how many tasks the
# kernel had, next to the TASKS: crash's sys found
COMMANDS = "sys\nlog\np nr_threads\nq\n"
PANIC_RE = re.compile(r"^\s*PANIC: (.*)$", re.M)
TASKS_RE = re.compile(r"^\s*TASKS: (\d+)$", re.M)
NR_THREADS_RE = re.compile(r"^nr_threads = \$\d+ = (\d+)$", re.M)
# What crash says when it cannot make sense of a dump or a vmlinux
CRASH_ERROR_RE = re.compile(r"^(?:crash: .*|WARNING: .*|.*: cannot .*|"
                            r".*invalid (?:structure|kernel) .*)$", re.M)
# Warnings that say nothing about the dump: a kernel built without
# CONFIG_MODULES (no "modules" symbol) has no modules to find
NO_MODULES_WARNINGS = ("WARNING: cannot determine how modules are linked",
                       "WARNING: no kernel module access")
# Known limits of one crash version, allowed and reported, never hidden:
# bookworm's 8.0.2 does not gather the task table of this 6.1.192 kernel
# (its struct pid ends in the flexible array numbers[], backported to 6.1
# stable after 8.0.2; trixie's 8.0.6 reads it): only the active task and
# swapper are found, which is all sys, log and bt of the panic need
KNOWN_LIMITS = {
    "8.0.2": [re.compile(r"WARNING: active task \S+ on cpu \d+ not found in "
                         r"PID hash")],
}


class Error(Exception):
    pass


def disk_args(disk):
    """QEMU options attaching the raw image DISK as virtio-mmio block
    device /dev/vda (virt's first virtio-mmio transport with a device)."""
    return ["-drive", f"file={disk},format=raw,if=none,id=ckdisk",
            "-device", "virtio-blk-device,drive=ckdisk"]


def new_disk(series, logname):
    """A fresh sparse raw image WORK/crash/LOGNAME/disk.img; its path."""
    d = os.path.join(series.work, "crash", logname)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    disk = os.path.join(d, "disk.img")
    with open(disk, "wb") as f:
        f.truncate(DISK_BYTES)
    return disk


def crash_root(series):
    """Debian's unpacked arm64 crash (root directory); Error when missing."""
    root = os.path.join(series.crash_dir, "root")
    try:
        debtools.check(root, "crash")
    except (debtools.Missing, OSError) as e:
        if series.crash_suite == series.kdump_suite:
            how = f"CK_SERIES={series.name} scripts/setup"
        else:
            how = ("python3 qemu/debtools.py fetch --tools crash "
                   "--fetcher scripts/fetch-arm64-debs" +
                   (f" --suite {series.crash_suite}" if series.crash_suite else "") +
                   f" {series.crash_dir}")
        raise Error(f"Debian's arm64 crash: {e} ({how} fetches it into "
                    f"{series.crash_dir})")
    if not shutil.which(QEMU_USER):
        raise Error(f"{QEMU_USER} not found (Debian package qemu-user-static; "
                    "run scripts/setup)")
    return root


def crash_version(series):
    """The upstream version of the crash used (8.0.2 of '8.0.2-1')."""
    for v in versions(series):
        pkg, _, ver = v.partition(" ")
        if pkg == "crash":
            return re.sub(r"^\d+:|-[^-]*$", "", ver)
    return None


def versions(series):
    """'package version' of the crash utility and of makedumpfile used."""
    out = []
    for d, pkg in ((series.crash_dir, "crash"), (series.debian, "makedumpfile")):
        try:
            out += [v for v in debtools.versions(d) if v.split()[0] == pkg]
        except OSError:
            out.append(f"{pkg} (not fetched)")
    return out


def _arm64(root, prog, args, **kw):
    """Run ROOT/PROG (arm64) with ARGS under qemu-aarch64-static -L ROOT."""
    return subprocess.run([QEMU_USER, "-L", root, os.path.join(root, prog),
                           *args], **kw)


def has_debug_info(vmlinux):
    out = subprocess.run(["readelf", "-SW", vmlinux], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode()
    return " .debug_info " in out


def has_modules(vmlinux):
    """The kernel was built with CONFIG_MODULES (its "modules" list)."""
    out = subprocess.run(["readelf", "-sW", vmlinux], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode()
    return re.search(r" modules$", out, re.M) is not None


def read_back(series, disk, timeout=600):
    """Turn the flattened dump on DISK into a kdump-compressed file DUMP
    next to it with makedumpfile -R; returns DUMP's path."""
    d = os.path.dirname(os.path.abspath(disk))
    dump = os.path.join(d, "dump")
    if os.path.exists(dump):
        os.unlink(dump)  # makedumpfile -R refuses to overwrite
    with open(disk, "rb") as src:
        p = _arm64(os.path.join(series.debian, "root"), "usr/bin/makedumpfile",
                   ["-R", dump], stdin=src, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, timeout=timeout)
    with open(os.path.join(d, "makedumpfile-R.log"), "wb") as f:
        f.write(p.stdout)
    if p.returncode:
        raise Error(f"makedumpfile -R exited with {p.returncode}: "
                    f"{p.stdout.decode(errors='replace').strip()[-300:]}")
    with open(dump, "rb") as f:
        if f.read(8) != b"KDUMP   ":
            raise Error(f"makedumpfile -R wrote no kdump-compressed {dump}")
    return dump


def run_crash(series, dump, vmlinux, timeout=600, commands=COMMANDS):
    """crash -s VMLINUX DUMP with COMMANDS on stdin; returns its output
    (also in crash.out next to DUMP); raises Error when it fails."""
    d = os.path.dirname(os.path.abspath(dump))
    if not os.path.exists(vmlinux):
        raise Error(f"no {vmlinux}")
    if not has_debug_info(vmlinux):
        raise Error(f"{vmlinux} has no debug information (.debug_info): crash "
                    "needs the variant to set CONFIG_DEBUG_INFO_DWARF*")
    root = crash_root(series)
    cmds = os.path.join(d, "crash.in")
    with open(cmds, "w") as f:
        f.write(commands)
    # Its own HOME and directory: no ~/.crashrc or ./.crashrc of the user
    env = dict(os.environ, HOME=d)
    with open(cmds) as f:
        try:
            p = _arm64(root, "usr/bin/crash",
                       ["-s", os.path.abspath(vmlinux), os.path.abspath(dump)],
                       stdin=f, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       cwd=d, env=env, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Error(f"crash did not finish in {timeout}s")
    out = p.stdout.decode(errors="replace")
    with open(os.path.join(d, "crash.out"), "w") as f:
        f.write(out)
    if p.returncode:
        raise Error(f"crash exited with {p.returncode} "
                    f"({os.path.join(d, 'crash.out')}): {out.strip()[-300:]}")
    return out


def open_dump(series, disk, vmlinux):
    """read_back(DISK), remove DISK, run_crash() on the dump with VMLINUX:
    crash's output; raises Error with what failed."""
    dump = read_back(series, disk)
    os.unlink(disk)
    return run_crash(series, dump, vmlinux)


@dataclasses.dataclass(frozen=True)
class Crash:
    """What crash made of one boot's dump (open_row())."""
    # crash's output (sys, log, p nr_threads), None when it could not run
    out: str | None
    # Why there is no output: the kdump failed, makedumpfile -R or crash did
    error: str | None
    # crash's upstream version (its KNOWN_LIMITS), "8.0.2"
    version: str | None
    # The kernel was built with modules (has_modules())
    modules: bool

    def panic_lines(self):
        return panic_lines(self.out or "")

    def reserving_lines(self, series):
        return console.reserving_lines(self.out or "", series)

    def tasks(self):
        return tasks(self.out or "")

    def known_lines(self):
        return known_lines(self.out or "", self.version)

    def error_lines(self):
        return error_lines(self.out or "", self.modules, self.version)


def open_row(series, disk, vmlinux, kdump_passed):
    """The Crash of a boot that wrote its dump to DISK (a kdump whose
    capture kernel said CK-KDUMP PASS: KDUMP_PASSED), opened with
    VMLINUX."""
    version, modules = crash_version(series), has_modules(vmlinux)
    if not kdump_passed:
        return Crash(None, None, version, modules)
    try:
        return Crash(open_dump(series, disk, vmlinux), None, version, modules)
    except Error as e:
        return Crash(None, str(e), version, modules)


def panic_lines(out):
    """The PANIC: values of crash's sys output."""
    return [m.group(1).strip() for m in PANIC_RE.finditer(out)]


def reserving_lines(out, series):
    """SERIES' reservation lines ("Reserving ...") of crash's log output,
    without "[ time]"."""
    return console.reserving_lines(out, series)


def error_lines(out, modules, version):
    """Lines where crash says it could not read something, but for the
    module warnings of a kernel without modules (MODULES false: see
    has_modules()) and the known limits of crash VERSION (known_lines())."""
    lines = [l.strip() for l in CRASH_ERROR_RE.findall(out)]
    if not modules:
        lines = [l for l in lines if l not in NO_MODULES_WARNINGS]
    known = set(known_lines(out, version))
    return [l for l in lines if l not in known]


def known_lines(out, version):
    """The lines of OUT that are a known limit of crash VERSION."""
    return [l.strip() for l in CRASH_ERROR_RE.findall(out)
            if any(r.fullmatch(l.strip()) for r in KNOWN_LIMITS.get(version, []))]


def tasks(out):
    """(tasks crash found, the kernel's nr_threads + 1 for swapper), None
    where crash did not print it."""
    t, n = TASKS_RE.search(out), NR_THREADS_RE.search(out)
    return (int(t.group(1)) if t else None, int(n.group(1)) + 1 if n else None)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vmlinux", required=True, metavar="FILE",
                    help="the vmlinux (with debug information) of the crashed "
                    "kernel, e.g. work/build/default/vmlinux")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--disk", metavar="IMAGE",
                     help="a raw disk image the capture kernel wrote the "
                     "flattened dump to: read back into a dump file next to "
                     "it (makedumpfile -R; the image is kept), then opened")
    src.add_argument("--dump", metavar="FILE",
                     help="a kdump-compressed dump file to open (a matrix "
                     "row's WORK/crash/LOGNAME/dump)")
    a = ap.parse_args()
    series = Series.from_environ()
    try:
        out = run_crash(series, read_back(series, a.disk) if a.disk else a.dump,
                        a.vmlinux)
    except Error as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(out, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
