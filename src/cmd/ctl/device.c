// SPDX-License-Identifier: GPL-2.0-or-later
/* ioasidctl device list */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

enum {
	DC_DEVICE,
	DC_NAME,
	DC_VENDOR,
	DC_DEVICE_ID,
	DC_CLASS,
	DC_DRIVER,
	DC_IOMMU,
	DC_GROUP,
	DC_PF,
	DC_PASID,
	DC_PASID_WIDTH,
	DC_PASID_EXEC,
	DC_PASID_PRIV,
	DC_PASID_ENABLED,
	DC_PASID_FROM_PF,
	DC_MAX_PASIDS,
	DC_PRI,
	DC_PRI_ENABLED,
	DC_PRI_CAPACITY,
	DC_PRI_ALLOC,
	DC_PRI_STOPPED,
	DC_ATS,
	DC_ATS_ENABLED,
	DC_ATS_QDEP,
	DC_ATS_STU,
	DC_ERROR,
	DEVICE_NCOLS
};

static const struct pr_col device_cols[DEVICE_NCOLS] = {
	[DC_DEVICE] = {"DEVICE", PR_STR, true, false, "PCI address domain:bus:dev.fn"},
	[DC_NAME] = {"NAME", PR_STR, false, false, "vendor and device name (pci.ids)"},
	[DC_VENDOR] = {"VENDOR", PR_STR, false, false, "vendor ID"},
	[DC_DEVICE_ID] = {"DEVICE_ID", PR_STR, false, false, "device ID"},
	[DC_CLASS] = {"CLASS", PR_STR, false, false, "class code"},
	[DC_DRIVER] = {"DRIVER", PR_STR, true, false, "bound driver"},
	[DC_IOMMU] = {"IOMMU", PR_STR, true, false, "IOMMU unit translating the device"},
	[DC_GROUP] = {"GROUP", PR_NUM, true, true, "IOMMU group"},
	[DC_PF] = {"PF", PR_STR, false, false, "physical function of a VF"},
	[DC_PASID] = {"PASID", PR_BOOL, false, false, "has a PASID capability"},
	[DC_PASID_WIDTH] = {"PASID_WIDTH", PR_NUM, true, true, "Max PASID Width of the capability"},
	[DC_PASID_EXEC] = {"PASID_EXEC", PR_BOOL, false, false, "execute permission supported"},
	[DC_PASID_PRIV] = {"PASID_PRIV", PR_BOOL, false, false, "privileged mode supported"},
	[DC_PASID_ENABLED] = {"PASID_ENABLED", PR_BOOL, true, false, "PASID enabled (control)"},
	[DC_PASID_FROM_PF] = {"PASID_FROM_PF", PR_BOOL, false, false,
			      "PASID capability taken from the PF (a VF has none)"},
	[DC_MAX_PASIDS] = {"MAX_PASIDS", PR_NUM, true, true,
			   "PASIDs usable: min(device, IOMMU), as the kernel computes"},
	[DC_PRI] = {"PRI", PR_BOOL, false, false, "has a PRI capability"},
	[DC_PRI_ENABLED] = {"PRI_ENABLED", PR_BOOL, true, false, "page requests enabled"},
	[DC_PRI_CAPACITY] = {"PRI_CAPACITY", PR_NUM, false, true,
			     "outstanding page requests the device can issue"},
	[DC_PRI_ALLOC] = {"PRI_ALLOC", PR_NUM, false, true, "page requests allocated"},
	[DC_PRI_STOPPED] = {"PRI_STOPPED", PR_BOOL, false, false, "PRI stopped (status)"},
	[DC_ATS] = {"ATS", PR_BOOL, false, false, "has an ATS capability"},
	[DC_ATS_ENABLED] = {"ATS_ENABLED", PR_BOOL, true, false, "ATS enabled"},
	[DC_ATS_QDEP] = {"ATS_QDEP", PR_NUM, false, true, "invalidate queue depth"},
	[DC_ATS_STU] = {"ATS_STU", PR_NUM, false, true, "smallest translation unit (log2 - 12)"},
	[DC_ERROR] = {"ERROR", PR_STR, false, false, "why the device could not be read"},
};

