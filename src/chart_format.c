/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart_format: locale words, number formatting with thousands separators, colours and palettes. */
#include "clusterbench/chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int chart_locale_from_name(const char *name, enum chart_locale *out)
{
	if (!name)
		return -1;
	if (strcmp(name, "en") == 0) {
		*out = CHART_LOCALE_EN;
		return 0;
	}
	if (strcmp(name, "tr") == 0) {
		*out = CHART_LOCALE_TR;
		return 0;
	}
	return -1;
}

const char *chart_locale_name(enum chart_locale loc)
{
	return loc == CHART_LOCALE_TR ? "tr" : "en";
}

/* [word][locale]; the Turkish terms follow TÜİK usage ("güven aralığı",
 * "çeyrekler açıklığı" for the interquartile range). */
static const char *const words[CHART_WORD_COUNT][2] = {
	[CHART_WORD_N] = { "n", "n" },
	[CHART_WORD_MEAN] = { "mean", "ortalama" },
	[CHART_WORD_MEDIAN] = { "median", "medyan" },
	[CHART_WORD_CI95] = { "95% CI", "%95 GA" },
	[CHART_WORD_SOURCE] = { "Source", "Kaynak" },
	[CHART_WORD_REFERENCE] = { "Reference", "Referans" },
	[CHART_WORD_FILTER] = { "Filter", "Filtre" },
	[CHART_WORD_NO_DATA] = { "no data", "veri yok" },
	[CHART_WORD_OUTLIERS] = { "outliers", "aykırı değerler" },
	[CHART_WORD_INDEX] = { "index", "endeks" },
	[CHART_WORD_TARGET] = { "target", "hedef" },
	[CHART_WORD_PEERS] = { "peers", "akranlar" },
	[CHART_WORD_OTHERS] = { "others", "diğerleri" },
	[CHART_WORD_BOX_NOTE] = {
		"Boxes span the quartiles with the median inside; whiskers reach the most "
		"extreme values within 1.5 IQR of the box",
		"Kutular çeyrekleri ve ortadaki medyanı gösterir; bıyıklar kutudan en çok "
		"1,5 ÇAA uzaktaki en uç değerlere uzanır" },
	[CHART_WORD_OLS_LINE] = { "OLS line", "EKK doğrusu" },
	[CHART_WORD_PEER_MEDIAN] = { "Peer median", "Akran medyanı" },
	[CHART_WORD_HIGHER_BETTER] = { "higher is better", "yüksek olan daha iyi" },
	[CHART_WORD_LOWER_BETTER] = { "lower is better", "düşük olan daha iyi" },
	[CHART_WORD_Z_SCORE] = { "z-score", "z-skoru" },
	[CHART_WORD_NOMINAL_RANK] = { "Nominal rank", "Nominal sıra" },
	[CHART_WORD_MEDIAN_RANK] = { "Median rank", "Medyan sıra" },
	[CHART_WORD_RANK_RANGE] = { "5–95% range", "%5–95 aralığı" },
	[CHART_WORD_RANK_AXIS] = { "Rank (1 = best)", "Sıra (1 = en iyi)" },
	[CHART_WORD_ACTUAL] = { "Actual", "Gerçekleşen" },
	[CHART_WORD_ESTIMATE] = { "Estimate", "Tahmin" },
};

const char *chart_word(enum chart_word w, enum chart_locale loc)
{
	if ((unsigned)w >= CHART_WORD_COUNT)
		return "";
	return words[w][loc == CHART_LOCALE_TR ? 1 : 0];
}

/* Appends the bytes [s, s+n) to buf (size) at *len, cutting like snprintf. */
static void put(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len < size) {
		size_t room = size - 1 - *len;

		memcpy(buf + *len, s, n < room ? n : room);
	}
	*len += n;
}

size_t chart_format_number(double x, int decimals, int grouping, enum chart_locale loc,
			   char *buf, size_t size)
{
	char digits[CHART_NUMBER_SIZE];
	const char *dot, *p;
	char group_mark = loc == CHART_LOCALE_TR ? '.' : ',';
	char decimal_mark = loc == CHART_LOCALE_TR ? ',' : '.';
	size_t len = 0, int_len;
	int zero = 1;

	if (size)
		buf[0] = '\0';
	if (!isfinite(x))
		return 0;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 12)
		decimals = 12;
	/* At most 309 integer digits + '.' + 12 decimals: always fits. */
	snprintf(digits, sizeof digits, "%.*f", decimals, fabs(x));
	for (p = digits; *p; p++)
		if (*p >= '1' && *p <= '9')
			zero = 0;
	if (signbit(x) && !zero)
		put(buf, size, &len, "\xe2\x88\x92", 3); /* U+2212 MINUS SIGN */
	dot = strchr(digits, '.');
	int_len = dot ? (size_t)(dot - digits) : strlen(digits);
	for (size_t i = 0; i < int_len; i++) {
		if (grouping && i > 0 && (int_len - i) % 3 == 0)
			put(buf, size, &len, &group_mark, 1);
		put(buf, size, &len, digits + i, 1);
	}
	if (dot) {
		put(buf, size, &len, &decimal_mark, 1);
		put(buf, size, &len, dot + 1, strlen(dot + 1));
	}
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}

