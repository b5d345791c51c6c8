// SPDX-License-Identifier: GPL-2.0-only
/*
 * btf_vars: list the DATASEC entries of a BTF as text, for the real-kernel
 * tests to join with System.map, the ELF symbol table and DWARF.
 *
 *	btf_vars [--elf ELF] FILE
 *
 * FILE is raw BTF or an ELF file with .BTF (libbpf's btf__parse).  One
 * line per DATASEC entry, in BTF order:
 *
 *	SECTION <tab> NAME <tab> OFFSET <tab> SIZE <tab> ADDRESS <tab> KIND
 *	<tab> SYMSIZE
 *
 * NAME is the entry's VAR name (KIND is VAR, or the kind of whatever else
 * the entry points to); OFFSET and SIZE are decimal.  ADDRESS is
 * sh_addr + OFFSET (%016llx) of the section of that name in ELF, or "-"
 * without --elf or when ELF has no such section.  SYMSIZE is the st_size
 * (decimal) of the ELF symbol named NAME at ADDRESS (of any type and
 * binding; the largest when there are several), or "-" when there is
 * none.  A line per DATASEC,
 *
 *	#DATASEC <tab> SECTION <tab> SIZE <tab> VLEN
 *
 * comes before its entries.  Exit 0, 1 when a file cannot be read, 2 on
 * usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

struct sec {
	const char *name;
	unsigned long long addr;
};

struct sym {
	const char *name;
	unsigned long long addr, size;
};

static struct sec *secs;
static size_t nr_secs;
static struct sym *syms;
static size_t nr_syms;

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->size < y->size ? -1 : x->size > y->size;
}

static int load_syms(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t i, n;

	if (!data || !sh->sh_entsize)
		return -1;
	n = sh->sh_size / sh->sh_entsize;
	syms = calloc(n ? n : 1, sizeof(*syms));
	if (!syms)
		return -1;
	for (i = 1; i < n; i++) {
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(data, i, &sym) || sym.st_shndx == SHN_UNDEF)
			continue;
		name = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		syms[nr_syms].name = name;
		syms[nr_syms].addr = sym.st_value;
		syms[nr_syms].size = sym.st_size;
		nr_syms++;
	}
	qsort(syms, nr_syms, sizeof(*syms), cmp_sym);
	return 0;
}

/* The largest st_size of a symbol @name at @addr, or -1. */
static long long sym_size(const char *name, unsigned long long addr)
{
	size_t lo = 0, hi = nr_syms;
	long long best = -1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(syms[mid].name, name);

		if (c < 0 || (!c && syms[mid].addr < addr))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nr_syms && !strcmp(syms[lo].name, name) &&
	       syms[lo].addr == addr; lo++)
		best = syms[lo].size;
	return best;
}

static int load_secs(const char *path, int *fdp, Elf **elfp)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx, n;
	GElf_Shdr sh;
	Elf *elf;
	int fd;

	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_getshdrstrndx(elf, &shstrndx) ||
	    elf_getshdrnum(elf, &n)) {
		fprintf(stderr, "%s: %s\n", path, elf_errmsg(-1));
		elf_end(elf);
		close(fd);
		return -1;
	}
	secs = calloc(n ? n : 1, sizeof(*secs));
	if (!secs)
		return -1;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB && load_syms(elf, scn, &sh)) {
			fprintf(stderr, "%s: bad symbol table\n", path);
			return -1;
		}
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name)
			continue;
		secs[nr_secs].name = name;
		secs[nr_secs].addr = sh.sh_addr;
		nr_secs++;
	}
	*fdp = fd;
	*elfp = elf;
	return 0;
}

static const struct sec *find_sec(const char *name)
{
	size_t i;

	for (i = 0; i < nr_secs; i++)
		if (!strcmp(secs[i].name, name))
			return &secs[i];
	return NULL;
}

static const char *kind_name(const struct btf_type *t)
{
	return btf_is_var(t) ? "VAR" : btf_is_func(t) ? "FUNC" : "OTHER";
}

int main(int argc, char **argv)
{
	const char *elf_path = NULL, *path;
	struct btf *btf;
	Elf *elf = NULL;
	int fd = -1;
	__u32 id, n;

	if (argc == 4 && !strcmp(argv[1], "--elf")) {
		elf_path = argv[2];
		path = argv[3];
	} else if (argc == 2) {
		path = argv[1];
	} else {
		fprintf(stderr, "usage: btf_vars [--elf ELF] FILE\n");
		return 2;
	}
	if (elf_path && load_secs(elf_path, &fd, &elf))
		return 1;
	btf = btf__parse(path, NULL);
	if (!btf) {
		fprintf(stderr, "%s: cannot read BTF: %s\n", path,
			strerror(errno));
		return 1;
	}
	n = btf__type_cnt(btf);
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *vi;
		const char *sname;
		const struct sec *sec;
		__u16 i;

		if (!btf_is_datasec(t))
			continue;
		sname = btf__name_by_offset(btf, t->name_off);
		sec = elf ? find_sec(sname) : NULL;
		printf("#DATASEC\t%s\t%u\t%u\n", sname, t->size, btf_vlen(t));
		vi = btf_var_secinfos(t);
		for (i = 0; i < btf_vlen(t); i++, vi++) {
			const struct btf_type *v = btf__type_by_id(btf, vi->type);
			const char *vname = v ? btf__name_by_offset(btf, v->name_off) : "?";
			long long ssz = -1;

			printf("%s\t%s\t%u\t%u\t", sname, vname, vi->offset,
			       vi->size);
			if (sec) {
				printf("%016llx", sec->addr + vi->offset);
				ssz = sym_size(vname, sec->addr + vi->offset);
			} else {
				printf("-");
			}
			printf("\t%s\t", v ? kind_name(v) : "NONE");
			if (ssz >= 0)
				printf("%lld\n", ssz);
			else
				printf("-\n");
		}
	}
	btf__free(btf);
	free(secs);
	free(syms);
	elf_end(elf);
	if (fd >= 0)
		close(fd);
	return fflush(stdout) ? 1 : 0;
}
