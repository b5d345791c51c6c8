// SPDX-License-Identifier: GPL-2.0-only
/*
 * check_types: check specific type shapes in an encoded BTF against
 * golden expectations, reading the ELF image where a value comes from the
 * data (a string's length) or the symbol table (a symbol's size).
 *
 *	check_types BTF ELF GOLDEN...	exit 0 ok, 1 mismatch, 2 usage
 *
 * Golden format: one directive per line, tokens separated by blanks, '#'
 * starts a comment line.
 *
 *   chain VAR TOK...         follow VAR's type: each TOK must match the
 *                            type reached; PTR, CONST, VOLATILE, RESTRICT,
 *                            TYPEDEF and TYPE_TAG lead to their target,
 *                            ARRAY to its element; the chain may stop
 *                            before the end.  TOK "QUALS" skips any
 *                            CONST/VOLATILE/RESTRICT (compilers differ
 *                            in where they put a const).
 *   type TOK                 exactly one type of TOK's kind and name, and
 *                            it matches TOK
 *   member AGG MEMBER BITS_OFFSET BITFIELD_SIZE
 *                            struct/union AGG has MEMBER there; a nonzero
 *                            BITFIELD_SIZE needs AGG's kflag
 *   enumval ENUM NAME VALUE  enumerator NAME of ENUM/ENUM64 ENUM has
 *                            VALUE (decimal or 0x..; negative values
 *                            need the signed flag)
 *   func NAME [TOK]          exactly one FUNC NAME, its type matches TOK
 *   absent KIND NAME         no type of KIND named NAME
 *   flex VAR                 VAR's DATASEC entry size is its symbol's
 *                            st_size and larger than the size of its type
 *   decl_tag VALUE KIND:NAME COMPONENT
 *                            a DECL_TAG VALUE on that type, component_idx
 *                            COMPONENT (-1: the type itself)
 *   kind_present KIND        at least one type of KIND
 *   no_char_ints             no INT has the CHAR encoding
 *
 * TOK is a BTF kind name followed by optional suffixes: ":NAME",
 * "@SIZE", "[NELEMS]" (or "[strlen+1]": the NUL-terminated string in the
 * chain VAR's symbol, plus one), "#VLEN", "!FLAG" with FLAG one of
 * signed/unsigned (enums; for INT "signed" is the encoding), bool/none
 * (INT encoding), kflag (struct/union), varargs (FUNC_PROTO: the last
 * parameter is (0, 0)).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "fx_elf.h"

static int nr_fail;
static const char *cur_file;
static int cur_line;

#define fail(fmt, ...)							\
	do {								\
		printf("FAIL: %s:%d: " fmt "\n", cur_file, cur_line,	\
		       ##__VA_ARGS__);					\
		nr_fail++;						\
	} while (0)

static const char *const kind_names[] = {
	[BTF_KIND_UNKN] = "UNKN",	[BTF_KIND_INT] = "INT",
	[BTF_KIND_PTR] = "PTR",		[BTF_KIND_ARRAY] = "ARRAY",
	[BTF_KIND_STRUCT] = "STRUCT",	[BTF_KIND_UNION] = "UNION",
	[BTF_KIND_ENUM] = "ENUM",	[BTF_KIND_FWD] = "FWD",
	[BTF_KIND_TYPEDEF] = "TYPEDEF",	[BTF_KIND_VOLATILE] = "VOLATILE",
	[BTF_KIND_CONST] = "CONST",	[BTF_KIND_RESTRICT] = "RESTRICT",
	[BTF_KIND_FUNC] = "FUNC",	[BTF_KIND_FUNC_PROTO] = "FUNC_PROTO",
	[BTF_KIND_VAR] = "VAR",		[BTF_KIND_DATASEC] = "DATASEC",
	[BTF_KIND_FLOAT] = "FLOAT",	[BTF_KIND_DECL_TAG] = "DECL_TAG",
	[BTF_KIND_TYPE_TAG] = "TYPE_TAG", [BTF_KIND_ENUM64] = "ENUM64",
};

#define NR_KINDS ((int)(sizeof(kind_names) / sizeof(kind_names[0])))

static int kind_by_name(const char *s, size_t len)
{
	int k;

	for (k = 1; k < NR_KINDS; k++)
		if (strlen(kind_names[k]) == len &&
		    !strncmp(kind_names[k], s, len))
			return k;
	return -1;
}

static const char *kind_str(const struct btf_type *t)
{
	int k = btf_kind(t);

	return k < NR_KINDS ? kind_names[k] : "?";
}

struct ctx {
	struct btf *btf;
	struct fx_elf elf;
};

/* Exactly one type of @kind named @name: its id; 0 with a failure. */
static __u32 find_one(struct ctx *c, int kind, const char *name)
{
	__u32 id, n = btf__type_cnt(c->btf), found = 0, count = 0;

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(c->btf, id);

		if (btf_kind(t) == kind &&
		    !strcmp(btf__name_by_offset(c->btf, t->name_off), name)) {
			if (!found)
				found = id;
			count++;
		}
	}
	if (count != 1) {
		fail("%u types %s '%s', expected exactly one", count,
		     kind_names[kind], name);
		return 0;
	}
	return found;
}

