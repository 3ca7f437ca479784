/* SPDX-License-Identifier: GPL-3.0-or-later */
/* utf8: a fast UTF-8 check for the loader's hot path. */
#ifndef CLUSTERBENCH_UTF8_H
#define CLUSTERBENCH_UTF8_H

#include <stddef.h>

/*
 * 1 when p[0..n) is valid UTF-8 without NUL bytes, else 0: the answer of
 * g_utf8_validate_len(p, n, NULL), checked eight bytes at a time while the
 * text is ASCII. Callers that need the position of a bad byte ask GLib.
 */
int utf8_valid(const char *p, size_t n);
#endif
