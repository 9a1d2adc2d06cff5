/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Columns of an SVA endpoint (an idxd work queue, a uacce device or an
 * amdxdna NPU):
 * `ioasidctl sva list -o ...` and ioasidtop's SVA view and snapshot
 * ("sva"); and of an idxd work queue's client (`sva list --clients`). */
#ifndef IOASIDCTL_SVA_COLS_H
#define IOASIDCTL_SVA_COLS_H

#include "print/printer.h"

enum {
	SVAC_DEVICE,
	SVAC_PCI,
	SVAC_KIND,
	SVAC_WQ,
	SVAC_NAME,
	SVAC_MODE,
	SVAC_TYPE,
	SVAC_STATE,
	SVAC_DRIVER,
	SVAC_PASID,
	SVAC_CLIENTS,
	SVAC_SIZE,
	SVAC_PRIORITY,
	SVAC_GROUP,
	SVAC_CDEV,
	SVAC_BLOCK_ON_FAULT,
	SVAC_ATS_DISABLE,
	SVAC_PRS_DISABLE,
	SVAC_API,
	SVAC_ALGORITHMS,
	SVAC_AVAILABLE,
	SVAC_EVL_PASIDS,
	SVA_NCOLS
};

extern const struct pr_col sva_cols[SVA_NCOLS];
/* A work queue of d; w NULL: the device itself, when it has none. */
void sva_wq_cells(struct pr_row *r, const struct ioasid_idxd_dev *d,
		  const struct ioasid_idxd_wq *w);
void sva_uacce_cells(struct pr_row *r, const struct ioasid_uacce_dev *u);
void sva_amdxdna_cells(struct pr_row *r, const struct ioasid_amdxdna_dev *x);
/* The distinct PASIDs of d's event log entries (of one WQ when wq >= 0),
 * ascending; returns how many, at most max. */
size_t sva_evl_pasids(const struct ioasid_idxd_dev *d, int wq, unsigned *out, size_t max);

enum {
	CLC_DEVICE,
	CLC_PCI,
	CLC_WQ,
	CLC_FILE,
	CLC_PID,
	CLC_COMM,
	CLC_CR_FAULTS,
	CLC_CR_FAULT_FAILURES,
	CLIENT_NCOLS
};

extern const struct pr_col client_cols[CLIENT_NCOLS];
void sva_client_cells(struct pr_row *r, const struct ioasid_idxd_dev *d,
		      const struct ioasid_idxd_wq *w, const struct ioasid_idxd_client *cl);

#endif
