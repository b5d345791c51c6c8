#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The FUNC names btfencode and pahole disagree on, each with the reason
# the tool that left it out gave (issue 11, item 4):
#
#   scripts/func-diff.sh [-p PAHOLE_NEW] OUTDIR NAME=VMLINUX...
#
# Per image, two comparisons: btfencode and Debian 12's pahole (1.24)
# with default flags (-j2 --btf_gen_floats --lang_exclude=rust), and,
# with -p, btfencode and that newer pahole (built from its source; never
# committed) with the flags a 6.1 kernel passes to a v1.25+ encoder
# (--skip_encoding_btf_inconsistent_proto --btf_gen_optimized).  Writes
# OUTDIR/NAME.txt: one line per name, "side<TAB>reason<TAB>name", where
# side says which tool has the FUNC; prints the counts by reason.
# btfencode's reasons come from its -V log ("function X: no FUNC: why"),
# pahole's from its -V log ("X : skipping BTF encoding of function due
# to why").  Heavy: run it under the machine's heavy lock.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
enc=${BTFENCODE:-$here/build/btfencode}
p124=${PAHOLE:-pahole}
pnew=
if [ "${1:-}" = -p ]; then
	pnew=$2
	shift 2
fi
[ $# -ge 2 ] || { echo "usage: $0 [-p PAHOLE_NEW] OUTDIR NAME=VMLINUX..." >&2; exit 2; }
out=$1
shift
mkdir -p "$out" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

base="-j2 --btf_gen_floats --lang_exclude=rust"
k61="--skip_encoding_btf_inconsistent_proto --btf_gen_optimized"

funcs() {
	bpftool btf dump file "$1" |
		awk '$2 == "FUNC" { gsub("\047", "", $3); print $3 }' | sort -u
}

# ours_reason LOG NAME: why btfencode has no FUNC for NAME
ours_reason() {
	r=$(grep -F "function $2: no FUNC: " "$1" | head -1 | sed 's/.*no FUNC: //')
	echo "${r:-no DWARF subprogram paired with a function symbol}"
}

# pahole_reason LOG NAME: why pahole has no FUNC for NAME
pahole_reason() {
	r=$(grep -F "$2 : skipping" "$1" | grep "^$2 : " | head -1 |
		sed 's/.*due to //; s/ for param.*//; s/; .*//; s/ *param#[0-9]*//')
	echo "${r:-left out, no reason in pahole -V}"
}

# compare LABEL OURS_BTF OURS_LOG PAHOLE_BTF PAHOLE_LOG
compare() {
	funcs "$2" >"$tmp/o"
	funcs "$4" >"$tmp/p"
	echo "== $1: btfencode $(wc -l <"$tmp/o"), pahole $(wc -l <"$tmp/p")"
	comm -23 "$tmp/p" "$tmp/o" | while read -r n; do
		printf 'pahole only\t%s\t%s\n' "$(ours_reason "$3" "$n")" "$n"
	done >"$tmp/d"
	comm -13 "$tmp/p" "$tmp/o" | while read -r n; do
		printf 'btfencode only\t%s\t%s\n' "$(pahole_reason "$5" "$n")" "$n"
	done >>"$tmp/d"
	{
		echo "# $1"
		cat "$tmp/d"
	} >>"$outf"
	cut -f1,2 "$tmp/d" | sort | uniq -c | sort -k2,3 -k1rn |
		sed 's/^/   /'
}

for arg; do
	name=${arg%%=*} img=${arg#*=}
	outf=$out/$name.txt
	printf '# SPDX-License-Identifier: GPL-2.0-only\n# %s by scripts/func-diff.sh: side<TAB>reason<TAB>name\n' \
		"$name" >"$outf"
	"$enc" -V $base --btf_encode_detached="$tmp/o.btf" "$img" 2>"$tmp/o.log" ||
		{ echo "$name: btfencode failed" >&2; exit 1; }
	"$p124" -V -J $base --btf_encode_detached="$tmp/p.btf" "$img" \
		>"$tmp/p.log" 2>&1 || { echo "$name: pahole failed" >&2; exit 1; }
	compare "$name, default flags, pahole $("$p124" --version)" \
		"$tmp/o.btf" "$tmp/o.log" "$tmp/p.btf" "$tmp/p.log"
	[ -n "$pnew" ] || continue
	"$enc" -V $base $k61 --btf_encode_detached="$tmp/o.btf" "$img" \
		2>"$tmp/o.log" || { echo "$name: btfencode failed" >&2; exit 1; }
	"$pnew" -V -J $base $k61 --btf_encode_detached="$tmp/p.btf" "$img" \
		>"$tmp/p.log" 2>&1 || { echo "$name: $pnew failed" >&2; exit 1; }
	compare "$name, 6.1 kernel flags, pahole $("$pnew" --version)" \
		"$tmp/o.btf" "$tmp/o.log" "$tmp/p.btf" "$tmp/p.log"
done
