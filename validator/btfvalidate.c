// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfvalidate: the command line of the kbtf validator.  Gathers the
 * inputs (BTF bytes, ELF symbols, kallsyms, config), runs the checks of
 * the libraries in order (structure, symbols, config, probe) and prints
 * the findings as text or one JSON document.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kbtf_elf.h"
#include "kbtf_probe.h"
#include "kbtf_symbols.h"
#include "kbtf_validate.h"
#include "kbtf_vars.h"
#include "kbtf_version.h"

#define SYS_BTF "/sys/kernel/btf/vmlinux"
#define MAX_PROBE_VARS 64

enum level {
	L_ERROR,
	L_WARN,
	L_OK,		/* a check that passed, shown in the report */
};

struct finding {
	char check[12];
	enum level level;
	char text[768];		/* "[id] KIND 'name' details reason" */
	__u32 type_id;
	char kind[16];
	char name[128];
	char reason[512];
};

struct report {
	struct finding *f;
	size_t nr, cap;
	size_t errors, warnings;
	bool json;
	bool quiet_warnings;
};

static struct report rep;

static void add(const char *check, enum level level, __u32 id,
		const char *kind, const char *name, const char *text,
		const char *reason)
{
	struct finding *f;

	if (level == L_ERROR)
		rep.errors++;
	else if (level == L_WARN)
		rep.warnings++;
	if (rep.nr == rep.cap) {
		size_t nc = rep.cap ? rep.cap * 2 : 256;
		struct finding *n = realloc(rep.f, nc * sizeof(*n));

		if (!n)
			return;
		rep.f = n;
		rep.cap = nc;
	}
	f = &rep.f[rep.nr++];
	memset(f, 0, sizeof(*f));
	snprintf(f->check, sizeof(f->check), "%s", check);
	f->level = level;
	f->type_id = id;
	snprintf(f->kind, sizeof(f->kind), "%s", kind ? kind : "");
	snprintf(f->name, sizeof(f->name), "%s", name ? name : "");
	snprintf(f->text, sizeof(f->text), "%s", text);
	snprintf(f->reason, sizeof(f->reason), "%s", reason ? reason : "");
}

static void error(const char *check, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void error(const char *check, const char *fmt, ...)
{
	char buf[640];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	add(check, L_ERROR, 0, NULL, NULL, buf, buf);
}

/* ---- inputs ---- */

struct blob {
	void *data;
	size_t size;
};

static int read_file(const char *path, struct blob *b)
{
	char *buf;
	int err;

	err = kbtf_read_file(path, &buf, &b->size);
	if (!err)
		b->data = buf;
	return err;
}

/* Byte-swap @b in place of itself when its magic says the other byte
 * order (libbpf reads both; its raw data comes out in the order set). */
/* 1 if @b starts with the BTF magic in big-endian order, 0 if in
 * little-endian order, -1 if it is not BTF. */
static int blob_big_endian(const struct blob *b)
{
	const __u8 *p = b->data;

	if (b->size < 2)
		return -1;
	if (p[0] == 0xeb && p[1] == 0x9f)
		return 1;
	if (p[0] == 0x9f && p[1] == 0xeb)
		return 0;
	return -1;
}

static int native_order(struct blob *b)
{
	const __u8 *p = b->data;
	const void *raw;
	struct btf *btf;
	__u32 size;
	void *copy;

	bool host_le = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

	/* magic 0xeB9F: bytes 9f eb little-endian, eb 9f big-endian */
	if (b->size < 2 ||
	    !(host_le ? p[0] == 0xeb && p[1] == 0x9f :
			p[0] == 0x9f && p[1] == 0xeb))
		return 0;
	btf = btf__new(b->data, b->size);
	if (!btf)
		return -errno;
	btf__set_endianness(btf, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ?
				 BTF_BIG_ENDIAN : BTF_LITTLE_ENDIAN);
	raw = btf__raw_data(btf, &size);
	copy = raw ? malloc(size) : NULL;
	if (!copy) {
		btf__free(btf);
		return -ENOMEM;
	}
	memcpy(copy, raw, size);
	btf__free(btf);
	free(b->data);
	b->data = copy;
	b->size = size;
	return 0;
}

/* 1 ELF, 0 not, -Exxx unreadable */
static int file_is_elf(const char *path)
{
	char magic[4];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -errno;
	n = fread(magic, 1, 4, f);
	fclose(f);
	return n == 4 && !memcmp(magic, "\177ELF", 4);
}

/* The .BTF section of an ELF file, copied. */
static int elf_btf(Elf *elf, struct blob *b, char *err, size_t err_sz)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx)) {
		snprintf(err, err_sz, "bad section header table");
		return -EINVAL;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *n;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh))
			continue;
		n = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!n || strcmp(n, ".BTF"))
			continue;
		if (sh.sh_type == SHT_NOBITS) {
			snprintf(err, err_sz, ".BTF section has no contents (NOBITS)");
			return -EINVAL;
		}
		d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf) {
			snprintf(err, err_sz, "cannot read .BTF: %s", elf_errmsg(-1));
			return -EINVAL;
		}
		b->data = malloc(d->d_size ? d->d_size : 1);
		if (!b->data)
			return -ENOMEM;
		memcpy(b->data, d->d_buf, d->d_size);
		b->size = d->d_size;
		return 0;
	}
	snprintf(err, err_sz, "no .BTF section");
	return -ENOENT;
}

