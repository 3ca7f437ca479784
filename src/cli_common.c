/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_common: loading, --where, column lists and output for the analysis commands. */
#include "clusterbench/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_out_add(GOptionContext *ctx, struct cli_out *o)
{
	GOptionEntry entries[] = {
		{ "format", 0, 0, G_OPTION_ARG_FILENAME, &o->format,
		  "Output on standard output: text (default), csv or json", "FMT" },
		{ "output", 0, 0, G_OPTION_ARG_FILENAME, &o->output,
		  "Also write one CSV file per result table into DIR", "DIR" },
		G_OPTION_ENTRY_NULL
	};
	GOptionGroup *g = g_option_group_new("output", "Output options:", "Show output options",
					     NULL, NULL);

	g_option_group_add_entries(g, entries);
	g_option_context_add_group(ctx, g);
}

int cli_out_check(const char *cmd, const struct cli_out *o)
{
	if (o->format && strcmp(o->format, "text") && strcmp(o->format, "csv") &&
	    strcmp(o->format, "json"))
		return cli_usage_error(cmd, "--format: expected text, csv or json, got '%s'", o->format);
	return 0;
}

void cli_out_release(struct cli_out *o)
{
	g_free(o->format);
	g_free(o->output);
}

int cli_emit(const char *cmd, struct result_set *rs, const struct cli_out *o)
{
	struct diag d;
	const char *fmt = o->format ? o->format : "text";
	int rc = 0;

	(void)cmd;
	diag_init(&d);
	if (o->output && result_write_csv_dir(rs, o->output, &d) < 0)
		return cli_fail(&d);
	if (strcmp(fmt, "json") == 0) {
		rc = result_write_json(rs, stdout, &d);
	} else {
		warnings_print(result_set_warnings(rs), stderr);
		if (strcmp(fmt, "csv") == 0) {
			for (size_t i = 0; i < result_set_count(rs) && rc == 0; i++) {
				if (i)
					fputc('\n', stdout);
				printf("# %s\n", result_table_name(result_set_table(rs, i)));
				rc = result_write_csv(result_set_table(rs, i), stdout, &d);
			}
		} else {
			rc = result_write_text_set(rs, stdout, &d);
		}
	}
	if (rc < 0) {
		diag_set_path(&d, "<stdout>");
		return cli_fail(&d);
	}
	return 0;
}

static void show_caret(const char *expr, size_t pos)
{
	fprintf(stderr, "  %s\n  %*s^\n", expr, (int)g_utf8_strlen(expr, (gssize)pos), "");
}

int cli_load_input(const char *cmd, const char *path, struct cli_dialect *dl,
		   const char *where, struct result_set *rs, struct cli_input *in)
{
	struct diag d;
	struct where *w = NULL;
	long kept;
	size_t pos = 0;
	char buf[64];

	memset(in, 0, sizeof *in);
	load_report_init(&in->rep);
	diag_init(&d);
	if (cli_dialect_finish(dl, &d) < 0)
		return cli_usage_error(cmd, "%s", d.message);
	if (where && !(w = where_parse(where, &pos, &d))) {
		int st = cli_usage_error(cmd, "--where: %s", d.message);

		show_caret(where, pos);
		return st;
	}
	dl->load.want_sha256 = 1;
	in->t = load_path(path, &dl->load, &in->rep, &d);
	if (!in->t) {
		where_free(w);
		return cli_fail(&d);
	}
	for (size_t i = 0; i < in->rep.warnings.n; i++)
		warnings_add(result_set_warnings(rs), "%s: %s", path, in->rep.warnings.items[i]);
	result_set_provenance(rs, "program", "clusterbench " CB_VERSION);
	result_set_provenance(rs, "command", cmd);
	result_set_provenance(rs, "input", path);
	result_set_provenance(rs, "input_sha256", in->rep.sha256);
	result_set_provenance_int(rs, "input_rows", (long long)in->t->nrows);
	snprintf(buf, sizeof buf, "%s", in->rep.delimiter == '\t' ? "tab" :
		 in->rep.delimiter == ';' ? ";" : ",");
	result_set_provenance(rs, "delimiter", buf);
	result_set_provenance(rs, "decimal", in->rep.decimal == ',' ? "," : ".");
	result_set_provenance(rs, "encoding", in->rep.encoding);
	in->keep = g_new(unsigned char, in->t->nrows ? in->t->nrows : 1);
	if (w) {
		kept = where_eval(w, in->t, in->keep, &d);
		where_free(w);
		if (kept < 0)
			return cli_usage_error(cmd, "--where: %s", d.message);
		result_set_provenance(rs, "where", where);
		if (kept == 0) {
			diag_set(&d, DIAG_DATA, "no rows match --where '%s'", where);
			diag_set_path(&d, path);
			return cli_fail(&d);
		}
	} else {
		memset(in->keep, 1, in->t->nrows);
		kept = (long)in->t->nrows;
	}
	in->sel.keep = in->keep;
	in->sel.where = where;
	in->sel.kept = (size_t)kept;
	return 0;
}

void cli_input_release(struct cli_input *in)
{
	table_free(in->t);
	g_free(in->keep);
	load_report_release(&in->rep);
	memset(in, 0, sizeof *in);
}

int cli_columns(const char *cmd, const struct table *t, const char *option, const char *list,
		size_t **out, size_t *n)
{
	gchar **names = g_strsplit(list, ",", -1);
	size_t count = g_strv_length(names);

	*out = g_new(size_t, count ? count : 1);
	*n = 0;
	for (size_t i = 0; i < count; i++) {
		char *name = g_strstrip(names[i]);
		char *norm = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
		long c = norm ? table_find(t, norm) : -1;

		g_free(norm);
		if (!*name)
			continue;
		if (c < 0) {
			GString *cols = g_string_new(NULL);
			int st;

			for (size_t k = 0; k < t->ncols; k++)
				g_string_append_printf(cols, "%s%s", k ? ", " : "", t->cols[k].name);
			st = cli_usage_error(cmd, "%s: no column '%s'; the columns are: %s", option,
					     name, cols->str);
			g_string_free(cols, TRUE);
			g_strfreev(names);
			g_free(*out);
			*out = NULL;
			return st;
		}
		(*out)[(*n)++] = (size_t)c;
	}
	g_strfreev(names);
	if (!*n) {
		g_free(*out);
		*out = NULL;
		return cli_usage_error(cmd, "%s: no column named", option);
	}
	return 0;
}

/* Parses --conf: a level in (0, 1) or a percentage in (0, 100). */
int cli_parse_conf(const char *cmd, const char *text, double *conf)
{
	char *end;
	double v;

	*conf = 0.95;
	if (!text)
		return 0;
	v = g_ascii_strtod(text, &end);
	if (*end == '%') {
		end++;
		v /= 100;
	} else if (v > 1) {
		v /= 100;
	}
	if (*end || !(v > 0 && v < 1))
		return cli_usage_error(cmd, "--conf: expected a level like 0.95 or 95%%, got '%s'",
				       text);
	*conf = v;
	return 0;
}

