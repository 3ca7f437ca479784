/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stats: descriptives, quantiles, group-comparison tests, p adjustment, bootstrap over double arrays. */
#ifndef CLUSTERBENCH_STATS_H
#define CLUSTERBENCH_STATS_H

#include <stddef.h>

#include "clusterbench/diag.h"

/*
 * Conventions of the whole module (METHODS.md is the reference):
 *  - Inputs are plain double arrays. Only stats_describe() accepts NaN as
 *    "missing"; every other function wants complete data and reports a NaN
 *    or an infinity as a DIAG_DATA error.
 *  - Functions return 0 on success and -1 on error, with the first error
 *    recorded in d (d may be NULL). Nothing prints, nothing exits.
 *  - Undefined results are NAN in memory together with a short static
 *    reason string ("n < 2", "zero variance"); a result is never +-inf.
 *  - Everything is reentrant (no global state), so groups can be computed
 *    in parallel threads. The program calls gsl_set_error_handler_off().
 *  - Allocation failure is a DIAG_INTERNAL error "out of memory".
 */

/* ---------------------------------------------------------------- */
/* Descriptives (src/stats_desc.c)                                   */
/* ---------------------------------------------------------------- */

/*
 * One row of the `descriptives` table (DESIGN.md §4). n counts the
 * non-missing values, missing the NaN ones. Undefined fields are NAN; ask
 * stats_desc_why() for the reason.
 */
struct stats_desc {
	size_t n, missing;
	double conf;            /* confidence level of ci_low/ci_high, e.g. 0.95 */
	double mean, sd, se, ci_low, ci_high;
	double min, q1, median, q3, max, iqr;
	double cv, skewness, kurtosis;
};

/* The fields of struct stats_desc in `descriptives` column order. */
enum stats_desc_field {
	STATS_DESC_N,
	STATS_DESC_MISSING,
	STATS_DESC_MEAN,
	STATS_DESC_SD,
	STATS_DESC_SE,
	STATS_DESC_CI_LOW,
	STATS_DESC_CI_HIGH,
	STATS_DESC_MIN,
	STATS_DESC_Q1,
	STATS_DESC_MEDIAN,
	STATS_DESC_Q3,
	STATS_DESC_MAX,
	STATS_DESC_IQR,
	STATS_DESC_CV,
	STATS_DESC_SKEWNESS,
	STATS_DESC_KURTOSIS,
	STATS_DESC_NFIELDS
};

/*
 * Describes x[0..len): NaN entries are missing (counted, skipped).
 * Definitions: mean by a compensated sum with a correction pass; sd with
 * n - 1 by the corrected two-pass algorithm (reaches the NIST StRD ceiling,
 * NumAcc4 included); se = sd/sqrt(n); ci = mean -+ t(1 - (1 - conf)/2,
 * n - 1) * se; min, q1, median, q3, max are type-7 quantiles (R's default);
 * iqr = q3 - q1; cv = sd/mean; skewness = mean(((x - m)/s)^3) and excess
 * kurtosis = mean(((x - m)/s)^4) - 3 with s the n - 1 sd (gsl_stats_skew,
 * gsl_stats_kurtosis).
 * Undefined: n = 0 everything but n/missing; n = 1 sd, se, ci, cv,
 * skewness, kurtosis; sd = 0 skewness and kurtosis (cv stays 0 and the ci
 * has zero width); mean = 0 cv.
 * work: caller scratch of len doubles (may be NULL when len = 0; may be x
 * itself, which is then overwritten). On return work[0..out->n) holds the
 * non-missing values sorted ascending, ready for stats_quantile_sorted()
 * (box-plot whiskers, more quantiles).
 * Errors: conf outside (0, 1) (DIAG_USAGE); an infinite value (DIAG_DATA,
 * naming its 1-based position); values so large that the sum of squares
 * overflows (DIAG_DATA). On error *out holds n, missing and NANs.
 */
int stats_describe(const double *x, size_t len, double conf, double *work,
		   struct stats_desc *out, struct diag *d);

/*
 * Type-7 quantile (R's default, gsl_stats_quantile_from_sorted_data) of
 * sorted[0..n) at probability p: h = (n - 1)p, x[floor h] + (h - floor h)
 * * (x[floor h + 1] - x[floor h]). NAN when n = 0 or p is outside [0, 1]
 * or NaN. sorted must be ascending and free of NaN (not checked).
 */
double stats_quantile_sorted(const double *sorted, size_t n, double p);

/* Sorts x[0..n) ascending in place (introsort; x must hold no NaN). */
void stats_sort(double *x, size_t n);

