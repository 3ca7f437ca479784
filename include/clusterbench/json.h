/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json: a small streaming JSON writer (strings escaped, NaN written as null). */
#ifndef CLUSTERBENCH_JSON_H
#define CLUSTERBENCH_JSON_H

#include <stdio.h>

/*
 * Writes JSON to a stream with commas and indentation handled by the
 * writer. Keys and strings must be UTF-8; control characters, quotes and
 * backslashes are escaped. Numbers are written with the fewest digits that
 * read back to the same double; NaN and infinities are written as null.
 * Write errors are sticky in the FILE (check ferror/fclose).
 */
struct json {
	FILE *fp;
	int depth;
	int first[32];   /* no element written yet at this depth */
	int after_key;
	int pretty;
};

void json_init(struct json *j, FILE *fp, int pretty);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);
void json_number(struct json *j, double v);
void json_integer(struct json *j, long long v);
void json_bool(struct json *j, int v);
void json_null(struct json *j);
/* Ends the document with a newline. */
void json_finish(struct json *j);

/* Writes s as a JSON string literal (with quotes) to fp. */
void json_write_string(FILE *fp, const char *s);

#endif
