// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz harness: the .BTF_ids reader, as btfencode's decl_tag_kfuncs
 * reads a vmlinux or a module: the ELF checks (kbtf_elf_open()), the
 * section and symbol index (kbtf_elf__new()), the kfunc sets of
 * .BTF_ids (kbtf_kfuncs__read()) and a lookup of every kfunc found.
 * Seeds (tests/fuzz/corpus/btf_ids): tests/unit/kfuncs/kfuncs.c built
 * with cc -g -O2 -c, with and without its DWARF.
 */
#include <gelf.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "kbtf_elf.h"
#include "kbtf_kfuncs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kbtf_kfuncs k = {};
	struct kbtf_elf *e;
	const char *path;
	char err[256];
	Elf *elf;
	size_t i;
	int fd;

	path = fuzz_file("kfuncs.o", data, size);
	if (!path || kbtf_elf_open(path, &fd, &elf, err, sizeof(err)))
		return 0;
	e = kbtf_elf__new(elf, path);
	if (e && !kbtf_kfuncs__read(e, &k)) {
		for (i = 0; i < k.nr; i++)
			if (kbtf_kfuncs__find(&k, k.v[i].name) != &k.v[i])
				abort();	/* the list is not what find sees */
		kbtf_kfuncs__free(&k);
	}
	kbtf_elf__free(e);
	elf_end(elf);
	close(fd);
	return 0;
}
