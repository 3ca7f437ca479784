/* SPDX-License-Identifier: GPL-3.0-or-later */
/* table_group: group-by indexes and Turkish alphabetical order. */
#include "clusterbench/table.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* Per by-column: the level of every row (-1 = missing) and level labels. */
struct levels {
	int32_t *of_row;
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
	g_free(lv->of_row);
}

static void levels_of(const struct table *t, const struct column *col, const unsigned char *keep,
		      struct levels *lv)
{
	lv->of_row = g_new(int32_t, t->nrows ? t->nrows : 1);
	if (!col_type_is_numeric(col->type)) {
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
		for (size_t r = 0; r < t->nrows; r++)
			lv->of_row[r] = col->code[r] < 0 ? -1 : rank[col->code[r]];
		g_free(cd);
		g_free(rank);
		return;
	}
	{
		/* distinct values of the kept rows, sorted (radix: no comparisons) */
		double *v = g_new(double, t->nrows ? t->nrows : 1);
		size_t n = 0, u = 0;

		for (size_t r = 0; r < t->nrows; r++)
			if ((!keep || keep[r]) && !isnan(col->num[r]))
				v[n++] = col->num[r] == 0 ? 0 : col->num[r];
		if (sort_doubles(v, n) < 0)
			stats_sort(v, n);
		for (size_t i = 0; i < n; i++)
			if (!u || v[i] != v[u - 1])
				v[u++] = v[i];
		lv->n = u;
		lv->label = g_new(char *, u ? u : 1);
		for (size_t i = 0; i < u; i++) {
			char buf[NUM_FORMAT_SIZE];

			num_format(v[i], buf, sizeof buf);
			lv->label[i] = g_strdup(buf);
		}
		for (size_t r = 0; r < t->nrows; r++) {
			double x = col->num[r];
			size_t lo = 0, hi = u;

			lv->of_row[r] = -1;
			if ((keep && !keep[r]) || isnan(x))
				continue;
			/* the last level found first: rows often repeat it */
			if (r > 0 && lv->of_row[r - 1] >= 0 && v[lv->of_row[r - 1]] == x) {
				lv->of_row[r] = lv->of_row[r - 1];
				continue;
			}
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (v[mid] < x)
					lo = mid + 1;
				else
					hi = mid;
			}
			lv->of_row[r] = (int32_t)lo;
		}
		g_free(v);
	}
}

int table_group(const struct table *t, const size_t *bycols, size_t nby,
		const unsigned char *keep, struct groups *g, struct diag *d)
{
	struct levels *lv = NULL;
	uint32_t *perm = NULL, *tmp = NULL;
	size_t nk = 0;
	int rc = -1;

	memset(g, 0, sizeof *g);
	g->nby = nby;
	if (nby > 16)
		return diag_set(d, DIAG_USAGE, "too many grouping columns (%zu; at most 16)", nby);
	lv = g_new0(struct levels, nby ? nby : 1);
	for (size_t b = 0; b < nby; b++)
		levels_of(t, &t->cols[bycols[b]], keep, &lv[b]);
	if (t->nrows > UINT32_MAX) {
		diag_set(d, DIAG_DATA, "too many rows to group (%zu; at most %lu)", t->nrows,
			 (unsigned long)UINT32_MAX);
		goto out;
	}
	perm = g_new(uint32_t, t->nrows ? t->nrows : 1);
	for (size_t r = 0; r < t->nrows; r++) {
		int missing = 0;

		if (keep && !keep[r])
			continue;
		for (size_t b = 0; b < nby; b++)
			if (lv[b].of_row[r] < 0) {
				missing = 1;
				break;
			}
		if (missing) {
			g->dropped++;
			continue;
		}
		perm[nk++] = (uint32_t)r;
	}
	/*
	 * Rows are in row order; stable counting sorts by the last column
	 * first, then the one before, ... leave them ordered by the levels of
	 * the first column, then the second, ..., and by row within a group.
	 */
	if (nby > 0 && nk > 1) {
		tmp = g_new(uint32_t, nk);
		for (size_t b = nby; b-- > 0;)
			if (sort_perm_by_code(perm, tmp, nk, lv[b].of_row, lv[b].n) < 0) {
				diag_set(d, DIAG_INTERNAL, "out of memory");
				goto out;
			}
	}
	g->rows = g_new(size_t, nk ? nk : 1);
	g->start = g_new(size_t, nk + 1);
	g->labels = NULL;
	for (size_t i = 0; i < nk; i++) {
		int fresh = i == 0;

		for (size_t b = 0; b < nby && !fresh; b++)
			fresh = lv[b].of_row[perm[i]] != lv[b].of_row[perm[i - 1]];
		if (fresh)
			g->start[g->ngroups++] = i;
		g->rows[i] = perm[i];
	}
	if (nk == 0 && nby == 0)
		g->start[g->ngroups++] = 0; /* one empty group of all rows */
	g->start[g->ngroups] = nk;
	if (nby) {
		g->labels = g_new(char *, g->ngroups * nby);
		for (size_t gi = 0; gi < g->ngroups; gi++) {
			size_t r = g->rows[g->start[gi]];

			for (size_t b = 0; b < nby; b++)
				g->labels[gi * nby + b] = g_strdup(lv[b].label[lv[b].of_row[r]]);
		}
	}
	rc = 0;
out:
	for (size_t b = 0; b < nby; b++)
		levels_release(&lv[b]);
	g_free(lv);
	g_free(perm);
	g_free(tmp);
	if (rc < 0)
		groups_release(g);
	return rc;
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
