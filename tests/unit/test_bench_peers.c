/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_bench_peers: option texts, ranks, percentiles, tertiles and the peers table. */
#include "clusterbench/bench_peers.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/load.h"
#include "tcheck.h"

#define TOL 1e-13

/* ------------------------------------------------------------ option texts */

static void test_parse_directions(void)
{
	const char *names[3] = { "employment", "cost", "a:b" };
	int dir[3];
	struct diag d;

	diag_init(&d);
	CHECK_INT(bench_parse_directions(NULL, names, 3, dir, &d), 0);
	CHECK(dir[0] == 1 && dir[1] == 1 && dir[2] == 1);
	CHECK_INT(bench_parse_directions(" cost : - , employment:+1", names, 3, dir, &d), 0);
	CHECK(dir[0] == 1 && dir[1] == -1 && dir[2] == 1);
	/* the name is the text before the last ':' */
	CHECK_INT(bench_parse_directions("a:b:-1,cost:1", names, 3, dir, &d), 0);
	CHECK(dir[0] == 1 && dir[1] == 1 && dir[2] == -1);
	CHECK_INT(bench_parse_directions("cost:-,", names, 3, dir, &d), 0);
	CHECK_INT(dir[1], -1);
	CHECK_INT(bench_parse_directions("cost:down", names, 3, dir, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	CHECK_STR(d.message, "expected NAME:+ or NAME:-, got 'cost:down'");
	diag_init(&d);
	CHECK_INT(bench_parse_directions("cost", names, 3, dir, &d), -1);
	CHECK_STR(d.message, "expected NAME:+ or NAME:-, got 'cost'");
	diag_init(&d);
	CHECK_INT(bench_parse_directions(":-", names, 3, dir, &d), -1);
	CHECK_STR(d.message, "expected NAME:+ or NAME:-, got ':-'");
	diag_init(&d);
	CHECK_INT(bench_parse_directions("price:-", names, 3, dir, &d), -1);
	CHECK_STR(d.message, "'price' is not one of the indicators");
	diag_init(&d);
	CHECK_INT(bench_parse_directions("cost:-,cost:+", names, 3, dir, &d), -1);
	CHECK_STR(d.message, "'cost' is given twice");
}

static void test_parse_values(void)
{
	const char *names[2] = { "a", "b" };
	double v[3];
	size_t n = 9;
	struct diag d;

	diag_init(&d);
	CHECK_INT(bench_parse_named_values("b:1.5e3", names, 2, v, &d), 0);
	CHECK_NAN(v[0]);
	CHECK_REL(v[1], 1500, 0);
	CHECK_INT(bench_parse_named_values("a:x", names, 2, v, &d), -1);
	CHECK_STR(d.message, "expected NAME:VALUE, got 'a:x'");
	diag_init(&d);
	CHECK_INT(bench_parse_numbers("1, 2.5,0", v, 3, &n, &d), 0);
	CHECK_INT(n, 3);
	CHECK_REL(v[1], 2.5, 0);
	CHECK_INT(bench_parse_numbers("1,2,3,4", v, 3, &n, &d), -1);
	CHECK_STR(d.message, "more than 3 values");
	diag_init(&d);
	CHECK_INT(bench_parse_numbers("1,,2", v, 3, &n, &d), -1);
	CHECK_STR(d.message, "'' is not a number");
	diag_init(&d);
	CHECK_INT(bench_parse_numbers("1,nan", v, 3, &n, &d), -1);
	CHECK_STR(d.message, "'nan' is not a number");
}

/* ------------------------------------------------------------ ranks, percentiles, tertiles */

static void test_rank_hand(void)
{
	/*
	 * x = 3, 1, 3, NA, 2.
	 * dir +1: 3 and 3 are best (rank 1, tie), 2 next: two better -> 3, 1 -> 4.
	 * dir -1: 1 best (1), 2 (2), the two 3s share rank 3.
	 * R: rank(-x, ties.method = "min", na.last = "keep") = 1 4 1 NA 3
	 *    rank(x, ties.method = "min", na.last = "keep")  = 3 1 3 NA 2
	 */
	const double x[5] = { 3, 1, 3, NAN, 2 };
	double r[5];
	size_t idx[10];

	bench_rank_min(x, 5, 1, idx, r);
	CHECK_REL(r[0], 1, 0);
	CHECK_REL(r[1], 4, 0);
	CHECK_REL(r[2], 1, 0);
	CHECK_NAN(r[3]);
	CHECK_REL(r[4], 3, 0);
	bench_rank_min(x, 5, -1, idx, r);
	CHECK_REL(r[0], 3, 0);
	CHECK_REL(r[1], 1, 0);
	CHECK_REL(r[2], 3, 0);
	CHECK_NAN(r[3]);
	CHECK_REL(r[4], 2, 0);
	bench_rank_min(x, 0, 1, idx, r);
	/* at or below after direction: 2 of the 4 values are <= 2; with dir -1
	 * those at or above 2: 3, 3, 2 */
	CHECK_INT(bench_count_at_or_below(x, 5, 2, 1), 2);
	CHECK_INT(bench_count_at_or_below(x, 5, 2, -1), 3);
}

/* The definition, directly: 1 + the number of strictly better values. */
static void test_rank_identity(void)
{
	double x[257], r[257];
	size_t idx[514];
	unsigned long s = 12345;

	for (size_t n = 1; n <= 257; n += 16) {
		for (size_t i = 0; i < n; i++) {
			s = s * 6364136223846793005UL + 1442695040888963407UL;
			/* few distinct values, so ties are common; some missing */
			x[i] = (s >> 60) == 0 ? NAN : (double)((s >> 33) % 7);
		}
		for (int dir = -1; dir <= 1; dir += 2) {
			int ok = 1;

			bench_rank_min(x, n, dir, idx, r);
			for (size_t i = 0; i < n; i++) {
				size_t better = 0;

				if (isnan(x[i])) {
					ok &= isnan(r[i]);
					continue;
				}
				for (size_t j = 0; j < n; j++)
					better += !isnan(x[j]) && dir * x[j] > dir * x[i];
				ok &= r[i] == (double)(better + 1);
			}
			CHECK(ok);
		}
	}
}

/* Positions by binary search agree with counting, on data with many ties. */
static void test_position_identity(void)
{
	double x[101], work[101];
	unsigned long s = 99;

	for (size_t n = 1; n <= 101; n += 10) {
		for (size_t i = 0; i < n; i++) {
			s = s * 6364136223846793005UL + 1442695040888963407UL;
			x[i] = (s >> 61) == 0 ? NAN : (double)((s >> 33) % 5) / 4;
		}
		for (int dir = -1; dir <= 1; dir += 2) {
			struct bench_peer_stats st;
			int ok = 1;

			bench_peer_stats(x, n, dir, work, &st, NULL);
			for (size_t i = 0; i < n; i++) {
				struct bench_position p;
				size_t k = bench_count_at_or_below(x, n, x[i], dir);

				bench_peer_position(dir, x[i], &st, &p);
				if (isnan(x[i]))
					ok &= isnan(p.rank);
				else
					ok &= p.k == k && p.rank == (double)(st.n - k + 1) &&
					      p.percentile == 100.0 * (double)k / (double)st.n;
			}
			CHECK(ok);
		}
	}
}

static void test_tertile(void)
{
	/* exact thirds: low when 3k <= m, middle when 3k <= 2m */
	CHECK_STR(bench_tertile(1, 3), "low");
	CHECK_STR(bench_tertile(2, 3), "middle");
	CHECK_STR(bench_tertile(3, 3), "high");
	CHECK_STR(bench_tertile(2, 6), "low");      /* 33.3 % */
	CHECK_STR(bench_tertile(3, 6), "middle");   /* 50 % */
	CHECK_STR(bench_tertile(4, 6), "middle");   /* 66.7 % */
	CHECK_STR(bench_tertile(5, 6), "high");     /* 83.3 % */
	CHECK_STR(bench_tertile(4, 10), "middle");  /* 40 % */
	CHECK_STR(bench_tertile(3, 10), "low");     /* 30 % */
	CHECK_STR(bench_tertile(7, 10), "high");    /* 70 % */
	CHECK(bench_tertile(1, 2) == NULL);
	CHECK(bench_tertile(0, 5) == NULL);
	CHECK(bench_tertile(6, 5) == NULL);
}

/* ------------------------------------------------------------ position (R fixture) */

/*
 * Six peers (the food clusters' 2016 employment in datasets/clusters.csv).
 * Reference values from base R (Rscript), code:
 *   x <- c(290, 383, 698, 434, 475, 439)
 *   median(x); mean(x); sd(x); quantile(x, c(.25, .75))
 *   for (dir in c(1, -1)) { d <- dir * x
 *     print(dir * (x - mean(x)) / sd(x), digits = 17)          # z
 *     print(100 * sapply(d, function(v) sum(d <= v)) / 6)      # percentile
 *     print(rank(-d, ties.method = "min"))                     # rank
 *     print(max(d) - d); print(d - median(d)) }                # gap_best, gap_median
 * median 436.5, mean 453.16666666666669, sd 136.04031265278195, q1 395.75, q3 466
 */
static const double food[6] = { 290, 383, 698, 434, 475, 439 };
static const double food_z[6] = { -1.1993993801169791, -0.51577848726174491, 1.799711633699532,
				   -0.14088961053468102, 0.16049164330472329,
				   -0.10413579909085122 };
static const double food_pct_up[6] = { 16.666666666666668, 33.333333333333336, 100, 50,
					83.333333333333329, 66.666666666666671 };
static const double food_pct_down[6] = { 100, 83.333333333333329, 16.666666666666668,
					  66.666666666666671, 33.333333333333336, 50 };
static const int food_rank_up[6] = { 6, 5, 1, 4, 2, 3 };
static const int food_rank_down[6] = { 1, 2, 6, 3, 5, 4 };
static const double food_gap_up[6] = { 408, 315, 0, 264, 223, 259 };
static const double food_gap_down[6] = { 0, 93, 408, 144, 185, 149 };
static const double food_gapmed_up[6] = { -146.5, -53.5, 261.5, -2.5, 38.5, 2.5 };
static const char *const food_tertile_up[6] = { "low", "low", "high", "middle", "high",
						"middle" };

static void test_position_r(void)
{
	struct bench_peer_stats s;
	double work[6];
	struct diag d;

	diag_init(&d);
	CHECK_INT(bench_peer_stats(food, 6, 1, work, &s, &d), 0);
	CHECK_INT(s.n, 6);
	CHECK_REL(s.median, 436.5, TOL);
	CHECK_REL(s.mean, 453.16666666666669, TOL);
	CHECK_REL(s.sd, 136.04031265278195, TOL);
	CHECK_REL(s.q1, 395.75, TOL);
	CHECK_REL(s.q3, 466, TOL);
	CHECK_REL(s.min, 290, 0);
	CHECK_REL(s.max, 698, 0);
	CHECK_REL(s.best, 698, 0);
	for (size_t i = 0; i < 6; i++) {
		struct bench_position p;

		bench_peer_position(1, food[i], &s, &p);
		CHECK_REL(p.z, food_z[i], 1e-14);
		CHECK_REL(p.percentile, food_pct_up[i], TOL);
		CHECK_REL(p.rank, food_rank_up[i], 0);
		CHECK_REL(p.gap_best, food_gap_up[i], 0);
		CHECK_REL(p.gap_median, food_gapmed_up[i], 0);
		CHECK_STR(p.tertile, food_tertile_up[i]);
		CHECK(p.why_z == NULL && p.why_tertile == NULL);
	}
	/* lower is better: the best is the minimum */
	CHECK_INT(bench_peer_stats(food, 6, -1, work, &s, &d), 0);
	CHECK_REL(s.best, -290, 0);
	CHECK_REL(s.median, 436.5, TOL); /* the distribution stays in raw units */
	for (size_t i = 0; i < 6; i++) {
		struct bench_position p;

		bench_peer_position(-1, food[i], &s, &p);
		CHECK_REL(p.z, -food_z[i], 1e-14);
		CHECK_REL(p.percentile, food_pct_down[i], TOL);
		CHECK_REL(p.rank, food_rank_down[i], 0);
		CHECK_REL(p.gap_best, food_gap_down[i], 0);
		CHECK_REL(p.gap_median, -food_gapmed_up[i], 0);
		CHECK(!signbit(p.gap_best));
	}
}

static void test_position_edges(void)
{
	/* ties: 2, 1, 2, 2, 2, 4 -> the four 2s: 5 at or below of 6 = 83.3 %, rank 2
	 * (R: rank(-y, ties.method = "min") = 2 6 2 2 2 1) */
	const double y[6] = { 2, 1, 2, 2, 2, 4 };
	const double one[3] = { NAN, 5, NAN };
	const double same[2] = { 3, 3 };
	struct bench_peer_stats s;
	struct bench_position p;
	double work[6];

	bench_peer_stats(y, 6, 1, work, &s, NULL);
	bench_peer_position(1, 2, &s, &p);
	CHECK_REL(p.percentile, 500.0 / 6, TOL);
	CHECK_REL(p.rank, 2, 0);
	CHECK_INT(p.k, 5);
	CHECK_STR(p.tertile, "high");
	/* one peer with a value: z and tertile missing, percentile 100, rank 1 */
	bench_peer_stats(one, 3, 1, work, &s, NULL);
	CHECK_INT(s.n, 1);
	bench_peer_position(1, 5, &s, &p);
	CHECK_NAN(p.z);
	CHECK_STR(p.why_z, "fewer than 2 peers");
	CHECK(p.tertile == NULL);
	CHECK_STR(p.why_tertile, "fewer than 3 peers");
	CHECK_REL(p.percentile, 100, 0);
	CHECK_REL(p.rank, 1, 0);
	CHECK_REL(p.gap_best, 0, 0);
	/* a unit without a value */
	bench_peer_position(1, NAN, &s, &p);
	CHECK_NAN(p.percentile);
	CHECK_NAN(p.rank);
	CHECK_STR(p.why_z, "no value");
	/* equal values: sd 0, z missing */
	bench_peer_stats(same, 2, -1, work, &s, NULL);
	bench_peer_position(-1, 3, &s, &p);
	CHECK_NAN(p.z);
	CHECK_STR(p.why_z, "peer sd = 0");
	CHECK(!signbit(p.gap_median) && !signbit(p.gap_best));
}

/* ------------------------------------------------------------ the peers table */

static struct table *load_csv(const char *csv)
{
	struct diag d;
	struct table *t;

	diag_init(&d);
	t = load_memory("p.csv", csv, strlen(csv), NULL, NULL, &d);
	if (!t)
		fprintf(stderr, "load: %s\n", d.message);
	return t;
}

/*
 * Two sectors; cost is lower-is-better. Sector A: x = 10, 30, 20, NA;
 * sector B: 5, 7, 9. Row 8 has no sector (left out with a warning).
 */
static const char pcsv[] =
	"unit,sector,x,cost\n"
	"a1,A,10,3\n"
	"a2,A,30,1\n"
	"a3,A,20,2\n"
	"a4,A,,2\n"
	"b1,B,5,10\n"
	"b2,B,7,20\n"
	"b3,B,9,30\n"
	"c1,,4,4\n";

static void test_peers_table(void)
{
	struct table *t = load_csv(pcsv);
	struct result_set *rs = result_set_create();
	struct result_table *pt, *ft;
	struct peers_opts o;
	size_t ind[2];
	int dir[2] = { 1, -1 };
	struct diag d;

	CHECK(t != NULL);
	if (!t)
		return;
	memset(&o, 0, sizeof o);
	ind[0] = (size_t)table_find(t, "x");
	ind[1] = (size_t)table_find(t, "cost");
	o.unit = 0;
	o.group = 1;
	o.indicators = ind;
	o.nind = 2;
	o.direction = dir;
	diag_init(&d);
	CHECK_INT(bench_peers(t, &o, NULL, rs, &d), 0);
	pt = result_set_find(rs, "peers");
	CHECK(pt != NULL);
	if (pt) {
		long cu = result_find_column(pt, "unit"), cz = result_find_column(pt, "z");
		long cp = result_find_column(pt, "percentile"), cr = result_find_column(pt, "rank");
		long cn = result_find_column(pt, "peer_n"), cref = result_find_column(pt, "reference");
		long ct = result_find_column(pt, "tertile"), cnote = result_find_column(pt, "note");
		long cgb = result_find_column(pt, "gap_best"), cgm = result_find_column(pt, "gap_median");
		long long v;

		CHECK_INT(result_cols(pt), 17);
		CHECK_INT(result_rows(pt), 14);
		/* x, sector A by rank: a2 (30), a3 (20), a1 (10), a4 (no value) */
		CHECK_STR(result_get_text(pt, 0, (size_t)cu), "a2");
		CHECK_STR(result_get_text(pt, 1, (size_t)cu), "a3");
		CHECK_STR(result_get_text(pt, 2, (size_t)cu), "a1");
		CHECK_STR(result_get_text(pt, 3, (size_t)cu), "a4");
		CHECK_STR(result_get_text(pt, 0, (size_t)cref), "sector peers (A, n = 4)");
		CHECK(result_get_integer(pt, 0, (size_t)cn, &v) == 0 && v == 3);
		/* a3 = 20: mean 20, sd 10: z 0; 2 of 3 at or below: 66.7 %, middle */
		CHECK_REL(result_get_number(pt, 1, (size_t)cz), 0, 0);
		CHECK_REL(result_get_number(pt, 1, (size_t)cp), 200.0 / 3, TOL);
		CHECK_STR(result_get_text(pt, 1, (size_t)ct), "middle");
		CHECK_REL(result_get_number(pt, 1, (size_t)cgb), 10, 0);
		CHECK_REL(result_get_number(pt, 1, (size_t)cgm), 0, 0);
		CHECK(result_is_missing(pt, 3, (size_t)cp));
		CHECK_STR(result_get_text(pt, 3, (size_t)cnote), "no value");
		/* x, sector B: b3, b2, b1 */
		CHECK_STR(result_get_text(pt, 4, (size_t)cu), "b3");
		CHECK_REL(result_get_number(pt, 4, (size_t)cr), 1, 0);
		/* cost (lower is better), sector A: a2 (1), then a3 and a4 tied at 2, a1 (3) */
		CHECK_STR(result_get_text(pt, 7, (size_t)cu), "a2");
		CHECK_STR(result_get_text(pt, 8, (size_t)cu), "a3");
		CHECK_STR(result_get_text(pt, 9, (size_t)cu), "a4");
		CHECK_REL(result_get_number(pt, 8, (size_t)cr), 2, 0);
		CHECK_REL(result_get_number(pt, 9, (size_t)cr), 2, 0);
		/* a3 cost 2 among 3, 1, 2, 2: at or above 2: 3, 2, 2 -> 75 % */
		CHECK_REL(result_get_number(pt, 8, (size_t)cp), 75, TOL);
		/* a1 cost 3: the worst: gap to the best (1) is 2, to the median (2) -1 */
		CHECK_STR(result_get_text(pt, 10, (size_t)cu), "a1");
		CHECK_REL(result_get_number(pt, 10, (size_t)cgb), 2, 0);
		CHECK_REL(result_get_number(pt, 10, (size_t)cgm), -1, 0);
		CHECK_STR(result_get_text(pt, 10, (size_t)ct), "low");
		CHECK(result_get_integer(pt, 10, (size_t)result_find_column(pt, "direction"),
					 &v) == 0 && v == -1);
		/* cost, sector B: b1 (10) best */
		CHECK_STR(result_get_text(pt, 11, (size_t)cu), "b1");
	}
	CHECK_INT(result_set_warnings(rs)->n, 1);
	if (result_set_warnings(rs)->n)
		CHECK_STR(result_set_warnings(rs)->items[0], "1 unit left out: no value of 'sector'");
	CHECK(result_set_find(rs, "peer_profile") == NULL);
	result_set_free(rs);

	/* focus: only b2's rows, and its profile */
	rs = result_set_create();
	o.focus = "b2";
	diag_init(&d);
	CHECK_INT(bench_peers(t, &o, NULL, rs, &d), 0);
	pt = result_set_find(rs, "peers");
	ft = result_set_find(rs, "peer_profile");
	CHECK(pt && ft);
	if (pt && ft) {
		CHECK_INT(result_rows(pt), 2);
		CHECK_STR(result_get_text(pt, 0, 0), "b2");
		CHECK_INT(result_rows(ft), 2);
		CHECK_STR(result_get_text(ft, 0, 0), "x");
		CHECK_STR(result_get_text(ft, 1, 0), "cost");
		/* x in B: 5, 7, 9: q1 6, median 7, q3 8 (type 7) */
		CHECK_REL(result_get_number(ft, 0, (size_t)result_find_column(ft, "peer_q1")), 6, 0);
		CHECK_REL(result_get_number(ft, 0, (size_t)result_find_column(ft, "peer_q3")), 8, 0);
		CHECK_REL(result_get_number(ft, 0, (size_t)result_find_column(ft, "peer_max")), 9, 0);
		CHECK_REL(result_get_number(ft, 0, (size_t)result_find_column(ft, "rank")), 2, 0);
		CHECK_REL(result_get_number(ft, 1, (size_t)result_find_column(ft, "rank")), 2, 0);
	}
	result_set_free(rs);

	/* all units as peers; unknown focus */
	rs = result_set_create();
	o.group = -1;
	o.focus = "zz";
	diag_init(&d);
	CHECK_INT(bench_peers(t, &o, NULL, rs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	CHECK_STR(d.message, "focus unit 'zz' is not a value of 'unit' in the rows used");
	result_set_free(rs);
	rs = result_set_create();
	o.focus = NULL;
	diag_init(&d);
	CHECK_INT(bench_peers(t, &o, NULL, rs, &d), 0);
	pt = result_set_find(rs, "peers");
	if (pt) {
		/* 8 units, x: 30 20 10 9 7 5 4 NA -> c1 (4) is 7th of the 7 with values */
		CHECK_INT(result_rows(pt), 16);
		CHECK_STR(result_get_text(pt, 0, 1), "all");
		CHECK_STR(result_get_text(pt, 0, (size_t)result_find_column(pt, "reference")),
			  "all units (n = 8)");
		CHECK_STR(result_get_text(pt, 6, 0), "c1");
		CHECK_REL(result_get_number(pt, 6, (size_t)result_find_column(pt, "rank")), 7, 0);
	}
	result_set_free(rs);

	/* a text column as an indicator */
	rs = result_set_create();
	ind[1] = 1;
	diag_init(&d);
	CHECK_INT(bench_peers(t, &o, NULL, rs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	CHECK_STR(d.message, "indicator 'sector' is category, not numeric");
	result_set_free(rs);
	table_free(t);

	/* duplicates and an indicator without values */
	t = load_csv("unit,x,y\np,1,\nq,2,\nr,3,\nq,4,\np,5,\n");
	if (t) {
		size_t one = 1, two = 2;

		rs = result_set_create();
		memset(&o, 0, sizeof o);
		o.group = -1;
		o.indicators = &one;
		o.nind = 1;
		diag_init(&d);
		CHECK_INT(bench_peers(t, &o, NULL, rs, &d), -1);
		CHECK_INT(d.code, DIAG_DATA);
		/* the earliest repeat is q (lines 3 and 5), before p's (2 and 6) */
		CHECK_STR(d.message, "duplicate row for unit 'q': lines 3 and 5; one row per unit is "
			  "needed (choose one with --where, e.g. a year)");
		CHECK_STR(d.path, "p.csv");
		result_set_free(rs);
		{
			unsigned char keep[5] = { 1, 1, 1, 0, 0 };
			struct selection sel = { keep, "first three", 3 };

			rs = result_set_create();
			o.indicators = &two;
			diag_init(&d);
			CHECK_INT(bench_peers(t, &o, &sel, rs, &d), -1);
			CHECK_INT(d.code, DIAG_DATA);
			CHECK_STR(d.message, "indicator 'y' has no values in the rows used");
			result_set_free(rs);
		}
		table_free(t);
	}
}

int main(void)
{
	gsl_set_error_handler_off();
	test_parse_directions();
	test_parse_values();
	test_rank_hand();
	test_rank_identity();
	test_tertile();
	test_position_identity();
	test_position_r();
	test_position_edges();
	test_peers_table();
	return tc_summary("test_bench_peers");
}
