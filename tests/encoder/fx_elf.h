/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The encoder tests' own view of an ELF image: sections and the symbol
 * table, read with libelf directly.  Deliberately independent of
 * common/elf.c, so that the checks do not share the encoder's mistakes.
 */
#ifndef FX_ELF_H
#define FX_ELF_H

#include <stddef.h>
#include <stdint.h>
#include <gelf.h>

struct fx_sec {
	const char *name;
	GElf_Shdr sh;
};

struct fx_sym {
	const char *name;
	uint64_t value;
	uint64_t size;
	size_t shndx;
	unsigned char bind, type;
	unsigned int used;	/* matched by a DATASEC entry */
};

struct fx_elf {
	int fd;
	Elf *elf;
	struct fx_sec *secs;	/* by section index */
	size_t nr_secs;
	struct fx_sym *syms;	/* without symbol 0 */
	size_t nr_syms;
};

/* 0, or -1 after printing why (prefixed with @path). */
int fx_elf_open(struct fx_elf *e, const char *path);
void fx_elf_close(struct fx_elf *e);

/* The one section named @name: its index, 0 if none, -1 if several. */
long fx_elf_sec_by_name(const struct fx_elf *e, const char *name);

/* The bytes of symbol @s (NULL for SHT_NOBITS or out of range). */
const unsigned char *fx_elf_sym_data(const struct fx_elf *e,
				     const struct fx_sym *s);

#endif /* FX_ELF_H */
