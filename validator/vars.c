// SPDX-License-Identifier: GPL-2.0-only
/*
 * VARs against symbols (see kbtf_vars.h).
 *
 * Where a DATASEC's address comes from: the ELF section of that name when
 * an ELF file is given; otherwise (kallsyms of a running kernel) it is
 * inferred: __per_cpu_start for .data..percpu, else the base that most
 * entries with a unique name agree on.  Every entry is then checked at
 * base + offset, so one moved address is named, not voted away.
 *
 * Reports through the caller's kbtf_finding_fn (check "symbols"); owns
 * only scratch arrays freed before kbtf_check_vars() returns.
 */
#define _GNU_SOURCE		/* qsort_r */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbtf_util.h"
#include "kbtf_vars.h"

struct ctx {
	const struct btf *btf;
	const struct kbtf_var_check_opts *o;
	struct kbtf_var_stats *st;
	kbtf_finding_fn fn;
	void *fn_ctx;
};

static void issue(struct ctx *c, enum kbtf_finding_level level, __u32 id,
		  const char *kind, const char *name, const char *details,
		  const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void issue(struct ctx *c, enum kbtf_finding_level level, __u32 id,
		  const char *kind, const char *name, const char *details,
		  const char *fmt, ...)
{
	struct kbtf_finding f = {
		.level = level, .check = "symbols", .type_id = id,
		.kind = kind, .name = name ? name : "",
		.details = details ? details : "",
	};
	va_list ap;

	if (level == KBTF_FINDING_ERROR)
		c->st->nr_errors++;
	va_start(ap, fmt);
	kbtf_finding__vemitf(c->fn, c->fn_ctx, &f, fmt, ap);
	va_end(ap);
}

/* Symbols of @name in the address source (kallsyms if given, else the
 * ELF symbol table): returns how many; *match when one is at @want, and
 * *first_addr is the first one's address. */
static size_t lookup(struct ctx *c, const char *name, __u64 want,
		     bool *match, __u64 *first_addr)
{
	const struct kbtf_var_check_opts *o = c->o;
	size_t first, count, i, n = 0;

	*match = false;
	if (o->ksyms) {
		kbtf_ksyms__find(o->ksyms, name, &first, &count);
		for (i = first; i < first + count; i++) {
			const struct kbtf_ksym *s =
				&o->ksyms->syms[o->ksyms->by_name[i]];

			if (s->module)
				continue;
			if (!n++)
				*first_addr = s->addr;
			if (s->addr == want)
				*match = true;
		}
		return n;
	}
	kbtf_elf__find(o->elf, name, &first, &count);
	for (i = first; i < first + count; i++) {
		const struct kbtf_sym *s = &o->elf->syms[o->elf->by_name[i]];

		if (s->type == STT_SECTION || s->type == STT_FILE)
			continue;
		if (!n++)
			*first_addr = s->addr;
		if (s->addr == want)
			*match = true;
	}
	return n;
}

/* st_size of the ELF symbol @name at @addr, or 0. */
static __u64 elf_size(const struct kbtf_elf *e, const char *name, __u64 addr)
{
	size_t first, count, i;

	kbtf_elf__find(e, name, &first, &count);
	for (i = first; i < first + count; i++)
		if (e->syms[e->by_name[i]].addr == addr)
			return e->syms[e->by_name[i]].size;
	return 0;
}

/* Object whose type ends in a flexible array member? */
static bool has_flex_tail(const struct btf *btf, __u32 type)
{
	const struct btf_type *t;
	const struct btf_member *m;
	int id = btf__resolve_type(btf, type);

	if (id < 0)
		return false;
	t = btf__type_by_id(btf, id);
	if (!btf_is_composite(t) || !btf_vlen(t))
		return false;
	m = btf_members(t) + btf_vlen(t) - 1;
	id = btf__resolve_type(btf, m->type);
	if (id < 0)
		return false;
	t = btf__type_by_id(btf, id);
	return btf_is_array(t) && btf_array(t)->nelems == 0;
}

static int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

/* Base address of DATASEC @sec_name; false if it cannot be told. */
static bool datasec_base(struct ctx *c, const struct btf_type *t,
			 const char *sec_name, __u64 *base, char *how,
			 size_t how_sz)
{
	const struct kbtf_var_check_opts *o = c->o;
	const struct btf_var_secinfo *vsi = btf_var_secinfos(t);
	__u64 *cands, best = 0;
	size_t n = 0, i, run, best_run = 0;

	const struct kbtf_sec *es = o->elf ?
		kbtf_elf__sec_by_name(o->elf, sec_name) : NULL;

	/* Addresses from the ELF file itself: its section address.  From
	 * kallsyms (which KASLR may have moved): what the entries say. */
	if (!o->ksyms) {
		if (!es)
			return false;
		*base = es->addr;
		snprintf(how, how_sz, "ELF section address");
		return true;
	}
	if (!strcmp(sec_name, ".data..percpu")) {
		size_t first, count;

		kbtf_ksyms__find(o->ksyms, "__per_cpu_start", &first, &count);
		if (count) {
			*base = o->ksyms->syms[o->ksyms->by_name[first]].addr;
			snprintf(how, how_sz, "__per_cpu_start");
			return true;
		}
	}
	cands = calloc(btf_vlen(t) + 1, sizeof(*cands));
	if (!cands)
		return false;
	for (i = 0; i < btf_vlen(t); i++) {
		const struct btf_type *v = btf__type_by_id(c->btf, vsi[i].type);
		const char *name;
		size_t first, count, k, vm = 0;
		__u64 addr = 0;

		if (!v || !btf_is_var(v))
			continue;
		name = btf__name_by_offset(c->btf, v->name_off);
		kbtf_ksyms__find(o->ksyms, name, &first, &count);
		for (k = first; k < first + count; k++) {
			const struct kbtf_ksym *s =
				&o->ksyms->syms[o->ksyms->by_name[k]];

			if (!s->module) {
				vm++;
				addr = s->addr;
			}
		}
		if (vm == 1)
			cands[n++] = addr - vsi[i].offset;
	}
	qsort(cands, n, sizeof(*cands), cmp_u64);
	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n && cands[i + run] == cands[i]; run++)
			;
		if (run > best_run) {
			best_run = run;
			best = cands[i];
		}
	}
	free(cands);
	if (!best_run) {
		if (!es)
			return false;
		*base = es->addr;
		snprintf(how, how_sz, "ELF section address");
		return true;
	}
	*base = best;
	snprintf(how, how_sz, "inferred from %zu of %u entries", best_run,
		 btf_vlen(t));
	return true;
}

