/* SPDX-License-Identifier: GPL-3.0-or-later */
/* analysis_charts: the default charts of the analyses, from data and results. */
#include "clusterbench/analysis.h"

#include <glib.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clusterbench/load.h"
#include "clusterbench/mem.h"
#include "clusterbench/numparse.h"

void chart_set_init(struct chart_set *cs)
{
	memset(cs, 0, sizeof *cs);
}

void chart_set_release(struct chart_set *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		chart_free(cs->items[i].model);
		g_free(cs->items[i].name);
	}
	g_free(cs->items);
	memset(cs, 0, sizeof *cs);
}

static void chart_set_add(struct chart_set *cs, const char *name, struct chart *c)
{
	cs->items = g_renew(struct chart_item, cs->items, cs->n + 1);
	cs->items[cs->n].name = g_strdup(name);
	cs->items[cs->n].model = c;
	cs->n++;
}

int chart_set_wants(const char *const *kinds, const char *kind)
{
	if (!kinds)
		return 1; /* no list: every default chart */
	for (; *kinds; kinds++)
		if (strcmp(*kinds, kind) == 0)
			return 1;
	return 0;
}

static void fill_labels(struct chart_labels *l, const struct table *t, size_t vcol, long bycol,
			const struct selection *sel, const struct chart_opts *o, size_t n,
			const char *title, const char *subtitle)
{
	memset(l, 0, sizeof *l);
	l->title = title;
	l->subtitle = subtitle;
	l->x_title = bycol >= 0 ? t->cols[bycol].name : NULL;
	l->y_title = t->cols[vcol].name;
	l->unit = o && o->unit ? o->unit : t->cols[vcol].unit;
	l->source = o ? o->source : NULL;
	l->filter = sel ? sel->where : NULL;
	l->n = n;
}