/* ---- checks ---- */

static void on_finding(void *ctx, const struct kbtf_finding *f)
{
	char line[1024];

	(void)ctx;
	kbtf_finding__format(f, line, sizeof(line));
	add(f->check, (enum level)f->level, f->type_id, f->kind, f->name, line,
	    f->reason);
}

static int on_problem(const struct kbtf_btf_problem *p, void *ctx)
{
	struct kbtf_finding f;
	char buf[1024];

	kbtf_btf_problem__finding(p, &f, buf, sizeof(buf));
	on_finding(ctx, &f);
	return 0;
}

/* ---- output ---- */

static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			printf("\\n");
		else if (c == '\t')
			printf("\\t");
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

struct summary {
	const char *target;
	const char *btf_source;
	const char *sym_source;
	int kernel_version;
	struct kbtf_btf_verdict verdict;
	bool structure_ran;
	struct kbtf_var_stats vars;
	bool vars_ran;
	int probe_ret;
	bool probe_ran;
	int kallsyms_all;	/* 1 y, 0 off, -1 unknown */
};

static const char *const level_str[] = { "error", "warning", "ok" };

static void print_json(const struct summary *s)
{
	size_t i;

	printf("{\"target\":");
	json_str(s->target);
	printf(",\"btf\":");
	json_str(s->btf_source);
	printf(",\"symbols\":");
	json_str(s->sym_source ? s->sym_source : "");
	printf(",\"kernel_version\":\"%d.%d.%d\"", s->kernel_version >> 16,
	       (s->kernel_version >> 8) & 0xff, s->kernel_version & 0xff);
	printf(",\"structure\":{\"ran\":%s,\"accepted\":%s,\"types\":%u,\"error\":%d,\"reason\":",
	       s->structure_ran ? "true" : "false",
	       s->structure_ran && !s->verdict.err ? "true" : "false",
	       s->verdict.nr_types, s->verdict.err);
	json_str(s->verdict.reason);
	printf(",\"line\":");
	json_str(s->verdict.line);
	printf("}");
	printf(",\"vars\":{\"ran\":%s,\"vars\":%zu,\"percpu\":%zu,\"checked\":%zu,\"errors\":%zu,\"ambiguous_names\":%zu,\"init_vars\":%zu,\"data_symbols\":%zu,\"data_symbols_without_var\":%zu,\"sizes_checked\":%s}",
	       s->vars_ran ? "true" : "false", s->vars.nr_vars,
	       s->vars.nr_percpu, s->vars.nr_checked, s->vars.nr_errors,
	       s->vars.nr_ambiguous, s->vars.nr_init, s->vars.nr_data_syms,
	       s->vars.nr_data_no_var, s->vars.sizes_checked ? "true" : "false");
	printf(",\"kallsyms_all\":%s", s->kallsyms_all < 0 ? "null" :
				       s->kallsyms_all ? "true" : "false");
	printf(",\"probe\":{\"ran\":%s,\"ok\":%s}",
	       s->probe_ran ? "true" : "false",
	       s->probe_ran && !s->probe_ret ? "true" : "false");
	printf(",\"findings\":[");
	for (i = 0; i < rep.nr; i++) {
		const struct finding *f = &rep.f[i];

		printf("%s{\"check\":", i ? "," : "");
		json_str(f->check);
		printf(",\"level\":\"%s\",\"type_id\":%u,\"kind\":",
		       level_str[f->level], f->type_id);
		json_str(f->kind);
		printf(",\"name\":");
		json_str(f->name);
		printf(",\"reason\":");
		json_str(f->reason);
		printf(",\"text\":");
		json_str(f->text);
		printf("}");
	}
	printf("],\"errors\":%zu,\"warnings\":%zu,\"ok\":%s}\n", rep.errors,
	       rep.warnings, rep.errors ? "false" : "true");
}

