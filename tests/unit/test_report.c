/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_report: PDF report and HTML index: numbers for reading, paging, wide tables, escaping, atomic files. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cairo.h>

#include "clusterbench/chart.h"
#include "clusterbench/render.h"
#include "clusterbench/report.h"
#include "clusterbench/result.h"
#include "tcheck.h"

/*
 * LeakSanitizer: fontconfig's configuration parser loses a few bytes once
 * per process (as in test_render); nothing of ours.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

#define MINUS "\xe2\x88\x92" /* U+2212 */
#define DASH "\xe2\x80\x93"  /* U+2013 */

static char tmpdir[256];

/* ---- files ---------------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
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

static int count_entries(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!dp)
		return -1;
	while ((e = readdir(dp)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(dp);
	return n;
}

static void remove_tree(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char p[1024];
	struct stat st;

	if (!dp)
		return;
	while ((e = readdir(dp))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(p);
		else
			unlink(p);
	}
	closedir(dp);
	rmdir(dir);
}

/* Occurrences of "/Type /Page" not followed by 's' (pages, not the tree). */
static int pdf_pages(const char *buf, size_t len)
{
	const char *key = "/Type /Page";
	size_t kl = strlen(key);
	int n = 0;

	for (size_t i = 0; i + kl <= len; i++)
		if (memcmp(buf + i, key, kl) == 0 && (i + kl == len || buf[i + kl] != 's'))
			n++;
	return n;
}

static int contains(const char *buf, size_t len, const char *s)
{
	size_t sl = strlen(s);

	for (size_t i = 0; i + sl <= len; i++)
		if (memcmp(buf + i, s, sl) == 0)
			return 1;
	return 0;
}

static size_t count_str(const char *buf, const char *s)
{
	size_t n = 0, sl = strlen(s);

	for (const char *p = buf; (p = strstr(p, s)); p += sl)
		n++;
	return n;
}

/* ---- result tables (values from R) ------------------------------------------- */

/*
 * mtcars, mpg by cyl: the descriptives table (DESIGN.md §4), 18 value
 * columns after the two row labels. R 4.x:
 *   d <- split(mtcars$mpg, mtcars$cyl)
 *   for (g in names(d)) { x <- d[[g]]; n <- length(x); m <- mean(x); s <- sd(x);
 *     se <- s/sqrt(n); q <- qt(0.975, n-1); qs <- quantile(x, c(.25,.5,.75), type=7)
 *     cat(g, n, m, s, se, m-q*se, m+q*se, min(x), qs, max(x), qs[3]-qs[1], s/m,
 *         mean(((x-m)/s)^3), mean(((x-m)/s)^4) - 3, "\n") }
 * (skewness and excess kurtosis as GSL defines them: moments of (x - mean)/sd).
 */
static const double mtcars_desc[3][16] = {
	{ 11, 26.6636363636364, 4.50982765242148, 1.35976419929558, 23.6338929216459,
	  29.6933798056269, 21.4, 22.8, 26, 30.4, 33.9, 7.6, 0.169137757165483,
	  0.259196492573433, -1.64501190632473, 0 },
	{ 7, 19.7428571428571, 1.45356704106042, 0.549396700657983, 18.3985318450372,
	  21.0871824406771, 17.8, 18.65, 19.7, 21, 21.4, 2.35, 0.0736249586644206,
	  -0.158313739621286, -1.90697144773836, 0 },
	{ 14, 15.1, 2.56004807647164, 0.684201628273324, 13.6218722475775, 16.5781277524225,
	  10.4, 14.4, 15.2, 16.25, 19.2, 1.85, 0.169539607713354, -0.362818576152711,
	  -0.565515416442315, 0 },
};

static struct result_table *add_descriptives(struct result_set *rs, const char *name)
{
	static const char *const cols[] = { "mean", "sd", "se", "ci_low", "ci_high", "min", "q1",
					    "median", "q3", "max", "iqr", "cv", "skewness",
					    "kurtosis" };
	static const char *const cyl[] = { "4", "6", "8" };
	struct result_table *t = result_set_add(rs, name);

	result_add_column(t, "cyl", RT_TEXT);
	result_add_column(t, "variable", RT_TEXT);
	result_add_column(t, "n", RT_INTEGER);
	result_add_column(t, "missing", RT_INTEGER);
	for (size_t i = 0; i < 14; i++)
		result_add_column(t, cols[i], RT_NUMBER);
	for (size_t r = 0; r < 3; r++) {
		size_t row = result_add_row(t);

		result_set_text(t, row, 0, cyl[r]);
		result_set_text(t, row, 1, "mpg");
		result_set_integer(t, row, 2, (long long)mtcars_desc[r][0]);
		result_set_integer(t, row, 3, 0);
		for (size_t i = 0; i < 14; i++)
			result_set_number(t, row, 4 + i, mtcars_desc[r][1 + i]);
	}
	return t;
}

/*
 * Tests: R 4.x
 *   t.test(mpg ~ am, data = mtcars)            t = -3.76712314514493, df = 18.3322516384005,
 *                                              p = 0.00137363833307103
 *   oneway.test(mpg ~ factor(cyl), mtcars)     F = 31.6242364658255, df = 2, 18.0318456017699,
 *                                              p = 1.27080937124479e-06
 */
static struct result_table *add_tests(struct result_set *rs)
{
	struct result_table *t = result_set_add(rs, "tests");
	size_t r;

	result_add_column(t, "test", RT_TEXT);
	result_add_column(t, "variable", RT_TEXT);
	result_add_column(t, "n", RT_INTEGER);
	result_add_column(t, "statistic", RT_NUMBER);
	result_add_column(t, "df1", RT_NUMBER);
	result_add_column(t, "df2", RT_NUMBER);
	result_add_column(t, "p", RT_PVALUE);
	r = result_add_row(t);
	result_set_text(t, r, 0, "welch_t");
	result_set_text(t, r, 1, "mpg");
	result_set_integer(t, r, 2, 32);
	result_set_number(t, r, 3, -3.76712314514493);
	result_set_number(t, r, 4, 18.3322516384005);
	result_set_number(t, r, 6, 0.00137363833307103);
	r = result_add_row(t);
	result_set_text(t, r, 0, "welch_anova_f");
	result_set_text(t, r, 1, "mpg");
	result_set_integer(t, r, 2, 32);
	result_set_number(t, r, 3, 31.6242364658255);
	result_set_number(t, r, 4, 2);
	result_set_number(t, r, 5, 18.0318456017699);
	result_set_number(t, r, 6, 1.27080937124479e-06);
	result_table_note(t, "df2 is empty for the t test");
	return t;
}

