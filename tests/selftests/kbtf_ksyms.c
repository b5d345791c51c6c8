// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loader of the kbtf_ksyms BPF programs (kbtf_ksyms.bpf.c), for the
 * guest of the selftests run: for each case, open and load its libbpf
 * skeleton (libbpf resolves the typed ksym in the kernel's BTF, the
 * verifier checks every access), run it once with BPF_PROG_TEST_RUN, and
 * check what it read against /proc/kallsyms, /proc and known constants.
 *
 *   kbtf_ksyms [CASE...]	(default: every case)
 *
 * Prints "kbtf-ksyms: CASE: ok: ..." or "kbtf-ksyms: CASE: FAIL: ..." per
 * case and a closing "kbtf-ksyms: N passed, M failed"; exit 0 when all
 * passed, 1 otherwise.  Static, so that the guest needs no libraries.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "kbtf_ksyms.h"
#include "kbtf_ksyms_init_task.skel.h"
#include "kbtf_ksyms_linux_banner.skel.h"
#include "kbtf_ksyms_per_cpu_offset.skel.h"
#include "kbtf_ksyms_saved_command_line.skel.h"
#include "kbtf_ksyms_nr_cpu_ids.skel.h"
#include "kbtf_ksyms_cpu_number.skel.h"

struct ksym_case {
	const char *name;
	const char *sym;	/* the kernel object, in /proc/kallsyms */
	int (*run)(int cpu, struct kbtf_ksyms_out *out, char *why, size_t n);
	int (*check)(const struct kbtf_ksyms_out *out, char *why, size_t n);
	int cpu;		/* BPF_PROG_TEST_RUN on this CPU; -1: any */
};

/* Open, load and test-run skeleton NAME; copy its .bss out.  A macro:
 * every skeleton has its own type. */
#define RUN_SKEL(NAME)							\
static int run_##NAME(int cpu, struct kbtf_ksyms_out *out, char *why,	\
		      size_t n)						\
{									\
	LIBBPF_OPTS(bpf_test_run_opts, topts);				\
	struct kbtf_ksyms_##NAME *skel;					\
	int err;							\
									\
	if (cpu >= 0) {							\
		topts.flags = BPF_F_TEST_RUN_ON_CPU;			\
		topts.cpu = cpu;					\
	}								\
	skel = kbtf_ksyms_##NAME##__open_and_load();			\
	if (!skel) {							\
		snprintf(why, n, "load: %s", strerror(errno));		\
		return -1;						\
	}								\
	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.run),	\
				     &topts);				\
	if (err)							\
		snprintf(why, n, "test run: %s", strerror(errno));	\
	else								\
		*out = skel->bss->out;					\
	kbtf_ksyms_##NAME##__destroy(skel);				\
	return err ? -1 : 0;						\
}
RUN_SKEL(init_task)
RUN_SKEL(linux_banner)
RUN_SKEL(per_cpu_offset)
RUN_SKEL(saved_command_line)
RUN_SKEL(nr_cpu_ids)
RUN_SKEL(cpu_number)

static int fail(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return -1;
}

/* The address of SYM in /proc/kallsyms; 0 when absent. */
static unsigned long long kallsyms(const char *sym)
{
	unsigned long long addr, found = 0;
	char type, name[256], line[512];
	FILE *f = fopen("/proc/kallsyms", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) == 3 &&
		    !strcmp(name, sym)) {
			found = addr;
			break;
		}
	}
	if (f)
		fclose(f);
	return found;
}

/* The first line of FILE, without its newline; "" when unreadable. */
static void first_line(const char *file, char *buf, size_t n)
{
	FILE *f = fopen(file, "r");

	buf[0] = '\0';
	if (f && fgets(buf, n, f))
		buf[strcspn(buf, "\n")] = '\0';
	if (f)
		fclose(f);
}

static int check_init_task(const struct kbtf_ksyms_out *o, char *why, size_t n)
{
	if (o->val[0] != 0)
		return fail(why, n, "init_task.pid is %llu, not 0", o->val[0]);
	if (strncmp(o->str, "swapper", 7))
		return fail(why, n, "init_task.comm is \"%.16s\", not swapper*", o->str);
	snprintf(why, n, "pid 0, comm \"%.16s\"", o->str);
	return 0;
}

static int check_linux_banner(const struct kbtf_ksyms_out *o, char *why, size_t n)
{
	char version[512];

	first_line("/proc/version", version, sizeof(version));
	if (strncmp(o->str, "Linux version ", 14) ||
	    strncmp(o->str, version, strlen(o->str)))
		return fail(why, n, "read \"%s\", /proc/version says \"%.63s\"",
			    o->str, version);
	snprintf(why, n, "first %zu bytes = /proc/version", strlen(o->str));
	return 0;
}

