// SPDX-License-Identifier: GPL-2.0-only
/*
 * FUNCs: one per name, chosen among the function candidates of every CU
 * once all groups are merged (main thread), and added in CU order with
 * their decl tags; with decl_tag_kfuncs, the kfuncs of .BTF_ids (kfuncs.c)
 * get theirs ("bpf_kfunc", "bpf_fastcall") right after their FUNC.  The
 * rules are in docs/encoder.md.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <dwarf.h>

#include "encoder_int.h"
#include "kbtf_log.h"
#include "kbtf_util.h"
#include "libbpf_ext.h"

/* Skip the qualifiers and type tags on top of @id. */
static __u32 skip_mods(const struct btf *btf, __u32 id)
{
	const struct btf_type *t;
	int depth;

	for (depth = 0; id && depth < 32; depth++) {
		t = btf__type_by_id(btf, id);
		if (!t || !(btf_is_const(t) || btf_is_volatile(t) ||
			    btf_is_restrict(t) || btf_is_type_tag(t)))
			break;
		id = t->type;
	}
	return id;
}

/* STRUCT and a FWD of a struct, UNION and a FWD of a union, are alike. */
static int kind_class(const struct btf_type *t)
{
	if (btf_is_fwd(t))
		return btf_kflag(t) ? BTF_KIND_UNION : BTF_KIND_STRUCT;
	if (btf_is_enum64(t))
		return BTF_KIND_ENUM;
	return btf_kind(t);
}

/*
 * Do @a and @b, of the merged BTF (each group deduped on its own), say the
 * same type as a prototype sees it?  Qualifiers do not count; named
 * aggregates, enums and typedefs are the same by name (their bodies may
 * differ between CUs only by what a CU left undeclared); the rest by
 * structure.
 */
static bool same_type(const struct btf *btf, __u32 a, __u32 b, int depth)
{
	const struct btf_type *ta, *tb;
	const char *na, *nb;
	__u32 i;

	a = skip_mods(btf, a);
	b = skip_mods(btf, b);
	if (a == b)
		return true;
	if (!a || !b || depth > 16)
		return false;
	ta = btf__type_by_id(btf, a);
	tb = btf__type_by_id(btf, b);
	if (!ta || !tb || kind_class(ta) != kind_class(tb))
		return false;
	na = btf__name_by_offset(btf, ta->name_off);
	nb = btf__name_by_offset(btf, tb->name_off);
	switch (kind_class(ta)) {
	case BTF_KIND_INT:
		return ta->size == tb->size && !strcmp(na, nb) &&
		       *(const __u32 *)(ta + 1) == *(const __u32 *)(tb + 1);
	case BTF_KIND_FLOAT:
		return ta->size == tb->size && !strcmp(na, nb);
	case BTF_KIND_PTR:
		return same_type(btf, ta->type, tb->type, depth + 1);
	case BTF_KIND_ARRAY:
		return btf_array(ta)->nelems == btf_array(tb)->nelems &&
		       same_type(btf, btf_array(ta)->type,
				 btf_array(tb)->type, depth + 1);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_TYPEDEF:
		if (*na || *nb)
			return !strcmp(na, nb);
		return ta->size == tb->size;	/* both anonymous */
	case BTF_KIND_FUNC_PROTO:
		if (btf_vlen(ta) != btf_vlen(tb) ||
		    !same_type(btf, ta->type, tb->type, depth + 1))
			return false;
		for (i = 0; i < btf_vlen(ta); i++)
			if (!same_type(btf, btf_params(ta)[i].type,
				       btf_params(tb)[i].type, depth + 1))
				return false;
		return true;
	default:
		return false;
	}
}

/* Is @c a better candidate for its name than @best (NULL: none yet)?
 * The better pairing, then a global symbol, then the first in CU order
 * (@c comes later). */
static bool better(const struct kbtf_elf *e, const struct func_cand *c,
		   const struct func_cand *best)
{
	if (!best || c->match != best->match)
		return !best || c->match < best->match;
	return e->syms[c->sym].bind == STB_GLOBAL &&
	       e->syms[best->sym].bind != STB_GLOBAL;
}

/*
 * The function symbols that stand for @name (the exact name, renames and
 * clones; not .cold or .part pieces) at more than one address?  A call to
 * @name may then reach code a FUNC of that name does not describe.
 */
static bool several_addresses(const struct kbtf_elf *e, const char *name)
{
	char prefix[KBTF_KSYM_NAME_LEN + 2];
	size_t first, count, i, len = strlen(name);
	uint64_t addr = 0;
	bool seen = false;
	int pass;

	if (len + 2 > sizeof(prefix))
		return false;
	memcpy(prefix, name, len);
	memcpy(prefix + len, ".", 2);
	for (pass = 0; pass < 2; pass++) {
		if (pass)
			kbtf_elf__find_prefix(e, prefix, &first, &count);
		else
			kbtf_elf__find(e, name, &first, &count);
		for (i = first; i < first + count; i++) {
			const struct kbtf_sym *s = &e->syms[e->by_name[i]];

			if ((s->type != STT_FUNC && s->type != STT_GNU_IFUNC) ||
			    !s->shndx ||
			    (pass && kbtf_sym_suffix(s->name + len) == SFX_PART))
				continue;
			if (seen && s->addr != addr)
				return true;
			seen = true;
			addr = s->addr;
		}
	}
	return false;
}

