/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kbtf validator, part 1: check a raw BTF blob the way the kernel's
 * BPF_BTF_LOAD (user BTF) or its vmlinux/module parse (kernel BTF) does,
 * on the raw bytes, with the kernel's own reason strings.
 *
 *	struct kbtf_btf_check_opts opts = { .sz = sizeof(opts) };
 *	struct kbtf_btf_verdict v;
 *
 *	err = kbtf_btf__check(data, size, &opts, on_problem, ctx, &v);
 *	// err: 0 when the check ran, -Exxx (errno set) when it could not
 *	// v.err: 0 when the kernel would accept the blob, else its error
 *
 * Passes, in the kernel's order (docs/validator.md, "The structure
 * check", has them with the rules of each kind and the version gates):
 * header -> string section -> per-type meta checks -> resolve (depth
 * limited DFS, user BTF only) with the FUNC_PROTO checks -> type tag
 * chains.  The kernel stops at its first error; so does this library by
 * default, and that problem is the verdict.  With opts.all_problems the
 * check goes on and reports more problems (best effort, see
 * kbtf_btf_check_opts); the first one reported is still the kernel's.
 *
 * The library never prints: problems go to the callback, which may
 * return non-zero to stop the check early.  Strings in a problem are
 * valid only during the callback.
 */
#ifndef KBTF_VALIDATE_H
#define KBTF_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "kbtf_finding.h"
#include "kbtf_util.h"		/* KBTF_ENOTSUPP */

#define KBTF_KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + (c))
/* The rules docs/validator.md describes; kernel_version 0 means these. */
#define KBTF_KERNEL_BASELINE KBTF_KERNEL_VERSION(6, 1, 0)

struct kbtf_btf_check_opts {
	size_t sz;		/* sizeof(struct kbtf_btf_check_opts) */
	/*
	 * Split BTF: the base blob (e.g. vmlinux BTF) the checked blob
	 * extends.  Type ids then start at the base's count (void
	 * included), name offsets below the base's str_len refer to the
	 * base, and str_len 0 is accepted.  The base itself must pass the
	 * same check (same mode), else kbtf_btf__check() fails with
	 * -EINVAL.  Not owned; must outlive the call.
	 */
	const void *base_data;
	size_t base_size;
	/*
	 * Target kernel, KBTF_KERNEL_VERSION(6, 1, 0) style; 0 means the
	 * 6.1 baseline.  Kinds newer than the target are refused as that
	 * kernel does ("Invalid kind:%u"; before 5.13 "Invalid btf_info:%x"):
	 * FLOAT 5.13, DECL_TAG 5.16, TYPE_TAG 5.17, ENUM64 6.0.  Other
	 * version rules known: names up to 128 chars before 6.1 (512 from
	 * 6.1); DATASEC names may hold any printable char from 6.2;
	 * TYPE_TAG and DECL_TAG may carry kind_flag from 6.15 (FUNC 5.0
	 * and VAR/DATASEC 5.2 are gated too).  Rules of kernels before
	 * 6.1 are otherwise not modelled, nor are checks BPF_BTF_LOAD
	 * gained after its type passes (6.2+ field records of structs
	 * holding bpf_spin_lock, bpf_list_head, kptr... fail without a
	 * message).
	 */
	int kernel_version;
	/*
	 * Kernel BTF (vmlinux, or a module's split BTF over base_data):
	 * no "Unaligned type_off"/"No type found" checks and no resolve
	 * phase (no FUNC/FUNC_PROTO/DATASEC-to-VAR checks), as the kernel
	 * parses its own BTF.  Default: user BTF (BPF_BTF_LOAD).
	 */
	bool kernel_btf;
	/*
	 * Keep going after the kernel's first error and report more:
	 * header version/flags, string-section problems and an unaligned
	 * type_off do not stop the check; the meta pass reports at most one
	 * problem per type and goes on with the next type while record
	 * lengths are known; the resolve/FUNC_PROTO pass runs only when the
	 * meta pass was clean, reports at most one problem per failed walk
	 * and silently abandons later walks that reach a failed type; the
	 * type-tag pass runs when the meta pass was clean.  Problems after
	 * the first one are not what any kernel prints.
	 */
	bool all_problems;
	/*
	 * The target's pointer size in bytes, 4 or 8 (0: 8), which the
	 * kernel takes as sizeof(void *): the size of a PTR.  From the
	 * image's ELF class when there is one.
	 */
	__u32 ptr_size;
	size_t :0;
};

enum kbtf_btf_phase {
	KBTF_PHASE_HEADER,	/* header and section layout */
	KBTF_PHASE_STRINGS,	/* string section */
	KBTF_PHASE_TYPE_SEC,	/* type section as a whole */
	KBTF_PHASE_META,	/* per-type check_meta */
	KBTF_PHASE_RESOLVE,	/* resolve DFS, member checks, FUNC checks */
	KBTF_PHASE_FUNC_PROTO,	/* btf_func_proto_check */
	KBTF_PHASE_TYPE_TAGS,	/* btf_check_type_tags */
};

