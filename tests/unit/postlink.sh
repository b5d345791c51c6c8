#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The post-link fix-up (btf_encoder/postlink.c) through kbtf-resolve-btfids
# and btfencode --fix_datasecs, on small images built here the way a
# kernel build makes them: BTF encoded on a first link, then a final link
# that adds read-only data (the "kallsyms tables") and the BTF.
#   postlink.sh BTFENCODE KBTF_RESOLVE_BTFIDS BTFVALIDATE BTF_SWAP MKBE_IMAGE SRCDIR WORKDIR
set -eu
encode=$1 wrap=$2 validate=$3 swap=$4 mkbe=$5 src=$6 work=$7
rm -rf "$work" && mkdir -p "$work" && cd "$work"
for t in gcc ld objcopy readelf bpftool; do
	command -v $t >/dev/null || { echo "skipped: $t is not installed"; exit 77; }
done

CFLAGS="-O2 -fno-pic -fno-pie -fno-common -mcmodel=kernel -ffreestanding -fno-builtin -fno-stack-protector -fno-asynchronous-unwind-tables"
LDFLAGS="-static -nostdlib --build-id=none -T $src/postlink.lds"
if ld --help 2>/dev/null | grep -q -- --no-warn-rwx-segments; then
	LDFLAGS="$LDFLAGS --no-warn-rwx-segments"
fi
run() { echo "+ $*" >>build.log; "$@" >>build.log 2>&1 || { tail build.log; echo "FAIL: $*"; exit 1; }; }
for c in a b mod; do run gcc $CFLAGS -g -c "$src/$c.c" -o $c.o; done
for c in tables grow; do run gcc $CFLAGS -c "$src/$c.c" -o $c.o; done
# the link the BTF is made on (6.1: .tmp_vmlinux.btf), and its BTF as an
# object to link (6.1: .btf.vmlinux.bin.o)
run ld $LDFLAGS -o tmp a.o b.o
run "$encode" --btf_encode_detached=tmp.btf tmp
: >empty.btf
head -c 4096 /dev/zero >zero.btf
mkbtfo() {	# mkbtfo RAW OUT
	echo 'int pl_unused_' | sed 's/$/;/' | run gcc -c -x c -o "$2" -
	run objcopy --add-section .BTF="$1" --set-section-flags .BTF=alloc,readonly "$2"
}
mkbtfo tmp.btf btf.o
mkbtfo empty.btf btf-empty.o
mkbtfo zero.btf btf-zero.o
run "$swap" tmp.btf swapped.btf
mkbtfo swapped.btf btf-swapped.o
# final images, each in its own directory, named as the kernel's
mkimg() {	# mkimg DIR OBJS...
	d=$1; shift
	mkdir -p "$d"
	run ld $LDFLAGS -o "$d/vmlinux" a.o b.o "$@"
	cp "$d/vmlinux" "$d/vmlinux.orig"
}
mkimg moved tables.o btf.o
mkimg grown grow.o btf.o
mkimg same btf.o
mkimg gone tables.o btf.o
run objcopy --strip-symbol=pl_late "gone/vmlinux"
cp gone/vmlinux gone/vmlinux.orig
mkimg foreign tables.o btf-swapped.o
mkimg ro tables.o btf.o
chmod 0444 ro/vmlinux
mkimg nobtf tables.o
mkimg emptybtf tables.o btf-empty.o
mkimg zerobtf tables.o btf-zero.o
mkimg unstripped tables.o btf.o
mv unstripped/vmlinux unstripped/vmlinux.unstripped
mkimg byopt tables.o btf.o

# the kernel's resolve_btfids, as far as this test needs: it logs its
# arguments
cat >fake-rb <<'FAKE'
#!/bin/sh
echo "$@" >>"$(dirname "$0")/fake-rb.log"
FAKE
chmod +x fake-rb
export KBTF_RESOLVE_BTFIDS=$work/fake-rb