static int chart_box(const struct table *t, size_t vcol, size_t bycol,
		     const struct selection *sel, const struct chart_opts *o, const char *title,
		     const char *note, const size_t *values, size_t nvalues,
		     const struct describe_memo *memo, struct chart_set *cs, struct diag *d)
{
	struct groups own;
	const struct groups *gp = &own;
	struct chart_box_group *bg;
	struct chart_box_spec s;
	struct chart *c;
	size_t *start, *n, total = 0;
	double *v = NULL, lo_all = INFINITY, hi_all = -INFINITY, eps;
	const double *vs;
	char *sub;
	size_t vm = nvalues;

	/* describe's sorted groups of the same by-column, when it kept them */
	if (memo && memo->sorted && memo->nby == 1 && memo->by[0] == bycol)
		for (vm = 0; vm < nvalues && vm < memo->nvalues && values[vm] != vcol; vm++)
			;
	if (memo && memo->sorted && vm < nvalues && vm < memo->nvalues) {
		size_t ng = memo->groups.ngroups;

		gp = &memo->groups;
		start = g_new(size_t, ng ? ng : 1);
		n = g_new(size_t, ng ? ng : 1);
		for (size_t gi = 0; gi < ng; gi++) {
			start[gi] = memo->sorted_start[vm * ng + gi];
			n[gi] = memo->desc[vm * ng + gi].n;
		}
		vs = memo->sorted;
	} else {
		/* each group's values, sorted where they are */
		if (table_group_values(t, &bycol, 1, sel ? sel->keep : NULL, table_num(t, vcol),
				       &own, &v, &start, d) < 0)
			return -1;
		n = g_new(size_t, own.ngroups ? own.ngroups : 1);
		for (size_t gi = 0; gi < own.ngroups; gi++) {
			n[gi] = start[gi + 1] - start[gi];
			stats_sort(v + start[gi], n[gi]);
		}
		vs = v;
	}
	bg = g_new0(struct chart_box_group, gp->ngroups ? gp->ngroups : 1);
	/*
	 * Outliers closer than 1/1500 of the data's range to the one drawn
	 * before them are left out: on the default chart (a plot about 600
	 * pixels tall) that is less than a pixel, and on one ten times as tall
	 * the circles still overlap by more than half; a million-row panel
	 * has hundreds of thousands of them, each drawn costs time.
	 */
	for (size_t gi = 0; gi < gp->ngroups; gi++)
		if (n[gi]) {
			lo_all = fmin(lo_all, vs[start[gi]]);
			hi_all = fmax(hi_all, vs[start[gi] + n[gi] - 1]);
		}
	eps = hi_all > lo_all ? (hi_all - lo_all) / 1500 : 0;
	for (size_t gi = 0; gi < gp->ngroups; gi++) {
		const double *x = vs + start[gi];
		size_t lo = 0, hi = 0;
		double mean = 0;

		bg[gi].name = gp->labels[gi];
		bg[gi].n = n[gi];
		total += n[gi];
		if (!n[gi])
			continue;
		for (size_t i = 0; i < n[gi]; i++)
			mean += (x[i] - mean) / (double)(i + 1);
		bg[gi].q1 = stats_quantile_sorted(x, n[gi], 0.25);
		bg[gi].median = stats_quantile_sorted(x, n[gi], 0.5);
		bg[gi].q3 = stats_quantile_sorted(x, n[gi], 0.75);
		bg[gi].mean = mean;
		chart_tukey_whiskers(x, n[gi], bg[gi].q1, bg[gi].q3, &lo, &hi);
		/* with type-7 quartiles on few values the furthest value within
		 * 1.5 IQR can lie inside the box; the whisker then ends at it (as
		 * ggplot2 does) */
		bg[gi].whisker_low = x[lo] < bg[gi].q1 ? x[lo] : bg[gi].q1;
		bg[gi].whisker_high = x[hi] > bg[gi].q3 ? x[hi] : bg[gi].q3;
		/* outliers: the sorted values outside the whisker indexes */
		bg[gi].outliers = x;
		bg[gi].n_outliers = 0;
		if (lo > 0 || hi + 1 < n[gi]) {
			/* at most the values below lo and above hi */
			double *out = g_new(double, lo + (n[gi] - 1 - hi));
			size_t k = 0;

			for (size_t i = 0; i < n[gi]; i++) {
				if (i == lo)
					i = hi + 1; /* past the whiskers */
				if (i >= n[gi])
					break;
				if (k == 0 || x[i] - out[k - 1] >= eps)
					out[k++] = x[i];
			}
			bg[gi].outliers = out;
			bg[gi].n_outliers = k;
		} else {
			bg[gi].outliers = NULL;
		}
	}
	memset(&s, 0, sizeof s);
	sub = g_strdup(o && o->locale == CHART_LOCALE_TR
		       ? "Medyan ve çeyrekler; bıyıklar 1,5 IQR içindeki en uç değerlere"
		       : "Median and quartiles; whiskers to the furthest values within 1.5 IQR");
	fill_labels(&s.labels, t, vcol, (long)bycol, sel, o, total, title, sub);
	s.locale = o ? o->locale : CHART_LOCALE_EN;
	s.groups = bg;
	s.n_groups = gp->ngroups;
	s.show_outliers = 1;
	s.show_mean = 1;
	s.focal = -1;
	c = chart_box_build(&s, d);
	if (c && note)
		chart_apply_labels(c, &s.labels, note);
	if (c && chart_status(c, d) < 0) {
		chart_free(c);
		c = NULL;
	}
	if (c)
		chart_set_add(cs, "box", c);
	for (size_t gi = 0; gi < gp->ngroups; gi++)
		if (bg[gi].n_outliers)
			g_free((double *)bg[gi].outliers);
	g_free(sub);
	g_free(bg);
	g_free(v);
	g_free(start);
	g_free(n);
	if (gp == &own)
		groups_release(&own);
	return c ? 0 : -1;
}

int analysis_chart_box(const struct table *t, size_t vcol, size_t bycol,
		       const struct selection *sel, const struct chart_opts *o, const char *title,
		       const char *note, struct chart_set *cs, struct diag *d)
{
	return chart_box(t, vcol, bycol, sel, o, title, note, NULL, 0, NULL, cs, d);
}

/* The groups of a bar or line chart and the descriptives of vcol in each. */
struct chart_groups {
	const struct groups *g;          /* memo's, or &own */
	const struct stats_desc *desc;   /* desc[gi] */
	struct groups own;
	struct stats_desc *own_desc;
};

static void chart_groups_release(struct chart_groups *cg)
{
	groups_release(&cg->own);
	g_free(cg->own_desc);
	memset(cg, 0, sizeof *cg);
}

