/* SPDX-License-Identifier: GPL-3.0-or-later */
/* result: result sets and tables in memory, with sticky failure status. */
#include "clusterbench/result.h"

#include <glib.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum status { ST_OK = 0, ST_NOMEM = 1, ST_MISUSE = 2 };

#define ERR_MAX 256

/* One cell; the column's type says which member is used. */
struct cell {
	union {
		char *s;
		double v;
		long long i;
	} u;
	unsigned char present;
};

struct rcol {
	char *name;
	enum rtype type;
	struct cell *cells; /* cap entries; rows >= nrows are missing */
	size_t cap;
};

struct result_table {
	char *name;
	struct rcol *cols;
	size_t ncols, capcols;
	size_t nrows;
	char **notes;
	size_t nnotes, capnotes;
	enum status status;
	char err[ERR_MAX];
};

struct prov {
	char *key;
	enum rtype type; /* RT_TEXT, RT_NUMBER or RT_INTEGER */
	char *text;
	double num;
	long long ival;
};

struct result_set {
	struct result_table **tables;
	size_t n, cap;
	struct warnings warnings;
	struct prov *prov;
	size_t nprov, capprov;
	enum status status;
	char err[ERR_MAX];
};

/* ---- helpers --------------------------------------------------------- */

/* Grows the array p (holding *cap elements of `size` bytes) to at least
 * `need` elements, zeroing the new ones, and returns it (maybe moved); NULL
 * on overflow or OOM, p then unchanged. need must be at least 1. */
static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 8;
	void *q;

	if (need <= *cap)
		return p;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return NULL;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / size)
		return NULL;
	q = realloc(p, ncap * size);
	if (!q)
		return NULL;
	memset((char *)q + *cap * size, 0, (ncap - *cap) * size);
	*cap = ncap;
	return q;
}


/* Copy of s with every invalid UTF-8 sequence replaced by U+FFFD, so that
 * writers and g_utf8_strlen only ever see valid UTF-8. NULL on OOM. */
static char *dup_utf8(const char *s)
{
	static const char repl[] = "\xEF\xBF\xBD";
	size_t len = strlen(s);
	const char *p = s, *end;
	char *out, *o;

	if (g_utf8_validate(s, (gssize)len, NULL)) {
		out = malloc(len + 1);
		if (out)
			memcpy(out, s, len + 1);
		return out;
	}
	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	out = malloc(3 * len + 1); /* each bad byte becomes at most 3 bytes */
	if (!out)
		return NULL;
	o = out;
	while (*p) {
		size_t rest = strlen(p);

		if (g_utf8_validate(p, (gssize)rest, &end)) {
			memcpy(o, p, rest);
			o += rest;
			break;
		}
		memcpy(o, p, (size_t)(end - p));
		o += end - p;
		memcpy(o, repl, 3);
		o += 3;
		p = end + 1;
	}
	*o = '\0';
	return out;
}

static void table_fail(struct result_table *t, enum status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void table_fail(struct result_table *t, enum status st, const char *fmt, ...)
{
	va_list ap;

	if (!t || t->status != ST_OK)
		return;
	t->status = st;
	va_start(ap, fmt);
	vsnprintf(t->err, sizeof t->err, fmt, ap);
	va_end(ap);
}

static void table_nomem(struct result_table *t)
{
	table_fail(t, ST_NOMEM, "out of memory");
}

static void set_fail(struct result_set *rs, enum status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_fail(struct result_set *rs, enum status st, const char *fmt, ...)
{
	va_list ap;

	if (!rs || rs->status != ST_OK)
		return;
	rs->status = st;
	va_start(ap, fmt);
	vsnprintf(rs->err, sizeof rs->err, fmt, ap);
	va_end(ap);
}

/* ---- sets ------------------------------------------------------------ */

struct result_set *result_set_create(void)
{
	struct result_set *rs = calloc(1, sizeof *rs);

	if (rs)
		warnings_init(&rs->warnings);
	return rs;
}

static void table_free(struct result_table *t)
{
	if (!t)
		return;
	for (size_t c = 0; c < t->ncols; c++) {
		struct rcol *col = &t->cols[c];

		if (col->type == RT_TEXT)
			for (size_t r = 0; r < col->cap; r++)
				free(col->cells[r].u.s);
		free(col->cells);
		free(col->name);
	}
	free(t->cols);
	for (size_t i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	free(t->notes);
	free(t->name);
	free(t);
}

void result_set_free(struct result_set *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++)
		table_free(rs->tables[i]);
	free(rs->tables);
	for (size_t i = 0; i < rs->nprov; i++) {
		free(rs->prov[i].key);
		free(rs->prov[i].text);
	}
	free(rs->prov);
	warnings_release(&rs->warnings);
	free(rs);
}

struct result_table *result_set_add(struct result_set *rs, const char *name)
{
	struct result_table *t, **tables;

	if (!rs)
		return NULL;
	if (!name || !*name) {
		set_fail(rs, ST_MISUSE, "result table without a name");
		return NULL;
	}
	if (result_set_find(rs, name)) {
		set_fail(rs, ST_MISUSE, "result table '%s' added twice", name);
		return NULL;
	}
	tables = grow(rs->tables, &rs->cap, rs->n + 1, sizeof *rs->tables);
	if (!tables)
		goto nomem;
	rs->tables = tables;
	t = calloc(1, sizeof *t);
	if (!t)
		goto nomem;
	t->name = dup_utf8(name);
	if (!t->name) {
		free(t);
		goto nomem;
	}
	rs->tables[rs->n++] = t;
	return t;
nomem:
	set_fail(rs, ST_NOMEM, "out of memory");
	return NULL;
}

struct result_table *result_set_find(const struct result_set *rs, const char *name)
{
	if (!rs || !name)
		return NULL;
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->tables[i]->name, name) == 0)
			return rs->tables[i];
	return NULL;
}

