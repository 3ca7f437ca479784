/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stats_tests: t, F, rank and chi-squared tests, distribution tails, p adjustment. */
#include "clusterbench/stats.h"

#include "clusterbench/mem.h"
#include "clusterbench/sort.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

/* ---------------------------------------------------------------- */
/* Distribution tails                                                 */
/* ---------------------------------------------------------------- */

double stats_pt_two_sided(double t, double df)
{
	gsl_sf_result r;
	double x;

	if (isnan(t) || !(df > 0))
		return NAN;
	if (isinf(t))
		return 0.0;
	if (t == 0)
		return 1.0;
	/* P(|T| > |t|) = I_x(df/2, 1/2), x = df/(df + t^2) */
	x = df / (df + t * t);
	if (gsl_sf_beta_inc_e(df / 2, 0.5, x, &r) != GSL_SUCCESS)
		return NAN;
	return r.val > 1.0 ? 1.0 : r.val;
}

double stats_pt_upper(double t, double df)
{
	double p2 = stats_pt_two_sided(t, df);

	if (isnan(p2))
		return NAN;
	return t > 0 ? 0.5 * p2 : 1.0 - 0.5 * p2;
}

double stats_qt_upper(double p, double df)
{
	double t;
	int i;

	if (!(p > 0 && p < 1) || !(df > 0))
		return NAN;
	if (p == 0.5)
		return 0.0;
	t = gsl_cdf_tdist_Qinv(p, df);
	if (!isfinite(t))
		return NAN;
	/* Newton on the accurate tail: Q decreases in t, Q' = -density. */
	for (i = 0; i < 4; i++) {
		double f = stats_pt_upper(t, df) - p;
		double dens = gsl_ran_tdist_pdf(t, df);
		double step;

		if (!(dens > 0) || isnan(f))
			break;
		step = f / dens;
		t += step;
		if (fabs(step) <= 4e-16 * fabs(t))
			break;
	}
	return t;
}

double stats_pf_upper(double f, double df1, double df2)
{
	gsl_sf_result r;
	double x;

	if (isnan(f) || !(df1 > 0) || !(df2 > 0))
		return NAN;
	if (f <= 0)
		return 1.0;
	if (isinf(f))
		return 0.0;
	/* P(F > f) = I_x(df2/2, df1/2), x = df2/(df2 + df1 f) */
	x = df2 / (df2 + df1 * f);
	if (gsl_sf_beta_inc_e(df2 / 2, df1 / 2, x, &r) != GSL_SUCCESS)
		return NAN;
	return r.val > 1.0 ? 1.0 : r.val;
}

double stats_pchisq_upper(double x, double df)
{
	gsl_sf_result r;

	if (isnan(x) || !(df > 0))
		return NAN;
	if (x <= 0)
		return 1.0;
	if (isinf(x))
		return 0.0;
	if (gsl_sf_gamma_inc_Q_e(df / 2, x / 2, &r) != GSL_SUCCESS)
		return NAN;
	return r.val;
}

double stats_pnorm_two_sided(double z)
{
	if (isnan(z))
		return NAN;
	return 2.0 * gsl_cdf_ugaussian_Q(fabs(z));
}

/* ---------------------------------------------------------------- */
/* Shared helpers                                                     */
/* ---------------------------------------------------------------- */

static void test_blank(struct stats_test *out, const char *name)
{
	memset(out, 0, sizeof *out);
	out->test = name;
	out->statistic = out->df1 = out->df2 = out->p = NAN;
	out->estimate = out->ci_low = out->ci_high = out->conf = NAN;
	out->effect = out->effect2 = NAN;
}

/*
 * Last step of every test: a result is never +-inf. An infinite field
 * (only reachable through overflow on extreme inputs) becomes NAN and,
 * when the statistic is hit, the reason says so.
 */
static int test_finish(struct stats_test *out)
{
	double *f[] = { &out->statistic, &out->df1, &out->df2, &out->p,
			&out->estimate, &out->ci_low, &out->ci_high,
			&out->effect, &out->effect2 };
	size_t i;

	for (i = 0; i < sizeof f / sizeof f[0]; i++) {
		if (isinf(*f[i])) {
			*f[i] = NAN;
			if (i < 4) {
				out->statistic = out->p = NAN;
				out->why = "numerical overflow";
			}
		}
	}
	if (isnan(out->statistic))
		out->p = NAN;
	return 0;
}

/* Complete data only: NaN and +-inf are errors naming the group. */
static int check_values(const double *x, size_t n, size_t group, const char *test,
			struct diag *d)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return diag_set(d, DIAG_DATA,
					"group %zu has a %s value at position %zu; %s needs complete data",
					group, isnan(x[i]) ? "missing" : "infinite", i + 1, test);
	return 0;
}

static int need_n(size_t n, size_t min, size_t group, const char *test, struct diag *d)
{
	if (n >= min)
		return 0;
	return diag_set(d, DIAG_DATA, "group %zu has n = %zu; %s needs at least %zu value%s per group",
			group, n, test, min, min == 1 ? "" : "s");
}

static int check_conf(double conf, struct diag *d)
{
	if (conf > 0 && conf < 1)
		return 0;
	return diag_set(d, DIAG_USAGE, "confidence level must be between 0 and 1, got %g", conf);
}

