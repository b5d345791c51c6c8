// SPDX-License-Identifier: GPL-2.0-only
/*
 * ELF sections and symbols for kbtf (see kbtf_elf.h).  Reads with libelf
 * only.  Everything here points into the Elf handle's data, so a kbtf_elf
 * must be freed before its Elf.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kbtf_elf.h"
#include "kbtf_log.h"
#include "kbtf_util.h"

/* Do the section headers of @elf lie in @file_size bytes?  0 or -EINVAL
 * with the reason in @err. */
static int check_layout(Elf *elf, uint64_t file_size, char *err,
			size_t err_sz)
{
	size_t shstrndx, nr;
	Elf_Scn *scn = NULL;
	GElf_Ehdr ehdr;

	if (!gelf_getehdr(elf, &ehdr)) {
		snprintf(err, err_sz, "bad ELF header: %s", elf_errmsg(-1));
		return -EINVAL;
	}
	if (elf_getshdrnum(elf, &nr) || elf_getshdrstrndx(elf, &shstrndx)) {
		snprintf(err, err_sz, "bad section header table: %s",
			 elf_errmsg(-1));
		return -EINVAL;
	}
	if (ehdr.e_phoff && ehdr.e_phoff + (uint64_t)ehdr.e_phnum *
					   ehdr.e_phentsize > file_size) {
		snprintf(err, err_sz,
			 "truncated: program headers end past the end of the file");
		return -EINVAL;
	}
	if (ehdr.e_shoff && ehdr.e_shoff + (uint64_t)(nr ? nr : 1) *
					   ehdr.e_shentsize > file_size) {
		snprintf(err, err_sz,
			 "truncated: section headers end past the end of the file");
		return -EINVAL;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh)) {
			snprintf(err, err_sz, "bad section header: %s",
				 elf_errmsg(-1));
			return -EINVAL;
		}
		if (sh.sh_type == SHT_NOBITS)
			continue;
		if (sh.sh_offset > file_size ||
		    sh.sh_size > file_size - sh.sh_offset) {
			const char *n = elf_strptr(elf, shstrndx, sh.sh_name);
			char q[64];

			snprintf(err, err_sz,
				 "truncated: section %s ends past the end of the file",
				 kbtf_quote(n ? n : "?", q, sizeof(q)));
			return -EINVAL;
		}
	}
	return 0;
}

/* kbtf_elf_open() with the reason in @err, for both of its modes. */
static int elf_open(const char *path, int *fdp, Elf **elfp, char *err,
		    size_t err_sz)
{
	struct stat st;
	Elf *elf = NULL;
	int fd, ret;

	/* idempotent; libelf wants it before any other call */
	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, err_sz, "%s", strerror(-ret));
		return ret;
	}
	if (fstat(fd, &st)) {
		ret = -errno;
		snprintf(err, err_sz, "%s", strerror(-ret));
		goto err_out;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = -EINVAL;
		snprintf(err, err_sz, "not a regular file");
		goto err_out;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		char magic[SELFMAG];

		ret = -EINVAL;
		if (pread(fd, magic, SELFMAG, 0) == SELFMAG &&
		    !memcmp(magic, ELFMAG, SELFMAG))
			snprintf(err, err_sz, "truncated or corrupt ELF header");
		else
			snprintf(err, err_sz, "not an ELF file");
		goto err_out;
	}
	ret = check_layout(elf, st.st_size, err, err_sz);
	if (ret)
		goto err_out;
	*fdp = fd;
	*elfp = elf;
	return 0;

err_out:
	if (elf)
		elf_end(elf);
	close(fd);
	return ret;
}

int kbtf_elf_open(const char *path, int *fdp, Elf **elfp, char *err,
		  size_t err_sz)
{
	char why[256];
	int ret;

	if (err)
		return elf_open(path, fdp, elfp, err, err_sz);
	ret = elf_open(path, fdp, elfp, why, sizeof(why));
	if (ret) {
		pr_warn("%s: %s\n", path, why);
		errno = -ret;
	}
	return ret;
}

Elf_Scn *kbtf_elf_find_scn(Elf *elf, const char *name, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, sh))
			continue;
		n = elf_strptr(elf, shstrndx, sh->sh_name);
		if (n && !strcmp(n, name))
			return scn;
	}
	return NULL;
}

