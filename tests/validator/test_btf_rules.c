// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_btf_rules: the validator library against its rule table
 * (btf_rule_cases.h): verdict, reason string, error code, and for every
 * rejection the type id and the kernel's log line, which the table must
 * give (a case that leaves them out fails); then the API around it
 * (all_problems, stopping from the callback, opts checks, the format
 * helpers).  Library only; btf_kdiff asks the running kernel.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf_rule_cases.h"
#include "kbtf_validate.h"

static int failures;

#define EXPECT_INT_EQ(what, got, want) do {				\
		long long g_ = (got), w_ = (want);			\
		if (g_ != w_) {						\
			printf("FAIL %s: %s: got %lld, want %lld\n",	\
			       (what), #got, g_, w_);			\
			failures++;					\
		}							\
	} while (0)

#define EXPECT_STR_EQ(what, got, want) do {				\
		const char *g_ = (got), *w_ = (want);			\
		if (strcmp(g_, w_)) {					\
			printf("FAIL %s: %s:\n   got '%s'\n  want '%s'\n",\
			       (what), #got, g_, w_);			\
			failures++;					\
		}							\
	} while (0)

static struct btf_blob blob, base;

static int run_case(const struct rule_case *c)
{
	struct kbtf_btf_check_opts opts = {
		.sz = sizeof(opts), .kernel_version = c->kver,
		.kernel_btf = c->kernel_btf,
	};
	struct kbtf_btf_verdict v;
	int err;

	rule_case_build(c, &blob, &base);
	if (c->bw) {
		opts.base_data = base.buf;
		opts.base_size = base.len;
	}
	err = kbtf_btf__check(blob.buf, blob.len, &opts, NULL, NULL, &v);
	EXPECT_INT_EQ(c->what, err, 0);
	if (err)
		return 0;
	if (!c->reason) {
		if (v.err)
			printf("FAIL %s: rejected: %s (%d)\n", c->what, v.line,
			       v.err);
		failures += !!v.err;
		/* what an accepted case would not check must not be there */
		if (c->id || c->line || c->err) {
			printf("FAIL %s: accepted, yet .id, .line or .err given\n",
			       c->what);
			failures++;
		}
		return 1;
	}
	EXPECT_STR_EQ(c->what, v.reason, c->reason);
	EXPECT_INT_EQ(c->what, v.err, c->err ? c->err : -EINVAL);
	/* a rejection says where: 0 is "not given", never a type id */
	if (!c->id) {
		printf("FAIL %s: rejection case without .id (NO_ID when no type)\n",
		       c->what);
		failures++;
	} else {
		EXPECT_INT_EQ(c->what, v.type_id, c->id == NO_ID ? 0 : c->id);
	}
	if (!c->line) {
		printf("FAIL %s: rejection case without .line (\"\" when the kernel logs nothing)\n",
		       c->what);
		failures++;
	} else {
		EXPECT_STR_EQ(c->what, v.line, c->line);
	}
	return 1;
}

/* ---- API ---- */

struct collect {
	int n;
	int stop_after;
	char lines[8][256];
	char kline[8][256];
	bool verdict[8];
};

static int collect(const struct kbtf_btf_problem *p, void *ctx)
{
	struct collect *c = ctx;

	if (c->n < 8) {
		kbtf_btf_problem__format(p, c->lines[c->n], 256);
		kbtf_btf_problem__kernel_line(p, c->kline[c->n], 256);
		c->verdict[c->n] = p->kernel_verdict;
	}
	c->n++;
	return c->stop_after && c->n >= c->stop_after;
}

