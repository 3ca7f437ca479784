/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model: correlation (Pearson, Spearman, Kendall tau-b) and OLS regression over double arrays. */
#ifndef CLUSTERBENCH_MODEL_H
#define CLUSTERBENCH_MODEL_H

#include <stddef.h>

#include "clusterbench/diag.h"

/*
 * Ownership: every function here only reads its input arrays (borrowed, never
 * kept). A struct stats_corr is filled in place and owns nothing; its `why`
 * points to a static string. A struct ols_fit is created by ols_fit() /
 * ols_fit_dd() and released with ols_free(); all its arrays belong to it.
 *
 * Undefined results are NAN in memory with a short reason in `why` (a static
 * string, NULL when every value is defined); they are never printed as
 * numbers. Inputs must not contain missing values: the caller drops rows
 * (pairs) with a missing value first; a non-finite input is a DIAG_DATA error.
 * GSL's error handler is expected to be off (gsl_set_error_handler_off()).
 */

/* ---- correlation ---- */

struct stats_corr {
	size_t n;          /* pairs used */
	double r;          /* pearson r, spearman rho or kendall tau-b */
	double statistic;  /* pearson t, spearman S, kendall z */
	double df;         /* n - 2 for pearson; NAN for spearman and kendall (R prints none) */
	double p;          /* two-sided p-value */
	double ci_low;     /* pearson Fisher-z interval, else NAN */
	double ci_high;
	const char *why;   /* reason for a NAN field, or NULL */
};

/*
 * Pearson product-moment correlation as R's cor.test(x, y, method =
 * "pearson", conf.level = conf): r from centred sums (two-pass means with a
 * correction pass), t = r*sqrt(df/(1 - r^2)) on df = n - 2, two-sided p from
 * the t distribution, confidence interval tanh(atanh(r) -+ z_{(1+conf)/2} /
 * sqrt(n - 3)) when n >= 4 (else NAN, why "confidence interval needs at least
 * 4 pairs"). |r| = 1 gives statistic NAN (infinite t, why "perfect
 * correlation: t is infinite"), p = 0 and the interval [r, r]. A constant x
 * or y gives r, statistic, p and interval NAN with why "zero variance"
 * (return 0); sums of squares beyond the double range give NAN with why
 * "values too large to correlate".
 * Errors (return -1, d filled, *out zeroed): n < 3 (DIAG_DATA "correlation
 * needs at least 3 pairs, got 2"), a non-finite value (DIAG_DATA), conf
 * outside (0, 1) (DIAG_USAGE).
 */
int stats_pearson(const double *x, const double *y, size_t n, double conf,
		  struct stats_corr *out, struct diag *d);

/*
 * Spearman's rho as cor.test(x, y, method = "spearman", exact = FALSE): rho
 * is the Pearson r of the mid-ranks (ties get the mean rank, as rank()), the
 * statistic is S = (n^3 - n)(1 - rho)/6 as R prints it, and p is two-sided
 * from the t approximation t = rho*sqrt((n-2)/(1-rho^2)) on n - 2 df (df
 * itself is reported as NAN, as R reports no parameter). There is no
 * interval: ci_low/ci_high NAN, why "no interval for spearman". conf is
 * validated only. O(n log n) time, O(n) extra memory. Zero variance, errors:
 * as stats_pearson; allocation failure is DIAG_INTERNAL.
 */
int stats_spearman(const double *x, const double *y, size_t n, double conf,
		   struct stats_corr *out, struct diag *d);

/*
 * Kendall's tau-b as cor.test(x, y, method = "kendall", exact = FALSE):
 * tau-b = (nc - nd)/sqrt((n0 - n1)(n0 - n2)) computed in O(n log n) time
 * with Knight's (1966) algorithm (sort by x then y, count exchanges of a
 * merge sort on y), so n may be millions. The statistic is z = (nc - nd) /
 * sqrt(var_S) with R's tie-corrected variance
 *   var_S = (v0 - vt - vu)/18 + v1/(2n(n-1)) + v2/(9n(n-1)(n-2)),
 * no continuity correction, p = 2*(1 - Phi(|z|)). df and the interval are
 * NAN (why "no interval for kendall"). Zero variance (all x or all y tied),
 * errors: as stats_spearman; n > 4e9 is a DIAG_DATA error (pair counts are
 * 64-bit).
 */
