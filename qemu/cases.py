"""The case tables of a boot matrix: reading, validation, selection.

A table (series/X/cases/TOPIC, or a file given to qemu/matrix.py --cases)
has one row per line:  name | mem | dt | kernel | cmdline | expectations
('#' starts a comment line).  A folder of tables reads in name order, but
for its README.  Each row is a Row: those six columns ("expect" a tuple
of words) and its file, topic (the file's name) and line; a bad row stops
the run (SystemExit) naming its file and line before any boot: the
expectation words and their arguments are those of qemu/checks.py's
CHECKS.
"""
import dataclasses
import os
import re

import checks
import qemu_run

# Expectations that load a crash kernel: one boot per load syscall, named by
# the kexec command kdump-tools would run (ckload= read by qemu/init/kdump.c)
LOADS = {"load": "kexec -p", "file": "kexec -s -p"}


@dataclasses.dataclass(frozen=True)
class Row:
    """One row of a case table: one boot, or one per load syscall."""
    name: str
    mem: str              # guest RAM: 2G, 512M
    dt: str               # device-tree variant (qemu/dt/, dtmake.py)
    kernel: str           # kernel variant: a build directory's name
    cmdline: str          # the kernel arguments after qemu/boot.env's
    expect: tuple         # the expectation words (checks.CHECKS)
    file: str = ""        # where it was read: the table, its topic, line
    topic: str = ""
    line: int = 0


def case_files(path):
    """The table files of PATH: PATH itself, or the files of the folder PATH
    in name order (not its README)."""
    if not os.path.isdir(path):
        return [path]
    return [os.path.join(path, n) for n in sorted(os.listdir(path))
            if n != "README" and os.path.isfile(os.path.join(path, n))]


def read_cases(path):
    """The rows of the case table PATH (a file, or a folder of one file per
    topic: a series' Series.cases)."""
    rows = []
    for table in case_files(path):
        with open(table) as f:
            for n, line in enumerate(f, 1):
                row = _read_row(table, n, line, {r.name for r in rows})
                if row:
                    rows.append(row)
    return rows


def _read_row(table, n, line, earlier):
    """Row LINE (number N) of file TABLE, or None for a comment or blank."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    cols = [c.strip() for c in line.split("|")]
    if len(cols) != 6:
        raise SystemExit(f"{table}:{n}: expected 6 columns, got {len(cols)}")
    name, mem, dtv, kernel, cmdline, expect = cols
    row = Row(name=name, mem=mem, dt=dtv, kernel=kernel, cmdline=cmdline,
              expect=tuple(expect.split()), file=table,
              topic=os.path.basename(table), line=n)
    why = row_error(row, earlier)
    if why:
        raise SystemExit(f"{table}:{n}: {name}: {why}")
    return row


def row_error(row, earlier):
    """Why a row of a case table cannot be run, or None: checked when the
    table is read, so that a bad row names its file and line before any
    boot (EARLIER: the names of the rows above it)."""
    if not re.fullmatch(r"[\w.+-]+", row.name):
        return "a name is letters, digits and . + - _"
    if row.name in earlier:
        return "the name is used above"
    try:
        qemu_run.mem_mb(row.mem)
    except ValueError as e:
        return str(e)
    for e in row.expect:
        why = checks.arg_error(e)
        if why:
            return why
        kind, _, arg = e.partition(":")
        if kind == "memtotal" and arg[1:] not in earlier:
            return f"'{e}' names no row above"
    return None


def selected(rows, only, kernels=(), skip=(), skip_kernels=()):
    """The ROWS whose NAME or TOPIC/NAME matches the regular expression ONLY,
    of a kernel variant in KERNELS if any are given and not in
    SKIP_KERNELS, without those that have an expectation whose word
    (before ':') is in SKIP."""
    return [r for r in rows if (re.search(only, r.name)
                                or re.search(only, f"{r.topic}/{r.name}"))
            and (not kernels or r.kernel in kernels)
            and r.kernel not in skip_kernels
            and not any(e.partition(":")[0] in skip for e in r.expect)]


def verdict_tags(row):
    """The verdict tags ROW's expectations require, sorted: a row with one
    boots the kdump initramfs."""
    return sorted({checks.VERDICTS[e.partition(":")[0]] for e in row.expect
                   if e.partition(":")[0] in checks.VERDICTS})


def boots(row):
    """The boots of ROW: (name, log name, extra command line) each.  A row
    that loads a crash kernel (kdump, protect) boots once per load syscall,
    or only with those its kdump:/protect: arguments name (kdump:load for a
    kernel without KEXEC_FILE)."""
    loads = set(LOADS)
    for e in row.expect:
        kind, _, arg = e.partition(":")
        if kind in ("kdump", "protect") and arg:
            if arg not in LOADS:
                raise SystemExit(f"{row.name}: '{e}': the load is one of "
                                 f"{', '.join(LOADS)}")
            loads &= {arg}
    if not any(e.partition(":")[0] in ("kdump", "protect") for e in row.expect):
        return [(row.name, row.name, "")]
    return [(f"{row.name} {cmd}", f"{row.name}.{load}", f"ckload={load}")
            for load, cmd in LOADS.items() if load in loads]


def crash_wanted(row, extra):
    """The boot of ROW with the extra command line EXTRA (ckload=...) opens
    its dump with crash: crash, or crash:LOAD on that load's boot."""
    for e in row.expect:
        kind, _, arg = e.partition(":")
        if kind == "crash" and (not arg or f"ckload={arg}" in extra.split()):
            return True
    return False
