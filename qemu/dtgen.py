"""Generated device-tree test: one DMA limit, whichever path reserves.

A seeded generator derives device trees from QEMU virt's own tree (8G) by
combining the dma-ranges shapes that of_dma_get_max_cpu_address() walks:
several windows in one node, windows at other CPU addresses, zero-size
windows, the PCI host bridge (3 address cells), extra buses with other
limits, disabled buses, nested buses (with and without dma-ranges on the
outer one), dma-ranges on the root and empty dma-ranges.  Each tree boots
the default kernel twice with crashkernel=1G,high (which always has a low
region at 8G: the low limit is at most 4096MB), once with rodata=on (where
reserving before paging_init() pays) and once with rodata=full (where it
does not and must not happen).  Every boot must:
  - reach init with no WARNING, call trace or oops;
  - print the low line, with "low RAM limit" equal to the end of ZONE_DMA
    that the same boot prints under "Zone ranges";
  - show both Crash kernel ranges under System RAM;
  - with rodata=full, reserve after "Zone ranges" (6.1's order);
  - with rodata=on, when reserved early, map at most the main region plus
    8MB with PTEs.
The census (which shapes took which path) is printed at the end.

Usage: dtgen.py --build DIR [--seed N] [--trees N] [--jobs N]
"""
import argparse
import concurrent.futures
import os
import random
import subprocess
import sys

import checks
import dtmake
import run
from series import Series

MEM = "8G"
G = 1 << 30
CMDLINE = "crashkernel=1G,high"


def cells(value, n):
    """VALUE as N 32-bit cells, most significant first."""
    return " ".join(f"0x{(value >> (32 * i)) & 0xffffffff:x}"
                    for i in reversed(range(n)))


# Each shape returns (label, dts text inside "/ { ... };").  QEMU virt's root
# has #address-cells = #size-cells = 2; its platform bus 1 and 1; its PCI
# host bridge 3 and 2.
def platform_one(rng):
    cpu = rng.choice([0, 1 * G, 2 * G])
    size = rng.choice([1 * G, 2 * G, 3 * G, 0xffffffff])
    return (f"platform[{cpu // G}G+{size / G:.0f}G]",
            f"platform-bus@c000000 {{ dma-ranges = <0x0 {cells(cpu, 2)} "
            f"{cells(size, 1)}>; }};")


def platform_two(rng):
    hi = rng.choice([4 * G, 5 * G])
    return ("platform[2 windows]",
            "platform-bus@c000000 { dma-ranges = <0x0 0x0 0x0 0x80000000 "
            f"0x80000000 {cells(hi, 2)} 0x80000000>; }};")


def platform_zero(rng):
    cpu = rng.choice([2 * G, 3 * G])
    return ("platform[zero-size window]",
            f"platform-bus@c000000 {{ dma-ranges = <0x0 0x0 0x0 0x80000000 "
            f"0x80000000 {cells(cpu, 2)} 0x0>; }};")


def pci(rng):
    cpu = rng.choice([0, 1 * G])
    size = rng.choice([2 * G, 3 * G, 4 * G, 8 * G, 64 * G])
    return (f"pci[{cpu // G}G+{size // G}G]",
            f"pcie@10000000 {{ dma-ranges = <0x02000000 0x0 0x0 "
            f"{cells(cpu, 2)} {cells(size, 2)}>; }};")


def pci_two(rng):
    return ("pci[2 windows]",
            "pcie@10000000 { dma-ranges = <0x02000000 0x0 0x0 0x0 0x0 0x0 "
            "0x40000000 0x42000000 0x0 0x80000000 0x0 0x80000000 0x0 "
            "0x40000000>; };")


