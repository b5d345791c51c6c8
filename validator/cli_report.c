// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfvalidate, step 3: reporting.  The findings (struct kbtf_finding,
 * copied) and the summary are printed as text or as one JSON document,
 * both from the same records, with the same names: a text line is
 * "<level>: <check>: <text>", and a JSON finding has "level", "check" and
 * "text" (and the parts of the text: "type_id", "kind", "name", "details",
 * "reason").  JSON goes through the writer (common/kbtf_json.h), so it is
 * valid UTF-8 whatever bytes the BTF's names hold; the text keeps the
 * bytes as the kernel would print them.
 *
 * The libraries log through a hook (docs/errors.md); btfvalidate keeps
 * what they log at warn level for the error that follows, or shows it as
 * a warning of check "log".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kbtf_json.h"

/* warnings the text shows without -v */
#define BV_SHOWN_WARNINGS 20

void bv_report_init(struct bv_report *rep, bool json, bool verbose)
{
	memset(rep, 0, sizeof(*rep));
	rep->json = json;
	rep->verbose = verbose;
}

void bv_report_free(struct bv_report *rep)
{
	size_t i;

	for (i = 0; i < rep->nr; i++)
		free((void *)rep->f[i].check);
	free(rep->f);
	rep->f = NULL;
	rep->nr = rep->cap = 0;
}

/* @s copied at *@p, which moves past it */
static const char *put(char **p, const char *s)
{
	char *r = *p;
	size_t n = strlen(s) + 1;

	memcpy(r, s, n);
	*p += n;
	return r;
}

void bv_report_add(void *ctx, const struct kbtf_finding *f)
{
	struct bv_report *rep = ctx;
	struct kbtf_finding *c;
	char *block, *p;

	if (f->level == KBTF_FINDING_ERROR)
		rep->errors++;
	else if (f->level == KBTF_FINDING_WARN)
		rep->warnings++;
	if (kbtf_grow((void **)&rep->f, &rep->cap, rep->nr + 1,
		      sizeof(*rep->f)))
		goto nomem;
	/* one block for the strings; .check is its start */
	block = malloc(strlen(f->check) + strlen(f->kind) + strlen(f->name) +
		       strlen(f->details) + strlen(f->reason) + 5);
	if (!block)
		goto nomem;
	p = block;
	c = &rep->f[rep->nr++];
	c->level = f->level;
	c->type_id = f->type_id;
	c->check = put(&p, f->check);
	c->kind = put(&p, f->kind);
	c->name = put(&p, f->name);
	c->details = put(&p, f->details);
	c->reason = put(&p, f->reason);
	return;
nomem:
	/* counted, so the verdict stands; the run ends in this error */
	if (!rep->error[0])
		snprintf(rep->error, sizeof(rep->error),
			 "out of memory for the report");
}

void bv_report_error(struct bv_report *rep, const char *check,
		     const char *fmt, ...)
{
	struct kbtf_finding f = {
		.level = KBTF_FINDING_ERROR, .check = check, .kind = "",
		.name = "", .details = "",
	};
	va_list ap;

	va_start(ap, fmt);
	kbtf_finding__vemitf(bv_report_add, rep, &f, fmt, ap);
	va_end(ap);
}

int bv_fail(struct bv_report *rep, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rep->error, sizeof(rep->error), fmt, ap);
	va_end(ap);
	return status;
}

int bv_fail_logged(struct bv_report *rep, int status, const char *path,
		   int err)
{
	if (rep->logged[0]) {
		snprintf(rep->error, sizeof(rep->error), "%s", rep->logged);
		rep->logged[0] = '\0';
		return status;
	}
	return bv_fail(rep, status, "%s: %s", path, strerror(-err));
}

/* A library's message not taken by an error: a warning of its own. */
static void flush_logged(struct bv_report *rep)
{
	struct kbtf_finding f = {
		.level = KBTF_FINDING_WARN, .check = "log", .kind = "",
		.name = "", .details = "", .reason = rep->logged,
	};

	if (!rep->logged[0])
		return;
	bv_report_add(rep, &f);
	rep->logged[0] = '\0';
}

