// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fuzz harnesses' shared helpers (fuzz.h): quiet print hooks that
 * still format every message and check that it is one line, and input
 * files in a private temporary directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "fuzz.h"
#include "kbtf_file.h"
#include "kbtf_log.h"

static char dir[PATH_MAX - 64];
static char path[PATH_MAX];

static int kbtf_hook(enum kbtf_print_level level, const char *fmt,
		     va_list ap)
{
	char buf[4096];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	char *nl;

	(void)level;
	if (n <= 0 || (size_t)n >= sizeof(buf))
		return n;	/* too long to judge */
	nl = strchr(buf, '\n');
	if (!nl || nl[1]) {
		fprintf(stderr, "fuzz: a message that is not one line: \"%s\"\n",
			buf);
		abort();
	}
	return n;
}

static int libbpf_hook(enum libbpf_print_level level, const char *fmt,
		       va_list ap)
{
	char buf[4096];

	(void)level;
	return vsnprintf(buf, sizeof(buf), fmt, ap);
}

static void cleanup(void)
{
	if (path[0])
		unlink(path);
	if (dir[0]) {
		char cmd[PATH_MAX + 16];

		/* the harnesses leave files of their own names in it */
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			fprintf(stderr, "fuzz: cannot remove %s\n", dir);
	}
}

void fuzz_init(void)
{
	static bool done;
	const char *tmp = getenv("TMPDIR");

	if (done)
		return;
	done = true;
	kbtf_set_print(kbtf_hook);
	libbpf_set_print(libbpf_hook);
	snprintf(dir, sizeof(dir), "%s/kbtf-fuzz-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(cleanup);
}

const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	int fd, err;

	fuzz_init();
	if (snprintf(path, sizeof(path), "%s/%.60s", dir, name) >=
	    (int)sizeof(path))
		return NULL;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return NULL;
	err = kbtf_write_all(fd, data, size);
	if (close(fd) || err)
		return NULL;
	return path;
}
