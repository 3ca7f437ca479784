/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sort: linear-time radix and counting sorts for doubles, 64-bit keys and row permutations. */
#ifndef CLUSTERBENCH_SORT_H
#define CLUSTERBENCH_SORT_H

#include <stddef.h>
#include <stdint.h>

/*
 * All sorts here are stable LSD radix or counting sorts: O(n) per digit,
 * no comparisons, and digits on which every key agrees are skipped (the
 * high bits of doubles in a narrow range, the high digits of small codes).
 * They give the same order as a stable comparison sort; only the order of
 * -0 and +0 differs from a comparison sort that treats them as equal
 * (here -0 sorts first, which a comparison sort may also choose).
 * NaNs sort after +inf (positive NaNs) or before -inf (negative NaNs).
 * Each returns 0, or -1 when scratch memory could not be allocated (the
 * input is then unchanged).
 */

/* Sorts x[0..n) ascending. */
int sort_doubles(double *x, size_t n);
/* 1 when x[0..n) is in the order sort_doubles gives (key order), else 0. */
int sort_doubles_sorted(const double *x, size_t n);

/*
 * Stable sort of perm[0..n) by key[perm[i]]: perm holds row numbers (any
 * order, e.g. ascending), key has one entry per row.
 */
int sort_perm_by_u64(uint32_t *perm, size_t n, const uint64_t *key);

/*
 * Stable counting sort of perm[0..n) by code[perm[i]], every code in
 * [0, ncodes). tmp: scratch of n entries (NULL: allocated here).
 */
int sort_perm_by_code(uint32_t *perm, uint32_t *tmp, size_t n, const int32_t *code,
		      size_t ncodes);

/* The order-preserving map of a double to an unsigned key, and back. */
static inline uint64_t sort_key_of_double(double v)
{
	union {
		double d;
		uint64_t u;
	} c = { .d = v };

	return (c.u >> 63) ? ~c.u : c.u | (UINT64_C(1) << 63);
}

static inline double sort_double_of_key(uint64_t k)
{
	union {
		double d;
		uint64_t u;
	} c;

	c.u = (k >> 63) ? k & ~(UINT64_C(1) << 63) : ~k;
	return c.d;
}

#endif
