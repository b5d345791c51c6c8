#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Driver of the encoder tests on the fixture images (CMakeLists.txt
# registers one ctest test per call).  Exit 0 pass, 1 fail, 77 skipped
# (the reason printed).
#
#   run_fixture.sh build BTFENCODE SRCDIR CC DWARF DIR
#	build vmlinux-fixtures/ into DIR with CC at DWARF 4 or 5, encode it
#	to DIR/vmlinux.btf (--btf_gen_floats) and DIR/novars.btf (also
#	--skip_encoding_btf_vars); the other modes use these
#   run_fixture.sh funcs GOLDEN DIR
#	the FUNC names of DIR/vmlinux.btf are exactly GOLDEN's
#   run_fixture.sh kload BTF_KLOAD DIR
#	the running kernel's BPF_BTF_LOAD verdict on every DIR/*.btf
#   run_fixture.sh embed BTFENCODE ELF_BTF_CMP DIR
#	-J on copies of DIR/vmlinux: add, replace (same, larger, smaller)
#   run_fixture.sh placeholder BTFENCODE ELF_BTF_CMP SRCDIR CC DIR
#	the fixture linked by ld.lld, whose empty allocated .BTF (the
#	kernel linker script's output section) -J fills; a second -J
#	refuses the now loaded .BTF, --btf_replace_loaded replaces it
#   run_fixture.sh libdw BTFENCODE BTFENCODE_LIBDW DIR
#	btfencode reading DWARF with plain libdw gives the bytes of the fast
#	path, with default options and with the two FUNC options (which
#	read the parameters' locations)
#   run_fixture.sh groups BTFENCODE CHECK_VARS CHECK_TYPES DIR GOLDEN...
#	with KBTF_GROUP_CUS=1 and 2 (a group per CU, or two) the image goes
#	through several groups and their merge: the same bytes for -j1,
#	-j2 and -j3, and the same VARs, types and FUNCs as the goldens
#	(GOLDEN...: vars.golden, then the types goldens)
#   run_fixture.sh jobs BTFENCODE DIR
#	-j1, -j2, -j4 and -j give the bytes of DIR/vmlinux.btf
#   run_fixture.sh bad BTFENCODE SRCDIR CC DIR KIND
#	a bad input made from DIR/vmlinux: exit 1, one line on stderr
#	naming the file, no crash, the -J target unchanged, no output
#   run_fixture.sh usage BTFENCODE DIR
#	usage errors exit 2 and touch nothing
set -u

FLOATS=--btf_gen_floats
. "$(dirname "$0")/lib.sh"

need_fixture() {
	if [ ! -f "$1/vmlinux" ] || [ ! -f "$1/vmlinux.btf" ]; then
		echo "FAIL: no fixture in $1 (did the build test pass?)"
		exit 1
	fi
}

mode_build() {
	enc=$1 src=$2 cc=$3 dw=$4 dir=$5

	if ! command -v "$cc" >/dev/null 2>&1; then
		echo "skipped: compiler $cc not found"
		exit 77
	fi
	rm -rf "$dir"
	mkdir -p "$dir" || exit 1
	"$src/build.sh" "$cc" "$dw" "$dir" || {
		echo "FAIL: building the fixture with $cc, DWARF $dw"
		exit 1
	}
	# the layout the tests rely on: the per-CPU section at 0 on x86-64,
	# at its load address elsewhere, with an object at its start; the
	# other data sections at kernel addresses, exit data gone
	addr=$(readelf -SW "$dir/vmlinux" | sed 's/\[ */[/' |
		awk '$2 == ".data..percpu" { print $4 }')
	if readelf -h "$dir/vmlinux" | grep -q 'Machine: *Advanced Micro Devices X86-64'; then
		[ "$addr" = 0000000000000000 ] ||
			fail "fixture: .data..percpu at '$addr', expected 0"
	else
		start=$(readelf -sW "$dir/vmlinux" |
			awk '$8 == "__per_cpu_start" { print $2 }')
		[ -n "$addr" ] && [ "$addr" = "$start" ] &&
			[ "$addr" != 0000000000000000 ] ||
			fail "fixture: .data..percpu at '$addr', expected __per_cpu_start '$start'"
	fi
	readelf -SW "$dir/vmlinux" | sed 's/\[ */[/' |
		awk '$2 == ".data" && $4 !~ /^ffff/ { exit 1 }' ||
		fail "fixture: .data not at a kernel address"
	readelf -sW "$dir/vmlinux" |
		grep -qE " $addr +48 OBJECT +GLOBAL .* fixed_percpu_data\$" ||
		fail "fixture: fixed_percpu_data is not the 48-byte object at the per-CPU start"
	! readelf -sW "$dir/vmlinux" | grep -qE ' (exit_global|exit_state)$' ||
		fail "fixture: .exit.data symbols were not discarded"
	[ $nr_fail -eq 0 ] || finish

	echo "$enc $FLOATS --stats --btf_encode_detached=$dir/vmlinux.btf $dir/vmlinux"
	"$enc" $FLOATS --stats --btf_encode_detached="$dir/vmlinux.btf" \
		"$dir/vmlinux"
	rc=$?
	[ $rc -eq 0 ] || fail "btfencode exit $rc"
	"$enc" $FLOATS --skip_encoding_btf_vars \
		--btf_encode_detached="$dir/novars.btf" "$dir/vmlinux"
	rc=$?
	[ $rc -eq 0 ] || fail "btfencode --skip_encoding_btf_vars exit $rc"
	finish
}

