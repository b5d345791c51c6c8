// SPDX-License-Identifier: GPL-2.0-only
/*
 * Printing a BTF problem: as a finding (kbtf_finding.h), whose text is the
 * bpftool-style line this project prints, and as the exact line the
 * kernel's verifier log ends with (used to compare with BPF_BTF_LOAD).
 * Pure formatting, no state.
 */
#include <stdio.h>

#include "kbtf_validate.h"

const char *kbtf_btf_phase_str(enum kbtf_btf_phase phase)
{
	switch (phase) {
	case KBTF_PHASE_HEADER:
		return "header";
	case KBTF_PHASE_STRINGS:
		return "strings";
	case KBTF_PHASE_TYPE_SEC:
		return "types";
	case KBTF_PHASE_META:
		return "meta";
	case KBTF_PHASE_RESOLVE:
		return "resolve";
	case KBTF_PHASE_FUNC_PROTO:
		return "func_proto";
	case KBTF_PHASE_TYPE_TAGS:
		return "type_tags";
	}
	return "?";
}

static const char *comp_word(enum kbtf_btf_line line)
{
	switch (line) {
	case KBTF_LINE_MEMBER:
		return "member";
	case KBTF_LINE_VSI:
		return "entry";
	case KBTF_LINE_ENUM:
		return "enumerator";
	default:
		return "param";
	}
}

void kbtf_btf_problem__finding(const struct kbtf_btf_problem *p,
			       struct kbtf_finding *f, char *buf,
			       size_t size)
{
	const char *reason = p->reason;
	char *details = buf, *rb;
	size_t half = size / 2;
	int n = 0;

	/* the details (with the member or entry) in the first half of @buf,
	 * the reason, when it has to be made, in the second */
	rb = buf + half;
	if (p->kind_str[0]) {
		n = snprintf(details, half, "%s", p->details);
		if (p->component_idx >= 0 && n >= 0 && (size_t)n < half)
			snprintf(details + n, half - n, "%s%s#%d%s%s",
				 n ? " " : "", comp_word(p->line),
				 p->component_idx, p->component[0] ? " " : "",
				 p->component);
	} else {
		details[0] = '\0';
	}
	if (!reason[0]) {
		snprintf(rb, size - half, "(no kernel message: %s)", p->note);
		reason = rb;
	}
	*f = (struct kbtf_finding){
		.level = p->fatal ? KBTF_FINDING_ERROR : KBTF_FINDING_WARN,
		.check = "structure",
		.type_id = p->type_id,
		.kind = p->kind_str,
		.name = p->kind_str[0] ? p->name : "",
		.details = details,
		.reason = reason,
	};
}

int kbtf_btf_problem__format(const struct kbtf_btf_problem *p, char *buf,
			     size_t size)
{
	struct kbtf_finding f;
	char tmp[1600];

	kbtf_btf_problem__finding(p, &f, tmp, sizeof(tmp));
	return kbtf_finding__format(&f, buf, size);
}

int kbtf_btf_problem__kernel_line(const struct kbtf_btf_problem *p,
				  char *buf, size_t size)
{
	switch (p->line) {
	case KBTF_LINE_PLAIN:
		return snprintf(buf, size, "%s", p->reason);
	case KBTF_LINE_ID:
		return snprintf(buf, size, "[%u] %s", p->type_id, p->reason);
	case KBTF_LINE_BASIC:
		return snprintf(buf, size, "[%u] %s %s %s", p->type_id,
				p->kind_str, p->name, p->reason);
	case KBTF_LINE_TYPE:
		if (!p->reason[0])
			return snprintf(buf, size, "[%u] %s %s %s", p->type_id,
					p->kind_str, p->name, p->details);
		return snprintf(buf, size, "[%u] %s %s %s %s", p->type_id,
				p->kind_str, p->name, p->details, p->reason);
	case KBTF_LINE_MEMBER:
		return snprintf(buf, size, "\t%s %s", p->component, p->reason);
	case KBTF_LINE_VSI:
		return snprintf(buf, size, "\t %s %s", p->component,
				p->reason);
	case KBTF_LINE_ENUM:
		return snprintf(buf, size, "\t%s", p->reason);
	}
	return snprintf(buf, size, "%s", p->reason);
}
