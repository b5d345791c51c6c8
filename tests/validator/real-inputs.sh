#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# btfvalidate on real inputs.
#
#   real-inputs.sh BTFVALIDATE BTFENCODE CASE WORKDIR
#
# CASE: gcc-btf-char | gcc-btf-size0 | pahole-overlap | debian |
#       debian-moved | probe-here
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
validate=$1 encode=$2 case=$3 work=$4
mkdir -p "$work"

# expect EXIT PATTERN CMD...: exit status EXIT and a line matching PATTERN
expect() {
	want=$1 pat=$2
	shift 2
	rc=0
	"$@" >"$work/$case.out" 2>&1 || rc=$?
	cat "$work/$case.out" | grep -v '^warning' | tail -5
	if [ "$rc" != "$want" ]; then
		echo "FAIL: exit $rc, expected $want: $*"
		exit 1
	fi
	if ! grep -q -E -- "$pat" "$work/$case.out"; then
		echo "FAIL: no line matches '$pat'"
		exit 1
	fi
	echo "PASS: $case"
}

debian() {
	tree=$("$top/tests/real/fetch-debian.sh" linux-image-6.1.0-50-cloud-amd64-dbg) ||
		{ rc=$?; echo "$tree"; exit $rc; }
	vmlinux=$tree/usr/lib/debug/boot/vmlinux-6.1.0-50-cloud-amd64
	map=$tree/usr/lib/debug/boot/System.map-6.1.0-50-cloud-amd64
}

case $case in
gcc-btf-char)
	# gcc 12 gives char the encoding SIGNED|CHAR
	command -v gcc >/dev/null || { echo "skipped: no gcc"; exit 77; }
	gcc -gbtf -O2 -c "$top/vmlinux-fixtures/core.c" -o "$work/gbtf.o"
	expect 1 "INT 'char' .*Unsupported encoding" "$validate" --btf "$work/gbtf.o" "$work/gbtf.o"
	;;
gcc-btf-size0)
	gcc -gbtf -O2 -c "$here/data/gcc-btf-nochar.c" -o "$work/nochar.o"
	objcopy --dump-section .BTF="$work/nochar.btf" "$work/nochar.o"
	expect 1 "DATASEC '.bss' size=0 .*size == 0" "$validate" "$work/nochar.btf"
	;;
pahole-overlap)
	expect 1 "DATASEC '.data' .*offset=40 size=4 Invalid offset" \
		"$validate" "$here/data/pahole-1.31-global_var.btf"
	;;
debian)
	debian
	expect 0 "btfvalidate: PASS" "$validate" --kallsyms "$map" "$vmlinux"
	"$encode" -j2 --btf_gen_floats --lang_exclude=rust \
		--btf_encode_detached="$work/ours.btf" "$vmlinux"
	expect 0 "btfvalidate: PASS: 0 errors.*23027 VARs" \
		"$validate" --btf "$work/ours.btf" --kallsyms "$map" "$vmlinux"
	;;
debian-moved)
	debian
	# one per-CPU and one global address moved
	awk 'function h(s,  i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
	$3 == "runqueues" || $3 == "init_task" { $1 = substr($1, 1, length($1) - 2) sprintf("%02x", (h(substr($1, length($1) - 1)) + 64) % 256) } 1' \
		"$map" > "$work/System.map-moved"
	"$encode" -j2 --btf_gen_floats --lang_exclude=rust \
		--btf_encode_detached="$work/ours.btf" "$vmlinux"
	expect 1 "error: symbols: \[[0-9]+\] VAR 'runqueues' .*0x319c0" \
		"$validate" --btf "$work/ours.btf" --kallsyms "$work/System.map-moved" "$vmlinux"
	grep -q "error: symbols: \[[0-9]*\] VAR 'init_task' " "$work/$case.out" ||
		{ echo "FAIL: init_task not named"; exit 1; }
	;;
probe-here)
	# this machine's kernel: the probe must end cleanly, and say why
	# when the kernel has no data symbols in kallsyms
	rc=0
	"$validate" --probe >"$work/$case.out" 2>&1 || rc=$?
	cat "$work/$case.out" | grep -v '^warning' | tail -5
	case $rc in
	0|1) ;;
	*) echo "FAIL: exit $rc"; exit 1 ;;
	esac
	if [ -r /proc/config.gz ] && zcat /proc/config.gz | grep -q '^# CONFIG_KALLSYMS_ALL is not set'; then
		grep -q "CONFIG_KALLSYMS_ALL is not set.*typed ksyms to kernel variables cannot load" \
			"$work/$case.out" || { echo "FAIL: the reason is not given"; exit 1; }
		[ $rc = 1 ] || { echo "FAIL: the probe passed without KALLSYMS_ALL"; exit 1; }
	fi
	echo "PASS: $case (exit $rc)"
	;;
*)
	echo "unknown case $case" >&2
	exit 2
	;;
esac
