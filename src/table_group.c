/* SPDX-License-Identifier: GPL-3.0-or-later */
/* table_group: group-by indexes and Turkish alphabetical order. */
#include "clusterbench/table.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/mem.h"
#include "clusterbench/numparse.h"
#include "clusterbench/sort.h"
#include "clusterbench/stats.h"

/* Primary weight of a code point: Turkish letters in alphabet order (upper
 * and lower case alike), other characters after them by code point. */
static uint32_t weight(gunichar c)
{
	static const char *const alphabet[] = {
		"aA", "âÂ", "bB", "cC", "çÇ", "dD", "eE", "fF", "gG", "ğĞ", "hH", "ıI", "iİ",
		"îÎ", "jJ", "kK", "lL", "mM", "nN", "oO", "öÖ", "pP", "qQ", "rR", "sS", "şŞ",
		"tT", "uU", "ûÛ", "üÜ", "vV", "wW", "xX", "yY", "zZ",
	};

	if (c < 0x80 && !g_ascii_isalpha((gchar)c))
		return c; /* digits, spaces and punctuation sort first */
	for (uint32_t i = 0; i < sizeof alphabet / sizeof alphabet[0]; i++) {
		const char *p = alphabet[i];

		while (*p) {
			if (g_utf8_get_char(p) == c)
				return 0x100 + i;
			p = g_utf8_next_char(p);
		}
	}
	return 0x1000 + c;
}

int text_collate(const char *a, const char *b)
{
	const char *p = a, *q = b;

	while (*p && *q) {
		uint32_t wa = weight(g_utf8_get_char(p)), wb = weight(g_utf8_get_char(q));

		if (wa != wb)
			return wa < wb ? -1 : 1;
		p = g_utf8_next_char(p);
		q = g_utf8_next_char(q);
	}
	if (*p || *q)
		return *p ? 1 : -1;
	return strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0;
}

/*
 * Per by-column: the level of every grouped row (in the order of the rows
 * kept) and the level labels, in Turkish alphabetical order for text and
 * numeric order for numbers.
 */
struct levels {
	int32_t *of_kept;
	size_t n;
	char **label;
};

struct coded {
	const char *s;
	int32_t code;
};

static int cmp_coded(const void *a, const void *b)
{
	return text_collate(((const struct coded *)a)->s, ((const struct coded *)b)->s);
}

static void levels_release(struct levels *lv)
{
	for (size_t i = 0; i < lv->n; i++)
		g_free(lv->label[i]);
	g_free(lv->label);
	g_free(lv->of_kept);
}

static char *number_label(double v)
{
	char buf[NUM_FORMAT_SIZE];

	num_format(v, buf, sizeof buf);
	return g_strdup(buf);
}

/* Levels of a category column: every value of its dictionary, by rank. */
static void category_levels(const struct column *col, const uint32_t *kept, size_t nk,
			    struct levels *lv)
{
	struct coded *cd = g_new(struct coded, col->dict.n ? col->dict.n : 1);
	int32_t *rank = g_new(int32_t, col->dict.n ? col->dict.n : 1);

	for (size_t i = 0; i < col->dict.n; i++) {
		cd[i].s = col->dict.values[i];
		cd[i].code = (int32_t)i;
	}
	qsort(cd, col->dict.n, sizeof *cd, cmp_coded);
	lv->n = col->dict.n;
	lv->label = g_new(char *, lv->n ? lv->n : 1);
	for (size_t i = 0; i < col->dict.n; i++) {
		rank[cd[i].code] = (int32_t)i;
		lv->label[i] = g_strdup(cd[i].s);
	}
	for (size_t i = 0; i < nk; i++)
		lv->of_kept[i] = rank[col->code[kept[i]]];
	g_free(cd);
	g_free(rank);
}

/*
 * Levels of a numeric column: its distinct values among the kept rows.
 * Whole numbers in a range not much wider than the rows (years, 0/1,
 * codes) are counted in a table; anything else is radix sorted.
 */
