/* SPDX-License-Identifier: GPL-3.0-or-later */
/* diag: the one error record of the program, its formatting and exit codes. */
#ifndef CLUSTERBENCH_DIAG_H
#define CLUSTERBENCH_DIAG_H

#include <stddef.h>
#include <stdio.h>
#include <stdarg.h>

/* Exit statuses (DESIGN.md §3). A diag's code is one of these. */
enum diag_code {
	DIAG_OK = 0,       /* no error */
	DIAG_DATA = 1,     /* bad input data: parse, schema, value, too little data */
	DIAG_USAGE = 2,    /* bad options or job file */
	DIAG_IO = 3,       /* I/O or rendering failure */
	DIAG_INTERNAL = 4  /* a bug */
};

#define DIAG_PATH_MAX 512
#define DIAG_COLUMN_MAX 128
#define DIAG_MESSAGE_MAX 768

/*
 * The error found first, passed up unchanged: the function that detects a
 * problem fills it, callers only add context that is still empty. Filling a
 * diag never allocates. Location fields are 0 / empty / -1 when unknown.
 */
struct diag {
	enum diag_code code;
	int sys_errno;                  /* errno of a failed system call, or 0 */
	char path[DIAG_PATH_MAX];       /* input or output file, or "" */
	unsigned long long line;        /* 1-based physical line, 0 = none */
	unsigned long field;            /* 1-based field index, 0 = none */
	char column[DIAG_COLUMN_MAX];   /* column (or job-file key) name, or "" */
	long long byte_offset;          /* 0-based byte offset in the file, -1 = none */
	char message[DIAG_MESSAGE_MAX]; /* lowercase, no full stop */
};

/* Resets d to "no error". */
void diag_init(struct diag *d);

/* True when d holds an error. */
int diag_failed(const struct diag *d);

/*
 * Records an error of the given code with a printf-style message, unless d
 * already holds one (first error wins). Always returns -1, so that a failing
 * function can end with `return diag_set(d, ...)`. d may be NULL.
 */
int diag_set(struct diag *d, enum diag_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int diag_setv(struct diag *d, enum diag_code code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Like diag_set, with errno recorded and ": strerror" appended to the message. */
int diag_set_errno(struct diag *d, enum diag_code code, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Context setters: each fills its field only when it is still empty/unknown. */
void diag_set_path(struct diag *d, const char *path);
void diag_set_line(struct diag *d, unsigned long long line, unsigned long field);
void diag_set_column(struct diag *d, const char *column);
void diag_set_offset(struct diag *d, long long byte_offset);

/*
 * Formats the error as one line, location first:
 *   path:line:field: column: message (byte offset N)
 * Missing parts are left out. Returns buf.
 */
char *diag_format(const struct diag *d, char *buf, size_t size);

/* Prints "PROG: <formatted>\n" to fp. */
void diag_print(const struct diag *d, FILE *fp);

/* Program name used in messages ("clusterbench"); set once from main. */
void diag_set_progname(const char *name);
const char *diag_progname(void);

/*
 * Warnings: a growable list of owned, formatted strings ("3 blank lines
 * skipped"). warnings_add allocates; on allocation failure the warning is
 * dropped and the list remembers that (warnings_lost).
 */
struct warnings {
	char **items;
	size_t n, cap;
	size_t lost;
};
void warnings_init(struct warnings *w);
void warnings_release(struct warnings *w);
void warnings_add(struct warnings *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints every warning as "PROG: warning: TEXT" to fp. */
void warnings_print(const struct warnings *w, FILE *fp);

#endif
