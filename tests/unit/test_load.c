/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_load: the CSV loader at every block size and on every input fault. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/load.h"
#include "tcheck.h"

/* Fingerprint of a loaded table (or of the error), used to check that every
 * block size gives the same result. */
static char *fingerprint(const struct table *t, const struct diag *d)
{
	size_t cap = 1 << 16, len = 0;
	char *s = malloc(cap);

#define ADD(...)                                                              \
	do {                                                                  \
		int r_ = snprintf(s + len, cap - len, __VA_ARGS__);           \
		if (r_ > 0)                                                   \
			len += (size_t)r_ < cap - len ? (size_t)r_ : cap - len - 1; \
	} while (0)
	if (!t) {
		char buf[2048];

		ADD("error %d: %s", d->code, diag_format(d, buf, sizeof buf));
		return s;
	}
	ADD("%zu rows\n", t->nrows);
	for (size_t c = 0; c < t->ncols; c++) {
		const struct column *col = &t->cols[c];

		ADD("%s:%s:%zu:", col->name, col_type_name(col->type), col->missing);
		for (size_t r = 0; r < t->nrows && r < 50; r++) {
			if (col_type_is_numeric(col->type))
				ADD("%.17g|", column_value(col, r));
			else
				ADD("%s|", col->code[r] < 0 ? "<NA>" : col->dict.values[col->code[r]]);
		}
		ADD("\n");
	}
	for (size_t r = 0; r < t->nrows && r < 50; r++)
		ADD("%llu ", table_row_line(t, r));
#undef ADD
	return s;
}

/* Loads text at every block size from 1 to len + 1 and checks that all give
 * the same fingerprint; returns the table of the default block size. */
static struct table *load_all(const char *text, size_t len, const struct load_options *base,
			      struct load_report *rep, struct diag *d)
{
	struct load_options o = *base;
	struct table *t;
	char *want;
	int same = 1;

	o.block_size = 0;
	diag_init(d);
	t = load_memory("t.csv", text, len, &o, rep, d);
	want = fingerprint(t, d);
	for (size_t bs = 1; bs <= len + 1 && same; bs++) {
		struct diag d2;
		struct load_report r2;
		struct table *t2;
		char *got;

		o.block_size = bs;
		diag_init(&d2);
		load_report_init(&r2);
		t2 = load_memory("t.csv", text, len, &o, &r2, &d2);
		got = fingerprint(t2, &d2);
		if (strcmp(got, want) != 0) {
			same = 0;
			fprintf(stderr, "block size %zu differs:\n%s\n--- want\n%s\n", bs, got, want);
		}
		free(got);
		table_free(t2);
		load_report_release(&r2);
	}
	CHECK(same);
	free(want);
	return t;
}

static struct table *load_str(const char *text, const struct load_options *o,
			      struct load_report *rep, struct diag *d)
{
	return load_all(text, strlen(text), o, rep, d);
}

static void expect_error(const char *text, size_t len, const struct load_options *o,
			 enum diag_code code, unsigned long long line, unsigned long field,
			 const char *column, long long offset, const char *message)
{
	struct diag d;
	struct load_report rep;
	struct table *t;

	load_report_init(&rep);
	t = load_all(text, len, o, &rep, &d);
	CHECK(t == NULL);
	CHECK_INT(d.code, code);
	CHECK_INT(d.line, line);
	CHECK_INT(d.field, field);
	CHECK_STR(d.column, column);
	CHECK_INT(d.byte_offset, offset);
	CHECK_STR(d.message, message);
	table_free(t);
	load_report_release(&rep);
}

