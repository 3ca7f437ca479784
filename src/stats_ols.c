/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stats_ols: OLS by Householder QR with double-double refinement; classic, HC1 and cluster SE. */
#include "clusterbench/model.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>

#include "clusterbench/stats.h"
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/*
 * A column whose distance from the span of the columns before it (and the
 * intercept) is below RANK_TOL times its norm makes the design rank
 * deficient. R's lm uses 1e-7 on a similar measure and so drops a term of
 * NIST Filip (relative distance 5e-8 here); 1e-11 keeps Filip and still
 * leaves the refinement a contraction factor well below 1.
 */
#define RANK_TOL 1e-11
#define REFINE_MAX 12
/* a correction below this, relative to the solution, ends the refinement */
#define REFINE_DONE 0x1p-64
/* a refinement that stops above this has lost too many digits */
#define REFINE_FAIL 0x1p-40
/* skip refining (X'X)^-1 when n*k^2 exceeds this and the design is well conditioned */
#define INVERSE_WORK_MAX 1e7
#define INVERSE_COND_MIN 1e3

/* ---- double-double primitives (pure IEEE double; no FMA needed) ---- */

/* s + e == a + b exactly (Knuth). */
static void two_sum(double a, double b, double *s, double *e)
{
	double t;

	*s = a + b;
	t = *s - a;
	*e = (a - (*s - t)) + (b - t);
}

/* Dekker's split: hi + lo == a, each half fits in 26 bits. */
static void split(double a, double *hi, double *lo)
{
	double c;

	if (fabs(a) > 0x1p995) {
		/* keep 134217729*a finite */
		a *= 0x1p-28;
		c = 134217729.0 * a;
		*hi = c - (c - a);
		*lo = a - *hi;
		*hi *= 0x1p28;
		*lo *= 0x1p28;
		return;
	}
	c = 134217729.0 * a;
	*hi = c - (c - a);
	*lo = a - *hi;
}

/* p + e == a * b exactly (Dekker), barring underflow. */
static void two_prod(double a, double b, double *p, double *e)
{
	double ah, al, bh, bl;

	*p = a * b;
	split(a, &ah, &al);
	split(b, &bh, &bl);
	*e = ((ah * bh - *p) + ah * bl + al * bh) + al * bl;
}

/* (hi, lo) += v, renormalised. */
static void dd_add(double *hi, double *lo, double v)
{
	double s, e;

	two_sum(*hi, v, &s, &e);
	e += *lo;
	*hi = s + e;
	*lo = e - (*hi - s);
}

/* Compensated sum of squares of (hi[i] + lo[i]) (lo may be NULL). */
static double sum_sq(const double *hi, const double *lo, size_t n)
{
	double s = 0.0, c = 0.0, p, pe, t;
	size_t i;

	for (i = 0; i < n; i++) {
		double l = lo ? lo[i] : 0.0;

		two_prod(hi[i], hi[i], &p, &pe);
		two_sum(s, p, &s, &t);
		c += t + pe + 2.0 * hi[i] * l;
	}
	return s + c;
}

int ols_power(const double *x, size_t n, unsigned power, double *hi, double *lo,
	      struct diag *d)
{
	size_t i;
	unsigned j;

	if (power == 0)
		return diag_set(d, DIAG_USAGE, "power must be at least 1, got 0");
	for (i = 0; i < n; i++) {
		double h = x[i], l = 0.0, p, e;

		for (j = 1; j < power; j++) {
			two_prod(h, x[i], &p, &e);
			e += l * x[i];
			h = p + e;
			l = e - (h - p);
		}
		if (!isfinite(h) || !isfinite(l))
			return diag_set(d, DIAG_DATA, "x^%u is not finite at row %zu", power, i + 1);
		hi[i] = h;
		lo[i] = l;
	}
	return 0;
}

/* ---- the factorised design ---- */

/*
 * Design column c (0..k-1): with an intercept column 0 is all ones and
 * column c >= 1 is x[c-1]; without, column c is x[c]. The factorised matrix
 * is Xs = [1, (x_c - m_c) s_c] = X T^-1 with T = [1 m'; 0 S^-1]; gamma =
 * T beta are the coefficients on Xs.
 */
struct design {
	size_t n, k;
	int icpt;
	const double *const *xh;
	const double *const *xl;
	gsl_matrix *qr;    /* n x k: Householder QR of Xs */
	gsl_vector *tau;   /* k */
	double *m, *s;     /* k: centring and power-of-two scale (m[0] = 0, s[0] = 1 with icpt) */
	double *rawnorm;   /* k: 2-norm of each uncentred column */
	gsl_vector *f;     /* n: work */
	double *acc, *err; /* n: compensated accumulators */
	double *g, *h, *dg; /* k: work */
};

