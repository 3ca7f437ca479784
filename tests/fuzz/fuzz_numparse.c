/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_numparse: num_parse differentially against glibc strtod, and num_format round trips. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/numparse.h"
#include "fuzz.h"

/*
 * Input layout: byte 0 chooses the dialect and the mode, the rest is the
 * text.
 *   bits 0-1  decimal/group: '.'/none, '.'/',', ','/none, ','/'.'
 *   bit 2     use an invalid decimal/group pair instead (bits 3-4 pick it):
 *             num_parse must then reject everything
 *   bit 5     map every text byte onto the alphabet "0123456789.,eE+-", so
 *             that most inputs are near-numbers
 *   bit 6     inflate: text byte 0 is a count r, byte 1 a position p; the
 *             byte at p of the rest is repeated 4 (r + 1) times there
 *             (long mantissas, long runs of zeros, long exponents)
 *
 * The reference is written independently of numparse.c: a plain reading of
 * the grammar in numparse.h that also produces the '.'-dialect text with
 * the separators removed, converted by strtod (glibc rounds correctly, to
 * nearest, ties to even, for any number of digits). Accepted inputs must
 * agree bit for bit, including the sign of zero; an overflow must be
 * NUM_RANGE exactly when strtod gives ±inf.
 */

static const char alphabet[16] = { '0', '1', '2', '3', '4', '5', '6', '7',
				   '8', '9', '.', ',', 'e', 'E', '+', '-' };

static const char dialects[4][2] = { { '.', 0 }, { '.', ',' }, { ',', 0 }, { ',', '.' } };

static const char bad_pairs[4][2] = { { '.', '.' }, { ',', ',' }, { 'x', 0 }, { '.', '_' } };

static int is_dig(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The grammar of numparse.h. Returns 1 when s[0..n) is a number; then ref
 * holds the same number as "[sign]digits[.digits][e[sign]digits]" with '.'
 * as the mark and no separators, and *flags the NUM_F_* bits it must give.
 */
static int ref_grammar(const char *s, size_t n, char dec, char grp, char *ref, unsigned *flags)
{
	size_t i = 0, o = 0, digits = 0, chunk = 0;
	int grouped = 0, mark = 0, expo = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		ref[o++] = s[i++];
	while (i < n) {
		if (is_dig(s[i])) {
			ref[o++] = s[i++];
			digits++;
			chunk++;
		} else if (grp && s[i] == grp) {
			/* first group 1 to 3 digits, every later group 3 */
			if (grouped ? chunk != 3 : (chunk < 1 || chunk > 3))
				return 0;
			grouped = 1;
			chunk = 0;
			i++;
		} else {
			break;
		}
	}
	if (grouped && chunk != 3)
		return 0;
	if (i < n && s[i] == dec) {
		mark = 1;
		ref[o++] = '.';
		for (i++; i < n && is_dig(s[i]); i++) {
			ref[o++] = s[i];
			digits++;
		}
	}
	if (digits == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t ed = 0;

		expo = 1;
		ref[o++] = 'e';
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			ref[o++] = s[i++];
		for (; i < n && is_dig(s[i]); i++, ed++)
			ref[o++] = s[i];
		if (ed == 0)
			return 0;
	}
	if (i != n)
		return 0;
	ref[o] = '\0';
	*flags = (mark || expo ? 0u : NUM_F_INTEGER) | (grouped ? NUM_F_GROUPED : 0u);
	return 1;
}

static uint64_t bits_of(double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof u);
	return u;
}

