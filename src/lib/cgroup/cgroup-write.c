// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Limit writes next to the readers (cgroup-misc.c, cgroup-ioasids.c):
 *   misc.max     "<res> <N>\n" or "<res> max\n": kernel/cgroup/misc.c
 *                misc_cg_max_write() strstrip()s the buffer, splits at the
 *                first ' ', takes "max" (MAX_STR) or kstrtou64(buf, 0); an
 *                unknown resource, or one with capacity 0, is -EINVAL. The
 *                stock kernels have no "ioasid" resource (misc_res_name[]
 *                of 6.1: sev, sev_es; 6.12: sev, sev_es, tdx), so EINVAL
 *                for it means "not supported by this kernel".
 *   ioasids.max  "<N>\n" or "max\n": ioasid-abi(7) CGROUP V2, the form of
 *                kernel/cgroup/pids.c pids_max_write() (strstrip, "max" or
 *                kstrtoll >= 0).
 * Idempotent: the current limit is read first with the readers' parsers and
 * nothing is written when it is already the wanted one (0 returned). The
 * write is one write(2) of the whole line (kernfs hands one buffer to the
 * handler: a split write would be two partial requests).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "core/internal.h"
#include "uapi/ioasid.h"

/* the cgroup's directory must exist: ENOENT otherwise (exit 3 in the CLI) */
static int cgroup_exists(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
			 const char *rel, char *host, size_t len)
{
	int rc = ioasid_cgroup_host_path(m, rel, host, len);

	if (rc < 0)
		return ioasid_set_error(ctx, -rc, rel, "%s", strerror(-rc));
	rc = iopath_access(ctx, "%s", host);
	if (rc < 0)
		return ioasid_set_error(ctx, -rc, host, rc == -ENOENT ? "no such cgroup" : "%s",
					strerror(-rc));
	return 0;
}

/* One write(2) of text to host/file through the path layer; -errno. A
 * short write is EIO: the kernel consumed only part of the request. */
static int write_once(struct ioasid_ctx *ctx, const char *host, const char *file, const char *text)
{
	return iopath_write(ctx, text, strlen(text), "%s/%s", host, file);
}

static void fmt_value(char *buf, size_t len, uint64_t value)
{
	if (value == IOASID_CGROUP_LIMIT_MAX)
		snprintf(buf, len, "max");
	else
		snprintf(buf, len, "%" PRIu64, value);
}

static void fill_old(struct ioasid_limit_old *old, const struct ioasid_val *v, bool unlimited)
{
	if (!old)
		return;
	old->v = *v;
	old->unlimited = unlimited;
}

/* Errors of the write itself, in the user's terms. */
static int write_error(struct ioasid_ctx *ctx, int rc, const char *host, const char *file,
		       const char *what)
{
	char obj[96];

	if (iopath_write_refused(ctx, rc))
		return rc; /* a replayed dump: the path layer said so */
	snprintf(obj, sizeof(obj), "%s/%s", host, file);
	switch (-rc) {
	case EACCES:
	case EPERM:
	case EROFS:
		return ioasid_set_error(ctx, -rc, obj,
					"%s (writing a limit needs root, or a "
					"delegated cgroup)",
					strerror(-rc));
	case EINVAL:
		return ioasid_set_error(ctx, EOPNOTSUPP, obj,
					"not supported by this kernel (it refused %s with EINVAL)",
					what);
	default:
		return ioasid_set_error(ctx, -rc, obj, "%s", strerror(-rc));
	}
}