static const double *col_hi(const struct design *w, size_t c)
{
	if (w->icpt)
		return c == 0 ? NULL : w->xh[c - 1];
	return w->xh[c];
}

static const double *col_lo(const struct design *w, size_t c)
{
	if (!w->xl)
		return NULL;
	if (w->icpt)
		return c == 0 ? NULL : w->xl[c - 1];
	return w->xl[c];
}

static void design_release(struct design *w)
{
	gsl_matrix_free(w->qr);
	gsl_vector_free(w->tau);
	gsl_vector_free(w->f);
	free(w->m);
	free(w->acc);
	memset(w, 0, sizeof *w);
}

static int oom(struct diag *d)
{
	return diag_set(d, DIAG_INTERNAL, "regression: out of memory");
}

static int gsl_fail(struct diag *d, const char *what, int status)
{
	return diag_set(d, DIAG_INTERNAL, "regression: %s failed: %s", what, gsl_strerror(status));
}

/* Mean with a correction pass. */
static double mean_of(const double *v, size_t n)
{
	double m = 0.0, c = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		m += v[i];
	m /= (double)n;
	for (i = 0; i < n; i++)
		c += v[i] - m;
	return m + c / (double)n;
}

/* Overflow-safe 2-norm of a contiguous array. */
static double norm2(const double *v, size_t n)
{
	gsl_vector_const_view vv = gsl_vector_const_view_array(v, n);

	return gsl_blas_dnrm2(&vv.vector);
}

/* x column index (1-based, as the user counts) of design column c. */
static size_t user_col(const struct design *w, size_t c)
{
	return w->icpt ? c : c + 1;
}

/*
 * Builds, scales and factorises Xs, and rejects rank-deficient designs.
 * *cond receives the 1-norm condition estimate of Xs with unit columns.
 */
static int design_init(struct design *w, const double *const *xh, const double *const *xl,
		       size_t p, size_t n, int icpt, double *cond, struct diag *d)
{
	size_t k = p + (icpt ? 1 : 0), c, i;
	gsl_matrix *rs = NULL;
	gsl_vector *work = NULL;
	double rcond;
	int status;

	memset(w, 0, sizeof *w);
	w->n = n;
	w->k = k;
	w->icpt = icpt;
	w->xh = xh;
	w->xl = xl;
	w->qr = gsl_matrix_alloc(n, k);
	w->tau = gsl_vector_alloc(k);
	w->f = gsl_vector_alloc(n);
	w->m = calloc(6 * k, sizeof *w->m);
	w->acc = calloc(2 * n, sizeof *w->acc);
	if (!w->qr || !w->tau || !w->f || !w->m || !w->acc) {
		design_release(w);
		return oom(d);
	}
	w->s = w->m + k;
	w->rawnorm = w->s + k;
	w->g = w->rawnorm + k;
	w->h = w->g + k;
	w->dg = w->h + k;
	w->err = w->acc + n;

	for (c = 0; c < k; c++) {
		const double *x = col_hi(w, c);
		double *col = w->acc; /* scratch */
		double cn;
		int e;

		if (!x) {
			for (i = 0; i < n; i++)
				gsl_matrix_set(w->qr, i, c, 1.0);
			w->s[c] = 1.0;
			w->rawnorm[c] = sqrt((double)n);
			continue;
		}
		w->rawnorm[c] = norm2(x, n);
		if (w->rawnorm[c] == 0.0) {
			diag_set(d, DIAG_DATA, "column %zu is all zero", user_col(w, c));
			design_release(w);
			return -1;
		}
		w->m[c] = icpt ? mean_of(x, n) : 0.0;
		for (i = 0; i < n; i++)
			col[i] = x[i] - w->m[c];
		cn = norm2(col, n);
		if (icpt && cn <= RANK_TOL * w->rawnorm[c]) {
			diag_set(d, DIAG_DATA, "column %zu is constant (collinear with the intercept)",
				 user_col(w, c));
			design_release(w);
			return -1;
		}
		frexp(cn, &e);
		if (e < -1000)
			e = -1000;
		w->s[c] = ldexp(1.0, -e);
		for (i = 0; i < n; i++)
			gsl_matrix_set(w->qr, i, c, col[i] * w->s[c]);
	}

	status = gsl_linalg_QR_decomp(w->qr, w->tau);
	if (status) {
		design_release(w);
		return gsl_fail(d, "qr decomposition", status);
	}
	for (c = 0; c < k; c++) {
		double rcc = fabs(gsl_matrix_get(w->qr, c, c));

		if (!(rcc > RANK_TOL * w->s[c] * w->rawnorm[c])) {
			diag_set(d, DIAG_DATA, "column %zu is collinear with the others",
				 user_col(w, c));
			design_release(w);
			return -1;
		}
	}

	/* condition of R with unit columns, i.e. of the centred, scaled design */
	rs = gsl_matrix_calloc(k, k);
	work = gsl_vector_alloc(3 * k);
	if (!rs || !work) {
		gsl_matrix_free(rs);
		gsl_vector_free(work);
		design_release(w);
		return oom(d);
	}
	for (c = 0; c < k; c++) {
		double cn = 0.0;

		for (i = 0; i <= c; i++)
			cn = hypot(cn, gsl_matrix_get(w->qr, i, c));
		for (i = 0; i <= c; i++)
			gsl_matrix_set(rs, i, c, gsl_matrix_get(w->qr, i, c) / cn);
	}
	status = gsl_linalg_tri_rcond(CblasUpper, rs, &rcond, work);
	gsl_matrix_free(rs);
	gsl_vector_free(work);
	if (status) {
		design_release(w);
		return gsl_fail(d, "condition estimate", status);
	}
	*cond = rcond > 0.0 ? 1.0 / rcond : INFINITY;
	return 0;
}

