/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench_programme: target attainment, difference-in-differences and the province benchmark. */
#ifndef CLUSTERBENCH_BENCH_PROGRAMME_H
#define CLUSTERBENCH_BENCH_PROGRAMME_H

#include <stddef.h>

#include "clusterbench/analysis.h"
#include "clusterbench/diag.h"
#include "clusterbench/result.h"
#include "clusterbench/stats.h"
#include "clusterbench/table.h"

/*
 * Programme evaluation (METHODS.md, "Programme evaluation") and the province
 * benchmark (METHODS.md, "Benchmarking against peers"). Each function reads
 * a loaded table (borrowed, never changed) and the rows chosen by --where
 * (struct selection, NULL = all rows), adds its result tables to rs (owned
 * by rs), and returns 0, or -1 with the first error in d:
 *   DIAG_USAGE  an option that does not fit the data (a text column where a
 *               number is needed, a --from value that never occurs...);
 *   DIAG_DATA   data that cannot give a result (duplicate (id, time) rows,
 *               no usable unit, a treatment that is not 0/1...), with the
 *               file and line when one row is to blame;
 *   DIAG_INTERNAL out of memory.
 * Undefined numbers are missing cells (NAN in memory) with the reason in the
 * row's `note`; nothing is ever printed as nan or inf. Rows left out are
 * counted in warnings of rs ("12 units left out: ...").
 */

/* ---- target attainment (src/bench_programme.c) ---- */

struct target_opts {
	size_t value;        /* numeric outcome column */
	size_t id;           /* unit column (any type) */
	size_t time;         /* period column (numeric or text) */
	const char *from;    /* baseline period, as written (a number for a numeric column) */
	const char *to;      /* end period */
	double target;       /* relative change to reach, e.g. 0.20 for +20 % */
	const size_t *by;    /* grouping columns (nby of them; NULL when nby = 0) */
	size_t nby;
	double conf;         /* level of every interval, in (0, 1) */
	size_t boot;         /* bootstrap replicates for a percentile interval; 0 = none */
	unsigned long seed;  /* seed of the bootstrap (gsl mt19937; see stats_boot_percentile) */
};

/*
 * Target attainment: table `targets`, an "all" row first, then one row per
 * group of the by-columns (Turkish alphabetical / numeric order). With no
 * by-columns the table has one column `group` holding "all"; otherwise one
 * text column per by-column, "all" in each for the first row.
 *
 * A unit is an id value. It is used when it has a row at `from` and a row
 * at `to` (among the selected rows), both values present and x_from > 0;
 * its relative change is c = (x_to - x_from)/x_from. A unit's group is
 * taken from its `from` row (baseline); units whose by-value changes by
 * `to` are counted in a warning, units without a by-value at baseline are
 * in the "all" row only (warning).
 *
 * Columns: the group column(s), from, to, n_units, mean_change (mean of c:
 * the average unit's gain), mean_ci_low/high (t interval, mean -+
 * t(1-(1-conf)/2, n-1) sd/sqrt(n)), boot_ci_low/high (only when boot > 0:
 * percentile bootstrap of the mean with the same seed for every row),
 * median_change (type 7), n_reaching and share_reaching (units with c >=
 * target - 1e-12 (1 + |target|), the slack absorbing the rounding of the
 * division), share_ci_low/high (Wilson score interval: prop.test(k, n,
 * correct = FALSE)), target, t_statistic and p_one_sided (one-sided t test
 * of H0: mean change <= target against H1: > target on n - 1 df, as
 * t.test(c, mu = target, alternative = "greater")), ratio_of_means_change
 * (sum x_to / sum x_from - 1 over the same units: the aggregate gain,
 * weighted by baseline size, which programme reports usually quote), note.
 * n = 1 leaves the intervals and the test missing ("n < 2"); zero variance
 * leaves the test missing ("zero variance").
 *
 * Provenance: target, from, to and, with a bootstrap, boot_replicates and
 * seed. Errors: a non-numeric value column, or a from/to value that cannot
 * occur in the time column (DIAG_USAGE); from == to (DIAG_USAGE); two
 * selected rows with the same (id, time) at from or to (DIAG_DATA naming
 * both lines: "duplicate row for firm_id 'X', year 2010: lines 2 and 4");
 * no usable unit (DIAG_DATA with the counts of each reason).
 */