static void test_inference(void)
{
	struct load_options o;
	struct load_report rep;
	struct diag d;
	struct table *t;
	const char *csv = "id,n,x,name,flag\n"
			  "a1,1,1.5,Çorum,NA\n"
			  "a2,-2,2e3,Samsun,\n"
			  "a3,,-0.25,\"Çorum\",N/A\n"
			  "a4,40,.5,x y ,-\n"
			  "a5,5,7,\" q \",null";

	load_options_init(&o);
	load_report_init(&rep);
	t = load_str(csv, &o, &rep, &d);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(t->nrows, 5);
		CHECK_INT(t->ncols, 5);
		CHECK_INT(t->cols[0].type, COL_CATEGORY);
		CHECK_INT(t->cols[1].type, COL_INTEGER);
		CHECK_INT(t->cols[1].missing, 1);
		CHECK_NAN(column_value(&t->cols[1], 2));
		CHECK_REL(column_value(&t->cols[1], 1), -2, 0);
		CHECK_INT(t->cols[2].type, COL_NUMBER);
		CHECK_REL(column_value(&t->cols[2], 1), 2000, 0);
		CHECK_REL(column_value(&t->cols[2], 3), 0.5, 0);
		CHECK_INT(t->cols[3].type, COL_CATEGORY);
		/* quoted and unquoted Çorum are one value; unquoted spaces trimmed,
		 * quoted spaces kept */
		CHECK_INT(t->cols[3].dict.n, 4);
		CHECK_STR(table_cell_text(t, 3, 2), "Çorum");
		CHECK_STR(table_cell_text(t, 3, 3), "x y");
		CHECK_STR(table_cell_text(t, 3, 4), " q ");
		/* every default missing token */
		CHECK_INT(t->cols[4].missing, 5);
		/* the last row without a line end is not lost */
		CHECK_INT(table_row_line(t, 4), 6);
		CHECK_STR(rep.line_ends, "LF");
		CHECK_INT(rep.delimiter, ',');
		CHECK_INT(rep.decimal, '.');
	}
	table_free(t);
	load_report_release(&rep);
}

static void test_lines(void)
{
	struct load_options o;
	struct load_report rep;
	struct diag d;
	struct table *t;
	/* a quoted field spanning lines; CRLF; blank lines; comments */
	const char *csv = "# exported 2013\r\n"
			  "a,b\r\n"
			  "1,\"two\r\nlines\"\r\n"
			  "\r\n"
			  "2,x\r\n"
			  "   \r\n"
			  "# note\r\n"
			  "3,\"y\"\r\n";

	load_options_init(&o);
	o.comment = '#';
	load_report_init(&rep);
	t = load_str(csv, &o, &rep, &d);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(t->nrows, 3);
		CHECK_STR(table_cell_text(t, 1, 0), "two\r\nlines");
		CHECK_INT(table_row_line(t, 0), 3);
		CHECK_INT(table_row_line(t, 1), 6);
		CHECK_INT(table_row_line(t, 2), 9);
		CHECK_INT(rep.header_line, 2);
		CHECK_INT(rep.blank_lines, 2);
		CHECK_INT(rep.comment_lines, 2);
		CHECK_STR(rep.line_ends, "CRLF");
		CHECK_INT(rep.warnings.n, 2);
		if (rep.warnings.n == 2) {
			CHECK_STR(rep.warnings.items[0], "2 blank lines skipped");
			CHECK_STR(rep.warnings.items[1], "2 comment lines skipped");
		}
	}
	table_free(t);
	load_report_release(&rep);

	/* old Mac line ends */
	load_options_init(&o);
	load_report_init(&rep);
	t = load_str("a,b\r1,2\r3,4\r", &o, &rep, &d);
	CHECK(t && t->nrows == 2);
	CHECK_STR(rep.line_ends, "CR");
	if (t)
		CHECK_INT(table_row_line(t, 1), 3);
	table_free(t);
	load_report_release(&rep);

	/* a header without rows is a valid, empty table */
	load_report_init(&rep);
	t = load_str("a,b\n", &o, &rep, &d);
	CHECK(t && t->nrows == 0 && t->ncols == 2);
	table_free(t);
	load_report_release(&rep);
}

