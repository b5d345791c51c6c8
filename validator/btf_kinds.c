// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-kind table of the BTF checker: for each BTF kind, its
 * check_meta (layout, flags, names, ids, run in the first pass), its
 * resolve step (run by the depth-limited DFS in btf_check.c, user BTF
 * only), how a struct member of that kind is checked (plain and
 * kind_flag/bitfield variants) and how the kernel logs its details.
 *
 * The rules and the reason strings are those of the kernel's
 * kernel/bpf/btf.c (6.1, plus the version differences named in
 * kbtf_validate.h; docs/validator.md tabulates them per kind); the reason strings are an interface and must stay
 * byte for byte what the kernel prints.  The order of the checks inside
 * each function is the kernel's too: the first failing check decides the
 * reason.
 *
 * Assumes: the type record lies in the aligned copy of the type section
 * and check_meta has been given the bytes that remain after the common
 * struct btf_type (btf_check.c checks those).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "btf_check_int.h"
#include "kbtf_ident.h"

#define U32_MAX_ ((__u32)~0u)
#define BITS_PER_U128 128

/* ---- names -------------------------------------------------------- */

/* KSYM_NAME_LEN: 512 from 6.1, 128 before */
static size_t name_limit(const struct kbtf_env *env)
{
	return env->kver >= KBTF_KERNEL_VERSION(6, 1, 0) ?
		       KBTF_KSYM_NAME_LEN : KBTF_KSYM_NAME_LEN_OLD;
}

/* @off must be a valid offset: the string copy is NUL-terminated.  The
 * rule is shared with the encoder (kbtf_ident.h). */
bool kbtf_name_valid_identifier(const struct kbtf_env *env, __u32 off)
{
	return kbtf_ident_valid(kbtf_str_by_offset(env->btf, off),
				name_limit(env));
}

/* 6.2 allowed any printable character in DATASEC names. */
bool kbtf_name_valid_section(const struct kbtf_env *env, __u32 off)
{
	const unsigned char *s, *limit;

	if (env->kver < KBTF_KERNEL_VERSION(6, 2, 0))
		return kbtf_name_valid_identifier(env, off);
	s = (const unsigned char *)kbtf_str_by_offset(env->btf, off);
	if (!s || !*s)
		return false;
	limit = s + name_limit(env);
	for (; *s && s < limit; s++)
		if (!kbtf_ident_printable(*s))
			return false;
	return !*s;
}

/* optional name: 0, or a valid identifier */
static bool opt_ident(const struct kbtf_env *env, __u32 off)
{
	return !off || kbtf_name_valid_identifier(env, off);
}

/* required name */
static bool req_ident(const struct kbtf_env *env, __u32 off)
{
	return off && kbtf_name_valid_identifier(env, off);
}

static bool nonempty(const struct kbtf_env *env, __u32 off)
{
	const char *s = kbtf_str_by_offset(env->btf, off);

	return s && s[0];
}

/* kind_flag became legal on the tag kinds in 6.15 (pahole attributes) */
static bool tag_kflag_ok(const struct kbtf_env *env)
{
	return env->kver >= KBTF_KERNEL_VERSION(6, 15, 0);
}

/* ---- details, as the kernel's log_details callbacks print them ----- */

static const char *int_enc_str(__u32 enc)
{
	switch (enc) {
	case 0:
		return "(none)";
	case BTF_INT_SIGNED:
		return "SIGNED";
	case BTF_INT_CHAR:
		return "CHAR";
	case BTF_INT_BOOL:
		return "BOOL";
	}
	return "UNKN";
}

static void int_details(const struct kbtf_env *env, const struct btf_type *t,
			char *buf, size_t size)
{
	__u32 d = *(const __u32 *)(t + 1);

	(void)env;
	snprintf(buf, size, "size=%u bits_offset=%u nr_bits=%u encoding=%s",
		 t->size, BTF_INT_OFFSET(d), BTF_INT_BITS(d),
		 int_enc_str(BTF_INT_ENCODING(d)));
}

static void ref_details(const struct kbtf_env *env, const struct btf_type *t,
			char *buf, size_t size)
{
	(void)env;
	snprintf(buf, size, "type_id=%u", t->type);
}

static void fwd_details(const struct kbtf_env *env, const struct btf_type *t,
			char *buf, size_t size)
{
	(void)env;
	snprintf(buf, size, "%s", btf_kflag(t) ? "union" : "struct");
}

static void array_details(const struct kbtf_env *env,
			  const struct btf_type *t, char *buf, size_t size)
{
	const struct btf_array *a = (const void *)(t + 1);

	(void)env;
	snprintf(buf, size, "type_id=%u index_type_id=%u nr_elems=%u",
		 a->type, a->index_type, a->nelems);
}

static void size_vlen_details(const struct kbtf_env *env,
			      const struct btf_type *t, char *buf, size_t size)
{
	(void)env;
	snprintf(buf, size, "size=%u vlen=%u", t->size, btf_vlen(t));
}

static void func_proto_details(const struct kbtf_env *env,
			       const struct btf_type *t, char *buf,
			       size_t size)
{
	const struct btf_param *p = (const void *)(t + 1);
	__u16 n = btf_vlen(t), i;
	size_t len;

#define APPEND(...) do {						\
		len = strlen(buf);					\
		if (len < size)						\
			snprintf(buf + len, size - len, __VA_ARGS__);	\
	} while (0)

	snprintf(buf, size, "return=%u args=(", t->type);
	if (!n) {
		APPEND("void");
	} else if (n == 1 && !p[0].type) {
		APPEND("vararg");
	} else {
		APPEND("%u %s", p[0].type,
		       kbtf_name_for_log(env->btf, p[0].name_off));
		for (i = 1; i < n - 1; i++)
			APPEND(", %u %s", p[i].type,
			       kbtf_name_for_log(env->btf, p[i].name_off));
		if (n > 1) {
			if (p[n - 1].type)
				APPEND(", %u %s", p[n - 1].type,
				       kbtf_name_for_log(env->btf,
							 p[n - 1].name_off));
			else
				APPEND(", vararg");
		}
	}
	APPEND(")");
