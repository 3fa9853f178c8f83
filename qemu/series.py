"""One series of the repository, as a value: the folder series/NAME/.

Series.load(NAME) reads series/NAME/boot.env after qemu/boot.env (the
NAME='value' lines scripts/lib.sh sources too) and gives what the harness
needs of that series: the patterns and the wording of its reservation
lines, its boot matrix (cases/), its build directories, the Debian release
of its kdump and crash user space and where scripts/setup unpacked them.
Nothing here reads the environment but from_environ(), which the entry
points (a main()) call: one process can hold several series at once.

The build tag (tag(NAME)) is the suffix of a series' directories in work/:
"" for 6.1, "-NAME" for every other series; scripts/lib.sh's SERIES_TAG
says the same in bash (qemu/test_harness.py checks that they agree).
"""
import dataclasses
import os
import re
import shlex
import types

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The series whose directories in work/ have no suffix (scripts/lib.sh)
DEFAULT = "6.1"


def tag(name):
    """The suffix of series NAME's directories in work/ (build, linux,
    logs/matrix): "" for the default series 6.1, "-NAME" otherwise."""
    return "" if name == DEFAULT else f"-{name}"


def read_env(path):
    """The NAME='value' lines of a boot.env file (shared with scripts/lib.sh)."""
    with open(path) as f:
        return dict(shlex.split(l)[0].split("=", 1) for l in f
                    if re.match(r"CK_\w+=", l))


@dataclasses.dataclass(frozen=True)
class Series:
    """A series and the settings of its folder series/NAME/."""
    name: str
    # boot.env of qemu/ then of series/NAME/: CK_IMAGE, CK_APPEND,
    # CK_MAIN_RE, CK_LOW_RE, CK_LINES...
    env: types.MappingProxyType
    # The work directory (CK_WORK of scripts/lib.sh; REPO/work)
    work: str
    # The Debian release of the kdump user space ("": bookworm, the host's)
    kdump_suite: str
    # The Debian release of the crash utility (by default kdump_suite's)
    crash_suite: str
    # The cross compiler's prefix, for the guest's /init
    cross: str = "aarch64-linux-gnu-"
    repo: str = REPO

    @classmethod
    def load(cls, name=DEFAULT, work=None, kdump_suite=None, crash_suite=None,
             cross=None):
        """Series NAME with its boot.env; WORK defaults to REPO/work, the
        suites to boot.env's CK_KDUMP_SUITE (bookworm's when it names none),
        the crash suite to the kdump suite's."""
        sdir = os.path.join(REPO, "series", name)
        if not os.path.exists(os.path.join(sdir, "base.env")):
            raise SystemExit(f"error: no series '{name}' ({sdir}/base.env)")
        env = {**read_env(os.path.join(REPO, "qemu", "boot.env")),
               **read_env(os.path.join(sdir, "boot.env"))}
        if kdump_suite is None:
            kdump_suite = env.get("CK_KDUMP_SUITE", "")
        return cls(name=name, env=types.MappingProxyType(env),
                   work=work or os.path.join(REPO, "work"),
                   kdump_suite=kdump_suite,
                   crash_suite=kdump_suite if crash_suite is None else crash_suite,
                   **({"cross": cross} if cross else {}))

    @classmethod
    def from_environ(cls, environ=None, name=None):
        """The series an entry point runs: CK_SERIES (or NAME), CK_WORK,
        CK_KDUMP_SUITE (when boot.env names none, as scripts/lib.sh reads
        it), CK_CRASH_SUITE and CROSS_COMPILE of ENVIRON (os.environ)."""
        environ = os.environ if environ is None else environ
        s = cls.load(name or environ.get("CK_SERIES", DEFAULT),
                     work=environ.get("CK_WORK"),
                     crash_suite=environ.get("CK_CRASH_SUITE"),
                     cross=environ.get("CROSS_COMPILE"))
        if "CK_KDUMP_SUITE" not in s.env and environ.get("CK_KDUMP_SUITE"):
            suite = environ["CK_KDUMP_SUITE"]
            s = dataclasses.replace(s, kdump_suite=suite, crash_suite=environ.get(
                "CK_CRASH_SUITE", suite))
        return s

    # ---- the series' folder ----
    @property
    def dir(self):
        return os.path.join(self.repo, "series", self.name)

    @property
    def cases(self):
        """Its boot matrix: one table per topic (series/NAME/cases/)."""
        return os.path.join(self.dir, "cases")

    @property
    def tag(self):
        return tag(self.name)

    # ---- its builds and logs in work/ ----
    @property
    def build_root(self):
        """Where scripts/build puts its kernel variants (work/build[-NAME])."""
        return os.path.join(self.work, "build" + self.tag)

    @property
    def logs(self):
        return os.path.join(self.work, "logs")

    def image(self, build_dir):
        """The kernel image of a build directory."""
        return os.path.join(build_dir, self.env["CK_IMAGE"])

    @property
    def append(self):
        """The start of every boot's kernel command line (qemu/boot.env)."""
        return self.env["CK_APPEND"]

    # ---- its reservation lines ----
    @property
    def upstream(self):
        """Upstream's wording (CK_LINES='upstream'): "crashkernel reserved:
        0x... - 0x... (N MB)", no System RAM or low limit figure."""
        return self.env.get("CK_LINES") == "upstream"

    @property
    def main_re(self):
        return re.compile(self.env["CK_MAIN_RE"])

    @property
    def low_re(self):
        return re.compile(self.env["CK_LOW_RE"])

    # ---- its Debian user space (scripts/setup, qemu/debtools.py) ----
    @property
    def suite_name(self):
        """The kdump user space's release, for reports: "bookworm" when the
        series names none."""
        return self.kdump_suite or "bookworm"

    @property
    def debian(self):
        """The kdump user space: WORK/debian-arm64[-SUITE]."""
        return os.path.join(self.work, "debian-arm64" +
                            (f"-{self.kdump_suite}" if self.kdump_suite else ""))

    @property
    def crash_dir(self):
        """The crash utility: WORK/debian-arm64-crash[-SUITE]."""
        return os.path.join(self.work, "debian-arm64-crash" +
                            (f"-{self.crash_suite}" if self.crash_suite else ""))