size_t result_set_count(const struct result_set *rs)
{
	return rs ? rs->n : 0;
}

struct result_table *result_set_table(const struct result_set *rs, size_t i)
{
	return rs && i < rs->n ? rs->tables[i] : NULL;
}

struct warnings *result_set_warnings(struct result_set *rs)
{
	return rs ? &rs->warnings : NULL;
}

/* The provenance entry for key (new at the end when absent), or NULL after
 * marking the set failed. */
static struct prov *prov_slot(struct result_set *rs, const char *key)
{
	struct prov *p;

	if (!key || !*key) {
		set_fail(rs, ST_MISUSE, "provenance entry without a key");
		return NULL;
	}
	for (size_t i = 0; i < rs->nprov; i++)
		if (strcmp(rs->prov[i].key, key) == 0)
			return &rs->prov[i];
	p = grow(rs->prov, &rs->capprov, rs->nprov + 1, sizeof *rs->prov);
	if (!p)
		goto nomem;
	rs->prov = p;
	p = &rs->prov[rs->nprov];
	memset(p, 0, sizeof *p);
	p->key = dup_utf8(key);
	if (!p->key)
		goto nomem;
	rs->nprov++;
	return p;
nomem:
	set_fail(rs, ST_NOMEM, "out of memory");
	return NULL;
}

int result_set_provenance(struct result_set *rs, const char *key, const char *value)
{
	struct prov *p;
	char *copy;

	if (!rs)
		return -1;
	if (!value) {
		set_fail(rs, ST_MISUSE, "provenance '%s' without a value", key ? key : "");
		return -1;
	}
	copy = dup_utf8(value);
	if (!copy) {
		set_fail(rs, ST_NOMEM, "out of memory");
		return -1;
	}
	p = prov_slot(rs, key);
	if (!p) {
		free(copy);
		return -1;
	}
	free(p->text);
	p->text = copy;
	p->type = RT_TEXT;
	return 0;
}

int result_set_provenance_num(struct result_set *rs, const char *key, double v)
{
	struct prov *p = rs ? prov_slot(rs, key) : NULL;

	if (!p)
		return -1;
	free(p->text);
	p->text = NULL;
	p->type = RT_NUMBER;
	p->num = v;
	return 0;
}

int result_set_provenance_int(struct result_set *rs, const char *key, long long v)
{
	struct prov *p = rs ? prov_slot(rs, key) : NULL;

	if (!p)
		return -1;
	free(p->text);
	p->text = NULL;
	p->type = RT_INTEGER;
	p->ival = v;
	return 0;
}

size_t result_provenance_count(const struct result_set *rs)
{
	return rs ? rs->nprov : 0;
}

const char *result_provenance_key(const struct result_set *rs, size_t i)
{
	return rs && i < rs->nprov ? rs->prov[i].key : NULL;
}

enum rtype result_provenance_type(const struct result_set *rs, size_t i)
{
	return rs && i < rs->nprov ? rs->prov[i].type : RT_TEXT;
}

