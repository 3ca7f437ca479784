/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench_provinces: each province against the pilot reference, with tests and post-hoc pairs. */
#include "clusterbench/bench_programme.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/posthoc.h"

/* Columns of the `tests` table: the same as compare's. */
enum {
	TC_TEST, TC_VARIABLE, TC_GROUP_A, TC_GROUP_B, TC_N, TC_STAT, TC_DF1, TC_DF2, TC_P,
	TC_P_ADJ, TC_ESTIMATE, TC_CI_LOW, TC_CI_HIGH, TC_EFFECT, TC_EFFECT_KIND, TC_EFFECT2,
	TC_EFFECT2_KIND, TC_NOTE, TC_NCOLS
};

/* Columns of `province_benchmark`. */
enum {
	PB_PROVINCE, PB_INDICATOR, PB_N, PB_MEAN, PB_SD, PB_CI_LOW, PB_CI_HIGH, PB_MEDIAN,
	PB_REFERENCE, PB_PILOT_MEAN, PB_DIFF, PB_DIFF_PCT, PB_NATIONAL, PB_DIFF_NATIONAL,
	PB_BETTER, PB_RANK, PB_NOTE, PB_NCOLS
};

static struct result_table *benchmark_table(struct result_set *rs)
{
	static const struct {
		const char *name;
		enum rtype type;
	} cols[PB_NCOLS] = {
		{ "province", RT_TEXT }, { "indicator", RT_TEXT }, { "n", RT_INTEGER },
		{ "mean", RT_NUMBER }, { "sd", RT_NUMBER }, { "ci_low", RT_NUMBER },
		{ "ci_high", RT_NUMBER }, { "median", RT_NUMBER }, { "reference", RT_TEXT },
		{ "pilot_mean", RT_NUMBER }, { "diff_to_pilot", RT_NUMBER },
		{ "diff_pct", RT_NUMBER }, { "national", RT_NUMBER },
		{ "diff_to_national", RT_NUMBER }, { "better", RT_TEXT }, { "rank", RT_INTEGER },
		{ "note", RT_TEXT },
	};
	struct result_table *rt = result_set_add(rs, "province_benchmark");

	for (size_t i = 0; i < PB_NCOLS; i++)
		result_add_column(rt, cols[i].name, cols[i].type);
	return rt;
}

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
	struct result_table *rt = result_set_add(rs, "tests");

	for (size_t i = 0; i < TC_NCOLS; i++)
		result_add_column(rt, cols[i].name, cols[i].type);
	return rt;
}

static struct result_table *posthoc_table(struct result_set *rs)
{
	static const char *const names[] = { "method", "variable", "group_a", "group_b", "diff",
					     "se", "statistic", "df", "lwr", "upr", "p_adj" };
	struct result_table *rt = result_set_add(rs, "posthoc");

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		result_add_column(rt, names[i], i < 4 ? RT_TEXT : i == 10 ? RT_PVALUE : RT_NUMBER);
	return rt;
}

static void test_row(struct result_table *rt, const struct stats_test *s, const char *variable,
		     const char *left_out)
{
	size_t row = result_add_row(rt);
	GString *note = g_string_new(s->why);

	result_set_text(rt, row, TC_TEST, s->test);
	result_set_text(rt, row, TC_VARIABLE, variable);
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
	if (left_out)
		g_string_append_printf(note, "%s%s", note->len ? "; " : "", left_out);
	if (note->len)
		result_set_text(rt, row, TC_NOTE, note->str);
	g_string_free(note, TRUE);
}

/* p_adj of each test across the indicators. */
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

/* Post-hoc pairs of the k groups xs/ns named labels. A data problem (both
 * variances 0 in a pair) becomes a note, not an error. */
