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

int cli_out_check(struct cli_ctx *cx, const char *cmd, const struct cli_out *o)
{
	if (o->format && strcmp(o->format, "text") && strcmp(o->format, "csv") &&
	    strcmp(o->format, "json"))
		return cli_usage_error(cx, cmd, "--format: expected text, csv or json, got '%s'", o->format);
	return 0;
}

void cli_out_release(struct cli_out *o)
{
	g_free(o->format);
	g_free(o->output);
}

struct result_set *cli_result_set(struct cli_ctx *cx)
{
	return cx && cx->rs ? cx->rs : result_set_create();
}

void cli_result_set_release(struct cli_ctx *cx, struct result_set *rs)
{
	if (!cx || rs != cx->rs)
		result_set_free(rs);
}

int cli_nargs_ok(const struct cli_ctx *cx, char **args)
{
	return g_strv_length(args) == (cx && cx->table ? 1u : 2u);
}

int cli_emit(struct cli_ctx *cx, const char *cmd, struct result_set *rs, const struct cli_out *o)
{
	struct diag d;
	const char *fmt = o->format ? o->format : "text";
	int rc = 0;

	(void)cmd;
	if (cx && cx->rs)
		return 0; /* a job writes the run folder itself */
	diag_init(&d);
	if (o->output && result_write_csv_dir(rs, o->output, &d) < 0)
		return cli_fail(cx, &d);
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
		return cli_fail(cx, &d);
	}
	return 0;
}

static void show_caret(const char *expr, size_t pos)
{
	fprintf(stderr, "  %s\n  %*s^\n", expr, (int)g_utf8_strlen(expr, (gssize)pos), "");
}

int cli_load_input(struct cli_ctx *cx, const char *cmd, char **args, struct cli_dialect *dl,
		   const char *where, struct result_set *rs, struct cli_input *in)
{
	struct diag d;
	struct where *w = NULL;
	const char *path = cx && cx->table ? cx->table_name : args[1];
	long kept;
	size_t pos = 0;
	char buf[64];

	memset(in, 0, sizeof *in);
	load_report_init(&in->rep);
	diag_init(&d);
	if (cli_dialect_finish(dl, &d) < 0)
		return cli_usage_error(cx, cmd, "%s", d.message);
	if (where && !(w = where_parse(where, &pos, &d))) {
		int st = cli_usage_error(cx, cmd, "--where: %s", d.message);

		if (!cx || !cx->d)
			show_caret(where, pos);
		return st;
	}
	if (cx && cx->table) {
		in->t = (struct table *)cx->table;
	} else {
		dl->load.want_sha256 = 1;
		in->t = load_path(path, &dl->load, &in->rep, &d);
		if (!in->t) {
			where_free(w);
			return cli_fail(cx, &d);
		}
		in->own_table = 1;
		for (size_t i = 0; i < in->rep.warnings.n; i++)
			warnings_add(result_set_warnings(rs), "%s: %s", path,
				     in->rep.warnings.items[i]);
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
	}
	if (!w) {
		/* no mask of its own: all rows, or the rows of the caller's mask */
		const unsigned char *ck = cx ? cx->keep : NULL;

		kept = 0;
		for (size_t r = 0; ck && r < in->t->nrows; r++)
			kept += ck[r] != 0;
		if (!ck)
			kept = (long)in->t->nrows;
		if (kept == 0) {
			diag_set(&d, DIAG_DATA, "no rows to analyse");
			diag_set_path(&d, path);
			return cli_fail(cx, &d);
		}
		in->sel.keep = ck;
		in->sel.where = NULL;
		in->sel.kept = (size_t)kept;
		return 0;
	}
	in->keep = g_new(unsigned char, in->t->nrows ? in->t->nrows : 1);
	kept = where_eval(w, in->t, in->keep, &d);
	where_free(w);
	if (kept < 0)
		return cli_usage_error(cx, cmd, "--where: %s", d.message);
	result_set_provenance(rs, "where", where);
	kept = 0;
	for (size_t r = 0; r < in->t->nrows; r++) {
		if (cx && cx->keep && !cx->keep[r])
			in->keep[r] = 0;
		kept += in->keep[r] != 0;
	}
	if (kept == 0) {
		diag_set(&d, DIAG_DATA, "no rows match --where '%s'", where);
		diag_set_path(&d, path);
		return cli_fail(cx, &d);
	}
	in->sel.keep = in->keep;
	in->sel.where = where;
	in->sel.kept = (size_t)kept;
	return 0;
}

void cli_input_release(struct cli_input *in)
{
	if (in->own_table)
		table_free(in->t);
	g_free(in->keep);
	load_report_release(&in->rep);
	memset(in, 0, sizeof *in);
}

int cli_columns(struct cli_ctx *cx, const char *cmd, const struct table *t, const char *option,
		const char *list, size_t **out, size_t *n)
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
			char *cols = table_column_list(t);
			int st;

			st = cli_usage_error(cx, cmd, "%s: no column '%s'; the columns are: %s", option,
					     name, cols);
			g_free(cols);
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
		return cli_usage_error(cx, cmd, "%s: no column named", option);
	}
	return 0;
}

