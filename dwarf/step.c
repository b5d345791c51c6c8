// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stepping through a CU's DIEs: the one seam between the walk (read.c)
 * and how libdw lays DIEs out.  Plain libdw (dwarf_child,
 * dwarf_siblingof) is always right; the fast path (step_fast.c) saves
 * rescanning what the walk has read, but builds Dwarf_Die values by hand,
 * so it is used only when built in (-DKBTF_DWARF_FASTPATH=ON) and with an
 * elfutils it was tested against.  Both give the same DIEs in the same
 * order: the encoder's output is byte-identical either way (a test checks
 * it on every fixture and on Debian's vmlinux).
 */
#include <string.h>

#include "dwarf_int.h"
#include "kbtf_log.h"

/* elfutils versions the fast path was tested with (Debian 12: 0.188) */
static const char *const fast_tested[] = { "0.188" };

bool kd_fast_supported(void)
{
#if KBTF_DWARF_FASTPATH
	const char *v = dwfl_version(NULL);
	size_t i;

	for (i = 0; v && i < sizeof(fast_tested) / sizeof(fast_tested[0]); i++)
		if (!strcmp(v, fast_tested[i]))
			return true;
	pr_debug("elfutils %s: the DWARF fast path is tested with %s only; reading with plain libdw\n",
		 v ? v : "(unknown)", fast_tested[0]);
#else
	(void)fast_tested;
#endif
	return false;
}

void kd_step_cu(struct kd_step *st, struct kbtf_dwarf *d, Dwarf_Die *cudie)
{
	memset(st, 0, sizeof(*st));
	st->dcu = cudie->cu;
#if KBTF_DWARF_FASTPATH
	if (d->fast) {
		kd_fast_cu(st, d, cudie);
		st->fast = st->cu_end != NULL;
	}
#else
	(void)d;
#endif
}

int kd_first_child(struct kd_step *st, Dwarf_Die *parent, Dwarf_Die *c)
{
#if KBTF_DWARF_FASTPATH
	if (st->fast)
		return kd_fast_first_child(st, parent, c);
#endif
	(void)st;
	return dwarf_child(parent, c);
}

int kd_next_sibling(struct kd_step *st, Dwarf_Die *c)
{
#if KBTF_DWARF_FASTPATH
	if (st->fast)
		return kd_fast_next_sibling(st, c);
#endif
	(void)st;
	return dwarf_siblingof(c, c);
}

void kd_children_done(struct kd_step *st, Dwarf_Die *parent, int r)
{
#if KBTF_DWARF_FASTPATH
	if (st->fast)
		kd_fast_children_done(st, parent, r);
#else
	(void)st, (void)parent, (void)r;
#endif
}

void kd_step_attrs(struct kd_step *st, Dwarf_Die *die, ptrdiff_t r,
		   Dwarf_Attribute *last, Dwarf_Attribute *sib)
{
#if KBTF_DWARF_FASTPATH
	if (st->fast)
		kd_fast_attrs(st, die, r, last, sib);
#else
	(void)st, (void)die, (void)r, (void)last, (void)sib;
#endif
}

void kd_step_prime(struct kd_step *st, Dwarf_Die *die)
{
#if KBTF_DWARF_FASTPATH
	if (st->fast)
		kd_fast_prime(st, die);
#else
	(void)st, (void)die;
#endif
}
