// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz harness: ELF + DWARF -> BTF, the encoder's whole path on one file,
 * as `btfencode -J FILE` runs it: open (ELF checks, libdw or libdwfl),
 * read every CU, candidates, encode, dedup, choose, the kernel's rules on
 * the result, then .BTF written into a copy of the file with libelf.  One
 * worker thread; half the inputs (by size) with the FUNC options, half
 * with decl_tag_kfuncs.  Seeds (tests/fuzz/corpus/encode): the fixture
 * images and objects of vmlinux-fixtures/, by gcc and clang, DWARF 4 and
 * 5, and the kfuncs object of tests/unit/kfuncs.
 *
 * What it asserts beyond "no crash, no leak, no sanitizer report": BTF
 * the encoder returns passes the validator's rules (the net is in the
 * encoder: it must never let through what kbtf_btf__check() rejects),
 * and every message is one line (fuzz_util.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <bpf/btf.h>

#include "fuzz.h"
#include "kbtf_encoder.h"
#include "kbtf_validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kbtf_encoder_opts opts = {
		.sz = sizeof(opts),
		.nr_threads = 1,
		.gen_floats = true,
		/* read the parameters' locations too */
		.consistent_func = size & 1,
		.optimized_func = size & 1,
		/* and the kfunc sets of .BTF_ids */
		.decl_tag_kfuncs = size & 2,
	};
	struct kbtf_btf_check_opts copts = { .sz = sizeof(copts) };
	struct kbtf_write_opts wopts = { .sz = sizeof(wopts) };
	struct kbtf_btf_verdict v;
	struct kbtf_encoder *enc;
	const char *path;
	const void *raw;
	struct btf *btf;
	__u32 raw_size;

	path = fuzz_file("vmlinux", data, size);
	if (!path)
		return 0;
	enc = kbtf_encoder__new(path, &opts);
	if (!enc)
		return 0;
	if (kbtf_encoder__encode(enc))
		goto out;
	btf = kbtf_encoder__btf(enc);
	/* the encoder checks with the image's pointer size (EI_CLASS) */
	copts.ptr_size = size > 4 && data[4] == 1 ? 4 : 8;
	if (btf__endianness(btf) == (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ?
				     BTF_BIG_ENDIAN : BTF_LITTLE_ENDIAN)) {
		raw = btf__raw_data(btf, &raw_size);
		if (raw && !kbtf_btf__check(raw, raw_size, &copts, NULL, NULL,
					    &v) && v.err) {
			fprintf(stderr, "fuzz_encode: the encoder returned BTF the kernel rejects: %s\n",
				v.line);
			abort();
		}
	}
	kbtf_write_elf_btf(btf, path, &wopts);
out:
	kbtf_encoder__free(enc);
	return 0;
}
