// SPDX-License-Identifier: GPL-2.0-only
/*
 * Printing a BTF problem: the bpftool-style line this project prints and
 * the exact line the kernel's verifier log ends with (used to compare
 * with BPF_BTF_LOAD).  Pure formatting, no state.
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

static const char *reason_or_note(const struct kbtf_btf_problem *p,
				  char *buf, size_t size)
{
	if (p->reason[0])
		return p->reason;
	snprintf(buf, size, "(no kernel message: %s)", p->note);
	return buf;
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

int kbtf_btf_problem__format(const struct kbtf_btf_problem *p, char *buf,
			     size_t size)
{
	char rb[160], cb[640] = "";
	const char *reason = reason_or_note(p, rb, sizeof(rb));

	if (!p->kind_str[0]) {
		if (p->type_id)
			return snprintf(buf, size, "[%u] %s", p->type_id,
					reason);
		return snprintf(buf, size, "%s", reason);
	}
	if (p->component_idx >= 0)
		snprintf(cb, sizeof(cb), " %s#%d%s%s", comp_word(p->line),
			 p->component_idx, p->component[0] ? " " : "",
			 p->component);
	return snprintf(buf, size, "[%u] %s '%s'%s%s%s %s", p->type_id,
			p->kind_str, p->name, p->details[0] ? " " : "",
			p->details, cb, reason);
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
