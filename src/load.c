/* SPDX-License-Identifier: GPL-3.0-or-later */
/* load: streams CSV through libcsv into a typed, columnar table. */
#include "clusterbench/load.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <math.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clusterbench/numparse.h"
#include "clusterbench/sort.h"
#include "clusterbench/utf8.h"

/* ---------------------------------------------------------------- options */

void load_options_init(struct load_options *o)
{
	memset(o, 0, sizeof *o);
	o->encoding = LOAD_UTF8;
}

void load_report_init(struct load_report *r)
{
	memset(r, 0, sizeof *r);
	r->delimiter = ',';
	r->decimal = '.';
	r->encoding = "utf-8";
	r->line_ends = "none";
	warnings_init(&r->warnings);
}

void load_report_release(struct load_report *r)
{
	warnings_release(&r->warnings);
}

/* Missing-value tokens recognised by default (matched exactly, or ignoring
 * ASCII case for the alphabetic ones). */
static const char *const default_missing[] = { "NA", "N/A", "-", "NaN", "null", "#N/A" };

/* Excel's error values: an error unless listed with --missing. */
static const char *const excel_errors[] = {
	"#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
	"#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#UNKNOWN!",
};

/* ------------------------------------------------------------ loader state */

enum col_kind { KIND_NUMERIC, KIND_CATEGORY, KIND_INFER, KIND_SKIP };

/* Per-column state while loading. */
struct colstate {
	enum col_kind kind;
	const struct schema_column *sc;  /* schema column, or NULL */
	const char *name;                /* header name (owned by the loader) */
	long tcol;                       /* column in the table, -1 when skipped */
	/* inference: while every value parses as a number, keep the doubles and
	 * the raw texts; the texts become categories if a non-number turns up */
	int numeric_so_far, integer_so_far;
	unsigned long long first_text_line;
	char *arena;
	size_t alen, acap;
	uint64_t *aoff;                  /* per row: offset in arena, or UINT64_MAX */
	/* hint for columns that turn out categorical although they look like
	 * numbers of the other decimal dialect */
	size_t other_dialect_numbers;
	char other_example[32];
	/* categories: the last value interned and its code (rows of one firm
	 * or one place come one after another) */
	char last[48];
	size_t last_len;                 /* SIZE_MAX: none */
	int32_t last_code;
};

struct loader {
	const struct load_options *opt;
	struct load_report *rep;
	struct diag *d;
	const char *name;

	struct csv_parser csv;
	int csv_ready;
	char delim, decimal, group;

	/* bytes received but not yet processed (raw input) */
	char *buf;
	size_t len, cap;
	unsigned long long buf_offset;   /* file offset of buf[0] */
	int started;                     /* BOM and dialect handled */
	int eof;

	/* line conversion scratch (windows-1254 -> UTF-8) */
	char *conv;
	size_t conv_cap;

	unsigned long long line;         /* physical line being processed */
	unsigned long long line_offset;  /* file offset of its first byte */
	int first_line;                  /* nothing processed yet */
	int in_record;
	unsigned long long rec_line, next_field_line;
	size_t field_index;
	int check_fields;                /* validate field text (bad byte ahead) */
	long long bad_offset;
	int fail;                        /* stop processing: d holds the error */

	/* header */
	int header_done;
	char **hdr;
	size_t nhdr, hdr_cap;

	struct table *t;
	struct colstate *cs;
	size_t ncols;
	char numbuf[64];

	size_t n_lf, n_crlf, n_cr;
	struct sha256_ctx *sha;          /* SHA-256 of the bytes read, or NULL */
	size_t *cut;                     /* split_line: the delimiters of a line */
	size_t cut_cap;
};

static int fail_at(struct loader *ld, unsigned long long line, unsigned long field,
		   const char *column, enum diag_code code, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int fail_at(struct loader *ld, unsigned long long line, unsigned long field,
		   const char *column, enum diag_code code, const char *fmt, ...)
{
	va_list ap;

	if (!diag_failed(ld->d)) {
		va_start(ap, fmt);
		diag_setv(ld->d, code, fmt, ap);
		va_end(ap);
		diag_set_path(ld->d, ld->name);
		if (line)
			diag_set_line(ld->d, line, field);
		if (column)
			diag_set_column(ld->d, column);
	}
	ld->fail = 1;
	return -1;
}

static int oom(struct loader *ld)
{
	diag_set(ld->d, DIAG_INTERNAL, "out of memory");
	ld->fail = 1;
	return -1;
}

static int ensure(char **p, size_t *cap, size_t need)
{
	size_t c;
	char *q;

	if (need <= *cap)
		return 0;
	c = *cap ? *cap : 64; /* small: a wide file has a text arena per column */
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return -1;
		c *= 2;
	}
	q = realloc(*p, c);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

/* Shows a field for a message: at most 40 bytes, cut at a UTF-8 boundary. */
static const char *shown(const char *s, size_t len, char *out, size_t size)
{
	size_t n = len < 40 ? len : 40;

	if (n >= size)
		n = size - 1;
	while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, s, n);
	out[n] = '\0';
	if (n < len && n + 4 < size)
		strcat(out, "...");
	return out;
}

/* ------------------------------------------------------------- dialect */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Counts delimiter candidates outside quotes in each of the first records
 * of the sample, and picks the delimiter whose count is the same in every
 * record and largest. */
static char detect_delimiter(const char *s, size_t len, int *consistent)
{
	static const char cand[3] = { ',', ';', '\t' };
	size_t counts[3][64];
	size_t nrec = 0, cur[3] = { 0, 0, 0 };
	int inq = 0, any = 0;
	char best = ',';
	size_t best_count = 0;

	for (size_t i = 0; i < len && nrec < 64; i++) {
		char c = s[i];

		if (c == '"') {
			inq = !inq;
		} else if (!inq && (c == '\n' || c == '\r')) {
			if (any) {
				for (int k = 0; k < 3; k++)
					counts[k][nrec] = cur[k];
				nrec++;
			}
			cur[0] = cur[1] = cur[2] = 0;
			any = 0;
		} else if (!inq) {
			any = 1;
			for (int k = 0; k < 3; k++)
				if (c == cand[k])
					cur[k]++;
		}
	}
	/* A last record without a line end counts only if the sample is all. */
	if (any && nrec < 64) {
		for (int k = 0; k < 3; k++)
			counts[k][nrec] = cur[k];
		nrec++;
	}
	*consistent = 0;
	if (!nrec)
		return ',';
	for (int k = 0; k < 3; k++) {
		int same = counts[k][0] > 0;

		for (size_t r = 1; r < nrec && same; r++)
			same = counts[k][r] == counts[k][0];
		if (same && counts[k][0] > best_count) {
			best = cand[k];
			best_count = counts[k][0];
			*consistent = 1;
		}
	}
	if (!*consistent) {
		/* Fall back to the most frequent in the header line. */
		for (int k = 0; k < 3; k++)
			if (counts[k][0] > best_count) {
				best = cand[k];
				best_count = counts[k][0];
			}
	}
	return best;
}

/* Classifies unquoted sample fields as evidence for the decimal mark:
 * "12,5" is a decimal comma, "12.5" or "0.125" a decimal point; "1.234"
 * is ambiguous (a grouped integer or a decimal). */
static char detect_decimal(const char *s, size_t len, char delim, size_t *ambiguous,
			   char *amb_example, size_t amb_size)
{
	size_t comma = 0, point = 0;
	size_t i = 0;

	*ambiguous = 0;
	amb_example[0] = '\0';
	if (delim == ',')
		return '.';
	while (i < len) {
		size_t start = i, end;
		size_t digits_before = 0, digits_after = 0, commas = 0, points = 0;
		size_t last_point_pos = 0;
		int ok = 1;

		while (i < len && s[i] != delim && s[i] != '\n' && s[i] != '\r')
			i++;
		end = i;
		if (i < len)
			i++;
		if (end > start && (s[start] == '-' || s[start] == '+'))
			start++;
		for (size_t k = start; k < end && ok; k++) {
			char c = s[k];

			if (is_digit(c)) {
				if (commas)
					digits_after++;
				else
					digits_before++;
			} else if (c == ',') {
				commas++;
			} else if (c == '.') {
				points++;
				last_point_pos = k;
			} else {
				ok = 0;
			}
		}
		if (!ok || !digits_before)
			continue;
		if (commas == 1 && digits_after > 0) {
			comma++;
		} else if (commas == 0 && points == 1) {
			size_t after = end - last_point_pos - 1;

			if (after == 3 && digits_before <= 6) {
				if (!*ambiguous)
					shown(s + start, end - start, amb_example, amb_size);
				(*ambiguous)++;
			} else {
				point++;
			}
		} else if (commas == 0 && points > 1) {
			comma++; /* 1.234.567: grouping, so the comma is the mark */
		}
	}
	if (comma > point)
		return ',';
	return '.';
}

/* ------------------------------------------------------------ values */

static int is_missing_token(const struct loader *ld, const char *s, size_t len)
{
	if (len == 0)
		return 1;
	/* the default tokens are 1 to 4 bytes long and none starts with a digit */
	if (len <= 4 && !is_digit(s[0]))
		for (size_t i = 0; i < sizeof default_missing / sizeof default_missing[0]; i++) {
			const char *m = default_missing[i];

			if (strlen(m) == len && g_ascii_strncasecmp(m, s, len) == 0)
				return 1;
		}
	for (size_t i = 0; i < ld->opt->nmissing; i++) {
		const char *m = ld->opt->missing[i];

		if (strlen(m) == len && memcmp(m, s, len) == 0)
			return 1;
	}
	return 0;
}

