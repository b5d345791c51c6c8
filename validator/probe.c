// SPDX-License-Identifier: GPL-2.0-only
/*
 * Live typed-ksym probe (see kbtf_probe.h).
 *
 * Program layout: look up element 0 of an array map whose value holds
 * 8-byte slots, keep the value pointer in r7, then for each variable:
 *   slot 0         the address ld_imm64 BPF_PSEUDO_BTF_ID gave
 *   per-CPU vars:  for each CPU c: bpf_per_cpu_ptr(var, c) and the field
 *                  read through it; then bpf_this_cpu_ptr(var) and field
 *   other vars:    the field read through the address
 * The program runs once with BPF_PROG_TEST_RUN on CPU 0 (raw tracepoint
 * with BPF_F_TEST_RUN_ON_CPU, or a sleepable syscall program run by a
 * thread pinned to CPU 0), and the slots are compared with kallsyms.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kbtf_finding.h"
#include "kbtf_probe.h"
#include "kbtf_symbols.h"
#include "kbtf_util.h"

#define MAX_CPUS 64
#define MAX_INSNS 4096
#define LOG_SIZE (1 << 20)

enum expect {
	EXPECT_NONE,
	EXPECT_CPU,		/* field == the CPU index */
	EXPECT_ZERO,		/* field == 0 */
};

struct pvar {
	const char *name;
	int var_id;
	bool percpu;
	const char *field;
	enum expect expect;
	int field_off;
	int field_size;		/* 0: no field read */
	int slot;
};

struct prog {
	struct bpf_insn insns[MAX_INSNS];
	int n;
	bool overflow;
};

static void emit(struct prog *p, __u8 code, __u8 dst, __u8 src, __s16 off,
		 __s32 imm)
{
	struct bpf_insn *i;

	if (p->n >= MAX_INSNS) {
		p->overflow = true;
		return;
	}
	i = &p->insns[p->n++];
	memset(i, 0, sizeof(*i));
	i->code = code;
	i->dst_reg = dst;
	i->src_reg = src;
	i->off = off;
	i->imm = imm;
}

static void ld_imm64(struct prog *p, __u8 dst, __u8 src, __u64 imm)
{
	emit(p, BPF_LD | BPF_DW | BPF_IMM, dst, src, 0, (__u32)imm);
	emit(p, 0, 0, 0, 0, imm >> 32);
}

static __u8 size_code(int size)
{
	switch (size) {
	case 1:
		return BPF_B;
	case 2:
		return BPF_H;
	case 4:
		return BPF_W;
	default:
		return BPF_DW;
	}
}

/* r0 -> slot, and field at r0 -> slot + 1 */
static void store_ptr_and_field(struct prog *p, const struct pvar *v,
				int slot)
{
	emit(p, BPF_STX | BPF_DW | BPF_MEM, BPF_REG_7, BPF_REG_0, slot * 8, 0);
	if (!v->field_size)
		return;
	emit(p, BPF_LDX | size_code(v->field_size) | BPF_MEM, BPF_REG_1,
	     BPF_REG_0, v->field_off, 0);
	emit(p, BPF_STX | BPF_DW | BPF_MEM, BPF_REG_7, BPF_REG_1,
	     (slot + 1) * 8, 0);
}

static int nr_slots(const struct pvar *v, int ncpu)
{
	return v->percpu ? 1 + 2 * (ncpu + 1) : 2;
}

/* ld_imm64 of a VAR: insn[1].imm names the module BTF (0: vmlinux) */
static void ld_var(struct prog *p, const struct pvar *v, int btf_fd)
{
	ld_imm64(p, BPF_REG_1, BPF_PSEUDO_BTF_ID, v->var_id);
	p->insns[p->n - 1].imm = btf_fd;
}

