// SPDX-License-Identifier: GPL-2.0-only
/*
 * System.map / kallsyms and kernel config readers (see kbtf_symbols.h).
 * Both go through zlib's gz* interface, which reads plain and gzip files.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kbtf_symbols.h"

int kbtf_read_file(const char *path, char **out, size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap + 1);
	gzFile f;
	int r;

	if (!buf)
		return -ENOMEM;
	f = gzopen(path, "rb");
	if (!f) {
		free(buf);
		return errno ? -errno : -ENOMEM;
	}
	for (;;) {
		if (n == cap) {
			char *nb = realloc(buf, cap * 2 + 1);

			if (!nb) {
				r = -ENOMEM;
				goto err;
			}
			buf = nb;
			cap *= 2;
		}
		r = gzread(f, buf + n, cap - n);
		if (r < 0) {
			r = -EIO;
			goto err;
		}
		if (r == 0)
			break;
		n += r;
	}
	gzclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
err:
	gzclose(f);
	free(buf);
	return r;
}

bool kbtf_ksym_is_data(char type)
{
	switch (tolower((unsigned char)type)) {
	case 'd':
	case 'b':
	case 'r':
	case 'a':
	case 'g':
	case 's':
	case 'v':
		return true;
	default:
		return false;
	}
}

static const struct kbtf_ksyms *sort_ctx;

static int cmp_name(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = strcmp(sort_ctx->syms[x].name, sort_ctx->syms[y].name);

	if (c)
		return c;
	return x < y ? -1 : 1;
}

struct kbtf_ksyms *kbtf_ksyms__load(const char *path, char *err,
				    size_t err_sz)
{
	struct kbtf_ksyms *k;
	size_t len, cap = 0, line_no = 0, i;
	char *p, *line, *save = NULL;
	bool any_nonzero = false;
	int ret;

	k = calloc(1, sizeof(*k));
	if (!k) {
		errno = ENOMEM;
		return NULL;
	}
	ret = kbtf_read_file(path, &k->strings, &len);
	if (ret) {
		snprintf(err, err_sz, "cannot read: %s", strerror(-ret));
		goto err_out;
	}
	for (line = strtok_r(k->strings, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct kbtf_ksym *s;
		char *addr, *type, *name, *mod, *end;

		line_no++;
		addr = strtok_r(line, " \t", &p);
		type = strtok_r(NULL, " \t", &p);
		name = strtok_r(NULL, " \t", &p);
		mod = strtok_r(NULL, " \t", &p);
		if (!addr || !type || !name || strlen(type) != 1) {
			snprintf(err, err_sz,
				 "line %zu: not in System.map/kallsyms format",
				 line_no);
			ret = -EINVAL;
			goto err_out;
		}
		if (k->nr == cap) {
			struct kbtf_ksym *n;

			cap = cap ? cap * 2 : 65536;
			n = realloc(k->syms, cap * sizeof(*n));
			if (!n) {
				ret = -ENOMEM;
				goto err_out;
			}
			k->syms = n;
		}
		s = &k->syms[k->nr];
		s->addr = strtoull(addr, &end, 16);
		if (*end) {
			snprintf(err, err_sz, "line %zu: bad address '%s'",
				 line_no, addr);
			ret = -EINVAL;
			goto err_out;
		}
		s->type = type[0];
		s->name = name;
		s->module = NULL;
		if (mod && mod[0] == '[') {
			mod++;
			mod[strcspn(mod, "]")] = '\0';
			s->module = mod;
		}
		if (s->addr)
			any_nonzero = true;
		if (!s->module && kbtf_ksym_is_data(s->type))
			k->nr_data++;
		k->nr++;
	}
	if (!k->nr) {
		snprintf(err, err_sz, "no symbols");
		ret = -EINVAL;
		goto err_out;
	}
	k->all_zero = !any_nonzero;
	k->by_name = malloc(k->nr * sizeof(*k->by_name));
	if (!k->by_name) {
		ret = -ENOMEM;
		goto err_out;
	}
	for (i = 0; i < k->nr; i++)
		k->by_name[i] = i;
	sort_ctx = k;
	qsort(k->by_name, k->nr, sizeof(*k->by_name), cmp_name);
	sort_ctx = NULL;
	return k;

err_out:
	kbtf_ksyms__free(k);
	errno = -ret;
	return NULL;
}

void kbtf_ksyms__free(struct kbtf_ksyms *k)
{
	if (!k)
		return;
	free(k->syms);
	free(k->by_name);
	free(k->strings);
	free(k);
}

void kbtf_ksyms__find(const struct kbtf_ksyms *k, const char *name,
		      size_t *first, size_t *count)
{
	size_t lo = 0, hi = k->nr, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(k->syms[k->by_name[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < k->nr &&
		       !strcmp(k->syms[k->by_name[end]].name, name); end++)
		;
	*first = lo;
	*count = end - lo;
}

int kbtf_kconfig_get(const char *path, const char *option, char *val,
		     size_t val_sz)
{
	size_t len, olen = strlen(option);
	char *buf, *line, *save = NULL;
	int ret, found = 0;

	ret = kbtf_read_file(path, &buf, &len);
	if (ret)
		return ret;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, option, olen) && line[olen] == '=') {
			snprintf(val, val_sz, "%s", line + olen + 1);
			found = 1;
		} else if (!strncmp(line, "# ", 2) &&
			   !strncmp(line + 2, option, olen) &&
			   !strcmp(line + 2 + olen, " is not set")) {
			found = 0;
		}
	}
	free(buf);
	return found;
}