static const char *excel_error(const char *s, size_t len)
{
	if (len < 2 || s[0] != '#')
		return NULL;
	for (size_t i = 0; i < sizeof excel_errors / sizeof excel_errors[0]; i++)
		if (strlen(excel_errors[i]) == len && memcmp(excel_errors[i], s, len) == 0)
			return excel_errors[i];
	return NULL;
}

/* Explains why a field is not a number in this dialect. */
static void number_problem(const struct loader *ld, const char *s, size_t len,
			   char *hint, size_t size)
{
	double v;
	char other = ld->decimal == '.' ? ',' : '.';
	char other_group = other == ',' ? '.' : 0;
	size_t k = 0;

	hint[0] = '\0';
	if (num_parse(s, len, other, other_group, &v, NULL) == NUM_OK) {
		snprintf(hint, size, "; it is a number with the decimal mark '%c': use --decimal '%c'",
			 other, other);
		return;
	}
	while (k < len && (is_digit(s[k]) || s[k] == '.' || s[k] == ',' || s[k] == '-'))
		k++;
	if (k > 0 && k < len)
		snprintf(hint, size, "; numbers may not carry units or symbols");
	else if (k == 0 && len > 0 && (s[0] == '%' || s[0] == '$'))
		snprintf(hint, size, "; numbers may not carry units or symbols");
	else if (len >= 3 && (g_ascii_strncasecmp(s, "inf", 3) == 0 ||
			      g_ascii_strncasecmp(s, "-inf", 4) == 0 ||
			      g_ascii_strncasecmp(s, "+inf", 4) == 0))
		snprintf(hint, size, "; only finite numbers are accepted");
}

static int add_text(struct colstate *c, size_t row, const char *s, size_t len)
{
	if (ensure(&c->arena, &c->acap, c->alen + len + 1) < 0)
		return -1;
	memcpy(c->arena + c->alen, s, len);
	c->arena[c->alen + len] = '\0';
	c->aoff[row] = c->alen;
	c->alen += len + 1;
	return 0;
}

/* Interns a category value, NFC-normalising text that is not plain ASCII. */
static int32_t intern_category(struct loader *ld, struct colstate *c, struct column *col,
			       const char *s, size_t len)
{
	int32_t code;
	int ascii = 1;
	char *norm;

	if (len == c->last_len && memcmp(s, c->last, len) == 0)
		return c->last_code;
	code = dict_find(&col->dict, s);
	if (code < 0) {
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)s[i] >= 0x80) {
				ascii = 0;
				break;
			}
		if (ascii) {
			code = dict_intern(&col->dict, s);
		} else {
			norm = g_utf8_normalize(s, (gssize)len, G_NORMALIZE_NFC);
			if (!norm) {
				oom(ld);
				return -1;
			}
			code = dict_intern(&col->dict, norm);
			g_free(norm);
		}
	}
	if (code >= 0 && len <= sizeof c->last) {
		memcpy(c->last, s, len);
		c->last_len = len;
		c->last_code = code;
	}
	return code;
}

static int store_field(struct loader *ld, size_t fi, char *s, size_t len,
		       unsigned long long line)
{
	struct colstate *c = &ld->cs[fi];
	struct column *col = &ld->t->cols[c->tcol];
	size_t row = ld->t->nrows;
	unsigned long field = (unsigned long)fi + 1;
	const char *err;
	char show[64], hint[160];
	double v;
	unsigned flags = 0;
	int r;

	if (is_missing_token(ld, s, len)) {
		if (c->sc && !c->sc->nullable)
			return fail_at(ld, line, field, col->name, DIAG_DATA,
				       "missing value; this column may not be empty");
		col->missing++;
		if (c->kind == KIND_INFER)
			c->aoff[row] = UINT64_MAX;
		return 0;
	}
	if ((err = excel_error(s, len)))
		return fail_at(ld, line, field, col->name, DIAG_DATA,
			       "Excel error value '%s'; list it with --missing '%s' to treat it as missing",
			       err, err);

	switch (c->kind) {
	case KIND_NUMERIC:
		r = num_parse(s, len, ld->decimal, ld->group, &v, &flags);
		if (r == NUM_RANGE)
			return fail_at(ld, line, field, col->name, DIAG_DATA,
				       "number '%s' is too large", shown(s, len, show, sizeof show));
		if (r != NUM_OK) {
			number_problem(ld, s, len, hint, sizeof hint);
			return fail_at(ld, line, field, col->name, DIAG_DATA, "expected %s, got '%s'%s",
				       col->type == COL_INTEGER ? "an integer" : "a number",
				       shown(s, len, show, sizeof show), hint);
		}
		if (col->type == COL_INTEGER && (v != floor(v) || fabs(v) > 9007199254740992.0))
			return fail_at(ld, line, field, col->name, DIAG_DATA,
				       "expected an integer, got '%s'", shown(s, len, show, sizeof show));
		if (c->sc && (v < c->sc->min || v > c->sc->max)) {
			char lo[32], hi[32];

			if (isinf(c->sc->max))
				return fail_at(ld, line, field, col->name, DIAG_DATA,
					       "%s is below the allowed minimum %s",
					       shown(s, len, show, sizeof show),
					       (num_format(c->sc->min, lo, sizeof lo), lo));
			num_format(c->sc->min, lo, sizeof lo);
			num_format(c->sc->max, hi, sizeof hi);
			return fail_at(ld, line, field, col->name, DIAG_DATA,
				       "%s is outside the allowed range %s to %s",
				       shown(s, len, show, sizeof show), lo, hi);
		}
		if (col->is_small)
			col->small[row] = (int32_t)(v - col->small_base);
		else
			col->num[row] = v;
		return 0;
	case KIND_CATEGORY: {
		int32_t code = intern_category(ld, c, col, s, len);

		if (code < 0)
			return ld->fail ? -1 : oom(ld);
		col->code[row] = code;
		return 0;
	}
	case KIND_INFER:
		if (add_text(c, row, s, len) < 0)
			return oom(ld);
		if (!c->numeric_so_far)
			return 0;
		r = num_parse(s, len, ld->decimal, ld->group, &v, &flags);
		if (r == NUM_OK) {
			col->num[row] = v;
			if (!(flags & NUM_F_INTEGER) || fabs(v) > 9007199254740992.0)
				c->integer_so_far = 0;
		} else {
			char other = ld->decimal == '.' ? ',' : '.';

			if (num_parse(s, len, other, other == ',' ? '.' : 0, &v, NULL) == NUM_OK) {
				if (!c->other_dialect_numbers)
					shown(s, len, c->other_example, sizeof c->other_example);
				c->other_dialect_numbers++;
			}
			c->numeric_so_far = 0;
			c->first_text_line = line;
		}
		return 0;
	case KIND_SKIP:
		return 0;
	}
	return 0;
}

/* ------------------------------------------------------------- header */

static int header_field(struct loader *ld, const char *s, size_t len)
{
	char *name;

	if (ld->nhdr == ld->hdr_cap) {
		size_t cap = ld->hdr_cap ? ld->hdr_cap * 2 : 32;
		char **h = realloc(ld->hdr, cap * sizeof *h);

		if (!h)
			return oom(ld);
		ld->hdr = h;
		ld->hdr_cap = cap;
	}
	name = g_utf8_normalize(s, (gssize)len, G_NORMALIZE_NFC);
	if (!name)
		return oom(ld);
	ld->hdr[ld->nhdr++] = name;
	return 0;
}

/* An integer column whose bounds hold fewer than 2^31 - 1 values is kept
 * in 4 bytes a row (years, 0/1 flags, codes): the loader rejects a value
 * outside them. */
static int small_range(const struct schema_column *scol)
{
	return scol && scol->type == COL_INTEGER && isfinite(scol->min) && isfinite(scol->max) &&
	       scol->max - scol->min < 2147483646.0;
}

static const struct schema_column *schema_col(const struct schema *sc, const char *name)
{
	if (!sc)
		return NULL;
	for (size_t i = 0; i < sc->ncols; i++)
		if (strcmp(sc->cols[i].name, name) == 0)
			return &sc->cols[i];
	return NULL;
}