static double r_at(const struct design *w, size_t i, size_t j)
{
	return gsl_matrix_get(w->qr, i, j);
}

/*
 * Approximate solve of [I X; X' 0][dr; db] = [f; g] with X ~ Xs T.
 * In: w->f (n) = f, w->g (k) = g. Out: w->f = dr, w->g = db, w->dg = T db.
 */
static int approx_solve(struct design *w, struct diag *d)
{
	size_t k = w->k, c, j;
	double *g = w->g, *h = w->h, *dg = w->dg;
	int status;

	/* g := T^-T g */
	for (c = 0; c < k; c++) {
		if (w->icpt && c == 0)
			continue;
		g[c] = w->s[c] * (g[c] - (w->icpt ? w->m[c] * g[0] : 0.0));
	}
	status = gsl_linalg_QR_QTvec(w->qr, w->tau, w->f);
	if (status)
		return gsl_fail(d, "applying q'", status);
	/* R' h = g */
	for (c = 0; c < k; c++) {
		double v = g[c];

		for (j = 0; j < c; j++)
			v -= r_at(w, j, c) * h[j];
		h[c] = v / r_at(w, c, c);
	}
	/* R dg = f1 - h */
	for (c = k; c-- > 0;) {
		double v = gsl_vector_get(w->f, c) - h[c];

		for (j = c + 1; j < k; j++)
			v -= r_at(w, c, j) * dg[j];
		dg[c] = v / r_at(w, c, c);
	}
	for (c = 0; c < k; c++)
		gsl_vector_set(w->f, c, h[c]);
	status = gsl_linalg_QR_Qvec(w->qr, w->tau, w->f);
	if (status)
		return gsl_fail(d, "applying q", status);
	/* db = T^-1 dg */
	for (c = 0; c < k; c++)
		g[c] = (w->icpt && c == 0) ? dg[0] : w->s[c] * dg[c];
	if (w->icpt) {
		for (c = 1; c < k; c++)
			g[0] -= w->m[c] * g[c];
	}
	return 0;
}

/*
 * Residual of the augmented system in double-double: f = c - r - X b into
 * w->f, g = dv - X' r into w->g (c, dv NULL = zero). Products are
 * error-free, sums compensated, so f and g are right to about a unit in their
 * own last place even after heavy cancellation.
 */
