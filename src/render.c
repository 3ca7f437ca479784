/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render: page layout of a chart model, generic mark drawing, PNG/PDF/SVG output via temp file + rename. */
#include "clusterbench/render.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>

#include "clusterbench/mem.h"

/* Page margins and gaps, in points. */
#define M_L 20.0
#define M_R 22.0
#define M_T 18.0
#define M_B 14.0
#define GAP_TICK 6.0       /* tick labels to the plot */
#define REF_LABEL_WRAP 110.0
#define ROT_LABEL_WRAP 130.0
#define MIN_PLOT 40.0      /* the plot never shrinks below this */
#define LAYOUT_ROUNDS 8

static const double rot_angle = -M_PI / 4;

/* A measured text. */
struct tl {
	PangoLayout *l;
	double w, h;
};

/* A text placed on the page (text marks and reference-line labels). */
struct placed {
	struct tl t;
	double left, top;
	double ax, ay;          /* the data point it belongs to (leader lines) */
	unsigned group;
	struct chart_color color;
	int halo;
	int moved;              /* dodged away from its wish */
};

struct page {
	double content_w;
	struct tl title, subtitle, caption, ytitle, xtitle;
	double title_y, subtitle_y, caption_y, ytitle_y, xtitle_y;
	struct tl *legend;      /* labels of the legend entries */
	double *legend_x, *legend_yy;
	double legend_row_h;
	struct tl *yt;          /* y tick labels */
	size_t y_stride;
	struct tl *xt;          /* x tick labels, rebuilt for each plot width */
	size_t x_stride;
	int x_rotated;
	double xt_height;       /* room the x tick labels take below the plot */
	double xt_left, xt_right;
	struct placed *texts;   /* one per mark (only TEXT marks used) */
	struct placed *refl;    /* one per reference line (label may be absent) */
	double strip_y, strip_h, strip_row_h;
	int strip_rows;         /* rows of labels of vertical lines (0..2) */
	int hide_optional;      /* optional texts collide: none is drawn */
	unsigned char *dropped; /* per mark: a CHART_OPTIONAL_EACH text left out */
	double top_limit, bottom_limit;
};

static int tl_make(struct render_ctx *rc, struct tl *t, const char *text, const char *sub,
		   enum chart_role role, int bold, double wrap, PangoAlignment al)
{
	t->l = render_layout(rc, text, sub, role, bold, wrap, al);
	if (!t->l) {
		t->w = t->h = 0;
		return -1;
	}
	render_layout_size(t->l, &t->w, &t->h);
	return 0;
}

static void tl_free(struct tl *t)
{
	if (t->l)
		g_object_unref(t->l);
	t->l = NULL;
}

static void *xcalloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

static double map_x(const struct render_ctx *rc, double v)
{
	return render_map(&rc->chart->x, v, rc->px0, rc->px1);
}

static double map_y(const struct render_ctx *rc, double v)
{
	return render_map(&rc->chart->y, v, rc->py1, rc->py0);
}

static const struct chart_color ink_title = { 0x1A, 0x1A, 0x1A, 255 };
static const struct chart_color ink_sub = { 0x55, 0x55, 0x55, 255 };
static const struct chart_color ink_caption = { 0x6B, 0x6B, 0x6B, 255 };
static const struct chart_color ink_axis = { 0x44, 0x44, 0x44, 255 };
static const struct chart_color ink_grid = { 0xDE, 0xDE, 0xDE, 255 };

/* ---- measuring ---------------------------------------------------------- */

static int numeric(const struct chart_axis *a)
{
	return a->scale != CHART_SCALE_BAND;
}

static double band_y_wrap(const struct page *pg, const struct chart_axis *a)
{
	return a->wrap_pt > 0 ? a->wrap_pt : 0.3 * pg->content_w;
}

/* Lines of a wrapped text line up on the side of its anchor. */
static PangoAlignment text_align(enum chart_anchor a)
{
	switch (a) {
	case CHART_ANCHOR_E:
	case CHART_ANCHOR_NE:
	case CHART_ANCHOR_SE:
		return PANGO_ALIGN_RIGHT;
	case CHART_ANCHOR_W:
	case CHART_ANCHOR_NW:
	case CHART_ANCHOR_SW:
		return PANGO_ALIGN_LEFT;
	default:
		return PANGO_ALIGN_CENTER;
	}
}

/* Layouts that do not depend on the plot size. */
static int measure_fixed(struct render_ctx *rc, struct page *pg)
{
	const struct chart *c = rc->chart;
	int rc_ok = 0;

	pg->content_w = rc->width - M_L - M_R;
	if (c->title)
		rc_ok |= tl_make(rc, &pg->title, c->title, NULL, CHART_ROLE_TITLE, 1, pg->content_w,
				 PANGO_ALIGN_LEFT);
	if (c->subtitle)
		rc_ok |= tl_make(rc, &pg->subtitle, c->subtitle, NULL, CHART_ROLE_SUBTITLE, 0,
				 pg->content_w, PANGO_ALIGN_LEFT);
	if (c->caption)
		rc_ok |= tl_make(rc, &pg->caption, c->caption, NULL, CHART_ROLE_CAPTION, 0,
				 pg->content_w, PANGO_ALIGN_LEFT);
	if (c->y.title)
		rc_ok |= tl_make(rc, &pg->ytitle, c->y.title, NULL, CHART_ROLE_AXIS_TITLE, 0,
				 pg->content_w, PANGO_ALIGN_LEFT);
	if (c->x.title)
		rc_ok |= tl_make(rc, &pg->xtitle, c->x.title, NULL, CHART_ROLE_AXIS_TITLE, 0,
				 pg->content_w, PANGO_ALIGN_CENTER);
	pg->legend = xcalloc(c->n_legend, sizeof *pg->legend);
	pg->legend_x = xcalloc(c->n_legend, sizeof *pg->legend_x);
	pg->legend_yy = xcalloc(c->n_legend, sizeof *pg->legend_yy);
	pg->yt = xcalloc(c->y.n_ticks, sizeof *pg->yt);
	pg->xt = xcalloc(c->x.n_ticks, sizeof *pg->xt);
	pg->texts = xcalloc(c->n_marks, sizeof *pg->texts);
	pg->refl = xcalloc(c->n_refs, sizeof *pg->refl);
	pg->dropped = xcalloc(c->n_marks, sizeof *pg->dropped);
	if (!pg->legend || !pg->legend_x || !pg->legend_yy || !pg->yt || !pg->xt || !pg->texts ||
	    !pg->refl || !pg->dropped)
		return -1;
	if (c->legend_pos == CHART_LEGEND_TOP)
		for (size_t i = 0; i < c->n_legend; i++)
			rc_ok |= tl_make(rc, &pg->legend[i], c->legend[i]->label, NULL,
					 CHART_ROLE_LEGEND, 0, pg->content_w - 30, PANGO_ALIGN_LEFT);
	for (size_t i = 0; i < c->y.n_ticks; i++) {
		const struct chart_tick *t = &c->y.ticks[i];

		if (!t->label && !t->sublabel)
			continue;
		rc_ok |= tl_make(rc, &pg->yt[i], t->label, t->sublabel, CHART_ROLE_TICK, 0,
				 numeric(&c->y) ? 0 : band_y_wrap(pg, &c->y), PANGO_ALIGN_RIGHT);
	}
	for (size_t i = 0; i < c->n_marks; i++) {
		const struct chart_mark *m = c->marks[i];

		if (m->kind != CHART_MARK_TEXT || !m->text || !m->n_pts)
			continue;
		rc_ok |= tl_make(rc, &pg->texts[i].t, m->text, NULL, m->role, m->bold, m->wrap_pt,
				 text_align(m->anchor));
		pg->texts[i].color = m->fill;
		pg->texts[i].halo = m->halo;
	}
	for (size_t i = 0; i < c->n_refs; i++) {
		const struct chart_refline *r = c->refs[i];

		if (!r->label || !*r->label)
			continue;
		rc_ok |= tl_make(rc, &pg->refl[i].t, r->label, NULL, CHART_ROLE_LABEL, 0,
				 r->axis == 'y' ? REF_LABEL_WRAP : pg->content_w / 2,
				 PANGO_ALIGN_LEFT);
		pg->refl[i].color = chart_mix(r->color, chart_rgb(0), 0.2);
		pg->refl[i].halo = 1;
	}
	return rc_ok ? -1 : 0;
}

