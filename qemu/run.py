"""Boot one row of a case table and give its typed result, a Boot; print
one boot's "ok" or "FAIL" line.  Used by qemu/matrix.py, qemu/beforeafter.py
and qemu/dtgen.py (boot_once(), report()).
"""
import dataclasses
import os
import sys

import cases
import ckcrash
import console
import dtmake
import initramfs
import qemu_run


@dataclasses.dataclass(frozen=True)
class Boot:
    """What one boot gave: its console, and for a kdump its user space's
    versions and what crash made of its dump."""
    console: console.Result
    log: str = ""
    # The kdump user space's versions (initramfs.tool_versions()), or None
    tools: str | None = None
    # crash's view of the dump (ckcrash.Crash), or None when this boot
    # does not open its dump (no crash expectation for its load)
    crash: ckcrash.Crash | None = None

    def shown(self, tags=()):
        """The ok line's text: the crashkernel lines, the verdicts of TAGS
        (cases.verdict_tags()), the tools and what crash showed."""
        r = self.console
        shown = " / ".join(l.split("] ", 1)[-1] for l in r.crashkernel_lines())
        for tag in tags:
            shown += "".join(f"\n     {l}" for l in r.verdicts(tag))
        if self.tools:
            shown += f"\n     {self.tools}"
        c = self.crash
        if c is not None and c.out is not None:
            found, total = c.tasks()
            shown += (f"\n     crash {c.version}: sys: PANIC: " +
                      " / ".join(c.panic_lines()) +
                      f"; TASKS: {found} (the kernel had {total})")
            shown += "".join(f"\n     crash {c.version}: log: {l}"
                             for l in c.reserving_lines(r.series))
            shown += "".join(f"\n     crash {c.version}: known limit: {l}"
                             for l in c.known_lines())
        return shown or "(no crashkernel line)"


def boot_once(series, build, mem, cmdline, dtb, log, kind="matrix",
              qemu_extra=(), timeout=120, notes=()):
    """Boot BUILD's kernel of SERIES once with the initramfs of KIND; the
    console's Result."""
    text, timed_out = qemu_run.boot(
        series, series.image(build), initramfs.make(series, build, kind), mem,
        cmdline, dtb, qemu_extra=qemu_extra, timeout=timeout, log=log,
        notes=notes)
    return console.Result(text, timed_out, series)


def require_warnings(*builds):
    """Exit with one line unless each kernel build directory of BUILDS has
    CONFIG_BUG in its .config: without it WARN() prints nothing, and the
    check that no boot prints a WARNING could not fail.  Fragment builds
    have it (config/base.fragment); this is for any other --builds."""
    for build in sorted(set(builds)):
        path = os.path.join(build, ".config")
        kernel = os.path.basename(os.path.normpath(build))
        try:
            with open(path, encoding="utf-8") as f:
                if "\nCONFIG_BUG=y\n" in "\n" + f.read():
                    continue
        except OSError as e:
            raise SystemExit(f"error: kernel variant {kernel}: {e}") from e
        raise SystemExit(f"error: kernel variant {kernel} has no CONFIG_BUG "
                         f"({path}): its WARN()s print nothing, so no row "
                         "could see one")


# A row that boots the kdump initramfs gets this many times --timeout
KDUMP_TIMEOUT_FACTOR = 3


def run_row(series, row, builds, logs, timeout, logname, extra):
    """Boot ROW of SERIES' case table once, its kernel from BUILDS, with the
    extra command line EXTRA (ckload=...), its log LOGS/LOGNAME.log; the
    Boot (unchecked: checks.check())."""
    build = os.path.join(builds, row.kernel)
    kdump = bool(cases.verdict_tags(row))
    dtb = dtmake.make(series.work, row.dt, row.mem)
    log = os.path.join(logs, logname + ".log")
    cmdline = f"{row.cmdline} {extra}".strip()
    qemu_extra, disk = [], None
    if cases.crash_wanted(row, extra):
        # The capture kernel writes the flattened dump to this disk
        disk = ckcrash.new_disk(series, logname)
        qemu_extra = ckcrash.disk_args(disk)
        cmdline += " ckdisk=vda"
    # A kdump boot's log names the Debian user space it ran (all of it)
    notes = ([f"Debian {series.suite_name} arm64 kdump user space: " +
              ", ".join(initramfs.debian_tools(series)[2])] if kdump else [])
    # Two kernels, makedumpfile and vmcore-dmesg under TCG: a loaded
    # machine (load average 7) took more than the 120 s of one boot
    r = boot_once(series, build, row.mem, cmdline, dtb, log,
                  "kdump" if kdump else "matrix", qemu_extra,
                  KDUMP_TIMEOUT_FACTOR * timeout if kdump else timeout, notes)
    crash = None
    if disk:
        crash = ckcrash.open_row(series, disk, os.path.join(build, "vmlinux"),
                                 "CK-KDUMP PASS" in r.text)
    return Boot(r, log, initramfs.tool_versions(series) if kdump else None, crash)


def report(name, errors, log, shown, tools=None):
    """Print one boot's "ok" or "FAIL" line; True when it passed.  TOOLS
    (a kdump boot's user space, initramfs.tool_versions()) is on the ok
    line in SHOWN, and named on the FAIL line."""
    if errors:
        print(f"FAIL {name}: {'; '.join(errors)}  "
              f"({tools + '; ' if tools else ''}log: {log})")
    else:
        print(f"ok   {name}: {shown}")
    sys.stdout.flush()
    return not errors
