/* SPDX-License-Identifier: GPL-3.0-or-later */
/* table: columnar data — numeric columns as double arrays, categories as codes. */
#ifndef CLUSTERBENCH_TABLE_H
#define CLUSTERBENCH_TABLE_H

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
	double *num;         /* numeric types: nrows values, NaN = missing */
	int32_t *code;       /* category types: nrows codes, -1 = missing */
	struct dict dict;    /* category types: the values */
};

/*
 * A table of nrows rows and ncols columns. `line` holds the physical line of
 * the input where each row starts (for messages), or is NULL.
 */
struct table {
	size_t nrows, ncols;
	size_t cap;              /* rows allocated in every column */
	struct column *cols;
	uint64_t *line;
	char *source;            /* input name for messages (owned), or NULL */
};

/* Allocates an empty table with no columns. Returns NULL on failure (diag). */
struct table *table_create(const char *source, struct diag *d);
/* Frees the table and everything it owns. NULL is fine. */
void table_free(struct table *t);

/* Adds a column of the given type with no rows yet (only while nrows == 0
 * or to fill in later with table_column_resize semantics). Returns its index
 * or -1 (diag). */
long table_add_column(struct table *t, const char *name, enum col_type type, struct diag *d);

/* Makes room for at least `rows` rows in every column (and `line`). */
int table_reserve(struct table *t, size_t rows, struct diag *d);

/* Index of the column called name (exact, NFC), or -1. */
long table_find(const struct table *t, const char *name);

/* Text of a category cell, or NULL when missing or not a category column. */
const char *table_cell_text(const struct table *t, size_t col, size_t row);

/* Physical line of row (0 when unknown). */
unsigned long long table_row_line(const struct table *t, size_t row);

#endif
