/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_corr: Pearson, Spearman and Kendall against R's cor.test, brute force and edge cases. */
#include "clusterbench/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "tcheck.h"

/* Tolerances: estimates and statistics to near double precision; p-values
 * through GSL's CDFs, which agree with R's to ~1e-12 relative here. */
#define TOL_R 1e-13
#define TOL_STAT 1e-12
#define TOL_P 1e-9

/*
 * R fixtures (R 4.2.2). The exact calls:
 *   x <- c(3.1, 4.5, 4.5, 2.2, 5.0, 6.3, 6.3, 6.3, 7.9, 1.4, 8.8, 5.0, 9.6, 3.1, 7.2)
 *   y <- c(10.2, 12.9, 11.5, 9.9, 14.1, 13.0, 15.2, 13.0, 18.4, 8.1, 17.7, 12.9, 16.0, 11.5, 15.2)
 *   cor.test(x, y, method = "pearson")                       # and conf.level = 0.90
 *   cor.test(x, y, method = "spearman", exact = FALSE)
 *   cor.test(x, y, method = "kendall", exact = FALSE)
 *   yn <- -y^2; the same three with yn
 *   a <- c(1, 2, 3); b <- c(2, 1, 4); the same three with (a, b)
 *   i <- 0:1999; bx <- (i * 37) %% 17; by <- (i * 53) %% 23 + bx   # 17 and 39 distinct values
 *   the same three with (bx, by)
 * printed with sprintf("%.17g", ...) of estimate, statistic, p.value, conf.int.
 */
static const double fx[15] = {3.1, 4.5, 4.5, 2.2, 5.0, 6.3, 6.3, 6.3, 7.9, 1.4, 8.8, 5.0, 9.6,
			      3.1, 7.2};
static const double fy[15] = {10.2, 12.9, 11.5, 9.9, 14.1, 13.0, 15.2, 13.0, 18.4, 8.1, 17.7, 12.9,
			      16.0, 11.5, 15.2};

struct want {
	double r, stat, p, lo, hi; /* lo/hi NAN = no interval */
};

static void check_corr(const char *what, const struct stats_corr *c, const struct want *w)
{
	if (fabs(c->r - w->r) > TOL_R * fabs(w->r))
		TC_FAIL("%s: r %.17g, want %.17g", what, c->r, w->r);
	else
		tc_passed++;
	CHECK_REL(c->statistic, w->stat, TOL_STAT);
	CHECK_REL(c->p, w->p, TOL_P);
	if (isnan(w->lo)) {
		CHECK_NAN(c->ci_low);
		CHECK_NAN(c->ci_high);
	} else {
		CHECK_REL(c->ci_low, w->lo, TOL_STAT);
		CHECK_REL(c->ci_high, w->hi, TOL_STAT);
	}
}