static void cap_unknown(struct pr_row *r, int err, const int *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pr_null(r, (size_t)cols[i], err);
}

static void device_row(struct printer *p, const struct ioasid_pci_dev *d)
{
	struct pr_row *r = pr_row(p);
	int cerr = d->err ? d->err : d->ext_err;
	static const int pasid_cols[] = {DC_PASID,	DC_PASID_WIDTH,	  DC_PASID_EXEC,
					 DC_PASID_PRIV, DC_PASID_ENABLED, DC_PASID_FROM_PF};
	static const int pri_cols[] = {DC_PRI, DC_PRI_ENABLED, DC_PRI_CAPACITY, DC_PRI_ALLOC,
				       DC_PRI_STOPPED};
	static const int ats_cols[] = {DC_ATS, DC_ATS_ENABLED, DC_ATS_QDEP, DC_ATS_STU};

	pr_str(r, DC_DEVICE, d->bdf);
	pr_str(r, DC_NAME, d->name);
	if (d->err) {
		pr_null(r, DC_VENDOR, d->err);
		pr_null(r, DC_DEVICE_ID, d->err);
		pr_null(r, DC_CLASS, d->err);
	} else {
		char id[16];

		/* zero-padded as lspci -n prints them */
		snprintf(id, sizeof(id), "%04x", d->vendor);
		pr_str(r, DC_VENDOR, id);
		snprintf(id, sizeof(id), "%04x", d->device);
		pr_str(r, DC_DEVICE_ID, id);
		snprintf(id, sizeof(id), "%06x", d->class_code);
		pr_str(r, DC_CLASS, id);
	}
	pr_str(r, DC_DRIVER, d->driver);
	pr_str(r, DC_IOMMU, d->iommu);
	pr_val(r, DC_GROUP, &d->group);
	pr_str(r, DC_PF, d->physfn);
	pr_str(r, DC_ERROR, d->err ? d->errmsg : NULL);
	if (cerr) {
		cap_unknown(r, cerr, pasid_cols, 6);
		cap_unknown(r, cerr, pri_cols, 5);
		cap_unknown(r, cerr, ats_cols, 4);
	} else {
		pr_bool(r, DC_PASID, d->pasid.present);
		pr_bool(r, DC_PASID_FROM_PF, d->pasid_from_pf);
		pr_bool(r, DC_PRI, d->pri.present);
		pr_bool(r, DC_ATS, d->ats.present);
		if (d->pasid.present) {
			pr_num(r, DC_PASID_WIDTH, d->pasid.width);
			pr_bool(r, DC_PASID_EXEC, d->pasid.exec);
			pr_bool(r, DC_PASID_PRIV, d->pasid.priv);
			pr_bool(r, DC_PASID_ENABLED, d->pasid.enabled);
		} else {
			cap_unknown(r, 0, pasid_cols + 1, 3);
			pr_bool(r, DC_PASID_ENABLED, false);
		}
		if (d->pri.present) {
			pr_bool(r, DC_PRI_ENABLED, d->pri.enabled);
			pr_num(r, DC_PRI_CAPACITY, d->pri.capacity);
			pr_num(r, DC_PRI_ALLOC, d->pri.allocation);
			pr_bool(r, DC_PRI_STOPPED, d->pri.stopped);
		} else {
			pr_bool(r, DC_PRI_ENABLED, false);
			cap_unknown(r, 0, pri_cols + 2, 3);
		}
		if (d->ats.present) {
			pr_bool(r, DC_ATS_ENABLED, d->ats.enabled);
			/* PCI_ATS_CAP_QDEP: 0 encodes 32 (drivers/pci/ats.c pci_ats_queue_depth) */
			pr_num(r, DC_ATS_QDEP, d->ats.qdep ? d->ats.qdep : 32);
			pr_num(r, DC_ATS_STU, d->ats.stu);
		} else {
			pr_bool(r, DC_ATS_ENABLED, false);
			cap_unknown(r, 0, ats_cols + 2, 2);
		}
	}
	pr_val(r, DC_MAX_PASIDS, &d->max_pasids);
}

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
			device_row(p, &cp.pl.v[i]);
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
