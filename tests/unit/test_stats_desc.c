/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_stats_desc: descriptives against NIST StRD certified values and R fixtures; bootstrap. */
#include "clusterbench/stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "tcheck.h"

#define NIST "tests/data/nist"

/* ---------------------------------------------------------------- */
/* Small readers for the NIST files (CSV with a header; flat JSON)    */
/* ---------------------------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long len;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)len + 1);
		if (buf && fread(buf, 1, (size_t)len, fp) != (size_t)len) {
			free(buf);
			buf = NULL;
		}
		if (buf)
			buf[len] = '\0';
	}
	fclose(fp);
	return buf;
}

/* Reads column col (0-based) of a CSV file with one header line. */
static double *read_column(const char *path, size_t col, size_t *n)
{
	char *text = slurp(path), *line, *save = NULL;
	double *v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!text)
		return NULL;
	line = strtok_r(text, "\n", &save);     /* header */
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		char *p = line, *end;
		size_t c;

		for (c = 0; c < col && p; c++) {
			p = strchr(p, ',');
			if (p)
				p++;
		}
		if (!p)
			continue;
		if (*n == cap) {
			double *nv;

			cap = cap ? 2 * cap : 1024;
			nv = realloc(v, cap * sizeof *v);
			if (!nv) {
				free(v);
				free(text);
				return NULL;
			}
			v = nv;
		}
		errno = 0;
		v[*n] = strtod(p, &end);
		if (end != p)
			(*n)++;
	}
	free(text);
	return v;
}

/* The number after "key": inside the "certified" object of a JSON file. */
static double json_certified(const char *path, const char *key)
{
	char *text = slurp(path), pat[64], *p;
	double v = NAN;

	if (!text)
		return NAN;
	p = strstr(text, "\"certified\"");
	snprintf(pat, sizeof pat, "\"%s\":", key);
	if (p)
		p = strstr(p, pat);
	if (p)
		v = strtod(p + strlen(pat), NULL);
	free(text);
	return v;
}

/* lre_ceiling_digits of (dataset, quantity) from double_input_ceiling.csv. */
static double ceiling_of(const char *dataset, const char *quantity)
{
	char *text = slurp(NIST "/certified/double_input_ceiling.csv"), pat[96], *p;
	double v = NAN;

	if (!text)
		return NAN;
	snprintf(pat, sizeof pat, "\n%s,%s,", dataset, quantity);
	p = strstr(text, pat);
	if (p)
		v = strtod(p + strlen(pat), NULL);
	free(text);
	return v;
}

/* Log relative error (digits agreeing), capped at 15. */
static double lre(double got, double want)
{
	double e;

	if (got == want)
		return 15;
	e = fabs(got - want) / fabs(want);
	if (!(e > 0))
		return 0;
	e = -log10(e);
	return e > 15 ? 15 : e;
}

/* ---------------------------------------------------------------- */
/* NIST univariate summary statistics                                */
/* ---------------------------------------------------------------- */