#undef APPEND
}

static void var_details(const struct kbtf_env *env, const struct btf_type *t,
			char *buf, size_t size)
{
	const struct btf_var *v = (const void *)(t + 1);

	(void)env;
	snprintf(buf, size, "type_id=%u linkage=%u", t->type, v->linkage);
}

static void float_details(const struct kbtf_env *env,
			  const struct btf_type *t, char *buf, size_t size)
{
	(void)env;
	snprintf(buf, size, "size=%u", t->size);
}

static void decl_tag_details(const struct kbtf_env *env,
			     const struct btf_type *t, char *buf, size_t size)
{
	const struct btf_decl_tag *d = (const void *)(t + 1);

	(void)env;
	snprintf(buf, size, "type=%u component_idx=%d", t->type,
		 d->component_idx);
}

/* ---- common helpers ----------------------------------------------- */

static int meta_short(struct kbtf_env *env, const struct btf_type *t,
		      __u32 left, __u32 needed)
{
	return log_basic(env, t, -EINVAL, "meta_left:%u meta_needed:%u",
			 left, needed);
}

#define KFLAG_BAD(env, t) \
	log_type((env), (t), -EINVAL, "Invalid btf_info kind_flag")
#define VLEN_BAD(env, t) log_type((env), (t), -EINVAL, "vlen != 0")
#define NAME_BAD(env, t) log_type((env), (t), -EINVAL, "Invalid name")

static bool id_valid(__u32 id)
{
	return id <= BTF_MAX_TYPE;
}

/* ---- struct member checks by member kind --------------------------- */

static int df_check_member(struct kbtf_env *env, const struct btf_type *st,
			   const struct btf_member *m,
			   const struct btf_type *mt)
{
	(void)m;
	(void)mt;
	return log_basic(env, st, -EINVAL, "Unsupported check_member");
}

static int df_check_kflag_member(struct kbtf_env *env,
				 const struct btf_type *st,
				 const struct btf_member *m,
				 const struct btf_type *mt)
{
	(void)m;
	(void)mt;
	return log_basic(env, st, -EINVAL, "Unsupported check_kflag_member");
}

/* PTR, ARRAY, STRUCT/UNION, FLOAT under kind_flag: no bitfield allowed */
static int generic_check_kflag_member(struct kbtf_env *env,
				      const struct btf_type *st,
				      const struct btf_member *m,
				      const struct btf_type *mt)
{
	if (BTF_MEMBER_BITFIELD_SIZE(m->offset))
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Invalid member bitfield_size");
	return ops_of(mt)->check_member(env, st, m, mt);
}

static int int_check_member(struct kbtf_env *env, const struct btf_type *st,
			    const struct btf_member *m,
			    const struct btf_type *mt)
{
	__u32 data = *(const __u32 *)(mt + 1);
	__u32 off = m->offset, bytes_off, copy_bits;

	if (U32_MAX_ - off < BTF_INT_OFFSET(data))
		return kbtf_log_member(env, st, m, -EINVAL,
				       "bits_offset exceeds U32_MAX");
	off += BTF_INT_OFFSET(data);
	bytes_off = BITS_ROUNDDOWN_BYTES(off);
	copy_bits = BTF_INT_BITS(data) + BITS_PER_BYTE_MASKED(off);
	if (copy_bits > BITS_PER_U128)
		return kbtf_log_member(env, st, m, -EINVAL,
				       "nr_copy_bits exceeds 128");
	if (st->size < bytes_off ||
	    st->size - bytes_off < BITS_ROUNDUP_BYTES(copy_bits))
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Member exceeds struct_size");
	return 0;
}

static int int_check_kflag_member(struct kbtf_env *env,
				  const struct btf_type *st,
				  const struct btf_member *m,
				  const struct btf_type *mt)
{
	__u32 data = *(const __u32 *)(mt + 1);
	__u32 nr_bits, bit_off, bytes_off, copy_bits;

	if (!kbtf_int_is_regular(mt))
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Invalid member base type");
	nr_bits = BTF_MEMBER_BITFIELD_SIZE(m->offset);
	bit_off = BTF_MEMBER_BIT_OFFSET(m->offset);
	if (!nr_bits) {
		if (BITS_PER_BYTE_MASKED(bit_off))
			return kbtf_log_member(env, st, m, -EINVAL,
					       "Invalid member offset");
		nr_bits = BTF_INT_BITS(data);
	} else if (nr_bits > BTF_INT_BITS(data)) {
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Invalid member bitfield_size");
	}
	bytes_off = BITS_ROUNDDOWN_BYTES(bit_off);
	copy_bits = nr_bits + BITS_PER_BYTE_MASKED(bit_off);
	if (copy_bits > BITS_PER_U128)
		return kbtf_log_member(env, st, m, -EINVAL,
				       "nr_copy_bits exceeds 128");
	if (st->size < bytes_off ||
	    st->size - bytes_off < BITS_ROUNDUP_BYTES(copy_bits))
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Member exceeds struct_size");
	return 0;
}

/*
 * A member through a modifier chain is checked as the sized type the
 * chain resolves to, and logged with that type's id.
 */