static void test_api(void)
{
	static const __u32 two_bad[] = {
		NM_INT, INFO(BTF_KIND_INT, 0, 1), 4, 32,	/* vlen */
		REF_T(BTF_KIND_PTR, NM_P, 1),			/* named */
		INT32,
		VAR_T(NM_V, 3, 2),				/* extern */
	};
	static const __u32 resolve_bad[] = {
		INT32, PTR_T(9), PTR_T(10), STRUCT_T(NM_S, 1, 4),
		MEMBER(NM_A, 2, 4),
	};
	struct kbtf_btf_check_opts opts = { .sz = sizeof(opts) };
	struct kbtf_btf_verdict v;
	struct collect col = {};
	char strs[NM_END];
	int err;

	btf_test_strings(strs);
	blob_build(&blob, two_bad, sizeof(two_bad), strs, NM_END);

	/* default: the kernel's first error only */
	err = kbtf_btf__check(blob.buf, blob.len, NULL, collect, &col, &v);
	EXPECT_INT_EQ("first only", err, 0);
	EXPECT_INT_EQ("first only", col.n, 1);
	EXPECT_STR_EQ("first only", v.reason, "vlen != 0");
	EXPECT_STR_EQ("format", col.lines[0],
		      "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=(none) vlen != 0");

	/* all problems: one per type, the first is the verdict */
	memset(&col, 0, sizeof(col));
	opts.all_problems = true;
	err = kbtf_btf__check(blob.buf, blob.len, &opts, collect, &col, &v);
	EXPECT_INT_EQ("all", err, 0);
	EXPECT_INT_EQ("all", col.n, 3);
	EXPECT_INT_EQ("all", col.verdict[0], 1);
	EXPECT_INT_EQ("all", col.verdict[1], 0);
	EXPECT_STR_EQ("all", col.kline[1], "[2] PTR p type_id=1 Invalid name");
	EXPECT_STR_EQ("all", col.kline[2],
		      "[4] VAR v type_id=3 linkage=2 Linkage not supported");
	EXPECT_STR_EQ("all", v.reason, "vlen != 0");

	/* the callback stops the check */
	memset(&col, 0, sizeof(col));
	col.stop_after = 2;
	err = kbtf_btf__check(blob.buf, blob.len, &opts, collect, &col, &v);
	EXPECT_INT_EQ("stop", col.n, 2);

	/* all problems in the resolve pass: dependents are skipped */
	blob_build(&blob, resolve_bad, sizeof(resolve_bad), strs, NM_END);
	memset(&col, 0, sizeof(col));
	err = kbtf_btf__check(blob.buf, blob.len, &opts, collect, &col, &v);
	/* the member's own problem does not depend on the failed PTR */
	EXPECT_INT_EQ("all resolve", col.n, 3);
	EXPECT_STR_EQ("all resolve", col.kline[0],
		      "[2] PTR (anon) type_id=9 Invalid type_id");
	EXPECT_STR_EQ("all resolve", col.kline[1],
		      "[3] PTR (anon) type_id=10 Invalid type_id");
	EXPECT_STR_EQ("all resolve", col.kline[2],
		      "\ta type_id=2 bits_offset=4 Member is not byte aligned");

	/* member problems: format and kernel line */
	{
		static const __u32 w[] = {
			INT32, STRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 1, 8),
		};

		blob_build(&blob, w, sizeof(w), strs, NM_END);
		memset(&col, 0, sizeof(col));
		kbtf_btf__check(blob.buf, blob.len, NULL, collect, &col, &v);
		EXPECT_STR_EQ("member format", col.lines[0],
			      "[2] STRUCT 's' size=4 vlen=1 member#0 a type_id=1 bits_offset=8 Member exceeds struct_size");
		EXPECT_STR_EQ("member line", col.kline[0],
			      "\ta type_id=1 bits_offset=8 Member exceeds struct_size");
		EXPECT_INT_EQ("member phase", v.phase, KBTF_PHASE_RESOLVE);
	}

	/* arguments */
	errno = 0;
	err = kbtf_btf__check(blob.buf, blob.len, NULL, NULL, NULL, NULL);
	EXPECT_INT_EQ("no verdict", err, -EINVAL);
	EXPECT_INT_EQ("no verdict", errno, EINVAL);
	opts.sz = 2;
	err = kbtf_btf__check(blob.buf, blob.len, &opts, NULL, NULL, &v);
	EXPECT_INT_EQ("short opts", err, -EINVAL);
	{
		char big[sizeof(opts) + 8] = {};

		memcpy(big, &opts, sizeof(opts));
		((struct kbtf_btf_check_opts *)big)->sz = sizeof(big);
		err = kbtf_btf__check(blob.buf, blob.len,
				      (void *)big, NULL, NULL, &v);
		EXPECT_INT_EQ("longer opts, zero tail", err, 0);
		big[sizeof(opts) + 3] = 1;
		err = kbtf_btf__check(blob.buf, blob.len,
				      (void *)big, NULL, NULL, &v);
		EXPECT_INT_EQ("longer opts, non-zero tail", err, -EINVAL);
	}
	/* an invalid base is the caller's error */
	opts.sz = sizeof(opts);
	opts.all_problems = false;
	opts.base_data = "garbage";
	opts.base_size = 7;
	err = kbtf_btf__check(blob.buf, blob.len, &opts, NULL, NULL, &v);
	EXPECT_INT_EQ("bad base", err, -EINVAL);

	/* over BTF_MAX_SIZE: user BTF fails with no message, kernel BTF not */
	{
		size_t n = 24 + 12 * 1398102 + 1;	/* > 16 MiB */
		unsigned char *big = calloc(1, n);
		struct btf_header h = {
			.magic = BTF_MAGIC, .version = BTF_VERSION,
			.hdr_len = sizeof(h), .type_len = n - sizeof(h) - 1,
			.str_off = n - sizeof(h) - 1, .str_len = 1,
		};
		__u32 *w = (void *)(big + sizeof(h));
		size_t i;

		memcpy(big, &h, sizeof(h));
		for (i = 0; i < h.type_len / 12; i++)
			w[3 * i + 1] = INFO(BTF_KIND_PTR, 0, 0);
		memset(&col, 0, sizeof(col));
		err = kbtf_btf__check(big, n, NULL, collect, &col, &v);
		EXPECT_INT_EQ("16 MiB", v.err, -E2BIG);
		EXPECT_STR_EQ("16 MiB", v.reason, "");
		EXPECT_STR_EQ("16 MiB", col.lines[0],
			      "(no kernel message: BTF larger than 16 MiB (BTF_MAX_SIZE))");

		/*
		 * More than BTF_MAX_TYPE types: the kernel logs
		 * "Exceeded max num of types" and drops the rest, which is
		 * no error by itself.
		 */
		opts = (struct kbtf_btf_check_opts){
			.sz = sizeof(opts), .kernel_btf = true,
		};
		memset(&col, 0, sizeof(col));
		err = kbtf_btf__check(big, n, &opts, collect, &col, &v);
		EXPECT_INT_EQ("max types", v.err, 0);
		EXPECT_INT_EQ("max types", col.n, 1);
		EXPECT_INT_EQ("max types", col.verdict[0], 0);
		EXPECT_STR_EQ("max types", col.kline[0],
			      "Exceeded max num of types");
		EXPECT_INT_EQ("max types", v.nr_types, BTF_MAX_TYPE - 1);
		free(big);
	}

	/* empty input */
	err = kbtf_btf__check(NULL, 0, NULL, NULL, NULL, &v);
	EXPECT_INT_EQ("empty", err, 0);
	EXPECT_STR_EQ("empty", v.reason, "hdr_len not found");
}

int main(void)
{
	size_t i, n = 0;

	for (i = 0; i < NR_RULE_CASES; i++)
		n += run_case(&rule_cases[i]);
	test_api();
	printf("%zu rule cases, %d failure(s)\n", n, failures);
	return failures ? 1 : 0;
}
