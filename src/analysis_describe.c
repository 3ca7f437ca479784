/* SPDX-License-Identifier: GPL-3.0-or-later */
/* analysis_describe: the `descriptives` table per group and value column. */
#include "clusterbench/analysis.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/mem.h"
#include "clusterbench/numparse.h"

/* The statistics columns of `descriptives`, in DESIGN.md §4 order. */
static const enum stats_desc_field desc_fields[] = {
	STATS_DESC_N, STATS_DESC_MISSING, STATS_DESC_MEAN, STATS_DESC_SD, STATS_DESC_SE,
	STATS_DESC_CI_LOW, STATS_DESC_CI_HIGH, STATS_DESC_MIN, STATS_DESC_Q1,
	STATS_DESC_MEDIAN, STATS_DESC_Q3, STATS_DESC_MAX, STATS_DESC_IQR, STATS_DESC_CV,
	STATS_DESC_SKEWNESS, STATS_DESC_KURTOSIS,
};
#define NDESC (sizeof desc_fields / sizeof desc_fields[0])

/* The cell that made a text column not numeric: in a column that also holds
 * numbers, the first cell that reads as a number with neither decimal mark
 * ('inf'); else the first cell with a digit in it ('1 234'); SIZE_MAX for a
 * column of names. */
static size_t first_non_number(const struct table *t, size_t col)
{
	size_t first = SIZE_MAX, digit = SIZE_MAX;
	int numbers = 0;

	for (size_t r = 0; r < t->nrows && !(numbers && first != SIZE_MAX); r++) {
		const char *s = table_cell_text(t, col, r);

		if (!s)
			continue;
		if (num_parse(s, strlen(s), '.', 0, NULL, NULL) == NUM_OK ||
		    num_parse(s, strlen(s), ',', 0, NULL, NULL) == NUM_OK) {
			numbers = 1;
		} else {
			if (first == SIZE_MAX)
				first = r;
			if (digit == SIZE_MAX && strpbrk(s, "0123456789"))
				digit = r;
		}
	}
	return numbers ? first : digit;
}

int analysis_check_numeric(const struct table *t, const size_t *values, size_t nvalues,
			   struct diag *d)
{
	for (size_t v = 0; v < nvalues; v++) {
		const struct column *c = &t->cols[values[v]];
		size_t r;

		if (col_type_is_numeric(c->type))
			continue;
		/* name the cell that made it text: 'inf', '1 234', '1e999' */
		r = first_non_number(t, values[v]);
		if (r != SIZE_MAX)
			return diag_set(d, DIAG_USAGE,
					"column '%s' is %s, not numeric ('%.60s' on line %llu is not "
					"a number); describe and compare need numeric value columns",
					c->name, col_type_name(c->type), table_cell_text(t, values[v], r),
					table_row_line(t, r));
		return diag_set(d, DIAG_USAGE,
				"column '%s' is %s, not numeric; describe and compare need "
				"numeric value columns", c->name, col_type_name(c->type));
	}
	return 0;
}

struct result_table *analysis_desc_table(struct result_set *rs, const struct table *t,
					 const size_t *by, size_t nby)
{
	struct result_table *rt = result_set_find(rs, "descriptives");

	if (rt)
		return rt;
	rt = result_set_add(rs, "descriptives");
	for (size_t b = 0; b < nby; b++)
		result_add_column(rt, t->cols[by[b]].name,
				  col_type_is_numeric(t->cols[by[b]].type) ? RT_NUMBER : RT_TEXT);
	result_add_column(rt, "variable", RT_TEXT);
	for (size_t f = 0; f < NDESC; f++)
		result_add_column(rt, stats_desc_field_name(desc_fields[f]),
				  f < 2 ? RT_INTEGER : RT_NUMBER);
	result_add_column(rt, "note", RT_TEXT);
	return rt;
}

void analysis_set_label(struct result_table *rt, size_t row, size_t col, const struct table *t,
			size_t tcol, const char *label)
{
	double v;

	if (col_type_is_numeric(t->cols[tcol].type) &&
	    num_parse(label, strlen(label), '.', 0, &v, NULL) == NUM_OK)
		result_set_number(rt, row, col, v);
	else
		result_set_text(rt, row, col, label);
}

