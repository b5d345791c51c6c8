// SPDX-License-Identifier: GPL-2.0-only
/*
 * The candidates: which DWARF function definitions and variables of a CU
 * have an ELF symbol, found on the worker that encodes the CU.  The rules
 * are in docs/encoder.md; funcs.c and vars.c choose among the candidates
 * once every CU is in.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <dwarf.h>

#include "encoder_int.h"
#include "kbtf_log.h"

static bool sym_fits(const struct kbtf_elf *e, const struct kbtf_sym *s,
		     uint64_t addr, bool func)
{
	if (s->addr != addr || !s->shndx || s->shndx >= e->nr_secs)
		return false;
	if (func)
		return s->type == STT_FUNC || s->type == STT_GNU_IFUNC;
	return s->type == STT_OBJECT;
}

static long pick_sym(const struct kbtf_elf *e, size_t first, size_t count,
		     uint64_t addr, bool func, const char *suffix)
{
	long best = -1;
	size_t i;

	for (i = first; i < first + count; i++) {
		uint32_t si = e->by_name[i];
		const struct kbtf_sym *s = &e->syms[si];

		if (!sym_fits(e, s, addr, func))
			continue;
		if (suffix && strncmp(strchr(s->name, '.') ?: "", suffix,
				      strlen(suffix)))
			continue;
		if (best < 0 || (s->bind == STB_GLOBAL &&
				 e->syms[best].bind != STB_GLOBAL))
			best = si;
	}
	return best;
}

/*
 * The symbol for a DWARF object @name at @addr: a function or data symbol
 * of that name at that address, the global one if there are several.
 * Failing that, a symbol at that address named "@name.<suffix>": LTO
 * renames statics (".llvm.<hash>", ".lto_priv.<n>").  For functions only
 * ".llvm." is accepted: other suffixes (.isra, .constprop, .part) mark
 * clones whose ABI differs from the DWARF prototype.
 */
static long find_sym(const struct kbtf_elf *e, const char *name,
		     uint64_t addr, bool func)
{
	size_t first, count, len;
	char *prefix;
	long best;

	if (!name)
		return -1;
	kbtf_elf__find(e, name, &first, &count);
	best = pick_sym(e, first, count, addr, func, NULL);
	if (best >= 0)
		return best;
	len = strlen(name);
	prefix = malloc(len + 2);
	if (!prefix)
		return -1;
	memcpy(prefix, name, len);
	memcpy(prefix + len, ".", 2);
	kbtf_elf__find_prefix(e, prefix, &first, &count);
	free(prefix);
	return pick_sym(e, first, count, addr, func, func ? ".llvm." : NULL);
}

/* For a definition without code of its own (KD_NO_PC): the one function
 * symbol of that name inside the CU's code ranges. */
static long find_func_sym_in_cu(const struct kbtf_elf *e,
				const struct kd_cu *cu, const char *name)
{
	size_t first, count, i, r;
	long found = -1;

	kbtf_elf__find(e, name, &first, &count);
	for (i = first; i < first + count; i++) {
		uint32_t si = e->by_name[i];
		const struct kbtf_sym *s = &e->syms[si];

		if (s->type != STT_FUNC || !s->shndx)
			continue;
		for (r = 0; r < cu->nr_ranges; r++) {
			if (s->addr < cu->ranges[r][0] ||
			    s->addr >= cu->ranges[r][1])
				continue;
			if (found >= 0)
				return -1;	/* ambiguous */
			found = si;
		}
	}
	return found;
}

static long func_sym(const struct kbtf_elf *e, const struct kd_cu *cu,
		     const struct kd_func *f)
{
	if (f->flags & KD_NO_PC)
		return find_func_sym_in_cu(e, cu, f->name);
	return find_sym(e, f->name, f->low_pc, true);
}


/* Keep @cu's annotations [@first, @first + @nr) that are decl tags. */
static int keep_tags(struct cu_cands *cc, const struct kd_cu *cu,
		     uint32_t first, uint32_t nr, int component)
{
	uint32_t i;

	for (i = 0; i < nr; i++) {
		const struct kd_tag *tg = &cu->tags[first + i];

		if (tg->type_tag)
			continue;
		if (kbtf_grow((void **)&cc->tags, &cc->cap_tags, cc->nr_tags + 1,
			 sizeof(*cc->tags)))
			return -ENOMEM;
		cc->tags[cc->nr_tags++] = (struct cand_tag){ tg->value,
							     component };
	}
	return 0;
}

