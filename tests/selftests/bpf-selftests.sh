#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build the upstream BPF selftests runner, test_progs, with only the
# typed-ksym tests (prog_tests/ksyms*.c) and their BPF programs, by the
# selftests' own Makefile (its rules, flags, libbpf, bpftool and
# resolve_btfids from the same tree), against a kernel build directory.
#
#   bpf-selftests.sh KBUILD_OUT NAME
#
# Why a subset: the whole test_progs compiles every program in progs/
# (about 600), many of which need types that only the selftests' full
# config puts in vmlinux.h; that config would make the kernel build several
# times larger than the CI budget allows.  The Makefile takes its test and
# program lists from its directories (wildcards), so the tree it runs in is
# a copy made of symbolic links to the pristine source, whose prog_tests/
# and progs/ hold only the files below; the Makefile's own lists of
# programs that other tests need (light and linked skeletons, extra files)
# are cut down on the command line to the ones these tests use.  That copy
# also keeps the Makefile's writes into its source directory (tests.h, the
# bpftool link) out of the shared source.
#
# Output in $KBTF_CACHE/bpf-selftests-NAME (make is incremental; vmlinux.h
# and what depends on it are made again when the kernel is relinked).
# Prints "selftests build: N s" and, last, "SELFTESTS_OUT=<dir>".  Exit 0
# built, 77 "skipped: ..." when a tool is missing, 1 when the build failed.
set -eu
kout=$1 name=$2
cache=${KBTF_CACHE:-/var/cache/kbtf}

skip() { echo "skipped: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
for t in make clang gcc rsync; do
	command -v "$t" >/dev/null 2>&1 ||
		skip "$t is not installed (scripts/install-deps.sh)"
done
[ -f "$kout/vmlinux" ] || fail "no vmlinux in $kout"
src=$(readlink "$kout/source") || fail "$kout is not a kernel build directory"
sel=tools/testing/selftests/bpf

# The tests, and every BPF program their skeletons embed.  btf_data.c is
# the program the Makefile's final resolve_btfids step reads.
TESTS="ksyms ksyms_btf ksyms_module"
PROGS="test_ksyms test_ksyms_btf test_ksyms_btf_null_check
test_ksyms_btf_write_check test_ksyms_weak test_ksyms_module btf_data"
LSKELS_EXTRA="test_ksyms_module.c test_ksyms_weak.c"

top=$cache/bpf-selftests-$name
tree=$top/tree
out=$top/out
mkdir -p "$top" 2>/dev/null || skip "cannot write $cache"

# 1. the tree of links, made again when the source or the lists change
want="$src $TESTS / $PROGS / $LSKELS_EXTRA"
if [ "$(cat "$tree/.kbtf-tree" 2>/dev/null)" != "$want" ]; then
	rm -rf "$tree" "$out"
	mkdir -p "$tree.tmp"
	# link every entry of DIR except SKIP into the copy
	mirror() {	# mirror DIR SKIP
		mkdir -p "$tree.tmp/$1"
		for e in "$src/$1"/* "$src/$1"/.[!.]*; do
			[ -e "$e" ] || continue
			[ "${e##*/}" = "$2" ] || ln -s "$e" "$tree.tmp/$1/${e##*/}"
		done
	}
	mirror . tools
	mirror tools testing
	mirror tools/testing selftests
	mirror tools/testing/selftests bpf
	mirror $sel progs
	rm "$tree.tmp/$sel/prog_tests"
	mkdir "$tree.tmp/$sel/prog_tests" "$tree.tmp/$sel/progs"
	for t in $TESTS; do
		[ -f "$src/$sel/prog_tests/$t.c" ] || fail "no prog_tests/$t.c in $src"
		ln -s "$src/$sel/prog_tests/$t.c" "$tree.tmp/$sel/prog_tests/"
	done
	for p in $PROGS; do
		[ -f "$src/$sel/progs/$p.c" ] || fail "no progs/$p.c in $src"
		ln -s "$src/$sel/progs/$p.c" "$tree.tmp/$sel/progs/"
	done
	ln -s "$src/$sel"/progs/*.h "$tree.tmp/$sel/progs/"
	echo "$want" > "$tree.tmp/.kbtf-tree"
	mv "$tree.tmp" "$tree"
fi

# 2. make test_progs, as the selftests build it
jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p "$out"
t0=$(date +%s)
if ! make -C "$tree/$sel" -j"$jobs" OUTPUT="$out" VMLINUX_BTF="$kout/vmlinux" \
	LSKELS= LSKELS_EXTRA="$LSKELS_EXTRA" LINKED_SKELS= \
	TRUNNER_EXTRA_FILES= test_progs >"$top/build.log" 2>&1; then
	tail -30 "$top/build.log"
	fail "selftests build failed (log: $top/build.log)"
fi
t1=$(date +%s)
echo "selftests build: $((t1 - t0)) s with $jobs jobs"
echo "SELFTESTS_OUT=$out"
