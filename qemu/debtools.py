"""Debian's own arm64 kdump user space for the kdump initramfs, and
Debian's arm64 crash utility for the host, of one Debian release: the
host's bookworm, or with --suite another (the series' CK_KDUMP_SUITE in
series/X/boot.env: trixie for 6.12, whose kexec-tools 2.0.29,
makedumpfile 1.7.6 and crash 8.0.6 Debian 13 ships with 6.12).

The kdump rows load the capture kernel with Debian's /sbin/kexec and, in the
capture kernel, run Debian's makedumpfile and vmcore-dmesg, as kdump-tools
does on a Debian machine.  The programs come from the arm64 .debs of
PACKAGES and of the shared libraries they need, fetched with apt-get
download and unpacked with dpkg -x into one directory (WORK/debian-arm64,
WORK/debian-arm64-SUITE for another release):

  python3 qemu/debtools.py fetch --fetcher scripts/fetch-arm64-debs DIR
        # scripts/setup; idempotent; --suite trixie for another release
  python3 qemu/debtools.py check DIR   # every NEEDED library present?

The tool set "crash" (--tools crash; TOOLSETS) is Debian's arm64 crash
utility with its library closure, which the rows with expectation crash run
on the host under qemu-aarch64-static -L DIR/root (WORK/debian-arm64-crash;
it is not packed into any initramfs; WORK/debian-arm64-crash-SUITE for
another release).

The .debs come from the command given with --fetcher (scripts/setup gives
scripts/fetch-arm64-debs, lib.sh's fetch_arm64_debs, also used by
scripts/check-distro), called as FETCHER [--suite SUITE] PACKAGE...:
apt-get with APT::Architecture=arm64 and its own lists, cache and status
directory (WORK/apt-arm64), so the host's dpkg architectures and apt
lists are left as they are (no dpkg --add-architecture, no arm64 lists in
the host's apt); --suite SUITE reads that release through a private
sources list, in WORK/apt-arm64-SUITE.  A merged-/usr release (trixie) ships its programs
and libraries in usr/ only: the root gets the /lib, /bin and /sbin links
its base-files would make, and a file reached through them is matched
with the package that lists it under usr/ (_canon()).
The libraries are found from the programs themselves: the NEEDED entries of
their dynamic sections (readelf -d), resolved transitively; a soname that no
file in DIR provides is looked for in the Depends of the package that needs
it (downloaded, kept only if it holds that soname).  Nothing is pinned: the
versions apt gave are written to DIR/versions.txt.

initramfs.py packs PROGRAMS and their library closure into the kdump
initramfs (cpio_lines()), and fails when a NEEDED library is missing.
"""
import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

PACKAGES = ["kexec-tools", "makedumpfile", "busybox-static", "libc6"]
# What the initramfs runs, as the packages install it (relative to DIR/root)
PROGRAMS = {
    "kexec": "sbin/kexec",
    "vmcore-dmesg": "sbin/vmcore-dmesg",
    "makedumpfile": "usr/bin/makedumpfile",
    "busybox": "bin/busybox",
}
# Each tool set: (packages, programs).  "kdump": the kdump initramfs;
# "crash": the crash utility, run on the host (qemu-aarch64-static).
TOOLSETS = {
    "kdump": (PACKAGES, PROGRAMS),
    "crash": (["crash", "libc6"], {"crash": "usr/bin/crash"}),
}
# Where ld.so looks on Debian arm64 (no ld.so.cache in the initramfs)
LIBDIRS = ["lib/aarch64-linux-gnu", "usr/lib/aarch64-linux-gnu", "lib", "usr/lib"]


class Missing(Exception):
    pass


def _elf(path):
    """(interpreter or None, [NEEDED sonames]) of an ELF file."""
    out = subprocess.run(["readelf", "-dlW", path], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, check=True).stdout.decode()
    interp = re.search(r"Requesting program interpreter: (\S+)\]", out)
    return (interp.group(1) if interp else None,
            re.findall(r"\(NEEDED\)\s+Shared library: \[([^]]+)\]", out))


def _resolve(root, soname):
    for d in LIBDIRS:
        p = os.path.join(d, soname)
        if os.path.lexists(os.path.join(root, p)):
            return p
    return None


def _with_links(root, rel):
    """REL and, if it is a symlink, the chain of paths it goes through."""
    out = []
    while rel not in out:
        out.append(rel)
        full = os.path.join(root, rel)
        if not os.path.islink(full):
            if not os.path.exists(full):
                raise Missing(f"{rel} is a dangling symlink")
            break
        target = os.readlink(full)
        rel = os.path.normpath(os.path.join(os.path.dirname(rel), target)
                               if not target.startswith("/") else target[1:])
    return out