/*
 * The candidates of a CU just read.  Functions: a name that is a valid
 * identifier, every parameter named, and an ELF function symbol of that
 * name at the function's address.  Variables: a fixed address with a
 * data symbol there, not of size 0, whose size the type does not exceed.
 */
int find_cands(struct kbtf_encoder *enc, const struct kd_cu *cu,
		      struct cu_cands *cc)
{
	const struct kbtf_elf *e = enc->elf;
	bool tags = !enc->opts.skip_decl_tags;
	size_t i;
	int err = 0;

	cc->funcs = calloc(cu->nr_funcs + 1, sizeof(*cc->funcs));
	cc->vars = calloc(cu->nr_vars + 1, sizeof(*cc->vars));
	if (!cc->funcs || !cc->vars)
		return -ENOMEM;
	for (i = 0; i < cu->nr_funcs; i++) {
		const struct kd_func *f = &cu->funcs[i];
		struct func_cand *c;
		uint32_t p;
		long sym;

		if (!name_valid(f->name) || (f->flags & KD_UNNAMED_ARG))
			continue;
		sym = func_sym(e, cu, f);
		if (sym < 0)
			continue;
		c = &cc->funcs[cc->nr_funcs++];
		*c = (struct func_cand){
			.name = f->name, .sym = sym, .kd = i,
			.first_tag = cc->nr_tags,
		};
		if (tags)
			err = keep_tags(cc, cu, f->first_tag, f->nr_tags, -1);
		for (p = 0; tags && !err && p < f->nr; p++) {
			const struct kd_child *a = &cu->children[f->first + p];

			err = keep_tags(cc, cu, a->first_tag, a->nr_tags, p);
		}
		if (err)
			return err;
		c->nr_tags = cc->nr_tags - c->first_tag;
	}
	if (enc->opts.skip_vars)
		return 0;
	for (i = 0; i < cu->nr_vars; i++) {
		const struct kd_var *v = &cu->vars[i];
		const struct kbtf_sym *s;
		struct var_cand *c;
		long sym;

		if (!name_valid(v->name))
			continue;
		sym = find_sym(e, v->name, v->addr, false);
		if (sym < 0 || !kbtf_sec_is_data(&e->secs[e->syms[sym].shndx])) {
			pr_debug("%s: die 0x%llx: variable %s at %#llx has no data symbol there, skipped\n",
				 enc->path, (unsigned long long)v->off,
				 v->name, (unsigned long long)v->addr);
			cc->nr_var_nosym++;
			continue;
		}
		s = &e->syms[sym];
		if (!s->size) {
			pr_debug("%s: die 0x%llx: variable %s has size 0, skipped\n",
				 enc->path, (unsigned long long)v->off, v->name);
			cc->nr_var_zero++;
			continue;
		}
		if (v->type_size > (int64_t)s->size) {
			pr_debug("%s: die 0x%llx: variable %s: type size %lld does not fit symbol size %llu, skipped\n",
				 enc->path, (unsigned long long)v->off, v->name,
				 (long long)v->type_size,
				 (unsigned long long)s->size);
			continue;
		}
		c = &cc->vars[cc->nr_vars++];
		*c = (struct var_cand){
			.die = v->off, .sym = sym, .kd = i,
			.type_size = v->type_size, .entry = -1,
			.first_tag = cc->nr_tags,
		};
		if (tags) {
			err = keep_tags(cc, cu, v->first_tag, v->nr_tags, -1);
			if (err)
				return err;
		}
		c->nr_tags = cc->nr_tags - c->first_tag;
	}
	return 0;
}

int add_decl_tags(struct btf *btf, const struct cu_cands *cc,
			 uint32_t first, uint32_t nr, int target)
{
	uint32_t i;
	int err;

	for (i = first; i < first + nr; i++) {
		err = btf__add_decl_tag(btf, cc->tags[i].value, target,
					cc->tags[i].component);
		if (err < 0)
			return err;
	}
	return 0;
}

