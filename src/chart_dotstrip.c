/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart_dotstrip: ranked dot strip / horizontal bars of units against the peer median, focal unit highlighted. */
#include "clusterbench/chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INK 0x333333
#define FOCAL 0xD55E00
#define BAR_HALF 0.32

/* Caption sentences: [locale][direction -1, +1]. */
static const char *const order_note[2][2] = {
	{ "Sorted from best to worst (lower is better)",
	  "Sorted from best to worst (higher is better)" },
	{ "En iyiden en kötüye sıralı (düşük olan daha iyi)",
	  "En iyiden en kötüye sıralı (yüksek olan daha iyi)" },
};

static int check_spec(const struct chart_dotstrip_spec *s, struct diag *d)
{
	size_t finite = 0;

	if (!s)
		return diag_set(d, DIAG_USAGE, "dot strip: no specification");
	if (s->n == 0 || !s->units || !s->value)
		return diag_set(d, DIAG_USAGE, "dot strip: no units");
	if (s->focal < -1 || (s->focal >= 0 && (size_t)s->focal >= s->n))
		return diag_set(d, DIAG_USAGE, "dot strip: focal unit %ld out of range", s->focal);
	if (s->direction < -1 || s->direction > 1)
		return diag_set(d, DIAG_USAGE, "dot strip: direction must be -1 or +1, got %d",
				s->direction);
	if (s->style != CHART_DOTSTRIP_DOTS && s->style != CHART_DOTSTRIP_BARS)
		return diag_set(d, DIAG_USAGE, "dot strip: unknown style");
	for (size_t i = 0; i < s->n; i++) {
		if (isinf(s->value[i]))
			return diag_set(d, DIAG_DATA, "dot strip: unit '%s': value is infinite",
					s->units[i] ? s->units[i] : "");
		finite += !isnan(s->value[i]);
	}
	if (!finite)
		return diag_set(d, DIAG_DATA, "dot strip: no finite value to draw");
	if (isinf(s->peer_median))
		return diag_set(d, DIAG_DATA, "dot strip: the peer median is infinite");
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

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of the finite values (mean of the middle two for even n). */
static double median_of(const double *v, size_t n, double *work)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			work[m++] = v[i];
	if (!m)
		return NAN;
	qsort(work, m, sizeof *work, cmp_double);
	return m % 2 ? work[m / 2] : (work[m / 2 - 1] + work[m / 2]) / 2;
}

/* Rows: best first by direction, ties in the given order, missing last.
 * Insertion sort: stable and enough for the few dozen units of a chart. */
