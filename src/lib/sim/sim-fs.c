// SPDX-License-Identifier: LGPL-2.1-or-later
/* File helpers of the emulated host: everything relative to a directory
 * fd of the generation being written, parents created on demand. Files
 * are always created new (O_EXCL after unlink): a file may be a hard link
 * shared with a published generation and must never change in place. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/sim.h"

int sim_seterr(struct ioasid_error *err, int errnum, const char *object, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->errnum = errnum;
		snprintf(err->object, sizeof(err->object), "%s", object ? object : "");
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
	}
	return -errnum;
}

int sim_mkdirs(int dirfd, const char *path)
{
	char p[PATH_MAX];
	size_t n = strlen(path);
	char *s;

	/* the common case first: the parent exists (one syscall per file
	 * instead of one per path component) */
	if (mkdirat(dirfd, path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -errno;
	if (n >= sizeof(p))
		return -ENAMETOOLONG;
	memcpy(p, path, n + 1);
	s = strrchr(p, '/');
	if (!s || s == p)
		return -ENOENT;
	*s = '\0';
	int rc = sim_mkdirs(dirfd, p);

	if (rc)
		return rc;
	return mkdirat(dirfd, path, 0755) < 0 && errno != EEXIST ? -errno : 0;
}

static int parent_of(int dirfd, const char *path)
{
	const char *slash = strrchr(path, '/');
	char p[PATH_MAX];

	if (!slash)
		return 0;
	if ((size_t)(slash - path) >= sizeof(p))
		return -ENAMETOOLONG;
	memcpy(p, path, (size_t)(slash - path));
	p[slash - path] = '\0';
	return sim_mkdirs(dirfd, p);
}

/*
 * The generation being written and the one before it (publish() sets them
 * around rendering). While set, sim_write() into that generation
 * hard-links the previous generation's file when it already holds the same
 * bytes: a mutation of a host with 900 VMs then writes the few files that
 * changed instead of 17,000 (and syncfs() has that much less to flush).
 * A process writes one generation at a time (the host's flock), so plain
 * statics suffice. .sim/ is never shared: readers flock .sim/readers per
 * generation.
 */
static int dedup_root = -1, dedup_prev = -1;

/*
 * Small files with the same bytes share one inode: .sim/pool/b<the bytes
 * in hex> holds them, and every file holding them is a hard link to it;
 * a generation's pool file is itself a link to the previous generation's
 * when there is one, so an unchanged file keeps its inode across
 * generations as before. Most of an emulated host's files are sysfs
 * attributes of a few bytes ("null", a quota, a count: 3 per set), and
 * creating a file with its inode and data block costs the file system
 * several times what a link costs (bench/top-frame.sh's top-mkhost: 40,000
 * files in one generation). Safe for the reason above: no file of a
 * generation is ever written in place. .sim/ is not part of the host
 * (readers and sim check skip it).
 */
#define POOL_MAX 64 /* bytes: sysfs attribute values, not dumps */

void sim_fs_dedup(int root, int prev)
{
	dedup_root = root;
	dedup_prev = prev;
}

/* Does prev hold exactly len bytes equal to buf at path? */
static bool same_in_prev(const char *path, const void *buf, size_t len)
{
	char old[4096];
	struct stat st;
	bool same = false;
	int fd;

	if (dedup_prev < 0 || len > sizeof(old) || !strncmp(path, ".sim/", 5))
		return false;
	fd = openat(dedup_prev, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len)
		same = read(fd, old, sizeof(old)) == (ssize_t)len && !memcmp(old, buf, len);
	close(fd);
	return same;
}

/* Create path new under dirfd: a file open for writing (returns its fd),
 * or with link_from a hard link (returns 0): to the previous generation's
 * file when link_from is path itself, else to link_from under dirfd (the
 * pool; see sim_fs_dedup). Try first and repair after: the parent usually exists
 * and the file usually does not, so the common case is one syscall; on
 * ENOENT make the parents, on EEXIST (a file shared with a published
 * generation) unlink it, never write through it. */
static int make_new(int dirfd, const char *path, const char *link_from)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		int rc = link_from ? linkat(link_from == path ? dedup_prev : dirfd, link_from,
					    dirfd, path, 0)
				   : openat(dirfd, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
					    0644);

		if (rc >= 0)
			return rc;
		if (errno == ENOENT)
			rc = parent_of(dirfd, path);
		else if (errno == EEXIST)
			rc = unlinkat(dirfd, path, 0) < 0 ? -errno : 0;
		else
			return -errno;
		if (rc)
			return rc;
	}
	return -EEXIST;
}

/* A small file of the generation being written as a link to its pool
 * file, made first if needed (linked from the previous generation's pool,
 * else written). 0 or -errno (the generation is then not published). */
static int pool_link(int dirfd, const char *path, const unsigned char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char from[sizeof(".sim/pool/b") + 2 * POOL_MAX];
	size_t n = sizeof(".sim/pool/b") - 1;

	memcpy(from, ".sim/pool/b", n);
	for (size_t i = 0; i < len; i++) {
		from[n++] = hex[buf[i] >> 4];
		from[n++] = hex[buf[i] & 15];
	}
	from[n] = '\0';
	if (linkat(dirfd, from, dirfd, path, 0) == 0)
		return 0;
	if (faccessat(dirfd, from, F_OK, AT_SYMLINK_NOFOLLOW) < 0 &&
	    (dedup_prev < 0 || make_new(dirfd, from, from) != 0)) {
		int rc = sim_write(dirfd, from, buf, len);

		if (rc < 0) {
			/* a pool file cut short must not be linked again */
			unlinkat(dirfd, from, 0);
			return rc;
		}
	}
	return make_new(dirfd, path, from);
}

int sim_write(int dirfd, const char *path, const void *buf, size_t len)
{
	const char *b = buf;
	int fd, rc = 0;

	if (dirfd == dedup_root && len <= POOL_MAX && strncmp(path, ".sim/", 5))
		return pool_link(dirfd, path, buf ? buf : (const void *)"", len);
	if (dirfd == dedup_root && same_in_prev(path, buf, len) && make_new(dirfd, path, path) == 0)
		return 0;
	fd = make_new(dirfd, path, NULL);
	if (fd < 0)
		return fd;
	while (len > 0) {
		ssize_t w = write(fd, b, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			rc = -errno;
			break;
		}
		b += w;
		len -= (size_t)w;
	}
	if (close(fd) < 0 && !rc)
		rc = -errno;
	return rc;
}

int sim_printf(int dirfd, const char *path, const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -EOVERFLOW;
	return sim_write(dirfd, path, buf, (size_t)n);
}

int sim_symlink(int dirfd, const char *target, const char *path)
{
	int rc = parent_of(dirfd, path);

	if (rc)
		return rc;
	if (symlinkat(target, dirfd, path) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}