static void legend_swatch_w(const struct chart_legend_entry *e, double *w)
{
	*w = e->swatch == CHART_SWATCH_LINE ? 18 : 10;
}

/* The fixed stack above the plot: title, subtitle, legend, y title, strip. */
static void stack_top(struct render_ctx *rc, struct page *pg)
{
	const struct chart *c = rc->chart;
	double y = M_T;

	if (pg->title.l) {
		pg->title_y = y;
		y += pg->title.h;
	}
	if (pg->subtitle.l) {
		y += pg->title.l ? 2 : 0;
		pg->subtitle_y = y;
		y += pg->subtitle.h;
	}
	if (pg->title.l || pg->subtitle.l)
		y += 10;
	if (c->legend_pos == CHART_LEGEND_TOP && c->n_legend) {
		double x = 0, row_h = 0;
		size_t row = 0;

		for (size_t i = 0; i < c->n_legend; i++)
			row_h = fmax(row_h, fmax(pg->legend[i].h, 11));
		pg->legend_row_h = row_h;
		for (size_t i = 0; i < c->n_legend; i++) {
			double sw, ew;

			legend_swatch_w(c->legend[i], &sw);
			ew = sw + 5 + pg->legend[i].w;
			if (x > 0 && x + ew > pg->content_w) {
				row++;
				x = 0;
			}
			pg->legend_x[i] = M_L + x;
			pg->legend_yy[i] = y + (double)row * (row_h + 3);
			x += ew + 16;
		}
		y += (double)(row + 1) * (row_h + 3) + 6;
	}
	if (pg->ytitle.l) {
		pg->ytitle_y = y;
		y += pg->ytitle.h + 4;
	}
	pg->strip_h = 0;
	pg->strip_row_h = 0;
	pg->strip_rows = 0;
	for (size_t i = 0; i < c->n_refs; i++)
		if (c->refs[i]->axis == 'x' && pg->refl[i].t.l) {
			pg->strip_row_h = fmax(pg->strip_row_h, pg->refl[i].t.h + 2);
			pg->strip_rows = pg->strip_rows ? 2 : 1;
		}
	pg->strip_h = pg->strip_rows * pg->strip_row_h + (pg->strip_rows ? 1 : 0);
	pg->strip_y = y;
	y += pg->strip_h;
	pg->top_limit = y;
	/* Numeric y labels are centred on their ticks: half a line above the top. */
	if (numeric(&c->y)) {
		double h = 0;

		for (size_t i = 0; i < c->y.n_ticks; i++)
			h = fmax(h, pg->yt[i].h);
		y += h / 2 + 1;
	}
	rc->py0 = y;
}

static void stack_bottom(struct page *pg, double height)
{
	double y = height - M_B;

	if (pg->caption.l) {
		y -= pg->caption.h;
		pg->caption_y = y;
		y -= 10;
	}
	if (pg->xtitle.l) {
		y -= pg->xtitle.h;
		pg->xtitle_y = y;
		y -= 3;
	}
	pg->bottom_limit = y;
}

/* Top-left corner, in page points, of a box drawn rotated by rot_angle
 * about that corner so that its right-middle point lands at (tx, ty). */
static void rotated_origin(double tx, double ty, double w, double h, double *ox, double *oy)
{
	double cs = cos(rot_angle), sn = sin(rot_angle);
	double bx = -w, by = -h / 2;

	*ox = tx + bx * cs - by * sn;
	*oy = ty + bx * sn + by * cs;
}

/* Lays out the x tick labels for the current plot width. */
static int measure_x(struct render_ctx *rc, struct page *pg)
{
	const struct chart *c = rc->chart;
	const struct chart_axis *a = &c->x;
	double plot_w = rc->px1 - rc->px0;
	double maxh = 0;
	int rc_ok = 0;

	for (size_t i = 0; i < a->n_ticks; i++)
		tl_free(&pg->xt[i]);
	pg->x_rotated = 0;
	pg->x_stride = 1;
	pg->xt_height = 0;
	pg->xt_left = rc->px0;
	pg->xt_right = rc->px1;
	if (!a->n_ticks)
		return 0;
	if (a->scale == CHART_SCALE_BAND) {
		double band_w = plot_w / (a->max - a->min);
		double wrap = a->wrap_pt > 0 ? fmin(a->wrap_pt, band_w - 6) : band_w - 6;
		int fits = wrap >= 18;

		for (size_t i = 0; i < a->n_ticks && fits; i++) {
			const struct chart_tick *t = &a->ticks[i];
			int lines;

			if (!t->label && !t->sublabel)
				continue;
			rc_ok |= tl_make(rc, &pg->xt[i], t->label, t->sublabel, CHART_ROLE_TICK, 0,
					 wrap, PANGO_ALIGN_CENTER);
			if (!pg->xt[i].l)
				break;
			/* Whole words only: a word wider than its band may borrow
			 * room from its neighbours, else the labels are rotated. */
			pango_layout_set_wrap(pg->xt[i].l, PANGO_WRAP_WORD);
			render_layout_size(pg->xt[i].l, &pg->xt[i].w, &pg->xt[i].h);
			lines = pango_layout_get_line_count(pg->xt[i].l) - (t->sublabel ? 1 : 0);
			if (lines > 3)
				fits = 0;
			maxh = fmax(maxh, pg->xt[i].h);
		}
		if (fits) {
			double prev_right = -1e300;

			for (size_t i = 0; i < a->n_ticks; i++) {
				double x = map_x(rc, a->ticks[i].value);

				if (!pg->xt[i].l)
					continue;
				if (x - pg->xt[i].w / 2 < prev_right + 6)
					fits = 0;
				prev_right = x + pg->xt[i].w / 2;
				pg->xt_left = fmin(pg->xt_left, x - pg->xt[i].w / 2);
				pg->xt_right = fmax(pg->xt_right, prev_right);
			}
		}
		if (fits) {
			pg->xt_height = GAP_TICK + maxh + 4;
			return rc_ok ? -1 : 0;
		}
		pg->xt_left = rc->px0;
		pg->xt_right = rc->px1;
		/* Rotated 45 degrees, ending at the tick. */
		pg->x_rotated = 1;
		maxh = 0;
		{
			/* Long labels wrap so as to take at most ~40 % of the page
			 * height; labels are thinned when their blocks would touch. */
			double wrap_rot = a->wrap_pt > 0 ? a->wrap_pt
							 : fmax(ROT_LABEL_WRAP,
								0.4 * rc->height / sin(M_PI / 4));
			double line_h = 0, left = rc->px1, below = 0;

			for (size_t i = 0; i < a->n_ticks; i++) {
				const struct chart_tick *t = &a->ticks[i];

				tl_free(&pg->xt[i]);
				if (!t->label && !t->sublabel)
					continue;
				rc_ok |= tl_make(rc, &pg->xt[i], t->label, t->sublabel,
						 CHART_ROLE_TICK, 0, wrap_rot, PANGO_ALIGN_RIGHT);
				line_h = fmax(line_h, pg->xt[i].h);
			}
			pg->x_stride = 1;
			while (band_w * (double)pg->x_stride * sin(M_PI / 4) < line_h + 1 &&
			       pg->x_stride < a->n_ticks)
				pg->x_stride++;
			for (size_t i = 0; i < a->n_ticks; i += pg->x_stride) {
				double w = pg->xt[i].w, h = pg->xt[i].h;
				double tx = map_x(rc, a->ticks[i].value);

				below = fmax(below, (w + h / 2) * sin(M_PI / 4) + h * 0.36);
				left = fmin(left, tx - (w + h / 2) * cos(M_PI / 4));
			}
			pg->xt_height = 4 + below + 4;
			pg->xt_left = left;
		}
		return rc_ok ? -1 : 0;
	}
	/* Numeric x: centred labels, thinned when they would touch. */
	{
		double maxw = 0, spacing = plot_w;

		for (size_t i = 0; i < a->n_ticks; i++) {
			const struct chart_tick *t = &a->ticks[i];

			if (!t->label)
				continue;
			rc_ok |= tl_make(rc, &pg->xt[i], t->label, t->sublabel, CHART_ROLE_TICK, 0, 0,
					 PANGO_ALIGN_CENTER);
			maxw = fmax(maxw, pg->xt[i].w);
			maxh = fmax(maxh, pg->xt[i].h);
		}
		for (size_t i = 1; i < a->n_ticks; i++)
			spacing = fmin(spacing, fabs(map_x(rc, a->ticks[i].value) -
						     map_x(rc, a->ticks[i - 1].value)));
		while ((double)pg->x_stride * spacing < maxw + 8 && pg->x_stride < a->n_ticks)
			pg->x_stride++;
		pg->xt_height = GAP_TICK + 2 + maxh + 3;
		for (size_t i = 0; i < a->n_ticks; i += pg->x_stride) {
			double x = map_x(rc, a->ticks[i].value);

			pg->xt_left = fmin(pg->xt_left, x - pg->xt[i].w / 2);
			pg->xt_right = fmax(pg->xt_right, x + pg->xt[i].w / 2);
		}
	}
	return rc_ok ? -1 : 0;
}

