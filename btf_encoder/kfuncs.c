// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kfunc list of an ELF file, from its .BTF_ids kfunc sets (layout in
 * kbtf_kfuncs.h).  One concern: bytes and symbols in, a sorted list of
 * names and KF_* flags out; what becomes of them is the encoder's
 * (funcs.c).  Every offset is checked against the section, so any file
 * can be fed to it.
 *
 * Owns: the list it returns.  No globals.
 */
#include <byteswap.h>
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kbtf_kfuncs.h"
#include "kbtf_log.h"

#define SET8_PREFIX "__BTF_ID__set8__"
#define FUNC_PREFIX "__BTF_ID__func__"
#define HOST_BE (__BYTE_ORDER == __BIG_ENDIAN)

struct range {
	uint64_t start, end;	/* offsets in .BTF_ids */
};

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int cmp_kfunc(const void *a, const void *b)
{
	const struct kbtf_kfunc *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static uint32_t word(const unsigned char *buf, uint64_t off, bool swap)
{
	uint32_t v;

	memcpy(&v, buf + off, sizeof(v));
	return swap ? bswap_32(v) : v;
}

/* Is @off inside a set of @sets (sorted by start; the kernel's sets are
 * disjoint, so only the last one starting at or before @off can hold it)? */
static bool in_sets(const struct range *sets, size_t n, uint64_t off)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sets[mid].start <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && off < sets[lo - 1].end;
}

/* The function name in "__BTF_ID__func__NAME__N": [*@len bytes at the
 * return value], or NULL when malformed. */
static const char *func_name(const char *sym, size_t *len)
{
	const char *s = sym + strlen(FUNC_PREFIX), *end = NULL, *p;

	for (p = s; (p = strstr(p, "__")); p++)
		end = p;
	if (!end || end == s)
		return NULL;
	*len = end - s;
	return s;
}

int kbtf_kfuncs__read(const struct kbtf_elf *e, struct kbtf_kfuncs *k)
{
	const struct kbtf_sec *sec;
	struct range *sets = NULL;
	struct kbtf_kfunc *v = NULL;
	size_t first, count, i, nr_sets = 0, nr = 0, names_len = 0, j;
	const unsigned char *buf;
	bool swap = e->big_endian != HOST_BE;
	Elf_Data *d;
	Elf_Scn *scn;
	char *names = NULL;
	int err = -EINVAL;

	memset(k, 0, sizeof(*k));
	sec = kbtf_elf__sec_by_name(e, ".BTF_ids");
	if (!sec || !e->has_symtab)
		return 0;
	scn = elf_getscn(e->elf, sec->idx);
	d = scn ? elf_rawdata(scn, NULL) : NULL;
	if (sec->type == SHT_NOBITS || !d || !d->d_buf ||
	    d->d_size != sec->size) {
		pr_warn("%s: .BTF_ids: the section's data cannot be read\n",
			e->path);
		return -EINVAL;
	}
	buf = d->d_buf;

	/* the kfunc sets */
	kbtf_elf__find_prefix(e, SET8_PREFIX, &first, &count);
	sets = calloc(count + 1, sizeof(*sets));
	if (!sets)
		return -ENOMEM;
	for (i = first; i < first + count; i++) {
		const struct kbtf_sym *s = &e->syms[e->by_name[i]];
		uint64_t off = s->addr - sec->addr;

		if (s->shndx != sec->idx)
			continue;
		if (s->addr < sec->addr || off > sec->size ||
		    sec->size - off < 8 || s->size > sec->size - off) {
			pr_warn("%s: .BTF_ids: set %s lies outside the section\n",
				e->path, s->name);
			goto out;
		}
		if (!(word(buf, off + 4, swap) & KBTF_SET8_KFUNCS))
			continue;
		sets[nr_sets].start = off;
		sets[nr_sets++].end = off + s->size;
	}
	if (!nr_sets) {
		err = 0;
		goto out;
	}
	qsort(sets, nr_sets, sizeof(*sets), cmp_range);

	/* their entries */
	kbtf_elf__find_prefix(e, FUNC_PREFIX, &first, &count);
	v = calloc(count + 1, sizeof(*v));
	if (!v) {
		err = -ENOMEM;
		goto out;
	}
	for (i = first; i < first + count; i++) {
		const struct kbtf_sym *s = &e->syms[e->by_name[i]];
		uint64_t off = s->addr - sec->addr;
		size_t len = 0;

		if (s->shndx != sec->idx || s->addr < sec->addr ||
		    !in_sets(sets, nr_sets, off) || !func_name(s->name, &len))
			continue;
		if (off > sec->size || sec->size - off < 8) {
			pr_warn("%s: .BTF_ids: kfunc entry %s lies outside the section\n",
				e->path, s->name);
			goto out;
		}
		v[nr].name = s->name;	/* for now: the symbol */
		v[nr++].flags = word(buf, off + 4, swap);
		names_len += len + 1;
	}
	names = malloc(names_len + 1);
	if (!names) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0, names_len = 0; i < nr; i++) {
		size_t len = 0;
		const char *n = func_name(v[i].name, &len);

		memcpy(names + names_len, n, len);
		names[names_len + len] = '\0';
		v[i].name = names + names_len;
		names_len += len + 1;
	}
	qsort(v, nr, sizeof(*v), cmp_kfunc);
	for (i = j = 0; i < nr; i++) {
		if (j && !strcmp(v[j - 1].name, v[i].name))
			v[j - 1].flags |= v[i].flags;
		else
			v[j++] = v[i];
	}
	k->v = v;
	k->nr = j;
	k->nr_sets = nr_sets;
	k->names = names;
	v = NULL;
	names = NULL;
	err = 0;
out:
	free(sets);
	free(v);
	free(names);
	return err;
}

const struct kbtf_kfunc *kbtf_kfuncs__find(const struct kbtf_kfuncs *k,
					   const char *name)
{
	struct kbtf_kfunc key = { .name = name };

	if (!k || !k->nr)
		return NULL;
	return bsearch(&key, k->v, k->nr, sizeof(*k->v), cmp_kfunc);
}

void kbtf_kfuncs__free(struct kbtf_kfuncs *k)
{
	if (!k)
		return;
	free(k->v);
	free(k->names);
	memset(k, 0, sizeof(*k));
}