static void build(struct prog *p, int map_fd, int btf_fd, struct pvar *vars,
		  size_t nr, int ncpu)
{
	int exit_jmp, c;
	size_t i;

	emit(p, BPF_ST | BPF_W | BPF_MEM, BPF_REG_10, 0, -4, 0);
	emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0);
	emit(p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -4);
	ld_imm64(p, BPF_REG_1, BPF_PSEUDO_MAP_FD, map_fd);
	emit(p, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem);
	exit_jmp = p->n;
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 0, 0);
	emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_7, BPF_REG_0, 0, 0);
	for (i = 0; i < nr; i++) {
		struct pvar *v = &vars[i];

		ld_var(p, v, btf_fd);
		emit(p, BPF_STX | BPF_DW | BPF_MEM, BPF_REG_7, BPF_REG_1,
		     v->slot * 8, 0);
		if (!v->percpu) {
			if (v->field_size) {
				emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0,
				     BPF_REG_1, 0, 0);
				emit(p, BPF_LDX | size_code(v->field_size) |
					     BPF_MEM,
				     BPF_REG_1, BPF_REG_0, v->field_off, 0);
				emit(p, BPF_STX | BPF_DW | BPF_MEM, BPF_REG_7,
				     BPF_REG_1, (v->slot + 1) * 8, 0);
			}
			continue;
		}
		for (c = 0; c < ncpu; c++) {
			int skip = 1 + (v->field_size ? 2 : 0);

			ld_var(p, v, btf_fd);
			emit(p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, c);
			emit(p, BPF_JMP | BPF_CALL, 0, 0, 0,
			     BPF_FUNC_per_cpu_ptr);
			emit(p, BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, skip, 0);
			store_ptr_and_field(p, v, v->slot + 1 + 2 * c);
		}
		ld_var(p, v, btf_fd);
		emit(p, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_this_cpu_ptr);
		store_ptr_and_field(p, v, v->slot + 1 + 2 * ncpu);
	}
	p->insns[exit_jmp].off = p->n - exit_jmp - 1;
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
	emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

struct reporter {
	kbtf_finding_fn fn;
	void *ctx;
	struct kbtf_probe_result *res;
};

static void say(struct reporter *r, const char *var, bool ok,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void say(struct reporter *r, const char *var, bool ok,
		const char *fmt, ...)
{
	struct kbtf_finding f = {
		.level = ok ? KBTF_FINDING_OK : KBTF_FINDING_ERROR,
		.check = "probe", .kind = var ? "VAR" : "",
		.name = var ? var : "", .details = "",
	};
	va_list ap;

	if (ok)
		r->res->nr_ok++;
	else
		r->res->nr_failed++;
	va_start(ap, fmt);
	kbtf_finding__vemitf(r->fn, r->ctx, &f, fmt, ap);
	va_end(ap);
}

/* The DATASEC named .data..percpu holds this VAR id? */
static bool var_is_percpu(const struct btf *btf, int start, int var_id)
{
	int id, n = btf__type_cnt(btf);

	for (id = start; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *vsi;
		int i;

		if (!btf_is_datasec(t) ||
		    strcmp(btf__name_by_offset(btf, t->name_off),
			   ".data..percpu"))
			continue;
		vsi = btf_var_secinfos(t);
		for (i = 0; i < btf_vlen(t); i++)
			if ((int)vsi[i].type == var_id)
				return true;
		return false;
	}
	return false;
}

/* The BTF object of loaded module @name: split BTF over @base and an fd
 * for ld_imm64. */
static int module_btf(struct btf *base, const char *name, struct btf **out,
		      int *fd_out)
{
	__u32 id = 0;

	while (!bpf_btf_get_next_id(id, &id)) {
		struct bpf_btf_info info = {};
		__u32 len = sizeof(info);
		char buf[64] = "";
		int fd;

		fd = bpf_btf_get_fd_by_id(id);
		if (fd < 0)
			continue;
		info.name = (__u64)(unsigned long)buf;
		info.name_len = sizeof(buf);
		if (bpf_obj_get_info_by_fd(fd, &info, &len) ||
		    !info.kernel_btf || strcmp(buf, name)) {
			close(fd);
			continue;
		}
		*out = btf__load_from_kernel_by_id_split(id, base);
		if (!*out) {
			int err = -errno;

			close(fd);
			return err;
		}
		*fd_out = fd;
		return 0;
	}
	return -ENOENT;
}

/* Any DATASEC other than .data..percpu with entries? */
static bool has_global_vars(const struct btf *btf)
{
	int id, n = btf__type_cnt(btf);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_datasec(t) && btf_vlen(t) &&
		    strcmp(btf__name_by_offset(btf, t->name_off),
			   ".data..percpu"))
			return true;
	}
	return false;
}