static void rank_order(const struct chart_dotstrip_spec *s, int dir, size_t *order)
{
	for (size_t i = 0; i < s->n; i++) {
		size_t j = i;
		double v = s->value[i];

		while (j > 0) {
			double w = s->value[order[j - 1]];
			int after;

			if (isnan(v))
				after = 1; /* missing values keep their order at the end */
			else if (isnan(w))
				after = 0;
			else
				after = dir > 0 ? w >= v : w <= v;
			if (after)
				break;
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
}

struct chart *chart_dotstrip_build(const struct chart_dotstrip_spec *s, struct diag *d)
{
	struct chart *c = NULL;
	size_t *order = NULL;
	const char **names = NULL;
	double *work = NULL, med, lo = NAN, hi = NAN, max_abs = 0;
	int dir, dec, bars;
	char num[CHART_NUMBER_SIZE];
	struct chart_mark *m;

	if (check_spec(s, d) < 0)
		return NULL;
	dir = s->direction < 0 ? -1 : 1;
	bars = s->style == CHART_DOTSTRIP_BARS;
	/* calloc checks n * size for overflow. */
	order = calloc(s->n, sizeof *order);
	names = calloc(s->n, sizeof *names);
	work = calloc(s->n, sizeof *work);
	if (!order || !names || !work) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto fail;
	}
	med = isnan(s->peer_median) ? median_of(s->value, s->n, work) : s->peer_median;
	rank_order(s, dir, order);
	for (size_t r = 0; r < s->n; r++)
		names[r] = s->units[order[r]];
	for (size_t i = 0; i < s->n; i++) {
		double v = s->value[i];

		if (isnan(v))
			continue;
		lo = isnan(lo) || v < lo ? v : lo;
		hi = isnan(hi) || v > hi ? v : hi;
		max_abs = fmax(max_abs, fabs(v));
	}
	lo = fmin(lo, med);
	hi = fmax(hi, med);
	if (bars) {
		lo = fmin(lo, 0);
		hi = fmax(hi, 0);
	}
	dec = s->decimals >= 0 ? s->decimals : chart_label_decimals(max_abs);

	c = chart_create("dotstrip", s->locale, d);
	if (!c)
		goto fail;
	chart_apply_labels(c, &s->labels, order_note[s->locale == CHART_LOCALE_TR][dir > 0]);
	{
		/* Value title on the horizontal axis, category title above the names. */
		const char *t = c->x.title;

		c->x.title = c->y.title;
		c->y.title = t;
	}
	chart_axis_band(c, &c->y, s->n, names);
	c->y.reverse = 1;
	c->y.grid = !bars; /* the guide line of each dot */
	/* Long names stay on one line as far as they can. */
	c->y.wrap_pt = 230;
	if (chart_axis_auto(c, &c->x, lo, hi, 6, 0, d) < 0)
		goto fail;
	{
		double pad = 0.03 * (c->x.max - c->x.min);

		/* Bars start at 0: no room left of a zero baseline. */
		if (!(bars && c->x.min == 0))
			c->x.min -= pad;
		c->x.max += pad;
	}

	for (size_t r = 0; r < s->n; r++) {
		size_t i = order[r];
		double v = s->value[i], y = (double)r;
		int focal = s->focal >= 0 && (size_t)s->focal == i;
		struct chart_color col = focal ? chart_rgb(FOCAL) : chart_grey();

		if (isnan(v)) {
			m = chart_add_text(c, c->x.min, y, chart_word(CHART_WORD_NO_DATA, s->locale),
					   CHART_ROLE_NOTE, CHART_ANCHOR_W);
			if (m) {
				m->dx_pt = 4;
				m->fill = chart_rgb(0x767676);
			}
			continue;
		}
		if (bars) {
			m = chart_add_rect(c, 0, y - BAR_HALF, v, y + BAR_HALF);
			if (m)
				m->fill = col;
		} else {
			m = chart_add_point(c, v, y, CHART_SHAPE_CIRCLE, focal ? 8.5 : 6.5);
			if (m) {
				m->fill = col;
				m->stroke = chart_rgb(0xFFFFFF);
				m->width_pt = 0.8;
			}
		}
		if (focal || s->value_labels) {
			int right = !(v < 0);

			chart_format_number(v, dec, 1, s->locale, num, sizeof num);
			m = chart_add_text(c, v, y, num, CHART_ROLE_LABEL,
					   right ? CHART_ANCHOR_W : CHART_ANCHOR_E);
			if (m) {
				m->dx_pt = (right ? 1 : -1) * (bars ? 3 : 7);
				m->fill = focal ? chart_mix(col, chart_rgb(0), 0.25) : chart_rgb(0x555555);
				m->bold = focal;
				m->halo = 1;
			}
		}
	}
	for (size_t r = 0; r < s->n && s->focal >= 0; r++)
		if (order[r] == (size_t)s->focal)
			focal_name(c, r, chart_mix(chart_rgb(FOCAL), chart_rgb(0), 0.25));
	if (bars) {
		struct chart_refline *z = chart_add_refline(c, 'x', 0, NULL);

		if (z) {
			z->color = chart_rgb(INK);
			z->width_pt = 0.8;
		}
	}
	{
		struct chart_refline *r = chart_add_refline(c, 'x', med, NULL);
		const char *word = s->median_label && *s->median_label
					   ? s->median_label
					   : chart_word(CHART_WORD_PEER_MEDIAN, s->locale);

		if (r) {
			r->dash = CHART_DASH_DASHED;
			r->color = chart_rgb(0x444444);
			r->width_pt = 1;
			r->above = bars; /* dots are drawn over it, bars under it */
			chart_format_number(med, dec, 1, s->locale, num, sizeof num);
			chart_set_stringf(c, &r->label, "%s: %s", word, num);
		}
	}
	c->legend_pos = CHART_LEGEND_NONE;
	if (chart_status(c, d) < 0)
		goto fail;
	free(order);
	free(names);
	free(work);
	return c;
fail:
	chart_free(c);
	free(order);
	free(names);
	free(work);
	return NULL;
}
