/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_numparse: num_parse against C literals and glibc strtod (bit for bit), num_format round trips. */
#include "clusterbench/numparse.h"

#include <float.h>
#include <math.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcheck.h"

/*
 * References: the compiler's reading of C literals (GCC rounds them
 * correctly through MPFR) and glibc's strtod, which is correctly rounded
 * (round to nearest, ties to even) for any number of digits. Exact decimal
 * expansions of midpoints come from glibc printf of long double values,
 * which prints binary values exactly.
 */

#define ERR 1e300 /* placeholder value for cases that must fail */

static uint64_t bits_of(double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof u);
	return u;
}

static double from_bits(uint64_t u)
{
	double x;

	memcpy(&x, &u, sizeof x);
	return x;
}

/* splitmix64: deterministic, good enough to spread test inputs. */
static uint64_t rng_state = 0x20240917C1u;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static unsigned rnd_below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/*
 * Parses text (copied into a buffer of exactly its length, so that a read
 * past the end is caught by AddressSanitizer).
 */
static int parse_exact(const char *text, size_t len, char dec, char grp,
		       double *v, unsigned *fl)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	if (!copy) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	memcpy(copy, text, len);
	rc = num_parse(copy, len, dec, grp, v, fl);
	free(copy);
	return rc;
}

/* Reference: strtod on a plain '.' text; NUM_RANGE when it overflows. */
static int ref_parse(const char *dot_text, double *v)
{
	char *end;

	*v = strtod(dot_text, &end);
	if (*end != '\0') {
		fprintf(stderr, "reference strtod did not read all of \"%s\"\n", dot_text);
		exit(2);
	}
	return isinf(*v) ? NUM_RANGE : NUM_OK;
}

struct pcase {
	const char *s;
	char dec, grp;
	int rc;
	double v; /* for NUM_OK; compared bit for bit */
	unsigned fl;
};

#define I NUM_F_INTEGER
#define G NUM_F_GROUPED

