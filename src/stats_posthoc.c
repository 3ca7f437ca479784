/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stats_posthoc: Tukey HSD and Games-Howell pairwise comparisons from group summaries. */
#include "clusterbench/posthoc.h"

#include <math.h>
#include <stdint.h>

#include "clusterbench/srange.h"

size_t posthoc_npairs(size_t k)
{
	size_t h;

	if (k < 2)
		return 0;
	/* k (k - 1) / 2 without overflow: halve the even factor first */
	if (k % 2 == 0) {
		h = k / 2;
		return h > SIZE_MAX / (k - 1) ? 0 : h * (k - 1);
	}
	h = (k - 1) / 2;
	return h > SIZE_MAX / k ? 0 : h * k;
}

/* Checks what both methods need; min_n is the smallest group size allowed. */
static int check_common(const struct posthoc_group *g, size_t k, double conf,
			const struct posthoc_row *rows, size_t min_n,
			const char *method, struct diag *d)
{
	size_t i;

	if (!g || !rows)
		return diag_set(d, DIAG_INTERNAL, "%s: no groups or no output rows", method);
	if (k < 2)
		return diag_set(d, DIAG_DATA,
				"%s needs at least 2 groups, got %zu", method, k);
	if (posthoc_npairs(k) == 0)
		return diag_set(d, DIAG_DATA, "%s: too many groups (%zu)", method, k);
	if (!(conf > 0.0 && conf < 1.0))
		return diag_set(d, DIAG_USAGE,
				"confidence level %g is outside (0, 1)", conf);
	for (i = 0; i < k; i++) {
		if (g[i].n < min_n)
			return diag_set(d, DIAG_DATA,
					"group %zu has n = %zu; %s needs at least %zu per group",
					i + 1, g[i].n, method, min_n);
		if (!isfinite(g[i].mean))
			return diag_set(d, DIAG_DATA,
					"group %zu has no finite mean; %s needs one",
					i + 1, method);
		if (g[i].n >= 2 && !(isfinite(g[i].var) && g[i].var >= 0.0))
			return diag_set(d, DIAG_DATA,
					"group %zu has a missing or negative variance", i + 1);
	}
	return 0;
}

/* Fills the interval and p-value of one row from its diff, se, df and the critical q. */
static int finish_row(struct posthoc_row *r, size_t k, double crit,
		      const char *method, struct diag *d)
{
	r->statistic = fabs(r->diff) / r->se;
	r->p_adj = srange_sf(r->statistic, (double)k, r->df);
	r->lwr = r->diff - crit * r->se;
	r->upr = r->diff + crit * r->se;
	if (!isfinite(r->statistic) || isnan(r->p_adj) || !isfinite(r->lwr) ||
	    !isfinite(r->upr))
		return diag_set(d, DIAG_INTERNAL,
				"%s: studentized range undefined for groups %zu and %zu",
				method, r->a + 1, r->b + 1);
	return 0;
}

int posthoc_tukey(const struct posthoc_group *g, size_t k, double conf,
		  struct posthoc_row *rows, struct diag *d)
{
	static const char method[] = "tukey hsd";
	double ss = 0.0, msw, df, crit;
	size_t i, a, b, total = 0, row = 0;

	if (check_common(g, k, conf, rows, 1, method, d) < 0)
		return -1;
	for (i = 0; i < k; i++) {
		if (g[i].n > SIZE_MAX - total)
			return diag_set(d, DIAG_DATA, "%s: total n overflows", method);
		total += g[i].n;
		if (g[i].n >= 2)
			ss += (double)(g[i].n - 1) * g[i].var;
	}
	if (total <= k)
		return diag_set(d, DIAG_DATA,
				"%s needs more observations than groups (n = %zu, %zu groups)",
				method, total, k);
	df = (double)(total - k);
	msw = ss / df;
	if (!(msw > 0.0) || !isfinite(msw))
		return diag_set(d, DIAG_DATA,
				"pooled within-group variance is %g; %s is undefined",
				msw, method);
	crit = srange_quantile(conf, (double)k, df);
	if (isnan(crit))
		return diag_set(d, DIAG_INTERNAL,
				"%s: no studentized range quantile for k = %zu, df = %g",
				method, k, df);
	for (b = 0; b + 1 < k; b++) {
		for (a = b + 1; a < k; a++, row++) {
			struct posthoc_row *r = &rows[row];

			r->a = a;
			r->b = b;
			r->diff = g[a].mean - g[b].mean;
			r->se = sqrt(0.5 * msw * (1.0 / (double)g[a].n + 1.0 / (double)g[b].n));
			r->df = df;
			if (finish_row(r, k, crit, method, d) < 0)
				return -1;
		}
	}
	return 0;
}

int posthoc_games_howell(const struct posthoc_group *g, size_t k, double conf,
			 struct posthoc_row *rows, struct diag *d)
{
	static const char method[] = "games-howell";
	size_t a, b, row = 0;

	if (check_common(g, k, conf, rows, 2, method, d) < 0)
		return -1;
	for (b = 0; b + 1 < k; b++) {
		for (a = b + 1; a < k; a++, row++) {
			struct posthoc_row *r = &rows[row];
			double va = g[a].var / (double)g[a].n;
			double vb = g[b].var / (double)g[b].n;
			double crit;

			if (!(va + vb > 0.0))
				return diag_set(d, DIAG_DATA,
						"groups %zu and %zu both have variance 0; %s is undefined for the pair",
						b + 1, a + 1, method);
			r->a = a;
			r->b = b;
			r->diff = g[a].mean - g[b].mean;
			r->se = sqrt(0.5 * (va + vb));
			r->df = (va + vb) * (va + vb) /
				(va * va / (double)(g[a].n - 1) + vb * vb / (double)(g[b].n - 1));
			crit = srange_quantile(conf, (double)k, r->df);
			if (isnan(crit))
				return diag_set(d, DIAG_INTERNAL,
						"%s: no studentized range quantile for k = %zu, df = %g",
						method, k, r->df);
			if (finish_row(r, k, crit, method, d) < 0)
				return -1;
		}
	}
	return 0;
}
