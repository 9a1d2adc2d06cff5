// SPDX-License-Identifier: GPL-2.0-or-later
/* The IOASID extension's capacity (ioasid-abi(7) SYSFS) as a printer row. */
#include "print/capacity-cols.h"

const struct pr_col cap_cols[CAP_TOP_NCOLS] = {
	[CAPC_VERSION] = {"VERSION", PR_NUM, true, true, "ABI version (version)"},
	[CAPC_TOTAL] = {"TOTAL", PR_NUM, true, true,
			"IOASIDs the system may hand out (capacity/total)"},
	[CAPC_AVAILABLE] = {"AVAILABLE", PR_NUM, true, true,
			    "capacity not given to a set's quota nor reserved "
			    "(capacity/available)"},
	[CAPC_RESERVED] = {"RESERVED", PR_NUM, true, true,
			   "capacity reserved and not returned (capacity/reserved)"},
	[CAPC_DEFAULT_QUOTA] = {"DEFAULT_QUOTA", PR_NUM, true, true,
				"quota of a process's new mm set (default_quota)"},
	[CAPC_IN_QUOTAS] = {"IN_QUOTAS", PR_NUM, true, true,
			    "capacity given to the sets' quotas: total - available - reserved"},
};

void capacity_cells(struct pr_row *r, const struct ioasid_ext_info *in)
{
	pr_val(r, CAPC_VERSION, &in->version);
	pr_val(r, CAPC_TOTAL, &in->total);
	pr_val(r, CAPC_AVAILABLE, &in->available);
	pr_val(r, CAPC_RESERVED, &in->reserved);
	pr_val(r, CAPC_DEFAULT_QUOTA, &in->default_quota);
	/* ioasid-abi(7): total = available + reserved + sum(quotas) */
	if (in->total.err || in->available.err || in->reserved.err ||
	    in->available.v + in->reserved.v > in->total.v)
		pr_null(r, CAPC_IN_QUOTAS,
			in->total.err ? in->total.err
				      : (in->available.err ? in->available.err : in->reserved.err));
	else
		pr_num(r, CAPC_IN_QUOTAS, in->total.v - in->available.v - in->reserved.v);
}
