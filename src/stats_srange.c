/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stats_srange: studentized range CDF, upper tail and quantile by quadrature. */
#include "clusterbench/srange.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

/*
 * Quadrature: the trapezoidal rule after x = c + s A sinh(t / A), where c
 * is the mode of the integrand and s its scale there. The rule converges
 * exponentially for smooth integrands that decay fast on the real line;
 * near the mode the map is about linear (node spacing s h), and further out
 * the sinh spreads the nodes geometrically, so that slowly (exponentially)
 * decaying tails, as that of the chi density in log s for small df, cost
 * only a few nodes. A = 3 trades the two: A = 1 is the usual sinh rule,
 * which needs finer steps near the mode, larger A more nodes in the tails.
 * Each level halves the step and reuses the nodes of the last; as the error
 * at step h/2 is about the square of that at step h, the sum is accepted
 * once two levels agree to DE_TOL. A level's sum stops in each direction
 * once a term, past |t| = 2, adds less than DE_EPS of the sum and terms
 * shrink, or at x = c +- 1e4 s.
 */
#define DE_TOL 1e-9
#define DE_A 3.0
#define DE_EPS 1e-19
#define DE_TMAX (DE_A * asinh(1e4 / DE_A))
#define DE_LEVELS 8

#define INV_SQRT_2PI 0.398942280401432677939946059934

typedef double (*quad_fn)(double x, const void *ctx);

/*
 * The sum of f(x(t)) x'(t), x = c + s A sinh(t/A), over the nodes of one
 * level: t = j h, j = 0, +-1, +-2, ... for the first level, the odd
 * multiples of h (halfway between the earlier nodes) for the later ones.
 * prior is the sum of the earlier levels, against which a term counts as
 * negligible.
 */
static double de_level(quad_fn f, const void *ctx, double c, double s,
		       double h, int first, double prior)
{
	double sum = first ? s * f(c, ctx) : 0.0;
	int dir;

	for (dir = 1; dir >= -1; dir -= 2) {
		double prev = HUGE_VAL, t;
		int j;

		for (j = 1; (t = (first ? j : 2 * j - 1) * h) <= DE_TMAX; j++) {
			double e = exp(t / DE_A), ie = 1.0 / e;
			double v = f(c + dir * s * DE_A * 0.5 * (e - ie), ctx) * s * 0.5 * (e + ie);

			sum += v;
			if (t >= 2.0 && fabs(v) <= prev &&
			    fabs(v) <= DE_EPS * fabs(prior + sum))
				break;
			prev = fabs(v);
		}
	}
	return sum;
}

/*
 * Integral of f over the real line; f must be 0 outside its support. An
 * all-zero sum is believed only after three levels, in case a narrow peak
 * fell between the coarse nodes.
 */
static double de_integrate(quad_fn f, const void *ctx, double c, double s)
{
	double h = 1.0, sum, total, last;
	int level;

	sum = de_level(f, ctx, c, s, h, 1, 0.0);
	total = h * sum;
	for (level = 1; level <= DE_LEVELS; level++) {
		last = total;
		h *= 0.5;
		sum += de_level(f, ctx, c, s, h, 0, sum);
		total = h * sum;
		if (fabs(total - last) <= DE_TOL * fabs(total) && (total != 0.0 || level >= 3))
			break;
	}
	return total;
}

static double norm_pdf(double x)
{
	if (fabs(x) > 40.0)
		return 0.0;
	return INV_SQRT_2PI * exp(-0.5 * x * x);
}

/* Q(x) = 1 - Phi(x), with full relative accuracy in the upper tail. */
static double norm_q(double x)
{
	return 0.5 * erfc(x * M_SQRT1_2);
}

/*
 * log Q(x). Beyond x = 30 the asymptotic series of Q(x) phi(x)^-1 x:
 * 1 - 1/x^2 + 3/x^4 - 15/x^6 (relative error below 1e-10 there), which
 * stays finite after Q itself underflows. Used only to place nodes.
 */
static double norm_logq(double x)
{
	double r;

	if (x < 30.0)
		return log(norm_q(x));
	if (x > 1e150)
		return -HUGE_VAL;
	r = 1.0 / (x * x);
	return -0.5 * x * x - log(x) - 0.5 * log(2.0 * M_PI) +
	       log1p(-r * (1.0 - r * (3.0 - 15.0 * r)));
}