/* kbtf_set_print() has no context: the one report of this process */
static struct bv_report *hooked;

static int log_hook(enum kbtf_print_level level, const char *fmt,
		    va_list ap)
{
	size_t n;

	if (level == KBTF_DEBUG)
		return 0;
	if (level == KBTF_INFO)
		return vfprintf(stderr, fmt, ap);
	flush_logged(hooked);
	vsnprintf(hooked->logged, sizeof(hooked->logged), fmt, ap);
	n = strlen(hooked->logged);
	if (n && hooked->logged[n - 1] == '\n')
		hooked->logged[n - 1] = '\0';
	return 0;
}

void bv_report_hook_log(struct bv_report *rep)
{
	hooked = rep;
	kbtf_set_print(log_hook);
}

/* ---- text ---------------------------------------------------------- */

static void print_text(const struct bv_report *rep,
		       const struct bv_inputs *in)
{
	const struct bv_summary *s = &rep->sum;
	size_t i, shown_warn = 0;
	char text[1600];

	for (i = 0; i < rep->nr; i++) {
		const struct kbtf_finding *f = &rep->f[i];

		if (f->level == KBTF_FINDING_WARN && !rep->verbose &&
		    shown_warn++ >= BV_SHOWN_WARNINGS)
			continue;
		kbtf_finding__format(f, text, sizeof(text));
		printf("%s: %s: %s\n", kbtf_finding_level_str(f->level),
		       f->check, text);
	}
	if (!rep->verbose && shown_warn > BV_SHOWN_WARNINGS)
		printf("(%zu more warnings; -v lists them all)\n",
		       shown_warn - BV_SHOWN_WARNINGS);
	printf("btfvalidate: %s: %zu error%s, %zu warning%s; ",
	       rep->errors ? "FAIL" : "PASS", rep->errors,
	       rep->errors == 1 ? "" : "s", rep->warnings,
	       rep->warnings == 1 ? "" : "s");
	if (s->structure_ran)
		printf("structure %s (%u types, kernel %d.%d)",
		       s->verdict.err ? "rejected" : "ok", s->verdict.nr_types,
		       in->kernel_version >> 16,
		       (in->kernel_version >> 8) & 0xff);
	if (s->vars_ran)
		printf("; %zu VARs (%zu per-CPU) checked against %s, %zu ambiguous names, %zu in .init, %zu of %zu data symbols without VAR",
		       s->vars.nr_checked, s->vars.nr_percpu, s->sym_source,
		       s->vars.nr_ambiguous, s->vars.nr_init,
		       s->vars.nr_data_no_var, s->vars.nr_data_syms);
	if (s->probe_ran)
		printf("; probe %s", s->probe_ok ? "passed" : "failed");
	printf("\n");
}

/* ---- JSON ---------------------------------------------------------- */

static void json_finding(struct kbtf_json *w, const struct kbtf_finding *f)
{
	char text[1600];

	kbtf_finding__format(f, text, sizeof(text));
	kbtf_json__start_object(w);
	kbtf_json__string_field(w, "check", f->check);
	kbtf_json__string_field(w, "level", kbtf_finding_level_str(f->level));
	kbtf_json__uint_field(w, "type_id", f->type_id);
	kbtf_json__string_field(w, "kind", f->kind);
	kbtf_json__string_field(w, "name", f->name);
	kbtf_json__string_field(w, "details", f->details);
	kbtf_json__string_field(w, "reason", f->reason);
	kbtf_json__string_field(w, "text", text);
	kbtf_json__end_object(w);
}

