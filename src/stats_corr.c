/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stats_corr: Pearson, Spearman and Kendall tau-b correlation tests, as R's cor.test. */
#include "clusterbench/model.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "clusterbench/mem.h"
#include "clusterbench/stats.h"

/* n(n-1) must fit in 64 bits for the pair counts */
#define KENDALL_MAX_N 4000000000ULL

struct ranked {
	double v;
	size_t i;
};

struct pair {
	double x, y;
};

/* Allocates n elements of size bytes, with the n*size overflow checked. */
static void *alloc_array(size_t n, size_t size, struct diag *d)
{
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / size) {
		diag_set(d, DIAG_INTERNAL, "correlation: %zu values are too many to allocate", n);
		return NULL;
	}
	p = mem_array(n, size);
	if (!p)
		diag_set(d, DIAG_INTERNAL, "correlation: out of memory for %zu values", n);
	return p;
}

/* Shared argument checks; on success out holds n and NAN everywhere else. */
static int corr_begin(const double *x, const double *y, size_t n, double conf,
		      struct stats_corr *out, struct diag *d)
{
	size_t i;

	memset(out, 0, sizeof *out);
	if (n < 3)
		return diag_set(d, DIAG_DATA, "correlation needs at least 3 pairs, got %zu", n);
	if (!(conf > 0.0 && conf < 1.0))
		return diag_set(d, DIAG_USAGE,
				"confidence level must be between 0 and 1, got %g", conf);
	for (i = 0; i < n; i++) {
		if (!isfinite(x[i]) || !isfinite(y[i]))
			return diag_set(d, DIAG_DATA,
					"correlation: non-finite value in pair %zu", i + 1);
	}
	out->n = n;
	out->r = out->statistic = out->df = out->p = NAN;
	out->ci_low = out->ci_high = NAN;
	return 0;
}

static int is_constant(const double *v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++) {
		if (v[i] != v[0])
			return 0;
	}
	return 1;
}

/* Mean with a correction pass (the second pass removes the first's rounding error). */
static double mean_of(const double *v, size_t n)
{
	double m = 0.0, c = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		m += v[i];
	m /= (double)n;
	for (i = 0; i < n; i++)
		c += v[i] - m;
	return m + c / (double)n;
}

/* Pearson r from centred sums; the caller has ruled out constant inputs. */
static double pearson_r(const double *x, const double *y, size_t n)
{
	double mx = mean_of(x, n), my = mean_of(y, n);
	double sxx = 0.0, syy = 0.0, sxy = 0.0, den, r;
	size_t i;

	for (i = 0; i < n; i++) {
		double dx = x[i] - mx, dy = y[i] - my;

		sxx += dx * dx;
		syy += dy * dy;
		sxy += dx * dy;
	}
	if (sxx == 0.0 || syy == 0.0)
		return NAN;
	/* one rounding in the product keeps exact linear relations at |r| = 1 */
	den = sxx * syy;
	if (isnormal(den))
		r = sxy / sqrt(den);
	else
		r = sxy / (sqrt(sxx) * sqrt(syy));
	if (r > 1.0)
		r = 1.0;
	if (r < -1.0)
		r = -1.0;
	return r;
}

/* Two-sided p of t on df, for t finite or infinite. */
static double t_two_sided(double t, double df)
{
	double p;

	if (isinf(t))
		return 0.0;
	p = stats_pt_two_sided(t, df);
	return p > 1.0 ? 1.0 : p;
}

/* t of a correlation r on df degrees of freedom; |r| = 1 gives +-inf. */
static double corr_t(double r, double df)
{
	double q = (1.0 - r) * (1.0 + r);

	if (q <= 0.0)
		return r > 0 ? INFINITY : -INFINITY;
	return r * sqrt(df / q);
}

int stats_pearson(const double *x, const double *y, size_t n, double conf,
		  struct stats_corr *out, struct diag *d)
{
	double r, t, df;

