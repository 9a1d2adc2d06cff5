/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A cgroup's IOASID limits and usage: `ioasidctl cgroup list|show` (a
 * table row per cgroup and misc resource; JSON one object per cgroup) and
 * ioasidtop's snapshot ("cgroups": the same objects). */
#ifndef IOASIDCTL_CGROUP_COLS_H
#define IOASIDCTL_CGROUP_COLS_H

#include "print/printer.h"

enum {
	CGC_CGROUP,
	CGC_RESOURCE,
	CGC_CURRENT,
	CGC_MAX,
	CGC_PEAK,
	CGC_EVENTS,
	CGC_EVENTS_LOCAL,
	CGC_CAPACITY,
	CGC_CONTROLLER,
	CG_NCOLS
};

extern const struct pr_col cgroup_cols[CG_NCOLS];
/* One row per misc resource r of cg (NULL: cg lists none, every column
 * but CGROUP null), and one for the ioasids controller's files. */
void cgroup_res_cells(struct pr_row *row, const struct ioasid_misc_cgroup *cg,
		      const struct ioasid_misc_res *r);
void cgroup_ioasids_cells(struct pr_row *row, const struct ioasid_misc_cgroup *cg);
/* The JSON object of cg: path, host_path, is_root, files, resources
 * (with the resource columns p selects), ioasids. */
json_object *cgroup_json(const struct printer *p, const struct ioasid_cgroup_mount *m,
			 const struct ioasid_misc_cgroup *cg);

/* ioasidtop's cgroups view (a screen table: one row per cgroup with both
 * limit forms side by side; its JSON is cgroup_json's object with
 * "use_pct" added). */
enum {
	CGTC_IOASIDS_CURRENT,
	CGTC_IOASIDS_MAX,
	CGTC_IOASIDS_EVENTS,
	CGTC_MISC_CURRENT,
	CGTC_MISC_MAX,
	CGTC_MISC_EVENTS,
	CGTC_USE_PCT,
	CGTC_CGROUP,
	CGROUP_TOP_NCOLS
};

extern const struct pr_col cgroup_top_cols[CGROUP_TOP_NCOLS];

#endif
