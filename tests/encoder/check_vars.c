// SPDX-License-Identifier: GPL-2.0-only
/*
 * check_vars: check the VAR and DATASEC entries of an encoded BTF against
 * the ELF image it was encoded from, and against a golden list.
 *
 *	check_vars BTF ELF GOLDEN...	check; exit 0 ok, 1 mismatch, 2 usage
 *	check_vars --print BTF		print the golden lines of BTF
 *
 * Rules checked from the ELF symbol table alone (not the encoder's code):
 *  - a DATASEC is named like exactly one ELF section, has that section's
 *    size, and no other DATASEC has its name;
 *  - its entries are sorted by offset, do not overlap and lie inside it;
 *  - each entry is a VAR; some STT_OBJECT symbol of the VAR's name sits in
 *    that section at sh_addr + offset with st_size == entry size, and no
 *    two entries claim the same symbol;
 *  - VAR linkage is static iff that symbol is STB_LOCAL, never extern;
 *  - the size of the VAR's type is at most the entry size;
 *  - every VAR is in exactly one DATASEC entry.
 *
 * Golden format: one line per DATASEC entry,
 *
 *	DATASEC VAR LINKAGE TYPE_SIZE
 *
 * e.g. ".data..percpu fixed_percpu_data global 48", LINKAGE "static" or
 * "global".  '#' starts a comment line.  The lines of all GOLDEN files
 * together must equal, as a multiset, the lines of the BTF (two statics
 * of one name give two equal lines).  The golden files list every
 * STT_OBJECT symbol of nonzero size that a top-level DWARF variable of
 * the fixture describes, so a missing VAR shows as a missing line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "fx_elf.h"

static int nr_fail;

#define fail(fmt, ...)							\
	do {								\
		printf("FAIL: " fmt "\n", ##__VA_ARGS__);		\
		nr_fail++;						\
	} while (0)

struct lines {
	char **v;
	size_t n, cap;
};

static void lines_add(struct lines *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v) {
			perror("realloc");
			exit(2);
		}
	}
	l->v[l->n] = strdup(s);
	if (!l->v[l->n]) {
		perror("strdup");
		exit(2);
	}
	l->n++;
}

static void lines_free(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int quiet(enum libbpf_print_level l, const char *f, va_list a)
{
	(void)l;
	(void)f;
	(void)a;
	return 0;
}

static const char *linkage_str(int l)
{
	switch (l) {
	case BTF_VAR_STATIC:
		return "static";
	case BTF_VAR_GLOBAL_ALLOCATED:
		return "global";
	case BTF_VAR_GLOBAL_EXTERN:
		return "extern";
	default:
		return "?";
	}
}

/* The golden lines of @btf, in type order. */
static void btf_lines(const struct btf *btf, struct lines *out)
{
	__u32 id, n = btf__type_cnt(btf), i;
	char buf[1024];

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *vs;

		if (!btf_is_datasec(t))
			continue;
		vs = btf_var_secinfos(t);
		for (i = 0; i < btf_vlen(t); i++, vs++) {
			const struct btf_type *v = btf__type_by_id(btf, vs->type);
			long sz;

			if (!v || !btf_is_var(v)) {
				snprintf(buf, sizeof(buf), "%s <not a VAR: [%u]> ? ?",
					 btf__name_by_offset(btf, t->name_off),
					 vs->type);
				lines_add(out, buf);
				continue;
			}
			sz = btf__resolve_size(btf, v->type);
			snprintf(buf, sizeof(buf), "%s %s %s %ld",
				 btf__name_by_offset(btf, t->name_off),
				 btf__name_by_offset(btf, v->name_off),
				 linkage_str(btf_var(v)->linkage), sz);
			lines_add(out, buf);
		}
	}
}

static void read_golden(const char *path, struct lines *out)
{
	char buf[1024];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(2);
	}
	while (fgets(buf, sizeof(buf), f)) {
		char a[256], b[256], c[32], d[32], line[1024];
		char *p = buf;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || !*p)
			continue;
		/* normalise the white space */
		if (sscanf(p, "%255s %255s %31s %31s", a, b, c, d) != 4) {
			fprintf(stderr, "%s: bad line: %s", path, buf);
			exit(2);
		}
		snprintf(line, sizeof(line), "%s %s %s %s", a, b, c, d);
		lines_add(out, line);
	}
	fclose(f);
}

static void compare_golden(struct lines *have, struct lines *want)
{
	size_t i = 0, j = 0;
	int c;

	qsort(have->v, have->n, sizeof(*have->v), cmp_str);
	qsort(want->v, want->n, sizeof(*want->v), cmp_str);
	while (i < have->n || j < want->n) {
		if (i == have->n)
			c = 1;
		else if (j == want->n)
			c = -1;
		else
			c = strcmp(have->v[i], want->v[j]);
		if (c < 0)
			fail("golden: unexpected entry: %s", have->v[i++]);
		else if (c > 0)
			fail("golden: missing entry: %s", want->v[j++]);
		else
			i++, j++;
	}
}

