// SPDX-License-Identifier: GPL-2.0-only
/*
 * The BTF checker's passes, in the kernel's order: header and section
 * layout, string section, per-type meta checks (the per-kind table is in
 * btf_kinds.c), then for user BTF the resolve DFS with the FUNC_PROTO
 * checks, and last the type tag chains (docs/validator.md describes them
 * with the kernel's function names).  Everything works on the raw bytes;
 * nothing here trusts libbpf's parser.
 *
 * Assumes the host is little-endian like the BTF it is given, as the
 * kernel does: BTF of the other byte order fails with "Invalid magic".
 *
 * Owns: private copies of the type section (aligned) and of the string
 * section (NUL-terminated), the type index and the resolve state; all
 * freed before kbtf_btf__check() returns.  The caller's bytes are only
 * read.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf_check_int.h"
#include "kbtf_util.h"
#include "kbtf_log.h"

static const struct btf_type void_type;

/* ---- lookups ------------------------------------------------------- */

const struct btf_type *kbtf_type_by_id(const struct kbtf_vbtf *btf, __u32 id)
{
	while (btf->base && id < btf->start_id)
		btf = btf->base;
	if (id < btf->start_id)
		return NULL;
	id -= btf->start_id;
	if (id >= btf->nr_types)
		return NULL;
	return btf->types[id];
}

bool kbtf_is_void(const struct btf_type *t)
{
	return t == &void_type;
}

bool kbtf_name_offset_valid(const struct kbtf_vbtf *btf, __u32 off)
{
	if (off > BTF_MAX_NAME_OFFSET)
		return false;
	while (btf->base && off < btf->start_str_off)
		btf = btf->base;
	return off - btf->start_str_off < btf->str_len;
}

const char *kbtf_str_by_offset(const struct kbtf_vbtf *btf, __u32 off)
{
	while (btf->base && off < btf->start_str_off)
		btf = btf->base;
	off -= btf->start_str_off;
	if (off < btf->str_len)
		return btf->strings + off;
	return NULL;
}

const char *kbtf_name_for_log(const struct kbtf_vbtf *btf, __u32 off)
{
	const char *s;

	if (!off)
		return "(anon)";
	s = kbtf_str_by_offset(btf, off);
	return s ? s : "(invalid-name-offset)";
}

bool kbtf_type_is_modifier(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return true;
	}
	return false;
}

bool kbtf_type_is_struct(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_STRUCT || btf_kind(t) == BTF_KIND_UNION;
}

static bool type_nosize(const struct btf_type *t)
{
	__u32 k = btf_kind(t);

	return kbtf_is_void(t) || k == BTF_KIND_FWD || k == BTF_KIND_FUNC ||
	       k == BTF_KIND_FUNC_PROTO;
}

bool kbtf_type_nosize_or_null(const struct btf_type *t)
{
	return !t || type_nosize(t);
}

/* VAR, DECL_TAG and DATASEC refer to types; nothing may refer to them */
bool kbtf_type_is_source_only(const struct btf_type *t)
{
	__u32 k = btf_kind(t);

	return k == BTF_KIND_VAR || k == BTF_KIND_DECL_TAG ||
	       k == BTF_KIND_DATASEC;
}

bool kbtf_type_needs_resolve(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ARRAY:
	case BTF_KIND_VAR:
	case BTF_KIND_FUNC:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_DATASEC:
		return true;
	}
	return kbtf_type_is_modifier(t);
}

static bool type_has_size(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_DATASEC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_ENUM64:
		return true;
	}
	return false;
}

/* not a bitfield: u8/u16/u32/u64 or __int128 */
bool kbtf_int_is_regular(const struct btf_type *t)
{
	__u32 d = *(const __u32 *)(t + 1);
	__u32 bits = BTF_INT_BITS(d), bytes = BITS_ROUNDUP_BYTES(bits);

	if (BITS_PER_BYTE_MASKED(bits) || BTF_INT_OFFSET(d))
		return false;
	return bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8 ||
	       bytes == 16;
}

/* ---- resolve state ------------------------------------------------- */

static __u32 resolved_id(const struct kbtf_vbtf *btf, __u32 id)
{
	while (btf->base && id < btf->start_id)
		btf = btf->base;
	id -= btf->start_id;
	if (!btf->resolved_ids || id >= btf->nr_types)
		return 0;
	return btf->resolved_ids[id];
}

static __u32 resolved_size(const struct kbtf_vbtf *btf, __u32 id)
{
	while (btf->base && id < btf->start_id)
		btf = btf->base;
	id -= btf->start_id;
	if (!btf->resolved_sizes || id >= btf->nr_types)
		return 0;
	return btf->resolved_sizes[id];
}

