// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the JSON writer (common/kbtf_json.h): escaping, UTF-8
 * (valid sequences kept, other bytes as their Latin-1 character), nesting,
 * misuse, and random byte strings that must always come out as valid
 * JSON in valid UTF-8 (checked by json_check.h, written apart from the
 * writer).
 *
 *	test_json		run the tests
 *	test_json --check FILE	is FILE one valid JSON text in valid UTF-8?
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_check.h"
#include "kbtf_json.h"
#include "kbtf_test.h"
#include "kbtf_util.h"

struct out {
	char *buf;
	size_t len;
	FILE *f;
	struct kbtf_json *w;
};

static void out_open(struct out *o)
{
	memset(o, 0, sizeof(*o));
	o->f = open_memstream(&o->buf, &o->len);
	o->w = o->f ? kbtf_json__new(o->f) : NULL;
	CHECK(o->w, "writer: %s", strerror(errno));
}

/* Closes the stream; returns the writer's verdict. */
static int out_close(struct out *o)
{
	int err = kbtf_json__err(o->w);

	kbtf_json__free(o->w);
	fclose(o->f);
	return err;
}

/* One string value: what the writer makes of @len bytes at @s. */
static void check_string(const char *s, size_t len, const char *want)
{
	char why[128] = "";
	struct out o;
	int err;

	out_open(&o);
	if (!o.w)
		return;
	kbtf_json__string_len(o.w, s, len);
	err = out_close(&o);
	CHECK_EQ(err, 0);
	CHECK_STR(o.buf, want);
	CHECK(json_check(o.buf, o.len, why, sizeof(why)), "%s: %s", o.buf,
	      why);
	free(o.buf);
}

#define STRING(lit, want) check_string(lit, sizeof(lit) - 1, want "\n")

