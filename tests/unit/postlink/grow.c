// SPDX-License-Identifier: GPL-2.0-only
/* Read-only data linked last, after every .rodata input: .rodata grows
 * and nothing in it moves.  Built without DWARF. */
__attribute__((section(".rodata.zz"))) const char pl_grow[0x800] = { 1 };
