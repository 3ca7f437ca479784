/* SPDX-License-Identifier: GPL-3.0-or-later */
/* zrows: a zlib stream (RFC 1950/1951) of image rows, made for charts. */
#ifndef CLUSTERBENCH_ZROWS_H
#define CLUSTERBENCH_ZROWS_H

#include <stddef.h>

/*
 * zlib's deflate looks for repeats anywhere in the last 32 KiB; a chart's
 * filtered rows are almost all zeros (flat colours), and a row is often
 * the same as the one above it. This encoder looks for just those: runs of
 * zeros, a row equal to the previous one, and stretches equal to the byte
 * a row above. The symbols are Huffman coded per block of 64 Ki symbols
 * with codes built for that block (dynamic blocks). Some four times
 * faster than zlib at level 3 on the bench charts, for files about as
 * large. The stream inflates with any zlib.
 */
struct zrows;

/* An encoder of rows of row_len bytes each (row_len >= 1). NULL when out
 * of memory. */
struct zrows *zrows_new(size_t row_len);
/* The buffer for the next row: fill its row_len bytes, then zrows_push. */
unsigned char *zrows_next(struct zrows *z);
/* Encodes the row filled in. Returns 0, or -1 when out of memory. */
int zrows_push(struct zrows *z);
/* Encodes a row equal to the last one pushed (at least one must have
 * been). Returns 0, or -1 when out of memory. */
int zrows_repeat(struct zrows *z);
/* Ends the stream: its bytes (owned by z) and their number in *len, or
 * NULL when out of memory. */
const unsigned char *zrows_finish(struct zrows *z, size_t *len);
void zrows_free(struct zrows *z);
#endif
