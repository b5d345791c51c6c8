#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Boot Debian's 6.1 cloud kernel under qemu and run btfvalidate --probe
# inside: it must pass; handed a System.map with runqueues moved it must
# fail naming runqueues.
#
#   debian-probe.sh BTFVALIDATE_STATIC INIT WORKDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
validate=$1 init=$2 work=$3
pkg=linux-image-6.1.0-50-cloud-amd64-unsigned
ver=6.1.0-50-cloud-amd64

tree=$("$here/../real/fetch-debian.sh" "$pkg") || { rc=$?; echo "$tree"; exit $rc; }
kernel=$tree/boot/vmlinuz-$ver
# the -unsigned package's System.map is a placeholder; the real one is in -dbg
dbg=$("$here/../real/fetch-debian.sh" "linux-image-$ver-dbg") || { rc=$?; echo "$dbg"; exit $rc; }
map=$dbg/usr/lib/debug/boot/System.map-$ver
mkdir -p "$work"

# runqueues 0x40 further on: a per-CPU address that kallsyms contradicts
awk 'function h(s,  i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
	$3 == "runqueues" { $1 = substr($1, 1, length($1) - 2) sprintf("%02x", (h(substr($1, length($1) - 1)) + 64) % 256) } 1' \
	"$map" > "$work/System.map-moved"
cat > "$work/commands" <<CMDS
/btfvalidate --probe
/btfvalidate --probe --kallsyms /System.map-moved
CMDS
"$here/qemu-run.sh" "$kernel" "$init" "$work/commands" "$work/console.log" \
	"$validate=btfvalidate" "$work/System.map-moved" || rc=$?
if [ "${rc:-0}" = 77 ]; then
	exit 77
fi
grep -a -E '^(ok|error|btfvalidate|KBTF)' "$work/console.log" || true
fail=0
grep -q '^KBTF-EXIT 0 0$' "$work/console.log" ||
	{ echo "FAIL: btfvalidate --probe did not pass in Debian's kernel"; fail=1; }
grep -q '^KBTF-EXIT 1 1$' "$work/console.log" ||
	{ echo "FAIL: the moved System.map did not fail the run (exit 1)"; fail=1; }
grep -q "^error: probe: runqueues: address 0x31980 from BTF_ID, kallsyms says 0x319c0" \
	"$work/console.log" ||
	{ echo "FAIL: the probe did not name runqueues"; fail=1; }
[ $fail = 0 ] && echo "PASS: probe passes in Debian's 6.1 kernel and names the moved runqueues"
exit $fail
