/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_ols: OLS against NIST StRD regression sets, R (lm, confint, sandwiches) and exact values. */
#include "clusterbench/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "tcheck.h"

#define NIST_PATH "tests/data/model_nist.txt"
#define MAXK 12
#define MAXN 90

/* ---- R fixtures: mtcars ---- */

/*
 * R 4.2.2, with options(digits = 17) and values printed by sprintf("%.17g"):
 *   fit <- lm(mpg ~ wt + hp + qsec, data = mtcars); s <- summary(fit)
 *   coef(fit); s$coefficients[, 2:4]; confint(fit); confint(fit, level = 0.90)
 *   s$r.squared; s$adj.r.squared; s$sigma; s$fstatistic
 *   pf(s$fstatistic[1], 3, 28, lower.tail = FALSE)
 * HC1 and cluster-robust by explicit matrix algebra (the sandwich package is
 * not installed; the factors are those of sandwich::vcovHC(type = "HC1") and
 * sandwich::vcovCL(type = "HC1", cadjust = TRUE), whose source applies
 * G/(G-1) per cluster dimension and then (n-1)/(n-k)):
 *   X <- model.matrix(fit); e <- resid(fit); n <- nrow(X); k <- ncol(X)
 *   B <- solve(crossprod(X))
 *   V1 <- n / (n - k) * B %*% crossprod(X * e) %*% B
 *   se1 <- sqrt(diag(V1)); t1 <- coef(fit) / se1
 *   2 * pt(-abs(t1), n - k); coef(fit) - qt(0.975, n - k) * se1
 *   b <- coef(fit)[-1]; W1 <- drop(t(b) %*% solve(V1[-1, -1]) %*% b) / 3
 *   pf(W1, 3, n - k, lower.tail = FALSE)
 *   G <- length(unique(mtcars$carb)); U <- rowsum(X * e, mtcars$carb)
 *   Vc <- G / (G - 1) * (n - 1) / (n - k) * B %*% crossprod(U) %*% B
 *   sec <- sqrt(diag(Vc)); tc <- coef(fit) / sec
 *   2 * pt(-abs(tc), G - 1); coef(fit) - qt(0.975, G - 1) * sec; Vc[1, 2]
 *   Wc <- drop(t(b) %*% solve(Vc[-1, -1]) %*% b) / 3; pf(Wc, 3, G - 1, lower.tail = FALSE)
 *   fit0 <- lm(mpg ~ 0 + wt + hp, data = mtcars): coef, se, r.squared, adj.r.squared, F, p
 *   fit1 <- lm(mpg ~ 1, data = mtcars): coef, se
 */
static const double mpg[32] = {21, 21, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8,
	16.4, 17.3, 15.2, 10.4, 10.4, 14.7, 32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3,
	26, 30.4, 15.8, 19.7, 15, 21.4};
static const double wt[32] = {2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57, 3.19, 3.15, 3.44,
	3.44, 4.07, 3.73, 3.78, 5.25, 5.424, 5.345, 2.2, 1.615, 1.835, 2.465, 3.52, 3.435, 3.84,
	3.845, 1.935, 2.14, 1.513, 3.17, 2.77, 3.57, 2.78};
static const double hp[32] = {110, 110, 93, 110, 175, 105, 245, 62, 95, 123, 123, 180, 180,
	180, 205, 215, 230, 66, 52, 65, 97, 150, 150, 245, 175, 66, 91, 113, 264, 175, 335, 109};
static const double qsec[32] = {16.46, 17.02, 18.61, 19.44, 17.02, 20.22, 15.84, 20, 22.9,
	18.3, 18.9, 17.4, 17.6, 18, 17.98, 17.82, 17.42, 19.47, 18.52, 19.9, 20.01, 16.87, 17.3,
	15.41, 17.05, 18.9, 16.7, 16.9, 14.5, 15.5, 14.6, 18.6};
static const size_t carb[32] = {4, 4, 1, 1, 2, 1, 4, 2, 2, 4, 4, 3, 3, 3, 4, 4, 4, 1, 2, 1, 1,
	2, 2, 4, 2, 1, 2, 2, 4, 6, 8, 2};

