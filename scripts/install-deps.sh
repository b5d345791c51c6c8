#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install what building and testing kbtf needs on Debian 12 (as root).
# debhelper and lintian are for the Debian package and its test
# (tests/package), bash-completion for the completion tests, git for the
# package test's copy of the tree, rsync for the BPF selftests' Makefile
# (tests/selftests), binutils-aarch64-linux-gnu (as, ld) for the arm64
# scenario of the FUNC-rule tests (tests/encoder/func_rules), dwz for the
# bad-input catalogue (tests/encoder/catalogue.sh; objcopy itself writes
# its zstd sections), clang for the fuzz harnesses too (tests/fuzz).
# Safe to run again: apt-get skips what is installed.
set -eu

PKGS="build-essential cmake pkg-config libdw-dev libelf-dev libbpf-dev
zlib1g-dev gcc clang llvm lld binutils gcc-aarch64-linux-gnu bpftool dwarves
ca-certificates binutils-aarch64-linux-gnu
qemu-system-x86 cpio gzip time bc bison flex libssl-dev
debhelper lintian bash-completion git rsync dwz"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing \
		>/dev/null
fi
echo "dependencies: installed"
