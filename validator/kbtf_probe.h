/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The live typed-ksym probe: on the running kernel, load a BPF program
 * (built here, instruction by instruction: no clang, no object file, no
 * global-data maps) that takes the address of kernel variables through
 * BPF_PSEUDO_BTF_ID, calls bpf_per_cpu_ptr() for every possible CPU and
 * bpf_this_cpu_ptr() for per-CPU ones, reads a field through BTF, and
 * returns everything through an array map; then compare with kallsyms.
 */
#ifndef KBTF_PROBE_H
#define KBTF_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "kbtf_finding.h"

struct kbtf_probe_opts {
	size_t sz;			/* sizeof(struct kbtf_probe_opts) */
	const char *const *vars;	/* NULL: runqueues, bpf_prog_active,
					 * init_task */
	size_t nr_vars;
	const char *btf_path;		/* default /sys/kernel/btf/vmlinux */
	const char *kallsyms_path;	/* default /proc/kallsyms */
	const char *config_path;	/* default /proc/config.gz if present */
	int max_cpus;			/* 0: all possible CPUs, at most 64 */
	const char *module;		/* probe @vars of this loaded module,
					 * through its BTF object */
	size_t :0;
};

struct kbtf_probe_result {
	unsigned int nr_ok;		/* findings of level OK */
	unsigned int nr_failed;		/* findings of level ERROR */
};

/*
 * Run the probe.  Every outcome goes to @fn as a finding of check "probe"
 * (name: the variable, "" for the probe as a whole; level OK or ERROR,
 * the verifier's log line in the reason when it refused the program), and
 * is counted in @res.  Returns 0 when the probe ran (@res says whether
 * every check held), or -Exxx with errno set when it could not run to the
 * end (bad opts, no BTF, BPF_PROG_TEST_RUN failed, ...); what was reported
 * up to then is in @res.  Nothing is logged, except by kbtf_ksyms__load()
 * on an unreadable kallsyms.
 *
 * Side effects, all undone before it returns: a BPF map and program are
 * created, and the calling thread runs pinned to CPU 0 for the test run
 * when the raw-tracepoint run on CPU 0 is not available.
 */
int kbtf_probe__run(const struct kbtf_probe_opts *opts, kbtf_finding_fn fn,
		    void *ctx, struct kbtf_probe_result *res);

#endif /* KBTF_PROBE_H */
