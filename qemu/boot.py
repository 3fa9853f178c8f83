"""One boot for a QEMU user: boot the patched kernel in QEMU virt with
crashkernel= arguments, print the crashkernel lines and the Crash kernel
ranges of /proc/iomem; the console log goes to work/logs/boot.log.
Called by scripts/boot, which builds first and gives --build."""
import argparse
import os
import sys

import dtmake
import run
from series import Series


def main():
    ap = argparse.ArgumentParser(prog="scripts/boot", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-m", "--mem", default="8G", help="guest RAM (default 8G)")
    ap.add_argument("--dt", default="virt", metavar="VARIANT",
                    help="device-tree variant (qemu/dt/; default virt)")
    ap.add_argument("--build", required=True, metavar="DIR",
                    help="the kernel's build directory (scripts/boot gives it)")
    ap.add_argument("--qemu", default="", metavar="OPTS",
                    help="extra QEMU options, one string")
    ap.add_argument("cmdline", nargs="*", help="kernel arguments "
                    "(default: crashkernel=4G)")
    a = ap.parse_args()
    append = " ".join(a.cmdline) or "crashkernel=4G"
    series = Series.from_environ()
    dtb = dtmake.make(series.work, a.dt, a.mem)
    log = os.path.join(series.logs, "boot.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    print(f"==> booting -m {a.mem} {a.dt}: {append}", file=sys.stderr)
    r = run.boot_once(series, a.build, a.mem, append, dtb, log,
                      qemu_extra=a.qemu.split())
    for line in r.crashkernel_lines():
        print(line)
    print("/proc/iomem:")
    for depth, start, end, name in r.iomem:
        if name in ("System RAM", "Crash kernel") and (name != "System RAM" or
                                                        any(c[2] for c in r.crash)):
            print(f"  {'  ' * depth}{start:08x}-{end:08x} : {name}")
    if not r.crash:
        print("  (no Crash kernel range)")
    if r.linear:
        print("linear map (kB): " + " ".join(f"{k}={v}" for k, v in r.linear.items()))
    print(f"full console log: {log}", file=sys.stderr)
    if not r.reached_init:
        print("error: the kernel did not reach init" +
              (" (timeout)" if r.timed_out else "") + f"; see {log}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
