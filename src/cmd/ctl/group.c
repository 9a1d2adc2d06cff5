// SPDX-License-Identifier: GPL-2.0-or-later
/* ioasidctl group list */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"

enum { GC_GROUP, GC_TYPE, GC_NAME, GC_NDEVICES, GC_DEVICES, GC_RESV, GROUP_NCOLS };

static const struct pr_col group_cols[GROUP_NCOLS] = {
	[GC_GROUP] = {"GROUP", PR_NUM, true, true, "group number"},
	[GC_TYPE] = {"TYPE", PR_STR, true, false,
		     "default domain type: DMA, DMA-FQ, identity, blocked, unmanaged"},
	[GC_NAME] = {"NAME", PR_STR, false, false, "group name, when the driver set one"},
	[GC_NDEVICES] = {"NDEVICES", PR_NUM, true, true, "number of member devices"},
	[GC_DEVICES] = {"DEVICES", PR_STR, true, false, "member devices"},
	[GC_RESV] = {"RESERVED_REGIONS", PR_STR, false, false,
		     "reserved IOVA regions: start, end (inclusive), type"},
};

static void resv_cell(struct pr_row *r, const struct ioasid_group *g)
{
	json_object *a = json_object_new_array();
	size_t len = 1;
	char *text;

	if (g->regions_err && !g->nregions) {
		json_object_put(a);
		pr_null(r, GC_RESV, g->regions_err);
		return;
	}
	text = calloc(1, g->nregions * 64 + 1);
	for (size_t i = 0; i < g->nregions; i++) {
		const struct ioasid_resv_region *x = &g->regions[i];
		json_object *o = json_object_new_object();
		char s[24], e[24];

		snprintf(s, sizeof(s), "%" PRIx64, x->start);
		snprintf(e, sizeof(e), "%" PRIx64, x->end);
		json_object_object_add(o, "start", json_object_new_string(s));
		json_object_object_add(o, "end", json_object_new_string(e));
		json_object_object_add(o, "type", json_object_new_string(x->type_name));
		json_object_array_add(a, o);
		if (text)
			len += (size_t)sprintf(text + len - 1, "%s%s-%s:%s", i ? "," : "", s, e,
					       x->type_name);
	}
	pr_any(r, GC_RESV, a, text && *text ? text : "-");
	free(text);
}

int cmd_group_list(struct cli *c, int argc, const char **argv)
{
	struct ioasid_group_list l = {0};
	struct cli_list cl;
	int rc;

	if (!cli_list_begin(c, argc, argv, NULL, NULL, group_cols, GROUP_NCOLS, "groups", &cl))
		return cl.rc;
	rc = cli_open(c);
	if (rc == EXIT_OK)
		rc = cli_list_read(c, &cl, ioasid_group_list(c->ctx, &l),
				   "/sys/kernel/iommu_groups");
	if (rc != EXIT_OK)
		goto out;
	for (size_t i = 0; i < l.n; i++) {
		const struct ioasid_group *g = &l.v[i];
		struct pr_row *r = pr_row(cl.p);
		const char **devs = calloc(g->ndevices + 1, sizeof(*devs));

		pr_num(r, GC_GROUP, g->id);
		if (g->type_err)
			pr_null(r, GC_TYPE, g->type_err);
		else
			pr_str(r, GC_TYPE, g->type);
		pr_str(r, GC_NAME, g->name);
		pr_num(r, GC_NDEVICES, g->ndevices);
		for (size_t k = 0; devs && k < g->ndevices; k++)
			devs[k] = g->devices[k];
		pr_strv(r, GC_DEVICES, devs, devs ? g->ndevices : 0);
		free(devs);
		resv_cell(r, g);
	}
out:
	rc = cli_list_end(&cl, rc);
	ioasid_group_list_free(&l);
	return rc;
}
