// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /sys/kernel/ioasid, as ioasid-abi(7) SYSFS defines it (the extension is
 * in no shipping kernel, so the ABI page is the source of every format;
 * src/lib/include/uapi/ioasid.h carries the file names):
 *   version, default_quota, capacity/{total,available,reserved}   "%u\n"
 *   sets/<id>/type        "null\n" | "mm\n"
 *   sets/<id>/quota       "%u\n"
 *   sets/<id>/allocated   "%u\n"
 *   sets/<id>/owner_pid   "%d\n", mm sets only; read fails with ESRCH
 *                         when the owner exited while the set exists
 *   sets/<id>/cgroup      "%s\n" cgroup v2 path, mm sets only; ESRCH too
 * The writes (reserve, cancel, quota) belong to the mutating commands.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext/ext.h"
#include "core/internal.h"
#include "core/pathnames.h"
#include "uapi/ioasid.h"

/* a sysfs attribute is at most one page */
#define ATTR_MAX 4096

int ioasid_ext_parse_uint(const char *text, size_t len, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;

	/* sysfs_emit(buf, "%u\n"): exactly one newline at the end */
	if (len > 0 && text[len - 1] == '\n')
		len--;
	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned char)text[i] - '0';

		if (d > 9)
			return -EINVAL;
		if (x > (UINT64_MAX - d) / 10)
			return -ERANGE;
		x = x * 10 + d;
	}
	if (x > max)
		return -ERANGE;
	*v = x;
	return 0;
}

int ioasid_ext_parse_pid(const char *text, size_t len, uint32_t *pid)
{
	uint64_t v;
	int rc = ioasid_ext_parse_uint(text, len, INT32_MAX, &v);

	/* "%d" of a tgid: never 0 nor negative ('-' is refused above) */
	if (rc == 0 && v == 0)
		rc = -EINVAL;
	if (rc == 0)
		*pid = (uint32_t)v;
	return rc;
}

int ioasid_ext_parse_set_type(const char *text, size_t len, enum ioasid_ext_set_type *t)
{
	if (len == 5 && !memcmp(text, IOASID_SET_TYPE_NAME_NULL "\n", 5))
		*t = IOASID_EXT_SET_NULL;
	else if (len == 3 && !memcmp(text, IOASID_SET_TYPE_NAME_MM "\n", 3))
		*t = IOASID_EXT_SET_MM;
	else
		return -EINVAL;
	return 0;
}

int ioasid_ext_parse_cgroup(const char *text, size_t len, char **out)
{
	if (len > 0 && text[len - 1] == '\n')
		len--;
	/* the "0::" path of /proc/PID/cgroup: absolute, one line */
	if (len == 0 || text[0] != '/' || memchr(text, '\0', len) || memchr(text, '\n', len))
		return -EINVAL;
	*out = strndup(text, len);
	return *out ? 0 : -ENOMEM;
}

IOASID_EXPORT int ioasid_ext_supported(struct ioasid_ctx *ctx)
{
	int rc = iopath_access(ctx, PATH_SYS_IOASID);

	if (rc == -ENOENT || rc == -ENOTDIR)
		return ioasid_set_error(ctx, EOPNOTSUPP, PATH_SYS_IOASID,
					"not supported by this kernel (no %s: the IOASID "
					"extension of ioasid-abi(7) is in no shipping kernel)",
					PATH_SYS_IOASID);
	if (rc < 0)
		return ioasid_set_error(ctx, rc, PATH_SYS_IOASID, "%s", strerror(-rc));
	return 0;
}

/* One attribute's text; -errno of the read (ESRCH included). */
static int read_attr(struct ioasid_ctx *ctx, char **text, size_t *len, const char *path)
{
	return iopath_read_all(ctx, text, len, ATTR_MAX, "%s", path);
}

static void read_uint(struct ioasid_ctx *ctx, struct ioasid_val *v, uint64_t max, const char *path)
{
	char *text;
	size_t len;
	int rc = read_attr(ctx, &text, &len, path);

	*v = (struct ioasid_val){0};
	if (rc == 0) {
		rc = ioasid_ext_parse_uint(text, len, max, &v->v);
		free(text);
	}
	/* ERANGE and EINVAL both say "not the ABI's number": one errno */
	v->err = rc == -ERANGE ? EINVAL : -rc;
}

IOASID_EXPORT int ioasid_ext_info_read(struct ioasid_ctx *ctx, struct ioasid_ext_info *out)
{
	int rc = ioasid_ext_supported(ctx);

	*out = (struct ioasid_ext_info){0};
	if (rc < 0)
		return rc;
	read_uint(ctx, &out->version, UINT32_MAX, PATH_SYS "/" IOASID_SYSFS_VERSION);
	read_uint(ctx, &out->default_quota, UINT32_MAX, PATH_SYS "/" IOASID_SYSFS_DEFAULT_QUOTA);
	read_uint(ctx, &out->total, UINT32_MAX, PATH_SYS "/" IOASID_SYSFS_CAPACITY_TOTAL);
	read_uint(ctx, &out->available, UINT32_MAX, PATH_SYS "/" IOASID_SYSFS_CAPACITY_AVAILABLE);
	read_uint(ctx, &out->reserved, UINT32_MAX, PATH_SYS "/" IOASID_SYSFS_CAPACITY_RESERVED);
	return 0;
}

