// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * idxd (Intel DSA/IAA) devices: /sys/bus/dsa/devices (drivers/dma/idxd).
 * The bus holds the conf devices dsaN/iaxN (init.c idxd_alloc(), parent:
 * the PCI function), wqN.M, engineN.M, groupN.M (children of dsaN), the
 * WQ char devices "dsa!wqN.M" (cdev.c idxd_wq_add_cdev(): name
 * "%s/wq%u.%u", sysfs turns '/' into '!'; /dev/dsa/wqN.M) and, 6.4+, one
 * "fileN" device per open file under the char device.
 *
 * Attribute formats (drivers/dma/idxd/sysfs.c, same in 6.1 and 6.12 unless
 * said):
 *  device  version "%#x"; max_work_queues, max_engines, max_groups,
 *          cdev_major, configurable, pasid_enabled "%u"; clients "%d";
 *          gen_cap "%#llx"; state disabled|enabled|halted|unknown;
 *          op_cap op_cap_show_common() (see ioasid_idxd_parse_bits256);
 *          errors: 6.12 "%*pb" of 256 bits, 6.1 four "%#018llx";
 *          event_log_size "%u" (6.12; invisible without gen_cap.evl_support)
 *  wq      clients "%d"; state disabled|enabled|unknown; group_id "%u" or
 *          "-1"; mode dedicated|shared; size, priority, threshold,
 *          block_on_fault, ats_disable "%u"; prs_disable "%u" (6.12);
 *          type none|kernel|user; name "%s"; cdev_minor "%d" (-ENXIO
 *          without a char device); driver_name "%s" (6.12)
 *  file    cdev.c: pid "%u", cr_faults "%llu", cr_fault_failures "%llu",
 *          invisible when !wq_pasid_enabled() (cdev_file_attr_visible())
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "stock/sva-attr.h"

static int read_clients(struct ioasid_ctx *ctx, struct ioasid_idxd_wq *w)
{
	char cdev[PATH_MAX], path[PATH_MAX];
	char **names = NULL, **files = NULL;
	size_t n = 0, nf = 0;
	int rc;

	rc = iopath_list(ctx, &names, &n, PATH_SYS_DSA_DEVICES "/%s", w->name);
	if (rc < 0) {
		w->clients_err = -rc;
		return 0;
	}
	cdev[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *bang = strchr(names[i], '!');

		/* "dsa!wq0.1": the char device of this WQ */
		if (bang && !strcmp(bang + 1, w->name))
			snprintf(cdev, sizeof(cdev), "%s", names[i]);
	}
	iopath_names_free(names, n);
	if (!cdev[0])
		return 0; /* no char device (kernel WQ, not enabled): no clients */
	rc = iopath_list(ctx, &files, &nf, PATH_SYS_DSA_ATTR, w->name, cdev);
	if (rc < 0) {
		w->clients_err = -rc;
		return 0;
	}
	w->clients_v = calloc(nf ? nf : 1, sizeof(*w->clients_v));
	if (!w->clients_v) {
		iopath_names_free(files, nf);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nf; i++) {
		struct ioasid_idxd_client *c = &w->clients_v[w->nclients];
		unsigned id;

		if (ioasid_idxd_parse_file_name(files[i], &id) < 0)
			continue;
		snprintf(c->name, sizeof(c->name), "%s", files[i]);
#define FILE_ATTR(a)                                                                               \
	(snprintf(path, sizeof(path), PATH_SYS_DSA_ATTR "/%s/%s", w->name, cdev, files[i], a), path)
		iopath_read_val(ctx, &c->pid, 10, "%s", FILE_ATTR("pid"));
		if (!c->pid.err && (c->pid.v == 0 || c->pid.v > INT_MAX)) {
			c->pid.err = EINVAL;
			c->pid.v = 0;
		}
		iopath_read_val(ctx, &c->cr_faults, 10, "%s", FILE_ATTR("cr_faults"));
		iopath_read_val(ctx, &c->cr_fault_failures, 10, "%s",
				FILE_ATTR("cr_fault_failures"));
#undef FILE_ATTR
		if (c->pid.err) {
			c->comm_err = c->pid.err;
		} else {
			/* fs/proc/base.c comm_show(): the task name and '\n' */
			snprintf(path, sizeof(path), PATH_PROC_PID_COMM,
				 (unsigned long long)c->pid.v);
			sva_read_str(ctx, c->comm, sizeof(c->comm), &c->comm_err, false, path);
		}
		w->nclients++;
	}
	iopath_names_free(files, nf);
	/* 6.1 has no per-file devices: open files counted by "clients" but
	 * none listed means this kernel cannot show them */
	if (!w->nclients && !w->clients.err && w->clients.v > 0)
		w->clients_err = EOPNOTSUPP;
	return 0;
}

