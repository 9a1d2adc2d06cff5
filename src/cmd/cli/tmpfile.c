// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Temporary files and signals (the rules are at the head of cli/tmpfile.h).
 * The handler runs with only async-signal-safe calls: unlink(), and a tree
 * removal made of open(), getdents64(), unlinkat() and close() on buffers
 * of the stack (no opendir(): it allocates).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cli/tmpfile.h"

/* a leftover is stale only when also unchanged this long (see the header) */
#define STALE_SECONDS 60

/* The one temporary file a command writes at a time; the unpack
 * directories' location and this process's name prefix there. Set before
 * the handlers can run, read by them. */
static char tmp_path[PATH_MAX];
static volatile sig_atomic_t tmp_set;
static char unpack_dir[PATH_MAX];
static char unpack_prefix[64];
static size_t unpack_prefix_len;

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Remove name under dirfd, a directory tree or not: async-signal-safe.
 * Whether it is gone. */
static bool remove_at(int dirfd, const char *name, int depth)
{
	char buf[4096];
	long n;
	int fd;

	if (unlinkat(dirfd, name, 0) == 0)
		return true;
	if (errno != EISDIR || depth > 64)
		return false;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		bool removed = false;

		for (long off = 0; off < n;) {
			const struct linux_dirent64 *d = (const void *)(buf + off);

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") &&
			    remove_at(fd, d->d_name, depth + 1))
				removed = true;
		}
		/* entries removed: read the directory again from its start
		 * (until a pass finds only . and .., or what cannot go) */
		if (removed)
			lseek(fd, 0, SEEK_SET);
	}
	close(fd);
	return unlinkat(dirfd, name, AT_REMOVEDIR) == 0;
}

/* This process's unpack directories: TMPDIR/ioasidctl-dump.PID.* */
static void remove_unpacked(void)
{
	char buf[4096];
	long n;
	int fd = open(unpack_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		bool removed = false;

		for (long off = 0; off < n;) {
			const struct linux_dirent64 *d = (const void *)(buf + off);

			off += d->d_reclen;
			if (!strncmp(d->d_name, unpack_prefix, unpack_prefix_len) &&
			    remove_at(fd, d->d_name, 0))
				removed = true;
		}
		if (removed)
			lseek(fd, 0, SEEK_SET);
	}
	close(fd);
}

static void on_signal(int sig)
{
	int saved = errno;

	if (tmp_set)
		unlink(tmp_path);
	remove_unpacked();
	/* end as the signal would have: the shell sees 128 + sig */
	signal(sig, SIG_DFL);
	errno = saved;
	raise(sig);
}

void cli_tmp_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	const char *td = getenv("TMPDIR");
	struct sigaction sa = {0};

	snprintf(unpack_dir, sizeof(unpack_dir), "%s", td && *td ? td : "/tmp");
	unpack_prefix_len = (size_t)snprintf(unpack_prefix, sizeof(unpack_prefix),
					     "ioasidctl-dump.%ld.", (long)getpid());
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;

		sigaddset(&sa.sa_mask, sigs[i]);
		/* a signal ignored by whoever started us stays ignored
		 * (trap '' PIPE, nohup's SIGHUP): its writes fail instead */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* A leftover that is provably ours and stale (see the header). */
static bool stale(int dirfd, const char *name, bool dir)
{
	struct stat st;
	bool yes = false;
	int fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || st.st_uid != geteuid() ||
	    (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) ||
	    time(NULL) - st.st_mtime < STALE_SECONDS)
		return false;
	fd = openat(dirfd, name,
		    (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_NOFOLLOW | O_NONBLOCK |
			    O_CLOEXEC);
	if (fd < 0)
		return false;
	yes = flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd);
	return yes;
}

int cli_tmp_sweep(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), n = 0;
	struct dirent *de;
	DIR *d;

	if (dfd < 0)
		return 0;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 0;
	}
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, CLI_TMP_PREFIX, strlen(CLI_TMP_PREFIX)) &&
		    stale(dirfd(d), de->d_name, false) && unlinkat(dirfd(d), de->d_name, 0) == 0)
			n++;
	closedir(d);
	return n;
}

int cli_tmp_create(const char *target, char *tmp, size_t len)
{
	const char *slash = strrchr(target, '/');
	char dir[PATH_MAX];
	sigset_t block, old;
	int fd, e;

	if (slash)
		snprintf(dir, sizeof(dir), "%.*s", slash == target ? 1 : (int)(slash - target),
			 target);
	else
		snprintf(dir, sizeof(dir), ".");
	cli_tmp_sweep(dir);
	/* NAME cut so the whole name stays within NAME_MAX */
	if ((size_t)snprintf(tmp, len, "%s/" CLI_TMP_PREFIX "%ld.%.200s.XXXXXX", dir,
			     (long)getpid(), slash ? slash + 1 : target) >= len)
		return -ENAMETOOLONG;
	/* no signal between the file's creation and its registration */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGPIPE);
	sigprocmask(SIG_BLOCK, &block, &old);
	fd = mkstemp(tmp);
	e = errno;
	if (fd >= 0) {
		snprintf(tmp_path, sizeof(tmp_path), "%s", tmp);
		tmp_set = 1;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0)
		return -e;
	/* the writer's mark: its leftover is stale once this lock is gone */
	flock(fd, LOCK_EX | LOCK_NB);
	return fd;
}

void cli_tmp_forget(void)
{
	tmp_set = 0;
}