IOASID_EXPORT const char *ioasid_ext_set_type_name(enum ioasid_ext_set_type t)
{
	switch (t) {
	case IOASID_EXT_SET_NULL:
		return IOASID_SET_TYPE_NAME_NULL;
	case IOASID_EXT_SET_MM:
		return IOASID_SET_TYPE_NAME_MM;
	default:
		return NULL;
	}
}

static int read_set(struct ioasid_ctx *ctx, uint32_t id, struct ioasid_ext_set *s)
{
	char path[128], *text;
	size_t len;
	uint32_t pid;
	int rc;

	*s = (struct ioasid_ext_set){.id = id};
#define SET_ATTR(name) (snprintf(path, sizeof(path), PATH_SYS_IOASID_SET_ATTR, id, name), path)
	rc = read_attr(ctx, &text, &len, SET_ATTR(IOASID_SYSFS_SET_TYPE));
	if (rc == 0) {
		rc = ioasid_ext_parse_set_type(text, len, &s->type);
		free(text);
	}
	s->type_err = -rc;
	read_uint(ctx, &s->quota, UINT32_MAX, SET_ATTR(IOASID_SYSFS_SET_QUOTA));
	read_uint(ctx, &s->allocated, UINT32_MAX, SET_ATTR(IOASID_SYSFS_SET_ALLOCATED));
	rc = read_attr(ctx, &text, &len, SET_ATTR(IOASID_SYSFS_SET_OWNER_PID));
	if (rc == 0) {
		rc = ioasid_ext_parse_pid(text, len, &pid);
		free(text);
		s->owner_pid.v = rc == 0 ? pid : 0;
	}
	s->owner_pid.err = rc == -ERANGE ? EINVAL : -rc;
	rc = read_attr(ctx, &text, &len, SET_ATTR(IOASID_SYSFS_SET_CGROUP));
	if (rc == 0) {
		rc = ioasid_ext_parse_cgroup(text, len, &s->cgroup);
		free(text);
	}
#undef SET_ATTR
	if (rc == -ENOMEM)
		return rc;
	s->cgroup_err = -rc;
	return 0;
}

/* "sets/<id>": the ABI names set directories by the decimal id only */
static bool set_name(const char *name, uint32_t *id)
{
	uint64_t v;

	if (name[0] == '0' && name[1])
		return false;
	if (ioasid_ext_parse_uint(name, strlen(name), UINT32_MAX, &v) < 0 || strchr(name, '\n'))
		return false;
	*id = (uint32_t)v;
	return true;
}

IOASID_EXPORT int ioasid_ext_set_list(struct ioasid_ctx *ctx, struct ioasid_ext_set_list *out)
{
	char **names;
	size_t n;
	int rc;

	*out = (struct ioasid_ext_set_list){0};
	rc = ioasid_ext_supported(ctx);
	if (rc < 0)
		return rc;
	/* version 2: one dump instead of five files per set; a host without
	 * it (version 1, or a snapshot that did not store it) has sysfs */
	rc = ioasid_ext_set_dump(ctx, out);
	if (rc == 0 || rc == -ENOMEM)
		return rc;
	/* the extension is there: a missing sets/ is an error */
	rc = iopath_list_array(ctx, PATH_SYS_IOASID_SETS, false, &names, &n, (void **)&out->v,
			       sizeof(*out->v));
	if (rc < 0)
		return rc;
	/* iopath_list sorts numerically, so ids come out ascending */
	for (size_t i = 0; i < n; i++) {
		uint32_t id;

		if (!set_name(names[i], &id))
			continue;
		rc = read_set(ctx, id, &out->v[out->n]);
		if (rc < 0) {
			iopath_names_free(names, n);
			ioasid_ext_set_list_free(out);
			return rc;
		}
		out->n++;
	}
	iopath_names_free(names, n);
	return 0;
}

IOASID_EXPORT int ioasid_ext_set_read(struct ioasid_ctx *ctx, uint32_t id,
				      struct ioasid_ext_set *out)
{
	char obj[32];
	int rc;

	*out = (struct ioasid_ext_set){.id = id};
	rc = ioasid_ext_supported(ctx);
	if (rc < 0)
		return rc;
	snprintf(obj, sizeof(obj), "set %u", id);
	rc = iopath_access(ctx, PATH_SYS_IOASID_SET, id);
	if (rc == -ENOENT)
		return ioasid_set_error(ctx, ENOENT, obj,
					"no such set (no " PATH_SYS_IOASID_SET ")", id);
	if (rc < 0)
		return ioasid_set_error(ctx, rc, obj, "%s", strerror(-rc));
	rc = read_set(ctx, id, out);
	return rc < 0 ? ioasid_set_error(ctx, rc, obj, "%s", strerror(-rc)) : 0;
}

IOASID_EXPORT void ioasid_ext_set_free(struct ioasid_ext_set *s)
{
	free(s->cgroup);
	s->cgroup = NULL;
}

IOASID_EXPORT void ioasid_ext_set_list_free(struct ioasid_ext_set_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		ioasid_ext_set_free(&l->v[i]);
	free(l->v);
	*l = (struct ioasid_ext_set_list){0};
}
