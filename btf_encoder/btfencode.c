// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfencode: the command line of the kbtf encoder.  Option parsing and
 * printing only; the work is in kbtf_encoder.  The options the Linux build
 * passes to pahole are accepted with the same spelling (see btfencode(1)).
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>

#include "kbtf_elf.h"
#include "kbtf_encoder.h"
#include "kbtf_log.h"
#include "kbtf_postlink.h"
#include "kbtf_version.h"

/*
 * The pahole version we stand in for, printed by --version exactly as
 * "vMAJOR.MINOR" because the kernel's Kconfig parses it: the highest one
 * whose options every kernel line passes and btfencode fully honours
 * (the table per kernel line is in btfencode(1)).  1.30 would make 6.16+
 * ask for "attributes", which is not implemented.  kbtf's own version
 * (KBTF_VERSION) is --kbtf_version's.
 */
#define PAHOLE_COMPAT_VERSION "v1.29"

enum {
	OPT_DETACHED = 256,
	OPT_BASE,
	OPT_FLOATS,
	OPT_GEN_ALL,
	OPT_LANG_EXCLUDE,
	OPT_SKIP_VARS,
	OPT_SKIP_GLOBAL_VARS,
	OPT_SKIP_ENUM64,
	OPT_SKIP_DECL_TAG,
	OPT_SKIP_TYPE_TAG,
	OPT_FEATURES,
	OPT_FEATURES_STRICT,
	OPT_SUPPORTED,
	OPT_CONSISTENT,
	OPT_REPLACE_LOADED,
	OPT_OPTIMIZED,
	OPT_IGNORED,
	OPT_STATS,
	OPT_VERSION,
	OPT_KBTF_VERSION,
	OPT_FIX_DATASECS,
	OPT_KVER,
};

static const struct option long_opts[] = {
	{ "btf_encode", no_argument, NULL, 'J' },
	{ "btf_encode_detached", required_argument, NULL, OPT_DETACHED },
	{ "btf_base", required_argument, NULL, OPT_BASE },
	{ "btf_replace_loaded", no_argument, NULL, OPT_REPLACE_LOADED },
	{ "jobs", optional_argument, NULL, 'j' },
	{ "btf_gen_floats", no_argument, NULL, OPT_FLOATS },
	{ "btf_gen_all", no_argument, NULL, OPT_GEN_ALL },
	{ "lang_exclude", required_argument, NULL, OPT_LANG_EXCLUDE },
	{ "skip_encoding_btf_vars", no_argument, NULL, OPT_SKIP_VARS },
	{ "skip_encoding_btf_global_vars", no_argument, NULL,
	  OPT_SKIP_GLOBAL_VARS },
	{ "skip_encoding_btf_enum64", no_argument, NULL, OPT_SKIP_ENUM64 },
	{ "skip_encoding_btf_decl_tag", no_argument, NULL, OPT_SKIP_DECL_TAG },
	{ "skip_encoding_btf_type_tag", no_argument, NULL, OPT_SKIP_TYPE_TAG },
	{ "btf_features", required_argument, NULL, OPT_FEATURES },
	{ "btf_features_strict", required_argument, NULL, OPT_FEATURES_STRICT },
	{ "supported_btf_features", no_argument, NULL, OPT_SUPPORTED },
	{ "skip_encoding_btf_inconsistent_proto", no_argument, NULL,
	  OPT_CONSISTENT },
	{ "btf_gen_optimized", no_argument, NULL, OPT_OPTIMIZED },
	/* accepted for the kernel build, no effect (see the man page) */
	{ "btf_encode_force", no_argument, NULL, OPT_IGNORED },
	{ "reproducible_build", no_argument, NULL, OPT_IGNORED },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "fix_datasecs", no_argument, NULL, OPT_FIX_DATASECS },
	{ "kernel-version", required_argument, NULL, OPT_KVER },
	{ "verbose", no_argument, NULL, 'V' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "kbtf_version", no_argument, NULL, OPT_KBTF_VERSION },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static int verbose;

