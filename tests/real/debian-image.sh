#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# One of Debian's -dbg kernel images, any architecture: btfencode against
# pahole 1.24 (Debian's dwarves) on the same vmlinux, and btfvalidate.
#
#	debian-image.sh BTFENCODE BTFVALIDATE WORKDIR IMAGE [BTFENCODE_LIBDW]
#
# IMAGE: amd64 (6.1 cloud), arm64, s390x (6.1), amd64-6.12 (6.12 cloud).
# Only the vmlinux and System.map of a foreign image are kept in the cache
# (fetch-debian.sh --only); the amd64 6.1 package is the whole tree the
# other real tests use.
#
# Checks, each printed as PASS/FAIL with figures:
#  - FUNC names: btfencode's (default options, as a 6.1 kernel passes
#    them to pahole 1.24) cover at least 99.5% of pahole 1.24's; every
#    difference is listed (WORKDIR/funcs.missing, funcs.extra)
#  - btfvalidate --btf OURS --kallsyms System.map vmlinux: 0 errors, which
#    includes the kernel's structural rules with the image's pointer size
#    and byte order (a BTF in the other byte order is refused)
#  - the BTF's byte order is the image's (EI_DATA)
#  - with BTFENCODE_LIBDW (btfencode reading with plain libdw): the same
#    bytes as the fast path, with default options and with the FUNC options
# amd64-6.12 also, with the options Linux 6.12 passes to btfencode
# (--version v1.29: the --btf_features list with decl_tag_kfuncs):
#  - kfunc tags: the bpf_kfunc / bpf_fastcall decl tags equal those an
#    independent reader of the image's .BTF_ids (tests/tools/
#    btf-ids-kfuncs.sh) expects (pahole 1.31 writes the same 132, measured
#    by hand: docs/encoder.md)
#  - the running kernel accepts that BTF (BPF_BTF_LOAD through
#    $BTF_KLOAD, tests/tools/btf_kload.c, when set)
#  - FUNC names against Debian's own .BTF (made by pahole 1.24, without
#    consistent_func): all of them with the options Debian's build passed;
#    with the 6.12 options every missing name has its reason from -V
# The encode times (btfencode and pahole, -j2) are printed for the record.
# Exit 0, 1 (a check failed), 77 (skipped: no apt, no network, no root for
# a foreign architecture).
set -u
here=$(cd "$(dirname "$0")" && pwd)
enc=$1 val=$2 wd=$3 image=$4 plain=${5:-}
kload=${BTF_KLOAD:-}

case $image in
amd64) spec=linux-image-6.1.0-50-cloud-amd64-dbg kver=6.1.0-50-cloud-amd64 only= ;;
arm64) spec=linux-image-6.1.0-50-arm64-dbg:arm64 kver=6.1.0-50-arm64 ;;
s390x) spec=linux-image-6.1.0-50-s390x-dbg:s390x kver=6.1.0-50-s390x ;;
amd64-6.12) spec=linux-image-6.12.118+deb12-cloud-amd64-dbg kver=6.12.118+deb12-cloud-amd64 ;;
*) echo "debian-image.sh: unknown image $image" >&2; exit 2 ;;
esac
if [ "$image" = amd64 ]; then
	tree=$("$here/fetch-debian.sh" "$spec") || { rc=$?; echo "$tree"; exit $rc; }
else
	tree=$("$here/fetch-debian.sh" --only './usr/lib/debug/boot/*' "$spec") ||
		{ rc=$?; echo "$tree"; exit $rc; }
fi
vmlinux=$tree/usr/lib/debug/boot/vmlinux-$kver
sysmap=$tree/usr/lib/debug/boot/System.map-$kver
[ -f "$vmlinux" ] && [ -f "$sysmap" ] ||
	{ echo "FAIL: $tree has no vmlinux-$kver and System.map-$kver"; exit 1; }
rm -rf "$wd" && mkdir -p "$wd" || exit 1

