// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The rows of each view, built from one sample. Every column is a column
 * of its record type's table in print/ (the one ioasidctl prints), and
 * the rows of the sets, IOASIDs, devices and SVA views are filled by that
 * table's row function: the screen, --snapshot and ioasidctl show the
 * same columns, values and JSON keys. The cgroups view is ioasidtop's own
 * (cgroup_top_cols: both limit forms of a cgroup on one row).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print/cgroup-cols.h"
#include "print/device-cols.h"
#include "print/ioasids-cols.h"
#include "print/set-cols.h"
#include "print/sva-cols.h"
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

/* Each view's columns: columns of its record type's table in print/, in
 * the screen's order, with a width; the cgroup last where there is one
 * (paths are long, the last column runs on). */
#define C(tab, idx, w)                                                                             \
	{                                                                                          \
		&tab[idx], idx, w                                                                  \
	}
static const struct top_col set_view[] = {
	C(set_cols, SETC_SET, 7),	   C(set_cols, SETC_TYPE, 4),
	C(set_cols, SETC_OWNER_PID, 9),	   C(set_cols, SETC_QUOTA, 7),
	C(set_cols, SETC_ALLOCATED, 9),	   C(set_cols, SETC_USE_PCT, 7),
	C(set_cols, SETC_ACTIVE, 6),	   C(set_cols, SETC_PRQ_COUNT, 9),
	C(set_cols, SETC_PRQ_PER_SEC, 11), C(set_cols, SETC_CGROUP, 28),
};
static const struct top_col io_view[] = {
	C(ioasids_cols, IOC_IOASID, 7),	   C(ioasids_cols, IOC_SET, 6),
	C(ioasids_cols, IOC_STATE, 12),	   C(ioasids_cols, IOC_REFS, 4),
	C(ioasids_cols, IOC_SPID, 7),	   C(ioasids_cols, IOC_PID, 7),
	C(ioasids_cols, IOC_PRQ_COUNT, 9), C(ioasids_cols, IOC_PRQ_PER_SEC, 11),
	C(ioasids_cols, IOC_CGROUP, 28),
};
static const struct top_col cg_view[] = {
	C(cgroup_top_cols, CGTC_IOASIDS_CURRENT, 8), C(cgroup_top_cols, CGTC_IOASIDS_MAX, 8),
	C(cgroup_top_cols, CGTC_IOASIDS_EVENTS, 7),  C(cgroup_top_cols, CGTC_MISC_CURRENT, 8),
	C(cgroup_top_cols, CGTC_MISC_MAX, 8),	     C(cgroup_top_cols, CGTC_MISC_EVENTS, 7),
	C(cgroup_top_cols, CGTC_USE_PCT, 7),	     C(cgroup_top_cols, CGTC_CGROUP, 36),
};
static const struct top_col dev_view[] = {
	C(device_cols, DEVC_DEVICE, 12),     C(device_cols, DEVC_NAME, 30),
	C(device_cols, DEVC_DRIVER, 10),     C(device_cols, DEVC_IOMMU, 8),
	C(device_cols, DEVC_PASID, 5),	     C(device_cols, DEVC_PASID_ENABLED, 5),
	C(device_cols, DEVC_PRI, 5),	     C(device_cols, DEVC_PRI_ENABLED, 5),
	C(device_cols, DEVC_ATS, 5),	     C(device_cols, DEVC_ATS_ENABLED, 5),
	C(device_cols, DEVC_MAX_PASIDS, 10),
};
static const struct top_col sva_view[] = {
	C(sva_cols, SVAC_DEVICE, 12), C(sva_cols, SVAC_WQ, 6),	  C(sva_cols, SVAC_MODE, 9),
	C(sva_cols, SVAC_TYPE, 6),    C(sva_cols, SVAC_STATE, 8), C(sva_cols, SVAC_CLIENTS, 7),
	C(sva_cols, SVAC_PASID, 5),   C(sva_cols, SVAC_PCI, 12),
};
#undef C
const struct top_col *top_view_cols(enum top_view v, size_t *n)
{
	switch (v) {
	case TOP_VIEW_IOASIDS:
		*n = sizeof(io_view) / sizeof(io_view[0]);
		return io_view;
	case TOP_VIEW_CGROUPS:
		*n = sizeof(cg_view) / sizeof(cg_view[0]);
		return cg_view;
	case TOP_VIEW_DEVICES:
		*n = sizeof(dev_view) / sizeof(dev_view[0]);
		return dev_view;
	case TOP_VIEW_SVA:
		*n = sizeof(sva_view) / sizeof(sva_view[0]);
		return sva_view;
	default:
		*n = sizeof(set_view) / sizeof(set_view[0]);
		return set_view;
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

/* The decimal digits of v at the end of buf (a frame of the IOASIDs view
 * writes 100,000 rows: no snprintf per number) */
static char *dec(char *end, uint64_t v)
{
	*end = '\0';
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/* A number cell whose digits are known already (text) */
static void cell_num_text(struct top_table *t, size_t r, size_t col, uint64_t v, const char *text)
{
	t->rows[r].cell[col] = arena_put(t, text);
	t->rows[r].num[col] = v;
	t->rows[r].null_mask &= ~(1u << col);
}

void top_cell_num(struct top_table *t, size_t r, size_t col, uint64_t v)
{
	char buf[24];

	cell_num_text(t, r, col, v, dec(buf + sizeof(buf) - 1, v));
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

/* The rows of the sets, IOASIDs, devices and SVA views are filled by the
 * row functions of print/ (the code of ioasidctl's lists) through a sink
 * printer whose cells land in the table: the same values, "no perm" and
 * "exited" included. */
struct out {
	struct top_table *t;
	struct printer *p;
	size_t row; /* the row the cells go to */
};

static void cell_text_null(struct top_table *t, size_t r, size_t col, const char *text)
{
	t->rows[r].cell[col] = arena_put(t, text);
	t->rows[r].num[col] = 0;
	t->rows[r].null_mask |= 1u << col;
}

static void sink(void *arg, size_t pos, const struct pr_cell *c)
{
	struct out *o = arg;

	switch (c->kind) {
	case PR_CELL_NULL:
		cell_text_null(o->t, o->row, pos, c->text);
		break;
	case PR_CELL_NUM:
		cell_num_text(o->t, o->row, pos, c->num, c->text);
		break;
	case PR_CELL_BOOL:
		/* the text a table shows ("yes", "no"), 1 or 0 to sort by */
		top_cell_str(o->t, o->row, pos, c->text);
		o->t->rows[o->row].num[pos] = c->num;
		break;
	default:
		top_cell_str(o->t, o->row, pos, c->text);
		break;
	}
}

/* The sink printer of t's view over the table its columns belong to. */
static int out_open(struct out *o, struct top_table *t, const struct pr_col *tab, size_t ntab)
{
	size_t sel[TOP_MAXCOL];

	for (size_t c = 0; c < t->ncols; c++)
		sel[c] = t->cols[c].idx;
	o->t = t;
	o->row = 0;
	o->p = pr_new_sink(tab, ntab, sel, t->ncols, sink, o);
	return o->p ? 0 : -ENOMEM;
}

/* A new row with its key; the cells pr_row's setters fill go to it. */
static struct pr_row *out_row(struct out *o, const char *key, uint8_t depth)
{
	long r = top_row_add(o->t, key);

	if (r < 0)
		return NULL;
	o->row = (size_t)r;
	o->t->rows[r].depth = depth;
	return pr_row(o->p);
}

static void rate_cell(struct pr_row *r, size_t col, const struct top_rate *rt)
{
	if (!rt->known)
		pr_null(r, col, 0);
	else
		pr_num(r, col, (uint64_t)(rt->per_sec + 0.5));
}

static int set_row(struct out *o, const struct top_set *st, uint8_t depth)
{
	const struct ioasid_ext_set rec = {.id = st->id,
					   .type = st->type,
					   .type_err = st->type_err,
					   .quota = st->quota,
					   .allocated = st->allocated,
					   .owner_pid = st->owner_pid,
					   .cgroup = st->cgroup,
					   .cgroup_err = st->cgroup_err};
	struct pr_row *r;
	char key[32];

	snprintf(key, sizeof(key), "set %u", st->id);
	r = out_row(o, key, depth);
	if (!r)
		return -ENOMEM;
	set_cells(r, &rec);
	pr_num(r, SETC_ACTIVE, st->active);
	pr_num(r, SETC_PRQ_COUNT, st->prq);
	rate_cell(r, SETC_PRQ_PER_SEC, &st->prq_rate);
	top_row_done(o->t, o->row);
	return 0;
}

static int group_row(struct top_table *t, const char *cgroup)
{
	size_t cg = t->view == TOP_VIEW_SETS ? SETC_CGROUP : IOC_CGROUP;
	char key[IOASID_CGROUP_PATH_MAX + 8];
	long r;

	snprintf(key, sizeof(key), "group %s", cgroup);
	r = top_row_add(t, key);
	if (r < 0)
		return (int)r;
	t->rows[r].group = true;
	for (size_t c = 0; c < t->ncols; c++) {
		top_cell_null(t, r, c, 0);
		if (t->cols[c].idx == cg)
			top_cell_str(t, r, c, cgroup);
	}
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

static int build_sets(struct out *o, const struct top_sample *s, bool tree)
{
	struct top_table *t = o->t;
	size_t *ord;
	int rc = 0;

	if (!tree) {
		for (size_t i = 0; i < s->nsets && !rc; i++)
			rc = set_row(o, &s->sets[i], 0);
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
		rc = rc ?: set_row(o, &s->sets[ord[i]], 1);
	}
	free(ord);
	return rc;
}

static int io_row(struct out *o, const struct top_sample *s, const struct top_io *io, uint8_t depth)
{
	const struct top_set *st = top_sample_set(s, io->set);
	/* the record as the dump gave it; the cgroup is the set's */
	const struct ioasid_ext_rec rec = {.ioasid = io->ioasid,
					   .set = io->set,
					   .spid = io->spid,
					   .state = io->state,
					   .refs = io->refs,
					   .pid = io->pid,
					   .prq_count = io->prq,
					   .has_spid = io->has_spid,
					   .has_pid = io->has_pid,
					   .cgroup = st ? st->cgroup : NULL};
	struct pr_row *r;
	char key[32] = "ioasid ", num[16];

	strcat(key, dec(num + sizeof(num) - 1, io->ioasid));
	r = out_row(o, key, depth);
	if (!r)
		return -ENOMEM;
	ioasids_cells(r, &rec);
	rate_cell(r, IOC_PRQ_PER_SEC, &io->prq_rate);
	top_row_done(o->t, o->row);
	return 0;
}

static int build_ioasids(struct out *o, const struct top_sample *s, bool tree)
{
	struct top_table *t = o->t;
	int rc = 0;

	if (!tree) {
		for (size_t i = 0; i < s->nio && !rc; i++)
			rc = io_row(o, s, &s->io[i], 0);
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
				rc = io_row(o, s, &s->io[byset[j]], 1);
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

bool top_cg_use_pct(const struct top_cg *cg, uint64_t *pct)
{
	bool known = false;
	uint64_t a = use_pct(&cg->io_cur, &cg->io_max, cg->io_unlimited, &known);
	uint64_t b = use_pct(&cg->misc_cur, &cg->misc_max, cg->misc_unlimited, &known);

	*pct = a > b ? a : b;
	return known;
}

static int build_cgroups(struct top_table *t, const struct top_sample *s, bool tree)
{
	for (size_t i = 0; i < s->ncg; i++) {
		const struct top_cg *cg = &s->cgs[i];
		uint64_t pct;
		uint8_t depth = 0;
		long r;

		for (const char *p = cg->path + 1; *p; p++)
			depth += *p == '/';
		r = top_row_add(t, cg->path);
		if (r < 0)
			return (int)r;
		t->rows[r].depth = tree && strcmp(cg->path, "/") ? depth + 1 : 0;
		top_cell_str(t, r, CGTC_CGROUP, cg->path);
		top_cell_val(t, r, CGTC_IOASIDS_CURRENT, &cg->io_cur);
		limit_cell(t, r, CGTC_IOASIDS_MAX, &cg->io_max, cg->io_unlimited);
		top_cell_val(t, r, CGTC_IOASIDS_EVENTS, &cg->io_events);
		top_cell_val(t, r, CGTC_MISC_CURRENT, &cg->misc_cur);
		limit_cell(t, r, CGTC_MISC_MAX, &cg->misc_max, cg->misc_unlimited);
		top_cell_val(t, r, CGTC_MISC_EVENTS, &cg->misc_events);
		if (top_cg_use_pct(cg, &pct))
			top_cell_num(t, r, CGTC_USE_PCT, pct);
		else
			top_cell_null(t, r, CGTC_USE_PCT, 0);
		/* limits sort as numbers, "max" above every number */
		t->rows[r].num[CGTC_IOASIDS_MAX] = cg->io_unlimited ? UINT64_MAX : cg->io_max.v;
		t->rows[r].num[CGTC_MISC_MAX] = cg->misc_unlimited ? UINT64_MAX : cg->misc_max.v;
		top_row_done(t, r);
	}
	return 0;
}

static int build_devices(struct out *o, const struct top_devices *d)
{
	if (!d || !d->loaded || d->err)
		return 0;
	for (size_t i = 0; i < d->pl.n; i++) {
		struct pr_row *r = out_row(o, d->pl.v[i].bdf, 0);

		if (!r)
			return -ENOMEM;
		device_cells(r, &d->pl.v[i]);
		top_row_done(o->t, o->row);
	}
	return 0;
}

/* The rows of ioasidctl sva list: each idxd work queue (a device without
 * one on a row of its own), each uacce device. */
static int build_sva(struct out *o, const struct top_sample *s)
{
	char key[96];

	for (size_t i = 0; i < s->idxd.n; i++) {
		const struct ioasid_idxd_dev *dv = &s->idxd.v[i];

		for (size_t w = 0; w < dv->nwqs || (w == 0 && !dv->nwqs); w++) {
			const struct ioasid_idxd_wq *q = dv->nwqs ? &dv->wqs[w] : NULL;
			struct pr_row *r;

			snprintf(key, sizeof(key), "%s%s%s", dv->name, q ? "/" : "",
				 q ? q->name : "");
			r = out_row(o, key, 0);
			if (!r)
				return -ENOMEM;
			sva_wq_cells(r, dv, q);
			top_row_done(o->t, o->row);
		}
	}
	for (size_t i = 0; i < s->uacce.n; i++) {
		struct pr_row *r = out_row(o, s->uacce.v[i].name, 0);

		if (!r)
			return -ENOMEM;
		sva_uacce_cells(r, &s->uacce.v[i]);
		top_row_done(o->t, o->row);
	}
	return 0;
}

static bool in_sorted_u32(const uint32_t *v, size_t n, uint32_t x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (v[mid] == x)
			return true;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static long col_of(const struct top_table *t, size_t idx)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (t->cols[c].idx == idx)
			return (long)c;
	return -1;
}

int top_view_update_ioasids(struct top_table *t, const struct top_sample *s, const uint32_t *dirty,
			    size_t ndirty, size_t sort_col, bool desc, struct top_seen *seen)
{
	long setcol = col_of(t, IOC_SET), iocol = col_of(t, IOC_IOASID);
	struct out o = {0};
	size_t kept = 0, ngone = 0, *gone = NULL;
	bool gone_lost = false;
	int rc;

	if (t->view != TOP_VIEW_IOASIDS || setcol < 0 || iocol < 0)
		return -EINVAL;
	/* the dirty sets' rows go, the others keep their order (and their
	 * text in the arena: the next full build compacts it) */
	for (size_t r = 0; r < t->n; r++)
		if (t->rows[r].group)
			return -EINVAL; /* a tree: built in full */
	for (size_t r = 0; r < t->n; r++) {
		if (!in_sorted_u32(dirty, ndirty, (uint32_t)t->rows[r].num[setcol])) {
			if (kept != r)
				t->rows[kept] = t->rows[r];
			kept++;
		} else if (seen && !gone_lost) {
			size_t *g = realloc(gone, (ngone + 1) * sizeof(*g));

			if (!g) {
				gone_lost = true; /* marked in full below */
				continue;
			}
			gone = g;
			gone[ngone++] = t->rows[r].key;
		}
	}
	t->n = kept;
	rc = out_open(&o, t, ioasids_cols, IOASIDS_TOP_NCOLS);
	for (size_t i = 0; i < s->nio && !rc; i++)
		if (in_sorted_u32(dirty, ndirty, s->io[i].set))
			rc = io_row(&o, s, &s->io[i], 0);
	pr_free(o.p);
	if (rc) {
		free(gone);
		return rc;
	}
	if (seen && (gone_lost || top_mark_new(t, seen, kept, gone, ngone) < 0))
		top_mark_changes(t, seen); /* before the merge: the same marks */
	free(gone);
	/* the full build's order: its rows ascend by IOASID, so ties in
	 * the sort column go by IOASID */
	top_table_merge_tail(t, kept, sort_col, desc, (size_t)iocol);
	return 0;
}

int top_view_build(struct top_table *t, enum top_view v, const struct top_sample *s,
		   const struct top_devices *d, bool tree)
{
	struct out o = {0};
	int rc;

	if (t->view != v || !t->cols) {
		struct top_table fresh;

		top_table_free(t);
		top_table_init(&fresh, v);
		*t = fresh;
	}
	top_table_clear(t);
	switch (v) {
	case TOP_VIEW_SETS:
		rc = out_open(&o, t, set_cols, SET_TOP_NCOLS);
		rc = rc ?: build_sets(&o, s, tree);
		break;
	case TOP_VIEW_IOASIDS:
		rc = out_open(&o, t, ioasids_cols, IOASIDS_TOP_NCOLS);
		rc = rc ?: build_ioasids(&o, s, tree);
		break;
	case TOP_VIEW_CGROUPS:
		return build_cgroups(t, s, tree);
	case TOP_VIEW_DEVICES:
		rc = out_open(&o, t, device_cols, DEVICE_NCOLS);
		rc = rc ?: build_devices(&o, d);
		break;
	case TOP_VIEW_SVA:
		rc = out_open(&o, t, sva_cols, SVA_NCOLS);
		rc = rc ?: build_sva(&o, s);
		break;
	default:
		return -EINVAL;
	}
	pr_free(o.p);
	return rc;
}
