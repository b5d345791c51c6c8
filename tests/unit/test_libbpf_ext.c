// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pins the libbpf behaviour that btf_encoder/libbpf_ext.c relies on (see
 * libbpf_ext.h): a libbpf that changes it fails here, not in a kernel
 * build.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kbtf_test.h"
#include "libbpf_ext.h"

static const char *name_of(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	return t ? btf__name_by_offset(btf, t->name_off) : NULL;
}

/* A name set in place after libbpf added the type with a placeholder is
 * the type's name, and stays so in the raw data. */
static void test_set_name(void)
{
	struct btf *btf = btf__new_empty(), *copy;
	const void *raw;
	__u32 size;
	int i32, td, fwd, off;

	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	td = btf__add_typedef(btf, "_", i32);
	fwd = btf__add_fwd(btf, "_", BTF_FWD_STRUCT);
	off = btf__add_str(btf, "my_typedef");
	CHECK(i32 > 0 && td > 0 && fwd > 0 && off > 0, "%d %d %d %d", i32,
	      td, fwd, off);
	CHECK_EQ(kbtf_btf_set_name(btf, td, off), 0);
	CHECK_EQ(kbtf_btf_set_name(btf, fwd, off), 0);
	CHECK_EQ(kbtf_btf_set_name(btf, 99, off), -EINVAL);
	CHECK_EQ(kbtf_btf_set_name(btf, 0, off), -EINVAL);
	CHECK_STR(name_of(btf, td), "my_typedef");
	raw = btf__raw_data(btf, &size);
	copy = raw ? btf__new(raw, size) : NULL;
	CHECK(copy, "raw data reads back");
	if (copy)
		CHECK_STR(name_of(copy, fwd), "my_typedef");
	/* adding after the change keeps it */
	CHECK(btf__add_ptr(btf, td) > 0, "add after");
	CHECK_STR(name_of(btf, td), "my_typedef");
	btf__free(copy);
	btf__free(btf);
}

/* Dedup merges duplicates and the tracked ids follow them; the markers
 * are gone afterwards. */
static void test_dedup_tracked(void)
{
	struct btf *btf = btf__new_empty();
	int a, b, pa, pb, s;
	__u32 ids[5];
	size_t i;

	a = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	pa = btf__add_ptr(btf, a);
	b = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);	/* dup of a */
	pb = btf__add_ptr(btf, b);				/* dup of pa */
	s = btf__add_struct(btf, "s", 8);
	btf__add_field(btf, "p", pb, 0, 0);
	ids[0] = pb;
	ids[1] = b;
	ids[2] = s;
	ids[3] = 0;
	ids[4] = pa;
	CHECK_EQ(kbtf_btf_dedup_tracked(&btf, ids, 5), 0);
	CHECK_EQ(btf__type_cnt(btf), 4);	/* int, ptr, struct */
	CHECK_EQ(ids[0], ids[4]);
	CHECK(btf_is_ptr(btf__type_by_id(btf, ids[0])), "ptr");
	CHECK_STR(name_of(btf, ids[1]), "int");
	CHECK_STR(name_of(btf, ids[2]), "s");
	CHECK_EQ(ids[3], 0);
	for (i = 1; i < btf__type_cnt(btf); i++)
		CHECK(!btf_is_var(btf__type_by_id(btf, i)), "marker %zu left",
		      i);
	btf__free(btf);
}

/* Dedup keeps every VAR, identical ones included, in order. */
static void test_dedup_vars(void)
{
	struct btf *btf = btf__new_empty();
	const char *names[] = { "x", "y", "x", "z" };
	__u32 ids[4];
	int t1, t2, i;

	t1 = btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	ids[0] = btf__add_var(btf, names[0], BTF_VAR_STATIC, t1);
	t2 = btf__add_int(btf, "long", 8, BTF_INT_SIGNED);	/* dup */
	ids[1] = btf__add_var(btf, names[1], BTF_VAR_GLOBAL_ALLOCATED, t2);
	ids[2] = btf__add_var(btf, names[2], BTF_VAR_STATIC, t1);
	btf__add_ptr(btf, t2);
	ids[3] = btf__add_var(btf, names[3], BTF_VAR_STATIC, t1);
	CHECK_EQ(kbtf_btf_dedup_vars(btf, ids, 4), 0);
	for (i = 0; i < 4; i++) {
		const struct btf_type *t = btf__type_by_id(btf, ids[i]);

		CHECK(t && btf_is_var(t), "VAR %d", i);
		CHECK_STR(name_of(btf, ids[i]), names[i]);
		if (t)
			CHECK_STR(name_of(btf, t->type), "long");
		if (i)
			CHECK(ids[i] > ids[i - 1], "order %d", i);
	}
	/* a count that does not match is refused */
	CHECK_EQ(kbtf_btf_dedup_vars(btf, ids, 3), -EPROTO);
	btf__free(btf);
}

int main(void)
{
	libbpf_set_print(NULL);
	test_set_name();
	test_dedup_tracked();
	test_dedup_vars();
	return KBTF_TEST_END();
}