static void test_escapes(void)
{
	STRING("plain", "\"plain\"");
	STRING("", "\"\"");
	STRING("say \"hi\"", "\"say \\\"hi\\\"\"");
	STRING("a\\b", "\"a\\\\b\"");
	STRING("/", "\"/\"");
	STRING("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	STRING("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	STRING("nul\0inside", "\"nul\\u0000inside\"");
}

static void test_utf8(void)
{
	/* Latin-1 names, as BTF holds them: each byte its character */
	STRING("\xe9t\xe9", "\"\\u00e9t\\u00e9\"");
	STRING("\xc0\xd7\xff", "\"\\u00c0\\u00d7\\u00ff\"");
	/* valid UTF-8 is kept as it is, 2, 3 and 4 bytes */
	STRING("\xc3\xa9t\xc3\xa9", "\"\xc3\xa9t\xc3\xa9\"");
	STRING("\xe2\x82\xac", "\"\xe2\x82\xac\"");
	STRING("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
	STRING("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");	/* U+10FFFF */
	/* invalid: lone continuation, overlong, surrogate, past U+10FFFF,
	 * cut short, 0xf5+: byte by byte as Latin-1 */
	STRING("\x80", "\"\\u0080\"");
	STRING("\xc0\xaf", "\"\\u00c0\\u00af\"");
	STRING("\xc1\xbf", "\"\\u00c1\\u00bf\"");
	STRING("\xe0\x80\xaf", "\"\\u00e0\\u0080\\u00af\"");
	STRING("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");
	STRING("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\"");
	STRING("\xf0\x8f\xbf\xbf", "\"\\u00f0\\u008f\\u00bf\\u00bf\"");
	STRING("\xe2\x82", "\"\\u00e2\\u0082\"");
	STRING("x\xe2\x82y", "\"x\\u00e2\\u0082y\"");
	STRING("\xf5\x80\x80\x80", "\"\\u00f5\\u0080\\u0080\\u0080\"");
	/* a valid character right after an invalid byte is kept */
	STRING("\xff\xc3\xa9", "\"\\u00ff\xc3\xa9\"");
}

static void test_nesting(void)
{
	struct out o;

	out_open(&o);
	if (!o.w)
		return;
	kbtf_json__start_object(o.w);
	kbtf_json__name(o.w, "a");
	kbtf_json__start_array(o.w);
	kbtf_json__int(o.w, 1);
	kbtf_json__start_object(o.w);
	kbtf_json__name(o.w, "b");
	kbtf_json__start_array(o.w);
	kbtf_json__end_array(o.w);
	kbtf_json__end_object(o.w);
	kbtf_json__string(o.w, "x");
	kbtf_json__null(o.w);
	kbtf_json__end_array(o.w);
	kbtf_json__name(o.w, "c");
	kbtf_json__start_object(o.w);
	kbtf_json__end_object(o.w);
	kbtf_json__bool_field(o.w, "t", true);
	kbtf_json__bool_field(o.w, "f", false);
	kbtf_json__int_field(o.w, "min", INT64_MIN);
	kbtf_json__uint_field(o.w, "max", UINT64_MAX);
	kbtf_json__null_field(o.w, "n");
	kbtf_json__string_field(o.w, "s\xe9", NULL);
	kbtf_json__end_object(o.w);
	CHECK_EQ(out_close(&o), 0);
	CHECK_STR(o.buf,
		  "{\"a\":[1,{\"b\":[]},\"x\",null],\"c\":{},\"t\":true,"
		  "\"f\":false,\"min\":-9223372036854775808,"
		  "\"max\":18446744073709551615,\"n\":null,"
		  "\"s\\u00e9\":null}\n");
	CHECK(json_check(o.buf, o.len, NULL, 0), "%s", o.buf);
	free(o.buf);

	/* a top-level array, and a scalar */
	out_open(&o);
	kbtf_json__start_array(o.w);
	kbtf_json__start_array(o.w);
	kbtf_json__end_array(o.w);
	kbtf_json__start_array(o.w);
	kbtf_json__uint(o.w, 0);
	kbtf_json__end_array(o.w);
	kbtf_json__end_array(o.w);
	CHECK_EQ(out_close(&o), 0);
	CHECK_STR(o.buf, "[[],[0]]\n");
	free(o.buf);
	out_open(&o);
	kbtf_json__int(o.w, -3);
	CHECK_EQ(out_close(&o), 0);
	CHECK_STR(o.buf, "-3\n");
	free(o.buf);

	/* as deep as allowed, then one more */
	{
		int i;

		out_open(&o);
		for (i = 0; i < KBTF_JSON_MAX_DEPTH; i++)
			kbtf_json__start_array(o.w);
		for (i = 0; i < KBTF_JSON_MAX_DEPTH; i++)
			kbtf_json__end_array(o.w);
		CHECK_EQ(out_close(&o), 0);
		CHECK(json_check(o.buf, o.len, NULL, 0), "%s", o.buf);
		free(o.buf);
		out_open(&o);
		for (i = 0; i <= KBTF_JSON_MAX_DEPTH; i++)
			kbtf_json__start_array(o.w);
		CHECK_EQ(out_close(&o), -EINVAL);
		free(o.buf);
	}
}

/* Misuse is dropped (the text written stays valid) and reported. */
static void test_misuse(void)
{
	struct out o;

	/* a value where a member name is due */
	out_open(&o);
	kbtf_json__start_object(o.w);
	kbtf_json__int(o.w, 1);
	kbtf_json__int_field(o.w, "a", 2);
	kbtf_json__end_object(o.w);
	CHECK_EQ(out_close(&o), -EINVAL);
	CHECK_STR(o.buf, "{\"a\":2}\n");
	free(o.buf);

	/* a name inside an array, a wrong end, a name without a value */
	out_open(&o);
	kbtf_json__start_array(o.w);
	kbtf_json__name(o.w, "a");
	kbtf_json__end_object(o.w);
	kbtf_json__end_array(o.w);
	CHECK_EQ(out_close(&o), -EINVAL);
	CHECK_STR(o.buf, "[]\n");
	free(o.buf);
	out_open(&o);
	kbtf_json__start_object(o.w);
	kbtf_json__name(o.w, "a");
	kbtf_json__end_object(o.w);	/* dropped: a value is due */
	kbtf_json__null(o.w);
	kbtf_json__end_object(o.w);
	CHECK_EQ(out_close(&o), -EINVAL);
	CHECK_STR(o.buf, "{\"a\":null}\n");
	free(o.buf);

	/* two top-level values; an unfinished one; nothing at all */
	out_open(&o);
	kbtf_json__int(o.w, 1);
	kbtf_json__int(o.w, 2);
	CHECK_EQ(out_close(&o), -EINVAL);
	CHECK_STR(o.buf, "1\n");
	free(o.buf);
	out_open(&o);
	kbtf_json__start_object(o.w);
	CHECK_EQ(out_close(&o), -EINVAL);
	free(o.buf);
	out_open(&o);
	errno = 0;
	CHECK_EQ(out_close(&o), -EINVAL);
	CHECK_EQ(errno, EINVAL);
	free(o.buf);

	errno = 0;
	CHECK(!kbtf_json__new(NULL) && errno == EINVAL, "NULL FILE");
	kbtf_json__free(NULL);
}

/* Any bytes at all: the output is valid JSON in valid UTF-8. */
static void test_random(void)
{
	unsigned long long x = 88172645463325252ull;
	unsigned char s[64];
	char name[sizeof(s) + 1];
	int i, bad = 0;
	size_t j, n;

	for (i = 0; i < 20000; i++) {
		struct out o;
		char why[128];

		n = i % sizeof(s);
		for (j = 0; j < n; j++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* favour the interesting bytes */
			s[j] = (x & 3) ? (unsigned char)(0x80 | (x >> 8)) :
					 (unsigned char)(x >> 16);
		}
		memcpy(name, s, n);
		name[n] = '\0';
		out_open(&o);
		kbtf_json__start_object(o.w);
		kbtf_json__name(o.w, name);	/* up to its first NUL */
		kbtf_json__string_len(o.w, (const char *)s, n);
		kbtf_json__end_object(o.w);
		if (out_close(&o) || !json_check(o.buf, o.len, why, sizeof(why))) {
			if (bad++ < 5)
				printf("FAIL random %d: %s\n", i, why);
		}
		free(o.buf);
	}
	CHECK_EQ(bad, 0);
}

/* The checker itself must refuse what is not JSON or not UTF-8. */
static void test_checker(void)
{
	static const char *const bad[] = {
		"", "{", "[1,]", "{\"a\"}", "{a:1}", "\"\x01\"", "\"\\x\"",
		"\"\\u12\"", "01", "1.", "tru", "[] []", "\"\xe9\"",
		"\"\xed\xa0\x80\"", "\"\xc0\xaf\"", "\"\xf4\x90\x80\x80\"",
	};
	static const char *const good[] = {
		"{}", " [1, -0.5e+3, \"\\u00e9\", true, false, null] ",
		"\"\xc3\xa9\"", "{\"a\":{\"b\":[[]]}}",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(!json_check(bad[i], strlen(bad[i]), NULL, 0), "'%s'",
		      bad[i]);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(json_check(good[i], strlen(good[i]), NULL, 0), "'%s'",
		      good[i]);
}

static int check_file(const char *path)
{
	size_t len = 0, cap = 0;
	char *buf = NULL, why[128];
	FILE *f = fopen(path, "rb");
	int ret = 2;

	if (!f) {
		printf("%s: %s\n", path, strerror(errno));
		return 2;
	}
	while (!kbtf_grow((void **)&buf, &cap, len + 65536, 1)) {
		size_t n = fread(buf + len, 1, cap - len, f);

		len += n;
		if (n)
			continue;
		ret = json_check(buf, len, why, sizeof(why)) ? 0 : 1;
		if (ret)
			printf("%s: not valid JSON in UTF-8: %s\n", path, why);
		break;
	}
	fclose(f);
	free(buf);
	return ret;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--check"))
		return check_file(argv[2]);
	test_escapes();
	test_utf8();
	test_nesting();
	test_misuse();
	test_random();
	test_checker();
	return KBTF_TEST_END();
}
