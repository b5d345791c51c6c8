/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario "options" (x86-64): what --skip_encoding_btf_inconsistent_proto
 * (consistent_func) and --btf_gen_optimized (optimized_func) leave out
 * (docs/encoder.md, "Functions"; btfencode(1)).  Units, in link order:
 * a.s (opt_a.c), b.s (opt_b.c).  The argument registers are rdi, rsi,
 * rdx, rcx, r8, r9 (DWARF 5, 4, 1, 2, 8, 9).
 *
 * Each function's comment says the rule, the expected FUNC and what a
 * broken rule would give.  "pahole" is what pahole 1.25-1.28 does with
 * the same options.
 *
 *  function         rule                                  def  cons opt  both
 *  proto_differ     prototypes differ (one address)       b.s  -    b.s  -
 *  proto_same       differ only by const/names/bodies     b.s  b.s  b.s  b.s
 *  reg_swapped      argument in another register          yes  -    yes  -
 *  reg_late_move    only the entry counts                 yes  yes  yes  yes
 *  unused_arg       no location is not a reason           yes  yes  yes  yes
 *  ev_ok            DW_OP_entry_value(rdi) accepted       yes  yes  yes  yes
 *  ev_wrong         DW_OP_entry_value(rsi) for arg 0      yes  -    yes  -
 *  struct_first     struct: later args not checked        yes  yes  yes  yes
 *  int_then_struct  arg before the struct still checked   yes  -    yes  -
 *  float_first      float: later args not checked         yes  yes  yes  yes
 *  wide_first       __int128: later args not checked      yes  yes  yes  yes
 *  sdup2            same prototype, two addresses         a.s  -    a.s  -
 *  la_fn            .localalias at the same address       yes  yes  yes  yes
 *  cp_both          name + clone at two addresses         yes  -    yes  -
 *  opt_ok           clone, arguments in place             -    -    yes  yes
 *  opt_ev           clone, DW_OP_GNU_entry_value(rdi)     -    -    yes  yes
 *  opt_pref         clone, DW_OP_GNU_parameter_ref        -    -    -    -
 *  opt_pref7        the same for a stack argument         -    -    -    -
 *  opt_missing      clone, no location at its entry       -    -    -    -
 *  opt_stack        clone, argument in memory at entry    -    -    -    -
 *  opt_moved        clone, argument in another register   -    -    -    -
 */
	.include "dwarf.inc"
	.include "x86_64.inc"

	.text
.La_lo:
/*
 * proto_differ: a __weak "int proto_differ(int a)" here, overridden by
 * b.s's "int proto_differ(long int a)": one symbol, one address, two
 * candidates (this one by name, b.s's by address) whose prototypes
 * differ.  Default: b.s's prototype.  consistent_func: no FUNC.  Without
 * the prototype rule consistent_func would keep it (one address, every
 * argument in rdi).
 */
	FN proto_differ, weak, 16

/*
 * proto_same: the same set-up, "int proto_same(const char *s, struct
 * opaque *o)" here, "int proto_same(char *name, struct opaque *obj)" in
 * b.s, where struct opaque has another body.  Qualifiers, parameter
 * names and a named struct's body do not count: one prototype, a FUNC
 * (b.s's) in every flag set.  A structural comparison would drop it.
 */
	FN proto_same, weak, 16

/*
 * reg_swapped: "int reg_swapped(int a, int b)" with a in rsi and b in
 * rdi at the entry.  consistent_func: no FUNC (an argument in another
 * register).  Default and optimized_func: a FUNC.
 */
	FN reg_swapped, global, 16

/*
 * reg_late_move: "int reg_late_move(int a, int b)": a is in rdi for the
 * first 3 bytes, then in rbx (a location list); b in rsi.  Only the
 * location at the entry counts: a FUNC in every flag set.
 */
	FN reg_late_move, global, 16

/*
 * unused_arg: "int unused_arg(int a, int b)", b unused: no
 * DW_AT_location.  A missing location is not a reason: a FUNC in every
 * flag set.
 */
	FN unused_arg, global, 16

/*
 * ev_ok: "int ev_ok(int a, int b)": a is only described as
 * DW_OP_entry_value(DW_OP_reg5) (its value at the entry was in rdi),
 * b in rsi.  Accepted: a FUNC in every flag set.
 *
 * ev_wrong: "int ev_wrong(int a)" whose a is
 * DW_OP_GNU_entry_value(DW_OP_reg4): it came in rsi, not rdi.
 * consistent_func: no FUNC.  If entry values were not read, a would have
 * no location, which is not a reason, and the FUNC would stay.
 */
	FN ev_ok, global, 16
	FN ev_wrong, global, 16

