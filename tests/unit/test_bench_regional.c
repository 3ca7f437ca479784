/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_bench_regional: LQ, shift-share, HHI, Krugman and growth against hand and R values. */
#include "clusterbench/bench_regional.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "clusterbench/load.h"
#include "tcheck.h"

/* ------------------------------------------------------------ growth */

static void test_growth(void)
{
	double x[5] = { 100, 110, 0, 50, NAN }, out[5];

	/* 100 -> 121 over 2 years: 1.1^2 = 1.21, so 10 % a year */
	CHECK_REL(bench_cagr(100, 121, 2), 0.1, 1e-15);
	CHECK_REL(bench_cagr(40, 52, 1), 0.3, 1e-15);
	/* 2 -> 1 over 3 years: 0.5^(1/3) - 1 = -0.20629947401590026 */
	CHECK_REL(bench_cagr(2, 1, 3), -0.20629947401590026, 1e-15);
	CHECK_REL(bench_cagr(5, 5, 7), 0, 0);
	CHECK_REL(bench_cagr(5, 0, 2), -1, 0);
	CHECK_NAN(bench_cagr(0, 5, 2));
	CHECK_NAN(bench_cagr(-1, 5, 2));
	CHECK_NAN(bench_cagr(1, -5, 2));
	CHECK_NAN(bench_cagr(1, 5, 0));
	CHECK_NAN(bench_cagr(NAN, 5, 1));
	/* a tiny rate stays accurate (expm1): (1 + 1e-12)^(1/1) - 1 */
	CHECK_REL(bench_cagr(1, 1 + 1e-12, 1), 1e-12, 1e-4);

	CHECK_REL(bench_change(80, 100), 0.25, 0);
	CHECK_NAN(bench_change(0, 100));

	bench_yoy(x, 5, out);
	CHECK_NAN(out[0]);
	CHECK_REL(out[1], 0.1, 1e-15);
	CHECK_REL(out[2], -1, 0);
	CHECK_NAN(out[3]);          /* from 0: no base */
	CHECK_NAN(out[4]);          /* to a missing value */

	CHECK_INT(bench_index(x, 5, 1, out), 0);
	CHECK_REL(out[0], 100.0 / 110 * 100, 1e-15);
	CHECK(out[1] == 100);
	CHECK_REL(out[3], 5000.0 / 110, 1e-15);
	CHECK_NAN(out[4]);
	CHECK_INT(bench_index(x, 5, 2, out), -1);     /* base 0 */
	CHECK_NAN(out[0]);
	CHECK_INT(bench_index(x, 5, 9, out), -1);     /* no such base */
	/* in place */
	{
		double y[3] = { 50, 100, 75 };

		CHECK_INT(bench_index(y, 3, 0, y), 0);
		CHECK(y[0] == 100 && y[1] == 200 && y[2] == 150);
	}
}

/* ------------------------------------------------------------ hand-worked 3 x 3 */

/*
 * Three regions A, B, C x three sectors S1, S2, S3, two years:
 *
 *        year 0              year 1
 *        S1  S2  S3 | R0     S1  S2  S3 | R1
 *   A    10  20  10 | 40     12  30  10 | 52
 *   B    20  10  10 | 40     20  10  18 | 48
 *   C    10  10   0 | 20     16  10   4 | 30    (C is new in S3)
 *   N    40  40  20 | 100    48  50  32 | 130   (reference = the total)
 *
 * G = 130/100 = 1.3; g = (48/40, 50/40, 32/20) = (1.2, 1.25, 1.6).
 */
static const double hand0[9] = { 10, 20, 10, 20, 10, 10, 10, 10, 0 };
static const double hand1[9] = { 12, 30, 10, 20, 10, 18, 16, 10, 4 };

