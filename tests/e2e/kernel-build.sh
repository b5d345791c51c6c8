#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build Linux 6.1 (Debian's linux-source-6.1, tinyconfig + the fragment in
# shared/kernel/tiny-6.1.fragment) with `make PAHOLE=btfencode`, check the
# build and its BTF, build a test module with split BTF, boot the kernel
# under qemu and run the live probe inside, for vmlinux and the module.
#
#   kernel-build.sh [--llvm] BTFENCODE BTFVALIDATE BTFVALIDATE_STATIC INIT WORKDIR
#
# --llvm builds with clang, ld.lld and llvm-* (make LLVM=1) into
# kbuild-6.1-tiny-llvm: ld.lld leaves an empty allocated .BTF in
# .tmp_vmlinux.btf for btfencode -J to fill, and clang's DWARF carries the
# btf_type_tag annotations (__user, __rcu, __percpu) as TYPE_TAGs.
#
# kbuild.sh builds the tree into $KBTF_CACHE/kbuild-6.1-tiny (reused; the
# link and BTF steps always run again, with the btfencode given).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
variant= name=6.1-tiny
if [ "${1:-}" = --llvm ]; then
	variant=--llvm name=6.1-tiny-llvm
	shift
fi
encode=$1 validate=$2 validate_static=$3 init=$4 work=$5
mkdir -p "$work"

# 1.-3. source, configuration and build (tests/e2e/kbuild.sh)
# shellcheck disable=SC2086
"$here/kbuild.sh" $variant --pahole "$encode" --log "$work/build.log" \
	"$name" >"$work/kbuild.out" || { rc=$?; cat "$work/kbuild.out"; exit $rc; }
grep -v '^KBUILD_OUT=' "$work/kbuild.out"
out=$(sed -n 's/^KBUILD_OUT=//p' "$work/kbuild.out")
mk() { "$out/kbtf-make.sh" "$@"; }
grep -q "^CONFIG_DEBUG_INFO_BTF_MODULES=y" "$out/.config" ||
	{ echo "FAIL: CONFIG_DEBUG_INFO_BTF_MODULES is not set"; exit 1; }
fail=0
if grep -n -E 'Failed to generate BTF|btfencode: |resolve_btfids.*(unresolved|FAILED)|WARN: resolve_btfids' \
	"$work/build.log"; then
	echo "FAIL: BTF errors or resolve_btfids warnings in the build"
	fail=1
fi

# FUNC names and TYPE_TAGs beside pahole's on the encoder's input
"$here/btf-compare.sh" "$encode" "$out/.tmp_vmlinux.btf" "$work/compare" ||
	fail=1

# 4. the vmlinux BTF.  What btfencode saw and wrote: .tmp_vmlinux.btf
# must validate cleanly.  The final vmlinux differs from it in one known
# way: the kallsyms tables are linked into .rodata after the BTF is made,
# so .rodata entries after them are off by the tables' size; btfvalidate
# reports that as one error per shifted run, and nothing else may fail.
"$validate" "$out/.tmp_vmlinux.btf" | tail -1
"$validate" "$out/.tmp_vmlinux.btf" >/dev/null ||
	{ echo "FAIL: btfvalidate .tmp_vmlinux.btf (the encoder's input and output)"; fail=1; }
"$validate" --json "$out/vmlinux" >"$work/vmlinux.json" || true
"$validate" "$out/vmlinux" >"$work/vmlinux.txt" || true
grep '^error' "$work/vmlinux.txt" | cut -c1-200
tail -1 "$work/vmlinux.txt"
if grep '^error' "$work/vmlinux.txt" |
	grep -v "DATASEC '.rodata' .*the section changed after the BTF was made"; then
	echo "FAIL: btfvalidate vmlinux found more than the .rodata shift"
	fail=1
fi
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
if ! mk M="$work/kmod" modules >"$work/kmod.log" 2>&1; then
	tail -20 "$work/kmod.log"
	echo "FAIL: test module build failed"
	exit 1
fi
ko=$work/kmod/kbtf_testmod.ko
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
# insmod must succeed; every probe line must be ok, and the only errors
# allowed are the .rodata shift described above
grep -q "^KBTF-EXIT 0 0$" "$work/console.log" ||
	{ echo "FAIL: insmod failed in the guest"; fail=1; }
grep -q "^KBTF-DONE 3" "$work/console.log" ||
	{ echo "FAIL: the guest did not run every command"; fail=1; }
if grep -a '^error' "$work/console.log" |
	grep -v "DATASEC '.rodata' .*the section changed after the BTF was made"; then
	echo "FAIL: errors in the guest"
	fail=1
fi
for v in runqueues bpf_prog_active init_task kbtf_testmod_pcpu kbtf_testmod_global; do
	grep -q "^ok: probe: $v: " "$work/console.log" ||
		{ echo "FAIL: probe of $v did not pass"; fail=1; }
done
[ $fail = 0 ] && echo "PASS: kernel built with btfencode, global and per-CPU typed ksyms and the module's VARs probed in the guest"
exit $fail
