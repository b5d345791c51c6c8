#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The real-kernel test on Debian's linux-image-6.1.0-50-cloud-amd64-dbg
# vmlinux (issue 2): encode it with btfencode and hold the result against
# the running kernel, Debian's own .BTF, System.map, the ELF symbol table
# and an independent scan of the DWARF.
#
#	debian-vmlinux.sh [OPTIONS] [STEP]
#
# STEP is one of
#	prepare	fetch the package (fetch-debian.sh), encode it (timed, beside
#		pahole when installed; info only) and extract what the checks
#		read into the work directory
#	kload	(a) the running kernel accepts our BTF (BPF_BTF_LOAD)
#	percpu	(b) every per-CPU VAR of Debian's .BTF is a VAR in our
#		.data..percpu DATASEC
#	sysmap	(c) every DATASEC entry: section sh_addr + offset is a
#		System.map address of its name, and its size is the size of
#		the ELF symbol of that name at that address
#	overlap	(d) no DATASEC has overlapping entries or entries past its end
#	dwarf	(e) every object that dwarf_vars_scan finds is a VAR at its
#		address with its size, counted per section
#	layout	(f) btf_layout_cmp of Debian's .BTF against ours: no mismatch
#	jobs	the output is byte-identical for -j1, -j2 (again) and -j3
#	all	(default) prepare, then every check
# Each check prints one line "PASS|FAIL|SKIP <check>: ..." (details of a
# failure follow it) and exits 0, 1 or 77; "all" exits 1 when a check
# failed, 77 when nothing could run, else 0.
#
# Options (environment variable in brackets; defaults for a tree built in
# <checkout>/build):
#	--btfencode BIN	[BTFENCODE]
#	--kload BIN	[BTF_KLOAD]	tests/tools/btf_kload.c
#	--scan BIN	[DWARF_VARS_SCAN] tests/tools/dwarf_vars_scan.c
#	--vars BIN	[BTF_VARS]	tests/tools/btf_vars.c
#	--cmp BIN	[BTF_LAYOUT_CMP] tests/tools/btf_layout_cmp.c
#	--workdir DIR	[KBTF_WORKDIR]	default ${TMPDIR:-/tmp}/kbtf-debian-vmlinux
# KBTF_CACHE is passed on to fetch-debian.sh; KBTF_NO_PAHOLE=1 leaves out
# the pahole timing.
#
# Needs: apt-get, dpkg (fetch), awk, sort, /usr/bin/time (package time;
# without it the encode is not timed), pahole (dwarves; optional).
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$top/build
kver=6.1.0-50-cloud-amd64
pkg=linux-image-$kver-dbg

btfencode=${BTFENCODE:-$build/btfencode}
kload=${BTF_KLOAD:-$build/tests/btf_kload}
scan=${DWARF_VARS_SCAN:-$build/tests/real/dwarf_vars_scan}
vars=${BTF_VARS:-$build/tests/real/btf_vars}
cmp=${BTF_LAYOUT_CMP:-$build/tests/real/btf_layout_cmp}
wd=${KBTF_WORKDIR:-${TMPDIR:-/tmp}/kbtf-debian-vmlinux}
step=all

while [ $# -gt 0 ]; do
	case $1 in
	--btfencode) btfencode=$2; shift 2 ;;
	--kload) kload=$2; shift 2 ;;
	--scan) scan=$2; shift 2 ;;
	--vars) vars=$2; shift 2 ;;
	--cmp) cmp=$2; shift 2 ;;
	--workdir) wd=$2; shift 2 ;;
	-h | --help) sed -n '3,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "debian-vmlinux.sh: unknown option $1" >&2; exit 2 ;;
	*) step=$1; shift ;;
	esac
done

T=$(printf '\t')
MAX_SHOWN=20

# "first N lines of FILE" with a note on how many more there are
show() {
	n=$(wc -l <"$1")
	head -n "$MAX_SHOWN" "$1" | sed 's/^/	/'
	[ "$n" -le "$MAX_SHOWN" ] || echo "	... and $((n - MAX_SHOWN)) more (all in $1)"
}

mb() {
	echo "$(( ($1 + 1023) / 1024 )) MB"
}

# Run "$@" timed into file $1 as "SECONDS KB"; plain when there is no
# /usr/bin/time.
timed() {
	out=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%e %M' -o "$out" "$@"
	else
		rm -f "$out"
		"$@"
	fi
}

