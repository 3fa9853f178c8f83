# Common paths and helpers for the scripts; sourced, not run.
# Every path and the pinned version are written here once.
# Sourcing it has no side effects (it only sets variables and functions),
# and it answers -h/--help first: a script that sources it at its top level
# prints its own header comment and exits 0 when any of its arguments is -h
# or --help (scripts/help.sh), before it does anything else.
# shellcheck source=help.sh
. "$(dirname "${BASH_SOURCE[0]}")/help.sh"
# Sourced at the top level of a script file (not from a function or bash
# -c): "$@" are that script's arguments.
[ ${#BASH_SOURCE[@]} -ne 2 ] || help_if_asked "${BASH_SOURCE[1]}" "$@"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export REPO
# Which series (CK_SERIES): the folder series/CK_SERIES/, one shape for
# every series: "6.1" (the default), the series for distro builders, or an
# upstream one ("6.12").  Each holds patches/ (git format-patch output and a
# quilt series file), base.env (the pinned base), cover-letter.txt, arches,
# kunitconfig, boot.env (the lines' patterns), cases/ (the boot matrix, one
# table per topic) and its own VARIANT.fragment files; config/ holds the
# fragments every series shares.  Each series has its own base tree and
# build directories in work/ (suffix -X, none for 6.1).
CK_SERIES=${CK_SERIES:-6.1}
export CK_SERIES
SERIES_DIR=$REPO/series/$CK_SERIES
SERIES_TAG=-$CK_SERIES
[ "$CK_SERIES" != 6.1 ] || SERIES_TAG=
[ -f "$SERIES_DIR/base.env" ] ||
	{ echo "error: no series '$CK_SERIES' ($SERIES_DIR/base.env)" >&2; exit 1; }
PATCHES=$SERIES_DIR/patches
# The fragment every kernel of every series starts from, and the series'
# arch-neutral KUnit config (kunit.py --kunitconfig, and x86_64's builds)
BASE_FRAGMENT=$REPO/config/base.fragment
KUNITCONFIG=$SERIES_DIR/kunitconfig
# shellcheck source=../series/6.1/base.env
. "$SERIES_DIR/base.env"
# The Image path and the boot arguments (shared with qemu/ckboot.py), then
# the series' lines' patterns.
# shellcheck source=../qemu/boot.env
. "$REPO/qemu/boot.env"
# shellcheck source=../series/6.1/boot.env
. "$SERIES_DIR/boot.env"
WORK=${CK_WORK:-$REPO/work}
SRC=$WORK/linux$SERIES_TAG
BUILD_ROOT=$WORK/build$SERIES_TAG
BASE_STAMP=$WORK/base$SERIES_TAG.version
SERIES_STAMP=$WORK/series$SERIES_TAG.applied
# A base from another Debian release (BASE_SUITES in base.env, e.g. 7.3
# from trixie-backports) is not installed: scripts/setup downloads its
# .deb with a private apt (debian_apt) into BASE_APT and unpacks it with
# dpkg -x into BASE_ROOT, where BASE_TARBALL then is.
BASE_APT=$WORK/apt-base$SERIES_TAG
BASE_ROOT=$WORK/base$SERIES_TAG-deb
[ -z "${BASE_SUITES:-}" ] || BASE_TARBALL=$BASE_ROOT$BASE_TARBALL
# scripts/check-series' trees, builds and logs
CHECK_ROOT=$WORK/check$SERIES_TAG
LOGS=$WORK/logs
CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}
# The compiler cache outlives the clone, so that CI's fresh clone on the
# machine where the developer just built reuses those objects: by default
# in CK_CACHE (${XDG_CACHE_HOME:-~/.cache}/crashkernel), shared by
# scripts/test, scripts/check-* and every clone, capped at CCACHE_MAXSIZE.
# CCACHE_BASEDIR makes the clone's absolute paths relative to the build
# directory before hashing, so another clone's path still hits; the build
# directory itself is not hashed (CCACHE_NOHASHDIR), which only matters
# for DWARF's DW_AT_comp_dir (the Image is the same byte for byte:
# scripts/check-ccache).  CK_CACHE, CCACHE_DIR and CCACHE_MAXSIZE can be
# overridden; bench-test --cold sets an empty CK_CACHE.
CK_CACHE=${CK_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/crashkernel}
export CCACHE_DIR=${CCACHE_DIR:-$CK_CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-16G}
# Always this clone's work directory, not an inherited one: a script run
# from another clone's script (bench-test) must not hash by that one's.
export CCACHE_BASEDIR=$WORK
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
# Depend mode: on a miss ccache takes the headers from the compiler's own
# -MMD file instead of running the preprocessor first (kbuild passes
# -Wp,-MMD), which was a quarter of a cold build's CPU; hits are looked up
# as before (direct mode), so a cache filled without it still hits
# (README, "Where the system time goes").
export CCACHE_DEPEND=${CCACHE_DEPEND:-1}
LOCK=${CK_LOCK:-$WORK/.build.lock}

die() { echo "error: $*" >&2; exit 1; }
note() { echo "==> $*" >&2; }

# The pass/fail protocol of every suite and check.  Each case says one
# line, "ok   WHAT" or "FAIL WHAT" (OK_WORD and FAIL_WORD give a script
# other words), counted in $passed and $failed; the script ends with the
# closing line "NAME: N passed, M failed", maybe followed by a note in
# parentheses, which scripts/test and the checks that run others read
# back with count_lines.
passed=0 failed=0
OK_WORD='ok  ' FAIL_WORD=FAIL
ok() { passed=$((passed + 1)); echo "$OK_WORD $*"; }
bad() { failed=$((failed + 1)); echo "$FAIL_WORD $*"; }

# Print the closing line of NAME, with NOTE in parentheses if given.
count_say() { # NAME [NOTE]
	echo "$1: $passed passed, $failed failed${2:+ ($2)}"
}

# The closing line, then a status: non-zero when a case failed.
count_end() { # NAME [NOTE]
	count_say "$@"
	[ "$failed" -eq 0 ]
}

# The pattern of a closing line, of suite NAME (default: any name).
count_re() { # [NAME]
	echo "^${1:-[a-z0-9.-]+}: [0-9]+ passed, [0-9]+ failed"
}

# Every closing line of FILE (of suite NAME only, if given), in order;
# the status is 1 when there is none.
count_lines() { # FILE [NAME]
	grep -E "$(count_re "${2:-}")" "$1"
}

# Add the counts of FILE's last closing line to $passed and $failed, or
# count one failure, "WHAT did not report (see FILE)", when it has none.
count_add() { # FILE WHAT
	local line p f
	line=$(count_lines "$1" | tail -n 1 || true)
	if [ -z "$line" ]; then
		bad "$2 did not report (see $1)"
		return
	fi
	read -r p f < <(sed -E 's/^[^:]*: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/' <<<"$line")
	passed=$((passed + p))
	failed=$((failed + f))
}

# Add the case lines of FILE, another script's output: each line that
# begins with "ok" passed, each that begins with "FAIL" failed.
count_cases() { # FILE
	passed=$((passed + $(grep -c '^ok' "$1" || true)))
	failed=$((failed + $(grep -c '^FAIL' "$1" || true)))
}

# Hold the build lock until the script exits: two cores, one build at a time.
# A script run by one that holds the lock (CK_LOCK_HELD=1) does not wait.
take_build_lock() {
	[ "${CK_LOCK_HELD:-}" != 1 ] || return 0
	mkdir -p "$WORK" "$(dirname "$LOCK")"
	exec 9>"$LOCK"
	flock 9
}

# The fragment of kernel variant VARIANT: the series' own
# (series/X/VARIANT.fragment) or else the shared config/VARIANT.fragment;
# prints nothing when there is none.
variant_fragment() { # VARIANT
	local f
	for f in "$SERIES_DIR/$1.fragment" "$REPO/config/$1.fragment"; do
		[ -f "$f" ] && { echo "$f"; return; }
	done
	return 0
}

# The fragments of kernel variant VARIANT in merge order, in the array
# VARIANT_FRAGMENTS: each "#include NAME" line of its fragment (a comment
# to merge_config.sh) first, looked up and expanded as a variant's, then
# the fragment itself.  One block of options serves several variants so
# (config/crash.fragment: variant crash's, and 64k-crash's after 64k's).
# Empty for a variant without a fragment ("default" may have none); dies
# on an include that is not found.
variant_fragments() { # VARIANT
	local list
	list=$(fragment_includes "$1" 0) || exit 1
	VARIANT_FRAGMENTS=()
	[ -z "$list" ] || mapfile -t VARIANT_FRAGMENTS <<<"$list"
}

# variant_fragments' expansion, one fragment per line; FROM is the
# including fragment (none for the variant itself, which may have none).
fragment_includes() { # VARIANT DEPTH [FROM]
	local f name
	f=$(variant_fragment "$1")
	if [ -z "$f" ]; then
		[ -z "${3:-}" ] ||
			die "$3: #include $1: no $SERIES_DIR/$1.fragment or $REPO/config/$1.fragment"
		return 0
	fi
	[ "$2" -lt 8 ] || die "$f: #include nested too deep"
	for name in $(sed -n 's/^#include[[:space:]]\{1,\}\([A-Za-z0-9_.-]\{1,\}\)[[:space:]]*$/\1/p' "$f"); do
		fragment_includes "$name" $(($2 + 1)) "$f" || return 1
	done
	echo "$f"
}

# Identifies the series as it is in patches/ (setup re-applies on change).
series_hash() {
	(cd "$PATCHES" && cat series $(cat series)) | sha1sum | cut -d' ' -f1
}

# Make an allnoconfig-based config in build dir DIR of TREE from fragments;
# log in DIR/config.log.  Fails (1) if merge_config fails, (2) if an option
# of the fragments did not take (printed on stderr: a dependency is missing).
kconfig_merge() { # TREE ARCH CROSS_COMPILE DIR FRAGMENT...
	local tree=$1 arch=$2 prefix=$3 dir=$4
	shift 4
	mkdir -p "$dir"
	(cd "$tree" && ARCH=$arch CROSS_COMPILE=$prefix \
		scripts/kconfig/merge_config.sh -n -O "$dir" "$@") \
		>"$dir/config.log" 2>&1 || return 1
	! grep -A2 "not in final" "$dir/config.log" >&2 || return 2
}

# make in build dir DIR of TREE, cross compiled through ccache.
# CCACHE_BASEDIR has ccache give the compiler TREE's files by their path
# relative to DIR (../../linux/kernel/fork.c), which the kernel's own
# -fmacro-prefix-map=TREE/= no longer strips from __FILE__: a second map
# for the relative path keeps __FILE__ (and so the Image) as a build
# without ccache makes it (scripts/check-ccache compares the two).
kmake() { # TREE ARCH CROSS_COMPILE DIR MAKE-ARG...
	local tree=$1 arch=$2 prefix=$3 dir=$4 rel
	shift 4
	mkdir -p "$dir"
	rel=$(realpath --relative-to="$dir" "$tree")
	make -C "$tree" O="$dir" ARCH="$arch" CROSS_COMPILE="$prefix" \
		CC="${CK_KMAKE_CC:-ccache ${prefix}gcc}" \
		KCPPFLAGS="-fmacro-prefix-map=$rel/=" -j"$(nproc)" "$@"
}

# apt-get and apt-cache on private state: package lists, cache and an
# empty dpkg status under DIR, so that nothing of the host's apt or dpkg
# changes.  ARCH is the packages' architecture (arm64, or amd64 for the
# host's own and architecture-independent ones).  With SUITE... the
# sources are those releases of deb.debian.org (a suite "X-security" from
# debian-security), signed by the host's Debian archive keyring, in
# DIR/sources.list; without, the host's own sources.  Sets the array
# DEBIAN_APT to the options; the lists are refreshed once a day.
debian_apt() { # DIR ARCH [SUITE...]
	local d=$1 arch=$2 s key=/usr/share/keyrings/debian-archive-keyring.gpg
	shift 2
	DEBIAN_APT=(-q -o APT::Architecture="$arch" -o APT::Architectures="$arch")
	mkdir -p "$d"
	if [ $# -gt 0 ]; then
		for s in "$@"; do
			case $s in
			*-security) echo "deb [signed-by=$key] http://deb.debian.org/debian-security $s main" ;;
			*) echo "deb [signed-by=$key] http://deb.debian.org/debian $s main" ;;
			esac
		done >"$d/sources.list.new"
		cmp -s "$d/sources.list.new" "$d/sources.list" ||
			{ mv "$d/sources.list.new" "$d/sources.list"; rm -rf "$d/lists"; }
		rm -f "$d/sources.list.new"
		DEBIAN_APT+=(-o Dir::Etc::SourceList="$d/sources.list"
			-o Dir::Etc::SourceParts=/dev/null)
	fi
	# The package cache files, which a container's apt.conf.d (Docker's
	# docker-clean) may turn off: without them every apt-cache and
	# apt-get call parses the lists again (1 s each; setup makes dozens).
	DEBIAN_APT+=(-o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache"
		-o Dir::Cache::pkgcache=pkgcache.bin
		-o Dir::Cache::srcpkgcache=srcpkgcache.bin
		-o Dir::State::status="$d/status" -o APT::Sandbox::User=root)
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/debs"
	[ -f "$d/status" ] || : >"$d/status"
	if [ -z "$(find "$d/lists" -maxdepth 1 -name '*_Packages*' -mtime -1)" ]; then
		apt-get "${DEBIAN_APT[@]}" update >"$d/update.log" 2>&1 ||
			die "apt-get update in $d failed (see $d/update.log)"
	fi
}

