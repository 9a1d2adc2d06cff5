// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * amdxdna NPUs (drivers/accel/amdxdna, upstream from 6.14; read at
 * torvalds/linux 063db451 amdxdna_pci_drv.c and 0b119045 amdxdna_sysfs.c).
 * The PCI driver is "amdxdna" (KBUILD_MODNAME, amdxdna_pci_driver) and
 * binds 1022:1502 and 1022:17f0 (pci_ids[]); the driver core links each
 * bound function into /sys/bus/pci/drivers/amdxdna by its BDF
 * (drivers/base/bus.c driver_sysfs_add()). amdxdna_sysfs_init() adds to the
 * DRM device's parent, the PCI function (devm_drm_dev_alloc(&pdev->dev)):
 *   vbnv "%s\n", device_type "%d\n", fw_version "%d.%d.%d.%d\n".
 * drm_dev_register() adds the accel minor, "accel%d" of class accel
 * (drivers/accel/drm_accel.c), below the function: <BDF>/accel/accelN.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "stock/sva-attr.h"

static bool is_bdf(const char *name)
{
	char canon[16];

	return ioasid_pci_parse_bdf(name, canon) == 0 && !strcmp(canon, name);
}

static bool is_accel(const char *name)
{
	unsigned n;
	char end;

	return sscanf(name, "accel%u%c", &n, &end) == 1;
}

static void read_fw_version(struct ioasid_ctx *ctx, struct ioasid_amdxdna_dev *x, const char *path)
{
	unsigned a, b, c, d;
	char end;

	sva_read_str(ctx, x->fw_version, sizeof(x->fw_version), &x->fw_version_err, false, path);
	if (!x->fw_version_err &&
	    sscanf(x->fw_version, "%u.%u.%u.%u%c", &a, &b, &c, &d, &end) != 4) {
		x->fw_version_err = EINVAL;
		x->fw_version[0] = '\0';
	}
}

static void read_amdxdna(struct ioasid_ctx *ctx, struct ioasid_amdxdna_dev *x)
{
	char path[PATH_MAX], **names = NULL;
	size_t n = 0;
	int rc;

#define X_ATTR(a) (snprintf(path, sizeof(path), PATH_SYS_PCI_DEV_ATTR, x->pci, a), path)
	sva_read_str(ctx, x->vbnv, sizeof(x->vbnv), &x->vbnv_err, false, X_ATTR("vbnv"));
	sva_read_int(ctx, &x->device_type, &x->device_type_err, X_ATTR("device_type"));
	read_fw_version(ctx, x, X_ATTR("fw_version"));
	rc = iopath_list(ctx, &names, &n, "%s", X_ATTR("accel"));
#undef X_ATTR
	x->accel_err = rc < 0 ? -rc : ENOENT;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (is_accel(names[i]) && strlen(names[i]) < sizeof(x->accel)) {
			snprintf(x->accel, sizeof(x->accel), "%s", names[i]);
			x->accel_err = 0;
			break;
		}
	iopath_names_free(names, n);
}

IOASID_EXPORT int ioasid_amdxdna_list(struct ioasid_ctx *ctx, struct ioasid_amdxdna_list *out)
{
	char **names;
	size_t n;
	int rc;

	*out = (struct ioasid_amdxdna_list){0};
	rc = iopath_list_array(ctx, PATH_SYS_PCI_DRIVER_AMDXDNA, true, &names, &n, (void **)&out->v,
			       sizeof(*out->v));
	if (rc != 0)
		return rc < 0 ? rc : 0; /* no driver directory: none */
	/* the directory also holds bind, unbind, new_id, module, ... */
	for (size_t i = 0; i < n; i++) {
		struct ioasid_amdxdna_dev *x = &out->v[out->n];

		if (!is_bdf(names[i]))
			continue;
		snprintf(x->pci, sizeof(x->pci), "%s", names[i]);
		out->n++;
		read_amdxdna(ctx, x);
	}
	iopath_names_free(names, n);
	return 0;
}

IOASID_EXPORT void ioasid_amdxdna_list_free(struct ioasid_amdxdna_list *l)
{
	free(l->v);
	*l = (struct ioasid_amdxdna_list){0};
}