/*
 * The normal hazard phi(x) / Q(x). Beyond x = 35, where Q nears underflow,
 * its asymptotic series x + 1/x - 2/x^3 + 10/x^5 - 74/x^7 (relative error
 * below 1e-12 there). Used only to place quadrature nodes.
 */
static double norm_hazard(double x)
{
	double r;

	if (x < 35.0)
		return norm_pdf(x) / norm_q(x);
	r = 1.0 / (x * x);
	return x + (1.0 - r * (2.0 - r * (10.0 - 74.0 * r))) / x;
}

/*
 * P(z < X < z + w), X ~ N(0, 1), w >= 0, to full relative accuracy. With
 * c = z + w/2 and h = w/2, a narrow interval (h (|c| + 1) < 1) uses the
 * series 2 phi(c) sum_n He_2n(c) h^(2n+1) / (2n+1)!, He the (probabilists')
 * Hermite polynomials, from phi(c + t) = phi(c) sum_n He_n(c) (-t)^n / n!;
 * a wider one the difference of two tails on the same side of 0, which
 * then lose at most a bit, or the sum of two erf terms across 0.
 */
static double norm_interval(double z, double w)
{
	double y = z + w, h = 0.5 * w, c = z + h;

	if (h * (fabs(c) + 1.0) < 1.0) {
		/* he0, he1 = He_2n-2(c), He_2n-1(c); fact = h^(2n+1)/(2n+1)! */
		double he0 = 1.0, he1 = c, fact = h, sum = h, small = 0.0;
		int n;

		for (n = 1; n < 40; n++) {
			double he2 = c * he1 - (2 * n - 1) * he0;
			double he3 = c * he2 - 2 * n * he1;
			double t;

			fact *= h * h / ((2.0 * n) * (2.0 * n + 1.0));
			t = he2 * fact;
			sum += t;
			he0 = he2;
			he1 = he3;
			/* two negligible terms in a row: one He may be near a root */
			small = fabs(t) <= 1e-17 * fabs(sum) ? small + 1 : 0;
			if (small >= 2)
				break;
		}
		return 2.0 * norm_pdf(c) * sum;
	}
	if (z >= 0.0)
		return 0.5 * (erfc(z * M_SQRT1_2) - erfc(y * M_SQRT1_2));
	if (y <= 0.0)
		return 0.5 * (erfc(-y * M_SQRT1_2) - erfc(-z * M_SQRT1_2));
	return 0.5 * (erf(-z * M_SQRT1_2) + erf(y * M_SQRT1_2));
}

/* The range W(w) of k iid standard normals; m = k - 1. */
struct range_arg {
	double w, k, m;
};

/* k phi(z) [Phi(z + w) - Phi(z)]^m: z is the smallest of the k values. */
static double range_lower_f(double z, const void *ctx)
{
	const struct range_arg *r = ctx;
	double a = norm_interval(z, r->w), p;

	if (a <= 0.0)
		return 0.0;
	p = norm_pdf(z);
	if (p == 0.0)
		return 0.0;
	return r->k * p * pow(a, r->m);
}

/*
 * k phi(z) [Q(z)^m - (Q(z) - Q(z + w))^m]: the smallest value is z and at
 * least one other exceeds z + w. Written as b^m (1 - (1 - c/b)^m) so that
 * it keeps its relative accuracy when c = Q(z + w) is tiny.
 */
static double range_upper_f(double z, const void *ctx)
{
	const struct range_arg *r = ctx;
	double b = norm_q(z), c, p, t;

	p = norm_pdf(z);
	if (b <= 0.0 || p == 0.0)
		return 0.0;
	c = norm_q(z + r->w);
	if (c <= 0.0)
		return 0.0;
	t = -expm1(r->m * log1p(-(c < b ? c / b : 1.0)));
	return r->k * p * pow(b, r->m) * t;
}

/*
 * Mode and scale of the log-concave lower integrand by safeguarded Newton
 * steps on d/dz log: the mode lies in [-w/2, 0] (the centre of the interval
 * and the peak of phi). For small w, where the derivatives of a would
 * cancel, its limit: mode -w/2 m/(m+1), scale 1/sqrt(m+1).
 */
