/* SPDX-License-Identifier: GPL-3.0-or-later */
/* regional: a region x sector table -> location quotients, shift-share and specialisation. */
#include "clusterbench/bench_regional.h"

#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "clusterbench/bench_charts.h"
#include "clusterbench/cli.h"
#include "clusterbench/load.h"
#include "clusterbench/numparse.h"

#define NONE SIZE_MAX

/* More region x sector x year cells than this is not a regional table (a
 * firm id given as the region, say); refused before allocating. */
#define MAX_CELLS ((size_t)1 << 26)

/* Regions listed in an error message about an unknown name. */
#define LIST_NAMES 8

/* Pairwise Krugman indices for all units only up to this many regions. */
#define PAIRWISE_ALL 10

/* Everything bench_regional works on; filled by build_cells. */
struct regional {
	const struct table *t;
	const struct regional_opts *o;
	struct groups rg, sg, yg;  /* regions, sectors, years */
	size_t nr, ns, ny;         /* ny = 1 without a year column */
	double *years;             /* ny year values (NAN without a year column) */
	double *e;                 /* ny x nr x ns values, 0 where absent */
	size_t *cell_row;          /* table row of each cell, NONE = absent */
	double *ref;               /* ny x ns reference sector totals */
	long refr;                 /* reference region, or -1 for the total */
	char *refname;             /* name of the reference economy (owned) */
	unsigned char *unit;       /* nr: a unit (not the reference) */
	unsigned char *out;        /* nr: a unit shown in the output rows */
	size_t nunits, nout;
	size_t y0, y1, yend;       /* year indices: from, to, the year of the LQ table */
};

/* Text of a cell: category value or shortest number, "" when missing. */
static const char *cell_text(const struct table *t, size_t col, size_t r, char *buf)
{
	const struct column *c = &t->cols[col];

	buf[0] = '\0';
	if (col_type_is_numeric(c->type)) {
		if (!isnan(column_value(c, r)))
			num_format(column_value(c, r), buf, NUM_FORMAT_SIZE);
		return buf;
	}
	return c->code[r] >= 0 ? c->dict.values[c->code[r]] : "";
}

/* A cell for a message: 'text' quoted, numbers bare (as `validate` does). */
static const char *cell_quoted(const struct table *t, size_t col, size_t r, char *buf,
			       size_t size)
{
	char num[NUM_FORMAT_SIZE];
	const char *s = cell_text(t, col, r, num);

	snprintf(buf, size, col_type_is_numeric(t->cols[col].type) ? "%s" : "'%s'", s);
	return buf;
}

/* A DIAG_DATA error about one row of t: path and line, then the message. */
static int row_error(struct diag *d, const struct table *t, size_t r, const char *column,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int row_error(struct diag *d, const struct table *t, size_t r, const char *column,
		     const char *fmt, ...)
{
	va_list ap;

	if (diag_failed(d))
		return -1;
	va_start(ap, fmt);
	diag_setv(d, DIAG_DATA, fmt, ap);
	va_end(ap);
	if (t->source)
		diag_set_path(d, t->source);
	diag_set_line(d, table_row_line(t, r), 0);
	if (column)
		diag_set_column(d, column);
	return -1;
}

static int kept(const struct selection *sel, size_t r)
{
	return !sel || !sel->keep || sel->keep[r];
}

/* True when s reads as a number with either decimal mark. */
static int looks_numeric(const char *s)
{
	size_t len = strlen(s);

	return num_parse(s, len, '.', 0, NULL, NULL) == NUM_OK ||
	       num_parse(s, len, ',', 0, NULL, NULL) == NUM_OK;
}

/*
 * The value column must be numeric. A text column in which some kept cells
 * are numbers is bad data (the first other cell is named with its line); a
 * column without any number was the wrong column to name (usage).
 */
static int check_value_column(const struct table *t, size_t col, const struct selection *sel,
			      struct diag *d)
{
	const struct column *c = &t->cols[col];
	size_t bad = NONE;
	int some_number = 0;

	if (col_type_is_numeric(c->type))
		return 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const char *s;

		if (!kept(sel, r) || c->code[r] < 0)
			continue;
		s = c->dict.values[c->code[r]];
		if (looks_numeric(s))
			some_number = 1;
		else if (bad == NONE)
			bad = r;
	}
	if (some_number && bad != NONE)
		return row_error(d, t, bad, c->name, "expected a number, got '%s'",
				 c->dict.values[c->code[bad]]);
	return diag_set(d, DIAG_USAGE, "the value column '%s' is %s, not numeric", c->name,
			col_type_name(c->type));
}

