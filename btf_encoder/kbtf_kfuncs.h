/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kfuncs of an ELF file (a vmlinux or a module), read from its
 * .BTF_ids section and symbol table, as the kernel's btf_ids.h lays them
 * out:
 *
 *	__BTF_ID__set8__NAME:	u32 cnt; u32 flags;	(a set8, local symbol
 *				whose size covers the header and its pairs)
 *	__BTF_ID__func__FUNC__N: u32 id; u32 flags;	(one pair per kfunc)
 *
 * A set8 whose flags have BTF_SET8_KFUNCS (bit 0) is a kfunc set; every
 * __BTF_ID__func__ symbol inside it names a kfunc, and the word after its
 * id holds that kfunc's KF_* flags.  The words are in the file's byte
 * order.  Nothing else of the file is read.
 *
 *	struct kbtf_kfuncs k = {};
 *	err = kbtf_kfuncs__read(elf, &k);	// elf: kbtf_elf__new()
 *	kf = kbtf_kfuncs__find(&k, "bpf_obj_new_impl");
 *	kbtf_kfuncs__free(&k);
 */
#ifndef KBTF_KFUNCS_H
#define KBTF_KFUNCS_H

#include <stddef.h>
#include <stdint.h>

#include "kbtf_elf.h"

#define KBTF_SET8_KFUNCS	(1u << 0)	/* set8 flags: a kfunc set */
#define KBTF_KF_FASTCALL	(1u << 12)	/* kfunc flags (Linux 6.13+) */
#define KBTF_KF_ARENA_RET	(1u << 13)	/* Linux 6.16+ */
#define KBTF_KF_ARENA_ARG1	(1u << 14)
#define KBTF_KF_ARENA_ARG2	(1u << 15)

struct kbtf_kfunc {
	const char *name;	/* the function's name (owned by the list) */
	uint32_t flags;		/* KF_* flags, ORed over every set that
				 * lists it */
};

struct kbtf_kfuncs {
	struct kbtf_kfunc *v;	/* sorted by name, one per name */
	size_t nr;
	size_t nr_sets;		/* kfunc sets */
	char *names;		/* storage of the names */
};

/*
 * Fill @k (zeroed by the caller) with the kfuncs of @e.  A file without
 * .BTF_ids or without a symbol table has none (0, an empty list).
 * -EINVAL (the reason goes to the kbtf print hook, naming the file) when
 * .BTF_ids is not readable data, or a set or an entry lies outside it;
 * -ENOMEM.  On error @k stays empty.
 */
int kbtf_kfuncs__read(const struct kbtf_elf *e, struct kbtf_kfuncs *k);

/* The kfunc named @name, or NULL. */
const struct kbtf_kfunc *kbtf_kfuncs__find(const struct kbtf_kfuncs *k,
					   const char *name);

/* Frees what @k holds (not @k itself), and empties it; NULL is fine. */
void kbtf_kfuncs__free(struct kbtf_kfuncs *k);

#endif /* KBTF_KFUNCS_H */
