// SPDX-License-Identifier: GPL-2.0-or-later
/* A cgroup's misc controller files (Documentation/admin-guide/cgroup-v2.rst
 * "Misc") and the ioasids controller's (ioasid-abi(7)) as printer rows and
 * as its JSON object. Numbers are exact u64 JSON integers; "max" is a
 * number, or null with "max_is_unlimited": true for the kernel's "max"
 * (both null when unknown). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "print/cgroup-cols.h"
#include "uapi/ioasid.h"

const struct pr_col cgroup_cols[CG_NCOLS] = {
	[CGC_CGROUP] = {"CGROUP", PR_STR, true, false,
			"cgroup path relative to the cgroup2 mount (JSON: path)"},
	[CGC_RESOURCE] = {"RESOURCE", PR_STR, true, false,
			  "misc resource: sev, sev_es, tdx, ioasid... (JSON: name)"},
	[CGC_CURRENT] = {"CURRENT", PR_NUM, true, true,
			 "usage now (misc.current; not at the root before 6.5)"},
	[CGC_MAX] = {"MAX", PR_NUM, true, true,
		     "limit (misc.max, not at the root): a number or \"max\" (JSON: max null "
		     "and max_is_unlimited true)"},
	[CGC_PEAK] = {"PEAK", PR_NUM, true, true, "highest usage seen (misc.peak, 6.11+)"},
	[CGC_EVENTS] = {"EVENTS", PR_NUM, true, true,
			"charges refused by a limit here or below (misc.events)"},
	[CGC_EVENTS_LOCAL] = {"EVENTS_LOCAL", PR_NUM, true, true,
			      "charges refused by this cgroup's own limit (misc.events.local, "
			      "6.11+)"},
	[CGC_CAPACITY] = {"CAPACITY", PR_NUM, true, true,
			  "amount on the host (misc.capacity, root only)"},
	[CGC_CONTROLLER] = {"CONTROLLER", PR_STR, true, false,
			    "misc, or ioasids for the seed's ioasids controller (ioasids.*; "
			    "JSON: each cgroup's \"ioasids\" object)"},
};

/* the column whose value each misc file gives */
static const int file_col[IOASID_MISC_NFILES] = {
	[IOASID_MISC_CAPACITY] = CGC_CAPACITY, [IOASID_MISC_CURRENT] = CGC_CURRENT,
	[IOASID_MISC_PEAK] = CGC_PEAK,	       [IOASID_MISC_MAX] = CGC_MAX,
	[IOASID_MISC_EVENTS] = CGC_EVENTS,     [IOASID_MISC_EVENTS_LOCAL] = CGC_EVENTS_LOCAL,
};

static json_object *jval(const struct ioasid_val *v)
{
	return v->err ? NULL : json_object_new_uint64(v->v);
}

static json_object *res_json(const struct printer *p, const struct ioasid_misc_res *r)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(r->name));
	for (int f = 0; f < IOASID_MISC_NFILES; f++) {
		const struct ioasid_val *v = &r->v[f];
		int col = file_col[f];
		char key[32];

		if (!pr_selected(p, (size_t)col))
			continue;
		if (f == IOASID_MISC_MAX) {
			json_object_object_add(
				o, "max",
				v->err || r->max_unlimited ? NULL : json_object_new_uint64(v->v));
			json_object_object_add(o, "max_is_unlimited",
					       v->err ? NULL
						      : json_object_new_boolean(r->max_unlimited));
			continue;
		}
		/* the column name in snake case, as the printer does */
		snprintf(key, sizeof(key), "%s", cgroup_cols[col].name);
		for (char *k = key; *k; k++)
			*k = (char)(*k >= 'A' && *k <= 'Z' ? *k - 'A' + 'a' : *k);
		json_object_object_add(o, key, jval(v));
	}
	return o;
}

/* The ioasids controller's files (ioasid-abi(7)), null where it is absent:
 * {"current": N, "max": N|null, "max_is_unlimited": bool, "events": N} */
static json_object *ioasids_json(const struct ioasid_ioasids *x)
{
	const struct ioasid_val *mx = &x->v[IOASID_IOASIDS_MAX];
	json_object *o;

	if (!x->present)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "current", jval(&x->v[IOASID_IOASIDS_CURRENT]));
	json_object_object_add(o, "max",
			       mx->err || x->max_unlimited ? NULL : json_object_new_uint64(mx->v));
	json_object_object_add(o, "max_is_unlimited",
			       mx->err ? NULL : json_object_new_boolean(x->max_unlimited));
	json_object_object_add(o, "events", jval(&x->v[IOASID_IOASIDS_EVENTS]));
	return o;
}