int stats_kendall(const double *x, const double *y, size_t n, double conf,
		  struct stats_corr *out, struct diag *d);

/* ---- ordinary least squares ---- */

enum ols_vcov {
	OLS_CLASSIC,  /* sigma^2 (X'X)^-1, as summary(lm(...)) */
	OLS_HC1,      /* sandwich::vcovHC(type = "HC1") */
	OLS_CLUSTER   /* sandwich::vcovCL(type = "HC1", cadjust = TRUE), Stata's vce(cluster) */
};

struct ols_fit {
	size_t n;              /* observations */
	size_t k;              /* coefficients, intercept included */
	size_t p;              /* x columns (k - intercept) */
	int intercept;         /* 1: beta[0] is the intercept and beta[j+1] belongs to x[j] */
	enum ols_vcov vcov_kind;
	size_t n_clusters;     /* G, the clusters that occur (OLS_CLUSTER), else 0 */
	double conf;           /* confidence level of ci_low/ci_high */
	/* per coefficient, k each (p_value: the brief's `p`, renamed next to the count p) */
	double *beta, *se, *t, *p_value, *ci_low, *ci_high;
	double *vcov;          /* k*k row-major: the covariance behind se (classic or robust) */
	double df_resid;       /* n - k */
	double df_t;           /* df of t and intervals: n - k (classic, HC1), G - 1 (cluster) */
	double rss;            /* residual sum of squares */
	double mss;            /* model SS: centred with an intercept, uncentred without (as R) */
	double r2;             /* mss/(mss + rss): uncentred without intercept, as R */
	double adj_r2;         /* 1 - (1 - r2)(n - intercept)/(n - k), as R */
	double sigma;          /* sqrt(rss/(n - k)) */
	double f, df1, df2;    /* overall F: (mss/df1)/(rss/df2) as lm, or a Wald F (robust) */
	double f_p;            /* its p-value */
	double cond;           /* 1-norm condition estimate of the centred, column-scaled design */
	const char *why;       /* reason for NAN fields (static string) or NULL */
};