static int finish_header(struct loader *ld)
{
	const struct schema *sc = ld->opt->schema;
	/* name -> first field (1-based): a wide header is checked in linear time */
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);

	for (size_t i = 0; i < ld->nhdr; i++) {
		size_t j;

		if (!ld->hdr[i][0]) {
			g_hash_table_destroy(seen);
			return fail_at(ld, ld->rep->header_line, (unsigned long)i + 1, NULL, DIAG_DATA,
				       "empty column name in the header; every column needs a name");
		}
		j = GPOINTER_TO_SIZE(g_hash_table_lookup(seen, ld->hdr[i]));
		if (j) {
			g_hash_table_destroy(seen);
			return fail_at(ld, ld->rep->header_line, (unsigned long)i + 1, NULL, DIAG_DATA,
				       "duplicate column name '%s' (fields %zu and %zu)", ld->hdr[i], j,
				       i + 1);
		}
		g_hash_table_insert(seen, ld->hdr[i], GSIZE_TO_POINTER(i + 1));
	}
	g_hash_table_destroy(seen);
	if (sc) {
		for (size_t k = 0; k < sc->ncols; k++) {
			int found = 0;

			if (!sc->cols[k].required)
				continue;
			for (size_t i = 0; i < ld->nhdr && !found; i++)
				found = strcmp(ld->hdr[i], sc->cols[k].name) == 0;
			if (!found) {
				GString *list = g_string_new(NULL);

				for (size_t i = 0; i < ld->nhdr; i++)
					g_string_append_printf(list, "%s%s", i ? ", " : "", ld->hdr[i]);
				fail_at(ld, ld->rep->header_line, 0, NULL, DIAG_DATA,
					"missing required column '%s' of schema '%s'; the header has: %s",
					sc->cols[k].name, sc->name, list->str);
				g_string_free(list, TRUE);
				return -1;
			}
		}
	}
	size_t skipped = 0;

	ld->cs = calloc(ld->nhdr ? ld->nhdr : 1, sizeof *ld->cs);
	if (!ld->cs)
		return oom(ld);
	ld->ncols = ld->nhdr;
	for (size_t i = 0; i < ld->nhdr; i++)
		ld->cs[i].last_len = SIZE_MAX;
	for (size_t i = 0; i < ld->nhdr; i++) {
		const struct schema_column *scol = schema_col(sc, ld->hdr[i]);
		struct colstate *c = &ld->cs[i];
		enum col_type type;

		c->sc = scol;
		c->name = ld->hdr[i];
		c->tcol = -1;
		if (ld->opt->want_column && !ld->opt->want_column(ld->opt->want_arg, ld->hdr[i])) {
			c->kind = KIND_SKIP;
			skipped++;
			continue;
		}
		if (scol) {
			type = scol->type;
			c->kind = col_type_is_numeric(type) ? KIND_NUMERIC : KIND_CATEGORY;
		} else {
			type = COL_NUMBER;
			c->kind = KIND_INFER;
			c->numeric_so_far = 1;
			c->integer_so_far = 1;
		}
		if ((c->tcol = table_add_column(ld->t, ld->hdr[i], type, ld->d)) < 0 ||
		    (small_range(scol) &&
		     table_column_small(ld->t, (size_t)c->tcol, scol->min, ld->d) < 0)) {
			ld->fail = 1;
			return -1;
		}
		ld->t->cols[c->tcol].unit = scol ? scol->unit : NULL;
	}
	if (skipped) {
		/* the names of the file, for messages that list its columns */
		ld->t->file_cols = calloc(ld->nhdr, sizeof *ld->t->file_cols);
		if (!ld->t->file_cols)
			return oom(ld);
		for (size_t i = 0; i < ld->nhdr; i++) {
			if (!(ld->t->file_cols[i] = strdup(ld->hdr[i])))
				return oom(ld);
			ld->t->nfile_cols++;
		}
	}
	ld->header_done = 1;
	return 0;
}

/* --------------------------------------------------------- libcsv hooks */

/* The per-row state of the columns whose type is still inferred, for the
 * table's capacity. */
static int reserve_state(struct loader *ld)
{
	for (size_t i = 0; i < ld->ncols; i++) {
		struct colstate *c = &ld->cs[i];

		if (c->kind == KIND_INFER) {
			uint64_t *a = realloc(c->aoff, ld->t->cap * sizeof *a);

			if (!a)
				return oom(ld);
			c->aoff = a;
		}
	}
	return 0;
}

static int reserve_row(struct loader *ld)
{
	size_t row = ld->t->nrows;

	if (row < ld->t->cap)
		return 0;
	if (table_reserve(ld->t, row + 1, ld->d) < 0) {
		ld->fail = 1;
		return -1;
	}
	return reserve_state(ld);
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct loader *ld = ctx;
	char *s = data ? data : (char *)"";
	unsigned long long line = ld->next_field_line;
	size_t fi = ld->field_index++;

	ld->next_field_line = ld->line;
	if (ld->fail)
		return;
	if (ld->check_fields) {
		const gchar *end;

		if (memchr(s, '\0', len))
			goto nul;
		if (!g_utf8_validate(s, (gssize)len, &end)) {
			fail_at(ld, line, (unsigned long)fi + 1,
				ld->header_done && fi < ld->ncols ? ld->cs[fi].name : NULL,
				DIAG_DATA, "invalid UTF-8 byte 0x%02X%s",
				(unsigned)(unsigned char)*end,
				"; if the file comes from Excel or Windows in Turkish, use --encoding windows-1254");
			diag_set_offset(ld->d, ld->bad_offset);
			return;
		}
	}
	if (!ld->header_done) {
		header_field(ld, s, len);
		return;
	}
	if (fi >= ld->ncols)
		return; /* too many fields: reported at the end of the record */
	if (fi == 0 && reserve_row(ld) < 0)
		return;
	if (ld->cs[fi].kind != KIND_SKIP)
		store_field(ld, fi, s, len, line);
	return;
nul:
	fail_at(ld, line, (unsigned long)fi + 1,
		ld->header_done && fi < ld->ncols ? ld->cs[fi].name : NULL, DIAG_DATA,
		"NUL byte in the data; the file is binary or in UTF-16");
	diag_set_offset(ld->d, ld->bad_offset);
}

static void on_record(int c, void *ctx)
{
	struct loader *ld = ctx;
	size_t nfields = ld->field_index;

	(void)c;
	ld->in_record = 0;
	ld->field_index = 0;
	if (ld->fail)
		return;
	if (!ld->header_done) {
		finish_header(ld);
		return;
	}
	if (nfields != ld->ncols) {
		fail_at(ld, ld->rec_line, 0, NULL, DIAG_DATA,
			"expected %zu fields as in the header, found %zu%s", ld->ncols, nfields,
			nfields > ld->ncols && ld->delim == ',' && ld->decimal == '.'
				? "; if numbers use a decimal comma, use --delimiter ';' --decimal ','"
				: "");
		return;
	}
	if (table_set_line(ld->t, ld->t->nrows, ld->rec_line) < 0) {
		oom(ld);
		return;
	}
	ld->t->nrows++;
}

static int space_only(unsigned char c)
{
	return c == ' ';
}

/* ------------------------------------------------------------- lines */

static const char *parse_error_text(const char *p, size_t n, size_t at)
{
	if (at < n && p[at] == '"')
		return "unexpected quote; a field with quotes must be enclosed in quotes, with inner quotes doubled";
	if (at > 0 && at <= n)
		return "unexpected character after a closing quote";
	return "malformed quoting";
}

/* Windows-1254 to UTF-8 for bytes 0x80..0xFF (0 = undefined). */
static const uint16_t cp1254_high[128] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0, 0x0178,
	0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
	0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
	0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
	0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
	0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
	0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
	0x011E, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7,
	0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x0130, 0x015E, 0x00DF,
	0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
	0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
	0x011F, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7,
	0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x0131, 0x015F, 0x00FF,
};

/* Converts one Windows-1254 line to UTF-8 in ld->conv. */
static int convert_cp1254(struct loader *ld, const char *p, size_t n, size_t *out_len)
{
	size_t o = 0;

	if (n > SIZE_MAX / 3 || ensure(&ld->conv, &ld->conv_cap, n * 3 + 1) < 0)
		return oom(ld);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		uint16_t u;

		if (c < 0x80) {
			if (c == 0) {
				fail_at(ld, ld->line, 0, NULL, DIAG_DATA,
					"NUL byte in the data; the file is binary or in UTF-16");
				diag_set_offset(ld->d, (long long)(ld->line_offset + i));
				return -1;
			}
			ld->conv[o++] = (char)c;
			continue;
		}
		u = cp1254_high[c - 0x80];
		if (!u) {
			fail_at(ld, ld->line, 0, NULL, DIAG_DATA,
				"byte 0x%02X is not a Windows-1254 character; is the file in another encoding?",
				(unsigned)c);
			diag_set_offset(ld->d, (long long)(ld->line_offset + i));
			return -1;
		}
		if (u < 0x800) {
			ld->conv[o++] = (char)(0xC0 | (u >> 6));
			ld->conv[o++] = (char)(0x80 | (u & 0x3F));
		} else {
			ld->conv[o++] = (char)(0xE0 | (u >> 12));
			ld->conv[o++] = (char)(0x80 | ((u >> 6) & 0x3F));
			ld->conv[o++] = (char)(0x80 | (u & 0x3F));
		}
	}
	*out_len = o;
	return 0;
}

static int blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

#define SWAR_LOW 0x0101010101010101ULL
#define SWAR_HIGH 0x8080808080808080ULL

/* The lowest byte of w equal to the byte in every lane of pat gets its high
 * bit set (bytes above it may too: only the lowest match counts). */
static inline uint64_t swar_match(uint64_t w, uint64_t pat)
{
	uint64_t x = w ^ pat;

	return (x - SWAR_LOW) & ~x & SWAR_HIGH;
}

/*
 * A complete line: when it holds no quote character, it is split at the
 * delimiters and handed to on_field and on_record as libcsv would (spaces,
 * and tabs unless tab is the delimiter, trimmed at both ends of a field),
 * in a fraction of libcsv's time, and 1 is returned; with a quote nothing
 * is done and 0 is returned. Fields of columns not loaded are only
 * counted. Each field is ended in place by a NUL over the trimmed space,
 * the delimiter or the line end: s[n] must be writable.
 */
