/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_load_parallel: the chunked parallel loader gives exactly the sequential result. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clusterbench/load.h"
#include "clusterbench/table.h"
#include "tcheck.h"

static char tmpdir[] = "/tmp/cbpar.XXXXXX";
static int cases;

/* Everything a load gives back, as text: table, report and error. */
static GString *describe(const struct table *t, const struct load_report *r, const struct diag *d)
{
	GString *s = g_string_new(NULL);

	if (!t) {
		g_string_append_printf(s, "error %d line %llu field %lu column '%s' offset %lld: %s\n",
				       d->code, d->line, d->field, d->column, d->byte_offset, d->message);
		return s;
	}
	g_string_append_printf(s, "rows %zu cols %zu lines %llu bytes %llu ends %s header %llu "
			       "blank %zu comment %zu mapped %zu delim %c dec %c bom %d sep %d sha %s\n",
			       t->nrows, t->ncols, r->lines, r->bytes, r->line_ends, r->header_line,
			       r->blank_lines, r->comment_lines, r->province_mapped, r->delimiter,
			       r->decimal, r->bom, r->sep_line, r->sha256);
	for (size_t i = 0; i < r->warnings.n; i++)
		g_string_append_printf(s, "warning %s\n", r->warnings.items[i]);
	for (size_t i = 0; i < t->nfile_cols; i++)
		g_string_append_printf(s, "file column %s\n", t->file_cols[i]);
	for (size_t c = 0; c < t->ncols; c++) {
		const struct column *col = &t->cols[c];

		g_string_append_printf(s, "column %s type %d missing %zu dict %zu:", col->name,
				       col->type, col->missing, col->dict.n);
		for (size_t k = 0; k < col->dict.n; k++)
			g_string_append_printf(s, " [%s]", col->dict.values[k]);
		g_string_append_c(s, '\n');
	}
	for (size_t row = 0; row < t->nrows; row++) {
		g_string_append_printf(s, "%llu:", table_row_line(t, row));
		for (size_t c = 0; c < t->ncols; c++) {
			const struct column *col = &t->cols[c];

			if (col_type_is_numeric(col->type)) {
				double v = column_value(col, row);
				uint64_t u;

				memcpy(&u, &v, sizeof u);
				g_string_append_printf(s, " %016llx", (unsigned long long)u);
			} else {
				g_string_append_printf(s, " %d", col->code[row]);
			}
		}
		g_string_append_c(s, '\n');
	}
	return s;
}

static GString *load_with(const char *path, const struct load_options *base, int threads,
			  size_t chunk)
{
	struct load_options o = *base;
	struct load_report r;
	struct diag d;
	struct table *t;
	GString *s;

	o.threads = threads;
	o.parallel_min = 1;
	o.parallel_chunk = chunk;
	o.want_sha256 = 1;
	load_report_init(&r);
	diag_init(&d);
	t = load_path(path, &o, &r, &d);
	s = describe(t, &r, &d);
	table_free(t);
	load_report_release(&r);
	return s;
}

static int want_some(void *arg, const char *name)
{
	(void)arg;
	return strcmp(name, "b") != 0 && strcmp(name, "firm_id") != 0 && strcmp(name, "id") != 0;
}

/* Loads text sequentially and with 2..4 threads at several chunk sizes. */
static void same(const char *label, const char *text, size_t len, const struct load_options *o,
		 const char *expect_start)
{
	static const size_t chunks[] = { 1, 301, 4096 };
	char *path = g_strdup_printf("%s/case%d.csv", tmpdir, cases++);
	GString *want;

	if (!g_file_set_contents(path, text, (gssize)len, NULL)) {
		TC_FAIL("cannot write %s", path);
		g_free(path);
		return;
	}
	want = load_with(path, o, 1, 0);
	if (expect_start && strncmp(want->str, expect_start, strlen(expect_start)) != 0)
		TC_FAIL("%s: sequential result starts '%.120s', want '%s'", label, want->str,
			expect_start);
	else
		tc_passed++;
	{
		/* every line through libcsv: the quote-free split gives the same */
		struct load_options lo = *o;
		GString *got;

		lo.libcsv_only = 1;
		got = load_with(path, &lo, 1, 0);
		if (strcmp(got->str, want->str) != 0)
			TC_FAIL("%s: libcsv alone differs\n got  %.300s\n want %.300s", label,
				got->str, want->str);
		else
			tc_passed++;
		g_string_free(got, TRUE);
	}
	for (int th = 2; th <= 4; th++)
		for (size_t ci = 0; ci < sizeof chunks / sizeof chunks[0]; ci++) {
			GString *got;

			if (chunks[ci] == 1 && th > 2)
				continue; /* a chunk per line: slow, once is enough */
			got = load_with(path, o, th, chunks[ci]);

			if (strcmp(got->str, want->str) != 0)
				TC_FAIL("%s: %d threads, %zu-byte chunks: differs\n got  %.300s\n want %.300s",
					label, th, chunks[ci], got->str, want->str);
			else
				tc_passed++;
			g_string_free(got, TRUE);
		}
	g_string_free(want, TRUE);
	unlink(path);
	g_free(path);
}

