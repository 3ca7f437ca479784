/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_bench_composite: normalisations, aggregations, the composite index and its Monte Carlo. */
#include "clusterbench/bench_peers.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/load.h"
#include "tcheck.h"

#define TOL 1e-13

/* ------------------------------------------------------------ normalisation */

static void test_normalise_hand(void)
{
	/*
	 * x = 2, 4, NA, 10.
	 * minmax [0, 100], dir +1: min 2, max 10, range 8:
	 *   (2-2)/8 = 0, (4-2)/8 = 25 %, NA, (10-2)/8 = 100 %.
	 * dir -1: d = -2, -4, NA, -10; min -10, max -2:
	 *   (-2+10)/8 = 100, (-4+10)/8 = 75, NA, 0.
	 * minmax [1, 100]: 1 + 99 * (0, .25, 1) = 1, 25.75, NA, 100.
	 * zscore: mean 16/3; deviations -10/3, -4/3, 14/3; ssd = (100 + 16 +
	 *   196)/9 = 312/9; var = 156/9; sd = sqrt(156)/3;
	 *   z = (-10/3)/(sqrt(156)/3) = -10/sqrt(156), -4/sqrt(156), 14/sqrt(156).
	 * rank: at or below: 2 -> 1 of 3, 4 -> 2 of 3, 10 -> 3 of 3:
	 *   33.33, 66.67, NA, 100.
	 * target 8, [0, 100]: (d - 2)/(8 - 2): 0, 2/6, NA, 8/6 capped at 1:
	 *   0, 33.33, NA, 100.
	 * target 3 with dir -1 (lower is better, 3 is the goal): d = -x, T = -3,
	 *   min d = -10: (d + 10)/(-3 + 10) = 8/7, 6/7, NA, 0 -> capped:
	 *   100, 85.71, NA, 0.
	 */
	const double x[4] = { 2, 4, NAN, 10 };
	double out[4];
	const char *why = "x";
	const double s156 = sqrt(156.0);

	CHECK_INT(bench_normalise(x, 4, 1, BENCH_NORM_MINMAX, 0, 100, NAN, out, &why, NULL), 0);
	CHECK(why == NULL);
	CHECK_REL(out[0], 0, TOL);
	CHECK_REL(out[1], 25, TOL);
	CHECK_NAN(out[2]);
	CHECK_REL(out[3], 100, TOL);
	CHECK_INT(bench_normalise(x, 4, -1, BENCH_NORM_MINMAX, 0, 100, NAN, out, &why, NULL), 0);
	CHECK_REL(out[0], 100, TOL);
	CHECK_REL(out[1], 75, TOL);
	CHECK_NAN(out[2]);
	CHECK_REL(out[3], 0, TOL);
	CHECK_INT(bench_normalise(x, 4, 1, BENCH_NORM_MINMAX, 1, 100, NAN, out, &why, NULL), 0);
	CHECK_REL(out[0], 1, TOL);
	CHECK_REL(out[1], 25.75, TOL);
	CHECK_REL(out[3], 100, TOL);
	CHECK_INT(bench_normalise(x, 4, 1, BENCH_NORM_ZSCORE, 0, 0, NAN, out, &why, NULL), 0);
	CHECK_REL(out[0], -10 / s156, TOL);
	CHECK_REL(out[1], -4 / s156, TOL);
	CHECK_NAN(out[2]);
	CHECK_REL(out[3], 14 / s156, TOL);
	CHECK_INT(bench_normalise(x, 4, -1, BENCH_NORM_ZSCORE, 0, 0, NAN, out, &why, NULL), 0);
	CHECK_REL(out[0], 10 / s156, TOL);
	CHECK_REL(out[3], -14 / s156, TOL);
	CHECK_INT(bench_normalise(x, 4, 1, BENCH_NORM_RANK, 0, 0, NAN, out, &why, NULL), 0);
	CHECK_REL(out[0], 100.0 / 3, TOL);
	CHECK_REL(out[1], 200.0 / 3, TOL);
	CHECK_NAN(out[2]);
	CHECK_REL(out[3], 100, TOL);
	CHECK_INT(bench_normalise(x, 4, 1, BENCH_NORM_TARGET, 0, 100, 8, out, &why, NULL), 0);
	CHECK_REL(out[0], 0, TOL);
	CHECK_REL(out[1], 100.0 / 3, TOL);
	CHECK_NAN(out[2]);
	CHECK_REL(out[3], 100, TOL);
	CHECK_INT(bench_normalise(x, 4, -1, BENCH_NORM_TARGET, 0, 100, 3, out, &why, NULL), 0);
	CHECK_REL(out[0], 100, TOL);
	CHECK_REL(out[1], 600.0 / 7, TOL);
	CHECK_REL(out[3], 0, TOL);
}

