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
import os
import re
import subprocess
import sys
import threading
import time

import shlex

HERE = os.path.dirname(os.path.abspath(__file__))
# Self-contained on purpose: only the files the harness shares (boot.env,
# qemu/dt/), not its Python modules
REPO = os.path.dirname(os.path.dirname(HERE))
WORK = os.environ.get("CK_WORK", os.path.join(REPO, "work"))


def _env(path):
    """The NAME='value' lines of a boot.env file."""
    with open(path) as f:
        return dict(shlex.split(l)[0].split("=", 1) for l in f
                    if re.match(r"CK_\w+=", l))


# The system is Debian 12 with 6.1 (stock or the 6.1 series): the 6.1
# series' lines, whatever CK_SERIES says
ENV = _env(os.path.join(REPO, "series", "6.1", "boot.env"))
QEMU_USER = "qemu-aarch64-static"
# Debian's arm64 makedumpfile and crash that scripts/setup unpacked
# (qemu/debtools.py): bookworm's, the system's own versions
MAKEDUMPFILE_ROOT = os.path.join(WORK, "debian-arm64", "root")
CRASH_ROOT = os.path.join(WORK, "debian-arm64-crash", "root")

QEMU = "qemu-system-aarch64"
# -cpu max as asked; pauth-impdef: QEMU's own pointer-authentication
# algorithm instead of QARMA, the same features but much faster on TCG
CPU = "max,pauth-impdef=on"
# One vCPU: the capture kernel has nr_cpus=1 anyway, and the host has two
# cores, one of them for the kernel build that runs meanwhile
SMP = "1"
MEM = "8G"
LOGS = os.path.join(WORK, "logs", "system")
OUT = os.path.join(WORK, "system", "runs")
UEFI_OPTIONS = os.path.join(REPO, "qemu", "dt", "uefi-acpi.qemu")

# What the first kernel prints about its reservation: 6.1's own lines
# ("crashkernel reserved: 0x... - 0x... (512 MB)", "crashkernel low memory
# reserved: ..."), its failure lines, and the series' "Reserving ..." lines
RESERVE_RE = re.compile(
    r"(?:crashkernel reserved: .*|crashkernel low memory reserved: .*|"
    r"crashkernel reservation failed.*|cannot allocate crashkernel.*|"
    + ENV["CK_MAIN_RE"] + "|" + ENV["CK_LOW_RE"] + ")")
KLINE_RE = re.compile(r"^\[\s*\d+\.\d+\] (.*)$")

# Milestones shown while waiting: (regex, label); each is shown once per
# kernel (the counter of "Booting Linux" says which kernel)
MILESTONES = [
    (r"Booting Linux on physical CPU", "kernel starts"),
    (r"Run /init as init process", "initramfs /init"),
    (r"systemd\[1\]: systemd \d+ running|Welcome to .*Debian", "systemd"),
    (r"Kernel crash dump capture service", "kdump-tools"),
    (r"CK-SYS begin", "probe (system up)"),
    (r"CK-SYS status: current state", "kdump-config status"),
    (r"CK-SYS sysrq-trigger", "sysrq-trigger"),
    (r"Kernel panic - not syncing", "panic"),
    (r"CK-SYS capture ", "kdump-tools-dump.service"),
    (r"running makedumpfile", "makedumpfile"),
    (r"saved vmcore in", "vmcore saved"),
    (r"reboot: Restarting system", "reboot"),
    (r"reboot: Power down", "power down"),
]


def qemu_cmd(layout, kernel, initrd, disk, append, dtb=None):
    cmd = [QEMU, "-M", "virt", "-cpu", CPU, "-smp", SMP, "-m", MEM,
           "-nographic", "-no-reboot", "-kernel", kernel, "-initrd", initrd,
           "-append", append,
           "-drive", f"file={disk},format=raw,if=none,id=hd",
           "-device", "virtio-blk-device,drive=hd"]
    if layout == "uefi":
        with open(UEFI_OPTIONS) as f:
            cmd += shlex.split(f.read(), comments=True)
    elif layout != "virt":
        cmd += ["-dtb", dtb]
    return cmd


