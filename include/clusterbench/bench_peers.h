/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench_peers: peer position of units and the composite index with Monte-Carlo rank intervals. */
#ifndef CLUSTERBENCH_BENCH_PEERS_H
#define CLUSTERBENCH_BENCH_PEERS_H

#include <stddef.h>

#include "clusterbench/analysis.h"
#include "clusterbench/diag.h"
#include "clusterbench/result.h"
#include "clusterbench/table.h"

/*
 * Benchmarking against peers and the composite index (METHODS.md,
 * "Benchmarking against peers" and "Composite index"). Conventions of the
 * whole module:
 *  - Direction: every indicator has a direction dir = +1 (higher is better)
 *    or -1 (lower is better), part of its definition. Every comparison works
 *    on the directed value d = dir * x, so "best" is always the largest d.
 *  - Missing values are NaN in the input and in every output array; result
 *    cells are then missing with the reason in the row's `note`.
 *  - Ranks: 1 = best; ties share the smallest rank, as R's
 *    rank(-d, ties.method = "min").
 *  - The pure functions (no table) never allocate unless said; the table
 *    functions borrow the table (never changed), add their result tables to
 *    rs (owned by rs) and return 0, or -1 with the first error in d:
 *      DIAG_USAGE    an option that does not fit the data (a text column as
 *                    an indicator, an unknown --focus unit, a target no
 *                    better than the worst value...);
 *      DIAG_DATA     data that cannot give a result (two rows for one unit,
 *                    an indicator without any value, a value <= 0 under
 *                    geometric or harmonic aggregation);
 *      DIAG_INTERNAL out of memory.
 */

/* ---------------------------------------------------------------- */
/* Option texts (src/bench_peers.c)                                  */
/* ---------------------------------------------------------------- */

/*
 * Parses --direction "NAME:+,NAME:-" into dir[0..n) for the indicators
 * names[0..n): every dir is first set to +1, then each item NAME:SIGN sets
 * the named one; SIGN is "+", "-", "+1", "-1" or "1". The name is the text
 * before the last ':' (spaces around items and names are ignored; names are
 * compared byte for byte, so the caller passes NFC text). text NULL or ""
 * leaves every direction +1. Errors (DIAG_USAGE, message without the option
 * name): an item without ':' or with another sign ("expected NAME:+ or
 * NAME:-, got 'X'"), a name that is not among names ("'X' is not one of the
 * indicators"), a name given twice.
 */
int bench_parse_directions(const char *text, const char *const *names, size_t n, int *dir,
			   struct diag *d);

/*
 * Parses "NAME:V,NAME:V" (--target) into v[0..n) for the indicators
 * names[0..n): entries not named stay NAN. V is a finite number with '.'
 * as decimal mark. Errors as bench_parse_directions (DIAG_USAGE): syntax
 * ("expected NAME:VALUE, got 'X'"), an unknown or repeated name.
 */
int bench_parse_named_values(const char *text, const char *const *names, size_t n, double *v,
			     struct diag *d);

/*
 * Parses a comma-separated list of finite numbers into out[0..max); *n gets
 * the count. Errors (DIAG_USAGE): an item that is not a number ("'X' is not
 * a number"), more than max items ("more than N values").
 */
int bench_parse_numbers(const char *text, double *out, size_t max, size_t *n, struct diag *d);

/* ---------------------------------------------------------------- */
/* Position among peers: pure functions (src/bench_peers.c)          */
/* ---------------------------------------------------------------- */

/*
 * Ranks of x[0..n) with direction dir: rank[i] = 1 + #{j : dir*x[j] >
 * dir*x[i]} over the non-missing x, i.e. 1 = best and ties share the
 * smallest rank (R: rank(-dir * x, ties.method = "min", na.last = "keep")).
 * rank[i] is NAN where x[i] is NaN. O(n log n) (merge sort); idx is caller
 * scratch of 2n entries. Never fails.
 */
void bench_rank_min(const double *x, size_t n, int dir, size_t *idx, double *rank);

