# Common paths and helpers for the scripts; sourced, not run.
# Every path and the pinned version are written here once.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export REPO
# shellcheck source=../kernel/base.env
. "$REPO/kernel/base.env"
WORK=${CK_WORK:-$REPO/work}
SRC=$WORK/linux
BUILD_ROOT=$WORK/build
LOGS=$WORK/logs
CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}
export CCACHE_DIR=${CCACHE_DIR:-$WORK/ccache}
LOCK=${CK_LOCK:-$WORK/.build.lock}

die() { echo "error: $*" >&2; exit 1; }
note() { echo "==> $*" >&2; }

# Hold the build lock until the script exits: two cores, one build at a time.
# A script run by one that holds the lock (CK_LOCK_HELD=1) does not wait.
take_build_lock() {
	[ "${CK_LOCK_HELD:-}" != 1 ] || return 0
	mkdir -p "$WORK" "$(dirname "$LOCK")"
	exec 9>"$LOCK"
	flock 9
}

# Identifies the series as it is in patches/ (setup re-applies on change).
series_hash() {
	(cd "$REPO/patches" && cat series $(cat series)) | sha1sum | cut -d' ' -f1
}
