/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The recorder and the replay overlay (private).
 *
 * Recording: when a context records (ioasid_ctx_record()), the path layer
 * hands every access to iorec_*: the bytes a read returned, a directory's
 * entries, a symlink's target, or the errno that stopped it. Paths are
 * stored canonically: each symlink met on the way is recorded as a symlink
 * and the object under its real path, so a sysfs tree replays with the
 * same links. `dump` writes the recording as an archive (dump-write.c).
 *
 * Replay: a dump's manifest lists the errno of every path that could not be
 * read and the size stat() gave where the member is shorter (sysfs config
 * files cut at 64 bytes for a non-root reader). The overlay makes the path
 * layer fail with that errno and report that size, so "no perm" replays as
 * "no perm", not as "absent".
 */
#ifndef IOASID_RECORD_H
#define IOASID_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ioasid_ctx;

enum rec_kind { REC_DIR, REC_FILE, REC_LINK };

struct rec_entry {
	char *path; /* canonical host path, "/sys/devices/..." */
	enum rec_kind kind;
	char *data; /* REC_FILE: the bytes kept (<= the cap) */
	size_t len;
	size_t read_len;  /* bytes the tool read (> len: truncated) */
	bool placeholder; /* listed in a directory, never read */
	char *target;	  /* REC_LINK */
};

struct rec_path_err {
	char *path; /* the host path as the tool asked for it */
	int err;
};

struct rec_path_size {
	char *path;
	long long size;
};

struct iorec {
	size_t max_member;
	struct rec_entry **v;
	size_t n, cap;
	void *index; /* tsearch tree of entries by path */
	struct rec_path_err *errs;
	size_t nerrs, caperrs;
	struct rec_path_size *sizes;
	size_t nsizes, capsizes;
	int oom; /* a recording failed for lack of memory */
};

struct iooverlay {
	struct rec_path_err *errs; /* sorted by path */
	size_t nerrs;
	struct rec_path_size *sizes; /* sorted by path */
	size_t nsizes;
};

#define IOREC_DEFAULT_MAX (1u << 20)

struct iorec *iorec_new(size_t max_member);
void iorec_free(struct iorec *r);

/* Hooks of the path layer. host is the path the tool asked for (without
 * the root prefix). All are no-ops when the context does not record. */
void iorec_file(struct ioasid_ctx *ctx, const char *host, const void *data, size_t len);
void iorec_error(struct ioasid_ctx *ctx, const char *host, int err);
void iorec_dir(struct ioasid_ctx *ctx, const char *host);
void iorec_link(struct ioasid_ctx *ctx, const char *host);
void iorec_exists(struct ioasid_ctx *ctx, const char *host);
void iorec_size(struct ioasid_ctx *ctx, const char *host, long long size);
/* /dev/kmsg: only the records iorec_kmsg_keep() accepts are kept. */
void iorec_kmsg(struct ioasid_ctx *ctx, const char *host, const char *text, size_t len);
/* Whether a kernel log message (the text after ';') is kept in a dump:
 * the IOMMU, DMAR, AMD-Vi, idxd, PCI ATS/PASID/PRI and page request lines,
 * which are every line the library searches the log for. */
bool iorec_kmsg_keep(const char *msg, size_t len);

/* The entries sorted by path (parents first), implied parent directories
 * added. */
int iorec_sorted(struct iorec *r, struct rec_entry ***out, size_t *n);

/* Replay overlay: 0, or the errno recorded for host. */
int iooverlay_err(const struct ioasid_ctx *ctx, const char *host);
/* 1 and *size when a size was recorded for host, else 0. */
int iooverlay_size(const struct ioasid_ctx *ctx, const char *host, long long *size);
void iooverlay_sort(struct iooverlay *o);
void iooverlay_free(struct iooverlay *o);

/* errno <-> "EACCES" for the manifest. */
const char *iorec_errno_name(int err);
int iorec_errno_value(const char *name);

#endif