/* How the kernel logs the problem (see kbtf_btf_problem__kernel_line()) */
enum kbtf_btf_line {
	KBTF_LINE_PLAIN,	/* "<reason>" */
	KBTF_LINE_ID,		/* "[id] <reason>" */
	KBTF_LINE_BASIC,	/* "[id] KIND name <reason>" */
	KBTF_LINE_TYPE,		/* "[id] KIND name <details> <reason>" */
	KBTF_LINE_MEMBER,	/* "\t<component> <reason>" */
	KBTF_LINE_VSI,		/* "\t<component> <reason>" */
	KBTF_LINE_ENUM,		/* "\t<reason>" */
};

struct kbtf_btf_problem {
	__u32 type_id;		/* 0 for header/string/type-section problems */
	__u32 kind;		/* BTF_KIND_*, 0 when none or unknown */
	const char *kind_str;	/* "STRUCT"; "" when none */
	const char *name;	/* as the kernel logs it: "(anon)" for 0 */
	const char *details;	/* the kernel's per-kind details, e.g.
				 * "size=8 vlen=2"; "" when none */
	const char *component;	/* member/entry text as the kernel logs
				 * it, e.g. "a type_id=1 bits_offset=3";
				 * "" when the problem is the type's */
	int component_idx;	/* member/param/entry/enumerator index, -1 */
	const char *reason;	/* the kernel's reason string, formatted:
				 * "Invalid kind:20", "Loop detected"; ""
				 * when the kernel fails without a message */
	const char *note;	/* our explanation when reason is "", else "" */
	enum kbtf_btf_phase phase;
	enum kbtf_btf_line line;
	int err;		/* what the kernel returns: -EINVAL, -E2BIG,
				 * -KBTF_ENOTSUPP, -EEXIST, -ELOOP */
	bool fatal;		/* false: the kernel only logs it */
	bool kernel_verdict;	/* the error the kernel stops at */
};

/* Return non-zero to stop the check (the verdict so far is kept). */
typedef int (*kbtf_btf_problem_fn)(const struct kbtf_btf_problem *p,
				   void *ctx);

struct kbtf_btf_verdict {
	int err;		/* 0: the kernel accepts; else its error */
	__u32 nr_types;		/* types parsed, without void and base */
	unsigned int nr_problems;	/* reported through the callback */
	/* the kernel's problem, copied (empty when accepted) */
	__u32 type_id;
	enum kbtf_btf_phase phase;
	char reason[128];
	char line[1024];	/* as kbtf_btf_problem__kernel_line(): room
				 * for names past KSYM_NAME_LEN (512) */
};

/*
 * Check @size bytes at @data.  @opts may be NULL (user BTF, 6.1 rules),
 * @fn may be NULL.  Returns 0 when the check ran (see @verdict, which
 * must not be NULL), or -EINVAL (bad arguments, invalid base BTF) or
 * -ENOMEM, with errno set.
 */
int kbtf_btf__check(const void *data, size_t size,
		    const struct kbtf_btf_check_opts *opts,
		    kbtf_btf_problem_fn fn, void *ctx,
		    struct kbtf_btf_verdict *verdict);

/*
 * @p as a finding (check "structure"; warning when the kernel only logs
 * it): details are the kernel's per-kind details and the member, entry,
 * param or enumerator ("member#0 a type_id=1 bits_offset=8"), reason is
 * the kernel's or, when it fails without a message, "(no kernel message:
 * <note>)".  @buf (1 KiB is plenty) holds the strings made; @f points into
 * @buf and @p.
 */
void kbtf_btf_problem__finding(const struct kbtf_btf_problem *p,
			       struct kbtf_finding *f, char *buf,
			       size_t size);

/*
 * bpftool-style line: "[id] KIND 'name' <details> <component> <reason>",
 * or "<reason>" for header/string problems: the text of
 * kbtf_btf_problem__finding().  Returns what snprintf() returns.
 */
int kbtf_btf_problem__format(const struct kbtf_btf_problem *p, char *buf,
			     size_t size);

/* The exact line the kernel's verifier log ends with for this problem. */
int kbtf_btf_problem__kernel_line(const struct kbtf_btf_problem *p,
				  char *buf, size_t size);

const char *kbtf_btf_phase_str(enum kbtf_btf_phase phase);

/* "INT", "STRUCT", ...; "UNKNOWN" for 0 and kinds past ENUM64 */
const char *kbtf_btf_kind_str(__u32 kind);

#endif /* KBTF_VALIDATE_H */