static void range_lower_mode(double w, double m, double *mode, double *scale)
{
	double lo = -0.5 * w, hi = 0.0, z = -0.5 * w * m / (m + 1.0);
	double curv = 1.0;

	/* phi(z) puts the mode above -40 whatever k */
	if (lo < -40.0)
		lo = -40.0;
	if (z < lo)
		z = 0.5 * lo;
	int it;

	if (w < 0.01) {
		/* a(z) ~ w phi(z + w/2): the integrand is nearly normal */
		*mode = z;
		*scale = 1.0 / sqrt(m + 1.0);
		return;
	}
	for (it = 0; it < 60; it++) {
		double y = z + w, pz = norm_pdf(z), py = norm_pdf(y);
		double a = norm_interval(z, w), a1, a2, d1, c, zn;

		if (!(a > 0.0))
			break;
		a1 = (py - pz) / a;
		a2 = (z * pz - y * py) / a;
		d1 = -z + m * a1;
		c = 1.0 - m * (a2 - a1 * a1);
		if (c > 1.0)
			curv = c;
		if (d1 > 0.0)
			lo = z;
		else
			hi = z;
		zn = z + d1 / curv;
		if (!(zn > lo && zn < hi))
			zn = 0.5 * (lo + hi);
		if (fabs(zn - z) * sqrt(curv) < 0.01 || (hi - lo) * sqrt(curv) < 0.01) {
			z = zn;
			break;
		}
		z = zn;
	}
	*mode = z;
	*scale = 1.0 / sqrt(curv);
}

/*
 * Mode and scale of phi(z) Q(z)^(m-1) Q(z+w), the upper integrand where the
 * tail is small (log-concave: Q is), by safeguarded Newton steps with the
 * normal hazard lambda = phi/Q: the mode lies in [-w - 1, -w/2].
 */
static void range_upper_mode(double w, double m, double *mode, double *scale)
{
	double lo = -w - 1.0, hi = -0.5 * w, z = -0.5 * w - 0.5;
	double curv = 1.0;
	int it;

	for (it = 0; it < 60; it++) {
		double lz = norm_hazard(z), ly = norm_hazard(z + w);
		double d1 = -z - (m - 1.0) * lz - ly;
		double c = 1.0 + (m - 1.0) * lz * (lz - z) + ly * (ly - z - w);
		double zn;

		if (c > 1.0)
			curv = c;
		if (d1 > 0.0)
			lo = z;
		else
			hi = z;
		zn = z + d1 / curv;
		if (!(zn > lo && zn < hi))
			zn = 0.5 * (lo + hi);
		if (fabs(zn - z) * sqrt(curv) < 0.01 || (hi - lo) * sqrt(curv) < 0.01) {
			z = zn;
			break;
		}
		z = zn;
	}
	*mode = z;
	*scale = 1.0 / sqrt(curv);
}

/* P(range of k standard normals <= w). */
static double range_lower(double w, double k)
{
	struct range_arg r;
	double mode, scale, v;

	if (!(w > 0.0))
		return 0.0;
	/* P(range > w) <= k (k-1) Q(w / sqrt 2) (Bonferroni): negligible */
	if (k * (k - 1.0) * norm_q(w * M_SQRT1_2) < 0x1p-60)
		return 1.0;
	r.w = w;
	r.k = k;
	r.m = k - 1.0;
	range_lower_mode(w, r.m, &mode, &scale);
	v = de_integrate(range_lower_f, &r, mode, scale);
	return v < 1.0 ? v : 1.0;
}

/*
 * P(range of k standard normals > w): 1 - range_lower where that is not
 * small (the Bonferroni bound k (k-1) Q(w / sqrt 2) says when), else the
 * upper integrand; 0 where the bound underflows.
 */
static double range_upper(double w, double k)
{
	struct range_arg r;
	double mode, scale, v, bound;

	if (!(w > 0.0))
		return 1.0;
	bound = k * (k - 1.0) * norm_q(w * M_SQRT1_2);
	if (bound == 0.0)
		return 0.0;
	if (bound > 0.25)
		return 1.0 - range_lower(w, k);
	r.w = w;
	r.k = k;
	r.m = k - 1.0;
	range_upper_mode(w, r.m, &mode, &scale);
	v = de_integrate(range_upper_f, &r, mode, scale);
	return v < 1.0 ? v : 1.0;
}

