#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The bash completion made from a tool's man page offers exactly the long
# options of the tool's --help table, completes file names after the
# options whose argument --help names FILE, OUT or BASE and for FILE,
# and nothing after an option with another argument (X.Y, NAME, LIST).
# The options are taken from --help, the file names from a scratch dir.
# usage: bash_completion.sh TOOL COMPLETION
set -eu
tool=$1 comp=$2
bc=/usr/share/bash-completion/bash_completion
command -v bash >/dev/null || { echo "skipped: no bash"; exit 77; }
[ -r "$bc" ] || { echo "skipped: no $bc (package bash-completion)"; exit 77; }
name=$(basename "$tool")
case $comp in /*) ;; *) comp=$PWD/$comp ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
touch "$work/vmlinux-a" "$work/-vmlinux"

# --help's table: the lines that start with an option
"$tool" --help > "$work/help"
grep -E '^ +-' "$work/help" | grep -o -- '--[a-z][a-z0-9_-]*' | sort -u \
	> "$work/help.opts"
file_opts=$(grep -E '^ +-' "$work/help" |
	grep -oE -- '--[a-z][a-z0-9_-]*[= ](FILE|OUT|BASE)' | sed 's/[= ].*//')
arg_opts=$(grep -E '^ +-' "$work/help" |
	grep -oE -- '--[a-z][a-z0-9_-]*[= ][A-Z][A-Z.]*' |
	grep -vE '[= ](FILE|OUT|BASE)$' | sed 's/[= ].*//')
sep=$(grep -qE -- '^ +.*--[a-z][a-z0-9_-]*=[A-Z]' "$work/help" && echo = || echo ' ')

# complete LINE: what bash offers for the line as typed (words split at
# blanks and around '=', as COMP_WORDBREAKS does)
cat > "$work/run.bash" <<'EOS'
. "$1"
. "$2"
complete_line() {
	local fn
	COMP_LINE=$1
	COMP_POINT=${#COMP_LINE}
	read -r -a COMP_WORDS <<< "${COMP_LINE//=/ = }"
	[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	fn=$(complete -p "${COMP_WORDS[0]}" | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
	[ -n "$fn" ] || { echo "no completion function for ${COMP_WORDS[0]}"; return 1; }
	"$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" \
		"${COMP_WORDS[COMP_CWORD-1]}"
	[ ${#COMPREPLY[@]} = 0 ] || printf '%s\n' "${COMPREPLY[@]}"
}
complete_line "$3"
EOS
complete_line() {
	(cd "$work" && bash run.bash "$bc" "$comp" "$1")
}

fail=0
complete_line "$name --" 2>&1 | sed 's/=$//' | sort -u > "$work/comp.opts"
if ! diff -u "$work/help.opts" "$work/comp.opts" > "$work/diff"; then
	echo "FAIL: options offered for '$name --' (+) differ from --help's (-):"
	grep '^[-+]-' "$work/diff"
	fail=1
fi
check() { # LINE WANT: what bash must offer, one line
	got=$(complete_line "$1" 2>&1) || got="(error) $got"
	[ "$got" = "$2" ] ||
		{ echo "FAIL: '$1' completes to '$(echo $got)', want '$2'"; fail=1; }
}
check "$name vm" vmlinux-a
# after an option with a file argument, "-" starts a file name, not an option
for o in $file_opts; do
	check "$name $o${sep}vm" vmlinux-a
	check "$name $o${sep}-" -vmlinux
done
for o in $arg_opts; do
	check "$name $o${sep}vm" ""
done
[ $fail = 0 ] || exit 1
echo "ok: $(wc -l < "$work/comp.opts") options as in --help; file names after" \
	$file_opts "and nothing after" $arg_opts
