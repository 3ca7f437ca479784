/* SPDX-License-Identifier: GPL-3.0-or-later */
/* numparse: correctly rounded decimal parsing and shortest round-trip formatting of doubles. */
#ifndef CLUSTERBENCH_NUMPARSE_H
#define CLUSTERBENCH_NUMPARSE_H

#include <stddef.h>

/* Return codes of num_parse. */
enum num_status {
	NUM_OK = 0,      /* *out holds the value */
	NUM_INVALID = 1, /* not a number in the grammar below (or bad decimal/group pair) */
	NUM_RANGE = 2,   /* finite overflow: |value| rounds above DBL_MAX */
	NUM_NOMEM = 3    /* reserved for allocation failure; this implementation never
	                    allocates, so it is never returned (callers may still map it) */
};

/* Bits stored in *flags by num_parse. */
#define NUM_F_INTEGER 1u /* the text had no decimal mark and no exponent */
#define NUM_F_GROUPED 2u /* a thousands separator was used */

/* Room num_format needs for any finite double, NUL included. */
#define NUM_FORMAT_SIZE 32

/*
 * Parses the whole field [s, s+len) as a decimal number; s need not be
 * NUL-terminated and is only read.
 *
 * Grammar: an optional '+' or '-'; digits with at most one decimal mark
 * (`decimal`: '.' or ','), at least one digit in total (".5", "5.", "-.5"
 * are accepted); then an optional exponent: 'e' or 'E', an optional sign and
 * one or more digits. `group` is 0 (no thousands separator) or the other of
 * the two marks ('.' with decimal ',', ',' with decimal '.'); when present it
 * may appear only in the integer part and only well-formed: a first group of
 * 1-3 digits, then groups of exactly 3 ("1.234.567,5" is valid, "1.23,4",
 * "12.34", "1..234" and ".5" are not). Everything else is NUM_INVALID: empty
 * text, a lone sign or mark, spaces anywhere (the caller trims), hex,
 * inf/nan, underscores, units, and any decimal/group pair other than those
 * above.
 *
 * The value is the decimal rounded to nearest, ties to even: bit for bit
 * what strtod returns for the same number written with '.' and no
 * separators (in the C locale, default rounding mode), "-0" giving -0.0.
 * Underflow is not an error: it gives the correctly rounded subnormal or
 * signed zero. Exponents of any length are accepted (they saturate
 * internally), and so are mantissas of any length (beyond 800 significant
 * digits only whether a further digit is non-zero matters, which is exact).
 *
 * On NUM_OK, *out gets the value; on any error *out gets NAN (an overflow
 * is not reported as ±inf). out may be NULL when only the status is
 * wanted (type inference). flags may be NULL; otherwise it gets
 * NUM_F_INTEGER and/or NUM_F_GROUPED describing the text when the syntax is
 * valid (NUM_OK or NUM_RANGE), and 0 on NUM_INVALID.
 *
 * Does not allocate, does not change errno, is thread-safe. Fast path: up
 * to 19 significant digits with the mantissa at most 2^53 and a decimal
 * exponent within ±22 are converted with one exact multiplication or
 * division (Clinger); other inputs go through strtod on a normalised copy
 * in a stack buffer.
 */
int num_parse(const char *s, size_t len, char decimal, char group,
	      double *out, unsigned *flags);

/*
 * Writes the shortest of x's "%.15g", "%.16g" and "%.17g" forms that reads
 * back as exactly x (num_parse / strtod), e.g. "0.1", "123.456", "1e+21",
 * "1.7976931348623157e+308". Both zeros are written "0". The decimal mark
 * is '.' (the program never changes LC_NUMERIC). NaN and ±inf must not be
 * passed: for them "" is written and 0 returned.
 *
 * Returns the length of the text, NUL excluded. Like snprintf, when
 * size <= that length the text is cut to size-1 bytes (NUL-terminated when
 * size > 0) and the full length is still returned; NUM_FORMAT_SIZE bytes
 * always suffice. buf is owned by the caller. Thread-safe.
 */
size_t num_format(double x, char *buf, size_t size);

#endif
