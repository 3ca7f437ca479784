/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart_scatter: scatter plot model with an OLS line, its 95 % confidence band and point labels. */
#include "clusterbench/chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/model.h"
#include "clusterbench/stats.h"

#define INK 0x333333
#define FIT_SAMPLES 61
#define LABEL_SIDE_SPLIT 0.6 /* labels right of points left of this share of the x range */

static const char *const log_note[2] = { ", fitted on log10 scales",
					 ", log10 ölçeğinde uyarlandı" };

static int usable(const struct chart_scatter_spec *s, size_t i)
{
	double x = s->x[i], y = s->y[i];

	if (isnan(x) || isnan(y))
		return 0;
	if (s->log_x && !(x > 0))
		return 0;
	if (s->log_y && !(y > 0))
		return 0;
	return 1;
}

static int check_spec(const struct chart_scatter_spec *s, struct diag *d)
{
	if (!s)
		return diag_set(d, DIAG_USAGE, "scatter plot: no specification");
	if (s->n == 0 || !s->x || !s->y)
		return diag_set(d, DIAG_USAGE, "scatter plot: no points");
	if (s->highlight < -1 || (s->highlight >= 0 && (size_t)s->highlight >= s->n))
		return diag_set(d, DIAG_USAGE, "scatter plot: highlighted point %ld out of range",
				s->highlight);
	for (size_t i = 0; i < s->n; i++)
		if (isinf(s->x[i]) || isinf(s->y[i]))
			return diag_set(d, DIAG_DATA, "scatter plot: point %zu is infinite", i + 1);
	if (s->highlight >= 0 && !usable(s, (size_t)s->highlight))
		return diag_set(d, DIAG_DATA, "scatter plot: the highlighted point %ld has no "
				"value to draw", s->highlight + 1);
	return 0;
}

static void widen(double *lo, double *hi, double v)
{
	if (isnan(v))
		return;
	if (isnan(*lo) || v < *lo)
		*lo = v;
	if (isnan(*hi) || v > *hi)
		*hi = v;
}

static double tr_value(double v, int log_scale)
{
	return log_scale ? log10(v) : v;
}

static double untr_value(double v, int log_scale)
{
	return log_scale ? pow(10, v) : v;
}

/* Decimals that show v with about `sig` significant digits (0..6). */
static int sig_decimals(double v, int sig)
{
	int k;

	if (!(fabs(v) > 0) || !isfinite(v))
		return 2;
	k = sig - 1 - (int)floor(log10(fabs(v)));
	return k < 0 ? 0 : k > 6 ? 6 : k;
}

/* The fitted line and band, sampled: FIT_SAMPLES points each. */
struct fit_curve {
	double x[FIT_SAMPLES], y[FIT_SAMPLES], lo[FIT_SAMPLES], hi[FIT_SAMPLES];
	double slope, r2;
};

static int fit_line(const struct chart_scatter_spec *s, const size_t *idx, size_t m,
		    struct fit_curve *fc, struct diag *d)
{
	double *u = NULL, *v = NULL, umin = NAN, umax = NAN, t;
	const double *cols[1];
	struct ols_fit *f = NULL;
	struct diag fd;
	int ret = -1;