mode_funcs() {
	golden=$1 dir=$2

	need_fixture "$dir"
	grep -v '^#' "$golden" | sort >"$dir/funcs.want"
	bpftool btf dump file "$dir/vmlinux.btf" |
		awk '$2 == "FUNC" { gsub("\047", "", $3); print $3 }' |
		sort >"$dir/funcs.got" || fail "bpftool cannot read $dir/vmlinux.btf"
	if ! cmp -s "$dir/funcs.want" "$dir/funcs.got"; then
		fail "FUNC names differ from $golden (- wanted, + got):"
		diff "$dir/funcs.want" "$dir/funcs.got" | grep '^[<>]' |
			sed 's/^</	-/; s/^>/	+/'
	fi
	finish
}

mode_kload() {
	kload=$1 dir=$2 skipped=0 loaded=0

	need_fixture "$dir"
	for f in "$dir"/*.btf; do
		out=$("$kload" "$f")
		rc=$?
		echo "$f: $out"
		case $rc in
		0) loaded=$((loaded + 1)) ;;
		77) skipped=1 ;;
		*) fail "$f: rejected by the running kernel (exit $rc)" ;;
		esac
	done
	if [ $nr_fail -eq 0 ] && [ $skipped -eq 1 ]; then
		echo "skipped: the kernel cannot be asked (see above)"
		exit 77
	fi
	finish
}

# embed_check LABEL ORIG NEW RAW: elf_btf_cmp and readelf -a
embed_check() {
	if ! "$cmp_tool" "$2" "$3" "$4"; then
		fail "$1: $3 is not $2 plus .BTF = $4"
	fi
	readelf -a "$3" >/dev/null 2>"$work/readelf.err"
	rc=$?
	if [ $rc -ne 0 ] || [ -s "$work/readelf.err" ]; then
		fail "$1: readelf -a $3: exit $rc"
		sed 's/^/	readelf: /' "$work/readelf.err"
	fi
}

mode_embed() {
	enc=$1 cmp_tool=$2 dir=$3
	work=$dir/embed

	need_fixture "$dir"
	rm -rf "$work"
	mkdir -p "$work" || exit 1
	v=$work/vmlinux

	# add
	cp "$dir/vmlinux" "$v"
	run_enc "-J (add)" 0 "$work/err" "$enc" $FLOATS -J "$v"
	embed_check "-J (add)" "$dir/vmlinux" "$v" "$dir/vmlinux.btf"
	# the later steps start from this file
	[ $nr_fail -eq 0 ] || finish

	# replace with the same bytes: the file does not change
	cp "$v" "$work/vmlinux.1"
	run_enc "-J (replace)" 0 "$work/err" "$enc" $FLOATS -J "$v"
	embed_check "-J (replace)" "$dir/vmlinux" "$v" "$dir/vmlinux.btf"
	cmp -s "$v" "$work/vmlinux.1" ||
		fail "-J twice: the second run changed the file"
	[ $nr_fail -eq 0 ] || finish

	# replace with a smaller .BTF, then a larger one again
	run_enc "-J (smaller)" 0 "$work/err" "$enc" $FLOATS \
		--skip_encoding_btf_vars -J "$v"
	embed_check "-J (smaller)" "$dir/vmlinux" "$v" "$dir/novars.btf"
	run_enc "-J (larger)" 0 "$work/err" "$enc" $FLOATS -J "$v"
	embed_check "-J (larger)" "$dir/vmlinux" "$v" "$dir/vmlinux.btf"

	# no temporary file left beside the target
	left=$(ls -A "$work" | grep -v -x -e vmlinux -e vmlinux.1 \
		-e err -e err.out -e readelf.err)
	[ -z "$left" ] || fail "files left beside the target: $left"
	finish
}

mode_placeholder() {
	enc=$1 cmp_tool=$2 src=$3 cc=$4 dir=$5
	work=$dir

	command -v ld.lld >/dev/null 2>&1 ||
		{ echo "skipped: ld.lld not found (package lld)"; exit 77; }
	command -v "$cc" >/dev/null 2>&1 ||
		{ echo "skipped: compiler $cc not found"; exit 77; }
	rm -rf "$dir" && mkdir -p "$dir" || exit 1
	LD=ld.lld "$src/build.sh" "$cc" 5 "$dir" >"$dir/build.log" 2>&1 ||
		{ cat "$dir/build.log"; echo "FAIL: linking the fixture with ld.lld"; exit 1; }
	o=$dir/vmlinux v=$dir/vmlinux.filled
	# what the kernel's .tmp_vmlinux.btf has with ld.lld
	readelf -SW "$o" | sed 's/\[ */[/' |
		awk '$2 == ".BTF" && $6 == "000000" && $8 ~ /A/ { f = 1 } END { exit !f }' ||
		{ readelf -SW "$o"; echo "FAIL: no empty allocated .BTF in the ld.lld image"; exit 1; }
	"$enc" $FLOATS --btf_encode_detached="$dir/raw.btf" "$o" ||
		{ echo "FAIL: detached encode"; exit 1; }

	cp "$o" "$v"
	run_enc "-J (placeholder)" 0 "$dir/err" "$enc" $FLOATS -J "$v"
	embed_check "-J (placeholder)" "$o" "$v" "$dir/raw.btf"
	[ $nr_fail -eq 0 ] || finish

	# now a loaded .BTF with contents: refused, the file as it was
	cp "$v" "$dir/vmlinux.1"
	run_enc "-J (loaded .BTF)" 1 "$dir/err" "$enc" $FLOATS -J "$v"
	one_line "-J (loaded .BTF)" "$dir/err" "$v"
	grep -q -- "--btf_replace_loaded" "$dir/err" ||
		fail "-J (loaded .BTF): the message does not name --btf_replace_loaded"
	cmp -s "$v" "$dir/vmlinux.1" || fail "-J (loaded .BTF): the file changed"

	# unless asked
	run_enc "-J --btf_replace_loaded" 0 "$dir/err" "$enc" $FLOATS \
		--skip_encoding_btf_vars --btf_replace_loaded -J "$v"
	"$enc" $FLOATS --skip_encoding_btf_vars \
		--btf_encode_detached="$dir/novars.btf" "$o"
	embed_check "-J --btf_replace_loaded" "$o" "$v" "$dir/novars.btf"
	finish
}

mode_libdw() {
	enc=$1 plain=$2 dir=$3
	work=$dir/libdw

	need_fixture "$dir"
	rm -rf "$work"
	mkdir -p "$work" || exit 1
	for opts in "" "--skip_encoding_btf_inconsistent_proto --btf_gen_optimized"; do
		for b in "$enc" "$plain"; do
			# shellcheck disable=SC2086
			run_enc "$(basename "$b") $opts" 0 "$work/err" "$b" \
				$FLOATS -j2 $opts \
				--btf_encode_detached="$work/$(basename "$b").btf" \
				"$dir/vmlinux"
		done
		cmp "$work/$(basename "$enc").btf" "$work/$(basename "$plain").btf" ||
			fail "plain libdw and the fast path differ (options: ${opts:-none})"
	done
	finish
}

mode_groups() {
	enc=$1 cvars=$2 ctypes=$3 dir=$4
	shift 4
	vgold=$1
	shift
	work=$dir/groups

	need_fixture "$dir"
	rm -rf "$work"
	mkdir -p "$work" || exit 1
	for n in 1 2; do
		for j in -j1 -j2 -j3; do
			KBTF_GROUP_CUS=$n run_enc "groups of $n, $j" 0 "$work/err" \
				"$enc" $FLOATS $j \
				--btf_encode_detached="$work/g$n$j.btf" "$dir/vmlinux"
			cmp -s "$work/g$n-j1.btf" "$work/g$n$j.btf" ||
				fail "groups of $n: $j gives other bytes than -j1"
		done
		"$cvars" "$work/g$n-j1.btf" "$dir/vmlinux" "$vgold" ||
			fail "groups of $n: VARs differ from $vgold"
		"$ctypes" "$work/g$n-j1.btf" "$dir/vmlinux" "$@" ||
			fail "groups of $n: types differ from the goldens"
		bpftool btf dump file "$work/g$n-j1.btf" |
			awk '$2 == "FUNC" { print $3 }' | sort >"$work/funcs$n"
		bpftool btf dump file "$dir/vmlinux.btf" |
			awk '$2 == "FUNC" { print $3 }' | sort >"$work/funcs"
		cmp -s "$work/funcs" "$work/funcs$n" ||
			fail "groups of $n: other FUNCs than in one group"
	done
	finish
}

mode_jobs() {
	enc=$1 dir=$2
	work=$dir/jobs

	need_fixture "$dir"
	rm -rf "$work"
	mkdir -p "$work" || exit 1
	for j in -j1 -j2 -j4 -j; do
		out=$work/vmlinux$j.btf
		run_enc "$j" 0 "$work/err" "$enc" $FLOATS $j \
			--btf_encode_detached="$out" "$dir/vmlinux"
		if ! cmp "$dir/vmlinux.btf" "$out"; then
			fail "$j: output differs from the default (one thread)"
		fi
	done
	finish
}

# section_range FILE NAME: "offset size" (decimal) of section NAME
section_range() {
	readelf -SW "$1" | sed 's/\[ */[/' |
		awk -v n="$2" '$2 == n { printf "%d %d\n", "0x" $5, "0x" $6 }'
}

# fill FILE OFFSET COUNT BYTE(octal): overwrite COUNT bytes
fill() {
	i=0
	: >"$work/fill"
	while [ $i -lt "$3" ]; do
		printf "\\$4" >>"$work/fill"
		i=$((i + 1))
	done
	dd if="$work/fill" of="$1" bs=1 seek="$2" conv=notrunc status=none
}

make_bad() {
	kind=$1 in=$2 src=$3 cc=$4 dir=$5

	case $kind in
	text)
		printf 'this is not an ELF file\n' >"$in" ;;
	empty)
		: >"$in" ;;
	dir)
		mkdir "$in" ;;
	missing)
		;;
	truncated)
		size=$(wc -c <"$dir/vmlinux")
		head -c $((size / 2)) "$dir/vmlinux" >"$in" ;;
	truncated_ehdr)
		head -c 40 "$dir/vmlinux" >"$in" ;;
	nodebug)
		cp "$dir/vmlinux" "$in" && strip --strip-debug "$in" ;;
	nosymtab)
		# objcopy will not remove .symtab by name; strip all but DWARF
		cp "$dir/vmlinux" "$in" &&
		objcopy --strip-all --wildcard --keep-section='.debug_*' "$in" ;;
	corrupt)
		# 0xff bytes in the middle of .debug_info
		cp "$dir/vmlinux" "$in"
		set -- $(section_range "$in" .debug_info)
		fill "$in" $(($1 + $2 / 2)) 256 377 ;;
	corrupt_die)
		# 0xff bytes among the first CU's DIEs (past its header and
		# its CU DIE): abbreviation codes that do not exist
		cp "$dir/vmlinux" "$in"
		set -- $(section_range "$in" .debug_info)
		fill "$in" $(($1 + 0x60)) 32 377 ;;
	corrupt_hdr)
		# the first unit_length becomes 0xfffffff0 (reserved)
		cp "$dir/vmlinux" "$in"
		set -- $(section_range "$in" .debug_info)
		fill "$in" "$1" 1 360
		fill "$in" $(($1 + 1)) 3 377 ;;
	split)
		"$cc" -g -gsplit-dwarf -O2 -fno-pic -c "$src/mm.c" -o "$in" ;;
	*)
		echo "unknown bad input kind $kind" >&2
		exit 2 ;;
	esac
}

