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
struct kd_cu;

/* Open @path for reading its DWARF.  NULL with errno set on failure; the
 * reason was printed (warn level) naming the file.  ET_REL objects are
 * relocated in memory by libdwfl (sections get a synthetic layout, see
 * kbtf_dwarf__elf()). */
struct kbtf_dwarf *kbtf_dwarf__open(const char *path);
void kbtf_dwarf__free(struct kbtf_dwarf *d);

/*
 * What the reader collects beyond types, functions and variables, and
 * which functions without code of their own it keeps.  Set once, before
 * the first kbtf_dwarf__load_cu(); clones take the opts of their source.
 */
struct kbtf_dwarf_opts {
	size_t sz;		/* sizeof(struct kbtf_dwarf_opts) */
	/* read where the parameters of each function definition with code
	 * are at its entry (kd_func.first_loc, kd_loc) */
	bool param_locs;
	/* a function definition without code of its own (an abstract
	 * instance, or one whose code has no DIE) is read only if this
	 * returns true for its name; NULL: never.  @flags: KD_NO_PC, and
	 * KD_ABSTRACT and KD_EXTERNAL as they apply.  Called on the thread
	 * that reads the CU, with @cu's name and ranges set. */
	bool (*want_codeless)(void *ctx, const struct kd_cu *cu,
			      const char *name, uint32_t flags);
	void *ctx;
};

/* 0, or -EINVAL for a bad @opts (sz). */
int kbtf_dwarf__set_opts(struct kbtf_dwarf *d,
			 const struct kbtf_dwarf_opts *opts);

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
#define KD_NO_PC	(1u << 8)	/* func: a definition without code of
					 * its own: an abstract instance, or
					 * one whose code has no DIE (low_pc
					 * unknown) */
#define KD_ABSTRACT	(1u << 9)	/* func: DW_AT_inline (with KD_NO_PC:
					 * only the abstract instance) */

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

/* A function definition (DW_TAG_subprogram that is not a declaration). */
struct kd_func {
	Dwarf_Off off;
	const char *name;
	uint64_t low_pc;	/* the entry; 0 with KD_NO_PC */
	Dwarf_Off ret;
	uint32_t flags;
	uint32_t first, nr;	/* declared parameters in kd_cu.children */
	uint32_t first_tag, nr_tags;
	uint32_t first_loc, nr_locs;	/* kd_cu.locs (opts.param_locs) */
};

/*
 * Where a parameter of a function with code is at the function's entry,
 * one per DW_TAG_formal_parameter of the code's DIE, in DIE order.  A
 * register is a DWARF register number (DW_OP_reg0..31, DW_OP_regx).
 */
#define KD_NO_REG	(-1)		/* kd_loc: no such register */
#define KD_LOC_HAS	(1u << 0)	/* has DW_AT_location */
#define KD_LOC_CONST	(1u << 1)	/* has DW_AT_const_value */
#define KD_LOC_CALLER	(1u << 2)	/* some entry is the caller's value
					 * (DW_OP_GNU_parameter_ref): the
					 * argument is not passed to this
					 * code */
struct kd_loc {
	int16_t param;		/* the declared parameter it is, -1 unknown */
	int16_t reg;		/* the whole location at the entry is this
				 * register; KD_NO_REG otherwise */
	int16_t entry_reg;	/* some entry is DW_OP_entry_value of this
				 * register; KD_NO_REG none */
	uint16_t flags;
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
	struct kd_loc *locs;
	size_t nr_locs, cap_locs;
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

/* Index of the type with DIE offset @off in @cu, or -ENOENT. */
long kd_cu__find(const struct kd_cu *cu, Dwarf_Off off);

/* DW_AT_language of the CU at @cu_off (0 if unknown). */
uint32_t kbtf_dwarf__cu_lang(struct kbtf_dwarf *d, Dwarf_Off cu_off);

#endif /* KBTF_DWARF_H */
