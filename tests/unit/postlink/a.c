// SPDX-License-Identifier: GPL-2.0-only
/*
 * Post-link fixture, first object.  Plain .rodata comes before the
 * "kallsyms tables" (tables.c) in the final link; .rodata.late after them,
 * so its objects move.  pl_dup and pl_late_dup are statics that b.c
 * defines too: same name, same section, told apart only by link order.
 */
const int pl_early[4] = { 1, 2, 3, 4 };
static const int pl_dup[3] = { 5, 6, 7 };
__attribute__((section(".rodata.late"))) const long pl_late[2] = { 8, 9 };
__attribute__((section(".rodata.late"))) static const short pl_late_dup = 10;
int pl_data = 1;
__attribute__((section(".data..percpu"))) int pl_pcpu;

const void *pl_use_a(int i)
{
	return i ? (const void *)&pl_dup[i] : (const void *)&pl_late_dup;
}

void _start(void)
{
	for (;;)
		;
}
