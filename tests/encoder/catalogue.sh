#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The bad-input catalogue (issue 15): inputs a user may hand btfencode,
# each made at test time from the fixture image.  Each gives either
# correct output or exactly one line on stderr naming the file and the
# problem, exit 1, the -J target byte-identical to before and nothing
# left beside it.  Exit 0 pass, 1 fail, 77 skipped (the reason printed).
#
#   catalogue.sh CASE TOOLDIR SRCDIR CC FIXDIR GOLDENDIR
#
# TOOLDIR is the build directory (btfencode, validator/btfvalidate,
# tests/encoder/{check_vars,check_types,elf_btf_cmp}); SRCDIR
# vmlinux-fixtures/; FIXDIR the built fixture of CC at DWARF 5 (with its
# vmlinux.btf); GOLDENDIR tests/encoder.  Cases:
#
#   cut		the file cut at every section's start and end
#   past_end	section headers pointing past the end of the file
#   zlib	SHF_COMPRESSED debug sections, zlib: the same BTF
#   zstd	the same with zstd: "Debian 12's libdw cannot read it"
#   dwz		dwz -m: the common file (.gnu_debugaltlink) there: correct
#		BTF; missing: one line naming it; dwz on one file: correct
#   split	-gsplit-dwarf, an object and a linked image: "split DWARF"
#   lto		gcc -flto: the units refer to each other (DW_FORM_ref_addr)
#   xindex	more than 65,535 sections (SHN_XINDEX): the object's BTF
#   debuglink	a stripped image and its debug file (.gnu_debuglink):
#		the BTF of the unstripped image; missing or not matching
#		debug file: one line
#   nobits	a NOBITS .BTF: filled by -J when not loaded, refused when
#		loaded; as --btf_base: one line; btfvalidate: one line
#   readonly	-J on a read-only file and in a read-only directory
#   names	a DWARF name corrupted into one the kernel refuses: a
#		warning naming the CU and the DIE, BTF the kernel takes
#   kernel	BTF an older kernel would reject (--kernel-version 5.10:
#		ENUM64, FLOAT): one line with the kernel's reason, nothing
#		written; without those kinds it encodes
set -u

FLOATS=--btf_gen_floats
. "$(dirname "$0")/lib.sh"

skip() {
	echo "skipped: $*"
	exit 77
}

# leftovers LABEL DIR NAME...: no file in DIR but the NAMEs
leftovers() {
	l_label=$1 l_dir=$2
	shift 2
	l_left=$(ls -A "$l_dir" | while read -r l_f; do
		l_keep=0
		for l_k in "$@"; do
			[ "$l_f" = "$l_k" ] && l_keep=1
		done
		[ $l_keep = 1 ] || echo "$l_f"
	done)
	[ -z "$l_left" ] || fail "$l_label: files left behind: $l_left"
}

# bad LABEL FILE TEXTS [OPTIONS...]: -J and detached both exit 1 with
# one line naming FILE and holding each of the '|'-separated TEXTS;
# FILE unchanged, no output
bad() {
	b_label=$1 b_in=$2 b_texts=$3
	shift 3
	rm -f "$work/out.btf"
	cp -p "$b_in" "$work/orig"
	run_enc "$b_label -J" 1 "$work/err" "$enc" $FLOATS "$@" -J "$b_in"
	one_line_texts "$b_label -J"
	cmp -s "$b_in" "$work/orig" || fail "$b_label -J: $b_in was modified"
	run_enc "$b_label detached" 1 "$work/err" "$enc" $FLOATS "$@" \
		--btf_encode_detached="$work/out.btf" "$b_in"
	one_line_texts "$b_label detached"
	[ ! -e "$work/out.btf" ] || fail "$b_label detached: $work/out.btf written"
	rm -f "$work/out.btf" "$work/orig"
}

one_line_texts() {
	t_ifs=$IFS
	IFS='|'
	# shellcheck disable=SC2086
	set -- "$1" "$work/err" "$b_in" $b_texts
	IFS=$t_ifs
	one_line "$@"
}

