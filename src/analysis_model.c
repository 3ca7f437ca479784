/* SPDX-License-Identifier: GPL-3.0-or-later */
/* analysis_model: correlation tables and linear regression with dummies. */
#include "clusterbench/analysis.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/model.h"

const char *const analysis_corr_names[] = { "pearson", "spearman", "kendall" };

int analysis_correlate(const struct table *t, const size_t *vars, size_t nvars,
		       const enum corr_method *methods, size_t nmethods,
		       const struct selection *sel, double conf, enum stats_adjust adjust,
		       struct result_set *rs, struct diag *d)
{
	static const char *const names[] = { "x", "y", "method", "n", "r", "statistic", "df",
					     "p", "p_adj", "ci_low", "ci_high", "note" };
	struct result_table *rt;
	double *x, *y, *p, *adj;
	size_t *rows;
	size_t nrows_out = 0;
	int rc = -1;

	if (analysis_check_numeric(t, vars, nvars, d) < 0)
		return -1;
	if (nvars < 2)
		return diag_set(d, DIAG_USAGE, "correlate needs at least two columns");
	rt = result_set_add(rs, "correlations");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		result_add_column(rt, names[i], i == 3 ? RT_INTEGER : i < 3 || i == 11 ? RT_TEXT
						: (i == 7 || i == 8) ? RT_PVALUE : RT_NUMBER);
	x = g_new(double, t->nrows ? t->nrows : 1);
	y = g_new(double, t->nrows ? t->nrows : 1);
	p = g_new(double, nvars * nvars * nmethods + 1);
	adj = g_new(double, nvars * nvars * nmethods + 1);
	rows = g_new(size_t, nvars * nvars * nmethods + 1);
	for (size_t m = 0; m < nmethods; m++) {
		size_t first = nrows_out;

		for (size_t a = 0; a < nvars; a++)
			for (size_t b = a + 1; b < nvars; b++) {
				const double *ca = table_num(t, vars[a]), *cb = table_num(t, vars[b]);
				struct stats_corr c;
				size_t n = 0, row;
				int r;

				for (size_t i = 0; i < t->nrows; i++) {
					if ((sel && sel->keep && !sel->keep[i]) || isnan(ca[i]) ||
					    isnan(cb[i]))
						continue;
					x[n] = ca[i];
					y[n] = cb[i];
					n++;
				}
				if (n < 3) {
					diag_set(d, DIAG_DATA, "'%s' and '%s' have %zu complete pairs; "
						 "correlation needs at least 3", t->cols[vars[a]].name,
						 t->cols[vars[b]].name, n);
					goto out;
				}
				if (methods[m] == CORR_PEARSON)
					r = stats_pearson(x, y, n, conf, &c, d);
				else if (methods[m] == CORR_SPEARMAN)
					r = stats_spearman(x, y, n, conf, &c, d);
				else
					r = stats_kendall(x, y, n, conf, &c, d);
				if (r < 0)
					goto out;
				row = result_add_row(rt);
				result_set_text(rt, row, 0, t->cols[vars[a]].name);
				result_set_text(rt, row, 1, t->cols[vars[b]].name);
				result_set_text(rt, row, 2, analysis_corr_names[methods[m]]);
				result_set_integer(rt, row, 3, (long long)c.n);
				result_set_number(rt, row, 4, c.r);
				result_set_number(rt, row, 5, c.statistic);
				result_set_number(rt, row, 6, c.df);
				result_set_number(rt, row, 7, c.p);
				result_set_number(rt, row, 9, c.ci_low);
				result_set_number(rt, row, 10, c.ci_high);
				if (c.why)
					result_set_text(rt, row, 11, c.why);
				p[nrows_out - first] = c.p;
				rows[nrows_out - first] = row;
				nrows_out++;
			}
		if (stats_p_adjust(p, nrows_out - first, adjust, adj, d) < 0)
			goto out;
		for (size_t i = 0; i < nrows_out - first; i++)
			result_set_number(rt, rows[i], 8, adj[i]);
	}
	if (sel && sel->where)
		result_table_note(rt, "rows where %s (%zu of %zu)", sel->where, sel->kept, t->nrows);
	result_table_note(rt, "pairwise complete observations; p_adj: %s across the pairs of "
			  "each method; pearson ci: Fisher z, %g %%", stats_adjust_name(adjust),
			  conf * 100);
	rc = 0;
out:
	g_free(x);
	g_free(y);
	g_free(p);
	g_free(adj);
	g_free(rows);
	return rc;
}

/* One design column: its term name and values (owned). */
struct term {
	char *name;
	double *v;
};

static void terms_free(struct term *terms, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		g_free(terms[i].name);
		g_free(terms[i].v);
	}
	g_free(terms);
}

