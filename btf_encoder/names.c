// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-group cache of name offsets.
 *
 * Names point into the worker's mapping of .debug_str, where the linker
 * keeps one copy of each string, so within a group the address is a key
 * for the name's offset in the group's BTF.  A hit spares btf__add_str()
 * hashing the string and comparing it with the one it finds, which costs
 * a cache miss or two each (a fifth of the encoding time otherwise).  The
 * names of aggregates, members, enums, enumerators, parameters, typedefs
 * and forward declarations go through here and are set on the type after
 * libbpf added it nameless (or with a placeholder, libbpf_ext.c).  One
 * cache per group BTF; it owns its tables.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "encoder_int.h"
#include "kbtf_log.h"
#include "libbpf_ext.h"

struct name_entry {
	uint32_t key;		/* address - base + 1; 0 = empty */
	uint32_t off;		/* NAME_INVALID: not a valid BTF name */
};

#define NAME_INVALID UINT32_MAX

/* 8-byte entries at most 3/4 full: the table of a group's some 50,000
 * names stays within the core's cache. */

void name_cache__reset(struct name_cache *nc)
{
	if (nc->e)
		memset(nc->e, 0, nc->cap * sizeof(*nc->e));
	nc->nr = 0;
}

void name_cache__free(struct name_cache *nc)
{
	free(nc->e);
	free(nc->members);
	memset(nc, 0, sizeof(*nc));
}

static inline uint32_t name_slot(uint32_t key, uint32_t mask)
{
	return (uint32_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
}

static int name_cache__grow(struct name_cache *nc)
{
	uint32_t cap = nc->cap ? nc->cap * 2 : 1u << 14, i, j;
	struct name_entry *e = calloc(cap, sizeof(*e));

	if (!e)
		return -ENOMEM;
	for (i = 0; i < nc->cap; i++) {
		if (!nc->e[i].key)
			continue;
		for (j = name_slot(nc->e[i].key, cap - 1); e[j].key;
		     j = (j + 1) & (cap - 1))
			;
		e[j] = nc->e[i];
	}
	free(nc->e);
	nc->e = e;
	nc->cap = cap;
	return 0;
}

/* The key of @s, 0 if it is too far from the others (a literal). */
static uint32_t name_key(struct name_cache *nc, const char *s)
{
	uintptr_t d;

	if (!nc->based) {
		/* the mapping may reach either side of the first name */
		nc->base = (uintptr_t)s - 0x80000000u;
		nc->based = true;
	}
	d = (uintptr_t)s - nc->base;
	return d < 0xffffffffu ? (uint32_t)d + 1 : 0;
}
/* The cached offset of @s (key @key), or -ENOENT. */
static int64_t cache_find(const struct name_cache *nc, uint32_t key)
{
	uint32_t i;

	if (!nc->cap || !key)
		return -ENOENT;
	for (i = name_slot(key, nc->cap - 1); nc->e[i].key;
	     i = (i + 1) & (nc->cap - 1))
		if (nc->e[i].key == key)
			return nc->e[i].off;
	return -ENOENT;
}

static void cache_put(struct name_cache *nc, uint32_t key, uint32_t off)
{
	uint32_t i;

	if (!key)
		return;
	if ((nc->nr + 1) * 4 > nc->cap * 3 && name_cache__grow(nc))
		return;	/* uncached, still right */
	for (i = name_slot(key, nc->cap - 1); nc->e[i].key;
	     i = (i + 1) & (nc->cap - 1))
		;
	nc->e[i].key = key;
	nc->e[i].off = off;
	nc->nr++;
}

/* btf__add_str(@s), through the cache: 0 for "", <0 on error.  For names
 * of our own only (literals): DWARF names go through name_off(). */
int str_off(struct cu_enc *ce, const char *s)
{
	struct name_cache *nc = ce->names;
	uint32_t key = name_key(nc, s);
	int64_t hit = cache_find(nc, key);
	int off;

	if (hit >= 0 && hit != NAME_INVALID)
		return hit;
	off = *s ? btf__add_str(ce->btf, s) : 0;
	if (off > 0 && hit < 0)
		cache_put(nc, key, off);
	return off;
}

void name_report(const struct kbtf_encoder *enc, const struct kd_cu *cu,
		 Dwarf_Off die, const char *what, const char *s)
{
	char q[96], qcu[96];

	/* C compilers write only identifiers: in a C unit a bad name is
	 * corrupt DWARF, worth a warning; other languages (Rust) have
	 * names BTF cannot carry by the thousand */
	kbtf_pr(lang_is_c(cu->lang) ? KBTF_WARN : KBTF_DEBUG,
		"%s: CU %s: die 0x%llx: \"%s\" is not a valid BTF name (the kernel's identifier rule): %s\n",
		enc->path, kbtf_quote(cu->name ? cu->name : "?", qcu, sizeof(qcu)),
		(unsigned long long)die, kbtf_quote(s, q, sizeof(q)), what);
}

/* The offset of the name @s of the DIE @die (through the cache): 0 for
 * none, and for a name the kernel would refuse, which is reported the
 * first time the group meets it. */
int name_off(struct cu_enc *ce, const char *s, Dwarf_Off die)
{
	struct name_cache *nc = ce->names;
	uint32_t key;
	int64_t hit;
	int off;

	if (!s)
		return 0;
	/* a hit does not read the string */
	key = name_key(nc, s);
	hit = cache_find(nc, key);
	if (hit >= 0)
		return hit == NAME_INVALID ? 0 : hit;
	if (!*s)
		off = 0;
	else if (!name_valid(s)) {
		name_report(ce->enc, ce->cu, die, "encoded without it", s);
		cache_put(nc, key, NAME_INVALID);
		return 0;
	}
	else
		off = btf__add_str(ce->btf, s);
	if (off >= 0)
		cache_put(nc, key, off);
	return off;
}

/* Start loading the slots of @n names looked up next, a struct's members
 * say: their cache misses then overlap instead of coming one by one. */
void name_prefetch(struct cu_enc *ce, const struct kd_child *c,
			  uint32_t n)
{
	struct name_cache *nc = ce->names;
	uint32_t i, key;

	if (!nc->cap)
		return;
	for (i = 0; i < n; i++) {
		key = c[i].name ? name_key(nc, c[i].name) : 0;
		if (key)
			__builtin_prefetch(&nc->e[name_slot(key, nc->cap - 1)]);
	}
}

/* Room for @n name offsets in the cache's scratch array, or NULL. */
uint32_t *name_scratch(struct name_cache *nc, uint32_t n)
{
	if (n > nc->cap_members) {
		uint32_t *m = realloc(nc->members, n * sizeof(*m));

		if (!m)
			return NULL;
		nc->members = m;
		nc->cap_members = n;
	}
	return nc->members;
}

/* Name the first @n enumerators or parameters of the type @id, all added
 * nameless or with the placeholder, in one pass. */
void name_values(struct btf *btf, int id, const uint32_t *names,
			uint32_t n)
{
	struct btf_type *t = kbtf_btf_mut_type(btf, id);
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (btf_is_enum(t))
			btf_enum(t)[i].name_off = names[i];
		else if (btf_is_enum64(t))
			btf_enum64(t)[i].name_off = names[i];
		else
			btf_params(t)[i].name_off = names[i];
	}
}