def layout_dtb(layout):
    """The device tree of a qemu/dt/LAYOUT.sh variant, made from the tree
    QEMU dumps for this machine (the same -cpu, -smp and -m)."""
    d = os.path.join(WORK, "system", "dt")
    os.makedirs(d, exist_ok=True)
    base = os.path.join(d, f"virt-{MEM}.dtb")
    out = os.path.join(d, f"{layout}-{MEM}.dtb")
    script = os.path.join(REPO, "qemu", "dt", f"{layout}.sh")
    if not os.path.exists(base):
        subprocess.run([QEMU, "-M", f"virt,dumpdtb={base}", "-cpu", CPU,
                        "-smp", SMP, "-m", MEM, "-nographic"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(script):
        subprocess.run(["bash", script, base, out], check=True)
    return out


def run_qemu(cmd, log, timeout, name):
    """Run CMD, print progress lines as milestones show on the console;
    returns (console text, {label: seconds}, timed_out)."""
    start = time.time()
    lines, seen = [], {}
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    done = threading.Event()

    def reader():
        kernel = 0
        for raw in p.stdout:
            line = raw.decode(errors="replace").rstrip("\r\n")
            lines.append(line)
            t = time.time() - start
            if re.search(MILESTONES[0][0], line):
                kernel += 1
            for rx, label in MILESTONES:
                key = f"{label}#{kernel}"
                if key not in seen and re.search(rx, line):
                    seen[key] = t
                    which = {1: "first kernel", 2: "capture kernel"}.get(kernel, f"kernel {kernel}")
                    print(f"  [{t:5.0f}s] {name}: {which}: {label}", flush=True)
        done.set()

    th = threading.Thread(target=reader, daemon=True)
    th.start()
    timed_out = False
    last_note = time.time()
    while not done.wait(5):
        now = time.time()
        if now - start > timeout:
            timed_out = True
            p.kill()
            break
        if now - last_note >= 30:
            last_note = now
            tail = next((l for l in reversed(lines) if l.strip()), "")
            print(f"  [{now - start:5.0f}s] {name}: waiting ({tail[:90]})", flush=True)
    p.wait()
    th.join(10)
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, "w") as f:
        f.write("# " + " ".join(cmd) + "\n" + text)
    print(f"  [{time.time() - start:5.0f}s] {name}: QEMU exited"
          f"{' (timed out)' if timed_out else ''}; console in {log}", flush=True)
    return text, seen, timed_out


def kernel_lines(text):
    """The kernel log lines (without the timestamp) of TEXT."""
    return [m.group(1) for m in map(KLINE_RE.match, text.splitlines()) if m]


def debugfs(disk, request):
    return subprocess.run(["debugfs", "-R", request, disk], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL).stdout.decode(errors="replace")


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
    def __init__(self, name):
        self.name = name
        self.passed = self.failed = 0
        self.broken = None

    def ok(self, link, msg=""):
        self.passed += 1
        print(f"ok   {self.name}: {link}{': ' + msg if msg else ''}", flush=True)

    def bad(self, link, msg):
        self.failed += 1
        if self.broken is None:
            self.broken = link
        print(f"FAIL {self.name}: {link}: {msg}", flush=True)

    def figure(self, msg):
        print(f"figure {self.name}: {msg}", flush=True)


def first_and_capture(text):
    """(first kernel's console, capture kernel's console), split at the
    second "Booting Linux"."""
    idx = [m.start() for m in re.finditer(r"Booting Linux on physical CPU", text)]
    if len(idx) < 2:
        return text, ""
    return text[:idx[1]], text[idx[1]:]


def arm64(root, prog, args, **kw):
    """Run ROOT/PROG (Debian arm64) under qemu-aarch64-static -L ROOT."""
    return subprocess.run([QEMU_USER, "-L", root, os.path.join(root, prog), *args], **kw)


def version_of(root, pkg):
    try:
        with open(os.path.join(os.path.dirname(root), "versions.txt")) as f:
            for l in f:
                if l.split()[0] == pkg:
                    return l.split()[1]
    except OSError:
        pass
    return "?"


def crash_check(c, dump_flat, vmlinux, reserving):
    """makedumpfile -R of the flattened dump kdump-tools wrote (Debian's
    makedumpfile 1.7.2, the system's), then crash -s VMLINUX DUMP with sys,
    bt and log (Debian's crash 8.0.2), both under qemu-aarch64-static."""
    t0 = time.time()
    d = os.path.dirname(dump_flat)
    dump = os.path.join(d, "dump.kdump")
    if os.path.exists(dump):
        os.unlink(dump)
    with open(dump_flat, "rb") as src:
        p = arm64(MAKEDUMPFILE_ROOT, "usr/bin/makedumpfile", ["-R", dump], stdin=src,
                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
    if p.returncode or not os.path.exists(dump):
        c.bad("crash", f"makedumpfile -R failed ({p.returncode}): "
              f"{p.stdout.decode(errors='replace').strip()[-200:]}")
        return
    with open(os.path.join(d, "crash.in"), "w") as f:
        f.write("sys\nbt\nlog\nq\n")
    with open(os.path.join(d, "crash.in")) as f:
        try:
            p = arm64(CRASH_ROOT, "usr/bin/crash", ["-s", os.path.abspath(vmlinux), dump],
                      stdin=f, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                      cwd=d, env=dict(os.environ, HOME=d), timeout=2400)
        except subprocess.TimeoutExpired:
            c.bad("crash", "crash did not finish in 2400s")
            return
    out = p.stdout.decode(errors="replace")
    where = os.path.join(d, "crash.out")
    with open(where, "w") as f:
        f.write(out)
    secs = time.time() - t0
    version = version_of(CRASH_ROOT, "crash")
    panic = [m.group(1).strip() for m in re.finditer(r"^\s*PANIC: (.*)$", out, re.M)]
    bt = re.search(r'^PID: (\d+)\s+TASK: \S+\s+CPU: (\d+)\s+COMMAND: "([^"]*)"', out, re.M)
    bt_frames = re.findall(r"^\s*#\d+ \[[0-9a-f]+\] (\S+) at", out, re.M)
    logged = [l for l in out.splitlines() if RESERVE_RE.search(l)]
    missing = [r for r in reserving if not any(r in l for l in logged)]
    warnings = sorted(set(re.findall(r"^(?:crash: .*|WARNING: .*)$", out, re.M)))
    if p.returncode:
        c.bad("crash", f"crash exited with {p.returncode} ({where}): {out.strip()[-200:]}")
    elif not any("sysrq" in x for x in panic):
        c.bad("crash", f"sys shows no sysrq panic (PANIC: {panic}; {where})")
    elif not bt or not any("sysrq" in f or "panic" in f for f in bt_frames):
        c.bad("crash", f"bt shows no panicking task with the sysrq/panic frames ({where})")
    elif missing:
        c.bad("crash", f"log lacks the reservation lines {missing} ({where})")
    else:
        c.ok("crash", f"crash {version} in {secs:.0f}s: sys: PANIC: {panic[0]}; "
             f"bt: PID {bt.group(1)} \"{bt.group(3)}\" on CPU {bt.group(2)} "
             f"({' <- '.join(bt_frames[:4])}); log: {len(logged)} reservation line(s)"
             + (f"; crash said: {' / '.join(warnings[:3])}" if warnings else ""))


def run(a):
    c = Chain(a.name)
    log = os.path.join(LOGS, f"{a.name}.log")
    dtb = layout_dtb(a.layout) if a.layout not in ("virt", "uefi") else None
    cmd = qemu_cmd(a.layout, a.kernel, a.initrd, a.disk, a.append, dtb)
    t0 = time.time()
    text, seen, timed_out = run_qemu(cmd, log, a.timeout, a.name)
    total = time.time() - t0
    first, capture = first_and_capture(text)
    klines = kernel_lines(first)
    reserving = [l for l in klines if RESERVE_RE.search(l) and "command line" not in l]
    c.figure("reservation lines: " + (" / ".join(reserving) or "none"))
    m = re.search(r"^CK-SYS kexec_crash_size (\d+)", first, re.M)
    crash_size = int(m.group(1)) if m else None
    iomem = re.findall(r"^CK-SYS iomem:\s*(\S+) : Crash kernel", first, re.M)
    regions = []
    for r in iomem:
        s, e = (int(x, 16) for x in r.split("-"))
        regions.append(f"{(e + 1 - s) >> 20}MB@{s >> 20}MB")
    c.figure(f"/sys/kernel/kexec_crash_size {crash_size}"
             f" ({(crash_size or 0) >> 20}MB); Crash kernel ranges: {', '.join(regions) or 'none'}")
    up = seen.get("probe (system up)#1")
    # 1. boot
    if up is None:
        c.bad("boot", "the first kernel's system never reached the probe"
              f"{' (timed out)' if timed_out else ''} (see {log})")
        return c
    c.ok("boot", f"system up, kdump-tools.service run, in {up:.0f}s")
    # 2. kdump-config status
    status = re.findall(r"^CK-SYS status: (.*)$", first, re.M)
    state = next((s for s in status if "current state" in s), "")
    svc = re.search(r"^CK-SYS kdump-tools.service (\S+)", first, re.M)
    svc = svc.group(1) if svc else "?"
    if a.expect in ("ready", "nodump"):
        if "ready to kdump" in state and "Not ready" not in state:
            c.ok("kdump-config status", f"'{state.strip()}' (kdump-tools.service {svc})")
        else:
            journal = [l for l in re.findall(r"^CK-SYS journal: (.*)$", first, re.M)][-5:]
            c.bad("kdump-config status", f"'{state.strip() or 'no status'}' "
                  f"(kdump-tools.service {svc}; its journal: {' | '.join(journal)})")
            return c
    else:
        if "Not ready to kdump" in state:
            c.ok("kdump-config status", f"'{state.strip()}', as expected: nothing "
                 f"reserved (kdump-tools.service {svc})")
        else:
            c.bad("kdump-config status", f"expected 'Not ready to kdump', got "
                  f"'{state.strip() or 'no status'}'")
        m = re.search(r"^CK-SYS meminfo: MemTotal: (\d+)", first, re.M)
        if m:
            c.figure(f"first kernel MemTotal {int(m.group(1)) >> 10}MB")
        c.figure(f"times: system up {up:.0f}s, whole run {total:.0f}s")
        return c
    if a.action != "crash":
        c.figure(f"times: system up {up:.0f}s, whole run {total:.0f}s")
        return c
    # 3. sysrq
    if "Kernel panic - not syncing: sysrq triggered crash" not in first or not capture:
        c.bad("sysrq", "no sysrq panic followed by a second kernel "
              f"({'panic seen' if 'sysrq triggered crash' in first else 'no panic'}; {log})")
        return c
    t_sysrq = seen.get("sysrq-trigger#1", up)
    t_cap = seen.get("kernel starts#2")
    c.ok("sysrq", f"panic, capture kernel started {t_cap - t_sysrq:.0f}s after the trigger")
    # 4. capture boot
    # journal+console: "[ 51.39] sh[206]: CK-SYS capture KVER MemTotal: ..."
    m = re.search(r"CK-SYS capture (\S+) (.*)$", capture, re.M)
    if not m:
        c.bad("capture boot", f"kdump-tools-dump.service never started in the capture kernel ({log})")
        return c
    mem = dict(re.findall(r"(\w+): (\d+) kB", m.group(2)))
    t_dump = seen.get("kdump-tools-dump.service#2")
    kmem = re.search(r"Memory: (\d+)K/(\d+)K available", capture)
    c.ok("capture boot", f"kernel {m.group(1)}, kdump-tools-dump.service "
         f"{t_dump - t_cap:.0f}s after the capture kernel started")
    c.figure("capture kernel memory at dump time: " +
             ", ".join(f"{k} {int(v) >> 10}MB" for k, v in mem.items()) +
             (f" (its \"Memory:\" line: {int(kmem.group(2)) >> 10}MB of RAM)" if kmem else ""))
    saved = re.search(r"saved vmcore in (\S+)", capture)
    fallback = "falling back to 'cp'" in capture
    # 5. dump files
    dest = os.path.join(OUT, a.name)
    subprocess.run(["rm", "-rf", dest])
    files = read_crash_dir(a.disk, dest)
    dumps = [(f, s) for f, s in files if re.fullmatch(r"\d{12}/dump\.\d{12}", f)]
    dmesgs = [(f, s) for f, s in files if re.fullmatch(r"\d{12}/dmesg\.\d{12}", f)]
    listing = ", ".join(f"{f} {s}" for f, s in files) or "nothing"
    # kdump-config pipes makedumpfile into its compressor: a failed
    # makedumpfile still leaves a dump file and "saved vmcore"
    mdf = re.findall(r"kdump-tools\[\d+\]: (makedumpfile Failed\.|check_release: .*|"
                     r"read_from_vmcore: .*)$", capture, re.M)
    kexec_warn = re.findall(r"^CK-SYS journal: (Can't get the symbol .*)$", first, re.M)
    why = ("; makedumpfile in the capture kernel: " + " / ".join(dict.fromkeys(mdf))
           if mdf else "") + ("; kexec -p at load: " + " / ".join(kexec_warn) if kexec_warn else "")
    if a.expect == "nodump":
        # Debian's own config without KALLSYMS_ALL: kexec-tools 2.0.25's
        # kexec -p cannot find _text, writes a vmcore header makedumpfile
        # cannot read (README, "kdump with Debian's tools"): expected, shown
        empty = not dumps or dumps[0][1] == 0
        if kexec_warn and mdf and empty and not dmesgs:
            c.ok("dump files", "no dump, as expected of Debian's config without "
                 f"KALLSYMS_ALL: /var/crash holds {listing}{why}")
        else:
            c.bad("dump files", "expected Debian's known failure (kexec's _text "
                  f"line, makedumpfile failed, no dump), got: /var/crash holds {listing}{why}")
        c.figure(f"times: system up {up:.0f}s, sysrq at {t_sysrq:.0f}s, capture kernel at "
                 f"{t_cap:.0f}s, dump service at {t_dump:.0f}s, whole run {total:.0f}s")
        return c
    if not dumps or not dmesgs:
        c.bad("dump files", f"/var/crash holds {listing}"
              f"{' (makedumpfile failed, cp fallback)' if fallback else ''}{why}")
        return c
    dump_path = os.path.join(dest, "crash", dumps[0][0])
    dmesg_path = os.path.join(dest, "crash", dmesgs[0][0])
    with open(dmesg_path, errors="replace") as f:
        dmesg = f.read()
    missing = [r for r in reserving if r not in dmesg]
    t_saved = seen.get("vmcore saved#2")
    c.figure(f"dump {dumps[0][0]} {dumps[0][1]} bytes ({dumps[0][1] / 2**20:.1f}MB, "
             f"makedumpfile -F -c -d 31), dmesg {dmesgs[0][1]} bytes")
    if dumps[0][1] == 0 or fallback or mdf:
        c.bad("dump files", f"the dump is empty or makedumpfile failed ({listing}{why}; {log})")
        return c
    if missing or not reserving:
        c.bad("dump files", f"dmesg.STAMP lacks the first kernel's lines {missing or '(none printed)'}")
        return c
    c.ok("dump files", f"/var/crash/{dumps[0][0]} ({dumps[0][1]} bytes) and "
         f"{dmesgs[0][0]}, with the {len(reserving)} reservation line(s)"
         + (f"; vmcore saved {t_saved - t_dump:.0f}s after the service started" if t_saved and t_dump else ""))
    c.figure(f"times: system up {up:.0f}s, sysrq at {t_sysrq:.0f}s, capture kernel at "
             f"{t_cap:.0f}s, dump service at {t_dump:.0f}s, saved at "
             f"{(t_saved or 0):.0f}s, whole run {total:.0f}s")
    # 6. crash: now, or later with "chain.py crash" (the other runs first)
    with open(os.path.join(dest, "reserving.txt"), "w") as f:
        f.write("".join(l + "\n" for l in reserving))
    with open(os.path.join(dest, "dump.path"), "w") as f:
        f.write(dump_path + "\n")
    if a.vmlinux:
        crash_check(c, dump_path, a.vmlinux, reserving)
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
