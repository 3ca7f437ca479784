/* SPDX-License-Identifier: GPL-3.0-or-later */
/* job: reads a job file, keeps every key's line, and checks it all at once. */
#include "clusterbench/job.h"

#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/table.h"

/* ------------------------------------------------------------ errors */

void job_errors_init(struct job_errors *e)
{
	memset(e, 0, sizeof *e);
}

void job_errors_release(struct job_errors *e)
{
	for (size_t i = 0; i < e->n; i++)
		g_free(e->msg[i]);
	g_free(e->msg);
	g_free(e->line);
	memset(e, 0, sizeof *e);
}

void job_errors_add(struct job_errors *e, const char *path, unsigned line, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 8;
		e->msg = g_renew(char *, e->msg, e->cap);
		e->line = g_renew(unsigned, e->line, e->cap);
	}
	e->line[e->n] = line;
	e->msg[e->n++] = line ? g_strdup_printf("%s:%u: %s", path, line, text)
			      : g_strdup_printf("%s: %s", path, text);
	g_free(text);
}

void job_errors_print(const struct job_errors *e, FILE *fp)
{
	size_t *order = g_new(size_t, e->n ? e->n : 1);

	/* stable insertion sort by line: errors are few */
	for (size_t i = 0; i < e->n; i++) {
		size_t j = i;

		while (j > 0 && e->line[order[j - 1]] > e->line[i]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	for (size_t i = 0; i < e->n; i++)
		fprintf(fp, "%s: %s\n", diag_progname(), e->msg[order[i]]);
	g_free(order);
}

/* ------------------------------------------------------------ vocabulary */

/* Keys every [analysis] takes besides its method's own options. */
static const char *const analysis_common[] = { "data", "method", "title", "foreach", "charts",
					       NULL };

struct method_keys {
	const char *method;
	const char *const keys[20];
};

/* The options of each method: the command line's long option names. */
static const struct method_keys methods[] = {
	{ "describe", { "value", "by", "where", "conf", "boot", "seed", NULL } },
	{ "compare", { "value", "by", "where", "paired", "from", "to", "posthoc", "adjust",
		       "conf", NULL } },
	{ "correlate", { "vars", "methods", "where", "adjust", "conf", NULL } },
	{ "regress", { "y", "x", "reference", "robust", "no-intercept", "where", "conf", NULL } },
	{ "peers", { "unit", "indicators", "peer-group", "where", "direction", "focus", NULL } },
	{ "composite", { "unit", "indicators", "weights", "direction", "normalise", "target",
			 "aggregate", "range", "uncertainty", "weight-noise", "seed",
			 "vary-method", "where", NULL } },
	{ "regional", { "region", "sector", "value", "year", "from", "to", "reference", "regions",
			"lq-threshold", "where", NULL } },
	{ "target", { "value", "id", "time", "from", "to", "target", "by", "where", "conf", "boot",
		      "seed", NULL } },
	{ "did", { "value", "id", "time", "treat", "post-from", "pre-from", "log", "where", "conf",
		   NULL } },
	{ "provinces", { "value", "province", "where", "national-mean", "conf", "reference",
			 "lower-better", "posthoc", "adjust", NULL } },
};

static const char *const method_names[] = { "describe", "compare", "correlate", "regress",
					    "peers", "composite", "regional", "target", "did",
					    "provinces", NULL };

static const char *const chart_kinds[] = { "bar", "box", "line", "scatter", "dotstrip",
					   "heatmap", "rank", "bullet", "radar", "coef", NULL };

static const char *const data_keys[] = { "path", "schema", "delimiter", "decimal", "encoding",
					 "comment", "missing", "province-aliases", NULL };

static const char *const job_keys[] = { "title", "output", "formats", "seed", "locale",
					"data-date", NULL };

static const char *const report_keys[] = { "title", "pdf", "html", NULL };

const char *const *job_methods(void)
{
	return method_names;
}

const char *const *job_chart_kinds(void)
{
	return chart_kinds;
}

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static const struct method_keys *method_find(const char *name)
{
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(methods[i].method, name) == 0)
			return &methods[i];
	return NULL;
}

/* ------------------------------------------------------------ helpers */

char **job_list(const char *value)
{
	char **items = g_strsplit(value ? value : "", ";", -1);
	size_t o = 0;

	for (size_t i = 0; items[i]; i++) {
		char *s = g_strstrip(items[i]);
		char *keep = *s ? g_strdup(s) : NULL;

		g_free(items[i]);
		if (keep)
			items[o++] = keep;
	}
	items[o] = NULL;
	return items;
}

const char *job_opt(const struct job_kv *opts, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(opts[i].key, key) == 0)
			return opts[i].value;
	return NULL;
}