mode_bad() {
	enc=$1 src=$2 cc=$3 dir=$4 kind=$5
	work=$dir/bad-$kind

	need_fixture "$dir"
	rm -rf "$work"
	mkdir -p "$work" || exit 1
	in=$work/input
	make_bad "$kind" "$in" "$src" "$cc" "$dir" || {
		echo "FAIL: cannot make the $kind input"
		exit 1
	}
	if [ -f "$in" ]; then
		cp "$in" "$work/input.orig"
	fi

	# -J: exit 1, one line naming the file, the file untouched
	run_enc "$kind -J" 1 "$work/err" "$enc" $FLOATS -J "$in"
	one_line "$kind -J" "$work/err" "$in"
	if [ -f "$work/input.orig" ]; then
		cmp -s "$in" "$work/input.orig" ||
			fail "$kind -J: $in was modified"
	elif [ -e "$in" ] && [ ! -d "$in" ]; then
		fail "$kind -J: $in was created"
	fi

	# detached: the same, and no output file
	run_enc "$kind detached" 1 "$work/err" "$enc" $FLOATS \
		--btf_encode_detached="$work/out.btf" "$in"
	one_line "$kind detached" "$work/err" "$in"
	[ ! -e "$work/out.btf" ] || fail "$kind detached: $work/out.btf written"

	left=$(ls -A "$work" | grep -v -x -e input -e input.orig -e fill \
		-e err -e err.out -e input.dwo)
	[ -z "$left" ] || fail "$kind: files left behind: $left"
	finish
}