def _canon(root, rel):
    """REL with its directories' symlinks resolved inside ROOT: the path a
    package lists for that file.  On a merged-/usr root (trixie) the
    programs and libraries are reached through /sbin, /lib -> usr/...,
    while the packages list usr/sbin/kexec, usr/lib/..."""
    d = os.path.dirname(rel)
    real = os.path.realpath(os.path.join(root, d)) if d else os.path.realpath(root)
    top = os.path.realpath(root)
    if real != top and not real.startswith(top + os.sep):
        return rel
    return os.path.normpath(os.path.join(os.path.relpath(real, top),
                                         os.path.basename(rel)))


def closure(root, tools="kdump"):
    """The files (relative paths, symlinks included) that the programs of
    tool set TOOLS need, and {soname: [files needing it]} for the NEEDED
    entries nothing provides."""
    files, missing, todo, seen = [], {}, list(TOOLSETS[tools][1].values()), set()
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        seen.add(rel)
        chain = _with_links(root, rel)
        files += [f for f in chain if f not in files]
        interp, needed = _elf(os.path.join(root, chain[-1]))
        if interp:
            todo.append(interp.lstrip("/"))
        for so in needed:
            p = _resolve(root, so)
            if p:
                todo.append(p)
            else:
                missing.setdefault(so, []).append(rel)
    return files, missing


def check(root, tools="kdump"):
    """closure(root, tools), raising Missing when a NEEDED library is
    absent."""
    for rel in TOOLSETS[tools][1].values():
        if not os.path.exists(os.path.join(root, rel)):
            raise Missing(f"{rel} is not in {root}; run scripts/setup")
    files, missing = closure(root, tools)
    if missing:
        raise Missing("NEEDED libraries missing from " + root + ": " + ", ".join(
            f"{so} (for {', '.join(by)})" for so, by in sorted(missing.items())))
    return files


def cpio_lines(root, files):
    """gen_init_cpio lines for FILES of ROOT (with their directories)."""
    dirs, lines = set(), []
    for rel in files:
        d = os.path.dirname(rel)
        parts = []
        while d and d not in dirs:
            parts.append(d)
            dirs.add(d)
            d = os.path.dirname(d)
        lines += [f"dir /{p} 0755 0 0" for p in reversed(parts)]
        full = os.path.join(root, rel)
        if os.path.islink(full):
            lines.append(f"slink /{rel} {os.readlink(full)} 0777 0 0")
        else:
            mode = os.stat(full).st_mode & 0o777
            lines.append(f"file /{rel} {full} {mode:o} 0 0")
    return "\n".join(lines) + "\n"


def versions(dirname):
    """'package version' lines of what fetch() unpacked."""
    with open(os.path.join(dirname, "versions.txt")) as f:
        return f.read().split("\n")[:-1]


# ---- fetching (scripts/setup) ----

def _log(msg):
    print(f"==> {msg}", file=sys.stderr)


def _download(fetcher, pkgs, strict=True):
    """The arm64 .debs of PKGS, {package: path}, from FETCHER (a command:
    its arguments are package names, its output one .deb path a line).
    STRICT: every one must come, or Missing; else a name apt has no arm64
    package for (debconf-2.0, a virtual package) is left out."""
    def fetch(names):
        return subprocess.run([*fetcher, *names], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)

    p = fetch(pkgs)
    if p.returncode == 0:
        return dict(zip(pkgs, p.stdout.decode().split()))
    if strict:
        raise Missing(f"fetching {' '.join(pkgs)} for arm64 failed:\n" +
                      p.stderr.decode())
    got = {}
    for pkg in pkgs:
        p = fetch([pkg])
        if p.returncode == 0:
            got[pkg] = p.stdout.decode().strip()
    return got


def _deb_field(deb, field):
    return subprocess.run(["dpkg-deb", "-f", deb, field], stdout=subprocess.PIPE,
                          check=True).stdout.decode().strip()