/* Offset and size of member @field of the struct behind VAR @var_id. */
static int find_field(const struct btf *btf, int var_id, const char *field,
		      int *off, int *size)
{
	const struct btf_type *t = btf__type_by_id(btf, var_id);
	const struct btf_member *m;
	int i, id;

	id = btf__resolve_type(btf, t->type);
	if (id < 0)
		return id;
	t = btf__type_by_id(btf, id);
	if (!btf_is_composite(t))
		return -ENOENT;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		long sz;

		if (strcmp(btf__name_by_offset(btf, m->name_off), field))
			continue;
		if (btf_member_bitfield_size(t, i) ||
		    btf_member_bit_offset(t, i) % 8)
			return -EINVAL;
		sz = btf__resolve_size(btf, m->type);
		if (sz != 1 && sz != 2 && sz != 4 && sz != 8)
			return -EINVAL;
		*off = btf_member_bit_offset(t, i) / 8;
		*size = sz;
		return 0;
	}
	return -ENOENT;
}

static const struct {
	const char *var, *field;
	enum expect expect;
} known_fields[] = {
	{ "runqueues", "cpu", EXPECT_CPU },
	{ "init_task", "pid", EXPECT_ZERO },
};

static const char *const default_vars[] = {
	"runqueues", "bpf_prog_active", "init_task",
};

/* The verifier's reason: the last non-empty log line before its
 * statistics. */
static const char *last_line(char *log)
{
	char *p, *last = NULL, *save = NULL;

	for (p = strtok_r(log, "\n", &save); p; p = strtok_r(NULL, "\n", &save))
		if (*p && strncmp(p, "processed ", 10) &&
		    strncmp(p, "verification time", 17))
			last = p;
	return last ? last : "(no verifier log)";
}

static int load_prog(struct prog *p, char *log, bool *syscall)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o, .log_buf = log,
		    .log_size = LOG_SIZE, .log_level = 1);
	int fd;

	*syscall = false;
	fd = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "kbtf_probe", "GPL",
			   p->insns, p->n, &o);
	if (fd >= 0 || errno == EACCES)
		return fd;
	/* kernels without the raw_tp test run still have syscall progs */
	o.prog_flags = BPF_F_SLEEPABLE;
	log[0] = '\0';
	fd = bpf_prog_load(BPF_PROG_TYPE_SYSCALL, "kbtf_probe", "GPL",
			   p->insns, p->n, &o);
	if (fd >= 0)
		*syscall = true;
	return fd;
}

static int run_prog(int fd, bool syscall)
{
	LIBBPF_OPTS(bpf_test_run_opts, t);
	cpu_set_t old, one;
	int err;

	if (!syscall) {
		t.flags = BPF_F_TEST_RUN_ON_CPU;
		t.cpu = 0;
		err = bpf_prog_test_run_opts(fd, &t);
		if (err && errno != KBTF_ENOTSUPP && errno != EINVAL)
			return -errno;
		if (!err)
			return 0;
	}
	/* pin to CPU 0 so that this_cpu_ptr means CPU 0 */
	if (sched_getaffinity(0, sizeof(old), &old))
		return -errno;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		return -errno;
	memset(&t, 0, sizeof(t));
	t.sz = sizeof(t);
	err = bpf_prog_test_run_opts(fd, &t);
	err = err ? -errno : 0;
	sched_setaffinity(0, sizeof(old), &old);
	return err;
}

