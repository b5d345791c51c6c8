/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A read-only view of an ELF file's sections and symbol table, shared by
 * the encoder (which symbols become FUNCs and VARs) and the validator (what
 * every VAR is checked against).  Built on libelf; the Elf handle stays
 * owned by the caller.
 *
 * Addresses: for ET_EXEC/ET_DYN a symbol's addr is st_value.  For ET_REL,
 * st_value is an offset in its section and addr is sh_addr + st_value,
 * where sh_addr is whatever layout the Elf handle carries (libdwfl assigns
 * one when it relocates DWARF), so that DWARF addresses and symbol
 * addresses can be compared the same way for every file type.
 */
#ifndef KBTF_ELF_H
#define KBTF_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gelf.h>

struct kbtf_sec {
	const char *name;
	uint64_t addr;
	uint64_t size;
	uint64_t offset;
	uint64_t flags;
	uint32_t type;
	uint32_t idx;
};

#define KBTF_SHN_RESERVED 0x80000000u

struct kbtf_sym {
	const char *name;
	uint64_t addr;		/* see the file comment */
	uint64_t size;
	uint32_t shndx;		/* resolved through SHT_SYMTAB_SHNDX; a
				 * reserved index (SHN_ABS, SHN_COMMON) as
				 * KBTF_SHN_RESERVED | st_shndx, never a
				 * section's */
	uint8_t bind;		/* STB_* */
	uint8_t type;		/* STT_* */
};

struct kbtf_elf {
	Elf *elf;
	const char *path;
	uint16_t e_type;
	uint16_t e_machine;
	bool big_endian;	/* EI_DATA */
	bool is64;		/* EI_CLASS: pointers of 8 bytes, else 4 */
	bool has_symtab;
	struct kbtf_sec *secs;	/* indexed by section index; [0] is empty */
	size_t nr_secs;
	struct kbtf_sym *syms;	/* symtab order, without entry 0 */
	size_t nr_syms;
	uint32_t *by_name;	/* indexes into syms, sorted by name */
	uint64_t *name_keys;	/* by_name's first 8 name bytes, big-endian */
	/* open addressing on the name's hash: 1 + the by_name index of the
	 * first symbol of each name, 0 for an empty slot; mask + 1 slots */
	uint32_t *name_slots;
	uint32_t name_mask;
};

/*
 * Open @path read-only and check that it is an ELF file whose section
 * table and section contents lie inside the file.  On success returns 0,
 * sets *fd and *elf (caller closes both: elf_end(), close()).
 *
 * Errors: -Exxx with errno set, logged as "PATH: reason" when @err is
 * NULL.  Callers that still pass @err get the one-line reason (without the
 * path) there instead, and nothing is logged; that mode goes once the
 * encoder and the DWARF reader log as docs/errors.md asks.
 */
int kbtf_elf_open(const char *path, int *fd, Elf **elf, char *err,
		  size_t err_sz);

/*
 * Index the sections and the symbol table of @elf.  A file without
 * .symtab yields has_symtab == false and no symbols (callers decide
 * whether that is an error).  Returns NULL with errno set on failure.
 * Free with kbtf_elf__free().
 */
struct kbtf_elf *kbtf_elf__new(Elf *elf, const char *path);
void kbtf_elf__free(struct kbtf_elf *e);

/* Symbols named @name: *count entries starting at by_name[*first]. */
void kbtf_elf__find(const struct kbtf_elf *e, const char *name,
		    size_t *first, size_t *count);

/* Symbols whose name starts with @prefix, as kbtf_elf__find(). */
void kbtf_elf__find_prefix(const struct kbtf_elf *e, const char *prefix,
			   size_t *first, size_t *count);

/* The first section of @elf named @name, its header in *@sh; NULL if
 * there is none (or the section headers cannot be read). */
Elf_Scn *kbtf_elf_find_scn(Elf *elf, const char *name, GElf_Shdr *sh);

/*
 * The kernel version @elf was built as, (a << 16) + (b << 8) + c like
 * KBTF_KERNEL_VERSION(a, b, c) (c capped at 255): from the "Linux version
 * X.Y.Z" banner in .rodata (a vmlinux), else from "vermagic=X.Y.Z" in
 * .modinfo (a module).  0 when neither is there.
 */
int kbtf_elf_kernel_version(Elf *elf);

/* "X.Y" or "X.Y.Z", possibly followed by anything that is not a digit
 * ("6.1.0-50-cloud-amd64"), as kbtf_elf_kernel_version() encodes it;
 * -EINVAL if @s does not start so. */
int kbtf_kernel_version_parse(const char *s);

/* A section that holds data objects the BTF may describe. */
bool kbtf_sec_is_data(const struct kbtf_sec *s);

/* The section named @name, or NULL. */
const struct kbtf_sec *kbtf_elf__sec_by_name(const struct kbtf_elf *e,
					     const char *name);

#endif /* KBTF_ELF_H */
