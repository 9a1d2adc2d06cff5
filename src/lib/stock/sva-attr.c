// SPDX-License-Identifier: LGPL-2.1-or-later
/* Attribute readers shared by the SVA readers (idxd.c, uacce.c). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "stock/sva-attr.h"

/* First line of an attribute into buf, truncated to fit; *err = errno or
 * 0. An empty line is "" without error when empty_ok (unset names). */
void sva_read_str(struct ioasid_ctx *ctx, char *buf, size_t len, int *err, bool empty_ok,
		  const char *path)
{
	char tmp[4096];
	int rc = iopath_read_line(ctx, tmp, sizeof(tmp), "%s", path);

	buf[0] = '\0';
	if (rc == -ENODATA && empty_ok)
		rc = 0;
	else if (rc == 0)
		snprintf(buf, len, "%s", tmp);
	*err = rc < 0 ? -rc : 0;
}

/* One of the words a show() function can print, else EINVAL. */
void sva_read_word(struct ioasid_ctx *ctx, char *buf, size_t len, int *err, const char *path,
		   const char *const *words)
{
	sva_read_str(ctx, buf, len, err, false, path);
	if (*err)
		return;
	for (; *words; words++)
		if (!strcmp(buf, *words))
			return;
	buf[0] = '\0';
	*err = EINVAL;
}

/* A whole text attribute; a NUL byte inside is garbage (EINVAL). */
int sva_read_text(struct ioasid_ctx *ctx, char **text, size_t max, const char *path)
{
	size_t len;
	int rc = iopath_read_all(ctx, text, &len, max, "%s", path);

	if (rc == 0 && strlen(*text) != len) {
		free(*text);
		*text = NULL;
		rc = -EINVAL;
	}
	return rc;
}

/* "%d" that may be negative (group_id "-1", available_instances). */
void sva_read_int(struct ioasid_ctx *ctx, int *v, int *err, const char *path)
{
	char line[64];
	uint64_t x;
	int rc = iopath_read_line(ctx, line, sizeof(line), "%s", path);
	bool neg = false;

	*v = 0;
	if (rc == 0) {
		neg = line[0] == '-';
		rc = ioasid_parse_u64(line + neg, 10, &x);
		if (rc == 0 && x > (uint64_t)INT_MAX + neg)
			rc = -ERANGE;
	}
	if (rc == -EOVERFLOW || rc == -ERANGE)
		rc = -EINVAL;
	*err = rc < 0 ? -rc : 0;
	if (rc == 0)
		*v = neg ? (int)-(int64_t)x : (int)x;
}

void sva_read_bool01(struct ioasid_ctx *ctx, struct ioasid_val *v, const char *path)
{
	iopath_read_val(ctx, v, 10, "%s", path);
	if (!v->err && v->v > 1) {
		v->err = EINVAL;
		v->v = 0;
	}
}
