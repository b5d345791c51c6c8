// SPDX-License-Identifier: GPL-2.0-only
/*
 * Typed ksyms of kernel objects that only a BTF with VARs for all global
 * variables describes, read by the program and handed back in .bss.  One
 * object per build: the loader embeds one skeleton per case (-DCASE_name),
 * so that a kernel whose BTF lacks one object fails that case alone.
 *
 *   init_task		.data, a struct: read pid and comm
 *   linux_banner	.rodata, declared `extern const char linux_banner[]`
 *			in its users: DWARF's declaration has no size
 *   per_cpu_offset	__per_cpu_offset[], __ro_after_init: in .rodata after
 *			the kallsyms tables, so its final address is not the
 *			one the BTF was made for
 *   saved_command_line	.bss, a pointer: the string it points to
 *   nr_cpu_ids		.data..read_mostly (__read_mostly)
 *   cpu_number		per-CPU, through bpf_per_cpu_ptr and bpf_this_cpu_ptr
 *
 * The program is run with BPF_PROG_TEST_RUN and never attached.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "kbtf_ksyms.h"

struct kbtf_ksyms_out out;

#if defined(CASE_init_task)
extern const struct task_struct init_task __ksym;

static __always_inline void read_ksym(void)
{
	int i;

	out.addr = (__u64)&init_task;
	out.val[0] = init_task.pid;
	for (i = 0; i < sizeof(init_task.comm) && i < KBTF_KSYMS_STR; i++)
		out.str[i] = init_task.comm[i];
}
#elif defined(CASE_linux_banner)
extern const char linux_banner[] __ksym;

static __always_inline void read_ksym(void)
{
	int i;

	out.addr = (__u64)linux_banner;
	/* direct loads: the verifier bounds them by the BTF array's size */
	for (i = 0; i < KBTF_KSYMS_STR - 1; i++)
		out.str[i] = linux_banner[i];
}
#elif defined(CASE_per_cpu_offset)
extern const unsigned long __per_cpu_offset[] __ksym;
extern const int cpu_number __ksym;

static __always_inline void read_ksym(void)
{
	const int *p;

	out.addr = (__u64)__per_cpu_offset;
	out.val[0] = __per_cpu_offset[0];
	out.val[1] = __per_cpu_offset[1];
	/* where the per-CPU helper finds CPU 0's and 1's copies */
	p = bpf_per_cpu_ptr(&cpu_number, 0);
	if (p)
		out.val[2] = (__u64)p;
	p = bpf_per_cpu_ptr(&cpu_number, 1);
	if (p)
		out.val[3] = (__u64)p;
}
#elif defined(CASE_saved_command_line)
extern char *const saved_command_line __ksym;

static __always_inline void read_ksym(void)
{
	out.addr = (__u64)&saved_command_line;
	bpf_probe_read_kernel_str(out.str, sizeof(out.str), saved_command_line);
}
#elif defined(CASE_nr_cpu_ids)
extern const unsigned int nr_cpu_ids __ksym;

static __always_inline void read_ksym(void)
{
	out.addr = (__u64)&nr_cpu_ids;
	out.val[0] = nr_cpu_ids;
}
#elif defined(CASE_cpu_number)
extern const int cpu_number __ksym;

static __always_inline void read_ksym(void)
{
	const int *p;

	out.addr = (__u64)&cpu_number;
	out.val[0] = out.val[1] = -1;
	p = bpf_per_cpu_ptr(&cpu_number, 0);
	if (p)
		out.val[0] = *p;
	p = bpf_per_cpu_ptr(&cpu_number, 1);
	if (p)
		out.val[1] = *p;
	out.val[2] = *(const int *)bpf_this_cpu_ptr(&cpu_number);
	out.val[3] = bpf_get_smp_processor_id();
}
#else
#error "build with -DCASE_<object>"
#endif

SEC("raw_tp/sys_enter")
int run(void *ctx)
{
	read_ksym();
	out.done = 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