static void test_fixture(void)
{
	static const struct want pearson = {0.91959979601913866, 8.4398867588121114,
		1.23855388452912e-06, 0.77012495824516758, 0.97334322269509932};
	static const struct want pearson90 = {0.91959979601913866, 8.4398867588121114,
		1.23855388452912e-06, 0.80462699240534974, 0.96810923068641386};
	static const struct want spearman = {0.95401611463252933, 25.750975805783572,
		3.5663160987924409e-08, NAN, NAN};
	static const struct want kendall = {0.86004300322526883, 4.3113579382366041,
		1.6225500462032291e-05, NAN, NAN};
	static const struct want neg_pearson = {-0.90118822196522086, -7.4967023623050766,
		4.5210737758934411e-06, -0.96702744671803287, -0.72243325036895589};
	static const struct want neg_spearman = {-0.95401611463252933, 1094.2490241942164,
		3.5663160987925031e-08, NAN, NAN};
	static const struct want neg_kendall = {-0.86004300322526883, -4.3113579382366041,
		1.6225500462032291e-05, NAN, NAN};
	double yn[15];
	struct stats_corr c;
	struct diag d;
	size_t i;

	diag_init(&d);
	CHECK_INT(stats_pearson(fx, fy, 15, 0.95, &c, &d), 0);
	check_corr("pearson", &c, &pearson);
	CHECK_INT(c.n, 15);
	CHECK_REL(c.df, 13.0, 0);
	CHECK(c.why == NULL);
	CHECK_INT(stats_pearson(fx, fy, 15, 0.90, &c, &d), 0);
	check_corr("pearson90", &c, &pearson90);
	CHECK_INT(stats_spearman(fx, fy, 15, 0.95, &c, &d), 0);
	check_corr("spearman", &c, &spearman);
	CHECK_NAN(c.df);
	CHECK_STR(c.why, "no interval for spearman");
	CHECK_INT(stats_kendall(fx, fy, 15, 0.95, &c, &d), 0);
	check_corr("kendall", &c, &kendall);
	CHECK_NAN(c.df);
	CHECK_STR(c.why, "no interval for kendall");

	for (i = 0; i < 15; i++)
		yn[i] = -fy[i] * fy[i];
	CHECK_INT(stats_pearson(fx, yn, 15, 0.95, &c, &d), 0);
	check_corr("neg pearson", &c, &neg_pearson);
	CHECK_INT(stats_spearman(fx, yn, 15, 0.95, &c, &d), 0);
	check_corr("neg spearman", &c, &neg_spearman);
	CHECK_INT(stats_kendall(fx, yn, 15, 0.95, &c, &d), 0);
	check_corr("neg kendall", &c, &neg_kendall);
	CHECK(!diag_failed(&d));
}

static void test_three(void)
{
	static const double a[3] = {1, 2, 3}, b[3] = {2, 1, 4};
	static const struct want pearson = {0.65465367070797709, 0.86602540378443849,
		0.54562894834299014, NAN, NAN};
	static const struct want spearman = {0.5, 2, 0.66666666666666674, NAN, NAN};
	static const struct want kendall = {0.33333333333333337, 0.5222329678670935,
		0.60150813444058993, NAN, NAN};
	struct stats_corr c;
	struct diag d;

	diag_init(&d);
	CHECK_INT(stats_pearson(a, b, 3, 0.95, &c, &d), 0);
	check_corr("n3 pearson", &c, &pearson);
	CHECK_STR(c.why, "confidence interval needs at least 4 pairs");
	CHECK_INT(stats_spearman(a, b, 3, 0.95, &c, &d), 0);
	check_corr("n3 spearman", &c, &spearman);
	CHECK_INT(stats_kendall(a, b, 3, 0.95, &c, &d), 0);
	check_corr("n3 kendall", &c, &kendall);
}

/* The 2000-point tied data of the fixture comment, in exact integer arithmetic. */
static void big_tied(double *bx, double *by)
{
	long i;

	for (i = 0; i < 2000; i++) {
		bx[i] = (double)((i * 37) % 17);
		by[i] = (double)((i * 53) % 23) + bx[i];
	}
}

static void test_big_tied(void)
{
	static const struct want kendall = {0.42057289921025026, 26.971767327416014,
		3.1694135054650136e-160, NAN, NAN};
	static const struct want spearman = {0.5759864954967201, 565351197.99987173,
		3.9626681135911575e-177, NAN, NAN};
	static const struct want pearson = {0.59526328913376647, 33.113444359039534,
		4.6929756080680613e-192, 0.56620518490392935, 0.62284364247487467};
	double *bx = malloc(2000 * sizeof *bx), *by = malloc(2000 * sizeof *by);
	struct stats_corr c;
	struct diag d;

	CHECK(bx && by);
	if (!bx || !by) {
		free(bx);
		free(by);
		return;
	}
	big_tied(bx, by);
	diag_init(&d);
	CHECK_INT(stats_kendall(bx, by, 2000, 0.95, &c, &d), 0);
	check_corr("big kendall", &c, &kendall);
	CHECK_INT(stats_spearman(bx, by, 2000, 0.95, &c, &d), 0);
	check_corr("big spearman", &c, &spearman);
	CHECK_INT(stats_pearson(bx, by, 2000, 0.95, &c, &d), 0);
	check_corr("big pearson", &c, &pearson);
	free(bx);
	free(by);
}

