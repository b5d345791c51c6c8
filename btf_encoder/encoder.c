// SPDX-License-Identifier: GPL-2.0-only
/*
 * The encoder: DWARF compile units to one deduplicated BTF.
 *
 * Pipeline:
 *  1. Workers read CUs (dwarf/) and encode each into its own small BTF,
 *     with a type id per DIE fixed before any type is added, so that
 *     forward and cyclic references need no patching.  A worker also
 *     decides which function definitions and variables of its CU have a
 *     matching ELF symbol, and remembers them as candidates.
 *  2. The main thread appends the CU BTFs in CU order (btf__add_btf), so
 *     the result does not depend on the number of threads.
 *  3. Variables: one entry per data symbol that some DWARF variable
 *     describes, chosen by the rule in choose_vars(); then VARs,
 *     DATASECs, FUNCs and decl tags are added and btf__dedup() runs.
 *
 * Owns: the dwarf handles, the ELF index, the CU BTFs until they are
 * merged, and the final BTF.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dwarf.h>
#include <bpf/libbpf.h>

#include "kbtf_dwarf.h"
#include "kbtf_elf.h"
#include "kbtf_encoder.h"
#include "kbtf_log.h"

#define INDEX_TYPE_NAME "__ARRAY_SIZE_TYPE__"
#define MERGE_WINDOW 64		/* CUs encoded ahead of the merge */

struct var_cand {
	uint32_t sym;		/* index into elf->syms */
	uint32_t type;		/* CU-local id, then global id */
	uint32_t cu;
	uint32_t first_tag, nr_tags;	/* into cu_result.tags */
	uint64_t type_size;
};

struct func_cand {
	const char *name;
	uint32_t sym;
	uint32_t proto;		/* CU-local id, then global id */
	uint32_t cu;
	uint32_t first_tag, nr_tags;	/* decl tags (component in tag) */
};

struct tag_rec {
	const char *value;
	int component;		/* -1 or member/param index */
};

struct cu_result {
	struct btf *btf;
	struct var_cand *vars;
	size_t nr_vars;
	struct func_cand *funcs;
	size_t nr_funcs;
	struct tag_rec *tags;
	size_t nr_tags;
	size_t nr_var_nosym, nr_var_zero, nr_var_sized;
	int err;
	bool done;
	bool skipped;
};

struct kbtf_encoder {
	char *path;
	struct kbtf_encoder_opts opts;
	struct kbtf_dwarf *dwarf;
	/* worker handles: candidate names point into their mappings, so
	 * they live as long as the encoder */
	struct kbtf_dwarf **clones;
	int nr_clones;
	struct kbtf_elf *elf;
	unsigned int lang_excl[16];
	int nr_lang_excl;
	const Dwarf_Off *cus;
	size_t nr_cus;
	struct cu_result *results;
	struct btf *btf;
	struct kbtf_encoder_stats stats;

	/* worker coordination */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t next_cu;
	size_t merged;
	bool abort;

	/* merged candidates (global ids) */
	struct var_cand *vars;
	size_t nr_vars, cap_vars;
	struct func_cand *funcs;
	size_t nr_funcs, cap_funcs;
	struct tag_rec *tags;
	size_t nr_tags, cap_tags;
};

/* ---- helpers ---- */

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *n;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < need)
		ncap *= 2;
	n = realloc(*arr, ncap * elem);
	if (!n)
		return -ENOMEM;
	*arr = n;
	*cap = ncap;
	return 0;
}

/* The kernel's identifier rule (btf.c __btf_name_valid). */
static bool name_valid(const char *s)
{
	size_t i;

	if (!s || !*s)
		return false;
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	      *s == '_' || *s == '.' || (unsigned char)*s >= 0xc0))
		return false;
	for (i = 1; s[i]; i++) {
		unsigned char c = s[i];

		if (i >= 512)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c >= 0xc0))
			return false;
	}
	return true;
}

static const char *opt_name(const char *s)
{
	return name_valid(s) ? s : NULL;
}

static const struct {
	const char *name;
	unsigned int codes[8];
} lang_table[] = {
	{ "c", { DW_LANG_C89, DW_LANG_C, DW_LANG_C99, DW_LANG_C11,
		 0x2c /* DW_LANG_C17 */ } },
	{ "c89", { DW_LANG_C89 } },
	{ "c99", { DW_LANG_C99 } },
	{ "c11", { DW_LANG_C11 } },
	{ "c++", { DW_LANG_C_plus_plus, DW_LANG_C_plus_plus_03,
		   DW_LANG_C_plus_plus_11, DW_LANG_C_plus_plus_14,
		   0x2a, 0x2b } },
	{ "ada", { DW_LANG_Ada83, DW_LANG_Ada95 } },
	{ "fortran", { DW_LANG_Fortran77, DW_LANG_Fortran90,
		       DW_LANG_Fortran95, DW_LANG_Fortran03,
		       DW_LANG_Fortran08 } },
	{ "go", { DW_LANG_Go } },
	{ "rust", { DW_LANG_Rust } },
	{ "asm", { DW_LANG_Mips_Assembler } },
};

int kbtf_lang_codes(const char *name, unsigned int *langs, int max)
{
	size_t i;
	int n = 0, j;

	for (i = 0; i < sizeof(lang_table) / sizeof(lang_table[0]); i++) {
		if (strcasecmp(name, lang_table[i].name))
			continue;
		for (j = 0; j < 8 && lang_table[i].codes[j] && n < max; j++)
			langs[n++] = lang_table[i].codes[j];
		return n;
	}
	return 0;
}

static int parse_lang_exclude(struct kbtf_encoder *enc, const char *list)
{
	char *copy, *tok, *save = NULL;
	int n;

	copy = strdup(list);
	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		n = kbtf_lang_codes(tok, enc->lang_excl + enc->nr_lang_excl,
				    16 - enc->nr_lang_excl);
		if (!n) {
			pr_warn("unknown language '%s' in --lang_exclude\n", tok);
			free(copy);
			return -EINVAL;
		}
		enc->nr_lang_excl += n;
	}
	free(copy);
	return 0;
}

/* ---- one CU ---- */

