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

/* ---- variables ---- */

static bool data_sym_at(const struct kbtf_elf *e, const struct kbtf_sym *s,
			uint64_t addr)
{
	return s->addr == addr && s->shndx && s->shndx < e->nr_secs &&
	       s->type == STT_OBJECT;
}

static long pick_data_sym(const struct kbtf_elf *e, size_t first,
			  size_t count, uint64_t addr)
{
	long best = -1;
	size_t i;

	for (i = first; i < first + count; i++) {
		uint32_t si = e->by_name[i];
		const struct kbtf_sym *s = &e->syms[si];

		if (!data_sym_at(e, s, addr))
			continue;
		if (best < 0 || (s->bind == STB_GLOBAL &&
				 e->syms[best].bind != STB_GLOBAL))
			best = si;
	}
	return best;
}

/*
 * The symbol for a DWARF variable @name at @addr: a data symbol of that
 * name at that address, the global one if there are several.  Failing
 * that, a data symbol at that address named "@name.<suffix>": LTO
 * renames statics (".llvm.<hash>", ".lto_priv.<n>").
 */
static long find_data_sym(const struct kbtf_elf *e, const char *name,
			  uint64_t addr)
{
	char prefix[KBTF_KSYM_NAME_LEN + 2];
	size_t first, count, len;
	long best;

	if (!name)
		return -1;
	kbtf_elf__find(e, name, &first, &count);
	best = pick_data_sym(e, first, count, addr);
	len = strlen(name);
	if (best >= 0 || len + 2 > sizeof(prefix))
		return best;
	memcpy(prefix, name, len);
	memcpy(prefix + len, ".", 2);
	kbtf_elf__find_prefix(e, prefix, &first, &count);
	return pick_data_sym(e, first, count, addr);
}

/* ---- functions ---- */

static bool is_func_sym(const struct kbtf_elf *e, const struct kbtf_sym *s)
{
	return (s->type == STT_FUNC || s->type == STT_GNU_IFUNC) &&
	       s->shndx && s->shndx < e->nr_secs;
}

/* Does @s's extent hold @pc?  One of size 0 holds its address only. */
static bool sym_holds(const struct kbtf_sym *s, uint64_t pc)
{
	return pc == s->addr || (pc > s->addr && pc - s->addr < s->size);
}

static bool in_cu(const struct kd_cu *cu, uint64_t addr)
{
	size_t r;

	for (r = 0; r < cu->nr_ranges; r++)
		if (addr >= cu->ranges[r][0] && addr < cu->ranges[r][1])
			return true;
	return false;
}

/* Global before weak before local, then the lower index. */
static bool better_bind(const struct kbtf_elf *e, uint32_t a, long b)
{
	static const int rank[] = { [STB_LOCAL] = 0, [STB_GLOBAL] = 2,
				    [STB_WEAK] = 1 };
	int ra, rb;

	if (b < 0)
		return true;
	ra = e->syms[a].bind <= STB_WEAK ? rank[e->syms[a].bind] : 0;
	rb = e->syms[b].bind <= STB_WEAK ? rank[e->syms[b].bind] : 0;
	return ra > rb;
}

enum sym_suffix kbtf_sym_suffix(const char *sfx)
{
	if (!*sfx)
		return SFX_NONE;
	if (strstr(sfx, ".cold") || strstr(sfx, ".part"))
		return SFX_PART;
	if (strstr(sfx, ".isra") || strstr(sfx, ".constprop") ||
	    strstr(sfx, ".specialized"))
		return SFX_CLONE;
	if (!strncmp(sfx, ".llvm.", 6) || !strncmp(sfx, ".lto_priv.", 10) ||
	    !strcmp(sfx, ".localalias"))
		return SFX_RENAME;
	return SFX_CLONE;	/* unknown: its ABI may differ */
}

/*
 * The symbols that stand for a function named @name, for pairing: one
 * pass over the exact name and one over "@name.".  @pc: the function's
 * entry, or 0 without code.
 */
struct func_syms {
	long at;	/* exact name, or a rename, at @pc */
	long holds;	/* exact name, whose extent holds @pc */
	long in_cu;	/* exact name, inside the CU's code (-2: several) */
	long any;	/* exact name, global first */
	long clone;	/* a clone whose extent holds @pc */
};

