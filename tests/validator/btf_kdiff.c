// SPDX-License-Identifier: GPL-2.0-only
/*
 * btf_kdiff: our validator's verdict against the running kernel's
 * BPF_BTF_LOAD, on the rule table (btf_rule_cases.h, user-BTF cases) and
 * on seeded mutants of a few valid blobs.
 *
 *	btf_kdiff [-k X.Y] [-m MAX_EDITS] [-n MUTANTS] [-s SEED] [-v]
 *
 * Each mutant gets 1-3 edits (1 to MAX_EDITS with -m).  -k makes the
 * library apply the rules of kernel X.Y instead of the running one's
 * (e.g. -k 6.1 shows where 6.1 and the running kernel differ).
 * The library is asked with kernel_version set from uname, so that rules
 * that changed after 6.1 (see kbtf_validate.h) follow the running
 * kernel.  A case agrees when both accept, or both reject with the same
 * errno, the same last log line (which holds the reason string) and the
 * same type: the id of the last "[id] ..." line of the kernel's log, the
 * type it stopped at (0 when it stopped in the header or the strings;
 * the type-tag pass names no type, so its ids are not compared).  Prints
 * every disagreement with the mutant's description and "agree N/M".
 * Exit: 0 all agree, 1 some disagree, 77 when the kernel cannot be asked
 * (not root / no BPF), with the reason printed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "btf_rule_cases.h"
#include "kbtf_validate.h"

#define LOG_SIZE	(1u << 20)
#define MAXREC		96
#define MAXW		64

static char *klog;
static int verbose;
static int kver;

/* ---- the kernel's verdict ------------------------------------------ */

struct kverdict {
	int err;		/* 0 accepted, -errno */
	char line[1024];	/* last non-empty log line */
	__u32 type_id;		/* of the last "[id] ..." line; 0: none */
};

static int quiet(enum libbpf_print_level l, const char *f, va_list a)
{
	(void)l;
	(void)f;
	(void)a;
	return 0;
}