struct cu_enc {
	struct kbtf_encoder *enc;
	struct kd_cu *cu;
	struct cu_result *res;
	struct btf *btf;
	uint32_t *slot;		/* per kd_type: first id, 0 = alias */
	uint32_t *resolved;	/* per kd_type: final id (+1), 0 = unknown */
	uint32_t next_id;
	uint32_t *func_slot;	/* per kd_func: proto id or 0 */
	size_t cap_vars, cap_funcs, cap_tags;
};

static uint32_t nr_slots(struct cu_enc *ce, const struct kd_type *t)
{
	const struct kbtf_encoder_opts *o = &ce->enc->opts;
	uint32_t i, n;

	switch (t->tag) {
	case DW_TAG_base_type:
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type:
	case DW_TAG_enumeration_type:
	case DW_TAG_subroutine_type:
	case DW_TAG_ptr_to_member_type:
		return 1;
	case DW_TAG_typedef:
		return name_valid(t->name) ? 1 : 0;
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type:
		n = 1;
		if (!o->skip_type_tags)
			for (i = 0; i < t->nr_tags; i++)
				if (ce->cu->tags[t->first_tag + i].type_tag)
					n++;
		return n;
	case DW_TAG_array_type:
		return t->nr ? t->nr : 1;
	default:
		/* unspecified_type (void), atomic_type (qualifier dropped),
		 * and anything BTF cannot say */
		return 0;
	}
}

/* Final BTF id of a DIE reference. */
static uint32_t ref_id(struct cu_enc *ce, Dwarf_Off ref, int depth)
{
	const struct kd_type *t;
	long idx;
	uint32_t id;

	if (!ref)
		return 0;
	idx = kd_cu__find(ce->cu, ref);
	if (idx < 0) {
		pr_debug("%s: die 0x%llx: unknown type reference, using void\n",
			 ce->enc->path, (unsigned long long)ref);
		return 0;
	}
	if (ce->resolved[idx])
		return ce->resolved[idx] - 1;
	t = &ce->cu->types[idx];
	if (ce->slot[idx]) {
		id = ce->slot[idx];
	} else if (depth > 32) {
		id = 0;		/* alias loop in corrupt input */
	} else {
		if (t->tag == DW_TAG_atomic_type)
			pr_debug("%s: die 0x%llx: _Atomic qualifier dropped\n",
				 ce->enc->path, (unsigned long long)t->off);
		else if (t->tag != DW_TAG_unspecified_type &&
			 t->tag != DW_TAG_typedef)
			pr_debug("%s: die 0x%llx: tag %#x has no BTF kind, using %s\n",
				 ce->enc->path, (unsigned long long)t->off,
				 t->tag, t->ref ? "its target" : "void");
		id = t->tag == DW_TAG_unspecified_type ? 0 :
		     ref_id(ce, t->ref, depth + 1);
	}
	ce->resolved[idx] = id + 1;
	return id;
}

static int check_id(struct cu_enc *ce, int got, uint32_t want,
		    const struct kd_type *t)
{
	if (got < 0) {
		pr_warn("%s: die 0x%llx: cannot encode type: %s\n",
			ce->enc->path, (unsigned long long)t->off,
			strerror(-got));
		return got;
	}
	if ((uint32_t)got != want) {
		pr_warn("%s: die 0x%llx: internal error: type id %d, expected %u\n",
			ce->enc->path, (unsigned long long)t->off, got, want);
		return -EFAULT;
	}
	return 0;
}

static bool is_float_enc(uint32_t enc)
{
	return enc == DW_ATE_float || enc == DW_ATE_complex_float ||
	       enc == DW_ATE_decimal_float;
}

static int emit_base(struct cu_enc *ce, const struct kd_type *t)
{
	const char *name = t->name && *t->name ? t->name : "__unnamed_base";
	uint64_t sz = t->size;
	int enc = 0;

	if (is_float_enc(t->encoding) && ce->enc->opts.gen_floats &&
	    t->encoding == DW_ATE_float &&
	    (sz == 2 || sz == 4 || sz == 8 || sz == 12 || sz == 16))
		return btf__add_float(ce->btf, name, sz);
	switch (t->encoding) {
	case DW_ATE_boolean:
		enc = BTF_INT_BOOL;
		break;
	case DW_ATE_signed:
	case DW_ATE_signed_char:
		enc = BTF_INT_SIGNED;
		break;
	default:
		break;
	}
	if (sz == 1 || sz == 2 || sz == 4 || sz == 8 || sz == 16)
		return btf__add_int(ce->btf, name, sz, enc);
	/* BTF INTs are 1..16 bytes and a power of two; keep the layout of
	 * anything else (12-byte long double without floats, huge
	 * _BitInt) as an opaque struct of the right size. */
	pr_debug("%s: die 0x%llx: base type '%s' of %llu bytes encoded as an opaque struct\n",
		 ce->enc->path, (unsigned long long)t->off, name,
		 (unsigned long long)sz);
	return btf__add_struct(ce->btf, opt_name(name), sz);
}

static uint64_t sign_extend(uint64_t v, unsigned int bytes)
{
	unsigned int shift;

	if (bytes >= 8 || !bytes)
		return v;
	shift = 64 - bytes * 8;
	return (uint64_t)((int64_t)(v << shift) >> shift);
}

static int emit_enum(struct cu_enc *ce, const struct kd_type *t)
{
	bool is_signed = t->flags & KD_SIGNED;
	uint64_t sz = t->size;
	bool e64;
	uint32_t i;
	int id, err;

	if (!sz)
		sz = 4;
	if (sz != 1 && sz != 2 && sz != 4 && sz != 8)
		sz = sz < 4 ? 4 : 8;
	e64 = sz == 8 && !ce->enc->opts.skip_enum64;
	if (e64)
		id = btf__add_enum64(ce->btf, opt_name(t->name), sz, is_signed);
	else
		id = btf__add_enum(ce->btf, opt_name(t->name), sz);
	if (id < 0)
		return id;
	for (i = 0; i < t->nr; i++) {
		const struct kd_child *c = &ce->cu->children[t->first + i];
		const char *name = c->name && *c->name ? c->name : "__unnamed";
		uint64_t v = c->value;

		if (is_signed)
			v = sign_extend(v, sz);
		else if (sz < 8)
			v &= (1ULL << (sz * 8)) - 1;
		if (e64) {
			err = btf__add_enum64_value(ce->btf, name, v);
		} else {
			int64_t sv = (int64_t)v;

			/* ENUM values are 32 bits: signed ones in
			 * INT_MIN..INT_MAX, unsigned ones up to UINT_MAX. */
			if (sv < INT32_MIN || sv > (int64_t)UINT32_MAX)
				sv = (int32_t)(uint32_t)v;
			err = btf__add_enum_value(ce->btf, name, sv);
		}
		if (err)
			return err;
	}
	return id;
}

