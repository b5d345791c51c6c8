/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checking a BTF's VARs against symbols: the ELF symbol table of the file
 * the BTF describes, and/or kallsyms / System.map.  What each finding
 * means: docs/validator.md, "Symbols".
 */
#ifndef KBTF_VARS_H
#define KBTF_VARS_H

#include <stdbool.h>
#include <stddef.h>
#include <bpf/btf.h>

#include "kbtf_elf.h"
#include "kbtf_finding.h"
#include "kbtf_symbols.h"

struct kbtf_var_check_opts {
	size_t sz;		/* sizeof(struct kbtf_var_check_opts) */
	/* ELF file the BTF describes: section addresses, symbol sizes and,
	 * without @ksyms, addresses.  May be NULL. */
	const struct kbtf_elf *elf;
	/* kallsyms or System.map: addresses.  May be NULL. */
	const struct kbtf_ksyms *ksyms;
	/* first type id of @btf to check (split BTF: base count) */
	unsigned int start_id;
	size_t :0;
};

struct kbtf_var_stats {
	size_t nr_vars;		/* VARs in DATASECs */
	size_t nr_percpu;
	size_t nr_checked;	/* checked against a symbol */
	size_t nr_errors;
	size_t nr_ambiguous;	/* names the symbol source holds twice+ */
	size_t nr_init;		/* VARs in .init.* (freed after boot) */
	size_t nr_data_syms;	/* data objects in the symbol source */
	size_t nr_data_no_var;	/* ... of which no VAR describes */
	bool sizes_checked;
	bool addrs_checked;
};

/*
 * For every VAR of every DATASEC: a symbol of that name exists; section
 * address + offset is its address; the entry size is the symbol size; the
 * VAR type is not larger (smaller only for an object whose last member is
 * a flexible array); per-CPU entries lie in the per-CPU range.  Warnings:
 * ambiguous names, .init.* VARs.  Each problem goes to @fn as a finding
 * of check "symbols"; @stats counts them (nr_errors).  Returns 0 when the
 * check ran, or -Exxx with errno set: -EINVAL (no ELF and no kallsyms,
 * bad opts), -ENOMEM.  Nothing is logged.
 */
int kbtf_check_vars(const struct btf *btf,
		    const struct kbtf_var_check_opts *opts,
		    struct kbtf_var_stats *stats, kbtf_finding_fn fn,
		    void *ctx);

#endif /* KBTF_VARS_H */
