/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Columns of an IOASID set: `ioasidctl set list|show` and ioasidtop's
 * sets view and snapshot ("sets"). */
#ifndef IOASIDCTL_SET_COLS_H
#define IOASIDCTL_SET_COLS_H

#include "print/printer.h"

enum {
	SETC_SET,
	SETC_TYPE,
	SETC_QUOTA,
	SETC_ALLOCATED,
	SETC_OWNER_PID,
	SETC_CGROUP,
	SET_NCOLS, /* ioasidctl's */
	/* ioasidtop's, from its samples: counts of the IOASID dump, rates */
	SETC_USE_PCT = SET_NCOLS,
	SETC_ACTIVE,
	SETC_PRQ_COUNT,
	SETC_PRQ_PER_SEC,
	SET_TOP_NCOLS
};

extern const struct pr_col set_cols[SET_TOP_NCOLS];
/* SET .. CGROUP and USE_PCT of one set. */
void set_cells(struct pr_row *r, const struct ioasid_ext_set *s);

#endif
