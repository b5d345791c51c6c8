// SPDX-License-Identifier: GPL-2.0-only
/*
 * Functions and a .BTF_ids section laid out as the kernel's btf_ids.h
 * lays out kfunc sets (BTF_KFUNCS_START, BTF_ID_FLAGS, BTF_KFUNCS_END),
 * for tests/unit/kfuncs.sh.  Built with: cc -g -O2 -c kfuncs.c
 */
#define KF_FASTCALL (1 << 12)

__attribute__((noinline, used)) int kf_one(int a)
{
	return a + 1;
}

__attribute__((noinline, used)) long kf_fast(long a, long b)
{
	return a * b;
}

__attribute__((noinline, used)) int kf_twice(int a)
{
	return a - 1;
}

__attribute__((noinline, used)) int not_a_kfunc(int a)
{
	return a ^ 1;
}

#define STR2(x) #x
#define STR(x) STR2(x)

/* set8 header: u32 cnt (resolve_btfids fills it), u32 flags; then one
 * (u32 id, u32 flags) pair per function */
asm(".pushsection .BTF_ids,\"a\"\n"
    "kset_a:\n"
    "__BTF_ID__set8__kset_a:\n .zero 4\n .long 1\n"
    "__BTF_ID__func__kf_one__101:\n .zero 4\n .long 0\n"
    "__BTF_ID__func__kf_fast__102:\n .zero 4\n .long " STR(KF_FASTCALL) "\n"
    "__BTF_ID__func__kf_twice__103:\n .zero 4\n .long 0\n"
    "__BTF_ID__func__kf_missing__104:\n .zero 4\n .long 0\n"
    ".size __BTF_ID__set8__kset_a, .-kset_a\n"
    /* a set8 without BTF_SET8_KFUNCS: not kfuncs */
    "plain:\n"
    "__BTF_ID__set8__plain:\n .zero 4\n .long 0\n"
    "__BTF_ID__func__not_a_kfunc__105:\n .zero 4\n .long 0\n"
    ".size __BTF_ID__set8__plain, .-plain\n"
    /* a second kfunc set listing one again */
    "kset_b:\n"
    "__BTF_ID__set8__kset_b:\n .zero 4\n .long 1\n"
    "__BTF_ID__func__kf_twice__106:\n .zero 4\n .long 2\n"
    ".size __BTF_ID__set8__kset_b, .-kset_b\n"
    /* a BTF_ID outside any set */
    "__BTF_ID__func__not_a_kfunc__107:\n .zero 4\n"
    ".popsection\n");
