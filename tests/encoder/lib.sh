# SPDX-License-Identifier: GPL-2.0-only
# Shared by the encoder test scripts (run_fixture.sh, catalogue.sh), which
# source it: counting failures, running btfencode and judging its exit
# status and its one-line errors.  The helpers' variables are prefixed:
# sh has no locals.

nr_fail=0

fail() {
	echo "FAIL: $*"
	nr_fail=$((nr_fail + 1))
}

finish() {
	if [ $nr_fail -ne 0 ]; then
		echo "$nr_fail failure(s)"
		exit 1
	fi
	exit 0
}

# run_enc LABEL EXPECTED_RC STDERR_FILE CMD...: run, report a crash or an
# unexpected exit status; sets $rc.
run_enc() {
	r_label=$1 r_want=$2 r_err=$3
	shift 3
	"$@" >"$r_err.out" 2>"$r_err"
	rc=$?
	if [ $rc -ge 128 ]; then
		fail "$r_label: crashed (exit $rc): $*"
		sed 's/^/	stderr: /' "$r_err"
	elif [ $rc -ne "$r_want" ]; then
		fail "$r_label: exit $rc, expected $r_want: $*"
		sed 's/^/	stderr: /' "$r_err"
	fi
}

# one_line LABEL STDERR_FILE TEXT...: exactly one line, holding each TEXT
# (the path of the file it is about, first)
one_line() {
	o_label=$1 o_err=$2
	shift 2
	o_n=$(wc -l <"$o_err")
	if [ "$o_n" -ne 1 ]; then
		fail "$o_label: $o_n lines on stderr, expected 1:"
		sed 's/^/	stderr: /' "$o_err"
		return
	fi
	for o_t in "$@"; do
		grep -qF -- "$o_t" "$o_err" ||
			fail "$o_label: the message does not say '$o_t': $(cat "$o_err")"
	done
}
