"""Boot a kernel in QEMU virt (arm64) and read what it says about crashkernel.

The one parser of a console: Result (the "Reserving" lines, /proc/iomem,
the zones, the linear-map census, the init's verdicts) and kunit_counts()
(a KUnit run, through the tree's kunit.py parse --json).  Shared by
scripts/boot (one boot), qemu/matrix.py (the case table), qemu/dtgen.py,
scripts/test-kunit, scripts/test-once, scripts/check-series and
scripts/bench-linear-map; the subcommands below serve the shell scripts.

  ckboot.py boot BUILD_DIR MEM [APPEND] [--timeout S]   boot, print the console
  ckboot.py kunit JSON                                  "PASSED FAILED SKIPPED"
  ckboot.py sizes LOG                                   "MAIN LOW" sizes in MB
  ckboot.py census LOG        "PTE PMD PUD TABLES CRASH" (MB, MB, MB, kB, 512M+...)
"""
import argparse
import hashlib
import json
import os
import re
import shlex
import subprocess
import tempfile
import threading

import debtools

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _env(path):
    """The NAME='value' lines of a boot.env file (shared with scripts/lib.sh)."""
    with open(path) as f:
        return dict(shlex.split(l)[0].split("=", 1) for l in f
                    if re.match(r"CK_\w+=", l))


# The series (CK_SERIES, scripts/lib.sh) is the folder series/CK_SERIES/;
# its boot.env (the patterns of its reservation lines) follows qemu/boot.env
SERIES = os.environ.get("CK_SERIES", "6.1")
SERIES_DIR = os.path.join(REPO, "series", SERIES)
ENV = {**_env(os.path.join(REPO, "qemu", "boot.env")),
       **_env(os.path.join(SERIES_DIR, "boot.env"))}
WORK = os.environ.get("CK_WORK", os.path.join(REPO, "work"))
CROSS = os.environ.get("CROSS_COMPILE", "aarch64-linux-gnu-")
QEMU = "qemu-system-aarch64"
CPU = "cortex-a57"
SMP = "1"
BASE_APPEND = ENV["CK_APPEND"]
# Above this, guest RAM comes from a backend that does not reserve host memory
BIG_MEM_MB = 20 * 1024

MAIN_RE = re.compile(ENV["CK_MAIN_RE"])
LOW_RE = re.compile(ENV["CK_LOW_RE"])
IOMEM_RE = re.compile(r"^(\s*)([0-9a-f]+)-([0-9a-f]+) : (.*)$")
CMA_RE = re.compile(r"cma: Reserved (\d+) MiB at 0x([0-9a-f]+)")
# "Zone ranges:" then "  DMA      [mem 0x...-0x...]" (free_area_init())
ZONE_DMA_RE = re.compile(r"^(?:\[[^]]*\])?\s*DMA\s+\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\]", re.M)
# /init's census of the linear map (qemu/init/linear.c) from kernel_page_tables
LINEAR_RE = re.compile(r"CK-LINEAR pte=(\d+) pmd=(\d+) pud=(\d+) tables=(\d+)")
# What no boot may print: a WARN(), BUG() or oops leaves one of these
BAD_RE = re.compile(r"^.*(?:WARNING: CPU|Call trace:|BUG: |Oops|Kernel panic - not syncing: (?!sysrq)).*$", re.M)


def image(build_dir):
    """The kernel image of a build directory."""
    return os.path.join(build_dir, ENV["CK_IMAGE"])


def mem_mb(mem):
    """'8G' / '512M' / '300G' -> MB."""
    m = re.fullmatch(r"(\d+)([MG]?)", mem)
    if not m:
        raise ValueError(f"memory size '{mem}' is not like 512M or 8G")
    n = int(m.group(1))
    return n * 1024 if m.group(2) == "G" else n


def mem_args(mem):
    """QEMU options for a guest with MEM of RAM."""
    mb = mem_mb(mem)
    if mb <= BIG_MEM_MB:
        return ["-m", f"{mb}M"], ["virt"]
    return (["-m", f"{mb}M", "-object",
             f"memory-backend-ram,id=ckmem,size={mb}M,reserve=off"],
            ["virt", "memory-backend=ckmem"])


_INITRAMFS_LOCK = threading.Lock()


def _fresh(path, *inputs):
    """PATH exists and is not older than any of INPUTS."""
    return os.path.exists(path) and all(
        os.path.getmtime(path) >= os.path.getmtime(i) for i in inputs)


