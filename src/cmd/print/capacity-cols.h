/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Columns of the IOASID capacity: `ioasidctl capacity show` and
 * ioasidtop's snapshot ("capacity"). */
#ifndef IOASIDCTL_CAPACITY_COLS_H
#define IOASIDCTL_CAPACITY_COLS_H

#include "print/printer.h"

enum {
	CAPC_VERSION,
	CAPC_TOTAL,
	CAPC_AVAILABLE,
	CAPC_RESERVED,
	CAPC_DEFAULT_QUOTA,
	CAP_NCOLS, /* ioasidctl's */
	/* ioasidtop's */
	CAPC_IN_QUOTAS = CAP_NCOLS,
	CAP_TOP_NCOLS
};

extern const struct pr_col cap_cols[CAP_TOP_NCOLS];
/* Every column, IN_QUOTAS included. */
void capacity_cells(struct pr_row *r, const struct ioasid_ext_info *in);

#endif
