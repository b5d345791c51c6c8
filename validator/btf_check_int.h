/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internals shared by the BTF checker's files: the parsed blob, the check
 * environment (the kernel's btf_verifier_env), the per-kind table and the
 * reporting helpers.  Not installed.
 */
#ifndef KBTF_BTF_CHECK_INT_H
#define KBTF_BTF_CHECK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/btf.h>

#include "kbtf_validate.h"

#define KBTF_NR_KINDS		(BTF_KIND_ENUM64 + 1)
#define KBTF_INFO_MASK		0x9f00ffffu
#define KBTF_INFO_MASK_OLD	0x8f00ffffu	/* before FLOAT (5.13) */
#define KBTF_INT_MASK		0x0fffffffu
#define KBTF_MAX_SIZE		(16u << 20)	/* user BTF only */
#define KBTF_MAX_RESOLVE_DEPTH	32
#define KBTF_TAG_CHAIN_LIMIT	32

#define BITS_ROUNDDOWN_BYTES(bits)	((bits) >> 3)
#define BITS_PER_BYTE_MASKED(bits)	((bits) & 7)
#define BITS_ROUNDUP_BYTES(bits) \
	(BITS_ROUNDDOWN_BYTES(bits) + !!BITS_PER_BYTE_MASKED(bits))

/* One blob as the kernel's struct btf holds it. */
struct kbtf_vbtf {
	const __u8 *data;
	__u32 data_size;
	struct btf_header hdr;	/* min(hdr_len, 24) bytes copied, rest 0 */
	char *strings;		/* private copy, one NUL past str_len */
	__u32 str_len;		/* usable bytes of strings (0 if unplaced) */
	__u32 *type_words;	/* aligned copy of the type section */
	const struct btf_type **types;	/* local index; [0] void for base */
	__u32 nr_types;		/* includes void for base BTF */
	__u32 types_cap;
	__u32 start_id;		/* first id (0 for base BTF) */
	__u32 start_str_off;	/* base str_len for split BTF */
	__u32 *resolved_ids;
	__u32 *resolved_sizes;
	struct kbtf_vbtf *base;
	__u32 ptr_size;		/* the target's pointer size */
};

enum kbtf_visit { VISIT_NONE, VISIT_ON, VISIT_DONE, VISIT_FAILED };

/*
 * Private statuses of the resolve walk, beside 0 and the kernel's -Exxx
 * (docs/errors.md: positive and named, never a made-up errno).
 */
enum kbtf_walk_status {
	KBTF_WALK_NOT_PUSHED = 1,	/* nothing new to walk: go on here */
	KBTF_WALK_ABANDONED,		/* all_problems: reached a type that
					 * failed before; stop, report nothing */
};

enum kbtf_resolve_mode {
	RESOLVE_TBD,
	RESOLVE_PTR,
	RESOLVE_STRUCT_OR_ARRAY,
};

struct kbtf_vertex {
	const struct btf_type *t;
	__u32 type_id;
	__u16 next_member;
};

/* What a problem is about beyond its type: a member or a DATASEC entry. */
struct kbtf_comp {
	enum kbtf_btf_line line;
	int idx;
	const struct btf_member *m;	/* KBTF_LINE_MEMBER */
	const struct btf_var_secinfo *vsi;	/* KBTF_LINE_VSI */
	const struct btf_type *owner;	/* struct or datasec */
};

struct kbtf_env {
	struct kbtf_vbtf *btf;
	int kver;
	bool kernel_btf;
	bool all;
	kbtf_btf_problem_fn fn;
	void *ctx;
	struct kbtf_btf_verdict *verdict;
	bool stop;		/* callback asked to stop */
	bool meta_clean;
	bool types_full;	/* "Exceeded max num of types" reported */

	enum kbtf_btf_phase phase;
	__u32 log_type_id;
	__u8 *visit;		/* enum kbtf_visit, by local index */
	struct kbtf_vertex stack[KBTF_MAX_RESOLVE_DEPTH];
	__u32 top;
	enum kbtf_resolve_mode mode;
	int cur_member;		/* member being checked in the resolve pass */
	const char *note;	/* our words for a problem the kernel logs
				 * without a message */
};

struct kbtf_kind_ops {
	/* extra bytes after struct btf_type, or -Exxx (reported) */
	int (*check_meta)(struct kbtf_env *env, const struct btf_type *t,
			  __u32 meta_left);
	/* 0, -Exxx (reported) or KBTF_WALK_ABANDONED */
	int (*resolve)(struct kbtf_env *env, const struct kbtf_vertex *v);
	int (*check_member)(struct kbtf_env *env, const struct btf_type *st,
			    const struct btf_member *m,
			    const struct btf_type *mt);
	int (*check_kflag_member)(struct kbtf_env *env,
				  const struct btf_type *st,
				  const struct btf_member *m,
				  const struct btf_type *mt);
	/* the kernel's log_details text */
	void (*details)(const struct kbtf_env *env, const struct btf_type *t,
			char *buf, size_t size);
};

extern const struct kbtf_kind_ops *const kbtf_kind_ops[KBTF_NR_KINDS];

static inline __u32 btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static inline __u16 btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

static inline bool btf_kflag(const struct btf_type *t)
{
	return BTF_INFO_KFLAG(t->info);
}

static inline const struct kbtf_kind_ops *ops_of(const struct btf_type *t)
{
	return kbtf_kind_ops[btf_kind(t)];
}

/* btf_check.c: lookups and the resolve engine */
const struct btf_type *kbtf_type_by_id(const struct kbtf_vbtf *btf, __u32 id);
bool kbtf_is_void(const struct btf_type *t);
bool kbtf_name_offset_valid(const struct kbtf_vbtf *btf, __u32 off);
const char *kbtf_str_by_offset(const struct kbtf_vbtf *btf, __u32 off);
const char *kbtf_name_for_log(const struct kbtf_vbtf *btf, __u32 off);
bool kbtf_type_is_modifier(const struct btf_type *t);
bool kbtf_type_is_struct(const struct btf_type *t);
bool kbtf_type_nosize_or_null(const struct btf_type *t);
bool kbtf_type_is_source_only(const struct btf_type *t);
bool kbtf_type_needs_resolve(const struct btf_type *t);
bool kbtf_int_is_regular(const struct btf_type *t);
bool kbtf_is_sink(const struct kbtf_env *env, const struct btf_type *t);
bool kbtf_is_resolved(const struct kbtf_env *env, __u32 id);
int kbtf_push(struct kbtf_env *env, const struct btf_type *t, __u32 id);
void kbtf_set_next_member(struct kbtf_env *env, __u16 next);
void kbtf_pop_resolved(struct kbtf_env *env, __u32 rid, __u32 rsize);
const struct btf_type *kbtf_id_size(const struct kbtf_vbtf *btf, __u32 *id,
				    __u32 *size);
const struct btf_type *kbtf_id_resolve(const struct kbtf_vbtf *btf,
				       __u32 *id);
int kbtf_resolve(struct kbtf_env *env, const struct btf_type *t, __u32 id);

/* btf_kinds.c: name rules */
bool kbtf_name_valid_identifier(const struct kbtf_env *env, __u32 off);
bool kbtf_name_valid_section(const struct kbtf_env *env, __u32 off);
int kbtf_func_proto_check(struct kbtf_env *env, const struct btf_type *t);

/*
 * Reporting (btf_check.c).  Each returns @err so callers can write
 * "return log_type(env, t, -EINVAL, "...")".  @t NULL with
 * KBTF_LINE_PLAIN/ID.
 */
int kbtf_report(struct kbtf_env *env, enum kbtf_btf_line line,
		const struct btf_type *t, const struct kbtf_comp *comp,
		int err, bool fatal, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

#define log_plain(env, err, ...) \
	kbtf_report((env), KBTF_LINE_PLAIN, NULL, NULL, (err), true, __VA_ARGS__)
#define log_id(env, err, ...) \
	kbtf_report((env), KBTF_LINE_ID, NULL, NULL, (err), true, __VA_ARGS__)
#define log_basic(env, t, err, ...) \
	kbtf_report((env), KBTF_LINE_BASIC, (t), NULL, (err), true, __VA_ARGS__)
#define log_type(env, t, err, ...) \
	kbtf_report((env), KBTF_LINE_TYPE, (t), NULL, (err), true, __VA_ARGS__)

/* an error the kernel returns without logging anything */
int kbtf_report_silent(struct kbtf_env *env, const struct btf_type *t,
		       int err, const char *note);
int kbtf_log_member(struct kbtf_env *env, const struct btf_type *st,
		    const struct btf_member *m, int err, const char *reason);
int kbtf_log_vsi(struct kbtf_env *env, const struct btf_type *ds,
		 const struct btf_var_secinfo *vsi, int err,
		 const char *reason);

#endif /* KBTF_BTF_CHECK_INT_H */