/*
 * Accurate mean and sum of squared deviations of x[0..n) (no NaN):
 * compensated sum, then a corrected second pass (Chan, Golub & LeVeque).
 * *mean = NAN and *ssd = NAN when n = 0; *ssd = 0 when n = 1. The sample
 * variance is ssd/(n - 1). Either output pointer may be NULL.
 */
void stats_mean_ssd(const double *x, size_t n, double *mean, double *ssd);

/* The value of field f of s as a double (n and missing converted). */
double stats_desc_get(const struct stats_desc *s, enum stats_desc_field f);

/* The `descriptives` column name of field f ("n", "mean", "q1", ...). */
const char *stats_desc_field_name(enum stats_desc_field f);

/*
 * Why field f of s is missing: "no values", "n < 2", "zero variance" or
 * "zero mean" (static strings), or NULL when the field holds a value.
 */
const char *stats_desc_why(const struct stats_desc *s, enum stats_desc_field f);

/* ---------------------------------------------------------------- */
/* Distribution tails (src/stats_tests.c)                            */
/* ---------------------------------------------------------------- */

/*
 * Tail probabilities that agree with R to ~1e-11 relative down to 1e-300.
 * Use these rather than gsl_cdf_tdist_Q/Qinv, which can be off by 1e-6
 * relative in the far tail: the t and F tails are computed here from the
 * regularised incomplete beta function (gsl_sf_beta_inc). All return NAN
 * for NaN arguments or df <= 0.
 *   stats_pt_upper(t, df)         P(T > t)                 pt(t, df, lower.tail = FALSE)
 *   stats_pt_two_sided(t, df)     P(|T| > |t|)             2 * pt(-abs(t), df)
 *   stats_qt_upper(p, df)         t with P(T > t) = p      qt(p, df, lower.tail = FALSE)
 *                                 (0 < p < 1; GSL's inverse refined by Newton)
 *   stats_pf_upper(f, df1, df2)   P(F > f)                 pf(f, df1, df2, lower.tail = FALSE)
 *   stats_pchisq_upper(x, df)     P(X > x)                 pchisq(x, df, lower.tail = FALSE)
 *   stats_pnorm_two_sided(z)      P(|Z| > |z|)             2 * pnorm(-abs(z))
 */
double stats_pt_upper(double t, double df);
double stats_pt_two_sided(double t, double df);
double stats_qt_upper(double p, double df);
double stats_pf_upper(double f, double df1, double df2);
double stats_pchisq_upper(double x, double df);
double stats_pnorm_two_sided(double z);

/* ---------------------------------------------------------------- */
/* Tests (src/stats_tests.c)                                          */
/* ---------------------------------------------------------------- */

/*
 * One row of the `tests` table (DESIGN.md §4). Fields a test does not
 * define are NAN (numbers) or NULL (strings). All strings are static.
 *   test         "welch_t", "student_t", "paired_t", "anova_f",
 *                "welch_anova_f", "levene_f", "kruskal_h",
 *                "mann_whitney_u", "wilcoxon_v", "chisq"
 *   n            observations used (pairs for the paired tests, the table
 *                total for chisq)
 *   df1, df2     degrees of freedom (df2 NAN for t, chi-squared tests)
 *   estimate     mean a - mean b, or the mean difference for paired_t
 *   ci_low/high  its confidence interval at level conf (t tests only)
 *   effect       see each function; effect_kind names it ("cohen_d",
 *                "d_z", "eta_sq", "epsilon_sq", "r", "cramers_v");
 *                effect2 a second one ("hedges_g", "omega_sq")
 *   exact        1 when p comes from the exact null distribution
 *   why          when statistic or p is NAN: the reason; otherwise a
 *                caution on a valid result (chisq: expected counts < 5);
 *                NULL when there is nothing to say
 */
struct stats_test {
	const char *test;
	size_t n;
	double statistic, df1, df2, p;
	double estimate, ci_low, ci_high, conf;
	double effect;
	const char *effect_kind;
	double effect2;
	const char *effect2_kind;
	int exact;
	const char *why;
};

/*
 * One-way ANOVA table, computed around the group means in a shifted frame
 * (reaches the NIST StRD ceiling on SmLs01-09, SiRstv, AtmWtAg).
 */
struct stats_anova {
	size_t k, n;                    /* groups, observations */
	double df_between, df_within;   /* k - 1, N - k */
	double ss_between, ss_within, ss_total;
	double ms_between, ms_within;
	double f, p;                    /* NAN when ms_within = 0 */
	const char *why;
};

/* When to use the exact null distribution of a rank statistic. */
enum stats_exact {
	STATS_EXACT_AUTO,  /* R's rule: exact when n < 50 (each sample) and no ties/zeros */
	STATS_EXACT_NEVER  /* always the normal approximation (exact = FALSE in R) */
};

