/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_zrows: every stream zrows makes inflates (zlib's uncompress, which
 * also checks the adler32) to exactly the rows given. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "clusterbench/zrows.h"
#include "tcheck.h"

static uint64_t rng = 88172645463325252ull;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

enum kind { ZEROS, NOISE, SPARSE, LIKE_ABOVE, REPEAT, RUNS };

/*
 * Encodes nrows rows of row_len bytes, row y of kind kinds[y % nkinds],
 * keeping a copy of what was meant, and checks that it inflates to it.
 * Returns the compressed size (0 on failure).
 */
static size_t round_trip(size_t row_len, size_t nrows, const enum kind *kinds, size_t nkinds)
{
	struct zrows *z = zrows_new(row_len);
	unsigned char *want = malloc(row_len * nrows + 1), *got = malloc(row_len * nrows + 1);
	const unsigned char *s;
	size_t len = 0;
	uLongf out = (uLongf)(row_len * nrows);
	int ok = z && want && got;

	for (size_t y = 0; ok && y < nrows; y++) {
		enum kind k = kinds[y % nkinds];
		unsigned char *row = want + y * row_len;

		if (y == 0 && (k == LIKE_ABOVE || k == REPEAT))
			k = SPARSE;
		switch (k) {
		case ZEROS:
			memset(row, 0, row_len);
			break;
		case NOISE:
			for (size_t i = 0; i < row_len; i++)
				row[i] = (unsigned char)next_rand();
			break;
		case SPARSE:
			for (size_t i = 0; i < row_len; i++)
				row[i] = next_rand() % 20 == 0 ? (unsigned char)next_rand() : 0;
			break;
		case LIKE_ABOVE:
			memcpy(row, row - row_len, row_len);
			for (size_t i = 0; i < row_len / 50 + 1; i++)
				row[next_rand() % row_len] = (unsigned char)next_rand();
			break;
		case REPEAT:
			memcpy(row, row - row_len, row_len);
			break;
		case RUNS:
			for (size_t i = 0; i < row_len;) {
				size_t n = 1 + next_rand() % 600;
				unsigned char v = next_rand() % 3 ? 0 : (unsigned char)next_rand();

				for (; n-- && i < row_len; i++)
					row[i] = v;
			}
			break;
		}
		if (k == REPEAT && next_rand() % 2) {
			ok = zrows_repeat(z) == 0;
		} else {
			memcpy(zrows_next(z), row, row_len);
			ok = zrows_push(z) == 0;
		}
	}
	s = ok ? zrows_finish(z, &len) : NULL;
	CHECK(s != NULL);
	if (s) {
		int zr = uncompress(got, &out, s, (uLong)len);

		CHECK_INT(zr, Z_OK);
		CHECK_INT(out, row_len * nrows);
		CHECK(zr == Z_OK && memcmp(got, want, row_len * nrows) == 0);
	}
	zrows_free(z);
	free(want);
	free(got);
	return s ? len : 0;
}

/* Literal frequencies in Fibonacci proportions make a Huffman code deeper
 * than deflate's 15 bits: the lengths must be limited. */
static void test_deep_code(void)
{
	size_t n = 0, f[27] = { 1, 1 };
	unsigned char *row;

	for (int k = 2; k < 27; k++)
		f[k] = f[k - 1] + f[k - 2];
	for (int k = 0; k < 27; k++)
		n += f[k];
	row = malloc(n);
	for (size_t k = 0, at = 0; k < 27; k++)
		for (size_t i = 0; i < f[k]; i++)
			row[at++] = (unsigned char)(k + 1);
	/* shuffled, so that no runs or copies hide the frequencies */
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = next_rand() % (i + 1);
		unsigned char t = row[i];

		row[i] = row[j];
		row[j] = t;
	}
	{
		struct zrows *z = zrows_new(n);
		const unsigned char *s;
		size_t len = 0;
		unsigned char *got = malloc(n);
		uLongf out = (uLongf)n;

		memcpy(zrows_next(z), row, n);
		CHECK_INT(zrows_push(z), 0);
		s = zrows_finish(z, &len);
		CHECK(s != NULL);
		CHECK_INT(s ? uncompress(got, &out, s, (uLong)len) : -1, Z_OK);
		CHECK(out == n && memcmp(got, row, n) == 0);
		/* the entropy of these frequencies is about 2.6 bits a byte */
		CHECK(len < n / 2);
		free(got);
		zrows_free(z);
	}
	free(row);
}

int main(void)
{
	static const size_t lens[] = { 1, 2, 3, 4, 7, 258, 259, 260, 261, 517, 4801, 32768, 32769, 40000 };
	static const enum kind all[] = { SPARSE, LIKE_ABOVE, REPEAT, ZEROS, RUNS, NOISE, REPEAT };
	static const enum kind chart[] = { ZEROS, ZEROS, REPEAT, RUNS, LIKE_ABOVE, REPEAT, SPARSE };
	static const enum kind noise[] = { NOISE };
	static const enum kind zeros[] = { ZEROS, REPEAT };

	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		size_t rows = lens[i] > 5000 ? 12 : 60;

		round_trip(lens[i], rows, all, 7);
		round_trip(lens[i], rows, chart, 7);
		round_trip(lens[i], rows, zeros, 2);
	}
	/* more than one block of symbols, with copies across the block ends */
	round_trip(4801, 40, noise, 1);
	round_trip(4801, 300, all, 7);
	/* a blank image: a few bytes a row */
	CHECK(round_trip(4801, 1000, zeros, 2) < 40000);
	test_deep_code();
	return tc_summary("test_zrows");
}