static int emit_struct(struct cu_enc *ce, const struct kd_type *t)
{
	bool is_union = t->tag == DW_TAG_union_type;
	uint32_t i;
	int id, err;

	if ((t->flags & KD_DECLARATION) && !t->nr) {
		if (name_valid(t->name))
			return btf__add_fwd(ce->btf, t->name,
					    is_union ? BTF_FWD_UNION :
						       BTF_FWD_STRUCT);
		/* an anonymous declaration: an empty aggregate */
	}
	if (is_union)
		id = btf__add_union(ce->btf, opt_name(t->name), t->size);
	else
		id = btf__add_struct(ce->btf, opt_name(t->name), t->size);
	if (id < 0)
		return id;
	for (i = 0; i < t->nr; i++) {
		const struct kd_child *m = &ce->cu->children[t->first + i];
		uint32_t type = ref_id(ce, m->ref, 0);
		uint64_t off = is_union ? 0 : m->bit_off;

		if (!type) {
			pr_debug("%s: die 0x%llx: member '%s' has no type, skipped\n",
				 ce->enc->path, (unsigned long long)t->off,
				 m->name ? m->name : "");
			continue;
		}
		err = btf__add_field(ce->btf, opt_name(m->name), type, off,
				     m->bit_size);
		if (err) {
			pr_debug("%s: die 0x%llx: member '%s' (bit offset %llu, size %u) not representable, skipped\n",
				 ce->enc->path, (unsigned long long)t->off,
				 m->name ? m->name : "",
				 (unsigned long long)off, m->bit_size);
			continue;
		}
	}
	return id;
}

static int emit_proto(struct cu_enc *ce, Dwarf_Off ret, uint32_t first,
		      uint32_t nr, uint32_t flags, bool named)
{
	uint32_t i;
	int id, err;

	id = btf__add_func_proto(ce->btf, ref_id(ce, ret, 0));
	if (id < 0)
		return id;
	for (i = 0; i < nr; i++) {
		const struct kd_child *p = &ce->cu->children[first + i];

		err = btf__add_func_param(ce->btf,
					  named ? opt_name(p->name) : NULL,
					  ref_id(ce, p->ref, 0));
		if (err)
			return err;
	}
	if (flags & KD_VARARGS) {
		err = btf__add_func_param(ce->btf, NULL, 0);
		if (err)
			return err;
	}
	return id;
}

static int emit_type(struct cu_enc *ce, size_t idx)
{
	const struct kd_type *t = &ce->cu->types[idx];
	uint32_t slot = ce->slot[idx], n = nr_slots(ce, t), i, k;
	struct btf *btf = ce->btf;
	int id = 0, err;

	if (!n)
		return 0;
	switch (t->tag) {
	case DW_TAG_base_type:
		id = emit_base(ce, t);
		break;
	case DW_TAG_ptr_to_member_type:
		id = btf__add_int(btf, "__ptr_to_member",
				  t->size == 16 ? 16 : 8, 0);
		break;
	case DW_TAG_const_type:
		id = btf__add_const(btf, ref_id(ce, t->ref, 0));
		break;
	case DW_TAG_volatile_type:
		id = btf__add_volatile(btf, ref_id(ce, t->ref, 0));
		break;
	case DW_TAG_restrict_type:
		id = btf__add_restrict(btf, ref_id(ce, t->ref, 0));
		break;
	case DW_TAG_typedef:
		id = btf__add_typedef(btf, t->name, ref_id(ce, t->ref, 0));
		break;
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type:
		/* PTR -> TYPE_TAG(last) -> ... -> TYPE_TAG(first) -> target */
		id = btf__add_ptr(btf, n > 1 ? slot + 1 : ref_id(ce, t->ref, 0));
		err = check_id(ce, id, slot, t);
		if (err)
			return err;
		for (i = t->nr_tags, k = 1; i-- > 0 && n > 1;) {
			const struct kd_tag *tg = &ce->cu->tags[t->first_tag + i];

			if (!tg->type_tag)
				continue;
			k++;
			id = btf__add_type_tag(btf, tg->value,
					       k < n ? slot + k :
						       ref_id(ce, t->ref, 0));
			err = check_id(ce, id, slot + k - 1, t);
			if (err)
				return err;
		}
		return 0;
	case DW_TAG_array_type: {
		uint32_t elem = ref_id(ce, t->ref, 0);

		if (!t->nr) {
			id = btf__add_array(btf, 1, elem, 0);
			break;
		}
		/* int a[4][3]: ARRAY(4) of ARRAY(3) of int */
		for (i = 0; i < t->nr; i++) {
			const struct kd_child *s =
				&ce->cu->children[t->first + i];
			uint64_t cnt = (s->flags & KD_NO_COUNT) ? 0 : s->count;

			if (cnt > UINT32_MAX)
				cnt = 0;
			id = btf__add_array(btf, 1,
					    i + 1 < t->nr ? slot + i + 1 : elem,
					    cnt);
			err = check_id(ce, id, slot + i, t);
			if (err)
				return err;
		}
		return 0;
	}
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type:
		id = emit_struct(ce, t);
		break;
	case DW_TAG_enumeration_type:
		id = emit_enum(ce, t);
		break;
	case DW_TAG_subroutine_type:
		id = emit_proto(ce, t->ref, t->first, t->nr, t->flags, false);
		break;
	default:
		return -EFAULT;
	}
	return check_id(ce, id, slot, t);
}