# good_embed LABEL FILE RAW: -J on a copy of FILE (beside it: a debug
# file is looked for there) gives FILE plus .BTF = RAW, which readelf
# reads without a complaint
good_embed() {
	g_label=$1 g_in=$2 g_raw=$3 g_copy=$2.embed
	cp -p "$g_in" "$g_copy"
	run_enc "$g_label -J" 0 "$work/err" "$enc" $FLOATS -J "$g_copy"
	if [ $rc -eq 0 ]; then
		"$cmp_tool" "$g_in" "$g_copy" "$g_raw" ||
			fail "$g_label -J: not $g_in plus .BTF = $g_raw"
		readelf -a "$g_copy" >/dev/null 2>"$work/readelf.err" ||
			fail "$g_label -J: readelf -a fails"
		[ ! -s "$work/readelf.err" ] ||
			{ fail "$g_label -J: readelf complains"; sed 's/^/	/' "$work/readelf.err"; }
	fi
	rm -f "$g_copy" "$work/readelf.err"
}

# golden LABEL BTF ELF: the fixture's VAR and type goldens hold
golden() {
	"$tools/tests/encoder/check_vars" "$2" "$3" "$gdir/vars.golden" \
		>"$work/golden.out" 2>&1 ||
		{ fail "$1: check_vars"; sed 's/^/	/' "$work/golden.out" | head; }
	"$tools/tests/encoder/check_types" "$2" "$3" "$gdir/types.golden" \
		"$gdir/types-$fam.golden" "$gdir/types-x86_64.golden" \
		>"$work/golden.out" 2>&1 ||
		{ fail "$1: check_types"; sed 's/^/	/' "$work/golden.out" | head; }
}

# ELF64 little-endian header fields and section headers, by readelf
ehdr_num() {	# FILE "Field name"
	readelf -hW "$1" | sed -n "s/^ *$2: *\([0-9]*\).*/\1/p"
}
sec_index() {	# FILE NAME
	readelf -SW "$1" | sed 's/\[ */[/' |
		awk -v n="$2" '$2 == n { gsub(/[][]/, "", $1); print $1; exit }'
}
shdr_at() {	# FILE INDEX: file offset of that section header
	echo $(( $(ehdr_num "$1" "Start of section headers") +
		 $2 * $(ehdr_num "$1" "Size of section headers") ))
}
# put_le FILE OFFSET BYTES VALUE: VALUE little-endian over BYTES bytes
put_le() {
	v=$4 i=0 s=""
	while [ $i -lt "$3" ]; do
		s="$s$(printf '\\%03o' $((v & 255)))"
		v=$((v >> 8))
		i=$((i + 1))
	done
	printf "$s" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# ---- cases ----

case_cut() {
	size=$(wc -c <"$fx")
	readelf -SW "$fx" | sed 's/\[ */[/' |
		awk '$1 ~ /^\[[0-9]+\]$/ && $2 != "NULL" { print $3, $5, $6 }' |
		while read -r type off sz; do
			echo $((0x$off))
			[ "$type" = NOBITS ] || echo $((0x$off + 0x$sz))
		done | sort -n -u >"$work/cuts"
	n=0
	while read -r at; do
		[ "$at" -gt 0 ] && [ "$at" -lt "$size" ] || continue
		head -c "$at" "$fx" >"$work/vmlinux"
		bad "cut at $at" "$work/vmlinux" "" 
		n=$((n + 1))
	done <"$work/cuts"
	echo "cut at $n section boundaries"
	[ $n -gt 10 ] || fail "cut: only $n cuts"
	leftovers cut "$work" vmlinux err err.out cuts
}

case_past_end() {
	idx=$(sec_index "$fx" .debug_info)
	sh=$(shdr_at "$fx" "$idx")
	cp "$fx" "$work/vmlinux"
	put_le "$work/vmlinux" $((sh + 24)) 8 $((0x7fffff0000))	# sh_offset
	bad "sh_offset past the end" "$work/vmlinux" "past the end"
	cp "$fx" "$work/vmlinux"
	put_le "$work/vmlinux" $((sh + 32)) 8 $((0x7fffff0000))	# sh_size
	bad "sh_size past the end" "$work/vmlinux" "past the end"
	cp "$fx" "$work/vmlinux"
	put_le "$work/vmlinux" 40 8 $(($(wc -c <"$fx") - 8))	# e_shoff
	bad "e_shoff past the end" "$work/vmlinux" "past the end"
	leftovers past_end "$work" vmlinux err err.out
}

case_zlib() {
	objcopy --compress-debug-sections=zlib "$fx" "$work/vmlinux" ||
		{ fail "objcopy --compress-debug-sections=zlib"; return; }
	readelf -SW "$work/vmlinux" | grep -q ' \.debug_info .* C ' ||
		{ fail "zlib: .debug_info is not SHF_COMPRESSED"; return; }
	run_enc zlib 0 "$work/err" "$enc" $FLOATS \
		--btf_encode_detached="$work/out.btf" "$work/vmlinux"
	cmp -s "$work/out.btf" "$fixdir/vmlinux.btf" ||
		fail "zlib: the BTF differs from the uncompressed image's"
	good_embed zlib "$work/vmlinux" "$fixdir/vmlinux.btf"
}

case_zstd() {
	objcopy --compress-debug-sections=zstd "$fx" "$work/vmlinux" 2>/dev/null ||
		skip "this objcopy cannot compress with zstd"
	v=$(pkg-config --modversion libdw 2>/dev/null || echo 0.188)
	case $v in
	0.1[0-8]*)
		bad zstd "$work/vmlinux" "zstd|Debian 12's libdw cannot read it" ;;
	*)	# a libdw that reads zstd: correct output
		run_enc zstd 0 "$work/err" "$enc" $FLOATS \
			--btf_encode_detached="$work/out.btf" "$work/vmlinux"
		cmp -s "$work/out.btf" "$fixdir/vmlinux.btf" ||
			fail "zstd: the BTF differs from the uncompressed image's" ;;
	esac
	leftovers zstd "$work" vmlinux err err.out out.btf
}

