// SPDX-License-Identifier: GPL-2.0-only
/*
 * btf_layout_cmp: compare the named types of two BTFs by name, layout
 * only, as the differential test between a reference encoder (pahole)
 * and ours.
 *
 *	btf_layout_cmp [-q] REFERENCE CANDIDATE
 *
 * Each file is raw BTF or an ELF file with .BTF (btf__parse).  Every
 * named STRUCT, UNION, ENUM, ENUM64 and TYPEDEF of REFERENCE must have a
 * definition of the same name and kind in CANDIDATE with the same
 * normalised form:
 *  - struct/union: size, then per member (in order) name, bit offset,
 *    bitfield size and normalised type;
 *  - enum: size, signedness (kflag), then per value its name and value;
 *  - typedef: the normalised target.
 * A normalised type is a string.  A named struct, union, enum or typedef
 * is its kind and name only (each is compared under its own name);
 * anonymous structs and unions are expanded recursively; INT is name,
 * size, encoding and bits; a pointer renders its pointee by name and kind
 * only (a FWD and a definition of one name are the same pointee); nested
 * ARRAYs become one array of the total element count of the innermost
 * non-array element type, so pahole's flattened `int a[2][3]` (ARRAY of
 * 6 int) equals ARRAY(ARRAY(int, 3), 2); index types are ignored.
 * A name with several definitions (one `struct foo` per CU that defines
 * its own) is compared as a set: each reference definition must equal
 * some candidate definition.
 *
 * Prints one line per mismatch (the first differing line of the forms)
 * and a summary; -q prints the summary only.  Exit 0 when everything
 * matched, 1 on a mismatch or an unreadable file, 2 on usage.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define MAX_DEPTH 32

struct str {
	char *p;
	size_t len, cap;
	bool oom;
};

struct def {
	char *key;	/* "struct foo", "enum foo", ... */
	char *form;	/* the normalised form, lines separated by '\n' */
	__u32 id;
	__u16 kind;
};

struct side {
	const char *path;
	struct btf *btf;
	struct def *defs;
	size_t nr_defs;
};

static void put(struct str *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(s->p + s->len, s->cap - s->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			s->oom = true;
			return;
		}
		if (s->len + n < s->cap) {
			s->len += n;
			return;
		}
		s->cap = (s->len + n + 1) * 2;
		s->p = realloc(s->p, s->cap);
		if (!s->p) {
			s->oom = true;
			return;
		}
	}
}

static const char *name_of(const struct btf *btf, const struct btf_type *t)
{
	return btf__name_by_offset(btf, t->name_off);
}

static bool is_enum_kind(const struct btf_type *t)
{
	return btf_is_enum(t) || btf_is_enum64(t);
}

static void render(struct str *s, const struct btf *btf, __u32 id,
		   int depth);

static void render_int(struct str *s, const struct btf *btf,
		       const struct btf_type *t)
{
	__u8 enc = btf_int_encoding(t);

	put(s, "int %s/%u/%s%s%s/%u/%u", name_of(btf, t), t->size,
	    enc & BTF_INT_SIGNED ? "s" : "u", enc & BTF_INT_CHAR ? "c" : "",
	    enc & BTF_INT_BOOL ? "b" : "", btf_int_bits(t), btf_int_offset(t));
}

static void render_members(struct str *s, const struct btf *btf,
			   const struct btf_type *t, const char *sep,
			   int depth)
{
	const struct btf_member *m = btf_members(t);
	__u16 i;

	for (i = 0; i < btf_vlen(t); i++, m++) {
		put(s, "%s%s @%u:%u ", sep, btf__name_by_offset(btf, m->name_off),
		    btf_member_bit_offset(t, i),
		    btf_member_bitfield_size(t, i));
		render(s, btf, m->type, depth + 1);
	}
}

