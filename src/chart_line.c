/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart_line: line chart model over years, raw or indexed to a base year, with end labels and markers. */
#include "clusterbench/chart.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* End labels are used up to this many series and characters per name. */
#define END_LABELS_MAX_SERIES 10
#define END_LABELS_MAX_CHARS 28
#define END_LABEL_GROUP 1u
#define YEARS_ALL_TICKS 12

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int check_spec(const struct chart_line_spec *s, size_t *base, struct diag *d)
{
	if (!s)
		return diag_set(d, DIAG_USAGE, "line chart: no specification");
	if (s->n_x == 0 || !s->x)
		return diag_set(d, DIAG_USAGE, "line chart: no x values");
	if (s->n_series == 0 || !s->value || !s->series)
		return diag_set(d, DIAG_USAGE, "line chart: no series");
	if (s->n_markers && !s->markers)
		return diag_set(d, DIAG_USAGE, "line chart: markers missing");
	if (s->focal < -1 || (s->focal >= 0 && (size_t)s->focal >= s->n_series))
		return diag_set(d, DIAG_USAGE, "line chart: focal series %ld out of range", s->focal);
	if (s->n_x > (size_t)-1 / s->n_series)
		return diag_set(d, DIAG_USAGE, "line chart: too many values");
	for (size_t i = 0; i < s->n_x; i++) {
		if (!isfinite(s->x[i]))
			return diag_set(d, DIAG_DATA, "line chart: x value %zu is not finite", i + 1);
		if (i && !(s->x[i] > s->x[i - 1]))
			return diag_set(d, DIAG_DATA, "line chart: x values must increase strictly "
					"(%g after %g)", s->x[i], s->x[i - 1]);
	}
	*base = (size_t)-1;
	if (!isnan(s->index_base)) {
		for (size_t i = 0; i < s->n_x; i++)
			if (s->x[i] == s->index_base)
				*base = i;
		if (*base == (size_t)-1)
			return diag_set(d, DIAG_DATA, "line chart: base year %g is not among the "
					"x values", s->index_base);
	}
	for (size_t j = 0; j < s->n_series; j++) {
		const char *name = s->series[j] ? s->series[j] : "";

		for (size_t i = 0; i < s->n_x; i++) {
			double v = s->value[j * s->n_x + i];

			if (isinf(v))
				return diag_set(d, DIAG_DATA, "line chart: series '%s': value at %g "
						"is infinite", name, s->x[i]);
			if (s->log_scale && !isnan(v) && !(v > 0))
				return diag_set(d, DIAG_DATA, "line chart: series '%s': log scale "
						"needs values above 0 (%g at %g)", name, v, s->x[i]);
		}
		if (*base != (size_t)-1) {
			double b = s->value[j * s->n_x + *base];

			if (isnan(b) || b == 0)
				return diag_set(d, DIAG_DATA, "line chart: series '%s': no usable "
						"value in base year %g", name, s->index_base);
			for (size_t i = 0; i < s->n_x; i++) {
				double v = s->value[j * s->n_x + i];

				if (!isnan(v) && !isfinite(v / b * 100))
					return diag_set(d, DIAG_DATA, "line chart: series '%s': index "
							"overflows", name);
				if (s->log_scale && !isnan(v) && !(v / b > 0))
					return diag_set(d, DIAG_DATA, "line chart: series '%s': "
							"log scale needs positive index values", name);
			}
		}
	}
	for (size_t k = 0; k < s->n_markers; k++)
		if (!isfinite(s->markers[k].value) || s->markers[k].value < s->x[0] ||
		    s->markers[k].value > s->x[s->n_x - 1])
			return diag_set(d, DIAG_DATA, "line chart: marker '%s' lies outside the "
					"x range", s->markers[k].label ? s->markers[k].label : "");
	return 0;
}

/* The value drawn for series j at i: raw, or indexed to the base. */
static double shown(const struct chart_line_spec *s, size_t base, size_t j, size_t i)
{
	double v = s->value[j * s->n_x + i];

	if (base != (size_t)-1)
		v = v / s->value[j * s->n_x + base] * 100;
	return v;
}