static void print_text(const struct summary *s, bool verbose)
{
	size_t i, shown_warn = 0;

	for (i = 0; i < rep.nr; i++) {
		const struct finding *f = &rep.f[i];

		if (f->level == L_WARN && !verbose && shown_warn++ >= 20)
			continue;
		printf("%s: %s: %s\n", level_str[f->level], f->check, f->text);
	}
	if (!verbose && shown_warn > 20)
		printf("(%zu more warnings; -v lists them all)\n",
		       shown_warn - 20);
	printf("btfvalidate: %s: %zu error%s, %zu warning%s; ",
	       rep.errors ? "FAIL" : "PASS", rep.errors,
	       rep.errors == 1 ? "" : "s", rep.warnings,
	       rep.warnings == 1 ? "" : "s");
	if (s->structure_ran)
		printf("structure %s (%u types, kernel %d.%d)",
		       s->verdict.err ? "rejected" : "ok", s->verdict.nr_types,
		       s->kernel_version >> 16, (s->kernel_version >> 8) & 0xff);
	if (s->vars_ran)
		printf("; %zu VARs (%zu per-CPU) checked against %s, %zu ambiguous names, %zu in .init, %zu of %zu data symbols without VAR",
		       s->vars.nr_checked, s->vars.nr_percpu, s->sym_source,
		       s->vars.nr_ambiguous, s->vars.nr_init,
		       s->vars.nr_data_no_var, s->vars.nr_data_syms);
	if (s->probe_ran)
		printf("; probe %s", s->probe_ret ? "failed" : "passed");
	printf("\n");
}

/* ---- main ---- */

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: btfvalidate [OPTIONS] [FILE]\n"
		"Check a kernel's BTF: the kernel's BTF rules, every VAR against the\n"
		"symbols, the config, and (with --probe) live typed ksyms.\n"
		"\n"
		"FILE is a vmlinux or module ELF (its .BTF is checked against its symbol\n"
		"table) or a raw BTF file (structure only, unless --kallsyms is given).\n"
		"Without FILE: the running kernel (" SYS_BTF ", /proc/kallsyms,\n"
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

static int fail_io(const char *path, const char *what)
{
	fprintf(stderr, "Error: %s: %s\n", path, what);
	return 2;
}

