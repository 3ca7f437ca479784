/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_result: result tables, their CSV/JSON/text writers and CSV files in a folder. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clusterbench/result.h"
#include "tcheck.h"

/* ---- helpers --------------------------------------------------------- */

enum writer { W_CSV, W_TEXT, W_TEXT_SET, W_JSON };

/* Runs one writer into an in-memory stream; returns the malloc'd output
 * (never NULL) and the writer's return code in *rc. */
static char *capture(enum writer w, const struct result_set *rs, const struct result_table *t,
		     struct diag *d, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp) {
		perror("open_memstream");
		exit(1);
	}
	diag_init(d);
	switch (w) {
	case W_CSV:
		*rc = result_write_csv(t, fp, d);
		break;
	case W_TEXT:
		*rc = result_write_text(t, fp, d);
		break;
	case W_TEXT_SET:
		*rc = result_write_text_set(rs, fp, d);
		break;
	case W_JSON:
		*rc = result_write_json(rs, fp, d);
		break;
	}
	fclose(fp);
	return buf;
}

static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	if (buf) {
		size_t got = fread(buf, 1, (size_t)n, fp);

		buf[got] = '\0';
	}
	fclose(fp);
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
}

/* Number of entries in dir (without "." and ".."), and how many start with
 * '.' (left-over temporary files). -1 when dir cannot be opened. */
static long count_entries(const char *dir, long *hidden)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	long n = 0;

	*hidden = 0;
	if (!dp)
		return -1;
	while ((e = readdir(dp))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		n++;
		if (e->d_name[0] == '.')
			(*hidden)++;
	}
	closedir(dp);
	return n;
}

static void remove_tree(const char *path)
{
	struct stat st;
	DIR *dp;
	struct dirent *e;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode) && (dp = opendir(path))) {
		while ((e = readdir(dp))) {
			char sub[4096];

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
			remove_tree(sub);
		}
		closedir(dp);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* ---- reading format -------------------------------------------------- */

/*
 * Fixed-notation range, 4 significant digits, checked against R 4.2.2:
 *   x <- c(1234567.891, 0.012345, 12.5, 9999.6, 0.099996, 0.00012345, -0.5,
 *          999999999.7, 0.0001, 100, 3.14159265, -2.71828, 123456.5, 0.1+0.2)
 *   cat(trimws(formatC(x, digits=4, format="fg")), sep="|")
 * gives
 *   1234568|0.01235|12.5|10000|0.1|0.0001234|-0.5|1000000000|0.0001|100|3.142|
 *   -2.718|123456|0.3
 * (the ties are decided by the exact binary value: 0.012345 is
 * 0.01234500000000000007..., so up; 0.00012345 is 0.000123449999...,
 * so down; 123456.5 is exact, so to even.)
 * Exponent form, R: cat(formatC(c(1.234e-7, 1.2e-7, 1e9, -4.5678e12,
 * 9.99996e-5), digits=3, format="e"), sep="|") gives
 *   1.234e-07|1.200e-07|1.000e+09|-4.568e+12|1.000e-04
 * and our rule trims the mantissa's trailing zeros.
 */
static void test_format_number(void)
{
	static const struct {
		double x;
		const char *want;
	} cases[] = {
		{ 1234567.891, "1234568" },
		{ 0.012345, "0.01235" },
		{ 12.5, "12.5" },
		{ 9999.6, "10000" },
		{ 0.099996, "0.1" },
		{ 0.00012345, "0.0001234" },
		{ -0.5, "-0.5" },
		{ 999999999.7, "1000000000" },
		{ 0.0001, "0.0001" },
		{ 100, "100" },
		{ 3.14159265, "3.142" },
		{ -2.71828, "-2.718" },
		{ 123456.5, "123456" },
		{ 0.1 + 0.2, "0.3" },
		{ 1.234e-7, "1.234e-07" },
		{ 1.2e-7, "1.2e-07" },
		{ 1e9, "1e+09" },
		{ -4.5678e12, "-4.568e+12" },
		{ 9.99996e-5, "1e-04" },
		{ 1e300, "1e+300" },
		{ 5e-324, "4.941e-324" },
		{ 0.0, "0" },
		{ -0.0, "0" },
	};
	char buf[RESULT_NUM_SIZE];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = result_format_number(cases[i].x, buf, sizeof buf);

		CHECK_STR(buf, cases[i].want);
		CHECK_INT(n, strlen(cases[i].want));
	}
	result_format_number(NAN, buf, sizeof buf);
	CHECK_STR(buf, "NA");
	result_format_number(-INFINITY, buf, sizeof buf);
	CHECK_STR(buf, "NA");
	/* snprintf-like truncation: full length returned, text cut. */
	CHECK_INT(result_format_number(1234567.891, buf, 4), 7);
	CHECK_STR(buf, "123");
}

