/* SPDX-License-Identifier: GPL-3.0-or-later */
/* analysis_compare: group tests, effect sizes and post-hoc pairs. */
#include "clusterbench/analysis.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/mem.h"
#include "clusterbench/posthoc.h"

/* Column indexes of the `tests` table. */
enum {
	TC_TEST, TC_VARIABLE, TC_GROUP_A, TC_GROUP_B, TC_N, TC_STAT, TC_DF1, TC_DF2, TC_P,
	TC_P_ADJ, TC_ESTIMATE, TC_CI_LOW, TC_CI_HIGH, TC_EFFECT, TC_EFFECT_KIND, TC_EFFECT2,
	TC_EFFECT2_KIND, TC_NOTE, TC_NCOLS
};

static struct result_table *tests_table(struct result_set *rs)
{
	static const struct {
		const char *name;
		enum rtype type;
	} cols[TC_NCOLS] = {
		{ "test", RT_TEXT }, { "variable", RT_TEXT }, { "group_a", RT_TEXT },
		{ "group_b", RT_TEXT }, { "n", RT_INTEGER }, { "statistic", RT_NUMBER },
		{ "df1", RT_NUMBER }, { "df2", RT_NUMBER }, { "p", RT_PVALUE },
		{ "p_adj", RT_PVALUE }, { "estimate", RT_NUMBER }, { "ci_low", RT_NUMBER },
		{ "ci_high", RT_NUMBER }, { "effect", RT_NUMBER }, { "effect_kind", RT_TEXT },
		{ "effect2", RT_NUMBER }, { "effect2_kind", RT_TEXT }, { "note", RT_TEXT },
	};
	struct result_table *rt = result_set_find(rs, "tests");

	if (rt)
		return rt;
	rt = result_set_add(rs, "tests");
	for (size_t i = 0; i < TC_NCOLS; i++)
		result_add_column(rt, cols[i].name, cols[i].type);
	return rt;
}

static void test_row(struct result_table *rt, const struct stats_test *s, const char *variable,
		     const char *ga, const char *gb)
{
	size_t row = result_add_row(rt);

	result_set_text(rt, row, TC_TEST, s->test);
	result_set_text(rt, row, TC_VARIABLE, variable);
	result_set_text(rt, row, TC_GROUP_A, ga);
	result_set_text(rt, row, TC_GROUP_B, gb);
	result_set_integer(rt, row, TC_N, (long long)s->n);
	result_set_number(rt, row, TC_STAT, s->statistic);
	result_set_number(rt, row, TC_DF1, s->df1);
	result_set_number(rt, row, TC_DF2, s->df2);
	result_set_number(rt, row, TC_P, s->p);
	result_set_number(rt, row, TC_ESTIMATE, s->estimate);
	result_set_number(rt, row, TC_CI_LOW, s->ci_low);
	result_set_number(rt, row, TC_CI_HIGH, s->ci_high);
	result_set_number(rt, row, TC_EFFECT, s->effect);
	result_set_text(rt, row, TC_EFFECT_KIND, s->effect_kind);
	result_set_number(rt, row, TC_EFFECT2, s->effect2);
	result_set_text(rt, row, TC_EFFECT2_KIND, s->effect2_kind);
	if (s->why)
		result_set_text(rt, row, TC_NOTE, s->why);
	else if (!strcmp(s->test, "mann_whitney_u") || !strcmp(s->test, "wilcoxon_v"))
		result_set_text(rt, row, TC_NOTE, s->exact ? "exact p" :
				"normal approximation with continuity and tie correction");
}