bool kbtf_sec_is_data(const struct kbtf_sec *s)
{
	return s->name && (s->flags & SHF_ALLOC) &&
	       !(s->flags & SHF_EXECINSTR) &&
	       (s->type == SHT_PROGBITS || s->type == SHT_NOBITS) &&
	       s->size > 0;
}

/*
 * Sorting by name, then by symbol index, as strcmp() orders: by 8-byte
 * chunks of the name read as big-endian numbers (a NUL pads the last one,
 * so a name sorts before its extensions).  Each chunk is sorted with a
 * stable LSD radix sort; runs that share a chunk go on to the next one.
 * Kernel symbols share long prefixes (__ksymtab_, __kstrtab_, trace_...),
 * which made qsort() with strcmp() most of the start of an encoding.
 */
struct name_key {
	uint64_t chunk;		/* the name's 8 bytes at the current depth */
	const char *name;
	uint32_t idx;
};

static uint64_t name_chunk(const char *s)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		v = v << 8 | (unsigned char)*s;
		if (*s)
			s++;
	}
	return v;
}

static void radix_by_chunk(struct name_key *k, struct name_key *tmp, size_t n)
{
	static __thread size_t count[8][256];
	size_t i, b;
	int d;

	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++)
		for (d = 0; d < 8; d++)
			count[d][(k[i].chunk >> (d * 8)) & 0xff]++;
	for (d = 0; d < 8; d++) {
		size_t *c = count[d];

		if (c[(k[0].chunk >> (d * 8)) & 0xff] == n)
			continue;	/* one value: nothing moves */
		for (b = 0, i = 0; b < 256; b++) {
			size_t x = c[b];

			c[b] = i;
			i += x;
		}
		for (i = 0; i < n; i++)
			tmp[c[(k[i].chunk >> (d * 8)) & 0xff]++] = k[i];
		memcpy(k, tmp, n * sizeof(*k));
	}
}

/* Sort k[0, n), in index order, by the names from byte @depth on. */
static void sort_names(struct name_key *k, struct name_key *tmp, size_t n,
		       size_t depth)
{
	size_t i, j;

	if (n <= 64) {
		/* insertion: few names, in index order, stay stable */
		for (i = 1; i < n; i++) {
			struct name_key x = k[i];

			for (j = i; j > 0 && strcmp(k[j - 1].name + depth,
						    x.name + depth) > 0; j--)
				k[j] = k[j - 1];
			k[j] = x;
		}
		return;
	}
	for (i = 0; i < n; i++)
		k[i].chunk = name_chunk(k[i].name + depth);
	radix_by_chunk(k, tmp, n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && k[j].chunk == k[i].chunk; j++)
			;
		/* a chunk without NUL: the names go on */
		if (j - i > 1 && (k[i].chunk & 0xff))
			sort_names(k + i, tmp, j - i, depth + 8);
	}
}

/*
 * The exact-name index: one slot per distinct name at most half full.
 * The encoder asks for the symbols of every function it reads, and most
 * of those (static inline helpers) have none: a hash finds that without
 * the binary search's string compares.
 */
static int index_names(struct kbtf_elf *e)
{
	uint32_t cap = 16, i, j;

	while (cap < 2 * e->nr_syms && cap < (1u << 31))
		cap <<= 1;
	e->name_slots = calloc(cap, sizeof(*e->name_slots));
	if (!e->name_slots)
		return -ENOMEM;
	e->name_mask = cap - 1;
	for (i = 0; i < e->nr_syms; i++) {
		const char *n = e->syms[e->by_name[i]].name;

		if (i && !strcmp(n, e->syms[e->by_name[i - 1]].name))
			continue;
		for (j = kbtf_str_hash(n) & e->name_mask; e->name_slots[j];
		     j = (j + 1) & e->name_mask)
			;
		e->name_slots[j] = i + 1;
	}
	return 0;
}

static int sort_by_name(struct kbtf_elf *e)
{
	size_t n = e->nr_syms ? e->nr_syms : 1, i;
	struct name_key *k = malloc(n * sizeof(*k));
	struct name_key *tmp = malloc(n * sizeof(*tmp));

	e->name_keys = malloc(n * sizeof(*e->name_keys));
	if (!k || !tmp || !e->name_keys) {
		free(k);
		free(tmp);
		return -ENOMEM;
	}
	for (i = 0; i < e->nr_syms; i++)
		k[i] = (struct name_key){ 0, e->syms[i].name, i };
	sort_names(k, tmp, e->nr_syms, 0);
	for (i = 0; i < e->nr_syms; i++) {
		e->by_name[i] = k[i].idx;
		e->name_keys[i] = name_chunk(k[i].name);
	}
	free(k);
	free(tmp);
	return index_names(e);
}