	if (m < 3)
		return diag_set(d, DIAG_DATA, "scatter plot: the OLS line needs at least 3 points, "
				"got %zu", m);
	/* calloc checks n * size for overflow. */
	u = calloc(m, sizeof *u);
	v = calloc(m, sizeof *v);
	if (!u || !v) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto done;
	}
	for (size_t k = 0; k < m; k++) {
		u[k] = tr_value(s->x[idx[k]], s->log_x);
		v[k] = tr_value(s->y[idx[k]], s->log_y);
		widen(&umin, &umax, u[k]);
	}
	cols[0] = u;
	diag_init(&fd);
	f = ols_fit(cols, 1, v, m, 1, OLS_CLASSIC, NULL, 0, 0.95, &fd);
	if (!f) {
		diag_set(d, fd.code, "scatter plot: cannot fit the OLS line: %s", fd.message);
		goto done;
	}
	t = stats_qt_upper(0.025, f->df_resid);
	if (!isfinite(t)) {
		diag_set(d, DIAG_INTERNAL, "scatter plot: no t quantile for %g df", f->df_resid);
		goto done;
	}
	fc->slope = f->beta[1];
	fc->r2 = f->r2;
	for (size_t k = 0; k < FIT_SAMPLES; k++) {
		double x0 = umin + (umax - umin) * (double)k / (FIT_SAMPLES - 1);
		double yhat = f->beta[0] + f->beta[1] * x0;
		/* Var(a + b x0) = v00 + 2 x0 v01 + x0^2 v11 (vcov row-major, 2 x 2). */
		double var = f->vcov[0] + 2 * x0 * f->vcov[1] + x0 * x0 * f->vcov[3];
		double se = sqrt(fmax(var, 0));

		fc->x[k] = untr_value(x0, s->log_x);
		fc->y[k] = untr_value(yhat, s->log_y);
		fc->lo[k] = untr_value(yhat - t * se, s->log_y);
		fc->hi[k] = untr_value(yhat + t * se, s->log_y);
		if (!isfinite(fc->y[k]) || !isfinite(fc->lo[k]) || !isfinite(fc->hi[k])) {
			diag_set(d, DIAG_DATA, "scatter plot: the OLS band overflows");
			goto done;
		}
	}
	ret = 0;
done:
	ols_free(f);
	free(u);
	free(v);
	return ret;
}

/*
 * A value axis with 3 % room at both ends (so that dots are whole). Log
 * ticks come in whole 1-2-5 steps that may reach far beyond the data
 * (20 .. 2,000 for 50 .. 1,400): the domain is then the data range with
 * its room, and the ticks outside it are dropped, when at least 3 remain.
 */
static int value_axis(struct chart *c, struct chart_axis *a, double lo, double hi, int log_scale,
		      struct diag *d)
{
	if (chart_axis_auto(c, a, lo, hi, 6, log_scale, d) < 0)
		return -1;
	if (log_scale) {
		double f = hi > lo ? pow(hi / lo, 0.03) : 1.1;
		double dmin = lo / f, dmax = hi * f;
		size_t inside = 0;

		for (size_t i = 0; i < a->n_ticks; i++)
			inside += a->ticks[i].value >= dmin && a->ticks[i].value <= dmax;
		if (inside >= 3) {
			size_t k = 0;

			for (size_t i = 0; i < a->n_ticks; i++)
				if (a->ticks[i].value >= dmin && a->ticks[i].value <= dmax)
					a->ticks[k++] = a->ticks[i];
			a->n_ticks = k;
			a->min = dmin;
			a->max = dmax;
		} else {
			f = pow(a->max / a->min, 0.03);
			a->min /= f;
			a->max *= f;
		}
	} else {
		double pad = 0.03 * (a->max - a->min);

		a->min -= pad;
		a->max += pad;
	}
	return 0;
}

