/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_load: load_memory on arbitrary bytes in every dialect, with the table's invariants checked. */
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clusterbench/load.h"
#include "clusterbench/table.h"
#include "fuzz.h"

/*
 * Input layout: 4 option bytes, then the file.
 *   byte 0  bits 0-1 delimiter: auto , ; tab
 *           bits 2-3 decimal: auto . , auto
 *           bit 4    encoding windows-1254 (else UTF-8)
 *           bits 5-6 schema: none, sme, clusters, none with no province check
 *           bit 7    pad, when byte 1 bit 7 is set too (see below)
 *   byte 1  bits 0-2 comment character: none # ; % " , tab x
 *           bits 3-4 extra missing tokens: none, {x}, {"", ?}, {--, #DIV/0!}
 *           bit 5    province aliases "auto"
 *           bit 6    want the SHA-256
 *           bit 7    pad, with byte 0 bit 7: the file starts with one blank
 *                    line of 65536 spaces, so that the dialect is fixed
 *                    before the data arrives and the data is fed in blocks
 *                    (the loader buffers the first LOAD_SAMPLE_BYTES before
 *                    it starts); two bits, as a padded input costs 10 times
 *                    as much
 *   bytes 2-3 block size 1 + (little-endian value mod 4096)
 *
 * Invariants on success: every cell is walked; column names are non-empty,
 * distinct, NFC UTF-8; numeric columns hold NaN exactly for their missing
 * count, integers are whole; category codes are in range and -1 exactly for
 * the missing count, dictionary values are distinct valid UTF-8; schema
 * types, ranges and nullability hold; province columns hold province names;
 * row lines increase strictly and lie after the header line and within the
 * lines read; the report matches the options. On failure: a DATA or USAGE
 * error with the file name and a non-empty valid UTF-8 message. With the
 * pad and a dialect that does not depend on the sample, the result must be
 * the same, byte for byte, when the whole file is fed at once.
 *
 * FUZZ_VERBOSE=1 in the environment prints each result (to replay a crash).
 */

#define PAD_BYTES 65536

static const int comments[8] = { 0, '#', ';', '%', '"', ',', '\t', 'x' };
static const char *const missing_x[] = { "x" };
static const char *const missing_q[] = { "", "?" };
static const char *const missing_dd[] = { "--", "#DIV/0!" };

static const char *name = "fuzz.csv";

static void decode(const uint8_t *h, struct load_options *o, int *pad)
{
	static const int delims[4] = { 0, ',', ';', '\t' };
	static const int decimals[4] = { 0, '.', ',', 0 };

	load_options_init(o);
	o->delimiter = delims[h[0] & 3];
	o->decimal = decimals[(h[0] >> 2) & 3];
	o->encoding = (h[0] & 16) ? LOAD_WINDOWS_1254 : LOAD_UTF8;
	switch ((h[0] >> 5) & 3) {
	case 1:
		o->schema = schema_find("sme");
		break;
	case 2:
		o->schema = schema_find("clusters");
		break;
	case 3:
		o->no_province_check = 1;
		break;
	}
	*pad = (h[0] & 128) && (h[1] & 128);
	o->comment = comments[h[1] & 7];
	switch ((h[1] >> 3) & 3) {
	case 1:
		o->missing = missing_x;
		o->nmissing = 1;
		break;
	case 2:
		o->missing = missing_q;
		o->nmissing = 2;
		break;
	case 3:
		o->missing = missing_dd;
		o->nmissing = 2;
		break;
	}
	if (h[1] & 32)
		o->province_aliases = "auto";
	o->want_sha256 = (h[1] & 64) != 0;
	o->block_size = 1 + (((size_t)h[2] | (size_t)h[3] << 8) % 4096);
	o->display_name = name;
}

static int is_nfc_utf8(const char *s)
{
	char *n;
	int same;

	if (!g_utf8_validate(s, -1, NULL))
		return 0;
	n = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
	same = n && strcmp(n, s) == 0;
	g_free(n);
	return same;
}