static void *alloc_array(size_t n, size_t size, struct diag *d)
{
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / size) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		return NULL;
	}
	p = mem_array(n, size);
	if (!p)
		diag_set(d, DIAG_INTERNAL, "out of memory");
	return p;
}

/* Neumaier's compensated sum. */
struct ksum {
	double s, c;
};

static void ksum_add(struct ksum *k, double v)
{
	double t = k->s + v;

	if (fabs(k->s) >= fabs(v))
		k->c += (k->s - t) + v;
	else
		k->c += (v - t) + k->s;
	k->s = t;
}

static double ksum_value(const struct ksum *k)
{
	return k->s + k->c;
}

/*
 * Mean of x - shift and the sum of squared deviations, corrected two-pass.
 * Working in a frame shifted to (roughly) the grand mean keeps deviations
 * exact even for data like 1e12 + 0.1 (NIST SmLs07-09).
 */
static void mean_ssd_shift(const double *x, size_t n, double shift, double *mean,
			   double *ssd)
{
	struct ksum s = { 0, 0 }, sd = { 0, 0 }, sd2 = { 0, 0 };
	double m, dn = (double)n, sum_d, v;
	size_t i;

	for (i = 0; i < n; i++)
		ksum_add(&s, x[i] - shift);
	m = ksum_value(&s) / dn;
	for (i = 0; i < n; i++) {
		double dv = (x[i] - shift) - m;

		ksum_add(&sd, dv);
		ksum_add(&sd2, dv * dv);
	}
	sum_d = ksum_value(&sd);
	v = ksum_value(&sd2) - sum_d * sum_d / dn;
	*mean = m + sum_d / dn;
	*ssd = n < 2 || v < 0 ? 0.0 : v;
}

/* The same over differences x[i] - y[i]. */
static void mean_ssd_diff(const double *x, const double *y, size_t n, double *mean,
			  double *ssd)
{
	struct ksum s = { 0, 0 }, sd = { 0, 0 }, sd2 = { 0, 0 };
	double m, dn = (double)n, sum_d, v;
	size_t i;

	for (i = 0; i < n; i++)
		ksum_add(&s, x[i] - y[i]);
	m = ksum_value(&s) / dn;
	for (i = 0; i < n; i++) {
		double dv = (x[i] - y[i]) - m;

		ksum_add(&sd, dv);
		ksum_add(&sd2, dv * dv);
	}
	sum_d = ksum_value(&sd);
	v = ksum_value(&sd2) - sum_d * sum_d / dn;
	*mean = m + sum_d / dn;
	*ssd = n < 2 || v < 0 ? 0.0 : v;
}

/* Hedges' exact small-sample factor J(m) = Gamma(m/2)/(sqrt(m/2) Gamma((m-1)/2)). */
static double hedges_j(double m)
{
	if (!(m >= 2))
		return NAN;
	return exp(gsl_sf_lngamma(m / 2) - 0.5 * log(m / 2) - gsl_sf_lngamma((m - 1) / 2));
}

/* ---------------------------------------------------------------- */
/* t tests                                                            */
/* ---------------------------------------------------------------- */

static int two_sample_t(const double *a, size_t na, const double *b, size_t nb,
			double conf, int pooled, struct stats_test *out, struct diag *d)
{
	const char *name = pooled ? "student_t" : "welch_t";
	double ma, mb, ssa, ssb, sp2, se, df, tq, dfp;

	test_blank(out, name);
	out->conf = conf;
	if (check_conf(conf, d) || check_values(a, na, 1, name, d) ||
	    check_values(b, nb, 2, name, d))
		return -1;
	if (pooled) {
		if (need_n(na, 1, 1, name, d) || need_n(nb, 1, 2, name, d))
			return -1;
		if (na + nb < 3)
			return diag_set(d, DIAG_DATA,
					"%s needs at least 3 values in total, got %zu", name, na + nb);
	} else if (need_n(na, 2, 1, name, d) || need_n(nb, 2, 2, name, d)) {
		return -1;
	}
	out->n = na + nb;
	/* A common shift keeps the difference of means accurate. */
	mean_ssd_shift(a, na, a[0], &ma, &ssa);
	mean_ssd_shift(b, nb, a[0], &mb, &ssb);
	out->estimate = ma - mb;
	dfp = (double)(na + nb - 2);
	sp2 = (ssa + ssb) / dfp;
	out->effect_kind = "cohen_d";
	out->effect2_kind = "hedges_g";
	if (sp2 > 0) {
		out->effect = out->estimate / sqrt(sp2);
		out->effect2 = out->effect * hedges_j(dfp);
	}
	if (pooled) {
		se = sqrt(sp2 * (1.0 / (double)na + 1.0 / (double)nb));
		df = dfp;
	} else {
		double va = ssa / (double)(na - 1) / (double)na;
		double vb = ssb / (double)(nb - 1) / (double)nb;

		se = sqrt(va + vb);
		df = (va + vb) * (va + vb) /
		     (va * va / (double)(na - 1) + vb * vb / (double)(nb - 1));
	}
	if (!(se > 0)) {
		out->why = "zero variance";
		return test_finish(out);
	}
	out->df1 = df;
	out->statistic = out->estimate / se;
	out->p = stats_pt_two_sided(out->statistic, df);
	tq = stats_qt_upper((1 - conf) / 2, df);
	out->ci_low = out->estimate - tq * se;
	out->ci_high = out->estimate + tq * se;
	return test_finish(out);
}