fail=0
bad() { echo "FAIL: $*"; fail=1; }
# wrapper EXPECTED_EXIT DIR ARGS...: run it in DIR, output in DIR/out
wrapper() {
	want=$1 d=$2; shift 2
	rm -f fake-rb.log
	rc=0
	(cd "$d" && "$wrap" "$@") >"$d/out" 2>&1 || rc=$?
	[ "$rc" = "$want" ] || bad "$d: kbtf-resolve-btfids $* exited $rc, want $want: $(cat "$d/out")"
}
untouched() {	# untouched DIR [FILE]
	cmp -s "$1/${2:-vmlinux}" "$1/vmlinux.orig" || bad "$1: the image changed"
	[ ! -f fake-rb.log ] || bad "$1: the kernel's resolve_btfids ran: $(cat fake-rb.log)"
}
says() {	# says DIR TEXT: the one-line message
	grep -q -- "$2" "$1/out" || bad "$1: no '$2' in: $(cat "$1/out")"
	[ "$(wc -l <"$1/out")" = 1 ] || bad "$1: not one line: $(cat "$1/out")"
}
ran_with() {	# ran_with ARGS: the kernel's tool ran once, with these
	[ "$(cat fake-rb.log 2>/dev/null)" = "$*" ] ||
		bad "the kernel's resolve_btfids got '$(cat fake-rb.log 2>/dev/null)', want '$*'"
}
# only bytes of .BTF changed, and .BTF kept its size and place
only_btf_changed() {	# only_btf_changed OLD NEW
	set -- "$1" "$2" $(readelf -SW "$2" | sed 's/^ *\[ *[0-9]*\] *//' |
		awk '$1 == ".BTF" { print $4, $5 }')
	old=$(readelf -SW "$1" | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".BTF" { print $4, $5 }')
	[ "$old" = "$3 $4" ] || bad "$2: .BTF moved or changed size ($old -> $3 $4)"
	[ "$(stat -c %s "$1")" = "$(stat -c %s "$2")" ] || bad "$2: the file changed size"
	cmp -l "$1" "$2" | awk -v lo=$((0x$3)) -v n=$((0x$4)) \
		'$1 - 1 < lo || $1 - 1 >= lo + n { bad++ } END { exit bad > 0 }' ||
		bad "$2: bytes outside .BTF changed"
}
# the DATASEC's size is its section's, and the image validates cleanly
exact() {	# exact IMAGE
	"$validate" "$1" >"$1.val" 2>&1 || bad "$1: btfvalidate: $(grep '^error' "$1.val" | head -3; tail -1 "$1.val")"
	bpftool btf dump file "$1" >"$1.dump" 2>&1 || bad "$1: bpftool cannot read its BTF"
	for sec in .rodata .data .data..percpu; do
		want=$(readelf -SW "$1" | sed 's/^ *\[ *[0-9]*\] *//' |
			awk -v s=$sec '$1 == s { print $5 }')
		got=$(sed -n "s/.*DATASEC '$sec' size=\([0-9]*\).*/\1/p" "$1.dump")
		[ "$((0x$want))" = "$got" ] || bad "$1: DATASEC '$sec' size $got, section size $((0x$want))"
	done
}

# before: the final image's BTF lies about .rodata.late
"$validate" moved/vmlinux >moved/before.val 2>&1 &&
	bad "the moved image validated before the fix-up: the fixture does not move anything"
echo "before: $(tail -1 moved/before.val)"

# 1. a moved suffix: 6.1 and 6.12 call 'resolve_btfids vmlinux'
wrapper 0 moved vmlinux
ran_with vmlinux
grep -q 'entries moved' moved/out || bad "moved: no summary: $(cat moved/out)"
echo "moved: $(cat moved/out)"
only_btf_changed moved/vmlinux.orig moved/vmlinux
exact moved/vmlinux
grep -q "^\[.*\] DATASEC '.rodata'" moved/vmlinux.dump || bad "moved: no .rodata DATASEC"
echo "after: $(tail -1 moved/vmlinux.val)"
[ "$(stat -c %a moved/vmlinux)" = "$(stat -c %a moved/vmlinux.orig)" ] || bad "moved: the mode changed"
# a second run has nothing to do
cp moved/vmlinux moved/vmlinux.fixed
wrapper 0 moved vmlinux
cmp -s moved/vmlinux moved/vmlinux.fixed || bad "moved: a second run changed the image"
[ ! -s moved/out ] || bad "moved: a second run printed: $(cat moved/out)"

# 2. a grown section: nothing moves, the DATASEC's size follows
wrapper 0 grown vmlinux
grep -q ' 0 of [0-9]* entries moved, 1 of [0-9]* DATASECs resized' grown/out ||
	bad "grown: want 0 moved, 1 resized: $(cat grown/out)"
only_btf_changed grown/vmlinux.orig grown/vmlinux
exact grown/vmlinux

# 3. nothing changed: nothing written
wrapper 0 same vmlinux
cmp -s same/vmlinux same/vmlinux.orig || bad "same: the image changed"
ran_with vmlinux

# 4. a VAR whose symbol is gone
wrapper 1 gone vmlinux
untouched gone
says gone "VAR 'pl_late' .*no symbol of this name"

# 5. a .BTF in the other byte order than the image
wrapper 1 foreign vmlinux
untouched foreign
says foreign "big-endian BTF in a little-endian file"

# 6. a read-only file
wrapper 1 ro vmlinux
untouched ro
says ro "read-only"

# 7. no .BTF, an empty .BTF (issue 18: a failed encoder), final and
# module forms alike
wrapper 1 nobtf vmlinux
untouched nobtf
says nobtf "no .BTF section"
wrapper 1 emptybtf vmlinux
untouched emptybtf
says emptybtf ".BTF is empty"
wrapper 1 zerobtf vmlinux
untouched zerobtf
says zerobtf ".BTF holds only zero bytes"
mkdir -p mod && cp mod.o mod/nobtf.ko && cp moved/vmlinux mod/vmlinux
cp mod.o mod/good.ko && run "$encode" -J --btf_base mod/vmlinux mod/good.ko
cp mod.o mod/empty.ko && run objcopy --add-section .BTF=empty.btf mod/empty.ko
wrapper 1 mod -b vmlinux nobtf.ko
[ ! -f fake-rb.log ] || bad "mod: resolve_btfids ran on a module without .BTF"
says mod "nobtf.ko: no .BTF section"
wrapper 1 mod --btf_base=vmlinux empty.ko
[ ! -f fake-rb.log ] || bad "mod: resolve_btfids ran on a module with an empty .BTF"
says mod "empty.ko: .BTF is empty"
wrapper 1 mod --btf missing.btf vmlinux
says mod "missing.btf: No such file"
cp empty.btf mod/empty.btf.file
wrapper 1 mod --btf empty.btf.file vmlinux
says mod "empty.btf.file: BTF file is empty"
# well-formed module forms run the kernel's tool, unchanged
cp mod/vmlinux mod/vmlinux.before
wrapper 0 mod -b vmlinux good.ko
ran_with -b vmlinux good.ko
wrapper 0 mod --patch_btfids ids good.ko
ran_with --patch_btfids ids good.ko
cp tmp.btf mod/good.btf
wrapper 0 mod --btf_base vmlinux --btf good.btf --distill_base good.ko
ran_with --btf_base vmlinux --btf good.btf --distill_base good.ko
wrapper 0 mod --btf=good.btf vmlinux
ran_with --btf=good.btf vmlinux
cmp -s mod/vmlinux mod/vmlinux.before || bad "mod: a module form or --btf changed vmlinux"

# 8. the newest kernels' final image: --patch_btfids F vmlinux.unstripped
wrapper 0 unstripped -v --patch_btfids .tmp_vmlinux1.BTF_ids vmlinux.unstripped
ran_with -v --patch_btfids .tmp_vmlinux1.BTF_ids vmlinux.unstripped
exact unstripped/vmlinux.unstripped

# 9. btfencode --fix_datasecs: the same rewrite, the same bytes
rc=0
"$encode" --fix_datasecs byopt/vmlinux >byopt/out 2>&1 || rc=$?
[ $rc = 0 ] || bad "btfencode --fix_datasecs exited $rc: $(cat byopt/out)"
cmp -s byopt/vmlinux moved/vmlinux || bad "btfencode --fix_datasecs and kbtf-resolve-btfids differ"
rc=0
"$encode" --fix_datasecs gone/vmlinux >gone/out 2>&1 || rc=$?
[ $rc = 1 ] || bad "btfencode --fix_datasecs on a vanished symbol exited $rc"
cmp -s gone/vmlinux gone/vmlinux.orig || bad "btfencode --fix_datasecs changed gone/vmlinux"

# 10. finding the kernel's resolve_btfids
mkdir -p tree/tools/bpf/resolve_btfids && cp moved/vmlinux.orig tree/vmlinux
cp fake-rb tree/tools/bpf/resolve_btfids/resolve_btfids
cp tree/vmlinux tree/vmlinux.orig
rc=0
(unset KBTF_RESOLVE_BTFIDS; cd same && "$wrap" vmlinux) >same/out 2>&1 || rc=$?
[ $rc = 1 ] || bad "no resolve_btfids anywhere: exited $rc"
says same "cannot find the kernel's resolve_btfids"
rc=0
(unset KBTF_RESOLVE_BTFIDS; cd tree && "$wrap" vmlinux) >tree/out 2>&1 || rc=$?
[ $rc = 0 ] || bad "the object tree's resolve_btfids was not found: $(cat tree/out)"
[ -f tree/tools/bpf/resolve_btfids/fake-rb.log ] || bad "the object tree's resolve_btfids did not run"
rc=0
(KBTF_RESOLVE_BTFIDS=$wrap; export KBTF_RESOLVE_BTFIDS; cd same && "$wrap" vmlinux) >same/out 2>&1 || rc=$?
[ $rc = 1 ] || bad "KBTF_RESOLVE_BTFIDS naming the wrapper itself: exited $rc"
grep -q "this program itself" same/out || bad "no 'this program itself' in: $(cat same/out)"

# 11. a big-endian image (s390x) on this little-endian host: the words
# are rewritten in the image's byte order
mkdir -p be && run "$mkbe" be/vmlinux && cp be/vmlinux be/vmlinux.orig
wrapper 0 be vmlinux
grep -q ': 2 of 3 entries moved, 1 of 2 DATASECs resized' be/out ||
	bad "be: want 2 of 3 moved, 1 of 2 resized: $(cat be/out)"
only_btf_changed be/vmlinux.orig be/vmlinux
off=$(readelf -SW be/vmlinux | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".BTF" { print $4 }')
[ "$(od -An -tx1 -j $((0x$off)) -N2 be/vmlinux | tr -d ' ')" = eb9f ] ||
	bad "be: the .BTF is no longer big-endian"
bpftool btf dump file be/vmlinux >be/dump 2>&1 || bad "be: bpftool cannot read the BTF"
grep -q "DATASEC '.rodata' size=64 vlen=2" be/dump || bad "be: .rodata DATASEC: $(grep DATASEC be/dump)"
grep -q "offset=32 size=4 (VAR 'pl_a')" be/dump || bad "be: pl_a not at 32"
grep -q "offset=48 size=8 (VAR 'pl_b')" be/dump || bad "be: pl_b not at 48"
grep -q "offset=8 size=4 (VAR 'pl_p')" be/dump || bad "be: pl_p (per-CPU, right already) moved"
"$validate" be/vmlinux >be/val 2>&1 || bad "be: btfvalidate: $(tail -1 be/val)"

[ $fail = 0 ] && echo "PASS: post-link fix-up: moved suffix, grown section, vanished symbol, foreign byte order, read-only file, absent and empty .BTF, the resolve_btfids forms, a big-endian image"
exit $fail
