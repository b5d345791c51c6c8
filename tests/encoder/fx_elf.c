// SPDX-License-Identifier: GPL-2.0-only
/*
 * See fx_elf.h.  Reads an ELF image's section headers and .symtab with
 * libelf; symbol indexes from SHT_SYMTAB_SHNDX are honoured.  Owns the fd,
 * the Elf handle and the two arrays; names point into the Elf handle.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fx_elf.h"

int fx_elf_open(struct fx_elf *e, const char *path)
{
	Elf_Scn *scn = NULL, *symscn = NULL;
	Elf_Data *data, *xdata = NULL;
	GElf_Shdr symsh;
	size_t shstrndx, i, n;

	memset(e, 0, sizeof(*e));
	elf_version(EV_CURRENT);
	e->fd = open(path, O_RDONLY);
	if (e->fd < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	e->elf = elf_begin(e->fd, ELF_C_READ, NULL);
	if (!e->elf || elf_kind(e->elf) != ELF_K_ELF ||
	    elf_getshdrnum(e->elf, &e->nr_secs) ||
	    elf_getshdrstrndx(e->elf, &shstrndx))
		goto bad;
	e->secs = calloc(e->nr_secs + 1, sizeof(*e->secs));
	if (!e->secs)
		goto bad;
	while ((scn = elf_nextscn(e->elf, scn))) {
		size_t idx = elf_ndxscn(scn);

		if (idx >= e->nr_secs || !gelf_getshdr(scn, &e->secs[idx].sh))
			goto bad;
		e->secs[idx].name = elf_strptr(e->elf, shstrndx,
					       e->secs[idx].sh.sh_name);
		if (e->secs[idx].sh.sh_type == SHT_SYMTAB && !symscn)
			symscn = scn;
	}
	if (!symscn) {
		fprintf(stderr, "%s: no .symtab\n", path);
		goto err;
	}
	scn = NULL;
	while ((scn = elf_nextscn(e->elf, scn)))
		if (e->secs[elf_ndxscn(scn)].sh.sh_type == SHT_SYMTAB_SHNDX &&
		    e->secs[elf_ndxscn(scn)].sh.sh_link == elf_ndxscn(symscn))
			xdata = elf_getdata(scn, NULL);
	if (!gelf_getshdr(symscn, &symsh) || !symsh.sh_entsize)
		goto bad;
	data = elf_getdata(symscn, NULL);
	if (!data)
		goto bad;
	n = symsh.sh_size / symsh.sh_entsize;
	e->syms = calloc(n + 1, sizeof(*e->syms));
	if (!e->syms)
		goto bad;
	for (i = 1; i < n; i++) {
		struct fx_sym *s = &e->syms[e->nr_syms];
		Elf32_Word xndx = 0;
		GElf_Sym sym;

		if (!gelf_getsymshndx(data, xdata, i, &sym, &xndx))
			goto bad;
		s->name = elf_strptr(e->elf, symsh.sh_link, sym.st_name);
		if (!s->name)
			goto bad;
		s->value = sym.st_value;
		s->size = sym.st_size;
		s->bind = GELF_ST_BIND(sym.st_info);
		s->type = GELF_ST_TYPE(sym.st_info);
		s->shndx = sym.st_shndx == SHN_XINDEX ? xndx : sym.st_shndx;
		e->nr_syms++;
	}
	return 0;
bad:
	fprintf(stderr, "%s: cannot read ELF: %s\n", path, elf_errmsg(-1));
err:
	fx_elf_close(e);
	return -1;
}

void fx_elf_close(struct fx_elf *e)
{
	free(e->secs);
	free(e->syms);
	if (e->elf)
		elf_end(e->elf);
	if (e->fd >= 0)
		close(e->fd);
	memset(e, 0, sizeof(*e));
	e->fd = -1;
}

long fx_elf_sec_by_name(const struct fx_elf *e, const char *name)
{
	long found = 0;
	size_t i;

	for (i = 1; i < e->nr_secs; i++) {
		if (!e->secs[i].name || strcmp(e->secs[i].name, name))
			continue;
		if (found)
			return -1;
		found = i;
	}
	return found;
}

const unsigned char *fx_elf_sym_data(const struct fx_elf *e,
				     const struct fx_sym *s)
{
	const struct fx_sec *sec;
	Elf_Scn *scn;
	Elf_Data *d;
	uint64_t off;

	if (!s->shndx || s->shndx >= e->nr_secs)
		return NULL;
	sec = &e->secs[s->shndx];
	if (sec->sh.sh_type == SHT_NOBITS || s->value < sec->sh.sh_addr)
		return NULL;
	off = s->value - sec->sh.sh_addr;
	scn = elf_getscn(e->elf, s->shndx);
	d = scn ? elf_getdata(scn, NULL) : NULL;
	if (!d || off > d->d_size || s->size > d->d_size - off)
		return NULL;
	return (const unsigned char *)d->d_buf + off;
}
