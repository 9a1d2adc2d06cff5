// SPDX-License-Identifier: GPL-2.0-or-later
/* One PCI function as a printer row, with the PASID, PRI and ATS
 * capabilities the library decoded from its config space. */
#include <stdio.h>

#include "print/device-cols.h"

const struct pr_col device_cols[DEVICE_NCOLS] = {
	[DEVC_DEVICE] = {"DEVICE", PR_STR, true, false, "PCI address domain:bus:dev.fn"},
	[DEVC_NAME] = {"NAME", PR_STR, false, false, "vendor and device name (pci.ids)"},
	[DEVC_VENDOR] = {"VENDOR", PR_STR, false, false, "vendor ID"},
	[DEVC_DEVICE_ID] = {"DEVICE_ID", PR_STR, false, false, "device ID"},
	[DEVC_CLASS] = {"CLASS", PR_STR, false, false, "class code"},
	[DEVC_DRIVER] = {"DRIVER", PR_STR, true, false, "bound driver"},
	[DEVC_IOMMU] = {"IOMMU", PR_STR, true, false, "IOMMU unit translating the device"},
	[DEVC_GROUP] = {"GROUP", PR_NUM, true, true, "IOMMU group"},
	[DEVC_PF] = {"PF", PR_STR, false, false, "physical function of a VF"},
	[DEVC_PASID] = {"PASID", PR_BOOL, false, false, "has a PASID capability"},
	[DEVC_PASID_WIDTH] = {"PASID_WIDTH", PR_NUM, true, true,
			      "Max PASID Width of the capability"},
	[DEVC_PASID_EXEC] = {"PASID_EXEC", PR_BOOL, false, false, "execute permission supported"},
	[DEVC_PASID_PRIV] = {"PASID_PRIV", PR_BOOL, false, false, "privileged mode supported"},
	[DEVC_PASID_ENABLED] = {"PASID_ENABLED", PR_BOOL, true, false, "PASID enabled (control)"},
	[DEVC_PASID_FROM_PF] = {"PASID_FROM_PF", PR_BOOL, false, false,
				"PASID capability taken from the PF (a VF has none)"},
	[DEVC_MAX_PASIDS] = {"MAX_PASIDS", PR_NUM, true, true,
			     "PASIDs usable: min(device, IOMMU), as the kernel computes"},
	[DEVC_PRI] = {"PRI", PR_BOOL, false, false, "has a PRI capability"},
	[DEVC_PRI_ENABLED] = {"PRI_ENABLED", PR_BOOL, true, false, "page requests enabled"},
	[DEVC_PRI_CAPACITY] = {"PRI_CAPACITY", PR_NUM, false, true,
			       "outstanding page requests the device can issue"},
	[DEVC_PRI_ALLOC] = {"PRI_ALLOC", PR_NUM, false, true, "page requests allocated"},
	[DEVC_PRI_STOPPED] = {"PRI_STOPPED", PR_BOOL, false, false, "PRI stopped (status)"},
	[DEVC_ATS] = {"ATS", PR_BOOL, false, false, "has an ATS capability"},
	[DEVC_ATS_ENABLED] = {"ATS_ENABLED", PR_BOOL, true, false, "ATS enabled"},
	[DEVC_ATS_QDEP] = {"ATS_QDEP", PR_NUM, false, true, "invalidate queue depth"},
	[DEVC_ATS_STU] = {"ATS_STU", PR_NUM, false, true, "smallest translation unit (log2 - 12)"},
	[DEVC_ERROR] = {"ERROR", PR_STR, false, false, "why the device could not be read"},
};

static void cap_unknown(struct pr_row *r, int err, const int *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pr_null(r, (size_t)cols[i], err);
}

