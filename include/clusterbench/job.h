/* SPDX-License-Identifier: GPL-3.0-or-later */
/* job: job files (GLib key files) -> a validated plan of analyses. */
#ifndef CLUSTERBENCH_JOB_H
#define CLUSTERBENCH_JOB_H

#include <stddef.h>

#include "clusterbench/diag.h"

/* One key = value of a group, with its line in the job file. List values
 * (a;b;c) are kept as written; job_list splits them. */
struct job_kv {
	char *key;
	char *value;
	unsigned line;
};

struct job_data {
	char *name;           /* [data NAME] */
	char *path;           /* resolved against the job file's folder */
	unsigned line;        /* of the group header */
	struct job_kv *opts;  /* dialect keys: schema, delimiter, ... */
	size_t nopts;
	unsigned path_line;
};

struct job_analysis {
	char *name;           /* [analysis NAME] */
	unsigned line;
	char *data;           /* name of a [data] group */
	char *method;         /* describe, compare, ... */
	char *title;          /* for the report; defaults to the name */
	char *foreach;        /* column name, or NULL */
	char **charts;        /* chart kinds asked for (NULL-terminated), or NULL */
	struct job_kv *opts;  /* the method's own options (CLI names) */
	size_t nopts;
	unsigned method_line, foreach_line, charts_line;
};

struct job {
	char *path;           /* the job file as given */
	char *dir;            /* its folder */
	char *title;
	char *output;         /* resolved output folder, or NULL */
	char **formats;       /* chart formats (png, pdf, svg), NULL-terminated */
	unsigned long seed;
	char *locale;         /* "en" or "tr" */
	char *data_date;      /* free text for the title page, or NULL */
	struct job_data *data;
	size_t ndata;
	struct job_analysis *an;
	size_t nan;
	char *report_pdf, *report_html; /* file names in the output folder, or NULL */
	char *report_title;
	unsigned output_line;
};

/* Problems found while reading a job file: all of them, each with a line. */
struct job_errors {
	char **msg;           /* "JOB:LINE: message" */
	unsigned *line;       /* for ordering; 0 = the whole file */
	size_t n, cap;
};
void job_errors_init(struct job_errors *e);
void job_errors_release(struct job_errors *e);
void job_errors_add(struct job_errors *e, const char *path, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Prints every message, in line order, as "PROG: JOB:LINE: message". */
void job_errors_print(const struct job_errors *e, FILE *fp);

/*
 * Reads and checks a job file. Syntax (GLib key file): groups [job],
 * [data NAME], [analysis NAME] and [report]; `key = value`; lists separated
 * by ';'; whole-line comments with '#', and inline comments " # text"
 * (a '#' between spaces). Unknown groups or keys, missing required keys,
 * wrong types (seed, formats, locale, method, charts), references to
 * undefined data, invalid names and malformed --where expressions are all
 * collected in errs with their line numbers. Output names are checked: no
 * absolute paths and no '..' for report files. Returns the job, or NULL
 * when errs holds at least one problem or on an I/O error (d, DIAG_IO).
 * Free with job_free.
 */
struct job *job_load(const char *path, struct job_errors *errs, struct diag *d);
void job_free(struct job *j);

/* The value of key in opts, or NULL. */
const char *job_opt(const struct job_kv *opts, size_t n, const char *key);

/* Splits a list value "a; b;c" into trimmed items (g_strfreev). */
char **job_list(const char *value);

/* The method names jobs know, NULL-terminated. */
const char *const *job_methods(void);

/* The chart kinds an analysis may ask for, NULL-terminated. */
const char *const *job_chart_kinds(void);

#endif
