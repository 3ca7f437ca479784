/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench_composite: composite index (normalise, weight, aggregate) and Monte-Carlo rank intervals. */
#include "clusterbench/bench_peers.h"

#include <glib.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/numparse.h"
#include "clusterbench/stats.h"

static const char *const norm_names[] = { "minmax", "zscore", "rank", "target" };
static const char *const agg_names[] = { "arithmetic", "geometric", "harmonic" };

const char *bench_norm_name(enum bench_norm m)
{
	return (size_t)m < 4 ? norm_names[m] : "?";
}

int bench_norm_from_name(const char *s, enum bench_norm *m)
{
	for (size_t i = 0; s && i < 4; i++)
		if (strcmp(s, norm_names[i]) == 0) {
			*m = (enum bench_norm)i;
			return 0;
		}
	return -1;
}

const char *bench_agg_name(enum bench_agg a)
{
	return (size_t)a < 3 ? agg_names[a] : "?";
}

int bench_agg_from_name(const char *s, enum bench_agg *a)
{
	for (size_t i = 0; s && i < 3; i++)
		if (strcmp(s, agg_names[i]) == 0) {
			*a = (enum bench_agg)i;
			return 0;
		}
	return -1;
}

/* ------------------------------------------------------------ normalisation */

int bench_normalise(const double *x, size_t n, int dir, enum bench_norm m, double lo, double hi,
		    double target, double *out, const char **why, struct diag *d)
{
	size_t nv = 0;
	double mn = INFINITY, mx = -INFINITY;

	*why = NULL;
	for (size_t i = 0; i < n; i++) {
		double v = dir * x[i];

		out[i] = NAN;
		if (isnan(v))
			continue;
		if (isinf(v))
			return diag_set(d, DIAG_DATA, "infinite value at position %zu", i + 1);
		nv++;
		if (v < mn)
			mn = v;
		if (v > mx)
			mx = v;
	}
	if (nv == 0)
		return diag_set(d, DIAG_DATA, "no values");
	if ((m == BENCH_NORM_MINMAX || m == BENCH_NORM_TARGET) && !(lo < hi))
		return diag_set(d, DIAG_USAGE, "the range needs L < U, got %g,%g", lo, hi);
	switch (m) {
	case BENCH_NORM_MINMAX:
		if (mx == mn) {
			*why = "constant";
			return 0;
		}
		for (size_t i = 0; i < n; i++)
			if (!isnan(x[i]))
				out[i] = lo + (hi - lo) * ((dir * x[i] - mn) / (mx - mn));
		return 0;
	case BENCH_NORM_ZSCORE: {
		double mean, ssd, sd;

		if (nv < 2) {
			*why = "fewer than 2 values";
			return 0;
		}
		/* out as scratch for the directed values */
		for (size_t i = 0, k = 0; i < n; i++)
			if (!isnan(x[i]))
				out[k++] = dir * x[i];
		stats_mean_ssd(out, nv, &mean, &ssd);
		sd = sqrt(ssd / (double)(nv - 1));
		for (size_t i = 0; i < n; i++)
			out[i] = NAN;
		if (!(sd > 0)) {
			*why = "constant";
			return 0;
		}
		for (size_t i = 0; i < n; i++)
			if (!isnan(x[i]))
				out[i] = (dir * x[i] - mean) / sd;
		return 0;
	}
	case BENCH_NORM_RANK: {
		double *sorted = g_new(double, nv);

		for (size_t i = 0, k = 0; i < n; i++)
			if (!isnan(x[i]))
				sorted[k++] = dir * x[i];
		stats_sort(sorted, nv);
		for (size_t i = 0; i < n; i++) {
			size_t a = 0, b = nv;
			double v = dir * x[i];

			if (isnan(x[i]))
				continue;
			/* upper bound: the count of sorted values <= v */
			while (a < b) {
				size_t mid = a + (b - a) / 2;

				if (sorted[mid] <= v)
					a = mid + 1;
				else
					b = mid;
			}
			out[i] = 100.0 * (double)a / (double)nv;
		}
		g_free(sorted);
		return 0;
	}
	case BENCH_NORM_TARGET: {
		double t = dir * target;

		if (isnan(target) || isinf(target))
			return diag_set(d, DIAG_USAGE, "no target");
		if (!(t > mn))
			return diag_set(d, DIAG_USAGE, "the target %g is not better than the worst "
					"value %g", target, dir * mn);
		for (size_t i = 0; i < n; i++) {
			double r;

			if (isnan(x[i]))
				continue;
			r = (dir * x[i] - mn) / (t - mn);
			out[i] = lo + (hi - lo) * (r < 1 ? r : 1);
		}
		return 0;
	}
	}
	return diag_set(d, DIAG_INTERNAL, "unknown normalisation %d", (int)m);
}