const char *result_provenance_text(const struct result_set *rs, size_t i)
{
	return rs && i < rs->nprov && rs->prov[i].type == RT_TEXT ? rs->prov[i].text : NULL;
}

double result_provenance_number(const struct result_set *rs, size_t i)
{
	if (!rs || i >= rs->nprov)
		return NAN;
	if (rs->prov[i].type == RT_NUMBER)
		return rs->prov[i].num;
	if (rs->prov[i].type == RT_INTEGER)
		return (double)rs->prov[i].ival;
	return NAN;
}

long long result_provenance_integer(const struct result_set *rs, size_t i)
{
	return rs && i < rs->nprov && rs->prov[i].type == RT_INTEGER ? rs->prov[i].ival : 0;
}

int result_set_check(const struct result_set *rs, struct diag *d)
{
	if (!rs)
		return diag_set(d, DIAG_INTERNAL, "no result set");
	if (rs->status != ST_OK)
		return diag_set(d, DIAG_INTERNAL, "%s", rs->err);
	for (size_t i = 0; i < rs->n; i++)
		if (result_table_check(rs->tables[i], d) < 0)
			return -1;
	return 0;
}

/* ---- tables ---------------------------------------------------------- */

const char *result_table_name(const struct result_table *t)
{
	return t ? t->name : NULL;
}

int result_table_check(const struct result_table *t, struct diag *d)
{
	if (!t)
		return diag_set(d, DIAG_INTERNAL, "no result table");
	if (t->status != ST_OK)
		return diag_set(d, DIAG_INTERNAL, "%s", t->err);
	return 0;
}

long result_add_column(struct result_table *t, const char *name, enum rtype type)
{
	struct rcol *col, *cols;
	struct cell *cells;
	size_t cap;

	if (!t)
		return -1;
	if (!name || !*name) {
		table_fail(t, ST_MISUSE, "result table '%s': column without a name", t->name);
		return -1;
	}
	if (type != RT_TEXT && type != RT_NUMBER && type != RT_INTEGER && type != RT_PVALUE) {
		table_fail(t, ST_MISUSE, "result table '%s': column '%s' of unknown type %d",
			   t->name, name, (int)type);
		return -1;
	}
	if (result_find_column(t, name) >= 0) {
		table_fail(t, ST_MISUSE, "result table '%s': column '%s' added twice", t->name,
			   name);
		return -1;
	}
	cols = t->ncols < (size_t)LONG_MAX
		       ? grow(t->cols, &t->capcols, t->ncols + 1, sizeof *t->cols)
		       : NULL;
	if (!cols) {
		table_nomem(t);
		return -1;
	}
	t->cols = cols;
	col = &t->cols[t->ncols];
	memset(col, 0, sizeof *col);
	cap = 0;
	cells = grow(NULL, &cap, t->nrows ? t->nrows : 1, sizeof *cells);
	col->name = dup_utf8(name);
	if (!cells || !col->name) {
		free(cells);
		free(col->name);
		col->name = NULL;
		table_nomem(t);
		return -1;
	}
	col->cells = cells;
	col->cap = cap;
	col->type = type;
	return (long)t->ncols++;
}

long result_find_column(const struct result_table *t, const char *name)
{
	if (!t || !name)
		return -1;
	for (size_t c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c].name, name) == 0)
			return (long)c;
	return -1;
}

size_t result_add_row(struct result_table *t)
{
	if (!t)
		return SIZE_MAX;
	if (t->nrows >= SIZE_MAX - 1) {
		table_nomem(t);
		return SIZE_MAX;
	}
	/* Each column keeps its own capacity, so a failure half-way leaves the
	 * columns that did grow in a consistent state. */
	for (size_t c = 0; c < t->ncols; c++) {
		struct rcol *col = &t->cols[c];
		struct cell *cells = grow(col->cells, &col->cap, t->nrows + 1, sizeof *cells);

		if (!cells) {
			table_nomem(t);
			return SIZE_MAX;
		}
		col->cells = cells;
	}
	return t->nrows++;
}

/* The cell at (row, col), or NULL after marking the table failed. */
static struct cell *cell_at(struct result_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols) {
		table_fail(t, ST_MISUSE,
			   "result table '%s': cell (row %zu, column %zu) out of range (table is %zu x %zu)",
			   t->name, row, col, t->nrows, t->ncols);
		return NULL;
	}
	return &t->cols[col].cells[row];
}

