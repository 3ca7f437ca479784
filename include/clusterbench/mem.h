/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mem: row-sized arrays backed by huge pages where the kernel allows it. */
#ifndef CLUSTERBENCH_MEM_H
#define CLUSTERBENCH_MEM_H

#include <stddef.h>

/*
 * A column or a per-row scratch array of millions of rows costs one page
 * fault per 4 KiB on first touch; on a virtual machine that is as slow as
 * the work done on it. These allocate with malloc (free them with free or
 * g_free) and, from MEM_BIG_BYTES up, ask the kernel for transparent huge
 * pages on the block (madvise MADV_HUGEPAGE, a hint: nothing changes where
 * it is not honoured).
 */
#define MEM_BIG_BYTES (4u << 20)

/* Like g_new: never NULL (aborts with a message when out of memory). */
void *mem_new(size_t n, size_t size);
/* malloc(n * size), or NULL (also when n * size overflows). */
void *mem_array(size_t n, size_t size);
/* realloc to n * size bytes, of which the first old_bytes are kept, or NULL
 * with p unchanged. A big block is moved before it is touched. */
void *mem_array_resize(void *p, size_t old_bytes, size_t n, size_t size);
#endif