/* The DATASEC entry of VAR @var_id and the ELF symbol it describes. */
static int var_entry(struct ctx *c, __u32 var_id, __u32 *entry_size,
		     const struct fx_sym **sym)
{
	__u32 id, n = btf__type_cnt(c->btf), i;
	size_t k;

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(c->btf, id);
		const struct btf_var_secinfo *vs = btf_var_secinfos(t);
		long shndx;

		if (!btf_is_datasec(t))
			continue;
		for (i = 0; i < btf_vlen(t); i++, vs++) {
			const char *vname;
			__u64 addr;

			if (vs->type != var_id)
				continue;
			*entry_size = vs->size;
			*sym = NULL;
			shndx = fx_elf_sec_by_name(&c->elf,
					btf__name_by_offset(c->btf, t->name_off));
			if (shndx <= 0)
				return -1;
			addr = c->elf.secs[shndx].sh.sh_addr + vs->offset;
			vname = btf__name_by_offset(c->btf,
				btf__type_by_id(c->btf, var_id)->name_off);
			for (k = 0; k < c->elf.nr_syms; k++) {
				const struct fx_sym *s = &c->elf.syms[k];

				if (s->shndx == (size_t)shndx &&
				    s->value == addr && !strcmp(s->name, vname)) {
					*sym = s;
					return 0;
				}
			}
			return -1;
		}
	}
	return -1;
}