static void kernel_check(const void *data, size_t size, struct kverdict *kv)
{
	LIBBPF_OPTS(bpf_btf_load_opts, opts);
	char *p, *last = NULL, *save;
	int fd;

	memset(klog, 0, LOG_SIZE);
	opts.log_buf = klog;
	opts.log_size = LOG_SIZE;
	opts.log_level = 1;
	fd = bpf_btf_load(data, size, &opts);
	kv->line[0] = '\0';
	kv->type_id = 0;
	if (fd >= 0) {
		close(fd);
		kv->err = 0;
		return;
	}
	kv->err = -errno;
	if (kv->err == -ENOSPC) {
		/* log full: the verdict alone, without a reason */
		opts.log_buf = NULL;
		opts.log_size = 0;
		opts.log_level = 0;
		fd = bpf_btf_load(data, size, &opts);
		kv->err = fd < 0 ? -errno : 0;
		if (fd >= 0)
			close(fd);
		snprintf(kv->line, sizeof(kv->line), "(log full)");
		return;
	}
	for (p = strtok_r(klog, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		unsigned int id;
		char c;

		if (*p)
			last = p;
		/* user logs name each type as they go: "[id] KIND ..." */
		if (sscanf(p, "[%u%c", &id, &c) == 2 && c == ']')
			kv->type_id = id;
	}
	snprintf(kv->line, sizeof(kv->line), "%s", last ? last : "");
}

/* 77 with the reason when the kernel cannot be asked */
static int kernel_probe(void)
{
	static const __u32 w[] = { INT32 };
	struct btf_blob b;
	struct kverdict kv;
	char strs[NM_END];

	btf_test_strings(strs);
	blob_build(&b, w, sizeof(w), strs, NM_END);
	kernel_check(b.buf, b.len, &kv);
	if (!kv.err)
		return 0;
	if (kv.err == -EPERM || kv.err == -EACCES) {
		printf("skipped: %s: BPF_BTF_LOAD: %s\n",
		       geteuid() ? "not root" : "not permitted",
		       strerror(-kv.err));
		return 77;
	}
	if (kv.err == -ENOSYS || kv.err == -EOPNOTSUPP) {
		printf("skipped: BPF unavailable: %s\n", strerror(-kv.err));
		return 77;
	}
	printf("skipped: BPF_BTF_LOAD rejects a valid BTF: %s (%s)\n",
	       kv.line, strerror(-kv.err));
	return 77;
}

static int running_kernel_version(void)
{
	struct utsname u;
	unsigned int a = 0, b = 0, c = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	return KBTF_KERNEL_VERSION(a, b, c > 255 ? 255 : c);
}

/* ---- comparing ------------------------------------------------------ */

struct tally {
	int total, agree, verdict_agree, err_agree, id_agree;
};

static int self_failures;
static struct btf_blob self_base;

/*
 * Library-only invariants on the same input: all_problems reports the
 * same verdict first; kernel BTF mode (a subset of the checks) accepts
 * whatever user mode accepts.
 */
static void self_check(const char *what, const void *data, size_t size,
		       const struct kbtf_btf_verdict *v)
{
	struct kbtf_btf_check_opts opts = {
		.sz = sizeof(opts), .kernel_version = kver,
		.all_problems = true,
	};
	struct kbtf_btf_verdict va, vk;

	if (kbtf_btf__check(data, size, &opts, NULL, NULL, &va) ||
	    va.err != v->err || strcmp(va.line, v->line)) {
		printf("SELF %s: all_problems verdict '%s' (%d) != '%s' (%d)\n",
		       what, va.line, va.err, v->line, v->err);
		self_failures++;
	}
	opts.all_problems = false;
	opts.kernel_btf = true;
	if (kbtf_btf__check(data, size, &opts, NULL, NULL, &vk) ||
	    (!v->err && vk.err)) {
		printf("SELF %s: kernel_btf mode rejects: %s\n", what,
		       vk.line);
		self_failures++;
	}
	/* the same bytes as split BTF over a small base: must not crash */
	opts.base_data = self_base.buf;
	opts.base_size = self_base.len;
	opts.all_problems = true;
	if (kbtf_btf__check(data, size, &opts, NULL, NULL, &vk)) {
		printf("SELF %s: split check failed: %s\n", what,
		       strerror(errno));
		self_failures++;
	}
	opts.kernel_btf = false;
	kbtf_btf__check(data, size, &opts, NULL, NULL, &vk);
}

/* Returns the kernel's error. */
static int compare(struct tally *t, const char *what, const void *data,
		   size_t size)
{
	struct kbtf_btf_check_opts opts = {
		.sz = sizeof(opts), .kernel_version = kver,
	};
	struct kbtf_btf_verdict v;
	struct kverdict kv;
	bool same_verdict, same_line, same_err, same_id;

	kernel_check(data, size, &kv);
	if (kbtf_btf__check(data, size, &opts, NULL, NULL, &v)) {
		printf("ERROR %s: kbtf_btf__check: %s\n", what, strerror(errno));
		t->total++;
		return kv.err;
	}
	self_check(what, data, size, &v);
	same_verdict = !v.err == !kv.err;
	same_line = !v.err || !strcmp(v.line, kv.line);
	same_err = v.err == kv.err;
	same_id = !v.err || !kv.err || v.phase == KBTF_PHASE_TYPE_TAGS ||
		  v.type_id == kv.type_id;
	t->total++;
	t->verdict_agree += same_verdict;
	t->err_agree += same_err;
	t->id_agree += same_id;
	if (same_verdict && same_line && same_err && same_id) {
		t->agree++;
		if (verbose)
			printf("ok %s: [%u] %s\n", what, v.type_id,
			       v.err ? v.line : "accepted");
		return kv.err;
	}
	printf("DISAGREE %s\n  lib:    [%u] %s (%d)\n  kernel: [%u] %s (%d)\n",
	       what, v.type_id, v.err ? v.line : "accepted", v.err,
	       kv.type_id, kv.err ? kv.line : "accepted", kv.err);
	return kv.err;
}

/* ---- seeds ------------------------------------------------------------ */

struct seed {
	const char *name;
	const __u32 *w;
	size_t wlen;
};

#define SEED(n, ...) { n, (const __u32[]){ __VA_ARGS__ },		\
		       sizeof((const __u32[]){ __VA_ARGS__ }) }

