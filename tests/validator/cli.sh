#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# btfvalidate's output and exit status on small inputs made here: text and
# --json carry the same findings under the same names, the JSON is valid
# UTF-8 whatever bytes the BTF's names hold (checked by test_json --check,
# a strict checker written apart from the writer), and an error that stops
# the run is one "Error:" line on stderr, or the JSON document
# {"error": ...} on stdout.
#
#   cli.sh BTFVALIDATE TEST_JSON WORKDIR
set -eu
validate=$1 check_json=$2 work=$3
mkdir -p "$work"
cd "$work"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# run EXIT ARGS...: stdout in out, stderr in err, the exit status checked
run() {
	want=$1
	shift
	rc=0
	"$validate" "$@" >out 2>err || rc=$?
	[ "$rc" = "$want" ] || bad "btfvalidate $*: exit $rc, expected $want: $(cat err)"
}
has() { grep -q -F -- "$1" "$2" || bad "no '$1' in $2: $(head -c 600 "$2")"; }
valid_json() { "$check_json" --check out >/dev/null || bad "$1: $("$check_json" --check out)"; }

# Raw BTF, little-endian: the header, one TYPEDEF [1] named by string 1,
# pointing at type 5 (missing), and the strings "\0<name>\0".
# btf NAME_BYTES(printf octal) NAME_LEN FILE
btf() {
	slen=$(($2 + 2))
	{
		printf '\237\353\001\000\030\000\000\000'	# magic, v1, hdr_len 24
		printf '\000\000\000\000\014\000\000\000'	# type_off 0, type_len 12
		printf '\014\000\000\000'			# str_off 12
		printf "\\$(printf %03o $slen)\\000\\000\\000"	# str_len
		printf '\001\000\000\000\000\000\000\010'	# name_off 1, TYPEDEF
		printf '\005\000\000\000'			# type 5
		printf '\000'; printf "$1"; printf '\000'
	} >"$3"
}
btf '\351t\351' 3 latin1.btf		# "été" in Latin-1: valid for the kernel
btf 'q"\\\001\377' 5 quote.btf		# q " \ ^A 0xff: not an identifier

# 1. a Latin-1 name: text keeps the bytes, JSON gives the characters
run 1 latin1.btf
printf "error: structure: [1] TYPEDEF '\351t\351' type_id=5 Invalid type_id\n" >want
head -1 out | cmp -s - want || bad "text: $(head -1 out)"
has "btfvalidate: FAIL: 1 error, 0 warnings; structure rejected" out
run 1 --json latin1.btf
valid_json "latin1 --json"
has '"name":"\u00e9t\u00e9"' out
has "\"text\":\"[1] TYPEDEF '\\u00e9t\\u00e9' type_id=5 Invalid type_id\"" out
has '"check":"structure","level":"error","type_id":1,"kind":"TYPEDEF"' out
has '"details":"type_id=5","reason":"Invalid type_id"' out
has '"errors":1,"warnings":0,"ok":false}' out

# 2. quotes, backslashes, control characters, bytes that are no UTF-8
run 1 --json quote.btf
valid_json "quote --json"
has '"name":"q\"\\\u0001\u00ff","details":"type_id=5","reason":"Invalid name"' out

# 3. the same findings in both forms: level, check and text of each line
run 1 quote.btf
grep -c '^error: ' out >n.text
run 1 --json quote.btf
grep -o '"level":"error"' out | wc -l | cmp -s - n.text ||
	bad "text and JSON do not hold the same number of errors"

# 4. an error that stops the run, plain and --json
run 2 /nonexistent/vmlinux
[ ! -s out ] || bad "stdout after an error: $(cat out)"
has "Error: /nonexistent/vmlinux: No such file or directory" err
run 2 --json /nonexistent/vmlinux
valid_json "error --json"
has '{"error":"/nonexistent/vmlinux: No such file or directory"}' out
[ ! -s err ] || bad "stderr with --json: $(cat err)"
run 2 --json --frob
valid_json "usage --json"
has '{"error":"unknown option '"'"'--frob'"'"'"}' out
run 2 --frob
has "Error: unknown option '--frob'" err
has "Usage: btfvalidate" err

# 5. inputs: a symbol file not in its format is invalid (1), an
# unreadable config an I/O error (2); a file not ELF beside --btf is usage
printf 'not-a-symbol-file\n' >not.map
run 1 --kallsyms not.map latin1.btf
has "Error: not.map: line 1: not in System.map/kallsyms format" err
run 2 --config /nonexistent/config latin1.btf
has "Error: /nonexistent/config: No such file or directory" err
run 2 --btf latin1.btf quote.btf
has "not an ELF file; with --btf" err

# 6. a valid BTF: exit 0
btf 'ok' 2 ok.btf
printf '\001' | dd of=ok.btf bs=1 seek=32 conv=notrunc 2>/dev/null	# type 1
run 1 ok.btf			# a typedef of itself: "Loop detected"
has "Loop detected" out
printf '\000' | dd of=ok.btf bs=1 seek=32 conv=notrunc 2>/dev/null	# void
run 0 ok.btf
has "btfvalidate: PASS: 0 errors, 0 warnings; structure ok (1 types" out
run 0 --json ok.btf
valid_json "ok --json"
has '"findings":[],"errors":0,"warnings":0,"ok":true}' out

[ $fail = 0 ] && echo "ok: btfvalidate's text, JSON and errors"
exit $fail
