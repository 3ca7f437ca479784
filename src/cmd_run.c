/* SPDX-License-Identifier: GPL-3.0-or-later */
/* run: executes job files into an atomic run folder. */
#include "clusterbench/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clusterbench/bench_peers.h"
#include "clusterbench/bench_programme.h"
#include "clusterbench/bench_regional.h"
#include "clusterbench/job.h"
#include "clusterbench/report.h"
#include "clusterbench/json.h"
#include "clusterbench/numparse.h"
#include "clusterbench/runfolder.h"

/* The commands a job method runs. */
static const struct {
	const char *method;
	int (*fn)(struct cli_ctx *cx, int argc, char **argv);
} runners[] = {
	{ "describe", cmd_describe },
	{ "compare", cmd_compare },
	{ "correlate", cmd_correlate },
	{ "regress", cmd_regress },
	{ "peers", cmd_peers },
	{ "composite", cmd_composite },
	{ "regional", cmd_regional },
	{ "provinces", cmd_provinces },
	{ "target", cmd_target },
	{ "did", cmd_did },
};

/* Options that are flags on the command line: `key = true` sets them. */
static const char *const flag_keys[] = { "no-intercept", "log", "vary-method", NULL };
/* Options that may be given several times: one per list item. */
static const char *const repeat_keys[] = { "reference", NULL };

struct loaded {
	struct table *t;
	struct load_report rep;
	double seconds;
};

struct instance;

/* A piece of work for the pool: an analysis, or one of its charts in one
 * format (charts are drawn side by side once their analysis is done). */
struct task {
	struct instance *in;
	long chart;                 /* index into in->charts, or -1: the analysis */
	size_t format;              /* index into job->formats */
	struct diag d;
	int failed;
};

/* One run of an analysis: for one value of its foreach column, or once. */
struct instance {
	size_t an;                  /* index into job->an */
	char *value;                /* foreach value, or NULL */
	char *slug;                 /* file-name form of the value, or NULL */
	long fcol;                  /* the foreach column, or -1 */
	int32_t fcode;              /* its code of the value (a category column) */
	double fnum;                /* or the value (a numeric column) */
	struct result_set *rs;
	struct chart_set charts;
	struct diag d;
	int status;
	double seconds;             /* the analysis and its charts */
	struct task self;           /* the analysis as a pool task */
	struct task *renders;       /* its charts as pool tasks, or NULL */
	size_t nrenders;
	char *stem;                 /* chart file stem, while renders run */
};

struct run {
	struct job *job;
	struct loaded *data;        /* parallel to job->data */
	struct instance *inst;
	size_t ninst;
	GMutex lock;
	size_t done;
	int progress;
	struct chart_opts chart_opts;
	char **sources;             /* caption source per data group */
	char *chart_dir;            /* charts/ in the temporary run folder */
	char *chart_final;          /* charts/ in the final run folder, for messages */
	struct render_opts ro;
	GThreadPool *pool;          /* NULL: one thread does everything */
	GCond idle;                 /* signalled when no task is pending */
	size_t pending;             /* tasks pushed and not yet done (under lock) */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* The command-line arguments of an analysis from its job keys. */
static char **analysis_argv(const struct job_analysis *a, struct diag *d)
{
	GPtrArray *v = g_ptr_array_new();

	g_ptr_array_add(v, g_strdup(a->method));
	for (size_t i = 0; i < a->nopts; i++) {
		const struct job_kv *kv = &a->opts[i];
		/* correlate's --method is `methods` in a job (method names the analysis) */
		const char *opt = strcmp(kv->key, "methods") == 0 ? "method" : kv->key;
		char **items;

		if (in_list(flag_keys, kv->key)) {
			if (!strcmp(kv->value, "true") || !strcmp(kv->value, "yes") ||
			    !strcmp(kv->value, "1")) {
				g_ptr_array_add(v, g_strdup_printf("--%s", opt));
			} else if (strcmp(kv->value, "false") && strcmp(kv->value, "no") &&
				   strcmp(kv->value, "0")) {
				diag_set(d, DIAG_USAGE, "%s: expected true or false, got '%s'", kv->key,
					 kv->value);
				diag_set_line(d, kv->line, 0);
				g_ptr_array_add(v, NULL);
				g_strfreev((char **)g_ptr_array_free(v, FALSE));
				return NULL;
			}
			continue;
		}
		items = job_list(kv->value);
		if (in_list(repeat_keys, kv->key)) {
			for (size_t k = 0; items[k]; k++)
				g_ptr_array_add(v, g_strdup_printf("--%s=%s", opt, items[k]));
		} else if (strcmp(kv->key, "where") == 0) {
			/* an expression may contain ';' inside quotes: pass it as written */
			g_ptr_array_add(v, g_strdup_printf("--%s=%s", opt, kv->value));
		} else {
			char *joined = g_strjoinv(",", items);

			g_ptr_array_add(v, g_strdup_printf("--%s=%s", opt, joined));
			g_free(joined);
		}
		g_strfreev(items);
	}
	g_ptr_array_add(v, NULL);
	return (char **)g_ptr_array_free(v, FALSE);
}

/* Lowercase ASCII file-name form: Turkish letters transliterated, other
 * characters as '-', runs collapsed. */
static char *slugify(const char *s)
{
	char folded[512];
	GString *out = g_string_new(NULL);

	text_fold(s, folded, sizeof folded);
	for (const char *p = folded; *p; p++) {
		char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			g_string_append_c(out, c);
		} else if (out->len && out->str[out->len - 1] != '-') {
			g_string_append_c(out, '-');
		}
	}
	while (out->len && out->str[out->len - 1] == '-')
		g_string_truncate(out, out->len - 1);
	if (!out->len)
		g_string_append(out, "value");
	return g_string_free(out, FALSE);
}

static char *instance_stem(const struct run *r, const struct instance *in)
{
	const struct job_analysis *a = &r->job->an[in->an];

	return in->slug ? g_strdup_printf("%s.%s", a->name, in->slug) : g_strdup(a->name);
}

/* A chart of in could not be drawn: its status, with d naming the final
 * file rather than the temporary folder. */
