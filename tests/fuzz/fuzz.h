/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz: helpers shared by the libFuzzer targets (invariant checks that abort). */
#ifndef CLUSTERBENCH_FUZZ_H
#define CLUSTERBENCH_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A broken invariant is a finding: print what failed and abort, so that
 * libFuzzer saves the input as a crash. Only the harnesses abort; library
 * code never does.
 */
#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",       \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* The same with a printf-style explanation. */
#define FUZZ_CHECKF(cond, ...)                                                 \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant failed: %s: ",       \
				__FILE__, __LINE__, #cond);                    \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A heap copy of exactly len bytes (1 when len is 0), so that AddressSanitizer
 * catches a read one past the end. The caller frees it. */
static inline char *fuzz_dup_exact(const uint8_t *data, size_t len)
{
	char *p = malloc(len ? len : 1);

	FUZZ_CHECK(p != NULL);
	if (len)
		memcpy(p, data, len);
	return p;
}

/* A NUL-terminated heap copy of data (cut at its first NUL byte, as a C
 * string would be). The caller frees it. */
static inline char *fuzz_dup_string(const uint8_t *data, size_t len)
{
	const uint8_t *nul = memchr(data, 0, len);
	size_t n = nul ? (size_t)(nul - data) : len;
	char *p = malloc(n + 1);

	FUZZ_CHECK(p != NULL);
	if (n)
		memcpy(p, data, n);
	p[n] = '\0';
	return p;
}

#endif