const struct btf_type *kbtf_id_resolve(const struct kbtf_vbtf *btf,
				       __u32 *id)
{
	*id = resolved_id(btf, *id);
	return kbtf_type_by_id(btf, *id);
}

/* btf_type_id_size: the sized type @id stands for, following resolution */
const struct btf_type *kbtf_id_size(const struct kbtf_vbtf *btf, __u32 *id,
				    __u32 *ret_size)
{
	const struct btf_type *t = kbtf_type_by_id(btf, *id);
	__u32 sid = *id, size;

	if (kbtf_type_nosize_or_null(t))
		return NULL;
	if (type_has_size(t)) {
		size = t->size;
	} else if (btf_kind(t) == BTF_KIND_ARRAY) {
		size = resolved_size(btf, sid);
	} else if (btf_kind(t) == BTF_KIND_PTR) {
		size = btf->ptr_size;
	} else {
		if (!kbtf_type_is_modifier(t) && btf_kind(t) != BTF_KIND_VAR)
			return NULL;	/* the kernel WARNs */
		sid = resolved_id(btf, sid);
		t = kbtf_type_by_id(btf, sid);
		if (kbtf_type_nosize_or_null(t))
			return NULL;
		if (type_has_size(t))
			size = t->size;
		else if (btf_kind(t) == BTF_KIND_ARRAY)
			size = resolved_size(btf, sid);
		else if (btf_kind(t) == BTF_KIND_PTR)
			size = btf->ptr_size;
		else
			return NULL;
	}
	*id = sid;
	if (ret_size)
		*ret_size = size;
	return t;
}

bool kbtf_is_sink(const struct kbtf_env *env, const struct btf_type *t)
{
	__u32 k = btf_kind(t);

	switch (env->mode) {
	case RESOLVE_TBD:
		return !kbtf_type_needs_resolve(t);
	case RESOLVE_PTR:
		return !kbtf_type_is_modifier(t) && k != BTF_KIND_PTR;
	case RESOLVE_STRUCT_OR_ARRAY:
		return !kbtf_type_is_modifier(t) && k != BTF_KIND_ARRAY &&
		       !kbtf_type_is_struct(t);
	}
	return false;
}

bool kbtf_is_resolved(const struct kbtf_env *env, __u32 id)
{
	const struct kbtf_vbtf *btf = env->btf;

	/* base types count as resolved */
	if (id < btf->start_id)
		return true;
	id -= btf->start_id;
	return id < btf->nr_types && env->visit[id] == VISIT_DONE;
}

/*
 * -E2BIG past the depth limit, -EEXIST for a type already on the walk
 * (or from the base), as the kernel's env_stack_push().  KBTF_WALK_ABANDONED,
 * never the kernel's: the type failed earlier (all_problems mode), stop
 * this walk without a new report.
 */
int kbtf_push(struct kbtf_env *env, const struct btf_type *t, __u32 id)
{
	struct kbtf_vbtf *btf = env->btf;
	struct kbtf_vertex *v;
	__u32 local = id - btf->start_id;

	if (env->top == KBTF_MAX_RESOLVE_DEPTH)
		return -E2BIG;
	if (id < btf->start_id || local >= btf->nr_types)
		return -EEXIST;
	if (env->visit[local] == VISIT_FAILED)
		return KBTF_WALK_ABANDONED;
	if (env->visit[local] != VISIT_NONE)
		return -EEXIST;
	env->visit[local] = VISIT_ON;
	v = &env->stack[env->top++];
	v->t = t;
	v->type_id = id;
	v->next_member = 0;
	if (env->mode == RESOLVE_TBD) {
		if (btf_kind(t) == BTF_KIND_PTR)
			env->mode = RESOLVE_PTR;
		else if (kbtf_type_is_struct(t) ||
			 btf_kind(t) == BTF_KIND_ARRAY)
			env->mode = RESOLVE_STRUCT_OR_ARRAY;
	}
	return 0;
}

void kbtf_set_next_member(struct kbtf_env *env, __u16 next)
{
	env->stack[env->top - 1].next_member = next;
}

void kbtf_pop_resolved(struct kbtf_env *env, __u32 rid, __u32 rsize)
{
	struct kbtf_vbtf *btf = env->btf;
	__u32 local = env->stack[--env->top].type_id - btf->start_id;

	btf->resolved_sizes[local] = rsize;
	btf->resolved_ids[local] = rid;
	env->visit[local] = VISIT_DONE;
}

