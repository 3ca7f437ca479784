/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart: Cairo-free chart models (axes, ticks, marks, legend, text), palettes, number formats, builders. */
#ifndef CLUSTERBENCH_CHART_H
#define CLUSTERBENCH_CHART_H

#include <stddef.h>
#include <stdio.h>

#include "clusterbench/diag.h"

/*
 * A chart model is plain data (DESIGN.md §6): two axes with their ticks and
 * labels, marks in data coordinates, reference lines, a legend, a title, a
 * subtitle and a caption. It knows nothing of fonts or pixels: text carries
 * only wishes (a role that selects the type size, a wrap width, an anchor,
 * a group of labels to keep apart) and the renderer (render.h) measures
 * the text and lays the page out. chart_dump() prints the model as text;
 * the tests compare that text exactly.
 *
 * Ownership, stated once: a chart owns everything reachable from it. Every
 * string passed in is copied into the chart; every pointer handed out is
 * borrowed and lives as long as the chart. Marks, reference lines and
 * legend entries never move once added (pointers to them stay valid).
 *
 * Sticky status (as Cairo): adding to a chart may fail only for lack of
 * memory or a misuse (a NaN coordinate, an unknown axis). The first failure
 * is remembered in the chart, the adders return NULL / -1 and accept a NULL
 * mark afterwards, and chart_status() reports it. Builders therefore check
 * once at the end.
 *
 * Coordinates: x and y are in data units of their axis. A band axis
 * (categories) places category i at i, its band reaching from i - 0.5 to
 * i + 0.5. Nothing here is thread-unsafe: there is no global state.
 */

/* ---------------------------------------------------------------- */
/* Locale, fixed words, numbers (src/chart_format.c)                 */
/* ---------------------------------------------------------------- */

enum chart_locale {
	CHART_LOCALE_EN = 0, /* 12,345.6 */
	CHART_LOCALE_TR = 1  /* 12.345,6 and Turkish chart words */
};

/* "en" or "tr" (exact, lowercase) into *out; 0, or -1 for any other name
 * (*out untouched). */
int chart_locale_from_name(const char *name, enum chart_locale *out);

/* "en" or "tr". */
const char *chart_locale_name(enum chart_locale loc);

/* The fixed words a chart writes by itself. */
enum chart_word {
	CHART_WORD_N,         /* "n" (both) */
	CHART_WORD_MEAN,      /* "mean" / "ortalama" */
	CHART_WORD_MEDIAN,    /* "median" / "medyan" */
	CHART_WORD_CI95,      /* "95% CI" / "%95 GA" (güven aralığı) */
	CHART_WORD_SOURCE,    /* "Source" / "Kaynak" */
	CHART_WORD_REFERENCE, /* "Reference" / "Referans" */
	CHART_WORD_FILTER,    /* "Filter" / "Filtre" */
	CHART_WORD_NO_DATA,   /* "no data" / "veri yok" */
	CHART_WORD_OUTLIERS,  /* "outliers" / "aykırı değerler" */
	CHART_WORD_INDEX,     /* "index" / "endeks" */
	CHART_WORD_TARGET,    /* "target" / "hedef" */
	CHART_WORD_PEERS,     /* "peers" / "akranlar" */
	CHART_WORD_OTHERS,    /* "others" / "diğerleri" */
	CHART_WORD_BOX_NOTE,  /* how to read a Tukey box plot (one sentence) */
	CHART_WORD_OLS_LINE,      /* "OLS line" / "EKK doğrusu" (en küçük kareler) */
	CHART_WORD_PEER_MEDIAN,   /* "Peer median" / "Akran medyanı" */
	CHART_WORD_HIGHER_BETTER, /* "higher is better" / "yüksek olan daha iyi" */
	CHART_WORD_LOWER_BETTER,  /* "lower is better" / "düşük olan daha iyi" */
	CHART_WORD_Z_SCORE,       /* "z-score" / "z-skoru" */
	CHART_WORD_NOMINAL_RANK,  /* "Nominal rank" / "Nominal sıra" */
	CHART_WORD_MEDIAN_RANK,   /* "Median rank" / "Medyan sıra" */
	CHART_WORD_RANK_RANGE,    /* "5–95% range" / "%5–95 aralığı" */
	CHART_WORD_RANK_AXIS,     /* "Rank (1 = best)" / "Sıra (1 = en iyi)" */
	CHART_WORD_ACTUAL,        /* "Actual" / "Gerçekleşen" */
	CHART_WORD_ESTIMATE,      /* "Estimate" / "Tahmin" */
	CHART_WORD_COUNT
};

/* The word in the locale; "" for an out-of-range w. Static storage. */
const char *chart_word(enum chart_word w, enum chart_locale loc);

/* Room chart_format_number needs for any finite double, NUL included. */
#define CHART_NUMBER_SIZE 512

/*
 * Formats x with `decimals` digits after the decimal mark (0..12; clamped),
 * rounded as printf rounds the binary value (1.25 -> "1.2" with 1 decimal;
 * 1.35 -> "1.4"), with thousands separators in groups of three from 1,000
 * on. en: "1,234.5", tr: "1.234,5". Negative numbers start with U+2212
 * MINUS SIGN ("−1,234.5", 3 bytes in UTF-8); a value that rounds to zero is
 * written without a sign. grouping 0 leaves the separators out (years:
 * "2011"). NaN and infinities are never printed: they give "" and 0.
 * Returns the length written (NUL excluded); the text is cut, as by
 * snprintf, when size is too small (CHART_NUMBER_SIZE always suffices).
 */
size_t chart_format_number(double x, int decimals, int grouping, enum chart_locale loc,
			   char *buf, size_t size);

/*
 * The fewest decimals (0..12) that print every one of x[0..n) exactly
 * enough to tell them apart from their neighbours on a 1e-9 relative
 * scale, i.e. x[i] * 10^k is within 1e-9 * max(1, |x[i]| * 10^k) of an
 * integer for all i. NaN entries are skipped. n = 0 gives 0.
 */
