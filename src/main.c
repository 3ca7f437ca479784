/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main: the clusterbench program; everything else lives in the library. */
#include <malloc.h>

#include "clusterbench/cli.h"

int main(int argc, char **argv)
{
	/*
	 * Large column and group arrays are allocated and freed many times in
	 * a run; from the heap (not a fresh mmap each time, which the kernel
	 * must zero page by page) their pages are reused; one arena for all
	 * threads, so that a worker reuses what another freed. Freed memory
	 * stays with the process until it ends, so peak RSS is unchanged.
	 */
	mallopt(M_MMAP_THRESHOLD, 512 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
	mallopt(M_ARENA_MAX, 1);
	return cli_main(argc, argv);
}
