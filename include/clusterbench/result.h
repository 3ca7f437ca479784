/* SPDX-License-Identifier: GPL-3.0-or-later */
/* result: named result tables with typed columns, and their CSV, JSON and text writers. */
#ifndef CLUSTERBENCH_RESULT_H
#define CLUSTERBENCH_RESULT_H

#include <stddef.h>
#include <stdio.h>

#include "clusterbench/diag.h"

/*
 * The output contract of every analysis (DESIGN.md §4).
 *
 * Ownership, stated once: a result_set owns its tables, its warnings and its
 * provenance; a table owns its column names, text cells and notes. Every
 * string passed in is copied (the caller keeps its own); every pointer handed
 * out (table, name, text cell, note) is borrowed and stays valid until the
 * same cell is set again or the set is freed. All text is UTF-8: invalid
 * byte sequences are stored as U+FFFD, so the writers always emit valid
 * UTF-8.
 *
 * Sticky status (as Cairo): building a table never needs error checks at
 * each call. An allocation failure, or a misuse (a cell out of range, text
 * in a number column, a fractional number in an integer column, a
 * duplicate or empty column or table name) is remembered by the table (or
 * the set) and the first one is reported by every writer, which then writes
 * nothing: DIAG_INTERNAL "out of memory" for allocation failures,
 * DIAG_INTERNAL "result table 'NAME': ..." for misuse. The functions that
 * return a value (-1, SIZE_MAX, NULL) also say so at once. Setters accept
 * a NULL table and do nothing (the failure that gave NULL is already
 * recorded in the set).
 *
 * Missing values: every cell starts missing. A missing cell is `null` in
 * JSON, an empty field in CSV and "NA" in text. NaN and infinities are
 * stored as missing, so no writer ever prints nan or inf.
 *
 * Locale: all output uses '.' as decimal mark and the C conventions,
 * whatever LC_NUMERIC says (numbers go through num_format).
 */

/* Column types. */
enum rtype {
	RT_TEXT,    /* UTF-8 string */
	RT_NUMBER,  /* double */
	RT_INTEGER, /* long long */
	RT_PVALUE   /* double, printed as a p-value in text ("< 0.0001", "0.0321") */
};

struct result_table;
struct result_set;

/* Room that result_format_number / result_format_pvalue need, NUL included. */
#define RESULT_NUM_SIZE 48

/* Longest table name accepted by result_write_csv_dir, in bytes. */
#define RESULT_NAME_MAX 200

/* ---- sets ------------------------------------------------------------ */

/* New empty set (no tables, warnings or provenance); NULL on OOM. Free with
 * result_set_free. */
struct result_set *result_set_create(void);

/* Frees the set, its tables and everything they own. NULL is fine. */
void result_set_free(struct result_set *rs);

/*
 * Appends a new empty table named `name` (copied) and returns it; the table
 * is owned by the set and freed with it. Tables keep insertion order.
 * Returns NULL, and marks the set failed, on OOM, when name is NULL or
 * empty, or when the set already has a table of that name (JSON keys and
 * file names must be unique). rs NULL gives NULL.
 */
struct result_table *result_set_add(struct result_set *rs, const char *name);

/* The table named `name` (exact byte comparison), or NULL. Borrowed. */
struct result_table *result_set_find(const struct result_set *rs, const char *name);

/* Number of tables, and table i in insertion order (NULL when i is out of
 * range). Borrowed. */
size_t result_set_count(const struct result_set *rs);
struct result_table *result_set_table(const struct result_set *rs, size_t i);

/* The set's warning list (owned by the set; add with warnings_add). They are
 * written by result_write_json; text output leaves them to the caller
 * (stderr, warnings_print). */
struct warnings *result_set_warnings(struct result_set *rs);

/*
 * Provenance: ordered key/value pairs written as the JSON "provenance"
 * object (program version, input paths and SHA-256, options, seed...).
 * Setting a key again replaces its value in place (keeps its position).
 * Key and value are copied. Text values may not be NULL; numbers that are
 * NaN/inf are written as null. Return 0, or -1 on OOM or a NULL/empty
 * key (the set is then marked failed).
 */
int result_set_provenance(struct result_set *rs, const char *key, const char *value);
int result_set_provenance_num(struct result_set *rs, const char *key, double v);
int result_set_provenance_int(struct result_set *rs, const char *key, long long v);

/* Provenance accessors: count, the key of entry i, and its type (RT_TEXT,
 * RT_NUMBER or RT_INTEGER). The value getters return the entry's value when
 * it has that type, else NULL / NaN / 0. Out-of-range i gives NULL / NaN /
 * 0 and RT_TEXT. Borrowed. */
