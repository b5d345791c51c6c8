// SPDX-License-Identifier: GPL-2.0-only
/*
 * btf_swap IN OUT: write the raw BTF of IN in the other byte order, with
 * libbpf (btf__set_endianness), for the foreign byte order test of the
 * post-link fix-up.  Same size, same content.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>

int main(int argc, char **argv)
{
	struct btf *btf;
	const void *data;
	__u32 size;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: btf_swap IN OUT\n");
		return 2;
	}
	btf = btf__parse_raw(argv[1]);
	if (!btf) {
		fprintf(stderr, "btf_swap: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	btf__set_endianness(btf, btf__endianness(btf) == BTF_LITTLE_ENDIAN ?
				 BTF_BIG_ENDIAN : BTF_LITTLE_ENDIAN);
	data = btf__raw_data(btf, &size);
	f = fopen(argv[2], "wb");
	if (!data || !f || fwrite(data, 1, size, f) != size || fclose(f)) {
		fprintf(stderr, "btf_swap: cannot write %s\n", argv[2]);
		return 1;
	}
	btf__free(btf);
	return 0;
}
