// SPDX-License-Identifier: GPL-2.0-only
/*
 * A CU's index from DIE offset to type (kd_cu__find()): a direct map for
 * the offsets of the CU itself, a hash table for the others (partial
 * units, type units, other CUs), and the reset and free of a kd_cu.
 *
 * Owns: the kd_cu's arrays (freed by kbtf_dwarf__cu_free()).
 */
#include <string.h>

#include "dwarf_int.h"

static inline size_t hash_off(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

long kd_cu__find(const struct kd_cu *cu, Dwarf_Off off)
{
	size_t mask = cu->map_cap - 1, i;

	if (off & KD_REF_INDEX)
		return off & ~KD_REF_INDEX;
	if (off - cu->dir_lo < cu->dir_len)
		return cu->dir[off - cu->dir_lo] ? (long)cu->dir[off - cu->dir_lo] - 1 :
						    -ENOENT;
	if (!cu->map_cap)
		return -ENOENT;
	for (i = hash_off(off) & mask; cu->map_keys[i]; i = (i + 1) & mask)
		if (cu->map_keys[i] == off)
			return cu->map_vals[i];
	return -ENOENT;
}

int kd_map_insert(struct kd_cu *cu, Dwarf_Off off, uint32_t val)
{
	size_t mask, i;

	if (off - cu->dir_lo < cu->dir_len) {
		if (!cu->dir[off - cu->dir_lo])
			cu->dir[off - cu->dir_lo] = val + 1;
		return 0;
	}
	if ((cu->map_used + 1) * 2 > cu->map_cap) {
		size_t ncap = cu->map_cap ? cu->map_cap * 2 : 1024, j;
		uint64_t *keys = calloc(ncap, sizeof(*keys));
		uint32_t *vals = calloc(ncap, sizeof(*vals));

		if (!keys || !vals) {
			free(keys);
			free(vals);
			return -ENOMEM;
		}
		for (j = 0; j < cu->map_cap; j++) {
			if (!cu->map_keys[j])
				continue;
			for (i = hash_off(cu->map_keys[j]) & (ncap - 1); keys[i];
			     i = (i + 1) & (ncap - 1))
				;
			keys[i] = cu->map_keys[j];
			vals[i] = cu->map_vals[j];
		}
		free(cu->map_keys);
		free(cu->map_vals);
		cu->map_keys = keys;
		cu->map_vals = vals;
		cu->map_cap = ncap;
	}
	mask = cu->map_cap - 1;
	for (i = hash_off(off) & mask; cu->map_keys[i]; i = (i + 1) & mask)
		if (cu->map_keys[i] == off)
			return 0;
	cu->map_keys[i] = off;
	cu->map_vals[i] = val;
	cu->map_used++;
	return 0;
}


void kbtf_dwarf__cu_reset(struct kd_cu *cu)
{
	size_t i;

	/* the direct map is kept zeroed: clear what this CU set */
	for (i = 0; i < cu->nr_types; i++)
		if (cu->types[i].off - cu->dir_lo < cu->dir_len)
			cu->dir[cu->types[i].off - cu->dir_lo] = 0;
	cu->dir_lo = cu->dir_len = 0;
	/* A table much larger than this CU needed (sized by a large CU
	 * before it) goes: the next CU grows its own, small enough to stay
	 * in the caches, and clearing it costs no more than filling it. */
	if (cu->map_cap > 8 * (cu->nr_types > 512 ? cu->nr_types : 512)) {
		free(cu->map_keys);
		free(cu->map_vals);
		cu->map_keys = NULL;
		cu->map_vals = NULL;
		cu->map_cap = 0;
	} else if (cu->map_cap) {
		memset(cu->map_keys, 0, cu->map_cap * sizeof(*cu->map_keys));
	}
	cu->nr_types = cu->nr_children = cu->nr_funcs = 0;
	cu->nr_vars = cu->nr_tags = cu->nr_ranges = cu->nr_locs = 0;
	cu->map_used = 0;
	cu->name = NULL;
	cu->lang = 0;
}

void kbtf_dwarf__cu_free(struct kd_cu *cu)
{
	free(cu->types);
	free(cu->children);
	free(cu->funcs);
	free(cu->vars);
	free(cu->tags);
	free(cu->locs);
	free(cu->ranges);
	free(cu->map_keys);
	free(cu->map_vals);
	free(cu->dir);
	memset(cu, 0, sizeof(*cu));
}

/*
 * DIE offsets within the CU index a direct map: a DIE's type index is one
 * load away, where a hash table takes a hash and a probe or more, for the
 * two lookups of every reference (read and encode).  Sized by the largest
 * CU read so far (4 bytes per byte of DWARF, 2.4 MB for Debian's largest).
 */
#define KD_DIR_MAX (64u << 20)

int kd_dir_setup(struct kbtf_dwarf *d, Dwarf_Die *cudie, struct kd_cu *cu)
{
	Dwarf_Off hdr = dwarf_dieoffset(cudie) - dwarf_cuoffset(cudie), next;
	size_t len;

	if (dwarf_next_unit(d->dbg, hdr, &next, NULL, NULL, NULL, NULL, NULL,
			    NULL, NULL) || next <= hdr || next - hdr > KD_DIR_MAX)
		return 0;	/* the hash table does it all */
	len = next - hdr;
	if (len > cu->dir_cap) {
		uint32_t *n = realloc(cu->dir, len * sizeof(*n));

		if (!n)
			return -ENOMEM;
		memset(n + cu->dir_cap, 0, (len - cu->dir_cap) * sizeof(*n));
		cu->dir = n;
		cu->dir_cap = len;
	}
	cu->dir_lo = hdr;
	cu->dir_len = len;
	return 0;
}