def _replace(path, write):
    """Make PATH with WRITE(tmp) and rename it into place (parallel runs)."""
    tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _pack(gen, path, listing):
    def write(tmp):
        with open(tmp + ".list", "w") as f:
            f.write(listing)
        try:
            with open(tmp, "wb") as f:
                subprocess.run([gen, tmp + ".list"], stdout=f, check=True)
        finally:
            os.unlink(tmp + ".list")
    _replace(path, write)


# The Debian release whose arm64 kdump user space the kdump rows run:
# CK_KDUMP_SUITE of the series' boot.env (as scripts/lib.sh sources it, the
# environment's when boot.env has none); empty: bookworm's, the host's.
# scripts/setup unpacks it into WORK/debian-arm64[-SUITE] (debtools.py).
KDUMP_SUITE = ENV.get("CK_KDUMP_SUITE", os.environ.get("CK_KDUMP_SUITE", ""))
# The suffix of that release's files: "" for bookworm, "-trixie"...
KDUMP_TAG = f"-{KDUMP_SUITE}" if KDUMP_SUITE else ""
DEBIAN = os.path.join(WORK, "debian-arm64" + KDUMP_TAG)
# The drivers of the crash rows' raw virtio disk, for a kernel that builds
# them as modules (Debian's config; scripts/check-distro builds these two):
# packed into that build's capture initramfs as /lib/modules/ck/N-NAME.ko,
# which the capture kernel's /init loads in that order (qemu/init/capture.c)
DISK_MODULES = ["drivers/virtio/virtio_mmio.ko", "drivers/block/virtio_blk.ko"]


def disk_modules(build_dir):
    """The DISK_MODULES of BUILD_DIR, or [] when it has not built them all
    (the drivers are built in, or there is no disk)."""
    mods = [os.path.join(build_dir, m) for m in DISK_MODULES]
    return mods if all(os.path.exists(m) for m in mods) else []


def suite_name():
    """The Debian release of the kdump user space, for reports: "bookworm"
    when the series names none (CK_KDUMP_SUITE)."""
    return KDUMP_SUITE or "bookworm"


def debian_tools():
    """(root, files, versions) of Debian's arm64 kdump user space of the
    series' release (KDUMP_SUITE) that scripts/setup unpacked
    (qemu/debtools.py); fails loudly when a program or a NEEDED library is
    missing."""
    root = os.path.join(DEBIAN, "root")
    try:
        files = debtools.check(root)
        return root, files, debtools.versions(DEBIAN)
    except (debtools.Missing, OSError) as e:
        raise SystemExit(f"error: Debian's {suite_name()} arm64 kdump tools: {e}\n"
                         f"(CK_SERIES={SERIES} scripts/setup fetches them into "
                         f"{DEBIAN})")


def tool_versions(pkgs=("kexec-tools", "makedumpfile")):
    """"Debian SUITE: kexec-tools 1:2.0.29-2+b1, makedumpfile ...": the
    versions of PKGS in the kdump user space (debtools.versions), for a
    kdump row's report and log."""
    try:
        vers = {v.split()[0]: v for v in debtools.versions(DEBIAN)}
    except OSError:
        vers = {}
    return f"Debian {suite_name()}: " + ", ".join(
        vers.get(p, f"{p} (not fetched)") for p in pkgs)


