/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Library-private declarations: the context layout and the path layer. */
#ifndef IOASID_INTERNAL_H
#define IOASID_INTERNAL_H

#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/export.h"
#include "ioasid.h"

/* Files larger than this are refused (EFBIG): no sysfs attribute is near
 * it, and a garbage or hostile snapshot must not make us allocate without
 * bound. The kernel log and /proc/interrupts on big hosts stay below. */
#define IOASID_MAX_FILE (16u << 20)

struct ioasid_kernel_cache;
struct iorec;
struct iooverlay;

struct ioasid_ctx {
	char *root;	/* "" live, else prefix without trailing '/' */
	int rootfd;	/* O_PATH fd of root (every read resolves in it), -1 live */
	char *pci_dump; /* libpci dump file, or NULL for sysfs */
	struct ioasid_error err;
	unsigned perm_denials;
	/* lazily read kernel facts (stock/kernel.c), freed through the
	 * function that layer registered: core knows no layer above it */
	struct ioasid_kernel_cache *kernel;
	void (*kernel_free)(struct ioasid_kernel_cache *k);
	struct iorec *rec;    /* recording for a dump, or NULL */
	struct iooverlay *ov; /* a replayed dump's errno table, or NULL */
	char *tmpdir;	      /* an extracted archive, removed by ctx_free */
	int tmpdir_lock;      /* fd + 1 of its lock (dump-tmp.c), closed after (0: none) */
	int sim_lock;	      /* emulated host: fd + 1 of the generation's
			       * .sim/readers lock held while the ctx lives (0: none) */
};