static int split_line(struct loader *ld, char *s, size_t n)
{
	const char delim = ld->delim;
	const int tab_is_space = delim != '\t';
	const uint64_t dpat = SWAR_LOW * (unsigned char)delim, qpat = SWAR_LOW * (unsigned char)'"';
	size_t ncut = 0, i = 0, from = 0;

	/* pass 1: the delimiters, eight bytes at a time; stop at a quote */
	for (;;) {
		size_t at;

		for (;;) {
			uint64_t w, m;

			if (n - i < 8) {
				while (i < n && s[i] != delim && s[i] != '"')
					i++;
				at = i;
				break;
			}
			memcpy(&w, s + i, 8);
			m = swar_match(w, dpat) | swar_match(w, qpat);
			if (m) {
				at = i + (size_t)(__builtin_ctzll(m) >> 3);
				break;
			}
			i += 8;
		}
		if (at >= n)
			break;
		if (s[at] == '"')
			return 0;
		if (ncut == ld->cut_cap) {
			size_t cap = ld->cut_cap ? 2 * ld->cut_cap : 64;
			size_t *c = realloc(ld->cut, cap * sizeof *c);

			if (!c)
				return 0; /* libcsv then, which reports what it must */
			ld->cut = c;
			ld->cut_cap = cap;
		}
		ld->cut[ncut++] = at;
		i = at + 1;
	}
	/* pass 2: the fields */
	for (size_t k = 0; k <= ncut; k++) {
		size_t e = k < ncut ? ld->cut[k] : n;
		char *f = s + from, *t = s + e;

		from = e + 1;
		if (ld->header_done && k > 0 && k < ld->ncols && ld->cs[k].kind == KIND_SKIP &&
		    !ld->check_fields) {
			ld->field_index++; /* all on_field would do for it */
			continue;
		}
		while (f < t && (*f == ' ' || (tab_is_space && *f == '\t')))
			f++;
		while (t > f && (t[-1] == ' ' || (tab_is_space && t[-1] == '\t')))
			t--;
		*t = '\0';
		on_field(f, (size_t)(t - f), ld);
	}
	on_record(0, ld);
	return 1;
}

/*
 * Processes one physical line: p[0..n) is its text, followed by `term`
 * bytes of line end (0 for a last line without one).
 */
static int process_line(struct loader *ld, char *p, size_t n, size_t term)
{
	char *text = p;
	size_t raw_len = n + term, tn = n + term, used;
	int fresh = !ld->in_record;      /* the line starts a record */

	if (term == 1 && p[n] == '\n')
		ld->n_lf++;
	else if (term == 1)
		ld->n_cr++;
	else if (term == 2)
		ld->n_crlf++;

	if (ld->opt->encoding == LOAD_WINDOWS_1254) {
		if (convert_cp1254(ld, p, tn, &tn) < 0)
			return -1;
		text = ld->conv;
		n = tn - term;
	} else {
		const gchar *end;

		/* A bad byte inside a quoted field that spans lines is found
		 * when the field ends, so the check stays on for the record. */
		if (!ld->in_record)
			ld->check_fields = 0;
		if (!utf8_valid(p, tn) && !g_utf8_validate_len(p, tn, &end) && !ld->check_fields) {
			ld->check_fields = 1;
			ld->bad_offset = (long long)(ld->line_offset + (size_t)(end - p));
		}
	}

	if (!ld->in_record) {
		if (ld->first_line && n >= 5 && n <= 6 && memcmp(text, "sep=", 4) == 0 &&
		    (n == 5 || text[5] == ' ')) {
			char sep = text[4], sep_text[8];

			ld->first_line = 0;
			ld->rep->sep_line = 1;
			/* a control or non-ASCII byte is shown as an escape, so that
			 * the warning stays valid UTF-8 (found by fuzz_load) */
			if ((unsigned char)sep >= 0x20 && (unsigned char)sep < 0x7F)
				snprintf(sep_text, sizeof sep_text, "%c", sep);
			else if (sep == '\t')
				snprintf(sep_text, sizeof sep_text, "\\t");
			else
				snprintf(sep_text, sizeof sep_text, "\\x%02X", (unsigned)(unsigned char)sep);
			if (ld->opt->delimiter && sep != ld->delim)
				warnings_add(&ld->rep->warnings,
					     "line %llu: 'sep=%s' ignored; --delimiter was given",
					     ld->line, sep_text);
			else if (!ld->opt->delimiter && sep != ld->delim)
				warnings_add(&ld->rep->warnings,
					     "line %llu: 'sep=%s' ignored; the delimiter must be ',', ';' or tab",
					     ld->line, sep_text);
			goto next;
		}
		ld->first_line = 0;
		if (ld->opt->comment && n > 0 && text[0] == (char)ld->opt->comment) {
			ld->rep->comment_lines++;
			goto next;
		}
		if (blank(text, n)) {
			ld->rep->blank_lines++;
			goto next;
		}
		ld->in_record = 1;
		ld->rec_line = ld->line;
		ld->next_field_line = ld->line;
		if (!ld->header_done)
			ld->rep->header_line = ld->line;
	}
	/* a whole record on this line without quotes: no need for libcsv */
	if (fresh && term && !ld->check_fields && !ld->opt->libcsv_only &&
	    split_line(ld, text, n)) {
		if (ld->fail)
			return -1;
		goto next;
	}
	/* libcsv grows its field buffer by blk_size bytes at a time; grown
	 * by at least what it holds and the whole line, a field takes a few
	 * reallocations, not one per 128 bytes (quadratic where realloc copies) */
	csv_set_blk_size(&ld->csv, MAX(MAX(ld->csv.entry_size, tn), (size_t)128));
	used = csv_parse(&ld->csv, text, tn, on_field, on_record, ld);
	if (ld->fail)
		return -1;
	if (used != tn) {
		fail_at(ld, ld->line, (unsigned long)ld->field_index + 1,
			ld->header_done && ld->field_index < ld->ncols
				? ld->cs[ld->field_index].name : NULL,
			DIAG_DATA, "%s", csv_error(&ld->csv) == CSV_EPARSE
				? parse_error_text(text, tn, used) : csv_strerror(csv_error(&ld->csv)));
		if (ld->opt->encoding == LOAD_UTF8)
			diag_set_offset(ld->d, (long long)(ld->line_offset + used));
		return -1;
	}
next:
	ld->line++;
	ld->line_offset += raw_len;
	return 0;
}

