// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the validator's symbol and config readers and for the
 * probe's failure paths on this machine's kernel.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "kbtf_log.h"
#include "kbtf_probe.h"
#include "kbtf_symbols.h"
#include "kbtf_test.h"

static char dir[] = "/tmp/kbtf-unit-XXXXXX";

/* What the libraries logged last (they never print: docs/errors.md) */
static char logged[512];

static int capture(enum kbtf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vsnprintf(logged, sizeof(logged), fmt, ap);
}

static const char *write_file(const char *name, const char *text, bool gz)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (gz) {
		gzFile f = gzopen(path, "wb");

		gzwrite(f, text, strlen(text));
		gzclose(f);
	} else {
		FILE *f = fopen(path, "w");

		fputs(text, f);
		fclose(f);
	}
	return path;
}

static void test_system_map(void)
{
	const char *p = write_file("System.map",
		"0000000000000000 A fixed_percpu_data\n"
		"0000000000031980 A runqueues\n"
		"ffffffff81000000 T _stext\n"
		"ffffffff82a1aa40 D init_task\n"
		"ffffffff82000170 r pt_regs_offset\n"
		"ffffffff81100000 t pt_regs_offset\n"
		"ffffffffa0001000 d kbtf_testmod_global\t[kbtf_testmod]\n",
		false);
	struct kbtf_ksyms *k;
	size_t first, count;

	logged[0] = '\0';
	k = kbtf_ksyms__load(p);
	CHECK(k, "%s", logged);
	CHECK_STR(logged, "");
	if (!k)
		return;
	CHECK_EQ(k->nr, 7);
	CHECK_EQ(k->nr_data, 4);	/* A A D r; the module's d is not vmlinux */
	CHECK(!k->all_zero, "addresses are there");
	kbtf_ksyms__find(k, "runqueues", &first, &count);
	CHECK_EQ(count, 1);
	CHECK_EQ(k->syms[k->by_name[first]].addr, 0x31980);
	kbtf_ksyms__find(k, "pt_regs_offset", &first, &count);
	CHECK_EQ(count, 2);
	kbtf_ksyms__find(k, "kbtf_testmod_global", &first, &count);
	CHECK_EQ(count, 1);
	CHECK(k->syms[k->by_name[first]].module &&
	      !strcmp(k->syms[k->by_name[first]].module, "kbtf_testmod"),
	      "module name kept");
	kbtf_ksyms__find(k, "absent", &first, &count);
	CHECK_EQ(count, 0);
	kbtf_ksyms__free(k);
}

static void test_bad_and_hidden(void)
{
	struct kbtf_ksyms *k;
	const char *p;

	p = write_file("bad", "0000000000000000 T _stext\nnot a symbol file\n",
		       false);
	errno = 0;
	k = kbtf_ksyms__load(p);
	CHECK(!k && errno == EINVAL, "a text file is not System.map: %s",
	      strerror(errno));
	CHECK(strstr(logged, p) && strstr(logged, "line 2"),
	      "the logged error names the file and the line: %s", logged);
	p = write_file("badaddr", "00000000zz000000 T _stext\n", false);
	k = kbtf_ksyms__load(p);
	CHECK(!k && strstr(logged, "line 1: bad address"), "%s", logged);
	k = kbtf_ksyms__load(write_file("empty", "", false));
	CHECK(!k && strstr(logged, "no symbols"), "%s", logged);
	k = kbtf_ksyms__load(write_file("hidden",
					"0000000000000000 T _stext\n"
					"0000000000000000 D init_task\n", false));
	CHECK(k && k->all_zero, "kptr_restrict shows zeros");
	kbtf_ksyms__free(k);
	errno = 0;
	k = kbtf_ksyms__load("/nonexistent/System.map");
	CHECK(!k && errno == ENOENT, "%s", strerror(errno));
	CHECK(strstr(logged, "/nonexistent/System.map: cannot read"), "%s",
	      logged);
}

static void test_kconfig(void)
{
	const char *cfg = "CONFIG_A=y\n# CONFIG_KALLSYMS_ALL is not set\n"
			  "CONFIG_NAME=\"x\"\n";
	char val[32];
	int gz;

	for (gz = 0; gz <= 1; gz++) {
		const char *p = write_file(gz ? "config.gz" : "config", cfg, gz);

		CHECK_EQ(kbtf_kconfig_get(p, "CONFIG_A", val, sizeof(val)), 0);
		CHECK_STR(val, "y");
		strcpy(val, "junk");
		CHECK_EQ(kbtf_kconfig_get(p, "CONFIG_KALLSYMS_ALL", val,
					  sizeof(val)), 0);
		CHECK_STR(val, "");
		CHECK_EQ(kbtf_kconfig_get(p, "CONFIG_NAME", val, sizeof(val)), 0);
		CHECK_STR(val, "\"x\"");
		strcpy(val, "junk");
		CHECK_EQ(kbtf_kconfig_get(p, "CONFIG_ABSENT", val, sizeof(val)), 0);
		CHECK_STR(val, "");
		/* a prefix of another option is not that option */
		CHECK_EQ(kbtf_kconfig_get(p, "CONFIG_NAM", val, sizeof(val)), 0);
		CHECK_STR(val, "");
	}
	errno = 0;
	CHECK_EQ(kbtf_kconfig_get("/nonexistent", "CONFIG_A", val, sizeof(val)),
		 -ENOENT);
	CHECK_EQ(errno, ENOENT);
}

