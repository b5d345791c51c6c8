#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Issue 18: a failing encoder inside a kernel build must not pass
# unnoticed.  6.1's link-vmlinux.sh ignores the encoder's exit status
# (gen_btf runs under "if !"), so the final vmlinux comes out without BTF
# (GNU ld drops the empty .BTF; ld.lld keeps an empty one); with
# RESOLVE_BTFIDS=kbtf-resolve-btfids the build must stop there, saying why.
#
#   failed-encoder.sh KBTF_RESOLVE_BTFIDS WORKDIR
#
# Uses the tree of e2e.kernel.build_boot_probe (kbuild.sh 6.1-tiny): only
# the link runs again; the next build of that tree links it anew.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
wrap=$1 work=$2
mkdir -p "$work"
# an encoder that Kconfig takes for pahole 1.25 and that then fails
cat >"$work/failing-encoder" <<'ENC'
#!/bin/sh
case "$*" in
*--version*) echo v1.25; exit 0 ;;
esac
echo "failing-encoder: simulated failure" >&2
exit 1
ENC
chmod +x "$work/failing-encoder"
rc=0
"$here/kbuild.sh" --pahole "$work/failing-encoder" --resolve-btfids "$wrap" \
	--targets vmlinux --log "$work/build.log" 6.1-tiny >"$work/kbuild.out" || rc=$?
[ $rc = 77 ] && { cat "$work/kbuild.out"; exit 77; }
grep -E 'failing-encoder|kbtf-resolve-btfids' "$work/build.log" || true
fail=0
[ $rc = 1 ] || { echo "FAIL: the build with a failing encoder exited $rc, want 1"; fail=1; }
grep -q '^kbtf-resolve-btfids: vmlinux: .*\(no .BTF section\|.BTF is empty\|.BTF holds only zero bytes\)' \
	"$work/build.log" ||
	{ echo "FAIL: kbtf-resolve-btfids did not refuse the vmlinux without BTF"; fail=1; }
[ $fail = 0 ] && echo "PASS: a failing encoder stops the 6.1 build at kbtf-resolve-btfids"
exit $fail