static int read_wq(struct ioasid_ctx *ctx, const struct ioasid_idxd_dev *d,
		   struct ioasid_idxd_wq *w)
{
	static const char *const modes[] = {"dedicated", "shared", NULL};
	static const char *const types[] = {"none", "kernel", "user", NULL};
	static const char *const states[] = {"disabled", "enabled", "unknown", NULL};
	char path[PATH_MAX];
	int rc;

#define WQ_ATTR(a) (snprintf(path, sizeof(path), PATH_SYS_DSA_ATTR, w->name, a), path)
	sva_read_word(ctx, w->mode, sizeof(w->mode), &w->mode_err, WQ_ATTR("mode"), modes);
	sva_read_word(ctx, w->type, sizeof(w->type), &w->type_err, WQ_ATTR("type"), types);
	sva_read_word(ctx, w->state, sizeof(w->state), &w->state_err, WQ_ATTR("state"), states);
	sva_read_str(ctx, w->wq_name, sizeof(w->wq_name), &w->wq_name_err, true, WQ_ATTR("name"));
	sva_read_str(ctx, w->driver_name, sizeof(w->driver_name), &w->driver_name_err, true,
		     WQ_ATTR("driver_name"));
	sva_read_int(ctx, &w->group_id, &w->group_id_err, WQ_ATTR("group_id"));
	if (!w->group_id_err && w->group_id < -1) {
		w->group_id_err = EINVAL;
		w->group_id = 0;
	}
	iopath_read_val(ctx, &w->size, 10, "%s", WQ_ATTR("size"));
	iopath_read_val(ctx, &w->priority, 10, "%s", WQ_ATTR("priority"));
	iopath_read_val(ctx, &w->threshold, 10, "%s", WQ_ATTR("threshold"));
	iopath_read_val(ctx, &w->clients, 10, "%s", WQ_ATTR("clients"));
	sva_read_bool01(ctx, &w->block_on_fault, WQ_ATTR("block_on_fault"));
	sva_read_bool01(ctx, &w->ats_disable, WQ_ATTR("ats_disable"));
	sva_read_bool01(ctx, &w->prs_disable, WQ_ATTR("prs_disable"));
	iopath_read_val(ctx, &w->cdev_minor, 10, "%s", WQ_ATTR("cdev_minor"));
	/* the bound dsa-bus driver: "user" (cdev.c), "dmaengine" (dma.c),
	 * "crypto" (iaa_crypto) */
	rc = iopath_link_base(ctx, w->driver, sizeof(w->driver), "%s", WQ_ATTR("driver"));
#undef WQ_ATTR
	w->driver_err = rc < 0 ? -rc : 0;
	if (rc < 0)
		w->driver[0] = '\0';
	/* cdev.c: dev_set_name("%s/wq%u.%u", name_prefix, ...) under /dev */
	if (!w->cdev_minor.err)
		snprintf(w->cdev, sizeof(w->cdev), PATH_DEV_IDXD_WQ, ioasid_idxd_type_name(d->type),
			 w->name);
	return read_clients(ctx, w);
}

/* The PCI function: the parent directory of the device in the link
 * target "../../../devices/pci0000:6a/0000:6a:01.0/dsa0". */