/* A table of clusters whose names are hostile or unusual text. */
static struct result_table *add_clusters(struct result_set *rs)
{
	static const char *const names[] = { "<script>alert(1)</script>",
					     "Kahramanmaraş \"metal\" & 'kitchenware'",
					     "Çorum <b>food</b>", "bad\x01" "control\xff" "bytes" };
	static const double emp[] = { 1234567.891, 12345.6, 999, NAN };
	struct result_table *t = result_set_add(rs, "clusters");

	result_add_column(t, "cluster", RT_TEXT);
	result_add_column(t, "year", RT_INTEGER);
	result_add_column(t, "employment", RT_NUMBER);
	result_add_column(t, "firms", RT_INTEGER);
	for (size_t i = 0; i < 4; i++) {
		size_t r = result_add_row(t);

		result_set_text(t, r, 0, names[i]);
		result_set_integer(t, r, 1, 2013);
		result_set_number(t, r, 2, emp[i]);
		result_set_integer(t, r, 3, i == 0 ? 123456 : (long long)i * 7);
	}
	return t;
}

/* ---- charts (as test_render builds them) ------------------------------------- */

static const char *const provinces[] = { "Çorum", "Gaziantep", "Kahramanmaraş", "Samsun",
					 "Trabzon" };

static struct chart *make_bar(enum chart_locale loc)
{
	static const char *const series[] = { "Member", "Non-member" };
	static const double v[] = { 128.4, 104.2, 162.7, 131.9, 151.3, 118.6, 119.8, 101.5, 109.2, 96.8 };
	static const double lo[] = { 122.4, 96.2, 150.2, 126.4, 142.3, 106.1, 113.8, 95.5, 99.2, 90.8 };
	static const double hi[] = { 134.4, 112.2, 175.2, 137.4, 160.3, 131.1, 125.8, 107.5, 119.2, 102.8 };
	static const size_t n[] = { 112, 187, 164, 143, 94 };
	static const struct chart_ref_spec ref = { 121.7, "Peer median", 1 };
	struct chart_bar_spec s;
	struct diag d;

	memset(&s, 0, sizeof s);
	s.labels.title = "Members are more productive in every province";
	s.labels.subtitle = "Mean productivity per employee by province and membership, 2013";
	s.labels.y_title = "Productivity";
	s.labels.unit = "thousand TRY per employee";
	s.labels.source = "SME panel (synthetic)";
	s.labels.n = 700;
	s.locale = loc;
	s.n_categories = 5;
	s.categories = provinces;
	s.category_n = n;
	s.n_series = 2;
	s.series = series;
	s.value = v;
	s.ci_low = lo;
	s.ci_high = hi;
	s.refs = &ref;
	s.n_refs = 1;
	s.focal = -1;
	s.value_labels = 1;
	s.decimals = -1;
	diag_init(&d);
	return chart_bar_build(&s, &d);
}

static struct chart *make_box(enum chart_locale loc)
{
	static const double out1[] = { 193.4 }, out2[] = { 241.9, 243.5 };
	const struct chart_box_group g[5] = {
		{ "Çorum", 112, 57.3, 99.1, 115.4, 136.9, 178.8, 118.2, out1, 1 },
		{ "Gaziantep", 187, 84.9, 124.6, 147.0, 170.2, 221.7, 148.1, out2, 2 },
		{ "Kahramanmaraş", 164, 75.2, 110.5, 125.1, 145.3, 186.2, 128.8, NULL, 0 },
		{ "Samsun", 143, 71.0, 103.6, 122.4, 143.0, 196.4, 123.7, NULL, 0 },
		{ "Trabzon", 94, 54.6, 89.2, 104.4, 121.5, 167.3, 108.9, NULL, 0 },
	};
	struct chart_box_spec s;
	struct diag d;

	memset(&s, 0, sizeof s);
	s.labels.title = "Productivity varies more within provinces than between them";
	s.labels.y_title = "Productivity";
	s.labels.unit = "thousand TRY per employee";
	s.labels.source = "SME panel (synthetic)";
	s.labels.n = 700;
	s.locale = loc;
	s.groups = g;
	s.n_groups = 5;
	s.show_outliers = 1;
	s.show_mean = 1;
	s.focal = 2;
	diag_init(&d);
	return chart_box_build(&s, &d);
}

static struct chart *make_line(enum chart_locale loc)
{
	static const double x[] = { 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016 };
	static double v[5 * 8];
	static const struct chart_ref_spec mk = { 2011, "Programme start", 1 };
	struct chart_line_spec s;
	struct diag d;

	for (int j = 0; j < 5; j++)
		for (int i = 0; i < 8; i++)
			v[j * 8 + i] = (90 + 5 * j) * pow(1.03 + 0.01 * j, i);
	memset(&s, 0, sizeof s);
	s.labels.title = "Productivity grew faster after the programme started";
	s.labels.y_title = "Productivity";
	s.labels.source = "SME panel (synthetic)";
	s.locale = loc;
	s.n_x = 8;
	s.x = x;
	s.n_series = 5;
	s.series = provinces;
	s.value = v;
	s.index_base = 2009;
	s.markers = &mk;
	s.n_markers = 1;
	s.focal = -1;
	s.show_points = 1;
	s.end_labels = 1;
	diag_init(&d);
	return chart_line_build(&s, &d);
}

/* ---- the sample document ------------------------------------------------------ */

struct sample {
	struct result_set *rs;
	struct chart *bar, *box, *line;
	struct report_table t1[2], t2[1];
	struct report_chart c1[2], c2[1];
	struct report_section sec[2];
	struct report_input in[2];
	struct report_doc doc;
};