/* A name's candidates, in CU order: the chain from @head through @next. */
struct name_group {
	struct func_cand **c;	/* every candidate, in CU order */
	uint32_t *next;		/* index of the next of its name, or -1 */
	uint32_t *head;		/* per hash slot: first index, or -1 */
	uint32_t *tail;
	size_t cap;
};

/*
 * Decide the FUNC of the name whose candidates chain from @h: the best
 * candidate, unless a rule leaves the name out (docs/encoder.md).  A kfunc
 * is never left out by consistent_func when its best candidate is the
 * definition of its global symbol: BPF programs call that code, which
 * that candidate describes, and without a FUNC the kfunc is unusable.
 */
static void decide_name(struct kbtf_encoder *enc, const struct name_group *g,
			uint32_t h)
{
	const struct kbtf_elf *e = enc->elf;
	struct func_cand *best = NULL, *c;
	const char *why = NULL;
	bool clone = false;
	uint32_t k;

	for (k = h; k != (uint32_t)-1; k = g->next[k])
		if (better(e, g->c[k], best))
			best = g->c[k];
	enc->stats.nr_func_names++;
	/* a call may reach any of the clones: each must hold the prototype */
	for (k = h; best->match == FM_CLONE && k != (uint32_t)-1; k = g->next[k])
		if (g->c[k]->args != ARGS_OK) {
			best = g->c[k];
			break;
		}
	if (best->match == FM_CLONE && best->args != ARGS_OK) {
		static const char *const clone_why[] = {
			[ARGS_UNKNOWN] = "only a clone carries it and where its arguments are cannot be seen",
			[ARGS_MISSING] = "only a clone carries it and some argument is nowhere at its entry",
			[ARGS_REMOVED] = "only a clone carries it and the clone dropped an argument",
			[ARGS_UNEXPECTED] = "only a clone carries it and an argument moved to another register",
		};

		enc->stats.nr_funcs_clone_rejected++;
		why = clone_why[best->args];
		clone = true;
		goto out;
	}
	if (!enc->opts.consistent_func)
		goto out;
	for (k = h; k != (uint32_t)-1; k = g->next[k]) {
		c = g->c[k];
		if (c->args == ARGS_UNEXPECTED) {
			enc->stats.nr_funcs_unexpected_reg++;
			why = "an argument is not in the register the calling convention gives it";
			goto out;
		}
		if (!same_type(enc->btf, c->proto, best->proto, 0)) {
			enc->stats.nr_funcs_inconsistent++;
			why = "its prototypes differ between compile units";
			goto out;
		}
	}
	if (several_addresses(e, best->name)) {
		enc->stats.nr_funcs_ambiguous++;
		why = "its symbols are at several addresses";
	}
out:
	if (why && kbtf_kfuncs__find(&enc->kfuncs, best->name)) {
		if (!clone && best->match == FM_ADDR &&
		    e->syms[best->sym].bind == STB_GLOBAL) {
			pr_debug("%s: kfunc %s: FUNC kept (its global definition) although %s\n",
				 enc->path, best->name, why);
			enc->stats.nr_kfuncs_kept++;
			why = NULL;
		} else {
			pr_warn("%s: kfunc %s: no FUNC, so no bpf_kfunc tag: %s\n",
				enc->path, best->name, why);
			enc->stats.nr_kfuncs_no_func++;
			return;
		}
	}
	if (why) {
		pr_debug("%s: function %s: no FUNC: %s\n", enc->path,
			 best->name, why);
		return;
	}
	best->chosen = true;
	enc->stats.nr_funcs_by_match[best->match]++;
}

/* The hash slot of @name's candidates in @g (g->head[slot] == -1: none). */
static size_t group_slot(const struct name_group *g, const char *name)
{
	size_t h;

	for (h = kbtf_str_hash(name) & (g->cap - 1); g->head[h] != (uint32_t)-1;
	     h = (h + 1) & (g->cap - 1))
		if (g->c[g->head[h]]->name == name ||
		    !strcmp(g->c[g->head[h]]->name, name))
			break;
	return h;
}

/* decl_tag_kfuncs: the kfunc list, and a warning for each kfunc no
 * DWARF definition could give a FUNC (resolve_btfids warns about it too,
 * and the kernel cannot use it). */
