// SPDX-License-Identifier: GPL-2.0-only
/*
 * System.map / kallsyms and kernel config readers (see kbtf_symbols.h).
 * Both go through zlib's gz* interface, which reads plain and gzip files.
 */
#define _GNU_SOURCE		/* qsort_r */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kbtf_log.h"
#include "kbtf_symbols.h"
#include "kbtf_util.h"

int kbtf_read_file(const char *path, char **out, size_t *len)
{
	size_t cap = 0, n = 0;
	char *buf = NULL;
	gzFile f;
	int r;

	errno = 0;
	f = gzopen(path, "rb");
	if (!f) {
		r = errno ? -errno : -ENOMEM;
		goto out;
	}
	for (;;) {
		/* one byte more than read, for the NUL */
		r = kbtf_grow((void **)&buf, &cap, n + (1 << 20) + 1, 1);
		if (r)
			goto out;
		r = gzread(f, buf + n, cap - n - 1);
		if (r < 0) {
			r = -EIO;
			goto out;
		}
		if (r == 0)
			break;
		n += r;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
out:
	if (f)
		gzclose(f);
	free(buf);
	if (r < 0)
		errno = -r;
	return r < 0 ? r : 0;
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

static int cmp_name(const void *a, const void *b, void *ctx)
{
	const struct kbtf_ksyms *k = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = strcmp(k->syms[x].name, k->syms[y].name);

	if (c)
		return c;
	return x < y ? -1 : 1;
}

struct kbtf_ksyms *kbtf_ksyms__load(const char *path)
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
		pr_warn("%s: cannot read: %s\n", path, strerror(-ret));
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
			ret = -EINVAL;
			pr_warn("%s: line %zu: not in System.map/kallsyms format\n",
				path, line_no);
			goto err_out;
		}
		ret = kbtf_grow((void **)&k->syms, &cap, k->nr + 1,
				sizeof(*k->syms));
		if (ret)
			goto err_out;
		s = &k->syms[k->nr];
		s->addr = strtoull(addr, &end, 16);
		if (*end) {
			char q[64];

			ret = -EINVAL;
			pr_warn("%s: line %zu: bad address '%s'\n", path,
				line_no, kbtf_quote(addr, q, sizeof(q)));
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
		ret = -EINVAL;
		pr_warn("%s: no symbols\n", path);
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
	qsort_r(k->by_name, k->nr, sizeof(*k->by_name), cmp_name, k);
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
	int ret;

	ret = kbtf_read_file(path, &buf, &len);
	if (ret)
		return ret;
	if (val_sz)
		val[0] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		/* the last line about @option decides, as in Kconfig */
		if (!strncmp(line, option, olen) && line[olen] == '=')
			snprintf(val, val_sz, "%s", line + olen + 1);
		else if (!strncmp(line, "# ", 2) &&
			 !strncmp(line + 2, option, olen) &&
			 !strcmp(line + 2 + olen, " is not set") && val_sz)
			val[0] = '\0';
	}
	free(buf);
	return 0;
}
