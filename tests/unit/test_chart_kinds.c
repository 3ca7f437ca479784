/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_chart_kinds: scatter, dot strip, heatmap, rank, bullet, radar and coefficient charts: models, goldens, rendering. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "clusterbench/chart.h"
#include "clusterbench/render.h"
#include "tcheck.h"

#define MINUS "\xe2\x88\x92" /* U+2212 */

/*
 * LeakSanitizer: fontconfig's configuration parser loses 288 bytes once
 * per process on this system (fontconfig 2.14); nothing of ours (see
 * test_render.c). Only sanitizer builds call this.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static char tmpdir[256];

/* ---- golden dumps --------------------------------------------------------- */

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

/* The golden file without its leading '#' comment lines (lines of any
 * length: a band polygon has 122 points on one line). */
static char *read_golden(const char *path)
{
	FILE *fp = fopen(path, "r"), *mem;
	char *out = NULL, *line = NULL;
	size_t len = 0, cap = 0;

	if (!fp)
		return NULL;
	mem = open_memstream(&out, &len);
	if (!mem) {
		fclose(fp);
		return NULL;
	}
	while (getline(&line, &cap, fp) >= 0)
		if (line[0] != '#')
			fputs(line, mem);
	free(line);
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

/* ---- model helpers -------------------------------------------------------- */

/* The first TEXT (or CELL) mark whose text is s, or NULL. */
static const struct chart_mark *find_text(const struct chart *c, const char *s)
{
	for (size_t i = 0; i < c->n_marks; i++)
		if ((c->marks[i]->kind == CHART_MARK_TEXT || c->marks[i]->kind == CHART_MARK_CELL) &&
		    c->marks[i]->text && strcmp(c->marks[i]->text, s) == 0)
			return c->marks[i];
	return NULL;
}

static size_t count_kind(const struct chart *c, enum chart_mark_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n_marks; i++)
		n += c->marks[i]->kind == k;
	return n;
}

/* The n-th mark of kind k (0-based), or NULL. */
static const struct chart_mark *nth_kind(const struct chart *c, enum chart_mark_kind k, size_t n)
{
	for (size_t i = 0; i < c->n_marks; i++)
		if (c->marks[i]->kind == k && n-- == 0)
			return c->marks[i];
	return NULL;
}

static const char *hex(struct chart_color col)
{
	static char buf[CHART_COLOR_SIZE];

	return chart_color_hex(col, buf);
}

static const char *tick_label(const struct chart_axis *a, size_t i)
{
	return i < a->n_ticks && a->ticks[i].label ? a->ticks[i].label : "(none)";
}

/* ---- scatter ---------------------------------------------------------------- */

/*
 * R reference (R 4.2.2):
 *   x <- c(1, 2, 3, 4, 5, 6, 8); y <- c(2.1, 3.9, 6.2, 7.8, 9.9, 12.4, 15.8)
 *   f <- lm(y ~ x); coef(f); summary(f)$r.squared
 *     0.063524590163932762 1.988114754098361248; r2 0.99780093032311989
 *   predict(f, data.frame(x = c(1, 4.5, 8)), interval = "confidence")
 *     1: 2.051639344262294  1.6380654922470459 2.4652131962775421
 *     2: 9.010040983606558  8.7675618194386580 9.2525201477744581
 *     3: 15.968442622950823 15.4903150347845600 16.4465702111170877
 * The band is sampled at 61 x from 1 to 8: samples 0, 30 and 60 are
 * x = 1, 4.5 and 8. The fourth point (NaN y) is left out.
 */
static const double sc_x[] = { 1, 2, 3, 7, 4, 5, 6, 8 };
static const double sc_y[] = { 2.1, 3.9, 6.2, NAN, 7.8, 9.9, 12.4, 15.8 };
static const char *const sc_labels[] = { "Çorum", "Gaziantep", "Kahramanmaraş", "missing",
					 NULL, "Samsun", "Trabzon", "Ordu" };

static struct chart *make_scatter(enum chart_locale loc, struct diag *d)
{
	struct chart_scatter_spec s;

	memset(&s, 0, sizeof s);
	s.labels.title = "Exports grow with employment";
	s.labels.x_title = "Employment";
	s.x_unit = "thousand persons";
	s.labels.y_title = "Exports";
	s.labels.unit = "million USD";
	s.labels.source = "test data";
	s.locale = loc;
	s.n = 8;
	s.x = sc_x;
	s.y = sc_y;
	s.point_labels = sc_labels;
	s.fit = 1;
	s.highlight = 2;
	return chart_scatter_build(&s, d);
}

