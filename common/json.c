// SPDX-License-Identifier: GPL-2.0-only
/*
 * The JSON writer (see kbtf_json.h).  Its whole state is a stack of the
 * open containers and whether a comma or a member's value is due; a call
 * that does not fit that state is dropped and remembered, so that what has
 * been written stays valid.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kbtf_json.h"

struct kbtf_json {
	FILE *f;
	char open[KBTF_JSON_MAX_DEPTH];	/* '{' or '[' per open container */
	int depth;
	bool need_comma;	/* the open container holds a member already */
	bool have_name;		/* a name was written: its value is due */
	bool done;		/* the top-level value is complete */
	bool misuse;
};

struct kbtf_json *kbtf_json__new(FILE *f)
{
	struct kbtf_json *w;

	if (!f) {
		errno = EINVAL;
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (!w) {
		errno = ENOMEM;
		return NULL;
	}
	w->f = f;
	return w;
}

void kbtf_json__free(struct kbtf_json *w)
{
	free(w);
}

int kbtf_json__err(const struct kbtf_json *w)
{
	int err = 0;

	if (!w || w->misuse || w->depth || !w->done)
		err = -EINVAL;
	else if (ferror(w->f))
		err = -EIO;
	if (err)
		errno = -err;
	return err;
}

size_t kbtf_utf8_len(const unsigned char *s, size_t len)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* overlong below U+0800 */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* surrogates U+D800-U+DFFF */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;	/* overlong below U+10000 */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else {
		return 0;	/* continuation byte, 0xc0, 0xc1, 0xf5-0xff */
	}
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

static void put_string(struct kbtf_json *w, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	fputc('"', w->f);
	while (i < len) {
		unsigned char c = s[i];

		switch (c) {
		case '"':
			fputs("\\\"", w->f);
			break;
		case '\\':
			fputs("\\\\", w->f);
			break;
		case '\b':
			fputs("\\b", w->f);
			break;
		case '\f':
			fputs("\\f", w->f);
			break;
		case '\n':
			fputs("\\n", w->f);
			break;
		case '\r':
			fputs("\\r", w->f);
			break;
		case '\t':
			fputs("\\t", w->f);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(w->f, "\\u%04x", c);
				break;
			}
			if (c < 0x80) {
				fputc(c, w->f);
				break;
			}
			n = kbtf_utf8_len(s + i, len - i);
			if (!n) {
				/* the byte's Latin-1 character */
				fprintf(w->f, "\\u%04x", c);
				break;
			}
			fwrite(s + i, 1, n, w->f);
			i += n;
			continue;
		}
		i++;
	}
	fputc('"', w->f);
}

/* Is a value allowed here?  Writes the comma that goes before it. */
static bool value_begins(struct kbtf_json *w)
{
	if (w->depth == 0) {
		if (w->done)
			goto misuse;
		return true;
	}
	if (w->open[w->depth - 1] == '{') {
		if (!w->have_name)
			goto misuse;
		w->have_name = false;
		return true;
	}
	if (w->need_comma)
		fputc(',', w->f);
	return true;
misuse:
	w->misuse = true;
	return false;
}

static void value_ends(struct kbtf_json *w)
{
	if (w->depth == 0) {
		w->done = true;
		fputc('\n', w->f);
	} else {
		w->need_comma = true;
	}
}

static void start(struct kbtf_json *w, char c)
{
	if (w->depth == KBTF_JSON_MAX_DEPTH) {
		w->misuse = true;
		return;
	}
	if (!value_begins(w))
		return;
	w->open[w->depth++] = c;
	w->need_comma = false;
	fputc(c, w->f);
}

static void end(struct kbtf_json *w, char c)
{
	if (!w->depth || w->open[w->depth - 1] != c || w->have_name) {
		w->misuse = true;
		return;
	}
	w->depth--;
	fputc(c == '{' ? '}' : ']', w->f);
	value_ends(w);
}

void kbtf_json__start_object(struct kbtf_json *w)
{
	start(w, '{');
}

void kbtf_json__end_object(struct kbtf_json *w)
{
	end(w, '{');
}

void kbtf_json__start_array(struct kbtf_json *w)
{
	start(w, '[');
}

void kbtf_json__end_array(struct kbtf_json *w)
{
	end(w, '[');
}

void kbtf_json__name(struct kbtf_json *w, const char *name)
{
	if (!name || !w->depth || w->open[w->depth - 1] != '{' ||
	    w->have_name) {
		w->misuse = true;
		return;
	}
	if (w->need_comma)
		fputc(',', w->f);
	put_string(w, name, strlen(name));
	fputc(':', w->f);
	w->have_name = true;
	w->need_comma = true;
}

void kbtf_json__string_len(struct kbtf_json *w, const char *s, size_t len)
{
	if (!s) {
		kbtf_json__null(w);
		return;
	}
	if (!value_begins(w))
		return;
	put_string(w, s, len);
	value_ends(w);
}

void kbtf_json__string(struct kbtf_json *w, const char *s)
{
	kbtf_json__string_len(w, s, s ? strlen(s) : 0);
}

void kbtf_json__int(struct kbtf_json *w, long long v)
{
	if (!value_begins(w))
		return;
	fprintf(w->f, "%lld", v);
	value_ends(w);
}

void kbtf_json__uint(struct kbtf_json *w, unsigned long long v)
{
	if (!value_begins(w))
		return;
	fprintf(w->f, "%llu", v);
	value_ends(w);
}

void kbtf_json__bool(struct kbtf_json *w, bool v)
{
	if (!value_begins(w))
		return;
	fputs(v ? "true" : "false", w->f);
	value_ends(w);
}

void kbtf_json__null(struct kbtf_json *w)
{
	if (!value_begins(w))
		return;
	fputs("null", w->f);
	value_ends(w);
}

void kbtf_json__string_field(struct kbtf_json *w, const char *name,
			     const char *s)
{
	kbtf_json__name(w, name);
	kbtf_json__string(w, s);
}

void kbtf_json__int_field(struct kbtf_json *w, const char *name, long long v)
{
	kbtf_json__name(w, name);
	kbtf_json__int(w, v);
}

void kbtf_json__uint_field(struct kbtf_json *w, const char *name,
			   unsigned long long v)
{
	kbtf_json__name(w, name);
	kbtf_json__uint(w, v);
}

void kbtf_json__bool_field(struct kbtf_json *w, const char *name, bool v)
{
	kbtf_json__name(w, name);
	kbtf_json__bool(w, v);
}

void kbtf_json__null_field(struct kbtf_json *w, const char *name)
{
	kbtf_json__name(w, name);
	kbtf_json__null(w);
}