static const char *const notes1[] = {
	"Welch tests: the provinces' variances differ (Levene p < 0.001).",
	"Effect target: +20 % productivity for members.",
};
static const char *const methods[] = {
	"Descriptives: mean, sd (n - 1 denominator), 95 % t interval; quartiles are type 7, "
	"as R's quantile() default; skewness and kurtosis (excess) as GSL defines them.",
	"Welch's t test and Welch's one-way ANOVA as R's t.test(var.equal = FALSE) and "
	"oneway.test(var.equal = FALSE). P-values below 0.0001 are shown as \"< 0.0001\".",
	"Reference economy: the five pilot provinces together (Çorum, Gaziantep, "
	"Kahramanmaraş, Samsun, Trabzon).",
};

static void sample_init(struct sample *s, enum chart_locale loc)
{
	memset(s, 0, sizeof *s);
	s->rs = result_set_create();
	add_tests(s->rs);
	add_descriptives(s->rs, "descriptives");
	add_clusters(s->rs);
	s->bar = make_bar(loc);
	s->box = make_box(loc);
	s->line = make_line(loc);

	s->t1[0] = (struct report_table){ result_set_find(s->rs, "tests"), "results/tests.csv",
					  "Welch tests of mpg" };
	s->t1[1] = (struct report_table){ result_set_find(s->rs, "descriptives"),
					  "results/descriptives.csv", NULL };
	s->c1[0] = (struct report_chart){ s->bar, "charts/bar.svg", "charts/bar.png",
					  "Mean productivity with 95 % confidence intervals." };
	s->c1[1] = (struct report_chart){ s->box, NULL, "charts/box.png", NULL };
	s->sec[0] = (struct report_section){ "Productivity by province", "year == 2013", "compare",
					     "Members' productivity is higher in every pilot "
					     "province; the gap is largest in Gaziantep.",
					     s->t1, 2, s->c1, 2, notes1, 2 };
	s->t2[0] = (struct report_table){ result_set_find(s->rs, "clusters"),
					  "results/Çorum clusters #1.csv", "Clusters <script>" };
	s->c2[0] = (struct report_chart){ s->line, "charts/line.svg", "charts/line.png", NULL };
	s->sec[1] = (struct report_section){ "Cluster \"peers\" & <others>",
					     "foreach province = Samsun", "peers", NULL, s->t2, 1,
					     s->c2, 1, NULL, 0 };
	s->in[0] = (struct report_input){ "sme", "datasets/sme_panel.csv",
					  "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
					  4200 };
	s->in[1] = (struct report_input){ "clusters", "datasets/clusters.csv", NULL, 20 };
	s->doc.title = "Pilot provinces - SME productivity and cluster membership";
	s->doc.subtitle = "Comparison runs across the five pilot provinces";
	s->doc.data_date = "2013-12-31";
	s->doc.generated_by = "clusterbench 0.1.0";
	s->doc.locale = loc;
	s->doc.inputs = s->in;
	s->doc.ninputs = 2;
	s->doc.sections = s->sec;
	s->doc.nsections = 2;
	s->doc.methods = methods;
	s->doc.nmethods = 3;
}

static void sample_release(struct sample *s)
{
	chart_free(s->bar);
	chart_free(s->box);
	chart_free(s->line);
	result_set_free(s->rs);
}

/* ---- numbers and words --------------------------------------------------------- */

static const char *loc_num(const char *raw, enum chart_locale loc)
{
	static char buf[REPORT_NUM_SIZE];

	report_localize_number(raw, loc, buf, sizeof buf);
	return buf;
}

static void test_numbers(void)
{
	struct result_set *rs = result_set_create();
	struct result_table *t;
	char buf[REPORT_NUM_SIZE], small[6];
	enum report_cell_kind k;

	/* Hand-checked: separators from five integer digits, decimal mark, U+2212. */
	CHECK_STR(loc_num("1234568", CHART_LOCALE_EN), "1,234,568");
	CHECK_STR(loc_num("1234568", CHART_LOCALE_TR), "1.234.568");
	CHECK_STR(loc_num("2013", CHART_LOCALE_EN), "2013");
	CHECK_STR(loc_num("12346", CHART_LOCALE_TR), "12.346");
	CHECK_STR(loc_num("-3.767", CHART_LOCALE_EN), MINUS "3.767");
	CHECK_STR(loc_num("-3.767", CHART_LOCALE_TR), MINUS "3,767");
	CHECK_STR(loc_num("0.01235", CHART_LOCALE_TR), "0,01235");
	CHECK_STR(loc_num("< 0.0001", CHART_LOCALE_TR), "< 0,0001");
	/* the exponent and the fraction are never grouped */
	CHECK_STR(loc_num("1.234e-07", CHART_LOCALE_TR), "1,234e" MINUS "07");
	CHECK_STR(loc_num("1e+100", CHART_LOCALE_EN), "1e+100");
	CHECK_STR(loc_num("0.123456", CHART_LOCALE_EN), "0.123456");
	CHECK_STR(loc_num("-123456.5", CHART_LOCALE_EN), MINUS "123,456.5");
	/* cut like snprintf, the full length returned */
	CHECK_INT(report_localize_number("1234567", CHART_LOCALE_EN, small, sizeof small), 9);
	CHECK_STR(small, "1,234");

	/* Cells: R's values rounded for reading (4 significant digits). */
	t = add_tests(rs);
	CHECK_STR(report_cell(t, 0, 3, CHART_LOCALE_EN, buf, &k), MINUS "3.767");
	CHECK_INT(k, REPORT_CELL_NUMBER);
	CHECK_STR(report_cell(t, 0, 4, CHART_LOCALE_TR, buf, &k), "18,33");
	CHECK_STR(report_cell(t, 0, 6, CHART_LOCALE_EN, buf, &k), "0.0014");
	CHECK_STR(report_cell(t, 1, 6, CHART_LOCALE_EN, buf, &k), "< 0.0001");
	CHECK_STR(report_cell(t, 1, 3, CHART_LOCALE_EN, buf, &k), "31.62");
	CHECK_STR(report_cell(t, 0, 5, CHART_LOCALE_EN, buf, &k), DASH);
	CHECK_INT(k, REPORT_CELL_MISSING);
	CHECK_STR(report_cell(t, 0, 0, CHART_LOCALE_TR, buf, &k), "welch_t");
	CHECK_INT(k, REPORT_CELL_TEXT);
	CHECK_STR(report_cell(t, 9, 0, CHART_LOCALE_EN, buf, &k), DASH);
	CHECK_INT(k, REPORT_CELL_MISSING);
	CHECK(report_col_numeric(t, 2) && report_col_numeric(t, 6) && !report_col_numeric(t, 0));
	t = add_clusters(rs);
	CHECK_STR(report_cell(t, 0, 1, CHART_LOCALE_EN, buf, &k), "2013");
	CHECK_STR(report_cell(t, 0, 2, CHART_LOCALE_EN, buf, &k), "1,234,568");
	CHECK_STR(report_cell(t, 0, 2, CHART_LOCALE_TR, buf, &k), "1.234.568");
	CHECK_STR(report_cell(t, 1, 2, CHART_LOCALE_TR, buf, &k), "12.346");
	CHECK_STR(report_cell(t, 0, 3, CHART_LOCALE_EN, buf, &k), "123,456");
	CHECK_STR(report_cell(t, 3, 2, CHART_LOCALE_EN, buf, &k), DASH);
	t = add_descriptives(rs, "d");
	CHECK_STR(report_cell(t, 0, 4, CHART_LOCALE_EN, buf, &k), "26.66");
	CHECK_STR(report_cell(t, 0, 5, CHART_LOCALE_TR, buf, &k), "4,51");
	CHECK_STR(report_cell(t, 2, 17, CHART_LOCALE_EN, buf, &k), MINUS "0.5655");
	result_set_free(rs);

	/* Words. */
	CHECK_STR(report_word(REPORT_WORD_CONTENTS, CHART_LOCALE_TR), "İçindekiler");
	CHECK_STR(report_word(REPORT_WORD_TABLE, CHART_LOCALE_EN), "Table");
	CHECK_STR(report_word(REPORT_WORD_COUNT, CHART_LOCALE_EN), "");
	CHECK_STR(report_part_label(2, 3, CHART_LOCALE_EN, buf, sizeof buf), "(part 2 of 3)");
	CHECK_STR(report_part_label(1, 2, CHART_LOCALE_TR, buf, sizeof buf), "(kısım 1/2)");
	CHECK_STR(report_rows_shown(1000, 12345, "r.csv", CHART_LOCALE_EN, buf, sizeof buf),
		  "first 1,000 of 12,345 rows shown; all rows in r.csv");
}

