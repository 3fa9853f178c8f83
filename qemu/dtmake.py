"""Device-tree variants, made at test time from QEMU's own tree.

Variant "virt" is QEMU's tree as it is (no -dtb).  Any other variant V is
made by qemu/dt/V.sh IN.dtb OUT.dtb from the tree QEMU dumps for the same
memory size, CPU and SMP count; only these small scripts are committed.
A variant V with qemu/dt/V.qemu instead is no tree but QEMU options (e.g.
UEFI firmware that hands the kernel ACPI tables): make() returns that file
and ckboot.boot() passes its options in place of -dtb.
"""
import os
import subprocess

import ckboot


def make(variant, mem):
    """Path of VARIANT's .dtb (or .qemu) at MEM; None for QEMU's own tree."""
    if variant == "virt":
        return None
    options = os.path.join(ckboot.REPO, "qemu", "dt", variant + ".qemu")
    if os.path.exists(options):
        return options
    script = os.path.join(ckboot.REPO, "qemu", "dt", variant + ".sh")
    if not os.path.exists(script):
        raise SystemExit(f"error: no device-tree variant '{variant}' "
                         f"(qemu/dt/{variant}.sh is missing)")
    out_dir = os.path.join(ckboot.WORK, "dt")
    os.makedirs(out_dir, exist_ok=True)
    base = os.path.join(out_dir, f"virt-{mem}.dtb")
    out = os.path.join(out_dir, f"{variant}-{mem}.dtb")
    if not os.path.exists(base):
        ckboot.dump_dtb(mem, base)
    if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(script):
        subprocess.run(["bash", script, base, out], check=True)
    return out