static void numeric_levels(const struct column *col, const uint32_t *kept, size_t nk,
			   struct levels *lv)
{
	double lo = INFINITY, hi = -INFINITY;
	int whole = 1;

	for (size_t i = 0; i < nk; i++) {
		double x = column_value(col, kept[i]);

		if (x < lo)
			lo = x;
		if (x > hi)
			hi = x;
		whole &= x == floor(x);
	}
	/* the table: at most 4 bytes per row plus 4 KiB, and at most 64 MiB */
	if (nk && whole && hi - lo < (double)(nk + 1024) && hi - lo < (double)(1 << 24)) {
		size_t span = (size_t)(hi - lo) + 1;
		int32_t *lut = g_new0(int32_t, span);
		size_t u = 0;

		for (size_t i = 0; i < nk; i++)
			lut[(size_t)(column_value(col, kept[i]) - lo)] = 1;
		lv->label = g_new(char *, span);
		for (size_t k = 0; k < span; k++)
			if (lut[k]) {
				lut[k] = (int32_t)u;
				/* + 0.0: no label "-0" */
				lv->label[u++] = number_label(lo + (double)k + 0.0);
			}
		lv->n = u;
		for (size_t i = 0; i < nk; i++)
			lv->of_kept[i] = lut[(size_t)(column_value(col, kept[i]) - lo)];
		g_free(lut);
		return;
	}
	{
		double *v = g_new(double, nk ? nk : 1);
		size_t u = 0;

		for (size_t i = 0; i < nk; i++) {
			double x = column_value(col, kept[i]);

			v[i] = x == 0 ? 0 : x;
		}
		if (sort_doubles(v, nk) < 0)
			stats_sort(v, nk);
		for (size_t i = 0; i < nk; i++)
			if (!u || v[i] != v[u - 1])
				v[u++] = v[i];
		lv->n = u;
		lv->label = g_new(char *, u ? u : 1);
		for (size_t i = 0; i < u; i++)
			lv->label[i] = number_label(v[i]);
		for (size_t i = 0; i < nk; i++) {
			double x = column_value(col, kept[i]);
			size_t a = 0, b = u;

			/* the level of the row before first: rows often repeat it */
			if (i > 0 && v[lv->of_kept[i - 1]] == x) {
				lv->of_kept[i] = lv->of_kept[i - 1];
				continue;
			}
			while (a < b) {
				size_t mid = a + (b - a) / 2;

				if (v[mid] < x)
					a = mid + 1;
				else
					b = mid;
			}
			lv->of_kept[i] = (int32_t)a;
		}
		g_free(v);
	}
}

static int cell_missing(const struct column *col, size_t r)
{
	return col_type_is_numeric(col->type) ? isnan(column_value(col, r)) : col->code[r] < 0;
}

/*
 * The direct path: every by-column maps its cells to level numbers (the
 * rank of a category code; value - lowest value for whole numbers in a
 * narrow range), the levels combine column by column into one key per row,
 * and one counting sort by that key orders the rows (stable: file order
 * within a group). Keys without rows are no group, so a level need not
 * occur. Returns 1 when done, 0 when the columns do not fit (the caller
 * takes the general path), -1 on error.
 */
#define DIRECT_MAX_KEYS (1u << 22)
#define NO_KEY UINT32_MAX

struct direct_col {
	const struct column *col;
	int numeric;
	const int32_t *small;  /* a small column's values, or NULL */
	int32_t off;           /* small: the stored value of level 0 */
	double lo;             /* numeric: the value of level 0 */
	size_t nlevels;
	int32_t *rank;         /* category: code -> level */
	char **label;          /* category: level -> dictionary value (borrowed) */
};

/* Lowest and highest value of a numeric column over the rows kept; 0 when
 * some value is not a whole number. */
