/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_posthoc: Tukey HSD and Games-Howell against R's TukeyHSD and direct R formulas. */
#include "clusterbench/posthoc.h"

#include <stdint.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "tcheck.h"

/*
 * Fixtures from R 4.2.2 (no Games-Howell package is installed, so that
 * method is computed by its defining formulas). srange_ref(q, k, df, lower)
 * is the nested-quadrature studentized range of tests/data/ptukey_grid.csv
 * (its header has the code: source it as ref.R); "exact" quantiles invert
 * it by uniroot, since R's qtukey keeps only about 4 digits (here it is off
 * by 1e-11 relative at conf 0.95 but by 4.4e-8 at 0.99). The script:
 *
 * source("ref.R")   # srange_ref(q, k, df, lower): nested-quadrature studentized range
 * qref <- function(p, k, df) {          # precise quantile from the reference cdf
 *   q0 <- qtukey(p, k, df)
 *   uniroot(function(x) srange_ref(x, k, df, TRUE) - p, q0 * c(0.995, 1.005),
 *           tol = 1e-14 * q0, extendInt = "upX")$root
 * }
 * pg <- PlantGrowth
 * ub <- data.frame(
 *   y = c(42.9, 50.6, 46.6, 51.7, 43.7, 34.9,
 *         46.6, 54.6, 51.9, 46.2, 38.1, 45.4, 47.9, 39.7, 54.5,
 *         41.1, 35.9, 38.8, 36.8,
 *         49.2, 54.4, 46.3, 54.3, 44.3, 40.5, 41.1,
 *         59.7, 56.2, 52.1, 34.5, 54.1),
 *   g = factor(rep(c("corum", "gaziantep", "kahramanmaras", "samsun", "trabzon"),
 *                  c(6, 9, 4, 7, 5)),
 *              levels = c("corum", "gaziantep", "kahramanmaras", "samsun", "trabzon")))
 * f <- function(x) sprintf("%.17g", x)
 * cm <- function(s) cat("/\052 ", s, " \052/\n", sep = "")   # a C comment line
 * tuk <- function(name, y, g, conf) {
 *   th <- TukeyHSD(aov(y ~ g), conf.level = conf)$g
 *   n <- tapply(y, g, length); m <- tapply(y, g, mean); v <- tapply(y, g, var)
 *   k <- length(n); df <- sum(n) - k; msw <- sum((n - 1) * v) / df
 *   crit <- qref(conf, k, df)
 *   cm(sprintf("%s, conf %g: df %d, msw %s, qtukey %s, exact quantile %s",
 *              name, conf, df, f(msw), f(qtukey(conf, k, df)), f(crit)))
 *   r <- 0
 *   for (b in 1:(k - 1)) for (a in (b + 1):k) {
 *     r <- r + 1
 *     se <- sqrt(msw / 2 * (1 / n[a] + 1 / n[b])); d <- m[a] - m[b]; q <- abs(d) / se
 *     cat(sprintf("\t{ %d, %d, %s, %s, %s, %s, %s, %s, %s, %s },\n", a - 1, b - 1,
 *                 f(th[r, "diff"]), f(th[r, "lwr"]), f(th[r, "upr"]), f(th[r, "p adj"]),
 *                 f(d - crit * se), f(d + crit * se), f(srange_ref(q, k, df, FALSE)), f(q)))
 *   }
 * }
 * gh <- function(name, y, g, conf) {
 *   n <- tapply(y, g, length); m <- tapply(y, g, mean); v <- tapply(y, g, var)
 *   k <- length(n)
 *   cm(sprintf("%s, games-howell, conf %g", name, conf))
 *   for (b in 1:(k - 1)) for (a in (b + 1):k) {
 *     va <- v[a] / n[a]; vb <- v[b] / n[b]
 *     se <- sqrt((va + vb) / 2)
 *     df <- (va + vb)^2 / (va^2 / (n[a] - 1) + vb^2 / (n[b] - 1))
 *     d <- m[a] - m[b]; q <- abs(d) / se
 *     crit <- qref(conf, k, df)
 *     cat(sprintf("\t{ %d, %d, %s, %s, %s, %s, %s, %s, %s },\n", a - 1, b - 1,
 *                 f(d), f(se), f(df), f(q), f(d - crit * se), f(d + crit * se),
 *                 f(srange_ref(q, k, df, FALSE))))
 *   }
 * }
 * options(warn = -1)
 * tuk("plantgrowth", pg$weight, pg$group, 0.95)
 * tuk("unbalanced", ub$y, ub$g, 0.95)
 * tuk("unbalanced", ub$y, ub$g, 0.99)
 * gh("plantgrowth", pg$weight, pg$group, 0.95)
 * gh("unbalanced", ub$y, ub$g, 0.95)
 *
 * Tukey rows: a, b (0-based, as posthoc_row), and from TukeyHSD: diff, lwr,
 * upr, p adj; then lwr, upr with the exact quantile, p from srange_ref, q.
 * Games-Howell rows: a, b, diff, se, df, q, lwr, upr, p.
 */
