/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DWARF reader's internals, shared by its files:
 *
 *	file.c		the handle: the file, its mapping, libdw/libdwfl,
 *			clones for worker threads, the list of CUs
 *	index.c		a CU's DIE-offset -> type index (direct map and
 *			hash table), reset and free of a kd_cu
 *	step.c		stepping through DIEs: plain libdw, or the fast
 *			path of step_fast.c where it is built and tested
 *	read.c		the walk: attributes, types, functions, variables
 *
 * Nothing here is public; kbtf_dwarf.h is the reader's interface.
 */
#ifndef KBTF_DWARF_INT_H
#define KBTF_DWARF_INT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include "kbtf_dwarf.h"
#include "kbtf_util.h"

#ifndef KBTF_DWARF_FASTPATH
#define KBTF_DWARF_FASTPATH 0
#endif

#define KD_ABBREV_CACHE 1024
#define KD_SIB_CACHE 1024	/* a power of two */

struct kbtf_dwarf {
	char *path;
	int fd;
	Elf *elf;		/* for ET_EXEC/ET_DYN; dwfl's own otherwise */
	Dwarf *dbg;
	Dwfl *dwfl;
	bool owns_fd;
	bool big_endian;
	/* ET_EXEC/ET_DYN: the file mapped once; every handle reads it
	 * through elf_memory(), so two threads do not map (and count in
	 * RSS) the debug sections twice.  Owned by the first handle. */
	void *map;
	size_t map_size;
	bool owns_map;
	/* .debug_info in the mapping, for kbtf_dwarf__release() */
	uint64_t info_off, info_size;
	Dwarf_Off *cus;
	size_t nr_cus;
	bool cus_loaded;
	struct kbtf_dwarf_opts opts;
	/* .debug_info as libdw reads it, for the fast path; lo NULL:
	 * unknown */
	const unsigned char *info_lo, *info_hi;
	bool info_known;
	/* the fast path is built, and tested with this elfutils */
	bool fast;
	/* dwz's common file (.gnu_debugaltlink), each handle its own */
	char *alt_path;
	int alt_fd;
	Elf *alt_elf;
	Dwarf *alt_dbg;
};

/*
 * The state of stepping through one CU (step.c).  Zeroed at the start of
 * each CU; the fields after @fast belong to the fast path.
 */
struct kd_step {
	Dwarf_CU *dcu;		/* the CU being read */
	bool fast;		/* the fast path is used for this CU */
	const unsigned char *info_lo, *info_hi;
	/* abbreviation of each code seen in this CU (see prime()) */
	Dwarf_Abbrev *abbrev[KD_ABBREV_CACHE];
	/* the end of the CU's DIEs and its sizes, for attrs_end() */
	const unsigned char *cu_end;
	uint8_t addr_size, offset_size;
	/* where the attributes of the DIE kd_step_attrs() was told of end */
	const void *ended;
	const unsigned char *end;
	/* where the DIEs after some with children are (see sib_put()) */
	struct {
		const void *die;
		const unsigned char *at;
	} sib[KD_SIB_CACHE];
	/* the first child of the DIE first_child() last stepped into */
	const void *kid_of;
	const unsigned char *kid_at;
	/* after the last step that found the end of a list of children:
	 * where the DIE after their parent is */
	const unsigned char *list_end;
};

/* ---- file.c ---- */

/* Where libdw has .debug_info (d->info_lo/hi), once. */
void kd_info_bounds(struct kbtf_dwarf *d);

/* ---- index.c ---- */

/* Map @off to the type index @val in @cu; 0 or -ENOMEM. */
int kd_map_insert(struct kd_cu *cu, Dwarf_Off off, uint32_t val);
/* Size the direct map for the CU of @cudie; 0 or -ENOMEM. */
int kd_dir_setup(struct kbtf_dwarf *d, Dwarf_Die *cudie, struct kd_cu *cu);

/* ---- step.c ---- */

/* Whether this build's fast path may be used with the elfutils at hand
 * (it writes Dwarf_Die fields libdw.h calls provisional). */
bool kd_fast_supported(void);
/* Start stepping through the CU of @cudie. */
void kd_step_cu(struct kd_step *st, struct kbtf_dwarf *d, Dwarf_Die *cudie);
/* As dwarf_child() and dwarf_siblingof(): 0, 1 at the end, -1 error. */
int kd_first_child(struct kd_step *st, Dwarf_Die *parent, Dwarf_Die *c);
int kd_next_sibling(struct kd_step *st, Dwarf_Die *c);
/* A loop over the children of @parent ended with @r. */
void kd_children_done(struct kd_step *st, Dwarf_Die *parent, int r);
/* dwarf_getattrs() on @die returned @r, the last attribute it passed
 * being @last; @sib is its DW_AT_sibling or NULL. */
void kd_step_attrs(struct kd_step *st, Dwarf_Die *die, ptrdiff_t r,
		   Dwarf_Attribute *last, Dwarf_Attribute *sib);
/* A DIE of this CU about to be read out of the walk's order. */
void kd_step_prime(struct kd_step *st, Dwarf_Die *die);

#if KBTF_DWARF_FASTPATH
/* step_fast.c, through step.c only */
void kd_fast_cu(struct kd_step *st, struct kbtf_dwarf *d, Dwarf_Die *cudie);
int kd_fast_first_child(struct kd_step *st, Dwarf_Die *parent, Dwarf_Die *c);
int kd_fast_next_sibling(struct kd_step *st, Dwarf_Die *c);
void kd_fast_children_done(struct kd_step *st, Dwarf_Die *parent, int r);
void kd_fast_attrs(struct kd_step *st, Dwarf_Die *die, ptrdiff_t r,
		   Dwarf_Attribute *last, Dwarf_Attribute *sib);
void kd_fast_prime(struct kd_step *st, Dwarf_Die *die);
#endif

/* ---- small helpers ---- */

/* Room for one more element in @arr (kbtf_grow()): 0 or -ENOMEM. */
#define GROW(arr, nr, cap)						\
	((nr) < (cap) ? 0 :						\
	 kbtf_grow((void **)&(arr), &(cap), (nr) + 1, sizeof(*(arr))))

#endif /* KBTF_DWARF_INT_H */
