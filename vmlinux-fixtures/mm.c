// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture CU "mm": the strong definition of a variable core.c defines
 * __weak, a __weak definition nobody overrides, a static of the same
 * name as one in core.c, a zero-sized
 * per-CPU object, .data..read_mostly, .bss (a page-aligned array like
 * empty_zero_page) and a self-referencing initialised list head.
 */
#include "fixture.h"

/* Strong: the linker keeps this one over core.c's __weak definition. */
int panic_timeout = 10;

static int counter __used = 2;

/* __weak with no strong definition anywhere: kept, global. */
int __weak weak_only = 3;

/* A zero-sized per-CPU object (GNU C empty struct): st_size 0, no VAR. */
struct pcpu_empty {
};

DEFINE_PER_CPU(struct pcpu_empty, pcpu_empty_obj);
DEFINE_PER_CPU(int, mm_nr_pages);
static DEFINE_PER_CPU(int, cpu_state) __used;	/* also in core.c */
DEFINE_PER_CPU(struct list_head, pcpu_lru);

unsigned long totalram_pages __read_mostly;
int sysctl_overcommit_ratio __read_mostly = 50;

struct list_head mm_list = { &mm_list, &mm_list };

char empty_zero_page[4096] __aligned(4096);
unsigned long jiffies_fixture;
static long nr_free_pages __used;

long fixture_work(int cpu)
{
	mm_nr_pages += cpu;
	cpu_state++;
	nr_free_pages += sysctl_overcommit_ratio;
	return (long)totalram_pages + empty_zero_page[cpu] + counter;
}
