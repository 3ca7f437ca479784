/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench_charts: the default charts of correlate, regress and the benchmarking commands. */
#include "clusterbench/bench_charts.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/numparse.h"
#include "clusterbench/stats.h"

#define MINUS "\xe2\x88\x92" /* U+2212, as chart_format_number writes it */
#define EN_DASH "\xe2\x80\x93"
/* Room for the numbers inside short phrases (percentages, p values, levels):
 * chart_format_number cuts as snprintf, and these never come near it. */
#define SHORT_NUMBER 64

/* ------------------------------------------------------------ helpers */

static int is_tr(const struct chart_opts *o)
{
	return o && o->locale == CHART_LOCALE_TR;
}

static enum chart_locale loc_of(const struct chart_opts *o)
{
	return o ? o->locale : CHART_LOCALE_EN;
}

/* The number in column `col` of row `row`; NAN when the table, column or
 * cell is missing. */
static double num_at(const struct result_table *rt, size_t row, const char *col)
{
	long c = rt ? result_find_column(rt, col) : -1;

	return c < 0 ? NAN : result_get_number(rt, row, (size_t)c);
}

/* The text in column `col` of row `row`, or NULL. */
static const char *text_at(const struct result_table *rt, size_t row, const char *col)
{
	long c = rt ? result_find_column(rt, col) : -1;

	return c < 0 ? NULL : result_get_text(rt, row, (size_t)c);
}

/* "export_usd" -> "Export usd" (title start, as analysis_charts' titles:
 * ASCII only, so a Turkish i keeps its dot). g_free. */
static char *nice_name(const char *s)
{
	char *n = g_strdup(s ? s : "");

	for (char *p = n; *p; p++)
		if (*p == '_')
			*p = ' ';
	if (n[0] >= 'a' && n[0] <= 'z' && n[0] != 'i')
		n[0] = (char)(n[0] - 'a' + 'A');
	return n;
}

/* "export_usd" -> "export usd": category names that may wrap. g_free. */
static char *plain_name(const char *s)
{
	char *n = g_strdup(s ? s : "");

	for (char *p = n; *p; p++)
		if (*p == '_')
			*p = ' ';
	return n;
}

/* Appends the context of a run ("Samsun") to a title; takes title. */
static char *with_context(const struct chart_opts *o, char *title)
{
	char *s;

	if (!o || !o->context || !*o->context)
		return title;
	s = is_tr(o) ? g_strdup_printf("%s (%s)", title, o->context)
		     : g_strdup_printf("%s — %s", title, o->context);
	g_free(title);
	return s;
}

static void base_labels(struct chart_labels *l, const struct chart_opts *o,
			const struct selection *sel)
{
	memset(l, 0, sizeof *l);
	l->source = o ? o->source : NULL;
	l->filter = sel ? sel->where : NULL;
}

static const char *col_unit(const struct table *t, size_t col, const struct chart_opts *o)
{
	return o && o->unit ? o->unit : t->cols[col].unit;
}

/* x with dec decimals and thousands separators in the locale. */
static const char *fnum(double x, int dec, enum chart_locale loc, char *buf)
{
	chart_format_number(x, dec, 1, loc, buf, CHART_NUMBER_SIZE);
	return buf;
}

/* A year or period: the fewest decimals, no separators ("2011"). */
static const char *fyear(double x, enum chart_locale loc, char *buf)
{
	chart_format_number(x, chart_decimals_needed(&x, 1), 0, loc, buf, CHART_NUMBER_SIZE);
	return buf;
}

/* A percentage: en "+20%", tr "+%20"; the sign of negative values is
 * U+2212, "+" only with sign; a value that rounds to 0 has none. */
static const char *fpct(double pct, int dec, int sign, enum chart_locale loc, char *buf)
{
	char num[SHORT_NUMBER];
	const char *sg = "";
	double scale = pow(10, dec);

	chart_format_number(fabs(pct), dec, 1, loc, num, sizeof num);
	if (round(fabs(pct) * scale) > 0)
		sg = pct < 0 ? MINUS : sign ? "+" : "";
	if (loc == CHART_LOCALE_TR)
		snprintf(buf, CHART_NUMBER_SIZE, "%s%%%s", sg, num);
	else
		snprintf(buf, CHART_NUMBER_SIZE, "%s%s%%", sg, num);
	return buf;
}

/* "p < 0.001" or "p = 0.023" in the locale. */
static const char *fp(double p, enum chart_locale loc, char *buf)
{
	char num[SHORT_NUMBER];

	if (p < 0.001) {
		chart_format_number(0.001, 3, 1, loc, num, sizeof num);
		snprintf(buf, CHART_NUMBER_SIZE, "p < %s", num);
	} else {
		chart_format_number(p, 3, 1, loc, num, sizeof num);
		snprintf(buf, CHART_NUMBER_SIZE, "p = %s", num);
	}
	return buf;
}

/* The level of an interval: "95% CI" / "%95 GA". */
static const char *ci_word(double conf, enum chart_locale loc, char *buf)
{
	double pct = conf * 100;
	char num[SHORT_NUMBER];

	chart_format_number(pct, chart_decimals_needed(&pct, 1), 1, loc, num, sizeof num);
	if (loc == CHART_LOCALE_TR)
		snprintf(buf, CHART_NUMBER_SIZE, "%%%s GA", num);
	else
		snprintf(buf, CHART_NUMBER_SIZE, "%s%% CI", num);
	return buf;
}

/* A value in a chart name: characters that do not belong in a file name
 * become '-', as does a leading dot. g_free. */
static char *name_part(const char *s)
{
	char *n = g_strdup(s && *s ? s : "value");

	for (char *p = n; *p; p++)
		if ((unsigned char)*p < 0x20 || strchr(" /\\:*?\"<>|", *p))
			*p = '-';
	if (n[0] == '.')
		n[0] = '-';
	return n;
}

/* Adds c to cs as "VALUE-KIND" (value not NULL) or "KIND". */
static void set_add(struct chart_set *cs, const char *value, const char *kind, struct chart *c)
{
	char *v = value ? name_part(value) : NULL;

	cs->items = g_renew(struct chart_item, cs->items, cs->n + 1);
	cs->items[cs->n].name = v ? g_strdup_printf("%s-%s", v, kind) : g_strdup(kind);
	cs->items[cs->n].model = c;
	cs->n++;
	g_free(v);
}

/* Checks a built chart's sticky status; frees it on failure. */
static struct chart *checked(struct chart *c, struct diag *d)
{
	if (c && chart_status(c, d) < 0) {
		chart_free(c);
		return NULL;
	}
	return c;
}

static void warn(struct result_set *rs, const char *msg)
{
	if (rs)
		warnings_add(result_set_warnings(rs), "%s", msg);
}

/* Index of the column named name among cols (by table name), or -1. */
static long find_var(const struct table *t, const size_t *cols, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(t->cols[cols[i]].name, name) == 0)
			return (long)i;
	return -1;
}

/* ------------------------------------------------------------ correlate */

static const char *method_word(const char *method)
{
	if (method && strcmp(method, "spearman") == 0)
		return "Spearman \xcf\x81"; /* rho */
	if (method && strcmp(method, "kendall") == 0)
		return "Kendall \xcf\x84"; /* tau */
	return "Pearson r";
}

static int corr_scatter(const struct table *t, const struct result_table *ct, double conf,
			const struct selection *sel, const struct chart_opts *o,
			struct chart_set *cs, struct diag *d)
{
	enum chart_locale loc = loc_of(o);
	const char *xname = text_at(ct, 0, "x"), *yname = text_at(ct, 0, "y");
	long xc = xname ? table_find(t, xname) : -1, yc = yname ? table_find(t, yname) : -1;
	double r = num_at(ct, 0, "r"), lo = num_at(ct, 0, "ci_low"), hi = num_at(ct, 0, "ci_high");
	double p = num_at(ct, 0, "p"), npairs = num_at(ct, 0, "n");
	char b1[CHART_NUMBER_SIZE], b2[CHART_NUMBER_SIZE], b3[CHART_NUMBER_SIZE];
	char b4[CHART_NUMBER_SIZE], b5[CHART_NUMBER_SIZE], b6[CHART_NUMBER_SIZE];
	struct chart_scatter_spec s;
	struct chart *c;
	double *x, *y;
	size_t n = 0;
	char *ny, *px, *title, *sub;
	int dec;

	if (xc < 0 || yc < 0 || !col_type_is_numeric(t->cols[xc].type) ||
	    !col_type_is_numeric(t->cols[yc].type) || t->nrows == 0)
		return 0;
	x = g_new(double, t->nrows);
	y = g_new(double, t->nrows);
	for (size_t i = 0; i < t->nrows; i++) {
		if (sel && sel->keep && !sel->keep[i])
			continue;
		x[n] = column_value(&t->cols[xc], i);
		y[n] = column_value(&t->cols[yc], i);
		n++;
	}
	ny = nice_name(yname);
	px = plain_name(xname);
	title = with_context(o, is_tr(o) ? g_strdup_printf("%s ile %s", ny, px)
				       : g_strdup_printf("%s against %s", ny, px));
	/* as the scatter's R²: 2 decimals, 3 near 0 and near +-1 ("0.997", not
	 * "1.00"), the interval's limits included */
	dec = fabs(r) >= 0.1 && fabs(r) < 0.99 && !(fabs(lo) >= 0.99) && !(fabs(hi) >= 0.99)
	      ? 2 : 3;
	if (isnan(r)) {
		sub = NULL;
	} else if (!isnan(lo) && !isnan(hi)) {
		sub = g_strdup_printf(is_tr(o) ? "%s = %s (%s %s ile %s), %s, n = %s"
					       : "%s = %s (%s %s to %s), %s, n = %s",
				      method_word(text_at(ct, 0, "method")), fnum(r, dec, loc, b1),
				      ci_word(conf, loc, b2), fnum(lo, dec, loc, b3),
				      fnum(hi, dec, loc, b4), fp(p, loc, b5),
				      fnum(npairs, 0, loc, b6));
	} else {
		sub = g_strdup_printf("%s = %s, %s, n = %s", method_word(text_at(ct, 0, "method")),
				      fnum(r, dec, loc, b1), fp(p, loc, b5),
				      fnum(npairs, 0, loc, b6));
	}
	memset(&s, 0, sizeof s);
	base_labels(&s.labels, o, sel);
	s.labels.title = title;
	s.labels.subtitle = sub;
	s.labels.x_title = xname;
	s.labels.y_title = yname;
	s.labels.unit = col_unit(t, (size_t)yc, o);
	s.x_unit = t->cols[xc].unit;
	s.locale = loc;
	s.n = n;
	s.x = x;
	s.y = y;
	s.fit = 1;
	s.highlight = -1;
	c = n ? checked(chart_scatter_build(&s, d), d) : NULL;
	if (c)
		set_add(cs, NULL, "scatter", c);
	g_free(x);
	g_free(y);
	g_free(ny);
	g_free(px);
	g_free(title);
	g_free(sub);
	return !n || c ? 0 : -1;
}