static void test_nist_univariate(void)
{
	static const char *const sets[] = {
		"PiDigits", "Lottery", "Lew", "Mavro", "Michelso",
		"NumAcc1", "NumAcc2", "NumAcc3", "NumAcc4"
	};
	size_t s;

	printf("NIST univariate: dataset, digits (LRE) of mean and sd vs the double-input ceiling\n");
	for (s = 0; s < sizeof sets / sizeof sets[0]; s++) {
		char path[256];
		double *x, *work, cm, csd, lm, lsd, ceil_m, ceil_sd;
		size_t n;
		struct stats_desc out;
		struct diag d;

		snprintf(path, sizeof path, NIST "/csv/%s.csv", sets[s]);
		x = read_column(path, 0, &n);
		if (!x || n == 0) {
			TC_FAIL("cannot read %s (run from the repository root)",
				path);
			free(x);
			continue;
		}
		snprintf(path, sizeof path, NIST "/certified/%s.json", sets[s]);
		cm = json_certified(path, "mean");
		csd = json_certified(path, "sd");
		ceil_m = ceiling_of(sets[s], "mean");
		ceil_sd = ceiling_of(sets[s], "sd");
		CHECK(!isnan(cm) && !isnan(csd) && !isnan(ceil_m) && !isnan(ceil_sd));
		work = malloc(n * sizeof *work);
		diag_init(&d);
		CHECK_INT(stats_describe(x, n, 0.95, work, &out, &d), 0);
		CHECK_INT(out.n, n);
		lm = lre(out.mean, cm);
		lsd = lre(out.sd, csd);
		printf("  %-9s n=%-5zu mean %4.1f (ceiling %4.1f)  sd %4.1f (ceiling %4.1f)\n",
		       sets[s], n, lm, ceil_m, lsd, ceil_sd);
		/* At the ceiling, with 0.3 digit of slack for rounding in the last place. */
		if (!(lm >= ceil_m - 0.3))
			TC_FAIL("%s mean: %.1f digits, ceiling %.1f", sets[s], lm, ceil_m);
		else
			tc_passed++;
		if (!(lsd >= ceil_sd - 0.3))
			TC_FAIL("%s sd: %.1f digits, ceiling %.1f", sets[s], lsd, ceil_sd);
		else
			tc_passed++;
		free(work);
		free(x);
	}
}

/* ---------------------------------------------------------------- */
/* R fixtures                                                         */
/* ---------------------------------------------------------------- */

/*
 * Generated with R 4.2.2 (NA marks missing):
 *
 *   f <- function(v) if (is.na(v)) "NAN" else sprintf("%.17g", v)
 *   desc <- function(x, conf = 0.95) {
 *     y <- x[!is.na(x)]; n <- length(y); m <- mean(y); s <- sd(y)
 *     q <- quantile(y, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
 *     tq <- qt(1 - (1 - conf) / 2, n - 1)
 *     sk <- if (n > 1 && s > 0) mean(((y - m) / s)^3) else NA
 *     ku <- if (n > 1 && s > 0) mean(((y - m) / s)^4) - 3 else NA
 *     cv <- if (n > 1 && m != 0) s / m else NA
 *     c(n, sum(is.na(x)), m, s, s / sqrt(n), m - tq * s / sqrt(n), m + tq * s / sqrt(n),
 *       min(y), q[1], q[2], q[3], max(y), q[3] - q[1], cv, sk, ku)
 *   }
 *   sets <- list(
 *     ties = c(2, 4, 4, 4, 5, 5, 7, 9),
 *     one = c(1.5),
 *     two = c(3, -1),
 *     three = c(10, 0.5, 7),
 *     missing = c(NA, 3.2, 1.1, NA, 8.4, 2.2, 2.2, 5.9, NA),
 *     constant = c(5, 5, 5, 5),
 *     zeromean = c(-2, -1, 0, 1, 2),
 *     skewed = c(0.3, 1.7, 2.2, 2.9, 3.1, 4.8, 6.5, 9.9, 15.2, 31.7, 0.05))
 *   for (nm in names(sets)) print(sapply(desc(sets[[nm]], if (nm == "skewed") 0.9 else 0.95), f))
 *
 * skewness and kurtosis are GSL's definitions written out (s the n - 1 sd).
 * Where R gives NA (n < 2, zero variance, zero mean) we want NAN.
 */
struct desc_case {
	const char *name;
	double conf;
	double want[STATS_DESC_NFIELDS];
};