int analysis_regress(const struct table *t, size_t ycol, const size_t *xcols, size_t nx,
		     const struct regress_opts *o, const struct selection *sel,
		     struct result_set *rs, struct diag *d)
{
	static const char *const coef_names[] = { "term", "estimate", "se", "t", "p", "ci_low",
						  "ci_high" };
	unsigned char *use = g_new(unsigned char, t->nrows ? t->nrows : 1);
	struct term *terms = NULL;
	size_t nterms = 0, n = 0, dropped = 0;
	double *y = NULL;
	const double **xs = NULL;
	size_t *cluster = NULL, ncl = 0;
	struct ols_fit *fit = NULL;
	struct result_table *rt, *mt;
	int rc = -1;

	if (!col_type_is_numeric(t->cols[ycol].type)) {
		diag_set(d, DIAG_USAGE, "the response '%s' is %s, not numeric", t->cols[ycol].name,
			 col_type_name(t->cols[ycol].type));
		goto out;
	}
	for (size_t k = 0; k < o->nreferences; k++) {
		long c = table_find(t, o->references[2 * k]);
		int used = 0;

		for (size_t j = 0; j < nx; j++)
			used |= c >= 0 && (size_t)c == xcols[j];
		if (!used || col_type_is_numeric(t->cols[c].type)) {
			diag_set(d, DIAG_USAGE, "--reference %s: not a categorical predictor in --x",
				 o->references[2 * k]);
			goto out;
		}
	}
	/* listwise deletion over the response, predictors and cluster column */
	for (size_t r = 0; r < t->nrows; r++) {
		int ok = (!sel || !sel->keep || sel->keep[r]);

		if (!ok) {
			use[r] = 0;
			continue;
		}
		ok = !isnan(column_value(&t->cols[ycol], r));
		for (size_t j = 0; j < nx && ok; j++) {
			const struct column *c = &t->cols[xcols[j]];

			ok = col_type_is_numeric(c->type) ? !isnan(column_value(c, r)) : c->code[r] >= 0;
		}
		if (ok && o->cluster >= 0) {
			const struct column *c = &t->cols[o->cluster];

			ok = col_type_is_numeric(c->type) ? !isnan(column_value(c, r)) : c->code[r] >= 0;
		}
		use[r] = (unsigned char)ok;
		if (ok)
			n++;
		else
			dropped++;
	}
	y = g_new(double, n ? n : 1);
	for (size_t r = 0, i = 0; r < t->nrows; r++)
		if (use[r])
			y[i++] = column_value(&t->cols[ycol], r);
	/* design columns; a category becomes one dummy per level but the reference */
	terms = g_new0(struct term, 1);
	for (size_t j = 0; j < nx; j++) {
		const struct column *c = &t->cols[xcols[j]];

		if (col_type_is_numeric(c->type)) {
			terms = g_renew(struct term, terms, nterms + 1);
			terms[nterms].name = g_strdup(c->name);
			terms[nterms].v = g_new(double, n ? n : 1);
			for (size_t r = 0, i = 0; r < t->nrows; r++)
				if (use[r])
					terms[nterms].v[i++] = column_value(c, r);
			nterms++;
		} else {
			struct groups g;
			size_t one = xcols[j];
			long ref = -1;
			const char *want = NULL;

			if (table_group(t, &one, 1, use, &g, d) < 0)
				goto out;
			for (size_t k = 0; k < o->nreferences; k++)
				if (strcmp(o->references[2 * k], c->name) == 0)
					want = o->references[2 * k + 1];
			for (size_t gi = 0; gi < g.ngroups && want; gi++)
				if (strcmp(g.labels[gi], want) == 0)
					ref = (long)gi;
			if (want && ref < 0) {
				diag_set(d, DIAG_USAGE, "reference level '%s' does not occur in '%s'",
					 want, c->name);
				groups_release(&g);
				goto out;
			}
			if (ref < 0)
				ref = 0;
			if (g.ngroups < 2) {
				diag_set(d, DIAG_DATA, "'%s' has only one level in the rows used",
					 c->name);
				groups_release(&g);
				goto out;
			}
			for (size_t gi = 0; gi < g.ngroups; gi++) {
				int32_t code = dict_find(&c->dict, g.labels[gi]);

				if ((long)gi == ref)
					continue;
				terms = g_renew(struct term, terms, nterms + 1);
				terms[nterms].name = g_strdup_printf("%s: %s", c->name, g.labels[gi]);
				terms[nterms].v = g_new(double, n ? n : 1);
				for (size_t r = 0, i = 0; r < t->nrows; r++)
					if (use[r])
						terms[nterms].v[i++] = c->code[r] == code;
				nterms++;
			}
			warnings_add(result_set_warnings(rs), "'%s' coded as %zu dummies against '%s'",
				     c->name, g.ngroups - 1, g.labels[ref]);
			groups_release(&g);
		}
	}
	if (o->cluster >= 0) {
		struct groups g;
		size_t one = (size_t)o->cluster;

		if (table_group(t, &one, 1, use, &g, d) < 0)
			goto out;
		cluster = g_new(size_t, n ? n : 1);
		{
			size_t *of_row = g_new(size_t, t->nrows ? t->nrows : 1);

			for (size_t gi = 0; gi < g.ngroups; gi++)
				for (size_t i = g.start[gi]; i < g.start[gi + 1]; i++)
					of_row[g.rows[i]] = gi;
			for (size_t r = 0, i = 0; r < t->nrows; r++)
				if (use[r])
					cluster[i++] = of_row[r];
			g_free(of_row);
		}
		ncl = g.ngroups;
		groups_release(&g);
	}
	xs = g_new(const double *, nterms ? nterms : 1);
	for (size_t j = 0; j < nterms; j++)
		xs[j] = terms[j].v;
	fit = ols_fit(xs, nterms, y, n, !o->no_intercept, o->vcov, cluster, ncl, o->conf, d);
	if (!fit) {
		/* name the term in collinearity messages ("column 3 ...") */
		long k = -1;

		int skip = 0;

		if (sscanf(d->message, "column %ld %n", &k, &skip) == 1 && k >= 1 &&
		    (size_t)k <= nterms) {
			char *msg = g_strdup_printf("term '%s' %s", terms[k - 1].name,
						    d->message + skip);

			g_strlcpy(d->message, msg, sizeof d->message);
			g_free(msg);
		}
		goto out;
	}
	rt = result_set_add(rs, "regression");
	for (size_t i = 0; i < sizeof coef_names / sizeof coef_names[0]; i++)
		result_add_column(rt, coef_names[i], i == 0 ? RT_TEXT : i == 4 ? RT_PVALUE : RT_NUMBER);
	for (size_t j = 0; j < fit->k; j++) {
		size_t row = result_add_row(rt);
		size_t term = fit->intercept ? j - 1 : j;

		result_set_text(rt, row, 0, fit->intercept && j == 0 ? "(intercept)" : terms[term].name);
		result_set_number(rt, row, 1, fit->beta[j]);
		result_set_number(rt, row, 2, fit->se[j]);
		result_set_number(rt, row, 3, fit->t[j]);
		result_set_number(rt, row, 4, fit->p_value[j]);
		result_set_number(rt, row, 5, fit->ci_low[j]);
		result_set_number(rt, row, 6, fit->ci_high[j]);
	}
	result_table_note(rt, "response: %s; se: %s; %g %% intervals on %g df", t->cols[ycol].name,
			  fit->vcov_kind == OLS_CLASSIC ? "classic" :
			  fit->vcov_kind == OLS_HC1 ? "HC1 robust" : "cluster-robust (HC1 factor)",
			  o->conf * 100, fit->df_t);
	if (fit->vcov_kind == OLS_CLUSTER)
		result_table_note(rt, "clusters: %zu values of '%s'", fit->n_clusters,
				  t->cols[o->cluster].name);
	if (dropped)
		result_table_note(rt, "%zu rows with a missing value left out", dropped);
	mt = result_set_add(rs, "model");
	{
		static const char *const mn[] = { "n", "k", "r2", "adj_r2", "sigma", "f", "df1",
						  "df2", "p", "vcov", "note" };
		size_t row;

		for (size_t i = 0; i < sizeof mn / sizeof mn[0]; i++)
			result_add_column(mt, mn[i], i < 2 ? RT_INTEGER : i == 8 ? RT_PVALUE
						    : i >= 9 ? RT_TEXT : RT_NUMBER);
		row = result_add_row(mt);
		result_set_integer(mt, row, 0, (long long)fit->n);
		result_set_integer(mt, row, 1, (long long)fit->k);
		result_set_number(mt, row, 2, fit->r2);
		result_set_number(mt, row, 3, fit->adj_r2);
		result_set_number(mt, row, 4, fit->sigma);
		result_set_number(mt, row, 5, fit->f);
		result_set_number(mt, row, 6, fit->df1);
		result_set_number(mt, row, 7, fit->df2);
		result_set_number(mt, row, 8, fit->f_p);
		result_set_text(mt, row, 9, fit->vcov_kind == OLS_CLASSIC ? "classic" :
				fit->vcov_kind == OLS_HC1 ? "hc1" : "cluster");
		if (fit->why)
			result_set_text(mt, row, 10, fit->why);
	}
	if (!fit->intercept)
		result_table_note(mt, "no intercept: r2 is uncentred, as R");
	rc = 0;
out:
	ols_free(fit);
	g_free(xs);
	g_free(cluster);
	g_free(y);
	terms_free(terms, nterms);
	g_free(use);
	return rc;
}