/*
 * The outer integral over u = log s, s = chi_df / sqrt(df). Its density in
 * u is g(u) = 2 sqrt(x) / (sqrt(2 pi) gammastar(x)) exp(-x (e^{2u} - 1 - 2u))
 * with x = df/2 and gammastar the regulated gamma function: written so that
 * no large terms cancel when df is large.
 */
struct outer_arg {
	double q, k, m, df, x, lognorm;
	int upper;
};

/* e^{2u} - 1 - 2u, accurate near u = 0. */
static double em1_2u(double u)
{
	double t = 2.0 * u;

	if (fabs(t) < 0.5) {
		double term = 0.5 * t * t, s = term;
		int n;

		for (n = 3; n < 40; n++) {
			term *= t / n;
			s += term;
			if (fabs(term) <= 1e-17 * s)
				break;
		}
		return s;
	}
	return expm1(t) - t;
}

static double outer_logdens(double u, const struct outer_arg *o)
{
	return o->lognorm - o->x * em1_2u(u);
}

static double outer_w(double u, const struct outer_arg *o)
{
	double w = o->q * exp(u);

	return o->upper ? range_upper(w, o->k) : range_lower(w, o->k);
}

static double outer_f(double u, const void *ctx)
{
	const struct outer_arg *o = ctx;
	double g = exp(outer_logdens(u, o));

	if (g == 0.0)
		return 0.0;
	return g * outer_w(u, o);
}

static double outer_psi(double u, const struct outer_arg *o)
{
	double v = outer_w(u, o);

	return v > 0.0 ? outer_logdens(u, o) + log(v) : -HUGE_VAL;
}

/*
 * A first guess of the outer mode from cheap stand-ins for W: for the
 * lower tail W(w) ~ sqrt(k) (2 pi)^(-m/2) w^m capped at 1, for the upper
 * tail the Bonferroni bound k (k-1) Q(w / sqrt 2) capped at 1.
 */
static void outer_guess(const struct outer_arg *o, double *mode, double *scale)
{
	double nu = o->df, u;

	if (!o->upper) {
		double uk = (0.5 * o->m * log(2.0 * M_PI) - 0.5 * log(o->k)) / o->m - log(o->q);
		double ur = 0.5 * log1p(o->m / nu);

		u = uk > 0.0 ? (uk < ur ? uk : ur) : 0.0;
		*mode = u;
		*scale = 1.0 / sqrt(2.0 * nu * exp(2.0 * u));
		return;
	}
	{
		double lk = log(o->k * (o->k - 1.0)), lo, hi, y, lam;
		int it;

		/* where the Bonferroni bound reaches 1 */
		if (lk + norm_logq(o->q * M_SQRT1_2) >= 0.0) {
			*mode = 0.0;
			*scale = 1.0 / sqrt(2.0 * nu);
			return;
		}
		/* root of nu (1 - e^{2u}) = y lambda(y), y = q e^u / sqrt 2 */
		hi = 0.0;
		lo = -1.0;
		for (it = 0; it < 2000; it++) {
			y = o->q * exp(lo) * M_SQRT1_2;
			if (nu * -expm1(2.0 * lo) > y * norm_hazard(y))
				break;
			lo = 2.0 * lo;
		}
		/* down to a fraction of the chi scale 1/sqrt(2 df), however small */
		for (it = 0; it < 1100 && hi - lo > 1e-3 / sqrt(2.0 * nu + 1.0); it++) {
			double mid = 0.5 * (lo + hi);

			y = o->q * exp(mid) * M_SQRT1_2;
			if (nu * -expm1(2.0 * mid) > y * norm_hazard(y))
				lo = mid;
			else
				hi = mid;
		}
		u = 0.5 * (lo + hi);
		/* the bound is capped at 1 left of uc: the mode is not below it */
		{
			double a = lo - 80.0, b = 0.0;

			for (it = 0; it < 1100 && b - a > 1e-3 / sqrt(2.0 * nu + 1.0); it++) {
				double mid = 0.5 * (a + b);

				if (lk + norm_logq(o->q * exp(mid) * M_SQRT1_2) > 0.0)
					a = mid;
				else
					b = mid;
			}
			if (u < a)
				u = a;
		}
		y = o->q * exp(u) * M_SQRT1_2;
		lam = norm_hazard(y);
		*mode = u;
		*scale = 1.0 / sqrt(2.0 * nu * exp(2.0 * u) + y * lam * (1.0 + y * (lam - y)));
	}
}

