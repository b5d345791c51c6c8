// SPDX-License-Identifier: GPL-2.0-only
/*
 * The encoder: DWARF compile units to one deduplicated BTF.
 *
 * Pipeline:
 *  1. Encode, on the worker threads: CUs go in fixed groups of
 *     consecutive CUs (group_range()).  A worker reads each CU once, with
 *     libdw, matches its function definitions and variables with ELF
 *     symbols (the candidates), and encodes the group into one BTF: every
 *     type, with a type id per DIE fixed before any type is added (forward
 *     and cyclic references need no patching), and a FUNC_PROTO for each
 *     function candidate.  It dedups the group; one VAR per candidate,
 *     added last for the purpose, tells which id each candidate's
 *     prototype or type got (btf__dedup() keeps VARs, in order, and
 *     remaps their types), and is then cut off the group.
 *  2. The group BTFs are appended in group order, as they come, by the
 *     worker that finishes one (merge_ready()), one worker at a time.
 *  3. Decide, on the main thread: one FUNC per name and one VAR per data
 *     object (choose_funcs(), choose_vars()); add those FUNCs and VARs,
 *     dedup once more, so that the result does not depend on the number
 *     of threads, and add the DATASECs.  btf__dedup() never merges or
 *     reorders VARs, so the n-th VAR of the result is the n-th one added.
 *
 * Owns: the dwarf handles, the ELF index, the group BTFs until they are
 * merged, and the final BTF.
 */
#include <errno.h>
#include <stddef.h>
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
#define GROUP_CUS 128		/* CUs per group: fixed, for determinism */
#define TAIL_CUS 256		/* the last ones, in groups of TAIL_GROUP */
#define TAIL_GROUP 32
#define MERGE_WINDOW 16		/* groups encoded ahead of the merge */

/* A function definition with a matching function symbol. */
struct func_cand {
	const char *name;
	uint32_t sym;
	uint32_t kd;		/* index into the CU's kd_cu.funcs */
	uint32_t proto;		/* FUNC_PROTO: in the group, then merged */
	uint32_t name_off;	/* name in the merged BTF, 0 until added */
	uint32_t first_tag, nr_tags;	/* in cu_cands.tags */
	bool chosen;
};

/* A variable definition with a matching data symbol. */
struct var_cand {
	Dwarf_Off die;
	uint32_t sym;		/* index into elf->syms */
	uint32_t kd;		/* index into the CU's kd_cu.vars */
	uint32_t type;		/* in the group, then merged; 0: none */
	int64_t type_size;	/* DWARF size; -1: incomplete */
	int64_t btf_size;	/* size of type in BTF; <0: none */
	bool sized;		/* type: an array sized from the symbol */
	int32_t entry;		/* index into enc->entries, -1 if not chosen */
	uint32_t first_tag, nr_tags;	/* in cu_cands.tags */
};

/* A btf_decl_tag of a candidate: @component -1 for the object itself. */
struct cand_tag {
	const char *value;
	int component;
};

/* The candidates of one CU, found by the worker that encodes it. */
struct cu_cands {
	struct func_cand *funcs;
	size_t nr_funcs;
	struct var_cand *vars;
	size_t nr_vars;
	struct cand_tag *tags;
	size_t nr_tags, cap_tags;
	size_t nr_var_nosym, nr_var_zero;
};

/* One DATASEC entry: a data object and the VAR that describes it. */
struct var_entry {
	uint32_t cu;
	uint32_t cand;		/* index into cands[cu].vars */
	uint32_t shndx;
	uint64_t offset;
	uint64_t size;
	int rank;
	uint32_t var_id;	/* in the final BTF, 0 until known */
};

struct group_result {
	struct btf *btf;
	double t_dedup;
	int err;
	bool done;
};

struct kbtf_encoder {
	char *path;
	struct kbtf_encoder_opts opts;
	struct kbtf_dwarf *dwarf;
	/* worker handles: names read through them point into their
	 * mappings, so they live until the FUNCs are added */
	struct kbtf_dwarf **clones;
	int nr_clones;
	pthread_t reaper;	/* frees the clones before the last dedup */
	bool reaping;
	struct kbtf_elf *elf;
	unsigned int lang_excl[16];
	int nr_lang_excl;
	const Dwarf_Off *cus;
	size_t nr_cus;
	struct cu_cands *cands;
	struct var_entry *entries;
	size_t nr_entries;
	struct group_result *groups;
	size_t nr_groups;
	struct btf *btf;
	struct kbtf_encoder_stats stats;

