// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz harness: the base of split BTF, as btfencode --btf_base and
 * btfvalidate --base take it: an ELF file's .BTF or a raw BTF file ->
 * kbtf_base_load(), then what the encoder does over a base: split BTF
 * made on it (a struct naming a base type, a pointer, an int) and the
 * kernel's rules on that split BTF over the base's bytes, as the
 * encoder's check runs them.  Seeds (tests/fuzz/corpus/base): the
 * fixtures' BTF raw and in ELF files (also with a NOBITS .BTF).
 */
#include <bpf/btf.h>

#include "fuzz.h"
#include "kbtf_encoder.h"
#include "kbtf_validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kbtf_btf_check_opts o = { .sz = sizeof(o), .kernel_btf = true };
	struct kbtf_btf_verdict v;
	struct btf *base, *split;
	const void *raw, *braw;
	__u32 n, bn, last;
	const char *path;
	int id;

	path = fuzz_file("base", data, size);
	if (!path)
		return 0;
	base = kbtf_base_load(path);
	if (!base)
		return 0;
	split = btf__new_empty_split(base);
	if (!split)
		goto out;
	last = btf__type_cnt(base) - 1;
	id = btf__add_int(split, "fuzz_int", 4, BTF_INT_SIGNED);
	if (id > 0)
		id = btf__add_ptr(split, last);
	if (id > 0)
		id = btf__add_struct(split, "fuzz_struct", 8);
	if (id > 0)
		btf__add_field(split, "p", id - 1, 0, 0);
	braw = btf__raw_data(base, &bn);
	raw = btf__raw_data(split, &n);
	if (braw && raw &&
	    btf__endianness(base) == (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ?
				      BTF_BIG_ENDIAN : BTF_LITTLE_ENDIAN)) {
		o.base_data = braw;
		o.base_size = bn;
		kbtf_btf__check(raw, n, &o, NULL, NULL, &v);
	}
	btf__free(split);
out:
	btf__free(base);
	return 0;
}
