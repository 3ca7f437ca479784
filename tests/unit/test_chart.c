/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_chart: ticks, number formats, words, palettes, label dodging, builders and golden model dumps. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/chart.h"
#include "tcheck.h"

#define MINUS "\xe2\x88\x92" /* U+2212 */

/* ---- ticks -------------------------------------------------------------- */

static void check_ticks(double lo, double hi, size_t m, unsigned flags, const double *want,
			size_t n, int decimals)
{
	struct chart_ticks t;
	struct diag d;

	diag_init(&d);
	CHECK_INT(chart_ticks_extended(lo, hi, m, flags, &t, &d), 0);
	CHECK_INT(t.n, n);
	for (size_t i = 0; i < n && i < t.n; i++)
		CHECK_REL(t.value[i], want[i], 0); /* exact: values are integer * 10^e */
	CHECK_INT(t.decimals, decimals);
	CHECK_INT(t.log10, 0);
}

static void test_ticks_extended(void)
{
	/* Without flags: R's labeling::extended(lo, hi, m) (labeling 0.4.x):
	 *   Rscript -e 'library(labeling); extended(0, 97, 5)'  etc. */
	static const double a[] = { 0, 25, 50, 75, 100 };
	static const double b[] = { 0.01, 0.03, 0.05, 0.07, 0.09 };
	static const double c[] = { -40, -30, -20, -10, 0 };
	static const double e[] = { -10, 0, 10, 20, 30, 40, 50 };
	static const double f[] = { 75, 100, 125, 150, 175 };
	static const double g[] = { 1e6, 1.5e6, 2e6, 2.5e6, 3e6, 3.5e6 };
	static const double h[] = { 4.5, 4.75, 5, 5.25, 5.5 };
	static const double y[] = { 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016 };
	/* only.loose = TRUE: extended(72.3, 183.9, 5, only.loose = TRUE),
	 * extended(92, 131, 5, only.loose = TRUE), extended(0, 183.9, 5, only.loose = TRUE) */
	static const double l1[] = { 70, 90, 110, 130, 150, 170, 190 };
	static const double l2[] = { 92, 100, 108, 116, 124, 132 };
	static const double l3[] = { 0, 50, 100, 150, 200 };
	/* Aligned (ticks are multiples of the step), hand-checked: a step of
	 * 10 from 90 covers [92, 131] with 6 ticks; 0.03 steps from 0 cover
	 * [0.013, 0.087]; 20s from 60 cover [72.3, 183.9]. */
	static const double a1[] = { 90, 100, 110, 120, 130, 140 };
	static const double a2[] = { 0, 0.03, 0.06, 0.09 };
	static const double a3[] = { 60, 80, 100, 120, 140, 160, 180, 200 };
	/* Integer steps for years: every 5th year inside [2009, 2040]. */
	static const double i1[] = { 2010, 2015, 2020, 2025, 2030, 2035, 2040 };
	static const double z[] = { 0, 0.25, 0.5, 0.75, 1 };
	struct chart_ticks t;
	struct diag d;

	check_ticks(0, 97, 5, 0, a, 5, 0);
	check_ticks(0.013, 0.087, 5, 0, b, 5, 2);
	check_ticks(-37, -2, 5, 0, c, 5, 0);
	check_ticks(-12.5, 48, 5, 0, e, 7, 0);
	check_ticks(72.3, 183.9, 5, 0, f, 5, 0);
	check_ticks(1e6, 3.4e6, 5, 0, g, 6, 0);
	check_ticks(2009, 2016, 8, 0, y, 8, 0);
	check_ticks(72.3, 183.9, 5, CHART_TICKS_LOOSE, l1, 7, 0);
	check_ticks(92, 131, 5, CHART_TICKS_LOOSE, l2, 6, 0);
	check_ticks(0, 183.9, 5, CHART_TICKS_LOOSE, l3, 5, 0);
	check_ticks(92, 131, 5, CHART_TICKS_LOOSE | CHART_TICKS_ALIGNED, a1, 6, 0);
	check_ticks(0.013, 0.087, 5, CHART_TICKS_LOOSE | CHART_TICKS_ALIGNED, a2, 4, 2);
	check_ticks(72.3, 183.9, 5, CHART_TICKS_LOOSE | CHART_TICKS_ALIGNED, a3, 8, 0);
	check_ticks(2009, 2040, 8, CHART_TICKS_INTEGER | CHART_TICKS_ALIGNED, i1, 7, 0);
	/* Swapped bounds are the same range. */
	check_ticks(97, 0, 5, 0, a, 5, 0);
	/* A single value v is widened to v -+ |v|/10: extended(4.5, 5.5, 5);
	 * zero to [0, 1]: extended(0, 1, 5). */
	check_ticks(5, 5, 5, 0, h, 5, 2);
	check_ticks(0, 0, 5, 0, z, 5, 2);
	/* Exactly the decimal: 0.03 is the double nearest 3/100. */
	diag_init(&d);
	CHECK_INT(chart_ticks_extended(0.013, 0.087, 5, 0, &t, &d), 0);
	CHECK(t.value[1] == 0.03);
	CHECK(t.step == 0.02);
	/* Errors. */
	diag_init(&d);
	CHECK_INT(chart_ticks_extended(NAN, 1, 5, 0, &t, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	diag_init(&d);
	CHECK_INT(chart_ticks_extended(0, INFINITY, 5, 0, &t, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	diag_init(&d);
	CHECK_INT(chart_ticks_extended(-1e308, 1e308, 5, 0, &t, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
}

static void test_ticks_log(void)
{
	/* Hand-checked (see chart.h): 1-2-5 sets while they give <= 10 ticks. */
	static const double a[] = { 2, 5, 10, 20, 50, 100 };
	static const double b[] = { 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000 };
	static const double c[] = { 0.01, 0.1, 1, 10, 100, 1000, 10000, 100000, 1e6, 1e7 };
	static const double e[] = { 3, 10, 30, 100, 300, 1000, 3000, 10000 };
	struct chart_ticks t;
	struct diag d;

	diag_init(&d);
	CHECK_INT(chart_ticks_log10(3, 70, &t, &d), 0);
	CHECK_INT(t.n, 6);
	for (size_t i = 0; i < 6; i++)
		CHECK(t.value[i] == a[i]);
	CHECK_INT(t.log10, 1);
	CHECK_INT(chart_ticks_log10(1000, 180000, &t, &d), 0);
	CHECK_INT(t.n, 8);
	for (size_t i = 0; i < 8 && i < t.n; i++)
		CHECK(t.value[i] == b[i]);
	CHECK_INT(chart_ticks_log10(0.02, 3e6, &t, &d), 0);
	CHECK_INT(t.n, 10);
	for (size_t i = 0; i < 10 && i < t.n; i++)
		CHECK(t.value[i] == c[i]);
	CHECK_INT(t.decimals, 2);
	CHECK_INT(chart_ticks_log10(7, 7000, &t, &d), 0);
	CHECK_INT(t.n, 8);
	for (size_t i = 0; i < 8 && i < t.n; i++)
		CHECK(t.value[i] == e[i]);
	/* Single value: [v/2, 2v]. */
	CHECK_INT(chart_ticks_log10(5, 5, &t, &d), 0);
	CHECK_INT(t.n, 3);
	CHECK(t.value[0] == 2 && t.value[1] == 5 && t.value[2] == 10);
	/* Thirty decades: every 4th. */
	CHECK_INT(chart_ticks_log10(1, 1e30, &t, &d), 0);
	CHECK_INT(t.n, 9);
	CHECK(t.value[1] == 1e4 && t.value[8] == 1e32);
	CHECK_INT(d.code, DIAG_OK);
	CHECK_INT(chart_ticks_log10(0, 10, &t, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	diag_init(&d);
	CHECK_INT(chart_ticks_log10(-5, 10, &t, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
}

/* ---- numbers, words --------------------------------------------------------- */

static const char *fmt(double x, int dec, int grouping, enum chart_locale loc)
{
	static char buf[CHART_NUMBER_SIZE];

	chart_format_number(x, dec, grouping, loc, buf, sizeof buf);
	return buf;
}

static void test_numbers(void)
{
	char small[4];
	double mixed[] = { 0, 0.25, 0.5 }, whole[] = { 10, 20, NAN }, tenths[] = { 0.1, 0.2, 0.1 + 0.2 };

	CHECK_STR(fmt(1234.5, 1, 1, CHART_LOCALE_EN), "1,234.5");
	CHECK_STR(fmt(1234.5, 1, 1, CHART_LOCALE_TR), "1.234,5");
	CHECK_STR(fmt(-1234.5, 1, 1, CHART_LOCALE_EN), MINUS "1,234.5");
	CHECK_STR(fmt(-1234.5, 1, 1, CHART_LOCALE_TR), MINUS "1.234,5");
	CHECK_STR(fmt(12345.6, 1, 1, CHART_LOCALE_EN), "12,345.6");
	CHECK_STR(fmt(1234567.891, 2, 1, CHART_LOCALE_EN), "1,234,567.89");
	CHECK_STR(fmt(1234567.891, 2, 1, CHART_LOCALE_TR), "1.234.567,89");
	CHECK_STR(fmt(999, 0, 1, CHART_LOCALE_EN), "999");
	CHECK_STR(fmt(1000, 0, 1, CHART_LOCALE_EN), "1,000");
	CHECK_STR(fmt(100000, 0, 1, CHART_LOCALE_TR), "100.000");
	CHECK_STR(fmt(2011, 0, 0, CHART_LOCALE_EN), "2011");
	CHECK_STR(fmt(2011, 0, 0, CHART_LOCALE_TR), "2011");
	CHECK_STR(fmt(0.5, 2, 1, CHART_LOCALE_TR), "0,50");
	CHECK_STR(fmt(0, 0, 1, CHART_LOCALE_EN), "0");
	/* Rounding as printf rounds the binary value: 0.125 is exact (ties to
	 * even gives 0.12), 2.675 is 2.67499999... in binary, 999.96 carries. */
	CHECK_STR(fmt(0.125, 2, 1, CHART_LOCALE_EN), "0.12");
	CHECK_STR(fmt(2.675, 2, 1, CHART_LOCALE_EN), "2.67");
	CHECK_STR(fmt(999.96, 1, 1, CHART_LOCALE_EN), "1,000.0");
	CHECK_STR(fmt(-999.96, 1, 1, CHART_LOCALE_TR), MINUS "1.000,0");
	/* No sign on a value that rounds to zero, nor on -0. */
	CHECK_STR(fmt(-0.04, 1, 1, CHART_LOCALE_EN), "0.0");
	CHECK_STR(fmt(-0.0, 0, 1, CHART_LOCALE_EN), "0");
	CHECK_STR(fmt(-0.06, 1, 1, CHART_LOCALE_EN), MINUS "0.1");
	CHECK_STR(fmt(1e21, 0, 1, CHART_LOCALE_EN), "1,000,000,000,000,000,000,000");
	/* Decimals are clamped to 0..12. */
	CHECK_STR(fmt(1.5, -3, 1, CHART_LOCALE_EN), "2");
	CHECK_STR(fmt(1.0 / 3, 40, 1, CHART_LOCALE_EN), "0.333333333333");
	/* Never NaN or infinity. */
	CHECK_INT(chart_format_number(NAN, 1, 1, CHART_LOCALE_EN, small, sizeof small), 0);
	CHECK_STR(small, "");
	CHECK_INT(chart_format_number(-INFINITY, 1, 1, CHART_LOCALE_EN, small, sizeof small), 0);
	CHECK_STR(small, "");
	/* Cut like snprintf; the full length is returned. */
	CHECK_INT(chart_format_number(1234, 0, 1, CHART_LOCALE_EN, small, sizeof small), 5);
	CHECK_STR(small, "1,2");
	CHECK_INT(chart_format_number(-1, 0, 1, CHART_LOCALE_EN, small, sizeof small), 4);

	CHECK_INT(chart_decimals_needed(mixed, 3), 2);
	CHECK_INT(chart_decimals_needed(whole, 3), 0);
	CHECK_INT(chart_decimals_needed(tenths, 3), 1);
	CHECK_INT(chart_decimals_needed(NULL, 0), 0);
	CHECK_INT(chart_label_decimals(152.3), 1);
	CHECK_INT(chart_label_decimals(-12345), 0);
	CHECK_INT(chart_label_decimals(0.5), 2);
	CHECK_INT(chart_label_decimals(0.05), 3);
}

static void test_words(void)
{
	enum chart_locale loc = CHART_LOCALE_EN;

	CHECK_STR(chart_word(CHART_WORD_MEAN, CHART_LOCALE_TR), "ortalama");
	CHECK_STR(chart_word(CHART_WORD_MEDIAN, CHART_LOCALE_TR), "medyan");
	CHECK_STR(chart_word(CHART_WORD_CI95, CHART_LOCALE_TR), "%95 GA");
	CHECK_STR(chart_word(CHART_WORD_SOURCE, CHART_LOCALE_TR), "Kaynak");
	CHECK_STR(chart_word(CHART_WORD_N, CHART_LOCALE_TR), "n");
	CHECK_STR(chart_word(CHART_WORD_MEAN, CHART_LOCALE_EN), "mean");
	CHECK_STR(chart_word(CHART_WORD_CI95, CHART_LOCALE_EN), "95% CI");
	CHECK_STR(chart_word(CHART_WORD_SOURCE, CHART_LOCALE_EN), "Source");
	CHECK_STR(chart_word(CHART_WORD_COUNT, CHART_LOCALE_EN), "");
	for (int w = 0; w < CHART_WORD_COUNT; w++) {
		CHECK(chart_word((enum chart_word)w, CHART_LOCALE_EN)[0] != '\0');
		CHECK(chart_word((enum chart_word)w, CHART_LOCALE_TR)[0] != '\0');
	}
	CHECK_INT(chart_locale_from_name("tr", &loc), 0);
	CHECK_INT(loc, CHART_LOCALE_TR);
	CHECK_INT(chart_locale_from_name("en", &loc), 0);
	CHECK_INT(loc, CHART_LOCALE_EN);
	CHECK_INT(chart_locale_from_name("de", &loc), -1);
	CHECK_INT(chart_locale_from_name("TR", &loc), -1);
	CHECK_INT(chart_locale_from_name(NULL, &loc), -1);
	CHECK_INT(loc, CHART_LOCALE_EN);
	CHECK_STR(chart_locale_name(CHART_LOCALE_TR), "tr");
}

/* ---- palettes ------------------------------------------------------------- */

static const char *hex(struct chart_color c)
{
	static char buf[CHART_COLOR_SIZE];

	return chart_color_hex(c, buf);
}

static void test_palettes(void)
{
	static const char *const okabe[] = { "#E69F00", "#56B4E9", "#009E73", "#0072B2",
					     "#D55E00", "#CC79A7", "#F0E442", "#000000" };
	/* Rscript -e 'colorRampPalette(c("#0072B2", "#FFFFFF", "#D55E00"))(9)' */
	static const char *const div9[] = { "#0072B2", "#3F95C5", "#7FB8D8", "#BFDBEB", "#FFFFFF",
					    "#F4D6BF", "#EAAE7F", "#DF863F", "#D55E00" };
	struct chart_color half = { 0x12, 0x34, 0x56, 0x80 };

	for (size_t i = 0; i < 8; i++)
		CHECK_STR(hex(chart_okabe_ito(i)), okabe[i]);
	CHECK_STR(hex(chart_okabe_ito(8)), "#E69F00");
	CHECK_STR(hex(chart_okabe_ito(11)), "#0072B2");
	CHECK_STR(hex(chart_grey()), "#999999");
	/* Rscript -e 'viridisLite::viridis(256)[c(1, 65, 129, 192, 256)]'
	 * -> #440154 #3B528B #21918C #5CC863 #FDE725 (entries 0, 64, 128, 191, 255). */
	CHECK_STR(hex(chart_viridis(0)), "#440154");
	CHECK_STR(hex(chart_viridis(64 / 255.0)), "#3B528B");
	CHECK_STR(hex(chart_viridis(0.5)), "#21918C");
	CHECK_STR(hex(chart_viridis(191 / 255.0)), "#5CC863");
	CHECK_STR(hex(chart_viridis(1)), "#FDE725");
	CHECK_STR(hex(chart_viridis(-3)), "#440154");
	CHECK_STR(hex(chart_viridis(7)), "#FDE725");
	CHECK_STR(hex(chart_viridis(NAN)), "#999999");
	for (int i = 0; i < 9; i++)
		CHECK_STR(hex(chart_diverging(-1 + i * 0.25, 1)), div9[i]);
	CHECK_STR(hex(chart_diverging(-6, 2)), "#0072B2");   /* clamped */
	CHECK_STR(hex(chart_diverging(0.5, 2)), "#F4D6BF");  /* limit scales */
	CHECK_STR(hex(chart_diverging(1, 0)), "#999999");
	CHECK_STR(hex(chart_diverging(NAN, 1)), "#999999");
	CHECK_STR(hex(chart_mix(chart_rgb(0x000000), chart_rgb(0xFFFFFF), 0.5)), "#808080");
	CHECK_STR(hex(chart_mix(chart_rgb(0x0072B2), chart_rgb(0xFFFFFF), 0.7)), "#B3D5E8");
	CHECK_STR(hex(chart_mix(chart_rgb(0x102030), chart_rgb(0xFFFFFF), -1)), "#102030");
	CHECK_STR(hex(chart_rgb(0xABCDEF)), "#ABCDEF");
	CHECK_STR(hex(half), "#12345680");
	CHECK_STR(hex(CHART_NONE), "none");
}

/* ---- dodge, whiskers ------------------------------------------------------ */

static void test_dodge(void)
{
	double out[3];
	struct diag d;

	diag_init(&d);
	{
		/* Two 4-long labels wanting 10 and 11 with gap 1 become one block
		 * of 9 centred on their mean wish: 8 and 13; 30 stays. */
		double want[] = { 10, 11, 30 }, size[] = { 4, 4, 4 };

		CHECK_INT(chart_dodge(3, want, size, 1, 0, 100, out, &d), 0);
		CHECK_ABS(out[0], 8, 1e-12);
		CHECK_ABS(out[1], 13, 1e-12);
		CHECK_ABS(out[2], 30, 1e-12);
	}
	{
		/* Input order does not matter. */
		double want[] = { 30, 10, 11 }, size[] = { 4, 4, 4 };

		CHECK_INT(chart_dodge(3, want, size, 1, 0, 100, out, &d), 0);
		CHECK_ABS(out[0], 30, 1e-12);
		CHECK_ABS(out[1], 8, 1e-12);
		CHECK_ABS(out[2], 13, 1e-12);
	}
	{
		/* Pushed inside the lower bound: 2 and 6 instead of -0.5, 3.5. */
		double want[] = { 1, 2 }, size[] = { 4, 4 };

		CHECK_INT(chart_dodge(2, want, size, 0, 0, 100, out, &d), 0);
		CHECK_ABS(out[0], 2, 1e-12);
		CHECK_ABS(out[1], 6, 1e-12);
	}
	{
		/* And inside the upper bound: a block of 8 ending at 100. */
		double want[] = { 99, 99.5 }, size[] = { 4, 4 };

		CHECK_INT(chart_dodge(2, want, size, 0, 0, 100, out, &d), 0);
		CHECK_ABS(out[0], 94, 1e-12);
		CHECK_ABS(out[1], 98, 1e-12);
	}
	{
		/* Too long for [0, 6]: starts at 0 and runs past; equal wishes
		 * keep the index order. */
		double want[] = { 5, 5, 5 }, size[] = { 4, 4, 4 };

		CHECK_INT(chart_dodge(3, want, size, 0, 0, 6, out, &d), 0);
		CHECK_ABS(out[0], 2, 1e-12);
		CHECK_ABS(out[1], 6, 1e-12);
		CHECK_ABS(out[2], 10, 1e-12);
	}
	{
		/* Apart already: unchanged. */
		double want[] = { 10, 50 }, size[] = { 4, 4 };

		CHECK_INT(chart_dodge(2, want, size, 1, 0, 100, out, &d), 0);
		CHECK_ABS(out[0], 10, 0);
		CHECK_ABS(out[1], 50, 0);
	}
	CHECK_INT(chart_dodge(0, NULL, NULL, 1, 0, 1, NULL, &d), 0);
	CHECK_INT(d.code, DIAG_OK);
}

static void test_whiskers(void)
{
	/* R: x <- c(1:9, 50); q <- quantile(x, c(.25, .75)); f <- q + c(-1.5, 1.5) * diff(q);
	 *    range(x[x >= f[1] & x <= f[2]])  ->  q = 3.25, 7.75; whiskers 1, 9
	 *    y <- c(-20, 3, 4, 4.5, 5, 5, 6, 7, 30, 31) -> q = 4.125, 6.75; whiskers 3, 7 */
	double x[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 50 };
	double y[] = { -20, 3, 4, 4.5, 5, 5, 6, 7, 30, 31 };
	size_t lo = 99, hi = 99;

	CHECK_INT(chart_tukey_whiskers(x, 10, 3.25, 7.75, &lo, &hi), 0);
	CHECK_INT(lo, 0);
	CHECK_INT(hi, 8);
	CHECK_INT(chart_tukey_whiskers(y, 10, 4.125, 6.75, &lo, &hi), 0);
	CHECK_INT(lo, 1);
	CHECK_INT(hi, 7);
	CHECK_INT(chart_tukey_whiskers(x, 0, 0, 0, &lo, &hi), -1);
	CHECK_INT(chart_tukey_whiskers(x, 10, 100, 100, &lo, &hi), -1);
}

/* ---- model and golden dumps ------------------------------------------------ */

static char *dump_text(const struct chart *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return NULL;
	chart_dump(c, fp);
	fclose(fp);
	return buf;
}

/* The golden file without its leading '#' comment lines. */
static char *read_golden(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *out = NULL, line[4096];
	size_t len = 0;
	FILE *mem;

	if (!fp)
		return NULL;
	mem = open_memstream(&out, &len);
	if (!mem) {
		fclose(fp);
		return NULL;
	}
	while (fgets(line, sizeof line, fp))
		if (line[0] != '#')
			fputs(line, mem);
	fclose(fp);
	fclose(mem);
	return out;
}

/*
 * Compares the dump of c with tests/data/NAME (run from the repository
 * root). On a mismatch the first differing line is shown and the whole
 * dump is written to $TMPDIR/NAME.actual for review.
 */
static void check_golden(const struct chart *c, const char *name)
{
	char path[256], *got, *want;

	snprintf(path, sizeof path, "tests/data/%s", name);
	got = dump_text(c);
	want = read_golden(path);
	CHECK(got != NULL);
	if (!want) {
		TC_FAIL("cannot read %s (run from the repository root)", path);
	} else if (got && strcmp(got, want) != 0) {
		const char *g = got, *w = want;
		int line = 1;
		char out[512];
		FILE *fp;

		while (*g && *g == *w) {
			if (*g == '\n')
				line++;
			g++;
			w++;
		}
		TC_FAIL("%s differs at model line %d:\n  got  %.120s\n  want %.120s", name, line,
			g, w);
		snprintf(out, sizeof out, "%s/%s.actual",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
		fp = fopen(out, "w");
		if (fp) {
			fputs(got, fp);
			fclose(fp);
			fprintf(stderr, "  actual dump written to %s\n", out);
		}
	} else {
		tc_passed++;
	}
	free(got);
	free(want);
}

static const char *const provinces[] = { "Çorum", "Gaziantep", "Kahramanmaraş", "Samsun",
					 "Trabzon" };

static struct chart *bar_chart(enum chart_locale loc, int labels)
{
	static const char *const series[] = { "Member", "Non-member" };
	static const double value[] = { 128.4, 104.2, 162.7, 131.9, 151.3,
					118.6, 119.8, NAN,   1234.5, 96.8 };
	static const double lo[] = { 122.4, 96.2, 150.2, 126.4, 142.3,
				     106.1, 113.8, NAN,   1200,   90.8 };
	static const double hi[] = { 134.4, 112.2, 175.2, 137.4, 160.3,
				     131.1, 125.8, NAN,   1269,   102.8 };
	static const size_t n[] = { 112, 187, 164, 143, 1094 };
	static const struct chart_ref_spec ref = { 121.7, "Peer median", 1 };
	struct chart_bar_spec s;
	struct diag d;
	struct chart *c;

	memset(&s, 0, sizeof s);
	s.labels.title = "Mean productivity by province";
	s.labels.subtitle = "SMEs, 2013";
	s.labels.y_title = "Productivity";
	s.labels.unit = "thousand TRY per employee";
	s.labels.source = "SME panel.";
	s.labels.n = 1700;
	s.labels.filter = "year = 2013";
	s.locale = loc;
	s.n_categories = 5;
	s.categories = provinces;
	s.category_n = n;
	s.n_series = 2;
	s.series = series;
	s.value = value;
	s.ci_low = lo;
	s.ci_high = hi;
	s.refs = &ref;
	s.n_refs = 1;
	s.focal = 2;
	s.value_labels = labels;
	s.decimals = -1;
	diag_init(&d);
	c = chart_bar_build(&s, &d);
	CHECK(c != NULL);
	if (!c)
		diag_print(&d, stderr);
	return c;
}

static void test_bar(void)
{
	struct chart *c = bar_chart(CHART_LOCALE_EN, 1);
	struct chart_bar_spec s;
	struct diag d;
	double v = 5, lo = 6, hi = 7;
	const char *cat = "A";

	if (c) {
		/* Hand-checked geometry: 2 series share 0.8 of the band, each bar
		 * 0.4 with 4 % padding; the first bar spans -0.384..-0.016. */
		const struct chart_mark *m = c->marks[0];

		CHECK_INT(m->kind, CHART_MARK_RECT);
		CHECK_ABS(m->pts[0].x, -0.384, 1e-12);
		CHECK_ABS(m->pts[1].x, -0.016, 1e-12);
		CHECK_ABS(m->pts[1].y, 128.4, 0);
		CHECK_INT(c->x.scale, CHART_SCALE_BAND);
		CHECK_ABS(c->y.min, 0, 0); /* zero included */
		CHECK(c->y.max >= 1269);
		check_golden(c, "chart_bar.txt");
	}
	chart_free(c);
	c = bar_chart(CHART_LOCALE_TR, 0);
	if (c)
		check_golden(c, "chart_bar_tr.txt");
	chart_free(c);

	/* Errors. */
	memset(&s, 0, sizeof s);
	s.n_series = 1;
	s.focal = -1;
	diag_init(&d);
	CHECK(chart_bar_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
	s.n_categories = 1;
	s.categories = &cat;
	s.value = &v;
	s.ci_low = &lo;
	diag_init(&d);
	CHECK(chart_bar_build(&s, &d) == NULL); /* ci_high missing */
	CHECK_INT(d.code, DIAG_USAGE);
	s.ci_high = &hi;
	diag_init(&d);
	CHECK(chart_bar_build(&s, &d) == NULL); /* CI 6..7 does not hold 5 */
	CHECK_INT(d.code, DIAG_DATA);
	CHECK(strstr(d.message, "'A'") != NULL);
	s.ci_low = s.ci_high = NULL;
	s.focal = 3;
	diag_init(&d);
	CHECK(chart_bar_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
	s.focal = -1;
	v = INFINITY;
	diag_init(&d);
	CHECK(chart_bar_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	v = NAN;
	diag_init(&d);
	CHECK(chart_bar_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	/* A negative bar: zero is still on the axis, the bar goes down. */
	v = -42;
	diag_init(&d);
	c = chart_bar_build(&s, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK(c->y.max >= 0 && c->y.min <= -42);
		CHECK_ABS(c->marks[0]->pts[0].y, 0, 0);
		CHECK_ABS(c->marks[0]->pts[1].y, -42, 0);
		CHECK_INT(c->legend_pos, CHART_LEGEND_NONE);
	}
	chart_free(c);
}

/* Tukey summaries of R data (type-7 quartiles), see test_whiskers:
 *   Rscript -e 'g1 <- c(1:9, 50); g2 <- c(-20, 3, 4, 4.5, 5, 5, 6, 7, 30, 31);
 *               for (g in list(g1, g2)) { print(quantile(g, c(.25, .5, .75))); print(mean(g)) }'
 *   g1: 3.25 5.5 7.75, mean 9.5; g2: 4.125 5 6.75, mean 7.55 */
static const double out1[] = { 50 };
static const double out2[] = { 31, -20, 30 };

static struct chart *box_chart(enum chart_locale loc, int log_scale, struct diag *d)
{
	struct chart_box_group g[3] = {
		{ "Çorum", 10, 1, 3.25, 5.5, 7.75, 9, 9.5, out1, 1 },
		{ "Kahramanmaraş metal kitchenware", 10, 3, 4.125, 5, 6.75, 7, 7.55, out2, 3 },
		{ "Trabzon", 0, NAN, NAN, NAN, NAN, NAN, NAN, NULL, 0 },
	};
	struct chart_box_spec s;

	memset(&s, 0, sizeof s);
	s.labels.title = "Productivity by province";
	s.labels.y_title = "Productivity";
	s.labels.unit = "thousand TRY";
	s.labels.source = "test data";
	s.locale = loc;
	s.groups = g;
	s.n_groups = 3;
	s.show_outliers = 1;
	s.show_mean = 1;
	s.focal = -1;
	s.log_scale = log_scale;
	if (log_scale) {
		g[1].outliers = out1; /* only positive values on a log axis */
		g[1].n_outliers = 1;
	}
	return chart_box_build(&s, d);
}

static void test_box(void)
{
	struct chart_box_group g = { "G", 5, 1, 2, 3, 4, 5, 3, NULL, 0 };
	struct chart_box_spec s;
	struct diag d;
	struct chart *c;
	double inside = 4.5;

	diag_init(&d);
	c = box_chart(CHART_LOCALE_EN, 0, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK(c->y.min <= -20 && c->y.max >= 50);
		CHECK_STR(c->x.ticks[0].sublabel, "n = 10");
		CHECK_STR(c->x.ticks[2].sublabel, "n = 0");
		check_golden(c, "chart_box.txt");
	}
	chart_free(c);
	diag_init(&d);
	c = box_chart(CHART_LOCALE_TR, 1, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK_INT(c->y.scale, CHART_SCALE_LOG10);
		CHECK(strstr(c->caption, "Kaynak: test data") != NULL);
	}
	chart_free(c);

	memset(&s, 0, sizeof s);
	s.groups = &g;
	s.n_groups = 1;
	s.focal = -1;
	diag_init(&d);
	c = chart_box_build(&s, &d);
	CHECK(c != NULL);
	chart_free(c);
	/* Whisker beyond q3 + 1.5 IQR = 7. */
	g.whisker_high = 7.5;
	diag_init(&d);
	CHECK(chart_box_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK(strstr(d.message, "'G'") && strstr(d.message, "1.5 IQR"));
	/* Out of order. */
	g.whisker_high = 5;
	g.median = 4.5;
	diag_init(&d);
	CHECK(chart_box_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	g.median = 3;
	/* An "outlier" inside the whiskers. */
	g.outliers = &inside;
	g.n_outliers = 1;
	diag_init(&d);
	CHECK(chart_box_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	g.n_outliers = 0;
	/* Log scale with a value <= 0. */
	g.whisker_low = 0;
	g.q1 = 2;
	s.log_scale = 1;
	diag_init(&d);
	CHECK(chart_box_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	s.n_groups = 0;
	diag_init(&d);
	CHECK(chart_box_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
}

static const double years[] = { 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016 };

/* Indexed to 2011 by hand: A is already 100 there; B doubles. */
static const double line_values[] = {
	80, 90, 100, 110, 120, 125, NAN, 140,  /* A -> same */
	50, 52, 50, 55, 60, 62, 64, 70,        /* B -> 100 104 100 110 120 124 128 140 */
};

static struct chart *line_chart(enum chart_locale loc, double base, int end_labels,
				long focal, struct diag *d)
{
	static const char *const names[] = { "Gaziantep", "Samsun" };
	static const struct chart_ref_spec marker = { 2011, "Programme start", 1 };
	struct chart_line_spec s;

	memset(&s, 0, sizeof s);
	s.labels.title = "Productivity index";
	s.labels.y_title = "Productivity";
	s.labels.unit = "thousand TRY";
	s.labels.n = 700;
	s.locale = loc;
	s.n_x = 8;
	s.x = years;
	s.n_series = 2;
	s.series = names;
	s.value = line_values;
	s.index_base = base;
	s.markers = &marker;
	s.n_markers = 1;
	s.focal = focal;
	s.show_points = 1;
	s.end_labels = end_labels;
	return chart_line_build(&s, d);
}

static void test_line(void)
{
	struct diag d;
	struct chart *c;
	struct chart_line_spec s;
	const char *name = "X";
	double bad_x[] = { 2010, 2009 }, v2[] = { 1, 2 };

	diag_init(&d);
	c = line_chart(CHART_LOCALE_EN, 2011, 1, 1, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(c->y.title, "Productivity, index (2011 = 100)");
		CHECK_INT(c->legend_pos, CHART_LEGEND_NONE);
		/* Year labels carry no thousands separator. */
		CHECK_STR(c->x.ticks[0].label, "2009");
		check_golden(c, "chart_line.txt");
	}
	chart_free(c);
	diag_init(&d);
	c = line_chart(CHART_LOCALE_TR, NAN, 0, -1, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(c->y.title, "Productivity (thousand TRY)");
		CHECK_INT(c->legend_pos, CHART_LEGEND_TOP);
		CHECK_INT(c->n_legend, 2);
		CHECK_STR(c->x.ticks[2].label, "2011");
		CHECK_STR(c->refs[0]->label, "Programme start 2011");
	}
	chart_free(c);

	/* Base year with a missing value in a series. */
	diag_init(&d);
	CHECK(line_chart(CHART_LOCALE_EN, 2015, 1, -1, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK(strstr(d.message, "'Gaziantep'") != NULL);
	diag_init(&d);
	CHECK(line_chart(CHART_LOCALE_EN, 2020, 1, -1, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	diag_init(&d);
	CHECK(line_chart(CHART_LOCALE_EN, NAN, 1, 5, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);

	memset(&s, 0, sizeof s);
	s.n_x = 2;
	s.x = bad_x;
	s.n_series = 1;
	s.series = &name;
	s.value = v2;
	s.index_base = NAN;
	s.focal = -1;
	diag_init(&d);
	CHECK(chart_line_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	bad_x[1] = 2011;
	v2[0] = 0;
	s.log_scale = 1;
	diag_init(&d);
	CHECK(chart_line_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	s.log_scale = 0;
	diag_init(&d);
	c = chart_line_build(&s, &d);
	CHECK(c != NULL);
	chart_free(c);
}

static void test_model(void)
{
	struct diag d;
	struct chart *c;
	struct chart_labels l;
	char *text;

	diag_init(&d);
	c = chart_create("scatter", CHART_LOCALE_TR, &d);
	CHECK(c != NULL);
	if (!c)
		return;
	memset(&l, 0, sizeof l);
	l.source = "TÜİK";
	l.n = 12345;
	l.reference = "sektör medyanı";
	l.filter = "yıl = 2013";
	CHECK_INT(chart_compose_caption(c, &l, "Not."), 0);
	CHECK_STR(c->caption, "Not. Kaynak: TÜİK. n = 12.345. Referans: sektör medyanı. "
			      "Filtre: yıl = 2013.");
	memset(&l, 0, sizeof l);
	CHECK_INT(chart_compose_caption(c, &l, NULL), 0);
	CHECK(c->caption == NULL);
	l.y_title = "Exports";
	l.unit = "USD";
	CHECK_INT(chart_apply_labels(c, &l, NULL), 0);
	CHECK_STR(c->y.title, "Exports (USD)");
	/* Text with quotes and a newline is escaped in the dump. */
	CHECK(chart_add_text(c, 1, 2, "a \"b\"\nc\\", CHART_ROLE_LABEL, CHART_ANCHOR_S) != NULL);
	text = dump_text(c);
	CHECK(text && strstr(text, "text \"a \\\"b\\\"\\nc\\\\\" role label anchor s") != NULL);
	free(text);
	CHECK_INT(chart_status(c, &d), 0);
	/* A NaN coordinate is a misuse: sticky, reported once, dump says so. */
	CHECK(chart_add_point(c, NAN, 1, CHART_SHAPE_CIRCLE, 4) == NULL);
	CHECK(chart_add_rect(c, 0, 0, 1, 1) == NULL); /* nothing more is added */
	CHECK_INT(chart_status(c, &d), -1);
	CHECK_INT(d.code, DIAG_INTERNAL);
	text = dump_text(c);
	CHECK(text && strncmp(text, "error ", 6) == 0);
	free(text);
	chart_free(c);
	chart_free(NULL);
	/* Huge allocation requests fail cleanly. */
	diag_init(&d);
	c = chart_create("x", CHART_LOCALE_EN, &d);
	if (c) {
		CHECK(chart_alloc(c, (size_t)-1 / 2, 16) == NULL);
		CHECK_INT(chart_status(c, &d), -1);
		CHECK_STR(d.message, "out of memory");
	}
	chart_free(c);
}

int main(void)
{
	test_ticks_extended();
	test_ticks_log();
	test_numbers();
	test_words();
	test_palettes();
	test_dodge();
	test_whiskers();
	test_model();
	test_bar();
	test_box();
	test_line();
	return tc_summary("test_chart");
}