int chart_decimals_needed(const double *x, size_t n);

/* ---------------------------------------------------------------- */
/* Colours and palettes (src/chart_format.c)                         */
/* ---------------------------------------------------------------- */

/* sRGB colour; a = 255 opaque, a = 0 means "none" (not drawn). */
struct chart_color {
	unsigned char r, g, b, a;
};

#define CHART_NONE ((struct chart_color){ 0, 0, 0, 0 })

/* Opaque colour from 0xRRGGBB. */
struct chart_color chart_rgb(unsigned long hex);

/* Room chart_color_hex needs: "#RRGGBBAA" and NUL. */
#define CHART_COLOR_SIZE 10

/* "#RRGGBB" (opaque), "#RRGGBBAA" (translucent) or "none" (a = 0) into
 * buf (at least CHART_COLOR_SIZE bytes); returns buf. Uppercase hex. */
char *chart_color_hex(struct chart_color c, char *buf);

/* Number of Okabe-Ito category colours. */
#define CHART_OKABE_ITO_N 8

/*
 * Okabe-Ito category colour i (taken modulo 8), in the order #E69F00
 * orange, #56B4E9 sky blue, #009E73 bluish green, #0072B2 blue, #D55E00
 * vermillion, #CC79A7 reddish purple, #F0E442 yellow, #000000 black.
 */
struct chart_color chart_okabe_ito(size_t i);

/* #999999: the grey of "peers" / "others" beside a highlighted unit. */
struct chart_color chart_grey(void);

/*
 * Viridis, sequential: t in [0, 1] (clamped; NaN gives #999999) picks the
 * nearest of the 256 colours of the map (t * 255 rounded half up):
 * #440154 at 0, #21918C at 0.5 (entry 128), #FDE725 at 1. The table is
 * viridisLite::viridis(256) (R), the matplotlib viridis map.
 */
struct chart_color chart_viridis(double t);

/*
 * Diverging blue-white-vermillion, centred at 0: v in [-limit, limit]
 * (clamped) maps linearly in sRGB from #0072B2 (-limit) through #FFFFFF
 * (0) to #D55E00 (+limit), channels truncated to integers exactly as R's
 * colorRampPalette(c("#0072B2", "#FFFFFF", "#D55E00")). limit <= 0 or
 * NaN inputs give #999999.
 */
struct chart_color chart_diverging(double v, double limit);

/* (1 - t) * a + t * b per channel (alpha too), rounded; t clamped to
 * [0, 1]. Used to mute colours towards white: chart_mix(c, white, 0.6). */
struct chart_color chart_mix(struct chart_color a, struct chart_color b, double t);

/* ---------------------------------------------------------------- */
/* Ticks and label placement (src/chart_ticks.c)                     */
/* ---------------------------------------------------------------- */

#define CHART_TICKS_MAX 64

/* Flags of chart_ticks_extended. */
#define CHART_TICKS_LOOSE 1u   /* first tick <= dmin and last tick >= dmax */
#define CHART_TICKS_ALIGNED 2u /* every tick is a multiple of the step */
#define CHART_TICKS_INTEGER 4u /* step and ticks are whole numbers (years, counts) */

/* A set of tick values, ascending. */
struct chart_ticks {
	size_t n;
	double value[CHART_TICKS_MAX];
	double step;  /* linear: the step; log: 0 */
	int decimals; /* linear: decimals that print every tick exactly */
	int log10;    /* values are powers of ten (times 1, 2, 3 or 5) */
};

/*
 * Extended Wilkinson ticks (Talbot, Lin and Hanrahan 2010, "An extension
 * of Wilkinson's algorithm for positioning tick labels on axes"): nice
 * steps Q = 1, 5, 2, 2.5, 4, 3 times a power of ten, optionally skipping
 * (j), scored by simplicity, coverage, density (aiming at m ticks) and
 * legibility with weights 0.25, 0.2, 0.5, 0.05. Without flags the result
 * equals R's labeling::extended(dmin, dmax, m) for ordinary ranges; the
 * flags restrict the candidates (see above). Tick values are computed as
 * integer * 10^e, so 0.1 * 3 prints "0.3".
 * Edge cases: dmin > dmax are swapped; a single value v (or a range
 * narrower than 1e-12 of its magnitude) is widened to v -+ |v| / 10, or to
 * [0, 1] for v = 0; m < 2 is taken as 2.
 * Errors (DIAG_DATA, out untouched): a NaN or infinite bound, a range too
 * wide for doubles, or (never for ordinary input) no candidate found.
 */
int chart_ticks_extended(double dmin, double dmax, size_t m, unsigned flags,
			 struct chart_ticks *out, struct diag *d);

/*
 * Ticks for a log10 axis over [dmin, dmax] (both > 0), always loose: the
 * first of the mantissa sets {1, 2, 5}, {1, 3}, {1} whose loose ticks (from
 * the largest m * 10^k <= dmin to the smallest >= dmax) number at most 10
 * ([3, 70] -> 2 5 10 20 50 100; [1000, 180000] -> 1000 2000 ... 200000);
 * when even powers of ten alone are more than 10, every k-th decade. A
 * single value v is widened to [v / 2, 2 v]. Errors (DIAG_DATA): a bound
 * <= 0, NaN or infinite, or outside 1e-300 .. 1e300.
 */
int chart_ticks_log10(double dmin, double dmax, struct chart_ticks *out, struct diag *d);

/*
 * Moves n labels apart along one direction, keeping their order and
 * staying inside [lo, hi] when they fit: label i wants its centre at
 * want[i] and is size[i] long (size >= 0); the result out[i] has the
 * labels (in the order of want, ties by index) separated by at least gap
 * and minimises the sum of squared moves (adjacent-violators merging).
 * When the labels do not fit in [lo, hi] they start at lo and run past
 * hi. want, size and out may not overlap. Returns 0, or -1 when n is too
 * large to allocate the work space (out untouched; d gets DIAG_INTERNAL).
 */
