/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_bench_charts: the default charts of correlate, regress and the benchmarking commands. */
#include "clusterbench/bench_charts.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/load.h"
#include "tcheck.h"

/*
 * Every number asserted below was computed independently in R 4.x; the R
 * call is written beside each fixture. The models are found through their
 * marks: the builders' own tests (test_chart_kinds) fix how a mark is
 * drawn, these tests fix which numbers the commands put into them.
 */

#define TOL 1e-9
#define MINUS "\xe2\x88\x92"

static struct table *load_csv(const char *csv)
{
	struct diag d;
	struct table *t;

	diag_init(&d);
	t = load_memory("t.csv", csv, strlen(csv), NULL, NULL, &d);
	if (!t)
		fprintf(stderr, "load: %s\n", d.message);
	return t;
}

static size_t col(const struct table *t, const char *name)
{
	long c = table_find(t, name);

	if (c < 0) {
		fprintf(stderr, "no column %s\n", name);
		exit(4);
	}
	return (size_t)c;
}

/* All rows, no --where. */
static struct selection all_rows(const struct table *t)
{
	struct selection s = { NULL, NULL, t->nrows };

	return s;
}

static struct chart *item(const struct chart_set *cs, const char *name)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->items[i].name, name) == 0)
			return cs->items[i].model;
	return NULL;
}

/* The n-th mark of a kind (0-based), or NULL. */
static const struct chart_mark *nth(const struct chart *c, enum chart_mark_kind k, size_t n)
{
	for (size_t i = 0; c && i < c->n_marks; i++)
		if (c->marks[i]->kind == k && n-- == 0)
			return c->marks[i];
	return NULL;
}

static size_t count(const struct chart *c, enum chart_mark_kind k)
{
	size_t n = 0;

	for (size_t i = 0; c && i < c->n_marks; i++)
		n += c->marks[i]->kind == k;
	return n;
}

static const struct chart_mark *find_text(const struct chart *c, const char *s)
{
	for (size_t i = 0; c && i < c->n_marks; i++)
		if (c->marks[i]->text && strcmp(c->marks[i]->text, s) == 0)
			return c->marks[i];
	return NULL;
}

static int same_color(struct chart_color a, unsigned long hex)
{
	struct chart_color b = chart_rgb(hex);

	return a.r == b.r && a.g == b.g && a.b == b.b;
}