/* Decl tags of struct/union (component = member index) and typedefs,
 * appended after all slotted types. */
static int emit_type_decl_tags(struct cu_enc *ce)
{
	struct kd_cu *cu = ce->cu;
	size_t i;
	uint32_t j, m;
	int err;

	if (ce->enc->opts.skip_decl_tags)
		return 0;
	for (i = 0; i < cu->nr_types; i++) {
		const struct kd_type *t = &cu->types[i];
		bool agg = t->tag == DW_TAG_structure_type ||
			   t->tag == DW_TAG_union_type ||
			   t->tag == DW_TAG_class_type;

		if (!ce->slot[i] || (!agg && t->tag != DW_TAG_typedef))
			continue;
		for (j = 0; j < t->nr_tags; j++) {
			const struct kd_tag *tg = &cu->tags[t->first_tag + j];

			if (tg->type_tag)
				continue;
			err = btf__add_decl_tag(ce->btf, tg->value, ce->slot[i],
						-1);
			if (err < 0)
				return err;
		}
		if (!agg || ((t->flags & KD_DECLARATION) && !t->nr))
			continue;
		for (m = 0; m < t->nr; m++) {
			const struct kd_child *c = &cu->children[t->first + m];

			for (j = 0; j < c->nr_tags; j++) {
				const struct kd_tag *tg =
					&cu->tags[c->first_tag + j];

				if (tg->type_tag)
					continue;
				err = btf__add_decl_tag(ce->btf, tg->value,
							ce->slot[i], m);
				if (err < 0)
					return err;
			}
		}
	}
	return 0;
}

static int add_tag_recs(struct cu_enc *ce, uint32_t first, uint32_t nr,
			int component, uint32_t *out_first, uint32_t *out_nr,
			bool set_first)
{
	struct cu_result *r = ce->res;
	uint32_t i;

	if (set_first) {
		*out_first = r->nr_tags;
		*out_nr = 0;
	}
	if (ce->enc->opts.skip_decl_tags)
		return 0;
	for (i = 0; i < nr; i++) {
		const struct kd_tag *tg = &ce->cu->tags[first + i];

		if (tg->type_tag)
			continue;
		if (grow((void **)&r->tags, &ce->cap_tags, r->nr_tags + 1,
			 sizeof(*r->tags)))
			return -ENOMEM;
		r->tags[r->nr_tags].value = tg->value;
		r->tags[r->nr_tags].component = component;
		r->nr_tags++;
		(*out_nr)++;
	}
	return 0;
}

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

static long func_sym(struct cu_enc *ce, const struct kd_func *f)
{
	if (f->flags & KD_NO_PC)
		return find_func_sym_in_cu(ce->enc->elf, ce->cu, f->name);
	return find_sym(ce->enc->elf, f->name, f->low_pc, true);
}

/* Which function definitions get a FUNC: a name that is a valid
 * identifier, every parameter named, and an ELF function symbol of that
 * name at the function's address. */
static int plan_funcs(struct cu_enc *ce)
{
	struct kd_cu *cu = ce->cu;
	size_t i;

	for (i = 0; i < cu->nr_funcs; i++) {
		const struct kd_func *f = &cu->funcs[i];
		long sym;

		ce->func_slot[i] = 0;
		if (!name_valid(f->name) || (f->flags & KD_UNNAMED_ARG))
			continue;
		sym = func_sym(ce, f);
		if (sym < 0)
			continue;
		ce->func_slot[i] = ce->next_id++;
	}
	return 0;
}

static int emit_funcs(struct cu_enc *ce)
{
	struct kd_cu *cu = ce->cu;
	struct cu_result *r = ce->res;
	size_t i;
	int id, err;

	for (i = 0; i < cu->nr_funcs; i++) {
		const struct kd_func *f = &cu->funcs[i];
		struct func_cand *fc;
		uint32_t p;

		if (!ce->func_slot[i])
			continue;
		id = emit_proto(ce, f->ret, f->first, f->nr, f->flags, true);
		if (id < 0 || (uint32_t)id != ce->func_slot[i]) {
			pr_warn("%s: die 0x%llx: cannot encode prototype of %s: %s\n",
				ce->enc->path, (unsigned long long)f->off,
				f->name, id < 0 ? strerror(-id) : "id mismatch");
			return id < 0 ? id : -EFAULT;
		}
		if (grow((void **)&r->funcs, &ce->cap_funcs, r->nr_funcs + 1,
			 sizeof(*r->funcs)))
			return -ENOMEM;
		fc = &r->funcs[r->nr_funcs++];
		fc->name = f->name;
		fc->sym = func_sym(ce, f);
		fc->proto = id;
		err = add_tag_recs(ce, f->first_tag, f->nr_tags, -1,
				   &fc->first_tag, &fc->nr_tags, true);
		for (p = 0; !err && p < f->nr; p++) {
			const struct kd_child *c = &cu->children[f->first + p];

			err = add_tag_recs(ce, c->first_tag, c->nr_tags, p,
					   &fc->first_tag, &fc->nr_tags, false);
		}
		if (err)
			return err;
	}
	return 0;
}

/* The array at the top of @type (under CONST/VOLATILE), or 0. */
static uint32_t top_array(const struct btf *btf, uint32_t type)
{
	const struct btf_type *t;
	int depth;

	for (depth = 0; depth < 32 && type; depth++) {
		t = btf__type_by_id(btf, type);
		if (!t)
			return 0;
		if (btf_is_array(t))
			return type;
		if (!btf_is_const(t) && !btf_is_volatile(t))
			return 0;
		type = t->type;
	}
	return 0;
}