struct tukey_fx {
	size_t a, b;
	double diff, r_lwr, r_upr, r_p, lwr, upr, p, q;
};

struct gh_fx {
	size_t a, b;
	double diff, se, df, q, lwr, upr, p;
};

/* plantgrowth, conf 0.95: df 27, msw 0.38859592592592596, qtukey 3.5064261233926857, exact quantile 3.5064261233541556 */
static const struct tukey_fx pg95[] = {
	{ 1, 0, -0.37100000000000044, -1.0622160514104588, 0.32021605141045795, 0.39087114420212465, -1.0622160514028636, 0.32021605140286269, 0.39087114420210539, 1.8820223996884526 },
	{ 2, 0, 0.49399999999999977, -0.19721605141045861, 1.1852160514104582, 0.19799599129970824, -0.19721605140286336, 1.1852160514028629, 0.19799599129957263, 2.5059813084800378 },
	{ 2, 1, 0.86500000000000021, 0.17378394858954183, 1.5562160514104586, 0.012006423979452729, 0.17378394859713708, 1.5562160514028633, 0.012006423979493605, 4.3880037081684904 },
};
/* unbalanced, conf 0.95: df 26, msw 40.770667887667891, qtukey 4.1414550752500174, exact quantile 4.1414550751716526 */
static const struct tukey_fx ub95[] = {
	{ 1, 0, 2.1444444444444386, -7.71064611546009, 11.999535004348967, 0.96749432269288849, -7.7106461152736152, 11.999535004162492, 0.96749432268928492, 0.90117084912126444 },
	{ 2, 0, -6.9166666666666785, -18.986638287009413, 5.1533049536760576, 0.46405545089588329, -18.98663828678102, 5.1533049534476767, 0.46405545089444417, 2.373250341550174 },
	{ 3, 0, 2.0904761904761813, -8.3125310503074115, 12.493483431259774, 0.97562078032178468, -8.3125310501105609, 12.493483431062938, 0.97562078031859012, 0.83222216695148699 },
	{ 4, 0, 6.2533333333333232, -5.0693036884020959, 17.575970355068741, 0.50013068507087155, -5.0693036881878459, 17.575970354854505, 0.50013068506972336, 2.287267446695386 },
	{ 2, 1, -9.0611111111111171, -20.297643179640765, 2.1754209574185293, 0.1581154222120541, -20.297643179428142, 2.1754209572059224, 0.15811542219652705, 3.3396589240923955 },
	{ 3, 1, -0.053968253968257329, -9.4772372017916169, 9.3693006938551022, 0.99999998069796636, -9.4772372016133062, 9.3693006936768057, 0.99999998069796447, 0.023718637400327904 },
	{ 4, 1, 4.1088888888888846, -6.320758618922186, 14.538536396699955, 0.77675573401867193, -6.320758618724831, 14.538536396502614, 0.77675573401560827, 1.6315775513777369 },
	{ 3, 2, 9.0071428571428598, -2.7128999173085901, 20.72718563159431, 0.19333230936308554, -2.7128999170868262, 20.727185631372546, 0.1933323093498345, 3.1828106959244575 },
	{ 4, 2, 13.170000000000002, 0.62651754459116304, 25.71348245540884, 0.036140740519775783, 0.62651754482850741, 25.713482455171494, 0.036140740517437479, 4.3483110479836009 },
	{ 4, 3, 4.1628571428571419, -6.7859919676688669, 15.111706253383151, 0.79802996740599041, -6.785991967461694, 15.111706253175978, 0.79802996740265164, 1.5746208270650128 },
};
/* unbalanced, conf 0.99: df 26, msw 40.770667887667891, qtukey 5.1214563615352029, exact quantile 5.1214565868489466 */
static const struct tukey_fx ub99[] = {
	{ 1, 0, 2.1444444444444386, -10.042677068272098, 14.331565957160976, 0.96749432269288849, -10.04267760443326, 14.331566493322137, 0.96749432268928492, 0.90117084912126444 },
	{ 2, 0, -6.9166666666666785, -21.842781236392362, 8.0094479030590051, 0.46405545089588329, -21.842781893052987, 8.0094485597196439, 0.46405545089444417, 2.373250341550174 },
	{ 3, 0, 2.0904761904761813, -10.774216687833386, 14.955169068785748, 0.97562078032178468, -10.774217253803664, 14.955169634756041, 0.97562078031859012, 0.83222216695148699 },
	{ 4, 0, 6.2533333333333232, -7.7486032688209665, 20.255269935487611, 0.50013068507087155, -7.7486038848232361, 20.255270551489897, 0.50013068506972336, 2.287267446695386 },
	{ 2, 1, -9.0611111111111171, -22.956567562607542, 4.8343453403853083, 0.1581154222120541, -22.956568173925319, 4.8343459517030976, 0.15811542219652705, 3.3396589240923955 },
	{ 3, 1, -0.053968253968257329, -11.707085291915023, 11.599148783978508, 0.99999998069796636, -11.707085804583144, 11.599149296646644, 0.99999998069796447, 0.023718637400327904 },
	{ 4, 1, 4.1088888888888846, -8.7887481992604179, 17.006525977038187, 0.77675573401867193, -8.7887487666800475, 17.006526544457831, 0.77675573401560827, 1.6315775513777369 },
	{ 3, 2, 9.0071428571428598, -5.4862384627198146, 23.500524177005534, 0.19333230936308554, -5.4862391003427469, 23.500524814628466, 0.1933323093498345, 3.1828106959244575 },
	{ 4, 2, 13.170000000000002, -2.3416732766153707, 28.681673276615374, 0.036140740519775783, -2.3416739590371183, 28.68167395903712, 0.036140740517437479, 4.3483110479836009 },
	{ 4, 3, 4.1628571428571419, -9.376841322954979, 17.702555608669265, 0.79802996740599041, -9.376841918621512, 17.702556204335796, 0.79802996740265164, 1.5746208270650128 },
};
/* plantgrowth, games-howell, conf 0.95 */
static const struct gh_fx ghpg[] = {
	{ 1, 0, -0.37100000000000044, 0.22021769532290844, 16.5235850568593, 1.684696588328189, -1.1720875145224272, 0.43008751452242622, 0.47455492219394796 },
	{ 2, 0, 0.49399999999999977, 0.16368669259696506, 16.785764482605725, 3.0179606671896253, -0.10055444384751344, 1.088554443847513, 0.11288917685382772 },
	{ 2, 1, 0.86500000000000021, 0.20319845253129049, 14.103569122760339, 4.2569221823517536, 0.11351298870166104, 1.6164870112983394, 0.023703454738941424 },
};
/* unbalanced, games-howell, conf 0.95 */
static const struct gh_fx ghub[] = {
	{ 1, 0, 2.1444444444444386, 2.2404626396140093, 10.524971082135787, 0.95714358567205882, -8.1836280784955377, 12.472516967384415, 0.95732911753095895 },
	{ 2, 0, -6.9166666666666714, 1.9447293442076263, 6.8474915442631472, 3.5566217413584846, -16.819139497203615, 2.9858061638702704, 0.19272328780186712 },
	{ 3, 0, 2.0904761904761884, 2.3381102705364882, 10.440739730265754, 0.89408793794679353, -8.7036378959259757, 12.884590276878352, 0.9663419466414086 },
	{ 4, 0, 6.2533333333333303, 3.5703065539094667, 6.4645382614431908, 1.7514835880089803, -12.240588710655235, 24.747255377321896, 0.73279378938017781 },
	{ 2, 1, -9.06111111111111, 1.6037042383028792, 10.990124612024811, 5.6501135899597266, -16.396956869691284, -1.7252653525309363, 0.014435171742651768 },
	{ 3, 1, -0.053968253968250224, 2.0631661830586023, 13.173625901567757, 0.026157977196118721, -9.2233324538142725, 9.115395945877772, 0.99999996946235536 },
	{ 4, 1, 4.1088888888888917, 3.3966136004287097, 5.6283854869132917, 1.2097015946618952, -14.311150775068917, 22.5289285528467, 0.90278135132387283 },
	{ 3, 2, 9.0071428571428598, 1.7375137644440846, 8.5161156537222222, 5.1839260450547764, 0.64257508523896334, 17.371710629046756, 0.034586829287526155 },
	{ 4, 2, 13.170000000000002, 3.2092496526966134, 4.5441692899187895, 4.1037630054532341, -5.7971111873690688, 32.137111187369072, 0.16079696290746104 },
	{ 4, 3, 4.1628571428571419, 3.4618016621839156, 5.9551240637350675, 1.20251174073068, -14.247743663035749, 22.573457948750033, 0.90498225568883983 },
};

