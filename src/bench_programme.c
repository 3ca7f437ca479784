/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench_programme: target attainment and difference-in-differences on a unit x time panel. */
#include "clusterbench/bench_programme.h"

#include <glib.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/model.h"
#include "clusterbench/numparse.h"

/* ------------------------------------------------------------ helpers */

/* Neumaier's compensated sum of x[0..n). */
static double sum_compensated(const double *x, size_t n)
{
	double s = 0, c = 0;

	for (size_t i = 0; i < n; i++) {
		double t = s + x[i];

		if (fabs(s) >= fabs(x[i]))
			c += (s - t) + x[i];
		else
			c += (x[i] - t) + s;
		s = t;
	}
	return s + c;
}

/* Text of cell (col, r) for messages: the category text, or the number in
 * shortest form; "" when missing. buf holds NUM_FORMAT_SIZE bytes. */
static const char *cell_text(const struct table *t, size_t col, size_t r, char *buf)
{
	const struct column *c = &t->cols[col];

	buf[0] = '\0';
	if (col_type_is_numeric(c->type)) {
		if (!isnan(column_value(c, r)))
			num_format(column_value(c, r), buf, NUM_FORMAT_SIZE);
		return buf;
	}
	return c->code[r] >= 0 ? c->dict.values[c->code[r]] : "";
}