static void test_scatter(void)
{
	/* log10 fit, R: xl <- c(2, 5, 10, 20, 50, 100, 200);
	 *   yl <- c(300, 250, 280, 200, 260, 150, 190)
	 *   g <- lm(log10(yl) ~ log10(xl)); summary(g)$r.squared  0.57998214104126256
	 *   10^predict(g, data.frame(xl = c(2, 20, 200)), interval = "confidence")
	 *     297.51058573883154 217.15305908726825 407.60442887010731
	 *     228.72530148755743 192.74071847603471 271.42818577320440
	 *     175.84336843227075 129.87947977333980 238.07371476671415 */
	static const double xl[] = { 2, 5, 10, 20, 50, 100, 200, 0 };
	static const double yl[] = { 300, 250, 280, 200, 260, 150, 190, 100 };
	static const double rx[3] = { 1, 4.5, 8 };
	static const double ry[3][3] = {
		{ 2.051639344262294, 1.6380654922470459, 2.4652131962775421 },
		{ 9.010040983606558, 8.7675618194386580, 9.2525201477744581 },
		{ 15.968442622950823, 15.4903150347845600, 16.4465702111170877 },
	};
	static const double lx[3] = { 2, 20, 200 };
	static const double ly[3][3] = {
		{ 297.51058573883154, 217.15305908726825, 407.60442887010731 },
		{ 228.72530148755743, 192.74071847603471, 271.42818577320440 },
		{ 175.84336843227075, 129.87947977333980, 238.07371476671415 },
	};
	static const double two[] = { 1, 2 }, same[] = { 3, 3, 3 };
	struct chart_scatter_spec s;
	const struct chart_mark *band, *line, *m;
	struct chart *c;
	struct diag d;
	double worst = 0;

	diag_init(&d);
	c = make_scatter(CHART_LOCALE_EN, &d);
	CHECK(c != NULL);
	if (!c) {
		diag_print(&d, stderr);
		return;
	}
	band = nth_kind(c, CHART_MARK_POLYGON, 0);
	line = nth_kind(c, CHART_MARK_LINE, 0);
	CHECK(band && band->n_pts == 122 && line && line->n_pts == 61);
	for (size_t k = 0; band && line && k < 3; k++) {
		size_t i = k * 30;

		CHECK_REL(line->pts[i].x, rx[k], 1e-15);
		CHECK_REL(line->pts[i].y, ry[k][0], 1e-12);
		CHECK_REL(band->pts[121 - i].y, ry[k][1], 1e-12); /* lower edge, backwards */
		CHECK_REL(band->pts[i].y, ry[k][2], 1e-12);       /* upper edge */
		worst = fmax(worst, fabs(band->pts[i].y - ry[k][2]) / ry[k][2]);
	}
	if (getenv("VERBOSE"))
		printf("scatter: worst relative error of the band against R: %.3g\n", worst);
	CHECK_STR(c->caption, "Line: OLS fit with its 95% confidence band (slope 1.99, "
			      "R\xc2\xb2 = 0.998). 1 point left out (missing value). Source: "
			      "test data.");
	CHECK_STR(c->x.title, "Employment (thousand persons)");
	/* Labels: placed one by one; the highlighted one bold and always kept. */
	m = find_text(c, "Kahramanmaraş");
	CHECK(m && m->optional == CHART_OPTIONAL_KEEP && m->bold);
	m = find_text(c, "Trabzon");
	CHECK(m && m->optional == CHART_OPTIONAL_EACH && !m->bold);
	/* Right of a point in the left 60 % of the range, left of it beyond. */
	CHECK(find_text(c, "Çorum") && find_text(c, "Çorum")->anchor == CHART_ANCHOR_W);
	CHECK(find_text(c, "Ordu") && find_text(c, "Ordu")->anchor == CHART_ANCHOR_E);
	CHECK(find_text(c, "missing") == NULL);
	check_golden(c, "chart_scatter.txt");
	chart_free(c);

	/* Turkish: numbers and words. */
	diag_init(&d);
	c = make_scatter(CHART_LOCALE_TR, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(c->caption, "Doğru: EKK uyumu ve %95 güven bandı (eğim 1,99, R\xc2\xb2 = "
				      "0,998). 1 nokta dışarıda bırakıldı (eksik değer). Kaynak: "
				      "test data.");
		CHECK_STR(c->legend[0]->label, "EKK doğrusu");
		CHECK_STR(c->legend[1]->label, "%95 GA");
	}
	chart_free(c);

	/* Log axes: the fit is made on log10 values; 0 is left out. */
	memset(&s, 0, sizeof s);
	s.n = 8;
	s.x = xl;
	s.y = yl;
	s.fit = 1;
	s.highlight = -1;
	s.log_x = s.log_y = 1;
	diag_init(&d);
	c = chart_scatter_build(&s, &d);
	CHECK(c != NULL);
	if (c) {
		band = nth_kind(c, CHART_MARK_POLYGON, 0);
		line = nth_kind(c, CHART_MARK_LINE, 0);
		for (size_t k = 0; band && line && k < 3; k++) {
			size_t i = k * 30;

			CHECK_REL(line->pts[i].x, lx[k], 1e-13);
			CHECK_REL(line->pts[i].y, ly[k][0], 1e-12);
			CHECK_REL(band->pts[121 - i].y, ly[k][1], 1e-12);
			CHECK_REL(band->pts[i].y, ly[k][2], 1e-12);
		}
		CHECK_INT(c->x.scale, CHART_SCALE_LOG10);
		CHECK_INT(c->y.scale, CHART_SCALE_LOG10);
		CHECK(strstr(c->caption, "R\xc2\xb2 = 0.58, fitted on log10 scales)") != NULL);
		CHECK(strstr(c->caption, "1 point left out (missing or not positive)") != NULL);
		/* The domain is the data's (2 .. 200 with 3 % room), ticks inside it. */
		CHECK(c->x.min < 2 && c->x.min > 1.5 && c->x.max > 200 && c->x.max < 260);
		CHECK(c->x.ticks[0].value >= c->x.min &&
		      c->x.ticks[c->x.n_ticks - 1].value <= c->x.max);
		CHECK_INT(c->legend_pos, CHART_LEGEND_TOP);
	}
	chart_free(c);

	/* No fit: no line, no legend. */
	s.fit = 0;
	s.log_x = s.log_y = 0;
	diag_init(&d);
	c = chart_scatter_build(&s, &d);
	CHECK(c && count_kind(c, CHART_MARK_LINE) == 0 && c->legend_pos == CHART_LEGEND_NONE);
	CHECK(c && count_kind(c, CHART_MARK_POINT) == 8);
	chart_free(c);

	/* Errors. */
	s.fit = 1;
	s.n = 2;
	s.x = two;
	s.y = two;
	diag_init(&d);
	CHECK(chart_scatter_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK(strstr(d.message, "at least 3 points") != NULL);
	s.n = 3;
	s.x = same;
	s.y = xl;
	diag_init(&d);
	CHECK(chart_scatter_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK(strstr(d.message, "cannot fit the OLS line") != NULL);
	s.n = 0;
	diag_init(&d);
	CHECK(chart_scatter_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
	s.n = 8;
	s.x = sc_x;
	s.y = sc_y;
	s.highlight = 3; /* its y is missing */
	diag_init(&d);
	CHECK(chart_scatter_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	s.highlight = 8;
	diag_init(&d);
	CHECK(chart_scatter_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
	{
		double inf_y[] = { 1, 2, INFINITY };

		s.highlight = -1;
		s.n = 3;
		s.x = xl;
		s.y = inf_y;
		diag_init(&d);
		CHECK(chart_scatter_build(&s, &d) == NULL);
		CHECK_INT(d.code, DIAG_DATA);
	}
}

/* ---- dot strip ---------------------------------------------------------------- */

static const char *const ds_units[] = { "Gaziantep textiles and carpets",
					"Kahramanmaraş metal kitchenware", "Samsun food",
					"Trabzon marine", "Çorum machinery", "Samsun furniture" };
static const double ds_value[] = { 128.3, 25.1, 43.9, NAN, 61.0, 12.5 };

static struct chart *make_dotstrip(enum chart_locale loc, enum chart_dotstrip_style st, int dir,
				   struct diag *d)
{
	struct chart_dotstrip_spec s;

	memset(&s, 0, sizeof s);
	s.labels.title = "Exports per employee";
	s.labels.y_title = "Exports per employee";
	s.labels.unit = "thousand USD";
	s.labels.source = "test data";
	s.locale = loc;
	s.style = st;
	s.n = 6;
	s.units = ds_units;
	s.value = ds_value;
	s.direction = dir;
	s.focal = 1;
	s.peer_median = NAN;
	s.decimals = -1;
	return chart_dotstrip_build(&s, d);
}

static void test_dotstrip(void)
{
	/* Ties keep their order; missing values go last. */
	static const double tied[] = { 5, NAN, 7, 5, 7 };
	static const char *const tnames[] = { "a", "b", "c", "d", "e" };
	struct chart_dotstrip_spec s;
	const struct chart_mark *m;
	struct chart *c;
	struct diag d;

	diag_init(&d);
	c = make_dotstrip(CHART_LOCALE_EN, CHART_DOTSTRIP_DOTS, 1, &d);
	CHECK(c != NULL);
	if (!c) {
		diag_print(&d, stderr);
		return;
	}
	/* Best first: 128.3, 61.0, 43.9, 25.1 (focal: label moved to a text), 12.5, none. */
	CHECK_STR(tick_label(&c->y, 0), "Gaziantep textiles and carpets");
	CHECK_STR(tick_label(&c->y, 1), "Çorum machinery");
	CHECK_STR(tick_label(&c->y, 2), "Samsun food");
	CHECK(c->y.ticks[3].label == NULL);
	CHECK_STR(tick_label(&c->y, 4), "Samsun furniture");
	CHECK_STR(tick_label(&c->y, 5), "Trabzon marine");
	m = find_text(c, "Kahramanmaraş metal kitchenware");
	CHECK(m && m->bold && m->anchor == CHART_ANCHOR_E && m->pts[0].y == 3);
	/* Peer median: R median(c(128.3, 25.1, 43.9, 61, 12.5)) = 43.9. */
	CHECK_INT(c->n_refs, 1);
	CHECK_STR(c->refs[0]->label, "Peer median: 43.9");
	CHECK(c->refs[0]->axis == 'x' && c->refs[0]->value == 43.9);
	CHECK_INT(c->y.reverse, 1);
	CHECK(find_text(c, "25.1") && find_text(c, "25.1")->bold);
	CHECK(find_text(c, "no data") != NULL);
	CHECK(strstr(c->caption, "higher is better") != NULL);
	check_golden(c, "chart_dotstrip.txt");
	chart_free(c);

	/* Lower is better: ascending. */
	diag_init(&d);
	c = make_dotstrip(CHART_LOCALE_EN, CHART_DOTSTRIP_DOTS, -1, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(tick_label(&c->y, 0), "Samsun furniture");
		CHECK(c->y.ticks[1].label == NULL); /* focal 25.1 second */
		CHECK_STR(tick_label(&c->y, 4), "Gaziantep textiles and carpets");
		CHECK_STR(tick_label(&c->y, 5), "Trabzon marine");
		CHECK(strstr(c->caption, "lower is better") != NULL);
	}
	chart_free(c);

	/* Bars in Turkish: from 0, words and numbers. */
	diag_init(&d);
	c = make_dotstrip(CHART_LOCALE_TR, CHART_DOTSTRIP_BARS, 1, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK_INT(c->x.min, 0);
		CHECK_STR(c->refs[1]->label, "Akran medyanı: 43,9");
		CHECK(find_text(c, "25,1") != NULL);
		CHECK(find_text(c, "veri yok") != NULL);
		CHECK(strstr(c->caption, "En iyiden en kötüye sıralı (yüksek olan daha iyi)") != NULL);
		CHECK_INT(count_kind(c, CHART_MARK_RECT), 5);
		m = nth_kind(c, CHART_MARK_RECT, 3);
		CHECK(m && strcmp(hex(m->fill), "#D55E00") == 0);
		m = nth_kind(c, CHART_MARK_RECT, 0);
		CHECK(m && strcmp(hex(m->fill), "#999999") == 0);
	}
	chart_free(c);

	memset(&s, 0, sizeof s);
	s.n = 5;
	s.units = tnames;
	s.value = tied;
	s.focal = -1;
	s.peer_median = 6.5;
	s.median_label = "Province median";
	s.decimals = 1;
	s.value_labels = 1;
	diag_init(&d);
	c = chart_dotstrip_build(&s, &d);
	CHECK(c != NULL);
	if (c) {
		static const char *const want[] = { "c", "e", "a", "d", "b" };

		for (size_t i = 0; i < 5; i++)
			CHECK_STR(tick_label(&c->y, i), want[i]);
		CHECK_STR(c->refs[0]->label, "Province median: 6.5");
		CHECK(find_text(c, "7.0") != NULL);
	}
	chart_free(c);

	/* Errors. */
	s.direction = 2;
	diag_init(&d);
	CHECK(chart_dotstrip_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
	s.direction = 0;
	s.focal = 5;
	diag_init(&d);
	CHECK(chart_dotstrip_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
	s.focal = -1;
	s.peer_median = INFINITY;
	diag_init(&d);
	CHECK(chart_dotstrip_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	s.peer_median = NAN;
	s.n = 1;
	s.value = tied + 1; /* NaN only */
	diag_init(&d);
	CHECK(chart_dotstrip_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	s.n = 0;
	diag_init(&d);
	CHECK(chart_dotstrip_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
}

/* ---- heatmap ------------------------------------------------------------------ */

static const char *const hm_rows[] = { "Çorum machinery", "Kahramanmaraş metal kitchenware",
				       "Trabzon marine" };
static const char *const hm_cols[] = { "Employment", "Exports", "R&D share", "New products" };
static const double hm_z[] = { -1.5, 0, 2.3, 0.44, NAN, -0.05, 1.04, -2.26, 0.7, -0.7, 1.95, 1 };

static struct chart *make_heatmap(enum chart_locale loc, double limit, struct diag *d)
{
	struct chart_heatmap_spec s;

	memset(&s, 0, sizeof s);
	s.labels.title = "Where each cluster stands out";
	s.labels.source = "test data";
	s.locale = loc;
	s.n_rows = 3;
	s.n_cols = 4;
	s.rows = hm_rows;
	s.cols = hm_cols;
	s.z = hm_z;
	s.limit = limit;
	s.focal = 1;
	return chart_heatmap_build(&s, d);
}

static void test_heatmap(void)
{
	static const double small[] = { 0.5, -1.2 }, big[] = { 4.01, -0.5 };
	static const char *const one[] = { "u" }, *const two[] = { "a", "b" };
	struct chart_heatmap_spec s;
	const struct chart_mark *m;
	struct chart *c;
	struct diag d;

	diag_init(&d);
	c = make_heatmap(CHART_LOCALE_EN, 0, &d);
	CHECK(c != NULL);
	if (!c) {
		diag_print(&d, stderr);
		return;
	}
	CHECK_INT(count_kind(c, CHART_MARK_CELL), 12);
	/* max|z| = 2.3: the limit is 3; cells coloured by chart_diverging. */
	m = nth_kind(c, CHART_MARK_CELL, 2);
	CHECK(m && strcmp(m->text, "2.3") == 0);
	CHECK(m && strcmp(hex(m->fill), hex(chart_diverging(2.3, 3))) == 0);
	m = nth_kind(c, CHART_MARK_CELL, 0);
	CHECK(m && strcmp(m->text, MINUS "1.5") == 0);
	/* -0.05 rounds to "-0.1"; 0.44 to "0.4"; NaN is a grey dash. */
	CHECK(find_text(c, MINUS "0.1") && find_text(c, "0.4"));
	m = nth_kind(c, CHART_MARK_CELL, 4);
	CHECK(m && strcmp(m->text, "\xe2\x80\x93") == 0 && strcmp(hex(m->fill), "#E6E6E6") == 0);
	/* Colour bar labels -3 .. 3 and its title; the focal row in bold. */
	CHECK(find_text(c, MINUS "3") && find_text(c, "3") && find_text(c, "0"));
	CHECK(find_text(c, "z-score") != NULL);
	CHECK(c->y.ticks[1].label == NULL);
	m = find_text(c, "Kahramanmaraş metal kitchenware");
	CHECK(m && m->bold);
	CHECK_STR(c->caption, "\xe2\x80\x93 no data. Source: test data.");
	check_golden(c, "chart_heatmap.txt");
	chart_free(c);

	/* A given limit below max|z|: end colours, and the caption says so. */
	diag_init(&d);
	c = make_heatmap(CHART_LOCALE_TR, 2, &d);
	CHECK(c != NULL);
	if (c) {
		m = nth_kind(c, CHART_MARK_CELL, 2);
		CHECK(m && strcmp(m->text, "2,3") == 0 && strcmp(hex(m->fill), "#D55E00") == 0);
		CHECK_STR(c->caption, "\xe2\x80\x93 veri yok. \xc2\xb1" "2 dışındaki değerler uç "
				      "renklerle gösterilir. Kaynak: test data.");
		CHECK(find_text(c, "z-skoru") != NULL);
		CHECK(find_text(c, MINUS "1,5") != NULL);
	}
	chart_free(c);

	/* Limits: at least 2; max|z| 4.01 rounds up to 5. */
	memset(&s, 0, sizeof s);
	s.n_rows = 1;
	s.n_cols = 2;
	s.rows = one;
	s.cols = two;
	s.z = small;
	s.focal = -1;
	diag_init(&d);
	c = chart_heatmap_build(&s, &d);
	CHECK(c && find_text(c, "2") && !find_text(c, "3") && c->caption == NULL);
	chart_free(c);
	s.z = big;
	diag_init(&d);
	c = chart_heatmap_build(&s, &d);
	CHECK(c && find_text(c, "5") && find_text(c, "4") && !find_text(c, "6"));
	chart_free(c);

	/* Errors. */
	s.limit = -1;
	diag_init(&d);
	CHECK(chart_heatmap_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
	s.limit = 0;
	s.focal = 1;
	diag_init(&d);
	CHECK(chart_heatmap_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
	s.focal = -1;
	s.z = hm_z + 4; /* NaN, -0.05 */
	s.n_cols = 1;
	diag_init(&d);
	CHECK(chart_heatmap_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	s.n_rows = 0;
	diag_init(&d);
	CHECK(chart_heatmap_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
}

/* ---- rank intervals ------------------------------------------------------------- */

static const char *const rk_units[] = { "Samsun medical devices", "Trabzon jewellery",
					"Kahramanmaraş metal kitchenware", "Çorum machinery" };
static const double rk_nominal[] = { 1, 3, 2, 4 };
static const double rk_median[] = { 1, 2.5, 2.5, 4 };
static const double rk_p05[] = { 1, 1, 2, 3 };
static const double rk_p95[] = { 2, 4, 3.5, 4 };

static struct chart *make_rank(enum chart_locale loc, struct diag *d)
{
	struct chart_rank_spec s;

	memset(&s, 0, sizeof s);
	s.labels.title = "Rank on the cluster index";
	s.labels.source = "test data";
	s.locale = loc;
	s.n = 4;
	s.units = rk_units;
	s.nominal = rk_nominal;
	s.median = rk_median;
	s.p05 = rk_p05;
	s.p95 = rk_p95;
	s.focal = 2;
	s.n_draws = 1000;
	return chart_rank_build(&s, d);
}

static void test_rank(void)
{
	const char *names[20];
	double r[20];
	struct chart_rank_spec s;
	struct chart *c;
	struct diag d;
	double bad;

	diag_init(&d);
	c = make_rank(CHART_LOCALE_EN, &d);
	CHECK(c != NULL);
	if (!c) {
		diag_print(&d, stderr);
		return;
	}
	/* By median rank; the tie at 2.5 broken by the nominal rank (2 before 3). */
	CHECK_STR(tick_label(&c->y, 0), "Samsun medical devices");
	CHECK(c->y.ticks[1].label == NULL); /* focal, drawn as a bold text */
	CHECK_STR(tick_label(&c->y, 2), "Trabzon jewellery");
	CHECK_STR(tick_label(&c->y, 3), "Çorum machinery");
	CHECK(find_text(c, "Kahramanmaraş metal kitchenware") != NULL);
	CHECK_INT(c->x.n_ticks, 4);
	CHECK(c->x.min == 0.5 && c->x.max == 4.5);
	CHECK_STR(c->x.title, "Rank (1 = best)");
	CHECK_STR(c->caption, "Median rank and 5–95% range of ranks over 1,000 simulations. "
			      "Source: test data.");
	check_golden(c, "chart_rank.txt");
	chart_free(c);

	diag_init(&d);
	c = make_rank(CHART_LOCALE_TR, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(c->x.title, "Sıra (1 = en iyi)");
		CHECK_STR(c->caption, "1.000 simülasyonda sıraların medyanı ve %5–95 aralığı. "
				      "Kaynak: test data.");
		CHECK_STR(c->legend[0]->label, "%5–95 aralığı");
		CHECK_STR(c->legend[1]->label, "Medyan sıra");
		CHECK_STR(c->legend[2]->label, "Nominal sıra");
	}
	chart_free(c);

	/* 20 units: ticks 1, 5, 10, 15, 20. */
	for (size_t i = 0; i < 20; i++) {
		names[i] = "unit";
		r[i] = (double)(i + 1);
	}
	memset(&s, 0, sizeof s);
	s.n = 20;
	s.units = names;
	s.nominal = s.median = s.p05 = s.p95 = r;
	s.focal = -1;
	diag_init(&d);
	c = chart_rank_build(&s, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK_INT(c->x.n_ticks, 5);
		CHECK_STR(tick_label(&c->x, 0), "1");
		CHECK_STR(tick_label(&c->x, 1), "5");
		CHECK_STR(tick_label(&c->x, 4), "20");
		CHECK(c->caption == NULL);
	}
	chart_free(c);

	/* Errors: a rank beyond n, a median outside its band. */
	s.n = 4;
	s.units = rk_units;
	s.nominal = rk_nominal;
	s.median = rk_median;
	s.p05 = rk_p05;
	s.p95 = rk_p95;
	bad = 5;
	s.nominal = &bad;
	s.n = 1;
	diag_init(&d);
	CHECK(chart_rank_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK(strstr(d.message, "'Samsun medical devices'") != NULL);
	s.n = 4;
	s.nominal = rk_nominal;
	s.p95 = rk_p05;
	diag_init(&d);
	CHECK(chart_rank_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK(strstr(d.message, "'Trabzon jewellery'") != NULL);
	s.p95 = rk_p95;
	s.focal = 4;
	diag_init(&d);
	CHECK(chart_rank_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
}

/* ---- bullet --------------------------------------------------------------------- */

static const char *const bl_groups[] = { "Çorum machinery", "Gaziantep food",
					 "Kahramanmaraş metal kitchenware" };
static const double bl_value[] = { 17.3, -4.25, NAN };
static const double bl_low[] = { 12.1, -9.5, NAN };
static const double bl_high[] = { 22.4, 1, NAN };
static const double bl_edges[] = { 10, 20 };

static struct chart *make_bullet(enum chart_locale loc, struct diag *d)
{
	struct chart_bullet_spec s;

	memset(&s, 0, sizeof s);
	s.labels.title = "Target attainment";
	s.labels.y_title = "Change in productivity";
	s.labels.source = "test data";
	s.locale = loc;
	s.n = 3;
	s.groups = bl_groups;
	s.value = bl_value;
	s.common_target = 20;
	s.ci_low = bl_low;
	s.ci_high = bl_high;
	s.band_edges = bl_edges;
	s.n_edges = 2;
	s.percent = 1;
	s.show_sign = 1;
	s.decimals = -1;
	return chart_bullet_build(&s, d);
}

static void test_bullet(void)
{
	static const double targets[] = { 20, 15, NAN };
	static const char *const names[] = { "behind", "on track", "reached" };
	struct chart_bullet_spec s;
	const struct chart_mark *m;
	struct chart *c;
	struct diag d;

	diag_init(&d);
	c = make_bullet(CHART_LOCALE_EN, &d);
	CHECK(c != NULL);
	if (!c) {
		diag_print(&d, stderr);
		return;
	}
	CHECK(find_text(c, "+17.3%") && find_text(c, MINUS "4.2%")); /* 4.25 -> 4.2 as printf */
	CHECK(find_text(c, "no data") != NULL);
	CHECK(find_text(c, "Target: +20%") != NULL);
	CHECK_INT(c->n_legend, 4);
	CHECK_STR(c->legend[0]->label, "<10%");
	CHECK_STR(c->legend[1]->label, "10–20%");
	CHECK_STR(c->legend[2]->label, "≥20%");
	CHECK_STR(c->legend[3]->label, "Actual");
	/* Darker for worse: the lowest band is the darkest. */
	CHECK_STR(hex(c->legend[0]->fill), "#B3B3B3");
	CHECK_STR(hex(c->legend[2]->fill), "#EDEDED");
	CHECK_STR(tick_label(&c->x, 0), MINUS "10%");
	CHECK(c->x.min <= -9.5 && c->x.max >= 22.4);
	/* The zero line (the axis has negative values), 2 whiskers, 3 targets. */
	CHECK_INT(count_kind(c, CHART_MARK_SEGMENT), 6);
	m = nth_kind(c, CHART_MARK_SEGMENT, 0);
	CHECK(m && m->pts[0].x == 0 && m->pts[1].x == 0 && m->pts[0].y == -0.4 &&
	      m->pts[1].y == 2.4);
	CHECK_STR(c->caption, "Whiskers: 95% CI. Source: test data.");
	CHECK_STR(c->x.title, "Change in productivity");
	check_golden(c, "chart_bullet.txt");
	chart_free(c);

	diag_init(&d);
	c = make_bullet(CHART_LOCALE_TR, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK(find_text(c, "+%17,3") && find_text(c, MINUS "%4,2"));
		CHECK(find_text(c, "Hedef: +%20") != NULL);
		CHECK_STR(c->legend[0]->label, "<%10");
		CHECK_STR(c->legend[1]->label, "%10–20");
		CHECK_STR(c->legend[2]->label, "≥%20");
		CHECK_STR(c->legend[3]->label, "Gerçekleşen");
		CHECK_STR(tick_label(&c->x, 0), MINUS "%10");
		CHECK_STR(c->caption, "Bıyıklar: %95 GA. Kaynak: test data.");
	}
	chart_free(c);

	/* Lower is better, own band names, per-group targets, plain numbers. */
	memset(&s, 0, sizeof s);
	s.n = 3;
	s.groups = bl_groups;
	s.value = bl_value;
	s.target = targets;
	s.band_edges = bl_edges;
	s.n_edges = 2;
	s.band_names = names;
	s.direction = -1;
	s.decimals = 1;
	diag_init(&d);
	c = chart_bullet_build(&s, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(c->legend[0]->label, "behind");
		CHECK_STR(hex(c->legend[0]->fill), "#EDEDED");
		CHECK_STR(hex(c->legend[2]->fill), "#B3B3B3");
		CHECK(find_text(c, "17.3") && find_text(c, "Target"));
		CHECK(c->caption == NULL);
		m = find_text(c, "Target");
		CHECK(m && m->pts[0].x == 20);
	}
	chart_free(c);

	/* Errors. */
	s.n_edges = 0;
	diag_init(&d);
	CHECK(chart_bullet_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
	s.n_edges = 2;
	s.band_edges = targets; /* 20, 15: not increasing */
	diag_init(&d);
	CHECK(chart_bullet_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	s.band_edges = bl_edges;
	s.ci_low = bl_high; /* 22.4 > 17.3: the CI misses its value */
	s.ci_high = bl_high;
	diag_init(&d);
	CHECK(chart_bullet_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK(strstr(d.message, "'Çorum machinery'") != NULL);
	s.ci_high = NULL;
	diag_init(&d);
	CHECK(chart_bullet_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
}

/* ---- radar ----------------------------------------------------------------------- */

static const char *const rd_axes[] = { "Structure", "Governance", "Financing", "Services" };
static const double rd_value[] = { 80, 50, 20, 100 };
static const double rd_peer[] = { 60, 60, 60, 60 };

static struct chart *make_radar(enum chart_locale loc, const char *unit, struct diag *d)
{
	struct chart_radar_spec s;

	memset(&s, 0, sizeof s);
	s.labels.title = "Cluster management profile";
	s.labels.source = "test data";
	s.locale = loc;
	s.n_axes = 4;
	s.axes = rd_axes;
	s.value = rd_value;
	s.unit_name = unit;
	s.peer = rd_peer;
	return chart_radar_build(&s, d);
}

static void test_radar(void)
{
	static const double six[] = { 10, 20, 30, 40, 50, 60 };
	static const char *const six_axes[] = { "a", "b", "c", "d", "e", "f" };
	struct chart_radar_spec s;
	const struct chart_mark *m;
	struct chart *c;
	struct diag d;
	double bad[4] = { 80, 50, 101, 100 };

	diag_init(&d);
	c = make_radar(CHART_LOCALE_EN, "Kahramanmaraş metal kitchenware", &d);
	CHECK(c != NULL);
	if (!c) {
		diag_print(&d, stderr);
		return;
	}
	CHECK_STR(c->kind, "radar");
	CHECK_INT(c->x.n_ticks + c->y.n_ticks, 0);
	CHECK(c->x.min == -1 && c->x.max == 1 && c->y.min == -1 && c->y.max == 1);
	/* Four axes clockwise from the top: (0, .8), (.5, 0), (0, -.2), (-1, 0). */
	m = nth_kind(c, CHART_MARK_POLYGON, 5); /* 4 grid rings, the peers, the unit */
	CHECK(m && m->n_pts == 4);
	if (m && m->n_pts == 4) {
		CHECK_ABS(m->pts[0].x, 0, 0);
		CHECK_ABS(m->pts[0].y, 0.8, 1e-15);
		CHECK_ABS(m->pts[1].x, 0.5, 1e-15);
		CHECK_ABS(m->pts[1].y, 0, 0);
		CHECK_ABS(m->pts[2].y, -0.2, 1e-15);
		CHECK_ABS(m->pts[3].x, -1, 1e-15);
	}
	m = find_text(c, "Governance");
	CHECK(m && m->anchor == CHART_ANCHOR_W && m->dx_pt == 7);
	m = find_text(c, "Services");
	CHECK(m && m->anchor == CHART_ANCHOR_E);
	CHECK(find_text(c, "Structure") && find_text(c, "Structure")->anchor == CHART_ANCHOR_S);
	CHECK(find_text(c, "Financing") && find_text(c, "Financing")->anchor == CHART_ANCHOR_N);
	CHECK_STR(c->legend[1]->label, "Peer median");
	check_golden(c, "chart_radar.txt");
	chart_free(c);

	diag_init(&d);
	c = make_radar(CHART_LOCALE_TR, NULL, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK_INT(c->n_legend, 1);
		CHECK_STR(c->legend[0]->label, "Akran medyanı");
	}
	chart_free(c);

	/* Six axes: the second at 30 degrees, radius 0.2. */
	memset(&s, 0, sizeof s);
	s.n_axes = 6;
	s.axes = six_axes;
	s.value = six;
	diag_init(&d);
	c = chart_radar_build(&s, &d);
	CHECK(c != NULL);
	if (c) {
		m = nth_kind(c, CHART_MARK_POLYGON, 4);
		CHECK(m && m->n_pts == 6);
		if (m && m->n_pts == 6) {
			CHECK_ABS(m->pts[1].x, 0.2 * sqrt(3) / 2, 1e-12);
			CHECK_ABS(m->pts[1].y, 0.1, 1e-12);
		}
		CHECK_INT(c->legend_pos, CHART_LEGEND_NONE);
	}
	chart_free(c);

	/* Errors. */
	s.n_axes = 4;
	s.axes = rd_axes;
	s.value = bad;
	diag_init(&d);
	CHECK(chart_radar_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK(strstr(d.message, "'Financing'") != NULL);
	bad[2] = NAN;
	diag_init(&d);
	CHECK(chart_radar_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	s.value = rd_value;
	s.n_axes = 2;
	diag_init(&d);
	CHECK(chart_radar_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
}

/* ---- coefficients ------------------------------------------------------------------ */

static const char *const cf_terms[] = { "Cluster member", "log(employees)", "Exporter" };
static const double cf_est[] = { 0.2345, -0.0071, 0.091 };
static const double cf_low[] = { 0.1298, -0.0668, NAN };
static const double cf_high[] = { 0.3392, 0.0526, NAN };

static struct chart *make_coef(enum chart_locale loc, double conf, struct diag *d)
{
	struct chart_coef_spec s;

	memset(&s, 0, sizeof s);
	s.labels.title = "Members are more productive";
	s.labels.unit = "log points";
	s.labels.source = "test data";
	s.labels.n = 590;
	s.locale = loc;
	s.n = 3;
	s.terms = cf_terms;
	s.estimate = cf_est;
	s.ci_low = cf_low;
	s.ci_high = cf_high;
	s.conf = conf;
	s.value_labels = 1;
	s.decimals = 2;
	return chart_coef_build(&s, d);
}

static void test_coef(void)
{
	static const double outside[] = { 0.3, 0.5 };
	struct chart_coef_spec s;
	struct chart *c;
	struct diag d;

	diag_init(&d);
	c = make_coef(CHART_LOCALE_EN, 0.95, &d);
	CHECK(c != NULL);
	if (!c) {
		diag_print(&d, stderr);
		return;
	}
	CHECK(find_text(c, "0.23 [0.13, 0.34]") != NULL);
	CHECK(find_text(c, MINUS "0.01 [" MINUS "0.07, 0.05]") != NULL);
	CHECK(find_text(c, "0.09") != NULL); /* no interval */
	CHECK_INT(count_kind(c, CHART_MARK_SEGMENT), 2);
	CHECK_STR(c->x.title, "Estimate (log points)");
	CHECK(c->n_refs == 1 && c->refs[0]->value == 0 && c->refs[0]->axis == 'x');
	CHECK(c->x.min < 0 && c->x.max > 0.3392);
	CHECK_STR(c->legend[1]->label, "95% CI");
	CHECK_STR(tick_label(&c->y, 0), "Cluster member");
	CHECK_INT(c->y.reverse, 1);
	check_golden(c, "chart_coef.txt");
	chart_free(c);

	diag_init(&d);
	c = make_coef(CHART_LOCALE_TR, 0.9, &d);
	CHECK(c != NULL);
	if (c) {
		CHECK(find_text(c, "0,23 [0,13; 0,34]") != NULL);
		CHECK_STR(c->legend[0]->label, "Tahmin");
		CHECK_STR(c->legend[1]->label, "%90 GA");
		CHECK_STR(c->x.title, "Tahmin (log points)");
	}
	chart_free(c);
	diag_init(&d);
	c = make_coef(CHART_LOCALE_EN, 0.9, &d);
	CHECK(c && strcmp(c->legend[1]->label, "90% CI") == 0);
	chart_free(c);

	memset(&s, 0, sizeof s);
	s.n = 1;
	s.terms = cf_terms;
	s.estimate = cf_est;
	s.ci_low = outside;
	s.ci_high = outside + 1;
	s.conf = 0.95;
	diag_init(&d);
	CHECK(chart_coef_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK(strstr(d.message, "'Cluster member'") != NULL);
	s.ci_low = cf_low;
	s.ci_high = cf_high;
	s.conf = 95;
	diag_init(&d);
	CHECK(chart_coef_build(&s, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
}

/* ---- rendering ------------------------------------------------------------------------ */

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	*len = 0;
	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, fp) == (size_t)n) {
			buf[n] = '\0';
			*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(fp);
	return buf;
}

static int contains(const unsigned char *buf, size_t len, const char *s)
{
	size_t sl = strlen(s);

	for (size_t i = 0; i + sl <= len; i++)
		if (memcmp(buf + i, s, sl) == 0)
			return 1;
	return 0;
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 |
	       p[3];
}

/* Format, size and non-emptiness of a rendered file. */
static void check_file(const char *path, enum render_format fmt)
{
	size_t len;
	unsigned char *b = slurp(path, &len);

	CHECK(b != NULL && len > 1000);
	if (!b || len < 60) {
		free(b);
		return;
	}
	switch (fmt) {
	case RENDER_PNG:
		CHECK(memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0);
		CHECK_INT(be32(b + 16), 1600);
		CHECK_INT(be32(b + 20), 1000);
		CHECK(memcmp(b + len - 8, "IEND", 4) == 0);
		break;
	case RENDER_PDF:
		CHECK(memcmp(b, "%PDF-", 5) == 0);
		CHECK(contains(b, len, "/FontFile"));
		CHECK(contains(b, len, "0 0 576 360"));
		break;
	case RENDER_SVG:
		CHECK(memcmp(b, "<?xml", 5) == 0);
		CHECK(contains(b, len, "width=\"576pt\""));
		CHECK(contains(b, len, "</svg>"));
		break;
	}
	free(b);
}

/* Pixels that are not white in the outer 20-pixel frame of a PNG. */
static int frame_ink(const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	int w, h, stride, dirty = 0;
	unsigned char *p;

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return -1;
	}
	cairo_surface_flush(s);
	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	stride = cairo_image_surface_get_stride(s);
	p = cairo_image_surface_get_data(s);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t px;

			if (x >= 20 && x < w - 20 && y >= 20 && y < h - 20)
				continue;
			memcpy(&px, p + (size_t)y * (size_t)stride + (size_t)x * 4, 4);
			dirty += (px & 0xFFFFFF) != 0xFFFFFF;
		}
	cairo_surface_destroy(s);
	return dirty;
}

static int same_bytes(const char *a, const char *b)
{
	size_t la, lb;
	unsigned char *x = slurp(a, &la), *y = slurp(b, &lb);
	int same = x && y && la == lb && memcmp(x, y, la) == 0;

	free(x);
	free(y);
	return same;
}

static void test_render_all(void)
{
	static const char *const names[] = { "scatter", "dotstrip", "heatmap", "rank",
					     "bullet",  "radar",    "coef" };
	static const enum render_format fmts[3] = { RENDER_PNG, RENDER_PDF, RENDER_SVG };

	for (int loc = 0; loc < 2; loc++)
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
			enum chart_locale l = loc ? CHART_LOCALE_TR : CHART_LOCALE_EN;
			struct chart *c;
			struct diag d;

			diag_init(&d);
			switch (k) {
			case 0:
				c = make_scatter(l, &d);
				break;
			case 1:
				c = make_dotstrip(l, CHART_DOTSTRIP_DOTS, 1, &d);
				break;
			case 2:
				c = make_heatmap(l, 0, &d);
				break;
			case 3:
				c = make_rank(l, &d);
				break;
			case 4:
				c = make_bullet(l, &d);
				break;
			case 5:
				c = make_radar(l, "Kahramanmaraş metal kitchenware", &d);
				break;
			default:
				c = make_coef(l, 0.95, &d);
				break;
			}
			CHECK(c != NULL);
			if (!c)
				continue;
			/* Every format in English; PNG in Turkish. */
			for (int f = 0; f < (loc ? 1 : 3); f++) {
				char path[512];

				snprintf(path, sizeof path, "%s/%s_%s.%s", tmpdir, names[k],
					 chart_locale_name(l), render_format_name(fmts[f]));
				diag_init(&d);
				CHECK_INT(render_chart(c, path, fmts[f], NULL, &d), 0);
				if (d.code)
					diag_print(&d, stderr);
				check_file(path, fmts[f]);
				if (fmts[f] == RENDER_PNG)
					CHECK_INT(frame_ink(path), 0);
			}
			chart_free(c);
		}
}

/* A scatter of n points, all at (1, 1) but the last two at (0, 0) and
 * (2, 2) (to give the axes a range), the first k labelled "Label". */
static struct chart *stacked_labels(size_t n, size_t k, long highlight, const char *hl_label)
{
	static double x[16], y[16];
	static const char *lab[16];
	struct chart_scatter_spec s;
	struct diag d;

	for (size_t i = 0; i < n; i++) {
		x[i] = y[i] = i + 2 < n ? 1 : i + 2 == n ? 0 : 2;
		lab[i] = i < k ? "Label" : NULL;
	}
	if (highlight >= 0)
		lab[highlight] = hl_label;
	memset(&s, 0, sizeof s);
	s.n = n;
	s.x = x;
	s.y = y;
	s.point_labels = lab;
	s.highlight = highlight;
	diag_init(&d);
	return chart_scatter_build(&s, &d);
}

static int render_png(const struct chart *c, const char *name, char *path, size_t size)
{
	struct diag d;

	snprintf(path, size, "%s/%s.png", tmpdir, name);
	diag_init(&d);
	return render_chart(c, path, RENDER_PNG, NULL, &d);
}

/* Labels placed one by one: four places around a point, then dropped. */
static void test_label_placement(void)
{
	struct chart *six = stacked_labels(8, 6, -1, NULL);
	struct chart *four = stacked_labels(8, 4, -1, NULL);
	struct chart *three = stacked_labels(8, 3, -1, NULL);
	char p6[512], p4[512], p3[512];

	CHECK(six && four && three);
	if (six && four && three) {
		CHECK_INT(render_png(six, "labels6", p6, sizeof p6), 0);
		CHECK_INT(render_png(four, "labels4", p4, sizeof p4), 0);
		CHECK_INT(render_png(three, "labels3", p3, sizeof p3), 0);
		/* Six labels on one point: right, left, above, below; two dropped. */
		CHECK(same_bytes(p6, p4));
		CHECK(!same_bytes(p4, p3));
	}
	chart_free(six);
	chart_free(four);
	chart_free(three);
}

/* A highlighted point's label is kept in a crowd where no place is free. */
static void test_label_keep(void)
{
	struct chart *with = stacked_labels(8, 6, 0, "Highlighted");
	struct chart *without = stacked_labels(8, 6, 0, NULL);
	struct chart *each = stacked_labels(8, 6, -1, NULL);
	char a[512], b[512], e[512];

	CHECK(with && without && each);
	if (with && without && each) {
		CHECK_INT(render_png(with, "keep", a, sizeof a), 0);
		CHECK_INT(render_png(without, "keep-none", b, sizeof b), 0);
		CHECK_INT(render_png(each, "keep-each", e, sizeof e), 0);
		CHECK(!same_bytes(a, b));
		CHECK(!same_bytes(b, e)); /* the highlight itself is drawn */
	}
	chart_free(with);
	chart_free(without);
	chart_free(each);
}

/* The radar's plot is square: the ring at 100 (4 axes: a diamond) is as
 * wide as it is tall on a 8 x 5 in page. */
static void test_radar_square(void)
{
	static const char *const axes[] = { "", "", "", "" };
	static const double v[] = { 0, 0, 0, 0 };
	struct chart_radar_spec s;
	struct diag d;
	struct chart *c;
	cairo_surface_t *img;
	cairo_t *cr;

	memset(&s, 0, sizeof s);
	s.n_axes = 4;
	s.axes = axes;
	s.value = v;
	diag_init(&d);
	c = chart_radar_build(&s, &d);
	CHECK(c != NULL);
	if (!c)
		return;
	img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 576, 360);
	cr = cairo_create(img);
	CHECK_INT(render_chart_cairo(c, cr, 576, 360, NULL, &d), 0);
	cairo_destroy(cr);
	cairo_surface_flush(img);
	{
		int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
		int stride = cairo_image_surface_get_stride(img), x0 = w, x1 = -1, y0 = h, y1 = -1;
		unsigned char *p = cairo_image_surface_get_data(img);

		/* Grey ring and spokes; the scale labels lie inside the ring. */
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				uint32_t px;

				memcpy(&px, p + (size_t)y * (size_t)stride + (size_t)x * 4, 4);
				if ((px & 0xFF) < 0xF0) {
					x0 = x < x0 ? x : x0;
					x1 = x > x1 ? x : x1;
					y0 = y < y0 ? y : y0;
					y1 = y > y1 ? y : y1;
				}
			}
		CHECK(x1 > x0 && y1 > y0);
		CHECK_ABS((double)(x1 - x0), (double)(y1 - y0), 2);
		CHECK((y1 - y0) > 200); /* it fills the height */
	}
	cairo_surface_destroy(img);
	chart_free(c);
}

int main(void)
{
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	gsl_set_error_handler_off(); /* as main.c: the scatter's fit uses GSL */
	snprintf(tmpdir, sizeof tmpdir, "%s/test_chart_kinds.XXXXXX", base);
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_scatter();
	test_dotstrip();
	test_heatmap();
	test_rank();
	test_bullet();
	test_radar();
	test_coef();
	test_render_all();
	test_label_placement();
	test_label_keep();
	test_radar_square();
	/* CHART_KINDS_KEEP=1 keeps the rendered files for a person to look at. */
	if (getenv("CHART_KINDS_KEEP")) {
		fprintf(stderr, "rendered charts kept in %s\n", tmpdir);
	} else {
		DIR *dp = opendir(tmpdir);
		struct dirent *e;
		char path[768];

		while (dp && (e = readdir(dp))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
			unlink(path);
		}
		if (dp)
			closedir(dp);
		rmdir(tmpdir);
	}
	/*
	 * No render_release_caches(): Pango 1.50 keeps fontconfig work in a
	 * thread of its own, and cairo_debug_reset_static_data() then
	 * sometimes finds a font still alive and aborts on its assertion
	 * (seen under load). The caches stay reachable, so neither
	 * LeakSanitizer nor valgrind --errors-for-leak-kinds=definite,indirect
	 * reports them.
	 */
	return tc_summary("test_chart_kinds");
}