/* Every kept row needs its region, sector, year and a value >= 0. */
static int check_rows(const struct table *t, const struct regional_opts *o,
		      const struct selection *sel, struct diag *d)
{
	const struct column *val = &t->cols[o->value];
	size_t keys[3] = { o->region, o->sector, 0 };
	size_t nkeys = o->year >= 0 ? 3 : 2;
	char buf[NUM_FORMAT_SIZE];

	if (o->year >= 0)
		keys[2] = (size_t)o->year;
	for (size_t r = 0; r < t->nrows; r++) {
		if (!kept(sel, r))
			continue;
		for (size_t k = 0; k < nkeys; k++)
			if (!*cell_text(t, keys[k], r, buf))
				return row_error(d, t, r, t->cols[keys[k]].name, "missing %s",
						 k == 0 ? "region" : k == 1 ? "sector" : "year");
		if (isnan(column_value(val, r)))
			return row_error(d, t, r, val->name,
					 "missing value: every region x sector cell needs a number "
					 "(0 for none), or leave the row out with --where");
		if (column_value(val, r) < 0) {
			num_format(column_value(val, r), buf, sizeof buf);
			return row_error(d, t, r, val->name,
					 "negative value %s: employment and other counts cannot be "
					 "negative", buf);
		}
	}
	return 0;
}

/* Group index of every row in g (NONE for rows in no group). */
static size_t *group_of_rows(const struct groups *g, size_t nrows)
{
	size_t *of = g_new(size_t, nrows ? nrows : 1);

	for (size_t r = 0; r < nrows; r++)
		of[r] = NONE;
	for (size_t gi = 0; gi < g->ngroups; gi++)
		for (size_t k = g->start[gi]; k < g->start[gi + 1]; k++)
			of[g->rows[k]] = gi;
	return of;
}

/* "A, B, C, ... (81 in all)": the first few labels of g. */
static char *some_labels(const struct groups *g, long skip)
{
	GString *s = g_string_new(NULL);
	size_t shown = 0;

	for (size_t i = 0; i < g->ngroups && shown < LIST_NAMES; i++) {
		if ((long)i == skip)
			continue;
		g_string_append_printf(s, "%s%s", shown ? ", " : "", g->labels[i]);
		shown++;
	}
	if (g->ngroups > shown + (skip >= 0))
		g_string_append_printf(s, ", ... (%zu in all)", g->ngroups);
	return g_string_free(s, FALSE);
}

/* The region called name: the exact (NFC) label, else the only label that
 * folds to the same text (case, Turkish letters, accents). -1 when none. */
static long find_region(const struct groups *g, const char *name)
{
	char *norm = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
	char a[256], b[256];
	long hit = -1;

	if (!norm)
		return -1;
	for (size_t i = 0; i < g->ngroups; i++)
		if (strcmp(g->labels[i], norm) == 0) {
			g_free(norm);
			return (long)i;
		}
	text_fold(norm, a, sizeof a);
	g_free(norm);
	for (size_t i = 0; i < g->ngroups; i++) {
		text_fold(g->labels[i], b, sizeof b);
		if (strcmp(a, b) == 0) {
			if (hit >= 0)
				return -1; /* ambiguous: ask for the exact spelling */
			hit = (long)i;
		}
	}
	return hit;
}

static int unknown_region(struct regional *rg, const char *option, const char *name,
			  const struct selection *sel, struct diag *d)
{
	char *list = some_labels(&rg->rg, -1);

	diag_set(d, DIAG_USAGE, "%s: no region '%s' in column '%s'%s; the regions are: %s%s",
		 option, name, rg->t->cols[rg->o->region].name,
		 sel && sel->where ? " among the rows kept by --where" : "", list,
		 strcmp(option, "--reference") == 0 ? "; or use --reference total, the sum of "
		 "all regions" : "");
	g_free(list);
	return -1;
}

/* "2009, 2010, ..., 2016" for messages. */
static char *year_list(const struct regional *rg)
{
	GString *s = g_string_new(NULL);
	char buf[NUM_FORMAT_SIZE];

	for (size_t y = 0; y < rg->ny; y++) {
		if (rg->ny > 12 && y >= 5 && y + 5 < rg->ny) {
			if (y == 5)
				g_string_append(s, ", ...");
			continue;
		}
		num_format(rg->years[y], buf, sizeof buf);
		g_string_append_printf(s, "%s%s", y ? ", " : "", buf);
	}
	return g_string_free(s, FALSE);
}

static int find_year(const struct regional *rg, const char *option, double year, size_t *out,
		     struct diag *d)
{
	char buf[NUM_FORMAT_SIZE];
	char *list;

	for (size_t y = 0; y < rg->ny; y++)
		if (rg->years[y] == year) {
			*out = y;
			return 0;
		}
	num_format(year, buf, sizeof buf);
	list = year_list(rg);
	diag_set(d, DIAG_USAGE, "%s %s: no selected row has %s %s; the years are %s", option, buf,
		 rg->t->cols[rg->o->year].name, buf, list);
	g_free(list);
	return -1;
}