/* Adjusts the p-values of each test across the value columns. */
static int adjust_tests(struct result_table *rt, enum stats_adjust method, struct diag *d)
{
	size_t n = result_rows(rt);
	unsigned char *done = g_new0(unsigned char, n ? n : 1);
	double *p = g_new(double, n ? n : 1), *adj = g_new(double, n ? n : 1);
	size_t *idx = g_new(size_t, n ? n : 1);
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *name = result_get_text(rt, i, TC_TEST);
		size_t m = 0;

		if (done[i])
			continue;
		for (size_t j = i; j < n; j++)
			if (!done[j] && strcmp(result_get_text(rt, j, TC_TEST), name) == 0) {
				done[j] = 1;
				idx[m] = j;
				p[m++] = result_get_number(rt, j, TC_P);
			}
		rc = stats_p_adjust(p, m, method, adj, d);
		for (size_t k = 0; k < m && rc == 0; k++)
			result_set_number(rt, idx[k], TC_P_ADJ, adj[k]);
	}
	g_free(done);
	g_free(p);
	g_free(adj);
	g_free(idx);
	return rc;
}

static struct result_table *posthoc_table(struct result_set *rs)
{
	static const char *const names[] = { "method", "variable", "group_a", "group_b", "diff",
					     "se", "statistic", "df", "lwr", "upr", "p_adj" };
	struct result_table *rt = result_set_find(rs, "posthoc");

	if (rt)
		return rt;
	rt = result_set_add(rs, "posthoc");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		result_add_column(rt, names[i], i < 4 ? RT_TEXT : i == 10 ? RT_PVALUE : RT_NUMBER);
	return rt;
}

static int run_posthoc(struct result_set *rs, const char *variable, const double *const *xs,
		       const size_t *ns, size_t k, const char *const *labels,
		       const struct compare_opts *o, struct diag *d)
{
	struct posthoc_group *pg = g_new(struct posthoc_group, k);
	size_t npairs = k * (k - 1) / 2;
	struct posthoc_row *rows = g_new(struct posthoc_row, npairs);
	struct result_table *rt;
	int rc;

	for (size_t i = 0; i < k; i++) {
		double mean, ssd;

		stats_mean_ssd(xs[i], ns[i], &mean, &ssd);
		pg[i].n = ns[i];
		pg[i].mean = mean;
		pg[i].var = ns[i] > 1 ? ssd / (double)(ns[i] - 1) : NAN;
	}
	if (o->posthoc == POSTHOC_TUKEY)
		rc = posthoc_tukey(pg, k, o->conf, rows, d);
	else
		rc = posthoc_games_howell(pg, k, o->conf, rows, d);
	if (rc == 0) {
		rt = posthoc_table(rs);
		for (size_t i = 0; i < npairs; i++) {
			size_t r = result_add_row(rt);

			result_set_text(rt, r, 0, o->posthoc == POSTHOC_TUKEY ? "tukey_hsd"
									  : "games_howell");
			result_set_text(rt, r, 1, variable);
			result_set_text(rt, r, 2, labels[rows[i].a]);
			result_set_text(rt, r, 3, labels[rows[i].b]);
			result_set_number(rt, r, 4, rows[i].diff);
			result_set_number(rt, r, 5, rows[i].se);
			result_set_number(rt, r, 6, rows[i].statistic);
			result_set_number(rt, r, 7, rows[i].df);
			result_set_number(rt, r, 8, rows[i].lwr);
			result_set_number(rt, r, 9, rows[i].upr);
			result_set_number(rt, r, 10, rows[i].p_adj);
		}
	}
	g_free(pg);
	g_free(rows);
	return rc;
}

/*
 * The tests of value column vcol across the groups g, and the groups'
 * descriptives into desc. The values come from vals/vstart
 * (table_group_values; vals is freed here) or, when vals is NULL, are
 * gathered from the rows of g; last: the rows are released once gathered
 * (the last value column).
 */
static int compare_groups(const struct table *t, size_t vcol, long by, struct groups *g,
			  double *vals, const size_t *vstart, int last,
			  const struct compare_opts *o, struct result_set *rs,
			  struct stats_desc *desc, struct diag *d)
{
	const struct column *col = &t->cols[vcol];
	size_t k = g->ngroups;
	const double **xs = g_new(const double *, k);
	size_t *ns = g_new(size_t, k);
	const char **labels = g_new(const char *, k);
	double *buf = vals;
	size_t *own = NULL;
	double **ss = g_new(double *, k);
	struct result_table *tt = tests_table(rs);
	struct stats_test s, s2;
	int rc = -1;