/* Does type @id match token @tok?  Fails (and returns false) if not. */
static bool match_tok(struct ctx *c, __u32 id, const char *tok, __u32 var_id)
{
	const struct btf_type *t = btf__type_by_id(c->btf, id);
	size_t klen = strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
	const char *p = tok + klen;
	int kind = kind_by_name(tok, klen);
	char name[256];

	if (kind < 0) {
		fprintf(stderr, "%s:%d: unknown kind in '%s'\n", cur_file,
			cur_line, tok);
		exit(2);
	}
	if (!t) {
		fail("'%s': type [%u] does not exist", tok, id);
		return false;
	}
	if (btf_kind(t) != kind) {
		fail("'%s': [%u] is %s '%s'", tok, id, kind_str(t),
		     btf__name_by_offset(c->btf, t->name_off));
		return false;
	}
	while (*p) {
		char sfx = *p++;
		size_t len = strcspn(p, ":@[#!");
		unsigned long long v;

		if (sfx == '[')
			len = strcspn(p, "]");
		if (len >= sizeof(name)) {
			fprintf(stderr, "%s:%d: token too long\n", cur_file,
				cur_line);
			exit(2);
		}
		memcpy(name, p, len);
		name[len] = 0;
		p += len + (sfx == '[' && p[len] == ']');
		switch (sfx) {
		case ':':
			if (strcmp(btf__name_by_offset(c->btf, t->name_off),
				   name)) {
				fail("'%s': [%u] %s is named '%s'", tok, id,
				     kind_str(t),
				     btf__name_by_offset(c->btf, t->name_off));
				return false;
			}
			break;
		case '@':
			v = strtoull(name, NULL, 0);
			if (!btf_is_int(t) && !btf_is_float(t) &&
			    !btf_is_composite(t) && !btf_is_any_enum(t)) {
				fprintf(stderr, "%s:%d: '%s': %s has no size\n",
					cur_file, cur_line, tok, kind_str(t));
				exit(2);
			}
			if (t->size != v) {
				fail("'%s': [%u] %s size=%u", tok, id,
				     kind_str(t), t->size);
				return false;
			}
			break;
		case '[': {
			const struct fx_sym *s;
			__u32 esz;

			if (!btf_is_array(t)) {
				fprintf(stderr, "%s:%d: '%s': [N] on a non-array\n",
					cur_file, cur_line, tok);
				exit(2);
			}
			if (!strcmp(name, "strlen+1")) {
				const unsigned char *d;

				if (var_entry(c, var_id, &esz, &s) || !s) {
					fail("'%s': no symbol for the VAR", tok);
					return false;
				}
				d = fx_elf_sym_data(&c->elf, s);
				if (!d || !memchr(d, 0, s->size)) {
					fail("'%s': symbol %s holds no string", tok,
					     s->name);
					return false;
				}
				v = strlen((const char *)d) + 1;
			} else {
				v = strtoull(name, NULL, 0);
			}
			if (btf_array(t)->nelems != v) {
				fail("'%s': [%u] ARRAY nelems=%u, expected %llu",
				     tok, id, btf_array(t)->nelems, v);
				return false;
			}
			break;
		}
		case '#':
			v = strtoull(name, NULL, 0);
			if (btf_vlen(t) != v) {
				fail("'%s': [%u] %s vlen=%u", tok, id,
				     kind_str(t), btf_vlen(t));
				return false;
			}
			break;
		case '!':
			if (btf_is_int(t)) {
				__u8 enc = btf_int_encoding(t);
				__u8 want = !strcmp(name, "signed") ? BTF_INT_SIGNED :
					    !strcmp(name, "bool") ? BTF_INT_BOOL :
					    !strcmp(name, "char") ? BTF_INT_CHAR : 0;

				if (enc != want) {
					fail("'%s': [%u] INT encoding=%u", tok,
					     id, enc);
					return false;
				}
			} else if (btf_is_any_enum(t)) {
				bool sgn = btf_kflag(t);

				if (sgn != !strcmp(name, "signed")) {
					fail("'%s': [%u] %s is %s", tok, id,
					     kind_str(t),
					     sgn ? "signed" : "unsigned");
					return false;
				}
			} else if (btf_is_composite(t) &&
				   !strcmp(name, "kflag")) {
				if (!btf_kflag(t)) {
					fail("'%s': [%u] %s has no kind_flag",
					     tok, id, kind_str(t));
					return false;
				}
			} else if (btf_is_func_proto(t) &&
				   !strcmp(name, "varargs")) {
				const struct btf_param *pa = btf_params(t);
				__u16 vl = btf_vlen(t);

				if (!vl || pa[vl - 1].name_off ||
				    pa[vl - 1].type) {
					fail("'%s': [%u] FUNC_PROTO does not end with a (0, 0) parameter",
					     tok, id);
					return false;
				}
			} else {
				fprintf(stderr, "%s:%d: '%s': flag !%s does not apply\n",
					cur_file, cur_line, tok, name);
				exit(2);
			}
			break;
		default:
			fprintf(stderr, "%s:%d: bad token '%s'\n", cur_file,
				cur_line, tok);
			exit(2);
		}
	}
	return true;
}

static bool is_qual(const struct btf_type *t)
{
	return btf_is_const(t) || btf_is_volatile(t) || btf_is_restrict(t);
}

