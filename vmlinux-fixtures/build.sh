#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the fixture image: build.sh CC DWARF_VERSION OUTDIR
#
# Compiles every .c file beside this script with CC (gcc or clang) at
# -gdwarf-DWARF_VERSION and links them with vmlinux.lds into
# OUTDIR/vmlinux.  Nothing is written outside OUTDIR.  The exact commands
# are echoed; README.md lists them too.
set -eu

if [ $# -ne 3 ]; then
	echo "usage: $0 CC DWARF_VERSION OUTDIR" >&2
	exit 2
fi
cc=$1
dwarf=$2
out=$3
src=$(cd "$(dirname "$0")" && pwd)

case $dwarf in
4|5) ;;
*) echo "$0: DWARF_VERSION must be 4 or 5" >&2; exit 2 ;;
esac

# Kernel-like code generation: no PIC, no libc; the target's kernel
# options.  The target is the compiler's (-dumpmachine).
CFLAGS="-g -gdwarf-$dwarf -O2 -std=gnu11 -fno-pic -fno-pie -fno-common \
-ffreestanding -fno-builtin -fno-stack-protector \
-fno-asynchronous-unwind-tables -Wall -Wno-unused-function"
case $($cc -dumpmachine) in
aarch64*)
	# arm64's ftrace: -fpatchable-function-entry=2 (6.1), =4,2 with
	# CALL_OPS (6.8+; FIXTURE_PFE overrides), BTI landing pads with
	# ARM64_BTI_KERNEL (FIXTURE_BP); gcc puts DW_AT_low_pc after them
	CFLAGS="$CFLAGS -mgeneral-regs-only \
-fpatchable-function-entry=${FIXTURE_PFE:-2} \
-mbranch-protection=${FIXTURE_BP:-none}"
	lds=vmlinux-arm64.lds
	LD=${LD:-aarch64-linux-gnu-ld}
	;;
*)
	CFLAGS="$CFLAGS -mcmodel=kernel -mno-red-zone"
	lds=vmlinux.lds
	;;
esac
# Linked with LD directly, as the kernel is (default: GNU ld).
LD=${LD:-ld}
LDFLAGS="-static -nostdlib --build-id=none -T $src/$lds"
# The init segment is RWX as in the kernel; binutils >= 2.39 warns.
if $LD --help 2>/dev/null | grep -q -- --no-warn-rwx-segments; then
	LDFLAGS="$LDFLAGS --no-warn-rwx-segments"
fi

# Variants for the bad-input catalogue (tests/encoder/catalogue.sh):
# FIXTURE_CFLAGS are added to the compiler's flags (-gsplit-dwarf);
# FIXTURE_LTO=1 compiles with -flto and links through the compiler
# driver, whose LTO plugin plain ld lacks.
CFLAGS="$CFLAGS ${FIXTURE_CFLAGS:-}"
if [ -n "${FIXTURE_LTO:-}" ]; then
	CFLAGS="$CFLAGS -flto"
	LDFLAGS="$CFLAGS -nostdlib -static -Wl,--build-id=none -Wl,-T,$src/$lds"
	if $LD --help 2>/dev/null | grep -q -- --no-warn-rwx-segments; then
		LDFLAGS="$LDFLAGS -Wl,--no-warn-rwx-segments"
	fi
	LD=$cc
fi

mkdir -p "$out"
objs=
for c in core mm types tags; do
	echo "$cc $CFLAGS -c $src/$c.c -o $out/$c.o"
	$cc $CFLAGS -c "$src/$c.c" -o "$out/$c.o"
	objs="$objs $out/$c.o"
done
echo "$LD $LDFLAGS -o $out/vmlinux$objs"
$LD $LDFLAGS -o "$out/vmlinux" $objs
