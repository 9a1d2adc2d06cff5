/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fake sysroots for unit tests: a fresh directory under $TMPDIR laid out
 * like a host ("/sys/...", "/proc/...") that a context reads through its
 * root prefix. Every helper aborts the test (cmocka fail_msg) on error,
 * creates missing parent directories and takes host-absolute paths.
 */
#ifndef IOASID_TEST_SYSROOT_H
#define IOASID_TEST_SYSROOT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ioasid_ctx;

struct sysroot {
	char root[256];
};

/* mkdtemp under $TMPDIR (or /tmp); the directory is mode 0755 so that a
 * dropped-privilege child can traverse it. */
struct sysroot *sr_new(void);
/* Remove the whole tree (chmod'ing back unreadable entries) and free. */
void sr_free(struct sysroot *sr);

/* "<root><path>" into a static buffer (valid until the next call). */
const char *sr_path(const struct sysroot *sr, const char *path);

void sr_mkdir(struct sysroot *sr, const char *path);
/* Write text (strlen bytes) / bytes; parents are created. */
void sr_write(struct sysroot *sr, const char *path, const char *text);
void sr_write_bytes(struct sysroot *sr, const char *path, const void *buf, size_t len);
/* printf-style content. */
void sr_writef(struct sysroot *sr, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A file of len bytes, all c. */
void sr_write_fill(struct sysroot *sr, const char *path, char c, size_t len);
/* symlink(target, root+linkpath); target is used verbatim (relative
 * targets stay relative, like sysfs links). */
void sr_symlink(struct sysroot *sr, const char *target, const char *linkpath);
void sr_chmod(struct sysroot *sr, const char *path, mode_t mode);
void sr_unlink(struct sysroot *sr, const char *path);

/* A context on this sysroot (asserts success). */
struct ioasid_ctx *sr_ctx(const struct sysroot *sr);

/* gzip(1) a file of the sysroot into another; false if gzip is missing. */
bool sr_gzip(struct sysroot *sr, const char *src, const char *dst);

/* Run fn with a fresh context on the sysroot as an unprivileged user, so
 * that a chmod 000 file gives EACCES even when the suite runs as root
 * (root bypasses permission bits): as root, fn runs in a forked child
 * that dropped to uid/gid 65534 (nobody); otherwise it runs in-process.
 * fn's return value must fit -128..127. Returns false if the child could
 * not drop privileges (then the caller skips). */
bool sr_run_unprivileged(const struct sysroot *sr, int (*fn)(struct ioasid_ctx *ctx, void *arg),
			 void *arg, int *result);

#endif