static void chart_failed(struct run *r, struct instance *in, const struct diag *d)
{
	size_t n = strlen(r->chart_dir);

	if (d != &in->d)
		in->d = *d;
	in->status = in->d.code;
	if (strncmp(in->d.path, r->chart_dir, n) == 0 &&
	    (in->d.path[n] == '/' || !in->d.path[n])) {
		char *final = g_strconcat(r->chart_final, in->d.path + n, NULL);

		g_strlcpy(in->d.path, final, sizeof in->d.path);
		g_free(final);
	}
}

static void run_instance(gpointer data, gpointer user)
{
	struct instance *in = data;
	struct run *r = user;
	const struct job_analysis *a = &r->job->an[in->an];
	struct cli_ctx cx;
	char **argv;
	unsigned char *keep = NULL;
	double t0 = now();
	size_t di = 0;

	diag_init(&in->d);
	for (size_t k = 0; k < r->job->ndata; k++)
		if (strcmp(r->job->data[k].name, a->data) == 0)
			di = k;
	memset(&cx, 0, sizeof cx);
	cx.table = r->data[di].t;
	cx.table_name = r->job->data[di].path;
	cx.rs = in->rs;
	cx.d = &in->d;
	if (a->charts) {
		struct chart_opts *co = g_new(struct chart_opts, 1);

		*co = r->chart_opts;
		co->source = r->sources[di];
		co->context = in->value;
		cx.charts = &in->charts;
		cx.chart_kinds = (const char *const *)a->charts;
		cx.chart_opts = co;
	}
	argv = analysis_argv(a, &in->d);
	/* peers: a foreach value is the focal unit among all its peers, so
	 * the rows are not narrowed to it */
	if (argv && in->value && strcmp(a->method, "peers") == 0) {
		size_t n = g_strv_length(argv);

		argv = g_renew(char *, argv, n + 2);
		argv[n] = g_strdup_printf("--focus=%s", in->value);
		argv[n + 1] = NULL;
	} else if (in->fcol >= 0) {
		/* the mask of the value's rows, only while the analysis runs (its
		 * where, if any, is applied again by the analysis) */
		const struct column *fc = &cx.table->cols[in->fcol];
		size_t n = cx.table->nrows;

		keep = g_new(unsigned char, n ? n : 1);
		if (col_type_is_numeric(fc->type))
			for (size_t k = 0; k < n; k++)
				keep[k] = column_value(fc, k) == in->fnum;
		else
			for (size_t k = 0; k < n; k++)
				keep[k] = fc->code[k] == in->fcode;
		cx.keep = keep;
	}
	in->status = DIAG_USAGE;
	for (size_t k = 0; argv && k < sizeof runners / sizeof runners[0]; k++)
		if (strcmp(runners[k].method, a->method) == 0)
			in->status = runners[k].fn(&cx, (int)g_strv_length(argv), argv);
	if (argv && in->status == DIAG_USAGE && !diag_failed(&in->d))
		diag_set(&in->d, DIAG_USAGE, "method '%s' is not available in this version",
			 a->method);
	g_strfreev(argv);
	g_free(keep);
	g_free((void *)cx.chart_opts);
	/* charts are drawn as soon as the analysis is done: here, or each
	 * chart in each format as a task of its own in the pool */
	if (in->status == 0 && in->charts.n && r->pool) {
		size_t nf = g_strv_length(r->job->formats), k = 0;

		in->stem = instance_stem(r, in);
		in->nrenders = in->charts.n * nf;
		in->renders = g_new0(struct task, in->nrenders);
		for (size_t c = 0; c < in->charts.n; c++)
			for (size_t f = 0; f < nf; f++, k++) {
				in->renders[k].in = in;
				in->renders[k].chart = (long)c;
				in->renders[k].format = f;
				diag_init(&in->renders[k].d);
			}
	} else if (in->status == 0 && in->charts.n) {
		char *stem = instance_stem(r, in);

		if (chart_set_render(&in->charts, r->chart_dir, stem,
				     (const char *const *)r->job->formats, &r->ro, &in->d) < 0)
			chart_failed(r, in, &in->d);
		g_free(stem);
	}
	g_mutex_lock(&r->lock);
	in->seconds += now() - t0;
	r->pending += in->nrenders;
	for (size_t k = 0; k < in->nrenders; k++)
		g_thread_pool_push(r->pool, &in->renders[k], NULL);
	r->done++;
	if (r->progress)
		fprintf(stderr, "\r\033[K[%zu/%zu] %s%s%s%s", r->done, r->ninst, a->name,
			in->value ? " (" : "", in->value ? in->value : "", in->value ? ")" : "");
	g_mutex_unlock(&r->lock);
}

/* The pool's work: an analysis (which may push its charts), or a chart. */
static void run_task(gpointer data, gpointer user)
{
	struct task *tk = data;
	struct run *r = user;
	struct instance *in = tk->in;

	if (tk->chart < 0) {
		run_instance(in, r);
	} else {
		double t0 = now();

		tk->failed = chart_set_render_one(&in->charts, (size_t)tk->chart, r->chart_dir,
						  in->stem, r->job->formats[tk->format], &r->ro,
						  &tk->d) < 0;
		g_mutex_lock(&r->lock);
		in->seconds += now() - t0;
		g_mutex_unlock(&r->lock);
	}
	g_mutex_lock(&r->lock);
	if (--r->pending == 0 || (tk->chart < 0 && r->done == r->ninst))
		g_cond_signal(&r->idle);
	g_mutex_unlock(&r->lock);
}

/* A bar on the terminal while a large file loads. */
static void load_progress(void *arg, unsigned long long done, unsigned long long total)
{
	const char *name = arg;
	int width = 30, filled;

	if (total < (64u << 20))
		return; /* small files load faster than a bar can be read */
	filled = (int)((double)done / (double)total * width);
	fprintf(stderr, "\r\033[Kloading %s [%.*s%*s] %3d%%", name, filled,
		"##############################", width - filled, "",
		(int)(100.0 * (double)done / (double)total));
}