mode_usage() {
	enc=$1 dir=$2
	work=$dir/usage

	need_fixture "$dir"
	rm -rf "$work"
	mkdir -p "$work" || exit 1
	v=$work/vmlinux
	cp "$dir/vmlinux" "$v"
	run_enc "no FILE" 2 "$work/err" "$enc"
	run_enc "-J, no FILE" 2 "$work/err" "$enc" -J
	run_enc "unknown option" 2 "$work/err" "$enc" --frobnicate -J "$v"
	run_enc "two FILEs" 2 "$work/err" "$enc" -J "$v" "$v"
	run_enc "nothing to do" 2 "$work/err" "$enc" "$v"
	run_enc "bad -j" 2 "$work/err" "$enc" -j0 -J "$v"
	cmp -s "$v" "$dir/vmlinux" || fail "a usage error modified $v"
	run_enc "--help" 0 "$work/err" "$enc" --help
	finish
}

mode=${1:-}
[ $# -gt 0 ] && shift
case $mode in
build)	[ $# -eq 5 ] && mode_build "$@" ;;
kload)	[ $# -eq 2 ] && mode_kload "$@" ;;
embed)	[ $# -eq 3 ] && mode_embed "$@" ;;
jobs)	[ $# -eq 2 ] && mode_jobs "$@" ;;
funcs)	[ $# -eq 2 ] && mode_funcs "$@" ;;
libdw)	[ $# -eq 3 ] && mode_libdw "$@" ;;
groups)	[ $# -ge 6 ] && mode_groups "$@" ;;
placeholder) [ $# -eq 5 ] && mode_placeholder "$@" ;;
bad)	[ $# -eq 5 ] && mode_bad "$@" ;;
usage)	[ $# -eq 2 ] && mode_usage "$@" ;;
esac
echo "usage: run_fixture.sh build|kload|funcs|libdw|groups|embed|jobs|placeholder|bad|usage ARGS (see the script)" >&2
exit 2