static const struct seed seeds[] = {
	SEED("types",
	     INT32,					/* 1 */
	     INT_T(NM_C, 1, BTF_INT_SIGNED, 0, 8),	/* 2 char */
	     PTR_T(1),					/* 3 */
	     ARRAY_T(1, 1, 4),				/* 4 int[4] */
	     STRUCT_T(NM_S, 4, 32),			/* 5 */
	     MEMBER(NM_A, 1, 0), MEMBER(NM_B, 2, 32),
	     MEMBER(NM_P, 3, 64), MEMBER(NM_X, 4, 128),
	     UNION_T(NM_U, 2, 4),			/* 6 */
	     MEMBER(NM_A, 1, 0), MEMBER(NM_B, 2, 0),
	     ENUM_T(NM_E, 2, 4),			/* 7 */
	     ENUMV(NM_A, 0), ENUMV(NM_B, 1),
	     ENUM64_T(NM_E, 1, 8),			/* 8 */
	     ENUM64V(NM_C, 1, 1),
	     FWD_T(NM_T, 0),				/* 9 */
	     TYPEDEF_T(NM_T, 5),			/* 10 */
	     CONST_T(1),				/* 11 */
	     VOLATILE_T(11),				/* 12 */
	     REF_T(BTF_KIND_RESTRICT, 0, 3),		/* 13 */
	     FLOAT_T(NM_F, 8),				/* 14 */
	     KSTRUCT_T(NM_V, 4, 16),			/* 15 bitfields */
	     MEMBER(NM_A, 1, BITFIELD(3, 0)),
	     MEMBER(NM_B, 7, BITFIELD(4, 3)),
	     MEMBER(NM_P, 12, BITFIELD(0, 32)),
	     MEMBER(NM_C, 14, BITFIELD(0, 64)),
	     PTR_T(9),					/* 16 */
	     ARRAY_T(16, 1, 2)),			/* 17 */
	SEED("funcs",
	     INT32,					/* 1 */
	     PTR_T(1),					/* 2 */
	     PROTO_T(2, 1), PARAM(NM_A, 1), PARAM(NM_B, 2), /* 3 */
	     FUNC_T(NM_F, 1, 3),			/* 4 */
	     FUNC_T(NM_X, 0, 3),			/* 5 */
	     PROTO_T(2, 0), PARAM(NM_A, 1), PARAM(0, 0),	/* 6 vararg */
	     FUNC_T(NM_V, 1, 6),			/* 7 */
	     DECL_TAG_T(NM_TAG, 4, 0),			/* 8 */
	     DECL_TAG_T(NM_TAG, 4, -1),			/* 9 */
	     PTR_T(11),					/* 10 */
	     TYPE_TAG_T(NM_TAG, 12),			/* 11 */
	     CONST_T(1),				/* 12 */
	     PTR_T(6),					/* 13 fn ptr */
	     STRUCT_T(NM_S, 2, 16),			/* 14 */
	     MEMBER(NM_P, 13, 0), MEMBER(NM_X, 10, 64),
	     DECL_TAG_T(NM_TAG, 14, 1),			/* 15 */
	     TYPEDEF_T(NM_T, 3),			/* 16 */
	     PTR_T(16)),				/* 17 */
	SEED("data",
	     INT32,					/* 1 */
	     INT64,					/* 2 */
	     ARRAY_T(1, 1, 4),				/* 3 */
	     STRUCT_T(NM_S, 2, 16),			/* 4 */
	     MEMBER(NM_A, 2, 0), MEMBER(NM_B, 1, 64),
	     VAR_T(NM_A, 1, 1),				/* 5 */
	     VAR_T(NM_B, 2, 0),				/* 6 */
	     VAR_T(NM_C, 3, 1),				/* 7 */
	     VAR_T(NM_X, 4, 1),				/* 8 */
	     DATASEC_T(NM_DATA, 3, 32),			/* 9 */
	     VSI(5, 0, 4), VSI(6, 8, 8), VSI(7, 16, 16),
	     DATASEC_T(NM_PERCPU, 1, 16),		/* 10 */
	     VSI(8, 0, 16),
	     DECL_TAG_T(NM_TAG, 5, -1),			/* 11 */
	     TYPEDEF_T(NM_T, 4),			/* 12 */
	     VAR_T(NM_V, 12, 0),			/* 13 */
	     DATASEC_T(NM_LATIN1, 1, 16),		/* 14 */
	     VSI(13, 0, 16)),
	SEED("recursive",
	     PTR_T(2),					/* 1 -> later */
	     CONST_T(3),				/* 2 */
	     TYPEDEF_T(NM_T, 4),			/* 3 */
	     STRUCT_T(NM_S, 3, 24),			/* 4 list */
	     MEMBER(NM_P, 5, 0), MEMBER(NM_V, 6, 64),
	     MEMBER(NM_X, 9, 128),
	     PTR_T(4),					/* 5 */
	     INT32,					/* 6 */
	     UNION_T(NM_U, 2, 8),			/* 7 */
	     MEMBER(NM_A, 1, 0), MEMBER(NM_B, 6, 0),
	     ARRAY_T(1, 6, 3),				/* 8 */
	     ARRAY_T(6, 6, 2),				/* 9 int[2] */
	     STRUCT_T(NM_B, 2, 32),			/* 10 */
	     MEMBER(NM_A, 7, 0), MEMBER(NM_C, 8, 64),
	     VOLATILE_T(5),				/* 11 */
	     PTR_T(11)),				/* 12 */
};

#define NR_SEEDS (sizeof(seeds) / sizeof(seeds[0]))

/* ---- mutable BTF ------------------------------------------------------ */

struct mrec {
	__u32 w[MAXW];
	int n;
};

struct mbtf {
	struct mrec rec[MAXREC];
	int nrec;
	char str[NM_END + 64];
	size_t slen;
};

