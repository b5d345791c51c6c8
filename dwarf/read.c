// SPDX-License-Identifier: GPL-2.0-only
/*
 * DWARF reader: one compile unit at a time into struct kd_cu.
 *
 * The walk visits every DIE of the CU (types may be defined anywhere,
 * including inside functions), records type DIEs, function definitions
 * and top-level variables.  Every type reference is looked up in the CU's
 * map; references to DIEs in other units (partial units, type units,
 * DW_FORM_ref_addr into another CU) are queued and decoded into this CU's
 * form after the walk, so a kd_cu is self-contained.  It steps from DIE to
 * DIE through step.c only.
 *
 * Assumptions: C-like DWARF 2-5 as gcc and clang emit it.  Unknown tags
 * are recorded with their tag so that the consumer can decide.  Nothing
 * here aborts on odd input; corrupt DWARF is an error for the CU.
 */
#include <stdio.h>
#include <string.h>
#include <dwarf.h>

#include "dwarf_int.h"
#include "kbtf_log.h"

#ifndef DW_TAG_LLVM_annotation
#define DW_TAG_LLVM_annotation 0x6000
#endif
#define KD_TAG_GNU_annotation 0x6001
#define KD_MAX_DEPTH 512

struct walk {
	struct kbtf_dwarf *d;
	struct kd_cu *cu;
	struct kd_step st;	/* stepping through the CU (step.c) */
	Dwarf_Die *queue;	/* foreign DIEs to decode after the walk */
	size_t nr_queue, cap_queue;
	Dwarf_Off *imported;	/* partial units already visited */
	size_t nr_imported;
	int err;
	Dwarf_Die *nested;	/* types in an aggregate's scope, a stack */
	size_t nr_nested, cap_nested;
	int type_depth;
	/* the DIE offsets of the parameters read_params() last read, when
	 * want_poff (for read_param_locs()) */
	Dwarf_Off *poff;
	size_t nr_poff, cap_poff;
	bool want_poff;
};

static bool is_type_tag(int tag)
{
	switch (tag) {
	case DW_TAG_base_type:
	case DW_TAG_unspecified_type:
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type:
	case DW_TAG_ptr_to_member_type:
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type:
	case DW_TAG_typedef:
	case DW_TAG_array_type:
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type:
	case DW_TAG_enumeration_type:
	case DW_TAG_subroutine_type:
		return true;
	default:
		return false;
	}
}

/* DIE offset as a key: .debug_types offsets get KD_TYPES_BIT. */
static Dwarf_Off die_key(Dwarf_Die *die)
{
	Dwarf_Off off = dwarf_dieoffset(die);
	Dwarf_Half version;
	uint8_t unit_type;

	if (dwarf_cu_info(die->cu, &version, &unit_type, NULL, NULL, NULL,
			  NULL, NULL) == 0 &&
	    unit_type == DW_UT_type && version < 5)
		off |= KD_TYPES_BIT;
	return off;
}

static void corrupt(struct walk *w, Dwarf_Die *die, const char *what)
{
	char q[96];

	/* the CU's name is the file's, which may hold anything */
	if (!w->err)
		pr_warn("%s: corrupt DWARF at die 0x%llx (CU %s): %s: %s\n",
			w->d->path,
			die ? (unsigned long long)dwarf_dieoffset(die) : 0ULL,
			kbtf_quote(w->cu->name ? w->cu->name : "?", q, sizeof(q)),
			what, dwarf_errmsg(-1));
	w->err = -EINVAL;
}

static bool attr_udata(Dwarf_Die *die, unsigned int name, uint64_t *val)
{
	Dwarf_Attribute a;
	Dwarf_Word w;

	if (!dwarf_attr_integrate(die, name, &a) || dwarf_formudata(&a, &w))
		return false;
	*val = w;
	return true;
}

/*
 * One pass over a DIE's attributes (dwarf_getattrs) collecting the ones
 * the reader uses, instead of one abbreviation scan per dwarf_attr()
 * call.  Attributes a DIE inherits through DW_AT_specification or
 * DW_AT_abstract_origin are looked up with the integrate calls, only when
 * the DIE has such a link.
 */
enum {
	A_NAME, A_TYPE, A_BYTE_SIZE, A_DECL, A_EXTERNAL, A_ENCODING,
	A_VECTOR, A_BIT_SIZE, A_DATA_BIT_OFFSET, A_MEMBER_LOCATION,
	A_BIT_OFFSET, A_CONST_VALUE, A_COUNT, A_UPPER, A_LOWER, A_LINK,
	A_SIBLING, A_LOCATION, A_INLINE, NR_A,
};

struct attrs {
	uint32_t present;
	Dwarf_Attribute a[NR_A];
	Dwarf_Die *die;
	Dwarf_Attribute last;	/* the last one stored in the DIE */
};