time_info() {
	if [ -s "$2" ]; then
		read -r secs kb <"$2"
		echo "info: $1: $secs s wall, $(mb "$kb") peak RSS"
	else
		echo "info: $1: not timed (no /usr/bin/time: package time)"
	fi
}

need_tool() {
	[ -x "$2" ] || {
		echo "FAIL $1: $2 not built"
		exit 1
	}
}

do_prepare() {
	mkdir -p "$wd" || { echo "FAIL prepare: cannot create $wd"; return 1; }
	rm -f "$wd/prepared" "$wd/skipped"
	need_tool prepare "$btfencode"
	need_tool prepare "$scan"
	need_tool prepare "$vars"
	out=$(sh "$here/fetch-debian.sh" "$pkg")
	rc=$?
	if [ $rc -eq 77 ]; then
		echo "${out#skipped: }" >"$wd/skipped"
		echo "SKIP prepare: $pkg: ${out#skipped: }"
		return 77
	fi
	if [ $rc -ne 0 ]; then
		echo "FAIL prepare: fetch-debian.sh $pkg failed ($rc)"
		return 1
	fi
	tree=$out
	vmlinux=$tree/usr/lib/debug/boot/vmlinux-$kver
	sysmap=$tree/usr/lib/debug/boot/System.map-$kver
	for f in "$vmlinux" "$sysmap"; do
		[ -f "$f" ] || { echo "FAIL prepare: $f missing"; return 1; }
	done
	echo "info: $vmlinux"

	rm -f "$wd/ours.btf"
	timed "$wd/time.ours" "$btfencode" -j2 --btf_gen_floats \
		--lang_exclude=rust --btf_encode_detached="$wd/ours.btf" \
		"$vmlinux" 2>"$wd/encode.log"
	rc=$?
	if [ $rc -ne 0 ] || [ ! -s "$wd/ours.btf" ]; then
		echo "FAIL prepare: btfencode exited $rc; its messages:"
		show "$wd/encode.log"
		return 1
	fi
	time_info "btfencode -j2 --btf_gen_floats --lang_exclude=rust" \
		"$wd/time.ours"
	if [ -z "${KBTF_NO_PAHOLE:-}" ] && command -v pahole >/dev/null 2>&1; then
		if timed "$wd/time.pahole" pahole -j2 --btf_gen_floats \
			--lang_exclude=rust \
			--btf_encode_detached="$wd/pahole.btf" "$vmlinux" \
			>"$wd/pahole.log" 2>&1; then
			time_info "pahole $(pahole --version) -j2 --btf_gen_floats --lang_exclude=rust" \
				"$wd/time.pahole"
		else
			echo "info: pahole failed (see $wd/pahole.log)"
		fi
		rm -f "$wd/pahole.btf"
	fi

	"$vars" --elf "$vmlinux" "$wd/ours.btf" >"$wd/ours.vars" ||
		{ echo "FAIL prepare: btf_vars on our BTF failed"; return 1; }
	"$vars" --elf "$vmlinux" "$vmlinux" >"$wd/debian.vars" ||
		{ echo "FAIL prepare: btf_vars on Debian's .BTF failed"; return 1; }
	"$scan" -j2 "$vmlinux" >"$wd/dwarf.vars" 2>"$wd/dwarf.log" ||
		{ echo "FAIL prepare: dwarf_vars_scan failed:"; show "$wd/dwarf.log"; return 1; }
	printf 'vmlinux=%s\nsysmap=%s\n' "$vmlinux" "$sysmap" >"$wd/paths"

	awk -F"$T" '
		/^#DATASEC/ { order[++nsec] = $2; next }
		{ n++; if ($6 == "VAR") nv++; per[$1]++ }
		END {
			s = ""
			for (i = 1; i <= nsec; i++)
				s = s sprintf(" %s %d,", order[i], per[order[i]])
			sub(/,$/, "", s)
			printf "info: ours: %d VARs in %d DATASECs (%d entries):%s\n", nv, nsec, n, s
		}' "$wd/ours.vars"
	touch "$wd/prepared"
	echo "PASS prepare: encoded, data in $wd"
	return 0
}

# Every check starts here: 77 unless prepare succeeded.
prepared() {
	if [ ! -f "$wd/prepared" ]; then
		if [ -s "$wd/skipped" ]; then
			echo "SKIP $1: $(cat "$wd/skipped")"
		else
			echo "SKIP $1: not prepared (run debian-vmlinux.sh prepare; work directory $wd)"
		fi
		return 1
	fi
	vmlinux=$(sed -n 's/^vmlinux=//p' "$wd/paths")
	sysmap=$(sed -n 's/^sysmap=//p' "$wd/paths")
	return 0
}