static void test_turkish_excel(void)
{
	struct load_options o;
	struct load_report rep;
	struct diag d;
	struct table *t;
	/* Windows-1254 bytes: Ç = 0xC7, ş = 0xFE, İ = 0xDD, ğ = 0xF0 */
	const char csv[] = "sep=;\r\n"
			   "il;ciro;ki\xFEi\r\n"
			   "\xC7orum;1.234.567,89;12\r\n"
			   "Kahramanmara\xFE;-0,5;7\r\n"
			   "\xDDstanbul;12,25;\r\n"
			   "Tekirda\xF0;1,5E+3;3\r\n";

	load_options_init(&o);
	o.encoding = LOAD_WINDOWS_1254;
	load_report_init(&rep);
	t = load_all(csv, sizeof csv - 1, &o, &rep, &d);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(rep.delimiter, ';');
		CHECK_INT(rep.decimal, ',');
		CHECK_INT(rep.sep_line, 1);
		CHECK_INT(rep.header_line, 2);
		CHECK_STR(t->cols[2].name, "kişi");
		CHECK_STR(table_cell_text(t, 0, 0), "Çorum");
		CHECK_STR(table_cell_text(t, 0, 1), "Kahramanmaraş");
		CHECK_STR(table_cell_text(t, 0, 2), "İstanbul");
		CHECK_STR(table_cell_text(t, 0, 3), "Tekirdağ");
		CHECK_INT(t->cols[1].type, COL_NUMBER);
		CHECK_REL(column_value(&t->cols[1], 0), 1234567.89, 0);
		CHECK_REL(column_value(&t->cols[1], 1), -0.5, 0);
		CHECK_REL(column_value(&t->cols[1], 2), 12.25, 0);
		CHECK_REL(column_value(&t->cols[1], 3), 1500, 0);
		CHECK_INT(t->cols[2].type, COL_INTEGER);
		CHECK_INT(t->cols[2].missing, 1);
	}
	table_free(t);
	load_report_release(&rep);

	/* the same bytes read as UTF-8 fail with the encoding hint */
	load_options_init(&o);
	expect_error(csv, sizeof csv - 1, &o, DIAG_DATA, 2, 3, "", 17,
		     "invalid UTF-8 byte 0xFE; if the file comes from Excel or Windows in "
		     "Turkish, use --encoding windows-1254");

	/* a byte Windows-1254 does not define */
	o.encoding = LOAD_WINDOWS_1254;
	expect_error("a;b\n1;\x81\n", 8, &o, DIAG_DATA, 2, 0, "", 6,
		     "byte 0x81 is not a Windows-1254 character; is the file in another encoding?");

	/* ';' and decimal comma detected in UTF-8 with a BOM */
	load_options_init(&o);
	load_report_init(&rep);
	t = load_str("\xEF\xBB\xBF" "a;b\n1,5;2\n-3,25;4\n", &o, &rep, &d);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(rep.bom, 1);
		CHECK_STR(t->cols[0].name, "a");
		CHECK_REL(column_value(&t->cols[0], 1), -3.25, 0);
	}
	table_free(t);
	load_report_release(&rep);

	/* tab-delimited */
	load_report_init(&rep);
	t = load_str("a\tb c\n1\t x \n", &o, &rep, &d);
	CHECK(t && rep.delimiter == '\t');
	if (t)
		CHECK_STR(table_cell_text(t, 1, 0), "x");
	table_free(t);
	load_report_release(&rep);
}

static void test_faults(void)
{
	struct load_options o;
	const char *s;

	load_options_init(&o);
	/* quoting */
	s = "a,b\n1,x\"y\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 2, "b", 7,
		     "unexpected quote; a field with quotes must be enclosed in quotes, "
		     "with inner quotes doubled");
	s = "a,b\n1,\"x\"y\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 2, "b", 9,
		     "unexpected character after a closing quote");
	s = "a,b\n1,2\n3,\"open\n4,5\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 3, 2, "", -1,
		     "unterminated quoted field (the closing quote is missing)");
	/* ragged rows */
	s = "a,b\n1,2\n3\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 3, 0, "", -1,
		     "expected 2 fields as in the header, found 1");
	s = "a,b\n1,2,3\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 0, "", -1,
		     "expected 2 fields as in the header, found 3; if numbers use a decimal "
		     "comma, use --delimiter ';' --decimal ','");
	/* header faults */
	s = "a,,c\n1,2,3\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 1, 2, "", -1,
		     "empty column name in the header; every column needs a name");
	s = "a,b,a\n1,2,3\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 1, 3, "", -1,
		     "duplicate column name 'a' (fields 1 and 3)");
	s = "";
	expect_error(s, 0, &o, DIAG_DATA, 0, 0, "", -1, "no header: the file is empty");
	/* encodings */
	s = "a,b\n1,x\xFFy\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 2, "b", 7,
		     "invalid UTF-8 byte 0xFF; if the file comes from Excel or Windows in "
		     "Turkish, use --encoding windows-1254");
	/* a bad byte on the second line of a quoted field: the field's line,
	 * the byte's exact offset */
	s = "a,b\n1,\"x\ny\xC3(\"\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 2, "b", 10,
		     "invalid UTF-8 byte 0xC3; if the file comes from Excel or Windows in "
		     "Turkish, use --encoding windows-1254");
	expect_error("a,b\n1,2\0003\n", 10, &o, DIAG_DATA, 2, 2, "b", 7,
		     "NUL byte in the data; the file is binary or in UTF-16");
	expect_error("\xFF\xFE" "a\000,\000b\000\n\000", 10, &o, DIAG_DATA, 1, 0, "", -1,
		     "the file is in UTF-16 (byte order mark FF FE); save it as \"CSV UTF-8\" "
		     "or convert it with iconv -f UTF-16 -t UTF-8");
	/* Excel error values */
	s = "a,b\n1,#DIV/0!\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 2, "b", -1,
		     "Excel error value '#DIV/0!'; list it with --missing '#DIV/0!' to treat "
		     "it as missing");
}

