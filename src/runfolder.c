/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runfolder: write into a hidden sibling folder, then swap it into place. */
#include "clusterbench/runfolder.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct runfolder {
	char *dir;        /* final folder */
	char *tmp;        /* temporary folder beside it */
	int committed;
	FILE *open_fp;    /* the file being written, for its path in errors */
	char *open_path;
};

int runfolder_remove_tree(const char *path)
{
	struct stat st;
	DIR *dp;
	struct dirent *e;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	dp = opendir(path);
	if (!dp)
		return -1;
	while ((e = readdir(dp))) {
		char *child;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		child = g_build_filename(path, e->d_name, NULL);
		if (runfolder_remove_tree(child) < 0)
			rc = -1;
		g_free(child);
	}
	closedir(dp);
	if (rmdir(path) < 0)
		rc = -1;
	return rc;
}

static int fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Empty, or a previous run folder. */
static int replaceable(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int empty = 1;
	char *marker;
	int has_run;

	if (!dp)
		return 0;
	while ((e = readdir(dp)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(dp);
	marker = g_build_filename(dir, "run.json", NULL);
	has_run = g_file_test(marker, G_FILE_TEST_IS_REGULAR);
	g_free(marker);
	return empty || has_run;
}

/* Removes ".BASE.tmp-PID-XXXXXX" folders left by runs that were killed (their
 * process no longer exists); a run in progress is never touched. */
static void remove_stale(const char *parent, const char *base)
{
	char *prefix = g_strdup_printf(".%s.tmp-", base);
	size_t plen = strlen(prefix);
	DIR *dp = opendir(parent);
	struct dirent *e;

	while (dp && (e = readdir(dp))) {
		long pid;
		char *end;

		if (strncmp(e->d_name, prefix, plen) != 0)
			continue;
		pid = strtol(e->d_name + plen, &end, 10);
		if (pid > 0 && *end == '-' && kill((pid_t)pid, 0) < 0 && errno == ESRCH) {
			char *path = g_build_filename(parent, e->d_name, NULL);

			runfolder_remove_tree(path);
			g_free(path);
		}
	}
	if (dp)
		closedir(dp);
	g_free(prefix);
}

struct runfolder *runfolder_begin(const char *dir, struct diag *d)
{
	struct runfolder *rf;
	struct stat st;
	char *parent, *base;

	if (!*dir) {
		diag_set(d, DIAG_USAGE, "the output folder name is empty");
		return NULL;
	}
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			diag_set(d, DIAG_IO, "the output path exists and is not a folder");
			diag_set_path(d, dir);
			return NULL;
		}
		if (!replaceable(dir)) {
			diag_set(d, DIAG_IO, "the output folder exists and holds files that are not a "
				 "clusterbench run (no run.json); choose a new or empty folder");
			diag_set_path(d, dir);
			return NULL;
		}
	}
	parent = g_path_get_dirname(dir);
	base = g_path_get_basename(dir);
	if (g_mkdir_with_parents(parent, 0777) < 0) {
		diag_set_errno(d, DIAG_IO, errno, "cannot create the folder");
		diag_set_path(d, parent);
		g_free(parent);
		g_free(base);
		return NULL;
	}
	remove_stale(parent, base);
	rf = g_new0(struct runfolder, 1);
	rf->dir = g_strdup(dir);
	rf->tmp = g_strdup_printf("%s/.%s.tmp-%ld-XXXXXX", parent, base, (long)getpid());
	g_free(parent);
	g_free(base);
	if (!g_mkdtemp_full(rf->tmp, 0777)) {
		diag_set_errno(d, DIAG_IO, errno, "cannot create a temporary folder beside it");
		diag_set_path(d, dir);
		g_free(rf->tmp);
		rf->tmp = NULL;
		runfolder_abort(rf);
		return NULL;
	}
	return rf;
}

const char *runfolder_tmp(const struct runfolder *rf)
{
	return rf->tmp;
}

