// SPDX-License-Identifier: GPL-2.0-only
/* A second static kbtf_test_dup, for test_elf_names.c. */
void kbtf_test_dup_peer(void);

static void __attribute__((used, noinline)) kbtf_test_dup(void)
{
	__asm__ volatile("");
}

void kbtf_test_dup_peer(void)
{
	kbtf_test_dup();
}