/* p-values, by hand from the rule: below 1e-4 "< 0.0001", else 4 decimals
 * ("%.4f": 0.99996 -> 1.0000, 0.00015 is 0.000149999... -> 0.0001) with
 * trailing zeros trimmed; values outside [0, 1] as ordinary numbers. */
static void test_format_pvalue(void)
{
	static const struct {
		double p;
		const char *want;
	} cases[] = {
		{ 0.0321, "0.0321" },
		{ 0.99996, "1" },
		{ 1.0, "1" },
		{ 0.05, "0.05" },
		{ 0.00015, "0.0001" },
		{ 0.0001, "0.0001" },
		{ 0.00009999, "< 0.0001" },
		{ 1e-300, "< 0.0001" },
		{ 0.0, "< 0.0001" },
		{ 0.12345, "0.1235" },
		{ 0.5, "0.5" },
		{ 1.5, "1.5" },
		{ -0.25, "-0.25" },
	};
	char buf[RESULT_NUM_SIZE];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		result_format_pvalue(cases[i].p, buf, sizeof buf);
		CHECK_STR(buf, cases[i].want);
	}
	result_format_pvalue(NAN, buf, sizeof buf);
	CHECK_STR(buf, "NA");
}

/* ---- the demo set ---------------------------------------------------- */

/*
 * Every column type, missing values in each, Turkish names (alignment by
 * characters: "Kahramanmaraş" is 13 characters, 14 bytes), formula-like and
 * quoted text, big and small numbers.
 */
static struct result_set *demo_set(void)
{
	struct result_set *rs = result_set_create();
	struct result_table *t = result_set_add(rs, "province_demo");
	struct result_table *q;
	size_t r;

	if (!rs)
		return NULL;
	result_add_column(t, "province", RT_TEXT);
	result_add_column(t, "n", RT_INTEGER);
	result_add_column(t, "mean", RT_NUMBER);
	result_add_column(t, "p", RT_PVALUE);
	result_add_column(t, "label", RT_TEXT);

	r = result_add_row(t);
	result_set_text(t, r, 0, "Çorum");
	result_set_integer(t, r, 1, 12);
	result_set_number(t, r, 2, 1234567.891);
	result_set_number(t, r, 3, 0.0321);
	result_set_text(t, r, 4, "=1+2");

	r = result_add_row(t);
	result_set_text(t, r, 0, "Kahramanmaraş");
	result_set_number(t, r, 2, 0.012345);
	result_set_number(t, r, 3, 0.00005);
	result_set_text(t, r, 4, "a,b");

	r = result_add_row(t);
	result_set_text(t, r, 0, "Samsun");
	result_set_integer(t, r, 1, -3);
	result_set_number(t, r, 2, 12.5);
	result_set_number(t, r, 3, 0.99996);
	result_set_text(t, r, 4, "say \"hi\"");

	r = result_add_row(t);
	result_set_text(t, r, 0, NULL);
	result_set_number(t, r, 1, 0.0); /* integral double into an integer column */
	result_set_number(t, r, 2, 1.234e-7);
	result_set_number(t, r, 3, NAN);
	result_set_text(t, r, 4, " lead");

	r = result_add_row(t);
	result_set_text(t, r, 0, "Trabzon");
	result_set_integer(t, r, 1, 9007199254740993LL); /* 2^53 + 1: not a double */
	result_set_number(t, r, 2, 1e21);
	result_set_number(t, r, 3, 0.05);
	result_set_text(t, r, 4, "-5");

	r = result_add_row(t);
	result_set_text(t, r, 0, "Gaziantep");
	result_set_integer(t, r, 1, 700);
	result_set_number(t, r, 2, -0.5);
	result_set_integer(t, r, 3, 1);
	result_set_text(t, r, 4, "two\nlines");

	result_table_note(t, "reference: %s", "pilot mean");
	result_table_note(t, "%d provinces", 5);