/* Work arrays of place_texts, one slot per text mark or reference line. */
struct dodge_work {
	struct placed **items;
	double *want, *size, *out;
};

/* Each text at its wish: marks at their anchor, labels of horizontal
 * lines right of the plot, labels of vertical lines in the strip. */
static void initial_places(struct render_ctx *rc, struct page *pg)
{
	const struct chart *c = rc->chart;

	for (size_t i = 0; i < c->n_marks; i++) {
		const struct chart_mark *m = c->marks[i];
		struct placed *p = &pg->texts[i];

		if (!p->t.l)
			continue;
		p->ax = map_x(rc, m->pts[0].x);
		p->ay = map_y(rc, m->pts[0].y);
		render_anchor_box(m->anchor, p->ax + m->dx_pt, p->ay + m->dy_pt, p->t.w, p->t.h,
				  &p->left, &p->top);
		p->moved = 0;
		p->group = m->group;
	}
	for (size_t i = 0; i < c->n_refs; i++) {
		const struct chart_refline *r = c->refs[i];
		struct placed *p = &pg->refl[i];

		if (!p->t.l)
			continue;
		if (r->axis == 'y') {
			p->ax = rc->px1;
			p->ay = map_y(rc, r->value);
			p->left = rc->px1 + 5;
			p->top = p->ay - p->t.h / 2;
			p->group = 1;
		} else {
			p->ax = map_x(rc, r->value);
			p->ay = rc->py0;
			p->left = p->ax + 3;
			p->top = pg->strip_y;
			p->group = 0;
		}
		p->moved = 0;
	}
}

/* The smallest group number above `after` among the texts, or 0. */
static unsigned next_group(const struct page *pg, const struct chart *c, unsigned after)
{
	unsigned g = 0;

	for (size_t i = 0; i < c->n_marks + c->n_refs; i++) {
		const struct placed *p = i < c->n_marks ? &pg->texts[i] : &pg->refl[i - c->n_marks];

		if (p->t.l && p->group > after && (!g || p->group < g))
			g = p->group;
	}
	return g;
}

/* Moves the texts of each non-zero group apart vertically. */
static int dodge_groups(struct render_ctx *rc, struct page *pg, struct dodge_work *w,
			struct diag *d)
{
	const struct chart *c = rc->chart;

	for (unsigned g = next_group(pg, c, 0); g; g = next_group(pg, c, g)) {
		size_t n = 0;

		for (size_t i = 0; i < c->n_marks + c->n_refs; i++) {
			struct placed *p = i < c->n_marks ? &pg->texts[i] : &pg->refl[i - c->n_marks];

			if (p->t.l && p->group == g)
				w->items[n++] = p;
		}
		for (size_t k = 0; k < n; k++) {
			w->want[k] = w->items[k]->top + w->items[k]->t.h / 2;
			w->size[k] = w->items[k]->t.h;
		}
		if (chart_dodge(n, w->want, w->size, 1.0, rc->py0 - 4, rc->py1 + 4, w->out, d) < 0)
			return -1;
		for (size_t k = 0; k < n; k++) {
			w->items[k]->top = w->out[k] - w->items[k]->t.h / 2;
			w->items[k]->moved = fabs(w->out[k] - w->want[k]) > 2;
		}
	}
	return 0;
}

/* Labels of vertical lines: right of their line, else left of it, in the
 * first of the strip's rows where they touch no other label. */
static void place_strip_labels(struct render_ctx *rc, struct page *pg, struct dodge_work *w)
{
	const struct chart *c = rc->chart;
	struct placed **items = w->items;
	size_t n = 0;

	for (size_t i = 0; i < c->n_refs; i++)
		if (pg->refl[i].t.l && c->refs[i]->axis == 'x')
			items[n++] = &pg->refl[i];
	for (size_t k = 1; k < n; k++)
		for (size_t j = k; j > 0 && items[j - 1]->ax > items[j]->ax; j--) {
			struct placed *t = items[j];

			items[j] = items[j - 1];
			items[j - 1] = t;
		}
	for (size_t k = 0; k < n; k++) {
		struct placed *p = items[k];
		int placed = 0;

		for (int cand = 0; cand < 2 * pg->strip_rows && !placed; cand++) {
			double left = cand % 2 ? p->ax - 3 - p->t.w : p->ax + 3;
			double top = pg->strip_y + (cand / 2) * pg->strip_row_h;
			int clash = left < M_L || left + p->t.w > rc->width - M_R;

			for (size_t j = 0; j < k && !clash; j++)
				if (items[j]->top == top && left < items[j]->left + items[j]->t.w + 6 &&
				    items[j]->left < left + p->t.w + 6)
					clash = 1;
			if (!clash) {
				p->left = left;
				p->top = top;
				placed = 1;
			}
		}
		if (!placed) {
			p->top = pg->strip_y;
			if (p->left + p->t.w > rc->width - M_R)
				p->left = p->ax - 3 - p->t.w;
		}
	}
}

static int overlap(const struct placed *p, const struct placed *q)
{
	return p->left < q->left + q->t.w && q->left < p->left + p->t.w &&
	       p->top < q->top + q->t.h && q->top < p->top + p->t.h;
}

/* Texts placed one by one: CHART_OPTIONAL_EACH and CHART_OPTIONAL_KEEP. */
static int optional_each(const struct chart *c, size_t i)
{
	return c->marks[i]->optional == CHART_OPTIONAL_EACH ||
	       c->marks[i]->optional == CHART_OPTIONAL_KEEP;
}

/* Optional texts are all left out when any of them would collide (texts
 * that may be left out one by one yield to them). */
static int optional_collide(const struct page *pg, const struct chart *c)
{
	for (size_t i = 0; i < c->n_marks; i++) {
		if (!pg->texts[i].t.l || !c->marks[i]->optional || optional_each(c, i))
			continue;
		for (size_t j = 0; j < c->n_marks + c->n_refs; j++) {
			const struct placed *q = j < c->n_marks ? &pg->texts[j]
								: &pg->refl[j - c->n_marks];

			if (j != i && q->t.l && !(j < c->n_marks && optional_each(c, j)) &&
			    overlap(&pg->texts[i], q))
				return 1;
		}
	}
	return 0;
}

/* Whether text mark i is left out. */
static int text_hidden(const struct page *pg, const struct chart *c, size_t i)
{
	return pg->dropped[i] || (pg->hide_optional && c->marks[i]->optional &&
				  !optional_each(c, i));
}

/* How many point marks other than its own (the point at its anchor) the
 * box of p would hide (counting stops at max); a point may touch the box
 * by 30 % of its radius. */
