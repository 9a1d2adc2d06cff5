// SPDX-License-Identifier: GPL-2.0-or-later
/* SVA endpoints and their clients as printer rows, from the library's
 * idxd and uacce readers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print/sva-cols.h"

const struct pr_col sva_cols[SVA_NCOLS] = {
	[SVAC_DEVICE] = {"DEVICE", PR_STR, true, false,
			 "idxd device (dsaN, iaxN), uacce device or amdxdna accel node"},
	[SVAC_PCI] = {"PCI", PR_STR, true, false, "PCI function the device belongs to"},
	[SVAC_KIND] = {"KIND", PR_STR, true, false, "dsa, iax, uacce or amdxdna"},
	[SVAC_WQ] = {"WQ", PR_STR, true, false, "idxd work queue"},
	[SVAC_NAME] = {"NAME", PR_STR, true, false,
		       "work queue name (set by its user); amdxdna: the product (vbnv)"},
	[SVAC_MODE] = {"MODE", PR_STR, true, false, "work queue mode: dedicated or shared"},
	[SVAC_TYPE] = {"TYPE", PR_STR, true, false, "work queue type: none, kernel or user"},
	[SVAC_STATE] = {"STATE", PR_STR, true, false,
			"work queue state (enabled, disabled); uacce: normal or isolated"},
	[SVAC_DRIVER] = {"DRIVER", PR_STR, true, false,
			 "bound dsa-bus driver (user, dmaengine, crypto); uacce: parent's driver"},
	[SVAC_PASID] = {"PASID", PR_BOOL, true, false,
			"user PASIDs (SVA) enabled: idxd pasid_enabled, uacce flags SVA bit; "
			"amdxdna: always (every open binds SVA)"},
	[SVAC_CLIENTS] = {"CLIENTS", PR_NUM, true, true, "open files of the work queue"},
	[SVAC_SIZE] = {"SIZE", PR_NUM, false, true, "work queue size (descriptors)"},
	[SVAC_PRIORITY] = {"PRIORITY", PR_NUM, false, true, "work queue priority"},
	[SVAC_GROUP] = {"GROUP", PR_NUM, false, true, "group of the work queue (-1: none)"},
	[SVAC_CDEV] = {"CDEV", PR_STR, false, false, "character device of a user work queue"},
	[SVAC_BLOCK_ON_FAULT] = {"BLOCK_ON_FAULT", PR_BOOL, false, false,
				 "descriptors block on page faults"},
	[SVAC_ATS_DISABLE] = {"ATS_DISABLE", PR_BOOL, false, false, "ATS disabled for the WQ"},
	[SVAC_PRS_DISABLE] = {"PRS_DISABLE", PR_BOOL, false, false,
			      "page requests disabled for the WQ (6.4+)"},
	[SVAC_API] = {"API", PR_STR, false, false, "uacce API version"},
	[SVAC_ALGORITHMS] = {"ALGORITHMS", PR_STR, false, false, "uacce algorithms"},
	[SVAC_AVAILABLE] = {"AVAILABLE", PR_NUM, false, true, "uacce available instances"},
	[SVAC_EVL_PASIDS] = {"EVENT_LOG_PASIDS", PR_STR, false, false,
			     "PASIDs in the idxd event log for this WQ (debugfs, root)"},
};

const struct pr_col client_cols[CLIENT_NCOLS] = {
	[CLC_DEVICE] = {"DEVICE", PR_STR, true, false, "idxd device"},
	[CLC_PCI] = {"PCI", PR_STR, false, false, "PCI function of the device"},
	[CLC_WQ] = {"WQ", PR_STR, true, false, "work queue"},
	[CLC_FILE] = {"FILE", PR_STR, false, false, "per-open-file device (fileN)"},
	[CLC_PID] = {"PID", PR_NUM, true, true, "process that opened the work queue"},
	[CLC_COMM] = {"COMM", PR_STR, true, false, "its command name (/proc/PID/comm)"},
	[CLC_CR_FAULTS] = {"CR_FAULTS", PR_NUM, true, true, "completion record faults"},
	[CLC_CR_FAULT_FAILURES] = {"CR_FAULT_FAILURES", PR_NUM, true, true,
				   "completion record faults the kernel failed to handle"},
};

static void str_or_null(struct pr_row *r, size_t col, const char *s, int err)
{
	if (err)
		pr_null(r, col, err);
	else
		pr_str(r, col, s);
}

static void bool_val(struct pr_row *r, size_t col, const struct ioasid_val *v)
{
	if (v->err)
		pr_null(r, col, v->err);
	else
		pr_bool(r, col, v->v != 0);
}

/* The distinct PASIDs of the event log entries (of one WQ when wq >= 0),
 * ascending; returns how many, at most max. */
