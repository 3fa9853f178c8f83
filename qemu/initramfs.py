"""The guests' initramfs: qemu/init/ (/init) built and packed with the
kernel's gen_init_cpio, and for the kdump rows Debian's arm64 kdump user
space of the series' release (found by qemu/debtools.py).

  make(SERIES, BUILD_DIR, "matrix")  /init alone (it reports and powers off)
  make(SERIES, BUILD_DIR, "kdump")   also /kdump/Image (this build's
      Image), Debian's kexec, makedumpfile, vmcore-dmesg, busybox and their
      libraries, and /kdump/capture.cpio (/init and the same tools), which
      /init loads with Debian's kexec before crashing the first kernel
"""
import hashlib
import os
import subprocess
import threading

import debtools

_LOCK = threading.Lock()
# The drivers of the crash rows' raw virtio disk, for a kernel that builds
# them as modules (Debian's config; scripts/check-distro builds these two):
# packed into that build's capture initramfs as /lib/modules/ck/N-NAME.ko,
# which the capture kernel's /init loads in that order (qemu/init/capture.c)
DISK_MODULES = ["drivers/virtio/virtio_mmio.ko", "drivers/block/virtio_blk.ko"]
BASE = ("dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\n"
        "dir /proc 0555 0 0\ndir /sys 0555 0 0\n")


def disk_modules(build_dir):
    """The DISK_MODULES of BUILD_DIR, or [] when it has not built them all
    (the drivers are built in, or there is no disk)."""
    mods = [os.path.join(build_dir, m) for m in DISK_MODULES]
    return mods if all(os.path.exists(m) for m in mods) else []


def debian_tools(series):
    """(root, files, versions) of Debian's arm64 kdump user space of
    SERIES' release that scripts/setup unpacked (qemu/debtools.py); fails
    loudly when a program or a NEEDED library is missing."""
    root = os.path.join(series.debian, "root")
    try:
        files = debtools.check(root)
        return root, files, debtools.versions(series.debian)
    except (debtools.Missing, OSError) as e:
        raise SystemExit(f"error: Debian's {series.suite_name} arm64 kdump tools: {e}\n"
                         f"(CK_SERIES={series.name} scripts/setup fetches them into "
                         f"{series.debian})")


def tool_versions(series, pkgs=("kexec-tools", "makedumpfile")):
    """"Debian SUITE: kexec-tools 1:2.0.29-2+b1, makedumpfile ...": the
    versions of PKGS in SERIES' kdump user space (debtools.versions), for
    a kdump row's report and log."""
    try:
        vers = {v.split()[0]: v for v in debtools.versions(series.debian)}
    except OSError:
        vers = {}
    return f"Debian {series.suite_name}: " + ", ".join(
        vers.get(p, f"{p} (not fetched)") for p in pkgs)


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


def _init(series, out):
    """OUT/init, built from qemu/init/*.c (one file per concern,
    qemu/init/main.c says which) unless it is fresh; its path."""
    init_dir = os.path.join(series.repo, "qemu", "init")
    srcs = sorted(os.path.join(init_dir, n) for n in os.listdir(init_dir)
                  if n.endswith(".c"))
    headers = [os.path.join(init_dir, n) for n in os.listdir(init_dir)
               if n.endswith(".h")]
    init = os.path.join(out, "init")
    if not _fresh(init, *srcs, *headers, os.path.join(series.repo, "qemu", "boot.env")):
        _replace(init, lambda tmp: subprocess.run(
            [series.cross + "gcc", "-static", "-Os", "-Wall",
             f'-DCK_APPEND="{series.append}"', "-o", tmp, *srcs],
            check=True))
    return init


def _kdump(series, build_dir, out, gen, base, init):
    """The kdump initramfs of BUILD_DIR and its capture initramfs (own
    names per release, -SUITE, so that series of different releases
    sharing WORK/initramfs never take each other's; a build with the
    DISK_MODULES gets its own capture initramfs holding them)."""
    suite = f"-{series.kdump_suite}" if series.kdump_suite else ""
    root, files, _ = debian_tools(series)
    tools = debtools.cpio_lines(root, files)
    stamp = os.path.join(series.debian, "versions.txt")
    kernel = series.image(build_dir)
    tag = hashlib.sha1(os.path.abspath(build_dir).encode()).hexdigest()[:8]
    mods, ctools = disk_modules(build_dir), tools
    capture = os.path.join(out, f"capture{suite}.cpio")
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


def make(series, build_dir, kind="matrix"):
    """The initramfs of KIND ("matrix" or "kdump", see above) for
    BUILD_DIR's kernel of SERIES (a series.Series: its /init's command
    line, its Debian release), in WORK/initramfs; its path."""
    if kind not in ("matrix", "kdump"):
        raise ValueError(f"unknown initramfs kind '{kind}'")
    out = os.path.join(series.work, "initramfs")
    os.makedirs(out, exist_ok=True)
    plain = os.path.join(out, "initramfs.cpio")
    gen = os.path.join(build_dir, "usr", "gen_init_cpio")
    with _LOCK:
        init = _init(series, out)
        base = BASE + f"file /init {init} 0755 0 0\n"
        if not _fresh(plain, init):
            _pack(gen, plain, base)
        if kind == "matrix":
            return plain
        return _kdump(series, build_dir, out, gen, base, init)
