"""Debian bookworm's own arm64 kdump user space for the kdump initramfs.

The kdump rows load the capture kernel with Debian's /sbin/kexec and, in the
capture kernel, run Debian's makedumpfile and vmcore-dmesg, as kdump-tools
does on a Debian machine.  The programs come from the arm64 .debs of
PACKAGES and of the shared libraries they need, fetched with apt-get
download and unpacked with dpkg -x into one directory (WORK/debian-arm64):

  python3 qemu/debtools.py fetch DIR   # scripts/setup; idempotent
  python3 qemu/debtools.py check DIR   # every NEEDED library present?

apt runs with APT::Architecture=arm64 and a private lists, cache and status
directory under DIR, so the host's dpkg architectures and apt lists are left
as they are (no dpkg --add-architecture, no arm64 lists in the host's apt).
The libraries are found from the programs themselves: the NEEDED entries of
their dynamic sections (readelf -d), resolved transitively; a soname that no
file in DIR provides is looked for in the Depends of the package that needs
it (downloaded, kept only if it holds that soname).  Nothing is pinned: the
versions apt gave are written to DIR/versions.txt.

ckboot.py packs PROGRAMS and their library closure into the kdump
initramfs (cpio_lines()), and fails when a NEEDED library is missing.
"""
import json
import os
import re
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


def closure(root):
    """The files (relative paths, symlinks included) that PROGRAMS need, and
    {soname: [files needing it]} for the NEEDED entries nothing provides."""
    files, missing, todo, seen = [], {}, list(PROGRAMS.values()), set()
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


def check(root):
    """closure(root), raising Missing when a NEEDED library is absent."""
    for rel in PROGRAMS.values():
        if not os.path.exists(os.path.join(root, rel)):
            raise Missing(f"{rel} is not in {root}; run scripts/setup")
    files, missing = closure(root)
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

def _apt(dirname, *args):
    apt = os.path.join(dirname, "apt")
    cmd = ["apt-get", "-q", "-o", "APT::Architecture=arm64",
           "-o", "APT::Architectures::=arm64",
           "-o", f"Dir::State::Lists={apt}/lists",
           "-o", f"Dir::Cache={apt}/cache",
           "-o", f"Dir::State::status={apt}/status",
           # the downloads go to a directory _apt may not be able to write
           "-o", "APT::Sandbox::User=root", *args]
    return subprocess.run(cmd, cwd=os.path.join(dirname, "debs"),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _log(msg):
    print(f"==> {msg}", file=sys.stderr)


def _debs(dirname, pkgs):
    """{package: path} of the .debs of PKGS in DIR/debs."""
    debs = os.path.join(dirname, "debs")
    out = {}
    for f in os.listdir(debs):
        name = f.split("_", 1)[0]
        if name in pkgs and f.endswith(".deb"):
            out[name] = os.path.join(debs, f)
    return out


def _download(dirname, pkgs, updated, strict=True):
    """apt-get download PKGS (arm64) into DIR/debs, in one call when it can;
    {package: .deb path}.  STRICT: every one must come, or Missing."""
    p = _apt(dirname, "download", *pkgs)
    if p.returncode and not updated[0]:
        # Lists missing or stale (a version no longer served): update once
        _log("apt-get update (arm64 lists, private to " + dirname + ")")
        u = _apt(dirname, "update")
        if u.returncode:
            raise Missing("apt-get update for arm64 failed:\n" + u.stdout.decode())
        updated[0] = True
        p = _apt(dirname, "download", *pkgs)
    if p.returncode and len(pkgs) > 1:
        # One name apt cannot download (a virtual package) fails the lot
        for pkg in pkgs:
            _apt(dirname, "download", pkg)
    got = _debs(dirname, pkgs)
    if strict and len(got) != len(pkgs):
        raise Missing(f"apt-get download {' '.join(sorted(set(pkgs) - set(got)))} "
                      "for arm64 failed:\n" + p.stdout.decode())
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


def fetch(dirname):
    """Download and unpack PACKAGES and the libraries they need into
    DIRNAME/root, unless done before; write DIRNAME/versions.txt."""
    root = os.path.join(dirname, "root")
    stamp = os.path.join(dirname, "complete")
    try:
        with open(stamp) as f:
            if json.load(f) == PACKAGES:
                check(root)
                return
    except (OSError, ValueError, Missing):
        pass
    _log(f"fetching Debian's arm64 {', '.join(PACKAGES)} and their libraries "
         f"into {dirname}")
    for d in ("root", "debs"):
        shutil.rmtree(os.path.join(dirname, d), ignore_errors=True)
    for d in ("apt/lists/partial", "apt/cache/archives/partial", "debs", "root"):
        os.makedirs(os.path.join(dirname, d), exist_ok=True)
    open(os.path.join(dirname, "apt", "status"), "a").close()
    updated = [False]
    kept, owner, tried = {}, {}, set()

    def unpack(pkg, deb):
        subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
        kept[pkg] = deb
        for f in _deb_files(deb):
            owner.setdefault(f, pkg)

    tried.update(PACKAGES)
    for pkg, deb in _download(dirname, PACKAGES, updated).items():
        unpack(pkg, deb)
    for rel in PROGRAMS.values():
        if not os.path.exists(os.path.join(root, rel)):
            raise Missing(f"{rel} is in none of {', '.join(PACKAGES)}")
    while True:
        _, missing = closure(root)
        if not missing:
            break
        # Candidates: the Depends of the packages whose files need them
        cands = []
        for by in missing.values():
            for rel in by:
                pkg = owner.get(rel)
                cands += [c for c in _depends(kept[pkg]) if c not in tried] if pkg else []
        if not cands:
            raise Missing("no package provides " + ", ".join(
                f"{so} (needed by {', '.join(by)})" for so, by in missing.items()))
        cands = list(dict.fromkeys(cands))
        tried.update(cands)
        # Names apt cannot download (debconf-2.0, a virtual package) are no
        # library: left out
        for c, deb in _download(dirname, cands, updated, strict=False).items():
            base = {os.path.basename(f) for f in _deb_files(deb)
                    if os.path.dirname(f) in LIBDIRS}
            if base & set(missing):
                unpack(c, deb)
            else:
                os.unlink(deb)
    check(root)
    with open(os.path.join(dirname, "versions.txt"), "w") as f:
        for pkg, deb in sorted(kept.items()):
            f.write(f"{pkg} {_deb_field(deb, 'Version')}\n")
    with open(stamp, "w") as f:
        json.dump(PACKAGES, f)


def main(argv):
    if len(argv) != 3 or argv[1] not in ("fetch", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        if argv[1] == "fetch":
            fetch(argv[2])
        files = check(os.path.join(argv[2], "root"))
    except Missing as e:
        print("#" * 74 + f"\n# error: Debian's arm64 kdump tools: {e}\n" + "#" * 74,
              file=sys.stderr)
        return 1
    print(f"Debian arm64 tools in {argv[2]}: {len(files)} files; " +
          ", ".join(versions(argv[2])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