static int contains(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

/* ------------------------------------------------------------ correlate */

/*
 * R: x <- 1:8; y <- c(2.1,3.9,6.2,7.8,9.9,12.4,13.1,15.8)
 *    z <- c(5,3,4,1,2,NA,0.5,0.2)
 *    predict(lm(y ~ x), data.frame(x = c(1, 8)))  # 2.125, 15.675
 *    cor(x, y)                                     # 0.99725853816345456
 *    sprintf("%.2f", c(cor(x, z, use = "complete.obs"),
 *                      cor(y, z, use = "complete.obs")))   # "-0.90" "-0.88"
 */
static const char corr_csv[] = "unit,x,y,z\n"
			       "a,1,2.1,5\nb,2,3.9,3\nc,3,6.2,4\nd,4,7.8,1\n"
			       "e,5,9.9,2\nf,6,12.4,\ng,7,13.1,0.5\nh,8,15.8,0.2\n";

static void test_correlate(void)
{
	struct table *t = load_csv(corr_csv);
	struct result_set *rs = result_set_create();
	enum corr_method m = CORR_PEARSON;
	struct chart_set cs;
	struct selection sel;
	struct chart_opts o;
	const struct chart_mark *line, *cell;
	const char *only_heatmap[] = { "heatmap", NULL };
	size_t vars[3];
	struct chart *c;
	struct diag d;

	diag_init(&d);
	chart_set_init(&cs);
	memset(&o, 0, sizeof o);
	o.source = "t.csv";
	vars[0] = col(t, "x");
	vars[1] = col(t, "y");
	vars[2] = col(t, "z");
	sel = all_rows(t);
	CHECK_INT(analysis_correlate(t, vars, 3, &m, 1, &sel, 0.95, STATS_ADJUST_HOLM, rs, &d), 0);
	CHECK_INT(bench_charts_correlate(t, vars, 3, &sel, 0.95, rs, NULL, &o, &cs, &d), 0);
	CHECK_INT(cs.n, 2);
	c = item(&cs, "scatter");
	CHECK(c != NULL);
	CHECK_STR(c ? c->title : NULL, "Y against x");
	CHECK(c && contains(c->subtitle, "Pearson r = 0.997 (95% CI "));
	CHECK(c && contains(c->subtitle, "p < 0.001, n = 8"));
	CHECK(c && contains(c->caption, "Source: t.csv"));
	/* the OLS line spans the points: lm's fit at x = 1 and x = 8 */
	line = nth(c, CHART_MARK_LINE, 0);
	CHECK(line && line->n_pts == 61);
	if (line && line->n_pts == 61) {
		CHECK_REL(line->pts[0].x, 1, TOL);
		CHECK_REL(line->pts[0].y, 2.125, TOL);
		CHECK_REL(line->pts[60].x, 8, TOL);
		CHECK_REL(line->pts[60].y, 15.675, TOL);
	}
	CHECK_INT(count(c, CHART_MARK_POINT), 8);
	/* heatmap: r with 2 decimals, the diagonal grey, the bar titled r */
	c = item(&cs, "heatmap");
	CHECK(c != NULL);
	CHECK_INT(count(c, CHART_MARK_CELL), 9);
	cell = nth(c, CHART_MARK_CELL, 2); /* x, z */
	CHECK_STR(cell ? cell->text : NULL, MINUS "0.90");
	if (cell) {
		struct chart_color want = chart_diverging(-0.89515408247343697, 1);

		CHECK(cell->fill.r == want.r && cell->fill.g == want.g && cell->fill.b == want.b);
	}
	cell = nth(c, CHART_MARK_CELL, 5); /* y, z */
	CHECK_STR(cell ? cell->text : NULL, MINUS "0.88");
	cell = nth(c, CHART_MARK_CELL, 4); /* the diagonal */
	CHECK_STR(cell ? cell->text : NULL, "1");
	CHECK(cell && same_color(cell->fill, 0xE6E6E6));
	CHECK(find_text(c, "r") != NULL);
	CHECK(find_text(c, "z-score") == NULL);
	CHECK(c && contains(c->subtitle, "(n = 7 to 8)"));
	chart_set_release(&cs);

	/* kinds limit the charts; two variables give no heatmap */
	chart_set_init(&cs);
	CHECK_INT(bench_charts_correlate(t, vars, 3, &sel, 0.95, rs, only_heatmap, &o, &cs, &d), 0);
	CHECK_INT(cs.n, 1);
	CHECK(item(&cs, "heatmap") != NULL);
	chart_set_release(&cs);
	chart_set_init(&cs);
	CHECK_INT(bench_charts_correlate(t, vars, 2, &sel, 0.95, rs, NULL, &o, &cs, &d), 0);
	CHECK_INT(cs.n, 1);
	CHECK(item(&cs, "scatter") != NULL);
	chart_set_release(&cs);
	result_set_free(rs);
	table_free(t);
}

/* ------------------------------------------------------------ regress */

/*
 * R: d <- data.frame(y = c(3.1,4.2,5.9,6.1,8.3,7.7,9.9,11.2,10.8,13.5), x1 = 1:10,
 *                    g = c("A","B","C","A","B","C","A","B","C","A"))
 *    m <- lm(y ~ x1 + g, d); coef(m); confint(m); summary(m)$r.squared
 */
static const char reg_csv[] = "y,x1,g\n3.1,1,A\n4.2,2,B\n5.9,3,C\n6.1,4,A\n8.3,5,B\n"
			      "7.7,6,C\n9.9,7,A\n11.2,8,B\n10.8,9,C\n13.5,10,A\n";
static const double reg_est[3] = { 1.08888888888888902, 0.29444444444444412,
				   -0.56111111111111056 };
static const double reg_lo[3] = { 0.91777536810286287, -0.88487411188374976,
				  -1.74042966743930405 };
static const double reg_hi[3] = { 1.26000240967491517, 1.47376300077263789,
				  0.61820744521708282 };

static void test_regress(void)
{
	struct table *t = load_csv(reg_csv);
	struct result_set *rs = result_set_create();
	struct regress_opts ro;
	struct chart_set cs;
	struct selection sel;
	struct chart_opts o;
	size_t xs[2];
	struct chart *c;
	struct diag d;

	diag_init(&d);
	chart_set_init(&cs);
	memset(&o, 0, sizeof o);
	memset(&ro, 0, sizeof ro);
	ro.conf = 0.95;
	ro.cluster = -1;
	xs[0] = col(t, "x1");
	xs[1] = col(t, "g");
	sel = all_rows(t);
	CHECK_INT(analysis_regress(t, col(t, "y"), xs, 2, &ro, &sel, rs, &d), 0);
	CHECK_INT(bench_charts_regress(t, col(t, "y"), 0.95, NULL, &sel, rs, NULL, &o, &cs, &d), 0);
	c = item(&cs, "coef");
	CHECK(c != NULL);
	/* three terms, no intercept: a dot and a whisker each, in the table's order */
	CHECK_INT(count(c, CHART_MARK_POINT), 3);
	CHECK_INT(c ? c->y.n_ticks : 0, 3);
	CHECK_STR(c && c->y.n_ticks ? c->y.ticks[0].label : NULL, "x1");
	CHECK_STR(c && c->y.n_ticks > 2 ? c->y.ticks[2].label : NULL, "g: C");
	for (size_t k = 0; k < 3; k++) {
		const struct chart_mark *p = nth(c, CHART_MARK_POINT, k);
		const struct chart_mark *w = nth(c, CHART_MARK_SEGMENT, k);

		CHECK(p && w);
		if (!p || !w)
			continue;
		CHECK_REL(p->pts[0].x, reg_est[k], 1e-10);
		CHECK_REL(fmin(w->pts[0].x, w->pts[1].x), reg_lo[k], 1e-10);
		CHECK_REL(fmax(w->pts[0].x, w->pts[1].x), reg_hi[k], 1e-10);
	}
	CHECK_STR(c ? c->title : NULL, "Effects on y");
	/* summary(m)$r.squared = 0.97588...: "0.98" */
	CHECK(c && contains(c->caption, "Classic OLS standard errors. R\xc2\xb2 = 0.98."));
	CHECK(c && contains(c->caption, "n = 10."));
	chart_set_release(&cs);
	result_set_free(rs);
	table_free(t);
}

/* ------------------------------------------------------------ peers */

/*
 * Six units, a higher-is-better, b lower-is-better, c higher-is-better,
 * focus u3. R:
 *   p <- data.frame(a = c(10,20,30,40,50,60), b = c(5,3,4,8,1,2), c = c(7,7,9,1,3,5))
 *   dir <- c(1, -1, 1)
 *   Z <- sapply(1:3, function(j) { x <- dir[j] * p[[j]]; (x - mean(x)) / sd(x) })
 *   c("u1","u2","u3","u4","u5","u6")[order(-rowMeans(Z))]  # u6 u5 u3 u2 u1 u4
 *   sprintf("%.1f", Z[3, ])                                # "-0.3" "-0.1" "1.2"
 *   sapply(1:3, function(j) { x <- dir[j] * p[[j]]; 100 * mean(x <= x[3]) })  # 50 50 100
 *   median(p$a)                                            # 35
 */
static const char peers_csv[] = "unit,sector,a,b,c\n"
				"u1,s,10,5,7\nu2,s,20,3,7\nu3,s,30,4,9\n"
				"u4,s,40,8,1\nu5,s,50,1,3\nu6,s,60,2,5\n";

static void test_peers(void)
{
	static const char *const order[6] = { "u6", "u5", "u3", "u2", "u1", "u4" };
	static const double pct[3] = { 50, 50, 100 };
	struct table *t = load_csv(peers_csv);
	struct result_set *rs = result_set_create();
	struct peers_opts po;
	struct chart_set cs;
	struct selection sel;
	struct chart_opts o;
	size_t ind[3];
	int dir[3] = { 1, -1, 1 };
	const struct chart_mark *poly = NULL;
	struct chart *c;
	struct diag d;

	diag_init(&d);
	chart_set_init(&cs);
	memset(&o, 0, sizeof o);
	memset(&po, 0, sizeof po);
	ind[0] = col(t, "a");
	ind[1] = col(t, "b");
	ind[2] = col(t, "c");
	po.unit = col(t, "unit");
	po.group = (long)col(t, "sector");
	po.indicators = ind;
	po.nind = 3;
	po.direction = dir;
	po.focus = "u3";
	o.context = "u3"; /* a job's foreach value: not repeated in the titles */
	sel = all_rows(t);
	CHECK_INT(bench_peers(t, &po, &sel, rs, &d), 0);
	CHECK_INT(bench_charts_peers(t, &po, &sel, rs, NULL, &o, &cs, &d), 0);
	CHECK_INT(cs.n, 5);
	CHECK(item(&cs, "a-dotstrip") && item(&cs, "b-dotstrip") && item(&cs, "c-dotstrip"));
	c = item(&cs, "a-dotstrip");
	CHECK_STR(c ? c->title : NULL, "u3 among its peers: a");
	CHECK_STR(c ? c->subtitle : NULL, "Peer group: sector = s (6 units)");
	CHECK(c && c->n_refs >= 1 && c->refs[c->n_refs - 1]->value == 35);
	/* heatmap rows by mean z-score, the focal row's values */
	c = item(&cs, "heatmap");
	CHECK(c != NULL);
	for (size_t r = 0; c && r < 6 && r < c->y.n_ticks; r++)
		if (r != 2)
			CHECK_STR(c->y.ticks[r].label, order[r]);
	CHECK(find_text(c, "u3") != NULL); /* the focal name, in bold */
	CHECK_STR(nth(c, CHART_MARK_CELL, 6) ? nth(c, CHART_MARK_CELL, 6)->text : NULL,
		  MINUS "0.3");
	CHECK_STR(nth(c, CHART_MARK_CELL, 7) ? nth(c, CHART_MARK_CELL, 7)->text : NULL,
		  MINUS "0.1");
	CHECK_STR(nth(c, CHART_MARK_CELL, 8) ? nth(c, CHART_MARK_CELL, 8)->text : NULL, "1.2");
	CHECK(c && contains(c->caption, "Lower is better: b."));
	/* radar: the focal percentiles at radius v / 100 */
	c = item(&cs, "radar");
	for (size_t i = 0; c && i < c->n_marks; i++)
		if (c->marks[i]->kind == CHART_MARK_POLYGON && c->marks[i]->fill.a == 56)
			poly = c->marks[i];
	CHECK(poly && poly->n_pts == 3);
	for (size_t k = 0; poly && k < 3 && k < poly->n_pts; k++)
		CHECK_ABS(100 * hypot(poly->pts[k].x, poly->pts[k].y), pct[k], 1e-9);
	chart_set_release(&cs);

	/* no focus, several peer groups: no chart, a warning */
	{
		struct table *t2 = load_csv("unit,sector,a\nu1,s,1\nu2,s,2\nu3,t,3\nu4,t,4\n");
		struct result_set *rs2 = result_set_create();
		size_t ia = col(t2, "a");
		struct peers_opts p2;
		struct selection s2 = all_rows(t2);
		const struct warnings *w;

		memset(&p2, 0, sizeof p2);
		p2.unit = col(t2, "unit");
		p2.group = (long)col(t2, "sector");
		p2.indicators = &ia;
		p2.nind = 1;
		chart_set_init(&cs);
		CHECK_INT(bench_peers(t2, &p2, &s2, rs2, &d), 0);
		CHECK_INT(bench_charts_peers(t2, &p2, &s2, rs2, NULL, NULL, &cs, &d), 0);
		CHECK_INT(cs.n, 0);
		w = result_set_warnings(rs2);
		CHECK(w->n >= 1 && contains(w->items[w->n - 1], "name a unit with --focus"));
		/* without a peer group every unit is drawn, none highlighted */
		p2.group = -1;
		CHECK_INT(bench_charts_peers(t2, &p2, &s2, rs2, NULL, NULL, &cs, &d), 0);
		CHECK_INT(cs.n, 2); /* dotstrip and heatmap; no radar without focus */
		CHECK(item(&cs, "dotstrip") != NULL);
		CHECK_STR(item(&cs, "dotstrip") ? item(&cs, "dotstrip")->title : NULL, "A by unit");
		chart_set_release(&cs);
		result_set_free(rs2);
		table_free(t2);
	}
	result_set_free(rs);
	table_free(t);
}

/* ------------------------------------------------------------ composite */

/*
 * R: p <- c(1,4,2,8,5); q <- c(30,10,20,40,50)
 *    mm <- function(x) 100 * (x - min(x)) / (max(x) - min(x))
 *    rowMeans(cbind(mm(p), mm(q)))   # 25 21.428571 19.642857 87.5 78.571429
 *    median(of those)                # 25
 */
static void test_composite(void)
{
	static const double score[5] = { 25, 21.428571428571427, 19.642857142857142, 87.5,
					 78.571428571428569 };
	struct table *t = load_csv("u,p,q\nk1,1,30\nk2,4,10\nk3,2,20\nk4,8,40\nk5,5,50\n");
	struct result_set *rs = result_set_create();
	struct composite_opts co;
	struct chart_set cs;
	struct selection sel;
	size_t ind[2];
	struct chart *c;
	struct diag d;
	size_t bars = 0;

	diag_init(&d);
	chart_set_init(&cs);
	memset(&co, 0, sizeof co);
	ind[0] = col(t, "p");
	ind[1] = col(t, "q");
	co.unit = col(t, "u");
	co.indicators = ind;
	co.nind = 2;
	co.lo = co.hi = NAN;
	co.draws = 20;
	co.noise = 0.25;
	co.seed = 1;
	sel = all_rows(t);
	CHECK_INT(bench_composite(t, &co, &sel, rs, &d), 0);
	CHECK_INT(bench_charts_composite(t, &co, &sel, rs, NULL, NULL, &cs, &d), 0);
	CHECK_INT(cs.n, 2);
	c = item(&cs, "bar");
	CHECK(c != NULL);
	/* one bar a unit, best first: k4, k5, k1, k2, k3 */
	for (size_t i = 0; c && i < c->n_marks; i++) {
		const struct chart_mark *m = c->marks[i];
		static const size_t unit_of[5] = { 3, 4, 0, 1, 2 };

		if (m->kind != CHART_MARK_RECT || bars >= 5)
			continue;
		CHECK_REL(fmax(m->pts[0].x, m->pts[1].x), score[unit_of[bars]], 1e-12);
		bars++;
	}
	CHECK_INT(bars, 5);
	CHECK_STR(c && c->y.n_ticks ? c->y.ticks[0].label : NULL, "k4");
	CHECK(c && c->n_refs && c->refs[c->n_refs - 1]->value == 25);
	CHECK_STR(c && c->n_refs ? c->refs[c->n_refs - 1]->label : NULL, "Median: 25.0");
	c = item(&cs, "rank");
	CHECK(c && c->y.n_ticks == 5);
	chart_set_release(&cs);
	/* no draws: no rank chart */
	co.draws = 0;
	result_set_free(rs);
	rs = result_set_create();
	chart_set_init(&cs);
	CHECK_INT(bench_composite(t, &co, &sel, rs, &d), 0);
	CHECK_INT(bench_charts_composite(t, &co, &sel, rs, NULL, NULL, &cs, &d), 0);
	CHECK_INT(cs.n, 1);
	chart_set_release(&cs);
	result_set_free(rs);
	table_free(t);
}

/* ------------------------------------------------------------ provinces */

/*
 * R: v <- c(10,12,14,11, 20,22,19,25, 15,14,16,18)
 *    pr <- rep(c("Samsun","Trabzon","Çorum"), each = 4)
 *    t.test(v[pr == q])$conf.int for q in Çorum, Samsun, Trabzon
 *    mean(tapply(v, pr, mean))      # 16.333333333333332
 */
static void test_provinces(void)
{
	static const double mean[3] = { 15.75, 11.75, 21.5 };
	static const double lo[3] = { 13.032469116204, 9.03246911620398, 17.2900192577015 };
	static const double hi[3] = { 18.467530883796, 14.467530883796, 25.7099807422985 };
	struct table *t = load_csv("province,v,w\nSamsun,10,1\nSamsun,12,2\nSamsun,14,3\n"
				   "Samsun,11,4\nTrabzon,20,5\nTrabzon,22,6\nTrabzon,19,7\n"
				   "Trabzon,25,8\nÇorum,15,4\nÇorum,14,1\nÇorum,16,2\nÇorum,18,3\n");
	struct result_set *rs = result_set_create();
	struct provinces_opts po;
	struct chart_set cs;
	struct selection sel;
	struct chart_opts o;
	size_t vals[2];
	struct chart *c;
	struct diag d;

	diag_init(&d);
	chart_set_init(&cs);
	memset(&po, 0, sizeof po);
	memset(&o, 0, sizeof o);
	o.locale = CHART_LOCALE_TR;
	vals[0] = col(t, "v");
	vals[1] = col(t, "w");
	po.values = vals;
	po.nvalues = 2;
	po.province = col(t, "province");
	po.reference = BENCH_REF_PROVINCE_MEANS;
	po.conf = 0.95;
	po.posthoc = POSTHOC_NONE;
	po.adjust = STATS_ADJUST_HOLM;
	sel = all_rows(t);
	CHECK_INT(bench_provinces(t, &po, &sel, rs, &d), 0);
	CHECK_INT(bench_charts_provinces(t, &po, &sel, rs, NULL, &o, &cs, &d), 0);
	CHECK_INT(cs.n, 4);
	CHECK(item(&cs, "v-bar") && item(&cs, "v-box") && item(&cs, "w-bar") &&
	      item(&cs, "w-box"));
	c = item(&cs, "v-bar");
	for (size_t k = 0; k < 3; k++) {
		const struct chart_mark *r = nth(c, CHART_MARK_RECT, k);
		const struct chart_mark *s = nth(c, CHART_MARK_SEGMENT, k);

		CHECK(r && s);
		if (!r || !s)
			continue;
		CHECK_REL(fmax(r->pts[0].y, r->pts[1].y), mean[k], 1e-12);
		CHECK_REL(fmin(s->pts[0].y, s->pts[1].y), lo[k], 1e-12);
		CHECK_REL(fmax(s->pts[0].y, s->pts[1].y), hi[k], 1e-12);
	}
	CHECK_STR(c && c->x.n_ticks ? c->x.ticks[0].label : NULL, "Çorum");
	CHECK(c && c->n_refs == 2);
	if (c && c->n_refs == 2) {
		CHECK_REL(c->refs[1]->value, 16.333333333333332, 1e-12);
		CHECK_STR(c->refs[1]->label, "Pilot referansı: 16,3");
	}
	CHECK_STR(c ? c->title : NULL, "V \xe2\x80\x93 province");
	CHECK(c && contains(c->caption, "Welch ANOVA: F(2, "));
	CHECK(c && contains(c->caption, "Referans: il ortalamalarının ortalaması."));
	CHECK_STR(c ? c->subtitle : NULL,
		  "Ortalama ve %95 GA; kesikli çizgi: pilot referansı");
	chart_set_release(&cs);
	result_set_free(rs);
	table_free(t);
}

/* ------------------------------------------------------------ regional */

/*
 * Regions R1, R2, R3 and sectors s1, s2 in 2000 and 2005; R1 and R2 shown.
 * R: e0 <- matrix(c(100,50, 80,120, 200,30), 3, byrow = TRUE)
 *    e1 <- matrix(c(130,40, 90,150, 210,60), 3, byrow = TRUE)
 *    n0 <- colSums(e0); n1 <- colSums(e1); G <- sum(n1) / sum(n0); gi <- n1 / n0
 *    (e1 / rowSums(e1)) / matrix(n1 / sum(n1), 3, 2, byrow = TRUE)   # LQ
 *    100 * (e1 / e0 - 1); 100 * (G - 1)                              # growth
 *    per region r: NS <- sum(e0[r,]) * (G - 1); IM <- sum(e0[r,] * (gi - G))
 *                  RS <- sum(e1[r,] - e0[r,] * gi); sum(e1[r,]) - sum(e0[r,])
 */
static const char reg_rows[] = "region,sector,year,emp\n"
			       "R1,s1,2000,100\nR1,s2,2000,50\nR2,s1,2000,80\nR2,s2,2000,120\n"
			       "R3,s1,2000,200\nR3,s2,2000,30\n"
			       "R1,s1,2005,130\nR1,s2,2005,40\nR2,s1,2005,90\nR2,s2,2005,150\n"
			       "R3,s1,2005,210\nR3,s2,2005,60\n";

static void test_regional(void)
{
	static const double lq[2][2] = { { 1.20930232558139528, 0.63999999999999990 },
					 { 0.59302325581395354, 1.69999999999999996 } };
	static const double growth[2][2] = { { 30.0000000000000036, -19.999999999999996 },
					     { 12.5, 25 } };
	static const double shift[2][4] = {
		{ 25.86206896551722778, -0.20417422867512469, -5.65789473684209554, 20 },
		{ 34.48275862068963704, 6.04355716878404614, -0.52631578947368496, 40 }
	};
	static const char *const names[2] = { "R1", "R2" };
	struct table *t = load_csv(reg_rows);
	struct result_set *rs = result_set_create();
	struct regional_opts ro;
	struct chart_set cs;
	struct selection sel;
	struct chart *c;
	struct diag d;

	diag_init(&d);
	chart_set_init(&cs);
	memset(&ro, 0, sizeof ro);
	ro.region = col(t, "region");
	ro.sector = col(t, "sector");
	ro.value = col(t, "emp");
	ro.year = (long)col(t, "year");
	ro.span = 1;
	ro.from = 2000;
	ro.to = 2005;
	ro.regions = names;
	ro.nregions = 2;
	ro.lq_threshold = 1.25;
	sel = all_rows(t);
	CHECK_INT(bench_regional(t, &ro, &sel, rs, &d), 0);
	CHECK_INT(bench_charts_regional(t, &ro, &sel, rs, NULL, NULL, &cs, &d), 0);
	CHECK_INT(cs.n, 3);
	for (size_t r = 0; r < 2; r++) {
		char name[32];

		snprintf(name, sizeof name, "%s-scatter", names[r]);
		c = item(&cs, name);
		CHECK(c != NULL);
		CHECK_INT(count(c, CHART_MARK_POINT), 2);
		for (size_t i = 0; i < 2; i++) {
			const struct chart_mark *p = nth(c, CHART_MARK_POINT, i);

			CHECK(p != NULL);
			if (!p)
				continue;
			CHECK_REL(p->pts[0].x, lq[r][i], 1e-12);
			CHECK_REL(p->pts[0].y, growth[r][i], 1e-12);
			/* specialised (LQ >= 1.25) in vermillion, others blue */
			CHECK(same_color(p->fill, lq[r][i] >= 1.25 ? 0xD55E00 : 0x0072B2));
		}
		CHECK(c && c->n_refs == 2);
		if (c && c->n_refs == 2) {
			CHECK_REL(c->refs[0]->value, 1, 0);
			CHECK_REL(c->refs[1]->value, 17.241379310344819, 1e-12);
			CHECK_STR(c->refs[1]->label, "+17.2%");
		}
	}
	c = item(&cs, "R2-scatter");
	CHECK_STR(c ? c->title : NULL,
		  "R2: specialisation and growth by sector, 2000\xe2\x80\x93" "2005");
	CHECK(c && c->n_legend == 2); /* R2 has a specialised sector */
	c = item(&cs, "R1-scatter");
	CHECK(c && c->n_legend == 0);
	c = item(&cs, "bar");
	CHECK_INT(count(c, CHART_MARK_RECT), 8);
	for (size_t k = 0; k < 8; k++) {
		const struct chart_mark *m = nth(c, CHART_MARK_RECT, k);
		double v = m ? (m->pts[1].y != 0 ? m->pts[1].y : m->pts[0].y) : NAN;

		CHECK_REL(v, shift[k / 4][k % 4], 1e-9);
	}
	chart_set_release(&cs);

	/* without --from/--to: no chart, a warning that says how */
	result_set_free(rs);
	rs = result_set_create();
	ro.span = 0;
	chart_set_init(&cs);
	CHECK_INT(bench_regional(t, &ro, &sel, rs, &d), 0);
	CHECK_INT(bench_charts_regional(t, &ro, &sel, rs, NULL, NULL, &cs, &d), 0);
	CHECK_INT(cs.n, 0);
	{
		const struct warnings *w = result_set_warnings(rs);

		CHECK(w->n >= 1 && contains(w->items[w->n - 1], "--from and --to"));
	}
	chart_set_release(&cs);
	result_set_free(rs);
	table_free(t);
}

/* ------------------------------------------------------------ target */

/*
 * R: x0 <- c(100,200,50,80,120,90); x1 <- c(120,230,70,80,150,99)
 *    ch <- (x1 - x0) / x0; 100 * mean(ch); 100 * t.test(ch)$conf.int
 *    g <- c("a","a","a","b","b","b"); the same per group
 */
static void test_target(void)
{
	static const double val[3] = { 18.333333333333336, 25, 11.666666666666666 };
	static const double lo[3] = { 3.9953128879233955, -7.8620530386421379,
				      -19.591380730212212 };
	static const double hi[3] = { 32.6713537787432742, 57.8620530386421379,
				      42.924714063545544 };
	struct table *t = load_csv("id,year,v,g\n1,2010,100,a\n1,2013,120,a\n2,2010,200,a\n"
				   "2,2013,230,a\n3,2010,50,a\n3,2013,70,a\n4,2010,80,b\n"
				   "4,2013,80,b\n5,2010,120,b\n5,2013,150,b\n6,2010,90,b\n"
				   "6,2013,99,b\n");
	struct result_set *rs = result_set_create();
	struct target_opts to;
	struct chart_set cs;
	struct selection sel;
	size_t by;
	struct chart *c;
	struct diag d;
	size_t k = 0;

	diag_init(&d);
	chart_set_init(&cs);
	memset(&to, 0, sizeof to);
	by = col(t, "g");
	to.value = col(t, "v");
	to.id = col(t, "id");
	to.time = col(t, "year");
	to.from = "2010";
	to.to = "2013";
	to.target = 0.2;
	to.by = &by;
	to.nby = 1;
	to.conf = 0.95;
	sel = all_rows(t);
	CHECK_INT(bench_target(t, &to, &sel, rs, &d), 0);
	CHECK_INT(bench_charts_target(t, &to, &sel, rs, NULL, NULL, &cs, &d), 0);
	c = item(&cs, "bullet");
	CHECK(c != NULL);
	CHECK_STR(c ? c->title : NULL, "V change 2010\xe2\x80\x93" "2013 against the +20% target");
	CHECK_STR(c && c->y.n_ticks ? c->y.ticks[0].label : NULL, "All units (n = 6)");
	CHECK_STR(c && c->y.n_ticks > 2 ? c->y.ticks[2].label : NULL, "b (n = 3)");
	for (size_t i = 0; c && i < c->n_marks; i++) {
		const struct chart_mark *m = c->marks[i];

		if (m->kind == CHART_MARK_RECT && same_color(m->fill, 0x0072B2) && k < 3) {
			CHECK_REL(fmax(m->pts[0].x, m->pts[1].x), val[k], 1e-12);
			/* the whisker follows its bar */
			CHECK(i + 1 < c->n_marks && c->marks[i + 1]->kind == CHART_MARK_SEGMENT);
			if (i + 1 < c->n_marks) {
				const struct chart_mark *w = c->marks[i + 1];

				CHECK_REL(fmin(w->pts[0].x, w->pts[1].x), lo[k], 1e-12);
				CHECK_REL(fmax(w->pts[0].x, w->pts[1].x), hi[k], 1e-12);
			}
			k++;
		}
	}
	CHECK_INT(k, 3);
	/* R: sum(ch >= 0.2 - 1e-12): 3 of 6 units reach +20 % (unit 1 exactly) */
	CHECK(c && contains(c->subtitle, "reaching the target: 3 of 6 (50%)"));
	chart_set_release(&cs);
	result_set_free(rs);
	table_free(t);
}

/* ------------------------------------------------------------ did */

/*
 * R: dd <- data.frame(id = rep(1:4, each = 4), year = rep(2009:2012, 4),
 *                     treat = rep(c(1,1,0,0), each = 4),
 *                     y = c(10,11,14,15, 12,12,16,18, 9,10,10,11, 11,12,12,13))
 *    aggregate(y ~ treat + year, dd, mean)
 *    # control 10 11 11 12; treated 11 11.5 15 16.5
 */
static void test_did(void)
{
	static const double treated[4] = { 11, 11.5, 15, 16.5 };
	static const double control[4] = { 10, 11, 11, 12 };
	struct table *t = load_csv("id,year,treat,y\n1,2009,1,10\n1,2010,1,11\n1,2011,1,14\n"
				   "1,2012,1,15\n2,2009,1,12\n2,2010,1,12\n2,2011,1,16\n"
				   "2,2012,1,18\n3,2009,0,9\n3,2010,0,10\n3,2011,0,10\n"
				   "3,2012,0,11\n4,2009,0,11\n4,2010,0,12\n4,2011,0,12\n"
				   "4,2012,0,13\n");
	struct result_set *rs = result_set_create();
	struct did_opts dop;
	struct chart_set cs;
	struct selection sel;
	const struct chart_mark *l0, *l1;
	struct chart *c;
	struct diag d;

	diag_init(&d);
	chart_set_init(&cs);
	memset(&dop, 0, sizeof dop);
	dop.value = col(t, "y");
	dop.id = col(t, "id");
	dop.time = col(t, "year");
	dop.treat = col(t, "treat");
	dop.post_from = 2011;
	dop.pre_from = NAN;
	dop.conf = 0.95;
	sel = all_rows(t);
	CHECK_INT(bench_did(t, &dop, &sel, rs, &d), 0);
	CHECK_INT(bench_charts_did(t, &dop, &sel, rs, NULL, NULL, &cs, &d), 0);
	c = item(&cs, "line");
	CHECK(c != NULL);
	l0 = nth(c, CHART_MARK_LINE, 0);
	l1 = nth(c, CHART_MARK_LINE, 1);
	CHECK(l0 && l1 && l0->n_pts == 4 && l1->n_pts == 4);
	for (size_t i = 0; l0 && l1 && i < 4 && i < l0->n_pts && i < l1->n_pts; i++) {
		CHECK_REL(l0->pts[i].x, 2009 + (double)i, 0);
		CHECK_REL(l0->pts[i].y, treated[i], 1e-12);
		CHECK_REL(l1->pts[i].y, control[i], 1e-12);
	}
	/* the programme starts between the last pre and the first post year */
	CHECK(c && c->n_refs >= 1);
	if (c && c->n_refs >= 1) {
		const struct chart_refline *m = c->refs[c->n_refs - 1];

		CHECK(m->axis == 'x');
		CHECK_REL(m->value, 2010.5, 0);
		CHECK_STR(m->label, "Programme from 2011");
	}
	CHECK(find_text(c, "Treated (treat = 1)") && find_text(c, "Control (treat = 0)"));
	CHECK(c && contains(c->caption, "Difference-in-differences (regression"));
	chart_set_release(&cs);
	result_set_free(rs);
	table_free(t);
}

int main(void)
{
	gsl_set_error_handler_off();
	test_correlate();
	test_regress();
	test_peers();
	test_composite();
	test_provinces();
	test_regional();
	test_target();
	test_did();
	return tc_summary("test_bench_charts");
}