static const struct schema_column *schema_col(const struct schema *sc, const char *col)
{
	for (size_t i = 0; sc && i < sc->ncols; i++)
		if (strcmp(sc->cols[i].name, col) == 0)
			return &sc->cols[i];
	return NULL;
}

static void check_column(const struct table *t, size_t c, const struct load_options *o)
{
	const struct column *col = &t->cols[c];
	const struct schema_column *sc = schema_col(o->schema, col->name);
	size_t missing = 0;
	int prov;

	FUZZ_CHECK(col->name && col->name[0] && is_nfc_utf8(col->name));
	for (size_t k = 0; k < c; k++)
		FUZZ_CHECKF(strcmp(t->cols[k].name, col->name) != 0, "duplicate '%s'", col->name);
	if (col_type_is_numeric(col->type)) {
		FUZZ_CHECK(t->nrows == 0 || col->num != NULL);
		FUZZ_CHECK(col->code == NULL && col->dict.n == 0);
		for (size_t r = 0; r < t->nrows; r++) {
			double v = col->num[r];

			if (isnan(v)) {
				missing++;
				continue;
			}
			FUZZ_CHECK(isfinite(v));
			if (col->type == COL_INTEGER)
				FUZZ_CHECKF(v == floor(v) && fabs(v) <= 9007199254740992.0,
					    "'%s' row %zu: %.17g in an integer column", col->name, r, v);
			if (sc)
				FUZZ_CHECK(v >= sc->min && v <= sc->max);
		}
	} else {
		FUZZ_CHECK(col->type == COL_CATEGORY || col->type == COL_TEXT);
		FUZZ_CHECK(t->nrows == 0 || col->code != NULL);
		FUZZ_CHECK(col->num == NULL);
		for (size_t r = 0; r < t->nrows; r++) {
			int32_t k = col->code[r];

			FUZZ_CHECKF(k >= -1 && (size_t)(k + 1) <= col->dict.n,
				    "'%s' row %zu: code %d of %zu", col->name, r, (int)k, col->dict.n);
			missing += k < 0;
		}
		for (size_t k = 0; k < col->dict.n; k++) {
			const char *v = col->dict.values[k];

			FUZZ_CHECK(v != NULL && g_utf8_validate(v, -1, NULL));
			FUZZ_CHECK(dict_find(&col->dict, v) == (int32_t)k);
		}
	}
	FUZZ_CHECKF(missing == col->missing, "'%s': %zu missing cells, counted %zu", col->name,
		    missing, col->missing);
	if (sc) {
		if (col_type_is_numeric(sc->type))
			FUZZ_CHECK(col->type == sc->type);
		else
			FUZZ_CHECK(!col_type_is_numeric(col->type));
		if (!sc->nullable)
			FUZZ_CHECK(col->missing == 0);
	}
	prov = sc ? sc->province : strcmp(col->name, "province") == 0;
	if (prov && !o->no_province_check && !col_type_is_numeric(col->type))
		for (size_t r = 0; r < t->nrows; r++)
			if (col->code[r] >= 0)
				FUZZ_CHECKF(province_find(col->dict.values[col->code[r]]) != NULL,
					    "'%s' is not a province", col->dict.values[col->code[r]]);
}