/* A_* slot + 1 of each attribute code below 0x90, 0 for the unused */
static const uint8_t attr_slot[0x90] = {
	[DW_AT_sibling] = A_SIBLING + 1,
	[DW_AT_location] = A_LOCATION + 1,
	[DW_AT_inline] = A_INLINE + 1,
	[DW_AT_name] = A_NAME + 1,
	[DW_AT_type] = A_TYPE + 1,
	[DW_AT_byte_size] = A_BYTE_SIZE + 1,
	[DW_AT_declaration] = A_DECL + 1,
	[DW_AT_external] = A_EXTERNAL + 1,
	[DW_AT_encoding] = A_ENCODING + 1,
	[DW_AT_bit_size] = A_BIT_SIZE + 1,
	[DW_AT_data_bit_offset] = A_DATA_BIT_OFFSET + 1,
	[DW_AT_data_member_location] = A_MEMBER_LOCATION + 1,
	[DW_AT_bit_offset] = A_BIT_OFFSET + 1,
	[DW_AT_const_value] = A_CONST_VALUE + 1,
	[DW_AT_count] = A_COUNT + 1,
	[DW_AT_upper_bound] = A_UPPER + 1,
	[DW_AT_lower_bound] = A_LOWER + 1,
	[DW_AT_specification] = A_LINK + 1,
	[DW_AT_abstract_origin] = A_LINK + 1,
};

static int collect_attr(Dwarf_Attribute *a, void *arg)
{
	struct attrs *s = arg;
	unsigned int code = a->code;
	int i;

	/* an implicit constant is in the abbreviation, not the DIE */
	if (a->form != DW_FORM_implicit_const) {
		s->last.form = a->form;
		s->last.valp = a->valp;
	}
	if (code < sizeof(attr_slot))
		i = attr_slot[code] - 1;
	else
		i = code == DW_AT_GNU_vector ? A_VECTOR : -1;
	if (i < 0)
		return DWARF_CB_OK;
	s->a[i] = *a;
	s->present |= 1u << i;
	return DWARF_CB_OK;
}

static bool get_attrs(struct walk *w, Dwarf_Die *die, struct attrs *s)
{
	ptrdiff_t r;

	s->present = 0;
	s->die = die;
	s->last.valp = NULL;
	s->last.cu = die->cu;
	r = dwarf_getattrs(die, collect_attr, s, 0);
	kd_step_attrs(&w->st, die, r, &s->last,
		      (s->present & (1u << A_SIBLING)) ? &s->a[A_SIBLING] :
							 NULL);
	return r != -1;
}

/* @code's attribute, own or (through a link) inherited. */
static Dwarf_Attribute *attr_of(struct attrs *s, int i, unsigned int code,
				Dwarf_Attribute *buf)
{
	if (s->present & (1u << i))
		return &s->a[i];
	if (!(s->present & (1u << A_LINK)))
		return NULL;
	return dwarf_attr_integrate(s->die, code, buf);
}

static const char *a_string(struct attrs *s, int i, unsigned int code)
{
	Dwarf_Attribute buf, *a = attr_of(s, i, code, &buf);

	return a ? dwarf_formstring(a) : NULL;
}

static bool a_udata(struct attrs *s, int i, unsigned int code, uint64_t *v)
{
	Dwarf_Attribute buf, *a = attr_of(s, i, code, &buf);
	Dwarf_Word w;

	if (!a || dwarf_formudata(a, &w))
		return false;
	*v = w;
	return true;
}

static bool a_flag(struct attrs *s, int i, unsigned int code)
{
	Dwarf_Attribute buf, *a = attr_of(s, i, code, &buf);
	bool f = false;

	return a && !dwarf_formflag(a, &f) && f;
}

/* Push a DIE on the queue of DIEs decoded after the walk. */
static void enqueue(struct walk *w, Dwarf_Die *die)
{
	if (GROW(w->queue, w->nr_queue, w->cap_queue)) {
		w->err = -ENOMEM;
		return;
	}
	w->queue[w->nr_queue++] = *die;
}

static bool is_annotation(int tag)
{
	return tag == DW_TAG_LLVM_annotation || tag == KD_TAG_GNU_annotation;
}

static Dwarf_Off ref_attr(struct walk *w, Dwarf_Die *die, Dwarf_Attribute *a);

static Dwarf_Off a_ref(struct walk *w, struct attrs *s)
{
	Dwarf_Attribute buf, *a = attr_of(s, A_TYPE, DW_AT_type, &buf);

	return a ? ref_attr(w, s->die, a) : 0;
}

/* Resolve a reference attribute; 0 means none (void).  Foreign DIEs are
 * queued for decoding. */
static Dwarf_Off ref_attr(struct walk *w, Dwarf_Die *die, Dwarf_Attribute *a)
{
	Dwarf_Die t;
	Dwarf_Off key;
	long idx;

	if (!dwarf_formref_die(a, &t)) {
		corrupt(w, die, "bad type reference");
		return 0;
	}
	/* in-CU references need no unit lookup */
	key = t.cu == w->st.dcu ? dwarf_dieoffset(&t) : die_key(&t);
	/* Queue whatever is not known yet: foreign DIEs, and in-CU DIEs the
	 * walk may not reach; the queue skips those added meanwhile.  A
	 * known one is referred to by index: no second lookup later. */
	idx = kd_cu__find(w->cu, key);
	if (idx >= 0)
		return KD_REF_INDEX | idx;
	enqueue(w, &t);
	return key;
}

