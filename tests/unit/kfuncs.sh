#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# decl_tag_kfuncs and distilled_base on a small object (kfuncs/kfuncs.c):
# the kfuncs of .BTF_ids kfunc sets get DECL_TAG bpf_kfunc on their FUNC
# (bpf_fastcall for KF_FASTCALL), nothing else does, a kfunc with no
# definition is a warning naming it; several --btf_features options add
# up; distilled_base writes .BTF.base where libbpf can distill, and a
# warning naming the file and plain split BTF where it cannot.
#
#   kfuncs.sh BTFENCODE SRCDIR WORKDIR
set -u
enc=$1 src=$2 work=$3
command -v bpftool >/dev/null || { echo "skipped: bpftool is not installed"; exit 77; }
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
cc -g -O2 -c "$src/kfuncs.c" -o kfuncs.o || { echo "FAIL: cannot build the object"; exit 1; }
fail=0
no() { echo "FAIL: $*"; fail=1; }

# "TAG FUNC" for every bpf_kfunc / bpf_fastcall decl tag of $1
tags() {
	bpftool btf dump file "$1" | awk '
	$2 == "FUNC" { id = $1; gsub(/[][]/, "", id); n = $3; gsub("\047", "", n); name[id] = n }
	$2 == "DECL_TAG" { t = $3; gsub("\047", "", t)
		if (t == "bpf_kfunc" || t == "bpf_fastcall") { split($4, a, "="); tag[++k] = t " " a[2] } }
	END { for (i = 1; i <= k; i++) { split(tag[i], b, " "); print b[1], name[b[2]] } }' | sort
}

# the kernel's 6.12 options
"$enc" -j2 --btf_features=encode_force,var,float,enum64,decl_tag,type_tag,optimized_func,consistent_func,decl_tag_kfuncs \
	--btf_features=+reproducible_build --lang_exclude=rust --stats \
	--btf_encode_detached=k.btf kfuncs.o 2>k.err || no "btfencode failed: $(cat k.err)"
tags k.btf >k.tags
printf '%s\n' "bpf_fastcall kf_fast" "bpf_kfunc kf_fast" "bpf_kfunc kf_one" "bpf_kfunc kf_twice" >want
cmp -s k.tags want || { no "kfunc tags differ:"; diff want k.tags; }
grep -q "kfunc kf_missing: no FUNC" k.err || no "no warning naming kf_missing: $(cat k.err)"
grep -q "kfuncs 4: tagged bpf_kfunc 3 (bpf_fastcall 1), no FUNC 1" k.err ||
	no "stats: $(grep kfuncs k.err)"
[ "$(grep -c 'kfunc' k.err)" = 2 ] || no "other kfunc messages: $(cat k.err)"

# options add up: tags from the second option, floats from the first
"$enc" --btf_features=float --btf_features=decl_tag_kfuncs,decl_tag \
	--btf_encode_detached=sum.btf kfuncs.o 2>/dev/null
[ "$(tags sum.btf | wc -l)" = 4 ] || no "two options do not add up"
# no decl tags, no kfunc tags; and the feature off, none either
"$enc" --btf_features=default --skip_encoding_btf_decl_tag \
	--btf_encode_detached=nodecl.btf kfuncs.o 2>/dev/null
[ -z "$(tags nodecl.btf)" ] || no "kfunc tags without decl tags"
"$enc" --btf_features=float,decl_tag --btf_encode_detached=off.btf kfuncs.o 2>off.err
[ -z "$(tags off.btf)" ] || no "kfunc tags without decl_tag_kfuncs"
[ ! -s off.err ] || no "messages without decl_tag_kfuncs: $(cat off.err)"
# strict: an unknown name is a usage error naming it
"$enc" --btf_features_strict=float,bogus --btf_encode_detached=x.btf kfuncs.o 2>strict.err
rc=$?
[ $rc = 2 ] && grep -q "'bogus'" strict.err || no "strict unknown name: exit $rc, $(cat strict.err)"
"$enc" --btf_features=float,bogus --btf_encode_detached=x.btf kfuncs.o 2>/dev/null ||
	no "an unknown name without strict is an error"

# distilled_base: split BTF into the object, .BTF.base beside .BTF
cp kfuncs.o base.o && "$enc" -J base.o 2>/dev/null || no "encoding the base failed"
cp kfuncs.o mod.o && cp mod.o mod.orig
"$enc" -J --btf_features=default --btf_features=distilled_base --btf_base base.o mod.o 2>dist.err
rc=$?
if grep -q "btf__distill_base" dist.err; then
	# kbtf built with a libbpf that cannot distill: a warning, and the
	# plain split BTF, without .BTF.base
	[ $rc = 0 ] || no "distilled_base without btf__distill_base: exit $rc"
	grep -q "^btfencode: warning: mod.o: distilled_base:" dist.err ||
		no "no warning naming the file: $(cat dist.err)"
	! readelf -SW mod.o | grep -q ' \.BTF\.base ' || no "a .BTF.base although libbpf cannot distill"
	bpftool btf dump file mod.o -B base.o >/dev/null 2>&1 || no "the module's split BTF does not parse"
	sed 's/^/	/' dist.err
	distill="warned, plain split BTF (libbpf $(sed -n 's/.*libbpf \([^ ]*\) has no.*/\1/p' dist.err))"
else
	[ $rc = 0 ] || no "distilled_base failed: $(cat dist.err)"
	readelf -SW mod.o | grep -q ' \.BTF\.base ' || no "no .BTF.base section"
	bpftool btf dump file mod.o >/dev/null 2>&1 || no "the module's BTF does not parse"
	distill="written"
fi
cp mod.orig mod.o
# with detached output distilled_base is not an error (nothing to embed)
"$enc" --btf_features=default,distilled_base --btf_base base.o \
	--btf_encode_detached=split.btf kfuncs.o 2>/dev/null || no "distilled_base with detached output"
# without --btf_base: an error (no split BTF to distill)
"$enc" -J --btf_features=distilled_base mod.o 2>/dev/null && no "distilled_base without --btf_base accepted"
cmp -s mod.o mod.orig || no "the module was changed by a refused encode"

[ $fail = 0 ] && echo "PASS: kfunc tags as pahole writes them, options add up, distilled_base $distill"
exit $fail