/* Record an error on the context; returns -errnum for tail calls. */
int ioasid_set_error(struct ioasid_ctx *ctx, int errnum, const char *object, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * The path layer. Every host path the library opens goes through these,
 * with the host's absolute path (e.g. "/sys/class/iommu") given as a
 * printf format; the context's root prefix is added here and nowhere else.
 * All return 0 or -errno and never print.
 */
int iopath_abs(const struct ioasid_ctx *ctx, char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int iopath_vabs(const struct ioasid_ctx *ctx, char *buf, size_t len, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

/* open(O_RDONLY|O_NONBLOCK|O_CLOEXEC); returns the fd or -errno. */
int iopath_open(struct ioasid_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Whole file into a NUL-terminated malloc'd buffer (at most max bytes,
 * else -EFBIG). */
int iopath_read_all(struct ioasid_ctx *ctx, char **out, size_t *len, size_t max, const char *fmt,
		    ...) __attribute__((format(printf, 5, 6)));
/* First line, trailing whitespace trimmed; -ENODATA when empty,
 * -EOVERFLOW when it does not fit. */
int iopath_read_line(struct ioasid_ctx *ctx, char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* One unsigned number, the whole first line; base as strtoull (0, 10, 16). */
int iopath_read_u64(struct ioasid_ctx *ctx, uint64_t *v, int base, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Same, into a struct ioasid_val (err set, never fails). */
void iopath_read_val(struct ioasid_ctx *ctx, struct ioasid_val *v, int base, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Bytes at an offset of a binary file (PCI config); returns bytes read. */
ssize_t iopath_pread(struct ioasid_ctx *ctx, void *buf, size_t len, off_t off, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The last component of a symlink's target ("../../dmar0" -> "dmar0"). */
int iopath_link_base(struct ioasid_ctx *ctx, char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The raw target of a symlink. */
int iopath_readlink(struct ioasid_ctx *ctx, char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Sorted entry names of a directory (no "." or ".."); free with
 * iopath_names_free. */
int iopath_list(struct ioasid_ctx *ctx, char ***names, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void iopath_names_free(char **names, size_t n);
/* The prologue of every reader that turns a directory's entries into an
 * array of records: list PATH (no format arguments) as iopath_list does,
 * and calloc *arr, max(n, 1) zeroed elements of elem bytes, for the caller
 * to fill. 0: listed (free names with iopath_names_free); 1: PATH does not
 * exist and absent_ok (nothing allocated, *n 0); -errno with the context's
 * error naming PATH ("cannot list: ..."), or -ENOMEM (names freed). */
int iopath_list_array(struct ioasid_ctx *ctx, const char *path, bool absent_ok, char ***names,
		      size_t *n, void **arr, size_t elem);
/* Keep only the names keep() accepts (the others are freed), in order. */
void iopath_names_keep(char **names, size_t *n, bool (*keep)(const char *name));
/* st_size of the file (following links), or the size a replayed dump
 * recorded for it; -errno. */
int iopath_size(struct ioasid_ctx *ctx, long long *size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* 0 if the path exists (following links), else -errno. */
int iopath_access(struct ioasid_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* For a library that opens paths below the root itself, following links
 * as the kernel does (libpci's sysfs method): -EXDEV if the path would
 * lead out of the root (RESOLVE_BENEATH), else 0 (inside, absent, or the
 * live host). */
int iopath_beneath(struct ioasid_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Writes, with the same path formats. A replayed dump (ioasid_ctx_is_dump())
 * is read-only: each refuses with -EROFS before touching the filesystem,
 * and records the refusal on the context (ioasid_set_error(), the object
 * the host path) -- the one error the path layer records itself, so that
 * every command says the same line; iopath_write_refused() tells a caller
 * to return it as it is. Any other failure is -errno, recorded by no one.
 */
/* open(O_WRONLY|O_TRUNC), as a shell's '>' does, then one write(2) of the
 * whole buffer (kernfs hands one buffer to the attribute's store method: a
 * split write would be two requests); a short write is -EIO. */
int iopath_write(struct ioasid_ctx *ctx, const void *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* open(O_RDWR) of a device node whose requests change state; the fd or
 * -errno. */
int iopath_open_rw(struct ioasid_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int iopath_mkdir(struct ioasid_ctx *ctx, mode_t mode, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int iopath_rmdir(struct ioasid_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Whether rc is a replayed dump's refusal of a write, already recorded. */
bool iopath_write_refused(const struct ioasid_ctx *ctx, int rc);

/* 1 if the path is a directory itself (lstat(2): a symlink to one is not),
 * 0 if it is something else, -errno. Like stat(), it opens nothing, so a
 * replayed dump's errno table (which is about opening) does not apply. */
int iopath_lstat_is_dir(struct ioasid_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Confinement below a root (confine.c): rel is walked from the directory
 * root, "/" being root itself. In root (beneath false): ".." at the root
 * stays there and an absolute symlink target starts again at the root, as
 * RESOLVE_IN_ROOT. Beneath: those fail with -EXDEV, as RESOLVE_BENEATH.
 * Magic links (/proc/PID/fd) are refused either way. openat2(2) where the
 * kernel has it, the same walk one component at a time otherwise.
 */
/* open(2) of rel with flags (O_CLOEXEC added); the fd or -errno. */
int ioconf_open(int root, const char *rel, int flags, bool beneath);
/* The directory holding rel's last component, resolved as above, and that
 * component (not followed) into name (len > NAME_MAX); the fd or -errno.
 * name is "." when rel ends at a directory ("", ".", ".."). */
int ioconf_parent(int root, const char *rel, bool beneath, char *name, size_t len);
/* Tests only: true makes both use the walk, as on a kernel without
 * openat2 (also set by the first ENOSYS). */
extern bool ioconf_no_openat2;

/* rm -rf of a private directory (an extracted dump), not following links. */
void ioasid_remove_tree(const char *dir);

/* Strict number parsing shared by every reader: the whole string must be
 * the number (surrounding whitespace allowed). 0 or -EINVAL/-ERANGE. */
int ioasid_parse_u64(const char *s, int base, uint64_t *v);

/* The position of standard capability id in a config header (at least 64
 * bytes; pointers past len end the walk), or 0 (pci-caps.c). */
unsigned ioasid_pci_find_std_cap(const uint8_t *cfg, size_t len, unsigned id);

#endif
