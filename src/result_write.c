/* SPDX-License-Identifier: GPL-3.0-or-later */
/* result_write: result tables as CSV, JSON and aligned text, and atomic CSV files in a folder. */
#include "clusterbench/result.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clusterbench/json.h"
#include "clusterbench/numparse.h"

/* Flushes fp and turns a stream error (now or earlier) into DIAG_IO. */
static int finish(FILE *fp, struct diag *d)
{
	int err = 0;

	if (fflush(fp) != 0)
		err = errno;
	if (err || ferror(fp))
		return diag_set_errno(d, DIAG_IO, err, "cannot write results");
	return 0;
}

static int is_number_type(enum rtype type)
{
	return type == RT_NUMBER || type == RT_INTEGER || type == RT_PVALUE;
}

/* ---- CSV ------------------------------------------------------------- */

/* OWASP CSV injection: text that a spreadsheet would take as a formula. */
static int formula_start(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	       s[0] == '\r';
}

/* Writes one text field: the formula guard first, then RFC 4180 quoting of
 * the guarded text. A present empty string is `""` (missing is empty). */
static void csv_text(FILE *fp, const char *s)
{
	int guard = formula_start(s);
	size_t len = strlen(s);
	char first = guard ? '\'' : s[0];
	int quote = len == 0 || strpbrk(s, ",\"\r\n") != NULL || first == ' ' ||
		    first == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t';

	if (quote)
		fputc('"', fp);
	if (guard)
		fputc('\'', fp);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	if (quote)
		fputc('"', fp);
}

static void csv_cell(const struct result_table *t, size_t r, size_t c, FILE *fp)
{
	char buf[NUM_FORMAT_SIZE];
	long long iv;

	if (result_is_missing(t, r, c))
		return;
	switch (result_col_type(t, c)) {
	case RT_TEXT:
		csv_text(fp, result_get_text(t, r, c));
		break;
	case RT_INTEGER:
		result_get_integer(t, r, c, &iv);
		fprintf(fp, "%lld", iv);
		break;
	case RT_NUMBER:
	case RT_PVALUE:
		num_format(result_get_number(t, r, c), buf, sizeof buf);
		fputs(buf, fp);
		break;
	}
}

int result_write_csv(const struct result_table *t, FILE *fp, struct diag *d)
{
	size_t ncols, nrows;

	if (result_table_check(t, d) < 0)
		return -1;
	ncols = result_cols(t);
	nrows = result_rows(t);
	if (ncols == 0)
		return finish(fp, d);
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			fputc(',', fp);
		csv_text(fp, result_col_name(t, c));
	}
	fputc('\n', fp);
	for (size_t r = 0; r < nrows; r++) {
		/* A lone empty field would be a blank line, which readers skip. */
		if (ncols == 1 && result_is_missing(t, r, 0))
			fputs("\"\"", fp);
		for (size_t c = 0; c < ncols; c++) {
			if (c)
				fputc(',', fp);
			csv_cell(t, r, c, fp);
		}
		fputc('\n', fp);
	}
	return finish(fp, d);
}

/* ---- text ------------------------------------------------------------ */

/* The cell as a person reads it: in buf for numbers, the cell's own text for
 * text cells. */
static const char *reading(const struct result_table *t, size_t r, size_t c, char *buf,
			   size_t size)
{
	long long iv;

	if (result_is_missing(t, r, c))
		return "NA";
	switch (result_col_type(t, c)) {
	case RT_TEXT:
		return result_get_text(t, r, c);
	case RT_INTEGER:
		result_get_integer(t, r, c, &iv);
		snprintf(buf, size, "%lld", iv);
		return buf;
	case RT_NUMBER:
		result_format_number(result_get_number(t, r, c), buf, size);
		return buf;
	case RT_PVALUE:
		result_format_pvalue(result_get_number(t, r, c), buf, size);
		return buf;
	}
	return "NA";
}

/* Width in characters; all stored text is valid UTF-8 (result.c). */
static size_t width_of(const char *s)
{
	return (size_t)g_utf8_strlen(s, -1);
}

/* Prints s with control characters shown as spaces, so that a tab or line
 * break inside a cell cannot break the alignment. */
