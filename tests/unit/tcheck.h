/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tcheck: the assertion macros every unit test program uses. */
#ifndef CLUSTERBENCH_TCHECK_H
#define CLUSTERBENCH_TCHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int tc_passed, tc_failed;

#define TC_FAIL(...)                                                   \
	do {                                                           \
		tc_failed++;                                           \
		fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__);                          \
		fputc('\n', stderr);                                   \
	} while (0)

#define CHECK(cond)                                     \
	do {                                            \
		if (cond)                               \
			tc_passed++;                    \
		else                                    \
			TC_FAIL("%s", #cond);           \
	} while (0)

#define CHECK_INT(a, b)                                                       \
	do {                                                                  \
		long long a_ = (long long)(a), b_ = (long long)(b);           \
		if (a_ == b_)                                                 \
			tc_passed++;                                          \
		else                                                          \
			TC_FAIL("%s == %s: got %lld, want %lld", #a, #b, a_, b_); \
	} while (0)

#define CHECK_STR(a, b)                                                          \
	do {                                                                     \
		const char *a_ = (a), *b_ = (b);                                 \
		if (a_ && b_ && strcmp(a_, b_) == 0)                             \
			tc_passed++;                                             \
		else                                                             \
			TC_FAIL("%s == %s:\n  got  \"%s\"\n  want \"%s\"", #a, #b, \
				a_ ? a_ : "(null)", b_ ? b_ : "(null)");         \
	} while (0)

/* Relative tolerance; exact equality also passes (covers 0 == 0). */
#define CHECK_REL(a, b, tol)                                                        \
	do {                                                                        \
		double a_ = (a), b_ = (b);                                          \
		double e_ = fabs(a_ - b_) / (fabs(b_) > 0 ? fabs(b_) : 1.0);        \
		if (a_ == b_ || e_ <= (tol))                                        \
			tc_passed++;                                                \
		else                                                                \
			TC_FAIL("%s ~ %s: got %.17g, want %.17g (rel err %.3g > %.3g)", \
				#a, #b, a_, b_, e_, (double)(tol));                 \
	} while (0)

#define CHECK_ABS(a, b, tol)                                                      \
	do {                                                                      \
		double a_ = (a), b_ = (b);                                        \
		if (fabs(a_ - b_) <= (tol))                                       \
			tc_passed++;                                              \
		else                                                              \
			TC_FAIL("%s ~ %s: got %.17g, want %.17g (abs err %.3g > %.3g)", \
				#a, #b, a_, b_, fabs(a_ - b_), (double)(tol));    \
	} while (0)

#define CHECK_NAN(a)                                                  \
	do {                                                          \
		double a_ = (a);                                      \
		if (isnan(a_))                                        \
			tc_passed++;                                  \
		else                                                  \
			TC_FAIL("%s: got %.17g, want missing", #a, a_); \
	} while (0)

/* Prints "NAME: N passed, N failed" and returns the exit status. */
static inline int tc_summary(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, tc_passed, tc_failed);
	return tc_failed ? 1 : 0;
}

#endif
