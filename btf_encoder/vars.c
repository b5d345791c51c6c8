// SPDX-License-Identifier: GPL-2.0-only
/*
 * VARs and DATASECs: one entry per data object, chosen among the variable
 * candidates of every CU once all groups are merged (main thread); the
 * VARs go in in CU order, the DATASECs after the last dedup.  The rule is
 * in docs/encoder.md ("One entry per object").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <dwarf.h>

#include "encoder_int.h"
#include "kbtf_log.h"

/* A variable candidate, with its symbol for sorting. */
struct cand_ref {
	uint32_t sym, cu, idx;
};

/* By symbol, then in CU order. */
static int cmp_cand_sym(const void *a, const void *b)
{
	const struct cand_ref *x = a, *y = b;

	if (x->sym != y->sym)
		return x->sym < y->sym ? -1 : 1;
	if (x->cu != y->cu)
		return x->cu < y->cu ? -1 : 1;
	return x->idx < y->idx ? -1 : 1;
}

/* Every variable candidate of every CU, sorted by symbol, into *@refs
 * (NULL if there is none). */
static int sorted_var_cands(struct kbtf_encoder *enc, struct cand_ref **refs,
			    size_t *nr)
{
	size_t n = 0, i, cu;

	*refs = NULL;
	*nr = 0;
	for (cu = 0; cu < enc->nr_cus; cu++)
		n += enc->cands[cu].nr_vars;
	if (!n)
		return 0;
	*refs = malloc(n * sizeof(**refs));
	if (!*refs)
		return -ENOMEM;
	for (cu = 0; cu < enc->nr_cus; cu++)
		for (i = 0; i < enc->cands[cu].nr_vars; i++)
			(*refs)[(*nr)++] = (struct cand_ref){
				enc->cands[cu].vars[i].sym, cu, i };
	qsort(*refs, n, sizeof(**refs), cmp_cand_sym);
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct var_entry *x = a, *y = b;

	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	if (x->cu != y->cu)
		return x->cu < y->cu ? -1 : 1;
	return x->cand < y->cand ? -1 : 1;
}

static int sym_rank(const struct kbtf_sym *s)
{
	switch (s->bind) {
	case STB_GLOBAL:
		return 2;
	case STB_WEAK:
		return 1;
	default:
		return 0;
	}
}

bool is_percpu_sec(const char *name)
{
	return !strcmp(name, ".data..percpu");
}

/*
 * The rule, documented in docs/encoder.md:
 *  - Candidates for the same ELF symbol (one object described by several
 *    CUs, or a __weak definition whose DWARF address the linker resolved
 *    to the strong one) give one entry: the candidate whose type size
 *    equals the symbol size wins (an array of unknown size counts as
 *    equal: the symbol completes it), then the largest type, then the
 *    first in CU order.
 *  - Entries of distinct symbols that overlap (aliases at one address):
 *    in each section, by offset; at equal offsets the global symbol wins
 *    over a weak one over a local one, then the larger, then the first in
 *    CU order; an entry that starts inside a kept one is dropped.
 */
int choose_vars(struct kbtf_encoder *enc)
{
	const struct kbtf_elf *e = enc->elf;
	struct var_entry *ents;
	struct cand_ref *refs;
	size_t n, i, j, k, kept = 0;
	uint64_t end = 0;
	uint32_t shndx = 0;
	int err;

	err = sorted_var_cands(enc, &refs, &n);
	if (err || !n)
		return err;
	ents = calloc(n, sizeof(*ents));
	if (!ents) {
		free(refs);
		return -ENOMEM;
	}
	for (i = 0, k = 0; i < n; i = j) {
		struct cand_ref best = refs[i];
		const struct var_cand *b = &enc->cands[best.cu].vars[best.idx];
		const struct kbtf_sym *s = &e->syms[b->sym];
		int64_t bsz = b->type_size < 0 ? (int64_t)s->size : b->type_size;

		for (j = i + 1; j < n; j++) {
			const struct var_cand *c =
				&enc->cands[refs[j].cu].vars[refs[j].idx];
			int64_t csz;

			if (c->sym != b->sym)
				break;
			csz = c->type_size < 0 ? (int64_t)s->size : c->type_size;
			enc->stats.nr_var_dups++;
			if ((csz == (int64_t)s->size && bsz != (int64_t)s->size) ||
			    ((csz == (int64_t)s->size) == (bsz == (int64_t)s->size) &&
			     csz > bsz)) {
				best = refs[j];
				b = c;
				bsz = csz;
			}
		}
		if (enc->opts.skip_global_vars &&
		    !is_percpu_sec(e->secs[s->shndx].name))
			continue;
		ents[k++] = (struct var_entry){
			.cu = best.cu, .cand = best.idx, .shndx = s->shndx,
			.offset = s->addr - e->secs[s->shndx].addr,
			.size = s->size, .rank = sym_rank(s),
		};
	}
	free(refs);
	qsort(ents, k, sizeof(*ents), cmp_entry);
	for (i = 0; i < k; i++) {
		const struct kbtf_sec *sec = &e->secs[ents[i].shndx];

		if (ents[i].shndx != shndx) {
			shndx = ents[i].shndx;
			end = 0;
		}
		if (ents[i].offset < end ||
		    ents[i].offset + ents[i].size > sec->size) {
			const struct var_cand *c =
				&enc->cands[ents[i].cu].vars[ents[i].cand];

			pr_debug("%s: variable %s at %s+%#llx overlaps another entry, dropped\n",
				 enc->path, e->syms[c->sym].name, sec->name,
				 (unsigned long long)ents[i].offset);
			enc->stats.nr_var_overlaps++;
			continue;
		}
		end = ents[i].offset + ents[i].size;
		ents[kept++] = ents[i];
	}
	for (i = 0; i < kept; i++)
		enc->cands[ents[i].cu].vars[ents[i].cand].entry = i;
	enc->entries = ents;
	enc->nr_entries = kept;
	return 0;
}

