/* SPDX-License-Identifier: GPL-3.0-or-later */
/* analysis: table + parameters -> result tables; shared by commands and jobs. */
#ifndef CLUSTERBENCH_ANALYSIS_H
#define CLUSTERBENCH_ANALYSIS_H

#include <stddef.h>

#include "clusterbench/chart.h"
#include "clusterbench/diag.h"
#include "clusterbench/render.h"
#include "clusterbench/result.h"
#include "clusterbench/stats.h"
#include "clusterbench/table.h"

/* Rows an analysis uses: a keep mask (NULL = all rows) and how it was made. */
struct selection {
	const unsigned char *keep;
	const char *where;           /* the expression, for notes, or NULL */
	size_t kept;
};

/*
 * describe: the `descriptives` table: one row per group of the by-columns
 * and value column, with n, missing, mean, sd, se, ci_low, ci_high (conf t
 * interval), min, q1, median, q3, max (type-7 quantiles), iqr, cv, skewness,
 * kurtosis (excess). Value columns must be numeric (DIAG_USAGE otherwise);
 * by-columns may be of any type. Undefined statistics are missing.
 */
int analysis_describe(const struct table *t, const size_t *values, size_t nvalues,
		      const size_t *by, size_t nby, const struct selection *sel, double conf,
		      struct result_set *rs, struct diag *d);

/* describe with percentile bootstrap intervals of the mean and the median
 * (boot resamples, mt19937 seeded with seed; boot = 0: none), added as the
 * columns boot_mean_low/high and boot_median_low/high. */
int analysis_describe_boot(const struct table *t, const size_t *values, size_t nvalues,
			   const size_t *by, size_t nby, const struct selection *sel, double conf,
			   size_t boot, unsigned long seed, struct result_set *rs, struct diag *d);

/* What describe computed, for its charts to reuse instead of grouping and
 * describing again: the groups (labels and offsets; rows released), by
 * their first two by-columns, and desc[v * groups.ngroups + gi] for value
 * column v of the call. With want_sorted set by the caller (and no
 * bootstrap) also the sorted non-missing values of group gi and column v,
 * desc[..].n of them from sorted + sorted_start[v * groups.ngroups + gi]. */
struct describe_memo {
	int want_sorted;
	struct groups groups;
	struct stats_desc *desc;
	double *sorted;
	size_t *sorted_start;
	size_t nvalues, nby;
	size_t by[2];
};

/* analysis_describe_boot that also fills memo (when not NULL; its
 * want_sorted is read, the rest set; release it with describe_memo_release,
 * also after a failure). */
int analysis_describe_memo(const struct table *t, const size_t *values, size_t nvalues,
			   const size_t *by, size_t nby, const struct selection *sel, double conf,
			   size_t boot, unsigned long seed, struct result_set *rs,
			   struct describe_memo *memo, struct diag *d);
void describe_memo_release(struct describe_memo *m);

enum posthoc_method { POSTHOC_TUKEY, POSTHOC_GAMES_HOWELL, POSTHOC_NONE };

struct compare_opts {
	double conf;
	enum posthoc_method posthoc;
	enum stats_adjust adjust;    /* across value columns, per test */
	/* paired design: id column, time column, the two time values */
	long paired_id, paired_time; /* -1 when not paired */
	const char *from, *to;
};

/*
 * compare: groups of the by-column compared on each value column.
 * Two groups: welch_t, student_t, mann_whitney_u, levene_f; more: anova_f,
 * welch_anova_f, levene_f, kruskal_h and the post-hoc table. Paired:
 * paired_t and wilcoxon_v on value(to) − value(from) matched by id.
 * Tables `descriptives`, `tests` (with p_adj across value columns) and
 * `posthoc`. A group with too few values is a DIAG_DATA error naming it.
 */
int analysis_compare(const struct table *t, const size_t *values, size_t nvalues, long by,
		     const struct selection *sel, const struct compare_opts *o,
		     struct result_set *rs, struct diag *d);

enum corr_method { CORR_PEARSON, CORR_SPEARMAN, CORR_KENDALL };
/* "pearson", "spearman", "kendall", indexed by enum corr_method. */
extern const char *const analysis_corr_names[];

/*
 * correlate: every pair of the numeric columns vars, for each method, on the
 * pairwise complete rows: table `correlations` (x, y, method, n, r,
 * statistic, df, p, p_adj across the pairs of a method, ci_low, ci_high
 * (Pearson only, Fisher z), note). Fewer than 3 pairs is DIAG_DATA.
 */
int analysis_correlate(const struct table *t, const size_t *vars, size_t nvars,
		       const enum corr_method *methods, size_t nmethods,
		       const struct selection *sel, double conf, enum stats_adjust adjust,
		       struct result_set *rs, struct diag *d);

struct regress_opts {
	double conf;
	int no_intercept;
	int vcov;                        /* enum ols_vcov */
	long cluster;                    /* column for cluster-robust SE, or -1 */
	const char *const *references;   /* pairs column, level: dummy reference levels */
	size_t nreferences;
};

/*
 * regress: OLS of the numeric column ycol on xcols (as R's lm): numeric
 * predictors as they are, categorical ones as dummies against a reference
 * level (the first in Turkish alphabetical order unless o->references names
 * one). Rows with a missing value in any used column are left out (noted).
 * Tables `regression` (term, estimate, se, t, p, ci_low, ci_high) and
 * `model` (n, k, r2, adj_r2, sigma, f, df1, df2, p, vcov, note).
 */
