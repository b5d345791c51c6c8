// SPDX-License-Identifier: GPL-2.0-only
/*
 * Post-link fixture, second object: the other pl_dup and pl_late_dup, of
 * other sizes than a.c's, so that pairing them the wrong way round fails.
 */
static const int pl_dup[5] = { 11, 12, 13, 14, 15 };
__attribute__((section(".rodata.late"))) static const int pl_late_dup = 16;
__attribute__((section(".rodata.late"))) const char pl_late_name[8] = "late";
__attribute__((section(".data..percpu"))) long pl_pcpu_b;

const void *pl_use_b(int i)
{
	return i ? (const void *)&pl_dup[i] : (const void *)&pl_late_dup;
}
