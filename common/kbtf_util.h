/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small helpers every part of kbtf uses: growing an array, sized options,
 * a monotonic clock, quoting a string from a file for a one-line message,
 * hashing a name, and the kernel's errno that userspace lacks.
 */
#ifndef KBTF_UTIL_H
#define KBTF_UTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * The kernel's ENOTSUPP (include/linux/errno.h): not in userspace's
 * errno.h, yet the bpf() syscall returns it ("Unsupported version", a
 * missing BPF_PROG_TEST_RUN) and the validator reports it as the kernel's
 * error.  Not EOPNOTSUPP (95).
 */
#define KBTF_ENOTSUPP 524

/*
 * Make room for @need elements of @elem bytes in *@arr, whose capacity is
 * *@cap elements: doubles (from 16) until it fits.  0, or -ENOMEM with
 * *@arr and *@cap unchanged.
 */
int kbtf_grow(void **arr, size_t *cap, size_t need, size_t elem);

/*
 * libbpf's sized-options pattern: copy the caller's options @src, whose
 * first field is its size in bytes, into @dst (@dst_sz bytes): fields an
 * older caller did not know are zeroed, and non-zero fields of a newer
 * caller that this build does not know are refused.  The copy's size
 * field is set to @dst_sz.  NULL @src gives all zeroes.  0 or -EINVAL.
 */
int kbtf_opts_copy(void *dst, size_t dst_sz, const void *src);

/* Seconds on the monotonic clock. */
double kbtf_now(void);

/*
 * @s as a message may show it, whatever the file held: bytes outside
 * printable ASCII (and '\\') as \\xNN, cut with "..." to fit @size bytes
 * (at least 8).  Returns @buf.
 */
const char *kbtf_quote(const char *s, char *buf, size_t size);

/* FNV-1a of the string @s, for the tables keyed by names (short strings,
 * most lookups missing). */
uint32_t kbtf_str_hash(const char *s);

#endif /* KBTF_UTIL_H */