static int plan_vars(struct cu_enc *ce)
{
	const struct kbtf_elf *e = ce->enc->elf;
	struct kd_cu *cu = ce->cu;
	struct cu_result *r = ce->res;
	size_t i;
	int err;

	for (i = 0; i < cu->nr_vars; i++) {
		const struct kd_var *v = &cu->vars[i];
		const struct kbtf_sym *s;
		struct var_cand *vc;
		uint32_t type, arr;
		long sym, sz;

		if (!name_valid(v->name))
			continue;
		sym = find_sym(e, v->name, v->addr, false);
		if (sym < 0 || !kbtf_sec_is_data(&e->secs[e->syms[sym].shndx])) {
			pr_debug("%s: die 0x%llx: variable %s at %#llx has no data symbol there, skipped\n",
				 ce->enc->path, (unsigned long long)v->off,
				 v->name, (unsigned long long)v->addr);
			r->nr_var_nosym++;
			continue;
		}
		s = &e->syms[sym];
		if (!s->size) {
			pr_debug("%s: die 0x%llx: variable %s has size 0, skipped\n",
				 ce->enc->path, (unsigned long long)v->off,
				 v->name);
			r->nr_var_zero++;
			continue;
		}
		type = ref_id(ce, v->type, 0);
		if (!type)
			continue;
		arr = top_array(ce->btf, type);
		if (arr) {
			const struct btf_array *a =
				btf_array(btf__type_by_id(ce->btf, arr));
			long esz = btf__resolve_size(ce->btf, a->type);

			/* extern T x[] as the only type: the symbol knows
			 * how many elements there are */
			if (a->nelems == 0 && esz > 0 && s->size % esz == 0 &&
			    s->size / esz <= UINT32_MAX) {
				int id = btf__add_array(ce->btf, a->index_type,
							a->type,
							s->size / esz);

				if (id < 0)
					return id;
				type = id;
				r->nr_var_sized++;
			}
		}
		sz = btf__resolve_size(ce->btf, type);
		if (sz < 0 || (uint64_t)sz > s->size) {
			pr_debug("%s: die 0x%llx: variable %s: type size %ld does not fit symbol size %llu, skipped\n",
				 ce->enc->path, (unsigned long long)v->off,
				 v->name, sz, (unsigned long long)s->size);
			continue;
		}
		if (grow((void **)&r->vars, &ce->cap_vars, r->nr_vars + 1,
			 sizeof(*r->vars)))
			return -ENOMEM;
		vc = &r->vars[r->nr_vars++];
		vc->sym = sym;
		vc->type = type;
		vc->type_size = sz;
		err = add_tag_recs(ce, v->first_tag, v->nr_tags, -1,
				   &vc->first_tag, &vc->nr_tags, true);
		if (err)
			return err;
	}
	return 0;
}

static bool lang_excluded(struct kbtf_encoder *enc, uint32_t lang)
{
	int i;

	for (i = 0; i < enc->nr_lang_excl; i++)
		if (enc->lang_excl[i] == lang)
			return true;
	return false;
}

static int encode_cu(struct kbtf_encoder *enc, struct kbtf_dwarf *d,
		     size_t idx, struct kd_cu *cu, struct cu_result *res,
		     double *t_read)
{
	struct cu_enc ce = { .enc = enc, .cu = cu, .res = res };
	size_t i;
	int err, id;
	double t0 = now_sec();

	if (enc->nr_lang_excl &&
	    lang_excluded(enc, kbtf_dwarf__cu_lang(d, enc->cus[idx]))) {
		res->skipped = true;
		return 0;
	}
	*t_read = 0;
	err = kbtf_dwarf__load_cu(d, enc->cus[idx], cu);
	*t_read = now_sec() - t0;
	if (err)
		return err;
	res->btf = btf__new_empty();
	if (!res->btf)
		return -errno;
	ce.btf = res->btf;
	ce.slot = calloc(cu->nr_types + 1, sizeof(*ce.slot));
	ce.resolved = calloc(cu->nr_types + 1, sizeof(*ce.resolved));
	ce.func_slot = calloc(cu->nr_funcs + 1, sizeof(*ce.func_slot));
	if (!ce.slot || !ce.resolved || !ce.func_slot) {
		err = -ENOMEM;
		goto out;
	}
	id = btf__add_int(ce.btf, INDEX_TYPE_NAME, 4, 0);
	if (id != 1) {
		err = id < 0 ? id : -EFAULT;
		goto out;
	}
	ce.next_id = 2;
	for (i = 0; i < cu->nr_types; i++) {
		uint32_t n = nr_slots(&ce, &cu->types[i]);

		ce.slot[i] = n ? ce.next_id : 0;
		ce.next_id += n;
	}
	plan_funcs(&ce);
	for (i = 0; i < cu->nr_types; i++) {
		err = emit_type(&ce, i);
		if (err)
			goto out;
	}
	err = emit_funcs(&ce);
	if (!err)
		err = emit_type_decl_tags(&ce);
	if (!err && !enc->opts.skip_vars)
		err = plan_vars(&ce);
	for (i = 0; i < res->nr_vars; i++)
		res->vars[i].cu = idx;
	for (i = 0; i < res->nr_funcs; i++)
		res->funcs[i].cu = idx;
out:
	free(ce.slot);
	free(ce.resolved);
	free(ce.func_slot);
	return err;
}

/* ---- workers ---- */

struct worker {
	struct kbtf_encoder *enc;
	struct kbtf_dwarf *dwarf;
	pthread_t tid;
	int err;
	double t_encode, t_read;	/* CPU-side seconds in this worker */
};

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	struct kbtf_encoder *enc = w->enc;
	struct kd_cu cu = {};
	double t0, t_read = 0;

	for (;;) {
		struct cu_result *res;
		size_t idx;
		int err;

		pthread_mutex_lock(&enc->lock);
		while (!enc->abort && enc->next_cu < enc->nr_cus &&
		       enc->next_cu >= enc->merged + MERGE_WINDOW)
			pthread_cond_wait(&enc->cond, &enc->lock);
		if (enc->abort || enc->next_cu >= enc->nr_cus) {
			pthread_mutex_unlock(&enc->lock);
			break;
		}
		idx = enc->next_cu++;
		pthread_mutex_unlock(&enc->lock);

		res = &enc->results[idx];
		t0 = now_sec();
		err = encode_cu(enc, w->dwarf, idx, &cu, res, &t_read);
		w->t_encode += now_sec() - t0;
		w->t_read += t_read;

		pthread_mutex_lock(&enc->lock);
		res->err = err;
		res->done = true;
		if (err)
			enc->abort = true;
		pthread_cond_broadcast(&enc->cond);
		pthread_mutex_unlock(&enc->lock);
	}
	kbtf_dwarf__cu_free(&cu);
	return NULL;
}

