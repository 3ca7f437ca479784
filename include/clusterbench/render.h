/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render: chart model -> Cairo surface (PNG, PDF, SVG), all text through PangoCairo. */
#ifndef CLUSTERBENCH_RENDER_H
#define CLUSTERBENCH_RENDER_H

#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "clusterbench/chart.h"
#include "clusterbench/diag.h"

/*
 * The renderer draws any chart model (chart.h) generically: it measures
 * every text with Pango, lays the page out (title, subtitle, legend, axis
 * titles, tick labels, caption, reference-line labels, end labels) so that
 * nothing overlaps and nothing leaves the canvas, and draws the marks.
 * Type sizes are in points and a page is width_px / dpi inches wide, so
 * the default 1600 x 1000 pixels at 200 dpi is an 8 x 5 inch figure with
 * 14 pt titles and 9 pt labels. PDF and SVG are vectors of the same page
 * size in points, fonts embedded (subsets). The same model and options
 * give the same bytes, every time and in every process (PDF dates are
 * fixed at 2000-01-01).
 *
 * Thread-safety: no global state of our own; Pango's default font map is
 * per thread, so charts may be rendered in parallel threads.
 */

enum render_format {
	RENDER_PNG,
	RENDER_PDF,
	RENDER_SVG
};

/* "png", "pdf" or "svg" (exact, lowercase) into *out; 0, or -1 for any
 * other name (*out untouched). */
int render_format_from_name(const char *name, enum render_format *out);

/* "png", "pdf" or "svg": the name and the file extension. */
const char *render_format_name(enum render_format f);

struct render_opts {
	unsigned width_px, height_px; /* PNG pixels; PDF/SVG: the same inches */
	double dpi;                   /* pixels per inch */
	const char *font_family;      /* fontconfig family, borrowed */
};

/* Defaults: 1600 x 1000 pixels, 200 dpi (8 x 5 in), "DejaVu Sans". */
void render_opts_init(struct render_opts *o);

/*
 * Renders c to the file path in format fmt (o NULL: defaults). The file
 * is written to a temporary DIR/.NAME.XXXXXX beside it, synced, given mode
 * 0644 and renamed over path, so that a failure never leaves a partial
 * file under the final name (nor the temporary one). PNG files carry a
 * pHYs chunk with the dpi, so word processors place them at their size.
 * Errors: DIAG_USAGE for an empty path or bad options (size outside 16 ..
 * 20000 pixels, dpi outside 36 .. 2400, page beyond 200 in); DIAG_IO (with
 * path and errno) when path is a directory or an existing non-regular file
 * (a device such as /dev/full is never replaced), when the folder is
 * missing or not writable, on any write, sync or rename failure, and when
 * Cairo reports a failure (its sticky status is checked after drawing and
 * after cairo_surface_finish); the chart's own sticky error is passed on.
 */
int render_chart(const struct chart *c, const char *path, enum render_format fmt,
		 const struct render_opts *o, struct diag *d);

/*
 * Writes an RGB24 image surface as PNG (8-bit RGB, a pHYs chunk for dpi)
 * through write(closure, bytes, n), which returns 0 or -1. Returns 0, or
 * -1 when the surface is not RGB24 or a write failed.
 */
int render_png_write(cairo_surface_t *surf, double dpi,
		     int (*write)(void *closure, const unsigned char *p, size_t n), void *closure);

/*
 * Like render_chart, but writes to the open file descriptor fd (not
 * synced, not closed). A write error (EIO, ENOSPC, EPIPE, ...) is DIAG_IO
 * with the errno. The descriptor's position is wherever the failure left
 * it.
 */
int render_chart_fd(const struct chart *c, int fd, enum render_format fmt,
		    const struct render_opts *o, struct diag *d);

/*
 * Draws c onto cr in a page of width_pt x height_pt user units, one unit
 * being one point (scale cr beforehand for pixels), starting at the
 * origin. For the report module (a chart on a PDF page). font_family NULL
 * means "DejaVu Sans". Leaves cr's state as it found it. Errors: the
 * chart's sticky error; DIAG_IO when cr is in an error state afterwards.
 */
