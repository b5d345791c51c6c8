// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture CU "tags": BTF type and decl tags.  With clang the attributes
 * become DW_TAG_LLVM_annotation DIEs; with gcc (no btf_type_tag /
 * btf_decl_tag attributes) the same code builds without tags, and
 * tests/encoder/types-clang.golden holds the tag expectations.
 */
#include "fixture.h"

/* PTR -> TYPE_TAG "user" -> INT, like an __user pointer */
int __user *user_ptr;

/* two type tags on one pointer (the kernel's __percpu __user is rare,
 * but the order of the tags is part of the encoding) */
int __user __percpu_tag *two_tag_ptr;

struct tagged {
	int plain;
	int marked __decl_tag("member_tag");
};

struct tagged tagged_var __decl_tag("var_tag") = { 1, 2 };

__decl_tag("func_tag") int tagged_func(int x)
{
	return x + tagged_var.marked + (user_ptr ? 1 : 0);
}