	q = result_set_add(rs, "quoting");
	result_add_column(q, "text", RT_TEXT);
	{
		static const char *cells[] = {
			"@SUM(A1)", "+1", "\tx", "\rx", "x ", "plain", NULL, "",
			"a=b", "=HYPERLINK(\"http://x\",\"y\")",
		};

		for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
			result_set_text(q, result_add_row(q), 0, cells[i]);
	}

	warnings_add(result_set_warnings(rs), "%d blank lines skipped", 3);
	result_set_provenance(rs, "version", "0.1.0");
	result_set_provenance_int(rs, "seed", 20110222);
	result_set_provenance_num(rs, "alpha", 0.05);
	result_set_provenance(rs, "input", "sme panel.csv");
	result_set_provenance(rs, "version", "0.2.0"); /* replaced in place */
	return rs;
}

static const char demo_csv[] =
	"province,n,mean,p,label\n"
	"Çorum,12,1234567.891,0.0321,'=1+2\n"
	"Kahramanmaraş,,0.012345,5e-05,\"a,b\"\n"
	"Samsun,-3,12.5,0.99996,\"say \"\"hi\"\"\"\n"
	",0,1.234e-07,,\" lead\"\n"
	"Trabzon,9007199254740993,1e+21,0.05,'-5\n"
	"Gaziantep,700,-0.5,1,\"two\nlines\"\n";

static const char quoting_csv[] =
	"text\n"
	"'@SUM(A1)\n"
	"'+1\n"
	"'\tx\n"
	"\"'\rx\"\n"
	"\"x \"\n"
	"plain\n"
	"\"\"\n"
	"\"\"\n"
	"a=b\n"
	"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n";

static const char demo_text[] =
	"== province_demo ==\n"
	"province                      n       mean         p  label\n"
	"Çorum                        12    1234568    0.0321  =1+2\n"
	"Kahramanmaraş                NA    0.01235  < 0.0001  a,b\n"
	"Samsun                       -3       12.5         1  say \"hi\"\n"
	"NA                            0  1.234e-07        NA   lead\n"
	"Trabzon        9007199254740993      1e+21      0.05  -5\n"
	"Gaziantep                   700       -0.5         1  two lines\n"
	"note: reference: pilot mean\n"
	"note: 5 provinces\n";

static const char quoting_text[] =
	"== quoting ==\n"
	"text\n"
	"@SUM(A1)\n"
	"+1\n"
	" x\n"
	" x\n"
	"x \n"
	"plain\n"
	"NA\n"
	"\n"
	"a=b\n"
	"=HYPERLINK(\"http://x\",\"y\")\n";

static const char demo_json[] =
	"{\n"
	"  \"tables\": {\n"
	"    \"province_demo\": [\n"
	"      {\n"
	"        \"province\": \"Çorum\",\n"
	"        \"n\": 12,\n"
	"        \"mean\": 1234567.891,\n"
	"        \"p\": 0.0321,\n"
	"        \"label\": \"=1+2\"\n"
	"      },\n"
	"      {\n"
	"        \"province\": \"Kahramanmaraş\",\n"
	"        \"n\": null,\n"
	"        \"mean\": 0.012345,\n"
	"        \"p\": 5e-05,\n"
	"        \"label\": \"a,b\"\n"
	"      },\n"
	"      {\n"
	"        \"province\": \"Samsun\",\n"
	"        \"n\": -3,\n"
	"        \"mean\": 12.5,\n"
	"        \"p\": 0.99996,\n"
	"        \"label\": \"say \\\"hi\\\"\"\n"
	"      },\n"
	"      {\n"
	"        \"province\": null,\n"
	"        \"n\": 0,\n"
	"        \"mean\": 1.234e-07,\n"
	"        \"p\": null,\n"
	"        \"label\": \" lead\"\n"
	"      },\n"
	"      {\n"
	"        \"province\": \"Trabzon\",\n"
	"        \"n\": 9007199254740993,\n"
	"        \"mean\": 1e+21,\n"
	"        \"p\": 0.05,\n"
	"        \"label\": \"-5\"\n"
	"      },\n"
	"      {\n"
	"        \"province\": \"Gaziantep\",\n"
	"        \"n\": 700,\n"
	"        \"mean\": -0.5,\n"
	"        \"p\": 1,\n"
	"        \"label\": \"two\\nlines\"\n"
	"      }\n"
	"    ],\n"
	"    \"quoting\": [\n"
	"      {\n"
	"        \"text\": \"@SUM(A1)\"\n"
	"      },\n"
	"      {\n"
	"        \"text\": \"+1\"\n"
	"      },\n"
	"      {\n"
	"        \"text\": \"\\tx\"\n"
	"      },\n"
	"      {\n"
	"        \"text\": \"\\rx\"\n"
	"      },\n"
	"      {\n"
	"        \"text\": \"x \"\n"
	"      },\n"
	"      {\n"
	"        \"text\": \"plain\"\n"
	"      },\n"
	"      {\n"
	"        \"text\": null\n"
	"      },\n"
	"      {\n"
	"        \"text\": \"\"\n"
	"      },\n"
	"      {\n"
	"        \"text\": \"a=b\"\n"
	"      },\n"
	"      {\n"
	"        \"text\": \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"\n"
	"      }\n"
	"    ]\n"
	"  },\n"
	"  \"warnings\": [\n"
	"    \"3 blank lines skipped\"\n"
	"  ],\n"
	"  \"provenance\": {\n"
	"    \"version\": \"0.2.0\",\n"
	"    \"seed\": 20110222,\n"
	"    \"alpha\": 0.05,\n"
	"    \"input\": \"sme panel.csv\"\n"
	"  }\n"
	"}\n";

