/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small helpers every part of kbtf uses: growing an array, a monotonic
 * clock.
 */
#ifndef KBTF_UTIL_H
#define KBTF_UTIL_H

#include <stddef.h>

/*
 * Make room for @need elements of @elem bytes in *@arr, whose capacity is
 * *@cap elements: doubles (from 16) until it fits.  0, or -ENOMEM with
 * *@arr and *@cap unchanged.
 */
int kbtf_grow(void **arr, size_t *cap, size_t need, size_t elem);

/* Seconds on the monotonic clock. */
double kbtf_now(void);

#endif /* KBTF_UTIL_H */
