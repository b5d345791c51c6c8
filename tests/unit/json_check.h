/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A strict JSON checker for the tests (RFC 8259): one value, optionally
 * surrounded by blanks; strings without raw control characters and with
 * only the escapes JSON has; the whole text valid UTF-8 (no overlong
 * forms, no surrogates, nothing past U+10FFFF).  Written apart from
 * common/json.c on purpose: the writer must not be checked by its own
 * decoder.
 */
#ifndef KBTF_JSON_CHECK_H
#define KBTF_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

struct jc {
	const unsigned char *p, *end;
	int depth;
	char why[96];
	size_t at;
	const unsigned char *start;
};

static bool jc_fail(struct jc *c, const char *why)
{
	if (!c->why[0]) {
		snprintf(c->why, sizeof(c->why), "%s", why);
		c->at = c->p - c->start;
	}
	return false;
}

/* Decode one UTF-8 character at c->p: its code point, or -1. */
static long jc_utf8(struct jc *c)
{
	const unsigned char *p = c->p;
	long cp;
	int n, i;

	if (p[0] < 0x80) {
		c->p++;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		return -1;
	}
	if (c->end - p < n)
		return -1;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	c->p += n;
	return cp;
}

static void jc_blank(struct jc *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' ||
				 *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static bool jc_hex4(struct jc *c)
{
	int i;

	for (i = 0; i < 4; i++, c->p++)
		if (c->p >= c->end ||
		    !((*c->p >= '0' && *c->p <= '9') ||
		      (*c->p >= 'a' && *c->p <= 'f') ||
		      (*c->p >= 'A' && *c->p <= 'F')))
			return jc_fail(c, "bad \\u escape");
	return true;
}

static bool jc_string(struct jc *c)
{
	c->p++;		/* '"' */
	while (c->p < c->end && *c->p != '"') {
		if (*c->p < 0x20)
			return jc_fail(c, "raw control character in a string");
		if (*c->p == '\\') {
			c->p++;
			if (c->p >= c->end)
				break;
			if (*c->p == 'u') {
				c->p++;
				if (!jc_hex4(c))
					return false;
				continue;
			}
			if (!strchr("\"\\/bfnrt", *c->p) || !*c->p)
				return jc_fail(c, "bad escape");
			c->p++;
			continue;
		}
		if (jc_utf8(c) < 0)
			return jc_fail(c, "invalid UTF-8");
	}
	if (c->p >= c->end)
		return jc_fail(c, "unterminated string");
	c->p++;
	return true;
}

static bool jc_number(struct jc *c)
{
	const unsigned char *s = c->p;

	if (c->p < c->end && *c->p == '-')
		c->p++;
	if (c->p < c->end && *c->p == '0') {
		c->p++;
	} else if (c->p < c->end && *c->p >= '1' && *c->p <= '9') {
		while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
			c->p++;
	} else {
		return jc_fail(c, "bad number");
	}
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		if (c->p >= c->end || *c->p < '0' || *c->p > '9')
			return jc_fail(c, "bad fraction");
		while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
			c->p++;
	}
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (c->p >= c->end || *c->p < '0' || *c->p > '9')
			return jc_fail(c, "bad exponent");
		while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
			c->p++;
	}
	return c->p > s;
}

static bool jc_word(struct jc *c, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n))
		return jc_fail(c, "unknown word");
	c->p += n;
	return true;
}

static bool jc_value(struct jc *c);

static bool jc_container(struct jc *c, bool object)
{
	unsigned char close = object ? '}' : ']';

	if (++c->depth > 512)
		return jc_fail(c, "nested too deep");
	c->p++;
	jc_blank(c);
	if (c->p < c->end && *c->p == close) {
		c->p++;
		c->depth--;
		return true;
	}
	for (;;) {
		jc_blank(c);
		if (object) {
			if (c->p >= c->end || *c->p != '"')
				return jc_fail(c, "member name expected");
			if (!jc_string(c))
				return false;
			jc_blank(c);
			if (c->p >= c->end || *c->p != ':')
				return jc_fail(c, "':' expected");
			c->p++;
		}
		if (!jc_value(c))
			return false;
		jc_blank(c);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == close) {
			c->p++;
			c->depth--;
			return true;
		}
		return jc_fail(c, "',' or the end of the container expected");
	}
}

static bool jc_value(struct jc *c)
{
	jc_blank(c);
	if (c->p >= c->end)
		return jc_fail(c, "value expected");
	switch (*c->p) {
	case '{':
		return jc_container(c, true);
	case '[':
		return jc_container(c, false);
	case '"':
		return jc_string(c);
	case 't':
		return jc_word(c, "true");
	case 'f':
		return jc_word(c, "false");
	case 'n':
		return jc_word(c, "null");
	default:
		return jc_number(c);
	}
}

/*
 * Is @buf (@len bytes) one valid JSON text in valid UTF-8?  On failure
 * @why (which may be NULL) gets the reason and its offset.
 */
static inline bool json_check(const void *buf, size_t len, char *why,
			      size_t why_sz)
{
	struct jc c = { .p = buf, .end = (const unsigned char *)buf + len,
			.start = buf };
	bool ok = jc_value(&c);

	if (ok) {
		jc_blank(&c);
		if (c.p != c.end)
			ok = jc_fail(&c, "bytes after the value");
	}
	if (!ok && why)
		snprintf(why, why_sz, "%s at byte %zu", c.why, c.at);
	return ok;
}

#endif /* KBTF_JSON_CHECK_H */
