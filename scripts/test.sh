#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The whole test suite: install dependencies, build with -Werror, run
# ctest; build the DWARF reader without its fast path and run the encoder
# and unit suites on it; then build again with AddressSanitizer + UBSan
# and run the suite once more (but for the libFuzzer runs, which have
# their own sanitizer build).  Large inputs are cached under
# ${KBTF_CACHE:-/var/cache/kbtf}.
set -eu
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build -DKBTF_WERROR=ON >/dev/null
cmake --build build -j"$jobs" >/dev/null
echo "== tests (release build)"
ctest --test-dir build --output-on-failure -j1 || rc=$?

cmake -S . -B build-libdw -DKBTF_WERROR=ON -DKBTF_DWARF_FASTPATH=OFF >/dev/null
cmake --build build-libdw -j"$jobs" --target btfencode btfencode_libdw \
	btfvalidate check_vars check_types elf_btf_cmp btf_kload func_protos >/dev/null
echo "== encoder tests (DWARF read with plain libdw: KBTF_DWARF_FASTPATH=OFF)"
ctest --test-dir build-libdw --output-on-failure -j1 -R '^encoder[.]' ||
	rc=$((${rc:-0} | 1))

if [ "${KBTF_SKIP_SANITIZE:-0}" != 1 ]; then
	cmake -S . -B build-asan -DKBTF_WERROR=ON -DKBTF_SANITIZE=ON \
		-DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build build-asan -j"$jobs" >/dev/null
	echo "== tests (ASan + UBSan build)"
	# the libFuzzer runs (label fuzz) are ASan+UBSan builds already
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --test-dir build-asan --output-on-failure -j1 \
		-LE '^fuzz$' || rc2=$?
fi
exit $(( ${rc:-0} | ${rc2:-0} ))