static void render_enum_values(struct str *s, const struct btf *btf,
			       const struct btf_type *t, const char *sep)
{
	__u16 i;

	for (i = 0; i < btf_vlen(t); i++) {
		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t) + i;

			put(s, "%s%s=%u", sep, btf__name_by_offset(btf, e->name_off),
			    (__u32)e->val);
		} else {
			const struct btf_enum64 *e = btf_enum64(t) + i;

			put(s, "%s%s=%llu", sep,
			    btf__name_by_offset(btf, e->name_off),
			    (unsigned long long)btf_enum64_value(e));
		}
	}
}

/* A pointee: named and aggregate types by kind and name only. */
static void render_pointee(struct str *s, const struct btf *btf, __u32 id,
			   int depth)
{
	const struct btf_type *t = id ? btf__type_by_id(btf, id) : NULL;
	const char *name;

	if (!t) {
		render(s, btf, id, depth);
		return;
	}
	name = name_of(btf, t);
	if (btf_is_fwd(t))
		put(s, "%s %s", btf_kflag(t) ? "union" : "struct", name);
	else if (btf_is_struct(t))
		put(s, "struct %s", *name ? name : "<anon>");
	else if (btf_is_union(t))
		put(s, "union %s", *name ? name : "<anon>");
	else if (is_enum_kind(t))
		put(s, "enum %s", *name ? name : "<anon>");
	else
		render(s, btf, id, depth);
}

static void render(struct str *s, const struct btf *btf, __u32 id, int depth)
{
	const struct btf_type *t;
	const char *name;
	__u64 nelems;
	__u16 i;

	if (depth > MAX_DEPTH) {
		put(s, "...");
		return;
	}
	if (!id) {
		put(s, "void");
		return;
	}
	t = btf__type_by_id(btf, id);
	if (!t) {
		put(s, "<bad id %u>", id);
		return;
	}
	name = name_of(btf, t);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		render_int(s, btf, t);
		break;
	case BTF_KIND_FLOAT:
		put(s, "float %s/%u", name, t->size);
		break;
	case BTF_KIND_PTR:
		put(s, "*");
		render_pointee(s, btf, t->type, depth + 1);
		break;
	case BTF_KIND_ARRAY:
		/* pahole flattens a[2][3] into one ARRAY of 6, we nest */
		nelems = 1;
		while (btf_is_array(t)) {
			nelems *= btf_array(t)->nelems;
			id = btf_array(t)->type;
			t = btf__type_by_id(btf, id);
			if (!t)
				break;
		}
		put(s, "[%llu]", (unsigned long long)nelems);
		render(s, btf, id, depth + 1);
		break;
	case BTF_KIND_CONST:
		put(s, "const ");
		render(s, btf, t->type, depth + 1);
		break;
	case BTF_KIND_VOLATILE:
		put(s, "volatile ");
		render(s, btf, t->type, depth + 1);
		break;
	case BTF_KIND_RESTRICT:
		put(s, "restrict ");
		render(s, btf, t->type, depth + 1);
		break;
	case BTF_KIND_TYPE_TAG:
		put(s, "type_tag(%s) ", name);
		render(s, btf, t->type, depth + 1);
		break;
	case BTF_KIND_TYPEDEF:
		put(s, "typedef %s", name);
		break;
	case BTF_KIND_FWD:
		put(s, "fwd %s %s", btf_kflag(t) ? "union" : "struct", name);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		put(s, "%s ", btf_is_struct(t) ? "struct" : "union");
		if (*name) {
			put(s, "%s", name);
			break;
		}
		put(s, "{size=%u", t->size);
		render_members(s, btf, t, "; ", depth);
		put(s, "}");
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		put(s, "%s ", btf_is_enum(t) ? "enum" : "enum64");
		if (*name) {
			put(s, "%s", name);
			break;
		}
		put(s, "{size=%u signed=%d", t->size, btf_kflag(t));
		render_enum_values(s, btf, t, "; ");
		put(s, "}");
		break;
	case BTF_KIND_FUNC_PROTO:
		put(s, "fn(");
		render(s, btf, t->type, depth + 1);
		for (i = 0; i < btf_vlen(t); i++) {
			put(s, i ? ", " : "; ");
			render(s, btf, btf_params(t)[i].type, depth + 1);
		}
		put(s, ")");
		break;
	default:
		put(s, "kind%u %s", btf_kind(t), name);
		break;
	}
}

