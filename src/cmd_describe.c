/* SPDX-License-Identifier: GPL-3.0-or-later */
/* describe and compare: descriptive statistics and group comparisons. */
#include "clusterbench/cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_describe(struct cli_ctx *cx, int argc, char **argv)
{
	struct cli_dialect dl;
	struct cli_out out;
	struct cli_input in;
	struct cli_chart ch;
	char *value = NULL, *by = NULL, *where = NULL, *conf_text = NULL;
	int boot = 0;
	gint64 seed = 20110222;
	GOptionEntry entries[] = {
		{ "value", 0, 0, G_OPTION_ARG_FILENAME, &value,
		  "Numeric column(s) to describe, comma-separated", "COL[,COL...]" },
		{ "by", 0, 0, G_OPTION_ARG_FILENAME, &by,
		  "Group by these columns, comma-separated", "COL[,COL...]" },
		{ "where", 0, 0, G_OPTION_ARG_FILENAME, &where,
		  "Use only rows that satisfy EXPR, e.g. 'year == 2013 and member == 1'", "EXPR" },
		{ "conf", 0, 0, G_OPTION_ARG_FILENAME, &conf_text,
		  "Confidence level of the interval of the mean (default 0.95)", "LEVEL" },
		{ "boot", 0, 0, G_OPTION_ARG_INT, &boot,
		  "Add percentile bootstrap intervals of the mean and median from N resamples", "N" },
		{ "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
		  "Seed of the bootstrap generator (default 20110222)", "S" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx = g_option_context_new("FILE");
	struct result_set *rs = NULL;
	size_t *vals = NULL, *bys = NULL, nv = 0, nb = 0;
	gchar **args;
	double conf;
	struct describe_memo memo;
	struct diag d;
	int status = 0;

	memset(&dl, 0, sizeof dl);
	memset(&memo, 0, sizeof memo);
	memset(&out, 0, sizeof out);
	memset(&in, 0, sizeof in);
	memset(&ch, 0, sizeof ch);
	diag_init(&d);
	g_option_context_set_summary(octx,
		"Descriptive statistics of numeric columns, per group: n, missing, mean, sd, se,\n"
		"a t interval of the mean, min, quartiles (type 7, as R), max, iqr, cv,\n"
		"skewness and excess kurtosis. Result table: descriptives.\n"
		"Charts (--chart DIR, with --by): box plot and bars of the mean with CIs.");
	g_option_context_add_main_entries(octx, entries, NULL);
	cli_out_add(octx, &out);
	cli_chart_add(octx, &ch);
	cli_dialect_add(octx, &dl, 1);
	args = cli_parse(cx, octx, "describe", argc, argv, &status);
	if (!args)
		goto done;
	if (!cli_nargs_ok(cx, args)) {
		status = cli_usage_error(cx, "describe", "expected one FILE");
		goto done;
	}
	if (!value) {
		status = cli_usage_error(cx, "describe", "--value is required");
		goto done;
	}
	if ((status = cli_out_check(cx, "describe", &out)) ||
	    (status = cli_parse_conf(cx, "describe", conf_text, &conf)) ||
	    (status = cli_chart_check(cx, "describe", &ch, args[1] ? args[1] : NULL)))
		goto done;
	rs = cli_result_set(cx);
	if ((status = cli_load_input(cx, "describe", args, &dl, where, rs, &in)))
		goto done;
	if ((status = cli_columns(cx, "describe", in.t, "--value", value, &vals, &nv)))
		goto done;
	if (by && (status = cli_columns(cx, "describe", in.t, "--by", by, &bys, &nb)))
		goto done;
	if (boot < 0 || boot == 1 || boot > 1000000 || seed < 0 || seed > 4294967295LL) {
		status = cli_usage_error(cx, "describe", "--boot takes 2 to 1000000 resamples and "
					 "--seed 0 to 4294967295");
		goto done;
	}
	/* the charts reuse the groups and figures of the table (memo), the box
	 * plot also its sorted values */
	memo.want_sorted = cli_chart_set(cx, &ch) && nb == 1 &&
			   chart_set_wants(cx ? cx->chart_kinds : NULL, "box");
	if (analysis_describe_memo(in.t, vals, nv, bys, nb, &in.sel, conf, (size_t)boot,
				   (unsigned long)seed, rs, cli_chart_set(cx, &ch) ? &memo : NULL,
				   &d) < 0 ||
	    (cli_chart_set(cx, &ch) &&
	     analysis_describe_charts_memo(in.t, vals, nv, bys, nb, &in.sel, conf,
					   cx ? cx->chart_kinds : NULL,
					   cx && cx->chart_opts ? cx->chart_opts : &ch.co, &memo,
					   cli_chart_set(cx, &ch), &d) < 0)) {
		/* a data error found by the statistics: name the input file */
		if (d.code == DIAG_DATA && !(cx && cx->table))
			diag_set_path(&d, strcmp(args[1], "-") ? args[1] : "<stdin>");
		status = d.code == DIAG_USAGE ? cli_usage_error(cx, "describe", "%s", d.message) : cli_fail(cx, &d);
		goto done;
	}
	if ((status = cli_chart_render(cx, &ch, "describe")))
		goto done;
	status = cli_emit(cx, "describe", rs, &out);
done:
	describe_memo_release(&memo);
	g_free(vals);
	g_free(bys);
	cli_input_release(&in);
	cli_result_set_release(cx, rs);
	g_strfreev(args);
	g_free(value);
	g_free(by);
	g_free(where);
	g_free(conf_text);
	cli_chart_release(&ch);
	cli_out_release(&out);
	cli_dialect_release(&dl);
	g_option_context_free(octx);
	return status;
}

int cmd_compare(struct cli_ctx *cx, int argc, char **argv)
{
	struct cli_dialect dl;
	struct cli_out out;
	struct cli_input in;
	struct cli_chart ch;
	char *value = NULL, *by = NULL, *where = NULL, *conf_text = NULL, *paired = NULL;
	char *from = NULL, *to = NULL, *posthoc = NULL, *adjust = NULL;
	GOptionEntry entries[] = {
		{ "value", 0, 0, G_OPTION_ARG_FILENAME, &value,
		  "Numeric column(s) to compare, comma-separated", "COL[,COL...]" },
		{ "by", 0, 0, G_OPTION_ARG_FILENAME, &by, "The grouping column", "COL" },
		{ "where", 0, 0, G_OPTION_ARG_FILENAME, &where,
		  "Use only rows that satisfy EXPR", "EXPR" },
		{ "paired", 0, 0, G_OPTION_ARG_FILENAME, &paired,
		  "Paired design: the id and time columns (with --from and --to)", "ID,TIME" },
		{ "from", 0, 0, G_OPTION_ARG_FILENAME, &from, "Paired: the earlier time value", "A" },
		{ "to", 0, 0, G_OPTION_ARG_FILENAME, &to, "Paired: the later time value", "B" },
		{ "posthoc", 0, 0, G_OPTION_ARG_FILENAME, &posthoc,
		  "Pairwise comparisons with more than two groups: tukey (default), games-howell, none",
		  "METHOD" },
		{ "adjust", 0, 0, G_OPTION_ARG_FILENAME, &adjust,
		  "p-value adjustment across value columns: holm (default), bh, none", "METHOD" },
		{ "conf", 0, 0, G_OPTION_ARG_FILENAME, &conf_text,
		  "Confidence level of the intervals (default 0.95)", "LEVEL" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx = g_option_context_new("FILE");
	struct result_set *rs = NULL;
	size_t *vals = NULL, *bys = NULL, *pcols = NULL, nv = 0, nb = 0, np = 0;
	struct compare_opts o;
	gchar **args;
	struct diag d;
	int status = 0;

	memset(&dl, 0, sizeof dl);
	memset(&out, 0, sizeof out);
	memset(&in, 0, sizeof in);
	memset(&ch, 0, sizeof ch);
	diag_init(&d);
	g_option_context_set_summary(octx,
		"Compares groups on numeric columns. Two groups: Welch t, Student t,\n"
		"Mann-Whitney U and Levene (Brown-Forsythe). More groups: one-way ANOVA, Welch\n"
		"ANOVA, Levene, Kruskal-Wallis and post-hoc pairs (Tukey HSD or Games-Howell).\n"
		"Paired (--paired ID,TIME --from A --to B): paired t and Wilcoxon signed rank.\n"
		"Result tables: descriptives, tests, posthoc. Charts (--chart DIR): box plot\n"
		"with the test in the caption, and bars of the mean with CIs.");
	g_option_context_add_main_entries(octx, entries, NULL);
	cli_out_add(octx, &out);
	cli_chart_add(octx, &ch);
	cli_dialect_add(octx, &dl, 1);
	args = cli_parse(cx, octx, "compare", argc, argv, &status);
	if (!args)
		goto done;
	if (!cli_nargs_ok(cx, args)) {
		status = cli_usage_error(cx, "compare", "expected one FILE");
		goto done;
	}
	memset(&o, 0, sizeof o);
	o.paired_id = o.paired_time = -1;
	o.posthoc = POSTHOC_TUKEY;
	o.adjust = STATS_ADJUST_HOLM;
	if (!value) {
		status = cli_usage_error(cx, "compare", "--value is required");
		goto done;
	}
	if (!by == !paired) {
		status = cli_usage_error(cx, "compare", "give either --by COL or --paired ID,TIME");
		goto done;
	}
	if (paired && (!from || !to)) {
		status = cli_usage_error(cx, "compare", "--paired needs --from and --to");
		goto done;
	}
	if (posthoc) {
		if (!strcmp(posthoc, "tukey"))
			o.posthoc = POSTHOC_TUKEY;
		else if (!strcmp(posthoc, "games-howell"))
			o.posthoc = POSTHOC_GAMES_HOWELL;
		else if (!strcmp(posthoc, "none"))
			o.posthoc = POSTHOC_NONE;
		else {
			status = cli_usage_error(cx, "compare",
				"--posthoc: expected tukey, games-howell or none, got '%s'", posthoc);
			goto done;
		}
	}
	if (adjust && stats_adjust_from_name(adjust, &o.adjust) < 0) {
		status = cli_usage_error(cx, "compare", "--adjust: expected holm, bh or none, got '%s'",
					 adjust);
		goto done;
	}
	if ((status = cli_out_check(cx, "compare", &out)) ||
	    (status = cli_parse_conf(cx, "compare", conf_text, &o.conf)) ||
	    (status = cli_chart_check(cx, "compare", &ch, args[1] ? args[1] : NULL)))
		goto done;
	rs = cli_result_set(cx);
	if ((status = cli_load_input(cx, "compare", args, &dl, where, rs, &in)))
		goto done;
	if ((status = cli_columns(cx, "compare", in.t, "--value", value, &vals, &nv)))
		goto done;
	if (by) {
		if ((status = cli_columns(cx, "compare", in.t, "--by", by, &bys, &nb)))
			goto done;
		if (nb != 1) {
			status = cli_usage_error(cx, "compare", "--by takes one column");
			goto done;
		}
	} else {
		if ((status = cli_columns(cx, "compare", in.t, "--paired", paired, &pcols, &np)))
			goto done;
		if (np != 2) {
			status = cli_usage_error(cx, "compare", "--paired takes two columns: ID,TIME");
			goto done;
		}
		o.paired_id = (long)pcols[0];
		o.paired_time = (long)pcols[1];
		o.from = from;
		o.to = to;
	}
	if (analysis_compare(in.t, vals, nv, bys ? (long)bys[0] : -1, &in.sel, &o, rs, &d) < 0 ||
	    (cli_chart_set(cx, &ch) &&
	     analysis_compare_charts(in.t, vals, nv, bys ? (long)bys[0] : -1, &in.sel, o.conf, rs,
				     cx ? cx->chart_kinds : NULL, cx && cx->chart_opts ? cx->chart_opts
				     : &ch.co, cli_chart_set(cx, &ch), &d) < 0)) {
		/* a data error found by the statistics: name the input file */
		if (d.code == DIAG_DATA && !(cx && cx->table))
			diag_set_path(&d, strcmp(args[1], "-") ? args[1] : "<stdin>");
		status = d.code == DIAG_USAGE ? cli_usage_error(cx, "compare", "%s", d.message) : cli_fail(cx, &d);
		goto done;
	}
	if ((status = cli_chart_render(cx, &ch, "compare")))
		goto done;
	status = cli_emit(cx, "compare", rs, &out);
done:
	g_free(vals);
	g_free(bys);
	g_free(pcols);
	cli_input_release(&in);
	cli_result_set_release(cx, rs);
	g_strfreev(args);
	g_free(value);
	g_free(by);
	g_free(where);
	g_free(conf_text);
	g_free(paired);
	g_free(from);
	g_free(to);
	g_free(posthoc);
	g_free(adjust);
	cli_chart_release(&ch);
	cli_out_release(&out);
	cli_dialect_release(&dl);
	g_option_context_free(octx);
	return status;
}