static void read_pci(struct ioasid_ctx *ctx, struct ioasid_idxd_dev *d)
{
	char target[PATH_MAX];
	char *last, *prev;
	int rc = iopath_readlink(ctx, target, sizeof(target), PATH_SYS_DSA_DEVICES "/%s", d->name);

	d->pci[0] = '\0';
	d->pci_err = 0;
	if (rc < 0) {
		d->pci_err = -rc;
		return;
	}
	last = strrchr(target, '/');
	if (!last || last == target) {
		d->pci_err = EINVAL;
		return;
	}
	*last = '\0';
	prev = strrchr(target, '/');
	prev = prev ? prev + 1 : target;
	if (ioasid_pci_parse_bdf(prev, d->pci) < 0 || strcmp(prev, d->pci)) {
		d->pci[0] = '\0';
		d->pci_err = ENODEV; /* not on a PCI function */
	}
}

static void read_event_log(struct ioasid_ctx *ctx, struct ioasid_idxd_dev *d)
{
	char path[PATH_MAX], *text;
	int rc;

	/* debugfs.c idxd_device_init_debugfs(): idxd/<dev_name>/event_log,
	 * mode 0400, only when the device has an event log */
	snprintf(path, sizeof(path), PATH_SYS_DEBUG_IDXD_EVLOG, d->name);
	rc = sva_read_text(ctx, &text, 0, path);
	if (rc == 0) {
		rc = ioasid_idxd_parse_event_log(text, &d->evl, &d->nevl, &d->evl_bad);
		free(text);
	}
	d->evl_err = rc < 0 ? -rc : 0;
}

static int read_dev(struct ioasid_ctx *ctx, struct ioasid_idxd_dev *d, char **bus, size_t nbus)
{
	static const char *const states[] = {"disabled", "enabled", "halted", "unknown", NULL};
	char path[PATH_MAX], *text;
	size_t nw = 0;
	int rc;

	read_pci(ctx, d);
#define DEV_ATTR(a) (snprintf(path, sizeof(path), PATH_SYS_DSA_ATTR, d->name, a), path)
	sva_read_bool01(ctx, &d->pasid_enabled, DEV_ATTR("pasid_enabled"));
	sva_read_word(ctx, d->state, sizeof(d->state), &d->state_err, DEV_ATTR("state"), states);
	iopath_read_val(ctx, &d->version, 16, "%s", DEV_ATTR("version"));
	iopath_read_val(ctx, &d->max_work_queues, 10, "%s", DEV_ATTR("max_work_queues"));
	iopath_read_val(ctx, &d->max_engines, 10, "%s", DEV_ATTR("max_engines"));
	iopath_read_val(ctx, &d->max_groups, 10, "%s", DEV_ATTR("max_groups"));
	iopath_read_val(ctx, &d->clients, 10, "%s", DEV_ATTR("clients"));
	iopath_read_val(ctx, &d->gen_cap, 16, "%s", DEV_ATTR("gen_cap"));
	sva_read_bool01(ctx, &d->configurable, DEV_ATTR("configurable"));
	iopath_read_val(ctx, &d->cdev_major, 10, "%s", DEV_ATTR("cdev_major"));
	iopath_read_val(ctx, &d->event_log_size, 10, "%s", DEV_ATTR("event_log_size"));
	rc = sva_read_text(ctx, &text, 4096, DEV_ATTR("op_cap"));
	if (rc == 0) {
		rc = ioasid_idxd_parse_bits256(text, d->op_cap);
		free(text);
	}
	d->op_cap_err = rc < 0 ? -rc : 0;
	rc = sva_read_text(ctx, &text, 4096, DEV_ATTR("errors"));
#undef DEV_ATTR
	if (rc == 0) {
		rc = ioasid_idxd_parse_bits256(text, d->errors);
		free(text);
	}
	d->errors_err = rc < 0 ? -rc : 0;
	if (rc == 0)
		ioasid_idxd_decode_swerr(d->errors, &d->swerr);
	else
		memset(d->errors, 0, sizeof(d->errors));
	if (d->op_cap_err)
		memset(d->op_cap, 0, sizeof(d->op_cap));

	for (size_t i = 0; i < nbus; i++) {
		unsigned dev, wq;

		nw += ioasid_idxd_parse_wq_name(bus[i], &dev, &wq) == 0 && dev == d->id;
	}
	d->wqs = calloc(nw ? nw : 1, sizeof(*d->wqs));
	if (!d->wqs)
		return -ENOMEM;
	for (size_t i = 0; i < nbus; i++) {
		struct ioasid_idxd_wq *w = &d->wqs[d->nwqs];
		unsigned dev, wq;

		if (ioasid_idxd_parse_wq_name(bus[i], &dev, &wq) < 0 || dev != d->id)
			continue;
		snprintf(w->name, sizeof(w->name), "%s", bus[i]);
		w->id = wq;
		d->nwqs++;
		rc = read_wq(ctx, d, w);
		if (rc < 0)
			return rc;
	}
	read_event_log(ctx, d);
	return 0;
}