int chart_dodge(size_t n, const double *want, const double *size, double gap, double lo,
		double hi, double *out, struct diag *d);

/*
 * Tukey whiskers over sorted[0..n) (ascending, no NaN) with quartiles q1,
 * q3: *lo is the index of the smallest value >= q1 - 1.5 (q3 - q1) and *hi
 * the index of the largest value <= q3 + 1.5 (q3 - q1), so the whiskers
 * are sorted[*lo] and sorted[*hi], and the outliers are sorted[0..*lo) and
 * sorted(*hi..n). This is Tukey's rule (as R's boxplot.stats, which uses
 * hinges) with the type-7 quartiles the stats module reports. Returns 0,
 * or -1 when n = 0 or no value lies inside the fences (inconsistent
 * quartiles).
 */
int chart_tukey_whiskers(const double *sorted, size_t n, double q1, double q3, size_t *lo,
			 size_t *hi);

/* ---------------------------------------------------------------- */
/* The model (src/chart.c)                                           */
/* ---------------------------------------------------------------- */

enum chart_scale {
	CHART_SCALE_LINEAR,
	CHART_SCALE_LOG10, /* domain and data > 0 */
	CHART_SCALE_BAND   /* categories at 0, 1, ..., n - 1 */
};

struct chart_tick {
	double value;         /* data value (band: category index) */
	const char *label;    /* text under / beside the tick, or NULL (grid only) */
	const char *sublabel; /* a second, smaller grey line ("n = 143"), or NULL */
};

struct chart_axis {
	enum chart_scale scale;
	double min, max;     /* shown domain, min < max (log: > 0) */
	const char *title;   /* with its unit, e.g. "Productivity (thousand TRY)", or NULL */
	struct chart_tick *ticks;
	size_t n_ticks, cap_ticks;
	int grid;            /* light grid lines across the plot at the ticks */
	int reverse;         /* values grow downwards (y) or leftwards (x) */
	double wrap_pt;      /* tick labels wider than this wrap (points); 0: renderer's choice */
};

enum chart_mark_kind {
	CHART_MARK_RECT,    /* pts[0], pts[1]: opposite corners; fill, stroke */
	CHART_MARK_POINT,   /* pts[0]; shape of size_pt diameter; fill, stroke */
	CHART_MARK_LINE,    /* polyline pts[0..n); stroke, width, dash */
	CHART_MARK_SEGMENT, /* pts[0] -> pts[1]; stroke; optional end caps */
	CHART_MARK_TEXT,    /* text at pts[0]; fill is the text colour */
	CHART_MARK_POLYGON, /* closed pts[0..n) (a band, an area); fill, stroke */
	CHART_MARK_CELL     /* like RECT, with text centred in a contrasting colour */
};

enum chart_shape {
	CHART_SHAPE_CIRCLE,
	CHART_SHAPE_SQUARE,
	CHART_SHAPE_DIAMOND,
	CHART_SHAPE_TRIANGLE
};

enum chart_dash {
	CHART_DASH_SOLID,
	CHART_DASH_DASHED,
	CHART_DASH_DOTTED
};

/* Which point of a text's box sits at its position: compass directions,
 * e.g. CHART_ANCHOR_S = bottom centre (the text stands above the point). */
enum chart_anchor {
	CHART_ANCHOR_C,
	CHART_ANCHOR_N,
	CHART_ANCHOR_S,
	CHART_ANCHOR_E,
	CHART_ANCHOR_W,
	CHART_ANCHOR_NE,
	CHART_ANCHOR_NW,
	CHART_ANCHOR_SE,
	CHART_ANCHOR_SW
};

/* Kinds of text; the renderer maps each to a type size and weight. */
enum chart_role {
	CHART_ROLE_TITLE,      /* 14 pt bold */
	CHART_ROLE_SUBTITLE,   /* 10.5 pt, lighter */
	CHART_ROLE_CAPTION,    /* 8 pt grey */
	CHART_ROLE_AXIS_TITLE, /* 9.5 pt */
	CHART_ROLE_TICK,       /* 9 pt */
	CHART_ROLE_LEGEND,     /* 9 pt */
	CHART_ROLE_LABEL,      /* 8.5 pt: data labels, end labels, annotations */
	CHART_ROLE_NOTE        /* 8 pt */
};

struct chart_point {
	double x, y;
};

struct chart_mark {
	enum chart_mark_kind kind;
	struct chart_point *pts;
	size_t n_pts;
	struct chart_color fill;   /* area colour; the text colour of TEXT */
	struct chart_color stroke; /* outline / line colour */
	double width_pt;           /* stroke width in points */
	enum chart_dash dash;
	enum chart_shape shape;    /* POINT */
	double size_pt;            /* POINT: diameter in points */
	double cap;                /* SEGMENT: half-width of end caps in data units of the
	                              other axis (vertical segment: x units); 0 = none */
	const char *text;          /* TEXT, CELL */
	enum chart_role role;      /* TEXT, CELL */
	enum chart_anchor anchor;  /* TEXT */
	double dx_pt, dy_pt;       /* TEXT: offset from the anchor point (points; +y down) */
	double wrap_pt;            /* TEXT: wrap width in points; 0 = one line */
	int bold;                  /* TEXT */
	int halo;                  /* TEXT: a white backing keeps it readable over marks */
	int optional;              /* TEXT: may be left out: when any optional text would
	                              overlap another text, the renderer draws none of the
	                              optional texts (all or nothing: bar value labels) */
	unsigned group;            /* TEXT: non-zero: labels of one group are moved apart
	                              vertically so that they do not overlap; group 1
	                              also holds the labels of horizontal reference lines
	                              (right of the plot): use it for end labels */
};