/*
 * Tolerances against R: classic statistics to 1e-12, p-values 1e-9 (GSL's
 * CDFs against R's). R's sandwich algebra above goes through
 * solve(crossprod(X)) and is itself off by ~3e-13 (see the exact values in
 * test_exact), so robust statistics are compared with R at 1e-11 and with
 * the exact values at 1e-14.
 */
#define TOL_FIT 1e-12
#define TOL_ROBUST 1e-11
#define TOL_P 1e-9
#define TOL_EXACT 4e-15
#define TOL_EXACT_ROBUST 1e-14

static void check_vec(const char *what, const double *got, const double *want, size_t k,
		      double tol)
{
	size_t j;

	for (j = 0; j < k; j++) {
		double e = fabs(got[j] - want[j]) / fabs(want[j]);

		if (e <= tol)
			tc_passed++;
		else
			TC_FAIL("%s[%zu]: got %.17g, want %.17g (rel err %.3g)", what, j, got[j],
				want[j], e);
	}
}

static void test_lm(void)
{
	static const double beta[4] = {27.610526858204938, -4.3587972001626856,
		-0.017822271605542488, 0.51083369424505742};
	static const double se[4] = {8.4199284765393205, 0.7527003922347395,
		0.014981168848936303, 0.43922153203755343};
	static const double t[4] = {3.2791878143783419, -5.7908794058437758,
		-1.1896449325986944, 1.1630433778492015};
	static const double p[4] = {0.0027845556611020826, 3.2172215296399067e-06,
		0.24417624090336654, 0.2546283810265022};
	static const double lo[4] = {10.363085233456641, -5.9006340592484072,
		-0.048509804868144053, -0.38887082881091573};
	static const double hi[4] = {44.85796848295324, -2.8169603410769635,
		0.012865261657059077, 1.4105382173010306};
	static const double ci90[2] = {-5.639239121627301, -3.0783552786980706};
	const double *x[3] = {wt, hp, qsec};
	struct ols_fit *f;
	struct diag d;

	diag_init(&d);
	f = ols_fit(x, 3, mpg, 32, 1, OLS_CLASSIC, NULL, 0, 0.95, &d);
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_INT(f->n, 32);
	CHECK_INT(f->k, 4);
	CHECK_INT(f->p, 3);
	CHECK_INT(f->intercept, 1);
	check_vec("beta", f->beta, beta, 4, TOL_FIT);
	check_vec("se", f->se, se, 4, TOL_FIT);
	check_vec("t", f->t, t, 4, TOL_FIT);
	check_vec("p", f->p_value, p, 4, TOL_P);
	check_vec("ci_low", f->ci_low, lo, 4, TOL_FIT);
	check_vec("ci_high", f->ci_high, hi, 4, TOL_FIT);
	CHECK_REL(f->r2, 0.83476776170582967, TOL_FIT);
	CHECK_REL(f->adj_r2, 0.81706430760288284, TOL_FIT);
	CHECK_REL(f->sigma, 2.5777848825208176, TOL_FIT);
	CHECK_REL(f->f, 47.152818701457747, TOL_FIT);
	CHECK_REL(f->f_p, 4.5064110240248436e-11, TOL_P);
	CHECK_REL(f->df1, 3, 0);
	CHECK_REL(f->df2, 28, 0);
	CHECK_REL(f->df_t, 28, 0);
	CHECK_REL(f->vcov[1 * 4 + 1], se[1] * se[1], TOL_FIT);
	CHECK_REL(f->vcov[1 * 4 + 2], f->vcov[2 * 4 + 1], 0);
	CHECK(f->why == NULL);
	CHECK(f->cond > 1 && f->cond < 100);
	ols_free(f);

	f = ols_fit(x, 3, mpg, 32, 1, OLS_CLASSIC, NULL, 0, 0.90, &d);
	CHECK(f != NULL);
	if (f) {
		CHECK_REL(f->ci_low[1], ci90[0], TOL_FIT);
		CHECK_REL(f->ci_high[1], ci90[1], TOL_FIT);
		CHECK_REL(f->conf, 0.90, 0);
		ols_free(f);
	}
	CHECK(!diag_failed(&d));
}