static void free_result(struct cu_result *r)
{
	btf__free(r->btf);
	free(r->vars);
	free(r->funcs);
	free(r->tags);
	memset(r, 0, sizeof(*r));
}

static int merge_result(struct kbtf_encoder *enc, struct cu_result *r)
{
	size_t i, tag_base = enc->nr_tags;
	int first;

	if (r->skipped || !r->btf)
		return 0;
	first = btf__add_btf(enc->btf, r->btf);
	if (first < 0)
		return first;
	/* CU-local id L (>= 1) is now first + L - 1 */
#define GLOBAL_ID(l) ((l) ? (uint32_t)first + (l) - 1 : 0)
	if (grow((void **)&enc->vars, &enc->cap_vars,
		 enc->nr_vars + r->nr_vars, sizeof(*enc->vars)) ||
	    grow((void **)&enc->funcs, &enc->cap_funcs,
		 enc->nr_funcs + r->nr_funcs, sizeof(*enc->funcs)) ||
	    grow((void **)&enc->tags, &enc->cap_tags,
		 enc->nr_tags + r->nr_tags, sizeof(*enc->tags)))
		return -ENOMEM;
	for (i = 0; i < r->nr_vars; i++) {
		struct var_cand v = r->vars[i];

		v.type = GLOBAL_ID(v.type);
		v.first_tag += tag_base;
		enc->vars[enc->nr_vars++] = v;
	}
	for (i = 0; i < r->nr_funcs; i++) {
		struct func_cand f = r->funcs[i];

		f.proto = GLOBAL_ID(f.proto);
		f.first_tag += tag_base;
		enc->funcs[enc->nr_funcs++] = f;
	}
#undef GLOBAL_ID
	if (r->nr_tags)
		memcpy(enc->tags + enc->nr_tags, r->tags,
		       r->nr_tags * sizeof(*r->tags));
	enc->nr_tags += r->nr_tags;
	enc->stats.nr_cus++;
	enc->stats.nr_var_nosym += r->nr_var_nosym;
	enc->stats.nr_var_zero += r->nr_var_zero;
	enc->stats.nr_var_sized_from_symbol += r->nr_var_sized;
	return 0;
}

static int run_workers(struct kbtf_encoder *enc)
{
	int nr = enc->opts.nr_threads > 0 ? enc->opts.nr_threads : 1;
	struct worker *ws;
	double tm;
	size_t i;
	int err = 0, t, started = 0;

	if (!kbtf_dwarf__can_clone(enc->dwarf) || (size_t)nr > enc->nr_cus)
		nr = kbtf_dwarf__can_clone(enc->dwarf) && enc->nr_cus ?
			     (int)enc->nr_cus : 1;
	ws = calloc(nr, sizeof(*ws));
	enc->clones = calloc(nr, sizeof(*enc->clones));
	if (!ws || !enc->clones) {
		free(ws);
		return -ENOMEM;
	}
	for (t = 0; t < nr; t++) {
		ws[t].enc = enc;
		ws[t].dwarf = t == 0 ? enc->dwarf : kbtf_dwarf__clone(enc->dwarf);
		if (!ws[t].dwarf) {
			err = -errno;
			goto join;
		}
		if (pthread_create(&ws[t].tid, NULL, worker_fn, &ws[t])) {
			err = -EAGAIN;
			if (t)
				kbtf_dwarf__free(ws[t].dwarf);
			ws[t].dwarf = NULL;
			goto join;
		}
		started++;
	}
	for (i = 0; i < enc->nr_cus; i++) {
		struct cu_result *r = &enc->results[i];

		pthread_mutex_lock(&enc->lock);
		while (!r->done && !enc->abort)
			pthread_cond_wait(&enc->cond, &enc->lock);
		pthread_mutex_unlock(&enc->lock);
		if (!r->done || r->err) {
			err = r->err ? r->err : -ECANCELED;
			break;
		}
		tm = now_sec();
		err = merge_result(enc, r);
		free_result(r);
		enc->stats.t_merge += now_sec() - tm;
		pthread_mutex_lock(&enc->lock);
		enc->merged = i + 1;
		if (err)
			enc->abort = true;
		pthread_cond_broadcast(&enc->cond);
		pthread_mutex_unlock(&enc->lock);
		if (err)
			break;
	}
join:
	if (err) {
		pthread_mutex_lock(&enc->lock);
		enc->abort = true;
		pthread_cond_broadcast(&enc->cond);
		pthread_mutex_unlock(&enc->lock);
	}
	for (t = 0; t < started; t++) {
		pthread_join(ws[t].tid, NULL);
		enc->stats.t_workers_read += ws[t].t_read;
		enc->stats.t_workers_encode += ws[t].t_encode - ws[t].t_read;
	}
	for (t = 1; t < nr; t++)
		if (ws[t].dwarf)
			enc->clones[enc->nr_clones++] = ws[t].dwarf;
	free(ws);
	/* the first error in CU order, if a later CU failed first */
	for (i = 0; !err && i < enc->nr_cus; i++)
		if (enc->results[i].err)
			err = enc->results[i].err;
	return err;
}

/* ---- variables ---- */

struct var_entry {
	uint32_t cand;		/* index into enc->vars */
	uint32_t shndx;
	uint64_t offset;
	uint64_t size;
	int rank;
};

static const struct kbtf_encoder *cmp_enc;

