// SPDX-License-Identifier: GPL-2.0-or-later
/* ioasidctl device list */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "print/device-cols.h"

static bool interesting(const struct ioasid_pci_dev *d)
{
	/* unknown capabilities (no perm, errors) are shown rather than hidden */
	return d->err || d->ext_err || d->pasid.present || d->pri.present || d->ats.present;
}

int cmd_device_list(struct cli *c, int argc, const char **argv)
{
	static int all;
	struct poptOption opts[] = {{"all", 'a', POPT_ARG_NONE, &all, 0,
				     "all PCI functions, not only those with PASID, PRI or ATS",
				     NULL},
				    POPT_TABLEEND};
	struct cli_pci cp = {0};
	struct printer *p = NULL;
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, "[DEVICE...]", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	if (c->pr.list_columns) {
		pr_list_columns(&c->pr, device_cols, DEVICE_NCOLS);
		goto out;
	}
	rc = cli_pci_open(c, args, &cp);
	if (rc != EXIT_OK)
		goto out;
	p = pr_new(&c->pr, "devices", device_cols, DEVICE_NCOLS);
	if (!p) {
		rc = EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < cp.pl.n; i++) {
		bool show = cp.nwant ? false : (all || interesting(&cp.pl.v[i]));

		for (size_t k = 0; k < cp.nwant; k++)
			show |= !strcmp(cp.pl.v[i].bdf, cp.want[k]);
		if (show)
			device_cells(pr_row(p), &cp.pl.v[i]);
	}
	rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
	for (size_t i = 0; i < cp.pl.n; i++)
		if (cp.pl.v[i].ext_err == EACCES || cp.pl.v[i].ext_err == EPERM)
			cli_note_perm(c, true);
	cli_note_perm(c, false);
out:
	pr_free(p);
	cli_pci_free(&cp);
	poptFreeContext(pc);
	return rc;
}
