/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench_regional: location quotients, shift-share, HHI and Krugman over region x sector arrays. */
#include "clusterbench/bench_regional.h"

#include <math.h>

/* A compensated running sum (Neumaier's variant of Kahan summation): the
 * decomposition identities are checked to 1e-12, and plain sums of a few
 * thousand cells of mixed size would lose more than that. */
struct ksum {
	double s, c;
};

static void ksum_add(struct ksum *k, double x)
{
	double t = k->s + x;

	if (fabs(k->s) >= fabs(x))
		k->c += (k->s - t) + x;
	else
		k->c += (x - t) + k->s;
	k->s = t;
}

static double ksum_get(const struct ksum *k)
{
	return k->s + k->c;
}

/* Sum of n values x[0], x[stride], x[2 stride], ... */
static double sum_strided(const double *x, size_t n, size_t stride)
{
	struct ksum k = { 0, 0 };

	for (size_t i = 0; i < n; i++)
		ksum_add(&k, x[i * stride]);
	return ksum_get(&k);
}

void bench_margins(const double *e, size_t nr, size_t ns, double *row_tot, double *col_tot,
		   double *total)
{
	struct ksum all = { 0, 0 };

	for (size_t r = 0; r < nr; r++) {
		double rt = sum_strided(e + r * ns, ns, 1);

		if (row_tot)
			row_tot[r] = rt;
	}
	for (size_t i = 0; i < ns; i++) {
		double ct = sum_strided(e + i, nr, ns);

		if (col_tot)
			col_tot[i] = ct;
		ksum_add(&all, ct);
	}
	if (total)
		*total = nr && ns ? ksum_get(&all) : 0;
}

void bench_lq(const double *e, size_t nr, size_t ns, const double *ref, double *lq)
{
	double big = sum_strided(ref, ns, 1);

	for (size_t r = 0; r < nr; r++) {
		double er = sum_strided(e + r * ns, ns, 1);

		for (size_t i = 0; i < ns; i++) {
			if (!(er > 0) || !(ref[i] > 0) || !(big > 0))
				lq[r * ns + i] = NAN;
			else
				lq[r * ns + i] = (e[r * ns + i] / er) / (ref[i] / big);
		}
	}
}

void bench_shift_share(const double *r0, const double *r1, const double *n0, const double *n1,
		       size_t ns, struct bench_shift *s)
{
	struct ksum mix = { 0, 0 }, shift = { 0, 0 }, comp = { 0, 0 }, alloc = { 0, 0 };
	double big0, big1, grow;

	s->r0 = sum_strided(r0, ns, 1);
	s->r1 = sum_strided(r1, ns, 1);
	s->national = s->mix = s->shift = s->competitive = s->allocation = NAN;
	s->new_sectors = 0;
	s->why = NULL;
	for (size_t i = 0; i < ns; i++)
		s->new_sectors += r0[i] == 0 && r1[i] > 0;
	big0 = sum_strided(n0, ns, 1);
	big1 = sum_strided(n1, ns, 1);
	if (!(big0 > 0)) {
		s->why = "the reference economy has no employment in the start year";
		return;
	}
	/*
	 * Written with growth rates G - 1 = (N1 - N0)/N0 and g_i - 1 instead of
	 * the ratios: the same algebra, but changes of a few per cent are not
	 * first rounded into 1.0x and then subtracted from 1 again (40 x
	 * (130/100 - 1) would give 12.000000000000002, 40 x 30/100 gives 12).
	 */
	grow = (big1 - big0) / big0;
	s->national = s->r0 * grow;
	for (size_t i = 0; i < ns; i++) {
		double gi, rs_i, q, star, c_i;

		if (r0[i] == 0) {
			/* new to the region: r_i0 (r_i1/r_i0 - g_i) = r_i1 - r_i0 g_i = r_i1,
			 * all of it competitive (see the header) */
			ksum_add(&shift, r1[i]);
			ksum_add(&comp, r1[i]);
			continue;
		}
		if (!(n0[i] > 0)) {
			s->why = "a sector of the region has no employment in the reference "
				 "economy in the start year";
			return;
		}
		gi = (n1[i] - n0[i]) / n0[i];           /* g_i - 1 */
		ksum_add(&mix, r0[i] * (gi - grow));    /* r_i0 (g_i - G) */
		rs_i = (r1[i] - r0[i]) - r0[i] * gi;    /* r_i1 - r_i0 g_i */
		ksum_add(&shift, rs_i);
		q = rs_i / r0[i];                       /* r_i1/r_i0 - g_i */
		star = s->r0 * (n0[i] / big0);          /* homothetic employment r*_i0 */
		c_i = star * q;
		ksum_add(&comp, c_i);
		/* (r_i0 - r*_i0) q = r_i0 q - r*_i0 q: written as the difference so
		 * that C + A reproduces RS up to the rounding of the sums */
		ksum_add(&alloc, rs_i - c_i);
	}
	s->mix = ksum_get(&mix);
	s->shift = ksum_get(&shift);
	s->competitive = ksum_get(&comp);
	s->allocation = ksum_get(&alloc);
}

void bench_hhi(const double *x, size_t n, struct bench_hhi *h)
{
	struct ksum tot = { 0, 0 }, sq = { 0, 0 };
	size_t m = 0;
	double total;

	h->h = h->normalised = h->equivalent = NAN;
	h->why = NULL;
	for (size_t i = 0; i < n; i++) {
		if (isnan(x[i]))
			continue;
		ksum_add(&tot, x[i]);
		m++;
	}
	h->n = m;
	if (m == 0) {
		h->why = "no sector with data";
		return;
	}
	total = ksum_get(&tot);
	if (!(total > 0)) {
		h->why = "total is 0";
		return;
	}
	for (size_t i = 0; i < n; i++) {
		double s;

		if (isnan(x[i]))
			continue;
		s = x[i] / total;
		ksum_add(&sq, s * s);
	}
	h->h = ksum_get(&sq);
	h->equivalent = 1 / h->h;
	if (m == 1) {
		h->why = "one sector: the normalised index is undefined";
		return;
	}
	h->normalised = (h->h - 1.0 / (double)m) / (1 - 1.0 / (double)m);
}

double bench_krugman(const double *a, const double *b, size_t n)
{
	double ta = sum_strided(a, n, 1), tb = sum_strided(b, n, 1);
	struct ksum k = { 0, 0 };

	if (!(ta > 0) || !(tb > 0) || !isfinite(ta) || !isfinite(tb))
		return NAN;
	for (size_t i = 0; i < n; i++)
		ksum_add(&k, fabs(a[i] / ta - b[i] / tb));
	return ksum_get(&k);
}