static void test_model(void)
{
	struct result_set *rs = demo_set();
	struct result_table *t = result_set_find(rs, "province_demo");
	struct diag d;
	long long iv;

	CHECK(t != NULL);
	CHECK(result_set_find(rs, "nope") == NULL);
	CHECK_INT(result_set_count(rs), 2);
	CHECK(result_set_table(rs, 0) == t);
	CHECK(result_set_table(rs, 2) == NULL);
	CHECK_STR(result_table_name(result_set_table(rs, 1)), "quoting");
	CHECK_INT(result_rows(t), 6);
	CHECK_INT(result_cols(t), 5);
	CHECK_STR(result_col_name(t, 3), "p");
	CHECK_INT(result_col_type(t, 3), RT_PVALUE);
	CHECK_INT(result_col_type(t, 1), RT_INTEGER);
	CHECK(result_col_name(t, 5) == NULL);
	CHECK_INT(result_find_column(t, "mean"), 2);
	CHECK_INT(result_find_column(t, "Mean"), -1);

	CHECK_STR(result_get_text(t, 1, 0), "Kahramanmaraş");
	CHECK(result_get_text(t, 3, 0) == NULL);
	CHECK(result_is_missing(t, 3, 0));
	CHECK(result_is_missing(t, 1, 1));
	CHECK(result_is_missing(t, 3, 3)); /* NaN stored as missing */
	CHECK(!result_is_missing(t, 0, 2));
	CHECK(result_is_missing(t, 99, 0));
	CHECK_NAN(result_get_number(t, 3, 3));
	CHECK_NAN(result_get_number(t, 0, 0)); /* text */
	CHECK_REL(result_get_number(t, 0, 2), 1234567.891, 0);
	CHECK_REL(result_get_number(t, 5, 3), 1.0, 0); /* integer into p-value */
	CHECK_REL(result_get_number(t, 2, 1), -3.0, 0);
	CHECK_INT(result_get_integer(t, 4, 1, &iv), 0);
	CHECK(iv == 9007199254740993LL);
	CHECK_INT(result_get_integer(t, 3, 1, &iv), 0);
	CHECK_INT(iv, 0);
	CHECK_INT(result_get_integer(t, 1, 1, &iv), -1);
	CHECK_INT(result_get_integer(t, 0, 2, &iv), -1); /* number column */
	CHECK_INT(result_note_count(t), 2);
	CHECK_STR(result_note(t, 1), "5 provinces");
	CHECK(result_note(t, 2) == NULL);

	/* Provenance keeps the first position of a replaced key. */
	CHECK_INT(result_provenance_count(rs), 4);
	CHECK_STR(result_provenance_key(rs, 0), "version");
	CHECK_STR(result_provenance_text(rs, 0), "0.2.0");
	CHECK_INT(result_provenance_type(rs, 1), RT_INTEGER);
	CHECK_INT(result_provenance_integer(rs, 1), 20110222);
	CHECK_REL(result_provenance_number(rs, 2), 0.05, 0);
	CHECK(result_provenance_text(rs, 2) == NULL);

	/* Setting a cell again, and back to missing. */
	result_set_text(t, 0, 4, "other");
	CHECK_STR(result_get_text(t, 0, 4), "other");
	result_set_missing(t, 0, 4);
	CHECK(result_is_missing(t, 0, 4));
	result_set_number(t, 0, 2, INFINITY);
	CHECK(result_is_missing(t, 0, 2));
	result_set_missing(t, 0, 1);
	CHECK(result_is_missing(t, 0, 1));

	/* A column added after the rows: all its cells missing. */
	CHECK_INT(result_add_column(t, "late", RT_NUMBER), 5);
	CHECK(result_is_missing(t, 5, 5));
	result_set_number(t, 5, 5, 2.5);
	CHECK_REL(result_get_number(t, 5, 5), 2.5, 0);
	diag_init(&d);
	CHECK_INT(result_set_check(rs, &d), 0);
	CHECK_INT(d.code, DIAG_OK);

	/* Invalid UTF-8 is stored as U+FFFD, so writers emit valid UTF-8. */
	result_set_text(t, 0, 0, "ab\xff" "c");
	CHECK_STR(result_get_text(t, 0, 0), "ab\xEF\xBF\xBD" "c");
	result_set_text(t, 0, 0, "x\xC3");
	CHECK_STR(result_get_text(t, 0, 0), "x\xEF\xBF\xBD");

	/* Many rows: growth keeps every cell. */
	{
		struct result_table *big = result_set_add(rs, "big");
		int ok = 1;

		result_add_column(big, "i", RT_INTEGER);
		for (long long i = 0; i < 5000; i++)
			result_set_integer(big, result_add_row(big), 0, i * i);
		for (size_t i = 0; i < 5000; i++)
			if (result_get_integer(big, i, 0, &iv) || iv != (long long)(i * i))
				ok = 0;
		CHECK(ok);
		CHECK_INT(result_rows(big), 5000);
	}
	result_set_free(rs);
	result_set_free(NULL);
}