/* ------------------------------------------------------------ aggregation */

double bench_aggregate(const double *x, const double *w, size_t k, enum bench_agg a, size_t *used,
		       const char **why, size_t *bad)
{
	double s = 0, sw = 0;
	size_t u = 0, present = 0;
	const char *reason = NULL;
	double score = NAN;

	if (bad)
		*bad = k;
	for (size_t j = 0; j < k; j++) {
		if (isnan(x[j]))
			continue;
		present++;
		if (!(w[j] > 0))
			continue;
		if (a != BENCH_AGG_ARITHMETIC && !(x[j] > 0)) {
			if (bad)
				*bad = j;
			reason = "value <= 0";
			u = 0;
			goto out;
		}
		if (a == BENCH_AGG_ARITHMETIC)
			s += w[j] * x[j];
		else if (a == BENCH_AGG_GEOMETRIC)
			s += w[j] * log(x[j]);
		else
			s += w[j] / x[j];
		sw += w[j];
		u++;
	}
	if (u == 0)
		reason = present ? "zero weights" : "no indicator values";
	else if (a == BENCH_AGG_ARITHMETIC)
		score = s / sw;
	else if (a == BENCH_AGG_GEOMETRIC)
		score = exp(s / sw);
	else
		score = sw / s;
out:
	if (used)
		*used = u;
	if (why)
		*why = reason;
	return score;
}

/* ------------------------------------------------------------ the index */

/* Unit i's name for messages (buf when no names are given). */
static const char *unit_name(const struct composite_spec *s, size_t i, char *buf, size_t size)
{
	if (s->units)
		return s->units[i];
	snprintf(buf, size, "#%zu", i + 1);
	return buf;
}

static const char *ind_name(const struct composite_spec *s, size_t j, char *buf, size_t size)
{
	if (s->indicators)
		return s->indicators[j];
	snprintf(buf, size, "#%zu", j + 1);
	return buf;
}

/* Checks the weights of s: k finite values >= 0, not all 0. */
static int check_weights(const struct composite_spec *s, struct diag *d)
{
	double sum = 0;

	if (!s->weights)
		return 0;
	for (size_t j = 0; j < s->k; j++) {
		if (!(s->weights[j] >= 0) || isinf(s->weights[j]))
			return diag_set(d, DIAG_USAGE, "weights must be numbers >= 0, got %g",
					s->weights[j]);
		sum += s->weights[j];
	}
	if (!(sum > 0))
		return diag_set(d, DIAG_USAGE, "the weights are all 0");
	return 0;
}