int chart_decimals_needed(const double *x, size_t n)
{
	int k;

	for (k = 0; k < 12; k++) {
		double scale = pow(10.0, k);
		int ok = 1;

		for (size_t i = 0; i < n && ok; i++) {
			double v;

			if (isnan(x[i]))
				continue;
			v = x[i] * scale;
			if (fabs(v - nearbyint(v)) > 1e-9 * fmax(1.0, fabs(v)))
				ok = 0;
		}
		if (ok)
			break;
	}
	return k;
}

struct chart_color chart_rgb(unsigned long hex)
{
	struct chart_color c = { (unsigned char)((hex >> 16) & 0xff),
				 (unsigned char)((hex >> 8) & 0xff),
				 (unsigned char)(hex & 0xff), 255 };

	return c;
}

char *chart_color_hex(struct chart_color c, char *buf)
{
	if (c.a == 0)
		snprintf(buf, CHART_COLOR_SIZE, "none");
	else if (c.a == 255)
		snprintf(buf, CHART_COLOR_SIZE, "#%02X%02X%02X", c.r, c.g, c.b);
	else
		snprintf(buf, CHART_COLOR_SIZE, "#%02X%02X%02X%02X", c.r, c.g, c.b, c.a);
	return buf;
}

static const unsigned long okabe_ito[CHART_OKABE_ITO_N] = {
	0xE69F00, 0x56B4E9, 0x009E73, 0x0072B2, 0xD55E00, 0xCC79A7, 0xF0E442, 0x000000
};

struct chart_color chart_okabe_ito(size_t i)
{
	return chart_rgb(okabe_ito[i % CHART_OKABE_ITO_N]);
}

struct chart_color chart_grey(void)
{
	return chart_rgb(0x999999);
}

/*
 * The viridis map, 256 entries, generated with
 *   Rscript -e 'v <- substr(viridisLite::viridis(256), 2, 7); cat(v)'
 * (viridisLite 0.4; the map itself is matplotlib's, CC0).
 */
static const unsigned long viridis[256] = {
	0x440154, 0x440256, 0x450457, 0x450559, 0x46075A, 0x46085C, 0x460A5D, 0x460B5E,
	0x470D60, 0x470E61, 0x471063, 0x471164, 0x471365, 0x481467, 0x481668, 0x481769,
	0x48186A, 0x481A6C, 0x481B6D, 0x481C6E, 0x481D6F, 0x481F70, 0x482071, 0x482173,
	0x482374, 0x482475, 0x482576, 0x482677, 0x482878, 0x482979, 0x472A7A, 0x472C7A,
	0x472D7B, 0x472E7C, 0x472F7D, 0x46307E, 0x46327E, 0x46337F, 0x463480, 0x453581,
	0x453781, 0x453882, 0x443983, 0x443A83, 0x443B84, 0x433D84, 0x433E85, 0x423F85,
	0x424086, 0x424186, 0x414287, 0x414487, 0x404588, 0x404688, 0x3F4788, 0x3F4889,
	0x3E4989, 0x3E4A89, 0x3E4C8A, 0x3D4D8A, 0x3D4E8A, 0x3C4F8A, 0x3C508B, 0x3B518B,
	0x3B528B, 0x3A538B, 0x3A548C, 0x39558C, 0x39568C, 0x38588C, 0x38598C, 0x375A8C,
	0x375B8D, 0x365C8D, 0x365D8D, 0x355E8D, 0x355F8D, 0x34608D, 0x34618D, 0x33628D,
	0x33638D, 0x32648E, 0x32658E, 0x31668E, 0x31678E, 0x31688E, 0x30698E, 0x306A8E,
	0x2F6B8E, 0x2F6C8E, 0x2E6D8E, 0x2E6E8E, 0x2E6F8E, 0x2D708E, 0x2D718E, 0x2C718E,
	0x2C728E, 0x2C738E, 0x2B748E, 0x2B758E, 0x2A768E, 0x2A778E, 0x2A788E, 0x29798E,
	0x297A8E, 0x297B8E, 0x287C8E, 0x287D8E, 0x277E8E, 0x277F8E, 0x27808E, 0x26818E,
	0x26828E, 0x26828E, 0x25838E, 0x25848E, 0x25858E, 0x24868E, 0x24878E, 0x23888E,
	0x23898E, 0x238A8D, 0x228B8D, 0x228C8D, 0x228D8D, 0x218E8D, 0x218F8D, 0x21908D,
	0x21918C, 0x20928C, 0x20928C, 0x20938C, 0x1F948C, 0x1F958B, 0x1F968B, 0x1F978B,
	0x1F988B, 0x1F998A, 0x1F9A8A, 0x1E9B8A, 0x1E9C89, 0x1E9D89, 0x1F9E89, 0x1F9F88,
	0x1FA088, 0x1FA188, 0x1FA187, 0x1FA287, 0x20A386, 0x20A486, 0x21A585, 0x21A685,
	0x22A785, 0x22A884, 0x23A983, 0x24AA83, 0x25AB82, 0x25AC82, 0x26AD81, 0x27AD81,
	0x28AE80, 0x29AF7F, 0x2AB07F, 0x2CB17E, 0x2DB27D, 0x2EB37C, 0x2FB47C, 0x31B57B,
	0x32B67A, 0x34B679, 0x35B779, 0x37B878, 0x38B977, 0x3ABA76, 0x3BBB75, 0x3DBC74,
	0x3FBC73, 0x40BD72, 0x42BE71, 0x44BF70, 0x46C06F, 0x48C16E, 0x4AC16D, 0x4CC26C,
	0x4EC36B, 0x50C46A, 0x52C569, 0x54C568, 0x56C667, 0x58C765, 0x5AC864, 0x5CC863,
	0x5EC962, 0x60CA60, 0x63CB5F, 0x65CB5E, 0x67CC5C, 0x69CD5B, 0x6CCD5A, 0x6ECE58,
	0x70CF57, 0x73D056, 0x75D054, 0x77D153, 0x7AD151, 0x7CD250, 0x7FD34E, 0x81D34D,
	0x84D44B, 0x86D549, 0x89D548, 0x8BD646, 0x8ED645, 0x90D743, 0x93D741, 0x95D840,
	0x98D83E, 0x9BD93C, 0x9DD93B, 0xA0DA39, 0xA2DA37, 0xA5DB36, 0xA8DB34, 0xAADC32,
	0xADDC30, 0xB0DD2F, 0xB2DD2D, 0xB5DE2B, 0xB8DE29, 0xBADE28, 0xBDDF26, 0xC0DF25,
	0xC2DF23, 0xC5E021, 0xC8E020, 0xCAE11F, 0xCDE11D, 0xD0E11C, 0xD2E21B, 0xD5E21A,
	0xD8E219, 0xDAE319, 0xDDE318, 0xDFE318, 0xE2E418, 0xE5E419, 0xE7E419, 0xEAE51A,
	0xECE51B, 0xEFE51C, 0xF1E51D, 0xF4E61E, 0xF6E620, 0xF8E621, 0xFBE723, 0xFDE725,
};