/* The top-level form of a named type, one line per member or value. */
static void render_def(struct str *s, const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		put(s, "%s size=%u vlen=%u",
		    btf_is_struct(t) ? "STRUCT" : "UNION", t->size,
		    btf_vlen(t));
		render_members(s, btf, t, "\n", 0);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		put(s, "%s size=%u vlen=%u signed=%d",
		    btf_is_enum(t) ? "ENUM" : "ENUM64", t->size, btf_vlen(t),
		    btf_kflag(t));
		render_enum_values(s, btf, t, "\n");
		break;
	case BTF_KIND_TYPEDEF:
		put(s, "TYPEDEF = ");
		render(s, btf, t->type, 0);
		break;
	}
}

static const char *key_prefix(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
		return "struct";
	case BTF_KIND_UNION:
		return "union";
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return "enum";
	case BTF_KIND_TYPEDEF:
		return "typedef";
	default:
		return NULL;
	}
}

static int cmp_def(const void *a, const void *b)
{
	const struct def *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->form, y->form);
}

static int load(struct side *sd)
{
	__u32 id, n;
	size_t cap = 0;

	sd->btf = btf__parse(sd->path, NULL);
	if (!sd->btf) {
		fprintf(stderr, "%s: cannot read BTF: %s\n", sd->path,
			strerror(errno));
		return -1;
	}
	n = btf__type_cnt(sd->btf);
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(sd->btf, id);
		const char *prefix = key_prefix(t), *name;
		struct str key = {}, form = {};
		struct def *d;

		name = name_of(sd->btf, t);
		if (!prefix || !*name)
			continue;
		if (sd->nr_defs == cap) {
			cap = cap ? 2 * cap : 4096;
			d = realloc(sd->defs, cap * sizeof(*d));
			if (!d)
				return -1;
			sd->defs = d;
		}
		put(&key, "%s %s", prefix, name);
		render_def(&form, sd->btf, id);
		if (key.oom || form.oom)
			return -1;
		d = &sd->defs[sd->nr_defs++];
		d->key = key.p;
		d->form = form.p;
		d->id = id;
		d->kind = btf_kind(t);
	}
	qsort(sd->defs, sd->nr_defs, sizeof(*sd->defs), cmp_def);
	return 0;
}