size_t result_provenance_count(const struct result_set *rs);
const char *result_provenance_key(const struct result_set *rs, size_t i);
enum rtype result_provenance_type(const struct result_set *rs, size_t i);
const char *result_provenance_text(const struct result_set *rs, size_t i);
double result_provenance_number(const struct result_set *rs, size_t i);
long long result_provenance_integer(const struct result_set *rs, size_t i);

/*
 * 0 when the set and all its tables are sound; otherwise -1 with the first
 * recorded failure in d (DIAG_INTERNAL "out of memory", or DIAG_INTERNAL
 * with the misuse). The set's own failure is reported before the tables'.
 * A NULL set is DIAG_INTERNAL "no result set".
 */
int result_set_check(const struct result_set *rs, struct diag *d);

/* ---- tables ---------------------------------------------------------- */

/* The table's name (borrowed). */
const char *result_table_name(const struct result_table *t);

/*
 * Appends a column named `name` (copied) of the given type and returns its
 * index. It may be added after rows exist: their cells in it are missing.
 * Returns -1, and marks the table failed, on OOM, a NULL/empty name, a name
 * already used in this table, or an unknown type.
 */
long result_add_column(struct result_table *t, const char *name, enum rtype type);

/* Index of the column named `name` (exact byte comparison), or -1. */
long result_find_column(const struct result_table *t, const char *name);

/* Appends a row with every cell missing and returns its index; SIZE_MAX (and
 * the table marked failed) on OOM or when t is NULL. */
size_t result_add_row(struct result_table *t);

/*
 * Cell setters. An out-of-range row or column marks the table failed.
 * - result_set_text: RT_TEXT columns only; s is copied; NULL = missing.
 * - result_set_number: RT_NUMBER and RT_PVALUE columns; NaN/inf = missing.
 *   In an RT_INTEGER column an integral value in the range of long long is
 *   stored as that integer; a fractional or out-of-range one is a misuse.
 * - result_set_integer: RT_INTEGER; in RT_NUMBER/RT_PVALUE columns the
 *   value is stored as the nearest double.
 * - result_set_missing: any column.
 * Any other combination (a number in a text column, text in a number
 * column) is a misuse and leaves the cell unchanged.
 */
void result_set_text(struct result_table *t, size_t row, size_t col, const char *s);
void result_set_number(struct result_table *t, size_t row, size_t col, double v);
void result_set_integer(struct result_table *t, size_t row, size_t col, long long v);
void result_set_missing(struct result_table *t, size_t row, size_t col);

/*
 * printf-style note (owned by the table) printed under the table in text
 * output, each as "note: TEXT" ("reference: pilot mean"). Notes are not part
 * of CSV or JSON (data that matters goes into a column). OOM marks the
 * table failed.
 */
