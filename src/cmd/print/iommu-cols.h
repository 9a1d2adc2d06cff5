/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Columns of an IOMMU unit, shared by `iommu list` and `status`. */
#ifndef IOASIDCTL_IOMMU_COLS_H
#define IOASIDCTL_IOMMU_COLS_H

#include "print/printer.h"

enum {
	IC_NAME,
	IC_TYPE,
	IC_ADDRESS,
	IC_VERSION,
	IC_MODE,
	IC_PASID,
	IC_PASID_BITS,
	IC_MAX_PASIDS,
	IC_PRS,
	IC_ERS,
	IC_SRS,
	IC_NEST,
	IC_FLTS,
	IC_SLTS,
	IC_SMTS,
	IC_PDS,
	IC_DT,
	IC_CM,
	IC_FL1GP,
	IC_FL5LP,
	IC_SAGAW,
	IC_MGAW,
	IC_DOMAINS,
	IC_DOMAINS_USED,
	IC_CAP,
	IC_ECAP,
	IC_EFR,
	IC_EFR2,
	IC_FEATURES_RULE,
	IC_GT,
	IC_PPR,
	IC_GA,
	IC_EPHSUP,
	IC_PASMAX,
	IC_DEVICES,
	IC_SMMU_FEATURES,
	IC_SMMU_FEATURES_TABLE,
	IC_SMMU_FEATURE_NAMES,
	IC_IAS,
	IC_OAS,
	IC_SMMU_SVA,
	IC_SMMU_ATS,
	IC_SMMU_PRI,
	IC_SMMU_STALLS,
	IC_SMMU_STALL_FORCE,
	IC_SMMU_COHERENT,
	IC_FIRMWARE,
	IOMMU_NCOLS
};

extern const struct pr_col iommu_cols[IOMMU_NCOLS];
void iommu_row(struct printer *p, const struct ioasid_iommu *u, const struct ioasid_vtd_mode *mode);

#endif
