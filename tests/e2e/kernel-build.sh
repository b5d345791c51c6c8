#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build Linux 6.1 (Debian's linux-source-6.1, tinyconfig + the fragment in
# shared/kernel/tiny-6.1.fragment) with `make PAHOLE=btfencode`, check the
# build and its BTF, build a test module with split BTF, boot the kernel
# under qemu and run the live probe inside, for vmlinux and the module.
#
#   kernel-build.sh BTFENCODE BTFVALIDATE BTFVALIDATE_STATIC INIT WORKDIR
#
# The source is unpacked once into $KBTF_CACHE/src; the build directory
# $KBTF_CACHE/kbuild-6.1-tiny is reused (make is incremental; the link and
# BTF steps always run again, with the btfencode given).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
encode=$1 validate=$2 validate_static=$3 init=$4 work=$5
cache=${KBTF_CACHE:-/var/cache/kbtf}
src=$cache/src/linux-source-6.1
out=$cache/kbuild-6.1-tiny
frag=${KBTF_FRAGMENT:-$top/../shared/kernel/tiny-6.1.fragment}
[ -f "$frag" ] || frag=$top/tests/e2e/tiny-6.1.fragment
jobs=$(nproc 2>/dev/null || echo 2)

skip() { echo "skipped: $*"; exit 77; }

mkdir -p "$cache/src" "$work" || skip "cannot write $cache"
exec 9>"$cache/.kbuild.lock"
flock 9

# 1. source, once
if [ ! -f "$src/.kbtf-stamp" ]; then
	tarball=/usr/src/linux-source-6.1.tar.xz
	if [ ! -f "$tarball" ]; then
		[ "$(id -u)" = 0 ] || skip "linux-source-6.1 is not installed and installing needs root"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			linux-source-6.1 >"$work/apt.log" 2>&1 ||
			skip "apt-get install linux-source-6.1 failed (no network?)"
	fi
	rm -rf "$src.tmp" && mkdir -p "$src.tmp"
	tar xf "$tarball" -C "$src.tmp"
	rm -rf "$src" && mv "$src.tmp/linux-source-6.1" "$src" && rmdir "$src.tmp"
	touch "$src/.kbtf-stamp"
fi
for t in bc bison flex; do
	command -v $t >/dev/null || skip "$t is not installed (scripts/install-deps.sh)"
done

# 2. configure (again when the fragment changes)
pahole=$cache/btfencode-kbuild
cp "$encode" "$pahole.tmp" && mv "$pahole.tmp" "$pahole"
mk() { make -C "$src" O="$out" PAHOLE="$pahole" "$@"; }
mkdir -p "$out"
grep -v '^#' "$frag" > "$work/fragment"
if ! cmp -s "$work/fragment" "$out/.kbtf-fragment"; then
	mk tinyconfig >"$work/config.log" 2>&1
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
		"$frag" >>"$work/config.log" 2>&1
	mk olddefconfig >>"$work/config.log" 2>&1
	cp "$work/fragment" "$out/.kbtf-fragment"
fi
for opt in CONFIG_DEBUG_INFO_BTF CONFIG_DEBUG_INFO_BTF_MODULES CONFIG_KALLSYMS_ALL; do
	grep -q "^$opt=y" "$out/.config" ||
		{ echo "FAIL: $opt is not set: Kconfig did not accept btfencode ($("$pahole" --version))"; exit 1; }
done

# 3. build; the BTF steps run again with this btfencode
rm -f "$out/vmlinux" "$out"/.tmp_vmlinux* "$out/.btf.vmlinux.bin.o" \
	"$out/arch/x86/boot/bzImage"
t0=$(date +%s)
if ! mk -j"$jobs" bzImage modules >"$work/build.log" 2>&1; then
	tail -30 "$work/build.log"
	echo "FAIL: kernel build failed (log: $work/build.log)"
	exit 1
fi
t1=$(date +%s)
echo "kernel build: $((t1 - t0)) s with $jobs jobs"
fail=0
if grep -n -E 'Failed to generate BTF|btfencode: |resolve_btfids.*(unresolved|FAILED)|WARN: resolve_btfids' \
	"$work/build.log"; then
	echo "FAIL: BTF errors or resolve_btfids warnings in the build"
	fail=1
fi

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