static void test_hand(void)
{
	double n0[3], n1[3], rt[3], big, lq[9];
	struct bench_shift s;
	struct bench_hhi h;

	bench_margins(hand1, 3, 3, rt, n1, &big);
	bench_margins(hand0, 3, 3, NULL, n0, NULL);
	CHECK(rt[0] == 52 && rt[1] == 48 && rt[2] == 30 && big == 130);
	CHECK(n0[0] == 40 && n0[1] == 40 && n0[2] == 20);
	CHECK(n1[0] == 48 && n1[1] == 50 && n1[2] == 32);

	/* LQ in year 1: (e_ir/E_r)/(E_i/E) = e_ir E / (E_r E_i), e.g. A S1: 12*130/(52*48) */
	bench_lq(hand1, 3, 3, n1, lq);
	CHECK_REL(lq[0], 1560.0 / 2496, 1e-15);    /* 0.625 */
	CHECK_REL(lq[1], 3900.0 / 2600, 1e-15);    /* 1.5 */
	CHECK_REL(lq[2], 1300.0 / 1664, 1e-15);    /* 0.78125 */
	CHECK_REL(lq[3], 2600.0 / 2304, 1e-15);    /* 1.1284722 */
	CHECK_REL(lq[4], 1300.0 / 2400, 1e-15);    /* 0.5416667 */
	CHECK_REL(lq[5], 2340.0 / 1536, 1e-15);    /* 1.5234375 */
	CHECK_REL(lq[6], 2080.0 / 1440, 1e-15);    /* 1.4444444 */
	CHECK_REL(lq[7], 1300.0 / 1500, 1e-15);    /* 0.8666667 */
	CHECK_REL(lq[8], 520.0 / 960, 1e-15);      /* 0.5416667 */

	/*
	 * A: NS = 40 (1.3 - 1) = 12; IM = 10(-0.1) + 20(-0.05) + 10(0.3) = 1;
	 * RS = (12 - 12) + (30 - 25) + (10 - 16) = -1; 12 + 1 - 1 = 12 = 52 - 40.
	 * r* = 40 (0.4, 0.4, 0.2) = (16, 16, 8), q = r1/r0 - g = (0, 0.25, -0.6):
	 * C = 0 + 4 - 4.8 = -0.8; A = (10-16) 0 + (20-16) 0.25 + (10-8)(-0.6) = -0.2.
	 */
	bench_shift_share(hand0, hand1, n0, n1, 3, &s);
	CHECK(s.r0 == 40 && s.r1 == 52 && s.why == NULL && s.new_sectors == 0);
	CHECK_REL(s.national, 12, 1e-14);
	CHECK_REL(s.mix, 1, 1e-14);
	CHECK_REL(s.shift, -1, 1e-14);
	CHECK_REL(s.competitive, -0.8, 1e-14);
	CHECK_REL(s.allocation, -0.2, 1e-13);
	/*
	 * B: NS = 12; IM = 20(-0.1) + 10(-0.05) + 10(0.3) = 0.5;
	 * RS = (20 - 24) + (10 - 12.5) + (18 - 16) = -4.5; 12 + 0.5 - 4.5 = 8.
	 * q = (-0.2, -0.25, 0.2): C = -3.2 - 4 + 1.6 = -5.6; A = 4(-0.2) - 6(-0.25) + 2(0.2) = 1.1.
	 */
	bench_shift_share(hand0 + 3, hand1 + 3, n0, n1, 3, &s);
	CHECK_REL(s.national, 12, 1e-14);
	CHECK_REL(s.mix, 0.5, 1e-14);
	CHECK_REL(s.shift, -4.5, 1e-14);
	CHECK_REL(s.competitive, -5.6, 1e-14);
	CHECK_REL(s.allocation, 1.1, 1e-14);
	/*
	 * C (new in S3): NS = 20 (0.3) = 6; IM = 10(-0.1) + 10(-0.05) + 0 = -1.5;
	 * RS = (16 - 12) + (10 - 12.5) + (4 - 0 g_3) = 5.5; 6 - 1.5 + 5.5 = 10.
	 * r* = (8, 8, 4); q = (0.4, -0.25, undefined): C = 3.2 - 2 + 4 (all of
	 * the new r_31 = 4) = 5.2; A = 2(0.4) + 2(-0.25) + 0 = 0.3.
	 */
	bench_shift_share(hand0 + 6, hand1 + 6, n0, n1, 3, &s);
	CHECK(s.new_sectors == 1 && s.why == NULL);
	CHECK_REL(s.national, 6, 1e-14);
	CHECK_REL(s.mix, -1.5, 1e-14);
	CHECK_REL(s.shift, 5.5, 1e-14);
	CHECK_REL(s.competitive, 5.2, 1e-14);
	CHECK_REL(s.allocation, 0.3, 1e-13);

	/* A in year 1: H = (12^2 + 30^2 + 10^2)/52^2 = 1144/2704 = 11/26;
	 * normalised (11/26 - 1/3)/(2/3) = 7/52; numbers equivalent 26/11 */
	bench_hhi(hand1, 3, &h);
	CHECK_REL(h.h, 11.0 / 26, 1e-15);
	CHECK_REL(h.normalised, 7.0 / 52, 1e-14);
	CHECK_REL(h.equivalent, 26.0 / 11, 1e-15);
	CHECK_INT(h.n, 3);
	CHECK(h.why == NULL);

	/* Krugman of A against the reference (over 260ths: |60-96| + |150-100| +
	 * |50-64| = 100) = 5/13; A against B (over 624ths: |144-260| + |360-130|
	 * + |120-234| = 460) = 115/156 */
	CHECK_REL(bench_krugman(hand1, n1, 3), 5.0 / 13, 1e-15);
	CHECK_REL(bench_krugman(hand1, hand1 + 3, 3), 115.0 / 156, 1e-15);
	CHECK_REL(bench_krugman(hand1 + 3, hand1, 3), 115.0 / 156, 1e-15);
}

/* ------------------------------------------------------------ R fixture 5 x 4 */

/*
 * Five regions x four sectors, two years; reference = the total of the five.
 * Region 1 is new in sector 3. Values from base R 4.x (no package):
 *
 * e0 <- matrix(c(120, 40,  0, 30,   80, 60, 25, 10,  200, 15, 45, 70,
 *                 35, 90, 60,  5,   55, 25, 30, 40), nrow = 5, byrow = TRUE)
 * e1 <- matrix(c(130, 38, 12, 41,   95, 52, 31, 14,  210, 22, 40, 88,
 *                 33,117, 66,  9,   70, 24, 29, 52), nrow = 5, byrow = TRUE)
 * n0 <- colSums(e0); n1 <- colSums(e1); R0 <- rowSums(e0); R1 <- rowSums(e1)
 * byrow <- function(v) matrix(v, 5, 4, byrow = TRUE)
 * lq <- (e1 / R1) / byrow(n1 / sum(n1))
 * G <- sum(n1) / sum(n0); g <- n1 / n0
 * NS <- R0 * (G - 1); IM <- as.vector(e0 %*% (g - G))
 * RS <- rowSums(e1 - e0 * byrow(g))
 * star <- outer(R0, n0 / sum(n0)); q <- (e1 - e0 * byrow(g)) / e0
 * C <- rowSums(ifelse(e0 == 0, e1, star * q))
 * A <- rowSums(ifelse(e0 == 0, 0, (e0 - star) * q))
 * K <- rowSums(abs(e1 / R1 - byrow(n1 / sum(n1))))
 * H <- rowSums((e1 / R1)^2); Hn <- (H - 1/4) / (1 - 1/4)
 * Kp <- outer(1:5, 1:5, Vectorize(function(a, b)
 *         sum(abs(e1[a, ] / R1[a] - e1[b, ] / R1[b]))))
 * printed with sprintf("%.17g", ...); lq row by row (t(lq)), Kp for the
 * pairs (1,2), (1,3), (1,4), (1,5), (2,3), ..., (4,5).
 */
