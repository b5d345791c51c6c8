// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where each architecture's C calling convention, as the kernel is built,
 * puts the first arguments: DWARF register numbers, from the ELF header
 * (e_machine, EI_CLASS).  Used to tell whether a function's parameters are
 * where a caller (a BPF trampoline) expects them.
 *
 * An architecture missing here has no check (nr_regs 0): nothing is
 * excluded for lack of knowledge.
 */
#include <elf.h>

#include "encoder_int.h"

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

static const struct kbtf_abi abis[] = {
	/* rdi, rsi, rdx, rcx, r8, r9 */
	{ EM_X86_64, 1, 8, 6, { 5, 4, 1, 2, 8, 9 } },
	/* i386 kernels: -mregparm=3: eax, edx, ecx */
	{ EM_386, 0, 4, 3, { 0, 2, 1 } },
	/* x0-x7 */
	{ EM_AARCH64, 1, 8, 8, { 0, 1, 2, 3, 4, 5, 6, 7 } },
	/* AAPCS: r0-r3 */
	{ EM_ARM, 0, 4, 4, { 0, 1, 2, 3 } },
	/* r2-r6 */
	{ EM_S390, 1, 8, 5, { 2, 3, 4, 5, 6 } },
	/* a0-a7 = x10-x17 */
	{ EM_RISCV, 1, 8, 8, { 10, 11, 12, 13, 14, 15, 16, 17 } },
	{ EM_RISCV, 0, 4, 8, { 10, 11, 12, 13, 14, 15, 16, 17 } },
	/* r3-r10 */
	{ EM_PPC64, 1, 8, 8, { 3, 4, 5, 6, 7, 8, 9, 10 } },
	{ EM_PPC, 0, 4, 8, { 3, 4, 5, 6, 7, 8, 9, 10 } },
	/* a0-a7 = r4-r11 */
	{ EM_LOONGARCH, 1, 8, 8, { 4, 5, 6, 7, 8, 9, 10, 11 } },
	/* n64: a0-a7 = $4-$11; o32: a0-a3 = $4-$7 */
	{ EM_MIPS, 1, 8, 8, { 4, 5, 6, 7, 8, 9, 10, 11 } },
	{ EM_MIPS, 0, 4, 4, { 4, 5, 6, 7 } },
};

const struct kbtf_abi *kbtf_abi_of(uint16_t machine, bool is64)
{
	static const struct kbtf_abi none;
	size_t i;

	for (i = 0; i < sizeof(abis) / sizeof(abis[0]); i++)
		if (abis[i].machine == machine && abis[i].is64 == is64)
			return &abis[i];
	return &none;
}
