#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The upstream typed-ksym selftests (test_progs -t ksyms,ksyms_btf,
# ksyms_module) and kbtf's own typed ksyms of global variables
# (kbtf_ksyms), in a Linux 6.1 guest under qemu.
#
#   selftests.sh MODE BTFENCODE INIT WORKDIR [RESOLVE_BTFIDS]
#
# MODE btfencode: the kernel (tests/e2e/kbuild.sh, tiny config plus
#   selftests-6.1.fragment) is built with PAHOLE=BTFENCODE (and
#   RESOLVE_BTFIDS when given); test_progs (bpf-selftests.sh) and
#   kbtf_ksyms are built against it, vmlinux.h from its BTF; bpf_testmod.ko
#   is built by the kernel's module build, split BTF from BTFENCODE.  Every
#   test must pass, none skipped.
# MODE control: the same tree and config built with Debian's pahole 1.24,
#   seeded from the btfencode build so that only the link and BTF steps
#   run; the same test_progs and kbtf_ksyms (built in btfencode mode, or
#   here when missing) and its own bpf_testmod.ko.  Expected: the upstream
#   tests pass, kbtf_ksyms' per-CPU case passes and each of its global
#   cases fails with libbpf's "not found in kernel BTF".
#
# WORKDIR holds both modes' logs (WORKDIR/MODE) and kbtf_ksyms' build.
# Exit 0 as expected, 1 otherwise, 77 "skipped: ..." where a tool is
# missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
e2e=$here/../e2e
mode=$1 encode=$2 init=$3 top=$4 rbtf=${5:-}
case $mode in
btfencode | control) ;;
*) echo "usage: selftests.sh btfencode|control BTFENCODE INIT WORKDIR [RESOLVE_BTFIDS]" >&2
   exit 2 ;;
esac
work=$top/$mode
bwork=$top/btfencode	# the btfencode kernel's and the test programs' logs
mkdir -p "$work" "$bwork"

skip() { echo "skipped: $*"; exit 77; }
for t in clang bpftool gcc qemu-system-x86_64 cpio; do
	command -v "$t" >/dev/null 2>&1 ||
		skip "$t is not installed (scripts/install-deps.sh)"
done
[ "$(id -u)" = 0 ] || skip "not root (kbuild.sh may install packages, the guest loads modules)"
now() { date +%s; }
t_start=$(now)

# kernel LOG NAME KBUILD-OPTIONS...: build with kbuild.sh; sets $kout
kernel() {
	klog=$1
	shift
	"$e2e/kbuild.sh" --fragment "$here/selftests-6.1.fragment" \
		--log "$klog" "$@" >"$klog.out" ||
		{ rc=$?; cat "$klog.out"; exit $rc; }
	grep -v '^KBUILD_OUT=' "$klog.out"
	kout=$(sed -n 's/^KBUILD_OUT=//p' "$klog.out")
}

btfencode_kernel() {
	if [ -n "$rbtf" ]; then
		kernel "$bwork/kernel.log" --pahole "$encode" \
			--resolve-btfids "$rbtf" 6.1-selftests
	else
		kernel "$bwork/kernel.log" --pahole "$encode" 6.1-selftests
	fi
}

# test_progs and kbtf_ksyms, against the btfencode kernel $kout
progs() {
	"$here/bpf-selftests.sh" "$kout" 6.1 >"$bwork/selftests.out" ||
		{ rc=$?; cat "$bwork/selftests.out"; exit $rc; }
	grep -v '^SELFTESTS_OUT=' "$bwork/selftests.out"
	kp=$top/kbtf-ksyms
	rm -rf "$kp" && mkdir -p "$kp"
	bpftool btf dump file "$kout/vmlinux" format c >"$kp/vmlinux.h"
	for c in $CASES; do
		clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -DCASE_$c \
			-I"$kp" -I"$here" -Wall -Werror \
			-c "$here/kbtf_ksyms.bpf.c" -o "$kp/kbtf_ksyms_$c.bpf.o" &&
		bpftool gen skeleton "$kp/kbtf_ksyms_$c.bpf.o" \
			name "kbtf_ksyms_$c" >"$kp/kbtf_ksyms_$c.skel.h" ||
			{ echo "FAIL: building kbtf_ksyms case $c"; exit 1; }
	done
	gcc -O2 -Wall -Wextra -Werror -static -I"$kp" -I"$here" \
		"$here/kbtf_ksyms.c" -o "$kp/kbtf_ksyms" -lbpf -lelf -lz ||
		{ echo "FAIL: building kbtf_ksyms"; exit 1; }
}
CASES="init_task linux_banner per_cpu_offset saved_command_line nr_cpu_ids cpu_number"
GLOBALS="init_task linux_banner __per_cpu_offset saved_command_line nr_cpu_ids"