static void aug_residual(struct design *w, const double *cvec, const double *dv,
			 const double *bh, const double *bl, const double *rh, const double *rl)
{
	size_t n = w->n, k = w->k, i, c;
	double *acc = w->acc, *err = w->err;
	double p, pe, s, e;

	for (i = 0; i < n; i++) {
		acc[i] = cvec ? cvec[i] : 0.0;
		two_sum(acc[i], -rh[i], &s, &e);
		acc[i] = s;
		err[i] = e - rl[i];
	}
	for (c = 0; c < k; c++) {
		const double *xh = col_hi(w, c), *xl = col_lo(w, c);

		for (i = 0; i < n; i++) {
			double cross;

			if (!xh) {
				p = bh[c];
				pe = 0.0;
				cross = bl[c];
			} else {
				two_prod(xh[i], bh[c], &p, &pe);
				cross = xh[i] * bl[c] + (xl ? xl[i] * bh[c] : 0.0);
			}
			two_sum(acc[i], -p, &s, &e);
			acc[i] = s;
			err[i] += e - pe - cross;
		}
	}
	for (i = 0; i < n; i++)
		gsl_vector_set(w->f, i, acc[i] + err[i]);

	for (c = 0; c < k; c++) {
		const double *xh = col_hi(w, c), *xl = col_lo(w, c);
		double sum = dv ? dv[c] : 0.0, cerr = 0.0;

		for (i = 0; i < n; i++) {
			double cross;

			if (!xh) {
				p = rh[i];
				pe = 0.0;
				cross = rl[i];
			} else {
				two_prod(xh[i], rh[i], &p, &pe);
				cross = xh[i] * rl[i] + (xl ? xl[i] * rh[i] : 0.0);
			}
			two_sum(sum, -p, &s, &e);
			sum = s;
			cerr += e - pe - cross;
		}
		w->g[c] = sum + cerr;
	}
}

static double max_abs(const double *v, size_t n)
{
	double m = 0.0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (fabs(v[i]) > m)
			m = fabs(v[i]);
	}
	return m;
}

/*
 * Solves [I X; X' 0][r; b] = [c; dv] by iterative refinement (Bjorck): the
 * residual of the system in double-double, the correction from the QR. b and
 * r are kept in double-double (bh + bl, rh + rl). Returns 0 with *loss the
 * last correction relative to the solution, or -1 on a GSL failure.
 */
static int refine(struct design *w, const double *cvec, const double *dv, double *bh,
		  double *bl, double *rh, double *rl, double *loss, struct diag *d)
{
	size_t n = w->n, k = w->k, i, c;
	double prev = INFINITY, prev_abs = INFINITY, nu = INFINITY, size;
	int it;

	memset(bh, 0, k * sizeof *bh);
	memset(bl, 0, k * sizeof *bl);
	memset(rh, 0, n * sizeof *rh);
	memset(rl, 0, n * sizeof *rl);
	for (it = 0; it < REFINE_MAX; it++) {
		double *dr = w->f->data;

		aug_residual(w, cvec, dv, bh, bl, rh, rl);
		if (approx_solve(w, d))
			return -1;
		nu = max_abs(w->dg, k);
		if (max_abs(dr, n) > nu)
			nu = max_abs(dr, n);
		if (nu > prev_abs) {
			/* diverging: keep the previous iterate */
			nu = prev;
			break;
		}
		prev_abs = nu;
		for (c = 0; c < k; c++)
			dd_add(&bh[c], &bl[c], w->g[c]);
		for (i = 0; i < n; i++)
			dd_add(&rh[i], &rl[i], dr[i]);
		/* size of the solution in the scaled coordinates gamma = T b */
		size = max_abs(rh, n);
		for (c = 0; c < k; c++) {
			double gc = (w->icpt && c == 0) ? bh[0] : bh[c] / w->s[c];

			if (w->icpt && c == 0) {
				size_t j;

				for (j = 1; j < k; j++)
					gc += w->m[j] * bh[j];
			}
			if (fabs(gc) > size)
				size = fabs(gc);
		}
		if (size == 0.0 || nu <= REFINE_DONE * size) {
			nu = size == 0.0 ? 0.0 : nu / size;
			*loss = nu;
			return 0;
		}
		nu /= size;
		if (it >= 2 && nu > 0.5 * prev)
			break;
		prev = nu;
	}
	*loss = nu;
	return 0;
}

/* P = T^-1 R^-1 (k x k, row-major), so that (X'X)^-1 = P P'. */
static void inverse_factor(const struct design *w, double *pm)
{
	size_t k = w->k, i, j, c;

	memset(pm, 0, k * k * sizeof *pm);
	/* column j of R^-1 by back substitution */
	for (j = 0; j < k; j++) {
		for (c = j + 1; c-- > 0;) {
			double v = c == j ? 1.0 : 0.0;

			for (i = c + 1; i <= j; i++)
				v -= r_at(w, c, i) * pm[i * k + j];
			pm[c * k + j] = v / r_at(w, c, c);
		}
	}
	/* rows: b_c = s_c g_c, b_0 = g_0 - sum m_c s_c g_c */
	for (c = 0; c < k; c++) {
		if (w->icpt && c == 0)
			continue;
		for (j = 0; j < k; j++)
			pm[c * k + j] *= w->s[c];
	}
	if (w->icpt) {
		for (c = 1; c < k; c++) {
			for (j = 0; j < k; j++)
				pm[j] -= w->m[c] * pm[c * k + j];
		}
	}
}