/*
 * From memo when it was made for the same by-columns and value column, or
 * grouped and described here. -1 with d set on failure (cg released).
 */
static int chart_groups(const struct table *t, const size_t *by, size_t nby,
			const struct selection *sel, size_t vcol, const size_t *values,
			size_t nvalues, const struct describe_memo *memo, double conf,
			struct chart_groups *cg, struct diag *d)
{
	double *x, *work;
	size_t most;

	memset(cg, 0, sizeof *cg);
	if (memo && memo->desc && memo->nby == nby && memo->by[0] == by[0] &&
	    (nby < 2 || memo->by[1] == by[1])) {
		for (size_t v = 0; v < nvalues && v < memo->nvalues; v++)
			if (values[v] == vcol) {
				cg->g = &memo->groups;
				cg->desc = memo->desc + v * memo->groups.ngroups;
				return 0;
			}
	}
	if (table_group(t, by, nby, sel ? sel->keep : NULL, &cg->own, d) < 0)
		return -1;
	cg->g = &cg->own;
	cg->desc = cg->own_desc = g_new0(struct stats_desc, cg->own.ngroups + 1);
	most = groups_largest(&cg->own);
	x = mem_new(most + 1, sizeof *x);
	work = mem_new(most + 1, sizeof *work);
	for (size_t gi = 0; gi < cg->own.ngroups; gi++) {
		size_t n = 0;

		for (size_t i = cg->own.start[gi]; i < cg->own.start[gi + 1]; i++)
			x[n++] = column_value(&t->cols[vcol], cg->own.rows[i]);
		if (stats_describe(x, n, conf, work, &cg->own_desc[gi], d) < 0) {
			g_free(x);
			g_free(work);
			chart_groups_release(cg);
			return -1;
		}
	}
	g_free(x);
	g_free(work);
	return 0;
}

static int chart_bar(const struct table *t, size_t vcol, size_t bycol, long seriescol,
		     const struct selection *sel, const struct chart_opts *o, double conf,
		     const char *title, const char *note, const size_t *values, size_t nvalues,
		     const struct describe_memo *memo, struct chart_set *cs, struct diag *d)
{
	size_t by[2] = { bycol, seriescol >= 0 ? (size_t)seriescol : 0 };
	size_t nby = seriescol >= 0 ? 2 : 1;
	struct chart_groups cg;
	struct groups gc, gs;
	struct chart_bar_spec s;
	struct chart *c = NULL;
	double *val, *lo, *hi;
	size_t ncat, nser, total = 0, *catn;
	char **series = NULL;
	char *sub;
	int rc = -1;

	if (chart_groups(t, by, nby, sel, vcol, values, nvalues, memo, conf, &cg, d) < 0)
		return -1;
	/* the category and series levels, in order */
	if (table_group_levels(t, &by[0], 1, sel ? sel->keep : NULL, &gc, d) < 0) {
		chart_groups_release(&cg);
		return -1;
	}
	if (nby == 2 && table_group_levels(t, &by[1], 1, sel ? sel->keep : NULL, &gs, d) < 0) {
		chart_groups_release(&cg);
		groups_release(&gc);
		return -1;
	}
	ncat = gc.ngroups;
	nser = nby == 2 ? gs.ngroups : 1;
	val = g_new(double, ncat * nser + 1);
	lo = g_new(double, ncat * nser + 1);
	hi = g_new(double, ncat * nser + 1);
	catn = g_new0(size_t, ncat + 1);
	for (size_t i = 0; i < ncat * nser; i++)
		val[i] = lo[i] = hi[i] = NAN;
	for (size_t gi = 0; gi < cg.g->ngroups; gi++) {
		const struct stats_desc *sd = &cg.desc[gi];
		size_t ci = 0, si = 0;

		for (size_t k = 0; k < ncat; k++)
			if (strcmp(gc.labels[k], cg.g->labels[gi * nby]) == 0)
				ci = k;
		if (nby == 2)
			for (size_t k = 0; k < nser; k++)
				if (strcmp(gs.labels[k], cg.g->labels[gi * nby + 1]) == 0)
					si = k;
		val[ci * nser + si] = sd->mean;
		lo[ci * nser + si] = sd->ci_low;
		hi[ci * nser + si] = sd->ci_high;
		catn[ci] += sd->n;
		total += sd->n;
	}
	memset(&s, 0, sizeof s);
	if (o && o->locale == CHART_LOCALE_TR)
		sub = g_strdup_printf("Ortalama%s%s ve %%%g güven aralığı",
				      nby == 2 ? ", " : "", nby == 2 ? t->cols[seriescol].name : "",
				      conf * 100);
	else
		sub = g_strdup_printf("Mean%s%s with %g%% confidence interval",
				      nby == 2 ? " by " : "", nby == 2 ? t->cols[seriescol].name : "",
				      conf * 100);
	fill_labels(&s.labels, t, vcol, (long)bycol, sel, o, total, title, sub);
	s.locale = o ? o->locale : CHART_LOCALE_EN;
	s.n_categories = ncat;
	s.categories = (const char *const *)gc.labels;
	s.category_n = catn;
	s.n_series = nser;
	if (nby == 2) {
		/* "member: 1" tells the reader what the legend's values are */
		series = g_new0(char *, nser + 1);
		for (size_t k = 0; k < nser; k++)
			series[k] = g_strdup_printf("%s: %s", t->cols[seriescol].name, gs.labels[k]);
	}
	s.series = (const char *const *)series;
	s.value = val;
	s.ci_low = lo;
	s.ci_high = hi;
	s.focal = -1;
	s.value_labels = ncat * nser <= 12;
	s.decimals = -1;
	if (nby == 2 && nser > 8) {
		diag_set(d, DIAG_USAGE, "a bar chart shows at most 8 series; '%s' has %zu values",
			 t->cols[seriescol].name, nser);
		g_free(sub);
		goto out;
	}
	c = chart_bar_build(&s, d);
	if (c && note)
		chart_apply_labels(c, &s.labels, note);
	if (c && chart_status(c, d) < 0) {
		chart_free(c);
		c = NULL;
	}
	g_free(sub);
	if (c) {
		chart_set_add(cs, "bar", c);
		rc = 0;
	}
out:
	g_free(val);
	g_free(lo);
	g_free(hi);
	g_free(catn);
	g_strfreev(series);
	chart_groups_release(&cg);
	groups_release(&gc);
	if (nby == 2)
		groups_release(&gs);
	return rc;
}