/* The libcsv parser for ld->delim. */
static int init_csv(struct loader *ld)
{
	if (csv_init(&ld->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return oom(ld);
	ld->csv_ready = 1;
	csv_set_delim(&ld->csv, (unsigned char)ld->delim);
	/* libcsv's own test (space or tab, inlined) unless tab is the delimiter */
	csv_set_space_func(&ld->csv, ld->delim == '\t' ? space_only : NULL);
	return 0;
}

/* Detects the BOM, UTF-16 and the dialect from the first bytes. */
static int start(struct loader *ld)
{
	const unsigned char *u = (const unsigned char *)ld->buf;
	size_t skip = 0;
	const char *s;
	size_t len;

	if (ld->len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		return fail_at(ld, 1, 0, NULL, DIAG_DATA,
			       "the file is in UTF-16 (byte order mark %02X %02X); save it as "
			       "\"CSV UTF-8\" or convert it with iconv -f UTF-16 -t UTF-8",
			       u[0], u[1]);
	if (ld->len >= 4) {
		size_t zeros = 0, n = ld->len < 512 ? ld->len : 512;

		for (size_t i = 0; i < n; i++)
			zeros += u[i] == 0;
		if (zeros * 4 >= n)
			return fail_at(ld, 1, 0, NULL, DIAG_DATA,
				       "the file looks like UTF-16 or binary (%zu of its first %zu bytes "
				       "are NUL); save it as \"CSV UTF-8\"", zeros, n);
	}
	if (ld->len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		skip = 3;
		ld->rep->bom = 1;
	}
	ld->buf_offset += skip;
	if (skip) {
		memmove(ld->buf, ld->buf + skip, ld->len - skip);
		ld->len -= skip;
	}
	ld->line_offset = ld->buf_offset;

	s = ld->buf;
	len = ld->len;
	/* An Excel "sep=;" first line names the delimiter. */
	if (len >= 5 && memcmp(s, "sep=", 4) == 0 && (len == 5 || s[5] == '\n' || s[5] == '\r')) {
		if (!ld->opt->delimiter && (s[4] == ',' || s[4] == ';' || s[4] == '\t')) {
			ld->delim = s[4];
			ld->rep->delimiter_detected = 1;
		}
		while (len && *s != '\n' && *s != '\r') {
			s++;
			len--;
		}
		while (len && (*s == '\n' || *s == '\r')) {
			s++;
			len--;
		}
	}
	if (ld->opt->comment) {
		/* Leave leading comment lines out of the detection. */
		while (len && *s == (char)ld->opt->comment) {
			while (len && *s != '\n' && *s != '\r') {
				s++;
				len--;
			}
			while (len && (*s == '\n' || *s == '\r')) {
				s++;
				len--;
			}
		}
	}
	if (ld->opt->delimiter) {
		ld->delim = (char)ld->opt->delimiter;
	} else if (!ld->delim) {
		int consistent;

		ld->delim = detect_delimiter(s, len, &consistent);
		ld->rep->delimiter_detected = 1;
	}
	if (ld->opt->decimal) {
		ld->decimal = (char)ld->opt->decimal;
	} else {
		size_t amb;
		char example[48];

		ld->decimal = detect_decimal(s, len, ld->delim, &amb, example, sizeof example);
		ld->rep->decimal_detected = 1;
		if (ld->decimal == '.' && amb && ld->delim != ',')
			warnings_add(&ld->rep->warnings,
				     "decimal mark taken as '.': values like '%s' are read as decimals; "
				     "if they are thousands, use --decimal ','", example);
	}
	if (ld->decimal == ld->delim)
		return fail_at(ld, 0, 0, NULL, DIAG_USAGE,
			       "the decimal mark and the delimiter are both '%c'", ld->delim);
	ld->group = ld->decimal == ',' ? '.' : 0;
	ld->rep->delimiter = ld->delim;
	ld->rep->decimal = ld->decimal;

	if (init_csv(ld) < 0)
		return -1;
	ld->started = 1;
	return 0;
}

/* Processes every complete line in the buffer (all of it at end of input). */
static int drain(struct loader *ld)
{
	size_t pos = 0;

	while (pos < ld->len && !ld->fail) {
		char *p = ld->buf + pos;
		size_t rest = ld->len - pos, i = 0, term = 0;
		const char *nl = memchr(p, '\n', rest);
		const char *cr = memchr(p, '\r', nl ? (size_t)(nl - p) : rest);

		if (cr) {
			i = (size_t)(cr - p);
			if (i + 1 < rest)
				term = p[i + 1] == '\n' ? 2 : 1;
			else if (ld->eof)
				term = 1;
			else
				break; /* a CR at the end: wait to see if LF follows */
		} else if (nl) {
			i = (size_t)(nl - p);
			term = 1;
		} else if (ld->eof) {
			i = rest;
			term = 0;
		} else {
			break;
		}
		if (i > LOAD_MAX_LINE)
			return fail_at(ld, ld->line, 0, NULL, DIAG_DATA,
				       "line longer than %u MiB", LOAD_MAX_LINE >> 20);
		if (process_line(ld, p, i, term) < 0)
			return -1;
		pos += i + term;
	}
	if (!ld->eof && ld->len - pos > LOAD_MAX_LINE)
		return fail_at(ld, ld->line, 0, NULL, DIAG_DATA,
			       "line longer than %u MiB", LOAD_MAX_LINE >> 20);
	if (pos) {
		memmove(ld->buf, ld->buf + pos, ld->len - pos);
		ld->len -= pos;
	}
	ld->buf_offset += pos;
	return ld->fail ? -1 : 0;
}

/* Parses len bytes just placed at ld->buf + ld->len (see feed). */
static int feed_placed(struct loader *ld, size_t len)
{
	const char *data = ld->buf + ld->len;

	ld->len += len;
	ld->rep->bytes += len;
	if (ld->sha)
		sha256_update(ld->sha, len, (const uint8_t *)data);
	if (!ld->started) {
		if (ld->len < LOAD_SAMPLE_BYTES)
			return 0;
		if (start(ld) < 0)
			return -1;
	}
	return drain(ld);
}

/* Room for n more bytes at ld->buf + ld->len, to read into and then
 * feed_placed; NULL when the loader failed or memory ran out. */
static char *feed_room(struct loader *ld, size_t n)
{
	if (ld->fail)
		return NULL;
	if (n > SIZE_MAX - ld->len || ensure(&ld->buf, &ld->cap, ld->len + n) < 0) {
		oom(ld);
		return NULL;
	}
	return ld->buf + ld->len;
}

static int feed(struct loader *ld, const char *data, size_t len)
{
	char *room = feed_room(ld, len);

	if (!room)
		return -1;
	memcpy(room, data, len);
	return feed_placed(ld, len);
}

/* ------------------------------------------------------------ finishing */

static int finish_inference(struct loader *ld)
{
	struct table *t = ld->t;

	for (size_t i = 0; i < ld->ncols; i++) {
		struct colstate *c = &ld->cs[i];
		struct column *col;

		if (c->kind != KIND_INFER)
			continue;
		col = &t->cols[c->tcol];
		if (c->numeric_so_far) {
			if (col->missing == t->nrows && t->nrows > 0)
				warnings_add(&ld->rep->warnings, "column '%s' has no values", col->name);
			col->type = c->integer_so_far && col->missing < t->nrows ? COL_INTEGER
									     : COL_NUMBER;
		} else {
			int32_t *code = malloc((t->cap ? t->cap : 1) * sizeof *code);

			if (!code)
				return oom(ld);
			for (size_t r = 0; r < t->cap; r++)
				code[r] = -1;
			for (size_t r = 0; r < t->nrows; r++) {
				const char *s;
				int32_t k;

				if (c->aoff[r] == UINT64_MAX)
					continue;
				s = c->arena + c->aoff[r];
				k = intern_category(ld, c, col, s, strlen(s));
				if (k < 0) {
					free(code);
					return ld->fail ? -1 : oom(ld);
				}
				code[r] = k;
			}
			free(col->num);
			col->num = NULL;
			col->code = code;
			col->type = col->dict.n > 50 && col->dict.n * 2 > t->nrows - col->missing
					    ? COL_TEXT : COL_CATEGORY;
			if (c->other_dialect_numbers)
				warnings_add(&ld->rep->warnings,
					     "column '%s' read as %s, but %zu values such as '%s' are numbers "
					     "with the decimal mark '%c'; use --decimal '%c' if it is numeric",
					     col->name, col_type_name(col->type), c->other_dialect_numbers,
					     c->other_example, ld->decimal == '.' ? ',' : '.',
					     ld->decimal == '.' ? ',' : '.');
		}
		free(c->arena);
		c->arena = NULL;
		free(c->aoff);
		c->aoff = NULL;
	}
	return 0;
}

/* Reads an aliases file (alias,province) into a hash table alias -> name. */
static GHashTable *read_aliases(struct loader *ld, const char *path)
{
	struct load_options o;
	struct load_report r;
	struct table *a;
	GHashTable *h;
	long ca, cp;

	load_options_init(&o);
	o.no_province_check = 1;
	load_report_init(&r);
	a = load_path(path, &o, &r, ld->d);
	load_report_release(&r);
	if (!a) {
		ld->fail = 1;
		return NULL;
	}
	ca = table_find(a, "alias");
	cp = table_find(a, "province");
	if (ca < 0 || cp < 0 || col_type_is_numeric(a->cols[ca].type) ||
	    col_type_is_numeric(a->cols[cp].type)) {
		table_free(a);
		diag_set(ld->d, DIAG_USAGE,
			 "province aliases file needs the text columns 'alias' and 'province'");
		diag_set_path(ld->d, path);
		ld->fail = 1;
		return NULL;
	}
	h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (size_t r2 = 0; r2 < a->nrows; r2++) {
		const char *al = table_cell_text(a, (size_t)ca, r2);
		const char *pr = table_cell_text(a, (size_t)cp, r2);

		if (!al || !pr)
			continue;
		if (!province_find(pr)) {
			const struct province *near = province_nearest(pr);

			diag_set(ld->d, DIAG_USAGE, "'%s' is not a province of Türkiye%s%s%s", pr,
				 near ? "; did you mean '" : "", near ? near->name : "",
				 near ? "'?" : "");
			diag_set_path(ld->d, path);
			diag_set_line(ld->d, table_row_line(a, r2), (unsigned long)cp + 1);
			g_hash_table_destroy(h);
			table_free(a);
			ld->fail = 1;
			return NULL;
		}
		g_hash_table_replace(h, g_strdup(al), g_strdup(pr));
	}
	table_free(a);
	return h;
}

/* Checks (and maps through aliases) the values of a province column. */
static int check_provinces(struct loader *ld, size_t ci)
{
	struct table *t = ld->t;
	struct column *col = &t->cols[ci];
	const char *aliases = ld->opt->province_aliases;
	int autofold = aliases && strcmp(aliases, "auto") == 0;
	GHashTable *amap = NULL;
	struct dict nd;
	int32_t *remap = NULL;
	size_t *first_row = NULL, *count = NULL;
	GString *unknown = NULL;
	size_t n_unknown = 0, first_bad_row = SIZE_MAX;
	int rc = -1;

	if (col->dict.n == 0)
		return 0;
	if (aliases && !autofold && !(amap = read_aliases(ld, aliases)))
		return -1;
	dict_init(&nd);
	remap = malloc(col->dict.n * sizeof *remap);
	first_row = malloc(col->dict.n * sizeof *first_row);
	count = calloc(col->dict.n, sizeof *count);
	unknown = g_string_new(NULL);
	if (!remap || !first_row || !count) {
		oom(ld);
		goto out;
	}
	for (size_t k = 0; k < col->dict.n; k++)
		first_row[k] = SIZE_MAX;
	for (size_t r = 0; r < t->nrows; r++) {
		int32_t k = col->code[r];

		if (k >= 0) {
			if (first_row[k] == SIZE_MAX)
				first_row[k] = r;
			count[k]++;
		}
	}
	for (size_t k = 0; k < col->dict.n; k++) {
		const char *v = col->dict.values[k];
		const struct province *p = province_find(v);
		const char *target = p ? p->name : NULL;

		if (!target && amap)
			target = g_hash_table_lookup(amap, v);
		if (!target && autofold && (p = province_find_folded(v)))
			target = p->name;
		if (!target) {
			const struct province *near = province_nearest(v);

			if (n_unknown < 8) {
				g_string_append_printf(unknown, "%s'%s' (line %llu%s%s%s)",
						       n_unknown ? ", " : "", v,
						       table_row_line(t, first_row[k]),
						       near ? ", did you mean '" : "",
						       near ? near->name : "", near ? "'?" : "");
			}
			if (first_row[k] < first_bad_row)
				first_bad_row = first_row[k];
			n_unknown++;
			remap[k] = -1;
			continue;
		}
		if (strcmp(target, v) != 0) {
			warnings_add(&ld->rep->warnings, "province '%s' read as '%s' (%zu rows)", v,
				     target, count[k]);
			ld->rep->province_mapped += count[k];
		}
		remap[k] = dict_intern(&nd, target);
		if (remap[k] < 0) {
			oom(ld);
			goto out;
		}
	}
	if (n_unknown) {
		if (n_unknown > 8)
			g_string_append_printf(unknown, " and %zu more", n_unknown - 8);
		fail_at(ld, table_row_line(t, first_bad_row), (unsigned long)ci + 1, col->name,
			DIAG_DATA,
			"unknown province name%s %s; map %s with --province-aliases FILE "
			"(columns alias,province) or --province-aliases auto",
			n_unknown > 1 ? "s" : "", unknown->str, n_unknown > 1 ? "them" : "it");
		goto out;
	}
	for (size_t r = 0; r < t->nrows; r++)
		if (col->code[r] >= 0)
			col->code[r] = remap[col->code[r]];
	dict_release(&col->dict);
	col->dict = nd;
	dict_init(&nd);
	rc = 0;
out:
	dict_release(&nd);
	free(remap);
	free(first_row);
	free(count);
	g_string_free(unknown, TRUE);
	if (amap)
		g_hash_table_destroy(amap);
	return rc;
}

static uint64_t key_part(const struct column *c, size_t r)
{
	if (col_type_is_numeric(c->type)) {
		double v = column_value(c, r);
		uint64_t u;

		if (v == 0)
			v = 0; /* -0 and 0 are one key */
		memcpy(&u, &v, sizeof u);
		return u;
	}
	return (uint64_t)(uint32_t)c->code[r];
}

static void key_text(const struct column *c, size_t r, char *out, size_t size)
{
	if (col_type_is_numeric(c->type))
		num_format(column_value(c, r), out, size);
	else
		snprintf(out, size, "%s", c->code[r] >= 0 ? c->dict.values[c->code[r]] : "");
}

/* Reports the first duplicate of the schema's unique key (two columns). */
static int check_unique(struct loader *ld)
{
	const struct schema *sc = ld->opt->schema;
	struct table *t = ld->t;
	uint64_t *hi, *lo;
	uint32_t *perm;
	long c0, c1;
	size_t n = t->nrows;

	if (!sc || sc->nkey != 2 || n < 2)
		return 0;
	c0 = table_find(t, sc->unique_key[0]);
	c1 = table_find(t, sc->unique_key[1]);
	if (c0 < 0 || c1 < 0)
		return 0;
	if (n > UINT32_MAX)
		return fail_at(ld, 0, 0, NULL, DIAG_DATA,
			       "too many rows for the duplicate-key check (%zu; at most %lu)", n,
			       (unsigned long)UINT32_MAX);
	hi = malloc(n * sizeof *hi);
	lo = malloc(n * sizeof *lo);
	perm = malloc(n * sizeof *perm);
	if (!hi || !lo || !perm) {
		free(hi);
		free(lo);
		free(perm);
		return oom(ld);
	}
	for (size_t r = 0; r < n; r++) {
		hi[r] = key_part(&t->cols[c0], r);
		lo[r] = key_part(&t->cols[c1], r);
		perm[r] = (uint32_t)r;
	}
	/* stable radix sorts: by (hi, lo), rows ascending within a key */
	if (sort_perm_by_u64(perm, n, lo) < 0 || sort_perm_by_u64(perm, n, hi) < 0) {
		free(hi);
		free(lo);
		free(perm);
		return oom(ld);
	}
	{
		size_t best = SIZE_MAX, first = 0, run = 0;

		/* report the duplicate whose second occurrence comes first */
		for (size_t i = 1; i < n; i++) {
			uint32_t a = perm[i - 1], b = perm[i];

			if (hi[a] != hi[b] || lo[a] != lo[b]) {
				run = i;
				continue;
			}
			if (best == SIZE_MAX || b < best) {
				best = b;
				first = perm[run];
			}
		}
		if (best != SIZE_MAX) {
			char a[96], b[96];

			key_text(&t->cols[c0], best, a, sizeof a);
			key_text(&t->cols[c1], best, b, sizeof b);
			fail_at(ld, table_row_line(t, best), 0, NULL, DIAG_DATA,
				"duplicate row for %s '%s', %s %s: lines %llu and %llu",
				sc->unique_key[0], a, sc->unique_key[1], b,
				table_row_line(t, first), table_row_line(t, best));
			free(hi);
			free(lo);
			free(perm);
			return -1;
		}
	}
	free(hi);
	free(lo);
	free(perm);
	return 0;
}

static int finish(struct loader *ld)
{
	if (!ld->started && start(ld) < 0)
		return -1;
	ld->eof = 1;
	if (drain(ld) < 0)
		return -1;
	if (csv_fini(&ld->csv, on_field, on_record, ld) != 0) {
		if (!ld->fail)
			fail_at(ld, ld->rec_line, (unsigned long)ld->field_index + 1, NULL, DIAG_DATA,
				"unterminated quoted field (the closing quote is missing)");
		return -1;
	}
	if (ld->fail)
		return -1;
	if (!ld->header_done)
		return fail_at(ld, 0, 0, NULL, DIAG_DATA, "no header: the file is empty");
	if (finish_inference(ld) < 0)
		return -1;
	for (size_t i = 0; i < ld->ncols; i++) {
		long tc = ld->cs[i].tcol;
		int prov = ld->cs[i].sc ? ld->cs[i].sc->province
					: strcmp(ld->cs[i].name, "province") == 0;

		if (tc < 0)
			continue;
		if (prov && !ld->opt->no_province_check &&
		    !col_type_is_numeric(ld->t->cols[tc].type) && check_provinces(ld, (size_t)tc) < 0)
			return -1;
	}
	if (check_unique(ld) < 0)
		return -1;
	{
		/* one row per line, as in most files: the lines need no array */
		struct table *t = ld->t;
		size_t r = 0;

		while (t->line && r < t->nrows && t->line[r] == t->line[0] + r)
			r++;
		if (t->line && t->nrows && r == t->nrows && t->line[0]) {
			t->line_first = t->line[0];
			free(t->line);
			t->line = NULL;
		}
		table_fit(t);
	}

	ld->rep->lines = ld->line - 1;
	if (ld->n_lf + ld->n_crlf + ld->n_cr == 0)
		ld->rep->line_ends = "none";
	else if (ld->n_lf && !ld->n_crlf && !ld->n_cr)
		ld->rep->line_ends = "LF";
	else if (!ld->n_lf && ld->n_crlf && !ld->n_cr)
		ld->rep->line_ends = "CRLF";
	else if (!ld->n_lf && !ld->n_crlf && ld->n_cr)
		ld->rep->line_ends = "CR";
	else
		ld->rep->line_ends = "mixed";
	if (ld->rep->blank_lines)
		warnings_add(&ld->rep->warnings, "%zu blank line%s skipped", ld->rep->blank_lines,
			     ld->rep->blank_lines > 1 ? "s" : "");
	if (ld->rep->comment_lines)
		warnings_add(&ld->rep->warnings, "%zu comment line%s skipped",
			     ld->rep->comment_lines, ld->rep->comment_lines > 1 ? "s" : "");
	return 0;
}

static void loader_init(struct loader *ld, const char *name, const struct load_options *opt,
			struct load_report *rep, struct diag *d)
{
	memset(ld, 0, sizeof *ld);
	ld->opt = opt;
	ld->rep = rep;
	ld->d = d;
	ld->name = name;
	ld->line = 1;
	ld->first_line = 1;
	ld->bad_offset = -1;
	if (opt->want_sha256) {
		ld->sha = malloc(sizeof *ld->sha);
		if (ld->sha)
			sha256_init(ld->sha);
	}
	rep->encoding = opt->encoding == LOAD_WINDOWS_1254 ? "windows-1254" : "utf-8";
}

static void loader_release(struct loader *ld)
{
	if (ld->sha) {
		uint8_t digest[SHA256_DIGEST_SIZE];

		sha256_digest(ld->sha, sizeof digest, digest);
		for (size_t i = 0; i < sizeof digest; i++)
			snprintf(ld->rep->sha256 + 2 * i, 3, "%02x", digest[i]);
		free(ld->sha);
	}
	if (ld->csv_ready)
		csv_free(&ld->csv);
	free(ld->buf);
	free(ld->conv);
	free(ld->cut);
	for (size_t i = 0; i < ld->nhdr; i++)
		g_free(ld->hdr[i]);
	free(ld->hdr);
	for (size_t i = 0; i < ld->ncols; i++) {
		free(ld->cs[i].arena);
		free(ld->cs[i].aoff);
	}
	free(ld->cs);
}

/* ------------------------------------------------------------ parallel */

/*
 * A large regular file is parsed in chunks by several threads, each with
 * its own libcsv parser, loader state and table, merged in file order.
 *
 * The main loader reads the first LOAD_PARALLEL_HEAD bytes (to the end of
 * a line) itself: dialect, header and the first rows, exactly as the
 * sequential path does. The rest is cut into chunks of about
 * LOAD_PARALLEL_CHUNK bytes, each ending just after a line feed. A cut may
 * fall inside a quoted field that spans lines; it is accepted only when
 * the chunk before it, parsed from an accepted start, ends outside any
 * record, which by induction from the file's start makes every accepted
 * cut a record boundary. Anything else (a cut inside a record, any error
 * or warning in a chunk, a short read) abandons the parallel result and
 * the file is read again sequentially from its start, so that errors,
 * their lines and warnings are exactly those of the sequential path.
 * Categories are merged in chunk order, which keeps the codes in order of
 * first appearance; line numbers are shifted by the lines before a chunk.
 */

#define LOAD_PARALLEL_HEAD (1u << 20)
#define LOAD_PARALLEL_CHUNK (8u << 20)
#define LOAD_PARALLEL_BLOCK (1u << 20)

enum { PAR_DONE, PAR_ERROR, PAR_RESTART };

struct chunk {
	unsigned long long begin, end;   /* file offsets [begin, end) */
	struct loader ld;
	struct load_report rep;
	struct diag d;
	int done, ok, started;
};

struct par {
	int fd;
	size_t block;
	unsigned long long size;
	struct loader *main;
	struct chunk *ch;
	size_t nch, next, merged, window;
	double rows_per_byte;            /* of the head: sizes the chunk tables */
	int abort;
	GMutex lock;
	GCond cond;
};

/* Reads exactly n bytes at off; -1 on error or a short read. */
static int pread_full(int fd, char *buf, size_t n, unsigned long long off)
{
	while (n) {
		ssize_t r = pread(fd, buf, n, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		buf += r;
		n -= (size_t)r;
		off += (unsigned long long)r;
	}
	return 0;
}

/* Offset just after the first line feed at or after `from`, or 0. */
static unsigned long long next_line_start(int fd, unsigned long long from,
					  unsigned long long size)
{
	char buf[65536];
	size_t want = 512; /* lines are short: a small read first, then more */

	while (from < size) {
		size_t n = size - from < want ? (size_t)(size - from) : want;
		const char *nl;

		if (pread_full(fd, buf, n, from) < 0)
			return 0;
		nl = memchr(buf, '\n', n);
		if (nl)
			return from + (unsigned long long)(nl - buf) + 1;
		from += n;
		want = sizeof buf;
	}
	return 0;
}

/* A loader for one chunk: the main loader's dialect, columns and options. */
static int chunk_init(struct chunk *c, const struct loader *m, double rows_per_byte)
{
	struct loader *ld = &c->ld;

	load_report_init(&c->rep);
	diag_init(&c->d);
	memset(ld, 0, sizeof *ld);
	ld->opt = m->opt;
	ld->rep = &c->rep;
	ld->d = &c->d;
	ld->name = m->name;
	ld->delim = m->delim;
	ld->decimal = m->decimal;
	ld->group = m->group;
	ld->line = 1;
	ld->bad_offset = -1;
	ld->started = 1;
	ld->header_done = 1;
	ld->buf_offset = ld->line_offset = c->begin;
	c->started = 1;
	if (init_csv(ld) < 0)
		return -1;
	if (!(ld->t = table_create(m->name, ld->d)))
		return -1;
	for (size_t i = 0; i < m->t->ncols; i++) {
		const struct column *col = &m->t->cols[i];

		if (table_add_column(ld->t, col->name, col->type, ld->d) < 0 ||
		    (col->is_small && table_column_small(ld->t, i, col->small_base, ld->d) < 0))
			return -1;
		ld->t->cols[i].unit = col->unit;
	}
	ld->cs = calloc(m->ncols ? m->ncols : 1, sizeof *ld->cs);
	if (!ld->cs)
		return oom(ld);
	ld->ncols = m->ncols;
	for (size_t i = 0; i < m->ncols; i++) {
		ld->cs[i].last_len = SIZE_MAX;
		ld->cs[i].kind = m->cs[i].kind;
		ld->cs[i].sc = m->cs[i].sc;
		ld->cs[i].name = m->cs[i].name;
		ld->cs[i].tcol = m->cs[i].tcol;
		ld->cs[i].numeric_so_far = 1;
		ld->cs[i].integer_so_far = 1;
	}
	/* room for the rows the head's density predicts, and a little more,
	 * rather than growing by doubling from a few */
	if (rows_per_byte > 0 &&
	    (table_reserve_exact(ld->t,
				 (size_t)(rows_per_byte * (double)(c->end - c->begin) * 1.05) + 64,
				 ld->d) < 0 ||
	     reserve_state(ld) < 0))
		return -1;
	return 0;
}

static void chunk_release(struct chunk *c)
{
	if (!c->started)
		return;
	table_free(c->ld.t);
	c->ld.t = NULL;
	loader_release(&c->ld);
	load_report_release(&c->rep);
	c->started = 0;
}

/* Parses one chunk; c->ok when it ended cleanly at a record boundary. */
static void chunk_parse(struct par *p, struct chunk *c)
{
	struct loader *ld = &c->ld;
	unsigned long long off = c->begin;

	c->ok = 0;
	if (chunk_init(c, p->main, p->rows_per_byte) < 0)
		return;
	while (off < c->end) {
		size_t n = c->end - off < p->block ? (size_t)(c->end - off) : p->block;
		/* read where the parser reads, after what is left of the last block */
		char *room = p->abort ? NULL : feed_room(ld, n);

		if (!room || pread_full(p->fd, room, n, off) < 0 || feed_placed(ld, n) < 0)
			return;
		off += n;
	}
	if (c->end == p->size) {
		/* the last chunk: the file's end, as finish() handles it */
		ld->eof = 1;
		if (drain(ld) < 0)
			return;
		if (csv_fini(&ld->csv, on_field, on_record, ld) != 0 || ld->fail)
			return;
	} else if (ld->len || ld->in_record || ld->fail) {
		return;
	}
	c->ok = !c->rep.warnings.n && !c->rep.sep_line;
}

static gpointer par_worker(gpointer data)
{
	struct par *p = data;

	for (;;) {
		struct chunk *c;

		g_mutex_lock(&p->lock);
		while (!p->abort && p->next < p->nch && p->next >= p->merged + p->window)
			g_cond_wait(&p->cond, &p->lock);
		if (p->abort || p->next >= p->nch) {
			g_mutex_unlock(&p->lock);
			return NULL;
		}
		c = &p->ch[p->next++];
		g_mutex_unlock(&p->lock);
		chunk_parse(p, c);
		g_mutex_lock(&p->lock);
		c->done = 1;
		g_cond_broadcast(&p->cond);
		g_mutex_unlock(&p->lock);
	}
}

/* Appends the rows of a parsed chunk to the main table. */
static int merge_chunk(struct par *p, struct chunk *c)
{
	struct loader *m = p->main;
	struct loader *s = &c->ld;
	struct table *t = m->t, *u = s->t;
	size_t n0 = t->nrows, n = u->nrows;
	unsigned long long shift = m->line - 1;

	if (n0 + n > t->cap) {
		/* grow by the rows per byte seen so far, not by doubling */
		double per_byte = (double)(n0 + n) / (double)c->end;
		size_t want = (size_t)(per_byte * (double)p->size * 1.02) + 1024;

		if (table_reserve_unfilled(t, want > n0 + n ? want : n0 + n, m->d) < 0) {
			m->fail = 1;
			return -1;
		}
	}
	if (table_copy_lines(t, n0, u, shift) < 0)
		return oom(m);
	for (size_t i = 0; i < m->ncols; i++) {
		struct colstate *mc = &m->cs[i], *sc = &s->cs[i];
		struct column *col, *sub;

		if (mc->tcol < 0)
			continue;
		col = &t->cols[mc->tcol];
		sub = &u->cols[mc->tcol];
		col->missing += sub->missing;
		if (mc->kind == KIND_CATEGORY) {
			int32_t *remap = malloc((sub->dict.n ? sub->dict.n : 1) * sizeof *remap);

			if (!remap)
				return oom(m);
			for (size_t k = 0; k < sub->dict.n; k++)
				if ((remap[k] = dict_intern(&col->dict, sub->dict.values[k])) < 0) {
					free(remap);
					return oom(m);
				}
			for (size_t r = 0; r < n; r++)
				col->code[n0 + r] = sub->code[r] < 0 ? -1 : remap[sub->code[r]];
			free(remap);
			continue;
		}
		/* a chunk of blank or comment lines has no rows, nor arrays */
		if (n && col->is_small)
			memcpy(col->small + n0, sub->small, n * sizeof *col->small);
		else if (n)
			memcpy(col->num + n0, sub->num, n * sizeof *col->num);
		if (mc->kind != KIND_INFER)
			continue;
		/* the texts, and the inference as if read in one go */
		if (m->t->cap) {
			uint64_t *a = realloc(mc->aoff, t->cap * sizeof *a);

			if (!a)
				return oom(m);
			mc->aoff = a;
		}
		if (ensure(&mc->arena, &mc->acap, mc->alen + sc->alen + 1) < 0)
			return oom(m);
		if (sc->alen)
			memcpy(mc->arena + mc->alen, sc->arena, sc->alen);
		for (size_t r = 0; r < n; r++)
			mc->aoff[n0 + r] = sc->aoff[r] == UINT64_MAX ? UINT64_MAX : sc->aoff[r] + mc->alen;
		mc->alen += sc->alen;
		if (mc->numeric_so_far && !sc->numeric_so_far) {
			mc->numeric_so_far = 0;
			mc->first_text_line = sc->first_text_line + shift;
			mc->other_dialect_numbers = sc->other_dialect_numbers;
			memcpy(mc->other_example, sc->other_example, sizeof mc->other_example);
		}
		if (!sc->integer_so_far)
			mc->integer_so_far = 0;
	}
	t->nrows = n0 + n;
	m->line += s->line - 1;
	m->line_offset = c->end;
	m->buf_offset = c->end;
	m->n_lf += s->n_lf;
	m->n_crlf += s->n_crlf;
	m->n_cr += s->n_cr;
	m->rep->bytes += c->rep.bytes;
	m->rep->blank_lines += c->rep.blank_lines;
	m->rep->comment_lines += c->rep.comment_lines;
	return 0;
}

/*
 * Loads the file in chunks (see above). PAR_DONE: every row is in m->t and
 * the caller finishes; PAR_ERROR: the head of the file failed (m->d holds
 * the error the sequential path gives); PAR_RESTART: read the file again
 * sequentially, from a fresh loader.
 */
static int run_parallel(struct loader *m, int fd, unsigned long long size, int threads,
			size_t head_block)
{
	const struct load_options *o = m->opt;
	size_t chunk = o->parallel_chunk ? o->parallel_chunk : LOAD_PARALLEL_CHUNK;
	/* the head holds at least the dialect sample, so that start() has run */
	size_t head = chunk < LOAD_PARALLEL_HEAD ? chunk : LOAD_PARALLEL_HEAD;
	size_t block = chunk < LOAD_PARALLEL_BLOCK ? chunk : LOAD_PARALLEL_BLOCK;

	if (block < LOAD_SAMPLE_BYTES)
		block = LOAD_SAMPLE_BYTES;
	unsigned long long b1, off = 0, begin;
	GArray *bounds = g_array_new(FALSE, FALSE, sizeof(unsigned long long));
	GThread **th = NULL;
	struct par p;
	char *buf = NULL;
	int rc = PAR_RESTART, nth = 0;

	memset(&p, 0, sizeof p);
	if (head < LOAD_SAMPLE_BYTES)
		head = LOAD_SAMPLE_BYTES;
	b1 = next_line_start(fd, head - 1, size);
	if (!b1 || b1 >= size || !(buf = malloc(block > head_block ? block : head_block)))
		goto out;
	/* the head: dialect, header, first rows, by the main loader, read in
	 * the sequential path's blocks so that the dialect sample is the same */
	while (off < b1) {
		size_t n = b1 - off < head_block ? (size_t)(b1 - off) : head_block;

		if (pread_full(fd, buf, n, off) < 0)
			goto out; /* changed under us: the sequential read reports it */
		if (feed(m, buf, n) < 0) {
			rc = PAR_ERROR;
			goto out;
		}
		off += n;
	}
	/* a chunk loader costs memory per column: a wide file is read in one go */
	if (!m->started || !m->header_done || m->in_record || m->len || m->ncols > 4096)
		goto out;
	for (begin = b1; begin < size;) {
		unsigned long long e = next_line_start(fd, begin + chunk - 1, size);

		if (!e || e > size)
			e = size;
		g_array_append_val(bounds, begin);
		begin = e;
	}
	g_array_append_val(bounds, size);
	p.fd = fd;
	p.block = block;
	p.size = size;
	p.main = m;
	p.rows_per_byte = (double)m->t->nrows / (double)b1;
	p.nch = bounds->len - 1;
	p.window = 4 * (size_t)threads;
	p.ch = calloc(p.nch, sizeof *p.ch);
	if (!p.ch)
		goto out;
	for (size_t k = 0; k < p.nch; k++) {
		p.ch[k].begin = g_array_index(bounds, unsigned long long, k);
		p.ch[k].end = g_array_index(bounds, unsigned long long, k + 1);
	}
	g_mutex_init(&p.lock);
	g_cond_init(&p.cond);
	th = calloc((size_t)threads, sizeof *th);
	for (int i = 0; th && i < threads; i++) {
		if (!(th[nth] = g_thread_try_new("load", par_worker, &p, NULL)))
			break;
		nth++;
	}
	if (!nth)
		goto join;
	for (size_t k = 0; k < p.nch; k++) {
		struct chunk *c = &p.ch[k];

		/* the checksum runs in file order while the workers parse */
		for (unsigned long long at = c->begin; m->sha && at < c->end;) {
			size_t n = c->end - at < block ? (size_t)(c->end - at) : block;

			if (pread_full(fd, buf, n, at) < 0)
				goto join;
			sha256_update(m->sha, n, (const uint8_t *)buf);
			at += n;
		}
		g_mutex_lock(&p.lock);
		while (!c->done)
			g_cond_wait(&p.cond, &p.lock);
		g_mutex_unlock(&p.lock);
		if (!c->ok)
			goto join;
		if (merge_chunk(&p, c) < 0) {
			rc = PAR_ERROR;
			goto join;
		}
		chunk_release(c);
		g_mutex_lock(&p.lock);
		p.merged++;
		g_cond_broadcast(&p.cond);
		g_mutex_unlock(&p.lock);
		if (o->progress)
			o->progress(o->progress_arg, c->end, size);
	}
	rc = PAR_DONE;
join:
	g_mutex_lock(&p.lock);
	p.abort = 1;
	g_cond_broadcast(&p.cond);
	g_mutex_unlock(&p.lock);
	for (int i = 0; i < nth; i++)
		g_thread_join(th[i]);
	free(th);
	g_mutex_clear(&p.lock);
	g_cond_clear(&p.cond);
	for (size_t k = 0; k < p.nch; k++)
		chunk_release(&p.ch[k]);
	free(p.ch);
out:
	free(buf);
	g_array_free(bounds, TRUE);
	return rc;
}

/* Loads into a new table. *restart is set when the caller must start over
 * sequentially (threads = 1) with a fresh loader and report. */
static struct table *run(struct loader *ld, const char *data, size_t len, int fd,
			 size_t block, struct stat *st, int threads, int *restart)
{
	struct table *t = table_create(ld->name, ld->d);
	int ok = 0;

	if (!t)
		return NULL;
	ld->t = t;
	if (fd < 0) {
		for (size_t off = 0; off < len; off += block) {
			size_t n = len - off < block ? len - off : block;

			if (feed(ld, data + off, n) < 0)
				goto out;
		}
	} else {
		size_t min = ld->opt->parallel_min ? ld->opt->parallel_min : LOAD_PARALLEL_MIN;

		if (threads > 1 && st && S_ISREG(st->st_mode) &&
		    (unsigned long long)st->st_size >= min) {
			int pr = run_parallel(ld, fd, (unsigned long long)st->st_size, threads, block);

			if (pr == PAR_ERROR)
				goto out;
			if (pr == PAR_RESTART) {
				*restart = 1;
				goto out;
			}
			goto read_all;
		}
		for (;;) {
			/* read where the parser reads, after what is left of the
			 * last block */
			char *room = feed_room(ld, block);
			ssize_t n;

			if (!room)
				goto out;
			n = read(fd, room, block);

			if (n < 0) {
				if (errno == EINTR)
					continue;
				diag_set_errno(ld->d, DIAG_IO, errno, "cannot read");
				diag_set_path(ld->d, ld->name);
				goto out;
			}
			if (n == 0)
				break;
			if (feed_placed(ld, (size_t)n) < 0)
				goto out;
			if (ld->opt->progress)
				ld->opt->progress(ld->opt->progress_arg, ld->rep->bytes,
						  st && S_ISREG(st->st_mode) ? (unsigned long long)st->st_size
									     : 0);
		}
read_all:
		if (st && S_ISREG(st->st_mode)) {
			struct stat now;

			if (fstat(fd, &now) == 0 &&
			    ((unsigned long long)now.st_size != ld->rep->bytes ||
			     now.st_mtim.tv_sec != st->st_mtim.tv_sec ||
			     now.st_mtim.tv_nsec != st->st_mtim.tv_nsec)) {
				diag_set(ld->d, DIAG_IO, "the file changed while it was being read");
				diag_set_path(ld->d, ld->name);
				goto out;
			}
		}
	}
	if (finish(ld) < 0)
		goto out;
	ok = 1;
out:
	if (!ok) {
		table_free(t);
		return NULL;
	}
	return t;
}

struct table *load_memory(const char *name, const char *data, size_t len,
			  const struct load_options *opt, struct load_report *rep, struct diag *d)
{
	struct loader ld;
	struct load_report local;
	struct load_options defaults;
	struct table *t;

	if (!opt) {
		load_options_init(&defaults);
		opt = &defaults;
	}
	if (!rep) {
		load_report_init(&local);
		rep = &local;
	}
	loader_init(&ld, opt->display_name ? opt->display_name : name, opt, rep, d);
	t = run(&ld, data, len, -1, opt->block_size ? opt->block_size : LOAD_DEFAULT_BLOCK, NULL, 1,
		NULL);
	loader_release(&ld);
	if (rep == &local)
		load_report_release(&local);
	return t;
}

struct table *load_path(const char *path, const struct load_options *opt,
			struct load_report *rep, struct diag *d)
{
	struct loader ld;
	struct load_report local;
	struct load_options defaults;
	struct table *t;
	struct stat st;
	const char *name;
	int fd;

	if (!opt) {
		load_options_init(&defaults);
		opt = &defaults;
	}
	if (!rep) {
		load_report_init(&local);
		rep = &local;
	}
	name = opt->display_name ? opt->display_name : strcmp(path, "-") == 0 ? "<stdin>" : path;
	if (strcmp(path, "-") == 0) {
		fd = 0;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			diag_set_errno(d, DIAG_IO, errno, "cannot open");
			diag_set_path(d, name);
			if (rep == &local)
				load_report_release(&local);
			return NULL;
		}
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_set(d, DIAG_IO, "is a directory, not a CSV file");
		diag_set_path(d, name);
		if (fd)
			close(fd);
		if (rep == &local)
			load_report_release(&local);
		return NULL;
	}
	{
		int threads = opt->threads > 0 ? opt->threads : (int)g_get_num_processors();
		int restart = 0;
		size_t block = opt->block_size ? opt->block_size : LOAD_DEFAULT_BLOCK;

		loader_init(&ld, name, opt, rep, d);
		t = run(&ld, NULL, 0, fd, block, &st, threads, &restart);
		loader_release(&ld);
		if (restart) {
			/* the parallel read gave up: the same file, from its start */
			load_report_release(rep);
			load_report_init(rep);
			if (lseek(fd, 0, SEEK_SET) != 0) {
				diag_set_errno(d, DIAG_IO, errno, "cannot read");
				diag_set_path(d, name);
			} else {
				loader_init(&ld, name, opt, rep, d);
				t = run(&ld, NULL, 0, fd, block, &st, 1, &restart);
				loader_release(&ld);
			}
		}
	}
	if (fd)
		close(fd);
	if (rep == &local)
		load_report_release(&local);
	return t;
}
