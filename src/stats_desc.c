/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stats_desc: descriptive statistics, type-7 quantiles and an accurate mean/variance. */
#include "clusterbench/stats.h"

#include "clusterbench/sort.h"

#include <math.h>
#include <string.h>

/* Insertion sort: the tail of introsort for short ranges. */
static void insertion_sort(double *x, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		double v = x[i];

		for (j = i; j > 0 && x[j - 1] > v; j--)
			x[j] = x[j - 1];
		x[j] = v;
	}
}

static void sift_down(double *x, size_t root, size_t n)
{
	for (;;) {
		size_t c = 2 * root + 1;
		double t;

		if (c >= n)
			return;
		if (c + 1 < n && x[c + 1] > x[c])
			c++;
		if (!(x[c] > x[root]))
			return;
		t = x[c];
		x[c] = x[root];
		x[root] = t;
		root = c;
	}
}

static void heap_sort(double *x, size_t n)
{
	size_t i;

	for (i = n / 2; i-- > 0;)
		sift_down(x, i, n);
	for (i = n; i-- > 1;) {
		double t = x[0];

		x[0] = x[i];
		x[i] = t;
		sift_down(x, 0, i);
	}
}

static void swap2(double *x, size_t i, size_t j)
{
	double t = x[i];

	x[i] = x[j];
	x[j] = t;
}

/*
 * Introsort: median-of-three quicksort with a Hoare partition (which
 * splits runs of equal keys evenly, so heavy ties stay O(n log n)), a
 * heapsort fallback when the depth budget runs out, insertion sort below
 * 16 elements. Recurses on the smaller side only, so the stack is
 * O(log n).
 */
static void intro_sort(double *x, size_t n, unsigned depth)
{
	while (n > 16) {
		size_t i, j, mid = n / 2;
		double pivot;

		if (depth == 0) {
			heap_sort(x, n);
			return;
		}
		depth--;
		if (x[mid] < x[0])
			swap2(x, mid, 0);
		if (x[n - 1] < x[0])
			swap2(x, n - 1, 0);
		if (x[n - 1] < x[mid])
			swap2(x, n - 1, mid);
		pivot = x[mid];
		i = 0;
		j = n - 1;
		for (;;) {
			while (x[i] < pivot)
				i++;
			while (pivot < x[j])
				j--;
			if (i >= j)
				break;
			swap2(x, i, j);
			i++;
			j--;
		}
		/* x[0..j] <= pivot <= x[j+1..n) */
		if (j + 1 < n - j - 1) {
			intro_sort(x, j + 1, depth);
			x += j + 1;
			n -= j + 1;
		} else {
			intro_sort(x + j + 1, n - j - 1, depth);
			n = j + 1;
		}
	}
	insertion_sort(x, n);
}

void stats_sort(double *x, size_t n)
{
	unsigned depth = 0;
	size_t m;

	if (n < 2)
		return;
	/* radix sort from a few hundred values on; the same order either way */
	if (n >= 256 && sort_doubles(x, n) == 0)
		return;
	for (m = n; m > 1; m >>= 1)
		depth += 2;
	intro_sort(x, n, depth);
}

double stats_quantile_sorted(const double *sorted, size_t n, double p)
{
	double h, delta;
	size_t lo;

	if (n == 0 || !(p >= 0.0 && p <= 1.0))
		return NAN;
	h = (double)(n - 1) * p;
	lo = (size_t)floor(h);
	if (lo >= n - 1)
		return sorted[n - 1];
	delta = h - (double)lo;
	if (delta == 0.0)
		return sorted[lo];
	return sorted[lo] + delta * (sorted[lo + 1] - sorted[lo]);
}

/* Neumaier's compensated sum: s + c carries the running total. */
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

void stats_mean_ssd(const double *x, size_t n, double *mean, double *ssd)
{
	struct ksum s = { 0, 0 }, sd = { 0, 0 }, sd2 = { 0, 0 };
	double m, dn = (double)n, sum_d, v;
	size_t i;

	if (n == 0) {
		if (mean)
			*mean = NAN;
		if (ssd)
			*ssd = NAN;
		return;
	}
	for (i = 0; i < n; i++)
		ksum_add(&s, x[i]);
	m = ksum_value(&s) / dn;
	/*
	 * Second pass around the first estimate: the deviations are small and
	 * nearly exact, their sum corrects the mean and the variance
	 * (corrected two-pass algorithm, Chan, Golub & LeVeque 1983).
	 */
	for (i = 0; i < n; i++) {
		double dv = x[i] - m;

		ksum_add(&sd, dv);
		ksum_add(&sd2, dv * dv);
	}
	sum_d = ksum_value(&sd);
	v = ksum_value(&sd2) - sum_d * sum_d / dn;
	if (mean)
		*mean = m + sum_d / dn;
	if (ssd)
		*ssd = n == 1 || v < 0 ? 0.0 : v;
}

static void desc_blank(struct stats_desc *out, double conf)
{
	out->conf = conf;
	out->mean = out->sd = out->se = out->ci_low = out->ci_high = NAN;
	out->min = out->q1 = out->median = out->q3 = out->max = out->iqr = NAN;
	out->cv = out->skewness = out->kurtosis = NAN;
}

