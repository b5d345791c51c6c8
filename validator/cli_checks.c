// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfvalidate, step 2: checking, in the order docs/validator.md gives:
 * the kernel's BTF rules on the raw bytes (structure), whether kallsyms
 * can place variables at all (config), every VAR against the symbols
 * (symbols), and the live typed-ksym probe.  The work is in the libraries;
 * this file decides what runs on which inputs and turns each outcome into
 * a finding of the report.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>

#include "cli.h"
#include "kbtf_probe.h"

/* kallsyms with fewer data symbols than this has none to speak of */
#define BV_MIN_DATA_SYMS 16

static int on_problem(const struct kbtf_btf_problem *p, void *ctx)
{
	struct kbtf_finding f;
	char buf[1024];

	kbtf_btf_problem__finding(p, &f, buf, sizeof(buf));
	bv_report_add(ctx, &f);
	return 0;
}

static int check_structure(const struct bv_inputs *in, struct bv_report *rep)
{
	struct kbtf_btf_check_opts o = {
		.sz = sizeof(o),
		.kernel_version = in->kernel_version,
		.kernel_btf = in->kernel_btf,
		.base_data = in->base.data,
		.base_size = in->base.size,
		.ptr_size = in->ptr_size,
	};
	int err;

	err = kbtf_btf__check(in->btf.data, in->btf.size, &o, on_problem, rep,
			      &rep->sum.verdict);
	if (err == -EINVAL && in->base.data)
		return bv_fail(rep, BV_FAILED, "%s: the base BTF is not valid",
			       in->base_path);
	if (err)
		return bv_fail_logged(rep, BV_FAILED, in->btf_source, err);
	rep->sum.structure_ran = true;
	return 0;
}

/* Can kallsyms place variables at all?  Says why not, once. */
static bool check_config(const struct bv_inputs *in, struct bv_report *rep)
{
	const struct kbtf_ksyms *ks = in->ksyms;

	if (in->kallsyms_all == 0)
		bv_report_error(rep, "config",
				"CONFIG_KALLSYMS_ALL is not set in %s: kallsyms has no data symbols, so typed ksyms to kernel variables cannot load on this kernel",
				in->config_path);
	if (!ks)
		return false;
	if (in->kallsyms_all != 0 && ks->nr_data < BV_MIN_DATA_SYMS)
		bv_report_error(rep, "symbols",
				"%s holds only %zu data symbols (CONFIG_KALLSYMS_ALL off?): VARs cannot be checked against it, and typed ksyms to data cannot load on that kernel",
				in->ksyms_path, ks->nr_data);
	else if (ks->all_zero)
		bv_report_error(rep, "symbols",
				"%s shows no addresses (kptr_restrict, or not root)",
				in->ksyms_path);
	return in->kallsyms_all != 0 && ks->nr_data >= BV_MIN_DATA_SYMS &&
	       !ks->all_zero;
}

/* Every VAR against kallsyms when usable, else the image's symtab. */
static int check_symbols(const struct bv_inputs *in, bool ks_usable,
			 struct bv_report *rep)
{
	bool symtab = in->image && in->image->has_symtab;
	struct bv_summary *sum = &rep->sum;
	struct btf *base = NULL, *btf;
	int err = 0;

	if (in->ksyms)
		sum->sym_source = in->ksyms_path;
	else if (symtab)
		sum->sym_source = "the ELF symbol table";
	if (sum->verdict.err || !(ks_usable || symtab))
		return 0;
	if (in->base.data) {
		base = btf__new(in->base.data, in->base.size);
		if (!base) {
			err = -errno;
			goto out;
		}
	}
	/* libbpf 1.1 declares btf__new_split() but does not export it:
	 * split BTF is read from its file again (ELF or raw, either order) */
	btf = base ? btf__parse_split(in->btf_source, base) :
		     btf__new(in->btf.data, in->btf.size);
	if (!btf) {
		err = -errno;
		bv_report_error(rep, "structure",
				"libbpf cannot parse the BTF although the kernel's rules accept it: %s",
				strerror(-err));
		err = 0;
	} else {
		struct kbtf_var_check_opts o = {
			.sz = sizeof(o),
			.elf = in->image,
			.ksyms = ks_usable ? in->ksyms : NULL,
			.start_id = base ? btf__type_cnt(base) : 0,
		};

		if (!ks_usable)
			sum->sym_source = "the ELF symbol table";
		err = kbtf_check_vars(btf, &o, &sum->vars, bv_report_add, rep);
		sum->vars_ran = !err;
		btf__free(btf);
	}
out:
	btf__free(base);
	if (err)
		return bv_fail(rep, BV_FAILED, "%s: cannot check the VARs: %s",
			       in->btf_source, strerror(-err));
	return 0;
}

static void check_probe(const struct bv_args *a, const struct bv_inputs *in,
			struct bv_report *rep)
{
	struct kbtf_probe_opts o = {
		.sz = sizeof(o),
		.vars = a->nr_probe_vars ? a->probe_vars : NULL,
		.nr_vars = a->nr_probe_vars,
		.kallsyms_path = in->ksyms_path,
		.config_path = in->config_path,
		.module = a->probe_module,
	};
	struct kbtf_probe_result res = {};
	int err;

	rep->sum.probe_ran = true;
	if (in->kallsyms_all == 0) {
		bv_report_error(rep, "probe",
				"not run: CONFIG_KALLSYMS_ALL is not set, typed ksyms to data cannot load");
		return;
	}
	err = kbtf_probe__run(&o, bv_report_add, rep, &res);
	if (err && !res.nr_failed)
		bv_report_error(rep, "probe", "could not run: %s",
				strerror(-err));
	rep->sum.probe_ok = !err && !res.nr_failed;
}

int bv_check(const struct bv_args *a, const struct bv_inputs *in,
	     struct bv_report *rep)
{
	bool ks_usable;
	int err;

	err = check_structure(in, rep);
	if (err)
		return err;
	ks_usable = check_config(in, rep);
	err = check_symbols(in, ks_usable, rep);
	if (err)
		return err;
	if (a->probe)
		check_probe(a, in, rep);
	return 0;
}
