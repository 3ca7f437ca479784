/* SPDX-License-Identifier: GPL-3.0-or-later */
/* numparse: correctly rounded decimal parsing (Clinger fast path, strtod otherwise) and formatting. */
#include "clusterbench/numparse.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Significant digits a uint64_t always holds (10^19 - 1 < 2^64). */
#define MAX_SIG 19

/*
 * Significant digits handed to strtod. Every midpoint between two adjacent
 * doubles (and the overflow and underflow thresholds) has at most 767
 * significant decimal digits, so a number cut after K >= 768 digits, with a
 * '1' appended when a non-zero digit was cut, lies strictly between the same
 * midpoints as the full number and rounds the same way.
 */
#define KEEP_DIGITS 800

/* The written exponent saturates here: far beyond any double's range. */
#define EXP_CAP 1000000000000000LL

#define TWO53 9007199254740992ULL

/*
 * Clinger's fast path needs every double operation rounded once, to double:
 * not so when intermediates are kept in x87 extended precision.
 */
#if FLT_EVAL_METHOD == 0 || FLT_EVAL_METHOD == 1
#define NUM_FAST_PATH 1
#else
#define NUM_FAST_PATH 0
#endif

/* The mantissa as the scanner left it: value = m * 10^(dexp + ex) (+ tail). */
struct scan {
	const char *digits;   /* first byte after the sign */
	const char *mant_end; /* one past the mantissa: the exponent or the end */
	uint64_t m;           /* first min(nsig, MAX_SIG) significant digits */
	int64_t nsig;         /* significant digits (from the first non-zero) */
	int64_t dexp;         /* decimal exponent of m's last digit, before ex */
	int64_t ex;           /* written exponent, saturated at ±EXP_CAP */
	unsigned sticky;      /* non-zero when a digit dropped from m was non-zero */
	unsigned flags;       /* NUM_F_* */
	int neg;
};

static int marks_valid(char decimal, char group)
{
	if (decimal == '.')
		return group == 0 || group == ',';
	if (decimal == ',')
		return group == 0 || group == '.';
	return 0;
}

static unsigned digit_of(char c)
{
	/* Wraps to a large value for anything below '0'. */
	return (unsigned)(unsigned char)c - (unsigned)'0';
}

/*
 * Checks the grammar of num_parse and accumulates the mantissa in one pass.
 * Returns 0 when the whole text is a number, -1 otherwise.
 */
static int scan_number(const char *s, size_t len, char decimal, char group,
		       struct scan *sc)
{
	const char *p = s, *end = s + len;
	uint64_t m = 0;
	int64_t nsig = 0, dexp = 0, ex = 0;
	unsigned sticky = 0, flags = NUM_F_INTEGER, d;
	size_t ndigits = 0, run = 0, ngroups = 0;

	sc->neg = 0;
	if (p < end && (*p == '+' || *p == '-')) {
		sc->neg = *p == '-';
		p++;
	}
	sc->digits = p;

	/* Integer part, with well-formed thousands groups when allowed. */
	for (; p < end; p++) {
		d = digit_of(*p);
		if (d < 10) {
			run++;
			if (nsig < MAX_SIG) {
				m = m * 10 + d;
				nsig += m != 0;
			} else {
				sticky |= d;
				dexp++;
				nsig++;
			}
		} else if (group && *p == group) {
			/* First group 1-3 digits (run - 1 wraps when 0), then 3. */
			if (ngroups == 0 ? run - 1 > 2 : run != 3)
				return -1;
			ndigits += run;
			run = 0;
			ngroups++;
		} else {
			break;
		}
	}
	if (ngroups && run != 3)
		return -1;
	ndigits += run;

	if (p < end && *p == decimal) {
		flags = 0;
		for (p++; p < end; p++) {
			d = digit_of(*p);
			if (d >= 10)
				break;
			ndigits++;
			if (nsig < MAX_SIG) {
				m = m * 10 + d;
				nsig += m != 0;
				dexp--;
			} else {
				sticky |= d;
				nsig++;
			}
		}
	}
	if (ndigits == 0)
		return -1;
	sc->mant_end = p;

	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0;
		size_t edigits = 0;

		flags = 0;
		p++;
		if (p < end && (*p == '+' || *p == '-')) {
			eneg = *p == '-';
			p++;
		}
		for (; p < end; p++) {
			d = digit_of(*p);
			if (d >= 10)
				break;
			edigits++;
			if (ex < EXP_CAP)
				ex = ex * 10 + d;
		}
		if (edigits == 0)
			return -1;
		if (eneg)
			ex = -ex;
	}
	if (p != end)
		return -1;

	sc->m = m;
	sc->nsig = nsig;
	sc->dexp = dexp;
	sc->ex = ex;
	sc->sticky = sticky;
	sc->flags = flags | (ngroups ? NUM_F_GROUPED : 0u);
	return 0;
}

#if NUM_FAST_PATH
static const double pow10_dbl[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static const uint64_t pow10_u64[16] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL
};

/*
 * Clinger's fast path: m <= 2^53 and 10^|e| (|e| <= 22) are exact doubles,
 * so one correctly rounded multiplication or division gives the correctly
 * rounded value. Also takes m * 10^e with e in 23..37 when m * 10^(e-22)
 * is still an integer <= 2^53. m > 0. Returns 1 when *v was set.
 */
