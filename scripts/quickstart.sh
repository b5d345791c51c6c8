#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install, build, and run the main job on the bundled default: build the
# gcc fixture vmlinux (vmlinux-fixtures/), encode its BTF with btfencode,
# and check the result.
set -eu
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake -S . -B build >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" >/dev/null

out=build/quickstart
mkdir -p "$out"
vmlinux-fixtures/build.sh gcc 5 "$out" >/dev/null
build/btfencode -j2 --btf_gen_floats --stats \
	--btf_encode_detached="$out/vmlinux.btf" "$out/vmlinux"
echo "encoded: $out/vmlinux.btf ($(wc -c < "$out/vmlinux.btf") bytes)"
# the kernel's rules and every VAR against the image's symbol table
build/validator/btfvalidate --btf "$out/vmlinux.btf" "$out/vmlinux"
# and, where this machine lets us ask, the running kernel's own verdict
build/tests/btf_kload "$out/vmlinux.btf" || [ $? = 77 ]
