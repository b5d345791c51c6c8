/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kbtf encoder: DWARF (through dwarf/) to BTF (through libbpf).
 *
 *	struct kbtf_encoder *enc = kbtf_encoder__new(path, &opts);
 *	err = kbtf_encoder__encode(enc);
 *	btf = kbtf_encoder__btf(enc);	  // owned by enc
 *	kbtf_encoder__free(enc);
 *
 * kbtf_encoder__encode() gives BTF that passes the kernel's rules (the
 * validator's kbtf_btf__check()) or fails with -EINVAL, naming the rule.
 *
 * Errors: NULL or -Exxx with errno set; messages go through the kbtf print
 * hook and name the file.
 */
#ifndef KBTF_ENCODER_H
#define KBTF_ENCODER_H

#include <stdbool.h>
#include <stddef.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

struct kbtf_encoder_opts {
	size_t sz;		/* sizeof(struct kbtf_encoder_opts) */
	int nr_threads;		/* 0 or 1: one worker */
	bool gen_floats;	/* FLOAT kind; without it floats become INT */
	bool skip_vars;		/* no VAR/DATASEC at all */
	bool skip_global_vars;	/* per-CPU VARs only (pahole's default) */
	bool skip_enum64;	/* 64-bit enums as 8-byte ENUM */
	bool skip_decl_tags;
	bool skip_type_tags;
	const char *lang_exclude;	/* comma-separated language names */
	struct btf *base_btf;	/* encode split BTF over this (not owned) */
	/* pahole's consistent_func (--skip_encoding_btf_inconsistent_proto):
	 * no FUNC for a name whose prototypes differ, whose arguments are
	 * not where the calling convention puts them, or whose symbols are
	 * at several addresses */
	bool consistent_func;
	/* pahole's optimized_func (--btf_gen_optimized): a FUNC for a
	 * function that only a compiler clone (foo.isra.0) carries, when its
	 * arguments are where the calling convention puts them */
	bool optimized_func;
	/* tests only: CUs per group (0: the fixed grouping), so that a
	 * small image goes through many groups and their merge; the output
	 * then differs in type order, not in content */
	size_t group_cus;
	/* pahole's decl_tag_kfuncs: DECL_TAG "bpf_kfunc" (and "bpf_fastcall"
	 * where the set entry's flags say KF_FASTCALL) on the FUNC of every
	 * kfunc of FILE's .BTF_ids kfunc sets; needs decl tags on */
	bool decl_tag_kfuncs;
	/* The kernel the BTF is for, KBTF_KERNEL_VERSION()-style: the
	 * encoded BTF must pass its rules (BPF_BTF_LOAD's) or nothing is
	 * returned.  0: the version the image names (banner, vermagic),
	 * else 6.1. */
	int kernel_version;
	size_t :0;
};

struct kbtf_encoder_stats {
	size_t nr_cus;
	size_t nr_types;	/* after dedup, without base */
	size_t nr_funcs;
	size_t nr_vars;
	size_t nr_datasecs;
	size_t nr_percpu_vars;
	size_t nr_var_dups;	/* candidates merged into another entry */
	size_t nr_var_overlaps;	/* entries dropped for overlapping */
	size_t nr_var_nosym;	/* DWARF vars with no matching data symbol */
	size_t nr_var_zero;	/* matching symbol has size 0 */
	size_t nr_var_sized_from_symbol;	/* T x[] completed from st_size */
	size_t nr_types_before_dedup;
	/* FUNCs: names with a candidate, by how the chosen one was paired
	 * (enum func_match order), and names left out by consistent_func */
	size_t nr_func_names;
	size_t nr_funcs_by_match[4];
	size_t nr_funcs_inconsistent;	/* prototypes differ */
	size_t nr_funcs_unexpected_reg;	/* an argument elsewhere */
	size_t nr_funcs_ambiguous;	/* symbols at several addresses */
	size_t nr_funcs_clone_rejected;	/* clone whose arguments moved */
	double t_encode;	/* seconds: reading + encoding + merging CUs */
	double t_decide;	/* choosing, adding the FUNCs and VARs */
	double t_workers_read;	/* worker seconds reading DWARF (summed) */
	double t_workers_encode;	/* worker seconds encoding CUs (summed) */
	double t_workers_dedup;	/* ... of which deduping groups */
	double t_merge;		/* main thread seconds merging groups */
	double t_dedup;		/* btf__dedup */
	/* decl_tag_kfuncs: kfuncs in .BTF_ids kfunc sets, those whose FUNC
	 * got "bpf_kfunc", "bpf_fastcall" tags, kfuncs with no FUNC, and
	 * kfuncs kept although consistent_func would leave them out */
	size_t nr_kfuncs;
	size_t nr_kfuncs_tagged;
	size_t nr_kfuncs_fastcall;
	size_t nr_kfuncs_no_func;
	size_t nr_kfuncs_kept;
	double t_check;		/* the kernel's rules on the result */
};

struct kbtf_encoder;

/* NULL with errno set if @path cannot be read as ELF with DWARF and a
 * symbol table (the reason is printed). */
struct kbtf_encoder *kbtf_encoder__new(const char *path,
				       const struct kbtf_encoder_opts *opts);
int kbtf_encoder__encode(struct kbtf_encoder *enc);
/* The encoded BTF, owned by @enc; NULL before a successful encode. */
struct btf *kbtf_encoder__btf(const struct kbtf_encoder *enc);
const struct kbtf_encoder_stats *
kbtf_encoder__stats(const struct kbtf_encoder *enc);
void kbtf_encoder__free(struct kbtf_encoder *enc);