/* R's PlantGrowth: weight by group ctrl, trt1, trt2 (balanced, n = 10). */
static const double pg[3][10] = {
	{ 4.17, 5.58, 5.18, 6.11, 4.50, 4.61, 5.17, 4.53, 5.33, 5.14 },
	{ 4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69 },
	{ 6.31, 5.12, 5.54, 5.50, 5.37, 5.29, 4.92, 6.15, 5.80, 5.26 },
};

/* Unbalanced, five provinces (n = 6, 9, 4, 7, 5), as ub in the script. */
static const double ub1[] = { 42.9, 50.6, 46.6, 51.7, 43.7, 34.9 };
static const double ub2[] = { 46.6, 54.6, 51.9, 46.2, 38.1, 45.4, 47.9, 39.7, 54.5 };
static const double ub3[] = { 41.1, 35.9, 38.8, 36.8 };
static const double ub4[] = { 49.2, 54.4, 46.3, 54.3, 44.3, 40.5, 41.1 };
static const double ub5[] = { 59.7, 56.2, 52.1, 34.5, 54.1 };

/* Two-pass mean and n - 1 variance, as R's mean and var. */
static struct posthoc_group summarise(const double *x, size_t n)
{
	struct posthoc_group g;
	double s = 0.0, ss = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		s += x[i];
	g.n = n;
	g.mean = s / (double)n;
	for (i = 0; i < n; i++)
		ss += (x[i] - g.mean) * (x[i] - g.mean);
	g.var = n > 1 ? ss / (double)(n - 1) : NAN;
	return g;
}

