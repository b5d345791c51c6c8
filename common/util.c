// SPDX-License-Identifier: GPL-2.0-only
/* Small helpers: growing arrays, the monotonic clock, quoting
 * (kbtf_util.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kbtf_util.h"

int kbtf_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *n;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > ((size_t)-1 / 2) / elem)
			return -ENOMEM;
		ncap *= 2;
	}
	n = realloc(*arr, ncap * elem);
	if (!n)
		return -ENOMEM;
	*arr = n;
	*cap = ncap;
	return 0;
}

int kbtf_opts_copy(void *dst, size_t dst_sz, const void *src)
{
	size_t sz, i;

	memset(dst, 0, dst_sz);
	if (src) {
		memcpy(&sz, src, sizeof(sz));
		if (sz < sizeof(sz))
			return -EINVAL;
		for (i = dst_sz; i < sz; i++)
			if (((const char *)src)[i])
				return -EINVAL;
		memcpy(dst, src, sz < dst_sz ? sz : dst_sz);
	}
	memcpy(dst, &dst_sz, sizeof(dst_sz));
	return 0;
}

double kbtf_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

const char *kbtf_quote(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	for (; *p && n + 4 < size - 4; p++) {
		if (*p >= ' ' && *p < 0x7f && *p != '\\')
			buf[n++] = *p;
		else
			n += snprintf(buf + n, size - n, "\\x%02x", *p);
	}
	if (*p)
		memcpy(buf + n, "...", 4);
	else
		buf[n] = '\0';
	return buf;
}

uint32_t kbtf_str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}