/*
 * Refines mode and scale with parabolas through the log integrand at
 * mode - s, mode, mode + s: a handful of inner integrals.
 */
static void outer_refine(const struct outer_arg *o, double *mode, double *scale)
{
	double u = *mode, s = *scale;
	int it;

	if (s > 1.0)
		s = 1.0;
	for (it = 0; it < 6; it++) {
		double f0 = outer_psi(u, o), fp = outer_psi(u + s, o);
		double fm = outer_psi(u - s, o), c2, du, sn;

		if (!isfinite(f0) || !isfinite(fp) || !isfinite(fm)) {
			/* underflow on one side: walk towards the larger value */
			if (isfinite(fp) && !(fp <= f0))
				u += s;
			else if (isfinite(fm) && !(fm <= f0))
				u -= s;
			else
				break;
			continue;
		}
		c2 = fp - 2.0 * f0 + fm;
		if (!(c2 < 0.0)) {
			u += fp > fm ? s : -s;
			continue;
		}
		du = -0.5 * s * (fp - fm) / c2;
		sn = s / sqrt(-c2);
		if (du > 2.0 * s)
			du = 2.0 * s;
		if (du < -2.0 * s)
			du = -2.0 * s;
		u += du;
		if (fabs(du) < 0.5 * sn && sn > 0.5 * s && sn < 2.0 * s) {
			s = sn;
			break;
		}
		s = sn > 2.0 * s ? 2.0 * s : sn;
	}
	*mode = u;
	*scale = s;
}

static double outer(double q, double k, double df, int upper)
{
	struct outer_arg o;
	double mode, scale, v;

	o.q = q;
	o.k = k;
	o.m = k - 1.0;
	o.df = df;
	o.x = 0.5 * df;
	o.lognorm = M_LN2 + 0.5 * log(o.x) - 0.5 * log(2.0 * M_PI) -
		    log(gsl_sf_gammastar(o.x));
	o.upper = upper;
	outer_guess(&o, &mode, &scale);
	outer_refine(&o, &mode, &scale);
	v = de_integrate(outer_f, &o, mode, scale);
	if (v < 0.0)
		v = 0.0;
	return v < 1.0 ? v : 1.0;
}

static int bad_args(double k, double df)
{
	return isnan(k) || !(k >= 2.0) || isinf(k) || isnan(df) || !(df > 0.0);
}

/*
 * The smaller tail is integrated and the other one is its complement: the
 * upper integrand above the median of the normal range (where the upper
 * tail is below about one half), the lower one below it. This keeps the
 * relative accuracy of small tails and avoids integrating, for the lower
 * tail at large q, a jump of W deep in the slowly decaying left tail of the
 * chi density. *upper_out gets P(Q > q), the return value P(Q <= q).
 */
static double srange_both(double q, double k, double df, double *upper_out)
{
	double lower, upper;

	if (q <= 0.0) {
		*upper_out = 1.0;
		return 0.0;
	}
	if (isinf(q)) {
		*upper_out = 0.0;
		return 1.0;
	}
	if (range_lower(q, k) >= 0.5) {
		upper = isinf(df) ? range_upper(q, k) : outer(q, k, df, 1);
		lower = 1.0 - upper;
	} else {
		lower = isinf(df) ? range_lower(q, k) : outer(q, k, df, 0);
		upper = 1.0 - lower;
	}
	*upper_out = upper;
	return lower;
}

double srange_cdf(double q, double k, double df)
{
	double upper;

	if (isnan(q) || bad_args(k, df))
		return NAN;
	return srange_both(q, k, df, &upper);
}

double srange_sf(double q, double k, double df)
{
	double upper;

	if (isnan(q) || bad_args(k, df))
		return NAN;
	srange_both(q, k, df, &upper);
	return upper;
}

/*
 * The function whose root is sought, increasing in q: log cdf - log p for
 * p <= 1/2, log(1 - p) - log sf above (the logarithms make it nearly
 * linear in log q in both tails).
 */
