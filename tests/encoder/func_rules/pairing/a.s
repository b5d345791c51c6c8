/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario "pairing" (x86-64): how a DWARF function definition is paired
 * with an ELF function symbol, and which definition gives a name its FUNC
 * (docs/encoder.md, "Functions": "Pairing" and "Choosing").  Units, in
 * link order: a.s (pair_a.c), b.s (pair_b.c), c.s (pair_c.c, a
 * sys_ni.c-like file of weak stubs), d.s (code with no DWARF, like
 * assembly).  The goldens are default.golden, consistent.golden
 * (--skip_encoding_btf_inconsistent_proto), optimized.golden
 * (--btf_gen_optimized) and both.golden.
 *
 * Each function's comment says the rule, the expected FUNC, and what
 * the two rules btfencode replaced would have given: "address-only"
 * (a symbol of the name at exactly DW_AT_low_pc) and "pahole 1.24"
 * (exact name equality, the first unit wins).
 *
 *  function            rule                               def  cons opt  both
 *  nop_entry           extent holds low_pc (patch NOPs)   yes  yes  yes  yes
 *  pfx_fn              __pfx_ symbol is another name      yes  yes  yes  yes
 *  lto_fn              .llvm.N rename pairs by address    yes  yes  yes  yes
 *  sdup                statics share a name: first unit   a.s  -    a.s  -
 *  gsel                global symbol preferred            b.s  -    b.s  -
 *  wk_choice           address pairing beats name         b.s  -    b.s  -
 *  unnamed_arg         unnamed parameter                  -    -    -    -
 *  hdr_inl             abstract: only in its own unit     b.s  b.s  b.s  b.s
 *  inl_far             static abstract: never by name     -    -    -    -
 *  codeless_far        codeless definition: by name       yes  yes  yes  yes
 *  cp_only             .constprop clone: only optimized   -    -    yes  yes
 *  isra_only           .isra clone: only optimized        -    -    yes  yes
 *  part_only           .part never pairs                  -    -    -    -
 *  cold_only           .cold never pairs                  -    -    -    -
 *  hotcold             first range; .cold not an address  yes  yes  yes  yes
 *  part_split          .part not an address               yes  yes  yes  yes
 *  __x64_sys_getuid16  weak stub, alias: by name          yes  yes  yes  yes
 *  __do_sys_getuid16   plain                              yes  yes  yes  yes
 *  cat_destroy         abstract + symbol in its unit      yes  yes  yes  yes
 */
	.include "dwarf.inc"
	.include "x86_64.inc"

	.text
.La_lo:
/*
 * nop_entry: "by address" is by extent.  The symbol starts 5 bytes before
 * DW_AT_low_pc (patch NOPs between the symbol and the code's entry, as
 * on x86 without __pfx_ padding).  Expected: a FUNC in every flag set.
 * Address-only: no FUNC (no symbol at low_pc).
 */
	.globl nop_entry
	.type nop_entry, %function
nop_entry:
	.skip 5
.Lnop_entry_pc:
	.skip 11
.Lnop_entry_end:
	.size nop_entry, . - nop_entry

/*
 * pfx_fn: a __pfx_ padding symbol (16 bytes ending where pfx_fn starts)
 * is another name: no FUNC __pfx_pfx_fn, and it is not one of pfx_fn's
 * symbols, so --skip_encoding_btf_inconsistent_proto keeps pfx_fn (one
 * address).  A rule that took __pfx_pfx_fn for pfx_fn would see two
 * addresses and drop it there.
 */
	FN __pfx_pfx_fn, global, 16
	FN pfx_fn, global, 16

/*
 * lto_fn: LTO renamed the static to lto_fn.llvm.4242; no symbol has the
 * exact name.  A rename pairs by address: a FUNC lto_fn in every flag
 * set (one address, so consistent_func keeps it).  pahole 1.24: no FUNC
 * (the dotted name never equals "lto_fn"); treated as a clone: only with
 * --btf_gen_optimized.
 */
	FN lto_fn.llvm.4242, local, 16

/*
 * sdup: static functions that share a name (also in b.s, another
 * prototype, another address).  Both pair by address with their own
 * symbol, both symbols local: the first unit's wins, "int sdup(int a)".
 * consistent_func: no FUNC (prototypes differ, two addresses).
 */
	FN sdup, local, 16

