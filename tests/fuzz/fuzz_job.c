/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_job: job_load on arbitrary job files, with the plan's invariants checked. */
#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clusterbench/job.h"
#include "fuzz.h"

/*
 * The input is written to a temporary job file (created once, rewritten for
 * every input) and read with job_load. Nothing is printed: the error list is
 * "printed" to /dev/null to exercise its ordering. Invariants:
 *   - job_load returns a job exactly when it reported no problem;
 *   - every problem has a non-empty, valid UTF-8 message naming the file;
 *   - a returned job is consistent: names, methods, charts, formats, locale
 *     and report names are the checked ones, and every analysis refers to a
 *     defined data group.
 */

static char job_path[4096];
static FILE *devnull;

static void cleanup(void)
{
	if (job_path[0])
		unlink(job_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	(void)argc;
	(void)argv;
	snprintf(job_path, sizeof job_path, "%s/fuzz_job.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(job_path);
	if (fd < 0) {
		perror("fuzz_job: mkstemp");
		abort();
	}
	close(fd);
	atexit(cleanup);
	devnull = fopen("/dev/null", "w");
	FUZZ_CHECK(devnull != NULL);
	return 0;
}

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* A relative name with no empty or ".." component and no backslash. */
static int inside(const char *s)
{
	const char *p = s;

	if (!*s || *s == '/' || strchr(s, '\\'))
		return 0;
	for (;;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == 0 || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!e)
			return 1;
		p = e + 1;
	}
}

static void check_job(const struct job *j)
{
	static const char *const formats[] = { "png", "pdf", "svg", NULL };
	const char *const *methods = job_methods(), *const *charts = job_chart_kinds();

	FUZZ_CHECK(j->path && strcmp(j->path, job_path) == 0);
	FUZZ_CHECK(j->dir && j->locale && j->formats);
	FUZZ_CHECK(strcmp(j->locale, "en") == 0 || strcmp(j->locale, "tr") == 0);
	FUZZ_CHECK(j->formats[0] != NULL);
	for (size_t i = 0; j->formats[i]; i++)
		FUZZ_CHECK(in_list(formats, j->formats[i]));
	FUZZ_CHECK(j->seed <= 0xFFFFFFFFul);
	FUZZ_CHECK(j->nan > 0);
	for (size_t i = 0; i < j->ndata; i++) {
		const struct job_data *dd = &j->data[i];

		FUZZ_CHECK(dd->name && dd->name[0] && dd->path);
		for (size_t k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(j->data[k].name, dd->name) != 0);
		for (size_t k = 0; k < dd->nopts; k++) {
			FUZZ_CHECK(dd->opts[k].key && dd->opts[k].value);
			FUZZ_CHECK(job_opt(dd->opts, dd->nopts, dd->opts[k].key) != NULL);
		}
	}
	for (size_t i = 0; i < j->nan; i++) {
		const struct job_analysis *a = &j->an[i];
		int found = 0;

		FUZZ_CHECK(a->name && a->name[0] && a->method && a->title && a->data);
		FUZZ_CHECK(in_list(methods, a->method));
		for (size_t k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(j->an[k].name, a->name) != 0);
		for (size_t k = 0; k < j->ndata; k++)
			found |= strcmp(j->data[k].name, a->data) == 0;
		FUZZ_CHECK(found);
		for (size_t k = 0; a->charts && a->charts[k]; k++)
			FUZZ_CHECK(in_list(charts, a->charts[k]));
		for (size_t k = 0; k < a->nopts; k++) {
			char **items;

			FUZZ_CHECK(a->opts[k].key && a->opts[k].value);
			items = job_list(a->opts[k].value);
			for (size_t m = 0; items[m]; m++)
				FUZZ_CHECK(items[m][0] != '\0');
			g_strfreev(items);
		}
	}
	FUZZ_CHECK(!j->report_pdf || inside(j->report_pdf));
	FUZZ_CHECK(!j->report_html || inside(j->report_html));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct job_errors errs;
	struct diag d;
	struct job *j;
	FILE *fp = fopen(job_path, "wb");

	FUZZ_CHECK(fp != NULL);
	FUZZ_CHECK(size == 0 || fwrite(data, 1, size, fp) == size);
	FUZZ_CHECK(fclose(fp) == 0);

	job_errors_init(&errs);
	diag_init(&d);
	j = job_load(job_path, &errs, &d);
	if (j) {
		FUZZ_CHECK(errs.n == 0 && !diag_failed(&d));
		check_job(j);
	} else {
		FUZZ_CHECK(errs.n > 0 || diag_failed(&d));
		FUZZ_CHECK(!diag_failed(&d) || (d.message[0] && d.code != DIAG_INTERNAL));
	}
	for (size_t i = 0; i < errs.n; i++) {
		const char *m = errs.msg[i];

		FUZZ_CHECK(m && strncmp(m, job_path, strlen(job_path)) == 0);
		FUZZ_CHECK(strlen(m) > strlen(job_path) + 2);
		FUZZ_CHECK(g_utf8_validate(m, -1, NULL));
	}
	job_errors_print(&errs, devnull);
	job_errors_release(&errs);
	job_free(j);
	return 0;
}
