/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sort: stable LSD radix sorts (11-bit digits) and counting sorts. */
#include "clusterbench/sort.h"

#include <stdlib.h>
#include <string.h>

#include "clusterbench/mem.h"

/* Keys may live in the storage of the doubles they stand for: accessed
 * through a type that may alias any other, so that the compiler keeps the
 * order of the accesses. */
typedef uint64_t alias_key __attribute__((__may_alias__));

#define DIGIT_BITS 11
#define NBUCKET (1u << DIGIT_BITS)
#define NDIGIT ((64 + DIGIT_BITS - 1) / DIGIT_BITS)

static unsigned digit(uint64_t k, unsigned d)
{
	return (unsigned)(k >> (d * DIGIT_BITS)) & (NBUCKET - 1);
}

/*
 * Counts of every digit of every key in one pass. Returns the digits that
 * actually vary (the others need no pass) in want[0..) and their number.
 */
static unsigned histogram(const alias_key *k, size_t n, size_t (*count)[NBUCKET],
			  unsigned *want)
{
	unsigned nw = 0;

	memset(count, 0, NDIGIT * sizeof *count);
	for (size_t i = 0; i < n; i++) {
		uint64_t v = k[i];

		for (unsigned d = 0; d < NDIGIT; d++)
			count[d][digit(v, d)]++;
	}
	for (unsigned d = 0; d < NDIGIT; d++)
		if (count[d][digit(k[0], d)] != n)
			want[nw++] = d;
	return nw;
}

/* Exclusive prefix sums of one digit's counts. */
static void offsets(size_t *c)
{
	size_t sum = 0;

	for (unsigned b = 0; b < NBUCKET; b++) {
		size_t t = c[b];

		c[b] = sum;
		sum += t;
	}
}

/*
 * Sorts keys k[0..n) and, when p is not NULL, carries p[] along. k2/p2 are
 * scratch of n entries; the result ends up in k/p.
 */
static void radix(alias_key *k, uint32_t *p, alias_key *k2, uint32_t *p2, size_t n,
		  size_t (*count)[NBUCKET])
{
	unsigned want[NDIGIT];
	unsigned nw = histogram(k, n, count, want);
	alias_key *src = k, *dst = k2;
	uint32_t *ps = p, *pd = p2;

	for (unsigned w = 0; w < nw; w++) {
		unsigned d = want[w];
		size_t *c = count[d];

		offsets(c);
		if (p) {
			for (size_t i = 0; i < n; i++) {
				size_t at = c[digit(src[i], d)]++;

				dst[at] = src[i];
				pd[at] = ps[i];
			}
		} else {
			for (size_t i = 0; i < n; i++)
				dst[c[digit(src[i], d)]++] = src[i];
		}
		{
			alias_key *t = src;

			src = dst;
			dst = t;
		}
		{
			uint32_t *t = ps;

			ps = pd;
			pd = t;
		}
	}
	if (src != k) {
		memcpy(k, src, n * sizeof *k);
		if (p)
			memcpy(p, ps, n * sizeof *p);
	}
}

int sort_doubles_sorted(const double *x, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (sort_key_of_double(x[i]) < sort_key_of_double(x[i - 1]))
			return 0;
	return 1;
}

int sort_doubles(double *x, size_t n)
{
	alias_key *k, *tmp;
	size_t (*count)[NBUCKET];

	/* in order already (a stable sort would leave it as it is) */
	if (n < 2 || sort_doubles_sorted(x, n))
		return 0;
	if (n < 32) {
		/* insertion sort: keys compare like the doubles, -0 before +0 */
		for (size_t i = 1; i < n; i++) {
			double v = x[i];
			uint64_t kv = sort_key_of_double(v);
			size_t j = i;

			while (j > 0 && sort_key_of_double(x[j - 1]) > kv) {
				x[j] = x[j - 1];
				j--;
			}
			x[j] = v;
		}
		return 0;
	}
	/* the keys in place of the doubles: scratch for n keys only */
	k = (alias_key *)(void *)x;
	tmp = mem_array(n, sizeof *tmp);
	count = malloc(NDIGIT * sizeof *count);
	if (!tmp || !count) {
		free(tmp);
		free(count);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		k[i] = sort_key_of_double(x[i]);
	radix(k, NULL, tmp, NULL, n, count);
	for (size_t i = 0; i < n; i++)
		x[i] = sort_double_of_key(k[i]);
	free(tmp);
	free(count);
	return 0;
}

int sort_perm_by_u64(uint32_t *perm, size_t n, const uint64_t *key)
{
	uint64_t *k;
	uint32_t *p2;
	size_t (*count)[NBUCKET];

	if (n < 2)
		return 0;
	k = mem_array(2 * n, sizeof *k);
	p2 = mem_array(n, sizeof *p2);
	count = malloc(NDIGIT * sizeof *count);
	if (!k || !p2 || !count) {
		free(k);
		free(p2);
		free(count);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		k[i] = key[perm[i]];
	radix(k, perm, k + n, p2, n, count);
	free(k);
	free(p2);
	free(count);
	return 0;
}

int sort_perm_by_code(uint32_t *perm, uint32_t *tmp, size_t n, const int32_t *code,
		      size_t ncodes)
{
	size_t *c;
	uint32_t *own = NULL;

	if (n < 2 || ncodes < 2)
		return 0;
	c = calloc(ncodes + 1, sizeof *c);
	if (!tmp)
		tmp = own = mem_array(n, sizeof *tmp);
	if (!c || !tmp) {
		free(c);
		free(own);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		c[code[perm[i]] + 1]++;
	for (size_t b = 1; b <= ncodes; b++)
		c[b] += c[b - 1];
	for (size_t i = 0; i < n; i++)
		tmp[c[code[perm[i]]]++] = perm[i];
	memcpy(perm, tmp, n * sizeof *perm);
	free(c);
	free(own);
	return 0;
}