static void check_datasec(const struct btf *btf, __u32 id,
			  struct fx_elf *e, unsigned char *var_seen)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *sname = btf__name_by_offset(btf, t->name_off);
	const struct btf_var_secinfo *vs = btf_var_secinfos(t);
	const struct fx_sec *sec;
	__u64 end = 0;
	long shndx;
	__u32 i;
	size_t k;

	shndx = fx_elf_sec_by_name(e, sname);
	if (shndx <= 0) {
		fail("[%u] DATASEC '%s': %s", id, sname,
		     shndx ? "several ELF sections of that name" :
			     "no ELF section of that name");
		return;
	}
	sec = &e->secs[shndx];
	if (t->size != sec->sh.sh_size)
		fail("[%u] DATASEC '%s' size=%u: ELF section size is %llu",
		     id, sname, t->size,
		     (unsigned long long)sec->sh.sh_size);
	for (i = 0; i < btf_vlen(t); i++, vs++) {
		const struct btf_type *v = btf__type_by_id(btf, vs->type);
		__u64 addr = sec->sh.sh_addr + vs->offset;
		struct fx_sym *match = NULL;
		const char *vname;
		long tsz;

		if (i && vs->offset < end)
			fail("[%u] DATASEC '%s': entry %u offset=%u size=%u overlaps or precedes the one before (ends at %llu)",
			     id, sname, i, vs->offset, vs->size,
			     (unsigned long long)end);
		if ((__u64)vs->offset + vs->size > t->size)
			fail("[%u] DATASEC '%s': entry %u offset=%u size=%u past the section end %u",
			     id, sname, i, vs->offset, vs->size, t->size);
		if ((__u64)vs->offset + vs->size > end)
			end = (__u64)vs->offset + vs->size;
		if (!v || !btf_is_var(v)) {
			fail("[%u] DATASEC '%s': entry %u type_id=%u is not a VAR",
			     id, sname, i, vs->type);
			continue;
		}
		var_seen[vs->type]++;
		vname = btf__name_by_offset(btf, v->name_off);
		for (k = 0; k < e->nr_syms; k++) {
			struct fx_sym *s = &e->syms[k];

			if (s->type == STT_OBJECT && s->shndx == (size_t)shndx &&
			    s->value == addr && !strcmp(s->name, vname)) {
				match = s;
				break;
			}
		}
		if (!match) {
			fail("[%u] VAR '%s' in '%s' offset=%u size=%u: no STT_OBJECT symbol '%s' at %#llx in %s",
			     vs->type, vname, sname, vs->offset, vs->size,
			     vname, (unsigned long long)addr, sname);
			continue;
		}
		if (match->used++)
			fail("[%u] VAR '%s' in '%s' offset=%u: symbol already claimed by another entry",
			     vs->type, vname, sname, vs->offset);
		if (match->size != vs->size)
			fail("[%u] VAR '%s' in '%s' offset=%u: entry size=%u, symbol st_size=%llu",
			     vs->type, vname, sname, vs->offset, vs->size,
			     (unsigned long long)match->size);
		if (btf_var(v)->linkage == BTF_VAR_GLOBAL_EXTERN)
			fail("[%u] VAR '%s': extern linkage in a DATASEC",
			     vs->type, vname);
		else if ((btf_var(v)->linkage == BTF_VAR_STATIC) !=
			 (match->bind == STB_LOCAL))
			fail("[%u] VAR '%s': linkage %s but symbol binding %s",
			     vs->type, vname,
			     linkage_str(btf_var(v)->linkage),
			     match->bind == STB_LOCAL ? "LOCAL" :
			     match->bind == STB_WEAK ? "WEAK" : "GLOBAL");
		tsz = btf__resolve_size(btf, v->type);
		if (tsz < 0)
			fail("[%u] VAR '%s': type [%u] has no size (%ld)",
			     vs->type, vname, v->type, tsz);
		else if ((__u64)tsz > vs->size)
			fail("[%u] VAR '%s': type size %ld > entry size %u",
			     vs->type, vname, tsz, vs->size);
	}
}

static struct btf *load_btf(const char *path)
{
	struct btf *btf = btf__parse_raw(path);

	if (!btf) {
		fprintf(stderr, "%s: cannot parse raw BTF: %s\n", path,
			strerror(errno));
		exit(2);
	}
	return btf;
}

int main(int argc, char **argv)
{
	struct lines have = {}, want = {};
	unsigned char *var_seen;
	struct fx_elf e;
	struct btf *btf;
	__u32 id, n, j;
	int i;

	libbpf_set_print(quiet);
	if (argc == 3 && !strcmp(argv[1], "--print")) {
		btf = load_btf(argv[2]);
		btf_lines(btf, &have);
		qsort(have.v, have.n, sizeof(*have.v), cmp_str);
		for (j = 0; j < have.n; j++)
			printf("%s\n", have.v[j]);
		lines_free(&have);
		btf__free(btf);
		return 0;
	}
	if (argc < 4) {
		fprintf(stderr, "usage: check_vars BTF ELF GOLDEN...\n"
				"       check_vars --print BTF\n");
		return 2;
	}
	btf = load_btf(argv[1]);
	if (fx_elf_open(&e, argv[2]))
		return 2;
	for (i = 3; i < argc; i++)
		read_golden(argv[i], &want);

	n = btf__type_cnt(btf);
	var_seen = calloc(n, 1);
	if (!var_seen)
		return 2;
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!btf_is_datasec(t))
			continue;
		for (j = 1; j < id; j++) {
			const struct btf_type *o = btf__type_by_id(btf, j);

			if (btf_is_datasec(o) && o->name_off == t->name_off)
				fail("[%u] DATASEC '%s': same name as [%u]", id,
				     btf__name_by_offset(btf, t->name_off), j);
		}
		check_datasec(btf, id, &e, var_seen);
	}
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_var(t) && var_seen[id] != 1)
			fail("[%u] VAR '%s': in %u DATASEC entries, expected 1",
			     id, btf__name_by_offset(btf, t->name_off),
			     var_seen[id]);
	}
	btf_lines(btf, &have);
	compare_golden(&have, &want);

	if (nr_fail)
		printf("check_vars: %s: %d mismatches\n", argv[1], nr_fail);
	lines_free(&have);
	lines_free(&want);
	free(var_seen);
	fx_elf_close(&e);
	btf__free(btf);
	return nr_fail ? 1 : 0;
}
