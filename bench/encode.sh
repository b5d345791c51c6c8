#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark: btfencode against pahole on Debian's 6.1 cloud vmlinux and on
# one of its modules (split BTF), N runs each, alternating.  Prints the
# median wall time, CPU time (user+sys), peak RSS and output size of each
# tool and the ratios ours/pahole.  Timing lives here, never in tests.
#
#   bench/encode.sh [-n RUNS] [-j JOBS] [BTFENCODE]
#
# pahole is Debian's /usr/bin/pahole (installed here if missing); another
# pahole first on PATH, or PAHOLE_NEW=/path/to/pahole, is measured too,
# with --btf_features=default,global_var.  The floor is build/bench/
# dwarf_walk: every DIE visited and every attribute decoded, nothing else.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
runs=5 jobs=2
while getopts n:j: o; do
	case $o in
	n) runs=$OPTARG ;;
	j) jobs=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-j JOBS] [BTFENCODE]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
ours=${1:-$top/build/btfencode}
[ -x "$ours" ] || { echo "no btfencode at $ours (build first)" >&2; exit 2; }
command -v pahole >/dev/null || {
	[ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dwarves >/dev/null
}
command -v /usr/bin/time >/dev/null || {
	[ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
}
pahole=/usr/bin/pahole
[ -x "$pahole" ] || pahole=$(command -v pahole)
if [ -z "${PAHOLE_NEW:-}" ] && [ "$(command -v pahole)" != "$pahole" ]; then
	PAHOLE_NEW=$(command -v pahole)
fi
walk=$(dirname "$ours")/bench/dwarf_walk
ver=6.1.0-50-cloud-amd64
tree=$("$top/tests/real/fetch-debian.sh" "linux-image-$ver-dbg")
vmlinux=$tree/usr/lib/debug/boot/vmlinux-$ver
ko=$(find "$tree/usr/lib/debug/lib/modules/$ver" -name x_tables.ko | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run NAME OUT CMD...: one timed run, appends "wall cpu rss size" to $work/NAME
run() {
	name=$1 out=$2
	shift 2
	/usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" ||
		{ echo "$name failed:"; cat "$work/err"; exit 1; }
	read -r wall user sys rss < "$work/t"
	echo "$wall $(echo "$user + $sys" | bc) $rss $(wc -c < "$out")" >> "$work/$name"
}

median() {	# column of $work/NAME
	sort -n -k"$2" "$work/$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

flags="--btf_gen_floats --lang_exclude=rust"
i=0
while [ $i -lt "$runs" ]; do
	run ours "$work/o.btf" "$ours" -j"$jobs" $flags --btf_encode_detached="$work/o.btf" "$vmlinux"
	run pahole "$work/p.btf" "$pahole" -j"$jobs" $flags --btf_encode_detached="$work/p.btf" "$vmlinux"
	if [ -n "${PAHOLE_NEW:-}" ]; then
		run pahole_new "$work/n.btf" "$PAHOLE_NEW" -j"$jobs" \
			--btf_features=default,global_var --lang_exclude=rust \
			--btf_encode_detached="$work/n.btf" "$vmlinux"
	fi
	[ -x "$walk" ] && run floor /dev/null "$walk" -j"$jobs" "$vmlinux"
	run ours_ko "$work/ok.btf" "$ours" $flags --btf_base="$work/o.btf" --btf_encode_detached="$work/ok.btf" "$ko"
	run pahole_ko "$work/pk.btf" "$pahole" --btf_gen_floats --btf_base="$work/p.btf" --btf_encode_detached="$work/pk.btf" "$ko"
	i=$((i + 1))
done

row() {	# NAME LABEL
	printf '%-28s %8s %8s %9s %10s\n' "$2" "$(median "$1" 1)" \
		"$(median "$1" 2)" "$(median "$1" 3)" "$(median "$1" 4)"
}
ratio() {	# A B COLUMN
	echo "scale=2; $(median "$1" "$3") / $(median "$2" "$3")" | bc
}
echo "input: $vmlinux ($(nproc) CPUs, -j$jobs, $runs runs, medians)"
printf '%-28s %8s %8s %9s %10s\n' tool wall_s cpu_s rss_kb out_bytes
row ours "btfencode (all VARs)"
row pahole "pahole $($pahole --version) (per-CPU VARs)"
[ -n "${PAHOLE_NEW:-}" ] && row pahole_new "pahole $($PAHOLE_NEW --version) global_var"
[ -x "$walk" ] && row floor "libdw walk floor"
row ours_ko "btfencode x_tables.ko"
row pahole_ko "pahole x_tables.ko"
echo "ratios ours/pahole: wall $(ratio ours pahole 1), cpu $(ratio ours pahole 2), rss $(ratio ours pahole 3); module: wall $(ratio ours_ko pahole_ko 1), rss $(ratio ours_ko pahole_ko 3)"
[ -x "$walk" ] && echo "ratio ours/floor: wall $(ratio ours floor 1)"
true