/* Groups the rows, checks for duplicates and fills the cells. */
static int build_cells(struct regional *rg, const struct selection *sel, struct diag *d)
{
	const struct table *t = rg->t;
	const struct regional_opts *o = rg->o;
	const unsigned char *keep = sel ? sel->keep : NULL;
	size_t *reg_of = NULL, *sec_of = NULL, *year_of = NULL, cells;
	int rc = -1;

	if (table_group(t, &o->region, 1, keep, &rg->rg, d) < 0 ||
	    table_group(t, &o->sector, 1, keep, &rg->sg, d) < 0)
		return -1;
	rg->nr = rg->rg.ngroups;
	rg->ns = rg->sg.ngroups;
	rg->ny = 1;
	if (o->year >= 0) {
		size_t yc = (size_t)o->year;

		if (table_group(t, &yc, 1, keep, &rg->yg, d) < 0)
			return -1;
		rg->ny = rg->yg.ngroups;
	}
	if (rg->nr == 0 || rg->ns == 0 || rg->ny == 0)
		return diag_set(d, DIAG_DATA, "no rows to analyse");
	if (rg->nr > MAX_CELLS / rg->ns || rg->nr * rg->ns > MAX_CELLS / rg->ny)
		return diag_set(d, DIAG_DATA, "%zu regions x %zu sectors x %zu years are too many "
				"cells for a regional table; is '%s' the region column?", rg->nr,
				rg->ns, rg->ny, t->cols[o->region].name);
	cells = rg->ny * rg->nr * rg->ns;
	rg->years = g_try_new(double, rg->ny);
	rg->e = g_try_new0(double, cells);
	rg->cell_row = g_try_new(size_t, cells);
	rg->ref = g_try_new0(double, rg->ny * rg->ns);
	rg->unit = g_try_new0(unsigned char, rg->nr);
	rg->out = g_try_new0(unsigned char, rg->nr);
	if (!rg->years || !rg->e || !rg->cell_row || !rg->ref || !rg->unit || !rg->out)
		return diag_set(d, DIAG_INTERNAL, "out of memory");
	for (size_t c = 0; c < cells; c++)
		rg->cell_row[c] = NONE;
	if (o->year >= 0)
		for (size_t y = 0; y < rg->ny; y++)
			rg->years[y] = column_value(&t->cols[o->year], rg->yg.rows[rg->yg.start[y]]);
	else
		rg->years[0] = NAN;
	reg_of = group_of_rows(&rg->rg, t->nrows);
	sec_of = group_of_rows(&rg->sg, t->nrows);
	if (o->year >= 0)
		year_of = group_of_rows(&rg->yg, t->nrows);
	for (size_t r = 0; r < t->nrows; r++) {
		size_t c;

		if (!kept(sel, r))
			continue;
		c = ((year_of ? year_of[r] : 0) * rg->nr + reg_of[r]) * rg->ns + sec_of[r];
		if (rg->cell_row[c] != NONE) {
			char b1[DIAG_MESSAGE_MAX / 4], b2[DIAG_MESSAGE_MAX / 4], b3[NUM_FORMAT_SIZE];
			size_t first = rg->cell_row[c];

			cell_quoted(t, o->region, r, b1, sizeof b1);
			cell_quoted(t, o->sector, r, b2, sizeof b2);
			if (o->year >= 0)
				row_error(d, t, r, NULL, "duplicate row for %s %s, %s %s, %s %s: "
					  "lines %llu and %llu", t->cols[o->region].name, b1,
					  t->cols[o->sector].name, b2, t->cols[o->year].name,
					  cell_text(t, (size_t)o->year, r, b3),
					  table_row_line(t, first), table_row_line(t, r));
			else
				row_error(d, t, r, NULL, "duplicate row for %s %s, %s %s: lines "
					  "%llu and %llu; if the file has several years, name the "
					  "year column with --year", t->cols[o->region].name, b1,
					  t->cols[o->sector].name, b2, table_row_line(t, first),
					  table_row_line(t, r));
			goto out;
		}
		rg->cell_row[c] = r;
		rg->e[c] = column_value(&t->cols[o->value], r);
	}
	rc = 0;
out:
	g_free(reg_of);
	g_free(sec_of);
	g_free(year_of);
	return rc;
}

/* Years, reference economy, units and output regions. */
static int choose(struct regional *rg, const struct selection *sel, struct warnings *w,
		  struct diag *d)
{
	const struct regional_opts *o = rg->o;
	size_t slice = rg->nr * rg->ns;

