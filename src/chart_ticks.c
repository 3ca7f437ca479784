/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart_ticks: extended Wilkinson and log10 ticks, 1-D label dodging, Tukey whisker indexes. */
#include "clusterbench/chart.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The nice numbers of Talbot et al., in order of preference, times 10. */
static const int q_tenths[] = { 10, 50, 20, 25, 40, 30 };
#define NQ (sizeof q_tenths / sizeof q_tenths[0])

static const double w_simp = 0.25, w_cov = 0.2, w_dens = 0.5, w_leg = 0.05;

/* Searches stop here; far beyond any score that could still win. */
#define MAX_J 64
#define MAX_Z_STEPS 64

/* 10^e correctly rounded (strtod), for |e| within the double range. */
static double p10(int e)
{
	char buf[16];

	snprintf(buf, sizeof buf, "1e%d", e);
	return strtod(buf, NULL);
}

/* m * 10^e with one rounding: exact when m is an exact integer and the
 * power of ten is exact, else correctly rounded division. */
static double scaled(double m, int e)
{
	if (e >= 0)
		return m * p10(e);
	return m / p10(-e);
}

static double coverage(double dmin, double dmax, double lmin, double lmax)
{
	double range = dmax - dmin;

	return 1 - 0.5 * ((dmax - lmax) * (dmax - lmax) + (dmin - lmin) * (dmin - lmin)) /
			   ((0.1 * range) * (0.1 * range));
}

static double coverage_max(double dmin, double dmax, double span)
{
	double range = dmax - dmin;

	if (span > range) {
		double half = (span - range) / 2;

		return 1 - 0.5 * (2 * half * half) / ((0.1 * range) * (0.1 * range));
	}
	return 1;
}

static double density(double k, double m, double dmin, double dmax, double lmin, double lmax)
{
	double r = (k - 1) / (lmax - lmin);
	double rt = (m - 1) / (fmax(lmax, dmax) - fmin(dmin, lmin));

	return 2 - fmax(r / rt, rt / r);
}

static double density_max(double k, double m)
{
	return k >= m ? 2 - (k - 1) / (m - 1) : 1;
}

struct best {
	double score;
	double start;  /* first tick = start * q * 10^z */
	int qn, z, j;
	size_t k;
	int found;
};

/* Whether start * qn * 10^(z-1) is a whole number (qn in tenths). */
static int whole(double start, int qn, int z)
{
	double m = start * qn;

	if (z >= 1)
		return 1;
	/* m is an exact integer below 2^53 here; divide by 10^(1-z) exactly. */
	for (int e = z; e < 1; e++) {
		if (fmod(m, 10.0) != 0)
			return 0;
		m /= 10.0;
	}
	return 1;
}

int chart_ticks_extended(double dmin, double dmax, size_t m_target, unsigned flags,
			 struct chart_ticks *out, struct diag *d)
{
	struct best best = { -2, 0, 0, 0, 0, 0, 0 };
	double m = m_target < 2 ? 2 : (double)m_target;
	int loose = !!(flags & CHART_TICKS_LOOSE);

	if (!isfinite(dmin) || !isfinite(dmax))
		return diag_set(d, DIAG_DATA, "axis range is not finite");
	if (dmin > dmax) {
		double t = dmin;

		dmin = dmax;
		dmax = t;
	}
	if (dmax - dmin <= 1e-12 * fmax(fabs(dmin), fabs(dmax))) {
		/* A single value (or a range too narrow to label). */
		double v = (dmin + dmax) / 2, h = fabs(v) / 10;

		if (v == 0) {
			dmin = 0;
			dmax = 1;
		} else {
			dmin = v - h;
			dmax = v + h;
		}
	}
	if (!isfinite(dmax - dmin))
		return diag_set(d, DIAG_DATA, "axis range is too wide");