/* the kernel's final sanity check after a successful walk */
static bool resolve_valid(struct kbtf_env *env, const struct btf_type *t,
			  __u32 id)
{
	struct kbtf_vbtf *btf = env->btf;
	const struct btf_array *a;
	const struct btf_type *rt;
	__u32 k = btf_kind(t), rid, esize = 0;

	if (!kbtf_is_resolved(env, id))
		return false;
	if (kbtf_type_is_struct(t) || k == BTF_KIND_DATASEC)
		return !resolved_id(btf, id) && !resolved_size(btf, id);
	if (k == BTF_KIND_DECL_TAG || k == BTF_KIND_FUNC)
		return resolved_id(btf, id) && !resolved_size(btf, id);
	if (kbtf_type_is_modifier(t) || k == BTF_KIND_PTR ||
	    k == BTF_KIND_VAR) {
		rid = id;
		rt = kbtf_id_resolve(btf, &rid);
		return rt && !kbtf_type_is_modifier(rt) &&
		       btf_kind(rt) != BTF_KIND_VAR &&
		       btf_kind(rt) != BTF_KIND_DATASEC;
	}
	if (k == BTF_KIND_ARRAY) {
		a = (const void *)(t + 1);
		rid = a->type;
		rt = kbtf_id_size(btf, &rid, &esize);
		return rt && !kbtf_type_is_modifier(rt) &&
		       a->nelems * esize == resolved_size(btf, id);
	}
	return false;
}

int kbtf_resolve(struct kbtf_env *env, const struct btf_type *t, __u32 id)
{
	__u32 save_id = env->log_type_id, local = id - env->btf->start_id;
	enum kbtf_btf_phase save_phase = env->phase;
	const struct kbtf_vertex *v;
	int err = 0;
	__u32 i;

	if (env->visit[local] == VISIT_FAILED)
		return KBTF_WALK_ABANDONED;
	env->phase = KBTF_PHASE_RESOLVE;
	env->mode = RESOLVE_TBD;
	kbtf_push(env, t, id);
	while (!err && env->top) {
		v = &env->stack[env->top - 1];
		env->log_type_id = v->type_id;
		err = ops_of(v->t)->resolve(env, v);
	}

	env->log_type_id = id;
	if (err == -E2BIG)
		log_type(env, t, -E2BIG, "Exceeded max resolving depth:%u",
			 KBTF_MAX_RESOLVE_DEPTH);
	else if (err == -EEXIST)
		log_type(env, t, -EEXIST, "Loop detected");
	if (!err && !resolve_valid(env, t, id))
		err = log_type(env, t, -EINVAL, "Invalid resolve state");
	if (err) {
		/* all_problems: whatever depends on these is skipped */
		for (i = 0; i < env->top; i++)
			env->visit[env->stack[i].type_id -
				   env->btf->start_id] = VISIT_FAILED;
		env->visit[local] = VISIT_FAILED;
		env->top = 0;
	}
	env->log_type_id = save_id;
	env->phase = save_phase;
	return err;
}

/* ---- reporting ----------------------------------------------------- */

static const char *const kind_names[KBTF_NR_KINDS] = {
	[BTF_KIND_UNKN]		= "UNKNOWN",
	[BTF_KIND_INT]		= "INT",
	[BTF_KIND_PTR]		= "PTR",
	[BTF_KIND_ARRAY]	= "ARRAY",
	[BTF_KIND_STRUCT]	= "STRUCT",
	[BTF_KIND_UNION]	= "UNION",
	[BTF_KIND_ENUM]		= "ENUM",
	[BTF_KIND_FWD]		= "FWD",
	[BTF_KIND_TYPEDEF]	= "TYPEDEF",
	[BTF_KIND_VOLATILE]	= "VOLATILE",
	[BTF_KIND_CONST]	= "CONST",
	[BTF_KIND_RESTRICT]	= "RESTRICT",
	[BTF_KIND_FUNC]		= "FUNC",
	[BTF_KIND_FUNC_PROTO]	= "FUNC_PROTO",
	[BTF_KIND_VAR]		= "VAR",
	[BTF_KIND_DATASEC]	= "DATASEC",
	[BTF_KIND_FLOAT]	= "FLOAT",
	[BTF_KIND_DECL_TAG]	= "DECL_TAG",
	[BTF_KIND_TYPE_TAG]	= "TYPE_TAG",
	[BTF_KIND_ENUM64]	= "ENUM64",
};

const char *kbtf_btf_kind_str(__u32 kind)
{
	return kind < KBTF_NR_KINDS ? kind_names[kind] : "UNKNOWN";
}