/* Small deterministic generator for the brute-force checks. */
static unsigned long long rng_state = 20110222ULL;

static unsigned rng_next(unsigned m)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % m);
}

/* tau-b by the O(n^2) definition, independent of Knight's algorithm. */
static double tau_b_brute(const double *x, const double *y, size_t n)
{
	double nc = 0, nd = 0, tx = 0, ty = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			double s = (x[i] - x[j]) * (y[i] - y[j]);

			if (s > 0)
				nc++;
			else if (s < 0)
				nd++;
			else if (x[i] != x[j])
				ty++; /* tied in y only */
			else if (y[i] != y[j])
				tx++; /* tied in x only */
		}
	}
	return (nc - nd) / sqrt((nc + nd + tx) * (nc + nd + ty));
}

/* Spearman by mid-ranks counted in O(n^2), then the textbook Pearson formula. */
static double rho_brute(const double *x, const double *y, size_t n)
{
	double *rx = malloc(n * sizeof *rx), *ry = malloc(n * sizeof *ry);
	double mx = (n + 1) / 2.0, sxy = 0, sxx = 0, syy = 0;
	size_t i, j;

	if (!rx || !ry) {
		free(rx);
		free(ry);
		return NAN;
	}
	for (i = 0; i < n; i++) {
		double lx = 0, ex = 0, ly = 0, ey = 0;

		for (j = 0; j < n; j++) {
			lx += x[j] < x[i];
			ex += x[j] == x[i];
			ly += y[j] < y[i];
			ey += y[j] == y[i];
		}
		rx[i] = lx + (ex + 1) / 2;
		ry[i] = ly + (ey + 1) / 2;
	}
	for (i = 0; i < n; i++) {
		sxy += (rx[i] - mx) * (ry[i] - mx);
		sxx += (rx[i] - mx) * (rx[i] - mx);
		syy += (ry[i] - mx) * (ry[i] - mx);
	}
	free(rx);
	free(ry);
	return sxy / sqrt(sxx * syy);
}

static void test_brute(void)
{
	enum { N = 1500 };
	double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
	struct stats_corr c;
	struct diag d;
	size_t i, n;

	CHECK(x && y);
	if (!x || !y) {
		free(x);
		free(y);
		return;
	}
	diag_init(&d);
	/* heavy ties, light ties, no ties (continuous-like values) */
	for (n = 3; n <= N; n = n * 3 + 7) {
		unsigned levels[3] = {5, 60, 1000000};
		int t;

		for (t = 0; t < 3; t++) {
			for (i = 0; i < n; i++) {
				x[i] = rng_next(levels[t]);
				y[i] = 0.5 * x[i] + rng_next(levels[t]);
			}
			CHECK_INT(stats_kendall(x, y, n, 0.95, &c, &d), 0);
			if (isnan(c.r)) {
				CHECK_STR(c.why, "zero variance");
				continue;
			}
			CHECK_ABS(c.r, tau_b_brute(x, y, n), 1e-13);
			CHECK_INT(stats_spearman(x, y, n, 0.95, &c, &d), 0);
			CHECK_ABS(c.r, rho_brute(x, y, n), 1e-13);
		}
	}
	CHECK(!diag_failed(&d));
	free(x);
	free(y);
}

/* Large n: Knight's algorithm must be O(n log n); checks symmetry and sign flips. */
static void test_large(void)
{
	enum { N = 300000 };
	double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
	struct stats_corr c1, c2, c3;
	struct diag d;
	size_t i;

	CHECK(x && y);
	if (!x || !y) {
		free(x);
		free(y);
		return;
	}
	for (i = 0; i < N; i++) {
		x[i] = rng_next(1000);
		y[i] = x[i] + rng_next(3000);
	}
	diag_init(&d);
	CHECK_INT(stats_kendall(x, y, N, 0.95, &c1, &d), 0);
	CHECK_INT(stats_kendall(y, x, N, 0.95, &c2, &d), 0);
	for (i = 0; i < N; i++)
		y[i] = -y[i];
	CHECK_INT(stats_kendall(x, y, N, 0.95, &c3, &d), 0);
	CHECK(c1.r > 0.1 && c1.r < 0.5);
	CHECK_REL(c2.r, c1.r, 1e-15);
	CHECK_REL(c3.r, -c1.r, 1e-15);
	CHECK_REL(c3.statistic, -c1.statistic, 1e-15);
	CHECK_INT(c1.n, N);
	free(x);
	free(y);
}

