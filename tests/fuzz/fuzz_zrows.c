/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_zrows: every stream zrows makes inflates (zlib) to the rows given. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "clusterbench/zrows.h"
#include "fuzz.h"

/*
 * Input layout: bytes 0-1 the row length (1 + (b0 | b1 << 8) % 40000, so
 * that rows longer than deflate's 32 KiB window come up too); then per row
 * a control byte and the row's bytes (zeros where the input has ended):
 *   bit 0  the row is the one before again (zrows_repeat)
 *   bit 1  sparse: bytes below 224 become 0, as in a chart's filtered rows
 *   bit 2  the row before with every 16th byte from the input
 * At most 64 rows.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t row_len, at = 2, nrows = 0;
	struct zrows *z;
	unsigned char *want = NULL, *got = NULL;
	const unsigned char *s;
	size_t len = 0;
	uLongf out;

	if (size < 3)
		return 0;
	row_len = 1 + ((size_t)data[0] | (size_t)data[1] << 8) % 40000;
	z = zrows_new(row_len);
	FUZZ_CHECK(z != NULL);
	want = malloc(64 * row_len);
	got = malloc(64 * row_len + 1);
	FUZZ_CHECK(want && got);
	while (at < size && nrows < 64) {
		unsigned c = data[at++];
		unsigned char *row = want + nrows * row_len;

		if ((c & 1) && nrows > 0) {
			memcpy(row, row - row_len, row_len);
			FUZZ_CHECK(zrows_repeat(z) == 0);
		} else {
			for (size_t i = 0; i < row_len; i++) {
				unsigned char b = 0;

				if ((c & 4) && nrows > 0) {
					b = (row - row_len)[i];
					if (i % 16 == 0 && at < size)
						b = data[at++];
				} else if (at < size) {
					b = data[at++];
				}
				if ((c & 2) && b < 224)
					b = 0;
				row[i] = b;
			}
			memcpy(zrows_next(z), row, row_len);
			FUZZ_CHECK(zrows_push(z) == 0);
		}
		nrows++;
	}
	s = zrows_finish(z, &len);
	FUZZ_CHECK(s != NULL);
	out = (uLongf)(64 * row_len + 1);
	FUZZ_CHECKF(uncompress(got, &out, s, (uLong)len) == Z_OK, "row_len %zu, %zu rows", row_len,
		    nrows);
	FUZZ_CHECK(out == nrows * row_len);
	FUZZ_CHECK(memcmp(got, want, out) == 0);
	zrows_free(z);
	free(want);
	free(got);
	return 0;
}
