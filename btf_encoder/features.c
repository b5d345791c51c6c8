// SPDX-License-Identifier: GPL-2.0-only
/*
 * pahole's --btf_features, read as pahole 1.27 to 1.31 read it (the
 * behaviour is described in docs/man/btfencode.1; no pahole code):
 *
 *  - the first feature option turns every feature off, then each option,
 *    in command-line order, turns on what it names: options add up;
 *  - "default" (the whole list or one item) and a leading '+' turn on the
 *    default set;
 *  - an unknown name is skipped, or, in a strict list, an error.
 *
 * One concern: a list into the feature fields of kbtf_encoder_opts and a
 * mask of what was named.  No state outside the caller's struct.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbtf_encoder.h"
#include "kbtf_util.h"

#define BIT(f) (1u << (f))

static const char *const names[KBTF_FEAT_NR] = {
	[KBTF_FEAT_ENCODE_FORCE] = "encode_force",
	[KBTF_FEAT_VAR] = "var",
	[KBTF_FEAT_FLOAT] = "float",
	[KBTF_FEAT_DECL_TAG] = "decl_tag",
	[KBTF_FEAT_TYPE_TAG] = "type_tag",
	[KBTF_FEAT_ENUM64] = "enum64",
	[KBTF_FEAT_OPTIMIZED_FUNC] = "optimized_func",
	[KBTF_FEAT_CONSISTENT_FUNC] = "consistent_func",
	[KBTF_FEAT_DECL_TAG_KFUNCS] = "decl_tag_kfuncs",
	[KBTF_FEAT_REPRODUCIBLE_BUILD] = "reproducible_build",
	[KBTF_FEAT_DISTILLED_BASE] = "distilled_base",
	[KBTF_FEAT_GLOBAL_VAR] = "global_var",
	[KBTF_FEAT_ATTRIBUTES] = "attributes",
	[KBTF_FEAT_TRUE_SIGNATURE] = "true_signature",
	[KBTF_FEAT_LAYOUT] = "layout",
};

/* pahole's default set (1.27 on): what "default" and '+' turn on. */
#define DEFAULT_SET                                                         \
	(BIT(KBTF_FEAT_ENCODE_FORCE) | BIT(KBTF_FEAT_VAR) |                 \
	 BIT(KBTF_FEAT_FLOAT) | BIT(KBTF_FEAT_DECL_TAG) |                   \
	 BIT(KBTF_FEAT_TYPE_TAG) | BIT(KBTF_FEAT_ENUM64) |                  \
	 BIT(KBTF_FEAT_OPTIMIZED_FUNC) | BIT(KBTF_FEAT_CONSISTENT_FUNC) |   \
	 BIT(KBTF_FEAT_DECL_TAG_KFUNCS))

const char *kbtf_btf_feature_name(enum kbtf_btf_feature f)
{
	return (unsigned int)f < KBTF_FEAT_NR ? names[f] : NULL;
}

int kbtf_btf_feature_by_name(const char *name)
{
	int i;

	for (i = 0; i < KBTF_FEAT_NR; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -ENOENT;
}

/* Everything off: what the first feature option starts from.  VARs are
 * not a feature list's to turn off (see btfencode(1)). */
static void reset(struct kbtf_encoder_opts *o)
{
	o->gen_floats = false;
	o->skip_enum64 = true;
	o->skip_decl_tags = true;
	o->skip_type_tags = true;
	o->consistent_func = false;
	o->optimized_func = false;
	o->decl_tag_kfuncs = false;
}

static void enable(struct kbtf_encoder_opts *o, unsigned int mask)
{
	if (mask & BIT(KBTF_FEAT_FLOAT))
		o->gen_floats = true;
	if (mask & BIT(KBTF_FEAT_ENUM64))
		o->skip_enum64 = false;
	if (mask & BIT(KBTF_FEAT_DECL_TAG))
		o->skip_decl_tags = false;
	if (mask & BIT(KBTF_FEAT_TYPE_TAG))
		o->skip_type_tags = false;
	if (mask & BIT(KBTF_FEAT_CONSISTENT_FUNC))
		o->consistent_func = true;
	if (mask & BIT(KBTF_FEAT_OPTIMIZED_FUNC))
		o->optimized_func = true;
	if (mask & BIT(KBTF_FEAT_DECL_TAG_KFUNCS))
		o->decl_tag_kfuncs = true;
}

int kbtf_btf_features__parse(struct kbtf_btf_features *f, const char *list,
			     bool strict, struct kbtf_encoder_opts *o)
{
	unsigned int mask = 0, unknown = 0;
	char *copy, *tok, *save = NULL;
	int i;

	if (!f || !list || !o || f->sz < sizeof(*f))
		return -EINVAL;
	copy = strdup(list);
	if (!copy)
		return -ENOMEM;
	tok = copy;
	if (*tok == '+') {
		mask |= DEFAULT_SET;
		tok++;
	}
	for (tok = strtok_r(tok, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "default")) {
			mask |= DEFAULT_SET;
			continue;
		}
		i = kbtf_btf_feature_by_name(tok);
		if (i >= 0) {
			mask |= BIT(i);
			continue;
		}
		if (!unknown++ && !f->nr_unknown)
			snprintf(f->unknown, sizeof(f->unknown), "%s", tok);
		if (strict) {
			/* a strict list is refused whole */
			snprintf(f->unknown, sizeof(f->unknown), "%s", tok);
			free(copy);
			return -ENOENT;
		}
	}
	free(copy);
	if (!f->seen)
		reset(o);
	f->seen = true;
	f->on |= mask;
	f->nr_unknown += unknown;
	enable(o, mask);
	return 0;
}