int analysis_chart_bar(const struct table *t, size_t vcol, size_t bycol, long seriescol,
		       const struct selection *sel, const struct chart_opts *o, double conf,
		       const char *title, const char *note, struct chart_set *cs, struct diag *d)
{
	return chart_bar(t, vcol, bycol, seriescol, sel, o, conf, title, note, NULL, 0, NULL, cs,
			 d);
}

char *chart_file_name(const char *stem, const char *kind, const char *ext)
{
	char folded[512];

	/* Turkish letters transliterated, so names survive any file system */
	text_fold(kind, folded, sizeof folded);
	for (char *p = folded; *p; p++)
		if ((unsigned char)*p >= 0x80 || *p == '/' || *p == ' ')
			*p = '_';
	return g_strdup_printf("%s-%s.%s", stem, folded, ext);
}

/* The model's text dump (chart_dump) written atomically to path. */
static int dump_model(const struct chart *c, const char *path, struct diag *d)
{
	char *tmp = g_strdup_printf("%s.tmp-XXXXXX", path);
	int fd = g_mkstemp(tmp);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	int bad;

	if (!fp) {
		if (fd >= 0)
			close(fd);
		g_free(tmp);
		diag_set(d, DIAG_IO, "cannot create the model dump");
		diag_set_path(d, path);
		return -1;
	}
	bad = chart_dump(c, fp) < 0 || fflush(fp) != 0 || ferror(fp);
	bad |= fclose(fp) != 0;
	if (bad || rename(tmp, path) < 0) {
		unlink(tmp);
		g_free(tmp);
		diag_set(d, DIAG_IO, "cannot write the model dump");
		diag_set_path(d, path);
		return -1;
	}
	g_free(tmp);
	return 0;
}

static int make_chart_dir(const char *dir, struct diag *d)
{
	if (g_mkdir_with_parents(dir, 0777) < 0) {
		diag_set_errno(d, DIAG_IO, errno, "cannot create the chart folder");
		diag_set_path(d, dir);
		return -1;
	}
	return 0;
}

