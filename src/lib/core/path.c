// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The path layer: the one place that turns a host path into a path under
 * the context's root (live "/", a snapshot, an emulated host), for reads and
 * for the library's few writes (a cgroup limit, the extension's knobs, a
 * tracefs instance, /dev/ioasid), which a replayed dump refuses. Readers
 * are defensive: sysfs files may be truncated, empty, oversized, garbage,
 * symlink loops or unreadable for a non-root caller.
 *
 * Below a root (a snapshot, a replayed dump, an emulated host) every path
 * is resolved in the root (confine.c, the kernel's RESOLVE_IN_ROOT): the
 * root is "/" for the path and for every symlink in it, so no symlink,
 * hard-linked symlink or ".." of a hostile tree makes us open a file of
 * this host. The live host ("" root) opens paths as they are.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/internal.h"
#include "core/record.h"

int iopath_vabs(const struct ioasid_ctx *ctx, char *buf, size_t len, const char *fmt, va_list ap)
{
	size_t n = (size_t)snprintf(buf, len, "%s", ctx->root);
	int m;

	if (n >= len)
		return -ENAMETOOLONG;
	m = vsnprintf(buf + n, len - n, fmt, ap);
	if (m < 0 || (size_t)m >= len - n)
		return -ENAMETOOLONG;
	return 0;
}

int iopath_abs(const struct ioasid_ctx *ctx, char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = iopath_vabs(ctx, buf, len, fmt, ap);
	va_end(ap);
	return rc;
}

static int note_errno(struct ioasid_ctx *ctx, int err)
{
	if (err == EACCES || err == EPERM)
		ctx->perm_denials++;
	return -err;
}

/* The host path ("/sys/...") of a path built by iopath_vabs. */
static const char *host_of(const struct ioasid_ctx *ctx, const char *path)
{
	return path + strlen(ctx->root);
}

/* An access failed: record its errno for a dump, count it, return -err. */
static int fail(struct ioasid_ctx *ctx, const char *path, int err)
{
	iorec_error(ctx, host_of(ctx, path), err);
	return note_errno(ctx, err);
}

/* Replaying a dump: the errno the dumped host gave for this path, so a
 * file the dump could not read fails the same way (0: go ahead). */
static int replayed_errno(struct ioasid_ctx *ctx, const char *path)
{
	int e = iooverlay_err(ctx, host_of(ctx, path));

	return e ? note_errno(ctx, e) : 0;
}

/* open(2) of a path built by iopath_vabs, resolved in the root; the fd
 * or -errno. */
static int root_open(const struct ioasid_ctx *ctx, const char *path, int flags)
{
	int fd;

	if (ctx->rootfd >= 0)
		return ioconf_open(ctx->rootfd, host_of(ctx, path), flags, false);
	fd = open(path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* The directory holding the path's last component (resolved in the root)
 * and that component, not followed: for readlinkat, fstatat, mkdirat,
 * unlinkat. On the live host, AT_FDCWD and the whole path. */
struct parent {
	int dfd;
	const char *name;
	char buf[NAME_MAX + 1];
};

static int root_parent(const struct ioasid_ctx *ctx, const char *path, struct parent *p)
{
	if (ctx->rootfd < 0) {
		p->dfd = AT_FDCWD;
		p->name = path;
		return 0;
	}
	p->dfd = ioconf_parent(ctx->rootfd, host_of(ctx, path), false, p->buf, sizeof(p->buf));
	p->name = p->buf;
	return p->dfd < 0 ? p->dfd : 0;
}

static void parent_close(struct parent *p)
{
	if (p->dfd >= 0)
		close(p->dfd);
}

static int open_path(struct ioasid_ctx *ctx, const char *path)
{
	int fd = replayed_errno(ctx, path);

	if (fd < 0)
		return fd;
	fd = root_open(ctx, path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return fail(ctx, path, -fd);
	return fd;
}

static int open_v(struct ioasid_ctx *ctx, char *path, const char *fmt, va_list ap)
{
	int rc = iopath_vabs(ctx, path, PATH_MAX, fmt, ap);

	if (rc < 0)
		return rc;
	return open_path(ctx, path);
}

/* Read up to max bytes; sysfs reports st_size 4096 whatever the content,
 * so the size is discovered by reading, not by fstat. */
static int read_fd_all(int fd, char **out, size_t *len, size_t max)
{
	size_t cap = max < 4096 ? max : 4096, n = 0;
	char *buf = malloc(cap + 1);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *nb;

			if (cap >= max) {
				/* full: a file of exactly max bytes ends here, so
				 * probe one more byte (into the NUL's slot) */
				do
					r = read(fd, buf + n, 1);
				while (r < 0 && errno == EINTR);
				if (r == 0 || (r < 0 && errno == EAGAIN))
					break;
				r = r < 0 ? -errno : -EFBIG;
				free(buf);
				return (int)r;
			}
			cap = cap * 2 > max ? max : cap * 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			/* a non-blocking /dev/kmsg ends with EAGAIN */
			if (errno == EAGAIN && n > 0)
				break;
			int e = errno;
			free(buf);
			return -e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
}

int iopath_open(struct ioasid_ctx *ctx, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int fd;

	va_start(ap, fmt);
	fd = open_v(ctx, path, fmt, ap);
	va_end(ap);
	return fd;
}

int iopath_read_all(struct ioasid_ctx *ctx, char **out, size_t *len, size_t max, const char *fmt,
		    ...)
{
	char path[PATH_MAX];
	size_t n = 0;
	va_list ap;
	int fd, rc;

	*out = NULL;
	va_start(ap, fmt);
	fd = open_v(ctx, path, fmt, ap);
	va_end(ap);
	if (fd < 0)
		return fd;
	rc = read_fd_all(fd, out, &n, max ? max : IOASID_MAX_FILE);
	close(fd);
	if (rc < 0)
		return fail(ctx, path, -rc);
	iorec_file(ctx, host_of(ctx, path), *out, n);
	if (len)
		*len = n;
	return rc;
}

static int vread_line(struct ioasid_ctx *ctx, char *buf, size_t len, const char *fmt, va_list ap)
{
	char tmp[4096], path[PATH_MAX];
	ssize_t r;
	size_t n;
	char *nl;
	int fd = open_v(ctx, path, fmt, ap);

	if (fd < 0)
		return fd;
	do
		r = read(fd, tmp, sizeof(tmp) - 1);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		int e = errno;

		close(fd);
		return fail(ctx, path, e);
	}
	close(fd);
	iorec_file(ctx, host_of(ctx, path), tmp, (size_t)r);
	tmp[r] = '\0';
	/* a NUL inside an attribute is garbage, not an end of string */
	if (memchr(tmp, '\0', (size_t)r))
		return -EINVAL;
	nl = strchr(tmp, '\n');
	if (nl)
		*nl = '\0';
	n = strlen(tmp);
	while (n > 0 && isspace((unsigned char)tmp[n - 1]))
		tmp[--n] = '\0';
	if (n == 0)
		return -ENODATA;
	if (n >= len)
		return -EOVERFLOW;
	memcpy(buf, tmp, n + 1);
	return 0;
}

int iopath_read_line(struct ioasid_ctx *ctx, char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vread_line(ctx, buf, len, fmt, ap);
	va_end(ap);
	return rc;
}

int ioasid_parse_u64(const char *s, int base, uint64_t *v)
{
	unsigned long long x;
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	/* strtoull accepts a sign; a negative count is garbage here */
	if (!isxdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, base);
	if (errno == ERANGE)
		return -ERANGE;
	if (end == s)
		return -EINVAL;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return -EINVAL;
	*v = x;
	return 0;
}

static int vread_u64(struct ioasid_ctx *ctx, uint64_t *v, int base, const char *fmt, va_list ap)
{
	char line[128];
	int rc = vread_line(ctx, line, sizeof(line), fmt, ap);

	if (rc < 0)
		return rc == -EOVERFLOW ? -EINVAL : rc;
	return ioasid_parse_u64(line, base, v);
}

int iopath_read_u64(struct ioasid_ctx *ctx, uint64_t *v, int base, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vread_u64(ctx, v, base, fmt, ap);
	va_end(ap);
	return rc;
}

void iopath_read_val(struct ioasid_ctx *ctx, struct ioasid_val *v, int base, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vread_u64(ctx, &v->v, base, fmt, ap);
	va_end(ap);
	v->err = rc < 0 ? -rc : 0;
	if (rc < 0)
		v->v = 0;
}

ssize_t iopath_pread(struct ioasid_ctx *ctx, void *buf, size_t len, off_t off, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	ssize_t r;
	int fd;

	va_start(ap, fmt);
	fd = open_v(ctx, path, fmt, ap);
	va_end(ap);
	if (fd < 0)
		return fd;
	do
		r = pread(fd, buf, len, off);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		r = fail(ctx, path, errno);
	else if (off == 0)
		iorec_file(ctx, host_of(ctx, path), buf, (size_t)r);
	close(fd);
	return r;
}

static int vreadlink(struct ioasid_ctx *ctx, char *buf, size_t len, const char *fmt, va_list ap)
{
	char path[PATH_MAX];
	struct parent p;
	ssize_t r;
	int rc = iopath_vabs(ctx, path, sizeof(path), fmt, ap);

	if (rc < 0)
		return rc;
	rc = replayed_errno(ctx, path);
	if (rc < 0)
		return rc;
	rc = root_parent(ctx, path, &p);
	if (rc < 0)
		return fail(ctx, path, -rc);
	r = readlinkat(p.dfd, p.name, buf, len);
	rc = r < 0 ? errno : 0;
	parent_close(&p);
	if (r < 0)
		return fail(ctx, path, rc);
	if ((size_t)r >= len)
		return -ENAMETOOLONG;
	buf[r] = '\0';
	iorec_link(ctx, host_of(ctx, path));
	return 0;
}

int iopath_readlink(struct ioasid_ctx *ctx, char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vreadlink(ctx, buf, len, fmt, ap);
	va_end(ap);
	return rc;
}

int iopath_link_base(struct ioasid_ctx *ctx, char *buf, size_t len, const char *fmt, ...)
{
	char target[PATH_MAX];
	const char *base;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vreadlink(ctx, target, sizeof(target), fmt, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (!*base)
		return -EINVAL;
	if (strlen(base) >= len)
		return -ENAMETOOLONG;
	strcpy(buf, base);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	/* numeric-aware order so that dmar2 sorts before dmar10 */
	while (*x && *y) {
		if (isdigit((unsigned char)*x) && isdigit((unsigned char)*y)) {
			unsigned long long nx = strtoull(x, (char **)&x, 10);
			unsigned long long ny = strtoull(y, (char **)&y, 10);

			if (nx != ny)
				return nx < ny ? -1 : 1;
			continue;
		}
		if (*x != *y)
			return (unsigned char)*x - (unsigned char)*y;
		x++;
		y++;
	}
	return (unsigned char)*x - (unsigned char)*y;
}

void iopath_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int iopath_list_array(struct ioasid_ctx *ctx, const char *path, bool absent_ok, char ***names,
		      size_t *n, void **arr, size_t elem)
{
	int rc = iopath_list(ctx, names, n, "%s", path);

	*arr = NULL;
	if (rc == -ENOENT && absent_ok) {
		*names = NULL;
		*n = 0;
		return 1;
	}
	if (rc < 0)
		return ioasid_set_error(ctx, rc, path, "cannot list: %s", strerror(-rc));
	*arr = calloc(*n ? *n : 1, elem);
	if (!*arr) {
		iopath_names_free(*names, *n);
		*names = NULL;
		*n = 0;
		return -ENOMEM;
	}
	return 0;
}

IOASID_EXPORT void ioasid_names_free(char **names, size_t n)
{
	iopath_names_free(names, n);
}

void iopath_names_keep(char **names, size_t *n, bool (*keep)(const char *name))
{
	size_t k = 0;

	for (size_t i = 0; i < *n; i++) {
		if (keep(names[i]))
			names[k++] = names[i];
		else
			free(names[i]);
	}
	*n = k;
}

int iopath_list(struct ioasid_ctx *ctx, char ***names, size_t *n, const char *fmt, ...)
{
	char path[PATH_MAX];
	struct dirent *de;
	size_t cnt = 0, cap = 0;
	char **v = NULL;
	va_list ap;
	DIR *d;
	int rc;

	*names = NULL;
	*n = 0;
	va_start(ap, fmt);
	rc = iopath_vabs(ctx, path, sizeof(path), fmt, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	rc = replayed_errno(ctx, path);
	if (rc < 0)
		return rc;
	rc = root_open(ctx, path, O_RDONLY | O_DIRECTORY);
	if (rc < 0)
		return fail(ctx, path, -rc);
	d = fdopendir(rc);
	if (!d) {
		int e = errno;

		close(rc);
		return fail(ctx, path, e);
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (cnt == cap) {
			char **nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				goto oom;
			v = nv;
		}
		v[cnt] = strdup(de->d_name);
		if (!v[cnt])
			goto oom;
		cnt++;
	}
	closedir(d);
	iorec_dir(ctx, host_of(ctx, path));
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmp_names);
	*names = v;
	*n = cnt;
	return 0;
oom:
	closedir(d);
	iopath_names_free(v, cnt);
	return -ENOMEM;
}

int iopath_access(struct ioasid_ctx *ctx, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = iopath_vabs(ctx, path, sizeof(path), fmt, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	rc = replayed_errno(ctx, path);
	if (rc < 0)
		return rc;
	if (ctx->rootfd < 0) {
		if (access(path, F_OK) < 0)
			return fail(ctx, path, errno);
	} else {
		int fd = root_open(ctx, path, O_PATH);

		if (fd < 0)
			return fail(ctx, path, -fd);
		close(fd);
	}
	iorec_exists(ctx, host_of(ctx, path));
	return 0;
}

int iopath_beneath(struct ioasid_ctx *ctx, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int rc;

	if (ctx->rootfd < 0)
		return 0;
	va_start(ap, fmt);
	rc = iopath_vabs(ctx, path, sizeof(path), fmt, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	rc = ioconf_open(ctx->rootfd, host_of(ctx, path), O_PATH, true);
	if (rc >= 0) {
		close(rc);
		return 0;
	}
	return rc == -EXDEV ? rc : 0;
}

int iopath_size(struct ioasid_ctx *ctx, long long *size, const char *fmt, ...)
{
	char path[PATH_MAX];
	struct stat st;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = iopath_vabs(ctx, path, sizeof(path), fmt, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	rc = replayed_errno(ctx, path);
	if (rc < 0)
		return rc;
	if (iooverlay_size(ctx, host_of(ctx, path), size))
		return 0;
	if (ctx->rootfd < 0) {
		if (stat(path, &st) < 0)
			return fail(ctx, path, errno);
	} else {
		int fd = root_open(ctx, path, O_PATH);

		if (fd < 0)
			return fail(ctx, path, -fd);
		rc = fstat(fd, &st) < 0 ? errno : 0;
		close(fd);
		if (rc)
			return fail(ctx, path, rc);
	}
	*size = st.st_size;
	iorec_size(ctx, host_of(ctx, path), *size);
	return 0;
}

/* ---- writes ---- */

/* A replayed dump is read-only: refuse before touching the filesystem,
 * and record it, naming the host path. */
static int refuse_write(struct ioasid_ctx *ctx, const char *path)
{
	if (!ctx->ov)
		return 0;
	return ioasid_set_error(ctx, EROFS, host_of(ctx, path),
				"read-only: a replayed dump is never written");
}

bool iopath_write_refused(const struct ioasid_ctx *ctx, int rc)
{
	return rc == -EROFS && ctx->ov;
}

/* The path of fmt under the root, for a write: 0, or -errno (refused). */
static int write_path_v(struct ioasid_ctx *ctx, char *path, const char *fmt, va_list ap)
{
	int rc = iopath_vabs(ctx, path, PATH_MAX, fmt, ap);

	return rc < 0 ? rc : refuse_write(ctx, path);
}

int iopath_write(struct ioasid_ctx *ctx, const void *buf, size_t len, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	ssize_t w;
	int fd, rc;

	va_start(ap, fmt);
	rc = write_path_v(ctx, path, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	fd = root_open(ctx, path, O_WRONLY | O_TRUNC | O_NOCTTY);
	if (fd < 0)
		return fd;
	do
		w = write(fd, buf, len);
	while (w < 0 && errno == EINTR);
	rc = w < 0 ? -errno : (size_t)w != len ? -EIO : 0;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	return rc;
}

int iopath_open_rw(struct ioasid_ctx *ctx, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int fd;

	va_start(ap, fmt);
	fd = write_path_v(ctx, path, fmt, ap);
	va_end(ap);
	if (fd < 0)
		return fd;
	return root_open(ctx, path, O_RDWR | O_NOCTTY);
}

int iopath_mkdir(struct ioasid_ctx *ctx, mode_t mode, const char *fmt, ...)
{
	struct parent p;
	char path[PATH_MAX];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = write_path_v(ctx, path, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	rc = root_parent(ctx, path, &p);
	if (rc < 0)
		return rc;
	rc = mkdirat(p.dfd, p.name, mode) < 0 ? -errno : 0;
	parent_close(&p);
	return rc;
}

int iopath_rmdir(struct ioasid_ctx *ctx, const char *fmt, ...)
{
	struct parent p;
	char path[PATH_MAX];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = write_path_v(ctx, path, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	rc = root_parent(ctx, path, &p);
	if (rc < 0)
		return rc;
	rc = unlinkat(p.dfd, p.name, AT_REMOVEDIR) < 0 ? -errno : 0;
	parent_close(&p);
	return rc;
}

int iopath_lstat_is_dir(struct ioasid_ctx *ctx, const char *fmt, ...)
{
	struct parent p;
	char path[PATH_MAX];
	struct stat st;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = iopath_vabs(ctx, path, sizeof(path), fmt, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	rc = root_parent(ctx, path, &p);
	if (rc < 0)
		return rc;
	rc = fstatat(p.dfd, p.name, &st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : S_ISDIR(st.st_mode);
	parent_close(&p);
	return rc;
}
