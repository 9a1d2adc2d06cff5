// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a dump carries beyond what the commands read: the facts someone
 * debugging a PASID problem asks for first. Everything is read through the
 * path layer, so it is recorded (or its errno is) like any other read.
 */
#include <errno.h>
#include <stdlib.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "core/record.h"

/* Drivers whose parameters decide PASID use: intel_iommu / amd_iommu
 * (e.g. sm_on is a boot option, but amd_iommu has "amd_iommu_dump"...),
 * iommu (passthrough, strict), idxd (sva), vfio and iommufd. */
static const char *const modules[] = {
	"intel_iommu", "amd_iommu", "amd_iommu_v2", "iommu", "idxd", "vfio", "vfio_pci", "iommufd",
};

/* ACPI tables that describe the IOMMUs: DMAR (VT-d), IVRS (AMD-Vi). Root
 * only (0400): a non-root dump records EACCES. */
static const char *const acpi_tables[] = {"DMAR", "IVRS"};

static void read_file(struct ioasid_ctx *ctx, size_t max, const char *path)
{
	char *text = NULL;

	iopath_read_all(ctx, &text, NULL, max, "%s", path);
	free(text);
}

IOASID_EXPORT int ioasid_dump_collect(struct ioasid_ctx *ctx)
{
	const char *s, *src;
	const char *const *lines;
	char line[256];
	size_t n;

	if (!ctx->rec)
		return ioasid_set_error(ctx, EINVAL, "dump", "the context is not recording");
	/* the kernel facts go through their readers (cached per context) */
	ioasid_kernel_release(ctx, &s);
	ioasid_kernel_version(ctx, &s);
	ioasid_kernel_symbol(ctx, "iommu_sva_bind_device"); /* records the SVA lines */
	ioasid_kernel_cmdline(ctx, &s);
	ioasid_kernel_config(ctx, "CONFIG_IOMMU_SUPPORT", &s, &src);
	ioasid_cpu_has_flag(ctx, "pdpe1gb");
	ioasid_kernel_log(ctx, &lines, &n);
	iopath_read_line(ctx, line, sizeof(line), PATH_PROC_HOSTNAME);
	read_file(ctx, 0, PATH_PROC_MOUNTINFO);
	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		char **names;

		if (iopath_list(ctx, &names, &n, PATH_SYS_MODULE_PARAMS, modules[i]) < 0)
			continue;
		for (size_t k = 0; k < n; k++) {
			char *text = NULL;

			iopath_read_all(ctx, &text, NULL, 64 << 10, PATH_SYS_MODULE_PARAM,
					modules[i], names[k]);
			free(text);
		}
		iopath_names_free(names, n);
	}
	for (size_t i = 0; i < sizeof(acpi_tables) / sizeof(acpi_tables[0]); i++) {
		char *text = NULL;

		iopath_read_all(ctx, &text, NULL, 0, PATH_SYS_ACPI_TABLE, acpi_tables[i]);
		free(text);
	}
	return 0;
}