static const double set_ties[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
static const double set_one[] = { 1.5 };
static const double set_two[] = { 3, -1 };
static const double set_three[] = { 10, 0.5, 7 };
static const double set_missing[] = { NAN, 3.2, 1.1, NAN, 8.4, 2.2, 2.2, 5.9, NAN };
static const double set_constant[] = { 5, 5, 5, 5 };
static const double set_zeromean[] = { -2, -1, 0, 1, 2 };
static const double set_skewed[] = { 0.3, 1.7, 2.2, 2.9, 3.1, 4.8, 6.5, 9.9, 15.2, 31.7, 0.05 };

static const struct {
	const double *x;
	size_t n;
} desc_data[] = {
	{ set_ties, 8 }, { set_one, 1 }, { set_two, 2 }, { set_three, 3 },
	{ set_missing, 9 }, { set_constant, 4 }, { set_zeromean, 5 }, { set_skewed, 11 },
};

static const struct desc_case desc_cases[] = {
	{ "ties", 0.95,
	  { 8, 0, 5, 2.1380899352993952, 0.7559289460184544, 3.2125120817637898, 6.7874879182362102, 2, 4, 4.5, 5.5, 9, 1.5, 0.42761798705987902, 0.53713245689039979, -0.87060546875 } },
	{ "one", 0.95,
	  { 1, 0, 1.5, NAN, NAN, NAN, NAN, 1.5, 1.5, 1.5, 1.5, 1.5, 0, NAN, NAN, NAN } },
	{ "two", 0.95,
	  { 2, 0, 1, 2.8284271247461903, 2, -24.412409472349388, 26.412409472349388, -1, 0, 1, 2, 3, 2, 2.8284271247461903, 0, -2.75 } },
	{ "three", 0.95,
	  { 3, 0, 5.833333333333333, 4.8562674281111553, 2.8037673068767872, -6.2303037231823746, 17.896970389849042, 0.5, 3.75, 7, 8.5, 10, 4.75, 0.83250298767619813, -0.226373972267706, -2.333333333333333 } },
	{ "missing", 0.95,
	  { 6, 3, 3.8333333333333335, 2.7688746209726918, 1.1303883305208782, 0.92757762368110663, 6.7390890429855599, 1.1000000000000001, 2.2000000000000002, 2.7000000000000002, 5.2250000000000005, 8.4000000000000004, 3.0250000000000004, 0.72231511851461516, 0.58627212563766196, -1.5159847511027098 } },
	{ "constant", 0.95,
	  { 4, 0, 5, 0, 0, 5, 5, 5, 5, 5, 5, 5, 0, 0, NAN, NAN } },
	{ "zeromean", 0.95,
	  { 5, 0, 0, 1.5811388300841898, 0.70710678118654757, -1.9632431614775572, 1.9632431614775572, -2, -1, 0, 1, 2, 2, NAN, 0, -1.9119999999999999 } },
	{ "skewed", 0.9,
	  { 11, 0, 7.122727272727273, 9.311320089986264, 2.8074686401257014, 2.0342995089864759, 12.211155036468071, 0.050000000000000003, 1.9500000000000002, 3.1000000000000001, 8.1999999999999993, 31.699999999999999, 6.2499999999999991, 1.3072689341397434, 1.6092739075774427, 1.5462170190834135 } },
};

static void test_r_fixtures(void)
{
	size_t c, f;
	double worst = 0;

	for (c = 0; c < sizeof desc_cases / sizeof desc_cases[0]; c++) {
		struct stats_desc out;
		struct diag d;
		double work[16];

		diag_init(&d);
		CHECK_INT(stats_describe(desc_data[c].x, desc_data[c].n, desc_cases[c].conf,
					 work, &out, &d), 0);
		for (f = 0; f < STATS_DESC_NFIELDS; f++) {
			double got = stats_desc_get(&out, f), want = desc_cases[c].want[f];

			if (isnan(want)) {
				if (!isnan(got))
					TC_FAIL("%s %s: got %.17g, want missing", desc_cases[c].name,
						stats_desc_field_name(f), got);
				else if (!stats_desc_why(&out, f))
					TC_FAIL("%s %s: missing without a reason", desc_cases[c].name,
						stats_desc_field_name(f));
				else
					tc_passed++;
				continue;
			}
			if (stats_desc_why(&out, f))
				TC_FAIL("%s %s: reason given for a defined value", desc_cases[c].name,
					stats_desc_field_name(f));
			/* skewness 0 and the zero mean are exact in R and here */
			if (want == 0) {
				CHECK_ABS(got, want, 1e-15);
			} else {
				double e = fabs(got - want) / fabs(want);

				if (e > worst)
					worst = e;
				if (e > 1e-13)
					TC_FAIL("%s %s: got %.17g, want %.17g (rel err %.3g)",
						desc_cases[c].name, stats_desc_field_name(f), got, want, e);
				else
					tc_passed++;
			}
		}
		/* work holds the sorted non-missing values */
		for (f = 1; f < out.n; f++)
			CHECK(work[f - 1] <= work[f]);
	}
	printf("R fixtures (descriptives): worst relative error %.3g\n", worst);
}

/*
 * R 4.2.2:
 *   x <- c(0.3, 1.7, 2.2, 2.9, 3.1, 4.8, 6.5, 9.9, 15.2, 31.7, 0.05)
 *   sprintf("%.17g", quantile(x, c(0, 0.1, 0.33, 0.5, 0.9, 0.999, 1), type = 7))
 */
static void test_quantiles(void)
{
	static const double p[] = { 0, 0.1, 0.33, 0.5, 0.9, 0.999, 1 };
	static const double want[] = {
		0.050000000000000003, 0.29999999999999999, 2.4100000000000006,
		3.1000000000000001, 15.199999999999999, 31.535000000000004, 31.699999999999999
	};
	double s[11];
	size_t i;

	memcpy(s, set_skewed, sizeof s);
	stats_sort(s, 11);
	for (i = 0; i < sizeof p / sizeof p[0]; i++)
		CHECK_REL(stats_quantile_sorted(s, 11, p[i]), want[i], 1e-14);
	CHECK_NAN(stats_quantile_sorted(s, 0, 0.5));
	CHECK_NAN(stats_quantile_sorted(s, 11, -0.1));
	CHECK_NAN(stats_quantile_sorted(s, 11, 1.1));
	CHECK_NAN(stats_quantile_sorted(s, 11, NAN));
	CHECK_REL(stats_quantile_sorted(s, 1, 0.7), s[0], 0);
}

/* ---------------------------------------------------------------- */
/* Edge cases, reasons, errors, sorting                               */
/* ---------------------------------------------------------------- */

static void test_edges(void)
{
	struct stats_desc out;
	struct diag d;
	double work[8];
	double allmiss[] = { NAN, NAN, NAN };
	double withinf[] = { 1, 2, INFINITY };
	double inplace[] = { 3, NAN, 1, 2 };
	size_t f;

	/* n = 0: everything missing, reason "no values" */
	diag_init(&d);
	CHECK_INT(stats_describe(allmiss, 3, 0.95, work, &out, &d), 0);
	CHECK_INT(out.n, 0);
	CHECK_INT(out.missing, 3);
	for (f = STATS_DESC_MEAN; f < STATS_DESC_NFIELDS; f++) {
		CHECK_NAN(stats_desc_get(&out, f));
		CHECK_STR(stats_desc_why(&out, f), "no values");
	}
	CHECK(stats_desc_why(&out, STATS_DESC_N) == NULL);
	CHECK_INT(stats_describe(NULL, 0, 0.95, NULL, &out, &d), 0);
	CHECK_INT(out.n, 0);

	/* the reasons of the other undefined cases */
	CHECK_INT(stats_describe(set_one, 1, 0.95, work, &out, &d), 0);
	CHECK_STR(stats_desc_why(&out, STATS_DESC_SD), "n < 2");
	CHECK_STR(stats_desc_why(&out, STATS_DESC_CI_HIGH), "n < 2");
	CHECK_STR(stats_desc_why(&out, STATS_DESC_KURTOSIS), "n < 2");
	CHECK(stats_desc_why(&out, STATS_DESC_MEDIAN) == NULL);
	CHECK_INT(stats_describe(set_constant, 4, 0.95, work, &out, &d), 0);
	CHECK_STR(stats_desc_why(&out, STATS_DESC_SKEWNESS), "zero variance");
	CHECK(stats_desc_why(&out, STATS_DESC_CV) == NULL);
	CHECK_INT(stats_describe(set_zeromean, 5, 0.95, work, &out, &d), 0);
	CHECK_STR(stats_desc_why(&out, STATS_DESC_CV), "zero mean");
	CHECK(!diag_failed(&d));

	/* field names follow the descriptives columns */
	CHECK_STR(stats_desc_field_name(STATS_DESC_N), "n");
	CHECK_STR(stats_desc_field_name(STATS_DESC_CI_LOW), "ci_low");
	CHECK_STR(stats_desc_field_name(STATS_DESC_KURTOSIS), "kurtosis");
	CHECK(stats_desc_field_name(STATS_DESC_NFIELDS) == NULL);

	/* errors */
	diag_init(&d);
	CHECK_INT(stats_describe(withinf, 3, 0.95, work, &out, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(d.message, "infinite value at position 3");
	CHECK_NAN(out.mean);
	diag_init(&d);
	CHECK_INT(stats_describe(set_ties, 8, 1.0, work, &out, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	CHECK_STR(d.message, "confidence level must be between 0 and 1, got 1");
	diag_init(&d);
	CHECK_INT(stats_describe(set_ties, 8, NAN, work, &out, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);

	/* work may be x itself */
	diag_init(&d);
	CHECK_INT(stats_describe(inplace, 4, 0.95, inplace, &out, &d), 0);
	CHECK_INT(out.n, 3);
	CHECK_INT(out.missing, 1);
	CHECK_REL(out.mean, 2, 0);
	CHECK_REL(out.median, 2, 0);
	CHECK(inplace[0] == 1 && inplace[1] == 2 && inplace[2] == 3);

	/* overflow of the sum of squares is an error, not inf */
	{
		double big[] = { 1e300, -1e300, 1e300 };

		diag_init(&d);
		CHECK_INT(stats_describe(big, 3, 0.95, work, &out, &d), -1);
		CHECK_INT(d.code, DIAG_DATA);
	}
}

/* Sorting: random data with many ties, against a simple check. */
static void test_sort(void)
{
	size_t n = 200000, i, bad = 0;
	double *x = malloc(n * sizeof *x), sum0 = 0, sum1 = 0;
	unsigned long s = 12345;

	for (i = 0; i < n; i++) {
		s = s * 6364136223846793005UL + 1442695040888963407UL;
		x[i] = (double)((s >> 33) % 1000) - 500.5 * (double)(i % 3 == 0);
		sum0 += x[i];
	}
	stats_sort(x, n);
	for (i = 0; i < n; i++) {
		sum1 += x[i];
		if (i && x[i - 1] > x[i])
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK_REL(sum1, sum0, 1e-12);
	/* already sorted, reversed, all equal */
	for (i = 0; i < n; i++)
		x[i] = (double)(n - i);
	stats_sort(x, n);
	CHECK(x[0] == 1 && x[n - 1] == (double)n);
	for (i = 0; i < n; i++)
		x[i] = 7;
	stats_sort(x, n);
	CHECK(x[0] == 7 && x[n - 1] == 7);
	free(x);
}

/* ---------------------------------------------------------------- */
/* Bootstrap                                                          */
/* ---------------------------------------------------------------- */

static int stat_fail(double *x, size_t n, void *arg, double *value, struct diag *d)
{
	(void)x;
	(void)n;
	(void)arg;
	(void)value;
	return diag_set(d, DIAG_DATA, "statistic failed");
}

static void test_boot(void)
{
	struct stats_boot b1, b2, b3;
	struct diag d;
	double r1[2000], r2[2000];
	const double cst[] = { 4, 4, 4, 4, 4 };
	size_t i, same = 0;

	/* reproducible for a seed, different for another */
	diag_init(&d);
	CHECK_INT(stats_boot_percentile(set_skewed, 11, stats_statistic_mean, NULL, 2000, 0.95,
					20110222UL, r1, &b1, &d), 0);
	CHECK_INT(stats_boot_percentile(set_skewed, 11, stats_statistic_mean, NULL, 2000, 0.95,
					20110222UL, r2, &b2, &d), 0);
	CHECK(memcmp(r1, r2, sizeof r1) == 0);
	CHECK(b1.ci_low == b2.ci_low && b1.ci_high == b2.ci_high && b1.se == b2.se);
	CHECK_INT(stats_boot_percentile(set_skewed, 11, stats_statistic_mean, NULL, 2000, 0.95,
					1UL, r2, &b3, &d), 0);
	for (i = 0; i < 2000; i++)
		same += r1[i] == r2[i];
	CHECK(same < 100);
	CHECK(!diag_failed(&d));

	/*
	 * Stored values for seed 20110222, B = 2000 (computed once by this
	 * code; every replicate mean is a mean of 11 of the data values, drawn
	 * with gsl_rng_uniform_int on mt19937). Checked loosely against R:
	 *   x <- c(0.3, 1.7, 2.2, 2.9, 3.1, 4.8, 6.5, 9.9, 15.2, 31.7, 0.05)
	 *   set.seed(1); m <- replicate(1e5, mean(sample(x, replace = TRUE)))
	 *   quantile(m, c(0.025, 0.975)); sd(m)
	 *   # 2.77273 13.05455; 2.6793
	 * (R's random stream differs, so agreement is only statistical.)
	 */
	CHECK_REL(b1.estimate, 7.122727272727273, 1e-15);
	CHECK_REL(b1.ci_low, 2.7451136363636368, 1e-12);
	CHECK_REL(b1.ci_high, 12.596022727272725, 1e-12);
	CHECK_REL(b1.se, 2.5847640829714602, 1e-12);
	CHECK_ABS(b1.ci_low, 2.77273, 0.35);
	CHECK_ABS(b1.ci_high, 13.05455, 0.8);
	CHECK_ABS(b1.se, 2.6793, 0.15);
	CHECK_INT(b1.B, 2000);
	CHECK_INT(b1.seed, 20110222UL);

	/* the median: every replicate is a data value or a midpoint of two */
	diag_init(&d);
	CHECK_INT(stats_boot_percentile(set_skewed, 11, stats_statistic_median, NULL, 999, 0.9,
					7UL, NULL, &b1, &d), 0);
	CHECK_REL(b1.estimate, 3.1, 1e-15);
	CHECK(b1.ci_low >= 0.05 && b1.ci_low <= b1.estimate);
	CHECK(b1.ci_high >= b1.estimate && b1.ci_high <= 31.7);

	/* constant data: zero-width interval at the constant, zero se */
	CHECK_INT(stats_boot_percentile(cst, 5, stats_statistic_mean, NULL, 500, 0.95, 3UL, NULL,
					&b1, &d), 0);
	CHECK_REL(b1.ci_low, 4, 0);
	CHECK_REL(b1.ci_high, 4, 0);
	CHECK_ABS(b1.se, 0, 0);
	CHECK(b1.why == NULL);

	/* errors */
	diag_init(&d);
	CHECK_INT(stats_boot_percentile(set_missing, 9, stats_statistic_mean, NULL, 100, 0.95, 1UL,
					NULL, &b1, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(d.message, "missing value at position 1; the bootstrap needs complete data");
	diag_init(&d);
	CHECK_INT(stats_boot_percentile(set_ties, 8, stats_statistic_mean, NULL, 1, 0.95, 1UL,
					NULL, &b1, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	diag_init(&d);
	CHECK_INT(stats_boot_percentile(set_ties, 0, stats_statistic_mean, NULL, 10, 0.95, 1UL,
					NULL, &b1, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	diag_init(&d);
	CHECK_INT(stats_boot_percentile(set_ties, 8, stat_fail, NULL, 10, 0.95, 1UL, NULL, &b1,
					&d), -1);
	CHECK_STR(d.message, "statistic failed");
	CHECK_NAN(b1.ci_low);
}

int main(void)
{
	gsl_set_error_handler_off();
	test_nist_univariate();
	test_r_fixtures();
	test_quantiles();
	test_edges();
	test_sort();
	test_boot();
	return tc_summary("test_stats_desc");
}