/* A reference line across the whole plot. */
struct chart_refline {
	char axis;                /* 'y': horizontal line at y = value; 'x': vertical at x = value */
	double value;
	const char *label;        /* or NULL; 'y': right of the plot, 'x': above the plot */
	struct chart_color color;
	double width_pt;
	enum chart_dash dash;
	int above;                /* 1: drawn over the marks, 0: under them */
};

enum chart_swatch {
	CHART_SWATCH_RECT,     /* filled square */
	CHART_SWATCH_POINT,    /* a point of the entry's shape */
	CHART_SWATCH_LINE,     /* a short line */
	CHART_SWATCH_ERRORBAR  /* a vertical interval with caps */
};

struct chart_legend_entry {
	enum chart_swatch swatch;
	const char *label;
	struct chart_color fill, stroke;
	enum chart_shape shape;
	enum chart_dash dash;
};

enum chart_legend_pos {
	CHART_LEGEND_NONE,
	CHART_LEGEND_TOP /* one or more rows above the plot, never over the data */
};

struct chart_arena;

struct chart {
	const char *kind;      /* "bar", "box", "line", ... */
	enum chart_locale locale;
	const char *title, *subtitle, *caption;
	struct chart_axis x, y;
	struct chart_mark **marks;
	size_t n_marks, cap_marks;
	struct chart_refline **refs;
	size_t n_refs, cap_refs;
	struct chart_legend_entry **legend;
	size_t n_legend, cap_legend;
	enum chart_legend_pos legend_pos;
	struct diag status;    /* sticky: the first failure while building */
	struct chart_arena *arena;
};

/*
 * New empty chart of the given kind (a short name, copied) and locale:
 * both axes linear over [0, 1] without ticks, no marks, legend on top.
 * NULL (DIAG_INTERNAL "out of memory") on allocation failure. Free with
 * chart_free.
 */
struct chart *chart_create(const char *kind, enum chart_locale locale, struct diag *d);

/* Frees the chart and everything it owns. NULL is fine. */
void chart_free(struct chart *c);

/* 0 when nothing failed while building; otherwise copies the sticky
 * failure into d (first error wins there too) and returns -1. */
int chart_status(const struct chart *c, struct diag *d);

/* n * size zeroed bytes owned by c (overflow-checked), or NULL (sticky). */
void *chart_alloc(struct chart *c, size_t n, size_t size);

/*
 * Copies s into c and stores the copy in *field, which must be a string
 * field of c (c->title, c->x.title, a mark's text, ...). s NULL stores
 * NULL. Returns 0, or -1 (sticky) on allocation failure.
 */
int chart_set_string(struct chart *c, const char **field, const char *s);