int stats_welch_t(const double *a, size_t na, const double *b, size_t nb,
		  double conf, struct stats_test *out, struct diag *d)
{
	return two_sample_t(a, na, b, nb, conf, 0, out, d);
}

int stats_student_t(const double *a, size_t na, const double *b, size_t nb,
		    double conf, struct stats_test *out, struct diag *d)
{
	return two_sample_t(a, na, b, nb, conf, 1, out, d);
}

int stats_paired_t(const double *x, const double *y, size_t n, double conf,
		   struct stats_test *out, struct diag *d)
{
	const char *name = "paired_t";
	double m, ss, sd, se, df, tq;

	test_blank(out, name);
	out->conf = conf;
	if (check_conf(conf, d) || check_values(x, n, 1, name, d) ||
	    check_values(y, n, 2, name, d))
		return -1;
	if (n < 2)
		return diag_set(d, DIAG_DATA, "%s needs at least 2 pairs, got %zu", name, n);
	out->n = n;
	mean_ssd_diff(x, y, n, &m, &ss);
	out->estimate = m;
	df = (double)(n - 1);
	sd = sqrt(ss / df);
	se = sd / sqrt((double)n);
	out->effect_kind = "d_z";
	if (!(se > 0)) {
		out->why = "zero variance";
		return test_finish(out);
	}
	out->effect = m / sd;
	out->df1 = df;
	out->statistic = m / se;
	out->p = stats_pt_two_sided(out->statistic, df);
	tq = stats_qt_upper((1 - conf) / 2, df);
	out->ci_low = m - tq * se;
	out->ci_high = m + tq * se;
	return test_finish(out);
}

/* ---------------------------------------------------------------- */
/* One-way ANOVA family                                               */
/* ---------------------------------------------------------------- */

/* k >= 2, every group >= min_n values, all finite; returns N in *total. */
static int check_groups(const double *const *groups, const size_t *ns, size_t k,
			size_t min_n, const char *test, size_t *total, struct diag *d)
{
	size_t i, n = 0;

	if (k < 2)
		return diag_set(d, DIAG_DATA, "%s needs at least 2 groups, got %zu", test, k);
	for (i = 0; i < k; i++) {
		if (need_n(ns[i], min_n, i + 1, test, d) ||
		    check_values(groups[i], ns[i], i + 1, test, d))
			return -1;
		n += ns[i];
	}
	*total = n;
	return 0;
}

/* An approximate grand mean, the origin of the shifted frame. */
static double grand_shift(const double *const *groups, const size_t *ns, size_t k,
			  size_t n)
{
	struct ksum s = { 0, 0 };
	size_t i, j;

	for (i = 0; i < k; i++)
		for (j = 0; j < ns[i]; j++)
			ksum_add(&s, groups[i][j]);
	return ksum_value(&s) / (double)n;
}

static int anova_core(const double *const *groups, const size_t *ns, size_t k,
		      const char *test, struct stats_anova *out, struct diag *d)
{
	struct ksum ssw = { 0, 0 }, wsum = { 0, 0 }, ssb = { 0, 0 };
	double shift, gmean, dn;
	double *means;
	size_t i, n;

	memset(out, 0, sizeof *out);
	out->k = k;
	out->df_between = out->df_within = NAN;
	out->ss_between = out->ss_within = out->ss_total = NAN;
	out->ms_between = out->ms_within = out->f = out->p = NAN;
	if (check_groups(groups, ns, k, 1, test, &n, d))
		return -1;
	out->n = n;
	if (n <= k)
		return diag_set(d, DIAG_DATA,
				"%s needs more values than groups, got %zu values in %zu groups",
				test, n, k);
	means = alloc_array(k, sizeof *means, d);
	if (!means)
		return -1;
	dn = (double)n;
	shift = grand_shift(groups, ns, k, n);
	for (i = 0; i < k; i++) {
		double ss;

		mean_ssd_shift(groups[i], ns[i], shift, &means[i], &ss);
		ksum_add(&ssw, ss);
		ksum_add(&wsum, (double)ns[i] * means[i]);
	}
	gmean = ksum_value(&wsum) / dn;
	for (i = 0; i < k; i++) {
		double dm = means[i] - gmean;

		ksum_add(&ssb, (double)ns[i] * dm * dm);
	}
	free(means);
	out->df_between = (double)(k - 1);
	out->df_within = (double)(n - k);
	out->ss_between = ksum_value(&ssb);
	out->ss_within = ksum_value(&ssw);
	out->ss_total = out->ss_between + out->ss_within;
	out->ms_between = out->ss_between / out->df_between;
	out->ms_within = out->ss_within / out->df_within;
	if (!isfinite(out->ss_total))
		return diag_set(d, DIAG_DATA, "%s: values too large for the sums of squares", test);
	if (!(out->ms_within > 0)) {
		out->why = "zero variance";
		return 0;
	}
	out->f = out->ms_between / out->ms_within;
	out->p = stats_pf_upper(out->f, out->df_between, out->df_within);
	if (!isfinite(out->f)) {
		out->f = out->p = NAN;
		out->why = "numerical overflow";
	}
	return 0;
}

