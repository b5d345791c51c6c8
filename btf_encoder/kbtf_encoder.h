/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kbtf encoder: DWARF (through dwarf/) to BTF (through libbpf).
 *
 *	struct kbtf_encoder *enc = kbtf_encoder__new(path, &opts);
 *	err = kbtf_encoder__encode(enc);
 *	btf = kbtf_encoder__btf(enc);	  // owned by enc
 *	kbtf_encoder__free(enc);
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
 * Output.  Both write a temporary file next to @path and rename it over
 * @path, so a failure leaves @path as it was.
 *
 * kbtf_write_raw: raw BTF bytes (--btf_encode_detached).
 * kbtf_write_elf_btf: @path is an ELF file; add a .BTF section holding
 * @btf, or replace the existing one, with libelf.  A .BTF that is part of
 * the loaded image (SHF_ALLOC, as in a linked kernel) is filled when it is
 * empty (ld.lld's placeholder) and otherwise refused with -EINVAL, unless
 * @opts->replace_loaded.
 */
struct kbtf_write_opts {
	size_t sz;		/* sizeof(struct kbtf_write_opts) */
	bool replace_loaded;	/* replace a non-empty loaded .BTF too */
};

int kbtf_write_raw(const struct btf *btf, const char *path);
int kbtf_write_elf_btf(const struct btf *btf, const char *path,
		       const struct kbtf_write_opts *opts);

#endif /* KBTF_ENCODER_H */