const char *runfolder_final(const struct runfolder *rf)
{
	return rf->dir;
}

static int safe_rel(const char *rel)
{
	char **parts;
	int ok = *rel && rel[0] != '/';

	parts = g_strsplit(rel, "/", -1);
	for (size_t i = 0; parts[i] && ok; i++)
		ok = *parts[i] && strcmp(parts[i], "..") && strcmp(parts[i], ".");
	g_strfreev(parts);
	return ok;
}

FILE *runfolder_open(struct runfolder *rf, const char *rel, struct diag *d)
{
	char *path, *sub;
	FILE *fp;

	if (!safe_rel(rel)) {
		diag_set(d, DIAG_INTERNAL, "unsafe output name '%s'", rel);
		return NULL;
	}
	path = g_build_filename(rf->tmp, rel, NULL);
	sub = g_path_get_dirname(path);
	if (g_mkdir_with_parents(sub, 0777) < 0) {
		diag_set_errno(d, DIAG_IO, errno, "cannot create a folder");
		diag_set_path(d, sub);
		g_free(sub);
		g_free(path);
		return NULL;
	}
	g_free(sub);
	fp = fopen(path, "wx");
	if (!fp) {
		char *final = g_build_filename(rf->dir, rel, NULL);

		diag_set_errno(d, DIAG_IO, errno, "cannot create");
		diag_set_path(d, final);
		g_free(final);
		g_free(path);
		return NULL;
	}
	g_free(rf->open_path);
	rf->open_path = g_build_filename(rf->dir, rel, NULL);
	g_free(path);
	return fp;
}

int runfolder_close(struct runfolder *rf, FILE *fp, struct diag *d)
{
	int bad = fflush(fp) != 0 || ferror(fp);
	int err = errno;

	if (!bad && fsync(fileno(fp)) < 0) {
		bad = 1;
		err = errno;
	}
	if (fclose(fp) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	if (bad) {
		diag_set_errno(d, DIAG_IO, err, "cannot write");
		diag_set_path(d, rf->open_path ? rf->open_path : rf->dir);
		return -1;
	}
	return 0;
}

int runfolder_commit(struct runfolder *rf, struct diag *d)
{
	char *old = NULL;
	struct stat st;

	if (fsync_dir(rf->tmp) < 0) {
		diag_set_errno(d, DIAG_IO, errno, "cannot sync");
		diag_set_path(d, rf->tmp);
		return -1;
	}
	if (stat(rf->dir, &st) == 0) {
		char *parent = g_path_get_dirname(rf->dir);
		char *base = g_path_get_basename(rf->dir);

		old = g_strdup_printf("%s/.%s.old-XXXXXX", parent, base);
		g_free(parent);
		g_free(base);
		/* reserve a unique name, then move the previous run onto it */
		if (!g_mkdtemp_full(old, 0700) || rename(rf->dir, old) < 0) {
			diag_set_errno(d, DIAG_IO, errno, "cannot move the previous run aside");
			diag_set_path(d, rf->dir);
			if (old)
				rmdir(old);
			g_free(old);
			return -1;
		}
	}
	if (rename(rf->tmp, rf->dir) < 0) {
		int err = errno;

		if (old)
			rename(old, rf->dir); /* put the previous run back */
		diag_set_errno(d, DIAG_IO, err, "cannot move the new run into place");
		diag_set_path(d, rf->dir);
		g_free(old);
		return -1;
	}
	rf->committed = 1;
	{
		char *parent = g_path_get_dirname(rf->dir);

		fsync_dir(parent);
		g_free(parent);
	}
	if (old) {
		runfolder_remove_tree(old);
		g_free(old);
	}
	return 0;
}

void runfolder_abort(struct runfolder *rf)
{
	if (!rf)
		return;
	if (!rf->committed && rf->tmp)
		runfolder_remove_tree(rf->tmp);
	g_free(rf->dir);
	g_free(rf->tmp);
	g_free(rf->open_path);
	g_free(rf);
}
