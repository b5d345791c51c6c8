/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checking a BTF's VARs against symbols: the ELF symbol table of the file
 * the BTF describes, and/or kallsyms / System.map.
 */
#ifndef KBTF_VARS_H
#define KBTF_VARS_H

#include <stdbool.h>
#include <stddef.h>
#include <bpf/btf.h>

#include "kbtf_elf.h"
#include "kbtf_symbols.h"

enum kbtf_issue_level {
	KBTF_ISSUE_ERROR,
	KBTF_ISSUE_WARN,
};

/* One finding, printed as "[id] KIND 'name' details reason". */
struct kbtf_issue {
	enum kbtf_issue_level level;
	const char *check;	/* "structure", "symbols", "config", "probe" */
	unsigned int type_id;	/* 0: not about one type */
	const char *kind;	/* "VAR", "DATASEC", ... or NULL */
	const char *name;	/* may be NULL */
	char details[160];
	char reason[400];
};

typedef void (*kbtf_issue_fn)(void *ctx, const struct kbtf_issue *issue);

struct kbtf_var_check_opts {
	size_t sz;
	/* ELF file the BTF describes: section addresses, symbol sizes and,
	 * without @ksyms, addresses.  May be NULL. */
	const struct kbtf_elf *elf;
	/* kallsyms or System.map: addresses.  May be NULL. */
	const struct kbtf_ksyms *ksyms;
	/* first type id of @btf to check (split BTF: base count) */
	unsigned int start_id;
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
 * ambiguous names, .init.* VARs.  Returns the number of errors (>= 0) or
 * -Exxx.
 */
int kbtf_check_vars(const struct btf *btf,
		    const struct kbtf_var_check_opts *opts,
		    struct kbtf_var_stats *stats, kbtf_issue_fn fn, void *ctx);

#endif /* KBTF_VARS_H */