/*
 * gsel: static here (local symbol), global in b.s.  Both pair by
 * address; the global symbol is preferred: b.s's "long int gsel(char *p)".
 * pahole 1.24: this unit's "int gsel(int a)" (first unit).
 * consistent_func: no FUNC (prototypes differ, two addresses).
 */
	FN gsel, local, 16

/*
 * wk_choice: a __weak definition here, overridden by b.s's strong one:
 * the linker keeps b.s's symbol, this code stays with no symbol.  This
 * definition pairs by name only, b.s's by address, which is better:
 * "long int wk_choice(long int x)" from b.s.  pahole 1.24: this unit's
 * "int wk_choice(int a)" (first unit).  consistent_func: no FUNC (the
 * two candidates' prototypes differ).
 */
	FN wk_choice, weak, 16

/*
 * unnamed_arg: "int unnamed_arg(int, int b)": a parameter without a
 * name.  No FUNC in any flag set (the kernel rejects a FUNC whose
 * prototype has an unnamed parameter).  Address-only: a FUNC.
 */
	FN unnamed_arg, global, 16
.La_hi:

/*
 * hdr_inl: an abstract instance here only (inlined everywhere in this
 * unit), "int hdr_inl(int v)"; b.s has another static hdr_inl with code,
 * "long int hdr_inl(long int w)".  An abstract instance pairs only with a
 * symbol inside its own unit's code, and the one hdr_inl symbol is in
 * b.s: only b.s's definition is a candidate.  Expected: b.s's prototype
 * in every flag set, consistent_func included.  pahole 1.24: this unit's
 * prototype (first unit); pairing the abstract instance by name would
 * make consistent_func drop the name (prototypes differ).
 *
 * inl_far: the abstract instance of a static inline function here, and
 * the one inl_far symbol is another file's function in d.s (no DWARF).
 * Not in its unit: no FUNC in any flag set.  pahole 1.24: a FUNC (name
 * only).  (An external abstract instance, an extern inline, is the
 * subject of disagree/a.s.)
 *
 * codeless_far: a definition with neither code nor DW_AT_inline (gcc
 * left its code without a DIE), the symbol in d.s.  Unlike an abstract
 * instance it pairs by name: a FUNC in every flag set.
 */

	DWARF_ABBREVS

	CU_BEGIN a, pair_a.c, .La_lo, .La_hi
	BASE a, int, int, 4, DW_ATE_signed
	BASE a, char, char, 1, DW_ATE_signed_char
	BASE a, long, "long int", 8, DW_ATE_signed

	FUNC a, nop_entry, nop_entry, 1, int, .Lnop_entry_pc, .Lnop_entry_end
	PARAM_REG a, , a, int, RDI
	END

	FUNC a, pfx_fn, pfx_fn, 1, int, .Lpfx_fn_start, .Lpfx_fn_end
	PARAM_REG a, , a, int, RDI
	END

	FUNC a, lto_fn, lto_fn, 0, long, .Llto_fn.llvm.4242_start, .Llto_fn.llvm.4242_end
	PARAM_REG a, , v, long, RDI
	END

	FUNC a, sdup, sdup, 0, int, .Lsdup_start, .Lsdup_end
	PARAM_REG a, , a, int, RDI
	END

	FUNC a, gsel, gsel, 0, int, .Lgsel_start, .Lgsel_end
	PARAM_REG a, , a, int, RDI
	END

	FUNC a, wk_choice, wk_choice, 1, int, .Lwk_choice_start, .Lwk_choice_end
	PARAM_REG a, , a, int, RDI
	END

	FUNC a, unnamed_arg, unnamed_arg, 1, int, .Lunnamed_arg_start, .Lunnamed_arg_end
	PARAM_UNNAMED a, int, RDI
	PARAM_REG a, , b, int, RSI
	END

	ABSTRACT a, hdr_inl, hdr_inl, 0, int
	PARAM a, , v, int
	END

	ABSTRACT a, inl_far, inl_far, 0, int
	PARAM a, , v, int
	END

	CODELESS a, codeless_far, codeless_far, 1, int
	PARAM a, , v, int
	END
	CU_END a