static void kv_free(struct job_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		g_free(kv[i].key);
		g_free(kv[i].value);
	}
	g_free(kv);
}

void job_free(struct job *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->ndata; i++) {
		g_free(j->data[i].name);
		g_free(j->data[i].path);
		kv_free(j->data[i].opts, j->data[i].nopts);
	}
	g_free(j->data);
	for (size_t i = 0; i < j->nan; i++) {
		struct job_analysis *a = &j->an[i];

		g_free(a->name);
		g_free(a->data);
		g_free(a->method);
		g_free(a->title);
		g_free(a->foreach);
		g_strfreev(a->charts);
		kv_free(a->opts, a->nopts);
	}
	g_free(j->an);
	g_free(j->path);
	g_free(j->dir);
	g_free(j->title);
	g_free(j->output);
	g_strfreev(j->formats);
	g_free(j->locale);
	g_free(j->data_date);
	g_free(j->report_pdf);
	g_free(j->report_html);
	g_free(j->report_title);
	g_free(j);
}

/* A name usable in file names and references: letters, digits, '-', '_'. */
static int good_name(const char *s)
{
	if (!*s)
		return 0;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (!g_unichar_isalnum(c) && c != '-' && c != '_')
			return 0;
	}
	return 1;
}

/* A file name inside the output folder: relative, no '..' component. */
static int safe_relative(const char *s)
{
	char **parts;
	int ok = 1;

	if (!*s || s[0] == '/' || strchr(s, '\\'))
		return 0;
	parts = g_strsplit(s, "/", -1);
	for (size_t i = 0; parts[i]; i++)
		if (strcmp(parts[i], "..") == 0 || !*parts[i])
			ok = 0;
	g_strfreev(parts);
	return ok;
}

/*
 * Scans the text line by line: records the line of every group header and
 * key (a map "group\x1fkey" -> line), removes inline comments, and reports
 * lines that are neither. Returns the cleaned text for GKeyFile.
 */
