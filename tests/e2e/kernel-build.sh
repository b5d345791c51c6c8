#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build Linux 6.1 (Debian's linux-source-6.1, tinyconfig + the fragment in
# shared/kernel/tiny-6.1.fragment) with `make PAHOLE=btfencode`, check the
# build and its BTF, build a test module with split BTF, boot the kernel
# under qemu and run the live probe inside, for vmlinux and the module.
# The BTF of the final vmlinux must match its System.map exactly, by one
# of the two routes of docs/encoder.md:
#
#   kernel-build.sh BTFENCODE KBTF_RESOLVE_BTFIDS BTFVALIDATE BTFVALIDATE_STATIC INIT WORKDIR
#	an unpatched tree, make RESOLVE_BTFIDS=kbtf-resolve-btfids (the
#	post-link fix-up); kbuild.sh tree 6.1-tiny
#   kernel-build.sh --patches DIR BTFENCODE KBTF_RESOLVE_BTFIDS ...
#	a tree with DIR's patches (kallsyms tables last in .rodata) and
#	PAHOLE=btfencode alone; kbuild.sh tree 6.1-tiny-patched.  The fix-up
#	is then only run on a copy, to show that it has nothing to move.
#   kernel-build.sh --llvm BTFENCODE KBTF_RESOLVE_BTFIDS ...
#	as the first, built with clang, ld.lld and llvm-* (make LLVM=1);
#	kbuild.sh tree 6.1-tiny-llvm.  ld.lld leaves an empty allocated
#	.BTF in .tmp_vmlinux.btf for btfencode -J to fill, and clang's
#	DWARF carries the btf_type_tag annotations (__user, __rcu,
#	__percpu) as TYPE_TAGs.
#
# kbuild.sh builds the tree into $KBTF_CACHE/kbuild-NAME (reused; the
# link and BTF steps always run again, with the binaries given).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
patches= llvm= ver=6.1
while :; do
	case ${1:-} in
	--patches)
		patches=$(cd "$2" && pwd)
		shift 2
		;;
	--llvm)
		llvm=--llvm
		shift
		;;
	--version)
		ver=$2
		shift 2
		;;
	*) break ;;
	esac
done
encode=$1 wrap=$2 validate=$3 validate_static=$4 init=$5 work=$6
mkdir -p "$work"

# 1.-3. source, configuration and build (tests/e2e/kbuild.sh)
if [ "$ver" = 6.12 ]; then
	set -- --version 6.12 --fragment "$here/tiny-6.12.fragment" \
		--resolve-btfids "$wrap" 6.12-tiny
	img=.tmp_vmlinux1
elif [ -n "$patches" ]; then
	set -- --patches "$patches" 6.1-tiny-patched
elif [ -n "$llvm" ]; then
	set -- --llvm --resolve-btfids "$wrap" 6.1-tiny-llvm
else
	set -- --resolve-btfids "$wrap" 6.1-tiny
fi
img=${img:-.tmp_vmlinux.btf}
"$here/kbuild.sh" --pahole "$encode" --log "$work/build.log" "$@" \
	>"$work/kbuild.out" || { rc=$?; cat "$work/kbuild.out"; exit $rc; }
grep -v '^KBUILD_OUT=' "$work/kbuild.out"
out=$(sed -n 's/^KBUILD_OUT=//p' "$work/kbuild.out")
mk() { "$out/kbtf-make.sh" "$@"; }
grep -q "^CONFIG_DEBUG_INFO_BTF_MODULES=y" "$out/.config" ||
	{ echo "FAIL: CONFIG_DEBUG_INFO_BTF_MODULES is not set"; exit 1; }
fail=0
if grep -n -E 'Failed to generate BTF|btfencode: |resolve_btfids.*FAILED|kbtf-resolve-btfids: .*(no |empty|cannot|refus|not )' \
	"$work/build.log"; then
	echo "FAIL: BTF errors in the build"
	fail=1
fi
# resolve_btfids warnings: only those pahole's BTF gives too
"$here/btfids-diff.sh" "$out" "$work/build.log" "$out/$img" \
	"$work/btfids" || fail=1

# the kfuncs: every one of .BTF_ids kfunc sets carries its bpf_kfunc tag
# in the final vmlinux, where a kernel line passes decl_tag_kfuncs
if [ "$ver" = 6.12 ]; then
	sh "$here/../tools/btf-ids-kfuncs.sh" --compare "$out/$img" \
		"$out/vmlinux" "$work" || { echo "FAIL: kfunc tags"; fail=1; }
fi

# What the post-link step did.  Unpatched: the fix-up ran in the build and
# moved the .rodata entries after the kallsyms tables.  Patched: nothing is
# left for it to move (run on a copy, with a no-op for the kernel's tool).
if [ -z "$patches" ]; then
	fixed=$(grep 'kbtf-resolve-btfids: vmlinux: DATASECs fixed' "$work/build.log" || true)
	[ -n "$fixed" ] || { echo "FAIL: kbtf-resolve-btfids did not fix vmlinux in the build"; fail=1; }
	echo "${fixed:-no fix-up}"