case_dwz() {
	command -v dwz >/dev/null || skip "dwz not found (Debian package dwz)"
	mkdir "$work/m"
	cp "$fx" "$work/m/a"
	cp "$fx" "$work/m/b"
	(cd "$work/m" && dwz -m common.debug -M common.debug a b) ||
		{ fail "dwz -m"; return; }
	readelf -SW "$work/m/a" | grep -q '\.gnu_debugaltlink' ||
		{ fail "dwz: no .gnu_debugaltlink in its output"; return; }
	for j in -j1 -j2; do
		run_enc "dwz -m $j" 0 "$work/err" "$enc" $FLOATS $j \
			--btf_encode_detached="$work/out$j.btf" "$work/m/a"
		[ $rc -eq 0 ] && golden "dwz -m $j" "$work/out$j.btf" "$work/m/a"
	done
	cmp -s "$work/out-j1.btf" "$work/out-j2.btf" ||
		fail "dwz -m: -j1 and -j2 differ"
	mv "$work/m/common.debug" "$work/common.debug"
	bad "dwz -m, common file missing" "$work/m/a" "common.debug|missing"
	mv "$work/common.debug" "$work/m/common.debug"
	leftovers "dwz -m" "$work/m" a b common.debug

	cp "$fx" "$work/one"
	dwz "$work/one" || { fail "dwz on one file"; return; }
	run_enc "dwz (one file)" 0 "$work/err" "$enc" $FLOATS \
		--btf_encode_detached="$work/one.btf" "$work/one"
	[ $rc -eq 0 ] && golden "dwz (one file)" "$work/one.btf" "$work/one"
}

case_split() {
	"$cc" -g -gsplit-dwarf -O2 -fno-pic -c "$src/mm.c" -o "$work/mm.o" ||
		{ fail "cc -gsplit-dwarf"; return; }
	bad "split DWARF object" "$work/mm.o" "split DWARF"
	rm -rf "$work/img"
	FIXTURE_CFLAGS="-gsplit-dwarf" "$src/build.sh" "$cc" 5 "$work/img" \
		>"$work/build.log" 2>&1 ||
		{ cat "$work/build.log"; fail "building the fixture with -gsplit-dwarf"; return; }
	bad "split DWARF image" "$work/img/vmlinux" "split DWARF"
}