static void plantgrowth(struct posthoc_group g[3])
{
	size_t i;

	for (i = 0; i < 3; i++)
		g[i] = summarise(pg[i], 10);
}

static void unbalanced(struct posthoc_group g[5])
{
	g[0] = summarise(ub1, sizeof ub1 / sizeof *ub1);
	g[1] = summarise(ub2, sizeof ub2 / sizeof *ub2);
	g[2] = summarise(ub3, sizeof ub3 / sizeof *ub3);
	g[3] = summarise(ub4, sizeof ub4 / sizeof *ub4);
	g[4] = summarise(ub5, sizeof ub5 / sizeof *ub5);
}

/*
 * Interval ends are compared on the scale of the interval (|diff| + half
 * width), since a relative error of an end near 0 says nothing.
 */
static double scale_of(const struct posthoc_row *r)
{
	return fabs(r->diff) + 0.5 * (r->upr - r->lwr);
}

/*
 * r_tol: tolerance on the interval ends against TukeyHSD itself, relative
 * to the interval's scale (1e-9 where qtukey happens to be accurate).
 */
static void check_tukey(const struct posthoc_group *g, size_t k, double conf,
			const struct tukey_fx *fx, size_t nfx, double df,
			double r_tol)
{
	struct posthoc_row rows[10];
	struct diag d;
	size_t i;

	diag_init(&d);
	CHECK_INT(posthoc_npairs(k), nfx);
	CHECK_INT(posthoc_tukey(g, k, conf, rows, &d), 0);
	CHECK_INT(d.code, DIAG_OK);
	for (i = 0; i < nfx; i++) {
		const struct posthoc_row *r = &rows[i];
		double s = scale_of(r);

		CHECK_INT(r->a, fx[i].a);
		CHECK_INT(r->b, fx[i].b);
		CHECK_REL(r->diff, fx[i].diff, 1e-9);
		CHECK_REL(r->statistic, fx[i].q, 1e-12);
		CHECK_REL(r->se, fabs(fx[i].diff) / fx[i].q, 1e-12);
		CHECK(r->df == df);
		/* R's TukeyHSD */
		CHECK_ABS(r->lwr, fx[i].r_lwr, r_tol * s);
		CHECK_ABS(r->upr, fx[i].r_upr, r_tol * s);
		CHECK_REL(r->p_adj, fx[i].r_p, 1e-6);
		/* the exact quantile and reference p */
		CHECK_ABS(r->lwr, fx[i].lwr, 1e-9 * s);
		CHECK_ABS(r->upr, fx[i].upr, 1e-9 * s);
		CHECK_REL(r->p_adj, fx[i].p, 1e-10);
	}
}