/*
 * Count of the non-missing x[0..n) at or below v after direction:
 * #{j : dir*x[j] <= dir*v} (so with dir = -1, those at or ABOVE v). The
 * percentile rank of v among x is 100 * count / (non-missing n).
 */
size_t bench_count_at_or_below(const double *x, size_t n, double v, int dir);

/*
 * Tertile of a unit whose directed value has k of the m peers at or below
 * it (itself included, so 1 <= k <= m): "low" when k/m <= 1/3, "middle"
 * when k/m <= 2/3, "high" otherwise. The comparison is done exactly in
 * integers (3k <= m, 3k <= 2m), so a percentile of exactly 33.33...% (k =
 * 1 of m = 3) is "low". NULL when m < 3 (thirds of fewer than 3 peers say
 * nothing) or k is 0 or > m. Static strings.
 */
const char *bench_tertile(size_t k, size_t m);

/* The distribution of an indicator in a peer group (raw units, not directed). */
struct bench_peer_stats {
	size_t n;                 /* units with a value */
	double min, q1, median, q3, max; /* type-7 quantiles (R's default) */
	double mean, sd;          /* sd with n - 1; NAN when n < 2 */
	double best;              /* the best directed value, max(dir * x) */
	const double *sorted;     /* the n values ascending: borrowed from work */
};

/*
 * Describes the non-missing x[0..len) of a peer group with direction dir.
 * work: caller scratch of len doubles; it holds s->sorted afterwards, so it
 * must outlive s and stay unchanged while s is used. n = 0 leaves every
 * number NAN. Errors: an infinite value (DIAG_DATA, from stats_describe).
 */
int bench_peer_stats(const double *x, size_t len, int dir, double *work,
		     struct bench_peer_stats *s, struct diag *d);

/* The position of one value among its peers. */
struct bench_position {
	double z;           /* dir * (v - mean)/sd: positive = better; NAN when sd = 0 or n < 2 */
	double percentile;  /* 100 * k / n, k = peers at or below after direction */
	double rank;        /* 1 + peers strictly better */
	double gap_best;    /* best - dir * v >= 0: distance to the best, in the indicator's units */
	double gap_median;  /* dir * (v - median): positive = better than the median */
	size_t k;           /* peers at or below after direction (itself included) */
	const char *tertile;     /* bench_tertile(k, n), or NULL */
	const char *why_z;       /* why z is missing, or NULL (static) */
	const char *why_tertile; /* why the tertile is missing, or NULL (static) */
};

/*
 * Position of v among the peers described by s (bench_peer_stats with the
 * same dir; v is one of the peers' values). k is found by binary search in
 * s->sorted, so a position costs O(log n). v NaN:
 * every number NAN, k 0, tertile NULL, both reasons "no value". Reasons:
 * z "fewer than 2 peers" or "peer sd = 0"; tertile "fewer than 3 peers".
 */
void bench_peer_position(int dir, double v, const struct bench_peer_stats *s,
			 struct bench_position *p);

/* ---------------------------------------------------------------- */
/* peers: the table function (src/bench_peers.c)                     */
/* ---------------------------------------------------------------- */

/*
 * The units of the selected rows (sel NULL = all rows): one per value of
 * the unit column, in Turkish alphabetical (or numeric) order: ug->labels[g]
 * is unit g's label and ug->rows[ug->start[g]] its row. Rows without a unit
 * value are not units (counted in *no_unit). label_of (caller array of
 * t->nrows) gets each unit row's label (borrowed from ug), NULL for other
 * rows. Release ug with groups_release. Errors: two selected rows of one
 * unit (DIAG_DATA naming the earliest repeated pair: "duplicate row for
 * cluster 'X': lines 3 and 9; ...", path = t->source); ug is then released.
 */
int bench_collect_units(const struct table *t, size_t unit, const struct selection *sel,
			struct groups *ug, const char **label_of, size_t *no_unit, struct diag *d);

struct peers_opts {
	size_t unit;              /* unit column (any type) */
	long group;               /* peer-group column (any type), or -1 = all units */
	const size_t *indicators; /* numeric indicator columns */
	size_t nind;
	const int *direction;     /* nind entries +1/-1; NULL = all +1 */
	const char *focus;        /* one unit's label (NFC), or NULL */
};

