/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario "edges" (x86-64): the corners of the rule that needed a
 * decision (docs/encoder.md, "Pairing" and "--btf_gen_optimized").
 * Units: a.s (edges_a.c), b.s (code with no DWARF, like assembly).
 *
 *  function        default cons opt  both
 *  opt_struct           -    -    yes  yes
 *  opt_int_struct       -    -    yes  yes
 *  opt_float            -    -    yes  yes
 *  twocl_a              -    -    -    -
 *  twocl_b              -    -    -    -
 *  ext_inline           yes  yes  yes  yes
 *
 * 1. A clone with a struct, float or wide argument among its register
 * arguments: the check stops at that argument (the registers after it
 * may shift), and what it saw before decides.
 *
 * opt_struct: only opt_struct.constprop.0, "int opt_struct(struct pair
 * p, int x)", p in rdi:rsi, x in rdx.  No plain integer argument comes
 * before p: nothing to check, the prototype holds: a FUNC with
 * optimized_func (and with both options: one address, nothing moved).
 *
 * opt_int_struct: only opt_int_struct.constprop.0, "int
 * opt_int_struct(int a, struct pair p)", a in rdi, p in rsi:rdx.  a is in
 * place: a FUNC.
 *
 * opt_float: only opt_float.isra.0, "int opt_float(int a, double d)", a
 * in rdi, d in xmm0.  a is in place: a FUNC.
 *
 * 2. A function that only clones carry, with two clones at two addresses,
 * one of which moved an argument.  A tracing program may be reached from
 * either, so every clone must hold the prototype: no FUNC, whatever the
 * clones' order (it once depended on it).  With consistent_func both are
 * dropped too (several addresses).
 *
 * twocl_a: "int twocl_a(int a, int b)": twocl_a.constprop.0 has a, b in
 * rdi, rsi; twocl_a.constprop.1 has b in rdx.  No FUNC.
 *
 * twocl_b: the same with the clones' order swapped.  No FUNC.
 *
 * 3. An external abstract instance pairs by name: there is one global
 * function of that name (an extern inline whose out-of-line code is
 * assembly, such as x86's native_save_fl), unlike a static abstract
 * instance, which would pair with another unit's copy.
 *
 * ext_inline: the abstract instance of an extern inline function
 * "long unsigned int ext_inline(void)" (DW_AT_external), no code of its
 * own; the one ext_inline symbol is in b.s (no DWARF, like
 * arch/x86/kernel/irqflags.S).  A FUNC in all four.
 */
	.include "dwarf.inc"
	.include "x86_64.inc"

	.text
.La_lo:
	FN opt_struct.constprop.0, local, 16
	FN opt_int_struct.constprop.0, local, 16
	FN opt_float.isra.0, local, 16
	FN twocl_a.constprop.0, local, 16
	FN twocl_a.constprop.1, local, 16
	FN twocl_b.constprop.0, local, 16
	FN twocl_b.constprop.1, local, 16
.La_hi:

	DWARF_ABBREVS

	CU_BEGIN a, edges_a.c, .La_lo, .La_hi
	BASE a, int, int, 4, DW_ATE_signed
	BASE a, long, "long int", 8, DW_ATE_signed
	BASE a, double, double, 8, DW_ATE_float
	BASE a, ulong, "long unsigned int", 8, DW_ATE_unsigned
	STRUCT a, pair, pair, 16
	MEMBER a, lo, long, 0
	MEMBER a, hi, long, 8
	END

	ABSTRACT a, opt_struct, opt_struct, 0, int
	PARAM a, opt_struct_p, p, pair
	PARAM a, opt_struct_x, x, int
	END
	CONCRETE a, opt_struct, .Lopt_struct.constprop.0_start, .Lopt_struct.constprop.0_end
	OPARAM_EXPR a, opt_struct_p, DW_OP_reg0 + RDI, DW_OP_piece, 8, DW_OP_reg0 + RSI, DW_OP_piece, 8
	OPARAM_REG a, opt_struct_x, RDX
	END

	ABSTRACT a, opt_int_struct, opt_int_struct, 0, int
	PARAM a, opt_int_struct_a, a, int
	PARAM a, opt_int_struct_p, p, pair
	END
	CONCRETE a, opt_int_struct, .Lopt_int_struct.constprop.0_start, .Lopt_int_struct.constprop.0_end
	OPARAM_REG a, opt_int_struct_a, RDI
	OPARAM_EXPR a, opt_int_struct_p, DW_OP_reg0 + RSI, DW_OP_piece, 8, DW_OP_reg0 + RDX, DW_OP_piece, 8
	END

	ABSTRACT a, opt_float, opt_float, 0, int
	PARAM a, opt_float_a, a, int
	PARAM a, opt_float_d, d, double
	END
	CONCRETE a, opt_float, .Lopt_float.isra.0_start, .Lopt_float.isra.0_end
	OPARAM_REG a, opt_float_a, RDI
	OPARAM_REG a, opt_float_d, XMM0
	END

	ABSTRACT a, twocl_a, twocl_a, 0, int
	PARAM a, twocl_a_a, a, int
	PARAM a, twocl_a_b, b, int
	END
	CONCRETE a, twocl_a, .Ltwocl_a.constprop.0_start, .Ltwocl_a.constprop.0_end
	OPARAM_REG a, twocl_a_a, RDI
	OPARAM_REG a, twocl_a_b, RSI
	END
	CONCRETE a, twocl_a, .Ltwocl_a.constprop.1_start, .Ltwocl_a.constprop.1_end
	OPARAM_REG a, twocl_a_a, RDI
	OPARAM_REG a, twocl_a_b, RDX
	END

	ABSTRACT a, twocl_b, twocl_b, 0, int
	PARAM a, twocl_b_a, a, int
	PARAM a, twocl_b_b, b, int
	END
	CONCRETE a, twocl_b, .Ltwocl_b.constprop.0_start, .Ltwocl_b.constprop.0_end
	OPARAM_REG a, twocl_b_a, RDI
	OPARAM_REG a, twocl_b_b, RDX
	END
	CONCRETE a, twocl_b, .Ltwocl_b.constprop.1_start, .Ltwocl_b.constprop.1_end
	OPARAM_REG a, twocl_b_a, RDI
	OPARAM_REG a, twocl_b_b, RSI
	END

	ABSTRACT a, ext_inline, ext_inline, 1, ulong
	END
	CU_END a