# Every version of PACKAGE the private apt of debian_apt serves, newest
# first, one a line.
debian_versions() { # PACKAGE
	apt-cache "${DEBIAN_APT[@]}" madison "$1" 2>/dev/null |
		awk -F' *[|] *' '{ print $2 }' | sort -rVu
}

# Download PACKAGE=VERSION with the private apt of debian_apt into DIR/debs
# (once) and print the .deb's path.  A .deb once downloaded is kept in
# $CK_CACHE/debs too, outside the clone, and taken from there by the next
# clone (a package's name, version and architecture name one file; apt
# checked it against Debian's signed lists when it was downloaded).
debian_download() { # DIR PACKAGE VERSION ARCH
	local d=$1 name=$2 ver=$3 deb file
	# The file name apt-get download gives (':' of an epoch as %3a)
	file=${name}_${ver//:/%3a}_$4.deb
	deb=$d/debs/$file
	if [ ! -s "$deb" ] && [ -s "$CK_CACHE/debs/$file" ]; then
		cp "$CK_CACHE/debs/$file" "$deb"
	fi
	if [ ! -s "$deb" ]; then
		(cd "$d/debs" && apt-get "${DEBIAN_APT[@]}" download "$name=$ver") \
			>"$d/download.log" 2>&1 ||
			die "apt-get download $name=$ver failed (see $d/download.log)"
		mkdir -p "$CK_CACHE/debs" && cp "$deb" "$CK_CACHE/debs/$file.tmp" &&
			mv "$CK_CACHE/debs/$file.tmp" "$CK_CACHE/debs/$file" || true
	fi
	[ -s "$deb" ] || die "apt-get download gave no $deb"
	echo "$deb"
}

# Debian bookworm arm64 packages on this amd64 host, without touching its
# dpkg architectures: debian_apt with arm64 and its own state under
# $WORK/apt-arm64.  The host's sources (deb.debian.org bookworm, -updates,
# -security) serve arm64 too.  Prints the path of each .deb (in
# $WORK/apt-arm64/debs), one a line, in the order asked.
# With CK_DEBIAN_SUITE=SUITE (e.g. trixie) another release's packages
# instead: SUITE, SUITE-updates and SUITE-security, with state in
# $WORK/apt-arm64-SUITE; the host's sources stay as they are.
# Usage: [CK_DEBIAN_SUITE=SUITE] fetch_arm64_debs PACKAGE[=VERSION]...
fetch_arm64_debs() {
	local suite=${CK_DEBIAN_SUITE:-} d=$WORK/apt-arm64 p name ver
	if [ -n "$suite" ]; then
		d=$WORK/apt-arm64-$suite
		debian_apt "$d" arm64 "$suite" "$suite-updates" "$suite-security"
	else
		debian_apt "$d" arm64
	fi
	for p in "$@"; do
		name=${p%%=*}
		ver=$(apt-cache "${DEBIAN_APT[@]}" show "$p" 2>/dev/null |
			sed -n 's/^Version: //p' | head -1)
		[ -n "$ver" ] || die "no arm64 package $p in Debian's${suite:+ $suite} lists"
		debian_download "$d" "$name" "$ver" arm64
	done
}