def initramfs(build_dir, kind="matrix"):
    """The initramfs of qemu/init/ (/init), packed with the kernel's gen_init_cpio.

    KIND "matrix": /init alone (it reports and powers off).  KIND "kdump":
    also /kdump/Image (this build's Image), Debian's kdump user space
    (kexec, makedumpfile, vmcore-dmesg, busybox and their libraries, see
    qemu/debtools.py) and /kdump/capture.cpio (/init and the same tools),
    which /init loads with Debian's kexec before crashing the first
    kernel.  A build with the DISK_MODULES gets its own capture initramfs
    holding them.  The tools are those of the series' release
    (KDUMP_SUITE): the kdump and capture initramfs of each release have
    their own names (-SUITE), so that series of different releases sharing
    WORK/initramfs never take each other's."""
    if kind not in ("matrix", "kdump"):
        raise ValueError(f"unknown initramfs kind '{kind}'")
    out = os.path.join(WORK, "initramfs")
    os.makedirs(out, exist_ok=True)
    # /init's sources, one file per concern (qemu/init/main.c says which)
    init_dir = os.path.join(REPO, "qemu", "init")
    srcs = sorted(os.path.join(init_dir, n) for n in os.listdir(init_dir)
                  if n.endswith(".c"))
    headers = [os.path.join(init_dir, n) for n in os.listdir(init_dir)
               if n.endswith(".h")]
    init = os.path.join(out, "init")
    plain = os.path.join(out, "initramfs.cpio")
    suite = KDUMP_TAG
    capture = os.path.join(out, f"capture{suite}.cpio")
    gen = os.path.join(build_dir, "usr", "gen_init_cpio")
    base = ("dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\n"
            "dir /proc 0555 0 0\ndir /sys 0555 0 0\n"
            f"file /init {init} 0755 0 0\n")
    with _INITRAMFS_LOCK:
        if not _fresh(init, *srcs, *headers, os.path.join(REPO, "qemu", "boot.env")):
            _replace(init, lambda tmp: subprocess.run(
                [CROSS + "gcc", "-static", "-Os", "-Wall",
                 f'-DCK_APPEND="{BASE_APPEND}"', "-o", tmp, *srcs],
                check=True))
        if not _fresh(plain, init):
            _pack(gen, plain, base)
        if kind == "matrix":
            return plain
        root, files, _ = debian_tools()
        tools = debtools.cpio_lines(root, files)
        stamp = os.path.join(DEBIAN, "versions.txt")
        kernel = image(build_dir)
        tag = hashlib.sha1(os.path.abspath(build_dir).encode()).hexdigest()[:8]
        mods, ctools = disk_modules(build_dir), tools
        if mods:
            capture = os.path.join(out, f"capture-{tag}{suite}.cpio")
            ctools += "dir /lib/modules 0755 0 0\ndir /lib/modules/ck 0755 0 0\n" + "".join(
                f"file /lib/modules/ck/{i}-{os.path.basename(m)} {m} 0644 0 0\n"
                for i, m in enumerate(mods))
        if not _fresh(capture, init, stamp, *mods):
            _pack(gen, capture, base + ctools)
        cpio = os.path.join(out, f"kdump-{os.path.basename(os.path.abspath(build_dir))}"
                            f"-{tag}{suite}.cpio")
        if not _fresh(cpio, init, capture, kernel):
            _pack(gen, cpio, base + tools + "dir /kdump 0755 0 0\n"
                  f"file /kdump/Image {kernel} 0644 0 0\n"
                  f"file /kdump/capture.cpio {capture} 0644 0 0\n")
        return cpio


def qemu_machine(mem, extra_machine=()):
    margs, machine = mem_args(mem)
    return margs, ",".join(list(machine) + list(extra_machine))


