/* SPDX-License-Identifier: GPL-3.0-or-later */
/* posthoc: pairwise comparisons after a one-way ANOVA (Tukey HSD, Games-Howell). */
#ifndef CLUSTERBENCH_POSTHOC_H
#define CLUSTERBENCH_POSTHOC_H

#include <stddef.h>

#include "clusterbench/diag.h"

/* Summary of one group: size, mean and variance with divisor n - 1. */
struct posthoc_group {
	size_t n;
	double mean;
	double var;
};

/*
 * One pairwise comparison. a and b are 0-based positions in the group array,
 * a > b; diff = mean[a] - mean[b] (R prints the pair as "B-A" for levels
 * A, B); se is the standard error of the studentized range (sqrt of half the
 * variance of diff), statistic q = |diff| / se, df its degrees of freedom,
 * [lwr, upr] the simultaneous confidence interval of diff and p_adj the
 * multiplicity-adjusted p-value P(Q_{k, df} > q).
 */
struct posthoc_row {
	size_t a, b;
	double diff, se, statistic, df, lwr, upr, p_adj;
};

/*
 * Number of rows for k groups: k (k - 1) / 2. 0 for k < 2 or when the
 * count does not fit in size_t.
 */
size_t posthoc_npairs(size_t k);

/*
 * Tukey HSD (Tukey-Kramer for unequal n) exactly as R's
 * TukeyHSD(aov(y ~ g), conf.level = conf), from group summaries:
 * MSW = sum (n_i - 1) var_i / (N - k), se = sqrt(MSW / 2 (1/n_a + 1/n_b)),
 * df = N - k, lwr/upr = diff -+ qtukey(conf, k, N - k) se,
 * p_adj = ptukey(q, k, N - k, lower.tail = FALSE); the studentized range
 * from srange.h (its quantile is exact, where R's qtukey keeps about 4
 * digits). Rows come in R's order: (2,1), (3,1), ..., (k,1), (3,2), ...
 * (1-based), i.e. b runs over 0..k-2 and a over b+1..k-1.
 *
 * g holds k groups (borrowed); rows must hold posthoc_npairs(k) entries and
 * is filled completely on success. A group with n = 1 adds nothing to MSW
 * and its var is ignored. Returns 0, or -1 with d set: DIAG_DATA when
 * k < 2, a group has n = 0, a non-finite mean or (n >= 2) a missing or
 * negative variance, N - k < 1, or the pooled variance is 0; DIAG_USAGE
 * when conf is not inside (0, 1). Messages name groups by their 1-based
 * position ("group 3 has n = 0; ..."), which callers map to level names.
 * On error rows is left unspecified.
 */
int posthoc_tukey(const struct posthoc_group *g, size_t k, double conf,
		  struct posthoc_row *rows, struct diag *d);

/*
 * Games-Howell, for unequal variances (Games & Howell 1976): per pair
 * se = sqrt((var_a/n_a + var_b/n_b) / 2), Welch-Satterthwaite
 * df = (var_a/n_a + var_b/n_b)^2 / ((var_a/n_a)^2/(n_a-1) + (var_b/n_b)^2/(n_b-1)),
 * q = |diff| / se, p_adj = P(Q_{k, df} > q), lwr/upr = diff -+ q_conf(k, df) se
 * (df not an integer). Same row order, ownership and conf rule as
 * posthoc_tukey. Errors (DIAG_DATA): k < 2, a group with n < 2 ("group 2 has
 * n = 1; games-howell needs at least 2 per group"), a non-finite mean, a
 * missing or negative variance, or a pair whose variances are both 0.
 */
int posthoc_games_howell(const struct posthoc_group *g, size_t k, double conf,
			 struct posthoc_row *rows, struct diag *d);

#endif
