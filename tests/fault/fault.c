// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An LD_PRELOAD shim for the fault-injection tests (tests/cli/faults.sh,
 * tests/cli/signals.sh): the Nth call of one file-system operation fails,
 * or stops the process, so that every write, rename and sync of a command
 * can be failed in turn, deterministically (not at random).
 *
 *   FAULT_OP     write | rename | fsync | syncfs | link | symlink | mkdir
 *                (write covers write/pwrite/writev on regular files only:
 *                the terminal and pipes are not the file system; fsync
 *                covers fdatasync; rename covers renameat and renameat2;
 *                link linkat; symlink symlinkat; mkdir mkdirat)
 *   FAULT_N      which call (1 = the first); unset: only count
 *   FAULT_ERRNO  the errno of the failure (default EIO)
 *   FAULT_STOP   1: raise SIGSTOP before the Nth call instead of failing it
 *                (the test then sends a signal and SIGCONT)
 *   FAULT_KILL   1: raise SIGKILL before the Nth call (a crash at that step)
 *   FAULT_COUNT  a file to which the number of calls of FAULT_OP is written
 *                at exit (the tests learn how many steps there are)
 * The calls go to the next definitions (dlsym RTLD_NEXT). glibc's
 * internal calls (fclose's write) go through the same symbols only when
 * they are not internal aliases: stdio's writes do not come here, the
 * tool's own write() and rename() calls do.
 */

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *op;
static long target = -1, calls;
static int fail_errno = EIO, stop, kill_;

__attribute__((constructor)) static void init(void)
{
	const char *s;

	op = getenv("FAULT_OP");
	if ((s = getenv("FAULT_N")) && *s)
		target = atol(s);
	if ((s = getenv("FAULT_ERRNO")) && *s)
		fail_errno = atoi(s);
	stop = (s = getenv("FAULT_STOP")) && !strcmp(s, "1");
	kill_ = (s = getenv("FAULT_KILL")) && !strcmp(s, "1");
}

__attribute__((destructor)) static void report(void)
{
	const char *f = getenv("FAULT_COUNT");
	char line[32];
	int fd;

	if (!f || !*f)
		return;
	fd = open(f, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	snprintf(line, sizeof(line), "%ld\n", calls);
	if (write(fd, line, strlen(line)) < 0)
		calls = -1;
	close(fd);
}

/* Count a call of kind; nonzero: fail it (errno set). */
static int hit(const char *kind)
{
	if (!op || strcmp(op, kind))
		return 0;
	if (++calls != target)
		return 0;
	if (kill_)
		raise(SIGKILL);
	if (stop) {
		raise(SIGSTOP);
		return 0;
	}
	errno = fail_errno;
	return 1;
}

static int regular(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

ssize_t write(int fd, const void *buf, size_t n)
{
	if (regular(fd) && hit("write"))
		return -1;
	return NEXT(write)(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	if (regular(fd) && hit("write"))
		return -1;
	return NEXT(pwrite)(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	if (regular(fd) && hit("write"))
		return -1;
	return NEXT(writev)(fd, iov, cnt);
}

int rename(const char *a, const char *b)
{
	if (hit("rename"))
		return -1;
	return NEXT(rename)(a, b);
}

int renameat(int da, const char *a, int db, const char *b)
{
	if (hit("rename"))
		return -1;
	return NEXT(renameat)(da, a, db, b);
}

int renameat2(int da, const char *a, int db, const char *b, unsigned flags)
{
	if (hit("rename"))
		return -1;
	return NEXT(renameat2)(da, a, db, b, flags);
}

int fsync(int fd)
{
	if (hit("fsync"))
		return -1;
	return NEXT(fsync)(fd);
}

int fdatasync(int fd)
{
	if (hit("fsync"))
		return -1;
	return NEXT(fdatasync)(fd);
}

int syncfs(int fd)
{
	if (hit("syncfs"))
		return -1;
	return NEXT(syncfs)(fd);
}

int linkat(int da, const char *a, int db, const char *b, int flags)
{
	if (hit("link"))
		return -1;
	return NEXT(linkat)(da, a, db, b, flags);
}

int symlinkat(const char *target_, int d, const char *path)
{
	if (hit("symlink"))
		return -1;
	return NEXT(symlinkat)(target_, d, path);
}

int mkdirat(int d, const char *path, mode_t mode)
{
	if (hit("mkdir"))
		return -1;
	return NEXT(mkdirat)(d, path, mode);
}
