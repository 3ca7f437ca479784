/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_analysis_charts: the line and box charts of describe, from a table to their models. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "clusterbench/analysis.h"
#include "clusterbench/chart.h"
#include "clusterbench/load.h"
#include "tcheck.h"

/* LeakSanitizer: fontconfig's once-per-process configuration (as test_render.c). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static char *dump_text(const struct chart *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return NULL;
	chart_dump(c, fp);
	fclose(fp);
	return buf;
}

static void test_line(void)
{
	/* means by hand: Samsun 12 (2011), 20 (2012), none in 2013 (a gap);
	 * Trabzon 3, 6, 9 */
	static const char *csv = "year,province,value\n"
				 "2011,Samsun,10\n2011,Samsun,14\n2011,Trabzon,3\n"
				 "2012,Samsun,20\n2012,Trabzon,4\n2012,Trabzon,8\n"
				 "2013,Trabzon,9\n2013,Samsun,\n";
	struct diag d;
	struct table *t;
	struct chart_set cs;
	char *dump;

	diag_init(&d);
	t = load_memory("d.csv", csv, strlen(csv), NULL, NULL, &d);
	CHECK(t != NULL);
	if (!t)
		return;
	chart_set_init(&cs);
	CHECK_INT(analysis_chart_line(t, 2, 0, 1, NULL, NULL, 0.95, "Value by year", &cs, &d), 0);
	CHECK_INT(cs.n, 1);
	if (cs.n == 1) {
		CHECK_STR(cs.items[0].name, "line");
		dump = dump_text(cs.items[0].model);
		CHECK(dump && strstr(dump, "subtitle \"Mean by province\""));
		CHECK(dump && strstr(dump, "title \"year\""));
		CHECK(dump && strstr(dump, "caption \"n = 7.\""));
		CHECK(dump && strstr(dump, "solid at 2011,12 2012,20\n"));
		CHECK(dump && strstr(dump, "solid at 2011,3 2012,6 2013,9\n"));
		CHECK(dump && strstr(dump, "text \"Samsun\""));
		CHECK(dump && strstr(dump, "text \"Trabzon\""));
		free(dump);
	}
	chart_set_release(&cs);

	/* one series: means 27/3, 32/3, 9/1 */
	chart_set_init(&cs);
	CHECK_INT(analysis_chart_line(t, 2, 0, -1, NULL, NULL, 0.95, "Value by year", &cs, &d), 0);
	if (cs.n == 1) {
		dump = dump_text(cs.items[0].model);
		CHECK(dump && strstr(dump, "solid at 2011,9 2012,10.66666667 2013,9\n"));
		free(dump);
	}
	chart_set_release(&cs);

	/* a category x axis is refused */
	chart_set_init(&cs);
	CHECK_INT(analysis_chart_line(t, 2, 1, 0, NULL, NULL, 0.95, "x", &cs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	CHECK_STR(d.message, "a line chart needs a numeric first by-column (such as year); "
			     "'province' is category");
	CHECK_INT(cs.n, 0);
	chart_set_release(&cs);
	table_free(t);
}

/* Outliers within 1/1500 of the data's range of the last one drawn are
 * left out: range 1500 - 10 = 1490, so 0.993; 1000.1 (0.1 past 1000) and
 * 1001.5 (0.5 past 1001) go, 1001 (1 past 1000) and 1500 stay. The box is
 * 10 to 10 (thirty tens), so all five are outliers. */
static void test_box_outliers(void)
{
	GString *csv = g_string_new("g,v\n");
	struct diag d;
	struct table *t;
	struct chart_set cs;
	char *dump;

	for (int i = 0; i < 30; i++)
		g_string_append(csv, "a,10\n");
	g_string_append(csv, "a,1000\na,1000.1\na,1001\na,1001.5\na,1500\n");
	diag_init(&d);
	t = load_memory("b.csv", csv->str, csv->len, NULL, NULL, &d);
	g_string_free(csv, TRUE);
	CHECK(t != NULL);
	if (!t)
		return;
	chart_set_init(&cs);
	CHECK_INT(analysis_chart_box(t, 1, 0, NULL, NULL, "v by g", NULL, &cs, &d), 0);
	CHECK_INT(cs.n, 1);
	if (cs.n == 1) {
		dump = dump_text(cs.items[0].model);
		CHECK(dump && strstr(dump, "width 0.8 at 0,1000\n"));
		CHECK(dump && strstr(dump, "width 0.8 at 0,1001\n"));
		CHECK(dump && strstr(dump, "width 0.8 at 0,1500\n"));
		CHECK(dump && !strstr(dump, "1000.1"));
		CHECK(dump && !strstr(dump, "1001.5"));
		free(dump);
	}
	chart_set_release(&cs);
	table_free(t);
}

int main(void)
{
	test_line();
	test_box_outliers();
	return tc_summary("test_analysis_charts");
}
