// SPDX-License-Identifier: GPL-2.0-only
/* A "module" for the module forms of kbtf-resolve-btfids. */
int pl_mod_var = 3;