static void put_clean(FILE *fp, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		fputc(*p < 0x20 || *p == 0x7f ? ' ' : *p, fp);
}

static void put_spaces(FILE *fp, size_t n)
{
	while (n--)
		fputc(' ', fp);
}

/* One aligned field; the last left-aligned field is not padded. */
static void put_field(FILE *fp, const char *s, size_t width, int right, int last, int first)
{
	size_t w = width_of(s);
	size_t pad = width > w ? width - w : 0;

	if (!first)
		fputs("  ", fp);
	if (right)
		put_spaces(fp, pad);
	put_clean(fp, s);
	if (!right && !last)
		put_spaces(fp, pad);
}

static int text_table(const struct result_table *t, FILE *fp, struct diag *d)
{
	size_t ncols = result_cols(t), nrows = result_rows(t);
	size_t *width;
	char buf[RESULT_NUM_SIZE];

	fputs("== ", fp);
	put_clean(fp, result_table_name(t));
	fputs(" ==\n", fp);
	if (ncols == 0) {
		fputs("(no columns)\n", fp);
		goto notes;
	}
	width = calloc(ncols, sizeof *width); /* calloc checks ncols * size */
	if (!width)
		return diag_set(d, DIAG_INTERNAL, "out of memory");
	for (size_t c = 0; c < ncols; c++) {
		width[c] = width_of(result_col_name(t, c));
		for (size_t r = 0; r < nrows; r++) {
			size_t w = width_of(reading(t, r, c, buf, sizeof buf));

			if (w > width[c])
				width[c] = w;
		}
	}
	for (size_t c = 0; c < ncols; c++)
		put_field(fp, result_col_name(t, c), width[c],
			  is_number_type(result_col_type(t, c)), c + 1 == ncols, c == 0);
	fputc('\n', fp);
	for (size_t r = 0; r < nrows; r++) {
		for (size_t c = 0; c < ncols; c++)
			put_field(fp, reading(t, r, c, buf, sizeof buf), width[c],
				  is_number_type(result_col_type(t, c)), c + 1 == ncols, c == 0);
		fputc('\n', fp);
	}
	if (nrows == 0)
		fputs("(no rows)\n", fp);
	free(width);
notes:
	for (size_t i = 0; i < result_note_count(t); i++) {
		fputs("note: ", fp);
		put_clean(fp, result_note(t, i));
		fputc('\n', fp);
	}
	return 0;
}

int result_write_text(const struct result_table *t, FILE *fp, struct diag *d)
{
	if (result_table_check(t, d) < 0 || text_table(t, fp, d) < 0)
		return -1;
	return finish(fp, d);
}

int result_write_text_set(const struct result_set *rs, FILE *fp, struct diag *d)
{
	if (result_set_check(rs, d) < 0)
		return -1;
	for (size_t i = 0; i < result_set_count(rs); i++) {
		if (i)
			fputc('\n', fp);
		if (text_table(result_set_table(rs, i), fp, d) < 0)
			return -1;
	}
	return finish(fp, d);
}

/* ---- JSON ------------------------------------------------------------ */

static void json_cell(const struct result_table *t, size_t r, size_t c, struct json *j)
{
	long long iv;

	if (result_is_missing(t, r, c)) {
		json_null(j);
		return;
	}
	switch (result_col_type(t, c)) {
	case RT_TEXT:
		json_string(j, result_get_text(t, r, c));
		break;
	case RT_INTEGER:
		result_get_integer(t, r, c, &iv);
		json_integer(j, iv);
		break;
	case RT_NUMBER:
	case RT_PVALUE:
		json_number(j, result_get_number(t, r, c));
		break;
	}
}

void result_json_tables(const struct result_set *rs, struct json *j)
{
	json_begin_object(j);
	for (size_t i = 0; i < result_set_count(rs); i++) {
		const struct result_table *t = result_set_table(rs, i);

		json_key(j, result_table_name(t));
		json_begin_array(j);
		for (size_t r = 0; r < result_rows(t); r++) {
			json_begin_object(j);
			for (size_t c = 0; c < result_cols(t); c++) {
				json_key(j, result_col_name(t, c));
				json_cell(t, r, c, j);
			}
			json_end_object(j);
		}
		json_end_array(j);
	}
	json_end_object(j);
}