	if (!buf) {
		buf = groups_values(g, table_num(t, vcol), &own);
		vstart = own;
	}
	for (size_t i = 0; i < k; i++) {
		xs[i] = buf + vstart[i];
		ns[i] = vstart[i + 1] - vstart[i];
	}
	if (last) {
		g_free(g->rows);
		g->rows = NULL;
	}

	for (size_t i = 0; i < k; i++) {
		labels[i] = g->labels[i];
		if (ns[i] < 2) {
			diag_set(d, DIAG_DATA,
				 "group '%s' of '%s' has n = %zu non-missing values of '%s'; "
				 "compare needs at least 2 per group", labels[i], t->cols[by].name,
				 ns[i], col->name);
			goto out;
		}
	}
	/*
	 * The moment-based tests (and the post-hoc comparisons) read the values
	 * in file order; then each group is sorted where it is for the rank
	 * tests, and Levene's test overwrites it last: one copy of the values
	 * in all. The rows keep their order whatever the order of computing.
	 */
	if (k == 2) {
		if (stats_welch_t(xs[0], ns[0], xs[1], ns[1], o->conf, &s, d) < 0)
			goto out;
		test_row(tt, &s, col->name, labels[0], labels[1]);
		if (stats_student_t(xs[0], ns[0], xs[1], ns[1], o->conf, &s, d) < 0)
			goto out;
		test_row(tt, &s, col->name, labels[0], labels[1]);
	} else {
		if (stats_anova_f((const double *const *)xs, ns, k, &s, d) < 0)
			goto out;
		test_row(tt, &s, col->name, NULL, NULL);
		if (stats_welch_anova_f((const double *const *)xs, ns, k, &s, d) < 0)
			goto out;
		test_row(tt, &s, col->name, NULL, NULL);
		if (o->posthoc != POSTHOC_NONE &&
		    run_posthoc(rs, col->name, (const double *const *)xs, ns, k, labels, o, d) < 0)
			goto out;
	}
	for (size_t i = 0; i < k; i++) {
		ss[i] = buf + vstart[i];
		stats_sort(ss[i], ns[i]);
	}
	/* the descriptives of the groups from their sorted values (describe's
	 * own sort finds them in order); missing: the rows without a value */
	for (size_t i = 0; i < k; i++) {
		if (stats_describe(ss[i], ns[i], o->conf, ss[i], &desc[i], d) < 0) {
			diag_set_column(d, col->name);
			goto out;
		}
		desc[i].missing = g->start[i + 1] - g->start[i] - ns[i];
	}
	if (k == 2) {
		if (stats_mann_whitney_u(ss[0], ns[0], ss[1], ns[1], STATS_EXACT_AUTO, &s, d) < 0)
			goto out;
		test_row(tt, &s, col->name, labels[0], labels[1]);
		if (stats_levene_f_inplace(ss, ns, k, &s, d) < 0)
			goto out;
		test_row(tt, &s, col->name, NULL, NULL);
	} else {
		if (stats_kruskal_h((const double *const *)ss, ns, k, &s2, d) < 0 ||
		    stats_levene_f_inplace(ss, ns, k, &s, d) < 0)
			goto out;
		test_row(tt, &s, col->name, NULL, NULL);
		test_row(tt, &s2, col->name, NULL, NULL);
	}
	rc = 0;
out:
	g_free(xs);
	g_free(ns);
	g_free(labels);
	g_free(buf);
	g_free(own);
	g_free(ss);
	return rc;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Paired design: value at `to` against value at `from`, matched by id. */
static int compare_paired(const struct table *t, size_t vcol, const struct selection *sel,
			  const struct compare_opts *o, struct result_set *rs, struct diag *d)
{
	const struct column *col = &t->cols[vcol];
	const struct column *idc = &t->cols[o->paired_id];
	const struct column *tc = &t->cols[o->paired_time];
	GHashTable *from_row = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *to_row = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	double *x = g_new(double, t->nrows ? t->nrows : 1);
	double *y = g_new(double, t->nrows ? t->nrows : 1);
	double *work = g_new(double, t->nrows ? t->nrows : 1);
	size_t n = 0;
	struct stats_test s;
	struct stats_desc ds;
	struct result_table *dt, *tt;
	const size_t by = (size_t)o->paired_time;
	int rc = -1;

	for (size_t r = 0; r < t->nrows; r++) {
		char key[64], tv[64];
		const char *id, *time;
		GHashTable *h;
		gpointer prev;

		if (sel && sel->keep && !sel->keep[r])
			continue;
		if (col_type_is_numeric(idc->type)) {
			if (isnan(column_value(idc, r)))
				continue;
			g_snprintf(key, sizeof key, "%.17g", column_value(idc, r));
			id = key;
		} else {
			if (idc->code[r] < 0)
				continue;
			id = idc->dict.values[idc->code[r]];
		}
		if (col_type_is_numeric(tc->type)) {
			if (isnan(column_value(tc, r)))
				continue;
			g_snprintf(tv, sizeof tv, "%.17g", column_value(tc, r));
			time = tv;
		} else {
			if (tc->code[r] < 0)
				continue;
			time = tc->dict.values[tc->code[r]];
		}
		if (strcmp(time, o->from) == 0)
			h = from_row;
		else if (strcmp(time, o->to) == 0)
			h = to_row;
		else
			continue;
		{
			gpointer orig;

			/* one stable copy of each id, shared by both hash tables */
			if (!g_hash_table_lookup_extended(ids, id, &orig, NULL)) {
				orig = g_strdup(id);
				g_hash_table_add(ids, orig);
			}
			id = orig;
		}
		if (g_hash_table_lookup_extended(h, id, NULL, &prev)) {
			diag_set(d, DIAG_DATA, "%s '%s' has two rows for %s %s: lines %llu and %llu; "
				 "pairs must be unique", idc->name, id, tc->name, time,
				 table_row_line(t, GPOINTER_TO_SIZE(prev) - 1), table_row_line(t, r));
			goto out;
		}
		g_hash_table_insert(h, (gpointer)id, GSIZE_TO_POINTER(r + 1));
	}
	{
		GHashTableIter it;
		gpointer key, val;
		size_t *pairs = g_new(size_t, 2 * (g_hash_table_size(from_row) + 1));
		size_t np = 0;

		g_hash_table_iter_init(&it, from_row);
		while (g_hash_table_iter_next(&it, &key, &val)) {
			gpointer tov = g_hash_table_lookup(to_row, key);

			if (!tov)
				continue;
			pairs[2 * np] = GPOINTER_TO_SIZE(val) - 1;
			pairs[2 * np + 1] = GPOINTER_TO_SIZE(tov) - 1;
			np++;
		}
		/* file order of the `from` rows, so results do not depend on hashing */
		qsort(pairs, np, 2 * sizeof *pairs, cmp_size);
		for (size_t i = 0; i < np; i++) {
			double a = column_value(col, pairs[2 * i + 1]);
			double b = column_value(col, pairs[2 * i]);

			if (isnan(a) || isnan(b))
				continue;
			x[n] = a;
			y[n] = b;
			n++;
		}
		g_free(pairs);
	}
	if (n < 2) {
		diag_set(d, DIAG_DATA, "only %zu complete pairs of '%s' between %s %s and %s; "
			 "a paired comparison needs at least 2", n, col->name, tc->name, o->from, o->to);
		goto out;
	}
	dt = analysis_desc_table(rs, t, &by, 1);
	memcpy(work, y, n * sizeof *y);
	if (stats_describe(y, n, o->conf, work, &ds, d) < 0)
		goto out;
	analysis_desc_row(dt, t, &by, 1, &o->from, col->name, &ds);
	if (stats_describe(x, n, o->conf, work, &ds, d) < 0)
		goto out;
	analysis_desc_row(dt, t, &by, 1, &o->to, col->name, &ds);
	tt = tests_table(rs);
	if (stats_paired_t(x, y, n, o->conf, &s, d) < 0)
		goto out;
	test_row(tt, &s, col->name, o->to, o->from);
	if (stats_wilcoxon_v(x, y, n, STATS_EXACT_AUTO, &s, d) < 0)
		goto out;
	test_row(tt, &s, col->name, o->to, o->from);
	rc = 0;
out:
	g_hash_table_destroy(from_row);
	g_hash_table_destroy(to_row);
	g_hash_table_destroy(ids);
	g_free(x);
	g_free(y);
	g_free(work);
	return rc;
}

/* A categorical value column across the groups: chi-squared test of
 * independence with Cramér's V, and the counts as a `crosstab` table. */
static int compare_categories(const struct table *t, size_t vcol, size_t byc,
			      const struct selection *sel, struct result_set *rs, struct diag *d)
{
	size_t two[2] = { byc, vcol };
	struct groups g, gr, gc;
	double *counts;
	struct stats_test s;
	struct result_table *ct;
	size_t nr, nc, n = 0;
	int rc = -1;

	if (table_group_levels(t, &two[0], 1, sel ? sel->keep : NULL, &gr, d) < 0)
		return -1;
	if (table_group_levels(t, &two[1], 1, sel ? sel->keep : NULL, &gc, d) < 0) {
		groups_release(&gr);
		return -1;
	}
	if (table_group_levels(t, two, 2, sel ? sel->keep : NULL, &g, d) < 0) {
		groups_release(&gr);
		groups_release(&gc);
		return -1;
	}
	nr = gr.ngroups;
	nc = gc.ngroups;
	counts = g_new0(double, nr * nc + 1);
	for (size_t gi = 0; gi < g.ngroups; gi++) {
		size_t i = 0, j = 0;

		for (size_t k = 0; k < nr; k++)
			if (!strcmp(gr.labels[k], g.labels[2 * gi]))
				i = k;
		for (size_t k = 0; k < nc; k++)
			if (!strcmp(gc.labels[k], g.labels[2 * gi + 1]))
				j = k;
		counts[i * nc + j] = (double)(g.start[gi + 1] - g.start[gi]);
		n += g.start[gi + 1] - g.start[gi];
	}
	if (nr < 2 || nc < 2) {
		diag_set(d, DIAG_DATA, "'%s' by '%s' has a %zu x %zu table; the chi-squared test "
			 "needs at least 2 x 2", t->cols[byc].name, t->cols[vcol].name, nr, nc);
		goto out;
	}
	if (stats_chisq(counts, nr, nc, &s, d) < 0)
		goto out;
	test_row(tests_table(rs), &s, t->cols[vcol].name, NULL, NULL);
	ct = result_set_add(rs, "crosstab");
	result_add_column(ct, t->cols[byc].name, col_type_is_numeric(t->cols[byc].type) ? RT_NUMBER
										  : RT_TEXT);
	result_add_column(ct, "variable", RT_TEXT);
	result_add_column(ct, "value", RT_TEXT);
	result_add_column(ct, "n", RT_INTEGER);
	result_add_column(ct, "share", RT_NUMBER);
	for (size_t i = 0; i < nr; i++) {
		double rowsum = 0;

		for (size_t j = 0; j < nc; j++)
			rowsum += counts[i * nc + j];
		for (size_t j = 0; j < nc; j++) {
			size_t row = result_add_row(ct);

			analysis_set_label(ct, row, 0, t, byc, gr.labels[i]);
			result_set_text(ct, row, 1, t->cols[vcol].name);
			result_set_text(ct, row, 2, gc.labels[j]);
			result_set_integer(ct, row, 3, (long long)counts[i * nc + j]);
			result_set_number(ct, row, 4, rowsum > 0 ? counts[i * nc + j] / rowsum : NAN);
		}
	}
	result_table_note(ct, "share: of the row's total (n = %zu in all)", n);
	rc = 0;
out:
	g_free(counts);
	groups_release(&g);
	groups_release(&gr);
	groups_release(&gc);
	return rc;
}

int analysis_compare(const struct table *t, const size_t *values, size_t nvalues, long by,
		     const struct selection *sel, const struct compare_opts *o,
		     struct result_set *rs, struct diag *d)
{
	struct groups g;
	struct result_table *dt;
	struct stats_desc *desc = NULL;
	double *vals = NULL;
	size_t byc = (size_t)by, *vstart = NULL;
	int rc = -1;