json_object *cgroup_json(const struct printer *p, const struct ioasid_cgroup_mount *m,
			 const struct ioasid_misc_cgroup *cg)
{
	json_object *o = json_object_new_object(), *files = json_object_new_array(),
		    *res = json_object_new_array();
	char host[IOASID_CGROUP_PATH_MAX];

	json_object_object_add(o, "path", json_object_new_string(cg->path));
	json_object_object_add(o, "host_path",
			       ioasid_cgroup_host_path(m, cg->path, host, sizeof(host)) == 0
				       ? json_object_new_string(host)
				       : NULL);
	json_object_object_add(o, "is_root", json_object_new_boolean(cg->is_root));
	for (int f = 0; f < IOASID_MISC_NFILES; f++) {
		json_object *fo = json_object_new_object();
		int e = cg->file_err[f];
		const char *en = e ? strerrorname_np(e) : NULL;

		json_object_object_add(fo, "name",
				       json_object_new_string(ioasid_misc_file_name(f)));
		json_object_object_add(fo, "present", json_object_new_boolean(e != ENOENT));
		json_object_object_add(fo, "error", en ? json_object_new_string(en) : NULL);
		json_object_array_add(files, fo);
	}
	json_object_object_add(o, "files", files);
	for (size_t i = 0; i < cg->nres; i++)
		json_object_array_add(res, res_json(p, &cg->res[i]));
	json_object_object_add(o, "resources", res);
	json_object_object_add(o, "ioasids", ioasids_json(&cg->ioasids));
	return o;
}

void cgroup_res_cells(struct pr_row *row, const struct ioasid_misc_cgroup *cg,
		      const struct ioasid_misc_res *r)
{

	pr_str(row, CGC_CGROUP, cg->path);
	if (!r) {
		for (int col = CGC_RESOURCE; col < CG_NCOLS; col++)
			pr_null(row, (size_t)col, 0);
		return;
	}
	pr_str(row, CGC_RESOURCE, r->name);
	pr_str(row, CGC_CONTROLLER, "misc");
	for (int f = 0; f < IOASID_MISC_NFILES; f++) {
		if (f == IOASID_MISC_MAX && !r->v[f].err && r->max_unlimited)
			pr_str(row, CGC_MAX, "max");
		else
			pr_val(row, (size_t)file_col[f], &r->v[f]);
	}
}

/* The ioasids controller's row: resource "ioasid", controller "ioasids";
 * it has no peak, local events or capacity file. */
void cgroup_ioasids_cells(struct pr_row *row, const struct ioasid_misc_cgroup *cg)
{
	const struct ioasid_ioasids *x = &cg->ioasids;

	pr_str(row, CGC_CGROUP, cg->path);
	pr_str(row, CGC_RESOURCE, IOASID_MISC_RESOURCE);
	pr_str(row, CGC_CONTROLLER, IOASID_CGROUP_CONTROLLER);
	pr_val(row, CGC_CURRENT, &x->v[IOASID_IOASIDS_CURRENT]);
	if (!x->v[IOASID_IOASIDS_MAX].err && x->max_unlimited)
		pr_str(row, CGC_MAX, "max");
	else
		pr_val(row, CGC_MAX, &x->v[IOASID_IOASIDS_MAX]);
	pr_val(row, CGC_EVENTS, &x->v[IOASID_IOASIDS_EVENTS]);
	pr_null(row, CGC_PEAK, 0);
	pr_null(row, CGC_EVENTS_LOCAL, 0);
	pr_null(row, CGC_CAPACITY, 0);
}

const struct pr_col cgroup_top_cols[CGROUP_TOP_NCOLS] = {
	[CGTC_IOASIDS_CURRENT] = {"IOASIDS_CURRENT", PR_NUM, true, true, "ioasids.current"},
	[CGTC_IOASIDS_MAX] = {"IOASIDS_MAX", PR_STR, true, true, "ioasids.max (N or max)"},
	[CGTC_IOASIDS_EVENTS] = {"IOASIDS_EVENTS", PR_NUM, true, true,
				 "ioasids.events: allocations refused at max"},
	[CGTC_MISC_CURRENT] = {"MISC_CURRENT", PR_NUM, true, true, "misc.current ioasid"},
	[CGTC_MISC_MAX] = {"MISC_MAX", PR_STR, true, true, "misc.max ioasid (N or max)"},
	[CGTC_MISC_EVENTS] = {"MISC_EVENTS", PR_NUM, true, true, "misc.events ioasid.max"},
	[CGTC_USE_PCT] = {"USE_PCT", PR_NUM, true, true,
			  "the larger current/limit of the two forms, percent"},
	[CGTC_CGROUP] = {"CGROUP", PR_STR, true, false, "cgroup (relative to the cgroup2 mount)"},
};