static int cmp_cand_sym(const void *a, const void *b)
{
	const struct var_cand *x = &cmp_enc->vars[*(const uint32_t *)a];
	const struct var_cand *y = &cmp_enc->vars[*(const uint32_t *)b];

	if (x->sym != y->sym)
		return x->sym < y->sym ? -1 : 1;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
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

/*
 * The rule, documented in docs/encoder.md:
 *  - Candidates for the same ELF symbol (one object described by several
 *    CUs, or a __weak definition whose DWARF address the linker resolved
 *    to the strong one) give one entry: the candidate whose type size
 *    equals the symbol size wins, then the largest type, then the first
 *    in CU order.
 *  - Entries of distinct symbols that overlap (aliases at one address):
 *    in each section, by offset; at equal offsets the global symbol wins
 *    over a weak one over a local one, then the larger, then the first in
 *    CU order; an entry that starts inside a kept one is dropped.
 */
static int choose_vars(struct kbtf_encoder *enc, struct var_entry **out,
		       size_t *nr_out)
{
	const struct kbtf_elf *e = enc->elf;
	struct var_entry *ents;
	uint32_t *order;
	size_t i, j, n = 0, kept = 0;
	uint64_t end = 0;
	uint32_t shndx = 0;

	*out = NULL;
	*nr_out = 0;
	if (!enc->nr_vars)
		return 0;
	order = malloc(enc->nr_vars * sizeof(*order));
	ents = calloc(enc->nr_vars, sizeof(*ents));
	if (!order || !ents) {
		free(order);
		free(ents);
		return -ENOMEM;
	}
	for (i = 0; i < enc->nr_vars; i++)
		order[i] = i;
	cmp_enc = enc;
	qsort(order, enc->nr_vars, sizeof(*order), cmp_cand_sym);
	for (i = 0; i < enc->nr_vars; i = j) {
		const struct var_cand *best = &enc->vars[order[i]];
		const struct kbtf_sym *s = &e->syms[best->sym];
		uint32_t best_idx = order[i];

		for (j = i + 1; j < enc->nr_vars &&
				enc->vars[order[j]].sym == best->sym; j++) {
			const struct var_cand *c = &enc->vars[order[j]];
			bool c_exact = c->type_size == s->size;
			bool b_exact = best->type_size == s->size;

			enc->stats.nr_var_dups++;
			if ((c_exact && !b_exact) ||
			    (c_exact == b_exact && c->type_size > best->type_size)) {
				best = c;
				best_idx = order[j];
			}
		}
		ents[n].cand = best_idx;
		ents[n].shndx = s->shndx;
		ents[n].offset = s->addr - e->secs[s->shndx].addr;
		ents[n].size = s->size;
		ents[n].rank = sym_rank(s);
		n++;
	}
	free(order);
	qsort(ents, n, sizeof(*ents), cmp_entry);
	for (i = 0; i < n; i++) {
		const struct kbtf_sec *sec = &e->secs[ents[i].shndx];

		if (ents[i].shndx != shndx) {
			shndx = ents[i].shndx;
			end = 0;
		}
		if (ents[i].offset < end ||
		    ents[i].offset + ents[i].size > sec->size) {
			const struct kbtf_sym *s =
				&e->syms[enc->vars[ents[i].cand].sym];

			pr_debug("%s: variable %s at %s+%#llx overlaps another entry, dropped\n",
				 enc->path, s->name, sec->name,
				 (unsigned long long)ents[i].offset);
			enc->stats.nr_var_overlaps++;
			continue;
		}
		end = ents[i].offset + ents[i].size;
		ents[kept++] = ents[i];
	}
	cmp_enc = NULL;
	*out = ents;
	*nr_out = kept;
	return 0;
}

static int add_decl_tags(struct kbtf_encoder *enc, uint32_t first,
			 uint32_t nr, int target)
{
	uint32_t i;
	int err;

	for (i = 0; i < nr; i++) {
		const struct tag_rec *t = &enc->tags[first + i];

		err = btf__add_decl_tag(enc->btf, t->value, target,
					t->component);
		if (err < 0)
			return err;
	}
	return 0;
}

static bool is_percpu_sec(const char *name)
{
	return !strcmp(name, ".data..percpu");
}

static int add_vars(struct kbtf_encoder *enc)
{
	const struct kbtf_elf *e = enc->elf;
	struct var_entry *ents;
	uint32_t *var_ids = NULL;
	size_t n, i, j;
	int err;

	err = choose_vars(enc, &ents, &n);
	if (err)
		return err;
	if (enc->opts.skip_global_vars) {
		for (i = j = 0; i < n; i++)
			if (is_percpu_sec(e->secs[ents[i].shndx].name))
				ents[j++] = ents[i];
		n = j;
	}
	var_ids = calloc(n + 1, sizeof(*var_ids));
	if (!var_ids) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		const struct var_cand *c = &enc->vars[ents[i].cand];
		const struct kbtf_sym *s = &e->syms[c->sym];
		int id;

		id = btf__add_var(enc->btf, s->name,
				  s->bind == STB_LOCAL ? BTF_VAR_STATIC :
							 BTF_VAR_GLOBAL_ALLOCATED,
				  c->type);
		if (id < 0) {
			err = id;
			goto out;
		}
		var_ids[i] = id;
		err = add_decl_tags(enc, c->first_tag, c->nr_tags, id);
		if (err)
			goto out;
		enc->stats.nr_vars++;
		if (is_percpu_sec(e->secs[ents[i].shndx].name))
			enc->stats.nr_percpu_vars++;
	}
	for (i = 0; i < n; i = j) {
		const struct kbtf_sec *sec = &e->secs[ents[i].shndx];
		int id;

		if (!name_valid(sec->name)) {
			pr_warn("%s: section name '%s' is not valid in BTF, its variables are left out\n",
				enc->path, sec->name);
			for (j = i; j < n && ents[j].shndx == ents[i].shndx; j++)
				;
			continue;
		}
		id = btf__add_datasec(enc->btf, sec->name, sec->size);
		if (id < 0) {
			err = id;
			goto out;
		}
		enc->stats.nr_datasecs++;
		for (j = i; j < n && ents[j].shndx == ents[i].shndx; j++) {
			err = btf__add_datasec_var_info(enc->btf, var_ids[j],
							ents[j].offset,
							ents[j].size);
			if (err)
				goto out;
		}
	}
out:
	free(var_ids);
	free(ents);
	return err;
}