static const double r_e0[20] = { 120, 40, 0, 30, 80, 60, 25, 10, 200, 15, 45, 70,
				 35, 90, 60, 5, 55, 25, 30, 40 };
static const double r_e1[20] = { 130, 38, 12, 41, 95, 52, 31, 14, 210, 22, 40, 88,
				 33, 117, 66, 9, 70, 24, 29, 52 };
static const double r_lq[20] = {
	1.2825278810408922, 0.79720279720279719, 0.35782195332757133, 1.0667420814479638,
	1.0787929832713756, 1.2556818181818181, 1.063992275280899, 0.41927083333333337,
	1.2718401486988848, 0.28333333333333333, 0.73220973782771537, 1.4055555555555554,
	0.31977695167286246, 2.4109090909090907, 1.9330337078651687, 0.23000000000000001,
	0.87211895910780679, 0.63584415584415588, 1.0920385232744783, 1.7085714285714286
};
static const double r_ns[5] = { 25.333333333333329, 23.333333333333329, 43.999999999999993,
				25.333333333333329, 19.999999999999996 };
static const double r_im[5] = { -0.094360324775053073, -3.5228083168751199, 4.2833689927584224,
				-4.5741167434715635, 3.9079163923634099 };
static const double r_rs[5] = { 5.7610269914417387, -2.8105250164582056, -18.283368992758398,
				14.240783410138231, 1.0920836076365923 };
static const double r_c[5] = { 5.7890499194847029, 3.9917471819645636, 5.0736139866574579,
			       7.8937198067632703, 4.0004391743522048 };
static const double r_a[5] = { -0.028022928042964038, -6.8022721984227683, -23.356982979415857,
			       6.347063603374961, -2.9083555667156142 };
static const double r_k[5] = { 0.28237917240474791, 0.20199275362318841, 0.3904234157431089,
			       0.89179880647911336, 0.2743928875898185 };
static const double r_h[5] = { 0.4129522327552671, 0.34955512152777779, 0.41611111111111115,
			       0.37955555555555559, 0.29456326530612248 };
static const double r_hn[5] = { 0.21726964367368948, 0.13274016203703706, 0.22148148148148153,
				0.17274074074074078, 0.059417687074829972 };
static const double r_kp[10] = { 0.41209464555052788, 0.23147310206133731, 1.1741779788838613,
				 0.44607627666451194, 0.52013888888888893, 0.76208333333333333,
				 0.45696428571428566, 1.2822222222222224, 0.3666666666666667,
				 1.0209523809523811 };

/*
 * The same shift-share components in exact rational arithmetic, rounded
 * once to double: R's level form (r_i1 - r_i0 g_i with g_i = n_i1/n_i0)
 * rounds the ratios first, which costs it up to 2e-13 (IM of region 1);
 * these show the residual is R's. Python 3, fractions.Fraction:
 *   G = F(N1, N0); g_i = F(n_i1, n_i0); r*_i0 = R0 F(n_i0, N0);
 *   NS = R0 (G - 1); IM = sum r_i0 (g_i - G); RS = sum (r_i1 - r_i0 g_i);
 *   C, A as METHODS.md with the new-sector rule (r_i0 = 0: C += r_i1);
 *   printed with "%.17g" % float(x).
 * Rows: region; columns NS, IM, RS, C, A.
 */
static const double exact_ss[5][5] = {
	{ 25.333333333333332, -0.094360324775071322, 5.7610269914417378, 5.789049919484702,
	  -0.028022928042964107 },
	{ 23.333333333333332, -3.5228083168751372, -2.8105250164581963, 3.9917471819645733,
	  -6.8022721984227692 },
	{ 44, 4.283368992758394, -18.283368992758394, 5.073613986657465, -23.356982979415857 },
	{ 25.333333333333332, -4.5741167434715821, 14.240783410138249, 7.8937198067632854,
	  6.3470636033749637 },
	{ 20, 3.9079163923633971, 1.0920836076366029, 4.0004391743522181, -2.9083555667156147 },
};

/* Worst relative errors against R and against the exact values, reported at the end. */
static double worst_lq, worst_ss, worst_spec, worst_exact;

static double relerr(double a, double b)
{
	return fabs(a - b) / (fabs(b) > 0 ? fabs(b) : 1);
}

