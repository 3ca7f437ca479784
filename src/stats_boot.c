/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stats_boot: seeded percentile bootstrap of a statistic (mean, median or a caller's function). */
#include "clusterbench/stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

int stats_statistic_mean(double *x, size_t n, void *arg, double *value,
			 struct diag *d)
{
	(void)arg;
	if (n == 0)
		return diag_set(d, DIAG_DATA, "mean of no values");
	stats_mean_ssd(x, n, value, NULL);
	return 0;
}

int stats_statistic_median(double *x, size_t n, void *arg, double *value,
			   struct diag *d)
{
	(void)arg;
	if (n == 0)
		return diag_set(d, DIAG_DATA, "median of no values");
	stats_sort(x, n);
	*value = stats_quantile_sorted(x, n, 0.5);
	return 0;
}

static void boot_blank(struct stats_boot *out, size_t n, size_t B, double conf,
		       unsigned long seed)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	out->B = B;
	out->conf = conf;
	out->seed = seed;
	out->estimate = out->se = out->ci_low = out->ci_high = NAN;
}

int stats_boot_percentile(const double *x, size_t n, stats_statistic_fn fn,
			  void *arg, size_t B, double conf, unsigned long seed,
			  double *replicates, struct stats_boot *out,
			  struct diag *d)
{
	gsl_rng *rng = NULL;
	double *buf = NULL, *reps = NULL, mean, ssd;
	size_t i, b, undefined = 0;
	int rc = -1;

	boot_blank(out, n, B, conf, seed);
	if (!fn)
		return diag_set(d, DIAG_INTERNAL, "bootstrap without a statistic");
	if (!(conf > 0 && conf < 1))
		return diag_set(d, DIAG_USAGE,
				"confidence level must be between 0 and 1, got %g", conf);
	if (B < 2)
		return diag_set(d, DIAG_USAGE, "bootstrap needs at least 2 resamples, got %zu", B);
	if (n < 1)
		return diag_set(d, DIAG_DATA, "bootstrap needs at least 1 value, got 0");
	/* gsl_rng_uniform_int draws below n only when n fits mt19937's range. */
	if ((unsigned long long)n > 4294967295ULL)
		return diag_set(d, DIAG_DATA, "bootstrap sample of %zu values is too large", n);
	for (i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return diag_set(d, DIAG_DATA,
					"%s value at position %zu; the bootstrap needs complete data",
					isnan(x[i]) ? "missing" : "infinite", i + 1);
	if (n > SIZE_MAX / sizeof *buf || B > SIZE_MAX / sizeof *reps)
		return diag_set(d, DIAG_INTERNAL, "out of memory");
	buf = malloc(n * sizeof *buf);
	reps = malloc(B * sizeof *reps);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!buf || !reps || !rng) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto out;
	}
	gsl_rng_set(rng, seed);

	memcpy(buf, x, n * sizeof *buf);
	if (fn(buf, n, arg, &out->estimate, d))
		goto out;
	if (isinf(out->estimate))
		out->estimate = NAN;

	for (b = 0; b < B; b++) {
		double v;

		for (i = 0; i < n; i++)
			buf[i] = x[gsl_rng_uniform_int(rng, (unsigned long)n)];
		if (fn(buf, n, arg, &v, d))
			goto out;
		if (!isfinite(v)) {
			v = NAN;
			undefined++;
		}
		reps[b] = v;
	}
	if (replicates)
		memcpy(replicates, reps, B * sizeof *reps);
	if (undefined) {
		out->why = "statistic undefined in some resamples";
		rc = 0;
		goto out;
	}
	stats_mean_ssd(reps, B, &mean, &ssd);
	out->se = sqrt(ssd / (double)(B - 1));
	stats_sort(reps, B);
	out->ci_low = stats_quantile_sorted(reps, B, (1 - conf) / 2);
	out->ci_high = stats_quantile_sorted(reps, B, 1 - (1 - conf) / 2);
	rc = 0;
out:
	gsl_rng_free(rng);
	free(reps);
	free(buf);
	return rc;
}
