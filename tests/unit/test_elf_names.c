// SPDX-License-Identifier: GPL-2.0-only
/*
 * The symbol-name lookups of common/elf.c (kbtf_elf__find and
 * kbtf_elf__find_prefix) against a plain scan of the symbol table, on
 * this test's own executable: every name finds exactly its symbols, two
 * static functions of one name (here and in test_elf_names2.c) are both
 * found, a name that is not there finds none.
 */
#include <stdlib.h>
#include <unistd.h>
#include <libelf.h>

#include "kbtf_elf.h"
#include "kbtf_test.h"

void kbtf_test_dup_peer(void);

static void __attribute__((used, noinline)) kbtf_test_dup(void)
{
	__asm__ volatile("");
}

/* the symbols named @name, by a scan */
static size_t scan_count(const struct kbtf_elf *e, const char *name,
			 size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < e->nr_syms; i++)
		if (len ? !strncmp(e->syms[i].name, name, len) :
			  !strcmp(e->syms[i].name, name))
			n++;
	return n;
}

static void check_range(const struct kbtf_elf *e, const char *name,
			size_t len, size_t first, size_t count)
{
	size_t i;

	CHECK_EQ(count, scan_count(e, name, len));
	for (i = first; i < first + count && i < e->nr_syms; i++) {
		const char *n = e->syms[e->by_name[i]].name;

		CHECK(len ? !strncmp(n, name, len) : !strcmp(n, name),
		      "%s in the range of %s", n, name);
	}
}

int main(void)
{
	struct kbtf_elf *e;
	size_t i, first, count;
	Elf *elf;
	int fd;

	kbtf_test_dup();
	kbtf_test_dup_peer();
	if (kbtf_elf_open("/proc/self/exe", &fd, &elf, NULL, 0))
		return 1;
	e = kbtf_elf__new(elf, "/proc/self/exe");
	CHECK(e && e->nr_syms > 10, "a symbol table");
	if (!e)
		return KBTF_TEST_END();

	for (i = 0; i < e->nr_syms; i++) {
		kbtf_elf__find(e, e->syms[i].name, &first, &count);
		check_range(e, e->syms[i].name, 0, first, count);
	}
	kbtf_elf__find(e, "kbtf_test_dup", &first, &count);
	CHECK_EQ(count, 2);
	check_range(e, "kbtf_test_dup", 0, first, count);
	kbtf_elf__find(e, "kbtf_test_du", &first, &count);
	CHECK_EQ(count, 0);
	kbtf_elf__find(e, "kbtf_test_dup_pee", &first, &count);
	CHECK_EQ(count, 0);
	kbtf_elf__find(e, "kbtf_test_dup_peer", &first, &count);
	CHECK_EQ(count, 1);
	kbtf_elf__find_prefix(e, "kbtf_test_dup", &first, &count);
	CHECK_EQ(count, 3);
	check_range(e, "kbtf_test_dup", strlen("kbtf_test_dup"), first, count);

	kbtf_elf__free(e);
	elf_end(elf);
	close(fd);
	return KBTF_TEST_END();
}