/*
 * struct_first: "int struct_first(struct pair p, int x)": p (16 bytes)
 * in rdi:rsi, x in rdx.  Past an argument that is not one integer
 * register nothing is checked: a FUNC in every flag set.  Checked as if
 * p took one register, x would be "in rdx instead of rsi" and
 * consistent_func would drop it.
 *
 * int_then_struct: "int int_then_struct(int a, struct pair p)", a in rsi.
 * a comes before the struct, so it is checked: consistent_func drops it.
 * (pahole exempts the whole function as soon as a parameter is a struct
 * and would keep it.)
 */
	FN struct_first, global, 16
	FN int_then_struct, global, 16

/*
 * float_first: "int float_first(double d, int x)": d in xmm0, x in rdi
 * (the first integer register, as the psABI passes it).  A float is not
 * an integer register: nothing after it is checked, a FUNC in every flag
 * set.  Checked, d would be "in xmm0 instead of rdi".
 *
 * wide_first: "int wide_first(__int128 v, int x)": v in rdi:rsi, x in rdx.
 * Wider than a register: nothing after it is checked, a FUNC in every
 * flag set.
 */
	FN float_first, global, 16
	FN wide_first, global, 16

/*
 * sdup2: two static "int sdup2(int a)" (here and in b.s) at two
 * addresses, the same prototype.  Default: a FUNC (this unit's, the
 * first).  consistent_func: no FUNC (its symbols are at several
 * addresses); nothing else would drop it.
 */
	FN sdup2, local, 16

/*
 * la_fn: la_fn and la_fn.localalias (a rename) at the same address: one
 * address, a FUNC in every flag set.
 */
	.globl la_fn
	.type la_fn, %function
	.type la_fn.localalias, %function
la_fn:
la_fn.localalias:
.Lla_fn_start:
	.skip 16
.Lla_fn_end:
	.size la_fn, 16
	.size la_fn.localalias, 16

/*
 * cp_both: "int cp_both(int a, int b)" and its clone cp_both.constprop.0
 * at another address, each with a concrete DIE, arguments in place.
 * The clone's DIE does not pair (the exact name has its own code here).
 * Default and optimized_func: a FUNC.  consistent_func: no FUNC (two
 * addresses: a call to cp_both may reach the clone's code).
 */
	FN cp_both, global, 16
	FN cp_both.constprop.0, local, 16

/*
 * Functions that only a clone carries (no symbol has the exact name):
 * with --btf_gen_optimized a FUNC when every register argument is in its
 * register at the clone's entry; never without it.
 *
 * opt_ok: "int opt_ok(int a, long int b)", a in rdi, b in rsi: a FUNC
 * with optimized_func (with consistent_func too: one address).
 *
 * opt_ev: "int opt_ev(int a)", a described only as
 * DW_OP_GNU_entry_value(DW_OP_reg5): in rdi at the entry.  A FUNC with
 * optimized_func.  Without entry values a would have no location at the
 * entry and the clone no FUNC.
 *
 * opt_pref: "int opt_pref(int *lock, long unsigned int ip)": the clone
 * dropped ip; its location is DW_OP_GNU_parameter_ref (the caller's
 * value), as gcc writes for __mutex_unlock_slowpath.constprop.0.  No
 * FUNC (pahole 1.25+ with optimized_func: a FUNC).
 *
 * opt_pref7: "long int opt_pref7(long int a0, ..., long int a5, long int
 * ip)": a0..a5 in place, the 7th argument (passed on the stack, so not
 * checked as a register) dropped: DW_OP_GNU_parameter_ref.  No FUNC: a
 * dropped argument is a reason wherever it is.  Were only register
 * arguments looked at, it would get one.
 *
 * opt_missing: "int opt_missing(int a, int b)": b's location list starts
 * 4 bytes after the entry: nowhere at the entry, no FUNC.
 *
 * opt_stack: "int opt_stack(int a)": a is in memory (DW_OP_breg7 8) at
 * the entry, not in rdi: no FUNC.
 *
 * opt_moved: "int opt_moved(int a, int b)": b in rdx: no FUNC.
 */
	FN opt_ok.constprop.0, local, 16
	FN opt_ev.isra.0, local, 16
	FN opt_pref.constprop.0, local, 16
	FN opt_pref7.constprop.0, local, 16
	FN opt_missing.isra.0, local, 16
	FN opt_stack.isra.0, local, 16
	FN opt_moved.constprop.0, local, 16