static void test_tukey(void)
{
	struct posthoc_group g[5];

	plantgrowth(g);
	check_tukey(g, 3, 0.95, pg95, sizeof pg95 / sizeof *pg95, 27, 1e-9);
	unbalanced(g);
	check_tukey(g, 5, 0.95, ub95, sizeof ub95 / sizeof *ub95, 26, 1e-9);
	/* qtukey(0.99, 5, 26) is off by 4.4e-8 relative */
	check_tukey(g, 5, 0.99, ub99, sizeof ub99 / sizeof *ub99, 26, 1e-6);
}

static void check_gh(const struct posthoc_group *g, size_t k, const struct gh_fx *fx, size_t nfx)
{
	struct posthoc_row rows[10];
	struct diag d;
	size_t i;

	diag_init(&d);
	CHECK_INT(posthoc_games_howell(g, k, 0.95, rows, &d), 0);
	CHECK_INT(d.code, DIAG_OK);
	for (i = 0; i < nfx; i++) {
		const struct posthoc_row *r = &rows[i];
		double s = scale_of(r);

		CHECK_INT(r->a, fx[i].a);
		CHECK_INT(r->b, fx[i].b);
		CHECK_REL(r->diff, fx[i].diff, 1e-9);
		CHECK_REL(r->se, fx[i].se, 1e-12);
		CHECK_REL(r->df, fx[i].df, 1e-12);
		CHECK_REL(r->statistic, fx[i].q, 1e-9);
		CHECK_ABS(r->lwr, fx[i].lwr, 1e-9 * s);
		CHECK_ABS(r->upr, fx[i].upr, 1e-9 * s);
		CHECK_REL(r->p_adj, fx[i].p, 1e-9);
	}
}

static void test_games_howell(void)
{
	struct posthoc_group g[5];

	plantgrowth(g);
	check_gh(g, 3, ghpg, sizeof ghpg / sizeof *ghpg);
	unbalanced(g);
	check_gh(g, 5, ghub, sizeof ghub / sizeof *ghub);
}

/*
 * With two groups Tukey's q is sqrt 2 |t| of the pooled two-sample t test,
 * so p_adj is its two-sided p (checked with GSL's t distribution), and
 * Games-Howell's is Welch's.
 */
static void test_two_groups(void)
{
	struct posthoc_group g[2];
	struct posthoc_row r;
	struct diag d;
	double t;

	g[0] = summarise(ub2, sizeof ub2 / sizeof *ub2);
	g[1] = summarise(ub4, sizeof ub4 / sizeof *ub4);
	diag_init(&d);
	CHECK_INT(posthoc_tukey(g, 2, 0.95, &r, &d), 0);
	t = r.statistic / sqrt(2.0);
	CHECK_REL(r.p_adj, 2.0 * gsl_cdf_tdist_Q(t, 14.0), 1e-12);
	CHECK_REL(r.upr - r.diff, sqrt(2.0) * gsl_cdf_tdist_Qinv(0.025, 14.0) * r.se, 1e-12);
	CHECK_INT(posthoc_games_howell(g, 2, 0.95, &r, &d), 0);
	t = r.statistic / sqrt(2.0);
	CHECK_REL(r.p_adj, 2.0 * gsl_cdf_tdist_Q(t, r.df), 1e-12);
}

/* A group of one adds nothing to the pooled variance; its var is ignored. */
static void test_singleton(void)
{
	struct posthoc_group g[3];
	struct posthoc_row a[3], b[3];
	struct diag d;
	size_t i;

	plantgrowth(g);
	g[1].n = 1;
	g[1].var = NAN;
	diag_init(&d);
	CHECK_INT(posthoc_tukey(g, 3, 0.95, a, &d), 0);
	g[1].var = 123.0;
	CHECK_INT(posthoc_tukey(g, 3, 0.95, b, &d), 0);
	for (i = 0; i < 3; i++) {
		CHECK(a[i].se == b[i].se && a[i].p_adj == b[i].p_adj);
		CHECK(a[i].df == 18.0);
		CHECK(isfinite(a[i].lwr) && isfinite(a[i].upr));
	}
}

typedef int (*method_fn)(const struct posthoc_group *, size_t, double,
			 struct posthoc_row *, struct diag *);