# Issue 5: the output is the same for every -j and every run.
do_jobs() {
	prepared jobs || return 77
	for j in 1 2 3; do
		"$btfencode" -j$j --btf_gen_floats --lang_exclude=rust \
			--btf_encode_detached="$wd/jobs-$j.btf" "$vmlinux" \
			2>"$wd/jobs.log" ||
			{ echo "FAIL jobs: btfencode -j$j failed"; show "$wd/jobs.log"; return 1; }
		if ! cmp -s "$wd/ours.btf" "$wd/jobs-$j.btf"; then
			echo "FAIL jobs: -j$j output differs from the -j2 output of prepare"
			return 1
		fi
	done
	rm -f "$wd"/jobs-*.btf
	echo "PASS jobs: -j1, -j2 (a second run) and -j3 give byte-identical BTF"
	return 0
}

do_kload() {
	prepared kload || return 77
	need_tool kload "$kload"
	out=$("$kload" "$wd/ours.btf")
	rc=$?
	case $rc in
	0) echo "PASS kload: kernel $(uname -r) accepts our BTF (BPF_BTF_LOAD)" ;;
	77) echo "SKIP kload: ${out#skipped: }" ;;
	*) echo "FAIL kload: kernel $(uname -r): $out" ;;
	esac
	return $rc
}

do_percpu() {
	prepared percpu || return 77
	awk -F"$T" -v miss="$wd/percpu.miss" '
		FNR == NR {
			if ($1 == ".data..percpu" && $6 == "VAR") { want[$2] = 1; nwant++ }
			next
		}
		$1 == ".data..percpu" && $6 == "VAR" { have[$2] = 1; nhave++ }
		END {
			for (k in want)
				if (!(k in have)) { print k > miss; nmiss++ }
			close(miss)
			if (!nwant) {
				print "FAIL percpu: no per-CPU VAR in Debian'\''s .BTF"
				exit 1
			}
			printf "%s percpu: %d/%d per-CPU VARs of Debian'\''s .BTF are VARs in our .data..percpu (ours has %d)\n",
				nmiss ? "FAIL" : "PASS", nwant - nmiss, nwant, nhave
			exit nmiss ? 1 : 0
		}' "$wd/debian.vars" "$wd/ours.vars" </dev/null
	rc=$?
	[ $rc -eq 0 ] || { [ -s "$wd/percpu.miss" ] && sort "$wd/percpu.miss" >"$wd/percpu.miss.s" && show "$wd/percpu.miss.s"; }
	return $rc
}

do_sysmap() {
	prepared sysmap || return 77
	rm -f "$wd/sysmap.bad"
	awk -F"$T" -v bad="$wd/sysmap.bad" '
		FNR == NR {
			split($0, f, " ")
			at[f[3]] = at[f[3]] " " f[1] " "
			next
		}
		/^#/ { next }
		{
			n++
			if ($5 == "-") {
				nsec++
				printf "%s %s: no ELF section %s\n", $1, $2, $1 > bad
			} else if (!($2 in at)) {
				nmap++
				printf "%s %s at %s: not in System.map\n", $1, $2, $5 > bad
			} else if (index(at[$2], " " $5 " ") == 0) {
				naddr++
				printf "%s %s: sh_addr + %s = %s, System.map has%s\n", $1, $2, $3, $5, at[$2] > bad
			}
			if ($5 != "-" && $7 != $4) {
				nsize++
				printf "%s %s at %s: entry size %s, ELF symbol size %s\n", $1, $2, $5, $4, $7 > bad
			}
		}
		END {
			nbad = nsec + nmap + naddr + nsize
			printf "%s sysmap: %d entries: %d at their System.map address, %d not in System.map, %d at another address, %d without section; %d sized unlike their ELF symbol\n",
				nbad ? "FAIL" : "PASS", n, n - nsec - nmap - naddr, nmap, naddr, nsec, nsize
			exit nbad ? 1 : 0
		}' "$sysmap" "$wd/ours.vars"
	rc=$?
	[ $rc -eq 0 ] || show "$wd/sysmap.bad"
	return $rc
}