void result_table_note(struct result_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
size_t result_note_count(const struct result_table *t);
const char *result_note(const struct result_table *t, size_t i);

/* 0 when the table is sound, else -1 with its first failure in d (see
 * result_set_check). NULL is DIAG_INTERNAL "no result table". */
int result_table_check(const struct result_table *t, struct diag *d);

/* ---- accessors (charts, report, tests) ------------------------------- */

/* Shape and column metadata; out-of-range col gives NULL / RT_TEXT. */
size_t result_rows(const struct result_table *t);
size_t result_cols(const struct result_table *t);
const char *result_col_name(const struct result_table *t, size_t col);
enum rtype result_col_type(const struct result_table *t, size_t col);

/* True when the cell is missing (or out of range). */
int result_is_missing(const struct result_table *t, size_t row, size_t col);

/* Text of an RT_TEXT cell; NULL when missing, out of range or not text. */
const char *result_get_text(const struct result_table *t, size_t row, size_t col);

/* Value of a number, p-value or integer cell (integers converted to the
 * nearest double); NaN when missing, out of range or text. */
double result_get_number(const struct result_table *t, size_t row, size_t col);

/* Value of an RT_INTEGER cell in *out: 0, or -1 (and *out = 0) when missing,
 * out of range or not an integer column. */
int result_get_integer(const struct result_table *t, size_t row, size_t col, long long *out);

/* ---- formatting for reading ------------------------------------------ */

/*
 * Rounds x for a person to read (text output): 4 significant digits, plain
 * decimal notation for 1e-4 <= |x| < 1e9 (all integer digits kept:
 * 1234567.891 -> "1234568", 0.012345 -> "0.01235", 12.5 -> "12.5"),
 * exponent form otherwise ("1.234e-07", "1e+09"); trailing zeros trimmed;
 * both zeros "0"; NaN/inf "NA". Writes at most size bytes (NUL included;
 * RESULT_NUM_SIZE always suffices) and returns the full length as snprintf.
 */
size_t result_format_number(double x, char *buf, size_t size);

/*
 * A p-value for reading: "< 0.0001" when p < 0.0001, otherwise rounded to 4
 * decimals with trailing zeros trimmed ("0.0321", "0.05", "1"); NaN "NA".
 * Values outside [0, 1] (not p-values) are formatted as result_format_number
 * does. Same buffer rules as result_format_number.
 */
size_t result_format_pvalue(double p, char *buf, size_t size);

/* ---- writers --------------------------------------------------------- */

/*
 * All writers first check the sticky status (result_table_check /
 * result_set_check) and write nothing when it has failed. After writing
 * they flush fp: when the stream has an error (now or from before), they
 * return -1 with DIAG_IO "cannot write results" (plus strerror when known;
 * d->path is left empty for the caller to fill, e.g. "<stdout>").
 * Otherwise they return 0. fp stays open and owned by the caller.
 */

/*
 * One table as CSV: a header row of column names, then one line per row;
 * ',' separator, '.' decimal mark, LF line ends, UTF-8 without BOM.
 * Numbers and p-values are written with num_format (shortest text that
 * reads back as the same double, at least 15 significant digits), integers
 * as integers, missing values as an empty field, a present empty text as
 * `""` (so is a one-column row whose only cell is missing: a blank line
 * would be dropped by most readers; R's read.csv drops `""` lines too).
 * Text cells (and column names) that start with '=', '+', '-',
 * '@', TAB or CR get a leading single quote against spreadsheet formula
 * injection (OWASP); number cells are never changed. A field is quoted
 * (RFC 4180, inner quotes doubled) when it contains ',', '"', CR or LF, or
 * begins or ends with a space or TAB. A table without columns writes
 * nothing.
 */
int result_write_csv(const struct result_table *t, FILE *fp, struct diag *d);

/*
 * One table for a terminal: a title line "== NAME ==", a header line, one
 * aligned line per row, then one "note: TEXT" line per note. Columns are
 * separated by two spaces and sized by UTF-8 character count (not bytes);
 * number, integer and p-value columns are right-aligned (header too), text
 * columns left-aligned; lines carry no trailing spaces. Values as
 * result_format_number / result_format_pvalue, integers in full, missing
 * as "NA"; control characters in text are shown as spaces. A table with no
 * rows shows "(no rows)" under the header, one with no columns
 * "(no columns)". Returns -1 with DIAG_INTERNAL "out of memory" when the
 * column widths cannot be allocated (nothing is written then).
 */
int result_write_text(const struct result_table *t, FILE *fp, struct diag *d);

/* Every table of the set as result_write_text, in order, with one blank line
 * between tables (none after the last). Warnings and provenance are not
 * printed. */
int result_write_text_set(const struct result_set *rs, FILE *fp, struct diag *d);

/*
 * The whole set as one JSON document (json.h, pretty-printed, newline at the
 * end):
 *   {"tables": {"NAME": [{"column": value, ...}, ...], ...},
 *    "warnings": ["...", ...], "provenance": {"key": value, ...}}
 * Tables in insertion order, keys in column order; numbers and p-values
 * with num_format, integers as integers, text as strings, missing as null.
 * Warnings lost to OOM are reported as one extra warning string.
 */
int result_write_json(const struct result_set *rs, FILE *fp, struct diag *d);

/* The parts of result_write_json as values inside a larger JSON document
 * (the run folder's results.json): the tables object, the warnings array and
 * the provenance object. The caller checks the set first. */
struct json;
void result_json_tables(const struct result_set *rs, struct json *j);
void result_json_warnings(const struct result_set *rs, struct json *j);
void result_json_provenance(const struct result_set *rs, struct json *j);

/*
 * Writes every table as DIR/NAME.csv (result_write_csv), creating DIR and
 * its parents when missing (mkdir -p; mode 0777 minus umask). Each file is
 * written to a fresh DIR/.NAME.csv.XXXXXX (created exclusively with mode
 * 0666 minus umask; not mkstemp, whose 0600 would make shared result files
 * unreadable to others and whose fix, reading the umask, is not
 * thread-safe), flushed, fsync'ed, and renamed over DIR/NAME.csv, so an
 * existing file is only replaced by a complete one; the folder is fsync'ed
 * at the end. No temporary file is left behind on any error.
 *
 * Errors:
 * - DIAG_USAGE when a table name is not a safe file name: 1 to
 *   RESULT_NAME_MAX bytes of valid UTF-8 letters and digits, '_', '-' and
 *   '.', not starting with '.'; every name is checked before anything is
 *   written. Also DIAG_USAGE for an empty DIR.
 * - DIAG_IO with d->path set to the path concerned: a part of DIR that
 *   exists but is not a folder ("is not a folder"), a folder that cannot be
 *   created, a file that cannot be created, written, synced or renamed
 *   (message with strerror).
 * - DIAG_INTERNAL for a failed set (see result_set_check) or OOM.
 * Tables written before an error stay written (each one complete).
 */
int result_write_csv_dir(const struct result_set *rs, const char *dir, struct diag *d);

#endif
