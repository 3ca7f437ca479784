/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runfolder: a run's output folder that appears complete or not at all. */
#ifndef CLUSTERBENCH_RUNFOLDER_H
#define CLUSTERBENCH_RUNFOLDER_H

#include <stdio.h>

#include "clusterbench/diag.h"

struct runfolder;

/*
 * Starts a run into dir: everything is written into a fresh hidden folder
 * beside it (".NAME.tmp-PID-XXXXXX") and moved into place by
 * runfolder_commit. Such folders left by killed runs (PID gone) are removed.
 * An existing dir is replaced only then, and only when it is empty or holds
 * a previous run (a run.json); anything else is refused (DIAG_IO), so a
 * mistyped --output never deletes an unrelated folder. Parents of dir are
 * created. Returns NULL with d set on failure.
 */
struct runfolder *runfolder_begin(const char *dir, struct diag *d);

/* The temporary folder (for writers that take a path), and the final one. */
const char *runfolder_tmp(const struct runfolder *rf);
const char *runfolder_final(const struct runfolder *rf);

/*
 * Opens rel (a relative path: no '/' at the start, no '..') for writing in
 * the run folder, creating its subfolders. Returns NULL with DIAG_IO naming
 * the final path, or DIAG_INTERNAL for an unsafe name.
 */
FILE *runfolder_open(struct runfolder *rf, const char *rel, struct diag *d);
/* Flushes, syncs and closes fp; a write error is DIAG_IO. */
int runfolder_close(struct runfolder *rf, FILE *fp, struct diag *d);

/* Moves the finished folder into place; the previous run (if any) is removed
 * only after that. Returns 0 or -1 (DIAG_IO). */
int runfolder_commit(struct runfolder *rf, struct diag *d);

/* Removes the temporary folder unless committed, and frees rf. NULL is fine. */
void runfolder_abort(struct runfolder *rf);

/* Removes a folder tree (never following symbolic links). 0 or -1. */
int runfolder_remove_tree(const char *path);

#endif