static void test_robust(void)
{
	static const double beta1 = -4.3587972001626856;
	static const double hc_se[4] = {6.2448715538530184, 0.8182863079967938,
		0.010541727805790175, 0.36537249858318316};
	static const double hc_p[4] = {0.00013459952502220117, 1.1358675438523168e-05,
		0.10200975163715834, 0.17305549171352202};
	static const double hc_lo[4] = {14.818487367698449, -6.0349807174965813,
		-0.039416022129784595, -0.2375979412683078};
	static const double cl_se[4] = {5.2626863268939639, 0.75973024469057926,
		0.0063254273112207694, 0.17505868428637503};
	static const double cl_p[4] = {0.0033359431675106846, 0.0022535496744596983,
		0.037215356680339498, 0.033087803497249775};
	static const double cl_lo[4] = {14.082360979639724, -6.3117459671478207,
		-0.034082300154404443, 0.060831020248109602};
	const double *x[3] = {wt, hp, qsec};
	struct ols_fit *f;
	struct diag d;

	diag_init(&d);
	f = ols_fit(x, 3, mpg, 32, 1, OLS_HC1, NULL, 0, 0.95, &d);
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->vcov_kind, OLS_HC1);
		CHECK_REL(f->beta[1], beta1, TOL_FIT);
		check_vec("hc1 se", f->se, hc_se, 4, TOL_ROBUST);
		check_vec("hc1 p", f->p_value, hc_p, 4, TOL_P);
		check_vec("hc1 ci_low", f->ci_low, hc_lo, 4, TOL_ROBUST);
		CHECK_REL(f->f, 36.76287829699482, TOL_ROBUST);
		CHECK_REL(f->f_p, 7.5960442266157644e-10, TOL_P);
		CHECK_REL(f->df1, 3, 0);
		CHECK_REL(f->df2, 28, 0);
		/* fit statistics do not depend on the covariance */
		CHECK_REL(f->r2, 0.83476776170582967, TOL_FIT);
		CHECK_REL(f->sigma, 2.5777848825208176, TOL_FIT);
		ols_free(f);
	}
	/* carb values used directly as codes: 9 code slots, 6 of them used (G = 6) */
	f = ols_fit(x, 3, mpg, 32, 1, OLS_CLUSTER, carb, 9, 0.95, &d);
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->n_clusters, 6);
		CHECK_REL(f->df_t, 5, 0);
		check_vec("cluster se", f->se, cl_se, 4, TOL_ROBUST);
		check_vec("cluster p", f->p_value, cl_p, 4, TOL_P);
		check_vec("cluster ci_low", f->ci_low, cl_lo, 4, TOL_ROBUST);
		CHECK_REL(f->vcov[0 * 4 + 1], -3.0763416318113928, TOL_ROBUST);
		CHECK_REL(f->vcov[1 * 4 + 0], -3.0763416318113928, TOL_ROBUST);
		CHECK_REL(f->f, 283.67398987296332, TOL_ROBUST);
		CHECK_REL(f->f_p, 5.3007203181747312e-06, TOL_P);
		CHECK_REL(f->df2, 5, 0);
		ols_free(f);
	}
	CHECK(!diag_failed(&d));
}