static void test_r_fixture(void)
{
	double n0[4], n1[4], lq[20];
	size_t p = 0;

	bench_margins(r_e0, 5, 4, NULL, n0, NULL);
	bench_margins(r_e1, 5, 4, NULL, n1, NULL);
	bench_lq(r_e1, 5, 4, n1, lq);
	for (size_t c = 0; c < 20; c++) {
		CHECK_REL(lq[c], r_lq[c], 1e-14);
		worst_lq = fmax(worst_lq, relerr(lq[c], r_lq[c]));
	}
	for (size_t r = 0; r < 5; r++) {
		struct bench_shift s;
		struct bench_hhi h;
		double k;

		bench_shift_share(r_e0 + 4 * r, r_e1 + 4 * r, n0, n1, 4, &s);
		CHECK(s.why == NULL);
		CHECK_INT(s.new_sectors, r == 0);
		CHECK_REL(s.national, r_ns[r], 1e-13);
		CHECK_REL(s.mix, r_im[r], 1e-12);
		CHECK_REL(s.shift, r_rs[r], 1e-12);
		CHECK_REL(s.competitive, r_c[r], 1e-12);
		CHECK_REL(s.allocation, r_a[r], 1e-12);
		worst_ss = fmax(worst_ss, fmax(relerr(s.national, r_ns[r]), relerr(s.mix, r_im[r])));
		worst_ss = fmax(worst_ss, fmax(relerr(s.shift, r_rs[r]),
					       relerr(s.competitive, r_c[r])));
		worst_ss = fmax(worst_ss, relerr(s.allocation, r_a[r]));
		{
			const double got[5] = { s.national, s.mix, s.shift, s.competitive,
						s.allocation };

			for (size_t c = 0; c < 5; c++) {
				CHECK_REL(got[c], exact_ss[r][c], 1e-13);
				worst_exact = fmax(worst_exact, relerr(got[c], exact_ss[r][c]));
			}
		}

		bench_hhi(r_e1 + 4 * r, 4, &h);
		CHECK_REL(h.h, r_h[r], 1e-14);
		CHECK_REL(h.normalised, r_hn[r], 1e-14);
		CHECK_REL(h.equivalent, 1 / r_h[r], 1e-14);
		k = bench_krugman(r_e1 + 4 * r, n1, 4);
		CHECK_REL(k, r_k[r], 1e-14);
		worst_spec = fmax(worst_spec, fmax(relerr(h.h, r_h[r]), relerr(h.normalised, r_hn[r])));
		worst_spec = fmax(worst_spec, relerr(k, r_k[r]));
		for (size_t b = r + 1; b < 5; b++, p++) {
			k = bench_krugman(r_e1 + 4 * r, r_e1 + 4 * b, 4);
			CHECK_REL(k, r_kp[p], 1e-14);
			worst_spec = fmax(worst_spec, relerr(k, r_kp[p]));
		}
	}
	CHECK_INT(p, 10);
}

/* ------------------------------------------------------------ identities */

/* xorshift64*: a fixed random stream, independent of the C library */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static double rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 0x2545F4914F6CDD1Du) >> 11) / 9007199254740992.0;
}

/* A random count: mostly lognormal-like sizes over six decades, some zeros. */
static double rnd_count(void)
{
	double u = rnd();

	if (u < 0.12)
		return 0;
	return floor(pow(10, 6 * rnd()) * (0.5 + rnd()));
}

static void test_identities(void)
{
	enum { MAXR = 12, MAXS = 15 };
	double e0[MAXR * MAXS], e1[MAXR * MAXS], n0[MAXS], n1[MAXS], lq[MAXR * MAXS];
	double rt[MAXR], big, worst = 0, worst_em = 0, worst_lqsum = 0;
	size_t checked = 0;

	for (int trial = 0; trial < 400; trial++) {
		size_t nr = 1 + (size_t)(rnd() * MAXR), ns = 1 + (size_t)(rnd() * MAXS);

		for (size_t c = 0; c < nr * ns; c++) {
			e0[c] = rnd_count();
			e1[c] = rnd() < 0.5 ? rnd_count() : floor(e0[c] * (0.5 + rnd()));
		}
		bench_margins(e0, nr, ns, NULL, n0, NULL);
		bench_margins(e1, nr, ns, rt, n1, &big);
		for (size_t r = 0; r < nr; r++) {
			struct bench_shift s;
			double scale, err;

			bench_shift_share(e0 + r * ns, e1 + r * ns, n0, n1, ns, &s);
			if (s.why)
				continue; /* the whole reference was 0 in year 0 */
			/* relative to the magnitudes summed: the change itself may be ~0,
			 * and C and A alone may be far larger than the region (a sector
			 * growing from 1 to 10^6 has r_i1/r_i0 - g_i ~ 10^6) */
			scale = fmax(fmax(s.r0 + s.r1, 1),
				     fabs(s.national) + fabs(s.mix) + fabs(s.shift));
			err = fabs(s.national + s.mix + s.shift - (s.r1 - s.r0)) / scale;
			CHECK(err <= 1e-12);
			worst = fmax(worst, err);
			scale = fmax(scale, fabs(s.competitive) + fabs(s.allocation));
			err = fabs(s.competitive + s.allocation - s.shift) / scale;
			CHECK(err <= 1e-12);
			worst_em = fmax(worst_em, err);
			checked++;
		}
		/* sum_r E_r LQ_ir = E for every sector, sum_i (E_i/E) LQ_ir = 1 for every region */
		bench_lq(e1, nr, ns, n1, lq);
		for (size_t i = 0; i < ns; i++) {
			double sum = 0;
			int ok = n1[i] > 0;

			for (size_t r = 0; r < nr && ok; r++)
				sum += rt[r] > 0 ? rt[r] * lq[r * ns + i] : 0;
			if (ok) {
				CHECK_REL(sum, big, 1e-12);
				worst_lqsum = fmax(worst_lqsum, relerr(sum, big));
			}
		}
		for (size_t r = 0; r < nr; r++) {
			double sum = 0;
			int ok = rt[r] > 0;

			for (size_t i = 0; i < ns && ok; i++)
				sum += n1[i] > 0 ? n1[i] / big * lq[r * ns + i] : 0;
			if (ok)
				CHECK_REL(sum, 1, 1e-12);
		}
	}
	CHECK(checked > 1000);
	printf("identities on %zu random regions: NS+IM+RS vs R1-R0 %.2g, C+A vs RS %.2g, "
	       "sum E_r LQ vs E %.2g (relative)\n", checked, worst, worst_em, worst_lqsum);
}