static int modifier_check_member_any(struct kbtf_env *env,
				     const struct btf_type *st,
				     const struct btf_member *m, bool kflag)
{
	const struct btf_type *rt;
	struct btf_member rm;
	__u32 rid = m->type;

	rt = kbtf_id_size(env->btf, &rid, NULL);
	if (!rt)
		return kbtf_log_member(env, st, m, -EINVAL, "Invalid member");
	rm = *m;
	rm.type = rid;
	/* rm lives on this stack only for the call; logging copies it */
	if (kflag)
		return ops_of(rt)->check_kflag_member(env, st, &rm, rt);
	return ops_of(rt)->check_member(env, st, &rm, rt);
}

static int modifier_check_member(struct kbtf_env *env,
				 const struct btf_type *st,
				 const struct btf_member *m,
				 const struct btf_type *mt)
{
	(void)mt;
	return modifier_check_member_any(env, st, m, false);
}

static int modifier_check_kflag_member(struct kbtf_env *env,
				       const struct btf_type *st,
				       const struct btf_member *m,
				       const struct btf_type *mt)
{
	(void)mt;
	return modifier_check_member_any(env, st, m, true);
}

static int ptr_check_member(struct kbtf_env *env, const struct btf_type *st,
			    const struct btf_member *m,
			    const struct btf_type *mt)
{
	__u32 bytes_off = BITS_ROUNDDOWN_BYTES(m->offset);

	(void)mt;
	if (BITS_PER_BYTE_MASKED(m->offset))
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Member is not byte aligned");
	if (st->size - bytes_off < env->btf->ptr_size)
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Member exceeds struct_size");
	return 0;
}

static int array_check_member(struct kbtf_env *env, const struct btf_type *st,
			      const struct btf_member *m,
			      const struct btf_type *mt)
{
	__u32 id = m->type, asize = 0;

	(void)mt;
	if (BITS_PER_BYTE_MASKED(m->offset))
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Member is not byte aligned");
	kbtf_id_size(env->btf, &id, &asize);
	if (st->size - BITS_ROUNDDOWN_BYTES(m->offset) < asize)
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Member exceeds struct_size");
	return 0;
}

/* STRUCT/UNION and ENUM/ENUM64 members */
static int sized_check_member(struct kbtf_env *env, const struct btf_type *st,
			      const struct btf_member *m,
			      const struct btf_type *mt)
{
	if (BITS_PER_BYTE_MASKED(m->offset))
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Member is not byte aligned");
	if (st->size - BITS_ROUNDDOWN_BYTES(m->offset) < mt->size)
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Member exceeds struct_size");
	return 0;
}

/* enum bitfields are limited to the bits of an int, ENUM64 included */
static int enum_check_kflag_member(struct kbtf_env *env,
				   const struct btf_type *st,
				   const struct btf_member *m,
				   const struct btf_type *mt)
{
	__u32 bit_off = BTF_MEMBER_BIT_OFFSET(m->offset);
	__u32 nr_bits = BTF_MEMBER_BITFIELD_SIZE(m->offset);

	(void)mt;
	if (!nr_bits) {
		if (BITS_PER_BYTE_MASKED(bit_off))
			return kbtf_log_member(env, st, m, -EINVAL,
					       "Member is not byte aligned");
		nr_bits = 32;
	} else if (nr_bits > 32) {
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Invalid member bitfield_size");
	}
	if (st->size < BITS_ROUNDUP_BYTES(bit_off + nr_bits))
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Member exceeds struct_size");
	return 0;
}

static int float_check_member(struct kbtf_env *env, const struct btf_type *st,
			      const struct btf_member *m,
			      const struct btf_type *mt)
{
	__u64 align_bits, end;

	align_bits = (mt->size < 8 ? mt->size : 8) * 8ull;
	if (m->offset % align_bits)
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Member is not properly aligned");
	end = (__u64)(m->offset / 8) + mt->size;
	if (end > st->size)
		return kbtf_log_member(env, st, m, -EINVAL,
				       "Member exceeds struct_size");
	return 0;
}

/* ---- check_meta ---------------------------------------------------- */

static int int_check_meta(struct kbtf_env *env, const struct btf_type *t,
			  __u32 left)
{
	__u32 data, nr_bits, enc;

	if (left < sizeof(__u32))
		return meta_short(env, t, left, sizeof(__u32));
	if (btf_vlen(t))
		return VLEN_BAD(env, t);
	if (btf_kflag(t))
		return KFLAG_BAD(env, t);
	data = *(const __u32 *)(t + 1);
	if (data & ~KBTF_INT_MASK)
		return log_basic(env, t, -EINVAL, "Invalid int_data:%x", data);
	nr_bits = BTF_INT_BITS(data) + BTF_INT_OFFSET(data);
	if (nr_bits > BITS_PER_U128)
		return log_type(env, t, -EINVAL, "nr_bits exceeds %u",
				BITS_PER_U128);
	if (BITS_ROUNDUP_BYTES(nr_bits) > t->size)
		return log_type(env, t, -EINVAL, "nr_bits exceeds type_size");
	enc = BTF_INT_ENCODING(data);
	if (enc && enc != BTF_INT_SIGNED && enc != BTF_INT_CHAR &&
	    enc != BTF_INT_BOOL)
		return log_type(env, t, -KBTF_ENOTSUPP, "Unsupported encoding");
	return sizeof(__u32);
}

/* PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG */
static int ref_check_meta(struct kbtf_env *env, const struct btf_type *t,
			  __u32 left)
{
	__u32 kind = btf_kind(t);

	(void)left;
	if (btf_vlen(t))
		return VLEN_BAD(env, t);
	if (btf_kflag(t) && !(kind == BTF_KIND_TYPE_TAG && tag_kflag_ok(env)))
		return KFLAG_BAD(env, t);
	if (!id_valid(t->type))
		return log_type(env, t, -EINVAL, "Invalid type_id");
	if (kind == BTF_KIND_TYPEDEF) {
		if (!req_ident(env, t->name_off))
			return NAME_BAD(env, t);
	} else if (kind == BTF_KIND_TYPE_TAG) {
		if (!nonempty(env, t->name_off))
			return NAME_BAD(env, t);
	} else if (t->name_off) {
		return NAME_BAD(env, t);
	}
	return 0;
}

static int fwd_check_meta(struct kbtf_env *env, const struct btf_type *t,
			  __u32 left)
{
	(void)left;
	if (btf_vlen(t))
		return VLEN_BAD(env, t);
	if (t->type)
		return log_type(env, t, -EINVAL, "type != 0");
	if (!req_ident(env, t->name_off))
		return NAME_BAD(env, t);
	return 0;
}

static int array_check_meta(struct kbtf_env *env, const struct btf_type *t,
			    __u32 left)
{
	const struct btf_array *a = (const void *)(t + 1);

	if (left < sizeof(*a))
		return meta_short(env, t, left, sizeof(*a));
	if (t->name_off)
		return NAME_BAD(env, t);
	if (btf_vlen(t))
		return VLEN_BAD(env, t);
	if (btf_kflag(t))
		return KFLAG_BAD(env, t);
	if (t->size)
		return log_type(env, t, -EINVAL, "size != 0");
	if (!a->type || !id_valid(a->type))
		return log_type(env, t, -EINVAL, "Invalid elem");
	if (!a->index_type || !id_valid(a->index_type))
		return log_type(env, t, -EINVAL, "Invalid index");
	return sizeof(*a);
}

static int struct_check_meta(struct kbtf_env *env, const struct btf_type *t,
			     __u32 left)
{
	bool is_union = btf_kind(t) == BTF_KIND_UNION;
	const struct btf_member *m = (const void *)(t + 1);
	__u32 needed = btf_vlen(t) * sizeof(*m), last = 0, off;
	__u16 i;

	if (left < needed)
		return meta_short(env, t, left, needed);
	if (!opt_ident(env, t->name_off))
		return NAME_BAD(env, t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		if (!kbtf_name_offset_valid(env->btf, m->name_off)) {
			char reason[64];

			snprintf(reason, sizeof(reason),
				 "Invalid member name_offset:%u", m->name_off);
			return kbtf_log_member(env, t, m, -EINVAL, reason);
		}
		if (!opt_ident(env, m->name_off))
			return kbtf_log_member(env, t, m, -EINVAL,
					       "Invalid name");
		if (!m->type || !id_valid(m->type))
			return kbtf_log_member(env, t, m, -EINVAL,
					       "Invalid type_id");
		off = btf_kflag(t) ? BTF_MEMBER_BIT_OFFSET(m->offset) :
				     m->offset;
		if (is_union && off)
			return kbtf_log_member(env, t, m, -EINVAL,
					       "Invalid member bits_offset");
		/* equal is fine: a trailing "char a[0]" */
		if (last > off)
			return kbtf_log_member(env, t, m, -EINVAL,
					       "Invalid member bits_offset");
		if (BITS_ROUNDUP_BYTES(off) > t->size)
			return kbtf_log_member(env, t, m, -EINVAL,
				"Member bits_offset exceeds its struct size");
		last = off;
	}
	return needed;
}

/* ENUM and ENUM64: the same rules, 8 or 12 bytes an enumerator */
static int enum_check_meta(struct kbtf_env *env, const struct btf_type *t,
			   __u32 left)
{
	size_t esz = btf_kind(t) == BTF_KIND_ENUM ?
		sizeof(struct btf_enum) : sizeof(struct btf_enum64);
	const __u8 *e = (const void *)(t + 1);
	__u32 needed = btf_vlen(t) * esz, name_off;
	struct kbtf_comp comp = { .line = KBTF_LINE_ENUM };
	__u16 i;

	if (left < needed)
		return meta_short(env, t, left, needed);
	if (t->size > 8 || !t->size || (t->size & (t->size - 1)))
		return log_type(env, t, -EINVAL, "Unexpected size");
	if (!opt_ident(env, t->name_off))
		return NAME_BAD(env, t);
	for (i = 0; i < btf_vlen(t); i++, e += esz) {
		/* name_off is the first field of both enumerator layouts */
		memcpy(&name_off, e, sizeof(name_off));
		if (!kbtf_name_offset_valid(env->btf, name_off)) {
			comp.idx = i;
			return kbtf_report(env, KBTF_LINE_ENUM, t, &comp,
					   -EINVAL, true,
					   "Invalid name_offset:%u", name_off);
		}
		if (!req_ident(env, name_off))
			return NAME_BAD(env, t);
	}
	return needed;
}

static int func_proto_check_meta(struct kbtf_env *env,
				 const struct btf_type *t, __u32 left)
{
	__u32 needed = btf_vlen(t) * sizeof(struct btf_param);

	if (left < needed)
		return meta_short(env, t, left, needed);
	if (t->name_off)
		return NAME_BAD(env, t);
	if (btf_kflag(t))
		return KFLAG_BAD(env, t);
	return needed;
}

static int func_check_meta(struct kbtf_env *env, const struct btf_type *t,
			   __u32 left)
{
	(void)left;
	if (!req_ident(env, t->name_off))
		return NAME_BAD(env, t);
	if (btf_vlen(t) > BTF_FUNC_GLOBAL)
		return log_type(env, t, -EINVAL, "Invalid func linkage");
	if (btf_kflag(t))
		return KFLAG_BAD(env, t);
	return 0;
}