static void do_chain(struct ctx *c, char **tok, int nr)
{
	__u32 var_id, id;
	int i;

	if (nr < 1) {
		fprintf(stderr, "%s:%d: chain VAR TOK...\n", cur_file, cur_line);
		exit(2);
	}
	var_id = find_one(c, BTF_KIND_VAR, tok[0]);
	if (!var_id)
		return;
	id = btf__type_by_id(c->btf, var_id)->type;
	for (i = 1; i < nr; i++) {
		const struct btf_type *t;

		if (!strcmp(tok[i], "QUALS")) {
			while ((t = btf__type_by_id(c->btf, id)) && id &&
			       is_qual(t))
				id = t->type;
			continue;
		}
		if (!id) {
			fail("chain %s: reached void before '%s'", tok[0],
			     tok[i]);
			return;
		}
		if (!match_tok(c, id, tok[i], var_id)) {
			printf("      (in chain %s, step %d)\n", tok[0], i);
			return;
		}
		t = btf__type_by_id(c->btf, id);
		if (btf_is_array(t))
			id = btf_array(t)->type;
		else if (btf_is_ptr(t) || is_qual(t) || btf_is_typedef(t) ||
			 btf_is_type_tag(t))
			id = t->type;
		else if (i + 1 < nr) {
			fail("chain %s: %s has no target, '%s' follows",
			     tok[0], kind_str(t), tok[i + 1]);
			return;
		}
	}
}

static void do_type(struct ctx *c, const char *tok)
{
	size_t klen = strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
	const char *colon = strchr(tok, ':');
	char name[256];
	size_t len;
	int kind = kind_by_name(tok, klen);
	__u32 id;

	if (kind < 0 || !colon) {
		fprintf(stderr, "%s:%d: type KIND:NAME...\n", cur_file,
			cur_line);
		exit(2);
	}
	len = strcspn(colon + 1, ":@[#!");
	snprintf(name, sizeof(name), "%.*s", (int)len, colon + 1);
	id = find_one(c, kind, name);
	if (id)
		match_tok(c, id, tok, 0);
}

static __u32 find_agg(struct ctx *c, const char *name)
{
	__u32 id, n = btf__type_cnt(c->btf);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(c->btf, id);

		if (btf_is_composite(t) &&
		    !strcmp(btf__name_by_offset(c->btf, t->name_off), name))
			return id;
	}
	fail("no STRUCT or UNION '%s'", name);
	return 0;
}

static void do_member(struct ctx *c, char **tok, int nr)
{
	const struct btf_type *t;
	const struct btf_member *m;
	unsigned long off, bsz;
	__u32 id, i;

	if (nr != 4) {
		fprintf(stderr, "%s:%d: member AGG MEMBER BITS_OFFSET BITFIELD_SIZE\n",
			cur_file, cur_line);
		exit(2);
	}
	off = strtoul(tok[2], NULL, 0);
	bsz = strtoul(tok[3], NULL, 0);
	id = find_agg(c, tok[0]);
	if (!id)
		return;
	t = btf__type_by_id(c->btf, id);
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		__u32 got_off = btf_member_bit_offset(t, i);
		__u32 got_bsz = btf_member_bitfield_size(t, i);

		if (strcmp(btf__name_by_offset(c->btf, m->name_off), tok[1]))
			continue;
		if (bsz && !btf_kflag(t))
			fail("[%u] %s '%s': bitfield member '%s' but no kind_flag",
			     id, kind_str(t), tok[0], tok[1]);
		if (got_off != off || got_bsz != bsz)
			fail("[%u] %s '%s' member '%s': bits_offset=%u bitfield_size=%u, expected %lu %lu",
			     id, kind_str(t), tok[0], tok[1], got_off, got_bsz,
			     off, bsz);
		return;
	}
	fail("[%u] %s '%s': no member '%s'", id, kind_str(t), tok[0], tok[1]);
}

