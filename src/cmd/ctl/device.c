// SPDX-License-Identifier: GPL-2.0-or-later
/* ioasidctl device list */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"
#include "print/device-cols.h"

static bool interesting(const struct ioasid_pci_dev *d)
{
	/* unknown capabilities (no perm, errors) are shown rather than hidden */
	return d->err || d->ext_err || d->pasid.present || d->pri.present || d->ats.present;
}

int cmd_device_list(struct cli *c, int argc, const char **argv)
{
	int all = 0;
	struct poptOption opts[] = {{"all", 'a', POPT_ARG_NONE, &all, 0,
				     "all PCI functions, not only those with PASID, PRI or ATS",
				     NULL},
				    POPT_TABLEEND};
	struct cli_pci cp = {0};
	struct cli_list cl;
	int rc;

	if (!cli_list_begin(c, argc, argv, opts, "[DEVICE...]", device_cols, DEVICE_NCOLS,
			    "devices", &cl))
		return cl.rc;
	/* the named devices parsed, the host opened and read */
	rc = cli_pci_open(c, cl.args, &cp);
	if (rc == EXIT_OK)
		rc = cli_list_read(c, &cl, 0, NULL);
	for (size_t i = 0; rc == EXIT_OK && i < cp.pl.n; i++) {
		bool show = cp.nwant ? false : (all || interesting(&cp.pl.v[i]));

		for (size_t k = 0; k < cp.nwant; k++)
			show |= !strcmp(cp.pl.v[i].bdf, cp.want[k]);
		if (show)
			device_cells(pr_row(cl.p), &cp.pl.v[i]);
	}
	rc = cli_list_end(&cl, rc);
	for (size_t i = 0; cl.printed && i < cp.pl.n; i++)
		if (cp.pl.v[i].ext_err == EACCES || cp.pl.v[i].ext_err == EPERM)
			cli_note_perm(c, true);
	if (cl.printed)
		cli_note_perm(c, false);
	cli_pci_free(&cp);
	return rc;
}