static int var_check_meta(struct kbtf_env *env, const struct btf_type *t,
			  __u32 left)
{
	const struct btf_var *v = (const void *)(t + 1);

	if (left < sizeof(*v))
		return meta_short(env, t, left, sizeof(*v));
	if (btf_vlen(t))
		return VLEN_BAD(env, t);
	if (btf_kflag(t))
		return KFLAG_BAD(env, t);
	if (!req_ident(env, t->name_off))
		return NAME_BAD(env, t);
	/* a variable cannot be void */
	if (!t->type || !id_valid(t->type))
		return log_type(env, t, -EINVAL, "Invalid type_id");
	if (v->linkage != BTF_VAR_STATIC &&
	    v->linkage != BTF_VAR_GLOBAL_ALLOCATED)
		return log_type(env, t, -EINVAL, "Linkage not supported");
	return sizeof(*v);
}

static int datasec_check_meta(struct kbtf_env *env, const struct btf_type *t,
			      __u32 left)
{
	const struct btf_var_secinfo *vsi = (const void *)(t + 1);
	__u32 needed = btf_vlen(t) * sizeof(*vsi);
	__u64 last_end = 0, sum = 0;
	__u16 i;

	if (left < needed)
		return meta_short(env, t, left, needed);
	if (!t->size)
		return log_type(env, t, -EINVAL, "size == 0");
	if (btf_kflag(t))
		return KFLAG_BAD(env, t);
	if (!t->name_off || !kbtf_name_valid_section(env, t->name_off))
		return NAME_BAD(env, t);
	for (i = 0; i < btf_vlen(t); i++, vsi++) {
		if (!vsi->type || !id_valid(vsi->type))
			return kbtf_log_vsi(env, t, vsi, -EINVAL,
					    "Invalid type_id");
		/* sorted by offset, not overlapping; touching is fine */
		if (vsi->offset < last_end || vsi->offset >= t->size)
			return kbtf_log_vsi(env, t, vsi, -EINVAL,
					    "Invalid offset");
		if (!vsi->size || vsi->size > t->size)
			return kbtf_log_vsi(env, t, vsi, -EINVAL,
					    "Invalid size");
		last_end = (__u64)vsi->offset + vsi->size;
		if (last_end > t->size)
			return kbtf_log_vsi(env, t, vsi, -EINVAL,
					    "Invalid offset+size");
		sum += vsi->size;
	}
	if (t->size < sum)
		return log_type(env, t, -EINVAL, "Invalid btf_info size");
	return needed;
}

static int float_check_meta(struct kbtf_env *env, const struct btf_type *t,
			    __u32 left)
{
	(void)left;
	if (btf_vlen(t))
		return VLEN_BAD(env, t);
	if (btf_kflag(t))
		return KFLAG_BAD(env, t);
	if (t->size != 2 && t->size != 4 && t->size != 8 && t->size != 12 &&
	    t->size != 16)
		return log_type(env, t, -EINVAL, "Invalid type_size");
	return 0;
}

static int decl_tag_check_meta(struct kbtf_env *env, const struct btf_type *t,
			       __u32 left)
{
	const struct btf_decl_tag *d = (const void *)(t + 1);

	if (left < sizeof(*d))
		return meta_short(env, t, left, sizeof(*d));
	if (!nonempty(env, t->name_off))
		return log_type(env, t, -EINVAL, "Invalid value");
	if (btf_vlen(t))
		return VLEN_BAD(env, t);
	if (btf_kflag(t) && !tag_kflag_ok(env))
		return KFLAG_BAD(env, t);
	if (d->component_idx < -1)
		return log_type(env, t, -EINVAL, "Invalid component_idx");
	return sizeof(*d);
}

/* ---- resolve ------------------------------------------------------- */

static int df_resolve(struct kbtf_env *env, const struct kbtf_vertex *v)
{
	return log_basic(env, v->t, -EINVAL, "Unsupported resolve");
}

/*
 * A modifier or a VAR whose target is a modifier resolved to a PTR: keep
 * walking from that PTR so that pointer loops through modifiers are seen.
 * Returns what kbtf_push() returns, or KBTF_WALK_NOT_PUSHED.
 */
static int push_resolved_ptr(struct kbtf_env *env,
			     const struct btf_type *next, __u32 next_id)
{
	const struct btf_type *rt;
	__u32 rid = next_id;

	if (!kbtf_type_is_modifier(next))
		return 1;
	rt = kbtf_id_resolve(env->btf, &rid);
	if (rt && btf_kind(rt) == BTF_KIND_PTR && !kbtf_is_sink(env, rt) &&
	    !kbtf_is_resolved(env, rid))
		return kbtf_push(env, rt, rid);
	return KBTF_WALK_NOT_PUSHED;
}

/* void, FWD and FUNC_PROTO are the size-less targets a reference may have */
static int sizeless_target_ok(struct kbtf_env *env,
			      const struct kbtf_vertex *v, __u32 *next_id)
{
	const struct btf_type *next = kbtf_type_by_id(env->btf, *next_id);
	__u32 k;

	if (kbtf_id_size(env->btf, next_id, NULL))
		return 0;
	if (kbtf_is_resolved(env, *next_id))
		next = kbtf_id_resolve(env->btf, next_id);
	k = next ? btf_kind(next) : BTF_KIND_UNKN;
	if (next && !kbtf_is_void(next) && k != BTF_KIND_FWD &&
	    k != BTF_KIND_FUNC_PROTO)
		return log_type(env, v->t, -EINVAL, "Invalid type_id");
	return 0;
}

/*
 * The target of reference type @v (a modifier, VAR or PTR): an error when
 * it cannot be one; *pushed when it has to be resolved first (the caller
 * returns and is visited again).
 */
