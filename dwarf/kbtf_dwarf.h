/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kbtf's DWARF reader.  It turns one compile unit at a time into a small
 * form keyed by DIE offset: the types the CU uses (including types that
 * live in other units and are reached through DW_FORM_ref_addr or
 * DW_FORM_ref_sig8), its function definitions and its top-level variables
 * with fixed addresses.  It knows nothing of BTF.  libdw errors are mapped
 * here: callers get -Exxx and a message through the kbtf print hook.
 *
 * Strings in the form point into libdw's mapped sections and live as long
 * as the kbtf_dwarf handle that produced them.
 */
#ifndef KBTF_DWARF_H
#define KBTF_DWARF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <elfutils/libdw.h>

struct kbtf_dwarf;

/* Open @path for reading its DWARF.  NULL with errno set on failure; the
 * reason was printed (warn level) naming the file.  ET_REL objects are
 * relocated in memory by libdwfl (sections get a synthetic layout, see
 * kbtf_dwarf__elf()). */
struct kbtf_dwarf *kbtf_dwarf__open(const char *path);
void kbtf_dwarf__free(struct kbtf_dwarf *d);

/* Another handle on the same file for a worker thread (libdw handles are
 * not shared between threads).  Only for files that need no relocation;
 * NULL with errno set otherwise.  Clones read @d's mapping: free them
 * before @d. */
struct kbtf_dwarf *kbtf_dwarf__clone(const struct kbtf_dwarf *d);
bool kbtf_dwarf__can_clone(const struct kbtf_dwarf *d);

/*
 * Let the kernel drop the mapped pages of .debug_info between the DIE
 * offsets @from and @to (exclusive; 0 means the end of the section) from
 * this process's memory: the file is mapped privately and unmodified, so
 * pages read again come back from the page cache.  A no-op where the file
 * is not mapped by kbtf or libelf may have converted it in place.
 */
void kbtf_dwarf__release(struct kbtf_dwarf *d, Dwarf_Off from, Dwarf_Off to);

/* The Elf whose section addresses match the DWARF addresses. */
Elf *kbtf_dwarf__elf(const struct kbtf_dwarf *d);

/* Offsets of the compile units' DIEs, in file order (partial and type
 * units are left out: they are read when a CU refers to them).  The array
 * belongs to @d. */
int kbtf_dwarf__cus(struct kbtf_dwarf *d, const Dwarf_Off **offs, size_t *nr);

/* Record flags. */
#define KD_DECLARATION	(1u << 0)	/* DW_AT_declaration */
#define KD_EXTERNAL	(1u << 1)	/* DW_AT_external */
#define KD_VARARGS	(1u << 2)	/* has DW_TAG_unspecified_parameters */
#define KD_SIGNED	(1u << 3)	/* enum: underlying type is signed */
#define KD_VECTOR	(1u << 4)	/* array: DW_AT_GNU_vector */
#define KD_UNNAMED_ARG	(1u << 6)	/* func: some parameter has no name */
#define KD_NO_COUNT	(1u << 7)	/* subrange: no known element count */
#define KD_NO_PC	(1u << 8)	/* func: a definition whose code has no
					 * DIE of its own (low_pc unknown) */

/* DIE offsets of types in .debug_types carry this bit. */
#define KD_TYPES_BIT	(1ull << 63)
/* A type reference (kd_type.ref, kd_child.ref, kd_func.ret, kd_var.type)
 * is a DIE offset, or, with this bit, the index in kd_cu.types of a type
 * read before it; kd_cu__find() takes either. */
#define KD_REF_INDEX	(1ull << 62)

/* A child of a type: member, enumerator, parameter or subrange. */
struct kd_child {
	const char *name;
	Dwarf_Off ref;		/* member/param type; 0 = void */
	uint64_t bit_off;	/* member: bit offset in the struct */
	uint64_t value;		/* enumerator value (raw, see kd_type) */
	uint64_t count;		/* subrange: element count */
	uint32_t bit_size;	/* member: bitfield size, 0 if none */
	uint32_t flags;
	uint32_t first_tag, nr_tags;	/* btf_decl_tag annotations */
};

/* A type DIE. */
struct kd_type {
	Dwarf_Off off;
	const char *name;
	uint64_t size;		/* DW_AT_byte_size, 0 if absent */
	Dwarf_Off ref;		/* DW_AT_type (0 = void / none) */
	uint32_t tag;		/* DW_TAG_* */
	uint32_t encoding;	/* DW_ATE_* for base types */
	uint32_t flags;
	uint32_t first, nr;	/* children in kd_cu.children */
	uint32_t first_tag, nr_tags;	/* annotations in kd_cu.tags */
};

/* A function definition (DW_TAG_subprogram with code). */
struct kd_func {
	Dwarf_Off off;
	const char *name;
	uint64_t low_pc;
	Dwarf_Off ret;
	uint32_t flags;
	uint32_t first, nr;	/* parameters in kd_cu.children */
	uint32_t first_tag, nr_tags;
};

/* A top-level variable definition. */
struct kd_var {
	Dwarf_Off off;
	const char *name;
	uint64_t addr;
	Dwarf_Off type;		/* from the definition if it has one, else
				 * through DW_AT_specification */
	int64_t type_size;	/* the type's size in DWARF, -1 if
				 * incomplete or unknown */
	uint32_t flags;
	uint32_t first_tag, nr_tags;
};

/* An annotation (clang DW_TAG_LLVM_annotation). */
struct kd_tag {
	const char *value;
	bool type_tag;		/* btf_type_tag (else btf_decl_tag) */
};

struct kd_cu {
	Dwarf_Off off;
	const char *name;
	uint32_t lang;		/* DW_AT_language */
	struct kd_type *types;
	size_t nr_types, cap_types;
	struct kd_child *children;
	size_t nr_children, cap_children;
	struct kd_func *funcs;
	size_t nr_funcs, cap_funcs;
	struct kd_var *vars;
	size_t nr_vars, cap_vars;
	struct kd_tag *tags;
	size_t nr_tags, cap_tags;
	/* the CU's code ranges [lo, hi) */
	uint64_t (*ranges)[2];
	size_t nr_ranges, cap_ranges;
	/* DIE offset in [dir_lo, dir_lo + dir_len) -> index in types + 1 */
	uint32_t *dir;
	size_t dir_cap;
	Dwarf_Off dir_lo, dir_len;
	/* other DIE offset -> index in types (open addressing) */
	uint64_t *map_keys;
	uint32_t *map_vals;
	size_t map_cap, map_used;
};

/*
 * Read the CU whose DIE is at @cu_off into @cu (zeroed by the caller or
 * reused after kbtf_dwarf__cu_reset()): every type, the function
 * definitions and the variables with a fixed address.
 * Returns 0, or -Exxx on corrupt DWARF (printed, naming the file and DIE).
 */
int kbtf_dwarf__load_cu(struct kbtf_dwarf *d, Dwarf_Off cu_off,
			struct kd_cu *cu);
void kbtf_dwarf__cu_reset(struct kd_cu *cu);

void kbtf_dwarf__cu_free(struct kd_cu *cu);

/* Index of the type with DIE offset @off in @cu, or -1. */
long kd_cu__find(const struct kd_cu *cu, Dwarf_Off off);

/* DW_AT_language of the CU at @cu_off (0 if unknown). */
uint32_t kbtf_dwarf__cu_lang(struct kbtf_dwarf *d, Dwarf_Off cu_off);

#endif /* KBTF_DWARF_H */
