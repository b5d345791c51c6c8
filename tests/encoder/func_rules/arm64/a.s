/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario "arm64" (aarch64, assembled with Debian's cross binutils,
 * binutils-aarch64-linux-gnu): the arm64 register table and the arm64
 * kernel's patchable function entries.  One unit, a.s (arm_a.c).  The
 * argument registers are x0..x7 (DWARF 0..7).
 *
 * The arm64 kernel is built with -fpatchable-function-entry=2: the
 * function's symbol is followed by two NOPs (8 bytes) for ftrace, and
 * DW_AT_low_pc is after them, 8 bytes past the symbol.
 *
 *  function        rule                                    def  cons opt  both
 *  ftrace_nops     symbol 8 bytes before low_pc            yes  yes  yes  yes
 *  eight_args      x0..x7 in place                         yes  yes  yes  yes
 *  eight_swapped   7th/8th arguments swapped (x7, x6)      yes  -    yes  -
 *  x86_regs        arguments in DWARF 5, 4 (x86's rdi/rsi) yes  -    yes  -
 *  nop_clone       clone-only, NOPs, x0/x1 in place        -    -    yes  yes
 */
	.include "dwarf.inc"
	.include "aarch64.inc"

	.text
.La_lo:
/*
 * ftrace_nops: "int ftrace_nops(int a, long int b)", a in x0, b in x1,
 * its symbol 8 bytes before DW_AT_low_pc.  The symbol's extent holds the
 * entry: a FUNC in every flag set.  Address-only (symbol at low_pc): no
 * FUNC, which is how an address-only rule lost 88% of arm64's FUNCs.
 */
	.globl ftrace_nops
	.type ftrace_nops, %function
ftrace_nops:
	nop
	nop
.Lftrace_nops_pc:
	.skip 16
.Lftrace_nops_end:
	.size ftrace_nops, . - ftrace_nops

/*
 * eight_args: "long int eight_args(long int a0, ..., long int a7)", each
 * ai in xi: every argument where AAPCS64 puts it, a FUNC in every flag
 * set.
 *
 * eight_swapped: the same prototype with a6 in x7 and a7 in x6.  arm64
 * passes 8 arguments in registers, so the 7th and 8th are checked:
 * consistent_func drops it.  With x86-64's table (6 registers) they
 * would not be checked and it would stay.
 *
 * x86_regs: "int x86_regs(int a, int b)" with a in DWARF register 5 and
 * b in 4 (x5, x4): where x86-64 would have them (rdi, rsi), not where
 * arm64 does.  consistent_func drops it; with x86-64's table it would
 * stay.
 */
	FN eight_args, global, 16
	FN eight_swapped, global, 16
	FN x86_regs, global, 16

/*
 * nop_clone: only nop_clone.constprop.0 carries this function, with the
 * two NOPs after its symbol too; "int nop_clone(int a, long int b)", a
 * in x0, b in x1 at DW_AT_low_pc.  The clone's extent holds the entry
 * and the arguments are in place: a FUNC with --btf_gen_optimized, none
 * without.
 */
	.type nop_clone.constprop.0, %function
nop_clone.constprop.0:
	nop
	nop
.Lnop_clone_pc:
	.skip 16
.Lnop_clone_end:
	.size nop_clone.constprop.0, . - nop_clone.constprop.0
.La_hi:

	DWARF_ABBREVS

	CU_BEGIN a, arm_a.c, .La_lo, .La_hi
	BASE a, int, int, 4, DW_ATE_signed
	BASE a, long, "long int", 8, DW_ATE_signed

	FUNC a, ftrace_nops, ftrace_nops, 1, int, .Lftrace_nops_pc, .Lftrace_nops_end
	PARAM_REG a, , a, int, X0
	PARAM_REG a, , b, long, X1
	END

	FUNC a, eight_args, eight_args, 1, long, .Leight_args_start, .Leight_args_end
	PARAM_REG a, , a0, long, X0
	PARAM_REG a, , a1, long, X1
	PARAM_REG a, , a2, long, X2
	PARAM_REG a, , a3, long, X3
	PARAM_REG a, , a4, long, X4
	PARAM_REG a, , a5, long, X5
	PARAM_REG a, , a6, long, X6
	PARAM_REG a, , a7, long, X7
	END

	FUNC a, eight_swapped, eight_swapped, 1, long, .Leight_swapped_start, .Leight_swapped_end
	PARAM_REG a, , a0, long, X0
	PARAM_REG a, , a1, long, X1
	PARAM_REG a, , a2, long, X2
	PARAM_REG a, , a3, long, X3
	PARAM_REG a, , a4, long, X4
	PARAM_REG a, , a5, long, X5
	PARAM_REG a, , a6, long, X7
	PARAM_REG a, , a7, long, X6
	END

	FUNC a, x86_regs, x86_regs, 1, int, .Lx86_regs_start, .Lx86_regs_end
	PARAM_REG a, , a, int, X5
	PARAM_REG a, , b, int, X4
	END

	ABSTRACT a, nop_clone, nop_clone, 0, int
	PARAM a, nop_clone_a, a, int
	PARAM a, nop_clone_b, b, long
	END
	CONCRETE a, nop_clone, .Lnop_clone_pc, .Lnop_clone_end
	OPARAM_REG a, nop_clone_a, X0
	OPARAM_REG a, nop_clone_b, X1
	END
	CU_END a