int analysis_desc_row(struct result_table *rt, const struct table *t, const size_t *by,
		      size_t nby, const char *const *labels, const char *variable,
		      const struct stats_desc *s)
{
	size_t row = result_add_row(rt);
	size_t c = 0;
	GString *why = g_string_new(NULL);

	if (row == SIZE_MAX) {
		g_string_free(why, TRUE);
		return -1;
	}
	for (size_t b = 0; b < nby; b++, c++)
		analysis_set_label(rt, row, c, t, by[b], labels[b]);
	result_set_text(rt, row, c++, variable);
	for (size_t f = 0; f < NDESC; f++, c++) {
		double v = stats_desc_get(s, desc_fields[f]);
		const char *w = stats_desc_why(s, desc_fields[f]);

		if (f < 2)
			result_set_integer(rt, row, c, (long long)v);
		else
			result_set_number(rt, row, c, v);
		/* one reason per distinct cause, e.g. "sd: n < 2" covers se, ci */
		if (w && isnan(v) && !strstr(why->str, w))
			g_string_append_printf(why, "%s%s", why->len ? "; " : "", w);
	}
	if (why->len)
		result_set_text(rt, row, c, why->str);
	g_string_free(why, TRUE);
	return 0;
}

void analysis_desc_notes(struct result_set *rs, struct result_table *rt,
			 const struct table *t, const struct groups *g,
			 const struct selection *sel, double conf)
{
	if (g->dropped)
		warnings_add(result_set_warnings(rs),
			     "%zu rows left out because a grouping value is missing", g->dropped);
	if (sel && sel->where)
		result_table_note(rt, "rows where %s (%zu of %zu)", sel->where, sel->kept, t->nrows);
	result_table_note(rt, "ci: %g %% t interval of the mean; quantiles type 7; "
			  "kurtosis is excess kurtosis", conf * 100);
}

int analysis_describe(const struct table *t, const size_t *values, size_t nvalues,
		      const size_t *by, size_t nby, const struct selection *sel, double conf,
		      struct result_set *rs, struct diag *d)
{
	return analysis_describe_boot(t, values, nvalues, by, nby, sel, conf, 0, 0, rs, d);
}

/* Percentile bootstrap intervals of the mean and the median into the last
 * descriptives row (columns added on first use). */
static int boot_cells(struct result_table *rt, const double *x, size_t len, double conf,
		      size_t boot, unsigned long seed, struct diag *d)
{
	static const char *const names[] = { "boot_mean_low", "boot_mean_high", "boot_median_low",
					     "boot_median_high" };
	double *clean = g_new(double, len ? len : 1);
	size_t n = 0, row = result_rows(rt) - 1;
	long col[4];

	for (size_t i = 0; i < 4; i++) {
		col[i] = result_find_column(rt, names[i]);
		if (col[i] < 0)
			col[i] = result_add_column(rt, names[i], RT_NUMBER);
	}
	for (size_t i = 0; i < len; i++)
		if (!isnan(x[i]))
			clean[n++] = x[i];
	if (n >= 2) {
		struct stats_boot b;

		if (stats_boot_percentile(clean, n, stats_statistic_mean, NULL, boot, conf, seed, NULL,
					  &b, d) < 0) {
			g_free(clean);
			return -1;
		}
		result_set_number(rt, row, (size_t)col[0], b.ci_low);
		result_set_number(rt, row, (size_t)col[1], b.ci_high);
		if (stats_boot_percentile(clean, n, stats_statistic_median, NULL, boot, conf, seed,
					  NULL, &b, d) < 0) {
			g_free(clean);
			return -1;
		}
		result_set_number(rt, row, (size_t)col[2], b.ci_low);
		result_set_number(rt, row, (size_t)col[3], b.ci_high);
	}
	g_free(clean);
	return 0;
}

int analysis_describe_boot(const struct table *t, const size_t *values, size_t nvalues,
			   const size_t *by, size_t nby, const struct selection *sel, double conf,
			   size_t boot, unsigned long seed, struct result_set *rs, struct diag *d)
{
	return analysis_describe_memo(t, values, nvalues, by, nby, sel, conf, boot, seed, rs,
				      NULL, d);
}

void describe_memo_release(struct describe_memo *m)
{
	if (!m)
		return;
	groups_release(&m->groups);
	g_free(m->desc);
	g_free(m->sorted);
	g_free(m->sorted_start);
	memset(m, 0, sizeof *m);
}

