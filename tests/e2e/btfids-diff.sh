#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# resolve_btfids warnings of a kernel build that pahole's BTF does not
# also give.  A warning is btfencode's fault only when the same image with
# pahole's BTF resolves that symbol: a struct or function the config does
# not build ("unresolved symbol bpf_crypto_ctx", "unix_sock" without
# CONFIG_UNIX) is unresolved with either encoder.
#
#   btfids-diff.sh KBUILD_OUT BUILD_LOG IMAGE WORKDIR
#
# IMAGE: the encoder's input in KBUILD_OUT (.tmp_vmlinux.btf up to 6.10,
# .tmp_vmlinux1 from 6.11).  The kernel's own resolve_btfids runs on a
# copy of IMAGE whose .BTF pahole wrote.  Prints the warnings of both;
# exit 1 when the build has one that pahole's BTF does not give, or, with
# no pahole installed, when the build has any.
set -eu
out=$1 log=$2 img=$3 work=$4
mkdir -p "$work"
warnings() { sed -n 's/.*WARN: resolve_btfids: \(.*\)/\1/p' "$1" | sort -u; }

warnings "$log" >"$work/ours"
if [ ! -s "$work/ours" ]; then
	echo "resolve_btfids: no warning"
	exit 0
fi
sed 's/^/	build: /' "$work/ours"
rb=$out/tools/bpf/resolve_btfids/resolve_btfids
if ! command -v pahole >/dev/null 2>&1 || [ ! -x "$rb" ]; then
	echo "FAIL: resolve_btfids warnings, and no pahole or resolve_btfids to tell whose they are"
	exit 1
fi
cp "$img" "$work/image"
# as link-vmlinux.sh runs it; objcopy adds .BTF where there is none
LLVM_OBJCOPY=${OBJCOPY:-objcopy} pahole -J -j --btf_gen_floats \
	--lang_exclude=rust "$work/image" >"$work/pahole.log" 2>&1 ||
	{ cat "$work/pahole.log"; echo "FAIL: pahole -J on a copy of $img"; exit 1; }
"$rb" "$work/image" >"$work/rb.log" 2>&1 || true
warnings "$work/rb.log" >"$work/pahole"
sed 's/^/	with pahole: /' "$work/pahole"
rm -f "$work/image"
extra=$(comm -23 "$work/ours" "$work/pahole")
if [ -n "$extra" ]; then
	echo "$extra" | sed 's/^/FAIL: resolve_btfids warns with btfencode only: /'
	exit 1
fi
echo "resolve_btfids: every warning also comes with pahole's BTF"
