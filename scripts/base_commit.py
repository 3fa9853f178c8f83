#!/usr/bin/env python3
"""Commit an unpacked tree as its only commit, as `git add -A` and `git
commit` would (the same files, modes, commit and so the same hash), but
through `git fast-import`: the objects go straight into one pack.

  python3 scripts/base_commit.py MESSAGE   (in the tree, after git init)

MESSAGE is the commit's one line; author and committer are git's own
(`git var`: user.name, user.email, GIT_AUTHOR_DATE, GIT_COMMITTER_DATE),
as for git commit.  The branch is master; the index is left empty
(`git reset -q` fills it).  scripts/setup's make_base_tree uses it: on the
slow machine of README's figures, `git add -A` of a kernel's 80,000 files
wrote as many loose objects in 20 to 45 s and packing them took 28 to
31 s more; this takes about 20 s.  Blobs are stored whole (--depth=0):
fast-import's delta against the blob before, an unrelated file, saves
little and costs time.  Always one pack, however few the objects
(fastimport.unpackLimit=0).
"""
import os
import stat
import subprocess
import sys


def ident(who):
    """git var's GIT_AUTHOR_IDENT or GIT_COMMITTER_IDENT: name, address
    and date as git commit would write them."""
    return subprocess.run(["git", "var", f"GIT_{who}_IDENT"], check=True,
                          stdout=subprocess.PIPE).stdout.rstrip(b"\n")


def tree_files():
    """The paths `git add -A` would add: every file not ignored."""
    out = subprocess.run(["git", "ls-files", "-o", "--exclude-standard", "-z"],
                         check=True, stdout=subprocess.PIPE).stdout
    return out.split(b"\0")[:-1]


def blob(path):
    """(git mode, content) of PATH: a symlink's target, or the file's bytes."""
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        return b"120000", os.fsencode(os.readlink(path))
    with open(path, "rb") as f:
        data = f.read()
    return (b"100755" if st.st_mode & stat.S_IXUSR else b"100644"), data


def quoted(path):
    """PATH as a fast-import path: C-style quoted when it must be."""
    if not (path.startswith(b'"') or b"\n" in path):
        return path
    return b'"' + path.replace(b"\\", b"\\\\").replace(b'"', b'\\"') \
        .replace(b"\n", b"\\n") + b'"'


def commit(message):
    """Write every file and one commit of them on master; fast-import's
    exit status."""
    author, committer = ident("AUTHOR"), ident("COMMITTER")
    msg = message.encode() + b"\n"
    fi = subprocess.Popen(["git", "-c", "pack.compression=1",
                           "-c", "fastimport.unpackLimit=0", "fast-import",
                           "--quiet", "--depth=0", "--done"],
                          stdin=subprocess.PIPE)
    out, entries = fi.stdin, []
    for mark, path in enumerate(tree_files(), 1):
        mode, data = blob(path)
        out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)))
        out.write(data)
        out.write(b"\n")
        entries.append(b"M %s :%d %s\n" % (mode, mark, quoted(path)))
    out.write(b"commit refs/heads/master\nauthor %s\ncommitter %s\n"
              b"data %d\n%s\n" % (author, committer, len(msg), msg))
    out.writelines(entries)
    out.write(b"done\n")
    out.close()
    return fi.wait()


if __name__ == "__main__":
    if sys.argv[1:2] in (["-h"], ["--help"]):
        print(__doc__.strip())
        sys.exit(0)
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    sys.exit(commit(sys.argv[1]))