static void report_v(struct kbtf_env *env, enum kbtf_btf_line line,
		     const struct btf_type *t, const struct kbtf_comp *comp,
		     int err, bool fatal, const char *reason)
{
	struct kbtf_btf_verdict *vd = env->verdict;
	struct kbtf_btf_problem p = {};
	char details[1024] = "", cs[600] = "";
	const struct btf_member *m;
	__u32 kind = t ? btf_kind(t) : 0;

	if (env->stop)
		return;
	p.phase = env->phase;
	if (p.phase == KBTF_PHASE_HEADER || p.phase == KBTF_PHASE_STRINGS ||
	    p.phase == KBTF_PHASE_TYPE_SEC)
		p.type_id = 0;
	else
		p.type_id = env->log_type_id;
	p.kind = t ? kind : 0;
	p.kind_str = t ? kbtf_btf_kind_str(kind) : "";
	p.name = t ? kbtf_name_for_log(env->btf, t->name_off) : "";
	/* BASIC and ID lines may sit on a truncated record: no details */
	if (t && line != KBTF_LINE_BASIC && line != KBTF_LINE_ID &&
	    line != KBTF_LINE_PLAIN && kind && kind < KBTF_NR_KINDS)
		kbtf_kind_ops[kind]->details(env, t, details, sizeof(details));
	p.details = details;
	p.component_idx = comp ? comp->idx : -1;
	if (comp && comp->line == KBTF_LINE_MEMBER) {
		m = comp->m;
		if (btf_kflag(comp->owner))
			snprintf(cs, sizeof(cs),
				 "%s type_id=%u bitfield_size=%u bits_offset=%u",
				 kbtf_name_for_log(env->btf, m->name_off),
				 m->type, BTF_MEMBER_BITFIELD_SIZE(m->offset),
				 BTF_MEMBER_BIT_OFFSET(m->offset));
		else
			snprintf(cs, sizeof(cs), "%s type_id=%u bits_offset=%u",
				 kbtf_name_for_log(env->btf, m->name_off),
				 m->type, m->offset);
	} else if (comp && comp->line == KBTF_LINE_VSI) {
		snprintf(cs, sizeof(cs), "type_id=%u offset=%u size=%u",
			 comp->vsi->type, comp->vsi->offset, comp->vsi->size);
	}
	p.component = cs;
	p.reason = reason;
	p.note = reason[0] ? "" : (env->note ? env->note : "");
	p.line = line;
	p.err = err;
	p.fatal = fatal;
	p.kernel_verdict = fatal && !vd->err;

	if (p.kernel_verdict) {
		vd->err = err;
		vd->type_id = p.type_id;
		vd->phase = p.phase;
		snprintf(vd->reason, sizeof(vd->reason), "%s", reason);
		kbtf_btf_problem__kernel_line(&p, vd->line, sizeof(vd->line));
	}
	vd->nr_problems++;
	if (env->fn && env->fn(&p, env->ctx))
		env->stop = true;
}

int kbtf_report(struct kbtf_env *env, enum kbtf_btf_line line,
		const struct btf_type *t, const struct kbtf_comp *comp,
		int err, bool fatal, const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	report_v(env, line, t, comp, err, fatal, reason);
	return err;
}

int kbtf_report_silent(struct kbtf_env *env, const struct btf_type *t,
		       int err, const char *note)
{
	env->note = note;
	report_v(env, t ? KBTF_LINE_TYPE : KBTF_LINE_PLAIN, t, NULL, err,
		 true, "");
	env->note = NULL;
	return err;
}

int kbtf_log_member(struct kbtf_env *env, const struct btf_type *st,
		    const struct btf_member *m, int err, const char *reason)
{
	const struct btf_member *first = (const void *)(st + 1);
	struct kbtf_comp comp = {
		.line = KBTF_LINE_MEMBER, .m = m, .owner = st,
	};

	/* a member copy (resolved through modifiers) is not in the array */
	if (m >= first && m < first + btf_vlen(st))
		comp.idx = m - first;
	else
		comp.idx = env->cur_member;
	report_v(env, KBTF_LINE_MEMBER, st, &comp, err, true, reason);
	return err;
}

int kbtf_log_vsi(struct kbtf_env *env, const struct btf_type *ds,
		 const struct btf_var_secinfo *vsi, int err,
		 const char *reason)
{
	const struct btf_var_secinfo *first = (const void *)(ds + 1);
	struct kbtf_comp comp = {
		.line = KBTF_LINE_VSI, .vsi = vsi, .owner = ds,
		.idx = vsi - first,
	};

	report_v(env, KBTF_LINE_VSI, ds, &comp, err, true, reason);
	return err;
}

/* ---- header, sections, strings --------------------------------------- */

/*
 * A pass returns 0 (go on), -ENOMEM (or -ENOTRECOVERABLE), or STOP: the
 * kernel stops here, its verdict is in (docs/errors.md: a private status
 * is positive and named).
 */
enum { STOP = 1 };

static bool keep_going(const struct kbtf_env *env)
{
	return env->all && !env->stop;
}

struct sec_info {
	__u32 off;
	__u32 len;
};

/* the kernel sorts with an int-cast difference: reproduce its order */
static int sec_cmp(const struct sec_info *x, const struct sec_info *y)
{
	int c = (int)(x->off - y->off);

	return c ? c : (int)(x->len - y->len);
}