/* Exact values for the same fits: tests/data/model_mtcars_exact.txt (rational arithmetic). */
static void test_exact(void)
{
	static const double beta[4] = {27.610526858204988, -4.3587972001626811,
		-0.017822271605542561, 0.51083369424505476};
	static const double se[4] = {8.419928476539317, 0.7527003922347385,
		0.014981168848936294, 0.43922153203755326};
	static const double hc_se[4] = {6.2448715538511328, 0.81828630799672575,
		0.010541727805787039, 0.36537249858306459};
	static const double cl_se[4] = {5.2626863268934532, 0.75973024469060235,
		0.006325427311220341, 0.17505868428634766};
	const double *x[3] = {wt, hp, qsec};
	struct ols_fit *f;
	struct diag d;

	diag_init(&d);
	f = ols_fit(x, 3, mpg, 32, 1, OLS_CLASSIC, NULL, 0, 0.95, &d);
	CHECK(f != NULL);
	if (f) {
		check_vec("exact beta", f->beta, beta, 4, TOL_EXACT);
		check_vec("exact se", f->se, se, 4, TOL_EXACT);
		CHECK_REL(f->r2, 0.83476776170582989, TOL_EXACT);
		CHECK_REL(f->sigma, 2.5777848825208163, TOL_EXACT);
		ols_free(f);
	}
	f = ols_fit(x, 3, mpg, 32, 1, OLS_HC1, NULL, 0, 0.95, &d);
	CHECK(f != NULL);
	if (f) {
		check_vec("exact hc1 se", f->se, hc_se, 4, TOL_EXACT_ROBUST);
		CHECK_REL(f->f, 36.762878296994799, TOL_EXACT_ROBUST);
		ols_free(f);
	}
	f = ols_fit(x, 3, mpg, 32, 1, OLS_CLUSTER, carb, 9, 0.95, &d);
	CHECK(f != NULL);
	if (f) {
		check_vec("exact cluster se", f->se, cl_se, 4, TOL_EXACT_ROBUST);
		CHECK_REL(f->vcov[1], -3.0763416318113568, TOL_EXACT_ROBUST);
		CHECK_REL(f->f, 283.67398987297196, TOL_EXACT_ROBUST);
		ols_free(f);
	}
	CHECK(!diag_failed(&d));
}

static void test_no_intercept(void)
{
	static const double beta[2] = {6.8404499708353006, -0.033935259906657682};
	static const double se[2] = {1.894247638192972, 0.0393981150048478};
	const double *x[2] = {wt, hp};
	struct ols_fit *f;
	struct diag d;

	diag_init(&d);
	f = ols_fit(x, 2, mpg, 32, 0, OLS_CLASSIC, NULL, 0, 0.95, &d);
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->k, 2);
		CHECK_INT(f->intercept, 0);
		check_vec("n0 beta", f->beta, beta, 2, TOL_FIT);
		check_vec("n0 se", f->se, se, 2, TOL_FIT);
		CHECK_REL(f->r2, 0.72642594659534265, TOL_FIT);
		CHECK_REL(f->adj_r2, 0.70818767636836544, TOL_FIT);
		CHECK_REL(f->f, 39.829761131669656, TOL_FIT);
		CHECK_REL(f->f_p, 3.5985171588026493e-09, TOL_P);
		CHECK_REL(f->df1, 2, 0);
		CHECK_REL(f->df2, 30, 0);
		ols_free(f);
	}
	/* intercept only: the mean and its standard error; no F */
	f = ols_fit(NULL, 0, mpg, 32, 1, OLS_CLASSIC, NULL, 0, 0.95, &d);
	CHECK(f != NULL);
	if (f) {
		CHECK_REL(f->beta[0], 20.090624999999996, TOL_FIT);
		CHECK_REL(f->se[0], 1.0654239593728145, TOL_FIT);
		CHECK_NAN(f->f);
		CHECK_NAN(f->f_p);
		CHECK_STR(f->why, "no slopes: no f test");
		ols_free(f);
	}
	CHECK(!diag_failed(&d));
}

static void expect_error(struct ols_fit *f, struct diag *d, enum diag_code code, const char *msg)
{
	CHECK(f == NULL);
	ols_free(f);
	CHECK_INT(d->code, code);
	CHECK_STR(d->message, msg);
	diag_init(d);
}