	/* categorical outcomes: a contingency table per value column */
	if (nvalues >= 1 && by >= 0 && !col_type_is_numeric(t->cols[values[0]].type)) {
		for (size_t v = 0; v < nvalues; v++) {
			if (col_type_is_numeric(t->cols[values[v]].type))
				return diag_set(d, DIAG_USAGE, "compare takes numeric or categorical value "
						"columns, not both ('%s' is numeric)",
						t->cols[values[v]].name);
			if (compare_categories(t, values[v], byc, sel, rs, d) < 0)
				return -1;
		}
		return adjust_tests(tests_table(rs), nvalues > 1 ? o->adjust : STATS_ADJUST_NONE, d);
	}
	if (analysis_check_numeric(t, values, nvalues, d) < 0)
		return -1;
	if (o->paired_id >= 0) {
		for (size_t v = 0; v < nvalues; v++)
			if (compare_paired(t, values[v], sel, o, rs, d) < 0)
				return -1;
		if (adjust_tests(tests_table(rs), nvalues > 1 ? o->adjust : STATS_ADJUST_NONE, d) < 0)
			return -1;
		result_table_note(tests_table(rs), "paired: value at %s %s minus value at %s %s, "
				  "matched by %s", t->cols[o->paired_time].name, o->to,
				  t->cols[o->paired_time].name, o->from, t->cols[o->paired_id].name);
		return 0;
	}
	if (by < 0)
		return diag_set(d, DIAG_USAGE, "compare needs --by COLUMN (or --paired)");
	/* one grouping for the descriptives and the tests; one value column
	 * is grouped as values, without the rows */
	if (nvalues == 1) {
		if (table_group_values(t, &byc, 1, sel ? sel->keep : NULL, table_num(t, values[0]),
				       &g, &vals, &vstart, d) < 0)
			return -1;
	} else if (table_group(t, &byc, 1, sel ? sel->keep : NULL, &g, d) < 0) {
		return -1;
	}
	dt = analysis_desc_table(rs, t, &byc, 1);
	analysis_desc_notes(rs, dt, t, &g, sel, o->conf);
	if (g.ngroups < 2) {
		diag_set(d, DIAG_DATA, "column '%s' has %zu group%s in the selected rows; compare "
			 "needs at least 2", t->cols[by].name, g.ngroups, g.ngroups == 1 ? "" : "s");
		goto out;
	}
	desc = g_new0(struct stats_desc, nvalues * g.ngroups);
	for (size_t v = 0; v < nvalues; v++) {
		double *own = vals;

		vals = NULL; /* compare_groups frees it */
		if (compare_groups(t, values[v], by, &g, own, vstart, v + 1 == nvalues, o, rs,
				   desc + v * g.ngroups, d) < 0)
			goto out;
	}
	/* the rows in describe's order: by group, then value column */
	for (size_t gi = 0; gi < g.ngroups; gi++)
		for (size_t v = 0; v < nvalues; v++)
			if (analysis_desc_row(dt, t, &byc, 1, (const char *const *)&g.labels[gi],
					      t->cols[values[v]].name, &desc[v * g.ngroups + gi]) < 0) {
				diag_set(d, DIAG_INTERNAL, "out of memory");
				goto out;
			}
	if (adjust_tests(tests_table(rs), nvalues > 1 ? o->adjust : STATS_ADJUST_NONE, d) < 0)
		goto out;
	if (nvalues > 1)
		result_table_note(tests_table(rs), "p_adj: %s across the %zu value columns, per test",
				  stats_adjust_name(o->adjust), nvalues);
	if (g.ngroups == 2)
		result_table_note(tests_table(rs), "estimate: mean of %s minus mean of %s",
				  g.labels[0], g.labels[1]);
	rc = 0;
out:
	g_free(vals);
	g_free(vstart);
	g_free(desc);
	groups_release(&g);
	return rc;
}
