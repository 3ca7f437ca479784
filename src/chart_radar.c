/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart_radar: radar chart model on a common 0-100 scale, drawn with polygons in a data square. */
#include "clusterbench/chart.h"

#include <math.h>

#define BLUE 0x0072B2
#define GRID 0xD4D4D4
#define LABEL_WRAP 100.0

static const char *axis_name(const struct chart_radar_spec *s, size_t k)
{
	return s->axes[k] ? s->axes[k] : "";
}

static int check_values(const struct chart_radar_spec *s, const double *v, const char *what,
			struct diag *d)
{
	for (size_t k = 0; k < s->n_axes; k++)
		if (!(v[k] >= 0 && v[k] <= 100))
			return diag_set(d, DIAG_DATA, "radar chart: axis '%s': %s %g is missing or "
					"outside 0..100", axis_name(s, k), what, v[k]);
	return 0;
}

static double angle(size_t k, size_t n)
{
	return M_PI / 2 - 2 * M_PI * (double)k / (double)n;
}

/* A closed polygon through radius r[k] (0..1) on every axis. */
static struct chart_mark *ring(struct chart *c, size_t n, const double *v, double scale)
{
	struct chart_mark *m = chart_add_mark(c, CHART_MARK_POLYGON, n);

	if (!m)
		return NULL;
	for (size_t k = 0; k < n; k++) {
		double r = v ? v[k] * scale : scale;

		/* Rounded to 1e-12: cos(pi/2) is 6e-17, not 0, in the dump. */
		m->pts[k].x = round(r * cos(angle(k, n)) * 1e12) / 1e12;
		m->pts[k].y = round(r * sin(angle(k, n)) * 1e12) / 1e12;
	}
	return m;
}

struct chart *chart_radar_build(const struct chart_radar_spec *s, struct diag *d)
{
	static const double levels[] = { 0.25, 0.5, 0.75, 1 };
	struct chart *c;
	struct chart_mark *m;
	size_t n;

	if (!s)
		return diag_set(d, DIAG_USAGE, "radar chart: no specification"), NULL;
	if (s->n_axes < 3 || !s->axes || !s->value)
		return diag_set(d, DIAG_USAGE, "radar chart: needs at least 3 axes and their "
				"values"), NULL;
	if (check_values(s, s->value, "value", d) < 0 ||
	    (s->peer && check_values(s, s->peer, "peer median", d) < 0))
		return NULL;
	n = s->n_axes;

	c = chart_create("radar", s->locale, d);
	if (!c)
		return NULL;
	chart_apply_labels(c, &s->labels, NULL);
	c->x.title = c->y.title = NULL;
	c->x.min = c->y.min = -1;
	c->x.max = c->y.max = 1;

	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		m = ring(c, n, NULL, levels[i]);
		if (m) {
			m->stroke = chart_rgb(levels[i] == 1 ? 0xB8B8B8 : GRID);
			m->width_pt = levels[i] == 1 ? 0.9 : 0.6;
		}
	}
	for (size_t k = 0; k < n; k++) {
		double x = round(cos(angle(k, n)) * 1e12) / 1e12;
		double y = round(sin(angle(k, n)) * 1e12) / 1e12;

		m = chart_add_segment(c, 0, 0, x, y);
		if (m) {
			m->stroke = chart_rgb(GRID);
			m->width_pt = 0.6;
		}
	}
	if (s->peer) {
		m = ring(c, n, s->peer, 0.01);
		if (m) {
			m->stroke = chart_rgb(0x3D3D3D);
			m->width_pt = 1.4;
			m->dash = CHART_DASH_DASHED;
		}
	}
	m = ring(c, n, s->value, 0.01);
	if (m) {
		struct chart_color fill = chart_rgb(BLUE);

		fill.a = 56;
		m->fill = fill;
		m->stroke = chart_rgb(BLUE);
		m->width_pt = 2;
	}
	for (size_t k = 0; k < n; k++) {
		double r = s->value[k] / 100;

		m = chart_add_point(c, round(r * cos(angle(k, n)) * 1e12) / 1e12,
				    round(r * sin(angle(k, n)) * 1e12) / 1e12, CHART_SHAPE_CIRCLE, 5);
		if (m) {
			m->fill = chart_rgb(BLUE);
			m->stroke = chart_rgb(0xFFFFFF);
			m->width_pt = 0.7;
		}
	}
	/* Scale labels along the first axis (straight up). */
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		char num[CHART_NUMBER_SIZE];

		chart_format_number(levels[i] * 100, 0, 1, s->locale, num, sizeof num);
		m = chart_add_text(c, 0, levels[i], num, CHART_ROLE_NOTE, CHART_ANCHOR_W);
		if (m) {
			m->dx_pt = 3;
			m->dy_pt = 5;
			m->fill = chart_rgb(0x767676);
			m->halo = 1;
		}
	}
	/* Axis names outside the circle, anchored away from the centre. */
	for (size_t k = 0; k < n; k++) {
		double a = angle(k, n), cx = cos(a), cy = sin(a);
		enum chart_anchor an = cx > 0.2 ? CHART_ANCHOR_W
				     : cx < -0.2 ? CHART_ANCHOR_E
				     : cy > 0 ? CHART_ANCHOR_S
						: CHART_ANCHOR_N;

		cx = round(cx * 1e12) / 1e12;
		cy = round(cy * 1e12) / 1e12;
		m = chart_add_text(c, cx, cy, axis_name(s, k), CHART_ROLE_TICK, an);
		if (m) {
			m->dx_pt = round(7 * cx * 100) / 100;
			m->dy_pt = round(-7 * cy * 100) / 100;
			m->wrap_pt = LABEL_WRAP;
			m->fill = chart_rgb(0x333333);
		}
	}
	{
		struct chart_legend_entry *e;
		struct chart_color fill = chart_rgb(BLUE);

		fill.a = 56;
		if (s->unit_name && *s->unit_name) {
			e = chart_add_legend(c, CHART_SWATCH_RECT, s->unit_name);
			if (e) {
				e->fill = fill;
				e->stroke = chart_rgb(BLUE);
			}
		}
		if (s->peer) {
			e = chart_add_legend(c, CHART_SWATCH_LINE,
					     s->peer_name && *s->peer_name
						     ? s->peer_name
						     : chart_word(CHART_WORD_PEER_MEDIAN, s->locale));
			if (e) {
				e->stroke = chart_rgb(0x3D3D3D);
				e->dash = CHART_DASH_DASHED;
			}
		}
	}
	if (c->n_legend == 0)
		c->legend_pos = CHART_LEGEND_NONE;
	if (chart_status(c, d) < 0) {
		chart_free(c);
		return NULL;
	}
	return c;
}