struct qfun {
	double k, df, logt;
	int upper;
};

static double qfun_eval(const struct qfun *f, double q)
{
	double v;

	v = f->upper ? srange_sf(q, f->k, f->df) : srange_cdf(q, f->k, f->df);
	if (!(v > 0.0))
		return f->upper ? DBL_MAX : -DBL_MAX;
	v = log(v) - f->logt;
	return f->upper ? -v : v;
}

/*
 * Brent's method on [a, b] with fa < 0 < fb: inverse quadratic
 * interpolation or secant steps, falling back to bisection whenever they do
 * not shrink the bracket fast enough.
 */
static double brent(const struct qfun *f, double a, double fa, double b, double fb)
{
	double c = a, fc = fa, d = b - a, e = d;
	int it;

	for (it = 0; it < 200; it++) {
		double tol, mid, p, qq, r, s;

		if ((fb > 0.0) == (fc > 0.0)) {
			c = a;
			fc = fa;
			d = e = b - a;
		}
		if (fabs(fc) < fabs(fb)) {
			a = b;
			b = c;
			c = a;
			fa = fb;
			fb = fc;
			fc = fa;
		}
		tol = 2.0 * DBL_EPSILON * fabs(b) + DBL_MIN;
		mid = 0.5 * (c - b);
		if (fabs(mid) <= tol || fb == 0.0)
			return b;
		if (fabs(e) >= tol && fabs(fa) > fabs(fb)) {
			s = fb / fa;
			if (a == c) {
				p = 2.0 * mid * s;
				qq = 1.0 - s;
			} else {
				qq = fa / fc;
				r = fb / fc;
				p = s * (2.0 * mid * qq * (qq - r) - (b - a) * (r - 1.0));
				qq = (qq - 1.0) * (r - 1.0) * (s - 1.0);
			}
			if (p > 0.0)
				qq = -qq;
			else
				p = -p;
			if (2.0 * p < fmin(3.0 * mid * qq - fabs(tol * qq), fabs(e * qq))) {
				e = d;
				d = p / qq;
			} else {
				d = mid;
				e = d;
			}
		} else {
			d = mid;
			e = d;
		}
		a = b;
		fa = fb;
		b += fabs(d) > tol ? d : (mid > 0.0 ? tol : -tol);
		fb = qfun_eval(f, b);
	}
	return b;
}

double srange_quantile(double p, double k, double df)
{
	struct qfun f;
	double q0, f0, q1 = NAN, f1 = NAN, step, guess, t;
	int it;

	if (isnan(p) || !(p > 0.0 && p < 1.0) || bad_args(k, df))
		return NAN;
	f.k = k;
	f.df = df;
	f.upper = p > 0.5;
	t = f.upper ? 1.0 - p : p;
	f.logt = log(t);
	/*
	 * Start from the Bonferroni approximation q = sqrt 2 t_df(1 - t/(k(k-1)))
	 * with the t quantile from the normal one by its first Cornish-Fisher
	 * term; the bracketing below makes up for a rough start.
	 */
	{
		double tail = (f.upper ? t : 0.5) / (k * (k - 1.0));
		double z = gsl_cdf_ugaussian_Qinv(tail);

		if (isfinite(df))
			z += (z * z * z + z) / (4.0 * df);
		guess = M_SQRT2 * z;
		if (!(guess > 0.0) || !isfinite(guess))
			guess = 3.0;
	}
	/* bracket the root by steps in log q that double each time */
	q0 = guess;
	f0 = qfun_eval(&f, q0);
	if (f0 == 0.0)
		return q0;
	step = f0 > 0.0 ? -0.25 : 0.25;
	for (it = 0; it < 12; it++) {
		q1 = q0 * exp(step);
		f1 = qfun_eval(&f, q1);
		if ((f1 > 0.0) != (f0 > 0.0) || f1 == 0.0)
			break;
		q0 = q1;
		f0 = f1;
		step *= 2.0;
	}
	if (it == 12 || !(q1 > 0.0) || isinf(q1))
		return NAN;
	if (f1 == 0.0)
		return q1;
	if (f0 < 0.0)
		return brent(&f, q0, f0, q1, f1);
	return brent(&f, q1, f1, q0, f0);
}
