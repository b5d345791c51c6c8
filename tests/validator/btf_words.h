/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Raw BTF as 32-bit words, for the validator's tests: one macro per type
 * record, so a test case reads like the kernel's log of it.  The string
 * section is built by the test (see btf_test_strings()).
 */
#ifndef KBTF_TEST_BTF_WORDS_H
#define KBTF_TEST_BTF_WORDS_H

#include <linux/btf.h>

#define INFO(kind, kflag, vlen)						\
	((__u32)(((kflag) ? 1u << 31 : 0) | ((__u32)(kind) << 24) |	\
		 ((vlen) & 0xffff)))
#define INT_DATA(enc, off, bits) (((enc) << 24) | ((off) << 16) | (bits))

#define INT_T(name, size, enc, off, bits)				\
	(name), INFO(BTF_KIND_INT, 0, 0), (size), INT_DATA(enc, off, bits)
#define REF_T(kind, name, type)	(name), INFO(kind, 0, 0), (type)
#define PTR_T(type)		REF_T(BTF_KIND_PTR, 0, type)
#define CONST_T(type)		REF_T(BTF_KIND_CONST, 0, type)
#define VOLATILE_T(type)	REF_T(BTF_KIND_VOLATILE, 0, type)
#define TYPEDEF_T(name, type)	REF_T(BTF_KIND_TYPEDEF, name, type)
#define TYPE_TAG_T(name, type)	REF_T(BTF_KIND_TYPE_TAG, name, type)
#define ARRAY_T(elem, index, n)						\
	0, INFO(BTF_KIND_ARRAY, 0, 0), 0, (elem), (index), (n)
#define STRUCT_T(name, vlen, size)					\
	(name), INFO(BTF_KIND_STRUCT, 0, vlen), (size)
#define KSTRUCT_T(name, vlen, size)					\
	(name), INFO(BTF_KIND_STRUCT, 1, vlen), (size)
#define UNION_T(name, vlen, size)					\
	(name), INFO(BTF_KIND_UNION, 0, vlen), (size)
#define MEMBER(name, type, off)	(name), (type), (off)
#define BITFIELD(bits, off)	(((bits) << 24) | (off))
#define ENUM_T(name, vlen, size) (name), INFO(BTF_KIND_ENUM, 0, vlen), (size)
#define ENUMV(name, val)	(name), (__u32)(val)
#define ENUM64_T(name, vlen, size)					\
	(name), INFO(BTF_KIND_ENUM64, 0, vlen), (size)
#define ENUM64V(name, lo, hi)	(name), (lo), (hi)
#define FWD_T(name, kflag)	(name), INFO(BTF_KIND_FWD, kflag, 0), 0
#define FUNC_T(name, linkage, proto)					\
	(name), INFO(BTF_KIND_FUNC, 0, linkage), (proto)
#define PROTO_T(vlen, ret)	0, INFO(BTF_KIND_FUNC_PROTO, 0, vlen), (ret)
#define PARAM(name, type)	(name), (type)
#define VAR_T(name, type, linkage)					\
	(name), INFO(BTF_KIND_VAR, 0, 0), (type), (linkage)
#define DATASEC_T(name, vlen, size)					\
	(name), INFO(BTF_KIND_DATASEC, 0, vlen), (size)
#define VSI(type, off, size)	(type), (off), (size)
#define FLOAT_T(name, size)	(name), INFO(BTF_KIND_FLOAT, 0, 0), (size)
#define DECL_TAG_T(name, type, idx)					\
	(name), INFO(BTF_KIND_DECL_TAG, 0, 0), (type), (__u32)(idx)

#endif /* KBTF_TEST_BTF_WORDS_H */
