/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench_peers: each unit's position among its peers (percentile, rank, z, gaps, tertile). */
#include "clusterbench/bench_peers.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/numparse.h"
#include "clusterbench/stats.h"

/* ------------------------------------------------------------ option texts */

/* Index of name in names[0..n), or n. */
static size_t name_index(const char *name, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			break;
	return i;
}

/*
 * Splits "NAME:VALUE,..." and calls item() per item with the name's index
 * and the value text; item() returns -1 when the value is not of the
 * expected form, which is then a syntax error. `what` names the form.
 */
static int parse_named(const char *text, const char *const *names, size_t n, const char *what,
		       int (*item)(size_t i, const char *value, void *arg), void *arg,
		       struct diag *d)
{
	gchar **items;
	unsigned char *seen;
	int rc = 0;

	if (!text || !*text)
		return 0;
	items = g_strsplit(text, ",", -1);
	seen = g_new0(unsigned char, n ? n : 1);
	for (size_t k = 0; items[k] && rc == 0; k++) {
		char *it = g_strstrip(items[k]);
		char *copy, *colon;
		size_t i;

		if (!*it && items[k + 1] == NULL && k > 0)
			break; /* a trailing comma */
		copy = g_strdup(it);
		colon = strrchr(it, ':');
		if (!colon || colon == it || !colon[1]) {
			rc = diag_set(d, DIAG_USAGE, "expected %s, got '%s'", what, copy);
		} else {
			*colon = '\0';
			g_strstrip(it);
			i = name_index(it, names, n);
			if (i == n)
				rc = diag_set(d, DIAG_USAGE, "'%s' is not one of the indicators", it);
			else if (seen[i])
				rc = diag_set(d, DIAG_USAGE, "'%s' is given twice", it);
			else if (item(i, g_strstrip(colon + 1), arg) < 0)
				rc = diag_set(d, DIAG_USAGE, "expected %s, got '%s'", what, copy);
			else
				seen[i] = 1;
		}
		g_free(copy);
	}
	g_free(seen);
	g_strfreev(items);
	return rc;
}

static int direction_item(size_t i, const char *value, void *arg)
{
	int *dir = arg;

	if (strcmp(value, "+") == 0 || strcmp(value, "+1") == 0 || strcmp(value, "1") == 0)
		dir[i] = 1;
	else if (strcmp(value, "-") == 0 || strcmp(value, "-1") == 0)
		dir[i] = -1;
	else
		return -1;
	return 0;
}

int bench_parse_directions(const char *text, const char *const *names, size_t n, int *dir,
			   struct diag *d)
{
	for (size_t i = 0; i < n; i++)
		dir[i] = 1;
	return parse_named(text, names, n, "NAME:+ or NAME:-", direction_item, dir, d);
}

/* A finite number written with '.', spaces around ignored. */
static int parse_one_number(const char *s, double *v)
{
	size_t len;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return num_parse(s, len, '.', 0, v, NULL) == NUM_OK && isfinite(*v) ? 0 : -1;
}

static int value_item(size_t i, const char *value, void *arg)
{
	double *v = arg;

	return parse_one_number(value, &v[i]);
}

int bench_parse_named_values(const char *text, const char *const *names, size_t n, double *v,
			     struct diag *d)
{
	for (size_t i = 0; i < n; i++)
		v[i] = NAN;
	return parse_named(text, names, n, "NAME:VALUE", value_item, v, d);
}

int bench_parse_numbers(const char *text, double *out, size_t max, size_t *n, struct diag *d)
{
	gchar **items = g_strsplit(text ? text : "", ",", -1);
	int rc = 0;

	*n = 0;
	for (size_t k = 0; items[k]; k++) {
		double v;

		if (*n == max) {
			rc = diag_set(d, DIAG_USAGE, "more than %zu values", max);
			break;
		}
		if (parse_one_number(items[k], &v) < 0) {
			rc = diag_set(d, DIAG_USAGE, "'%s' is not a number", g_strstrip(items[k]));
			break;
		}
		out[(*n)++] = v;
	}
	g_strfreev(items);
	return rc;
}

