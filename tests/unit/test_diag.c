/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_diag: error records, their one-line form, warnings and JSON text. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/diag.h"
#include "clusterbench/json.h"
#include "tcheck.h"

static void test_format(void)
{
	struct diag d;
	char buf[1024];

	diag_init(&d);
	CHECK(!diag_failed(&d));
	CHECK_INT(diag_set(&d, DIAG_DATA, "expected an integer, got '%s'", "12x"), -1);
	diag_set_path(&d, "panel.csv");
	diag_set_line(&d, 1234, 6);
	diag_set_column(&d, "employees");
	CHECK(diag_failed(&d));
	CHECK_STR(diag_format(&d, buf, sizeof buf),
		  "panel.csv:1234:6: employees: expected an integer, got '12x'");
	/* first error wins: neither the message nor the location change */
	diag_set(&d, DIAG_IO, "later");
	diag_set_path(&d, "other.csv");
	diag_set_line(&d, 1, 1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(diag_format(&d, buf, sizeof buf),
		  "panel.csv:1234:6: employees: expected an integer, got '12x'");

	diag_init(&d);
	diag_set_errno(&d, DIAG_IO, ENOENT, "cannot open");
	diag_set_path(&d, "x.csv");
	CHECK_STR(diag_format(&d, buf, sizeof buf), "x.csv: cannot open: No such file or directory");
	CHECK_INT(d.sys_errno, ENOENT);

	diag_init(&d);
	diag_set(&d, DIAG_DATA, "invalid UTF-8 byte 0xDD");
	diag_set_path(&d, "a.csv");
	diag_set_line(&d, 3, 2);
	diag_set_offset(&d, 17);
	CHECK_STR(diag_format(&d, buf, sizeof buf), "a.csv:3:2: invalid UTF-8 byte 0xDD (byte offset 17)");

	/* a tiny buffer is cut, never overrun */
	CHECK_INT(strlen(diag_format(&d, buf, 8)), 7);
	CHECK(diag_set(NULL, DIAG_DATA, "ignored") == -1);
}

static void test_warnings(void)
{
	struct warnings w;

	warnings_init(&w);
	for (int i = 0; i < 20; i++)
		warnings_add(&w, "%d blank lines skipped", i);
	CHECK_INT(w.n, 20);
	CHECK_STR(w.items[19], "19 blank lines skipped");
	warnings_release(&w);
	CHECK_INT(w.n, 0);
}

static void test_json(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, fp, 0);
	json_begin_object(&j);
	json_key(&j, "name");
	json_string(&j, "Çorum \"A\"\\\n\x01");
	json_key(&j, "values");
	json_begin_array(&j);
	json_number(&j, 0.1);
	json_number(&j, 0.0 / 0.0);
	json_number(&j, 1e300 * 1e300);
	json_integer(&j, -5);
	json_bool(&j, 1);
	json_null(&j);
	json_end_array(&j);
	json_key(&j, "empty");
	json_begin_object(&j);
	json_end_object(&j);
	json_end_object(&j);
	json_finish(&j);
	fclose(fp);
	CHECK_STR(buf, "{\"name\":\"Çorum \\\"A\\\"\\\\\\n\\u0001\",\"values\":[0.1,null,null,-5,true,null],\"empty\":{}}\n");
	free(buf);
}

int main(void)
{
	test_format();
	test_warnings();
	test_json();
	return tc_summary("test_diag");
}