int render_chart_cairo(const struct chart *c, cairo_t *cr, double width_pt, double height_pt,
		       const char *font_family, struct diag *d);

/* Number of characters of text (UTF-8) that font_family (NULL: DejaVu
 * Sans, with fontconfig's fallbacks) cannot show: 0 means every glyph is
 * there. For tests and checks of unusual scripts. */
int render_missing_glyphs(const char *text, const char *font_family);

/*
 * Reading the font configuration (fontconfig's FcInit: its XML files and
 * caches) takes about 10 ms, and the first chart of a run waits for it.
 * render_fonts_prepare starts it in a thread of its own so that it
 * overlaps the loading of the data; render_fonts_wait joins that thread
 * (NULL is fine). Rendering does not need the wait: fontconfig itself
 * makes concurrent first uses safe.
 */
GThread *render_fonts_prepare(void);
void render_fonts_wait(GThread *th);

/*
 * Releases Pango's and Cairo's process-wide caches of the calling thread
 * (font map, static data) so that leak checkers see a clean exit. Call
 * at most once, at the very end, when no other thread renders.
 */
void render_release_caches(void);

/* ---------------------------------------------------------------- */
/* Shared drawing helpers (src/render_text.c), for kind-specific      */
/* renderers that draw what the generic marks cannot                  */
/* ---------------------------------------------------------------- */

/* A drawing in progress: the Cairo context (1 unit = 1 point), a Pango
 * context with metric hinting off (so PNG, PDF and SVG lay out alike),
 * the page and the plot rectangle in points. */
struct render_ctx {
	cairo_t *cr;
	PangoContext *pango;
	const char *family;
	double width, height;         /* page */
	double px0, py0, px1, py1;    /* plot area: left, top, right, bottom */
	const struct chart *chart;
};

/* Type size in points and weight of a role (chart.h lists them). */
double render_role_size(enum chart_role role);
int render_role_bold(enum chart_role role);

/*
 * A Pango layout of text (UTF-8, plain, not markup) in role's size, bold
 * when bold or the role is bold, wrapped at wrap_pt points (0: no wrap;
 * words longer than the width are broken), lines aligned by align. If
 * sublabel is not NULL it is added as a last line in the NOTE size and
 * grey. The caller unrefs it (g_object_unref). NULL only when Pango
 * fails to allocate.
 */
PangoLayout *render_layout(struct render_ctx *rc, const char *text, const char *sublabel,
			   enum chart_role role, int bold, double wrap_pt, PangoAlignment align);

/* Logical width and height of a layout in points. */
void render_layout_size(PangoLayout *l, double *w, double *h);

/* Top-left corner of a box w x h whose anchor point is at (x, y). */
void render_anchor_box(enum chart_anchor a, double x, double y, double w, double h,
		       double *left, double *top);

/*
 * Draws l with its top-left corner at (left, top), in color, rotated by
 * angle radians around that corner (0: none), on a translucent white box
 * when halo is set (readable over grid, reference lines and marks).
 */
void render_layout_draw(struct render_ctx *rc, PangoLayout *l, double left, double top,
			double angle, struct chart_color color, int halo);

/* Sets cr's source colour (alpha included). */
void render_set_color(cairo_t *cr, struct chart_color c);

/* Sets cr's dash pattern for a line width (points). */
void render_set_dash(cairo_t *cr, enum chart_dash dash, double width);

/* A path of the shape of diameter size centred at (x, y) (not stroked). */
void render_shape_path(cairo_t *cr, enum chart_shape shape, double x, double y, double size);

/* Maps a data value to page points along axis a spanning lo..hi
 * (x: left..right, y: bottom..top, reversed when a->reverse). */
double render_map(const struct chart_axis *a, double v, double lo, double hi);

#endif
