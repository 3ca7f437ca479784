/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart_rank: rank-interval plot of a composite index (nominal rank, median rank, 5-95 % band). */
#include "clusterbench/chart.h"

#include <math.h>
#include <stdlib.h>

#define BLUE 0x0072B2
#define FOCAL 0xD55E00

static const char *unit_name(const struct chart_rank_spec *s, size_t i)
{
	return s->units[i] ? s->units[i] : "";
}

static int check_spec(const struct chart_rank_spec *s, struct diag *d)
{
	double n;

	if (!s)
		return diag_set(d, DIAG_USAGE, "rank plot: no specification");
	if (s->n == 0 || !s->units || !s->nominal || !s->median || !s->p05 || !s->p95)
		return diag_set(d, DIAG_USAGE, "rank plot: no units");
	if (s->focal < -1 || (s->focal >= 0 && (size_t)s->focal >= s->n))
		return diag_set(d, DIAG_USAGE, "rank plot: focal unit %ld out of range", s->focal);
	n = (double)s->n;
	for (size_t i = 0; i < s->n; i++) {
		const double r[4] = { s->nominal[i], s->median[i], s->p05[i], s->p95[i] };

		for (int k = 0; k < 4; k++)
			if (!(r[k] >= 1 && r[k] <= n))
				return diag_set(d, DIAG_DATA, "rank plot: unit '%s': rank %g is "
						"missing or outside 1..%zu", unit_name(s, i), r[k],
						s->n);
		if (!(s->p05[i] <= s->median[i] && s->median[i] <= s->p95[i]))
			return diag_set(d, DIAG_DATA, "rank plot: unit '%s': expected the 5%% rank "
					"<= median rank <= 95%% rank", unit_name(s, i));
	}
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

/* Rows by median rank, then nominal rank, then the given order (stable). */
static void rank_order(const struct chart_rank_spec *s, size_t *order)
{
	for (size_t i = 0; i < s->n; i++) {
		size_t j = i;

		while (j > 0) {
			size_t p = order[j - 1];

			if (s->median[p] < s->median[i] ||
			    (s->median[p] == s->median[i] && s->nominal[p] <= s->nominal[i]))
				break;
			order[j] = p;
			j--;
		}
		order[j] = i;
	}
}

/* Rank ticks: every rank up to 12, else 1 and multiples of 5 (10 from 60). */
static int rank_axis(struct chart *c, size_t n)
{
	char num[CHART_NUMBER_SIZE];
	size_t step = n <= 12 ? 1 : n < 60 ? 5 : 10;

	c->x.scale = CHART_SCALE_LINEAR;
	c->x.min = 0.5;
	c->x.max = (double)n + 0.5;
	c->x.grid = 1;
	for (size_t r = 1; r <= n; r++) {
		if (step > 1 && r != 1 && r % step)
			continue;
		chart_format_number((double)r, 0, 1, c->locale, num, sizeof num);
		if (chart_axis_add_tick(c, &c->x, (double)r, num, NULL) < 0)
			return -1;
	}
	return 0;
}

struct chart *chart_rank_build(const struct chart_rank_spec *s, struct diag *d)
{
	struct chart *c = NULL;
	size_t *order = NULL;
	const char **names = NULL;
	char num[CHART_NUMBER_SIZE], note[CHART_NUMBER_SIZE + 128] = "";
	struct chart_labels l;
	struct chart_mark *m;

	if (check_spec(s, d) < 0)
		return NULL;
	/* calloc checks n * size for overflow. */
	order = calloc(s->n, sizeof *order);
	names = calloc(s->n, sizeof *names);
	if (!order || !names) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto fail;
	}
	rank_order(s, order);
	for (size_t r = 0; r < s->n; r++)
		names[r] = s->units[order[r]];
	if (s->n_draws) {
		chart_format_number((double)s->n_draws, 0, 1, s->locale, num, sizeof num);
		snprintf(note, sizeof note,
			 s->locale == CHART_LOCALE_TR
				 ? "%s simülasyonda sıraların medyanı ve %%5–95 aralığı"
				 : "Median rank and 5–95%% range of ranks over %s simulations",
			 num);
	}
	l = s->labels;
	if (!l.y_title || !*l.y_title)
		l.y_title = chart_word(CHART_WORD_RANK_AXIS, s->locale);

	c = chart_create("rank", s->locale, d);
	if (!c)
		goto fail;
	chart_apply_labels(c, &l, note);
	{
		const char *t = c->x.title;

		c->x.title = c->y.title;
		c->y.title = t;
	}
	chart_axis_band(c, &c->y, s->n, names);
	c->y.reverse = 1;
	c->y.wrap_pt = 230;
	if (rank_axis(c, s->n) < 0)
		goto fail;

	for (size_t r = 0; r < s->n; r++) {
		size_t i = order[r];
		double y = (double)r;
		int focal = s->focal >= 0 && (size_t)s->focal == i;
		struct chart_color col = chart_rgb(focal ? FOCAL : BLUE);

		m = chart_add_segment(c, s->p05[i], y, s->p95[i], y);
		if (m) {
			m->stroke = chart_mix(col, chart_rgb(0xFFFFFF), 0.6);
			m->width_pt = 6;
		}
		m = chart_add_point(c, s->median[i], y, CHART_SHAPE_CIRCLE, 7);
		if (m) {
			m->fill = col;
			m->stroke = chart_rgb(0xFFFFFF);
			m->width_pt = 0.8;
		}
		m = chart_add_point(c, s->nominal[i], y, CHART_SHAPE_DIAMOND, 8);
		if (m) {
			m->stroke = chart_rgb(0x1A1A1A);
			m->width_pt = 1.1;
		}
	}
	for (size_t r = 0; r < s->n && s->focal >= 0; r++)
		if (order[r] == (size_t)s->focal)
			focal_name(c, r, chart_mix(chart_rgb(FOCAL), chart_rgb(0), 0.25));
	{
		struct chart_legend_entry *e;
		struct chart_color col = chart_rgb(BLUE);

		e = chart_add_legend(c, CHART_SWATCH_RECT, chart_word(CHART_WORD_RANK_RANGE, s->locale));
		if (e)
			e->fill = chart_mix(col, chart_rgb(0xFFFFFF), 0.6);
		e = chart_add_legend(c, CHART_SWATCH_POINT,
				     chart_word(CHART_WORD_MEDIAN_RANK, s->locale));
		if (e)
			e->fill = col;
		e = chart_add_legend(c, CHART_SWATCH_POINT,
				     chart_word(CHART_WORD_NOMINAL_RANK, s->locale));
		if (e) {
			e->shape = CHART_SHAPE_DIAMOND;
			e->stroke = chart_rgb(0x1A1A1A);
		}
	}
	if (chart_status(c, d) < 0)
		goto fail;
	free(order);
	free(names);
	return c;
fail:
	chart_free(c);
	free(order);
	free(names);
	return NULL;
}