/*
 * Peer position: table `peers`, one row per unit and indicator, ordered by
 * indicator (as given), peer group (Turkish alphabetical / numeric order),
 * rank (units without a value last), unit (Turkish alphabetical). Columns:
 * unit, peer_group (its value, or "all"), indicator, direction (+1/-1),
 * value, peer_n (units of the group with a value, the unit included),
 * peer_median, peer_mean, peer_sd (raw units), z, percentile, rank,
 * gap_best, gap_median, tertile (bench_peer_position), reference ("sector
 * peers (food, n = 6)" or "all units (n = 20)": n = units in the group),
 * note (why a number is missing).
 *
 * Input: one selected row per unit; a unit is a value of the unit column.
 * Rows whose unit or peer-group value is missing are left out (warning).
 *
 * With o->focus: `peers` holds the focus unit's rows only, and a table
 * `peer_profile`, one row per indicator: indicator, direction, value,
 * peer_n, peer_min, peer_q1, peer_median, peer_q3, peer_max (raw units,
 * type 7), rank, percentile, tertile, reference, note.
 *
 * Errors: a non-numeric indicator or unit column used as an indicator
 * (DIAG_USAGE); a unit with two selected rows (DIAG_DATA "duplicate row
 * for cluster 'X': lines 3 and 9; ..."); an indicator without any value in
 * the selected rows (DIAG_DATA); o->focus not among the units (DIAG_USAGE).
 */
int bench_peers(const struct table *t, const struct peers_opts *o, const struct selection *sel,
		struct result_set *rs, struct diag *d);

/* ---------------------------------------------------------------- */
/* Composite index: pure functions (src/bench_composite.c)           */
/* ---------------------------------------------------------------- */

enum bench_norm {
	BENCH_NORM_MINMAX,  /* lo + (hi - lo) (d - min d)/(max d - min d) */
	BENCH_NORM_ZSCORE,  /* (d - mean d)/sd d, sd with n - 1 */
	BENCH_NORM_RANK,    /* percentile rank 100 #{j : d_j <= d_i}/n, in (0, 100] */
	BENCH_NORM_TARGET   /* lo + (hi - lo) min(1, (d - min d)/(T - min d)), T = dir * target */
};

enum bench_agg {
	BENCH_AGG_ARITHMETIC, /* sum w x / sum w */
	BENCH_AGG_GEOMETRIC,  /* exp(sum w ln x / sum w); every x > 0 */
	BENCH_AGG_HARMONIC    /* sum w / sum (w / x); every x > 0 */
};

/* "minmax", "zscore", "rank", "target" / "arithmetic", "geometric",
 * "harmonic"; the parsers return 0, or -1 for an unknown name. */
const char *bench_norm_name(enum bench_norm m);
int bench_norm_from_name(const char *s, enum bench_norm *m);
const char *bench_agg_name(enum bench_agg a);
int bench_agg_from_name(const char *s, enum bench_agg *a);

/*
 * Normalises one indicator x[0..n) (NaN = missing) with direction dir into
 * out[0..n) (out may not alias x), as the OECD/JRC handbook (and COINr's
 * n_minmax, n_zscore, n_dist2targ with cap) after applying the direction:
 *   R: d <- dir * x
 *   minmax  lo + (hi - lo) * (d - min(d, na.rm = TRUE)) / (max(d) - min(d))
 *   zscore  (d - mean(d, na.rm = TRUE)) / sd(d, na.rm = TRUE)
 *   rank    100 * rank(d, ties.method = "max", na.last = "keep") / sum(!is.na(d))
 *   target  lo + (hi - lo) * pmin(1, (d - min(d)) / (dir * target - min(d)))
 * lo and hi are used by minmax and target only; target only by target.
 * Missing x gives missing out. Undefined cases leave every out NAN and set
 * *why (static; NULL otherwise): "constant" (minmax: max = min; zscore: sd =
 * 0), "fewer than 2 values" (zscore). Errors: no value at all (DIAG_DATA
 * "no values"); an infinite value (DIAG_DATA); target normalisation with a
 * target not better than the worst value, dir * target <= min d (DIAG_USAGE
 * "the target V is not better than the worst value W"), or a NaN target
 * (DIAG_USAGE "no target"); lo >= hi (DIAG_USAGE).
 */
