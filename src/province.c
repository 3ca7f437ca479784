/* SPDX-License-Identifier: GPL-3.0-or-later */
/* province: the 81 provinces of Türkiye, loose matching and suggestions. */
#include "clusterbench/load.h"

#include <stdint.h>
#include <string.h>

/* Defined in the source generated from datasets/provinces.csv. */
extern const struct province cb_provinces[];
extern const unsigned long cb_provinces_count;

const struct province *province_table(size_t *n)
{
	*n = cb_provinces_count;
	return cb_provinces;
}

const struct province *province_find(const char *name)
{
	for (size_t i = 0; i < cb_provinces_count; i++)
		if (strcmp(cb_provinces[i].name, name) == 0)
			return &cb_provinces[i];
	return NULL;
}

/* Decodes one UTF-8 sequence (input already validated); returns its length. */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && s[1]) {
		*cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2]) {
		*cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		return 3;
	}
	if ((s[0] & 0xF8) == 0xF0 && s[1] && s[2] && s[3]) {
		*cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		      ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

/* ASCII letter for a Latin letter with a diacritic used in Turkish names, 0
 * for a combining mark (dropped), or -1 when the character is not folded. */
static int fold_cp(uint32_t cp)
{
	switch (cp) {
	case 0x00C7: case 0x00E7: return 'c';                 /* Ç ç */
	case 0x011E: case 0x011F: return 'g';                 /* Ğ ğ */
	case 0x0130: case 0x0131: return 'i';                 /* İ ı */
	case 0x00D6: case 0x00F6: return 'o';                 /* Ö ö */
	case 0x015E: case 0x015F: return 's';                 /* Ş ş */
	case 0x00DC: case 0x00FC: return 'u';                 /* Ü ü */
	case 0x00C2: case 0x00E2: return 'a';                 /* Â â */
	case 0x00CE: case 0x00EE: return 'i';                 /* Î î */
	case 0x00DB: case 0x00FB: return 'u';                 /* Û û */
	}
	if (cp >= 0x0300 && cp <= 0x036F) /* combining marks (decomposed input) */
		return 0;
	return -1;
}

void text_fold(const char *s, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	if (!size)
		return;
	while (*p && o + 1 < size) {
		uint32_t cp;
		size_t len = utf8_next(p, &cp);
		int f;

		p += len;
		if (cp < 0x80) {
			char c = (char)cp;

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			out[o++] = c;
			continue;
		}
		f = fold_cp(cp);
		if (f > 0) {
			out[o++] = (char)f;
		} else if (f < 0) {
			/* keep other characters as they are */
			if (o + len >= size)
				break;
			memcpy(out + o, p - len, len);
			o += len;
		}
	}
	out[o] = '\0';
}

const struct province *province_find_folded(const char *name)
{
	char a[128], b[128];

	text_fold(name, a, sizeof a);
	for (size_t i = 0; i < cb_provinces_count; i++) {
		text_fold(cb_provinces[i].name, b, sizeof b);
		if (strcmp(a, b) == 0)
			return &cb_provinces[i];
	}
	return NULL;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[128];

	if (la >= 127 || lb >= 127)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* "k.maras" matches "kahramanmaras": the part before the dot is a prefix and
 * the part after it a suffix of the name. */
static int abbreviation_matches(const char *abbr, const char *name)
{
	const char *dot = strchr(abbr, '.');
	size_t pre, suf, ln;

	if (!dot)
		return 0;
	pre = (size_t)(dot - abbr);
	suf = strlen(dot + 1);
	ln = strlen(name);
	while (suf && dot[1] == ' ') {
		dot++;
		suf--;
	}
	return pre > 0 && suf >= 3 && pre + suf < ln && strncmp(abbr, name, pre) == 0 &&
	       strcmp(name + ln - suf, dot + 1) == 0;
}

const struct province *province_nearest(const char *name)
{
	char a[128], b[128];
	const struct province *best = NULL;
	size_t best_d = SIZE_MAX;

	text_fold(name, a, sizeof a);
	for (size_t i = 0; i < cb_provinces_count; i++) {
		size_t dist;

		text_fold(cb_provinces[i].name, b, sizeof b);
		if (abbreviation_matches(a, b))
			return &cb_provinces[i];
		dist = edit_distance(a, b);
		if (dist < best_d) {
			best_d = dist;
			best = &cb_provinces[i];
		}
	}
	/* Suggest only what is plausibly the same name. */
	if (best && best_d <= 1 + strlen(a) / 3)
		return best;
	return NULL;
}