static int load_symtab(struct kbtf_elf *e, Elf_Scn *symscn, GElf_Shdr *symsh)
{
	Elf_Data *data, *xdata = NULL;
	Elf_Scn *scn = NULL;
	size_t i, n;

	while ((scn = elf_nextscn(e->elf, scn))) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB_SHNDX &&
		    sh.sh_link == elf_ndxscn(symscn))
			xdata = elf_getdata(scn, NULL);
	}
	data = elf_getdata(symscn, NULL);
	if (!data || !symsh->sh_entsize)
		return -EINVAL;
	n = symsh->sh_size / symsh->sh_entsize;
	e->syms = calloc(n ? n : 1, sizeof(*e->syms));
	e->by_name = calloc(n ? n : 1, sizeof(*e->by_name));
	if (!e->syms || !e->by_name)
		return -ENOMEM;
	for (i = 1; i < n; i++) {
		struct kbtf_sym *s = &e->syms[e->nr_syms];
		Elf32_Word xndx = 0;
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsymshndx(data, xdata, i, &sym, &xndx))
			return -EINVAL;
		name = elf_strptr(e->elf, symsh->sh_link, sym.st_name);
		if (!name)
			return -EINVAL;
		s->name = name;
		s->size = sym.st_size;
		s->bind = GELF_ST_BIND(sym.st_info);
		s->type = GELF_ST_TYPE(sym.st_info);
		/* past 65279 sections st_shndx is SHN_XINDEX and the index
		 * is in SHT_SYMTAB_SHNDX; then SHN_ABS and the like would
		 * be section numbers too, so they are kept apart */
		if (sym.st_shndx == SHN_XINDEX)
			s->shndx = xndx;
		else if (sym.st_shndx >= SHN_LORESERVE)
			s->shndx = KBTF_SHN_RESERVED | sym.st_shndx;
		else
			s->shndx = sym.st_shndx;
		s->addr = sym.st_value;
		if (e->e_type == ET_REL && s->shndx > 0 &&
		    s->shndx < e->nr_secs)
			s->addr += e->secs[s->shndx].addr;
		e->nr_syms++;
	}
	return sort_by_name(e);
}

struct kbtf_elf *kbtf_elf__new(Elf *elf, const char *path)
{
	Elf_Scn *scn = NULL, *symscn = NULL;
	GElf_Shdr symsh = {};
	struct kbtf_elf *e;
	size_t shstrndx;
	GElf_Ehdr ehdr;
	int err = -EINVAL;

	e = calloc(1, sizeof(*e));
	if (!e) {
		errno = ENOMEM;
		return NULL;
	}
	e->elf = elf;
	e->path = path;
	if (!gelf_getehdr(elf, &ehdr) || elf_getshdrnum(elf, &e->nr_secs) ||
	    elf_getshdrstrndx(elf, &shstrndx))
		goto err_out;
	e->e_type = ehdr.e_type;
	e->e_machine = ehdr.e_machine;
	e->big_endian = ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
	e->is64 = ehdr.e_ident[EI_CLASS] == ELFCLASS64;
	e->secs = calloc(e->nr_secs ? e->nr_secs : 1, sizeof(*e->secs));
	if (!e->secs) {
		err = -ENOMEM;
		goto err_out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		size_t idx = elf_ndxscn(scn);
		struct kbtf_sec *s;
		GElf_Shdr sh;

		if (idx >= e->nr_secs || !gelf_getshdr(scn, &sh))
			goto err_out;
		s = &e->secs[idx];
		s->name = elf_strptr(elf, shstrndx, sh.sh_name);
		s->addr = sh.sh_addr;
		s->size = sh.sh_size;
		s->offset = sh.sh_offset;
		s->flags = sh.sh_flags;
		s->type = sh.sh_type;
		s->idx = idx;
		if (sh.sh_type == SHT_SYMTAB && !symscn) {
			symscn = scn;
			symsh = sh;
		}
	}
	if (symscn) {
		err = load_symtab(e, symscn, &symsh);
		if (err)
			goto err_out;
		e->has_symtab = true;
	}
	return e;

err_out:
	kbtf_elf__free(e);
	errno = -err;
	return NULL;
}