static int ref_target(struct kbtf_env *env, const struct kbtf_vertex *v,
		      const struct btf_type **next, bool *pushed)
{
	__u32 id = v->t->type;

	*next = kbtf_type_by_id(env->btf, id);
	*pushed = false;
	if (!*next || kbtf_type_is_source_only(*next))
		return log_type(env, v->t, -EINVAL, "Invalid type_id");
	if (!kbtf_is_sink(env, *next) && !kbtf_is_resolved(env, id)) {
		*pushed = true;
		return kbtf_push(env, *next, id);
	}
	return 0;
}

static int modifier_resolve(struct kbtf_env *env, const struct kbtf_vertex *v)
{
	__u32 next_id = v->t->type;
	const struct btf_type *next;
	bool pushed;
	int err;

	err = ref_target(env, v, &next, &pushed);
	if (err || pushed)
		return err;
	err = sizeless_target_ok(env, v, &next_id);
	if (err)
		return err;
	kbtf_pop_resolved(env, next_id, 0);
	return 0;
}

static int var_resolve(struct kbtf_env *env, const struct kbtf_vertex *v)
{
	__u32 next_id = v->t->type;
	const struct btf_type *next;
	bool pushed;
	int err;

	err = ref_target(env, v, &next, &pushed);
	if (err || pushed)
		return err;
	err = push_resolved_ptr(env, next, next_id);
	if (err != KBTF_WALK_NOT_PUSHED)
		return err;
	/* a variable needs a size: no void, FWD, FUNC, FUNC_PROTO */
	if (!kbtf_id_size(env->btf, &next_id, NULL))
		return log_type(env, v->t, -EINVAL, "Invalid type_id");
	kbtf_pop_resolved(env, next_id, 0);
	return 0;
}

static int ptr_resolve(struct kbtf_env *env, const struct kbtf_vertex *v)
{
	__u32 next_id = v->t->type;
	const struct btf_type *next;
	bool pushed;
	int err;

	err = ref_target(env, v, &next, &pushed);
	if (err || pushed)
		return err;
	err = push_resolved_ptr(env, next, next_id);
	if (err != KBTF_WALK_NOT_PUSHED)
		return err;
	err = sizeless_target_ok(env, v, &next_id);
	if (err)
		return err;
	kbtf_pop_resolved(env, next_id, 0);
	return 0;
}

static int array_resolve(struct kbtf_env *env, const struct kbtf_vertex *v)
{
	const struct btf_array *a = (const void *)(v->t + 1);
	const struct btf_type *it, *et;
	__u32 index_id = a->index_type, elem_id = a->type, elem_size = 0;

	it = kbtf_type_by_id(env->btf, index_id);
	if (kbtf_type_nosize_or_null(it) || kbtf_type_is_source_only(it))
		return log_type(env, v->t, -EINVAL, "Invalid index");
	if (!kbtf_is_sink(env, it) && !kbtf_is_resolved(env, index_id))
		return kbtf_push(env, it, index_id);
	it = kbtf_id_size(env->btf, &index_id, NULL);
	if (!it || btf_kind(it) != BTF_KIND_INT || !kbtf_int_is_regular(it))
		return log_type(env, v->t, -EINVAL, "Invalid index");

	et = kbtf_type_by_id(env->btf, elem_id);
	if (kbtf_type_nosize_or_null(et) || kbtf_type_is_source_only(et))
		return log_type(env, v->t, -EINVAL, "Invalid elem");
	if (!kbtf_is_sink(env, et) && !kbtf_is_resolved(env, elem_id))
		return kbtf_push(env, et, elem_id);
	et = kbtf_id_size(env->btf, &elem_id, &elem_size);
	if (!et)
		return log_type(env, v->t, -EINVAL, "Invalid elem");
	if (btf_kind(et) == BTF_KIND_INT && !kbtf_int_is_regular(et))
		return log_type(env, v->t, -EINVAL, "Invalid array of int");
	if (a->nelems && elem_size > U32_MAX_ / a->nelems)
		return log_type(env, v->t, -EINVAL,
				"Array size overflows U32_MAX");
	kbtf_pop_resolved(env, elem_id, elem_size * a->nelems);
	return 0;
}

static int check_one_member(struct kbtf_env *env, const struct btf_type *st,
			    const struct btf_member *m,
			    const struct btf_type *mt)
{
	if (btf_kflag(st))
		return ops_of(mt)->check_kflag_member(env, st, m, mt);
	return ops_of(mt)->check_member(env, st, m, mt);
}

static int struct_resolve(struct kbtf_env *env, const struct kbtf_vertex *v)
{
	const struct btf_member *members = (const void *)(v->t + 1);
	const struct btf_member *m;
	const struct btf_type *mt;
	__u16 i;
	int err;

	/* the member pushed last time is resolved now: check it */
	if (v->next_member) {
		m = &members[v->next_member - 1];
		if (!kbtf_is_resolved(env, m->type))
			return kbtf_report_silent(env, v->t, -EINVAL,
				"member type not resolved (kernel WARN)");
		mt = kbtf_type_by_id(env->btf, m->type);
		env->cur_member = v->next_member - 1;
		err = check_one_member(env, v->t, m, mt);
		if (err)
			return err;
	}
	for (i = v->next_member; i < btf_vlen(v->t); i++) {
		m = &members[i];
		mt = kbtf_type_by_id(env->btf, m->type);
		if (kbtf_type_nosize_or_null(mt) ||
		    kbtf_type_is_source_only(mt))
			return kbtf_log_member(env, v->t, m, -EINVAL,
					       "Invalid member");
		if (!kbtf_is_sink(env, mt) && !kbtf_is_resolved(env, m->type)) {
			kbtf_set_next_member(env, i + 1);
			return kbtf_push(env, mt, m->type);
		}
		env->cur_member = i;
		err = check_one_member(env, v->t, m, mt);
		if (err)
			return err;
	}
	kbtf_pop_resolved(env, 0, 0);
	return 0;
}

