// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test module for the end-to-end probe: one per-CPU and one global
 * variable, whose VARs btfencode must put in the module's split BTF.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/percpu.h>

struct kbtf_testmod_pcpu {
	int cpu;
	long hits;
};

DEFINE_PER_CPU(struct kbtf_testmod_pcpu, kbtf_testmod_pcpu);
int kbtf_testmod_global = 42;

static int __init kbtf_testmod_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		per_cpu(kbtf_testmod_pcpu, cpu).cpu = cpu;
	kbtf_testmod_global++;
	return 0;
}
module_init(kbtf_testmod_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbtf end-to-end test module");