static void do_enumval(struct ctx *c, char **tok, int nr)
{
	__u32 id, n = btf__type_cnt(c->btf), i;
	bool neg;
	__u64 want;

	if (nr != 3) {
		fprintf(stderr, "%s:%d: enumval ENUM NAME VALUE\n", cur_file,
			cur_line);
		exit(2);
	}
	neg = tok[2][0] == '-';
	want = neg ? (__u64)strtoll(tok[2], NULL, 0) :
		     strtoull(tok[2], NULL, 0);
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(c->btf, id);
		bool sgn;

		if (!btf_is_any_enum(t) ||
		    strcmp(btf__name_by_offset(c->btf, t->name_off), tok[0]))
			continue;
		sgn = btf_kflag(t);
		for (i = 0; i < btf_vlen(t); i++) {
			const char *en;
			__u64 got;

			if (btf_is_enum(t)) {
				const struct btf_enum *e = btf_enum(t) + i;

				en = btf__name_by_offset(c->btf, e->name_off);
				got = sgn ? (__u64)(__s64)e->val :
					    (__u64)(__u32)e->val;
			} else {
				const struct btf_enum64 *e = btf_enum64(t) + i;

				en = btf__name_by_offset(c->btf, e->name_off);
				got = btf_enum64_value(e);
			}
			if (strcmp(en, tok[1]))
				continue;
			if (got != want || (neg && !sgn))
				fail("[%u] %s '%s' %s: value %s%llu (%s), expected %s",
				     id, kind_str(t), tok[0], tok[1],
				     sgn && (__s64)got < 0 ? "-" : "",
				     sgn && (__s64)got < 0 ?
					     -(unsigned long long)got :
					     (unsigned long long)got,
				     sgn ? "signed" : "unsigned", tok[2]);
			return;
		}
		fail("[%u] %s '%s': no enumerator '%s'", id, kind_str(t),
		     tok[0], tok[1]);
		return;
	}
	fail("no ENUM or ENUM64 '%s'", tok[0]);
}

static void do_func(struct ctx *c, char **tok, int nr)
{
	const struct btf_type *t;
	__u32 id;

	if (nr != 1 && nr != 2) {
		fprintf(stderr, "%s:%d: func NAME [TOK]\n", cur_file, cur_line);
		exit(2);
	}
	id = find_one(c, BTF_KIND_FUNC, tok[0]);
	if (!id)
		return;
	t = btf__type_by_id(c->btf, id);
	if (nr == 2 && !match_tok(c, t->type, tok[1], 0))
		printf("      (in func %s)\n", tok[0]);
}

static void do_absent(struct ctx *c, char **tok, int nr)
{
	__u32 id, n = btf__type_cnt(c->btf);
	int kind;

	kind = nr == 2 ? kind_by_name(tok[0], strlen(tok[0])) : -1;
	if (kind < 0) {
		fprintf(stderr, "%s:%d: absent KIND NAME\n", cur_file, cur_line);
		exit(2);
	}
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(c->btf, id);

		if (btf_kind(t) == kind &&
		    !strcmp(btf__name_by_offset(c->btf, t->name_off), tok[1]))
			fail("[%u] %s '%s' should not exist", id, tok[0], tok[1]);
	}
}

static void do_flex(struct ctx *c, char **tok, int nr)
{
	const struct fx_sym *s;
	__u32 var_id, esz;
	long tsz;

	if (nr != 1) {
		fprintf(stderr, "%s:%d: flex VAR\n", cur_file, cur_line);
		exit(2);
	}
	var_id = find_one(c, BTF_KIND_VAR, tok[0]);
	if (!var_id)
		return;
	if (var_entry(c, var_id, &esz, &s) || !s) {
		fail("[%u] VAR '%s': no DATASEC entry with a matching symbol",
		     var_id, tok[0]);
		return;
	}
	tsz = btf__resolve_size(c->btf, btf__type_by_id(c->btf, var_id)->type);
	if (esz != s->size)
		fail("[%u] VAR '%s': entry size=%u, symbol st_size=%llu",
		     var_id, tok[0], esz, (unsigned long long)s->size);
	if (tsz < 0 || (__u64)tsz >= esz)
		fail("[%u] VAR '%s': type size %ld, expected less than the entry size %u",
		     var_id, tok[0], tsz, esz);
}

static void do_decl_tag(struct ctx *c, char **tok, int nr)
{
	__u32 id, n = btf__type_cnt(c->btf), target;
	const char *colon;
	char kname[32];
	long comp;
	int kind;

	colon = nr == 3 ? strchr(tok[1], ':') : NULL;
	if (!colon || colon - tok[1] >= (long)sizeof(kname)) {
		fprintf(stderr, "%s:%d: decl_tag VALUE KIND:NAME COMPONENT\n",
			cur_file, cur_line);
		exit(2);
	}
	snprintf(kname, sizeof(kname), "%.*s", (int)(colon - tok[1]), tok[1]);
	kind = kind_by_name(kname, strlen(kname));
	if (kind < 0) {
		fprintf(stderr, "%s:%d: unknown kind '%s'\n", cur_file,
			cur_line, kname);
		exit(2);
	}
	comp = strtol(tok[2], NULL, 0);
	target = find_one(c, kind, colon + 1);
	if (!target)
		return;
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(c->btf, id);

		if (btf_is_decl_tag(t) && t->type == target &&
		    btf_decl_tag(t)->component_idx == comp &&
		    !strcmp(btf__name_by_offset(c->btf, t->name_off), tok[0]))
			return;
	}
	fail("no DECL_TAG '%s' on [%u] %s component_idx=%ld", tok[0], target,
	     tok[1], comp);
}

