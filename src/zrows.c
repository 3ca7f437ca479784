/* SPDX-License-Identifier: GPL-3.0-or-later */
/* zrows: a zlib stream of image rows — zero runs, repeated rows and
 * dynamic Huffman blocks (RFC 1951 3.2.7), checksummed by zlib's adler32. */
#include "clusterbench/zrows.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define WINDOW 32768u
#define MIN_MATCH 3u
#define MAX_MATCH 258u
#define BLOCK_SYMBOLS (1u << 16)
#define MATCH_FLAG 0x80000000u
#define NLIT 286
#define NDIST 30
#define NCLEN 19

/* Bases and extra bits of the length codes 257..285 and distance codes. */
static const uint16_t len_base[29] = { 3,  4,  5,  6,  7,  8,  9,  10, 11,  13,
				       15, 17, 19, 23, 27, 31, 35, 43, 51,  59,
				       67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const uint8_t len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
				       2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const uint16_t dist_base[30] = { 1,    2,    3,    4,    5,    7,     9,     13,
					17,   25,   33,   49,   65,   97,    129,   193,
					257,  385,  513,  769,  1025, 1537,  2049,  3073,
					4097, 6145, 8193, 12289, 16385, 24577 };
static const uint8_t dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
					6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };
/* The order in which the code length code's lengths are sent. */
static const uint8_t clen_order[NCLEN] = { 16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
					   11, 4,  12, 3, 13, 2, 14, 1, 15 };

#define HASH_BITS 15

struct zrows {
	size_t row_len;
	/* the data: win[0 .. used) holds the bytes from stream offset base on,
	 * the last WINDOW (or the last row) at least, then the row being
	 * filled */
	unsigned char *win;
	size_t win_cap, used;
	uint64_t base;
	int have_prev;
	uint32_t *head;        /* 4-byte hash -> stream offset + 1 of its last place */
	uLong row_adler;       /* adler32 of the last row pushed, on its own */
	uLong adler;           /* adler32 of every row so far */
	int last_byte;         /* the last byte of the data, -1 before the first */
	uint32_t *sym;         /* the block's symbols: a literal, or MATCH_FLAG |
				* (length - 3) << 16 | (distance - 1) */
	size_t nsym;
	uint32_t lfreq[NLIT], dfreq[NDIST];
	unsigned char *out;    /* the stream */
	size_t len, cap;
	uint64_t bits;         /* bits not yet whole bytes, first bit lowest */
	unsigned nbits;
	int failed;
};

static unsigned len_code(unsigned n)
{
	unsigned c = 28;

	if (n == MAX_MATCH)
		return c;
	while (len_base[c] > n)
		c--;
	return c;
}