/* Annotations (btf_decl_tag / btf_type_tag) among the children of @die. */
static void read_tags(struct walk *w, Dwarf_Die *die, uint32_t *first,
		      uint32_t *nr)
{
	struct kd_cu *cu = w->cu;
	Dwarf_Die c;
	int r;

	*first = cu->nr_tags;
	*nr = 0;
	if (!dwarf_haschildren(die))
		return;
	r = kd_first_child(&w->st, die, &c);
	for (; r == 0; r = kd_next_sibling(&w->st, &c)) {
		int tag = dwarf_tag(&c);
		const char *kind, *value;
		Dwarf_Attribute a;

		if (!is_annotation(tag))
			continue;
		kind = dwarf_diename(&c);
		if (!dwarf_attr(&c, DW_AT_const_value, &a))
			continue;
		value = dwarf_formstring(&a);
		if (!kind || !value || !*value)
			continue;
		if (strcmp(kind, "btf_decl_tag") && strcmp(kind, "btf_type_tag"))
			continue;
		if (GROW(cu->tags, cu->nr_tags, cu->cap_tags)) {
			w->err = -ENOMEM;
			return;
		}
		cu->tags[cu->nr_tags].value = value;
		cu->tags[cu->nr_tags].type_tag = !strcmp(kind, "btf_type_tag");
		cu->nr_tags++;
		(*nr)++;
	}
	kd_children_done(&w->st, die, r);
	if (r < 0)
		corrupt(w, die, "bad annotation list");
}

static struct kd_child *new_child(struct walk *w)
{
	struct kd_cu *cu = w->cu;
	struct kd_child *c;

	if (GROW(cu->children, cu->nr_children, cu->cap_children)) {
		w->err = -ENOMEM;
		return NULL;
	}
	c = &cu->children[cu->nr_children++];
	memset(c, 0, sizeof(*c));
	return c;
}

/* Location of a member as a bit offset from the start of its aggregate. */
static uint64_t member_bit_offset(struct walk *w, struct attrs *m,
				  uint32_t bit_size)
{
	uint64_t byte_loc = 0, bit_off, storage;
	Dwarf_Attribute *a;

	if (a_udata(m, A_DATA_BIT_OFFSET, DW_AT_data_bit_offset, &bit_off))
		return bit_off;
	if (m->present & (1u << A_MEMBER_LOCATION)) {
		unsigned int form;
		Dwarf_Word v;
		Dwarf_Op *ops;
		size_t n;

		a = &m->a[A_MEMBER_LOCATION];
		form = dwarf_whatform(a);
		if (form == DW_FORM_exprloc || form == DW_FORM_block1 ||
		    form == DW_FORM_block) {
			if (dwarf_getlocation(a, &ops, &n) == 0 && n == 1 &&
			    (ops[0].atom == DW_OP_plus_uconst ||
			     ops[0].atom == DW_OP_constu))
				byte_loc = ops[0].number;
			else
				pr_debug("%s: die 0x%llx: member location is not a constant\n",
					 w->d->path,
					 (unsigned long long)dwarf_dieoffset(m->die));
		} else if (dwarf_formudata(a, &v) == 0) {
			byte_loc = v;
		}
	}
	/* DWARF 2/3 bitfields: DW_AT_bit_offset counts from the most
	 * significant bit of a storage unit of DW_AT_byte_size bytes. */
	if (bit_size && a_udata(m, A_BIT_OFFSET, DW_AT_bit_offset, &bit_off)) {
		Dwarf_Die t;
		Dwarf_Attribute ta;

		if (!a_udata(m, A_BYTE_SIZE, DW_AT_byte_size, &storage)) {
			storage = 0;
			if (dwarf_attr_integrate(m->die, DW_AT_type, &ta) &&
			    dwarf_formref_die(&ta, &t)) {
				int sz;

				while ((sz = dwarf_bytesize(&t)) < 0 &&
				       dwarf_attr_integrate(&t, DW_AT_type, &ta) &&
				       dwarf_formref_die(&ta, &t))
					;
				storage = sz > 0 ? sz : 0;
			}
		}
		if (w->d->big_endian)
			return byte_loc * 8 + bit_off;
		return byte_loc * 8 + storage * 8 - bit_off - bit_size;
	}
	return byte_loc * 8;
}

/*
 * Members of a struct, class or union, in one pass over its children:
 * types nested in its scope (C++; gcc's C for an anonymous aggregate
 * member) are pushed on w->nested for add_type(), and the aggregate's own
 * annotations are read only if it has any.
 */
static void read_members(struct walk *w, Dwarf_Die *die, struct kd_type *t)
{
	bool annotated = false;
	struct attrs as;
	Dwarf_Die c;
	int r;

	t->first = w->cu->nr_children;
	r = kd_first_child(&w->st, die, &c);
	for (; r == 0 && !w->err; r = kd_next_sibling(&w->st, &c)) {
		int tag = dwarf_tag(&c);
		struct kd_child *m;
		uint64_t bs = 0;

		if (tag != DW_TAG_member && tag != DW_TAG_inheritance) {
			if (is_annotation(tag))
				annotated = true;
			else if (is_type_tag(tag) &&
				 GROW(w->nested, w->nr_nested, w->cap_nested))
				w->err = -ENOMEM;
			else if (is_type_tag(tag))
				w->nested[w->nr_nested++] = c;
			continue;
		}
		if (!get_attrs(w, &c, &as)) {
			corrupt(w, &c, "bad member attributes");
			return;
		}
		/* static data members (DWARF 4 style) are not storage */
		if (tag == DW_TAG_member &&
		    (a_flag(&as, A_EXTERNAL, DW_AT_external) ||
		     a_flag(&as, A_DECL, DW_AT_declaration)))
			continue;
		m = new_child(w);
		if (!m)
			return;
		m->name = tag == DW_TAG_member ?
			  a_string(&as, A_NAME, DW_AT_name) : NULL;
		m->ref = a_ref(w, &as);
		if (a_udata(&as, A_BIT_SIZE, DW_AT_bit_size, &bs))
			m->bit_size = bs;
		m->bit_off = member_bit_offset(w, &as, m->bit_size);
		read_tags(w, &c, &m->first_tag, &m->nr_tags);
		t->nr++;
	}
	kd_children_done(&w->st, die, r);
	if (r < 0)
		corrupt(w, die, "bad member list");
	if (annotated)
		read_tags(w, die, &t->first_tag, &t->nr_tags);
}

