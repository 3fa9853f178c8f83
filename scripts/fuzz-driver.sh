# shellcheck shell=bash
# The driver scripts/test-fuzz and scripts/test-diff share (sourced, after
# lib.sh): argument parsing, the build of userspace/parse/'s targets, one case per
# corpus file through a regression runner, one bounded (or --long) libFuzzer
# run seeded with the passing corpus files, and the count line.  The caller
# sets SUITE (the count line's name) and PREFIX (of its files in $OUT).
#   fz_init "$@"                 --long SECONDS or nothing
#   fz_build TARGET...           make targets that must build, or finish
#   fz_count OK BAD TEXT         add cases and print "$SUITE: TEXT"
#   fz_corpus RUNNER TEXT        every corpus file once through RUNNER
#   fz_libfuzzer FUZZER RUNNER   the libFuzzer run (RUNNER reproduces)
#   fz_finish                    "$SUITE: N passed, M failed", exit status

RUNS=200000

fz_init() {
	long=""
	case "${1:-}" in
	"") ;;
	--long)
		[[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "usage: $0 [--long SECONDS]"
		long=$2 ;;
	*) die "usage: $0 [--long SECONDS]" ;;
	esac
	FUZZ=$REPO/userspace/parse
	OUT=$WORK/parse
	fuzzer_built=1
	[ -f "$SRC/kernel/crash_parse.c" ] || die "no $SRC/kernel/crash_parse.c (run scripts/setup)"
	mkdir -p "$OUT"
}

fz_finish() {
	count_say "$SUITE"
	exit $((failed > 0))
}

fz_count() { # OK BAD TEXT
	passed=$((passed + $1))
	failed=$((failed + $2))
	echo "$SUITE: $3"
}

# Build the regression targets (a failure ends the suite), then the
# libFuzzer binary (a failure is counted when its run would start).
fz_build() { # REGRESS_TARGET... FUZZER_TARGET
	local log=$OUT/${PREFIX}build.log n=$#
	if ! make -s -C "$FUZZ" SRC="$SRC" OUT="$OUT" "${@:1:n-1}" >"$log" 2>&1; then
		cat "$log"
		fz_count 0 1 "the regression runner did not build"
		fz_finish
	fi
	if ! make -s -C "$FUZZ" SRC="$SRC" OUT="$OUT" "${!n}" >>"$log" 2>&1; then
		cat "$log"
		echo "$SUITE: the libFuzzer binary did not build (clang and libclang-rt-14-dev?)"
		fuzzer_built=0
	fi
}

fz_corpus() { # RUNNER TEXT
	local ncorpus ok bad
	regress_log=$OUT/${PREFIX}regress.log
	ncorpus=$(find "$FUZZ/corpus" -type f | wc -l)
	note "corpus: $ncorpus inputs"
	set +e
	"$OUT/$1" "$FUZZ/corpus" >"$regress_log" 2>&1
	set -e
	ok=$(grep -c '^ok ' "$regress_log" || true)
	bad=$(grep -c '^FAIL ' "$regress_log" || true)
	# Anything the runner did not get to counts as failed.
	[ $((ok + bad)) -ge "$ncorpus" ] || bad=$((ncorpus - ok))
	grep -v '^ok ' "$regress_log" || true
	fz_count "$ok" "$bad" "corpus: $ok of $ncorpus inputs $2"
}

# libFuzzer, seeded with a copy of the corpus files that pass (the ones
# that fail are counted already): one case.
fz_libfuzzer() { # FUZZER RUNNER
	local seeds=$OUT/${PREFIX}seeds artifacts=$OUT/${PREFIX}artifacts
	local fuzz_log=$OUT/${PREFIX}libfuzzer.log norand=() args rc start secs execs seed f a
	if [ "$fuzzer_built" = 0 ]; then
		fz_count 0 1 "no libFuzzer run"
		return
	fi
	rm -rf "$seeds" "$artifacts"
	mkdir -p "$seeds" "$artifacts"
	while read -r f; do
		cp "$FUZZ/corpus/$f" "$seeds/"
	done < <(sed -n 's|^ok  *.*/||p' "$regress_log")
	args=(-max_len=512 -dict="$FUZZ/crashkernel.dict" -timeout=10
	      -rss_limit_mb=2048 -artifact_prefix="$artifacts/" -print_final_stats=1)
	if [ -n "$long" ]; then
		# Long runs keep what they learn in $OUT/${PREFIX}corpus-long.
		seeds=$OUT/${PREFIX}corpus-long
		mkdir -p "$seeds"
		cp "$OUT/${PREFIX}seeds"/* "$seeds/" 2>/dev/null || true
		args+=(-max_total_time="$long" -seed=0 -use_value_profile=1)
		note "libFuzzer for $long s (corpus $seeds)"
	else
		args+=(-runs="$RUNS" -seed=1 -reload=0)
		note "libFuzzer for $RUNS inputs, -seed=1"
		# The parser compares pointers, and libFuzzer feeds compared
		# values back into its mutations: only without ASLR is -seed=1
		# reproducible.
		if setarch "$(uname -m)" -R true 2>/dev/null; then
			norand=(setarch "$(uname -m)" -R)
		fi
	fi
	start=$(date +%s.%N)
	set +e
	(cd "$OUT" && "${norand[@]}" "$OUT/$1" "${args[@]}" "$seeds") >"$fuzz_log" 2>&1
	rc=$?
	set -e
	secs=$(echo "$start $(date +%s.%N)" | awk '{printf "%.1f", $2 - $1}')
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$fuzz_log" | tail -1)
	seed=$(sed -n 's/.*Seed: \([0-9]*\).*/\1/p' "$fuzz_log" | head -1)
	echo "$SUITE: libFuzzer executed ${execs:-?} inputs in ${secs}s (seed ${seed:-?}, exit $rc, log $fuzz_log)"
	# What the harness counted (userspace/parse/diff.c prints "diff: ..." lines)
	grep "^$SUITE: " "$fuzz_log" | sed "s/^$SUITE: /$SUITE:   /" || true
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		return
	fi
	failed=$((failed + 1))
	# The harness's report, the sanitizer summary and the saved input.
	sed -n '/^=== crashkernel /,/^===$/p; /^SUMMARY:/p; /Test unit written/p' "$fuzz_log"
	for a in "$artifacts"/*; do
		if [ -e "$a" ]; then
			echo "$SUITE: reproduce with: $OUT/$2 -v $a"
		fi
	done
}
