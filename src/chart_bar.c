/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart_bar: grouped bar chart model with 95 % CI error bars and reference lines. */
#include "clusterbench/chart.h"

#include <math.h>
#include <string.h>

#define INK 0x333333

static const char *name_or(const char *const *names, size_t i, const char *fallback)
{
	return names && names[i] ? names[i] : fallback;
}

static int check_spec(const struct chart_bar_spec *s, struct diag *d)
{
	size_t nv;

	if (!s)
		return diag_set(d, DIAG_USAGE, "bar chart: no specification");
	if (s->n_categories == 0 || !s->categories)
		return diag_set(d, DIAG_USAGE, "bar chart: no categories");
	if (s->n_series == 0 || !s->value)
		return diag_set(d, DIAG_USAGE, "bar chart: no values");
	if (s->n_series > 1 && !s->series)
		return diag_set(d, DIAG_USAGE, "bar chart: %zu series need names", s->n_series);
	if (!s->ci_low != !s->ci_high)
		return diag_set(d, DIAG_USAGE, "bar chart: give both 'ci_low' and 'ci_high' or neither");
	if (s->n_refs && !s->refs)
		return diag_set(d, DIAG_USAGE, "bar chart: reference lines missing");
	if (s->focal < -1 || (s->focal >= 0 && (size_t)s->focal >= s->n_categories))
		return diag_set(d, DIAG_USAGE, "bar chart: focal category %ld out of range", s->focal);
	if (s->n_categories > (size_t)-1 / s->n_series)
		return diag_set(d, DIAG_USAGE, "bar chart: too many bars");
	nv = s->n_categories * s->n_series;
	for (size_t i = 0; i < nv; i++) {
		const char *cat = name_or(s->categories, i / s->n_series, "");
		const char *ser = name_or(s->series, i % s->n_series, "");
		double v = s->value[i];

		if (isinf(v))
			return diag_set(d, DIAG_DATA, "bar chart: category '%s' series '%s': "
					"value is infinite", cat, ser);
		if (s->ci_low && !isnan(v)) {
			double lo = s->ci_low[i], hi = s->ci_high[i];

			if (isinf(lo) || isinf(hi))
				return diag_set(d, DIAG_DATA, "bar chart: category '%s' series '%s': "
						"confidence limit is infinite", cat, ser);
			if (!isnan(lo) && !isnan(hi) && !(lo <= v && v <= hi))
				return diag_set(d, DIAG_DATA, "bar chart: category '%s' series '%s': "
						"confidence interval does not contain the value",
						cat, ser);
		}
	}
	for (size_t r = 0; r < s->n_refs; r++)
		if (!isfinite(s->refs[r].value))
			return diag_set(d, DIAG_DATA, "bar chart: reference line '%s' is not finite",
					s->refs[r].label ? s->refs[r].label : "");
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

struct chart *chart_bar_build(const struct chart_bar_spec *s, struct diag *d)
{
	struct chart *c;
	double lo = NAN, hi = NAN, max_abs = 0, group_w, bar_w;
	size_t nv, nfinite = 0;
	int dec;
	char num[CHART_NUMBER_SIZE];
	const char *no_data;

	if (check_spec(s, d) < 0)
		return NULL;
	nv = s->n_categories * s->n_series;
	for (size_t i = 0; i < nv; i++) {
		if (isnan(s->value[i]))
			continue;
		nfinite++;
		widen(&lo, &hi, s->value[i]);
		max_abs = fmax(max_abs, fabs(s->value[i]));
		if (s->ci_low) {
			widen(&lo, &hi, s->ci_low[i]);
			widen(&lo, &hi, s->ci_high[i]);
		}
	}
	if (!nfinite) {
		diag_set(d, DIAG_DATA, "bar chart: no finite value to draw");
		return NULL;
	}
	for (size_t r = 0; r < s->n_refs; r++)
		widen(&lo, &hi, s->refs[r].value);
	widen(&lo, &hi, 0); /* bars start at zero */
	dec = s->decimals >= 0 ? s->decimals : chart_label_decimals(max_abs);

	c = chart_create("bar", s->locale, d);
	if (!c)
		return NULL;
	no_data = chart_word(CHART_WORD_NO_DATA, s->locale);
	chart_apply_labels(c, &s->labels, NULL);
	chart_axis_band(c, &c->x, s->n_categories, s->categories);
	if (s->category_n) {
		for (size_t i = 0; i < s->n_categories; i++) {
			chart_format_number((double)s->category_n[i], 0, 1, s->locale, num,
					    sizeof num);
			if (c->x.n_ticks > i)
				chart_set_stringf(c, &c->x.ticks[i].sublabel, "%s = %s",
						  chart_word(CHART_WORD_N, s->locale), num);
		}
	}
	{
		/* Room above the highest bar for its value label. */
		double top = hi, bottom = lo;

		if (s->value_labels) {
			if (hi > 0)
				top = hi + 0.07 * (hi - lo);
			if (lo < 0)
				bottom = lo - 0.07 * (hi - lo);
		}
		if (chart_axis_auto(c, &c->y, bottom, top, 5, 0, d) < 0) {
			chart_free(c);
			return NULL;
		}
	}

	group_w = s->n_series == 1 ? 0.6 : 0.8;
	bar_w = group_w / (double)s->n_series;
	for (size_t i = 0; i < s->n_categories; i++) {
		for (size_t j = 0; j < s->n_series; j++) {
			size_t k = i * s->n_series + j;
			double v = s->value[k];
			double x0 = (double)i - group_w / 2 + (double)j * bar_w;
			double xc = x0 + bar_w / 2;
			/* A hairline of white between neighbouring bars. */
			double pad = s->n_series > 1 ? bar_w * 0.04 : 0;
			struct chart_color col = s->n_series == 1 ? chart_rgb(0x0072B2)
								  : chart_okabe_ito(j);
			struct chart_mark *m;
			double label_y = v;

			if (s->focal >= 0 && (size_t)s->focal != i)
				col = chart_mix(col, chart_rgb(0xFFFFFF), 0.6);
			if (isnan(v)) {
				m = chart_add_text(c, xc, 0, no_data, CHART_ROLE_NOTE,
						   CHART_ANCHOR_S);
				if (m) {
					/* Narrow: one word a line, to stay in its slot. */
					m->dy_pt = -2;
					m->wrap_pt = 28;
					m->halo = 1;
					m->fill = chart_rgb(0x767676);
				}
				continue;
			}
			m = chart_add_rect(c, x0 + pad, 0, x0 + bar_w - pad, v);
			if (m)
				m->fill = col;
			if (s->ci_low && !isnan(s->ci_low[k]) && !isnan(s->ci_high[k])) {
				m = chart_add_segment(c, xc, s->ci_low[k], xc, s->ci_high[k]);
				if (m) {
					m->stroke = chart_rgb(INK);
					m->width_pt = 0.9;
					m->cap = fmin(bar_w * 0.2, 0.08);
				}
				label_y = v >= 0 ? fmax(v, s->ci_high[k]) : fmin(v, s->ci_low[k]);
			}
			if (s->value_labels) {
				chart_format_number(v, dec, 1, s->locale, num, sizeof num);
				m = chart_add_text(c, xc, label_y, num, CHART_ROLE_LABEL,
						   v >= 0 ? CHART_ANCHOR_S : CHART_ANCHOR_N);
				if (m) {
					m->dy_pt = v >= 0 ? -2 : 2;
					m->halo = 1;
					m->optional = 1;
				}
			}
		}
	}

	/* The zero line: darker than the grid, over the bars' feet. */
	{
		struct chart_refline *r = chart_add_refline(c, 'y', 0, NULL);

		if (r) {
			r->color = chart_rgb(INK);
			r->width_pt = 0.8;
		}
	}
	for (size_t r = 0; r < s->n_refs; r++) {
		const struct chart_ref_spec *rs = &s->refs[r];
		struct chart_refline *ref = chart_add_refline(c, 'y', rs->value, NULL);

		if (!ref)
			break;
		ref->dash = CHART_DASH_DASHED;
		ref->width_pt = 1;
		ref->color = chart_rgb(0x444444);
		chart_format_number(rs->value, dec, 1, s->locale, num, sizeof num);
		if (rs->show_value && rs->label && *rs->label)
			chart_set_stringf(c, &ref->label, "%s: %s", rs->label, num);
		else if (rs->show_value)
			chart_set_string(c, &ref->label, num);
		else
			chart_set_string(c, &ref->label, rs->label);
	}

	if (s->series) {
		for (size_t j = 0; j < s->n_series; j++) {
			struct chart_legend_entry *e =
				chart_add_legend(c, CHART_SWATCH_RECT, name_or(s->series, j, ""));

			if (e)
				e->fill = s->n_series == 1 ? chart_rgb(0x0072B2) : chart_okabe_ito(j);
		}
	}
	if (s->ci_low) {
		struct chart_legend_entry *e =
			chart_add_legend(c, CHART_SWATCH_ERRORBAR,
					 chart_word(CHART_WORD_CI95, s->locale));

		if (e)
			e->stroke = chart_rgb(INK);
	}
	if (c->n_legend == 0)
		c->legend_pos = CHART_LEGEND_NONE;
	if (chart_status(c, d) < 0) {
		chart_free(c);
		return NULL;
	}
	return c;
}