static void do_kind_present(struct ctx *c, char **tok, int nr)
{
	__u32 id, n = btf__type_cnt(c->btf);
	int kind = nr == 1 ? kind_by_name(tok[0], strlen(tok[0])) : -1;

	if (kind < 0) {
		fprintf(stderr, "%s:%d: kind_present KIND\n", cur_file, cur_line);
		exit(2);
	}
	for (id = 1; id < n; id++)
		if (btf_kind(btf__type_by_id(c->btf, id)) == kind)
			return;
	fail("no type of kind %s", tok[0]);
}

static void do_no_char_ints(struct ctx *c)
{
	__u32 id, n = btf__type_cnt(c->btf);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(c->btf, id);

		if (btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_CHAR))
			fail("[%u] INT '%s' has the CHAR encoding", id,
			     btf__name_by_offset(c->btf, t->name_off));
	}
}

#define MAX_TOK 32

static void run_file(struct ctx *c, const char *path)
{
	char buf[2048];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(2);
	}
	cur_file = path;
	cur_line = 0;
	while (fgets(buf, sizeof(buf), f)) {
		char *tok[MAX_TOK], *save = NULL, *p;
		int nr = 0;

		cur_line++;
		for (p = strtok_r(buf, " \t\n", &save); p && nr < MAX_TOK;
		     p = strtok_r(NULL, " \t\n", &save))
			tok[nr++] = p;
		if (!nr || tok[0][0] == '#')
			continue;
		if (!strcmp(tok[0], "chain"))
			do_chain(c, tok + 1, nr - 1);
		else if (!strcmp(tok[0], "type") && nr == 2)
			do_type(c, tok[1]);
		else if (!strcmp(tok[0], "member"))
			do_member(c, tok + 1, nr - 1);
		else if (!strcmp(tok[0], "enumval"))
			do_enumval(c, tok + 1, nr - 1);
		else if (!strcmp(tok[0], "func"))
			do_func(c, tok + 1, nr - 1);
		else if (!strcmp(tok[0], "absent"))
			do_absent(c, tok + 1, nr - 1);
		else if (!strcmp(tok[0], "flex"))
			do_flex(c, tok + 1, nr - 1);
		else if (!strcmp(tok[0], "decl_tag"))
			do_decl_tag(c, tok + 1, nr - 1);
		else if (!strcmp(tok[0], "kind_present"))
			do_kind_present(c, tok + 1, nr - 1);
		else if (!strcmp(tok[0], "no_char_ints") && nr == 1)
			do_no_char_ints(c);
		else {
			fprintf(stderr, "%s:%d: unknown directive '%s'\n", path,
				cur_line, tok[0]);
			exit(2);
		}
	}
	fclose(f);
}

static int quiet(enum libbpf_print_level l, const char *f, va_list a)
{
	(void)l;
	(void)f;
	(void)a;
	return 0;
}

int main(int argc, char **argv)
{
	struct ctx c = {};
	int i;

	if (argc < 4) {
		fprintf(stderr, "usage: check_types BTF ELF GOLDEN...\n");
		return 2;
	}
	libbpf_set_print(quiet);
	c.btf = btf__parse_raw(argv[1]);
	if (!c.btf) {
		fprintf(stderr, "%s: cannot parse raw BTF: %s\n", argv[1],
			strerror(errno));
		return 2;
	}
	if (fx_elf_open(&c.elf, argv[2]))
		return 2;
	for (i = 3; i < argc; i++)
		run_file(&c, argv[i]);
	if (nr_fail)
		printf("check_types: %s: %d mismatches\n", argv[1], nr_fail);
	fx_elf_close(&c.elf);
	btf__free(c.btf);
	return nr_fail ? 1 : 0;
}
