/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Logging for the kbtf libraries.  The libraries never print: every
 * message goes through one callback that the CLI installs, with a level
 * (warn/info/debug) in the style of libbpf_set_print().  Messages name
 * where the problem is: file, CU, DIE offset ("die 0x…") or BTF id ("[id]").
 */
#ifndef KBTF_LOG_H
#define KBTF_LOG_H

#include <stdarg.h>

enum kbtf_print_level {
	KBTF_WARN,
	KBTF_INFO,
	KBTF_DEBUG,
};

typedef int (*kbtf_print_fn_t)(enum kbtf_print_level level, const char *fmt,
			       va_list args);

/* Install @fn (NULL silences everything); returns the previous callback. */
kbtf_print_fn_t kbtf_set_print(kbtf_print_fn_t fn);

void kbtf_pr(enum kbtf_print_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * A broken invariant of kbtf's own (docs/errors.md): logs "internal error:"
 * and the message (which names where, without a newline), and returns
 * -ENOTRECOVERABLE for the caller to pass up.
 */
int kbtf_internal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define pr_warn(fmt, ...) kbtf_pr(KBTF_WARN, fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) kbtf_pr(KBTF_INFO, fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) kbtf_pr(KBTF_DEBUG, fmt, ##__VA_ARGS__)

#endif /* KBTF_LOG_H */