/* A generated file of n rows; `fault` puts one irregularity at row at. */
static GString *generated(size_t n, const char *fault, size_t at)
{
	static const char *const names[] = { "Çorum", "Gaziantep", "Kahramanmaraş", "Samsun",
					     "Trabzon" };
	GString *s = g_string_new("id,province,a,b,c\n");

	for (size_t i = 0; i < n; i++) {
		if (fault && i == at) {
			g_string_append(s, fault);
			continue;
		}
		g_string_append_printf(s, "%zu,%s,%zu.%02zu,%s,%s\n", i, names[(i * 7) % 5],
				       i % 1000, i % 100, i % 9 ? "x" : "", (i % 11) ? "1" : "NA");
	}
	return s;
}

static void test_generated(void)
{
	struct load_options o;
	static const struct {
		const char *label, *fault, *expect;
	} faults[] = {
		{ "clean", NULL, "rows 6000 " },
		{ "quoted line break", "77,\"Sam\nsun\",1.5,x,1\n", "error 1 " },
		{ "quoted line break in text column", "77,Samsun,1.5,\"x\ny\",1\n", "rows 6000 " },
		{ "number with a unit", "77,Samsun,1.5x,x,1\n", "rows 6000 " },
		{ "ragged", "77,Samsun,1.5,x\n", "error 1 " },
		{ "bad utf-8", "77,Sam\xff" "sun,1.5,x,1\n", "error 1 " },
		{ "unterminated quote", "77,\"Samsun,1.5,x,1\n", "error 1 " },
		{ "stray quote", "77,Sam\"sun,1.5,x,1\n", "error 1 " },
		{ "blank lines", "\n \n77,Samsun,1.5,x,1\n", "rows 6000 " },
		{ "comment", "#77,Samsun,1.5,x,1\n", "rows 5999 " },
		{ "crlf", "77,Samsun,1.5,x,1\r\n", "rows 6000 " },
		{ "lone cr", "77,Samsun,1.5,x,1\r78,Samsun,2,x,1\n", "rows 6001 " },
		{ "late text in a number column", "77,Samsun,abc,x,1\n", "rows 6000 " },
		{ "late other-dialect number", "77,Samsun,\"1,5\",x,1\n", "rows 6000 " },
		{ "late decimal in integer column", "77.5,Samsun,1.5,x,1\n", "rows 6000 " },
		{ "NUL byte", "77,Sam\0sun,1.5,x,1\n", "error 1 " },
		{ "Excel error", "77,Samsun,#DIV/0!,x,1\n", "error 1 " },
	};

	for (size_t f = 0; f < sizeof faults / sizeof faults[0]; f++) {
		size_t ats[] = { 0, 4000, 5999 };

		for (size_t ai = 0; ai < 3; ai++) {
			GString *s = generated(6000, faults[f].fault, ats[ai]);
			char *label = g_strdup_printf("%s at row %zu", faults[f].label, ats[ai]);
			size_t len = s->len;

			/* a NUL inside the fault text: the literal is cut there */
			if (strcmp(faults[f].label, "NUL byte") == 0) {
				g_string_free(s, TRUE);
				s = generated(6000, "77,Sam", ats[ai]);
				g_string_insert_len(s, (gssize)strlen(s->str), "\0sun,1.5,x,1\n", 13);
				len = s->len;
			}
			load_options_init(&o);
			o.comment = '#';
			same(label, s->str, len, &o, faults[f].expect);
			if (ai == 1) {
				char *l2 = g_strdup_printf("%s, some columns", label);

				o.want_column = want_some;
				same(l2, s->str, len, &o, NULL);
				g_free(l2);
			}
			g_free(label);
			g_string_free(s, TRUE);
		}
	}
	{
		/* no line end after the last row; province aliases folded */
		GString *s = generated(2000, NULL, 0);

		g_string_append(s, "2000,CORUM,1,x,1");
		load_options_init(&o);
		o.province_aliases = "auto";
		same("no final line end, folded province", s->str, s->len, &o, "rows 2001 ");
		g_string_free(s, TRUE);
	}
}

