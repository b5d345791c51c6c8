#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Before and after: two or more btfencode binaries on the same vmlinux,
# run in turn (A B C A B C ...) so that the machine's changing load falls
# on all of them alike.  Prints each one's median wall time and peak RSS
# and its wall time as a ratio to the first.  Timing lives here, never in
# tests.
#
#   bench/ab.sh [-n ROUNDS] [-j JOBS] [-i VMLINUX] BTFENCODE_A BTFENCODE_B...
#
# VMLINUX defaults to the one bench/encode.sh uses (Debian's 6.1 cloud
# image, fetched into the cache as there).  Flags: the defaults a 6.1 kernel build passes.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=7 jobs=2 img=
while getopts n:j:i: o; do
	case $o in
	n) rounds=$OPTARG ;;
	j) jobs=$OPTARG ;;
	i) img=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { echo "usage: $0 [-n ROUNDS] [-j JOBS] [-i VMLINUX] A B..." >&2; exit 2; }
if [ -z "$img" ]; then
	ver=6.1.0-50-cloud-amd64
	tree=$("$here/tests/real/fetch-debian.sh" "linux-image-$ver-dbg") ||
		{ echo "$0: cannot fetch linux-image-$ver-dbg; pass -i VMLINUX" >&2; exit 1; }
	img=$tree/usr/lib/debug/boot/vmlinux-$ver
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

r=0
while [ $r -lt "$rounds" ]; do
	i=0
	for b; do
		/usr/bin/time -f '%e %M' -o "$tmp/t" "$b" -j"$jobs" \
			--btf_gen_floats --lang_exclude=rust \
			--btf_encode_detached="$tmp/out" "$img" 2>/dev/null ||
			{ echo "$0: $b failed on $img" >&2; exit 1; }
		cat "$tmp/t" >>"$tmp/$i"
		i=$((i + 1))
	done
	r=$((r + 1))
done

med() {	# column $2 of file $1, median
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
echo "input: $img ($rounds rounds, -j$jobs, medians)"
printf '%-50s %8s %10s %8s\n' binary wall_s rss_kb vs_first
i=0 first=
for b; do
	w=$(med "$tmp/$i" 1) m=$(med "$tmp/$i" 2)
	[ -n "$first" ] || first=$w
	printf '%-50s %8s %10s %8s\n' "$b" "$w" "$m" \
		"$(awk -v a="$w" -v b="$first" 'BEGIN { printf "%.3f", a / b }')"
	i=$((i + 1))
done