/* byte-level edits after serialising */
enum post_op {
	P_MAGIC, P_VERSION, P_FLAGS, P_HDR_LEN, P_TYPE_OFF, P_TYPE_LEN,
	P_STR_OFF, P_STR_LEN, P_TRUNCATE, P_APPEND, P_STR_FIRST,
	P_HDR_EXT, P_NR,
};

struct mutant {
	struct mbtf m;
	int post[4];
	__u32 post_arg[4];
	int npost;
	char desc[512];
};

static unsigned long long rng_state;

static unsigned int rnd(void)
{
	/* splitmix64 */
	unsigned long long z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (unsigned int)((z ^ (z >> 31)) >> 16);
}

static unsigned int rnd_n(unsigned int n)
{
	return n ? rnd() % n : 0;
}

static __u32 pick(const __u32 *v, size_t n)
{
	return v[rnd_n(n)];
}

#define PICK(...) pick((const __u32[]){ __VA_ARGS__ },			\
		       sizeof((const __u32[]){ __VA_ARGS__ }) / sizeof(__u32))

static void describe(struct mutant *mu, const char *fmt, ...)
{
	size_t len = strlen(mu->desc);
	va_list ap;

	if (len && len < sizeof(mu->desc) - 2) {
		strcat(mu->desc, mu->desc[len - 1] == ':' ? " " : "; ");
		len = strlen(mu->desc);
	}
	va_start(ap, fmt);
	vsnprintf(mu->desc + len, sizeof(mu->desc) - len, fmt, ap);
	va_end(ap);
}

static void mbtf_from_seed(struct mbtf *m, const struct seed *s)
{
	const __u32 *w = s->w;
	size_t nw = s->wlen / 4, i = 0;
	int extra;

	m->nrec = 0;
	while (i < nw) {
		const struct btf_type *t = (const void *)&w[i];
		__u16 vlen = BTF_INFO_VLEN(t->info);

		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_INT:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
			extra = 1;
			break;
		case BTF_KIND_ARRAY:
			extra = 3;
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_DATASEC:
		case BTF_KIND_ENUM64:
			extra = 3 * vlen;
			break;
		case BTF_KIND_ENUM:
		case BTF_KIND_FUNC_PROTO:
			extra = 2 * vlen;
			break;
		default:
			extra = 0;
		}
		memcpy(m->rec[m->nrec].w, &w[i], (3 + extra) * 4);
		m->rec[m->nrec].n = 3 + extra;
		m->nrec++;
		i += 3 + extra;
	}
	m->slen = btf_test_strings(m->str);
}

static size_t mbtf_serialise(const struct mbtf *m, struct btf_blob *b)
{
	static __u32 words[MAXREC * MAXW];
	size_t nw = 0;
	int i;

	for (i = 0; i < m->nrec; i++) {
		memcpy(&words[nw], m->rec[i].w, m->rec[i].n * 4);
		nw += m->rec[i].n;
	}
	blob_build(b, words, nw * 4, m->str, m->slen);
	return b->len;
}

static __u32 rnd_name(const struct mbtf *m)
{
	switch (rnd_n(12)) {
	case 0:
		return 0;
	case 1:
		return PICK(NM_BAD, NM_DIGIT, NM_HIGH, NM_SPACE, NM_LONG513,
			    NM_LONG129);
	case 2:
		return PICK(NM_LATIN1, NM_LONG512, NM_DATA, NM_PERCPU);
	case 3:
		return PICK(m->slen, m->slen + 100, 0x1000000, NM_S + 1,
			    NM_INT + 1, NM_A + 5);
	default:
		return NM(rnd_n(NM_NSLOTS));
	}
}

static __u32 rnd_id(const struct mbtf *m)
{
	switch (rnd_n(10)) {
	case 0:
		return 0;
	case 1:
		return PICK(m->nrec + 1, m->nrec + 5, 0xfffff, 0x100000);
	default:
		return 1 + rnd_n(m->nrec);
	}
}

static __u32 rnd_size(void)
{
	return PICK(0, 1, 2, 3, 4, 5, 6, 8, 12, 16, 24, 32, 64, 0x20000000,
		    0xffffffff);
}

static __u32 rnd_offset(__u32 old)
{
	switch (rnd_n(6)) {
	case 0:
		return old + PICK(1, 3, 4, 7, 8, 32, 64);
	case 1:
		return old - PICK(1, 4, 8, 32);
	case 2:
		return BITFIELD(PICK(0, 1, 3, 8, 32, 33, 40), old & 0xffffff);
	case 3:
		return PICK(0, 0xffffff, 0xfffffffe, 0x1000);
	default:
		return rnd_n(300);
	}
}

static const char *kind_name(__u32 info)
{
	return kbtf_btf_kind_str(BTF_INFO_KIND(info));
}