/* out = P M P' (all k x k row-major), scaled by fac. */
static void sandwich(const double *pm, const double *mm, size_t k, double fac, double *out)
{
	size_t i, j, a, b;

	for (i = 0; i < k; i++) {
		for (j = 0; j <= i; j++) {
			double v = 0.0;

			for (a = 0; a < k; a++) {
				double pa = pm[i * k + a];

				if (pa == 0.0)
					continue;
				for (b = 0; b < k; b++)
					v += pa * mm[a * k + b] * pm[j * k + b];
			}
			out[i * k + j] = out[j * k + i] = fac * v;
		}
	}
}

/*
 * Robust meat in the Q basis: M = sum_i e_i^2 q_i q_i' (HC1) or sum_g u_g u_g'
 * with u_g = sum_{i in g} e_i q_i (cluster), q_i the rows of the thin Q.
 */
static int robust_meat(struct design *w, const double *e, const size_t *cluster,
		       size_t n_clusters, double *mm, struct diag *d)
{
	size_t n = w->n, k = w->k, i, a, b, rows;
	double *wq, *u = NULL;
	int status;

	wq = malloc(n * k * sizeof *wq); /* n*k*8 checked by the caller */
	if (!wq)
		return oom(d);
	for (a = 0; a < k; a++) {
		gsl_vector_set_basis(w->f, a);
		status = gsl_linalg_QR_Qvec(w->qr, w->tau, w->f);
		if (status) {
			free(wq);
			return gsl_fail(d, "forming q", status);
		}
		for (i = 0; i < n; i++)
			wq[i * k + a] = gsl_vector_get(w->f, i) * e[i];
	}
	rows = n;
	if (cluster) {
		if (n_clusters > SIZE_MAX / k / sizeof *u) {
			free(wq);
			return oom(d);
		}
		u = calloc(n_clusters * k, sizeof *u);
		if (!u) {
			free(wq);
			return oom(d);
		}
		for (i = 0; i < n; i++) {
			for (a = 0; a < k; a++)
				u[cluster[i] * k + a] += wq[i * k + a];
		}
		free(wq);
		wq = u;
		rows = n_clusters;
	}
	memset(mm, 0, k * k * sizeof *mm);
	for (i = 0; i < rows; i++) {
		const double *row = wq + i * k;

		for (a = 0; a < k; a++) {
			for (b = 0; b <= a; b++)
				mm[a * k + b] += row[a] * row[b];
		}
	}
	for (a = 0; a < k; a++) {
		for (b = 0; b < a; b++)
			mm[b * k + a] = mm[a * k + b];
	}
	free(wq);
	return 0;
}

static void note(struct ols_fit *f, const char *why)
{
	if (!f->why)
		f->why = why;
}

/* Wald F of H0: coefficients first..k-1 are 0, with f->vcov. */
static int wald_f(struct ols_fit *f, size_t first, struct diag *d)
{
	size_t k = f->k, q = k - first, i, j;
	gsl_matrix *v;
	gsl_vector *b, *z;
	double w = 0.0;
	int status;

	v = gsl_matrix_alloc(q, q);
	b = gsl_vector_alloc(q);
	z = gsl_vector_alloc(q);
	if (!v || !b || !z) {
		gsl_matrix_free(v);
		gsl_vector_free(b);
		gsl_vector_free(z);
		return oom(d);
	}
	for (i = 0; i < q; i++) {
		gsl_vector_set(b, i, f->beta[first + i]);
		for (j = 0; j < q; j++)
			gsl_matrix_set(v, i, j, f->vcov[(first + i) * k + first + j]);
	}
	status = gsl_linalg_cholesky_decomp1(v);
	if (!status)
		status = gsl_linalg_cholesky_solve(v, b, z);
	if (status) {
		note(f, "robust covariance of the slopes is singular: no wald f");
	} else {
		for (i = 0; i < q; i++)
			w += gsl_vector_get(b, i) * gsl_vector_get(z, i);
		if (w >= 0.0 && isfinite(w)) {
			f->f = w / (double)q;
			f->f_p = stats_pf_upper(f->f, f->df1, f->df2);
		} else {
			note(f, "robust covariance of the slopes is singular: no wald f");
		}
	}
	gsl_matrix_free(v);
	gsl_vector_free(b);
	gsl_vector_free(z);
	return 0;
}