static void add_caption(struct chart *c, const struct chart_scatter_spec *s,
			const struct fit_curve *fc, size_t left_out)
{
	char note[1024] = "", num[CHART_NUMBER_SIZE], r2[CHART_NUMBER_SIZE + 16] = "";
	int loc = s->locale == CHART_LOCALE_TR ? 1 : 0;
	size_t len;

	if (fc) {
		chart_format_number(fc->slope, sig_decimals(fc->slope, 3), 1, s->locale, num,
				    sizeof num);
		if (isfinite(fc->r2)) {
			char rn[CHART_NUMBER_SIZE];

			/* "R² = 0.000" would read as no fit at all: "R² < 0.001". */
			/* 2 decimals from 0.1 on, 3 near 0 and near 1 ("0.998", not "1.00"). */
			chart_format_number(fc->r2 < 0.0005 ? 0.001 : fc->r2,
					    fc->r2 >= 0.1 && fc->r2 < 0.99 ? 2 : 3, 1, s->locale, rn,
					    sizeof rn);
			snprintf(r2, sizeof r2, ", R\xc2\xb2 %s %s", fc->r2 < 0.0005 ? "<" : "=",
				 rn);
		}
		snprintf(note, sizeof note,
			 loc ? "Doğru: EKK uyumu ve %%95 güven bandı (eğim %s%s)"
			     : "Line: OLS fit with its 95%% confidence band (slope %s%s)",
			 num, r2);
		if (s->log_x || s->log_y) {
			/* Inside the parentheses: "(slope 0.05, R² = 0.01, fitted on ...)". */
			len = strlen(note);
			if (len && note[len - 1] == ')') {
				note[len - 1] = '\0';
				len = strlen(note);
				snprintf(note + len, sizeof note - len, "%s)", log_note[loc]);
			}
		}
	}
	if (left_out) {
		char part[256];

		chart_format_number((double)left_out, 0, 1, s->locale, num, sizeof num);
		/* Turkish nouns stay singular after a number: "3 nokta". */
		if (s->log_x || s->log_y)
			snprintf(part, sizeof part,
				 loc		 ? "%s nokta dışarıda bırakıldı (eksik ya da pozitif değil)"
				 : left_out == 1 ? "%s point left out (missing or not positive)"
						 : "%s points left out (missing or not positive)",
				 num);
		else
			snprintf(part, sizeof part,
				 loc		 ? "%s nokta dışarıda bırakıldı (eksik değer)"
				 : left_out == 1 ? "%s point left out (missing value)"
						 : "%s points left out (missing values)",
				 num);
		len = strlen(note);
		snprintf(note + len, sizeof note - len, "%s%s", len ? ". " : "", part);
	}
	chart_apply_labels(c, &s->labels, note);
	if (s->labels.x_title && *s->labels.x_title && s->x_unit && *s->x_unit)
		chart_set_stringf(c, &c->x.title, "%s (%s)", s->labels.x_title, s->x_unit);
	else if (s->x_unit && *s->x_unit)
		chart_set_string(c, &c->x.title, s->x_unit);
}

/* A point label: right of its point, or left of it in the right part. */
static struct chart_mark *point_label(struct chart *c, const struct chart_scatter_spec *s,
				      size_t i, const char *text, double size_pt)
{
	double x = s->x[i], f;
	int right;
	struct chart_mark *m;

	if (s->log_x)
		f = (log10(x) - log10(c->x.min)) / (log10(c->x.max) - log10(c->x.min));
	else
		f = (x - c->x.min) / (c->x.max - c->x.min);
	right = f < LABEL_SIDE_SPLIT;
	m = chart_add_text(c, x, s->y[i], text, CHART_ROLE_LABEL,
			   right ? CHART_ANCHOR_W : CHART_ANCHOR_E);
	if (m) {
		m->dx_pt = (right ? 1 : -1) * (size_pt / 2 + 2.5);
		m->halo = 1;
	}
	return m;
}

struct chart *chart_scatter_build(const struct chart_scatter_spec *s, struct diag *d)
{
	struct chart *c = NULL;
	struct fit_curve *fc = NULL;
	size_t *idx = NULL, m = 0;
	double xlo = NAN, xhi = NAN, ylo = NAN, yhi = NAN, size;
	struct chart_color col = chart_rgb(0x0072B2);
	struct chart_mark *mk;