size_t sva_evl_pasids(const struct ioasid_idxd_dev *d, int wq, unsigned *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nevl; i++) {
		const struct ioasid_idxd_evl_entry *e = &d->evl[i];
		size_t k = 0;

		if (wq >= 0 && (!e->wq_idx_valid || e->wq_idx != (unsigned)wq))
			continue;
		while (k < n && out[k] < e->pasid)
			k++;
		if ((k < n && out[k] == e->pasid) || n == max)
			continue;
		memmove(out + k + 1, out + k, (n - k) * sizeof(*out));
		out[k] = e->pasid;
		n++;
	}
	return n;
}

static void evl_cell(struct pr_row *r, const struct ioasid_idxd_dev *d, int wq)
{
	unsigned pasids[64];
	size_t n;
	json_object *a;
	char text[64 * 8 + 1] = "";

	if (d->evl_err) {
		pr_null(r, SVAC_EVL_PASIDS, d->evl_err);
		return;
	}
	n = sva_evl_pasids(d, wq, pasids, 64);
	a = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		json_object_array_add(a, json_object_new_uint64(pasids[i]));
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%u", i ? "," : "",
			 pasids[i]);
	}
	pr_any(r, SVAC_EVL_PASIDS, a, text);
}

/* Every column null first: idxd and uacce rows fill different columns,
 * and a table cell left unset would print as blank, not "-". */
static void all_null(struct pr_row *r, size_t ncols)
{
	for (size_t i = 0; i < ncols; i++)
		pr_null(r, i, 0);
}

void sva_wq_cells(struct pr_row *r, const struct ioasid_idxd_dev *d, const struct ioasid_idxd_wq *w)
{
	all_null(r, SVA_NCOLS);
	pr_str(r, SVAC_DEVICE, d->name);
	str_or_null(r, SVAC_PCI, d->pci, d->pci_err);
	pr_str(r, SVAC_KIND, ioasid_idxd_type_name(d->type));
	if (!w) {
		/* a device without work queues still shows its SVA state */
		bool_val(r, SVAC_PASID, &d->pasid_enabled);
		return;
	}
	pr_str(r, SVAC_WQ, w->name);
	str_or_null(r, SVAC_NAME, w->wq_name, w->wq_name_err);
	str_or_null(r, SVAC_MODE, w->mode, w->mode_err);
	str_or_null(r, SVAC_TYPE, w->type, w->type_err);
	str_or_null(r, SVAC_STATE, w->state, w->state_err);
	str_or_null(r, SVAC_DRIVER, w->driver, w->driver_err == ENOENT ? 0 : w->driver_err);
	bool_val(r, SVAC_PASID, &d->pasid_enabled);
	pr_val(r, SVAC_CLIENTS, &w->clients);
	pr_val(r, SVAC_SIZE, &w->size);
	pr_val(r, SVAC_PRIORITY, &w->priority);
	if (w->group_id_err)
		pr_null(r, SVAC_GROUP, w->group_id_err);
	else {
		char g[16];

		snprintf(g, sizeof(g), "%d", w->group_id);
		pr_any(r, SVAC_GROUP, json_object_new_int(w->group_id), g);
	}
	pr_str(r, SVAC_CDEV, w->cdev);
	bool_val(r, SVAC_BLOCK_ON_FAULT, &w->block_on_fault);
	bool_val(r, SVAC_ATS_DISABLE, &w->ats_disable);
	bool_val(r, SVAC_PRS_DISABLE, &w->prs_disable);
	evl_cell(r, d, (int)w->id);
}