static bool type_is_signed(struct walk *w, Dwarf_Die *die)
{
	Dwarf_Attribute a;
	Dwarf_Die t = *die;
	int depth;

	for (depth = 0; depth < 16; depth++) {
		uint64_t enc;

		if (!dwarf_attr_integrate(&t, DW_AT_type, &a) ||
		    !dwarf_formref_die(&a, &t))
			return false;
		if (dwarf_tag(&t) == DW_TAG_base_type) {
			if (!attr_udata(&t, DW_AT_encoding, &enc))
				return false;
			return enc == DW_ATE_signed || enc == DW_ATE_signed_char;
		}
	}
	(void)w;
	return false;
}

static void read_enumerators(struct walk *w, Dwarf_Die *die, struct kd_type *t)
{
	bool any_negative = false;
	struct attrs as;
	Dwarf_Die c;
	int r;

	r = kd_first_child(&w->st, die, &c);
	for (; r == 0; r = kd_next_sibling(&w->st, &c)) {
		struct kd_child *e;
		Dwarf_Attribute *a;
		unsigned int form;

		if (dwarf_tag(&c) != DW_TAG_enumerator)
			continue;
		if (!get_attrs(w, &c, &as)) {
			corrupt(w, &c, "bad enumerator attributes");
			return;
		}
		e = new_child(w);
		if (!e)
			return;
		e->name = a_string(&as, A_NAME, DW_AT_name);
		if (as.present & (1u << A_CONST_VALUE)) {
			a = &as.a[A_CONST_VALUE];
			form = dwarf_whatform(a);
			if (form == DW_FORM_sdata ||
			    form == DW_FORM_implicit_const) {
				Dwarf_Sword v = 0;

				dwarf_formsdata(a, &v);
				e->value = v;
				if (v < 0)
					any_negative = true;
			} else {
				Dwarf_Word v = 0;

				dwarf_formudata(a, &v);
				e->value = v;
			}
		}
		t->nr++;
	}
	kd_children_done(&w->st, die, r);
	if (r < 0)
		corrupt(w, die, "bad enumerator list");
	if (type_is_signed(w, die) || (!t->ref && any_negative))
		t->flags |= KD_SIGNED;
}

/*
 * A constant bound.  libdw sign-extends DW_FORM_data1/2 in
 * dwarf_formsdata(), so unsigned forms are read unsigned; *minus_one
 * tells whether the value is -1 in its form (gcc's bound for T x[0]).
 * False for non-constant forms (a VLA's expression or reference).
 */
static bool const_value(Dwarf_Attribute *a, uint64_t *val, bool *minus_one)
{
	unsigned int form = dwarf_whatform(a);
	Dwarf_Sword sv;
	Dwarf_Word uv;

	*minus_one = false;
	switch (form) {
	case DW_FORM_sdata:
	case DW_FORM_implicit_const:
		if (dwarf_formsdata(a, &sv))
			return false;
		*minus_one = sv == -1;
		*val = sv < 0 ? 0 : sv;
		return true;
	case DW_FORM_data1:
	case DW_FORM_data2:
	case DW_FORM_data4:
	case DW_FORM_data8:
	case DW_FORM_udata:
		if (dwarf_formudata(a, &uv))
			return false;
		/* data1/data2 all-ones are real bounds (255, 65535); old
		 * gccs wrote -1 as data4 or data8 */
		*minus_one = (form == DW_FORM_data4 && uv == 0xffffffff) ||
			     uv == UINT64_MAX;
		*val = uv;
		return true;
	default:
		return false;
	}
}

static void read_subranges(struct walk *w, Dwarf_Die *die, struct kd_type *t)
{
	struct attrs as;
	Dwarf_Die c;
	int r;

	r = kd_first_child(&w->st, die, &c);
	for (; r == 0; r = kd_next_sibling(&w->st, &c)) {
		struct kd_child *s;
		Dwarf_Word count;

		if (dwarf_tag(&c) != DW_TAG_subrange_type)
			continue;
		if (!get_attrs(w, &c, &as)) {
			corrupt(w, &c, "bad subrange attributes");
			return;
		}
		s = new_child(w);
		if (!s)
			return;
		if ((as.present & (1u << A_COUNT)) &&
		    dwarf_formudata(&as.a[A_COUNT], &count) == 0) {
			s->count = count;
		} else if (as.present & (1u << A_UPPER)) {
			uint64_t lb = 0, ub;
			bool minus_one;

			if (!const_value(&as.a[A_UPPER], &ub, &minus_one)) {
				s->flags |= KD_NO_COUNT;	/* VLA */
			} else {
				bool lb_neg;

				if (as.present & (1u << A_LOWER))
					const_value(&as.a[A_LOWER], &lb, &lb_neg);
				/* gcc writes upper bound -1 for T x[0] */
				if (minus_one || ub < lb)
					s->count = 0;
				else
					s->count = ub - lb + 1;
			}
		} else {
			s->flags |= KD_NO_COUNT;	/* T x[] */
		}
		t->nr++;
	}
	kd_children_done(&w->st, die, r);
	if (r < 0)
		corrupt(w, die, "bad subrange list");
}

