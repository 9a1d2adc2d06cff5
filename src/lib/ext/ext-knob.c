// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The IOASID extension's admin knobs on a live host (ioasid-abi(7) SYSFS):
 * capacity/reserve, capacity/cancel, default_quota and sets/<id>/quota,
 * each written as "%u\n" in one write(2), the way a sysfs store() method
 * receives one buffer (fs/sysfs/file.c sysfs_kf_write(); the reference
 * module parses it with kstrtouint(), kmod/ioasid-sysfs.c). The kernel
 * decides and its errno is returned unchanged: ENOSPC, EINVAL, ERANGE,
 * EPERM without CAP_SYS_ADMIN, ENODEV for a set destroyed meanwhile.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/internal.h"
#include "ioasid-ext.h"
#include "uapi/ioasid.h"

static const char *knob_name(enum ioasid_ext_knob k)
{
	switch (k) {
	case IOASID_KNOB_RESERVE:
		return IOASID_SYSFS_CAPACITY_RESERVE;
	case IOASID_KNOB_CANCEL:
		return IOASID_SYSFS_CAPACITY_CANCEL;
	case IOASID_KNOB_DEFAULT_QUOTA:
		return IOASID_SYSFS_DEFAULT_QUOTA;
	case IOASID_KNOB_SET_QUOTA:
		return IOASID_SYSFS_SETS_DIR;
	}
	return NULL;
}

IOASID_EXPORT int ioasid_ext_knob_write(struct ioasid_ctx *ctx, enum ioasid_ext_knob knob,
					uint32_t set, uint32_t value)
{
	const char *name = knob_name(knob);
	char rel[128], path[PATH_MAX], text[16];
	ssize_t w;
	int fd, rc;

	if (!name)
		return ioasid_set_error(ctx, EINVAL, "knob", "unknown admin knob %d", (int)knob);
	rc = ioasid_ext_supported(ctx);
	if (rc < 0)
		return rc;
	if (knob == IOASID_KNOB_SET_QUOTA)
		snprintf(rel, sizeof(rel), "/sys/%s/%u/%s", name, set, IOASID_SYSFS_SET_QUOTA);
	else
		snprintf(rel, sizeof(rel), "/sys/%s", name);
	rc = iopath_abs(ctx, path, sizeof(path), "%s", rel);
	if (rc < 0)
		return ioasid_set_error(ctx, -rc, rel, "%s", strerror(-rc));
	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		rc = -errno;
		if (rc == -ENOENT && knob == IOASID_KNOB_SET_QUOTA) {
			snprintf(text, sizeof(text), "set %u", set);
			return ioasid_set_error(ctx, ENOENT, text, "no such set");
		}
		return ioasid_set_error(ctx, -rc, rel, "cannot open: %s", strerror(-rc));
	}
	int n = snprintf(text, sizeof(text), "%u\n", value);

	w = write(fd, text, (size_t)n);
	rc = w < 0 ? -errno : w != n ? -EIO : 0;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0)
		return ioasid_set_error(ctx, -rc, rel, "the kernel refused %u: %s", value,
					strerror(-rc));
	return 0;
}