static int check_sec_info(struct kbtf_env *env)
{
	const struct btf_header *hdr = &env->btf->hdr;
	struct sec_info secs[2] = {
		{ hdr->type_off, hdr->type_len },
		{ hdr->str_off, hdr->str_len },
	}, tmp;
	__u32 total = 0, expected = env->btf->data_size - hdr->hdr_len;
	int i;

	/* two elements through lib/sort.c: kept in order only if cmp < 0 */
	if (sec_cmp(&secs[0], &secs[1]) >= 0) {
		tmp = secs[0];
		secs[0] = secs[1];
		secs[1] = tmp;
	}
	for (i = 0; i < 2; i++) {
		if (expected < secs[i].off)
			return log_plain(env, -EINVAL, "Invalid section offset");
		if (total < secs[i].off)
			return log_plain(env, -EINVAL,
					 "Unsupported section found");
		if (total > secs[i].off)
			return log_plain(env, -EINVAL, "Section overlap found");
		if (expected - total < secs[i].len)
			return log_plain(env, -EINVAL,
					 "Total section length too long");
		total += secs[i].len;
	}
	if (expected != total)
		return log_plain(env, -EINVAL, "Unsupported section found");
	return 0;
}

static int parse_hdr(struct kbtf_env *env)
{
	struct kbtf_vbtf *btf = env->btf;
	__u32 hdr_len, i, copy;
	int err = 0;

	env->phase = KBTF_PHASE_HEADER;
	if (btf->data_size < 8) {
		log_plain(env, -EINVAL, "hdr_len not found");
		return STOP;
	}
	memcpy(&hdr_len, btf->data + 4, sizeof(hdr_len));
	if (btf->data_size < hdr_len) {
		log_plain(env, -EINVAL, "btf_header not found");
		return STOP;
	}
	for (i = sizeof(btf->hdr); i < hdr_len; i++) {
		if (btf->data[i]) {
			log_plain(env, -E2BIG, "Unsupported btf_header");
			return STOP;
		}
	}
	/* a short header leaves the missing fields 0, hdr_len included */
	copy = hdr_len < sizeof(btf->hdr) ? hdr_len : sizeof(btf->hdr);
	memset(&btf->hdr, 0, sizeof(btf->hdr));
	memcpy(&btf->hdr, btf->data, copy);

	if (btf->hdr.magic != BTF_MAGIC) {
		log_plain(env, -EINVAL, "Invalid magic");
		return STOP;
	}
	if (btf->hdr.version != BTF_VERSION) {
		err = log_plain(env, -KBTF_ENOTSUPP, "Unsupported version");
		if (!keep_going(env))
			return STOP;
	}
	if (btf->hdr.flags) {
		err = log_plain(env, -KBTF_ENOTSUPP, "Unsupported flags");
		if (!keep_going(env))
			return STOP;
	}
	if (!btf->base && btf->data_size == btf->hdr.hdr_len) {
		log_plain(env, -EINVAL, "No data");
		return STOP;
	}
	if (check_sec_info(env))
		return STOP;
	return err && !keep_going(env) ? STOP : 0;
}

static int parse_str_sec(struct kbtf_env *env)
{
	struct kbtf_vbtf *btf = env->btf;
	const struct btf_header *hdr = &btf->hdr;
	__u64 start = (__u64)hdr->hdr_len + hdr->str_off;
	int err = 0;

	env->phase = KBTF_PHASE_STRINGS;
	/* the section layout is known good: the copy stays in bounds */
	btf->strings = malloc((size_t)hdr->str_len + 1);
	if (!btf->strings)
		return -ENOMEM;
	memcpy(btf->strings, btf->data + start, hdr->str_len);
	btf->strings[hdr->str_len] = '\0';
	btf->str_len = hdr->str_len;

	if (start + hdr->str_len != btf->data_size) {
		err = log_plain(env, -EINVAL,
				"String section is not at the end");
		if (!keep_going(env))
			return STOP;
	}
	if (btf->base && !hdr->str_len)
		return 0;
	if (!hdr->str_len || hdr->str_len - 1 > BTF_MAX_NAME_OFFSET ||
	    btf->strings[hdr->str_len - 1]) {
		log_plain(env, -EINVAL, "Invalid string section");
		return keep_going(env) ? 0 : STOP;
	}
	if (!btf->base && btf->strings[0]) {
		log_plain(env, -EINVAL, "Invalid string section");
		return keep_going(env) ? 0 : STOP;
	}
	return err && !keep_going(env) ? STOP : 0;
}

/* ---- meta pass ------------------------------------------------------- */