/* Parameters of a subroutine type or function definition into @first/@nr;
 * sets KD_VARARGS / KD_UNNAMED_ARG in @flags. */
static void read_params(struct walk *w, Dwarf_Die *die, uint32_t *first,
			uint32_t *nr, uint32_t *flags)
{
	struct attrs as;
	Dwarf_Die c;
	int r;

	*first = w->cu->nr_children;
	*nr = 0;
	w->nr_poff = 0;
	if (!dwarf_haschildren(die))
		return;
	r = kd_first_child(&w->st, die, &c);
	for (; r == 0; r = kd_next_sibling(&w->st, &c)) {
		int tag = dwarf_tag(&c);
		struct kd_child *p;

		if (tag == DW_TAG_unspecified_parameters) {
			*flags |= KD_VARARGS;
			continue;
		}
		if (tag != DW_TAG_formal_parameter)
			continue;
		if (!get_attrs(w, &c, &as)) {
			corrupt(w, &c, "bad parameter attributes");
			return;
		}
		p = new_child(w);
		if (!p)
			return;
		if (w->want_poff) {
			if (GROW(w->poff, w->nr_poff, w->cap_poff)) {
				w->err = -ENOMEM;
				return;
			}
			w->poff[w->nr_poff++] = dwarf_dieoffset(&c);
		}
		p->name = a_string(&as, A_NAME, DW_AT_name);
		p->ref = a_ref(w, &as);
		if (!p->name || !*p->name)
			*flags |= KD_UNNAMED_ARG;
		read_tags(w, &c, &p->first_tag, &p->nr_tags);
		(*nr)++;
	}
	kd_children_done(&w->st, die, r);
	if (r < 0)
		corrupt(w, die, "bad parameter list");
}

static void add_type(struct walk *w, Dwarf_Die *die)
{
	struct kd_cu *cu = w->cu;
	Dwarf_Off key = die->cu == w->st.dcu ? dwarf_dieoffset(die) :
					    die_key(die);
	struct kd_type *t;
	struct attrs as;
	uint64_t v;
	int tag;

	if (kd_cu__find(cu, key) >= 0)
		return;
	if (GROW(cu->types, cu->nr_types, cu->cap_types) ||
	    kd_map_insert(cu, key, cu->nr_types)) {
		w->err = -ENOMEM;
		return;
	}
	tag = dwarf_tag(die);
	t = &cu->types[cu->nr_types++];
	memset(t, 0, sizeof(*t));
	t->off = key;
	t->tag = tag;
	if (!get_attrs(w, die, &as)) {
		corrupt(w, die, "bad attributes");
		return;
	}
	t->name = a_string(&as, A_NAME, DW_AT_name);
	if (a_udata(&as, A_BYTE_SIZE, DW_AT_byte_size, &v))
		t->size = v;
	if (a_flag(&as, A_DECL, DW_AT_declaration))
		t->flags |= KD_DECLARATION;
	t->first = cu->nr_children;
	t->first_tag = cu->nr_tags;

	switch (tag) {
	case DW_TAG_base_type:
		if (a_udata(&as, A_ENCODING, DW_AT_encoding, &v))
			t->encoding = v;
		break;
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type: {
		size_t n0 = w->nr_nested, i;

		read_members(w, die, t);
		/* t may move from here on: nested types follow their
		 * parent, depth first */
		if (w->nr_nested > n0 && ++w->type_depth > KD_MAX_DEPTH) {
			corrupt(w, die, "types nested too deep");
			w->nr_nested = n0;
			return;
		}
		for (i = n0; i < w->nr_nested && !w->err; i++) {
			Dwarf_Die n = w->nested[i];

			add_type(w, &n);
		}
		if (w->nr_nested > n0)
			w->type_depth--;
		w->nr_nested = n0;
		break;
	}
	case DW_TAG_enumeration_type:
		t->ref = a_ref(w, &as);
		read_enumerators(w, die, t);
		break;
	case DW_TAG_array_type:
		t->ref = a_ref(w, &as);
		if (a_flag(&as, A_VECTOR, DW_AT_GNU_vector))
			t->flags |= KD_VECTOR;
		read_subranges(w, die, t);
		break;
	case DW_TAG_subroutine_type:
		t->ref = a_ref(w, &as);
		read_params(w, die, &t->first, &t->nr, &t->flags);
		break;
	case DW_TAG_typedef:
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type:
		t->ref = a_ref(w, &as);
		read_tags(w, die, &t->first_tag, &t->nr_tags);
		break;
	default:
		t->ref = a_ref(w, &as);
		break;
	}
}

/*
 * The register a location expression is as a whole: DW_OP_reg0..31 or
 * DW_OP_regx alone; KD_NO_REG otherwise.
 */