fail=0
flags="-j2 --btf_gen_floats --lang_exclude=rust"
funcs() { bpftool btf dump file "$1" | awk '$2 == "FUNC" { gsub("\047", "", $3); print $3 }' | sort -u; }
timed() {	# timed LABEL CMD...: run, print wall seconds and peak RSS
	label=$1
	shift
	if command -v /usr/bin/time >/dev/null 2>&1; then
		/usr/bin/time -f "%e %M" -o "$wd/time" "$@" >"$wd/$label.log" 2>&1
		rc=$?
		set -- $(cat "$wd/time")
		echo "$label: $1 s, peak RSS $(($2 / 1024)) MB"
	else
		"$@" >"$wd/$label.log" 2>&1
		rc=$?
	fi
	return $rc
}

# Linux 6.12's view: its options, kfunc tags, the kernel's verdict, and
# FUNC names against Debian's own .BTF.
check_612() {
	f612="-j2 --btf_features=encode_force,var,float,enum64,decl_tag,type_tag,optimized_func,consistent_func,decl_tag_kfuncs --btf_features=+reproducible_build --lang_exclude=rust"
	# shellcheck disable=SC2086
	timed btfencode-6.12 "$enc" $f612 -V --stats \
		--btf_encode_detached="$wd/ours-6.12.btf" "$vmlinux" ||
		{ tail -5 "$wd/btfencode-6.12.log"; echo "FAIL: btfencode with the 6.12 options"; fail=1; return; }
	grep '^kfuncs' "$wd/btfencode-6.12.log"
	if out=$(sh "$here/../tools/btf-ids-kfuncs.sh" --compare "$vmlinux" \
		"$wd/ours-6.12.btf" "$wd"); then
		echo "PASS kfunc tags: $out"
	else
		echo "$out"
		echo "FAIL kfunc tags"
		fail=1
	fi
	if [ -n "$kload" ]; then
		out=$("$kload" "$wd/ours-6.12.btf")
		case $? in
		0) echo "PASS kload: kernel $(uname -r) accepts the 6.12-options BTF" ;;
		77) echo "SKIP kload: ${out#skipped: }" ;;
		*) echo "FAIL kload: $out"; fail=1 ;;
		esac
	fi
	# Debian's own .BTF: pahole 1.24 with -j --btf_gen_floats
	# --lang_exclude=rust, as our default options
	funcs "$vmlinux" >"$wd/debian.funcs"
	funcs "$wd/ours-6.12.btf" >"$wd/ours-6.12.funcs"
	nd=$(wc -l <"$wd/debian.funcs")
	miss=$(comm -23 "$wd/debian.funcs" "$wd/ours.funcs" | wc -l)
	if [ "$nd" -gt 0 ] && [ "$miss" = 0 ]; then
		echo "PASS FUNC names, Debian's options: all $nd of Debian's .BTF, $(comm -13 "$wd/debian.funcs" "$wd/ours.funcs" | wc -l) more"
	else
		comm -23 "$wd/debian.funcs" "$wd/ours.funcs" | head -20 | sed 's/^/	missing: /'
		echo "FAIL FUNC names, Debian's options: $miss of Debian's $nd missing"
		fail=1
	fi
	# with consistent_func, a name Debian has and we leave out must be one
	# the encoder said why it left out
	sed -n 's/.*: function \([^:]*\): no FUNC: \(.*\)/\1	\2/p' \
		"$wd/btfencode-6.12.log" | sort -t '	' -k1,1 >"$wd/why-6.12"
	comm -23 "$wd/debian.funcs" "$wd/ours-6.12.funcs" >"$wd/funcs-6.12.missing"
	join -t '	' "$wd/funcs-6.12.missing" "$wd/why-6.12" >"$wd/funcs-6.12.why"
	unexplained=$(join -v1 -t '	' "$wd/funcs-6.12.missing" "$wd/why-6.12" | wc -l)
	echo "FUNC names, 6.12 options: $(wc -l <"$wd/ours-6.12.funcs"); of Debian's $nd, $((nd - $(wc -l <"$wd/funcs-6.12.missing"))) kept, left out:"
	cut -f2 "$wd/funcs-6.12.why" | sort | uniq -c | sort -rn | sed 's/^/	/'
	if [ "$unexplained" = 0 ]; then
		echo "PASS FUNC names, 6.12 options: every name of Debian's left out has its reason"
	else
		join -v1 -t '	' "$wd/funcs-6.12.missing" "$wd/why-6.12" | head | sed 's/^/	no reason: /'
		echo "FAIL FUNC names, 6.12 options: $unexplained names left out without a reason"
		fail=1
	fi
}

