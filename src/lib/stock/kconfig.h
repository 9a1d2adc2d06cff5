/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Library-private: the kernel config options the library reads, one table
 * (kconfig.c). Every reader of the config (the reason chain, the VT-d mode
 * reader) names an option by its enumerator, so ioasid_kernel_config_options()
 * -- what `ioasidctl diff` compares -- cannot miss one a rule reads. */
#ifndef IOASID_STOCK_KCONFIG_H
#define IOASID_STOCK_KCONFIG_H

#include "core/internal.h"

enum kcfg {
	KCFG_PCI_PASID, /* drivers/pci/Kconfig */
	KCFG_PCI_ATS,
	KCFG_PCI_PRI,
	KCFG_IOMMU_SVA, /* drivers/iommu/Kconfig */
	KCFG_INTEL_IOMMU_SVM,
	KCFG_AMD_IOMMU_V2, /* 6.1 only */
	KCFG_X86,
	KCFG_INTEL_IOMMU_DEFAULT_OFF, /* drivers/iommu/intel/Kconfig */
	KCFG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF,
	KCFG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON,
	KCFG_IOMMU_DEFAULT_PASSTHROUGH,
	KCFG_INTEL_IDXD, /* drivers/dma/Kconfig */
	KCFG_INTEL_IDXD_SVM,
	KCFG_ARM64,	      /* arch/arm64/Kconfig */
	KCFG_ARM_SMMU_V3,     /* drivers/iommu/arm/Kconfig */
	KCFG_ARM_SMMU_V3_SVA, /* the same: selects IOMMU_SVA, IOMMU_IOPF */
	KCFG_UACCE,	      /* drivers/misc/uacce/Kconfig */
	KCFG_N
};

/* "CONFIG_PCI_PASID", ..., indexed by enum kcfg. */
extern const char *const kcfg_names[KCFG_N];

/* ioasid_kernel_config() of the option id. */
int kcfg_read(struct ioasid_ctx *ctx, enum kcfg id, const char **value, const char **source);

#endif
