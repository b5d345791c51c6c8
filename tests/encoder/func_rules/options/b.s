/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario "options", b.s (unit opt_b.c).  The table of the scenario is
 * in a.s.
 */
	.include "dwarf.inc"
	.include "x86_64.inc"

	.text
.Lb_lo:
/* proto_differ: the strong definition, "int proto_differ(long int a)":
 * the FUNC without consistent_func (see a.s). */
	FN proto_differ, global, 16

/* proto_same: the strong definition, "int proto_same(char *name, struct
 * opaque *obj)", struct opaque being 8 bytes here, 4 in a.s (see a.s). */
	FN proto_same, global, 16

/* sdup2: the other static "int sdup2(int a)" (see a.s). */
	FN sdup2, local, 16
.Lb_hi:

	DWARF_ABBREVS

	CU_BEGIN b, opt_b.c, .Lb_lo, .Lb_hi
	BASE b, int, int, 4, DW_ATE_signed
	BASE b, char, char, 1, DW_ATE_signed_char
	BASE b, long, "long int", 8, DW_ATE_signed
	PTR b, pchar, char
	STRUCT b, opaque, opaque, 8
	MEMBER b, y, long, 0
	END
	PTR b, popaque, opaque

	FUNC b, proto_differ, proto_differ, 1, int, .Lproto_differ_start, .Lproto_differ_end
	PARAM_REG b, , a, long, RDI
	END

	FUNC b, proto_same, proto_same, 1, int, .Lproto_same_start, .Lproto_same_end
	PARAM_REG b, , name, pchar, RDI
	PARAM_REG b, , obj, popaque, RSI
	END

	FUNC b, sdup2, sdup2, 0, int, .Lsdup2_start, .Lsdup2_end
	PARAM_REG b, , a, int, RDI
	END
	CU_END b