/*
 * Note the kernel's shape here: a VAR pushed for entry i is not checked
 * again when the walk comes back (it resumes at i + 1), so the size
 * checks below only apply to VARs that were resolved already.
 */
static int datasec_resolve(struct kbtf_env *env, const struct kbtf_vertex *v)
{
	const struct btf_var_secinfo *vsi = (const void *)(v->t + 1);
	const struct btf_type *vt;
	__u32 type_id, type_size;
	__u16 i;

	env->mode = RESOLVE_TBD;
	for (i = v->next_member; i < btf_vlen(v->t); i++) {
		vt = kbtf_type_by_id(env->btf, vsi[i].type);
		if (!vt || btf_kind(vt) != BTF_KIND_VAR)
			return kbtf_log_vsi(env, v->t, &vsi[i], -EINVAL,
					    "Not a VAR kind member");
		if (!kbtf_is_sink(env, vt) &&
		    !kbtf_is_resolved(env, vsi[i].type)) {
			kbtf_set_next_member(env, i + 1);
			return kbtf_push(env, vt, vsi[i].type);
		}
		type_id = vt->type;
		type_size = 0;
		if (!kbtf_id_size(env->btf, &type_id, &type_size))
			return kbtf_log_vsi(env, v->t, &vsi[i], -EINVAL,
					    "Invalid type");
		if (vsi[i].size < type_size)
			return kbtf_log_vsi(env, v->t, &vsi[i], -EINVAL,
					    "Invalid size");
	}
	kbtf_pop_resolved(env, 0, 0);
	return 0;
}

static bool is_decl_tag_target(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_FUNC:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_VAR:
	case BTF_KIND_TYPEDEF:
		return true;
	}
	return false;
}

static int decl_tag_resolve(struct kbtf_env *env, const struct kbtf_vertex *v)
{
	const struct btf_decl_tag *d = (const void *)(v->t + 1);
	__u32 next_id = v->t->type, vlen, k;
	const struct btf_type *next = kbtf_type_by_id(env->btf, next_id);

	if (!next || !is_decl_tag_target(next))
		return log_type(env, v->t, -EINVAL, "Invalid type_id");
	if (!kbtf_is_sink(env, next) && !kbtf_is_resolved(env, next_id))
		return kbtf_push(env, next, next_id);
	if (d->component_idx != -1) {
		k = btf_kind(next);
		if (k == BTF_KIND_VAR || k == BTF_KIND_TYPEDEF)
			return log_type(env, v->t, -EINVAL,
					"Invalid component_idx");
		if (k == BTF_KIND_FUNC) {
			/* resolved FUNCs point at a FUNC_PROTO */
			next = kbtf_type_by_id(env->btf, next->type);
			if (!next)
				return kbtf_report_silent(env, v->t, -EINVAL,
					"FUNC without FUNC_PROTO");
		}
		vlen = btf_vlen(next);
		if ((__u32)d->component_idx >= vlen)
			return log_type(env, v->t, -EINVAL,
					"Invalid component_idx");
	}
	kbtf_pop_resolved(env, next_id, 0);
	return 0;
}

/* FUNC: its type is a FUNC_PROTO whose typed params all have names */
static int func_resolve(struct kbtf_env *env, const struct kbtf_vertex *v)
{
	const struct btf_type *proto = kbtf_type_by_id(env->btf, v->t->type);
	const struct btf_param *p;
	__u16 i;

	if (!proto || btf_kind(proto) != BTF_KIND_FUNC_PROTO)
		return log_type(env, v->t, -EINVAL, "Invalid type_id");
	p = (const void *)(proto + 1);
	for (i = 0; i < btf_vlen(proto); i++)
		if (!p[i].name_off && p[i].type)
			return log_type(env, v->t, -EINVAL, "Invalid arg#%u",
					i + 1);
	kbtf_pop_resolved(env, v->t->type, 0);
	return 0;
}

/* Resolve @id first when needed; 0 or the (reported) error */
static int resolve_if_needed(struct kbtf_env *env, const struct btf_type *t,
			     __u32 id)
{
	if (kbtf_type_needs_resolve(t) && !kbtf_is_resolved(env, id))
		return kbtf_resolve(env, t, id);
	return 0;
}

/*
 * btf_func_proto_check: run on every FUNC_PROTO of user BTF after the
 * resolve step of its id.  A void return is fine; a trailing param of
 * type 0 is a vararg and must be anonymous.
 */
int kbtf_func_proto_check(struct kbtf_env *env, const struct btf_type *t)
{
	const struct btf_param *p = (const void *)(t + 1);
	const struct btf_type *rt, *at;
	__u16 n = btf_vlen(t), i;
	__u32 id;
	int err;

	if (t->type) {
		id = t->type;
		rt = kbtf_type_by_id(env->btf, id);
		if (!rt || kbtf_type_is_source_only(rt))
			return log_type(env, t, -EINVAL, "Invalid return type");
		err = resolve_if_needed(env, rt, id);
		if (err)
			return err;
		if (!kbtf_id_size(env->btf, &id, NULL))
			return log_type(env, t, -EINVAL, "Invalid return type");
	}
	if (!n)
		return 0;
	if (!p[n - 1].type) {
		if (p[n - 1].name_off)
			return log_type(env, t, -EINVAL, "Invalid arg#%u", n);
		n--;
	}
	for (i = 0; i < n; i++) {
		id = p[i].type;
		at = kbtf_type_by_id(env->btf, id);
		if (!at || kbtf_type_is_source_only(at))
			return log_type(env, t, -EINVAL, "Invalid arg#%u",
					i + 1);
		if (p[i].name_off &&
		    (!kbtf_name_offset_valid(env->btf, p[i].name_off) ||
		     !kbtf_name_valid_identifier(env, p[i].name_off)))
			return log_type(env, t, -EINVAL, "Invalid arg#%u",
					i + 1);
		err = resolve_if_needed(env, at, id);
		if (err)
			return err;
		if (!kbtf_id_size(env->btf, &id, NULL))
			return log_type(env, t, -EINVAL, "Invalid arg#%u",
					i + 1);
	}
	return 0;
}

