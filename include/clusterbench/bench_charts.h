/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench_charts: the default charts of correlate, regress and the benchmarking commands. */
#ifndef CLUSTERBENCH_BENCH_CHARTS_H
#define CLUSTERBENCH_BENCH_CHARTS_H

#include <stddef.h>

#include "clusterbench/analysis.h"
#include "clusterbench/bench_peers.h"
#include "clusterbench/bench_programme.h"
#include "clusterbench/bench_regional.h"
#include "clusterbench/diag.h"
#include "clusterbench/result.h"
#include "clusterbench/table.h"

/*
 * Chart models of the analyses that analysis_charts.c does not draw, built
 * from the result tables the analysis has just put into rs and, where the
 * chart shows single values, from the data table t and its selection sel.
 *
 * Conventions of every function here (those of analysis_describe_charts):
 *  - kinds limits the charts to the listed kind names (chart_set_wants;
 *    NULL = every default chart of the method). Only names of the job
 *    vocabulary are used: bar, box, line, scatter, dotstrip, heatmap, rank,
 *    bullet, radar, coef. Several charts of one kind are named
 *    "VALUE-KIND" (an indicator, a region), one chart is named "KIND".
 *    Characters that do not belong in a file name ('/', '\\', ':', spaces
 *    and the like) become '-' in VALUE.
 *  - o gives the locale (en or tr: titles, fixed words and numbers), the
 *    source for the caption, a unit that replaces the columns' own units
 *    (NULL: each column's `unit`), and a context appended to every title
 *    ("Productivity by province — Samsun"; tr "... (Samsun)"). o NULL:
 *    English, no source, no context.
 *  - Captions carry the source, n, the reference and the --where filter.
 *  - A chart that the options cannot give (the regional portfolio without
 *    --from/--to, peer strips over several peer groups without --focus) is
 *    left out with a warning in rs saying how to get it; the analysis
 *    still succeeds. Result tables missing from rs are taken as "nothing
 *    to draw".
 *  - The models go into cs (owned by cs). Returns 0, or -1 with d set:
 *    DIAG_DATA when a chart builder refuses the numbers (e.g. an infinite
 *    value), DIAG_INTERNAL when out of memory. Charts added before an
 *    error stay in cs.
 * t, sel, rs and the option structs are borrowed and not changed (rs only
 * gains warnings).
 */

/*
 * correlate: "scatter" of the first pair of `correlations` (x and y of its
 * first row) over the selected rows with pairs complete, with the OLS line
 * of y on x and its 95 % band; the subtitle gives that row's coefficient,
 * its interval (level conf, as the analysis used) and p value. With 3 or
 * more vars also "heatmap" of the matrix of r of the first method listed
 * in the table (the diagonal grey, colours limited to -1..1, r printed
 * with 2 decimals, colour bar titled "r").
 */
int bench_charts_correlate(const struct table *t, const size_t *vars, size_t nvars,
			   const struct selection *sel, double conf, struct result_set *rs,
			   const char *const *kinds, const struct chart_opts *o,
			   struct chart_set *cs, struct diag *d);

/*
 * regress: "coef", the rows of `regression` except "(intercept)" in the
 * table's order, each estimate with its interval (conf), the values
 * printed beside them up to 15 terms; the caption names the kind of
 * standard error (classic, HC1, or cluster-robust by cluster_name, from
 * the `model` table's vcov column), R² and n. Terms without an estimate
 * are left out (counted in the caption). ycol names the response (axis
 * title and unit).
 */
int bench_charts_regress(const struct table *t, size_t ycol, double conf,
			 const char *cluster_name, const struct selection *sel,
			 struct result_set *rs, const char *const *kinds,
			 const struct chart_opts *o, struct chart_set *cs, struct diag *d);

/*
 * peers: the units of one peer group are drawn: the focal unit's group
 * with o->focus, else all units (no --peer-group or a single group).
 * "INDICATOR-dotstrip" for each indicator (named "dotstrip" for one): the
 * units ranked after the direction, the focal unit highlighted (none
 * without focus), the peer median (type 7, as the peers table) as a dashed
 * line. "heatmap": directed z-scores dir (x - mean)/sd of every unit and
 * indicator, rows sorted by the mean of a unit's z-scores (best first),
 * the focal row outlined. With focus and 3 to 8 indicators, all of them
 * with a value for the focal unit, "radar": the focal unit's percentile
 * ranks (100 k/n, as `peer_profile`) against the peer median at 50.
 * Units whose peer-group value is missing are not drawn (as in the table).
 * Errors: those of bench_collect_units (duplicate units) and the builders.
 */