	if (corr_begin(x, y, n, conf, out, d))
		return -1;
	if (is_constant(x, n) || is_constant(y, n)) {
		out->df = (double)n - 2.0;
		out->why = "zero variance";
		return 0;
	}
	r = pearson_r(x, y, n);
	df = (double)n - 2.0;
	if (isnan(r)) {
		out->df = df;
		out->why = "values too large to correlate";
		return 0;
	}
	t = corr_t(r, df);
	out->r = r;
	out->df = df;
	out->p = t_two_sided(t, df);
	if (isinf(t)) {
		out->why = "perfect correlation: t is infinite";
	} else {
		out->statistic = t;
	}
	if (n < 4) {
		if (!out->why)
			out->why = "confidence interval needs at least 4 pairs";
	} else if (fabs(r) == 1.0) {
		out->ci_low = out->ci_high = r;
	} else {
		double z = atanh(r);
		double h = gsl_cdf_ugaussian_Pinv((1.0 + conf) / 2.0) / sqrt((double)n - 3.0);

		out->ci_low = tanh(z - h);
		out->ci_high = tanh(z + h);
	}
	return 0;
}

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *p = a, *q = b;

	if (p->v < q->v)
		return -1;
	if (p->v > q->v)
		return 1;
	return (p->i > q->i) - (p->i < q->i);
}

/* Mid-ranks (1-based, ties averaged) of v into rank; work holds n entries. */
static void mid_ranks(const double *v, size_t n, struct ranked *work, double *rank)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		work[i].v = v[i];
		work[i].i = i;
	}
	qsort(work, n, sizeof *work, cmp_ranked);
	for (i = 0; i < n; i = j) {
		double mid;

		for (j = i + 1; j < n && work[j].v == work[i].v; j++)
			;
		/* positions i+1 .. j share the mean of those ranks */
		mid = ((double)i + 1.0 + (double)j) / 2.0;
		while (i < j)
			rank[work[i++].i] = mid;
	}
}

int stats_spearman(const double *x, const double *y, size_t n, double conf,
		   struct stats_corr *out, struct diag *d)
{
	struct ranked *work = NULL;
	double *rx = NULL, *ry = NULL;
	double r, nd;

	if (corr_begin(x, y, n, conf, out, d))
		return -1;
	if (is_constant(x, n) || is_constant(y, n)) {
		out->why = "zero variance";
		return 0;
	}
	work = alloc_array(n, sizeof *work, d);
	rx = work ? alloc_array(n, sizeof *rx, d) : NULL;
	ry = rx ? alloc_array(n, sizeof *ry, d) : NULL;
	if (!ry) {
		free(rx);
		free(work);
		memset(out, 0, sizeof *out);
		return -1;
	}
	mid_ranks(x, n, work, rx);
	mid_ranks(y, n, work, ry);
	r = pearson_r(rx, ry, n);
	free(ry);
	free(rx);
	free(work);

	nd = (double)n;
	out->r = r;
	/* S as R prints it; n^3 in double is exact enough and never overflows here */
	out->statistic = (nd * nd * nd - nd) * (1.0 - r) / 6.0;
	out->p = t_two_sided(corr_t(r, nd - 2.0), nd - 2.0);
	out->why = "no interval for spearman";
	return 0;
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *p = a, *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	return 0;
}

/*
 * Sorts a ascending by a bottom-up merge sort (tmp: n scratch values) and
 * returns the number of exchanges, i.e. of pairs i < j with a[i] > a[j].
 */
static uint64_t sort_count_exchanges(double *a, double *tmp, size_t n)
{
	uint64_t exch = 0;
	double *src = a, *dst = tmp, *sw;
	size_t width, lo;

	for (width = 1; width < n; width = width > n / 2 ? n : 2 * width) {
		for (lo = 0; lo < n;) {
			size_t mid = lo + (width < n - lo ? width : n - lo);
			size_t hi = mid + (width < n - mid ? width : n - mid);
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi) {
				if (src[j] < src[i]) {
					exch += mid - i;
					dst[k++] = src[j++];
				} else {
					dst[k++] = src[i++];
				}
			}
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
			lo = hi;
		}
		sw = src;
		src = dst;
		dst = sw;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	return exch;
}