/* The committed datasets, with their schemas and dialects. */
static void test_datasets(void)
{
	static const struct {
		const char *file, *schema;
		int windows;
	} sets[] = {
		{ "datasets/sme_panel.csv", "sme", 0 },
		{ "datasets/clusters.csv", "clusters", 0 },
		{ "datasets/sme_panel_excel_tr.csv", "sme", 1 },
	};

	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		char *text = NULL;
		gsize len = 0;
		struct load_options o;

		if (!g_file_get_contents(sets[i].file, &text, &len, NULL)) {
			TC_FAIL("cannot read %s (run from the top folder)", sets[i].file);
			continue;
		}
		load_options_init(&o);
		o.schema = schema_find(sets[i].schema);
		if (sets[i].windows)
			o.encoding = LOAD_WINDOWS_1254;
		same(sets[i].file, text, len, &o, "rows ");
		if (i == 0) {
			/* a duplicate key far into the file is found and named alike */
			GString *s = g_string_new_len(text, (gssize)len);
			const char *second = strchr(text, '\n') + 1;
			const char *third = strchr(second, '\n') + 1;

			g_string_append_len(s, second, third - second);
			same("duplicate key at the end", s->str, s->len, &o, "error 1 ");
			o.want_column = want_some;
			same("panel, some columns", text, len, &o, "rows ");
			g_string_free(s, TRUE);
		}
		g_free(text);
	}
}

static int want_not_h1(void *arg, const char *name)
{
	(void)arg;
	return strcmp(name, "h1") != 0;
}

static int want_not_h0(void *arg, const char *name)
{
	(void)arg;
	return strcmp(name, "h0") != 0;
}

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * Random files of short fields made of the characters that matter to the
 * split (delimiters of every dialect, spaces, tabs, quotes, line ends,
 * letters, digits, a Turkish letter): the quote-free split and libcsv must
 * give the same table, report and error.
 */
static void test_split_random(void)
{
	static const char *const atoms[] = { ",", ";", "\t", " ", "  ", "\"", "a", "Ş", "1",
					     "2.5", "3,5", "NA", "", "x y", "\r\n", "\n", "\r" };
	static const char delims[] = { ',', ';', '\t' };
	size_t differ = 0, runs = 0;

	for (int it = 0; it < 3000; it++) {
		GString *text = g_string_new(NULL);
		size_t cols = 1 + rnd() % 4, lines = 1 + rnd() % 12;
		char delim = delims[rnd() % 3];
		struct load_options o;

		for (size_t c = 0; c < cols; c++)
			g_string_append_printf(text, "%sh%zu", c ? (char[]){ delim, 0 } : "", c);
		g_string_append(text, it % 5 ? "\n" : "\r\n");
		for (size_t l = 0; l < lines; l++) {
			size_t atoms_here = rnd() % 10;

			if (rnd() % 3) {
				/* a regular row of fields padded with spaces and tabs */
				for (size_t c = 0; c < cols; c++) {
					static const char *const pads[] = { "", " ", "\t", " \t " };

					if (c)
						g_string_append_c(text, delim);
					g_string_append(text, pads[rnd() % 4]);
					g_string_append(text, atoms[6 + rnd() % 8]);
					g_string_append(text, pads[rnd() % 4]);
				}
			} else {
				for (size_t a = 0; a < atoms_here; a++)
					g_string_append(text, atoms[rnd() % (sizeof atoms / sizeof atoms[0])]);
			}
			g_string_append(text, rnd() % 7 ? "\n" : "\r\n");
		}
		load_options_init(&o);
		o.delimiter = it % 2 ? delim : 0;
		if (it % 3 == 0)
			o.want_column = want_not_h1; /* fields read past */
		else if (it % 3 == 1)
			o.want_column = want_not_h0;
		for (int only = 0; only < 2; only++) {
			struct load_report r[2];
			struct diag d[2];
			struct table *t[2];
			GString *a, *b;

			for (int k = 0; k < 2; k++) {
				o.libcsv_only = k;
				load_report_init(&r[k]);
				diag_init(&d[k]);
				t[k] = load_memory("r.csv", text->str, text->len, &o, &r[k], &d[k]);
			}
			a = describe(t[0], &r[0], &d[0]);
			b = describe(t[1], &r[1], &d[1]);
			runs++;
			if (strcmp(a->str, b->str) != 0) {
				if (differ++ < 3)
					TC_FAIL("split and libcsv differ on\n%s\n split  %.400s\n libcsv %.400s",
						text->str, a->str, b->str);
			}
			for (int k = 0; k < 2; k++) {
				table_free(t[k]);
				load_report_release(&r[k]);
			}
			g_string_free(a, TRUE);
			g_string_free(b, TRUE);
			/* second round: a schema-free load with '#' comments */
			o.comment = '#';
		}
		g_string_free(text, TRUE);
	}
	CHECK_INT(differ, 0);
	CHECK_INT(runs, 6000);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_generated();
	test_datasets();
	test_split_random();
	rmdir(tmpdir);
	return tc_summary("test_load_parallel");
}