/*
 * Fits y = X beta + e by least squares, as lm(y ~ x1 + ... + xp) (with
 * intercept) or lm(y ~ 0 + x1 + ...) (without). x holds p borrowed columns
 * of n values each (x may be NULL when p == 0); y has n values.
 *
 * Method: Householder QR (GSL) of the design with columns centred (when there
 * is an intercept) and scaled by powers of two, then iterative refinement of
 * the augmented system [I X; X' 0][r; beta] = [y; 0] (Bjorck 1967) with the
 * residuals of the original, uncentred problem computed in double-double
 * arithmetic. Estimates, residuals, rss and sigma are accurate to about the
 * last bit of a double unless the design's condition number exceeds ~1e10.
 * Classic standard errors come from (X'X)^-1 refined the same way (columns
 * of the inverse solve the augmented system with right side [0; -e_j]); for
 * n*k^2 > 1e7 and a well-conditioned design (cond < 1e3) the refinement of
 * the inverse is skipped (accuracy then about cond*1e-16).
 *
 * vcov: OLS_CLASSIC: sigma^2 (X'X)^-1, t and intervals on n - k df.
 *   OLS_HC1: n/(n-k) (X'X)^-1 X' diag(e^2) X (X'X)^-1, df n - k (as Stata's
 *   `regress, robust`). OLS_CLUSTER: G/(G-1) * (n-1)/(n-k) * (X'X)^-1
 *   (sum_g u_g u_g') (X'X)^-1 with u_g = sum over cluster g of x_i e_i -- the
 *   factor of sandwich::vcovCL(type = "HC1", cadjust = TRUE) and of Stata's
 *   vce(cluster) -- with t and intervals on G - 1 df (as Stata). cluster
 *   holds n codes in [0, n_clusters); G counts the codes that occur (>= 2),
 *   as vcovCL does for a non-factor cluster variable (for a factor it counts
 *   the levels, unused ones included).
 *   The robust matrices are formed as P M P' with P = (R T)^-1 from the QR
 *   and M from the rows of Q (no refinement). Their F is a Wald F of H0: all
 *   slopes are 0 (all coefficients without intercept) on (q, df_t) df; it is
 *   NAN when the covariance of the slopes is singular or G - 1 < q.
 * p-values are two-sided from t; intervals beta -+ t_{(1+conf)/2, df_t} se.
 *
 * Undefined values (NAN plus why): F and df1 of an intercept-only model
 * ("no slopes: no f test"); t, p, F and f_p of an essentially perfect fit,
 * R's rule rss/(n-k) <= 1e-30 * mean(fitted^2) ("essentially perfect fit: t,
 * p and f are undefined"; se, sigma and the intervals stay defined); r2 and
 * adj_r2 when y is all zero or (with intercept) constant ("the response has
 * no variation"); t and p of a coefficient with a robust se of 0; the Wald F
 * as above. The first reason found is kept.
 *
 * Errors (NULL, d filled): n <= k or k == 0 (DIAG_DATA "regression needs
 * more observations than coefficients, got n = 3, k = 3"); a non-finite
 * value (DIAG_DATA, "x column 2: non-finite value at row 17", 1-based);
 * a rank-deficient design (DIAG_DATA naming the 1-based x column that is,
 * within a relative distance of 1e-11, a combination of the columns before
 * it and the intercept: "column 3 is collinear with the others", "column 2
 * is constant (collinear with the intercept)", "column 2 is all zero");
 * a refinement that cannot reach 1e-12 relative (DIAG_DATA "the design is
 * too ill-conditioned for accurate estimates (condition number about 3e+13):
 * rescale or drop a column"); fewer than 2 clusters (DIAG_DATA); conf
 * outside (0, 1), a bad vcov kind,
 * missing cluster codes (DIAG_USAGE); a cluster code >= n_clusters,
 * allocation or GSL failure (DIAG_INTERNAL).
 * The caller owns the result: release it with ols_free().
 */
struct ols_fit *ols_fit(const double *const *x, size_t p, const double *y, size_t n,
			int intercept, enum ols_vcov vcov, const size_t *cluster,
			size_t n_clusters, double conf, struct diag *d);

/*
 * As ols_fit, for a design whose columns are given in double-double: column
 * j is exactly x[j][i] + x_lo[j][i] (x_lo == NULL, or x_lo[j] == NULL, means
 * a zero low part). Use it for derived terms such as powers (ols_power):
 * rounding x^10 to a double perturbs an ill-conditioned polynomial fit far
 * more than rounding x does (NIST Filip: 7.7 digits at best with rounded
 * powers, 14 with double-double powers). The low parts enter the refinement
 * only; the factorisation uses x.
 */
struct ols_fit *ols_fit_dd(const double *const *x, const double *const *x_lo, size_t p,
			   const double *y, size_t n, int intercept, enum ols_vcov vcov,
			   const size_t *cluster, size_t n_clusters, double conf,
			   struct diag *d);

/*
 * x^power for n values in double-double: hi[i] + lo[i] equals the exact
 * power of x[i] to a relative 1e-30 or better (repeated error-free
 * products), hi[i] is x[i]^power correctly rounded except in rare near-tie
 * cases. power >= 1; power 1 gives hi = x, lo = 0. Writes n values to each
 * of hi and lo (caller-owned). Errors: power 0 (DIAG_USAGE), an overflowing
 * or non-finite power (DIAG_DATA "x^3 is not finite at row 5"); return -1.
 */
int ols_power(const double *x, size_t n, unsigned power, double *hi, double *lo,
	      struct diag *d);

/* Releases a fit and everything it owns; NULL is fine. */
void ols_free(struct ols_fit *f);

#endif
