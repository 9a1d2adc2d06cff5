// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel config options the library reads (kconfig.h): the reason
 * chain's kernel.config, kernel.sva_x86, iommu.units (VT-d's boot default),
 * amd.domain (the default domain type), idxd.sva, kernel.smmu_sva and
 * uacce.sva rules (and the arch: CONFIG_ARM64 / CONFIG_X86), and the VT-d
 * mode reader (stock/vtdmode.c). They read through kcfg_read(), so this
 * table is the list `ioasidctl diff` compares.
 */
#include "ioasid-kernel.h"
#include "stock/kconfig.h"

const char *const kcfg_names[KCFG_N] = {
	[KCFG_PCI_PASID] = "CONFIG_PCI_PASID",
	[KCFG_PCI_ATS] = "CONFIG_PCI_ATS",
	[KCFG_PCI_PRI] = "CONFIG_PCI_PRI",
	[KCFG_IOMMU_SVA] = "CONFIG_IOMMU_SVA",
	[KCFG_INTEL_IOMMU_SVM] = "CONFIG_INTEL_IOMMU_SVM",
	[KCFG_AMD_IOMMU_V2] = "CONFIG_AMD_IOMMU_V2",
	[KCFG_X86] = "CONFIG_X86",
	[KCFG_INTEL_IOMMU_DEFAULT_OFF] = "CONFIG_INTEL_IOMMU_DEFAULT_OFF",
	[KCFG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF] = "CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF",
	[KCFG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON] = "CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON",
	[KCFG_IOMMU_DEFAULT_PASSTHROUGH] = "CONFIG_IOMMU_DEFAULT_PASSTHROUGH",
	[KCFG_INTEL_IDXD] = "CONFIG_INTEL_IDXD",
	[KCFG_INTEL_IDXD_SVM] = "CONFIG_INTEL_IDXD_SVM",
	[KCFG_ARM64] = "CONFIG_ARM64",
	[KCFG_ARM_SMMU_V3] = "CONFIG_ARM_SMMU_V3",
	[KCFG_ARM_SMMU_V3_SVA] = "CONFIG_ARM_SMMU_V3_SVA",
	[KCFG_UACCE] = "CONFIG_UACCE",
};

int kcfg_read(struct ioasid_ctx *ctx, enum kcfg id, const char **value, const char **source)
{
	return ioasid_kernel_config(ctx, kcfg_names[id], value, source);
}

IOASID_EXPORT const char *const *ioasid_kernel_config_options(size_t *n)
{
	*n = KCFG_N;
	return kcfg_names;
}