static int run_posthoc(struct result_table *rt, const char *variable, const double *const *xs,
		       const size_t *ns, size_t k, const char *const *labels,
		       const struct provinces_opts *o, struct diag *d)
{
	struct posthoc_group *pg = g_new(struct posthoc_group, k);
	size_t npairs = posthoc_npairs(k);
	struct posthoc_row *rows = g_new(struct posthoc_row, npairs ? npairs : 1);
	const char *method = o->posthoc == POSTHOC_TUKEY ? "tukey_hsd" : "games_howell";
	struct diag local;
	int rc;

	diag_init(&local);
	for (size_t i = 0; i < k; i++) {
		double mean, ssd;

		stats_mean_ssd(xs[i], ns[i], &mean, &ssd);
		pg[i].n = ns[i];
		pg[i].mean = mean;
		pg[i].var = ns[i] > 1 ? ssd / (double)(ns[i] - 1) : NAN;
	}
	if (o->posthoc == POSTHOC_TUKEY)
		rc = posthoc_tukey(pg, k, o->conf, rows, &local);
	else
		rc = posthoc_games_howell(pg, k, o->conf, rows, &local);
	if (rc == 0) {
		for (size_t i = 0; i < npairs; i++) {
			size_t r = result_add_row(rt);

			result_set_text(rt, r, 0, method);
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
	} else if (local.code == DIAG_DATA) {
		result_table_note(rt, "%s of '%s' not computed: %s", method, variable, local.message);
		rc = 0;
	} else {
		*d = local;
	}
	g_free(pg);
	g_free(rows);
	return rc;
}

/* Benchmark rows, tests and pairs of one indicator; g groups the rows by province. */
static int one_indicator(const struct table *t, size_t v, const struct groups *g,
			 const struct provinces_opts *o, struct result_table *pb,
			 struct result_table *tt, struct result_table *ph, struct diag *d)
{
	const struct column *col = &t->cols[o->values[v]];
	size_t k = g->ngroups, total = 0, kuse = 0, with_values = 0;
	double *buf = g_new(double, g->start[k] ? g->start[k] : 1);
	double *work = g_new(double, g->start[k] ? g->start[k] : 1);
	double *means = g_new(double, k);
	struct stats_desc *s = g_new(struct stats_desc, k);
	const double **xs = g_new(const double *, k), **xu = g_new(const double *, k);
	size_t *ns = g_new(size_t, k), *nu = g_new(size_t, k);
	const char **lu = g_new(const char *, k);
	double ref, national = o->national ? o->national[v] : NAN;
	int lower = o->lower_better ? o->lower_better[v] : 0;
	const char *refname;
	GString *left = g_string_new(NULL);
	int rc = -1;

	for (size_t gi = 0; gi < k; gi++) {
		xs[gi] = buf + total;
		ns[gi] = 0;
		for (size_t i = g->start[gi]; i < g->start[gi + 1]; i++) {
			double x = column_value(col, g->rows[i]);

			if (!isnan(x)) {
				buf[total++] = x;
				ns[gi]++;
			}
		}
		if (stats_describe(xs[gi], ns[gi], o->conf, work, &s[gi], d) < 0)
			goto out;
		if (ns[gi])
			means[with_values++] = s[gi].mean;
		if (ns[gi] >= 2) {
			xu[kuse] = xs[gi];
			nu[kuse] = ns[gi];
			lu[kuse] = g->labels[gi];
			kuse++;
		} else {
			g_string_append_printf(left, "%s%s", left->len ? ", " : "", g->labels[gi]);
		}
	}
	if (!total) {
		diag_set(d, DIAG_DATA, "no selected row has a value of '%s'", col->name);
		if (t->source)
			diag_set_path(d, t->source);
		goto out;
	}
	if (o->reference == BENCH_REF_POOLED) {
		stats_mean_ssd(buf, total, &ref, NULL);
		refname = "pooled mean of the provinces";
	} else {
		stats_mean_ssd(means, with_values, &ref, NULL);
		refname = "mean of province means";
	}
	for (size_t gi = 0; gi < k; gi++) {
		size_t row = result_add_row(pb);
		const char *why = stats_desc_why(&s[gi], STATS_DESC_CI_LOW);

		result_set_text(pb, row, PB_PROVINCE, g->labels[gi]);
		result_set_text(pb, row, PB_INDICATOR, col->name);
		result_set_integer(pb, row, PB_N, (long long)s[gi].n);
		result_set_number(pb, row, PB_MEAN, s[gi].mean);
		result_set_number(pb, row, PB_SD, s[gi].sd);
		result_set_number(pb, row, PB_CI_LOW, s[gi].ci_low);
		result_set_number(pb, row, PB_CI_HIGH, s[gi].ci_high);
		result_set_number(pb, row, PB_MEDIAN, s[gi].median);
		result_set_text(pb, row, PB_REFERENCE, refname);
		result_set_number(pb, row, PB_PILOT_MEAN, ref);
		result_set_number(pb, row, PB_DIFF, s[gi].mean - ref);
		if (ref != 0)
			result_set_number(pb, row, PB_DIFF_PCT, 100 * (s[gi].mean - ref) / fabs(ref));
		else if (ns[gi])
			why = "reference is 0: no diff_pct";
		result_set_number(pb, row, PB_NATIONAL, national);
		result_set_number(pb, row, PB_DIFF_NATIONAL, s[gi].mean - national);
		result_set_text(pb, row, PB_BETTER, lower ? "lower" : "higher");
		if (ns[gi]) {
			long long rank = 1;

			/* competition ranking: ties share the smallest rank */
			for (size_t j = 0; j < k; j++)
				if (ns[j] && (lower ? s[j].mean < s[gi].mean : s[j].mean > s[gi].mean))
					rank++;
			result_set_integer(pb, row, PB_RANK, rank);
		}
		if (why)
			result_set_text(pb, row, PB_NOTE, why);
	}

	if (kuse >= 2) {
		typedef int (*ktest)(const double *const *, const size_t *, size_t,
				     struct stats_test *, struct diag *);
		static const ktest tests[] = { stats_anova_f, stats_welch_anova_f, stats_levene_f,
					       stats_kruskal_h };
		struct stats_test st;
		char *lo = left->len ? g_strdup_printf("left out (n < 2): %s", left->str) : NULL;

		for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
			if (tests[i](xu, nu, kuse, &st, d) < 0) {
				g_free(lo);
				goto out;
			}
			test_row(tt, &st, col->name, lo);
		}
		g_free(lo);
		if (o->posthoc != POSTHOC_NONE &&
		    run_posthoc(ph, col->name, xu, nu, kuse, lu, o, d) < 0)
			goto out;
	} else {
		result_table_note(tt, "'%s': fewer than 2 provinces with at least 2 values: no tests",
				  col->name);
	}
	rc = 0;
out:
	g_string_free(left, TRUE);
	g_free(buf);
	g_free(work);
	g_free(means);
	g_free(s);
	g_free(xs);
	g_free(xu);
	g_free(ns);
	g_free(nu);
	g_free(lu);
	return rc;
}