	if (check_spec(s, d) < 0)
		return NULL;
	/* calloc checks n * size for overflow. */
	idx = calloc(s->n, sizeof *idx);
	if (!idx) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < s->n; i++)
		if (usable(s, i)) {
			idx[m++] = i;
			widen(&xlo, &xhi, s->x[i]);
			widen(&ylo, &yhi, s->y[i]);
		}
	if (m == 0) {
		diag_set(d, DIAG_DATA, "scatter plot: no point with both values to draw");
		goto fail;
	}
	if (s->fit) {
		fc = malloc(sizeof *fc);
		if (!fc) {
			diag_set(d, DIAG_INTERNAL, "out of memory");
			goto fail;
		}
		if (fit_line(s, idx, m, fc, d) < 0)
			goto fail;
		for (size_t k = 0; k < FIT_SAMPLES; k++) {
			widen(&ylo, &yhi, fc->lo[k]);
			widen(&ylo, &yhi, fc->hi[k]);
		}
	}
	c = chart_create("scatter", s->locale, d);
	if (!c)
		goto fail;
	add_caption(c, s, fc, s->n - m);
	if (value_axis(c, &c->x, xlo, xhi, s->log_x, d) < 0 ||
	    value_axis(c, &c->y, ylo, yhi, s->log_y, d) < 0)
		goto fail;

	if (m <= 50) {
		col.a = 230;
		size = 6;
	} else if (m <= 200) {
		col.a = 170;
		size = 5;
	} else {
		col.a = 110;
		size = 4;
	}
	if (fc) {
		struct chart_color band = { 0x55, 0x55, 0x55, 46 };

		mk = chart_add_mark(c, CHART_MARK_POLYGON, 2 * FIT_SAMPLES);
		if (mk) {
			mk->fill = band;
			for (size_t k = 0; k < FIT_SAMPLES; k++) {
				mk->pts[k].x = fc->x[k];
				mk->pts[k].y = fc->hi[k];
				mk->pts[2 * FIT_SAMPLES - 1 - k].x = fc->x[k];
				mk->pts[2 * FIT_SAMPLES - 1 - k].y = fc->lo[k];
			}
		}
	}
	for (size_t k = 0; k < m; k++) {
		if ((long)idx[k] == s->highlight)
			continue;
		mk = chart_add_point(c, s->x[idx[k]], s->y[idx[k]], CHART_SHAPE_CIRCLE, size);
		if (mk) {
			mk->fill = col;
			if (m <= 50) {
				mk->stroke = chart_rgb(0xFFFFFF);
				mk->width_pt = 0.6;
			}
		}
	}
	if (fc) {
		mk = chart_add_mark(c, CHART_MARK_LINE, FIT_SAMPLES);
		if (mk) {
			mk->stroke = chart_rgb(INK);
			mk->width_pt = 1.6;
			for (size_t k = 0; k < FIT_SAMPLES; k++) {
				mk->pts[k].x = fc->x[k];
				mk->pts[k].y = fc->y[k];
			}
		}
	}
	if (s->highlight >= 0) {
		size_t h = (size_t)s->highlight;

		mk = chart_add_point(c, s->x[h], s->y[h], CHART_SHAPE_CIRCLE, 8.5);
		if (mk) {
			mk->fill = chart_rgb(0xD55E00);
			mk->stroke = chart_rgb(0xFFFFFF);
			mk->width_pt = 1;
		}
		if (s->point_labels && s->point_labels[h] && *s->point_labels[h]) {
			mk = point_label(c, s, h, s->point_labels[h], 8.5);
			if (mk) {
				mk->bold = 1;
				mk->fill = chart_mix(chart_rgb(0xD55E00), chart_rgb(0), 0.25);
				mk->optional = CHART_OPTIONAL_KEEP;
			}
		}
	}
	if (s->point_labels)
		for (size_t k = 0; k < m; k++) {
			size_t i = idx[k];

			if ((long)i == s->highlight || !s->point_labels[i] || !*s->point_labels[i])
				continue;
			mk = point_label(c, s, i, s->point_labels[i], size);
			if (mk) {
				mk->fill = chart_rgb(0x4D4D4D);
				mk->optional = CHART_OPTIONAL_EACH;
			}
		}

	if (fc) {
		struct chart_legend_entry *e;

		e = chart_add_legend(c, CHART_SWATCH_LINE, chart_word(CHART_WORD_OLS_LINE, s->locale));
		if (e)
			e->stroke = chart_rgb(INK);
		e = chart_add_legend(c, CHART_SWATCH_RECT, chart_word(CHART_WORD_CI95, s->locale));
		if (e)
			e->fill = chart_rgb(0xE0E0E0); /* the band's colour over white */
	} else {
		c->legend_pos = CHART_LEGEND_NONE;
	}
	if (chart_status(c, d) < 0)
		goto fail;
	free(idx);
	free(fc);
	return c;
fail:
	chart_free(c);
	free(idx);
	free(fc);
	return NULL;
}
