// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The rows of each view, built from one sample. Every column is a printer
 * column (struct pr_col) too, so --snapshot prints the same columns and
 * JSON keys the screen shows, through the printer layer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "top/top.h"

static const char *const view_names[TOP_NVIEWS] = {"sets", "ioasids", "cgroups", "devices", "sva"};

const char *top_view_name(enum top_view v)
{
	return v < TOP_NVIEWS ? view_names[v] : "?";
}

int top_view_parse(const char *name, enum top_view *v)
{
	for (int i = 0; i < TOP_NVIEWS; i++)
		if (!strcmp(name, view_names[i])) {
			*v = (enum top_view)i;
			return 0;
		}
	return -EINVAL;
}

#define C(name, type, right, w, help)                                                              \
	{                                                                                          \
		{name, type, true, right, help}, w                                                 \
	}
/* the cgroup last: paths are long, the last column runs on */
enum {
	SC_SET,
	SC_TYPE,
	SC_OWNER,
	SC_QUOTA,
	SC_ALLOC,
	SC_USE,
	SC_ACTIVE,
	SC_PRQ,
	SC_RATE,
	SC_CGROUP
};
static const struct top_col set_cols[] = {
	C("SET", PR_NUM, true, 7, "set id (sets/<id>)"),
	C("TYPE", PR_STR, false, 4, "null or mm"),
	C("OWNER_PID", PR_NUM, true, 9, "owner process (mm sets)"),
	C("QUOTA", PR_NUM, true, 7, "IOASIDs the set may hold"),
	C("ALLOCATED", PR_NUM, true, 9, "IOASIDs the set holds"),
	C("USE_PCT", PR_NUM, true, 7, "allocated out of quota, percent"),
	C("ACTIVE", PR_NUM, true, 6, "IOASIDs in state active"),
	C("PRQ", PR_NUM, true, 9, "page requests tagged with the set's IOASIDs"),
	C("PRQ_PER_SEC", PR_NUM, true, 11, "page requests per second between the last two samples"),
	C("CGROUP", PR_STR, false, 28, "cgroup of the owner (mm sets)"),
};
enum { IC_IOASID, IC_SET, IC_STATE, IC_REFS, IC_SPID, IC_PID, IC_PRQ, IC_RATE, IC_CGROUP };
static const struct top_col io_cols[] = {
	C("IOASID", PR_NUM, true, 7, "the IOASID (host PASID)"),
	C("SET", PR_NUM, true, 6, "its set"),
	C("STATE", PR_STR, false, 12, "idle, active, free_pending"),
	C("REFS", PR_NUM, true, 4, "references"),
	C("SPID", PR_NUM, true, 7, "bound guest PASID (SPID)"),
	C("PID", PR_NUM, true, 7, "owner of the set"),
	C("PRQ", PR_NUM, true, 9, "page requests tagged with the IOASID"),
	C("PRQ_PER_SEC", PR_NUM, true, 11, "page requests per second between the last two samples"),
	C("CGROUP", PR_STR, false, 28, "cgroup of the set"),
};
enum { CC_IO_CUR, CC_IO_MAX, CC_IO_EV, CC_MISC_CUR, CC_MISC_MAX, CC_MISC_EV, CC_USE, CC_CGROUP };
static const struct top_col cg_cols[] = {
	C("IOASIDS_CURRENT", PR_NUM, true, 8, "ioasids.current"),
	C("IOASIDS_MAX", PR_STR, true, 8, "ioasids.max (N or max)"),
	C("IOASIDS_EVENTS", PR_NUM, true, 7, "ioasids.events: allocations refused at max"),
	C("MISC_CURRENT", PR_NUM, true, 8, "misc.current ioasid"),
	C("MISC_MAX", PR_STR, true, 8, "misc.max ioasid (N or max)"),
	C("MISC_EVENTS", PR_NUM, true, 7, "misc.events ioasid.max"),
	C("USE_PCT", PR_NUM, true, 7, "the larger current/limit of the two forms, percent"),
	C("CGROUP", PR_STR, false, 36, "cgroup (relative to the cgroup2 mount)"),
};
enum { DC_BDF, DC_NAME, DC_DRIVER, DC_IOMMU, DC_PASID, DC_PRI, DC_ATS, DC_MAXP };
static const struct top_col dev_cols[] = {
	C("DEVICE", PR_STR, false, 12, "PCI function"),
	C("NAME", PR_STR, false, 30, "vendor and device (pci.ids)"),
	C("DRIVER", PR_STR, false, 10, "bound driver"),
	C("IOMMU", PR_STR, false, 8, "IOMMU unit"),
	C("PASID", PR_STR, false, 8, "PASID capability: enabled, present, no"),
	C("PRI", PR_STR, false, 8, "PRI capability"),
	C("ATS", PR_STR, false, 8, "ATS capability"),
	C("MAX_PASIDS", PR_NUM, true, 10, "PASIDs the kernel lets the device use"),
};
enum { VC_DEV, VC_WQ, VC_MODE, VC_TYPE, VC_STATE, VC_CLIENTS, VC_PASID, VC_PCI };
static const struct top_col sva_cols[] = {
	C("DEVICE", PR_STR, false, 12, "idxd or uacce device"),
	C("WQ", PR_STR, false, 6, "work queue (idxd)"),
	C("MODE", PR_STR, false, 9, "dedicated or shared"),
	C("TYPE", PR_STR, false, 6, "none, kernel, user"),
	C("STATE", PR_STR, false, 8, "enabled, disabled"),
	C("CLIENTS", PR_NUM, true, 7, "open files"),
	C("PASID", PR_STR, false, 5, "user SVA on the device"),
	C("PCI", PR_STR, false, 12, "PCI function"),
};
#undef C

