// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidtop --snapshot / --loop: one JSON document per sample (after two
 * samples, so the rates are real), built through the printer layer as
 * `ioasidctl -J` builds its documents: every array is a printer's rows
 * (printer.h pr_take_json), unknown values are null, counts numbers.
 * The records ioasidctl prints too come from the same column tables and
 * row functions (print/), under the same array names: capacity (capacity
 * show), prq (prq stats), cgroups (cgroup list), sets, ioasids, devices
 * and sva (the views); ioasidtop adds its rates and counts as columns of
 * its own at the end of those tables. hosts, ioasid_states and
 * pasid_page_requests are ioasidtop's alone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "print/capacity-cols.h"
#include "print/cgroup-cols.h"
#include "print/prq-cols.h"
#include "top/top.h"

static const struct pr_opts json_opts = {.format = PR_JSON};

#define COL(name, type)                                                                            \
	{                                                                                          \
		name, type, true, false, NULL                                                      \
	}

static json_object *rate_json(const struct top_rate *r)
{
	return r->known ? json_object_new_double(r->per_sec) : NULL;
}

static json_object *hosts(enum top_host_kind kind, const char *root, double interval,
			  const struct top_sample *s)
{
	static const struct pr_col cols[] = {COL("KIND", PR_STR), COL("ROOT", PR_STR),
					     COL("INTERVAL_MS", PR_NUM), COL("SAMPLES", PR_NUM)};
	struct printer *p = pr_new(&json_opts, "hosts", cols, 4);
	struct pr_row *r;
	json_object *a;

	(void)s;
	if (!p)
		return NULL;
	r = pr_row(p);
	pr_str(r, 0, top_host_kind_name(kind));
	pr_str(r, 1, root);
	pr_num(r, 2, (uint64_t)(interval * 1000 + 0.5));
	pr_num(r, 3, 2);
	a = pr_take_json(p);
	pr_free(p);
	return a;
}

static json_object *capacity(const struct top_sample *s)
{
	struct printer *p = pr_new(&json_opts, "capacity", cap_cols, CAP_TOP_NCOLS);
	json_object *a;

	if (!p)
		return NULL;
	if (!s->ext_err)
		capacity_cells(pr_row(p), &s->info);
	a = pr_take_json(p);
	pr_free(p);
	return a;
}

static json_object *states(const struct top_sample *s)
{
	static const struct pr_col cols[] = {COL("STATE", PR_STR), COL("COUNT", PR_NUM)};
	struct printer *p = pr_new(&json_opts, "ioasid_states", cols, 2);
	json_object *a;

	if (!p)
		return NULL;
	for (uint32_t st = 0; !s->io_err && st < 3; st++) {
		struct pr_row *r = pr_row(p);

		pr_str(r, 0, ioasid_ext_state_name(st));
		pr_num(r, 1, s->states[st]);
	}
	a = pr_take_json(p);
	pr_free(p);
	return a;
}

/* The page-request interrupt of each IOMMU unit: ioasidctl prq stats'
 * record (these of its columns) and the rate. */
static json_object *prq(const struct top_sample *s)
{
	static const struct pr_opts o = {
		.format = PR_JSON,
		.columns = "IOMMU,IRQ,SOURCE,INTERRUPTS,INTERRUPTS_PER_SEC,PARTIAL,RATE_PARTIAL"};
	struct printer *p = pr_new(&o, "prq", prq_cols, PRQ_TOP_NCOLS);
	json_object *a;

	if (!p)
		return NULL;
	for (size_t i = 0; i < s->nunits && i < s->prq.n; i++) {
		const struct top_unit *u = &s->units[i];
		struct pr_row *r = pr_row(p);

		prq_cells(r, &s->prq.v[i], false);
		if (u->has_irq) {
			pr_any(r, PRQC_INTERRUPTS_PER_SEC, rate_json(&u->rate), NULL);
			pr_bool(r, PRQC_RATE_PARTIAL, u->rate.partial);
		} else {
			pr_null(r, PRQC_INTERRUPTS_PER_SEC, 0);
			pr_null(r, PRQC_RATE_PARTIAL, 0);
		}
	}
	a = pr_take_json(p);
	pr_free(p);
	return a;
}

