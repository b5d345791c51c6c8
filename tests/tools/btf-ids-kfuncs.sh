#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The decl tags a kernel image's kfuncs should carry, read from its
# .BTF_ids with readelf and od alone (no code shared with btfencode's
# reader, btf_encoder/kfuncs.c), one "TAG FUNCTION" line each, sorted:
#
#   bpf_kfunc NAME	every function of a kfunc set: a __BTF_ID__set8__
#			symbol whose flags word (its second u32) has bit 0,
#			BTF_SET8_KFUNCS; its functions are the
#			__BTF_ID__func__NAME__N symbols within its size
#   bpf_fastcall NAME	when the word after the function's id has
#			KF_FASTCALL (1 << 12)
#
#   btf-ids-kfuncs.sh IMAGE
#
# Also the same tags read from a BTF (bpftool btf dump): btf-ids-kfuncs.sh
# --btf FILE [BASE].  Exit 1 when IMAGE has no .BTF_ids.
#
#   btf-ids-kfuncs.sh --compare IMAGE BTF WORKDIR
# compares the two: prints "N kfuncs in .BTF_ids kfunc sets, each tagged
# bpf_kfunc in BTF (M bpf_fastcall)", or the differences and exit 1 (also
# when IMAGE has no kfunc at all).
set -eu
if [ "$1" = --compare ]; then
	me=$0 img=$2 btf=$3 work=$4
	mkdir -p "$work"
	sh "$me" "$img" >"$work/kfuncs.want" || exit 1
	sh "$me" --btf "$btf" >"$work/kfuncs.got" || exit 1
	nk=$(grep -c '^bpf_kfunc' "$work/kfuncs.want" || true)
	if [ "$nk" -gt 0 ] && cmp -s "$work/kfuncs.want" "$work/kfuncs.got"; then
		echo "$nk kfuncs in .BTF_ids kfunc sets, each tagged bpf_kfunc in $(basename "$btf") ($(grep -c '^bpf_fastcall' "$work/kfuncs.got" || true) bpf_fastcall)"
		exit 0
	fi
	diff "$work/kfuncs.want" "$work/kfuncs.got" | head -20
	echo "the $nk kfuncs of .BTF_ids and the bpf_kfunc tags of $(basename "$btf") differ"
	exit 1
fi
if [ "$1" = --btf ]; then
	bpftool btf dump file "$2" ${3:+-B "$3"} | awk '
	$2 == "FUNC" { id = $1; gsub(/[][]/, "", id); n = $3; gsub("\047", "", n); name[id] = n }
	$2 == "DECL_TAG" { t = $3; gsub("\047", "", t)
		if (t == "bpf_kfunc" || t == "bpf_fastcall") { split($4, a, "="); tag[++k] = t " " a[2] } }
	END { for (i = 1; i <= k; i++) { split(tag[i], b, " "); print b[1], name[b[2]] } }' | sort -u
	exit 0
fi
img=$1
sec=$(readelf -SW "$img" | sed 's/^ *\[ *\([0-9]*\)\]/\1/' |
	awk '$2 == ".BTF_ids" { print $1, $4, $5, $6 }')
[ -n "$sec" ] || { echo "btf-ids-kfuncs.sh: $img has no .BTF_ids" >&2; exit 1; }
set -- $sec
idx=$1 addr=$2 off=$3 size=$4
big=0
readelf -h "$img" | grep -q 'big endian' && big=1
{
	# the section's bytes, then its symbols
	od -An -v -tx1 -j $((0x$off)) -N $((0x$size)) "$img" | sed 's/^/B /'
	readelf -sW "$img" | awk -v idx="$idx" '$7 == idx && $8 ~ /^__BTF_ID__(set8|func)__/ { print "S", $2, $3, $8 }'
} | awk -v addr="$addr" -v big="$big" '
function hex(s,    v, i, c) {	# the low 32 bits of a hex number
	s = substr(s, length(s) - 7); v = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
		v = v * 16 + c
	}
	return v
}
function word(o,    b0, b1, b2, b3) {	# the u32 at offset o
	b0 = hex(byte[o]); b1 = hex(byte[o + 1]); b2 = hex(byte[o + 2]); b3 = hex(byte[o + 3])
	if (big) return ((b0 * 256 + b1) * 256 + b2) * 256 + b3
	return ((b3 * 256 + b2) * 256 + b1) * 256 + b0
}
function bit(v, n) { return int(v / 2 ^ n) % 2 }
$1 == "B" { for (i = 2; i <= NF; i++) byte[nb++] = $i; next }
$1 == "S" {
	o = (hex($2) - hex(addr) + 4294967296) % 4294967296
	sz = $3 ~ /^0x/ ? hex(substr($3, 3)) : $3 + 0
	if ($4 ~ /^__BTF_ID__set8__/) { so[++ns] = o; se[ns] = o + sz }
	else { fo[++nf] = o; fn[nf] = $4 }
}
END {
	for (s = 1; s <= ns; s++) {
		if (!bit(word(so[s] + 4), 0)) continue
		for (f = 1; f <= nf; f++) {
			if (fo[f] < so[s] || fo[f] >= se[s]) continue
			n = substr(fn[f], 17); sub(/__[^_]*$/, "", n)
			print "bpf_kfunc", n
			if (bit(word(fo[f] + 4), 12)) print "bpf_fastcall", n
		}
	}
}' | sort -u