void ols_free(struct ols_fit *f)
{
	if (!f)
		return;
	free(f->beta);
	free(f);
}

static struct ols_fit *fit_alloc(size_t n, size_t k, int icpt, struct diag *d)
{
	struct ols_fit *f = calloc(1, sizeof *f);
	double *blk;
	size_t i;

	if (!f) {
		oom(d);
		return NULL;
	}
	/* 6 vectors of k plus the k*k matrix; k < n, and n*k was checked */
	blk = malloc((6 * k + k * k) * sizeof *blk);
	if (!blk) {
		free(f);
		oom(d);
		return NULL;
	}
	for (i = 0; i < 6 * k + k * k; i++)
		blk[i] = NAN;
	f->beta = blk;
	f->se = blk + k;
	f->t = blk + 2 * k;
	f->p_value = blk + 3 * k;
	f->ci_low = blk + 4 * k;
	f->ci_high = blk + 5 * k;
	f->vcov = blk + 6 * k;
	f->n = n;
	f->k = k;
	f->p = k - (icpt ? 1 : 0);
	f->intercept = icpt ? 1 : 0;
	f->r2 = f->adj_r2 = f->sigma = f->f = f->df1 = f->df2 = f->f_p = NAN;
	f->rss = f->mss = f->df_resid = f->df_t = f->cond = NAN;
	return f;
}

/* Argument checks that need no allocation. Returns G (clusters) via *g. */
static int check_args(const double *const *x, const double *const *x_lo, size_t p,
		      const double *y, size_t n, int icpt, enum ols_vcov vcov,
		      const size_t *cluster, size_t n_clusters, double conf, size_t *g,
		      struct diag *d)
{
	size_t k = p + (icpt ? 1 : 0), i, j;

	if (vcov != OLS_CLASSIC && vcov != OLS_HC1 && vcov != OLS_CLUSTER)
		return diag_set(d, DIAG_USAGE, "unknown covariance kind %d", (int)vcov);
	if (!(conf > 0.0 && conf < 1.0))
		return diag_set(d, DIAG_USAGE,
				"confidence level must be between 0 and 1, got %g", conf);
	if (k == 0)
		return diag_set(d, DIAG_DATA, "regression needs at least one coefficient");
	if (n <= k)
		return diag_set(d, DIAG_DATA,
				"regression needs more observations than coefficients, got n = %zu, k = %zu",
				n, k);
	if (!y || (p > 0 && !x))
		return diag_set(d, DIAG_INTERNAL, "regression: missing input arrays");
	if (n > SIZE_MAX / k / sizeof(double) / 2)
		return diag_set(d, DIAG_INTERNAL, "regression: %zu rows are too many", n);
	for (i = 0; i < n; i++) {
		if (!isfinite(y[i]))
			return diag_set(d, DIAG_DATA, "response: non-finite value at row %zu", i + 1);
	}
	for (j = 0; j < p; j++) {
		if (!x[j])
			return diag_set(d, DIAG_INTERNAL, "regression: x column %zu is missing", j + 1);
		for (i = 0; i < n; i++) {
			if (!isfinite(x[j][i]) || (x_lo && x_lo[j] && !isfinite(x_lo[j][i])))
				return diag_set(d, DIAG_DATA,
						"x column %zu: non-finite value at row %zu", j + 1, i + 1);
		}
	}
	*g = 0;
	if (vcov == OLS_CLUSTER) {
		unsigned char *seen;

		if (!cluster || n_clusters == 0)
			return diag_set(d, DIAG_USAGE,
					"cluster-robust standard errors need a cluster column");
		seen = calloc(n_clusters, 1);
		if (!seen)
			return oom(d);
		for (i = 0; i < n; i++) {
			if (cluster[i] >= n_clusters) {
				free(seen);
				return diag_set(d, DIAG_INTERNAL,
						"regression: cluster code %zu at row %zu is out of range (%zu clusters)",
						cluster[i], i + 1, n_clusters);
			}
			if (!seen[cluster[i]]) {
				seen[cluster[i]] = 1;
				(*g)++;
			}
		}
		free(seen);
		if (*g < 2)
			return diag_set(d, DIAG_DATA,
					"cluster-robust standard errors need at least 2 clusters, got %zu",
					*g);
	}
	return 0;
}