static const struct pcase cases[] = {
	/* '.' dialect, no grouping */
	{ "0", '.', 0, NUM_OK, 0.0, I },
	{ "-0", '.', 0, NUM_OK, -0.0, I },
	{ "+0", '.', 0, NUM_OK, 0.0, I },
	{ "-0.0", '.', 0, NUM_OK, -0.0, 0 },
	{ "-0e5", '.', 0, NUM_OK, -0.0, 0 },
	{ "000", '.', 0, NUM_OK, 0.0, I },
	{ "123", '.', 0, NUM_OK, 123.0, I },
	{ "+123", '.', 0, NUM_OK, 123.0, I },
	{ "-123", '.', 0, NUM_OK, -123.0, I },
	{ "007", '.', 0, NUM_OK, 7.0, I },
	{ "12345.67", '.', 0, NUM_OK, 12345.67, 0 },
	{ ".5", '.', 0, NUM_OK, 0.5, 0 },
	{ "5.", '.', 0, NUM_OK, 5.0, 0 },
	{ "-.5", '.', 0, NUM_OK, -0.5, 0 },
	{ "+.5", '.', 0, NUM_OK, 0.5, 0 },
	{ "1e5", '.', 0, NUM_OK, 1e5, 0 },
	{ "1E5", '.', 0, NUM_OK, 1e5, 0 },
	{ "1e+5", '.', 0, NUM_OK, 1e5, 0 },
	{ "1e-5", '.', 0, NUM_OK, 1e-5, 0 },
	{ "1.5e3", '.', 0, NUM_OK, 1500.0, 0 },
	{ ".5e1", '.', 0, NUM_OK, 5.0, 0 },
	{ "5.e-1", '.', 0, NUM_OK, 0.5, 0 },
	{ "1e-00", '.', 0, NUM_OK, 1.0, 0 },
	{ "1e0000000000000000000000000000000000000005", '.', 0, NUM_OK, 1e5, 0 },
	{ "0.1", '.', 0, NUM_OK, 0.1, 0 },
	{ "0.30000000000000004", '.', 0, NUM_OK, 0.30000000000000004, 0 },
	{ "1e999999999999", '.', 0, NUM_RANGE, ERR, 0 },
	{ "-1e999999999999", '.', 0, NUM_RANGE, ERR, 0 },
	{ "1e99999999999999999999999999999999999", '.', 0, NUM_RANGE, ERR, 0 },
	{ "1e-999999999999", '.', 0, NUM_OK, 0.0, 0 },
	{ "-1e-999999999999", '.', 0, NUM_OK, -0.0, 0 },
	{ "0e999999999999", '.', 0, NUM_OK, 0.0, 0 },
	{ "123456789012345678901234567890", '.', 0, NUM_OK, 123456789012345678901234567890.0, I },
	{ "100000000000000000000000", '.', 0, NUM_OK, 1e23, I },
	{ "1e23", '.', 0, NUM_OK, 1e23, 0 },
	{ "1e22", '.', 0, NUM_OK, 1e22, 0 },
	{ "1e-22", '.', 0, NUM_OK, 1e-22, 0 },
	{ "1e-23", '.', 0, NUM_OK, 1e-23, 0 },
	{ "123e30", '.', 0, NUM_OK, 123e30, 0 },
	{ "9007199254740991e22", '.', 0, NUM_OK, 9007199254740991e22, 0 },
	{ "3.14159265358979323846264338327950288", '.', 0, NUM_OK, 3.14159265358979323846264338327950288, 0 },
	{ "1.7976931348623157e308", '.', 0, NUM_OK, DBL_MAX, 0 },
	{ "1.7976931348623158e308", '.', 0, NUM_OK, DBL_MAX, 0 },
	{ "-1.7976931348623157e308", '.', 0, NUM_OK, -DBL_MAX, 0 },
	{ "1.7976931348623159e308", '.', 0, NUM_RANGE, ERR, 0 },
	{ "-1.7976931348623159e308", '.', 0, NUM_RANGE, ERR, 0 },
	{ "1e309", '.', 0, NUM_RANGE, ERR, 0 },
	{ "2.2250738585072014e-308", '.', 0, NUM_OK, DBL_MIN, 0 },
	{ "2.2250738585072011e-308", '.', 0, NUM_OK, 2.2250738585072011e-308, 0 },
	{ "2.2250738585072012e-308", '.', 0, NUM_OK, 2.2250738585072012e-308, 0 },
	{ "4.9406564584124654e-324", '.', 0, NUM_OK, 4.9406564584124654e-324, 0 },
	{ "5e-324", '.', 0, NUM_OK, 4.9406564584124654e-324, 0 },
	{ "3e-324", '.', 0, NUM_OK, 4.9406564584124654e-324, 0 },
	{ "2.4703282292062328e-324", '.', 0, NUM_OK, 4.9406564584124654e-324, 0 },
	{ "2.4703282292062327e-324", '.', 0, NUM_OK, 0.0, 0 },
	{ "-2.4703282292062327e-324", '.', 0, NUM_OK, -0.0, 0 },
	{ "2e-324", '.', 0, NUM_OK, 0.0, 0 },
	{ "9007199254740992", '.', 0, NUM_OK, 9007199254740992.0, I },
	{ "9007199254740993", '.', 0, NUM_OK, 9007199254740992.0, I },
	{ "9007199254740994", '.', 0, NUM_OK, 9007199254740994.0, I },
	{ "9007199254740995", '.', 0, NUM_OK, 9007199254740996.0, I },
	{ "9007199254740993.0000000000001", '.', 0, NUM_OK, 9007199254740994.0, 0 },
	{ "9007199254740991", '.', 0, NUM_OK, 9007199254740991.0, I },
	{ "18446744073709551615", '.', 0, NUM_OK, 18446744073709551615.0, I },
	{ "18446744073709551616", '.', 0, NUM_OK, 18446744073709551616.0, I },
	{ "99999999999999999999", '.', 0, NUM_OK, 99999999999999999999.0, I },
	{ "0.000000000000000000000000000000000000000000001", '.', 0, NUM_OK, 1e-45, 0 },
	/* '.' dialect, rejected */
	{ "", '.', 0, NUM_INVALID, ERR, 0 },
	{ "+", '.', 0, NUM_INVALID, ERR, 0 },
	{ "-", '.', 0, NUM_INVALID, ERR, 0 },
	{ ".", '.', 0, NUM_INVALID, ERR, 0 },
	{ "-.", '.', 0, NUM_INVALID, ERR, 0 },
	{ "+.", '.', 0, NUM_INVALID, ERR, 0 },
	{ "e5", '.', 0, NUM_INVALID, ERR, 0 },
	{ ".e5", '.', 0, NUM_INVALID, ERR, 0 },
	{ "-e5", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1e", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1e+", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1e-", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1e5e5", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1e1.5", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1e 5", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1.2.3", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1.5.", '.', 0, NUM_INVALID, ERR, 0 },
	{ " 1", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1 ", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1 234", '.', 0, NUM_INVALID, ERR, 0 },
	{ "- 1", '.', 0, NUM_INVALID, ERR, 0 },
	{ "\t1", '.', 0, NUM_INVALID, ERR, 0 },
	{ "0x10", '.', 0, NUM_INVALID, ERR, 0 },
	{ "0x1p3", '.', 0, NUM_INVALID, ERR, 0 },
	{ "inf", '.', 0, NUM_INVALID, ERR, 0 },
	{ "-inf", '.', 0, NUM_INVALID, ERR, 0 },
	{ "Inf", '.', 0, NUM_INVALID, ERR, 0 },
	{ "infinity", '.', 0, NUM_INVALID, ERR, 0 },
	{ "nan", '.', 0, NUM_INVALID, ERR, 0 },
	{ "NaN", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1_000", '.', 0, NUM_INVALID, ERR, 0 },
	{ "165 ki\xc5\x9fi", '.', 0, NUM_INVALID, ERR, 0 },
	{ "%12", '.', 0, NUM_INVALID, ERR, 0 },
	{ "12%", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1,5", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1,234", '.', 0, NUM_INVALID, ERR, 0 },
	{ "++1", '.', 0, NUM_INVALID, ERR, 0 },
	{ "+-1", '.', 0, NUM_INVALID, ERR, 0 },
	{ "--1", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1-", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1d5", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1f", '.', 0, NUM_INVALID, ERR, 0 },
	{ "\xd9\xa1\xd9\xa2", '.', 0, NUM_INVALID, ERR, 0 }, /* Arabic-Indic digits */
	{ "\xef\xbc\x91", '.', 0, NUM_INVALID, ERR, 0 },     /* fullwidth 1 */
	{ "1/2", '.', 0, NUM_INVALID, ERR, 0 },
	{ "1:2", '.', 0, NUM_INVALID, ERR, 0 },
	{ "TRUE", '.', 0, NUM_INVALID, ERR, 0 },
	/* ',' dialect with '.' groups */
	{ "1.234.567,5", ',', '.', NUM_OK, 1234567.5, G },
	{ "1.234", ',', '.', NUM_OK, 1234.0, I | G },
	{ "-1.234,5", ',', '.', NUM_OK, -1234.5, G },
	{ "+12.345,25", ',', '.', NUM_OK, 12345.25, G },
	{ "123.456.789", ',', '.', NUM_OK, 123456789.0, I | G },
	{ "1.234e3", ',', '.', NUM_OK, 1234000.0, G },
	{ "1.234,", ',', '.', NUM_OK, 1234.0, G },
	{ "0.001", ',', '.', NUM_OK, 1.0, I | G },
	{ "1234,5", ',', '.', NUM_OK, 1234.5, 0 },
	{ "1234", ',', '.', NUM_OK, 1234.0, I },
	{ ",5", ',', '.', NUM_OK, 0.5, 0 },
	{ "-,5", ',', '.', NUM_OK, -0.5, 0 },
	{ "5,", ',', '.', NUM_OK, 5.0, 0 },
	{ "12,5e3", ',', '.', NUM_OK, 12500.0, 0 },
	{ "0,1", ',', '.', NUM_OK, 0.1, 0 },
	{ "-0,0", ',', '.', NUM_OK, -0.0, 0 },
	{ "1.234.567.890.123.456.789.012,5", ',', '.', NUM_OK, 1234567890123456789012.5, G },
	{ "1.23,4", ',', '.', NUM_INVALID, ERR, 0 },
	{ "12.34", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1..234", ',', '.', NUM_INVALID, ERR, 0 },
	{ ".5", ',', '.', NUM_INVALID, ERR, 0 },
	{ ".234", ',', '.', NUM_INVALID, ERR, 0 },
	{ "-.234", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1.", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1.234.", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1.2345", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1234.567", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1.234.56", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1,234,5", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1,2.345", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1,234.567", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1.234,5.6", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1.234 567", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1 234,5", ',', '.', NUM_INVALID, ERR, 0 },
	{ "1.234e3.5", ',', '.', NUM_INVALID, ERR, 0 },
	{ ",", ',', '.', NUM_INVALID, ERR, 0 },
	{ "-,", ',', '.', NUM_INVALID, ERR, 0 },
	{ "%12,5", ',', '.', NUM_INVALID, ERR, 0 },
	/* ',' dialect without groups */
	{ "1234,5", ',', 0, NUM_OK, 1234.5, 0 },
	{ "-0,25e-2", ',', 0, NUM_OK, -0.0025, 0 },
	{ "1.234", ',', 0, NUM_INVALID, ERR, 0 },
	{ "1.234,5", ',', 0, NUM_INVALID, ERR, 0 },
	{ "1.5", ',', 0, NUM_INVALID, ERR, 0 },
	/* '.' dialect with ',' groups (quoted US-style exports) */
	{ "1,234,567.5", '.', ',', NUM_OK, 1234567.5, G },
	{ "-12,345", '.', ',', NUM_OK, -12345.0, I | G },
	{ "1234.5", '.', ',', NUM_OK, 1234.5, 0 },
	{ "1,23", '.', ',', NUM_INVALID, ERR, 0 },
	{ "1,234.5,6", '.', ',', NUM_INVALID, ERR, 0 },
	/* decimal/group pairs that are not allowed */
	{ "1", '.', '.', NUM_INVALID, ERR, 0 },
	{ "1", ',', ',', NUM_INVALID, ERR, 0 },
	{ "1", ';', 0, NUM_INVALID, ERR, 0 },
	{ "1", '.', ' ', NUM_INVALID, ERR, 0 },
	{ "1", ',', '\'', NUM_INVALID, ERR, 0 },
	{ "1", 0, 0, NUM_INVALID, ERR, 0 },
};

static void check_case(const struct pcase *c)
{
	size_t len = strlen(c->s);
	double v = 12345.0;
	unsigned fl = 999;
	int rc = parse_exact(c->s, len, c->dec, c->grp, &v, &fl);

	if (rc != c->rc) {
		TC_FAIL("\"%s\" ('%c','%c'): rc %d, want %d", c->s, c->dec,
			c->grp ? c->grp : '0', rc, c->rc);
		return;
	}
	tc_passed++;
	if (rc == NUM_OK) {
		if (bits_of(v) != bits_of(c->v))
			TC_FAIL("\"%s\": got %.17g (%016llx), want %.17g (%016llx)", c->s,
				v, (unsigned long long)bits_of(v), c->v,
				(unsigned long long)bits_of(c->v));
		else
			tc_passed++;
	} else {
		CHECK_NAN(v);
	}
	if (fl != c->fl)
		TC_FAIL("\"%s\": flags %u, want %u", c->s, fl, c->fl);
	else
		tc_passed++;

	/* NULL out/flags are allowed and give the same status. */
	CHECK_INT(num_parse(c->s, len, c->dec, c->grp, NULL, NULL), c->rc);

	/* In the '.' dialect without groups, strtod must agree. */
	if (c->dec == '.' && c->grp == 0 && rc != NUM_INVALID) {
		double r;
		int rrc = ref_parse(c->s, &r);

		CHECK_INT(rc, rrc);
		if (rrc == NUM_OK)
			CHECK(bits_of(r) == bits_of(v));
	}
}

static void test_hand_cases(void)
{
	size_t i;
	double v;
	unsigned fl;
	const char nul[] = "12\0" "3";

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_case(&cases[i]);

	/* Only [s, s+len) is read: a prefix and an embedded NUL. */
	CHECK_INT(parse_exact("12345", 3, '.', 0, &v, &fl), NUM_OK);
	CHECK(v == 123.0 && fl == NUM_F_INTEGER);
	CHECK_INT(parse_exact("1.5e10", 3, '.', 0, &v, &fl), NUM_OK);
	CHECK(v == 1.5 && fl == 0);
	CHECK_INT(parse_exact(nul, 4, '.', 0, &v, NULL), NUM_INVALID);
	CHECK_INT(parse_exact(nul, 2, '.', 0, &v, NULL), NUM_OK);
	CHECK(v == 12.0);
	CHECK_INT(parse_exact("7", 0, '.', 0, &v, &fl), NUM_INVALID);
	CHECK(fl == 0);
	/* Overflow keeps the flags describing the text. */
	CHECK_INT(parse_exact("1.000e400", 9, ',', '.', &v, &fl), NUM_RANGE);
	CHECK(fl == NUM_F_GROUPED);
	CHECK_INT(parse_exact("2.000.000", 9, ',', '.', &v, &fl), NUM_OK);
	CHECK(v == 2e6 && fl == (NUM_F_INTEGER | NUM_F_GROUPED));
}

/* Long and extreme texts, built here and compared with strtod. */
static void check_vs_strtod(const char *text)
{
	double v, r;
	int rc = parse_exact(text, strlen(text), '.', 0, &v, NULL);
	int rrc = ref_parse(text, &r);

	if (rc != rrc || (rc == NUM_OK && bits_of(v) != bits_of(r)))
		TC_FAIL("\"%.60s...\" (%zu chars): rc %d value %.17g, strtod %d %.17g",
			text, strlen(text), rc, v, rrc, r);
	else
		tc_passed++;
}

static void test_long_texts(void)
{
	static char buf[12000];
	size_t i;
	double v;

	/* 1 followed by 308, 309 zeros: 1e308 and overflow. */
	buf[0] = '1';
	memset(buf + 1, '0', 308);
	buf[309] = '\0';
	check_vs_strtod(buf);
	CHECK_INT(parse_exact(buf, 309, '.', 0, &v, NULL), NUM_OK);
	CHECK(v == 1e308);
	buf[309] = '0';
	buf[310] = '\0';
	CHECK_INT(parse_exact(buf, 310, '.', 0, &v, NULL), NUM_RANGE);

	/* 0.(5000 zeros)1e5001 == 1 */
	strcpy(buf, "0.");
	memset(buf + 2, '0', 5000);
	strcpy(buf + 5002, "1e5001");
	CHECK_INT(parse_exact(buf, strlen(buf), '.', 0, &v, NULL), NUM_OK);
	CHECK(v == 1.0);
	check_vs_strtod(buf);
	strcpy(buf + 5002, "1e4677"); /* 1e-324: rounds to 0 */
	check_vs_strtod(buf);
	strcpy(buf + 5002, "5e4678"); /* 5e-323 */
	check_vs_strtod(buf);
	strcpy(buf + 5002, "1e999999999999999999999");
	CHECK_INT(parse_exact(buf, strlen(buf), '.', 0, &v, NULL), NUM_RANGE);

	/* 10000 digits then a large negative exponent. */
	for (i = 0; i < 10000; i++)
		buf[i] = (char)('0' + (i * 7 + 3) % 10);
	strcpy(buf + 10000, "e-10100");
	check_vs_strtod(buf);
	strcpy(buf + 10000, "e-9700");
	check_vs_strtod(buf);
	strcpy(buf + 10000, "e-9000");
	CHECK_INT(parse_exact(buf, strlen(buf), '.', 0, &v, NULL), NUM_RANGE);
	/* 3000 nines: 1e3000 after rounding, overflow. */
	memset(buf, '9', 3000);
	strcpy(buf + 3000, "e-2692"); /* 0.999...e309 rounds to 1e308 */
	check_vs_strtod(buf);
	strcpy(buf + 3000, "e-3308");
	check_vs_strtod(buf);
}

#if LDBL_MANT_DIG >= 54 && LDBL_MIN_EXP <= DBL_MIN_EXP - 60
/*
 * Writes the exact decimal expansion of the long double h as a plain
 * "D.DDD...e±N" text with trailing zeros removed.
 */
static void exact_text(long double h, char *buf, size_t size)
{
	char *e, *z;

	snprintf(buf, size, "%.1200Le", h);
	e = strchr(buf, 'e');
	z = e;
	while (z > buf && z[-1] == '0')
		z--;
	memmove(z, e, strlen(e) + 1);
}

/*
 * Around the midpoint h of a < b (adjacent doubles, or b = inf): exactly h
 * (ties to even), h plus a far sticky digit (rounds up), and h minus a
 * little (rounds down), written with up to about 3000 digits.
 */
static void check_midpoint(double a, long double h)
{
	static char base[1400], txt[4000];
	char *e, *last;
	size_t k;

	exact_text(h, base, sizeof base);
	check_vs_strtod(base);

	/* h + 10^-2500 relative: insert zeros and a 1 before 'e'. */
	e = strchr(base, 'e');
	k = (size_t)(e - base);
	memcpy(txt, base, k);
	memset(txt + k, '0', 2500);
	txt[k + 2500] = '1';
	strcpy(txt + k + 2501, e);
	check_vs_strtod(txt);

	/* h - tiny: lower the last non-zero digit by one and append nines. */
	memcpy(txt, base, k);
	last = txt + k - 1;
	while (*last == '.' || *last == '0')
		last--;
	{
		(*last)--;
		memset(txt + k, '9', 1500);
		strcpy(txt + k + 1500, e);
		check_vs_strtod(txt);
		{
			double v;
			int rc = parse_exact(txt, strlen(txt), '.', 0, &v, NULL);

			CHECK(rc == NUM_OK && bits_of(v) == bits_of(a));
		}
	}
}

static void test_midpoints(void)
{
	static const double fixed[] = {
		4.9406564584124654e-324, 0x1p-1022, 0x0.fffffffffffffp-1022,
		1.0, 0.1, 9007199254740992.0, 1e23, 1e22, 123456.789, 5e-310
	};
	size_t i;
	double v;
	volatile long double one = 1.0L, tiny = ldexpl(1.0L, -63);

	/* The midpoints are built in long double: valgrind emulates it with a
	 * 53-bit mantissa, which makes the references themselves wrong. */
	if (one + tiny == one) {
		fprintf(stderr, "test_numparse: midpoint tests skipped: long double has no "
			"64-bit mantissa here (valgrind?)\n");
		return;
	}
	/* Half the smallest subnormal: a tie between 0 (even) and 2^-1074. */
	check_midpoint(0.0, ldexpl(1.0L, -1075));
	/* Midpoint above DBL_MAX: a tie that rounds to infinity. */
	{
		static char t[1400];

		exact_text((long double)DBL_MAX + ldexpl(1.0L, 970), t, sizeof t);
		CHECK_INT(parse_exact(t, strlen(t), '.', 0, &v, NULL), NUM_RANGE);
		check_midpoint(DBL_MAX, (long double)DBL_MAX + ldexpl(1.0L, 970));
	}
	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		double a = fixed[i], b = nextafter(a, INFINITY);

		check_midpoint(a, ((long double)a + b) / 2);
		b = nextafter(a, 0.0);
		check_midpoint(b, ((long double)a + b) / 2);
	}
	for (i = 0; i < 300; i++) {
		double a = from_bits(rnd() & 0x7fefffffffffffffULL);
		double b = nextafter(a, INFINITY);

		check_midpoint(a, ((long double)a + b) / 2);
	}
}
#else
static void test_midpoints(void)
{
	printf("test_numparse: long double too narrow, midpoint texts skipped\n");
}
#endif

/*
 * Random texts in all dialects. dot gets the strtod form, txt the dialect
 * form; returns the flags the dialect text must give.
 */
static unsigned gen_number(char dec, char grp, char *dot, char *txt)
{
	char digits[32];
	unsigned nd = 1 + rnd_below(25), point, i, nint, fl = 0;
	unsigned shape = rnd_below(16);
	char *d = dot, *t = txt;

	for (i = 0; i < nd; i++)
		digits[i] = (char)('0' + rnd_below(10));
	if (shape < 3) { /* leading zeros */
		unsigned z = rnd_below(nd + 1);

		memset(digits, '0', z);
	} else if (shape < 6) { /* trailing zeros */
		unsigned z = rnd_below(nd + 1);

		memset(digits + nd - z, '0', z);
	} else if (shape < 7) { /* 9s: carries into the next power of ten */
		memset(digits, '9', nd);
	}

	i = rnd_below(8);
	if (i == 0)
		*d++ = *t++ = '-';
	else if (i == 1)
		*d++ = *t++ = '+';

	point = rnd_below(nd + 2); /* nd + 1: no decimal mark */
	nint = point <= nd ? point : nd;
	memcpy(d, digits, nint);
	d += nint;
	if (grp && nint > 3 && rnd_below(2)) {
		for (i = 0; i < nint; i++) {
			if (i > 0 && (nint - i) % 3 == 0)
				*t++ = grp;
			*t++ = digits[i];
		}
		fl |= NUM_F_GROUPED;
	} else {
		memcpy(t, digits, nint);
		t += nint;
	}
	if (point <= nd) {
		*d++ = '.';
		*t++ = dec;
		memcpy(d, digits + nint, nd - nint);
		memcpy(t, digits + nint, nd - nint);
		d += nd - nint;
		t += nd - nint;
	}

	i = rnd_below(10);
	if (i < 5) {
		int n;
		long long ex;
		unsigned kind = rnd_below(10);
		const char *sign = "";

		if (kind < 5)
			ex = rnd_below(30);
		else if (kind < 9)
			ex = rnd_below(360);
		else
			ex = (long long)(rnd() % 100000000000000000ULL);
		if (rnd_below(2))
			sign = rnd_below(2) ? "-" : "+";
		n = snprintf(d, 40, "%c%s%0*lld", rnd_below(2) ? 'e' : 'E', sign,
			     (int)rnd_below(3) + 1, ex);
		memcpy(t, d, (size_t)n + 1);
		d += n;
		t += n;
	} else if (point > nd) {
		fl |= NUM_F_INTEGER;
	}
	*d = *t = '\0';
	return fl;
}

static void test_differential(void)
{
	static const char dialects[4][2] = { { '.', 0 }, { ',', '.' }, { ',', 0 }, { '.', ',' } };
	char dot[128], txt[128];
	long i, bad = 0, n_range = 0, n_sub = 0, n_grouped = 0;
	const long count = 2000000;

	for (i = 0; i < count; i++) {
		const char *dl = dialects[rnd_below(4)];
		unsigned want_fl = gen_number(dl[0], dl[1], dot, txt), fl;
		double v, r;
		int rrc = ref_parse(dot, &r);
		int rc = num_parse(txt, strlen(txt), dl[0], dl[1], &v, &fl);

		n_range += rrc == NUM_RANGE;
		n_sub += rrc == NUM_OK && r != 0 && fabs(r) < DBL_MIN;
		n_grouped += (want_fl & NUM_F_GROUPED) != 0;
		if (rc != rrc || (rc == NUM_OK && bits_of(v) != bits_of(r)) ||
		    fl != want_fl) {
			if (bad++ < 10)
				TC_FAIL("\"%s\" ('%c'): rc %d %.17g flags %u; strtod(\"%s\") %d %.17g flags %u",
					txt, dl[0], rc, v, fl, dot, rrc, r, want_fl);
		}
	}
	CHECK_INT(bad, 0);
	/* The generator must reach the interesting regions. */
	CHECK(n_range > 1000);
	CHECK(n_sub > 1000);
	CHECK(n_grouped > 100000);
}

/*
 * Grammar fuzz: short random texts over a small alphabet, accepted exactly
 * when a POSIX extended regular expression of the grammar matches.
 */
static void test_grammar_fuzz(void)
{
	static const char *const patterns[4] = {
		"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$",
		"^[+-]?(([0-9]{1,3}(\\.[0-9]{3})+|[0-9]+)(,[0-9]*)?|,[0-9]+)([eE][+-]?[0-9]+)?$",
		"^[+-]?([0-9]+(,[0-9]*)?|,[0-9]+)([eE][+-]?[0-9]+)?$",
		"^[+-]?(([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$",
	};
	static const char dialects[4][2] = { { '.', 0 }, { ',', '.' }, { ',', 0 }, { '.', ',' } };
	static const char alphabet[] = "0123456789012345678901234567.,.,eE+- x_";
	regex_t re[4];
	char txt[16], dot[16];
	long i, bad = 0, n_valid = 0;
	int k;

	for (k = 0; k < 4; k++) {
		if (regcomp(&re[k], patterns[k], REG_EXTENDED | REG_NOSUB) != 0) {
			TC_FAIL("regcomp %d", k);
			return;
		}
	}
	for (i = 0; i < 300000; i++) {
		unsigned len = rnd_below(11), j, fl;
		int d = (int)rnd_below(4), rc, want;
		double v, r;
		char *q = dot;

		for (j = 0; j < len; j++)
			txt[j] = alphabet[rnd_below(sizeof alphabet - 1)];
		txt[len] = '\0';
		want = regexec(&re[d], txt, 0, NULL, 0) == 0;
		rc = parse_exact(txt, len, dialects[d][0], dialects[d][1], &v, &fl);
		if ((rc != NUM_INVALID) != want) {
			if (bad++ < 10)
				TC_FAIL("\"%s\" ('%c','%c'): rc %d, grammar says %s", txt,
					dialects[d][0], dialects[d][1] ? dialects[d][1] : '0',
					rc, want ? "valid" : "invalid");
			continue;
		}
		if (!want)
			continue;
		n_valid++;
		for (j = 0; j < len; j++) {
			if (txt[j] == dialects[d][1])
				continue;
			*q++ = txt[j] == dialects[d][0] ? '.' : txt[j];
		}
		*q = '\0';
		if (ref_parse(dot, &r) != rc || (rc == NUM_OK && bits_of(r) != bits_of(v))) {
			if (bad++ < 10)
				TC_FAIL("\"%s\": value %.17g, strtod(\"%s\") %.17g", txt, v, dot, r);
		}
	}
	for (k = 0; k < 4; k++)
		regfree(&re[k]);
	CHECK_INT(bad, 0);
	CHECK(n_valid > 10000);
}

/* First of %.15g/%.16g/%.17g that strtod reads back as x. */
static void ref_format(double x, char *buf, size_t size)
{
	int prec;

	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			return;
	}
}

/* num_format of x (into buf) is the reference choice (into ref), it
 * returns the length it wrote, and the text reads back exactly with
 * num_parse and strtod. */
static int format_matches(double x, char *buf, char *ref)
{
	size_t n = num_format(x, buf, NUM_FORMAT_SIZE);
	double y;

	if (x == 0)
		strcpy(ref, "0");
	else
		ref_format(x, ref, 64);
	return strcmp(buf, ref) == 0 && n == strlen(buf) &&
	       num_parse(buf, n, '.', 0, &y, NULL) == NUM_OK && y == x && strtod(buf, NULL) == x;
}

static void test_format(void)
{
	static const struct {
		double x;
		const char *want;
	} fixed[] = {
		{ 0.1, "0.1" },
		{ 0.0, "0" },
		{ -0.0, "0" },
		{ 1.0, "1" },
		{ -1.5, "-1.5" },
		{ 100.0, "100" },
		{ 123.456, "123.456" },
		{ 12345.67, "12345.67" },
		{ 1e15, "1e+15" },
		{ 1e16, "1e+16" },
		{ 1e21, "1e+21" },
		{ 123456789012345.0, "123456789012345" },
		{ 1e-5, "1e-05" },
		{ 0.0001, "0.0001" },
		{ 1.0 / 3.0, "0.3333333333333333" },
		{ 2.0 / 3.0, "0.6666666666666666" },
		{ 0.30000000000000004, "0.30000000000000004" },
		{ 9007199254740993.0, "9007199254740992" },
		{ DBL_MAX, "1.7976931348623157e+308" },
		{ -DBL_MAX, "-1.7976931348623157e+308" },
		{ DBL_MIN, "2.2250738585072014e-308" },
		{ 4.9406564584124654e-324, "4.94065645841247e-324" },
	};
	char buf[NUM_FORMAT_SIZE], ref[64];
	size_t i, n;
	long bad = 0;

	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		n = num_format(fixed[i].x, buf, sizeof buf);
		CHECK_STR(buf, fixed[i].want);
		CHECK_INT(n, strlen(fixed[i].want));
	}

	/* NaN and infinities: nothing written. */
	buf[0] = 'x';
	CHECK_INT(num_format(NAN, buf, sizeof buf), 0);
	CHECK_STR(buf, "");
	buf[0] = 'x';
	CHECK_INT(num_format(-INFINITY, buf, sizeof buf), 0);
	CHECK_STR(buf, "");

	/* Short buffers: cut like snprintf, full length returned. */
	CHECK_INT(num_format(0.30000000000000004, buf, 4), 19);
	CHECK_STR(buf, "0.3");
	buf[0] = 'x';
	CHECK_INT(num_format(0.1, buf, 0), 3);
	CHECK(buf[0] == 'x');
	CHECK_INT(num_format(0.1, buf, 1), 3);
	CHECK_STR(buf, "");

	/* Random bit patterns round-trip and match the reference choice. */
	for (i = 0; i < 300000; i++) {
		double x = from_bits(rnd());

		if (!isfinite(x))
			continue;
		if (i % 4 == 0) /* also ordinary magnitudes */
			x = ldexp(x, -ilogb(x) + (int)rnd_below(80) - 40);
		if (!format_matches(x, buf, ref) && bad++ < 10)
			TC_FAIL("num_format(%a) = \"%s\", want \"%s\"", x, buf, ref);
	}
	CHECK_INT(bad, 0);

	/* Whole numbers (counts, years: the fast path) against the reference,
	 * at every digit count and at the 15-digit edge */
	bad = 0;
	for (i = 0; i < 200000; i++) {
		double x = (double)(rnd() % 1000000000000000ull);

		if (i % 3 == 0)
			x = floor(x / pow(10, (double)rnd_below(15)));
		if (i % 2)
			x = -x;
		if (i < 40)
			x = (i % 2 ? -1 : 1) * (999999999999990.0 + (double)(i / 2));
		if (!format_matches(x, buf, ref) && bad++ < 10)
			TC_FAIL("num_format(%.17g) = \"%s\", want \"%s\"", x, buf, ref);
	}
	CHECK_INT(bad, 0);
}

int main(void)
{
	test_hand_cases();
	test_long_texts();
	test_midpoints();
	test_differential();
	test_grammar_fuzz();
	test_format();
	return tc_summary("test_numparse");
}