/*
 * The builder prints z-scores with 1 decimal under a bar titled "z-score";
 * a correlation reads better with 2 decimals under "r".
 */
static void corr_heatmap_texts(struct chart *c, const double *r, size_t k,
			       enum chart_locale loc)
{
	const char *zword = chart_word(CHART_WORD_Z_SCORE, loc);
	char num[CHART_NUMBER_SIZE];
	size_t cell = 0;

	for (size_t i = 0; i < c->n_marks; i++) {
		struct chart_mark *m = c->marks[i];

		if (m->kind == CHART_MARK_CELL && cell < k * k) {
			if (cell / k == cell % k) {
				/* the diagonal says nothing: grey, out of the reader's way */
				m->fill = chart_rgb(0xE6E6E6);
				chart_set_string(c, &m->text, "1");
			} else if (!isnan(r[cell])) {
				chart_set_string(c, &m->text, fnum(r[cell], 2, loc, num));
			}
			cell++;
		} else if (m->kind == CHART_MARK_TEXT && m->text && strcmp(m->text, zword) == 0) {
			chart_set_string(c, &m->text, "r");
		}
	}
}

static int corr_heatmap(const struct table *t, const size_t *vars, size_t k,
			const struct result_table *ct, const struct selection *sel,
			const struct chart_opts *o, struct chart_set *cs, struct diag *d)
{
	enum chart_locale loc = loc_of(o);
	const char *method = text_at(ct, 0, "method");
	double *r = g_new(double, k * k), nmin = NAN, nmax = NAN;
	char **names = g_new0(char *, k + 1);
	char b1[CHART_NUMBER_SIZE], b2[CHART_NUMBER_SIZE], b3[CHART_NUMBER_SIZE];
	struct chart_heatmap_spec s;
	struct chart *c;
	char *title, *sub;
	size_t filled = 0;

	for (size_t i = 0; i < k; i++) {
		names[i] = plain_name(t->cols[vars[i]].name);
		for (size_t j = 0; j < k; j++)
			r[i * k + j] = i == j ? 1 : NAN;
	}
	for (size_t row = 0; row < result_rows(ct); row++) {
		const char *m = text_at(ct, row, "method");
		long i = find_var(t, vars, k, text_at(ct, row, "x"));
		long j = find_var(t, vars, k, text_at(ct, row, "y"));
		double v = num_at(ct, row, "r"), n = num_at(ct, row, "n");

		if (!m || !method || strcmp(m, method) || i < 0 || j < 0 || i == j)
			continue;
		r[(size_t)i * k + (size_t)j] = r[(size_t)j * k + (size_t)i] = v;
		filled += !isnan(v);
		if (!isnan(n)) {
			nmin = isnan(nmin) || n < nmin ? n : nmin;
			nmax = isnan(nmax) || n > nmax ? n : nmax;
		}
	}
	title = with_context(o, is_tr(o) ? g_strdup_printf("%zu değişkenin korelasyonları", k)
				       : g_strdup_printf("Correlations of %zu variables", k));
	if (isnan(nmin))
		sub = g_strdup(method_word(method));
	else if (nmin == nmax)
		sub = g_strdup_printf(is_tr(o) ? "%s, ikili tam gözlemler (n = %s)"
					       : "%s, pairwise complete observations (n = %s)",
				      method_word(method), fnum(nmin, 0, loc, b1));
	else
		sub = g_strdup_printf(is_tr(o) ? "%s, ikili tam gözlemler (n = %s" EN_DASH "%s)"
					       : "%s, pairwise complete observations (n = %s to %s)",
				      method_word(method), fnum(nmin, 0, loc, b2),
				      fnum(nmax, 0, loc, b3));
	memset(&s, 0, sizeof s);
	base_labels(&s.labels, o, sel);
	s.labels.title = title;
	s.labels.subtitle = sub;
	s.locale = loc;
	s.n_rows = s.n_cols = k;
	s.rows = s.cols = (const char *const *)names;
	s.z = r;
	s.limit = 1;
	s.focal = -1;
	c = filled ? checked(chart_heatmap_build(&s, d), d) : NULL;
	if (c) {
		corr_heatmap_texts(c, r, k, loc);
		c = checked(c, d);
	}
	if (c)
		set_add(cs, NULL, "heatmap", c);
	g_free(r);
	g_strfreev(names);
	g_free(title);
	g_free(sub);
	return !filled || c ? 0 : -1;
}

int bench_charts_correlate(const struct table *t, const size_t *vars, size_t nvars,
			   const struct selection *sel, double conf, struct result_set *rs,
			   const char *const *kinds, const struct chart_opts *o,
			   struct chart_set *cs, struct diag *d)
{
	const struct result_table *ct = result_set_find(rs, "correlations");