static void check_error(method_fn fn, const struct posthoc_group *g, size_t k,
			double conf, enum diag_code code, const char *msg)
{
	struct posthoc_row rows[10];
	struct diag d;

	diag_init(&d);
	CHECK_INT(fn(g, k, conf, rows, &d), -1);
	CHECK_INT(d.code, code);
	CHECK_STR(d.message, msg);
}

static void test_errors(void)
{
	struct posthoc_group g[3], z[3];
	struct posthoc_row rows[3];
	struct diag d;
	size_t i;

	plantgrowth(g);
	check_error(posthoc_tukey, g, 1, 0.95, DIAG_DATA,
		    "tukey hsd needs at least 2 groups, got 1");
	check_error(posthoc_games_howell, g, 0, 0.95, DIAG_DATA,
		    "games-howell needs at least 2 groups, got 0");
	check_error(posthoc_tukey, g, 3, 1.0, DIAG_USAGE,
		    "confidence level 1 is outside (0, 1)");
	check_error(posthoc_games_howell, g, 3, NAN, DIAG_USAGE,
		    "confidence level nan is outside (0, 1)");

	memcpy(z, g, sizeof z);
	z[1].n = 0;
	check_error(posthoc_tukey, z, 3, 0.95, DIAG_DATA,
		    "group 2 has n = 0; tukey hsd needs at least 1 per group");
	memcpy(z, g, sizeof z);
	z[2].n = 1;
	check_error(posthoc_games_howell, z, 3, 0.95, DIAG_DATA,
		    "group 3 has n = 1; games-howell needs at least 2 per group");
	memcpy(z, g, sizeof z);
	z[0].mean = NAN;
	check_error(posthoc_tukey, z, 3, 0.95, DIAG_DATA,
		    "group 1 has no finite mean; tukey hsd needs one");
	memcpy(z, g, sizeof z);
	z[2].var = -1.0;
	check_error(posthoc_games_howell, z, 3, 0.95, DIAG_DATA,
		    "group 3 has a missing or negative variance");
	memcpy(z, g, sizeof z);
	z[1].var = NAN;
	check_error(posthoc_tukey, z, 3, 0.95, DIAG_DATA,
		    "group 2 has a missing or negative variance");

	for (i = 0; i < 3; i++)
		z[i] = g[i], z[i].n = 1;
	check_error(posthoc_tukey, z, 3, 0.95, DIAG_DATA,
		    "tukey hsd needs more observations than groups (n = 3, 3 groups)");
	for (i = 0; i < 3; i++)
		z[i] = g[i], z[i].var = 0.0;
	check_error(posthoc_tukey, z, 3, 0.95, DIAG_DATA,
		    "pooled within-group variance is 0; tukey hsd is undefined");
	memcpy(z, g, sizeof z);
	z[0].var = 0.0;
	z[2].var = 0.0;
	check_error(posthoc_games_howell, z, 3, 0.95, DIAG_DATA,
		    "groups 1 and 3 both have variance 0; games-howell is undefined for the pair");
	/* one zero variance is fine for Games-Howell: df = n - 1 of the other */
	memcpy(z, g, sizeof z);
	z[0].var = 0.0;
	diag_init(&d);
	CHECK_INT(posthoc_games_howell(z, 3, 0.95, rows, &d), 0);
	CHECK(rows[0].df == 9.0);

	check_error(posthoc_tukey, NULL, 3, 0.95, DIAG_INTERNAL,
		    "tukey hsd: no groups or no output rows");

	/* the first error wins */
	diag_init(&d);
	diag_set(&d, DIAG_IO, "earlier");
	CHECK_INT(posthoc_tukey(g, 1, 0.95, rows, &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	CHECK_STR(d.message, "earlier");
	/* a NULL diag is allowed */
	CHECK_INT(posthoc_tukey(g, 1, 0.95, rows, NULL), -1);
}

static void test_npairs(void)
{
	CHECK_INT(posthoc_npairs(0), 0);
	CHECK_INT(posthoc_npairs(1), 0);
	CHECK_INT(posthoc_npairs(2), 1);
	CHECK_INT(posthoc_npairs(5), 10);
	CHECK_INT(posthoc_npairs(20), 190);
	CHECK(posthoc_npairs(SIZE_MAX) == 0);
	CHECK(posthoc_npairs((size_t)1 << 20) == ((size_t)1 << 19) * (((size_t)1 << 20) - 1));
}

int main(void)
{
	test_npairs();
	test_tukey();
	test_games_howell();
	test_two_groups();
	test_singleton();
	test_errors();
	return tc_summary("test_posthoc");
}