static int read_kfuncs(struct kbtf_encoder *enc)
{
	int err;

	if (!enc->opts.decl_tag_kfuncs || enc->opts.skip_decl_tags)
		return 0;
	err = kbtf_kfuncs__read(enc->elf, &enc->kfuncs);
	if (err)
		return err;
	enc->stats.nr_kfuncs = enc->kfuncs.nr;
	pr_debug("%s: %zu kfuncs in %zu kfunc sets\n", enc->path,
		 enc->kfuncs.nr, enc->kfuncs.nr_sets);
	return 0;
}

static void kfuncs_without_cands(struct kbtf_encoder *enc,
				 const struct name_group *g)
{
	size_t i;

	for (i = 0; i < enc->kfuncs.nr; i++) {
		const char *name = enc->kfuncs.v[i].name;

		if (g->head[group_slot(g, name)] != (uint32_t)-1)
			continue;
		pr_warn("%s: kfunc %s: no FUNC, so no bpf_kfunc tag: no DWARF definition pairs with a function symbol of that name\n",
			enc->path, name);
		enc->stats.nr_kfuncs_no_func++;
	}
}

/* One FUNC per name (the kernel and libbpf look FUNCs up by name). */
int choose_funcs(struct kbtf_encoder *enc)
{
	struct name_group g = {};
	size_t n = 0, cu, i, k = 0, h;
	int err;

	err = read_kfuncs(enc);
	if (err)
		return err;
	err = -ENOMEM;
	for (cu = 0; cu < enc->nr_cus; cu++)
		n += enc->cands[cu].nr_funcs;
	for (g.cap = 16; g.cap < 2 * n; g.cap *= 2)
		;
	g.c = malloc((n + 1) * sizeof(*g.c));
	g.next = malloc((n + 1) * sizeof(*g.next));
	g.head = malloc(g.cap * sizeof(*g.head));
	g.tail = malloc(g.cap * sizeof(*g.tail));
	if (!g.c || !g.next || !g.head || !g.tail)
		goto out;
	memset(g.head, 0xff, g.cap * sizeof(*g.head));
	for (cu = 0; cu < enc->nr_cus; cu++) {
		for (i = 0; i < enc->cands[cu].nr_funcs; i++, k++) {
			struct func_cand *c = &enc->cands[cu].funcs[i];

			g.c[k] = c;
			g.next[k] = -1;
			/* one .debug_str entry per name, mostly */
			h = group_slot(&g, c->name);
			if (g.head[h] == (uint32_t)-1)
				g.head[h] = k;
			else
				g.next[g.tail[h]] = k;
			g.tail[h] = k;
		}
	}
	for (h = 0; h < g.cap; h++)
		if (g.head[h] != (uint32_t)-1)
			decide_name(enc, &g, g.head[h]);
	kfuncs_without_cands(enc, &g);
	err = 0;
out:
	free(g.c);
	free(g.next);
	free(g.head);
	free(g.tail);
	return err;
}

/* The decl tags of the kfunc @kf on its FUNC @id, as pahole writes them:
 * component -1, "bpf_kfunc", then "bpf_fastcall" for KF_FASTCALL. */
static int tag_kfunc(struct kbtf_encoder *enc, const struct kbtf_kfunc *kf,
		     int id)
{
	int err;

	err = btf__add_decl_tag(enc->btf, "bpf_kfunc", id, -1);
	if (err < 0)
		return err;
	enc->stats.nr_kfuncs_tagged++;
	if (!(kf->flags & KBTF_KF_FASTCALL))
		return 0;
	err = btf__add_decl_tag(enc->btf, "bpf_fastcall", id, -1);
	if (err < 0)
		return err;
	enc->stats.nr_kfuncs_fastcall++;
	return 0;
}

/* The chosen FUNCs, in CU order, with their decl tags. */
int add_funcs(struct kbtf_encoder *enc)
{
	const struct kbtf_kfunc *kf;
	size_t i, k;
	int id, err;

	for (i = 0; i < enc->nr_cus; i++) {
		const struct cu_cands *cc = &enc->cands[i];

		for (k = 0; k < cc->nr_funcs; k++) {
			const struct func_cand *c = &cc->funcs[k];

			if (!c->chosen)
				continue;
			/* a name already added: a placeholder the BTF has,
			 * then the name's offset */
			id = btf__add_func(enc->btf, c->name_off ?
						     INDEX_TYPE_NAME : c->name,
					   BTF_FUNC_STATIC, c->proto);
			if (id < 0)
				return id;
			if (c->name_off)
				kbtf_btf_set_name(enc->btf, id, c->name_off);
			enc->stats.nr_funcs++;
			kf = kbtf_kfuncs__find(&enc->kfuncs, c->name);
			if (kf) {
				err = tag_kfunc(enc, kf, id);
				if (err)
					return err;
			}
			err = add_decl_tags(enc->btf, cc, c->first_tag,
					    c->nr_tags, id);
			if (err)
				return err;
		}
	}
	return 0;
}