int bench_target(const struct table *t, const struct target_opts *o,
		 const struct selection *sel, struct result_set *rs, struct diag *d);

/*
 * Parses a target change: "20%", "+20%", "-5%", "0.2", "+0.2" (a plain
 * number is a fraction and must satisfy |v| < 1, since "20" would be
 * +2000 %: write "20%"; larger targets are written in percent, "150%").
 * The result must be > -1 (a change below -100 % is impossible for
 * positive values). Returns 0 and *target, or -1 with a DIAG_USAGE message
 * naming the text (no option name: the caller adds it).
 */
int bench_parse_target(const char *text, double *target, struct diag *d);

/*
 * Wilson score interval for k successes in n trials at level conf, as R's
 * prop.test(k, n, conf.level = conf, correct = FALSE)$conf.int:
 * (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), z the
 * (1+conf)/2 normal quantile; clipped to [0, 1] against rounding. n = 0 or
 * k > n or conf outside (0, 1): both NAN. Never fails.
 */
void bench_wilson(size_t k, size_t n, double conf, double *lo, double *hi);

/* ---- difference-in-differences (src/bench_programme.c) ---- */

struct did_opts {
	size_t value;        /* numeric outcome */
	size_t id;           /* unit column (any type): clusters of the robust SE */
	size_t time;         /* numeric period column */
	size_t treat;        /* numeric 0/1 column, constant within a unit */
	double post_from;    /* rows with time >= post_from are "post" */
	double pre_from;     /* rows with pre_from <= time < post_from are "pre"; NAN = all before */
	int log;             /* analyse ln(y); rows with y <= 0 are left out (warning) */
	double conf;
};

/*
 * Difference-in-differences, METHODS.md: rows used are the selected rows
 * with id, time (>= pre_from), treat and y present (and y > 0 with log).
 *
 * Table `did`, two rows (columns method, estimate, se, t, df, p, ci_low,
 * ci_high, effect_percent, effect_ci_low, effect_ci_high, n_obs, n_units,
 * n_clusters, note):
 *  - "means_2x2": delta = (Ybar_T,post - Ybar_T,pre) - (Ybar_C,post -
 *    Ybar_C,pre) computed over units: each unit's mean over its pre rows
 *    and over its post rows, the units observed in both periods, delta =
 *    mean change of treated units - mean change of control units. Its se,
 *    t, df, p and interval are Welch's two-sample test on the unit changes
 *    (t.test(dT, dC)), which treats units as independent. n_clusters is
 *    missing.
 *  - "regression": y = a + b Treat + g Post + delta Treat*Post by OLS on
 *    every row used (ols_fit), SE cluster-robust by id (OLS_CLUSTER: vcovCL
 *    HC1 factor G/(G-1) (n-1)/(n-k)), t and interval on G - 1 df.
 * The model is saturated in the four cells, so the regression delta is the
 * difference of the four cell means over rows; the two estimates are equal
 * when every unit is observed in every period, and differ when the panel
 * is unbalanced (entry, exit, missing cells): then the regression weights
 * units by their number of rows and also uses units seen in one period only.
 * With log, effect_percent = 100 (e^delta - 1) and its interval is the
 * interval of delta transformed the same way; without log they are missing.
 *
 * Table `did_trends`: one row per time and group (control first): time,
 * period ("pre"/"post"), group ("control"/"treated"), n, mean, se, ci_low,
 * ci_high (of the rows used; on the log scale with log).
 *
 * Table `did_pretrend` (the parallel-trends check): OLS of y on (time -
 * mean pre time), treat and their product over the pre rows, SE
 * cluster-robust by id: rows "control" (slope of time), "treated" (slope
 * + interaction, se from the covariance) and "difference" (the interaction:
 * treated slope - control slope), columns group, slope, se, t, df, p,
 * ci_low, ci_high, n_obs, n_units, note. Fewer than two pre times, or a fit
 * that fails on the data, leaves the numbers missing with the reason in note.
 *
 * Errors: time or value not numeric, treat not numeric (DIAG_USAGE); a treat
 * value other than 0/1 (DIAG_DATA with its line); treat changing within a
 * unit (DIAG_DATA naming both lines); duplicate (id, time) (DIAG_DATA naming
 * both lines); no pre or no post rows of a group (DIAG_DATA); errors of
 * ols_fit (DIAG_DATA, e.g. fewer than 2 units).
 */