static void percpu_range(struct ctx *c, __u64 *lo, __u64 *hi, bool *known)
{
	const struct kbtf_var_check_opts *o = c->o;
	size_t f1, c1, f2, c2;

	*known = false;
	if (o->ksyms) {
		kbtf_ksyms__find(o->ksyms, "__per_cpu_start", &f1, &c1);
		kbtf_ksyms__find(o->ksyms, "__per_cpu_end", &f2, &c2);
		if (c1 && c2) {
			*lo = o->ksyms->syms[o->ksyms->by_name[f1]].addr;
			*hi = o->ksyms->syms[o->ksyms->by_name[f2]].addr;
			*known = true;
		}
	} else if (o->elf) {
		const struct kbtf_sec *s =
			kbtf_elf__sec_by_name(o->elf, ".data..percpu");

		if (s) {
			*lo = s->addr;
			*hi = s->addr + s->size;
			*known = true;
		}
	}
}

/* Data objects of the symbol source, and how many no VAR covers. */
static void count_data_syms(struct ctx *c, __u64 *var_addrs, size_t nr)
{
	const struct kbtf_var_check_opts *o = c->o;
	size_t i;

	qsort(var_addrs, nr, sizeof(*var_addrs), cmp_u64);
#define COVERED(a) (bsearch(&(a), var_addrs, nr, sizeof(*var_addrs), cmp_u64) != NULL)
	if (o->ksyms) {
		for (i = 0; i < o->ksyms->nr; i++) {
			const struct kbtf_ksym *s = &o->ksyms->syms[i];

			if (s->module || !kbtf_ksym_is_data(s->type))
				continue;
			c->st->nr_data_syms++;
			if (!COVERED(s->addr))
				c->st->nr_data_no_var++;
		}
	} else {
		for (i = 0; i < o->elf->nr_syms; i++) {
			const struct kbtf_sym *s = &o->elf->syms[i];

			if (s->type != STT_OBJECT || !s->size ||
			    s->shndx >= o->elf->nr_secs ||
			    !kbtf_sec_is_data(&o->elf->secs[s->shndx]))
				continue;
			c->st->nr_data_syms++;
			if (!COVERED(s->addr))
				c->st->nr_data_no_var++;
		}
	}
#undef COVERED
}

/* Entries whose one symbol is elsewhere, per DATASEC. */
struct miss {
	__u32 type;
	const char *name;
	__u64 want, got;
};

struct misses {
	struct miss *m;
	size_t nr, cap;
};

static int add_miss(struct misses *ms, __u32 type, const char *name,
		    __u64 want, __u64 got)
{
	int err = kbtf_grow((void **)&ms->m, &ms->cap, ms->nr + 1,
			    sizeof(*ms->m));

	if (err)
		return err;
	ms->m[ms->nr++] = (struct miss){ type, name, want, got };
	return 0;
}

