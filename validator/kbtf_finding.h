/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One finding: the single shape in which every check of the validator
 * reports (the BTF structure check through kbtf_btf_problem__finding(),
 * the VAR/symbol check, the live probe) and in which btfvalidate prints,
 * as text and as JSON, with the same field names.  What each finding
 * means and what to do about it: docs/validator.md.
 *
 * The text form is the kernel's and bpftool's:
 *	[id] KIND 'name' details reason		about one type
 *	[id] reason				a type the kernel names by id only
 *	name: reason				about a variable, no type id
 *	reason					about the input as a whole
 */
#ifndef KBTF_FINDING_H
#define KBTF_FINDING_H

#include <stdarg.h>
#include <stddef.h>
#include <linux/types.h>

enum kbtf_finding_level {
	KBTF_FINDING_ERROR,	/* a check failed: btfvalidate exits 1 */
	KBTF_FINDING_WARN,	/* worth knowing, does not fail the run */
	KBTF_FINDING_OK,	/* a check that held, shown in the report */
};

/*
 * Every string is non-NULL ("" when there is none) and, when handed to a
 * kbtf_finding_fn, valid only during that call.
 */
struct kbtf_finding {
	enum kbtf_finding_level level;
	const char *check;	/* "structure", "symbols", "config", "probe" */
	__u32 type_id;		/* 0: not about one BTF type */
	const char *kind;	/* "VAR", "DATASEC", ...; "" */
	const char *name;	/* the type's or variable's name; "" */
	const char *details;	/* the kernel's per-kind details and the
				 * member or entry, "size=8 vlen=1 ..."; "" */
	const char *reason;	/* what is wrong (or, for OK, what held) */
};

typedef void (*kbtf_finding_fn)(void *ctx, const struct kbtf_finding *f);

/* The text form (see above); returns what snprintf() returns. */
int kbtf_finding__format(const struct kbtf_finding *f, char *buf,
			 size_t size);

/*
 * For the checks: @f, its reason made from @fmt (at most 639 bytes), to
 * @fn (nothing when @fn is NULL).  @f->reason is left pointing at nothing.
 */
void kbtf_finding__vemitf(kbtf_finding_fn fn, void *ctx,
			  struct kbtf_finding *f, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

/* "error", "warning", "ok" */
const char *kbtf_finding_level_str(enum kbtf_finding_level level);

#endif /* KBTF_FINDING_H */
