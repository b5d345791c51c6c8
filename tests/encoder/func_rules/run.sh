#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# One FUNC-selection test (CMakeLists.txt registers one per scenario and
# flag set):
#
#   run.sh BTFENCODE FUNC_PROTOS SRCDIR WORKDIR SCENARIO ARCH FLAGSET
#
# Assembles SRCDIR/SCENARIO/*.s (hand-made DWARF, see dwarf.inc) for ARCH
# (x86_64 or aarch64) with GNU as, links them in name order with GNU ld
# into WORKDIR/SCENARIO-FLAGSET/vmlinux, encodes that with btfencode and
# the options of FLAGSET, and compares the FUNCs (func_protos: name and
# prototype, sorted) with SRCDIR/SCENARIO/FLAGSET.golden ('#' lines are
# comments).
#
#   default       (no option)
#   consistent    --skip_encoding_btf_inconsistent_proto
#   optimized     --btf_gen_optimized
#   both          both of them
#
# --btf_gen_floats is always given, as the kernel does.
#
# Known disagreement between btfencode and docs/encoder.md: the golden
# says what the document says; SCENARIO/FLAGSET.xfail holds the exact
# "diff golden actual" that btfencode gives today.  The test passes (and
# prints XFAIL) while the output differs from the golden by exactly that,
# and fails when it differs otherwise, or when it matches the golden (the
# .xfail file is then stale: delete it).
#
# Exit 0 pass, 1 fail, 77 skipped (the reason printed).
set -u

if [ $# -ne 7 ]; then
	echo "usage: $0 BTFENCODE FUNC_PROTOS SRCDIR WORKDIR SCENARIO ARCH FLAGSET" >&2
	exit 2
fi
enc=$1 protos=$2 src=$3 work=$4 sc=$5 arch=$6 fs=$7

case $fs in
default) flags= ;;
consistent) flags=--skip_encoding_btf_inconsistent_proto ;;
optimized) flags=--btf_gen_optimized ;;
both) flags="--skip_encoding_btf_inconsistent_proto --btf_gen_optimized" ;;
*) echo "$0: unknown flag set $fs" >&2; exit 2 ;;
esac

# GNU binutils for ARCH: the native ones on that machine, else Debian's
# cross binutils (binutils-x86-64-linux-gnu, binutils-aarch64-linux-gnu).
if [ "$(uname -m)" = "$arch" ] && command -v as >/dev/null 2>&1 &&
	command -v ld >/dev/null 2>&1; then
	AS=as LD=ld
else
	AS=$arch-linux-gnu-as LD=$arch-linux-gnu-ld
	for t in "$AS" "$LD"; do
		if ! command -v "$t" >/dev/null 2>&1; then
			pkg=binutils-$(echo "$arch" | tr _ -)-linux-gnu
			echo "skipped: $t not found (Debian package $pkg)"
			exit 77
		fi
	done
fi

dir=$work/$sc-$fs
rm -rf "$dir"
mkdir -p "$dir" || exit 1

objs=
for s in "$src/$sc"/*.s; do
	o=$dir/$(basename "$s" .s).o
	echo "$AS --strip-local-absolute -I $src -o $o $s"
	$AS --strip-local-absolute -I "$src" -o "$o" "$s" || {
		echo "FAIL: assembling $s"
		exit 1
	}
	objs="$objs $o"
done
echo "$LD -e 0 -o $dir/vmlinux$objs"
# shellcheck disable=SC2086
$LD -e 0 -o "$dir/vmlinux" $objs || {
	echo "FAIL: linking $sc"
	exit 1
}

echo "$enc --btf_gen_floats $flags --btf_encode_detached=$dir/out.btf $dir/vmlinux"
# shellcheck disable=SC2086
"$enc" --btf_gen_floats $flags --btf_encode_detached="$dir/out.btf" \
	"$dir/vmlinux" || {
	echo "FAIL: btfencode exit $?"
	exit 1
}
"$protos" "$dir/out.btf" >"$dir/funcs" || {
	echo "FAIL: func_protos exit $?"
	exit 1
}

golden=$src/$sc/$fs.golden
xfail=$src/$sc/$fs.xfail
grep -v '^#' "$golden" >"$dir/expected" || true
diff "$dir/expected" "$dir/funcs" >"$dir/diff"
same=$?

# why btfencode left functions out, to read along a failure
why() {
	# shellcheck disable=SC2086
	"$enc" -V --btf_gen_floats $flags --btf_encode_detached="$dir/v.btf" \
		"$dir/vmlinux" 2>&1 | grep 'no FUNC' | sed 's/^/	/'
}

if [ -f "$xfail" ]; then
	grep -v '^#' "$xfail" >"$dir/xfail"
	if [ $same -eq 0 ]; then
		echo "FAIL: XPASS: the FUNCs now match $golden;" \
			"the known disagreement is gone: delete $xfail"
		exit 1
	fi
	if cmp -s "$dir/xfail" "$dir/diff"; then
		echo "XFAIL: known disagreement between btfencode and" \
			"docs/encoder.md ($xfail):"
		sed 's/^/	/' "$dir/diff"
		exit 0
	fi
	echo "FAIL: the FUNCs differ from $golden other than by $xfail:"
	sed 's/^/	/' "$dir/diff"
	why
	exit 1
fi
if [ $same -ne 0 ]; then
	echo "FAIL: the FUNCs differ from $golden (< expected, > btfencode):"
	sed 's/^/	/' "$dir/diff"
	why
	exit 1
fi
echo "ok: $(wc -l <"$dir/funcs") FUNCs as in $golden"
exit 0
