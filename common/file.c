// SPDX-License-Identifier: GPL-2.0-only
/*
 * Atomic file replacement (see kbtf_file.h).  The temporary keeps the
 * target's permission bits when the target exists, else 0666 & ~umask.
 * A target without write permission is refused (-EACCES), as writing it
 * in place would be.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kbtf_file.h"

int kbtf_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= n;
	}
	return 0;
}

static int copy_into(int dst, const char *path)
{
	struct stat st;
	off_t off = 0;
	int src, err = 0;

	src = open(path, O_RDONLY | O_CLOEXEC);
	if (src < 0)
		return -errno;
	if (fstat(src, &st)) {
		err = -errno;
		goto out;
	}
	while (off < st.st_size) {
		ssize_t n = sendfile(dst, src, &off, st.st_size - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto out;
		}
		if (n == 0) {
			err = -EIO;
			goto out;
		}
	}
	if (lseek(dst, 0, SEEK_SET) < 0)
		err = -errno;
out:
	close(src);
	return err;
}

int kbtf_replace_file(const char *path, bool copy_from_target,
		      kbtf_fill_fn fill, void *ctx)
{
	struct stat st;
	mode_t mode;
	char *tmp;
	int fd, err;

	/* a read-only target is not replaced, even by root, who could:
	 * its owner said it is not to change */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (!(st.st_mode & 0222) || access(path, W_OK)))
		return -EACCES;
	if (asprintf(&tmp, "%s.kbtf-XXXXXX", path) < 0)
		return -ENOMEM;
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		free(tmp);
		return err;
	}
	if (stat(path, &st) == 0) {
		mode = st.st_mode & 07777;
	} else {
		mode_t mask = umask(0);

		umask(mask);
		mode = 0666 & ~mask;
	}
	err = fchmod(fd, mode) ? -errno : 0;
	if (!err && copy_from_target)
		err = copy_into(fd, path);
	if (!err)
		err = fill(fd, ctx);
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}