# bpf_testmod.ko, by the kernel's own module build for $kout
testmod() {
	rm -rf "$work/bpf_testmod"
	cp -r "$kout/source/tools/testing/selftests/bpf/bpf_testmod" "$work/"
	"$kout/kbtf-make.sh" M="$work/bpf_testmod" modules >"$work/bpf_testmod.log" 2>&1 ||
		{ tail -20 "$work/bpf_testmod.log"; echo "FAIL: bpf_testmod.ko build"; exit 1; }
	grep -n -E 'btfencode: |resolve_btfids.*(unresolved|FAILED)|WARN: resolve_btfids' \
		"$work/bpf_testmod.log" && { echo "FAIL: BTF errors building bpf_testmod.ko"; exit 1; }
	return 0
}

# boot $kout with test_progs, bpf_testmod.ko and kbtf_ksyms
boot() {
	cat >"$work/commands" <<-CMDS
	/test_progs -t ksyms,ksyms_btf,ksyms_module
	/kbtf_ksyms
	CMDS
	"$e2e/qemu-run.sh" "$kout/arch/x86/boot/bzImage" "$init" \
		"$work/commands" "$work/console.log" "$sout/test_progs" \
		"$work/bpf_testmod/bpf_testmod.ko" "$top/kbtf-ksyms/kbtf_ksyms" || rc=$?
	[ "${rc:-0}" = 77 ] && exit 77
	# test_progs' own result lines and Summary, kbtf_ksyms' lines
	grep -a -E '^#[0-9]+(/[0-9]+)? +[a-z_/0-9]+:(OK|SKIP|FAIL)|^Summary:|^kbtf-ksyms:|^KBTF-|not found in kernel BTF' \
		"$work/console.log" || true
}