static int clinger(uint64_t m, int64_t e, double *v)
{
	if (m > TWO53) {
		/* "100000000000000000000" and the like: drop trailing zeros. */
		while (m % 10 == 0) {
			m /= 10;
			e++;
		}
		if (m > TWO53)
			return 0;
	}
	if (e < 0) {
		if (e < -22)
			return 0;
		*v = (double)m / pow10_dbl[-e];
	} else if (e <= 22) {
		*v = (double)m * pow10_dbl[e];
	} else if (e <= 22 + 15 && m <= TWO53 / pow10_u64[e - 22]) {
		*v = (double)(m * pow10_u64[e - 22]) * 1e22;
	} else {
		return 0;
	}
	return 1;
}
#endif

/*
 * Writes "[-].DDDe<e10>" (at most KEEP_DIGITS digits plus a sticky '1')
 * and converts it with strtod. e10 is the exponent with the decimal point
 * before the first significant digit, already within [-323, 309].
 */
static int slow_path(const struct scan *sc, int64_t e10, double *v)
{
	char buf[KEEP_DIGITS + 40];
	char *q = buf;
	const char *p;
	size_t kept = 0;
	int saved_errno = errno;

	if (sc->neg)
		*q++ = '-';
	*q++ = '.';
	for (p = sc->digits; p < sc->mant_end; p++) {
		if (digit_of(*p) >= 10 || (kept == 0 && *p == '0'))
			continue; /* separator, mark or leading zero */
		if (kept == KEEP_DIGITS) {
			if (*p != '0') {
				*q++ = '1';
				break;
			}
			continue;
		}
		*q++ = *p;
		kept++;
	}
	/*
	 * e10 is within [-323, 309]: three digits at most, written by hand
	 * (snprintf here costs about as much as strtod itself).
	 */
	*q++ = 'e';
	if (e10 < 0) {
		*q++ = '-';
		e10 = -e10;
	}
	if (e10 >= 100)
		*q++ = (char)('0' + e10 / 100);
	if (e10 >= 10)
		*q++ = (char)('0' + e10 / 10 % 10);
	*q++ = (char)('0' + e10 % 10);
	*q = '\0';

	*v = strtod(buf, NULL);
	errno = saved_errno; /* ERANGE on underflow is not an error here */
	return isinf(*v) ? NUM_RANGE : NUM_OK;
}

int num_parse(const char *s, size_t len, char decimal, char group,
	      double *out, unsigned *flags)
{
	struct scan sc;
	double v;
	int64_t e10;
	int rc = NUM_OK;

	if (flags)
		*flags = 0;
	if (out)
		*out = NAN;
	if (!marks_valid(decimal, group) ||
	    scan_number(s, len, decimal, group, &sc) != 0)
		return NUM_INVALID;
	if (flags)
		*flags = sc.flags;

	if (sc.nsig == 0) {
		v = sc.neg ? -0.0 : 0.0;
		goto done;
	}
	/* Value in [10^(e10-1), 10^e10). */
	e10 = (sc.nsig < MAX_SIG ? sc.nsig : MAX_SIG) + sc.dexp + sc.ex;
	if (e10 >= 310)
		return NUM_RANGE; /* >= 1e309 */
	if (e10 < -323) {
		/* < 1e-324, below half the smallest subnormal */
		v = sc.neg ? -0.0 : 0.0;
		goto done;
	}
#if NUM_FAST_PATH
	if (!sc.sticky && clinger(sc.m, sc.dexp + sc.ex, &v)) {
		if (sc.neg)
			v = -v;
		goto done;
	}
#endif
	rc = slow_path(&sc, e10, &v);
	if (rc != NUM_OK)
		return rc;
done:
	if (out)
		*out = v;
	return NUM_OK;
}

size_t num_format(double x, char *buf, size_t size)
{
	char tmp[NUM_FORMAT_SIZE];
	size_t n = 0;
	int prec, w;
	double y;

	if (!isfinite(x)) {
		if (size)
			buf[0] = '\0';
		return 0;
	}
	if (x == 0) {
		tmp[0] = '0';
		tmp[1] = '\0';
		n = 1;
	} else if (x == floor(x) && fabs(x) < 1e15) {
		/* a whole number of at most 15 digits: %.15g prints its digits */
		unsigned long long u = (unsigned long long)fabs(x);
		char digits[20];
		size_t k = 0;

		while (u) {
			digits[k++] = (char)('0' + u % 10);
			u /= 10;
		}
		if (x < 0)
			tmp[n++] = '-';
		while (k)
			tmp[n++] = digits[--k];
		tmp[n] = '\0';
	} else {
		for (prec = 15; prec <= 17; prec++) {
			w = snprintf(tmp, sizeof tmp, "%.*g", prec, x);
			n = w > 0 ? (size_t)w : 0;
			/* %.17g always reads back exactly. */
			if (prec == 17 ||
			    (num_parse(tmp, n, '.', 0, &y, NULL) == NUM_OK && y == x))
				break;
		}
	}
	if (size) {
		size_t c = n < size ? n : size - 1;

		memcpy(buf, tmp, c);
		buf[c] = '\0';
	}
	return n;
}