int stats_anova_table(const double *const *groups, const size_t *ns, size_t k,
		      struct stats_anova *out, struct diag *d)
{
	return anova_core(groups, ns, k, "anova_f", out, d);
}

int stats_anova_f(const double *const *groups, const size_t *ns, size_t k,
		  struct stats_test *out, struct diag *d)
{
	struct stats_anova a;

	test_blank(out, "anova_f");
	if (anova_core(groups, ns, k, "anova_f", &a, d))
		return -1;
	out->n = a.n;
	out->df1 = a.df_between;
	out->df2 = a.df_within;
	out->statistic = a.f;
	out->p = a.p;
	out->why = a.why;
	out->effect_kind = "eta_sq";
	out->effect2_kind = "omega_sq";
	if (a.ss_total > 0) {
		out->effect = a.ss_between / a.ss_total;
		out->effect2 = (a.ss_between - a.df_between * a.ms_within) /
			       (a.ss_total + a.ms_within);
	}
	return test_finish(out);
}

int stats_welch_anova_f(const double *const *groups, const size_t *ns, size_t k,
			struct stats_test *out, struct diag *d)
{
	const char *name = "welch_anova_f";
	struct ksum sw = { 0, 0 }, swm = { 0, 0 }, num = { 0, 0 }, tmp = { 0, 0 };
	double *mw, shift, m, sum_w, t, dk = (double)k;
	size_t i, n;

	test_blank(out, name);
	if (check_groups(groups, ns, k, 2, name, &n, d))
		return -1;
	out->n = n;
	mw = alloc_array(k, 2 * sizeof *mw, d);
	if (!mw)
		return -1;
	shift = grand_shift(groups, ns, k, n);
	for (i = 0; i < k; i++) {
		double ss, v;

		mean_ssd_shift(groups[i], ns[i], shift, &mw[2 * i], &ss);
		v = ss / (double)(ns[i] - 1);
		if (!(v > 0)) {
			free(mw);
			out->why = "zero variance in a group";
			return test_finish(out);
		}
		mw[2 * i + 1] = (double)ns[i] / v;
		ksum_add(&sw, mw[2 * i + 1]);
		ksum_add(&swm, mw[2 * i + 1] * mw[2 * i]);
	}
	sum_w = ksum_value(&sw);
	m = ksum_value(&swm) / sum_w;
	for (i = 0; i < k; i++) {
		double w = mw[2 * i + 1], dm = mw[2 * i] - m, r = 1 - w / sum_w;

		ksum_add(&num, w * dm * dm);
		ksum_add(&tmp, r * r / (double)(ns[i] - 1));
	}
	free(mw);
	t = ksum_value(&tmp) / (dk * dk - 1);
	out->df1 = dk - 1;
	out->df2 = 1 / (3 * t);
	out->statistic = ksum_value(&num) / ((dk - 1) * (1 + 2 * (dk - 2) * t));
	out->p = stats_pf_upper(out->statistic, out->df1, out->df2);
	return test_finish(out);
}

/* Levene's test on g, which it sorts and overwrites with |g - median|. */
static int levene_core(double *const *g, const size_t *ns, size_t k, size_t n,
		       struct stats_test *out, struct diag *d)
{
	const char *name = "levene_f";
	struct stats_anova a;

	for (size_t i = 0; i < k; i++) {
		double med;

		stats_sort(g[i], ns[i]);
		med = stats_quantile_sorted(g[i], ns[i], 0.5);
		for (size_t j = 0; j < ns[i]; j++)
			g[i][j] = fabs(g[i][j] - med);
	}
	if (anova_core((const double *const *)g, ns, k, name, &a, d))
		return -1;
	out->n = n;
	out->df1 = a.df_between;
	out->df2 = a.df_within;
	out->statistic = a.f;
	out->p = a.p;
	out->why = a.why;
	return test_finish(out);
}

/* The checks of Levene's test; n is set to the number of values. */
static int levene_check(const double *const *groups, const size_t *ns, size_t k, size_t *n,
			struct stats_test *out, struct diag *d)
{
	const char *name = "levene_f";

	test_blank(out, name);
	if (check_groups(groups, ns, k, 1, name, n, d))
		return -1;
	if (*n <= k)
		return diag_set(d, DIAG_DATA,
				"%s needs more values than groups, got %zu values in %zu groups",
				name, *n, k);
	return 0;
}

int stats_levene_f(const double *const *groups, const size_t *ns, size_t k,
		   struct stats_test *out, struct diag *d)
{
	double **zg = NULL, *z = NULL;
	size_t n, off = 0;
	int rc = -1;

	if (levene_check(groups, ns, k, &n, out, d))
		return -1;
	z = alloc_array(n, sizeof *z, d);
	zg = alloc_array(k, sizeof *zg, d);
	if (!z || !zg)
		goto out;
	for (size_t i = 0; i < k; i++) {
		memcpy(z + off, groups[i], ns[i] * sizeof *z);
		zg[i] = z + off;
		off += ns[i];
	}
	rc = levene_core(zg, ns, k, n, out, d);
out:
	free(z);
	free(zg);
	return rc;
}