static char *scan(const char *path, const char *text, GHashTable *lines, struct job_errors *errs)
{
	GString *out = g_string_new(NULL);
	char **rows = g_strsplit(text, "\n", -1);
	char *group = NULL;

	for (unsigned i = 0; rows[i]; i++) {
		char *line = rows[i];
		char *s;
		size_t len = strlen(line);

		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#' || *s == ';') {
			g_string_append_c(out, '\n');
			continue;
		}
		if (*s == '[') {
			char *end = strrchr(s, ']');

			if (!end) {
				job_errors_add(errs, path, i + 1, "group header without ']'");
				g_string_append_c(out, '\n');
				continue;
			}
			g_free(group);
			group = g_strndup(s + 1, (size_t)(end - s - 1));
			{
				char *k = g_strdup_printf("%s\x1f", group);

				if (g_hash_table_contains(lines, k))
					job_errors_add(errs, path, i + 1, "[%s] appears twice (first on "
						       "line %u)", group,
						       GPOINTER_TO_UINT(g_hash_table_lookup(lines, k)));
				else
					g_hash_table_insert(lines, k, GUINT_TO_POINTER(i + 1));
				if (g_hash_table_contains(lines, k) &&
				    GPOINTER_TO_UINT(g_hash_table_lookup(lines, k)) != i + 1)
					g_free(k);
			}
			g_string_append_printf(out, "%s\n", s);
			continue;
		}
		{
			char *eq = strchr(s, '=');
			char *hash;
			char *key;

			if (!eq) {
				job_errors_add(errs, path, i + 1,
					       "expected 'key = value' or a [group], got '%s'", s);
				g_string_append_c(out, '\n');
				continue;
			}
			if (!group) {
				job_errors_add(errs, path, i + 1, "key outside of any [group]");
				g_string_append_c(out, '\n');
				continue;
			}
			/* inline comment: whitespace, '#', whitespace */
			for (hash = eq + 1; (hash = strchr(hash, '#')); hash++)
				if ((hash[-1] == ' ' || hash[-1] == '\t') &&
				    (hash[1] == ' ' || hash[1] == '\t' || !hash[1])) {
					*hash = '\0';
					break;
				}
			key = g_strstrip(g_strndup(s, (size_t)(eq - s)));
			{
				char *k = g_strdup_printf("%s\x1f%s", group, key);

				if (g_hash_table_contains(lines, k))
					job_errors_add(errs, path, i + 1, "[%s]: '%s' given twice (first on "
						       "line %u)", group, key,
						       GPOINTER_TO_UINT(g_hash_table_lookup(lines, k)));
				g_hash_table_insert(lines, k, GUINT_TO_POINTER(i + 1));
			}
			g_free(key);
			g_string_append_printf(out, "%s\n", g_strchomp(s));
		}
	}
	g_free(group);
	g_strfreev(rows);
	return g_string_free(out, FALSE);
}

static unsigned line_of(GHashTable *lines, const char *group, const char *key)
{
	char *k = g_strdup_printf("%s\x1f%s", group, key ? key : "");
	unsigned l = GPOINTER_TO_UINT(g_hash_table_lookup(lines, k));

	g_free(k);
	return l;
}

static char *get(GKeyFile *kf, const char *group, const char *key)
{
	char *v = g_key_file_get_value(kf, group, key, NULL);

	if (v)
		g_strstrip(v);
	return v;
}

static char *resolve(const char *dir, const char *p)
{
	return g_path_is_absolute(p) ? g_strdup(p) : g_build_filename(dir, p, NULL);
}

static void check_where(const char *path, const char *group, unsigned line, const char *value,
			struct job_errors *errs)
{
	struct diag d;
	size_t pos;
	struct where *w;

	diag_init(&d);
	w = where_parse(value, &pos, &d);
	if (!w)
		job_errors_add(errs, path, line, "[%s]: where: %s", group, d.message);
	where_free(w);
}

static void read_job_group(struct job *j, GKeyFile *kf, GHashTable *lines,
			   struct job_errors *errs)
{
	char **keys = g_key_file_get_keys(kf, "job", NULL, NULL);
	char *v;