def platform_args(dtb, mem):
    """["-dtb", DTB], or the options listed in a qemu/dt/VARIANT.qemu file,
    where {mem} and {half} stand for the guest's RAM and half of it in MB
    (e.g. two NUMA nodes' memory backends)."""
    if not dtb.endswith(".qemu"):
        return ["-dtb", dtb]
    mb = mem_mb(mem)
    with open(dtb) as f:
        return [a.format(mem=mb, half=mb // 2)
                for a in shlex.split(f.read(), comments=True)]


def boot(image, initrd, mem, append="", dtb=None, qemu_extra=(), timeout=120,
         log=None, notes=()):
    """Boot once; return (console text, timed_out).  LOG gets the QEMU
    command line as its first line, then each of NOTES as a "# " line
    (e.g. the kdump user space's versions), then the console."""
    margs, machine = qemu_machine(mem)
    cmd = [QEMU, "-M", machine, "-cpu", CPU, "-smp", SMP, *margs,
           "-nographic", "-no-reboot", "-kernel", image, "-initrd", initrd,
           "-append", f"{BASE_APPEND} {append}".strip(), *qemu_extra]
    if dtb:
        cmd += platform_args(dtb, mem)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        text, timed_out = p.stdout.decode(errors="replace"), False
    except subprocess.TimeoutExpired as e:
        text, timed_out = (e.stdout or b"").decode(errors="replace"), True
    if log:
        with open(log, "w") as f:
            f.write("# " + " ".join(cmd) + "\n" +
                    "".join(f"# {n}\n" for n in notes) + text)
    return text, timed_out


def dump_dtb(mem, path, qemu_extra=()):
    """QEMU's own device tree for this memory size, as `boot` would use it."""
    margs, machine = qemu_machine(mem)
    subprocess.run([QEMU, "-M", f"{machine},dumpdtb={path}", "-cpu", CPU,
                    "-smp", SMP, *margs, "-nographic", *qemu_extra],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _region(groups):
    """(size MB, address MB, System RAM or low limit MB) of one line's
    groups; upstream's lines (CK_LINES='upstream') give the first and last
    byte in hex and the size, and no third figure (None)."""
    if ENV.get("CK_LINES") == "upstream":
        first, _, size = groups
        return int(size), int(first, 16) >> 20, None
    return tuple(map(int, groups))


class Result:
    """What one boot showed."""

    def __init__(self, text, timed_out):
        self.text = text
        self.timed_out = timed_out
        self.reached_init = "CK-DONE" in text
        # The first kernel's lines that the capture kernel's init printed
        # from vmcore-dmesg: compared, not parsed as this boot's own lines
        self.vmcore_dmesg = [l.rstrip("\r") for l in
                             re.findall(r"^CK-VMCORE-DMESG ([^\n]*)", text, re.M)]
        text = re.sub(r"^CK-VMCORE-DMESG [^\n]*\n?", "", text, flags=re.M)
        self.kernel_text = text
        self.main = [_region(m) for m in MAIN_RE.findall(text)]
        self.low = [_region(m) for m in LOW_RE.findall(text)]
        m = re.search(r"CK-MAKEDUMPFILE (\d+) bytes", text)
        self.dump_bytes = int(m.group(1)) if m else None
        self.iomem = []
        self.crash = []  # (start, end, parent name or None)
        self.memtotal_kb = None
        m = re.search(r"CK-MEMTOTAL (\d+)", text)
        if m:
            self.memtotal_kb = int(m.group(1))
        m = re.search(r"CK-CMATOTAL (-?\d+)", text)
        self.cmatotal_kb = int(m.group(1)) if m else None
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
        """The "Reserving ..." lines of this boot's kernel log, without the
        "[ time]" prefix."""
        return [m.group(0) for m in re.finditer(
            MAIN_RE.pattern + "|" + LOW_RE.pattern, self.kernel_text)]

    def vmcore_reserving_lines(self):
        """The same from the capture kernel's vmcore-dmesg of the first
        kernel."""
        return [m.group(0) for m in re.finditer(
            MAIN_RE.pattern + "|" + LOW_RE.pattern, "\n".join(self.vmcore_dmesg))]

    def reserved_early(self):
        """The main "Reserving" line came before "Zone ranges:" (reserved
        before paging_init()); None when there is no such line."""
        main = MAIN_RE.search(self.kernel_text)
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
            parents[depth] = name
            self.iomem.append((depth, start, end, name))
            if name == "Crash kernel":
                self.crash.append((start, end, parents.get(depth - 1)))

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


def main(argv=None):
    ap = argparse.ArgumentParser(prog="qemu/ckboot.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("boot", help="boot BUILD_DIR's Image once, print the console")
    b.add_argument("build", help="the kernel build directory (work/build/VARIANT)")
    b.add_argument("mem", help="guest RAM, e.g. 2G")
    b.add_argument("append", nargs="?", default="", help="extra kernel arguments")
    b.add_argument("--timeout", type=int, default=120, help="seconds (default 120)")
    k = sub.add_parser("kunit", help="print PASSED FAILED SKIPPED of a kunit.py --json file")
    k.add_argument("json", help="the JSON file kunit.py run/parse --json wrote")
    z = sub.add_parser("sizes", help="print the main and low sizes (MB) a console shows")
    z.add_argument("log", help="a console log")
    c = sub.add_parser("census", help="print the linear map's census a console shows")
    c.add_argument("log", help="a console log")
    args = ap.parse_args(argv)
    if args.cmd == "boot":
        text, timed_out = boot(image(args.build), initramfs(args.build), args.mem,
                               args.append, timeout=args.timeout)
        print(text, end="")
        return 1 if timed_out else 0
    if args.cmd == "kunit":
        c = kunit_counts(args.json)
        if c is None:
            return 1
        print(*c)
        return 0
    with open(args.log, errors="replace") as f:
        r = Result(f.read(), False)
    if args.cmd == "sizes":
        print(*r.sizes())
        return 0
    if not r.linear:
        return 1
    crash = "+".join(f"{(c[1] + 1 - c[0]) >> 20}M" for c in r.crash) or "-"
    lin = r.linear
    print(lin["pte"] >> 10, lin["pmd"] >> 10, lin["pud"] >> 10, lin["tables"], crash)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
