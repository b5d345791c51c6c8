#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The out-of-tree test module of the Linux 6.12 build with distilled_base
# (.BTF.base), as e2e.kernel612.build_boot_probe left it in WORKDIR:
# passes when the module was built with .BTF.base and loaded and probed
# in the guest; "skipped" when btfencode's libbpf cannot distill (Debian
# 12's libbpf 1.1), after checking that btfencode said so and that the
# module, with its plain split BTF, loaded and probed.
#
#   distilled-module.sh WORKDIR
set -u
work=$1
status=$work/distilled.status
[ -s "$status" ] || { echo "FAIL: no result of the 6.12 build's module step in $work"; exit 1; }
log=$work/console.log
loaded=0
grep -q "^KBTF-EXIT 0 0$" "$log" 2>/dev/null &&
	grep -q "^KBTF-EXIT 2 0$" "$log" && loaded=1
case $(cat "$status") in
written)
	if [ $loaded = 1 ]; then
		echo "PASS: the module built out of tree with distilled_base (.BTF.base) loads and its VARs probe"
		exit 0
	fi
	echo "FAIL: the module with .BTF.base did not load or probe (see $log)"
	exit 1
	;;
*btf__distill_base*)
	[ $loaded = 1 ] ||
		{ echo "FAIL: the module with plain split BTF did not load or probe"; exit 1; }
	echo "btfencode said: $(cut -c1-200 "$status")"
	echo "skipped: distilled_base needs libbpf's btf__distill_base() (libbpf 1.5+), which kbtf's libbpf lacks; checked instead: btfencode warns and writes plain split BTF, and the module loads and probes"
	exit 77
	;;
esac
echo "FAIL: unexpected module step result: $(cat "$status")"
exit 1