/* The first index in @sd of @key, or sd->nr_defs. */
static size_t lower_bound(const struct side *sd, const char *key)
{
	size_t lo = 0, hi = sd->nr_defs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(sd->defs[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *kind_str(__u16 kind)
{
	switch (kind) {
	case BTF_KIND_STRUCT:
		return "STRUCT";
	case BTF_KIND_UNION:
		return "UNION";
	case BTF_KIND_ENUM:
		return "ENUM";
	case BTF_KIND_ENUM64:
		return "ENUM64";
	case BTF_KIND_TYPEDEF:
		return "TYPEDEF";
	default:
		return "?";
	}
}

#define CONTEXT 100

/* One side of a differing line: around the first differing character
 * @k when the line is long. */
static void print_line(int line, const char *who, const char *p, size_t len,
		       size_t k)
{
	size_t start = k > CONTEXT ? k - CONTEXT : 0;
	size_t n = len - start > 2 * CONTEXT ? 2 * CONTEXT : len - start;

	printf("\tline %d: %s: %s%.*s%s\n", line, who, start ? "..." : "",
	       (int)n, p + start, start + n < len ? "..." : "");
}

/* Print the first line where @a and @b differ. */
static void print_diff(const char *a, const char *b)
{
	int line = 0;

	for (;;) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n"), k = 0;

		if (la != lb || memcmp(a, b, la)) {
			while (k < la && k < lb && a[k] == b[k])
				k++;
			print_line(line, "reference", a, la, k);
			print_line(line, "candidate", b, lb, k);
			return;
		}
		if (!a[la] || !b[lb]) {
			printf("\tline %d: %s has more\n", line + 1,
			       a[la] ? "reference" : "candidate");
			return;
		}
		a += la + 1;
		b += lb + 1;
		line++;
	}
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level != LIBBPF_WARN)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

int main(int argc, char **argv)
{
	struct side ref = {}, cand = {};
	size_t i, j, nr_names = 0, nr_bad = 0, nr_missing = 0, nr_cand_only = 0;
	bool quiet = false;
	int argi = 1;

	if (argc > 1 && !strcmp(argv[1], "-q")) {
		quiet = true;
		argi++;
	}
	if (argc - argi != 2) {
		fprintf(stderr, "usage: btf_layout_cmp [-q] REFERENCE CANDIDATE\n");
		return 2;
	}
	libbpf_set_print(libbpf_print);
	ref.path = argv[argi];
	cand.path = argv[argi + 1];
	if (load(&ref) || load(&cand))
		return 1;
	for (i = 0; i < ref.nr_defs; i++) {
		const struct def *r = &ref.defs[i];
		size_t lo = lower_bound(&cand, r->key), best = lo;

		if (!i || strcmp(ref.defs[i - 1].key, r->key))
			nr_names++;
		else if (!strcmp(ref.defs[i - 1].form, r->form))
			continue;	/* the same form twice in the reference */
		for (j = lo; j < cand.nr_defs && !strcmp(cand.defs[j].key, r->key);
		     j++) {
			if (!strcmp(cand.defs[j].form, r->form))
				break;
			/* for the report, prefer one of the same kind */
			if (cand.defs[j].kind == r->kind &&
			    cand.defs[best].kind != r->kind)
				best = j;
		}
		if (j < cand.nr_defs && !strcmp(cand.defs[j].key, r->key) &&
		    !strcmp(cand.defs[j].form, r->form))
			continue;
		if (lo == cand.nr_defs || strcmp(cand.defs[lo].key, r->key)) {
			nr_missing++;
			if (!quiet)
				printf("missing: [%u] %s '%s': no %s in the candidate\n",
				       r->id, kind_str(r->kind),
				       strchr(r->key, ' ') + 1, r->key);
			continue;
		}
		nr_bad++;
		if (!quiet) {
			printf("mismatch: [%u] %s '%s' vs candidate [%u] %s (%zu definitions):\n",
			       r->id, kind_str(r->kind), strchr(r->key, ' ') + 1,
			       cand.defs[best].id, kind_str(cand.defs[best].kind),
			       j - lo);
			print_diff(r->form, cand.defs[best].form);
		}
	}
	for (i = 0; i < cand.nr_defs; i++)
		if ((!i || strcmp(cand.defs[i - 1].key, cand.defs[i].key)) &&
		    (lower_bound(&ref, cand.defs[i].key) == ref.nr_defs ||
		     strcmp(ref.defs[lower_bound(&ref, cand.defs[i].key)].key,
			    cand.defs[i].key)))
			nr_cand_only++;
	printf("btf_layout_cmp: %zu reference definitions of %zu names compared: %zu mismatched, %zu missing; %zu names only in the candidate\n",
	       ref.nr_defs, nr_names, nr_bad, nr_missing, nr_cand_only);
	for (i = 0; i < ref.nr_defs; i++) {
		free(ref.defs[i].key);
		free(ref.defs[i].form);
	}
	for (i = 0; i < cand.nr_defs; i++) {
		free(cand.defs[i].key);
		free(cand.defs[i].form);
	}
	free(ref.defs);
	free(cand.defs);
	btf__free(ref.btf);
	btf__free(cand.btf);
	return nr_bad || nr_missing ? 1 : 0;
}