static void test_missing_option(void)
{
	struct load_options o;
	struct load_report rep;
	struct diag d;
	struct table *t;
	const char *extra[] = { "#DIV/0!", "yok" };

	load_options_init(&o);
	o.missing = extra;
	o.nmissing = 2;
	load_report_init(&rep);
	t = load_str("a,b\n1,#DIV/0!\n2,yok\n3,4.5\n", &o, &rep, &d);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(t->cols[1].type, COL_NUMBER);
		CHECK_INT(t->cols[1].missing, 2);
		CHECK_REL(column_value(&t->cols[1], 2), 4.5, 0);
	}
	table_free(t);
	load_report_release(&rep);
}

/* The header and types of the sme schema with a few rows. */
#define SME_HEAD "firm_id,province,cluster,year,member,employees,turnover_try,export_usd,rnd_spend_try,productivity\n"

static void test_schema(void)
{
	struct load_options o;
	struct load_report rep;
	struct diag d;
	struct table *t;
	const char *s;

	load_options_init(&o);
	o.schema = schema_find("sme");
	CHECK(o.schema != NULL);
	CHECK(schema_find("nope") == NULL);

	load_report_init(&rep);
	t = load_str(SME_HEAD "F1,Samsun,food,2012,1,10,1000.5,0,,100.05\n"
			      "F1,Samsun,food,2013,1,12,1300,NA,5,108.33\n", &o, &rep, &d);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(t->cols[3].type, COL_INTEGER);
		CHECK_INT(t->cols[0].type, COL_CATEGORY);
		CHECK_INT(t->cols[8].missing, 1);
		CHECK_INT(t->cols[7].missing, 1);
	}
	table_free(t);
	load_report_release(&rep);

	s = "firm_id,province,year\nF1,Samsun,2012\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 1, 0, "", -1,
		     "missing required column 'cluster' of schema 'sme'; the header has: "
		     "firm_id, province, year");
	s = SME_HEAD "F1,Samsun,food,2012,1,12x,1,1,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 6, "employees", -1,
		     "expected an integer, got '12x'; numbers may not carry units or symbols");
	s = SME_HEAD "F1,Samsun,food,2012,1,165 kişi,1,1,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 6, "employees", -1,
		     "expected an integer, got '165 kişi'; numbers may not carry units or symbols");
	s = SME_HEAD "F1,Samsun,food,2012,1,2.5,1,1,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 6, "employees", -1,
		     "expected an integer, got '2.5'");
	s = SME_HEAD "F1,Samsun,food,1850,1,2,1,1,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 4, "year", -1,
		     "1850 is outside the allowed range 1900 to 2100");
	s = SME_HEAD "F1,Samsun,food,2012,2,2,1,1,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 5, "member", -1,
		     "2 is outside the allowed range 0 to 1");
	s = SME_HEAD "F1,Samsun,food,2012,1,0,1,1,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 6, "employees", -1,
		     "0 is below the allowed minimum 1");
	s = SME_HEAD "F1,Samsun,food,2012,1,2,-5,1,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 7, "turnover_try", -1,
		     "-5 is below the allowed minimum 0");
	s = SME_HEAD "F1,Samsun,food,2012,1,2,1,0x10,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 8, "export_usd", -1,
		     "expected a number, got '0x10'; numbers may not carry units or symbols");
	s = SME_HEAD "F1,Samsun,food,2012,1,2,1,inf,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 8, "export_usd", -1,
		     "expected a number, got 'inf'; only finite numbers are accepted");
	s = SME_HEAD "F1,Samsun,food,2012,1,2,%12,1,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 7, "turnover_try", -1,
		     "expected a number, got '%12'; numbers may not carry units or symbols");
	s = SME_HEAD "F1,Samsun,food,2012,1,2,\"1,5\",1,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 7, "turnover_try", -1,
		     "expected a number, got '1,5'; it is a number with the decimal mark ',': "
		     "use --decimal ','");
	s = SME_HEAD "F1,Samsun,food,,1,2,1,1,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 2, 4, "year", -1,
		     "missing value; this column may not be empty");
	s = SME_HEAD "F1,Samsun,food,2012,1,2,1,1,1,1\n"
		     "F2,Samsun,food,2012,1,2,1,1,1,1\n"
		     "F1,Samsun,food,2012,0,2,1,1,1,1\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 4, 0, "", -1,
		     "duplicate row for firm_id 'F1', year 2012: lines 2 and 4");
}

