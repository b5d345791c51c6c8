/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario "pairing", b.s (unit pair_b.c).  The table of the scenario is
 * in a.s.
 */
	.include "dwarf.inc"
	.include "x86_64.inc"

/* The cold pieces: ld puts .text.unlikely before every unit's .text, so
 * they are in no unit's code ranges (gcc would give the unit
 * DW_AT_ranges; nothing here depends on it). */
	.section .text.unlikely,"ax",%progbits
/*
 * hotcold: a hot/cold split function: DW_AT_ranges, hot part first
 * (symbol hotcold), cold part hotcold.cold.  The entry is the first
 * range's start, where hotcold is: a FUNC in every flag set.  A .cold
 * piece is not one of the name's addresses, so consistent_func keeps it;
 * counted as one, two addresses would drop it.
 */
	FN hotcold.cold, local, 8

/*
 * cold_only: the only symbol holding this function's entry is
 * cold_only.cold.  .cold pieces never pair: no FUNC in any flag set,
 * --btf_gen_optimized included.  Taken for a clone it would get one
 * there (as pahole 1.25-1.30 do: any "cold_only.<suffix>" matches).
 */
	FN cold_only.cold, local, 8

	.text
.Lb_lo:
/* sdup: another static sdup, "long int sdup(long int x, long int y)"
 * (see a.s: a.s's is the FUNC, first unit). */
	FN sdup, local, 16

/* gsel: the global one: its prototype is the FUNC (see a.s). */
	FN gsel, global, 16

/* wk_choice: the strong definition that overrides a.s's weak one: its
 * prototype is the FUNC (see a.s). */
	FN wk_choice, global, 16

/* hdr_inl: a static function with code; its prototype is the FUNC in
 * every flag set (see a.s). */
	FN hdr_inl, local, 16

	FN hotcold, local, 16

/*
 * cp_only: a static function that exists only as cp_only.constprop.0
 * (abstract instance + concrete instance at the clone), arguments in
 * rdi, rsi at the clone's entry.  Clones never pair by default: no FUNC
 * in default and consistent; with --btf_gen_optimized a FUNC
 * "int cp_only(int a, long int b)" (the clone keeps the prototype).
 * pahole 1.24: none in any flag set.  Address-only: none.
 */
	FN cp_only.constprop.0, local, 16

/* isra_only: the same with an IPA-SRA clone, isra_only.isra.0, whose
 * one argument stayed in rdi: a FUNC only with --btf_gen_optimized. */
	FN isra_only.isra.0, local, 16

/*
 * part_only: only part_only.part.0 (gcc's partial inlining: the outlined
 * part, whose concrete DIE names part_only) holds this code.  .part
 * pieces never pair: no FUNC in any flag set, --btf_gen_optimized
 * included (where pahole 1.25-1.30 would make one).
 */
	FN part_only.part.0, local, 16

/*
 * part_split: part_split and its outlined part part_split.part.0 at
 * another address, each with a concrete DIE.  part_split's pairs by
 * address; the .part.0's does not pair (.part), and a .part piece is not
 * one of the name's addresses: a FUNC in every flag set, consistent_func
 * included (two addresses would drop it).
 */
	FN part_split, global, 16
	FN part_split.part.0, local, 16

/*
 * __do_sys_getuid16 and __x64_sys_getuid16: the syscall's body, and a
 * global alias of it (as the SYSCALL_DEFINE macros make it in assembly):
 * no DWARF names __x64_sys_getuid16 here.  c.s has the weak stub of
 * kernel/sys_ni.c with that name; see c.s.  __do_sys_getuid16 pairs by
 * address: "long int __do_sys_getuid16(void)" in every flag set.
 */
	FN __do_sys_getuid16, local, 16
	.globl __x64_sys_getuid16
	.type __x64_sys_getuid16, %function
	.set __x64_sys_getuid16, __do_sys_getuid16
	.size __x64_sys_getuid16, 16
.Lb_hi:

	DWARF_ABBREVS

	RANGES hotcold
	RANGE .Lhotcold_start, .Lhotcold_end
	RANGE .Lhotcold.cold_start, .Lhotcold.cold_end
	RANGES_END

	CU_BEGIN b, pair_b.c, .Lb_lo, .Lb_hi
	BASE b, int, int, 4, DW_ATE_signed
	BASE b, char, char, 1, DW_ATE_signed_char
	BASE b, long, "long int", 8, DW_ATE_signed
	PTR b, pchar, char
	PTR b, pint, int

	FUNC b, sdup, sdup, 0, long, .Lsdup_start, .Lsdup_end
	PARAM_REG b, , x, long, RDI
	PARAM_REG b, , y, long, RSI
	END

	FUNC b, gsel, gsel, 1, long, .Lgsel_start, .Lgsel_end
	PARAM_REG b, , p, pchar, RDI
	END

	FUNC b, wk_choice, wk_choice, 1, long, .Lwk_choice_start, .Lwk_choice_end
	PARAM_REG b, , x, long, RDI
	END

	FUNC b, hdr_inl, hdr_inl, 0, long, .Lhdr_inl_start, .Lhdr_inl_end
	PARAM_REG b, , w, long, RDI
	END

	FUNC_RANGES b, hotcold, hotcold, 0, int, .Lrng_hotcold
	PARAM_REG b, , a, int, RDI
	END

	FUNC b, cold_only, cold_only, 0, int, .Lcold_only.cold_start, .Lcold_only.cold_end
	PARAM_REG b, , a, int, RDI
	END

	ABSTRACT b, cp_only, cp_only, 0, int
	PARAM b, cp_only_a, a, int
	PARAM b, cp_only_b, b, long
	END
	CONCRETE b, cp_only, .Lcp_only.constprop.0_start, .Lcp_only.constprop.0_end
	OPARAM_REG b, cp_only_a, RDI
	OPARAM_REG b, cp_only_b, RSI
	END

	ABSTRACT b, isra_only, isra_only, 0, int
	PARAM b, isra_only_p, p, pint
	END
	CONCRETE b, isra_only, .Lisra_only.isra.0_start, .Lisra_only.isra.0_end
	OPARAM_REG b, isra_only_p, RDI
	END

	ABSTRACT b, part_only, part_only, 0, int
	PARAM b, part_only_a, a, int
	END
	CONCRETE b, part_only, .Lpart_only.part.0_start, .Lpart_only.part.0_end
	OPARAM_REG b, part_only_a, RDI
	END

	ABSTRACT b, part_split, part_split, 1, int
	PARAM b, part_split_a, a, int
	END
	CONCRETE b, part_split, .Lpart_split_start, .Lpart_split_end
	OPARAM_REG b, part_split_a, RDI
	END
	CONCRETE b, part_split, .Lpart_split.part.0_start, .Lpart_split.part.0_end
	OPARAM_REG b, part_split_a, RDI
	END

	FUNC b, __do_sys_getuid16, __do_sys_getuid16, 0, long, .L__do_sys_getuid16_start, .L__do_sys_getuid16_end
	END
	CU_END b