/*
 * A libbpf print callback that passes libbpf's messages on to the kbtf
 * print hook (warnings as warnings, the rest as debug).  The library does
 * not install it: setting libbpf's hook is the program's choice
 * (libbpf_set_print(kbtf_libbpf_print)).
 */
int kbtf_libbpf_print(enum libbpf_print_level level, const char *fmt,
		      va_list args);

/* Language name (as for --lang_exclude) to DW_LANG_* values; returns the
 * number of values written to @langs (at most @max), 0 if unknown. */
int kbtf_lang_codes(const char *name, unsigned int *langs, int max);

/*
 * The base BTF of a split encoding (--btf_base): the .BTF section of the
 * ELF file @path (not NOBITS, not compressed, not empty) or the raw BTF
 * file @path.  NULL with errno set, the reason printed naming @path.
 * Free with btf__free().
 */
struct btf *kbtf_base_load(const char *path);

/*
 * Output.  Both write a temporary file next to @path and rename it over
 * @path, so a failure leaves @path as it was.
 *
 * kbtf_write_raw: raw BTF bytes (--btf_encode_detached).
 * kbtf_write_elf_btf: @path is an ELF file; add a .BTF section holding
 * @btf, or replace the existing one, with libelf.  A .BTF that is part of
 * the loaded image (SHF_ALLOC, as in a linked kernel) is filled when it is
 * empty (ld.lld's placeholder) and otherwise refused with -EINVAL, unless
 * @opts->replace_loaded.  With @opts->dist_base, a .BTF.base section
 * holding it is added or replaced the same way, in the same rewrite.
 */
struct kbtf_write_opts {
	size_t sz;		/* sizeof(struct kbtf_write_opts) */
	bool replace_loaded;	/* replace a non-empty loaded .BTF too */
	/* distilled_base: the base @btf is split over, written as
	 * .BTF.base (kbtf_btf_distill_base()); NULL: no .BTF.base */
	const struct btf *dist_base;
};

int kbtf_write_raw(const struct btf *btf, const char *path);
int kbtf_write_elf_btf(const struct btf *btf, const char *path,
		       const struct kbtf_write_opts *opts);

/*
 * libbpf's btf__distill_base() (libbpf 1.5+): from the split BTF @split,
 * a minimal base (*@base: the base types @split refers to, structs and
 * unions as names and sizes only) and @split again over it (*@new_split),
 * which the kernel relocates onto its own vmlinux BTF when it loads a
 * module (Linux 6.11+).  Both are the caller's (btf__free()), in @split's
 * byte order.  -EOPNOTSUPP when kbtf was built with a libbpf that lacks
 * it (Debian 12's libbpf 1.1); -EINVAL when @split has no base.
 */
int kbtf_btf_distill_base(const struct btf *split, struct btf **base,
			  struct btf **new_split);

/*
 * pahole's --btf_features (features.c).  Feature names, in pahole's
 * order; the kernel passes the first nine (6.8+), distilled_base for
 * out-of-tree modules (6.11+), attributes (6.16+), layout (7.x).
 */
enum kbtf_btf_feature {
	KBTF_FEAT_ENCODE_FORCE,
	KBTF_FEAT_VAR,
	KBTF_FEAT_FLOAT,
	KBTF_FEAT_DECL_TAG,
	KBTF_FEAT_TYPE_TAG,
	KBTF_FEAT_ENUM64,
	KBTF_FEAT_OPTIMIZED_FUNC,
	KBTF_FEAT_CONSISTENT_FUNC,
	KBTF_FEAT_DECL_TAG_KFUNCS,
	KBTF_FEAT_REPRODUCIBLE_BUILD,
	KBTF_FEAT_DISTILLED_BASE,
	KBTF_FEAT_GLOBAL_VAR,
	KBTF_FEAT_ATTRIBUTES,
	KBTF_FEAT_TRUE_SIGNATURE,
	KBTF_FEAT_LAYOUT,
	KBTF_FEAT_NR
};

/* What the feature options of one command line said so far.  Zero it,
 * set sz, and pass it to every kbtf_btf_features__parse() call. */
struct kbtf_btf_features {
	size_t sz;		/* sizeof(struct kbtf_btf_features) */
	bool seen;		/* a feature option was read */
	unsigned int on;	/* 1 << enum kbtf_btf_feature, named so far */
	unsigned int nr_unknown;	/* unknown names skipped */
	char unknown[64];	/* the first unknown name (strict: the one
				 * that refused the list) */
};

/*
 * One --btf_features=@list (or --btf_features_strict with @strict), in
 * command-line order, as pahole 1.27 to 1.31 read it: the first call
 * turns off every feature field of @o (floats, enum64, decl and type
 * tags, consistent_func, optimized_func, decl_tag_kfuncs; VARs are not a
 * feature list's to turn off), then each call turns on what it names.
 * "default" as the list or an item, and a leading '+', name the default
 * set (encode_force, var, float, decl_tag, type_tag, enum64,
 * optimized_func, consistent_func, decl_tag_kfuncs).  Names without an
 * opts field (distilled_base, attributes, ...) are only recorded in
 * @f->on for the caller.  An unknown name is skipped and counted; with
 * @strict it refuses the list: -ENOENT, @f->unknown names it, and
 * neither @f's features nor @o change.  -EINVAL for a bad @f, -ENOMEM.
 */
int kbtf_btf_features__parse(struct kbtf_btf_features *f, const char *list,
			     bool strict, struct kbtf_encoder_opts *o);
/* The name of feature @f, NULL out of range. */
const char *kbtf_btf_feature_name(enum kbtf_btf_feature f);
/* The enum kbtf_btf_feature of @name, or -ENOENT. */
int kbtf_btf_feature_by_name(const char *name);

#endif /* KBTF_ENCODER_H */
