/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart: the chart model's storage (an arena per chart), adders, caption and text dump. */
#include "clusterbench/chart.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Everything a chart owns lives in a chain of blocks freed together. */
struct chart_arena {
	struct chart_arena *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

static void oom(struct chart *c)
{
	diag_set(&c->status, DIAG_INTERNAL, "out of memory");
}

static void misuse(struct chart *c, const char *what)
{
	diag_set(&c->status, DIAG_INTERNAL, "chart: %s", what);
}

void *chart_alloc(struct chart *c, size_t n, size_t size)
{
	struct chart_arena *a;
	size_t bytes, need;

	if (!c || diag_failed(&c->status))
		return NULL;
	if (size && n > (SIZE_MAX - 2 * ARENA_ALIGN - sizeof *a) / size) {
		oom(c);
		return NULL;
	}
	bytes = n * size;
	need = (bytes + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	a = c->arena;
	if (!a || a->size - a->used < need) {
		size_t bsize = need > ARENA_BLOCK ? need : ARENA_BLOCK;

		a = malloc(sizeof *a + bsize);
		if (!a) {
			oom(c);
			return NULL;
		}
		a->size = bsize;
		a->used = 0;
		a->next = c->arena;
		c->arena = a;
	}
	a->used += need;
	memset(a->data + a->used - need, 0, need);
	return a->data + a->used - need;
}

/* Grows an arena array of pointers (or ticks) to hold one more item. */
static int grow(struct chart *c, void **items, size_t n, size_t *cap, size_t size)
{
	void *p;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	if (ncap < *cap) {
		oom(c);
		return -1;
	}
	p = chart_alloc(c, ncap, size);
	if (!p)
		return -1;
	if (n)
		memcpy(p, *items, n * size);
	*items = p;
	*cap = ncap;
	return 0;
}

static const char *copy_string(struct chart *c, const char *s)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s);
	p = chart_alloc(c, n + 1, 1);
	if (!p)
		return NULL;
	memcpy(p, s, n + 1);
	return p;
}

int chart_set_string(struct chart *c, const char **field, const char *s)
{
	const char *p;

	if (!c || !field)
		return -1;
	if (!s) {
		*field = NULL;
		return diag_failed(&c->status) ? -1 : 0;
	}
	p = copy_string(c, s);
	if (!p)
		return -1;
	*field = p;
	return 0;
}

int chart_set_stringf(struct chart *c, const char **field, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	if (!c || !field || diag_failed(&c->status))
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		misuse(c, "bad format");
		return -1;
	}
	p = chart_alloc(c, (size_t)n + 1, 1);
	if (!p)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*field = p;
	return 0;
}

static void axis_init(struct chart_axis *a)
{
	memset(a, 0, sizeof *a);
	a->scale = CHART_SCALE_LINEAR;
	a->min = 0;
	a->max = 1;
}

struct chart *chart_create(const char *kind, enum chart_locale locale, struct diag *d)
{
	struct chart *c = calloc(1, sizeof *c);

	if (!c) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		return NULL;
	}
	diag_init(&c->status);
	c->locale = locale;
	axis_init(&c->x);
	axis_init(&c->y);
	c->legend_pos = CHART_LEGEND_TOP;
	if (chart_set_string(c, &c->kind, kind ? kind : "chart") < 0) {
		chart_free(c);
		diag_set(d, DIAG_INTERNAL, "out of memory");
		return NULL;
	}
	return c;
}

void chart_free(struct chart *c)
{
	struct chart_arena *a, *next;

	if (!c)
		return;
	for (a = c->arena; a; a = next) {
		next = a->next;
		free(a);
	}
	free(c);
}

int chart_status(const struct chart *c, struct diag *d)
{
	if (!c)
		return diag_set(d, DIAG_INTERNAL, "out of memory");
	if (!diag_failed(&c->status))
		return 0;
	return diag_set(d, c->status.code, "%s", c->status.message);
}

int chart_axis_add_tick(struct chart *c, struct chart_axis *a, double value,
			const char *label, const char *sublabel)
{
	struct chart_tick *t;
	void *items;

	if (!c || !a || diag_failed(&c->status))
		return -1;
	if (!isfinite(value)) {
		misuse(c, "tick value is not finite");
		return -1;
	}
	items = a->ticks;
	if (grow(c, &items, a->n_ticks, &a->cap_ticks, sizeof *t) < 0)
		return -1;
	a->ticks = items;
	t = &a->ticks[a->n_ticks];
	t->value = value;
	t->label = copy_string(c, label);
	t->sublabel = copy_string(c, sublabel);
	if (diag_failed(&c->status))
		return -1;
	a->n_ticks++;
	return 0;
}

