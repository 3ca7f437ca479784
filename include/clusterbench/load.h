/* SPDX-License-Identifier: GPL-3.0-or-later */
/* load: CSV bytes -> table (dialect, encoding, types, schema, province names). */
#ifndef CLUSTERBENCH_LOAD_H
#define CLUSTERBENCH_LOAD_H

#include <stddef.h>

#include "clusterbench/diag.h"
#include "clusterbench/table.h"

enum load_encoding { LOAD_UTF8 = 0, LOAD_WINDOWS_1254 };

/* One column of a schema. Numeric columns are checked against [min, max]. */
struct schema_column {
	const char *name;
	enum col_type type;      /* COL_INTEGER, COL_NUMBER or COL_CATEGORY */
	double min, max;         /* allowed range (numeric); -inf/inf = open */
	int required;            /* must be present in the header */
	int nullable;            /* missing values allowed */
	int province;            /* values are province names, checked */
	const char *unit;        /* for axis titles and reports, or NULL */
};

struct schema {
	const char *name;
	const struct schema_column *cols;
	size_t ncols;
	const char *const *unique_key; /* columns that identify a row, or NULL */
	size_t nkey;
};

/* The built-in schemas "sme" (firm-year panel) and "clusters" (cluster-year
 * indicators), or NULL for an unknown name. */
const struct schema *schema_find(const char *name);
/* Names of the built-in schemas, NULL-terminated. */
const char *const *schema_names(void);

#define LOAD_DEFAULT_BLOCK (1u << 20)
#define LOAD_SAMPLE_BYTES (64u << 10)
#define LOAD_MAX_LINE (256u << 20)

struct load_options {
	int delimiter;               /* 0 = detect, or ',' ';' '\t' */
	int decimal;                 /* 0 = detect, or '.' ',' */
	enum load_encoding encoding; /* default UTF-8 (strict) */
	int comment;                 /* 0 = none, or the comment character */
	const char *const *missing;  /* extra missing-value tokens, or NULL */
	size_t nmissing;
	const struct schema *schema; /* NULL: infer column types */
	const char *province_aliases;/* CSV file alias,province; "auto"; or NULL */
	int no_province_check;       /* 1: leave province names unchecked */
	size_t block_size;           /* read size; 0 = LOAD_DEFAULT_BLOCK */
	const char *display_name;    /* name for messages instead of the path */
	int want_sha256;             /* fill load_report.sha256 (costs a hash pass) */
	/* called after every block read with the bytes read so far and the file
	 * size (0 when unknown, e.g. a pipe); NULL = none */
	void (*progress)(void *arg, unsigned long long done, unsigned long long total);
	void *progress_arg;
	/* loads only the columns for which want_column(want_arg, name) is
	 * true; the others are read past (not parsed, not checked, not in the
	 * table; table.file_cols keeps every name). NULL = every column */
	int (*want_column)(void *arg, const char *name);
	void *want_arg;
	/* parsing threads for a regular file of LOAD_PARALLEL_MIN bytes or
	 * more: 0 = one per CPU, 1 = sequential. The result (table, report,
	 * the first error and its line) is the same whatever the number */
	int threads;
	/* for tests and tuning: the smallest file parsed in parallel (0 =
	 * LOAD_PARALLEL_MIN) and the chunk size (0 = 8 MiB) */
	size_t parallel_min, parallel_chunk;
	/* for tests: every line through libcsv (no split of quote-free lines) */
	int libcsv_only;
};

#define LOAD_PARALLEL_MIN (8u << 20)

void load_options_init(struct load_options *o);

/* What the loader found and did, for `validate`, provenance and warnings. */
struct load_report {
	char delimiter;              /* ',' ';' '\t' */
	char decimal;                /* '.' ',' */
	int delimiter_detected;      /* 1 when detected, 0 when given */
	int decimal_detected;
	const char *encoding;        /* "utf-8" or "windows-1254" */
	const char *line_ends;       /* "LF", "CRLF", "CR", "mixed" or "none" */
	int bom;                     /* a UTF-8 BOM was stripped */
	int sep_line;                /* an Excel "sep=X" line was honoured */
	unsigned long long header_line;
	unsigned long long lines;    /* physical lines read */
	unsigned long long bytes;    /* bytes read */
	size_t blank_lines, comment_lines;
	size_t province_mapped;      /* cells whose province spelling was mapped */
	char sha256[65];             /* hex SHA-256 of the bytes read, when asked */
	struct warnings warnings;
};

void load_report_init(struct load_report *r);
void load_report_release(struct load_report *r);

/*
 * Loads a CSV file (path, or "-" for standard input) into a new table.
 * The header names the columns; every record must have as many fields.
 * With opt->schema the columns are typed and checked by it (extra columns
 * are kept, their types inferred); without, types are inferred: integer,
 * number, category or text. Numbers must be plain decimals in the dialect;
 * missing tokens (empty, NA, N/A, -, NaN, null, #N/A and opt->missing) are
 * missing. On failure returns NULL with d naming file:line:field and the
 * column. rep may be NULL. The caller frees the table with table_free.
 */
struct table *load_path(const char *path, const struct load_options *opt,
			struct load_report *rep, struct diag *d);

/* The same for bytes in memory (name is used in messages); the input is fed
 * to the parser in pieces of opt->block_size bytes, so tests can check that
 * the result does not depend on where blocks end. */
struct table *load_memory(const char *name, const char *data, size_t len,
			  const struct load_options *opt, struct load_report *rep,
			  struct diag *d);

/* The province fact table (81 provinces, compiled in from
 * datasets/provinces.csv). */
struct province {
	int plate;
	const char *name;   /* Turkish spelling, NFC UTF-8 */
	const char *ascii;  /* ASCII transliteration */
	const char *nuts1, *nuts2;
};
/* The 81 provinces in plate order; *n receives the count. Never fails after
 * the first successful call; returns NULL only if the embedded table is
 * malformed (a build error). */
const struct province *province_table(size_t *n);
/* The province called name (exact Turkish spelling), or NULL. */
const struct province *province_find(const char *name);
/* The province whose name folds (case, Turkish dotted/dotless i, diacritics)
 * to the same ASCII text as name, or NULL. */
const struct province *province_find_folded(const char *name);
/* The known province nearest to name (edit distance on folded text, with a
 * rule for abbreviations like "K.Maraş"), or NULL when nothing is close. */
const struct province *province_nearest(const char *name);

/*
 * Folds a UTF-8 string for loose matching: Turkish letters to ASCII
 * (Ç→c, Ğ→g, İ/I/ı→i, Ö→o, Ş→s, Ü→u, circumflex vowels), ASCII to
 * lowercase. Writes at most size−1 bytes to out. Never uses toupper/tolower.
 */
void text_fold(const char *s, char *out, size_t size);

#endif
