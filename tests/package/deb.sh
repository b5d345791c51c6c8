#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The Debian package, as a kernel builder gets it: `dpkg-buildpackage -b
# -us -uc` in a copy of the tree (the checkout stays clean: the build
# writes to the copy and to its parent), lintian without errors, the same
# files as `cmake --install` of this build (the expected list comes from
# CMake, so a new tool is covered when it is installed), and every program
# of /usr/bin, unpacked with `dpkg -x` into a scratch root, answering
# --version and --help; each has its man page and bash completion.
# Skipped (77) with the reason where the Debian tools are missing.
#   deb.sh SRCDIR BUILDDIR WORKDIR VERSION CMAKE
set -eu
src=$1 build=$2 work=$3 version=$4 cmake=$5

skip() { echo "skipped: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
for t in dpkg-buildpackage dpkg-deb dpkg-parsechangelog dh lintian; do
	command -v $t >/dev/null ||
		skip "no $t (scripts/install-deps.sh installs the packaging tools)"
done
msg=$(cd "$src" && dpkg-checkbuilddeps 2>&1) || skip "$msg"

t0=$(date +%s)
rm -rf "$work"
mkdir -p "$work/src"
# the tree as the checkout has it, without build directories or .git
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z --cached --others --exclude-standard |
		tar --null -T - --ignore-failed-read -cf -) | tar -xf - -C "$work/src"
else
	(cd "$src" && tar --exclude='./build*' --exclude=./.git -cf - .) |
		tar -xf - -C "$work/src"
fi

# the declared build dependencies are what apt needs (all installed here)
if command -v apt-get >/dev/null; then
	apt-get build-dep -s "$work/src" > "$work/build-dep.log" 2>&1 ||
		fail "apt-get build-dep -s: $(tail -3 "$work/build-dep.log")"
fi

(cd "$work/src" && dpkg-buildpackage -b -us -uc) > "$work/build.log" 2>&1 || {
	tail -40 "$work/build.log"
	fail "dpkg-buildpackage -b -us -uc (log: $work/build.log)"
}
t1=$(date +%s)
deb_version=$(cd "$work/src" && dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
deb=$work/kbtf_${deb_version}_$arch.deb
changes=$work/kbtf_${deb_version}_$arch.changes
[ -f "$deb" ] || fail "no $deb after the build; $(ls "$work")"
upstream=$(dpkg-deb -f "$deb" Version | sed 's/^[0-9]*://; s/-[^-]*$//')
[ "$upstream" = "$version" ] ||
	fail "package version $(dpkg-deb -f "$deb" Version), CMakeLists.txt says $version"
echo "built: $(basename "$deb") ($(wc -c < "$deb") bytes) in $((t1 - t0)) s"

# lintian over everything the build made (.changes: the .debs, .buildinfo)
lrc=0
lintian -I --pedantic --fail-on error "$changes" > "$work/lintian.log" 2>&1 || lrc=$?
t2=$(date +%s)
echo "lintian ($((t2 - t1)) s), exit $lrc:"
grep -v '^running with root privileges' "$work/lintian.log" | sed 's/^/  /'
grep -q '^[A-Z]: ' "$work/lintian.log" || echo "  (no tags)"
[ $lrc = 0 ] || fail "lintian reports errors"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libc6 libbpf1; do
	echo "$depends" | grep -q "$lib" || fail "Depends lacks $lib"
done

# the package's files are those of `cmake --install` (with debhelper's
# copyright and changelog, and man pages and long docs compressed)
root=$work/root
dpkg -x "$deb" "$root"
DESTDIR=$work/cmake-root "$cmake" --install "$build" --prefix /usr > /dev/null
list() {
	(cd "$1" && find . ! -type d | sed 's|^\./||' | sort)
}
list "$work/cmake-root" > "$work/cmake.files"
list "$root" | sed -E '\#^usr/share/doc/kbtf/(copyright$|changelog)#d;
	s#^(usr/share/(man|doc)/.*)\.gz$#\1#' > "$work/deb.files"
echo "files of $(basename "$deb"):"
list "$root" | sed 's|^|  /|'
diff -u "$work/cmake.files" "$work/deb.files" > "$work/files.diff" || {
	cat "$work/files.diff"
	fail "the package's files (+) differ from cmake --install's (-)"
}

# every program runs from the unpacked root, and is documented
nr=0
for bin in "$root"/usr/bin/*; do
	name=$(basename "$bin")
	for opt in --version --help; do
		out=$("$bin" $opt 2>&1) || fail "$name $opt: exit $?: $out"
		[ -n "$out" ] || fail "$name $opt printed nothing"
	done
	echo "ok: $name --version: $("$bin" --version | head -1)"
	page=$root/usr/share/man/man1/$name.1.gz
	[ -f "$page" ] || fail "no man page $page"
	if command -v man >/dev/null; then
		man -l -P cat "$page" 2>/dev/null | sed -n '/^NAME/{n;p;}' |
			grep -q "^ *$name " || fail "man -l $page: no NAME for $name"
	fi
	comp=$root/usr/share/bash-completion/completions/$name
	[ -f "$comp" ] || fail "no bash completion $comp"
	bash -n "$comp" || fail "$comp: bash syntax"
	nr=$((nr + 1))
done
[ $nr -gt 0 ] || fail "no program in /usr/bin of the package"
rm -rf "$work/src"
echo "PASS: kbtf $version package: $nr programs with man pages and" \
	"completions, lintian clean of errors; $(($(date +%s) - t0)) s"