/* ------------------------------------------------------------ ranks */

/*
 * Stable merge sort of idx[0..n) by key[idx] descending; tmp holds n
 * entries. Written out (no qsort) because qsort has no context argument.
 */
static void sort_desc(const double *key, int dir, size_t *idx, size_t *tmp, size_t n)
{
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t a = lo, b = mid, o = lo;

			while (a < mid && b < hi) {
				/* take from the right only when strictly larger: stable */
				if (dir * key[idx[b]] > dir * key[idx[a]])
					tmp[o++] = idx[b++];
				else
					tmp[o++] = idx[a++];
			}
			while (a < mid)
				tmp[o++] = idx[a++];
			while (b < hi)
				tmp[o++] = idx[b++];
		}
		memcpy(idx, tmp, n * sizeof *idx);
	}
}

void bench_rank_min(const double *x, size_t n, int dir, size_t *idx, double *rank)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		rank[i] = NAN;
		if (!isnan(x[i]))
			idx[m++] = i;
	}
	sort_desc(x, dir, idx, idx + n, m);
	for (size_t p = 0; p < m; p++) {
		if (p > 0 && dir * x[idx[p]] == dir * x[idx[p - 1]])
			rank[idx[p]] = rank[idx[p - 1]];
		else
			rank[idx[p]] = (double)(p + 1);
	}
}

size_t bench_count_at_or_below(const double *x, size_t n, double v, int dir)
{
	size_t k = 0;

	for (size_t j = 0; j < n; j++)
		if (!isnan(x[j]) && dir * x[j] <= dir * v)
			k++;
	return k;
}

const char *bench_tertile(size_t k, size_t m)
{
	if (m < 3 || k == 0 || k > m)
		return NULL;
	/* k <= SIZE_MAX / 3 in practice: m counts rows of a table */
	if (3 * k <= m)
		return "low";
	if (3 * k <= 2 * m)
		return "middle";
	return "high";
}

/* ------------------------------------------------------------ peer statistics */

int bench_peer_stats(const double *x, size_t len, int dir, double *work,
		     struct bench_peer_stats *s, struct diag *d)
{
	struct stats_desc ds;

	s->n = 0;
	s->min = s->q1 = s->median = s->q3 = s->max = NAN;
	s->mean = s->sd = s->best = NAN;
	s->sorted = work;
	if (stats_describe(x, len, 0.95, work, &ds, d) < 0)
		return -1;
	s->n = ds.n;
	if (ds.n == 0)
		return 0;
	s->min = ds.min;
	s->q1 = ds.q1;
	s->median = ds.median;
	s->q3 = ds.q3;
	s->max = ds.max;
	s->mean = ds.mean;
	s->sd = ds.sd;
	s->best = dir > 0 ? ds.max : -ds.min;
	return 0;
}

