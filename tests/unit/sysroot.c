// SPDX-License-Identifier: LGPL-2.1-or-later
/* Fake sysroots for the unit tests (see sysroot.h). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ioasid.h"
#include "sysroot.h"

struct sysroot *sr_new(void)
{
	struct sysroot *sr = calloc(1, sizeof(*sr));
	const char *tmp = getenv("TMPDIR");

	assert_non_null(sr);
	snprintf(sr->root, sizeof(sr->root), "%s/ioasid-unit.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(sr->root))
		fail_msg("mkdtemp %s: %s", sr->root, strerror(errno));
	if (chmod(sr->root, 0755) < 0)
		fail_msg("chmod %s: %s", sr->root, strerror(errno));
	return sr;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D || flag == FTW_DNR)
		return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
	return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
}

static int fix_mode(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DNR || flag == FTW_DP)
		chmod(path, 0755);
	else if (flag == FTW_F && (st->st_mode & 0600) != 0600)
		chmod(path, 0644);
	return 0;
}

void sr_free(struct sysroot *sr)
{
	if (!sr)
		return;
	if (!getenv("IOASID_KEEP_SYSROOT")) {
		nftw(sr->root, fix_mode, 16, FTW_PHYS);
		nftw(sr->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	free(sr);
}

const char *sr_path(const struct sysroot *sr, const char *path)
{
	static char buf[PATH_MAX];

	if ((size_t)snprintf(buf, sizeof(buf), "%s%s", sr->root, path) >= sizeof(buf))
		fail_msg("path too long: %s", path);
	return buf;
}

static void mkdir_p(const char *full)
{
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s", full);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", tmp, strerror(errno));
		*p = '/';
	}
	if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", tmp, strerror(errno));
}

static void mkdir_parent(const char *full)
{
	char tmp[PATH_MAX];
	char *slash;

	snprintf(tmp, sizeof(tmp), "%s", full);
	slash = strrchr(tmp, '/');
	if (slash && slash != tmp) {
		*slash = '\0';
		mkdir_p(tmp);
	}
}

void sr_mkdir(struct sysroot *sr, const char *path)
{
	mkdir_p(sr_path(sr, path));
}

void sr_write_bytes(struct sysroot *sr, const char *path, const void *buf, size_t len)
{
	char full[PATH_MAX];
	const char *p = buf;
	int fd;

	snprintf(full, sizeof(full), "%s", sr_path(sr, path));
	mkdir_parent(full);
	fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		fail_msg("open %s: %s", full, strerror(errno));
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			fail_msg("write %s: %s", full, strerror(errno));
		}
		p += w;
		len -= (size_t)w;
	}
	close(fd);
}

void sr_write(struct sysroot *sr, const char *path, const char *text)
{
	sr_write_bytes(sr, path, text, strlen(text));
}

void sr_writef(struct sysroot *sr, const char *path, const char *fmt, ...)
{
	char *text;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	sr_write_bytes(sr, path, text, (size_t)n);
	free(text);
}

void sr_write_fill(struct sysroot *sr, const char *path, char c, size_t len)
{
	char *buf = malloc(len ? len : 1);

	assert_non_null(buf);
	memset(buf, c, len);
	sr_write_bytes(sr, path, buf, len);
	free(buf);
}

void sr_symlink(struct sysroot *sr, const char *target, const char *linkpath)
{
	char full[PATH_MAX];

	snprintf(full, sizeof(full), "%s", sr_path(sr, linkpath));
	mkdir_parent(full);
	if (symlink(target, full) < 0)
		fail_msg("symlink %s -> %s: %s", full, target, strerror(errno));
}

void sr_chmod(struct sysroot *sr, const char *path, mode_t mode)
{
	if (chmod(sr_path(sr, path), mode) < 0)
		fail_msg("chmod %s: %s", path, strerror(errno));
}

void sr_unlink(struct sysroot *sr, const char *path)
{
	if (unlink(sr_path(sr, path)) < 0)
		fail_msg("unlink %s: %s", path, strerror(errno));
}

struct ioasid_ctx *sr_ctx(const struct sysroot *sr)
{
	struct ioasid_ctx *ctx = NULL;

	assert_int_equal(ioasid_ctx_new(&ctx, sr->root), 0);
	assert_non_null(ctx);
	return ctx;
}

bool sr_gzip(struct sysroot *sr, const char *src, const char *dst)
{
	char cmd[3 * PATH_MAX];
	char s[PATH_MAX], d[PATH_MAX];

	snprintf(s, sizeof(s), "%s", sr_path(sr, src));
	snprintf(d, sizeof(d), "%s", sr_path(sr, dst));
	mkdir_parent(d);
	if (system("command -v gzip >/dev/null 2>&1") != 0)
		return false;
	snprintf(cmd, sizeof(cmd), "gzip -9 -c -n '%s' > '%s'", s, d);
	return system(cmd) == 0;
}

bool sr_run_unprivileged(const struct sysroot *sr, int (*fn)(struct ioasid_ctx *ctx, void *arg),
			 void *arg, int *result)
{
	struct ioasid_ctx *ctx;
	int status;
	pid_t pid;

	if (geteuid() != 0) {
		ctx = sr_ctx(sr);
		*result = fn(ctx, arg);
		ioasid_ctx_free(ctx);
		return true;
	}
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int rc;

		if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0)
			_exit(255);
		if (ioasid_ctx_new(&ctx, sr->root) < 0)
			_exit(254);
		rc = fn(ctx, arg);
		ioasid_ctx_free(ctx);
		_exit(rc + 128);
	}
	while (waitpid(pid, &status, 0) < 0)
		assert_int_equal(errno, EINTR);
	if (!WIFEXITED(status) || WEXITSTATUS(status) >= 254)
		return false;
	*result = WEXITSTATUS(status) - 128;
	return true;
}
