// SPDX-License-Identifier: LGPL-2.1-or-later
/* File helpers of the emulated host: everything relative to a directory
 * fd of the generation being written, parents created on demand. Files
 * are always created new (O_EXCL after unlink): a file may be a hard link
 * shared with a published generation and must never change in place. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim.h"

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

	if (n >= sizeof(p))
		return -ENAMETOOLONG;
	memcpy(p, path, n + 1);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdirat(dirfd, p, 0755) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdirat(dirfd, p, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
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

int sim_write(int dirfd, const char *path, const void *buf, size_t len)
{
	const char *b = buf;
	int fd, rc = parent_of(dirfd, path);

	if (rc)
		return rc;
	unlinkat(dirfd, path, 0);
	fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
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