	for (size_t i = 0; keys && keys[i]; i++)
		if (!in_list(job_keys, keys[i]))
			job_errors_add(errs, j->path, line_of(lines, "job", keys[i]),
				       "[job]: unknown key '%s'; known: title, output, formats, seed, "
				       "locale, data-date", keys[i]);
	g_strfreev(keys);
	j->title = get(kf, "job", "title");
	if ((v = get(kf, "job", "output"))) {
		j->output = resolve(j->dir, v);
		j->output_line = line_of(lines, "job", "output");
		g_free(v);
	}
	j->formats = job_list((v = get(kf, "job", "formats")) ? v : "png;pdf");
	if (v && !j->formats[0])
		job_errors_add(errs, j->path, line_of(lines, "job", "formats"),
			       "[job]: formats is empty");
	for (size_t i = 0; j->formats[i]; i++)
		if (strcmp(j->formats[i], "png") && strcmp(j->formats[i], "pdf") &&
		    strcmp(j->formats[i], "svg"))
			job_errors_add(errs, j->path, line_of(lines, "job", "formats"),
				       "[job]: unknown chart format '%s'; use png, pdf or svg",
				       j->formats[i]);
	g_free(v);
	j->seed = 20110222;
	if ((v = get(kf, "job", "seed"))) {
		char *end;
		unsigned long long s;

		errno = 0;
		s = g_ascii_strtoull(v, &end, 10);
		if (!*v || *end || errno || v[0] == '-' || s > 0xFFFFFFFFull)
			job_errors_add(errs, j->path, line_of(lines, "job", "seed"),
				       "[job]: seed must be a whole number from 0 to 4294967295, got '%s'",
				       v);
		else
			j->seed = (unsigned long)s;
		g_free(v);
	}
	j->locale = get(kf, "job", "locale");
	if (!j->locale)
		j->locale = g_strdup("en");
	else if (strcmp(j->locale, "en") && strcmp(j->locale, "tr"))
		job_errors_add(errs, j->path, line_of(lines, "job", "locale"),
			       "[job]: locale must be en or tr, got '%s'", j->locale);
	j->data_date = get(kf, "job", "data-date");
}

static void read_data_group(struct job *j, GKeyFile *kf, GHashTable *lines, const char *group,
			    const char *name, struct job_errors *errs)
{
	struct job_data *dd;
	char **keys = g_key_file_get_keys(kf, group, NULL, NULL);
	char *path = get(kf, group, "path");
	unsigned gl = line_of(lines, group, NULL);

	if (!good_name(name))
		job_errors_add(errs, j->path, gl, "[%s]: the name may use letters, digits, '-' and "
			       "'_' only", group);
	for (size_t i = 0; i < j->ndata; i++)
		if (strcmp(j->data[i].name, name) == 0)
			job_errors_add(errs, j->path, gl, "[%s]: defined twice", group);
	j->data = g_renew(struct job_data, j->data, j->ndata + 1);
	dd = &j->data[j->ndata++];
	memset(dd, 0, sizeof *dd);
	dd->name = g_strdup(name);
	dd->line = gl;
	if (!path)
		job_errors_add(errs, j->path, gl, "[%s]: 'path' is required", group);
	else
		dd->path = resolve(j->dir, path);
	dd->path_line = line_of(lines, group, "path");
	g_free(path);
	for (size_t i = 0; keys && keys[i]; i++) {
		if (!in_list(data_keys, keys[i])) {
			job_errors_add(errs, j->path, line_of(lines, group, keys[i]),
				       "[%s]: unknown key '%s'; known: path, schema, delimiter, decimal, "
				       "encoding, comment, missing, province-aliases", group, keys[i]);
			continue;
		}
		if (strcmp(keys[i], "path") == 0)
			continue;
		dd->opts = g_renew(struct job_kv, dd->opts, dd->nopts + 1);
		dd->opts[dd->nopts].key = g_strdup(keys[i]);
		dd->opts[dd->nopts].value = get(kf, group, keys[i]);
		dd->opts[dd->nopts].line = line_of(lines, group, keys[i]);
		/* relative aliases files are relative to the job file too */
		if (strcmp(keys[i], "province-aliases") == 0 &&
		    strcmp(dd->opts[dd->nopts].value, "auto") != 0) {
			char *r = resolve(j->dir, dd->opts[dd->nopts].value);

			g_free(dd->opts[dd->nopts].value);
			dd->opts[dd->nopts].value = r;
		}
		dd->nopts++;
	}
	g_strfreev(keys);
}

