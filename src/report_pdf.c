/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_pdf: the A4 PDF report: title page, contents, sections with paged tables and vector charts, methods. */
#include "clusterbench/report.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "clusterbench/render.h"

/*
 * Layout: the whole document is laid out twice by the same code. The first
 * pass only measures (it counts pages and notes where each section
 * starts); the second draws, so the contents page can name the pages of
 * sections that come after it. Both passes use the same Cairo context and
 * Pango settings (unhinted metrics), so they take the same decisions; the
 * page counts are compared to make sure.
 */

/* A4 portrait in points, 56 pt margins. */
#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN 56.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define TOP MARGIN
#define BOTTOM (PAGE_H - 64.0)     /* content ends here; the footer is below */
#define FOOT_RULE (PAGE_H - 52.0)
#define CHART_W TEXT_W
#define CHART_H (TEXT_W * 5.0 / 8.0)

/* Colours (0xRRGGBB). */
#define INK 0x1A1A1Aul
#define GREY 0x5E5E5Eul
#define RULE_DARK 0x333333ul
#define RULE_LIGHT 0xDDDDDDul
#define ACCENT 0x0072B2ul

/* Type sizes in points. */
#define PT_TITLE 24.0
#define PT_SUBTITLE 13.0
#define PT_META 10.5
#define PT_H1 16.0
#define PT_H2 11.0
#define PT_BODY 10.0
#define PT_SMALL 8.5
#define PT_TINY 7.5
#define PT_CAPTION 9.0

/* Table type sizes tried in turn; text columns wrap beyond TEXT_CAP. */
static const double table_sizes[] = { 8.5, 8.0, 7.5, 7.0, 6.5 };
#define TEXT_CAP 160.0
#define KEY_SHARE 0.45 /* repeated row-label columns take at most this of the width */

#define FAMILY "DejaVu Sans"

/* Where the PDF bytes go: a file descriptor, or nowhere (layout only). */
struct sink {
	int fd;
	int err;
};

/* A table made ready for the page: every cell as cleaned text, widths at
 * 1 pt (they scale linearly: metrics are unhinted), the chosen type size,
 * column widths, lines per row and the column blocks. Row 0 is the
 * header. */
struct plan {
	size_t nr, nc;          /* body rows shown, columns */
	size_t total;           /* body rows of the table */
	char *buf;              /* the texts, NUL-terminated one after another */
	size_t len, cap;
	size_t *off;            /* (nr + 1) * nc offsets into buf */
	unsigned char *kind;    /* (nr + 1) * nc enum report_cell_kind */
	unsigned char *right;   /* nc: right-aligned */
	double *w1;             /* (nr + 1) * nc natural width at 1 pt */
	double *nat1;           /* nc: widest cell of the column at 1 pt */
	double *colw;           /* nc: width at the chosen size */
	unsigned *lines;        /* nr + 1: lines of the tallest cell */
	double size, gap, lh1;  /* type size, column gap, line height at 1 pt */
	size_t nkey;            /* leading columns repeated in every block */
	size_t nblocks;
	size_t *bfirst;         /* nblocks + 1: block b has columns bfirst[b] .. bfirst[b + 1] - 1 */
	int missing;            /* some cell shows the dash */
	int oom;
};

struct pdf {
	const struct report_doc *doc;
	enum chart_locale loc;
	cairo_surface_t *surf;
	cairo_t *cr;
	PangoContext *pc;
	PangoLayout *lay;       /* body text and cells */
	PangoLayout *aux;       /* measuring and small extras while lay is iterated */
	PangoLayout *foot;      /* the footer (drawn inside page breaks) */
	PangoFontDescription *fd;
	char *scratch;          /* cleaned text */
	size_t scratch_cap;
	int draw;               /* 0: measure, 1: draw */
	size_t page, npages;
	double y;
	size_t *sec_page;       /* page of each section */
	size_t methods_page;
	size_t ntab, nfig;      /* running numbers */
	struct plan *plans;     /* every section table, in order */
	size_t nplans;
	struct plan inputs;
	char *title;            /* cleaned, one line */
	struct report_pdf_stats st;
	struct diag *d;
	int failed, oom;
};

