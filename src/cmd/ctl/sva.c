// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl sva list: the SVA endpoints of the host, one row per idxd work
 * queue, per uacce device and per amdxdna NPU; --clients lists the
 * processes that opened idxd work queues instead. -J without -o gives the
 * nested document {"idxd":[device {wqs:[{clients:[...]}]}], "uacce":[...],
 * "amdxdna":[...], "idxd_sva_param"}.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "print/sva-cols.h"

static void client_rows(struct printer *p, const struct ioasid_idxd_list *il)
{
	for (size_t i = 0; i < il->n; i++) {
		const struct ioasid_idxd_dev *d = &il->v[i];

		for (size_t k = 0; k < d->nwqs; k++) {
			const struct ioasid_idxd_wq *w = &d->wqs[k];

			for (size_t j = 0; j < w->nclients; j++)
				sva_client_cells(pr_row(p), d, w, &w->clients_v[j]);
		}
	}
}

/* ---- the nested JSON document ---- */

static json_object *jval(const struct ioasid_val *v)
{
	return v->err ? NULL : json_object_new_uint64(v->v);
}

static json_object *jbool(const struct ioasid_val *v)
{
	return v->err ? NULL : json_object_new_boolean(v->v != 0);
}

static json_object *jhex(uint64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "%" PRIx64, v);
	return json_object_new_string(b);
}

static json_object *jstr(const char *s, int err)
{
	return err || !s[0] ? NULL : json_object_new_string(s);
}

/* A 256-bit value as one hex string without leading zeros. */
static json_object *jhex256(const uint64_t w[4], int err)
{
	char b[72];
	int top = 3;

	if (err)
		return NULL;
	while (top > 0 && !w[top])
		top--;
	snprintf(b, sizeof(b), "%" PRIx64, w[top]);
	for (int i = top - 1; i >= 0; i--)
		snprintf(b + strlen(b), sizeof(b) - strlen(b), "%016" PRIx64, w[i]);
	return json_object_new_string(b);
}

static json_object *j_swerr(const struct ioasid_idxd_dev *d)
{
	const struct ioasid_idxd_swerr *e = &d->swerr;
	json_object *o;

	if (d->errors_err)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "valid", json_object_new_boolean(e->valid));
	json_object_object_add(o, "overflow", json_object_new_boolean(e->overflow));
	json_object_object_add(o, "error_code", e->valid ? jhex(e->error) : NULL);
	json_object_object_add(o, "operation",
			       e->valid && e->desc_valid ? jhex(e->operation) : NULL);
	json_object_object_add(o, "wq_idx",
			       e->valid && e->wq_idx_valid ? json_object_new_uint64(e->wq_idx)
							   : NULL);
	json_object_object_add(o, "pasid",
			       e->valid && e->desc_valid ? json_object_new_uint64(e->pasid) : NULL);
	return o;
}

static json_object *j_evl(const struct ioasid_idxd_dev *d, json_object **pasids)
{
	json_object *a;
	unsigned p[1024];
	size_t n;

	*pasids = NULL;
	if (d->evl_err)
		return NULL;
	a = json_object_new_array();
	for (size_t i = 0; i < d->nevl; i++) {
		const struct ioasid_idxd_evl_entry *e = &d->evl[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "index", json_object_new_uint64(e->index));
		json_object_object_add(o, "processed", json_object_new_boolean(e->processed));
		json_object_object_add(o, "wq_idx",
				       e->wq_idx_valid ? json_object_new_uint64(e->wq_idx) : NULL);
		json_object_object_add(o, "operation", jhex(e->operation));
		json_object_object_add(o, "pasid", json_object_new_uint64(e->pasid));
		json_object_object_add(o, "error_code", jhex(e->error));
		json_object_object_add(o, "fault_addr", jhex(e->fault_addr));
		json_object_array_add(a, o);
	}
	n = sva_evl_pasids(d, -1, p, 1024);
	*pasids = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(*pasids, json_object_new_uint64(p[i]));
	return a;
}

