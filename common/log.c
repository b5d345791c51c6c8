// SPDX-License-Identifier: GPL-2.0-only
/*
 * The single print hook of the kbtf libraries.  Default: warnings and info
 * to stderr, debug dropped.  The hook may be called from worker threads, so
 * installed callbacks must be thread-safe (stdio is).
 */
#include <errno.h>
#include <stdio.h>

#include "kbtf_log.h"

static int default_print(enum kbtf_print_level level, const char *fmt,
			 va_list args)
{
	if (level == KBTF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static kbtf_print_fn_t print_fn = default_print;

kbtf_print_fn_t kbtf_set_print(kbtf_print_fn_t fn)
{
	kbtf_print_fn_t old = print_fn;

	print_fn = fn;
	return old;
}

void kbtf_pr(enum kbtf_print_level level, const char *fmt, ...)
{
	va_list args;

	if (!print_fn)
		return;
	va_start(args, fmt);
	print_fn(level, fmt, args);
	va_end(args);
}

int kbtf_internal(const char *fmt, ...)
{
	char buf[512];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	kbtf_pr(KBTF_WARN, "internal error: %s\n", buf);
	return -ENOTRECOVERABLE;
}
