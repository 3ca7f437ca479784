/* SPDX-License-Identifier: GPL-3.0-or-later */
/* diag: error record, one-line formatting, warnings list. */
#include "clusterbench/diag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *progname = "clusterbench";

void diag_set_progname(const char *name)
{
	if (name && *name)
		progname = name;
}

const char *diag_progname(void)
{
	return progname;
}

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof *d);
	d->byte_offset = -1;
}

int diag_failed(const struct diag *d)
{
	return d && d->code != DIAG_OK;
}

int diag_setv(struct diag *d, enum diag_code code, const char *fmt, va_list ap)
{
	if (!d || d->code != DIAG_OK)
		return -1;
	d->code = code == DIAG_OK ? DIAG_INTERNAL : code;
	if (vsnprintf(d->message, sizeof d->message, fmt, ap) >= (int)sizeof d->message) {
		/* cut back to a character boundary when the message was cut */
		size_t end = sizeof d->message - 1, i = end;
		unsigned char lead;
		size_t len;

		while (i > 0 && ((unsigned char)d->message[i - 1] & 0xC0) == 0x80)
			i--;
		/* i - 1 is the lead byte of the last character (if any) */
		if (i > 0) {
			lead = (unsigned char)d->message[i - 1];
			len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
			if (i - 1 + len > end)
				d->message[i - 1] = '\0';
		}
	}
	return -1;
}

int diag_set(struct diag *d, enum diag_code code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_setv(d, code, fmt, ap);
	va_end(ap);
	return -1;
}

int diag_set_errno(struct diag *d, enum diag_code code, int err, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	if (!d || d->code != DIAG_OK)
		return -1;
	va_start(ap, fmt);
	diag_setv(d, code, fmt, ap);
	va_end(ap);
	d->sys_errno = err;
	len = strlen(d->message);
	if (err && len < sizeof d->message)
		snprintf(d->message + len, sizeof d->message - len, ": %s", strerror(err));
	return -1;
}

static void copy_bounded(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size) {
		n = size - 1;
		/* never cut inside a UTF-8 character */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void diag_set_path(struct diag *d, const char *path)
{
	if (d && path && !d->path[0])
		copy_bounded(d->path, sizeof d->path, path);
}

void diag_set_line(struct diag *d, unsigned long long line, unsigned long field)
{
	if (!d)
		return;
	if (!d->line) {
		d->line = line;
		if (!d->field)
			d->field = field;
	}
}

void diag_set_column(struct diag *d, const char *column)
{
	if (d && column && !d->column[0])
		copy_bounded(d->column, sizeof d->column, column);
}

void diag_set_offset(struct diag *d, long long byte_offset)
{
	if (d && d->byte_offset < 0)
		d->byte_offset = byte_offset;
}

char *diag_format(const struct diag *d, char *buf, size_t size)
{
	size_t len = 0;

#define APPEND(...)                                                           \
	do {                                                                  \
		if (len < size) {                                             \
			int r_ = snprintf(buf + len, size - len, __VA_ARGS__); \
			if (r_ > 0)                                           \
				len += (size_t)r_;                            \
		}                                                             \
	} while (0)

	if (!size)
		return buf;
	buf[0] = '\0';
	if (d->path[0]) {
		APPEND("%s", d->path);
		if (d->line) {
			APPEND(":%llu", d->line);
			if (d->field)
				APPEND(":%lu", d->field);
		}
		APPEND(": ");
	}
	if (d->column[0])
		APPEND("%s: ", d->column);
	APPEND("%s", d->message);
	if (d->byte_offset >= 0)
		APPEND(" (byte offset %lld)", d->byte_offset);
#undef APPEND
	return buf;
}

void diag_print(const struct diag *d, FILE *fp)
{
	char buf[DIAG_PATH_MAX + DIAG_COLUMN_MAX + DIAG_MESSAGE_MAX + 96];

	fprintf(fp, "%s: %s\n", progname, diag_format(d, buf, sizeof buf));
}

void warnings_init(struct warnings *w)
{
	memset(w, 0, sizeof *w);
}

void warnings_release(struct warnings *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->items[i]);
	free(w->items);
	memset(w, 0, sizeof *w);
}

void warnings_add(struct warnings *w, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];
	char *copy;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 8;
		char **items = realloc(w->items, cap * sizeof *items);

		if (!items) {
			w->lost++;
			return;
		}
		w->items = items;
		w->cap = cap;
	}
	copy = strdup(buf);
	if (!copy) {
		w->lost++;
		return;
	}
	w->items[w->n++] = copy;
}

void warnings_print(const struct warnings *w, FILE *fp)
{
	for (size_t i = 0; i < w->n; i++)
		fprintf(fp, "%s: warning: %s\n", progname, w->items[i]);
	if (w->lost)
		fprintf(fp, "%s: warning: %zu further warnings lost (out of memory)\n",
			progname, w->lost);
}
