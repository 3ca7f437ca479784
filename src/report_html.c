/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_html: the run's self-contained HTML index: sections, HTML tables, chart images, CSV links. */
#include "clusterbench/report.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Everything goes through two writers: esc() for text (cleaned to valid
 * UTF-8 without control characters, then & < > " ' escaped) and url() for
 * file links (percent-encoded, which leaves nothing to escape). No other
 * data string reaches the file, so nothing in the data can open a tag.
 */

struct html {
	FILE *fp;
	const struct report_doc *doc;
	enum chart_locale loc;
	size_t ntab, nfig;
	int oom;
};

/* Readable on screen and on paper; no web fonts, no external files. */
static const char css[] =
	":root{color-scheme:light}\n"
	"body{font-family:\"DejaVu Sans\",\"Segoe UI\",Helvetica,Arial,sans-serif;font-size:15px;"
	"line-height:1.5;color:#1a1a1a;background:#fff;max-width:64em;margin:0 auto;"
	"padding:2em 1.5em 3em}\n"
	"header{border-top:4px solid #0072B2;padding-top:1em}\n"
	"h1{font-size:1.9em;line-height:1.2;margin:.2em 0 .3em}\n"
	"h2{font-size:1.35em;line-height:1.25;margin:2.4em 0 .2em;padding-top:.8em;"
	"border-top:1px solid #ddd}\n"
	"h2 .num{color:#0072B2;margin-right:.5em}\n"
	".subtitle{color:#555;font-size:1.1em;margin:.1em 0 .4em}\n"
	".meta,.method{color:#555;font-size:.9em;margin:.2em 0}\n"
	"nav ol{padding-left:1.8em;margin:.4em 0}\n"
	"nav li{margin:.15em 0}\n"
	"nav .sub{color:#666;font-size:.9em}\n"
	"a{color:#0060a0}\n"
	"ul.notes{color:#444;font-size:.93em;padding-left:1.3em}\n"
	"figure{margin:1.6em 0}\n"
	"figcaption{font-size:.9em;color:#333;margin:.3em 0}\n"
	"figcaption b{color:#1a1a1a}\n"
	"figcaption .files{margin-left:.5em;font-size:.92em}\n"
	/* every chart as wide, whether a 576 pt SVG or a 1600 px PNG */
	"figure.chart img{display:block;width:100%;max-width:800px;height:auto;border:0}\n"
	".tablebox{overflow:auto;max-height:80vh;margin:.3em 0}\n"
	"table{border-collapse:collapse;font-size:.86em;font-variant-numeric:tabular-nums;"
	"border-top:1.5px solid #333;border-bottom:1.5px solid #333}\n"
	"th,td{padding:.28em .75em;text-align:left;vertical-align:top;border-bottom:1px solid #e4e4e4}\n"
	"th{position:sticky;top:0;background:#fff;font-weight:bold;white-space:nowrap;"
	"box-shadow:inset 0 -1.5px 0 #333}\n"
	"td{max-width:22em}\n"
	"th.n,td.n{text-align:right;white-space:nowrap}\n"
	"td.na{color:#999}\n"
	"code{font-family:\"DejaVu Sans Mono\",monospace;font-size:.85em}\n"
	".tnote{font-size:.85em;color:#555;margin:.2em 0}\n"
	"footer{margin-top:3em;padding-top:.6em;border-top:1px solid #ddd;color:#666;"
	"font-size:.85em}\n"
	"@media print{body{max-width:none}.tablebox{max-height:none;overflow:visible}"
	"section{break-before:page}th{position:static}}\n";

/* ---- writing ------------------------------------------------------------ */

static void put(struct html *h, const char *s)
{
	fputs(s, h->fp);
}

/* Text, cleaned and escaped; keep_nl turns line breaks into <br>. */
static void esc(struct html *h, const char *s, int keep_nl)
{
	char *c = report_clean_dup(s, keep_nl);

	if (!c) {
		h->oom = 1;
		return;
	}
	for (const char *p = c; *p; p++) {
		switch (*p) {
		case '&':
			put(h, "&amp;");
			break;
		case '<':
			put(h, "&lt;");
			break;
		case '>':
			put(h, "&gt;");
			break;
		case '"':
			put(h, "&quot;");
			break;
		case '\'':
			put(h, "&#39;");
			break;
		case '\n':
			put(h, "<br>\n");
			break;
		default:
			fputc(*p, h->fp);
		}
	}
	free(c);
}