static void json_report(struct kbtf_json *w, const struct bv_report *rep,
			const struct bv_inputs *in)
{
	const struct bv_summary *s = &rep->sum;
	const struct kbtf_var_stats *v = &s->vars;
	int kv = in->kernel_version;
	char ver[32];
	size_t i;

	kbtf_json__start_object(w);
	kbtf_json__string_field(w, "target", in->target);
	kbtf_json__string_field(w, "btf", in->btf_source);
	kbtf_json__string_field(w, "symbols",
				s->sym_source ? s->sym_source : "");
	snprintf(ver, sizeof(ver), "%d.%d.%d", kv >> 16, (kv >> 8) & 0xff,
		 kv & 0xff);
	kbtf_json__string_field(w, "kernel_version", ver);

	kbtf_json__name(w, "structure");
	kbtf_json__start_object(w);
	kbtf_json__bool_field(w, "ran", s->structure_ran);
	kbtf_json__bool_field(w, "accepted",
			      s->structure_ran && !s->verdict.err);
	kbtf_json__uint_field(w, "types", s->verdict.nr_types);
	kbtf_json__int_field(w, "error", s->verdict.err);
	kbtf_json__string_field(w, "reason", s->verdict.reason);
	kbtf_json__string_field(w, "line", s->verdict.line);
	kbtf_json__end_object(w);

	kbtf_json__name(w, "vars");
	kbtf_json__start_object(w);
	kbtf_json__bool_field(w, "ran", s->vars_ran);
	kbtf_json__uint_field(w, "vars", v->nr_vars);
	kbtf_json__uint_field(w, "percpu", v->nr_percpu);
	kbtf_json__uint_field(w, "checked", v->nr_checked);
	kbtf_json__uint_field(w, "errors", v->nr_errors);
	kbtf_json__uint_field(w, "ambiguous_names", v->nr_ambiguous);
	kbtf_json__uint_field(w, "init_vars", v->nr_init);
	kbtf_json__uint_field(w, "data_symbols", v->nr_data_syms);
	kbtf_json__uint_field(w, "data_symbols_without_var",
			      v->nr_data_no_var);
	kbtf_json__bool_field(w, "sizes_checked", v->sizes_checked);
	kbtf_json__end_object(w);

	if (in->kallsyms_all < 0)
		kbtf_json__null_field(w, "kallsyms_all");
	else
		kbtf_json__bool_field(w, "kallsyms_all", in->kallsyms_all);

	kbtf_json__name(w, "probe");
	kbtf_json__start_object(w);
	kbtf_json__bool_field(w, "ran", s->probe_ran);
	kbtf_json__bool_field(w, "ok", s->probe_ran && s->probe_ok);
	kbtf_json__end_object(w);

	kbtf_json__name(w, "findings");
	kbtf_json__start_array(w);
	for (i = 0; i < rep->nr; i++)
		json_finding(w, &rep->f[i]);
	kbtf_json__end_array(w);
	kbtf_json__uint_field(w, "errors", rep->errors);
	kbtf_json__uint_field(w, "warnings", rep->warnings);
	kbtf_json__bool_field(w, "ok", !rep->errors);
	kbtf_json__end_object(w);
}

/* bpftool's way: with --json, an error is the document */
static void json_error(struct kbtf_json *w, const char *msg)
{
	kbtf_json__start_object(w);
	kbtf_json__string_field(w, "error", msg);
	kbtf_json__end_object(w);
}

static int print_json(const struct bv_report *rep,
		      const struct bv_inputs *in)
{
	struct kbtf_json *w = kbtf_json__new(stdout);
	int err;

	if (!w)
		return -errno;
	if (rep->error[0])
		json_error(w, rep->error);
	else
		json_report(w, rep, in);
	err = kbtf_json__err(w);
	kbtf_json__free(w);
	return err;
}

int bv_report_print(struct bv_report *rep, const struct bv_inputs *in,
		    int status)
{
	int err;

	if (rep->error[0] && !status)
		status = BV_FAILED;	/* the report itself failed */
	if (!rep->error[0])
		flush_logged(rep);
	if (rep->json) {
		err = print_json(rep, in);
		if (err) {
			fprintf(stderr, "Error: cannot write the JSON report: %s\n",
				strerror(-err));
			return BV_FAILED;
		}
	} else if (rep->error[0]) {
		fprintf(stderr, "Error: %s\n", rep->error);
	} else {
		print_text(rep, in);
	}
	if (!status && rep->errors)
		status = BV_FAILED;
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "Error: cannot write the report: %s\n",
			strerror(errno));
		return BV_USAGE;
	}
	return status;
}