const struct top_col *top_view_cols(enum top_view v, size_t *n)
{
	switch (v) {
	case TOP_VIEW_IOASIDS:
		*n = sizeof(io_cols) / sizeof(io_cols[0]);
		return io_cols;
	case TOP_VIEW_CGROUPS:
		*n = sizeof(cg_cols) / sizeof(cg_cols[0]);
		return cg_cols;
	case TOP_VIEW_DEVICES:
		*n = sizeof(dev_cols) / sizeof(dev_cols[0]);
		return dev_cols;
	case TOP_VIEW_SVA:
		*n = sizeof(sva_cols) / sizeof(sva_cols[0]);
		return sva_cols;
	default:
		*n = sizeof(set_cols) / sizeof(set_cols[0]);
		return set_cols;
	}
}

/* ---- the table and its text arena ---- */

void top_table_init(struct top_table *t, enum top_view v)
{
	memset(t, 0, sizeof(*t));
	t->view = v;
	t->cols = top_view_cols(v, &t->ncols);
}

void top_table_clear(struct top_table *t)
{
	t->n = 0;
	t->alen = 0;
}

void top_table_free(struct top_table *t)
{
	free(t->rows);
	free(t->arena);
	memset(t, 0, sizeof(*t));
}

/* Offset 0 is the empty string, so a fresh row's cells all read "". */
static size_t arena_put(struct top_table *t, const char *s)
{
	size_t len = strlen(s) + 1, off;

	if (t->alen == 0) {
		if (!t->arena) {
			t->acap = 4096;
			t->arena = malloc(t->acap);
			if (!t->arena) {
				t->acap = 0;
				return 0;
			}
		}
		t->arena[0] = '\0';
		t->alen = 1;
	}
	if (t->alen + len > t->acap) {
		size_t cap = t->acap * 2;
		char *a;

		while (cap < t->alen + len)
			cap *= 2;
		a = realloc(t->arena, cap);
		if (!a)
			return 0;
		t->arena = a;
		t->acap = cap;
	}
	off = t->alen;
	memcpy(t->arena + off, s, len);
	t->alen += len;
	return off;
}

long top_row_add(struct top_table *t, const char *key)
{
	struct top_row *r;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct top_row *v = realloc(t->rows, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		t->rows = v;
		t->cap = cap;
	}
	r = &t->rows[t->n];
	memset(r, 0, sizeof(*r));
	r->key = arena_put(t, key);
	return (long)t->n++;
}

const char *top_cell_text(const struct top_table *t, size_t r, size_t col)
{
	return t->arena ? t->arena + t->rows[r].cell[col] : "";
}