/*
 * Unscaled classic covariance (X'X)^-1 into f->vcov. Column j solves
 * [I X; X' 0][r; z] = [0; -e_j] with refinement, unless the design is large
 * and well conditioned, where P P' from the QR is already accurate. dv (k)
 * and pm (k*k) are scratch; bh, bl, rh, rl are overwritten.
 */
static int classic_inverse(struct design *w, struct ols_fit *f, double *dv, double *pm,
			   double *bh, double *bl, double *rh, double *rl, struct diag *d)
{
	size_t k = w->k, i, j, a;
	double loss;

	if ((double)w->n * (double)k * (double)k > INVERSE_WORK_MAX &&
	    f->cond < INVERSE_COND_MIN) {
		inverse_factor(w, pm);
		for (i = 0; i < k; i++) {
			for (j = 0; j <= i; j++) {
				double v = 0.0;

				for (a = 0; a < k; a++)
					v += pm[i * k + a] * pm[j * k + a];
				f->vcov[i * k + j] = f->vcov[j * k + i] = v;
			}
		}
		return 0;
	}
	for (j = 0; j < k; j++) {
		for (i = 0; i < k; i++)
			dv[i] = i == j ? -1.0 : 0.0;
		if (refine(w, NULL, dv, bh, bl, rh, rl, &loss, d))
			return -1;
		for (i = 0; i < k; i++)
			f->vcov[i * k + j] = bh[i] + bl[i];
	}
	for (i = 0; i < k; i++) {
		for (j = 0; j < i; j++) {
			double v = 0.5 * (f->vcov[i * k + j] + f->vcov[j * k + i]);

			f->vcov[i * k + j] = f->vcov[j * k + i] = v;
		}
	}
	return 0;
}

/*
 * mss: the centred (with intercept) or uncentred sum of squares of the fitted
 * values y - r; *sfit receives the uncentred sum of fitted^2.
 */
static double model_ss(struct design *w, const double *y, const double *rh, const double *rl,
		       double *sfit)
{
	size_t n = w->n, i;
	double mh = 0.0, ml = 0.0, s, t, q, qe;

	*sfit = 0.0;
	if (w->icpt) {
		/* mean of y in double-double */
		for (i = 0; i < n; i++)
			dd_add(&mh, &ml, y[i]);
		s = mh / (double)n;
		two_prod(s, (double)n, &q, &qe);
		t = ((mh - q) - qe + ml) / (double)n;
		mh = s;
		ml = t;
	}
	/* (y - r) - mean in double-double, into the accumulators */
	for (i = 0; i < n; i++) {
		double a, b;

		two_sum(y[i], -rh[i], &a, &b);
		b -= rl[i];
		*sfit += (a + b) * (a + b);
		two_sum(a, -mh, &s, &t);
		w->acc[i] = s;
		w->err[i] = b + t - ml;
	}
	return sum_sq(w->acc, w->err, n);
}

/* t, p and intervals from beta and the diagonal of f->vcov. */
static void coef_tests(struct ols_fit *f, int perfect)
{
	size_t k = f->k, j;
	double tq = stats_qt_upper((1.0 - f->conf) / 2.0, f->df_t);

	for (j = 0; j < k; j++) {
		double v = f->vcov[j * k + j];

		f->se[j] = v > 0.0 ? sqrt(v) : 0.0;
		f->ci_low[j] = f->beta[j] - tq * f->se[j];
		f->ci_high[j] = f->beta[j] + tq * f->se[j];
		if (perfect)
			continue;
		if (!(f->se[j] > 0.0)) {
			note(f, "zero standard error: t is undefined");
			continue;
		}
		f->t[j] = f->beta[j] / f->se[j];
		f->p_value[j] = stats_pt_two_sided(f->t[j], f->df_t);
	}
}

struct ols_fit *ols_fit_dd(const double *const *x, const double *const *x_lo, size_t p,
			   const double *y, size_t n, int intercept, enum ols_vcov vcov,
			   const size_t *cluster, size_t n_clusters, double conf,
			   struct diag *d)
{
	struct design w;
	struct ols_fit *f = NULL;
	double *bh = NULL, *bl, *dv, *pm, *mm, *rh = NULL, *rl;
	double loss, cond = NAN, sfit;
	size_t k = p + (intercept ? 1 : 0), g = 0, i, j;
	int perfect;

