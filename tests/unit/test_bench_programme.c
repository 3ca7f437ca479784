/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_bench_programme: target attainment, difference-in-differences and the province benchmark against R. */
#include "clusterbench/bench_programme.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/load.h"
#include "tcheck.h"

/*
 * References: base R 4.x, run by hand; the R code is written beside each
 * fixture. Tolerances: 1e-12 relative for values computed the same way in
 * R (means, lm coefficients, t tests); 1e-10 for cluster-robust SEs (R's
 * matrix algebra vs our QR); 1e-5 for Games-Howell p and intervals, where
 * R's ptukey/qtukey keep only about 5-6 digits.
 */

/* ------------------------------------------------------------ helpers */

static struct table *load_text(const char *name, const char *csv)
{
	struct load_options o;
	struct diag d;
	struct table *t;

	load_options_init(&o);
	diag_init(&d);
	t = load_memory(name, csv, strlen(csv), &o, NULL, &d);
	if (!t)
		fprintf(stderr, "load %s: %s\n", name, d.message);
	return t;
}

static size_t col(const struct table *t, const char *name)
{
	long c = table_find(t, name);

	if (c < 0) {
		fprintf(stderr, "no column %s\n", name);
		exit(4);
	}
	return (size_t)c;
}

static double num(const struct result_set *rs, const char *table, size_t row, const char *name)
{
	const struct result_table *rt = result_set_find(rs, table);
	long c = rt ? result_find_column(rt, name) : -1;

	return c < 0 ? -999999 : result_get_number(rt, row, (size_t)c);
}

static const char *text(const struct result_set *rs, const char *table, size_t row,
			const char *name)
{
	const struct result_table *rt = result_set_find(rs, table);
	long c = rt ? result_find_column(rt, name) : -1;

	return c < 0 ? NULL : result_get_text(rt, row, (size_t)c);
}

static size_t rows(const struct result_set *rs, const char *table)
{
	const struct result_table *rt = result_set_find(rs, table);

	return rt ? result_rows(rt) : 0;
}

/* True when some warning of rs contains s. */
static int has_warning(struct result_set *rs, const char *s)
{
	const struct warnings *w = result_set_warnings(rs);

	for (size_t i = 0; i < w->n; i++)
		if (strstr(w->items[i], s))
			return 1;
	return 0;
}

/* True when some note of the table contains s. */
static int has_note(const struct result_set *rs, const char *table, const char *s)
{
	const struct result_table *rt = result_set_find(rs, table);

	for (size_t i = 0; rt && i < result_note_count(rt); i++)
		if (strstr(result_note(rt, i), s))
			return 1;
	return 0;
}

/* ------------------------------------------------------------ parsing, wilson */

