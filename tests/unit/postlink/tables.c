// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stands for the kallsyms tables: plain .rodata, linked after every other
 * object (as the kernel links its kallsyms object last), built without
 * DWARF, so the BTF knows nothing of it.
 */
const char pl_tables[0x3000] = { 1 };