static json_object *j_wq(const struct ioasid_idxd_wq *w)
{
	json_object *o = json_object_new_object(), *cl = NULL;

	json_object_object_add(o, "wq", json_object_new_string(w->name));
	json_object_object_add(o, "id", json_object_new_uint64(w->id));
	json_object_object_add(o, "name", jstr(w->wq_name, w->wq_name_err));
	json_object_object_add(o, "mode", jstr(w->mode, w->mode_err));
	json_object_object_add(o, "type", jstr(w->type, w->type_err));
	json_object_object_add(o, "state", jstr(w->state, w->state_err));
	json_object_object_add(o, "driver", jstr(w->driver, w->driver_err));
	json_object_object_add(o, "driver_name", jstr(w->driver_name, w->driver_name_err));
	json_object_object_add(o, "group_id",
			       w->group_id_err ? NULL : json_object_new_int(w->group_id));
	json_object_object_add(o, "size", jval(&w->size));
	json_object_object_add(o, "priority", jval(&w->priority));
	json_object_object_add(o, "threshold", jval(&w->threshold));
	json_object_object_add(o, "block_on_fault", jbool(&w->block_on_fault));
	json_object_object_add(o, "ats_disable", jbool(&w->ats_disable));
	json_object_object_add(o, "prs_disable", jbool(&w->prs_disable));
	json_object_object_add(o, "clients_count", jval(&w->clients));
	json_object_object_add(o, "cdev_minor", jval(&w->cdev_minor));
	json_object_object_add(o, "cdev", jstr(w->cdev, 0));
	if (!w->clients_err || w->nclients) {
		cl = json_object_new_array();
		for (size_t j = 0; j < w->nclients; j++) {
			const struct ioasid_idxd_client *c = &w->clients_v[j];
			json_object *x = json_object_new_object();

			json_object_object_add(x, "file", json_object_new_string(c->name));
			json_object_object_add(x, "pid", jval(&c->pid));
			json_object_object_add(x, "comm", jstr(c->comm, c->comm_err));
			json_object_object_add(x, "cr_faults", jval(&c->cr_faults));
			json_object_object_add(x, "cr_fault_failures", jval(&c->cr_fault_failures));
			json_object_array_add(cl, x);
		}
	}
	json_object_object_add(o, "clients", cl);
	return o;
}

static json_object *j_idxd(const struct ioasid_idxd_dev *d)
{
	json_object *o = json_object_new_object(), *wqs = json_object_new_array(), *evl, *pas;

	json_object_object_add(o, "device", json_object_new_string(d->name));
	json_object_object_add(o, "type", json_object_new_string(ioasid_idxd_type_name(d->type)));
	json_object_object_add(o, "pci", jstr(d->pci, d->pci_err));
	json_object_object_add(o, "pasid_enabled", jbool(&d->pasid_enabled));
	json_object_object_add(o, "state", jstr(d->state, d->state_err));
	json_object_object_add(o, "version", d->version.err ? NULL : jhex(d->version.v));
	json_object_object_add(o, "max_work_queues", jval(&d->max_work_queues));
	json_object_object_add(o, "max_engines", jval(&d->max_engines));
	json_object_object_add(o, "max_groups", jval(&d->max_groups));
	json_object_object_add(o, "clients", jval(&d->clients));
	json_object_object_add(o, "configurable", jbool(&d->configurable));
	json_object_object_add(o, "cdev_major", jval(&d->cdev_major));
	json_object_object_add(o, "gen_cap", d->gen_cap.err ? NULL : jhex(d->gen_cap.v));
	json_object_object_add(o, "op_cap", jhex256(d->op_cap, d->op_cap_err));
	json_object_object_add(o, "errors", jhex256(d->errors, d->errors_err));
	json_object_object_add(o, "sw_error", j_swerr(d));
	json_object_object_add(o, "event_log_size", jval(&d->event_log_size));
	evl = j_evl(d, &pas);
	json_object_object_add(o, "event_log_pasids", pas);
	json_object_object_add(o, "event_log", evl);
	for (size_t k = 0; k < d->nwqs; k++)
		json_object_array_add(wqs, j_wq(&d->wqs[k]));
	json_object_object_add(o, "wqs", wqs);
	return o;
}