/* one change to record @r of @m */
static void mutate_record(struct mutant *mu, int r)
{
	struct mbtf *m = &mu->m;
	struct mrec *rec = &m->rec[r];
	__u32 info = rec->w[1], kind = BTF_INFO_KIND(info), old;
	int nsub, j, id = r + 1;

	switch (rnd_n(9)) {
	case 0:		/* info bits */
		switch (rnd_n(5)) {
		case 0:
			rec->w[1] ^= 1u << 31;
			describe(mu, "[%d] %s kflag flipped", id,
				 kind_name(info));
			return;
		case 1:
			rec->w[1] = (info & ~0xffffu) |
				    ((BTF_INFO_VLEN(info) +
				      PICK(1, 0xffff, 2)) & 0xffff);
			describe(mu, "[%d] %s vlen %u->%u", id, kind_name(info),
				 BTF_INFO_VLEN(info), BTF_INFO_VLEN(rec->w[1]));
			return;
		case 2:
			rec->w[1] = (info & ~0x1f000000u) |
				    (PICK(0, 1 + rnd_n(19), 1 + rnd_n(19),
					  20, 31) << 24);
			describe(mu, "[%d] %s kind->%u", id, kind_name(info),
				 BTF_INFO_KIND(rec->w[1]));
			return;
		case 3:
			rec->w[1] |= 1u << PICK(16, 20, 23, 29, 30);
			describe(mu, "[%d] %s info->%#x", id, kind_name(info),
				 rec->w[1]);
			return;
		default:
			rec->w[1] = (info & ~0xffffu) | PICK(0, 1, 2, 3);
			describe(mu, "[%d] %s vlen->%u", id, kind_name(info),
				 BTF_INFO_VLEN(rec->w[1]));
			return;
		}
	case 1:		/* name */
		old = rec->w[0];
		rec->w[0] = rnd_name(m);
		describe(mu, "[%d] %s name_off %u->%u", id, kind_name(info),
			 old, rec->w[0]);
		return;
	case 2:		/* size or type */
		old = rec->w[2];
		rec->w[2] = rnd_n(2) ? rnd_id(m) : rnd_size();
		describe(mu, "[%d] %s size/type %u->%u", id, kind_name(info),
			 old, rec->w[2]);
		return;
	}

	/* kind-specific data after struct btf_type */
	switch (kind) {
	case BTF_KIND_INT:
		if (rec->n < 4)
			break;
		old = rec->w[3];
		rec->w[3] = INT_DATA(PICK(0, 1, 2, 3, 4, 8, 15),
				     PICK(0, 0, 0, 1, 3, 8, 100),
				     PICK(0, 1, 3, 7, 8, 16, 31, 32, 33, 64,
					  128, 129, 200));
		if (!rnd_n(8))
			rec->w[3] |= 1u << 28;
		describe(mu, "[%d] INT data %#x->%#x", id, old, rec->w[3]);
		return;
	case BTF_KIND_ARRAY:
		if (rec->n < 6)
			break;
		j = 3 + rnd_n(3);
		old = rec->w[j];
		rec->w[j] = j == 5 ? PICK(0, 1, 4, 0x40000001, 0xffffffff) :
				     rnd_id(m);
		describe(mu, "[%d] ARRAY %s %u->%u", id,
			 j == 3 ? "elem" : j == 4 ? "index" : "nelems", old,
			 rec->w[j]);
		return;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_DATASEC:
	case BTF_KIND_ENUM64:
		nsub = (rec->n - 3) / 3;
		if (!nsub)
			break;
		j = rnd_n(nsub);
		if (kind == BTF_KIND_ENUM64) {
			old = rec->w[3 + 3 * j];
			rec->w[3 + 3 * j] = rnd_name(m);
			describe(mu, "[%d] ENUM64 enumerator#%d name %u->%u",
				 id, j, old, rec->w[3 + 3 * j]);
			return;
		}
		if (!rnd_n(5) && nsub > 1) {
			__u32 tmp[3];
			int k = (j + 1) % nsub;

			memcpy(tmp, &rec->w[3 + 3 * j], 12);
			memcpy(&rec->w[3 + 3 * j], &rec->w[3 + 3 * k], 12);
			memcpy(&rec->w[3 + 3 * k], tmp, 12);
			describe(mu, "[%d] %s entries #%d and #%d swapped", id,
				 kind_name(info), j, k);
			return;
		}
		if (kind == BTF_KIND_DATASEC) {
			int f = rnd_n(3);
			__u32 *p = &rec->w[3 + 3 * j + f];

			old = *p;
			*p = f == 0 ? rnd_id(m) :
			     rnd_n(2) ? old + PICK(1, 4, 8, 0xfffffff0) :
			     PICK(0, 1, 4, 8, 16, 32, 64);
			describe(mu, "[%d] DATASEC entry#%d %s %u->%u", id, j,
				 f == 0 ? "type" : f == 1 ? "offset" : "size",
				 old, *p);
			return;
		} else {
			int f = rnd_n(3);
			__u32 *p = &rec->w[3 + 3 * j + f];

			old = *p;
			*p = f == 0 ? rnd_name(m) : f == 1 ? rnd_id(m) :
			     rnd_offset(old);
			describe(mu, "[%d] %s member#%d %s %u->%#x", id,
				 kind_name(info), j,
				 f == 0 ? "name" : f == 1 ? "type" : "offset",
				 old, *p);
			return;
		}
	case BTF_KIND_ENUM:
	case BTF_KIND_FUNC_PROTO:
		nsub = (rec->n - 3) / 2;
		if (!nsub)
			break;
		j = rnd_n(nsub);
		if (kind == BTF_KIND_ENUM || rnd_n(2)) {
			old = rec->w[3 + 2 * j];
			rec->w[3 + 2 * j] = rnd_name(m);
			describe(mu, "[%d] %s #%d name %u->%u", id,
				 kind_name(info), j, old, rec->w[3 + 2 * j]);
		} else {
			old = rec->w[4 + 2 * j];
			rec->w[4 + 2 * j] = rnd_id(m);
			describe(mu, "[%d] FUNC_PROTO param#%d type %u->%u", id,
				 j, old, rec->w[4 + 2 * j]);
		}
		return;
	case BTF_KIND_VAR:
		if (rec->n < 4)
			break;
		old = rec->w[3];
		rec->w[3] = PICK(0, 1, 2, 3, 0xffffffff);
		describe(mu, "[%d] VAR linkage %u->%u", id, old, rec->w[3]);
		return;
	case BTF_KIND_DECL_TAG:
		if (rec->n < 4)
			break;
		old = rec->w[3];
		rec->w[3] = PICK(-2, -1, 0, 1, 2, 5, 0x80000000);
		describe(mu, "[%d] DECL_TAG component_idx %d->%d", id,
			 (int)old, (int)rec->w[3]);
		return;
	case BTF_KIND_FUNC:
		old = BTF_INFO_VLEN(info);
		rec->w[1] = (info & ~0xffffu) | PICK(0, 1, 2, 3);
		describe(mu, "[%d] FUNC linkage %u->%u", id, old,
			 BTF_INFO_VLEN(rec->w[1]));
		return;
	}
	/* nothing kind-specific: change the type reference */
	old = rec->w[2];
	rec->w[2] = rnd_id(m);
	describe(mu, "[%d] %s type %u->%u", id, kind_name(info), old,
		 rec->w[2]);
}

