/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sort: the radix and counting sorts against qsort on random and adversarial data. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/sort.h"
#include "tcheck.h"

static uint64_t state = 88172645463325252ULL;

static uint64_t rnd(void)
{
	/* xorshift64: reproducible, independent of the C library */
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* A value of one of several shapes: narrow range, ties, wide exponents, signs. */
static double value(int shape)
{
	uint64_t r = rnd();

	switch (shape) {
	case 0: return (double)(r % 1000) / 8.0;                 /* many ties */
	case 1: return ((double)(r >> 11) / 9007199254740992.0) * 2e3 - 1e3;
	case 2: {                                                 /* any finite double */
		double v;

		memcpy(&v, &r, sizeof v);
		return isfinite(v) ? v : 1.0;
	}
	default: return (r & 1) ? 5.0 : -5.0;                    /* two values */
	}
}

static void test_doubles(void)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 31, 32, 33, 255, 256, 1000, 4097, 100000 };

	for (int shape = 0; shape < 4; shape++)
		for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
			size_t n = sizes[si];
			double *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
			int same = 1;

			for (size_t i = 0; i < n; i++)
				a[i] = b[i] = value(shape);
			CHECK_INT(sort_doubles(a, n), 0);
			qsort(b, n, sizeof *b, cmp_double);
			for (size_t i = 0; i < n; i++)
				same &= memcmp(&a[i], &b[i], sizeof a[i]) == 0;
			if (!same)
				TC_FAIL("sort_doubles shape %d n %zu differs from qsort", shape, n);
			else
				tc_passed++;
			free(a);
			free(b);
		}
	{
		/* infinities, -0 before +0, extremes */
		double v[40], want[] = { -INFINITY, -DBL_MAX, -1, -DBL_MIN, -0.0, 0.0, 4.9e-324, 1,
					 DBL_MAX, INFINITY };
		size_t n = 0;

		for (int rep = 0; rep < 4; rep++)
			for (size_t i = sizeof want / sizeof want[0]; i-- > 0;)
				v[n++] = want[i];
		CHECK_INT(sort_doubles(v, n), 0);
		for (size_t i = 0; i < n; i++)
			CHECK(memcmp(&v[i], &want[i / 4], sizeof v[i]) == 0);
		CHECK(sort_key_of_double(-0.0) < sort_key_of_double(0.0));
		CHECK(sort_double_of_key(sort_key_of_double(-2.5)) == -2.5);
	}
}

struct pr {
	uint64_t key;
	uint32_t row;
};

static int cmp_pr(const void *a, const void *b)
{
	const struct pr *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static void test_perm(void)
{
	size_t n = 50000;
	uint64_t *key = malloc(n * sizeof *key);
	int32_t *code = malloc(n * sizeof *code);
	uint32_t *perm = malloc(n * sizeof *perm);
	struct pr *want = malloc(n * sizeof *want);
	int same = 1;

	for (size_t i = 0; i < n; i++) {
		key[i] = (i % 3) ? rnd() % 97 : rnd();  /* ties and wide keys */
		code[i] = (int32_t)(rnd() % 13);
		perm[i] = (uint32_t)i;
		want[i].key = key[i];
		want[i].row = (uint32_t)i;
	}
	CHECK_INT(sort_perm_by_u64(perm, n, key), 0);
	qsort(want, n, sizeof *want, cmp_pr);
	for (size_t i = 0; i < n; i++)
		same &= perm[i] == want[i].row;
	CHECK(same);

	/* counting sort of every other row: stable, by code */
	for (size_t i = 0; i < n / 2; i++) {
		perm[i] = (uint32_t)(2 * i);
		want[i].key = (uint64_t)code[2 * i];
		want[i].row = (uint32_t)(2 * i);
	}
	CHECK_INT(sort_perm_by_code(perm, NULL, n / 2, code, 13), 0);
	qsort(want, n / 2, sizeof *want, cmp_pr);
	same = 1;
	for (size_t i = 0; i < n / 2; i++)
		same &= perm[i] == want[i].row;
	CHECK(same);
	free(key);
	free(code);
	free(perm);
	free(want);
}

int main(void)
{
	test_doubles();
	test_perm();
	{
		/* the in-order test follows the sort's order: -0 before +0 */
		double up[] = { -3, -0.0, 0.0, 0.0, 2.5, 1e300 }, swapped[] = { 1, 2, 4, 3, 5 };
		double zeros[] = { 0.0, -0.0 };

		CHECK(sort_doubles_sorted(up, 6));
		CHECK(!sort_doubles_sorted(swapped, 5));
		CHECK(sort_doubles_sorted(swapped, 3));
		CHECK(!sort_doubles_sorted(zeros, 2));
		CHECK(sort_doubles(zeros, 2) == 0 && signbit(zeros[0]) && !signbit(zeros[1]));
		CHECK(sort_doubles_sorted(NULL, 0));
	}
	return tc_summary("test_sort");
}
