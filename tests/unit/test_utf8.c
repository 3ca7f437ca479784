/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_utf8: utf8_valid gives GLib's answer on every short sequence and on random text. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "clusterbench/utf8.h"
#include "tcheck.h"

static uint64_t state = 0x9E3779B97F4A7C15ULL;

static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

/* Counts disagreements with g_utf8_validate_len on buf[0..n). */
static size_t differs(const char *buf, size_t n)
{
	return (utf8_valid(buf, n) != 0) != (g_utf8_validate_len(buf, n, NULL) != 0);
}

int main(void)
{
	char buf[64];
	size_t bad = 0, valid = 0;

	/* every 1-, 2- and 3-byte string, alone and after 8 ASCII bytes (the
	 * word path hands over in the middle of a sequence) */
	memcpy(buf + 16, "abcdefg", 7);
	for (uint32_t v = 0; v < (1u << 24); v++) {
		buf[0] = buf[23] = (char)(v >> 16);
		buf[1] = buf[24] = (char)(v >> 8);
		buf[2] = buf[25] = (char)v;
		bad += differs(buf, 3) + differs(buf + 16, 10);
		valid += utf8_valid(buf, 3) != 0;
		if ((v & 0xFFFF) == 0x4142)
			bad += differs(buf, 1) + differs(buf, 2);
	}
	CHECK_INT(bad, 0);
	/* valid 3-byte strings: ASCII/2-byte/3-byte combinations, counted by
	 * hand: 127^3 + 2*127*1920 + 61440 = 2 597 343 */
	CHECK_INT(valid, 127ULL * 127 * 127 + 2ULL * 127 * 1920 + 61440);
	/* every 4-byte sequence with a lead byte F0..F7 and continuation-like tails */
	bad = 0;
	for (uint32_t lead = 0xF0; lead <= 0xF7; lead++)
		for (uint32_t a = 0x70; a <= 0xCF; a++)
			for (uint32_t b = 0x70; b <= 0xCF; b += 7)
				for (uint32_t c = 0x70; c <= 0xCF; c += 5) {
					buf[0] = (char)lead;
					buf[1] = (char)a;
					buf[2] = (char)b;
					buf[3] = (char)c;
					bad += differs(buf, 4) + differs(buf, 3);
				}
	CHECK_INT(bad, 0);
	/* random mixtures of ASCII, NUL, valid sequences and stray bytes at
	 * every length and alignment */
	bad = 0;
	for (int it = 0; it < 2000000; it++) {
		size_t n = rnd() % 40, i = 0;

		while (i < n) {
			uint64_t r = rnd();
			static const char *const pieces[] = { "Ç", "ş", "İ", "€", "😀", "\xEF\xBF\xBF",
							      "\xF4\x8F\xBF\xBF", "\xED\x9F\xBF" };

			if (r % 10 < 6) {
				buf[i++] = (char)(0x20 + (r >> 8) % 95);
			} else if (r % 10 < 8) {
				const char *s = pieces[(r >> 8) % 8];
				size_t l = strlen(s);

				if (i + l > n)
					l = n - i; /* cut: a truncated sequence */
				memcpy(buf + i, s, l);
				i += l;
			} else if (r % 10 == 8) {
				buf[i++] = (char)(r >> 16);
			} else {
				buf[i++] = (r >> 16) % 50 ? 'x' : '\0';
			}
		}
		bad += differs(buf, n);
	}
	CHECK_INT(bad, 0);
	CHECK(utf8_valid("", 0));
	CHECK(utf8_valid("Kahramanmaraş, Çorum", strlen("Kahramanmaraş, Çorum")));
	CHECK(!utf8_valid("abcdefgh\0ijk", 12));
	CHECK(!utf8_valid("\xC0\xAF", 2));       /* overlong '/' */
	CHECK(!utf8_valid("\xED\xA0\x80", 3));   /* surrogate U+D800 */
	CHECK(!utf8_valid("\xF4\x90\x80\x80", 4)); /* above U+10FFFF */
	CHECK(!utf8_valid("\xFE", 1));
	printf("test_utf8: %d passed, %d failed\n", tc_passed, tc_failed);
	return tc_failed != 0;
}
