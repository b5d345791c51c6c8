// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfvalidate: the command line of the kbtf validator.  Options and
 * exit status only; the three steps are cli_input.c (load every input),
 * cli_checks.c (structure, config, symbols, probe) and cli_report.c (text
 * or JSON).  What the checks mean: docs/validator.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "cli.h"
#include "kbtf_version.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: btfvalidate [OPTIONS] [FILE]\n"
		"Check a kernel's BTF: the kernel's BTF rules, every VAR against the\n"
		"symbols, the config, and (with --probe) live typed ksyms.\n"
		"\n"
		"FILE is a vmlinux or module ELF (its .BTF is checked against its symbol\n"
		"table) or a raw BTF file (structure only, unless --kallsyms is given).\n"
		"Without FILE: the running kernel (" BV_SYS_BTF ", /proc/kallsyms,\n"
		"/proc/config.gz).\n"
		"\n"
		"      --btf FILE            the BTF to check (raw, or an ELF with .BTF)\n"
		"  -B, --base-btf FILE       the target is split BTF over this base\n"
		"      --kallsyms FILE       System.map or kallsyms file for addresses\n"
		"      --config FILE         kernel .config (plain or gzip)\n"
		"      --kernel-version X.Y  target kernel for the BTF rules\n"
		"      --kernel-mode         the kernel's own parse of vmlinux BTF\n"
		"                            (no resolve phase) instead of BPF_BTF_LOAD's\n"
		"      --probe               load a typed-ksym probe into the running kernel\n"
		"      --probe-var NAME      variable to probe (repeatable)\n"
		"      --probe-module NAME   probe variables of this loaded module\n"
		"      --json                one JSON document on stdout\n"
		"  -v, --verbose             list every warning\n"
		"      --version             print kbtf's version\n"
		"  -h, --help                this text\n"
		"\n"
		"Exit status: 0 all checks hold, 1 a check failed or the input is\n"
		"invalid, 2 usage or I/O error.\n"
		"\n"
		"btfvalidate (kbtf) " KBTF_VERSION "\n");
}

enum {
	OPT_BTF = 256,
	OPT_KALLSYMS,
	OPT_CONFIG,
	OPT_KVER,
	OPT_KMODE,
	OPT_PROBE,
	OPT_PROBE_VAR,
	OPT_PROBE_MOD,
	OPT_JSON,
	OPT_VERSION,
};

static const struct option long_opts[] = {
	{ "btf", required_argument, NULL, OPT_BTF },
	{ "base-btf", required_argument, NULL, 'B' },
	{ "kallsyms", required_argument, NULL, OPT_KALLSYMS },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "kernel-version", required_argument, NULL, OPT_KVER },
	{ "kernel-mode", no_argument, NULL, OPT_KMODE },
	{ "probe", no_argument, NULL, OPT_PROBE },
	{ "probe-var", required_argument, NULL, OPT_PROBE_VAR },
	{ "probe-module", required_argument, NULL, OPT_PROBE_MOD },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static int quiet_libbpf(enum libbpf_print_level l, const char *f, va_list a)
{
	(void)l;
	(void)f;
	(void)a;
	return 0;
}

/* The command line into @a; 0, or BV_USAGE with the reason in @rep. */
static int parse_args(int argc, char **argv, struct bv_args *a,
		      struct bv_report *rep, bool *done, bool *show_usage)
{
	int c;

	memset(a, 0, sizeof(*a));
	*done = false;
	*show_usage = true;
	/* --json decides how even a usage error is reported */
	for (c = 1; c < argc && strcmp(argv[c], "--"); c++)
		if (!strcmp(argv[c], "--json"))
			a->json = true;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":B:vh", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_BTF:
			a->btf_path = optarg;
			break;
		case 'B':
			a->base_path = optarg;
			break;
		case OPT_KALLSYMS:
			a->ksyms_path = optarg;
			break;
		case OPT_CONFIG:
			a->config_path = optarg;
			break;
		case OPT_KVER:
			a->kernel_version = kbtf_kernel_version_parse(optarg);
			*show_usage = false;
			if (a->kernel_version <= 0)
				return bv_fail(rep, BV_USAGE,
					       "bad kernel version '%s' (want X.Y[.Z])",
					       optarg);
			break;
		case OPT_KMODE:
			a->kernel_mode = true;
			break;
		case OPT_PROBE:
			a->probe = true;
			break;
		case OPT_PROBE_VAR:
			*show_usage = false;
			if (a->nr_probe_vars == BV_MAX_PROBE_VARS)
				return bv_fail(rep, BV_USAGE,
					       "too many --probe-var (at most %d)",
					       BV_MAX_PROBE_VARS);
			*show_usage = true;
			a->probe_vars[a->nr_probe_vars++] = optarg;
			a->probe = true;
			break;
		case OPT_PROBE_MOD:
			a->probe_module = optarg;
			a->probe = true;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case 'v':
			a->verbose = true;
			break;
		case OPT_VERSION:
			printf("btfvalidate (kbtf) %s\n", KBTF_VERSION);
			*done = true;
			return 0;
		case 'h':
			usage(stdout);
			*done = true;
			return 0;
		case ':':
			return bv_fail(rep, BV_USAGE,
				       "option '%s' needs an argument",
				       argv[optind - 1]);
		default:
			if (optopt > 0 && optopt < 256)
				return bv_fail(rep, BV_USAGE,
					       "unknown option '-%c'", optopt);
			return bv_fail(rep, BV_USAGE, "unknown option '%s'",
				       argv[optind - 1]);
		}
	}
	if (optind < argc - 1)
		return bv_fail(rep, BV_USAGE, "expected at most one FILE");
	if (optind == argc - 1)
		a->file = argv[optind];
	*show_usage = false;
	if (a->probe && (a->file || a->btf_path))
		return bv_fail(rep, BV_USAGE,
			       "--probe checks the running kernel; give no FILE or --btf");
	return 0;
}

int main(int argc, char **argv)
{
	struct bv_inputs in = { .fd = -1 };
	struct bv_report rep;
	struct bv_args a;
	bool done, show_usage;
	int status;

	bv_report_init(&rep, false, false);
	status = parse_args(argc, argv, &a, &rep, &done, &show_usage);
	if (done)
		return BV_OK;
	rep.json = a.json;
	rep.verbose = a.verbose;
	if (status) {
		status = bv_report_print(&rep, &in, status);
		if (!a.json && show_usage)
			usage(stderr);
		return status;
	}
	libbpf_set_print(quiet_libbpf);
	bv_report_hook_log(&rep);
	status = bv_load(&a, &in, &rep);
	if (!status)
		status = bv_check(&a, &in, &rep);
	status = bv_report_print(&rep, &in, status);
	bv_inputs_free(&in);
	bv_report_free(&rep);
	return status;
}