const char *top_row_key(const struct top_table *t, size_t r)
{
	return t->arena ? t->arena + t->rows[r].key : "";
}

void top_cell_str(struct top_table *t, size_t r, size_t col, const char *s)
{
	if (!s || !*s) {
		top_cell_null(t, r, col, 0);
		return;
	}
	t->rows[r].cell[col] = arena_put(t, s);
	t->rows[r].null_mask &= ~(1u << col);
}

void top_cell_num(struct top_table *t, size_t r, size_t col, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	t->rows[r].cell[col] = arena_put(t, buf);
	t->rows[r].num[col] = v;
	t->rows[r].null_mask &= ~(1u << col);
}

void top_cell_null(struct top_table *t, size_t r, size_t col, int err)
{
	t->rows[r].cell[col] = arena_put(t, err == EACCES || err == EPERM ? "no perm" : "-");
	t->rows[r].num[col] = 0;
	t->rows[r].null_mask |= 1u << col;
}

void top_cell_val(struct top_table *t, size_t r, size_t col, const struct ioasid_val *v)
{
	if (v->err)
		top_cell_null(t, r, col, v->err);
	else
		top_cell_num(t, r, col, v->v);
}

static uint32_t fnv(uint32_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return (h ^ 0xff) * 16777619u;
}

void top_row_done(struct top_table *t, size_t r)
{
	uint32_t h = 2166136261u;

	for (size_t c = 0; c < t->ncols; c++)
		h = fnv(h, top_cell_text(t, r, c));
	t->rows[r].hash = h;
}

/* ---- the views ---- */

static void rate_cell(struct top_table *t, size_t r, size_t col, const struct top_rate *rt)
{
	if (!rt->known)
		top_cell_null(t, r, col, 0);
	else
		top_cell_num(t, r, col, (uint64_t)(rt->per_sec + 0.5));
}

static void pct_cell(struct top_table *t, size_t r, size_t col, uint64_t used, uint64_t of)
{
	if (!of)
		top_cell_null(t, r, col, 0);
	else
		top_cell_num(t, r, col, (used * 100 + of / 2) / of);
}

static int set_row(struct top_table *t, const struct top_set *st, uint8_t depth)
{
	char key[32];
	long r;

	snprintf(key, sizeof(key), "set %u", st->id);
	r = top_row_add(t, key);
	if (r < 0)
		return (int)r;
	t->rows[r].depth = depth;
	top_cell_num(t, r, SC_SET, st->id);
	top_cell_str(t, r, SC_TYPE, ioasid_ext_set_type_name(st->type));
	top_cell_str(t, r, SC_CGROUP, st->cgroup);
	top_cell_val(t, r, SC_OWNER, &st->owner_pid);
	top_cell_val(t, r, SC_QUOTA, &st->quota);
	top_cell_val(t, r, SC_ALLOC, &st->allocated);
	if (st->quota.err || st->allocated.err)
		top_cell_null(t, r, SC_USE, st->quota.err ?: st->allocated.err);
	else
		pct_cell(t, r, SC_USE, st->allocated.v, st->quota.v);
	top_cell_num(t, r, SC_ACTIVE, st->active);
	top_cell_num(t, r, SC_PRQ, st->prq);
	rate_cell(t, r, SC_RATE, &st->prq_rate);
	top_row_done(t, r);
	return 0;
}

static int group_row(struct top_table *t, const char *cgroup)
{
	char key[IOASID_CGROUP_PATH_MAX + 8];
	long r;

	snprintf(key, sizeof(key), "group %s", cgroup);
	r = top_row_add(t, key);
	if (r < 0)
		return (int)r;
	t->rows[r].group = true;
	for (size_t c = 0; c < t->ncols; c++)
		top_cell_null(t, r, c, 0);
	top_cell_str(t, r, t->view == TOP_VIEW_SETS ? SC_CGROUP : IC_CGROUP, cgroup);
	top_row_done(t, r);
	return 0;
}

static const char *set_cgroup(const struct top_set *st)
{
	return st && st->cgroup && *st->cgroup ? st->cgroup : "(none)";
}