int analysis_regress(const struct table *t, size_t ycol, const size_t *xcols, size_t nx,
		     const struct regress_opts *o, const struct selection *sel,
		     struct result_set *rs, struct diag *d);

/* ---- default charts of the analyses (analysis_charts.c) ---- */

/* What every chart of a run shares. */
struct chart_opts {
	enum chart_locale locale;
	const char *source;      /* caption "Source: ..." (e.g. the file name), or NULL */
	const char *unit;        /* value unit for the axis title, or NULL */
	const char *context;     /* appended to titles ("Samsun" for one foreach
				  * value), or NULL */
};

/* Built chart models with their kind names ("box", "bar", ...); owned. */
struct chart_item {
	char *name;
	struct chart *model;
};
struct chart_set {
	struct chart_item *items;
	size_t n;
};
void chart_set_init(struct chart_set *cs);
void chart_set_release(struct chart_set *cs);
/* True when kind is in the NULL-terminated list kinds (NULL = all). */
int chart_set_wants(const char *const *kinds, const char *kind);

/* Box plot of a numeric column by the groups of bycol (type-7 quartiles,
 * Tukey whiskers, outliers, mean); note (e.g. the test result) goes into
 * the caption. Added to cs as "box". */
int analysis_chart_box(const struct table *t, size_t vcol, size_t bycol,
		       const struct selection *sel, const struct chart_opts *o, const char *title,
		       const char *note, struct chart_set *cs, struct diag *d);

/* Bars of the mean with conf t intervals by bycol, grouped by seriescol
 * (-1 = one series). Added to cs as "bar". */
int analysis_chart_bar(const struct table *t, size_t vcol, size_t bycol, long seriescol,
		       const struct selection *sel, const struct chart_opts *o, double conf,
		       const char *title, const char *note, struct chart_set *cs, struct diag *d);

/* Lines of the mean by the numeric xcol (years), one per level of
 * seriescol (-1 = one line); gaps where a group has no value. Drawn by
 * describe only when `line` is asked for. Added to cs as "line". */
int analysis_chart_line(const struct table *t, size_t vcol, size_t xcol, long seriescol,
			const struct selection *sel, const struct chart_opts *o, double conf,
			const char *title, struct chart_set *cs, struct diag *d);

/* The default charts of describe (box and bar of each value column by the
 * first by-column, bars grouped by the second) and of compare (box and bar
 * by the groups, the main test in the caption). kinds limits them (NULL =
 * all). Charts of several value columns are named "VALUE-KIND". */
int analysis_describe_charts(const struct table *t, const size_t *values, size_t nvalues,
			     const size_t *by, size_t nby, const struct selection *sel, double conf,
			     const char *const *kinds, const struct chart_opts *o,
			     struct chart_set *cs, struct diag *d);
/* The same, with the bars and lines drawn from memo (from the describe of
 * the same table, values, by-columns, selection and conf; NULL: computed
 * here) when its groups are those of the chart. */
int analysis_describe_charts_memo(const struct table *t, const size_t *values, size_t nvalues,
				  const size_t *by, size_t nby, const struct selection *sel,
				  double conf, const char *const *kinds,
				  const struct chart_opts *o, const struct describe_memo *memo,
				  struct chart_set *cs, struct diag *d);
int analysis_compare_charts(const struct table *t, const size_t *values, size_t nvalues,
			    long by, const struct selection *sel, double conf,
			    const struct result_set *rs, const char *const *kinds,
			    const struct chart_opts *o, struct chart_set *cs, struct diag *d);

/* "STEM-KIND.EXT" with KIND transliterated to ASCII (text_fold). Caller frees. */
char *chart_file_name(const char *stem, const char *kind, const char *ext);

/* Renders every chart of cs as DIR/STEM-KIND.FORMAT for each format
 * (NULL-terminated list of png, pdf, svg); atomic per file. */
int chart_set_render(const struct chart_set *cs, const char *dir, const char *stem,
		     const char *const *formats, const struct render_opts *ro, struct diag *d);
/* Chart i of cs in one format, as chart_set_render does it: the pieces a
 * pool can render side by side. */
int chart_set_render_one(const struct chart_set *cs, size_t i, const char *dir,
			 const char *stem, const char *format, const struct render_opts *ro,
			 struct diag *d);

/* ---- helpers shared by the analyses ---- */

/* DIAG_USAGE unless every value column is numeric. */
int analysis_check_numeric(const struct table *t, const size_t *values, size_t nvalues,
			   struct diag *d);
/* The `descriptives` table of rs (created with the by-columns when absent). */
struct result_table *analysis_desc_table(struct result_set *rs, const struct table *t,
					 const size_t *by, size_t nby);
/* Appends one descriptives row: group labels, variable, statistics and the
 * reasons for missing statistics in `note`. -1 on allocation failure. */
int analysis_desc_row(struct result_table *rt, const struct table *t, const size_t *by,
		      size_t nby, const char *const *labels, const char *variable,
		      const struct stats_desc *s);
/* The notes of a descriptives table rt made from the groups g (the rows a
 * missing by-value left out, the where selection, the interval), and the
 * warning of the rows left out in rs. */
void analysis_desc_notes(struct result_set *rs, struct result_table *rt,
			 const struct table *t, const struct groups *g,
			 const struct selection *sel, double conf);
/* Sets a group label cell: a number when the table column is numeric. */
void analysis_set_label(struct result_table *rt, size_t row, size_t col, const struct table *t,
			size_t tcol, const char *label);

#endif