/* Normalises every indicator of the n-by-k matrix x with method m. */
static int normalise_matrix(const struct composite_spec *s, enum bench_norm m, double lo,
			    double hi, const double *x, size_t n, double *norm,
			    unsigned char *dropped, struct diag *d)
{
	size_t k = s->k;
	double *col = g_new(double, n ? n : 1), *out = g_new(double, n ? n : 1);
	int rc = 0;

	for (size_t j = 0; j < k && rc == 0; j++) {
		const char *why = NULL;
		struct diag local;

		diag_init(&local);
		for (size_t i = 0; i < n; i++)
			col[i] = x[i * k + j];
		if (bench_normalise(col, n, s->direction ? s->direction[j] : 1, m, lo, hi,
				    s->targets ? s->targets[j] : NAN, out, &why, &local) < 0) {
			char buf[32];

			rc = diag_set(d, local.code, "indicator '%s': %s",
				      ind_name(s, j, buf, sizeof buf), local.message);
			break;
		}
		if (dropped)
			dropped[j] = why != NULL;
		for (size_t i = 0; i < n; i++)
			norm[i * k + j] = out[i];
	}
	g_free(col);
	g_free(out);
	return rc;
}

/* Scores of the n units from the normalised matrix; errors as bench_composite_scores. */
static int aggregate_matrix(const struct composite_spec *s, enum bench_agg a, enum bench_norm m,
			    double lo, const double *norm, const double *w, size_t n, double *score,
			    size_t *used, const char **why, struct diag *d)
{
	size_t k = s->k;

	for (size_t i = 0; i < n; i++) {
		size_t bad, u;
		const char *reason;

		score[i] = bench_aggregate(norm + i * k, w, k, a, &u, &reason, &bad);
		if (used)
			used[i] = u;
		if (why)
			why[i] = reason;
		if (bad < k) {
			char b1[32], b2[32];

			return diag_set(d, DIAG_DATA, "%s aggregation needs values > 0: unit '%s', "
					"indicator '%s' is %g after %s normalisation%s",
					bench_agg_name(a),
					unit_name(s, i, b1, sizeof b1), ind_name(s, bad, b2, sizeof b2),
					norm[i * k + bad], bench_norm_name(m),
					(m == BENCH_NORM_MINMAX || m == BENCH_NORM_TARGET) && lo <= 0
					? " (a range above 0 avoids this: --range 1,100)"
					: m == BENCH_NORM_ZSCORE ? " (z-scores are negative below the "
					"mean: use minmax or rank normalisation)" : "");
		}
	}
	return 0;
}

/* Equal weights when s has none; owned by the caller. */
static double *spec_weights(const struct composite_spec *s)
{
	double *w = g_new(double, s->k ? s->k : 1);

	for (size_t j = 0; j < s->k; j++)
		w[j] = s->weights ? s->weights[j] : 1.0;
	return w;
}

int bench_composite_scores(const struct composite_spec *s, const double *x, size_t n, double *norm,
			   double *score, size_t *used, const char **why, unsigned char *dropped,
			   struct diag *d)
{
	double *w;
	int rc;

	if (check_weights(s, d) < 0)
		return -1;
	if (n > SIZE_MAX / (s->k ? s->k : 1))
		return diag_set(d, DIAG_INTERNAL, "out of memory");
	if (normalise_matrix(s, s->norm, s->lo, s->hi, x, n, norm, dropped, d) < 0)
		return -1;
	w = spec_weights(s);
	rc = aggregate_matrix(s, s->agg, s->norm, s->lo, norm, w, n, score, used, why, d);
	g_free(w);
	return rc;
}

/* ------------------------------------------------------------ Monte Carlo */

void bench_composite_mc_free(struct composite_mc *mc)
{
	if (!mc)
		return;
	g_free(mc->norm);
	g_free(mc->agg);
	g_free(mc->weights);
	g_free(mc->median_rank);
	g_free(mc->rank_p05);
	g_free(mc->rank_p95);
	g_free(mc->ranked);
	g_free(mc);
}

/* The (normalisation, aggregation) pairs a varied draw chooses from. */
static const struct {
	enum bench_norm norm;
	enum bench_agg agg;
} mc_methods[5] = {
	{ BENCH_NORM_MINMAX, BENCH_AGG_ARITHMETIC },
	{ BENCH_NORM_ZSCORE, BENCH_AGG_ARITHMETIC },
	{ BENCH_NORM_RANK, BENCH_AGG_ARITHMETIC },
	{ BENCH_NORM_MINMAX, BENCH_AGG_GEOMETRIC },
	{ BENCH_NORM_RANK, BENCH_AGG_GEOMETRIC },
};