int chart_axis_band(struct chart *c, struct chart_axis *a, size_t n, const char *const *names)
{
	if (!c || !a)
		return -1;
	a->scale = CHART_SCALE_BAND;
	a->min = -0.5;
	a->max = n ? (double)n - 0.5 : 0.5;
	a->grid = 0;
	for (size_t i = 0; i < n; i++)
		if (chart_axis_add_tick(c, a, (double)i, names ? names[i] : NULL, NULL) < 0)
			return -1;
	return 0;
}

int chart_axis_numeric(struct chart *c, struct chart_axis *a, const struct chart_ticks *t,
		       int grouping, double dmin, double dmax)
{
	char buf[CHART_NUMBER_SIZE];

	if (!c || !a || !t || t->n == 0) {
		if (c)
			misuse(c, "numeric axis without ticks");
		return -1;
	}
	a->scale = t->log10 ? CHART_SCALE_LOG10 : CHART_SCALE_LINEAR;
	a->grid = 1;
	a->min = t->value[0];
	a->max = t->value[t->n - 1];
	if (isfinite(dmin) && dmin < a->min && (!t->log10 || dmin > 0))
		a->min = dmin;
	if (isfinite(dmax) && dmax > a->max)
		a->max = dmax;
	if (!(a->max > a->min)) {
		/* One tick: give the domain some width around it. */
		double h = a->min != 0 ? fabs(a->min) / 2 : 1;

		a->max = a->min + h;
		a->min = t->log10 ? a->min / 2 : a->min - h;
	}
	for (size_t i = 0; i < t->n; i++) {
		int dec = t->log10 ? chart_decimals_needed(&t->value[i], 1) : t->decimals;

		chart_format_number(t->value[i], dec, grouping, c->locale, buf, sizeof buf);
		if (chart_axis_add_tick(c, a, t->value[i], buf, NULL) < 0)
			return -1;
	}
	return 0;
}

static int finite_pts(const struct chart_point *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(p[i].x) || !isfinite(p[i].y))
			return 0;
	return 1;
}

struct chart_mark *chart_add_mark(struct chart *c, enum chart_mark_kind kind, size_t n_pts)
{
	struct chart_mark *m;
	void *items;

	if (!c || diag_failed(&c->status))
		return NULL;
	items = c->marks;
	if (grow(c, &items, c->n_marks, &c->cap_marks, sizeof *c->marks) < 0)
		return NULL;
	c->marks = items;
	m = chart_alloc(c, 1, sizeof *m);
	if (!m)
		return NULL;
	m->pts = chart_alloc(c, n_pts, sizeof *m->pts);
	if (!m->pts)
		return NULL;
	m->kind = kind;
	m->n_pts = n_pts;
	m->fill = CHART_NONE;
	m->stroke = CHART_NONE;
	m->width_pt = 1;
	m->dash = CHART_DASH_SOLID;
	m->shape = CHART_SHAPE_CIRCLE;
	m->size_pt = 5;
	m->role = CHART_ROLE_LABEL;
	m->anchor = CHART_ANCHOR_C;
	c->marks[c->n_marks++] = m;
	return m;
}

static struct chart_mark *add_two(struct chart *c, enum chart_mark_kind kind, double x0,
				  double y0, double x1, double y1)
{
	struct chart_mark *m = chart_add_mark(c, kind, 2);

	if (!m)
		return NULL;
	m->pts[0].x = x0;
	m->pts[0].y = y0;
	m->pts[1].x = x1;
	m->pts[1].y = y1;
	if (!finite_pts(m->pts, 2)) {
		misuse(c, "mark coordinate is not finite");
		return NULL;
	}
	return m;
}

struct chart_mark *chart_add_rect(struct chart *c, double x0, double y0, double x1, double y1)
{
	return add_two(c, CHART_MARK_RECT, x0, y0, x1, y1);
}

struct chart_mark *chart_add_segment(struct chart *c, double x0, double y0, double x1,
				     double y1)
{
	return add_two(c, CHART_MARK_SEGMENT, x0, y0, x1, y1);
}

struct chart_mark *chart_add_point(struct chart *c, double x, double y, enum chart_shape shape,
				   double size_pt)
{
	struct chart_mark *m = chart_add_mark(c, CHART_MARK_POINT, 1);

	if (!m)
		return NULL;
	m->pts[0].x = x;
	m->pts[0].y = y;
	m->shape = shape;
	m->size_pt = size_pt;
	if (!finite_pts(m->pts, 1)) {
		misuse(c, "mark coordinate is not finite");
		return NULL;
	}
	return m;
}