static void test_edges(void)
{
	static const double two[2] = {1, 2}, x5[5] = {1, 2, 3, 4, 5}, c5[5] = {7, 7, 7, 7, 7};
	double y5[5], bad[5] = {1, 2, NAN, 4, 5};
	struct stats_corr c;
	struct diag d;
	size_t i;

	diag_init(&d);
	CHECK_INT(stats_pearson(two, two, 2, 0.95, &c, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(d.message, "correlation needs at least 3 pairs, got 2");
	CHECK_INT(c.n, 0);
	diag_init(&d);
	CHECK_INT(stats_kendall(two, two, 2, 0.95, &c, &d), -1);
	CHECK_STR(d.message, "correlation needs at least 3 pairs, got 2");
	diag_init(&d);
	CHECK_INT(stats_spearman(x5, x5, 0, 0.95, &c, &d), -1);
	CHECK_STR(d.message, "correlation needs at least 3 pairs, got 0");

	diag_init(&d);
	CHECK_INT(stats_spearman(x5, bad, 5, 0.95, &c, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(d.message, "correlation: non-finite value in pair 3");
	diag_init(&d);
	CHECK_INT(stats_pearson(x5, x5, 5, 1.0, &c, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	CHECK_STR(d.message, "confidence level must be between 0 and 1, got 1");

	/* zero variance: defined failure, not an error */
	diag_init(&d);
	CHECK_INT(stats_pearson(x5, c5, 5, 0.95, &c, &d), 0);
	CHECK_NAN(c.r);
	CHECK_NAN(c.statistic);
	CHECK_NAN(c.p);
	CHECK_NAN(c.ci_low);
	CHECK_STR(c.why, "zero variance");
	CHECK_INT(stats_spearman(c5, x5, 5, 0.95, &c, &d), 0);
	CHECK_NAN(c.r);
	CHECK_STR(c.why, "zero variance");
	CHECK_INT(stats_kendall(x5, c5, 5, 0.95, &c, &d), 0);
	CHECK_NAN(c.r);
	CHECK_NAN(c.p);
	CHECK_STR(c.why, "zero variance");
	CHECK(!diag_failed(&d));

	/* perfect correlation: infinite t is NAN with a reason, p = 0, interval [1, 1] */
	for (i = 0; i < 5; i++)
		y5[i] = 2 * x5[i] + 1;
	CHECK_INT(stats_pearson(x5, y5, 5, 0.95, &c, &d), 0);
	CHECK_REL(c.r, 1.0, 0);
	CHECK_NAN(c.statistic);
	CHECK_REL(c.p, 0.0, 0);
	CHECK_REL(c.ci_low, 1.0, 0);
	CHECK_REL(c.ci_high, 1.0, 0);
	CHECK_STR(c.why, "perfect correlation: t is infinite");
	/* Spearman S for rho = -1 is (n^3 - n)/3 = 40, p = 0; tau-b = -1 */
	for (i = 0; i < 5; i++)
		y5[i] = -y5[i];
	CHECK_INT(stats_spearman(x5, y5, 5, 0.95, &c, &d), 0);
	CHECK_REL(c.r, -1.0, 0);
	CHECK_REL(c.statistic, 40.0, 1e-15);
	CHECK_REL(c.p, 0.0, 0);
	CHECK_INT(stats_kendall(x5, y5, 5, 0.95, &c, &d), 0);
	CHECK_REL(c.r, -1.0, 1e-15);
}

int main(void)
{
	gsl_set_error_handler_off();
	test_fixture();
	test_three();
	test_big_tied();
	test_brute();
	test_large();
	test_edges();
	return tc_summary("test_corr");
}
