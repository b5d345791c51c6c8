#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Boot KERNEL under qemu (software CPU, 2 vCPUs, nokaslr) with an
# initramfs holding /init (init.c), the files given, and /commands.
#
#   qemu-run.sh KERNEL INIT COMMANDS_FILE LOG [FILE[=NAME]...]
#
# FILE is copied to /NAME (default: its basename); a dynamically linked
# program brings the libraries and loader ldd names, at the same paths.
# The console goes to LOG.  Exit 0 when the guest printed KBTF-DONE, 77
# when qemu is missing, 1 otherwise.
set -eu
kernel=$1 init=$2 commands=$3 log=$4
shift 4

command -v qemu-system-x86_64 >/dev/null ||
	{ echo "skipped: qemu-system-x86_64 is not installed"; exit 77; }
command -v cpio >/dev/null ||
	{ echo "skipped: cpio is not installed"; exit 77; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/proc" "$root/sys" "$root/dev"
cp "$init" "$root/init"
cp "$commands" "$root/commands"
for f in "$@"; do
	case $f in
	*=*) cp "${f%%=*}" "$root/${f#*=}"; f=${f%%=*} ;;
	*) cp "$f" "$root/$(basename "$f")" ;;
	esac
	# "libX.so.1 => /lib/.../libX.so.1 (0x...)" and "/lib64/ld-...so.2 (0x...)"
	for lib in $(ldd "$f" 2>/dev/null | sed -n 's@.*[ \t]\(/[^ ]*\) (0x.*@\1@p'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
done
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$root.cpio.gz"

# The guest powers off when it can; kernels without a power-off driver
# halt instead, so stop qemu once the guest has said KBTF-DONE.
qemu-system-x86_64 -accel tcg -m 1024 -smp 2 -nographic \
	-no-reboot -kernel "$kernel" -initrd "$root.cpio.gz" \
	-append "console=ttyS0 panic=-1 quiet nokaslr" </dev/null >"$log" 2>&1 &
qpid=$!
waited=0
while kill -0 $qpid 2>/dev/null; do
	if grep -a -q "KBTF-DONE" "$log" || [ $waited -ge 600 ]; then
		sleep 1
		kill $qpid 2>/dev/null || true
		break
	fi
	sleep 1
	waited=$((waited + 1))
done
wait $qpid 2>/dev/null || true
rm -f "$root.cpio.gz"
tr -d '\r' < "$log" > "$log.tmp" && mv "$log.tmp" "$log"
grep -q "KBTF-DONE" "$log"