/* ---- output sink ---------------------------------------------------------- */

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct sink *s = closure;
	size_t n = length;

	if (s->err)
		return CAIRO_STATUS_WRITE_ERROR;
	if (s->fd < 0)
		return CAIRO_STATUS_SUCCESS;
	while (n) {
		ssize_t w = write(s->fd, data, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			s->err = errno;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		if (w == 0) {
			s->err = EIO;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		data += w;
		n -= (size_t)w;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* ---- text ------------------------------------------------------------------- */

static void set_color(cairo_t *cr, unsigned long c)
{
	cairo_set_source_rgb(cr, (double)((c >> 16) & 255) / 255, (double)((c >> 8) & 255) / 255,
			     (double)(c & 255) / 255);
}

/* Cleaned copy of s in the scratch buffer (valid until the next call). */
static const char *cleaned(struct pdf *p, const char *s, int keep_nl)
{
	size_t len = s ? strlen(s) : 0;

	if (len > (SIZE_MAX - 1) / 3) {
		p->oom = 1;
		return "";
	}
	if (3 * len + 1 > p->scratch_cap) {
		char *n = realloc(p->scratch, 3 * len + 1);

		if (!n) {
			p->oom = 1;
			return "";
		}
		p->scratch = n;
		p->scratch_cap = 3 * len + 1;
	}
	report_clean(s, keep_nl, p->scratch);
	return p->scratch;
}

/*
 * Sets layout l to text (already clean) in DejaVu Sans of size points,
 * bold or not, wrapped at width (0: one line; < 0: one line ellipsized at
 * -width), aligned by al. Attributes and earlier settings are reset.
 */
static void set_text(struct pdf *p, PangoLayout *l, const char *text, double size, int bold,
		     double width, PangoAlignment al)
{
	pango_font_description_set_absolute_size(p->fd, size * PANGO_SCALE);
	pango_font_description_set_weight(p->fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, p->fd);
	pango_layout_set_attributes(l, NULL);
	pango_layout_set_alignment(l, al);
	pango_layout_set_indent(l, 0);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	} else if (width < 0) {
		pango_layout_set_width(l, (int)(-width * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	} else {
		pango_layout_set_width(l, -1);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	}
	pango_layout_set_text(l, text, -1);
}

static void layout_size(PangoLayout *l, double *w, double *h)
{
	PangoRectangle r;

	pango_layout_get_extents(l, NULL, &r);
	if (w)
		*w = (double)r.width / PANGO_SCALE;
	if (h)
		*h = (double)r.height / PANGO_SCALE;
}

/* Colours a byte range of l's text (a new attribute list each time). */
static void color_range(PangoLayout *l, size_t from, size_t to, unsigned long c, double size)
{
	PangoAttrList *al = pango_attr_list_new();
	PangoAttribute *a = pango_attr_foreground_new((guint16)(((c >> 16) & 255) * 257),
						      (guint16)(((c >> 8) & 255) * 257),
						      (guint16)((c & 255) * 257));

	a->start_index = (guint)from;
	a->end_index = (guint)to;
	pango_attr_list_insert(al, a);
	if (size > 0) {
		a = pango_attr_size_new_absolute((int)(size * PANGO_SCALE));
		a->start_index = (guint)from;
		a->end_index = (guint)to;
		pango_attr_list_insert(al, a);
	}
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
}

static void show(struct pdf *p, PangoLayout *l, double x, double y, unsigned long c)
{
	if (!p->draw)
		return;
	set_color(p->cr, c);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

static void rule(struct pdf *p, double x0, double x1, double y, double width, unsigned long c)
{
	if (!p->draw)
		return;
	set_color(p->cr, c);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

/* ---- pages ---------------------------------------------------------------- */

static void footer(struct pdf *p)
{
	char num[64];
	double w;

	rule(p, MARGIN, MARGIN + TEXT_W, FOOT_RULE, 0.4, RULE_LIGHT);
	set_text(p, p->foot, p->title, PT_TINY, 0, -(TEXT_W * 0.75), PANGO_ALIGN_LEFT);
	show(p, p->foot, MARGIN, FOOT_RULE + 4, GREY);
	snprintf(num, sizeof num, "%zu / %zu", p->page, p->npages);
	set_text(p, p->foot, num, PT_TINY, 0, 0, PANGO_ALIGN_LEFT);
	layout_size(p->foot, &w, NULL);
	show(p, p->foot, MARGIN + TEXT_W - w, FOOT_RULE + 4, GREY);
}

/* Ends the current page: footer (not on the title page), then show it. */
static void finish_page(struct pdf *p)
{
	if (!p->draw)
		return;
	if (p->page > 1)
		footer(p);
	cairo_show_page(p->cr);
}

static void new_page(struct pdf *p)
{
	finish_page(p);
	p->page++;
	p->y = TOP;
}

static int at_top(const struct pdf *p)
{
	return p->y <= TOP + 0.5;
}

/* Starts a new page unless `need` points still fit (or the page is empty). */
static void ensure(struct pdf *p, double need)
{
	if (p->y + need > BOTTOM && !at_top(p))
		new_page(p);
}

/* Height of text set as flow() would set it (uses aux). */
static double text_height(struct pdf *p, const char *text, int keep_nl, double size, int bold,
			  double width)
{
	double h;

	set_text(p, p->aux, cleaned(p, text, keep_nl), size, bold, width, PANGO_ALIGN_LEFT);
	layout_size(p->aux, NULL, &h);
	return h;
}

/*
 * Sets text as a paragraph from the left margin + indent, breaking pages
 * between lines. hi_end > 0 colours bytes [0, hi_end) of the cleaned text
 * in hi (a section number). bullet: a "•" before the first line. Leaves
 * p->y under the text plus `after`.
 */
static void flow_ex(struct pdf *p, const char *text, int keep_nl, double size, int bold,
		    unsigned long color, double indent, double after, size_t hi_end,
		    unsigned long hi, int bullet)
{
	PangoLayoutIter *it;
	int first = 1;

	set_text(p, p->lay, cleaned(p, text, keep_nl), size, bold, TEXT_W - indent,
		 PANGO_ALIGN_LEFT);
	if (hi_end)
		color_range(p->lay, 0, hi_end, hi, 0);
	it = pango_layout_get_iter(p->lay);
	do {
		PangoRectangle r;
		double top, h, base;

		pango_layout_iter_get_line_extents(it, NULL, &r);
		top = (double)r.y / PANGO_SCALE;
		h = (double)r.height / PANGO_SCALE;
		base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE - top;
		if (p->y + h > BOTTOM && !at_top(p))
			new_page(p);
		if (p->draw) {
			if (first && bullet) {
				set_text(p, p->aux, "\xe2\x80\xa2", size, 0, 0, PANGO_ALIGN_LEFT);
				show(p, p->aux, MARGIN + indent - size * 1.1, p->y, color);
			}
			set_color(p->cr, color);
			cairo_move_to(p->cr, MARGIN + indent + (double)r.x / PANGO_SCALE, p->y + base);
			pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		}
		first = 0;
		p->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	p->y += after;
}

static void flow(struct pdf *p, const char *text, int keep_nl, double size, int bold,
		 unsigned long color, double after)
{
	flow_ex(p, text, keep_nl, size, bold, color, 0, after, 0, 0, 0);
}

/* ---- table plans ------------------------------------------------------------ */

static void plan_free(struct plan *pl)
{
	free(pl->buf);
	free(pl->off);
	free(pl->kind);
	free(pl->right);
	free(pl->w1);
	free(pl->colw);
	free(pl->nat1);
	free(pl->lines);
	free(pl->bfirst);
	memset(pl, 0, sizeof *pl);
}

static void *xcalloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

static int plan_alloc(struct plan *pl, size_t nr, size_t nc)
{
	memset(pl, 0, sizeof *pl);
	pl->nr = nr;
	pl->nc = nc;
	if (nr == SIZE_MAX || (nc && nr + 1 > SIZE_MAX / nc))
		return -1;
	pl->off = xcalloc((nr + 1) * nc, sizeof *pl->off);
	pl->kind = xcalloc((nr + 1) * nc, 1);
	pl->w1 = xcalloc((nr + 1) * nc, sizeof *pl->w1);
	pl->right = xcalloc(nc, 1);
	pl->colw = xcalloc(nc, sizeof *pl->colw);
	pl->nat1 = xcalloc(nc, sizeof *pl->nat1);
	pl->lines = xcalloc(nr + 1, sizeof *pl->lines);
	pl->bfirst = xcalloc(nc + 2, sizeof *pl->bfirst);
	if (!pl->off || !pl->kind || !pl->w1 || !pl->right || !pl->colw || !pl->nat1 || !pl->lines ||
	    !pl->bfirst)
		return -1;
	return 0;
}

/* Stores the cleaned text of cell (r, c) (r = 0: header). */
static void plan_put(struct plan *pl, size_t r, size_t c, const char *text,
		     enum report_cell_kind kind)
{
	size_t len = text ? strlen(text) : 0;
	size_t need;

	if (pl->oom)
		return;
	if (len > (SIZE_MAX - 1) / 3 || 3 * len + 1 > SIZE_MAX - pl->len) {
		pl->oom = 1;
		return;
	}
	need = pl->len + 3 * len + 1;
	if (need > pl->cap) {
		size_t cap = pl->cap ? pl->cap : 4096;
		char *n;

		while (cap < need)
			cap = cap > SIZE_MAX / 2 ? need : cap * 2;
		n = realloc(pl->buf, cap);
		if (!n) {
			pl->oom = 1;
			return;
		}
		pl->buf = n;
		pl->cap = cap;
	}
	pl->off[r * pl->nc + c] = pl->len;
	pl->kind[r * pl->nc + c] = (unsigned char)kind;
	pl->len += report_clean(text, 0, pl->buf + pl->len) + 1;
	if (kind == REPORT_CELL_MISSING && r > 0)
		pl->missing = 1;
}

static const char *plan_text(const struct plan *pl, size_t r, size_t c)
{
	return pl->buf + pl->off[r * pl->nc + c];
}

static double row_height(const struct plan *pl, size_t r)
{
	return pl->lines[r] * pl->lh1 * pl->size + 0.6 * pl->size;
}

/*
 * Column widths at type size `size`: numbers and text up to TEXT_CAP at
 * their natural width (plus 0.5 pt against rounding); wider text columns
 * share what `avail` leaves (water-filling: the narrowest first, none
 * wider than its text, none narrower than TEXT_CAP; avail 0 sets them all
 * to TEXT_CAP). Returns the width of the whole table, gaps included.
 */
static double fit_widths(struct plan *pl, double size, double avail)
{
	double fixed = 0, slack;
	size_t nwide = 0;

	pl->size = size;
	pl->gap = 1.1 * size;
	for (size_t c = 0; c < pl->nc; c++) {
		double w = pl->nat1[c] * size + 0.5;

		pl->colw[c] = w;
		if (!pl->right[c] && w > TEXT_CAP) {
			pl->colw[c] = -1; /* to be shared */
			nwide++;
		} else {
			fixed += w;
		}
		if (c)
			fixed += pl->gap;
	}
	slack = avail - fixed;
	while (nwide) {
		size_t best = SIZE_MAX;
		double share = slack / (double)nwide, w;

		for (size_t c = 0; c < pl->nc; c++)
			if (pl->colw[c] < 0 && (best == SIZE_MAX || pl->nat1[c] < pl->nat1[best]))
				best = c;
		w = pl->nat1[best] * size + 0.5;
		if (w > share)
			w = share;
		if (w < TEXT_CAP)
			w = TEXT_CAP;
		pl->colw[best] = w;
		fixed += w;
		slack -= w;
		nwide--;
	}
	return fixed;
}

/* Width of the key columns with their gaps. */
static double key_width(const struct plan *pl)
{
	double w = 0;

	for (size_t c = 0; c < pl->nkey; c++)
		w += pl->colw[c] + pl->gap;
	return w;
}

/* Picks the leading text columns that label the rows (repeated in every
 * block): up to three, within KEY_SHARE of the width, never all. */
static void choose_keys(struct plan *pl)
{
	double w = 0;

	pl->nkey = 0;
	while (pl->nkey + 1 < pl->nc && pl->nkey < 3 && !pl->right[pl->nkey] &&
	       w + pl->colw[pl->nkey] + pl->gap <= KEY_SHARE * TEXT_W) {
		w += pl->colw[pl->nkey] + pl->gap;
		pl->nkey++;
	}
}

/* Packs the columns after the keys greedily into blocks no wider than
 * cap (a column wider than cap gets a block of its own); returns the
 * number of blocks and, when store, sets bfirst and nblocks. */
static size_t pack(struct plan *pl, double cap, int store)
{
	size_t n = 0;
	double used = 0;

	if (store)
		pl->bfirst[0] = pl->nkey;
	for (size_t c = pl->nkey; c < pl->nc; c++) {
		double add = pl->colw[c] + (used > 0 ? pl->gap : 0);

		if (used > 0 && used + add > cap) {
			n++;
			if (store)
				pl->bfirst[n] = c;
			used = 0;
			add = pl->colw[c];
		}
		used += add;
	}
	n++;
	if (store) {
		pl->bfirst[n] = pl->nc;
		pl->nblocks = n;
	}
	return n;
}

/*
 * Measures the plan at 10 pt and fits it to the text width: the largest
 * type size at which the whole table fits; else the fewest column blocks
 * that fit at the smallest size, set at the largest size that still needs
 * no more blocks, with the columns spread evenly over the blocks. Then
 * counts the lines of the cells that wrap.
 */
static void plan_fit(struct pdf *p, struct plan *pl)
{
	const size_t nt = sizeof table_sizes / sizeof table_sizes[0];
	size_t c, r, nb;
	double h, lo, hi;

	set_text(p, p->aux, "Ag", 10, 0, 0, PANGO_ALIGN_LEFT);
	layout_size(p->aux, NULL, &h);
	pl->lh1 = h / 10;
	for (r = 0; r <= pl->nr; r++) {
		for (c = 0; c < pl->nc; c++) {
			double w;

			set_text(p, p->aux, plan_text(pl, r, c), 10, r == 0, 0, PANGO_ALIGN_LEFT);
			layout_size(p->aux, &w, NULL);
			w /= 10;
			pl->w1[r * pl->nc + c] = w;
			if (w > pl->nat1[c])
				pl->nat1[c] = w;
		}
	}
	pl->nkey = 0;
	pl->nblocks = 1;
	pl->bfirst[0] = 0;
	pl->bfirst[1] = pl->nc;
	for (size_t k = 0; k < nt; k++)
		if (fit_widths(pl, table_sizes[k], TEXT_W) <= TEXT_W)
			goto lines;
	if (pl->nc > 1) {
		size_t k;

		fit_widths(pl, table_sizes[nt - 1], 0);
		choose_keys(pl);
		nb = pack(pl, TEXT_W - key_width(pl), 0);
		for (k = 0; k + 1 < nt; k++) {
			fit_widths(pl, table_sizes[k], 0);
			choose_keys(pl);
			if (pack(pl, TEXT_W - key_width(pl), 0) <= nb)
				break;
		}
		fit_widths(pl, table_sizes[k], 0);
		choose_keys(pl);
		/* the narrowest block width that still needs no more blocks */
		lo = 0;
		hi = TEXT_W - key_width(pl);
		for (c = pl->nkey; c < pl->nc; c++)
			if (pl->colw[c] > lo)
				lo = pl->colw[c];
		if (lo > hi)
			lo = hi;
		while (hi - lo > 0.25) {
			double mid = (lo + hi) / 2;

			if (pack(pl, mid, 0) <= nb)
				hi = mid;
			else
				lo = mid;
		}
		pack(pl, hi, 1);
	}
lines:
	/* lines per row: cells wider than their column wrap */
	for (r = 0; r <= pl->nr; r++) {
		pl->lines[r] = 1;
		for (c = 0; c < pl->nc; c++) {
			if (pl->w1[r * pl->nc + c] * pl->size + 0.5 > pl->colw[c]) {
				int n;

				set_text(p, p->aux, plan_text(pl, r, c), pl->size, r == 0, pl->colw[c],
					 PANGO_ALIGN_LEFT);
				n = pango_layout_get_line_count(p->aux);
				if (n > 0 && (unsigned)n > pl->lines[r])
					pl->lines[r] = (unsigned)n;
			}
		}
	}
}

static int plan_table(struct pdf *p, struct plan *pl, const struct result_table *t)
{
	size_t nr = result_rows(t), nc = result_cols(t);
	char buf[REPORT_NUM_SIZE];

	if (nr > REPORT_PDF_MAX_ROWS)
		nr = REPORT_PDF_MAX_ROWS;
	if (plan_alloc(pl, nr, nc) < 0)
		return -1;
	pl->total = result_rows(t);
	for (size_t c = 0; c < nc; c++) {
		pl->right[c] = (unsigned char)report_col_numeric(t, c);
		plan_put(pl, 0, c, result_col_name(t, c), REPORT_CELL_TEXT);
	}
	for (size_t r = 0; r < nr; r++) {
		for (size_t c = 0; c < nc; c++) {
			enum report_cell_kind k;
			const char *s = report_cell(t, r, c, p->loc, buf, &k);

			plan_put(pl, r + 1, c, s, k);
		}
	}
	if (pl->oom)
		return -1;
	if (nc)
		plan_fit(p, pl);
	return 0;
}

static int plan_inputs(struct pdf *p, struct plan *pl)
{
	const struct report_doc *doc = p->doc;
	static const enum report_word head[4] = { REPORT_WORD_NAME, REPORT_WORD_FILE,
						  REPORT_WORD_ROWS, REPORT_WORD_SHA256 };

	if (plan_alloc(pl, doc->ninputs, 4) < 0)
		return -1;
	pl->total = doc->ninputs;
	pl->right[2] = 1;
	for (size_t c = 0; c < 4; c++)
		plan_put(pl, 0, c, report_word(head[c], p->loc), REPORT_CELL_TEXT);
	for (size_t i = 0; i < doc->ninputs; i++) {
		const struct report_input *in = &doc->inputs[i];
		char rows[REPORT_NUM_SIZE], sha[32];

		char raw[32];

		snprintf(raw, sizeof raw, "%zu", in->rows);
		report_localize_number(raw, p->loc, rows, sizeof rows);
		if (in->sha256 && strlen(in->sha256) > 12)
			snprintf(sha, sizeof sha, "%.12s\xe2\x80\xa6", in->sha256);
		else
			snprintf(sha, sizeof sha, "%s", in->sha256 ? in->sha256 : "\xe2\x80\x93");
		plan_put(pl, i + 1, 0, in->name ? in->name : "\xe2\x80\x93",
			 in->name ? REPORT_CELL_TEXT : REPORT_CELL_MISSING);
		plan_put(pl, i + 1, 1, in->path ? in->path : "\xe2\x80\x93",
			 in->path ? REPORT_CELL_TEXT : REPORT_CELL_MISSING);
		plan_put(pl, i + 1, 2, rows, REPORT_CELL_NUMBER);
		plan_put(pl, i + 1, 3, sha, in->sha256 ? REPORT_CELL_TEXT : REPORT_CELL_MISSING);
	}
	pl->missing = 0; /* an unknown input field needs no legend */
	if (pl->oom)
		return -1;
	plan_fit(p, pl);
	return 0;
}

/* ---- tables on the page ------------------------------------------------------ */

/* Width of block b: the key columns and the block's own. */
static double block_width(const struct plan *pl, size_t b)
{
	double w = 0;
	size_t n = 0;

	for (size_t c = 0; c < pl->nkey; c++, n++)
		w += pl->colw[c] + (n ? pl->gap : 0);
	for (size_t c = pl->bfirst[b]; c < pl->bfirst[b + 1]; c++, n++)
		w += pl->colw[c] + (n ? pl->gap : 0);
	return w;
}

static void draw_cell(struct pdf *p, const struct plan *pl, size_t r, size_t c, double x,
		      double y)
{
	const char *s = plan_text(pl, r, c);
	int wrap = pl->w1[r * pl->nc + c] * pl->size + 0.5 > pl->colw[c];
	enum report_cell_kind k = (enum report_cell_kind)pl->kind[r * pl->nc + c];
	double w;

	set_text(p, p->lay, s, pl->size, r == 0, wrap ? pl->colw[c] : 0,
		 pl->right[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	if (pl->right[c] && !wrap) {
		layout_size(p->lay, &w, NULL);
		x += pl->colw[c] - 0.5 - w;
	}
	show(p, p->lay, x, y, r > 0 && k == REPORT_CELL_MISSING ? GREY : INK);
}

static void draw_row(struct pdf *p, const struct plan *pl, size_t r, size_t b)
{
	double x = MARGIN, y = p->y + 0.3 * pl->size;

	if (p->draw) {
		for (size_t c = 0; c < pl->nkey; c++) {
			draw_cell(p, pl, r, c, x, y);
			x += pl->colw[c] + pl->gap;
		}
		for (size_t c = pl->bfirst[b]; c < pl->bfirst[b + 1]; c++) {
			draw_cell(p, pl, r, c, x, y);
			x += pl->colw[c] + pl->gap;
		}
	}
	p->y += row_height(pl, r);
}

static void draw_header(struct pdf *p, const struct plan *pl, size_t b, double tw)
{
	rule(p, MARGIN, MARGIN + tw, p->y, 0.8, RULE_DARK);
	p->y += 1;
	draw_row(p, pl, 0, b);
	rule(p, MARGIN, MARGIN + tw, p->y, 0.5, RULE_DARK);
	p->y += 0.5;
	p->st.table_headers++;
}

/*
 * Places a planned table: for each column block the label line (label may
 * be NULL: no line), the header, the rows (continued on new pages under
 * "LABEL (continued)" with the header again), the closing rule. Then the
 * lines under it (notes, rows shown, dash legend, CSV file).
 */
static void place_table(struct pdf *p, const struct plan *pl, const char *label,
			const char *number_label, const struct result_table *t, const char *csv)
{
	char part[64], line[1024];

	p->st.tables++;
	if (pl->nblocks > 1)
		p->st.split_tables++;
	if (pl->nc && (p->st.min_table_pt == 0 || pl->size < p->st.min_table_pt))
		p->st.min_table_pt = pl->size;
	if (!pl->nc) {
		if (label)
			flow(p, label, 0, PT_CAPTION, 1, INK, 3);
		flow(p, report_word(REPORT_WORD_NO_ROWS, p->loc), 0, PT_SMALL, 0, GREY, 12);
		return;
	}
	for (size_t b = 0; b < pl->nblocks; b++) {
		double tw = block_width(pl, b), need = row_height(pl, 0) + 2;
		size_t nfirst = pl->nr < 3 ? pl->nr : 3;

		part[0] = '\0';
		if (pl->nblocks > 1)
			report_part_label(b + 1, pl->nblocks, p->loc, part, sizeof part);
		for (size_t r = 1; r <= nfirst; r++)
			need += row_height(pl, r);
		if (label) {
			snprintf(line, sizeof line, "%s%s%s", label, *part ? " " : "", part);
			need += text_height(p, line, 0, PT_CAPTION, 1, TEXT_W) + 3;
		}
		ensure(p, need);
		if (label)
			flow(p, line, 0, PT_CAPTION, 1, INK, 3);
		draw_header(p, pl, b, tw);
		for (size_t r = 1; r <= pl->nr; r++) {
			if (p->y + row_height(pl, r) > BOTTOM && !at_top(p)) {
				new_page(p);
				snprintf(line, sizeof line, "%s (%s)%s%s",
					 number_label ? number_label : "",
					 report_word(REPORT_WORD_CONTINUED, p->loc), *part ? " " : "",
					 part);
				flow(p, number_label ? line : line + 1, 0, PT_SMALL, 0, GREY, 3);
				draw_header(p, pl, b, tw);
			}
			draw_row(p, pl, r, b);
			if (r < pl->nr)
				rule(p, MARGIN, MARGIN + tw, p->y, 0.3, RULE_LIGHT);
		}
		if (pl->nr == 0)
			flow(p, report_word(REPORT_WORD_NO_ROWS, p->loc), 0, pl->size, 0, GREY, 0);
		rule(p, MARGIN, MARGIN + tw, p->y, 0.8, RULE_DARK);
		p->y += b + 1 < pl->nblocks ? 12 : 4;
	}
	if (pl->total > pl->nr) {
		report_rows_shown(pl->nr, pl->total, csv, p->loc, line, sizeof line);
		flow(p, line, 0, PT_TINY, 0, GREY, 1);
	}
	for (size_t i = 0; t && i < result_note_count(t); i++)
		flow(p, result_note(t, i), 0, PT_TINY, 0, GREY, 1);
	if (pl->missing)
		flow(p, report_word(REPORT_WORD_MISSING, p->loc), 0, PT_TINY, 0, GREY, 1);
	if (csv) {
		size_t len = strlen(csv);
		char *enc = p->draw && len < SIZE_MAX / 3 - 16 ? malloc(3 * len + 1) : NULL;
		char *attr = enc ? malloc(3 * len + 16) : NULL;

		/* the file name links to the CSV beside the report */
		if (attr) {
			report_url_encode(csv, enc);
			snprintf(attr, 3 * len + 16, "uri='%s'", enc);
			cairo_tag_begin(p->cr, CAIRO_TAG_LINK, attr);
		}
		snprintf(line, sizeof line, "%s: %s", report_word(REPORT_WORD_DATA, p->loc), csv);
		flow(p, line, 0, PT_TINY, 0, GREY, 1);
		if (attr)
			cairo_tag_end(p->cr, CAIRO_TAG_LINK);
		free(attr);
		free(enc);
	}
	p->y += 14;
}

/* ---- charts ------------------------------------------------------------------ */

/* A PNG scaled to fit w x h at (x, y), centred. */
static void draw_png(struct pdf *p, const char *file, double x, double y, double w, double h)
{
	cairo_surface_t *img = cairo_image_surface_create_from_png(file);
	int iw, ih;
	double s;

	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(img);
		set_text(p, p->aux, report_word(REPORT_WORD_CHART_MISSING, p->loc), PT_SMALL, 0, 0,
			 PANGO_ALIGN_LEFT);
		show(p, p->aux, x + 8, y + 8, GREY);
		return;
	}
	iw = cairo_image_surface_get_width(img);
	ih = cairo_image_surface_get_height(img);
	s = fmin(w / iw, h / ih);
	cairo_save(p->cr);
	cairo_translate(p->cr, x + (w - iw * s) / 2, y + (h - ih * s) / 2);
	cairo_scale(p->cr, s, s);
	cairo_set_source_surface(p->cr, img, 0, 0);
	cairo_paint(p->cr);
	cairo_restore(p->cr);
	cairo_surface_destroy(img);
}

static void place_chart(struct pdf *p, const struct report_chart *c, const char *dir)
{
	char label[2048];
	double caph = 0;

	p->nfig++;
	p->st.charts++;
	if (c->caption) {
		snprintf(label, sizeof label, "%s %zu. %s", report_word(REPORT_WORD_FIGURE, p->loc),
			 p->nfig, c->caption);
		caph = text_height(p, label, 0, PT_SMALL, 0, TEXT_W) + 4;
	}
	ensure(p, CHART_H + caph);
	if (p->draw) {
		if (c->model) {
			struct diag cd;

			diag_init(&cd);
			cairo_save(p->cr);
			cairo_translate(p->cr, MARGIN, p->y);
			/* a DIAG_IO here is Cairo's sticky status (a failed write):
			 * pdf_run reports it with the errno of the sink */
			if (render_chart_cairo(c->model, p->cr, CHART_W, CHART_H, FAMILY, &cd) < 0 &&
			    cd.code != DIAG_IO && !p->failed) {
				*p->d = cd;
				p->failed = 1;
			}
			cairo_restore(p->cr);
		} else if (c->file_png) {
			size_t dl = strlen(dir), fl = strlen(c->file_png);
			char *full = malloc(dl + fl + 2);

			if (full) {
				memcpy(full, dir, dl);
				full[dl] = '/';
				memcpy(full + dl + 1, c->file_png, fl + 1);
				draw_png(p, full, MARGIN, p->y, CHART_W, CHART_H);
				free(full);
			} else {
				p->oom = 1;
			}
		} else {
			cairo_rectangle(p->cr, MARGIN, p->y, CHART_W, CHART_H);
			set_color(p->cr, RULE_LIGHT);
			cairo_set_line_width(p->cr, 0.5);
			cairo_stroke(p->cr);
			set_text(p, p->aux, report_word(REPORT_WORD_CHART_MISSING, p->loc), PT_SMALL, 0,
				 0, PANGO_ALIGN_LEFT);
			show(p, p->aux, MARGIN + 8, p->y + 8, GREY);
		}
	}
	p->y += CHART_H + 4;
	if (c->caption)
		flow(p, label, 0, PT_SMALL, 0, GREY, 0);
	p->y += 18;
}

/* ---- parts of the document ---------------------------------------------------- */

static void title_page(struct pdf *p)
{
	const struct report_doc *doc = p->doc;
	char line[1024];

	p->y = 150;
	if (p->draw) {
		set_color(p->cr, ACCENT);
		cairo_rectangle(p->cr, MARGIN, 128, 48, 4);
		cairo_fill(p->cr);
	}
	flow(p, p->title, 0, PT_TITLE, 1, INK, 10);
	if (doc->subtitle)
		flow(p, doc->subtitle, 1, PT_SUBTITLE, 0, GREY, 8);
	if (doc->data_date) {
		snprintf(line, sizeof line, "%s: %s", report_word(REPORT_WORD_DATA_DATE, p->loc),
			 doc->data_date);
		p->y += 6;
		flow(p, line, 0, PT_META, 0, INK, 0);
	}
	p->y += 34;
	if (doc->ninputs) {
		struct report_pdf_stats keep = p->st; /* stats count result tables only */

		ensure(p, 60);
		flow(p, report_word(REPORT_WORD_INPUTS, p->loc), 0, PT_H2, 1, INK, 6);
		place_table(p, &p->inputs, NULL, NULL, NULL, NULL);
		p->st = keep;
	}
	if (doc->generated_by) {
		snprintf(line, sizeof line, "%s %s", report_word(REPORT_WORD_GENERATED_BY, p->loc),
			 doc->generated_by);
		if (p->page == 1 && p->y < PAGE_H - 100)
			p->y = PAGE_H - 90;
		flow(p, line, 0, PT_SMALL, 0, GREY, 0);
	}
}

/* One line of the contents: number, title and subtitle (grey), dot leader,
 * page number; a link to the page. */
static void contents_entry(struct pdf *p, const char *num, const char *title,
			   const char *subtitle, size_t page)
{
	const double numw = 26, pagew = 40;
	char *text, pg[32], link[48];
	size_t tl, sl = 0;
	double h, pw, lx, ly;
	PangoLayoutIter *it;
	PangoRectangle r;

	text = report_clean_dup(title, 0);
	if (!text) {
		p->oom = 1;
		return;
	}
	tl = strlen(text);
	if (subtitle) {
		char *sub = report_clean_dup(subtitle, 0);
		char *all = sub ? malloc(tl + strlen(sub) + 8) : NULL;

		if (!all) {
			free(sub);
			free(text);
			p->oom = 1;
			return;
		}
		sl = (size_t)sprintf(all, "%s \xe2\x80\x94 %s", text, sub);
		free(sub);
		free(text);
		text = all;
	}
	set_text(p, p->lay, text, PT_BODY, 0, TEXT_W - numw - pagew, PANGO_ALIGN_LEFT);
	if (sl)
		color_range(p->lay, tl, sl, GREY, PT_SMALL + 0.5);
	layout_size(p->lay, NULL, &h);
	if (p->y + h > BOTTOM && !at_top(p)) {
		char cont[128];

		new_page(p);
		snprintf(cont, sizeof cont, "%s (%s)", report_word(REPORT_WORD_CONTENTS, p->loc),
			 report_word(REPORT_WORD_CONTINUED, p->loc));
		/* flow() sets p->lay: lay the entry out again afterwards */
		flow(p, cont, 0, PT_SMALL, 0, GREY, 8);
		set_text(p, p->lay, text, PT_BODY, 0, TEXT_W - numw - pagew, PANGO_ALIGN_LEFT);
		if (sl)
			color_range(p->lay, tl, sl, GREY, PT_SMALL + 0.5);
	}
	snprintf(pg, sizeof pg, "%zu", page);
	if (p->draw) {
		snprintf(link, sizeof link, "page=%zu", page);
		cairo_tag_begin(p->cr, CAIRO_TAG_LINK, link);
		show(p, p->lay, MARGIN + numw, p->y, INK);
		/* the dot leader runs from the end of the last line to the number */
		it = pango_layout_get_iter(p->lay);
		while (pango_layout_iter_next_line(it))
			;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		lx = MARGIN + numw + (double)(r.x + r.width) / PANGO_SCALE + 6;
		ly = p->y + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		pango_layout_iter_free(it);
		set_text(p, p->aux, pg, PT_BODY, 0, 0, PANGO_ALIGN_LEFT);
		layout_size(p->aux, &pw, NULL);
		show(p, p->aux, MARGIN + TEXT_W - pw,
		     ly - (double)pango_layout_get_baseline(p->aux) / PANGO_SCALE, INK);
		if (num) {
			set_text(p, p->aux, num, PT_BODY, 1, 0, PANGO_ALIGN_LEFT);
			show(p, p->aux, MARGIN, p->y, ACCENT);
		}
		if (MARGIN + TEXT_W - pw - 6 > lx) {
			static const double dots[2] = { 0, 3 };

			cairo_save(p->cr);
			set_color(p->cr, 0x999999ul);
			cairo_set_line_width(p->cr, 0.8);
			cairo_set_line_cap(p->cr, CAIRO_LINE_CAP_ROUND);
			cairo_set_dash(p->cr, dots, 2, 0);
			cairo_move_to(p->cr, lx, ly - 1);
			cairo_line_to(p->cr, MARGIN + TEXT_W - pw - 6, ly - 1);
			cairo_stroke(p->cr);
			cairo_restore(p->cr);
		}
		cairo_tag_end(p->cr, CAIRO_TAG_LINK);
	}
	free(text);
	p->y += h + 5;
}

static void contents(struct pdf *p)
{
	const struct report_doc *doc = p->doc;
	size_t first;

	new_page(p);
	first = p->page;
	flow(p, report_word(REPORT_WORD_CONTENTS, p->loc), 0, PT_H1, 1, INK, 16);
	for (size_t i = 0; i < doc->nsections; i++) {
		char num[32];

		snprintf(num, sizeof num, "%zu", i + 1);
		contents_entry(p, num, doc->sections[i].title, doc->sections[i].subtitle,
			       p->sec_page[i]);
	}
	if (doc->nmethods) {
		p->y += 6;
		contents_entry(p, NULL, report_word(REPORT_WORD_METHODS, p->loc), NULL,
			       p->methods_page);
	}
	p->st.contents_pages = p->page - first + 1;
}

static void section(struct pdf *p, size_t i, size_t *plan_i, const char *dir)
{
	const struct report_section *s = &p->doc->sections[i];
	char num[32], *head;
	size_t nl, tl;

	new_page(p);
	p->sec_page[i] = p->page;
	nl = (size_t)snprintf(num, sizeof num, "%zu", i + 1);
	tl = strlen(s->title);
	head = malloc(nl + tl + 3);
	if (!head) {
		p->oom = 1;
		return;
	}
	memcpy(head, num, nl);
	memcpy(head + nl, "  ", 2);
	memcpy(head + nl + 2, s->title, tl + 1);
	flow_ex(p, head, 0, PT_H1, 1, INK, 0, 4, nl, ACCENT, 0);
	free(head);
	if (s->subtitle)
		flow(p, s->subtitle, 0, PT_H2, 0, GREY, 2);
	if (s->method) {
		char line[512];

		snprintf(line, sizeof line, "%s: %s", report_word(REPORT_WORD_METHOD, p->loc),
			 s->method);
		flow(p, line, 0, PT_SMALL, 0, GREY, 0);
	}
	p->y += 6;
	rule(p, MARGIN, MARGIN + TEXT_W, p->y, 0.5, RULE_LIGHT);
	p->y += 12;
	if (s->text && *s->text)
		flow(p, s->text, 1, PT_BODY, 0, INK, 8);
	for (size_t k = 0; k < s->nnotes; k++)
		flow_ex(p, s->notes[k], 0, PT_CAPTION, 0, GREY, 12, k + 1 < s->nnotes ? 2 : 10, 0,
			0, 1);
	for (size_t k = 0; k < s->ntables; k++) {
		const struct report_table *t = &s->tables[k];
		char label[1024], numl[64];

		p->ntab++;
		snprintf(numl, sizeof numl, "%s %zu", report_word(REPORT_WORD_TABLE, p->loc),
			 p->ntab);
		snprintf(label, sizeof label, "%s. %s", numl,
			 t->title ? t->title : result_table_name(t->table));
		place_table(p, &p->plans[*plan_i], label, numl, t->table, t->csv_file);
		(*plan_i)++;
	}
	for (size_t k = 0; k < s->ncharts; k++)
		place_chart(p, &s->charts[k], dir);
}

static void methods(struct pdf *p)
{
	new_page(p);
	p->methods_page = p->page;
	flow(p, report_word(REPORT_WORD_METHODS, p->loc), 0, PT_H1, 1, INK, 14);
	for (size_t i = 0; i < p->doc->nmethods; i++)
		flow(p, p->doc->methods[i], 1, PT_BODY - 0.5, 0, INK, 7);
	flow(p, report_word(REPORT_WORD_NUMBERS, p->loc), 0, PT_BODY - 0.5, 0, GREY, 0);
}

/* One pass over the whole document. */
static void lay_out(struct pdf *p, const char *dir)
{
	size_t plan_i = 0;

	memset(&p->st, 0, sizeof p->st);
	p->page = 1;
	p->y = TOP;
	p->ntab = p->nfig = 0;
	title_page(p);
	contents(p);
	for (size_t i = 0; i < p->doc->nsections; i++)
		section(p, i, &plan_i, dir);
	if (p->doc->nmethods)
		methods(p);
	finish_page(p);
	p->st.pages = p->page;
}

/* PDF bookmarks: one per section and the appendix (draw pass only). */
static void outline(struct pdf *p)
{
	const struct report_doc *doc = p->doc;
	char link[48];

	for (size_t i = 0; i < doc->nsections; i++) {
		const char *t = cleaned(p, doc->sections[i].title, 0);
		size_t len = strlen(t);
		char *name = malloc(len + 32);

		if (!name) {
			p->oom = 1;
			return;
		}
		snprintf(name, len + 32, "%zu  %s", i + 1, t);
		snprintf(link, sizeof link, "page=%zu", p->sec_page[i]);
		cairo_pdf_surface_add_outline(p->surf, CAIRO_PDF_OUTLINE_ROOT, name, link, 0);
		free(name);
	}
	if (doc->nmethods) {
		snprintf(link, sizeof link, "page=%zu", p->methods_page);
		cairo_pdf_surface_add_outline(p->surf, CAIRO_PDF_OUTLINE_ROOT,
					      report_word(REPORT_WORD_METHODS, p->loc), link, 0);
	}
}

static int make_plans(struct pdf *p)
{
	const struct report_doc *doc = p->doc;
	size_t n = 0, k = 0;

	for (size_t i = 0; i < doc->nsections; i++)
		n += doc->sections[i].ntables;
	p->plans = xcalloc(n, sizeof *p->plans);
	if (!p->plans)
		return -1;
	p->nplans = n;
	for (size_t i = 0; i < doc->nsections; i++)
		for (size_t j = 0; j < doc->sections[i].ntables; j++)
			if (plan_table(p, &p->plans[k++], doc->sections[i].tables[j].table) < 0)
				return -1;
	return plan_inputs(p, &p->inputs);
}

static PangoContext *make_pango(cairo_t *cr)
{
	PangoContext *pc = pango_cairo_create_context(cr);
	cairo_font_options_t *fo = cairo_font_options_create();

	/* Unhinted metrics: widths scale with the size and both passes agree. */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(pc, 72);
	/* Unrounded glyph positions: a text's width is then proportional to
	 * its size, so tables are measured once (at 10 pt) for every size. */
	pango_context_set_round_glyph_positions(pc, FALSE);
	return pc;
}

/*
 * Lays doc out (and draws it when fd >= 0) on a PDF surface writing to fd
 * (or nowhere), filling *st. dir: the output folder (PNG fallbacks).
 */
static int pdf_run(const struct report_doc *doc, int fd, const char *dir,
		   struct report_pdf_stats *st, struct diag *d)
{
	struct sink s = { fd, 0 };
	struct pdf p;
	cairo_status_t cst;
	int ret = -1;

	memset(&p, 0, sizeof p);
	p.doc = doc;
	p.loc = doc->locale;
	p.d = d;
	p.surf = cairo_pdf_surface_create_for_stream(sink_write, &s, PAGE_W, PAGE_H);
	if (cairo_surface_status(p.surf) != CAIRO_STATUS_SUCCESS) {
		diag_set(d, DIAG_IO, "cannot create the PDF: %s",
			 cairo_status_to_string(cairo_surface_status(p.surf)));
		cairo_surface_destroy(p.surf);
		return -1;
	}
	p.title = report_clean_dup(doc->title ? doc->title : report_word(REPORT_WORD_REPORT, p.loc),
				   0);
	p.sec_page = xcalloc(doc->nsections, sizeof *p.sec_page);
	if (!p.title || !p.sec_page) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto done_surface;
	}
	/* Fixed dates: the same document gives the same bytes. */
	cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_TITLE, p.title);
	cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00");
	cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_MOD_DATE, "2000-01-01T00:00:00");
	cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_CREATOR,
				       doc->generated_by ? cleaned(&p, doc->generated_by, 0)
							 : "clusterbench");
	if (doc->subtitle)
		cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_SUBJECT,
					       cleaned(&p, doc->subtitle, 0));
	p.cr = cairo_create(p.surf);
	p.pc = make_pango(p.cr);
	p.lay = pango_layout_new(p.pc);
	p.aux = pango_layout_new(p.pc);
	p.foot = pango_layout_new(p.pc);
	p.fd = pango_font_description_from_string(FAMILY);
	if (!p.lay || !p.aux || !p.foot || !p.fd || make_plans(&p) < 0) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto done;
	}
	p.draw = 0;
	p.npages = 0;
	lay_out(&p, dir);
	if (fd >= 0 && !p.oom) {
		size_t pages = p.st.pages;

		p.npages = pages;
		p.draw = 1;
		outline(&p);
		lay_out(&p, dir);
		if (p.st.pages != pages && !p.failed) {
			diag_set(d, DIAG_INTERNAL, "report: the layout changed between passes (%zu, %zu pages)",
				 pages, p.st.pages);
			goto done;
		}
	}
	if (p.failed)
		goto done;
	if (p.oom) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto done;
	}
	if (st)
		*st = p.st;
	ret = 0;
done:
	cst = cairo_status(p.cr);
	if (!ret && cst != CAIRO_STATUS_SUCCESS) {
		ret = s.err ? diag_set_errno(d, DIAG_IO, s.err, "cannot write the report")
			    : diag_set(d, DIAG_IO, "drawing the report failed: %s",
				       cairo_status_to_string(cst));
	}
	if (p.fd)
		pango_font_description_free(p.fd);
	if (p.foot)
		g_object_unref(p.foot);
	if (p.aux)
		g_object_unref(p.aux);
	if (p.lay)
		g_object_unref(p.lay);
	if (p.pc)
		g_object_unref(p.pc);
	cairo_destroy(p.cr);
	for (size_t i = 0; i < p.nplans; i++)
		plan_free(&p.plans[i]);
	free(p.plans);
	plan_free(&p.inputs);
done_surface:
	/* Most of the PDF is written here: check the status after it. */
	cairo_surface_finish(p.surf);
	cst = cairo_surface_status(p.surf);
	if (!ret && (cst != CAIRO_STATUS_SUCCESS || s.err)) {
		ret = s.err ? diag_set_errno(d, DIAG_IO, s.err, "cannot write the report")
			    : diag_set(d, DIAG_IO, "writing the report failed: %s",
				       cairo_status_to_string(cst));
	}
	cairo_surface_destroy(p.surf);
	free(p.scratch);
	free(p.sec_page);
	free(p.title);
	return ret;
}

int report_pdf_layout(const struct report_doc *doc, struct report_pdf_stats *st,
		      struct diag *d)
{
	if (report_check_doc(doc, 0, d) < 0)
		return -1;
	return pdf_run(doc, -1, ".", st, d);
}

int report_write_pdf(const struct report_doc *doc, const char *path, struct diag *d)
{
	struct report_file f;
	char *dir;
	const char *slash;

	if (report_check_doc(doc, 0, d) < 0)
		return -1;
	if (report_file_open(&f, path, d) < 0)
		return -1;
	slash = strrchr(path, '/');
	dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	if (!dir) {
		report_file_abort(&f);
		return diag_set(d, DIAG_INTERNAL, "out of memory");
	}
	if (pdf_run(doc, f.fd, dir, NULL, d) < 0) {
		free(dir);
		report_file_abort(&f);
		diag_set_path(d, path);
		return -1;
	}
	free(dir);
	return report_file_commit(&f, d);
}