static size_t covered_points(const struct render_ctx *rc, const struct placed *p, size_t self,
			     size_t max)
{
	const struct chart *c = rc->chart;
	const struct chart_mark *own = c->marks[self];
	size_t n = 0;

	for (size_t j = 0; j < c->n_marks; j++) {
		const struct chart_mark *m = c->marks[j];
		double x, y, r;

		if (m->kind != CHART_MARK_POINT || !m->n_pts ||
		    (m->pts[0].x == own->pts[0].x && m->pts[0].y == own->pts[0].y))
			continue;
		x = map_x(rc, m->pts[0].x);
		y = map_y(rc, m->pts[0].y);
		r = m->size_pt / 2 * 0.7;
		if (x + r > p->left && x - r < p->left + p->t.w && y + r > p->top &&
		    y - r < p->top + p->t.h && ++n >= max)
			break;
	}
	return n;
}

/* How badly text i sits where it is placed: 0 when inside the plot, over
 * no other point and overlapping no text that is drawn (nor an earlier
 * one kept); else a penalty: leaving the plot 1e6, each text overlapped
 * 1e3, each point hidden 1. With any_bad, the first fault ends the count
 * (enough to reject a place; keeps thousands of labels fast). */
static double each_penalty(const struct render_ctx *rc, const struct page *pg, size_t i,
			   int any_bad)
{
	const struct chart *c = rc->chart;
	const struct placed *p = &pg->texts[i];
	double bad = 0;

	if (p->left < rc->px0 || p->left + p->t.w > rc->px1 || p->top < rc->py0 ||
	    p->top + p->t.h > rc->py1)
		bad += 1e6;
	for (size_t j = 0; j < c->n_marks + c->n_refs && !(any_bad && bad > 0); j++) {
		const struct placed *q = j < c->n_marks ? &pg->texts[j] : &pg->refl[j - c->n_marks];

		if (j == i || !q->t.l)
			continue;
		if (j < c->n_marks && (text_hidden(pg, c, j) || (optional_each(c, j) && j > i)))
			continue;
		if (overlap(p, q))
			bad += 1e3;
	}
	if (any_bad && bad > 0)
		return bad;
	return bad + (double)covered_points(rc, p, i, any_bad ? 1 : SIZE_MAX);
}

static enum chart_anchor mirror_anchor(enum chart_anchor a)
{
	switch (a) {
	case CHART_ANCHOR_E:
		return CHART_ANCHOR_W;
	case CHART_ANCHOR_W:
		return CHART_ANCHOR_E;
	case CHART_ANCHOR_NE:
		return CHART_ANCHOR_NW;
	case CHART_ANCHOR_NW:
		return CHART_ANCHOR_NE;
	case CHART_ANCHOR_SE:
		return CHART_ANCHOR_SW;
	case CHART_ANCHOR_SW:
		return CHART_ANCHOR_SE;
	default:
		return a;
	}
}

/*
 * Texts placed one by one (point labels), in mark order: each tries its
 * own place, the mirrored one (other side of its point), above and below
 * the point. CHART_OPTIONAL_EACH takes the first place with no penalty
 * (each_penalty) or is dropped; CHART_OPTIONAL_KEEP takes the first place
 * with the least penalty and is always drawn.
 */
static void drop_each(const struct render_ctx *rc, struct page *pg)
{
	const struct chart *c = rc->chart;

	memset(pg->dropped, 0, c->n_marks * sizeof *pg->dropped);
	for (size_t i = 0; i < c->n_marks; i++) {
		const struct chart_mark *m = c->marks[i];
		struct placed *p = &pg->texts[i];
		double r = fmax(fabs(m->dx_pt), fabs(m->dy_pt)), best = HUGE_VAL;
		double best_left = 0, best_top = 0;

		if (!p->t.l || !optional_each(c, i))
			continue;
		for (int cand = 0; cand < 4 && best > 0; cand++) {
			enum chart_anchor a = cand == 0	  ? m->anchor
					      : cand == 1 ? mirror_anchor(m->anchor)
					      : cand == 2 ? CHART_ANCHOR_S
							  : CHART_ANCHOR_N;
			double dx = cand == 0 ? m->dx_pt : cand == 1 ? -m->dx_pt : 0;
			double dy = cand < 2 ? m->dy_pt : cand == 2 ? -r : r;
			double bad;

			render_anchor_box(a, p->ax + dx, p->ay + dy, p->t.w, p->t.h, &p->left,
					  &p->top);
			bad = each_penalty(rc, pg, i, m->optional == CHART_OPTIONAL_EACH);
			if (bad < best) {
				best = bad;
				best_left = p->left;
				best_top = p->top;
			}
		}
		p->left = best_left;
		p->top = best_top;
		pg->dropped[i] = best > 0 && m->optional == CHART_OPTIONAL_EACH;
	}
}

/* Places the text marks and reference-line labels for the current plot,
 * moving the labels of each group apart. Returns their bounding box. */
static int place_texts(struct render_ctx *rc, struct page *pg, double *bl, double *bt,
		       double *br, double *bb, struct diag *d)
{
	const struct chart *c = rc->chart;
	size_t n_all = c->n_marks + c->n_refs;
	struct dodge_work w;
	int ret = 0;

	w.items = xcalloc(n_all, sizeof *w.items);
	w.want = xcalloc(n_all, sizeof *w.want);
	w.size = xcalloc(n_all, sizeof *w.size);
	w.out = xcalloc(n_all, sizeof *w.out);
	*bl = rc->px0;
	*br = rc->px1;
	*bt = rc->py0;
	*bb = rc->py1;
	if (!w.items || !w.want || !w.size || !w.out) {
		ret = diag_set(d, DIAG_INTERNAL, "out of memory");
		goto done;
	}
	initial_places(rc, pg);
	if (dodge_groups(rc, pg, &w, d) < 0) {
		ret = -1;
		goto done;
	}
	place_strip_labels(rc, pg, &w);
	pg->hide_optional = optional_collide(pg, c);
	drop_each(rc, pg);
	for (size_t i = 0; i < n_all; i++) {
		const struct placed *p = i < c->n_marks ? &pg->texts[i] : &pg->refl[i - c->n_marks];

		if (!p->t.l || (i < c->n_marks && text_hidden(pg, c, i)))
			continue;
		*bl = fmin(*bl, p->left);
		*br = fmax(*br, p->left + p->t.w);
		/* The strip above the plot is reserved for the vertical lines' labels. */
		if (i < c->n_marks || c->refs[i - c->n_marks]->axis == 'y')
			*bt = fmin(*bt, p->top);
		*bb = fmax(*bb, p->top + p->t.h);
	}
done:
	free(w.items);
	free(w.want);
	free(w.size);
	free(w.out);
	return ret;
}

/* A radar (kind "radar", drawn in a data square) needs a square plot so
 * that its circle stays round: the largest square centred in the room. */
static void square_plot(struct render_ctx *rc)
{
	double w = rc->px1 - rc->px0, h = rc->py1 - rc->py0;

	if (w > h) {
		rc->px0 += (w - h) / 2;
		rc->px1 = rc->px0 + h;
	} else {
		rc->py0 += (h - w) / 2;
		rc->py1 = rc->py0 + w;
	}
}

/* Repeats: x labels for the width, texts for the plot, then shrinks the
 * plot by whatever sticks out of the page, until nothing moves. */