static void read_sva_param(struct ioasid_ctx *ctx, struct ioasid_idxd_list *l)
{
	char v[8];
	int rc;

	/* init.c module_param(sva, bool, 0644); kernel/params.c
	 * param_get_bool(): "%c\n", 'Y' or 'N' */
	rc = iopath_read_line(ctx, v, sizeof(v), PATH_SYS_IDXD_SVA);
	l->sva_param = IOASID_UNKNOWN;
	if (rc == 0 && (!strcmp(v, "Y") || !strcmp(v, "N")))
		l->sva_param = v[0] == 'Y' ? IOASID_YES : IOASID_NO;
	else if (rc == 0 || rc == -EOVERFLOW)
		rc = -EINVAL;
	l->sva_param_err = rc < 0 ? -rc : 0;
}

/* List and read the devices; only == NULL all, else the one on that BDF. */
static int idxd_read(struct ioasid_ctx *ctx, struct ioasid_idxd_list *out, const char *only)
{
	char **bus;
	size_t n;
	int rc;

	*out = (struct ioasid_idxd_list){0};
	read_sva_param(ctx, out);
	/* one element per entry: the bus also lists wqs, engines, groups */
	rc = iopath_list_array(ctx, PATH_SYS_DSA_DEVICES, true, &bus, &n, (void **)&out->v,
			       sizeof(*out->v));
	if (rc != 0)
		return rc < 0 ? rc : 0; /* no dsa bus: none */
	for (size_t i = 0; i < n; i++) {
		struct ioasid_idxd_dev *d = &out->v[out->n];

		if (ioasid_idxd_parse_dev_name(bus[i], &d->type, &d->id) < 0)
			continue;
		snprintf(d->name, sizeof(d->name), "%s", bus[i]);
		if (only) {
			read_pci(ctx, d);
			if (d->pci_err || strcmp(d->pci, only)) {
				memset(d, 0, sizeof(*d));
				continue;
			}
		}
		out->n++;
		rc = read_dev(ctx, d, bus, n);
		if (rc < 0) {
			iopath_names_free(bus, n);
			ioasid_idxd_list_free(out);
			return rc;
		}
	}
	iopath_names_free(bus, n);
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const struct ioasid_idxd_dev *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

IOASID_EXPORT int ioasid_idxd_list(struct ioasid_ctx *ctx, struct ioasid_idxd_list *out)
{
	int rc = idxd_read(ctx, out, NULL);

	/* the kernel numbers dsa and iax devices from one ida (init.c
	 * idxd_alloc()): id order is probe order, dsa0 iax1 dsa2 ... */
	if (rc == 0 && out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_id);
	return rc;
}

IOASID_EXPORT int ioasid_idxd_find_by_pci(struct ioasid_ctx *ctx, const char *bdf,
					  struct ioasid_idxd_list *out)
{
	char canon[16];

	*out = (struct ioasid_idxd_list){0};
	if (ioasid_pci_parse_bdf(bdf, canon) < 0)
		return ioasid_set_error(ctx, -EINVAL, bdf, "not a PCI address");
	return idxd_read(ctx, out, canon);
}

IOASID_EXPORT void ioasid_idxd_list_free(struct ioasid_idxd_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct ioasid_idxd_dev *d = &l->v[i];

		for (size_t k = 0; k < d->nwqs; k++)
			free(d->wqs[k].clients_v);
		free(d->wqs);
		free(d->evl);
	}
	free(l->v);
	*l = (struct ioasid_idxd_list){0};
}
