// SPDX-License-Identifier: GPL-2.0-only
/*
 * The text form of a finding (kbtf_finding.h), shared by every check and
 * by btfvalidate's plain and JSON output.  Pure formatting, no state.
 */
#include <stdio.h>

#include "kbtf_finding.h"

const char *kbtf_finding_level_str(enum kbtf_finding_level level)
{
	switch (level) {
	case KBTF_FINDING_ERROR:
		return "error";
	case KBTF_FINDING_WARN:
		return "warning";
	case KBTF_FINDING_OK:
		return "ok";
	}
	return "?";
}

int kbtf_finding__format(const struct kbtf_finding *f, char *buf,
			 size_t size)
{
	if (f->type_id && f->kind[0])
		return snprintf(buf, size, "[%u] %s '%s'%s%s %s", f->type_id,
				f->kind, f->name, f->details[0] ? " " : "",
				f->details, f->reason);
	if (f->type_id)
		return snprintf(buf, size, "[%u] %s", f->type_id, f->reason);
	if (f->name[0])
		return snprintf(buf, size, "%s: %s", f->name, f->reason);
	return snprintf(buf, size, "%s", f->reason);
}

void kbtf_finding__vemitf(kbtf_finding_fn fn, void *ctx,
			  struct kbtf_finding *f, const char *fmt, va_list ap)
{
	char reason[640];

	if (!fn)
		return;
	vsnprintf(reason, sizeof(reason), fmt, ap);
	f->reason = reason;
	fn(ctx, f);
	f->reason = NULL;
}