int bench_did(const struct table *t, const struct did_opts *o, const struct selection *sel,
	      struct result_set *rs, struct diag *d);

/* ---- province benchmark (src/bench_provinces.c) ---- */

enum bench_reference {
	BENCH_REF_PROVINCE_MEANS, /* unweighted mean of the province means (default) */
	BENCH_REF_POOLED          /* mean of all values of the provinces (weighted by n) */
};

struct provinces_opts {
	const size_t *values;         /* numeric indicator columns */
	size_t nvalues;
	size_t province;              /* grouping column (normally `province`) */
	enum bench_reference reference;
	const double *national;       /* nvalues national reference values, NAN = none; or NULL */
	const int *lower_better;      /* nvalues flags (1 = lower is better); or NULL */
	double conf;
	enum posthoc_method posthoc;  /* POSTHOC_GAMES_HOWELL (default), _TUKEY or _NONE */
	enum stats_adjust adjust;     /* p_adj of each test across the indicators */
};

/*
 * Province benchmark: table `province_benchmark`, one row per indicator and
 * province (indicators in the order given, provinces in Turkish
 * alphabetical order): province, indicator, n, mean, sd, ci_low, ci_high
 * (t interval at conf), median (type 7), reference (what pilot_mean is),
 * pilot_mean, diff_to_pilot (mean - pilot_mean), diff_pct (100 diff /
 * |pilot_mean|, missing when it is 0), national, diff_to_national,
 * better ("higher"/"lower"), rank (1 = best mean among the provinces with
 * values; ties share the smallest rank), note. The reference is computed
 * over the provinces present in the selected rows.
 *
 * Table `tests`, per indicator (the columns of compare's `tests`: test,
 * variable, group_a, group_b, n, statistic, df1, df2, p, p_adj, estimate,
 * ci_low, ci_high, effect, effect_kind, effect2, effect2_kind, note):
 * anova_f, welch_anova_f, levene_f and kruskal_h across the provinces with
 * at least 2 values (others are left out with a note); p_adj by o->adjust
 * across the indicators, per test. Table `posthoc` (method, variable,
 * group_a, group_b, diff, se, statistic, df, lwr, upr, p_adj) with the
 * pairs of o->posthoc unless POSTHOC_NONE.
 *
 * Errors: a non-numeric indicator (DIAG_USAGE); no province with a value of
 * an indicator (DIAG_DATA); errors of the tests (DIAG_DATA).
 */
int bench_provinces(const struct table *t, const struct provinces_opts *o,
		    const struct selection *sel, struct result_set *rs, struct diag *d);

/* ---- subcommands (src/cmd_programme.c) ---- */

/* Each runs as the other analysis commands (cli.h): cx is zero on the command
 * line; a job passes its loaded table, rows, result set and diag. */
struct cli_ctx;

/* clusterbench target FILE --value COL --id COL --time COL --from A --to B --target T ... */
int cmd_target(struct cli_ctx *cx, int argc, char **argv);
/* clusterbench did FILE --value COL --id COL --time COL --treat COL --post-from YEAR ... */
int cmd_did(struct cli_ctx *cx, int argc, char **argv);
/* clusterbench provinces FILE --value COL[,COL...] [--province COL] ... */
int cmd_provinces(struct cli_ctx *cx, int argc, char **argv);

#endif
