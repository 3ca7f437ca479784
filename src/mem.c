/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mem: row-sized arrays backed by huge pages where the kernel allows it. */
#include "clusterbench/mem.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Advises the whole pages inside p[0..bytes). */
static void advise(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	static size_t page;
	uintptr_t a = (uintptr_t)p, b = a + bytes;

	if (!page) {
		long ps = sysconf(_SC_PAGESIZE);

		page = ps > 0 ? (size_t)ps : 4096;
	}
	a = (a + page - 1) & ~(uintptr_t)(page - 1);
	b &= ~(uintptr_t)(page - 1);
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)bytes;
#endif
}

void *mem_array(size_t n, size_t size)
{
	void *p;
	size_t bytes;

	if (size && n > SIZE_MAX / size)
		return NULL;
	bytes = n * size;
	p = malloc(bytes > 0 ? bytes : 1);
	if (p && bytes >= MEM_BIG_BYTES)
		advise(p, bytes);
	return p;
}

void *mem_array_resize(void *p, size_t old_bytes, size_t n, size_t size)
{
	void *q;
	size_t bytes;

	if (size && n > SIZE_MAX / size)
		return NULL;
	bytes = n * size;
	if (bytes < MEM_BIG_BYTES)
		return realloc(p, bytes > 0 ? bytes : 1);
	/* a new block, advised before the copy touches it */
	q = mem_array(n, size);
	if (!q)
		return NULL;
	if (p) {
		memcpy(q, p, old_bytes < bytes ? old_bytes : bytes);
		free(p);
	}
	return q;
}

void *mem_new(size_t n, size_t size)
{
	void *p = mem_array(n, size);

	if (!p)
		g_error("out of memory: %zu × %zu bytes", n, size);
	return p;
}