static int whole_range(const struct column *col, size_t n, const unsigned char *keep,
		       double *lo, double *hi)
{
	double a = INFINITY, b = -INFINITY;
	int whole = 1;

	if (col->is_small) {
		int32_t sa = INT32_MAX, sb = INT32_MIN;

		for (size_t r = 0; r < n; r++) {
			int32_t v = col->small[r];

			if ((keep && !keep[r]) || v == COL_SMALL_MISSING)
				continue;
			sa = v < sa ? v : sa;
			sb = v > sb ? v : sb;
		}
		if (sa <= sb) {
			a = col->small_base + (double)sa;
			b = col->small_base + (double)sb;
		}
	} else {
		for (size_t r = 0; r < n; r++) {
			double v = col->num[r];

			if ((keep && !keep[r]) || isnan(v))
				continue;
			a = v < a ? v : a;
			b = v > b ? v : b;
			whole &= v == floor(v);
		}
	}
	*lo = a;
	*hi = b;
	return whole;
}

/* The key of row r: its levels combined column by column, or NO_KEY when a
 * by-value is missing. */
static inline uint32_t row_key(const struct direct_col *dc, size_t nby, size_t r)
{
	uint32_t k = 0;

	for (size_t b = 0; b < nby; b++) {
		const struct direct_col *c = &dc[b];

		if (c->small) {
			int32_t v = c->small[r];

			if (v == COL_SMALL_MISSING)
				return NO_KEY;
			k = k * (uint32_t)c->nlevels + (uint32_t)(v - c->off);
		} else if (c->numeric) {
			double x = c->col->num[r];

			if (isnan(x))
				return NO_KEY;
			k = k * (uint32_t)c->nlevels + (uint32_t)(x - c->lo);
		} else {
			int32_t code = c->col->code[r];

			if (code < 0)
				return NO_KEY;
			k = k * (uint32_t)c->nlevels + (uint32_t)c->rank[code];
		}
	}
	return k;
}

/*
 * The whole-number range of a numeric column over all its n rows, found
 * once and kept in the column. 1 when every value is whole and the range
 * is known; 0 otherwise (the caller computes what it needs).
 */
static int column_range(const struct column *col, size_t n, double *lo, double *hi)
{
	struct column *c = (struct column *)col; /* the cache only */

	if (g_once_init_enter(&c->range_once)) {
		c->range_whole = whole_range(c, n, NULL, &c->range_lo, &c->range_hi);
		c->range_rows = n;
		g_once_init_leave(&c->range_once, 1);
	}
	if (c->range_rows != n || !c->range_whole)
		return 0;
	*lo = c->range_lo;
	*hi = c->range_hi;
	return 1;
}

/* The values of a column by group instead of the rows (table_group_values). */
struct group_values {
	const double *v;
	double *out;           /* the non-missing values of group gi, in row order, */
	size_t *vstart;        /* at out[vstart[gi] .. vstart[gi + 1]) */
};

static int direct_group(const struct table *t, const size_t *bycols, size_t nby,
			const unsigned char *keep, int want_rows, struct group_values *gv,
			struct groups *g, struct diag *d)
{
	struct direct_col dc[16];
	uint32_t *count = NULL, *cnm = NULL;
	size_t nkeys = 1, nk = 0, dropped = 0, n = t->nrows;
	int rc = 0;