void sva_uacce_cells(struct pr_row *r, const struct ioasid_uacce_dev *u)
{
	const char **algs = calloc(u->nalgorithms + 1, sizeof(*algs));

	all_null(r, SVA_NCOLS);
	pr_str(r, SVAC_DEVICE, u->name);
	/* a parent that is no PCI function (a platform device): no PCI
	 * column, and no permission problem either */
	str_or_null(r, SVAC_PCI, u->parent,
		    u->parent_err ? u->parent_err : (u->parent_is_pci ? 0 : ENOENT));
	pr_str(r, SVAC_KIND, "uacce");
	if (u->isolate.err)
		pr_null(r, SVAC_STATE, u->isolate.err);
	else
		pr_str(r, SVAC_STATE, u->isolate.v ? "isolated" : "normal");
	pr_str(r, SVAC_DRIVER, u->parent_driver);
	if (u->flags.err)
		pr_null(r, SVAC_PASID, u->flags.err);
	else
		pr_bool(r, SVAC_PASID, u->flags.v & IOASID_UACCE_DEV_SVA);
	str_or_null(r, SVAC_API, u->api, u->api_err);
	for (size_t k = 0; algs && k < u->nalgorithms; k++)
		algs[k] = u->algorithms[k];
	if (u->algorithms_err && !u->nalgorithms)
		pr_null(r, SVAC_ALGORITHMS, u->algorithms_err);
	else
		pr_strv(r, SVAC_ALGORITHMS, algs, algs ? u->nalgorithms : 0);
	free(algs);
	if (u->available_instances_err)
		pr_null(r, SVAC_AVAILABLE, u->available_instances_err);
	else {
		char n[24];

		snprintf(n, sizeof(n), "%lld", u->available_instances);
		pr_any(r, SVAC_AVAILABLE, json_object_new_int64(u->available_instances), n);
	}
}

/* amdxdna_pci_drv.c amdxdna_drm_open() binds every opener with
 * iommu_sva_bind_device(): SVA is how the device is used, not a setting. */
void sva_amdxdna_cells(struct pr_row *r, const struct ioasid_amdxdna_dev *x)
{
	all_null(r, SVA_NCOLS);
	pr_str(r, SVAC_DEVICE, x->accel_err ? x->pci : x->accel);
	pr_str(r, SVAC_PCI, x->pci);
	pr_str(r, SVAC_KIND, "amdxdna");
	str_or_null(r, SVAC_NAME, x->vbnv, x->vbnv_err);
	pr_str(r, SVAC_DRIVER, "amdxdna");
	pr_bool(r, SVAC_PASID, true);
}

void sva_client_cells(struct pr_row *r, const struct ioasid_idxd_dev *d,
		      const struct ioasid_idxd_wq *w, const struct ioasid_idxd_client *cl)
{
	all_null(r, CLIENT_NCOLS);
	pr_str(r, CLC_DEVICE, d->name);
	str_or_null(r, CLC_PCI, d->pci, d->pci_err);
	pr_str(r, CLC_WQ, w->name);
	pr_str(r, CLC_FILE, cl->name);
	pr_val(r, CLC_PID, &cl->pid);
	str_or_null(r, CLC_COMM, cl->comm, cl->comm_err);
	pr_val(r, CLC_CR_FAULTS, &cl->cr_faults);
	pr_val(r, CLC_CR_FAULT_FAILURES, &cl->cr_fault_failures);
}