static void check_table(const struct table *t, const struct load_options *o,
			const struct load_report *rep, size_t len)
{
	unsigned long long prev;

	FUZZ_CHECK(t->ncols > 0 && t->nrows <= t->cap);
	/* one row per line: line_first instead of the array */
	FUZZ_CHECK(t->nrows == 0 || t->line != NULL || t->line_first != 0);
	for (size_t c = 0; c < t->ncols; c++)
		check_column(t, c, o);
	for (size_t i = 0; o->schema && i < o->schema->ncols; i++)
		if (o->schema->cols[i].required)
			FUZZ_CHECK(table_find(t, o->schema->cols[i].name) >= 0);

	FUZZ_CHECK(rep->header_line >= 1 && rep->header_line <= rep->lines);
	prev = rep->header_line;
	for (size_t r = 0; r < t->nrows; r++) {
		unsigned long long l = table_row_line(t, r);

		FUZZ_CHECKF(l > prev && l <= rep->lines, "row %zu on line %llu after %llu (%llu lines)",
			    r, l, prev, rep->lines);
		prev = l;
	}

	FUZZ_CHECK(rep->bytes == len);
	FUZZ_CHECK(rep->delimiter == ',' || rep->delimiter == ';' || rep->delimiter == '\t');
	FUZZ_CHECK(rep->decimal == '.' || rep->decimal == ',');
	FUZZ_CHECK(rep->delimiter != rep->decimal);
	FUZZ_CHECK(!o->delimiter || rep->delimiter == o->delimiter);
	FUZZ_CHECK(!o->decimal || rep->decimal == o->decimal);
	FUZZ_CHECK(!o->want_sha256 || strlen(rep->sha256) == 64);
	for (size_t i = 0; i < rep->warnings.n; i++)
		FUZZ_CHECK(rep->warnings.items[i][0] &&
			   g_utf8_validate(rep->warnings.items[i], -1, NULL));
}

/*
 * Valid UTF-8, or valid UTF-8 cut inside its last character because it
 * filled a diag field of size bytes: diag.c cuts long texts at a byte
 * count, which can split a character (known, see tests/fuzz/README.md).
 */
static int utf8_or_cut(const char *s, size_t size)
{
	const gchar *end;
	size_t n = strlen(s);

	if (g_utf8_validate(s, -1, &end))
		return 1;
	return n == size - 1 && (size_t)(end - s) + 4 > n &&
	       ((unsigned char)*end & 0xC0) == 0xC0;
}

static void check_error(const struct diag *d)
{
	size_t n = strlen(d->message);

	FUZZ_CHECKF(d->code == DIAG_DATA || d->code == DIAG_USAGE, "code %d: %s", d->code,
		    d->message);
	/* (a final '.' may be quoted data: "the header has: b.") */
	FUZZ_CHECK(n > 0);
	FUZZ_CHECKF(utf8_or_cut(d->message, sizeof d->message), "message not UTF-8: %s",
		    d->message);
	FUZZ_CHECKF(strcmp(d->path, name) == 0, "path '%s': %s", d->path, d->message);
	FUZZ_CHECKF(utf8_or_cut(d->column, sizeof d->column), "column not UTF-8: %s: %s",
		    d->column, d->message);
}

/* Everything observable about a load, as text (for the block-size comparison). */
static char *fingerprint(const struct table *t, const struct load_report *rep,
			 const struct diag *d)
{
	GString *s = g_string_new(NULL);
	char buf[2048];

	if (!t) {
		g_string_append_printf(s, "error %d: %s\n", d->code, diag_format(d, buf, sizeof buf));
		return g_string_free(s, FALSE);
	}
	g_string_append_printf(s, "%zu rows; %c %c %s %s bom %d sep %d header %llu lines %llu "
			       "bytes %llu blank %zu comment %zu mapped %zu sha %s\n",
			       t->nrows, rep->delimiter, rep->decimal, rep->encoding, rep->line_ends,
			       rep->bom, rep->sep_line, rep->header_line, rep->lines, rep->bytes,
			       rep->blank_lines, rep->comment_lines, rep->province_mapped,
			       rep->sha256);
	for (size_t c = 0; c < t->ncols; c++) {
		const struct column *col = &t->cols[c];

		g_string_append_printf(s, "%s %s %zu:", col->name, col_type_name(col->type),
				       col->missing);
		for (size_t r = 0; r < t->nrows; r++) {
			if (col_type_is_numeric(col->type))
				g_string_append_printf(s, " %a", col->num[r]);
			else if (col->code[r] < 0)
				g_string_append(s, " <NA>");
			else
				g_string_append_printf(s, " [%s]", col->dict.values[col->code[r]]);
		}
		g_string_append_c(s, '\n');
	}
	for (size_t r = 0; r < t->nrows; r++)
		g_string_append_printf(s, "%llu ", table_row_line(t, r));
	for (size_t i = 0; i < rep->warnings.n; i++)
		g_string_append_printf(s, "\nwarning: %s", rep->warnings.items[i]);
	return g_string_free(s, FALSE);
}