/* kallsyms address of @name in vmlinux, adjusted by @delta for
 * non-absolute symbols; false if absent. */
static bool ksym_addr(const struct kbtf_ksyms *k, const char *name,
		      const char *module, long long delta, __u64 *addr)
{
	size_t first, count, i;

	kbtf_ksyms__find(k, name, &first, &count);
	for (i = first; i < first + count; i++) {
		const struct kbtf_ksym *s = &k->syms[k->by_name[i]];

		if (module ? !s->module || strcmp(s->module, module) :
			     s->module != NULL)
			continue;
		*addr = s->addr + ((s->type == 'A' || s->type == 'a') ? 0 : delta);
		return true;
	}
	return false;
}

/* With a System.map instead of the live kallsyms, KASLR moves every
 * non-absolute symbol by the same amount: measure it on _stext. */
static long long kaslr_delta(const struct kbtf_ksyms *file, const char *path)
{
	struct kbtf_ksyms *live;
	__u64 a = 0, b = 0;

	if (!strcmp(path, "/proc/kallsyms"))
		return 0;
	live = kbtf_ksyms__load("/proc/kallsyms");
	if (!live || live->all_zero ||
	    !ksym_addr(live, "_stext", NULL, 0, &a) ||
	    !ksym_addr(file, "_stext", NULL, 0, &b)) {
		kbtf_ksyms__free(live);
		return 0;
	}
	kbtf_ksyms__free(live);
	return (long long)(a - b);
}

static void check_results(struct reporter *r, struct pvar *vars, size_t nr,
			  const __u64 *slots, int ncpu,
			  const struct kbtf_ksyms *ks, const char *module,
			  long long delta)
{
	size_t i;
	int c;

	for (i = 0; i < nr; i++) {
		const struct pvar *v = &vars[i];
		const __u64 *s = slots + v->slot;
		bool ok = true;
		__u64 want;

		if (!ksym_addr(ks, v->name, module, delta, &want)) {
			say(r, v->name, false,
			    "not in kallsyms, so BTF names a variable the kernel cannot resolve");
			continue;
		}
		if (s[0] != want) {
			say(r, v->name, false,
			    "address 0x%llx from BTF_ID, kallsyms says 0x%llx",
			    (unsigned long long)s[0], (unsigned long long)want);
			continue;
		}
		if (!v->percpu) {
			if (v->field_size && v->expect == EXPECT_ZERO &&
			    s[1] != 0) {
				say(r, v->name, false,
				    "address 0x%llx ok, but %s = %llu, expected 0",
				    (unsigned long long)s[0], v->field,
				    (unsigned long long)s[1]);
				continue;
			}
			say(r, v->name, true, "global: address 0x%llx = kallsyms%s%s%s",
			    (unsigned long long)s[0],
			    v->field_size ? ", " : "",
			    v->field_size ? v->field : "",
			    v->field_size ? " read through BTF" : "");
			continue;
		}
		for (c = 0; c < ncpu && ok; c++) {
			__u64 p = s[1 + 2 * c], f = s[2 + 2 * c];

			if (!p) {
				say(r, v->name, false,
				    "bpf_per_cpu_ptr(&%s, %d) returned NULL for a possible CPU",
				    v->name, c);
				ok = false;
			} else if (v->expect == EXPECT_CPU && v->field_size &&
				   f != (__u64)c) {
				say(r, v->name, false,
				    "bpf_per_cpu_ptr(&%s, %d)->%s = %llu, expected %d",
				    v->name, c, v->field,
				    (unsigned long long)f, c);
				ok = false;
			} else if (c && p == s[1 + 2 * (c - 1)]) {
				say(r, v->name, false,
				    "bpf_per_cpu_ptr gives CPUs %d and %d the same address",
				    c - 1, c);
				ok = false;
			}
		}
		if (!ok)
			continue;
		if (s[1 + 2 * ncpu] != s[1]) {
			say(r, v->name, false,
			    "bpf_this_cpu_ptr on CPU 0 gave 0x%llx, bpf_per_cpu_ptr(0) 0x%llx",
			    (unsigned long long)s[1 + 2 * ncpu],
			    (unsigned long long)s[1]);
			continue;
		}
		say(r, v->name, true,
		    "per-CPU: offset 0x%llx = kallsyms, bpf_per_cpu_ptr on %d CPUs%s%s, bpf_this_cpu_ptr ok",
		    (unsigned long long)s[0], ncpu,
		    v->expect == EXPECT_CPU ? ", ->" : "",
		    v->expect == EXPECT_CPU ? "cpu matches" : "");
	}
}

