/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json: streaming writer with escaping and shortest round-trip numbers. */
#include "clusterbench/json.h"

#include <math.h>
#include <string.h>

#include "clusterbench/numparse.h"

void json_init(struct json *j, FILE *fp, int pretty)
{
	memset(j, 0, sizeof *j);
	j->fp = fp;
	j->pretty = pretty;
	j->first[0] = 1;
}

static void indent(struct json *j)
{
	if (!j->pretty)
		return;
	fputc('\n', j->fp);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->fp);
}

/* Separator and indentation before a value or key. */
static void before(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (!j->first[j->depth])
		fputc(',', j->fp);
	j->first[j->depth] = 0;
	if (j->depth > 0)
		indent(j);
}

static void open_(struct json *j, char c)
{
	before(j);
	fputc(c, j->fp);
	if (j->depth < 31)
		j->depth++;
	j->first[j->depth] = 1;
}

static void close_(struct json *j, char c)
{
	int empty = j->first[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (!empty)
		indent(j);
	fputc(c, j->fp);
}

void json_begin_object(struct json *j)
{
	open_(j, '{');
}

void json_end_object(struct json *j)
{
	close_(j, '}');
}

void json_begin_array(struct json *j)
{
	open_(j, '[');
}

void json_end_array(struct json *j)
{
	close_(j, ']');
}

void json_write_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			if (*p < 0x20)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
}

void json_key(struct json *j, const char *key)
{
	before(j);
	json_write_string(j->fp, key);
	fputs(j->pretty ? ": " : ":", j->fp);
	j->after_key = 1;
}

void json_string(struct json *j, const char *s)
{
	before(j);
	if (s)
		json_write_string(j->fp, s);
	else
		fputs("null", j->fp);
}

void json_number(struct json *j, double v)
{
	char buf[NUM_FORMAT_SIZE];

	before(j);
	if (!isfinite(v)) {
		fputs("null", j->fp);
		return;
	}
	num_format(v, buf, sizeof buf);
	fputs(buf, j->fp);
}

void json_integer(struct json *j, long long v)
{
	before(j);
	fprintf(j->fp, "%lld", v);
}

void json_bool(struct json *j, int v)
{
	before(j);
	fputs(v ? "true" : "false", j->fp);
}

void json_null(struct json *j)
{
	before(j);
	fputs("null", j->fp);
}

void json_finish(struct json *j)
{
	fputc('\n', j->fp);
}