/* ------------------------------------------------------------ edge cases */

static void test_edges(void)
{
	/* sector 3 absent from the reference, region 2 empty */
	double e[6] = { 5, 5, 0, 0, 0, 0 }, ref[3] = { 10, 30, 0 }, lq[6];
	double x1[1] = { 7 }, xn[3] = { NAN, 4, NAN }, xz[2] = { 0, 0 };
	double a[3] = { 1, 0, 0 }, b[3] = { 0, 2, 3 };
	struct bench_hhi h;
	struct bench_shift s;

	bench_lq(e, 2, 3, ref, lq);
	CHECK_REL(lq[0], 0.5 / 0.25, 1e-15);
	CHECK_REL(lq[1], 0.5 / 0.75, 1e-15);
	CHECK_NAN(lq[2]);            /* ref_i = 0 */
	CHECK_NAN(lq[3]);            /* E_r = 0 */
	CHECK_NAN(lq[5]);

	bench_hhi(x1, 1, &h);
	CHECK(h.h == 1 && h.equivalent == 1 && h.n == 1 && h.why != NULL);
	CHECK_NAN(h.normalised);
	bench_hhi(xn, 3, &h);        /* NaN = no data: one sector left */
	CHECK(h.h == 1 && h.n == 1);
	bench_hhi(xz, 2, &h);
	CHECK_NAN(h.h);
	CHECK(h.n == 2 && h.why != NULL);
	bench_hhi(xn, 0, &h);
	CHECK_NAN(h.h);
	CHECK(h.n == 0 && h.why != NULL);
	/* four equal sectors: H = 1/4, normalised 0, numbers equivalent 4 */
	{
		double eq[4] = { 3, 3, 3, 3 };

		bench_hhi(eq, 4, &h);
		CHECK_REL(h.h, 0.25, 1e-15);
		CHECK_ABS(h.normalised, 0, 1e-15);
		CHECK_REL(h.equivalent, 4, 1e-15);
	}

	CHECK_REL(bench_krugman(a, b, 3), 2, 1e-15);    /* disjoint */
	CHECK_ABS(bench_krugman(b, b, 3), 0, 0);        /* the same */
	CHECK_NAN(bench_krugman(a, xz, 2));
	CHECK_NAN(bench_krugman(xn, b, 3));

	/* reference empty in the start year */
	{
		double r0[2] = { 1, 2 }, r1[2] = { 2, 2 }, z[2] = { 0, 0 }, m[2] = { 3, 4 };

		bench_shift_share(r0, r1, z, m, 2, &s);
		CHECK(s.r0 == 3 && s.r1 == 4 && s.why != NULL);
		CHECK_NAN(s.national);
		CHECK_NAN(s.shift);
	}
	/* a named reference that lacks a sector the region has: undefined g_i */
	{
		double r0[2] = { 1, 2 }, r1[2] = { 2, 2 }, m0[2] = { 10, 0 }, m1[2] = { 11, 1 };

		bench_shift_share(r0, r1, m0, m1, 2, &s);
		CHECK(s.why != NULL);
		CHECK_REL(s.national, 3 * 0.2, 1e-15);
		CHECK_NAN(s.mix);
		CHECK_NAN(s.allocation);
	}
	/* a sector that is new both to the region and to the reference */
	{
		double r0[2] = { 4, 0 }, r1[2] = { 4, 3 }, m0[2] = { 8, 0 }, m1[2] = { 8, 5 };

		bench_shift_share(r0, r1, m0, m1, 2, &s);
		CHECK(s.why == NULL && s.new_sectors == 1);
		/* G = 13/8: NS = 4 (5/8) = 2.5; IM = 4 (1 - 13/8) = -2.5; RS = 0 + 3 */
		CHECK_REL(s.national, 2.5, 1e-15);
		CHECK_REL(s.mix, -2.5, 1e-15);
		CHECK_REL(s.shift, 3, 1e-15);
		CHECK_REL(s.competitive, 3, 1e-15);
		CHECK_ABS(s.allocation, 0, 1e-15);
	}
	/* margins of an empty matrix */
	{
		double tot = -1;

		bench_margins(e, 0, 3, NULL, NULL, &tot);
		CHECK(tot == 0);
	}
}

/* ------------------------------------------------------------ tables */