static const char *type_name(enum rtype type)
{
	switch (type) {
	case RT_TEXT:
		return "text";
	case RT_NUMBER:
		return "number";
	case RT_INTEGER:
		return "integer";
	case RT_PVALUE:
		return "p-value";
	}
	return "unknown";
}

static void wrong_type(struct result_table *t, size_t col, const char *what)
{
	table_fail(t, ST_MISUSE, "result table '%s': %s set in %s column '%s'", t->name, what,
		   type_name(t->cols[col].type), t->cols[col].name);
}

void result_set_text(struct result_table *t, size_t row, size_t col, const char *s)
{
	struct cell *c;
	char *copy = NULL;

	if (!t || !(c = cell_at(t, row, col)))
		return;
	if (t->cols[col].type != RT_TEXT) {
		if (s)
			wrong_type(t, col, "text");
		else
			result_set_missing(t, row, col);
		return;
	}
	if (s) {
		copy = dup_utf8(s);
		if (!copy) {
			table_nomem(t);
			return;
		}
	}
	free(c->u.s);
	c->u.s = copy;
	c->present = copy != NULL;
}

void result_set_number(struct result_table *t, size_t row, size_t col, double v)
{
	struct cell *c;

	if (!t || !(c = cell_at(t, row, col)))
		return;
	switch (t->cols[col].type) {
	case RT_NUMBER:
	case RT_PVALUE:
		c->present = isfinite(v) != 0;
		c->u.v = c->present ? v : NAN;
		return;
	case RT_INTEGER:
		if (!isfinite(v)) {
			c->present = 0;
			c->u.i = 0;
		} else if (v == trunc(v) && v >= -0x1p63 && v < 0x1p63) {
			c->present = 1;
			c->u.i = (long long)v;
		} else {
			table_fail(t, ST_MISUSE,
				   "result table '%s': column '%s': %.17g is not an integer",
				   t->name, t->cols[col].name, v);
		}
		return;
	case RT_TEXT:
		break;
	}
	wrong_type(t, col, "a number");
}

void result_set_integer(struct result_table *t, size_t row, size_t col, long long v)
{
	struct cell *c;

	if (!t || !(c = cell_at(t, row, col)))
		return;
	switch (t->cols[col].type) {
	case RT_INTEGER:
		c->present = 1;
		c->u.i = v;
		return;
	case RT_NUMBER:
	case RT_PVALUE:
		c->present = 1;
		c->u.v = (double)v;
		return;
	case RT_TEXT:
		break;
	}
	wrong_type(t, col, "an integer");
}

void result_set_missing(struct result_table *t, size_t row, size_t col)
{
	struct cell *c;

	if (!t || !(c = cell_at(t, row, col)))
		return;
	if (t->cols[col].type == RT_TEXT) {
		free(c->u.s);
		c->u.s = NULL;
	} else {
		memset(&c->u, 0, sizeof c->u);
	}
	c->present = 0;
}