void kbtf_elf__free(struct kbtf_elf *e)
{
	if (!e)
		return;
	free(e->secs);
	free(e->syms);
	free(e->by_name);
	free(e->name_keys);
	free(e->name_slots);
	free(e);
}

/* Symbols whose name starts with the @len bytes of @key, as a range of
 * by_name. */
static void prefix_range(const struct kbtf_elf *e, const char *key,
			 size_t len, size_t *first, size_t *count)
{
	size_t lo = 0, hi = e->nr_syms, end;
	uint64_t kp = name_chunk(key);

	/* the prefixes order as the names do: strcmp() only on a tie */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->name_keys[mid] < kp ||
		    (e->name_keys[mid] == kp &&
		     strcmp(e->syms[e->by_name[mid]].name, key) < 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < e->nr_syms; end++) {
		const char *n = e->syms[e->by_name[end]].name;

		if (strncmp(n, key, len))
			break;
	}
	*first = lo;
	*count = end - lo;
}

void kbtf_elf__find(const struct kbtf_elf *e, const char *name,
		    size_t *first, size_t *count)
{
	uint32_t j, f;
	size_t end;

	*first = *count = 0;
	if (!e->name_slots)
		return;
	for (j = kbtf_str_hash(name) & e->name_mask; (f = e->name_slots[j]);
	     j = (j + 1) & e->name_mask) {
		if (strcmp(e->syms[e->by_name[f - 1]].name, name))
			continue;
		for (end = f; end < e->nr_syms &&
			      !strcmp(e->syms[e->by_name[end]].name, name); end++)
			;
		*first = f - 1;
		*count = end - (f - 1);
		return;
	}
}

void kbtf_elf__find_prefix(const struct kbtf_elf *e, const char *prefix,
			   size_t *first, size_t *count)
{
	prefix_range(e, prefix, strlen(prefix), first, count);
}

const struct kbtf_sec *kbtf_elf__sec_by_name(const struct kbtf_elf *e,
					     const char *name)
{
	size_t i;

	for (i = 1; i < e->nr_secs; i++)
		if (e->secs[i].name && !strcmp(e->secs[i].name, name))
			return &e->secs[i];
	return NULL;
}

/* X.Y[.Z] at @p, reading no further than @end; -EINVAL if not there. */
static int version_at(const char *p, const char *end)
{
	unsigned int v[3] = {}, i, n;

	for (i = 0; i < 3; i++) {
		for (n = 0; p < end && *p >= '0' && *p <= '9'; n++, p++)
			if (n < 6)
				v[i] = v[i] * 10 + (*p - '0');
		if (!n && i == 2)
			break;		/* "6.1." */
		if (!n || n > 6)
			return -EINVAL;
		if (i == 2 || p >= end || *p != '.')
			break;
		p++;
	}
	if (i < 1 || v[0] > 255 || v[1] > 255)
		return -EINVAL;
	return (v[0] << 16) + (v[1] << 8) + (v[2] > 255 ? 255 : v[2]);
}

int kbtf_kernel_version_parse(const char *s)
{
	return version_at(s, s + strlen(s));
}

/* The version after the first @key in the section @name. */
static int version_in(Elf *elf, const char *name, const char *key)
{
	size_t klen = strlen(key);
	const char *p, *end;
	Elf_Data *d;
	Elf_Scn *scn;
	GElf_Shdr sh;
	int v;

	scn = kbtf_elf_find_scn(elf, name, &sh);
	if (!scn || sh.sh_type != SHT_PROGBITS)
		return 0;
	d = elf_getdata(scn, NULL);
	if (!d || !d->d_buf)
		return 0;
	p = d->d_buf;
	end = p + d->d_size;
	while ((p = memmem(p, end - p, key, klen))) {
		p += klen;
		v = version_at(p, end);
		if (v > 0)
			return v;
	}
	return 0;
}

int kbtf_elf_kernel_version(Elf *elf)
{
	int v = version_in(elf, ".rodata", "Linux version ");

	return v ? v : version_in(elf, ".modinfo", "vermagic=");
}