static int fit_plot(struct render_ctx *rc, struct page *pg, struct diag *d)
{
	const struct chart *c = rc->chart;
	double ytick_w = 0;
	double right_limit = rc->width - M_R;
	int square = strcmp(c->kind, "radar") == 0;
	double room_x0, room_x1, room_y0, cut_bottom = 0;

	for (size_t i = 0; i < c->y.n_ticks; i++)
		ytick_w = fmax(ytick_w, pg->yt[i].w);
	rc->px0 = M_L + (ytick_w > 0 ? ytick_w + GAP_TICK : 0);
	rc->px1 = right_limit;
	for (size_t i = 0; i < c->n_refs; i++)
		if (c->refs[i]->axis == 'y' && pg->refl[i].t.l)
			rc->px1 = fmin(rc->px1, right_limit - pg->refl[i].t.w - 5);
	room_x0 = rc->px0;
	room_x1 = rc->px1;
	room_y0 = rc->py0;
	for (int round = 0; round < LAYOUT_ROUNDS; round++) {
		double bl, bt, br, bb, dl, dr, dt, db, room_y1;

		rc->px0 = room_x0;
		rc->px1 = room_x1;
		rc->py0 = room_y0;
		if (measure_x(rc, pg) < 0)
			return diag_set(d, DIAG_IO, "text layout failed");
		rc->py1 = pg->bottom_limit - pg->xt_height - cut_bottom;
		if (rc->py1 - rc->py0 < MIN_PLOT)
			rc->py1 = rc->py0 + MIN_PLOT;
		room_y1 = rc->py1;
		if (square)
			square_plot(rc);
		if (place_texts(rc, pg, &bl, &bt, &br, &bb, d) < 0)
			return -1;
		bl = fmin(bl, pg->xt_left);
		br = fmax(br, pg->xt_right);
		dl = fmax(0, M_L - bl);
		dr = fmax(0, br - right_limit);
		dt = fmax(0, pg->top_limit - bt);
		/* The square's texts all around it must clear the bottom too. */
		db = square ? fmax(0, bb - (pg->bottom_limit - pg->xt_height)) : 0;
		if (dl < 0.05 && dr < 0.05 && dt < 0.05 && db < 0.05)
			break;
		if (room_y1 - db - room_y0 >= MIN_PLOT)
			cut_bottom += db;
		if (room_x1 - dr - (room_x0 + dl) >= MIN_PLOT) {
			room_x0 += dl;
			room_x1 -= dr;
		}
		if (room_y1 - (room_y0 + dt) >= MIN_PLOT)
			room_y0 += dt;
	}
	return 0;
}

/* ---- drawing ------------------------------------------------------------ */

