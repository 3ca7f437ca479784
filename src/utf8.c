/* SPDX-License-Identifier: GPL-3.0-or-later */
/* utf8: a fast UTF-8 check for the loader's hot path. */
#include "clusterbench/utf8.h"

#include <stdint.h>
#include <string.h>

#define HIGH_BITS 0x8080808080808080ULL
#define LOW_BITS 0x0101010101010101ULL

/* Continuation byte 10xxxxxx. */
static int cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/*
 * Length of the sequence starting with the non-ASCII byte p[0], or 0 when
 * it is not a well-formed one (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF).
 */
static size_t sequence(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];

	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && cont(p[1]) ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;

		return n >= 3 && p[1] >= lo && p[1] <= hi && cont(p[2]) ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;

		return n >= 4 && p[1] >= lo && p[1] <= hi && cont(p[2]) && cont(p[3]) ? 4 : 0;
	}
	return 0;
}

int utf8_valid(const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0;

	while (i < n) {
		if (n - i >= 8) {
			uint64_t w;

			memcpy(&w, p + i, 8);
			/* no byte >= 0x80 and no zero byte: eight ASCII characters */
			if (!((w | ((w - LOW_BITS) & ~w)) & HIGH_BITS)) {
				i += 8;
				continue;
			}
		}
		if (p[i] == 0)
			return 0;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		{
			size_t len = sequence(p + i, n - i);

			if (!len)
				return 0;
			i += len;
		}
	}
	return 1;
}
