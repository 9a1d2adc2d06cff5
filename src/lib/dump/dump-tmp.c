// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The directory an archive is unpacked into: TMPDIR/ioasidctl-dump.PID.XXXXXX,
 * flock()ed by the context reading it until ioasid_ctx_free() has removed
 * it. The pid lets ioasidctl's signal handler remove its own directories
 * (cli/tmpfile.c); the lock proves a leftover stale: a process killed by
 * SIGKILL leaves its directory, and the next unpack removes every
 * ioasidctl-dump.PID.* directory of this user that nobody holds locked
 * and that has not changed for a minute (a new directory is created a
 * moment before it is locked). Directories of other forms (those of
 * versions without the lock) are never touched: not provably stale.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dump/dump.h"
#include "core/internal.h"

#define UNPACK_PREFIX "ioasidctl-dump."
#define STALE_SECONDS 60

/* ioasidctl-dump.DIGITS.XXXXXX */
static bool our_form(const char *name)
{
	const char *p = name + strlen(UNPACK_PREFIX), *dot;

	if (strncmp(name, UNPACK_PREFIX, strlen(UNPACK_PREFIX)))
		return false;
	dot = strchr(p, '.');
	if (!dot || dot == p || strlen(dot + 1) != 6)
		return false;
	for (; p < dot; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

static void sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;
		int fd;

		if (!our_form(de->d_name) ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
		    time(NULL) - st.st_mtime < STALE_SECONDS)
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		/* held while removing: a reader of the same name cannot start */
		if (flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		    snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) < (int)sizeof(path))
			ioasid_remove_tree(path);
		close(fd);
	}
	closedir(d);
}

int iodump_unpack_dir(char *path, size_t len, int *lockfd)
{
	const char *tmp = getenv("TMPDIR");
	const char *dir = tmp && *tmp ? tmp : "/tmp";

	*lockfd = -1;
	sweep(dir);
	if ((size_t)snprintf(path, len, "%s/" UNPACK_PREFIX "%ld.XXXXXX", dir, (long)getpid()) >=
	    len)
		return -ENAMETOOLONG;
	if (!mkdtemp(path))
		return -errno;
	*lockfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*lockfd >= 0)
		flock(*lockfd, LOCK_EX | LOCK_NB);
	return 0;
}