/* the highest kind the target kernel knows */
static __u32 max_kind(int kver)
{
	if (kver >= KBTF_KERNEL_VERSION(6, 0, 0))
		return BTF_KIND_ENUM64;
	if (kver >= KBTF_KERNEL_VERSION(5, 17, 0))
		return BTF_KIND_TYPE_TAG;
	if (kver >= KBTF_KERNEL_VERSION(5, 16, 0))
		return BTF_KIND_DECL_TAG;
	if (kver >= KBTF_KERNEL_VERSION(5, 13, 0))
		return BTF_KIND_FLOAT;
	if (kver >= KBTF_KERNEL_VERSION(5, 2, 0))
		return BTF_KIND_DATASEC;
	if (kver >= KBTF_KERNEL_VERSION(5, 0, 0))
		return BTF_KIND_FUNC_PROTO;
	return BTF_KIND_RESTRICT;
}

static int check_meta(struct kbtf_env *env, const struct btf_type *t,
		      __u32 left)
{
	__u32 mask, kind;
	int n;

	if (left < sizeof(*t))
		return log_id(env, -EINVAL, "meta_left:%u meta_needed:%zu",
			      left, sizeof(*t));
	left -= sizeof(*t);
	mask = env->kver >= KBTF_KERNEL_VERSION(5, 13, 0) ?
		KBTF_INFO_MASK : KBTF_INFO_MASK_OLD;
	if (t->info & ~mask)
		return kbtf_report(env, KBTF_LINE_ID, t, NULL, -EINVAL, true,
				   "Invalid btf_info:%x", t->info);
	kind = btf_kind(t);
	if (kind > max_kind(env->kver) || kind == BTF_KIND_UNKN)
		return kbtf_report(env, KBTF_LINE_ID, t, NULL, -EINVAL, true,
				   "Invalid kind:%u", kind);
	if (!kbtf_name_offset_valid(env->btf, t->name_off))
		return kbtf_report(env, KBTF_LINE_ID, t, NULL, -EINVAL, true,
				   "Invalid name_offset:%u", t->name_off);
	n = ops_of(t)->check_meta(env, t, left);
	if (n < 0)
		return n;
	return sizeof(*t) + n;
}

/* all_problems: the length of a record that failed its checks, or
 * -EINVAL when it cannot be told */
static int record_len(const struct btf_type *t, __u32 left)
{
	__u32 extra;

	if (left < sizeof(*t) || (t->info & ~KBTF_INFO_MASK))
		return -EINVAL;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		extra = 4;
		break;
	case BTF_KIND_ARRAY:
		extra = sizeof(struct btf_array);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_DATASEC:
	case BTF_KIND_ENUM64:
		extra = btf_vlen(t) * 12;
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_FUNC_PROTO:
		extra = btf_vlen(t) * 8;
		break;
	case BTF_KIND_UNKN:
		return -EINVAL;
	default:
		if (btf_kind(t) >= KBTF_NR_KINDS)
			return -EINVAL;
		extra = 0;
	}
	if (left - sizeof(*t) < extra)
		return -EINVAL;
	return sizeof(*t) + extra;
}

/*
 * btf_add_type: the kernel grows its array by a quarter (16 at least) up
 * to BTF_MAX_TYPE entries and, once full, only logs and drops the type
 * (the error is ignored by its caller).
 */
static int add_type(struct kbtf_env *env, const struct btf_type *t)
{
	struct kbtf_vbtf *btf = env->btf;
	const struct btf_type **types;
	__u32 expand, cap;

	if (btf->types_cap == btf->nr_types) {
		if (btf->start_id + btf->types_cap == BTF_MAX_TYPE)
			goto full;
		expand = btf->types_cap >> 2;
		if (expand < 16)
			expand = 16;
		cap = btf->types_cap + expand;
		if (cap > BTF_MAX_TYPE)
			cap = BTF_MAX_TYPE;
		/* split BTF near the limit: the kernel overruns here */
		if (cap == btf->types_cap)
			goto full;
		types = realloc(btf->types, cap * sizeof(*types));
		if (!types)
			return -ENOMEM;
		btf->types = types;
		btf->types_cap = cap;
		if (!btf->nr_types && !btf->base)
			btf->types[btf->nr_types++] = &void_type;
	}
	btf->types[btf->nr_types++] = t;
	return 0;
full:
	if (!env->types_full) {
		/* logged for every dropped type; reported once */
		kbtf_report(env, KBTF_LINE_PLAIN, NULL, NULL, -E2BIG, false,
			    "Exceeded max num of types");
		env->types_full = true;
	}
	return 0;
}