static void test_text(void)
{
	char out[64], enc[128];

	/* invalid UTF-8 -> U+FFFD, controls -> spaces, \r\n -> \n when kept */
	report_clean("a\x01" "b\xff" "c", 0, out);
	CHECK_STR(out, "a b\xef\xbf\xbd" "c");
	report_clean("x\r\ny\tz", 1, out);
	CHECK_STR(out, "x\ny z");
	report_clean("x\r\ny", 0, out);
	CHECK_STR(out, "x  y");
	report_clean("\xc2\x85" "C1 \xc3\x87", 0, out); /* U+0085 is a C1 control; Ç stays */
	CHECK_STR(out, " C1 \xc3\x87");
	report_clean("\xed\xa0\x80\xc0\xaf", 0, out);    /* a surrogate, an overlong '/' */
	CHECK_STR(out, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	report_clean(NULL, 0, out);
	CHECK_STR(out, "");

	CHECK(report_link_ok("results/tests.csv"));
	CHECK(report_link_ok("charts/Çorum box.svg"));
	CHECK(!report_link_ok("../secret.csv"));
	CHECK(!report_link_ok("results/../../x.csv"));
	CHECK(!report_link_ok("/etc/passwd"));
	CHECK(!report_link_ok("javascript:alert(1)"));
	CHECK(!report_link_ok("https://example.org/x.png"));
	CHECK(!report_link_ok("a\\b.csv"));
	CHECK(!report_link_ok("a//b.csv"));
	CHECK(!report_link_ok("./a.csv"));
	CHECK(!report_link_ok("dir/"));
	CHECK(!report_link_ok(""));
	CHECK(!report_link_ok("a\nb"));
	CHECK(report_link_ok("a.b/c:d.csv")); /* a colon after the first '/' is no scheme */

	report_url_encode("charts/\xc3\x87orum box#1?.svg", enc);
	CHECK_STR(enc, "charts/%C3%87orum%20box%231%3F.svg");
	report_url_encode("a\"b'<c>&%", enc);
	CHECK_STR(enc, "a%22b%27%3Cc%3E%26%25");
}

/* ---- PDF ------------------------------------------------------------------------- */

static void test_pdf(void)
{
	struct sample s;
	struct report_pdf_stats st, st_tr;
	struct diag d;
	char p1[400], p2[400], p3[400];
	char *a, *b, *c;
	size_t la, lb, lc;

	sample_init(&s, CHART_LOCALE_EN);
	CHECK(s.bar && s.box && s.line);
	snprintf(p1, sizeof p1, "%s/report.pdf", tmpdir);
	snprintf(p2, sizeof p2, "%s/report2.pdf", tmpdir);
	snprintf(p3, sizeof p3, "%s/report-tr.pdf", tmpdir);
	diag_init(&d);
	CHECK_INT(report_write_pdf(&s.doc, p1, &d), 0);
	CHECK_INT(report_write_pdf(&s.doc, p2, &d), 0);
	CHECK_INT(report_pdf_layout(&s.doc, &st, &d), 0);
	CHECK_INT(d.code, DIAG_OK);
	a = slurp(p1, &la);
	b = slurp(p2, &lb);
	CHECK(a && b);
	if (a && b) {
		CHECK(la > 5 && memcmp(a, "%PDF-", 5) == 0);
		CHECK(contains(a, la, "%%EOF"));
		/* identical input, identical bytes */
		CHECK(la == lb && memcmp(a, b, la) == 0);
		CHECK(contains(a, la, "/FontFile")); /* fonts embedded */
		CHECK(contains(a, la, "/Title (Pilot provinces - SME productivity"));
		CHECK(contains(a, la, "/CreationDate (20000101"));
		CHECK(contains(a, la, "/Outlines"));  /* bookmarks */
		CHECK(contains(a, la, "/Subtype /Link"));
		/*
		 * Pages, by hand: 1 title page; 1 contents page (two entries);
		 * section 1 starts a page with its heading, text, notes, the
		 * 2-row tests table and the descriptives table (20 columns: too
		 * wide even at 6.5 pt, so two column blocks of 3 rows, which fit
		 * at 8.5 pt), about 430 pt of the 724 pt text height, so the bar
		 * chart (302 pt and its caption) goes to the next page, where
		 * the box chart fits under it: 2 pages; section 2: heading, the
		 * 4-row clusters table and the line chart: 1 page; the methods
		 * appendix: 1 page. 6 pages.
		 */
		CHECK_INT(pdf_pages(a, la), 6);
		CHECK_INT(st.pages, 6);
		CHECK_INT(st.contents_pages, 1);
		CHECK_INT(st.tables, 3);
		CHECK_INT(st.split_tables, 1);
		/* headers: tests 1, descriptives 2 blocks, clusters 1 */
		CHECK_INT(st.table_headers, 4);
		CHECK_REL(st.min_table_pt, 8.5, 0);
		CHECK_INT(st.charts, 3);
	}
	/* Turkish: other words, other bytes, the same pages. */
	sample_release(&s);
	sample_init(&s, CHART_LOCALE_TR);
	CHECK_INT(report_write_pdf(&s.doc, p3, &d), 0);
	CHECK_INT(report_pdf_layout(&s.doc, &st_tr, &d), 0);
	c = slurp(p3, &lc);
	CHECK(c != NULL);
	if (a && c) {
		CHECK(la != lc || memcmp(a, c, la) != 0);
		CHECK_INT(pdf_pages(c, lc), 6);
		CHECK_INT(st_tr.pages, 6);
	}
	free(a);
	free(b);
	free(c);
	sample_release(&s);
	unlink(p1);
	unlink(p2);
	unlink(p3);
}

/* A document of one section with one table of n rows (and 6 columns). */
static int long_doc_pages(size_t n, struct report_pdf_stats *st, const char *path)
{
	struct result_set *rs = result_set_create();
	struct result_table *t = result_set_add(rs, "peers");
	struct report_table rt;
	struct report_section sec;
	struct report_doc doc;
	struct diag d;
	int pages = -1, ret;

	result_add_column(t, "firm", RT_TEXT);
	result_add_column(t, "province", RT_TEXT);
	result_add_column(t, "employees", RT_INTEGER);
	result_add_column(t, "productivity", RT_NUMBER);
	result_add_column(t, "rank", RT_INTEGER);
	result_add_column(t, "p", RT_PVALUE);
	for (size_t i = 0; i < n; i++) {
		char name[32];
		size_t r = result_add_row(t);

		snprintf(name, sizeof name, "F%04zu", i + 1);
		result_set_text(t, r, 0, name);
		result_set_text(t, r, 1, provinces[i % 5]);
		result_set_integer(t, r, 2, (long long)(10 + i * 3 % 240));
		result_set_number(t, r, 3, 50 + (double)(i * 37 % 200) / 3);
		result_set_integer(t, r, 4, (long long)i + 1);
		result_set_number(t, r, 5, (double)(i % 100) / 100);
	}
	memset(&rt, 0, sizeof rt);
	rt.table = t;
	rt.csv_file = "results/peers.csv";
	memset(&sec, 0, sizeof sec);
	sec.title = "Peer positions";
	sec.tables = &rt;
	sec.ntables = 1;
	memset(&doc, 0, sizeof doc);
	doc.title = "Long table";
	doc.sections = &sec;
	doc.nsections = 1;
	diag_init(&d);
	ret = report_pdf_layout(&doc, st, &d);
	CHECK_INT(ret, 0);
	if (path && report_write_pdf(&doc, path, &d) == 0) {
		size_t len;
		char *buf = slurp(path, &len);

		if (buf)
			pages = pdf_pages(buf, len);
		free(buf);
		unlink(path);
	}
	CHECK_INT(d.code, DIAG_OK);
	result_set_free(rs);
	return pages;
}

static void test_long_table(void)
{
	struct report_pdf_stats s20, s200, s1500;
	char p[512];
	int pages;

	snprintf(p, sizeof p, "%s/long.pdf", tmpdir);
	/* 20 rows: title, contents, one section page. */
	pages = long_doc_pages(20, &s20, p);
	CHECK_INT(pages, 3);
	CHECK_INT(s20.pages, 3);
	CHECK_INT(s20.table_headers, 1);
	CHECK_REL(s20.min_table_pt, 8.5, 0); /* 6 narrow columns fit at the largest size */
	CHECK_INT(s20.split_tables, 0);
	/*
	 * 200 rows at 8.5 pt: a row is one line (8.5 x 1.164 = 9.9 pt for
	 * DejaVu Sans) plus 0.6 x 8.5 pt padding plus 0.3 pt of rule = 15.3
	 * pt at the most and 14 pt at the least; the text height is 724 pt:
	 * 47 to 51 rows a page, fewer on the first under the heading. So the
	 * table takes 4 or 5 pages, each with the header again.
	 */
	pages = long_doc_pages(200, &s200, p);
	CHECK_INT(pages, (int)s200.pages);
	CHECK(s200.pages - 2 >= 4 && s200.pages - 2 <= 5);
	CHECK_INT(s200.table_headers, s200.pages - 2);
	CHECK_INT(s200.tables, 1);
	/* Beyond REPORT_PDF_MAX_ROWS the PDF stops (the CSV has everything). */
	long_doc_pages(1500, &s1500, NULL);
	CHECK(s1500.pages - 2 >= REPORT_PDF_MAX_ROWS / 51 && s1500.pages - 2 <= REPORT_PDF_MAX_ROWS / 46 + 1);
	CHECK_INT(s1500.table_headers, s1500.pages - 2);
}

/* Layout of a document with one table of ncols numeric columns (3 rows). */
static void wide_stats(size_t ncols, struct report_pdf_stats *st)
{
	struct result_set *rs = result_set_create();
	struct result_table *t = result_set_add(rs, "wide");
	struct report_table rt = { t, NULL, NULL };
	struct report_section sec;
	struct report_doc doc;
	struct diag d;

	for (size_t c = 0; c < ncols; c++) {
		char name[32];

		snprintf(name, sizeof name, "v%02zu", c + 1);
		result_add_column(t, name, RT_NUMBER);
	}
	for (size_t r = 0; r < 3; r++) {
		result_add_row(t);
		for (size_t c = 0; c < ncols; c++)
			result_set_number(t, r, c, 100 + (double)(r * ncols + c) + 0.25);
	}
	memset(&sec, 0, sizeof sec);
	sec.title = "Wide";
	sec.tables = &rt;
	sec.ntables = 1;
	memset(&doc, 0, sizeof doc);
	doc.sections = &sec;
	doc.nsections = 1;
	diag_init(&d);
	CHECK_INT(report_pdf_layout(&doc, st, &d), 0);
	result_set_free(rs);
}

static void test_wide_table(void)
{
	struct report_pdf_stats st;

	/*
	 * By hand, from DejaVu Sans advances (digits 0.636 em, '.' 0.318
	 * em): a column of "100.2"-like values is 2.862 em wide (its bold
	 * header "v01" is narrower), plus 0.5 pt of slack, and columns are
	 * 1.1 em apart. Text width 483.3 pt.
	 * 10 columns at 8.5 pt: 10 x 24.8 + 9 x 9.35 = 332 pt: fit.
	 * 15 at 8.5 pt: 15 x 24.8 + 14 x 9.35 = 503 pt: too wide; at 8 pt:
	 * 15 x 23.4 + 14 x 8.8 = 474 pt: fit, unsplit.
	 * 40 at 6.5 pt: 40 x 19.1 + 39 x 7.15 = 1043 pt: split; 18 columns a
	 * block at 6.5 pt, so 3 blocks; 14 a block fit at 8.5 pt (14 x 24.8 +
	 * 13 x 9.35 = 469 pt) and 3 blocks still hold 40: set at 8.5 pt.
	 */
	wide_stats(10, &st);
	CHECK_REL(st.min_table_pt, 8.5, 0);
	CHECK_INT(st.split_tables, 0);
	CHECK_INT(st.table_headers, 1);
	wide_stats(15, &st);
	CHECK_REL(st.min_table_pt, 8, 0);
	CHECK_INT(st.split_tables, 0);
	CHECK_INT(st.table_headers, 1);
	wide_stats(40, &st);
	CHECK_REL(st.min_table_pt, 8.5, 0);
	CHECK_INT(st.split_tables, 1);
	CHECK_INT(st.table_headers, 3);
	CHECK_INT(st.pages, 3);
}

/* Without a chart model the PDF places the PNG beside it (a raster
 * image), or says the chart is not available when the file is missing. */
static void test_png_fallback(void)
{
	struct chart *c = make_box(CHART_LOCALE_EN);
	struct report_chart rc = { NULL, NULL, "charts/box.png", "The box plot as a PNG." };
	struct report_section sec;
	struct report_doc doc;
	struct diag d;
	char dir[400], p[1024];
	char *buf;
	size_t len;

	snprintf(dir, sizeof dir, "%s/fb", tmpdir);
	snprintf(p, sizeof p, "%s/charts", dir);
	CHECK(mkdir(dir, 0755) == 0 && mkdir(p, 0755) == 0);
	snprintf(p, sizeof p, "%s/charts/box.png", dir);
	diag_init(&d);
	CHECK_INT(render_chart(c, p, RENDER_PNG, NULL, &d), 0);
	memset(&sec, 0, sizeof sec);
	sec.title = "Fallback";
	sec.charts = &rc;
	sec.ncharts = 1;
	memset(&doc, 0, sizeof doc);
	doc.sections = &sec;
	doc.nsections = 1;
	snprintf(p, sizeof p, "%s/report.pdf", dir);
	CHECK_INT(report_write_pdf(&doc, p, &d), 0);
	buf = slurp(p, &len);
	CHECK(buf && contains(buf, len, "/Subtype /Image"));
	CHECK(buf && pdf_pages(buf, len) == 3);
	free(buf);
	/* the file is missing: a note in its place, no error */
	rc.file_png = "charts/none.png";
	CHECK_INT(report_write_pdf(&doc, p, &d), 0);
	buf = slurp(p, &len);
	CHECK(buf && !contains(buf, len, "/Subtype /Image"));
	CHECK(buf && pdf_pages(buf, len) == 3);
	free(buf);
	CHECK_INT(d.code, DIAG_OK);
	remove_tree(dir);
	chart_free(c);
}

/* ---- HTML ---------------------------------------------------------------------- */

static void test_html(void)
{
	struct sample s;
	struct diag d;
	char p[512];
	char *h, *h2;
	size_t len, len2;

	sample_init(&s, CHART_LOCALE_EN);
	snprintf(p, sizeof p, "%s/index.html", tmpdir);
	diag_init(&d);
	CHECK_INT(report_write_html(&s.doc, p, &d), 0);
	CHECK_INT(d.code, DIAG_OK);
	h = slurp(p, &len);
	CHECK(h != NULL);
	if (h) {
		CHECK(strncmp(h, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
		CHECK(strstr(h, "<meta charset=\"utf-8\">") != NULL);
		CHECK(len > 7 && strcmp(h + len - 8, "</html>\n") == 0);
		/* balanced tags: inputs, three result tables */
		CHECK_INT(count_str(h, "<table>"), 4);
		CHECK_INT(count_str(h, "</table>"), 4);
		CHECK_INT(count_str(h, "<section"), count_str(h, "</section>"));
		CHECK_INT(count_str(h, "<figure"), count_str(h, "</figure>"));
		CHECK_INT(count_str(h, "<tr>"), count_str(h, "</tr>"));
		/* 1 + 2 + 3 + 4 data rows + 4 header rows */
		CHECK_INT(count_str(h, "<tr>"), 2 + 2 + 3 + 4 + 4);
		/* no script, no external resource, hostile names shown as text */
		CHECK(strstr(h, "<script") == NULL);
		CHECK(strstr(h, "http://") == NULL && strstr(h, "https://") == NULL);
		CHECK(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
		CHECK(strstr(h, "Kahramanmaraş &quot;metal&quot; &amp; &#39;kitchenware&#39;") != NULL);
		CHECK(strstr(h, "Çorum &lt;b&gt;food&lt;/b&gt;") != NULL);
		CHECK(strstr(h, "<b>food") == NULL);
		CHECK(strstr(h, "bad control\xef\xbf\xbd" "bytes") != NULL);
		CHECK(strstr(h, "Cluster &quot;peers&quot; &amp; &lt;others&gt;") != NULL);
		CHECK(strstr(h, "Content-Security-Policy") != NULL);
		/* contents, anchors */
		CHECK(strstr(h, "<a href=\"#s1\">Productivity by province</a>") != NULL);
		CHECK(strstr(h, "<section id=\"s2\">") != NULL);
		CHECK(strstr(h, "<a href=\"#methods\">") != NULL);
		/* links to every CSV, percent-encoded; images with alt text */
		CHECK(strstr(h, "href=\"results/tests.csv\"") != NULL);
		CHECK(strstr(h, "href=\"results/descriptives.csv\"") != NULL);
		CHECK(strstr(h, "href=\"results/%C3%87orum%20clusters%20%231.csv\"") != NULL);
		CHECK(strstr(h, "<img src=\"charts/bar.svg\" alt=\"Members are more productive in "
				"every province\"") != NULL);
		CHECK(strstr(h, "<img src=\"charts/box.png\"") != NULL); /* no SVG: the PNG */
		CHECK(strstr(h, "href=\"charts/bar.png\">PNG</a>") != NULL);
		CHECK_INT(count_str(h, "<img "), 3);
		/* numbers for reading, right-aligned; the dash for missing */
		CHECK(strstr(h, "<td class=\"n\">26.66</td>") != NULL);
		CHECK(strstr(h, "<td class=\"n\">< 0.0001</td>") == NULL);
		CHECK(strstr(h, "<td class=\"n\">&lt; 0.0001</td>") != NULL);
		CHECK(strstr(h, "<td class=\"n\">1,234,568</td>") != NULL);
		CHECK(strstr(h, "<td class=\"n na\">" DASH "</td>") != NULL);
		CHECK(strstr(h, "<th class=\"n\">kurtosis</th>") != NULL);
		CHECK(strstr(h, "<td><code>9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08</code>") != NULL);
		CHECK(strstr(h, "df2 is empty for the t test") != NULL);
		CHECK(strstr(h, "Generated by clusterbench 0.1.0") != NULL);
	}
	/* Turkish: lang, words, numbers; same bytes on a second write. */
	sample_release(&s);
	sample_init(&s, CHART_LOCALE_TR);
	CHECK_INT(report_write_html(&s.doc, p, &d), 0);
	h2 = slurp(p, &len2);
	CHECK(h2 != NULL);
	if (h2) {
		CHECK(strncmp(h2, "<!DOCTYPE html>\n<html lang=\"tr\">", 32) == 0);
		CHECK(strstr(h2, "İçindekiler") != NULL);
		CHECK(strstr(h2, "<td class=\"n\">1.234.568</td>") != NULL);
		CHECK(strstr(h2, "<td class=\"n\">4,51</td>") != NULL);
		CHECK(strstr(h2, "Tablo 1.") != NULL);
	}
	free(h2);
	CHECK_INT(report_write_html(&s.doc, p, &d), 0);
	h2 = slurp(p, &len2);
	free(h);
	h = slurp(p, &len);
	CHECK(h && h2 && len == len2 && memcmp(h, h2, len) == 0);
	free(h);
	free(h2);
	sample_release(&s);
	unlink(p);
}

/* ---- failures --------------------------------------------------------------------- */

/* In a child: files may grow to 4 KiB only, so the report's write fails. */
static int child_write_fails(const char *path, int html)
{
	struct sample s;
	struct diag d;
	struct rlimit rl = { 4096, 4096 };
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int ok;

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(2);
		sample_init(&s, CHART_LOCALE_EN);
		diag_init(&d);
		ok = (html ? report_write_html(&s.doc, path, &d) : report_write_pdf(&s.doc, path, &d)) ==
			     -1 &&
		     d.code == DIAG_IO && d.sys_errno == EFBIG && strcmp(d.path, path) == 0;
		if (!ok)
			fprintf(stderr, "child: code %d errno %d: %s\n", d.code, d.sys_errno, d.message);
		sample_release(&s);
		_exit(ok ? 0 : 1);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_failures(void)
{
	struct sample s;
	struct diag d;
	struct stat st;
	char p[1024], sub[400];
	int before;
	char *buf;
	size_t len;

	sample_init(&s, CHART_LOCALE_EN);
	snprintf(sub, sizeof sub, "%s/fail", tmpdir);
	CHECK(mkdir(sub, 0755) == 0);
	before = count_entries(sub);

	/* A missing folder: DIAG_IO with errno and path, nothing left behind. */
	snprintf(p, sizeof p, "%s/no-such-folder/report.pdf", sub);
	diag_init(&d);
	CHECK_INT(report_write_pdf(&s.doc, p, &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	CHECK_INT(d.sys_errno, ENOENT);
	CHECK_STR(d.path, p);
	snprintf(p, sizeof p, "%s/no-such-folder/index.html", sub);
	diag_init(&d);
	CHECK_INT(report_write_html(&s.doc, p, &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	CHECK_STR(d.path, p);
	/* The path is a folder, or names one. */
	diag_init(&d);
	CHECK_INT(report_write_pdf(&s.doc, sub, &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	CHECK(strstr(d.message, "is a folder") != NULL);
	snprintf(p, sizeof p, "%s/", sub);
	diag_init(&d);
	CHECK_INT(report_write_html(&s.doc, p, &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	/* A device is never replaced. */
	diag_init(&d);
	CHECK_INT(report_write_html(&s.doc, "/dev/null", &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
	diag_init(&d);
	CHECK_INT(report_write_pdf(&s.doc, "", &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);

	/* A link out of the output folder: refused before anything is written. */
	snprintf(p, sizeof p, "%s/report.pdf", sub);
	s.t1[0].csv_file = "../secret.csv";
	diag_init(&d);
	CHECK_INT(report_write_pdf(&s.doc, p, &d), -1);
	CHECK_INT(d.code, DIAG_INTERNAL);
	CHECK(strstr(d.message, "'../secret.csv'") != NULL);
	s.t1[0].csv_file = "results/tests.csv";
	s.c1[0].file_svg = "javascript:alert(1)";
	diag_init(&d);
	snprintf(p, sizeof p, "%s/index.html", sub);
	CHECK_INT(report_write_html(&s.doc, p, &d), -1);
	CHECK_INT(d.code, DIAG_INTERNAL);
	s.c1[0].file_svg = "charts/bar.svg";
	/* HTML needs an image file for every chart; the PDF does not. */
	s.c2[0].file_svg = s.c2[0].file_png = NULL;
	diag_init(&d);
	CHECK_INT(report_write_html(&s.doc, p, &d), -1);
	CHECK_INT(d.code, DIAG_INTERNAL);
	s.c2[0].file_svg = "charts/line.svg";
	/* Malformed documents. */
	diag_init(&d);
	CHECK_INT(report_write_pdf(NULL, p, &d), -1);
	CHECK_INT(d.code, DIAG_INTERNAL);
	s.sec[1].title = NULL;
	diag_init(&d);
	CHECK_INT(report_write_html(&s.doc, p, &d), -1);
	CHECK_INT(d.code, DIAG_INTERNAL);
	s.sec[1].title = "Clusters";
	s.sec[0].nnotes = 3;
	s.sec[0].notes = NULL;
	diag_init(&d);
	CHECK_INT(report_write_pdf(&s.doc, p, &d), -1);
	CHECK_INT(d.code, DIAG_INTERNAL);
	s.sec[0].notes = notes1;
	s.sec[0].nnotes = 2;
	/* A table whose sticky status failed passes its error on. */
	{
		struct result_table *t = result_set_find(s.rs, "clusters");

		result_set_text(t, 99, 0, "out of range");
		diag_init(&d);
		CHECK_INT(report_write_html(&s.doc, p, &d), -1);
		CHECK_INT(d.code, DIAG_INTERNAL);
		CHECK(strstr(d.message, "clusters") != NULL);
	}
	CHECK_INT(count_entries(sub), before);
	sample_release(&s);

	/* A write that fails half-way (file size limit: EFBIG) leaves the old
	 * file as it was, and no temporary file. */
	sample_init(&s, CHART_LOCALE_EN);
	{
		FILE *fp;

		snprintf(p, sizeof p, "%s/report.pdf", sub);
		fp = fopen(p, "w");
		CHECK(fp != NULL);
		if (fp) {
			fputs("old", fp);
			fclose(fp);
		}
		CHECK_INT(child_write_fails(p, 0), 0);
		buf = slurp(p, &len);
		CHECK(buf && strcmp(buf, "old") == 0);
		free(buf);
		snprintf(p, sizeof p, "%s/index.html", sub);
		CHECK_INT(child_write_fails(p, 1), 0);
		CHECK(stat(p, &st) < 0 && errno == ENOENT);
		CHECK_INT(count_entries(sub), 1);
		/* and a good write replaces the old file */
		snprintf(p, sizeof p, "%s/report.pdf", sub);
		diag_init(&d);
		CHECK_INT(report_write_pdf(&s.doc, p, &d), 0);
		buf = slurp(p, &len);
		CHECK(buf && len > 5 && memcmp(buf, "%PDF-", 5) == 0);
		free(buf);
		CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0644);
		unlink(p);
	}
	sample_release(&s);
	rmdir(sub);
}

/* ---- helpers for tests/sh/report-browser.sh ---------------------------------------- */

/* Writes the sample run folder: index.html, report.pdf, charts, results. */
static int write_sample(const char *dir)
{
	struct sample s;
	struct diag d;
	char p[1024];
	int ok;

	sample_init(&s, CHART_LOCALE_EN);
	diag_init(&d);
	snprintf(p, sizeof p, "%s/charts", dir);
	mkdir(dir, 0755);
	mkdir(p, 0755);
	ok = s.bar && s.box && s.line;
	{
		struct chart *const cs[3] = { s.bar, s.box, s.line };
		static const char *const names[3] = { "bar", "box", "line" };

		for (int i = 0; i < 3 && ok; i++) {
			snprintf(p, sizeof p, "%s/charts/%s.png", dir, names[i]);
			ok = render_chart(cs[i], p, RENDER_PNG, NULL, &d) == 0;
			snprintf(p, sizeof p, "%s/charts/%s.svg", dir, names[i]);
			ok = ok && render_chart(cs[i], p, RENDER_SVG, NULL, &d) == 0;
		}
	}
	snprintf(p, sizeof p, "%s/results", dir);
	ok = ok && result_write_csv_dir(s.rs, p, &d) == 0;
	snprintf(p, sizeof p, "%s/index.html", dir);
	ok = ok && report_write_html(&s.doc, p, &d) == 0;
	snprintf(p, sizeof p, "%s/report.pdf", dir);
	ok = ok && report_write_pdf(&s.doc, p, &d) == 0;
	if (!ok)
		diag_print(&d, stderr);
	sample_release(&s);

	return ok ? 0 : 1;
}

/* Prints the share of non-white and of coloured pixels of a PNG, in
 * permille: "ink N colour M". */
static int png_ink(const char *file)
{
	cairo_surface_t *img = cairo_image_surface_create_from_png(file);
	unsigned long ink = 0, colour = 0, total;
	int w, h, stride;
	const unsigned char *px;

	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "%s: not a readable PNG\n", file);
		cairo_surface_destroy(img);
		return 1;
	}
	cairo_surface_flush(img);
	w = cairo_image_surface_get_width(img);
	h = cairo_image_surface_get_height(img);
	stride = cairo_image_surface_get_stride(img);
	px = cairo_image_surface_get_data(img);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			const unsigned char *q = px + (size_t)y * (size_t)stride + (size_t)x * 4;
			int b = q[0], g = q[1], r = q[2];
			int mx = r > g ? (r > b ? r : b) : (g > b ? g : b);
			int mn = r < g ? (r < b ? r : b) : (g < b ? g : b);

			if (mn < 235)
				ink++;
			if (mx - mn > 60)
				colour++;
		}
	}
	total = (unsigned long)w * (unsigned long)h;
	printf("ink %lu colour %lu size %dx%d\n", total ? ink * 1000 / total : 0,
	       total ? colour * 1000 / total : 0, w, h);
	cairo_surface_destroy(img);
	return 0;
}

int main(int argc, char **argv)
{
	const char *base = getenv("TMPDIR");

	if (argc == 3 && strcmp(argv[1], "--sample") == 0)
		return write_sample(argv[2]);
	if (argc == 3 && strcmp(argv[1], "--png-ink") == 0)
		return png_ink(argv[2]);

	snprintf(tmpdir, sizeof tmpdir, "%s/test_report.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_numbers();
	test_text();
	test_pdf();
	test_long_table();
	test_wide_table();
	test_png_fallback();
	test_html();
	test_failures();
	CHECK_INT(count_entries(tmpdir), 0);
	remove_tree(tmpdir);

	return tc_summary("test_report");
}