struct composite_mc *bench_composite_mc(const struct composite_spec *s, const double *x, size_t n,
					const struct composite_mc_opts *o, struct diag *d)
{
	size_t k = s->k, nmat = o->vary_method ? 5 : 1;
	struct composite_mc *mc = NULL;
	double *mats[5] = { NULL }, *w0 = NULL, *score = NULL, *rankd = NULL, *sorted = NULL;
	size_t *idx = NULL;
	uint32_t *ranks = NULL;
	gsl_rng *rng = NULL;
	int ok = 0;

	if (o->draws == 0)
		return diag_set(d, DIAG_USAGE, "the number of draws must be at least 1"), NULL;
	if (!(o->noise >= 0 && o->noise <= 1))
		return diag_set(d, DIAG_USAGE, "the weight noise must be from 0 to 1, got %g",
				o->noise), NULL;
	if (check_weights(s, d) < 0)
		return NULL;
	if ((k && o->draws > SIZE_MAX / sizeof(double) / k) ||
	    (n && o->draws > SIZE_MAX / sizeof(uint32_t) / n) ||
	    n > SIZE_MAX / 2 / sizeof(size_t) || (k && n > SIZE_MAX / sizeof(double) / k) ||
	    n >= UINT32_MAX)
		return diag_set(d, DIAG_USAGE, "%zu draws of %zu units are too many", o->draws, n),
		       NULL;
	mc = g_new0(struct composite_mc, 1);
	mc->draws = o->draws;
	mc->n = n;
	mc->k = k;
	mc->norm = g_new(enum bench_norm, o->draws);
	mc->agg = g_new(enum bench_agg, o->draws);
	mc->weights = g_try_new(double, o->draws * (k ? k : 1));
	mc->median_rank = g_new(double, n ? n : 1);
	mc->rank_p05 = g_new(double, n ? n : 1);
	mc->rank_p95 = g_new(double, n ? n : 1);
	mc->ranked = g_new0(size_t, n ? n : 1);
	ranks = g_try_new(uint32_t, o->draws * (n ? n : 1));
	if (!mc->weights || !ranks) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto out;
	}
	/* the normalised matrices do not depend on the weights: once each */
	for (size_t m = 0; m < nmat; m++) {
		enum bench_norm nm = o->vary_method ? mc_methods[m].norm : s->norm;
		double lo = s->lo, hi = s->hi;

		if (o->vary_method && mc_methods[m].agg == BENCH_AGG_GEOMETRIC && !(lo > 0)) {
			lo = 1;
			hi = 100;
		}
		mats[m] = g_new(double, n * k > 0 ? n * k : 1);
		if (normalise_matrix(s, nm, lo, hi, x, n, mats[m], NULL, d) < 0)
			goto out;
	}
	w0 = spec_weights(s);
	score = g_new(double, n ? n : 1);
	rankd = g_new(double, n ? n : 1);
	sorted = g_new(double, o->draws);
	idx = g_new(size_t, 2 * (n ? n : 1));
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto out;
	}
	gsl_rng_set(rng, o->seed);
	for (size_t r = 0; r < o->draws; r++) {
		size_t m = o->vary_method ? (size_t)gsl_rng_uniform_int(rng, 5) : 0;
		double *w = mc->weights + r * k;

		mc->norm[r] = o->vary_method ? mc_methods[m].norm : s->norm;
		mc->agg[r] = o->vary_method ? mc_methods[m].agg : s->agg;
		for (size_t j = 0; j < k; j++)
			w[j] = w0[j] * (1 + o->noise * (2 * gsl_rng_uniform(rng) - 1));
		for (size_t i = 0; i < n; i++) {
			size_t bad;

			/* no value <= 0 can reach a geometric draw: the nominal index
			 * passed that check and varied draws use positive ranges */
			score[i] = bench_aggregate(mats[m] + i * k, w, k, mc->agg[r], NULL, NULL,
						   &bad);
		}
		bench_rank_min(score, n, 1, idx, rankd);
		for (size_t i = 0; i < n; i++)
			ranks[i * o->draws + r] = isnan(rankd[i]) ? 0 : (uint32_t)rankd[i];
	}
	for (size_t i = 0; i < n; i++) {
		size_t c = 0;

		for (size_t r = 0; r < o->draws; r++)
			if (ranks[i * o->draws + r])
				sorted[c++] = ranks[i * o->draws + r];
		stats_sort(sorted, c);
		mc->ranked[i] = c;
		mc->median_rank[i] = c ? stats_quantile_sorted(sorted, c, 0.5) : NAN;
		mc->rank_p05[i] = c ? stats_quantile_sorted(sorted, c, 0.05) : NAN;
		mc->rank_p95[i] = c ? stats_quantile_sorted(sorted, c, 0.95) : NAN;
	}
	ok = 1;