	rg->yend = rg->ny - 1;
	if (o->span) {
		if (o->year < 0)
			return diag_set(d, DIAG_USAGE, "--from and --to need --year");
		if (!(o->from < o->to))
			return diag_set(d, DIAG_USAGE, "--from must be an earlier year than --to");
		if (find_year(rg, "--from", o->from, &rg->y0, d) < 0 ||
		    find_year(rg, "--to", o->to, &rg->y1, d) < 0)
			return -1;
		rg->yend = rg->y1;
	}
	rg->refr = -1;
	if (o->reference && strcmp(o->reference, "total") != 0) {
		rg->refr = find_region(&rg->rg, o->reference);
		if (rg->refr < 0)
			return unknown_region(rg, "--reference", o->reference, sel, d);
		rg->refname = g_strdup(rg->rg.labels[rg->refr]);
	}
	for (size_t r = 0; r < rg->nr; r++) {
		rg->unit[r] = (long)r != rg->refr;
		rg->nunits += rg->unit[r];
	}
	if (rg->nunits == 0)
		return diag_set(d, DIAG_DATA, "the only region is the reference '%s'; there is no "
				"region to compare with it", rg->refname);
	if (!rg->refname)
		rg->refname = g_strdup_printf("total of %zu region%s", rg->nr, rg->nr == 1 ? "" : "s");
	if (o->regions) {
		for (size_t k = 0; k < o->nregions; k++) {
			long r = find_region(&rg->rg, o->regions[k]);

			if (r < 0)
				return unknown_region(rg, "--regions", o->regions[k], sel, d);
			if (r == rg->refr)
				return diag_set(d, DIAG_USAGE, "--regions: '%s' is the reference "
						"economy, not a unit", rg->rg.labels[r]);
			rg->out[r] = 1;
		}
	} else {
		memcpy(rg->out, rg->unit, rg->nr);
	}
	for (size_t r = 0; r < rg->nr; r++)
		rg->nout += rg->out[r];
	/* reference sector totals of every year */
	for (size_t y = 0; y < rg->ny; y++) {
		if (rg->refr < 0)
			bench_margins(rg->e + y * slice, rg->nr, rg->ns, NULL, rg->ref + y * rg->ns,
				      NULL);
		else
			memcpy(rg->ref + y * rg->ns, rg->e + y * slice + (size_t)rg->refr * rg->ns,
			       rg->ns * sizeof(double));
	}
	/* cells without a row in the years used count as 0: say how many */
	{
		size_t absent = 0, yy[2] = { rg->yend, rg->y0 };

		for (size_t k = 0; k < (o->span ? 2u : 1u); k++)
			for (size_t c = 0; c < slice; c++)
				absent += rg->cell_row[yy[k] * slice + c] == NONE;
		if (absent)
			warnings_add(w, "region x sector cells without a row in the years used: %zu, "
				     "counted as 0", absent);
	}
	return 0;
}

/* Checks on the reference economy that are worth a warning. */
static void reference_warnings(const struct regional *rg, const struct selection *sel,
			       struct warnings *w)
{
	const double *e = rg->e + rg->yend * rg->nr * rg->ns;
	const double *ref = rg->ref + rg->yend * rg->ns;
	char year[NUM_FORMAT_SIZE] = "";

	if (rg->o->year >= 0)
		num_format(rg->years[rg->yend], year, sizeof year);
	if (sel && sel->keep) {
		/* a row selection that drops whole regions or sectors makes the
		 * totals sub-totals: say so, since every LQ changes with them */
		struct groups all;
		struct diag ignore;

		diag_init(&ignore);
		memset(&all, 0, sizeof all);
		if (rg->refr < 0 && table_group(rg->t, &rg->o->region, 1, NULL, &all, &ignore) == 0 &&
		    all.ngroups > rg->nr)
			warnings_add(w, "the row selection leaves out %zu of %zu regions: the reference "
				     "total is the sum of the %zu kept (--regions limits the rows "
				     "without changing the reference)", all.ngroups - rg->nr,
				     all.ngroups, rg->nr);
		groups_release(&all);
		if (table_group(rg->t, &rg->o->sector, 1, NULL, &all, &ignore) == 0 &&
		    all.ngroups > rg->ns)
			warnings_add(w, "the row selection leaves out %zu of %zu sectors: region and "
				     "reference totals are over the %zu kept", all.ngroups - rg->ns,
				     all.ngroups, rg->ns);
		groups_release(&all);
	}
	if (rg->refr < 0 && rg->nr >= 3) {
		double *rt = g_new(double, rg->nr), total;

		bench_margins(e, rg->nr, rg->ns, rt, NULL, &total);
		for (size_t r = 0; r < rg->nr; r++)
			if (total > 0 && rt[r] >= 0.5 * total * (1 - 1e-9))
				warnings_add(w, "region '%s' holds %.0f %% of the total%s%s: if it is a "
					     "national row, use --reference '%s'", rg->rg.labels[r],
					     100 * rt[r] / total, *year ? " of " : "", year,
					     rg->rg.labels[r]);
		g_free(rt);
	} else if (rg->refr >= 0) {
		size_t over = 0;

		for (size_t r = 0; r < rg->nr; r++)
			for (size_t i = 0; i < rg->ns && rg->unit[r]; i++)
				over += e[r * rg->ns + i] > ref[i];
		if (over)
			warnings_add(w, "region x sector cells%s%s above the value of the reference "
				     "'%s' for their sector: %zu; does it contain the regions?",
				     *year ? " of " : "", year, rg->refname, over);
	}
}

/* Adds the year column (integer for an integer year column). */
static long add_year_column(struct result_table *rt, const struct regional *rg, const char *name)
{
	int integral = rg->o->year < 0 || rg->t->cols[rg->o->year].type == COL_INTEGER;

	return result_add_column(rt, name, integral ? RT_INTEGER : RT_NUMBER);
}