static void func_syms(const struct kbtf_elf *e, const struct kd_cu *cu,
		      const char *name, uint64_t pc, struct func_syms *fs)
{
	char prefix[KBTF_KSYM_NAME_LEN + 2];
	size_t first, count, i, len = strlen(name);

	*fs = (struct func_syms){ -1, -1, -1, -1, -1 };
	kbtf_elf__find(e, name, &first, &count);
	for (i = first; i < first + count; i++) {
		uint32_t si = e->by_name[i];
		const struct kbtf_sym *s = &e->syms[si];

		if (!is_func_sym(e, s))
			continue;
		if (better_bind(e, si, fs->any))
			fs->any = si;
		if (!pc) {
			if (in_cu(cu, s->addr))
				fs->in_cu = fs->in_cu == -1 ? (long)si : -2;
			continue;
		}
		if (s->addr == pc) {
			if (fs->at < 0 || better_bind(e, si, fs->at))
				fs->at = si;
		} else if (sym_holds(s, pc) &&
			   (fs->holds < 0 || s->addr > e->syms[fs->holds].addr)) {
			fs->holds = si;
		}
	}
	if (!pc || fs->at >= 0 || len + 2 > sizeof(prefix))
		return;
	memcpy(prefix, name, len);
	memcpy(prefix + len, ".", 2);
	kbtf_elf__find_prefix(e, prefix, &first, &count);
	for (i = first; i < first + count; i++) {
		uint32_t si = e->by_name[i];
		const struct kbtf_sym *s = &e->syms[si];

		if (!is_func_sym(e, s) || !sym_holds(s, pc))
			continue;
		switch (kbtf_sym_suffix(s->name + len)) {
		case SFX_RENAME:
			if (s->addr == pc && fs->at < 0)
				fs->at = si;
			else if (fs->holds < 0)
				fs->holds = si;
			break;
		case SFX_CLONE:
			if (fs->clone < 0)
				fs->clone = si;
			break;
		default:
			break;
		}
	}
}

/*
 * May a codeless definition with @flags pair by name alone?  Not a static
 * abstract instance: every unit that inlined a header's static function
 * has one, and a symbol of that name elsewhere is another unit's copy (it
 * pairs by address).  An external one names the one global function of
 * that name (an extern inline whose out-of-line code is assembly, such as
 * x86's native_save_fl).
 */
static bool codeless_by_name(uint32_t flags)
{
	return !(flags & KD_ABSTRACT) || (flags & KD_EXTERNAL);
}

bool cands_want_codeless(void *ctx, const struct kd_cu *cu, const char *name,
			 uint32_t flags)
{
	const struct kbtf_encoder *enc = ctx;
	struct func_syms fs;

	if (!name_valid(name))
		return false;
	func_syms(enc->elf, cu, name, 0, &fs);
	return fs.in_cu >= 0 || (codeless_by_name(flags) && fs.any >= 0);
}

/*
 * A FUNC needs a valid name and a valid name for every parameter (the
 * kernel's "Invalid arg#N" otherwise).  A bad one (corrupt DWARF in a C
 * unit) is reported; a missing one is not (assembly, unused arguments).
 */
static bool func_names_valid(const struct kbtf_encoder *enc,
			     const struct kd_cu *cu, const struct kd_func *f)
{
	uint32_t i;

	if (f->flags & KD_UNNAMED_ARG)
		return false;
	if (!name_valid(f->name)) {
		if (f->name && *f->name)
			name_report(enc, cu, f->off, "no FUNC", f->name);
		return false;
	}
	for (i = 0; i < f->nr; i++) {
		const char *n = cu->children[f->first + i].name;

		if (!name_valid(n)) {
			name_report(enc, cu, f->off, "no FUNC (a parameter's name)", n);
			return false;
		}
	}
	return true;
}

/*
 * Pair the function definition @f of @cu with a symbol (the rule and the
 * reasons are in docs/encoder.md, "Functions"): *@sym and *@match, or
 * false if it has none.
 */
