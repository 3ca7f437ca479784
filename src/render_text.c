/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_text: shared drawing helpers: Pango layouts per text role, anchors, colours, shapes, scales. */
#include "clusterbench/render.h"

#include <math.h>
#include <string.h>

double render_role_size(enum chart_role role)
{
	switch (role) {
	case CHART_ROLE_TITLE:
		return 14;
	case CHART_ROLE_SUBTITLE:
		return 10.5;
	case CHART_ROLE_CAPTION:
		return 8;
	case CHART_ROLE_AXIS_TITLE:
		return 9.5;
	case CHART_ROLE_TICK:
	case CHART_ROLE_LEGEND:
		return 9;
	case CHART_ROLE_LABEL:
		return 8.5;
	case CHART_ROLE_NOTE:
		return 8;
	}
	return 9;
}

int render_role_bold(enum chart_role role)
{
	return role == CHART_ROLE_TITLE;
}

PangoLayout *render_layout(struct render_ctx *rc, const char *text, const char *sublabel,
			   enum chart_role role, int bold, double wrap_pt, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(rc->pango);
	PangoFontDescription *fd;

	if (!l)
		return NULL;
	fd = pango_font_description_new();
	pango_font_description_set_family(fd, rc->family);
	/* Absolute size in user units: one unit is one point. */
	pango_font_description_set_absolute_size(fd, render_role_size(role) * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold || render_role_bold(role)
						      ? PANGO_WEIGHT_BOLD
						      : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (wrap_pt > 0) {
		pango_layout_set_width(l, (int)(wrap_pt * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align);
	if (!text)
		text = "";
	if (sublabel && *sublabel) {
		size_t tl = strlen(text), sl = strlen(sublabel);
		char *all = g_malloc(tl + sl + 2);
		PangoAttrList *attrs = pango_attr_list_new();
		PangoAttribute *a;

		memcpy(all, text, tl);
		all[tl] = '\n';
		memcpy(all + tl + 1, sublabel, sl + 1);
		pango_layout_set_text(l, all, (int)(tl + sl + 1));
		a = pango_attr_size_new_absolute((int)(render_role_size(CHART_ROLE_NOTE) *
						       PANGO_SCALE));
		a->start_index = (guint)(tl + 1);
		a->end_index = (guint)(tl + 1 + sl);
		pango_attr_list_insert(attrs, a);
		a = pango_attr_foreground_new(0x6666, 0x6666, 0x6666);
		a->start_index = (guint)(tl + 1);
		a->end_index = (guint)(tl + 1 + sl);
		pango_attr_list_insert(attrs, a);
		pango_layout_set_attributes(l, attrs);
		pango_attr_list_unref(attrs);
		g_free(all);
	} else {
		pango_layout_set_text(l, text, -1);
	}
	return l;
}

void render_layout_size(PangoLayout *l, double *w, double *h)
{
	PangoRectangle ink, logical;

	pango_layout_get_extents(l, &ink, &logical);
	*w = (double)logical.width / PANGO_SCALE;
	*h = (double)logical.height / PANGO_SCALE;
}

void render_anchor_box(enum chart_anchor a, double x, double y, double w, double h,
		       double *left, double *top)
{
	double fx = 0.5, fy = 0.5;

	switch (a) {
	case CHART_ANCHOR_C:
		break;
	case CHART_ANCHOR_N:
		fy = 0;
		break;
	case CHART_ANCHOR_S:
		fy = 1;
		break;
	case CHART_ANCHOR_E:
		fx = 1;
		break;
	case CHART_ANCHOR_W:
		fx = 0;
		break;
	case CHART_ANCHOR_NE:
		fx = 1;
		fy = 0;
		break;
	case CHART_ANCHOR_NW:
		fx = 0;
		fy = 0;
		break;
	case CHART_ANCHOR_SE:
		fx = 1;
		fy = 1;
		break;
	case CHART_ANCHOR_SW:
		fx = 0;
		fy = 1;
		break;
	}
	*left = x - fx * w;
	*top = y - fy * h;
}

void render_set_color(cairo_t *cr, struct chart_color c)
{
	cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

void render_layout_draw(struct render_ctx *rc, PangoLayout *l, double left, double top,
			double angle, struct chart_color color, int halo)
{
	cairo_t *cr = rc->cr;
	PangoRectangle ink, logical;
	double ox, oy;

	/* With a wrap width, centred and right-aligned lines start inside
	 * the layout's box: the logical rectangle says where. */
	pango_layout_get_extents(l, &ink, &logical);
	ox = -(double)logical.x / PANGO_SCALE;
	oy = -(double)logical.y / PANGO_SCALE;
	cairo_save(cr);
	cairo_translate(cr, left, top);
	if (angle != 0)
		cairo_rotate(cr, angle);
	pango_cairo_update_layout(cr, l);
	if (halo) {
		/* A soft white box keeps the text readable over lines and marks. */
		double w = (double)logical.width / PANGO_SCALE, h = (double)logical.height / PANGO_SCALE;

		cairo_rectangle(cr, -1.5, -0.5, w + 3, h + 1);
		cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
		cairo_fill(cr);
	}
	cairo_move_to(cr, ox, oy);
	render_set_color(cr, color);
	pango_cairo_show_layout(cr, l);
	cairo_restore(cr);
}

void render_set_dash(cairo_t *cr, enum chart_dash dash, double width)
{
	double pat[2];

	switch (dash) {
	case CHART_DASH_DASHED:
		pat[0] = 3.5 + 1.5 * width;
		pat[1] = 2.5 + width;
		cairo_set_dash(cr, pat, 2, 0);
		break;
	case CHART_DASH_DOTTED:
		pat[0] = 0;
		pat[1] = 1.5 + 1.5 * width;
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		cairo_set_dash(cr, pat, 2, 0);
		break;
	default:
		cairo_set_dash(cr, NULL, 0, 0);
		break;
	}
}

void render_shape_path(cairo_t *cr, enum chart_shape shape, double x, double y, double size)
{
	double r = size / 2;

	cairo_new_sub_path(cr);
	switch (shape) {
	case CHART_SHAPE_SQUARE:
		cairo_rectangle(cr, x - r * 0.886, y - r * 0.886, r * 1.772, r * 1.772);
		break;
	case CHART_SHAPE_DIAMOND:
		cairo_move_to(cr, x, y - r);
		cairo_line_to(cr, x + r * 0.8, y);
		cairo_line_to(cr, x, y + r);
		cairo_line_to(cr, x - r * 0.8, y);
		cairo_close_path(cr);
		break;
	case CHART_SHAPE_TRIANGLE:
		cairo_move_to(cr, x, y - r);
		cairo_line_to(cr, x + r * 0.866, y + r * 0.5);
		cairo_line_to(cr, x - r * 0.866, y + r * 0.5);
		cairo_close_path(cr);
		break;
	default:
		cairo_arc(cr, x, y, r, 0, 2 * M_PI);
		cairo_close_path(cr);
		break;
	}
}

double render_map(const struct chart_axis *a, double v, double lo, double hi)
{
	double f, dmin = a->min, dmax = a->max;

	if (a->scale == CHART_SCALE_LOG10) {
		v = v > 0 ? log10(v) : log10(dmin);
		dmin = log10(dmin);
		dmax = log10(dmax);
	}
	f = dmax > dmin ? (v - dmin) / (dmax - dmin) : 0.5;
	if (a->reverse)
		f = 1 - f;
	return lo + f * (hi - lo);
}
