#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# fetch-debian.sh PACKAGE: download a Debian binary package with apt-get
# and unpack it with dpkg -x into a cache outside the checkout, once; print
# the path of the unpacked tree on stdout.
#
# Cache (default /var/cache/kbtf, or $KBTF_CACHE):
#	debs/PACKAGE_VERSION_ARCH.deb	what apt-get download fetched
#	pkg/PACKAGE/			the unpacked tree
#	pkg/PACKAGE.stamp		written last: the .deb the tree came from
# A tree with its stamp is reused as it is, without asking apt.  A .deb of
# PACKAGE already in debs/ is unpacked without downloading (so a cache can
# be seeded by hand).  Package lists are refreshed (apt-get update, as
# root) only when the download fails for lack of them.
#
# Exit 0 with the path on stdout; 77 with "skipped: REASON" on stdout when
# there is no apt, no network or no such package; 1 on other errors.
set -u

pkg=${1:-}
if [ -z "$pkg" ] || [ $# -ne 1 ]; then
	echo "usage: fetch-debian.sh PACKAGE" >&2
	exit 2
fi
case $pkg in
*/* | .* | *[!A-Za-z0-9.+-]*)
	echo "fetch-debian.sh: bad package name '$pkg'" >&2
	exit 2
	;;
esac

cache=${KBTF_CACHE:-/var/cache/kbtf}
tree=$cache/pkg/$pkg
stamp=$cache/pkg/$pkg.stamp

skip() {
	echo "skipped: $*"
	exit 77
}

fail() {
	echo "fetch-debian.sh: $*" >&2
	exit 1
}

if [ -f "$stamp" ] && [ -d "$tree" ]; then
	echo "$tree"
	exit 0
fi

mkdir -p "$cache/debs" "$cache/pkg" 2>/dev/null ||
	skip "cannot create the cache $cache (set KBTF_CACHE to a writable directory)"
[ -w "$cache/pkg" ] && [ -w "$cache/debs" ] ||
	skip "the cache $cache is not writable (set KBTF_CACHE to a writable directory)"

# One fetch at a time per cache; flock is in util-linux.
if command -v flock >/dev/null 2>&1 && [ -z "${KBTF_FETCH_LOCKED:-}" ]; then
	KBTF_FETCH_LOCKED=1 exec flock "$cache/.lock" sh "$0" "$@"
fi
if [ -f "$stamp" ] && [ -d "$tree" ]; then
	echo "$tree"
	exit 0
fi

find_deb() {
	ls -t "$cache/debs/${pkg}"_*.deb 2>/dev/null | head -n 1
}

deb=$(find_deb)
if [ -z "$deb" ]; then
	command -v apt-get >/dev/null 2>&1 || skip "apt-get not found"
	command -v dpkg >/dev/null 2>&1 || skip "dpkg not found"
	log=$cache/debs/.apt-$pkg.log
	try_download() {
		# apt-get download writes into the current directory
		(cd "$cache/debs" && apt-get -q download "$pkg") >"$log" 2>&1
	}
	if ! try_download; then
		if grep -q -e "Unable to locate package" \
			-e "has no installation candidate" \
			-e "Can't select" "$log"; then
			# no lists, or stale ones
			[ "$(id -u)" = 0 ] ||
				skip "apt has no list with $pkg and apt-get update needs root"
			echo "fetch-debian.sh: apt-get update" >&2
			apt-get -q update >"$log.update" 2>&1 ||
				skip "apt-get update failed: $(grep -E '^(E|W):' "$log.update" | head -n 1)"
			try_download ||
				skip "apt-get download $pkg failed: $(grep '^E:' "$log" | head -n 1)"
		else
			skip "apt-get download $pkg failed: $(grep '^E:' "$log" | head -n 1)"
		fi
	fi
	deb=$(find_deb)
	[ -n "$deb" ] || fail "apt-get download $pkg left no .deb in $cache/debs"
fi

# Unpack beside the final place, then rename, so that a half-unpacked tree
# is never taken for a whole one.
tmp=$cache/pkg/.$pkg.tmp.$$
rm -rf "$tmp" "$tree"
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp" || fail "cannot create $tmp"
dpkg -x "$deb" "$tmp" || fail "dpkg -x $deb failed"
mv "$tmp" "$tree" || fail "cannot move the tree to $tree"
basename "$deb" >"$stamp" || fail "cannot write $stamp"
echo "$tree"
exit 0
