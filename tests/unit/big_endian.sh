#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A big-endian object (clang --target=s390x) gets big-endian BTF with its
# variables: the BTF is for the target's kernel, not the host's; and
# btfvalidate checks it in that byte order.
#   big_endian.sh BTFENCODE BTFVALIDATE SOURCE WORKDIR
set -eu
encode=$1 validate=$2 src=$3 work=$4
mkdir -p "$work"
command -v clang >/dev/null || { echo "skipped: no clang"; exit 77; }
clang --target=s390x-linux-gnu -g -O1 -c "$src" -o "$work/be.o" 2>"$work/cc.log" ||
	{ echo "skipped: clang cannot target s390x: $(head -1 "$work/cc.log")"; exit 77; }
"$encode" --btf_encode_detached="$work/be.btf" "$work/be.o"
magic=$(od -An -tx1 -N2 "$work/be.btf" | tr -d ' \n')
[ "$magic" = eb9f ] || { echo "FAIL: BTF magic bytes $magic, want eb9f (big-endian)"; exit 1; }
# libbpf reads either byte order: the VARs must be there
bpftool btf dump file "$work/be.btf" > "$work/be.txt"
grep -q "^\[[0-9]*\] VAR 'percpu_counter'" "$work/be.txt" ||
	{ echo "FAIL: no VAR percpu_counter"; exit 1; }
grep -q "DATASEC '.data..percpu'" "$work/be.txt" ||
	{ echo "FAIL: no .data..percpu DATASEC"; exit 1; }
# btfvalidate checks it as its own (big-endian) kernel would
"$validate" --btf "$work/be.btf" "$work/be.o" | tail -1
"$validate" --btf "$work/be.btf" "$work/be.o" >/dev/null ||
	{ echo "FAIL: btfvalidate of the big-endian BTF"; exit 1; }
echo "PASS: big-endian BTF with its VARs"