int add_vars(struct kbtf_encoder *enc, uint32_t **order,
		    size_t *nr_order)
{
	const struct kbtf_elf *e = enc->elf;
	struct btf *btf = enc->btf;
	size_t i, k;
	int err;

	*order = calloc(enc->nr_entries + 1, sizeof(**order));
	*nr_order = 0;
	if (!*order)
		return -ENOMEM;
	for (i = 0; i < enc->nr_cus; i++) {
		const struct cu_cands *cc = &enc->cands[i];

		for (k = 0; k < cc->nr_vars; k++) {
			const struct var_cand *c = &cc->vars[k];
			const struct kbtf_sym *s = &e->syms[c->sym];
			int id;

			if (c->entry < 0 || !c->type)
				continue;
			if (c->btf_size < 0 || (uint64_t)c->btf_size > s->size) {
				pr_debug("%s: die 0x%llx: variable %s: type size %lld does not fit symbol size %llu, skipped\n",
					 enc->path, (unsigned long long)c->die,
					 s->name, (long long)c->btf_size,
					 (unsigned long long)s->size);
				continue;
			}
			if (c->sized)
				enc->stats.nr_var_sized_from_symbol++;
			id = btf__add_var(btf, s->name,
					  s->bind == STB_LOCAL ?
						  BTF_VAR_STATIC :
						  BTF_VAR_GLOBAL_ALLOCATED,
					  c->type);
			if (id < 0)
				return id;
			(*order)[(*nr_order)++] = c->entry;
			err = add_decl_tags(btf, cc, c->first_tag, c->nr_tags,
					    id);
			if (err)
				return err;
		}
	}
	return 0;
}

/* The n-th VAR of the merged BTF is the n-th added, order[n]. */
int add_datasecs(struct kbtf_encoder *enc, const uint32_t *order,
		 const uint32_t *var_ids, size_t nr_order)
{
	const struct kbtf_elf *e = enc->elf;
	size_t k, i, j;
	__u32 id;
	int err;

	for (k = 0; k < nr_order; k++)
		enc->entries[order[k]].var_id = var_ids[k];
	for (i = 0; i < enc->nr_entries; i = j) {
		const struct kbtf_sec *sec = &e->secs[enc->entries[i].shndx];
		size_t nr = 0;

		for (j = i; j < enc->nr_entries &&
			    enc->entries[j].shndx == enc->entries[i].shndx; j++)
			if (enc->entries[j].var_id)
				nr++;
		if (!nr)
			continue;
		if (!name_valid(sec->name)) {
			char q[96];

			pr_warn("%s: section name '%s' is not valid in BTF, its variables are left out\n",
				enc->path, kbtf_quote(sec->name ? sec->name : "",
						      q, sizeof(q)));
			continue;
		}
		id = btf__add_datasec(enc->btf, sec->name, sec->size);
		if ((int)id < 0)
			return id;
		enc->stats.nr_datasecs++;
		for (k = i; k < j; k++) {
			const struct var_entry *v = &enc->entries[k];

			if (!v->var_id)
				continue;
			err = btf__add_datasec_var_info(enc->btf, v->var_id,
							v->offset, v->size);
			if (err)
				return err;
			enc->stats.nr_vars++;
			if (is_percpu_sec(sec->name))
				enc->stats.nr_percpu_vars++;
		}
	}
	return 0;
}

