/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario "pairing", d.s: code with no DWARF (as assembly is), outside
 * every unit's code ranges.  The symbols of a.s's inl_far and
 * codeless_far are here (see a.s).
 */
	.include "dwarf.inc"

	.text
	FN inl_far, global, 16
	FN codeless_far, global, 16