struct chart_color chart_viridis(double t)
{
	if (isnan(t))
		return chart_grey();
	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	return chart_rgb(viridis[(size_t)floor(t * 255.0 + 0.5)]);
}

/* a + (b - a) * f truncated, as R's rgb(..., maxColorValue = 255). */
static unsigned char ramp(unsigned char a, unsigned char b, double f)
{
	double v = a + ((double)b - a) * f;

	if (v < 0)
		v = 0;
	if (v > 255)
		v = 255;
	return (unsigned char)v;
}

struct chart_color chart_diverging(double v, double limit)
{
	struct chart_color white = chart_rgb(0xFFFFFF), end, c;
	double f;

	if (isnan(v) || isnan(limit) || !(limit > 0) || isinf(limit))
		return chart_grey();
	f = fabs(v) / limit;
	if (f > 1)
		f = 1;
	end = chart_rgb(v < 0 ? 0x0072B2 : 0xD55E00);
	/* R's ramp runs from the blue end to white to vermillion; from the blue
	 * end the fraction towards white is 1 - f. */
	if (v < 0) {
		c.r = ramp(end.r, white.r, 1 - f);
		c.g = ramp(end.g, white.g, 1 - f);
		c.b = ramp(end.b, white.b, 1 - f);
	} else {
		c.r = ramp(white.r, end.r, f);
		c.g = ramp(white.g, end.g, f);
		c.b = ramp(white.b, end.b, f);
	}
	c.a = 255;
	return c;
}

static unsigned char mix1(unsigned char a, unsigned char b, double t)
{
	return (unsigned char)floor(a + ((double)b - a) * t + 0.5);
}

struct chart_color chart_mix(struct chart_color a, struct chart_color b, double t)
{
	struct chart_color c;

	if (!(t > 0))
		t = 0;
	if (t > 1)
		t = 1;
	c.r = mix1(a.r, b.r, t);
	c.g = mix1(a.g, b.g, t);
	c.b = mix1(a.b, b.b, t);
	c.a = mix1(a.a, b.a, t);
	return c;
}

int chart_label_decimals(double max_abs)
{
	if (isnan(max_abs))
		return 1;
	max_abs = fabs(max_abs);
	if (max_abs >= 1000)
		return 0;
	if (max_abs >= 1)
		return 1;
	if (max_abs >= 0.1)
		return 2;
	return 3;
}
