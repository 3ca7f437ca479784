/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart_heatmap: z-score heatmap model (units x indicators) with values in cells and a diverging colour bar. */
#include "clusterbench/chart.h"

#include <math.h>
#include <string.h>

#define MISSING 0xE6E6E6
#define BAR_STEPS 48
/* Colour bar: gap and bar each this share of the whole x domain. */
#define BAR_SHARE 0.035

static int check_spec(const struct chart_heatmap_spec *s, struct diag *d)
{
	size_t finite = 0;

	if (!s)
		return diag_set(d, DIAG_USAGE, "heatmap: no specification");
	if (s->n_rows == 0 || s->n_cols == 0 || !s->rows || !s->cols || !s->z)
		return diag_set(d, DIAG_USAGE, "heatmap: no cells");
	if (s->n_rows > (size_t)-1 / s->n_cols)
		return diag_set(d, DIAG_USAGE, "heatmap: too many cells");
	if (!(s->limit >= 0) || isinf(s->limit))
		return diag_set(d, DIAG_USAGE, "heatmap: the colour limit must be positive or 0 "
				"(automatic)");
	if (s->focal < -1 || (s->focal >= 0 && (size_t)s->focal >= s->n_rows))
		return diag_set(d, DIAG_USAGE, "heatmap: focal row %ld out of range", s->focal);
	for (size_t i = 0; i < s->n_rows * s->n_cols; i++) {
		if (isinf(s->z[i]))
			return diag_set(d, DIAG_DATA, "heatmap: unit '%s' indicator '%s': z is "
					"infinite", s->rows[i / s->n_cols] ? s->rows[i / s->n_cols] : "",
					s->cols[i % s->n_cols] ? s->cols[i % s->n_cols] : "");
		finite += !isnan(s->z[i]);
	}
	if (!finite)
		return diag_set(d, DIAG_DATA, "heatmap: no finite value to draw");
	return 0;
}

/*
 * The focal row's name in bold (and colour): the tick keeps no label and
 * a text takes its place left of the plot (right-aligned, wrapped as the
 * tick labels are). Call when the x domain is final.
 */
static void focal_name(struct chart *c, size_t row, struct chart_color color)
{
	struct chart_tick *t = &c->y.ticks[row];
	struct chart_mark *m = chart_add_text(c, c->x.min, t->value, t->label, CHART_ROLE_TICK,
					      CHART_ANCHOR_E);

	if (!m)
		return;
	m->dx_pt = -6; /* the renderer's gap between tick labels and the plot */
	m->wrap_pt = c->y.wrap_pt;
	m->bold = 1;
	m->fill = color;
	t->label = NULL;
}

/* The colour bar right of the cells: steps, outline, labels, title. */
static void colour_bar(struct chart *c, const struct chart_heatmap_spec *s, double limit,
		       double x0, double x1)
{
	double top = -0.5, height = (double)s->n_rows, step = height / BAR_STEPS;
	double tick = limit <= 6 ? 1 : limit <= 12 ? 2 : ceil(limit / 6);
	char num[CHART_NUMBER_SIZE];
	struct chart_mark *m;

	for (size_t k = 0; k < BAR_STEPS; k++) {
		double y0 = top + (double)k * step;
		double z = limit - ((double)k + 0.5) * 2 * limit / BAR_STEPS;
		/* Each step reaches a little into the next: no seams between them. */
		double y1 = k + 1 < BAR_STEPS ? y0 + 1.4 * step : top + height;

		m = chart_add_rect(c, x0, y0, x1, y1);
		if (m)
			m->fill = chart_diverging(z, limit);
	}
	m = chart_add_rect(c, x0, top, x1, top + height);
	if (m) {
		m->stroke = chart_rgb(0x8C8C8C);
		m->width_pt = 0.5;
	}
	for (double z = -floor(limit / tick) * tick; z <= limit + 1e-9; z += tick) {
		double y = top + (limit - z) / (2 * limit) * height;

		chart_format_number(z, 0, 1, s->locale, num, sizeof num);
		m = chart_add_segment(c, x1, y, x1 + (x1 - x0) * 0.25, y);
		if (m) {
			m->stroke = chart_rgb(0x8C8C8C);
			m->width_pt = 0.6;
		}
		m = chart_add_text(c, x1 + (x1 - x0) * 0.25, y, num, CHART_ROLE_NOTE,
				   CHART_ANCHOR_W);
		if (m) {
			m->dx_pt = 2;
			m->fill = chart_rgb(0x444444);
		}
	}
	m = chart_add_text(c, (x0 + x1) / 2, top, chart_word(CHART_WORD_Z_SCORE, s->locale),
			   CHART_ROLE_NOTE, CHART_ANCHOR_S);
	if (m) {
		m->dy_pt = -4;
		m->fill = chart_rgb(0x444444);
	}
}