struct chart_mark *chart_add_text(struct chart *c, double x, double y, const char *text,
				  enum chart_role role, enum chart_anchor anchor)
{
	struct chart_mark *m = chart_add_mark(c, CHART_MARK_TEXT, 1);

	if (!m)
		return NULL;
	m->pts[0].x = x;
	m->pts[0].y = y;
	m->role = role;
	m->anchor = anchor;
	m->fill = chart_rgb(0x333333);
	if (!finite_pts(m->pts, 1)) {
		misuse(c, "mark coordinate is not finite");
		return NULL;
	}
	if (chart_set_string(c, &m->text, text ? text : "") < 0)
		return NULL;
	return m;
}

struct chart_refline *chart_add_refline(struct chart *c, char axis, double value,
					const char *label)
{
	struct chart_refline *r;
	void *items;

	if (!c || diag_failed(&c->status))
		return NULL;
	if ((axis != 'x' && axis != 'y') || !isfinite(value)) {
		misuse(c, "bad reference line");
		return NULL;
	}
	items = c->refs;
	if (grow(c, &items, c->n_refs, &c->cap_refs, sizeof *c->refs) < 0)
		return NULL;
	c->refs = items;
	r = chart_alloc(c, 1, sizeof *r);
	if (!r)
		return NULL;
	r->axis = axis;
	r->value = value;
	r->color = chart_rgb(0x555555);
	r->width_pt = 0.8;
	r->dash = CHART_DASH_SOLID;
	r->above = 1;
	if (chart_set_string(c, &r->label, label) < 0)
		return NULL;
	c->refs[c->n_refs++] = r;
	return r;
}

struct chart_legend_entry *chart_add_legend(struct chart *c, enum chart_swatch swatch,
					    const char *label)
{
	struct chart_legend_entry *e;
	void *items;

	if (!c || diag_failed(&c->status))
		return NULL;
	items = c->legend;
	if (grow(c, &items, c->n_legend, &c->cap_legend, sizeof *c->legend) < 0)
		return NULL;
	c->legend = items;
	e = chart_alloc(c, 1, sizeof *e);
	if (!e)
		return NULL;
	e->swatch = swatch;
	e->fill = CHART_NONE;
	e->stroke = CHART_NONE;
	e->shape = CHART_SHAPE_CIRCLE;
	e->dash = CHART_DASH_SOLID;
	if (chart_set_string(c, &e->label, label ? label : "") < 0)
		return NULL;
	c->legend[c->n_legend++] = e;
	return e;
}

/* ---- caption ----------------------------------------------------------- */

/* Appends part to buf after ". " (captions are short; a longer one is cut
 * at the buffer size). */
static void caption_part(char *buf, size_t size, const char *part)
{
	size_t len = strlen(buf);

	if (!part || !*part)
		return;
	if (len) {
		if (buf[len - 1] != '.')
			snprintf(buf + len, size - len, ".");
		len = strlen(buf);
		snprintf(buf + len, size - len, " ");
		len = strlen(buf);
	}
	snprintf(buf + len, size - len, "%s", part);
}

int chart_compose_caption(struct chart *c, const struct chart_labels *l, const char *note)
{
	char buf[2048] = "", part[1024], num[CHART_NUMBER_SIZE];
	size_t len;

	if (!c)
		return -1;
	caption_part(buf, sizeof buf, note);
	if (l && l->source && *l->source) {
		snprintf(part, sizeof part, "%s: %s", chart_word(CHART_WORD_SOURCE, c->locale),
			 l->source);
		caption_part(buf, sizeof buf, part);
	}
	if (l && l->n) {
		chart_format_number((double)l->n, 0, 1, c->locale, num, sizeof num);
		snprintf(part, sizeof part, "%s = %s", chart_word(CHART_WORD_N, c->locale), num);
		caption_part(buf, sizeof buf, part);
	}
	if (l && l->reference && *l->reference) {
		snprintf(part, sizeof part, "%s: %s",
			 chart_word(CHART_WORD_REFERENCE, c->locale), l->reference);
		caption_part(buf, sizeof buf, part);
	}
	if (l && l->filter && *l->filter) {
		snprintf(part, sizeof part, "%s: %s", chart_word(CHART_WORD_FILTER, c->locale),
			 l->filter);
		caption_part(buf, sizeof buf, part);
	}
	len = strlen(buf);
	if (!len)
		return chart_set_string(c, &c->caption, NULL);
	if (buf[len - 1] != '.' && len + 1 < sizeof buf)
		buf[len] = '.', buf[len + 1] = '\0';
	return chart_set_string(c, &c->caption, buf);
}