int stats_describe(const double *x, size_t len, double conf, double *work,
		   struct stats_desc *out, struct diag *d)
{
	size_t i, n = 0;
	double mean, ssd, sd, dn;
	struct ksum s3 = { 0, 0 }, s4 = { 0, 0 };

	memset(out, 0, sizeof *out);
	desc_blank(out, conf);
	if (!(conf > 0 && conf < 1))
		return diag_set(d, DIAG_USAGE,
				"confidence level must be between 0 and 1, got %g", conf);
	if (len > 0 && (!x || !work))
		return diag_set(d, DIAG_INTERNAL, "stats_describe: no data or work array");
	/* Compact the non-missing values into work; safe when work == x. */
	for (i = 0; i < len; i++) {
		double v = x[i];

		if (isnan(v)) {
			out->missing++;
			continue;
		}
		if (isinf(v)) {
			out->n = n;
			return diag_set(d, DIAG_DATA,
					"infinite value at position %zu", i + 1);
		}
		work[n++] = v;
	}
	out->n = n;
	out->missing = len - n;
	if (n == 0)
		return 0;

	stats_sort(work, n);
	out->min = work[0];
	out->max = work[n - 1];
	out->q1 = stats_quantile_sorted(work, n, 0.25);
	out->median = stats_quantile_sorted(work, n, 0.5);
	out->q3 = stats_quantile_sorted(work, n, 0.75);
	out->iqr = out->q3 - out->q1;

	if (out->min == out->max) {
		/* Constant data: exact answers, no rounding noise in sd. */
		mean = out->min;
		ssd = 0.0;
	} else {
		stats_mean_ssd(work, n, &mean, &ssd);
		if (mean < out->min)
			mean = out->min;
		if (mean > out->max)
			mean = out->max;
	}
	if (!isfinite(mean) || !isfinite(ssd) || !isfinite(out->iqr))
		return diag_set(d, DIAG_DATA,
				"values too large to compute their mean and variance");
	out->mean = mean;
	if (n < 2)
		return 0;

	dn = (double)n;
	sd = sqrt(ssd / (dn - 1));
	out->sd = sd;
	out->se = sd / sqrt(dn);
	{
		double tq = stats_qt_upper((1 - conf) / 2, dn - 1);

		if (!isfinite(tq))
			return diag_set(d, DIAG_INTERNAL,
					"t quantile failed for conf %g, df %zu", conf, n - 1);
		out->ci_low = mean - tq * out->se;
		out->ci_high = mean + tq * out->se;
	}
	if (mean != 0)
		out->cv = sd / mean;
	if (sd == 0)
		return 0;
	for (i = 0; i < n; i++) {
		double z = (work[i] - mean) / sd;
		double z2 = z * z;

		ksum_add(&s3, z2 * z);
		ksum_add(&s4, z2 * z2);
	}
	out->skewness = ksum_value(&s3) / dn;
	out->kurtosis = ksum_value(&s4) / dn - 3.0;
	return 0;
}

double stats_desc_get(const struct stats_desc *s, enum stats_desc_field f)
{
	switch (f) {
	case STATS_DESC_N: return (double)s->n;
	case STATS_DESC_MISSING: return (double)s->missing;
	case STATS_DESC_MEAN: return s->mean;
	case STATS_DESC_SD: return s->sd;
	case STATS_DESC_SE: return s->se;
	case STATS_DESC_CI_LOW: return s->ci_low;
	case STATS_DESC_CI_HIGH: return s->ci_high;
	case STATS_DESC_MIN: return s->min;
	case STATS_DESC_Q1: return s->q1;
	case STATS_DESC_MEDIAN: return s->median;
	case STATS_DESC_Q3: return s->q3;
	case STATS_DESC_MAX: return s->max;
	case STATS_DESC_IQR: return s->iqr;
	case STATS_DESC_CV: return s->cv;
	case STATS_DESC_SKEWNESS: return s->skewness;
	case STATS_DESC_KURTOSIS: return s->kurtosis;
	case STATS_DESC_NFIELDS: break;
	}
	return NAN;
}

const char *stats_desc_field_name(enum stats_desc_field f)
{
	static const char *const names[STATS_DESC_NFIELDS] = {
		"n", "missing", "mean", "sd", "se", "ci_low", "ci_high", "min",
		"q1", "median", "q3", "max", "iqr", "cv", "skewness", "kurtosis"
	};

	return (unsigned)f < STATS_DESC_NFIELDS ? names[f] : NULL;
}

const char *stats_desc_why(const struct stats_desc *s, enum stats_desc_field f)
{
	if ((unsigned)f >= STATS_DESC_NFIELDS || !isnan(stats_desc_get(s, f)))
		return NULL;
	if (s->n == 0)
		return "no values";
	switch (f) {
	case STATS_DESC_SD:
	case STATS_DESC_SE:
	case STATS_DESC_CI_LOW:
	case STATS_DESC_CI_HIGH:
		return s->n < 2 ? "n < 2" : NULL;
	case STATS_DESC_CV:
		if (s->n < 2)
			return "n < 2";
		return s->mean == 0 ? "zero mean" : NULL;
	case STATS_DESC_SKEWNESS:
	case STATS_DESC_KURTOSIS:
		if (s->n < 2)
			return "n < 2";
		return s->sd == 0 ? "zero variance" : NULL;
	default:
		return NULL;
	}
}