case_lto() {
	[ "$fam" = gcc ] || skip "the LTO case is built with gcc"
	rm -rf "$work/img"
	FIXTURE_LTO=1 "$src/build.sh" "$cc" 5 "$work/img" \
		>"$work/build.log" 2>&1 ||
		{ cat "$work/build.log"; fail "building the fixture with -flto"; return; }
	v=$work/img/vmlinux
	readelf --debug-dump=abbrev "$v" | grep -q DW_FORM_ref_addr ||
		{ fail "lto: no DW_FORM_ref_addr in the LTO image"; return; }
	cp "$v" "$work/vmlinux"
	run_enc lto 0 "$work/err" "$enc" $FLOATS -J "$work/vmlinux"
	[ $rc -eq 0 ] || return
	# LTO makes objects local and drops unused ones: the goldens of the
	# plain build do not hold; the kernel's rules and the symbols do
	"$val" "$work/vmlinux" >"$work/val.out" 2>&1 ||
		{ fail "lto: btfvalidate"; sed 's/^/	/' "$work/val.out"; }
	bpftool btf dump file "$work/vmlinux" >"$work/dump" 2>&1 ||
		{ fail "lto: bpftool cannot read the .BTF"; return; }
	for t in "STRUCT 'file_operations'" "VAR 'boot_command_line'" \
		 "FUNC 'do_one_initcall'" "DATASEC '.data..percpu'"; do
		grep -qF "$t" "$work/dump" || fail "lto: no $t in the BTF"
	done
}

case_xindex() {
	awk 'BEGIN { for (i = 0; i < 70000; i++)
		printf ".section .s%d,\"a\"\n.byte 0\n", i }' >"$work/many.s"
	as "$work/many.s" -o "$work/many.o" &&
	ld -r -o "$work/big.o" "$fixdir/mm.o" "$work/many.o" 2>/dev/null ||
		{ fail "making an object of 70,000 sections"; return; }
	readelf -hW "$work/big.o" | grep -q 'Number of section headers: *0 (7' ||
		{ fail "xindex: the object does not use SHN_XINDEX"; return; }
	"$enc" $FLOATS --btf_encode_detached="$work/mm.btf" "$fixdir/mm.o" ||
		{ fail "xindex: encoding mm.o"; return; }
	run_enc xindex 0 "$work/err" "$enc" $FLOATS \
		--btf_encode_detached="$work/big.btf" "$work/big.o"
	[ $rc -eq 0 ] || return
	# the same types, VARs and DATASEC entries (in section order)
	for b in mm big; do
		bpftool btf dump file "$work/$b.btf" |
			sed 's/^\[[0-9]*\] //' | sort >"$work/$b.dump"
	done
	cmp -s "$work/mm.dump" "$work/big.dump" ||
		{ fail "xindex: the BTF is not mm.o's:"; diff "$work/mm.dump" "$work/big.dump" | head; }
	good_embed xindex "$work/big.o" "$work/big.btf"
}

case_debuglink() {
	mkdir "$work/d"
	objcopy --only-keep-debug "$fx" "$work/d/vmlinux.debug" &&
	cp "$fx" "$work/d/vmlinux" &&
	strip --strip-debug "$work/d/vmlinux" &&
	objcopy --add-gnu-debuglink="$work/d/vmlinux.debug" "$work/d/vmlinux" ||
		{ fail "making a stripped image and its debug file"; return; }
	! readelf -SW "$work/d/vmlinux" | grep -q '\.debug_info' ||
		{ fail "debuglink: the stripped image has DWARF"; return; }
	run_enc debuglink 0 "$work/err" "$enc" $FLOATS \
		--btf_encode_detached="$work/out.btf" "$work/d/vmlinux"
	cmp -s "$work/out.btf" "$fixdir/vmlinux.btf" ||
		fail "debuglink: not the BTF of the unstripped image"
	good_embed debuglink "$work/d/vmlinux" "$fixdir/vmlinux.btf"
	# in .debug/ beside it
	mkdir "$work/d/.debug"
	mv "$work/d/vmlinux.debug" "$work/d/.debug/"
	run_enc "debuglink (.debug/)" 0 "$work/err" "$enc" $FLOATS \
		--btf_encode_detached="$work/out.btf" "$work/d/vmlinux"
	cmp -s "$work/out.btf" "$fixdir/vmlinux.btf" ||
		fail "debuglink (.debug/): not the BTF of the unstripped image"
	rm -rf "$work/d/.debug"
	rm -f "$work/out.btf"
	bad "debuglink, debug file missing" "$work/d/vmlinux" \
		"vmlinux.debug|not beside it"
	echo "not the debug file" >"$work/d/vmlinux.debug"
	bad "debuglink, wrong debug file" "$work/d/vmlinux" "CRC differs"
}

