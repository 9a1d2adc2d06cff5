/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The flattened device tree of an Arm host without ACPI, as
 * /sys/firmware/devicetree/base shows it (drivers/of/kobj.c: one directory
 * per node, one binary file per property, big-endian cells): the few
 * properties the SMMUv3 and its PCIe hosts are described by. */
#ifndef IOASID_DT_H
#define IOASID_DT_H

#include "ioasid-ctx.h"

#define IOASID_DT_MAX 16

struct ioasid_dt_smmu3 {
	char node[128]; /* path below base, e.g. "smmuv3@9050000" */
	uint64_t base;	/* the first address of reg */
	int base_err;	/* 0, or why reg gave none */
	bool dma_coherent;
};

struct ioasid_dt_pcie {
	char node[128];
	bool iommu_map;	    /* translated by an IOMMU (drivers/iommu/of_iommu.c) */
	bool ats_supported; /* of_pci_check_device_ats(): IOMMU_FWSPEC_PCI_RC_ATS */
};

struct ioasid_dt {
	unsigned nsmmu3, npcie;
	struct ioasid_dt_smmu3 smmu3[IOASID_DT_MAX];
	struct ioasid_dt_pcie pcie[IOASID_DT_MAX];
	bool cut; /* more nodes than kept */
};

/* Whether a "compatible" value (NUL-separated strings) lists want. */
bool ioasid_dt_compatible(const char *val, size_t len, const char *want);
/* The first address of a "reg" value of addr_cells 32-bit big-endian
 * cells (1 or 2): 0, or -EINVAL when too short or cells out of range. */
int ioasid_dt_reg_base(const uint8_t *val, size_t len, unsigned addr_cells, uint64_t *base);
/* Read the SMMUv3 nodes (compatible "arm,smmu-v3") and PCIe host nodes
 * (device_type "pci" with iommu-map) among the root's children and
 * grandchildren. -ENOENT without a device tree; else 0. */
int ioasid_dt_read(struct ioasid_ctx *ctx, struct ioasid_dt *out);

#endif