static json_object *j_uacce(const struct ioasid_uacce_dev *u)
{
	json_object *o = json_object_new_object(), *a = NULL;

	json_object_object_add(o, "device", json_object_new_string(u->name));
	json_object_object_add(o, "parent", jstr(u->parent, u->parent_err));
	json_object_object_add(o, "pci", jstr(u->parent, u->parent_err || !u->parent_is_pci));
	json_object_object_add(o, "parent_driver", jstr(u->parent_driver, 0));
	json_object_object_add(o, "api", jstr(u->api, u->api_err));
	json_object_object_add(o, "flags", jval(&u->flags));
	json_object_object_add(
		o, "sva",
		u->flags.err ? NULL : json_object_new_boolean(u->flags.v & IOASID_UACCE_DEV_SVA));
	json_object_object_add(
		o, "available_instances",
		u->available_instances_err ? NULL : json_object_new_int64(u->available_instances));
	if (!u->algorithms_err || u->nalgorithms) {
		a = json_object_new_array();
		for (size_t k = 0; k < u->nalgorithms; k++)
			json_object_array_add(a, json_object_new_string(u->algorithms[k]));
	}
	json_object_object_add(o, "algorithms", a);
	json_object_object_add(o, "region_mmio_size", jval(&u->region_mmio_size));
	json_object_object_add(o, "region_dus_size", jval(&u->region_dus_size));
	json_object_object_add(o, "isolate", jbool(&u->isolate));
	json_object_object_add(o, "isolate_strategy", jval(&u->isolate_strategy));
	return o;
}

static json_object *j_amdxdna(const struct ioasid_amdxdna_dev *x)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "pci", json_object_new_string(x->pci));
	json_object_object_add(o, "accel", jstr(x->accel, x->accel_err));
	json_object_object_add(o, "vbnv", jstr(x->vbnv, x->vbnv_err));
	json_object_object_add(o, "device_type",
			       x->device_type_err ? NULL : json_object_new_int(x->device_type));
	json_object_object_add(o, "fw_version", jstr(x->fw_version, x->fw_version_err));
	/* amdxdna_drm_open() binds every opener's mm */
	json_object_object_add(o, "sva", json_object_new_boolean(true));
	return o;
}

static int sva_json(const struct ioasid_idxd_list *il, const struct ioasid_uacce_list *ul,
		    const struct ioasid_amdxdna_list *xl)
{
	json_object *doc = pr_json_doc(), *a = json_object_new_array();
	json_object *b = json_object_new_array(), *x = json_object_new_array();
	int rc;

	for (size_t i = 0; i < il->n; i++)
		json_object_array_add(a, j_idxd(&il->v[i]));
	for (size_t i = 0; i < ul->n; i++)
		json_object_array_add(b, j_uacce(&ul->v[i]));
	json_object_object_add(doc, "idxd", a);
	json_object_object_add(doc, "uacce", b);
	for (size_t i = 0; i < xl->n; i++)
		json_object_array_add(x, j_amdxdna(&xl->v[i]));
	json_object_object_add(doc, "amdxdna", x);
	json_object_object_add(doc, "idxd_sva_param",
			       il->sva_param == IOASID_UNKNOWN
				       ? NULL
				       : json_object_new_boolean(il->sva_param == IOASID_YES));
	rc = pr_json_emit(doc) < 0 ? EXIT_FAIL : EXIT_OK;
	json_object_put(doc);
	return rc;
}

/* Work queues with open files the kernel cannot list (before 6.4). */
static void note_unlisted(const struct ioasid_idxd_list *il)
{
	for (size_t i = 0; i < il->n; i++)
		for (size_t k = 0; k < il->v[i].nwqs; k++) {
			const struct ioasid_idxd_wq *w = &il->v[i].wqs[k];

			if (w->clients_err != EOPNOTSUPP)
				continue;
			fflush(stdout);
			pr_err("ioasidctl: note: %s has %llu open file%s, but this kernel "
			       "does not list the clients of a work queue (needs 6.4+)",
			       w->name, (unsigned long long)w->clients.v,
			       w->clients.v == 1 ? "" : "s");
		}
}