static void test_provinces(void)
{
	struct load_options o;
	struct load_report rep;
	struct diag d;
	struct table *t;
	const char *s;
	size_t n;
	const struct province *p = province_table(&n);
	char folded[64];

	CHECK_INT(n, 81);
	CHECK_STR(p[18].name, "Çorum");
	CHECK_INT(p[18].plate, 19);
	CHECK_STR(p[18].nuts2, "TR83");
	CHECK_STR(province_find("Kahramanmaraş")->nuts2, "TR63");
	CHECK_STR(province_find("Gaziantep")->nuts1, "TRC");
	CHECK_STR(province_find("Trabzon")->ascii, "Trabzon");
	CHECK(province_find("Corum") == NULL);
	CHECK_STR(province_find_folded("CORUM")->name, "Çorum");
	CHECK_STR(province_find_folded("İZMİR")->name, "İzmir");
	CHECK_STR(province_find_folded("IGDIR")->name, "Iğdır");
	CHECK_STR(province_nearest("K.Maraş")->name, "Kahramanmaraş");
	CHECK_STR(province_nearest("Gazi Antep")->name, "Gaziantep");
	CHECK(province_nearest("Atlantis") == NULL);
	text_fold("ÇĞİÖŞÜ çğıöşü ABC", folded, sizeof folded);
	CHECK_STR(folded, "cgiosu cgiosu abc");

	load_options_init(&o);
	/* decomposed Ç (C + U+0327) is the same province after NFC */
	load_report_init(&rep);
	t = load_str("province,v\nC\xCC\xA7orum,1\n\xC3\x87orum,2\n", &o, &rep, &d);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(t->cols[0].dict.n, 1);
		CHECK_STR(table_cell_text(t, 0, 0), "Çorum");
	}
	table_free(t);
	load_report_release(&rep);

	s = "province,v\nÇorum,1\nCORUM,2\nK.Maraş,3\nAtlantis,4\nCORUM,5\n";
	expect_error(s, strlen(s), &o, DIAG_DATA, 3, 1, "province", -1,
		     "unknown province names 'CORUM' (line 3, did you mean 'Çorum'?), "
		     "'K.Maraş' (line 4, did you mean 'Kahramanmaraş'?), 'Atlantis' (line 5); "
		     "map them with --province-aliases FILE (columns alias,province) or "
		     "--province-aliases auto");

	o.province_aliases = "auto";
	load_report_init(&rep);
	t = load_str("province,v\nÇorum,1\nCORUM,2\ncorum,3\nsamsun,4\n", &o, &rep, &d);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(t->cols[0].dict.n, 2);
		CHECK_STR(table_cell_text(t, 0, 1), "Çorum");
		CHECK_STR(table_cell_text(t, 0, 3), "Samsun");
		CHECK_INT(rep.province_mapped, 3);
		CHECK_INT(rep.warnings.n, 3);
		if (rep.warnings.n)
			CHECK_STR(rep.warnings.items[0], "province 'CORUM' read as 'Çorum' (1 rows)");
	}
	table_free(t);
	load_report_release(&rep);

	/* an aliases file */
	{
		const char *path = "build/test_load_aliases.csv";
		FILE *fp = fopen(path, "w");

		CHECK(fp != NULL);
		if (fp) {
			fputs("alias,province\nK.Maraş,Kahramanmaraş\nG.Antep,Gaziantep\n", fp);
			fclose(fp);
		}
		o.province_aliases = path;
		load_report_init(&rep);
		t = load_str("province\nK.Maraş\nG.Antep\nSamsun\n", &o, &rep, &d);
		CHECK(t != NULL);
		if (t) {
			CHECK_STR(table_cell_text(t, 0, 0), "Kahramanmaraş");
			CHECK_STR(table_cell_text(t, 0, 1), "Gaziantep");
		}
		table_free(t);
		load_report_release(&rep);
		remove(path);
	}
}

