/* SPDX-License-Identifier: GPL-3.0-or-later */
/* table: columnar data — numeric columns as double arrays, categories as codes. */
#ifndef CLUSTERBENCH_TABLE_H
#define CLUSTERBENCH_TABLE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "clusterbench/diag.h"

/* Column types. INTEGER and NUMBER are stored as double (NaN = missing);
 * integers are exact up to 2^53. CATEGORY and TEXT are stored as interned
 * codes (-1 = missing); TEXT is a category with (nearly) all values distinct,
 * a label for reports only. */
enum col_type { COL_INTEGER, COL_NUMBER, COL_CATEGORY, COL_TEXT };

/* Name of a type as reported to users ("integer", "number", ...). */
const char *col_type_name(enum col_type t);

/* True for INTEGER and NUMBER. */
int col_type_is_numeric(enum col_type t);

/*
 * An intern table of UTF-8 strings: each distinct string gets the next code
 * 0, 1, 2, ... in order of first appearance. The dict owns its strings.
 */
struct dict {
	void *index;          /* GHashTable: string -> code + 1 */
	void *chunk;          /* GStringChunk holding the strings */
	const char **values;  /* values[code], owned by chunk */
	size_t n, cap;
};

void dict_init(struct dict *dc);
void dict_release(struct dict *dc);
/* Code of s (NUL-terminated), adding it when new. Returns -1 on allocation
 * failure or when the dict would exceed INT32_MAX values. */
int32_t dict_intern(struct dict *dc, const char *s);
/* Code of s, or -1 when absent. */
int32_t dict_find(const struct dict *dc, const char *s);

struct column {
	char *name;          /* owned, NFC UTF-8 */
	enum col_type type;
	size_t missing;      /* number of missing cells */
	double *num;         /* numeric types: nrows values, NaN = missing (NULL in
			      * a small column until table_num makes it) */
	int32_t *code;       /* category types: nrows codes, -1 = missing */
	struct dict dict;    /* category types: the values */
	const char *unit;    /* unit from a schema (static string), or NULL */
	/* numeric: lowest and highest value and whether all are whole, found
	 * once for range_rows rows by the first grouping that asks (range_once
	 * guards it: analyses group in parallel) */
	size_t range_once, range_rows;
	double range_lo, range_hi;
	int range_whole;
	/* a small column (table_column_small): an integer column that keeps
	 * value - small_base in 4 bytes a row, COL_SMALL_MISSING when missing */
	int is_small;
	int32_t *small;
	double small_base;
	size_t num_once;     /* guards making num from small (table_num) */
};

#define COL_SMALL_MISSING INT32_MIN

/* Value of row r of a numeric column (NaN = missing), small or not. */
static inline double column_value(const struct column *col, size_t r)
{
	if (col->is_small) {
		int32_t v = col->small[r];

		return v == COL_SMALL_MISSING ? (double)NAN : col->small_base + (double)v;
	}
	return col->num[r];
}

/*
 * A table of nrows rows and ncols columns. `line` holds the physical line of
 * the input where each row starts (for messages), or is NULL.
 */
struct table {
	size_t nrows, ncols;
	size_t cap;              /* rows allocated in every column */
	struct column *cols;
	uint64_t *line;          /* NULL while every row is on the line after the last */
	uint64_t line_first;     /* when line is NULL: row r is on line line_first + r
				  * (0 = unknown) */
	char *source;            /* input name for messages (owned), or NULL */
	char **file_cols;        /* every column name of the input in file order, when
				  * some were not loaded (owned), else NULL */
	size_t nfile_cols;
};

/* Allocates an empty table with no columns. Returns NULL on failure (diag). */
struct table *table_create(const char *source, struct diag *d);
/* Frees the table and everything it owns. NULL is fine. */
void table_free(struct table *t);

/* Adds a column of the given type with no rows yet (only while nrows == 0
 * or to fill in later with table_column_resize semantics). Returns its index
 * or -1 (diag). */
long table_add_column(struct table *t, const char *name, enum col_type type, struct diag *d);

/* Makes integer column ci (still without rows) a small column whose
 * values lie in [base, base + 2^31 - 2]: the caller guarantees the range,
 * as a schema's bounds do. Returns 0, or -1 (diag). */
int table_column_small(struct table *t, size_t ci, double base, struct diag *d);
/* The values of numeric column ci as nrows doubles (NaN = missing). A
 * small column makes them once, on the first call, for the rows the table
 * has then (tables do not grow once loaded; thread-safe; aborts with a
 * message when out of memory, as g_new does). */
const double *table_num(const struct table *t, size_t ci);

/* Makes room for at least `rows` rows in every column (and `line`),
 * doubling the capacity; _exact makes room for exactly `rows`. */
int table_reserve(struct table *t, size_t rows, struct diag *d);
int table_reserve_exact(struct table *t, size_t rows, struct diag *d);
/* table_reserve_exact with the new rows left unwritten (not missing): for
 * a caller that writes every column of every row it adds, such as the
 * merge of the parallel loader, so that the pages are first touched by
 * that write and not all at once here. */