static void common_notes(struct result_table *rt, const struct regional *rg,
			 const struct selection *sel)
{
	char year[NUM_FORMAT_SIZE];

	if (rg->refr < 0)
		result_table_note(rt, "reference economy: the total of %s %zu region%s of column "
				  "'%s'%s", rg->nr == 1 ? "the" : "all", rg->nr, rg->nr == 1 ? "" : "s",
				  rg->t->cols[rg->o->region].name,
				  sel && sel->where ? " in the rows kept by --where" : "");
	else
		result_table_note(rt, "reference economy: region '%s' (its row is the reference, "
				  "not a unit)", rg->refname);
	if (rg->o->regions)
		result_table_note(rt, "rows limited by --regions to %zu of %zu units; the reference "
				  "economy is unchanged", rg->nout, rg->nunits);
	if (sel && sel->where)
		result_table_note(rt, "rows where %s (%zu of %zu)", sel->where, sel->kept,
				  rg->t->nrows);
	if (rg->o->year >= 0 && !rg->o->span && rg->ny > 1) {
		num_format(rg->years[rg->yend], year, sizeof year);
		result_table_note(rt, "year %s, the latest in the data; --from and --to give "
				  "shift-share", year);
	}
}

static void lq_table(const struct regional *rg, const struct selection *sel,
		     struct result_set *rs)
{
	static const char *const names[] = {
		"region", "sector", "year", "value", "region_total", "sector_reference_total",
		"reference_total", "share_region", "share_reference", "lq", "specialised",
		"reference", "note"
	};
	size_t nr = rg->nr, ns = rg->ns, slice = nr * ns;
	const double *e = rg->e + rg->yend * slice, *ref = rg->ref + rg->yend * ns;
	const size_t *cell_row = rg->cell_row + rg->yend * slice;
	struct result_table *rt = result_set_add(rs, "location_quotients");
	double *lq = g_new(double, slice), *rt_tot = g_new(double, nr), big;
	size_t undefined = 0, stars = 0;

	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		if (k == 2)
			add_year_column(rt, rg, names[k]);
		else
			result_add_column(rt, names[k], k < 2 || k > 10 ? RT_TEXT
					  : k == 10 ? RT_INTEGER : RT_NUMBER);
	}
	bench_lq(e, nr, ns, ref, lq);
	bench_margins(e, nr, ns, rt_tot, NULL, NULL);
	bench_margins(ref, 1, ns, NULL, NULL, &big);
	for (size_t r = 0; r < nr; r++) {
		if (!rg->out[r])
			continue;
		for (size_t i = 0; i < ns; i++) {
			size_t row, c = r * ns + i;

			if (cell_row[c] == NONE)
				continue;
			row = result_add_row(rt);
			result_set_text(rt, row, 0, rg->rg.labels[r]);
			result_set_text(rt, row, 1, rg->sg.labels[i]);
			result_set_number(rt, row, 2, rg->years[rg->yend]);
			result_set_number(rt, row, 3, e[c]);
			result_set_number(rt, row, 4, rt_tot[r]);
			result_set_number(rt, row, 5, ref[i]);
			result_set_number(rt, row, 6, big);
			result_set_number(rt, row, 7, rt_tot[r] > 0 ? e[c] / rt_tot[r] : NAN);
			result_set_number(rt, row, 8, big > 0 ? ref[i] / big : NAN);
			result_set_number(rt, row, 9, lq[c]);
			result_set_text(rt, row, 11, rg->refname);
			if (isnan(lq[c])) {
				undefined++;
				result_set_text(rt, row, 12, !(rt_tot[r] > 0) ? "region total is 0"
						: "sector absent from the reference economy");
			} else {
				result_set_integer(rt, row, 10, lq[c] >= rg->o->lq_threshold);
				stars += lq[c] >= rg->o->lq_threshold;
			}
		}
	}
	common_notes(rt, rg, sel);
	result_table_note(rt, "lq = (e_ir/E_r)/(E_i/E); specialised = 1 when lq >= %g: %zu of "
			  "%zu rows", rg->o->lq_threshold, stars, result_rows(rt));
	if (undefined)
		result_table_note(rt, "undefined location quotients: %zu (see note)", undefined);
	g_free(lq);
	g_free(rt_tot);
}

static void shift_table(const struct regional *rg, const struct selection *sel,
			struct result_set *rs)
{
	static const char *const names[] = {
		"region", "r0", "r1", "change", "national_share", "industry_mix", "regional_shift",
		"em_competitive", "em_allocation", "reference", "from", "to", "note"
	};
	size_t ns = rg->ns, slice = rg->nr * ns, new_cells = 0;
	const double *e0 = rg->e + rg->y0 * slice, *e1 = rg->e + rg->y1 * slice;
	const double *n0 = rg->ref + rg->y0 * ns, *n1 = rg->ref + rg->y1 * ns;
	struct result_table *rt = result_set_add(rs, "shift_share");
	char from[NUM_FORMAT_SIZE], to[NUM_FORMAT_SIZE];

	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		if (k == 10 || k == 11)
			add_year_column(rt, rg, names[k]);
		else
			result_add_column(rt, names[k], k == 0 || k == 9 || k == 12 ? RT_TEXT
					  : RT_NUMBER);
	}
	for (size_t r = 0; r < rg->nr; r++) {
		struct bench_shift s;
		size_t row;

		if (!rg->out[r])
			continue;
		bench_shift_share(e0 + r * ns, e1 + r * ns, n0, n1, ns, &s);
		new_cells += s.new_sectors;
		row = result_add_row(rt);
		result_set_text(rt, row, 0, rg->rg.labels[r]);
		result_set_number(rt, row, 1, s.r0);
		result_set_number(rt, row, 2, s.r1);
		result_set_number(rt, row, 3, s.r1 - s.r0);
		result_set_number(rt, row, 4, s.national);
		result_set_number(rt, row, 5, s.mix);
		result_set_number(rt, row, 6, s.shift);
		result_set_number(rt, row, 7, s.competitive);
		result_set_number(rt, row, 8, s.allocation);
		result_set_text(rt, row, 9, rg->refname);
		result_set_number(rt, row, 10, rg->years[rg->y0]);
		result_set_number(rt, row, 11, rg->years[rg->y1]);
		if (s.why)
			result_set_text(rt, row, 12, s.why);
	}
	common_notes(rt, rg, sel);
	num_format(rg->years[rg->y0], from, sizeof from);
	num_format(rg->years[rg->y1], to, sizeof to);
	result_table_note(rt, "%s to %s; classic (Dunn): change = national_share + industry_mix "
			  "+ regional_shift; Esteban-Marquillas: regional_shift = em_competitive "
			  "+ em_allocation", from, to);
	result_table_note(rt, "a sector with no employment in the region in %s (r_i0 = 0) counts "
			  "fully in regional_shift as r_i1 - r_i0*g_i = r_i1, and in "
			  "em_competitive; region x sector cells of this kind: %zu", from, new_cells);
}