	for (int j = 1; j <= MAX_J; j++) {
		int stop = 0;

		for (size_t qi = 0; qi < NQ; qi++) {
			int qn = q_tenths[qi];
			double q = qn / 10.0;
			double sm = 1 - (double)qi / (NQ - 1) - j + 1;

			if (w_simp * sm + w_cov + w_dens + w_leg < best.score) {
				stop = 1;
				break;
			}
			for (size_t k = 2; k <= CHART_TICKS_MAX; k++) {
				double dm = density_max((double)k, m);
				double delta;
				int z;

				if (w_simp * sm + w_cov + w_dens * dm + w_leg < best.score)
					break;
				delta = (dmax - dmin) / (double)(k + 1) / j / q;
				z = (int)ceil(log10(delta));
				for (int zi = 0; zi < MAX_Z_STEPS; zi++, z++) {
					double unit = q * pow(10.0, z); /* step / j */
					double step = j * unit;
					double cm = coverage_max(dmin, dmax, step * (double)(k - 1));
					double min_start, max_start;

					if (w_simp * sm + w_cov * cm + w_dens * dm + w_leg < best.score)
						break;
					min_start = floor(dmax / step) * j - (double)(k - 1) * j;
					max_start = ceil(dmin / step) * j;
					if (min_start > max_start)
						continue;
					if (fabs(min_start) > 4e15 || fabs(max_start) > 4e15 ||
					    max_start - min_start > 1e6)
						continue;
					for (double start = min_start; start <= max_start; start++) {
						double lmin = start * unit;
						double lmax = lmin + step * (double)(k - 1);
						int multiple = fmod(start, (double)j) == 0;
						double v = multiple && lmin <= 0 && lmax >= 0 ? 1 : 0;
						double s = 1 - (double)qi / (NQ - 1) - j + v;
						double c = coverage(dmin, dmax, lmin, lmax);
						double g = density((double)k, m, dmin, dmax, lmin, lmax);
						double score = w_simp * s + w_cov * c + w_dens * g + w_leg;

						if (!(score > best.score))
							continue;
						if (loose && !(lmin <= dmin && lmax >= dmax))
							continue;
						if ((flags & CHART_TICKS_ALIGNED) && !multiple)
							continue;
						if ((flags & CHART_TICKS_INTEGER) &&
						    (!whole(start, qn, z) ||
						     !whole((double)j, qn, z)))
							continue;
						best.score = score;
						best.start = start;
						best.qn = qn;
						best.z = z;
						best.j = j;
						best.k = k;
						best.found = 1;
					}
				}
			}
		}
		if (stop)
			break;
	}
	if (!best.found)
		return diag_set(d, DIAG_DATA, "no tick labels found for the range %g to %g",
				dmin, dmax);
	out->n = best.k;
	out->log10 = 0;
	/* tick i = (start + i j) * qn * 10^(z - 1): an exact integer times an
	 * exact power of ten, so 0.1 * 3 comes out as 0.3. */
	for (size_t i = 0; i < best.k; i++)
		out->value[i] = scaled((best.start + (double)i * best.j) * best.qn, best.z - 1);
	out->step = scaled((double)best.j * best.qn, best.z - 1);
	out->decimals = chart_decimals_needed(out->value, out->n);
	return 0;
}

/* The exponent e with 10^e <= x < 10^(e+1), x > 0 normal. */
static int floor_exp(double x)
{
	int e = (int)floor(log10(x));

	if (p10(e) > x)
		e--;
	else if (p10(e + 1) <= x)
		e++;
	return e;
}

int chart_ticks_log10(double dmin, double dmax, struct chart_ticks *out, struct diag *d)
{
	int e0, e1;

	if (!isfinite(dmin) || !isfinite(dmax))
		return diag_set(d, DIAG_DATA, "axis range is not finite");
	if (!(dmin > 0) || !(dmax > 0))
		return diag_set(d, DIAG_DATA, "a log scale needs values above 0");
	if (dmin > dmax) {
		double t = dmin;

		dmin = dmax;
		dmax = t;
	}
	if (dmin < 1e-300 || dmax > 1e300)
		return diag_set(d, DIAG_DATA, "values too small or too large for a log scale");
	if (dmin == dmax) {
		dmin /= 2;
		dmax *= 2;
	}
	e0 = floor_exp(dmin);
	e1 = floor_exp(dmax);
	if (p10(e1) < dmax)
		e1++;
	out->log10 = 1;
	out->step = 0;
	out->n = 0;
	for (size_t set = 0; set < 3; set++) {
		static const int sets[3][3] = { { 1, 2, 5 }, { 1, 3, 0 }, { 1, 0, 0 } };
		double lo = 0, hi = 0;
		size_t n = 0;

		/* Largest candidate <= dmin and smallest >= dmax. */
		for (int e = e0; e <= e1; e++)
			for (size_t i = 0; i < 3 && sets[set][i]; i++) {
				double v = scaled(sets[set][i], e);

				if (v <= dmin)
					lo = v;
				if (v >= dmax && hi == 0)
					hi = v;
			}
		for (int e = e0; e <= e1; e++)
			for (size_t i = 0; i < 3 && sets[set][i]; i++) {
				double v = scaled(sets[set][i], e);

				if (v >= lo && v <= hi)
					n++;
			}
		if (n > 10)
			continue;
		for (int e = e0; e <= e1; e++)
			for (size_t i = 0; i < 3 && sets[set][i]; i++) {
				double v = scaled(sets[set][i], e);

				if (v >= lo && v <= hi)
					out->value[out->n++] = v;
			}
		break;
	}
	if (out->n == 0) {
		int s = (e1 - e0 + 8) / 9; /* ceil((e1 - e0) / 9): at most 10 ticks */
		int a = (int)floor((double)e0 / s) * s;
		int b = (int)ceil((double)e1 / s) * s;

		for (int e = a; e <= b && out->n < CHART_TICKS_MAX; e += s)
			out->value[out->n++] = p10(e);
	}
	out->decimals = chart_decimals_needed(out->value, out->n);
	return 0;
}