/*
 * Which columns of a data group the job's analyses can use: a column is
 * loaded when its name occurs in the text of an option (value, by, where,
 * ...) or the foreach of an analysis on the data. Only for the methods
 * whose columns are all named in their options; a data group used by any
 * other method is loaded whole.
 */
struct wanted {
	GPtrArray *texts;   /* NFC option texts */
};

static const char *const projecting_methods[] = { "describe", "compare", "correlate",
						  "regress", NULL };

static int wanted_init(struct wanted *w, const struct job *j, const char *data)
{
	w->texts = g_ptr_array_new_with_free_func(g_free);
	for (size_t k = 0; k < j->nan; k++) {
		const struct job_analysis *a = &j->an[k];

		if (strcmp(a->data, data) != 0)
			continue;
		if (!in_list(projecting_methods, a->method)) {
			g_ptr_array_free(w->texts, TRUE);
			w->texts = NULL;
			return 0;
		}
		for (size_t o = 0; o < a->nopts; o++)
			g_ptr_array_add(w->texts, g_utf8_normalize(a->opts[o].value, -1,
								   G_NORMALIZE_NFC));
		if (a->foreach)
			g_ptr_array_add(w->texts, g_utf8_normalize(a->foreach, -1, G_NORMALIZE_NFC));
	}
	return 1;
}

static int want_column(void *arg, const char *name)
{
	const struct wanted *w = arg;

	for (size_t i = 0; i < w->texts->len; i++) {
		const char *t = g_ptr_array_index(w->texts, i);

		if (t && strstr(t, name))
			return 1;
	}
	return 0;
}

/* Loads every data group; the first failure stops (d names file and line). */
static int load_data(struct run *r, struct diag *d)
{
	struct job *j = r->job;

	r->data = g_new0(struct loaded, j->ndata);
	for (size_t i = 0; i < j->ndata; i++) {
		struct job_data *dd = &j->data[i];
		struct cli_dialect dl;
		double t0 = now();
		int used = 0;

		for (size_t k = 0; k < j->nan; k++)
			used |= strcmp(j->an[k].data, dd->name) == 0;
		load_report_init(&r->data[i].rep);
		if (!used)
			continue;
		memset(&dl, 0, sizeof dl);
#define OPT(key, field) dl.field = g_strdup(job_opt(dd->opts, dd->nopts, key))
		OPT("delimiter", delimiter);
		OPT("decimal", decimal);
		OPT("encoding", encoding);
		OPT("comment", comment);
		OPT("province-aliases", aliases);
		OPT("schema", schema);
#undef OPT
		{
			const char *m = job_opt(dd->opts, dd->nopts, "missing");

			if (m) {
				char **items = job_list(m);

				dl.missing = g_strjoinv(",", items);
				g_strfreev(items);
			}
		}
		if (cli_dialect_finish(&dl, d) < 0) {
			char *msg = g_strdup_printf("[data %s]: %s", dd->name, d->message);

			g_strlcpy(d->message, msg, sizeof d->message);
			g_free(msg);
			diag_set_path(d, j->path);
			diag_set_line(d, dd->line, 0);
			cli_dialect_release(&dl);
			return -1;
		}
		dl.load.want_sha256 = 1;
		if (r->progress) {
			dl.load.progress = load_progress;
			dl.load.progress_arg = r->sources[i];
		}
		{
			struct wanted w;

			if (wanted_init(&w, j, dd->name)) {
				dl.load.want_column = want_column;
				dl.load.want_arg = &w;
			}
			r->data[i].t = load_path(dd->path, &dl.load, &r->data[i].rep, d);
			if (w.texts)
				g_ptr_array_free(w.texts, TRUE);
		}
		if (r->progress)
			fputs("\r\033[K", stderr);
		cli_dialect_release(&dl);
		if (!r->data[i].t)
			return -1;
		r->data[i].seconds = now() - t0;
	}
	return 0;
}

/* Expands foreach into one instance per value (Turkish alphabetical order). */
static int plan(struct run *r, struct diag *d)
{
	struct job *j = r->job;
	GPtrArray *v = g_ptr_array_new();

	for (size_t i = 0; i < j->nan; i++) {
		const struct job_analysis *a = &j->an[i];
		size_t di = 0;
		const struct table *t;

		for (size_t k = 0; k < j->ndata; k++)
			if (strcmp(j->data[k].name, a->data) == 0)
				di = k;
		t = r->data[di].t;
		if (!a->foreach) {
			struct instance *in = g_new0(struct instance, 1);

			in->an = i;
			in->fcol = -1;
			g_ptr_array_add(v, in);
			continue;
		}
		{
			long c = table_find(t, a->foreach);
			struct groups g;
			size_t one;
			GHashTable *slugs;

			if (c < 0) {
				diag_set(d, DIAG_USAGE, "[analysis %s]: foreach: no column '%s' in data '%s'",
					 a->name, a->foreach, a->data);
				diag_set_path(d, j->path);
				diag_set_line(d, a->foreach_line, 0);
				g_ptr_array_free(v, TRUE);
				return -1;
			}
			one = (size_t)c;
			{
				/* the values that occur in the rows the analysis's where keeps */
				const char *wx = job_opt(a->opts, a->nopts, "where");
				unsigned char *keep = NULL;
				int bad = 0;

				if (wx) {
					struct where *w = where_parse(wx, NULL, d);

					keep = g_new(unsigned char, t->nrows ? t->nrows : 1);
					bad = !w || where_eval(w, t, keep, d) < 0;
					where_free(w);
				}
				/* the levels only: each names its value */
				if (bad || table_group_levels(t, &one, 1, keep, &g, d) < 0) {
					if (bad) {
						diag_set_path(d, j->path);
						diag_set_line(d, a->line, 0);
					}
					g_free(keep);
					g_ptr_array_free(v, TRUE);
					return -1;
				}
				g_free(keep);
			}
			slugs = g_hash_table_new(g_str_hash, g_str_equal);
			for (size_t gi = 0; gi < g.ngroups; gi++) {
				struct instance *in = g_new0(struct instance, 1);
				char *slug = slugify(g.labels[gi]);
				int n = 2;

				/* unique file names even when two values fold alike */
				while (g_hash_table_contains(slugs, slug)) {
					char *base = slugify(g.labels[gi]);

					g_free(slug);
					slug = g_strdup_printf("%s-%d", base, n++);
					g_free(base);
				}
				in->an = i;
				in->value = g_strdup(g.labels[gi]);
				in->slug = slug;
				g_hash_table_add(slugs, slug);
				/* the value as the column holds it, from its label:
				 * a dictionary value, or a number that reads back
				 * exactly */
				in->fcol = c;
				if (col_type_is_numeric(t->cols[c].type))
					num_parse(g.labels[gi], strlen(g.labels[gi]), '.', 0, &in->fnum,
						  NULL);
				else
					in->fcode = dict_find(&t->cols[c].dict, g.labels[gi]);
				g_ptr_array_add(v, in);
			}
			g_hash_table_destroy(slugs);
			groups_release(&g);
		}
	}
	r->ninst = v->len;
	r->inst = g_new0(struct instance, r->ninst ? r->ninst : 1);
	for (size_t i = 0; i < v->len; i++) {
		struct instance *in = g_ptr_array_index(v, i);

		r->inst[i] = *in;
		r->inst[i].rs = result_set_create();
		g_free(in);
	}
	g_ptr_array_free(v, TRUE);
	return 0;
}