	/* worker coordination */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t next;		/* next group */
	size_t merged;
	bool merging;		/* a worker is merging groups */
	bool abort;
	int err;
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
/* Characters of the kernel's identifier rule: 1 may start a name, 2 may
 * follow (btf.c __btf_name_valid; the kernel's ctype takes 0xc0-0xff as
 * letters). */
static const unsigned char ident_chars[256] = {
	['0' ... '9'] = 2,
	['A' ... 'Z'] = 3, ['a' ... 'z'] = 3, ['_'] = 3, ['.'] = 3,
	[0xc0 ... 0xff] = 3,
};

static bool name_valid(const char *s)
{
	size_t i;

	if (!s || !(ident_chars[(unsigned char)s[0]] & 1))
		return false;
	for (i = 1; s[i]; i++)
		if (i >= 512 || !(ident_chars[(unsigned char)s[i]] & 2))
			return false;
	return true;
}

static const char *opt_name(const char *s)
{
	return name_valid(s) ? s : NULL;
}

/* C compilers only write C identifiers: their names need no check. */
static bool lang_is_c(uint32_t lang)
{
	switch (lang) {
	case DW_LANG_C89:
	case DW_LANG_C:
	case DW_LANG_C99:
	case DW_LANG_C11:
	case 0x2c:	/* DW_LANG_C17 */
		return true;
	default:
		return false;
	}
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

/*
 * Names point into the worker's mapping of .debug_str, where the linker
 * keeps one copy of each string, so within a group the address is a key
 * for the name's offset in the group's BTF.  A hit spares btf__add_str()
 * hashing the string and comparing it with the one it finds, which costs
 * a cache miss or two each (a fifth of the encoding time otherwise).  The
 * names of aggregates, members, enums, enumerators, parameters, typedefs
 * and forward declarations go through here and are set on the type after
 * libbpf added it nameless (or with a placeholder).  One cache per group
 * BTF.
 */
struct name_entry {
	uint32_t key;		/* address - base + 1; 0 = empty */
	uint32_t off;
};

/* 8-byte entries at most 3/4 full: the table of a group's some 50,000
 * names stays within the core's cache. */
struct name_cache {
	struct name_entry *e;
	uint32_t cap, nr;
	uint32_t *members;	/* names of members, enumerators or
				 * parameters until they are set */
	uint32_t cap_members;
	uintptr_t base;		/* addresses within 4 GiB of it are keys */
	bool based;
};

static void name_cache__reset(struct name_cache *nc)
{
	if (nc->e)
		memset(nc->e, 0, nc->cap * sizeof(*nc->e));
	nc->nr = 0;
}

static void name_cache__free(struct name_cache *nc)
{
	free(nc->e);
	free(nc->members);
	memset(nc, 0, sizeof(*nc));
}

static inline uint32_t name_slot(uint32_t key, uint32_t mask)
{
	return (uint32_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
}

static int name_cache__grow(struct name_cache *nc)
{
	uint32_t cap = nc->cap ? nc->cap * 2 : 1u << 14, i, j;
	struct name_entry *e = calloc(cap, sizeof(*e));

	if (!e)
		return -ENOMEM;
	for (i = 0; i < nc->cap; i++) {
		if (!nc->e[i].key)
			continue;
		for (j = name_slot(nc->e[i].key, cap - 1); e[j].key;
		     j = (j + 1) & (cap - 1))
			;
		e[j] = nc->e[i];
	}
	free(nc->e);
	nc->e = e;
	nc->cap = cap;
	return 0;
}

/* The key of @s, 0 if it is too far from the others (a literal). */
static uint32_t name_key(struct name_cache *nc, const char *s)
{
	uintptr_t d;

	if (!nc->based) {
		/* the mapping may reach either side of the first name */
		nc->base = (uintptr_t)s - 0x80000000u;
		nc->based = true;
	}
	d = (uintptr_t)s - nc->base;
	return d < 0xffffffffu ? (uint32_t)d + 1 : 0;
}

struct cu_enc {
	struct kbtf_encoder *enc;
	struct kd_cu *cu;
	struct btf *btf;
	uint32_t index_type;	/* this CU's __ARRAY_SIZE_TYPE__ */
	uint32_t *slot;		/* per kd_type: first id, 0 = alias */
	uint8_t *nslot;		/* per kd_type: nr_slots(), 255 = more */
	uint32_t *resolved;	/* per kd_type: final id (+1), 0 = unknown */
	uint32_t next_id;
	bool c_names;		/* names are C identifiers (lang_is_c) */
	struct name_cache *names;
};

/* @s if BTF can carry it as a type or member name, else NULL. */
static const char *cu_name(const struct cu_enc *ce, const char *s)
{
	if (ce->c_names)
		return s && *s ? s : NULL;
	return opt_name(s);
}

/* btf__add_str(@s), through the cache: 0 for "", <0 on error. */
static int str_off(struct cu_enc *ce, const char *s)
{
	struct name_cache *nc = ce->names;
	uint32_t key = name_key(nc, s), i;
	int off;

	if (nc->cap && key) {
		for (i = name_slot(key, nc->cap - 1); nc->e[i].key;
		     i = (i + 1) & (nc->cap - 1))
			if (nc->e[i].key == key)
				return nc->e[i].off;
	}
	off = *s ? btf__add_str(ce->btf, s) : 0;
	if (off < 0 || !key)
		return off;
	if ((nc->nr + 1) * 4 > nc->cap * 3 && name_cache__grow(nc))
		return off;	/* uncached, still right */
	for (i = name_slot(key, nc->cap - 1); nc->e[i].key;
	     i = (i + 1) & (nc->cap - 1))
		;
	nc->e[i].key = key;
	nc->e[i].off = off;
	nc->nr++;
	return off;
}

/* Start loading the slots of @n names looked up next, a struct's members
 * say: their cache misses then overlap instead of coming one by one. */
static void name_prefetch(struct cu_enc *ce, const struct kd_child *c,
			  uint32_t n)
{
	struct name_cache *nc = ce->names;
	uint32_t i, key;

	if (!nc->cap)
		return;
	for (i = 0; i < n; i++) {
		key = c[i].name ? name_key(nc, c[i].name) : 0;
		if (key)
			__builtin_prefetch(&nc->e[name_slot(key, nc->cap - 1)]);
	}
}

/* The offset of the name @s as cu_name() takes it: 0 for none. */
static int name_off(struct cu_enc *ce, const char *s)
{
	if (s && !ce->c_names)
		s = opt_name(s);
	return s ? str_off(ce, s) : 0;
}

/* libbpf wants a name for a typedef, a forward declaration or an
 * enumerator: they get this one and the cached offset at once. */
static const char placeholder[] = "_";

/* The type @id, just added by libbpf, which lets it be changed in place. */
static struct btf_type *added_type(struct btf *btf, int id)
{
	return (struct btf_type *)btf__type_by_id(btf, id);
}

/* Room for @n name offsets in the cache's scratch array, or NULL. */
static uint32_t *name_scratch(struct name_cache *nc, uint32_t n)
{
	if (n > nc->cap_members) {
		uint32_t *m = realloc(nc->members, n * sizeof(*m));

		if (!m)
			return NULL;
		nc->members = m;
		nc->cap_members = n;
	}
	return nc->members;
}

/* Name the first @n enumerators or parameters of the type @id, all added
 * nameless or with the placeholder, in one pass. */
static void name_values(struct btf *btf, int id, const uint32_t *names,
			uint32_t n)
{
	struct btf_type *t = added_type(btf, id);
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (btf_is_enum(t))
			btf_enum(t)[i].name_off = names[i];
		else if (btf_is_enum64(t))
			btf_enum64(t)[i].name_off = names[i];
		else
			btf_params(t)[i].name_off = names[i];
	}
}

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
		return cu_name(ce, t->name) ? 1 : 0;
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
	return btf__add_struct(ce->btf, cu_name(ce, name), sz);
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
	name_prefetch(ce, &ce->cu->children[t->first], t->nr);
	name = name_off(ce, t->name);
	if (name < 0)
		return name;
	if (e64)
		id = btf__add_enum64(ce->btf, NULL, sz, is_signed);
	else
		id = btf__add_enum(ce->btf, NULL, sz);
	if (id < 0)
		return id;
	added_type(ce->btf, id)->name_off = name;
	for (i = 0; i < t->nr; i++) {
		const struct kd_child *c = &ce->cu->children[t->first + i];
		/* the cache knows an empty name as 0 without reading it */
		int name_id = c->name ? str_off(ce, c->name) : 0;
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
			err = btf__add_enum64_value(ce->btf, placeholder, v);
		} else {
			int64_t sv = (int64_t)v;

			/* ENUM values are 32 bits: signed ones in
			 * INT_MIN..INT_MAX, unsigned ones up to UINT_MAX. */
			if (sv < INT32_MIN || sv > (int64_t)UINT32_MAX)
				sv = (int32_t)(uint32_t)v;
			err = btf__add_enum_value(ce->btf, placeholder, sv);
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

	name_prefetch(ce, &ce->cu->children[t->first], t->nr);
	if (!name_scratch(nc, t->nr) && t->nr)
		return -ENOMEM;
	name = name_off(ce, t->name);
	if (name < 0)
		return name;
	if ((t->flags & KD_DECLARATION) && !t->nr && name) {
		id = btf__add_fwd(ce->btf, placeholder,
				  is_union ? BTF_FWD_UNION : BTF_FWD_STRUCT);
		if (id > 0)
			added_type(ce->btf, id)->name_off = name;
		return id;
	}
	/* an anonymous declaration is an empty aggregate */
	if (is_union)
		id = btf__add_union(ce->btf, NULL, t->size);
	else
		id = btf__add_struct(ce->btf, NULL, t->size);
	if (id < 0)
		return id;
	added_type(ce->btf, id)->name_off = name;
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
		name = name_off(ce, m->name);
		if (name < 0)
			return name;
		err = btf__add_field(ce->btf, NULL, type, off, m->bit_size);
		if (err) {
			pr_debug("%s: die 0x%llx: member '%s' (bit offset %llu, size %u) not representable, skipped\n",
				 ce->enc->path, (unsigned long long)t->off,
				 m->name ? m->name : "",
				 (unsigned long long)off, m->bit_size);
			continue;
		}
		nc->members[nr++] = name;
	}
	/* the names, once the members are in place */
	bt = added_type(ce->btf, id);
	for (i = 0; i < nr; i++)
		btf_members(bt)[i].name_off = nc->members[i];
	return id;
}

static int emit_proto(struct cu_enc *ce, Dwarf_Off ret, uint32_t first,
		      uint32_t nr, uint32_t flags, bool named)
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
			name = name_off(ce, p->name);
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
		name = name_off(ce, t->name);
		if (name < 0)
			return name;
		id = btf__add_typedef(btf, placeholder, ref_id(ce, t->ref, 0));
		if (id > 0)
			added_type(btf, id)->name_off = name;
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

/* ---- candidates (workers) ---- */

static bool lang_excluded(struct kbtf_encoder *enc, uint32_t lang)
{
	int i;

	for (i = 0; i < enc->nr_lang_excl; i++)
		if (enc->lang_excl[i] == lang)
			return true;
	return false;
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
		if (grow((void **)&cc->tags, &cc->cap_tags, cc->nr_tags + 1,
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
static int find_cands(struct kbtf_encoder *enc, const struct kd_cu *cu,
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

/* ---- deciding (main thread, after the merge) ---- */

struct cand_ref {
	uint32_t cu, idx;
};

static const struct kbtf_encoder *cmp_enc;

/* Every variable candidate of every CU, sorted by @cmp, into *@refs
 * (NULL if there is none). */
static int sorted_var_cands(struct kbtf_encoder *enc,
			    int (*cmp)(const void *, const void *),
			    struct cand_ref **refs, size_t *nr)
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
			(*refs)[(*nr)++] = (struct cand_ref){ cu, i };
	cmp_enc = enc;
	qsort(*refs, n, sizeof(**refs), cmp);
	return 0;
}

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
static int choose_funcs(struct kbtf_encoder *enc)
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

static int cmp_cand_sym(const void *a, const void *b)
{
	const struct cand_ref *x = a, *y = b;
	const struct var_cand *vx = &cmp_enc->cands[x->cu].vars[x->idx];
	const struct var_cand *vy = &cmp_enc->cands[y->cu].vars[y->idx];

	if (vx->sym != vy->sym)
		return vx->sym < vy->sym ? -1 : 1;
	if (x->cu != y->cu)
		return x->cu < y->cu ? -1 : 1;
	return x->idx < y->idx ? -1 : 1;
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

static bool is_percpu_sec(const char *name)
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
static int choose_vars(struct kbtf_encoder *enc)
{
	const struct kbtf_elf *e = enc->elf;
	struct var_entry *ents;
	struct cand_ref *refs;
	size_t n, i, j, k, kept = 0;
	uint64_t end = 0;
	uint32_t shndx = 0;
	int err;

	err = sorted_var_cands(enc, cmp_cand_sym, &refs, &n);
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
	cmp_enc = NULL;
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

/* ---- encoding ---- */

static int add_decl_tags(struct btf *btf, const struct cu_cands *cc,
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

/* A FUNC_PROTO for each function candidate, at the id slotted for it. */
static int emit_protos(struct cu_enc *ce, const struct cu_cands *cc)
{
	size_t i;
	int id;

	for (i = 0; i < cc->nr_funcs; i++) {
		const struct func_cand *c = &cc->funcs[i];
		const struct kd_func *f = &ce->cu->funcs[c->kd];

		id = emit_proto(ce, f->ret, f->first, f->nr, f->flags, true);
		if (id < 0 || (uint32_t)id != c->proto) {
			pr_warn("%s: die 0x%llx: cannot encode prototype of %s: %s\n",
				ce->enc->path, (unsigned long long)f->off,
				f->name, id < 0 ? strerror(-id) : "id mismatch");
			return id < 0 ? id : -EFAULT;
		}
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

static int encode_cu(struct kbtf_encoder *enc, struct kbtf_dwarf *d,
		     size_t idx, struct kd_cu *cu, struct btf *btf,
		     struct name_cache *names, double *t_read)
{
	struct cu_enc ce = { .enc = enc, .cu = cu, .btf = btf,
			     .names = names };
	struct cu_cands *cc = &enc->cands[idx];
	double t0 = now_sec();
	size_t i;
	int err, id;

	*t_read = 0;
	if (enc->nr_lang_excl &&
	    lang_excluded(enc, kbtf_dwarf__cu_lang(d, enc->cus[idx])))
		return 0;	/* --lang_exclude: no types, no candidates */
	err = kbtf_dwarf__load_cu(d, enc->cus[idx], cu);
	*t_read = now_sec() - t0;
	if (!err)
		err = find_cands(enc, cu, cc);
	if (err)
		return err;
	ce.c_names = lang_is_c(cu->lang);
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

/*
 * Group @g's CUs, [*first, *end): GROUP_CUS at a time, the last TAIL_CUS
 * TAIL_GROUP at a time, so that the workers finish together instead of
 * one idling through a large last group.  It depends on the number of
 * CUs only, never on the threads.
 */
static size_t tail_start(const struct kbtf_encoder *enc)
{
	return enc->nr_cus > TAIL_CUS ? enc->nr_cus - TAIL_CUS : 0;
}

static size_t nr_groups(const struct kbtf_encoder *enc)
{
	size_t head = tail_start(enc);

	return (head + GROUP_CUS - 1) / GROUP_CUS +
	       (enc->nr_cus - head + TAIL_GROUP - 1) / TAIL_GROUP;
}

static void group_range(const struct kbtf_encoder *enc, size_t g,
			size_t *first, size_t *end)
{
	size_t head = tail_start(enc), nhead = (head + GROUP_CUS - 1) / GROUP_CUS;

	if (g < nhead) {
		*first = g * GROUP_CUS;
		*end = *first + GROUP_CUS < head ? *first + GROUP_CUS : head;
	} else {
		*first = head + (g - nhead) * TAIL_GROUP;
		*end = *first + TAIL_GROUP < enc->nr_cus ? *first + TAIL_GROUP :
							  enc->nr_cus;
	}
}

/*
 * @btf without its last @nr types, the marker VARs: a BTF made anew from
 * the raw data with the type section cut short (libbpf has no call that
 * removes types).  Their name string stays, unused.
 */
static int drop_markers(struct btf **btf, size_t nr)
{
	size_t cut = nr * (sizeof(struct btf_type) + sizeof(struct btf_var));
	const struct btf_header *h;
	struct btf_header nh;
	const char *raw;
	struct btf *nb;
	__u32 size;
	char *buf;

	if (!nr)
		return 0;
	raw = btf__raw_data(*btf, &size);
	if (!raw)
		return -ENOMEM;
	h = (const struct btf_header *)raw;
	/* libbpf lays out header, types, strings */
	if (size < sizeof(*h) || h->hdr_len < sizeof(*h) ||
	    h->type_len < cut || h->type_off + h->type_len != h->str_off ||
	    (size_t)h->hdr_len + h->str_off + h->str_len != size)
		return -EFAULT;
	buf = malloc(size - cut);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, raw, h->hdr_len + h->str_off - cut);
	memcpy(buf + h->hdr_len + h->str_off - cut,
	       raw + h->hdr_len + h->str_off, h->str_len);
	memcpy(&nh, h, sizeof(nh));
	nh.type_len -= cut;
	nh.str_off -= cut;
	memcpy(buf, &nh, sizeof(nh));
	nb = btf__new(buf, size - cut);
	free(buf);
	if (!nb)
		return -errno;
	btf__free(*btf);
	*btf = nb;
	return 0;
}

static int encode_group(struct kbtf_encoder *enc, struct kbtf_dwarf *d,
			size_t g, struct kd_cu *cu, struct name_cache *names,
			struct group_result *res, double *t_read)
{
	size_t first, end, i, k, nr = 0;
	const struct btf_type *t;
	double tm;
	int err, id;

	group_range(enc, g, &first, &end);
	*t_read = 0;
	res->btf = btf__new_empty();
	if (!res->btf)
		return -errno;
	name_cache__reset(names);
	for (i = first; i < end; i++) {
		err = encode_cu(enc, d, i, cu, res->btf, names, &tm);
		*t_read += tm;
		if (err)
			return err;
	}
	/* the group's DIEs are done with: their pages may go */
	kbtf_dwarf__release(d, enc->cus[first],
			    i < enc->nr_cus ? enc->cus[i] : 0);
	/* One marker VAR per candidate, after everything else: btf__dedup()
	 * keeps VARs, in order, and remaps their types, so the markers say
	 * where the prototypes and the variables' types went. */
	for (i = first; i < end; i++) {
		const struct cu_cands *cc = &enc->cands[i];

		for (k = 0; k < cc->nr_funcs + cc->nr_vars; k++) {
			id = btf__add_var(res->btf, "_", BTF_VAR_STATIC,
					  k < cc->nr_funcs ? cc->funcs[k].proto :
					  cc->vars[k - cc->nr_funcs].type);
			if (id < 0)
				return id;
		}
		nr += cc->nr_funcs + cc->nr_vars;
	}
	/* dedup here, on the worker: what reaches the merge is small */
	tm = now_sec();
	err = btf__dedup(res->btf, NULL);
	res->t_dedup = now_sec() - tm;
	if (err)
		return err;
	id = btf__type_cnt(res->btf) - nr;
	for (i = first; i < end; i++) {
		struct cu_cands *cc = &enc->cands[i];

		for (k = 0; k < cc->nr_funcs + cc->nr_vars; k++) {
			t = btf__type_by_id(res->btf, id++);
			if (!t || !btf_is_var(t))
				return -EFAULT;
			if (k < cc->nr_funcs)
				cc->funcs[k].proto = t->type;
			else
				cc->vars[k - cc->nr_funcs].type = t->type;
		}
	}
	return drop_markers(&res->btf, nr);
}

/* ---- workers ---- */

static void merge_ready(struct kbtf_encoder *enc);

struct worker {
	struct kbtf_encoder *enc;
	struct kbtf_dwarf *dwarf;
	pthread_t tid;
	double t_encode, t_read;
};

/* Groups go in order, at most MERGE_WINDOW ahead of the merge so that
 * memory stays bounded. */
static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	struct kbtf_encoder *enc = w->enc;
	struct name_cache names = {};
	struct kd_cu cu = {};
	double t0, t_read = 0;

	for (;;) {
		size_t idx;
		int err;

		pthread_mutex_lock(&enc->lock);
		while (!enc->abort && enc->next < enc->nr_groups &&
		       enc->next >= enc->merged + MERGE_WINDOW)
			pthread_cond_wait(&enc->cond, &enc->lock);
		if (enc->abort || enc->next >= enc->nr_groups) {
			pthread_mutex_unlock(&enc->lock);
			break;
		}
		idx = enc->next++;
		pthread_mutex_unlock(&enc->lock);

		t0 = now_sec();
		err = encode_group(enc, w->dwarf, idx, &cu, &names,
				   &enc->groups[idx], &t_read);
		w->t_encode += now_sec() - t0;
		w->t_read += t_read;

		pthread_mutex_lock(&enc->lock);
		enc->groups[idx].err = err;
		enc->groups[idx].done = true;
		if (err && !enc->abort) {
			enc->abort = true;
			enc->err = err;
		}
		merge_ready(enc);
		pthread_cond_broadcast(&enc->cond);
		pthread_mutex_unlock(&enc->lock);
	}
	kbtf_dwarf__cu_free(&cu);
	name_cache__free(&names);
	return NULL;
}

/* ---- merging (workers), then FUNCs and VARs (main thread) ---- */

static void free_group(struct group_result *r)
{
	btf__free(r->btf);
	memset(r, 0, sizeof(*r));
}

/* Append group @g's BTF; its candidates' ids follow. */
static int merge_group(struct kbtf_encoder *enc, size_t g)
{
	struct group_result *r = &enc->groups[g];
	size_t first, end, i, k;
	double tm = now_sec();
	int id;

	id = btf__add_btf(enc->btf, r->btf);
	if (id < 0)
		return id;
	/* group id n is merged id + n - 1 */
	group_range(enc, g, &first, &end);
	for (i = first; i < end; i++) {
		struct cu_cands *cc = &enc->cands[i];

		for (k = 0; k < cc->nr_funcs; k++) {
			struct func_cand *c = &cc->funcs[k];
			int off;

			c->proto += id - 1;
			/* A function with a global symbol is the one of its
			 * name that gets the FUNC (choose_funcs()): its name
			 * goes in now, while the other worker encodes, and
			 * not in the serial end (where libbpf's string table
			 * would also grow its hash table). */
			if (enc->elf->syms[c->sym].bind != STB_GLOBAL)
				continue;
			off = btf__add_str(enc->btf, c->name);
			if (off < 0)
				return off;
			c->name_off = off;
		}
		for (k = 0; k < cc->nr_vars; k++)
			if (cc->vars[k].type)
				cc->vars[k].type += id - 1;
	}
	enc->stats.t_workers_dedup += r->t_dedup;
	free_group(r);
	enc->stats.t_merge += now_sec() - tm;
	return 0;
}

/*
 * Merge the groups that are done, in group order, on the calling worker:
 * one worker merges at a time, the others go on encoding, and no third
 * thread competes for the cores.  Called with enc->lock held.
 */
static void merge_ready(struct kbtf_encoder *enc)
{
	size_t g;
	int err;

	if (enc->merging)
		return;
	enc->merging = true;
	while (!enc->abort && enc->merged < enc->nr_groups &&
	       enc->groups[enc->merged].done) {
		g = enc->merged;
		pthread_mutex_unlock(&enc->lock);
		err = merge_group(enc, g);
		pthread_mutex_lock(&enc->lock);
		enc->merged = g + 1;
		if (err && !enc->abort) {
			enc->abort = true;
			enc->err = err;
		}
		pthread_cond_broadcast(&enc->cond);
	}
	enc->merging = false;
}

/* The chosen FUNCs, in CU order, with their decl tags. */
static int add_funcs(struct kbtf_encoder *enc)
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
				added_type(enc->btf, id)->name_off = c->name_off;
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
static int add_vars(struct kbtf_encoder *enc, uint32_t **order,
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
static int add_datasecs(struct kbtf_encoder *enc, const uint32_t *order,
			size_t nr_order)

{
	const struct kbtf_elf *e = enc->elf;
	__u32 id, n = btf__type_cnt(enc->btf), start = 1;
	size_t k = 0, i, j;
	int err;

	if (enc->opts.base_btf)
		start = btf__type_cnt(enc->opts.base_btf);
	for (id = start; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(enc->btf, id);

		if (!btf_is_var(t))
			continue;
		if (k >= nr_order)
			return -EFAULT;
		enc->entries[order[k++]].var_id = id;
	}
	if (k != nr_order)
		return -EFAULT;
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
			pr_warn("%s: section name '%s' is not valid in BTF, its variables are left out\n",
				enc->path, sec->name);
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

static void *reap_clones(void *arg)
{
	struct kbtf_encoder *enc = arg;
	int i;

	for (i = 0; i < enc->nr_clones; i++) {
		kbtf_dwarf__free(enc->clones[i]);
		enc->clones[i] = NULL;
	}
	return NULL;
}

static int run(struct kbtf_encoder *enc)
{
	int nr = enc->opts.nr_threads > 0 ? enc->opts.nr_threads : 1;
	uint32_t *order = NULL;
	size_t nr_order = 0, i;
	struct worker *ws;
	int err = 0, t, started = 0;
	double t0 = now_sec();

	if (!kbtf_dwarf__can_clone(enc->dwarf))
		nr = 1;
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
		if (t)
			enc->clones[enc->nr_clones++] = ws[t].dwarf;
		if (pthread_create(&ws[t].tid, NULL, worker_fn, &ws[t])) {
			err = -EAGAIN;
			goto join;
		}
		started++;
	}
	/* the workers merge the groups: wait for the last one */
	pthread_mutex_lock(&enc->lock);
	while (enc->merged < enc->nr_groups && !enc->abort)
		pthread_cond_wait(&enc->cond, &enc->lock);
	err = enc->err;
	pthread_mutex_unlock(&enc->lock);
	enc->stats.t_encode = now_sec() - t0;
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
	free(ws);
	if (err)
		return err;
	t0 = now_sec();
	for (i = 0; i < enc->nr_cus; i++) {
		enc->stats.nr_var_nosym += enc->cands[i].nr_var_nosym;
		enc->stats.nr_var_zero += enc->cands[i].nr_var_zero;
	}
	err = choose_funcs(enc);
	if (!err)
		err = choose_vars(enc);
	if (!err)
		err = add_funcs(enc);
	if (!err)
		err = add_vars(enc, &order, &nr_order);
	enc->stats.t_decide = now_sec() - t0;
	/* The workers' handles are done with (the names of the FUNCs were
	 * read through them): they are torn down on a core that would idle
	 * through the last dedup. */
	if (enc->nr_clones &&
	    !pthread_create(&enc->reaper, NULL, reap_clones, enc))
		enc->reaping = true;
	if (!err) {
		t0 = now_sec();
		enc->stats.nr_types_before_dedup = btf__type_cnt(enc->btf) - 1;
		err = btf__dedup(enc->btf, NULL);
		if (err)
			pr_warn("%s: btf__dedup failed: %s\n", enc->path,
				strerror(-err));
		enc->stats.t_dedup = now_sec() - t0;
	}
	if (!err) {
		err = add_datasecs(enc, order, nr_order);
		if (err)
			pr_warn("%s: cannot add DATASECs: %s\n", enc->path,
				strerror(-err));
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
	int err;

	err = kbtf_dwarf__cus(enc->dwarf, &enc->cus, &enc->nr_cus);
	if (err)
		goto out;
	enc->nr_groups = nr_groups(enc);
	enc->cands = calloc(enc->nr_cus, sizeof(*enc->cands));
	enc->groups = calloc(enc->nr_groups + 1, sizeof(*enc->groups));
	if (!enc->cands || !enc->groups) {
		err = -ENOMEM;
		goto out;
	}
	enc->btf = enc->opts.base_btf ? btf__new_empty_split(enc->opts.base_btf) :
					btf__new_empty();
	if (!enc->btf) {
		err = -errno;
		goto out;
	}
	enc->stats.nr_cus = enc->nr_cus;
	err = run(enc);
	if (err)
		goto out;
	/* BTF is read by the target's kernel: in the target's byte order */
	err = btf__set_endianness(enc->btf, enc->elf->big_endian ?
					    BTF_BIG_ENDIAN : BTF_LITTLE_ENDIAN);
	if (err)
		goto out;
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
	if (enc->cands)
		for (i = 0; i < enc->nr_cus; i++) {
			free(enc->cands[i].funcs);
			free(enc->cands[i].vars);
			free(enc->cands[i].tags);
		}
	free(enc->cands);
	if (enc->groups)
		for (i = 0; i < enc->nr_groups; i++)
			free_group(&enc->groups[i]);
	free(enc->groups);
	free(enc->entries);
	btf__free(enc->btf);
	kbtf_elf__free(enc->elf);
	if (enc->reaping)
		pthread_join(enc->reaper, NULL);
	for (i = 0; i < (size_t)enc->nr_clones; i++)
		kbtf_dwarf__free(enc->clones[i]);
	free(enc->clones);
	kbtf_dwarf__free(enc->dwarf);
	free(enc->path);
	pthread_mutex_destroy(&enc->lock);
	pthread_cond_destroy(&enc->cond);
	free(enc);
}