struct block {
	size_t first, count; /* positions in the sorted order */
	double sumd;         /* sum of (want - offset in block) */
	double len;          /* total length, gaps included */
	double t;            /* start of the block */
};

static int cmp_index(const void *a, const void *b, const double *want)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (want[i] < want[j])
		return -1;
	if (want[i] > want[j])
		return 1;
	return i < j ? -1 : i > j;
}

/* Insertion sort by want, stable: n is small (labels on one chart). */
static void sort_by_want(size_t *idx, size_t n, const double *want)
{
	for (size_t i = 1; i < n; i++) {
		size_t v = idx[i], j = i;

		while (j > 0 && cmp_index(&idx[j - 1], &v, want) > 0) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = v;
	}
}

static double clamp_start(double t, double len, double lo, double hi)
{
	if (t > hi - len)
		t = hi - len;
	if (t < lo)
		t = lo;
	return t;
}

int chart_dodge(size_t n, const double *want, const double *size, double gap, double lo,
		double hi, double *out, struct diag *d)
{
	size_t *idx;
	struct block *blk;
	size_t nb = 0;

	if (n == 0)
		return 0;
	if (n > SIZE_MAX / (sizeof *idx + sizeof *blk))
		return diag_set(d, DIAG_INTERNAL, "out of memory");
	idx = malloc(n * sizeof *idx);
	blk = malloc(n * sizeof *blk);
	if (!idx || !blk) {
		free(idx);
		free(blk);
		return diag_set(d, DIAG_INTERNAL, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	sort_by_want(idx, n, want);
	for (size_t p = 0; p < n; p++) {
		double sz = size[idx[p]] > 0 ? size[idx[p]] : 0;
		struct block b = { p, 1, want[idx[p]] - sz / 2, sz, 0 };

		b.t = clamp_start(b.sumd, b.len, lo, hi);
		/* Merge with the previous block while they overlap. */
		while (nb > 0 && blk[nb - 1].t + blk[nb - 1].len + gap > b.t) {
			struct block *a = &blk[nb - 1];

			b.sumd = a->sumd + b.sumd - (double)b.count * (a->len + gap);
			b.count += a->count;
			b.first = a->first;
			b.len = a->len + gap + b.len;
			b.t = clamp_start(b.sumd / (double)b.count, b.len, lo, hi);
			nb--;
		}
		blk[nb++] = b;
	}
	for (size_t bi = 0; bi < nb; bi++) {
		double pos = blk[bi].t;

		for (size_t p = blk[bi].first; p < blk[bi].first + blk[bi].count; p++) {
			double sz = size[idx[p]] > 0 ? size[idx[p]] : 0;

			out[idx[p]] = pos + sz / 2;
			pos += sz + gap;
		}
	}
	free(idx);
	free(blk);
	return 0;
}

int chart_tukey_whiskers(const double *sorted, size_t n, double q1, double q3, size_t *lo,
			 size_t *hi)
{
	double iqr = q3 - q1, f_lo = q1 - 1.5 * iqr, f_hi = q3 + 1.5 * iqr;
	size_t a = 0, b = n;

	if (n == 0)
		return -1;
	while (a < n && sorted[a] < f_lo)
		a++;
	while (b > 0 && sorted[b - 1] > f_hi)
		b--;
	if (a >= b)
		return -1;
	*lo = a;
	*hi = b - 1;
	return 0;
}