static int cmp_str_idx(const void *a, const void *b, void *arg)
{
	const struct top_set *s = arg;

	return strcmp(set_cgroup(&s[*(const size_t *)a]), set_cgroup(&s[*(const size_t *)b]));
}

static void isort(size_t *v, size_t n, const struct top_set *sets)
{
	/* insertion sort of set indices by cgroup (stable; sets are few
	 * compared with IOASIDs, and this runs only in tree mode) */
	for (size_t i = 1; i < n; i++) {
		size_t x = v[i], j = i;

		while (j > 0 && cmp_str_idx(&v[j - 1], &x, (void *)sets) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static int build_sets(struct top_table *t, const struct top_sample *s, bool tree)
{
	size_t *ord;
	int rc = 0;

	if (!tree) {
		for (size_t i = 0; i < s->nsets && !rc; i++)
			rc = set_row(t, &s->sets[i], 0);
		return rc;
	}
	ord = malloc((s->nsets ? s->nsets : 1) * sizeof(*ord));
	if (!ord)
		return -ENOMEM;
	for (size_t i = 0; i < s->nsets; i++)
		ord[i] = i;
	isort(ord, s->nsets, s->sets);
	for (size_t i = 0; i < s->nsets && !rc; i++) {
		const char *cg = set_cgroup(&s->sets[ord[i]]);

		if (i == 0 || strcmp(cg, set_cgroup(&s->sets[ord[i - 1]])))
			rc = group_row(t, cg);
		rc = rc ?: set_row(t, &s->sets[ord[i]], 1);
	}
	free(ord);
	return rc;
}

static int io_row(struct top_table *t, const struct top_sample *s, const struct top_io *io,
		  uint8_t depth)
{
	const struct top_set *st = top_sample_set(s, io->set);
	const char *state = ioasid_ext_state_name(io->state);
	char key[32];
	long r;

	snprintf(key, sizeof(key), "ioasid %u", io->ioasid);
	r = top_row_add(t, key);
	if (r < 0)
		return (int)r;
	t->rows[r].depth = depth;
	top_cell_num(t, r, IC_IOASID, io->ioasid);
	top_cell_num(t, r, IC_SET, io->set);
	top_cell_str(t, r, IC_STATE, state);
	top_cell_num(t, r, IC_REFS, io->refs);
	if (io->has_spid)
		top_cell_num(t, r, IC_SPID, io->spid);
	else
		top_cell_null(t, r, IC_SPID, 0);
	if (io->has_pid)
		top_cell_num(t, r, IC_PID, io->pid);
	else
		top_cell_null(t, r, IC_PID, 0);
	top_cell_str(t, r, IC_CGROUP, st ? st->cgroup : NULL);
	top_cell_num(t, r, IC_PRQ, io->prq);
	rate_cell(t, r, IC_RATE, &io->prq_rate);
	top_row_done(t, r);
	return 0;
}

static int build_ioasids(struct top_table *t, const struct top_sample *s, bool tree)
{
	int rc = 0;

	if (!tree) {
		for (size_t i = 0; i < s->nio && !rc; i++)
			rc = io_row(t, s, &s->io[i], 0);
		return rc;
	}
	/* by cgroup of the set: walk the sets in cgroup order, each set's
	 * IOASIDs are found by a scan of the (set-unordered) list once */
	{
		size_t *ord = malloc((s->nsets ? s->nsets : 1) * sizeof(*ord));
		size_t *first = calloc(s->nsets + 1, sizeof(*first));
		size_t *byset = malloc((s->nio ? s->nio : 1) * sizeof(*byset));

		if (!ord || !first || !byset) {
			free(ord), free(first), free(byset);
			return -ENOMEM;
		}
		/* counting sort of IOASIDs by their set's index */
		for (size_t i = 0; i < s->nio; i++) {
			const struct top_set *st = top_sample_set(s, s->io[i].set);

			first[st ? (size_t)(st - s->sets) + 1 : 0]++;
		}
		/* IOASIDs of unknown sets are left out of the tree */
		for (size_t k = 1; k <= s->nsets; k++)
			first[k] += first[k - 1];
		{
			size_t *pos = calloc(s->nsets + 1, sizeof(*pos));

			if (!pos) {
				free(ord), free(first), free(byset);
				return -ENOMEM;
			}
			for (size_t i = 0; i < s->nio; i++) {
				const struct top_set *st = top_sample_set(s, s->io[i].set);

				if (st) {
					size_t k = (size_t)(st - s->sets);

					byset[first[k] + pos[k]++] = i;
				}
			}
			free(pos);
		}
		for (size_t i = 0; i < s->nsets; i++)
			ord[i] = i;
		isort(ord, s->nsets, s->sets);
		for (size_t i = 0; i < s->nsets && !rc; i++) {
			size_t k = ord[i];
			const char *cg = set_cgroup(&s->sets[k]);

			if (i == 0 || strcmp(cg, set_cgroup(&s->sets[ord[i - 1]])))
				rc = group_row(t, cg);
			for (size_t j = first[k]; j < first[k + 1] && !rc; j++)
				rc = io_row(t, s, &s->io[byset[j]], 1);
		}
		free(ord), free(first), free(byset);
	}
	return rc;
}

static void limit_cell(struct top_table *t, size_t r, size_t col, const struct ioasid_val *v,
		       bool unlimited)
{
	if (v->err)
		top_cell_null(t, r, col, v->err);
	else if (unlimited)
		top_cell_str(t, r, col, "max");
	else {
		top_cell_num(t, r, col, v->v);
	}
}

static uint64_t use_pct(const struct ioasid_val *cur, const struct ioasid_val *max, bool unl,
			bool *known)
{
	if (cur->err || max->err || unl)
		return 0;
	*known = true;
	if (!max->v)
		return cur->v ? 100 : 0; /* a limit of 0 with nothing charged is not full */
	return (cur->v * 100 + max->v / 2) / max->v;
}

static int build_cgroups(struct top_table *t, const struct top_sample *s, bool tree)
{
	for (size_t i = 0; i < s->ncg; i++) {
		const struct top_cg *cg = &s->cgs[i];
		bool known = false;
		uint64_t a, b;
		uint8_t depth = 0;
		long r;

		for (const char *p = cg->path + 1; *p; p++)
			depth += *p == '/';
		r = top_row_add(t, cg->path);
		if (r < 0)
			return (int)r;
		t->rows[r].depth = tree && strcmp(cg->path, "/") ? depth + 1 : 0;
		top_cell_str(t, r, CC_CGROUP, cg->path);
		top_cell_val(t, r, CC_IO_CUR, &cg->io_cur);
		limit_cell(t, r, CC_IO_MAX, &cg->io_max, cg->io_unlimited);
		top_cell_val(t, r, CC_IO_EV, &cg->io_events);
		top_cell_val(t, r, CC_MISC_CUR, &cg->misc_cur);
		limit_cell(t, r, CC_MISC_MAX, &cg->misc_max, cg->misc_unlimited);
		top_cell_val(t, r, CC_MISC_EV, &cg->misc_events);
		a = use_pct(&cg->io_cur, &cg->io_max, cg->io_unlimited, &known);
		b = use_pct(&cg->misc_cur, &cg->misc_max, cg->misc_unlimited, &known);
		if (known)
			top_cell_num(t, r, CC_USE, a > b ? a : b);
		else
			top_cell_null(t, r, CC_USE, 0);
		/* limits sort as numbers, "max" above every number */
		t->rows[r].num[CC_IO_MAX] = cg->io_unlimited ? UINT64_MAX : cg->io_max.v;
		t->rows[r].num[CC_MISC_MAX] = cg->misc_unlimited ? UINT64_MAX : cg->misc_max.v;
		top_row_done(t, r);
	}
	return 0;
}

static const char *cap_text(bool present, bool enabled)
{
	return !present ? "no" : enabled ? "enabled" : "present";
}

static int build_devices(struct top_table *t, const struct top_devices *d)
{
	if (!d || !d->loaded || d->err)
		return 0;
	for (size_t i = 0; i < d->pl.n; i++) {
		const struct ioasid_pci_dev *p = &d->pl.v[i];
		long r = top_row_add(t, p->bdf);

		if (r < 0)
			return (int)r;
		top_cell_str(t, r, DC_BDF, p->bdf);
		top_cell_str(t, r, DC_NAME, p->name);
		top_cell_str(t, r, DC_DRIVER, p->driver);
		top_cell_str(t, r, DC_IOMMU, p->iommu);
		if (p->pasid_err)
			top_cell_null(t, r, DC_PASID, p->pasid_err);
		else
			top_cell_str(t, r, DC_PASID, cap_text(p->pasid.present, p->pasid.enabled));
		if (p->ext_err) {
			top_cell_null(t, r, DC_PRI, p->ext_err);
			top_cell_null(t, r, DC_ATS, p->ext_err);
		} else {
			top_cell_str(t, r, DC_PRI, cap_text(p->pri.present, p->pri.enabled));
			top_cell_str(t, r, DC_ATS, cap_text(p->ats.present, p->ats.enabled));
		}
		top_cell_val(t, r, DC_MAXP, &p->max_pasids);
		top_row_done(t, r);
	}
	return 0;
}

static void str_or_err(struct top_table *t, size_t r, size_t col, const char *s, int err)
{
	if (err)
		top_cell_null(t, r, col, err);
	else
		top_cell_str(t, r, col, s);
}

static int build_sva(struct top_table *t, const struct top_sample *s)
{
	char key[96];

	for (size_t i = 0; i < s->idxd.n; i++) {
		const struct ioasid_idxd_dev *dv = &s->idxd.v[i];

		for (size_t w = 0; w < dv->nwqs; w++) {
			const struct ioasid_idxd_wq *q = &dv->wqs[w];
			long r;

			snprintf(key, sizeof(key), "%s/%s", dv->name, q->name);
			r = top_row_add(t, key);
			if (r < 0)
				return (int)r;
			top_cell_str(t, r, VC_DEV, dv->name);
			top_cell_str(t, r, VC_WQ, q->name);
			str_or_err(t, r, VC_MODE, q->mode, q->mode_err);
			str_or_err(t, r, VC_TYPE, q->type, q->type_err);
			str_or_err(t, r, VC_STATE, q->state, q->state_err);
			top_cell_val(t, r, VC_CLIENTS, &q->clients);
			if (dv->pasid_enabled.err)
				top_cell_null(t, r, VC_PASID, dv->pasid_enabled.err);
			else
				top_cell_str(t, r, VC_PASID, dv->pasid_enabled.v ? "yes" : "no");
			str_or_err(t, r, VC_PCI, dv->pci, dv->pci_err);
			top_row_done(t, r);
		}
	}
	for (size_t i = 0; i < s->uacce.n; i++) {
		const struct ioasid_uacce_dev *u = &s->uacce.v[i];
		long r = top_row_add(t, u->name);

		if (r < 0)
			return (int)r;
		for (size_t c = 0; c < t->ncols; c++)
			top_cell_null(t, r, c, 0);
		top_cell_str(t, r, VC_DEV, u->name);
		if (u->flags.err)
			top_cell_null(t, r, VC_PASID, u->flags.err);
		else
			top_cell_str(t, r, VC_PASID,
				     u->flags.v & IOASID_UACCE_DEV_SVA ? "yes" : "no");
		if (u->parent_is_pci)
			top_cell_str(t, r, VC_PCI, u->parent);
		top_row_done(t, r);
	}
	return 0;
}

int top_view_build(struct top_table *t, enum top_view v, const struct top_sample *s,
		   const struct top_devices *d, bool tree)
{
	if (t->view != v || !t->cols) {
		struct top_table fresh;

		top_table_free(t);
		top_table_init(&fresh, v);
		*t = fresh;
	}
	top_table_clear(t);
	switch (v) {
	case TOP_VIEW_SETS:
		return build_sets(t, s, tree);
	case TOP_VIEW_IOASIDS:
		return build_ioasids(t, s, tree);
	case TOP_VIEW_CGROUPS:
		return build_cgroups(t, s, tree);
	case TOP_VIEW_DEVICES:
		return build_devices(t, d);
	case TOP_VIEW_SVA:
		return build_sva(t, s);
	default:
		return -EINVAL;
	}
}
