// SPDX-License-Identifier: GPL-2.0-or-later
/* ioasidctl iommu list */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"
#include "print/iommu-cols.h"

int cmd_iommu_list(struct cli *c, int argc, const char **argv)
{
	struct ioasid_iommu_list l = {0};
	struct cli_list cl;
	const char **args;
	int rc;

	if (!cli_list_begin(c, argc, argv, NULL, "[NAME...]", iommu_cols, IOMMU_NCOLS, "iommus",
			    &cl))
		return cl.rc;
	args = cl.args;
	rc = cli_open(c);
	if (rc != EXIT_OK)
		goto out;
	rc = ioasid_iommu_list(c->ctx, &l);
	for (size_t k = 0; rc == 0 && args && args[k]; k++)
		if (!ioasid_iommu_find(&l, args[k])) {
			rc = cli_error(c, EXIT_NOTFOUND, ENOENT, args[k], "no such IOMMU unit");
			goto out;
		}
	rc = cli_list_read(c, &cl, rc, "/sys/class/iommu");
	if (rc != EXIT_OK)
		goto out;
	for (size_t i = 0; i < l.n; i++) {
		bool want = !args || !args[0];

		for (size_t k = 0; args && args[k]; k++)
			want |= !strcmp(args[k], l.v[i].name);
		if (want)
			iommu_row(cl.p, &l.v[i], &l.vtd_mode);
	}
out:
	rc = cli_list_end(&cl, rc);
	if (cl.printed)
		cli_note_perm(c, false);
	ioasid_iommu_list_free(&l);
	return rc;
}
