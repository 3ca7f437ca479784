/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_table: Turkish order, --where expressions and group-by indexes. */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/load.h"
#include "clusterbench/numparse.h"
#include "clusterbench/table.h"
#include "tcheck.h"

static const char *csv =
	"province,year,member,value\n"
	"Samsun,2013,1,10\n"
	"Çorum,2012,0,5\n"
	"Trabzon,2013,0,\n"
	"Çorum,2013,1,7.5\n"
	"Gaziantep,2013,1,3\n"
	"Kahramanmaraş,,0,2\n"
	"Samsun,2012,0,1\n";

static struct table *load(void)
{
	struct diag d;
	struct table *t;

	diag_init(&d);
	t = load_memory("t.csv", csv, strlen(csv), NULL, NULL, &d);
	CHECK(t != NULL);
	return t;
}

/* The same rows under a schema whose bounds make year and member small
 * columns (4 bytes a row) */
static const struct schema_column small_cols[] = {
	{ "province", COL_CATEGORY, 0, 0, 1, 0, 0, NULL },
	{ "year", COL_INTEGER, 1900, 2100, 1, 1, 0, NULL },
	{ "member", COL_INTEGER, 0, 1, 1, 0, 0, NULL },
	{ "value", COL_NUMBER, 0, HUGE_VAL, 1, 1, 0, NULL },
};
static const struct schema small_schema = { "small", small_cols, 4, NULL, 0 };

static struct table *load_small(void)
{
	struct load_options o;
	struct diag d;
	struct table *t;

	diag_init(&d);
	load_options_init(&o);
	o.schema = &small_schema;
	t = load_memory("t.csv", csv, strlen(csv), &o, NULL, &d);
	CHECK(t != NULL);
	return t;
}

/* A small column holds value - lowest bound; table_num gives the doubles
 * (NaN for the missing year) and column_value each one */
static void test_small(const struct table *t)
{
	static const double years[] = { 2013, 2012, 2013, 2013, 2013, NAN, 2012 };
	const double *y;

	CHECK_INT(t->cols[0].is_small, 0);
	CHECK_INT(t->cols[1].is_small, 1);
	CHECK_INT(t->cols[2].is_small, 1);
	CHECK_INT(t->cols[3].is_small, 0);
	CHECK(t->cols[1].num == NULL);
	CHECK_INT(t->cols[1].small[0], 113);
	CHECK_INT(t->cols[1].small[5], COL_SMALL_MISSING);
	CHECK_INT(t->cols[2].small[0], 1);
	CHECK_INT(t->cols[1].missing, 1);
	CHECK_ABS(column_value(&t->cols[1], 1), 2012, 0);
	CHECK_NAN(column_value(&t->cols[1], 5));
	y = table_num(t, 1);
	CHECK(y != NULL && y == table_num(t, 1)); /* made once */
	for (size_t r = 0; y && r < 7; r++) {
		if (isnan(years[r]))
			CHECK_NAN(y[r]);
		else
			CHECK_ABS(y[r], years[r], 0);
	}
}

static void test_collate(void)
{
	const char *sorted[] = { "Adana", "Bursa", "Ceyhan", "Çorum", "Çorumlu", "Düzce",
				 "Gaziantep", "Ğx", "Iğdır", "İstanbul", "İzmir", "Ordu",
				 "Ödemiş", "Samsun", "Şanlıurfa", "Uşak", "Ünye", "Zonguldak" };
	size_t n = sizeof sorted / sizeof sorted[0];

	for (size_t i = 0; i + 1 < n; i++) {
		CHECK(text_collate(sorted[i], sorted[i + 1]) < 0);
		CHECK(text_collate(sorted[i + 1], sorted[i]) > 0);
	}
	CHECK(text_collate("samsun", "SAMSUN") != 0);
	CHECK(text_collate("Çorum", "Çorum") == 0);
	CHECK(text_collate("2012", "a") < 0);
}

static long where_count(const struct table *t, const char *expr, struct diag *d)
{
	unsigned char keep[16];
	size_t pos;
	struct where *w = where_parse(expr, &pos, d);
	long n;

	if (!w)
		return -2;
	n = where_eval(w, t, keep, d);
	where_free(w);
	return n;
}

