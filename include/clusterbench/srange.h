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
 * Method (the integrals of Copenhaver & Holland 1988, as R's ptukey, but
 * a different quadrature, written afresh):
 *   P(Q <= q) = int_0^inf f_df(s) W(q s) ds,
 *   W(w)      = k int phi(z) [Phi(z + w) - Phi(z)]^(k-1) dz,
 * f_df the density of chi_df / sqrt(df), the outer integral taken over
 * u = log s. Each integral is a trapezoidal sum after x = c + s A sinh(t/A)
 * around the mode c of its integrand (Newton steps for the inner ones,
 * parabolas through the log integrand for the outer one), with the step
 * halved until two levels agree. The smaller tail is always the one
 * integrated and the other is its complement; the upper tail uses
 *   1 - W(w) = k int phi(z) [Q(z)^(k-1) - (Q(z) - Q(z + w))^(k-1)] dz,
 * Q = 1 - Phi, written without cancellation, so that small p-values keep
 * their relative accuracy.
 *
 * Measured accuracy (tests/data/ptukey_grid.csv: 900 points, k 2..100,
 * df 1..1000 and Inf, q from cdf 2e-16 to upper tails 1e-15, against an
 * independent nested adaptive QUADPACK evaluation in R, itself within about
 * 1e-14 of the exact k = 2 formula 2 pt(q / sqrt 2, df) - 1): cdf within
 * 1.1e-14 absolute, upper tail within 2.6e-14 relative, and within 1e-13 of
 * the exact k = 2 tail down to 1e-169; 150 random (q, k, df) agree with a
 * nested GSL QAG evaluation to 5e-15 and 2e-13. R's ptukey, by the same
 * reference, is off by up to 1e-4 .. 5e-3 absolute at df = 2 .. 5, 1e-5 at
 * df = 10 and 3e-7 .. 5e-7 for df >= 20 at k = 50 and 100 (2.5e-9 for
 * k <= 10), returns 0 for some lower tails that are 5e-4, and is off by
 * factors up to 25000 in upper tails below 1e-6 (5.1e-7 for 2.1e-11 at
 * k = 100, df = 5). Tested for 2 <= k <= 100 (k need not be an integer)
 * and df >= 1 (R refuses df < 2); k up to 1e4, df from 0.05 to 1e300 and
 * q up to 1e300 give sane values but were checked less.
 *
 * No function allocates, keeps state or reports through diag: invalid
 * arguments give NAN, which callers report.
 */

/*
 * P(Q <= q). Returns 0 for q <= 0 and 1 for q = +INFINITY. NAN when q, k or
 * df is NaN, k < 2 or not finite, or df <= 0 (df = INFINITY is allowed).
 * About 0.1 to 1 ms per call.
 */
double srange_cdf(double q, double k, double df);

/*
 * P(Q > q) = 1 - srange_cdf(q, k, df), integrated directly where it is the
 * smaller tail, so that small p-values keep their relative accuracy (see
 * above) down to about 1e-300, below which they underflow to 0. Returns 1
 * for q <= 0 and 0 for q = +INFINITY; NAN for invalid arguments as
 * srange_cdf. srange_cdf + srange_sf = 1 to rounding.
 */
double srange_sf(double q, double k, double df);

/*
 * The q with srange_cdf(q, k, df) = p, 0 < p < 1 (as R's qtukey, which
 * stops at about 4 digits and, through ptukey, is off by up to 25 % at
 * df = 2). Brackets the root by widening steps in log q from a Bonferroni
 * start, then Brent's method in q to 2 DBL_EPSILON q, on log cdf - log p for
 * p <= 1/2 and on log(1 - p) - log sf above, so that upper quantiles keep
 * full accuracy. The cdf at the result reproduces p to the accuracy of the
 * cdf; about 10 evaluations of it (some milliseconds). NAN when p is not
 * inside (0, 1), the arguments are invalid as for srange_cdf, or the
 * quantile lies beyond the double range.
 */
double srange_quantile(double p, double k, double df);

#endif
