/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * btfvalidate's three steps, shared by its files (not a library: these
 * print, and btfvalidate.c is their only user):
 *
 *	cli_input.c	loading: every input form (ELF image, raw BTF, the
 *			running kernel, base BTF, kallsyms, config) into
 *			struct bv_inputs, or one fatal error
 *	cli_checks.c	checking: structure, config, symbols, probe, in that
 *			order, each finding into the report
 *	cli_report.c	reporting: the findings and the summary as text or
 *			as one JSON document, from one representation
 *
 * A fatal error (an input that cannot be read or used) stops the run
 * before any check; it is printed as "Error: FILE: problem" on stderr, or
 * as {"error": ...} with --json, and decides the exit status: 1 when the
 * input is invalid, 2 for usage and I/O errors.
 */
#ifndef KBTF_CLI_H
#define KBTF_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <gelf.h>

#include "kbtf_elf.h"
#include "kbtf_finding.h"
#include "kbtf_log.h"
#include "kbtf_symbols.h"
#include "kbtf_validate.h"
#include "kbtf_vars.h"

#define BV_SYS_BTF		"/sys/kernel/btf/vmlinux"
#define BV_MAX_PROBE_VARS	64

/* Exit statuses (docs/man/btfvalidate.1) */
enum bv_status {
	BV_OK = 0,		/* every check holds */
	BV_FAILED = 1,		/* a check failed, or an input is invalid */
	BV_USAGE = 2,		/* usage or I/O error */
};

/* What the command line asked for. */
struct bv_args {
	const char *file;		/* FILE */
	const char *btf_path;		/* --btf */
	const char *base_path;		/* -B, --base-btf */
	const char *ksyms_path;		/* --kallsyms */
	const char *config_path;	/* --config */
	const char *probe_module;	/* --probe-module */
	const char *probe_vars[BV_MAX_PROBE_VARS];
	int nr_probe_vars;
	int kernel_version;		/* --kernel-version; 0: not given */
	bool kernel_mode;		/* --kernel-mode */
	bool probe;
	bool json;
	bool verbose;
};

struct bv_blob {
	void *data;
	size_t size;
};

/* Everything the checks read, loaded and owned by bv_load(). */
struct bv_inputs {
	const char *target;		/* FILE, --btf or "running kernel" */
	const char *btf_source;		/* where the BTF bytes come from */
	const char *base_path;
	struct bv_blob btf;		/* in the host's byte order */
	struct bv_blob base;		/* split BTF: the base; else empty */
	/* FILE when it is an ELF file: its symbols, byte order, class */
	int fd;
	Elf *elf;
	struct kbtf_elf *image;
	struct kbtf_ksyms *ksyms;	/* --kallsyms, or /proc/kallsyms */
	const char *ksyms_path;
	const char *config_path;
	int kallsyms_all;		/* CONFIG_KALLSYMS_ALL: 1, 0, -1
					 * unknown (no config) */
	int kernel_version;		/* the rules to apply */
	bool kernel_btf;		/* as the kernel parses its own BTF */
	bool live;			/* the running kernel */
	__u32 ptr_size;			/* 0: the checker's default */
};

/* What the checks found out besides their findings. */
struct bv_summary {
	bool structure_ran;
	struct kbtf_btf_verdict verdict;
	const char *sym_source;		/* kallsyms path, "the ELF symbol
					 * table" or NULL */
	bool vars_ran;
	struct kbtf_var_stats vars;
	bool probe_ran;
	bool probe_ok;
};

struct bv_report {
	struct kbtf_finding *f;		/* strings owned (one block each) */
	size_t nr, cap;
	size_t errors, warnings;
	struct bv_summary sum;
	char error[640];		/* the fatal error, "" when none */
	char logged[512];		/* the libraries' last warning, not
					 * yet part of an error or finding */
	bool json;
	bool verbose;
};

/* cli_input.c */
int bv_load(const struct bv_args *a, struct bv_inputs *in,
	    struct bv_report *rep);
void bv_inputs_free(struct bv_inputs *in);

/* cli_checks.c */
int bv_check(const struct bv_args *a, const struct bv_inputs *in,
	     struct bv_report *rep);

/* cli_report.c */
void bv_report_init(struct bv_report *rep, bool json, bool verbose);
void bv_report_free(struct bv_report *rep);
/* Install the log hook that keeps the libraries' messages in @rep. */
void bv_report_hook_log(struct bv_report *rep);
/* A copy of @f goes into the report (@rep): a kbtf_finding_fn. */
void bv_report_add(void *rep, const struct kbtf_finding *f);
/* A finding that is only a reason: "config", "symbols", "probe". */
void bv_report_error(struct bv_report *rep, const char *check,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The fatal error; returns @status for "return bv_fail(...)". */
int bv_fail(struct bv_report *rep, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * The fatal error of a library call on @path that failed with @err: the
 * message the library logged, else "PATH: strerror(-err)".
 */
int bv_fail_logged(struct bv_report *rep, int status, const char *path,
		   int err);
/* Print the report (or the fatal error) and return the exit status. */
int bv_report_print(struct bv_report *rep, const struct bv_inputs *in,
		    int status);

#endif /* KBTF_CLI_H */