static bool pair_func(const struct kbtf_encoder *enc, const struct kd_cu *cu,
		      const struct kd_func *f, uint32_t *sym, uint8_t *match)
{
	const struct kbtf_elf *e = enc->elf;
	struct func_syms fs;

	func_syms(e, cu, f->name, f->flags & KD_NO_PC ? 0 : f->low_pc, &fs);
	if (f->flags & KD_NO_PC) {
		if (fs.in_cu >= 0) {
			*sym = fs.in_cu;
			*match = FM_IN_CU;
			return true;
		}
		if (fs.any < 0 || !codeless_by_name(f->flags))
			return false;
		*sym = fs.any;
		*match = FM_NAME;
		return true;
	}
	if (fs.at >= 0 || fs.holds >= 0) {
		*sym = fs.at >= 0 ? fs.at : fs.holds;
		*match = FM_ADDR;
		return true;
	}
	if (fs.any >= 0) {
		/* the exact name's code is elsewhere: this is a clone or an
		 * overridden weak definition.  Worth a candidate only where
		 * this CU has no code of that name (asm, or no DWARF). */
		if (in_cu(cu, e->syms[fs.any].addr))
			return false;
		*sym = fs.any;
		*match = FM_NAME;
		return true;
	}
	if (fs.clone >= 0 && enc->opts.optimized_func) {
		*sym = fs.clone;
		*match = FM_CLONE;
		return true;
	}
	return false;
}

/* The type @ref of @cu with typedefs and qualifiers skipped, or NULL. */
static const struct kd_type *strip_type(const struct kd_cu *cu, Dwarf_Off ref)
{
	const struct kd_type *t = NULL;
	int depth;
	long idx;

	for (depth = 0; ref && depth < 32; depth++) {
		idx = kd_cu__find(cu, ref);
		if (idx < 0)
			return NULL;
		t = &cu->types[idx];
		switch (t->tag) {
		case DW_TAG_typedef:
		case DW_TAG_const_type:
		case DW_TAG_volatile_type:
		case DW_TAG_restrict_type:
		case DW_TAG_atomic_type:
			ref = t->ref;
			continue;
		default:
			return t;
		}
	}
	return NULL;
}

/* Does an argument of type @ref take its own integer register? */
static bool one_int_reg(const struct kd_cu *cu, Dwarf_Off ref,
			const struct kbtf_abi *abi)
{
	const struct kd_type *t = strip_type(cu, ref);

	if (!t)
		return false;
	switch (t->tag) {
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type:
		return true;
	case DW_TAG_enumeration_type:
		return t->size <= abi->reg_size;
	case DW_TAG_base_type:
		return t->size <= abi->reg_size &&
		       t->encoding != DW_ATE_float &&
		       t->encoding != DW_ATE_complex_float &&
		       t->encoding != DW_ATE_decimal_float;
	default:
		return false;	/* aggregates, vectors, unknown */
	}
}

/*
 * Are the arguments of @f where the calling convention puts them at its
 * entry?  Only the register arguments can be seen; an argument that is
 * not plainly one integer register (a struct, a float, a u64 on a 32-bit
 * machine) may move the ones after it, so from there on nothing is
 * known.
 */
static uint8_t check_args(const struct kbtf_encoder *enc,
			  const struct kd_cu *cu, const struct kd_func *f)
{
	const struct kbtf_abi *abi = enc->abi;
	uint8_t ret = ARGS_OK;
	uint32_t i, k;

	if ((f->flags & KD_NO_PC) || !abi->nr_regs)
		return ARGS_UNKNOWN;
	for (k = 0; k < f->nr_locs; k++)
		if (cu->locs[f->first_loc + k].flags & KD_LOC_CALLER)
			return ARGS_REMOVED;
	for (i = 0; i < f->nr && i < abi->nr_regs; i++) {
		const struct kd_child *p = &cu->children[f->first + i];
		const struct kd_loc *l = NULL;

		/* past it the registers may shift: what was seen holds */
		if (!one_int_reg(cu, p->ref, abi))
			return ret;
		for (k = 0; k < f->nr_locs; k++)
			if (cu->locs[f->first_loc + k].param == (int)i) {
				l = &cu->locs[f->first_loc + k];
				break;
			}
		if (!l || (l->reg < 0 && l->entry_reg < 0)) {
			ret = ARGS_MISSING;
			continue;
		}
		if (l->reg != abi->regs[i] && l->entry_reg != abi->regs[i])
			return ARGS_UNEXPECTED;
	}
	return ret;
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
		uint8_t match;
		uint32_t p, sym;

		if (!func_names_valid(enc, cu, f) ||
		    !pair_func(enc, cu, f, &sym, &match))
			continue;
		c = &cc->funcs[cc->nr_funcs++];
		*c = (struct func_cand){
			.name = f->name, .sym = sym, .kd = i, .match = match,
			.args = check_args(enc, cu, f),
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

		if (!name_valid(v->name)) {
			if (v->name && *v->name)
				name_report(enc, cu, v->off, "no VAR", v->name);
			continue;
		}
		sym = find_data_sym(e, v->name, v->addr);
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