static unsigned dist_code(unsigned dist)
{
	unsigned lo = 0, hi = NDIST - 1;

	while (lo < hi) {
		unsigned mid = (lo + hi + 1) / 2;

		if (dist_base[mid] <= dist)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* ------------------------------------------------------------ bits out */

static int reserve(struct zrows *z, size_t more)
{
	if (z->cap - z->len >= more)
		return 0;
	{
		size_t cap = z->cap ? z->cap : 1u << 16;
		unsigned char *p;

		while (cap - z->len < more)
			cap *= 2;
		p = realloc(z->out, cap);
		if (!p) {
			z->failed = 1;
			return -1;
		}
		z->out = p;
		z->cap = cap;
	}
	return 0;
}

/* n <= 32 bits of v, first bit lowest; room reserved by the caller. */
static inline void put_bits(struct zrows *z, uint32_t v, unsigned n)
{
	z->bits |= (uint64_t)v << z->nbits;
	z->nbits += n;
	while (z->nbits >= 8) {
		z->out[z->len++] = (unsigned char)z->bits;
		z->bits >>= 8;
		z->nbits -= 8;
	}
}

/* ------------------------------------------------------------ Huffman */

struct hnode {
	uint32_t w;
	uint16_t sym;
};

static int cmp_hnode(const void *a, const void *b)
{
	const struct hnode *x = a, *y = b;

	if (x->w != y->w)
		return x->w < y->w ? -1 : 1;
	return (int)x->sym - (int)y->sym;
}

/*
 * Code lengths of a Huffman code for freq[0..n) with no code longer than
 * limit: the two-queue construction over the used symbols sorted by
 * weight; when too deep, the weights are halved (keeping them above 0)
 * and the code built again. At least two symbols get a length, so that
 * every code is complete.
 */
static void huff_lengths(const uint32_t *freq, unsigned n, unsigned limit, uint8_t *len)
{
	struct hnode leaf[NLIT];
	uint32_t w[NLIT], iw[NLIT];
	uint16_t syms[NLIT];
	uint16_t parent[2 * NLIT], depth[2 * NLIT];
	unsigned m = 0;

	memset(len, 0, n);
	for (unsigned s = 0; s < n; s++)
		if (freq[s]) {
			leaf[m].w = freq[s];
			leaf[m].sym = (uint16_t)s;
			m++;
		}
	if (m < 2) {
		/* one symbol (or none): two codes of one bit */
		unsigned a = m ? leaf[0].sym : 0, b = a == 0 ? 1 : 0;

		len[a] = 1;
		len[b] = 1;
		return;
	}
	for (unsigned i = 0; i < m; i++) {
		w[i] = leaf[i].w;
		syms[i] = leaf[i].sym;
	}
	for (;;) {
		unsigned li = 0, ii = 0, ni = 0, maxd = 0;

		for (unsigned i = 0; i < m; i++) {
			leaf[i].w = w[i];
			leaf[i].sym = syms[i];
		}
		qsort(leaf, m, sizeof *leaf, cmp_hnode);
		/* nodes: leaves 0..m-1 (sorted), internal m..2m-2 in the order made */
		while (ni < m - 1) {
			unsigned pick[2];

			for (int k = 0; k < 2; k++) {
				if (li < m && (ii >= ni || leaf[li].w <= iw[ii]))
					pick[k] = li++;
				else
					pick[k] = m + ii++;
			}
			iw[ni] = (pick[0] < m ? leaf[pick[0]].w : iw[pick[0] - m]) +
				 (pick[1] < m ? leaf[pick[1]].w : iw[pick[1] - m]);
			parent[pick[0]] = (uint16_t)(m + ni);
			parent[pick[1]] = (uint16_t)(m + ni);
			ni++;
		}
		depth[2 * m - 2] = 0;
		for (unsigned v = 2 * m - 2; v-- > 0;) {
			depth[v] = (uint16_t)(depth[parent[v]] + 1);
			if (v < m && depth[v] > maxd)
				maxd = depth[v];
		}
		if (maxd <= limit) {
			for (unsigned i = 0; i < m; i++)
				len[leaf[i].sym] = (uint8_t)depth[i];
			return;
		}
		for (unsigned i = 0; i < m; i++)
			w[i] = (w[i] >> 1) | 1u;
	}
}

/* Canonical codes of the lengths (RFC 1951 3.2.2), bit-reversed for
 * writing first bit lowest. */
static void huff_codes(const uint8_t *len, unsigned n, uint16_t *code)
{
	uint16_t count[16] = { 0 }, next[16];
	unsigned c = 0;

	for (unsigned s = 0; s < n; s++)
		count[len[s]]++;
	count[0] = 0;
	for (unsigned b = 1; b < 16; b++) {
		c = (c + count[b - 1]) << 1;
		next[b] = (uint16_t)c;
	}
	for (unsigned s = 0; s < n; s++) {
		unsigned l = len[s], v, r = 0;

		if (!l)
			continue;
		v = next[l]++;
		for (unsigned k = 0; k < l; k++)
			r |= ((v >> k) & 1u) << (l - 1 - k);
		code[s] = (uint16_t)r;
	}
}

/* ------------------------------------------------------------ blocks */

static int flush_block(struct zrows *z, int final)
{
	uint8_t ll[NLIT], dl[NDIST], cl[NCLEN], seq[NLIT + NDIST];
	uint16_t lc[NLIT], dc[NDIST], cc[NCLEN];
	uint8_t rs[NLIT + NDIST], rx[NLIT + NDIST];
	uint32_t cf[NCLEN] = { 0 };
	unsigned nlit = 257, ndist = 1, nclen = 4, nseq, nr = 0;

	if (z->failed || reserve(z, z->nsym * 6 + 1024) < 0)
		return -1;
	z->lfreq[256]++;
	huff_lengths(z->lfreq, NLIT, 15, ll);
	huff_lengths(z->dfreq, NDIST, 15, dl);
	huff_codes(ll, NLIT, lc);
	huff_codes(dl, NDIST, dc);
	for (unsigned s = 0; s < NLIT; s++)
		if (ll[s])
			nlit = s + 1 > nlit ? s + 1 : nlit;
	for (unsigned s = 0; s < NDIST; s++)
		if (dl[s])
			ndist = s + 1;
	memcpy(seq, ll, nlit);
	memcpy(seq + nlit, dl, ndist);
	nseq = nlit + ndist;
	/* the lengths, run-length coded with the symbols 16, 17 and 18 */
	for (unsigned i = 0; i < nseq;) {
		unsigned v = seq[i], r = 1;

		while (i + r < nseq && seq[i + r] == v)
			r++;
		i += r;
		if (v == 0) {
			while (r >= 11) {
				unsigned k = r > 138 ? 138 : r;

				rs[nr] = 18;
				rx[nr++] = (uint8_t)(k - 11);
				r -= k;
			}
			if (r >= 3) {
				rs[nr] = 17;
				rx[nr++] = (uint8_t)(r - 3);
				r = 0;
			}
		} else {
			rs[nr] = (uint8_t)v;
			rx[nr++] = 0;
			r--;
			while (r >= 3) {
				unsigned k = r > 6 ? 6 : r;

				rs[nr] = 16;
				rx[nr++] = (uint8_t)(k - 3);
				r -= k;
			}
		}
		while (r--) {
			rs[nr] = (uint8_t)v;
			rx[nr++] = 0;
		}
	}
	for (unsigned i = 0; i < nr; i++)
		cf[rs[i]]++;
	huff_lengths(cf, NCLEN, 7, cl);
	huff_codes(cl, NCLEN, cc);
	for (unsigned i = 0; i < NCLEN; i++)
		if (cl[clen_order[i]])
			nclen = i + 1 > nclen ? i + 1 : nclen;
	put_bits(z, final ? 1u : 0u, 1);
	put_bits(z, 2, 2); /* dynamic Huffman codes */
	put_bits(z, nlit - 257, 5);
	put_bits(z, ndist - 1, 5);
	put_bits(z, nclen - 4, 4);
	for (unsigned i = 0; i < nclen; i++)
		put_bits(z, cl[clen_order[i]], 3);
	for (unsigned i = 0; i < nr; i++) {
		put_bits(z, cc[rs[i]], cl[rs[i]]);
		if (rs[i] == 16)
			put_bits(z, rx[i], 2);
		else if (rs[i] == 17)
			put_bits(z, rx[i], 3);
		else if (rs[i] == 18)
			put_bits(z, rx[i], 7);
	}
	for (size_t i = 0; i < z->nsym; i++) {
		uint32_t s = z->sym[i];

		if (!(s & MATCH_FLAG)) {
			put_bits(z, lc[s], ll[s]);
		} else {
			unsigned n = ((s >> 16) & 0xFFu) + MIN_MATCH, dist = (s & 0x7FFFu) + 1;
			unsigned a = len_code(n), b = dist_code(dist);

			put_bits(z, lc[257 + a], ll[257 + a]);
			put_bits(z, n - len_base[a], len_extra[a]);
			put_bits(z, dc[b], dl[b]);
			put_bits(z, dist - dist_base[b], dist_extra[b]);
		}
	}
	put_bits(z, lc[256], ll[256]);
	memset(z->lfreq, 0, sizeof z->lfreq);
	memset(z->dfreq, 0, sizeof z->dfreq);
	z->nsym = 0;
	return 0;
}

static inline int put_lit(struct zrows *z, unsigned c)
{
	if (z->nsym == BLOCK_SYMBOLS && flush_block(z, 0) < 0)
		return -1;
	z->sym[z->nsym++] = c;
	z->lfreq[c]++;
	return 0;
}

/* A copy of n >= MIN_MATCH bytes from dist back, as matches of at most
 * MAX_MATCH (none shorter than MIN_MATCH). */
static int put_copy(struct zrows *z, size_t n, unsigned dist)
{
	while (n >= MIN_MATCH) {
		size_t k = n > MAX_MATCH ? MAX_MATCH : n;

		if (n - k > 0 && n - k < MIN_MATCH)
			k = n - MIN_MATCH;
		if (z->nsym == BLOCK_SYMBOLS && flush_block(z, 0) < 0)
			return -1;
		z->sym[z->nsym++] = MATCH_FLAG | (uint32_t)(k - MIN_MATCH) << 16 | (dist - 1);
		z->lfreq[257 + len_code((unsigned)k)]++;
		z->dfreq[dist_code(dist)]++;
		n -= k;
	}
	return 0;
}

/* ------------------------------------------------------------ scanning */

/* The number of bytes from p (at most n) that are c. */
static size_t byte_run(const unsigned char *p, size_t n, unsigned char c)
{
	size_t i = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t all = 0x0101010101010101ull * c;

	for (; i + 8 <= n; i += 8) {
		uint64_t v;

		memcpy(&v, p + i, 8);
		if (v != all)
			return i + (size_t)(__builtin_ctzll(v ^ all) / 8);
	}
#endif
	while (i < n && p[i] == c)
		i++;
	return i;
}

/* The number of bytes from a and b (at most n) that are equal. */
static size_t same_run(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t i = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return i + (size_t)(__builtin_ctzll(x ^ y) / 8);
	}
#endif
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* ------------------------------------------------------------ the API */

struct zrows *zrows_new(size_t row_len)
{
	struct zrows *z = calloc(1, sizeof *z);
	size_t keep = row_len > WINDOW ? row_len : WINDOW;

	if (!z || !row_len || row_len > SIZE_MAX / 8 - WINDOW)
		goto fail;
	z->row_len = row_len;
	z->win_cap = 2 * keep + 2 * row_len;
	z->win = malloc(z->win_cap);
	z->sym = malloc(BLOCK_SYMBOLS * sizeof *z->sym);
	z->head = calloc((size_t)1 << HASH_BITS, sizeof *z->head);
	if (!z->win || !z->sym || !z->head || reserve(z, 2) < 0)
		goto fail;
	z->out[z->len++] = 0x78; /* deflate, 32 KiB window */
	z->out[z->len++] = 0x01; /* no dictionary; (0x78 * 256 + 0x01) % 31 == 0 */
	z->adler = adler32(0L, Z_NULL, 0);
	z->last_byte = -1;
	return z;
fail:
	zrows_free(z);
	return NULL;
}

unsigned char *zrows_next(struct zrows *z)
{
	if (z->used + z->row_len > z->win_cap) {
		/* slide: keep what a copy can reach, and the last row */
		size_t keep = z->row_len > WINDOW ? z->row_len : WINDOW;

		memmove(z->win, z->win + (z->used - keep), keep);
		z->base += z->used - keep;
		z->used = keep;
	}
	return z->win + z->used;
}

/* The row just filled (at used) becomes part of the data. */
static void row_done(struct zrows *z)
{
	z->used += z->row_len;
	z->have_prev = 1;
}

int zrows_repeat(struct zrows *z)
{
	size_t n = z->row_len;
	unsigned char *row;

	if (z->failed || !z->have_prev)
		return -1;
	row = zrows_next(z);
	memcpy(row, row - n, n); /* in the data, for later copies */
	if (n <= WINDOW && n >= MIN_MATCH) {
		if (put_copy(z, n, (unsigned)n) < 0)
			return -1;
	} else {
		for (size_t i = 0; i < n; i++)
			if (put_lit(z, row[i]) < 0)
				return -1;
	}
	z->adler = adler32_combine(z->adler, z->row_adler, (z_off_t)n);
	row_done(z);
	return 0;
}

static inline uint32_t hash4(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return (v * 2654435761u) >> (32 - HASH_BITS);
}

int zrows_push(struct zrows *z)
{
	unsigned char *row = zrows_next(z);
	const unsigned char *prev = row - z->row_len;
	size_t n = z->row_len, i = 0;
	uint64_t at = z->base + z->used; /* stream offset of row[0] */
	int above = z->have_prev && n <= WINDOW;

	if (z->failed)
		return -1;
	if (z->have_prev && memcmp(row, prev, n) == 0) {
		/* zrows_repeat copies the row onto itself: the same */
		return zrows_repeat(z);
	}
	while (i < n) {
		/* the longest of: the bytes a row above, a run of the byte
		 * before, the bytes a pixel before (3 bytes: antialiased edges),
		 * and the last place of the next four bytes (text) */
		size_t best = above ? same_run(row + i, prev + i, n - i) : 0, r;
		unsigned dist = (unsigned)n;

		if (z->last_byte >= 0 && best < n - i &&
		    (r = byte_run(row + i, n - i, (unsigned char)z->last_byte)) > best) {
			best = r;
			dist = 1;
		}
		if (i >= 3 && best < n - i && (r = same_run(row + i, row + i - 3, n - i)) > best) {
			best = r;
			dist = 3;
		}
		if (best < 16 && i + 4 <= n) {
			uint32_t h = hash4(row + i);
			uint64_t c = z->head[h], pos = at + i;

			if (c && pos - (c - 1) <= WINDOW && c - 1 >= z->base) {
				const unsigned char *src = z->win + (size_t)(c - 1 - z->base);

				r = same_run(row + i, src, n - i);
				if (r > best) {
					best = r;
					dist = (unsigned)(pos - (c - 1));
				}
			}
			z->head[h] = (uint32_t)(pos + 1);
		}
		if (best >= MIN_MATCH) {
			if (put_copy(z, best, dist) < 0)
				return -1;
			i += best;
			z->last_byte = row[i - 1];
			continue;
		}
		if (put_lit(z, row[i]) < 0)
			return -1;
		z->last_byte = row[i];
		i++;
	}
	z->row_adler = adler32(adler32(0L, Z_NULL, 0), row, (uInt)n);
	z->adler = adler32_combine(z->adler, z->row_adler, (z_off_t)n);
	row_done(z);
	return 0;
}

const unsigned char *zrows_finish(struct zrows *z, size_t *len)
{
	if (z->failed || flush_block(z, 1) < 0 || reserve(z, 16) < 0)
		return NULL;
	if (z->nbits)
		put_bits(z, 0, 8 - z->nbits);
	z->out[z->len++] = (unsigned char)(z->adler >> 24);
	z->out[z->len++] = (unsigned char)(z->adler >> 16);
	z->out[z->len++] = (unsigned char)(z->adler >> 8);
	z->out[z->len++] = (unsigned char)z->adler;
	*len = z->len;
	return z->out;
}

void zrows_free(struct zrows *z)
{
	if (!z)
		return;
	free(z->win);
	free(z->head);
	free(z->sym);
	free(z->out);
	free(z);
}
