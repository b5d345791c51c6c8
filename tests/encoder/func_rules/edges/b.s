/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario "edges", b.s: code with no DWARF (as assembly is), outside
 * every unit's code ranges: the out-of-line ext_inline of a.s.
 */
	.include "dwarf.inc"

	.text
	FN ext_inline, global, 16
