"""The Debian system of scripts/check-system in QEMU: the command line of
a layout, its device tree, one run with its progress lines, and the
console split into the first and the capture kernel."""
import os
import re
import shlex
import subprocess
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# The repository and its work directory (CK_WORK, as scripts/lib.sh has it)
REPO = os.path.dirname(os.path.dirname(HERE))
WORK = os.environ.get("CK_WORK", os.path.join(REPO, "work"))

QEMU = "qemu-system-aarch64"
# -cpu max as asked; pauth-impdef: QEMU's own pointer-authentication
# algorithm instead of QARMA, the same features but much faster on TCG
CPU = "max,pauth-impdef=on"
# One vCPU: the capture kernel has nr_cpus=1 anyway, and the host has two
# cores, one of them for the kernel build that runs meanwhile
SMP = "1"
MEM = "8G"
UEFI_OPTIONS = os.path.join(REPO, "qemu", "dt", "uefi-acpi.qemu")
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


class Milestones:
    """The milestones a console reached: {"LABEL#KERNEL": seconds}, each
    the first time it showed in that kernel (the count of "Booting
    Linux" lines says which)."""

    def __init__(self):
        self.kernel = 0
        self.seen = {}

    def feed(self, line, t):
        """Read LINE, shown at T seconds; returns the labels it reached."""
        if re.search(MILESTONES[0][0], line):
            self.kernel += 1
        new = []
        for rx, label in MILESTONES:
            key = f"{label}#{self.kernel}"
            if key not in self.seen and re.search(rx, line):
                self.seen[key] = t
                new.append(label)
        return new


def run_qemu(cmd, log, timeout, name):
    """Run CMD, print progress lines as milestones show on the console;
    returns (console text, {label: seconds}, timed_out)."""
    start = time.time()
    lines, marks = [], Milestones()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    done = threading.Event()

    def reader():
        for raw in p.stdout:
            line = raw.decode(errors="replace").rstrip("\r\n")
            lines.append(line)
            t = time.time() - start
            for label in marks.feed(line, t):
                which = {1: "first kernel", 2: "capture kernel"}.get(
                    marks.kernel, f"kernel {marks.kernel}")
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
    return text, marks.seen, timed_out


def kernel_lines(text):
    """The kernel log lines (without the timestamp) of TEXT."""
    return [m.group(1) for m in map(KLINE_RE.match, text.splitlines()) if m]


def first_and_capture(text):
    """(first kernel's console, capture kernel's console), split at the
    second "Booting Linux"."""
    idx = [m.start() for m in re.finditer(r"Booting Linux on physical CPU", text)]
    if len(idx) < 2:
        return text, ""
    return text[:idx[1]], text[idx[1]:]

