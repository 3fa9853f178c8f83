"""Boot the Debian 12 arm64 system of scripts/check-system in QEMU and
follow the kdump chain its own packages drive, link by link.

One run boots the system's kernel and initramfs (extracted from its /boot)
with a copy of its ext4 disk as virtio-blk /dev/vda and kdump-tools' own
crashkernel= (given by check-system, read from the image's
/etc/default/grub.d/kdump-tools.cfg).  In the system, kdump-tools.service
runs `kdump-config load`; then the probe ck-system.service (installed by
qemu/system/customize.sh) prints `kdump-config status` and the regions
as CK-SYS lines and, with ck.action=crash, writes c to
/proc/sysrq-trigger.  The capture kernel (Debian's, with the initramfs
kdump-tools' hook made) runs kdump-tools-dump.service, which writes
/var/crash/STAMP/dump.STAMP and dmesg.STAMP and reboots (QEMU runs with
-no-reboot and exits).  The host then reads /var/crash from the disk with
debugfs and opens the dump with Debian's crash (as qemu/ckcrash.py does: makedumpfile
-R, crash under qemu-aarch64-static).

Links, in order; a failure names the first link that broke:
  boot                 the first kernel reached the probe (systemd up)
  kdump-config status  "ready to kdump" (or, --expect notready, "Not ready")
                       (--expect nodump: Debian's stock kernel, whose
                       missing KALLSYMS_ALL leaves kdump-tools no dump:
                       that failure, exactly, is expected)
  sysrq                the sysrq panic, and a second kernel booted
  capture boot         kdump-tools-dump.service started in the capture kernel
  dump files           /var/crash/STAMP/dump.STAMP and dmesg.STAMP on the
                       disk, the dmesg file with the first kernel's
                       reservation lines
  crash                crash VMLINUX DUMP: sys shows the sysrq panic, log
                       the same reservation lines, bt the panicking task

  chain.py run --name NAME --kernel IMAGE --initrd INITRD --disk DISK
      --append ARGS [--layout virt|altra-low|uefi] [--action crash|poweroff]
      [--expect ready|notready] [--vmlinux VMLINUX] [--timeout S]
  chain.py crash --name NAME --vmlinux VMLINUX   # crash on a run's dump, later

Prints "ok   NAME: LINK ..." / "FAIL NAME: LINK ..." lines, the figures
as "figure NAME: ..." lines, and the console in WORK/logs/system/NAME.log.
"""
import argparse
import dataclasses
import os
import re
import subprocess
import sys
import time

from vm import (REPO, WORK, first_and_capture, kernel_lines, layout_dtb,
                qemu_cmd, run_qemu)

# The harness's modules: the series' settings and crash on a dump
sys.path.insert(1, os.path.join(REPO, "qemu"))
import ckcrash  # noqa: E402
from series import Series  # noqa: E402

# The system is Debian 12 with 6.1 (stock or the 6.1 series): the 6.1
# series' lines and its Debian (bookworm) makedumpfile and crash, the
# system's own versions, whatever CK_SERIES says
SERIES = Series.load("6.1", work=WORK)
# crash's commands: ckcrash's sys and log, and bt for the panicking task
CRASH_COMMANDS = "sys\nbt\nlog\nq\n"

LOGS = os.path.join(WORK, "logs", "system")
OUT = os.path.join(WORK, "system", "runs")

# What the first kernel prints about its reservation: 6.1's own lines
# ("crashkernel reserved: 0x... - 0x... (512 MB)", "crashkernel low memory
# reserved: ..."), its failure lines, and the series' "Reserving ..." lines
RESERVE_RE = re.compile(
    r"(?:crashkernel reserved: .*|crashkernel low memory reserved: .*|"
    r"crashkernel reservation failed.*|cannot allocate crashkernel.*|"
    + SERIES.env["CK_MAIN_RE"] + "|" + SERIES.env["CK_LOW_RE"] + ")")

