/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The validator's rule table: raw BTF words, the reason string the kernel
 * gives (NULL: accepted) and, for every rejection, the type it stops at
 * and its exact last log line.  At least one case per rule of
 * docs/validator.md ("The structure check").  Shared by test_btf_rules
 * (library only) and btf_kdiff (which also asks the running kernel about
 * every user-BTF case).
 *
 * Type [1] is usually INT32 ("int", 4 bytes, signed).  Names are offsets
 * into the standard string section (btf_test_strings()).
 */
#ifndef KBTF_TEST_BTF_RULE_CASES_H
#define KBTF_TEST_BTF_RULE_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "btf_words.h"
#include "kbtf_validate.h"

/* ---- the standard string section ------------------------------------ */

#define NM(k)		(1 + 16 * (k))	/* 16-byte slots after the "" */
#define NM_INT		NM(0)
#define NM_S		NM(1)
#define NM_A		NM(2)
#define NM_B		NM(3)
#define NM_F		NM(4)
#define NM_V		NM(5)
#define NM_DATA		NM(6)		/* ".data" */
#define NM_TAG		NM(7)
#define NM_BAD		NM(8)		/* "bad-name" */
#define NM_DIGIT	NM(9)		/* "1x" */
#define NM_T		NM(10)
#define NM_U		NM(11)
#define NM_E		NM(12)
#define NM_X		NM(13)
#define NM_P		NM(14)
#define NM_SPACE	NM(15)		/* "sec a" */
#define NM_LATIN1	NM(16)		/* "\xe9t\xe9": letters in Latin-1 */
#define NM_HIGH		NM(17)		/* "\x80x": 0x80 is no letter */
#define NM_C		NM(18)
#define NM_PERCPU	NM(19)		/* ".data..percpu" */
#define NM_NSLOTS	20
#define NM_LONG512	NM(NM_NSLOTS)			/* 512 x 'a' */
#define NM_LONG513	(NM_LONG512 + 513)		/* 513 x 'a' */
#define NM_LONG129	(NM_LONG513 + 514)		/* 129 x 'a' */
#define NM_END		(NM_LONG129 + 130)		/* str_len */

static const char *const btf_test_slot_names[NM_NSLOTS] = {
	"int", "s", "a", "b", "f", "v", ".data", "tag", "bad-name", "1x",
	"t", "u", "e", "x", "p", "sec a", "\xe9t\xe9", "\x80x", "c",
	".data..percpu",
};

/* Fill @buf (NM_END bytes) with the standard string section. */
static inline size_t btf_test_strings(char *buf)
{
	int k;

	memset(buf, 0, NM_END);
	for (k = 0; k < NM_NSLOTS; k++)
		strcpy(buf + NM(k), btf_test_slot_names[k]);
	memset(buf + NM_LONG512, 'a', 512);
	memset(buf + NM_LONG513, 'a', 513);
	memset(buf + NM_LONG129, 'a', 129);
	return NM_END;
}

/* ---- blobs ----------------------------------------------------------- */

struct btf_blob {
	unsigned char buf[1 << 16];
	size_t len;
};

#define HDR_MAGIC	0
#define HDR_VERSION	2
#define HDR_FLAGS	3
#define HDR_HDR_LEN	4
#define HDR_TYPE_OFF	8
#define HDR_TYPE_LEN	12
#define HDR_STR_OFF	16
#define HDR_STR_LEN	20

static inline void blob_put32(struct btf_blob *b, size_t off, __u32 v)
{
	memcpy(b->buf + off, &v, 4);
}

static inline __u32 blob_get32(const struct btf_blob *b, size_t off)
{
	__u32 v;

	memcpy(&v, b->buf + off, 4);
	return v;
}

/* insert @n bytes of @fill at @off */
static inline void blob_insert(struct btf_blob *b, size_t off, size_t n,
			       unsigned char fill)
{
	memmove(b->buf + off + n, b->buf + off, b->len - off);
	memset(b->buf + off, fill, n);
	b->len += n;
}

/* header + @types + @str: the layout every producer writes */
static inline void blob_build(struct btf_blob *b, const __u32 *types,
			      size_t tlen, const char *str, size_t slen)
{
	struct btf_header h = {
		.magic = BTF_MAGIC, .version = BTF_VERSION,
		.hdr_len = sizeof(h), .type_off = 0, .type_len = tlen,
		.str_off = tlen, .str_len = slen,
	};

	memcpy(b->buf, &h, sizeof(h));
	if (tlen)
		memcpy(b->buf + sizeof(h), types, tlen);
	if (slen)
		memcpy(b->buf + sizeof(h) + tlen, str, slen);
	b->len = sizeof(h) + tlen + slen;
}

/* ---- header fixups --------------------------------------------------- */

static inline void fix_short7(struct btf_blob *b) { b->len = 7; }
static inline void fix_hdr_len_past_end(struct btf_blob *b)
{
	blob_put32(b, HDR_HDR_LEN, b->len + 1);
}
static inline void fix_hdr_ext_nonzero(struct btf_blob *b)
{
	blob_insert(b, 24, 4, 0);
	b->buf[26] = 1;
	blob_put32(b, HDR_HDR_LEN, 28);
}
static inline void fix_hdr_ext_zero(struct btf_blob *b)
{
	blob_insert(b, 24, 4, 0);
	blob_put32(b, HDR_HDR_LEN, 28);
}
static inline void fix_magic_swapped(struct btf_blob *b)
{
	b->buf[0] = 0xeb;
	b->buf[1] = 0x9f;
}
static inline void fix_version2(struct btf_blob *b) { b->buf[HDR_VERSION] = 2; }
static inline void fix_flags1(struct btf_blob *b) { b->buf[HDR_FLAGS] = 1; }
static inline void fix_header_only(struct btf_blob *b)
{
	b->len = 24;
	blob_put32(b, HDR_TYPE_LEN, 0);
	blob_put32(b, HDR_STR_OFF, 0);
	blob_put32(b, HDR_STR_LEN, 0);
}
static inline void fix_str_off_huge(struct btf_blob *b)
{
	blob_put32(b, HDR_STR_OFF, 0x10000);
}
static inline void fix_gap_before_types(struct btf_blob *b)
{
	blob_insert(b, 24, 4, 0);
	blob_put32(b, HDR_TYPE_OFF, 4);
	blob_put32(b, HDR_STR_OFF, blob_get32(b, HDR_STR_OFF) + 4);
}
static inline void fix_trailing_bytes(struct btf_blob *b)
{
	blob_insert(b, b->len, 4, 0);
}
static inline void fix_overlap(struct btf_blob *b)
{
	blob_put32(b, HDR_STR_OFF, blob_get32(b, HDR_STR_OFF) - 4);
}
static inline void fix_str_len_long(struct btf_blob *b)
{
	blob_put32(b, HDR_STR_LEN, blob_get32(b, HDR_STR_LEN) + 4);
}
/* strings first, types after: the layout tiles, strings do not end it */
static inline void fix_strings_first(struct btf_blob *b)
{
	__u32 tlen = blob_get32(b, HDR_TYPE_LEN);
	__u32 slen = blob_get32(b, HDR_STR_LEN);

	blob_put32(b, HDR_STR_OFF, 0);
	blob_put32(b, HDR_TYPE_OFF, slen);
	(void)tlen;
}
/* no types; strings at 0 of odd length; type_off right after them */
static inline void fix_unaligned_empty_types(struct btf_blob *b)
{
	static const char s[] = "\0a";	/* 3 bytes */

	b->len = 24;
	memcpy(b->buf + 24, s, sizeof(s));
	b->len += sizeof(s);
	blob_put32(b, HDR_TYPE_OFF, sizeof(s));
	blob_put32(b, HDR_TYPE_LEN, 0);
	blob_put32(b, HDR_STR_OFF, 0);
	blob_put32(b, HDR_STR_LEN, sizeof(s));
}
static inline void fix_no_types(struct btf_blob *b)
{
	__u32 tlen = blob_get32(b, HDR_TYPE_LEN);

	memmove(b->buf + 24, b->buf + 24 + tlen, b->len - 24 - tlen);
	b->len -= tlen;
	blob_put32(b, HDR_TYPE_LEN, 0);
	blob_put32(b, HDR_STR_OFF, 0);
}
static inline void fix_str_len0(struct btf_blob *b)
{
	b->len -= blob_get32(b, HDR_STR_LEN);
	blob_put32(b, HDR_STR_LEN, 0);
}