IOASID_EXPORT int ioasid_misc_set_max(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
				      const char *rel, const char *resource, uint64_t value,
				      unsigned flags, struct ioasid_limit_old *old)
{
	struct ioasid_misc_cgroup cg = {0};
	const struct ioasid_misc_res *r;
	struct ioasid_val cur = {.err = ENODATA};
	char host[PATH_MAX], line[64], val[24];
	bool unl = false, bad = false;
	size_t len;
	char *text;
	int rc;

	fill_old(old, &cur, false);
	/* the kernel takes a name without spaces: anything else is garbage */
	if (!resource || !*resource || strlen(resource) >= sizeof(cg.res[0].name) ||
	    strpbrk(resource, " \t\n"))
		return ioasid_set_error(ctx, EINVAL, resource ? resource : "", "bad resource name");
	rc = cgroup_exists(ctx, m, rel, host, sizeof(host));
	if (rc < 0)
		return rc;
	rc = ioasid_cgroup_read(ctx, m, rel, "misc.max", &text, &len);
	if (rc == -ENOENT)
		/* no misc.max here: misc not enabled by the parent, or the root */
		return ioasid_set_error(ctx, ENOENT, host, "no misc.max (misc not enabled here)");
	if (rc < 0 && rc != -EACCES && rc != -EPERM)
		return ioasid_set_error(ctx, -rc, host, "misc.max: %s", strerror(-rc));
	if (rc == 0) {
		cg.path = NULL;
		rc = ioasid_misc_parse(&cg, IOASID_MISC_MAX, text, len);
		free(text);
		if (rc == -ENOMEM) {
			free(cg.res);
			return -ENOMEM;
		}
		/* malformed lines (rc > 0): what the file says is unknown, and
		 * the kernel's answer to the write decides */
		bad = rc > 0;
		r = ioasid_misc_find(&cg, resource);
		if (r) {
			cur = r->v[IOASID_MISC_MAX];
			unl = r->max_unlimited;
		}
		free(cg.res);
		fill_old(old, &cur, unl);
		/* misc_cg_max_show() prints every resource with a capacity: one
		 * it does not print cannot take a limit (the write would be
		 * EINVAL); that is the stock kernel without "ioasid" */
		if (!r && !bad && !(flags & IOASID_LIMIT_FORCE))
			return ioasid_set_error(ctx, EOPNOTSUPP, host,
						"not supported by this kernel (no misc resource "
						"\"%s\" in misc.max)",
						resource);
		if (cur.err == 0 && cur.v == value)
			return 0;
	}
	/* unreadable but maybe writable (a write-only delegation): write */
	if (flags & IOASID_LIMIT_DRY_RUN)
		return 1;
	fmt_value(val, sizeof(val), value);
	snprintf(line, sizeof(line), "%s %s\n", resource, val);
	rc = write_once(ctx, host, "misc.max", line);
	if (rc < 0) {
		char what[64];

		snprintf(what, sizeof(what), "resource \"%s\"", resource);
		return write_error(ctx, rc, host, "misc.max", what);
	}
	return 1;
}

IOASID_EXPORT int ioasid_ioasids_set_max(struct ioasid_ctx *ctx,
					 const struct ioasid_cgroup_mount *m, const char *rel,
					 uint64_t value, unsigned flags,
					 struct ioasid_limit_old *old)
{
	struct ioasid_val cur = {.err = ENODATA};
	char host[PATH_MAX], line[32];
	bool unl = false;
	size_t len;
	char *text;
	int rc;

	fill_old(old, &cur, false);
	/* ioasids.max holds an s64 (pids.max's kstrtoll) */
	if (value != IOASID_CGROUP_LIMIT_MAX && value > (uint64_t)INT64_MAX)
		return ioasid_set_error(ctx, ERANGE, rel, "limit above 2^63-1");
	rc = cgroup_exists(ctx, m, rel, host, sizeof(host));
	if (rc < 0)
		return rc;
	rc = ioasid_cgroup_read(ctx, m, rel, IOASID_CGROUP_MAX, &text, &len);
	if (rc == -ENOENT)
		return ioasid_set_error(ctx, ENOENT, host,
					"no " IOASID_CGROUP_MAX " (the ioasids controller is not "
					"enabled here, or this kernel has none)");
	if (rc < 0 && rc != -EACCES && rc != -EPERM)
		return ioasid_set_error(ctx, -rc, host, IOASID_CGROUP_MAX ": %s", strerror(-rc));
	if (rc == 0) {
		ioasid_ioasids_parse(IOASID_IOASIDS_MAX, text, len, &cur, &unl);
		free(text);
		fill_old(old, &cur, unl);
		if (cur.err == 0 && cur.v == value)
			return 0;
	}
	if (flags & IOASID_LIMIT_DRY_RUN)
		return 1;
	fmt_value(line, sizeof(line) - 1, value);
	strcat(line, "\n");
	rc = write_once(ctx, host, IOASID_CGROUP_MAX, line);
	if (rc < 0)
		return write_error(ctx, rc, host, IOASID_CGROUP_MAX, "the limit");
	return 1;
}
