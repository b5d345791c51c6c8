#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Every long option in `TOOL --help` is documented in the man page, and
# every option the man page documents is in --help.
# usage: help_man_sync.sh TOOL MANPAGE
set -eu
tool=$1
man=$2

help_opts=$("$tool" --help | grep -o -- '--[a-z][a-z0-9_-]*' | sort -u)
# options in the man page: every bold \-\-name, and names on .B/.BR/.BI
man_opts=$( (grep -o '\\fB\\-\\-[a-z][a-z0-9_\\-]*' "$man";
	grep '^\.B[RI]* ' "$man") | sed 's/\\-/-/g' |
	grep -o -- '--[a-z][a-z0-9_-]*' | sort -u)

fail=0
for o in $help_opts; do
	echo "$man_opts" | grep -qx -- "$o" ||
		{ echo "FAIL: $o is in --help but not in $man"; fail=1; }
done
for o in $man_opts; do
	echo "$help_opts" | grep -qx -- "$o" ||
		{ echo "FAIL: $o is in $man but not in --help"; fail=1; }
done
[ $fail = 0 ] && echo "ok: $(echo "$help_opts" | wc -l) options in sync"
exit $fail