int bench_charts_peers(const struct table *t, const struct peers_opts *po,
		       const struct selection *sel, struct result_set *rs,
		       const char *const *kinds, const struct chart_opts *o,
		       struct chart_set *cs, struct diag *d);

/*
 * composite: "bar", the scores of `composite` as ranked horizontal bars
 * (best at the top) with the median score as a dashed line; units without
 * a score are listed last with "no data". With co->draws > 0 also "rank",
 * the nominal, median and 5-95 % ranks of `composite_uncertainty` (units
 * without ranks left out).
 */
int bench_charts_composite(const struct table *t, const struct composite_opts *co,
			   const struct selection *sel, struct result_set *rs,
			   const char *const *kinds, const struct chart_opts *o,
			   struct chart_set *cs, struct diag *d);

/*
 * provinces: for each indicator of po (named "INDICATOR-KIND" when there
 * are several): "bar", the province means of `province_benchmark` with
 * their intervals, n under each province, the pilot reference (and the
 * national value when given) as dashed lines, and the Welch ANOVA of
 * `tests` in the caption; "box", Tukey box plots of the selected values
 * by province (analysis_chart_box).
 */
int bench_charts_provinces(const struct table *t, const struct provinces_opts *po,
			   const struct selection *sel, struct result_set *rs,
			   const char *const *kinds, const struct chart_opts *o,
			   struct chart_set *cs, struct diag *d);

/* Most regions drawn as separate portfolio charts / as shift-share bars. */
#define BENCH_CHARTS_MAX_PORTFOLIOS 8
#define BENCH_CHARTS_MAX_SHIFT_REGIONS 12

/*
 * regional (only with ro->span, i.e. --from and --to): "scatter", one
 * portfolio chart per output region of `location_quotients` (named
 * "REGION-scatter" when there are several; at most
 * BENCH_CHARTS_MAX_PORTFOLIOS regions, else none and a warning): a point
 * per sector at x = its LQ in the end year and y = the growth of the
 * region's sector value 100 (e_to / e_from - 1) %, labelled with the
 * sector; dashed lines at LQ = 1 and at the growth of the reference
 * economy 100 (N_to / N_from - 1) % (from `shift_share`: national_share /
 * r0). Sectors with no value in the start year (growth undefined) are
 * left out and counted in the caption. "bar": the three Dunn components
 * of `shift_share` (national share, industry mix, regional shift) as
 * grouped bars per region (at most BENCH_CHARTS_MAX_SHIFT_REGIONS regions,
 * else none and a warning), a zero line, negative bars downwards.
 */
int bench_charts_regional(const struct table *t, const struct regional_opts *ro,
			  const struct selection *sel, struct result_set *rs,
			  const char *const *kinds, const struct chart_opts *o,
			  struct chart_set *cs, struct diag *d);

/*
 * target: "bullet", a row per row of `targets` (the "all" row first, then
 * the groups, "value / value" for several by-columns, with n units): the
 * mean relative change in percent from 0 with its interval, the target as
 * the tick, and bands below half the target, below the target and at or
 * above it (for a target <= 0: below and at or above). The subtitle gives
 * the share of all units reaching the target.
 */
int bench_charts_target(const struct table *t, const struct target_opts *to,
			const struct selection *sel, struct result_set *rs,
			const char *const *kinds, const struct chart_opts *o,
			struct chart_set *cs, struct diag *d);

/*
 * did: "line", the treated and control means per period of `did_trends`
 * (raw values; with do_->log the geometric mean exp(mean ln y), so the
 * axis keeps the outcome's unit), a dashed marker between the last pre
 * and the first post period labelled with the programme start, and the
 * regression estimate of `did` (in percent with log) in the caption.
 */
int bench_charts_did(const struct table *t, const struct did_opts *do_,
		     const struct selection *sel, struct result_set *rs,
		     const char *const *kinds, const struct chart_opts *o,
		     struct chart_set *cs, struct diag *d);

#endif