static void spec_tables(const struct regional *rg, const struct selection *sel,
			struct result_set *rs, struct warnings *w)
{
	static const char *const names[] = {
		"region", "year", "n_sectors", "hhi", "hhi_normalised", "numbers_equivalent",
		"krugman", "reference", "note"
	};
	static const char *const pnames[] = { "region_a", "region_b", "year", "krugman", "note" };
	size_t ns = rg->ns, slice = rg->nr * ns;
	const double *e = rg->e + rg->yend * slice, *ref = rg->ref + rg->yend * ns;
	const size_t *cell_row = rg->cell_row + rg->yend * slice;
	struct result_table *rt = result_set_add(rs, "specialisation"), *pt;
	const unsigned char *pick = rg->o->regions ? rg->out : rg->unit;
	size_t npick = rg->o->regions ? rg->nout : rg->nunits;
	double *x = g_new(double, ns);

	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		if (k == 1)
			add_year_column(rt, rg, names[k]);
		else
			result_add_column(rt, names[k], k == 2 ? RT_INTEGER : k == 0 || k >= 7
					  ? RT_TEXT : RT_NUMBER);
	}
	for (size_t r = 0; r < rg->nr; r++) {
		struct bench_hhi h;
		double k;
		size_t row;

		if (!rg->out[r])
			continue;
		for (size_t i = 0; i < ns; i++)
			x[i] = cell_row[r * ns + i] == NONE ? NAN : e[r * ns + i];
		bench_hhi(x, ns, &h);
		k = bench_krugman(e + r * ns, ref, ns);
		row = result_add_row(rt);
		result_set_text(rt, row, 0, rg->rg.labels[r]);
		result_set_number(rt, row, 1, rg->years[rg->yend]);
		result_set_integer(rt, row, 2, (long long)h.n);
		result_set_number(rt, row, 3, h.h);
		result_set_number(rt, row, 4, h.normalised);
		result_set_number(rt, row, 5, h.equivalent);
		result_set_number(rt, row, 6, k);
		result_set_text(rt, row, 7, rg->refname);
		if (h.why)
			result_set_text(rt, row, 8, h.why);
		else if (isnan(k))
			result_set_text(rt, row, 8, "krugman: a total is 0");
	}
	common_notes(rt, rg, sel);
	result_table_note(rt, "hhi = sum of squared sector shares over the n_sectors with a row; "
			  "hhi_normalised = (hhi - 1/n)/(1 - 1/n); numbers_equivalent = 1/hhi");
	result_table_note(rt, "krugman = sum_i |e_ir/E_r - E_i/E| against the reference shares: "
			  "0 = same structure, 2 = no sector in common");

	pt = result_set_add(rs, "krugman_pairwise");
	for (size_t k = 0; k < sizeof pnames / sizeof pnames[0]; k++) {
		if (k == 2)
			add_year_column(pt, rg, pnames[k]);
		else
			result_add_column(pt, pnames[k], k == 3 ? RT_NUMBER : RT_TEXT);
	}
	if (!rg->o->regions && npick > PAIRWISE_ALL) {
		result_table_note(pt, "%zu regions: name the regions to pair with --regions (all "
				  "pairs are shown for at most %d)", npick, PAIRWISE_ALL);
		warnings_add(w, "krugman_pairwise left empty: %zu regions; name the regions to pair "
			     "with --regions", npick);
	} else {
		for (size_t a = 0; a < rg->nr; a++)
			for (size_t b = a + 1; b < rg->nr && pick[a]; b++) {
				double k;
				size_t row;

				if (!pick[b])
					continue;
				k = bench_krugman(e + a * ns, e + b * ns, ns);
				row = result_add_row(pt);
				result_set_text(pt, row, 0, rg->rg.labels[a]);
				result_set_text(pt, row, 1, rg->rg.labels[b]);
				result_set_number(pt, row, 2, rg->years[rg->yend]);
				result_set_number(pt, row, 3, k);
				if (isnan(k))
					result_set_text(pt, row, 4, "a region total is 0");
			}
		result_table_note(pt, "krugman = sum_i |s_ia - s_ib| of the sector shares: 0 = same "
				  "structure, 2 = no sector in common");
	}
	g_free(x);
}

