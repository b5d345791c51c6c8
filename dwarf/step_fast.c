// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fast path of stepping through DIEs (built with
 * -DKBTF_DWARF_FASTPATH=ON, the default; used only with the elfutils
 * versions step.c names, else plain libdw steps).  It saves libdw
 * rescanning what the walk has already read:
 *
 *  - a DIE's abbreviation is kept per code and handed to the next DIE of
 *    that code (kd_fast_prime());
 *  - the end of a DIE's attributes follows from the form of the last one
 *    (attrs_end()), so the next DIE, or the first child, is known without
 *    libdw scanning the attributes again;
 *  - where the DIE after one with children is, when DW_AT_sibling said so
 *    or a walk over the children found the end of their list.
 *
 * It builds Dwarf_Die values by hand and sets die->abbrev: fields libdw.h
 * marks as provisional.  This file is the only place that does; debug
 * builds (no NDEBUG) assert every step against libdw's own.
 */
#include <assert.h>
#include <string.h>
#include <dwarf.h>

#include "dwarf_int.h"

#if !KBTF_DWARF_FASTPATH
#error "step_fast.c is built with KBTF_DWARF_FASTPATH only"
#endif

/*
 * libdw finds a DIE's abbreviation in a locked hash table on the first
 * call that needs it (dwarf_tag, dwarf_getattrs, ...) and keeps it in the
 * Dwarf_Die.  A CU uses a few hundred codes for millions of DIEs, so the
 * walk remembers the abbreviation of each code and hands it to the DIE as
 * soon as dwarf_child/dwarf_siblingof return it: the table is searched
 * once per code and CU instead of once per DIE.
 */
void kd_fast_prime(struct kd_step *w, Dwarf_Die *die)
{
	const unsigned char *p = die->addr;
	unsigned int code = 0, shift = 0;

	if (die->cu != w->dcu || die->abbrev || p < w->info_lo ||
	    p >= w->info_hi)
		return;
	/* the ULEB128 code that starts every DIE */
	do {
		if (p >= w->info_hi || shift >= 28)
			return;
		code |= (unsigned int)(*p & 0x7f) << shift;
		shift += 7;
	} while (*p++ & 0x80);
	if (code >= KD_ABBREV_CACHE)
		return;
	if (w->abbrev[code]) {
		die->abbrev = w->abbrev[code];
		return;
	}
	if (dwarf_tag(die) != DW_TAG_invalid)
		w->abbrev[code] = die->abbrev;
}

/*
 * Stepping from a DIE with children to the next one, libdw scans its
 * attributes for DW_AT_sibling, or reads the whole subtree when there is
 * none (the last of a list).  The walk knows where that DIE is when it
 * read DW_AT_sibling with the other attributes, or when it stepped over
 * the children itself and found the end of their list, or when libdw
 * stepped over it before: it keeps the last ones, by DIE address.  A
 * DIE's place never changes, so an entry is right for as long as it
 * stays.
 */
static size_t sib_slot(const void *die)
{
	return ((uintptr_t)die * 0x9e3779b97f4a7c15ULL) >> 54 &
	       (KD_SIB_CACHE - 1);
}

static void sib_put(struct kd_step *w, const void *die, const unsigned char *at)
{
	size_t i = sib_slot(die);

	/* a corrupt DW_AT_sibling that points back would loop forever:
	 * such a step is left to libdw, which refuses it */
	if (at <= (const unsigned char *)die)
		return;

	w->sib[i].die = die;
	w->sib[i].at = at;
}

/* After a loop over all the children of @parent ended with @r. */
void kd_fast_children_done(struct kd_step *w, Dwarf_Die *parent, int r)
{
	if (r == 1 && w->list_end && parent->cu == w->dcu)
		sib_put(w, parent->addr, w->list_end);
}

/* The DIE at @p in the walk's CU as the next one of a list: 0, or 1 at
 * the end of the list, with w->list_end after it. */
static int step_to(struct kd_step *w, const unsigned char *p, Dwarf_Die *c)
{
	if (p >= w->cu_end || !*p) {
		if (p < w->cu_end)
			w->list_end = p + 1;
		return 1;
	}
	*c = (Dwarf_Die){ .addr = (void *)p, .cu = w->dcu };
	kd_fast_prime(w, c);
	return 0;
}

int kd_fast_first_child(struct kd_step *w, Dwarf_Die *parent, Dwarf_Die *c)
{
	const unsigned char *p = NULL;
	int r;

	w->list_end = NULL;
	if (parent->cu == w->dcu && w->cu_end) {
		if (parent->addr == w->kid_of)
			p = w->kid_at;
		else if (parent->addr == w->ended && w->end)
			p = w->end;	/* children follow the attributes */
	}
	if (p && dwarf_haschildren(parent) > 0) {
#ifndef NDEBUG
		Dwarf_Die s;
		int rs = dwarf_child(parent, &s);
#endif
		w->kid_of = parent->addr;
		w->kid_at = p;
		r = step_to(w, p, c);
		assert(rs == r && (r || s.addr == c->addr));
		return r;
	}
	r = dwarf_child(parent, c);
	if (r == 0) {
		if (c->cu == w->dcu) {
			w->kid_of = parent->addr;
			w->kid_at = c->addr;
		}
		kd_fast_prime(w, c);
	}
	return r;
}