static bool perm_denied(const struct ioasid_idxd_list *il, bool want_evl)
{
	for (size_t i = 0; i < il->n; i++) {
		const struct ioasid_idxd_dev *d = &il->v[i];

		if (want_evl && (d->evl_err == EACCES || d->evl_err == EPERM))
			return true;
		for (size_t k = 0; k < d->nwqs; k++)
			for (size_t j = 0; j < d->wqs[k].nclients; j++)
				if (d->wqs[k].clients_v[j].pid.err == EACCES ||
				    d->wqs[k].clients_v[j].comm_err == EACCES)
					return true;
	}
	return false;
}

int cmd_sva_list(struct cli *c, int argc, const char **argv)
{
	int clients = 0;
	struct poptOption opts[] = {{"clients", 'c', POPT_ARG_NONE, &clients, 0,
				     "list the processes that opened idxd work queues", NULL},
				    POPT_TABLEEND};
	struct ioasid_idxd_list il = {0};
	struct ioasid_uacce_list ul = {0};
	struct ioasid_amdxdna_list xl = {0};
	struct printer *p = NULL;
	struct cli_list cl;
	int rc;

	/* two tables, --clients picks one: the columns are answered here */
	if (!cli_list_begin(c, argc, argv, opts, NULL, NULL, 0, NULL, &cl))
		return cl.rc;
	if (c->pr.list_columns) {
		if (clients)
			pr_list_columns(&c->pr, client_cols, CLIENT_NCOLS);
		else
			pr_list_columns(&c->pr, sva_cols, SVA_NCOLS);
		rc = EXIT_OK;
		goto out;
	}
	rc = cli_open(c);
	if (rc == EXIT_OK)
		rc = cli_list_read(c, &cl, ioasid_idxd_list(c->ctx, &il), "/sys/bus/dsa/devices");
	if (rc == EXIT_OK)
		rc = cli_list_read(c, &cl, ioasid_uacce_list(c->ctx, &ul), "/sys/class/uacce");
	if (rc == EXIT_OK)
		rc = cli_list_read(c, &cl, ioasid_amdxdna_list(c->ctx, &xl),
				   "/sys/bus/pci/drivers/amdxdna");
	if (rc != EXIT_OK)
		goto out;
	if (c->pr.format == PR_JSON && !c->pr.columns) {
		rc = sva_json(&il, &ul, &xl);
	} else {
		p = clients ? pr_new(&c->pr, "clients", client_cols, CLIENT_NCOLS)
			    : pr_new(&c->pr, "sva", sva_cols, SVA_NCOLS);
		if (!p) {
			rc = EXIT_USAGE;
			goto out;
		}
		if (clients) {
			client_rows(p, &il);
			note_unlisted(&il);
		} else {
			for (size_t i = 0; i < il.n; i++) {
				for (size_t k = 0; k < il.v[i].nwqs; k++)
					sva_wq_cells(pr_row(p), &il.v[i], &il.v[i].wqs[k]);
				if (!il.v[i].nwqs)
					sva_wq_cells(pr_row(p), &il.v[i], NULL);
			}
			for (size_t i = 0; i < ul.n; i++)
				sva_uacce_cells(pr_row(p), &ul.v[i]);
			for (size_t i = 0; i < xl.n; i++)
				sva_amdxdna_cells(pr_row(p), &xl.v[i]);
		}
		rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
	}
	if (c->pr.format != PR_JSON && !il.n && !ul.n && !xl.n) {
		fflush(stdout);
		pr_err("ioasidctl: note: no idxd, uacce or amdxdna devices found "
		       "(/sys/bus/dsa/devices, /sys/class/uacce, /sys/bus/pci/drivers/amdxdna)");
	}
	if (perm_denied(&il, c->pr.format == PR_JSON || (p && pr_selected(p, SVAC_EVL_PASIDS)))) {
		fflush(stdout);
		pr_err("ioasidctl: note: the idxd event log (debugfs) and other "
		       "processes' /proc/PID/comm need root; those values show as %s",
		       c->pr.format == PR_JSON ? "null" : "\"no perm\"");
	}
out:
	pr_free(p);
	ioasid_idxd_list_free(&il);
	ioasid_uacce_list_free(&ul);
	ioasid_amdxdna_list_free(&xl);
	return cli_list_end(&cl, rc);
}