int chart_set_render_one(const struct chart_set *cs, size_t i, const char *dir,
			 const char *stem, const char *format, const struct render_opts *ro,
			 struct diag *d)
{
	enum render_format fmt;
	char *name, *path;
	int rc;

	if (make_chart_dir(dir, d) < 0)
		return -1;
	name = chart_file_name(stem, cs->items[i].name, format);
	path = g_build_filename(dir, name, NULL);
	if (strcmp(format, "txt") == 0)
		rc = dump_model(cs->items[i].model, path, d);
	else if (render_format_from_name(format, &fmt) < 0)
		rc = diag_set(d, DIAG_USAGE, "unknown chart format '%s'", format);
	else
		rc = render_chart(cs->items[i].model, path, fmt, ro, d);
	g_free(name);
	g_free(path);
	return rc < 0 ? -1 : 0;
}

int chart_set_render(const struct chart_set *cs, const char *dir, const char *stem,
		     const char *const *formats, const struct render_opts *ro, struct diag *d)
{
	/* the folder, also when no chart could be drawn */
	if (make_chart_dir(dir, d) < 0)
		return -1;
	for (size_t i = 0; i < cs->n; i++)
		for (size_t f = 0; formats[f]; f++)
			if (chart_set_render_one(cs, i, dir, stem, formats[f], ro, d) < 0)
				return -1;
	return 0;
}

/* "Productivity by province": column names with the first letter raised
 * (ASCII only: a Turkish dotless/dotted i is left as it is). */
static char *chart_title(const char *value, const char *by, const struct chart_opts *o)
{
	int tr = o && o->locale == CHART_LOCALE_TR;
	/* Turkish: "province'e göre productivity" would need suffix harmony;
	 * "productivity — province" reads the same in both languages */
	char *s = tr ? (o->context ? g_strdup_printf("%s — %s (%s)", value, by, o->context)
				   : g_strdup_printf("%s — %s", value, by))
		     : o && o->context ? g_strdup_printf("%s by %s — %s", value, by, o->context)
				       : g_strdup_printf("%s by %s", value, by);

	if (s[0] >= 'a' && s[0] <= 'z' && s[0] != 'i')
		s[0] = (char)(s[0] - 'a' + 'A');
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = ' ';
	return s;
}

/* Renames the last chart added to "VALUE-KIND" when charts of several
 * value columns share a set. */
static void name_last(struct chart_set *cs, const char *value, size_t before)
{
	if (cs->n > before) {
		char *name = g_strdup_printf("%s-%s", value, cs->items[cs->n - 1].name);

		g_free(cs->items[cs->n - 1].name);
		cs->items[cs->n - 1].name = name;
	}
}

