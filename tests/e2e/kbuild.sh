#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build a small Linux kernel from Debian's source package, for the
# end-to-end tests: one place that knows how to unpack, configure and build
# a tree, so that every variant (compiler, kernel line, patches, encoder,
# post-link step) is built the same way and cached the same way.
#
#   kbuild.sh [OPTIONS] NAME
#
#	--version V	kernel line: 6.1 (default) or 6.12 (linux-source-V)
#	--llvm		build with clang, ld.lld and llvm-* (make LLVM=1)
#	--fragment F	merge this config fragment after the tiny one
#			(repeatable)
#	--patches DIR	apply DIR/*.patch, in name order, to a private copy
#			of the source (kept as src/linux-source-V+NAME)
#	--pahole BIN	the encoder (make PAHOLE=...); default: pahole
#	--resolve-btfids BIN	make RESOLVE_BTFIDS=...; default: the tree's own
#	--targets T	make targets (default "bzImage modules")
#	--seed NAME	start a new build directory as a copy of kbuild-NAME
#			(built from the same source and fragments), so that
#			only what this build changes (encoder, post-link
#			step: the link and BTF steps) is made again
#	--log FILE	build log (default $OUT/kbtf-build.log)
#
# The build directory is $KBTF_CACHE/kbuild-NAME (default cache
# /var/cache/kbtf); it is reused: make is incremental, and the link and BTF
# steps always run again with the encoder given.  The source is unpacked
# once into $KBTF_CACHE/src.  One kernel build runs at a time on the
# machine ($KBTF_CACHE/.kbuild.lock).  The encoder and post-link binaries
# are copied under the build directory first, so that their path (which
# Kconfig and make record) stays the same from one run to the next.
#
# It also writes $OUT/kbtf-make.sh, which runs make on that tree with the
# same variables (for external modules: kbtf-make.sh M=DIR modules).
# Prints "kernel build: N s" and, last, "KBUILD_OUT=<dir>" on stdout.
# Exit 0 built; 77 with "skipped: REASON" when a tool or package is missing
# and cannot be installed; 1 when the build failed (the log's tail is
# printed).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${KBTF_CACHE:-/var/cache/kbtf}

ver=6.1 llvm= frags= patches= pahole=pahole rbtf= targets="bzImage modules"
log= seed=
while [ $# -gt 1 ]; do
	case $1 in
	--version) ver=$2; shift 2 ;;
	--llvm) llvm=1; shift ;;
	--fragment) frags="$frags $2"; shift 2 ;;
	--patches) patches=$2; shift 2 ;;
	--pahole) pahole=$2; shift 2 ;;
	--resolve-btfids) rbtf=$2; shift 2 ;;
	--targets) targets=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	*) echo "kbuild.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ $# = 1 ] || { echo "usage: kbuild.sh [OPTIONS] NAME" >&2; exit 2; }
name=$1
case $name in
*/* | .* | *[!A-Za-z0-9._+-]*) echo "kbuild.sh: bad name '$name'" >&2; exit 2 ;;
esac
case $seed in
*/* | .*) echo "kbuild.sh: bad seed '$seed'" >&2; exit 2 ;;
esac
case $ver in
6.1 | 6.12) ;;
*) echo "kbuild.sh: unsupported kernel line $ver" >&2; exit 2 ;;
esac

