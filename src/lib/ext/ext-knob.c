// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The IOASID extension's admin knobs on a live host (ioasid-abi(7) SYSFS):
 * capacity/reserve, capacity/cancel, default_quota and sets/<id>/quota,
 * each written as "%u\n" in one write(2), the way a sysfs store() method
 * receives one buffer (fs/sysfs/file.c sysfs_kf_write(); the reference
 * module parses it with kstrtouint(), kmod/ioasid-sysfs.c). The kernel
 * decides and its errno is returned unchanged: ENOSPC, EINVAL, ERANGE,
 * EPERM without CAP_SYS_ADMIN, ENODEV for a set destroyed meanwhile.
 * The write goes through the path layer (iopath_write()), so a replayed
 * dump refuses it with EROFS.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "core/pathnames.h"
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
	char host[128], text[16];
	int n, rc;

	if (!name)
		return ioasid_set_error(ctx, EINVAL, "knob", "unknown admin knob %d", (int)knob);
	rc = ioasid_ext_supported(ctx);
	if (rc < 0)
		return rc;
	if (knob == IOASID_KNOB_SET_QUOTA)
		snprintf(host, sizeof(host), PATH_SYS_IOASID_SET_ATTR, set, IOASID_SYSFS_SET_QUOTA);
	else
		snprintf(host, sizeof(host), PATH_SYS "/%s", name);
	n = snprintf(text, sizeof(text), "%u\n", value);
	rc = iopath_write(ctx, text, (size_t)n, "%s", host);
	if (iopath_write_refused(ctx, rc))
		return rc;
	if (rc == -ENOENT && knob == IOASID_KNOB_SET_QUOTA) {
		snprintf(text, sizeof(text), "set %u", set);
		return ioasid_set_error(ctx, ENOENT, text, "no such set");
	}
	if (rc < 0)
		return ioasid_set_error(ctx, -rc, host, "cannot write %u: %s", value,
					strerror(-rc));
	return 0;
}