static void test_where(const struct table *t)
{
	struct diag d;
	size_t pos;
	struct where *w;

	diag_init(&d);
	CHECK_INT(where_count(t, "year == 2013", &d), 4);
	CHECK_INT(where_count(t, "year == 2013 and member == 1", &d), 3);
	CHECK_INT(where_count(t, "year = 2013 AND member != 1", &d), 1);
	CHECK_INT(where_count(t, "province in (Samsun, Trabzon)", &d), 3);
	CHECK_INT(where_count(t, "province not in (Samsun, 'Trabzon')", &d), 4);
	CHECK_INT(where_count(t, "province == \"Çorum\" and value >= 6", &d), 1);
	/* missing cells never match, not even != */
	CHECK_INT(where_count(t, "year != 2013", &d), 2);
	CHECK_INT(where_count(t, "value < 3", &d), 2);
	CHECK_INT(where_count(t, "value <= 3", &d), 3);
	CHECK_INT(where_count(t, "value > 7.5", &d), 1);

	diag_init(&d);
	CHECK_INT(where_count(t, "province == Corum", &d), -1);
	CHECK_STR(d.message, "value 'Corum' does not occur in column 'province'; did you mean 'Çorum'?");
	CHECK_INT(d.code, DIAG_USAGE);
	diag_init(&d);
	CHECK_INT(where_count(t, "yr == 2013", &d), -1);
	CHECK_STR(d.message, "unknown column 'yr'; the columns are: province, year, member, value");
	diag_init(&d);
	CHECK_INT(where_count(t, "year == x", &d), -1);
	CHECK_STR(d.message, "'x' is not a number, but column 'year' is numeric");
	diag_init(&d);
	CHECK_INT(where_count(t, "province < Samsun", &d), -1);
	CHECK_STR(d.message, "'<' compares the text column 'province'; use ==, != or in");

	diag_init(&d);
	w = where_parse("year 2013", &pos, &d);
	CHECK(w == NULL);
	CHECK_INT(pos, 5);
	CHECK_STR(d.message, "expected an operator (==, !=, <, <=, >, >=, in, not in) at position 6");
	diag_init(&d);
	w = where_parse("year == 2013 or year == 2012", &pos, &d);
	CHECK(w == NULL);
	CHECK_INT(pos, 13);
	diag_init(&d);
	w = where_parse("province in (Samsun Trabzon)", &pos, &d);
	CHECK(w == NULL);
	CHECK_STR(d.message, "expected ',' or ')' in the list of values at position 21");
	diag_init(&d);
	w = where_parse("year ==", &pos, &d);
	CHECK(w == NULL);
	CHECK_STR(d.message, "expected a value at the end of the expression");
	diag_init(&d);
	w = where_parse("", &pos, &d);
	CHECK(w == NULL);
	CHECK_STR(d.message, "the expression is empty");
	diag_init(&d);
	w = where_parse("province == 'Samsun", &pos, &d);
	CHECK(w == NULL);
	CHECK_INT(pos, 12);

	/* found by fuzz_where: a value that is not UTF-8 reached
	 * g_utf8_normalize in where_eval, which read out of bounds */
	diag_init(&d);
	w = where_parse("province == Sam\xff" "sun", &pos, &d);
	CHECK(w == NULL);
	CHECK_INT(pos, 15);
	CHECK_INT(d.code, DIAG_USAGE);
	CHECK_STR(d.message, "invalid UTF-8 byte 0xFF at position 16");
	where_free(w);
	diag_init(&d);
	w = where_parse("\"pr\xc3\" == 1", &pos, &d);
	CHECK(w == NULL);
	CHECK_INT(pos, 3);
	where_free(w);
}

static void test_group(const struct table *t)
{
	struct diag d;
	struct groups g;
	size_t by[2] = { 0, 1 };
	unsigned char keep[7] = { 1, 1, 1, 1, 1, 1, 0 };

	diag_init(&d);
	CHECK_INT(table_group(t, by, 1, NULL, &g, &d), 0);
	CHECK_INT(g.ngroups, 5);
	CHECK_STR(g.labels[0], "Çorum");
	CHECK_STR(g.labels[1], "Gaziantep");
	CHECK_STR(g.labels[2], "Kahramanmaraş");
	CHECK_STR(g.labels[3], "Samsun");
	CHECK_STR(g.labels[4], "Trabzon");
	/* rows of Çorum in file order */
	CHECK_INT(g.start[1] - g.start[0], 2);
	CHECK_INT(g.rows[g.start[0]], 1);
	CHECK_INT(g.rows[g.start[0] + 1], 3);
	groups_release(&g);

	/* two columns; the row with a missing year is dropped; keep mask */
	CHECK_INT(table_group(t, by, 2, keep, &g, &d), 0);
	CHECK_INT(g.ngroups, 5);
	CHECK_INT(g.dropped, 1);
	CHECK_STR(g.labels[0], "Çorum");
	CHECK_STR(g.labels[1], "2012");
	CHECK_STR(g.labels[2], "Çorum");
	CHECK_STR(g.labels[3], "2013");
	CHECK_STR(g.labels[6], "Samsun");
	CHECK_STR(g.labels[7], "2013");
	groups_release(&g);

	/* no by-columns: one group of every kept row */
	CHECK_INT(table_group(t, NULL, 0, keep, &g, &d), 0);
	CHECK_INT(g.ngroups, 1);
	CHECK_INT(g.start[1], 6);
	groups_release(&g);
}