void result_json_warnings(const struct result_set *rs, struct json *j)
{
	/* result_set_warnings takes a non-const set only to allow adding. */
	const struct warnings *w = result_set_warnings((struct result_set *)rs);

	json_begin_array(j);
	for (size_t i = 0; i < w->n; i++)
		json_string(j, w->items[i]);
	if (w->lost) {
		char msg[96];

		snprintf(msg, sizeof msg, "%zu further warnings lost (out of memory)", w->lost);
		json_string(j, msg);
	}
	json_end_array(j);
}

void result_json_provenance(const struct result_set *rs, struct json *j)
{
	json_begin_object(j);
	for (size_t i = 0; i < result_provenance_count(rs); i++) {
		json_key(j, result_provenance_key(rs, i));
		switch (result_provenance_type(rs, i)) {
		case RT_INTEGER:
			json_integer(j, result_provenance_integer(rs, i));
			break;
		case RT_NUMBER:
		case RT_PVALUE:
			json_number(j, result_provenance_number(rs, i));
			break;
		case RT_TEXT:
			json_string(j, result_provenance_text(rs, i));
			break;
		}
	}
	json_end_object(j);
}

int result_write_json(const struct result_set *rs, FILE *fp, struct diag *d)
{
	struct json j;

	if (result_set_check(rs, d) < 0)
		return -1;
	json_init(&j, fp, 1);
	json_begin_object(&j);
	json_key(&j, "tables");
	result_json_tables(rs, &j);
	json_key(&j, "warnings");
	result_json_warnings(rs, &j);
	json_key(&j, "provenance");
	result_json_provenance(rs, &j);
	json_end_object(&j);
	json_finish(&j);
	return finish(fp, d);
}

/* ---- CSV files in a folder ------------------------------------------- */

/* Letters and digits (any script), '_', '-', '.'; not leading '.'; valid
 * UTF-8 of 1..RESULT_NAME_MAX bytes. Rules out '/', "..", hidden files
 * and control characters. */
static int safe_name(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > RESULT_NAME_MAX || name[0] == '.' ||
	    !g_utf8_validate(name, (gssize)len, NULL))
		return 0;
	for (const char *p = name; *p; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);

		if (ch == '_' || ch == '-' || ch == '.')
			continue;
		if (ch < 0x80 ? !g_ascii_isalnum((gchar)ch) : !g_unichar_isalnum(ch))
			return 0;
	}
	return 1;
}

/* malloc'd a + b + c + d; NULL on overflow or OOM. */
static char *concat4(const char *a, const char *b, const char *c, const char *e)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c), le = strlen(e);
	char *s;

	if (la > SIZE_MAX - 1 - lb || la + lb > SIZE_MAX - 1 - lc ||
	    la + lb + lc > SIZE_MAX - 1 - le)
		return NULL;
	s = malloc(la + lb + lc + le + 1);
	if (!s)
		return NULL;
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc);
	memcpy(s + la + lb + lc, e, le + 1);
	return s;
}

/* One folder of a mkdir -p: exists as a folder, or is created. */
static int make_one_dir(const char *path, struct diag *d)
{
	struct stat st;

	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		diag_set(d, DIAG_IO, "is not a folder");
		diag_set_path(d, path);
		return -1;
	}
	if (mkdir(path, 0777) == 0)
		return 0;
	/* Someone else may have created it in between. */
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	diag_set_errno(d, DIAG_IO, errno, "cannot create folder");
	diag_set_path(d, path);
	return -1;
}

/* mkdir -p dir (mode 0777 minus umask). */
static int make_dirs(const char *dir, struct diag *d)
{
	char *p = concat4(dir, "", "", "");
	int rc = 0;

	if (!p)
		return diag_set(d, DIAG_INTERNAL, "out of memory");
	for (char *s = p + 1; *s && rc == 0; s++) {
		if (*s != '/' || s[-1] == '/')
			continue;
		*s = '\0';
		rc = make_one_dir(p, d);
		*s = '/';
	}
	if (rc == 0)
		rc = make_one_dir(p, d);
	free(p);
	return rc;
}