/* num_format must give a text that reads back as x (both parsers). */
static void check_format(double x)
{
	char buf[NUM_FORMAT_SIZE], small[8];
	size_t n, m;
	double y;
	char *end;

	n = num_format(x, buf, sizeof buf);
	FUZZ_CHECK(n > 0 && n < NUM_FORMAT_SIZE && strlen(buf) == n);
	FUZZ_CHECKF(num_parse(buf, n, '.', 0, &y, NULL) == NUM_OK, "'%s'", buf);
	FUZZ_CHECKF(y == x && (x != 0 || bits_of(y) == 0), "%.17g -> '%s' -> %.17g", x, buf, y);
	y = strtod(buf, &end);
	FUZZ_CHECKF(*end == '\0' && y == x, "%.17g -> '%s'", x, buf);
	/* the snprintf contract: cut text, full length returned */
	m = num_format(x, small, sizeof small);
	FUZZ_CHECK(m == n);
	FUZZ_CHECK(strlen(small) == (n < sizeof small ? n : sizeof small - 1));
	FUZZ_CHECK(memcmp(small, buf, strlen(small)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned mode, flags = 99, ref_flags = 0, flags2;
	char dec, grp, *text, *ref;
	size_t len;
	double v = 0, v2, want;
	int rc, rc2, ok;

	if (size < 1)
		return 0;
	mode = data[0];
	data++;
	size--;
	dec = dialects[mode & 3][0];
	grp = dialects[mode & 3][1];
	if (mode & 4) {
		dec = bad_pairs[(mode >> 3) & 3][0];
		grp = bad_pairs[(mode >> 3) & 3][1];
	}

	if ((mode & 64) && size >= 3) {
		size_t reps = 4 * ((size_t)data[0] + 1);
		size_t rest = size - 2, at = data[1] % rest;

		len = rest + reps;
		text = malloc(len);
		FUZZ_CHECK(text != NULL);
		memcpy(text, data + 2, at);
		memset(text + at, data[2 + at], reps);
		memcpy(text + at + reps, data + 2 + at, rest - at);
	} else {
		len = size;
		text = fuzz_dup_exact(data, len);
	}
	if (mode & 32)
		for (size_t i = 0; i < len; i++)
			text[i] = alphabet[(unsigned char)text[i] & 15];

	errno = 12345;
	rc = num_parse(text, len, dec, grp, &v, &flags);
	FUZZ_CHECK(errno == 12345);
	FUZZ_CHECK(rc == NUM_OK || rc == NUM_INVALID || rc == NUM_RANGE);

	/* the same answer with out and flags left out, and each alone */
	FUZZ_CHECK(num_parse(text, len, dec, grp, NULL, NULL) == rc);
	rc2 = num_parse(text, len, dec, grp, &v2, NULL);
	FUZZ_CHECK(rc2 == rc && bits_of(v2) == bits_of(v));
	rc2 = num_parse(text, len, dec, grp, NULL, &flags2);
	FUZZ_CHECK(rc2 == rc && flags2 == flags);

	if (rc != NUM_OK)
		FUZZ_CHECK(isnan(v));
	if (rc == NUM_INVALID)
		FUZZ_CHECK(flags == 0);

	ref = malloc(len + 2);
	FUZZ_CHECK(ref != NULL);
	ok = !(mode & 4) && ref_grammar(text, len, dec, grp, ref, &ref_flags);
	FUZZ_CHECKF(ok == (rc != NUM_INVALID), "grammar: reference %s, num_parse %d on '%.*s'",
		    ok ? "accepts" : "rejects", rc, (int)(len < 200 ? len : 200), text);
	if (ok) {
		char *end;

		FUZZ_CHECKF(flags == ref_flags, "flags %u, want %u", flags, ref_flags);
		errno = 0;
		want = strtod(ref, &end);
		FUZZ_CHECK(*end == '\0');
		if (isinf(want)) {
			FUZZ_CHECKF(rc == NUM_RANGE, "'%s': strtod overflows, num_parse %d", ref, rc);
		} else {
			FUZZ_CHECKF(rc == NUM_OK, "'%s': strtod %.17g, num_parse %d", ref, want, rc);
			FUZZ_CHECKF(bits_of(v) == bits_of(want), "'%s': num_parse %a, strtod %a",
				    ref, v, want);
			check_format(v);
		}
	}
	free(ref);
	free(text);
	return 0;
}