static void test_parse_target(void)
{
	struct diag d;
	double v = 0;

	diag_init(&d);
	CHECK_INT(bench_parse_target("20%", &v, &d), 0);
	CHECK(v == 0.2);
	CHECK_INT(bench_parse_target("+20%", &v, &d), 0);
	CHECK(v == 0.2);
	CHECK_INT(bench_parse_target("0.2", &v, &d), 0);
	CHECK(v == 0.2);
	CHECK_INT(bench_parse_target("+0.2", &v, &d), 0);
	CHECK(v == 0.2);
	/* one rounding: "20.1%" is the same double as "0.201" */
	CHECK_INT(bench_parse_target("20.1%", &v, &d), 0);
	CHECK(v == 0.201);
	CHECK_INT(bench_parse_target("-5%", &v, &d), 0);
	CHECK(v == -0.05);
	CHECK_INT(bench_parse_target("150%", &v, &d), 0);
	CHECK(v == 1.5);
	CHECK_INT(bench_parse_target("20 %", &v, &d), 0);
	CHECK(v == 0.2);
	CHECK(!diag_failed(&d));

	CHECK_INT(bench_parse_target("20", &v, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	CHECK(strstr(d.message, "'20' is ambiguous") != NULL);
	diag_init(&d);
	CHECK_INT(bench_parse_target("1", &v, &d), -1);
	diag_init(&d);
	CHECK_INT(bench_parse_target("abc", &v, &d), -1);
	CHECK_STR(d.message, "expected a change like 20%, +20% or 0.2, got 'abc'");
	diag_init(&d);
	CHECK_INT(bench_parse_target("", &v, &d), -1);
	diag_init(&d);
	CHECK_INT(bench_parse_target("%", &v, &d), -1);
	diag_init(&d);
	CHECK_INT(bench_parse_target("-100%", &v, &d), -1);
	CHECK(strstr(d.message, "-100 %") != NULL);
	diag_init(&d);
	CHECK_INT(bench_parse_target("nan%", &v, &d), -1);
	diag_init(&d);
	CHECK_INT(bench_parse_target(NULL, &v, &d), -1);
}

static void test_wilson(void)
{
	double lo, hi;

	/* suppressWarnings(prop.test(k, n, correct = FALSE))$conf.int */
	bench_wilson(5, 7, 0.95, &lo, &hi);
	CHECK_REL(lo, 0.35893445183261941, 1e-14);
	CHECK_REL(hi, 0.91778107599594327, 1e-14);
	bench_wilson(0, 5, 0.95, &lo, &hi);
	CHECK(lo == 0);
	CHECK_REL(hi, 0.43448246478317465, 1e-14);
	bench_wilson(5, 5, 0.95, &lo, &hi);
	CHECK_REL(lo, 0.56551753521682535, 1e-14);
	CHECK(hi == 1);
	/* prop.test(3, 10, correct = FALSE, conf.level = 0.9) */
	bench_wilson(3, 10, 0.9, &lo, &hi);
	CHECK_REL(lo, 0.12687658390319789, 1e-14);
	CHECK_REL(hi, 0.55830020413016479, 1e-14);
	bench_wilson(0, 0, 0.95, &lo, &hi);
	CHECK_NAN(lo);
	CHECK_NAN(hi);
	bench_wilson(6, 5, 0.95, &lo, &hi);
	CHECK_NAN(lo);
	bench_wilson(1, 5, 1.0, &lo, &hi);
	CHECK_NAN(hi);
}

/* ------------------------------------------------------------ target */

/*
 * Units a..j; g has a baseline of 0, h only a 2010 row, i a missing
 * baseline: 7 units used. c gains exactly 20 %; j gains 20 % up to
 * rounding ((1.32 - 1.1)/1.1 - 0.2 = -5.6e-17 in doubles), so it counts
 * as reaching the target only through the documented slack.
 */
static const char target_csv[] =
	"id,year,grp,x\n"
	"a,2010,g1,100\na,2013,g1,130\nb,2010,g1,50\nb,2013,g1,55\n"
	"c,2010,g1,80\nc,2013,g1,96\nd,2010,g2,200\nd,2013,g2,180\n"
	"e,2010,g2,10\ne,2013,g2,15\nf,2010,g2,40\nf,2013,g2,52\n"
	"g,2010,g2,0\ng,2013,g2,5\nh,2010,g2,30\ni,2010,g1,\ni,2013,g1,20\n"
	"j,2010,g1,1.1\nj,2013,g1,1.32\n";

/*
 * R (d = read.csv(text = target_csv)):
 *   w <- reshape(d, idvar = c("id", "grp"), timevar = "year", direction = "wide")
 *   w <- w[!is.na(w$x.2010) & !is.na(w$x.2013) & w$x.2010 > 0, ]
 *   w$ch <- (w$x.2013 - w$x.2010) / w$x.2010
 *   f <- function(s) { ch <- s$ch; n <- length(ch); k <- sum(ch >= 0.2 - 1e-12 * 1.2)
 *     c(n, mean(ch), t.test(ch)$conf.int, median(ch), k,
 *       prop.test(k, n, correct = FALSE)$conf.int,
 *       t.test(ch, mu = 0.2, alternative = "greater")[c("statistic", "p.value")],
 *       sum(s$x.2013) / sum(s$x.2010) - 1) }
 *   f(w); f(w[w$grp == "g1", ]); f(w[w$grp == "g2", ])
 */
static const struct {
	const char *group;
	long long n, k;
	double mean, lo, hi, median, wlo, whi, t, p, ratio;
} target_ref[] = {
	{ "all", 7, 5, 0.21428571428571427, 0.041852435198406535, 0.38671899337302201,
	  0.20000000000000001, 0.35893445183261941, 0.91778107599594327, 0.20272121351984546,
	  0.42302626193332232, 0.10022864269382681 },
	{ "g1", 4, 3, 0.19999999999999998, 0.070077173637488929, 0.32992282636251102,
	  0.19999999999999998, 0.30064184258240201, 0.95441273919029945, -6.7986997775525926e-16,
	  0.50000000000000022, 0.22163565556036358 },
	{ "g2", 3, 2, 0.23333333333333334, -0.52558327338601851, 0.9922499400526853,
	  0.29999999999999999, 0.20765960080204782, 0.93850805527960379, 0.18898223650461357,
	  0.43377338214674782, -0.012000000000000011 },
};

static void test_target_fixture(void)
{
	struct table *t = load_text("target.csv", target_csv);
	struct result_set *rs = result_set_create();
	struct target_opts o;
	size_t by;
	struct diag d;

	diag_init(&d);
	memset(&o, 0, sizeof o);
	by = col(t, "grp");
	o.value = col(t, "x");
	o.id = col(t, "id");
	o.time = col(t, "year");
	o.from = "2010";
	o.to = "2013";
	o.target = 0.2;
	o.by = &by;
	o.nby = 1;
	o.conf = 0.95;
	CHECK_INT(bench_target(t, &o, NULL, rs, &d), 0);
	CHECK_INT(rows(rs, "targets"), 3);
	for (size_t i = 0; i < 3; i++) {
		long long n = -1, k = -1;
		const struct result_table *rt = result_set_find(rs, "targets");

		CHECK_STR(text(rs, "targets", i, "grp"), target_ref[i].group);
		result_get_integer(rt, i, (size_t)result_find_column(rt, "n_units"), &n);
		result_get_integer(rt, i, (size_t)result_find_column(rt, "n_reaching"), &k);
		CHECK_INT(n, target_ref[i].n);
		CHECK_INT(k, target_ref[i].k);
		CHECK_REL(num(rs, "targets", i, "mean_change"), target_ref[i].mean, 1e-14);
		CHECK_REL(num(rs, "targets", i, "mean_ci_low"), target_ref[i].lo, 1e-12);
		CHECK_REL(num(rs, "targets", i, "mean_ci_high"), target_ref[i].hi, 1e-12);
		CHECK_REL(num(rs, "targets", i, "median_change"), target_ref[i].median, 1e-14);
		CHECK_REL(num(rs, "targets", i, "share_reaching"),
			  (double)target_ref[i].k / (double)target_ref[i].n, 1e-15);
		CHECK_REL(num(rs, "targets", i, "share_ci_low"), target_ref[i].wlo, 1e-13);
		CHECK_REL(num(rs, "targets", i, "share_ci_high"), target_ref[i].whi, 1e-13);
		/* g1's mean equals the target up to rounding: t is noise around 0 */
		if (i == 1)
			CHECK_ABS(num(rs, "targets", i, "t_statistic"), 0, 1e-13);
		else
			CHECK_REL(num(rs, "targets", i, "t_statistic"), target_ref[i].t, 1e-12);
		CHECK_ABS(num(rs, "targets", i, "p_one_sided"), target_ref[i].p, 1e-13);
		CHECK_REL(num(rs, "targets", i, "ratio_of_means_change"), target_ref[i].ratio, 1e-13);
		CHECK(num(rs, "targets", i, "target") == 0.2);
		CHECK_STR(text(rs, "targets", i, "from"), "2010");
		CHECK_STR(text(rs, "targets", i, "to"), "2013");
	}
	/* no bootstrap asked: no bootstrap columns */
	CHECK(result_find_column(result_set_find(rs, "targets"), "boot_ci_low") < 0);
	CHECK(has_warning(rs, "3 of 10 units left out of the target analysis: 1 observed at only "
			  "one of year 2010 and 2013, 1 with 'x' missing in a period, 1 with 'x' "
			  "<= 0 at year 2010"));
	CHECK(has_note(rs, "targets", "Wilson"));
	result_set_free(rs);

	/* without groups: one row, a `group` column holding "all" */
	rs = result_set_create();
	o.nby = 0;
	o.by = NULL;
	o.target = 0.25;
	CHECK_INT(bench_target(t, &o, NULL, rs, &d), 0);
	CHECK_INT(rows(rs, "targets"), 1);
	CHECK_STR(text(rs, "targets", 0, "group"), "all");
	/* R: t.test(w$ch, mu = 0.25, alternative = "greater") */
	CHECK_REL(num(rs, "targets", 0, "t_statistic"), -0.50680303379961467, 1e-12);
	CHECK_REL(num(rs, "targets", 0, "p_one_sided"), 0.68481277151950271, 1e-12);
	result_set_free(rs);
	table_free(t);
}

static void test_target_small_groups(void)
{
	/* one unit in a group: no interval or test; a constant group: no t test */
	static const char csv[] =
		"id,t,g,x\n"
		"a,1,solo,10\na,2,solo,12\n"
		"b,1,flat,10\nb,2,flat,11\nc,1,flat,20\nc,2,flat,22\n";
	struct table *t = load_text("small.csv", csv);
	struct result_set *rs = result_set_create();
	struct target_opts o;
	size_t by = col(t, "g");
	struct diag d;

	diag_init(&d);
	memset(&o, 0, sizeof o);
	o.value = col(t, "x");
	o.id = col(t, "id");
	o.time = col(t, "t");
	o.from = "1";
	o.to = "2";
	o.target = 0.1;
	o.by = &by;
	o.nby = 1;
	o.conf = 0.95;
	o.boot = 50;
	o.seed = 3;
	CHECK_INT(bench_target(t, &o, NULL, rs, &d), 0);
	/* groups in Turkish alphabetical order: flat, solo */
	CHECK_STR(text(rs, "targets", 1, "g"), "flat");
	CHECK_STR(text(rs, "targets", 2, "g"), "solo");
	CHECK_REL(num(rs, "targets", 1, "mean_change"), 0.1, 1e-15);
	CHECK_NAN(num(rs, "targets", 1, "t_statistic"));
	CHECK_STR(text(rs, "targets", 1, "note"), "zero variance: no t test");
	CHECK_NAN(num(rs, "targets", 2, "mean_ci_low"));
	CHECK_NAN(num(rs, "targets", 2, "boot_ci_low"));
	CHECK_STR(text(rs, "targets", 2, "note"), "n < 2: no interval or test");
	/* exactly +10 % twice: both reach the 10 % target */
	CHECK(num(rs, "targets", 1, "share_reaching") == 1);
	result_set_free(rs);
	table_free(t);
}

static void test_target_bootstrap(void)
{
	struct table *t = load_text("target.csv", target_csv);
	struct result_set *a = result_set_create(), *b = result_set_create();
	struct result_set *c = result_set_create();
	struct target_opts o;
	struct diag d;
	double lo, hi, mean;

	diag_init(&d);
	memset(&o, 0, sizeof o);
	o.value = col(t, "x");
	o.id = col(t, "id");
	o.time = col(t, "year");
	o.from = "2010";
	o.to = "2013";
	o.target = 0.2;
	o.conf = 0.95;
	o.boot = 999;
	o.seed = 42;
	CHECK_INT(bench_target(t, &o, NULL, a, &d), 0);
	CHECK_INT(bench_target(t, &o, NULL, b, &d), 0);
	o.seed = 43;
	CHECK_INT(bench_target(t, &o, NULL, c, &d), 0);
	lo = num(a, "targets", 0, "boot_ci_low");
	hi = num(a, "targets", 0, "boot_ci_high");
	mean = num(a, "targets", 0, "mean_change");
	CHECK(lo < mean && mean < hi);
	/* the resampled means lie within the range of the changes (-0.1, 0.5) */
	CHECK(lo > -0.1 && hi < 0.5);
	CHECK(lo == num(b, "targets", 0, "boot_ci_low"));
	CHECK(hi == num(b, "targets", 0, "boot_ci_high"));
	CHECK(lo != num(c, "targets", 0, "boot_ci_low") || hi != num(c, "targets", 0, "boot_ci_high"));
	for (size_t i = 0; i < result_provenance_count(a); i++)
		if (strcmp(result_provenance_key(a, i), "seed") == 0) {
			long long s = result_provenance_integer(a, i);

			CHECK_INT(s, 42);
		}
	CHECK(has_note(a, "targets", "seed 42"));
	result_set_free(a);
	result_set_free(b);
	result_set_free(c);
	table_free(t);
}

static void test_target_errors(void)
{
	static const char dup[] = "id,year,x\na,2010,1\nb,2010,2\na,2013,3\na,2010,4\nb,2013,5\n";
	static const char text_time[] = "id,period,x\na,pre,1\na,post,2\nb,pre,2\nb,post,3\n";
	struct table *t = load_text("dup.csv", dup);
	struct result_set *rs = result_set_create();
	struct target_opts o;
	struct diag d;

	diag_init(&d);
	memset(&o, 0, sizeof o);
	o.value = col(t, "x");
	o.id = col(t, "id");
	o.time = col(t, "year");
	o.from = "2010";
	o.to = "2013";
	o.target = 0.2;
	o.conf = 0.95;
	CHECK_INT(bench_target(t, &o, NULL, rs, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(d.message, "duplicate row for id 'a', year 2010: lines 2 and 5");
	CHECK_INT(d.line, 5);
	CHECK_STR(d.path, "dup.csv");

	diag_init(&d);
	o.to = "2099";
	CHECK_INT(bench_target(t, &o, NULL, rs, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(d.message, "no selected rows have year 2099");

	diag_init(&d);
	o.to = "x13";
	CHECK_INT(bench_target(t, &o, NULL, rs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);

	diag_init(&d);
	o.to = "2010";
	CHECK_INT(bench_target(t, &o, NULL, rs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);

	diag_init(&d);
	o.to = "2013";
	o.value = col(t, "id");
	CHECK_INT(bench_target(t, &o, NULL, rs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	result_set_free(rs);
	table_free(t);

	/* a text time column: periods matched by their text */
	t = load_text("text.csv", text_time);
	rs = result_set_create();
	diag_init(&d);
	o.value = col(t, "x");
	o.id = col(t, "id");
	o.time = col(t, "period");
	o.from = "pre";
	o.to = "post";
	CHECK_INT(bench_target(t, &o, NULL, rs, &d), 0);
	CHECK_REL(num(rs, "targets", 0, "mean_change"), 0.75, 1e-15);
	CHECK_REL(num(rs, "targets", 0, "ratio_of_means_change"), 2.0 / 3.0, 1e-15);
	diag_init(&d);
	o.from = "before";
	CHECK_INT(bench_target(t, &o, NULL, rs, &d), -1);
	CHECK_STR(d.message, "--from: value 'before' does not occur in column 'period'");
	result_set_free(rs);
	table_free(t);

	/* nothing usable */
	t = load_text("none.csv", "id,year,x\na,2010,0\na,2013,1\nb,2010,\nb,2013,2\nc,2013,1\n");
	rs = result_set_create();
	diag_init(&d);
	o.value = col(t, "x");
	o.id = col(t, "id");
	o.time = col(t, "year");
	o.from = "2010";
	o.to = "2013";
	CHECK_INT(bench_target(t, &o, NULL, rs, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK(strstr(d.message, "(3 units: 1 in one period only, 1 with a missing value, 1 with "
			 "a baseline <= 0)") != NULL);
	result_set_free(rs);
	table_free(t);
}

/* ------------------------------------------------------------ did */

/* An unbalanced panel: u2 misses y in 2011, u4 and u7 start in 2008, u8 is
 * seen only before the programme. Post from 2010. */
static const char did_csv[] =
	"id,year,treat,y\n"
	"u1,2007,1,10.5\nu1,2008,1,11.2\nu1,2009,1,11.9\nu1,2010,1,14.1\nu1,2011,1,15.3\n"
	"u2,2007,1,8.2\nu2,2008,1,8.4\nu2,2009,1,9.1\nu2,2010,1,10.7\nu2,2011,1,\n"
	"u3,2007,1,20.3\nu3,2008,1,21.7\nu3,2009,1,21.4\nu3,2010,1,25.9\nu3,2011,1,27.2\n"
	"u4,2008,1,5.6\nu4,2009,1,6.3\nu4,2010,1,7.4\nu4,2011,1,8.8\n"
	"u5,2007,0,12.1\nu5,2008,0,12.6\nu5,2009,0,13.2\nu5,2010,0,13.5\nu5,2011,0,14.4\n"
	"u6,2007,0,9.3\nu6,2008,0,9.0\nu6,2009,0,9.8\nu6,2010,0,10.1\nu6,2011,0,10.2\n"
	"u7,2008,0,15.2\nu7,2009,0,15.9\nu7,2010,0,16.0\nu7,2011,0,17.3\n"
	"u8,2007,0,7.7\nu8,2008,0,8.1\n"
	"u9,2007,0,11.0\nu9,2008,0,11.4\nu9,2009,0,12.3\nu9,2010,0,12.2\nu9,2011,0,13.0\n";

/*
 * R (d <- read.csv(text = did_csv); d <- d[!is.na(d$y), ];
 *    d$post <- as.numeric(d$year >= 2010); d$z <- d$y, or log(d$y)):
 *   clse <- function(m, cl) {          # vcovCL(type = "HC1") by hand
 *     X <- model.matrix(m); e <- resid(m); n <- nrow(X); k <- ncol(X)
 *     G <- length(unique(cl)); B <- solve(crossprod(X))
 *     M <- Reduce(`+`, lapply(split(seq_len(n), cl), function(i) {
 *       u <- crossprod(X[i, , drop = FALSE], e[i]); u %*% t(u) }))
 *     G / (G - 1) * (n - 1) / (n - k) * B %*% M %*% B }
 *   m <- lm(z ~ treat * post, data = d); V <- clse(m, d$id)
 *   regression: coef(m)[4], sqrt(V[4, 4]), df G - 1 = 8, p 2 pt(-|t|, 8),
 *               ci coef -+ qt(0.975, 8) se
 *   um <- aggregate(z ~ id + treat + post, data = d, mean)
 *   w <- merge(um[um$post == 0, ], um[um$post == 1, ], by = c("id", "treat"))
 *   ch <- w$z.y - w$z.x; t.test(ch[w$treat == 1], ch[w$treat == 0])   # means_2x2
 *   pre <- subset(d, year < 2010); pre$tc <- pre$year - mean(pre$year)
 *   mp <- lm(z ~ tc * treat, data = pre); Vp <- clse(mp, pre$id)
 *   control: coef 2; treated: coef 2 + 4, sqrt(Vp[2,2] + Vp[4,4] + 2 Vp[2,4]);
 *   difference: coef 4
 * (With the raw year instead of tc, R's residuals lose about 8 digits and
 * its pre-period SEs differ from these in the 9th digit; the slopes are the
 * same by construction.)
 */
struct did_ref {
	double est, se, t, df, p, lo, hi;
};

static const struct did_ref did_level[] = {
	/* means_2x2, regression, pre control, pre treated, pre difference */
	{ 2.2416666666666676, 0.78254984458452126, 2.864567263260827, 3.1204881197708381,
	  0.061395242089658242, -0.19523039222316063, 4.6785637255564954 },
	{ 1.4085539460539449, 1.5981009491547757, 0.88139234683448442, 8, 0.40380808696539361,
	  -2.2766734511706703, 5.0937813432785601 },
	{ 1.3875, 0.71472725210809163, 1.9412999796881423, 8, 0.088169127676339706,
	  -0.26066399890436975, 3.0356639989043694 },
	{ -0.36710526315789638, 0.95071345014267916, -0.38613660415007567, 8, 0.70946203168042099,
	  -2.5594544105811341, 1.8252438842653413 },
	{ -1.7546052631578963, 1.1894078817580536, -1.4751922280558873, 8, 0.17839667042388416,
	  -4.4973847569363956, 0.98817423062060272 },
};

static const struct did_ref did_log[] = {
	{ 0.17408598632774763, 0.02070549265995323, 8.4077200763471645, 3.648291381158038,
	  0.0016235700571934617, 0.11434528983691605, 0.23382668281857921 },
	{ 0.071516996646129663, 0.093189815097931145, 0.76743361461737003, 8, 0.46486857279032878,
	  -0.14337910232861117, 0.28641309562087047 },
	{ 0.12202276655668685, 0.062725033786955695, 1.9453599175591472, 8, 0.087618003177259957,
	  -0.022621420736853984, 0.26666695385022771 },
	{ -0.040134923967884165, 0.08688418286655604, -0.46193590874332929, 8, 0.65642944516254098,
	  -0.2404902089419973, 0.160220361006229 },
	{ -0.16215769052457102, 0.1071601189620648, -1.5132279815961722, 8, 0.16867853184844972,
	  -0.4092693679800628, 0.084953986930920766 },
};

static void check_did_row(const struct result_set *rs, const char *table, size_t row,
			  const char *estcol, const struct did_ref *r, double tol_se)
{
	CHECK_REL(num(rs, table, row, estcol), r->est, 1e-12);
	CHECK_REL(num(rs, table, row, "se"), r->se, tol_se);
	CHECK_REL(num(rs, table, row, "t"), r->t, tol_se);
	CHECK_REL(num(rs, table, row, "df"), r->df, 1e-12);
	CHECK_REL(num(rs, table, row, "p"), r->p, 1e-9);
	CHECK_REL(num(rs, table, row, "ci_low"), r->lo, tol_se);
	CHECK_REL(num(rs, table, row, "ci_high"), r->hi, tol_se);
}

static void test_did_fixture(void)
{
	struct table *t = load_text("did.csv", did_csv);
	struct did_opts o;
	struct diag d;

	memset(&o, 0, sizeof o);
	o.value = col(t, "y");
	o.id = col(t, "id");
	o.time = col(t, "year");
	o.treat = col(t, "treat");
	o.post_from = 2010;
	o.pre_from = NAN;
	o.conf = 0.95;
	for (int lg = 0; lg < 2; lg++) {
		struct result_set *rs = result_set_create();
		const struct did_ref *ref = lg ? did_log : did_level;
		const struct result_table *rt;
		long long v;

		diag_init(&d);
		o.log = lg;
		CHECK_INT(bench_did(t, &o, NULL, rs, &d), 0);
		CHECK_INT(rows(rs, "did"), 2);
		CHECK_STR(text(rs, "did", 0, "method"), "means_2x2");
		CHECK_STR(text(rs, "did", 1, "method"), "regression");
		check_did_row(rs, "did", 0, "estimate", &ref[0], 1e-12);
		check_did_row(rs, "did", 1, "estimate", &ref[1], 1e-10);
		for (size_t i = 0; i < 3; i++)
			check_did_row(rs, "did_pretrend", i, "slope", &ref[2 + i], 1e-10);
		CHECK_STR(text(rs, "did_pretrend", 2, "group"), "difference");
		rt = result_set_find(rs, "did");
		result_get_integer(rt, 1, (size_t)result_find_column(rt, "n_obs"), &v);
		CHECK_INT(v, 39);
		result_get_integer(rt, 1, (size_t)result_find_column(rt, "n_clusters"), &v);
		CHECK_INT(v, 9);
		result_get_integer(rt, 0, (size_t)result_find_column(rt, "n_units"), &v);
		CHECK_INT(v, 8);
		result_get_integer(rt, 0, (size_t)result_find_column(rt, "n_obs"), &v);
		CHECK_INT(v, 37);
		CHECK(result_is_missing(rt, 0, (size_t)result_find_column(rt, "n_clusters")));
		CHECK(has_note(rs, "did", "unbalanced: 4 of 9 units"));
		CHECK(has_warning(rs, "1 row with 'y' missing left out"));
		if (lg) {
			CHECK_REL(num(rs, "did", 1, "effect_percent"), 100 * expm1(ref[1].est), 1e-12);
			CHECK_REL(num(rs, "did", 1, "effect_ci_low"), 100 * expm1(ref[1].lo), 1e-9);
			CHECK_REL(num(rs, "did", 0, "effect_ci_high"), 100 * expm1(ref[0].hi), 1e-11);
		} else {
			CHECK_NAN(num(rs, "did", 1, "effect_percent"));
		}
		/* did_trends: aggregate(z ~ year + treat, d, mean, se) */
		CHECK_INT(rows(rs, "did_trends"), 10);
		CHECK(num(rs, "did_trends", 0, "time") == 2007);
		CHECK_STR(text(rs, "did_trends", 0, "group"), "control");
		CHECK_STR(text(rs, "did_trends", 9, "group"), "treated");
		CHECK_STR(text(rs, "did_trends", 9, "period"), "post");
		if (lg) {
			CHECK_REL(num(rs, "did_trends", 2, "mean"), 2.395538847244945035, 1e-14);
			CHECK_REL(num(rs, "did_trends", 9, "se"), 0.325780989680570954, 1e-13);
		} else {
			CHECK_REL(num(rs, "did_trends", 2, "mean"), 11.26, 1e-14);
			CHECK_REL(num(rs, "did_trends", 9, "se"), 5.3873308171425052, 1e-13);
		}
		result_set_free(rs);
	}
	table_free(t);
}

/* A small deterministic generator for the identity tests (LCG, 53 bits). */
static double lcg_uniform(unsigned long long *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(*s >> 11) / 9007199254740992.0;
}

/* A random panel of units x years as CSV; drop_row >= 0 leaves that y empty. */
static char *random_panel(size_t units, size_t years, unsigned long long seed, long drop_row)
{
	size_t cap = 64 + units * years * 64, len = 0;
	char *buf = malloc(cap);
	long row = 0;

	len += (size_t)snprintf(buf + len, cap - len, "id,year,treat,y\n");
	for (size_t u = 0; u < units; u++) {
		int treat = u % 3 == 0;
		double level = 50 + 40 * lcg_uniform(&seed);

		for (size_t y = 0; y < years; y++, row++) {
			double v = level * (1 + 0.03 * (double)y + (treat && y >= years / 2 ? 0.2 : 0)) *
				   (0.9 + 0.2 * lcg_uniform(&seed));

			if (row == drop_row)
				len += (size_t)snprintf(buf + len, cap - len, "f%zu,%zu,%d,\n", u,
							2000 + y, treat);
			else
				len += (size_t)snprintf(buf + len, cap - len, "f%zu,%zu,%d,%.17g\n", u,
							2000 + y, treat, v);
		}
	}
	return buf;
}

static void test_did_identity(void)
{
	/* balanced: the 2x2 of unit means equals the regression delta */
	for (unsigned long long seed = 1; seed <= 20; seed++) {
		char *csv = random_panel(12 + (size_t)seed, 2 + (size_t)(seed % 5), seed, -1);
		struct table *t = load_text("panel.csv", csv);
		struct result_set *rs = result_set_create();
		struct did_opts o;
		struct diag d;
		double a, b;

		diag_init(&d);
		memset(&o, 0, sizeof o);
		o.value = col(t, "y");
		o.id = col(t, "id");
		o.time = col(t, "year");
		o.treat = col(t, "treat");
		o.post_from = 2000 + (double)((2 + seed % 5) / 2);
		o.pre_from = NAN;
		o.log = (int)(seed % 2);
		o.conf = 0.9;
		CHECK_INT(bench_did(t, &o, NULL, rs, &d), 0);
		a = num(rs, "did", 0, "estimate");
		b = num(rs, "did", 1, "estimate");
		CHECK_REL(a, b, 1e-12);
		CHECK(has_note(rs, "did", "balanced: every unit"));
		result_set_free(rs);
		table_free(t);
		free(csv);
	}
	/* one missing cell: the two estimates part and the note says why */
	{
		char *csv = random_panel(15, 4, 99, 0);
		struct table *t = load_text("panel.csv", csv);
		struct result_set *rs = result_set_create();
		struct did_opts o;
		struct diag d;

		diag_init(&d);
		memset(&o, 0, sizeof o);
		o.value = col(t, "y");
		o.id = col(t, "id");
		o.time = col(t, "year");
		o.treat = col(t, "treat");
		o.post_from = 2002;
		o.pre_from = NAN;
		o.conf = 0.95;
		CHECK_INT(bench_did(t, &o, NULL, rs, &d), 0);
		CHECK(fabs(num(rs, "did", 0, "estimate") - num(rs, "did", 1, "estimate")) > 1e-6);
		CHECK(has_note(rs, "did", "unbalanced: 1 of 15 units"));
		/* --pre-from 2001 leaves 2000 out: the trend table then has one pre time */
		result_set_free(rs);
		rs = result_set_create();
		o.pre_from = 2001;
		CHECK_INT(bench_did(t, &o, NULL, rs, &d), 0);
		CHECK_NAN(num(rs, "did_pretrend", 0, "slope"));
		CHECK_STR(text(rs, "did_pretrend", 0, "note"), "fewer than 2 pre-period times: no trend");
		CHECK(num(rs, "did_trends", 0, "time") == 2001);
		result_set_free(rs);
		table_free(t);
		free(csv);
	}
}

static void test_did_errors(void)
{
	struct did_opts o;
	struct result_set *rs = result_set_create();
	struct table *t;
	struct diag d;

	memset(&o, 0, sizeof o);
	o.post_from = 2;
	o.pre_from = NAN;
	o.conf = 0.95;

	t = load_text("bad.csv", "id,year,treat,y\na,1,1,1\na,2,2,2\nb,1,0,3\nb,2,0,4\n");
	o.value = col(t, "y");
	o.id = col(t, "id");
	o.time = col(t, "year");
	o.treat = col(t, "treat");
	diag_init(&d);
	CHECK_INT(bench_did(t, &o, NULL, rs, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(d.message, "the treatment must be 0 or 1, got 2");
	CHECK_INT(d.line, 3);
	CHECK_STR(d.column, "treat");
	table_free(t);

	t = load_text("switch.csv", "id,year,treat,y\na,1,0,1\na,2,1,2\nb,1,0,3\nb,2,0,4\n");
	diag_init(&d);
	CHECK_INT(bench_did(t, &o, NULL, rs, &d), -1);
	CHECK_STR(d.message, "the treatment changes within id 'a' (lines 2 and 3); it must be "
		  "fixed per unit");
	table_free(t);

	t = load_text("dup.csv", "id,year,treat,y\na,1,1,1\na,2,1,2\nb,2,0,3\nb,1,0,3\nb,2,0,4\n");
	diag_init(&d);
	CHECK_INT(bench_did(t, &o, NULL, rs, &d), -1);
	CHECK_STR(d.message, "duplicate row for id 'b', year 2: lines 4 and 6");
	CHECK_INT(d.line, 6);
	table_free(t);

	t = load_text("nopost.csv", "id,year,treat,y\na,1,1,1\na,2,1,2\nb,1,0,3\nb,2,0,4\n");
	o.post_from = 5;
	diag_init(&d);
	CHECK_INT(bench_did(t, &o, NULL, rs, &d), -1);
	CHECK_STR(d.message, "no usable rows of the control units (treat = 0) in the post period "
		  "(year >= 5)");
	o.post_from = 2;
	o.pre_from = 3;
	diag_init(&d);
	CHECK_INT(bench_did(t, &o, NULL, rs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	o.pre_from = NAN;
	o.treat = col(t, "id");
	diag_init(&d);
	CHECK_INT(bench_did(t, &o, NULL, rs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	table_free(t);

	/* log: rows with y <= 0 are left out and counted */
	t = load_text("log.csv", "id,year,treat,y\na,1,1,1\na,2,1,2\nb,1,0,3\nb,2,0,4\n"
		      "c,1,0,3\nc,2,0,5\nd,1,1,0\nd,2,1,2\ne,1,1,2\ne,2,1,3\n");
	o.value = col(t, "y");
	o.id = col(t, "id");
	o.time = col(t, "year");
	o.treat = col(t, "treat");
	o.log = 1;
	diag_init(&d);
	CHECK_INT(bench_did(t, &o, NULL, rs, &d), 0);
	CHECK(has_warning(rs, "1 row with 'y' <= 0 left out (no logarithm)"));
	/* 2x2: treated changes ln 2, ln 1.5; control ln 4/3, ln 5/3 */
	CHECK_REL(num(rs, "did", 0, "estimate"),
		  (log(2) + log(1.5)) / 2 - (log(4.0 / 3) + log(5.0 / 3)) / 2, 1e-14);
	table_free(t);
	result_set_free(rs);
}

/* ------------------------------------------------------------ the dataset */

/*
 * datasets/sme_panel.csv (datasets/README.md, "Measured facts"). R:
 *   d <- read.csv("datasets/sme_panel.csv")
 *   w <- reshape(d[d$year %in% c(2010, 2013), c("firm_id", "year", "member",
 *                "productivity")], idvar = c("firm_id", "member"),
 *                timevar = "year", direction = "wide")
 *   w <- w[!is.na(w$productivity.2010) & !is.na(w$productivity.2013), ]
 *   ch <- w$productivity.2013 / w$productivity.2010 - 1; m1 <- w$member == 1
 *   mean(ch[m1]) 0.20905053423640377 (275 members)
 *   sum(w$productivity.2013[m1]) / sum(w$productivity.2010[m1]) - 1  0.20182833459572369
 *   dl <- subset(d, year %in% c(2010, 2013) & !is.na(productivity))
 *   coef(lm(log(productivity) ~ member * I(year == 2013), data = dl))[4]
 *     0.14239886863247306 (1305 rows)
 *   lc <- log(w$productivity.2013) - log(w$productivity.2010)
 *   t.test(lc[m1], lc[!m1]): estimate 0.13833510193342011, stderr
 *     0.012264995432090376, df 536.94133181907728
 */
static void test_dataset(void)
{
	struct load_options lo;
	struct table *t;
	struct diag d;

	load_options_init(&lo);
	diag_init(&d);
	t = load_path("datasets/sme_panel.csv", &lo, NULL, &d);
	CHECK(t != NULL);
	if (!t) {
		fprintf(stderr, "run from the repository root: %s\n", d.message);
		return;
	}
	{
		struct result_set *rs = result_set_create();
		struct target_opts o;
		unsigned char *keep = malloc(t->nrows);
		struct selection sel;
		size_t mcol = col(t, "member");

		for (size_t r = 0; r < t->nrows; r++)
			keep[r] = column_value(&t->cols[mcol], r) == 1;
		sel.keep = keep;
		sel.where = "member == 1";
		sel.kept = 0;
		memset(&o, 0, sizeof o);
		o.value = col(t, "productivity");
		o.id = col(t, "firm_id");
		o.time = col(t, "year");
		o.from = "2010";
		o.to = "2013";
		o.target = 0.2;
		o.conf = 0.95;
		CHECK_INT(bench_target(t, &o, &sel, rs, &d), 0);
		CHECK_REL(num(rs, "targets", 0, "mean_change"), 0.20905053423640377, 1e-14);
		CHECK_REL(num(rs, "targets", 0, "ratio_of_means_change"), 0.20182833459572369, 1e-13);
		result_set_free(rs);
		free(keep);
	}
	{
		struct result_set *rs = result_set_create();
		struct did_opts o;
		unsigned char *keep = malloc(t->nrows);
		struct selection sel;
		size_t ycol = col(t, "year");

		for (size_t r = 0; r < t->nrows; r++)
			keep[r] = column_value(&t->cols[ycol], r) == 2010 ||
				  column_value(&t->cols[ycol], r) == 2013;
		sel.keep = keep;
		sel.where = "year in (2010, 2013)";
		sel.kept = 0;
		memset(&o, 0, sizeof o);
		o.value = col(t, "productivity");
		o.id = col(t, "firm_id");
		o.time = ycol;
		o.treat = col(t, "member");
		o.post_from = 2013;
		o.pre_from = NAN;
		o.log = 1;
		o.conf = 0.95;
		CHECK_INT(bench_did(t, &o, &sel, rs, &d), 0);
		CHECK_REL(num(rs, "did", 0, "estimate"), 0.13833510193342011, 1e-12);
		CHECK_REL(num(rs, "did", 0, "se"), 0.012264995432090376, 1e-12);
		CHECK_REL(num(rs, "did", 0, "df"), 536.94133181907728, 1e-12);
		CHECK_REL(num(rs, "did", 1, "estimate"), 0.14239886863247306, 1e-12);
		/* the documented +14.8 % and +15.3 % */
		CHECK_ABS(num(rs, "did", 0, "effect_percent"), 14.8, 0.05);
		CHECK_ABS(num(rs, "did", 1, "effect_percent"), 15.3, 0.05);
		result_set_free(rs);
		free(keep);
	}
	table_free(t);
}

/* ------------------------------------------------------------ provinces */

static const char prov_csv[] =
	"province,x,z\n"
	"Çorum,12.1,3\nÇorum,14.3,5\nÇorum,11.8,\nÇorum,13.0,4\n"
	"Samsun,9.5,2\nSamsun,10.2,2.5\nSamsun,8.7,1\nSamsun,11.1,3\nSamsun,9.9,\n"
	"Trabzon,15.2,6\nTrabzon,18.4,7\nTrabzon,16.1,9\nGaziantep,13.3,\nTrabzon,17.0,\n";

/*
 * R (d <- read.csv(text = prov_csv)), per indicator v with s = rows where v
 * is present:
 *   per province: mean, sd, t.test(y)$conf.int, median;
 *   mean(tapply(s$y, s$province, mean)) (reference), mean(s$y) (pooled)
 *   u <- provinces with >= 2 values (Gaziantep left out)
 *   summary(aov(y ~ province, u)); oneway.test(y ~ province, u);
 *   Levene: aov(abs(y - ave(y, province, FUN = median)) ~ province, u);
 *   kruskal.test(y ~ province, u)
 *   Games-Howell by the formula (posthoc.h) with ptukey/qtukey(0.95, 3, df).
 * p_adj: p.adjust(c(p_x, p_z), "holm").
 */
static void test_provinces_fixture(void)
{
	struct table *t = load_text("prov.csv", prov_csv);
	struct result_set *rs = result_set_create();
	struct provinces_opts o;
	size_t vals[2];
	struct diag d;
	long long v;
	const struct result_table *pb;

	diag_init(&d);
	memset(&o, 0, sizeof o);
	vals[0] = col(t, "x");
	vals[1] = col(t, "z");
	o.values = vals;
	o.nvalues = 2;
	o.province = col(t, "province");
	o.reference = BENCH_REF_PROVINCE_MEANS;
	o.conf = 0.95;
	o.posthoc = POSTHOC_GAMES_HOWELL;
	o.adjust = STATS_ADJUST_HOLM;
	CHECK_INT(bench_provinces(t, &o, NULL, rs, &d), 0);
	pb = result_set_find(rs, "province_benchmark");
	CHECK_INT(rows(rs, "province_benchmark"), 8);
	/* Turkish order: Çorum, Gaziantep, Samsun, Trabzon */
	CHECK_STR(text(rs, "province_benchmark", 0, "province"), "Çorum");
	CHECK_STR(text(rs, "province_benchmark", 3, "province"), "Trabzon");
	CHECK_STR(text(rs, "province_benchmark", 4, "indicator"), "z");
	CHECK_REL(num(rs, "province_benchmark", 0, "mean"), 12.8, 1e-15);
	CHECK_REL(num(rs, "province_benchmark", 0, "sd"), 1.1224972160321827, 1e-14);
	CHECK_REL(num(rs, "province_benchmark", 0, "ci_low"), 11.013856441073568, 1e-13);
	CHECK_REL(num(rs, "province_benchmark", 3, "ci_high"), 18.846596984663645, 1e-13);
	CHECK_REL(num(rs, "province_benchmark", 2, "median"), 9.9, 1e-15);
	CHECK_REL(num(rs, "province_benchmark", 0, "pilot_mean"), 13.16375, 1e-14);
	CHECK_REL(num(rs, "province_benchmark", 4, "pilot_mean"), 4.4861111111111107, 1e-14);
	CHECK_STR(text(rs, "province_benchmark", 0, "reference"), "mean of province means");
	CHECK_REL(num(rs, "province_benchmark", 3, "diff_to_pilot"), 16.675 - 13.16375, 1e-13);
	CHECK_REL(num(rs, "province_benchmark", 2, "diff_pct"),
		  100 * (9.879999999999999 - 13.16375) / 13.16375, 1e-13);
	CHECK_NAN(num(rs, "province_benchmark", 0, "national"));
	/* Gaziantep: one x value (no interval), no z value (no rank) */
	CHECK_NAN(num(rs, "province_benchmark", 1, "ci_low"));
	CHECK_STR(text(rs, "province_benchmark", 1, "note"), "n < 2");
	CHECK_STR(text(rs, "province_benchmark", 5, "note"), "no values");
	CHECK(result_get_integer(pb, 5, (size_t)result_find_column(pb, "rank"), &v) < 0);
	/* ranks of x: Trabzon 16.7, Gaziantep 13.3, Çorum 12.8, Samsun 9.9 */
	result_get_integer(pb, 3, (size_t)result_find_column(pb, "rank"), &v);
	CHECK_INT(v, 1);
	result_get_integer(pb, 1, (size_t)result_find_column(pb, "rank"), &v);
	CHECK_INT(v, 2);
	result_get_integer(pb, 2, (size_t)result_find_column(pb, "rank"), &v);
	CHECK_INT(v, 4);

	/* tests: x rows 0-3, z rows 4-7 */
	CHECK_INT(rows(rs, "tests"), 8);
	CHECK_STR(text(rs, "tests", 0, "test"), "anova_f");
	CHECK_REL(num(rs, "tests", 0, "statistic"), 41.067661281138093, 1e-12);
	CHECK_REL(num(rs, "tests", 0, "p"), 1.5061533664803051e-05, 1e-9);
	CHECK_REL(num(rs, "tests", 0, "effect"), 0.89146399315809866, 1e-12);
	CHECK_REL(num(rs, "tests", 1, "statistic"), 34.879329362626528, 1e-12);
	CHECK_REL(num(rs, "tests", 1, "df2"), 5.9116723605752775, 1e-12);
	CHECK_REL(num(rs, "tests", 2, "statistic"), 0.48929400200642403, 1e-12);
	CHECK_REL(num(rs, "tests", 3, "statistic"), 10.681318681318679, 1e-12);
	CHECK_REL(num(rs, "tests", 7, "p"), 0.021291092985591335, 1e-9);
	CHECK_STR(text(rs, "tests", 0, "note"), "left out (n < 2): Gaziantep");
	/* holm over the two indicators: anova p_x < p_z, so p_adj_x = 2 p_x */
	CHECK_REL(num(rs, "tests", 0, "p_adj"), 2 * 1.5061533664803051e-05, 1e-9);
	CHECK_REL(num(rs, "tests", 4, "p_adj"), 0.0016090585241389749, 1e-9);

	/* Games-Howell pairs in R's order: Samsun-Çorum, Trabzon-Çorum, Trabzon-Samsun */
	CHECK_INT(rows(rs, "posthoc"), 6);
	CHECK_STR(text(rs, "posthoc", 0, "group_a"), "Samsun");
	CHECK_STR(text(rs, "posthoc", 0, "group_b"), "Çorum");
	CHECK_REL(num(rs, "posthoc", 0, "diff"), -2.9200000000000017, 1e-13);
	CHECK_REL(num(rs, "posthoc", 0, "se"), 0.48548944375753433, 1e-13);
	CHECK_REL(num(rs, "posthoc", 0, "df"), 5.6702372835685608, 1e-12);
	CHECK_ABS(num(rs, "posthoc", 0, "p_adj"), 0.014239802656639156, 1e-5);
	CHECK_REL(num(rs, "posthoc", 2, "lwr"), 4.2167895841403435, 1e-5);
	CHECK_ABS(num(rs, "posthoc", 5, "p_adj"), 0.027560864489824977, 1e-5);
	CHECK_STR(text(rs, "posthoc", 5, "variable"), "z");
	result_set_free(rs);

	/* pooled reference, lower is better, national values, Tukey */
	{
		double nat[2] = { 12, NAN };
		int lower[2] = { 1, 0 };

		rs = result_set_create();
		o.reference = BENCH_REF_POOLED;
		o.national = nat;
		o.lower_better = lower;
		o.posthoc = POSTHOC_NONE;
		CHECK_INT(bench_provinces(t, &o, NULL, rs, &d), 0);
		pb = result_set_find(rs, "province_benchmark");
		CHECK_REL(num(rs, "province_benchmark", 0, "pilot_mean"), 12.9, 1e-14);
		CHECK_REL(num(rs, "province_benchmark", 4, "pilot_mean"), 4.25, 1e-14);
		CHECK_REL(num(rs, "province_benchmark", 0, "national"), 12, 0);
		CHECK_REL(num(rs, "province_benchmark", 3, "diff_to_national"), 4.675, 1e-13);
		CHECK_NAN(num(rs, "province_benchmark", 4, "national"));
		CHECK_STR(text(rs, "province_benchmark", 0, "better"), "lower");
		result_get_integer(pb, 2, (size_t)result_find_column(pb, "rank"), &v);
		CHECK_INT(v, 1);
		result_get_integer(pb, 3, (size_t)result_find_column(pb, "rank"), &v);
		CHECK_INT(v, 4);
		CHECK(result_set_find(rs, "posthoc") == NULL);
		result_set_free(rs);
	}

	/* a text indicator is a usage error */
	rs = result_set_create();
	vals[0] = col(t, "province");
	o.nvalues = 1;
	diag_init(&d);
	CHECK_INT(bench_provinces(t, &o, NULL, rs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	CHECK_STR(d.message, "the indicator 'province' is category, not numeric");
	result_set_free(rs);
	table_free(t);
}

static void test_provinces_ties(void)
{
	/* equal means share the smallest rank; one province only: no tests */
	struct table *t = load_text("tie.csv", "province,x\nSamsun,1\nSamsun,3\nTrabzon,2\n"
				    "Trabzon,2\nÇorum,5\nÇorum,6\n");
	struct result_set *rs = result_set_create();
	struct provinces_opts o;
	size_t v0;
	struct diag d;
	long long a, b, c;
	const struct result_table *pb;

	diag_init(&d);
	memset(&o, 0, sizeof o);
	v0 = col(t, "x");
	o.values = &v0;
	o.nvalues = 1;
	o.province = col(t, "province");
	o.conf = 0.95;
	o.posthoc = POSTHOC_TUKEY;
	o.adjust = STATS_ADJUST_HOLM;
	CHECK_INT(bench_provinces(t, &o, NULL, rs, &d), 0);
	pb = result_set_find(rs, "province_benchmark");
	result_get_integer(pb, 0, (size_t)result_find_column(pb, "rank"), &a);
	result_get_integer(pb, 1, (size_t)result_find_column(pb, "rank"), &b);
	result_get_integer(pb, 2, (size_t)result_find_column(pb, "rank"), &c);
	CHECK_INT(a, 1);
	CHECK_INT(b, 2);
	CHECK_INT(c, 2);
	/* one test row each; with one indicator p_adj = p */
	CHECK(num(rs, "tests", 0, "p_adj") == num(rs, "tests", 0, "p"));
	CHECK_INT(rows(rs, "posthoc"), 3);
	CHECK_STR(text(rs, "posthoc", 0, "method"), "tukey_hsd");
	result_set_free(rs);
	table_free(t);

	t = load_text("one.csv", "province,x\nSamsun,1\nSamsun,3\nTrabzon,2\n");
	rs = result_set_create();
	v0 = col(t, "x");
	o.province = col(t, "province");
	CHECK_INT(bench_provinces(t, &o, NULL, rs, &d), 0);
	CHECK_INT(rows(rs, "tests"), 0);
	CHECK(has_note(rs, "tests", "fewer than 2 provinces"));
	result_set_free(rs);
	table_free(t);
}

int main(void)
{
	gsl_set_error_handler_off();
	test_parse_target();
	test_wilson();
	test_target_fixture();
	test_target_small_groups();
	test_target_bootstrap();
	test_target_errors();
	test_did_fixture();
	test_did_identity();
	test_did_errors();
	test_dataset();
	test_provinces_fixture();
	test_provinces_ties();
	return tc_summary("test_bench_programme");
}