static void append(struct mbtf *m, const __u32 *w, int n)
{
	if (m->nrec >= MAXREC)
		return;
	memcpy(m->rec[m->nrec].w, w, n * 4);
	m->rec[m->nrec].n = n;
	m->nrec++;
}

/* changes to the list of records */
static void mutate_structure(struct mutant *mu)
{
	struct mbtf *m = &mu->m;
	int r = rnd_n(m->nrec), k, len, first;
	struct mrec tmp;

	switch (rnd_n(6)) {
	case 0:
		if (m->nrec < 2)
			return;
		memmove(&m->rec[r], &m->rec[r + 1],
			(m->nrec - r - 1) * sizeof(m->rec[0]));
		m->nrec--;
		describe(mu, "[%d] deleted", r + 1);
		return;
	case 1:
		if (m->nrec >= MAXREC)
			return;
		memmove(&m->rec[r + 1], &m->rec[r],
			(m->nrec - r) * sizeof(m->rec[0]));
		m->nrec++;
		describe(mu, "[%d] duplicated", r + 1);
		return;
	case 2:
		k = rnd_n(m->nrec);
		tmp = m->rec[r];
		m->rec[r] = m->rec[k];
		m->rec[k] = tmp;
		describe(mu, "[%d] and [%d] swapped", r + 1, k + 1);
		return;
	case 3:		/* a long modifier chain, down or up */
		len = PICK(30, 31, 32, 33, 34, 40);
		first = m->nrec + 1;
		{
			bool down = rnd_n(2);
			__u32 tail = 1 + rnd_n(first - 1);

			for (k = 0; k < len && m->nrec < MAXREC; k++) {
				__u32 w[3] = { CONST_T(0) };

				if (down)
					w[2] = k + 1 < len ? first + k + 1 : tail;
				else
					w[2] = k ? first + k - 1 : tail;
				append(m, w, 3);
			}
			describe(mu, "chain of %d CONSTs (%s) to [%u] appended at [%d]",
				 len, down ? "down" : "up", tail, first);
		}
		return;
	case 4:		/* tags in the wrong or right order */
		first = m->nrec + 1;
		{
			__u32 a[3] = { PTR_T(first + 1) };
			__u32 b[3] = { CONST_T(first + 2) };
			__u32 c[3] = { TYPE_TAG_T(NM_TAG, 1) };
			bool right = rnd_n(2);

			if (right) {
				b[0] = c[0];
				b[1] = c[1];
				c[0] = 0;
				c[1] = INFO(BTF_KIND_CONST, 0, 0);
			}
			append(m, a, 3);
			append(m, b, 3);
			append(m, c, 3);
			describe(mu, "PTR->%s->%s appended at [%d]",
				 right ? "TYPE_TAG" : "CONST",
				 right ? "CONST" : "TYPE_TAG", first);
		}
		return;
	default:	/* a loop */
		first = m->nrec + 1;
		{
			__u32 a[3] = { REF_T(PICK(BTF_KIND_PTR, BTF_KIND_CONST,
						  BTF_KIND_TYPEDEF), 0,
					     first + 1) };
			__u32 b[3] = { REF_T(PICK(BTF_KIND_PTR,
						  BTF_KIND_VOLATILE), 0,
					     first) };

			if (BTF_INFO_KIND(a[1]) == BTF_KIND_TYPEDEF)
				a[0] = NM_T;
			append(m, a, 3);
			append(m, b, 3);
			describe(mu, "loop %s<->%s appended at [%d]",
				 kind_name(a[1]), kind_name(b[1]), first);
		}
		return;
	}
}

