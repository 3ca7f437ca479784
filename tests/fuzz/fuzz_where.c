/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_where: the --where parser on arbitrary text, and evaluation of what parses. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/load.h"
#include "clusterbench/table.h"
#include "fuzz.h"

/*
 * The input is the expression (cut at a NUL byte, as a C string). When it
 * parses, it is evaluated on a small fixed table and on the same table with
 * no rows. Invariants:
 *   - a parse failure is a DIAG_USAGE error with a message and a position
 *     inside the text;
 *   - an evaluation returns the number of kept rows (keep[] is 0/1) or -1
 *     with a DIAG_USAGE error;
 *   - "E and E" parses whenever E does, and evaluates to the same rows (or
 *     the same error), since 'and' is idempotent.
 */

static const char fixed_csv[] =
	"province,year,member,value,sector,two words,ratio\n"
	"Samsun,2013,1,10,food,x,-0\n"
	"Çorum,2012,0,5,machinery,\"a,b\",0.5\n"
	"Trabzon,2013,0,,food,'q',1e-300\n"
	"Çorum,2013,1,7.5,\"metal, basic\",y,-2.5\n"
	"Gaziantep,2013,1,3,textiles,İı,1e300\n"
	"Kahramanmaraş,,0,2,textiles,,3\n"
	"Samsun,2012,0,1,food,z,NA\n";

static struct table *table_full, *table_empty;

static struct table *load_fixed(const char *text, size_t len)
{
	struct diag d;
	struct table *t;

	diag_init(&d);
	t = load_memory("fixed.csv", text, len, NULL, NULL, &d);
	if (!t) {
		fprintf(stderr, "fuzz_where: the fixed table does not load: %s\n", d.message);
		abort();
	}
	return t;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *nl = strchr(fixed_csv, '\n');

	(void)argc;
	(void)argv;
	table_full = load_fixed(fixed_csv, sizeof fixed_csv - 1);
	table_empty = load_fixed(fixed_csv, (size_t)(nl - fixed_csv) + 1);
	return 0;
}

static int message_ok(const struct diag *d)
{
	size_t n = strlen(d->message);

	return n > 0 && d->message[n - 1] != '.' && d->message[n - 1] != '\n';
}

/* Evaluates w on t into a fresh buffer of exactly t->nrows bytes. Returns
 * the count (or -1) and the buffer (caller frees). */
static long eval(const struct where *w, const struct table *t, unsigned char **keep_out,
		 struct diag *d)
{
	unsigned char *keep = malloc(t->nrows ? t->nrows : 1);
	long n, count = 0;

	FUZZ_CHECK(keep != NULL);
	diag_init(d);
	n = where_eval(w, t, keep, d);
	if (n < 0) {
		FUZZ_CHECK(n == -1);
		FUZZ_CHECK(d->code == DIAG_USAGE);
		FUZZ_CHECK(message_ok(d));
	} else {
		FUZZ_CHECK(!diag_failed(d));
		for (size_t r = 0; r < t->nrows; r++) {
			FUZZ_CHECK(keep[r] == 0 || keep[r] == 1);
			count += keep[r];
		}
		FUZZ_CHECK(n == count);
	}
	*keep_out = keep;
	return n;
}

static void check_table(const struct where *w, const struct where *w2, const struct table *t)
{
	struct diag d1, d2;
	unsigned char *k1, *k2;
	long n1 = eval(w, t, &k1, &d1);
	long n2 = eval(w2, t, &k2, &d2);

	FUZZ_CHECKF(n1 == n2, "E gives %ld, 'E and E' gives %ld", n1, n2);
	if (n1 >= 0)
		FUZZ_CHECK(t->nrows == 0 || memcmp(k1, k2, t->nrows) == 0);
	else
		FUZZ_CHECKF(strcmp(d1.message, d2.message) == 0, "'%s' vs '%s'", d1.message,
			    d2.message);
	free(k1);
	free(k2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *expr = fuzz_dup_string(data, size);
	size_t len = strlen(expr), pos = (size_t)-1, pos2;
	struct diag d;
	struct where *w, *w2;
	char *twice;

	diag_init(&d);
	w = where_parse(expr, &pos, &d);
	if (!w) {
		FUZZ_CHECK(d.code == DIAG_USAGE);
		FUZZ_CHECK(message_ok(&d));
		FUZZ_CHECKF(pos <= len, "error position %zu in %zu bytes", pos, len);
		free(expr);
		return 0;
	}
	FUZZ_CHECK(!diag_failed(&d));
	FUZZ_CHECK(pos == 0);

	twice = g_strdup_printf("%s and %s", expr, expr);
	diag_init(&d);
	w2 = where_parse(twice, &pos2, &d);
	FUZZ_CHECKF(w2 != NULL, "'%s' parses but 'E and E' does not: %s", expr, d.message);

	check_table(w, w2, table_full);
	check_table(w, w2, table_empty);

	where_free(w2);
	where_free(w);
	g_free(twice);
	free(expr);
	return 0;
}