/* The hand example as a long CSV, rows in file order (line 2 first). */
static const char hand_csv[] =
	"region,sector,year,emp\n"
	"A,S1,0,10\nA,S2,0,20\nA,S3,0,10\n"
	"B,S1,0,20\nB,S2,0,10\nB,S3,0,10\n"
	"C,S1,0,10\nC,S2,0,10\nC,S3,0,0\n"
	"A,S1,1,12\nA,S2,1,30\nA,S3,1,10\n"
	"B,S1,1,20\nB,S2,1,10\nB,S3,1,18\n"
	"C,S1,1,16\nC,S2,1,10\nC,S3,1,4\n";

/* The same with a national row "TR" = the column sums of both years. */
static const char hand_tr_rows[] =
	"TR,S1,0,40\nTR,S2,0,40\nTR,S3,0,20\n"
	"TR,S1,1,48\nTR,S2,1,50\nTR,S3,1,32\n";

static struct table *load_text(const char *text)
{
	struct load_options lo;
	struct diag d;
	struct table *t;

	load_options_init(&lo);
	diag_init(&d);
	t = load_memory("test.csv", text, strlen(text), &lo, NULL, &d);
	if (!t)
		fprintf(stderr, "load: %s\n", d.message);
	return t;
}

static void opts_for(const struct table *t, struct regional_opts *o)
{
	memset(o, 0, sizeof *o);
	o->region = (size_t)table_find(t, "region");
	o->sector = (size_t)table_find(t, "sector");
	o->value = (size_t)table_find(t, "emp");
	o->year = table_find(t, "year");
	o->lq_threshold = 1.25;
}

static double num(const struct result_set *rs, const char *table, size_t row, const char *col)
{
	const struct result_table *rt = result_set_find(rs, table);

	return rt ? result_get_number(rt, row, (size_t)result_find_column(rt, col)) : NAN;
}

static const char *text(const struct result_set *rs, const char *table, size_t row,
			const char *col)
{
	const struct result_table *rt = result_set_find(rs, table);
	const char *s = rt ? result_get_text(rt, row, (size_t)result_find_column(rt, col)) : NULL;

	return s ? s : "(missing)";
}

static size_t rows(const struct result_set *rs, const char *table)
{
	const struct result_table *rt = result_set_find(rs, table);

	return rt ? result_rows(rt) : 0;
}

/* Runs bench_regional; returns its result code, d holds the error. */
static int run(const char *csv, struct regional_opts *o_in, const unsigned char *keep,
	       struct result_set **out, struct diag *d)
{
	struct table *t = load_text(csv);
	struct regional_opts o;
	struct selection sel = { keep, keep ? "test" : NULL, 0 };
	int rc;

	diag_init(d);
	*out = result_set_create();
	if (!t || !*out)
		return -2;
	opts_for(t, &o);
	if (o_in) {
		o.span = o_in->span;
		o.from = o_in->from;
		o.to = o_in->to;
		o.reference = o_in->reference;
		o.regions = o_in->regions;
		o.nregions = o_in->nregions;
		if (o_in->lq_threshold > 0)
			o.lq_threshold = o_in->lq_threshold;
		if (o_in->year == -1)
			o.year = -1;
	}
	for (size_t r = 0; keep && r < t->nrows; r++)
		sel.kept += keep[r] != 0;
	rc = bench_regional(t, &o, keep ? &sel : NULL, *out, d);
	table_free(t);
	return rc;
}

