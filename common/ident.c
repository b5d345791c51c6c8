// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's identifier rule for BTF names (see kbtf_ident.h), shared
 * by the encoder and the validator.  The table is the kernel's ctype for
 * the classes the rule needs.
 */
#include "kbtf_ident.h"

enum { C_ALPHA = 1, C_DIGIT = 2, C_PRINT = 4 };

static unsigned int ctype(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return C_DIGIT | C_PRINT;
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
		return C_ALPHA | C_PRINT;
	/* Latin-1 letters; 0xd7 (multiplication) and 0xf7 (division) are
	 * punctuation */
	if (c >= 0xc0 && c != 0xd7 && c != 0xf7)
		return C_ALPHA | C_PRINT;
	/* space, punctuation, no-break space and Latin-1 punctuation */
	if ((c >= ' ' && c < 0x7f) || c >= 0xa0)
		return C_PRINT;
	return 0;
}

bool kbtf_ident_char(unsigned char c, bool first)
{
	if (c == '_' || c == '.')
		return true;
	return ctype(c) & (first ? C_ALPHA : C_ALPHA | C_DIGIT);
}

bool kbtf_ident_valid(const char *s, size_t limit)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (!p || !kbtf_ident_char(p[0], true))
		return false;
	for (i = 1; p[i]; i++)
		if (i >= limit || !kbtf_ident_char(p[i], false))
			return false;
	return true;
}

bool kbtf_ident_printable(unsigned char c)
{
	return ctype(c) & C_PRINT;
}