int main(int argc, char **argv)
{
	const char *btf_path = NULL, *base_path = NULL, *ksyms_path = NULL;
	const char *config_path = NULL, *file = NULL, *probe_mod = NULL;
	const char *probe_vars[MAX_PROBE_VARS];
	struct kbtf_btf_check_opts copts = { .sz = sizeof(copts) };
	struct summary s = { .kallsyms_all = -1 };
	struct blob target = {}, base = {};
	struct kbtf_ksyms *ks = NULL;
	struct kbtf_elf *ke = NULL;
	struct btf *btf = NULL, *base_btf = NULL;
	bool probe = false, verbose = false, kmode = false, live, ks_usable;
	int c, nr_probe_vars = 0, kver = 0, fd = -1, ret = 2, err;
	Elf *elf = NULL;
	char msg[256], val[64];

	libbpf_set_print(quiet_libbpf);
	elf_version(EV_CURRENT);
	while ((c = getopt_long(argc, argv, "B:vh", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_BTF:
			btf_path = optarg;
			break;
		case 'B':
			base_path = optarg;
			break;
		case OPT_KALLSYMS:
			ksyms_path = optarg;
			break;
		case OPT_CONFIG:
			config_path = optarg;
			break;
		case OPT_KVER:
			kver = kbtf_kernel_version_parse(optarg);
			if (kver < 0) {
				fprintf(stderr, "Error: bad kernel version '%s' (want X.Y[.Z])\n",
					optarg);
				return 2;
			}
			break;
		case OPT_KMODE:
			kmode = true;
			break;
		case OPT_PROBE:
			probe = true;
			break;
		case OPT_PROBE_VAR:
			if (nr_probe_vars == MAX_PROBE_VARS) {
				fprintf(stderr, "Error: too many --probe-var\n");
				return 2;
			}
			probe_vars[nr_probe_vars++] = optarg;
			probe = true;
			break;
		case OPT_PROBE_MOD:
			probe_mod = optarg;
			probe = true;
			break;
		case OPT_JSON:
			rep.json = true;
			break;
		case 'v':
			verbose = true;
			break;
		case OPT_VERSION:
			printf("btfvalidate (kbtf) %s\n", KBTF_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc - 1) {
		fprintf(stderr, "Error: expected at most one FILE\n");
		usage(stderr);
		return 2;
	}
	if (optind == argc - 1)
		file = argv[optind];
	live = !file && !btf_path;
	if (probe && !live) {
		fprintf(stderr, "Error: --probe checks the running kernel; give no FILE or --btf\n");
		return 2;
	}

	/* what to check */
	if (file) {
		err = file_is_elf(file);
		if (err < 0)
			return fail_io(file, strerror(-err));
	}
	if (file && err == 1) {
		err = kbtf_elf_open(file, &fd, &elf, msg, sizeof(msg));
		if (err) {
			fprintf(stderr, "Error: %s: %s\n", file, msg);
			ret = 1;
			goto out;
		}
		ke = kbtf_elf__new(elf, file);
		if (!ke) {
			fprintf(stderr, "Error: %s: cannot read sections or symbols\n",
				file);
			ret = 1;
			goto out;
		}
		if (!kver)
			kver = kbtf_elf_kernel_version(elf);
		if (!btf_path) {
			err = elf_btf(elf, &target, msg, sizeof(msg));
			if (err) {
				fprintf(stderr, "Error: %s: %s\n", file, msg);
				ret = 1;
				goto out;
			}
			s.btf_source = file;
		}
	} else if (file) {
		err = read_file(file, &target);
		if (err)
			return fail_io(file, strerror(-err));
		s.btf_source = file;
	}
	if (btf_path) {
		int bfd;
		Elf *belf;

		err = file_is_elf(btf_path);
		if (err < 0)
			return fail_io(btf_path, strerror(-err));
		if (err == 1) {
			err = kbtf_elf_open(btf_path, &bfd, &belf, msg, sizeof(msg));
			if (!err) {
				err = elf_btf(belf, &target, msg, sizeof(msg));
				elf_end(belf);
				close(bfd);
			}
			if (err) {
				fprintf(stderr, "Error: %s: %s\n", btf_path, msg);
				ret = 1;
				goto out;
			}
		} else {
			err = read_file(btf_path, &target);
			if (err)
				return fail_io(btf_path, strerror(-err));
		}
		s.btf_source = btf_path;
	}
	if (live) {
		struct utsname u;

		err = read_file(SYS_BTF, &target);
		if (err)
			return fail_io(SYS_BTF, strerror(-err));
		s.btf_source = SYS_BTF;
		if (!ksyms_path)
			ksyms_path = "/proc/kallsyms";
		if (!config_path && access("/proc/config.gz", R_OK) == 0)
			config_path = "/proc/config.gz";
		if (!kver && !uname(&u))
			kver = kbtf_kernel_version_parse(u.release);
		kmode = true;	/* the running kernel parsed it as its own */
	}
	if (base_path) {
		err = file_is_elf(base_path);
		if (err < 0)
			return fail_io(base_path, strerror(-err));
		if (err == 1) {
			int bfd;
			Elf *belf;

			err = kbtf_elf_open(base_path, &bfd, &belf, msg,
					    sizeof(msg));
			if (!err) {
				err = elf_btf(belf, &base, msg, sizeof(msg));
				if (!kver)
					kver = kbtf_elf_kernel_version(belf);
				elf_end(belf);
				close(bfd);
			}
			if (err) {
				fprintf(stderr, "Error: %s: %s\n", base_path, msg);
				ret = 1;
				goto out;
			}
		} else {
			err = read_file(base_path, &base);
			if (err)
				return fail_io(base_path, strerror(-err));
		}
		/* split BTF is only ever parsed by the kernel as a module's */
		kmode = true;
	}
	s.target = file ? file : btf_path ? btf_path : "running kernel";
	s.kernel_version = kver > 0 ? kver : KBTF_KERNEL_BASELINE;

	/* The image's kernel reads its BTF in its own byte order and with
	 * its own pointer size (ELF header: EI_DATA, EI_CLASS). */
	if (ke) {
		int be = blob_big_endian(&target);

		if (be >= 0 && be != ke->big_endian) {
			fprintf(stderr, "Error: %s: the BTF is %s-endian, the image %s-endian: its kernel rejects it (bad magic)\n",
				s.btf_source, be ? "big" : "little",
				ke->big_endian ? "big" : "little");
			ret = 1;
			goto out;
		}
		copts.ptr_size = ke->is64 ? 8 : 4;
	}

	/* BTF of the other byte order (a big-endian target's, checked on a
	 * little-endian host or the reverse) is checked as its own kernel
	 * sees it: in native order. */
	err = native_order(&target);
	if (!err && base.data)
		err = native_order(&base);
	if (err) {
		fprintf(stderr, "Error: cannot convert foreign-endian BTF: %s\n",
			strerror(-err));
		ret = 1;
		goto out;
	}

	/* 1. structure */
	copts.kernel_version = s.kernel_version;
	copts.kernel_btf = kmode;
	copts.base_data = base.data;
	copts.base_size = base.size;
	err = kbtf_btf__check(target.data, target.size, &copts, on_problem,
			      NULL, &s.verdict);
	if (err) {
		fprintf(stderr, "Error: %s: the base BTF is not valid\n",
			base_path ? base_path : "?");
		ret = 1;
		goto out;
	}
	s.structure_ran = true;

	/* 2. symbols */
	if (ksyms_path) {
		ks = kbtf_ksyms__load(ksyms_path);
		if (!ks)
			goto out;	/* logged */
		s.sym_source = ksyms_path;
	} else if (ke && ke->has_symtab) {
		s.sym_source = "the ELF symbol table";
	}
	if (config_path) {
		err = kbtf_kconfig_get(config_path, "CONFIG_KALLSYMS_ALL", val,
				       sizeof(val));
		if (err < 0) {
			fprintf(stderr, "Error: %s: %s\n", config_path,
				strerror(-err));
			goto out;
		}
		s.kallsyms_all = err = !strcmp(val, "y");
		if (!err)
			error("config",
			     "CONFIG_KALLSYMS_ALL is not set in %s: kallsyms has no data symbols, so typed ksyms to kernel variables cannot load on this kernel",
			     config_path);
	}
	/* kallsyms without data symbols cannot place VARs; say it once */
	if (ks && s.kallsyms_all != 0 && ks->nr_data < 16)
		error("symbols",
		      "%s holds only %zu data symbols (CONFIG_KALLSYMS_ALL off?): VARs cannot be checked against it, and typed ksyms to data cannot load on that kernel",
		      ksyms_path, ks->nr_data);
	else if (ks && ks->all_zero)
		error("symbols", "%s shows no addresses (kptr_restrict, or not root)",
		      ksyms_path);
	ks_usable = ks && s.kallsyms_all != 0 && ks->nr_data >= 16 &&
		    !ks->all_zero;
	if (!s.verdict.err && (ks_usable || (ke && ke->has_symtab))) {
		if (base.data) {
			/* libbpf 1.1 reads split BTF only from a file */
			base_btf = btf__new(base.data, base.size);
			btf = base_btf ? btf__parse_split(s.btf_source,
							  base_btf) : NULL;
		} else {
			btf = btf__new(target.data, target.size);
		}
		if (!btf) {
			error("structure",
			      "libbpf cannot parse the BTF although the kernel's rules accept it: %s",
			      strerror(errno));
		} else {
			struct kbtf_var_check_opts vo = {
				.sz = sizeof(vo), .elf = ke,
				.ksyms = ks_usable ? ks : NULL,
				.start_id = base_btf ? btf__type_cnt(base_btf) : 0,
			};

			if (!ks_usable)
				s.sym_source = "the ELF symbol table";
			if (!kbtf_check_vars(btf, &vo, &s.vars, on_finding,
					     NULL))
				s.vars_ran = true;
		}
	}

	/* 3. probe */
	if (probe) {
		struct kbtf_probe_opts po = {
			.sz = sizeof(po),
			.vars = nr_probe_vars ? probe_vars : NULL,
			.nr_vars = nr_probe_vars,
			.kallsyms_path = ksyms_path,
			.config_path = config_path,
			.module = probe_mod,
		};

		if (s.kallsyms_all == 0) {
			error("probe",
			     "not run: CONFIG_KALLSYMS_ALL is not set, typed ksyms to data cannot load");
			s.probe_ret = 1;
		} else {
			struct kbtf_probe_result pr;

			s.probe_ret = kbtf_probe__run(&po, on_finding, NULL, &pr);
			if (!s.probe_ret && pr.nr_failed)
				s.probe_ret = 1;
		}
		s.probe_ran = true;
	}

	if (rep.json)
		print_json(&s);
	else
		print_text(&s, verbose);
	ret = rep.errors ? 1 : 0;
out:
	btf__free(btf);
	btf__free(base_btf);
	kbtf_ksyms__free(ks);
	kbtf_elf__free(ke);
	if (elf)
		elf_end(elf);
	if (fd >= 0)
		close(fd);
	free(target.data);
	free(base.data);
	free(rep.f);
	return ret;
}
