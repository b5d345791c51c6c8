/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A JSON writer, in the manner of bpftool's json_writer: the caller says
 * what comes next (an object, an array, a member name, a value) and the
 * writer places the commas and escapes the strings, so that what it
 * writes is one valid JSON text, in valid UTF-8, whatever bytes the
 * strings hold.  No JSON is ever written with printf.
 *
 * Strings are bytes.  BTF names are Latin-1 to the kernel (its ctype
 * counts 0xc0-0xff as letters), paths are usually UTF-8, so:
 *  - a valid UTF-8 sequence is copied as it is;
 *  - every other byte >= 0x80 is written as "\u00XX": the character that
 *    byte stands for in Latin-1 ("\xe9t\xe9" becomes "\u00e9t\u00e9",
 *    which reads "été");
 *  - '"' and '\\' are escaped, control characters (0x00-0x1f, 0x7f) too:
 *    \b \f \n \r \t, the others as \u00XX.
 *
 * Output is compact: no blank inside, one newline after the top-level
 * value.  A call that would make the text invalid (a value where a member
 * name is due, a name inside an array, an end without its start, a second
 * top-level value, nesting deeper than KBTF_JSON_MAX_DEPTH) writes
 * nothing and is remembered: kbtf_json__err() then fails.
 *
 * Owns: only itself.  The FILE is the caller's, not closed or flushed.
 */
#ifndef KBTF_JSON_H
#define KBTF_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define KBTF_JSON_MAX_DEPTH 64

struct kbtf_json;

/* A writer to @f; NULL with errno set (ENOMEM, EINVAL for NULL @f). */
struct kbtf_json *kbtf_json__new(FILE *f);
void kbtf_json__free(struct kbtf_json *w);

/*
 * 0 when everything asked so far was written and the top-level value is
 * complete; -EINVAL after a misuse or while a container is still open;
 * -EIO when the FILE reported a write error.  errno is set too.
 */
int kbtf_json__err(const struct kbtf_json *w);

void kbtf_json__start_object(struct kbtf_json *w);
void kbtf_json__end_object(struct kbtf_json *w);
void kbtf_json__start_array(struct kbtf_json *w);
void kbtf_json__end_array(struct kbtf_json *w);

/* The name of the next member of the open object. */
void kbtf_json__name(struct kbtf_json *w, const char *name);

/* Values.  A NULL string is written as null. */
void kbtf_json__string(struct kbtf_json *w, const char *s);
void kbtf_json__string_len(struct kbtf_json *w, const char *s, size_t len);
void kbtf_json__int(struct kbtf_json *w, long long v);
void kbtf_json__uint(struct kbtf_json *w, unsigned long long v);
void kbtf_json__bool(struct kbtf_json *w, bool v);
void kbtf_json__null(struct kbtf_json *w);

/* A member: kbtf_json__name() and the value in one call. */
void kbtf_json__string_field(struct kbtf_json *w, const char *name,
			     const char *s);
void kbtf_json__int_field(struct kbtf_json *w, const char *name, long long v);
void kbtf_json__uint_field(struct kbtf_json *w, const char *name,
			   unsigned long long v);
void kbtf_json__bool_field(struct kbtf_json *w, const char *name, bool v);
void kbtf_json__null_field(struct kbtf_json *w, const char *name);

/*
 * How many bytes at @s (of @len) form one valid UTF-8 character: 1-4, or
 * 0 when the byte at @s starts none (stray continuation byte, overlong
 * form, surrogate, past U+10FFFF, or cut short).  @len must be >= 1.
 */
size_t kbtf_utf8_len(const unsigned char *s, size_t len);

#endif /* KBTF_JSON_H */
