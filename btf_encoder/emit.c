// SPDX-License-Identifier: GPL-2.0-only
/*
 * One CU into its group's BTF: every type DIE gets its BTF ids before any
 * type is added (nr_slots()), so forward and cyclic references need no
 * patching; then the types, the FUNC_PROTO of each function candidate at
 * the id slotted for it, the decl tags of types, and the types of the
 * variable candidates.  The CU's candidates come from cands.c.
 *
 * Errors: -Exxx; what cannot be encoded is printed naming the DIE.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <dwarf.h>

#include "encoder_int.h"
#include "kbtf_log.h"
#include "libbpf_ext.h"

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
		/* without a name the kernel takes, references to it go
		 * to its target */
		return name_off(ce, t->name, t->off) > 0 ? 1 : 0;
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
	if ((uint32_t)got != want)
		return kbtf_internal("%s: die 0x%llx: type id %d, expected %u",
				     ce->enc->path,
				     (unsigned long long)t->off, got, want);
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
	int enc = 0, id;
	char q[96];

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
		 ce->enc->path, (unsigned long long)t->off,
		 kbtf_quote(name, q, sizeof(q)), (unsigned long long)sz);
	enc = name_off(ce, name, t->off);	/* "long double": none */
	if (enc < 0)
		return enc;
	id = btf__add_struct(ce->btf, NULL, sz);
	if (id > 0)
		kbtf_btf_set_name(ce->btf, id, enc);
	return id;
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
	uint32_t i, *names;
	bool e64;
	int id, err, name;

	if (!sz)
		sz = 4;
	if (sz != 1 && sz != 2 && sz != 4 && sz != 8)
		sz = sz < 4 ? 4 : 8;
	e64 = sz == 8 && !ce->enc->opts.skip_enum64;
	names = name_scratch(ce->names, t->nr);
	if (!names && t->nr)
		return -ENOMEM;
	if (t->nr)
		name_prefetch(ce, &ce->cu->children[t->first], t->nr);
	name = name_off(ce, t->name, t->off);
	if (name < 0)
		return name;
	if (e64)
		id = btf__add_enum64(ce->btf, NULL, sz, is_signed);
	else
		id = btf__add_enum(ce->btf, NULL, sz);
	if (id < 0)
		return id;
	kbtf_btf_set_name(ce->btf, id, name);
	for (i = 0; i < t->nr; i++) {
		const struct kd_child *c = &ce->cu->children[t->first + i];
		/* the kernel wants a name: a missing or bad one becomes
		 * __unnamed (the cache knows either without reading it) */
		int name_id = name_off(ce, c->name, t->off);
		uint64_t v = c->value;

		if (!name_id)
			name_id = str_off(ce, "__unnamed");
		if (name_id < 0)
			return name_id;
		if (is_signed)
			v = sign_extend(v, sz);
		else if (sz < 8)
			v &= (1ULL << (sz * 8)) - 1;
		if (e64) {
			err = btf__add_enum64_value(ce->btf, NAME_PLACEHOLDER, v);
		} else {
			int64_t sv = (int64_t)v;

			/* ENUM values are 32 bits: signed ones in
			 * INT_MIN..INT_MAX, unsigned ones up to UINT_MAX. */
			if (sv < INT32_MIN || sv > (int64_t)UINT32_MAX)
				sv = (int32_t)(uint32_t)v;
			err = btf__add_enum_value(ce->btf, NAME_PLACEHOLDER, sv);
		}
		if (err)
			return err;
		names[i] = name_id;
	}
	name_values(ce->btf, id, names, t->nr);
	return id;
}

