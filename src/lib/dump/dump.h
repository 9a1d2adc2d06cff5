/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Dump reader internals (private), reachable by the unit tests and fuzzer. */
#ifndef IOASID_DUMP_PRIV_H
#define IOASID_DUMP_PRIV_H

#include <stddef.h>

#include "ioasid.h"

/* Caps of the reader: a dump is a few MiB; these stop a decompression bomb
 * or a flood of members long before memory or disk run out. */
#define IODUMP_MAX_MEMBER (16u << 20) /* = IOASID_MAX_FILE */
#define IODUMP_MAX_TOTAL (256u << 20)
#define IODUMP_MAX_MEMBERS 200000u

/* Extract a dump archive (file, or bytes in memory) into the existing empty
 * directory dest, refusing unsafe members. 0 or -errno with *err set. */
int iodump_extract_file(const char *archive, const char *dest, struct ioasid_error *err);
int iodump_extract_memory(const void *buf, size_t len, const char *dest, struct ioasid_error *err);
/* Make the directory an archive is unpacked into (dump-tmp.c): its path
 * in path, and the fd holding its lock (closed after the directory is
 * removed), after removing stale ones. 0 or -errno. */
int iodump_unpack_dir(char *path, size_t len, int *lockfd);
/* Read root/manifest.json's errno and size tables into ctx's overlay.
 * 0, -ENOENT without a manifest, or -errno with *err set. */
int iodump_load_manifest(struct ioasid_ctx *ctx, struct ioasid_error *err);

#endif