	if (n == 0)
		return 0;
	memset(dc, 0, sizeof dc);
	for (size_t b = 0; b < nby; b++) {
		struct direct_col *c = &dc[b];

		c->col = &t->cols[bycols[b]];
		c->numeric = col_type_is_numeric(c->col->type);
		if (c->numeric) {
			double hi;

			/* the span of values is bounded by the rows: years, 0/1, codes;
			 * the range of all rows serves a selection too (levels
			 * without rows make no group) when it is narrow enough */
			if (!column_range(c->col, n, &c->lo, &hi) ||
			    (keep && (!(hi >= c->lo) || hi - c->lo >= (double)DIRECT_MAX_KEYS ||
				      hi - c->lo >= 4.0 * (double)(n + 1024)))) {
				if (!whole_range(c->col, n, keep, &c->lo, &hi))
					return 0;
			}
			if (!(hi >= c->lo)) {
				c->lo = 0;
				c->nlevels = 1; /* no value at all: every row dropped */
			} else if (hi - c->lo >= (double)DIRECT_MAX_KEYS ||
				   hi - c->lo >= 4.0 * (double)(n + 1024)) {
				return 0;
			} else {
				c->nlevels = (size_t)(hi - c->lo) + 1;
			}
			if (c->col->is_small) {
				c->small = c->col->small;
				c->off = hi >= c->lo ? (int32_t)(c->lo - c->col->small_base) : 0;
			}
		} else {
			c->nlevels = c->col->dict.n ? c->col->dict.n : 1;
		}
		if (nkeys > DIRECT_MAX_KEYS / c->nlevels || nkeys * c->nlevels > 4 * (n + 1024))
			return 0; /* too many combinations for a table */
		nkeys *= c->nlevels;
	}
	/* category levels: codes by rank in Turkish alphabetical order */
	for (size_t b = 0; b < nby; b++) {
		struct direct_col *c = &dc[b];
		struct coded *cd;
		size_t m = c->col->dict.n;

		if (c->numeric)
			continue;
		cd = g_new(struct coded, m ? m : 1);
		c->rank = g_new(int32_t, m ? m : 1);
		c->label = g_new(char *, m ? m : 1);
		for (size_t i = 0; i < m; i++) {
			cd[i].s = c->col->dict.values[i];
			cd[i].code = (int32_t)i;
		}
		qsort(cd, m, sizeof *cd, cmp_coded);
		for (size_t i = 0; i < m; i++) {
			c->rank[cd[i].code] = (int32_t)i;
			c->label[i] = (char *)cd[i].s;
		}
		g_free(cd);
	}
	/* the keys are computed twice (to count, then to place) rather than
	 * kept: an array of them would be as large as the rows */
	count = g_new0(uint32_t, nkeys);
	if (gv)
		cnm = g_new0(uint32_t, nkeys);
	for (size_t r = 0; r < n; r++) {
		uint32_t k;

		if (keep && !keep[r])
			continue;
		k = row_key(dc, nby, r);
		if (k != NO_KEY) {
			count[k]++;
			nk++;
			if (gv)
				cnm[k] += !isnan(gv->v[r]);
		} else {
			dropped++;
		}
	}
	if (nk == 0)
		goto out; /* rc = 0: the general path makes the empty result */
	/* groups: the keys with rows, in key order = level order */
	g->ngroups = 0;
	for (size_t k = 0; k < nkeys; k++)
		g->ngroups += count[k] != 0;
	g->rows = want_rows ? mem_array(nk, sizeof *g->rows) : NULL;
	if (want_rows && !g->rows) {
		rc = diag_set(d, DIAG_INTERNAL, "out of memory");
		goto out;
	}
	g->start = g_new(size_t, g->ngroups + 1);
	g->labels = g_new(char *, g->ngroups * nby);
	if (gv)
		gv->vstart = g_new(size_t, g->ngroups + 1);
	{
		size_t at = 0, gi = 0, vat = 0;

		for (size_t k = 0; k < nkeys; k++) {
			uint32_t c = count[k];

			if (!c)
				continue;
			g->start[gi] = at;
			if (gv) {
				uint32_t m = cnm[k];

				gv->vstart[gi] = vat;
				cnm[k] = (uint32_t)vat;
				vat += m;
			}
			for (size_t b = nby, rest = k; b-- > 0;) {
				size_t level = rest % dc[b].nlevels;

				/* + 0.0: no label "-0" */
				g->labels[gi * nby + b] =
					dc[b].numeric ? number_label(dc[b].lo + (double)level + 0.0)
						      : g_strdup(dc[b].label[level]);
				rest /= dc[b].nlevels;
			}
			count[k] = (uint32_t)at;
			at += c;
			gi++;
		}
		g->start[gi] = at;
		if (gv) {
			gv->vstart[gi] = vat;
			gv->out = mem_array(vat ? vat : 1, sizeof *gv->out);
			if (!gv->out) {
				rc = diag_set(d, DIAG_INTERNAL, "out of memory");
				goto out;
			}
		}
	}
	/* values into place, in row order within a key */
	for (size_t r = 0; gv && r < n; r++) {
		uint32_t k;
		double x;

		if (keep && !keep[r])
			continue;
		x = gv->v[r];
		if (isnan(x))
			continue;
		k = row_key(dc, nby, r);
		if (k != NO_KEY)
			gv->out[cnm[k]++] = x;
	}
	/* rows into place, in row order within a key */
	for (size_t r = 0; want_rows && r < n; r++) {
		uint32_t k;

		if (keep && !keep[r])
			continue;
		k = row_key(dc, nby, r);
		if (k != NO_KEY)
			g->rows[count[k]++] = (uint32_t)r;
	}
	g->dropped = dropped;
	rc = 1;
out:
	for (size_t b = 0; b < nby; b++) {
		g_free(dc[b].rank);
		g_free(dc[b].label);
	}
	g_free(count);
	g_free(cnm);
	return rc;
}

