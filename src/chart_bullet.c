/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart_bullet: bullet chart model: actual values against targets over qualitative bands. */
#include "clusterbench/chart.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#define BAR 0x0072B2
#define BLACK 0x1A1A1A
#define BAND_HALF 0.4
#define BAR_HALF 0.14
#define TARGET_HALF 0.3
#define EDGES_MAX 4
#define TEXT_SIZE (3 * CHART_NUMBER_SIZE)

/* Caption sentence when there are whiskers: [locale]. */
static const char *const ci_note[2] = { "Whiskers: 95% CI", "Bıyıklar: %95 GA" };

static const char *group_name(const struct chart_bullet_spec *s, size_t i)
{
	return s->groups[i] ? s->groups[i] : "";
}

static int check_spec(const struct chart_bullet_spec *s, struct diag *d)
{
	size_t finite = 0;

	if (!s)
		return diag_set(d, DIAG_USAGE, "bullet chart: no specification");
	if (s->n == 0 || !s->groups || !s->value)
		return diag_set(d, DIAG_USAGE, "bullet chart: no groups");
	if (!s->ci_low != !s->ci_high)
		return diag_set(d, DIAG_USAGE, "bullet chart: give both 'ci_low' and 'ci_high' "
				"or neither");
	if (s->n_edges < 1 || s->n_edges > EDGES_MAX || !s->band_edges)
		return diag_set(d, DIAG_USAGE, "bullet chart: give 1 to %d band edges", EDGES_MAX);
	if (s->direction < -1 || s->direction > 1)
		return diag_set(d, DIAG_USAGE, "bullet chart: direction must be -1 or +1, got %d",
				s->direction);
	for (size_t k = 0; k < s->n_edges; k++)
		if (!isfinite(s->band_edges[k]) || (k && !(s->band_edges[k] > s->band_edges[k - 1])))
			return diag_set(d, DIAG_DATA, "bullet chart: band edges must be finite and "
					"increase");
	if (isinf(s->common_target))
		return diag_set(d, DIAG_DATA, "bullet chart: the target is infinite");
	for (size_t i = 0; i < s->n; i++) {
		double v = s->value[i];

		if (isinf(v) || (s->target && isinf(s->target[i])))
			return diag_set(d, DIAG_DATA, "bullet chart: group '%s': value or target is "
					"infinite", group_name(s, i));
		if (s->ci_low) {
			double lo = s->ci_low[i], hi = s->ci_high[i];

			if (isinf(lo) || isinf(hi))
				return diag_set(d, DIAG_DATA, "bullet chart: group '%s': confidence "
						"limit is infinite", group_name(s, i));
			if (!isnan(v) && !isnan(lo) && !isnan(hi) && !(lo <= v && v <= hi))
				return diag_set(d, DIAG_DATA, "bullet chart: group '%s': confidence "
						"interval does not contain the value", group_name(s, i));
		}
		finite += !isnan(v);
	}
	if (!finite)
		return diag_set(d, DIAG_DATA, "bullet chart: no finite value to draw");
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

/*
 * v with dec decimals, a "+" when sign is set and v is positive, and the
 * percent sign where the locale puts it: en "+17.3%", tr "+%17,3" (the
 * minus is U+2212, as chart_format_number writes it).
 */
static void format_value(double v, int dec, int percent, int sign, enum chart_locale loc,
			 char *buf, size_t size)
{
	char num[CHART_NUMBER_SIZE];
	const char *digits = num, *pre = "";
	int tr = loc == CHART_LOCALE_TR;

	chart_format_number(v, dec, 1, loc, num, sizeof num);
	if (strncmp(num, "\xe2\x88\x92", 3) == 0) {
		pre = "\xe2\x88\x92";
		digits = num + 3;
	} else if (sign && strspn(num, "0.,") != strlen(num)) {
		pre = "+";
	}
	snprintf(buf, size, "%s%s%s%s", pre, percent && tr ? "%" : "", digits,
		 percent && !tr ? "%" : "");
}

/* "<10%", "10–20%", "≥20%" (tr "<%10", "%10–20", "≥%20"). */
static void band_range(const struct chart_bullet_spec *s, size_t k, char *buf, size_t size)
{
	char a[CHART_NUMBER_SIZE + 8], b[CHART_NUMBER_SIZE + 8];
	int dec = chart_decimals_needed(s->band_edges, s->n_edges);
	int tr = s->locale == CHART_LOCALE_TR;

	if (k == 0) {
		format_value(s->band_edges[0], dec, s->percent, 0, s->locale, a, sizeof a);
		snprintf(buf, size, "<%s", a);
	} else if (k == s->n_edges) {
		format_value(s->band_edges[k - 1], dec, s->percent, 0, s->locale, a, sizeof a);
		snprintf(buf, size, "\xe2\x89\xa5%s", a); /* ≥ */
	} else {
		/* The percent sign once: "10–20%", "%10–20". */
		format_value(s->band_edges[k - 1], dec, s->percent && tr, 0, s->locale, a, sizeof a);
		format_value(s->band_edges[k], dec, s->percent && !tr, 0, s->locale, b, sizeof b);
		snprintf(buf, size, "%s\xe2\x80\x93%s", a, b); /* EN DASH */
	}
}

/* Band k of n (0 = lowest values): grey, darker for worse. */
static struct chart_color band_grey(size_t k, size_t n, int dir)
{
	size_t worse_to_better = dir > 0 ? k : n - 1 - k;
	double t = n > 1 ? (double)worse_to_better / (double)(n - 1) : 1;

	return chart_mix(chart_rgb(0xB3B3B3), chart_rgb(0xEDEDED), t);
}

static double target_of(const struct chart_bullet_spec *s, size_t i)
{
	return s->target ? s->target[i] : s->common_target;
}

/* The value axis: loose nice ticks, labels with percent signs. */
static int value_axis(struct chart *c, const struct chart_bullet_spec *s, double lo, double hi,
		      struct diag *d)
{
	struct chart_ticks t;
	char buf[TEXT_SIZE];

	if (chart_ticks_extended(lo, hi, 6, CHART_TICKS_LOOSE | CHART_TICKS_ALIGNED, &t, d) < 0)
		return -1;
	if (chart_axis_numeric(c, &c->x, &t, 1, lo, hi) < 0)
		return chart_status(c, d);
	for (size_t i = 0; i < c->x.n_ticks; i++) {
		format_value(c->x.ticks[i].value, t.decimals, s->percent, 0, s->locale, buf,
			     sizeof buf);
		chart_set_string(c, &c->x.ticks[i].label, buf);
	}
	return 0;
}

static void target_label(struct chart *c, const struct chart_bullet_spec *s, int dec)
{
	double first = NAN;
	size_t row = s->n;
	int common = 1;
	char word[64], val[TEXT_SIZE];
	struct chart_mark *m;

	for (size_t i = 0; i < s->n; i++) {
		double t = target_of(s, i);

		if (isnan(t))
			continue;
		if (row == s->n) {
			row = i;
			first = t;
		} else if (t != first) {
			common = 0;
		}
	}
	if (row == s->n)
		return;
	snprintf(word, sizeof word, "%s", chart_word(CHART_WORD_TARGET, s->locale));
	word[0] = (char)toupper((unsigned char)word[0]);
	if (common) {
		/* A round target reads "+20%", not "+20.0%". */
		int tdec = chart_decimals_needed(&first, 1);

		format_value(first, tdec < dec ? tdec : dec, s->percent, s->show_sign, s->locale,
			     val, sizeof val);
		m = chart_add_text(c, first, (double)row - TARGET_HALF, "", CHART_ROLE_NOTE,
				   CHART_ANCHOR_S);
		if (m)
			chart_set_stringf(c, &m->text, "%s: %s", word, val);
	} else {
		m = chart_add_text(c, first, (double)row - TARGET_HALF, word, CHART_ROLE_NOTE,
				   CHART_ANCHOR_S);
	}
	if (m) {
		m->dy_pt = -2;
		m->fill = chart_rgb(BLACK);
		m->halo = 1;
	}
}

struct chart *chart_bullet_build(const struct chart_bullet_spec *s, struct diag *d)
{
	struct chart *c;
	double lo = 0, hi = 0, max_abs = 0; /* the axis always shows 0 */
	int dir, dec, any_ci = 0, any_target = 0;
	char buf[TEXT_SIZE];
	struct chart_mark *m;

	if (check_spec(s, d) < 0)
		return NULL;
	dir = s->direction < 0 ? -1 : 1;
	for (size_t i = 0; i < s->n; i++) {
		widen(&lo, &hi, s->value[i]);
		widen(&lo, &hi, target_of(s, i));
		if (!isnan(s->value[i]))
			max_abs = fmax(max_abs, fabs(s->value[i]));
		if (s->ci_low && !isnan(s->value[i])) {
			widen(&lo, &hi, s->ci_low[i]);
			widen(&lo, &hi, s->ci_high[i]);
		}
	}
	for (size_t k = 0; k < s->n_edges; k++)
		widen(&lo, &hi, s->band_edges[k]);
	dec = s->decimals >= 0 ? s->decimals : chart_label_decimals(max_abs);

	c = chart_create("bullet", s->locale, d);
	if (!c)
		return NULL;
	chart_apply_labels(c, &s->labels, NULL);
	{
		const char *t = c->x.title;

		c->x.title = c->y.title;
		c->y.title = t;
	}
	chart_axis_band(c, &c->y, s->n, s->groups);
	c->y.reverse = 1;
	c->y.wrap_pt = 230;
	if (value_axis(c, s, lo, hi, d) < 0) {
		chart_free(c);
		return NULL;
	}
	c->x.grid = 0; /* the bands carry the scale; a grid would cut them */

	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k <= s->n_edges; k++) {
			double x0 = k ? s->band_edges[k - 1] : c->x.min;
			double x1 = k < s->n_edges ? s->band_edges[k] : c->x.max;

			m = chart_add_rect(c, x0, (double)i - BAND_HALF, x1, (double)i + BAND_HALF);
			if (m)
				m->fill = band_grey(k, s->n_edges + 1, dir);
		}
	/* The zero line over the bands of a negative axis, from the first band to the last. */
	if (c->x.min < 0) {
		m = chart_add_segment(c, 0, -BAND_HALF, 0, (double)s->n - 1 + BAND_HALF);
		if (m) {
			m->stroke = chart_rgb(0x333333);
			m->width_pt = 0.8;
		}
	}
	for (size_t i = 0; i < s->n; i++) {
		double y = (double)i, v = s->value[i], t = target_of(s, i);

		if (!isnan(v)) {
			m = chart_add_rect(c, 0, y - BAR_HALF, v, y + BAR_HALF);
			if (m)
				m->fill = chart_rgb(BAR);
			if (s->ci_low && !isnan(s->ci_low[i]) && !isnan(s->ci_high[i])) {
				m = chart_add_segment(c, s->ci_low[i], y, s->ci_high[i], y);
				if (m) {
					m->stroke = chart_rgb(BLACK);
					m->width_pt = 1;
					m->cap = 0.08;
				}
				any_ci = 1;
			}
		}
		if (!isnan(t)) {
			m = chart_add_segment(c, t, y - TARGET_HALF, t, y + TARGET_HALF);
			if (m) {
				m->stroke = chart_rgb(BLACK);
				m->width_pt = 2.6;
			}
			any_target = 1;
		}
		/* The value in a column right of the plot. */
		if (isnan(v)) {
			m = chart_add_text(c, c->x.max, y, chart_word(CHART_WORD_NO_DATA, s->locale),
					   CHART_ROLE_NOTE, CHART_ANCHOR_W);
			if (m)
				m->fill = chart_rgb(0x767676);
		} else {
			format_value(v, dec, s->percent, s->show_sign, s->locale, buf, sizeof buf);
			m = chart_add_text(c, c->x.max, y, buf, CHART_ROLE_LABEL, CHART_ANCHOR_W);
			if (m) {
				m->bold = 1;
				m->fill = chart_rgb(BLACK);
			}
		}
		if (m)
			m->dx_pt = 8;
	}
	if (any_target)
		target_label(c, s, dec);

	for (size_t k = 0; k <= s->n_edges; k++) {
		struct chart_legend_entry *e;

		if (s->band_names && s->band_names[k])
			snprintf(buf, sizeof buf, "%s", s->band_names[k]);
		else
			band_range(s, k, buf, sizeof buf);
		e = chart_add_legend(c, CHART_SWATCH_RECT, buf);
		if (e) {
			e->fill = band_grey(k, s->n_edges + 1, dir);
			e->stroke = chart_rgb(0xB3B3B3);
		}
	}
	{
		struct chart_legend_entry *e =
			chart_add_legend(c, CHART_SWATCH_RECT, chart_word(CHART_WORD_ACTUAL, s->locale));

		if (e)
			e->fill = chart_rgb(BAR);
	}
	if (any_ci)
		chart_compose_caption(c, &s->labels, ci_note[s->locale == CHART_LOCALE_TR]);
	if (chart_status(c, d) < 0) {
		chart_free(c);
		return NULL;
	}
	return c;
}