static void test_csv(void)
{
	struct result_set *rs = demo_set();
	struct diag d;
	char *out;
	int rc;

	out = capture(W_CSV, rs, result_set_find(rs, "province_demo"), &d, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(out, demo_csv);
	free(out);
	out = capture(W_CSV, rs, result_set_find(rs, "quoting"), &d, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(out, quoting_csv);
	free(out);

	/* Column names get the same guard and quoting; numbers never. */
	{
		struct result_table *h = result_set_add(rs, "header");

		result_add_column(h, "=cmd", RT_TEXT);
		result_add_column(h, "a,b", RT_NUMBER);
		result_add_column(h, "-x", RT_INTEGER);
		result_add_row(h);
		result_set_number(h, 0, 1, -1e-300);
		result_set_integer(h, 0, 2, -9223372036854775807LL - 1);
		out = capture(W_CSV, rs, h, &d, &rc);
		CHECK_INT(rc, 0);
		CHECK_STR(out, "'=cmd,\"a,b\",'-x\n,-1e-300,-9223372036854775808\n");
		free(out);
	}
	/* Empty tables. */
	{
		struct result_table *e = result_set_add(rs, "empty");
		struct result_table *z = result_set_add(rs, "nocols");

		result_add_column(e, "x", RT_NUMBER);
		result_add_column(e, "y", RT_TEXT);
		out = capture(W_CSV, rs, e, &d, &rc);
		CHECK_INT(rc, 0);
		CHECK_STR(out, "x,y\n");
		free(out);
		out = capture(W_CSV, rs, z, &d, &rc);
		CHECK_INT(rc, 0);
		CHECK_STR(out, "");
		free(out);
	}
	result_set_free(rs);
}

static void test_text(void)
{
	struct result_set *rs = demo_set();
	struct diag d;
	char *out, *want;
	int rc;
	size_t len;

	out = capture(W_TEXT, rs, result_set_find(rs, "province_demo"), &d, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(out, demo_text);
	free(out);

	/* The set: each table, one blank line between. */
	out = capture(W_TEXT_SET, rs, NULL, &d, &rc);
	CHECK_INT(rc, 0);
	len = strlen(demo_text) + 1 + strlen(quoting_text) + 1;
	want = malloc(len);
	snprintf(want, len, "%s\n%s", demo_text, quoting_text);
	CHECK_STR(out, want);
	free(want);
	free(out);

	{
		struct result_table *e = result_set_add(rs, "empty");
		struct result_table *z = result_set_add(rs, "nocols");

		result_add_column(e, "value", RT_NUMBER);
		result_add_column(e, "province", RT_TEXT);
		out = capture(W_TEXT, rs, e, &d, &rc);
		CHECK_INT(rc, 0);
		CHECK_STR(out, "== empty ==\nvalue  province\n(no rows)\n");
		free(out);
		result_table_note(z, "nothing");
		out = capture(W_TEXT, rs, z, &d, &rc);
		CHECK_INT(rc, 0);
		CHECK_STR(out, "== nocols ==\n(no columns)\nnote: nothing\n");
		free(out);
	}
	result_set_free(rs);
}

static void test_json(void)
{
	struct result_set *rs = demo_set();
	struct diag d;
	char *out;
	int rc;

	out = capture(W_JSON, rs, NULL, &d, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(out, demo_json);
	free(out);
	result_set_free(rs);

	/* An empty set, and a table with no rows. */
	rs = result_set_create();
	out = capture(W_JSON, rs, NULL, &d, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(out, "{\n  \"tables\": {},\n  \"warnings\": [],\n  \"provenance\": {}\n}\n");
	free(out);
	result_add_column(result_set_add(rs, "tests"), "p", RT_PVALUE);
	result_set_provenance_num(rs, "undefined", NAN);
	out = capture(W_JSON, rs, NULL, &d, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(out, "{\n  \"tables\": {\n    \"tests\": []\n  },\n  \"warnings\": [],\n"
		       "  \"provenance\": {\n    \"undefined\": null\n  }\n}\n");
	free(out);
	result_set_free(rs);
}

/* ---- sticky failures ------------------------------------------------- */

/* Builds a set whose table "bad" gets one misuse from `spoil`, then checks
 * that every writer refuses with DIAG_INTERNAL `want` and writes nothing. */
static void check_spoiled(void (*spoil)(struct result_table *), const char *want)
{
	struct result_set *rs = result_set_create();
	struct result_table *t = result_set_add(rs, "bad");
	struct diag d;
	char *out;
	int rc;

	result_add_column(t, "x", RT_NUMBER);
	result_add_column(t, "k", RT_INTEGER);
	result_add_column(t, "s", RT_TEXT);
	result_add_row(t);
	spoil(t);
	result_set_number(t, 0, 0, 1.5); /* later calls still work */
	CHECK_REL(result_get_number(t, 0, 0), 1.5, 0);
	for (int w = W_CSV; w <= W_JSON; w++) {
		out = capture((enum writer)w, rs, t, &d, &rc);
		CHECK_INT(rc, -1);
		CHECK_INT(d.code, DIAG_INTERNAL);
		CHECK_STR(d.message, want);
		CHECK_STR(out, "");
		free(out);
	}
	result_set_free(rs);
}

static void spoil_text_in_number(struct result_table *t)
{
	result_set_text(t, 0, 0, "12");
	result_set_text(t, 0, 2, "first error wins");
	result_set_number(t, 0, 2, 1.0);
}

static void spoil_fraction(struct result_table *t)
{
	result_set_number(t, 0, 1, 2.5);
}

static void spoil_range(struct result_table *t)
{
	result_set_integer(t, 1, 1, 4);
}

static void spoil_column(struct result_table *t)
{
	CHECK_INT(result_add_column(t, "x", RT_TEXT), -1);
}

static void spoil_number_in_text(struct result_table *t)
{
	result_set_integer(t, 0, 2, 7);
}

static void test_sticky(void)
{
	struct result_set *rs;
	struct diag d;
	char *out;
	int rc;

	check_spoiled(spoil_text_in_number, "result table 'bad': text set in number column 'x'");
	check_spoiled(spoil_fraction, "result table 'bad': column 'k': 2.5 is not an integer");
	check_spoiled(spoil_range,
		      "result table 'bad': cell (row 1, column 1) out of range (table is 1 x 3)");
	check_spoiled(spoil_column, "result table 'bad': column 'x' added twice");
	check_spoiled(spoil_number_in_text,
		      "result table 'bad': an integer set in text column 's'");

	/* A duplicate table: NULL, the set fails, setters on NULL are no-ops. */
	rs = result_set_create();
	CHECK(result_set_add(rs, "a") != NULL);
	CHECK(result_set_add(rs, "a") == NULL);
	CHECK(result_set_add(rs, "") == NULL);
	result_set_text(NULL, 0, 0, "x");
	CHECK_INT(result_add_column(NULL, "x", RT_TEXT), -1);
	CHECK(result_add_row(NULL) == SIZE_MAX);
	out = capture(W_JSON, rs, NULL, &d, &rc);
	CHECK_INT(rc, -1);
	CHECK_INT(d.code, DIAG_INTERNAL);
	CHECK_STR(d.message, "result table 'a' added twice");
	CHECK_STR(out, "");
	free(out);
	result_set_free(rs);

	rs = result_set_create();
	CHECK_INT(result_set_provenance(rs, "", "x"), -1);
	diag_init(&d);
	CHECK_INT(result_set_check(rs, &d), -1);
	CHECK_STR(d.message, "provenance entry without a key");
	result_set_free(rs);

	diag_init(&d);
	CHECK_INT(result_set_check(NULL, &d), -1);
	CHECK_INT(d.code, DIAG_INTERNAL);
}

/* ---- stream errors --------------------------------------------------- */

static void test_dev_full(void)
{
	struct result_set *rs = demo_set();
	struct result_table *t = result_set_table(rs, 0);
	struct diag d;
	FILE *fp;

	for (int w = W_CSV; w <= W_JSON; w++) {
		fp = fopen("/dev/full", "w");
		CHECK(fp != NULL);
		if (!fp)
			break;
		diag_init(&d);
		switch (w) {
		case W_CSV:
			CHECK_INT(result_write_csv(t, fp, &d), -1);
			break;
		case W_TEXT:
			CHECK_INT(result_write_text(t, fp, &d), -1);
			break;
		case W_TEXT_SET:
			CHECK_INT(result_write_text_set(rs, fp, &d), -1);
			break;
		case W_JSON:
			CHECK_INT(result_write_json(rs, fp, &d), -1);
			break;
		}
		CHECK_INT(d.code, DIAG_IO);
		CHECK_INT(d.sys_errno, ENOSPC);
		CHECK(strncmp(d.message, "cannot write results: ", 22) == 0);
		fclose(fp);
	}
	result_set_free(rs);
}

/* ---- CSV files in a folder ------------------------------------------- */

static void test_csv_dir(void)
{
	char base[] = "/tmp/test_result.XXXXXX";
	char out[512], path[600], path2[600];
	struct result_set *rs;
	struct diag d;
	struct stat st;
	long n, hidden;
	char *text;

	umask(022);
	if (!mkdtemp(base)) {
		perror("mkdtemp");
		CHECK(0);
		return;
	}

	/* Nested folders are created; one complete file per table. */
	rs = demo_set();
	snprintf(out, sizeof out, "%s/run/results/", base);
	diag_init(&d);
	CHECK_INT(result_write_csv_dir(rs, out, &d), 0);
	CHECK_INT(d.code, DIAG_OK);
	snprintf(path, sizeof path, "%s/run/results/province_demo.csv", base);
	text = read_file(path);
	CHECK(text != NULL);
	if (text)
		CHECK_STR(text, demo_csv);
	free(text);
	snprintf(path2, sizeof path2, "%s/run/results/quoting.csv", base);
	text = read_file(path2);
	CHECK(text != NULL);
	if (text)
		CHECK_STR(text, quoting_csv);
	free(text);
	n = count_entries(out, &hidden);
	CHECK_INT(n, 2);
	CHECK_INT(hidden, 0);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
	snprintf(path2, sizeof path2, "%s/run", base);
	CHECK(stat(path2, &st) == 0 && (st.st_mode & 0777) == 0755);

	/* An existing file is replaced. */
	result_set_text(result_set_table(rs, 0), 0, 4, "new");
	diag_init(&d);
	CHECK_INT(result_write_csv_dir(rs, out, &d), 0);
	text = read_file(path);
	CHECK(text && strncmp(text, "province,n,mean,p,label\nÇorum,12,1234567.891,0.0321,new\n",
			      strlen("province,n,mean,p,label\nÇorum,12,1234567.891,0.0321,new\n")) == 0);
	free(text);
	n = count_entries(out, &hidden);
	CHECK_INT(n, 2);
	CHECK_INT(hidden, 0);
	result_set_free(rs);

	/* A Turkish name is a safe file name. */
	rs = result_set_create();
	result_add_column(result_set_add(rs, "Kahramanmaraş-2013_v1.0"), "x", RT_NUMBER);
	snprintf(out, sizeof out, "%s/tr", base);
	diag_init(&d);
	CHECK_INT(result_write_csv_dir(rs, out, &d), 0);
	snprintf(path, sizeof path, "%s/tr/Kahramanmaraş-2013_v1.0.csv", base);
	text = read_file(path);
	CHECK(text && strcmp(text, "x\n") == 0);
	free(text);
	result_set_free(rs);

	/* Unsafe names are refused with DIAG_USAGE before anything is written:
	 * not even the folder is created. */
	{
		static const char *bad[] = {
			"../escape", ".hidden", "a/b", "a b", "tab\there", "semi;colon", "x\xff",
		};

		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			rs = result_set_create();
			result_add_column(result_set_add(rs, "fine"), "x", RT_NUMBER);
			result_add_column(result_set_add(rs, bad[i]), "x", RT_NUMBER);
			snprintf(out, sizeof out, "%s/unsafe", base);
			diag_init(&d);
			CHECK_INT(result_write_csv_dir(rs, out, &d), -1);
			CHECK_INT(d.code, DIAG_USAGE);
			CHECK(strncmp(d.message, "table name '", 12) == 0);
			CHECK(!exists(out));
			result_set_free(rs);
		}
		/* Too long for a file name. */
		{
			char longname[RESULT_NAME_MAX + 2];

			memset(longname, 'a', sizeof longname - 1);
			longname[sizeof longname - 1] = '\0';
			rs = result_set_create();
			result_set_add(rs, longname);
			diag_init(&d);
			CHECK_INT(result_write_csv_dir(rs, out, &d), -1);
			CHECK_INT(d.code, DIAG_USAGE);
			result_set_free(rs);
		}
	}

	rs = demo_set();

	/* The output path is a file: DIAG_IO naming it. */
	snprintf(path, sizeof path, "%s/afile", base);
	write_file(path, "not a folder\n");
	diag_init(&d);
	CHECK_INT(result_write_csv_dir(rs, path, &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	CHECK_STR(d.path, path);
	CHECK_STR(d.message, "is not a folder");
	/* ... or a parent of it is. */
	snprintf(out, sizeof out, "%s/afile/sub", base);
	diag_init(&d);
	CHECK_INT(result_write_csv_dir(rs, out, &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	CHECK_STR(d.path, path);
	text = read_file(path);
	CHECK(text && strcmp(text, "not a folder\n") == 0);
	free(text);

	/* The final name is taken by a folder: rename fails, DIAG_IO names the
	 * file, the temporary file is removed, the earlier table stays. */
	snprintf(out, sizeof out, "%s/clash", base);
	snprintf(path, sizeof path, "%s/clash/quoting.csv", base);
	mkdir(out, 0777);
	mkdir(path, 0777);
	diag_init(&d);
	CHECK_INT(result_write_csv_dir(rs, out, &d), -1);
	CHECK_INT(d.code, DIAG_IO);
	CHECK_STR(d.path, path);
	CHECK(strncmp(d.message, "cannot replace: ", 16) == 0);
	CHECK_INT(d.sys_errno, EISDIR);
	n = count_entries(out, &hidden);
	CHECK_INT(n, 2); /* province_demo.csv and the quoting.csv folder */
	CHECK_INT(hidden, 0);
	snprintf(path2, sizeof path2, "%s/clash/province_demo.csv", base);
	text = read_file(path2);
	CHECK(text && strcmp(text, demo_csv) == 0);
	free(text);

	/* A folder that cannot be written (not testable as root). */
	if (geteuid() != 0) {
		snprintf(out, sizeof out, "%s/ro", base);
		mkdir(out, 0555);
		diag_init(&d);
		CHECK_INT(result_write_csv_dir(rs, out, &d), -1);
		CHECK_INT(d.code, DIAG_IO);
		snprintf(path, sizeof path, "%s/ro/province_demo.csv", base);
		CHECK_STR(d.path, path);
		CHECK_INT(d.sys_errno, EACCES);
		chmod(out, 0755);
	}

	/* An empty folder name is a usage error. */
	diag_init(&d);
	CHECK_INT(result_write_csv_dir(rs, "", &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	result_set_free(rs);

	remove_tree(base);
	CHECK(!exists(base));
}

int main(void)
{
	test_format_number();
	test_format_pvalue();
	test_model();
	test_csv();
	test_text();
	test_json();
	test_sticky();
	test_dev_full();
	test_csv_dir();
	return tc_summary("test_result");
}
