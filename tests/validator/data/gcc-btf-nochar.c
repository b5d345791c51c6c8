// SPDX-License-Identifier: GPL-2.0-only
/* gcc -gbtf: a DATASEC of size 0 and no char type (tests/validator). */
int counter = 1;
long total;
int get(void) { return counter + total; }