case_nobits() {
	# a .BTF section that is NOBITS and not loaded: -J fills it
	cp "$fx" "$work/vmlinux"
	"$enc" $FLOATS -J "$work/vmlinux" || { fail "nobits: -J"; return; }
	cp "$work/vmlinux" "$work/nb"
	sh=$(shdr_at "$work/nb" "$(sec_index "$work/nb" .BTF)")
	put_le "$work/nb" $((sh + 4)) 4 8		# sh_type = SHT_NOBITS
	readelf -SW "$work/nb" | grep -q '\.BTF *NOBITS' ||
		{ fail "nobits: .BTF not NOBITS"; return; }
	run_enc "NOBITS .BTF -J" 0 "$work/err" "$enc" $FLOATS -J "$work/nb"
	"$tools/tests/encoder/elf_btf_cmp" "$work/vmlinux" "$work/nb" \
		"$fixdir/vmlinux.btf" || fail "NOBITS .BTF -J: .BTF not filled"
	# a loaded (SHF_ALLOC) NOBITS .BTF, as a separate debug file has
	objcopy --set-section-flags .BTF=alloc "$work/vmlinux" "$work/a" 2>/dev/null &&
	objcopy --only-keep-debug "$work/a" "$work/dbg" ||
		{ fail "nobits: making a debug file"; return; }
	readelf -SW "$work/dbg" | grep -q '\.BTF *NOBITS' ||
		{ fail "nobits: the debug file's .BTF is not NOBITS"; return; }
	cp "$work/dbg" "$work/orig"
	run_enc "loaded NOBITS .BTF -J" 1 "$work/err" "$enc" $FLOATS -J "$work/dbg"
	one_line "loaded NOBITS .BTF -J" "$work/err" "$work/dbg" ".BTF"
	cmp -s "$work/dbg" "$work/orig" || fail "loaded NOBITS .BTF -J: modified"
	# as the base of split BTF, and to btfvalidate
	run_enc "NOBITS .BTF as --btf_base" 1 "$work/err" "$enc" $FLOATS \
		--btf_base="$work/dbg" --btf_encode_detached="$work/out.btf" \
		"$fixdir/mm.o"
	one_line "NOBITS .BTF as --btf_base" "$work/err" "$work/dbg" NOBITS
	[ ! -e "$work/out.btf" ] || fail "NOBITS .BTF as --btf_base: output written"
	run_enc "NOBITS .BTF, btfvalidate" 1 "$work/err" "$val" "$work/dbg"
	one_line "NOBITS .BTF, btfvalidate" "$work/err" "$work/dbg" NOBITS
	leftovers nobits "$work" vmlinux nb a dbg orig err err.out
}

case_readonly() {
	# root may write anything: the directory case runs as nobody
	as_user=""
	if [ "$(id -u)" = 0 ]; then
		command -v setpriv >/dev/null ||
			skip "root, and no setpriv to run_enc as another user"
		as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	fi
	ro_dir=$(mktemp -d /tmp/kbtf-ro.XXXXXX) || exit 1
	chmod 755 "$ro_dir"
	cp "$enc" "$ro_dir/btfencode"
	mkdir "$ro_dir/w" "$ro_dir/ro"
	cp "$fx" "$ro_dir/w/vmlinux"
	cp "$fx" "$ro_dir/ro/vmlinux"
	[ -n "$as_user" ] && chown -R 65534:65534 "$ro_dir/w" "$ro_dir/ro"
	# a read-only file in a writable directory
	chmod 444 "$ro_dir/w/vmlinux"
	run_enc "-J, read-only file" 1 "$work/err" $as_user "$ro_dir/btfencode" $FLOATS -J "$ro_dir/w/vmlinux"
	one_line "-J, read-only file" "$work/err" "$ro_dir/w/vmlinux"
	cmp -s "$ro_dir/w/vmlinux" "$fx" || fail "-J, read-only file: modified"
	leftovers "-J, read-only file" "$ro_dir/w" vmlinux
	# and as root, who could write it: refused all the same
	if [ -n "$as_user" ]; then
		run_enc "-J, read-only file, root" 1 "$work/err" "$enc" $FLOATS -J "$ro_dir/w/vmlinux"
		one_line "-J, read-only file, root" "$work/err" "$ro_dir/w/vmlinux"
		cmp -s "$ro_dir/w/vmlinux" "$fx" || fail "-J, read-only file, root: modified"
	fi
	# a writable file in a read-only directory
	chmod 555 "$ro_dir/ro"
	run_enc "-J, read-only directory" 1 "$work/err" $as_user "$ro_dir/btfencode" $FLOATS -J "$ro_dir/ro/vmlinux"
	one_line "-J, read-only directory" "$work/err" "$ro_dir/ro/vmlinux"
	cmp -s "$ro_dir/ro/vmlinux" "$fx" || fail "-J, read-only directory: modified"
	leftovers "-J, read-only directory" "$ro_dir/ro" vmlinux
	chmod -R u+w "$ro_dir"
	rm -rf "$ro_dir"
}