static int expr_reg(const Dwarf_Op *ops, size_t n)
{
	if (n != 1)
		return KD_NO_REG;
	if (ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg31)
		return ops[0].atom - DW_OP_reg0;
	if (ops[0].atom == DW_OP_regx && ops[0].number <= INT16_MAX)
		return ops[0].number;
	return KD_NO_REG;
}

/* Is some operation of @ops DW_OP_GNU_parameter_ref? */
static bool has_param_ref(const Dwarf_Op *ops, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ops[i].atom == DW_OP_GNU_parameter_ref)
			return true;
	return false;
}

/* The register of a DW_OP_entry_value among @ops, or KD_NO_REG. */
static int entry_value_reg(Dwarf_Attribute *a, const Dwarf_Op *ops, size_t n)
{
	Dwarf_Attribute sub;
	Dwarf_Op *sops;
	size_t i, sn;

	for (i = 0; i < n; i++) {
		if (ops[i].atom != DW_OP_entry_value &&
		    ops[i].atom != DW_OP_GNU_entry_value)
			continue;
		if (dwarf_getlocation_attr(a, &ops[i], &sub) ||
		    dwarf_getlocation(&sub, &sops, &sn))
			continue;
		if (expr_reg(sops, sn) >= 0)
			return expr_reg(sops, sn);
	}
	return KD_NO_REG;
}

/* Where the parameter whose DW_AT_location is @a is at @pc, the entry. */
static void scan_param_loc(Dwarf_Attribute *a, uint64_t pc, struct kd_loc *l)
{
	Dwarf_Addr base, start, end;
	ptrdiff_t off = 0;
	Dwarf_Op *ops;
	size_t n;
	int r;

	while ((off = dwarf_getlocations(a, off, &base, &start, &end, &ops,
					 &n)) > 0) {
		/* an exprloc holds everywhere: 0 .. -1 */
		if (l->reg < 0 && start <= pc && pc < end)
			l->reg = expr_reg(ops, n);
		if (l->entry_reg < 0) {
			r = entry_value_reg(a, ops, n);
			if (r >= 0)
				l->entry_reg = r;
		}
		if (has_param_ref(ops, n))
			l->flags |= KD_LOC_CALLER;
	}
}

/*
 * The parameters of the code's DIE @die of @f, with where each is at the
 * entry.  @origin: the declared parameters were read from the abstract
 * instance, whose parameter DIEs are at w->poff[0 .. f->nr).
 */
static void read_param_locs(struct walk *w, Dwarf_Die *die, struct kd_func *f,
			    bool origin)
{
	struct kd_cu *cu = w->cu;
	struct attrs as;
	Dwarf_Die c, o;
	uint32_t idx = 0, i;
	int r;

	f->first_loc = cu->nr_locs;
	f->nr_locs = 0;
	if (!dwarf_haschildren(die))
		return;
	r = kd_first_child(&w->st, die, &c);
	for (; r == 0 && !w->err; r = kd_next_sibling(&w->st, &c), idx++) {
		struct kd_loc *l;

		if (dwarf_tag(&c) != DW_TAG_formal_parameter) {
			idx--;
			continue;
		}
		if (!get_attrs(w, &c, &as)) {
			corrupt(w, &c, "bad parameter attributes");
			return;
		}
		if (GROW(cu->locs, cu->nr_locs, cu->cap_locs)) {
			w->err = -ENOMEM;
			return;
		}
		l = &cu->locs[cu->nr_locs++];
		f->nr_locs++;
		*l = (struct kd_loc){ .param = -1, .reg = KD_NO_REG,
				      .entry_reg = KD_NO_REG };
		if (!origin) {
			l->param = idx < f->nr ? (int16_t)idx : -1;
		} else if ((as.present & (1u << A_LINK)) &&
			   dwarf_formref_die(&as.a[A_LINK], &o)) {
			Dwarf_Off po = dwarf_dieoffset(&o);

			for (i = 0; i < f->nr && i < w->nr_poff; i++)
				if (w->poff[i] == po) {
					l->param = i;
					break;
				}
		}
		if (as.present & (1u << A_CONST_VALUE))
			l->flags |= KD_LOC_CONST;
		if (as.present & (1u << A_LOCATION)) {
			l->flags |= KD_LOC_HAS;
			scan_param_loc(&as.a[A_LOCATION], f->low_pc, l);
		}
	}
	kd_children_done(&w->st, die, r);
	if (r < 0)
		corrupt(w, die, "bad parameter list");
}

