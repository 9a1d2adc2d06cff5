// SPDX-License-Identifier: GPL-2.0-or-later
/* ioasidctl iommu list */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "print/iommu-cols.h"

int cmd_iommu_list(struct cli *c, int argc, const char **argv)
{
	struct ioasid_iommu_list l;
	struct printer *p;
	poptContext pc;
	const char **args;
	int rc;

	rc = cli_parse(c, argc, argv, NULL, "[NAME...]", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	if (c->pr.list_columns) {
		pr_list_columns(&c->pr, iommu_cols, IOMMU_NCOLS);
		poptFreeContext(pc);
		return EXIT_OK;
	}
	rc = cli_open(c);
	if (rc != EXIT_OK)
		goto out;
	rc = ioasid_iommu_list(c->ctx, &l);
	if (rc < 0) {
		rc = cli_lib_error(c, rc, "/sys/class/iommu");
		goto out;
	}
	for (size_t k = 0; args && args[k]; k++)
		if (!ioasid_iommu_find(&l, args[k])) {
			rc = cli_error(c, EXIT_NOTFOUND, ENOENT, args[k], "no such IOMMU unit");
			ioasid_iommu_list_free(&l);
			goto out;
		}
	p = pr_new(&c->pr, "iommus", iommu_cols, IOMMU_NCOLS);
	if (!p) {
		ioasid_iommu_list_free(&l);
		rc = EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		bool want = !args || !args[0];

		for (size_t k = 0; args && args[k]; k++)
			want |= !strcmp(args[k], l.v[i].name);
		if (want)
			iommu_row(p, &l.v[i], &l.vtd_mode);
	}
	rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
	pr_free(p);
	cli_note_perm(c, false);
	ioasid_iommu_list_free(&l);
out:
	poptFreeContext(pc);
	return rc;
}