static int chart_line(const struct table *t, size_t vcol, size_t xcol, long seriescol,
		      const struct selection *sel, const struct chart_opts *o, double conf,
		      const char *title, const size_t *values, size_t nvalues,
		      const struct describe_memo *memo, struct chart_set *cs, struct diag *d)
{
	size_t by[2] = { xcol, seriescol >= 0 ? (size_t)seriescol : 0 };
	size_t nby = seriescol >= 0 ? 2 : 1;
	struct chart_groups cg;
	struct groups gx, gs;
	struct chart_line_spec s;
	struct chart *c = NULL;
	double *val = NULL, *xs = NULL;
	size_t nx, nser, total = 0;
	char **series = NULL;
	char *sub;
	int rc = -1;

	if (!col_type_is_numeric(t->cols[xcol].type))
		return diag_set(d, DIAG_USAGE,
				"a line chart needs a numeric first by-column (such as year); '%s' is %s",
				t->cols[xcol].name, col_type_name(t->cols[xcol].type));
	if (chart_groups(t, by, nby, sel, vcol, values, nvalues, memo, conf, &cg, d) < 0)
		return -1;
	if (table_group_levels(t, &by[0], 1, sel ? sel->keep : NULL, &gx, d) < 0) {
		chart_groups_release(&cg);
		return -1;
	}
	if (nby == 2 && table_group_levels(t, &by[1], 1, sel ? sel->keep : NULL, &gs, d) < 0) {
		chart_groups_release(&cg);
		groups_release(&gx);
		return -1;
	}
	nx = gx.ngroups;
	nser = nby == 2 ? gs.ngroups : 1;
	if (nx == 0) {
		diag_set(d, DIAG_DATA, "no rows with values to draw");
		goto out;
	}
	if (nser > 12) {
		diag_set(d, DIAG_USAGE, "a line chart shows at most 12 series; '%s' has %zu values",
			 t->cols[seriescol].name, nser);
		goto out;
	}
	xs = g_new(double, nx);
	/* the labels are the shortest text that reads back exactly */
	for (size_t k = 0; k < nx; k++)
		if (num_parse(gx.labels[k], strlen(gx.labels[k]), '.', 0, &xs[k], NULL) != NUM_OK)
			xs[k] = NAN;
	val = g_new(double, nx * nser);
	for (size_t i = 0; i < nx * nser; i++)
		val[i] = NAN;
	for (size_t gi = 0; gi < cg.g->ngroups; gi++) {
		const char *xl = cg.g->labels[gi * nby];
		size_t xi = 0, si = 0;
		double xv;

		/* the label reads back as the value exactly (as those of gx) */
		if (num_parse(xl, strlen(xl), '.', 0, &xv, NULL) != NUM_OK)
			xv = NAN;
		while (xi + 1 < nx && xs[xi] != xv)
			xi++;
		if (nby == 2)
			for (size_t k = 0; k < nser; k++)
				if (strcmp(gs.labels[k], cg.g->labels[gi * nby + 1]) == 0)
					si = k;
		val[si * nx + xi] = cg.desc[gi].mean; /* NaN (a gap) when no value */
		total += cg.desc[gi].n;
	}
	memset(&s, 0, sizeof s);
	if (o && o->locale == CHART_LOCALE_TR)
		sub = g_strdup_printf("Ortalama%s%s", nby == 2 ? ", " : "",
				      nby == 2 ? t->cols[seriescol].name : "");
	else
		sub = g_strdup_printf("Mean%s%s", nby == 2 ? " by " : "",
				      nby == 2 ? t->cols[seriescol].name : "");
	fill_labels(&s.labels, t, vcol, (long)xcol, sel, o, total, title, sub);
	s.locale = o ? o->locale : CHART_LOCALE_EN;
	s.n_x = nx;
	s.x = xs;
	s.n_series = nser;
	series = g_new0(char *, nser + 1);
	for (size_t k = 0; k < nser; k++)
		series[k] = g_strdup(nby == 2 ? gs.labels[k] : t->cols[vcol].name);
	s.series = (const char *const *)series;
	s.value = val;
	s.index_base = NAN;
	s.focal = -1;
	s.show_points = nx <= 20;
	s.end_labels = 1;
	c = chart_line_build(&s, d);
	if (c)
		chart_apply_labels(c, &s.labels, NULL);
	if (c && chart_status(c, d) < 0) {
		chart_free(c);
		c = NULL;
	}
	g_free(sub);
	if (c) {
		chart_set_add(cs, "line", c);
		rc = 0;
	}
out:
	g_free(val);
	g_free(xs);
	g_strfreev(series);
	chart_groups_release(&cg);
	groups_release(&gx);
	if (nby == 2)
		groups_release(&gs);
	return rc;
}

int analysis_chart_line(const struct table *t, size_t vcol, size_t xcol, long seriescol,
			const struct selection *sel, const struct chart_opts *o, double conf,
			const char *title, struct chart_set *cs, struct diag *d)
{
	return chart_line(t, vcol, xcol, seriescol, sel, o, conf, title, NULL, 0, NULL, cs, d);
}

int analysis_describe_charts(const struct table *t, const size_t *values, size_t nvalues,
			     const size_t *by, size_t nby, const struct selection *sel, double conf,
			     const char *const *kinds, const struct chart_opts *o,
			     struct chart_set *cs, struct diag *d)
{
	return analysis_describe_charts_memo(t, values, nvalues, by, nby, sel, conf, kinds, o,
					     NULL, cs, d);
}