#define SHIFT_MIN 8

/*
 * Many entries of one section off by the same amount mean the section's
 * contents moved after the BTF was made: the kernel build encodes BTF on
 * .tmp_vmlinux.btf and only then links the kallsyms tables into .rodata.
 * Say that once, with the entries as warnings, instead of N errors.
 */
static int cmp_miss_delta(const void *a, const void *b, void *ctx)
{
	const struct misses *ms = ctx;
	const struct miss *x = &ms->m[*(const size_t *)a];
	const struct miss *y = &ms->m[*(const size_t *)b];
	__u64 dx = x->got - x->want, dy = y->got - y->want;

	if (dx != dy)
		return dx < dy ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static void report_misses(struct ctx *c, __u32 sec_id, const char *sec_name,
			  struct misses *ms)
{
	size_t i, j, k, *order;
	bool *shifted;
	char det[160];

	if (!ms->nr)
		return;
	order = malloc(ms->nr * sizeof(*order));
	shifted = calloc(ms->nr, sizeof(*shifted));
	if (order && shifted) {
		for (i = 0; i < ms->nr; i++)
			order[i] = i;
		qsort_r(order, ms->nr, sizeof(*order), cmp_miss_delta,
			(void *)ms);
		for (i = 0; i < ms->nr; i = j) {
			const struct miss *m = &ms->m[order[i]];
			__u64 delta = m->got - m->want;

			for (j = i + 1; j < ms->nr &&
					ms->m[order[j]].got - ms->m[order[j]].want == delta;
			     j++)
				;
			if (j - i < SHIFT_MIN)
				continue;
			for (k = i; k < j; k++)
				shifted[order[k]] = true;
			snprintf(det, sizeof(det), "%zu entries", j - i);
			issue(c, KBTF_FINDING_ERROR, sec_id, "DATASEC", sec_name,
			      det,
			      "from VAR '%s' on, entries lie 0x%llx bytes %s their symbols: the section changed after the BTF was made (a kernel build adds kallsyms tables to .rodata after encoding); typed ksyms resolve by name and still work, these offsets do not",
			      m->name,
			      (long long)delta < 0 ? (unsigned long long)-delta :
						     (unsigned long long)delta,
			      (long long)delta < 0 ? "after" : "before");
		}
	}
	for (i = 0; i < ms->nr; i++) {
		const struct miss *m = &ms->m[i];
		bool sh = shifted && shifted[i];

		issue(c, sh ? KBTF_FINDING_WARN : KBTF_FINDING_ERROR, m->type,
		      "VAR", m->name, NULL,
		      "%s + offset = 0x%llx, but the symbol is at 0x%llx",
		      sec_name, (unsigned long long)m->want,
		      (unsigned long long)m->got);
	}
	free(order);
	free(shifted);
	ms->nr = 0;
}

int kbtf_check_vars(const struct btf *btf,
		    const struct kbtf_var_check_opts *in,
		    struct kbtf_var_stats *st, kbtf_finding_fn fn, void *fn_ctx)
{
	struct kbtf_var_check_opts o;
	struct ctx c = { .btf = btf, .o = &o, .st = st, .fn = fn,
			 .fn_ctx = fn_ctx };
	struct misses misses = {};
	__u64 *var_addrs = NULL, pc_lo = 0, pc_hi = 0;
	size_t nr_addrs = 0, cap = 0;
	__u32 id, n;
	bool pc_known;
	int err;

	if (!btf || !st || kbtf_opts_copy(&o, sizeof(o), in) ||
	    (!o.elf && !o.ksyms)) {
		errno = EINVAL;
		return -EINVAL;
	}
	memset(st, 0, sizeof(*st));
	n = btf__type_cnt(btf);
	st->addrs_checked = true;
	st->sizes_checked = o.elf != NULL;
	percpu_range(&c, &pc_lo, &pc_hi, &pc_known);

	for (id = o.start_id ? o.start_id : 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *vsi;
		const char *sec_name;
		char how[64], det[160];
		bool percpu, init;
		__u64 base, elf_base = 0;
		int i;

		if (!btf_is_datasec(t))
			continue;
		sec_name = btf__name_by_offset(btf, t->name_off);
		percpu = !strcmp(sec_name, ".data..percpu");
		init = !strncmp(sec_name, ".init.", 6);
		snprintf(det, sizeof(det), "size=%u vlen=%u", t->size,
			 btf_vlen(t));
		if (!datasec_base(&c, t, sec_name, &base, how, sizeof(how))) {
			issue(&c, KBTF_FINDING_ERROR, id, "DATASEC", sec_name, det,
			      "section address unknown: no ELF section of this name%s",
			      o.elf ? "" : " and no entry to infer it from");
			continue;
		}
		if (o.elf) {
			const struct kbtf_sec *es =
				kbtf_elf__sec_by_name(o.elf, sec_name);

			elf_base = es ? es->addr : 0;
		}
		if (init && btf_vlen(t))
			issue(&c, KBTF_FINDING_WARN, id, "DATASEC", sec_name, det,
			      "%u VARs in memory freed after boot", btf_vlen(t));
		vsi = btf_var_secinfos(t);
		for (i = 0; i < btf_vlen(t); i++) {
			const struct btf_type *v = btf__type_by_id(btf, vsi[i].type);
			__u64 want = base + vsi[i].offset, first = 0, sz = 0;
			const char *name;
			bool match;
			size_t cnt;
			long tsz;

			snprintf(det, sizeof(det), "type_id=%u offset=%u size=%u",
				 vsi[i].type, vsi[i].offset, vsi[i].size);
			if (!v || !btf_is_var(v)) {
				issue(&c, KBTF_FINDING_ERROR, id, "DATASEC",
				      sec_name, det, "Not a VAR kind member");
				continue;
			}
			name = btf__name_by_offset(btf, v->name_off);
			st->nr_vars++;
			if (percpu)
				st->nr_percpu++;
			if (init)
				st->nr_init++;
			err = kbtf_grow((void **)&var_addrs, &cap, nr_addrs + 1,
					sizeof(*var_addrs));
			if (err)
				goto out;
			var_addrs[nr_addrs++] = want;

			cnt = lookup(&c, name, want, &match, &first);
			if (o.elf)
				sz = elf_size(o.elf, name, elf_base + vsi[i].offset);
			st->nr_checked++;
			if (!cnt) {
				issue(&c, KBTF_FINDING_ERROR, vsi[i].type, "VAR",
				      name, det,
				      "no symbol of this name in %s",
				      o.ksyms ? "kallsyms" : "the ELF symbol table");
				continue;
			}
			if (!match) {
				if (cnt == 1) {
					err = add_miss(&misses, vsi[i].type,
						       name, want, first);
					if (err)
						goto out;
				}
				if (cnt > 1)
					issue(&c, KBTF_FINDING_ERROR, vsi[i].type,
					      "VAR", name, det,
					      "%s + offset = 0x%llx, but no symbol of this name is there (first at 0x%llx)",
					      sec_name, (unsigned long long)want,
					      (unsigned long long)first);
				continue;
			}
			if (cnt > 1) {
				st->nr_ambiguous++;
				issue(&c, KBTF_FINDING_WARN, vsi[i].type, "VAR", name,
				      det,
				      "name occurs %zu times in %s: a typed ksym resolves by name, to 0x%llx%s",
				      cnt, o.ksyms ? "kallsyms" : "the symbol table",
				      (unsigned long long)first,
				      first == want ? " (this one)" : " (another object)");
			}
			if (percpu && pc_known && (want < pc_lo || want >= pc_hi))
				issue(&c, KBTF_FINDING_ERROR, vsi[i].type, "VAR",
				      name, det,
				      "per-CPU entry at 0x%llx outside the per-CPU range 0x%llx-0x%llx",
				      (unsigned long long)want,
				      (unsigned long long)pc_lo,
				      (unsigned long long)pc_hi);
			if (o.elf && sz && sz != vsi[i].size)
				issue(&c, KBTF_FINDING_ERROR, vsi[i].type, "VAR",
				      name, det,
				      "entry size %u, symbol size %llu",
				      vsi[i].size, (unsigned long long)sz);
			tsz = btf__resolve_size(btf, v->type);
			if (tsz < 0)
				issue(&c, KBTF_FINDING_ERROR, vsi[i].type, "VAR",
				      name, det, "Invalid type");
			else if ((__u64)tsz > vsi[i].size)
				issue(&c, KBTF_FINDING_ERROR, vsi[i].type, "VAR",
				      name, det,
				      "Invalid size: type size %ld is larger than the entry",
				      tsz);
			else if ((__u64)tsz < vsi[i].size &&
				 !has_flex_tail(btf, v->type))
				issue(&c, KBTF_FINDING_WARN, vsi[i].type, "VAR",
				      name, det,
				      "type size %ld is smaller than the object and ends in no flexible array",
				      tsz);
		}
		report_misses(&c, id, sec_name, &misses);
	}
	count_data_syms(&c, var_addrs, nr_addrs);
	err = 0;
out:
	free(misses.m);
	free(var_addrs);
	if (err)
		errno = -err;
	return err;
}