void result_table_note(struct result_table *t, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	char *text, *clean, **notes;
	int n;

	if (!t)
		return;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		table_fail(t, ST_MISUSE, "result table '%s': bad note format", t->name);
		return;
	}
	text = small;
	if ((size_t)n >= sizeof small) {
		text = malloc((size_t)n + 1);
		if (!text) {
			table_nomem(t);
			return;
		}
		va_start(ap, fmt);
		vsnprintf(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	clean = dup_utf8(text);
	if (text != small)
		free(text);
	notes = clean ? grow(t->notes, &t->capnotes, t->nnotes + 1, sizeof *notes) : NULL;
	if (!notes) {
		free(clean);
		table_nomem(t);
		return;
	}
	t->notes = notes;
	t->notes[t->nnotes++] = clean;
}

size_t result_note_count(const struct result_table *t)
{
	return t ? t->nnotes : 0;
}

const char *result_note(const struct result_table *t, size_t i)
{
	return t && i < t->nnotes ? t->notes[i] : NULL;
}

/* ---- accessors ------------------------------------------------------- */

size_t result_rows(const struct result_table *t)
{
	return t ? t->nrows : 0;
}

size_t result_cols(const struct result_table *t)
{
	return t ? t->ncols : 0;
}

const char *result_col_name(const struct result_table *t, size_t col)
{
	return t && col < t->ncols ? t->cols[col].name : NULL;
}

enum rtype result_col_type(const struct result_table *t, size_t col)
{
	return t && col < t->ncols ? t->cols[col].type : RT_TEXT;
}

/* The present cell at (row, col), or NULL (missing or out of range). */
static const struct cell *get(const struct result_table *t, size_t row, size_t col)
{
	const struct cell *c;

	if (!t || row >= t->nrows || col >= t->ncols)
		return NULL;
	c = &t->cols[col].cells[row];
	return c->present ? c : NULL;
}

int result_is_missing(const struct result_table *t, size_t row, size_t col)
{
	return get(t, row, col) == NULL;
}

const char *result_get_text(const struct result_table *t, size_t row, size_t col)
{
	const struct cell *c = get(t, row, col);

	return c && t->cols[col].type == RT_TEXT ? c->u.s : NULL;
}

double result_get_number(const struct result_table *t, size_t row, size_t col)
{
	const struct cell *c = get(t, row, col);

	if (!c)
		return NAN;
	switch (t->cols[col].type) {
	case RT_NUMBER:
	case RT_PVALUE:
		return c->u.v;
	case RT_INTEGER:
		return (double)c->u.i;
	case RT_TEXT:
		break;
	}
	return NAN;
}

int result_get_integer(const struct result_table *t, size_t row, size_t col, long long *out)
{
	const struct cell *c = get(t, row, col);

	if (!c || t->cols[col].type != RT_INTEGER) {
		*out = 0;
		return -1;
	}
	*out = c->u.i;
	return 0;
}

/* ---- formatting for reading ------------------------------------------ */

/* Removes trailing zeros after a decimal point (and the point itself) from
 * the digits in buf[0, len) - used only on texts without an exponent. */
static size_t trim_zeros(char *buf, size_t len)
{
	if (!memchr(buf, '.', len))
		return len;
	while (len > 0 && buf[len - 1] == '0')
		len--;
	if (len > 0 && buf[len - 1] == '.')
		len--;
	buf[len] = '\0';
	return len;
}

/* Copies the finished text in tmp to buf as snprintf would. */
static size_t put_out(const char *tmp, size_t len, char *buf, size_t size)
{
	if (size > 0) {
		size_t n = len < size ? len : size - 1;

		memcpy(buf, tmp, n);
		buf[n] = '\0';
	}
	return len;
}

size_t result_format_number(double x, char *buf, size_t size)
{
	char tmp[RESULT_NUM_SIZE + 320]; /* %.0f of up to 1e9 is short; %e too */
	double ax = fabs(x);
	size_t len;
	int n;

	if (!isfinite(x))
		return put_out("NA", 2, buf, size);
	if (x == 0)
		return put_out("0", 1, buf, size);
	n = snprintf(tmp, sizeof tmp, "%.3e", x);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return put_out("NA", 2, buf, size);
	if (ax >= 1e-4 && ax < 1e9) {
		/* The exponent of the value rounded to 4 significant digits fixes
		 * the number of decimals: 9999.6 -> 1.000e+04 -> none. */
		int e = atoi(strchr(tmp, 'e') + 1);
		int decimals = e >= 3 ? 0 : 3 - e;

		n = snprintf(tmp, sizeof tmp, "%.*f", decimals, x);
		if (n < 0 || (size_t)n >= sizeof tmp)
			return put_out("NA", 2, buf, size);
		len = trim_zeros(tmp, (size_t)n);
	} else {
		/* Trim the mantissa: "1.200e-07" -> "1.2e-07". */
		char *e = strchr(tmp, 'e');
		char exp[16];
		size_t m = (size_t)(e - tmp);

		snprintf(exp, sizeof exp, "%s", e);
		m = trim_zeros(tmp, m);
		len = m + strlen(exp);
		memcpy(tmp + m, exp, strlen(exp) + 1);
	}
	return put_out(tmp, len, buf, size);
}

size_t result_format_pvalue(double p, char *buf, size_t size)
{
	char tmp[32];
	int n;

	if (!isfinite(p))
		return put_out("NA", 2, buf, size);
	if (p < 0 || p > 1)
		return result_format_number(p, buf, size);
	if (p < 0.0001)
		return put_out("< 0.0001", 8, buf, size);
	n = snprintf(tmp, sizeof tmp, "%.4f", p);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return put_out("NA", 2, buf, size);
	return put_out(tmp, trim_zeros(tmp, (size_t)n), buf, size);
}