/* ---- the table ------------------------------------------------------- */

/*
 * A rejection case (.reason set) must say which type the kernel stops at
 * and the last line it logs: test_btf_rules fails a case whose .id is 0
 * (not given: a field left out must not pass for "type 0") or whose .line
 * is NULL.  NO_ID: the verdict names no type (header, strings, type
 * section).  .line "": the kernel logs nothing (kernel BTF's silent
 * failures).  btf_kdiff checks both against the running kernel for every
 * user-BTF case.
 */
#define NO_ID	(-1)

struct rule_case {
	const char *what;
	const __u32 *w;
	size_t wlen;		/* bytes */
	const char *str;	/* own string section; NULL: standard */
	size_t slen;
	void (*fix)(struct btf_blob *b);
	const char *reason;	/* NULL: accepted */
	int id;			/* type id of the verdict, or NO_ID */
	const char *line;	/* the kernel's last log line */
	int err;		/* 0: -EINVAL unless accepted */
	int kver;		/* 0: 6.1 */
	bool kernel_btf;
	const __u32 *bw;	/* split BTF: base types (standard strings) */
	size_t bwlen;
};

#define W(...)  .w = (const __u32[]){ __VA_ARGS__ },			\
		.wlen = sizeof((const __u32[]){ __VA_ARGS__ })
#define BASE(...) .bw = (const __u32[]){ __VA_ARGS__ },			\
		  .bwlen = sizeof((const __u32[]){ __VA_ARGS__ })
#define STR(s)	.str = (s), .slen = sizeof(s)	/* trailing NUL included */
#define NO_STR	.str = "", .slen = 0

/* the long names of the string section, as they appear in log lines */
#define A8	"aaaaaaaa"
#define A64	A8 A8 A8 A8 A8 A8 A8 A8
#define NAME129	A64 A64 "a"
#define NAME512	A64 A64 A64 A64 A64 A64 A64 A64
#define NAME513	NAME512 "a"

#define INT32	INT_T(NM_INT, 4, BTF_INT_SIGNED, 0, 32)
#define INT32_D	"size=4 bits_offset=0 nr_bits=32 encoding=SIGNED"
#define INT64	INT_T(NM_INT, 8, 0, 0, 64)