static int write_results(const struct run *r, struct runfolder *rf, struct diag *d)
{
	for (size_t i = 0; i < r->ninst; i++) {
		const struct instance *in = &r->inst[i];
		char *stem = instance_stem(r, in);

		for (size_t k = 0; k < result_set_count(in->rs); k++) {
			const struct result_table *t = result_set_table(in->rs, k);
			char *name = g_strdup_printf("results/%s.%s.csv", stem, result_table_name(t));
			FILE *fp = runfolder_open(rf, name, d);
			int rc = fp ? result_write_csv(t, fp, d) : -1;

			if (fp && runfolder_close(rf, fp, d) < 0)
				rc = -1;
			g_free(name);
			if (rc < 0) {
				g_free(stem);
				return -1;
			}
		}
		g_free(stem);
	}
	return 0;
}


/* One paragraph per method used, for the report's methods appendix. */
static const struct {
	const char *method;
	const char *text;
} method_notes[] = {
	{ "describe", "describe: n, mean, sd (n − 1), se = sd/√n, a t interval of the mean, "
		      "type-7 quantiles (R's default), iqr, cv = sd/mean, skewness mean(((x − m)/s)^3) "
		      "and excess kurtosis mean(((x − m)/s)^4) − 3 (GSL definitions)." },
	{ "compare", "compare: two groups — Welch and Student t tests (R t.test), Mann–Whitney U "
		     "with continuity and tie correction or exact for small samples without ties "
		     "(wilcox.test), Brown–Forsythe Levene; Cohen's d with the pooled sd and Hedges' g. "
		     "More groups — one-way ANOVA around the group means with η² and ω², Welch ANOVA "
		     "(oneway.test), Kruskal–Wallis with tie correction and ε² = H/(N − 1), and "
		     "Tukey HSD (TukeyHSD) or Games–Howell pairs from the studentized range "
		     "distribution. Paired: paired t and Wilcoxon signed rank. p_adj: Holm (p.adjust) "
		     "across value columns unless stated." },
	{ "correlate", "correlate: Pearson r with a t test on n − 2 df and a Fisher-z interval; "
		       "Spearman ρ of mid-ranks with the t approximation; Kendall τ-b with the "
		       "normal approximation (R cor.test, exact = FALSE); pairwise complete rows." },
	{ "regress", "regress: ordinary least squares as R's lm, solved by QR with iterative "
		     "refinement; classic, HC1 (sandwich::vcovHC type HC1) or cluster-robust "
		     "(vcovCL HC1 factor G/(G − 1)·(n − 1)/(n − k), t on G − 1 df) standard errors; "
		     "text predictors as dummies against a reference level." },
	{ "provinces", "provinces: each province's mean with its t interval against the pilot "
		       "reference (the reference column names it), with ANOVA, Welch ANOVA and "
		       "Kruskal–Wallis across provinces and post-hoc pairs." },
	{ "target", "target: per unit the relative change (x_to − x_from)/x_from; mean and median "
		    "change with a t interval, the share of units reaching the target with a Wilson "
		    "interval, a one-sided t test of the mean change against the target, and the "
		    "change of the sums (the aggregate gain programme reports usually quote)." },
	{ "did", "did: difference-in-differences δ = (Ȳ_T,post − Ȳ_T,pre) − (Ȳ_C,post − "
		 "Ȳ_C,pre) over units, and the regression y = α + β·Treat + γ·Post + δ·Treat·Post "
		 "with SE clustered by unit; on ln(y) the effect in percent is 100·(e^δ − 1). The "
		 "pre-period trends of both groups are compared (parallel-trends check)." },
	{ "regional", "regional: location quotient LQ = (e_ir/E_r)/(E_i/E) against the reference "
		      "economy named in each table; classic shift-share NS = R0(G − 1), IM = Σ r_i0(g_i "
		      "− G), RS = Σ r_i0(r_i1/r_i0 − g_i) with NS + IM + RS = R1 − R0, and the "
		      "Esteban–Marquillas split RS = C + A; Herfindahl Σ s², its normalised form and "
		      "1/H; Krugman K = Σ |s_ir − s̄_i|." },
	{ "peers", "peers: each unit against its peer group — peer n, median, mean, the directed "
		   "z-score, percentile (share at or below, direction applied), rank (ties at the "
		   "minimum), gaps to the best and to the median, tertile. Position, not a verdict." },
	{ "composite", "composite: indicators normalised (min-max, z, percentile rank or distance "
		       "to a target) after applying their direction, aggregated with weights "
		       "rescaled over present components (arithmetic, geometric, harmonic), as in the "
		       "OECD/JRC handbook; Monte-Carlo rank intervals over perturbed weights from a "
		       "recorded seed." },
};