else
	mkdir -p "$work/fixup" && cp "$out/vmlinux" "$work/fixup/vmlinux"
	(cd "$work/fixup" && KBTF_RESOLVE_BTFIDS=/bin/true "$wrap" vmlinux) >"$work/fixup.txt" 2>&1 ||
		{ cat "$work/fixup.txt"; echo "FAIL: kbtf-resolve-btfids on a copy of the patched vmlinux"; fail=1; }
	rm -rf "$work/fixup"
	cat "$work/fixup.txt"
	if ! grep -q ': 0 of [0-9]* entries moved' "$work/fixup.txt" &&
	   [ -s "$work/fixup.txt" ]; then
		echo "FAIL: the patched tree still moves DATASEC entries after the BTF is made"
		fail=1
	fi
fi

# FUNC names and TYPE_TAGs beside pahole's on the encoder's input
"$here/btf-compare.sh" "$encode" "$out/$img" "$work/compare" ||
	fail=1

# 4. the vmlinux BTF.  What btfencode saw and wrote ($img, or for 6.12
# the BTF it wrote from it, which the build embedded) must validate cleanly; and the final vmlinux, against its own symbol
# table and against System.map: no error at all (no .rodata shift).
set -- "$out/$img"
"$validate" "$@" | tail -1
"$validate" "$@" >/dev/null ||
	{ echo "FAIL: btfvalidate $img (the encoder's input and output)"; fail=1; }
"$validate" --json "$out/vmlinux" >"$work/vmlinux.json" || true
for how in elf kallsyms; do
	if [ $how = elf ]; then
		set -- "$out/vmlinux"
	else
		set -- --kallsyms "$out/System.map" "$out/vmlinux"
	fi
	rc=0
	"$validate" "$@" >"$work/vmlinux-$how.txt" || rc=$?
	grep '^error' "$work/vmlinux-$how.txt" | cut -c1-200
	tail -1 "$work/vmlinux-$how.txt"
	if [ $rc != 0 ] || grep -q '^error' "$work/vmlinux-$how.txt" ||
	   ! grep -q 'PASS: 0 errors' "$work/vmlinux-$how.txt"; then
		echo "FAIL: btfvalidate $* (exit $rc): the BTF does not match the final vmlinux"
		fail=1
	fi
