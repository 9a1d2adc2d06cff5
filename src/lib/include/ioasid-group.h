/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* IOMMU groups: /sys/kernel/iommu_groups/N (drivers/iommu/iommu.c). */
#ifndef IOASID_GROUP_H
#define IOASID_GROUP_H

#include "ioasid-ctx.h"

enum ioasid_resv_type {
	IOASID_RESV_DIRECT,
	IOASID_RESV_DIRECT_RELAXABLE,
	IOASID_RESV_RESERVED,
	IOASID_RESV_MSI,
	IOASID_RESV_UNKNOWN,
};

struct ioasid_resv_region {
	uint64_t start, end; /* inclusive */
	enum ioasid_resv_type type;
	char type_name[24];
};

struct ioasid_group {
	unsigned id;
	char type[24]; /* "DMA", "DMA-FQ", "identity", "blocked", "unmanaged", "unknown" */
	int type_err;
	char name[64]; /* optional "name" attribute */
	size_t ndevices;
	char (*devices)[32]; /* member device names */
	size_t nregions;
	struct ioasid_resv_region *regions;
	int regions_err;
};

struct ioasid_group_list {
	size_t n;
	struct ioasid_group *v;
};

int ioasid_group_list(struct ioasid_ctx *ctx, struct ioasid_group_list *out);
void ioasid_group_list_free(struct ioasid_group_list *l);

/* Parse reserved_regions text ("0x%016llx 0x%016llx %s\n" lines,
 * iommu.c iommu_group_show_resv_regions()). Garbage lines are skipped and
 * counted in *bad. */
int ioasid_parse_resv_regions(const char *text, struct ioasid_resv_region **out, size_t *n,
			      size_t *bad);

#endif