int analysis_describe_charts_memo(const struct table *t, const size_t *values, size_t nvalues,
				  const size_t *by, size_t nby, const struct selection *sel,
				  double conf, const char *const *kinds,
				  const struct chart_opts *o, const struct describe_memo *memo,
				  struct chart_set *cs, struct diag *d)
{
	if (!nby)
		return 0; /* one group: nothing to compare in a chart */
	for (size_t v = 0; v < nvalues; v++) {
		const char *name = t->cols[values[v]].name;
		char *title = chart_title(name, t->cols[by[0]].name, o);
		size_t before = cs->n;
		int rc = 0;

		if (chart_set_wants(kinds, "box"))
			rc = chart_box(t, values[v], by[0], sel, o, title, NULL, values, nvalues, memo,
				       cs, d);
		if (rc == 0 && nvalues > 1)
			name_last(cs, name, before);
		before = cs->n;
		if (rc == 0 && chart_set_wants(kinds, "bar"))
			rc = chart_bar(t, values[v], by[0], nby > 1 ? (long)by[1] : -1, sel, o, conf,
				       title, NULL, values, nvalues, memo, cs, d);
		if (rc == 0 && nvalues > 1)
			name_last(cs, name, before);
		before = cs->n;
		/* lines only when asked for: not part of describe's default charts */
		if (rc == 0 && kinds && chart_set_wants(kinds, "line"))
			rc = chart_line(t, values[v], by[0], nby > 1 ? (long)by[1] : -1, sel, o, conf,
					title, values, nvalues, memo, cs, d);
		if (rc == 0 && nvalues > 1)
			name_last(cs, name, before);
		g_free(title);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* "Welch ANOVA: F(4, 301.9) = 10.09, p < 0.0001" from the tests table. */
static char *test_note(const struct result_set *rs, const char *variable)
{
	const struct result_table *tt = result_set_find(rs, "tests");
	static const char *const pref[] = { "welch_anova_f", "welch_t", "paired_t" };

	if (!tt)
		return NULL;
	for (size_t k = 0; k < 3; k++)
		for (size_t r = 0; r < result_rows(tt); r++) {
			const char *test = result_get_text(tt, r, 0);
			const char *var = result_get_text(tt, r, 1);
			char st[RESULT_NUM_SIZE], d1[RESULT_NUM_SIZE], d2[RESULT_NUM_SIZE];
			char p[RESULT_NUM_SIZE];
			double pv;

			if (!test || !var || strcmp(test, pref[k]) || strcmp(var, variable))
				continue;
			result_format_number(result_get_number(tt, r, 5), st, sizeof st);
			result_format_number(result_get_number(tt, r, 6), d1, sizeof d1);
			result_format_number(result_get_number(tt, r, 7), d2, sizeof d2);
			pv = result_get_number(tt, r, 8);
			result_format_pvalue(pv, p, sizeof p);
			if (k == 0)
				return g_strdup_printf("Welch ANOVA: F(%s, %s) = %s, p %s%s", d1, d2, st,
						       pv < 1e-4 ? "" : "= ", p);
			return g_strdup_printf("%s: t(%s) = %s, p %s%s",
					       k == 1 ? "Welch t test" : "Paired t test", d1, st,
					       pv < 1e-4 ? "" : "= ", p);
		}
	return NULL;
}

int analysis_compare_charts(const struct table *t, const size_t *values, size_t nvalues,
			    long by, const struct selection *sel, double conf,
			    const struct result_set *rs, const char *const *kinds,
			    const struct chart_opts *o, struct chart_set *cs, struct diag *d)
{
	if (by < 0)
		return 0; /* paired: the tests say it; no group chart */
	for (size_t v = 0; v < nvalues; v++) {
		const char *name = t->cols[values[v]].name;
		char *title = chart_title(name, t->cols[by].name, o);
		char *note = test_note(rs, name);
		size_t before = cs->n;
		int rc = 0;

		if (chart_set_wants(kinds, "box"))
			rc = analysis_chart_box(t, values[v], (size_t)by, sel, o, title, note, cs, d);
		if (rc == 0 && nvalues > 1)
			name_last(cs, name, before);
		before = cs->n;
		if (rc == 0 && chart_set_wants(kinds, "bar"))
			rc = analysis_chart_bar(t, values[v], (size_t)by, -1, sel, o, conf, title, note,
						cs, d);
		if (rc == 0 && nvalues > 1)
			name_last(cs, name, before);
		g_free(title);
		g_free(note);
		if (rc < 0)
			return -1;
	}
	return 0;
}
