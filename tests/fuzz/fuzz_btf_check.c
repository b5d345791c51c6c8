// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz harness: raw BTF -> the validator's kernel rules
 * (kbtf_btf__check()) and its problem formatting, as btfvalidate runs
 * them.  The first input byte picks the options: bit 0 kernel BTF, bit 1
 * all problems, bit 2 4-byte pointers, bit 3 split BTF (then the next
 * two bytes, little-endian, say how many of the rest are the base), bits
 * 4-7 the kernel version (5.0 to 6.15).  Seeds (tests/fuzz/corpus/
 * btf_check): the fixtures' BTF, small hand-made blobs of each kind, and
 * the validator's rule cases.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "kbtf_validate.h"

static const int versions[16] = {
	KBTF_KERNEL_VERSION(5, 0, 0), KBTF_KERNEL_VERSION(5, 2, 0),
	KBTF_KERNEL_VERSION(5, 4, 0), KBTF_KERNEL_VERSION(5, 10, 0),
	KBTF_KERNEL_VERSION(5, 13, 0), KBTF_KERNEL_VERSION(5, 15, 0),
	KBTF_KERNEL_VERSION(5, 16, 0), KBTF_KERNEL_VERSION(5, 17, 0),
	KBTF_KERNEL_VERSION(6, 0, 0), 0, KBTF_KERNEL_VERSION(6, 1, 0),
	KBTF_KERNEL_VERSION(6, 2, 0), KBTF_KERNEL_VERSION(6, 6, 0),
	KBTF_KERNEL_VERSION(6, 12, 0), KBTF_KERNEL_VERSION(6, 15, 0),
	KBTF_KERNEL_VERSION(7, 0, 0),
};

static int on_problem(const struct kbtf_btf_problem *p, void *ctx)
{
	char buf[1024];
	unsigned int *n = ctx;

	kbtf_btf_problem__format(p, buf, sizeof(buf));
	kbtf_btf_problem__kernel_line(p, buf, sizeof(buf));
	kbtf_btf_phase_str(p->phase);
	kbtf_btf_kind_str(p->kind);
	/* stop a runaway report now and then */
	return ++*n > 10000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kbtf_btf_check_opts o = { .sz = sizeof(o) };
	struct kbtf_btf_verdict v;
	unsigned int n = 0;
	uint8_t flags;

	fuzz_init();
	if (!size)
		return 0;
	flags = data[0];
	data++;
	size--;
	o.kernel_btf = flags & 1;
	o.all_problems = flags & 2;
	o.ptr_size = flags & 4 ? 4 : 8;
	o.kernel_version = versions[flags >> 4];
	if ((flags & 8) && size >= 2) {
		size_t base = data[0] | data[1] << 8;

		data += 2;
		size -= 2;
		if (base > size)
			base = size;
		o.base_data = base ? data : NULL;
		o.base_size = base;
		data += base;
		size -= base;
	}
	kbtf_btf__check(size ? data : NULL, size, &o, on_problem, &n, &v);
	return 0;
}