int bench_normalise(const double *x, size_t n, int dir, enum bench_norm m, double lo, double hi,
		    double target, double *out, const char **why, struct diag *d);

/*
 * Aggregates the k components x[0..k) of one unit with weights w[0..k)
 * (>= 0). A component is used when x is not missing and w > 0; weights are
 * rescaled over the used components (divided by their sum):
 *   arithmetic  sum w x / sum w
 *   geometric   exp(sum w ln x / sum w)
 *   harmonic    sum w / sum (w / x)
 * Returns the score; *used gets the number of used components. Missing
 * (NAN) with *why set (static) when no component is used ("no indicator
 * values", or "zero weights" when values exist but every weight of them is
 * 0), or, for geometric and harmonic, when a used x is <= 0 ("value <= 0"):
 * *bad then gets its index (else *bad = k). used, why, bad may be NULL.
 */
double bench_aggregate(const double *x, const double *w, size_t k, enum bench_agg a, size_t *used,
		       const char **why, size_t *bad);

/* The definition of a composite index over k indicators. */
struct composite_spec {
	size_t k;
	const int *direction;     /* k entries +1/-1; NULL = all +1 */
	const double *weights;    /* k entries >= 0, not all 0; NULL = equal */
	enum bench_norm norm;
	enum bench_agg agg;
	double lo, hi;            /* min-max / target range */
	const double *targets;    /* k raw-unit targets (BENCH_NORM_TARGET), else NULL */
	const char *const *units;      /* n unit names for messages, or NULL ("#3") */
	const char *const *indicators; /* k indicator names for messages, or NULL ("#2") */
};

/*
 * The composite index of n units: x is the n-by-k matrix of raw values,
 * row-major (x[i * k + j] = indicator j of unit i; NaN = missing). Each
 * indicator is normalised (bench_normalise) into norm[i * k + j], then each
 * unit aggregated (bench_aggregate) into score[i] with used[i] components
 * and why[i] (NULL or the reason of a missing score). An indicator that
 * bench_normalise leaves undefined (constant) is missing for every unit;
 * its index goes into dropped[j] = 1 (else 0). used, why and dropped may be
 * NULL. Errors: those of bench_normalise with the indicator named
 * ("indicator 'X': no values"); with geometric or harmonic aggregation a
 * used normalised value <= 0 (DIAG_DATA "geometric aggregation needs values
 * > 0: unit 'U', indicator 'X' is 0 after minmax normalisation (a range
 * above 0 avoids this: --range 1,100)"); weights negative or all 0
 * (DIAG_USAGE); out of memory (DIAG_INTERNAL). norm, score (and used, why)
 * are filled up to the failing unit only.
 */
int bench_composite_scores(const struct composite_spec *s, const double *x, size_t n, double *norm,
			   double *score, size_t *used, const char **why, unsigned char *dropped,
			   struct diag *d);

/* Monte-Carlo rank uncertainty of a composite index. */
struct composite_mc_opts {
	size_t draws;             /* >= 1 */
	double noise;             /* f in [0, 1]: each weight times (1 + f (2u - 1)) */
	unsigned long seed;       /* gsl_rng_mt19937 seed */
	int vary_method;          /* also draw the normalisation and aggregation */
};

/* The draws and the rank summaries of every unit (owned; see _free). */
struct composite_mc {
	size_t draws, n, k;
	enum bench_norm *norm;    /* draws entries: the normalisation of each draw */
	enum bench_agg *agg;      /* draws entries */
	double *weights;          /* draws * k: the weights of draw r at [r * k] (before rescaling) */
	double *median_rank;      /* n entries: type-7 quantiles of the unit's ranks over */
	double *rank_p05;         /*   the draws where it has a score; NAN when none */
	double *rank_p95;
	size_t *ranked;           /* n entries: draws where the unit has a score */
};