static int group_rows(const struct table *t, const size_t *bycols, size_t nby,
		      const unsigned char *keep, int want_rows, struct groups *g, struct diag *d)
{
	struct levels *lv = NULL;
	uint32_t *kept = NULL, *perm = NULL, *tmp = NULL;
	size_t nk = 0;
	int rc = -1;

	memset(g, 0, sizeof *g);
	g->nby = nby;
	if (nby > 16)
		return diag_set(d, DIAG_USAGE, "too many grouping columns (%zu; at most 16)", nby);
	if (t->nrows > UINT32_MAX)
		return diag_set(d, DIAG_DATA, "too many rows to group (%zu; at most %lu)", t->nrows,
				(unsigned long)UINT32_MAX);
	if (nby > 0) {
		int done = direct_group(t, bycols, nby, keep, want_rows, NULL, g, d);

		if (done < 0)
			groups_release(g);
		if (done)
			return done < 0 ? -1 : 0;
		memset(g, 0, sizeof *g);
		g->nby = nby;
	}
	/* the rows kept with a value in every by-column */
	kept = g_new(uint32_t, t->nrows ? t->nrows : 1);
	for (size_t r = 0; r < t->nrows; r++) {
		int missing = 0;

		if (keep && !keep[r])
			continue;
		for (size_t b = 0; b < nby && !missing; b++)
			missing = cell_missing(&t->cols[bycols[b]], r);
		if (missing) {
			g->dropped++;
			continue;
		}
		kept[nk++] = (uint32_t)r;
	}
	lv = g_new0(struct levels, nby ? nby : 1);
	for (size_t b = 0; b < nby; b++) {
		const struct column *col = &t->cols[bycols[b]];

		lv[b].of_kept = g_new(int32_t, nk ? nk : 1);
		if (col_type_is_numeric(col->type))
			numeric_levels(col, kept, nk, &lv[b]);
		else
			category_levels(col, kept, nk, &lv[b]);
	}
	/*
	 * Stable counting sorts of the kept rows by the last column first,
	 * then the one before, ...: ordered by the levels of the first column,
	 * then the second, ..., and by row within a group.
	 */
	perm = g_new(uint32_t, nk ? nk : 1);
	for (size_t i = 0; i < nk; i++)
		perm[i] = (uint32_t)i;
	if (nby > 0 && nk > 1) {
		tmp = g_new(uint32_t, nk);
		for (size_t b = nby; b-- > 0;)
			if (sort_perm_by_code(perm, tmp, nk, lv[b].of_kept, lv[b].n) < 0) {
				diag_set(d, DIAG_INTERNAL, "out of memory");
				goto out;
			}
	}
	g->rows = g_new(uint32_t, nk ? nk : 1);
	g->start = g_new(size_t, nk + 1);
	g->labels = NULL;
	for (size_t i = 0; i < nk; i++) {
		int fresh = i == 0;

		for (size_t b = 0; b < nby && !fresh; b++)
			fresh = lv[b].of_kept[perm[i]] != lv[b].of_kept[perm[i - 1]];
		if (fresh)
			g->start[g->ngroups++] = i;
		g->rows[i] = kept[perm[i]];
	}
	if (nk == 0 && nby == 0)
		g->start[g->ngroups++] = 0; /* one empty group of all rows */
	g->start[g->ngroups] = nk;
	if (nby) {
		g->labels = g_new(char *, g->ngroups * nby);
		for (size_t gi = 0; gi < g->ngroups; gi++) {
			uint32_t k = perm[g->start[gi]];

			for (size_t b = 0; b < nby; b++)
				g->labels[gi * nby + b] = g_strdup(lv[b].label[lv[b].of_kept[k]]);
		}
	}
	rc = 0;
out:
	for (size_t b = 0; b < nby; b++)
		levels_release(&lv[b]);
	g_free(lv);
	g_free(kept);
	g_free(perm);
	g_free(tmp);
	if (rc < 0)
		groups_release(g);
	return rc;
}

