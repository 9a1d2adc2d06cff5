// SPDX-License-Identifier: GPL-2.0-or-later
/* One IOASID set as a printer row (ioasid-abi(7) SYSFS: sets/<id>/). */
#include <errno.h>

#include "print/set-cols.h"

const struct pr_col set_cols[SET_TOP_NCOLS] = {
	[SETC_SET] = {"SET", PR_NUM, true, true, "set ID (sets/<id>)"},
	[SETC_TYPE] = {"TYPE", PR_STR, true, false, "null (kernel set) or mm (a process's set)"},
	[SETC_QUOTA] = {"QUOTA", PR_NUM, true, true, "most IOASIDs the set may hold"},
	[SETC_ALLOCATED] = {"ALLOCATED", PR_NUM, true, true,
			    "IOASIDs not yet released, free_pending included"},
	[SETC_OWNER_PID] = {"OWNER_PID", PR_NUM, true, true,
			    "process whose mm is the set's token (mm sets; \"exited\" when "
			    "it is gone: JSON null)"},
	[SETC_CGROUP] = {"CGROUP", PR_STR, true, false,
			 "the owner's cgroup v2 path (mm sets; JSON null when unknown)"},
	[SETC_USE_PCT] = {"USE_PCT", PR_NUM, true, true, "allocated out of quota, percent"},
	[SETC_ACTIVE] = {"ACTIVE", PR_NUM, true, true, "IOASIDs in state active"},
	[SETC_PRQ_COUNT] = {"PRQ_COUNT", PR_NUM, true, true,
			    "page requests received with the set's IOASIDs (their PRQ_COUNT "
			    "summed)"},
	[SETC_PRQ_PER_SEC] = {"PRQ_PER_SEC", PR_NUM, true, true,
			      "page requests per second between the last two samples"},
};

void set_cells(struct pr_row *r, const struct ioasid_ext_set *s)
{
	const char *type = ioasid_ext_set_type_name(s->type);

	pr_num(r, SETC_SET, s->id);
	if (type)
		pr_str(r, SETC_TYPE, type);
	else
		pr_null(r, SETC_TYPE, s->type_err);
	pr_val(r, SETC_QUOTA, &s->quota);
	pr_val(r, SETC_ALLOCATED, &s->allocated);
	/* the owner exited while the set lives on (ESRCH): say so in tables */
	if (s->owner_pid.err == ESRCH)
		pr_any(r, SETC_OWNER_PID, NULL, "exited");
	else
		pr_val(r, SETC_OWNER_PID, &s->owner_pid);
	if (s->cgroup)
		pr_str(r, SETC_CGROUP, s->cgroup);
	else if (s->cgroup_err == ESRCH)
		pr_any(r, SETC_CGROUP, NULL, "exited");
	else
		pr_null(r, SETC_CGROUP, s->cgroup_err);
	if (s->quota.err || s->allocated.err)
		pr_null(r, SETC_USE_PCT, s->quota.err ? s->quota.err : s->allocated.err);
	else if (!s->quota.v)
		pr_null(r, SETC_USE_PCT, 0);
	else
		pr_num(r, SETC_USE_PCT, (s->allocated.v * 100 + s->quota.v / 2) / s->quota.v);
}