/* Parses --conf: a level in (0, 1) or a percentage in (0, 100). */
int cli_parse_conf(struct cli_ctx *cx, const char *cmd, const char *text, double *conf)
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
		return cli_usage_error(cx, cmd, "--conf: expected a level like 0.95 or 95%%, got '%s'",
				       text);
	*conf = v;
	return 0;
}


void cli_chart_add(GOptionContext *ctx, struct cli_chart *ch)
{
	GOptionEntry entries[] = {
		{ "chart", 0, 0, G_OPTION_ARG_FILENAME, &ch->dir,
		  "Also draw the default charts into DIR", "DIR" },
		{ "chart-format", 0, 0, G_OPTION_ARG_FILENAME, &ch->formats,
		  "Chart formats, comma-separated: png (default), pdf, svg; txt writes the "
		  "chart model as text", "LIST" },
		{ "size", 0, 0, G_OPTION_ARG_FILENAME, &ch->size,
		  "Chart size in pixels (default 1600x1000)", "WxH" },
		{ "dpi", 0, 0, G_OPTION_ARG_INT, &ch->dpi, "Resolution of PNG charts (default 200)",
		  "N" },
		{ "locale", 0, 0, G_OPTION_ARG_FILENAME, &ch->locale,
		  "Numbers and words in charts: en (default) or tr", "LOC" },
		G_OPTION_ENTRY_NULL
	};
	GOptionGroup *g = g_option_group_new("chart", "Chart options:", "Show chart options", NULL,
					     NULL);

	memset(&ch->local, 0, sizeof ch->local);
	g_option_group_add_entries(g, entries);
	g_option_context_add_group(ctx, g);
}

int cli_chart_check(struct cli_ctx *cx, const char *cmd, struct cli_chart *ch,
		    const char *source)
{
	render_opts_init(&ch->ro);
	memset(&ch->co, 0, sizeof ch->co);
	ch->co.source = source;
	if (ch->locale && chart_locale_from_name(ch->locale, &ch->co.locale) < 0)
		return cli_usage_error(cx, cmd, "--locale: expected en or tr, got '%s'", ch->locale);
	if (ch->size) {
		unsigned w, h;
		char extra;

		if (sscanf(ch->size, "%ux%u%c", &w, &h, &extra) != 2 || w < 200 || h < 150 ||
		    w > 20000 || h > 20000)
			return cli_usage_error(cx, cmd, "--size: expected WxH in pixels between "
					       "200x150 and 20000x20000, got '%s'", ch->size);
		ch->ro.width_px = w;
		ch->ro.height_px = h;
	}
	if (ch->dpi) {
		if (ch->dpi < 50 || ch->dpi > 1200)
			return cli_usage_error(cx, cmd, "--dpi: expected 50 to 1200, got %d", ch->dpi);
		ch->ro.dpi = ch->dpi;
	}
	ch->format_list = g_strsplit(ch->formats ? ch->formats : "png", ",", -1);
	for (size_t i = 0; ch->format_list[i]; i++) {
		enum render_format f;

		if (strcmp(ch->format_list[i], "txt") &&
		    render_format_from_name(ch->format_list[i], &f) < 0)
			return cli_usage_error(cx, cmd, "--chart-format: unknown format '%s'; use png, "
					       "pdf, svg, or txt for the model's text dump",
					       ch->format_list[i]);
	}
	if ((ch->formats || ch->size || ch->dpi || ch->locale) && !ch->dir && !(cx && cx->charts))
		return cli_usage_error(cx, cmd, "chart options need --chart DIR");
	return 0;
}

struct chart_set *cli_chart_set(struct cli_ctx *cx, struct cli_chart *ch)
{
	if (cx && cx->charts)
		return cx->charts;
	return ch->dir ? &ch->local : NULL;
}

int cli_chart_render(struct cli_ctx *cx, struct cli_chart *ch, const char *stem)
{
	struct diag d;

	if ((cx && cx->charts) || !ch->dir)
		return 0;
	diag_init(&d);
	if (chart_set_render(&ch->local, ch->dir, stem, (const char *const *)ch->format_list,
			     &ch->ro, &d) < 0)
		return cli_fail(cx, &d);
	return 0;
}

void cli_chart_release(struct cli_chart *ch)
{
	g_free(ch->dir);
	g_free(ch->formats);
	g_free(ch->size);
	g_free(ch->locale);
	g_strfreev(ch->format_list);
	chart_set_release(&ch->local);
}

int cli_one_column(struct cli_ctx *cx, const char *cmd, const struct table *t,
			   const char *option, const char *name, size_t *col)
{
	size_t *cols = NULL, n = 0;
	int status = cli_columns(cx, cmd, t, option, name, &cols, &n);

	if (status)
		return status;
	if (n != 1) {
		g_free(cols);
		return cli_usage_error(cx, cmd, "%s takes one column", option);
	}
	*col = cols[0];
	g_free(cols);
	return 0;
}

int cli_analysis_failed(struct cli_ctx *cx, const char *cmd, const struct diag *d)
{
	return d->code == DIAG_USAGE ? cli_usage_error(cx, cmd, "%s", d->message) : cli_fail(cx, d);
}