static int x_axis(struct chart *c, const struct chart_line_spec *s, struct diag *d)
{
	struct chart_ticks t;
	int integers = 1;
	double span = s->x[s->n_x - 1] - s->x[0];

	for (size_t i = 0; i < s->n_x; i++)
		if (s->x[i] != floor(s->x[i]))
			integers = 0;
	if (integers && span < YEARS_ALL_TICKS) {
		memset(&t, 0, sizeof t);
		for (double y = s->x[0]; y <= s->x[s->n_x - 1] && t.n < CHART_TICKS_MAX; y++)
			t.value[t.n++] = y;
		t.step = 1;
	} else if (chart_ticks_extended(s->x[0], s->x[s->n_x - 1], 8,
					integers ? CHART_TICKS_INTEGER | CHART_TICKS_ALIGNED
						 : CHART_TICKS_ALIGNED,
					&t, d) < 0) {
		return -1;
	}
	if (chart_axis_numeric(c, &c->x, &t, 0, s->x[0], s->x[s->n_x - 1]) < 0)
		return chart_status(c, d);
	/* Breathing room at both ends; years are points, not intervals. */
	{
		double lo = fmin(c->x.min, s->x[0]), hi = fmax(c->x.max, s->x[s->n_x - 1]);
		double pad = (hi - lo) * 0.03;

		if (!(pad > 0))
			pad = 0.5;
		c->x.min = lo - pad;
		c->x.max = hi + pad;
	}
	c->x.grid = 0;
	return 0;
}

static void series_marks(struct chart *c, const struct chart_line_spec *s, size_t base,
			 size_t j, struct chart_color col, double width)
{
	size_t i = 0;

	while (i < s->n_x) {
		size_t a, b;
		struct chart_mark *m;

		while (i < s->n_x && isnan(shown(s, base, j, i)))
			i++;
		if (i == s->n_x)
			break;
		a = i;
		while (i < s->n_x && !isnan(shown(s, base, j, i)))
			i++;
		b = i;
		if (b - a == 1) {
			m = chart_add_point(c, s->x[a], shown(s, base, j, a), CHART_SHAPE_CIRCLE,
					    width * 2.6);
			if (m)
				m->fill = col;
			continue;
		}
		m = chart_add_mark(c, CHART_MARK_LINE, b - a);
		if (!m)
			return;
		m->stroke = col;
		m->width_pt = width;
		for (size_t k = a; k < b; k++) {
			m->pts[k - a].x = s->x[k];
			m->pts[k - a].y = shown(s, base, j, k);
		}
	}
	if (s->show_points)
		for (i = 0; i < s->n_x; i++) {
			double v = shown(s, base, j, i);
			struct chart_mark *m;

			if (isnan(v))
				continue;
			m = chart_add_point(c, s->x[i], v, CHART_SHAPE_CIRCLE, width * 2.4);
			if (m) {
				m->fill = col;
				m->stroke = chart_rgb(0xFFFFFF);
				m->width_pt = 0.6;
			}
		}
}

struct chart *chart_line_build(const struct chart_line_spec *s, struct diag *d)
{
	struct chart *c;
	size_t base = (size_t)-1;
	double lo = NAN, hi = NAN;
	int end_labels;
	char num[CHART_NUMBER_SIZE];

	if (check_spec(s, &base, d) < 0)
		return NULL;
	for (size_t j = 0; j < s->n_series; j++)
		for (size_t i = 0; i < s->n_x; i++) {
			double v = shown(s, base, j, i);

			if (isnan(v))
				continue;
			if (isnan(lo) || v < lo)
				lo = v;
			if (isnan(hi) || v > hi)
				hi = v;
		}
	if (isnan(lo)) {
		diag_set(d, DIAG_DATA, "line chart: no finite value to draw");
		return NULL;
	}
	if (base != (size_t)-1) {
		lo = fmin(lo, 100);
		hi = fmax(hi, 100);
	}
	end_labels = s->end_labels && s->n_series <= END_LABELS_MAX_SERIES;
	for (size_t j = 0; j < s->n_series && end_labels; j++)
		if (!s->series[j] || utf8_chars(s->series[j]) > END_LABELS_MAX_CHARS)
			end_labels = 0;