/* Multiple-comparison adjustment of p values (p.adjust). */
enum stats_adjust {
	STATS_ADJUST_NONE,
	STATS_ADJUST_HOLM,
	STATS_ADJUST_BH
};

/*
 * Welch two-sample t test, two-sided: t.test(a, b, var.equal = FALSE).
 * statistic t, df1 the Welch-Satterthwaite df, estimate mean a - mean b
 * with its conf CI. effect cohen_d = (mean a - mean b)/pooled sd, effect2
 * hedges_g = d * J(na + nb - 2) with the exact J(m) = Gamma(m/2) /
 * (sqrt(m/2) Gamma((m - 1)/2)) (NAN when na + nb < 4). Needs na, nb >= 2
 * (else DIAG_DATA "group 2 has n = 1; welch_t needs at least 2 values per
 * group"); a NaN/inf value is a DIAG_DATA error naming group and position. Zero variance in both groups: statistic, df, p, CI and
 * effects NAN, why "zero variance". conf must be in (0, 1) (DIAG_USAGE).
 */
int stats_welch_t(const double *a, size_t na, const double *b, size_t nb,
		  double conf, struct stats_test *out, struct diag *d);

/*
 * Student two-sample t test with pooled variance, two-sided:
 * t.test(a, b, var.equal = TRUE); df1 = na + nb - 2. Same estimate, CI and
 * effects as stats_welch_t. Needs na, nb >= 1 and na + nb >= 3 (R's rule).
 * Zero pooled variance: NAN, why "zero variance".
 */
int stats_student_t(const double *a, size_t na, const double *b, size_t nb,
		    double conf, struct stats_test *out, struct diag *d);

/*
 * Paired t test on matched x[i], y[i]: t.test(x, y, paired = TRUE).
 * estimate = mean of x - y with its conf CI, df1 = n - 1; effect d_z =
 * mean difference / sd of the differences. Needs n >= 2. Constant
 * differences: NAN, why "zero variance".
 */
int stats_paired_t(const double *x, const double *y, size_t n, double conf,
		   struct stats_test *out, struct diag *d);

/*
 * One-way ANOVA table over k groups groups[i][0..ns[i]), as aov(y ~ g).
 * Needs k >= 2, every ns[i] >= 1 and N > k (DIAG_DATA naming the group).
 * f and p are NAN with why "zero variance" when every group is constant.
 */
int stats_anova_table(const double *const *groups, const size_t *ns, size_t k,
		      struct stats_anova *out, struct diag *d);

/*
 * One-way ANOVA F test (aov): statistic F, df1 = k - 1, df2 = N - k;
 * effect eta_sq = SSB/SST, effect2 omega_sq = (SSB - (k - 1) MSW) /
 * (SST + MSW). Requirements as stats_anova_table().
 */
int stats_anova_f(const double *const *groups, const size_t *ns, size_t k,
		  struct stats_test *out, struct diag *d);

/*
 * Welch's heteroscedastic one-way ANOVA: oneway.test(y ~ g, var.equal =
 * FALSE); df2 fractional. Needs k >= 2 and every ns[i] >= 2. A constant
 * group gives NAN with why "zero variance in a group". No effect size.
 */
int stats_welch_anova_f(const double *const *groups, const size_t *ns, size_t k,
			struct stats_test *out, struct diag *d);

/*
 * Brown-Forsythe/Levene test: one-way ANOVA on |y - group median|, as
 * car::leveneTest(y, g) (center = median). Needs k >= 2, ns[i] >= 1,
 * N > k. All absolute deviations constant within groups: NAN, why "zero
 * variance". Allocates N doubles of scratch.
 */
int stats_levene_f(const double *const *groups, const size_t *ns, size_t k,
		   struct stats_test *out, struct diag *d);
/* The same, with no scratch: sorts each group and overwrites it with its
 * absolute deviations from the group median. */
int stats_levene_f_inplace(double *const *groups, const size_t *ns, size_t k,
			   struct stats_test *out, struct diag *d);

/*
 * Kruskal-Wallis rank-sum test: kruskal.test(list(...)) with mid-ranks and
 * the tie correction; df1 = k - 1, chi-squared p. effect epsilon_sq =
 * H/(N - 1). Needs k >= 2, every ns[i] >= 1, N >= 2. All values tied: NAN,
 * why "all values tied". Allocates N (value, group) pairs.
 */
int stats_kruskal_h(const double *const *groups, const size_t *ns, size_t k,
		    struct stats_test *out, struct diag *d);

/*
 * Mann-Whitney / Wilcoxon rank-sum test, two-sided: wilcox.test(a, b).
 * statistic W = U of a = (sum of the mid-ranks of a) - na(na + 1)/2.
 * p: exact (counting the null distribution) when exact = STATS_EXACT_AUTO,
 * na < 50, nb < 50 and no ties; otherwise the normal approximation with
 * continuity and tie correction (correct = TRUE). effect r = z/sqrt(na +
 * nb) with z the continuity- and tie-corrected normal score (positive when
 * a tends to be larger), also when p is exact. Needs na, nb >= 1. All
 * values tied: NAN, why "all values tied".
 */