/* A checked relative file name, percent-encoded (nothing left to escape). */
static void url(struct html *h, const char *rel)
{
	size_t len = strlen(rel);
	char *e = len < (SIZE_MAX - 1) / 3 ? malloc(3 * len + 1) : NULL;

	if (!e) {
		h->oom = 1;
		return;
	}
	report_url_encode(rel, e);
	put(h, e);
	free(e);
}

static const char *word(const struct html *h, enum report_word w)
{
	return report_word(w, h->loc);
}

/* ---- parts -------------------------------------------------------------- */

static void head(struct html *h)
{
	const struct report_doc *doc = h->doc;

	fprintf(h->fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		h->loc == CHART_LOCALE_TR ? "tr" : "en");
	/* Nothing may run, and nothing may load but the files beside the page. */
	put(h, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	       "img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n");
	put(h, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	put(h, "<meta name=\"referrer\" content=\"no-referrer\">\n");
	if (doc->generated_by) {
		put(h, "<meta name=\"generator\" content=\"");
		esc(h, doc->generated_by, 0);
		put(h, "\">\n");
	}
	put(h, "<title>");
	esc(h, doc->title ? doc->title : word(h, REPORT_WORD_REPORT), 0);
	put(h, "</title>\n<style>\n");
	put(h, css);
	put(h, "</style>\n</head>\n<body>\n<header>\n<h1>");
	esc(h, doc->title ? doc->title : word(h, REPORT_WORD_REPORT), 0);
	put(h, "</h1>\n");
	if (doc->subtitle) {
		put(h, "<p class=\"subtitle\">");
		esc(h, doc->subtitle, 1);
		put(h, "</p>\n");
	}
	if (doc->data_date) {
		put(h, "<p class=\"meta\">");
		esc(h, word(h, REPORT_WORD_DATA_DATE), 0);
		put(h, ": ");
		esc(h, doc->data_date, 0);
		put(h, "</p>\n");
	}
	put(h, "</header>\n");
}

static void inputs(struct html *h)
{
	const struct report_doc *doc = h->doc;
	char rows[REPORT_NUM_SIZE];

	if (!doc->ninputs)
		return;
	put(h, "<section id=\"inputs\">\n<h2>");
	esc(h, word(h, REPORT_WORD_INPUTS), 0);
	put(h, "</h2>\n<div class=\"tablebox\"><table>\n<thead><tr><th>");
	esc(h, word(h, REPORT_WORD_NAME), 0);
	put(h, "</th><th>");
	esc(h, word(h, REPORT_WORD_FILE), 0);
	put(h, "</th><th class=\"n\">");
	esc(h, word(h, REPORT_WORD_ROWS), 0);
	put(h, "</th><th>");
	esc(h, word(h, REPORT_WORD_SHA256), 0);
	put(h, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < doc->ninputs; i++) {
		const struct report_input *in = &doc->inputs[i];

		char raw[32];

		snprintf(raw, sizeof raw, "%zu", in->rows);
		report_localize_number(raw, h->loc, rows, sizeof rows);
		put(h, "<tr><td>");
		esc(h, in->name ? in->name : "\xe2\x80\x93", 0);
		put(h, "</td><td>");
		esc(h, in->path ? in->path : "\xe2\x80\x93", 0);
		fprintf(h->fp, "</td><td class=\"n\">%s</td><td><code>", rows);
		esc(h, in->sha256 ? in->sha256 : "\xe2\x80\x93", 0);
		put(h, "</code></td></tr>\n");
	}
	put(h, "</tbody>\n</table></div>\n</section>\n");
}

static void contents(struct html *h)
{
	const struct report_doc *doc = h->doc;

	if (!doc->nsections && !doc->nmethods)
		return;
	put(h, "<nav id=\"contents\">\n<h2>");
	esc(h, word(h, REPORT_WORD_CONTENTS), 0);
	put(h, "</h2>\n");
	if (doc->nsections) {
		put(h, "<ol>\n");
		for (size_t i = 0; i < doc->nsections; i++) {
			const struct report_section *s = &doc->sections[i];

			fprintf(h->fp, "<li><a href=\"#s%zu\">", i + 1);
			esc(h, s->title, 0);
			put(h, "</a>");
			if (s->subtitle) {
				put(h, " <span class=\"sub\">\xe2\x80\x94 ");
				esc(h, s->subtitle, 0);
				put(h, "</span>");
			}
			put(h, "</li>\n");
		}
		put(h, "</ol>\n");
	}
	if (doc->nmethods) {
		put(h, "<p><a href=\"#methods\">");
		esc(h, word(h, REPORT_WORD_METHODS), 0);
		put(h, "</a></p>\n");
	}
	put(h, "</nav>\n");
}

static void table(struct html *h, const struct report_table *rt)
{
	const struct result_table *t = rt->table;
	size_t nr = result_rows(t), nc = result_cols(t), shown = nr;
	char buf[REPORT_NUM_SIZE], line[512];
	int missing = 0;

	if (shown > REPORT_HTML_MAX_ROWS)
		shown = REPORT_HTML_MAX_ROWS;
	h->ntab++;
	fprintf(h->fp, "<figure class=\"table\" id=\"t%zu\">\n<figcaption><b>", h->ntab);
	esc(h, word(h, REPORT_WORD_TABLE), 0);
	fprintf(h->fp, " %zu.</b> ", h->ntab);
	esc(h, rt->title ? rt->title : result_table_name(t), 0);
	if (rt->csv_file) {
		put(h, " <span class=\"files\"><a href=\"");
		url(h, rt->csv_file);
		put(h, "\">");
		esc(h, rt->csv_file, 0);
		put(h, "</a></span>");
	}
	put(h, "</figcaption>\n<div class=\"tablebox\"><table>\n<thead><tr>");
	for (size_t c = 0; c < nc; c++) {
		put(h, report_col_numeric(t, c) ? "<th class=\"n\">" : "<th>");
		esc(h, result_col_name(t, c), 0);
		put(h, "</th>");
	}
	put(h, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < shown; r++) {
		put(h, "<tr>");
		for (size_t c = 0; c < nc; c++) {
			enum report_cell_kind k;
			const char *s = report_cell(t, r, c, h->loc, buf, &k);
			int num = report_col_numeric(t, c);

			if (k == REPORT_CELL_MISSING) {
				missing = 1;
				put(h, num ? "<td class=\"n na\">" : "<td class=\"na\">");
			} else {
				put(h, num ? "<td class=\"n\">" : "<td>");
			}
			esc(h, s, 0);
			put(h, "</td>");
		}
		put(h, "</tr>\n");
	}
	if (nr == 0) {
		fprintf(h->fp, "<tr><td class=\"na\" colspan=\"%zu\">", nc ? nc : 1);
		esc(h, word(h, REPORT_WORD_NO_ROWS), 0);
		put(h, "</td></tr>\n");
	}
	put(h, "</tbody>\n</table></div>\n");
	if (shown < nr) {
		report_rows_shown(shown, nr, rt->csv_file, h->loc, line, sizeof line);
		put(h, "<p class=\"tnote\">");
		esc(h, line, 0);
		put(h, "</p>\n");
	}
	for (size_t i = 0; i < result_note_count(t); i++) {
		put(h, "<p class=\"tnote\">");
		esc(h, result_note(t, i), 0);
		put(h, "</p>\n");
	}
	if (missing) {
		put(h, "<p class=\"tnote\">");
		esc(h, word(h, REPORT_WORD_MISSING), 0);
		put(h, "</p>\n");
	}
	put(h, "</figure>\n");
}

static void chart(struct html *h, const struct report_chart *c)
{
	const char *img = c->file_svg ? c->file_svg : c->file_png;
	const char *alt = c->model && c->model->title ? c->model->title : c->caption;
	char fig[64];

	h->nfig++;
	snprintf(fig, sizeof fig, "%s %zu", word(h, REPORT_WORD_FIGURE), h->nfig);
	fprintf(h->fp, "<figure class=\"chart\" id=\"f%zu\">\n<img src=\"", h->nfig);
	url(h, img);
	put(h, "\" alt=\"");
	esc(h, alt ? alt : fig, 0);
	put(h, "\" loading=\"lazy\">\n<figcaption><b>");
	esc(h, fig, 0);
	put(h, ".</b>");
	if (c->caption) {
		put(h, " ");
		esc(h, c->caption, 0);
	}
	put(h, " <span class=\"files\">");
	if (c->file_svg) {
		put(h, "<a href=\"");
		url(h, c->file_svg);
		put(h, "\">SVG</a>");
	}
	if (c->file_png) {
		put(h, c->file_svg ? " \xc2\xb7 <a href=\"" : "<a href=\"");
		url(h, c->file_png);
		put(h, "\">PNG</a>");
	}
	put(h, "</span>");
	put(h, "</figcaption>\n</figure>\n");
}

static void section(struct html *h, size_t i)
{
	const struct report_section *s = &h->doc->sections[i];

	fprintf(h->fp, "<section id=\"s%zu\">\n<h2><span class=\"num\">%zu</span>", i + 1, i + 1);
	esc(h, s->title, 0);
	put(h, "</h2>\n");
	if (s->subtitle) {
		put(h, "<p class=\"subtitle\">");
		esc(h, s->subtitle, 0);
		put(h, "</p>\n");
	}
	if (s->method) {
		put(h, "<p class=\"method\">");
		esc(h, word(h, REPORT_WORD_METHOD), 0);
		put(h, ": ");
		esc(h, s->method, 0);
		put(h, "</p>\n");
	}
	if (s->text && *s->text) {
		put(h, "<p>");
		esc(h, s->text, 1);
		put(h, "</p>\n");
	}
	if (s->nnotes) {
		put(h, "<ul class=\"notes\">\n");
		for (size_t k = 0; k < s->nnotes; k++) {
			put(h, "<li>");
			esc(h, s->notes[k], 0);
			put(h, "</li>\n");
		}
		put(h, "</ul>\n");
	}
	for (size_t k = 0; k < s->ntables; k++)
		table(h, &s->tables[k]);
	for (size_t k = 0; k < s->ncharts; k++)
		chart(h, &s->charts[k]);
	put(h, "</section>\n");
}

static void methods(struct html *h)
{
	const struct report_doc *doc = h->doc;

	if (!doc->nmethods)
		return;
	put(h, "<section id=\"methods\">\n<h2>");
	esc(h, word(h, REPORT_WORD_METHODS), 0);
	put(h, "</h2>\n");
	for (size_t i = 0; i < doc->nmethods; i++) {
		put(h, "<p>");
		esc(h, doc->methods[i], 1);
		put(h, "</p>\n");
	}
	put(h, "<p class=\"tnote\">");
	esc(h, word(h, REPORT_WORD_NUMBERS), 0);
	put(h, "</p>\n");
	put(h, "</section>\n");
}

static void foot(struct html *h)
{
	if (h->doc->generated_by) {
		put(h, "<footer>");
		esc(h, word(h, REPORT_WORD_GENERATED_BY), 0);
		put(h, " ");
		esc(h, h->doc->generated_by, 0);
		put(h, "</footer>\n");
	}
	put(h, "</body>\n</html>\n");
}

int report_write_html(const struct report_doc *doc, const char *path, struct diag *d)
{
	struct report_file f;
	struct html h;
	int fd2, err = 0;

	if (report_check_doc(doc, 1, d) < 0)
		return -1;
	if (report_file_open(&f, path, d) < 0)
		return -1;
	memset(&h, 0, sizeof h);
	h.doc = doc;
	h.loc = doc->locale;
	fd2 = dup(f.fd);
	h.fp = fd2 >= 0 ? fdopen(fd2, "w") : NULL;
	if (!h.fp) {
		err = errno;
		if (fd2 >= 0)
			close(fd2);
		report_file_abort(&f);
		diag_set_errno(d, DIAG_IO, err, "cannot write '%s'", path);
		diag_set_path(d, path);
		return -1;
	}
	head(&h);
	inputs(&h);
	contents(&h);
	for (size_t i = 0; i < doc->nsections; i++)
		section(&h, i);
	methods(&h);
	foot(&h);
	errno = 0;
	if (fflush(h.fp) != 0 || ferror(h.fp))
		err = errno ? errno : EIO;
	if (fclose(h.fp) != 0 && !err)
		err = errno ? errno : EIO;
	if (h.oom || err) {
		report_file_abort(&f);
		if (h.oom)
			diag_set(d, DIAG_INTERNAL, "out of memory");
		else
			diag_set_errno(d, DIAG_IO, err, "cannot write '%s'", path);
		diag_set_path(d, path);
		return -1;
	}
	return report_file_commit(&f, d);
}