/* Like chart_set_string with a printf-style format. */
int chart_set_stringf(struct chart *c, const char **field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Appends a tick (label and sublabel copied, either may be NULL). */
int chart_axis_add_tick(struct chart *c, struct chart_axis *a, double value,
			const char *label, const char *sublabel);

/*
 * Makes a a band axis of n categories named names[0..n) (ticks at 0..n-1
 * labelled with the names; NULL names give unlabelled ticks), domain
 * [-0.5, n - 0.5], no grid. n = 0 gives the domain [-0.5, 0.5].
 */
int chart_axis_band(struct chart *c, struct chart_axis *a, size_t n, const char *const *names);

/*
 * Makes a a numeric axis from ticks t (linear or log10 by t->log10): tick
 * labels in the chart's locale (linear: t->decimals decimals; log: the
 * fewest decimals of each value), thousands separators when grouping is
 * set, domain from the first to the last tick widened to cover [dmin,
 * dmax] (NaN bounds are ignored), grid on.
 */
int chart_axis_numeric(struct chart *c, struct chart_axis *a, const struct chart_ticks *t,
		       int grouping, double dmin, double dmax);

/*
 * Adds a mark of the given kind with n_pts points, all (0, 0), and
 * defaults: no fill, no stroke, width 1 pt, solid, circle of 5 pt, no cap,
 * no text, role LABEL, anchor C, no offset, no wrap, not bold, no halo,
 * group 0. Returns it (borrowed, never moves), or NULL (sticky).
 */
struct chart_mark *chart_add_mark(struct chart *c, enum chart_mark_kind kind, size_t n_pts);

/* Shorthands of chart_add_mark that also set the points: a RECT from
 * (x0, y0) to (x1, y1), a SEGMENT, a POINT, and a TEXT (text copied) with
 * role and anchor. A NaN or infinite coordinate is a misuse (sticky
 * DIAG_INTERNAL). */
struct chart_mark *chart_add_rect(struct chart *c, double x0, double y0, double x1, double y1);
struct chart_mark *chart_add_segment(struct chart *c, double x0, double y0, double x1,
				     double y1);
struct chart_mark *chart_add_point(struct chart *c, double x, double y, enum chart_shape shape,
				   double size_pt);
struct chart_mark *chart_add_text(struct chart *c, double x, double y, const char *text,
				  enum chart_role role, enum chart_anchor anchor);

/* Adds a reference line (label copied; may be NULL): grey #555555, 0.8 pt,
 * solid, above the marks. axis other than 'x'/'y' or a non-finite value is
 * a misuse (sticky). */
struct chart_refline *chart_add_refline(struct chart *c, char axis, double value,
					const char *label);

/* Adds a legend entry (label copied): no fill, no stroke, circle, solid. */
struct chart_legend_entry *chart_add_legend(struct chart *c, enum chart_swatch swatch,
					    const char *label);

/*
 * Writes the model as text, one item per line, in a fixed format: header
 * (kind, locale, title, subtitle, caption), both axes with their ticks,
 * the legend, reference lines, then every mark in drawing order. Numbers
 * are printed with "%.10g" (C locale; -0 as 0), colours as hex, strings in
 * double quotes with \" \\ \n escaped. The same model always gives the
 * same bytes; nothing depends on fonts. Returns 0, or -1 when the stream
 * reports an error (ferror) or the chart's status is failed (then only a
 * line "error ..." is written).
 */
int chart_dump(const struct chart *c, FILE *fp);

/* ---------------------------------------------------------------- */
/* Builders (src/chart_bar.c, src/chart_box.c, src/chart_line.c)     */
/* ---------------------------------------------------------------- */

/*
 * The words around a chart. Every field may be NULL (or 0): it is then
 * left out. Strings are copied.
 */
struct chart_labels {
	const char *title;     /* bold, left-aligned */
	const char *subtitle;  /* what is shown: measure, year, unit of analysis */
	const char *x_title;   /* category / time axis title */
	const char *y_title;   /* value axis title, without the unit */
	const char *unit;      /* appended to y_title as "y_title (unit)" */
	const char *source;    /* caption: "Source: ..." */
	const char *reference; /* caption: "Reference: ..." (reference group) */
	const char *filter;    /* caption: "Filter: ..." */
	size_t n;              /* caption: "n = 700" (locale digits); 0 = left out */
};

/*
 * Composes the caption from l and an optional method note: the note, then
 * "Source: S", "n = N", "Reference: R", "Filter: F" in the chart's locale,
 * joined with ". " (a part that already ends in '.' gets no second one)
 * and ending in '.'. Sets c->caption (NULL when every part is empty).
 */
int chart_compose_caption(struct chart *c, const struct chart_labels *l, const char *note);

/*
 * Sets the chart's title and subtitle, the x axis title (x_title), the y
 * axis title ("y_title (unit)", or y_title or unit alone) and the caption
 * (chart_compose_caption with note). l may be NULL (only the note).
 */
int chart_apply_labels(struct chart *c, const struct chart_labels *l, const char *note);

/*
 * Makes a a value axis over the data range [dmin, dmax]: extended ticks
 * (about m, loose and aligned, so the data lies within the labelled range)
 * or log10 ticks (log_scale), labels with thousands separators in the
 * chart's locale, grid on. Errors: DIAG_DATA when a bound is NaN ("no
 * finite value to draw") or the ticks fail (see above).
 */
int chart_axis_auto(struct chart *c, struct chart_axis *a, double dmin, double dmax, size_t m,
		    int log_scale, struct diag *d);

/* Decimals for data labels of values up to max_abs in magnitude: 0 from
 * 1,000 on, 1 from 1, 2 from 0.1, else 3 (NaN: 1). */
int chart_label_decimals(double max_abs);

/* A reference line of a builder: value, label, and whether the formatted
 * value is appended ("Peer median: 120.5"). */
struct chart_ref_spec {
	double value;
	const char *label;
	int show_value;
};

/* Grouped bar chart with 95 % CI error bars (src/chart_bar.c). */
struct chart_bar_spec {
	struct chart_labels labels;
	enum chart_locale locale;
	size_t n_categories;
	const char *const *categories;  /* x axis, in this order */
	const size_t *category_n;       /* optional: "n = ..." under each category */
	size_t n_series;                /* bars per category (>= 1) */
	const char *const *series;      /* legend names; NULL: no legend (n_series 1) */
	const double *value;            /* [category * n_series + series]; NaN = no data */
	const double *ci_low, *ci_high; /* same layout, both or neither; NaN = no bar */
	const struct chart_ref_spec *refs; /* horizontal reference lines */
	size_t n_refs;
	long focal;                     /* category to highlight (others muted); -1 = none */
	int value_labels;               /* print each value above its bar (and CI); optional
	                                   texts: all left out when any two would overlap */
	int decimals;                   /* of value and reference labels; -1 = automatic */
};

/*
 * Builds a grouped bar chart: categories on a band x axis, each with
 * n_series bars side by side (80 % of the band), coloured by series with
 * Okabe-Ito (one series: blue #0072B2); the y axis always includes 0
 * (bars start at 0, which has a dark baseline), nice loose ticks over the
 * values, CIs and references. CIs are dark error bars with caps; the
 * legend gets the series and a "95% CI" entry. A focal category keeps its
 * colours, the others are mixed 60 % towards white. A missing value shows
 * "no data" at the baseline. Reference lines are dashed, labelled right of
 * the plot. The caption is composed from the labels.
 * Errors: DIAG_USAGE for an inconsistent spec (no categories, n_series 0,
 * a NULL array that is needed, only one of ci_low/ci_high, series names
 * for some but n_series mismatched, focal out of range); DIAG_DATA for an
 * infinite value or reference, a CI that does not contain its value, or
 * no finite value at all; DIAG_INTERNAL out of memory. NULL on error.
 */
struct chart *chart_bar_build(const struct chart_bar_spec *s, struct diag *d);

/* One box of a box plot: Tukey summaries of a group (type-7 quartiles). */
struct chart_box_group {
	const char *name;
	size_t n;                     /* observations; 0: an empty box ("no data") */
	double whisker_low, q1, median, q3, whisker_high;
	double mean;                  /* NaN: no mean marker */
	const double *outliers;       /* values beyond the whiskers, any order */
	size_t n_outliers;
};

struct chart_box_spec {
	struct chart_labels labels;
	enum chart_locale locale;
	const struct chart_box_group *groups;
	size_t n_groups;
	int show_outliers;  /* draw outliers as open circles */
	int show_mean;      /* white diamond at the mean */
	long focal;         /* group to highlight; -1 = none */
	int log_scale;      /* log10 y axis (all values > 0) */
};

/*
 * Builds a vertical Tukey box plot: one box per group on a band x axis
 * (box q1..q3, 50 % of the band; a thick median line; whiskers with caps
 * to whisker_low and whisker_high; outliers as open circles; the mean as a
 * white diamond), "n = N" under each group name, nice loose y ticks over
 * everything drawn. Boxes are light blue (#0072B2 mixed 70 % to white);
 * a focal group is orange (#E69F00 mixed 40 %) and the others grey. The
 * legend names the mean and outlier markers; the caption starts with how
 * to read the box.
 * Errors: DIAG_USAGE for no groups or a focal index out of range;
 * DIAG_DATA, naming the group, when a group with n > 0 has a non-finite
 * summary, when whisker_low <= q1 <= median <= q3 <= whisker_high fails,
 * when a whisker lies beyond 1.5 IQR from its quartile (relative tolerance
 * 1e-9), when an outlier lies inside the whiskers or is not finite, or,
 * with log_scale, when a value is <= 0; DIAG_INTERNAL out of memory.
 */
struct chart *chart_box_build(const struct chart_box_spec *s, struct diag *d);

struct chart_line_spec {
	struct chart_labels labels;
	enum chart_locale locale;
	size_t n_x;
	const double *x;                /* strictly increasing (years) */
	size_t n_series;
	const char *const *series;      /* names (end labels / legend) */
	const double *value;            /* [series * n_x + i]; NaN = gap */
	double index_base;              /* NaN: raw values; else the x whose value becomes 100 */
	const struct chart_ref_spec *markers; /* vertical markers at x = value */
	size_t n_markers;
	long focal;                     /* series highlighted, the rest grey; -1 = none */
	int log_scale;                  /* log10 y axis (values > 0) */
	int show_points;                /* a dot at each observation */
	int end_labels;                 /* name the series at their line ends where that
	                                   fits (<= 10 series, names <= 28 characters);
	                                   else a legend on top */
};

/*
 * Builds a line chart over x (years: tick labels without thousands
 * separators, one tick per year up to 12 years, else nice integer steps).
 * The y axis has nice loose ticks and 3 % more room at both ends, so that
 * dots on the outer ticks are whole.
 * Indexed (index_base finite): each series is divided by its value at
 * index_base and multiplied by 100; the y title becomes "Y, index (B =
 * 100)" and a grey line marks 100. A series is drawn as polylines broken
 * at gaps (an isolated value is a dot). Colours: Okabe-Ito by series; with
 * a focal series, it keeps its colour and a thicker line, the others are
 * grey and drawn first. End labels are TEXT marks of group 1 at each
 * series' last value, right of it, which the renderer keeps apart.
 * Markers are dashed vertical lines labelled above the plot (value
 * appended when show_value).
 * Errors: DIAG_USAGE for an inconsistent spec (n_x 0, n_series 0, NULL
 * arrays, focal out of range); DIAG_DATA for x not finite or not strictly
 * increasing, an infinite value, index_base not among x, a series whose
 * base value is missing or zero (naming it), a marker outside the x range,
 * values <= 0 with log_scale, or no finite value at all; DIAG_INTERNAL out
 * of memory.
 */
struct chart *chart_line_build(const struct chart_line_spec *s, struct diag *d);

/* ---------------------------------------------------------------- */
/* More builders (src/chart_scatter.c, chart_dotstrip.c,             */
/* chart_heatmap.c, chart_rank.c, chart_bullet.c, chart_radar.c,     */
/* chart_coef.c)                                                     */
/* ---------------------------------------------------------------- */

/*
 * Values of chart_mark.optional for TEXT marks placed one by one (point
 * labels; optional 1 keeps its all-or-nothing meaning). The renderer
 * takes them in the order of the marks and tries four places: the text's
 * own, the mirrored one on the other side of its point (dx negated, W <->
 * E), above and below the point (at the larger of |dx|, |dy|). A place is
 * good when the text stays inside the plot, overlaps no text that is
 * drawn (nor an earlier one of these), and hides no point mark but its
 * own. EACH takes the first good place or is left out; KEEP takes the
 * first good place, else the least bad one (leaving the plot counts more
 * than covering a text, which counts more than hiding points), and is
 * always drawn: a highlighted point's label.
 */
#define CHART_OPTIONAL_EACH 2
#define CHART_OPTIONAL_KEEP 3

/*
 * Every builder below reads its spec (borrowed, only during the call)
 * and returns a new chart that the caller frees with chart_free, or NULL
 * with d filled.
 *
 * Horizontal charts (dot strip, rank intervals, bullet, coefficients)
 * keep the meaning of chart_labels: y_title and unit name the value axis
 * (drawn horizontally, as the x axis of the model), x_title names the
 * categories (drawn above their names, as the y axis title of the model).
 * Categories run from the top down (the y axis is a reversed band axis),
 * their names on one line up to 230 pt. A focal unit's name is shown in
 * bold: its tick keeps no label and a bold TEXT mark (role TICK, anchor
 * E, 6 pt left of the plot) takes its place.
 */

/* Scatter plot with an OLS line, its 95 % band and point labels. */
struct chart_scatter_spec {
	struct chart_labels labels;     /* x_title / y_title + unit: the axes */
	const char *x_unit;             /* appended to x_title as "x_title (x_unit)" */
	enum chart_locale locale;
	size_t n;
	const double *x, *y;            /* a point with a NaN in either is left out */
	const char *const *point_labels;/* optional: n names (NULL entries: none) */
	int fit;                        /* draw the OLS line and its 95 % CI band */
	long highlight;                 /* point drawn large and labelled; -1 = none */
	int log_x, log_y;               /* log10 axes (values <= 0 are left out) */
};

/*
 * Builds a scatter plot: points (Okabe-Ito blue #0072B2, translucent when
 * there are many: alpha 230 up to 50 points, 170 up to 200, else 110;
 * 6, 5 or 4 pt), nice loose ticks with 3 % room at both ends, grid on
 * both axes; a log axis spans the data with 3 % room (in log units) and
 * keeps the 1-2-5 ticks inside, when at least 3 are. With fit: the OLS line of y on x (as
 * lm(y ~ x)) over the range of the points and the 95 % confidence band of
 * the mean, yhat -+ t(0.975, n - 2) * se(yhat), as predict(lm, interval =
 * "confidence"), sampled at 61 equally spaced x (on a log axis the fit is
 * made on the log10 values, so the line is straight on the chart); the
 * caption gives the slope (3 significant digits) and R^2 (2 decimals,
 * 3 below 0.1 and from 0.99; "R² < 0.001" near 0). Point labels are placed one by one
 * (CHART_OPTIONAL_EACH; first wish right of a point in the left 60 % of
 * the x range, left of it otherwise): the renderer keeps those that
 * collide with nothing. The highlighted point is vermillion #D55E00 with
 * a white rim, drawn last, and its label (if any) is bold, placed first
 * and always shown (CHART_OPTIONAL_KEEP). Points left out
 * (missing values; <= 0 on a log axis) are counted in the caption.
 * Errors: DIAG_USAGE for n = 0, NULL x or y, highlight out of range;
 * DIAG_DATA for an infinite value, no point to draw, a highlighted point
 * that is left out, and with fit: fewer than 3 points or all x equal
 * (the message of the regression is passed on); DIAG_INTERNAL out of
 * memory.
 */
struct chart *chart_scatter_build(const struct chart_scatter_spec *s, struct diag *d);

enum chart_dotstrip_style {
	CHART_DOTSTRIP_DOTS, /* Cleveland dot plot: a dot per unit on a light guide line */
	CHART_DOTSTRIP_BARS  /* ranked horizontal bars from 0 */
};

/* Units ranked against the peer median, the focal unit highlighted. */
struct chart_dotstrip_spec {
	struct chart_labels labels;     /* y_title + unit: the value axis */
	enum chart_locale locale;
	enum chart_dotstrip_style style;
	size_t n;
	const char *const *units;       /* names, shown in full on the left */
	const double *value;            /* NaN = no data (listed last) */
	int direction;                  /* +1 (or 0): higher is better; -1: lower is better */
	long focal;                     /* unit to highlight; -1 = none */
	double peer_median;             /* NaN: the median of all finite values */
	const char *median_label;       /* NULL: "Peer median" */
	int value_labels;               /* print every value (the focal one is always printed) */
	int decimals;                   /* -1: automatic (chart_label_decimals) */
};

/*
 * Builds a ranked dot strip (or bar chart): units on a reversed band y
 * axis sorted best first (descending values for direction +1, ascending
 * for -1; ties keep the given order; units without a value last, with
 * "no data"), the value on x (nice loose ticks, 3 % room; bars: from 0).
 * Others are grey #999999, the focal unit vermillion #D55E00 (Okabe-Ito)
 * with a larger dot, its value and name in bold. A dashed vertical line marks
 * the peer median, labelled "Peer median: 61.3" above the plot; by
 * default the median (R's median()) of all units with a value, the focal
 * unit included. The caption says the direction.
 * Errors: DIAG_USAGE for n = 0, NULL arrays, focal out of range, a
 * direction other than -1, 0, 1; DIAG_DATA for an infinite value or
 * median, or no finite value; DIAG_INTERNAL out of memory.
 */
struct chart *chart_dotstrip_build(const struct chart_dotstrip_spec *s, struct diag *d);

/* Heatmap of z-scores, units x indicators. */
struct chart_heatmap_spec {
	struct chart_labels labels;     /* x_title: indicators; y_title: units */
	enum chart_locale locale;
	size_t n_rows, n_cols;
	const char *const *rows;        /* units, top to bottom */
	const char *const *cols;        /* indicators, left to right */
	const double *z;                /* [row * n_cols + col]; NaN = no data */
	double limit;                   /* colour limit L > 0; 0: automatic */
	long focal;                     /* row outlined; -1 = none */
};

/*
 * Builds a heatmap: one CELL per unit and indicator, coloured with
 * chart_diverging(z, L) (blue below 0, white at 0, vermillion above),
 * the value printed in it with 1 decimal (the renderer writes white on
 * dark cells, dark on light ones), white gaps between cells. L is the
 * spec's limit or, when 0, max|z| rounded up to an integer and at least
 * 2; values beyond -+L get the end colours but keep their printed value.
 * A colour bar at the right of the cells (48 steps from -L to L, integer
 * labels by 1 up to L = 6, by 2 up to 12; titled "z-score") is the
 * legend. Missing cells are light grey #E6E6E6 with a dash, explained in
 * the caption ("– no data"), as is the capping ("Values beyond ±2 take
 * the end colours") when max|z| > L. The focal row gets a dark outline
 * and its name in bold. Rows on a reversed band y axis, columns on a band
 * x axis whose names wrap at 90 pt (slanted when they do not fit).
 * Errors: DIAG_USAGE for no rows or columns, NULL arrays, a negative or
 * non-finite limit, focal out of range; DIAG_DATA for an infinite z or no
 * finite z at all; DIAG_INTERNAL out of memory.
 */
struct chart *chart_heatmap_build(const struct chart_heatmap_spec *s, struct diag *d);

/* Rank intervals of a composite index (Monte-Carlo uncertainty). */
struct chart_rank_spec {
	struct chart_labels labels;     /* y_title: the rank axis (default "Rank (1 = best)") */
	enum chart_locale locale;
	size_t n;
	const char *const *units;
	const double *nominal;          /* rank with the nominal weights and choices */
	const double *median;           /* median rank over the draws */
	const double *p05, *p95;        /* 5 % and 95 % ranks */
	long focal;                     /* unit highlighted; -1 = none */
	size_t n_draws;                 /* caption: "... over 1,000 simulations"; 0 = left out */
};

/*
 * Builds a rank-interval plot: units on a reversed band y axis sorted by
 * median rank (ties by nominal rank, then as given), ranks on x from 1
 * (best, left) to the number of units: every rank a tick up to 12 units,
 * else 1 and multiples of 5 (10 from 60 units on). Per unit a thick light
 * blue segment from the 5 % to the 95 % rank, the median rank as a blue
 * dot and the nominal rank as an open black diamond; a focal unit is drawn
 * in vermillion, its name in bold. Ranks need not be integers (a median of draws may be
 * 3.5).
 * Errors: DIAG_USAGE for n = 0, NULL arrays, focal out of range; DIAG_DATA
 * (naming the unit) for a rank that is not finite, outside [1, n], or
 * p05 <= median <= p95 failing; DIAG_INTERNAL out of memory.
 */
struct chart *chart_rank_build(const struct chart_rank_spec *s, struct diag *d);

/* Bullet chart: actual values against targets and qualitative bands. */
struct chart_bullet_spec {
	struct chart_labels labels;     /* y_title + unit: the value axis */
	enum chart_locale locale;
	size_t n;
	const char *const *groups;      /* rows, top to bottom */
	const double *value;            /* actual; NaN = no data */
	const double *target;           /* per group (NaN: none), or NULL: common_target */
	double common_target;           /* NaN: no target */
	const double *ci_low, *ci_high; /* optional whiskers, both or neither (NaN: none) */
	const double *band_edges;       /* 1..4 strictly increasing edges: 2..5 bands */
	size_t n_edges;
	const char *const *band_names;  /* n_edges + 1 legend names, or NULL: the ranges */
	int percent;                    /* values are percentages: "17.3%" (tr "%17,3") */
	int show_sign;                  /* "+" before positive values ("+17.3%") */
	int direction;                  /* +1 (or 0): higher is better; -1: lower is better */
	int decimals;                   /* -1: automatic */
};

/*
 * Builds a bullet chart (Few 2006): per group (rows on a reversed band
 * y axis) qualitative bands across the whole value range in greys, darker
 * for worse (#B3B3B3 .. #EDEDED, by direction), a narrow bar of the actual
 * value from 0 (blue #0072B2), an optional 95 % CI whisker, and the target
 * as a thick black tick; the value is printed bold right of the plot. The
 * value axis includes 0, every value, CI, target and band edge (loose nice
 * ticks, labels "10%" / tr "%10" with percent); a dark line over the
 * bands marks 0 when the axis has negative values. The top target tick is labelled "Target:
 * +20%" when all targets are equal, "Target" otherwise. Legend: the bands
 * (names or ranges "<10%", "10–20%", "≥20%"; tr "<%10", "%10–20",
 * "≥%20") and the actual bar; the caption names the whiskers.
 * Errors: DIAG_USAGE for n = 0, NULL arrays, only one of ci_low/ci_high,
 * n_edges outside 1..4, band_edges NULL, a bad direction; DIAG_DATA for
 * edges not finite and increasing, an infinite value, target or CI limit,
 * a CI that does not contain its value, or no finite value; DIAG_INTERNAL
 * out of memory.
 */
struct chart *chart_bullet_build(const struct chart_bullet_spec *s, struct diag *d);

/* Radar: one unit's profile on a common 0..100 scale against peers. */
struct chart_radar_spec {
	struct chart_labels labels;     /* titles and caption; axis titles unused */
	enum chart_locale locale;
	size_t n_axes;                  /* >= 3 */
	const char *const *axes;        /* names, clockwise from the top, in this order */
	const double *value;            /* the unit's values in [0, 100] */
	const char *unit_name;          /* legend name of the unit's polygon (NULL: none) */
	const double *peer;             /* peer medians in [0, 100], or NULL */
	const char *peer_name;          /* NULL: "Peer median" */
};

/*
 * Builds a radar chart drawn with polygons, segments and texts in the data
 * square [-1.0, 1.0]^2 with hidden axes (no ticks): axis k points at the
 * angle 90 - 360 k / n degrees (the first straight up, then clockwise),
 * a value v sits at radius v / 100. Grey polygonal gridlines at 25, 50,
 * 75 and 100 with small labels along the first axis, spokes, the peer
 * medians as a dashed dark grey outline, the unit as a translucent blue
 * polygon (#0072B2, alpha 56) with a 2 pt outline and dots, axis names
 * outside the circle (anchored away from the centre, wrapped at 100 pt).
 * The kind is "radar": the renderer keeps its plot square so the circle
 * stays round. Radar charts hide values; show them beside a table.
 * Errors: DIAG_USAGE for fewer than 3 axes or NULL arrays; DIAG_DATA
 * (naming the axis) for a value or peer median that is missing or outside
 * [0, 100]; DIAG_INTERNAL out of memory.
 */
struct chart *chart_radar_build(const struct chart_radar_spec *s, struct diag *d);

/* Coefficient plot of a regression (the intercept left out by the caller). */
struct chart_coef_spec {
	struct chart_labels labels;     /* y_title + unit: the estimate axis (default "Estimate") */
	enum chart_locale locale;
	size_t n;
	const char *const *terms;       /* top to bottom, in this order */
	const double *estimate;
	const double *ci_low, *ci_high; /* NaN: no whisker */
	double conf;                    /* level of the intervals, e.g. 0.95 (legend) */
	int value_labels;               /* "0.23 [0.11, 0.35]" right of the plot */
	int decimals;                   /* -1: automatic */
};

/*
 * Builds a coefficient plot: terms on a reversed band y axis in the given
 * order, each estimate a dot (#0072B2) with its interval as a whisker with
 * caps, a dark vertical line at 0 (always on the axis), nice loose ticks
 * with 3 % room. With value_labels the estimate and interval are printed
 * right of the plot (en "0.23 [0.11, 0.35]", tr "0,23 [0,11; 0,35]").
 * The legend names the interval ("95% CI", from conf).
 * Errors: DIAG_USAGE for n = 0, NULL arrays, conf outside (0, 1);
 * DIAG_DATA (naming the term) for a missing or infinite estimate, an
 * infinite limit, or an interval that does not contain its estimate;
 * DIAG_INTERNAL out of memory.
 */
struct chart *chart_coef_build(const struct chart_coef_spec *s, struct diag *d);

#endif