/* Error about one row: path and line of the table, then the message. */
static int row_error(struct diag *d, const struct table *t, size_t r, const char *column,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int row_error(struct diag *d, const struct table *t, size_t r, const char *column,
		     const char *fmt, ...)
{
	va_list ap;

	if (diag_failed(d))
		return -1;
	va_start(ap, fmt);
	diag_setv(d, DIAG_DATA, fmt, ap);
	va_end(ap);
	if (t->source)
		diag_set_path(d, t->source);
	diag_set_line(d, table_row_line(t, r), 0);
	if (column)
		diag_set_column(d, column);
	return -1;
}

/* The duplicate (id, time) error in the words of `validate`. r1 < r2. */
static int duplicate_error(struct diag *d, const struct table *t, size_t idcol, size_t timecol,
			   size_t r1, size_t r2)
{
	char b1[NUM_FORMAT_SIZE], b2[NUM_FORMAT_SIZE];

	return row_error(d, t, r2, NULL, "duplicate row for %s '%s', %s %s: lines %llu and %llu",
			 t->cols[idcol].name, cell_text(t, idcol, r2, b1), t->cols[timecol].name,
			 cell_text(t, timecol, r2, b2), table_row_line(t, r1),
			 table_row_line(t, r2));
}

/* Adds `name` to the reason list `why` once ("; "-separated). */
static void why_add(GString *why, const char *name)
{
	if (!name || strstr(why->str, name))
		return;
	g_string_append_printf(why, "%s%s", why->len ? "; " : "", name);
}

static void set_num(struct result_table *rt, size_t row, const char *col, double v)
{
	long c = result_find_column(rt, col);

	if (c >= 0)
		result_set_number(rt, row, (size_t)c, v);
}

static void set_int(struct result_table *rt, size_t row, const char *col, long long v)
{
	long c = result_find_column(rt, col);

	if (c >= 0)
		result_set_integer(rt, row, (size_t)c, v);
}

static void set_text(struct result_table *rt, size_t row, const char *col, const char *s)
{
	long c = result_find_column(rt, col);

	if (c >= 0)
		result_set_text(rt, row, (size_t)c, s);
}

/* "s" unless n is 1, for counts in warnings. */
static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* "+20 %" style text of a fraction, for notes. */
static void format_percent(double v, char *buf, size_t size)
{
	char num[RESULT_NUM_SIZE];

	result_format_number(100 * v, num, sizeof num);
	snprintf(buf, size, "%s%s %%", v > 0 ? "+" : "", num);
}

/* ------------------------------------------------------------ parsing */

int bench_parse_target(const char *text, double *target, struct diag *d)
{
	size_t len = text ? strlen(text) : 0;
	int pct = 0;
	double v;

	if (len && text[len - 1] == '%') {
		pct = 1;
		len--;
		while (len && text[len - 1] == ' ')
			len--;
	}
	if (!len || len > 64 || num_parse(text, len, '.', 0, &v, NULL) != NUM_OK)
		return diag_set(d, DIAG_USAGE, "expected a change like 20%%, +20%% or 0.2, got '%s'",
				text ? text : "");
	if (pct) {
		char buf[80];

		/* parse "20.1e-2" rather than divide 20.1 by 100: one rounding, so
		 * "20.1%" and "0.201" give the same double */
		if (!memchr(text, 'e', len) && !memchr(text, 'E', len)) {
			memcpy(buf, text, len);
			memcpy(buf + len, "e-2", 4);
			if (num_parse(buf, len + 3, '.', 0, &v, NULL) != NUM_OK)
				return diag_set(d, DIAG_USAGE, "expected a change like 20%%, got '%s'",
						text);
		} else {
			v /= 100;
		}
	} else if (fabs(v) >= 1) {
		return diag_set(d, DIAG_USAGE, "'%s' is ambiguous: write '%s%%' for a percentage, "
				"or a fraction below 1 such as 0.2", text, text);
	}
	if (!(v > -1))
		return diag_set(d, DIAG_USAGE, "'%s' is a change of -100 %% or less, which positive "
				"values cannot reach", text);
	*target = v;
	return 0;
}

void bench_wilson(size_t k, size_t n, double conf, double *lo, double *hi)
{
	double z, nn, p, z22n, root;

	*lo = *hi = NAN;
	if (n == 0 || k > n || !(conf > 0 && conf < 1))
		return;
	z = gsl_cdf_ugaussian_Qinv((1 - conf) / 2);
	nn = (double)n;
	p = (double)k / nn;
	z22n = z * z / (2 * nn);
	root = z * sqrt(p * (1 - p) / nn + z22n / (2 * nn));
	/* R's prop.test: the bounds are exactly 0 and 1 at k = 0 and k = n */
	*lo = k == 0 ? 0 : fmax(0, (p + z22n - root) / (1 + 2 * z22n));
	*hi = k == n ? 1 : fmin(1, (p + z22n + root) / (1 + 2 * z22n));
}

/* A --from/--to/time value resolved against the time column. */
struct time_value {
	double num;      /* numeric column */
	int32_t code;    /* category column */
};

static int resolve_time(const struct table *t, size_t col, const char *text, const char *what,
			struct time_value *tv, struct diag *d)
{
	const struct column *c = &t->cols[col];

	tv->num = NAN;
	tv->code = -1;
	if (!text || !*text)
		return diag_set(d, DIAG_USAGE, "%s: no value given", what);
	if (col_type_is_numeric(c->type)) {
		if (num_parse(text, strlen(text), '.', 0, &tv->num, NULL) != NUM_OK)
			return diag_set(d, DIAG_USAGE, "%s: '%s' is not a number, and '%s' is numeric",
					what, text, c->name);
		return 0;
	}
	tv->code = dict_find(&c->dict, text);
	if (tv->code < 0)
		return diag_set(d, DIAG_USAGE, "%s: value '%s' does not occur in column '%s'", what,
				text, c->name);
	return 0;
}

static int time_is(const struct column *c, size_t r, const struct time_value *tv)
{
	if (col_type_is_numeric(c->type))
		return column_value(c, r) == tv->num;
	return c->code[r] >= 0 && c->code[r] == tv->code;
}

/* Same by-values in rows a and b (missing equals missing). */
static int same_cell(const struct column *c, size_t a, size_t b)
{
	if (col_type_is_numeric(c->type)) {
		double x = column_value(c, a), y = column_value(c, b);

		return x == y || (isnan(x) && isnan(y));
	}
	return c->code[a] == c->code[b];
}

/* ------------------------------------------------------------ target */

/* Fills one `targets` row from the changes c[0..n) and the level sums. */
static int target_fill(struct result_table *rt, size_t row, double *c, const double *pre,
		       const double *post, size_t n, const struct target_opts *o, double *work,
		       struct diag *d)
{
	struct stats_desc s;
	GString *why = g_string_new(NULL);
	size_t reach = 0;
	double lo, hi, sum_pre, sum_post;
	double slack = 1e-12 * (1 + fabs(o->target));

	for (size_t i = 0; i < n; i++)
		if (c[i] >= o->target - slack)
			reach++;
	sum_pre = sum_compensated(pre, n);
	sum_post = sum_compensated(post, n);
	set_int(rt, row, "n_units", (long long)n);
	set_int(rt, row, "n_reaching", (long long)reach);
	set_num(rt, row, "target", o->target);
	set_num(rt, row, "share_reaching", (double)reach / (double)n);
	bench_wilson(reach, n, o->conf, &lo, &hi);
	set_num(rt, row, "share_ci_low", lo);
	set_num(rt, row, "share_ci_high", hi);
	set_num(rt, row, "ratio_of_means_change", sum_post / sum_pre - 1);
	if (o->boot) {
		if (n >= 2) {
			struct stats_boot b;

			if (stats_boot_percentile(c, n, stats_statistic_mean, NULL, o->boot, o->conf,
						  o->seed, NULL, &b, d) < 0) {
				g_string_free(why, TRUE);
				return -1;
			}
			set_num(rt, row, "boot_ci_low", b.ci_low);
			set_num(rt, row, "boot_ci_high", b.ci_high);
			why_add(why, b.why);
		}
	}
	/* stats_describe sorts work, not c (the bootstrap above wants file order) */
	if (stats_describe(c, n, o->conf, work, &s, d) < 0) {
		g_string_free(why, TRUE);
		return -1;
	}
	set_num(rt, row, "mean_change", s.mean);
	set_num(rt, row, "mean_ci_low", s.ci_low);
	set_num(rt, row, "mean_ci_high", s.ci_high);
	set_num(rt, row, "median_change", s.median);
	if (n < 2) {
		why_add(why, "n < 2: no interval or test");
	} else if (!(s.sd > 0)) {
		why_add(why, "zero variance: no t test");
	} else {
		double tstat = (s.mean - o->target) / s.se;

		set_num(rt, row, "t_statistic", tstat);
		set_num(rt, row, "p_one_sided", stats_pt_upper(tstat, (double)(n - 1)));
	}
	if (why->len)
		set_text(rt, row, "note", why->str);
	g_string_free(why, TRUE);
	return 0;
}

int bench_target(const struct table *t, const struct target_opts *o,
		 const struct selection *sel, struct result_set *rs, struct diag *d)
{
	const struct column *vc, *tc;
	struct time_value tv_from, tv_to;
	struct groups units, gg;
	unsigned char *cand = NULL, *valid = NULL;
	double *chg = NULL, *xs = NULL, *pre = NULL, *post = NULL, *work = NULL;
	size_t n_from = 0, n_to = 0, n_one = 0, n_miss = 0, n_nonpos = 0, n_valid = 0;
	size_t n_moved = 0;
	struct result_table *rt;
	char pct[64];
	int rc = -1;

	memset(&units, 0, sizeof units);
	memset(&gg, 0, sizeof gg);
	vc = &t->cols[o->value];
	tc = &t->cols[o->time];
	if (!col_type_is_numeric(vc->type))
		return diag_set(d, DIAG_USAGE, "the value column '%s' is %s, not numeric", vc->name,
				col_type_name(vc->type));
	if (!(o->conf > 0 && o->conf < 1))
		return diag_set(d, DIAG_USAGE, "the confidence level must lie in (0, 1), got %g",
				o->conf);
	if (o->boot == 1)
		return diag_set(d, DIAG_USAGE, "the bootstrap needs at least 2 replicates, got 1");
	if (!(o->target > -1) || !isfinite(o->target))
		return diag_set(d, DIAG_USAGE, "the target must be a change above -100 %%");
	if (resolve_time(t, o->time, o->from, "--from", &tv_from, d) < 0 ||
	    resolve_time(t, o->time, o->to, "--to", &tv_to, d) < 0)
		return -1;
	if (col_type_is_numeric(tc->type) ? tv_from.num == tv_to.num : tv_from.code == tv_to.code)
		return diag_set(d, DIAG_USAGE, "--from and --to are the same period '%s'", o->from);

	cand = g_new0(unsigned char, t->nrows ? t->nrows : 1);
	for (size_t r = 0; r < t->nrows; r++) {
		if (sel && sel->keep && !sel->keep[r])
			continue;
		if (time_is(tc, r, &tv_from)) {
			cand[r] = 1;
			n_from++;
		} else if (time_is(tc, r, &tv_to)) {
			cand[r] = 1;
			n_to++;
		}
	}
	if (!n_from || !n_to) {
		diag_set(d, DIAG_DATA, "no selected rows have %s %s", tc->name,
			 n_from ? o->to : o->from);
		if (t->source)
			diag_set_path(d, t->source);
		goto out;
	}
	if (table_group(t, &o->id, 1, cand, &units, d) < 0)
		goto out;
	if (units.dropped)
		warnings_add(result_set_warnings(rs), "%zu row%s at %s %s or %s without '%s' left out",
			     units.dropped, plural(units.dropped), tc->name, o->from, o->to, t->cols[o->id].name);

	/* per unit: its baseline and end rows; change and end value are kept at the
	 * baseline row */
	valid = g_new0(unsigned char, t->nrows ? t->nrows : 1);
	chg = g_new(double, t->nrows ? t->nrows : 1);
	post = g_new(double, t->nrows ? t->nrows : 1);
	for (size_t u = 0; u < units.ngroups; u++) {
		size_t rpre = SIZE_MAX, rpost = SIZE_MAX;

		for (size_t i = units.start[u]; i < units.start[u + 1]; i++) {
			size_t r = units.rows[i];
			size_t *slot = time_is(tc, r, &tv_from) ? &rpre : &rpost;

			if (*slot != SIZE_MAX) {
				duplicate_error(d, t, o->id, o->time, *slot, r);
				goto out;
			}
			*slot = r;
		}
		if (rpre == SIZE_MAX || rpost == SIZE_MAX) {
			n_one++;
		} else if (isnan(column_value(vc, rpre)) || isnan(column_value(vc, rpost))) {
			n_miss++;
		} else if (!(column_value(vc, rpre) > 0)) {
			n_nonpos++;
		} else {
			double before = column_value(vc, rpre);

			valid[rpre] = 1;
			chg[rpre] = (column_value(vc, rpost) - before) / before;
			post[rpre] = column_value(vc, rpost);
			n_valid++;
			for (size_t b = 0; b < o->nby; b++)
				if (!same_cell(&t->cols[o->by[b]], rpre, rpost)) {
					n_moved++;
					break;
				}
		}
	}
	if (!n_valid) {
		diag_set(d, DIAG_DATA, "no unit has '%s' at both %s %s and %s with a positive "
			 "baseline (%zu units: %zu in one period only, %zu with a missing value, "
			 "%zu with a baseline <= 0)", vc->name, tc->name, o->from, o->to,
			 units.ngroups, n_one, n_miss, n_nonpos);
		if (t->source)
			diag_set_path(d, t->source);
		goto out;
	}
	if (n_one + n_miss + n_nonpos) {
		GString *w = g_string_new(NULL);

		if (n_one)
			g_string_append_printf(w, "%zu observed at only one of %s %s and %s", n_one,
					       tc->name, o->from, o->to);
		if (n_miss)
			g_string_append_printf(w, "%s%zu with '%s' missing in a period",
					       w->len ? ", " : "", n_miss, vc->name);
		if (n_nonpos)
			g_string_append_printf(w, "%s%zu with '%s' <= 0 at %s %s", w->len ? ", " : "",
					       n_nonpos, vc->name, tc->name, o->from);
		warnings_add(result_set_warnings(rs), "%zu of %zu units left out of the target "
			     "analysis: %s", n_one + n_miss + n_nonpos, units.ngroups, w->str);
		g_string_free(w, TRUE);
	}
	if (n_moved)
		warnings_add(result_set_warnings(rs), "%zu unit%s changed group between %s %s and "
			     "%s; grouped by the %s value", n_moved, plural(n_moved), tc->name, o->from,
			     o->to, o->from);

	rt = result_set_add(rs, "targets");
	if (o->nby == 0)
		result_add_column(rt, "group", RT_TEXT);
	for (size_t b = 0; b < o->nby; b++)
		result_add_column(rt, t->cols[o->by[b]].name, RT_TEXT);
	{
		static const struct {
			const char *name;
			enum rtype type;
			int boot;
		} cols[] = {
			{ "from", RT_TEXT, 0 }, { "to", RT_TEXT, 0 }, { "n_units", RT_INTEGER, 0 },
			{ "mean_change", RT_NUMBER, 0 }, { "mean_ci_low", RT_NUMBER, 0 },
			{ "mean_ci_high", RT_NUMBER, 0 }, { "boot_ci_low", RT_NUMBER, 1 },
			{ "boot_ci_high", RT_NUMBER, 1 }, { "median_change", RT_NUMBER, 0 },
			{ "n_reaching", RT_INTEGER, 0 }, { "share_reaching", RT_NUMBER, 0 },
			{ "share_ci_low", RT_NUMBER, 0 }, { "share_ci_high", RT_NUMBER, 0 },
			{ "target", RT_NUMBER, 0 }, { "t_statistic", RT_NUMBER, 0 },
			{ "p_one_sided", RT_PVALUE, 0 }, { "ratio_of_means_change", RT_NUMBER, 0 },
			{ "note", RT_TEXT, 0 },
		};

		for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
			if (!cols[i].boot || o->boot)
				result_add_column(rt, cols[i].name, cols[i].type);
	}

	xs = g_new(double, n_valid);
	pre = g_new(double, n_valid);
	work = g_new(double, n_valid);
	{
		double *pv = g_new(double, n_valid);
		size_t n = 0, row;

		/* the "all" row: every valid unit in file order of its baseline row */
		for (size_t r = 0; r < t->nrows; r++)
			if (valid[r]) {
				xs[n] = chg[r];
				pre[n] = column_value(vc, r);
				pv[n] = post[r];
				n++;
			}
		row = result_add_row(rt);
		for (size_t b = 0; b < (o->nby ? o->nby : 1); b++)
			result_set_text(rt, row, b, "all");
		set_text(rt, row, "from", o->from);
		set_text(rt, row, "to", o->to);
		if (target_fill(rt, row, xs, pre, pv, n, o, work, d) < 0) {
			g_free(pv);
			goto out;
		}
		if (o->nby) {
			if (table_group(t, o->by, o->nby, valid, &gg, d) < 0) {
				g_free(pv);
				goto out;
			}
			for (size_t gi = 0; gi < gg.ngroups; gi++) {
				n = 0;
				for (size_t i = gg.start[gi]; i < gg.start[gi + 1]; i++) {
					size_t r = gg.rows[i];

					xs[n] = chg[r];
					pre[n] = column_value(vc, r);
					pv[n] = post[r];
					n++;
				}
				row = result_add_row(rt);
				for (size_t b = 0; b < o->nby; b++)
					result_set_text(rt, row, b, gg.labels[gi * o->nby + b]);
				set_text(rt, row, "from", o->from);
				set_text(rt, row, "to", o->to);
				if (target_fill(rt, row, xs, pre, pv, n, o, work, d) < 0) {
					g_free(pv);
					goto out;
				}
			}
			if (gg.dropped)
				warnings_add(result_set_warnings(rs), "%zu unit%s without a grouping "
					     "value at %s %s only in the 'all' row", gg.dropped,
					     plural(gg.dropped),
					     tc->name, o->from);
		}
		g_free(pv);
	}
	format_percent(o->target, pct, sizeof pct);
	if (sel && sel->where)
		result_table_note(rt, "rows where %s (%zu of %zu)", sel->where, sel->kept, t->nrows);
	result_table_note(rt, "units: %s with '%s' at %s %s and %s and a positive baseline",
			  t->cols[o->id].name, vc->name, tc->name, o->from, o->to);
	result_table_note(rt, "mean_change: mean over units of (x_%s - x_%s)/x_%s, the average "
			  "unit's gain; ratio_of_means_change: sum x_%s / sum x_%s - 1, the "
			  "aggregate gain weighted by baseline size (the figure programme reports "
			  "usually quote)", o->to, o->from, o->from, o->to, o->from);
	result_table_note(rt, "target %s; p_one_sided: t test of H0 mean change <= target; "
			  "share_ci: Wilson score interval; mean_ci: t interval; level %g %%",
			  pct, o->conf * 100);
	if (o->boot)
		result_table_note(rt, "boot_ci: percentile bootstrap of the mean change, %zu "
				  "resamples, seed %lu (the same for every row)", o->boot, o->seed);
	result_set_provenance_num(rs, "target", o->target);
	result_set_provenance(rs, "from", o->from);
	result_set_provenance(rs, "to", o->to);
	if (o->boot) {
		result_set_provenance_int(rs, "boot_replicates", (long long)o->boot);
		result_set_provenance_int(rs, "seed", (long long)o->seed);
	}
	rc = 0;
out:
	groups_release(&units);
	groups_release(&gg);
	g_free(cand);
	g_free(valid);
	g_free(chg);
	g_free(post);
	g_free(xs);
	g_free(pre);
	g_free(work);
	return rc;
}

/* ------------------------------------------------------------ difference-in-differences */

/* One used row of the DiD: its time, outcome, treatment, unit and file position. */
struct obs {
	double time, y;
	int treat;
	size_t unit, row;
};

static int obs_by_time_treat(const void *a, const void *b)
{
	const struct obs *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->treat != y->treat)
		return x->treat - y->treat;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int obs_by_time_row(const void *a, const void *b)
{
	const struct obs *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* Treated or control, as a word. */
static const char *group_word(int treat)
{
	return treat ? "treated" : "control";
}

/* Fills the `did` columns from an estimate with se on df (se NAN: none). */
static void did_estimate_row(struct result_table *rt, size_t row, double est, double se,
			     double df, double conf, int log)
{
	double tstat = NAN, p = NAN, lo = NAN, hi = NAN;

	if (se > 0 && df > 0) {
		double q = stats_qt_upper((1 - conf) / 2, df);

		tstat = est / se;
		p = stats_pt_two_sided(tstat, df);
		lo = est - q * se;
		hi = est + q * se;
	}
	set_num(rt, row, "estimate", est);
	set_num(rt, row, "se", se);
	set_num(rt, row, "t", tstat);
	set_num(rt, row, "df", df);
	set_num(rt, row, "p", p);
	set_num(rt, row, "ci_low", lo);
	set_num(rt, row, "ci_high", hi);
	if (log) {
		set_num(rt, row, "effect_percent", 100 * expm1(est));
		set_num(rt, row, "effect_ci_low", 100 * expm1(lo));
		set_num(rt, row, "effect_ci_high", 100 * expm1(hi));
	}
}

/* The parallel-trends table from the pre rows ob[0..n) sorted by time. */
static int did_pretrend(const struct table *t, const struct did_opts *o, const struct obs *ob,
			size_t n, size_t nunits, struct result_set *rs, struct diag *d)
{
	static const char *const names[] = { "group", "slope", "se", "t", "df", "p", "ci_low",
					     "ci_high", "n_obs", "n_units", "note" };
	static const char *const rows[] = { "control", "treated", "difference" };
	struct result_table *rt = result_set_add(rs, "did_pretrend");
	size_t ntimes = 0;
	double tmean;
	const char *why = NULL;
	char msg[DIAG_MESSAGE_MAX + 32];
	struct ols_fit *fit = NULL;
	double *x = NULL, *y = NULL;
	size_t *cl = NULL;
	int rc = 0;

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		result_add_column(rt, names[i], i == 0 || i == 10 ? RT_TEXT : i == 5 ? RT_PVALUE :
				  i >= 8 ? RT_INTEGER : RT_NUMBER);
	for (size_t i = 0; i < 3; i++) {
		size_t row = result_add_row(rt);

		result_set_text(rt, row, 0, rows[i]);
	}
	for (size_t i = 0; i < n; i++)
		if (i == 0 || ob[i].time != ob[i - 1].time)
			ntimes++;
	if (ntimes < 2) {
		why = "fewer than 2 pre-period times: no trend";
		goto done;
	}
	{
		double *tt = g_new(double, n);

		for (size_t i = 0; i < n; i++)
			tt[i] = ob[i].time;
		stats_mean_ssd(tt, n, &tmean, NULL);
		g_free(tt);
	}
	x = g_new(double, 3 * n);
	y = g_new(double, n);
	cl = g_new(size_t, n);
	for (size_t i = 0; i < n; i++) {
		/* centred time keeps the interaction column apart from treat; the
		 * slopes do not depend on the centre */
		x[i] = ob[i].time - tmean;
		x[n + i] = ob[i].treat;
		x[2 * n + i] = x[i] * ob[i].treat;
		y[i] = ob[i].y;
		cl[i] = ob[i].unit;
	}
	{
		const double *xs[3] = { x, x + n, x + 2 * n };
		struct diag local;

		diag_init(&local);
		fit = ols_fit(xs, 3, y, n, 1, OLS_CLUSTER, cl, nunits, o->conf, &local);
		if (!fit) {
			if (local.code == DIAG_INTERNAL) {
				*d = local;
				rc = -1;
				goto done;
			}
			snprintf(msg, sizeof msg, "no trend fit: %s", local.message);
			why = msg;
			goto done;
		}
	}
	{
		const double *v = fit->vcov;
		size_t k = fit->k;
		double slope[3], se[3];

		slope[0] = fit->beta[1];
		se[0] = fit->se[1];
		slope[1] = fit->beta[1] + fit->beta[3];
		se[1] = sqrt(fmax(0, v[1 * k + 1] + v[3 * k + 3] + 2 * v[1 * k + 3]));
		slope[2] = fit->beta[3];
		se[2] = fit->se[3];
		for (size_t i = 0; i < 3; i++) {
			double df = fit->df_t, q = stats_qt_upper((1 - o->conf) / 2, df);

			result_set_number(rt, i, 1, slope[i]);
			result_set_number(rt, i, 2, se[i]);
			if (se[i] > 0) {
				double tstat = slope[i] / se[i];

				result_set_number(rt, i, 3, tstat);
				result_set_number(rt, i, 5, stats_pt_two_sided(tstat, df));
				result_set_number(rt, i, 6, slope[i] - q * se[i]);
				result_set_number(rt, i, 7, slope[i] + q * se[i]);
			} else {
				result_set_text(rt, i, 10, "zero se: no test");
			}
			result_set_number(rt, i, 4, df);
			result_set_integer(rt, i, 8, (long long)fit->n);
			result_set_integer(rt, i, 9, (long long)fit->n_clusters);
		}
	}
done:
	if (why) {
		unsigned char *seen = g_new0(unsigned char, nunits ? nunits : 1);
		size_t nu = 0;

		for (size_t i = 0; i < n; i++)
			if (!seen[ob[i].unit]) {
				seen[ob[i].unit] = 1;
				nu++;
			}
		g_free(seen);
		for (size_t i = 0; i < 3; i++) {
			result_set_text(rt, i, 10, why);
			result_set_integer(rt, i, 8, (long long)n);
			result_set_integer(rt, i, 9, (long long)nu);
		}
	}
	result_table_note(rt, "parallel-trends check: OLS of %s%s%s on %s, %s and their product "
			  "over the pre-period rows, se cluster-robust by '%s'; difference = treated "
			  "slope - control slope (per unit of '%s')", o->log ? "ln(" : "",
			  t->cols[o->value].name, o->log ? ")" : "", t->cols[o->time].name,
			  t->cols[o->treat].name, t->cols[o->id].name, t->cols[o->time].name);
	ols_free(fit);
	g_free(x);
	g_free(y);
	g_free(cl);
	return rc;
}

int bench_did(const struct table *t, const struct did_opts *o, const struct selection *sel,
	      struct result_set *rs, struct diag *d)
{
	const struct column *vc = &t->cols[o->value], *tc = &t->cols[o->time];
	const struct column *trc = &t->cols[o->treat];
	unsigned char *cand = NULL;
	struct groups units;
	struct obs *ob = NULL, *pairbuf = NULL;
	size_t nob = 0, n_treat_missing = 0, n_y_missing = 0, n_y_nonpos = 0, n_time_missing = 0;
	size_t cell[2][2] = { { 0, 0 }, { 0, 0 } };
	double *x = NULL, *y = NULL, *dT = NULL, *dC = NULL;
	size_t *cl = NULL, nT = 0, nC = 0, n2x2_obs = 0, n_incomplete = 0, ntimes = 0;
	struct ols_fit *fit = NULL;
	struct result_table *rt, *tt;
	char pf[NUM_FORMAT_SIZE], prf[NUM_FORMAT_SIZE];
	int rc = -1;

	memset(&units, 0, sizeof units);
	if (!col_type_is_numeric(vc->type))
		return diag_set(d, DIAG_USAGE, "the value column '%s' is %s, not numeric", vc->name,
				col_type_name(vc->type));
	if (!col_type_is_numeric(tc->type))
		return diag_set(d, DIAG_USAGE, "the time column '%s' is %s, not numeric", tc->name,
				col_type_name(tc->type));
	if (!col_type_is_numeric(trc->type))
		return diag_set(d, DIAG_USAGE, "the treatment column '%s' is %s; it must hold 0 "
				"(control) and 1 (treated)", trc->name, col_type_name(trc->type));
	if (!(o->conf > 0 && o->conf < 1))
		return diag_set(d, DIAG_USAGE, "the confidence level must lie in (0, 1), got %g",
				o->conf);
	if (!isfinite(o->post_from))
		return diag_set(d, DIAG_USAGE, "the first post-period time must be a number");
	if (!isnan(o->pre_from) && !(o->pre_from < o->post_from))
		return diag_set(d, DIAG_USAGE, "--pre-from %g is not before --post-from %g",
				o->pre_from, o->post_from);
	num_format(o->post_from, pf, sizeof pf);
	if (!isnan(o->pre_from))
		num_format(o->pre_from, prf, sizeof prf);

	cand = g_new0(unsigned char, t->nrows ? t->nrows : 1);
	for (size_t r = 0; r < t->nrows; r++) {
		if (sel && sel->keep && !sel->keep[r])
			continue;
		if (isnan(column_value(tc, r))) {
			n_time_missing++;
			continue;
		}
		if (!isnan(o->pre_from) && column_value(tc, r) < o->pre_from)
			continue;
		cand[r] = 1;
	}
	if (table_group(t, &o->id, 1, cand, &units, d) < 0)
		goto out;
	if (units.dropped)
		warnings_add(result_set_warnings(rs), "%zu row%s without '%s' left out", units.dropped,
			     plural(units.dropped),
			     t->cols[o->id].name);
	if (n_time_missing)
		warnings_add(result_set_warnings(rs), "%zu row%s without '%s' left out",
			     n_time_missing, plural(n_time_missing), tc->name);

	/* per unit: unique times, a fixed 0/1 treatment; collect the usable rows */
	ob = g_new(struct obs, t->nrows ? t->nrows : 1);
	pairbuf = g_new(struct obs, t->nrows ? t->nrows : 1);
	for (size_t u = 0; u < units.ngroups; u++) {
		size_t m = 0, first_treat = SIZE_MAX;

		for (size_t i = units.start[u]; i < units.start[u + 1]; i++) {
			size_t r = units.rows[i];
			double tr = column_value(trc, r);

			pairbuf[m].time = column_value(tc, r);
			pairbuf[m].row = r;
			m++;
			if (isnan(tr))
				continue;
			if (tr != 0 && tr != 1) {
				char b[NUM_FORMAT_SIZE];

				num_format(tr, b, sizeof b);
				row_error(d, t, r, trc->name, "the treatment must be 0 or 1, got %s", b);
				goto out;
			}
			if (first_treat == SIZE_MAX) {
				first_treat = r;
			} else if (column_value(trc, first_treat) != tr) {
				char b[NUM_FORMAT_SIZE];

				row_error(d, t, r, trc->name, "the treatment changes within %s '%s' "
					  "(lines %llu and %llu); it must be fixed per unit",
					  t->cols[o->id].name, cell_text(t, o->id, r, b),
					  table_row_line(t, first_treat), table_row_line(t, r));
				goto out;
			}
		}
		qsort(pairbuf, m, sizeof *pairbuf, obs_by_time_row);
		for (size_t i = 1; i < m; i++)
			if (pairbuf[i].time == pairbuf[i - 1].time) {
				duplicate_error(d, t, o->id, o->time, pairbuf[i - 1].row, pairbuf[i].row);
				goto out;
			}
		for (size_t i = units.start[u]; i < units.start[u + 1]; i++) {
			size_t r = units.rows[i];
			double v = column_value(vc, r);

			if (isnan(column_value(trc, r))) {
				n_treat_missing++;
				continue;
			}
			if (isnan(v)) {
				n_y_missing++;
				continue;
			}
			if (o->log && !(v > 0)) {
				n_y_nonpos++;
				continue;
			}
			ob[nob].time = column_value(tc, r);
			ob[nob].y = o->log ? log(v) : v;
			ob[nob].treat = column_value(trc, r) == 1;
			ob[nob].unit = u;
			ob[nob].row = r;
			cell[ob[nob].treat][ob[nob].time >= o->post_from]++;
			nob++;
		}
	}
	if (n_y_missing)
		warnings_add(result_set_warnings(rs), "%zu row%s with '%s' missing left out",
			     n_y_missing, plural(n_y_missing), vc->name);
	if (n_y_nonpos)
		warnings_add(result_set_warnings(rs), "%zu row%s with '%s' <= 0 left out (no "
			     "logarithm)", n_y_nonpos, plural(n_y_nonpos), vc->name);
	if (n_treat_missing)
		warnings_add(result_set_warnings(rs), "%zu row%s with '%s' missing left out",
			     n_treat_missing, plural(n_treat_missing), trc->name);
	for (int g = 0; g < 2; g++)
		for (int p = 0; p < 2; p++)
			if (!cell[g][p]) {
				diag_set(d, DIAG_DATA, "no usable rows of the %s units (%s = %d) %s "
					 "(%s %s %s)", group_word(g), trc->name, g,
					 p ? "in the post period" : "in the pre period", tc->name,
					 p ? ">=" : "<", pf);
				if (t->source)
					diag_set_path(d, t->source);
				goto out;
			}

	/* regression form on every usable row, clustered by unit */
	if (nob <= 4) {
		diag_set(d, DIAG_DATA, "difference-in-differences needs more than 4 usable rows "
			 "(one per coefficient of the regression), got %zu", nob);
		if (t->source)
			diag_set_path(d, t->source);
		goto out;
	}
	x = g_new(double, 3 * nob);
	y = g_new(double, nob);
	cl = g_new(size_t, nob);
	for (size_t i = 0; i < nob; i++) {
		double post = ob[i].time >= o->post_from;

		x[i] = ob[i].treat;
		x[nob + i] = post;
		x[2 * nob + i] = ob[i].treat * post;
		y[i] = ob[i].y;
		cl[i] = ob[i].unit;
	}
	{
		const double *xs[3] = { x, x + nob, x + 2 * nob };

		fit = ols_fit(xs, 3, y, nob, 1, OLS_CLUSTER, cl, units.ngroups, o->conf, d);
		if (!fit) {
			if (d && d->code == DIAG_DATA) {
				char *msg = g_strdup_printf("difference-in-differences: %s",
							    d->message);

				g_strlcpy(d->message, msg, sizeof d->message);
				g_free(msg);
			}
			goto out;
		}
	}

	/* 2x2 over units: each unit's pre and post means (ob is in unit order) */
	dT = g_new(double, units.ngroups ? units.ngroups : 1);
	dC = g_new(double, units.ngroups ? units.ngroups : 1);
	{
		size_t *seen = g_new0(size_t, units.ngroups ? units.ngroups : 1);
		double tprev = NAN;

		/* distinct times among the usable rows, and rows per unit */
		{
			double *tv = g_new(double, nob);

			for (size_t i = 0; i < nob; i++) {
				tv[i] = ob[i].time;
				seen[ob[i].unit]++;
			}
			stats_sort(tv, nob);
			for (size_t i = 0; i < nob; i++)
				if (i == 0 || tv[i] != tprev) {
					ntimes++;
					tprev = tv[i];
				}
			g_free(tv);
		}
		for (size_t i = 0; i < nob;) {
			size_t u = ob[i].unit, j = i;
			double s[2] = { 0, 0 }, c[2] = { 0, 0 };

			for (; j < nob && ob[j].unit == u; j++) {
				int p = ob[j].time >= o->post_from;

				s[p] += ob[j].y;
				c[p]++;
			}
			if (c[0] > 0 && c[1] > 0) {
				double ch = s[1] / c[1] - s[0] / c[0];

				if (ob[i].treat)
					dT[nT++] = ch;
				else
					dC[nC++] = ch;
				n2x2_obs += j - i;
			}
			i = j;
		}
		for (size_t u = 0; u < units.ngroups; u++)
			if (seen[u] && seen[u] != ntimes)
				n_incomplete++;
		g_free(seen);
	}

	rt = result_set_add(rs, "did");
	{
		static const struct {
			const char *name;
			enum rtype type;
		} cols[] = {
			{ "method", RT_TEXT }, { "estimate", RT_NUMBER }, { "se", RT_NUMBER },
			{ "t", RT_NUMBER }, { "df", RT_NUMBER }, { "p", RT_PVALUE },
			{ "ci_low", RT_NUMBER }, { "ci_high", RT_NUMBER },
			{ "effect_percent", RT_NUMBER }, { "effect_ci_low", RT_NUMBER },
			{ "effect_ci_high", RT_NUMBER }, { "n_obs", RT_INTEGER },
			{ "n_units", RT_INTEGER }, { "n_clusters", RT_INTEGER }, { "note", RT_TEXT },
		};

		for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
			result_add_column(rt, cols[i].name, cols[i].type);
	}
	{
		size_t row = result_add_row(rt);
		double mT = NAN, mC = NAN, est;
		const char *why = NULL;

		result_set_text(rt, row, 0, "means_2x2");
		if (nT)
			stats_mean_ssd(dT, nT, &mT, NULL);
		if (nC)
			stats_mean_ssd(dC, nC, &mC, NULL);
		est = mT - mC;
		if (!nT || !nC) {
			why = nT ? "no control unit observed in both periods" :
				   "no treated unit observed in both periods";
			did_estimate_row(rt, row, NAN, NAN, NAN, o->conf, o->log);
		} else if (nT < 2 || nC < 2) {
			why = "fewer than 2 units of a group in both periods: no se";
			did_estimate_row(rt, row, est, NAN, NAN, o->conf, o->log);
		} else {
			double vT, vC, a, b, se, df;

			/* Welch: t.test(dT, dC), units as independent observations */
			stats_mean_ssd(dT, nT, NULL, &vT);
			stats_mean_ssd(dC, nC, NULL, &vC);
			a = vT / (double)(nT - 1) / (double)nT;
			b = vC / (double)(nC - 1) / (double)nC;
			se = sqrt(a + b);
			df = se > 0 ? (a + b) * (a + b) /
				      (a * a / (double)(nT - 1) + b * b / (double)(nC - 1)) : NAN;
			did_estimate_row(rt, row, est, se, df, o->conf, o->log);
			why = se > 0 ? "units observed in both periods; Welch se on the unit changes"
				     : "zero variance of the unit changes: no se";
		}
		result_set_integer(rt, row, 11, (long long)n2x2_obs);
		result_set_integer(rt, row, 12, (long long)(nT + nC));
		result_set_text(rt, row, 14, why);

		row = result_add_row(rt);
		result_set_text(rt, row, 0, "regression");
		did_estimate_row(rt, row, fit->beta[3], fit->se[3], fit->df_t, o->conf, o->log);
		result_set_integer(rt, row, 11, (long long)fit->n);
		result_set_integer(rt, row, 12, (long long)fit->n_clusters);
		result_set_integer(rt, row, 13, (long long)fit->n_clusters);
		result_set_text(rt, row, 14, isnan(fit->t[3]) && fit->why ? fit->why :
				"all usable rows; se cluster-robust by unit");
	}
	if (sel && sel->where)
		result_table_note(rt, "rows where %s (%zu of %zu)", sel->where, sel->kept, t->nrows);
	result_table_note(rt, "outcome %s%s%s; treated: %s = 1; pre: %s%s%s < %s; post: %s >= %s",
			  o->log ? "ln(" : "", vc->name, o->log ? ")" : "", trc->name,
			  isnan(o->pre_from) ? "" : prf, isnan(o->pre_from) ? "" : " <= ",
			  tc->name, pf, tc->name, pf);
	result_table_note(rt, "means_2x2: each unit's mean over its pre rows and its post rows, "
			  "units seen in both periods; delta = mean change of treated - mean change "
			  "of control units; se, df: Welch test on the unit changes");
	result_table_note(rt, "regression: y = a + b treat + g post + delta treat*post on all "
			  "%zu usable rows; se cluster-robust by '%s' (HC1 factor G/(G-1) "
			  "(n-1)/(n-k)), t on G - 1 = %g df", fit->n, t->cols[o->id].name, fit->df_t);
	if (n_incomplete)
		result_table_note(rt, "unbalanced: %zu of %zu units lack a usable row in some of the "
				  "%zu times, so the estimates differ: the regression weights units by "
				  "their rows and also uses units seen in one period only",
				  n_incomplete, fit->n_clusters, ntimes);
	else
		result_table_note(rt, "balanced: every unit has a usable row at each of the %zu "
				  "times, so both methods give the same delta", ntimes);
	if (o->log)
		result_table_note(rt, "effect_percent = 100 (e^delta - 1), its interval transformed "
				  "the same way");

	/* group means per time, and the pre-period trends */
	qsort(ob, nob, sizeof *ob, obs_by_time_treat);
	tt = result_set_add(rs, "did_trends");
	{
		static const char *const names[] = { "time", "period", "group", "n", "mean", "se",
						     "ci_low", "ci_high" };
		double *buf = g_new(double, nob), *work = g_new(double, nob);

		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			result_add_column(tt, names[i], i == 1 || i == 2 ? RT_TEXT : i == 3 ?
					  RT_INTEGER : RT_NUMBER);
		for (size_t i = 0; i < nob;) {
			size_t j = i, row;
			struct stats_desc s;

			for (; j < nob && ob[j].time == ob[i].time && ob[j].treat == ob[i].treat; j++)
				buf[j - i] = ob[j].y;
			if (stats_describe(buf, j - i, o->conf, work, &s, d) < 0) {
				g_free(buf);
				g_free(work);
				goto out;
			}
			row = result_add_row(tt);
			result_set_number(tt, row, 0, ob[i].time);
			result_set_text(tt, row, 1, ob[i].time >= o->post_from ? "post" : "pre");
			result_set_text(tt, row, 2, group_word(ob[i].treat));
			result_set_integer(tt, row, 3, (long long)s.n);
			result_set_number(tt, row, 4, s.mean);
			result_set_number(tt, row, 5, s.se);
			result_set_number(tt, row, 6, s.ci_low);
			result_set_number(tt, row, 7, s.ci_high);
			i = j;
		}
		g_free(buf);
		g_free(work);
		result_table_note(tt, "means of %s%s%s over the usable rows; ci: %g %% t interval",
				  o->log ? "ln(" : "", vc->name, o->log ? ")" : "", o->conf * 100);
	}
	{
		size_t npre = 0;

		while (npre < nob && ob[npre].time < o->post_from)
			npre++;
		if (did_pretrend(t, o, ob, npre, units.ngroups, rs, d) < 0)
			goto out;
	}
	result_set_provenance_num(rs, "post_from", o->post_from);
	if (!isnan(o->pre_from))
		result_set_provenance_num(rs, "pre_from", o->pre_from);
	result_set_provenance(rs, "outcome", o->log ? "log" : "level");
	rc = 0;
out:
	ols_free(fit);
	groups_release(&units);
	g_free(cand);
	g_free(ob);
	g_free(pairbuf);
	g_free(x);
	g_free(y);
	g_free(cl);
	g_free(dT);
	g_free(dC);
	return rc;
}