static void regional_release(struct regional *rg)
{
	groups_release(&rg->rg);
	groups_release(&rg->sg);
	groups_release(&rg->yg);
	g_free(rg->years);
	g_free(rg->e);
	g_free(rg->cell_row);
	g_free(rg->ref);
	g_free(rg->refname);
	g_free(rg->unit);
	g_free(rg->out);
}

int bench_regional(const struct table *t, const struct regional_opts *o,
		   const struct selection *sel, struct result_set *rs, struct diag *d)
{
	struct regional rg;
	struct warnings *w = result_set_warnings(rs);
	int rc = -1;

	memset(&rg, 0, sizeof rg);
	rg.t = t;
	rg.o = o;
	if (check_value_column(t, o->value, sel, d) < 0)
		return -1;
	if (o->year >= 0 && !col_type_is_numeric(t->cols[o->year].type))
		return diag_set(d, DIAG_USAGE, "the year column '%s' is %s, not numeric",
				t->cols[o->year].name, col_type_name(t->cols[o->year].type));
	if (!(o->lq_threshold > 0) || !isfinite(o->lq_threshold))
		return diag_set(d, DIAG_USAGE, "the LQ threshold must be a positive number");
	if (check_rows(t, o, sel, d) < 0)
		return -1;
	if (build_cells(&rg, sel, d) < 0 || choose(&rg, sel, w, d) < 0)
		goto out;
	reference_warnings(&rg, sel, w);
	lq_table(&rg, sel, rs);
	if (o->span)
		shift_table(&rg, sel, rs);
	spec_tables(&rg, sel, rs, w);
	result_set_provenance(rs, "reference", rg.refname);
	result_set_provenance_num(rs, "lq_threshold", o->lq_threshold);
	if (o->year >= 0)
		result_set_provenance_num(rs, "year", rg.years[rg.yend]);
	if (o->span) {
		result_set_provenance_num(rs, "from", rg.years[rg.y0]);
		result_set_provenance_num(rs, "to", rg.years[rg.y1]);
	}
	rc = result_set_check(rs, d);
out:
	regional_release(&rg);
	return rc;
}

/* ---- the command ---- */

/* One column named by an option that takes exactly one. */

/* A finite number (the whole text, '.' as decimal mark); 0 or -1. */
static int parse_number(const char *text, double *out)
{
	return num_parse(text, strlen(text), '.', 0, out, NULL) == NUM_OK && isfinite(*out)
	       ? 0 : -1;
}

