// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbtf-resolve-btfids: the kernel build's RESOLVE_BTFIDS step, wrapped.
 *
 *	make PAHOLE=btfencode RESOLVE_BTFIDS=kbtf-resolve-btfids
 *
 * Reads resolve_btfids' command line (6.1 to the newest kernels), then:
 * on the final image (`vmlinux`, `vmlinux.unstripped`, with no --btf,
 * --btf_base or --distill_base) rewrites the DATASECs of its .BTF to the
 * final link (kbtf_postlink); on a module or a --btf file checks that the
 * encoder's BTF is there; and in every case then runs the kernel's own
 * resolve_btfids with the same arguments (exec, so its exit status is the
 * build's).  Option parsing, the search for the real tool and printing
 * only; the work is in kbtf_postlink.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kbtf_log.h"
#include "kbtf_postlink.h"
#include "kbtf_util.h"
#include "kbtf_version.h"

#define ME "kbtf-resolve-btfids"
#define ENV_REAL "KBTF_RESOLVE_BTFIDS"
/* The kernel top Makefile's RESOLVE_BTFIDS, relative to its object tree. */
#define REAL_IN_OBJTREE "tools/bpf/resolve_btfids/resolve_btfids"

static bool verbose;

static int print_fn(enum kbtf_print_level level, const char *fmt, va_list ap)
{
	if (level == KBTF_DEBUG && !verbose)
		return 0;
	fputs(ME ": ", stderr);
	return vfprintf(stderr, fmt, ap);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " ME " [RESOLVE_BTFIDS OPTIONS] FILE\n"
		"Stands in for the kernel's resolve_btfids in a kernel build:\n"
		"    make PAHOLE=btfencode RESOLVE_BTFIDS=" ME "\n"
		"On the final image (FILE vmlinux or vmlinux.unstripped, without --btf,\n"
		"--btf_base or --distill_base) it first rewrites the DATASEC offsets and\n"
		"sizes of FILE's .BTF to match its symbols and sections; on a module or a\n"
		"--btf file it checks that the encoder's BTF is there and readable.  Then it\n"
		"runs the kernel's resolve_btfids with the same arguments: $" ENV_REAL ",\n"
		"else ./" REAL_IN_OBJTREE "\n"
		"(the kernel's default path, in the object tree make runs in).\n"
		"\n"
		"resolve_btfids options it reads (and passes on unchanged):\n"
		"  -v, --verbose             also print what the fix-up does\n"
		"      --btf=FILE            BTF in a file (newest kernels)\n"
		"  -b, --btf_base=FILE       base BTF: FILE is a module\n"
		"      --patch_btfids=FILE   newest kernels: patch .BTF_ids from FILE\n"
		"      --distill_base        newest kernels: out-of-tree modules\n"
		"      --fatal_warnings      newest kernels\n"
		"  -h, --help                this text\n"
		"      --version             print kbtf's version (resolve_btfids has none)\n"
		"\n"
		"Exit status: the kernel resolve_btfids' own; 1 when the image's BTF is\n"
		"refused or cannot be fixed, or that tool cannot be found (the image is then\n"
		"untouched); 2 usage error.\n");
}

struct args {
	const char *target;	/* the one ELF file */
	const char *btf;	/* --btf */
	const char *base;	/* -b, --btf_base */
	const char *patch;	/* --patch_btfids */
	bool distill;		/* --distill_base */
	bool unknown;		/* an option we do not know: pass it on */
	bool help;
	bool version;
	int nr_targets;
};

/* Long option @a (after "--"); its value from "=" or the next argument. */
static int long_opt(struct args *a, char **argv, int *i)
{
	static const char *const with_value[] = { "btf", "btf_base",
						  "patch_btfids" };
	const char *name = argv[*i] + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const char *val = NULL;
	size_t k;

	for (k = 0; k < sizeof(with_value) / sizeof(with_value[0]); k++) {
		if (strlen(with_value[k]) != len ||
		    strncmp(with_value[k], name, len))
			continue;
		val = eq ? eq + 1 : argv[*i + 1];
		if (!val)
			return -EINVAL;
		if (!eq)
			(*i)++;
		if (k == 0)
			a->btf = val;
		else if (k == 1)
			a->base = val;
		else
			a->patch = val;
		return 0;
	}
	if (eq) {
		a->unknown = true;
		return 0;
	}
	if (!strcmp(name, "verbose"))
		verbose = true;
	else if (!strcmp(name, "distill_base"))
		a->distill = true;
	else if (!strcmp(name, "help"))
		a->help = true;
	else if (!strcmp(name, "version"))
		a->version = true;
	else if (strcmp(name, "fatal_warnings"))
		a->unknown = true;
	return 0;
}

/*
 * resolve_btfids' grammar (tools/lib/subcmd parse-options): options, then
 * one FILE; parsing stops at the first non-option.  0, or -EINVAL when an
 * option's value is missing.
 */
