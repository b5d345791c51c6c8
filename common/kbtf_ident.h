/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the kernel takes as a BTF name: one definition for the encoder
 * (which must never write a name the kernel rejects) and the validator
 * (which must reject exactly what the kernel rejects).
 *
 * The rule is the kernel's __btf_name_valid() (kernel/bpf/btf.c) over its
 * Latin-1 ctype (lib/ctype.c): a letter, '_' or '.' first, then letters,
 * digits, '_' or '.', and fewer than KSYM_NAME_LEN bytes.  0xc0-0xff are
 * letters except 0xd7 and 0xf7, which are punctuation.
 */
#ifndef KBTF_IDENT_H
#define KBTF_IDENT_H

#include <stdbool.h>
#include <stddef.h>

/* KSYM_NAME_LEN: 512 from Linux 6.1, 128 before. */
#define KBTF_KSYM_NAME_LEN 512
#define KBTF_KSYM_NAME_LEN_OLD 128

/* May @c start (@first) or continue an identifier? */
bool kbtf_ident_char(unsigned char c, bool first);

/* Is @s (NUL-terminated) a valid identifier for a kernel whose
 * KSYM_NAME_LEN is @limit?  NULL is not. */
bool kbtf_ident_valid(const char *s, size_t limit);

/* Is @c printable in the kernel's ctype (DATASEC names from 6.2)? */
bool kbtf_ident_printable(unsigned char c);

#endif /* KBTF_IDENT_H */