# shellcheck disable=SC2086
timed btfencode "$enc" $flags --btf_encode_detached="$wd/ours.btf" "$vmlinux" ||
	{ cat "$wd/btfencode.log"; echo "FAIL: btfencode"; exit 1; }
funcs "$wd/ours.btf" >"$wd/ours.funcs"

# byte order: the first two bytes are the magic 0xeB9F
magic=$(od -An -tx1 -N2 "$wd/ours.btf" | tr -d ' ')
case $(od -An -tx1 -j5 -N1 "$vmlinux" | tr -d ' ') in
02) want=eb9f order=big ;;
*) want=9feb order=little ;;
esac
if [ "$magic" = "$want" ]; then
	echo "PASS byte order: $order-endian, as the image"
else
	echo "FAIL byte order: BTF magic bytes $magic, the image is $order-endian"
	fail=1
fi

# plain libdw: the same bytes
if [ -n "$plain" ]; then
	same=1
	for opts in "" "--skip_encoding_btf_inconsistent_proto --btf_gen_optimized"; do
		# shellcheck disable=SC2086
		"$enc" $flags $opts --btf_encode_detached="$wd/fast.btf" "$vmlinux" &&
		"$plain" $flags $opts --btf_encode_detached="$wd/plain.btf" "$vmlinux" &&
		cmp -s "$wd/fast.btf" "$wd/plain.btf" || same=0
	done
	rm -f "$wd/fast.btf" "$wd/plain.btf"
	if [ $same = 1 ]; then
		echo "PASS plain libdw: byte-identical to the fast path"
	else
		echo "FAIL plain libdw: the output differs from the fast path's"
		fail=1
	fi
fi

# btfvalidate: structure (the image's pointer size and byte order) and
# every VAR against System.map
"$val" --btf "$wd/ours.btf" --kallsyms "$sysmap" "$vmlinux" >"$wd/validate.txt" 2>&1
rc=$?
tail -n 1 "$wd/validate.txt"
if [ $rc = 0 ] && grep -q ': PASS: 0 errors' "$wd/validate.txt"; then
	echo "PASS btfvalidate: 0 errors"
else
	grep -E '^(error|Error)' "$wd/validate.txt" | head -n 20
	echo "FAIL btfvalidate: exit $rc"
	fail=1
fi

[ "$image" = amd64-6.12 ] && check_612

# FUNC names beside pahole 1.24's
if ! command -v pahole >/dev/null 2>&1 || [ "$(pahole --version)" != v1.24 ]; then
	echo "SKIP FUNC parity: pahole 1.24 (Debian 12's dwarves) is not installed"
	echo "btfencode: $(wc -l <"$wd/ours.funcs") FUNC names"
	exit $fail
fi
# shellcheck disable=SC2086
timed pahole pahole -J $flags --btf_encode_detached="$wd/pahole.btf" "$vmlinux" ||
	{ cat "$wd/pahole.log"; echo "FAIL: pahole"; exit 1; }
funcs "$wd/pahole.btf" >"$wd/pahole.funcs"
comm -23 "$wd/pahole.funcs" "$wd/ours.funcs" >"$wd/funcs.missing"
comm -13 "$wd/pahole.funcs" "$wd/ours.funcs" >"$wd/funcs.extra"
n=$(wc -l <"$wd/pahole.funcs")
miss=$(wc -l <"$wd/funcs.missing")
extra=$(wc -l <"$wd/funcs.extra")
echo "FUNC names: btfencode $(wc -l <"$wd/ours.funcs"), pahole 1.24 $n; missing $miss, extra $extra"
sed -n '1,20s/^/	missing: /p' "$wd/funcs.missing"
sed -n '1,20s/^/	extra: /p' "$wd/funcs.extra"
if [ $((miss * 200)) -le "$n" ]; then
	echo "PASS FUNC parity: $((n - miss)) of $n pahole 1.24 names"
else
	echo "FAIL FUNC parity: $miss of pahole 1.24's $n names missing (more than 0.5%)"
	fail=1
fi
exit $fail