static int print_fn(enum kbtf_print_level level, const char *fmt, va_list ap)
{
	if (level == KBTF_DEBUG && !verbose)
		return 0;
	fputs("btfencode: ", stderr);
	return vfprintf(stderr, fmt, ap);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: btfencode [OPTIONS] FILE\n"
		"Encode the DWARF of FILE (a vmlinux or a module) as BTF, with VAR and\n"
		"DATASEC entries for every per-CPU and global variable.\n"
		"\n"
		"  -J, --btf_encode                add or replace the .BTF section of FILE\n"
		"      --btf_encode_detached=OUT   write raw BTF to OUT instead\n"
		"      --btf_replace_loaded        with -J, replace a non-empty .BTF of the loaded image\n"
		"      --btf_base=BASE             encode split BTF over BASE (ELF or raw BTF)\n"
		"  -j, --jobs[=N]                  N worker threads (default 1; -j alone: all CPUs)\n"
		"      --btf_gen_floats            encode floating point types as FLOAT\n"
		"      --btf_gen_all               all optional kinds (FLOAT included)\n"
		"      --lang_exclude=LANGS        skip CUs of these languages (e.g. rust)\n"
		"      --skip_encoding_btf_vars    no VAR/DATASEC at all\n"
		"      --skip_encoding_btf_global_vars\n"
		"                                  per-CPU variables only (pahole's default)\n"
		"      --skip_encoding_btf_enum64  encode 64-bit enums as 8-byte ENUM\n"
		"      --skip_encoding_btf_decl_tag, --skip_encoding_btf_type_tag\n"
		"      --skip_encoding_btf_inconsistent_proto\n"
		"                                  no FUNC for a name whose prototypes differ,\n"
		"                                  whose arguments moved, or with several addresses\n"
		"      --btf_gen_optimized         a FUNC for a function only a clone carries\n"
		"      --btf_features=LIST         pahole feature names (see btfencode(1))\n"
		"      --btf_features_strict=LIST  same, unknown names are an error\n"
		"      --supported_btf_features    print the feature names we accept\n"
		"      --stats                     print what was encoded to stderr\n"
		"      --fix_datasecs              encode nothing: fit the DATASECs of the .BTF\n"
		"                                  of FILE, a linked image, to its symbols\n"
		"      --kernel-version=X.Y[.Z]    the kernel whose rules the BTF must pass\n"
		"                                  (default: the version FILE names, else 6.1)\n"
		"  -V, --verbose                   debug messages\n"
		"      --version                   print the pahole version we stand in for\n"
		"      --kbtf_version              print kbtf's own version\n"
		"  -h, --help                      this text\n"
		"\n"
		"Accepted for the kernel build, no effect: --btf_encode_force, --reproducible_build.\n"
		"Other unknown options starting with --btf or --skip_encoding_btf are ignored.\n"
		"\n"
		"Exit status: 0 success, 1 bad input or encoding failure, 2 usage error.\n"
		"\n"
		"btfencode (kbtf) " KBTF_VERSION "; --version prints " PAHOLE_COMPAT_VERSION
		" for the kernel's Kconfig.\n");
}

/*
 * What each --btf_features name does here (see btfencode(1)); the parsing
 * is kbtf_btf_features__parse().
 */
static const char *const feature_effect[KBTF_FEAT_NR] = {
	[KBTF_FEAT_ENCODE_FORCE] = "always: a name BTF cannot carry is skipped, never fatal",
	[KBTF_FEAT_VAR] = "always: VARs are not a feature list's to turn off",
	[KBTF_FEAT_GLOBAL_VAR] = "always: VARs for every global variable",
	[KBTF_FEAT_REPRODUCIBLE_BUILD] = "always: the output is the same for any -j",
	[KBTF_FEAT_ATTRIBUTES] = "not implemented: no address_space(1) on arena kfuncs",
	[KBTF_FEAT_TRUE_SIGNATURE] = "not implemented",
	[KBTF_FEAT_LAYOUT] = "not implemented: no kind layout section",
};