do_overlap() {
	prepared overlap || return 77
	rm -f "$wd/overlap.bad"
	awk -F"$T" '/^#DATASEC/ { print $2 T 0 T $3 T "#" T "#"; next } { print $1 T $3 T $4 T $2 T "" }' T="$T" \
		"$wd/ours.vars" | sort -t "$T" -k1,1 -k2,2n -k5,5r |
	awk -F"$T" -v bad="$wd/overlap.bad" '
		$4 == "#" { sec = $1; secsize = $3; end = 0; prev = ""; nsec++; next }
		{
			n++
			if ($2 < end) {
				nover++
				printf "%s: %s at %d size %d overlaps %s (ends at %d)\n", sec, $4, $2, $3, prev, end > bad
			}
			if ($2 + $3 > secsize) {
				npast++
				printf "%s: %s at %d size %d ends past the DATASEC size %d\n", sec, $4, $2, $3, secsize > bad
			}
			if ($2 + $3 > end) { end = $2 + $3; prev = $4 }
		}
		END {
			printf "%s overlap: %d entries in %d DATASECs: %d overlapping, %d past the end of their DATASEC\n",
				nover + npast ? "FAIL" : "PASS", n, nsec, nover, npast
			exit nover + npast ? 1 : 0
		}'
	rc=$?
	[ $rc -eq 0 ] || show "$wd/overlap.bad"
	return $rc
}

do_dwarf() {
	prepared dwarf || return 77
	rm -f "$wd/dwarf.miss"
	awk -F"$T" -v miss="$wd/dwarf.miss" '
		FNR == NR {
			if ($0 !~ /^#/ && $6 == "VAR") have[$1 SUBSEP $2 SUBSEP $5 SUBSEP $4] = 1
			next
		}
		{
			n++
			if (!($1 in tot))
				order[++nsec] = $1
			tot[$1]++
			if (($1 SUBSEP $2 SUBSEP $3 SUBSEP $4) in have) {
				ok[$1]++
			} else {
				nmiss++
				printf "%s %s at %s size %d (%s): no such VAR\n", $1, $2, $3, $4, $5 > miss
			}
		}
		END {
			s = ""
			for (i = 1; i <= nsec; i++)
				s = s sprintf(" %s %d/%d,", order[i], ok[order[i]], tot[order[i]])
			sub(/,$/, "", s)
			printf "%s dwarf: %d/%d DWARF objects are VARs at their address and size; per section:%s\n",
				nmiss ? "FAIL" : "PASS", n - nmiss, n, s
			exit nmiss ? 1 : 0
		}' "$wd/ours.vars" "$wd/dwarf.vars"
	rc=$?
	[ $rc -eq 0 ] || show "$wd/dwarf.miss"
	return $rc
}

do_layout() {
	prepared layout || return 77
	need_tool layout "$cmp"
	"$cmp" "$vmlinux" "$wd/ours.btf" >"$wd/layout.txt" 2>&1
	rc=$?
	summary=$(tail -n 1 "$wd/layout.txt")
	case $rc in
	0) echo "PASS layout: ${summary#btf_layout_cmp: }" ;;
	*)
		echo "FAIL layout: ${summary#btf_layout_cmp: }"
		grep -v '^btf_layout_cmp:' "$wd/layout.txt" |
			awk '/^(mismatch|missing)/ { n++ } n <= '"$MAX_SHOWN"' { print }' |
			cut -c 1-400 | sed 's/^/	/'
		n=$(grep -c -E '^(mismatch|missing)' "$wd/layout.txt")
		[ "$n" -le "$MAX_SHOWN" ] ||
			echo "	... and $((n - MAX_SHOWN)) more (all in $wd/layout.txt)"
		rc=1
		;;
	esac
	return $rc
}

case $step in
prepare | kload | percpu | sysmap | overlap | dwarf | layout | jobs)
	"do_$step"
	exit $?
	;;
all)
	do_prepare
	rc=$?
	[ $rc -eq 1 ] && exit 1
	nfail=0
	nrun=0
	for c in kload percpu sysmap overlap dwarf layout jobs; do
		"do_$c"
		case $? in
		0) nrun=$((nrun + 1)) ;;
		77) ;;
		*) nrun=$((nrun + 1)); nfail=$((nfail + 1)) ;;
		esac
	done
	[ $nfail -eq 0 ] || exit 1
	[ $nrun -gt 0 ] || exit 77
	exit 0
	;;
*)
	echo "debian-vmlinux.sh: unknown step '$step'" >&2
	exit 2
	;;
esac