/* Writes report.pdf / index.html into the temporary run folder. */
static int write_report(const struct run *r, struct runfolder *rf, struct diag *d)
{
	const struct job *job = r->job;
	struct report_doc doc;
	struct report_input *inputs = g_new0(struct report_input, job->ndata + 1);
	struct report_section *secs = g_new0(struct report_section, r->ninst + 1);
	GPtrArray *strings = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *methods = g_ptr_array_new();
	size_t ni = 0;
	int rc = 0;

	if (!job->report_pdf && !job->report_html) {
		g_ptr_array_free(strings, TRUE);
		g_ptr_array_free(methods, TRUE);
		g_free(inputs);
		g_free(secs);
		return 0;
	}
	memset(&doc, 0, sizeof doc);
	doc.title = job->report_title ? job->report_title : job->title;
	doc.data_date = job->data_date;
	doc.generated_by = "clusterbench " CB_VERSION;
	chart_locale_from_name(job->locale, &doc.locale);
	for (size_t i = 0; i < job->ndata; i++) {
		if (!r->data[i].t)
			continue;
		inputs[ni].name = job->data[i].name;
		inputs[ni].path = r->sources[i];
		inputs[ni].sha256 = r->data[i].rep.sha256;
		inputs[ni].rows = r->data[i].t->nrows;
		ni++;
	}
	doc.inputs = inputs;
	doc.ninputs = ni;
	for (size_t i = 0; i < r->ninst; i++) {
		const struct instance *in = &r->inst[i];
		const struct job_analysis *a = &job->an[in->an];
		struct report_section *sec = &secs[i];
		struct report_table *tabs = g_new0(struct report_table, result_set_count(in->rs) + 1);
		struct report_chart *chs = g_new0(struct report_chart, in->charts.n + 1);
		char *stem = instance_stem(r, in);

		sec->title = a->title;
		if (in->value) {
			char *sub = g_strdup_printf("%s = %s", a->foreach, in->value);

			g_ptr_array_add(strings, sub);
			sec->subtitle = sub;
		}
		sec->method = a->method;
		for (size_t k = 0; k < result_set_count(in->rs); k++) {
			const struct result_table *t = result_set_table(in->rs, k);
			char *csv = g_strdup_printf("results/%s.%s.csv", stem, result_table_name(t));

			g_ptr_array_add(strings, csv);
			tabs[k].table = t;
			tabs[k].csv_file = csv;
		}
		sec->tables = tabs;
		sec->ntables = result_set_count(in->rs);
		for (size_t k = 0; k < in->charts.n; k++) {
			int has_svg = 0, has_png = 0;

			for (size_t f = 0; job->formats[f]; f++) {
				has_svg |= !strcmp(job->formats[f], "svg");
				has_png |= !strcmp(job->formats[f], "png");
			}
			chs[k].model = in->charts.items[k].model;
			if (has_svg) {
				char *n = chart_file_name(stem, in->charts.items[k].name, "svg");
				char *f = g_strdup_printf("charts/%s", n);

				g_free(n);

				g_ptr_array_add(strings, f);
				chs[k].file_svg = f;
			}
			if (has_png) {
				char *n = chart_file_name(stem, in->charts.items[k].name, "png");
				char *f = g_strdup_printf("charts/%s", n);

				g_free(n);

				g_ptr_array_add(strings, f);
				chs[k].file_png = f;
			}
		}
		sec->charts = chs;
		sec->ncharts = in->charts.n;
		{
			const struct warnings *w = result_set_warnings(in->rs);

			sec->notes = (const char *const *)w->items;
			sec->nnotes = w->n;
		}
		g_free(stem);
		for (size_t k = 0; k < sizeof method_notes / sizeof method_notes[0]; k++) {
			int seen = 0;

			for (size_t m = 0; m < methods->len; m++)
				seen |= g_ptr_array_index(methods, m) == (gpointer)method_notes[k].text;
			if (!seen && !strcmp(method_notes[k].method, a->method))
				g_ptr_array_add(methods, (gpointer)method_notes[k].text);
		}
	}
	doc.sections = secs;
	doc.nsections = r->ninst;
	doc.methods = (const char *const *)methods->pdata;
	doc.nmethods = methods->len;
	if (job->report_pdf) {
		char *path = g_build_filename(runfolder_tmp(rf), job->report_pdf, NULL);

		rc = report_write_pdf(&doc, path, d);
		g_free(path);
	}
	if (rc == 0 && job->report_html) {
		char *path = g_build_filename(runfolder_tmp(rf), job->report_html, NULL);

		rc = report_write_html(&doc, path, d);
		g_free(path);
	}
	if (rc < 0 && d->path[0]) {
		/* name the final file, not the temporary folder */
		char *base = g_path_get_basename(d->path);
		char *final = g_build_filename(runfolder_final(rf), base, NULL);

		g_strlcpy(d->path, final, sizeof d->path);
		g_free(base);
		g_free(final);
	}
	for (size_t i = 0; i < r->ninst; i++) {
		g_free((void *)secs[i].tables);
		g_free((void *)secs[i].charts);
	}
	g_free(secs);
	g_free(inputs);
	g_ptr_array_free(methods, TRUE);
	g_ptr_array_free(strings, TRUE);
	return rc;
}

static void json_job_header(struct json *j, const struct run *r)
{
	const struct job *job = r->job;

	json_key(j, "job");
	json_begin_object(j);
	json_key(j, "title");
	json_string(j, job->title);
	json_key(j, "file");
	json_string(j, job->path);
	json_key(j, "seed");
	json_integer(j, (long long)job->seed);
	json_key(j, "locale");
	json_string(j, job->locale);
	json_end_object(j);
}

