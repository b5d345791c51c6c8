#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# fetch-debian.sh [--only GLOB]... PACKAGE[:ARCH]: download a Debian
# binary package with apt-get and unpack it with dpkg -x into a cache
# outside the checkout, once; print the path of the unpacked tree on
# stdout.
#
# ARCH: a foreign architecture's package (arm64, s390x, ...); it is added
# to dpkg's architectures (dpkg --add-architecture, as root) when needed.
# --only GLOB: unpack only the members matching GLOB (tar --wildcards,
# e.g. './usr/lib/debug/boot/*'), and delete the .deb afterwards: a 800 MB
# -dbg package leaves only its vmlinux and System.map in the cache.
#
# Cache (default /var/cache/kbtf, or $KBTF_CACHE):
#	debs/PACKAGE_VERSION_ARCH.deb	what apt-get download fetched
#	pkg/PACKAGE[:ARCH]/		the unpacked tree
#	pkg/PACKAGE[:ARCH].stamp	written last: the .deb the tree came from
# A tree with its stamp is reused as it is, without asking apt.  A .deb of
# PACKAGE already in debs/ is unpacked without downloading (so a cache can
# be seeded by hand).  Package lists are refreshed (apt-get update, as
# root) only when the download fails for lack of them.
#
# Exit 0 with the path on stdout; 77 with "skipped: REASON" on stdout when
# there is no apt, no network or no such package; 1 on other errors.
set -u

only=
while [ $# -gt 1 ] && [ "$1" = --only ]; do
	only="$only $2"
	shift 2
done
spec=${1:-}
if [ -z "$spec" ] || [ $# -ne 1 ]; then
	echo "usage: fetch-debian.sh [--only GLOB]... PACKAGE[:ARCH]" >&2
	exit 2
fi
pkg=${spec%%:*}
arch=
[ "$pkg" = "$spec" ] || arch=${spec#*:}
case $pkg$arch in
*/* | .* | *[!A-Za-z0-9.+-]*)
	echo "fetch-debian.sh: bad package name '$spec'" >&2
	exit 2
	;;
esac

cache=${KBTF_CACHE:-/var/cache/kbtf}
tree=$cache/pkg/$spec
stamp=$cache/pkg/$spec.stamp

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
if command -v flock >/dev/null 2>&1; then
	exec 9>"$cache/.lock"
	flock 9
fi
if [ -f "$stamp" ] && [ -d "$tree" ]; then
	echo "$tree"
	exit 0
fi

find_deb() {
	# shellcheck disable=SC2086
	ls -t "$cache/debs/${pkg}"_*_${arch:-*}.deb 2>/dev/null | head -n 1
}

deb=$(find_deb)
if [ -z "$deb" ]; then
	command -v apt-get >/dev/null 2>&1 || skip "apt-get not found"
	command -v dpkg >/dev/null 2>&1 || skip "dpkg not found"
	log=$cache/debs/.apt-$spec.log
	if [ -n "$arch" ] && [ "$arch" != "$(dpkg --print-architecture)" ] &&
	   ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		[ "$(id -u)" = 0 ] ||
			skip "architecture $arch is not configured and dpkg --add-architecture needs root"
		dpkg --add-architecture "$arch" ||
			fail "dpkg --add-architecture $arch failed"
		apt-get -q update >"$log.update" 2>&1 ||
			skip "apt-get update failed: $(grep -E '^(E|W):' "$log.update" | head -n 1)"
	fi
	try_download() {
		# apt-get download writes into the current directory
		(cd "$cache/debs" && apt-get -q download "$spec") >"$log" 2>&1
	}
	if ! try_download; then
		if grep -q -e "Unable to locate package" \
			-e "has no installation candidate" \
			-e "Can't select" "$log"; then
			# no lists, or stale ones
			[ "$(id -u)" = 0 ] ||
				skip "apt has no list with $spec and apt-get update needs root"
			echo "fetch-debian.sh: apt-get update" >&2
			apt-get -q update >"$log.update" 2>&1 ||
				skip "apt-get update failed: $(grep -E '^(E|W):' "$log.update" | head -n 1)"
			try_download ||
				skip "apt-get download $spec failed: $(grep '^E:' "$log" | head -n 1)"
		else
			skip "apt-get download $spec failed: $(grep '^E:' "$log" | head -n 1)"
		fi
	fi
	deb=$(find_deb)
	[ -n "$deb" ] || fail "apt-get download $pkg left no .deb in $cache/debs"
fi

# Unpack beside the final place, then rename, so that a half-unpacked tree
# is never taken for a whole one.
tmp=$cache/pkg/.$spec.tmp.$$
rm -rf "$tmp" "$tree"
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp" || fail "cannot create $tmp"
if [ -n "$only" ]; then
	set -f	# the globs are tar's
	# shellcheck disable=SC2086
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards $only ||
		fail "unpacking $only from $deb failed"
	set +f
else
	dpkg -x "$deb" "$tmp" || fail "dpkg -x $deb failed"
fi
mv "$tmp" "$tree" || fail "cannot move the tree to $tree"
basename "$deb" >"$stamp" || fail "cannot write $stamp"
[ -z "$only" ] || rm -f "$deb"
echo "$tree"
exit 0