static int parse_args(int argc, char **argv, struct args *a)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *s = argv[i];

		if (!strcmp(s, "--")) {
			a->nr_targets = argc - i - 1;
			a->target = argv[i + 1];
			return 0;
		}
		if (s[0] != '-' || !s[1]) {
			a->nr_targets = argc - i;
			a->target = s;
			return 0;
		}
		if (s[1] == '-') {
			if (long_opt(a, argv, &i))
				return -EINVAL;
			continue;
		}
		for (s++; *s; s++) {
			if (*s == 'v') {
				verbose = true;
			} else if (*s == 'h') {
				a->help = true;
			} else if (*s == 'b') {
				a->base = s[1] ? s + 1 : argv[++i];
				if (!a->base)
					return -EINVAL;
				break;
			} else {
				a->unknown = true;
				break;
			}
		}
	}
	return 0;
}

/* An executable regular file that is not this program. */
static bool usable(const char *path, const struct stat *self)
{
	struct stat st;

	if (stat(path, &st) || !S_ISREG(st.st_mode) || access(path, X_OK))
		return false;
	if (self && st.st_dev == self->st_dev && st.st_ino == self->st_ino) {
		pr_warn("%s is this program itself, not the kernel's resolve_btfids\n",
			path);
		return false;
	}
	return true;
}

/* @file's directory + REAL_IN_OBJTREE into @buf; false if no directory. */
static bool beside(const char *file, char *buf, size_t sz)
{
	const char *slash = file ? strrchr(file, '/') : NULL;

	if (!slash)
		return false;
	return snprintf(buf, sz, "%.*s/%s", (int)(slash - file), file,
			REAL_IN_OBJTREE) < (int)sz;
}

/*
 * The kernel's resolve_btfids: $KBTF_RESOLVE_BTFIDS if set; else the
 * kernel's default path in the object tree, which is the working
 * directory of the build's link and module steps; else beside the vmlinux
 * named by the command line (base or image), which is in the object tree.
 */
static const char *find_real(const struct args *a, char *buf, size_t sz)
{
	const char *env = getenv(ENV_REAL);
	struct stat self, *sp = &self;
	char cwd[PATH_MAX];

	if (stat("/proc/self/exe", &self))
		sp = NULL;
	if (env && *env) {
		if (usable(env, sp))
			return env;
		pr_warn("%s=%s is not the kernel's resolve_btfids (not an executable file)\n",
			ENV_REAL, env);
		return NULL;
	}
	if (usable(REAL_IN_OBJTREE, sp))
		return REAL_IN_OBJTREE;
	if (beside(a->base, buf, sz) && usable(buf, sp))
		return buf;
	if (beside(a->target, buf, sz) && usable(buf, sp))
		return buf;
	pr_warn("cannot find the kernel's resolve_btfids: no executable %s under %s; set %s to its path\n",
		REAL_IN_OBJTREE, getcwd(cwd, sizeof(cwd)) ? cwd : ".",
		ENV_REAL);
	return NULL;
}

/* The target is the final kernel image, to be fixed up. */
static bool final_image(const struct args *a)
{
	const char *slash = strrchr(a->target, '/');
	const char *base = slash ? slash + 1 : a->target;

	if (a->btf || a->base || a->distill)
		return false;
	return !strcmp(base, "vmlinux") || !strcmp(base, "vmlinux.unstripped");
}

int main(int argc, char **argv)
{
	struct args a = {};
	char buf[PATH_MAX];
	const char *real;
	int err = 0;

	kbtf_set_print(print_fn);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (parse_args(argc, argv, &a)) {
		fprintf(stderr, "Error: an option's value is missing\n");
		usage(stderr);
		return 2;
	}
	if (a.help) {
		usage(stdout);
		return 0;
	}
	if (a.version) {
		printf(ME " (kbtf) %s\n", KBTF_VERSION);
		return 0;
	}
	real = find_real(&a, buf, sizeof(buf));
	if (!real)
		return 1;

	if (a.unknown || a.nr_targets != 1) {
		/* not a form we know: the kernel's tool decides */
	} else if (final_image(&a)) {
		struct kbtf_postlink_opts o = { .sz = sizeof(o) };
		struct kbtf_postlink_stats st;
		double t0 = kbtf_now();

		err = kbtf_postlink__fix_datasecs(a.target, &o, &st);
		if (!err && st.written)
			fprintf(stderr,
				ME ": %s: DATASECs fixed to the final link: %zu of %zu entries moved, %zu of %zu DATASECs resized (%.2f s)\n",
				a.target, st.nr_moved, st.nr_vars,
				st.nr_resized, st.nr_datasecs, kbtf_now() - t0);
	} else if (a.btf) {
		err = kbtf_postlink__check_raw_btf(a.btf);
	} else if (a.base || a.patch) {
		/* a module: the encoder wrote its .BTF into it */
		err = kbtf_postlink__check_elf_btf(a.target);
	}
	if (err)
		return 1;

	argv[0] = (char *)real;
	execv(real, argv);
	pr_warn("cannot run %s: %s\n", real, strerror(errno));
	return 1;
}