/* ---- the table ----------------------------------------------------- */

static const struct kbtf_kind_ops int_ops = {
	.check_meta		= int_check_meta,
	.resolve		= df_resolve,
	.check_member		= int_check_member,
	.check_kflag_member	= int_check_kflag_member,
	.details		= int_details,
};

static const struct kbtf_kind_ops ptr_ops = {
	.check_meta		= ref_check_meta,
	.resolve		= ptr_resolve,
	.check_member		= ptr_check_member,
	.check_kflag_member	= generic_check_kflag_member,
	.details		= ref_details,
};

/* TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG */
static const struct kbtf_kind_ops modifier_ops = {
	.check_meta		= ref_check_meta,
	.resolve		= modifier_resolve,
	.check_member		= modifier_check_member,
	.check_kflag_member	= modifier_check_kflag_member,
	.details		= ref_details,
};

static const struct kbtf_kind_ops array_ops = {
	.check_meta		= array_check_meta,
	.resolve		= array_resolve,
	.check_member		= array_check_member,
	.check_kflag_member	= generic_check_kflag_member,
	.details		= array_details,
};

static const struct kbtf_kind_ops struct_ops = {
	.check_meta		= struct_check_meta,
	.resolve		= struct_resolve,
	.check_member		= sized_check_member,
	.check_kflag_member	= generic_check_kflag_member,
	.details		= size_vlen_details,
};

static const struct kbtf_kind_ops enum_ops = {
	.check_meta		= enum_check_meta,
	.resolve		= df_resolve,
	.check_member		= sized_check_member,
	.check_kflag_member	= enum_check_kflag_member,
	.details		= size_vlen_details,
};

static const struct kbtf_kind_ops fwd_ops = {
	.check_meta		= fwd_check_meta,
	.resolve		= df_resolve,
	.check_member		= df_check_member,
	.check_kflag_member	= df_check_kflag_member,
	.details		= fwd_details,
};

static const struct kbtf_kind_ops func_ops = {
	.check_meta		= func_check_meta,
	.resolve		= func_resolve,
	.check_member		= df_check_member,
	.check_kflag_member	= df_check_kflag_member,
	.details		= ref_details,
};

/* never a member directly: only through a PTR */
static const struct kbtf_kind_ops func_proto_ops = {
	.check_meta		= func_proto_check_meta,
	.resolve		= df_resolve,
	.check_member		= df_check_member,
	.check_kflag_member	= df_check_kflag_member,
	.details		= func_proto_details,
};

static const struct kbtf_kind_ops var_ops = {
	.check_meta		= var_check_meta,
	.resolve		= var_resolve,
	.check_member		= df_check_member,
	.check_kflag_member	= df_check_kflag_member,
	.details		= var_details,
};

static const struct kbtf_kind_ops datasec_ops = {
	.check_meta		= datasec_check_meta,
	.resolve		= datasec_resolve,
	.check_member		= df_check_member,
	.check_kflag_member	= df_check_kflag_member,
	.details		= size_vlen_details,
};

static const struct kbtf_kind_ops float_ops = {
	.check_meta		= float_check_meta,
	.resolve		= df_resolve,
	.check_member		= float_check_member,
	.check_kflag_member	= generic_check_kflag_member,
	.details		= float_details,
};

static const struct kbtf_kind_ops decl_tag_ops = {
	.check_meta		= decl_tag_check_meta,
	.resolve		= decl_tag_resolve,
	.check_member		= df_check_member,
	.check_kflag_member	= df_check_kflag_member,
	.details		= decl_tag_details,
};

const struct kbtf_kind_ops *const kbtf_kind_ops[KBTF_NR_KINDS] = {
	[BTF_KIND_INT]		= &int_ops,
	[BTF_KIND_PTR]		= &ptr_ops,
	[BTF_KIND_ARRAY]	= &array_ops,
	[BTF_KIND_STRUCT]	= &struct_ops,
	[BTF_KIND_UNION]	= &struct_ops,
	[BTF_KIND_ENUM]		= &enum_ops,
	[BTF_KIND_FWD]		= &fwd_ops,
	[BTF_KIND_TYPEDEF]	= &modifier_ops,
	[BTF_KIND_VOLATILE]	= &modifier_ops,
	[BTF_KIND_CONST]	= &modifier_ops,
	[BTF_KIND_RESTRICT]	= &modifier_ops,
	[BTF_KIND_FUNC]		= &func_ops,
	[BTF_KIND_FUNC_PROTO]	= &func_proto_ops,
	[BTF_KIND_VAR]		= &var_ops,
	[BTF_KIND_DATASEC]	= &datasec_ops,
	[BTF_KIND_FLOAT]	= &float_ops,
	[BTF_KIND_DECL_TAG]	= &decl_tag_ops,
	[BTF_KIND_TYPE_TAG]	= &modifier_ops,
	[BTF_KIND_ENUM64]	= &enum_ops,
};