/* One feature option; 0, or nonzero after printing a usage error. */
static int feature_opt(struct kbtf_btf_features *f, const char *list,
		       bool strict, struct kbtf_encoder_opts *o)
{
	unsigned int before = f->on, skipped = f->nr_unknown;
	int err, i;

	err = kbtf_btf_features__parse(f, list, strict, o);
	if (err == -ENOENT) {
		fprintf(stderr, "Error: unknown BTF feature '%s' in --btf_features_strict; known:",
			f->unknown);
		for (i = 0; i < KBTF_FEAT_NR; i++)
			fprintf(stderr, "%s%s", i ? "," : " ",
				kbtf_btf_feature_name(i));
		fprintf(stderr, "\n");
		return 1;
	}
	if (err) {
		fprintf(stderr, "Error: --btf_features: %s\n", strerror(-err));
		return 1;
	}
	if (f->nr_unknown > skipped)
		pr_debug("--btf_features=%s: %u unknown name(s) ignored, first '%s'\n",
			 list, f->nr_unknown - skipped, f->unknown);
	for (i = 0; i < KBTF_FEAT_NR; i++) {
		if (!(f->on & ~before & (1u << i)) || !feature_effect[i])
			continue;
		if (!strncmp(feature_effect[i], "not implemented", 15))
			pr_warn("BTF feature '%s' %s; ignored\n",
				kbtf_btf_feature_name(i), feature_effect[i]);
		else
			pr_debug("BTF feature '%s': %s\n",
				 kbtf_btf_feature_name(i), feature_effect[i]);
	}
	return 0;
}

/*
 * distilled_base (split BTF into a module, -J): libbpf's
 * btf__distill_base() gives the module's split BTF over a minimal base,
 * written as .BTF.base beside it.  Returns 0 with *@dbase and *@dsplit set,
 * 1 after an error (printed), or 2 when this libbpf cannot distill: the
 * caller then writes the plain split BTF, after the warning printed here
 * (never in silence, never failing a module build for it).
 */
static int distill(const char *path, struct btf *btf, bool have_base,
		   struct btf **dbase, struct btf **dsplit)
{
	int err;

	if (!have_base) {
		fprintf(stderr, "Error: %s: distilled_base needs split BTF: give --btf_base\n",
			path);
		return 1;
	}
	err = kbtf_btf_distill_base(btf, dbase, dsplit);
	if (err == -EOPNOTSUPP) {
		fprintf(stderr,
			"btfencode: warning: %s: distilled_base: libbpf %s has no btf__distill_base() (libbpf 1.5 or later): no .BTF.base written; the module's BTF is split BTF over this vmlinux's only, as before Linux 6.11\n",
			path, libbpf_version_string());
		return 2;
	}
	if (err) {
		fprintf(stderr, "Error: %s: distilled_base: cannot distill the base BTF: %s\n",
			path, strerror(-err));
		return 1;
	}
	return 0;
}

/*
 * Unknown long options that look like pahole BTF options ("--btf_*",
 * "--skip_encoding_btf_*") are dropped with a debug message, so that a
 * kernel passing a newer pahole flag does not break its build; any other
 * unknown option is a usage error.
 */
static int drop_unknown_btf_opts(int argc, char **argv)
{
	int i, j, k;

	for (i = j = 1; i < argc; i++) {
		const char *a = argv[i];
		size_t len;
		bool known = false;

		if (!strcmp(a, "--")) {
			for (; i < argc; i++)
				argv[j++] = argv[i];
			break;
		}
		if (strncmp(a, "--btf", 5) && strncmp(a, "--skip_encoding_btf", 19)) {
			argv[j++] = argv[i];
			continue;
		}
		len = strcspn(a + 2, "=");
		for (k = 0; long_opts[k].name; k++)
			if (strlen(long_opts[k].name) == len &&
			    !strncmp(long_opts[k].name, a + 2, len))
				known = true;
		if (known) {
			argv[j++] = argv[i];
			continue;
		}
		pr_debug("ignoring unknown option %s\n", a);
	}
	argv[j] = NULL;
	return j;
}

