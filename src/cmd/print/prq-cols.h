/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Columns of an IOMMU unit's page-request queue and its interrupt:
 * `ioasidctl prq stats` and ioasidtop's snapshot ("prq"). */
#ifndef IOASIDCTL_PRQ_COLS_H
#define IOASIDCTL_PRQ_COLS_H

#include "print/printer.h"

enum {
	PRQC_IOMMU,
	PRQC_TYPE,
	PRQC_IRQ,
	PRQC_IRQ_NAME,
	PRQC_INTERRUPTS,
	PRQC_SHARED,
	PRQC_SOURCE,
	PRQC_OVERFLOWS,
	PRQC_PENDING,
	PRQC_PRO,
	PRQC_CHIP,
	PRQC_HWIRQ,
	PRQC_SHARED_WITH,
	PRQC_PARTIAL,
	PRQC_FAULT_IRQ,
	PRQC_FAULT_INTERRUPTS,
	PRQC_OVERFLOW_EVENTS,
	PRQC_NOTE,
	PRQC_PER_CPU,
	PRQ_NCOLS, /* ioasidctl's */
	/* ioasidtop's: the rate between two samples */
	PRQC_INTERRUPTS_PER_SEC = PRQ_NCOLS,
	PRQC_RATE_PARTIAL,
	PRQ_TOP_NCOLS
};

extern const struct pr_col prq_cols[PRQ_TOP_NCOLS];
/* IOMMU .. PER_CPU of one unit (PER_CPU null unless per_cpu). */
void prq_cells(struct pr_row *r, const struct ioasid_prq_unit *u, bool per_cpu);

#endif
