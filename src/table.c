/* SPDX-License-Identifier: GPL-3.0-or-later */
/* table: columnar storage and string interning. */
#include "clusterbench/table.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/mem.h"

const char *col_type_name(enum col_type t)
{
	switch (t) {
	case COL_INTEGER:
		return "integer";
	case COL_NUMBER:
		return "number";
	case COL_CATEGORY:
		return "category";
	case COL_TEXT:
		return "text";
	}
	return "?";
}

int col_type_is_numeric(enum col_type t)
{
	return t == COL_INTEGER || t == COL_NUMBER;
}

void dict_init(struct dict *dc)
{
	memset(dc, 0, sizeof *dc);
}

void dict_release(struct dict *dc)
{
	if (dc->index)
		g_hash_table_destroy(dc->index);
	if (dc->chunk)
		g_string_chunk_free(dc->chunk);
	free(dc->values);
	memset(dc, 0, sizeof *dc);
}

int32_t dict_find(const struct dict *dc, const char *s)
{
	gpointer v;

	if (!dc->index)
		return -1;
	v = g_hash_table_lookup(dc->index, s);
	return v ? (int32_t)(GPOINTER_TO_SIZE(v) - 1) : -1;
}

int32_t dict_intern(struct dict *dc, const char *s)
{
	gpointer v;
	char *copy;

	if (!dc->index) {
		dc->index = g_hash_table_new(g_str_hash, g_str_equal);
		dc->chunk = g_string_chunk_new(4096);
	}
	v = g_hash_table_lookup(dc->index, s);
	if (v)
		return (int32_t)(GPOINTER_TO_SIZE(v) - 1);
	if (dc->n >= (size_t)INT32_MAX)
		return -1;
	if (dc->n == dc->cap) {
		size_t cap = dc->cap ? dc->cap * 2 : 16;
		const char **values = realloc(dc->values, cap * sizeof *values);

		if (!values)
			return -1;
		dc->values = values;
		dc->cap = cap;
	}
	copy = g_string_chunk_insert(dc->chunk, s);
	dc->values[dc->n] = copy;
	g_hash_table_insert(dc->index, copy, GSIZE_TO_POINTER(dc->n + 1));
	return (int32_t)dc->n++;
}

struct table *table_create(const char *source, struct diag *d)
{
	struct table *t = calloc(1, sizeof *t);

	if (!t) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		return NULL;
	}
	if (source && !(t->source = strdup(source))) {
		free(t);
		diag_set(d, DIAG_INTERNAL, "out of memory");
		return NULL;
	}
	return t;
}

void table_free(struct table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->cols[i].name);
		free(t->cols[i].num);
		free(t->cols[i].small);
		free(t->cols[i].code);
		dict_release(&t->cols[i].dict);
	}
	free(t->cols);
	free(t->line);
	free(t->source);
	for (size_t i = 0; i < t->nfile_cols; i++)
		free(t->file_cols[i]);
	free(t->file_cols);
	free(t);
}

char *table_column_list(const struct table *t)
{
	GString *list = g_string_new(NULL);

	size_t n = t->file_cols ? t->nfile_cols : t->ncols;

	for (size_t i = 0; i < n; i++)
		g_string_append_printf(list, "%s%s", i ? ", " : "",
				       t->file_cols ? t->file_cols[i] : t->cols[i].name);
	return g_string_free(list, FALSE);
}

static void *grow(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return realloc(p, n * size);
}

/* p resized from old_cap to cap elements of size bytes; with fill the new
 * ones are copies of *missing (in doubling blocks), else left unwritten.
 * NULL when out of memory (p unchanged). */
static void *grow_filled(void *p, size_t old_cap, size_t cap, size_t size, const void *missing,
			 int fill)
{
	unsigned char *a = mem_array_resize(p, old_cap * size, cap, size);

	if (a && fill && cap > old_cap) {
		unsigned char *f = a + old_cap * size;
		size_t n = (cap - old_cap) * size, done = size;

		memcpy(f, missing, size);
		while (done < n) {
			size_t k = done < n - done ? done : n - done;

			memcpy(f + done, f, k);
			done += k;
		}
	}
	return a;
}

/* fill: the new rows are missing; else left for the caller to write */
static int reserve_column(struct column *c, size_t old_cap, size_t cap, int fill)
{
	static const int32_t no_small = COL_SMALL_MISSING, no_code = -1;
	static const double no_num = NAN;
	void *a;

	if (c->is_small) {
		if (!(a = grow_filled(c->small, old_cap, cap, sizeof *c->small, &no_small, fill)))
			return -1;
		c->small = a;
	} else if (col_type_is_numeric(c->type)) {
		if (!(a = grow_filled(c->num, old_cap, cap, sizeof *c->num, &no_num, fill)))
			return -1;
		c->num = a;
	} else {
		if (!(a = grow_filled(c->code, old_cap, cap, sizeof *c->code, &no_code, fill)))
			return -1;
		c->code = a;
	}
	return 0;
}

int table_reserve(struct table *t, size_t rows, struct diag *d)
{
	size_t cap;

	if (rows <= t->cap)
		return 0;
	/* the first block: 1024 rows, fewer for a wide table (about a million
	 * cells), so that memory follows the input and not the column count */
	cap = t->cap ? t->cap : 1024;
	if (!t->cap && t->ncols > 1024)
		cap = (1u << 20) / t->ncols > 0 ? (1u << 20) / t->ncols : 1;
	while (cap < rows) {
		if (cap > SIZE_MAX / 2)
			return diag_set(d, DIAG_INTERNAL, "out of memory");
		cap *= 2;
	}
	return table_reserve_exact(t, cap, d);
}

