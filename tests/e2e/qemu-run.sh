#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Boot KERNEL under qemu (software CPU, 2 vCPUs, nokaslr) with an
# initramfs holding /init (init.c), the files given, and /commands.
#
#   qemu-run.sh KERNEL INIT COMMANDS_FILE LOG [FILE[=NAME]...]
#
# FILE is copied to /NAME (default: its basename).  The console goes to
# LOG.  Exit 0 when the guest printed KBTF-DONE, 77 when qemu is missing,
# 1 otherwise.
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
	*=*) cp "${f%%=*}" "$root/${f#*=}" ;;
	*) cp "$f" "$root/$(basename "$f")" ;;
	esac
done
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$root.cpio.gz"

timeout 600 qemu-system-x86_64 -accel tcg -m 1024 -smp 2 -nographic \
	-no-reboot -kernel "$kernel" -initrd "$root.cpio.gz" \
	-append "console=ttyS0 panic=-1 quiet nokaslr" </dev/null >"$log" 2>&1 ||
	true
rm -f "$root.cpio.gz"
tr -d '\r' < "$log" > "$log.tmp" && mv "$log.tmp" "$log"
grep -q "KBTF-DONE" "$log"