/* Tie sums of one variable, as R's xties/yties terms. */
struct tie_sums {
	uint64_t pairs;  /* sum t(t-1)/2 */
	double a;        /* sum t(t-1) */
	double b;        /* sum t(t-1)(2t+5) */
	double c;        /* sum t(t-1)(t-2) */
};

static void add_tie(struct tie_sums *s, size_t run)
{
	double t = (double)run;

	if (run < 2)
		return;
	s->pairs += (uint64_t)run * (run - 1) / 2;
	s->a += t * (t - 1.0);
	s->b += t * (t - 1.0) * (2.0 * t + 5.0);
	s->c += t * (t - 1.0) * (t - 2.0);
}

int stats_kendall(const double *x, const double *y, size_t n, double conf,
		  struct stats_corr *out, struct diag *d)
{
	struct pair *pr = NULL;
	double *ys = NULL, *tmp = NULL;
	struct tie_sums tx = {0, 0, 0, 0}, ty = {0, 0, 0, 0};
	uint64_t n0, joint = 0, exch;
	int64_t s;
	size_t i, j;
	double nd, v0, var_s, z;

	if (corr_begin(x, y, n, conf, out, d))
		return -1;
	if (n > KENDALL_MAX_N) {
		memset(out, 0, sizeof *out);
		return diag_set(d, DIAG_DATA, "kendall's tau is limited to %llu pairs, got %zu",
				(unsigned long long)KENDALL_MAX_N, n);
	}
	if (is_constant(x, n) || is_constant(y, n)) {
		out->why = "zero variance";
		return 0;
	}
	pr = alloc_array(n, sizeof *pr, d);
	ys = pr ? alloc_array(n, sizeof *ys, d) : NULL;
	tmp = ys ? alloc_array(n, sizeof *tmp, d) : NULL;
	if (!tmp) {
		free(ys);
		free(pr);
		memset(out, 0, sizeof *out);
		return -1;
	}
	for (i = 0; i < n; i++) {
		pr[i].x = x[i];
		pr[i].y = y[i];
	}
	/* Knight: order by x, ties by y, so tied x never count as exchanges */
	qsort(pr, n, sizeof *pr, cmp_pair);
	for (i = 0; i < n; i = j) {
		size_t k;

		for (j = i + 1; j < n && pr[j].x == pr[i].x; j++)
			;
		add_tie(&tx, j - i);
		for (k = i; k < j;) {
			size_t m;

			for (m = k + 1; m < j && pr[m].y == pr[k].y; m++)
				;
			joint += (uint64_t)(m - k) * (m - k - 1) / 2;
			k = m;
		}
	}
	for (i = 0; i < n; i++)
		ys[i] = pr[i].y;
	exch = sort_count_exchanges(ys, tmp, n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && ys[j] == ys[i]; j++)
			;
		add_tie(&ty, j - i);
	}
	free(tmp);
	free(ys);
	free(pr);

	/* nc + nd = n0 - n1 - n2 + n3, nd = exchanges */
	n0 = (uint64_t)n * (n - 1) / 2;
	s = (int64_t)(n0 - tx.pairs - ty.pairs + joint) - 2 * (int64_t)exch;
	nd = (double)n;
	out->r = (double)s / (sqrt((double)(n0 - tx.pairs)) * sqrt((double)(n0 - ty.pairs)));
	v0 = nd * (nd - 1.0) * (2.0 * nd + 5.0);
	var_s = (v0 - tx.b - ty.b) / 18.0 + tx.a * ty.a / (2.0 * nd * (nd - 1.0)) +
		tx.c * ty.c / (9.0 * nd * (nd - 1.0) * (nd - 2.0));
	z = (double)s / sqrt(var_s);
	out->statistic = z;
	out->p = 2.0 * gsl_cdf_ugaussian_Q(fabs(z));
	if (out->p > 1.0)
		out->p = 1.0;
	out->why = "no interval for kendall";
	return 0;
}
