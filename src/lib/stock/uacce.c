// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * uacce accelerators: /sys/class/uacce/<name> (drivers/misc/uacce/uacce.c).
 * uacce_alloc(): name "%s-%d" (interface name, e.g. the PCI driver's
 * "hisi_zip", and a global id), parent the accelerator's device (a PCI
 * function), so the class device has a "device" link to it.
 * Attributes (uacce_dev_attrs[], sysfs_emit):
 *  api "%s\n"; flags "%u\n" (UACCE_DEV_SVA bit 0: uacce_enable_sva()
 *  succeeded); available_instances "%d\n" (-ENODEV without the op);
 *  algorithms "%s\n" (hisi_qm_set_algs(): names joined by '\n');
 *  region_mmio_size, region_dus_size "%lu\n" bytes (invisible when 0
 *  pages, uacce_dev_is_visible());
 *  6.12 only, absent in 6.1: isolate "%d\n" (enum uacce_dev_state: 0
 *  normal, 1 isolated) and isolate_strategy "%u\n" (0..65535), each
 *  invisible when the driver lacks its ops.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "stock/sva-attr.h"

static int read_algorithms(struct ioasid_ctx *ctx, struct ioasid_uacce_dev *u, const char *path)
{
	char *text, *p, *save = NULL;
	size_t cap = 0;
	int rc = sva_read_text(ctx, &text, 4096, path);

	if (rc < 0) {
		u->algorithms_err = -rc;
		return 0;
	}
	for (p = text; *p; p++)
		cap += *p == '\n';
	u->algorithms = calloc(cap + 1, sizeof(*u->algorithms));
	if (!u->algorithms) {
		free(text);
		return -ENOMEM;
	}
	for (p = strtok_r(text, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		/* a name that does not fit, or with blanks, is not the kernel's */
		if (strlen(p) >= sizeof(*u->algorithms) || strpbrk(p, " \t\r")) {
			u->algorithms_err = EINVAL;
			continue;
		}
		snprintf(u->algorithms[u->nalgorithms++], sizeof(*u->algorithms), "%s", p);
	}
	/* an empty attribute: "%s\n" of "" is a lone newline */
	if (!u->nalgorithms && !u->algorithms_err && !strchr(text, '\n'))
		u->algorithms_err = ENODATA;
	free(text);
	return 0;
}

static int read_uacce(struct ioasid_ctx *ctx, struct ioasid_uacce_dev *u)
{
	char path[PATH_MAX], canon[16];
	int rc, inst;

#define U_ATTR(a) (snprintf(path, sizeof(path), PATH_SYS_CLASS_UACCE "/%s/%s", u->name, a), path)
	rc = iopath_link_base(ctx, u->parent, sizeof(u->parent), "%s", U_ATTR("device"));
	u->parent_err = rc < 0 ? -rc : 0;
	if (rc < 0)
		u->parent[0] = '\0';
	u->parent_is_pci =
		rc == 0 && ioasid_pci_parse_bdf(u->parent, canon) == 0 && !strcmp(canon, u->parent);
	if (iopath_link_base(ctx, u->parent_driver, sizeof(u->parent_driver), "%s",
			     U_ATTR("device/driver")) < 0)
		u->parent_driver[0] = '\0';
	sva_read_str(ctx, u->api, sizeof(u->api), &u->api_err, false, U_ATTR("api"));
	iopath_read_val(ctx, &u->flags, 10, "%s", U_ATTR("flags"));
	if (!u->flags.err && u->flags.v > UINT32_MAX) {
		u->flags.err = EINVAL;
		u->flags.v = 0;
	}
	sva_read_int(ctx, &inst, &u->available_instances_err, U_ATTR("available_instances"));
	u->available_instances = inst;
	iopath_read_val(ctx, &u->region_mmio_size, 10, "%s", U_ATTR("region_mmio_size"));
	iopath_read_val(ctx, &u->region_dus_size, 10, "%s", U_ATTR("region_dus_size"));
	sva_read_bool01(ctx, &u->isolate, U_ATTR("isolate"));
	iopath_read_val(ctx, &u->isolate_strategy, 10, "%s", U_ATTR("isolate_strategy"));
	if (!u->isolate_strategy.err && u->isolate_strategy.v > 65535) {
		/* UACCE_MAX_ERR_THRESHOLD bounds what the driver can hold */
		u->isolate_strategy.err = EINVAL;
		u->isolate_strategy.v = 0;
	}
	rc = read_algorithms(ctx, u, U_ATTR("algorithms"));
#undef U_ATTR
	return rc;
}

IOASID_EXPORT int ioasid_uacce_list(struct ioasid_ctx *ctx, struct ioasid_uacce_list *out)
{
	char **names;
	size_t n;
	int rc;

	*out = (struct ioasid_uacce_list){0};
	rc = iopath_list(ctx, &names, &n, PATH_SYS_CLASS_UACCE);
	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return ioasid_set_error(ctx, rc, PATH_SYS_CLASS_UACCE, "cannot list: %s",
					strerror(-rc));
	out->v = calloc(n ? n : 1, sizeof(*out->v));
	if (!out->v) {
		iopath_names_free(names, n);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		struct ioasid_uacce_dev *u = &out->v[out->n];

		if (strlen(names[i]) >= sizeof(u->name))
			continue; /* "%s-%d" of a 64-byte interface name fits */
		snprintf(u->name, sizeof(u->name), "%s", names[i]);
		out->n++;
		rc = read_uacce(ctx, u);
		if (rc < 0) {
			iopath_names_free(names, n);
			ioasid_uacce_list_free(out);
			return rc;
		}
	}
	iopath_names_free(names, n);
	return 0;
}

IOASID_EXPORT void ioasid_uacce_list_free(struct ioasid_uacce_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].algorithms);
	free(l->v);
	*l = (struct ioasid_uacce_list){0};
}