int table_reserve_unfilled(struct table *t, size_t rows, struct diag *d);
/* Records that row `row` (the next one, below cap) starts on input line
 * `line`. While each row is on the line after the one before, no array is
 * kept; the first that is not makes it. -1 when out of memory. */
int table_set_line(struct table *t, size_t row, uint64_t line);
/* table_set_line for rows row0.. of the lines of u's rows plus shift (u's
 * rows appended to t); rows that follow on one per line cost nothing. */
int table_copy_lines(struct table *t, size_t row0, const struct table *u, uint64_t shift);
/* Gives back the capacity beyond nrows (after loading; never fails: a
 * block that cannot shrink stays as it is). */
void table_fit(struct table *t);

/* Index of the column called name (exact, NFC), or -1. */
long table_find(const struct table *t, const char *name);

/* Text of a category cell, or NULL when missing or not a category column. */
const char *table_cell_text(const struct table *t, size_t col, size_t row);

/* "a, b, c": the names of every column of the input in file order, loaded
 * or not (g_free it). */
char *table_column_list(const struct table *t);

/* Physical line of row (0 when unknown). */
unsigned long long table_row_line(const struct table *t, size_t row);



/* ------------------------------------------------------------ ordering */

/*
 * Compares two UTF-8 strings in Turkish alphabetical order (a b c ç d e f g
 * ğ h ı i j k l m n o ö p r s ş t u ü v y z; case-insensitive first, then
 * by bytes so the order is total). Independent of the C locale.
 */
int text_collate(const char *a, const char *b);

/* ------------------------------------------------------------ filters */

/*
 * A parsed --where expression: conditions joined by `and`:
 *   COL == V, COL != V, COL < V, COL <= V, COL > V, COL >= V,
 *   COL in (V, V, ...), COL not in (V, ...)
 * Values are numbers, bare words or quoted strings ("..." or '...');
 * column names may be quoted the same way.
 */
struct where;

/* Parses expr. On a syntax error returns NULL with a DIAG_USAGE error whose
 * message names the problem and *errpos the byte position in expr. */
struct where *where_parse(const char *expr, size_t *errpos, struct diag *d);
void where_free(struct where *w);

/*
 * Evaluates w on every row of t: keep[r] = 1 when row r satisfies every
 * condition. Missing cells never satisfy a condition (also not !=).
 * Unknown columns are DIAG_USAGE errors listing the columns; a category
 * value that never occurs in its column, or a non-number compared with a
 * numeric column, is a DIAG_USAGE error naming the value; < <= > >= on a
 * category column is DIAG_USAGE. Returns the number of rows kept, or -1.
 */
long where_eval(const struct where *w, const struct table *t, unsigned char *keep,
		struct diag *d);

/* ------------------------------------------------------------ groups */

/*
 * Rows grouped by the values of one or more columns. Groups are ordered by
 * the by-columns in turn: numbers ascending, categories in Turkish
 * alphabetical order (text_collate). Rows keep their file order within a
 * group. rows[start[g] .. start[g+1]) are the rows of group g.
 */
struct groups {
	size_t ngroups, nby;
	size_t *start;        /* ngroups + 1 offsets into rows */
	uint32_t *rows;      /* row numbers (tables hold at most UINT32_MAX rows to group) */
	char **labels;        /* ngroups * nby labels: label of group g, column b
			       * at labels[g * nby + b]; numbers as shortest text */
	size_t dropped;       /* rows left out because a by-value was missing */
};

/*
 * Groups the rows with keep[r] != 0 (all rows when keep is NULL) by the
 * columns bycols[0..nby). nby = 0 gives one group of all kept rows with no
 * labels. Returns 0, or -1 with d set (out of memory, too many groups).
 */
int table_group(const struct table *t, const size_t *bycols, size_t nby,
		const unsigned char *keep, struct groups *g, struct diag *d);
/* The same groups without their rows (rows = NULL): the levels, the
 * labels and the sizes (start) at a fraction of the memory. */
int table_group_levels(const struct table *t, const size_t *bycols, size_t nby,
		       const unsigned char *keep, struct groups *g, struct diag *d);
/*
 * table_group without the rows: instead, the non-missing values of v (a
 * numeric column's nrows values) of group gi in row order, at
 * (*vals)[(*vstart)[gi] .. (*vstart)[gi + 1]) (caller frees both and
 * releases g, whose rows are NULL). The same groups as table_group.
 */
int table_group_values(const struct table *t, const size_t *bycols, size_t nby,
		       const unsigned char *keep, const double *v, struct groups *g,
		       double **vals, size_t **vstart, struct diag *d);
/* The non-missing values of v for the rows of each group of g, as
 * table_group_values gives them (caller frees both). */
double *groups_values(const struct groups *g, const double *v, size_t **vstart);
/* The number of rows of the largest group of g (0 without groups). */
size_t groups_largest(const struct groups *g);
void groups_release(struct groups *g);
#endif
