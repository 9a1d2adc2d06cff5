/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Columns of a PCI function: `ioasidctl device list` and ioasidtop's
 * devices view and snapshot ("devices"). */
#ifndef IOASIDCTL_DEVICE_COLS_H
#define IOASIDCTL_DEVICE_COLS_H

#include "print/printer.h"

enum {
	DEVC_DEVICE,
	DEVC_NAME,
	DEVC_VENDOR,
	DEVC_DEVICE_ID,
	DEVC_CLASS,
	DEVC_DRIVER,
	DEVC_IOMMU,
	DEVC_GROUP,
	DEVC_PF,
	DEVC_PASID,
	DEVC_PASID_WIDTH,
	DEVC_PASID_EXEC,
	DEVC_PASID_PRIV,
	DEVC_PASID_ENABLED,
	DEVC_PASID_FROM_PF,
	DEVC_MAX_PASIDS,
	DEVC_PRI,
	DEVC_PRI_ENABLED,
	DEVC_PRI_CAPACITY,
	DEVC_PRI_ALLOC,
	DEVC_PRI_STOPPED,
	DEVC_ATS,
	DEVC_ATS_ENABLED,
	DEVC_ATS_QDEP,
	DEVC_ATS_STU,
	DEVC_ERROR,
	DEVICE_NCOLS
};

extern const struct pr_col device_cols[DEVICE_NCOLS];
void device_cells(struct pr_row *r, const struct ioasid_pci_dev *d);

#endif