/* ---- dump -------------------------------------------------------------- */

static void put_num(FILE *fp, double v)
{
	if (v == 0)
		v = 0; /* -0 prints as 0 */
	if (isnan(v))
		fputs("nan", fp); /* never stored by the adders; shown if set by hand */
	else
		fprintf(fp, "%.10g", v);
}

static void put_str(FILE *fp, const char *s)
{
	if (!s) {
		fputs("none", fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp), fputc(*s, fp);
		else if (*s == '\n')
			fputs("\\n", fp);
		else
			fputc(*s, fp);
	}
	fputc('"', fp);
}

static void put_color(FILE *fp, const char *key, struct chart_color col)
{
	char buf[CHART_COLOR_SIZE];

	fprintf(fp, " %s %s", key, chart_color_hex(col, buf));
}

static const char *scale_name(enum chart_scale s)
{
	switch (s) {
	case CHART_SCALE_LOG10:
		return "log10";
	case CHART_SCALE_BAND:
		return "band";
	default:
		return "linear";
	}
}

static const char *mark_name(enum chart_mark_kind k)
{
	static const char *const names[] = { "rect", "point", "line", "segment",
					     "text", "polygon", "cell" };

	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static const char *shape_name(enum chart_shape s)
{
	static const char *const names[] = { "circle", "square", "diamond", "triangle" };

	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

static const char *dash_name(enum chart_dash s)
{
	static const char *const names[] = { "solid", "dashed", "dotted" };

	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

static const char *anchor_name(enum chart_anchor a)
{
	static const char *const names[] = { "c", "n", "s", "e", "w", "ne", "nw", "se", "sw" };

	return (unsigned)a < sizeof names / sizeof names[0] ? names[a] : "?";
}

static const char *role_name(enum chart_role r)
{
	static const char *const names[] = { "title", "subtitle", "caption", "axis-title",
					     "tick", "legend", "label", "note" };

	return (unsigned)r < sizeof names / sizeof names[0] ? names[r] : "?";
}

static const char *swatch_name(enum chart_swatch s)
{
	static const char *const names[] = { "rect", "point", "line", "errorbar" };

	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

static void dump_axis(FILE *fp, const char *name, const struct chart_axis *a)
{
	fprintf(fp, "axis %s %s domain ", name, scale_name(a->scale));
	put_num(fp, a->min);
	fputc(' ', fp);
	put_num(fp, a->max);
	fprintf(fp, " grid %d reverse %d wrap ", a->grid, a->reverse);
	put_num(fp, a->wrap_pt);
	fputs(" title ", fp);
	put_str(fp, a->title);
	fputc('\n', fp);
	for (size_t i = 0; i < a->n_ticks; i++) {
		fputs("  tick ", fp);
		put_num(fp, a->ticks[i].value);
		fputc(' ', fp);
		put_str(fp, a->ticks[i].label);
		if (a->ticks[i].sublabel) {
			fputs(" sub ", fp);
			put_str(fp, a->ticks[i].sublabel);
		}
		fputc('\n', fp);
	}
}

static void dump_mark(FILE *fp, const struct chart_mark *m)
{
	fprintf(fp, "  %s", mark_name(m->kind));
	switch (m->kind) {
	case CHART_MARK_TEXT:
		fputc(' ', fp);
		put_str(fp, m->text);
		fprintf(fp, " role %s anchor %s", role_name(m->role), anchor_name(m->anchor));
		fputs(" dx ", fp);
		put_num(fp, m->dx_pt);
		fputs(" dy ", fp);
		put_num(fp, m->dy_pt);
		fputs(" wrap ", fp);
		put_num(fp, m->wrap_pt);
		put_color(fp, "color", m->fill);
		fprintf(fp, " bold %d halo %d group %u optional %d", m->bold, m->halo, m->group,
			m->optional);
		break;
	case CHART_MARK_POINT:
		fprintf(fp, " %s size ", shape_name(m->shape));
		put_num(fp, m->size_pt);
		put_color(fp, "fill", m->fill);
		put_color(fp, "stroke", m->stroke);
		fputs(" width ", fp);
		put_num(fp, m->width_pt);
		break;
	case CHART_MARK_CELL:
		fputc(' ', fp);
		put_str(fp, m->text);
		fprintf(fp, " role %s", role_name(m->role));
		/* fall through */
	case CHART_MARK_RECT:
	case CHART_MARK_POLYGON:
		put_color(fp, "fill", m->fill);
		/* fall through */
	case CHART_MARK_LINE:
	case CHART_MARK_SEGMENT:
		put_color(fp, "stroke", m->stroke);
		fputs(" width ", fp);
		put_num(fp, m->width_pt);
		fprintf(fp, " %s", dash_name(m->dash));
		if (m->kind == CHART_MARK_SEGMENT) {
			fputs(" cap ", fp);
			put_num(fp, m->cap);
		}
		break;
	}
	fputs(" at", fp);
	for (size_t i = 0; i < m->n_pts; i++) {
		fputc(' ', fp);
		put_num(fp, m->pts[i].x);
		fputc(',', fp);
		put_num(fp, m->pts[i].y);
	}
	fputc('\n', fp);
}

int chart_dump(const struct chart *c, FILE *fp)
{
	if (!c)
		return -1;
	if (diag_failed(&c->status)) {
		fprintf(fp, "error %s\n", c->status.message);
		return -1;
	}
	fprintf(fp, "chart %s\nlocale %s\ntitle ", c->kind, chart_locale_name(c->locale));
	put_str(fp, c->title);
	fputs("\nsubtitle ", fp);
	put_str(fp, c->subtitle);
	fputs("\ncaption ", fp);
	put_str(fp, c->caption);
	fputc('\n', fp);
	dump_axis(fp, "x", &c->x);
	dump_axis(fp, "y", &c->y);
	fprintf(fp, "legend %s %zu\n", c->legend_pos == CHART_LEGEND_TOP ? "top" : "none",
		c->n_legend);
	for (size_t i = 0; i < c->n_legend; i++) {
		const struct chart_legend_entry *e = c->legend[i];

		fprintf(fp, "  %s", swatch_name(e->swatch));
		put_color(fp, "fill", e->fill);
		put_color(fp, "stroke", e->stroke);
		fprintf(fp, " %s %s ", shape_name(e->shape), dash_name(e->dash));
		put_str(fp, e->label);
		fputc('\n', fp);
	}
	fprintf(fp, "refs %zu\n", c->n_refs);
	for (size_t i = 0; i < c->n_refs; i++) {
		const struct chart_refline *r = c->refs[i];

		fprintf(fp, "  %c ", r->axis);
		put_num(fp, r->value);
		put_color(fp, "color", r->color);
		fputs(" width ", fp);
		put_num(fp, r->width_pt);
		fprintf(fp, " %s above %d label ", dash_name(r->dash), r->above);
		put_str(fp, r->label);
		fputc('\n', fp);
	}
	fprintf(fp, "marks %zu\n", c->n_marks);
	for (size_t i = 0; i < c->n_marks; i++)
		dump_mark(fp, c->marks[i]);
	return ferror(fp) ? -1 : 0;
}

/* ---- shared builder steps ---------------------------------------------- */

int chart_apply_labels(struct chart *c, const struct chart_labels *l, const char *note)
{
	if (!c)
		return -1;
	if (l) {
		chart_set_string(c, &c->title, l->title);
		chart_set_string(c, &c->subtitle, l->subtitle);
		chart_set_string(c, &c->x.title, l->x_title);
		if (l->y_title && *l->y_title && l->unit && *l->unit)
			chart_set_stringf(c, &c->y.title, "%s (%s)", l->y_title, l->unit);
		else if (l->y_title && *l->y_title)
			chart_set_string(c, &c->y.title, l->y_title);
		else if (l->unit && *l->unit)
			chart_set_string(c, &c->y.title, l->unit);
	}
	return chart_compose_caption(c, l, note);
}

int chart_axis_auto(struct chart *c, struct chart_axis *a, double dmin, double dmax, size_t m,
		    int log_scale, struct diag *d)
{
	struct chart_ticks t;

	if (isnan(dmin) || isnan(dmax))
		return diag_set(d, DIAG_DATA, "no finite value to draw");
	if (log_scale) {
		if (chart_ticks_log10(dmin, dmax, &t, d) < 0)
			return -1;
	} else if (chart_ticks_extended(dmin, dmax, m, CHART_TICKS_LOOSE | CHART_TICKS_ALIGNED,
					&t, d) < 0) {
		return -1;
	}
	if (chart_axis_numeric(c, a, &t, 1, dmin, dmax) < 0)
		return chart_status(c, d);
	return 0;
}
