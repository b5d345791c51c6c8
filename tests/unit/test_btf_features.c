// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbtf_btf_features__parse(): pahole's --btf_features rules (btfencode(1)):
 * options add up in order, the first resets, '+' and "default" name the
 * default set, unknown names are skipped or, strict, refuse the list.
 */
#include <errno.h>
#include <string.h>

#include "kbtf_encoder.h"
#include "kbtf_test.h"

#define BIT(f) (1u << (f))

/* a command line's state: plain pahole defaults before any option */
static void start(struct kbtf_btf_features *f, struct kbtf_encoder_opts *o)
{
	memset(f, 0, sizeof(*f));
	f->sz = sizeof(*f);
	memset(o, 0, sizeof(*o));
	o->sz = sizeof(*o);
}

/* the kernel's 6.11 to 6.18 options: every default feature on */
static void check_default_set(const struct kbtf_encoder_opts *o)
{
	CHECK_EQ(o->gen_floats, 1);
	CHECK_EQ(o->skip_enum64, 0);
	CHECK_EQ(o->skip_decl_tags, 0);
	CHECK_EQ(o->skip_type_tags, 0);
	CHECK_EQ(o->consistent_func, 1);
	CHECK_EQ(o->optimized_func, 1);
	CHECK_EQ(o->decl_tag_kfuncs, 1);
}

int main(void)
{
	struct kbtf_btf_features f;
	struct kbtf_encoder_opts o;
	unsigned int on;

	/* 6.16+: two options add up; the second does not reset the first */
	start(&f, &o);
	CHECK_EQ(kbtf_btf_features__parse(&f, "encode_force,var,float,enum64,decl_tag,type_tag,optimized_func,consistent_func,decl_tag_kfuncs", false, &o), 0);
	CHECK_EQ(kbtf_btf_features__parse(&f, "attributes", false, &o), 0);
	check_default_set(&o);
	CHECK(f.on & BIT(KBTF_FEAT_ATTRIBUTES), "on %#x", f.on);
	CHECK_EQ(f.nr_unknown, 0);

	/* out-of-tree modules, 6.11-6.18: MODULE_PAHOLE_FLAGS after it */
	start(&f, &o);
	CHECK_EQ(kbtf_btf_features__parse(&f, "float,decl_tag,decl_tag_kfuncs", false, &o), 0);
	CHECK_EQ(kbtf_btf_features__parse(&f, "distilled_base", false, &o), 0);
	CHECK_EQ(o.gen_floats, 1);
	CHECK_EQ(o.skip_decl_tags, 0);
	CHECK_EQ(o.decl_tag_kfuncs, 1);
	CHECK(f.on & BIT(KBTF_FEAT_DISTILLED_BASE), "on %#x", f.on);

	/* the first option resets: only what it names is on */
	start(&f, &o);
	o.gen_floats = true;	/* --btf_gen_floats before it */
	CHECK_EQ(kbtf_btf_features__parse(&f, "enum64", false, &o), 0);
	CHECK_EQ(o.gen_floats, 0);
	CHECK_EQ(o.skip_enum64, 0);
	CHECK_EQ(o.skip_decl_tags, 1);
	CHECK_EQ(o.skip_type_tags, 1);
	CHECK_EQ(o.consistent_func, 0);
	CHECK_EQ(o.decl_tag_kfuncs, 0);
	/* a flag after it stays, and a later option does not reset */
	o.consistent_func = true;
	CHECK_EQ(kbtf_btf_features__parse(&f, "type_tag", false, &o), 0);
	CHECK_EQ(o.consistent_func, 1);
	CHECK_EQ(o.skip_enum64, 0);
	CHECK_EQ(o.skip_type_tags, 0);

	/* '+': the defaults plus these (KBUILD_BUILD_TIMESTAMP builds) */
	start(&f, &o);
	CHECK_EQ(kbtf_btf_features__parse(&f, "+reproducible_build", false, &o), 0);
	check_default_set(&o);
	CHECK(f.on & BIT(KBTF_FEAT_REPRODUCIBLE_BUILD), "on %#x", f.on);
	CHECK(!(f.on & BIT(KBTF_FEAT_DISTILLED_BASE)), "on %#x", f.on);
	/* '+' only as the list's first character; "default" as an item */
	start(&f, &o);
	CHECK_EQ(kbtf_btf_features__parse(&f, "float,+enum64", false, &o), 0);
	CHECK_EQ(o.skip_enum64, 1);
	CHECK_EQ(f.nr_unknown, 1);
	CHECK_STR(f.unknown, "+enum64");
	CHECK_EQ(kbtf_btf_features__parse(&f, "global_var,default", false, &o), 0);
	check_default_set(&o);
	start(&f, &o);
	CHECK_EQ(kbtf_btf_features__parse(&f, "default", false, &o), 0);
	check_default_set(&o);

	/* unknown names: skipped and counted, the rest applies; empty
	 * items are nothing; "all" is not a keyword since pahole 1.27 */
	start(&f, &o);
	CHECK_EQ(kbtf_btf_features__parse(&f, "float,,no_such_feature,all,decl_tag", false, &o), 0);
	CHECK_EQ(f.nr_unknown, 2);
	CHECK_STR(f.unknown, "no_such_feature");
	CHECK_EQ(o.gen_floats, 1);
	CHECK_EQ(o.skip_decl_tags, 0);
	CHECK_EQ(o.skip_enum64, 1);

	/* strict: an unknown name refuses the whole list, nothing changes */
	start(&f, &o);
	CHECK_EQ(kbtf_btf_features__parse(&f, "float", false, &o), 0);
	on = f.on;
	CHECK_EQ(kbtf_btf_features__parse(&f, "enum64,bogus", true, &o), -ENOENT);
	CHECK_STR(f.unknown, "bogus");
	CHECK_EQ(f.on, on);
	CHECK_EQ(o.skip_enum64, 1);
	CHECK_EQ(o.gen_floats, 1);
	/* a strict list of known names is an ordinary one */
	CHECK_EQ(kbtf_btf_features__parse(&f, "enum64,layout", true, &o), 0);
	CHECK_EQ(o.skip_enum64, 0);
	CHECK(f.on & BIT(KBTF_FEAT_LAYOUT), "on %#x", f.on);
	/* a strict first option that is refused resets nothing */
	start(&f, &o);
	o.gen_floats = true;
	CHECK_EQ(kbtf_btf_features__parse(&f, "x", true, &o), -ENOENT);
	CHECK_EQ(o.gen_floats, 1);
	CHECK_EQ(f.seen, 0);

	/* names both ways, and bad arguments */
	CHECK_STR(kbtf_btf_feature_name(KBTF_FEAT_DECL_TAG_KFUNCS), "decl_tag_kfuncs");
	CHECK_EQ(kbtf_btf_feature_by_name("distilled_base"), KBTF_FEAT_DISTILLED_BASE);
	CHECK_EQ(kbtf_btf_feature_by_name("nope"), -ENOENT);
	CHECK(!kbtf_btf_feature_name(KBTF_FEAT_NR), "past the end");
	start(&f, &o);
	f.sz = 0;
	CHECK_EQ(kbtf_btf_features__parse(&f, "float", false, &o), -EINVAL);
	return KBTF_TEST_END();
}