static const char *const post_names[P_NR] = {
	"magic", "version", "flags", "hdr_len", "type_off+", "type_len+",
	"str_off+", "str_len+", "truncate", "append", "strings first",
	"header +4 bytes",
};

static void mutate_post(struct mutant *mu)
{
	int op = rnd_n(P_NR);
	__u32 arg = 0;

	switch (op) {
	case P_MAGIC:
		arg = PICK(0x9feb, 0xeb9e, 0);
		break;
	case P_VERSION:
		arg = PICK(0, 2, 255);
		break;
	case P_FLAGS:
		arg = PICK(1, 0x80);
		break;
	case P_HDR_LEN:
		arg = PICK(0, 4, 7, 8, 16, 20, 23, 25, 0xffffffff);
		break;
	case P_TYPE_OFF:
	case P_STR_OFF:
		arg = PICK(1, 2, 4, 12, 0xfffffffc, 0x7fffffff, 0x80000000);
		break;
	case P_TYPE_LEN:
	case P_STR_LEN:
		arg = PICK(1, 4, 12, 0xfffffffc, 0xfffffff4);
		break;
	case P_TRUNCATE:
		arg = PICK(1, 4, 12, 100);
		break;
	case P_APPEND:
		arg = PICK(1, 4, 12);
		break;
	case P_HDR_EXT:
		arg = PICK(0, 1);
		break;
	}
	if (mu->npost < 4) {
		mu->post[mu->npost] = op;
		mu->post_arg[mu->npost] = arg;
		mu->npost++;
	}
	describe(mu, "header: %s %#x", post_names[op], arg);
}

static void apply_post(const struct mutant *mu, struct btf_blob *b)
{
	int i;

	for (i = 0; i < mu->npost; i++) {
		__u32 a = mu->post_arg[i];

		switch (mu->post[i]) {
		case P_MAGIC:
			b->buf[0] = a & 0xff;
			b->buf[1] = a >> 8;
			break;
		case P_VERSION:
			b->buf[HDR_VERSION] = a;
			break;
		case P_FLAGS:
			b->buf[HDR_FLAGS] = a;
			break;
		case P_HDR_LEN:
			blob_put32(b, HDR_HDR_LEN, a);
			break;
		case P_TYPE_OFF:
		case P_TYPE_LEN:
		case P_STR_OFF:
		case P_STR_LEN: {
			static const size_t off[] = {
				HDR_TYPE_OFF, HDR_TYPE_LEN, HDR_STR_OFF,
				HDR_STR_LEN,
			};
			size_t o = off[mu->post[i] - P_TYPE_OFF];

			blob_put32(b, o, blob_get32(b, o) + a);
			break;
		}
		case P_TRUNCATE:
			b->len = b->len > a ? b->len - a : 0;
			break;
		case P_APPEND:
			blob_insert(b, b->len, a, 0);
			break;
		case P_STR_FIRST:
			fix_strings_first(b);
			break;
		case P_HDR_EXT:
			fix_hdr_ext_zero(b);
			if (a)
				b->buf[25] = 1;
			break;
		}
	}
}

static void mutate_strings(struct mutant *mu)
{
	struct mbtf *m = &mu->m;

	switch (rnd_n(3)) {
	case 0:
		m->str[m->slen - 1] = 'x';
		describe(mu, "strings: last byte not NUL");
		return;
	case 1:
		m->str[0] = 'x';
		describe(mu, "strings: first byte not NUL");
		return;
	default:
		m->slen = NM_LONG512;	/* long names cut off */
		describe(mu, "strings: cut to %zu bytes", m->slen);
		return;
	}
}