static void draw_grid(struct render_ctx *rc)
{
	const struct chart *c = rc->chart;
	cairo_t *cr = rc->cr;

	cairo_save(cr);
	render_set_color(cr, ink_grid);
	cairo_set_line_width(cr, 0.6);
	if (c->y.grid)
		for (size_t i = 0; i < c->y.n_ticks; i++) {
			double v = c->y.ticks[i].value, y;

			if (v < c->y.min || v > c->y.max)
				continue;
			y = map_y(rc, v);
			cairo_move_to(cr, rc->px0, y);
			cairo_line_to(cr, rc->px1, y);
		}
	if (c->x.grid)
		for (size_t i = 0; i < c->x.n_ticks; i++) {
			double v = c->x.ticks[i].value, x;

			if (v < c->x.min || v > c->x.max)
				continue;
			x = map_x(rc, v);
			cairo_move_to(cr, x, rc->py0);
			cairo_line_to(cr, x, rc->py1);
		}
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void draw_refs(struct render_ctx *rc, const struct page *pg, int above)
{
	const struct chart *c = rc->chart;
	cairo_t *cr = rc->cr;

	for (size_t i = 0; i < c->n_refs; i++) {
		const struct chart_refline *r = c->refs[i];

		if (!!r->above != above || r->color.a == 0)
			continue;
		cairo_save(cr);
		render_set_color(cr, r->color);
		cairo_set_line_width(cr, r->width_pt);
		render_set_dash(cr, r->dash, r->width_pt);
		if (r->axis == 'y') {
			double y = map_y(rc, r->value);

			cairo_move_to(cr, rc->px0, y);
			cairo_line_to(cr, rc->px1, y);
		} else {
			double x = map_x(rc, r->value);

			/* A labelled vertical line reaches up to its label. */
			cairo_move_to(cr, x, pg->refl[i].t.l ? pg->refl[i].top + 1 : rc->py0);
			cairo_line_to(cr, x, rc->py1);
		}
		cairo_stroke(cr);
		cairo_restore(cr);
	}
}

static void fill_stroke(cairo_t *cr, struct chart_color fill, struct chart_color stroke,
			double width, enum chart_dash dash)
{
	if (fill.a) {
		render_set_color(cr, fill);
		if (stroke.a)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (stroke.a && width > 0) {
		render_set_color(cr, stroke);
		cairo_set_line_width(cr, width);
		render_set_dash(cr, dash, width);
		cairo_stroke(cr);
	}
	cairo_new_path(cr);
}

static double luminance(struct chart_color c)
{
	return (0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b) / 255.0;
}

static void draw_mark(struct render_ctx *rc, const struct chart_mark *m)
{
	cairo_t *cr = rc->cr;

	if (!m->n_pts)
		return;
	cairo_save(cr);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	switch (m->kind) {
	case CHART_MARK_RECT:
	case CHART_MARK_CELL: {
		double x0, y0, x1, y1;

		if (m->n_pts < 2)
			break;
		x0 = map_x(rc, m->pts[0].x);
		x1 = map_x(rc, m->pts[1].x);
		y0 = map_y(rc, m->pts[0].y);
		y1 = map_y(rc, m->pts[1].y);
		cairo_rectangle(cr, fmin(x0, x1), fmin(y0, y1), fabs(x1 - x0), fabs(y1 - y0));
		fill_stroke(cr, m->fill, m->stroke, m->width_pt, m->dash);
		if (m->kind == CHART_MARK_CELL && m->text && *m->text) {
			PangoLayout *l = render_layout(rc, m->text, NULL, m->role, m->bold, 0,
						       PANGO_ALIGN_CENTER);
			struct chart_color ink = luminance(m->fill) < 0.45 ? chart_rgb(0xFFFFFF)
									  : chart_rgb(0x1A1A1A);
			double w, h;

			if (l) {
				render_layout_size(l, &w, &h);
				render_layout_draw(rc, l, (x0 + x1) / 2 - w / 2, (y0 + y1) / 2 - h / 2,
						   0, ink, 0);
				g_object_unref(l);
			}
		}
		break;
	}
	case CHART_MARK_POINT:
		render_shape_path(cr, m->shape, map_x(rc, m->pts[0].x), map_y(rc, m->pts[0].y),
				  m->size_pt);
		fill_stroke(cr, m->fill, m->stroke, m->width_pt, CHART_DASH_SOLID);
		break;
	case CHART_MARK_LINE:
	case CHART_MARK_POLYGON:
		for (size_t i = 0; i < m->n_pts; i++) {
			double x = map_x(rc, m->pts[i].x), y = map_y(rc, m->pts[i].y);

			if (i == 0)
				cairo_move_to(cr, x, y);
			else
				cairo_line_to(cr, x, y);
		}
		if (m->kind == CHART_MARK_POLYGON) {
			cairo_close_path(cr);
			fill_stroke(cr, m->fill, m->stroke, m->width_pt, m->dash);
		} else {
			cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
			fill_stroke(cr, CHART_NONE, m->stroke, m->width_pt, m->dash);
		}
		break;
	case CHART_MARK_SEGMENT: {
		double x0, y0, x1, y1;

		if (m->n_pts < 2)
			break;
		x0 = map_x(rc, m->pts[0].x);
		y0 = map_y(rc, m->pts[0].y);
		x1 = map_x(rc, m->pts[1].x);
		y1 = map_y(rc, m->pts[1].y);
		cairo_move_to(cr, x0, y0);
		cairo_line_to(cr, x1, y1);
		if (m->cap > 0) {
			if (fabs(x1 - x0) <= fabs(y1 - y0)) {
				/* Vertical: caps span cap x units either side. */
				double hw = fabs(map_x(rc, m->pts[0].x + m->cap) - x0);

				cairo_move_to(cr, x0 - hw, y0);
				cairo_line_to(cr, x0 + hw, y0);
				cairo_move_to(cr, x1 - hw, y1);
				cairo_line_to(cr, x1 + hw, y1);
			} else {
				double hh = fabs(map_y(rc, m->pts[0].y + m->cap) - y0);

				cairo_move_to(cr, x0, y0 - hh);
				cairo_line_to(cr, x0, y0 + hh);
				cairo_move_to(cr, x1, y1 - hh);
				cairo_line_to(cr, x1, y1 + hh);
			}
		}
		fill_stroke(cr, CHART_NONE, m->stroke, m->width_pt, m->dash);
		break;
	}
	case CHART_MARK_TEXT:
		break; /* drawn after everything else */
	}
	cairo_restore(cr);
}

static void draw_texts(struct render_ctx *rc, struct page *pg)
{
	const struct chart *c = rc->chart;
	cairo_t *cr = rc->cr;

	for (int pass = 0; pass < 2; pass++) {
		struct placed *arr = pass ? pg->refl : pg->texts;
		size_t n = pass ? c->n_refs : c->n_marks;

		for (size_t i = 0; i < n; i++) {
			struct placed *p = &arr[i];

			if (!p->t.l || (!pass && text_hidden(pg, c, i)))
				continue;
			if (p->moved && !pass) {
				/* A thin leader from the point to the moved label. */
				double lx = p->left > p->ax ? p->left - 1.5 : p->left + p->t.w + 1.5;

				cairo_save(cr);
				render_set_color(cr, chart_mix(p->color, chart_rgb(0xFFFFFF), 0.35));
				cairo_set_line_width(cr, 0.6);
				cairo_move_to(cr, p->ax + (p->left > p->ax ? 2.5 : -2.5), p->ay);
				cairo_line_to(cr, lx, p->top + p->t.h / 2);
				cairo_stroke(cr);
				cairo_restore(cr);
			}
			render_layout_draw(rc, p->t.l, p->left, p->top, 0, p->color, p->halo);
		}
	}
}

static void draw_axes(struct render_ctx *rc, struct page *pg)
{
	const struct chart *c = rc->chart;
	cairo_t *cr = rc->cr;

	/* y tick labels: right-aligned left of the plot; when crowded only
	 * every k-th, keeping the one at zero. */
	{
		size_t k = 1, off = 0;
		double sp = 1e300, h = 0;

		for (size_t i = 0; i < c->y.n_ticks; i++) {
			h = fmax(h, pg->yt[i].h);
			if (i)
				sp = fmin(sp, fabs(map_y(rc, c->y.ticks[i].value) -
						   map_y(rc, c->y.ticks[i - 1].value)));
		}
		if (numeric(&c->y))
			while ((double)k * sp < h + 1 && k < c->y.n_ticks)
				k++;
		for (size_t i = 0; i < c->y.n_ticks; i++)
			if (c->y.ticks[i].value == 0)
				off = i % k;
		for (size_t i = off; i < c->y.n_ticks; i += k) {
			const struct chart_tick *t = &c->y.ticks[i];
			double y;

			if (!pg->yt[i].l || t->value < c->y.min || t->value > c->y.max)
				continue;
			y = map_y(rc, t->value);
			render_layout_draw(rc, pg->yt[i].l, rc->px0 - GAP_TICK - pg->yt[i].w,
					   y - pg->yt[i].h / 2, 0, ink_axis, 0);
		}
	}
	/* x tick labels. */
	for (size_t i = 0; i < c->x.n_ticks; i += pg->x_stride) {
		const struct chart_tick *t = &c->x.ticks[i];
		double x;

		if (!pg->xt[i].l)
			continue;
		x = map_x(rc, t->value);
		if (pg->x_rotated) {
			double ox, oy;

			rotated_origin(x, rc->py1 + 4 + pg->xt[i].h * 0.36, pg->xt[i].w,
				       pg->xt[i].h, &ox, &oy);
			render_layout_draw(rc, pg->xt[i].l, ox, oy, rot_angle, ink_axis, 0);
		} else if (c->x.scale == CHART_SCALE_BAND) {
			render_layout_draw(rc, pg->xt[i].l, x - pg->xt[i].w / 2, rc->py1 + GAP_TICK,
					   0, ink_axis, 0);
		} else {
			render_layout_draw(rc, pg->xt[i].l, x - pg->xt[i].w / 2,
					   rc->py1 + GAP_TICK + 2, 0, ink_axis, 0);
		}
	}
	/* Small tick marks under a numeric x axis (there is no vertical grid). */
	if (numeric(&c->x) && !c->x.grid && c->x.n_ticks) {
		cairo_save(cr);
		render_set_color(cr, chart_rgb(0x9A9A9A));
		cairo_set_line_width(cr, 0.6);
		for (size_t i = 0; i < c->x.n_ticks; i++) {
			double x = map_x(rc, c->x.ticks[i].value);

			cairo_move_to(cr, x, rc->py1);
			cairo_line_to(cr, x, rc->py1 + 3);
		}
		cairo_stroke(cr);
		cairo_restore(cr);
	}
	if (pg->ytitle.l)
		render_layout_draw(rc, pg->ytitle.l, M_L, pg->ytitle_y, 0, ink_axis, 0);
	if (pg->xtitle.l) {
		double x = (rc->px0 + rc->px1) / 2 - pg->xtitle.w / 2;

		x = fmax(M_L, fmin(x, rc->width - M_R - pg->xtitle.w));
		render_layout_draw(rc, pg->xtitle.l, x, pg->xtitle_y, 0, ink_axis, 0);
	}
}

static void draw_swatch(cairo_t *cr, const struct chart_legend_entry *e, double x, double cy)
{
	cairo_save(cr);
	switch (e->swatch) {
	case CHART_SWATCH_RECT:
		cairo_rectangle(cr, x, cy - 5, 10, 10);
		fill_stroke(cr, e->fill, e->stroke, 0.8, CHART_DASH_SOLID);
		break;
	case CHART_SWATCH_POINT:
		render_shape_path(cr, e->shape, x + 5, cy, 7);
		fill_stroke(cr, e->fill, e->stroke, 0.9, CHART_DASH_SOLID);
		break;
	case CHART_SWATCH_LINE:
		cairo_move_to(cr, x, cy);
		cairo_line_to(cr, x + 18, cy);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		fill_stroke(cr, CHART_NONE, e->stroke, 2, e->dash);
		break;
	case CHART_SWATCH_ERRORBAR:
		cairo_move_to(cr, x + 5, cy - 5.5);
		cairo_line_to(cr, x + 5, cy + 5.5);
		cairo_move_to(cr, x + 2, cy - 5.5);
		cairo_line_to(cr, x + 8, cy - 5.5);
		cairo_move_to(cr, x + 2, cy + 5.5);
		cairo_line_to(cr, x + 8, cy + 5.5);
		fill_stroke(cr, CHART_NONE, e->stroke, 0.9, CHART_DASH_SOLID);
		break;
	}
	cairo_restore(cr);
}

static void draw_frame_text(struct render_ctx *rc, struct page *pg)
{
	const struct chart *c = rc->chart;

	if (pg->title.l)
		render_layout_draw(rc, pg->title.l, M_L, pg->title_y, 0, ink_title, 0);
	if (pg->subtitle.l)
		render_layout_draw(rc, pg->subtitle.l, M_L, pg->subtitle_y, 0, ink_sub, 0);
	if (pg->caption.l)
		render_layout_draw(rc, pg->caption.l, M_L, pg->caption_y, 0, ink_caption, 0);
	if (c->legend_pos == CHART_LEGEND_TOP)
		for (size_t i = 0; i < c->n_legend; i++) {
			double sw, cy = pg->legend_yy[i] + pg->legend_row_h / 2;

			if (!pg->legend[i].l)
				continue;
			legend_swatch_w(c->legend[i], &sw);
			draw_swatch(rc->cr, c->legend[i], pg->legend_x[i], cy);
			render_layout_draw(rc, pg->legend[i].l, pg->legend_x[i] + sw + 5,
					   cy - pg->legend[i].h / 2, 0, ink_axis, 0);
		}
}

static void page_free(struct page *pg, const struct chart *c)
{
	tl_free(&pg->title);
	tl_free(&pg->subtitle);
	tl_free(&pg->caption);
	tl_free(&pg->ytitle);
	tl_free(&pg->xtitle);
	if (pg->legend)
		for (size_t i = 0; i < c->n_legend; i++)
			tl_free(&pg->legend[i]);
	if (pg->yt)
		for (size_t i = 0; i < c->y.n_ticks; i++)
			tl_free(&pg->yt[i]);
	if (pg->xt)
		for (size_t i = 0; i < c->x.n_ticks; i++)
			tl_free(&pg->xt[i]);
	if (pg->texts)
		for (size_t i = 0; i < c->n_marks; i++)
			tl_free(&pg->texts[i].t);
	if (pg->refl)
		for (size_t i = 0; i < c->n_refs; i++)
			tl_free(&pg->refl[i].t);
	free(pg->legend);
	free(pg->legend_x);
	free(pg->legend_yy);
	free(pg->yt);
	free(pg->xt);
	free(pg->texts);
	free(pg->refl);
	free(pg->dropped);
}

static PangoContext *make_pango(cairo_t *cr)
{
	PangoContext *pc = pango_cairo_create_context(cr);
	cairo_font_options_t *fo = cairo_font_options_create();

	/* Unhinted metrics: the same layout whatever the target and scale. */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(pc, 72);
	return pc;
}

int render_chart_cairo(const struct chart *c, cairo_t *cr, double width_pt, double height_pt,
		       const char *font_family, struct diag *d)
{
	struct render_ctx rc;
	struct page pg;
	int ret = 0;

	if (!c || !cr)
		return diag_set(d, DIAG_INTERNAL, "render: no chart");
	if (chart_status(c, d) < 0)
		return -1;
	if (!(c->x.max > c->x.min) || !(c->y.max > c->y.min) ||
	    (c->x.scale == CHART_SCALE_LOG10 && !(c->x.min > 0)) ||
	    (c->y.scale == CHART_SCALE_LOG10 && !(c->y.min > 0)))
		return diag_set(d, DIAG_INTERNAL, "render: chart '%s' has an empty axis domain",
				c->kind);
	memset(&rc, 0, sizeof rc);
	memset(&pg, 0, sizeof pg);
	rc.cr = cr;
	rc.chart = c;
	rc.family = font_family ? font_family : "DejaVu Sans";
	rc.width = width_pt;
	rc.height = height_pt;
	cairo_save(cr);
	rc.pango = make_pango(cr);
	if (!rc.pango) {
		cairo_restore(cr);
		return diag_set(d, DIAG_IO, "cannot create a text layout context");
	}
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, 0, 0, width_pt, height_pt);
	cairo_fill(cr);

	if (measure_fixed(&rc, &pg) < 0) {
		ret = diag_set(d, DIAG_INTERNAL, "out of memory");
		goto done;
	}
	stack_top(&rc, &pg);
	stack_bottom(&pg, height_pt);
	if (fit_plot(&rc, &pg, d) < 0) {
		ret = -1;
		goto done;
	}
	draw_grid(&rc);
	draw_refs(&rc, &pg, 0);
	for (size_t i = 0; i < c->n_marks; i++)
		draw_mark(&rc, c->marks[i]);
	draw_refs(&rc, &pg, 1);
	draw_axes(&rc, &pg);
	draw_texts(&rc, &pg);
	draw_frame_text(&rc, &pg);
done:
	page_free(&pg, c);
	g_object_unref(rc.pango);
	cairo_restore(cr);
	if (!ret && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		ret = diag_set(d, DIAG_IO, "drawing failed: %s",
			       cairo_status_to_string(cairo_status(cr)));
	return ret;
}

/* ---- output ------------------------------------------------------------- */

int render_format_from_name(const char *name, enum render_format *out)
{
	if (!name)
		return -1;
	if (strcmp(name, "png") == 0)
		*out = RENDER_PNG;
	else if (strcmp(name, "pdf") == 0)
		*out = RENDER_PDF;
	else if (strcmp(name, "svg") == 0)
		*out = RENDER_SVG;
	else
		return -1;
	return 0;
}

const char *render_format_name(enum render_format f)
{
	switch (f) {
	case RENDER_PDF:
		return "pdf";
	case RENDER_SVG:
		return "svg";
	default:
		return "png";
	}
}

void render_opts_init(struct render_opts *o)
{
	o->width_px = 1600;
	o->height_px = 1000;
	o->dpi = 200;
	o->font_family = "DejaVu Sans";
}

/* Where the bytes go: an fd, remembering the first write error. SVG
 * output is collected in memory (mem) and its surface ids renumbered
 * before it is written; PDF output passes through mem in blocks. */
struct sink {
	int fd;
	int err;
	int to_mem;
	unsigned char *mem;
	size_t mem_len, mem_cap;
};

static int write_all(struct sink *s, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(s->fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			s->err = errno;
			return -1;
		}
		if (w == 0) {
			s->err = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

#define SINK_BLOCK (64u << 10)

/* Writes out what a writing sink holds (not one collecting in memory). */
static int sink_flush(struct sink *s)
{
	if (s->err)
		return -1;
	if (s->to_mem || !s->mem_len)
		return 0;
	if (write_all(s, s->mem, s->mem_len) < 0)
		return -1;
	s->mem_len = 0;
	return 0;
}

/* render_png_write's output: into the sink. */
static int png_sink(void *closure, const unsigned char *p, size_t n)
{
	struct sink *s = closure;

	return s->err || write_all(s, p, n) < 0 ? -1 : 0;
}

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct sink *s = closure;
	size_t n = length;

	if (s->err)
		return CAIRO_STATUS_WRITE_ERROR;
	if (s->to_mem) {
		if (n > s->mem_cap - s->mem_len) {
			size_t cap = s->mem_cap ? s->mem_cap : 65536;
			unsigned char *p;

			while (cap - s->mem_len < n) {
				if (cap > SIZE_MAX / 2) {
					s->err = ENOMEM;
					return CAIRO_STATUS_WRITE_ERROR;
				}
				cap *= 2;
			}
			p = realloc(s->mem, cap);
			if (!p) {
				s->err = ENOMEM;
				return CAIRO_STATUS_WRITE_ERROR;
			}
			s->mem = p;
			s->mem_cap = cap;
		}
		memcpy(s->mem + s->mem_len, data, n);
		s->mem_len += n;
		return CAIRO_STATUS_SUCCESS;
	}
	/* PDF: cairo writes in pieces of a few dozen bytes; they go out in
	 * blocks of SINK_BLOCK (one system call each, not hundreds) */
	if (n > SINK_BLOCK - s->mem_len && sink_flush(s) < 0)
		return CAIRO_STATUS_WRITE_ERROR;
	if (n >= SINK_BLOCK)
		return write_all(s, data, n) < 0 ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
	if (!s->mem && !(s->mem = malloc(SINK_BLOCK))) {
		s->err = ENOMEM;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	memcpy(s->mem + s->mem_len, data, n);
	s->mem_len += n;
	return CAIRO_STATUS_SUCCESS;
}

/*
 * Cairo names SVG groups after a process-wide surface counter
 * (id="surface17"), so the same chart would differ between the first and
 * the second rendering in a process. Renumbers them 1, 2, ... in order of
 * first appearance, in id="surfaceN" and href="#surfaceN" alike, and
 * writes the result. Returns 0 or -1 (s->err set).
 */
static int write_svg_normalised(struct sink *s)
{
	static const char key[] = "surface";
	const size_t kl = sizeof key - 1;
	unsigned long seen[64];
	size_t n_seen = 0, from = 0, i = 0;
	const unsigned char *b = s->mem;

	while (i + kl < s->mem_len) {
		size_t j;
		unsigned long num = 0, id = 0;
		char repl[32];
		int len;

		if (memcmp(b + i, key, kl) != 0 || i == 0 || (b[i - 1] != '"' && b[i - 1] != '#')) {
			i++;
			continue;
		}
		j = i + kl;
		while (j < s->mem_len && b[j] >= '0' && b[j] <= '9' && num < 100000000UL)
			num = num * 10 + (unsigned long)(b[j++] - '0');
		if (j == i + kl || j >= s->mem_len || b[j] != '"') {
			i++;
			continue;
		}
		for (size_t k = 0; k < n_seen; k++)
			if (seen[k] == num)
				id = k + 1;
		if (!id) {
			if (n_seen == sizeof seen / sizeof seen[0]) {
				i = j; /* beyond 64 surfaces: left as they are */
				continue;
			}
			seen[n_seen++] = num;
			id = n_seen;
		}
		if (write_all(s, b + from, i - from) < 0)
			return -1;
		len = snprintf(repl, sizeof repl, "surface%lu", id);
		if (write_all(s, (const unsigned char *)repl, (size_t)len) < 0)
			return -1;
		from = i = j;
	}
	return write_all(s, b + from, s->mem_len - from);
}

static int check_opts(const struct render_opts *o, struct diag *d)
{
	if (o->width_px < 16 || o->width_px > 20000 || o->height_px < 16 || o->height_px > 20000)
		return diag_set(d, DIAG_USAGE, "image size %ux%u outside 16..20000 pixels",
				o->width_px, o->height_px);
	if (!(o->dpi >= 36 && o->dpi <= 2400))
		return diag_set(d, DIAG_USAGE, "resolution %g dpi outside 36..2400", o->dpi);
	if (o->width_px / o->dpi > 200 || o->height_px / o->dpi > 200)
		return diag_set(d, DIAG_USAGE, "page larger than 200 inches");
	return 0;
}

/* The failure behind a Cairo status: the sink's errno, else Cairo's words. */
static int io_failure(const struct sink *s, cairo_status_t st, struct diag *d)
{
	if (s->err)
		return diag_set_errno(d, s->err == ENOMEM ? DIAG_INTERNAL : DIAG_IO, s->err,
				      "cannot write the output");
	return diag_set(d, DIAG_IO, "rendering failed: %s", cairo_status_to_string(st));
}

int render_chart_fd(const struct chart *c, int fd, enum render_format fmt,
		    const struct render_opts *o, struct diag *d)
{
	struct render_opts def;
	struct sink s;
	cairo_surface_t *surf;
	cairo_t *cr;
	cairo_status_t st;
	double w_pt, h_pt;
	unsigned char *pixels = NULL;
	int ret = 0;

	if (!o) {
		render_opts_init(&def);
		o = &def;
	}
	if (check_opts(o, d) < 0 || chart_status(c, d) < 0)
		return -1;
	memset(&s, 0, sizeof s);
	s.fd = fd;
	s.to_mem = fmt == RENDER_SVG;
	w_pt = o->width_px / o->dpi * 72;
	h_pt = o->height_px / o->dpi * 72;
	switch (fmt) {
	case RENDER_PDF:
		surf = cairo_pdf_surface_create_for_stream(sink_write, &s, w_pt, h_pt);
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE,
					       "2000-01-01T00:00:00");
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE,
					       "2000-01-01T00:00:00");
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "clusterbench");
		if (c && c->title)
			cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, c->title);
		break;
	case RENDER_SVG:
		surf = cairo_svg_surface_create_for_stream(sink_write, &s, w_pt, h_pt);
		cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PT);
		break;
	default: {
		/* the pixels in a block of our own, zeroed as cairo's would be:
		 * large enough for huge pages, so a few faults instead of one per
		 * 4 KiB page */
		int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, (int)o->width_px);

		pixels = stride > 0 ? mem_array((size_t)stride, o->height_px) : NULL;
		if (pixels) {
			memset(pixels, 0, (size_t)stride * o->height_px);
			surf = cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_RGB24,
								   (int)o->width_px,
								   (int)o->height_px, stride);
		} else {
			surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)o->width_px,
							  (int)o->height_px);
		}
		break;
	}
	}
	st = cairo_surface_status(surf);
	if (st != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		free(pixels);
		return io_failure(&s, st, d);
	}
	cr = cairo_create(surf);
	if (fmt == RENDER_PNG)
		cairo_scale(cr, o->dpi / 72, o->dpi / 72);
	ret = render_chart_cairo(c, cr, w_pt, h_pt, o->font_family, d);
	st = cairo_status(cr);
	cairo_destroy(cr);
	if (!ret && st != CAIRO_STATUS_SUCCESS)
		ret = io_failure(&s, st, d);
	if (!ret && fmt == RENDER_PNG) {
		if (render_png_write(surf, o->dpi, png_sink, &s) < 0 || s.err)
			ret = io_failure(&s, CAIRO_STATUS_WRITE_ERROR, d);
	}
	/* PDF and SVG write most of their bytes here: check the status after. */
	cairo_surface_finish(surf);
	st = cairo_surface_status(surf);
	if (!ret && st == CAIRO_STATUS_SUCCESS)
		sink_flush(&s);
	if (!ret && (st != CAIRO_STATUS_SUCCESS || s.err))
		ret = io_failure(&s, st, d);
	cairo_surface_destroy(surf);
	free(pixels);
	if (!ret && s.to_mem) {
		s.to_mem = 0;
		if (write_svg_normalised(&s) < 0)
			ret = io_failure(&s, CAIRO_STATUS_WRITE_ERROR, d);
	}
	free(s.mem);
	return ret;
}

