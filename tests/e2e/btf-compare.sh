#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# FUNC names and TYPE_TAGs of btfencode against pahole on one image (the
# BTF input of a kernel build, .tmp_vmlinux.btf), both run with the
# options a 6.1 kernel passes to a pahole of their version.
#
#   btf-compare.sh BTFENCODE IMAGE WORKDIR
#
# Prints the counts.  Fails when pahole >= 1.23 is installed and
# btfencode's default FUNC names miss more than 0.5% of pahole's, or its
# TYPE_TAG count differs.  Without pahole it only prints ours.
set -eu
enc=$1 img=$2 work=$3
mkdir -p "$work"
flags="-j2 --btf_gen_floats --lang_exclude=rust"
funcs() { bpftool btf dump file "$1" | awk '$2 == "FUNC" { print $3 }' | sort -u; }
tags() { bpftool btf dump file "$1" | grep -c '] TYPE_TAG' || true; }

# shellcheck disable=SC2086
"$enc" $flags --btf_encode_detached="$work/ours.btf" "$img"
# shellcheck disable=SC2086
"$enc" $flags --skip_encoding_btf_inconsistent_proto --btf_gen_optimized \
	--btf_encode_detached="$work/ours-1.25.btf" "$img"
funcs "$work/ours.btf" >"$work/ours.funcs"
funcs "$work/ours-1.25.btf" >"$work/ours-1.25.funcs"
ours_tags=$(tags "$work/ours.btf")
echo "btfencode: $(wc -l <"$work/ours.funcs") FUNC names ($(wc -l <"$work/ours-1.25.funcs") with the v1.25 options), $ours_tags TYPE_TAGs"

command -v pahole >/dev/null 2>&1 || { echo "pahole not installed: nothing to compare"; exit 0; }
pv=$(pahole --version | sed -n 's/^v1\.\([0-9]*\).*/\1/p')
[ -n "$pv" ] && [ "$pv" -ge 23 ] || { echo "pahole $(pahole --version) is older than 1.23: nothing to compare"; exit 0; }
cp "$img" "$work/img.pahole"
# shellcheck disable=SC2086
pahole -J $flags --btf_encode_detached="$work/pahole.btf" "$work/img.pahole" \
	>"$work/pahole.log" 2>&1 || { cat "$work/pahole.log"; echo "FAIL: pahole failed"; exit 1; }
rm -f "$work/img.pahole"
funcs "$work/pahole.btf" >"$work/pahole.funcs"
p_tags=$(tags "$work/pahole.btf")
n=$(wc -l <"$work/pahole.funcs")
miss=$(comm -23 "$work/pahole.funcs" "$work/ours.funcs" | wc -l)
extra=$(comm -13 "$work/pahole.funcs" "$work/ours.funcs" | wc -l)
echo "pahole $(pahole --version): $n FUNC names, $p_tags TYPE_TAGs; btfencode misses $miss of them, has $extra more"
comm -23 "$work/pahole.funcs" "$work/ours.funcs" | head -20 | sed 's/^/	missing: /'
fail=0
[ $((miss * 200)) -le "$n" ] || { echo "FAIL: more than 0.5% of pahole's FUNC names missing"; fail=1; }
[ "$ours_tags" = "$p_tags" ] || { echo "FAIL: TYPE_TAG count differs from pahole's"; fail=1; }
exit $fail
