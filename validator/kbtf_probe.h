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

struct kbtf_probe_opts {
	size_t sz;
	const char *const *vars;	/* NULL: runqueues, bpf_prog_active,
					 * init_task */
	size_t nr_vars;
	const char *btf_path;		/* default /sys/kernel/btf/vmlinux */
	const char *kallsyms_path;	/* default /proc/kallsyms */
	const char *config_path;	/* default /proc/config.gz if present */
	int max_cpus;			/* 0: all possible CPUs, at most 64 */
	const char *module;		/* probe @vars of this loaded module,
					 * through its BTF object */
};

/* One line of the report: @var may be NULL for the probe as a whole. */
typedef void (*kbtf_probe_report_fn)(void *ctx, const char *var, bool ok,
				     const char *msg);

/*
 * Run the probe.  Returns 0 when every check held, 1 when one failed
 * (each failure was reported with its reason, the verifier's log line
 * included), or -Exxx when the probe could not run at all (also
 * reported).
 */
int kbtf_probe__run(const struct kbtf_probe_opts *opts,
		    kbtf_probe_report_fn report, void *ctx);

#endif /* KBTF_PROBE_H */