int kbtf_probe__run(const struct kbtf_probe_opts *in, kbtf_finding_fn fn,
		    void *ctx, struct kbtf_probe_result *res)
{
	struct kbtf_probe_opts o;
	struct reporter r = { .fn = fn, .ctx = ctx, .res = res };
	struct kbtf_ksyms *ks = NULL;
	struct pvar *vars = NULL;
	struct prog *p = NULL;
	const char *const *names;
	struct btf *btf = NULL, *base_btf = NULL, *mod_btf = NULL;
	int map_fd = -1, prog_fd = -1, btf_fd = 0, ncpu, nslots = 0, ret;
	int start_id = 1;
	size_t nr, i, j;
	__u64 *slots = NULL;
	char *log = NULL, val[64];
	bool syscall;
	__u32 key = 0;
	long long delta;

	if (!res || kbtf_opts_copy(&o, sizeof(o), in)) {
		errno = EINVAL;
		return -EINVAL;
	}
	memset(res, 0, sizeof(*res));
	if (!o.btf_path)
		o.btf_path = "/sys/kernel/btf/vmlinux";
	if (!o.kallsyms_path)
		o.kallsyms_path = "/proc/kallsyms";
	if (!o.config_path && access("/proc/config.gz", R_OK) == 0)
		o.config_path = "/proc/config.gz";
	names = o.vars ? o.vars : default_vars;
	nr = o.vars ? o.nr_vars :
		      sizeof(default_vars) / sizeof(default_vars[0]);

	/* Typed ksyms to data need data symbols in kallsyms. */
	if (o.config_path &&
	    !kbtf_kconfig_get(o.config_path, "CONFIG_KALLSYMS_ALL", val,
			      sizeof(val)) && strcmp(val, "y")) {
		say(&r, NULL, false,
		    "CONFIG_KALLSYMS_ALL is not set in %s: kallsyms has no data symbols, so typed ksyms to kernel variables cannot load on this kernel",
		    o.config_path);
		ret = 0;
		goto out;
	}
	ks = kbtf_ksyms__load(o.kallsyms_path);
	if (!ks) {
		ret = -errno;
		say(&r, NULL, false, "%s: cannot load: %s", o.kallsyms_path,
		    strerror(-ret));
		goto out;
	}
	if (ks->all_zero) {
		say(&r, NULL, false,
		    "%s shows no addresses (kptr_restrict, or not root): nothing to compare with",
		    o.kallsyms_path);
		ret = 0;
		goto out;
	}
	delta = kaslr_delta(ks, o.kallsyms_path);
	btf = btf__parse(o.btf_path, NULL);
	if (!btf) {
		ret = -errno;
		say(&r, NULL, false, "%s: cannot read BTF: %s", o.btf_path,
		    strerror(errno));
		goto out;
	}
	if (o.module) {
		ret = module_btf(btf, o.module, &mod_btf, &btf_fd);
		if (ret) {
			say(&r, NULL, false,
			    "module %s: no BTF object in the kernel: %s",
			    o.module, strerror(-ret));
			goto out;
		}
		start_id = btf__type_cnt(btf);
		base_btf = btf;
		btf = mod_btf;
	}
	ncpu = libbpf_num_possible_cpus();
	if (ncpu <= 0)
		ncpu = 1;
	if (ncpu > MAX_CPUS)
		ncpu = MAX_CPUS;
	if (o.max_cpus > 0 && ncpu > o.max_cpus)
		ncpu = o.max_cpus;

	vars = calloc(nr ? nr : 1, sizeof(*vars));
	if (!vars) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = j = 0; i < nr; i++) {
		struct pvar *v = &vars[j];
		size_t k;

		v->name = names[i];
		v->var_id = btf__find_by_name_kind(btf, v->name, BTF_KIND_VAR);
		if (v->var_id < start_id)
			v->var_id = 0;	/* a module probes its own VARs */
		if (v->var_id <= 0 && !o.vars && !has_global_vars(btf)) {
			say(&r, v->name, true,
			    "skipped: %s has VARs for per-CPU variables only (pahole's default), so no global variable can be probed",
			    o.btf_path);
			continue;
		}
		if (v->var_id <= 0) {
			say(&r, v->name, false,
			    "no VAR of this name in %s: a typed ksym to it cannot load",
			    o.btf_path);
			continue;
		}
		v->percpu = var_is_percpu(btf, start_id, v->var_id);
		for (k = 0; k < sizeof(known_fields) / sizeof(known_fields[0]);
		     k++) {
			if (strcmp(known_fields[k].var, v->name))
				continue;
			if (find_field(btf, v->var_id, known_fields[k].field,
				       &v->field_off, &v->field_size) == 0) {
				v->field = known_fields[k].field;
				v->expect = known_fields[k].expect;
			}
		}
		v->slot = nslots;
		nslots += nr_slots(v, ncpu);
		j++;
	}
	nr = j;
	if (!nr) {
		ret = 0;	/* each variable was reported */
		goto out;
	}
	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "kbtf_probe", 4,
				nslots * 8, 1, NULL);
	if (map_fd < 0) {
		ret = -errno;
		say(&r, NULL, false, "cannot create the result map: %s",
		    strerror(errno));
		goto out;
	}
	p = calloc(1, sizeof(*p));
	log = calloc(1, LOG_SIZE);
	slots = calloc(nslots, sizeof(*slots));
	if (!p || !log || !slots) {
		ret = -ENOMEM;
		goto out;
	}
	build(p, map_fd, btf_fd, vars, nr, ncpu);
	if (p->overflow) {
		say(&r, NULL, false, "probe program too large");
		ret = -E2BIG;
		goto out;
	}
	prog_fd = load_prog(p, log, &syscall);
	if (prog_fd < 0) {
		say(&r, NULL, false, "the verifier refused the probe: %s",
		    last_line(log));
		ret = 0;	/* what the probe is there to find out */
		goto out;
	}
	ret = run_prog(prog_fd, syscall);
	if (ret) {
		say(&r, NULL, false, "BPF_PROG_TEST_RUN failed: %s",
		    strerror(-ret));
		goto out;
	}
	if (bpf_map_lookup_elem(map_fd, &key, slots)) {
		ret = -errno;
		say(&r, NULL, false, "cannot read the result map: %s",
		    strerror(errno));
		goto out;
	}
	check_results(&r, vars, nr, slots, ncpu, ks, o.module, delta);
	ret = 0;
out:
	if (prog_fd >= 0)
		close(prog_fd);
	if (map_fd >= 0)
		close(map_fd);
	free(p);
	free(log);
	free(slots);
	free(vars);
	btf__free(btf);
	btf__free(base_btf);
	if (btf_fd > 0)
		close(btf_fd);
	kbtf_ksyms__free(ks);
	if (ret < 0)
		errno = -ret;
	return ret;
}
