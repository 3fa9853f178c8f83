"""Run QEMU virt (arm64): the command line of one boot, and QEMU's own
device tree.  The console it returns is read by qemu/console.py."""
import re
import shlex
import subprocess

QEMU = "qemu-system-aarch64"
CPU = "cortex-a57"
SMP = "1"
# Above this, guest RAM comes from a backend that does not reserve host memory
BIG_MEM_MB = 20 * 1024


def mem_mb(mem):
    """'8G' / '512M' / '300G' -> MB."""
    m = re.fullmatch(r"(\d+)([MG]?)", mem)
    if not m:
        raise ValueError(f"memory size '{mem}' is not like 512M or 8G")
    n = int(m.group(1))
    return n * 1024 if m.group(2) == "G" else n


def mem_args(mem):
    """QEMU options for a guest with MEM of RAM, and the -M properties."""
    mb = mem_mb(mem)
    if mb <= BIG_MEM_MB:
        return ["-m", f"{mb}M"], ["virt"]
    return (["-m", f"{mb}M", "-object",
             f"memory-backend-ram,id=ckmem,size={mb}M,reserve=off"],
            ["virt", "memory-backend=ckmem"])


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


def boot(series, image, initrd, mem, append="", dtb=None, qemu_extra=(),
         timeout=120, log=None, notes=()):
    """Boot IMAGE once with the command line of SERIES (series.Series:
    qemu/boot.env's CK_APPEND) then APPEND; return (console text,
    timed_out).  DTB: a .dtb or .qemu file of qemu/dtmake.py, or None for
    QEMU's own tree.  LOG gets the QEMU command line as its first line,
    then each of NOTES as a "# " line (e.g. the kdump user space's
    versions), then the console."""
    margs, machine = qemu_machine(mem)
    cmd = [QEMU, "-M", machine, "-cpu", CPU, "-smp", SMP, *margs,
           "-nographic", "-no-reboot", "-kernel", image, "-initrd", initrd,
           "-append", f"{series.append} {append}".strip(), *qemu_extra]
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