int main(int argc, char **argv)
{
	struct kbtf_encoder_opts opts = { .sz = sizeof(opts) };
	struct kbtf_write_opts wopts = { .sz = sizeof(wopts) };
	struct kbtf_btf_features feat = { .sz = sizeof(feat) };
	const char *detached = NULL, *base_path = NULL;
	bool embed = false, stats = false, fix = false, want_distill;
	struct btf *out_btf, *dist_base = NULL, *dist_split = NULL;
	struct kbtf_encoder *enc = NULL;
	struct btf *base = NULL;
	const char *path;
	int c, err, ret = 1;
	long n;

	kbtf_set_print(print_fn);
	libbpf_set_print(kbtf_libbpf_print);
	for (c = 1; c < argc; c++)
		if (!strcmp(argv[c], "-V") || !strcmp(argv[c], "--verbose"))
			verbose = 1;
	argc = drop_unknown_btf_opts(argc, argv);
	while ((c = getopt_long(argc, argv, "Jj::Vh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'J':
			embed = true;
			break;
		case 'j':
			if (optarg) {
				char *end;

				n = strtol(optarg, &end, 10);
				if (*end || n < 1 || n > 1024) {
					fprintf(stderr, "Error: bad -j value '%s'\n",
						optarg);
					return 2;
				}
				opts.nr_threads = n;
			} else {
				n = sysconf(_SC_NPROCESSORS_ONLN);
				opts.nr_threads = n > 0 ? n : 1;
			}
			break;
		case OPT_DETACHED:
			detached = optarg;
			break;
		case OPT_BASE:
			base_path = optarg;
			break;
		case OPT_FLOATS:
		case OPT_GEN_ALL:
			opts.gen_floats = true;
			break;
		case OPT_LANG_EXCLUDE:
			opts.lang_exclude = optarg;
			break;
		case OPT_SKIP_VARS:
			opts.skip_vars = true;
			break;
		case OPT_SKIP_GLOBAL_VARS:
			opts.skip_global_vars = true;
			break;
		case OPT_SKIP_ENUM64:
			opts.skip_enum64 = true;
			break;
		case OPT_SKIP_DECL_TAG:
			opts.skip_decl_tags = true;
			break;
		case OPT_SKIP_TYPE_TAG:
			opts.skip_type_tags = true;
			break;
		case OPT_FEATURES_STRICT:
		case OPT_FEATURES:
			/* in command-line order: a flag before the first
			 * feature option is reset by it, as in pahole */
			if (feature_opt(&feat, optarg, c == OPT_FEATURES_STRICT,
					&opts))
				return 2;
			break;
		case OPT_SUPPORTED:
			for (n = 0; n < KBTF_FEAT_NR; n++)
				printf("%s%s", n ? "," : "",
				       kbtf_btf_feature_name(n));
			printf("\n");
			return 0;
		case OPT_REPLACE_LOADED:
			wopts.replace_loaded = true;
			break;
		case OPT_CONSISTENT:
			opts.consistent_func = true;
			break;
		case OPT_OPTIMIZED:
			opts.optimized_func = true;
			break;
		case OPT_IGNORED:
			pr_debug("option %s accepted, no effect\n",
				 argv[optind - 1]);
			break;
		case OPT_STATS:
			stats = true;
			break;
		case OPT_FIX_DATASECS:
			fix = true;
			break;
		case OPT_KVER:
			opts.kernel_version = kbtf_kernel_version_parse(optarg);
			if (opts.kernel_version <= 0) {
				fprintf(stderr, "Error: bad kernel version '%s' (want X.Y[.Z])\n",
					optarg);
				return 2;
			}
			break;
		case 'V':
			break;
		case OPT_VERSION:
			printf("%s\n", PAHOLE_COMPAT_VERSION);
			return 0;
		case OPT_KBTF_VERSION:
			printf("btfencode (kbtf) %s\n", KBTF_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	/* tests only (btfencode(1), ENVIRONMENT) */
	if (getenv("KBTF_GROUP_CUS"))
		opts.group_cus = strtoul(getenv("KBTF_GROUP_CUS"), NULL, 10);
	if (optind != argc - 1) {
		fprintf(stderr, "Error: expected exactly one FILE\n");
		usage(stderr);
		return 2;
	}
	if (fix)	/* kbtf_postlink: the library prints why */
		return kbtf_postlink__fix_datasecs(argv[optind], NULL, NULL) ? 1 : 0;
	if (!embed && !detached) {
		fprintf(stderr, "Error: nothing to do: give -J or --btf_encode_detached=OUT\n");
		return 2;
	}
	path = argv[optind];
	if (base_path) {
		base = kbtf_base_load(base_path);	/* prints why not */
		if (!base)
			return 1;
		opts.base_btf = base;
	}
	enc = kbtf_encoder__new(path, &opts);
	if (!enc)
		goto out;
	/* the library has printed the reason, naming the file */
	err = kbtf_encoder__encode(enc);
	if (err)
		goto out;
	out_btf = kbtf_encoder__btf(enc);
	/* as pahole: raw output never carries a distilled base (the newest
	 * kernels distill with resolve_btfids --distill_base) */
	want_distill = (feat.on & (1u << KBTF_FEAT_DISTILLED_BASE)) && !detached;
	if (want_distill) {
		switch (distill(path, out_btf, base != NULL, &dist_base,
				&dist_split)) {
		case 0:
			out_btf = dist_split;
			wopts.dist_base = dist_base;
			break;
		case 2:		/* warned: plain split BTF */
			want_distill = false;
			break;
		default:
			goto out;
		}
	}
	if (detached)
		err = kbtf_write_raw(out_btf, detached);
	else
		err = kbtf_write_elf_btf(out_btf, path, &wopts);
	if (err)
		goto out;
	if (stats) {
		const struct kbtf_encoder_stats *s = kbtf_encoder__stats(enc);

		fprintf(stderr,
			"cus %zu types %zu funcs %zu vars %zu (per-cpu %zu) datasecs %zu\n"
			"var candidates merged %zu, overlaps dropped %zu, without symbol %zu, zero-sized %zu, sized from symbol %zu\n"
			"types before the last dedup %zu; seconds: encode %.2f (workers: read %.2f, encode %.2f, group dedup %.2f; merge %.2f), decide %.2f, last dedup %.2f, kernel rules %.2f\n",
			s->nr_cus, s->nr_types, s->nr_funcs, s->nr_vars,
			s->nr_percpu_vars, s->nr_datasecs, s->nr_var_dups,
			s->nr_var_overlaps, s->nr_var_nosym, s->nr_var_zero,
			s->nr_var_sized_from_symbol, s->nr_types_before_dedup,
			s->t_encode, s->t_workers_read,
			s->t_workers_encode - s->t_workers_dedup,
			s->t_workers_dedup, s->t_merge, s->t_decide,
			s->t_dedup, s->t_check);
		fprintf(stderr,
			"func names %zu; FUNCs paired by address %zu, in the CU %zu, by name %zu, clone %zu; left out: prototypes differ %zu, argument moved %zu, several addresses %zu, clone rejected %zu\n",
			s->nr_func_names, s->nr_funcs_by_match[0],
			s->nr_funcs_by_match[1], s->nr_funcs_by_match[2],
			s->nr_funcs_by_match[3], s->nr_funcs_inconsistent,
			s->nr_funcs_unexpected_reg, s->nr_funcs_ambiguous,
			s->nr_funcs_clone_rejected);
		if (opts.decl_tag_kfuncs)
			fprintf(stderr,
				"kfuncs %zu: tagged bpf_kfunc %zu (bpf_fastcall %zu), no FUNC %zu, kept despite consistent_func %zu\n",
				s->nr_kfuncs, s->nr_kfuncs_tagged,
				s->nr_kfuncs_fastcall, s->nr_kfuncs_no_func,
				s->nr_kfuncs_kept);
		if (want_distill)
			fprintf(stderr, ".BTF.base: %u types\n",
				btf__type_cnt(dist_base) - 1);
	}
	ret = 0;
#ifndef __SANITIZE_ADDRESS__
	/* Done: exit() hands the memory back faster than freeing a large
	 * kernel's BTF and DWARF state piece by piece.  Sanitizer builds
	 * free, so that leaks show. */
	return ret;
#endif
out:
	btf__free(dist_split);
	btf__free(dist_base);
	kbtf_encoder__free(enc);
	btf__free(base);
	return ret;
}
