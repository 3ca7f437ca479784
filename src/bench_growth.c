/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench_growth: compound annual growth, year-over-year change and indices to a base year. */
#include "clusterbench/bench_regional.h"

#include <math.h>

double bench_cagr(double x0, double x1, double years)
{
	if (!isfinite(x0) || !isfinite(x1) || !isfinite(years) || x0 <= 0 || x1 < 0 ||
	    years <= 0)
		return NAN;
	if (x1 == 0)
		return -1;
	/* exp(log1p(.)/T) - 1 via expm1 keeps small rates accurate */
	return expm1(log(x1 / x0) / years);
}

double bench_change(double x0, double x1)
{
	if (!isfinite(x0) || !isfinite(x1) || x0 <= 0 || x1 < 0)
		return NAN;
	return (x1 - x0) / x0;
}

void bench_yoy(const double *x, size_t n, double *out)
{
	if (n == 0)
		return;
	out[0] = NAN;
	for (size_t t = 1; t < n; t++)
		out[t] = bench_change(x[t - 1], x[t]);
}

int bench_index(const double *x, size_t n, size_t base, double *out)
{
	double b;

	if (base >= n || !isfinite(x[base]) || x[base] <= 0) {
		for (size_t t = 0; t < n; t++)
			out[t] = NAN;
		return -1;
	}
	b = x[base];
	for (size_t t = 0; t < n; t++)
		out[t] = isfinite(x[t]) ? 100 * x[t] / b : NAN;
	out[base] = 100; /* exactly, whatever the rounding of 100 b / b */
	return 0;
}