static int max_muts = 3;

static void make_mutant(struct mutant *mu, int idx)
{
	const struct seed *s = &seeds[idx % NR_SEEDS];
	int n, i;

	memset(mu, 0, sizeof(*mu));
	mbtf_from_seed(&mu->m, s);
	snprintf(mu->desc, sizeof(mu->desc), "#%d seed %s:", idx, s->name);
	n = PICK(1, 1, 1, 1, 1, 1, 1, 2, 2, 3);
	if (max_muts != 3)
		n = 1 + rnd_n(max_muts);
	for (i = 0; i < n; i++) {
		switch (rnd_n(20)) {
		case 0:
		case 1:
			mutate_post(mu);
			break;
		case 2:
			mutate_strings(mu);
			break;
		case 3:
		case 4:
			mutate_structure(mu);
			break;
		default:
			mutate_record(mu, rnd_n(mu->m.nrec));
		}
	}
}

int main(int argc, char **argv)
{
	static struct btf_blob b, base;
	static struct mutant mu;
	struct tally cases = {}, muts = {};
	unsigned long long seed = 1;
	int nmut = 600, opt, ret, i, kver_override = 0;
	bool bad_seed = false;
	size_t c;

	while ((opt = getopt(argc, argv, "k:m:n:s:v")) != -1) {
		switch (opt) {
		case 'k': {
			unsigned int a = 0, b = 0;

			if (sscanf(optarg, "%u.%u", &a, &b) == 2)
				kver_override = KBTF_KERNEL_VERSION(a, b, 0);
			break;
		}
		case 'm':
			max_muts = atoi(optarg) > 0 ? atoi(optarg) : 1;
			break;
		case 'n':
			nmut = atoi(optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			fprintf(stderr,
				"usage: btf_kdiff [-k X.Y] [-m MAX_EDITS] [-n MUTANTS] [-s SEED] [-v]\n");
			return 2;
		}
	}
	libbpf_set_print(quiet);
	klog = malloc(LOG_SIZE);
	if (!klog)
		return 2;
	ret = kernel_probe();
	if (ret)
		return ret;
	kver = running_kernel_version();
	if (kver_override)
		kver = kver_override;
	{
		static const __u32 bw[] = { INT32, PTR_T(1) };
		char strs[NM_END];

		btf_test_strings(strs);
		blob_build(&self_base, bw, sizeof(bw), strs, NM_END);
	}
	printf("%s kernel %d.%d.%d\n",
	       kver_override ? "library rules of" : "running (and rules of)",
	       kver >> 16, (kver >> 8) & 0xff, kver & 0xff);

	/* the rule table, user BTF cases written for the 6.1 baseline */
	for (c = 0; c < NR_RULE_CASES; c++) {
		const struct rule_case *rc = &rule_cases[c];
		char what[160];

		if (rc->kernel_btf || rc->bw || rc->kver)
			continue;
		rule_case_build(rc, &b, &base);
		snprintf(what, sizeof(what), "rule '%s'", rc->what);
		compare(&cases, what, b.buf, b.len);
	}
	/* the unmutated seeds must be accepted by both */
	for (c = 0; c < NR_SEEDS; c++) {
		char what[64];

		mbtf_from_seed(&mu.m, &seeds[c]);
		mbtf_serialise(&mu.m, &b);
		snprintf(what, sizeof(what), "seed %s", seeds[c].name);
		if (compare(&cases, what, b.buf, b.len)) {
			printf("FAIL seed %s is not valid BTF\n",
			       seeds[c].name);
			bad_seed = true;
		}
	}
	rng_state = seed;
	for (i = 0; i < nmut; i++) {
		make_mutant(&mu, i);
		mbtf_serialise(&mu.m, &b);
		apply_post(&mu, &b);
		compare(&muts, mu.desc, b.buf, b.len);
	}
	printf("rule cases and seeds: agree %d/%d (verdict %d/%d, errno %d/%d, type id %d/%d)\n",
	       cases.agree, cases.total, cases.verdict_agree, cases.total,
	       cases.err_agree, cases.total, cases.id_agree, cases.total);
	printf("mutants (seed %llu): agree %d/%d (verdict %d/%d, errno %d/%d, type id %d/%d)\n",
	       seed, muts.agree, muts.total, muts.verdict_agree, muts.total,
	       muts.err_agree, muts.total, muts.id_agree, muts.total);
	printf("agree %d/%d\n", cases.agree + muts.agree,
	       cases.total + muts.total);
	if (self_failures)
		printf("library self-check failures: %d\n", self_failures);
	free(klog);
	return !bad_seed && !self_failures && cases.agree == cases.total &&
	       muts.agree == muts.total ? 0 : 1;
}