static int emit_struct(struct cu_enc *ce, const struct kd_type *t)
{
	bool is_union = t->tag == DW_TAG_union_type;
	struct name_cache *nc = ce->names;
	struct btf_type *bt;
	uint32_t i, nr = 0;
	int id, err, name;
	char q[96];

	if (t->nr)
		name_prefetch(ce, &ce->cu->children[t->first], t->nr);
	if (!name_scratch(nc, t->nr) && t->nr)
		return -ENOMEM;
	name = name_off(ce, t->name, t->off);
	if (name < 0)
		return name;
	if ((t->flags & KD_DECLARATION) && !t->nr && name) {
		id = btf__add_fwd(ce->btf, NAME_PLACEHOLDER,
				  is_union ? BTF_FWD_UNION : BTF_FWD_STRUCT);
		if (id > 0)
			kbtf_btf_set_name(ce->btf, id, name);
		return id;
	}
	/* an anonymous declaration is an empty aggregate */
	if (is_union)
		id = btf__add_union(ce->btf, NULL, t->size);
	else
		id = btf__add_struct(ce->btf, NULL, t->size);
	if (id < 0)
		return id;
	kbtf_btf_set_name(ce->btf, id, name);
	for (i = 0; i < t->nr; i++) {
		const struct kd_child *m = &ce->cu->children[t->first + i];
		uint32_t type = ref_id(ce, m->ref, 0);
		uint64_t off = is_union ? 0 : m->bit_off;

		if (!type) {
			pr_debug("%s: die 0x%llx: member '%s' has no type, skipped\n",
				 ce->enc->path, (unsigned long long)t->off,
				 kbtf_quote(m->name ? m->name : "", q, sizeof(q)));
			continue;
		}
		name = name_off(ce, m->name, t->off);
		if (name < 0)
			return name;
		err = btf__add_field(ce->btf, NULL, type, off, m->bit_size);
		if (err) {
			pr_debug("%s: die 0x%llx: member '%s' (bit offset %llu, size %u) not representable, skipped\n",
				 ce->enc->path, (unsigned long long)t->off,
				 kbtf_quote(m->name ? m->name : "", q, sizeof(q)),
				 (unsigned long long)off, m->bit_size);
			continue;
		}
		nc->members[nr++] = name;
	}
	/* the names, once the members are in place */
	bt = kbtf_btf_mut_type(ce->btf, id);
	for (i = 0; i < nr; i++)
		btf_members(bt)[i].name_off = nc->members[i];
	return id;
}