def read_crash_dir(disk, dest):
    """Copy /var/crash of DISK into DEST with debugfs rdump; returns
    [(relative path, size)] of the files there."""
    os.makedirs(dest, exist_ok=True)
    subprocess.run(["debugfs", "-R", f"rdump /var/crash {dest}", disk],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    files = []
    top = os.path.join(dest, "crash")
    for d, _, names in os.walk(top):
        for n in names:
            p = os.path.join(d, n)
            files.append((os.path.relpath(p, top), os.path.getsize(p)))
    return sorted(files)


class Chain:
    """One run's links as they pass or fail: printed, counted, and kept in
    LINKS as (link, passed)."""

    def __init__(self, name):
        self.name = name
        self.passed = self.failed = 0
        self.broken = None
        self.links = []

    def ok(self, link, msg=""):
        self.passed += 1
        self.links.append((link, True))
        print(f"ok   {self.name}: {link}{': ' + msg if msg else ''}", flush=True)

    def bad(self, link, msg):
        self.failed += 1
        self.links.append((link, False))
        if self.broken is None:
            self.broken = link
        print(f"FAIL {self.name}: {link}: {msg}", flush=True)

    def figure(self, msg):
        print(f"figure {self.name}: {msg}", flush=True)


def crash_check(c, dump_flat, vmlinux, reserving):
    """makedumpfile -R of the flattened dump kdump-tools wrote, then crash
    -s VMLINUX DUMP with sys, bt and log (Debian's bookworm tools under
    qemu-aarch64-static, as qemu/ckcrash.py runs them for the matrix)."""
    t0 = time.time()
    try:
        dump = ckcrash.read_back(SERIES, dump_flat, timeout=900)
        out = ckcrash.run_crash(SERIES, dump, vmlinux, timeout=2400,
                                commands=CRASH_COMMANDS)
    except ckcrash.Error as e:
        c.bad("crash", str(e))
        return
    where = os.path.join(os.path.dirname(dump), "crash.out")
    panic = ckcrash.panic_lines(out)
    bt = re.search(r'^PID: (\d+)\s+TASK: \S+\s+CPU: (\d+)\s+COMMAND: "([^"]*)"', out, re.M)
    bt_frames = re.findall(r"^\s*#\d+ \[[0-9a-f]+\] (\S+) at", out, re.M)
    logged = [l for l in out.splitlines() if RESERVE_RE.search(l)]
    missing = [r for r in reserving if not any(r in l for l in logged)]
    warnings = sorted(set(re.findall(r"^(?:crash: .*|WARNING: .*)$", out, re.M)))
    if not any("sysrq" in x for x in panic):
        c.bad("crash", f"sys shows no sysrq panic (PANIC: {panic}; {where})")
    elif not bt or not any("sysrq" in f or "panic" in f for f in bt_frames):
        c.bad("crash", f"bt shows no panicking task with the sysrq/panic frames ({where})")
    elif missing:
        c.bad("crash", f"log lacks the reservation lines {missing} ({where})")
    else:
        c.ok("crash", f"crash {ckcrash.crash_version(SERIES)} in {time.time() - t0:.0f}s: "
             f"sys: PANIC: {panic[0]}; bt: PID {bt.group(1)} \"{bt.group(3)}\" on CPU "
             f"{bt.group(2)} ({' <- '.join(bt_frames[:4])}); log: {len(logged)} "
             "reservation line(s)"
             + (f"; crash said: {' / '.join(warnings[:3])}" if warnings else ""))


@dataclasses.dataclass
class Boot:
    """What one QEMU run of the system showed: the console split into the
    first and the capture kernel, the milestone times (qemu_run's SEEN) and
    the first kernel's reservation lines."""
    log: str
    first: str
    capture: str
    seen: dict
    timed_out: bool
    total: float
    reserving: list

    def at(self, label, kernel=1):
        """Seconds into the run when milestone LABEL showed in KERNEL."""
        return self.seen.get(f"{label}#{kernel}")

    def status(self):
        """(kdump-config's "current state" line, kdump-tools.service's state)."""
        status = re.findall(r"^CK-SYS status: (.*)$", self.first, re.M)
        state = next((s for s in status if "current state" in s), "").strip()
        svc = re.search(r"^CK-SYS kdump-tools.service (\S+)", self.first, re.M)
        return state, svc.group(1) if svc else "?"


def read_boot(log, text, seen, timed_out, total):
    """The Boot of console TEXT (kept in LOG) with its milestones SEEN."""
    first, capture = first_and_capture(text)
    reserving = [l for l in kernel_lines(first)
                 if RESERVE_RE.search(l) and "command line" not in l]
    return Boot(log, first, capture, seen, timed_out, total, reserving)


def boot(a):
    """Run QEMU once for run A and read what its console showed."""
    log = os.path.join(LOGS, f"{a.name}.log")
    dtb = layout_dtb(a.layout) if a.layout not in ("virt", "uefi") else None
    cmd = qemu_cmd(a.layout, a.kernel, a.initrd, a.disk, a.append, dtb)
    t0 = time.time()
    text, seen, timed_out = run_qemu(cmd, log, a.timeout, a.name)
    return read_boot(log, text, seen, timed_out, time.time() - t0)


def regions_figure(c, b):
    """The first kernel's reservation lines, kexec_crash_size and the
    "Crash kernel" ranges of /proc/iomem, as figures."""
    c.figure("reservation lines: " + (" / ".join(b.reserving) or "none"))
    m = re.search(r"^CK-SYS kexec_crash_size (\d+)", b.first, re.M)
    crash_size = int(m.group(1)) if m else None
    regions = []
    for r in re.findall(r"^CK-SYS iomem:\s*(\S+) : Crash kernel", b.first, re.M):
        s, e = (int(x, 16) for x in r.split("-"))
        regions.append(f"{(e + 1 - s) >> 20}MB@{s >> 20}MB")
    c.figure(f"/sys/kernel/kexec_crash_size {crash_size}"
             f" ({(crash_size or 0) >> 20}MB); Crash kernel ranges: {', '.join(regions) or 'none'}")


def times_figure(c, b):
    """The milestone times the run reached, as one figure."""
    parts = [("system up", b.at("probe (system up)")), ("sysrq at", b.at("sysrq-trigger")),
             ("capture kernel at", b.at("kernel starts", 2)),
             ("dump service at", b.at("kdump-tools-dump.service", 2)),
             ("saved at", b.at("vmcore saved", 2))]
    c.figure("times: " + ", ".join(f"{k} {v:.0f}s" for k, v in parts if v is not None)
             + f", whole run {b.total:.0f}s")


def link_boot(c, b):
    """1. The first kernel's system reached the probe."""
    up = b.at("probe (system up)")
    if up is None:
        c.bad("boot", "the first kernel's system never reached the probe"
              f"{' (timed out)' if b.timed_out else ''} (see {b.log})")
        return False
    c.ok("boot", f"system up, kdump-tools.service run, in {up:.0f}s")
    return True


def link_ready(c, b):
    """2. kdump-config status says ready to kdump."""
    state, svc = b.status()
    if "ready to kdump" in state and "Not ready" not in state:
        c.ok("kdump-config status", f"'{state}' (kdump-tools.service {svc})")
        return True
    journal = re.findall(r"^CK-SYS journal: (.*)$", b.first, re.M)[-5:]
    c.bad("kdump-config status", f"'{state or 'no status'}' "
          f"(kdump-tools.service {svc}; its journal: {' | '.join(journal)})")
    return False


def link_not_ready(c, b):
    """2. (--expect notready) kdump-config status says Not ready: the
    chain ends there, with the first kernel's MemTotal shown."""
    state, svc = b.status()
    if "Not ready to kdump" in state:
        c.ok("kdump-config status", f"'{state}', as expected: nothing "
             f"reserved (kdump-tools.service {svc})")
    else:
        c.bad("kdump-config status", f"expected 'Not ready to kdump', got "
              f"'{state or 'no status'}'")
    m = re.search(r"^CK-SYS meminfo: MemTotal: (\d+)", b.first, re.M)
    if m:
        c.figure(f"first kernel MemTotal {int(m.group(1)) >> 10}MB")
    return False


def link_sysrq(c, b):
    """3. The sysrq panic, and a second kernel booted."""
    if "Kernel panic - not syncing: sysrq triggered crash" not in b.first or not b.capture:
        c.bad("sysrq", "no sysrq panic followed by a second kernel "
              f"({'panic seen' if 'sysrq triggered crash' in b.first else 'no panic'}; {b.log})")
        return False
    t_sysrq = b.at("sysrq-trigger") or b.at("probe (system up)")
    c.ok("sysrq", f"panic, capture kernel started {b.at('kernel starts', 2) - t_sysrq:.0f}s "
         "after the trigger")
    return True


def link_capture(c, b):
    """4. kdump-tools-dump.service started in the capture kernel; its
    memory then is a figure."""
    # journal+console: "[ 51.39] sh[206]: CK-SYS capture KVER MemTotal: ..."
    m = re.search(r"CK-SYS capture (\S+) (.*)$", b.capture, re.M)
    if not m:
        c.bad("capture boot", f"kdump-tools-dump.service never started in the capture kernel ({b.log})")
        return False
    mem = dict(re.findall(r"(\w+): (\d+) kB", m.group(2)))
    kmem = re.search(r"Memory: (\d+)K/(\d+)K available", b.capture)
    started = b.at("kdump-tools-dump.service", 2) - b.at("kernel starts", 2)
    c.ok("capture boot", f"kernel {m.group(1)}, kdump-tools-dump.service "
         f"{started:.0f}s after the capture kernel started")
    c.figure("capture kernel memory at dump time: " +
             ", ".join(f"{k} {int(v) >> 10}MB" for k, v in mem.items()) +
             (f" (its \"Memory:\" line: {int(kmem.group(2)) >> 10}MB of RAM)" if kmem else ""))
    return True


@dataclasses.dataclass
class CrashDir:
    """/var/crash as the run left it on the disk, copied to DEST."""
    dest: str
    dumps: list
    dmesgs: list
    listing: str
    makedumpfile: list  # what makedumpfile complained of in the capture kernel
    kexec: list         # what kexec -p complained of at load
    fallback: bool      # kdump-config fell back to cp

    @property
    def failed(self):
        """makedumpfile failed: kdump-config pipes it into its compressor,
        so a failed makedumpfile still leaves a dump file and "saved vmcore"."""
        return bool(self.makedumpfile) or self.fallback

    @property
    def why(self):
        """What makedumpfile and kexec -p complained of, for a message."""
        return (("; makedumpfile in the capture kernel: " + " / ".join(dict.fromkeys(self.makedumpfile))
                 if self.makedumpfile else "")
                + ("; kexec -p at load: " + " / ".join(self.kexec) if self.kexec else ""))


def crash_dir(b, name, disk):
    """Copy /var/crash of DISK and sort what it holds."""
    dest = os.path.join(OUT, name)
    subprocess.run(["rm", "-rf", dest])
    files = read_crash_dir(disk, dest)
    return CrashDir(
        dest,
        [(f, s) for f, s in files if re.fullmatch(r"\d{12}/dump\.\d{12}", f)],
        [(f, s) for f, s in files if re.fullmatch(r"\d{12}/dmesg\.\d{12}", f)],
        ", ".join(f"{f} {s}" for f, s in files) or "nothing",
        re.findall(r"kdump-tools\[\d+\]: (makedumpfile Failed\.|check_release: .*|"
                   r"read_from_vmcore: .*)$", b.capture, re.M),
        re.findall(r"^CK-SYS journal: (Can't get the symbol .*)$", b.first, re.M),
        "falling back to 'cp'" in b.capture)


def link_no_dump(c, d):
    """5. (--expect nodump) Debian's own config without KALLSYMS_ALL:
    kexec-tools 2.0.25's kexec -p cannot find _text and writes a vmcore
    header makedumpfile cannot read (README, "kdump with Debian's tools"):
    that failure, exactly, is expected."""
    empty = not d.dumps or d.dumps[0][1] == 0
    if d.kexec and d.makedumpfile and empty and not d.dmesgs:
        c.ok("dump files", "no dump, as expected of Debian's config without "
             f"KALLSYMS_ALL: /var/crash holds {d.listing}{d.why}")
    else:
        c.bad("dump files", "expected Debian's known failure (kexec's _text "
              f"line, makedumpfile failed, no dump), got: /var/crash holds {d.listing}{d.why}")
    return False


def link_dump(c, b, d):
    """5. dump.STAMP and dmesg.STAMP in /var/crash, the dmesg file with the
    first kernel's reservation lines; returns the dump's path or None."""
    if not d.dumps or not d.dmesgs:
        c.bad("dump files", f"/var/crash holds {d.listing}"
              f"{' (makedumpfile failed, cp fallback)' if d.fallback else ''}{d.why}")
        return None
    (dump, size), (dmesg, dmesg_size) = d.dumps[0], d.dmesgs[0]
    with open(os.path.join(d.dest, "crash", dmesg), errors="replace") as f:
        dmesg_text = f.read()
    missing = [r for r in b.reserving if r not in dmesg_text]
    c.figure(f"dump {dump} {size} bytes ({size / 2**20:.1f}MB, "
             f"makedumpfile -F -c -d 31), dmesg {dmesg_size} bytes")
    if size == 0 or d.failed:
        c.bad("dump files", f"the dump is empty or makedumpfile failed ({d.listing}{d.why}; {b.log})")
        return None
    if missing or not b.reserving:
        c.bad("dump files", f"dmesg.STAMP lacks the first kernel's lines {missing or '(none printed)'}")
        return None
    t_saved, t_dump = b.at("vmcore saved", 2), b.at("kdump-tools-dump.service", 2)
    c.ok("dump files", f"/var/crash/{dump} ({size} bytes) and "
         f"{dmesg}, with the {len(b.reserving)} reservation line(s)"
         + (f"; vmcore saved {t_saved - t_dump:.0f}s after the service started"
            if t_saved and t_dump else ""))
    return os.path.join(d.dest, "crash", dump)


def keep_for_crash(dest, dump_path, reserving):
    """Leave what "chain.py crash" needs later in DEST."""
    with open(os.path.join(dest, "reserving.txt"), "w") as f:
        f.write("".join(l + "\n" for l in reserving))
    with open(os.path.join(dest, "dump.path"), "w") as f:
        f.write(dump_path + "\n")


def follow(c, b, a):
    """Walk the links of run A over boot B, stopping at the first that
    breaks or ends the chain."""
    if not link_boot(c, b):
        return
    if a.expect == "notready":
        link_not_ready(c, b)
        return
    if not link_ready(c, b) or a.action != "crash":
        return
    if not link_sysrq(c, b) or not link_capture(c, b):
        return
    d = crash_dir(b, a.name, a.disk)
    if a.expect == "nodump":
        link_no_dump(c, d)
        return
    dump_path = link_dump(c, b, d)
    if dump_path is None:
        return
    # 6. crash: now, or later with "chain.py crash" (the other runs first)
    keep_for_crash(d.dest, dump_path, b.reserving)
    if a.vmlinux:
        crash_check(c, dump_path, a.vmlinux, b.reserving)


def run(a):
    """Boot once for run A and follow the chain; returns its Chain."""
    c = Chain(a.name)
    b = boot(a)
    regions_figure(c, b)
    follow(c, b, a)
    times_figure(c, b)
    return c


def crash_later(a):
    """crash on the dump a run NAME left in OUT/NAME."""
    c = Chain(a.name)
    dest = os.path.join(OUT, a.name)
    try:
        with open(os.path.join(dest, "dump.path")) as f:
            dump_path = f.read().strip()
        with open(os.path.join(dest, "reserving.txt")) as f:
            reserving = f.read().splitlines()
    except OSError:
        c.bad("crash", f"no dump of run {a.name} in {dest}")
        return c
    crash_check(c, dump_path, a.vmlinux, reserving)
    return c


def main(argv=None):
    ap = argparse.ArgumentParser(prog="qemu/system/chain.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="boot once and follow the chain")
    r.add_argument("--name", required=True, help="the run's name (log file name)")
    r.add_argument("--kernel", required=True, help="the kernel Image")
    r.add_argument("--initrd", required=True, help="the system's initramfs")
    r.add_argument("--disk", required=True, help="the raw ext4 disk (changed by the run)")
    r.add_argument("--append", required=True, help="the kernel command line")
    r.add_argument("--layout", default="virt", choices=("virt", "altra-low", "altra-tight", "uefi"),
                   help="virt: QEMU's device tree; altra-*: qemu/dt/ALTRA.sh's tree; "
                   "uefi: UEFI firmware and ACPI")
    r.add_argument("--action", default="crash", choices=("crash", "poweroff"))
    r.add_argument("--expect", default="ready", choices=("ready", "notready", "nodump"),
                   help="ready: the whole chain; notready: kdump-config must say "
                   "'Not ready' (nothing reserved); nodump: ready, but no dump, "
                   "as kdump-tools gets on Debian's own config (no KALLSYMS_ALL)")
    r.add_argument("--vmlinux", help="the kernel's vmlinux with DWARF: open the dump with crash")
    r.add_argument("--timeout", type=int, default=1500, help="seconds for the QEMU run")
    k = sub.add_parser("crash", help="open the dump a run left with crash")
    k.add_argument("--name", required=True, help="the run's name")
    k.add_argument("--vmlinux", required=True, help="the kernel's vmlinux with DWARF")
    a = ap.parse_args(argv)
    c = run(a) if a.cmd == "run" else crash_later(a)
    print(f"chain {a.name}: {c.passed} passed, {c.failed} failed"
          + (f" (first broken link: {c.broken})" if c.broken else ""), flush=True)
    return 1 if c.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
