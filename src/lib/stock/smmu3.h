/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Library-private: the SMMUv3 reader (smmu3.c) that iommu.c calls. */
#ifndef IOASID_STOCK_SMMU3_H
#define IOASID_STOCK_SMMU3_H

#include "ioasid-iommu.h"

/* Fill u->smmu3 from the kernel log's boot line of the unit; nsmmu is the
 * number of SMMUv3 units in /sys/class/iommu (one unit and one line match
 * without a name). */
void ioasid_smmu3_read(struct ioasid_ctx *ctx, struct ioasid_iommu *u, unsigned nsmmu);

#endif
