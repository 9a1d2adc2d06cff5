// SPDX-License-Identifier: GPL-2.0-or-later
/* One IOASID record (ioasid-abi(7) GENL, IOASID_ATTR_*) as a printer row. */
#include <stdio.h>

#include "print/ioasids-cols.h"

const struct pr_col ioasids_cols[IOASIDS_TOP_NCOLS] = {
	[IOC_IOASID] = {"IOASID", PR_NUM, true, true, "the IOASID (PASID)"},
	[IOC_SET] = {"SET", PR_NUM, true, true, "its set's ID"},
	[IOC_STATE] = {"STATE", PR_STR, true, false, "idle, active or free_pending"},
	[IOC_REFS] = {"REFS", PR_NUM, true, true, "references, the allocation's own included"},
	[IOC_SPID] = {"SPID", PR_NUM, true, true, "set private ID (guest PASID) when attached"},
	[IOC_PID] = {"PID", PR_NUM, true, true, "owner of its mm set, while it exists"},
	[IOC_PRQ_COUNT] = {"PRQ_COUNT", PR_NUM, true, true,
			   "page requests received with this PASID since allocation"},
	[IOC_CGROUP] = {"CGROUP", PR_STR, true, false, "cgroup it is charged to (mm sets)"},
	[IOC_DEVICE] = {"DEVICE", PR_STR, false, false, "device of its binding, when named"},
	[IOC_PRQ_PER_SEC] = {"PRQ_PER_SEC", PR_NUM, true, true,
			     "page requests per second between the last two samples"},
};

void ioasids_cells(struct pr_row *r, const struct ioasid_ext_rec *rec)
{
	const char *state = ioasid_ext_state_name(rec->state);
	char num[16];

	pr_num(r, IOC_IOASID, rec->ioasid);
	pr_num(r, IOC_SET, rec->set);
	if (state) {
		pr_str(r, IOC_STATE, state);
	} else {
		/* a state of a later ABI version: keep its number visible */
		snprintf(num, sizeof(num), "%u", rec->state);
		pr_any(r, IOC_STATE, NULL, num);
	}
	pr_num(r, IOC_REFS, rec->refs);
	if (rec->has_spid)
		pr_num(r, IOC_SPID, rec->spid);
	else
		pr_null(r, IOC_SPID, 0);
	if (rec->has_pid)
		pr_num(r, IOC_PID, rec->pid);
	else
		pr_null(r, IOC_PID, 0);
	pr_num(r, IOC_PRQ_COUNT, rec->prq_count);
	pr_str(r, IOC_CGROUP, rec->cgroup);
	pr_str(r, IOC_DEVICE, rec->device);
}
