// SPDX-License-Identifier: GPL-2.0-only
/* Input for big_endian.sh: a per-CPU and a global variable. */
__attribute__((section(".data..percpu"))) long percpu_counter;
int global_counter = 7;

long bump(void)
{
	return ++percpu_counter + global_counter;
}