static void test_tables(void)
{
	struct regional_opts o;
	struct result_set *rs, *rs2;
	struct diag d;
	char buf[1024];

	memset(&o, 0, sizeof o);
	o.span = 1;
	o.from = 0;
	o.to = 1;
	CHECK_INT(run(hand_csv, &o, NULL, &rs, &d), 0);
	/* location quotients of the end year, region by region, sector by sector */
	CHECK_INT(rows(rs, "location_quotients"), 9);
	CHECK_STR(text(rs, "location_quotients", 4, "region"), "B");
	CHECK_STR(text(rs, "location_quotients", 4, "sector"), "S2");
	CHECK_REL(num(rs, "location_quotients", 4, "lq"), 1300.0 / 2400, 1e-15);
	CHECK_REL(num(rs, "location_quotients", 5, "lq"), 2340.0 / 1536, 1e-15);
	CHECK_REL(num(rs, "location_quotients", 5, "specialised"), 1, 0);
	CHECK_REL(num(rs, "location_quotients", 3, "specialised"), 0, 0);  /* 1.128 < 1.25 */
	CHECK_REL(num(rs, "location_quotients", 5, "year"), 1, 0);
	CHECK_REL(num(rs, "location_quotients", 5, "value"), 18, 0);
	CHECK_REL(num(rs, "location_quotients", 5, "region_total"), 48, 0);
	CHECK_REL(num(rs, "location_quotients", 5, "sector_reference_total"), 32, 0);
	CHECK_REL(num(rs, "location_quotients", 5, "reference_total"), 130, 0);
	CHECK_REL(num(rs, "location_quotients", 5, "share_region"), 18.0 / 48, 1e-15);
	CHECK_REL(num(rs, "location_quotients", 5, "share_reference"), 32.0 / 130, 1e-15);
	CHECK_STR(text(rs, "location_quotients", 5, "reference"), "total of 3 regions");
	/* shift-share rows */
	CHECK_INT(rows(rs, "shift_share"), 3);
	CHECK_STR(text(rs, "shift_share", 2, "region"), "C");
	CHECK_REL(num(rs, "shift_share", 2, "change"), 10, 0);
	CHECK_REL(num(rs, "shift_share", 2, "regional_shift"), 5.5, 1e-14);
	CHECK_REL(num(rs, "shift_share", 2, "em_competitive"), 5.2, 1e-14);
	CHECK_REL(num(rs, "shift_share", 0, "industry_mix"), 1, 1e-14);
	CHECK_REL(num(rs, "shift_share", 1, "em_allocation"), 1.1, 1e-14);
	CHECK_REL(num(rs, "shift_share", 1, "from"), 0, 0);
	CHECK_REL(num(rs, "shift_share", 1, "to"), 1, 0);
	/* specialisation and the pairs */
	CHECK_INT(rows(rs, "specialisation"), 3);
	CHECK_REL(num(rs, "specialisation", 0, "hhi"), 11.0 / 26, 1e-15);
	CHECK_REL(num(rs, "specialisation", 0, "krugman"), 5.0 / 13, 1e-15);
	CHECK_REL(num(rs, "specialisation", 0, "n_sectors"), 3, 0);
	CHECK_INT(rows(rs, "krugman_pairwise"), 3);
	CHECK_STR(text(rs, "krugman_pairwise", 0, "region_b"), "B");
	CHECK_REL(num(rs, "krugman_pairwise", 0, "krugman"), 115.0 / 156, 1e-15);

	/* a national row equal to the total gives the same LQs (and shift-share) */
	{
		char both[sizeof hand_csv + sizeof hand_tr_rows];
		struct regional_opts o2 = o;

		snprintf(both, sizeof both, "%s%s", hand_csv, hand_tr_rows);
		o2.reference = "tr";   /* matched ignoring case */
		CHECK_INT(run(both, &o2, NULL, &rs2, &d), 0);
		CHECK_INT(rows(rs2, "location_quotients"), 9);   /* TR is not a unit */
		for (size_t r = 0; r < 9; r++)
			CHECK_REL(num(rs2, "location_quotients", r, "lq"),
				  num(rs, "location_quotients", r, "lq"), 1e-15);
		for (size_t r = 0; r < 3; r++) {
			CHECK_REL(num(rs2, "shift_share", r, "regional_shift"),
				  num(rs, "shift_share", r, "regional_shift"), 1e-13);
			CHECK_REL(num(rs2, "specialisation", r, "krugman"),
				  num(rs, "specialisation", r, "krugman"), 1e-15);
		}
		CHECK_STR(text(rs2, "location_quotients", 0, "reference"), "TR");
		CHECK_INT(result_set_warnings(rs2)->n, 0);
		result_set_free(rs2);

		/* the same through a row selection that keeps every row */
		{
			unsigned char all[24];

			memset(all, 1, sizeof all);
			CHECK_INT(run(both, &o2, all, &rs2, &d), 0);
			CHECK_REL(num(rs2, "location_quotients", 8, "lq"), 520.0 / 960, 1e-15);
			CHECK_INT(result_set_warnings(rs2)->n, 0);
			result_set_free(rs2);
		}

		/* ... while total over a file that has the national row double counts:
		 * every LQ changes (here E_i and E double, E_r does not) and a
		 * warning points at the national row */
		o2.reference = "total";
		CHECK_INT(run(both, &o2, NULL, &rs2, &d), 0);
		CHECK_INT(rows(rs2, "location_quotients"), 12);
		CHECK_REL(num(rs2, "location_quotients", 0, "lq"), 1560.0 / 2496, 1e-15);
		CHECK_STR(text(rs2, "location_quotients", 0, "reference"), "total of 4 regions");
		CHECK_INT(result_set_warnings(rs2)->n, 1);
		CHECK(strstr(result_set_warnings(rs2)->items[0], "--reference 'TR'") != NULL);
		result_set_free(rs2);
	}

	/* --regions limits the rows, not the reference */
	{
		const char *names[] = { "C" };
		struct regional_opts o2 = o;

		o2.regions = names;
		o2.nregions = 1;
		CHECK_INT(run(hand_csv, &o2, NULL, &rs2, &d), 0);
		CHECK_INT(rows(rs2, "location_quotients"), 3);
		CHECK_REL(num(rs2, "location_quotients", 0, "lq"), 2080.0 / 1440, 1e-15);
		CHECK_INT(rows(rs2, "shift_share"), 1);
		CHECK_INT(rows(rs2, "krugman_pairwise"), 0);   /* one region: no pair */
		result_set_free(rs2);
	}

	/* a row selection that drops C makes the reference the sub-total A + B:
	 * LQ of A in S1 = (12/52)/(32/100) = 0.72115..., with a warning */
	{
		unsigned char keep[18];

		for (size_t r = 0; r < 18; r++)
			keep[r] = !(r % 9 >= 6);
		CHECK_INT(run(hand_csv, &o, keep, &rs2, &d), 0);
		CHECK_REL(num(rs2, "location_quotients", 0, "lq"), (12.0 / 52) / (32.0 / 100),
			  1e-15);
		CHECK_STR(text(rs2, "location_quotients", 0, "reference"), "total of 2 regions");
		CHECK(result_set_warnings(rs2)->n == 1 &&
		      strstr(result_set_warnings(rs2)->items[0], "leaves out 1 of 3 regions"));
		result_set_free(rs2);
	}
	result_set_free(rs);

	/* a sector with zero reference total: LQ missing with a note, no error */
	CHECK_INT(run("region,sector,emp\nA,x,5\nA,y,0\nB,x,3\nB,y,0\n", NULL, NULL, &rs, &d), 0);
	CHECK_NAN(num(rs, "location_quotients", 1, "lq"));
	CHECK_NAN(num(rs, "location_quotients", 1, "specialised"));
	CHECK_STR(text(rs, "location_quotients", 1, "note"),
		  "sector absent from the reference economy");
	CHECK_REL(num(rs, "location_quotients", 0, "lq"), 1, 1e-15);
	CHECK_NAN(num(rs, "specialisation", 0, "year"));
	CHECK_INT(rows(rs, "shift_share"), 0);
	CHECK(result_set_find(rs, "shift_share") == NULL);
	result_set_free(rs);

	/* absent cells count as 0 (warning) and get no LQ row */
	CHECK_INT(run("region,sector,emp\nA,x,5\nA,y,5\nB,x,3\n", NULL, NULL, &rs, &d), 0);
	CHECK_INT(rows(rs, "location_quotients"), 3);
	CHECK_REL(num(rs, "location_quotients", 2, "lq"), 1 / (8.0 / 13), 1e-15);
	CHECK_REL(num(rs, "specialisation", 1, "n_sectors"), 1, 0);
	CHECK_INT(result_set_warnings(rs)->n, 1);
	result_set_free(rs);

	/* ---- errors ---- */
	CHECK_INT(run("region,sector,year,emp\nA,x,1,5\nA,y,1,2\nA,x,1,4\n", NULL, NULL, &rs, &d),
		  -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(diag_format(&d, buf, sizeof buf), "test.csv:4: duplicate row for region 'A', "
		  "sector 'x', year 1: lines 2 and 4");
	result_set_free(rs);

	memset(&o, 0, sizeof o);
	o.year = -1;
	CHECK_INT(run("region,sector,year,emp\nA,x,1,5\nA,x,2,4\n", &o, NULL, &rs, &d), -1);
	CHECK(strstr(d.message, "lines 2 and 3; if the file has several years") != NULL);
	result_set_free(rs);

	CHECK_INT(run("region,sector,emp\nA,x,5\nB,x,-2\n", NULL, NULL, &rs, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(diag_format(&d, buf, sizeof buf), "test.csv:3: emp: negative value -2: "
		  "employment and other counts cannot be negative");
	result_set_free(rs);

	CHECK_INT(run("region,sector,emp\nA,x,5\nB,x,\n", NULL, NULL, &rs, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_INT(d.line, 3);
	CHECK(strncmp(d.message, "missing value", 13) == 0);
	result_set_free(rs);

	CHECK_INT(run("region,sector,emp\nA,x,5\nB,x,7x\nC,x,4\n", NULL, NULL, &rs, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	CHECK_STR(diag_format(&d, buf, sizeof buf), "test.csv:3: emp: expected a number, got '7x'");
	result_set_free(rs);

	CHECK_INT(run("region,sector,emp\nA,x,a\nB,x,b\n", NULL, NULL, &rs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	result_set_free(rs);

	CHECK_INT(run("region,sector,emp\nA,,5\n", NULL, NULL, &rs, &d), -1);
	CHECK_STR(diag_format(&d, buf, sizeof buf), "test.csv:2: sector: missing sector");
	result_set_free(rs);

	memset(&o, 0, sizeof o);
	o.span = 1;
	o.from = 0;
	o.to = 5;
	CHECK_INT(run(hand_csv, &o, NULL, &rs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	CHECK_STR(d.message, "--to 5: no selected row has year 5; the years are 0, 1");
	result_set_free(rs);

	o.from = 1;
	o.to = 0;
	CHECK_INT(run(hand_csv, &o, NULL, &rs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	result_set_free(rs);

	memset(&o, 0, sizeof o);
	o.reference = "Türkiye";
	CHECK_INT(run(hand_csv, &o, NULL, &rs, &d), -1);
	CHECK_INT(d.code, DIAG_USAGE);
	CHECK_STR(d.message, "--reference: no region 'Türkiye' in column 'region'; the regions "
		  "are: A, B, C; or use --reference total, the sum of all regions");
	result_set_free(rs);

	{
		const char *names[] = { "A", "Q" };

		memset(&o, 0, sizeof o);
		o.regions = names;
		o.nregions = 2;
		CHECK_INT(run(hand_csv, &o, NULL, &rs, &d), -1);
		CHECK_INT(d.code, DIAG_USAGE);
		CHECK(strncmp(d.message, "--regions: no region 'Q'", 24) == 0);
		result_set_free(rs);

		names[1] = "B";
		o.reference = "A";
		CHECK_INT(run(hand_csv, &o, NULL, &rs, &d), -1);
		CHECK_STR(d.message, "--regions: 'A' is the reference economy, not a unit");
		result_set_free(rs);
	}
	/* only the reference region */
	memset(&o, 0, sizeof o);
	o.reference = "A";
	CHECK_INT(run("region,sector,emp\nA,x,5\n", &o, NULL, &rs, &d), -1);
	CHECK_INT(d.code, DIAG_DATA);
	result_set_free(rs);
}

/* ------------------------------------------------------------ main */

int main(void)
{
	test_growth();
	test_hand();
	test_r_fixture();
	test_identities();
	test_edges();
	test_tables();
	printf("worst relative error against R: lq %.2g, shift-share %.2g (exact: %.2g), "
	       "hhi/krugman %.2g\n", worst_lq, worst_ss, worst_exact, worst_spec);
	return tc_summary("test_bench_regional");
}