cache=${KBTF_CACHE:-/var/cache/kbtf}
sout=$cache/bpf-selftests-6.1/out
fail=0
if [ $mode = btfencode ]; then
	t0=$(now); btfencode_kernel; t1=$(now)
	progs; t2=$(now)
	testmod; t3=$(now)
	# where the objects of kbtf_ksyms are, in the BTF and the image
	bpftool btf dump file "$kout/vmlinux" >"$work/vmlinux.btf.txt"
	for v in $GLOBALS cpu_number; do
		ds=$(awk -v var="(VAR '$v')" '/^\[[0-9]+\] DATASEC / { s = $3 }
			/^\t/ && index($0, var) { print s; exit }' "$work/vmlinux.btf.txt")
		echo "BTF: $v: a VAR in DATASEC ${ds:-none}"
		[ -n "$ds" ] || { echo "FAIL: $v has no VAR in a DATASEC"; fail=1; }
	done
	# __per_cpu_offset must sit after the kallsyms tables in .rodata
	addr() { sed -n "s/^\([0-9a-f]*\) . $1\$/\1/p" "$kout/System.map"; }
	pco=$(addr __per_cpu_offset) ksn=$(addr kallsyms_names) erd=$(addr __end_rodata)
	srd=$(addr __start_rodata)
	if [ -n "$pco" ] && [ "$pco" \> "$ksn" ] && [ "$pco" \< "$erd" ]; then
		echo "System.map: __per_cpu_offset $pco after kallsyms_names $ksn, in .rodata"
		# the BTF's offset is the one of the link without kallsyms
		boff=$(awk '/^\t/ && index($0, "(VAR \047__per_cpu_offset\047)") {
			sub(/.*offset=/, ""); print $1; exit }' "$work/vmlinux.btf.txt")
		printf 'BTF: __per_cpu_offset at .rodata+0x%x; final image: .rodata+0x%x\n' \
			"${boff:-0}" $((0x${pco#????????} - 0x${srd#????????}))
	else
		echo "FAIL: __per_cpu_offset ($pco) is not in .rodata after the kallsyms tables ($ksn)"
		fail=1
	fi
	boot; t4=$(now)
	for t in ksyms ksyms_btf ksyms_module; do
		grep -a -q -E "^#[0-9]+ +$t:OK$" "$work/console.log" ||
			{ echo "FAIL: test_progs: $t did not pass"; fail=1; }
	done
	grep -a -q -E '^Summary: [0-9]+/[0-9]+ PASSED, 0 SKIPPED, 0 FAILED' "$work/console.log" ||
		{ echo "FAIL: test_progs' Summary is not all passed, 0 skipped, 0 failed"; fail=1; }
	grep -a -q '^KBTF-EXIT 0 0$' "$work/console.log" ||
		{ echo "FAIL: test_progs exited non-zero"; fail=1; }
	grep -a -q '^kbtf-ksyms: 6 passed, 0 failed$' "$work/console.log" ||
		{ echo "FAIL: kbtf_ksyms: not every typed ksym passed"; fail=1; }
	grep -a -q '^KBTF-EXIT 1 0$' "$work/console.log" ||
		{ echo "FAIL: kbtf_ksyms exited non-zero"; fail=1; }
	echo "times: kernel $((t1 - t0)) s, test_progs+kbtf_ksyms $((t2 - t1)) s, bpf_testmod $((t3 - t2)) s, qemu $((t4 - t3)) s, total $((t4 - t_start)) s"
	[ $fail = 0 ] && echo "PASS: upstream ksyms, ksyms_btf, ksyms_module and kbtf_ksyms pass on btfencode's BTF"
	exit $fail
fi

# control: pahole 1.24
if [ ! -x "$sout/test_progs" ] || [ ! -x "$top/kbtf-ksyms/kbtf_ksyms" ] ||
   { [ ! -f "$cache/kbuild-6.1-selftests-pahole/.config" ] &&
     [ ! -f "$cache/kbuild-6.1-selftests/.config" ]; }; then
	btfencode_kernel
	progs
fi
command -v pahole >/dev/null 2>&1 || skip "pahole is not installed (dwarves)"
t0=$(now)
kernel "$work/kernel.log" --pahole pahole --seed 6.1-selftests 6.1-selftests-pahole
t1=$(now)
testmod; t2=$(now)
boot; t3=$(now)
echo "control (pahole $(pahole --version)):"
for t in ksyms ksyms_btf ksyms_module; do
	if grep -a -q -E "^#[0-9]+ +$t:OK$" "$work/console.log"; then
		echo "  upstream $t: passes"
	else
		echo "FAIL: upstream $t does not pass on pahole's BTF"; fail=1
	fi
done
grep -a -q '^kbtf-ksyms: cpu_number: ok' "$work/console.log" ||
	{ echo "FAIL: the per-CPU case does not pass on pahole's BTF"; fail=1; }
for v in $GLOBALS; do
	if grep -a -q "extern (var ksym) '$v': not found in kernel BTF" "$work/console.log"; then
		echo "  kbtf_ksyms $v: not found in kernel BTF (as expected)"
	else
		echo "FAIL: kbtf_ksyms $v: no \"not found in kernel BTF\" on pahole's BTF"; fail=1
	fi
done
echo "times: kernel $((t1 - t0)) s, bpf_testmod $((t2 - t1)) s, qemu $((t3 - t2)) s, total $((t3 - t_start)) s"
[ $fail = 0 ] && echo "PASS: control kernel (pahole): upstream tests pass, kbtf's global typed ksyms are not in its BTF"
exit $fail
