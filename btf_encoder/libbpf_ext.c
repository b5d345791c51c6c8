// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the encoder needs from libbpf 1.1 that it offers no call for (see
 * libbpf_ext.h for the behaviour each piece relies on, and
 * tests/unit/test_libbpf_ext.c, which pins it).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kbtf_log.h"
#include "libbpf_ext.h"

struct btf_type *kbtf_btf_mut_type(struct btf *btf, __u32 id)
{
	if (!id || id >= btf__type_cnt(btf))
		return NULL;
	return (struct btf_type *)btf__type_by_id(btf, id);
}

int kbtf_btf_set_name(struct btf *btf, __u32 id, __u32 name_off)
{
	struct btf_type *t = kbtf_btf_mut_type(btf, id);

	if (!t)
		return -EINVAL;
	t->name_off = name_off;
	return 0;
}

/* @btf without its last @nr types: made anew from the raw data with the
 * type section cut short (libbpf has no call that removes types). */
static int drop_last_vars(struct btf **btf, size_t nr)
{
	size_t cut = nr * (sizeof(struct btf_type) + sizeof(struct btf_var));
	const struct btf_header *h;
	struct btf_header nh;
	const char *raw;
	struct btf *nb;
	__u32 size;
	char *buf;

	if (!nr)
		return 0;
	raw = btf__raw_data(*btf, &size);
	if (!raw)
		return -ENOMEM;
	h = (const struct btf_header *)raw;
	/* libbpf lays out header, types, strings */
	if (size < sizeof(*h) || h->hdr_len < sizeof(*h) ||
	    h->type_len < cut || h->type_off + h->type_len != h->str_off ||
	    (size_t)h->hdr_len + h->str_off + h->str_len != size) {
		pr_warn("libbpf's raw BTF layout is not header, types, strings: cannot drop the dedup markers\n");
		return -EPROTO;
	}
	buf = malloc(size - cut);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, raw, h->hdr_len + h->str_off - cut);
	memcpy(buf + h->hdr_len + h->str_off - cut,
	       raw + h->hdr_len + h->str_off, h->str_len);
	memcpy(&nh, h, sizeof(nh));
	nh.type_len -= cut;
	nh.str_off -= cut;
	memcpy(buf, &nh, sizeof(nh));
	nb = btf__new(buf, size - cut);
	free(buf);
	if (!nb)
		return -errno;
	btf__free(*btf);
	*btf = nb;
	return 0;
}

int kbtf_btf_dedup_tracked(struct btf **btf, __u32 *ids, size_t nr)
{
	const struct btf_type *t;
	__u32 first;
	size_t i;
	int id, err;

	for (i = 0; i < nr; i++) {
		id = btf__add_var(*btf, "_", BTF_VAR_STATIC, ids[i]);
		if (id < 0)
			return id;
	}
	err = btf__dedup(*btf, NULL);
	if (err)
		return err;
	first = btf__type_cnt(*btf) - nr;
	for (i = 0; i < nr; i++) {
		t = btf__type_by_id(*btf, first + i);
		if (!t || !btf_is_var(t)) {
			pr_warn("btf__dedup did not keep its VARs in place: cannot track types\n");
			return -EPROTO;
		}
		ids[i] = t->type;
	}
	return drop_last_vars(btf, nr);
}

int kbtf_btf_dedup_vars(struct btf *btf, __u32 *var_ids, size_t nr)
{
	const struct btf *base = btf__base_btf(btf);
	__u32 id, n, start = base ? btf__type_cnt(base) : 1;
	size_t k = 0;
	int err;

	err = btf__dedup(btf, NULL);
	if (err)
		return err;
	n = btf__type_cnt(btf);
	for (id = start; id < n; id++) {
		if (!btf_is_var(btf__type_by_id(btf, id)))
			continue;
		if (k >= nr)
			break;
		var_ids[k++] = id;
	}
	if (k != nr || id != n) {
		pr_warn("btf__dedup changed the number of VARs: cannot place them\n");
		return -EPROTO;
	}
	return 0;
}