static int check_all_metas(struct kbtf_env *env)
{
	struct kbtf_vbtf *btf = env->btf;
	__u32 cur = 0, end = btf->hdr.type_len;
	const struct btf_type *t;
	int n;

	env->phase = KBTF_PHASE_META;
	env->log_type_id = btf->base ? btf->start_id : 1;
	while (cur < end) {
		t = (const void *)((const __u8 *)btf->type_words + cur);
		n = check_meta(env, t, end - cur);
		if (n < 0) {
			env->meta_clean = false;
			if (!keep_going(env))
				return STOP;
			n = record_len(t, end - cur);
			if (n < 0)
				return STOP;
		}
		if (add_type(env, t))
			return -ENOMEM;
		cur += n;
		env->log_type_id++;
	}
	return 0;
}

/* ---- resolve pass (user BTF) ----------------------------------------- */

static int check_all_types(struct kbtf_env *env)
{
	struct kbtf_vbtf *btf = env->btf;
	const struct btf_type *t;
	__u32 i, id;
	int err;

	btf->resolved_ids = calloc(btf->nr_types + 1, sizeof(__u32));
	btf->resolved_sizes = calloc(btf->nr_types + 1, sizeof(__u32));
	env->visit = calloc(btf->nr_types + 1, 1);
	if (!btf->resolved_ids || !btf->resolved_sizes || !env->visit)
		return -ENOMEM;

	env->phase = KBTF_PHASE_RESOLVE;
	for (i = btf->base ? 0 : 1; i < btf->nr_types; i++) {
		id = btf->start_id + i;
		t = btf->types[i];
		env->log_type_id = id;
		if (kbtf_type_needs_resolve(t) && !kbtf_is_resolved(env, id)) {
			err = kbtf_resolve(env, t, id);
			if (err && !keep_going(env))
				return STOP;
		}
		if (btf_kind(t) == BTF_KIND_FUNC_PROTO) {
			env->phase = KBTF_PHASE_FUNC_PROTO;
			err = kbtf_func_proto_check(env, t);
			env->phase = KBTF_PHASE_RESOLVE;
			if (err && !keep_going(env))
				return STOP;
		}
	}
	return 0;
}

static int parse_type_sec(struct kbtf_env *env)
{
	struct kbtf_vbtf *btf = env->btf;
	const struct btf_header *hdr = &btf->hdr;
	int err;

	env->phase = KBTF_PHASE_TYPE_SEC;
	/* aligned private copy; zero padding past the end */
	btf->type_words = calloc(hdr->type_len / 4 + 8, sizeof(__u32));
	if (!btf->type_words)
		return -ENOMEM;
	memcpy(btf->type_words, btf->data + hdr->hdr_len + hdr->type_off,
	       hdr->type_len);

	if (!env->kernel_btf) {
		if (hdr->type_off & 3) {
			log_plain(env, -EINVAL, "Unaligned type_off");
			if (!keep_going(env))
				return STOP;
		}
		if (!btf->base && !hdr->type_len) {
			log_plain(env, -EINVAL, "No type found");
			return STOP;
		}
	}
	err = check_all_metas(env);
	if (err)
		return err;
	if (env->kernel_btf || env->stop)
		return 0;
	if (!env->meta_clean)
		return STOP;
	return check_all_types(env);
}

/* ---- type tags --------------------------------------------------------- */

/*
 * In every chain of modifiers the TYPE_TAGs come first.  Chains already
 * walked (ids up to good_id) are not walked again.
 */
static int check_type_tags(struct kbtf_env *env, __u32 start)
{
	struct kbtf_vbtf *btf = env->btf;
	__u32 n = btf->start_id + btf->nr_types, i, cur, good = start - 1;
	const struct btf_type *t;
	char note[64];
	bool in_tags, bad;
	int limit;

	env->phase = KBTF_PHASE_TYPE_TAGS;
	for (i = start; i < n && !env->stop; i++) {
		env->log_type_id = i;
		t = kbtf_type_by_id(btf, i);
		if (!t)
			return kbtf_internal("btf check: [%u] of %u types not indexed",
					     i, n);
		if (!kbtf_type_is_modifier(t))
			continue;
		limit = KBTF_TAG_CHAIN_LIMIT;
		cur = i;
		in_tags = btf_kind(t) == BTF_KIND_TYPE_TAG;
		bad = false;
		while (kbtf_type_is_modifier(t)) {
			if (!limit--) {
				log_plain(env, -ELOOP,
					  "Max chain length or cycle detected");
				bad = true;
				break;
			}
			if (btf_kind(t) == BTF_KIND_TYPE_TAG) {
				if (!in_tags) {
					log_plain(env, -EINVAL,
						  "Type tags don't precede modifiers");
					bad = true;
					break;
				}
			} else {
				in_tags = false;
			}
			if (cur <= good)
				break;
			cur = t->type;
			t = kbtf_type_by_id(btf, cur);
			if (!t) {
				/* kernel BTF only: user BTF resolved it */
				snprintf(note, sizeof(note),
					 "modifier target [%u] does not exist",
					 cur);
				kbtf_report_silent(env, NULL, -EINVAL, note);
				bad = true;
				break;
			}
		}
		if (bad) {
			if (!keep_going(env))
				return STOP;
			continue;
		}
		good = i;
	}
	return 0;
}