struct seen {
	int lines, failed;
	char last[512];
};

static void on_probe(void *ctx, const struct kbtf_finding *f)
{
	struct seen *s = ctx;

	s->lines++;
	if (f->level == KBTF_FINDING_ERROR)
		s->failed++;
	CHECK_STR(f->check, "probe");
	snprintf(s->last, sizeof(s->last), "%s", f->reason);
}

/* Options are sized: a newer caller's unknown fields must be zero. */
static void test_probe_opts(void)
{
	struct kbtf_probe_result res;
	char big[sizeof(struct kbtf_probe_opts) + 8] = {};
	struct kbtf_probe_opts *o = (void *)big;

	o->sz = sizeof(big);
	big[sizeof(*o) + 2] = 1;
	errno = 0;
	CHECK_EQ(kbtf_probe__run(o, NULL, NULL, &res), -EINVAL);
	CHECK_EQ(errno, EINVAL);
	o->sz = sizeof(*o);
	CHECK_EQ(kbtf_probe__run(o, NULL, NULL, NULL), -EINVAL);
}

/* Without KALLSYMS_ALL the probe says so and does not load anything. */
static void test_probe_config(void)
{
	struct kbtf_probe_opts o = { .sz = sizeof(o) };
	struct kbtf_probe_result res;
	struct seen s = {};
	int ret;

	o.config_path = write_file("noall", "# CONFIG_KALLSYMS_ALL is not set\n",
				   false);
	ret = kbtf_probe__run(&o, on_probe, &s, &res);
	CHECK_EQ(ret, 0);
	CHECK_EQ(res.nr_failed, 1);
	CHECK_EQ(res.nr_ok, 0);
	CHECK_EQ(s.failed, 1);
	CHECK(strstr(s.last, "typed ksyms to kernel variables cannot load"),
	      "%s", s.last);
}

/* Does /proc/kallsyms name @sym (with its address visible or not)? */
static bool kallsyms_has(const char *sym)
{
	char line[512], name[256];
	bool found = false;
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %255s", name) == 1 &&
		    !strcmp(name, sym))
			found = true;
	fclose(f);
	return found;
}

/* With a config that claims KALLSYMS_ALL, the program reaches the
 * running kernel's verifier.  Where kallsyms lacks the variable (this
 * machine's kernel has KALLSYMS_ALL off) the probe must fail and name the
 * reason; where kallsyms has it, the probe must pass. */
static void test_probe_verifier_line(void)
{
	struct kbtf_probe_opts o = { .sz = sizeof(o) };
	const char *vars[] = { "runqueues" };
	struct kbtf_probe_result res;
	struct seen s = {};
	int ret;

	if (geteuid() != 0 || access("/sys/kernel/btf/vmlinux", R_OK)) {
		printf("skipped: probe against the kernel: not root or no vmlinux BTF\n");
		return;
	}
	o.config_path = write_file("all", "CONFIG_KALLSYMS_ALL=y\n", false);
	o.vars = vars;
	o.nr_vars = 1;
	ret = kbtf_probe__run(&o, on_probe, &s, &res);
	if (kallsyms_has("runqueues")) {
		CHECK(ret == 0 && !res.nr_failed && res.nr_ok == 1,
		      "ret %d: %s", ret, s.last);
		return;
	}
	CHECK(ret == 0 && res.nr_failed >= 1, "ret %d, %u failed", ret,
	      res.nr_failed);
	CHECK(strstr(s.last, "ldimm64 failed to find the address") ||
	      strstr(s.last, "the verifier refused the probe") ||
	      strstr(s.last, "not in kallsyms"),
	      "the reason is named: %s", s.last);
}

int main(void)
{
	char cmd[64];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	kbtf_set_print(capture);
	test_system_map();
	test_bad_and_hidden();
	test_kconfig();
	test_probe_opts();
	test_probe_config();
	test_probe_verifier_line();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		printf("could not remove %s\n", dir);
	return KBTF_TEST_END();
}