/* Fills the six X's at the end of tmpl with random letters and digits. Uses
 * getentropy, falling back to a mix of the clock, the pid and the attempt;
 * uniqueness is still enforced by O_EXCL. */
static void fill_random(char *tmpl, unsigned attempt)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[6];
	char *x = tmpl + strlen(tmpl) - 6;

	if (getentropy(rnd, sizeof rnd) != 0) {
		struct timespec ts;
		uint64_t h;

		clock_gettime(CLOCK_REALTIME, &ts);
		h = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
		    ((uint64_t)getpid() << 17) ^ attempt ^ (uint64_t)(uintptr_t)&ts;
		for (size_t i = 0; i < sizeof rnd; i++) {
			/* splitmix64 step */
			uint64_t z = (h += 0x9E3779B97F4A7C15u);

			z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
			z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
			rnd[i] = (unsigned char)(z ^ (z >> 31));
		}
	}
	for (size_t i = 0; i < 6; i++)
		x[i] = abc[rnd[i] % (sizeof abc - 1)];
}

/* Writes t to dir/NAME.csv through a temporary file in dir. */
static int write_one(const struct result_table *t, const char *dir, struct diag *d)
{
	const char *name = result_table_name(t);
	const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";
	char *path = concat4(dir, sep, name, ".csv");
	char *dotname = concat4(".", name, ".csv.", "XXXXXX");
	char *tmp = dotname ? concat4(dir, sep, dotname, "") : NULL;
	FILE *fp = NULL;
	int fd = -1, rc = -1, err;

	if (!path || !tmp) {
		diag_set(d, DIAG_INTERNAL, "out of memory");
		goto out;
	}
	for (unsigned attempt = 0; attempt < 100; attempt++) {
		fill_random(tmp, attempt);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		diag_set_errno(d, DIAG_IO, errno, "cannot create a temporary file");
		diag_set_path(d, path);
		goto out;
	}
	fp = fdopen(fd, "w");
	if (!fp) {
		err = errno;
		close(fd);
		unlink(tmp);
		diag_set_errno(d, DIAG_IO, err, "cannot write");
		diag_set_path(d, path);
		goto out;
	}
	rc = result_write_csv(t, fp, d);
	if (rc == 0 && fsync(fileno(fp)) != 0)
		rc = diag_set_errno(d, DIAG_IO, errno, "cannot sync");
	if (fclose(fp) != 0 && rc == 0)
		rc = diag_set_errno(d, DIAG_IO, errno, "cannot write");
	if (rc == 0 && rename(tmp, path) != 0)
		rc = diag_set_errno(d, DIAG_IO, errno, "cannot replace");
	if (rc < 0) {
		unlink(tmp);
		diag_set_path(d, path);
	}
out:
	free(tmp);
	free(dotname);
	free(path);
	return rc;
}

/* Makes the renames durable. Some file systems cannot sync a folder
 * (EINVAL, ENOTSUP); that is not an error of ours. */
static int sync_dir(const char *dir, struct diag *d)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return 0; /* e.g. a write-only folder: the files are written */
	if (fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP && errno != EBADF) {
		diag_set_errno(d, DIAG_IO, errno, "cannot sync folder");
		diag_set_path(d, dir);
		rc = -1;
	}
	close(fd);
	return rc;
}

int result_write_csv_dir(const struct result_set *rs, const char *dir, struct diag *d)
{
	size_t n;

	if (result_set_check(rs, d) < 0)
		return -1;
	if (!dir)
		return diag_set(d, DIAG_INTERNAL, "no output folder");
	if (!*dir)
		return diag_set(d, DIAG_USAGE, "empty output folder name");
	n = result_set_count(rs);
	for (size_t i = 0; i < n; i++) {
		const char *name = result_table_name(result_set_table(rs, i));

		if (!safe_name(name))
			return diag_set(d, DIAG_USAGE,
					"table name '%s' cannot be a file name: use letters, digits, '_', '-' and '.', not '.' first, at most %d bytes",
					name, RESULT_NAME_MAX);
	}
	if (make_dirs(dir, d) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (write_one(result_set_table(rs, i), dir, d) < 0)
			return -1;
	return sync_dir(dir, d);
}