skip() { echo "skipped: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

out=$cache/kbuild-$name
log=${log:-$out/kbtf-build.log}
mkdir -p "$cache/src" "$out" 2>/dev/null || skip "cannot write $cache"
exec 9>"$cache/.kbuild.lock"
flock 9

need() {
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			skip "$t is not installed (scripts/install-deps.sh)"
	done
}
need make bc bison flex gcc
[ -z "$llvm" ] || need clang ld.lld llvm-ar llvm-nm llvm-objcopy

# 1. the pristine source, once
src=$cache/src/linux-source-$ver
if [ ! -f "$src/.kbtf-stamp" ]; then
	tarball=/usr/src/linux-source-$ver.tar.xz
	if [ ! -f "$tarball" ]; then
		[ "$(id -u)" = 0 ] ||
			skip "linux-source-$ver is not installed and installing needs root"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			"linux-source-$ver" >"$cache/src/apt-$ver.log" 2>&1 ||
			skip "apt-get install linux-source-$ver failed (no network?)"
	fi
	rm -rf "$src.tmp" && mkdir -p "$src.tmp"
	tar xf "$tarball" -C "$src.tmp" || fail "cannot unpack $tarball"
	rm -rf "$src" && mv "$src.tmp/linux-source-$ver" "$src" && rmdir "$src.tmp"
	touch "$src/.kbtf-stamp"
fi

# 2. a patched copy, made again when the patches change
if [ -n "$patches" ]; then
	ls "$patches"/*.patch >/dev/null 2>&1 || fail "no patches in $patches"
	psrc=$src+$name
	# what the patches change, not their messages: a reworded commit
	# message needs no new tree and no new build
	for p in "$patches"/*.patch; do
		sed -n '/^diff --git /,/^-- $/p' "$p"
	done > "$out/.kbtf-patches.new"
	if [ ! -f "$psrc/.kbtf-stamp" ] ||
	   ! cmp -s "$out/.kbtf-patches.new" "$psrc/.kbtf-patches"; then
		rm -rf "$psrc"
		cp -a "$src" "$psrc.tmp" || fail "cannot copy $src"
		for p in "$patches"/*.patch; do
			patch -d "$psrc.tmp" -p1 -s <"$p" >>"$out/.kbtf-patches.log" 2>&1 ||
				fail "$(basename "$p") does not apply to linux-source-$ver"
		done
		cp "$out/.kbtf-patches.new" "$psrc.tmp/.kbtf-patches"
		mv "$psrc.tmp" "$psrc"
		# objects built from the old tree are not to be trusted
		rm -rf "$out" && mkdir -p "$out"
		cp "$psrc/.kbtf-patches" "$out/.kbtf-patches.new"
	fi
	src=$psrc
fi

# 2b. a new build directory seeded from another one.  Its objects are
# reused as they are: make's own checks (commands, Kconfig's record of
# $PAHOLE, per-option dependencies) redo only what this build changes.
# The copy is made beside and renamed, so that an interrupted copy is
# never taken for a build directory.
if [ -n "$seed" ] && [ ! -f "$out/.config" ]; then
	sd=$cache/kbuild-$seed
	[ -f "$sd/.config" ] || fail "seed kbuild-$seed is not built"
	[ "$(readlink "$sd/source")" = "$src" ] ||
		fail "seed kbuild-$seed was built from another source"
	rm -rf "$out.seed"
	cp -a "$sd" "$out.seed" || fail "cannot copy kbuild-$seed"
	rm -rf "$out.seed/.kbtf-bin" "$out.seed/kbtf-make.sh" "$out.seed"/*.log
	# The tools' builds (objtool, resolve_btfids) record absolute paths;
	# left as they are, the tools and then every object objtool checked
	# would be made again.
	find "$out.seed/tools" -type f \( -name '.*.cmd' -o -name '*.d' \) \
		-exec grep -lF "$sd/" {} + | xargs -r sed -i "s|$sd/|$out/|g"
	rm -rf "$out" && mv "$out.seed" "$out"
	rm -f "$out/.kbtf-fragment"	# configure again, with this encoder
	echo "seeded from kbuild-$seed"
fi

# 3. stable paths for the tools make records
mkdir -p "$out/.kbtf-bin"
stable() {	# stable SRC NAME: prints the stable path of SRC
	case $1 in
	*/*) cp "$1" "$out/.kbtf-bin/$2.tmp" &&
		mv "$out/.kbtf-bin/$2.tmp" "$out/.kbtf-bin/$2" &&
		echo "$out/.kbtf-bin/$2" ;;
	*) command -v "$1" || skip "$1 is not installed" ;;
	esac
}
pahole=$(stable "$pahole" pahole)
set -- O="$out" PAHOLE="$pahole"
if [ -n "$rbtf" ]; then
	rbtf=$(stable "$rbtf" resolve_btfids)
	set -- "$@" RESOLVE_BTFIDS="$rbtf"
fi
[ -z "$llvm" ] || set -- "$@" LLVM=1
mk() { make -C "$src" "$@"; }
{
	echo '#!/bin/sh'
	echo '# written by tests/e2e/kbuild.sh: make on this tree, as it was built'
	printf 'exec make -C %s' "$src"
	for a in "$@"; do printf " '%s'" "$a"; done
	echo ' "$@"'
} >"$out/kbtf-make.sh"
chmod +x "$out/kbtf-make.sh"

# 4. configure, again when the fragments change
frag=$top/../shared/kernel/tiny-6.1.fragment
[ -f "$frag" ] || frag=$top/tests/e2e/tiny-6.1.fragment
cat "$frag" $frags | grep -v '^#' > "$out/.kbtf-fragment.new"
if ! cmp -s "$out/.kbtf-fragment.new" "$out/.kbtf-fragment" ||
   [ ! -f "$out/.config" ]; then
	{ mk "$@" tinyconfig &&
	  "$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
		"$out/.kbtf-fragment.new" &&
	  mk "$@" olddefconfig; } >"$out/kbtf-config.log" 2>&1 ||
		{ tail -20 "$out/kbtf-config.log"; fail "configuring the kernel failed"; }
	mv "$out/.kbtf-fragment.new" "$out/.kbtf-fragment"
fi
for opt in CONFIG_DEBUG_INFO_BTF CONFIG_KALLSYMS_ALL; do
	grep -q "^$opt=y" "$out/.config" ||
		fail "$opt is not set: Kconfig did not accept the encoder ($("$pahole" --version 2>&1))"
done

# 5. build; the link and BTF steps run again with this encoder
rm -f "$out/vmlinux" "$out/vmlinux.unstripped" "$out"/.tmp_vmlinux* \
	"$out/.btf.vmlinux.bin.o" "$out/arch/x86/boot/bzImage"
jobs=$(nproc 2>/dev/null || echo 2)
t0=$(date +%s)
# shellcheck disable=SC2086
if ! mk "$@" -j"$jobs" $targets >"$log" 2>&1; then
	tail -30 "$log"
	fail "kernel build failed (log: $log)"
fi
t1=$(date +%s)
echo "kernel build: $((t1 - t0)) s with $jobs jobs"
echo "KBUILD_OUT=$out"