done
vars=$(sed -n 's/.*"vars":{"ran":true,"vars":\([0-9]*\),"percpu":\([0-9]*\).*/\1 \2/p' "$work/vmlinux.json")
set -- $vars
if [ $# != 2 ] || [ "$1" -le "$2" ] || [ "$2" = 0 ]; then
	echo "FAIL: expected global and per-CPU VARs, got '${vars:-none}'"
	fail=1
else
	echo "vmlinux VARs: $1 ($2 per-CPU, $(($1 - $2)) global)"
fi

# 5. the test module, with split BTF over vmlinux
rm -rf "$work/kmod" && cp -r "$here/kmod" "$work/kmod"
ko=$work/kmod/kbtf_testmod.ko
rm -f "$work/distilled.status"
if [ "$ver" = 6.12 ]; then
	# built out of tree: 6.12 adds --btf_features=distilled_base
	if mk M="$work/kmod" modules >"$work/kmod.log" 2>&1 &&
	   readelf -SW "$ko" | grep -q ' \.BTF\.base '; then
		echo "test module: built out of tree with distilled_base: .BTF.base beside .BTF"
		echo written >"$work/distilled.status"
	elif grep -q 'warning: .*distilled_base: .*no btf__distill_base' "$work/kmod.log"; then
		echo "test module: built out of tree; btfencode's libbpf cannot distill, it said so:"
		grep -m1 'no btf__distill_base' "$work/kmod.log" | cut -c1-160 | sed 's/^/	/'
		grep -m1 'no btf__distill_base' "$work/kmod.log" >"$work/distilled.status"
	else
		tail -20 "$work/kmod.log"
		echo "FAIL: test module build failed"
		exit 1
	fi
elif ! mk M="$work/kmod" modules >"$work/kmod.log" 2>&1; then
	tail -20 "$work/kmod.log"
	echo "FAIL: test module build failed"
	exit 1
fi
"$validate" -B "$out/vmlinux" "$ko" | tail -1
"$validate" --json -B "$out/vmlinux" "$ko" >"$work/kmod.json" || true
grep -q '"ok":true}$' "$work/kmod.json" ||
	{ echo "FAIL: btfvalidate of the module's split BTF"; fail=1; }
bpftool btf dump file "$ko" -B "$out/vmlinux" >"$work/kmod.btf.txt" 2>&1 || true
# the entries of DATASEC $1 in that dump
entries() {
	awk -v sec="DATASEC '$1'" 'index($0, sec) { p = 1; next } /^\[/ { p = 0 } p' \
		"$work/kmod.btf.txt"
}
entries .data..percpu | grep -q "VAR 'kbtf_testmod_pcpu'" ||
	{ echo "FAIL: no per-CPU VAR kbtf_testmod_pcpu in the module's .data..percpu DATASEC"; fail=1; }
entries .data | grep -q "VAR 'kbtf_testmod_global'" ||
	{ echo "FAIL: no VAR kbtf_testmod_global in the module's .data DATASEC"; fail=1; }

# 5b. the newest kernels' flow (scripts/gen-btf.sh), on a copy of the
# image: detached BTF, then resolve_btfids --btf, through the wrapper.
# It must patch .BTF_ids exactly as the build's resolve_btfids patched
# vmlinux from the embedded BTF (same encoder, same options: same ids).
if [ "$ver" = 6.12 ]; then
	g=$work/gen-btf
	rm -rf "$g" && mkdir -p "$g" && cp "$out/$img" "$g/img"
	pv=$(sed -n 's/^CONFIG_PAHOLE_VERSION=//p' "$out/.config")
	if [ "${pv:-0}" -lt 126 ]; then
		echo "FAIL: Kconfig sees pahole $pv: 6.12 takes its old flag path"
		fail=1
	fi
	"$encode" -J -j --btf_features=encode_force,var,float,enum64,decl_tag,type_tag,optimized_func,consistent_func,decl_tag_kfuncs \
		--lang_exclude=rust --btf_encode_detached="$g/img.BTF.1" "$g/img" >"$g/log" 2>&1 &&
	(cd "$g" && KBTF_RESOLVE_BTFIDS=$out/tools/bpf/resolve_btfids/resolve_btfids \
		"$wrap" --btf img.BTF.1 img) >>"$g/log" 2>&1 ||
		{ cat "$g/log"; echo "FAIL: gen-btf.sh's flow: btfencode --btf_encode_detached, resolve_btfids --btf"; fail=1; }
	objcopy -O binary --only-section=.BTF_ids "$g/img" "$g/ids.flow" &&
		objcopy -O binary --only-section=.BTF_ids "$out/vmlinux" "$g/ids.build" &&
		cmp -s "$g/ids.flow" "$g/ids.build" ||
		{ echo "FAIL: gen-btf.sh's flow gives other .BTF_ids than the build"; fail=1; }
	# and no resolve_btfids warning the build did not give
	grep 'WARN: resolve_btfids' "$g/log" | sort -u >"$g/warn.flow" || true
	grep 'WARN: resolve_btfids' "$work/build.log" | sort -u >"$g/warn.build" || true
	if [ -n "$(comm -23 "$g/warn.flow" "$g/warn.build")" ]; then
		comm -23 "$g/warn.flow" "$g/warn.build"
		echo "FAIL: gen-btf.sh's flow warns where the build does not"
		fail=1
	fi
	[ $fail = 0 ] && echo "gen-btf.sh flow: detached BTF through kbtf-resolve-btfids --btf: .BTF_ids as in the build ($(wc -c <"$g/ids.flow") bytes)"
	rm -f "$g/img"
fi

# 6. boot and probe
cat > "$work/commands" <<CMDS
insmod /kbtf_testmod.ko
/btfvalidate --probe
/btfvalidate --probe-module kbtf_testmod --probe-var kbtf_testmod_pcpu --probe-var kbtf_testmod_global
CMDS
"$here/qemu-run.sh" "$out/arch/x86/boot/bzImage" "$init" "$work/commands" \
	"$work/console.log" "$validate_static=btfvalidate" "$ko" || rc=$?
[ "${rc:-0}" = 77 ] && exit 77
grep -a -E '^(ok|error|btfvalidate|KBTF|insmod)' "$work/console.log" || true
# insmod must succeed; both probes must exit 0, with no error at all
grep -q "^KBTF-EXIT 0 0$" "$work/console.log" ||
	{ echo "FAIL: insmod failed in the guest"; fail=1; }
grep -q "^KBTF-EXIT 1 0$" "$work/console.log" ||
	{ echo "FAIL: btfvalidate --probe did not exit 0 in the guest"; fail=1; }
grep -q "^KBTF-EXIT 2 0$" "$work/console.log" ||
	{ echo "FAIL: the module probe did not exit 0 in the guest"; fail=1; }
grep -q "^KBTF-DONE 3" "$work/console.log" ||
	{ echo "FAIL: the guest did not run every command"; fail=1; }
if grep -a '^error' "$work/console.log"; then
	echo "FAIL: errors in the guest"
	fail=1
fi
for v in runqueues bpf_prog_active init_task kbtf_testmod_pcpu kbtf_testmod_global; do
	grep -q "^ok: probe: $v: " "$work/console.log" ||
		{ echo "FAIL: probe of $v did not pass"; fail=1; }
done
[ $fail = 0 ] && echo "PASS: kernel built with btfencode ($([ -n "$patches" ] && echo "patched tree" || echo "kbtf-resolve-btfids")), BTF matches System.map exactly, global and per-CPU typed ksyms and the module's VARs probed in the guest"
exit $fail