static int cmp_func_name(const void *a, const void *b)
{
	const struct func_cand *x = &cmp_enc->funcs[*(const uint32_t *)a];
	const struct func_cand *y = &cmp_enc->funcs[*(const uint32_t *)b];
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

/* One FUNC per name: the candidate with a global symbol, else the first
 * in CU order (the kernel and libbpf look FUNCs up by name). */
static int add_funcs(struct kbtf_encoder *enc)
{
	const struct kbtf_elf *e = enc->elf;
	uint32_t *order;
	size_t i, j;
	int err = 0;

	if (!enc->nr_funcs)
		return 0;
	order = malloc(enc->nr_funcs * sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (i = 0; i < enc->nr_funcs; i++)
		order[i] = i;
	cmp_enc = enc;
	qsort(order, enc->nr_funcs, sizeof(*order), cmp_func_name);
	cmp_enc = NULL;
	for (i = 0; i < enc->nr_funcs; i = j) {
		const struct func_cand *best = &enc->funcs[order[i]];
		int id;

		for (j = i + 1; j < enc->nr_funcs &&
				!strcmp(enc->funcs[order[j]].name, best->name);
		     j++) {
			const struct func_cand *c = &enc->funcs[order[j]];

			if (e->syms[c->sym].bind == STB_GLOBAL &&
			    e->syms[best->sym].bind != STB_GLOBAL)
				best = c;
		}
		id = btf__add_func(enc->btf, best->name, BTF_FUNC_STATIC,
				   best->proto);
		if (id < 0) {
			err = id;
			break;
		}
		enc->stats.nr_funcs++;
		err = add_decl_tags(enc, best->first_tag, best->nr_tags, id);
		if (err)
			break;
	}
	free(order);
	return err;
}

/* ---- public ---- */

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	char buf[512];

	vsnprintf(buf, sizeof(buf), fmt, args);
	kbtf_pr(level == LIBBPF_WARN ? KBTF_WARN :
		level == LIBBPF_INFO ? KBTF_DEBUG : KBTF_DEBUG,
		"libbpf: %s", buf);
	return 0;
}

struct kbtf_encoder *kbtf_encoder__new(const char *path,
				       const struct kbtf_encoder_opts *opts)
{
	struct kbtf_encoder *enc;
	int err = -ENOMEM;

	enc = calloc(1, sizeof(*enc));
	if (!enc) {
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_init(&enc->lock, NULL);
	pthread_cond_init(&enc->cond, NULL);
	if (opts)
		memcpy(&enc->opts, opts,
		       opts->sz < sizeof(enc->opts) ? opts->sz :
						      sizeof(enc->opts));
	enc->opts.sz = sizeof(enc->opts);
	libbpf_set_print(libbpf_print);
	enc->path = strdup(path);
	if (!enc->path)
		goto err_out;
	if (enc->opts.lang_exclude) {
		err = parse_lang_exclude(enc, enc->opts.lang_exclude);
		if (err)
			goto err_out;
	}
	enc->dwarf = kbtf_dwarf__open(path);
	if (!enc->dwarf) {
		err = -errno;
		goto err_out;
	}
	enc->elf = kbtf_elf__new(kbtf_dwarf__elf(enc->dwarf), path);
	if (!enc->elf) {
		err = -errno;
		pr_warn("%s: cannot read the section or symbol table\n", path);
		goto err_out;
	}
	if (!enc->elf->has_symtab) {
		pr_warn("%s: no symbol table (.symtab); it is needed to place FUNCs and VARs\n",
			path);
		err = -ENODATA;
		goto err_out;
	}
	return enc;

err_out:
	kbtf_encoder__free(enc);
	errno = -err;
	return NULL;
}

int kbtf_encoder__encode(struct kbtf_encoder *enc)
{
	double t0, t1, t2;
	int err;

	err = kbtf_dwarf__cus(enc->dwarf, &enc->cus, &enc->nr_cus);
	if (err)
		goto out;
	enc->results = calloc(enc->nr_cus, sizeof(*enc->results));
	if (!enc->results) {
		err = -ENOMEM;
		goto out;
	}
	enc->btf = enc->opts.base_btf ? btf__new_empty_split(enc->opts.base_btf) :
					btf__new_empty();
	if (!enc->btf) {
		err = -errno;
		goto out;
	}
	t0 = now_sec();
	err = run_workers(enc);
	if (err)
		goto out;
	t1 = now_sec();
	enc->stats.t_encode = t1 - t0;
	if (!enc->opts.skip_vars) {
		err = add_vars(enc);
		if (err) {
			pr_warn("%s: cannot add variables: %s\n", enc->path,
				strerror(-err));
			goto out;
		}
	}
	err = add_funcs(enc);
	if (err) {
		pr_warn("%s: cannot add functions: %s\n", enc->path,
			strerror(-err));
		goto out;
	}
	t2 = now_sec();
	enc->stats.t_vars_funcs = t2 - t1;
	enc->stats.nr_types_before_dedup = btf__type_cnt(enc->btf) - 1;
	err = btf__dedup(enc->btf, NULL);
	if (err) {
		pr_warn("%s: btf__dedup failed: %s\n", enc->path,
			strerror(-err));
		goto out;
	}
	enc->stats.t_dedup = now_sec() - t2;
	enc->stats.nr_types = btf__type_cnt(enc->btf) - 1 -
			      (enc->opts.base_btf ?
				       btf__type_cnt(enc->opts.base_btf) - 1 : 0);
out:
	if (err) {
		btf__free(enc->btf);
		enc->btf = NULL;
		errno = -err;
	}
	return err;
}

struct btf *kbtf_encoder__btf(const struct kbtf_encoder *enc)
{
	return enc->btf;
}

const struct kbtf_encoder_stats *
kbtf_encoder__stats(const struct kbtf_encoder *enc)
{
	return &enc->stats;
}

void kbtf_encoder__free(struct kbtf_encoder *enc)
{
	size_t i;

	if (!enc)
		return;
	if (enc->results)
		for (i = 0; i < enc->nr_cus; i++)
			free_result(&enc->results[i]);
	free(enc->results);
	btf__free(enc->btf);
	kbtf_elf__free(enc->elf);
	kbtf_dwarf__free(enc->dwarf);
	for (i = 0; i < (size_t)enc->nr_clones; i++)
		kbtf_dwarf__free(enc->clones[i]);
	free(enc->clones);
	free(enc->vars);
	free(enc->funcs);
	free(enc->tags);
	free(enc->path);
	pthread_mutex_destroy(&enc->lock);
	pthread_cond_destroy(&enc->cond);
	free(enc);
}