static int write_results_json(const struct run *r, struct runfolder *rf, struct diag *d)
{
	FILE *fp = runfolder_open(rf, "results.json", d);
	struct json j;

	if (!fp)
		return -1;
	json_init(&j, fp, 1);
	json_begin_object(&j);
	json_job_header(&j, r);
	json_key(&j, "analyses");
	json_begin_array(&j);
	for (size_t i = 0; i < r->ninst; i++) {
		const struct instance *in = &r->inst[i];
		const struct job_analysis *a = &r->job->an[in->an];

		json_begin_object(&j);
		json_key(&j, "name");
		json_string(&j, a->name);
		json_key(&j, "title");
		json_string(&j, a->title);
		json_key(&j, "method");
		json_string(&j, a->method);
		json_key(&j, "data");
		json_string(&j, a->data);
		json_key(&j, "foreach");
		if (in->value) {
			json_begin_object(&j);
			json_key(&j, "column");
			json_string(&j, a->foreach);
			json_key(&j, "value");
			json_string(&j, in->value);
			json_end_object(&j);
		} else {
			json_null(&j);
		}
		json_key(&j, "tables");
		result_json_tables(in->rs, &j);
		json_key(&j, "warnings");
		result_json_warnings(in->rs, &j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	json_finish(&j);
	return runfolder_close(rf, fp, d);
}

static int write_run_json(const struct run *r, struct runfolder *rf, const char *const *argv,
			  int jobs, double seconds, struct diag *d)
{
	FILE *fp = runfolder_open(rf, "run.json", d);
	struct json j;
	char *sha = NULL;
	gchar *text = NULL;
	gsize len;

	if (!fp)
		return -1;
	if (g_file_get_contents(r->job->path, &text, &len, NULL))
		sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text, len);
	g_free(text);
	json_init(&j, fp, 1);
	json_begin_object(&j);
	json_key(&j, "program");
	json_string(&j, "clusterbench " CB_VERSION);
	json_key(&j, "command");
	json_begin_array(&j);
	for (size_t i = 0; argv[i]; i++)
		json_string(&j, argv[i]);
	json_end_array(&j);
	json_job_header(&j, r);
	json_key(&j, "job_sha256");
	json_string(&j, sha);
	json_key(&j, "jobs");
	json_integer(&j, jobs);
	json_key(&j, "inputs");
	json_begin_array(&j);
	for (size_t i = 0; i < r->job->ndata; i++) {
		const struct loaded *l = &r->data[i];

		if (!l->t)
			continue;
		json_begin_object(&j);
		json_key(&j, "name");
		json_string(&j, r->job->data[i].name);
		json_key(&j, "path");
		json_string(&j, r->job->data[i].path);
		json_key(&j, "sha256");
		json_string(&j, l->rep.sha256);
		json_key(&j, "rows");
		json_integer(&j, (long long)l->t->nrows);
		json_key(&j, "delimiter");
		json_string(&j, l->rep.delimiter == '\t' ? "tab" : l->rep.delimiter == ';' ? ";" : ",");
		json_key(&j, "decimal");
		json_string(&j, l->rep.decimal == ',' ? "," : ".");
		json_key(&j, "encoding");
		json_string(&j, l->rep.encoding);
		json_key(&j, "warnings");
		json_begin_array(&j);
		for (size_t k = 0; k < l->rep.warnings.n; k++)
			json_string(&j, l->rep.warnings.items[k]);
		json_end_array(&j);
		json_key(&j, "load_seconds");
		json_number(&j, round(l->seconds * 1e4) / 1e4);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_key(&j, "analyses");
	json_begin_array(&j);
	for (size_t i = 0; i < r->ninst; i++) {
		const struct instance *in = &r->inst[i];

		json_begin_object(&j);
		json_key(&j, "name");
		json_string(&j, r->job->an[in->an].name);
		json_key(&j, "value");
		json_string(&j, in->value);
		json_key(&j, "provenance");
		result_json_provenance(in->rs, &j);
		json_key(&j, "seconds");
		json_number(&j, round(in->seconds * 1e4) / 1e4);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_key(&j, "seconds");
	json_number(&j, round(seconds * 1e4) / 1e4);
	json_end_object(&j);
	json_finish(&j);
	g_free(sha);
	return runfolder_close(rf, fp, d);
}

static void run_free(struct run *r)
{
	for (size_t i = 0; i < r->ninst; i++) {
		g_free(r->inst[i].value);
		g_free(r->inst[i].slug);
		g_free(r->inst[i].stem);
		g_free(r->inst[i].renders);
		result_set_free(r->inst[i].rs);
		chart_set_release(&r->inst[i].charts);
	}
	g_strfreev(r->sources);
	g_free(r->chart_dir);
	g_free(r->chart_final);
	g_free(r->inst);
	if (r->data)
		for (size_t i = 0; i < r->job->ndata; i++) {
			table_free(r->data[i].t);
			load_report_release(&r->data[i].rep);
		}
	g_free(r->data);
	g_mutex_clear(&r->lock);
	g_cond_clear(&r->idle);
}

/*
 * main() keeps every thread on one malloc arena, so that the large arrays
 * one worker frees are reused by the next instead of being faulted in
 * afresh. For small data that saves nothing, while the chart renderers,
 * which allocate in small pieces, would wait on the arena's lock (7000
 * futex calls in a run on 10 000 rows): there each thread gets its own.
 * Called before the run starts any thread.
 */
#define SMALL_DATA_BYTES (64u << 20)

static void memory_for(const struct job *job, int jobs)
{
	guint64 bytes = 0;

	for (size_t i = 0; i < job->ndata; i++) {
		GStatBuf st;

		if (g_stat(job->data[i].path, &st) == 0)
			bytes += (guint64)st.st_size;
	}
	if (bytes < SMALL_DATA_BYTES)
		mallopt(M_ARENA_MAX, jobs + 1);
}

/* The job draws charts or a PDF report. */
static int job_draws(const struct job *job)
{
	for (size_t i = 0; i < job->nan; i++)
		if (job->an[i].charts)
			return 1;
	return job->report_pdf != NULL;
}

/* Every analysis succeeded (their charts may still be drawing). */
static int analyses_ok(const struct run *r)
{
	for (size_t i = 0; i < r->ninst; i++)
		if (r->inst[i].status)
			return 0;
	return 1;
}

/* Runs one job into out_dir. Returns the exit status (errors printed). */
static int run_job(struct job *job, const char *out_dir, int jobs, int quiet,
		   const char *const *argv)
{
	struct run r;
	struct diag d;
	struct runfolder *rf = NULL;
	double t0 = now();
	int status = 0;
	size_t tables = 0, charts = 0;
	GThread *fonts = NULL;
	struct diag wd;
	int written = 0; /* results: 1 written while charts were drawn, -1 failed (wd) */

	memset(&r, 0, sizeof r);
	g_mutex_init(&r.lock);
	g_cond_init(&r.idle);
	r.job = job;
	r.progress = !quiet && isatty(2);
	diag_init(&d);
	chart_locale_from_name(job->locale, &r.chart_opts.locale);
	r.sources = g_new0(char *, job->ndata + 1);
	for (size_t i = 0; i < job->ndata; i++)
		r.sources[i] = g_path_get_basename(job->data[i].path);
	memory_for(job, jobs);
	/* the fonts are read while the data loads, when anything is drawn */
	if (job_draws(job))
		fonts = render_fonts_prepare();
	if (load_data(&r, &d) < 0 || plan(&r, &d) < 0 || !(rf = runfolder_begin(out_dir, &d))) {
		status = cli_fail(NULL, &d);
		goto out;
	}
	render_opts_init(&r.ro);
	r.chart_dir = g_build_filename(runfolder_tmp(rf), "charts", NULL);
	r.chart_final = g_build_filename(out_dir, "charts", NULL);
	if (jobs <= 1) {
		for (size_t i = 0; i < r.ninst; i++)
			run_instance(&r.inst[i], &r);
	} else {
		r.pool = g_thread_pool_new(run_task, &r, jobs, TRUE, NULL);
		g_mutex_lock(&r.lock);
		r.pending = r.ninst;
		for (size_t i = 0; i < r.ninst; i++) {
			r.inst[i].self.in = &r.inst[i];
			r.inst[i].self.chart = -1;
			g_thread_pool_push(r.pool, &r.inst[i].self, NULL);
		}
		/* once every analysis is done, their results are written while
		 * the charts are still being drawn */
		while (r.done < r.ninst)
			g_cond_wait(&r.idle, &r.lock);
		g_mutex_unlock(&r.lock);
		if (analyses_ok(&r)) {
			diag_init(&wd);
			written = write_results(&r, rf, &wd) < 0 || write_results_json(&r, rf, &wd) < 0
					  ? -1 : 1;
		}
		/* the analyses push their charts: done when nothing is pending */
		g_mutex_lock(&r.lock);
		while (r.pending)
			g_cond_wait(&r.idle, &r.lock);
		g_mutex_unlock(&r.lock);
		g_thread_pool_free(r.pool, FALSE, TRUE);
		r.pool = NULL;
		/* the first chart that failed, in job order, as if drawn in turn */
		for (size_t i = 0; i < r.ninst; i++)
			for (size_t k = 0; k < r.inst[i].nrenders; k++)
				if (r.inst[i].renders[k].failed) {
					chart_failed(&r, &r.inst[i], &r.inst[i].renders[k].d);
					break;
				}
	}
	if (r.progress)
		fputs("\r\033[K", stderr);
	/* the first failing analysis (in job order) decides, whatever the threads did */
	for (size_t i = 0; i < r.ninst; i++) {
		struct instance *in = &r.inst[i];
		const struct job_analysis *a = &job->an[in->an];

		if (!in->status)
			continue;
		{
			char *msg = g_strdup_printf("[analysis %s]%s%s%s: %s", a->name,
						    in->value ? " (" : "", in->value ? in->value : "",
						    in->value ? ")" : "", in->d.message);

			g_strlcpy(in->d.message, msg, sizeof in->d.message);
			g_free(msg);
		}
		if (!in->d.path[0]) {
			diag_set_path(&in->d, job->path);
			diag_set_line(&in->d, a->line, 0);
		}
		status = cli_fail(NULL, &in->d);
		goto out;
	}
	if (written < 0) {
		status = cli_fail(NULL, &wd);
		goto out;
	}
	if ((!written && (write_results(&r, rf, &d) < 0 || write_results_json(&r, rf, &d) < 0)) ||
	    write_report(&r, rf, &d) < 0 ||
	    write_run_json(&r, rf, argv, jobs, now() - t0, &d) < 0 ||
	    runfolder_commit(rf, &d) < 0) {
		status = cli_fail(NULL, &d);
		goto out;
	}
	for (size_t i = 0; i < r.ninst; i++) {
		const struct job_analysis *a = &job->an[r.inst[i].an];

		for (size_t k = 0; a->charts && a->charts[k]; k++) {
			int drawn = 0;

			for (size_t c = 0; c < r.inst[i].charts.n; c++)
				drawn |= g_str_has_suffix(r.inst[i].charts.items[c].name, a->charts[k]);
			if (!drawn)
				warnings_add(result_set_warnings(r.inst[i].rs), "chart '%s' is not one "
					     "that method '%s' draws with these options", a->charts[k],
					     a->method);
		}
	}
	for (size_t i = 0; i < r.ninst; i++) {
		const struct warnings *w = result_set_warnings(r.inst[i].rs);

		tables += result_set_count(r.inst[i].rs);
		charts += r.inst[i].charts.n * g_strv_length(job->formats);
		for (size_t k = 0; k < w->n && !quiet; k++)
			fprintf(stderr, "%s: warning: [analysis %s]%s%s%s %s\n", diag_progname(),
				job->an[r.inst[i].an].name, r.inst[i].value ? " (" : "",
				r.inst[i].value ? r.inst[i].value : "", r.inst[i].value ? ")" : "",
				w->items[k]);
	}
	if (!quiet)
		fprintf(stderr, "%s: %s: %zu analyses, %zu tables, %zu charts in %.2f s -> %s\n",
			diag_progname(), job->path, r.ninst, tables, charts, now() - t0, out_dir);
out:
	render_fonts_wait(fonts);
	runfolder_abort(rf);
	run_free(&r);
	return status;
}

int cmd_run(struct cli_ctx *cx, int argc, char **argv)
{
	char *output = NULL, *formats = NULL, *locale = NULL;
	int jobs = 0;
	gboolean quiet = FALSE;
	GOptionEntry entries[] = {
		{ "output", 0, 0, G_OPTION_ARG_FILENAME, &output,
		  "Run folder (overrides the job's output)", "DIR" },
		{ "format", 0, 0, G_OPTION_ARG_FILENAME, &formats,
		  "Chart formats, comma-separated: png, pdf, svg (overrides the job's formats)",
		  "LIST" },
		{ "locale", 0, 0, G_OPTION_ARG_FILENAME, &locale,
		  "Numbers and words in charts and reports: en or tr (overrides the job's locale)",
		  "LOC" },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
		  "Analyses run in parallel (default: the number of cores)", "N" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only errors", NULL },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx = g_option_context_new("JOB.ini [JOB.ini...]");
	gchar **args;
	int status = 0;

	g_option_context_set_summary(octx,
		"Runs job files: loads the data they name, runs every analysis (once per value\n"
		"of a foreach column), and writes the run folder: results/*.csv, results.json\n"
		"and run.json. The folder appears complete or not at all; a previous run in it\n"
		"is replaced only when the new one is complete.");
	g_option_context_add_main_entries(octx, entries, NULL);
	args = cli_parse(cx, octx, "run", argc, argv, &status);
	if (!args)
		goto done;
	if (g_strv_length(args) < 2) {
		status = cli_usage_error(cx, "run", "expected at least one JOB file");
		goto done;
	}
	if (jobs < 0 || jobs > 256) {
		status = cli_usage_error(cx, "run", "--jobs: expected 1 to 256, got %d", jobs);
		goto done;
	}
	if (jobs == 0)
		jobs = (int)g_get_num_processors();
	if (output && g_strv_length(args) > 2) {
		status = cli_usage_error(cx, "run", "--output takes one JOB file; give each job its "
					 "own output in its [job] group");
		goto done;
	}
	if (locale && strcmp(locale, "en") && strcmp(locale, "tr")) {
		status = cli_usage_error(cx, "run", "--locale: expected en or tr, got '%s'", locale);
		goto done;
	}
	if (formats) {
		char **f = g_strsplit(formats, ",", -1);

		for (size_t i = 0; f[i]; i++)
			if (strcmp(f[i], "png") && strcmp(f[i], "pdf") && strcmp(f[i], "svg")) {
				status = cli_usage_error(cx, "run", "--format: unknown format '%s'; use "
							 "png, pdf or svg", f[i]);
				g_strfreev(f);
				goto done;
			}
		g_strfreev(f);
	}
	for (size_t i = 1; args[i] && !status; i++) {
		struct job_errors errs;
		struct diag d;
		struct job *job;
		const char *out;

		job_errors_init(&errs);
		diag_init(&d);
		job = job_load(args[i], &errs, &d);
		if (!job) {
			if (errs.n) {
				job_errors_print(&errs, stderr);
				status = DIAG_USAGE;
			} else {
				status = cli_fail(NULL, &d);
			}
			job_errors_release(&errs);
			break;
		}
		job_errors_release(&errs);
		if (formats) {
			g_strfreev(job->formats);
			job->formats = g_strsplit(formats, ",", -1);
		}
		if (locale) {
			g_free(job->locale);
			job->locale = g_strdup(locale);
		}
		out = output ? output : job->output;
		if (!out) {
			status = cli_usage_error(cx, "run", "%s: no output folder: set 'output' in [job] "
						 "or give --output", args[i]);
		} else {
			status = run_job(job, out, jobs, quiet, (const char *const *)argv);
		}
		job_free(job);
	}
done:
	g_strfreev(args);
	g_free(output);
	g_free(formats);
	g_free(locale);
	g_option_context_free(octx);
	return status;
}

/* The default job: found beside the working folder, beside the program
 * (build/ in a source tree) or where `make install` puts it. */
static char *find_demo_job(const char *argv0)
{
	const char *rel = "datasets/jobs/pilot-provinces.ini";
	char *exe = g_file_read_link("/proc/self/exe", NULL);
	char *dir = exe ? g_path_get_dirname(exe) : g_strdup(".");
	char *candidates[3];
	char *found = NULL;

	(void)argv0;
	candidates[0] = g_strdup(rel);
	candidates[1] = g_build_filename(dir, "..", rel, NULL);
	candidates[2] = g_build_filename(dir, "..", "share", "clusterbench", rel, NULL);
	for (int i = 0; i < 3; i++) {
		if (!found && g_file_test(candidates[i], G_FILE_TEST_IS_REGULAR))
			found = g_strdup(candidates[i]);
		g_free(candidates[i]);
	}
	g_free(dir);
	g_free(exe);
	return found;
}

int cmd_demo(struct cli_ctx *cx, int argc, char **argv)
{
	char *output = NULL;
	gboolean quiet = FALSE;
	GOptionEntry entries[] = {
		{ "output", 0, 0, G_OPTION_ARG_FILENAME, &output,
		  "Run folder (default: the job's, plots/pilot-provinces)", "DIR" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only errors", NULL },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx = g_option_context_new(NULL);
	gchar **args;
	char *job = NULL;
	int status = 0;

	g_option_context_set_summary(octx,
		"Runs the default job, datasets/jobs/pilot-provinces.ini, on the datasets that\n"
		"come with clusterbench (same as 'clusterbench run' on that file).");
	g_option_context_add_main_entries(octx, entries, NULL);
	args = cli_parse(cx, octx, "demo", argc, argv, &status);
	if (!args)
		goto done;
	if (g_strv_length(args) != 1) {
		status = cli_usage_error(cx, "demo", "takes no arguments");
		goto done;
	}
	job = find_demo_job(argv[0]);
	if (!job) {
		struct diag d;

		diag_init(&d);
		diag_set(&d, DIAG_IO, "cannot find datasets/jobs/pilot-provinces.ini; run it from "
			 "the source folder or install clusterbench with 'make install'");
		status = cli_fail(cx, &d);
		goto done;
	}
	{
		char *run_argv[6];
		int n = 0;

		run_argv[n++] = (char *)"run";
		if (output) {
			run_argv[n++] = (char *)"--output";
			run_argv[n++] = output;
		}
		if (quiet)
			run_argv[n++] = (char *)"--quiet";
		run_argv[n++] = job;
		run_argv[n] = NULL;
		status = cmd_run(cx, n, run_argv);
	}
done:
	g_free(job);
	g_strfreev(args);
	g_free(output);
	g_option_context_free(octx);
	return status;
}