/* Count of sorted[0..n) (ascending) <= v, or with strict, < v. */
static size_t count_below(const double *sorted, size_t n, double v, int strict)
{
	size_t a = 0, b = n;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (strict ? sorted[mid] < v : sorted[mid] <= v)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

void bench_peer_position(int dir, double v, const struct bench_peer_stats *s,
			 struct bench_position *p)
{
	size_t n = s->n;

	p->z = p->percentile = p->rank = p->gap_best = p->gap_median = NAN;
	p->k = 0;
	p->tertile = NULL;
	p->why_z = NULL;
	p->why_tertile = NULL;
	if (isnan(v) || n == 0) {
		p->why_z = p->why_tertile = "no value";
		return;
	}
	/* at or below after direction: with dir -1, the values >= v */
	p->k = dir > 0 ? count_below(s->sorted, n, v, 0) : n - count_below(s->sorted, n, v, 1);
	p->percentile = 100.0 * (double)p->k / (double)n;
	p->rank = (double)(n - p->k + 1);
	/* + 0.0 turns a -0 (equal values, dir -1) into 0 */
	p->gap_best = s->best - dir * v + 0.0;
	p->gap_median = dir * (v - s->median) + 0.0;
	if (n < 2)
		p->why_z = "fewer than 2 peers";
	else if (!(s->sd > 0))
		p->why_z = "peer sd = 0";
	else
		p->z = dir * (v - s->mean) / s->sd + 0.0;
	p->tertile = bench_tertile(p->k, n);
	if (!p->tertile)
		p->why_tertile = "fewer than 3 peers";
}

/* ------------------------------------------------------------ the peers table */

/* One output line of a group under one indicator, for sorting. */
struct line {
	double rank;
	const char *label;
	size_t u;                /* index into the group's units */
};

static int line_cmp(const void *a, const void *b)
{
	const struct line *x = a, *y = b;

	if (isnan(x->rank) != isnan(y->rank))
		return isnan(x->rank) ? 1 : -1;
	if (!isnan(x->rank) && x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return text_collate(x->label, y->label);
}

int bench_collect_units(const struct table *t, size_t unit, const struct selection *sel,
			struct groups *ug, const char **label_of, size_t *no_unit, struct diag *d)
{
	size_t dup = SIZE_MAX;

	if (table_group(t, &unit, 1, sel ? sel->keep : NULL, ug, d) < 0)
		return -1;
	*no_unit = ug->dropped;
	for (size_t g = 0; g < ug->ngroups; g++) {
		size_t first = ug->start[g];

		if (ug->start[g + 1] - first > 1 &&
		    (dup == SIZE_MAX || ug->rows[first + 1] < ug->rows[ug->start[dup] + 1]))
			dup = g;
	}
	if (dup != SIZE_MAX) {
		size_t r0 = ug->rows[ug->start[dup]], r1 = ug->rows[ug->start[dup] + 1];

		diag_set(d, DIAG_DATA, "duplicate row for %s '%s': lines %llu and %llu; one row per "
			 "unit is needed (choose one with --where, e.g. a year)",
			 t->cols[unit].name, ug->labels[dup], table_row_line(t, r0),
			 table_row_line(t, r1));
		if (t->source)
			diag_set_path(d, t->source);
		groups_release(ug);
		return -1;
	}
	for (size_t r = 0; r < t->nrows; r++)
		label_of[r] = NULL;
	for (size_t g = 0; g < ug->ngroups; g++)
		label_of[ug->rows[ug->start[g]]] = ug->labels[g];
	return 0;
}

/* Joins the reasons a row's numbers are missing. */
static void set_note(struct result_table *rt, size_t row, size_t col,
		     const struct bench_position *p)
{
	char note[160];

	if (p->why_z && p->why_tertile && strcmp(p->why_z, p->why_tertile) == 0)
		snprintf(note, sizeof note, "%s", p->why_z);
	else if (p->why_z && p->why_tertile)
		snprintf(note, sizeof note, "z: %s; tertile: %s", p->why_z, p->why_tertile);
	else if (p->why_z)
		snprintf(note, sizeof note, "z: %s", p->why_z);
	else if (p->why_tertile)
		snprintf(note, sizeof note, "tertile: %s", p->why_tertile);
	else
		return;
	result_set_text(rt, row, col, note);
}

enum {
	PC_UNIT, PC_GROUP, PC_INDICATOR, PC_DIRECTION, PC_VALUE, PC_PEER_N, PC_MEDIAN, PC_MEAN,
	PC_SD, PC_Z, PC_PERCENTILE, PC_RANK, PC_GAP_BEST, PC_GAP_MEDIAN, PC_TERTILE,
	PC_REFERENCE, PC_NOTE, PC_NCOLS
};

static const char *const peers_cols[PC_NCOLS] = {
	"unit", "peer_group", "indicator", "direction", "value", "peer_n", "peer_median",
	"peer_mean", "peer_sd", "z", "percentile", "rank", "gap_best", "gap_median", "tertile",
	"reference", "note"
};

enum {
	FC_INDICATOR, FC_DIRECTION, FC_VALUE, FC_PEER_N, FC_MIN, FC_Q1, FC_MEDIAN, FC_Q3, FC_MAX,
	FC_RANK, FC_PERCENTILE, FC_TERTILE, FC_REFERENCE, FC_NOTE, FC_NCOLS
};

static const char *const profile_cols[FC_NCOLS] = {
	"indicator", "direction", "value", "peer_n", "peer_min", "peer_q1", "peer_median",
	"peer_q3", "peer_max", "rank", "percentile", "tertile", "reference", "note"
};

static struct result_table *new_table(struct result_set *rs, const char *name,
				      const char *const *cols, size_t ncols,
				      const unsigned char *is_text, const unsigned char *is_int)
{
	struct result_table *rt = result_set_add(rs, name);

	for (size_t c = 0; c < ncols; c++)
		result_add_column(rt, cols[c], is_text[c] ? RT_TEXT : is_int[c] ? RT_INTEGER
										 : RT_NUMBER);
	return rt;
}

/* The text of the directions for provenance: "employment:+,cost:-". */
static char *directions_text(const struct table *t, const size_t *ind, size_t n, const int *dir)
{
	GString *s = g_string_new(NULL);

	for (size_t j = 0; j < n; j++)
		g_string_append_printf(s, "%s%s:%s", j ? "," : "", t->cols[ind[j]].name,
				       dir && dir[j] < 0 ? "-" : "+");
	return g_string_free(s, FALSE);
}

int bench_peers(const struct table *t, const struct peers_opts *o, const struct selection *sel,
		struct result_set *rs, struct diag *d)
{
	static const unsigned char ptext[PC_NCOLS] = { [PC_UNIT] = 1, [PC_GROUP] = 1,
		[PC_INDICATOR] = 1, [PC_TERTILE] = 1, [PC_REFERENCE] = 1, [PC_NOTE] = 1 };
	static const unsigned char pint[PC_NCOLS] = { [PC_DIRECTION] = 1, [PC_PEER_N] = 1,
		[PC_RANK] = 1 };
	static const unsigned char ftext[FC_NCOLS] = { [FC_INDICATOR] = 1, [FC_TERTILE] = 1,
		[FC_REFERENCE] = 1, [FC_NOTE] = 1 };
	static const unsigned char fint[FC_NCOLS] = { [FC_DIRECTION] = 1, [FC_PEER_N] = 1,
		[FC_RANK] = 1 };
	struct groups ug, pg;
	const char **label_of = NULL;
	unsigned char *keep = NULL;
	double *x = NULL, *work = NULL;
	struct line *lines = NULL;
	size_t no_unit = 0, focus_row = SIZE_MAX, nunits = 0;
	struct result_table *rt, *ft = NULL;
	char *dirs;
	int have_ug = 0, have_pg = 0, rc = -1;

	memset(&ug, 0, sizeof ug);
	memset(&pg, 0, sizeof pg);
	for (size_t j = 0; j < o->nind; j++) {
		const struct column *c = &t->cols[o->indicators[j]];

		if (!col_type_is_numeric(c->type))
			return diag_set(d, DIAG_USAGE, "indicator '%s' is %s, not numeric", c->name,
					col_type_name(c->type));
		for (size_t i = 0; i < j; i++)
			if (o->indicators[i] == o->indicators[j])
				return diag_set(d, DIAG_USAGE, "indicator '%s' is named twice",
						c->name);
	}
	label_of = g_new(const char *, t->nrows ? t->nrows : 1);
	if (bench_collect_units(t, o->unit, sel, &ug, label_of, &no_unit, d) < 0)
		goto out;
	have_ug = 1;
	/* the peer groups over the rows that are units */
	keep = g_new0(unsigned char, t->nrows ? t->nrows : 1);
	for (size_t r = 0; r < t->nrows; r++)
		keep[r] = label_of[r] != NULL;
	if (o->focus) {
		for (size_t r = 0; r < t->nrows && focus_row == SIZE_MAX; r++)
			if (label_of[r] && strcmp(label_of[r], o->focus) == 0)
				focus_row = r;
		if (focus_row == SIZE_MAX) {
			diag_set(d, DIAG_USAGE, "focus unit '%s' is not a value of '%s' in the rows "
				 "used", o->focus, t->cols[o->unit].name);
			goto out;
		}
	}
	if (o->group >= 0) {
		size_t gc = (size_t)o->group;

		if (table_group(t, &gc, 1, keep, &pg, d) < 0)
			goto out;
	} else if (table_group(t, NULL, 0, keep, &pg, d) < 0) {
		goto out;
	}
	have_pg = 1;
	if (pg.dropped)
		warnings_add(result_set_warnings(rs), "%zu unit%s left out: no value of '%s'",
			     pg.dropped, pg.dropped == 1 ? "" : "s", t->cols[o->group].name);
	if (no_unit)
		warnings_add(result_set_warnings(rs), "%zu row%s left out: no value of '%s'", no_unit,
			     no_unit == 1 ? "" : "s", t->cols[o->unit].name);
	for (size_t g = 0; g < pg.ngroups; g++)
		nunits += pg.start[g + 1] - pg.start[g];
	if (focus_row != SIZE_MAX) {
		int found = 0;

		for (size_t i = 0; i < pg.start[pg.ngroups] && !found; i++)
			found = pg.rows[i] == focus_row;
		if (!found) {
			diag_set(d, DIAG_USAGE, "focus unit '%s' has no value of '%s'", o->focus,
				 t->cols[o->group].name);
			goto out;
		}
	}
	/* an indicator without any value says nothing: stop before printing */
	for (size_t j = 0; j < o->nind; j++) {
		const double *col = table_num(t, o->indicators[j]);
		size_t have = 0;

		for (size_t i = 0; i < pg.start[pg.ngroups]; i++)
			have += !isnan(col[pg.rows[i]]);
		if (!have) {
			diag_set(d, DIAG_DATA, "indicator '%s' has no values in the rows used",
				 t->cols[o->indicators[j]].name);
			goto out;
		}
	}

	rt = new_table(rs, "peers", peers_cols, PC_NCOLS, ptext, pint);
	if (o->focus)
		ft = new_table(rs, "peer_profile", profile_cols, FC_NCOLS, ftext, fint);
	x = g_new(double, nunits ? nunits : 1);
	work = g_new(double, nunits ? nunits : 1);
	lines = g_new(struct line, nunits ? nunits : 1);
	for (size_t j = 0; j < o->nind; j++) {
		const struct column *col = &t->cols[o->indicators[j]];
		int dir = o->direction ? o->direction[j] : 1;

		for (size_t g = 0; g < pg.ngroups; g++) {
			const uint32_t *rows = pg.rows + pg.start[g];
			size_t m = pg.start[g + 1] - pg.start[g];
			struct bench_peer_stats s;
			char *ref;
			int has_focus = 0;

			for (size_t i = 0; i < m; i++) {
				x[i] = column_value(col, rows[i]);
				has_focus |= rows[i] == focus_row;
			}
			if (focus_row != SIZE_MAX && !has_focus)
				continue;
			if (bench_peer_stats(x, m, dir, work, &s, d) < 0) {
				diag_set_column(d, col->name);
				goto out;
			}
			if (o->group >= 0)
				ref = g_strdup_printf("%s peers (%s, n = %zu)", t->cols[o->group].name,
						      pg.labels[g], m);
			else
				ref = g_strdup_printf("all units (n = %zu)", m);
			for (size_t i = 0; i < m; i++) {
				struct bench_position p;

				bench_peer_position(dir, x[i], &s, &p);
				lines[i].rank = p.rank;
				lines[i].label = label_of[rows[i]];
				lines[i].u = i;
			}
			qsort(lines, m, sizeof *lines, line_cmp);
			for (size_t li = 0; li < m; li++) {
				size_t i = lines[li].u, row;
				struct bench_position p;

				if (focus_row != SIZE_MAX && rows[i] != focus_row)
					continue;
				bench_peer_position(dir, x[i], &s, &p);
				row = result_add_row(rt);
				result_set_text(rt, row, PC_UNIT, label_of[rows[i]]);
				result_set_text(rt, row, PC_GROUP, o->group >= 0 ? pg.labels[g] : "all");
				result_set_text(rt, row, PC_INDICATOR, col->name);
				result_set_integer(rt, row, PC_DIRECTION, dir);
				result_set_number(rt, row, PC_VALUE, x[i]);
				result_set_integer(rt, row, PC_PEER_N, (long long)s.n);
				result_set_number(rt, row, PC_MEDIAN, s.median);
				result_set_number(rt, row, PC_MEAN, s.mean);
				result_set_number(rt, row, PC_SD, s.sd);
				result_set_number(rt, row, PC_Z, p.z);
				result_set_number(rt, row, PC_PERCENTILE, p.percentile);
				result_set_number(rt, row, PC_RANK, p.rank);
				result_set_number(rt, row, PC_GAP_BEST, p.gap_best);
				result_set_number(rt, row, PC_GAP_MEDIAN, p.gap_median);
				result_set_text(rt, row, PC_TERTILE, p.tertile);
				result_set_text(rt, row, PC_REFERENCE, ref);
				set_note(rt, row, PC_NOTE, &p);
				if (!ft)
					continue;
				row = result_add_row(ft);
				result_set_text(ft, row, FC_INDICATOR, col->name);
				result_set_integer(ft, row, FC_DIRECTION, dir);
				result_set_number(ft, row, FC_VALUE, x[i]);
				result_set_integer(ft, row, FC_PEER_N, (long long)s.n);
				result_set_number(ft, row, FC_MIN, s.min);
				result_set_number(ft, row, FC_Q1, s.q1);
				result_set_number(ft, row, FC_MEDIAN, s.median);
				result_set_number(ft, row, FC_Q3, s.q3);
				result_set_number(ft, row, FC_MAX, s.max);
				result_set_number(ft, row, FC_RANK, p.rank);
				result_set_number(ft, row, FC_PERCENTILE, p.percentile);
				result_set_text(ft, row, FC_TERTILE, p.tertile);
				result_set_text(ft, row, FC_REFERENCE, ref);
				set_note(ft, row, FC_NOTE, &p);
			}
			g_free(ref);
		}
	}
	if (sel && sel->where)
		result_table_note(rt, "rows where %s (%zu of %zu)", sel->where, sel->kept, t->nrows);
	if (o->group >= 0)
		result_table_note(rt, "peers: the units with the same '%s' (%zu groups, %zu units)",
				  t->cols[o->group].name, pg.ngroups, nunits);
	else
		result_table_note(rt, "peers: all %zu units", nunits);
	result_table_note(rt, "direction first: d = direction * value; percentile = %% of peers "
			  "with d at or below the unit's; rank 1 = best, ties share the smallest");
	result_table_note(rt, "z = direction * (value - peer_mean)/peer_sd; gap_best = best d - d "
			  "(>= 0); gap_median = d - median d (> 0 = better)");
	result_table_note(rt, "tertile: low when percentile <= 100/3, middle when <= 200/3, high "
			  "above (exact thirds); none with fewer than 3 peers");
	if (ft)
		result_table_note(ft, "unit: %s; peer_min .. peer_max: type-7 quantiles of the "
				  "peers' values (raw, not directed)", o->focus);
	result_set_provenance(rs, "unit", t->cols[o->unit].name);
	result_set_provenance(rs, "peer_group", o->group >= 0 ? t->cols[o->group].name : "all");
	dirs = directions_text(t, o->indicators, o->nind, o->direction);
	result_set_provenance(rs, "directions", dirs);
	g_free(dirs);
	if (o->focus)
		result_set_provenance(rs, "focus", o->focus);
	rc = 0;
out:
	if (rc < 0 && d && d->code == DIAG_DATA && t->source)
		diag_set_path(d, t->source);
	g_free(lines);
	g_free(x);
	g_free(work);
	g_free(keep);
	g_free(label_of);
	if (have_pg)
		groups_release(&pg);
	if (have_ug)
		groups_release(&ug);
	return rc;
}
