/* SPDX-License-Identifier: GPL-3.0-or-later */
/* target, did and provinces: the programme-evaluation and province-benchmark commands. */
#include "clusterbench/bench_programme.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/bench_charts.h"
#include "clusterbench/cli.h"
#include "clusterbench/numparse.h"

/* A whole non-negative integer up to max; 0 or -1. */
static int parse_count(const char *text, double max, double *out)
{
	unsigned flags = 0;
	double v;

	if (!text || num_parse(text, strlen(text), '.', 0, &v, &flags) != NUM_OK ||
	    !(flags & NUM_F_INTEGER) || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A finite number; 0 or -1. */
static int parse_number(const char *text, double *out)
{
	return text && num_parse(text, strlen(text), '.', 0, out, NULL) == NUM_OK ? 0 : -1;
}

/* One column named by an option that takes exactly one. */


int cmd_target(struct cli_ctx *cx, int argc, char **argv)
{
	static const char cmd[] = "target";
	struct cli_dialect dl;
	struct cli_out out;
	struct cli_input in;
	struct cli_chart ch;
	char *value = NULL, *id = NULL, *time = NULL, *from = NULL, *to = NULL, *target = NULL;
	char *by = NULL, *where = NULL, *conf_text = NULL, *boot = NULL, *seed = NULL;
	GOptionEntry entries[] = {
		{ "value", 0, 0, G_OPTION_ARG_FILENAME, &value, "The numeric outcome column", "COL" },
		{ "id", 0, 0, G_OPTION_ARG_FILENAME, &id, "The unit column (e.g. firm_id)", "COL" },
		{ "time", 0, 0, G_OPTION_ARG_FILENAME, &time, "The period column (e.g. year)", "COL" },
		{ "from", 0, 0, G_OPTION_ARG_FILENAME, &from, "Baseline period", "A" },
		{ "to", 0, 0, G_OPTION_ARG_FILENAME, &to, "End period", "B" },
		{ "target", 0, 0, G_OPTION_ARG_FILENAME, &target,
		  "Target relative change: 20%, +20% or 0.2", "T" },
		{ "by", 0, 0, G_OPTION_ARG_FILENAME, &by,
		  "One row per group of these columns (values at the baseline)", "COL[,COL...]" },
		{ "where", 0, 0, G_OPTION_ARG_FILENAME, &where, "Use only rows that satisfy EXPR",
		  "EXPR" },
		{ "conf", 0, 0, G_OPTION_ARG_FILENAME, &conf_text,
		  "Confidence level of the intervals (default 0.95)", "LEVEL" },
		{ "boot", 0, 0, G_OPTION_ARG_FILENAME, &boot,
		  "Also a percentile bootstrap interval of the mean change from N resamples", "N" },
		{ "seed", 0, 0, G_OPTION_ARG_FILENAME, &seed,
		  "Seed of the bootstrap (default 20110222)", "S" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx = g_option_context_new("FILE");
	struct result_set *rs = NULL;
	size_t *bys = NULL, nb = 0;
	struct target_opts o;
	gchar **args;
	struct diag d;
	double num;
	int status = 0;

	memset(&dl, 0, sizeof dl);
	memset(&out, 0, sizeof out);
	memset(&in, 0, sizeof in);
	memset(&o, 0, sizeof o);
	memset(&ch, 0, sizeof ch);
	diag_init(&d);
	g_option_context_set_summary(octx,
		"Target attainment: per unit the relative change (x_B - x_A)/x_A between two\n"
		"periods; the mean change with a t interval (and a bootstrap one), the median,\n"
		"the share of units reaching the target with a Wilson interval, a one-sided\n"
		"t test of H0: mean change <= target, and the aggregate change sum x_B / sum x_A\n"
		"- 1. Result table: targets.\n"
		"Chart (--chart DIR): bullet chart of the mean change against the target.");
	g_option_context_add_main_entries(octx, entries, NULL);
	cli_out_add(octx, &out);
	cli_chart_add(octx, &ch);
	cli_dialect_add(octx, &dl, 1);
	args = cli_parse(cx, octx, cmd, argc, argv, &status);
	if (!args)
		goto done;
	if (!cli_nargs_ok(cx, args)) {
		status = cli_usage_error(cx, cmd, "expected one FILE");
		goto done;
	}
	if (!value || !id || !time || !from || !to || !target) {
		status = cli_usage_error(cx, cmd, "--value, --id, --time, --from, --to and --target "
					 "are required");
		goto done;
	}
	if (bench_parse_target(target, &o.target, &d) < 0) {
		status = cli_usage_error(cx, cmd, "--target: %s", d.message);
		goto done;
	}
	if (boot && (parse_count(boot, 1e7, &num) < 0 || num < 2)) {
		status = cli_usage_error(cx, cmd, "--boot: expected a number of resamples from 2 to "
					 "10000000, got '%s'", boot);
		goto done;
	}
	o.boot = boot ? (size_t)num : 0;
	if (seed && parse_count(seed, 4294967295.0, &num) < 0) {
		status = cli_usage_error(cx, cmd, "--seed: expected a whole number from 0 to "
					 "4294967295, got '%s'", seed);
		goto done;
	}
	o.seed = seed ? (unsigned long)num : 20110222UL;
	if (seed && !boot) {
		status = cli_usage_error(cx, cmd, "--seed needs --boot");
		goto done;
	}
	o.from = from;
	o.to = to;
	if ((status = cli_out_check(cx, cmd, &out)) ||
	    (status = cli_parse_conf(cx, cmd, conf_text, &o.conf)) ||
	    (status = cli_chart_check(cx, cmd, &ch, args[1] ? args[1] : NULL)))
		goto done;
	rs = cli_result_set(cx);
	if ((status = cli_load_input(cx, cmd, args, &dl, where, rs, &in)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--value", value, &o.value)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--id", id, &o.id)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--time", time, &o.time)) ||
	    (by && (status = cli_columns(cx, cmd, in.t, "--by", by, &bys, &nb))))
		goto done;
	o.by = bys;
	o.nby = nb;
	if (bench_target(in.t, &o, &in.sel, rs, &d) < 0 ||
	    (cli_chart_set(cx, &ch) &&
	     bench_charts_target(in.t, &o, &in.sel, rs, cx ? cx->chart_kinds : NULL,
				cx && cx->chart_opts ? cx->chart_opts : &ch.co,
				cli_chart_set(cx, &ch), &d) < 0)) {
		status = cli_analysis_failed(cx, cmd, &d);
		goto done;
	}
	if ((status = cli_chart_render(cx, &ch, cmd)))
		goto done;
	status = cli_emit(cx, cmd, rs, &out);
done:
	g_free(bys);
	cli_input_release(&in);
	cli_result_set_release(cx, rs);
	g_strfreev(args);
	g_free(value);
	g_free(id);
	g_free(time);
	g_free(from);
	g_free(to);
	g_free(target);
	g_free(by);
	g_free(where);
	g_free(conf_text);
	g_free(boot);
	g_free(seed);
	cli_chart_release(&ch);
	cli_out_release(&out);
	cli_dialect_release(&dl);
	g_option_context_free(octx);
	return status;
}

int cmd_did(struct cli_ctx *cx, int argc, char **argv)
{
	static const char cmd[] = "did";
	struct cli_dialect dl;
	struct cli_out out;
	struct cli_input in;
	struct cli_chart ch;
	char *value = NULL, *id = NULL, *time = NULL, *treat = NULL, *post_from = NULL;
	char *pre_from = NULL, *where = NULL, *conf_text = NULL;
	gboolean use_log = FALSE;
	GOptionEntry entries[] = {
		{ "value", 0, 0, G_OPTION_ARG_FILENAME, &value, "The numeric outcome column", "COL" },
		{ "id", 0, 0, G_OPTION_ARG_FILENAME, &id,
		  "The unit column; standard errors are clustered by it", "COL" },
		{ "time", 0, 0, G_OPTION_ARG_FILENAME, &time, "The numeric period column", "COL" },
		{ "treat", 0, 0, G_OPTION_ARG_FILENAME, &treat,
		  "Treatment column: 1 treated, 0 control, fixed per unit", "COL" },
		{ "post-from", 0, 0, G_OPTION_ARG_FILENAME, &post_from,
		  "First period of the post (programme) period", "YEAR" },
		{ "pre-from", 0, 0, G_OPTION_ARG_FILENAME, &pre_from,
		  "First period of the pre period (default: all earlier rows)", "YEAR" },
		{ "log", 0, 0, G_OPTION_ARG_NONE, &use_log,
		  "Analyse ln(value); the effect is also given in percent", NULL },
		{ "where", 0, 0, G_OPTION_ARG_FILENAME, &where, "Use only rows that satisfy EXPR",
		  "EXPR" },
		{ "conf", 0, 0, G_OPTION_ARG_FILENAME, &conf_text,
		  "Confidence level of the intervals (default 0.95)", "LEVEL" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx = g_option_context_new("FILE");
	struct result_set *rs = NULL;
	struct did_opts o;
	gchar **args;
	struct diag d;
	int status = 0;

	memset(&dl, 0, sizeof dl);
	memset(&out, 0, sizeof out);
	memset(&in, 0, sizeof in);
	memset(&o, 0, sizeof o);
	memset(&ch, 0, sizeof ch);
	diag_init(&d);
	g_option_context_set_summary(octx,
		"Difference-in-differences of a treated and a control group: the 2x2 of unit\n"
		"means (Welch se) and the regression y = a + b treat + g post + delta treat*post\n"
		"with standard errors clustered by unit; group means per period and the\n"
		"pre-period trends (parallel-trends check). Result tables: did, did_trends,\n"
		"did_pretrend.\n"
		"Chart (--chart DIR): treated and control means over time.");
	g_option_context_add_main_entries(octx, entries, NULL);
	cli_out_add(octx, &out);
	cli_chart_add(octx, &ch);
	cli_dialect_add(octx, &dl, 1);
	args = cli_parse(cx, octx, cmd, argc, argv, &status);
	if (!args)
		goto done;
	if (!cli_nargs_ok(cx, args)) {
		status = cli_usage_error(cx, cmd, "expected one FILE");
		goto done;
	}
	if (!value || !id || !time || !treat || !post_from) {
		status = cli_usage_error(cx, cmd, "--value, --id, --time, --treat and --post-from are "
					 "required");
		goto done;
	}
	if (parse_number(post_from, &o.post_from) < 0) {
		status = cli_usage_error(cx, cmd, "--post-from: expected a number, got '%s'",
					 post_from);
		goto done;
	}
	o.pre_from = NAN;
	if (pre_from && parse_number(pre_from, &o.pre_from) < 0) {
		status = cli_usage_error(cx, cmd, "--pre-from: expected a number, got '%s'", pre_from);
		goto done;
	}
	o.log = use_log;
	if ((status = cli_out_check(cx, cmd, &out)) ||
	    (status = cli_parse_conf(cx, cmd, conf_text, &o.conf)) ||
	    (status = cli_chart_check(cx, cmd, &ch, args[1] ? args[1] : NULL)))
		goto done;
	rs = cli_result_set(cx);
	if ((status = cli_load_input(cx, cmd, args, &dl, where, rs, &in)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--value", value, &o.value)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--id", id, &o.id)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--time", time, &o.time)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--treat", treat, &o.treat)))
		goto done;
	if (bench_did(in.t, &o, &in.sel, rs, &d) < 0 ||
	    (cli_chart_set(cx, &ch) &&
	     bench_charts_did(in.t, &o, &in.sel, rs, cx ? cx->chart_kinds : NULL,
				cx && cx->chart_opts ? cx->chart_opts : &ch.co,
				cli_chart_set(cx, &ch), &d) < 0)) {
		status = cli_analysis_failed(cx, cmd, &d);
		goto done;
	}
	if ((status = cli_chart_render(cx, &ch, cmd)))
		goto done;
	status = cli_emit(cx, cmd, rs, &out);
done:
	cli_input_release(&in);
	cli_result_set_release(cx, rs);
	g_strfreev(args);
	g_free(value);
	g_free(id);
	g_free(time);
	g_free(treat);
	g_free(post_from);
	g_free(pre_from);
	g_free(where);
	g_free(conf_text);
	cli_chart_release(&ch);
	cli_out_release(&out);
	cli_dialect_release(&dl);
	g_option_context_free(octx);
	return status;
}

/* --national-mean IND:V[,IND:V...] into national[nvalues] (NAN = none). */
static int parse_national(struct cli_ctx *cx, const char *cmd, const struct table *t,
			  const char *text, const size_t *values, size_t nvalues, double *national)
{
	gchar **items = g_strsplit(text, ",", -1);
	int status = 0;

	for (size_t v = 0; v < nvalues; v++)
		national[v] = NAN;
	for (gchar **it = items; *it && !status; it++) {
		char *item = g_strstrip(*it), *colon = strrchr(item, ':');
		double x;
		size_t v;

		if (!*item)
			continue;
		if (!colon || colon == item || parse_number(colon + 1, &x) < 0) {
			status = cli_usage_error(cx, cmd, "--national-mean: expected INDICATOR:VALUE, "
						 "got '%s'", item);
			break;
		}
		*colon = '\0';
		for (v = 0; v < nvalues; v++)
			if (strcmp(t->cols[values[v]].name, g_strstrip(item)) == 0)
				break;
		if (v == nvalues)
			status = cli_usage_error(cx, cmd, "--national-mean: '%s' is not one of the "
						 "--value columns", item);
		else
			national[v] = x;
	}
	g_strfreev(items);
	return status;
}

int cmd_provinces(struct cli_ctx *cx, int argc, char **argv)
{
	static const char cmd[] = "provinces";
	struct cli_dialect dl;
	struct cli_out out;
	struct cli_input in;
	struct cli_chart ch;
	char *value = NULL, *province = NULL, *where = NULL, *conf_text = NULL, *national = NULL;
	char *reference = NULL, *lower = NULL, *posthoc = NULL, *adjust = NULL;
	GOptionEntry entries[] = {
		{ "value", 0, 0, G_OPTION_ARG_FILENAME, &value,
		  "Numeric indicator column(s), comma-separated", "COL[,COL...]" },
		{ "province", 0, 0, G_OPTION_ARG_FILENAME, &province,
		  "The province column (default province)", "COL" },
		{ "reference", 0, 0, G_OPTION_ARG_FILENAME, &reference,
		  "Pilot reference: provinces (mean of the province means, default) or pooled "
		  "(mean of all values)", "KIND" },
		{ "national-mean", 0, 0, G_OPTION_ARG_FILENAME, &national,
		  "National reference values, e.g. productivity:250,export_usd:1.2e6",
		  "IND:V[,IND:V...]" },
		{ "lower-better", 0, 0, G_OPTION_ARG_FILENAME, &lower,
		  "Indicators for which a lower value ranks better", "COL[,COL...]" },
		{ "posthoc", 0, 0, G_OPTION_ARG_FILENAME, &posthoc,
		  "Pairwise comparisons: games-howell (default), tukey or none", "METHOD" },
		{ "adjust", 0, 0, G_OPTION_ARG_FILENAME, &adjust,
		  "p-value adjustment across the indicators: holm (default), bh, none", "METHOD" },
		{ "where", 0, 0, G_OPTION_ARG_FILENAME, &where, "Use only rows that satisfy EXPR",
		  "EXPR" },
		{ "conf", 0, 0, G_OPTION_ARG_FILENAME, &conf_text,
		  "Confidence level of the intervals (default 0.95)", "LEVEL" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx = g_option_context_new("FILE");
	struct result_set *rs = NULL;
	size_t *vals = NULL, *lows = NULL, nv = 0, nl = 0;
	double *nat = NULL;
	int *lb = NULL;
	struct provinces_opts o;
	gchar **args;
	struct diag d;
	int status = 0;

	memset(&dl, 0, sizeof dl);
	memset(&out, 0, sizeof out);
	memset(&in, 0, sizeof in);
	memset(&o, 0, sizeof o);
	memset(&ch, 0, sizeof ch);
	diag_init(&d);
	g_option_context_set_summary(octx,
		"Province benchmark: per province and indicator n, mean with a t interval,\n"
		"median, the difference to the pilot reference (and to a national value), and\n"
		"the rank; per indicator ANOVA, Welch ANOVA, Levene and Kruskal-Wallis across\n"
		"the provinces and Games-Howell pairs. Result tables: province_benchmark,\n"
		"tests, posthoc.\n"
		"Charts (--chart DIR): bars of the means with the reference, box plots.");
	g_option_context_add_main_entries(octx, entries, NULL);
	cli_out_add(octx, &out);
	cli_chart_add(octx, &ch);
	cli_dialect_add(octx, &dl, 1);
	args = cli_parse(cx, octx, cmd, argc, argv, &status);
	if (!args)
		goto done;
	if (!cli_nargs_ok(cx, args)) {
		status = cli_usage_error(cx, cmd, "expected one FILE");
		goto done;
	}
	if (!value) {
		status = cli_usage_error(cx, cmd, "--value is required");
		goto done;
	}
	o.reference = BENCH_REF_PROVINCE_MEANS;
	if (reference && strcmp(reference, "pooled") == 0) {
		o.reference = BENCH_REF_POOLED;
	} else if (reference && strcmp(reference, "provinces") != 0) {
		status = cli_usage_error(cx, cmd, "--reference: expected provinces or pooled, got "
					 "'%s'", reference);
		goto done;
	}
	o.posthoc = POSTHOC_GAMES_HOWELL;
	if (posthoc && strcmp(posthoc, "tukey") == 0) {
		o.posthoc = POSTHOC_TUKEY;
	} else if (posthoc && strcmp(posthoc, "none") == 0) {
		o.posthoc = POSTHOC_NONE;
	} else if (posthoc && strcmp(posthoc, "games-howell") != 0) {
		status = cli_usage_error(cx, cmd, "--posthoc: expected games-howell, tukey or none, "
					 "got '%s'", posthoc);
		goto done;
	}
	o.adjust = STATS_ADJUST_HOLM;
	if (adjust && stats_adjust_from_name(adjust, &o.adjust) < 0) {
		status = cli_usage_error(cx, cmd, "--adjust: expected holm, bh or none, got '%s'",
					 adjust);
		goto done;
	}
	if ((status = cli_out_check(cx, cmd, &out)) ||
	    (status = cli_parse_conf(cx, cmd, conf_text, &o.conf)) ||
	    (status = cli_chart_check(cx, cmd, &ch, args[1] ? args[1] : NULL)))
		goto done;
	rs = cli_result_set(cx);
	if ((status = cli_load_input(cx, cmd, args, &dl, where, rs, &in)) ||
	    (status = cli_columns(cx, cmd, in.t, "--value", value, &vals, &nv)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--province", province ? province : "province",
				 &o.province)))
		goto done;
	nat = g_new(double, nv);
	lb = g_new0(int, nv);
	if (national && (status = parse_national(cx, cmd, in.t, national, vals, nv, nat)))
		goto done;
	if (lower) {
		if ((status = cli_columns(cx, cmd, in.t, "--lower-better", lower, &lows, &nl)))
			goto done;
		for (size_t i = 0; i < nl; i++) {
			size_t v;

			for (v = 0; v < nv && vals[v] != lows[i]; v++)
				;
			if (v == nv) {
				status = cli_usage_error(cx, cmd, "--lower-better: '%s' is not one of "
							 "the --value columns", in.t->cols[lows[i]].name);
				goto done;
			}
			lb[v] = 1;
		}
	}
	o.values = vals;
	o.nvalues = nv;
	o.national = national ? nat : NULL;
	o.lower_better = lb;
	if (bench_provinces(in.t, &o, &in.sel, rs, &d) < 0 ||
	    (cli_chart_set(cx, &ch) &&
	     bench_charts_provinces(in.t, &o, &in.sel, rs, cx ? cx->chart_kinds : NULL,
				cx && cx->chart_opts ? cx->chart_opts : &ch.co,
				cli_chart_set(cx, &ch), &d) < 0)) {
		status = cli_analysis_failed(cx, cmd, &d);
		goto done;
	}
	if ((status = cli_chart_render(cx, &ch, cmd)))
		goto done;
	status = cli_emit(cx, cmd, rs, &out);
done:
	g_free(vals);
	g_free(lows);
	g_free(nat);
	g_free(lb);
	cli_input_release(&in);
	cli_result_set_release(cx, rs);
	g_strfreev(args);
	g_free(value);
	g_free(province);
	g_free(where);
	g_free(conf_text);
	g_free(national);
	g_free(reference);
	g_free(lower);
	g_free(posthoc);
	g_free(adjust);
	cli_chart_release(&ch);
	cli_out_release(&out);
	cli_dialect_release(&dl);
	g_option_context_free(octx);
	return status;
}
