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
		double x = col->num[kept[i]];

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
			lut[(size_t)(col->num[kept[i]] - lo)] = 1;
		lv->label = g_new(char *, span);
		for (size_t k = 0; k < span; k++)
			if (lut[k]) {
				lut[k] = (int32_t)u;
				/* + 0.0: no label "-0" */
				lv->label[u++] = number_label(lo + (double)k + 0.0);
			}
		lv->n = u;
		for (size_t i = 0; i < nk; i++)
			lv->of_kept[i] = lut[(size_t)(col->num[kept[i]] - lo)];
		g_free(lut);
		return;
	}
	{
		double *v = g_new(double, nk ? nk : 1);
		size_t u = 0;

		for (size_t i = 0; i < nk; i++) {
			double x = col->num[kept[i]];

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
			double x = col->num[kept[i]];
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
	return col_type_is_numeric(col->type) ? isnan(col->num[r]) : col->code[r] < 0;
}

/*
 * The direct path: every by-column maps its cells to level numbers through
 * a small table (category codes by rank; whole numbers in a narrow range by
 * value), the levels combine into one key per row, and one counting sort by
 * that key orders the rows. Three passes over the rows, no per-row scratch
 * but the output. Returns 1 when done, 0 when the columns do not fit (the
 * caller takes the general path), -1 on error.
 */
#define DIRECT_MAX_KEYS (1u << 22)

struct direct_col {
	const struct column *col;
	int numeric;
	double lo;             /* numeric: value of lut[0] */
	size_t span;           /* lut entries */
	int32_t *lut;          /* value or code -> level */
	size_t nlevels;
	char **label;          /* level -> label (borrowed from dict or owned) */
	int own_labels;
};

static int direct_group(const struct table *t, const size_t *bycols, size_t nby,
			const unsigned char *keep, struct groups *g, struct diag *d)
{
	struct direct_col dc[16];
	uint32_t *count = NULL;
	size_t nkeys = 1, nk = 0, dropped = 0;
	int rc = 0;

	memset(dc, 0, sizeof dc);
	for (size_t b = 0; b < nby; b++) {
		dc[b].col = &t->cols[bycols[b]];
		dc[b].numeric = col_type_is_numeric(dc[b].col->type);
		dc[b].lo = INFINITY;
	}
	/* pass 1: the rows kept, and the range of the numeric by-columns */
	{
		double hi[16];
		int whole = 1;

		for (size_t b = 0; b < nby; b++)
			hi[b] = -INFINITY;
		for (size_t r = 0; r < t->nrows; r++) {
			int missing = 0;

			if (keep && !keep[r])
				continue;
			for (size_t b = 0; b < nby && !missing; b++)
				missing = dc[b].numeric ? isnan(dc[b].col->num[r])
							: dc[b].col->code[r] < 0;
			if (missing) {
				dropped++;
				continue;
			}
			nk++;
			for (size_t b = 0; b < nby; b++)
				if (dc[b].numeric) {
					double x = dc[b].col->num[r];

					if (x < dc[b].lo)
						dc[b].lo = x;
					if (x > hi[b])
						hi[b] = x;
					whole &= x == floor(x);
				}
		}
		if (!whole || nk == 0)
			return 0;
		for (size_t b = 0; b < nby; b++) {
			double w = dc[b].numeric ? hi[b] - dc[b].lo : (double)dc[b].col->dict.n - 1;

			if (w >= (double)DIRECT_MAX_KEYS ||
			    (dc[b].numeric && w >= 4.0 * (double)(nk + 1024)))
				return 0;
			dc[b].span = (size_t)w + 1;
		}
	}
	/* level tables: ranks of category codes, present whole numbers */
	for (size_t b = 0; b < nby; b++) {
		struct direct_col *c = &dc[b];

		c->lut = g_new0(int32_t, c->span);
		if (!c->numeric) {
			struct coded *cd = g_new(struct coded, c->span);

			for (size_t i = 0; i < c->span; i++) {
				cd[i].s = c->col->dict.values[i];
				cd[i].code = (int32_t)i;
			}
			qsort(cd, c->span, sizeof *cd, cmp_coded);
			c->label = g_new(char *, c->span);
			for (size_t i = 0; i < c->span; i++) {
				c->lut[cd[i].code] = (int32_t)i;
				c->label[i] = (char *)cd[i].s;
			}
			c->nlevels = c->span;
			g_free(cd);
			continue;
		}
		for (size_t r = 0; r < t->nrows; r++) {
			double x = c->col->num[r];

			if (keep && !keep[r])
				continue;
			if (x >= c->lo && x - c->lo < (double)c->span) /* not NaN, in range */
				c->lut[(size_t)(x - c->lo)] = 1;
		}
		/* a value of a row dropped for another by-column may get a level
		 * of its own: no group has it, and the order is unchanged */
		c->own_labels = 1;
		c->label = g_new(char *, c->span);
		for (size_t k = 0; k < c->span; k++)
			if (c->lut[k]) {
				c->lut[k] = (int32_t)c->nlevels;
				/* + 0.0: no label "-0" */
				c->label[c->nlevels++] = number_label(c->lo + (double)k + 0.0);
			} else {
				c->lut[k] = -1;
			}
	}
	for (size_t b = 0; b < nby; b++) {
		if (nkeys > DIRECT_MAX_KEYS / (dc[b].nlevels ? dc[b].nlevels : 1) ||
		    nkeys * dc[b].nlevels > 4 * (nk + 1024))
			goto out; /* rc = 0: too many combinations for a table */
		nkeys *= dc[b].nlevels ? dc[b].nlevels : 1;
	}
	/* pass 2: rows per key */
	count = g_new0(uint32_t, nkeys + 1);
#define ROW_KEY(r, key, ok)                                                            \
	do {                                                                           \
		ok = !keep || keep[r];                                                 \
		key = 0;                                                               \
		for (size_t b_ = 0; b_ < nby && ok; b_++) {                            \
			const struct direct_col *c_ = &dc[b_];                         \
			int32_t l_;                                                    \
                                                                                       \
			if (c_->numeric) {                                             \
				double x_ = c_->col->num[r];                           \
                                                                                       \
				ok = x_ >= c_->lo && x_ - c_->lo < (double)c_->span;   \
				l_ = ok ? c_->lut[(size_t)(x_ - c_->lo)] : -1;         \
			} else {                                                       \
				l_ = c_->col->code[r];                                 \
				ok = l_ >= 0;                                          \
				l_ = ok ? c_->lut[l_] : -1;                            \
			}                                                              \
			key = key * c_->nlevels + (size_t)l_;                          \
		}                                                                      \
	} while (0)
	for (size_t r = 0; r < t->nrows; r++) {
		size_t key;
		int ok;

		ROW_KEY(r, key, ok);
		if (ok)
			count[key]++;
	}
	/* groups: the keys with rows, in key order = level order */
	g->ngroups = 0;
	for (size_t k = 0; k < nkeys; k++)
		g->ngroups += count[k] != 0;
	g->rows = g_new(size_t, nk);
	g->start = g_new(size_t, g->ngroups + 1);
	g->labels = nby ? g_new(char *, g->ngroups * nby) : NULL;
	{
		size_t at = 0, gi = 0;

		for (size_t k = 0; k < nkeys; k++) {
			uint32_t n = count[k];

			if (!n)
				continue;
			g->start[gi] = at;
			for (size_t b = nby, rest = k; b-- > 0;) {
				g->labels[gi * nby + b] = g_strdup(dc[b].label[rest % dc[b].nlevels]);
				rest /= dc[b].nlevels;
			}
			count[k] = (uint32_t)at;
			at += n;
			gi++;
		}
		g->start[gi] = at;
	}
	/* pass 3: rows into place, in row order within a key */
	for (size_t r = 0; r < t->nrows; r++) {
		size_t key;
		int ok;

		ROW_KEY(r, key, ok);
		if (ok)
			g->rows[count[key]++] = r;
	}
#undef ROW_KEY
	g->dropped = dropped;
	rc = 1;
out:
	for (size_t b = 0; b < nby; b++) {
		if (dc[b].own_labels)
			for (size_t i = 0; i < dc[b].nlevels; i++)
				g_free(dc[b].label[i]);
		g_free(dc[b].label);
		g_free(dc[b].lut);
	}
	g_free(count);
	(void)d;
	return rc;
}

int table_group(const struct table *t, const size_t *bycols, size_t nby,
		const unsigned char *keep, struct groups *g, struct diag *d)
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
		int done = direct_group(t, bycols, nby, keep, g, d);

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
	g->rows = g_new(size_t, nk ? nk : 1);
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