	if (check_args(x, x_lo, p, y, n, intercept, vcov, cluster, n_clusters, conf, &g, d))
		return NULL;
	if (design_init(&w, x, x_lo, p, n, intercept ? 1 : 0, &cond, d))
		return NULL;
	f = fit_alloc(n, k, intercept, d);
	/* k < n and 2*n*k doubles were checked, so these sizes cannot overflow */
	bh = calloc(3 * k + 2 * k * k, sizeof *bh);
	rh = calloc(2 * n, sizeof *rh);
	if (!f || !bh || !rh) {
		oom(d);
		goto fail;
	}
	bl = bh + k;
	dv = bl + k;
	pm = dv + k;
	mm = pm + k * k;
	rl = rh + n;
	f->cond = cond;
	f->conf = conf;
	f->vcov_kind = vcov;
	f->n_clusters = g;

	if (refine(&w, y, NULL, bh, bl, rh, rl, &loss, d))
		goto fail;
	if (loss > REFINE_FAIL) {
		diag_set(d, DIAG_DATA,
			 "the design is too ill-conditioned for accurate estimates "
			 "(condition number about %.2g): rescale or drop a column", cond);
		goto fail;
	}
	for (j = 0; j < k; j++)
		f->beta[j] = bh[j] + bl[j];

	f->rss = sum_sq(rh, rl, n);
	f->df_resid = (double)(n - k);
	f->sigma = sqrt(f->rss / f->df_resid);
	f->mss = model_ss(&w, y, rh, rl, &sfit);
	if (f->mss + f->rss > 0.0) {
		f->r2 = f->mss / (f->mss + f->rss);
		f->adj_r2 = 1.0 - f->rss / (f->mss + f->rss) *
				  ((double)n - (intercept ? 1.0 : 0.0)) / f->df_resid;
	} else {
		note(f, "the response has no variation");
	}
	/* R's summary.lm warning rule, resvar < 1e-30 * (mean(f)^2 + var(f)) */
	perfect = f->rss / f->df_resid <= 1e-30 * sfit / (double)n;
	if (perfect)
		note(f, "essentially perfect fit: t, p and f are undefined");

	if (vcov == OLS_CLASSIC) {
		double s2 = f->rss / f->df_resid;

		if (classic_inverse(&w, f, dv, pm, bh, bl, rh, rl, d))
			goto fail;
		for (i = 0; i < k * k; i++)
			f->vcov[i] *= s2;
		f->df_t = f->df_resid;
	} else {
		double *e = w.acc, fac;

		for (i = 0; i < n; i++)
			e[i] = rh[i] + rl[i];
		if (robust_meat(&w, e, vcov == OLS_CLUSTER ? cluster : NULL, n_clusters, mm, d))
			goto fail;
		inverse_factor(&w, pm);
		if (vcov == OLS_HC1) {
			fac = (double)n / f->df_resid;
			f->df_t = f->df_resid;
		} else {
			fac = (double)g / (double)(g - 1) * ((double)n - 1.0) / f->df_resid;
			f->df_t = (double)(g - 1);
		}
		sandwich(pm, mm, k, fac, f->vcov);
	}
	coef_tests(f, perfect);

	/* overall F: H0 all slopes 0 (all coefficients without intercept) */
	f->df1 = (double)f->p;
	f->df2 = f->df_t;
	if (intercept && p == 0) {
		f->df1 = NAN;
		note(f, "no slopes: no f test");
	} else if (perfect) {
		/* F is infinite or undefined: left NAN with the reason above */
	} else if (vcov == OLS_CLASSIC) {
		f->f = (f->mss / f->df1) / (f->rss / f->df2);
		f->f_p = stats_pf_upper(f->f, f->df1, f->df2);
	} else if (vcov == OLS_CLUSTER && (double)(g - 1) < f->df1) {
		note(f, "wald f needs more clusters than tested coefficients");
	} else if (wald_f(f, intercept ? 1 : 0, d)) {
		goto fail;
	}

	free(bh);
	free(rh);
	design_release(&w);
	return f;
fail:
	free(bh);
	free(rh);
	ols_free(f);
	design_release(&w);
	return NULL;
}

struct ols_fit *ols_fit(const double *const *x, size_t p, const double *y, size_t n,
			int intercept, enum ols_vcov vcov, const size_t *cluster,
			size_t n_clusters, double conf, struct diag *d)
{
	return ols_fit_dd(x, NULL, p, y, n, intercept, vcov, cluster, n_clusters, conf, d);
}