/* Checks the values by group against want (ngroups + 1 offsets in wstart)
 * and releases them. */
static void check_values(struct groups *g, double *v, size_t *vs, const double *want,
			 const size_t *wstart, size_t ngroups)
{
	CHECK_INT(g->ngroups, ngroups);
	CHECK(g->rows == NULL);
	for (size_t gi = 0; gi <= ngroups && gi <= g->ngroups; gi++)
		CHECK_INT(vs[gi], wstart[gi]);
	for (size_t i = 0; i < wstart[ngroups] && g->ngroups == ngroups; i++)
		CHECK_ABS(v[i], want[i], 0);
	groups_release(g);
	g_free(v);
	g_free(vs);
}

/*
 * table_group_values: the non-missing values of each group in row order,
 * by hand from the table above, on the direct path (province) and on the
 * general one (value, a column of non-whole numbers, as the by-column).
 */
static void test_group_values(const struct table *t)
{
	struct diag d;
	struct groups g;
	size_t by[2] = { 0, 1 };
	unsigned char keep[7] = { 1, 1, 1, 1, 1, 1, 0 };
	double *v = NULL;
	size_t *vs = NULL, vcol = 3, mcol = 2;
	/* province: Çorum 5, 7.5; Gaziantep 3; Kahramanmaraş 2; Samsun 10, 1;
	 * Trabzon has a row but no value */
	static const double by_province[] = { 5, 7.5, 3, 2, 10, 1 };
	static const size_t by_province_at[] = { 0, 2, 3, 4, 6, 6 };
	/* province and year, Samsun 2012 left out by the mask, Kahramanmaraş
	 * by its missing year: Çorum 2012, 2013, Gaziantep 2013, Samsun 2013,
	 * Trabzon 2013 (no value) */
	static const double by_two[] = { 5, 7.5, 3, 10 };
	static const size_t by_two_at[] = { 0, 1, 2, 3, 4, 4 };
	/* by value (1, 2, 3, 5, 7.5, 10; the row without one dropped): member */
	static const double by_value[] = { 0, 0, 1, 0, 1, 1 };
	static const size_t by_value_at[] = { 0, 1, 2, 3, 4, 5, 6 };

	diag_init(&d);
	CHECK_INT(table_group_values(t, by, 1, NULL, table_num(t, vcol), &g, &v, &vs, &d), 0);
	CHECK_INT(g.start[5] - g.start[4], 1); /* Trabzon: one row, no value */
	check_values(&g, v, vs, by_province, by_province_at, 5);

	CHECK_INT(table_group_values(t, by, 2, keep, table_num(t, vcol), &g, &v, &vs, &d), 0);
	CHECK_INT(g.dropped, 1);
	CHECK_STR(g.labels[6], "Samsun");
	CHECK_STR(g.labels[7], "2013");
	check_values(&g, v, vs, by_two, by_two_at, 5);

	CHECK_INT(table_group_values(t, &vcol, 1, NULL, table_num(t, mcol), &g, &v, &vs, &d), 0);
	CHECK_STR(g.labels[0], "1");
	CHECK_STR(g.labels[4], "7.5");
	check_values(&g, v, vs, by_value, by_value_at, 6);
}

/* Line numbers: none kept while rows follow one per line; kept from the
 * first that does not. table_fit keeps every row. */
static void test_lines(void)
{
	struct diag d;
	struct table *t;
	const char *text = "a,b\n1,x\n2,\"y\nz\"\n3,w\n\n4,v\n";

	diag_init(&d);
	t = load_memory("l.csv", text, strlen(text), NULL, NULL, &d);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_INT(t->nrows, 4);
	CHECK(t->line != NULL);
	CHECK_INT(table_row_line(t, 0), 2);
	CHECK_INT(table_row_line(t, 1), 3);
	CHECK_INT(table_row_line(t, 2), 5);
	CHECK_INT(table_row_line(t, 3), 7);
	CHECK_INT(t->cap, 4);
	CHECK_ABS(column_value(&t->cols[0], 3), 4, 0);
	table_free(t);

	text = "a\n1\n2\n3\n";
	t = load_memory("m.csv", text, strlen(text), NULL, NULL, &d);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK(t->line == NULL);
	CHECK_INT(table_row_line(t, 0), 2);
	CHECK_INT(table_row_line(t, 2), 4);
	table_free(t);
}