	if (!ct || result_rows(ct) == 0)
		return 0;
	if (chart_set_wants(kinds, "scatter") && corr_scatter(t, ct, conf, sel, o, cs, d) < 0)
		return -1;
	if (nvars >= 3 && chart_set_wants(kinds, "heatmap") &&
	    corr_heatmap(t, vars, nvars, ct, sel, o, cs, d) < 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ regress */

int bench_charts_regress(const struct table *t, size_t ycol, double conf,
			 const char *cluster_name, const struct selection *sel,
			 struct result_set *rs, const char *const *kinds,
			 const struct chart_opts *o, struct chart_set *cs, struct diag *d)
{
	const struct result_table *rt = result_set_find(rs, "regression");
	const struct result_table *mt = result_set_find(rs, "model");
	enum chart_locale loc = loc_of(o);
	struct chart_coef_spec s;
	struct chart *c = NULL;
	const char **terms;
	double *est, *lo, *hi, r2, n;
	size_t k = 0, dropped = 0, rows;
	const char *vcov;
	char *ny, *py, *title, *sub, *axis;
	char b1[CHART_NUMBER_SIZE], b2[CHART_NUMBER_SIZE];
	GString *note;

	if (!rt || !chart_set_wants(kinds, "coef"))
		return 0;
	rows = result_rows(rt);
	terms = g_new0(const char *, rows + 1);
	est = g_new(double, rows + 1);
	lo = g_new(double, rows + 1);
	hi = g_new(double, rows + 1);
	for (size_t i = 0; i < rows; i++) {
		const char *term = text_at(rt, i, "term");

		if (!term || strcmp(term, "(intercept)") == 0)
			continue;
		if (!isfinite(num_at(rt, i, "estimate"))) {
			dropped++;
			continue;
		}
		terms[k] = term;
		est[k] = num_at(rt, i, "estimate");
		lo[k] = num_at(rt, i, "ci_low");
		hi[k] = num_at(rt, i, "ci_high");
		k++;
	}
	ny = nice_name(t->cols[ycol].name);
	py = plain_name(t->cols[ycol].name);
	title = with_context(o, is_tr(o) ? g_strdup_printf("%s üzerindeki etkiler", ny)
				       : g_strdup_printf("Effects on %s", py));
	sub = g_strdup_printf(is_tr(o) ? "EKK tahminleri ve %s; sabit terim gösterilmiyor"
				       : "OLS estimates with %s; the intercept is not shown",
			      ci_word(conf, loc, b1));
	axis = is_tr(o) ? g_strdup_printf("%s üzerindeki etki", t->cols[ycol].name)
			: g_strdup_printf("Effect on %s", t->cols[ycol].name);
	/* the caption: kind of standard error, R², terms left out */
	note = g_string_new(NULL);
	vcov = text_at(mt, 0, "vcov");
	if (vcov && strcmp(vcov, "cluster") == 0)
		g_string_append_printf(note, is_tr(o) ? "Standart hatalar %s kümelerine göre"
					       : "Standard errors clustered by %s",
				       cluster_name ? cluster_name : "cluster");
	else if (vcov && strcmp(vcov, "hc1") == 0)
		g_string_append(note, is_tr(o) ? "Değişen varyansa dayanıklı (HC1) standart hatalar"
					       : "Heteroskedasticity-robust (HC1) standard errors");
	else
		g_string_append(note, is_tr(o) ? "Klasik EKK standart hataları"
					       : "Classic OLS standard errors");
	r2 = num_at(mt, 0, "r2");
	if (!isnan(r2))
		g_string_append_printf(note, ". R\xc2\xb2 = %s",
				       fnum(r2, r2 < 0.1 ? 3 : 2, loc, b2));
	if (dropped)
		g_string_append_printf(note, is_tr(o) ? ". Tahmini olmayan %zu terim gösterilmiyor"
					       : ". %zu term%s without an estimate not shown",
				       dropped, is_tr(o) ? "" : dropped == 1 ? "" : "s");
	n = num_at(mt, 0, "n");
	memset(&s, 0, sizeof s);
	base_labels(&s.labels, o, sel);
	s.labels.title = title;
	s.labels.subtitle = sub;
	s.labels.y_title = axis;
	s.labels.unit = col_unit(t, ycol, o);
	s.labels.n = isnan(n) ? 0 : (size_t)n;
	s.locale = loc;
	s.n = k;
	s.terms = terms;
	s.estimate = est;
	s.ci_low = lo;
	s.ci_high = hi;
	s.conf = conf;
	s.value_labels = k <= 15;
	s.decimals = -1;
	if (k) {
		c = chart_coef_build(&s, d);
		if (c)
			chart_compose_caption(c, &s.labels, note->str);
		c = checked(c, d);
		if (c)
			set_add(cs, NULL, "coef", c);
	}
	g_free(terms);
	g_free(est);
	g_free(lo);
	g_free(hi);
	g_free(ny);
	g_free(py);
	g_free(title);
	g_free(sub);
	g_free(axis);
	g_string_free(note, TRUE);
	return !k || c ? 0 : -1;
}

/* ------------------------------------------------------------ peers */

/* The units of one peer group and their values. */
struct peerset {
	struct groups ug;       /* all units (bench_collect_units) */
	size_t nu, nind;
	const char **units;     /* nu names, borrowed from ug */
	double *x;              /* nu x nind raw values */
	long focal;             /* index among the nu units, or -1 */
	char *group;            /* "sector = food", or NULL for all units */
};

static void peerset_release(struct peerset *ps)
{
	groups_release(&ps->ug);
	g_free(ps->units);
	g_free(ps->x);
	g_free(ps->group);
}

/* Text of a peer-group cell (a category or a number), NULL when missing. */
static const char *group_key(const struct table *t, size_t col, size_t row, char *buf)
{
	const struct column *c = &t->cols[col];

	if (col_type_is_numeric(c->type)) {
		if (isnan(column_value(c, row)))
			return NULL;
		num_format(column_value(c, row), buf, NUM_FORMAT_SIZE);
		return buf;
	}
	return table_cell_text(t, col, row);
}

/* 1 with ps filled, 0 when no chart can be drawn (warning in rs), -1 error. */
static int peer_collect(const struct table *t, const struct peers_opts *po,
			const struct selection *sel, struct result_set *rs, struct peerset *ps,
			struct diag *d)
{
	const char **label_of = g_new0(const char *, t->nrows ? t->nrows : 1);
	char **keys;
	char buf[NUM_FORMAT_SIZE];
	const char *want = NULL;
	long focus = -1;
	size_t no_unit = 0, n;
	int rc = 0;

	memset(ps, 0, sizeof *ps);
	ps->focal = -1;
	if (bench_collect_units(t, po->unit, sel, &ps->ug, label_of, &no_unit, d) < 0) {
		g_free(label_of);
		return -1;
	}
	g_free(label_of);
	n = ps->ug.ngroups;
	keys = g_new0(char *, n + 1);
	for (size_t g = 0; g < n; g++) {
		size_t row = ps->ug.rows[ps->ug.start[g]];
		const char *k = po->group >= 0 ? group_key(t, (size_t)po->group, row, buf) : "";

		keys[g] = k ? g_strdup(k) : NULL;
		if (po->focus && strcmp(ps->ug.labels[g], po->focus) == 0)
			focus = (long)g;
	}
	if (po->focus && focus < 0)
		goto out; /* bench_peers has refused it already */
	if (focus >= 0) {
		want = keys[focus];
		if (!want)
			goto out; /* the focal unit has no peer group */
	} else if (po->group >= 0) {
		for (size_t g = 0; g < n; g++) {
			if (!keys[g])
				continue;
			if (want && strcmp(want, keys[g]) != 0) {
				warn(rs, "peers charts show one peer group: with several values of "
				     "--peer-group, name a unit with --focus");
				goto out;
			}
			want = keys[g];
		}
		if (!want)
			goto out;
	}
	ps->nind = po->nind;
	ps->units = g_new(const char *, n ? n : 1);
	ps->x = g_new(double, (n ? n : 1) * (po->nind ? po->nind : 1));
	for (size_t g = 0; g < n; g++) {
		size_t row = ps->ug.rows[ps->ug.start[g]];

		if (!keys[g] || (want && strcmp(keys[g], want) != 0))
			continue;
		if ((long)g == focus)
			ps->focal = (long)ps->nu;
		ps->units[ps->nu] = ps->ug.labels[g];
		for (size_t j = 0; j < po->nind; j++)
			ps->x[ps->nu * po->nind + j] = column_value(&t->cols[po->indicators[j]], row);
		ps->nu++;
	}
	if (po->group >= 0 && want)
		ps->group = g_strdup_printf("%s = %s", t->cols[po->group].name, want);
	rc = ps->nu > 0;
out:
	for (size_t g = 0; g < n; g++)
		g_free(keys[g]);
	g_free(keys);
	return rc;
}

/* "Peer group: all 20 units" / "Peer group: sector = food (6 units)". */
static char *peer_subtitle(const struct peerset *ps, const struct chart_opts *o)
{
	if (ps->group)
		return g_strdup_printf(is_tr(o) ? "Akran grubu: %s (%zu birim)"
					       : "Peer group: %s (%zu units)", ps->group, ps->nu);
	return g_strdup_printf(is_tr(o) ? "Akran grubu: tüm %zu birim" : "Peer group: all %zu units",
			       ps->nu);
}

/* "all 20 units" / "sector = food (6 units)" for the caption's reference. */
static char *peer_group_text(const struct peerset *ps, const struct chart_opts *o)
{
	if (ps->group)
		return g_strdup_printf(is_tr(o) ? "akran grubu %s (%zu birim)"
					       : "peer group %s (%zu units)", ps->group, ps->nu);
	return g_strdup_printf(is_tr(o) ? "tüm %zu birimlik akran grubu"
				       : "peer group of all %zu units", ps->nu);
}

/* The title of a peers chart: "FOCUS among peers: WHAT" or "WHAT by UNIT";
 * the run's context is left out when it is the focal unit. */
static char *peer_title(const struct peers_opts *po, const struct table *t, const char *what,
			const char *what_tr, const struct chart_opts *o)
{
	char *s;

	if (po->focus)
		s = is_tr(o) ? g_strdup_printf("%s, akranları arasında: %s", po->focus, what_tr)
			     : g_strdup_printf("%s among its peers: %s", po->focus, what);
	else if (what)
		s = is_tr(o) ? g_strdup_printf("%s " EN_DASH " %s", what_tr, t->cols[po->unit].name)
			     : g_strdup_printf("%s by %s", what, t->cols[po->unit].name);
	else
		s = g_strdup("");
	if (po->focus && o && o->context && strcmp(o->context, po->focus) == 0)
		return s;
	return with_context(o, s);
}

static int peer_dotstrips(const struct table *t, const struct peers_opts *po,
			  const struct peerset *ps, const struct selection *sel,
			  const struct chart_opts *o, struct chart_set *cs, struct diag *d)
{
	double *v = g_new(double, ps->nu), *work = g_new(double, ps->nu);
	int rc = 0;

	for (size_t j = 0; j < po->nind && rc == 0; j++) {
		const char *name = t->cols[po->indicators[j]].name;
		int dir = po->direction ? po->direction[j] : 1;
		struct bench_peer_stats st;
		struct chart_dotstrip_spec s;
		struct chart *c;
		char *what, *title, *sub;

		for (size_t u = 0; u < ps->nu; u++)
			v[u] = ps->x[u * ps->nind + j];
		if (bench_peer_stats(v, ps->nu, dir, work, &st, d) < 0) {
			rc = -1;
			break;
		}
		if (st.n == 0)
			continue; /* nothing to rank */
		what = po->focus ? plain_name(name) : nice_name(name);
		title = peer_title(po, t, what, what, o);
		sub = peer_subtitle(ps, o);
		memset(&s, 0, sizeof s);
		base_labels(&s.labels, o, sel);
		s.labels.title = title;
		s.labels.subtitle = sub;
		s.labels.x_title = t->cols[po->unit].name;
		s.labels.y_title = name;
		s.labels.unit = col_unit(t, po->indicators[j], o);
		s.labels.n = st.n;
		s.locale = loc_of(o);
		s.style = CHART_DOTSTRIP_DOTS;
		s.n = ps->nu;
		s.units = ps->units;
		s.value = v;
		s.direction = dir;
		s.focal = ps->focal;
		s.peer_median = st.median;
		s.value_labels = ps->nu <= 25;
		s.decimals = -1;
		c = checked(chart_dotstrip_build(&s, d), d);
		if (c)
			set_add(cs, po->nind > 1 ? name : NULL, "dotstrip", c);
		else
			rc = -1;
		g_free(what);
		g_free(title);
		g_free(sub);
	}
	g_free(v);
	g_free(work);
	return rc;
}

/* Directed z-scores (nu x nind) and the focal unit's percentiles (nind). */
static int peer_positions(const struct peers_opts *po, const struct peerset *ps, double *z,
			  double *pct, struct diag *d)
{
	double *v = g_new(double, ps->nu), *work = g_new(double, ps->nu);
	int rc = 0;

	for (size_t j = 0; j < ps->nind; j++) {
		int dir = po->direction ? po->direction[j] : 1;
		struct bench_peer_stats st;

		for (size_t u = 0; u < ps->nu; u++)
			v[u] = ps->x[u * ps->nind + j];
		if (bench_peer_stats(v, ps->nu, dir, work, &st, d) < 0) {
			rc = -1;
			break;
		}
		pct[j] = NAN;
		for (size_t u = 0; u < ps->nu; u++) {
			struct bench_position p;

			bench_peer_position(dir, v[u], &st, &p);
			z[u * ps->nind + j] = p.z;
			if ((long)u == ps->focal)
				pct[j] = p.percentile;
		}
	}
	g_free(v);
	g_free(work);
	return rc;
}

struct zorder {
	size_t unit;
	double mean;
};

/* Best mean z first, units without any z last; ties keep the units' order. */
static int zorder_cmp(const void *a, const void *b)
{
	const struct zorder *x = a, *y = b;

	if (isnan(x->mean) != isnan(y->mean))
		return isnan(x->mean) ? 1 : -1;
	if (!isnan(x->mean) && x->mean != y->mean)
		return x->mean > y->mean ? -1 : 1;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* "Lower is better: a, b" for the caption, or NULL. g_free. */
static char *lower_note(const struct table *t, const struct peers_opts *po,
			const struct chart_opts *o)
{
	GString *s = NULL;

	for (size_t j = 0; po->direction && j < po->nind; j++) {
		if (po->direction[j] >= 0)
			continue;
		if (!s)
			s = g_string_new(is_tr(o) ? "Düşük olan daha iyi: " : "Lower is better: ");
		else
			g_string_append(s, ", ");
		g_string_append(s, t->cols[po->indicators[j]].name);
	}
	return s ? g_string_free(s, FALSE) : NULL;
}

static int peer_heatmap(const struct table *t, const struct peers_opts *po,
			const struct peerset *ps, const double *z, const struct selection *sel,
			const struct chart_opts *o, struct chart_set *cs, struct diag *d)
{
	struct zorder *ord = g_new(struct zorder, ps->nu);
	const char **rows = g_new(const char *, ps->nu);
	char **cols = g_new0(char *, ps->nind + 1);
	double *zz = g_new(double, ps->nu * ps->nind);
	struct chart_heatmap_spec s;
	struct chart *c = NULL;
	char *title, *sub, *note, *grp;
	long focal = -1;
	size_t finite = 0;

	for (size_t u = 0; u < ps->nu; u++) {
		double sum = 0;
		size_t k = 0;

		for (size_t j = 0; j < ps->nind; j++)
			if (!isnan(z[u * ps->nind + j])) {
				sum += z[u * ps->nind + j];
				k++;
			}
		ord[u].unit = u;
		ord[u].mean = k ? sum / (double)k : NAN;
		finite += k;
	}
	qsort(ord, ps->nu, sizeof *ord, zorder_cmp);
	for (size_t r = 0; r < ps->nu; r++) {
		rows[r] = ps->units[ord[r].unit];
		if ((long)ord[r].unit == ps->focal)
			focal = (long)r;
		memcpy(zz + r * ps->nind, z + ord[r].unit * ps->nind, ps->nind * sizeof *zz);
	}
	for (size_t j = 0; j < ps->nind; j++)
		cols[j] = plain_name(t->cols[po->indicators[j]].name);
	if (po->focus)
		title = peer_title(po, t, "z-scores", "z-skorları", o);
	else
		title = with_context(o, g_strdup(is_tr(o) ? "Akranlar arasındaki konum: z-skorları"
							  : "Position among peers: z-scores"));
	sub = g_strdup(is_tr(o) ? "Yönlü z-skorları: pozitif = akran ortalamasından iyi; en iyi "
				  "ortalama üstte"
				: "Directed z-scores: positive = better than the peer mean; best "
				  "average first");
	note = lower_note(t, po, o);
	grp = peer_group_text(ps, o);
	memset(&s, 0, sizeof s);
	base_labels(&s.labels, o, sel);
	s.labels.title = title;
	s.labels.subtitle = sub;
	s.labels.reference = grp;
	s.labels.n = ps->nu;
	s.locale = loc_of(o);
	s.n_rows = ps->nu;
	s.n_cols = ps->nind;
	s.rows = rows;
	s.cols = (const char *const *)cols;
	s.z = zz;
	s.focal = focal;
	if (finite) {
		c = chart_heatmap_build(&s, d);
		if (c && note) {
			/* the builder's own note (missing cells, capping) stays first */
			char *cap = c->caption ? g_strdup(c->caption) : NULL;
			size_t len = cap ? strlen(cap) : 0;

			if (cap && len && cap[len - 1] == '.')
				cap[len - 1] = '\0';
			chart_set_stringf(c, &c->caption, "%s%s%s.", cap ? cap : "", cap ? ". " : "",
					  note);
			g_free(cap);
		}
		c = checked(c, d);
		if (c)
			set_add(cs, NULL, "heatmap", c);
	}
	g_free(ord);
	g_free(rows);
	g_strfreev(cols);
	g_free(zz);
	g_free(title);
	g_free(sub);
	g_free(note);
	g_free(grp);
	return !finite || c ? 0 : -1;
}

static int peer_radar(const struct table *t, const struct peers_opts *po,
		      const struct peerset *ps, const double *pct, const struct selection *sel,
		      const struct chart_opts *o, struct chart_set *cs, struct diag *d)
{
	char **axes = g_new0(char *, ps->nind + 1);
	double *peer = g_new(double, ps->nind);
	struct chart_radar_spec s;
	struct chart *c;
	char *title, *sub, *grp;

	for (size_t j = 0; j < ps->nind; j++) {
		axes[j] = plain_name(t->cols[po->indicators[j]].name);
		peer[j] = 50;
	}
	title = peer_title(po, t, "percentile profile", "yüzdelik profil", o);
	sub = g_strdup(is_tr(o) ? "Akranlar içinde yüzdelik sıra: 100 = en iyi, akran medyanı = 50"
				: "Percentile rank among the peers: 100 = best, peer median = 50");
	grp = peer_group_text(ps, o);
	memset(&s, 0, sizeof s);
	base_labels(&s.labels, o, sel);
	s.labels.title = title;
	s.labels.subtitle = sub;
	s.labels.reference = grp;
	s.labels.n = ps->nu;
	s.locale = loc_of(o);
	s.n_axes = ps->nind;
	s.axes = (const char *const *)axes;
	s.value = pct;
	s.unit_name = po->focus;
	s.peer = peer;
	c = checked(chart_radar_build(&s, d), d);
	if (c)
		set_add(cs, NULL, "radar", c);
	g_strfreev(axes);
	g_free(peer);
	g_free(title);
	g_free(sub);
	g_free(grp);
	return c ? 0 : -1;
}

int bench_charts_peers(const struct table *t, const struct peers_opts *po,
		       const struct selection *sel, struct result_set *rs,
		       const char *const *kinds, const struct chart_opts *o,
		       struct chart_set *cs, struct diag *d)
{
	struct peerset ps;
	double *z = NULL, *pct = NULL;
	int rc, radar = 0;

	if (!chart_set_wants(kinds, "dotstrip") && !chart_set_wants(kinds, "heatmap") &&
	    !chart_set_wants(kinds, "radar"))
		return 0;
	rc = peer_collect(t, po, sel, rs, &ps, d);
	if (rc <= 0) {
		peerset_release(&ps);
		return rc;
	}
	rc = 0;
	if (chart_set_wants(kinds, "dotstrip"))
		rc = peer_dotstrips(t, po, &ps, sel, o, cs, d);
	if (rc == 0 && (chart_set_wants(kinds, "heatmap") || chart_set_wants(kinds, "radar"))) {
		z = g_new(double, ps.nu * ps.nind);
		pct = g_new(double, ps.nind);
		rc = peer_positions(po, &ps, z, pct, d);
	}
	if (rc == 0 && chart_set_wants(kinds, "heatmap"))
		rc = peer_heatmap(t, po, &ps, z, sel, o, cs, d);
	if (rc == 0 && chart_set_wants(kinds, "radar") && ps.focal >= 0 && ps.nind >= 3 &&
	    ps.nind <= 8) {
		radar = 1;
		for (size_t j = 0; j < ps.nind; j++)
			radar &= !isnan(pct[j]);
		if (!radar)
			warn(rs, "no radar chart: the focal unit lacks a value of an indicator");
		else
			rc = peer_radar(t, po, &ps, pct, sel, o, cs, d);
	}
	g_free(z);
	g_free(pct);
	peerset_release(&ps);
	return rc;
}

/* ------------------------------------------------------------ composite */

int bench_charts_composite(const struct table *t, const struct composite_opts *co,
			   const struct selection *sel, struct result_set *rs,
			   const char *const *kinds, const struct chart_opts *o,
			   struct chart_set *cs, struct diag *d)
{
	const struct result_table *ct = result_set_find(rs, "composite");
	const struct result_table *ut = result_set_find(rs, "composite_uncertainty");
	enum chart_locale loc = loc_of(o);
	char *how;
	int rc = 0;

	if (!ct || result_rows(ct) == 0)
		return 0;
	how = g_strdup_printf(is_tr(o) ? "%zu gösterge; normalleştirme: %s; birleştirme: %s; %s"
				       : "%zu indicators, %s normalisation, %s aggregation, %s",
			      co->nind, bench_norm_name(co->norm), bench_agg_name(co->agg),
			      co->weights ? (is_tr(o) ? "verilen ağırlıklar" : "given weights")
					  : (is_tr(o) ? "eşit ağırlıklar" : "equal weights"));
	if (chart_set_wants(kinds, "bar")) {
		size_t n = result_rows(ct), scored = 0;
		const char **units = g_new0(const char *, n + 1);
		double *score = g_new(double, n + 1);
		struct chart_dotstrip_spec s;
		struct chart *c;
		char *title;

		for (size_t i = 0; i < n; i++) {
			units[i] = text_at(ct, i, "unit") ? text_at(ct, i, "unit") : "";
			score[i] = num_at(ct, i, "score");
			scored += !isnan(score[i]);
		}
		title = with_context(o, g_strdup(is_tr(o) ? "Bileşik endeks puanları"
							  : "Composite index scores"));
		memset(&s, 0, sizeof s);
		base_labels(&s.labels, o, sel);
		s.labels.title = title;
		s.labels.subtitle = how;
		s.labels.x_title = t->cols[co->unit].name;
		s.labels.y_title = is_tr(o) ? "Puan" : "Score";
		s.labels.n = scored;
		s.locale = loc;
		s.style = CHART_DOTSTRIP_BARS;
		s.n = n;
		s.units = units;
		s.value = score;
		s.direction = 1;
		s.focal = -1;
		s.peer_median = NAN;
		s.median_label = is_tr(o) ? "Medyan" : "Median";
		s.value_labels = n <= 30;
		/* z-scores are small numbers around 0: 1 decimal would print
		 * most of them alike */
		s.decimals = co->norm == BENCH_NORM_ZSCORE ? 2 : -1;
		c = scored ? checked(chart_dotstrip_build(&s, d), d) : NULL;
		if (c)
			set_add(cs, NULL, "bar", c);
		else if (scored)
			rc = -1;
		g_free(units);
		g_free(score);
		g_free(title);
	}
	if (rc == 0 && ut && co->draws > 0 && chart_set_wants(kinds, "rank")) {
		size_t n = result_rows(ut), k = 0;
		const char **units = g_new0(const char *, n + 1);
		double *nom = g_new(double, n + 1), *med = g_new(double, n + 1);
		double *p05 = g_new(double, n + 1), *p95 = g_new(double, n + 1);
		char b1[CHART_NUMBER_SIZE];
		struct chart_rank_spec s;
		struct chart *c = NULL;
		char *title, *sub;

		for (size_t i = 0; i < n; i++) {
			double a = num_at(ut, i, "nominal_rank"), b = num_at(ut, i, "median_rank");
			double lo = num_at(ut, i, "rank_p05"), hi = num_at(ut, i, "rank_p95");

			if (!isfinite(a) || !isfinite(b) || !isfinite(lo) || !isfinite(hi))
				continue;
			units[k] = text_at(ut, i, "unit") ? text_at(ut, i, "unit") : "";
			nom[k] = a;
			med[k] = b;
			p05[k] = lo;
			p95[k] = hi;
			k++;
		}
		title = with_context(o, g_strdup(is_tr(o)
						 ? "Bileşik endeks sıralamasının belirsizliği"
						 : "Rank uncertainty of the composite index"));
		sub = g_strdup_printf(is_tr(o) ? "Her çekilişte ağırlıklar \xc2\xb1%s rastgele "
						 "değiştirildi%s"
					       : "Each draw varies the weights at random by "
						 "\xc2\xb1%s%s",
				      fpct(co->noise * 100, 0, 0, loc, b1),
				      !co->vary_method ? "" : is_tr(o) ? ", yöntemler de"
								       : ", and the methods");
		memset(&s, 0, sizeof s);
		base_labels(&s.labels, o, sel);
		s.labels.title = title;
		s.labels.subtitle = sub;
		s.labels.x_title = t->cols[co->unit].name;
		s.labels.n = k;
		s.locale = loc;
		s.n = k;
		s.units = units;
		s.nominal = nom;
		s.median = med;
		s.p05 = p05;
		s.p95 = p95;
		s.focal = -1;
		s.n_draws = co->draws;
		if (k) {
			c = checked(chart_rank_build(&s, d), d);
			if (c)
				set_add(cs, NULL, "rank", c);
			else
				rc = -1;
		}
		g_free(units);
		g_free(nom);
		g_free(med);
		g_free(p05);
		g_free(p95);
		g_free(title);
		g_free(sub);
	}
	g_free(how);
	return rc;
}

/* ------------------------------------------------------------ provinces */

/* "Welch ANOVA: F(4, 301.9) = 10.09, p < 0.001" of an indicator, or NULL. */
static char *welch_note(const struct result_set *rs, const char *variable, enum chart_locale loc)
{
	const struct result_table *tt = result_set_find(rs, "tests");
	char b1[CHART_NUMBER_SIZE], b2[CHART_NUMBER_SIZE], b3[CHART_NUMBER_SIZE];
	char b4[CHART_NUMBER_SIZE];

	for (size_t r = 0; tt && r < result_rows(tt); r++) {
		const char *test = text_at(tt, r, "test"), *var = text_at(tt, r, "variable");
		double st = num_at(tt, r, "statistic"), d1 = num_at(tt, r, "df1");
		double d2 = num_at(tt, r, "df2"), p = num_at(tt, r, "p");

		if (!test || !var || strcmp(test, "welch_anova_f") || strcmp(var, variable) ||
		    isnan(st) || isnan(d1) || isnan(d2) || isnan(p))
			continue;
		return g_strdup_printf("Welch ANOVA: F(%s, %s) = %s, %s", fnum(d1, 0, loc, b1),
				       fnum(d2, 1, loc, b2), fnum(st, 2, loc, b3), fp(p, loc, b4));
	}
	return NULL;
}

static int province_bar(const struct table *t, const struct provinces_opts *po, size_t v,
			const struct selection *sel, struct result_set *rs,
			const struct chart_opts *o, struct chart_set *cs, struct diag *d)
{
	const struct result_table *pt = result_set_find(rs, "province_benchmark");
	const char *name = t->cols[po->values[v]].name;
	enum chart_locale loc = loc_of(o);
	size_t rows = pt ? result_rows(pt) : 0, k = 0, total = 0, nref = 0;
	const char **cats = g_new0(const char *, rows + 1);
	size_t *catn = g_new0(size_t, rows + 1);
	double *mean = g_new(double, rows + 1), *lo = g_new(double, rows + 1);
	double *hi = g_new(double, rows + 1), pilot = NAN, national = NAN;
	struct chart_ref_spec refs[2];
	struct chart_bar_spec s;
	struct chart *c = NULL;
	char *nv, *title, *sub, *note;
	int rc = 0;

	for (size_t r = 0; r < rows; r++) {
		const char *ind = text_at(pt, r, "indicator");
		double n = num_at(pt, r, "n");

		if (!ind || strcmp(ind, name) != 0)
			continue;
		cats[k] = text_at(pt, r, "province") ? text_at(pt, r, "province") : "";
		catn[k] = isnan(n) ? 0 : (size_t)n;
		total += catn[k];
		mean[k] = num_at(pt, r, "mean");
		lo[k] = num_at(pt, r, "ci_low");
		hi[k] = num_at(pt, r, "ci_high");
		if (isnan(pilot))
			pilot = num_at(pt, r, "pilot_mean");
		if (isnan(national))
			national = num_at(pt, r, "national");
		k++;
	}
	nv = nice_name(name);
	title = with_context(o, is_tr(o) ? g_strdup_printf("%s " EN_DASH " %s", nv,
							   t->cols[po->province].name)
				       : g_strdup_printf("%s by %s", nv, t->cols[po->province].name));

	if (!isnan(pilot)) {
		refs[nref].value = pilot;
		refs[nref].label = is_tr(o) ? "Pilot referansı" : "Pilot reference";
		refs[nref].show_value = 1;
		nref++;
	}
	if (!isnan(national)) {
		refs[nref].value = national;
		refs[nref].label = is_tr(o) ? "Ulusal" : "National";
		refs[nref].show_value = 1;
		nref++;
	}
	{
		char b[CHART_NUMBER_SIZE];

		sub = g_strdup_printf(is_tr(o) ? "Ortalama ve %s; kesikli çizgi: pilot referansı%s"
					       : "Mean with %s; dashed line: pilot reference%s",
				      ci_word(po->conf, loc, b),
				      nref < 2 ? "" : is_tr(o) ? "; noktalı çizgi: ulusal değer"
							       : "; dotted line: national value");
	}
	note = welch_note(rs, name, loc);
	memset(&s, 0, sizeof s);
	base_labels(&s.labels, o, sel);
	s.labels.title = title;
	s.labels.subtitle = sub;
	s.labels.x_title = t->cols[po->province].name;
	s.labels.y_title = name;
	s.labels.unit = col_unit(t, po->values[v], o);
	s.labels.n = total;
	s.labels.reference = po->reference == BENCH_REF_POOLED
		? (is_tr(o) ? "tüm değerlerin ortalaması" : "mean of all values")
		: (is_tr(o) ? "il ortalamalarının ortalaması" : "mean of the province means");
	s.locale = loc;
	s.n_categories = k;
	s.categories = cats;
	s.category_n = catn;
	s.n_series = 1;
	s.value = mean;
	s.ci_low = lo;
	s.ci_high = hi;
	s.refs = refs;
	s.n_refs = nref;
	s.focal = -1;
	s.value_labels = k <= 12;
	s.decimals = -1;
	if (k) {
		c = chart_bar_build(&s, d);
		/* the national line apart from the pilot reference: dotted */
		if (c && nref == 2 && c->n_refs && c->refs[c->n_refs - 1]->value == national)
			c->refs[c->n_refs - 1]->dash = CHART_DASH_DOTTED;
		if (c && note)
			chart_compose_caption(c, &s.labels, note);
		c = checked(c, d);
		if (c)
			set_add(cs, po->nvalues > 1 ? name : NULL, "bar", c);
		else
			rc = -1;
	}
	g_free(cats);
	g_free(catn);
	g_free(mean);
	g_free(lo);
	g_free(hi);
	g_free(nv);
	g_free(title);
	g_free(sub);
	g_free(note);
	return rc;
}

int bench_charts_provinces(const struct table *t, const struct provinces_opts *po,
			   const struct selection *sel, struct result_set *rs,
			   const char *const *kinds, const struct chart_opts *o,
			   struct chart_set *cs, struct diag *d)
{
	for (size_t v = 0; v < po->nvalues; v++) {
		const char *name = t->cols[po->values[v]].name;

		if (chart_set_wants(kinds, "bar") && province_bar(t, po, v, sel, rs, o, cs, d) < 0)
			return -1;
		if (chart_set_wants(kinds, "box")) {
			char *nv = nice_name(name);
			char *title = with_context(o, is_tr(o)
				? g_strdup_printf("%s " EN_DASH " %s", nv, t->cols[po->province].name)
				: g_strdup_printf("%s by %s", nv, t->cols[po->province].name));
			char *note = welch_note(rs, name, loc_of(o));
			size_t before = cs->n;
			int rc = analysis_chart_box(t, po->values[v], po->province, sel, o, title, note,
						    cs, d);

			g_free(nv);
			g_free(title);
			g_free(note);
			if (rc < 0)
				return -1;
			if (po->nvalues > 1 && cs->n > before) {
				char *part = name_part(name);
				char *nn = g_strdup_printf("%s-%s", part, cs->items[cs->n - 1].name);

				g_free(part);
				g_free(cs->items[cs->n - 1].name);
				cs->items[cs->n - 1].name = nn;
			}
		}
	}
	return 0;
}

/* ------------------------------------------------------------ regional */

/* The reference economy's name in the locale: bench_regional writes
 * "total of 81 regions" (or a region's name, kept). g_free. */
static char *ref_name(const char *name, const struct chart_opts *o)
{
	unsigned long n;
	char rest[16];

	if (!name)
		return NULL;
	if (is_tr(o) && sscanf(name, "total of %lu region%15s", &n, rest) >= 1)
		return g_strdup_printf("%lu bölgenin toplamı", n);
	return g_strdup(name);
}

/* Start-year values by "region\x1fsector" (labels as table_group makes
 * them, the same as the result tables'): a hash to indexes into *vals. */
static GHashTable *start_values(const struct table *t, const struct regional_opts *ro,
				const struct selection *sel, double **vals, struct diag *d)
{
	unsigned char *keep = g_new0(unsigned char, t->nrows ? t->nrows : 1);
	size_t by[2] = { ro->region, ro->sector };
	struct groups g;
	GHashTable *h;

	for (size_t r = 0; r < t->nrows; r++)
		keep[r] = (!sel || !sel->keep || sel->keep[r]) &&
			  column_value(&t->cols[ro->year], r) == ro->from;
	if (table_group(t, by, 2, keep, &g, d) < 0) {
		g_free(keep);
		return NULL;
	}
	g_free(keep);
	h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	*vals = g_new(double, g.ngroups + 1);
	for (size_t i = 0; i < g.ngroups; i++) {
		double sum = 0;

		/* bench_regional has refused duplicate rows: one row a cell */
		for (size_t k = g.start[i]; k < g.start[i + 1]; k++)
			sum += column_value(&t->cols[ro->value], g.rows[k]);
		(*vals)[i] = sum;
		g_hash_table_insert(h, g_strdup_printf("%s\x1f%s", g.labels[2 * i],
						       g.labels[2 * i + 1]),
				    GSIZE_TO_POINTER(i + 1));
	}
	groups_release(&g);
	return h;
}

/* Redraws axis a over [lo, hi] with 3 % room at both ends, as the scatter
 * builder draws its axes. */
static int re_axis(struct chart *c, struct chart_axis *a, double lo, double hi, struct diag *d)
{
	double pad;

	a->n_ticks = 0;
	if (chart_axis_auto(c, a, lo, hi, 6, 0, d) < 0)
		return -1;
	pad = 0.03 * (a->max - a->min);
	a->min -= pad;
	a->max += pad;
	return 0;
}

/* Specialised sectors (LQ >= threshold) in vermillion, with a legend. */
static void mark_specialised(struct chart *c, double threshold, enum chart_locale loc)
{
	struct chart_color hot = chart_rgb(0xD55E00), other = chart_rgb(0x0072B2);
	char num[SHORT_NUMBER], label[128];
	struct chart_legend_entry *e;
	size_t hits = 0;

	for (size_t i = 0; i < c->n_marks; i++) {
		struct chart_mark *m = c->marks[i];

		if (m->kind != CHART_MARK_POINT || !(m->pts[0].x >= threshold))
			continue;
		hot.a = m->fill.a;
		m->fill = hot;
		hits++;
	}
	if (!hits)
		return;
	/* their labels matter most: placed first (the renderer places point
	 * labels in the order of the marks, each where it hides nothing) */
	{
		size_t *slot = g_new(size_t, c->n_marks), ns = 0, k = 0;
		struct chart_mark **order = g_new(struct chart_mark *, c->n_marks);

		for (size_t i = 0; i < c->n_marks; i++)
			if (c->marks[i]->kind == CHART_MARK_TEXT &&
			    c->marks[i]->optional == CHART_OPTIONAL_EACH)
				slot[ns++] = i;
		for (size_t i = 0; i < ns; i++)
			if (c->marks[slot[i]]->pts[0].x >= threshold)
				order[k++] = c->marks[slot[i]];
		for (size_t i = 0; i < ns; i++)
			if (!(c->marks[slot[i]]->pts[0].x >= threshold))
				order[k++] = c->marks[slot[i]];
		for (size_t i = 0; i < ns; i++)
			c->marks[slot[i]] = order[i];
		g_free(slot);
		g_free(order);
	}
	chart_format_number(threshold, chart_decimals_needed(&threshold, 1), 1, loc, num,
			    sizeof num);
	snprintf(label, sizeof label, loc == CHART_LOCALE_TR ? "Uzmanlaşmış (LQ \xe2\x89\xa5 %s)"
			 : "Specialised (LQ \xe2\x89\xa5 %s)", num);
	e = chart_add_legend(c, CHART_SWATCH_POINT, label);
	if (e)
		e->fill = chart_rgb(0xD55E00);
	e = chart_add_legend(c, CHART_SWATCH_POINT,
			     loc == CHART_LOCALE_TR ? "Diğer sektörler" : "Other sectors");
	if (e)
		e->fill = other;
	c->legend_pos = CHART_LEGEND_TOP;
}

static int region_portfolio(const struct table *t, const struct regional_opts *ro,
			    const struct result_table *lt, const char *region, double national,
			    GHashTable *h, const double *vals, int several,
			    const struct selection *sel, const struct chart_opts *o,
			    struct chart_set *cs, struct diag *d)
{
	enum chart_locale loc = loc_of(o);
	size_t rows = result_rows(lt), n = 0;
	const char **labels = g_new0(const char *, rows + 1);
	double *x = g_new(double, rows + 1), *y = g_new(double, rows + 1);
	double xlo = 1, xhi = 1, ylo = NAN, yhi = NAN;
	char from[CHART_NUMBER_SIZE], to[CHART_NUMBER_SIZE], b1[CHART_NUMBER_SIZE];
	const char *refname = NULL;
	struct chart_scatter_spec s;
	struct chart *c = NULL;
	char *title, *sub, *xt, *yt, *refshow;
	size_t usable = 0;
	int rc = 0;

	fyear(ro->from, loc, from);
	fyear(ro->to, loc, to);
	for (size_t r = 0; r < rows; r++) {
		const char *reg = text_at(lt, r, "region"), *sec = text_at(lt, r, "sector");
		double e1 = num_at(lt, r, "value"), lq = num_at(lt, r, "lq"), e0 = NAN;
		char *key;
		gpointer hit;

		if (!reg || !sec || strcmp(reg, region) != 0)
			continue;
		refname = text_at(lt, r, "reference");
		key = g_strdup_printf("%s\x1f%s", reg, sec);
		hit = g_hash_table_lookup(h, key);
		g_free(key);
		if (hit)
			e0 = vals[GPOINTER_TO_SIZE(hit) - 1];
		labels[n] = sec;
		x[n] = lq;
		y[n] = e0 > 0 && !isnan(e1) ? 100 * (e1 / e0 - 1) : NAN;
		if (!isnan(x[n]) && !isnan(y[n])) {
			usable++;
			xlo = fmin(xlo, x[n]);
			xhi = fmax(xhi, x[n]);
			ylo = isnan(ylo) ? y[n] : fmin(ylo, y[n]);
			yhi = isnan(yhi) ? y[n] : fmax(yhi, y[n]);
		}
		n++;
	}
	if (!usable)
		goto out;
	if (!isnan(national)) {
		ylo = fmin(ylo, national);
		yhi = fmax(yhi, national);
	}
	title = with_context(o, is_tr(o)
		? g_strdup_printf("%s: sektörlere göre uzmanlaşma ve büyüme, %s" EN_DASH "%s", region,
				  from, to)
		: g_strdup_printf("%s: specialisation and growth by sector, %s" EN_DASH "%s", region,
				  from, to));
	if (!isnan(national))
		sub = g_strdup_printf(is_tr(o) ? "Sektör başına bir nokta; kesikli çizgiler: LQ = 1 "
						 "ve referans ekonominin büyümesi (%s)"
					       : "One point per sector; dashed lines: LQ = 1 and the "
						 "growth of the reference economy (%s)",
				      fpct(national, 1, 1, loc, b1));
	else
		sub = g_strdup(is_tr(o) ? "Sektör başına bir nokta; kesikli çizgi: LQ = 1"
					: "One point per sector; dashed line: LQ = 1");
	xt = g_strdup_printf(is_tr(o) ? "Lokasyon katsayısı (LQ), %s" : "Location quotient (LQ), %s",
			     to);
	yt = g_strdup_printf(is_tr(o) ? "%s değişimi, %s" EN_DASH "%s"
				      : "Change in %s, %s" EN_DASH "%s",
			     t->cols[ro->value].name, from, to);
	memset(&s, 0, sizeof s);
	base_labels(&s.labels, o, sel);
	s.labels.title = title;
	s.labels.subtitle = sub;
	s.labels.x_title = xt;
	s.labels.y_title = yt;
	s.labels.unit = "%";
	s.labels.reference = refshow = ref_name(refname, o);
	s.labels.n = usable;
	s.locale = loc;
	s.n = n;
	s.x = x;
	s.y = y;
	s.point_labels = labels;
	s.fit = 0;
	s.highlight = -1;
	c = chart_scatter_build(&s, d);
	/* room right of the points for the labels of the most specialised
	 * sectors, which are the ones a reader looks for */
	if (c && (re_axis(c, &c->x, xlo, xhi + 0.2 * (xhi - xlo), d) < 0 ||
		  re_axis(c, &c->y, ylo, yhi, d) < 0)) {
		chart_free(c);
		c = NULL;
	}
	if (c)
		mark_specialised(c, ro->lq_threshold, loc);
	if (c) {
		struct chart_refline *r = chart_add_refline(c, 'x', 1, "LQ = 1");

		if (r) {
			r->dash = CHART_DASH_DASHED;
			r->color = chart_rgb(0x444444);
			r->above = 0;
		}
		if (!isnan(national)) {
			r = chart_add_refline(c, 'y', national, fpct(national, 1, 1, loc, b1));
			if (r) {
				r->dash = CHART_DASH_DASHED;
				r->color = chart_rgb(0x444444);
				r->above = 0;
			}
		}
	}
	c = checked(c, d);
	if (c)
		set_add(cs, several ? region : NULL, "scatter", c);
	else
		rc = -1;
	g_free(title);
	g_free(sub);
	g_free(xt);
	g_free(yt);
	g_free(refshow);
out:
	g_free(labels);
	g_free(x);
	g_free(y);
	return rc;
}

static int shift_bars(const struct table *t, const struct regional_opts *ro,
		      const struct result_table *st, const struct selection *sel,
		      const struct chart_opts *o, struct chart_set *cs, struct diag *d)
{
	static const char *const comp[4] = { "national_share", "industry_mix", "regional_shift",
					     "change" };
	static const char *const names_en[4] = { "National share", "Industry mix",
						 "Regional shift", "Total change" };
	static const char *const names_tr[4] = { "Ulusal pay", "Sektör karması",
						 "Bölgesel kayma", "Toplam değişim" };
	enum chart_locale loc = loc_of(o);
	size_t n = result_rows(st), finite = 0;
	const char **cats = g_new0(const char *, n + 1);
	double *val = g_new(double, 4 * n + 1);
	char from[CHART_NUMBER_SIZE], to[CHART_NUMBER_SIZE];
	const char *refname = NULL;
	struct chart_bar_spec s;
	struct chart *c = NULL;
	char *title, *yt, *refshow;
	int rc = 0;

	fyear(ro->from, loc, from);
	fyear(ro->to, loc, to);
	for (size_t r = 0; r < n; r++) {
		cats[r] = text_at(st, r, "region") ? text_at(st, r, "region") : "";
		for (size_t k = 0; k < 4; k++) {
			val[4 * r + k] = num_at(st, r, comp[k]);
			finite += !isnan(val[4 * r + k]);
		}
		if (!refname)
			refname = text_at(st, r, "reference");
	}
	title = with_context(o, is_tr(o)
		? g_strdup_printf("%s değişiminin bileşenleri, %s" EN_DASH "%s",
				  t->cols[ro->value].name, from, to)
		: g_strdup_printf("Shift-share of %s, %s" EN_DASH "%s", t->cols[ro->value].name, from,
				  to));
	yt = g_strdup_printf(is_tr(o) ? "%s değişimi" : "Change in %s", t->cols[ro->value].name);
	memset(&s, 0, sizeof s);
	base_labels(&s.labels, o, sel);
	s.labels.title = title;
	s.labels.subtitle = is_tr(o) ? "Klasik (Dunn) ayrıştırma: değişim = ulusal pay + sektör "
				       "karması + bölgesel kayma"
				     : "Classic (Dunn) decomposition: total change = national "
				       "share + industry mix + regional shift";
	s.labels.x_title = t->cols[ro->region].name;
	s.labels.y_title = yt;
	s.labels.unit = col_unit(t, ro->value, o);
	s.labels.reference = refshow = ref_name(refname, o);
	s.locale = loc;
	s.n_categories = n;
	s.categories = cats;
	s.n_series = 4;
	s.series = is_tr(o) ? names_tr : names_en;
	s.value = val;
	s.focal = -1;
	s.value_labels = n <= 3;
	s.decimals = -1;
	if (finite) {
		c = checked(chart_bar_build(&s, d), d);
		if (c)
			set_add(cs, NULL, "bar", c);
		else
			rc = -1;
	}
	g_free(cats);
	g_free(val);
	g_free(title);
	g_free(yt);
	g_free(refshow);
	return rc;
}

int bench_charts_regional(const struct table *t, const struct regional_opts *ro,
			  const struct selection *sel, struct result_set *rs,
			  const char *const *kinds, const struct chart_opts *o,
			  struct chart_set *cs, struct diag *d)
{
	const struct result_table *lt = result_set_find(rs, "location_quotients");
	const struct result_table *st = result_set_find(rs, "shift_share");
	int want_scatter = chart_set_wants(kinds, "scatter");
	int want_bar = chart_set_wants(kinds, "bar");

	if (!want_scatter && !want_bar)
		return 0;
	if (!ro->span || ro->year < 0 || !lt || !st) {
		warn(rs, "regional charts need --year, --from and --to: the portfolio of location "
		     "quotients against growth and the shift-share bars");
		return 0;
	}
	if (want_scatter) {
		size_t nreg = result_rows(st);
		double national = NAN, *vals = NULL;
		GHashTable *h;
		int rc = 0;

		/* growth of the reference economy: national_share = R0 (G - 1) */
		for (size_t r = 0; r < nreg && isnan(national); r++) {
			double r0 = num_at(st, r, "r0"), ns = num_at(st, r, "national_share");

			if (r0 > 0 && !isnan(ns))
				national = 100 * ns / r0;
		}
		if (nreg > BENCH_CHARTS_MAX_PORTFOLIOS) {
			char *msg = g_strdup_printf("no portfolio charts for %zu regions (at most "
						    "%d): name the regions to draw with --regions",
						    nreg, BENCH_CHARTS_MAX_PORTFOLIOS);

			warn(rs, msg);
			g_free(msg);
		} else {
			h = start_values(t, ro, sel, &vals, d);
			if (!h)
				return -1;
			for (size_t r = 0; r < nreg && rc == 0; r++) {
				const char *region = text_at(st, r, "region");

				if (region)
					rc = region_portfolio(t, ro, lt, region, national, h, vals,
							      nreg > 1, sel, o, cs, d);
			}
			g_hash_table_destroy(h);
			g_free(vals);
			if (rc < 0)
				return -1;
		}
	}
	if (want_bar) {
		size_t nreg = result_rows(st);

		if (nreg > BENCH_CHARTS_MAX_SHIFT_REGIONS) {
			char *msg = g_strdup_printf("no shift-share chart for %zu regions (at most "
						    "%d): name the regions to draw with --regions",
						    nreg, BENCH_CHARTS_MAX_SHIFT_REGIONS);

			warn(rs, msg);
			g_free(msg);
		} else if (nreg && shift_bars(t, ro, st, sel, o, cs, d) < 0) {
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ target */

int bench_charts_target(const struct table *t, const struct target_opts *to,
			const struct selection *sel, struct result_set *rs,
			const char *const *kinds, const struct chart_opts *o,
			struct chart_set *cs, struct diag *d)
{
	const struct result_table *tt = result_set_find(rs, "targets");
	enum chart_locale loc = loc_of(o);
	size_t n, ngc;
	char **groups;
	double *val, *lo, *hi, edges[2], target;
	char b1[CHART_NUMBER_SIZE], b2[CHART_NUMBER_SIZE], b3[CHART_NUMBER_SIZE];
	char b4[CHART_NUMBER_SIZE];
	struct chart_bullet_spec s;
	struct chart *c = NULL;
	char *nv, *title, *sub, *yt;
	size_t finite = 0;
	long from_col;
	int rc = 0;

	if (!tt || !chart_set_wants(kinds, "bullet") || result_rows(tt) == 0)
		return 0;
	n = result_rows(tt);
	from_col = result_find_column(tt, "from");
	ngc = from_col > 0 ? (size_t)from_col : 1; /* the group columns come first */
	groups = g_new0(char *, n + 1);
	val = g_new(double, n);
	lo = g_new(double, n);
	hi = g_new(double, n);
	for (size_t r = 0; r < n; r++) {
		GString *g = g_string_new(NULL);
		double nu = num_at(tt, r, "n_units");

		if (r == 0) {
			g_string_append(g, is_tr(o) ? "Tüm birimler" : "All units");
		} else {
			for (size_t k = 0; k < ngc; k++) {
				const char *part = result_get_text(tt, r, k);

				g_string_append(g, k ? " / " : "");
				/* a bare number says little: "member = 1" */
				if (k < to->nby && col_type_is_numeric(t->cols[to->by[k]].type))
					g_string_append_printf(g, "%s = ", t->cols[to->by[k]].name);
				g_string_append(g, part ? part : EN_DASH);
			}
		}
		if (!isnan(nu))
			g_string_append_printf(g, " (n = %s)", fnum(nu, 0, loc, b1));
		groups[r] = g_string_free(g, FALSE);
		val[r] = 100 * num_at(tt, r, "mean_change");
		lo[r] = 100 * num_at(tt, r, "mean_ci_low");
		hi[r] = 100 * num_at(tt, r, "mean_ci_high");
		finite += !isnan(val[r]);
	}
	target = 100 * to->target;
	edges[0] = target / 2;
	edges[1] = target;
	nv = nice_name(t->cols[to->value].name);
	title = with_context(o, is_tr(o)
		? g_strdup_printf("%s değişimi %s" EN_DASH "%s ve %s hedefi", nv, to->from, to->to,
				  fpct(target, chart_decimals_needed(&target, 1), 1, loc, b1))
		: g_strdup_printf("%s change %s" EN_DASH "%s against the %s target", nv, to->from,
				  to->to, fpct(target, chart_decimals_needed(&target, 1), 1, loc, b1)));
	{
		double share = num_at(tt, 0, "share_reaching"), k = num_at(tt, 0, "n_reaching");
		double nu = num_at(tt, 0, "n_units");

		if (!isnan(share) && !isnan(k) && !isnan(nu))
			sub = g_strdup_printf(is_tr(o) ? "Birim başına ortalama göreli değişim ve %s; "
							 "hedefe ulaşan: %s / %s (%s)"
						       : "Mean relative change per unit with %s; "
							 "reaching the target: %s of %s (%s)",
					      ci_word(to->conf, loc, b1), fnum(k, 0, loc, b2),
					      fnum(nu, 0, loc, b3),
					      fpct(100 * share, 0, 0, loc, b4));
		else
			sub = g_strdup_printf(is_tr(o) ? "Birim başına ortalama göreli değişim ve %s"
						       : "Mean relative change per unit with %s",
					      ci_word(to->conf, loc, b1));
	}
	yt = g_strdup_printf(is_tr(o) ? "%s göreli değişimi" : "Relative change in %s",
			     t->cols[to->value].name);
	memset(&s, 0, sizeof s);
	base_labels(&s.labels, o, sel);
	s.labels.title = title;
	s.labels.subtitle = sub;
	s.labels.y_title = yt;
	s.labels.n = num_at(tt, 0, "n_units") > 0 ? (size_t)num_at(tt, 0, "n_units") : 0;
	s.locale = loc;
	s.n = n;
	s.groups = (const char *const *)groups;
	s.value = val;
	s.target = NULL;
	s.common_target = target;
	s.ci_low = lo;
	s.ci_high = hi;
	s.band_edges = target > 0 ? edges : edges + 1;
	s.n_edges = target > 0 ? 2 : 1;
	s.percent = 1;
	s.show_sign = 1;
	s.direction = 1;
	s.decimals = -1;
	if (finite) {
		c = chart_bullet_build(&s, d);
		if (c && fabs(to->conf - 0.95) > 1e-9) {
			/* the builder names 95 % whiskers */
			char *note = g_strdup_printf(is_tr(o) ? "Bıyıklar: %s" : "Whiskers: %s",
						     ci_word(to->conf, loc, b1));

			chart_compose_caption(c, &s.labels, note);
			g_free(note);
		}
		c = checked(c, d);
		if (c)
			set_add(cs, NULL, "bullet", c);
		else
			rc = -1;
	}
	g_strfreev(groups);
	g_free(val);
	g_free(lo);
	g_free(hi);
	g_free(nv);
	g_free(title);
	g_free(sub);
	g_free(yt);
	return rc;
}

/* ------------------------------------------------------------ did */

int bench_charts_did(const struct table *t, const struct did_opts *do_,
		     const struct selection *sel, struct result_set *rs,
		     const char *const *kinds, const struct chart_opts *o,
		     struct chart_set *cs, struct diag *d)
{
	const struct result_table *tr = result_set_find(rs, "did_trends");
	const struct result_table *dt = result_set_find(rs, "did");
	enum chart_locale loc = loc_of(o);
	size_t rows, nx = 0, finite = 0;
	double *x, *val, last_pre = NAN, first_post = NAN;
	char b1[CHART_NUMBER_SIZE], b2[CHART_NUMBER_SIZE], b3[CHART_NUMBER_SIZE];
	char b4[CHART_NUMBER_SIZE];
	char *series[2], *nv, *title, *sub, *mlabel, *note = NULL;
	double nobs = NAN;
	const char *tname = t->cols[do_->treat].name;
	struct chart_ref_spec marker;
	struct chart_line_spec s;
	struct chart *c = NULL;
	int rc = 0;

	if (!tr || !chart_set_wants(kinds, "line") || result_rows(tr) == 0)
		return 0;
	rows = result_rows(tr);
	x = g_new(double, rows);
	val = g_new(double, 2 * rows);
	for (size_t r = 0; r < rows; r++) {
		double tm = num_at(tr, r, "time");

		if (isnan(tm))
			continue;
		if (nx == 0 || x[nx - 1] != tm) {
			x[nx] = tm;
			val[nx] = val[rows + nx] = NAN;
			nx++;
		}
	}
	for (size_t r = 0; r < rows; r++) {
		const char *grp = text_at(tr, r, "group"), *period = text_at(tr, r, "period");
		double tm = num_at(tr, r, "time"), m = num_at(tr, r, "mean");
		size_t i;

		if (isnan(tm) || !grp)
			continue;
		for (i = 0; i < nx && x[i] != tm; i++)
			;
		if (i == nx)
			continue;
		if (do_->log && !isnan(m))
			m = exp(m);
		/* series 0: treated, series 1: control */
		val[(strcmp(grp, "treated") == 0 ? 0 : rows) + i] = m;
		finite += !isnan(m);
		if (period && strcmp(period, "pre") == 0)
			last_pre = isnan(last_pre) || tm > last_pre ? tm : last_pre;
		else if (period && strcmp(period, "post") == 0)
			first_post = isnan(first_post) || tm < first_post ? tm : first_post;
	}
	/* the line builder reads series * n_x + i */
	memmove(val + nx, val + rows, nx * sizeof *val);
	series[0] = g_strdup_printf(is_tr(o) ? "Müdahale (%s = 1)" : "Treated (%s = 1)", tname);
	series[1] = g_strdup_printf(is_tr(o) ? "Kontrol (%s = 0)" : "Control (%s = 0)", tname);
	nv = nice_name(t->cols[do_->value].name);
	title = with_context(o, is_tr(o)
		? g_strdup_printf("%s: müdahale ve kontrol grupları", nv)
		: g_strdup_printf("%s of treated and control units", nv));
	sub = g_strdup(do_->log
		? (is_tr(o) ? "Dönem başına geometrik ortalama (ln değerlerin ortalamasının üsteli)"
			    : "Geometric mean per period (exp of the mean of the ln values)")
		: (is_tr(o) ? "Dönem başına ortalama" : "Mean per period"));
	mlabel = g_strdup_printf(is_tr(o) ? "Program başlangıcı: %s" : "Programme from %s",
				 fyear(do_->post_from, loc, b1));
	memset(&marker, 0, sizeof marker);
	marker.value = !isnan(last_pre) && !isnan(first_post) ? (last_pre + first_post) / 2
							      : do_->post_from;
	marker.label = mlabel;
	/* the regression estimate of `did` */
	for (size_t r = 0; dt && r < result_rows(dt); r++) {
		const char *m = text_at(dt, r, "method");
		double e, lo, hi;

		if (!m || strcmp(m, "regression") != 0)
			continue;
		nobs = num_at(dt, r, "n_obs");
		e = num_at(dt, r, do_->log ? "effect_percent" : "estimate");
		lo = num_at(dt, r, do_->log ? "effect_ci_low" : "ci_low");
		hi = num_at(dt, r, do_->log ? "effect_ci_high" : "ci_high");
		if (isnan(e))
			break;
		if (do_->log) {
			fpct(e, 1, 1, loc, b1);
			fpct(lo, 1, 1, loc, b3);
			fpct(hi, 1, 1, loc, b4);
		} else {
			int dec = chart_label_decimals(fmax(fabs(lo), fabs(hi)));

			fnum(e, dec, loc, b1);
			fnum(lo, dec, loc, b3);
			fnum(hi, dec, loc, b4);
		}
		if (isnan(lo) || isnan(hi))
			note = g_strdup_printf(is_tr(o) ? "Farkların farkı (regresyon): %s"
				: "Difference-in-differences (regression): %s", b1);
		else
			note = g_strdup_printf(is_tr(o)
				? "Farkların farkı (regresyon, standart hatalar %s kümelerine "
				  "göre): %s (%s: %s ile %s)"
				: "Difference-in-differences (regression, standard errors "
				  "clustered by %s): %s (%s %s to %s)",
				t->cols[do_->id].name, b1, ci_word(do_->conf, loc, b2), b3, b4);
		break;
	}
	memset(&s, 0, sizeof s);
	base_labels(&s.labels, o, sel);
	s.labels.title = title;
	s.labels.subtitle = sub;
	s.labels.x_title = t->cols[do_->time].name;
	s.labels.y_title = t->cols[do_->value].name;
	s.labels.unit = col_unit(t, do_->value, o);
	s.labels.n = nobs > 0 ? (size_t)nobs : 0;
	s.locale = loc;
	s.n_x = nx;
	s.x = x;
	s.n_series = 2;
	s.series = (const char *const *)series;
	s.value = val;
	s.index_base = NAN;
	s.markers = &marker;
	s.n_markers = nx >= 2 && marker.value >= x[0] && marker.value <= x[nx - 1];
	s.focal = -1;
	s.show_points = 1;
	s.end_labels = 1;
	if (finite) {
		c = chart_line_build(&s, d);
		if (c && note)
			chart_compose_caption(c, &s.labels, note);
		c = checked(c, d);
		if (c)
			set_add(cs, NULL, "line", c);
		else
			rc = -1;
	}
	g_free(x);
	g_free(val);
	g_free(series[0]);
	g_free(series[1]);
	g_free(nv);
	g_free(title);
	g_free(sub);
	g_free(mlabel);
	g_free(note);
	return rc;
}