def bus(rng, name="dmabus@30000000", status=""):
    cpu = rng.choice([0, 1 * G])
    size = rng.choice([1 * G + G // 2, 2 * G, 3 * G, 6 * G])
    st = f'status = "{status}";' if status else ""
    return (f"bus[{cpu // G}G+{size / G:g}G{' ' + status if status else ''}]",
            f'{name} {{ compatible = "simple-bus"; #address-cells = <2>; '
            f"#size-cells = <2>; ranges; {st} dma-ranges = <0x0 0x0 "
            f"{cells(cpu, 2)} {cells(size, 2)}>; }};")


def bus_other(rng):
    return bus(rng, "dmabus@31000000")


def bus_disabled(rng):
    return bus(rng, "offbus@32000000", "disabled")


def nested(rng):
    outer = rng.choice([3 * G, 4 * G])
    inner = rng.choice([1 * G, 2 * G])
    return (f"nested[{outer // G}G>{inner // G}G]",
            'outer@33000000 { compatible = "simple-bus"; #address-cells = <2>; '
            f"#size-cells = <2>; ranges; dma-ranges = <0x0 0x0 0x0 0x0 "
            f"{cells(outer, 2)}>; inner@0 {{ compatible = \"simple-bus\"; "
            "#address-cells = <2>; #size-cells = <2>; ranges; dma-ranges = "
            f"<0x0 0x0 0x0 0x0 {cells(inner, 2)}>; }}; }};")


def nested_plain_outer(rng):
    inner = rng.choice([2 * G, 3 * G])
    return (f"nested[-,{inner // G}G]",
            'plain@34000000 { compatible = "simple-bus"; #address-cells = <2>; '
            "#size-cells = <2>; ranges; inner@0 { compatible = \"simple-bus\"; "
            "#address-cells = <2>; #size-cells = <2>; ranges; dma-ranges = "
            f"<0x0 0x0 0x0 0x0 {cells(inner, 2)}>; }}; }};")


def root(rng):
    size = rng.choice([2 * G, 3 * G])
    return (f"root[{size // G}G]",
            f"dma-ranges = <0x0 0x0 0x0 0x0 {cells(size, 2)}>;")


def empty(rng):
    return ("empty",
            'emptybus@35000000 { compatible = "simple-bus"; '
            "#address-cells = <2>; #size-cells = <2>; ranges; dma-ranges; };")


SHAPES = [platform_one, platform_two, platform_zero, pci, pci_two, bus,
          bus_other, bus_disabled, nested, nested_plain_outer, root, empty]


def generate(seed, n):
    """N trees: (name, label, dts) each, 1-3 distinct shapes, seeded.  The
    first len(SHAPES) trees have each shape alone, so every shape is in."""
    rng = random.Random(seed)
    trees = []
    for i in range(n):
        if i < len(SHAPES):
            picked = [SHAPES[i]]
        else:
            picked = rng.sample(SHAPES, rng.randint(2, 3))
            # Two shapes editing the same node: keep the first only
            seen, kept = set(), []
            for s in picked:
                node = s.__name__.split("_")[0]
                if node in ("platform", "pci") and node in seen:
                    continue
                seen.add(node)
                kept.append(s)
            picked = kept
        parts = [s(rng) for s in picked]
        # dtc wants a node's properties before its subnodes: root first
        parts.sort(key=lambda p: not p[0].startswith("root"))
        label = " + ".join(p[0] for p in parts)
        dts = "/ {\n" + "\n".join("\t" + p[1] for p in parts) + "\n};\n"
        trees.append((f"gen{seed}-{i:02d}", label, dts))
    return trees


def make_dtb(work, name, dts):
    """WORK/dt/NAME.dtb: QEMU's own tree at MEM (dtmake.base()) with DTS
    added."""
    base = dtmake.base(work, MEM)
    out = os.path.join(work, "dt", name + ".dtb")
    src = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", base],
                         check=True, capture_output=True, text=True).stdout
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, "-"],
                   input=src + dts, check=True, text=True)
    return out


def boot_one(series, build, name, dtb, rodata, logs):
    log = os.path.join(logs, f"{name}-{rodata}.log")
    return run.boot_once(series, build, MEM, f"rodata={rodata} {CMDLINE}",
                         dtb, log), log


def check(r, rodata):
    """The errors of R (a console.Result) booted with rodata=RODATA, and
    whether it reserved early."""
    errors = checks.always(r)
    if len(r.low) != 1 or r.zone_dma_end is None:
        errors.append(f"expected a low line and a ZONE_DMA range, got "
                      f"{r.low} / {r.zone_dma_end}")
    if len(r.main) != 1:
        errors.append(f"expected one main line, got {r.main}")
    early = r.reserved_early()
    if rodata == "full" and early:
        errors.append("reserved before paging_init() with rodata=full")
    pte = r.linear and r.linear["pte"]
    if rodata == "on" and early and r.main:
        if not pte or pte > (r.main[0][0] + 8) << 10:
            errors.append(f"reserved early but the linear map has "
                          f"{pte and pte >> 10}MB of PTEs")
    return errors, early


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, metavar="DIR",
                    help="build directory of the default kernel (work/build/default)")
    ap.add_argument("--seed", type=int, default=1, metavar="N",
                    help="the generator's seed (default %(default)s)")
    ap.add_argument("--trees", type=int, default=24, metavar="N",
                    help="how many trees, two boots each (default %(default)s)")
    ap.add_argument("--jobs", type=int, default=2, metavar="N",
                    help="boots run in parallel (default %(default)s)")
    a = ap.parse_args()
    series = Series.from_environ()
    run.require_warnings(a.build)
    logs = os.path.join(series.logs, "dtgen")
    os.makedirs(logs, exist_ok=True)
    trees = generate(a.seed, a.trees)
    jobs = []
    for name, label, dts in trees:
        dtb = make_dtb(series.work, name, dts)
        for rodata in ("on", "full"):
            jobs.append((name, label, dtb, rodata))
    passed = failed = 0
    census = {}
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        futs = [(j, ex.submit(boot_one, series, a.build, j[0], j[2], j[3], logs))
                for j in jobs]
        for (name, label, _, rodata), fut in futs:
            r, log = fut.result()
            errors, early = check(r, rodata)
            path = "early" if early else "late"
            census.setdefault((rodata, path), []).append(label)
            limit = r.low[0][2] if r.low else None
            what = (f"{label}: rodata={rodata} {path}, low RAM limit {limit}MB, "
                    f"ZONE_DMA ends {r.zone_dma_end}MB")
            if run.report(name, errors, log, what):
                passed += 1
            else:
                failed += 1
    print("census (path taken per rodata= mode):")
    for (rodata, path), labels in sorted(census.items()):
        print(f"  rodata={rodata} {path}: {len(labels)}")
        for label in sorted(set(labels)):
            print(f"      {label}")
    if not census.get(("on", "early")):
        failed += 1
        print("FAIL census: no tree was reserved early with rodata=on")
    print(f"dtgen: {passed} passed, {failed} failed (seed {a.seed}, "
          f"{len(trees)} trees, logs: {logs})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