int bench_provinces(const struct table *t, const struct provinces_opts *o,
		    const struct selection *sel, struct result_set *rs, struct diag *d)
{
	struct groups g;
	struct result_table *pb, *tt, *ph = NULL;
	int rc = -1;

	for (size_t v = 0; v < o->nvalues; v++)
		if (!col_type_is_numeric(t->cols[o->values[v]].type))
			return diag_set(d, DIAG_USAGE, "the indicator '%s' is %s, not numeric",
					t->cols[o->values[v]].name,
					col_type_name(t->cols[o->values[v]].type));
	if (!o->nvalues)
		return diag_set(d, DIAG_USAGE, "no indicator given");
	if (!(o->conf > 0 && o->conf < 1))
		return diag_set(d, DIAG_USAGE, "the confidence level must lie in (0, 1), got %g",
				o->conf);
	if (table_group(t, &o->province, 1, sel ? sel->keep : NULL, &g, d) < 0)
		return -1;
	if (!g.ngroups) {
		diag_set(d, DIAG_DATA, "no selected row has a '%s' value", t->cols[o->province].name);
		if (t->source)
			diag_set_path(d, t->source);
		goto out;
	}
	if (g.dropped)
		warnings_add(result_set_warnings(rs), "%zu row%s without '%s' left out", g.dropped,
			     g.dropped == 1 ? "" : "s",
			     t->cols[o->province].name);
	pb = benchmark_table(rs);
	tt = tests_table(rs);
	if (o->posthoc != POSTHOC_NONE)
		ph = posthoc_table(rs);
	for (size_t v = 0; v < o->nvalues; v++)
		if (one_indicator(t, v, &g, o, pb, tt, ph, d) < 0)
			goto out;
	if (adjust_tests(tt, o->adjust, d) < 0)
		goto out;
	if (sel && sel->where)
		result_table_note(pb, "rows where %s (%zu of %zu)", sel->where, sel->kept, t->nrows);
	result_table_note(pb, "pilot_mean: %s of the %zu values of '%s' in the rows used; ci: "
			  "%g %% t interval; median type 7", o->reference == BENCH_REF_POOLED ?
			  "the pooled mean of all values (each row weighted equally)" :
			  "the unweighted mean of the province means (each province weighted "
			  "equally)", g.ngroups, t->cols[o->province].name, o->conf * 100);
	result_table_note(pb, "rank: 1 = best mean (ties share the smallest rank); read it with "
			  "the intervals and the tests, not as a verdict");
	result_table_note(tt, "tests across the provinces with at least 2 values; p_adj: %s "
			  "across the indicators, per test", stats_adjust_name(o->adjust));
	if (ph)
		result_table_note(ph, "%s pairs at %g %%%s", o->posthoc == POSTHOC_TUKEY ?
				  "tukey_hsd (equal variances)" : "games_howell (unequal variances "
				  "and sizes)", o->conf * 100, "; diff = mean a - mean b");
	result_set_provenance(rs, "reference", o->reference == BENCH_REF_POOLED ? "pooled" :
			      "province means");
	result_set_provenance(rs, "posthoc", o->posthoc == POSTHOC_TUKEY ? "tukey_hsd" :
			      o->posthoc == POSTHOC_NONE ? "none" : "games_howell");
	result_set_provenance(rs, "adjust", stats_adjust_name(o->adjust));
	rc = 0;
out:
	groups_release(&g);
	return rc;
}
