#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Fuzz every input parser for as long as asked:
#
#   scripts/fuzz.sh [SECONDS [HARNESS...]]
#
# SECONDS per harness (default 300); HARNESS among encode btf_check ksyms
# kconfig base btf_ids (default all; see tests/fuzz/CMakeLists.txt).  Builds the
# libFuzzer harnesses with clang, ASan and UBSan into build-fuzz/ (or
# $KBTF_FUZZ_BUILD), runs each on tests/fuzz's seeds and kept inputs plus
# what earlier runs found (build-fuzz/corpus/), and prints executions and
# time per harness.  A crash, hang, leak or sanitizer report stops that
# harness; its input is in build-fuzz/artifacts/HARNESS/: fix it, keep
# the input in tests/fuzz/regressions/HARNESS/.  Exit 1 if any harness
# found something.  On a shared machine run it under the heavy lock.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
secs=${1:-300}
[ $# -gt 0 ] && shift
harnesses=${*:-encode btf_check ksyms kconfig base btf_ids}
dir=${KBTF_FUZZ_BUILD:-$top/build-fuzz}

sh tests/fuzz/run.sh build "$top" "$dir" "${CC_FUZZ:-clang}" >/dev/null ||
	{ echo "fuzz.sh: building the harnesses failed (clang with -fsanitize=fuzzer needed; see $dir/configure.log)"; exit 1; }
rc=0
for h in $harnesses; do
	sh tests/fuzz/run.sh run "$dir" "$h" "$secs" "$top/tests/fuzz" || rc=1
done
exit $rc