out:
	if (rng)
		gsl_rng_free(rng);
	for (size_t m = 0; m < 5; m++)
		g_free(mats[m]);
	g_free(w0);
	g_free(score);
	g_free(rankd);
	g_free(sorted);
	g_free(idx);
	g_free(ranks);
	if (!ok) {
		bench_composite_mc_free(mc);
		return NULL;
	}
	return mc;
}

/* ------------------------------------------------------------ the tables */

/* Output order: rank, then unit name; units without a score last. */
struct order {
	double rank;
	const char *label;
	size_t i;
};

static int order_cmp(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (isnan(x->rank) != isnan(y->rank))
		return isnan(x->rank) ? 1 : -1;
	if (!isnan(x->rank) && x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return text_collate(x->label, y->label);
}

/* "1,0.5,2": shortest round-trip text of each number. */
static char *list_numbers(const double *v, size_t n)
{
	GString *s = g_string_new(NULL);
	char buf[NUM_FORMAT_SIZE];

	for (size_t j = 0; j < n; j++) {
		num_format(v[j], buf, sizeof buf);
		g_string_append_printf(s, "%s%s", j ? "," : "", buf);
	}
	return g_string_free(s, FALSE);
}

/* Writes the three tables; the index is computed. */
static void composite_tables(const struct table *t, const struct composite_opts *o,
			     const struct composite_spec *s, const struct groups *ug,
			     const double *norm, const double *score, const double *rank,
			     const size_t *used, const char *const *why,
			     const unsigned char *dropped, const struct composite_mc *mc,
			     const struct selection *sel, struct result_set *rs)
{
	size_t n = ug->ngroups, k = o->nind;
	struct result_table *rt = result_set_add(rs, "composite"), *ut = NULL, *dt = NULL;
	struct order *ord = g_new(struct order, n ? n : 1);
	double wsum = 0;
	GString *ws = g_string_new(NULL);

	result_add_column(rt, "unit", RT_TEXT);
	result_add_column(rt, "score", RT_NUMBER);
	result_add_column(rt, "rank", RT_INTEGER);
	for (size_t j = 0; j < k; j++) {
		char *name = g_strdup_printf("norm_%s", t->cols[o->indicators[j]].name);

		result_add_column(rt, name, RT_NUMBER);
		g_free(name);
	}
	result_add_column(rt, "n_indicators", RT_INTEGER);
	result_add_column(rt, "note", RT_TEXT);
	for (size_t i = 0; i < n; i++) {
		ord[i].rank = rank[i];
		ord[i].label = ug->labels[i];
		ord[i].i = i;
	}
	qsort(ord, n, sizeof *ord, order_cmp);
	for (size_t oi = 0; oi < n; oi++) {
		size_t i = ord[oi].i, row = result_add_row(rt);
		GString *missing = g_string_new(NULL);
		size_t nmissing = 0;

		result_set_text(rt, row, 0, ug->labels[i]);
		result_set_number(rt, row, 1, score[i]);
		result_set_number(rt, row, 2, rank[i]);
		for (size_t j = 0; j < k; j++) {
			result_set_number(rt, row, 3 + j, norm[i * k + j]);
			if (isnan(norm[i * k + j]) && !dropped[j] && (!o->weights || o->weights[j] > 0)) {
				g_string_append_printf(missing, "%s%s", nmissing ? ", " : "",
						       t->cols[o->indicators[j]].name);
				nmissing++;
			}
		}
		result_set_integer(rt, row, 3 + k, (long long)used[i]);
		if (why[i]) {
			result_set_text(rt, row, 4 + k, why[i]);
		} else if (nmissing) {
			char *note = g_strdup_printf("no value of %s: weights rescaled over the other "
						     "%zu", missing->str, used[i]);

			result_set_text(rt, row, 4 + k, note);
			g_free(note);
		}
		g_string_free(missing, TRUE);
	}
	for (size_t j = 0; j < k; j++)
		wsum += o->weights ? o->weights[j] : 1;
	for (size_t j = 0; j < k; j++)
		g_string_append_printf(ws, "%s%s %.4g", j ? ", " : "", t->cols[o->indicators[j]].name,
				       (o->weights ? o->weights[j] : 1) / wsum);
	if (sel && sel->where)
		result_table_note(rt, "rows where %s (%zu of %zu)", sel->where, sel->kept, t->nrows);
	if (s->norm == BENCH_NORM_MINMAX || s->norm == BENCH_NORM_TARGET)
		result_table_note(rt, "normalisation: %s to [%g, %g] after direction%s",
				  bench_norm_name(s->norm), s->lo, s->hi, s->norm == BENCH_NORM_TARGET
				  ? " (the target = upper bound, values beyond it capped)" : "");
	else if (s->norm == BENCH_NORM_ZSCORE)
		result_table_note(rt, "normalisation: z-score (value - mean)/sd after direction");
	else
		result_table_note(rt, "normalisation: percentile rank, 100 x share of units at or "
				  "below, after direction");
	result_table_note(rt, "aggregation: %s; weights %s (rescaled over each unit's available "
			  "indicators)", bench_agg_name(s->agg), ws->str);
	for (size_t j = 0; j < k; j++)
		if (dropped[j])
			result_table_note(rt, "'%s' is constant: left out of every unit's score",
					  t->cols[o->indicators[j]].name);
	result_table_note(rt, "rank 1 = best score; ties share the smallest rank");
	g_string_free(ws, TRUE);
	if (mc) {
		static const char *const uc[] = { "unit", "nominal_rank", "median_rank", "rank_p05",
						  "rank_p95", "draws", "seed" };

		ut = result_set_add(rs, "composite_uncertainty");
		for (size_t c = 0; c < 7; c++)
			result_add_column(ut, uc[c], c == 0 ? RT_TEXT : c == 1 || c >= 5 ? RT_INTEGER
									: RT_NUMBER);
		for (size_t oi = 0; oi < n; oi++) {
			size_t i = ord[oi].i, row = result_add_row(ut);

			result_set_text(ut, row, 0, ug->labels[i]);
			result_set_number(ut, row, 1, rank[i]);
			result_set_number(ut, row, 2, mc->median_rank[i]);
			result_set_number(ut, row, 3, mc->rank_p05[i]);
			result_set_number(ut, row, 4, mc->rank_p95[i]);
			result_set_integer(ut, row, 5, (long long)mc->ranked[i]);
			result_set_integer(ut, row, 6, (long long)o->seed);
		}
		result_table_note(ut, "%zu draws: each weight x (1 + %g (2u - 1)), u ~ U(0, 1)%s; "
				  "gsl mt19937, seed %lu", mc->draws, o->noise, o->vary_method
				  ? ", and the method drawn from (minmax|zscore|rank, arithmetic), "
				  "(minmax|rank, geometric)" : "", o->seed);
		result_table_note(ut, "median_rank, rank_p05, rank_p95: type-7 quantiles of the "
				  "unit's ranks over the draws; draws = draws in which it has a "
				  "score");
		dt = result_set_add(rs, "composite_draws");
		result_add_column(dt, "draw", RT_INTEGER);
		result_add_column(dt, "normalise", RT_TEXT);
		result_add_column(dt, "aggregate", RT_TEXT);
		for (size_t j = 0; j < k; j++) {
			char *name = g_strdup_printf("w_%s", t->cols[o->indicators[j]].name);

			result_add_column(dt, name, RT_NUMBER);
			g_free(name);
		}
		for (size_t r = 0; r < mc->draws; r++) {
			size_t row = result_add_row(dt);

			result_set_integer(dt, row, 0, (long long)(r + 1));
			result_set_text(dt, row, 1, bench_norm_name(mc->norm[r]));
			result_set_text(dt, row, 2, bench_agg_name(mc->agg[r]));
			for (size_t j = 0; j < k; j++)
				result_set_number(dt, row, 3 + j, mc->weights[r * k + j]);
		}
		result_table_note(dt, "weights as drawn, before rescaling over each unit's "
				  "available indicators");
	}
	g_free(ord);
}

int bench_composite(const struct table *t, const struct composite_opts *o,
		    const struct selection *sel, struct result_set *rs, struct diag *d)
{
	struct composite_spec s;
	struct groups ug;
	const char **label_of = NULL, **names = NULL, **why = NULL;
	double *x = NULL, *norm = NULL, *score = NULL, *rank = NULL;
	size_t *used = NULL, *idx = NULL, n, k = o->nind, no_unit = 0;
	unsigned char *dropped = NULL;
	struct composite_mc *mc = NULL;
	int have_ug = 0, rc = -1;
	char *text;

	memset(&ug, 0, sizeof ug);
	for (size_t j = 0; j < k; j++) {
		const struct column *c = &t->cols[o->indicators[j]];

		if (!col_type_is_numeric(c->type))
			return diag_set(d, DIAG_USAGE, "indicator '%s' is %s, not numeric", c->name,
					col_type_name(c->type));
		for (size_t i = 0; i < j; i++)
			if (o->indicators[i] == o->indicators[j])
				return diag_set(d, DIAG_USAGE, "indicator '%s' is named twice",
						c->name);
		if (o->norm == BENCH_NORM_TARGET && (!o->targets || isnan(o->targets[j])))
			return diag_set(d, DIAG_USAGE, "no target for indicator '%s' (give one with "
					"--target %s:VALUE)", c->name, c->name);
	}
	memset(&s, 0, sizeof s);
	s.k = k;
	s.direction = o->direction;
	s.weights = o->weights;
	s.norm = o->norm;
	s.agg = o->agg;
	s.lo = o->lo;
	s.hi = o->hi;
	if (isnan(s.lo) || isnan(s.hi)) {
		s.lo = o->agg == BENCH_AGG_ARITHMETIC ? 0 : 1;
		s.hi = 100;
	}
	s.targets = o->norm == BENCH_NORM_TARGET ? o->targets : NULL;
	if (check_weights(&s, d) < 0)
		return -1;
	label_of = g_new(const char *, t->nrows ? t->nrows : 1);
	if (bench_collect_units(t, o->unit, sel, &ug, label_of, &no_unit, d) < 0)
		goto out;
	have_ug = 1;
	n = ug.ngroups;
	if (no_unit)
		warnings_add(result_set_warnings(rs), "%zu row%s left out: no value of '%s'", no_unit,
			     no_unit == 1 ? "" : "s", t->cols[o->unit].name);
	if (k && n > SIZE_MAX / sizeof(double) / k) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto out;
	}
	x = g_new(double, n * k > 0 ? n * k : 1);
	names = g_new(const char *, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		size_t r = ug.rows[ug.start[i]];

		names[i] = ug.labels[i];
		for (size_t j = 0; j < k; j++)
			x[i * k + j] = column_value(&t->cols[o->indicators[j]], r);
	}
	for (size_t j = 0; j < k; j++) {
		size_t have = 0;

		for (size_t i = 0; i < n; i++)
			have += !isnan(x[i * k + j]);
		if (!have) {
			diag_set(d, DIAG_DATA, "indicator '%s' has no values in the rows used",
				 t->cols[o->indicators[j]].name);
			goto out;
		}
	}
	{
		const char **inames = g_new(const char *, k ? k : 1);

		for (size_t j = 0; j < k; j++)
			inames[j] = t->cols[o->indicators[j]].name;
		s.units = names;
		s.indicators = inames;
		norm = g_new(double, n * k > 0 ? n * k : 1);
		score = g_new(double, n ? n : 1);
		rank = g_new(double, n ? n : 1);
		used = g_new(size_t, n ? n : 1);
		why = g_new(const char *, n ? n : 1);
		dropped = g_new0(unsigned char, k ? k : 1);
		idx = g_new(size_t, 2 * (n ? n : 1));
		if (bench_composite_scores(&s, x, n, norm, score, used, why, dropped, d) < 0 ||
		    (o->draws && !(mc = bench_composite_mc(&s, x, n, &(struct composite_mc_opts){
				o->draws, o->noise, o->seed, o->vary_method }, d)))) {
			g_free(inames);
			goto out;
		}
		g_free(inames);
		s.indicators = NULL;
	}
	bench_rank_min(score, n, 1, idx, rank);
	for (size_t j = 0; j < k; j++)
		if (dropped[j])
			warnings_add(result_set_warnings(rs), "indicator '%s' is constant in the rows "
				     "used: left out of the index", t->cols[o->indicators[j]].name);
	composite_tables(t, o, &s, &ug, norm, score, rank, used, why, dropped, mc, sel, rs);
	result_set_provenance(rs, "unit", t->cols[o->unit].name);
	result_set_provenance(rs, "normalise", bench_norm_name(s.norm));
	result_set_provenance(rs, "aggregate", bench_agg_name(s.agg));
	if (s.norm == BENCH_NORM_MINMAX || s.norm == BENCH_NORM_TARGET) {
		double range[2] = { s.lo, s.hi };

		text = list_numbers(range, 2);
		result_set_provenance(rs, "range", text);
		g_free(text);
	}
	{
		double *w = spec_weights(&s);

		text = list_numbers(w, k);
		result_set_provenance(rs, "weights", text);
		g_free(text);
		g_free(w);
	}
	{
		GString *dirs = g_string_new(NULL);

		for (size_t j = 0; j < k; j++)
			g_string_append_printf(dirs, "%s%s:%s", j ? "," : "",
					       t->cols[o->indicators[j]].name,
					       o->direction && o->direction[j] < 0 ? "-" : "+");
		result_set_provenance(rs, "directions", dirs->str);
		g_string_free(dirs, TRUE);
	}
	if (s.targets) {
		text = list_numbers(s.targets, k);
		result_set_provenance(rs, "targets", text);
		g_free(text);
	}
	if (mc) {
		result_set_provenance_int(rs, "seed", (long long)o->seed);
		result_set_provenance_int(rs, "draws", (long long)o->draws);
		result_set_provenance_num(rs, "weight_noise", o->noise);
		result_set_provenance(rs, "vary_method", o->vary_method ? "yes" : "no");
	}
	rc = 0;
out:
	if (rc < 0 && d && d->code == DIAG_DATA && t->source)
		diag_set_path(d, t->source);
	bench_composite_mc_free(mc);
	g_free(x);
	g_free(names);
	g_free(norm);
	g_free(score);
	g_free(rank);
	g_free(used);
	g_free(why);
	g_free(dropped);
	g_free(idx);
	g_free(label_of);
	if (have_ug)
		groups_release(&ug);
	return rc;
}