void device_cells(struct pr_row *r, const struct ioasid_pci_dev *d)
{
	int cerr = d->err ? d->err : d->ext_err;
	static const int pasid_cols[] = {DEVC_PASID,	  DEVC_PASID_WIDTH,   DEVC_PASID_EXEC,
					 DEVC_PASID_PRIV, DEVC_PASID_ENABLED, DEVC_PASID_FROM_PF};
	static const int pri_cols[] = {DEVC_PRI, DEVC_PRI_ENABLED, DEVC_PRI_CAPACITY,
				       DEVC_PRI_ALLOC, DEVC_PRI_STOPPED};
	static const int ats_cols[] = {DEVC_ATS, DEVC_ATS_ENABLED, DEVC_ATS_QDEP, DEVC_ATS_STU};

	pr_str(r, DEVC_DEVICE, d->bdf);
	pr_str(r, DEVC_NAME, d->name);
	if (d->err) {
		pr_null(r, DEVC_VENDOR, d->err);
		pr_null(r, DEVC_DEVICE_ID, d->err);
		pr_null(r, DEVC_CLASS, d->err);
	} else {
		char id[16];

		/* zero-padded as lspci -n prints them */
		snprintf(id, sizeof(id), "%04x", d->vendor);
		pr_str(r, DEVC_VENDOR, id);
		snprintf(id, sizeof(id), "%04x", d->device);
		pr_str(r, DEVC_DEVICE_ID, id);
		snprintf(id, sizeof(id), "%06x", d->class_code);
		pr_str(r, DEVC_CLASS, id);
	}
	pr_str(r, DEVC_DRIVER, d->driver);
	pr_str(r, DEVC_IOMMU, d->iommu);
	pr_val(r, DEVC_GROUP, &d->group);
	pr_str(r, DEVC_PF, d->physfn);
	pr_str(r, DEVC_ERROR, d->err ? d->errmsg : NULL);
	if (cerr) {
		cap_unknown(r, cerr, pasid_cols, 6);
		cap_unknown(r, cerr, pri_cols, 5);
		cap_unknown(r, cerr, ats_cols, 4);
	} else {
		pr_bool(r, DEVC_PASID, d->pasid.present);
		pr_bool(r, DEVC_PASID_FROM_PF, d->pasid_from_pf);
		pr_bool(r, DEVC_PRI, d->pri.present);
		pr_bool(r, DEVC_ATS, d->ats.present);
		if (d->pasid.present) {
			pr_num(r, DEVC_PASID_WIDTH, d->pasid.width);
			pr_bool(r, DEVC_PASID_EXEC, d->pasid.exec);
			pr_bool(r, DEVC_PASID_PRIV, d->pasid.priv);
			pr_bool(r, DEVC_PASID_ENABLED, d->pasid.enabled);
		} else {
			cap_unknown(r, 0, pasid_cols + 1, 3);
			pr_bool(r, DEVC_PASID_ENABLED, false);
		}
		if (d->pri.present) {
			pr_bool(r, DEVC_PRI_ENABLED, d->pri.enabled);
			pr_num(r, DEVC_PRI_CAPACITY, d->pri.capacity);
			pr_num(r, DEVC_PRI_ALLOC, d->pri.allocation);
			pr_bool(r, DEVC_PRI_STOPPED, d->pri.stopped);
		} else {
			pr_bool(r, DEVC_PRI_ENABLED, false);
			cap_unknown(r, 0, pri_cols + 2, 3);
		}
		if (d->ats.present) {
			pr_bool(r, DEVC_ATS_ENABLED, d->ats.enabled);
			/* PCI_ATS_CAP_QDEP: 0 encodes 32 (drivers/pci/ats.c pci_ats_queue_depth) */
			pr_num(r, DEVC_ATS_QDEP, d->ats.qdep ? d->ats.qdep : 32);
			pr_num(r, DEVC_ATS_STU, d->ats.stu);
		} else {
			pr_bool(r, DEVC_ATS_ENABLED, false);
			cap_unknown(r, 0, ats_cols + 2, 2);
		}
	}
	pr_val(r, DEVC_MAX_PASIDS, &d->max_pasids);
}
