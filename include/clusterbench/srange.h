/* SPDX-License-Identifier: GPL-3.0-or-later */
/* srange: the studentized range distribution (Tukey's q), which GSL lacks. */
#ifndef CLUSTERBENCH_SRANGE_H
#define CLUSTERBENCH_SRANGE_H

/*
 * Q = (max - min of k iid N(mu, sigma^2) means) / s, where df * s^2 / sigma^2
 * is chi-square with df degrees of freedom, independent of the means (one
 * range: R's nranges = 1). k is the number of means (k >= 2; it need not be
 * an integer) and df > 0, or df = INFINITY for the range of k standard
 * normals.
 *
 * Method (Copenhaver & Holland 1988, as R's ptukey, written afresh):
 *   P(Q <= q) = int_0^inf f_df(s) W(q s) ds,
 *   W(w)      = k int phi(z) [Phi(z + w) - Phi(z)]^(k-1) dz,
 * f_df the density of chi_df / sqrt(df). Both integrals are done with
 * 16-point Gauss-Legendre panels marched out from the mode of the
 * integrand (found by Newton steps) until a panel adds less than 2^-56 of
 * the sum; the outer integral runs over u = log s. The upper tail is
 * integrated on its own, as k int phi(z) [Q(z)^(k-1) - (Q(z) - Q(z+w))^(k-1)]
 * dz with Q = 1 - Phi, so that small p-values keep their relative accuracy.
 *
 * Measured accuracy (tests/data/ptukey_grid.csv: 900 points, k 2..100,
 * df 1..1000 and Inf, against an independent nested adaptive QUADPACK
 * evaluation in R and, for k = 2, the exact 2 pt(q / sqrt 2, df) - 1):
 * cdf within 2e-15 absolute; upper tail within 4e-13 relative down to
 * 1e-300; R's ptukey itself is off by up to 1.6e-4 (df = 2) and its upper
 * tail loses all accuracy below about 1e-9. Tested for k <= 100 and
 * 1 <= df; smaller df (R refuses df < 2) and larger k work but were checked
 * less widely.
 *
 * No function allocates, keeps state or reports through diag: invalid
 * arguments give NAN, which callers report.
 */

/*
 * P(Q <= q). Returns 0 for q <= 0 and 1 for q = +INFINITY. NAN when q, k or
 * df is NaN, k < 2 or not finite, or df <= 0. Absolute accuracy about 1e-15.
 */
double srange_cdf(double q, double k, double df);

/*
 * P(Q > q) = 1 - srange_cdf(q, k, df), computed directly so that small
 * upper tails keep a relative accuracy of about 1e-13 (values below about
 * 1e-300 underflow towards 0). Returns 1 for q <= 0 and 0 for q = +INFINITY;
 * NAN for invalid arguments as srange_cdf.
 */
double srange_sf(double q, double k, double df);

/*
 * The q with srange_cdf(q, k, df) = p, 0 < p < 1 (as R's qtukey, which is
 * accurate to only about 4 digits). Solved by bracketing and Brent's method
 * on log q, on log cdf for p <= 0.5 and on log sf = log(1 - p) for p > 0.5,
 * to about 1e-15 relative in q, so that the cdf at the result reproduces p to
 * the accuracy of the cdf itself. NAN when p is outside (0, 1) or NaN, or
 * the other arguments are invalid as for srange_cdf.
 */
double srange_quantile(double p, double k, double df);

#endif