static void read_analysis_group(struct job *j, GKeyFile *kf, GHashTable *lines,
				const char *group, const char *name, struct job_errors *errs)
{
	struct job_analysis *a;
	const struct method_keys *mk = NULL;
	char **keys = g_key_file_get_keys(kf, group, NULL, NULL);
	unsigned gl = line_of(lines, group, NULL);
	char *v;

	if (!good_name(name))
		job_errors_add(errs, j->path, gl, "[%s]: the name may use letters, digits, '-' and "
			       "'_' only", group);
	for (size_t i = 0; i < j->nan; i++)
		if (strcmp(j->an[i].name, name) == 0)
			job_errors_add(errs, j->path, gl, "[%s]: defined twice", group);
	j->an = g_renew(struct job_analysis, j->an, j->nan + 1);
	a = &j->an[j->nan++];
	memset(a, 0, sizeof *a);
	a->name = g_strdup(name);
	a->line = gl;
	a->method = get(kf, group, "method");
	a->method_line = line_of(lines, group, "method");
	if (!a->method) {
		job_errors_add(errs, j->path, gl, "[%s]: 'method' is required", group);
	} else if (!(mk = method_find(a->method))) {
		GString *known = g_string_new(NULL);

		for (size_t i = 0; method_names[i]; i++)
			g_string_append_printf(known, "%s%s", i ? ", " : "", method_names[i]);
		job_errors_add(errs, j->path, a->method_line, "[%s]: unknown method '%s'; known: %s",
			       group, a->method, known->str);
		g_string_free(known, TRUE);
	}
	a->data = get(kf, group, "data");
	if (!a->data) {
		if (j->ndata == 1)
			a->data = g_strdup(j->data[0].name);
		else
			job_errors_add(errs, j->path, gl, "[%s]: 'data' is required (the name of a "
				       "[data NAME] group)", group);
	}
	a->title = get(kf, group, "title");
	if (!a->title)
		a->title = g_strdup(name);
	a->foreach = get(kf, group, "foreach");
	a->foreach_line = line_of(lines, group, "foreach");
	if ((v = get(kf, group, "charts"))) {
		a->charts = job_list(v);
		a->charts_line = line_of(lines, group, "charts");
		for (size_t i = 0; a->charts[i]; i++)
			if (!in_list(chart_kinds, a->charts[i]))
				job_errors_add(errs, j->path, a->charts_line,
					       "[%s]: unknown chart '%s'; known: bar, box, line, scatter, "
					       "dotstrip, heatmap, rank, bullet, radar, coef", group,
					       a->charts[i]);
		g_free(v);
	}
	for (size_t i = 0; keys && keys[i]; i++) {
		unsigned kl = line_of(lines, group, keys[i]);

		if (in_list(analysis_common, keys[i]))
			continue;
		if (mk && !in_list(mk->keys, keys[i])) {
			GString *known = g_string_new(NULL);

			for (size_t k = 0; mk->keys[k]; k++)
				g_string_append_printf(known, "%s%s", k ? ", " : "", mk->keys[k]);
			job_errors_add(errs, j->path, kl, "[%s]: '%s' is not an option of method '%s'; "
				       "its options: %s", group, keys[i], a->method, known->str);
			g_string_free(known, TRUE);
			continue;
		}
		a->opts = g_renew(struct job_kv, a->opts, a->nopts + 1);
		a->opts[a->nopts].key = g_strdup(keys[i]);
		a->opts[a->nopts].value = get(kf, group, keys[i]);
		a->opts[a->nopts].line = kl;
		if (strcmp(keys[i], "where") == 0)
			check_where(j->path, group, kl, a->opts[a->nopts].value, errs);
		a->nopts++;
	}
	g_strfreev(keys);
}

static void read_report_group(struct job *j, GKeyFile *kf, GHashTable *lines,
			      struct job_errors *errs)
{
	char **keys = g_key_file_get_keys(kf, "report", NULL, NULL);
	const char *which[2] = { "pdf", "html" };
	char **dest[2] = { &j->report_pdf, &j->report_html };

