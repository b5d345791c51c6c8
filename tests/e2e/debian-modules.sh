#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Encode every module of Debian's 6.1 cloud -dbg package as split BTF over
# our BTF of its vmlinux, and check each with btfvalidate (structure as
# the kernel parses module BTF, and every VAR against the module's own
# symbol table).  Zero failures allowed.
#
#   debian-modules.sh BTFENCODE BTFVALIDATE WORKDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
encode=$1 validate=$2 work=$3
pkg=linux-image-6.1.0-50-cloud-amd64-dbg
ver=6.1.0-50-cloud-amd64
jobs=$(nproc 2>/dev/null || echo 2)

tree=$("$here/../real/fetch-debian.sh" "$pkg") || { rc=$?; echo "$tree"; exit $rc; }
vmlinux=$tree/usr/lib/debug/boot/vmlinux-$ver
mods=$tree/usr/lib/debug/lib/modules/$ver
rm -rf "$work" && mkdir -p "$work/btf" "$work/fail"

"$encode" -j"$jobs" --btf_gen_floats --lang_exclude=rust \
	--btf_encode_detached="$work/vmlinux.btf" "$vmlinux"

# one module: encode, validate; a failure leaves its output in fail/
cat > "$work/one.sh" <<ONE
#!/bin/sh
ko=\$1
name=\$(basename "\$ko" .ko)
out=$work/btf/\$name.btf
if ! "$encode" --btf_gen_floats --btf_base="$work/vmlinux.btf" \
	--btf_encode_detached="\$out" "\$ko" >"$work/fail/\$name.log" 2>&1 ||
   ! "$validate" -B "$work/vmlinux.btf" --btf "\$out" "\$ko" \
	>>"$work/fail/\$name.log" 2>&1; then
	echo "FAIL \$ko"
	exit 0
fi
rm -f "$work/fail/\$name.log"
echo "ok \$ko"
ONE
chmod +x "$work/one.sh"

t0=$(date +%s)
find "$mods" -name '*.ko' | sort > "$work/list"
xargs -P "$jobs" -n 1 "$work/one.sh" < "$work/list" > "$work/results"
t1=$(date +%s)
total=$(wc -l < "$work/list")
failed=$(grep -c '^FAIL' "$work/results" || true)
echo "modules: $total encoded and validated in $((t1 - t0)) s ($jobs jobs), $failed failed"
if [ "$failed" != 0 ]; then
	grep '^FAIL' "$work/results" | head -20
	for f in $(ls "$work/fail" | head -5); do
		echo "== $f"; tail -5 "$work/fail/$f"
	done
	exit 1
fi
[ "$total" -gt 0 ] || { echo "FAIL: no modules found in $mods"; exit 1; }
echo "PASS: every module's split BTF validates"
