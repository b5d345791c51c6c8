#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The libFuzzer side of tests/fuzz (see CMakeLists.txt there).
#
#   run.sh build SRCDIR BUILDDIR [CLANG]
#	configure SRCDIR into BUILDDIR with clang, -DKBTF_FUZZ=ON (libFuzzer
#	instrumentation) and -DKBTF_SANITIZE=ON (ASan, UBSan), and build the
#	harnesses
#   run.sh run BUILDDIR HARNESS SECONDS FUZZDIR
#	run BUILDDIR's fuzz_HARNESS for SECONDS on the seeds and kept
#	inputs of FUZZDIR (tests/fuzz): new inputs go to
#	BUILDDIR/corpus/HARNESS, a crash, hang, leak or sanitizer report to
#	BUILDDIR/artifacts/HARNESS/ and fails the run.  Prints the executions
#	and time as "fuzz HARNESS: N executions in S s".
set -u

mode=${1:-}
case $mode in
build)
	[ $# -ge 3 ] || { echo "usage: run.sh build SRCDIR BUILDDIR [CLANG]" >&2; exit 2; }
	src=$2 dir=$3 cc=${4:-clang}
	jobs=$(nproc 2>/dev/null || echo 2)
	mkdir -p "$dir" && cmake -S "$src" -B "$dir" -DCMAKE_C_COMPILER="$cc" \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo -DKBTF_WERROR=ON \
		-DKBTF_SANITIZE=ON -DKBTF_FUZZ=ON >"$dir/configure.log" 2>&1 ||
		{ cat "$dir/configure.log"; echo "FAIL: configuring the fuzz build"; exit 1; }
	cmake --build "$dir" -j"$jobs" --target fuzz_harnesses ||
		{ echo "FAIL: building the harnesses"; exit 1; }
	exit 0 ;;
run)
	[ $# -eq 5 ] || { echo "usage: run.sh run BUILDDIR HARNESS SECONDS FUZZDIR" >&2; exit 2; }
	dir=$2 h=$3 secs=$4 fz=$5 ;;
*)
	echo "usage: run.sh build|run ARGS (see the script)" >&2
	exit 2 ;;
esac

bin=$dir/tests/fuzz/fuzz_$h
[ -x "$bin" ] || { echo "FAIL: no $bin (did fuzz.build pass?)"; exit 1; }
work=$dir/corpus/$h
art=$dir/artifacts/$h
mkdir -p "$work" "$art" || exit 1
set -- "$work" "$fz/corpus/$h"
[ -d "$fz/regressions/$h" ] && set -- "$@" "$fz/regressions/$h"
log=$dir/fuzz-$h.log
# KBTF_FUZZ_SEED: libFuzzer's seed (ctest sets one, so that a suite run
# tries the same inputs every time; scripts/fuzz.sh leaves it random).
# -timeout: one input running longer is a hang; leaks are reported at
# the end of each input (ASan's LeakSanitizer, on by default)
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=1048576 -print_final_stats=1 \
		${KBTF_FUZZ_SEED:+-seed="$KBTF_FUZZ_SEED"} \
		-artifact_prefix="$art/" "$@" >"$log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
t=$(sed -n 's/^stat::.*//; s/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -1)
echo "fuzz $h: ${execs:-?} executions in ${t:-$secs} s (corpus $(ls "$work" | wc -l) new inputs in $work)"
if [ $rc -ne 0 ]; then
	grep -E 'ERROR|SUMMARY|runtime error|Test unit written|fuzz:' "$log" | head -20
	echo "FAIL: fuzz_$h exit $rc; log $log, input in $art/"
	echo "      keep the input as tests/fuzz/regressions/$h/NAME once fixed"
	exit 1
fi
exit 0