def _deb_files(deb):
    out = subprocess.run(["dpkg-deb", "-c", deb], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    return [re.sub(r"^\./", "", l.split(None, 5)[5].split(" -> ")[0])
            for l in out.splitlines()]


def _depends(deb):
    """Package names in Depends and Pre-Depends (every alternative)."""
    names = []
    for field in ("Pre-Depends", "Depends"):
        for alt in re.split(r"[,|]", _deb_field(deb, field)):
            name = re.sub(r"[:(].*", "", alt).strip()
            if name:
                names.append(name)
    return names


def fetch(dirname, fetcher, tools="kdump", suite=""):
    """Download with FETCHER (a command, see _download()) and unpack the
    packages of tool set TOOLS of Debian release SUITE ("": the host's)
    and the libraries they need into DIRNAME/root, unless done before;
    write DIRNAME/versions.txt."""
    packages, programs = TOOLSETS[tools]
    root = os.path.join(dirname, "root")
    stamp = os.path.join(dirname, "complete")
    # What the stamp records: the packages, and the release when it is not
    # the host's (--suite), so that a directory fetched from another
    # release is fetched again
    fetcher = [*fetcher, "--suite", suite] if suite else list(fetcher)
    want = packages + ([f"suite={suite}"] if suite else [])
    try:
        with open(stamp) as f:
            if json.load(f) == want:
                check(root, tools)
                return
    except (OSError, ValueError, Missing):
        pass
    _log(f"fetching Debian's arm64 {', '.join(packages)} and their libraries "
         f"into {dirname}")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    kept, owner, tried = {}, {}, set()

    def unpack(pkg, deb):
        subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
        # A merged-/usr release (trixie) ships /usr/lib only, and the
        # /lib -> usr/lib links come from its base-files: made here so
        # that the interpreter /lib/ld-linux-aarch64.so.1 resolves
        for d in ("lib", "bin", "sbin"):
            if (not os.path.lexists(os.path.join(root, d)) and
                    os.path.isdir(os.path.join(root, "usr", d))):
                os.symlink(f"usr/{d}", os.path.join(root, d))
        kept[pkg] = deb
        for f in _deb_files(deb):
            owner.setdefault(_canon(root, f), pkg)

    tried.update(packages)
    for pkg, deb in _download(fetcher, packages).items():
        unpack(pkg, deb)
    for rel in programs.values():
        if not os.path.exists(os.path.join(root, rel)):
            raise Missing(f"{rel} is in none of {', '.join(packages)}")
    while True:
        _, missing = closure(root, tools)
        if not missing:
            break
        # Candidates: the Depends of the packages whose files need them
        cands = []
        for by in missing.values():
            for rel in by:
                pkg = owner.get(_canon(root, rel))
                cands += [c for c in _depends(kept[pkg]) if c not in tried] if pkg else []
        if not cands:
            raise Missing("no package provides " + ", ".join(
                f"{so} (needed by {', '.join(by)})" for so, by in missing.items()))
        cands = list(dict.fromkeys(cands))
        tried.update(cands)
        # Names apt cannot download (debconf-2.0, a virtual package) are no
        # library: left out
        for c, deb in _download(fetcher, cands, strict=False).items():
            base = {os.path.basename(f) for f in _deb_files(deb)
                    if os.path.dirname(f) in LIBDIRS}
            if base & set(missing):
                unpack(c, deb)
    check(root, tools)
    with open(os.path.join(dirname, "versions.txt"), "w") as f:
        for pkg, deb in sorted(kept.items()):
            f.write(f"{pkg} {_deb_field(deb, 'Version')}\n")
    with open(stamp, "w") as f:
        json.dump(want, f)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("fetch", "check"),
                    help="fetch: download and unpack into DIR unless done "
                    "before, then check; check: only check that every program "
                    "and NEEDED library is in DIR/root")
    ap.add_argument("dir", metavar="DIR",
                    help="the directory (scripts/setup: work/debian-arm64, "
                    "and work/debian-arm64-crash for --tools crash; "
                    "work/debian-arm64-SUITE and work/debian-arm64-crash-SUITE "
                    "with --suite SUITE)")
    ap.add_argument("--tools", choices=sorted(TOOLSETS), default="kdump",
                    help="the tool set: kdump (the kdump initramfs' kexec, "
                    "makedumpfile, vmcore-dmesg, busybox; the default) or "
                    "crash (the crash utility, run on the host)")
    ap.add_argument("--suite", metavar="SUITE", default="",
                    help="fetch from this Debian release (e.g. trixie, the "
                    "CK_KDUMP_SUITE of a series' boot.env) with a private "
                    "sources list (the fetcher's --suite) instead of the "
                    "host's bookworm")
    ap.add_argument("--fetcher", metavar="CMD",
                    help="fetch: the command that downloads arm64 packages "
                    "and prints their .deb paths, called as CMD [--suite "
                    "SUITE] PACKAGE... (scripts/setup: "
                    "scripts/fetch-arm64-debs)")
    a = ap.parse_args(argv[1:])
    if a.command == "fetch" and not a.fetcher:
        ap.error("fetch needs --fetcher CMD")
    try:
        if a.command == "fetch":
            fetch(a.dir, shlex.split(a.fetcher), a.tools, a.suite)
        files = check(os.path.join(a.dir, "root"), a.tools)
    except Missing as e:
        print("#" * 74 + f"\n# error: Debian's arm64 kdump tools: {e}\n" + "#" * 74,
              file=sys.stderr)
        return 1
    print(f"Debian arm64 tools in {a.dir}: {len(files)} files; " +
          ", ".join(versions(a.dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