static void add_func(struct walk *w, Dwarf_Die *die)
{
	const struct kbtf_dwarf_opts *o = &w->d->opts;
	struct kd_cu *cu = w->cu;
	Dwarf_Die origin, *pdie = die;
	Dwarf_Addr pc;
	struct kd_func *f;
	struct attrs as;
	uint32_t flags = 0;

	if (!get_attrs(w, die, &as)) {
		corrupt(w, die, "bad function attributes");
		return;
	}
	if (a_flag(&as, A_DECL, DW_AT_declaration))
		return;
	if (dwarf_entrypc(die, &pc)) {
		/* hot/cold split functions have only DW_AT_ranges; the
		 * symbol is at the start of the first range */
		Dwarf_Addr base, end;
		ptrdiff_t r = dwarf_ranges(die, 0, &base, &pc, &end);

		if (r <= 0) {
			/* An abstract instance, or a definition whose code
			 * gcc left without a DIE: the consumer may pair it
			 * with a symbol by name, and says which it wants. */
			const char *name = a_string(&as, A_NAME, DW_AT_name);

			flags = KD_NO_PC;
			if (as.present & (1u << A_INLINE))
				flags |= KD_ABSTRACT;
			if (a_flag(&as, A_EXTERNAL, DW_AT_external))
				flags |= KD_EXTERNAL;
			if (!name || !o->want_codeless ||
			    !o->want_codeless(o->ctx, cu, name, flags))
				return;
			pc = 0;
		}
	}
	if (GROW(cu->funcs, cu->nr_funcs, cu->cap_funcs)) {
		w->err = -ENOMEM;
		return;
	}
	f = &cu->funcs[cu->nr_funcs++];
	memset(f, 0, sizeof(*f));
	f->off = dwarf_dieoffset(die);
	f->name = a_string(&as, A_NAME, DW_AT_name);
	f->low_pc = pc;
	f->ret = a_ref(w, &as);
	f->flags = flags;
	if (!(flags & KD_NO_PC) && a_flag(&as, A_EXTERNAL, DW_AT_external))
		f->flags |= KD_EXTERNAL;
	/* An out-of-line instance of an inlined function names its
	 * declared parameters in the abstract instance. */
	if ((as.present & (1u << A_LINK)) &&
	    dwarf_whatattr(&as.a[A_LINK]) == DW_AT_abstract_origin &&
	    dwarf_formref_die(&as.a[A_LINK], &origin))
		pdie = &origin;
	w->want_poff = o->param_locs && !(flags & KD_NO_PC) && pdie != die;
	read_params(w, pdie, &f->first, &f->nr, &f->flags);
	w->want_poff = false;
	read_tags(w, pdie, &f->first_tag, &f->nr_tags);
	if (!f->nr_tags && pdie != die)
		read_tags(w, die, &f->first_tag, &f->nr_tags);
	if (o->param_locs && !(flags & KD_NO_PC) && !w->err)
		read_param_locs(w, die, f, pdie != die);
}

/* The fixed address of a variable: DW_OP_addr/addrx, optionally followed
 * by DW_OP_plus_uconst.  Anything else has no fixed address. */
static bool var_address(Dwarf_Attribute *a, uint64_t *addr)
{
	Dwarf_Attribute res;
	Dwarf_Addr base;
	Dwarf_Op *ops;
	size_t n;

	if (dwarf_getlocation(a, &ops, &n) || n < 1 || n > 2)
		return false;
	switch (ops[0].atom) {
	case DW_OP_addr:
		base = ops[0].number;
		break;
	case DW_OP_addrx:
	case DW_OP_GNU_addr_index:
		if (dwarf_getlocation_attr(a, &ops[0], &res) ||
		    dwarf_formaddr(&res, &base))
			return false;
		break;
	default:
		return false;
	}
	if (n == 2) {
		if (ops[1].atom != DW_OP_plus_uconst)
			return false;
		base += ops[1].number;
	}
	*addr = base;
	return true;
}

static void add_var(struct walk *w, Dwarf_Die *die)
{
	struct kd_cu *cu = w->cu;
	Dwarf_Attribute *ta, tbuf;
	Dwarf_Die spec, t;
	struct kd_var *v;
	struct attrs as;
	Dwarf_Word sz;
	uint64_t addr;

	if (!get_attrs(w, die, &as)) {
		corrupt(w, die, "bad variable attributes");
		return;
	}
	/* declarations and locals have no fixed location of their own */
	if (!(as.present & (1u << A_LOCATION)) ||
	    !var_address(&as.a[A_LOCATION], &addr))
		return;
	if (GROW(cu->vars, cu->nr_vars, cu->cap_vars)) {
		w->err = -ENOMEM;
		return;
	}
	v = &cu->vars[cu->nr_vars++];
	memset(v, 0, sizeof(*v));
	v->off = dwarf_dieoffset(die);
	v->name = a_string(&as, A_NAME, DW_AT_name);
	v->addr = addr;
	/* The definition's own DW_AT_type (the complete one, e.g. char[26]
	 * for an extern char[]) wins over the declaration's, which the
	 * definition points to with DW_AT_specification. */
	v->type = a_ref(w, &as);
	v->type_size = -1;
	ta = attr_of(&as, A_TYPE, DW_AT_type, &tbuf);
	if (ta && dwarf_formref_die(ta, &t) && !dwarf_aggregate_size(&t, &sz))
		v->type_size = sz;
	if (a_flag(&as, A_EXTERNAL, DW_AT_external))
		v->flags |= KD_EXTERNAL;
	read_tags(w, die, &v->first_tag, &v->nr_tags);
	if (!v->nr_tags && (as.present & (1u << A_LINK)) &&
	    dwarf_whatattr(&as.a[A_LINK]) == DW_AT_specification &&
	    dwarf_formref_die(&as.a[A_LINK], &spec))
		read_tags(w, &spec, &v->first_tag, &v->nr_tags);
}

static void walk_children(struct walk *w, Dwarf_Die *parent, int depth,
			  bool top);