static const struct rule_case rule_cases[] = {
	/* ---- accepted shapes ---- */
	{ "int alone", W(INT32) },
	{ "odd int size 3", W(INT_T(NM_INT, 3, 0, 0, 24)) },
	{ "int of 0 bits", W(INT_T(NM_INT, 1, 0, 0, 0)) },
	{ "bool and char encodings",
	  W(INT_T(NM_INT, 1, BTF_INT_BOOL, 0, 1),
	    INT_T(NM_C, 1, BTF_INT_CHAR, 0, 8)) },
	{ "header longer, zero-filled", W(INT32), .fix = fix_hdr_ext_zero },
	{ "typedef with dots", W(INT32, TYPEDEF_T(NM_DATA, 1)) },
	{ "typedef with Latin-1 letters", W(INT32, TYPEDEF_T(NM_LATIN1, 1)) },
	{ "typedef name of 512 chars", W(INT32, TYPEDEF_T(NM_LONG512, 1)) },
	{ "fwd union (kflag)", W(FWD_T(NM_S, 1)) },
	{ "empty struct of size 0", W(STRUCT_T(NM_S, 0, 0)) },
	{ "flexible array member at the same offset",
	  W(INT32, STRUCT_T(NM_S, 2, 4), MEMBER(NM_A, 1, 0),
	    MEMBER(NM_B, 3, 32), ARRAY_T(1, 1, 0)) },
	{ "self-referencing struct through a pointer",
	  W(STRUCT_T(NM_S, 1, 8), MEMBER(NM_P, 2, 0), PTR_T(1)) },
	{ "enum with no enumerators", W(ENUM_T(NM_E, 0, 4)) },
	{ "signed enum (kflag)",
	  W(NM_E, INFO(BTF_KIND_ENUM, 1, 1), 4, ENUMV(NM_A, -1)) },
	{ "enum64", W(ENUM64_T(NM_E, 1, 8), ENUM64V(NM_A, 1, 2)) },
	{ "func with proto and decl tag on arg",
	  W(INT32, PROTO_T(1, 1), PARAM(NM_A, 1), FUNC_T(NM_F, 1, 2),
	    DECL_TAG_T(NM_TAG, 3, 0)) },
	{ "vararg proto", W(INT32, PROTO_T(2, 0), PARAM(NM_A, 1), PARAM(0, 0)) },
	{ "proto of only a vararg", W(PROTO_T(1, 0), PARAM(0, 0)) },
	{ "typedef of a FUNC_PROTO", W(PROTO_T(0, 0), TYPEDEF_T(NM_T, 1)) },
	{ "typedef of a FUNC resolved in TBD mode",
	  W(INT32, TYPEDEF_T(NM_T, 3), FUNC_T(NM_F, 0, 4), PROTO_T(0, 1)) },
	{ "pointer to FWD and void",
	  W(FWD_T(NM_S, 0), PTR_T(1), PTR_T(0), CONST_T(0)) },
	{ "vars in a datasec",
	  W(INT32, VAR_T(NM_V, 1, 1), VAR_T(NM_X, 1, 0),
	    DATASEC_T(NM_DATA, 2, 8), VSI(2, 0, 4), VSI(3, 4, 4)) },
	{ "datasec entries out of id order, touching",
	  W(INT32, VAR_T(NM_V, 1, 1), VAR_T(NM_X, 1, 0),
	    DATASEC_T(NM_PERCPU, 2, 8), VSI(3, 0, 4), VSI(2, 4, 4)) },
	{ "datasec with no entries", W(DATASEC_T(NM_DATA, 0, 4)) },
	{ "datasec entry larger than its var",
	  W(INT32, VAR_T(NM_V, 1, 1), DATASEC_T(NM_DATA, 1, 8),
	    VSI(2, 0, 8)) },
	{ "VAR after its DATASEC: entry size not checked",
	  W(INT64, DATASEC_T(NM_DATA, 1, 8), VSI(3, 0, 4),
	    VAR_T(NM_V, 1, 1)) },
	{ "var of a 0-sized struct",
	  W(STRUCT_T(NM_S, 0, 0), VAR_T(NM_V, 1, 0)) },
	{ "float members aligned",
	  W(FLOAT_T(NM_F, 8), FLOAT_T(NM_F, 12), STRUCT_T(NM_S, 2, 24),
	    MEMBER(NM_A, 1, 0), MEMBER(NM_B, 2, 64)) },
	{ "type tags before modifiers",
	  W(INT32, TYPE_TAG_T(NM_TAG, 3), CONST_T(1), PTR_T(2)) },
	{ "32 chained modifiers", W(
	  CONST_T(2), CONST_T(3), CONST_T(4), CONST_T(5), CONST_T(6),
	  CONST_T(7), CONST_T(8), CONST_T(9), CONST_T(10), CONST_T(11),
	  CONST_T(12), CONST_T(13), CONST_T(14), CONST_T(15), CONST_T(16),
	  CONST_T(17), CONST_T(18), CONST_T(19), CONST_T(20), CONST_T(21),
	  CONST_T(22), CONST_T(23), CONST_T(24), CONST_T(25), CONST_T(26),
	  CONST_T(27), CONST_T(28), CONST_T(29), CONST_T(30), CONST_T(31),
	  CONST_T(32), CONST_T(33), INT32) },
	{ "bitfields under kflag",
	  W(INT32, ENUM_T(NM_E, 0, 4), KSTRUCT_T(NM_S, 3, 8),
	    MEMBER(NM_A, 1, BITFIELD(3, 0)), MEMBER(NM_B, 2, BITFIELD(5, 3)),
	    MEMBER(NM_C, 1, BITFIELD(0, 32))) },
	{ "decl tags on struct, member, typedef, var",
	  W(INT32, STRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 1, 0),
	    TYPEDEF_T(NM_T, 2), VAR_T(NM_V, 1, 0),
	    DECL_TAG_T(NM_TAG, 2, -1), DECL_TAG_T(NM_TAG, 2, 0),
	    DECL_TAG_T(NM_TAG, 3, -1), DECL_TAG_T(NM_TAG, 4, -1)) },

	/* ---- header and sections ---- */
	{ "7 bytes", W(INT32), .fix = fix_short7,
	  .reason = "hdr_len not found", .id = NO_ID, .line = "hdr_len not found" },
	{ "hdr_len past the end", W(INT32), .fix = fix_hdr_len_past_end,
	  .reason = "btf_header not found", .id = NO_ID,
	  .line = "btf_header not found" },
	{ "unknown header bytes not zero", W(INT32), .fix = fix_hdr_ext_nonzero,
	  .reason = "Unsupported btf_header", .id = NO_ID, .err = -E2BIG,
	  .line = "Unsupported btf_header" },
	{ "big-endian magic", W(INT32), .fix = fix_magic_swapped,
	  .reason = "Invalid magic", .id = NO_ID,
	  .line = "Invalid magic" },
	{ "version 2", W(INT32), .fix = fix_version2,
	  .reason = "Unsupported version", .id = NO_ID, .err = -KBTF_ENOTSUPP,
	  .line = "Unsupported version" },
	{ "flags 1", W(INT32), .fix = fix_flags1,
	  .reason = "Unsupported flags", .id = NO_ID, .err = -KBTF_ENOTSUPP,
	  .line = "Unsupported flags" },
	{ "header only", W(INT32), .fix = fix_header_only,
	  .reason = "No data", .id = NO_ID,
	  .line = "No data" },
	{ "str_off past the data", W(INT32), .fix = fix_str_off_huge,
	  .reason = "Invalid section offset", .id = NO_ID,
	  .line = "Invalid section offset" },
	{ "gap before the types", W(INT32), .fix = fix_gap_before_types,
	  .reason = "Unsupported section found", .id = NO_ID,
	  .line = "Unsupported section found" },
	{ "trailing bytes", W(INT32), .fix = fix_trailing_bytes,
	  .reason = "Unsupported section found", .id = NO_ID,
	  .line = "Unsupported section found" },
	{ "sections overlap", W(INT32), .fix = fix_overlap,
	  .reason = "Section overlap found", .id = NO_ID,
	  .line = "Section overlap found" },
	{ "str_len past the end", W(INT32), .fix = fix_str_len_long,
	  .reason = "Total section length too long", .id = NO_ID,
	  .line = "Total section length too long" },

	/* ---- strings ---- */
	{ "strings before types", W(INT32), .fix = fix_strings_first,
	  .reason = "String section is not at the end", .id = NO_ID,
	  .line = "String section is not at the end" },
	{ "no trailing NUL", W(INT32), .str = "\0int", .slen = 4,
	  .reason = "Invalid string section", .id = NO_ID,
	  .line = "Invalid string section" },
	{ "first string not empty", W(INT_T(2, 4, 0, 0, 32)), STR("x\0int"),
	  .reason = "Invalid string section", .id = NO_ID,
	  .line = "Invalid string section" },
	{ "str_len 0", W(INT_T(0, 4, 0, 0, 32)), .fix = fix_str_len0,
	  .reason = "Invalid string section", .id = NO_ID,
	  .line = "Invalid string section" },

	/* ---- type section ---- */
	{ "unaligned type_off", W(INT32), .fix = fix_unaligned_empty_types,
	  .reason = "Unaligned type_off", .id = NO_ID,
	  .line = "Unaligned type_off" },
	{ "unaligned type_off, kernel BTF", W(INT32),
	  .fix = fix_unaligned_empty_types, .kernel_btf = true },
	{ "no types", W(INT32), .fix = fix_no_types,
	  .reason = "No type found", .id = NO_ID,
	  .line = "No type found" },
	{ "no types, kernel BTF", W(INT32), .fix = fix_no_types,
	  .kernel_btf = true },

	/* ---- meta checks common to every kind ---- */
	{ "8 bytes of type", W(NM_INT, INFO(BTF_KIND_INT, 0, 0)),
	  .reason = "meta_left:8 meta_needed:12", .id = 1,
	  .line = "[1] meta_left:8 meta_needed:12" },
	{ "reserved info bits",
	  W(NM_INT, INFO(BTF_KIND_INT, 0, 0) | 0x10000, 4, INT_DATA(1, 0, 32)),
	  .reason = "Invalid btf_info:1010000", .id = 1,
	  .line = "[1] Invalid btf_info:1010000" },
	{ "kind 0", W(0, 0, 0), .reason = "Invalid kind:0", .id = 1,
	  .line = "[1] Invalid kind:0" },
	{ "kind 20", W(0, INFO(20, 0, 0), 0),
	  .reason = "Invalid kind:20", .id = 1,
	  .line = "[1] Invalid kind:20" },
	{ "name offset past the strings",
	  W(INT_T(NM_END, 4, 0, 0, 32)),
	  .reason = "Invalid name_offset:1478", .id = 1,
	  .line = "[1] Invalid name_offset:1478" },
	{ "second type short", W(INT32, 0, INFO(BTF_KIND_PTR, 0, 0)),
	  .reason = "meta_left:8 meta_needed:12", .id = 2,
	  .line = "[2] meta_left:8 meta_needed:12" },

	/* ---- INT ---- */
	{ "int without int data", W(NM_INT, INFO(BTF_KIND_INT, 0, 0), 4),
	  .reason = "meta_left:0 meta_needed:4", .id = 1,
	  .line = "[1] INT int meta_left:0 meta_needed:4" },
	{ "int vlen", W(NM_INT, INFO(BTF_KIND_INT, 0, 1), 4, 32),
	  .reason = "vlen != 0", .id = 1,
	  .line = "[1] INT int size=4 bits_offset=0 nr_bits=32 encoding=(none) vlen != 0" },
	{ "int kflag", W(NM_INT, INFO(BTF_KIND_INT, 1, 0), 4, 32),
	  .reason = "Invalid btf_info kind_flag", .id = 1,
	  .line = "[1] INT int size=4 bits_offset=0 nr_bits=32 encoding=(none) Invalid btf_info kind_flag" },
	{ "int data bit 28", W(NM_INT, INFO(BTF_KIND_INT, 0, 0), 4,
			       0x10000020),
	  .reason = "Invalid int_data:10000020", .id = 1,
	  .line = "[1] INT int Invalid int_data:10000020" },
	{ "int over 128 bits", W(INT_T(NM_INT, 17, 0, 29, 100)),
	  .reason = "nr_bits exceeds 128", .id = 1,
	  .line = "[1] INT int size=17 bits_offset=29 nr_bits=100 encoding=(none) nr_bits exceeds 128" },
	{ "int bits past its size", W(INT_T(NM_INT, 2, 0, 0, 32)),
	  .reason = "nr_bits exceeds type_size", .id = 1,
	  .line = "[1] INT int size=2 bits_offset=0 nr_bits=32 encoding=(none) nr_bits exceeds type_size" },
	{ "signed char encoding (gcc 12)", W(INT_T(NM_C, 1, 3, 0, 8)),
	  .reason = "Unsupported encoding", .id = 1, .err = -KBTF_ENOTSUPP,
	  .line = "[1] INT c size=1 bits_offset=0 nr_bits=8 encoding=UNKN Unsupported encoding" },

	/* ---- PTR and modifiers ---- */
	{ "ptr vlen", W(0, INFO(BTF_KIND_PTR, 0, 1), 0),
	  .reason = "vlen != 0", .id = 1,
	  .line = "[1] PTR (anon) type_id=0 vlen != 0" },
	{ "const kflag", W(0, INFO(BTF_KIND_CONST, 1, 0), 0),
	  .reason = "Invalid btf_info kind_flag", .id = 1,
	  .line = "[1] CONST (anon) type_id=0 Invalid btf_info kind_flag" },
	{ "ptr type past BTF_MAX_TYPE", W(PTR_T(0x100000)),
	  .reason = "Invalid type_id", .id = 1,
	  .line = "[1] PTR (anon) type_id=1048576 Invalid type_id" },
	{ "named ptr", W(REF_T(BTF_KIND_PTR, NM_P, 0)),
	  .reason = "Invalid name", .id = 1,
	  .line = "[1] PTR p type_id=0 Invalid name" },
	{ "named volatile", W(INT32, REF_T(BTF_KIND_VOLATILE, NM_A, 1)),
	  .reason = "Invalid name", .id = 2,
	  .line = "[2] VOLATILE a type_id=1 Invalid name" },
	{ "anonymous typedef", W(INT32, TYPEDEF_T(0, 1)),
	  .reason = "Invalid name", .id = 2,
	  .line = "[2] TYPEDEF (anon) type_id=1 Invalid name" },
	{ "typedef with '-'", W(INT32, TYPEDEF_T(NM_BAD, 1)),
	  .reason = "Invalid name", .id = 2,
	  .line = "[2] TYPEDEF bad-name type_id=1 Invalid name" },
	{ "typedef starting with a digit", W(INT32, TYPEDEF_T(NM_DIGIT, 1)),
	  .reason = "Invalid name", .id = 2,
	  .line = "[2] TYPEDEF 1x type_id=1 Invalid name" },
	{ "typedef with byte 0x80", W(INT32, TYPEDEF_T(NM_HIGH, 1)),
	  .reason = "Invalid name", .id = 2,
	  .line = "[2] TYPEDEF \x80x type_id=1 Invalid name" },
	{ "typedef name of 513 chars", W(INT32, TYPEDEF_T(NM_LONG513, 1)),
	  .reason = "Invalid name", .id = 2,
	  .line = "[2] TYPEDEF " NAME513 " type_id=1 Invalid name" },
	{ "type tag without a name", W(INT32, TYPE_TAG_T(0, 1)),
	  .reason = "Invalid name", .id = 2,
	  .line = "[2] TYPE_TAG (anon) type_id=1 Invalid name" },
	{ "type tag kflag (6.1)", W(INT32, NM_TAG, INFO(BTF_KIND_TYPE_TAG, 1, 0),
				   1),
	  .reason = "Invalid btf_info kind_flag", .id = 2,
	  .line = "[2] TYPE_TAG tag type_id=1 Invalid btf_info kind_flag" },
	{ "type tag kflag (6.15)", W(INT32, NM_TAG,
				    INFO(BTF_KIND_TYPE_TAG, 1, 0), 1),
	  .kver = KBTF_KERNEL_VERSION(6, 15, 0) },

	/* ---- FWD ---- */
	{ "fwd with a type", W(NM_S, INFO(BTF_KIND_FWD, 0, 0), 1),
	  .reason = "type != 0", .id = 1,
	  .line = "[1] FWD s struct type != 0" },
	{ "fwd vlen", W(NM_S, INFO(BTF_KIND_FWD, 0, 1), 0),
	  .reason = "vlen != 0", .id = 1,
	  .line = "[1] FWD s struct vlen != 0" },
	{ "anonymous fwd", W(FWD_T(0, 0)), .reason = "Invalid name", .id = 1,
	  .line = "[1] FWD (anon) struct Invalid name" },

	/* ---- ARRAY ---- */
	{ "array short", W(INT32, 0, INFO(BTF_KIND_ARRAY, 0, 0), 0, 1, 1),
	  .reason = "meta_left:8 meta_needed:12", .id = 2,
	  .line = "[2] ARRAY (anon) meta_left:8 meta_needed:12" },
	{ "named array", W(INT32, NM_A, INFO(BTF_KIND_ARRAY, 0, 0), 0, 1, 1, 2),
	  .reason = "Invalid name", .id = 2,
	  .line = "[2] ARRAY a type_id=1 index_type_id=1 nr_elems=2 Invalid name" },
	{ "array vlen", W(INT32, 0, INFO(BTF_KIND_ARRAY, 0, 1), 0, 1, 1, 2),
	  .reason = "vlen != 0", .id = 2,
	  .line = "[2] ARRAY (anon) type_id=1 index_type_id=1 nr_elems=2 vlen != 0" },
	{ "array kflag", W(INT32, 0, INFO(BTF_KIND_ARRAY, 1, 0), 0, 1, 1, 2),
	  .reason = "Invalid btf_info kind_flag", .id = 2,
	  .line = "[2] ARRAY (anon) type_id=1 index_type_id=1 nr_elems=2 Invalid btf_info kind_flag" },
	{ "array size", W(INT32, 0, INFO(BTF_KIND_ARRAY, 0, 0), 4, 1, 1, 2),
	  .reason = "size != 0", .id = 2,
	  .line = "[2] ARRAY (anon) type_id=1 index_type_id=1 nr_elems=2 size != 0" },
	{ "array of void", W(INT32, ARRAY_T(0, 1, 2)),
	  .reason = "Invalid elem", .id = 2,
	  .line = "[2] ARRAY (anon) type_id=0 index_type_id=1 nr_elems=2 Invalid elem" },
	{ "array index 0 (gcc extern T x[])", W(INT32, ARRAY_T(1, 0, 2)),
	  .reason = "Invalid index", .id = 2,
	  .line = "[2] ARRAY (anon) type_id=1 index_type_id=0 nr_elems=2 Invalid index" },

	/* ---- STRUCT / UNION ---- */
	{ "struct short",
	  W(INT32, STRUCT_T(NM_S, 2, 8), MEMBER(NM_A, 1, 0)),
	  .reason = "meta_left:12 meta_needed:24", .id = 2,
	  .line = "[2] STRUCT s meta_left:12 meta_needed:24" },
	{ "struct named '1x'", W(INT32, STRUCT_T(NM_DIGIT, 0, 4)),
	  .reason = "Invalid name", .id = 2,
	  .line = "[2] STRUCT 1x size=4 vlen=0 Invalid name" },
	{ "member name offset past the strings",
	  W(INT32, STRUCT_T(NM_S, 1, 4), MEMBER(5000, 1, 0)),
	  .reason = "Invalid member name_offset:5000", .id = 2,
	  .line = "\t(invalid-name-offset) type_id=1 bits_offset=0 Invalid member name_offset:5000" },
	{ "member named 'bad-name'",
	  W(INT32, STRUCT_T(NM_S, 1, 4), MEMBER(NM_BAD, 1, 0)),
	  .reason = "Invalid name", .id = 2,
	  .line = "\tbad-name type_id=1 bits_offset=0 Invalid name" },
	{ "member of void", W(INT32, STRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 0, 0)),
	  .reason = "Invalid type_id", .id = 2,
	  .line = "\ta type_id=0 bits_offset=0 Invalid type_id" },
	{ "union member at an offset",
	  W(INT32, UNION_T(NM_U, 2, 4), MEMBER(NM_A, 1, 0),
	    MEMBER(NM_B, 1, 8)),
	  .reason = "Invalid member bits_offset", .id = 2,
	  .line = "\tb type_id=1 bits_offset=8 Invalid member bits_offset" },
	{ "members out of order",
	  W(INT32, STRUCT_T(NM_S, 2, 8), MEMBER(NM_A, 1, 32),
	    MEMBER(NM_B, 1, 0)),
	  .reason = "Invalid member bits_offset", .id = 2,
	  .line = "\tb type_id=1 bits_offset=0 Invalid member bits_offset" },
	{ "member offset past the struct",
	  W(INT32, STRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 1, 33)),
	  .reason = "Member bits_offset exceeds its struct size", .id = 2,
	  .line = "\ta type_id=1 bits_offset=33 Member bits_offset exceeds its struct size" },
	{ "kflag member offset past the struct",
	  W(INT32, KSTRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 1, BITFIELD(1, 40))),
	  .reason = "Member bits_offset exceeds its struct size", .id = 2,
	  .line = "\ta type_id=1 bitfield_size=1 bits_offset=40 Member bits_offset exceeds its struct size" },

	/* ---- ENUM / ENUM64 ---- */
	{ "enum of size 3", W(ENUM_T(NM_E, 0, 3)),
	  .reason = "Unexpected size", .id = 1,
	  .line = "[1] ENUM e size=3 vlen=0 Unexpected size" },
	{ "enum of size 0", W(ENUM_T(NM_E, 0, 0)),
	  .reason = "Unexpected size", .id = 1,
	  .line = "[1] ENUM e size=0 vlen=0 Unexpected size" },
	{ "enum of size 16", W(ENUM_T(NM_E, 0, 16)),
	  .reason = "Unexpected size", .id = 1,
	  .line = "[1] ENUM e size=16 vlen=0 Unexpected size" },
	{ "enum short", W(ENUM_T(NM_E, 2, 4), ENUMV(NM_A, 0)),
	  .reason = "meta_left:8 meta_needed:16", .id = 1,
	  .line = "[1] ENUM e meta_left:8 meta_needed:16" },
	{ "enum named 'bad-name'", W(ENUM_T(NM_BAD, 0, 4)),
	  .reason = "Invalid name", .id = 1,
	  .line = "[1] ENUM bad-name size=4 vlen=0 Invalid name" },
	{ "enumerator name offset past the strings",
	  W(ENUM_T(NM_E, 1, 4), ENUMV(5000, 0)),
	  .reason = "Invalid name_offset:5000", .id = 1,
	  .line = "\tInvalid name_offset:5000" },
	{ "anonymous enumerator", W(ENUM_T(NM_E, 1, 4), ENUMV(0, 0)),
	  .reason = "Invalid name", .id = 1,
	  .line = "[1] ENUM e size=4 vlen=1 Invalid name" },
	{ "enum64 of size 5", W(ENUM64_T(NM_E, 0, 5)),
	  .reason = "Unexpected size", .id = 1,
	  .line = "[1] ENUM64 e size=5 vlen=0 Unexpected size" },
	{ "enum64 enumerator '1x'", W(ENUM64_T(NM_E, 1, 8),
				      ENUM64V(NM_DIGIT, 0, 0)),
	  .reason = "Invalid name", .id = 1,
	  .line = "[1] ENUM64 e size=8 vlen=1 Invalid name" },

	/* ---- FUNC_PROTO / FUNC ---- */
	{ "named proto", W(NM_F, INFO(BTF_KIND_FUNC_PROTO, 0, 0), 0),
	  .reason = "Invalid name", .id = 1,
	  .line = "[1] FUNC_PROTO f return=0 args=(void) Invalid name" },
	{ "proto kflag", W(0, INFO(BTF_KIND_FUNC_PROTO, 1, 0), 0),
	  .reason = "Invalid btf_info kind_flag", .id = 1,
	  .line = "[1] FUNC_PROTO (anon) return=0 args=(void) Invalid btf_info kind_flag" },
	{ "proto short", W(INT32, PROTO_T(2, 1), PARAM(NM_A, 1)),
	  .reason = "meta_left:8 meta_needed:16", .id = 2,
	  .line = "[2] FUNC_PROTO (anon) meta_left:8 meta_needed:16" },
	{ "anonymous func", W(PROTO_T(0, 0), FUNC_T(0, 0, 1)),
	  .reason = "Invalid name", .id = 2,
	  .line = "[2] FUNC (anon) type_id=1 Invalid name" },
	{ "extern func", W(PROTO_T(0, 0), FUNC_T(NM_F, 2, 1)),
	  .reason = "Invalid func linkage", .id = 2,
	  .line = "[2] FUNC f type_id=1 Invalid func linkage" },
	{ "func kflag", W(PROTO_T(0, 0), NM_F, INFO(BTF_KIND_FUNC, 1, 0), 1),
	  .reason = "Invalid btf_info kind_flag", .id = 2,
	  .line = "[2] FUNC f type_id=1 Invalid btf_info kind_flag" },

	/* ---- VAR ---- */
	{ "var short", W(INT32, NM_V, INFO(BTF_KIND_VAR, 0, 0), 1),
	  .reason = "meta_left:0 meta_needed:4", .id = 2,
	  .line = "[2] VAR v meta_left:0 meta_needed:4" },
	{ "var vlen", W(INT32, NM_V, INFO(BTF_KIND_VAR, 0, 1), 1, 0),
	  .reason = "vlen != 0", .id = 2,
	  .line = "[2] VAR v type_id=1 linkage=0 vlen != 0" },
	{ "var kflag", W(INT32, NM_V, INFO(BTF_KIND_VAR, 1, 0), 1, 0),
	  .reason = "Invalid btf_info kind_flag", .id = 2,
	  .line = "[2] VAR v type_id=1 linkage=0 Invalid btf_info kind_flag" },
	{ "anonymous var", W(INT32, VAR_T(0, 1, 0)),
	  .reason = "Invalid name", .id = 2,
	  .line = "[2] VAR (anon) type_id=1 linkage=0 Invalid name" },
	{ "var of void", W(INT32, VAR_T(NM_V, 0, 0)),
	  .reason = "Invalid type_id", .id = 2,
	  .line = "[2] VAR v type_id=0 linkage=0 Invalid type_id" },
	{ "extern var", W(INT32, VAR_T(NM_V, 1, 2)),
	  .reason = "Linkage not supported", .id = 2,
	  .line = "[2] VAR v type_id=1 linkage=2 Linkage not supported" },

	/* ---- DATASEC ---- */
	{ "datasec of size 0", W(DATASEC_T(NM_DATA, 0, 0)),
	  .reason = "size == 0", .id = 1,
	  .line = "[1] DATASEC .data size=0 vlen=0 size == 0" },
	{ "datasec kflag", W(NM_DATA, INFO(BTF_KIND_DATASEC, 1, 0), 4),
	  .reason = "Invalid btf_info kind_flag", .id = 1,
	  .line = "[1] DATASEC .data size=4 vlen=0 Invalid btf_info kind_flag" },
	{ "anonymous datasec", W(DATASEC_T(0, 0, 4)),
	  .reason = "Invalid name", .id = 1,
	  .line = "[1] DATASEC (anon) size=4 vlen=0 Invalid name" },
	{ "datasec named 'bad-name' (6.1)", W(DATASEC_T(NM_BAD, 0, 4)),
	  .reason = "Invalid name", .id = 1,
	  .line = "[1] DATASEC bad-name size=4 vlen=0 Invalid name" },
	{ "datasec named 'bad-name' (6.2)", W(DATASEC_T(NM_BAD, 0, 4)),
	  .kver = KBTF_KERNEL_VERSION(6, 2, 0) },
	{ "datasec named 'sec a' (6.2)", W(DATASEC_T(NM_SPACE, 0, 4)),
	  .kver = KBTF_KERNEL_VERSION(6, 2, 0) },
	{ "datasec named \\x80x (6.2)", W(DATASEC_T(NM_HIGH, 0, 4)),
	  .kver = KBTF_KERNEL_VERSION(6, 2, 0),
	  .reason = "Invalid name", .id = 1,
	  .line = "[1] DATASEC \x80x size=4 vlen=0 Invalid name" },
	{ "datasec short", W(DATASEC_T(NM_DATA, 1, 4), 2, 0),
	  .reason = "meta_left:8 meta_needed:12", .id = 1,
	  .line = "[1] DATASEC .data meta_left:8 meta_needed:12" },
	{ "datasec entry of void",
	  W(DATASEC_T(NM_DATA, 1, 4), VSI(0, 0, 4)),
	  .reason = "Invalid type_id", .id = 1,
	  .line = "\t type_id=0 offset=0 size=4 Invalid type_id" },
	{ "datasec entries overlap",
	  W(INT32, VAR_T(NM_V, 1, 1), VAR_T(NM_X, 1, 0),
	    DATASEC_T(NM_DATA, 2, 8), VSI(2, 0, 4), VSI(3, 2, 4)),
	  .reason = "Invalid offset", .id = 4,
	  .line = "\t type_id=3 offset=2 size=4 Invalid offset" },
	{ "datasec entry at its size",
	  W(INT32, VAR_T(NM_V, 1, 1), DATASEC_T(NM_DATA, 1, 4), VSI(2, 4, 4)),
	  .reason = "Invalid offset", .id = 3,
	  .line = "\t type_id=2 offset=4 size=4 Invalid offset" },
	{ "datasec entry of size 0",
	  W(INT32, VAR_T(NM_V, 1, 1), DATASEC_T(NM_DATA, 1, 4), VSI(2, 0, 0)),
	  .reason = "Invalid size", .id = 3,
	  .line = "\t type_id=2 offset=0 size=0 Invalid size" },
	{ "datasec entry past its end",
	  W(INT32, VAR_T(NM_V, 1, 1), DATASEC_T(NM_DATA, 1, 6), VSI(2, 4, 4)),
	  .reason = "Invalid offset+size", .id = 3,
	  .line = "\t type_id=2 offset=4 size=4 Invalid offset+size" },

	/* ---- FLOAT ---- */
	{ "float vlen", W(NM_F, INFO(BTF_KIND_FLOAT, 0, 1), 4),
	  .reason = "vlen != 0", .id = 1,
	  .line = "[1] FLOAT f size=4 vlen != 0" },
	{ "float kflag", W(NM_F, INFO(BTF_KIND_FLOAT, 1, 0), 4),
	  .reason = "Invalid btf_info kind_flag", .id = 1,
	  .line = "[1] FLOAT f size=4 Invalid btf_info kind_flag" },
	{ "float of 6 bytes", W(FLOAT_T(NM_F, 6)),
	  .reason = "Invalid type_size", .id = 1,
	  .line = "[1] FLOAT f size=6 Invalid type_size" },

	/* ---- DECL_TAG ---- */
	{ "decl tag without value", W(INT32, VAR_T(NM_V, 1, 0),
				      DECL_TAG_T(0, 2, -1)),
	  .reason = "Invalid value", .id = 3,
	  .line = "[3] DECL_TAG (anon) type=2 component_idx=-1 Invalid value" },
	{ "decl tag vlen", W(INT32, VAR_T(NM_V, 1, 0), NM_TAG,
			     INFO(BTF_KIND_DECL_TAG, 0, 1), 2, -1),
	  .reason = "vlen != 0", .id = 3,
	  .line = "[3] DECL_TAG tag type=2 component_idx=-1 vlen != 0" },
	{ "decl tag kflag (6.1)", W(INT32, VAR_T(NM_V, 1, 0), NM_TAG,
				    INFO(BTF_KIND_DECL_TAG, 1, 0), 2, -1),
	  .reason = "Invalid btf_info kind_flag", .id = 3,
	  .line = "[3] DECL_TAG tag type=2 component_idx=-1 Invalid btf_info kind_flag" },
	{ "decl tag kflag (6.15)", W(INT32, VAR_T(NM_V, 1, 0), NM_TAG,
				     INFO(BTF_KIND_DECL_TAG, 1, 0), 2, -1),
	  .kver = KBTF_KERNEL_VERSION(6, 15, 0) },
	{ "decl tag component -2", W(INT32, VAR_T(NM_V, 1, 0),
				     DECL_TAG_T(NM_TAG, 2, -2)),
	  .reason = "Invalid component_idx", .id = 3,
	  .line = "[3] DECL_TAG tag type=2 component_idx=-2 Invalid component_idx" },

	/* ---- resolve ---- */
	{ "ptr to a missing type", W(INT32, PTR_T(5)),
	  .reason = "Invalid type_id", .id = 2,
	  .line = "[2] PTR (anon) type_id=5 Invalid type_id" },
	{ "const of a var", W(INT32, VAR_T(NM_V, 1, 0), CONST_T(2)),
	  .reason = "Invalid type_id", .id = 3,
	  .line = "[3] CONST (anon) type_id=2 Invalid type_id" },
	{ "ptr to const to a later FUNC",
	  W(PTR_T(2), CONST_T(3), FUNC_T(NM_F, 0, 4), PROTO_T(0, 0)),
	  .reason = "Invalid type_id", .id = 2,
	  .line = "[2] CONST (anon) type_id=3 Invalid type_id" },
	{ "pointer loop", W(PTR_T(2), PTR_T(1)),
	  .reason = "Loop detected", .id = 1,
	  .err = -EEXIST, .line = "[1] PTR (anon) type_id=2 Loop detected" },
	{ "modifier loop", W(CONST_T(2), VOLATILE_T(1)),
	  .reason = "Loop detected", .id = 1, .err = -EEXIST,
	  .line = "[1] CONST (anon) type_id=2 Loop detected" },
	{ "struct contains itself",
	  W(INT32, STRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 2, 0)),
	  .reason = "Loop detected", .id = 2, .err = -EEXIST,
	  .line = "[2] STRUCT s size=4 vlen=1 Loop detected" },
	{ "33 chained modifiers", W(
	  CONST_T(2), CONST_T(3), CONST_T(4), CONST_T(5), CONST_T(6),
	  CONST_T(7), CONST_T(8), CONST_T(9), CONST_T(10), CONST_T(11),
	  CONST_T(12), CONST_T(13), CONST_T(14), CONST_T(15), CONST_T(16),
	  CONST_T(17), CONST_T(18), CONST_T(19), CONST_T(20), CONST_T(21),
	  CONST_T(22), CONST_T(23), CONST_T(24), CONST_T(25), CONST_T(26),
	  CONST_T(27), CONST_T(28), CONST_T(29), CONST_T(30), CONST_T(31),
	  CONST_T(32), CONST_T(33), CONST_T(34), INT32),
	  .reason = "Exceeded max resolving depth:32", .id = 1, .err = -E2BIG,
	  .line = "[1] CONST (anon) type_id=2 Exceeded max resolving depth:32" },
	{ "array index is a struct",
	  W(INT32, STRUCT_T(NM_S, 0, 4), ARRAY_T(1, 2, 4)),
	  .reason = "Invalid index", .id = 3,
	  .line = "[3] ARRAY (anon) type_id=1 index_type_id=2 nr_elems=4 Invalid index" },
	{ "array index is a bitfield int",
	  W(INT32, INT_T(NM_INT, 1, 0, 0, 3), ARRAY_T(1, 2, 4)),
	  .reason = "Invalid index", .id = 3,
	  .line = "[3] ARRAY (anon) type_id=1 index_type_id=2 nr_elems=4 Invalid index" },
	{ "array index missing", W(INT32, ARRAY_T(1, 9, 4)),
	  .reason = "Invalid index", .id = 2,
	  .line = "[2] ARRAY (anon) type_id=1 index_type_id=9 nr_elems=4 Invalid index" },
	{ "array of fwd", W(INT32, FWD_T(NM_S, 0), ARRAY_T(2, 1, 4)),
	  .reason = "Invalid elem", .id = 3,
	  .line = "[3] ARRAY (anon) type_id=2 index_type_id=1 nr_elems=4 Invalid elem" },
	{ "array of a missing type", W(INT32, ARRAY_T(7, 1, 4)),
	  .reason = "Invalid elem", .id = 2,
	  .line = "[2] ARRAY (anon) type_id=7 index_type_id=1 nr_elems=4 Invalid elem" },
	{ "array of bitfield ints",
	  W(INT32, INT_T(NM_INT, 1, 0, 0, 3), ARRAY_T(2, 1, 4)),
	  .reason = "Invalid array of int", .id = 3,
	  .line = "[3] ARRAY (anon) type_id=2 index_type_id=1 nr_elems=4 Invalid array of int" },
	{ "array over 4 GiB", W(INT32, ARRAY_T(1, 1, 0x40000001)),
	  .reason = "Array size overflows U32_MAX", .id = 2,
	  .line = "[2] ARRAY (anon) type_id=1 index_type_id=1 nr_elems=1073741825 Array size overflows U32_MAX" },
	{ "member of fwd",
	  W(FWD_T(NM_B, 0), STRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 1, 0)),
	  .reason = "Invalid member", .id = 2,
	  .line = "\ta type_id=1 bits_offset=0 Invalid member" },
	{ "member of const void",
	  W(CONST_T(0), STRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 1, 0)),
	  .reason = "Invalid member", .id = 2,
	  .line = "\ta type_id=1 bits_offset=0 Invalid member" },
	{ "int member past the end",
	  W(INT32, STRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 1, 8)),
	  .reason = "Member exceeds struct_size", .id = 2,
	  .line = "\ta type_id=1 bits_offset=8 Member exceeds struct_size" },
	{ "int128 member copying 129 bits",
	  W(INT_T(NM_INT, 16, 0, 0, 128), STRUCT_T(NM_S, 1, 32),
	    MEMBER(NM_A, 1, 1)),
	  .reason = "nr_copy_bits exceeds 128", .id = 2,
	  .line = "\ta type_id=1 bits_offset=1 nr_copy_bits exceeds 128" },
	{ "member offset + int offset over U32_MAX",
	  W(INT_T(NM_INT, 4, 0, 2, 8), STRUCT_T(NM_S, 1, 0x20000000),
	    MEMBER(NM_A, 1, 0xfffffffe)),
	  .reason = "bits_offset exceeds U32_MAX", .id = 2,
	  .line = "\ta type_id=1 bits_offset=4294967294 bits_offset exceeds U32_MAX" },
	{ "ptr member not byte aligned",
	  W(INT32, PTR_T(1), STRUCT_T(NM_S, 1, 16), MEMBER(NM_P, 2, 4)),
	  .reason = "Member is not byte aligned", .id = 3,
	  .line = "\tp type_id=2 bits_offset=4 Member is not byte aligned" },
	{ "ptr member past the end",
	  W(INT32, PTR_T(1), STRUCT_T(NM_S, 1, 12), MEMBER(NM_P, 2, 64)),
	  .reason = "Member exceeds struct_size", .id = 3,
	  .line = "\tp type_id=2 bits_offset=64 Member exceeds struct_size" },
	{ "typedef'd ptr member not byte aligned (logged as the ptr)",
	  W(INT32, PTR_T(1), TYPEDEF_T(NM_T, 2), STRUCT_T(NM_S, 1, 16),
	    MEMBER(NM_P, 3, 4)),
	  .reason = "Member is not byte aligned", .id = 4,
	  .line = "\tp type_id=2 bits_offset=4 Member is not byte aligned" },
	{ "array member past the end",
	  W(INT32, ARRAY_T(1, 1, 4), STRUCT_T(NM_S, 1, 8), MEMBER(NM_A, 2, 0)),
	  .reason = "Member exceeds struct_size", .id = 3,
	  .line = "\ta type_id=2 bits_offset=0 Member exceeds struct_size" },
	{ "struct member past the end",
	  W(INT64, STRUCT_T(NM_B, 1, 8), MEMBER(NM_A, 1, 0),
	    STRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 2, 0)),
	  .reason = "Member exceeds struct_size", .id = 3,
	  .line = "\ta type_id=2 bits_offset=0 Member exceeds struct_size" },
	{ "enum member not byte aligned",
	  W(ENUM_T(NM_E, 0, 4), STRUCT_T(NM_S, 1, 8), MEMBER(NM_A, 1, 4)),
	  .reason = "Member is not byte aligned", .id = 2,
	  .line = "\ta type_id=1 bits_offset=4 Member is not byte aligned" },
	{ "kflag: bitfield of a bitfield int",
	  W(INT_T(NM_INT, 1, 0, 0, 3), KSTRUCT_T(NM_S, 1, 4),
	    MEMBER(NM_A, 1, BITFIELD(2, 0))),
	  .reason = "Invalid member base type", .id = 2,
	  .line = "\ta type_id=1 bitfield_size=2 bits_offset=0 Invalid member base type" },
	{ "kflag: int member not byte aligned",
	  W(INT32, KSTRUCT_T(NM_S, 1, 8), MEMBER(NM_A, 1, BITFIELD(0, 3))),
	  .reason = "Invalid member offset", .id = 2,
	  .line = "\ta type_id=1 bitfield_size=0 bits_offset=3 Invalid member offset" },
	{ "kflag: bitfield wider than its int",
	  W(INT32, KSTRUCT_T(NM_S, 1, 8), MEMBER(NM_A, 1, BITFIELD(33, 0))),
	  .reason = "Invalid member bitfield_size", .id = 2,
	  .line = "\ta type_id=1 bitfield_size=33 bits_offset=0 Invalid member bitfield_size" },
	{ "kflag: bitfield past the end",
	  W(INT32, KSTRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 1, BITFIELD(4, 30))),
	  .reason = "Member exceeds struct_size", .id = 2,
	  .line = "\ta type_id=1 bitfield_size=4 bits_offset=30 Member exceeds struct_size" },
	{ "kflag: ptr bitfield",
	  W(INT32, PTR_T(1), KSTRUCT_T(NM_S, 1, 8),
	    MEMBER(NM_P, 2, BITFIELD(1, 0))),
	  .reason = "Invalid member bitfield_size", .id = 3,
	  .line = "\tp type_id=2 bitfield_size=1 bits_offset=0 Invalid member bitfield_size" },
	{ "kflag: enum not byte aligned",
	  W(ENUM_T(NM_E, 0, 4), KSTRUCT_T(NM_S, 1, 8),
	    MEMBER(NM_A, 1, BITFIELD(0, 4))),
	  .reason = "Member is not byte aligned", .id = 2,
	  .line = "\ta type_id=1 bitfield_size=0 bits_offset=4 Member is not byte aligned" },
	{ "kflag: enum64 bitfield of 40 bits",
	  W(ENUM64_T(NM_E, 0, 8), KSTRUCT_T(NM_S, 1, 8),
	    MEMBER(NM_A, 1, BITFIELD(40, 0))),
	  .reason = "Invalid member bitfield_size", .id = 2,
	  .line = "\ta type_id=1 bitfield_size=40 bits_offset=0 Invalid member bitfield_size" },
	{ "kflag: enum bitfield past the end",
	  W(ENUM_T(NM_E, 0, 4), KSTRUCT_T(NM_S, 1, 1),
	    MEMBER(NM_A, 1, BITFIELD(4, 6))),
	  .reason = "Member exceeds struct_size", .id = 2,
	  .line = "\ta type_id=1 bitfield_size=4 bits_offset=6 Member exceeds struct_size" },
	{ "float member misaligned",
	  W(FLOAT_T(NM_F, 8), STRUCT_T(NM_S, 1, 16), MEMBER(NM_A, 1, 32)),
	  .reason = "Member is not properly aligned", .id = 2,
	  .line = "\ta type_id=1 bits_offset=32 Member is not properly aligned" },
	{ "float member past the end",
	  W(FLOAT_T(NM_F, 8), STRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 1, 0)),
	  .reason = "Member exceeds struct_size", .id = 2,
	  .line = "\ta type_id=1 bits_offset=0 Member exceeds struct_size" },
	{ "datasec entry is an int",
	  W(INT32, DATASEC_T(NM_DATA, 1, 4), VSI(1, 0, 4)),
	  .reason = "Not a VAR kind member", .id = 2,
	  .line = "\t type_id=1 offset=0 size=4 Not a VAR kind member" },
	{ "datasec entry smaller than its var",
	  W(INT64, VAR_T(NM_V, 1, 1), DATASEC_T(NM_DATA, 1, 8), VSI(2, 0, 4)),
	  .reason = "Invalid size", .id = 3,
	  .line = "\t type_id=2 offset=0 size=4 Invalid size" },
	{ "var of fwd", W(FWD_T(NM_S, 0), VAR_T(NM_V, 1, 0)),
	  .reason = "Invalid type_id", .id = 2,
	  .line = "[2] VAR v type_id=1 linkage=0 Invalid type_id" },
	{ "var of typedef void", W(TYPEDEF_T(NM_T, 0), VAR_T(NM_V, 1, 0)),
	  .reason = "Invalid type_id", .id = 2,
	  .line = "[2] VAR v type_id=1 linkage=0 Invalid type_id" },
	{ "var of a proto", W(PROTO_T(0, 0), VAR_T(NM_V, 1, 0)),
	  .reason = "Invalid type_id", .id = 2,
	  .line = "[2] VAR v type_id=1 linkage=0 Invalid type_id" },
	{ "decl tag on an int", W(INT32, DECL_TAG_T(NM_TAG, 1, -1)),
	  .reason = "Invalid type_id", .id = 2,
	  .line = "[2] DECL_TAG tag type=1 component_idx=-1 Invalid type_id" },
	{ "decl tag component on a var",
	  W(INT32, VAR_T(NM_V, 1, 0), DECL_TAG_T(NM_TAG, 2, 0)),
	  .reason = "Invalid component_idx", .id = 3,
	  .line = "[3] DECL_TAG tag type=2 component_idx=0 Invalid component_idx" },
	{ "decl tag component past the members",
	  W(INT32, STRUCT_T(NM_S, 1, 4), MEMBER(NM_A, 1, 0),
	    DECL_TAG_T(NM_TAG, 2, 1)),
	  .reason = "Invalid component_idx", .id = 3,
	  .line = "[3] DECL_TAG tag type=2 component_idx=1 Invalid component_idx" },
	{ "decl tag component past the args",
	  W(INT32, PROTO_T(1, 1), PARAM(NM_A, 1), FUNC_T(NM_F, 0, 2),
	    DECL_TAG_T(NM_TAG, 3, 1)),
	  .reason = "Invalid component_idx", .id = 4,
	  .line = "[4] DECL_TAG tag type=3 component_idx=1 Invalid component_idx" },
	{ "func of an int", W(INT32, FUNC_T(NM_F, 0, 1)),
	  .reason = "Invalid type_id", .id = 2,
	  .line = "[2] FUNC f type_id=1 Invalid type_id" },
	{ "func with an unnamed arg",
	  W(INT32, PROTO_T(1, 1), PARAM(0, 1), FUNC_T(NM_F, 0, 2)),
	  .reason = "Invalid arg#1", .id = 3,
	  .line = "[3] FUNC f type_id=2 Invalid arg#1" },
	{ "proto returning a var",
	  W(INT32, VAR_T(NM_V, 1, 0), PROTO_T(0, 2)),
	  .reason = "Invalid return type", .id = 3,
	  .line = "[3] FUNC_PROTO (anon) return=2 args=(void) Invalid return type" },
	{ "proto returning a missing type", W(PROTO_T(0, 9)),
	  .reason = "Invalid return type", .id = 1,
	  .line = "[1] FUNC_PROTO (anon) return=9 args=(void) Invalid return type" },
	{ "proto returning fwd", W(FWD_T(NM_S, 0), PROTO_T(0, 1)),
	  .reason = "Invalid return type", .id = 2,
	  .line = "[2] FUNC_PROTO (anon) return=1 args=(void) Invalid return type" },
	{ "proto returning typedef void", W(TYPEDEF_T(NM_T, 0), PROTO_T(0, 1)),
	  .reason = "Invalid return type", .id = 2,
	  .line = "[2] FUNC_PROTO (anon) return=1 args=(void) Invalid return type" },
	{ "named vararg",
	  W(INT32, PROTO_T(2, 0), PARAM(NM_A, 1), PARAM(NM_B, 0)),
	  .reason = "Invalid arg#2", .id = 2,
	  .line = "[2] FUNC_PROTO (anon) return=0 args=(1 a, vararg) Invalid arg#2" },
	{ "void arg in the middle",
	  W(INT32, PROTO_T(2, 0), PARAM(NM_A, 0), PARAM(NM_B, 1)),
	  .reason = "Invalid arg#1", .id = 2,
	  .line = "[2] FUNC_PROTO (anon) return=0 args=(0 a, 1 b) Invalid arg#1" },
	{ "arg of a missing type", W(PROTO_T(1, 0), PARAM(NM_A, 5)),
	  .reason = "Invalid arg#1", .id = 1,
	  .line = "[1] FUNC_PROTO (anon) return=0 args=(5 a) Invalid arg#1" },
	{ "arg named 'bad-name'", W(INT32, PROTO_T(1, 0), PARAM(NM_BAD, 1)),
	  .reason = "Invalid arg#1", .id = 2,
	  .line = "[2] FUNC_PROTO (anon) return=0 args=(1 bad-name) Invalid arg#1" },
	{ "arg of a var", W(INT32, VAR_T(NM_V, 1, 0), PROTO_T(1, 0),
			    PARAM(NM_A, 2)),
	  .reason = "Invalid arg#1", .id = 3,
	  .line = "[3] FUNC_PROTO (anon) return=0 args=(2 a) Invalid arg#1" },

	/* ---- type tags ---- */
	{ "type tag after const",
	  W(INT32, PTR_T(3), CONST_T(4), TYPE_TAG_T(NM_TAG, 1)),
	  .reason = "Type tags don't precede modifiers", .id = 3,
	  .line = "Type tags don't precede modifiers" },
	{ "type tag after typedef",
	  W(INT32, TYPEDEF_T(NM_T, 3), TYPE_TAG_T(NM_TAG, 1)),
	  .reason = "Type tags don't precede modifiers", .id = 2,
	  .line = "Type tags don't precede modifiers" },
	{ "33-link modifier chain with a resolved tail", W(
	  INT32, CONST_T(1),
	  CONST_T(4), CONST_T(5), CONST_T(6), CONST_T(7), CONST_T(8),
	  CONST_T(9), CONST_T(10), CONST_T(11), CONST_T(12), CONST_T(13),
	  CONST_T(14), CONST_T(15), CONST_T(16), CONST_T(17), CONST_T(18),
	  CONST_T(19), CONST_T(20), CONST_T(21), CONST_T(22), CONST_T(23),
	  CONST_T(24), CONST_T(25), CONST_T(26), CONST_T(27), CONST_T(28),
	  CONST_T(29), CONST_T(30), CONST_T(31), CONST_T(32), CONST_T(33),
	  CONST_T(34), CONST_T(2)),
	  .reason = "Max chain length or cycle detected",
	  .id = 3, .err = -ELOOP,
	  .line = "Max chain length or cycle detected" },

	/* ---- kernel BTF ---- */
	{ "kernel BTF: dangling ptr is not resolved", W(INT32, PTR_T(9)),
	  .kernel_btf = true },
	{ "kernel BTF: datasec of ints is not resolved",
	  W(INT32, DATASEC_T(NM_DATA, 1, 4), VSI(1, 0, 4)),
	  .kernel_btf = true },
	{ "kernel BTF: dangling modifier fails without a message",
	  W(INT32, CONST_T(9)), .reason = "", .id = 2, .kernel_btf = true,
	  .line = "" },
	{ "kernel BTF: meta checks still apply", W(INT32, VAR_T(NM_V, 1, 2)),
	  .reason = "Linkage not supported", .id = 2, .kernel_btf = true,
	  .line = "[2] VAR v type_id=1 linkage=2 Linkage not supported" },
	{ "kernel BTF: pointer loops are not seen", W(PTR_T(2), PTR_T(1)),
	  .kernel_btf = true },
	{ "kernel BTF: modifier cycle caught by the tag pass",
	  W(CONST_T(2), CONST_T(1)), .kernel_btf = true,
	  .reason = "Max chain length or cycle detected",
	  .id = 1, .err = -ELOOP,
	  .line = "Max chain length or cycle detected" },

	/* ---- split BTF ---- */
	{ "split: no strings of its own", W(PTR_T(1)), NO_STR,
	  BASE(INT32) },
	{ "split: ids start after the base", W(PTR_T(3), CONST_T(1)), NO_STR,
	  BASE(INT32) },
	{ "split: name from the base strings",
	  W(TYPEDEF_T(NM_INT, 1)), NO_STR, BASE(INT32) },
	{ "split: own strings need no leading NUL",
	  W(TYPEDEF_T(NM_END, 1)), STR("foo"), BASE(INT32) },
	{ "split: first type id", W(0, INFO(BTF_KIND_PTR, 0, 1), 0), NO_STR,
	  BASE(INT32), .reason = "vlen != 0", .id = 2,
	  .line = "[2] PTR (anon) type_id=0 vlen != 0" },
	{ "split: name offset past both string sections",
	  W(TYPEDEF_T(NM_END + 4, 1)), STR("foo"), BASE(INT32),
	  .reason = "Invalid name_offset:1482", .id = 2,
	  .line = "[2] Invalid name_offset:1482" },
	{ "split kernel BTF: meta only", W(PTR_T(7)), NO_STR, BASE(INT32),
	  .kernel_btf = true },

	/* ---- kernel versions ---- */
	{ "float before 5.13", W(FLOAT_T(NM_F, 4)),
	  .kver = KBTF_KERNEL_VERSION(5, 12, 0),
	  .reason = "Invalid btf_info:10000000", .id = 1,
	  .line = "[1] Invalid btf_info:10000000" },
	{ "decl tag before 5.16", W(INT32, VAR_T(NM_V, 1, 0),
				    DECL_TAG_T(NM_TAG, 2, -1)),
	  .kver = KBTF_KERNEL_VERSION(5, 15, 0), .reason = "Invalid kind:17",
	  .id = 3,
	  .line = "[3] Invalid kind:17" },
	{ "type tag before 5.17", W(INT32, TYPE_TAG_T(NM_TAG, 1)),
	  .kver = KBTF_KERNEL_VERSION(5, 16, 0),
	  .reason = "Invalid kind:18", .id = 2,
	  .line = "[2] Invalid kind:18" },
	{ "enum64 before 6.0", W(ENUM64_T(NM_E, 0, 8)),
	  .kver = KBTF_KERNEL_VERSION(5, 19, 0),
	  .reason = "Invalid kind:19", .id = 1,
	  .line = "[1] Invalid kind:19" },
	{ "enum64 in 6.0", W(ENUM64_T(NM_E, 0, 8)),
	  .kver = KBTF_KERNEL_VERSION(6, 0, 0) },
	{ "129-char name before 6.1", W(INT32, TYPEDEF_T(NM_LONG129, 1)),
	  .kver = KBTF_KERNEL_VERSION(6, 0, 0),
	  .reason = "Invalid name", .id = 2,
	  .line = "[2] TYPEDEF " NAME129 " type_id=1 Invalid name" },
	{ "129-char name in 6.1", W(INT32, TYPEDEF_T(NM_LONG129, 1)) },
};

#define NR_RULE_CASES (sizeof(rule_cases) / sizeof(rule_cases[0]))

/* Build case @c into @b (and its base into @base when split). */
static inline void rule_case_build(const struct rule_case *c,
				   struct btf_blob *b, struct btf_blob *base)
{
	static char strs[NM_END];

	btf_test_strings(strs);
	if (c->bw)
		blob_build(base, c->bw, c->bwlen, strs, NM_END);
	if (c->str)
		blob_build(b, c->w, c->wlen, c->str, c->slen);
	else
		blob_build(b, c->w, c->wlen, strs, NM_END);
	if (c->fix)
		c->fix(b);
}

#endif /* KBTF_TEST_BTF_RULE_CASES_H */