int kd_fast_next_sibling(struct kd_step *w, Dwarf_Die *c)
{
	const unsigned char *p = NULL;
	size_t i;
	int r;

	w->list_end = NULL;
	if (c->cu == w->dcu && w->cu_end) {
		i = sib_slot(c->addr);
		/* DW_AT_sibling first, as libdw: where it is not the end of
		 * the attributes, the DWARF is wrong, and both paths must
		 * read it the same way */
		if (w->sib[i].die == c->addr)
			p = w->sib[i].at;
		else if (c->addr == w->ended && w->end &&
			 dwarf_haschildren(c) == 0)
			p = w->end;	/* the attributes were read */
	}
	if (p) {
#ifndef NDEBUG
		Dwarf_Die s = *c;
		int rs = dwarf_siblingof(&s, &s);
#endif
		w->ended = NULL;
		r = step_to(w, p, c);
		assert(rs == r && (r || s.addr == c->addr));
		return r;
	}
	{
		const void *from = c->addr;

		r = dwarf_siblingof(c, c);
		if (r == 0 && c->cu == w->dcu) {
			/* a function's children are walked twice: for the
			 * parameters, then for the types in its body */
			sib_put(w, from, c->addr);
		}
	}
	if (r == 0)
		kd_fast_prime(w, c);
	return r;
}


/*
 * Where the attributes of a DIE end, from the last one dwarf_getattrs()
 * passed: the size of its value follows from the form (DWARF 5, 7.5.6).
 * NULL for the forms left to libdw.  With it the walk steps from a
 * childless DIE to its sibling without libdw scanning the attributes a
 * second time, which dwarf_siblingof() does (a quarter of the reading).
 */
static const unsigned char *attrs_end(const struct kd_step *w,
				      Dwarf_Attribute *a)
{
	const unsigned char *p = a->valp, *end = w->cu_end;
	Dwarf_Block b;
	size_t n;

	if (!p || p < w->info_lo || p >= end)
		return NULL;
	switch (a->form) {
	case DW_FORM_flag_present:
		n = 0;
		break;
	case DW_FORM_data1: case DW_FORM_ref1: case DW_FORM_flag:
	case DW_FORM_strx1: case DW_FORM_addrx1:
		n = 1;
		break;
	case DW_FORM_data2: case DW_FORM_ref2: case DW_FORM_strx2:
	case DW_FORM_addrx2:
		n = 2;
		break;
	case DW_FORM_strx3: case DW_FORM_addrx3:
		n = 3;
		break;
	case DW_FORM_data4: case DW_FORM_ref4: case DW_FORM_strx4:
	case DW_FORM_addrx4:
		n = 4;
		break;
	case DW_FORM_data8: case DW_FORM_ref8: case DW_FORM_ref_sig8:
		n = 8;
		break;
	case DW_FORM_data16:
		n = 16;
		break;
	case DW_FORM_strp: case DW_FORM_line_strp: case DW_FORM_sec_offset:
		n = w->offset_size;
		break;
	case DW_FORM_addr:
		n = w->addr_size;
		break;
	case DW_FORM_udata: case DW_FORM_sdata: case DW_FORM_ref_udata:
	case DW_FORM_strx: case DW_FORM_addrx: case DW_FORM_loclistx:
	case DW_FORM_rnglistx:
		for (n = 1; p + n <= end && (p[n - 1] & 0x80); n++)
			;
		break;
	case DW_FORM_string:
		n = strnlen((const char *)p, end - p) + 1;
		break;
	case DW_FORM_block1: case DW_FORM_block2: case DW_FORM_block4:
	case DW_FORM_block: case DW_FORM_exprloc:
		if (dwarf_formblock(a, &b) || b.data < p)
			return NULL;
		n = (size_t)(b.data - p) + b.length;
		break;
	default:
		return NULL;
	}
	return (size_t)(end - p) >= n ? p + n : NULL;
}


void kd_fast_attrs(struct kd_step *w, Dwarf_Die *die, ptrdiff_t r,
		   Dwarf_Attribute *last, Dwarf_Attribute *sib)
{
	w->ended = NULL;
	if (r != 1 || die->cu != w->dcu || !w->cu_end)
		return;
	w->ended = die->addr;
	w->end = attrs_end(w, last);
	if (sib) {
		Dwarf_Die s;

		/* a DW_AT_sibling that goes back or out of the CU is
		 * corrupt: libdw steps from this DIE (and says so) */
		if (dwarf_formref_die(sib, &s) && s.cu == w->dcu &&
		    (const unsigned char *)s.addr > (const unsigned char *)die->addr)
			sib_put(w, die->addr, s.addr);
		else
			w->end = NULL;
	}
}

void kd_fast_cu(struct kd_step *w, struct kbtf_dwarf *d, Dwarf_Die *cudie)
{
	Dwarf_Off hdr, next;

	if (!d->info_known)
		kd_info_bounds(d);
	/* DIEs outside what was found are simply not primed */
	if (!d->info_lo || (const unsigned char *)cudie->addr < d->info_lo ||
	    (const unsigned char *)cudie->addr >= d->info_hi)
		return;
	hdr = dwarf_dieoffset(cudie) - dwarf_cuoffset(cudie);
	w->info_lo = d->info_lo;
	w->info_hi = d->info_hi;
	if (dwarf_next_unit(d->dbg, hdr, &next, NULL, NULL, NULL,
			    &w->addr_size, &w->offset_size, NULL, NULL) == 0 &&
	    next <= (size_t)(d->info_hi - d->info_lo) &&
	    (w->offset_size == 4 || w->offset_size == 8) &&
	    (w->addr_size == 4 || w->addr_size == 8))
		w->cu_end = d->info_lo + next;
}