int render_chart(const struct chart *c, const char *path, enum render_format fmt,
		 const struct render_opts *o, struct diag *d)
{
	struct stat st;
	char *tmp = NULL;
	const char *slash;
	size_t dir_len, len;
	int fd, ret = -1;

	if (!path || !*path)
		return diag_set(d, DIAG_USAGE, "no output file name");
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			diag_set(d, DIAG_IO, "'%s' is a directory", path);
			goto fail_path;
		}
		if (!S_ISREG(st.st_mode)) {
			diag_set(d, DIAG_IO, "'%s' is not a regular file", path);
			goto fail_path;
		}
	}
	len = strlen(path);
	if (path[len - 1] == '/') {
		diag_set(d, DIAG_IO, "'%s' names a directory", path);
		goto fail_path;
	}
	slash = strrchr(path, '/');
	dir_len = slash ? (size_t)(slash - path) + 1 : 0;
	if (len > SIZE_MAX - 16) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto fail_path;
	}
	tmp = malloc(len + 16);
	if (!tmp) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto fail_path;
	}
	/* DIR/.NAME.XXXXXX */
	memcpy(tmp, path, dir_len);
	tmp[dir_len] = '.';
	memcpy(tmp + dir_len + 1, path + dir_len, len - dir_len);
	memcpy(tmp + len + 1, ".XXXXXX", 8);
	fd = mkstemp(tmp);
	if (fd < 0) {
		diag_set_errno(d, DIAG_IO, errno, "cannot create '%s'", path);
		goto fail_path;
	}
	if (render_chart_fd(c, fd, fmt, o, d) < 0) {
		close(fd);
		unlink(tmp);
		goto fail_path;
	}
	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0) {
		diag_set_errno(d, DIAG_IO, errno, "cannot write '%s'", path);
		close(fd);
		unlink(tmp);
		goto fail_path;
	}
	if (close(fd) < 0) {
		diag_set_errno(d, DIAG_IO, errno, "cannot write '%s'", path);
		unlink(tmp);
		goto fail_path;
	}
	if (rename(tmp, path) < 0) {
		diag_set_errno(d, DIAG_IO, errno, "cannot rename to '%s'", path);
		unlink(tmp);
		goto fail_path;
	}
	/* Make the rename durable; a folder that cannot be synced is no error. */
	{
		char *dir = strdup(dir_len ? path : ".");

		if (dir) {
			int dfd;

			if (dir_len)
				dir[dir_len] = '\0';
			dfd = open(dir, O_RDONLY | O_DIRECTORY);
			if (dfd >= 0) {
				fsync(dfd);
				close(dfd);
			}
			free(dir);
		}
	}
	ret = 0;
	free(tmp);
	return ret;
fail_path:
	free(tmp);
	diag_set_path(d, path);
	return ret;
}

int render_missing_glyphs(const char *text, const char *font_family)
{
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 16, 16);
	cairo_t *cr = cairo_create(surf);
	struct render_ctx rc;
	PangoLayout *l;
	int n = -1;

	memset(&rc, 0, sizeof rc);
	rc.cr = cr;
	rc.family = font_family ? font_family : "DejaVu Sans";
	rc.pango = make_pango(cr);
	if (rc.pango) {
		l = render_layout(&rc, text, NULL, CHART_ROLE_TITLE, 0, 0, PANGO_ALIGN_LEFT);
		if (l) {
			n = pango_layout_get_unknown_glyphs_count(l);
			g_object_unref(l);
		}
		g_object_unref(rc.pango);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(surf);
	return n;
}

static gpointer fonts_init(gpointer unused)
{
	(void)unused;
	FcInit();
	return NULL;
}

GThread *render_fonts_prepare(void)
{
	return g_thread_try_new("fonts", fonts_init, NULL, NULL);
}

void render_fonts_wait(GThread *th)
{
	if (th)
		g_thread_join(th);
}

void render_release_caches(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
}