struct chart *chart_heatmap_build(const struct chart_heatmap_spec *s, struct diag *d)
{
	struct chart *c;
	double max_abs = 0, limit, domain, gap;
	size_t n_cells;
	int missing = 0;
	char num[CHART_NUMBER_SIZE], note[CHART_NUMBER_SIZE + 128] = "";
	struct chart_mark *m;

	if (check_spec(s, d) < 0)
		return NULL;
	n_cells = s->n_rows * s->n_cols;
	for (size_t i = 0; i < n_cells; i++) {
		if (isnan(s->z[i]))
			missing = 1;
		else
			max_abs = fmax(max_abs, fabs(s->z[i]));
	}
	limit = s->limit > 0 ? s->limit : fmax(2, ceil(max_abs));
	if (missing)
		snprintf(note, sizeof note, "\xe2\x80\x93 %s",
			 chart_word(CHART_WORD_NO_DATA, s->locale));
	if (max_abs > limit) {
		size_t len = strlen(note);

		chart_format_number(limit, chart_decimals_needed(&limit, 1), 1, s->locale, num,
				    sizeof num);
		snprintf(note + len, sizeof note - len,
			 s->locale == CHART_LOCALE_TR
				 ? "%s\xc2\xb1%s dışındaki değerler uç renklerle gösterilir"
				 : "%sValues beyond \xc2\xb1%s take the end colours",
			 len ? ". " : "", num);
	}

	c = chart_create("heatmap", s->locale, d);
	if (!c)
		return NULL;
	chart_apply_labels(c, &s->labels, note);
	chart_axis_band(c, &c->x, s->n_cols, s->cols);
	chart_axis_band(c, &c->y, s->n_rows, s->rows);
	c->y.reverse = 1;
	c->y.wrap_pt = 230;
	/* Long indicator names: a few short lines, upright or slanted. */
	c->x.wrap_pt = 90;
	/* Room right of the cells for the colour bar: a gap and the bar. */
	domain = (double)s->n_cols / (1 - 2 * BAR_SHARE);
	gap = BAR_SHARE * domain;
	c->x.max = (double)s->n_cols - 0.5 + 2 * gap;

	for (size_t r = 0; r < s->n_rows; r++)
		for (size_t k = 0; k < s->n_cols; k++) {
			double z = s->z[r * s->n_cols + k];

			m = chart_add_mark(c, CHART_MARK_CELL, 2);
			if (!m)
				break;
			m->pts[0].x = (double)k - 0.5;
			m->pts[0].y = (double)r - 0.5;
			m->pts[1].x = (double)k + 0.5;
			m->pts[1].y = (double)r + 0.5;
			m->stroke = chart_rgb(0xFFFFFF);
			m->width_pt = 1.5;
			if (isnan(z)) {
				m->fill = chart_rgb(MISSING);
				chart_set_string(c, &m->text, "\xe2\x80\x93"); /* EN DASH */
			} else {
				m->fill = chart_diverging(z, limit);
				chart_format_number(z, 1, 1, s->locale, num, sizeof num);
				chart_set_string(c, &m->text, num);
			}
		}
	if (s->focal >= 0) {
		double f = (double)s->focal;

		m = chart_add_rect(c, -0.5, f - 0.5, (double)s->n_cols - 0.5, f + 0.5);
		if (m) {
			m->stroke = chart_rgb(0x1A1A1A);
			m->width_pt = 1.8;
		}
	}
	if (s->focal >= 0)
		focal_name(c, (size_t)s->focal, chart_rgb(0x1A1A1A));
	colour_bar(c, s, limit, (double)s->n_cols - 0.5 + gap, (double)s->n_cols - 0.5 + 2 * gap);
	c->legend_pos = CHART_LEGEND_NONE;
	if (chart_status(c, d) < 0) {
		chart_free(c);
		return NULL;
	}
	return c;
}
