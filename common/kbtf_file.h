/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Atomic replacement of a file: the new content is written to a temporary
 * file in the same directory, synced, then renamed over the target.  On
 * any failure the temporary is removed and the target is untouched.
 */
#ifndef KBTF_FILE_H
#define KBTF_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Called with the temporary's fd (positioned at 0, empty or, with
 * @copy_from_target, holding a copy of the target); returns 0 or -Exxx. */
typedef int (*kbtf_fill_fn)(int fd, void *ctx);

/* 0 or -Exxx; -EACCES, nothing done, when @path exists and has no write
 * permission (for root too: no write bit at all). */
int kbtf_replace_file(const char *path, bool copy_from_target,
		      kbtf_fill_fn fill, void *ctx);

/* Write all of @buf to @fd; 0 or -Exxx. */
int kbtf_write_all(int fd, const void *buf, size_t len);

#endif /* KBTF_FILE_H */