/* A generated file larger than the detection sample, at a few block sizes
 * around the sample and buffer boundaries. */
static void test_large(void)
{
	size_t cap = 400000, len = 0;
	char *buf = malloc(cap);
	const size_t sizes[] = { 1, 3, 4096, 65535, 65536, 65537, 1 << 20 };
	struct load_options o;
	char *want = NULL;

	len += (size_t)snprintf(buf, cap, "id;province;value\r\n");
	for (int i = 0; i < 12000; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%d;%s;%d,%02d\r\n", i,
					i % 3 ? "Gaziantep" : "\"Kahramanmaraş\"", i * 7, i % 100);
	load_options_init(&o);
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct diag d;
		struct table *t;
		char *got;

		diag_init(&d);
		o.block_size = sizes[k];
		t = load_memory("big.csv", buf, len, &o, NULL, &d);
		CHECK(t != NULL);
		if (t) {
			CHECK_INT(t->nrows, 12000);
			CHECK_REL(column_value(&t->cols[2], 11999), 11999 * 7 + 0.99, 0);
			CHECK_INT(table_row_line(t, 11999), 12001);
		}
		got = fingerprint(t, &d);
		if (want)
			CHECK_STR(got, want);
		free(want);
		want = got;
		table_free(t);
	}
	free(want);
	free(buf);
}

/* The Turkish Excel export in datasets/ holds the 2012-2013 rows of the
 * panel: every value must read back equal to the UTF-8 panel's. */
static void test_excel_dataset(void)
{
	struct load_options o;
	struct diag d;
	struct table *a, *b;
	size_t matched = 0, bad = 0, r = 0;

	load_options_init(&o);
	o.schema = schema_find("sme");
	diag_init(&d);
	a = load_path("datasets/sme_panel.csv", &o, NULL, &d);
	o.encoding = LOAD_WINDOWS_1254;
	b = load_path("datasets/sme_panel_excel_tr.csv", &o, NULL, &d);
	CHECK(a && b);
	if (!a || !b)
		goto out;
	CHECK_INT(b->nrows, 1335);
	CHECK_INT(b->ncols, a->ncols);
	for (size_t k = 0; k < b->nrows; k++) {
		/* the export keeps the panel's row order */
		while (r < a->nrows && !(column_value(&a->cols[6], r) == 2012 ||
					 column_value(&a->cols[6], r) == 2013))
			r++;
		if (r == a->nrows)
			break;
		for (size_t c = 0; c < a->ncols; c++) {
			const struct column *x = &a->cols[c], *y = &b->cols[c];

			if (col_type_is_numeric(x->type)) {
				if (!(column_value(x, r) == column_value(y, k) || (column_value(x, r) != column_value(x, r) &&
								column_value(y, k) != column_value(y, k))))
					bad++;
			} else if (strcmp(table_cell_text(a, c, r), table_cell_text(b, c, k)) != 0) {
				bad++;
			}
		}
		matched++;
		r++;
	}
	CHECK_INT(matched, 1335);
	CHECK_INT(bad, 0);
	CHECK_STR(table_cell_text(b, 1, 0), "Çorum");
out:
	table_free(a);
	table_free(b);
}

int main(void)
{
	test_inference();
	test_lines();
	test_turkish_excel();
	test_faults();
	test_missing_option();
	test_schema();
	test_provinces();
	test_large();
	test_excel_dataset();
	return tc_summary("test_load");
}