	for (size_t i = 0; keys && keys[i]; i++)
		if (!in_list(report_keys, keys[i]))
			job_errors_add(errs, j->path, line_of(lines, "report", keys[i]),
				       "[report]: unknown key '%s'; known: title, pdf, html", keys[i]);
	g_strfreev(keys);
	j->report_title = get(kf, "report", "title");
	for (int k = 0; k < 2; k++) {
		char *v = get(kf, "report", which[k]);

		if (v && !safe_relative(v)) {
			job_errors_add(errs, j->path, line_of(lines, "report", which[k]),
				       "[report]: %s '%s' must be a file name inside the output folder "
				       "(no absolute path, no '..')", which[k], v);
			g_free(v);
			v = NULL;
		}
		*dest[k] = v;
	}
}

struct job *job_load(const char *path, struct job_errors *errs, struct diag *d)
{
	struct job *j;
	GKeyFile *kf = g_key_file_new();
	GHashTable *lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GError *err = NULL;
	char *text = NULL, *clean = NULL;
	gsize len = 0;
	char **groups;
	size_t before = errs->n;

	j = g_new0(struct job, 1);
	j->path = g_strdup(path);
	j->dir = g_path_get_dirname(path);
	if (!g_file_get_contents(path, &text, &len, &err)) {
		diag_set(d, err->code == G_FILE_ERROR_NOENT ? DIAG_USAGE : DIAG_IO, "cannot read the "
			 "job file: %s", err->message);
		diag_set_path(d, path);
		g_error_free(err);
		goto fail;
	}
	if (!g_utf8_validate(text, (gssize)len, NULL) || memchr(text, '\0', len)) {
		job_errors_add(errs, path, 0, "the job file is not valid UTF-8 text");
		goto fail;
	}
	clean = scan(path, text, lines, errs);
	if (!g_key_file_load_from_data(kf, clean, (gsize)-1, G_KEY_FILE_NONE, &err)) {
		job_errors_add(errs, path, 0, "%s", err->message);
		g_error_free(err);
		goto fail;
	}
	groups = g_key_file_get_groups(kf, NULL);
	if (!g_key_file_has_group(kf, "job"))
		job_errors_add(errs, path, 0, "no [job] group");
	else
		read_job_group(j, kf, lines, errs);
	/* data first, so analyses can refer to data groups defined later */
	for (size_t i = 0; groups[i]; i++)
		if (g_str_has_prefix(groups[i], "data "))
			read_data_group(j, kf, lines, groups[i], g_strstrip(groups[i] + 5), errs);
	for (size_t i = 0; groups[i]; i++) {
		const char *g = groups[i];

		if (strcmp(g, "job") == 0 || g_str_has_prefix(g, "data "))
			continue;
		if (g_str_has_prefix(g, "analysis "))
			read_analysis_group(j, kf, lines, g, g_strstrip(groups[i] + 9), errs);
		else if (strcmp(g, "report") == 0)
			read_report_group(j, kf, lines, errs);
		else
			job_errors_add(errs, path, line_of(lines, g, NULL),
				       "unknown group [%s]; known: [job], [data NAME], "
				       "[analysis NAME], [report]", g);
	}
	g_strfreev(groups);
	for (size_t i = 0; i < j->nan; i++) {
		int found = 0;

		if (!j->an[i].data)
			continue;
		for (size_t k = 0; k < j->ndata; k++)
			found |= strcmp(j->an[i].data, j->data[k].name) == 0;
		if (!found)
			job_errors_add(errs, path, j->an[i].line,
				       "[analysis %s]: data '%s' is not defined by a [data %s] group",
				       j->an[i].name, j->an[i].data, j->an[i].data);
	}
	if (!j->nan && errs->n == before)
		job_errors_add(errs, path, 0, "no [analysis NAME] group: nothing to do");
	if (errs->n > before)
		goto fail;
	g_free(text);
	g_free(clean);
	g_key_file_free(kf);
	g_hash_table_destroy(lines);
	return j;
fail:
	g_free(text);
	g_free(clean);
	g_key_file_free(kf);
	g_hash_table_destroy(lines);
	job_free(j);
	return NULL;
}
