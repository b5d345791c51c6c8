#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Write the bash completion of a kbtf tool from its man page; CMake runs
# this at build time for every tool it installs.  The man page is the one
# list of options (unit.*_help_man_sync keeps --help equal to it, and
# unit.*_bash_completion checks the result against --help).
#   gen-bash-completion.sh TOOL MANPAGE OUT
#
# An option is documented on the line after .TP (.B, .BR or .BI), with its
# argument, if any, after it: "--opt= ARG" is offered as "--opt=",
# "--opt ARG" as "--opt"; "[=N]" is an optional argument, given attached.
# An argument named FILE, OUT, BASE, DIR or PATH completes file names;
# another argument completes nothing.  Options named only in the text (as
# btfencode's no-effect ones) are not offered; --help does not list them in
# its table either.
set -eu
tool=$1 man=$2 out=$3
mkdir -p "$(dirname "$out")"

awk -v tool="$tool" '
function plain(s) {
	gsub(/\\f[BIRP]/, "", s)
	gsub(/\\-/, "-", s)
	gsub(/[",]/, " ", s)
	return s
}
function add(name, word) {
	if (!(name in seen))
		order[++nr] = name
	seen[name] = word
}
function alt(list, name) {
	return list == "" ? name : list "|" name
}
/^\.TP/ { item = 1; next }
item && /^\.B[RI]? / {
	s = plain($0)
	sub(/^\.B[RI]? +/, "", s)
	n = split(s, t, / +/)
	nopt = 0; arg = ""; optional = 0; attached = 0
	for (i = 1; i <= n; i++) {
		if (t[i] ~ /^-/ && arg == "" && !optional) {
			o = t[i]
			if (sub(/=$/, "", o))
				attached = 1
			opt[++nopt] = o
		} else if (t[i] ~ /^\[/) {
			optional = 1
		} else if (arg == "" && !optional) {
			arg = t[i]
		}
	}
	for (i = 1; i <= nopt; i++) {
		if (opt[i] ~ /^--/)
			add(opt[i], attached ? opt[i] "=" : opt[i])
		if (arg == "")
			continue
		if (arg ~ /FILE|OUT|BASE|DIR|PATH/)
			fileopts = alt(fileopts, opt[i])
		else
			argopts = alt(argopts, opt[i])
	}
}
{ item = 0 }
END {
	fn = "_kbtf_" tool
	gsub(/[^A-Za-z0-9_]/, "_", fn)
	words = ""
	for (i = 1; i <= nr; i++)
		words = words (i > 1 ? " " : "") seen[order[i]]
	print "# bash completion for " tool "\t\t\t-*- shell-script -*-"
	print "# SPDX-License-Identifier: GPL-2.0-only"
	print "# Generated from " tool "(1) by kbtf'"'"'s scripts/gen-bash-completion.sh."
	print ""
	print fn "()"
	print "{"
	print "\tlocal cur prev words cword split"
	print "\t_init_completion -s || return"
	print ""
	print "\tcase $prev in"
	if (fileopts != "") {
		print "\t" fileopts ")"
		print "\t\t_filedir"
		print "\t\treturn"
		print "\t\t;;"
	}
	if (argopts != "") {
		print "\t" argopts ")"
		print "\t\treturn"
		print "\t\t;;"
	}
	print "\tesac"
	print "\t$split && return"
	print ""
	print "\tif [[ $cur == -* ]]; then"
	print "\t\tCOMPREPLY=($(compgen -W \x27" words "\x27 -- \"$cur\"))"
	print "\t\t[[ ${COMPREPLY-} == *= ]] && compopt -o nospace"
	print "\t\treturn"
	print "\tfi"
	print "\t_filedir"
	print "} &&"
	print "\tcomplete -F " fn " " tool
}
' "$man" > "$out.tmp"
mv "$out.tmp" "$out"
