// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz harness: System.map / /proc/kallsyms text -> kbtf_ksyms__load()
 * (plain or gzip, "ADDR TYPE NAME [MODULE]" lines) and lookups of the
 * names it kept, as btfvalidate --kallsyms reads them.  Seeds (tests/
 * fuzz/corpus/ksyms): slices of a real System.map and of /proc/kallsyms
 * with module lines and hidden addresses, one gzipped.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "kbtf_symbols.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kbtf_ksyms *k;
	const char *path;
	size_t i, first, count;

	path = fuzz_file("System.map", data, size);
	if (!path)
		return 0;
	k = kbtf_ksyms__load(path);	/* errors logged: fuzz_init()'s hook */
	if (!k)
		return 0;
	for (i = 0; i < k->nr && i < 64; i++) {
		kbtf_ksyms__find(k, k->syms[i].name, &first, &count);
		if (!count)
			abort();	/* a symbol it holds is not found */
		kbtf_ksym_is_data(k->syms[i].type);
	}
	kbtf_ksyms__find(k, "", &first, &count);
	kbtf_ksyms__free(k);
	return 0;
}