	c = chart_create("line", s->locale, d);
	if (!c)
		return NULL;
	chart_apply_labels(c, &s->labels, NULL);
	if (base != (size_t)-1) {
		char word[64];

		chart_format_number(s->index_base, chart_decimals_needed(&s->index_base, 1), 0,
				    s->locale, num, sizeof num);
		snprintf(word, sizeof word, "%s", chart_word(CHART_WORD_INDEX, s->locale));
		if (s->labels.y_title && *s->labels.y_title) {
			chart_set_stringf(c, &c->y.title, "%s, %s (%s = 100)", s->labels.y_title,
					  word, num);
		} else {
			word[0] = (char)toupper((unsigned char)word[0]);
			chart_set_stringf(c, &c->y.title, "%s (%s = 100)", word, num);
		}
	}
	if (x_axis(c, s, d) < 0 || chart_axis_auto(c, &c->y, lo, hi, 5, s->log_scale, d) < 0) {
		chart_free(c);
		return NULL;
	}
	/* Dots on the lowest or highest tick would be cut by the plot edge. */
	if (s->log_scale) {
		double f = pow(c->y.max / c->y.min, 0.03);

		c->y.min /= f;
		c->y.max *= f;
	} else {
		double pad = 0.03 * (c->y.max - c->y.min);

		c->y.min -= pad;
		c->y.max += pad;
	}
	if (base != (size_t)-1) {
		struct chart_refline *r = chart_add_refline(c, 'y', 100, NULL);

		if (r) {
			r->color = chart_rgb(0x8C8C8C);
			r->width_pt = 0.9;
			r->above = 0;
		}
	}
	for (size_t k = 0; k < s->n_markers; k++) {
		const struct chart_ref_spec *ms = &s->markers[k];
		struct chart_refline *r = chart_add_refline(c, 'x', ms->value, NULL);

		if (!r)
			break;
		r->dash = CHART_DASH_DASHED;
		r->color = chart_rgb(0x555555);
		r->width_pt = 0.9;
		r->above = 0;
		chart_format_number(ms->value, chart_decimals_needed(&ms->value, 1), 0, s->locale,
				    num, sizeof num);
		if (ms->show_value && ms->label && *ms->label)
			chart_set_stringf(c, &r->label, "%s %s", ms->label, num);
		else if (ms->show_value)
			chart_set_string(c, &r->label, num);
		else
			chart_set_string(c, &r->label, ms->label);
	}

	/* Grey series under the highlighted one. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t j = 0; j < s->n_series; j++) {
			int is_focal = s->focal >= 0 && (size_t)s->focal == j;
			struct chart_color col = chart_okabe_ito(j);
			double width = 1.8;

			if (s->focal >= 0) {
				if (pass == 0 && is_focal)
					continue;
				if (pass == 1 && !is_focal)
					continue;
				col = is_focal ? col : chart_grey();
				width = is_focal ? 2.6 : 1.3;
			} else if (pass == 1) {
				continue;
			}
			series_marks(c, s, base, j, col, width);
		}

	for (size_t j = 0; j < s->n_series; j++) {
		struct chart_color col = s->focal >= 0 && (size_t)s->focal != j
						 ? chart_grey()
						 : chart_okabe_ito(j);

		if (end_labels) {
			size_t i = s->n_x;
			struct chart_mark *m;

			while (i > 0 && isnan(shown(s, base, j, i - 1)))
				i--;
			if (i == 0)
				continue;
			m = chart_add_text(c, s->x[i - 1], shown(s, base, j, i - 1), s->series[j],
					   CHART_ROLE_LABEL, CHART_ANCHOR_W);
			if (m) {
				/* Darker than the line: coloured text needs more contrast. */
				m->fill = chart_mix(col, chart_rgb(0x000000), 0.3);
				m->dx_pt = 6;
				m->wrap_pt = 110;
				m->group = END_LABEL_GROUP;
				m->bold = s->focal >= 0 && (size_t)s->focal == j;
			}
		} else {
			struct chart_legend_entry *e =
				chart_add_legend(c, CHART_SWATCH_LINE, s->series[j]);

			if (e)
				e->stroke = col;
		}
	}
	c->legend_pos = end_labels ? CHART_LEGEND_NONE : CHART_LEGEND_TOP;
	if (chart_status(c, d) < 0) {
		chart_free(c);
		return NULL;
	}
	return c;
}
