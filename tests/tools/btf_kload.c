// SPDX-License-Identifier: GPL-2.0-only
/*
 * btf_kload: ask the running kernel to check a BTF blob with BPF_BTF_LOAD.
 *
 *	btf_kload FILE        FILE is raw BTF, or an ELF file with .BTF
 *
 * Prints "accepted" or "rejected: <last log line>" (the whole verifier
 * log with -v).  Exit 0 accepted, 1 rejected, 77 when the kernel cannot
 * be asked (not permitted, no BPF syscall): the reason is printed.
 * Split BTF cannot be loaded by 6.1-era kernels and is reported as 77.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define LOG_SIZE (16u << 20)

static int quiet(enum libbpf_print_level l, const char *f, va_list a)
{
	(void)l; (void)f; (void)a;
	return 0;
}

/* BPF_BTF_LOAD's verdict; the exit status of main(). */
static int judge(const void *data, __u32 size, char *log, int verbose)
{
	LIBBPF_OPTS(bpf_btf_load_opts, opts);
	char *last, *p;
	int fd;

	opts.log_buf = log;
	opts.log_size = LOG_SIZE;
	opts.log_level = 1;
	fd = bpf_btf_load(data, size, &opts);
	if (fd >= 0) {
		printf("accepted\n");
		close(fd);
		return 0;
	}
	if (errno == EPERM || errno == ENOSYS || errno == EACCES) {
		printf("skipped: the kernel cannot be asked: BPF_BTF_LOAD: %s\n",
		       strerror(errno));
		return 77;
	}
	if (errno == ENOSPC) {
		/* log full: retry without a log for the verdict alone */
		opts.log_buf = NULL;
		opts.log_size = 0;
		opts.log_level = 0;
		fd = bpf_btf_load(data, size, &opts);
		if (fd >= 0) {
			printf("accepted\n");
			close(fd);
			return 0;
		}
	}
	/* the reason is the last non-empty log line */
	last = NULL;
	for (p = strtok(log, "\n"); p; p = strtok(NULL, "\n"))
		if (*p) {
			if (verbose)
				printf("%s\n", p);
			last = p;
		}
	printf("rejected: %s (%s)\n", last ? last : "(no log)", strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	const void *data;
	struct btf *btf;
	int ret;
	int verbose = 0, i;
	char *log, *p = NULL;
	const char *path;
	__u32 size;

	for (i = 1; i < argc && argv[i][0] == '-'; i++)
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
	if (i != argc - 1) {
		fprintf(stderr, "usage: btf_kload [-v] FILE\n");
		return 2;
	}
	path = argv[i];
	libbpf_set_print(quiet);
	btf = btf__parse(path, NULL);
	if (!btf) {
		/* libbpf refuses some blobs the kernel would judge; send the
		 * raw bytes as they are */
		FILE *f = fopen(path, "rb");
		long n;

		if (!f) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			return 2;
		}
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		p = malloc(n ? n : 1);
		if (!p || fread(p, 1, n, f) != (size_t)n) {
			fprintf(stderr, "%s: read error\n", path);
			return 2;
		}
		fclose(f);
		data = p;
		size = n;
	} else {
		data = btf__raw_data(btf, &size);
	}
	log = calloc(1, LOG_SIZE);
	if (!log)
		return 2;
	ret = judge(data, size, log, verbose);
	btf__free(btf);
	free(p);
	free(log);
	return ret;
}
