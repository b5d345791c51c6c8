// SPDX-License-Identifier: GPL-2.0-only
/*
 * A main() for a fuzz harness built without libFuzzer: runs
 * LLVMFuzzerTestOneInput() once on each FILE, and on each file of each
 * DIR (not recursively).  The regression tests of every build run the
 * kept crash inputs and the seed corpora through it.  Exit 0 when every
 * input ran (a bug aborts or crashes), 1 if one could not be read.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *p)
{
	FILE *f = fopen(p, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f) {
		perror(p);
		return 1;
	}
	do {
		if (n == cap) {
			uint8_t *nb = realloc(buf, cap = cap ? cap * 2 : 65536);

			if (!nb) {
				fclose(f);
				free(buf);
				return 1;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	fclose(f);
	printf("%s (%zu bytes)\n", p, n);
	fflush(stdout);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *d)
{
	char **names = NULL, p[4096];
	size_t nr = 0, i;
	struct dirent *e;
	int ret = 0;
	DIR *dir;

	dir = opendir(d);
	if (!dir) {
		perror(d);
		return 1;
	}
	while ((e = readdir(dir))) {
		char **nn;

		if (e->d_name[0] == '.')
			continue;
		nn = realloc(names, (nr + 1) * sizeof(*names));
		if (!nn)
			break;
		names = nn;
		names[nr++] = strdup(e->d_name);
	}
	closedir(dir);
	qsort(names, nr, sizeof(*names), cmp);
	for (i = 0; i < nr; i++) {
		struct stat st;

		snprintf(p, sizeof(p), "%s/%s", d, names[i]);
		if (!stat(p, &st) && S_ISREG(st.st_mode) &&
		    !strstr(names[i], ".md"))
			ret |= run_file(p);
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	int i, ret = 0;

	fuzz_init();
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st)) {
			perror(argv[i]);
			ret = 1;
		} else if (S_ISDIR(st.st_mode)) {
			ret |= run_dir(argv[i]);
		} else {
			ret |= run_file(argv[i]);
		}
	}
	return ret;
}
