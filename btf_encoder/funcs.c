// SPDX-License-Identifier: GPL-2.0-only
/*
 * FUNCs: one per name, chosen among the function candidates of every CU
 * once all groups are merged (main thread), and added in CU order with
 * their decl tags.  The rule is in docs/encoder.md.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <dwarf.h>

#include "encoder_int.h"
#include "kbtf_log.h"
#include "libbpf_ext.h"

static uint32_t hash_name(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* One FUNC per name: the candidate with a global symbol, else the first
 * in CU order (the kernel and libbpf look FUNCs up by name).  The
 * candidates go through a table of names in CU order. */
int choose_funcs(struct kbtf_encoder *enc)
{
	const struct kbtf_elf *e = enc->elf;
	size_t n = 0, cap = 16, cu, i, h;
	struct func_cand **tab;

	for (cu = 0; cu < enc->nr_cus; cu++)
		n += enc->cands[cu].nr_funcs;
	while (cap < 2 * n)
		cap *= 2;
	tab = calloc(cap, sizeof(*tab));
	if (!tab)
		return -ENOMEM;
	for (cu = 0; cu < enc->nr_cus; cu++) {
		for (i = 0; i < enc->cands[cu].nr_funcs; i++) {
			struct func_cand *c = &enc->cands[cu].funcs[i];

			/* one .debug_str entry per name, mostly */
			for (h = hash_name(c->name) & (cap - 1); tab[h];
			     h = (h + 1) & (cap - 1))
				if (tab[h]->name == c->name ||
				    !strcmp(tab[h]->name, c->name))
					break;
			if (!tab[h] ||
			    (e->syms[c->sym].bind == STB_GLOBAL &&
			     e->syms[tab[h]->sym].bind != STB_GLOBAL))
				tab[h] = c;
		}
	}
	for (h = 0; h < cap; h++)
		if (tab[h])
			tab[h]->chosen = true;
	free(tab);
	return 0;
}

/* The chosen FUNCs, in CU order, with their decl tags. */
int add_funcs(struct kbtf_encoder *enc)
{
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
			err = add_decl_tags(enc->btf, cc, c->first_tag,
					    c->nr_tags, id);
			if (err)
				return err;
		}
	}
	return 0;
}

/* The chosen VARs, in CU order, with their decl tags; *@order gets the
 * var_entry index of each. */
