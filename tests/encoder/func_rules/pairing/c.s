/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario "pairing", c.s (unit pair_c.c, like kernel/sys_ni.c).  The
 * table of the scenario is in a.s.
 */
	.include "dwarf.inc"
	.include "x86_64.inc"

	.text
.Lc_lo:
/*
 * __x64_sys_getuid16: the weak stub "long int __x64_sys_getuid16(const
 * struct pt_regs *regs)".  The linker resolved the name to b.s's global
 * alias of __do_sys_getuid16, so this code has no symbol.  No symbol of
 * the name holds this definition's entry or lies in this unit; one is
 * elsewhere: it pairs by name.  Expected: a FUNC with this prototype in
 * every flag set (one address; its argument is in rdi).  Address-only: no
 * FUNC (nothing at this low_pc, and no DWARF at the alias).
 */
	FN __x64_sys_getuid16, weak, 16

/*
 * cat_destroy: gcc emitted the out-of-line copy of an inlined static
 * function (called through a function table) with no concrete DIE: the
 * abstract instance "void cat_destroy(struct cat *c)" is the only DWARF
 * of that code, and the one cat_destroy symbol is inside this unit's
 * code.  Expected: a FUNC in every flag set.  Address-only: none (an
 * abstract instance has no low_pc).
 */
	FN cat_destroy, local, 16
.Lc_hi:

	DWARF_ABBREVS

	CU_BEGIN c, pair_c.c, .Lc_lo, .Lc_hi
	BASE c, long, "long int", 8, DW_ATE_signed
	STRUCT_DECL c, pt_regs, pt_regs
	CONST c, cpt_regs, pt_regs
	PTR c, pcpt_regs, cpt_regs
	STRUCT_DECL c, cat, cat
	PTR c, pcat, cat

	FUNC c, sys, __x64_sys_getuid16, 1, long, .L__x64_sys_getuid16_start, .L__x64_sys_getuid16_end
	PARAM_REG c, , regs, pcpt_regs, RDI
	END

	ABSTRACT c, cat_destroy, cat_destroy, 0,
	PARAM c, , c, pcat
	END
	CU_END c