static void test_normalise_ties_and_edges(void)
{
	/* rank with ties: 1, 1, 2 -> at or below: 2, 2, 3 of 3 -> 66.67, 66.67, 100 */
	const double t[3] = { 1, 1, 2 };
	const double c[3] = { 5, 5, NAN };
	const double one[2] = { NAN, 7 };
	const double none[2] = { NAN, NAN };
	double out[3];
	const char *why;
	struct diag d;

	CHECK_INT(bench_normalise(t, 3, 1, BENCH_NORM_RANK, 0, 0, NAN, out, &why, NULL), 0);
	CHECK_REL(out[0], 200.0 / 3, TOL);
	CHECK_REL(out[1], 200.0 / 3, TOL);
	CHECK_REL(out[2], 100, TOL);
	/* a constant indicator: min-max and z-score undefined, every out missing */
	CHECK_INT(bench_normalise(c, 3, 1, BENCH_NORM_MINMAX, 0, 100, NAN, out, &why, NULL), 0);
	CHECK_STR(why, "constant");
	CHECK_NAN(out[0]);
	CHECK_NAN(out[1]);
	CHECK_INT(bench_normalise(c, 3, 1, BENCH_NORM_ZSCORE, 0, 0, NAN, out, &why, NULL), 0);
	CHECK_STR(why, "constant");
	CHECK_NAN(out[0]);
	/* but rank is defined: both at or below each other: 100 */
	CHECK_INT(bench_normalise(c, 3, 1, BENCH_NORM_RANK, 0, 0, NAN, out, &why, NULL), 0);
	CHECK(why == NULL);
	CHECK_REL(out[0], 100, TOL);
	CHECK_NAN(out[2]);
	CHECK_INT(bench_normalise(one, 2, 1, BENCH_NORM_ZSCORE, 0, 0, NAN, out, &why, NULL), 0);
	CHECK_STR(why, "fewer than 2 values");
	diag_init(&d);
	CHECK_INT(bench_normalise(none, 2, 1, BENCH_NORM_MINMAX, 0, 100, NAN, out, &why, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(d.message, "no values");
	/* a target no better than the worst value (2) */
	diag_init(&d);
	CHECK_INT(bench_normalise(t, 3, 1, BENCH_NORM_TARGET, 0, 100, 1, out, &why, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	CHECK_STR(d.message, "the target 1 is not better than the worst value 1");
	diag_init(&d);
	CHECK_INT(bench_normalise(t, 3, 1, BENCH_NORM_TARGET, 0, 100, NAN, out, &why, &d), -1);
	CHECK_STR(d.message, "no target");
	diag_init(&d);
	CHECK_INT(bench_normalise(t, 3, 1, BENCH_NORM_MINMAX, 5, 5, NAN, out, &why, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	{
		const double inf[2] = { 1, INFINITY };

		diag_init(&d);
		CHECK_INT(bench_normalise(inf, 2, 1, BENCH_NORM_RANK, 0, 0, NAN, out, &why, &d), -1);
		CHECK_INT(d.code, DIAG_DATA);
	}
}

/* ------------------------------------------------------------ aggregation */

static void test_aggregate_hand(void)
{
	/*
	 * x = 50, NA, 20 with w = 1, 1, 2: the NA is left out and the weights
	 * 1 and 2 rescaled to 1/3, 2/3.
	 *   arithmetic (50 + 2*20)/3 = 30
	 *   geometric  exp((ln 50 + 2 ln 20)/3) = (50 * 400)^(1/3) = 20000^(1/3)
	 *   harmonic   3 / (1/50 + 2/20) = 3 / 0.12 = 25
	 */
	const double x[3] = { 50, NAN, 20 };
	const double w[3] = { 1, 1, 2 };
	const double zero[2] = { 0, 10 };
	const double ww[2] = { 1, 1 };
	const double w0[2] = { 0, 1 };
	const double nov[2] = { NAN, NAN };
	size_t used = 99, bad = 99;
	const char *why = "x";

	CHECK_REL(bench_aggregate(x, w, 3, BENCH_AGG_ARITHMETIC, &used, &why, &bad), 30, TOL);
	CHECK_INT(used, 2);
	CHECK(why == NULL);
	CHECK_INT(bad, 3);
	CHECK_REL(bench_aggregate(x, w, 3, BENCH_AGG_GEOMETRIC, &used, &why, &bad), cbrt(20000.0),
		  TOL);
	CHECK_REL(bench_aggregate(x, w, 3, BENCH_AGG_HARMONIC, &used, &why, &bad), 25, TOL);
	/* a zero refuses geometric and harmonic, naming the component */
	CHECK_NAN(bench_aggregate(zero, ww, 2, BENCH_AGG_GEOMETRIC, &used, &why, &bad));
	CHECK_STR(why, "value <= 0");
	CHECK_INT(bad, 0);
	CHECK_NAN(bench_aggregate(zero, ww, 2, BENCH_AGG_HARMONIC, &used, &why, &bad));
	CHECK_INT(bad, 0);
	CHECK_REL(bench_aggregate(zero, ww, 2, BENCH_AGG_ARITHMETIC, &used, &why, &bad), 5, TOL);
	/* a zero with weight 0 is not used, so it does not refuse */
	CHECK_REL(bench_aggregate(zero, w0, 2, BENCH_AGG_GEOMETRIC, &used, &why, &bad), 10, TOL);
	CHECK_INT(used, 1);
	CHECK_NAN(bench_aggregate(nov, ww, 2, BENCH_AGG_ARITHMETIC, &used, &why, NULL));
	CHECK_STR(why, "no indicator values");
	CHECK_INT(used, 0);
	{
		const double x1[2] = { 3, NAN };

		CHECK_NAN(bench_aggregate(x1, w0, 2, BENCH_AGG_ARITHMETIC, &used, &why, NULL));
		CHECK_STR(why, "zero weights");
	}
}

static void test_names(void)
{
	enum bench_norm m;
	enum bench_agg a;

	CHECK_INT(bench_norm_from_name("zscore", &m), 0);
	CHECK_INT(m, BENCH_NORM_ZSCORE);
	CHECK_INT(bench_norm_from_name("z", &m), -1);
	CHECK_STR(bench_norm_name(BENCH_NORM_TARGET), "target");
	CHECK_INT(bench_agg_from_name("harmonic", &a), 0);
	CHECK_INT(a, BENCH_AGG_HARMONIC);
	CHECK_INT(bench_agg_from_name("mean", &a), -1);
	CHECK_STR(bench_agg_name(BENCH_AGG_GEOMETRIC), "geometric");
}

/* ------------------------------------------------------------ base-R cross-check */

/*
 * Six units, three indicators (c is a cost: lower is better), weights
 * 2, 1, 1, one missing value in b and one in c. Reference values from base R
 * 4.x (Rscript), code:
 *
 *   X <- cbind(a = c(10, 20, 15, 40, 25, 30),
 *              b = c(5.0, NA, 3.0, 8.0, 6.5, 2.0),
 *              c = c(200, 150, 400, 100, NA, 300))
 *   dir <- c(1, 1, -1); w <- c(2, 1, 1); tgt <- c(35, 7, 120)
 *   D <- sweep(X, 2, dir, "*")
 *   mm <- function(d, l, u) l + (u - l) * (d - min(d, na.rm = TRUE)) /
 *           (max(d, na.rm = TRUE) - min(d, na.rm = TRUE))
 *   zs <- function(d) (d - mean(d, na.rm = TRUE)) / sd(d, na.rm = TRUE)
 *   pr <- function(d) 100 * rank(d, ties.method = "max", na.last = "keep") / sum(!is.na(d))
 *   tg <- function(d, t, l, u) l + (u - l) * pmin(1, (d - min(d, na.rm = TRUE)) /
 *           (t - min(d, na.rm = TRUE)))
 *   ar <- function(N) apply(N, 1, function(x) { k <- !is.na(x); sum(w[k] * x[k]) / sum(w[k]) })
 *   ge <- function(N) apply(N, 1, function(x) { k <- !is.na(x);
 *           exp(sum(w[k] * log(x[k])) / sum(w[k])) })
 *   ha <- function(N) apply(N, 1, function(x) { k <- !is.na(x); sum(w[k]) / sum(w[k] / x[k]) })
 *   N1 <- apply(D, 2, mm, 0, 100)    # minmax [0, 100], arithmetic: ar(N1)
 *   N2 <- apply(D, 2, mm, 1, 100)    # minmax [1, 100], geometric:  ge(N2)
 *   N3 <- apply(D, 2, zs)            # zscore, arithmetic:          ar(N3)
 *   N4 <- apply(D, 2, pr)            # percentile rank, harmonic:   ha(N4)
 *   N5 <- sapply(1:3, function(j) tg(D[, j], dir[j] * tgt[j], 0, 100))  # target: ar(N5)
 *   sprintf("%.17g", t(N1)); sprintf("%.17g", ar(N1)); rank(-ar(N1), ties.method = "min")
 */
static const double rx[18] = {
	10, 5.0, 200,
	20, NAN, 150,
	15, 3.0, 400,
	40, 8.0, 100,
	25, 6.5, NAN,
	30, 2.0, 300,
};
static const int rdir[3] = { 1, 1, -1 };
static const double rw[3] = { 2, 1, 1 };
static const double rtarget[3] = { 35, 7, 120 };

struct rcase {
	enum bench_norm norm;
	enum bench_agg agg;
	double lo, hi;
	double norm_out[18];
	double score[6];
	int rank[6];
};

static const struct rcase rcases[] = {
	{ BENCH_NORM_MINMAX, BENCH_AGG_ARITHMETIC, 0, 100,
	  { 0, 50, 66.666666666666671, 33.333333333333336, NAN, 83.333333333333329,
	    16.666666666666668, 16.666666666666668, 0, 100, 100, 100, 50, 75, NAN,
	    66.666666666666671, 0, 33.333333333333336 },
	  { 29.166666666666668, 50, 12.5, 100, 58.333333333333336, 41.666666666666671 },
	  { 5, 3, 6, 1, 2, 4 } },
	{ BENCH_NORM_MINMAX, BENCH_AGG_GEOMETRIC, 1, 100,
	  { 1, 50.5, 67, 34, NAN, 83.5, 17.5, 17.5, 1, 100, 100, 100, 50.5, 75.25, NAN, 67, 1,
	    34 },
	  { 7.6267857280581515, 45.872045163545891, 8.5561528926107702, 100.00000000000004,
	    57.680597899780544, 19.7654693077254 },
	  { 6, 3, 5, 1, 2, 4 } },
	{ BENCH_NORM_ZSCORE, BENCH_AGG_ARITHMETIC, 0, 100,
	  { -1.2344267996967353, 0.040655781409086947, 0.24913643956121992,
	    -0.30860669992418371, NAN, 0.66436383882991978, -0.77151674981045948,
	    -0.77245984677265478, -1.4117731575135795, 1.5430334996209192, 1.2603292236816996,
	    1.0795912380986197, 0.15430334996209202, 0.65049250254539326, NAN,
	    0.61721339984836776, -1.1790176608635257, -0.58131835897617978 },
	  { -0.54476534460579096, 0.015716812993850787, -0.93181662597678827,
	    1.3564968652555394, 0.31969973415652575, -0.13147730503574248 },
	  { 5, 3, 6, 1, 2, 4 } },
	{ BENCH_NORM_RANK, BENCH_AGG_HARMONIC, 0, 100,
	  { 16.666666666666668, 60, 60, 50, NAN, 80, 33.333333333333336, 40, 20, 100, 100, 100,
	    66.666666666666671, 80, NAN, 83.333333333333329, 20, 40 },
	  { 26.086956521739133, 57.142857142857139, 29.629629629629626, 100, 70.588235294117652,
	    40.404040404040401 },
	  { 6, 3, 5, 1, 2, 4 } },
	{ BENCH_NORM_TARGET, BENCH_AGG_ARITHMETIC, 0, 100,
	  { 0, 60, 71.428571428571431, 40, NAN, 89.285714285714292, 20, 20, 0, 100, 100, 100, 60,
	    90, NAN, 80, 0, 35.714285714285715 },
	  { 32.857142857142861, 56.428571428571423, 15, 100, 70, 48.928571428571431 },
	  { 5, 3, 6, 1, 2, 4 } },
};

static double worst_err = 0;

static void track(double got, double want)
{
	double e = fabs(got - want) / (fabs(want) > 0 ? fabs(want) : 1.0);

	if (e > worst_err)
		worst_err = e;
}

static void test_composite_r(void)
{
	for (size_t c = 0; c < sizeof rcases / sizeof rcases[0]; c++) {
		const struct rcase *rc = &rcases[c];
		struct composite_spec s = { 3, rdir, rw, rc->norm, rc->agg, rc->lo, rc->hi,
					    rtarget, NULL, NULL };
		double norm[18], score[6], rank[6];
		size_t used[6], idx[12];
		const char *why[6];
		unsigned char dropped[3];
		struct diag d;

		diag_init(&d);
		CHECK_INT(bench_composite_scores(&s, rx, 6, norm, score, used, why, dropped, &d), 0);
		for (size_t i = 0; i < 18; i++) {
			if (isnan(rc->norm_out[i])) {
				CHECK_NAN(norm[i]);
			} else {
				CHECK_REL(norm[i], rc->norm_out[i], TOL);
				track(norm[i], rc->norm_out[i]);
			}
		}
		bench_rank_min(score, 6, 1, idx, rank);
		for (size_t i = 0; i < 6; i++) {
			CHECK_REL(score[i], rc->score[i], TOL);
			track(score[i], rc->score[i]);
			CHECK_INT((int)rank[i], rc->rank[i]);
			CHECK(why[i] == NULL);
		}
		/* unit 2 has no b, unit 5 no c: two components each */
		CHECK_INT(used[0], 3);
		CHECK_INT(used[1], 2);
		CHECK_INT(used[4], 2);
		CHECK(!dropped[0] && !dropped[1] && !dropped[2]);
	}
	printf("test_bench_composite: worst relative error against R: %.3g\n", worst_err);
}

static void test_composite_refusal(void)
{
	/* minmax [0, 100] gives the worst unit a 0: geometric refuses, naming it */
	const char *units[6] = { "U1", "U2", "U3", "U4", "U5", "U6" };
	const char *inds[3] = { "a", "b", "c" };
	struct composite_spec s = { 3, rdir, rw, BENCH_NORM_MINMAX, BENCH_AGG_GEOMETRIC, 0, 100,
				    NULL, units, inds };
	double norm[18], score[6];
	struct diag d;

	diag_init(&d);
	CHECK_INT(bench_composite_scores(&s, rx, 6, norm, score, NULL, NULL, NULL, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(d.message, "geometric aggregation needs values > 0: unit 'U1', indicator 'a' "
		  "is 0 after minmax normalisation (a range above 0 avoids this: --range 1,100)");
	/* weights: negative or all zero are usage errors */
	{
		const double neg[3] = { 1, -1, 1 }, zero[3] = { 0, 0, 0 };

		s.agg = BENCH_AGG_ARITHMETIC;
		s.weights = neg;
		diag_init(&d);
		CHECK_INT(bench_composite_scores(&s, rx, 6, norm, score, NULL, NULL, NULL, &d), -1);
		CHECK_INT(d.code, DIAG_USAGE);
		s.weights = zero;
		diag_init(&d);
		CHECK_INT(bench_composite_scores(&s, rx, 6, norm, score, NULL, NULL, NULL, &d), -1);
		CHECK_STR(d.message, "the weights are all 0");
	}
	/* an indicator without values names the indicator */
	{
		const double xx[4] = { 1, NAN, 2, NAN };
		const int dir2[2] = { 1, 1 };

		struct composite_spec s2 = { 2, dir2, NULL, BENCH_NORM_MINMAX, BENCH_AGG_ARITHMETIC,
					     0, 100, NULL, NULL, inds };

		diag_init(&d);
		CHECK_INT(bench_composite_scores(&s2, xx, 2, norm, score, NULL, NULL, NULL, &d), -1);
		CHECK_STR(d.message, "indicator 'b': no values");
	}
	/* a constant indicator is dropped; the others carry the score */
	{
		const double xx[6] = { 1, 5, 2, 5, 3, 5 };
		const int dir2[2] = { 1, 1 };
		unsigned char dropped[2];
		size_t used[3];
		struct composite_spec s2 = { 2, dir2, NULL, BENCH_NORM_MINMAX, BENCH_AGG_ARITHMETIC,
					     0, 100, NULL, NULL, NULL };

		diag_init(&d);
		CHECK_INT(bench_composite_scores(&s2, xx, 3, norm, score, used, NULL, dropped, &d),
			  0);
		CHECK(!dropped[0] && dropped[1]);
		CHECK_REL(score[0], 0, TOL);
		CHECK_REL(score[1], 50, TOL);
		CHECK_REL(score[2], 100, TOL);
		CHECK_INT(used[2], 1);
	}
}

/* ------------------------------------------------------------ Monte Carlo */

static void test_mc_collapse_and_reproducible(void)
{
	struct composite_spec s = { 3, rdir, rw, BENCH_NORM_MINMAX, BENCH_AGG_ARITHMETIC, 0, 100,
				    NULL, NULL, NULL };
	struct composite_mc_opts o = { 50, 0.0, 7, 0 };
	struct composite_mc *a, *b, *c;
	struct diag d;

	/* zero noise, no method variation: every draw is the nominal index */
	diag_init(&d);
	a = bench_composite_mc(&s, rx, 6, &o, &d);
	CHECK(a != NULL);
	if (!a)
		return;
	for (size_t i = 0; i < 6; i++) {
		CHECK_REL(a->median_rank[i], rcases[0].rank[i], 0);
		CHECK_REL(a->rank_p05[i], rcases[0].rank[i], 0);
		CHECK_REL(a->rank_p95[i], rcases[0].rank[i], 0);
		CHECK_INT(a->ranked[i], 50);
	}
	for (size_t r = 0; r < 50 * 3; r++)
		CHECK_REL(a->weights[r], rw[r % 3], 0);
	bench_composite_mc_free(a);

	/* the same seed gives the same draws and ranks, bit for bit */
	o.noise = 0.25;
	o.vary_method = 1;
	o.draws = 300;
	a = bench_composite_mc(&s, rx, 6, &o, &d);
	b = bench_composite_mc(&s, rx, 6, &o, &d);
	o.seed = 8;
	c = bench_composite_mc(&s, rx, 6, &o, &d);
	CHECK(a && b && c);
	if (a && b && c) {
		int differ = 0, zgeo = 0;

		CHECK(memcmp(a->weights, b->weights, 300 * 3 * sizeof(double)) == 0);
		CHECK(memcmp(a->norm, b->norm, 300 * sizeof *a->norm) == 0);
		CHECK(memcmp(a->agg, b->agg, 300 * sizeof *a->agg) == 0);
		CHECK(memcmp(a->median_rank, b->median_rank, 6 * sizeof(double)) == 0);
		CHECK(memcmp(a->rank_p05, b->rank_p05, 6 * sizeof(double)) == 0);
		CHECK(memcmp(a->rank_p95, b->rank_p95, 6 * sizeof(double)) == 0);
		differ = memcmp(a->weights, c->weights, 300 * 3 * sizeof(double)) != 0;
		CHECK(differ);
		for (size_t r = 0; r < 300; r++) {
			zgeo |= a->norm[r] == BENCH_NORM_ZSCORE && a->agg[r] == BENCH_AGG_GEOMETRIC;
			for (size_t j = 0; j < 3; j++) {
				/* each weight within w (1 -+ 0.25) */
				CHECK(a->weights[r * 3 + j] >= rw[j] * 0.75 &&
				      a->weights[r * 3 + j] <= rw[j] * 1.25);
			}
		}
		CHECK(!zgeo);
		/* the documented use of the generator: per draw one uniform_int(5), then one
		 * uniform per indicator, from mt19937 seeded with the seed */
		{
			gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
			static const enum bench_norm nm[5] = { BENCH_NORM_MINMAX, BENCH_NORM_ZSCORE,
				BENCH_NORM_RANK, BENCH_NORM_MINMAX, BENCH_NORM_RANK };
			static const enum bench_agg ag[5] = { BENCH_AGG_ARITHMETIC,
				BENCH_AGG_ARITHMETIC, BENCH_AGG_ARITHMETIC, BENCH_AGG_GEOMETRIC,
				BENCH_AGG_GEOMETRIC };

			gsl_rng_set(r, 7);
			for (size_t dr = 0; dr < 3; dr++) {
				unsigned long m = gsl_rng_uniform_int(r, 5);

				CHECK_INT(a->norm[dr], nm[m]);
				CHECK_INT(a->agg[dr], ag[m]);
				for (size_t j = 0; j < 3; j++)
					CHECK_REL(a->weights[dr * 3 + j],
						  rw[j] * (1 + 0.25 * (2 * gsl_rng_uniform(r) - 1)), 0);
			}
			gsl_rng_free(r);
		}
		/* the clear leader (unit 4 is best on every indicator) stays first */
		CHECK_REL(a->rank_p95[3], 1, 0);
		for (size_t i = 0; i < 6; i++)
			CHECK(a->rank_p05[i] <= a->median_rank[i] &&
			      a->median_rank[i] <= a->rank_p95[i]);
	}
	bench_composite_mc_free(a);
	bench_composite_mc_free(b);
	bench_composite_mc_free(c);
	diag_init(&d);
	o.draws = 0;
	CHECK(bench_composite_mc(&s, rx, 6, &o, &d) == NULL);
	CHECK_INT(d.code, DIAG_USAGE);
}

/* ------------------------------------------------------------ the table function */

static struct table *load_csv(const char *csv)
{
	struct diag d;
	struct table *t;

	diag_init(&d);
	t = load_memory("c.csv", csv, strlen(csv), NULL, NULL, &d);
	if (!t)
		fprintf(stderr, "load: %s\n", d.message);
	return t;
}

static const char rcsv[] =
	"unit,a,b,c\n"
	"U1,10,5.0,200\n"
	"U2,20,,150\n"
	"U3,15,3.0,400\n"
	"U4,40,8.0,100\n"
	"U5,25,6.5,\n"
	"U6,30,2.0,300\n"
	"U7,,,\n";

static void test_composite_table(void)
{
	struct table *t = load_csv(rcsv);
	struct result_set *rs = result_set_create();
	struct result_table *ct, *ut, *dt;
	struct composite_opts o;
	size_t ind[3];
	struct diag d;

	CHECK(t != NULL);
	if (!t)
		return;
	memset(&o, 0, sizeof o);
	ind[0] = (size_t)table_find(t, "a");
	ind[1] = (size_t)table_find(t, "b");
	ind[2] = (size_t)table_find(t, "c");
	o.unit = (size_t)table_find(t, "unit");
	o.indicators = ind;
	o.nind = 3;
	o.direction = rdir;
	o.weights = rw;
	o.norm = BENCH_NORM_MINMAX;
	o.agg = BENCH_AGG_ARITHMETIC;
	o.lo = o.hi = NAN;
	o.draws = 20;
	o.noise = 0;
	o.seed = 20110222;
	diag_init(&d);
	CHECK_INT(bench_composite(t, &o, NULL, rs, &d), 0);
	ct = result_set_find(rs, "composite");
	ut = result_set_find(rs, "composite_uncertainty");
	dt = result_set_find(rs, "composite_draws");
	CHECK(ct && ut && dt);
	if (ct && ut && dt) {
		/* order by rank: U4 (1), U5 (2), U2 (3), U6 (4), U1 (5), U3 (6), U7 (none) */
		static const char *const order[7] = { "U4", "U5", "U2", "U6", "U1", "U3", "U7" };
		static const size_t unit_of[6] = { 3, 4, 1, 5, 0, 2 };
		long c_note = result_find_column(ct, "note");

		CHECK_INT(result_rows(ct), 7);
		CHECK_INT(result_cols(ct), 3 + 3 + 2);
		CHECK_STR(result_col_name(ct, 3), "norm_a");
		CHECK_STR(result_col_name(ct, 6), "n_indicators");
		for (size_t r = 0; r < 7; r++)
			CHECK_STR(result_get_text(ct, r, 0), order[r]);
		for (size_t r = 0; r < 6; r++) {
			CHECK_REL(result_get_number(ct, r, 1), rcases[0].score[unit_of[r]], TOL);
			CHECK_REL(result_get_number(ct, r, 2), (double)(r + 1), 0);
			CHECK_REL(result_get_number(ct, r, 3), rcases[0].norm_out[unit_of[r] * 3],
				  TOL);
			/* zero noise: the interval is the nominal rank */
			CHECK_REL(result_get_number(ut, r, 2), (double)(r + 1), 0);
			CHECK_REL(result_get_number(ut, r, 3), (double)(r + 1), 0);
			CHECK_REL(result_get_number(ut, r, 4), (double)(r + 1), 0);
		}
		CHECK(result_is_missing(ct, 6, 1));
		CHECK(result_is_missing(ct, 6, 2));
		CHECK_STR(result_get_text(ct, 6, (size_t)c_note), "no indicator values");
		CHECK_STR(result_get_text(ct, 1, (size_t)c_note),
			  "no value of c: weights rescaled over the other 2");
		CHECK(result_is_missing(ut, 6, 2));
		CHECK_INT(result_rows(dt), 20);
		CHECK_STR(result_col_name(dt, 3), "w_a");
		CHECK_REL(result_get_number(dt, 19, 3), 2, 0);
	}
	result_set_free(rs);

	/* geometric with the default range [1, 100] works (R: ge(N2)) */
	rs = result_set_create();
	o.agg = BENCH_AGG_GEOMETRIC;
	o.draws = 0;
	diag_init(&d);
	CHECK_INT(bench_composite(t, &o, NULL, rs, &d), 0);
	ct = result_set_find(rs, "composite");
	if (ct) {
		CHECK_STR(result_get_text(ct, 0, 0), "U4");
		CHECK_REL(result_get_number(ct, 0, 1), rcases[1].score[3], TOL);
		CHECK(result_set_find(rs, "composite_uncertainty") == NULL);
	}
	result_set_free(rs);

	/* a target is required for every indicator */
	rs = result_set_create();
	o.agg = BENCH_AGG_ARITHMETIC;
	o.norm = BENCH_NORM_TARGET;
	{
		const double tg[3] = { 35, NAN, 120 };

		o.targets = tg;
		diag_init(&d);
		CHECK_INT(bench_composite(t, &o, NULL, rs, &d), -1);
		CHECK_INT(d.code, DIAG_USAGE);
		CHECK_STR(d.message, "no target for indicator 'b' (give one with --target b:VALUE)");
	}
	result_set_free(rs);
	table_free(t);

	/* two rows of one unit */
	t = load_csv("unit,a\nX,1\nY,2\nX,3\n");
	rs = result_set_create();
	if (t) {
		size_t a = 1;

		memset(&o, 0, sizeof o);
		o.unit = 0;
		o.indicators = &a;
		o.nind = 1;
		o.lo = o.hi = NAN;
		diag_init(&d);
		CHECK_INT(bench_composite(t, &o, NULL, rs, &d), -1);
		CHECK_INT(d.code, DIAG_DATA);
		CHECK_STR(d.message, "duplicate row for unit 'X': lines 2 and 4; one row per unit is "
			  "needed (choose one with --where, e.g. a year)");
		CHECK_STR(d.path, "c.csv");
	}
	result_set_free(rs);
	table_free(t);
}

int main(void)
{
	gsl_set_error_handler_off();
	test_normalise_hand();
	test_normalise_ties_and_edges();
	test_aggregate_hand();
	test_names();
	test_composite_r();
	test_composite_refusal();
	test_mc_collapse_and_reproducible();
	test_composite_table();
	return tc_summary("test_bench_composite");
}