static void visit_imported(struct walk *w, Dwarf_Die *die, int depth)
{
	Dwarf_Attribute a;
	Dwarf_Die unit;
	Dwarf_Off off;
	size_t i;

	if (!dwarf_attr(die, DW_AT_import, &a) ||
	    !dwarf_formref_die(&a, &unit))
		return;
	off = dwarf_dieoffset(&unit);
	for (i = 0; i < w->nr_imported; i++)
		if (w->imported[i] == off)
			return;
	{
		/* imports are few: grow by one */
		Dwarf_Off *n = realloc(w->imported,
				       (w->nr_imported + 1) * sizeof(*n));

		if (!n) {
			w->err = -ENOMEM;
			return;
		}
		w->imported = n;
	}
	w->imported[w->nr_imported++] = off;
	walk_children(w, &unit, depth + 1, true);
}

static void walk_children(struct walk *w, Dwarf_Die *parent, int depth,
			  bool top)
{
	Dwarf_Die c;
	int r;

	if (depth > KD_MAX_DEPTH) {
		pr_warn("%s: DIE nesting deeper than %d at die 0x%llx\n",
			w->d->path, KD_MAX_DEPTH,
			(unsigned long long)dwarf_dieoffset(parent));
		w->err = -EINVAL;
		return;
	}
	r = kd_first_child(&w->st, parent, &c);
	if (r > 0)
		return;
	for (; r == 0 && !w->err; r = kd_next_sibling(&w->st, &c)) {
		int tag = dwarf_tag(&c);

		if (is_type_tag(tag)) {
			/* types nested in its scope are queued by
			 * read_members() */
			add_type(w, &c);
			continue;
		}
		switch (tag) {
		case DW_TAG_variable:
			if (top)
				add_var(w, &c);
			break;
		case DW_TAG_subprogram:
			if (top)
				add_func(w, &c);
			if (dwarf_haschildren(&c))
				walk_children(w, &c, depth + 1, false);
			break;
		case DW_TAG_namespace:
			walk_children(w, &c, depth + 1, top);
			break;
		case DW_TAG_imported_unit:
			visit_imported(w, &c, depth);
			break;
		case DW_TAG_lexical_block:
			if (dwarf_haschildren(&c))
				walk_children(w, &c, depth + 1, false);
			break;
		/* An inlined copy (DW_TAG_inlined_subroutine) declares no
		 * types of its own: they are in its abstract instance, a
		 * subprogram visited on its own.  Its subtree, large in a
		 * kernel, is skipped. */
		default:
			break;
		}
	}
	kd_children_done(&w->st, parent, r);
	if (r < 0)
		corrupt(w, parent, "bad DIE tree");
}

int kbtf_dwarf__load_cu(struct kbtf_dwarf *d, Dwarf_Off cu_off,
			struct kd_cu *cu)
{
	struct walk w = { .d = d, .cu = cu };
	Dwarf_Die cudie;
	size_t i;
	int lang, err;

	kbtf_dwarf__cu_reset(cu);
	if (!dwarf_offdie(d->dbg, cu_off, &cudie)) {
		pr_warn("%s: corrupt DWARF: no CU DIE at 0x%llx: %s\n", d->path,
			(unsigned long long)cu_off, dwarf_errmsg(-1));
		return -EINVAL;
	}
	cu->off = cu_off;
	/* partial units are read through the imports of CUs */
	if (dwarf_tag(&cudie) != DW_TAG_compile_unit)
		return 0;
	if (dwarf_hasattr(&cudie, DW_AT_GNU_dwo_name) ||
	    dwarf_hasattr(&cudie, DW_AT_dwo_name)) {
		pr_warn("%s: split DWARF (.dwo) is not supported\n", d->path);
		return -EOPNOTSUPP;
	}
	err = kd_dir_setup(d, &cudie, cu);
	if (err)
		return err;
	cu->name = dwarf_diename(&cudie);
	lang = dwarf_srclang(&cudie);
	cu->lang = lang < 0 ? 0 : lang;
	kd_step_cu(&w.st, d, &cudie);
	{
		Dwarf_Addr base, lo, hi;
		ptrdiff_t r = 0;

		while ((r = dwarf_ranges(&cudie, r, &base, &lo, &hi)) > 0) {
			if (GROW(cu->ranges, cu->nr_ranges, cu->cap_ranges))
				return -ENOMEM;
			cu->ranges[cu->nr_ranges][0] = lo;
			cu->ranges[cu->nr_ranges][1] = hi;
			cu->nr_ranges++;
		}
	}
	walk_children(&w, &cudie, 0, true);
	/* Foreign DIEs; decoding them may queue more. */
	for (i = 0; i < w.nr_queue && !w.err; i++) {
		Dwarf_Die die = w.queue[i];
		int tag;

		/* most were forward references the walk has reached since */
		if (die.cu == w.st.dcu &&
		    kd_cu__find(cu, dwarf_dieoffset(&die)) >= 0)
			continue;
		/* within the CU: the walk's abbreviations */
		kd_step_prime(&w.st, &die);
		tag = dwarf_tag(&die);

		if (!is_type_tag(tag))
			pr_debug("%s: die 0x%llx: reference to a %#x DIE used as a type\n",
				 d->path,
				 (unsigned long long)dwarf_dieoffset(&die), tag);
		add_type(&w, &die);
	}
	free(w.queue);
	free(w.nested);
	free(w.imported);
	free(w.poff);
	return w.err;
}

