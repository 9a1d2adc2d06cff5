/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Columns of an IOASID record of the genl dump GET_IOASID: `ioasidctl
 * list` and ioasidtop's IOASIDs view and snapshot ("ioasids"). */
#ifndef IOASIDCTL_IOASIDS_COLS_H
#define IOASIDCTL_IOASIDS_COLS_H

#include "print/printer.h"

enum {
	IOC_IOASID,
	IOC_SET,
	IOC_STATE,
	IOC_REFS,
	IOC_SPID,
	IOC_PID,
	IOC_PRQ_COUNT,
	IOC_CGROUP,
	IOC_DEVICE,
	IOASIDS_NCOLS, /* ioasidctl's */
	/* ioasidtop's: the rate between two samples */
	IOC_PRQ_PER_SEC = IOASIDS_NCOLS,
	IOASIDS_TOP_NCOLS
};

extern const struct pr_col ioasids_cols[IOASIDS_TOP_NCOLS];
/* IOASID .. DEVICE of one record. */
void ioasids_cells(struct pr_row *r, const struct ioasid_ext_rec *rec);

#endif
