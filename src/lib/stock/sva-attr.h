/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Library-private: sysfs attribute readers of the SVA readers. Each takes
 * a host path (the context adds the root) and leaves the errno in *err
 * (0 on success), so a value is either read or marked why not. */
#ifndef IOASID_SVA_ATTR_H
#define IOASID_SVA_ATTR_H

#include "core/internal.h"

/* First line, truncated to len; empty is "" without error when empty_ok. */
void sva_read_str(struct ioasid_ctx *ctx, char *buf, size_t len, int *err, bool empty_ok,
		  const char *path);
/* One of words (NULL-terminated), else EINVAL. */
void sva_read_word(struct ioasid_ctx *ctx, char *buf, size_t len, int *err, const char *path,
		   const char *const *words);
/* A whole attribute (max bytes, 0 = default); a NUL inside is EINVAL. */
int sva_read_text(struct ioasid_ctx *ctx, char **text, size_t max, const char *path);
/* "%d", possibly negative. */
void sva_read_int(struct ioasid_ctx *ctx, int *v, int *err, const char *path);
/* "%u" that must be 0 or 1. */
void sva_read_bool01(struct ioasid_ctx *ctx, struct ioasid_val *v, const char *path);

#endif