static char *load_once(const char *file, size_t len, const struct load_options *o, int check)
{
	struct load_report rep;
	struct diag d;
	struct table *t;
	char *fp;

	load_report_init(&rep);
	diag_init(&d);
	t = load_memory(name, file, len, o, &rep, &d);
	if (check) {
		if (t) {
			FUZZ_CHECK(!diag_failed(&d));
			check_table(t, o, &rep, len);
		} else {
			check_error(&d);
		}
	}
	fp = fingerprint(t, &rep, &d);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "block size %zu:\n%s\n", o->block_size, fp);
	table_free(t);
	load_report_release(&rep);
	return fp;
}

static char *load_path_once(const char *path, const struct load_options *o)
{
	struct load_report rep;
	struct diag d;
	struct table *t;
	char *fp;

	load_report_init(&rep);
	diag_init(&d);
	t = load_path(path, o, &rep, &d);
	fp = fingerprint(t, &rep, &d);
	table_free(t);
	load_report_release(&rep);
	return fp;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_options o;
	int pad;
	size_t len;
	char *file, *fp;

	if (size < 4)
		return 0;
	decode(data, &o, &pad);
	data += 4;
	size -= 4;
	if (pad) {
		len = PAD_BYTES + 1 + size;
		file = malloc(len);
		FUZZ_CHECK(file != NULL);
		memset(file, ' ', PAD_BYTES);
		file[PAD_BYTES] = '\n';
		if (size)
			memcpy(file + PAD_BYTES + 1, data, size);
	} else {
		len = size;
		file = fuzz_dup_exact(data, size);
	}

	fp = load_once(file, len, &o, 1);
	{
		/* the split of quote-free lines against libcsv alone: identical */
		struct load_options lo = o;
		char *fp_csv;

		lo.libcsv_only = 1;
		fp_csv = load_once(file, len, &lo, 0);
		FUZZ_CHECKF(strcmp(fp, fp_csv) == 0, "split:\n%s\nlibcsv alone:\n%s", fp, fp_csv);
		g_free(fp_csv);
	}
	/*
	 * With the pad, the delimiter detected is always ',' (the first record
	 * of the sample has no candidate), and with ',' the decimal mark is
	 * '.': the dialect does not depend on how much of the file the sample
	 * holds, so neither may anything else.
	 */
	if (pad && (o.decimal || !o.delimiter || o.delimiter == ',')) {
		struct load_options whole = o;
		char *fp2;

		whole.block_size = len;
		fp2 = load_once(file, len, &whole, 0);
		FUZZ_CHECKF(strcmp(fp, fp2) == 0, "block size %zu:\n%s\nwhole file:\n%s",
			    o.block_size, fp, fp2);
		g_free(fp2);
	}
	if (pad) {
		/*
		 * The parallel reader of load_path: chunks as small as the block
		 * size, 2 threads, against load_path reading sequentially with
		 * the same block size. Identical, whatever the input.
		 */
		static char path[64];
		struct load_options seq = o, par;
		char *fp_seq, *fp_par;

		if (!path[0])
			snprintf(path, sizeof path, "/tmp/fuzz_load.%ld.csv", (long)getpid());
		FUZZ_CHECK(g_file_set_contents(path, file, (gssize)len, NULL));
		seq.display_name = name;
		seq.threads = 1;
		par = seq;
		par.threads = 2;
		par.parallel_min = 1;
		par.parallel_chunk = o.block_size;
		fp_seq = load_path_once(path, &seq);
		fp_par = load_path_once(path, &par);
		FUZZ_CHECKF(strcmp(fp_seq, fp_par) == 0, "chunks of %zu:\n%s\nsequential:\n%s",
			    o.block_size, fp_par, fp_seq);
		g_free(fp_seq);
		g_free(fp_par);
	}
	g_free(fp);
	free(file);
	return 0;
}