/*
 * Draws o->draws composite indices around the nominal one (spec s, data x
 * as bench_composite_scores) and ranks the units in each (1 = best, ties
 * the smallest rank). Random numbers: one gsl_rng_mt19937 seeded with
 * o->seed; for each draw, in this order: when o->vary_method one
 * gsl_rng_uniform_int(r, 5) choosing (normalisation, aggregation) among
 * (minmax, arithmetic), (zscore, arithmetic), (rank, arithmetic), (minmax,
 * geometric), (rank, geometric) -- z-scores are negative, so (zscore,
 * geometric) is not offered; then one gsl_rng_uniform u_j per indicator in
 * order, the draw's weight w_j (1 + f (2 u_j - 1)). Without vary_method
 * every draw uses the nominal normalisation and aggregation. Min-max in a
 * varied draw uses [s->lo, s->hi] unless the draw is geometric and s->lo
 * <= 0, then [1, 100]. The same seed gives the same draws bit for bit; with
 * f = 0 and no variation every draw reproduces the nominal ranks.
 * Returns NULL with d set: the errors of bench_composite_scores, a
 * draws * n or draws * k size that overflows, out of memory.
 */
struct composite_mc *bench_composite_mc(const struct composite_spec *s, const double *x, size_t n,
					const struct composite_mc_opts *o, struct diag *d);
void bench_composite_mc_free(struct composite_mc *mc);

/* ---------------------------------------------------------------- */
/* composite: the table function (src/bench_composite.c)             */
/* ---------------------------------------------------------------- */

struct composite_opts {
	size_t unit;                 /* unit column (any type) */
	const size_t *indicators;    /* numeric indicator columns */
	size_t nind;
	const int *direction;        /* nind entries; NULL = all +1 */
	const double *weights;       /* nind entries; NULL = equal */
	enum bench_norm norm;
	enum bench_agg agg;
	double lo, hi;               /* range; NAN, NAN = default: [0, 100], or [1, 100]
				      * with geometric or harmonic aggregation */
	const double *targets;       /* nind raw targets (BENCH_NORM_TARGET), else NULL */
	size_t draws;                /* Monte-Carlo draws; 0 = no uncertainty analysis */
	double noise;                /* weight noise f */
	unsigned long seed;
	int vary_method;
};

/*
 * Composite index: table `composite`, one row per unit ordered by rank
 * (units without a score last, then by unit in Turkish alphabetical order):
 * unit, score, rank, norm_<indicator> for each indicator, n_indicators
 * (components used), note. With o->draws > 0 also `composite_uncertainty`
 * (unit, nominal_rank, median_rank, rank_p05, rank_p95, draws, seed; same
 * order) and `composite_draws` (draw, normalise, aggregate, w_<indicator>
 * ...; one row per draw). Provenance: normalise, aggregate, range, weights,
 * directions and, with draws, seed, draws, weight_noise, vary_method.
 * One selected row per unit (duplicates: DIAG_DATA naming both lines); rows
 * without a unit are left out (warning); a constant indicator is left out
 * (warning). Errors: see bench_composite_scores; a non-numeric indicator
 * (DIAG_USAGE); an indicator without values (DIAG_DATA); weights negative
 * or all zero, a missing target (DIAG_USAGE).
 */
int bench_composite(const struct table *t, const struct composite_opts *o,
		    const struct selection *sel, struct result_set *rs, struct diag *d);

/* ---------------------------------------------------------------- */
/* Subcommands (src/cmd_peers.c)                                      */
/* ---------------------------------------------------------------- */

/* Each runs as the other analysis commands (cli.h): cx is NULL or zero on
 * the command line; a job passes its loaded table, rows, result set and diag. */
struct cli_ctx;

/* clusterbench peers FILE --unit COL --indicators A,B [--peer-group COL] ... */
int cmd_peers(struct cli_ctx *cx, int argc, char **argv);
/* clusterbench composite FILE --unit COL --indicators A,B [--weights ...] ... */
int cmd_composite(struct cli_ctx *cx, int argc, char **argv);

#endif
