// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture CU "core": the entry point and what init/main.c, init/version.c
 * and kernel/printk/ contribute to a vmlinux: a banner declared as
 * extern char[] in the header and defined sized here, a __weak default
 * that mm.c overrides, the per-CPU object the linker puts at address 0,
 * init text and data, exit text and data, a varargs function and function
 * pointers.
 */
#include "fixture.h"

/* Header declaration (fixture.h), definition here. */
int console_loglevel = 7;

/* extern const char linux_banner[] in fixture.h; sized here. */
const char linux_banner[] =
	"Linux version 6.1.0-kbtf (fixture@kbtf) #1 SMP PREEMPT_DYNAMIC\n";

/* __weak default; mm.c has the strong definition the linker keeps, and
 * both CUs' DWARF then give the strong one's address. */
int __weak panic_timeout;

/* Same name as a static in mm.c: two entries, both static. */
static int counter __used = 1;

/* arch/x86: fixed_percpu_data is the first per-CPU object, at 0. */
struct fixed_percpu_data {
	char gs_base[40];
	unsigned long stack_canary;
};

DEFINE_PER_CPU_FIRST(struct fixed_percpu_data, fixed_percpu_data) __used;
DEFINE_PER_CPU(unsigned long, process_counts);
static DEFINE_PER_CPU(int, cpu_state) __used;	/* also in mm.c */
DEFINE_PER_CPU(int [8], pcpu_array);
DEFINE_PER_CPU_READ_MOSTLY(int, cpu_number);

/* init data: present in the image, freed at run time */
int initcall_debug_level __initdata = 1;
static char boot_command_line[64] __initdata __used = "console=ttyS0";

/* exit data is discarded by the linker script: no symbol, and the DWARF
 * location of these variables is relocated to address 0. */
int exit_global __exitdata = 4;
static int exit_state __exitdata __used = 3;

static void __exit fixture_exit(void)
{
	exit_state = exit_global + 1;
}

long (*fixture_hook)(int cpu) __read_mostly = fixture_work;

static long fops_read(struct task_struct *t, char __user *buf,
		      unsigned long count, long *pos)
{
	(void)t;
	(void)buf;
	return (long)count + *pos;
}

static int fops_open(struct task_struct *t, int flags)
{
	(void)t;
	return flags;
}

const struct file_operations fixture_fops = {
	.read = fops_read,
	.open = fops_open,
};

static int sink;

int fixture_printk(const char *fmt, ...)
{
	__builtin_va_list ap;
	int n = 0;

	__builtin_va_start(ap, fmt);
	while (*fmt++)
		n += __builtin_va_arg(ap, int);
	__builtin_va_end(ap);
	sink += n;
	return n;
}

static __noinline int do_one_initcall(int level)
{
	/* a function-local static: its symbol is "calls.N" (gcc) or
	 * "do_one_initcall.calls" (clang), never a VAR */
	static int calls;

	calls += level;
	return calls + initcall_debug_level;
}

static int __init fixture_init(void)
{
	return initcall_debug_level + boot_command_line[0];
}

void _start(void)
{
	int cpu = fixture_init();

	for (; cpu < 4; cpu++) {
		process_counts += (unsigned long)fixture_hook(cpu);
		fixed_percpu_data.stack_canary ^= (unsigned long)cpu;
		cpu_state = do_one_initcall(cpu);
		pcpu_array[cpu] = cpu_number;
	}
	fixture_printk("%d %d\n", counter, panic_timeout);
	fixture_fops.read(0, 0, (unsigned long)console_loglevel, 0);
	for (;;)
		;
}
