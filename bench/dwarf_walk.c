// SPDX-License-Identifier: GPL-2.0-only
/*
 * The floor for reading DWARF with libdw: visit every DIE of every CU and
 * decode every attribute, doing nothing else.  N threads, each with its
 * own Dwarf handle, take CUs from a shared counter.  bench/encode.sh
 * compares btfencode's wall time with this.
 *
 *	dwarf_walk [-j N] FILE
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dwarf.h>
#include <elfutils/libdw.h>

static const char *path;
static Dwarf_Off *cus;
static size_t nr_cus;
static atomic_size_t next_cu;

static int attr_cb(Dwarf_Attribute *a, void *arg)
{
	Dwarf_Word u;
	Dwarf_Block b;
	Dwarf_Die d;
	const char *s;

	switch (dwarf_whatform(a)) {
	case DW_FORM_string: case DW_FORM_strp: case DW_FORM_line_strp:
	case DW_FORM_strx: case DW_FORM_strx1: case DW_FORM_strx2:
	case DW_FORM_strx3: case DW_FORM_strx4:
		s = dwarf_formstring(a);
		*(size_t *)arg += s ? 1 : 0;
		break;
	case DW_FORM_ref1: case DW_FORM_ref2: case DW_FORM_ref4:
	case DW_FORM_ref8: case DW_FORM_ref_udata: case DW_FORM_ref_addr:
		if (dwarf_formref_die(a, &d))
			*(size_t *)arg += 1;
		break;
	case DW_FORM_block: case DW_FORM_block1: case DW_FORM_block2:
	case DW_FORM_block4: case DW_FORM_exprloc:
		if (!dwarf_formblock(a, &b))
			*(size_t *)arg += b.length;
		break;
	default:
		if (!dwarf_formudata(a, &u))
			*(size_t *)arg += u & 1;
		break;
	}
	return DWARF_CB_OK;
}

static size_t walk(Dwarf_Die *die)
{
	size_t n = 0;
	Dwarf_Die c;

	dwarf_getattrs(die, attr_cb, &n, 0);
	if (dwarf_child(die, &c) == 0)
		do
			n += walk(&c);
		while (dwarf_siblingof(&c, &c) == 0);
	return n + 1;
}

static void *worker(void *arg)
{
	int fd = open(path, O_RDONLY);
	Dwarf *dw = fd >= 0 ? dwarf_begin(fd, DWARF_C_READ) : NULL;
	size_t i, *sum = arg;

	if (!dw) {
		fprintf(stderr, "%s: cannot read DWARF\n", path);
		exit(1);
	}
	while ((i = atomic_fetch_add(&next_cu, 1)) < nr_cus) {
		Dwarf_Die cu;

		if (dwarf_offdie(dw, cus[i], &cu))
			*sum += walk(&cu);
	}
	dwarf_end(dw);
	close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	int nthreads = 1, fd, t, opt;
	size_t cap = 0, sums[64] = {}, total = 0;
	pthread_t tids[64];
	Dwarf_Off off = 0, next;
	size_t hsize;
	Dwarf *dw;

	while ((opt = getopt(argc, argv, "j:")) != -1)
		if (opt == 'j')
			nthreads = atoi(optarg);
	if (optind != argc - 1 || nthreads < 1 || nthreads > 64) {
		fprintf(stderr, "usage: dwarf_walk [-j N] FILE\n");
		return 2;
	}
	path = argv[optind];
	fd = open(path, O_RDONLY);
	dw = fd >= 0 ? dwarf_begin(fd, DWARF_C_READ) : NULL;
	if (!dw) {
		fprintf(stderr, "%s: cannot read DWARF\n", path);
		return 1;
	}
	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		if (nr_cus == cap) {
			cap = cap ? cap * 2 : 1024;
			cus = realloc(cus, cap * sizeof(*cus));
			if (!cus)
				return 1;
		}
		cus[nr_cus++] = off + hsize;
		off = next;
	}
	dwarf_end(dw);
	close(fd);
	for (t = 0; t < nthreads; t++)
		pthread_create(&tids[t], NULL, worker, &sums[t]);
	for (t = 0; t < nthreads; t++) {
		pthread_join(tids[t], NULL);
		total += sums[t];
	}
	printf("%zu CUs, checksum %zu\n", nr_cus, total);
	free(cus);
	return 0;
}