case_names() {
	# "file_operations" (a struct) becomes "file\230perations"
	at=$(grep -boa 'file_operations' "$fx" | head -1 | cut -d: -f1)
	[ -n "$at" ] || { fail "names: no file_operations in the fixture"; return; }
	cp "$fx" "$work/vmlinux"
	printf '\230' | dd of="$work/vmlinux" bs=1 seek=$((at + 4)) conv=notrunc status=none
	run_enc names 0 "$work/err" "$enc" $FLOATS \
		--btf_encode_detached="$work/out.btf" "$work/vmlinux"
	[ $rc -eq 0 ] || return
	grep -q "die 0x.*is not a valid BTF name" "$work/err" ||
		fail "names: no warning naming the DIE: $(cat "$work/err")"
	grep -q "CU .*core.c" "$work/err" ||
		fail "names: the warning does not name the CU: $(cat "$work/err")"
	"$val" --btf "$work/out.btf" >"$work/val.out" 2>&1 ||
		{ fail "names: btfvalidate rejects the BTF"; sed 's/^/	/' "$work/val.out"; }
	! bpftool btf dump file "$work/out.btf" | grep -q "perations'" ||
		fail "names: the bad name is in the BTF"
	bpftool btf dump file "$work/out.btf" | grep -q "STRUCT '(anon)' size=24" ||
		fail "names: the struct is not kept, anonymous"
}

case_kernel() {
	cp "$fx" "$work/vmlinux"
	# ENUM64 (6.0) and FLOAT (5.13) are kinds a 5.10 kernel rejects
	bad "5.10, ENUM64 and FLOAT" "$work/vmlinux" \
		"would reject|Invalid btf_info|--kernel-version" \
		--kernel-version=5.10
	run_enc "5.10 without them" 0 "$work/err" "$enc" --kernel-version=5.10 \
		--skip_encoding_btf_enum64 \
		--btf_encode_detached="$work/out.btf" "$work/vmlinux"
	"$val" --kernel-version 5.10 --btf "$work/out.btf" >"$work/val.out" 2>&1 ||
		{ fail "5.10: btfvalidate rejects the BTF"; sed 's/^/	/' "$work/val.out"; }
	leftovers kernel "$work" vmlinux err err.out out.btf val.out
}

[ $# -eq 6 ] || { echo "usage: catalogue.sh CASE TOOLDIR SRCDIR CC FIXDIR GOLDENDIR" >&2; exit 2; }
what=$1 tools=$2 src=$3 cc=$4 fixdir=$5 gdir=$6
enc=$tools/btfencode
val=$tools/validator/btfvalidate
cmp_tool=$tools/tests/encoder/elf_btf_cmp
fx=$fixdir/vmlinux
fam=${cc##*-}
[ -f "$fx" ] && [ -f "$fixdir/vmlinux.btf" ] ||
	{ echo "FAIL: no fixture in $fixdir (did its build test pass?)"; exit 1; }
work=$fixdir/catalogue-$what
rm -rf "$work"
mkdir -p "$work" || exit 1
case $what in
cut|past_end|zlib|zstd|dwz|split|lto|xindex|debuglink|nobits|readonly|names|kernel)
	"case_$what" ;;
*)	echo "unknown case $what" >&2; exit 2 ;;
esac
finish