static json_object *pasid_requests(const struct top_sample *s)
{
	static const struct pr_col cols[] = {
		COL("IOASID", PR_NUM),		 COL("SET", PR_NUM),   COL("REQUESTS", PR_NUM),
		COL("REQUESTS_PER_SEC", PR_NUM), COL("IOMMU", PR_STR), COL("DEVICE", PR_STR)};
	struct printer *p = pr_new(&json_opts, "pasid_page_requests", cols, 6);
	json_object *a;

	if (!p)
		return NULL;
	/* the tracepoint (--trace): per device and PASID; no set there */
	for (size_t i = 0; i < s->nflows; i++) {
		const struct top_flow *f = &s->flows[i];
		struct pr_row *r = pr_row(p);

		pr_num(r, 0, f->pasid);
		pr_null(r, 1, 0);
		pr_num(r, 2, f->requests);
		pr_any(r, 3, rate_json(&f->rate), NULL);
		pr_str(r, 4, f->iommu);
		pr_str(r, 5, f->dev);
	}
	/* the IOASIDs with page requests, so the list stays small */
	for (size_t i = 0; i < s->nio; i++) {
		const struct top_io *io = &s->io[i];
		struct pr_row *r;

		if (!io->prq)
			continue;
		r = pr_row(p);
		pr_num(r, 0, io->ioasid);
		pr_num(r, 1, io->set);
		pr_num(r, 2, io->prq);
		pr_any(r, 3, rate_json(&io->prq_rate), NULL);
		pr_null(r, 4, 0);
		pr_null(r, 5, 0);
	}
	a = pr_take_json(p);
	pr_free(p);
	return a;
}

/* ioasidctl cgroup list's object of each cgroup, and the cgroups view's
 * USE_PCT. */
static json_object *cgroups(const struct top_sample *s)
{
	struct printer *p = pr_new(&json_opts, "cgroups", cgroup_cols, CG_NCOLS);
	json_object *a;

	if (!p)
		return NULL;
	a = json_object_new_array();
	for (size_t i = 0; a && i < s->ncg && i < s->misc.n; i++) {
		json_object *o = cgroup_json(p, &s->cgmount, &s->misc.v[i]);
		uint64_t pct;

		json_object_object_add(
			o, "use_pct",
			top_cg_use_pct(&s->cgs[i], &pct) ? json_object_new_uint64(pct) : NULL);
		json_object_array_add(a, o);
	}
	pr_free(p);
	return a;
}

/* A view's table: the same columns as on the screen, their JSON types
 * those of the column tables (booleans from 1 and 0). */
static json_object *table(const struct top_table *t)
{
	struct pr_col cols[TOP_MAXCOL];
	struct printer *p;
	json_object *a;

	for (size_t c = 0; c < t->ncols; c++)
		cols[c] = *t->cols[c].pr;
	p = pr_new(&json_opts, top_view_name(t->view), cols, t->ncols);
	if (!p)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		struct pr_row *r;

		if (t->rows[i].group)
			continue;
		r = pr_row(p);
		for (size_t c = 0; c < t->ncols; c++) {
			if (top_cell_is_null(t, i, c))
				pr_null(r, c, 0);
			else if (cols[c].type == PR_NUM)
				pr_num(r, c, t->rows[i].num[c]);
			else if (cols[c].type == PR_BOOL)
				pr_bool(r, c, t->rows[i].num[c] != 0);
			else
				pr_str(r, c, top_cell_text(t, i, c));
		}
	}
	a = pr_take_json(p);
	pr_free(p);
	return a;
}

static void add(json_object *doc, const char *key, json_object *v, int *rc)
{
	if (!v) {
		*rc = -ENOMEM;
		return;
	}
	json_object_object_add(doc, key, v);
}

int top_json_emit(const struct top_sample *s, enum top_host_kind kind, const char *root,
		  double interval, enum top_view view, const struct top_devices *d)
{
	json_object *doc = pr_json_doc();
	struct top_table t;
	int rc = 0;

	if (!doc)
		return -ENOMEM;
	add(doc, "hosts", hosts(kind, root, interval, s), &rc);
	add(doc, "capacity", capacity(s), &rc);
	add(doc, "ioasid_states", states(s), &rc);
	add(doc, "prq", prq(s), &rc);
	add(doc, "pasid_page_requests", pasid_requests(s), &rc);
	add(doc, "cgroups", cgroups(s), &rc);
	top_table_init(&t, view);
	if (view != TOP_VIEW_CGROUPS && top_view_build(&t, view, s, d, false) == 0)
		add(doc, top_view_name(view), table(&t), &rc);
	top_table_free(&t);
	if (rc == 0)
		rc = pr_json_emit(doc);
	json_object_put(doc);
	return rc;
}
