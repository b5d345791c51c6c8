/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Asserting macros for the unit tests: each failed check prints the file,
 * line, expression and both values, and counts; KBTF_TEST_END reports and
 * gives the exit status (0 all passed, 1 some failed).
 */
#ifndef KBTF_TEST_H
#define KBTF_TEST_H

#include <stdio.h>
#include <string.h>

static int kbtf_test_failures, kbtf_test_checks;

#define CHECK(cond, fmt, ...)							\
	do {									\
		kbtf_test_checks++;						\
		if (!(cond)) {							\
			kbtf_test_failures++;					\
			printf("FAIL %s:%d: %s: " fmt "\n", __FILE__, __LINE__,	\
			       #cond, ##__VA_ARGS__);				\
		}								\
	} while (0)

#define CHECK_EQ(a, b)								\
	CHECK((long long)(a) == (long long)(b), "%lld != %lld",		\
	      (long long)(a), (long long)(b))

#define CHECK_STR(a, b)								\
	do {									\
		const char *__a = (a), *__b = (b);				\
		CHECK(__a && __b && !strcmp(__a, __b), "'%s' != '%s'",		\
		      __a ? __a : "(null)", __b ? __b : "(null)");		\
	} while (0)

#define KBTF_TEST_END()								\
	({									\
		printf("%d checks, %d failed\n", kbtf_test_checks,		\
		       kbtf_test_failures);					\
		kbtf_test_failures ? 1 : 0;					\
	})

#endif /* KBTF_TEST_H */