int analysis_describe_memo(const struct table *t, const size_t *values, size_t nvalues,
			   const size_t *by, size_t nby, const struct selection *sel, double conf,
			   size_t boot, unsigned long seed, struct result_set *rs,
			   struct describe_memo *memo, struct diag *d)
{
	struct groups g;
	struct result_table *rt;
	struct stats_desc *keep = NULL;
	double *x = NULL, *work = NULL, *sorted = NULL;
	size_t most, *sorted_start = NULL, at = 0;
	int rc = -1, want_sorted = memo && memo->want_sorted && !boot;
	/* one value column kept sorted: grouped as values, without rows */
	int by_values = want_sorted && nvalues == 1;

	if (memo) {
		memset(memo, 0, sizeof *memo);
		memo->want_sorted = want_sorted;
	}
	if (analysis_check_numeric(t, values, nvalues, d) < 0)
		return -1;
	if ((by_values ? table_group_values(t, by, nby, sel ? sel->keep : NULL,
					    table_num(t, values[0]), &g, &sorted, &sorted_start, d)
		       : table_group(t, by, nby, sel ? sel->keep : NULL, &g, d)) < 0)
		return -1;
	rt = analysis_desc_table(rs, t, by, nby);
	/* the values of one group at a time, missing ones included */
	most = groups_largest(&g) + 1;
	if (by_values) {
		/* the groups' values are where their sorted values stay */
	} else if (want_sorted) {
		/* each group is gathered and described where its sorted values
		 * stay, for the box plot: one buffer instead of x and work */
		sorted = mem_new(g.start[g.ngroups] * nvalues + 1, sizeof *sorted);
		sorted_start = g_new(size_t, g.ngroups * nvalues + 1);
	} else {
		x = mem_new(most, sizeof *x);
		work = mem_new(most, sizeof *work);
	}
	if (memo)
		keep = g_new0(struct stats_desc, g.ngroups * nvalues + 1);
	for (size_t gi = 0; gi < g.ngroups; gi++) {
		size_t n = g.start[gi + 1] - g.start[gi];

		for (size_t v = 0; v < nvalues; v++) {
			const struct column *col = &t->cols[values[v]];
			struct stats_desc s;

			if (by_values) {
				/* described in place; missing: the rows without one */
				size_t nv = sorted_start[gi + 1] - sorted_start[gi];

				x = work = sorted + sorted_start[gi];
				if (stats_describe(x, nv, conf, work, &s, d) < 0) {
					diag_set_column(d, col->name);
					goto out;
				}
				s.missing = n - nv;
			} else {
				if (sorted) {
					/* in place: the values go where the sorted ones
					 * stay */
					x = work = sorted + at;
					sorted_start[v * g.ngroups + gi] = at;
				}
				for (size_t i = 0; i < n; i++)
					x[i] = column_value(col, g.rows[g.start[gi] + i]);
				if (stats_describe(x, n, conf, work, &s, d) < 0) {
					diag_set_column(d, col->name);
					goto out;
				}
			}
			if (keep)
				keep[v * g.ngroups + gi] = s;
			if (sorted)
				at += s.n;
			if (analysis_desc_row(rt, t, by, nby,
					      nby ? (const char *const *)&g.labels[gi * nby] : NULL,
					      col->name, &s) < 0) {
				diag_set(d, DIAG_INTERNAL, "out of memory");
				goto out;
			}
			for (size_t i = 0; boot && i < n; i++)
				x[i] = column_value(col, g.rows[g.start[gi] + i]);
			if (boot && boot_cells(rt, x, n, conf, boot, seed, d) < 0)
				goto out;
		}
	}
	analysis_desc_notes(rs, rt, t, &g, sel, conf);
	if (boot) {
		result_table_note(rt, "boot_*: %g %% percentile bootstrap intervals, %zu resamples, "
				  "mt19937 seed %lu", conf * 100, boot, seed);
		result_set_provenance_int(rs, "bootstrap_seed", (long long)seed);
		result_set_provenance_int(rs, "bootstrap_resamples", (long long)boot);
	}
	rc = 0;
	if (memo) {
		/* the charts need the labels and the figures, not the rows */
		g_free(g.rows);
		g.rows = NULL;
		memo->groups = g;
		memo->desc = keep;
		memo->sorted = sorted;
		memo->sorted_start = sorted_start;
		sorted = NULL;
		sorted_start = NULL;
		memo->nvalues = nvalues;
		memo->nby = nby;
		for (size_t b = 0; b < nby && b < 2; b++)
			memo->by[b] = by[b];
		memset(&g, 0, sizeof g);
		keep = NULL;
	}
out:
	if (!want_sorted) {
		g_free(x);
		g_free(work);
	}
	g_free(sorted);
	g_free(sorted_start);
	g_free(keep);
	groups_release(&g);
	return rc;
}