/* Row order of a naive grouping: by (a, b) numerically, then row. */
static const double *cmp_a, *cmp_b;

static int cmp_rows(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;

	if (cmp_a[i] != cmp_a[j])
		return cmp_a[i] < cmp_a[j] ? -1 : 1;
	if (cmp_b[i] != cmp_b[j])
		return cmp_b[i] < cmp_b[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* Numeric group-by (counting table and radix paths) against qsort. */
static void test_group_numeric(void)
{
	static const char *const shapes[] = { "years", "fractions", "wide", "zeros" };
	unsigned long long st = 12345;

	for (size_t sh = 0; sh < 4; sh++) {
		GString *csv_text = g_string_new("a,b\n");
		size_t n = 3000, *want = g_new(size_t, n);
		struct diag d;
		struct table *t;
		struct groups g;
		size_t by[2] = { 0, 1 };

		for (size_t i = 0; i < n; i++) {
			st = st * 6364136223846793005ULL + 1442695040888963407ULL;
			switch (sh) {
			case 0: g_string_append_printf(csv_text, "%llu,%llu\n", 2009 + (st >> 33) % 8,
						       (st >> 40) % 2); break;
			case 1: g_string_append_printf(csv_text, "%.2f,%llu\n",
						       (double)((st >> 33) % 500) / 4 - 50,
						       (st >> 45) % 3); break;
			case 2: g_string_append_printf(csv_text, "%llu,%llu\n", (st >> 20) % 100000000,
						       (st >> 50) % 2); break;
			default: g_string_append_printf(csv_text, "%s,%s\n",
							(st >> 33) % 3 == 0 ? "-0" : (st >> 33) % 3 == 1 ? "0" : "-1",
							(st >> 40) % 4 == 0 ? "" : "7"); break;
			}
		}
		diag_init(&d);
		t = load_memory("n.csv", csv_text->str, csv_text->len, NULL, NULL, &d);
		CHECK(t != NULL);
		if (!t) {
			g_free(want);
			g_string_free(csv_text, TRUE);
			continue;
		}
		{
			size_t m = 0;

			for (size_t i = 0; i < n; i++)
				if (!isnan(column_value(&t->cols[0], i)) && !isnan(column_value(&t->cols[1], i)))
					want[m++] = i;
			cmp_a = table_num(t, 0);
			cmp_b = table_num(t, 1);
			qsort(want, m, sizeof *want, cmp_rows);
			CHECK_INT(table_group(t, by, 2, NULL, &g, &d), 0);
			CHECK_INT(g.start[g.ngroups], m);
			CHECK_INT(g.dropped, n - m);
			{
				int same = 1;
				size_t groups = 0;

				for (size_t i = 0; i < m; i++) {
					same &= g.rows[i] == want[i];
					groups += i == 0 || cmp_a[want[i - 1]] != cmp_a[want[i]] ||
						  cmp_b[want[i - 1]] != cmp_b[want[i]];
				}
				if (!same)
					TC_FAIL("numeric group rows differ from qsort (%s)", shapes[sh]);
				else
					tc_passed++;
				CHECK_INT(g.ngroups, groups);
			}
			for (size_t gi = 0; gi < g.ngroups; gi++) {
				char buf[64];
				double a = column_value(&t->cols[0], g.rows[g.start[gi]]);

				num_format(a == 0 ? 0 : a, buf, sizeof buf);
				CHECK_STR(g.labels[gi * 2], buf);
			}
			groups_release(&g);
		}
		table_free(t);
		g_free(want);
		g_string_free(csv_text, TRUE);
	}
}

/* Row order of a naive grouping by (text p, number y, number m), then row. */
static const struct table *cmp_t;

static int cmp_mixed(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	const struct column *p = &cmp_t->cols[0];
	int c = text_collate(p->dict.values[p->code[i]], p->dict.values[p->code[j]]);

	if (c)
		return c;
	for (size_t k = 1; k < 3; k++) {
		double a = column_value(&cmp_t->cols[k], i), b = column_value(&cmp_t->cols[k], j);

		if (a != b)
			return a < b ? -1 : 1;
	}
	return i < j ? -1 : i > j;
}

/* Text and numeric by-columns with missing cells and a keep mask, against
 * qsort with text_collate. */
static void test_group_mixed(void)
{
	static const char *const names[] = { "Samsun", "Çorum", "CORUM", "Gaziantep", "",
					     "Kahramanmaraş", "Trabzon", "ılgaz", "Iğdır" };
	unsigned long long st = 987654321;

	for (size_t sh = 0; sh < 3; sh++) {
		GString *csv_text = g_string_new("p,y,m\n");
		size_t n = 5000, m = 0, dropped = 0, *want = g_new(size_t, n);
		unsigned char *keep = g_new(unsigned char, n);
		struct diag d;
		struct table *t;
		struct groups g;
		size_t by[3] = { 0, 1, 2 };

		for (size_t i = 0; i < n; i++) {
			st = st * 6364136223846793005ULL + 1442695040888963407ULL;
			g_string_append_printf(csv_text, "%s,%s,%llu\n", names[(st >> 33) % 9],
					       (st >> 40) % 17 == 0 ? "" :
					       sh == 2 ? "2011.5" : (const char *[]){ "2013", "2010", "2012" }[(st >> 45) % 3],
					       sh == 1 ? (st >> 50) % 1000 : (st >> 50) % 2);
			keep[i] = (st >> 55) % 5 != 0;
		}
		diag_init(&d);
		t = load_memory("m.csv", csv_text->str, csv_text->len, NULL, NULL, &d);
		CHECK(t != NULL);
		if (t) {
			for (size_t i = 0; i < n; i++) {
				if (!keep[i])
					continue;
				if (t->cols[0].code[i] < 0 || isnan(column_value(&t->cols[1], i)))
					dropped++;
				else
					want[m++] = i;
			}
			cmp_t = t;
			qsort(want, m, sizeof *want, cmp_mixed);
			CHECK_INT(table_group(t, by, 3, keep, &g, &d), 0);
			CHECK_INT(g.start[g.ngroups], m);
			CHECK_INT(g.dropped, dropped);
			{
				int same = 1;
				size_t groups = 0;

				for (size_t i = 0; i < m; i++) {
					same &= g.rows[i] == want[i];
					groups += i == 0 ||
						  t->cols[0].code[want[i - 1]] != t->cols[0].code[want[i]] ||
						  column_value(&t->cols[1], want[i - 1]) != column_value(&t->cols[1], want[i]) ||
						  column_value(&t->cols[2], want[i - 1]) != column_value(&t->cols[2], want[i]);
				}
				if (!same)
					TC_FAIL("mixed group rows differ from qsort (shape %zu)", sh);
				else
					tc_passed++;
				CHECK_INT(g.ngroups, groups);
			}
			for (size_t gi = 0; gi < g.ngroups; gi++) {
				size_t r = g.rows[g.start[gi]];
				char buf[64];

				CHECK_STR(g.labels[gi * 3], t->cols[0].dict.values[t->cols[0].code[r]]);
				num_format(column_value(&t->cols[1], r), buf, sizeof buf);
				CHECK_STR(g.labels[gi * 3 + 1], buf);
				num_format(column_value(&t->cols[2], r), buf, sizeof buf);
				CHECK_STR(g.labels[gi * 3 + 2], buf);
			}
			{
				/* the levels alone: the same groups, sizes and labels */
				struct groups lv;
				int same = 1;

				CHECK_INT(table_group_levels(t, by, 3, keep, &lv, &d), 0);
				CHECK(lv.rows == NULL);
				CHECK_INT(lv.ngroups, g.ngroups);
				CHECK_INT(lv.dropped, g.dropped);
				for (size_t gi = 0; same && gi < g.ngroups && gi < lv.ngroups; gi++) {
					same &= lv.start[gi + 1] == g.start[gi + 1];
					for (size_t b = 0; b < 3; b++)
						same &= strcmp(lv.labels[gi * 3 + b], g.labels[gi * 3 + b]) == 0;
				}
				CHECK(same);
				groups_release(&lv);
			}
			groups_release(&g);
			table_free(t);
		}
		g_free(want);
		g_free(keep);
		g_string_free(csv_text, TRUE);
	}
}

int main(void)
{
	struct table *t = load();

	test_collate();
	test_group_numeric();
	test_group_mixed();
	test_lines();
	if (t) {
		test_where(t);
		test_group(t);
		test_group_values(t);
	}
	table_free(t);
	/* the same expectations hold when year and member are small columns */
	t = load_small();
	if (t) {
		test_where(t);
		test_group(t);
		test_group_values(t);
		test_small(t);
	}
	table_free(t);
	return tc_summary("test_table");
}