int stats_levene_f_inplace(double *const *groups, const size_t *ns, size_t k,
			   struct stats_test *out, struct diag *d)
{
	size_t n;

	if (levene_check((const double *const *)groups, ns, k, &n, out, d))
		return -1;
	return levene_core(groups, ns, k, n, out, d);
}

/* ---------------------------------------------------------------- */
/* Rank tests                                                         */
/* ---------------------------------------------------------------- */

struct ranked {
	double v;
	size_t tag;     /* group index, or the sign for signed ranks */
	size_t pos;     /* original position: a total order for ties */
};

static int cmp_ranked(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;

	if (a->v < b->v)
		return -1;
	if (a->v > b->v)
		return 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

/*
 * The order of cmp_ranked by a stable radix sort of the values (r is in
 * position order when it comes here). Returns 0 when it could not (no
 * memory, or too many values), and the caller sorts with qsort.
 */
static int sort_ranked(struct ranked *r, size_t n)
{
	uint64_t *key;
	uint32_t *perm, *tag;
	int ok = 0;

	if (n < 2)
		return 1;
	if (n > UINT32_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (r[i].tag > UINT32_MAX || (i > 0 && r[i].pos <= r[i - 1].pos))
			return 0;
	key = malloc(n * sizeof *key);
	perm = malloc(n * sizeof *perm);
	tag = malloc(n * sizeof *tag);
	if (key && perm && tag) {
		for (size_t i = 0; i < n; i++) {
			/* -0 and +0 are one value here, as in cmp_ranked */
			key[i] = sort_key_of_double(r[i].v == 0 ? 0.0 : r[i].v);
			perm[i] = (uint32_t)i;
			tag[i] = (uint32_t)r[i].tag;
		}
		if (sort_perm_by_u64(perm, n, key) == 0) {
			/* rebuilt from compact copies: no gather of whole records
			 * (pos keeps the order only; nothing reads it afterwards) */
			size_t first = r[0].pos;

			for (size_t i = 0; i < n; i++) {
				uint32_t k = perm[i];

				r[i].v = sort_double_of_key(key[k]);
				r[i].tag = tag[k];
				r[i].pos = first + k;
			}
			ok = 1;
		}
	}
	free(key);
	free(perm);
	free(tag);
	return ok;
}

/*
 * Sorts r[0..n) and replaces each value by its mid-rank (1-based, ties get
 * the average of their positions). Returns sum(t^3 - t) over tie runs.
 */
static double midranks(struct ranked *r, size_t n)
{
	double ties = 0;
	size_t i = 0, j, e;

	if (!sort_ranked(r, n))
		qsort(r, n, sizeof *r, cmp_ranked);
	while (i < n) {
		double rank, t;

		for (e = i + 1; e < n && r[e].v == r[i].v; e++)
			;
		rank = ((double)i + (double)(e - 1)) / 2 + 1;
		t = (double)(e - i);
		ties += t * t * t - t;
		for (j = i; j < e; j++)
			r[j].v = rank;
		i = e;
	}
	return ties;
}

/* Heap of group heads for rank_sums: the smallest head value on top. */
static void heads_down(size_t *heap, size_t nh, size_t at, const double *const *base,
		       const size_t *pos)
{
	for (;;) {
		size_t l = 2 * at + 1, m = at, tmp;

		if (l < nh && base[heap[l]][pos[heap[l]]] < base[heap[m]][pos[heap[m]]])
			m = l;
		if (l + 1 < nh && base[heap[l + 1]][pos[heap[l + 1]]] < base[heap[m]][pos[heap[m]]])
			m = l + 1;
		if (m == at)
			return;
		tmp = heap[at];
		heap[at] = heap[m];
		heap[m] = tmp;
		at = m;
	}
}

/*
 * Adds to rsum[i] the mid-ranks (1-based, ties averaged) of the values of
 * group i among all the values, in ascending order of value, and returns
 * sum(t^3 - t) over the tie runs: what ranking the pooled values would
 * give, bit for bit. Each group is sorted on its own (groups that come
 * sorted, as compare passes them, are read where they are) and the sorted
 * groups are merged through a heap of their heads, so the pooled values
 * are never sorted and no per-value record is built. Returns NAN (d set)
 * when out of memory.
 */
static double rank_sums(const double *const *groups, const size_t *ns, size_t k, double *rsum,
			struct diag *d)
{
	size_t nh = 0, done = 0, unsorted = 0;
	size_t *pos, *heap, *rg, *rn;
	const double **base;
	double *buf = NULL, ties = 0;

	for (size_t i = 0; i < k; i++)
		if (!sort_doubles_sorted(groups[i], ns[i]))
			unsorted += ns[i];
	if (unsorted)
		buf = alloc_array(unsorted, sizeof *buf, d);
	pos = alloc_array(4 * (k ? k : 1), sizeof *pos, d);
	base = alloc_array(k ? k : 1, sizeof *base, d);
	if ((unsorted && !buf) || !pos || !base) {
		free(buf);
		free(pos);
		free(base);
		return NAN;
	}
	heap = pos + k;
	rg = heap + k;
	rn = rg + k;
	for (size_t i = 0, off = 0; i < k; i++) {
		if (sort_doubles_sorted(groups[i], ns[i])) {
			base[i] = groups[i];
		} else {
			memcpy(buf + off, groups[i], ns[i] * sizeof *buf);
			if (sort_doubles(buf + off, ns[i]) < 0)
				stats_sort(buf + off, ns[i]);
			base[i] = buf + off;
			off += ns[i];
		}
		pos[i] = 0;
		if (ns[i])
			heap[nh++] = i;
	}
	for (size_t i = nh / 2; i-- > 0;)
		heads_down(heap, nh, i, base, pos);
	while (nh > 0) {
		double v = base[heap[0]][pos[heap[0]]], rank, t;
		size_t nrun = 0, len = 0;

		/* the values equal to v: a run in each group that has it */
		while (nh > 0 && base[heap[0]][pos[heap[0]]] == v) {
			size_t g = heap[0], p = pos[g];

			while (p < ns[g] && base[g][p] == v)
				p++;
			rg[nrun] = g;
			rn[nrun++] = p - pos[g];
			len += p - pos[g];
			pos[g] = p;
			if (p == ns[g])
				heap[0] = heap[--nh];
			heads_down(heap, nh, 0, base, pos);
		}
		rank = ((double)done + (double)(done + len - 1)) / 2 + 1;
		t = (double)len;
		ties += t * t * t - t;
		for (size_t r = 0; r < nrun; r++)
			for (size_t j = 0; j < rn[r]; j++)
				rsum[rg[r]] += rank;
		done += len;
	}
	free(buf);
	free(pos);
	free(base);
	return ties;
}

int stats_kruskal_h(const double *const *groups, const size_t *ns, size_t k,
		    struct stats_test *out, struct diag *d)
{
	const char *name = "kruskal_h";
	double *rsum = NULL, ties, dn, corr, h = 0;
	size_t i, n;
	int rc = -1;

	test_blank(out, name);
	if (check_groups(groups, ns, k, 1, name, &n, d))
		return -1;
	out->n = n;
	out->df1 = (double)(k - 1);
	out->effect_kind = "epsilon_sq";
	rsum = alloc_array(k, sizeof *rsum, d);
	if (!rsum)
		goto out;
	for (i = 0; i < k; i++)
		rsum[i] = 0;
	ties = rank_sums(groups, ns, k, rsum, d);
	if (isnan(ties))
		goto out;
	dn = (double)n;
	corr = 1 - ties / (dn * dn * dn - dn);
	if (!(corr > 0)) {
		out->why = "all values tied";
		rc = test_finish(out);
		goto out;
	}
	/* Centred form of 12/(N(N+1)) sum R_i^2/n_i - 3(N+1): no cancellation. */
	for (i = 0; i < k; i++) {
		double ni = (double)ns[i];
		double dev = (rsum[i] - ni * (dn + 1) / 2) / ni;

		h += ni * dev * dev;
	}
	h = 12 * h / (dn * (dn + 1)) / corr;
	out->statistic = h;
	out->p = stats_pchisq_upper(h, out->df1);
	out->effect = h / (dn - 1);
	rc = test_finish(out);
out:
	free(rsum);
	return rc;
}

/*
 * Exact null distribution of the Mann-Whitney U: the number of ways to get
 * U = u is the number of partitions of u into at most m parts of size at
 * most n (a Gaussian binomial coefficient). Built by adding one part size
 * at a time; additions only, so small tail counts keep full relative
 * precision. Returns P(U <= w) when lower, else P(U >= w); NAN on
 * allocation failure.
 */
static double mw_exact_tail(size_t m, size_t n, size_t w, int lower, struct diag *d)
{
	size_t umax, j, v, u, cols;
	double *dp, total = 0, tail = 0;

	if (m > n) {
		size_t t = m;

		m = n;
		n = t;
	}
	umax = m * n;
	cols = umax + 1;
	dp = alloc_array((m + 1) * cols, sizeof *dp, d);
	if (!dp)
		return NAN;
	memset(dp, 0, (m + 1) * cols * sizeof *dp);
	dp[0] = 1;      /* the empty partition */
	for (v = 1; v <= n; v++)
		for (j = 1; j <= m; j++)
			for (u = v; u <= umax; u++)
				dp[j * cols + u] += dp[(j - 1) * cols + u - v];
	for (u = 0; u <= umax; u++) {
		double f = 0;

		for (j = 0; j <= m; j++)
			f += dp[j * cols + u];
		total += f;
		if (lower ? u <= w : u >= w)
			tail += f;
	}
	free(dp);
	return tail / total;
}

/* Exact null distribution of the signed-rank V: subsets of {1..n} by sum. */
static double sr_exact_tail(size_t n, size_t v, int lower, struct diag *d)
{
	size_t smax = n * (n + 1) / 2, i, s;
	double *c, total = 0, tail = 0;

	c = alloc_array(smax + 1, sizeof *c, d);
	if (!c)
		return NAN;
	memset(c, 0, (smax + 1) * sizeof *c);
	c[0] = 1;
	for (i = 1; i <= n; i++)
		for (s = smax; s >= i; s--)
			c[s] += c[s - i];
	for (s = 0; s <= smax; s++) {
		total += c[s];
		if (lower ? s <= v : s >= v)
			tail += c[s];
	}
	free(c);
	return tail / total;
}

static double sign_half(double z)
{
	return z > 0 ? 0.5 : z < 0 ? -0.5 : 0.0;
}

int stats_mann_whitney_u(const double *a, size_t na, const double *b, size_t nb,
			 enum stats_exact exact, struct stats_test *out,
			 struct diag *d)
{
	const char *name = "mann_whitney_u";
	double ties, ra = 0, w, dna = (double)na, dnb = (double)nb, dn, zraw, sigma, z;
	size_t n = na + nb;

	test_blank(out, name);
	if (check_values(a, na, 1, name, d) || check_values(b, nb, 2, name, d) ||
	    need_n(na, 1, 1, name, d) || need_n(nb, 1, 2, name, d))
		return -1;
	out->n = n;
	out->effect_kind = "r";
	{
		const double *const two[2] = { a, b };
		const size_t n2[2] = { na, nb };
		double rs[2] = { 0, 0 };

		ties = rank_sums(two, n2, 2, rs, d);
		if (isnan(ties))
			return -1;
		ra = rs[0];
	}
	w = ra - dna * (dna + 1) / 2;
	out->statistic = w;
	dn = dna + dnb;
	zraw = w - dna * dnb / 2;
	sigma = sqrt((dna * dnb / 12) * ((dn + 1) - ties / (dn * (dn - 1))));
	if (!(sigma > 0)) {
		out->why = "all values tied";
		return test_finish(out);
	}
	z = (zraw - sign_half(zraw)) / sigma;
	out->effect = z / sqrt(dn);
	if (exact == STATS_EXACT_AUTO && na < 50 && nb < 50 && ties == 0) {
		int upper = w > dna * dnb / 2;
		double p = mw_exact_tail(na, nb, (size_t)w, !upper, d);

		if (isnan(p))
			return -1;
		out->p = 2 * p < 1 ? 2 * p : 1;
		out->exact = 1;
	} else {
		out->p = stats_pnorm_two_sided(z);
	}
	return test_finish(out);
}

int stats_wilcoxon_v(const double *x, const double *y, size_t n,
		     enum stats_exact exact, struct stats_test *out,
		     struct diag *d)
{
	const char *name = "wilcoxon_v";
	struct ranked *r;
	double ties, v = 0, dm, zraw, sigma, z;
	size_t i, m = 0;
	int zeros;

	test_blank(out, name);
	if (check_values(x, n, 1, name, d) || check_values(y, n, 2, name, d))
		return -1;
	if (n < 1)
		return diag_set(d, DIAG_DATA, "%s needs at least 1 pair, got 0", name);
	out->n = n;
	out->effect_kind = "r";
	r = alloc_array(n, sizeof *r, d);
	if (!r)
		return -1;
	for (i = 0; i < n; i++) {
		double diff = x[i] - y[i];

		if (diff == 0)
			continue;
		r[m].v = fabs(diff);
		r[m].tag = diff > 0;
		r[m].pos = m;
		m++;
	}
	zeros = m < n;
	if (m == 0) {
		free(r);
		out->why = "all differences are zero";
		return test_finish(out);
	}
	ties = midranks(r, m);
	for (i = 0; i < m; i++)
		if (r[i].tag)
			v += r[i].v;
	free(r);
	out->statistic = v;
	dm = (double)m;
	zraw = v - dm * (dm + 1) / 4;
	sigma = sqrt(dm * (dm + 1) * (2 * dm + 1) / 24 - ties / 48);
	if (!(sigma > 0)) {
		out->why = "all differences tied";
		return test_finish(out);
	}
	z = (zraw - sign_half(zraw)) / sigma;
	out->effect = z / sqrt((double)n);
	if (exact == STATS_EXACT_AUTO && m < 50 && ties == 0 && !zeros) {
		int upper = v > dm * (dm + 1) / 4;
		double p = sr_exact_tail(m, (size_t)v, !upper, d);

		if (isnan(p))
			return -1;
		out->p = 2 * p < 1 ? 2 * p : 1;
		out->exact = 1;
	} else {
		out->p = stats_pnorm_two_sided(z);
	}
	return test_finish(out);
}

/* ---------------------------------------------------------------- */
/* Chi-squared test of independence                                  */
/* ---------------------------------------------------------------- */

int stats_chisq(const double *counts, size_t rows, size_t cols,
		struct stats_test *out, struct diag *d)
{
	const char *name = "chisq";
	double *rs = NULL, *cs = NULL, total = 0, x2 = 0;
	size_t i, j, cells;
	int low = 0, rc = -1;

	test_blank(out, name);
	out->effect_kind = "cramers_v";
	if (rows < 2 || cols < 2)
		return diag_set(d, DIAG_DATA,
				"%s needs a table of at least 2 rows and 2 columns, got %zu x %zu",
				name, rows, cols);
	if (rows > SIZE_MAX / cols)
		return diag_set(d, DIAG_INTERNAL, "out of memory");
	cells = rows * cols;
	for (i = 0; i < cells; i++)
		if (!isfinite(counts[i]) || counts[i] < 0)
			return diag_set(d, DIAG_DATA,
					"%s: count in row %zu, column %zu is %s", name,
					i / cols + 1, i % cols + 1,
					isnan(counts[i]) ? "missing" : "not a finite count >= 0");
	rs = alloc_array(rows, sizeof *rs, d);
	cs = alloc_array(cols, sizeof *cs, d);
	if (!rs || !cs)
		goto out;
	memset(rs, 0, rows * sizeof *rs);
	memset(cs, 0, cols * sizeof *cs);
	for (i = 0; i < rows; i++)
		for (j = 0; j < cols; j++) {
			rs[i] += counts[i * cols + j];
			cs[j] += counts[i * cols + j];
		}
	for (i = 0; i < rows; i++)
		total += rs[i];
	if (!isfinite(total)) {
		diag_set(d, DIAG_DATA, "%s: counts too large", name);
		goto out;
	}
	out->n = (size_t)(total + 0.5);
	out->df1 = (double)((rows - 1) * (cols - 1));
	for (i = 0; i < rows; i++)
		if (rs[i] == 0)
			low = -1;
	for (j = 0; j < cols; j++)
		if (cs[j] == 0)
			low = -1;
	if (low < 0) {
		out->why = "a row or column total is zero";
		rc = test_finish(out);
		goto out;
	}
	for (i = 0; i < rows; i++)
		for (j = 0; j < cols; j++) {
			double e = rs[i] * cs[j] / total, dev = counts[i * cols + j] - e;

			if (e < 5)
				low = 1;
			x2 += dev * dev / e;
		}
	out->statistic = x2;
	out->p = stats_pchisq_upper(x2, out->df1);
	out->effect = sqrt(x2 / (total * (double)((rows < cols ? rows : cols) - 1)));
	if (low)
		out->why = "expected counts < 5";
	rc = test_finish(out);
out:
	free(rs);
	free(cs);
	return rc;
}

/* ---------------------------------------------------------------- */
/* p adjustment                                                       */
/* ---------------------------------------------------------------- */

struct pidx {
	double p;
	size_t i;
};

static int cmp_pidx(const void *pa, const void *pb)
{
	const struct pidx *a = pa, *b = pb;

	if (a->p < b->p)
		return -1;
	if (a->p > b->p)
		return 1;
	return (a->i > b->i) - (a->i < b->i);
}

int stats_p_adjust(const double *p, size_t n, enum stats_adjust method,
		   double *out, struct diag *d)
{
	struct pidx *s;
	size_t i, m = 0;
	double dm, run;

	for (i = 0; i < n; i++)
		if (!isnan(p[i]) && !(p[i] >= 0 && p[i] <= 1))
			return diag_set(d, DIAG_DATA,
					"p value %zu is %g; p values must lie in [0, 1]", i + 1, p[i]);
	if (method != STATS_ADJUST_HOLM && method != STATS_ADJUST_BH) {
		if (method != STATS_ADJUST_NONE)
			return diag_set(d, DIAG_INTERNAL, "unknown p adjustment method %d",
					(int)method);
		if (out != p)
			memmove(out, p, n * sizeof *out);
		return 0;
	}
	s = alloc_array(n, sizeof *s, d);
	if (!s)
		return -1;
	for (i = 0; i < n; i++) {
		if (isnan(p[i]))
			continue;
		s[m].p = p[i];
		s[m].i = i;
		m++;
	}
	for (i = 0; i < n; i++)
		if (isnan(p[i]))
			out[i] = NAN;
	qsort(s, m, sizeof *s, cmp_pidx);
	dm = (double)m;
	if (method == STATS_ADJUST_HOLM) {
		/* step-down: cummax((m - i + 1) p_(i)), i = 1..m */
		run = 0;
		for (i = 0; i < m; i++) {
			double v = (dm - (double)i) * s[i].p;

			if (v > run)
				run = v;
			out[s[i].i] = run < 1 ? run : 1;
		}
	} else {
		/* step-up: cummin(m/i p_(i)) from the largest p down */
		run = 1;
		for (i = m; i-- > 0;) {
			double v = dm / (double)(i + 1) * s[i].p;

			if (v < run)
				run = v;
			out[s[i].i] = run;
		}
	}
	free(s);
	return 0;
}

const char *stats_adjust_name(enum stats_adjust method)
{
	switch (method) {
	case STATS_ADJUST_NONE: return "none";
	case STATS_ADJUST_HOLM: return "holm";
	case STATS_ADJUST_BH: return "BH";
	}
	return NULL;
}

int stats_adjust_from_name(const char *name, enum stats_adjust *method)
{
	if (!name)
		return -1;
	if (strcmp(name, "none") == 0)
		*method = STATS_ADJUST_NONE;
	else if (strcmp(name, "holm") == 0)
		*method = STATS_ADJUST_HOLM;
	else if (strcmp(name, "BH") == 0 || strcmp(name, "bh") == 0 ||
		 strcmp(name, "fdr") == 0)
		*method = STATS_ADJUST_BH;
	else
		return -1;
	return 0;
}