/* ---- driver ------------------------------------------------------------ */

static void vbtf_free(struct kbtf_vbtf *btf)
{
	if (!btf)
		return;
	free(btf->strings);
	free(btf->type_words);
	free(btf->types);
	free(btf->resolved_ids);
	free(btf->resolved_sizes);
	free(btf);
}

/* Returns 0 (verdict in *vd), -ENOMEM or -ENOTRECOVERABLE (logged). */
static int run_check(struct kbtf_vbtf *btf, const struct kbtf_btf_check_opts *o,
		     int kver, kbtf_btf_problem_fn fn, void *ctx,
		     struct kbtf_btf_verdict *vd)
{
	struct kbtf_env env = {
		.btf = btf, .kver = kver, .kernel_btf = o->kernel_btf,
		.all = o->all_problems, .fn = fn, .ctx = ctx, .verdict = vd,
		.meta_clean = true,
	};
	int err = 0;

	env.phase = KBTF_PHASE_HEADER;
	if (!env.kernel_btf && btf->data_size > KBTF_MAX_SIZE) {
		kbtf_report_silent(&env, NULL, -E2BIG,
				   "BTF larger than 16 MiB (BTF_MAX_SIZE)");
		if (!keep_going(&env))
			goto out;
	}
	err = parse_hdr(&env);
	if (err)
		goto out;
	err = parse_str_sec(&env);
	if (err)
		goto out;
	err = parse_type_sec(&env);
	if (err || env.stop || !env.meta_clean)
		goto out;
	err = check_type_tags(&env, btf->base ? btf->start_id : 1);
out:
	vd->nr_types = btf->nr_types ? btf->nr_types - !btf->base : 0;
	free(env.visit);
	return err < 0 ? err : 0;
}

static struct kbtf_vbtf *vbtf_new(const void *data, size_t size,
				  struct kbtf_vbtf *base)
{
	struct kbtf_vbtf *btf = calloc(1, sizeof(*btf));

	if (!btf)
		return NULL;
	btf->data = data;
	btf->data_size = size;
	btf->base = base;
	if (base) {
		btf->start_id = base->start_id + base->nr_types;
		btf->start_str_off = base->start_str_off + base->str_len;
	}
	return btf;
}

int kbtf_btf__check(const void *data, size_t size,
		    const struct kbtf_btf_check_opts *opts,
		    kbtf_btf_problem_fn fn, void *ctx,
		    struct kbtf_btf_verdict *verdict)
{
	struct kbtf_btf_check_opts o = {};
	struct kbtf_vbtf *base = NULL, *btf = NULL;
	struct kbtf_btf_verdict bvd = {};
	int err = -EINVAL, kver;

	if (!verdict || (!data && size) || size > UINT32_MAX)
		goto out;
	if (kbtf_opts_copy(&o, sizeof(o), opts))
		goto out;
	if (!o.ptr_size)
		o.ptr_size = 8;
	if (o.ptr_size != 4 && o.ptr_size != 8)
		goto out;
	if (o.base_data && (!o.base_size || o.base_size > UINT32_MAX))
		goto out;
	memset(verdict, 0, sizeof(*verdict));
	kver = o.kernel_version ? o.kernel_version : KBTF_KERNEL_BASELINE;

	err = -ENOMEM;
	if (o.base_data) {
		struct kbtf_btf_check_opts bo = o;

		bo.all_problems = false;
		base = vbtf_new(o.base_data, o.base_size, NULL);
		if (!base)
			goto out;
		base->ptr_size = o.ptr_size;
		err = run_check(base, &bo, kver, NULL, NULL, &bvd);
		if (err)
			goto out;
		err = -EINVAL;
		if (bvd.err)
			goto out;
	}
	err = -ENOMEM;
	btf = vbtf_new(data, size, base);
	if (!btf)
		goto out;
	btf->ptr_size = o.ptr_size;
	err = run_check(btf, &o, kver, fn, ctx, verdict);
	if (!err) {
		/* the line holds the BTF's names, which may be anything */
		char q[sizeof(verdict->line) * 2];

		pr_debug("btf check: %u types, %u problem(s), verdict %d%s%s\n",
			 verdict->nr_types, verdict->nr_problems, verdict->err,
			 verdict->err ? ": " : "",
			 kbtf_quote(verdict->line, q, sizeof(q)));
	}
out:
	vbtf_free(btf);
	vbtf_free(base);
	if (err)
		errno = -err;
	return err;
}