static int emit_proto(struct cu_enc *ce, Dwarf_Off die, Dwarf_Off ret,
		      uint32_t first, uint32_t nr, uint32_t flags, bool named)
{
	uint32_t i, *names = NULL;
	int id, err, name;

	/* a subroutine type's parameters stay nameless */
	if (named && !(names = name_scratch(ce->names, nr)) && nr)
		return -ENOMEM;
	id = btf__add_func_proto(ce->btf, ref_id(ce, ret, 0));
	if (id < 0)
		return id;
	for (i = 0; i < nr; i++) {
		const struct kd_child *p = &ce->cu->children[first + i];

		if (named) {
			name = name_off(ce, p->name, die);
			if (name < 0)
				return name;
			names[i] = name;
		}
		err = btf__add_func_param(ce->btf, NULL, ref_id(ce, p->ref, 0));
		if (err)
			return err;
	}
	if (named)
		name_values(ce->btf, id, names, nr);
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
	uint32_t slot = ce->slot[idx], n = ce->nslot[idx], i, k;
	struct btf *btf = ce->btf;
	int id = 0, err, name;

	if (!n)
		return 0;
	if (n == 255)
		n = nr_slots(ce, t);
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
		name = name_off(ce, t->name, t->off);
		if (name < 0)
			return name;
		id = btf__add_typedef(btf, NAME_PLACEHOLDER, ref_id(ce, t->ref, 0));
		if (id > 0)
			kbtf_btf_set_name(btf, id, name);
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
			id = btf__add_array(btf, ce->index_type, elem, 0);
			break;
		}
		/* int a[4][3]: ARRAY(4) of ARRAY(3) of int */
		for (i = 0; i < t->nr; i++) {
			const struct kd_child *s =
				&ce->cu->children[t->first + i];
			uint64_t cnt = (s->flags & KD_NO_COUNT) ? 0 : s->count;

			if (cnt > UINT32_MAX)
				cnt = 0;
			id = btf__add_array(btf, ce->index_type,
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
		id = emit_proto(ce, t->off, t->ref, t->first, t->nr, t->flags,
				false);
		break;
	default:
		return kbtf_internal("%s: die 0x%llx: tag %#x was given BTF ids",
				     ce->enc->path, (unsigned long long)t->off,
				     t->tag);
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

	if (ce->enc->opts.skip_decl_tags || !cu->nr_tags)
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
/* A FUNC_PROTO for each function candidate, at the id slotted for it. */
static int emit_protos(struct cu_enc *ce, const struct cu_cands *cc)
{
	size_t i;
	int id;

	for (i = 0; i < cc->nr_funcs; i++) {
		const struct func_cand *c = &cc->funcs[i];
		const struct kd_func *f = &ce->cu->funcs[c->kd];

		id = emit_proto(ce, f->off, f->ret, f->first, f->nr, f->flags,
				true);
		if (id < 0) {
			pr_warn("%s: die 0x%llx: cannot encode prototype of %s: %s\n",
				ce->enc->path, (unsigned long long)f->off,
				f->name, strerror(-id));
			return id;
		}
		if ((uint32_t)id != c->proto)
			return kbtf_internal("%s: die 0x%llx: prototype of %s got id %d, expected %u",
					     ce->enc->path,
					     (unsigned long long)f->off,
					     f->name, id, c->proto);
	}
	return 0;
}

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

/*
 * A variable candidate's type, in the group.  An array of unknown size
 * (extern T x[] as the only type) gets its length from the symbol.  A
 * type that does not fit the symbol is only marked: the choice does not
 * look at it, the VAR is left out if that candidate is chosen.
 */
static int var_type(struct cu_enc *ce, struct var_cand *c)
{
	const struct kbtf_sym *s = &ce->enc->elf->syms[c->sym];
	struct btf *btf = ce->btf;
	uint32_t arr;
	int id;

	c->type = ref_id(ce, ce->cu->vars[c->kd].type, 0);
	if (!c->type)
		return 0;
	arr = top_array(btf, c->type);
	if (arr) {
		const struct btf_array *a = btf_array(btf__type_by_id(btf, arr));
		long esz = btf__resolve_size(btf, a->type);

		if (a->nelems == 0 && esz > 0 && s->size % esz == 0 &&
		    s->size / esz <= UINT32_MAX) {
			id = btf__add_array(btf, a->index_type, a->type,
					    s->size / esz);
			if (id < 0)
				return id;
			c->type = id;
			c->sized = true;
		}
	}
	c->btf_size = btf__resolve_size(btf, c->type);
	return 0;
}

int encode_cu(struct kbtf_encoder *enc, struct kbtf_dwarf *d,
		     size_t idx, struct kd_cu *cu, struct btf *btf,
		     struct name_cache *names, double *t_read)
{
	struct cu_enc ce = { .enc = enc, .cu = cu, .btf = btf,
			     .names = names };
	struct cu_cands *cc = &enc->cands[idx];
	double t0 = kbtf_now();
	size_t i;
	int err, id;

	*t_read = 0;
	if (enc->nr_lang_excl &&
	    lang_excluded(enc, kbtf_dwarf__cu_lang(d, enc->cus[idx])))
		return 0;	/* --lang_exclude: no types, no candidates */
	err = kbtf_dwarf__load_cu(d, enc->cus[idx], cu);
	*t_read = kbtf_now() - t0;
	if (!err)
		err = find_cands(enc, cu, cc);
	if (err)
		return err;
	ce.slot = calloc(cu->nr_types + 1, sizeof(*ce.slot));
	ce.nslot = malloc(cu->nr_types + 1);
	ce.resolved = calloc(cu->nr_types + 1, sizeof(*ce.resolved));
	if (!ce.slot || !ce.nslot || !ce.resolved) {
		err = -ENOMEM;
		goto out;
	}
	id = btf__add_int(btf, INDEX_TYPE_NAME, 4, 0);
	if (id < 0) {
		err = id;
		goto out;
	}
	ce.index_type = id;
	ce.next_id = id + 1;
	for (i = 0; i < cu->nr_types; i++) {
		uint32_t n = nr_slots(&ce, &cu->types[i]);

		ce.slot[i] = n ? ce.next_id : 0;
		ce.nslot[i] = n < 255 ? n : 255;
		ce.next_id += n;
	}
	for (i = 0; i < cc->nr_funcs; i++)
		cc->funcs[i].proto = ce.next_id++;
	for (i = 0; i < cu->nr_types; i++) {
		err = emit_type(&ce, i);
		if (err)
			goto out;
	}
	err = emit_protos(&ce, cc);
	if (!err)
		err = emit_type_decl_tags(&ce);
	for (i = 0; !err && i < cc->nr_vars; i++)
		err = var_type(&ce, &cc->vars[i]);
out:
	free(ce.slot);
	free(ce.nslot);
	free(ce.resolved);
	return err;
}