int table_group(const struct table *t, const size_t *bycols, size_t nby,
		const unsigned char *keep, struct groups *g, struct diag *d)
{
	return group_rows(t, bycols, nby, keep, 1, g, d);
}

int table_group_levels(const struct table *t, const size_t *bycols, size_t nby,
		       const unsigned char *keep, struct groups *g, struct diag *d)
{
	if (group_rows(t, bycols, nby, keep, 0, g, d) < 0)
		return -1;
	g_free(g->rows); /* the general path makes them anyway */
	g->rows = NULL;
	return 0;
}

int table_group_values(const struct table *t, const size_t *bycols, size_t nby,
		       const unsigned char *keep, const double *v, struct groups *g,
		       double **vals, size_t **vstart, struct diag *d)
{
	struct group_values gv = { v, NULL, NULL };

	*vals = NULL;
	*vstart = NULL;
	memset(g, 0, sizeof *g);
	g->nby = nby;
	if (nby > 0 && nby <= 16 && t->nrows <= UINT32_MAX) {
		int done = direct_group(t, bycols, nby, keep, 0, &gv, g, d);

		if (done) {
			if (done < 0) {
				groups_release(g);
				g_free(gv.out);
				g_free(gv.vstart);
				return -1;
			}
			*vals = gv.out;
			*vstart = gv.vstart;
			return 0;
		}
		g_free(gv.out);
		g_free(gv.vstart);
		memset(g, 0, sizeof *g);
	}
	/* the general path: the rows, then their values */
	if (table_group(t, bycols, nby, keep, g, d) < 0)
		return -1;
	*vals = groups_values(g, v, vstart);
	g_free(g->rows);
	g->rows = NULL;
	return 0;
}

double *groups_values(const struct groups *g, const double *v, size_t **vstart)
{
	double *vals = mem_new(g->start[g->ngroups] ? g->start[g->ngroups] : 1, sizeof *vals);
	size_t o = 0;

	*vstart = g_new(size_t, g->ngroups + 1);
	for (size_t gi = 0; gi < g->ngroups; gi++) {
		(*vstart)[gi] = o;
		for (size_t i = g->start[gi]; i < g->start[gi + 1]; i++)
			if (!isnan(v[g->rows[i]]))
				vals[o++] = v[g->rows[i]];
	}
	(*vstart)[g->ngroups] = o;
	return vals;
}

size_t groups_largest(const struct groups *g)
{
	size_t most = 0;

	for (size_t gi = 0; gi < g->ngroups; gi++)
		if (g->start[gi + 1] - g->start[gi] > most)
			most = g->start[gi + 1] - g->start[gi];
	return most;
}

void groups_release(struct groups *g)
{
	if (g->labels)
		for (size_t i = 0; i < g->ngroups * g->nby; i++)
			g_free(g->labels[i]);
	g_free(g->labels);
	g_free(g->rows);
	g_free(g->start);
	memset(g, 0, sizeof *g);
}