static void test_errors(void)
{
	double sum[32], konst[32], zero[32], badv[32], hi[3], lo[3];
	size_t one[32], wild[32], i;
	const double *x3[3] = {wt, hp, sum}, *xc[2] = {wt, konst}, *xz[1] = {zero};
	const double *x2[2] = {wt, hp}, *xb[2] = {wt, badv};
	const double three[3] = {3, 3, 3};
	struct diag d;

	for (i = 0; i < 32; i++) {
		sum[i] = wt[i] + hp[i];
		konst[i] = 4.2;
		zero[i] = 0;
		badv[i] = i == 6 ? INFINITY : 1.0 + (double)i;
		one[i] = 3;
		wild[i] = i == 9 ? 12 : 1;
	}
	diag_init(&d);
	expect_error(ols_fit(x3, 3, mpg, 32, 1, OLS_CLASSIC, NULL, 0, 0.95, &d), &d, DIAG_DATA,
		     "column 3 is collinear with the others");
	expect_error(ols_fit(x3, 3, mpg, 32, 0, OLS_CLASSIC, NULL, 0, 0.95, &d), &d, DIAG_DATA,
		     "column 3 is collinear with the others");
	expect_error(ols_fit(xc, 2, mpg, 32, 1, OLS_CLASSIC, NULL, 0, 0.95, &d), &d, DIAG_DATA,
		     "column 2 is constant (collinear with the intercept)");
	expect_error(ols_fit(xz, 1, mpg, 32, 0, OLS_CLASSIC, NULL, 0, 0.95, &d), &d, DIAG_DATA,
		     "column 1 is all zero");
	expect_error(ols_fit(x3, 3, mpg, 4, 1, OLS_CLASSIC, NULL, 0, 0.95, &d), &d, DIAG_DATA,
		     "regression needs more observations than coefficients, got n = 4, k = 4");
	expect_error(ols_fit(NULL, 0, mpg, 32, 0, OLS_CLASSIC, NULL, 0, 0.95, &d), &d, DIAG_DATA,
		     "regression needs at least one coefficient");
	expect_error(ols_fit(xb, 2, mpg, 32, 1, OLS_CLASSIC, NULL, 0, 0.95, &d), &d, DIAG_DATA,
		     "x column 2: non-finite value at row 7");
	expect_error(ols_fit(x2, 2, badv, 32, 1, OLS_CLASSIC, NULL, 0, 0.95, &d), &d, DIAG_DATA,
		     "response: non-finite value at row 7");
	expect_error(ols_fit(x2, 2, mpg, 32, 1, OLS_CLUSTER, one, 4, 0.95, &d), &d, DIAG_DATA,
		     "cluster-robust standard errors need at least 2 clusters, got 1");
	expect_error(ols_fit(x2, 2, mpg, 32, 1, OLS_CLUSTER, NULL, 0, 0.95, &d), &d, DIAG_USAGE,
		     "cluster-robust standard errors need a cluster column");
	expect_error(ols_fit(x2, 2, mpg, 32, 1, OLS_CLUSTER, wild, 5, 0.95, &d), &d,
		     DIAG_INTERNAL,
		     "regression: cluster code 12 at row 10 is out of range (5 clusters)");
	expect_error(ols_fit(x2, 2, mpg, 32, 1, OLS_HC1, NULL, 0, 0.0, &d), &d, DIAG_USAGE,
		     "confidence level must be between 0 and 1, got 0");
	CHECK_INT(ols_power(three, 3, 0, hi, lo, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	diag_init(&d);
	CHECK_INT(ols_power(three, 3, 700, hi, lo, &d), -1);
	CHECK_STR(d.message, "x^700 is not finite at row 1");
}

/* ols_power: 3^40 = 12157665459056928801 needs 64 bits; hi + lo must hold it exactly. */
static void test_power(void)
{
	const unsigned long long exact = 12157665459056928801ULL;
	const double x[2] = {3.0, -3.0};
	double hi[2], lo[2];
	struct diag d;

	diag_init(&d);
	CHECK_INT(ols_power(x, 2, 40, hi, lo, &d), 0);
	CHECK(hi[0] == (double)exact);
	/* hi is an integer below 2^64, so the remainder is exact in integers */
	CHECK(lo[0] == (double)(long long)(exact - (unsigned long long)hi[0]));
	CHECK(hi[1] == hi[0] && lo[1] == lo[0]);
	CHECK_INT(ols_power(x, 2, 41, hi, lo, &d), 0);
	CHECK(hi[1] == -hi[0] && lo[1] == -lo[0]);
	CHECK_INT(ols_power(x, 1, 1, hi, lo, &d), 0);
	CHECK(hi[0] == 3.0 && lo[0] == 0.0);
}

/* Wampler1 is an exact fit: t, p and F are undefined, not huge numbers. */
static void check_perfect(const struct ols_fit *f)
{
	CHECK_NAN(f->t[1]);
	CHECK_NAN(f->p_value[1]);
	CHECK_NAN(f->f);
	CHECK_NAN(f->f_p);
	CHECK_STR(f->why, "essentially perfect fit: t, p and f are undefined");
	CHECK(f->sigma < 1e-9);
}

/* ---- NIST StRD ---- */

struct quantity {
	double cert;
	double ceil_design, ceil_powers;
};

struct nist {
	char name[32];
	size_t n, p, degree;
	int intercept;
	struct quantity beta[MAXK], se[MAXK], sigma, r2;
	double y[MAXN], x[MAXK][MAXN];
};

/* Reads the next dataset of the fixture; 1 on success, 0 at end, -1 on a format error. */
static int nist_read(FILE *fp, struct nist *s)
{
	char line[1024], key[32];
	size_t nb = 0, nse = 0, i, j, k;

	memset(s, 0, sizeof *s);
	for (;;) {
		if (!fgets(line, sizeof line, fp))
			return 0;
		if (line[0] != '#' && line[0] != '\n')
			break;
	}
	if (sscanf(line, "dataset %31s n %zu p %zu intercept %d degree %zu", s->name, &s->n,
		   &s->p, &s->intercept, &s->degree) != 5 || s->n > MAXN || s->p + 1 > MAXK)
		return -1;
	k = s->p + (s->intercept ? 1 : 0);
	while (fgets(line, sizeof line, fp)) {
		struct quantity q;

		if (strncmp(line, "rows", 4) == 0)
			break;
		if (sscanf(line, "%31s %lf %lf %lf", key, &q.cert, &q.ceil_design,
			   &q.ceil_powers) != 4)
			return -1;
		if (strcmp(key, "beta") == 0 && nb < k)
			s->beta[nb++] = q;
		else if (strcmp(key, "se") == 0 && nse < k)
			s->se[nse++] = q;
		else if (strcmp(key, "sigma") == 0)
			s->sigma = q;
		else if (strcmp(key, "r2") == 0)
			s->r2 = q;
		else
			return -1;
	}
	if (nb != k || nse != k)
		return -1;
	for (i = 0; i < s->n; i++) {
		if (fscanf(fp, "%lf", &s->y[i]) != 1)
			return -1;
		for (j = 0; j < s->p; j++) {
			if (fscanf(fp, "%lf", &s->x[j][i]) != 1)
				return -1;
		}
	}
	if (fscanf(fp, " %31s", key) != 1 || strcmp(key, "end") != 0)
		return -1;
	return 1;
}

/* Log relative error in digits, capped at 15. */
static double lre(double v, double cert)
{
	double r;

	if (v == cert)
		return 15.0;
	r = -log10(fabs(v - cert) / fabs(cert));
	return r > 15.0 ? 15.0 : r;
}

/*
 * Checks one quantity: LRE >= ceiling - 1.0 for a nonzero certified value;
 * for a certified 0, |v| <= 1e-12 * scale. Returns the digits reached.
 */
static double check_q(const char *set, const char *what, size_t j, double v,
		      const struct quantity *q, int powers, double scale)
{
	double ceil = powers ? q->ceil_powers : q->ceil_design, dig;

	if (q->cert == 0.0) {
		dig = v == 0.0 ? 15.0 : -log10(fabs(v) / scale);
		if (dig > 15.0)
			dig = 15.0;
		if (dig >= 12.0)
			tc_passed++;
		else
			TC_FAIL("%s %s[%zu]: got %.17g, want 0 (%.1f digits)", set, what, j, v, dig);
		return dig;
	}
	dig = lre(v, q->cert);
	if (dig >= ceil - 1.0)
		tc_passed++;
	else
		TC_FAIL("%s %s[%zu]: got %.17g, want %.15g: %.1f digits, ceiling %.1f", set, what,
			j, v, q->cert, dig, ceil);
	return dig;
}

static double min2(double a, double b)
{
	return a < b ? a : b;
}

/* Fits one NIST set (rounded design, or double-double powers) and checks it. */
static void nist_check(const struct nist *s, int powers)
{
	const double *cols[MAXK], *lo[MAXK];
	double hi_buf[MAXK][MAXN], lo_buf[MAXK][MAXN];
	double worst_b = 15, worst_se = 15, ceil_b = 15, ceil_se = 15, dsig, dr2, ysc = 0;
	int se_abs = 0;
	struct ols_fit *f;
	struct diag d;
	size_t j, i, k = s->p + (s->intercept ? 1 : 0);

	diag_init(&d);
	for (j = 0; j < s->p; j++) {
		cols[j] = s->x[j];
		lo[j] = NULL;
		if (powers && j > 0) {
			CHECK_INT(ols_power(s->x[0], s->n, (unsigned)(j + 1), hi_buf[j], lo_buf[j], &d), 0);
			cols[j] = hi_buf[j];
			lo[j] = lo_buf[j];
		}
	}
	f = ols_fit_dd(cols, lo, s->p, s->y, s->n, s->intercept, OLS_CLASSIC, NULL, 0, 0.95, &d);
	CHECK(f != NULL);
	if (!f) {
		fprintf(stderr, "%s: %s\n", s->name, d.message);
		return;
	}
	CHECK_INT(f->k, k);
	for (i = 0; i < s->n; i++)
		ysc = fmax(ysc, fabs(s->y[i]));
	for (j = 0; j < k; j++) {
		const struct quantity *qb = &s->beta[j], *qs = &s->se[j];

		worst_b = min2(worst_b, check_q(s->name, "beta", j, f->beta[j], qb, powers, 1.0));
		worst_se = min2(worst_se, check_q(s->name, "se", j, f->se[j], qs, powers,
						  fabs(s->beta[j].cert)));
		ceil_b = min2(ceil_b, powers ? qb->ceil_powers : qb->ceil_design);
		ceil_se = min2(ceil_se, powers ? qs->ceil_powers : qs->ceil_design);
		if (qs->cert == 0.0)
			se_abs = 1;
	}
	if (strcmp(s->name, "Wampler1") == 0)
		check_perfect(f);
	dsig = check_q(s->name, "sigma", 0, f->sigma, &s->sigma, powers, ysc);
	dr2 = check_q(s->name, "r2", 0, f->r2, &s->r2, powers, 1.0);
	/* a certified 0 is checked absolutely: its digits are relative to |beta| or max |y| */
	printf("  %-9s %-7s beta %4.1f (ceil %4.1f)  se %4.1f (%s %4.1f)  sigma %4.1f (ceil %4.1f)"
	       "  r2 %4.1f (ceil %4.1f)  cond %.1e\n",
	       s->name, powers ? "dd-pow" : "design", worst_b, ceil_b, worst_se,
	       se_abs ? "abs, need" : "ceil", se_abs ? 12.0 : ceil_se, dsig,
	       powers ? s->sigma.ceil_powers : s->sigma.ceil_design, dr2,
	       powers ? s->r2.ceil_powers : s->r2.ceil_design, f->cond);
	ols_free(f);
}

static void test_nist(void)
{
	FILE *fp = fopen(NIST_PATH, "r");
	struct nist *s = malloc(sizeof *s);
	int rc, count = 0;

	CHECK(fp != NULL);
	CHECK(s != NULL);
	if (!fp || !s) {
		if (fp)
			fclose(fp);
		free(s);
		return;
	}
	printf("NIST StRD regression, digits reached (worst over coefficients):\n");
	while ((rc = nist_read(fp, s)) == 1) {
		count++;
		nist_check(s, 0);
		if (s->degree > 0)
			nist_check(s, 1);
	}
	CHECK_INT(rc, 0);
	CHECK_INT(count, 11);
	fclose(fp);
	free(s);
}

int main(void)
{
	gsl_set_error_handler_off();
	test_lm();
	test_robust();
	test_exact();
	test_no_intercept();
	test_errors();
	test_power();
	test_nist();
	return tc_summary("test_ols");
}
