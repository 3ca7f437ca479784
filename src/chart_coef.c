/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart_coef: coefficient plot of a regression: estimates with confidence whiskers and a line at 0. */
#include "clusterbench/chart.h"

#include <math.h>

#define BLUE 0x0072B2
#define INK 0x333333

static const char *term_name(const struct chart_coef_spec *s, size_t i)
{
	return s->terms[i] ? s->terms[i] : "";
}

static int check_spec(const struct chart_coef_spec *s, struct diag *d)
{
	if (!s)
		return diag_set(d, DIAG_USAGE, "coefficient plot: no specification");
	if (s->n == 0 || !s->terms || !s->estimate || !s->ci_low || !s->ci_high)
		return diag_set(d, DIAG_USAGE, "coefficient plot: no terms");
	if (!(s->conf > 0 && s->conf < 1))
		return diag_set(d, DIAG_USAGE, "coefficient plot: confidence level %g outside "
				"(0, 1)", s->conf);
	for (size_t i = 0; i < s->n; i++) {
		double e = s->estimate[i], lo = s->ci_low[i], hi = s->ci_high[i];

		if (!isfinite(e))
			return diag_set(d, DIAG_DATA, "coefficient plot: term '%s': estimate is "
					"missing or infinite", term_name(s, i));
		if (isinf(lo) || isinf(hi))
			return diag_set(d, DIAG_DATA, "coefficient plot: term '%s': confidence limit "
					"is infinite", term_name(s, i));
		if (!isnan(lo) && !isnan(hi) && !(lo <= e && e <= hi))
			return diag_set(d, DIAG_DATA, "coefficient plot: term '%s': confidence "
					"interval does not contain the estimate", term_name(s, i));
	}
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

/* "95% CI" for 0.95, else "90% CI" etc. in the locale's order. */
static void ci_word(const struct chart_coef_spec *s, char *buf, size_t size)
{
	double pct = s->conf * 100;
	char num[CHART_NUMBER_SIZE];

	if (fabs(pct - 95) < 1e-9) {
		snprintf(buf, size, "%s", chart_word(CHART_WORD_CI95, s->locale));
		return;
	}
	chart_format_number(pct, chart_decimals_needed(&pct, 1), 1, s->locale, num, sizeof num);
	if (s->locale == CHART_LOCALE_TR)
		snprintf(buf, size, "%%%s GA", num);
	else
		snprintf(buf, size, "%s%% CI", num);
}

struct chart *chart_coef_build(const struct chart_coef_spec *s, struct diag *d)
{
	struct chart *c;
	struct chart_labels l;
	double lo = 0, hi = 0, max_abs = 0; /* 0 is always on the axis */
	int dec;
	char buf[3 * CHART_NUMBER_SIZE + 16], word[CHART_NUMBER_SIZE + 16];
	struct chart_mark *m;

	if (check_spec(s, d) < 0)
		return NULL;
	for (size_t i = 0; i < s->n; i++) {
		widen(&lo, &hi, s->estimate[i]);
		widen(&lo, &hi, s->ci_low[i]);
		widen(&lo, &hi, s->ci_high[i]);
		max_abs = fmax(max_abs, fabs(s->estimate[i]));
	}
	dec = s->decimals >= 0 ? s->decimals : chart_label_decimals(max_abs);
	l = s->labels;
	if (!l.y_title || !*l.y_title)
		l.y_title = chart_word(CHART_WORD_ESTIMATE, s->locale);

	c = chart_create("coef", s->locale, d);
	if (!c)
		return NULL;
	chart_apply_labels(c, &l, NULL);
	{
		const char *t = c->x.title;

		c->x.title = c->y.title;
		c->y.title = t;
	}
	chart_axis_band(c, &c->y, s->n, s->terms);
	c->y.reverse = 1;
	c->y.wrap_pt = 230;
	if (chart_axis_auto(c, &c->x, lo, hi, 6, 0, d) < 0) {
		chart_free(c);
		return NULL;
	}
	{
		double pad = 0.03 * (c->x.max - c->x.min);

		c->x.min -= pad;
		c->x.max += pad;
	}
	{
		struct chart_refline *r = chart_add_refline(c, 'x', 0, NULL);

		if (r) {
			r->color = chart_rgb(INK);
			r->width_pt = 0.9;
			r->above = 0;
		}
	}
	for (size_t i = 0; i < s->n; i++) {
		double y = (double)i, e = s->estimate[i];

		if (!isnan(s->ci_low[i]) && !isnan(s->ci_high[i])) {
			m = chart_add_segment(c, s->ci_low[i], y, s->ci_high[i], y);
			if (m) {
				m->stroke = chart_rgb(INK);
				m->width_pt = 1.2;
				m->cap = 0.12;
			}
		}
		m = chart_add_point(c, e, y, CHART_SHAPE_CIRCLE, 7);
		if (m) {
			m->fill = chart_rgb(BLUE);
			m->stroke = chart_rgb(0xFFFFFF);
			m->width_pt = 0.8;
		}
		if (s->value_labels) {
			char a[CHART_NUMBER_SIZE], b[CHART_NUMBER_SIZE], v[CHART_NUMBER_SIZE];

			chart_format_number(e, dec, 1, s->locale, v, sizeof v);
			if (isnan(s->ci_low[i]) || isnan(s->ci_high[i])) {
				snprintf(buf, sizeof buf, "%s", v);
			} else {
				chart_format_number(s->ci_low[i], dec, 1, s->locale, a, sizeof a);
				chart_format_number(s->ci_high[i], dec, 1, s->locale, b, sizeof b);
				/* tr: "0,23 [0,11; 0,35]": the comma is the decimal mark. */
				snprintf(buf, sizeof buf, "%s [%s%s %s]", v, a,
					 s->locale == CHART_LOCALE_TR ? ";" : ",", b);
			}
			m = chart_add_text(c, c->x.max, y, buf, CHART_ROLE_LABEL, CHART_ANCHOR_W);
			if (m) {
				m->dx_pt = 8;
				m->fill = chart_rgb(INK);
			}
		}
	}
	ci_word(s, word, sizeof word);
	{
		struct chart_legend_entry *e = chart_add_legend(c, CHART_SWATCH_POINT,
							       chart_word(CHART_WORD_ESTIMATE,
									  s->locale));

		if (e)
			e->fill = chart_rgb(BLUE);
		e = chart_add_legend(c, CHART_SWATCH_LINE, word);
		if (e)
			e->stroke = chart_rgb(INK);
	}
	if (chart_status(c, d) < 0) {
		chart_free(c);
		return NULL;
	}
	return c;
}
