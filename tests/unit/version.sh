#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# kbtf's version is CMake's project(VERSION) and nothing else: the Debian
# changelog's newest entry carries it (a Debian revision aside), every
# shipped tool prints it as "TOOL (kbtf) VERSION" (btfencode with
# --kbtf_version and at the end of --help), and btfencode --version stays
# the pahole version "vMAJOR.MINOR" that the kernel's Kconfig parses.
# usage: version.sh VERSION CHANGELOG TOOL...
set -eu
version=$1 changelog=$2
shift 2
fail=0 pahole_v="(no btfencode)"
bad() { echo "FAIL: $*"; fail=1; }

# "kbtf (0.1.0) unstable; ..." or "kbtf (1:0.1.0-2) ..."
deb=$(sed -n '1s/^kbtf (\([^)]*\)).*/\1/p' "$changelog")
upstream=$(echo "$deb" | sed 's/^[0-9]*://; s/-[^-]*$//')
[ "$upstream" = "$version" ] ||
	bad "$changelog: newest entry is '${deb:-(no kbtf entry)}', CMakeLists.txt says $version"

for tool; do
	name=$(basename "$tool")
	if [ "$name" = btfencode ]; then
		pahole_v=$("$tool" --version)
		echo "$pahole_v" | grep -qxE 'v[0-9]+\.[0-9]+' ||
			bad "btfencode --version printed '$pahole_v', want vMAJOR.MINOR"
		v=$("$tool" --kbtf_version)
		[ "$v" = "btfencode (kbtf) $version" ] ||
			bad "btfencode --kbtf_version printed '$v', want 'btfencode (kbtf) $version'"
		"$tool" --help | tail -1 | grep -qF "btfencode (kbtf) $version;" ||
			bad "btfencode --help does not end with 'btfencode (kbtf) $version'"
	else
		v=$("$tool" --version | head -1)
		[ "$v" = "$name (kbtf) $version" ] ||
			bad "$name --version printed '$v', want '$name (kbtf) $version'"
	fi
done
[ $fail = 0 ] || exit 1
echo "ok: kbtf $version in CMakeLists.txt, debian/changelog ($deb) and $#" \
	"tools; btfencode --version: $pahole_v"