int cmd_regional(struct cli_ctx *cx, int argc, char **argv)
{
	static const char cmd[] = "regional";
	struct cli_dialect dl;
	struct cli_out out;
	struct cli_input in;
	struct cli_chart ch;
	char *region = NULL, *sector = NULL, *value = NULL, *year = NULL, *from = NULL;
	char *to = NULL, *reference = NULL, *regions = NULL, *threshold = NULL, *where = NULL;
	GOptionEntry entries[] = {
		{ "region", 0, 0, G_OPTION_ARG_FILENAME, &region,
		  "The region column (e.g. province)", "COL" },
		{ "sector", 0, 0, G_OPTION_ARG_FILENAME, &sector,
		  "The sector column (e.g. nace)", "COL" },
		{ "value", 0, 0, G_OPTION_ARG_FILENAME, &value,
		  "The numeric column of counts >= 0 (e.g. employment)", "COL" },
		{ "year", 0, 0, G_OPTION_ARG_FILENAME, &year,
		  "The year column, when the file has several years", "COL" },
		{ "from", 0, 0, G_OPTION_ARG_FILENAME, &from,
		  "Start year of the shift-share (with --to)", "Y0" },
		{ "to", 0, 0, G_OPTION_ARG_FILENAME, &to,
		  "End year of the shift-share and year of the other tables", "Y1" },
		{ "reference", 0, 0, G_OPTION_ARG_FILENAME, &reference,
		  "Reference economy: total (default: the sum of all regions) or the name of a "
		  "region row that holds it (e.g. a national row)", "NAME|total" },
		{ "regions", 0, 0, G_OPTION_ARG_FILENAME, &regions,
		  "Show only these regions (the reference stays the same)", "A,B,..." },
		{ "lq-threshold", 0, 0, G_OPTION_ARG_FILENAME, &threshold,
		  "Specialised when LQ >= X (default 1.25)", "X" },
		{ "where", 0, 0, G_OPTION_ARG_FILENAME, &where, "Use only rows that satisfy EXPR",
		  "EXPR" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx = g_option_context_new("FILE");
	struct result_set *rs = NULL;
	struct regional_opts o;
	gchar **args, **names = NULL;
	const char **kept_names = NULL;
	size_t col;
	struct diag d;
	int status = 0;

	memset(&dl, 0, sizeof dl);
	memset(&out, 0, sizeof out);
	memset(&in, 0, sizeof in);
	memset(&o, 0, sizeof o);
	memset(&ch, 0, sizeof ch);
	diag_init(&d);
	g_option_context_set_summary(octx,
		"Regional indices of a region x sector table (METHODS.md): location quotients\n"
		"LQ = (e_ir/E_r)/(E_i/E) against an explicit reference economy, classic (Dunn)\n"
		"and Esteban-Marquillas shift-share from --from to --to, Herfindahl-Hirschman\n"
		"and Krugman specialisation. Result tables: location_quotients, shift_share\n"
		"(with --from/--to), specialisation, krugman_pairwise.\n"
		"Charts (--chart DIR, with --from/--to): a portfolio of LQ against growth per\n"
		"region (scatter) and the shift-share components (bar).");
	g_option_context_add_main_entries(octx, entries, NULL);
	cli_out_add(octx, &out);
	cli_chart_add(octx, &ch);
	cli_dialect_add(octx, &dl, 1);
	args = cli_parse(cx, octx, cmd, argc, argv, &status);
	if (!args)
		goto done;
	if (!cli_nargs_ok(cx, args)) {
		status = cli_usage_error(cx, cmd, "expected one FILE");
		goto done;
	}
	if (!region || !sector || !value) {
		status = cli_usage_error(cx, cmd, "--region, --sector and --value are required");
		goto done;
	}
	if (!from != !to) {
		status = cli_usage_error(cx, cmd, "--from and --to go together");
		goto done;
	}
	if (from && !year) {
		status = cli_usage_error(cx, cmd, "--from and --to need --year");
		goto done;
	}
	if (from && parse_number(from, &o.from) < 0) {
		status = cli_usage_error(cx, cmd, "--from: expected a year, got '%s'", from);
		goto done;
	}
	if (to && parse_number(to, &o.to) < 0) {
		status = cli_usage_error(cx, cmd, "--to: expected a year, got '%s'", to);
		goto done;
	}
	o.span = from != NULL;
	o.lq_threshold = 1.25;
	if (threshold && (parse_number(threshold, &o.lq_threshold) < 0 || !(o.lq_threshold > 0))) {
		status = cli_usage_error(cx, cmd, "--lq-threshold: expected a positive number, "
					 "got '%s'", threshold);
		goto done;
	}
	if (reference && !*g_strstrip(reference)) {
		status = cli_usage_error(cx, cmd, "--reference: expected total or a region name");
		goto done;
	}
	o.reference = reference;
	if (regions) {
		size_t n = 0;

		names = g_strsplit(regions, ",", -1);
		kept_names = g_new0(const char *, g_strv_length(names) + 1);
		for (gchar **p = names; *p; p++)
			if (*g_strstrip(*p))
				kept_names[n++] = *p;
		if (n == 0) {
			status = cli_usage_error(cx, cmd, "--regions: no region named");
			goto done;
		}
		o.regions = kept_names;
		o.nregions = n;
	}
	if ((status = cli_out_check(cx, cmd, &out)) ||
	    (status = cli_chart_check(cx, cmd, &ch, args[1] ? args[1] : NULL)))
		goto done;
	rs = cli_result_set(cx);
	if ((status = cli_load_input(cx, cmd, args, &dl, where, rs, &in)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--region", region, &o.region)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--sector", sector, &o.sector)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--value", value, &o.value)))
		goto done;
	o.year = -1;
	if (year) {
		if ((status = cli_one_column(cx, cmd, in.t, "--year", year, &col)))
			goto done;
		o.year = (long)col;
	}
	if (o.region == o.sector || o.value == o.region || o.value == o.sector ||
	    (o.year >= 0 && ((size_t)o.year == o.region || (size_t)o.year == o.sector ||
			     (size_t)o.year == o.value))) {
		status = cli_usage_error(cx, cmd, "--region, --sector, --value and --year must name "
					 "different columns");
		goto done;
	}
	if (bench_regional(in.t, &o, &in.sel, rs, &d) < 0 ||
	    (cli_chart_set(cx, &ch) &&
	     bench_charts_regional(in.t, &o, &in.sel, rs, cx ? cx->chart_kinds : NULL,
				   cx && cx->chart_opts ? cx->chart_opts : &ch.co,
				   cli_chart_set(cx, &ch), &d) < 0)) {
		status = d.code == DIAG_USAGE ? cli_usage_error(cx, cmd, "%s", d.message)
					      : cli_fail(cx, &d);
		goto done;
	}
	if ((status = cli_chart_render(cx, &ch, cmd)))
		goto done;
	status = cli_emit(cx, cmd, rs, &out);
done:
	g_free(kept_names);
	g_strfreev(names);
	cli_input_release(&in);
	cli_result_set_release(cx, rs);
	g_strfreev(args);
	g_free(region);
	g_free(sector);
	g_free(value);
	g_free(year);
	g_free(from);
	g_free(to);
	g_free(reference);
	g_free(regions);
	g_free(threshold);
	g_free(where);
	cli_chart_release(&ch);
	cli_out_release(&out);
	cli_dialect_release(&dl);
	g_option_context_free(octx);
	return status;
}
