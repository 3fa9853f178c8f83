"""Device-tree variants, made at test time from QEMU's own tree.

Variant "virt" is QEMU's tree as it is (no -dtb).  Any other variant V is
made by qemu/dt/V.sh IN.dtb OUT.dtb from the tree QEMU dumps for the same
memory size, CPU and SMP count (base(); qemu/dtgen.py derives its generated
trees from it too); only these small scripts are committed.  A variant V
with qemu/dt/V.qemu instead is no tree but QEMU options (e.g. UEFI firmware
that hands the kernel ACPI tables): make() returns that file and
qemu_run.boot() passes its options in place of -dtb.  Option variants
combine with "+": "uefi-acpi+numa2" is uefi-acpi.qemu's options then
numa2.qemu's, in one file made in WORK/dt.  The trees are made in WORK/dt.
"""
import os
import subprocess

import qemu_run

DT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dt")


def base(work, mem):
    """QEMU virt's own tree at MEM, dumped once into WORK/dt/virt-MEM.dtb;
    its path."""
    out_dir = os.path.join(work, "dt")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"virt-{mem}.dtb")
    if not os.path.exists(path):
        qemu_run.dump_dtb(mem, path)
    return path


def combine(work, variant):
    """The .qemu file of VARIANT "A+B+...": A.qemu's options, then B's,
    written to WORK/dt/VARIANT.qemu; its path."""
    parts = []
    for v in variant.split("+"):
        path = os.path.join(DT_DIR, v + ".qemu")
        if not os.path.exists(path):
            raise SystemExit(f"error: '{variant}': only option variants combine "
                             f"with '+' (qemu/dt/{v}.qemu is missing)")
        with open(path) as f:
            parts.append(f"# {v}.qemu\n" + f.read())
    out_dir = os.path.join(work, "dt")
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, variant + ".qemu")
    with open(out + ".new", "w") as f:
        f.write("".join(parts))
    os.replace(out + ".new", out)
    return out


def make(work, variant, mem):
    """Path of VARIANT's .dtb (or .qemu) at MEM, made in WORK/dt; None for
    QEMU's own tree."""
    if variant == "virt":
        return None
    if "+" in variant:
        return combine(work, variant)
    options = os.path.join(DT_DIR, variant + ".qemu")
    if os.path.exists(options):
        return options
    script = os.path.join(DT_DIR, variant + ".sh")
    if not os.path.exists(script):
        raise SystemExit(f"error: no device-tree variant '{variant}' "
                         f"(qemu/dt/{variant}.sh is missing)")
    src = base(work, mem)
    out = os.path.join(work, "dt", f"{variant}-{mem}.dtb")
    if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(script):
        subprocess.run(["bash", script, src, out], check=True)
    return out