static int reserve_exact(struct table *t, size_t cap, int fill, struct diag *d)
{
	uint64_t *line;

	if (cap <= t->cap)
		return 0;
	for (size_t i = 0; i < t->ncols; i++)
		if (reserve_column(&t->cols[i], t->cap, cap, fill) < 0)
			return diag_set(d, DIAG_INTERNAL, "out of memory");
	if (t->line) {
		line = mem_array_resize(t->line, t->cap * sizeof *line, cap, sizeof *line);
		if (!line)
			return diag_set(d, DIAG_INTERNAL, "out of memory");
		t->line = line;
	}
	t->cap = cap;
	return 0;
}

int table_reserve_exact(struct table *t, size_t cap, struct diag *d)
{
	return reserve_exact(t, cap, 1, d);
}

int table_reserve_unfilled(struct table *t, size_t cap, struct diag *d)
{
	return reserve_exact(t, cap, 0, d);
}

int table_set_line(struct table *t, size_t row, uint64_t line)
{
	if (t->line) {
		t->line[row] = line;
		return 0;
	}
	if (row == 0) {
		t->line_first = line;
		return 0;
	}
	if (t->line_first && line == t->line_first + row)
		return 0;
	/* a row that does not follow on: from here the lines are kept */
	t->line = mem_array(t->cap, sizeof *t->line);
	if (!t->line)
		return -1;
	for (size_t r = 0; r < row; r++)
		t->line[r] = t->line_first ? t->line_first + r : 0;
	t->line[row] = line;
	t->line_first = 0;
	return 0;
}

void table_fit(struct table *t)
{
	size_t n = t->nrows ? t->nrows : 1;

	if (n >= t->cap)
		return;
	for (size_t i = 0; i < t->ncols; i++) {
		struct column *c = &t->cols[i];
		void *p;

		/* realloc shrinks a large block where it is */
		if (c->is_small) {
			if (c->small && (p = realloc(c->small, n * sizeof *c->small)))
				c->small = p;
		} else if (col_type_is_numeric(c->type)) {
			if (c->num && (p = realloc(c->num, n * sizeof *c->num)))
				c->num = p;
		} else if (c->code && (p = realloc(c->code, n * sizeof *c->code))) {
			c->code = p;
		}
	}
	if (t->line) {
		void *p = realloc(t->line, n * sizeof *t->line);

		if (p)
			t->line = p;
	}
	t->cap = n;
}

int table_copy_lines(struct table *t, size_t row0, const struct table *u, uint64_t shift)
{
	if (!u->nrows)
		return 0;
	if (!t->line && !u->line && u->line_first &&
	    (row0 == 0 || (t->line_first && u->line_first + shift == t->line_first + row0))) {
		if (row0 == 0)
			t->line_first = u->line_first + shift;
		return 0;
	}
	for (size_t r = 0; r < u->nrows; r++)
		if (table_set_line(t, row0 + r, table_row_line(u, r) + shift) < 0)
			return -1;
	return 0;
}

long table_add_column(struct table *t, const char *name, enum col_type type, struct diag *d)
{
	struct column *cols, *c;

	/* capacity the next power of two: wide files add columns in linear
	 * time also where realloc copies (100 000 columns were 100 000 copies) */
	if ((t->ncols & (t->ncols - 1)) == 0) {
		cols = grow(t->cols, t->ncols ? 2 * t->ncols : 1, sizeof *cols);
		if (!cols) {
			diag_set(d, DIAG_INTERNAL, "out of memory");
			return -1;
		}
		t->cols = cols;
	}
	c = &t->cols[t->ncols];
	memset(c, 0, sizeof *c);
	c->type = type;
	dict_init(&c->dict);
	if (!(c->name = strdup(name)) || (t->cap && reserve_column(c, 0, t->cap, 1) < 0)) {
		free(c->name);
		free(c->num);
		free(c->code);
		diag_set(d, DIAG_INTERNAL, "out of memory");
		return -1;
	}
	return (long)t->ncols++;
}

int table_column_small(struct table *t, size_t ci, double base, struct diag *d)
{
	struct column *c = &t->cols[ci];

	if (c->type != COL_INTEGER || t->nrows || c->is_small)
		return diag_set(d, DIAG_INTERNAL, "column '%s' cannot become small", c->name);
	free(c->num);
	c->num = NULL;
	c->is_small = 1;
	c->small_base = base;
	if (t->cap && reserve_column(c, 0, t->cap, 1) < 0)
		return diag_set(d, DIAG_INTERNAL, "out of memory");
	return 0;
}

const double *table_num(const struct table *t, size_t ci)
{
	struct column *c = &t->cols[ci]; /* num is made once, as a cache */

	if (!c->is_small)
		return c->num;
	if (g_once_init_enter(&c->num_once)) {
		size_t n = t->nrows;
		double *v = mem_new(n ? n : 1, sizeof *v);

		for (size_t r = 0; r < n; r++)
			v[r] = column_value(c, r);
		c->num = v;
		g_once_init_leave(&c->num_once, 1);
	}
	return c->num;
}

long table_find(const struct table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return (long)i;
	return -1;
}

const char *table_cell_text(const struct table *t, size_t col, size_t row)
{
	const struct column *c;

	if (col >= t->ncols || row >= t->nrows)
		return NULL;
	c = &t->cols[col];
	if (col_type_is_numeric(c->type) || c->code[row] < 0)
		return NULL;
	return c->dict.values[c->code[row]];
}

unsigned long long table_row_line(const struct table *t, size_t row)
{
	if (row >= t->nrows)
		return 0;
	if (t->line)
		return t->line[row];
	return t->line_first ? t->line_first + row : 0;
}