int stats_mann_whitney_u(const double *a, size_t na, const double *b, size_t nb,
			 enum stats_exact exact, struct stats_test *out,
			 struct diag *d);

/*
 * Wilcoxon signed-rank test on matched pairs, two-sided: wilcox.test(x, y,
 * paired = TRUE). Differences x - y equal to zero are dropped (as R);
 * statistic V = sum of the mid-ranks of |d| over d > 0. p exact when exact
 * = STATS_EXACT_AUTO, fewer than 50 non-zero differences and neither ties
 * nor zeros; otherwise normal with continuity and tie correction. n = the
 * number of pairs given; effect r = z/sqrt(n). Needs n >= 1. All
 * differences zero: NAN, why "all differences are zero".
 */
int stats_wilcoxon_v(const double *x, const double *y, size_t n,
		     enum stats_exact exact, struct stats_test *out,
		     struct diag *d);

/*
 * Pearson chi-squared test of independence on an r x c table of counts,
 * row-major counts[i * cols + j]: chisq.test(m, correct = FALSE). df1 =
 * (r - 1)(c - 1); effect cramers_v = sqrt(X2 / (N min(r - 1, c - 1))).
 * Counts must be finite and >= 0; needs r, c >= 2 (DIAG_DATA). A zero row
 * or column total: NAN, why "a row or column total is zero". An expected
 * count below 5: a valid result with why "expected counts < 5".
 */
int stats_chisq(const double *counts, size_t rows, size_t cols,
		struct stats_test *out, struct diag *d);

/*
 * Adjusts p[0..n) into out[0..n) as p.adjust(p, method): holm (step-down,
 * cumulative maximum of (m - i + 1) p(i)) or BH (step-up, cumulative
 * minimum of m/i p(i)); NONE copies. NaN entries are passed through and
 * not counted in m. out may equal p. Errors: a p outside [0, 1] (DIAG_DATA);
 * out of memory (DIAG_INTERNAL; allocates n indices).
 */
int stats_p_adjust(const double *p, size_t n, enum stats_adjust method,
		   double *out, struct diag *d);

/* "none", "holm", "BH"; and back (also "bh", "fdr"); -1 when unknown. */
const char *stats_adjust_name(enum stats_adjust method);
int stats_adjust_from_name(const char *name, enum stats_adjust *method);

/* ---------------------------------------------------------------- */
/* Bootstrap (src/stats_boot.c)                                       */
/* ---------------------------------------------------------------- */

/*
 * A statistic for the bootstrap: computes *value from x[0..n) (n >= 1),
 * which it may reorder or overwrite. arg is passed through. Returns 0, or
 * -1 with d set on failure. A NAN value marks the replicate as undefined.
 */
typedef int (*stats_statistic_fn)(double *x, size_t n, void *arg,
				  double *value, struct diag *d);

/* Ready-made statistics: the mean (compensated) and the type-7 median. */
int stats_statistic_mean(double *x, size_t n, void *arg, double *value,
			 struct diag *d);
int stats_statistic_median(double *x, size_t n, void *arg, double *value,
			   struct diag *d);

struct stats_boot {
	size_t n, B;            /* sample size, replicates */
	unsigned long seed;
	double conf;
	double estimate;        /* the statistic on the data */
	double se;              /* sd (n - 1) of the replicates */
	double ci_low, ci_high; /* percentile interval */
	const char *why;        /* reason when the CI is NAN, else NULL */
};

/*
 * Percentile bootstrap CI of fn over x[0..n) (no NaN/inf): B resamples of
 * size n drawn with replacement by gsl_rng_mt19937 seeded with
 * gsl_rng_set(r, seed) (seed 0 means GSL's default 4357); replicate b
 * takes its n indices from gsl_rng_uniform_int(r, n) in order, so the
 * result is a pure function of (x, fn, B, seed). ci_low/ci_high are the
 * type-7 quantiles of the replicates at (1 - conf)/2 and 1 - (1 - conf)/2.
 * replicates: NULL, or B doubles receiving the replicate values in draw
 * order. Needs n >= 1, B >= 2, n <= 2^32 - 1. A NAN replicate makes the
 * CI and se NAN with why "statistic undefined in some resamples".
 * Allocates n + B doubles.
 */
int stats_boot_percentile(const double *x, size_t n, stats_statistic_fn fn,
			  void *arg, size_t B, double conf, unsigned long seed,
			  double *replicates, struct stats_boot *out,
			  struct diag *d);

#endif