.La_hi:

	DWARF_ABBREVS

	LOCLIST reg_late_move_a
	LOC a, .Lreg_late_move_start, .Lreg_late_move_start + 3, DW_OP_reg0 + RDI
	LOC a, .Lreg_late_move_start + 3, .Lreg_late_move_end, DW_OP_reg0 + RBX
	LOCLIST_END
	LOCLIST opt_missing_b
	LOC a, .Lopt_missing.isra.0_start + 4, .Lopt_missing.isra.0_end, DW_OP_reg0 + RBX
	LOCLIST_END

	CU_BEGIN a, opt_a.c, .La_lo, .La_hi
	BASE a, int, int, 4, DW_ATE_signed
	BASE a, char, char, 1, DW_ATE_signed_char
	BASE a, long, "long int", 8, DW_ATE_signed
	BASE a, ulong, "long unsigned int", 8, DW_ATE_unsigned
	BASE a, double, double, 8, DW_ATE_float
	BASE a, int128, __int128, 16, DW_ATE_signed
	CONST a, cchar, char
	PTR a, pcchar, cchar
	PTR a, pint, int
	STRUCT a, opaque, opaque, 4
	MEMBER a, x, int, 0
	END
	PTR a, popaque, opaque
	STRUCT a, pair, pair, 16
	MEMBER a, lo, long, 0
	MEMBER a, hi, long, 8
	END

	FUNC a, proto_differ, proto_differ, 1, int, .Lproto_differ_start, .Lproto_differ_end
	PARAM_REG a, , a, int, RDI
	END

	FUNC a, proto_same, proto_same, 1, int, .Lproto_same_start, .Lproto_same_end
	PARAM_REG a, , s, pcchar, RDI
	PARAM_REG a, , o, popaque, RSI
	END

	FUNC a, reg_swapped, reg_swapped, 1, int, .Lreg_swapped_start, .Lreg_swapped_end
	PARAM_REG a, , a, int, RSI
	PARAM_REG a, , b, int, RDI
	END

	FUNC a, reg_late_move, reg_late_move, 1, int, .Lreg_late_move_start, .Lreg_late_move_end
	PARAM_LOC a, , a, int, reg_late_move_a
	PARAM_REG a, , b, int, RSI
	END

	FUNC a, unused_arg, unused_arg, 1, int, .Lunused_arg_start, .Lunused_arg_end
	PARAM_REG a, , a, int, RDI
	PARAM a, , b, int
	END

	FUNC a, ev_ok, ev_ok, 1, int, .Lev_ok_start, .Lev_ok_end
	PARAM_EXPR a, , a, int, DW_OP_entry_value, 1, DW_OP_reg0 + RDI, DW_OP_stack_value
	PARAM_REG a, , b, int, RSI
	END

	FUNC a, ev_wrong, ev_wrong, 1, int, .Lev_wrong_start, .Lev_wrong_end
	PARAM_EXPR a, , a, int, DW_OP_GNU_entry_value, 1, DW_OP_reg0 + RSI, DW_OP_stack_value
	END

	FUNC a, struct_first, struct_first, 1, int, .Lstruct_first_start, .Lstruct_first_end
	PARAM_EXPR a, , p, pair, DW_OP_reg0 + RDI, DW_OP_piece, 8, DW_OP_reg0 + RSI, DW_OP_piece, 8
	PARAM_REG a, , x, int, RDX
	END

	FUNC a, int_then_struct, int_then_struct, 1, int, .Lint_then_struct_start, .Lint_then_struct_end
	PARAM_REG a, , a, int, RSI
	PARAM_EXPR a, , p, pair, DW_OP_reg0 + RDX, DW_OP_piece, 8, DW_OP_reg0 + RCX, DW_OP_piece, 8
	END

	FUNC a, float_first, float_first, 1, int, .Lfloat_first_start, .Lfloat_first_end
	PARAM_REG a, , d, double, XMM0
	PARAM_REG a, , x, int, RDI
	END

	FUNC a, wide_first, wide_first, 1, int, .Lwide_first_start, .Lwide_first_end
	PARAM_EXPR a, , v, int128, DW_OP_reg0 + RDI, DW_OP_piece, 8, DW_OP_reg0 + RSI, DW_OP_piece, 8
	PARAM_REG a, , x, int, RDX
	END

	FUNC a, sdup2, sdup2, 0, int, .Lsdup2_start, .Lsdup2_end
	PARAM_REG a, , a, int, RDI
	END

	FUNC a, la_fn, la_fn, 1, int, .Lla_fn_start, .Lla_fn_end
	PARAM_REG a, , a, int, RDI
	END

	ABSTRACT a, cp_both, cp_both, 1, int
	PARAM a, cp_both_a, a, int
	PARAM a, cp_both_b, b, int
	END
	CONCRETE a, cp_both, .Lcp_both_start, .Lcp_both_end
	OPARAM_REG a, cp_both_a, RDI
	OPARAM_REG a, cp_both_b, RSI
	END
	CONCRETE a, cp_both, .Lcp_both.constprop.0_start, .Lcp_both.constprop.0_end
	OPARAM_REG a, cp_both_a, RDI
	OPARAM_REG a, cp_both_b, RSI
	END

	ABSTRACT a, opt_ok, opt_ok, 0, int
	PARAM a, opt_ok_a, a, int
	PARAM a, opt_ok_b, b, long
	END
	CONCRETE a, opt_ok, .Lopt_ok.constprop.0_start, .Lopt_ok.constprop.0_end
	OPARAM_REG a, opt_ok_a, RDI
	OPARAM_REG a, opt_ok_b, RSI
	END

	ABSTRACT a, opt_ev, opt_ev, 0, int
	PARAM a, opt_ev_a, a, int
	END
	CONCRETE a, opt_ev, .Lopt_ev.isra.0_start, .Lopt_ev.isra.0_end
	OPARAM_EXPR a, opt_ev_a, DW_OP_GNU_entry_value, 1, DW_OP_reg0 + RDI, DW_OP_stack_value
	END

	ABSTRACT a, opt_pref, opt_pref, 0, int
	PARAM a, opt_pref_lock, lock, pint
	PARAM a, opt_pref_ip, ip, ulong
	END
	CONCRETE a, opt_pref, .Lopt_pref.constprop.0_start, .Lopt_pref.constprop.0_end
	OPARAM_REG a, opt_pref_lock, RDI
	OPARAM_PREF a, opt_pref_ip, opt_pref_ip
	END

	ABSTRACT a, opt_pref7, opt_pref7, 0, long
	PARAM a, opt_pref7_a0, a0, long
	PARAM a, opt_pref7_a1, a1, long
	PARAM a, opt_pref7_a2, a2, long
	PARAM a, opt_pref7_a3, a3, long
	PARAM a, opt_pref7_a4, a4, long
	PARAM a, opt_pref7_a5, a5, long
	PARAM a, opt_pref7_ip, ip, long
	END
	CONCRETE a, opt_pref7, .Lopt_pref7.constprop.0_start, .Lopt_pref7.constprop.0_end
	OPARAM_REG a, opt_pref7_a0, RDI
	OPARAM_REG a, opt_pref7_a1, RSI
	OPARAM_REG a, opt_pref7_a2, RDX
	OPARAM_REG a, opt_pref7_a3, RCX
	OPARAM_REG a, opt_pref7_a4, R8
	OPARAM_REG a, opt_pref7_a5, R9
	OPARAM_PREF a, opt_pref7_ip, opt_pref7_ip
	END

	ABSTRACT a, opt_missing, opt_missing, 0, int
	PARAM a, opt_missing_a, a, int
	PARAM a, opt_missing_b, b, int
	END
	CONCRETE a, opt_missing, .Lopt_missing.isra.0_start, .Lopt_missing.isra.0_end
	OPARAM_REG a, opt_missing_a, RDI
	OPARAM_LOC a, opt_missing_b, opt_missing_b
	END

	ABSTRACT a, opt_stack, opt_stack, 0, int
	PARAM a, opt_stack_a, a, int
	END
	CONCRETE a, opt_stack, .Lopt_stack.isra.0_start, .Lopt_stack.isra.0_end
	OPARAM_EXPR a, opt_stack_a, DW_OP_breg0 + RSP, 8
	END

	ABSTRACT a, opt_moved, opt_moved, 0, int
	PARAM a, opt_moved_a, a, int
	PARAM a, opt_moved_b, b, int
	END
	CONCRETE a, opt_moved, .Lopt_moved.constprop.0_start, .Lopt_moved.constprop.0_end
	OPARAM_REG a, opt_moved_a, RDI
	OPARAM_REG a, opt_moved_b, RDX
	END
	CU_END a
