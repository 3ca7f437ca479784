/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart_box: Tukey box plot model from per-group summaries (type-7 quartiles, whiskers, outliers). */
#include "clusterbench/chart.h"

#include <math.h>
#include <string.h>

#define INK 0x333333
#define BOX_HALF 0.25
#define CAP_HALF 0.1

/* a <= b allowing for rounding in the caller's arithmetic. */
static int le_tol(double a, double b)
{
	return a <= b + 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

static int check_group(const struct chart_box_spec *s, const struct chart_box_group *g,
		       struct diag *d)
{
	const char *name = g->name ? g->name : "";
	double iqr;

	if (g->n == 0)
		return 0;
	if (!isfinite(g->whisker_low) || !isfinite(g->q1) || !isfinite(g->median) ||
	    !isfinite(g->q3) || !isfinite(g->whisker_high) || isinf(g->mean))
		return diag_set(d, DIAG_DATA, "box plot: group '%s': summary is not finite", name);
	if (!(g->whisker_low <= g->q1 && g->q1 <= g->median && g->median <= g->q3 &&
	      g->q3 <= g->whisker_high))
		return diag_set(d, DIAG_DATA, "box plot: group '%s': expected whisker_low <= q1 "
				"<= median <= q3 <= whisker_high", name);
	iqr = g->q3 - g->q1;
	if (!le_tol(g->q1 - 1.5 * iqr, g->whisker_low) ||
	    !le_tol(g->whisker_high, g->q3 + 1.5 * iqr))
		return diag_set(d, DIAG_DATA, "box plot: group '%s': whisker beyond 1.5 IQR "
				"from the box", name);
	if (g->n_outliers && !g->outliers)
		return diag_set(d, DIAG_USAGE, "box plot: group '%s': outliers missing", name);
	for (size_t i = 0; i < g->n_outliers; i++) {
		double o = g->outliers[i];

		if (!isfinite(o))
			return diag_set(d, DIAG_DATA, "box plot: group '%s': outlier is not finite",
					name);
		if (o >= g->whisker_low && o <= g->whisker_high)
			return diag_set(d, DIAG_DATA, "box plot: group '%s': outlier %g lies "
					"within the whiskers", name, o);
		if (s->log_scale && !(o > 0))
			return diag_set(d, DIAG_DATA, "box plot: group '%s': log scale needs "
					"values above 0", name);
	}
	if (s->log_scale && !(g->whisker_low > 0))
		return diag_set(d, DIAG_DATA, "box plot: group '%s': log scale needs values "
				"above 0", name);
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

struct chart *chart_box_build(const struct chart_box_spec *s, struct diag *d)
{
	struct chart *c;
	double lo = NAN, hi = NAN;
	int any_mean = 0, any_outlier = 0;
	char num[CHART_NUMBER_SIZE];

	if (!s || s->n_groups == 0 || !s->groups)
		return diag_set(d, DIAG_USAGE, "box plot: no groups"), NULL;
	if (s->focal < -1 || (s->focal >= 0 && (size_t)s->focal >= s->n_groups))
		return diag_set(d, DIAG_USAGE, "box plot: focal group %ld out of range", s->focal),
		       NULL;
	for (size_t i = 0; i < s->n_groups; i++) {
		const struct chart_box_group *g = &s->groups[i];

		if (check_group(s, g, d) < 0)
			return NULL;
		if (g->n == 0)
			continue;
		widen(&lo, &hi, g->whisker_low);
		widen(&lo, &hi, g->whisker_high);
		if (s->show_mean && !isnan(g->mean)) {
			widen(&lo, &hi, g->mean);
			any_mean = 1;
		}
		if (s->show_outliers)
			for (size_t k = 0; k < g->n_outliers; k++) {
				widen(&lo, &hi, g->outliers[k]);
				any_outlier = 1;
			}
	}
	if (isnan(lo)) {
		diag_set(d, DIAG_DATA, "box plot: every group is empty");
		return NULL;
	}
	c = chart_create("box", s->locale, d);
	if (!c)
		return NULL;
	chart_apply_labels(c, &s->labels, chart_word(CHART_WORD_BOX_NOTE, s->locale));
	for (size_t i = 0; i < s->n_groups; i++) {
		chart_format_number((double)s->groups[i].n, 0, 1, s->locale, num, sizeof num);
		if (chart_axis_add_tick(c, &c->x, (double)i, s->groups[i].name, NULL) == 0)
			chart_set_stringf(c, &c->x.ticks[i].sublabel, "%s = %s",
					  chart_word(CHART_WORD_N, s->locale), num);
	}
	c->x.scale = CHART_SCALE_BAND;
	c->x.min = -0.5;
	c->x.max = (double)s->n_groups - 0.5;
	if (chart_axis_auto(c, &c->y, lo, hi, 5, s->log_scale, d) < 0) {
		chart_free(c);
		return NULL;
	}

	for (size_t i = 0; i < s->n_groups; i++) {
		const struct chart_box_group *g = &s->groups[i];
		double x = (double)i;
		struct chart_color fill = chart_mix(chart_rgb(0x0072B2), chart_rgb(0xFFFFFF), 0.7);
		struct chart_mark *m;

		if (s->focal >= 0)
			fill = (size_t)s->focal == i
				       ? chart_mix(chart_rgb(0xE69F00), chart_rgb(0xFFFFFF), 0.4)
				       : chart_mix(chart_grey(), chart_rgb(0xFFFFFF), 0.55);
		if (g->n == 0) {
			double mid = s->log_scale ? sqrt(c->y.min * c->y.max)
						  : (c->y.min + c->y.max) / 2;

			m = chart_add_text(c, x, mid, chart_word(CHART_WORD_NO_DATA, s->locale),
					   CHART_ROLE_NOTE, CHART_ANCHOR_C);
			if (m)
				m->fill = chart_rgb(0x767676);
			continue;
		}
		/* Whiskers first, so that the box covers their inner ends. */
		m = chart_add_segment(c, x, g->q1, x, g->whisker_low);
		if (m) {
			m->stroke = chart_rgb(INK);
			m->width_pt = 0.9;
			m->cap = CAP_HALF;
		}
		m = chart_add_segment(c, x, g->q3, x, g->whisker_high);
		if (m) {
			m->stroke = chart_rgb(INK);
			m->width_pt = 0.9;
			m->cap = CAP_HALF;
		}
		m = chart_add_rect(c, x - BOX_HALF, g->q1, x + BOX_HALF, g->q3);
		if (m) {
			m->fill = fill;
			m->stroke = chart_rgb(INK);
			m->width_pt = 0.9;
		}
		m = chart_add_segment(c, x - BOX_HALF, g->median, x + BOX_HALF, g->median);
		if (m) {
			m->stroke = chart_rgb(0x1A1A1A);
			m->width_pt = 2.2;
		}
		if (s->show_outliers)
			for (size_t k = 0; k < g->n_outliers; k++) {
				m = chart_add_point(c, x, g->outliers[k], CHART_SHAPE_CIRCLE, 4.5);
				if (m) {
					m->stroke = chart_rgb(INK);
					m->width_pt = 0.8;
				}
			}
		if (s->show_mean && !isnan(g->mean)) {
			m = chart_add_point(c, x, g->mean, CHART_SHAPE_DIAMOND, 7);
			if (m) {
				m->fill = chart_rgb(0xFFFFFF);
				m->stroke = chart_rgb(0x1A1A1A);
				m->width_pt = 1;
			}
		}
	}

	{
		struct chart_legend_entry *e;

		e = chart_add_legend(c, CHART_SWATCH_LINE, chart_word(CHART_WORD_MEDIAN, s->locale));
		if (e) {
			e->stroke = chart_rgb(0x1A1A1A);
			e->fill = CHART_NONE;
		}
		if (any_mean) {
			e = chart_add_legend(c, CHART_SWATCH_POINT,
					     chart_word(CHART_WORD_MEAN, s->locale));
			if (e) {
				e->shape = CHART_SHAPE_DIAMOND;
				e->fill = chart_rgb(0xFFFFFF);
				e->stroke = chart_rgb(0x1A1A1A);
			}
		}
		if (any_outlier) {
			e = chart_add_legend(c, CHART_SWATCH_POINT,
					     chart_word(CHART_WORD_OUTLIERS, s->locale));
			if (e)
				e->stroke = chart_rgb(INK);
		}
	}
	if (chart_status(c, d) < 0) {
		chart_free(c);
		return NULL;
	}
	return c;
}