static int check_per_cpu_offset(const struct kbtf_ksyms_out *o, char *why, size_t n)
{
	unsigned long long pcpu = kallsyms("cpu_number");

	if (!pcpu || !o->val[2] || !o->val[3])
		return fail(why, n, "no per-CPU copies of cpu_number to compare");
	if (o->val[0] != o->val[2] - pcpu || o->val[1] != o->val[3] - pcpu)
		return fail(why, n, "offsets 0x%llx 0x%llx, bpf_per_cpu_ptr adds 0x%llx 0x%llx",
			    o->val[0], o->val[1], o->val[2] - pcpu, o->val[3] - pcpu);
	snprintf(why, n, "[0] 0x%llx [1] 0x%llx = what bpf_per_cpu_ptr adds",
		 o->val[0], o->val[1]);
	return 0;
}

static int check_saved_command_line(const struct kbtf_ksyms_out *o, char *why, size_t n)
{
	char cmdline[512];

	first_line("/proc/cmdline", cmdline, sizeof(cmdline));
	if (!o->str[0] || strncmp(o->str, cmdline, KBTF_KSYMS_STR - 1))
		return fail(why, n, "read \"%s\", /proc/cmdline says \"%s\"",
			    o->str, cmdline);
	snprintf(why, n, "\"%s\" = /proc/cmdline", o->str);
	return 0;
}

static int check_nr_cpu_ids(const struct kbtf_ksyms_out *o, char *why, size_t n)
{
	int cpus = libbpf_num_possible_cpus();

	if (o->val[0] != (unsigned int)cpus)
		return fail(why, n, "nr_cpu_ids is %llu, %d CPUs are possible",
			    o->val[0], cpus);
	snprintf(why, n, "%llu = possible CPUs", o->val[0]);
	return 0;
}

/* run on CPU 1: bpf_this_cpu_ptr must find CPU 1's copy */
static int check_cpu_number(const struct kbtf_ksyms_out *o, char *why, size_t n)
{
	if (o->val[0] != 0 || o->val[1] != 1)
		return fail(why, n, "bpf_per_cpu_ptr read %lld and %lld, not 0 and 1",
			    (long long)o->val[0], (long long)o->val[1]);
	if (o->val[3] != 1 || o->val[2] != 1)
		return fail(why, n, "run on CPU %llu, bpf_this_cpu_ptr read %lld, not 1",
			    o->val[3], (long long)o->val[2]);
	snprintf(why, n, "bpf_per_cpu_ptr 0 1, bpf_this_cpu_ptr on CPU 1: 1");
	return 0;
}

static const struct ksym_case cases[] = {
	{ "init_task", "init_task", run_init_task, check_init_task, -1 },
	{ "linux_banner", "linux_banner", run_linux_banner, check_linux_banner, -1 },
	{ "per_cpu_offset", "__per_cpu_offset", run_per_cpu_offset,
	  check_per_cpu_offset, -1 },
	{ "saved_command_line", "saved_command_line", run_saved_command_line,
	  check_saved_command_line, -1 },
	{ "nr_cpu_ids", "nr_cpu_ids", run_nr_cpu_ids, check_nr_cpu_ids, -1 },
	{ "cpu_number", "cpu_number", run_cpu_number, check_cpu_number, 1 },
};

static int run_case(const struct ksym_case *c)
{
	struct kbtf_ksyms_out out = {};
	unsigned long long addr;
	char why[256] = "";

	if (c->run(c->cpu, &out, why, sizeof(why)))
		goto failed;
	if (!out.done) {
		fail(why, sizeof(why), "the program did not run to its end");
		goto failed;
	}
	addr = kallsyms(c->sym);
	if (!addr || out.addr != addr) {
		fail(why, sizeof(why), "&%s is 0x%llx, /proc/kallsyms says 0x%llx",
		     c->sym, (unsigned long long)out.addr, addr);
		goto failed;
	}
	if (c->check(&out, why, sizeof(why)))
		goto failed;
	printf("kbtf-ksyms: %s: ok: &%s 0x%llx = /proc/kallsyms; %s\n",
	       c->name, c->sym, addr, why);
	return 0;
failed:
	printf("kbtf-ksyms: %s: FAIL: %s\n", c->name, why);
	return -1;
}

int main(int argc, char **argv)
{
	int i, j, passed = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++) {
		for (j = 1; j < argc && strcmp(argv[j], cases[i].name); j++)
			;
		if (argc > 1 && j == argc)
			continue;
		fflush(stdout);
		if (run_case(&cases[i]))
			failed++;
		else
			passed++;
	}
	printf("kbtf-ksyms: %d passed, %d failed\n", passed, failed);
	return failed || !passed;
}
