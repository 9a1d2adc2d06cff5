// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroup charging of MM-set allocations, in the two forms of the seed
 * (DESIGN.md 2B):
 *  - the seed's `ioasids` controller (RFC 15-17, seed:4215-4682):
 *    ioasids.max defaults to 0 ("Upon creation, no IOASID allocation is
 *    allowed", seed:4293-4294), the root has no limit, allocation is
 *    refused by the first level of the hierarchy at its limit (seed:4257),
 *    moves are exempt so current > max is possible (seed:4258-4260, the
 *    charge follows the process), and ioasids.events counts refusals. The
 *    seed does not say where a refusal is counted: the model counts it on
 *    the cgroup whose limit was hit, as misc_cg_event() does for its
 *    events.local (the conformance suite's choice, rule cg_hierarchical).
 *    Refusal: -EBUSY (misc_cg_try_charge's errno; ioasid_alloc itself
 *    returns no errno).
 *  - the misc controller resource `ioasid` (seed:2471-2477, mainline
 *    kernel/cgroup/misc.c): misc.max defaults to max, the charge stays in
 *    the cgroup that made it (no migration), usage is also bounded by
 *    misc.capacity (the IOASID capacity total), a refusal counts
 *    events.local on the level at its limit and events on it and every
 *    ancestor below the root (misc_cg_event), -EBUSY (misc_cg_try_charge).
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/export.h"
#include "model/model.h"

static int cg_add(struct ioasid_model *m, const char *path, uint32_t parent)
{
	if (m->ncgs == m->cgs_cap) {
		size_t ncap = m->cgs_cap ? m->cgs_cap * 2 : 16;
		struct mcgroup *v = realloc(m->cgs, ncap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		m->cgs = v;
		m->cgs_cap = ncap;
	}
	struct mcgroup *c = &m->cgs[m->ncgs];
	memset(c, 0, sizeof(*c));
	c->path = strdup(path);
	if (!c->path)
		return -ENOMEM;
	c->parent = parent;
	/* ioasids: default 0 (the root: no limit); misc: default max */
	c->io_max = parent == MODEL_NONE ? IOASID_MODEL_CG_MAX : 0;
	c->misc_max = IOASID_MODEL_CG_MAX;
	if (parent != MODEL_NONE)
		m->cgs[parent].nchildren++;
	m->ncgs++;
	return 0;
}

int model_cgroup_init(struct ioasid_model *m)
{
	return cg_add(m, "/", MODEL_NONE);
}

void model_cgroup_destroy(struct ioasid_model *m)
{
	for (size_t i = 0; i < m->ncgs; i++)
		free(m->cgs[i].path);
	free(m->cgs);
	m->cgs = NULL;
	m->ncgs = m->cgs_cap = 0;
}

uint32_t model_cgroup_find(const struct ioasid_model *m, const char *path)
{
	if (!path)
		return MODEL_NONE;
	for (size_t i = 0; i < m->ncgs; i++)
		if (!m->cgs[i].removed && !strcmp(m->cgs[i].path, path))
			return (uint32_t)i;
	return MODEL_NONE;
}

static bool path_ok(const char *p)
{
	size_t len = strlen(p);

	if (p[0] != '/' || len >= 256 || (len > 1 && p[len - 1] == '/'))
		return false;
	for (const char *c = p + 1; *c;) {
		const char *e = strchr(c, '/');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		if (!n || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n + (e ? 1 : 0);
	}
	return true;
}

IOASID_EXPORT int ioasid_model_cgroup_create(struct ioasid_model *m, const char *path)
{
	char parent[256];
	const char *slash;

	if (!path || !path_ok(path) || !strcmp(path, "/"))
		return path && !strcmp(path, "/") ? -EEXIST : -EINVAL;
	if (model_cgroup_find(m, path) != MODEL_NONE)
		return -EEXIST;
	slash = strrchr(path, '/');
	if (slash == path)
		strcpy(parent, "/");
	else
		snprintf(parent, sizeof(parent), "%.*s", (int)(slash - path), path);
	uint32_t p = model_cgroup_find(m, parent);
	if (p == MODEL_NONE)
		return -ENOENT;
	return cg_add(m, path, p);
}

IOASID_EXPORT int ioasid_model_cgroup_remove(struct ioasid_model *m, const char *path)
{
	uint32_t i = model_cgroup_find(m, path);
	struct mcgroup *c;

	if (i == MODEL_NONE)
		return -ENOENT;
	if (i == 0)
		return -EINVAL;
	c = &m->cgs[i];
	if (c->nprocs || c->nchildren || c->io_cur || c->misc_cur)
		return -EBUSY;
	/* the slot stays (indices are stored in sets and IOASIDs) */
	c->removed = true;
	m->cgs[c->parent].nchildren--;
	return 0;
}

IOASID_EXPORT int ioasid_model_cgroup_set_limit(struct ioasid_model *m, const char *path,
						enum ioasid_model_cg_form form, uint64_t value)
{
	uint32_t i = model_cgroup_find(m, path);

	if (i == MODEL_NONE)
		return -ENOENT;
	if (i == 0)
		return -EINVAL;
	switch (form) {
	case IOASID_MODEL_FORM_IOASIDS:
		/* "IOASIDs cgroup consults with the IOASID core for available
		 * capacity when a new cgroup limit is granted" (seed:4292) */
		if (value != IOASID_MODEL_CG_MAX && value > m->cap_avail)
			return -ENOSPC;
		m->cgs[i].io_max = value;
		return 0;
	case IOASID_MODEL_FORM_MISC:
		/* misc_cg_max_write(): any number or "max" */
		m->cgs[i].misc_max = value;
		return 0;
	}
	return -EINVAL;
}

void model_cg_fill(const struct ioasid_model *m, uint32_t i, struct ioasid_model_cgroup_info *o)
{
	const struct mcgroup *c = &m->cgs[i];

	memset(o, 0, sizeof(*o));
	snprintf(o->path, sizeof(o->path), "%s", c->path);
	o->nprocs = c->nprocs;
	o->ioasids_current = c->io_cur;
	o->ioasids_max = c->io_max;
	o->ioasids_events = c->io_events;
	o->misc_current = c->misc_cur;
	o->misc_max = c->misc_max;
	o->misc_peak = c->misc_peak;
	o->misc_events = c->misc_events;
	o->misc_events_local = c->misc_events_local;
}

IOASID_EXPORT int ioasid_model_cgroup_get_info(const struct ioasid_model *m, const char *path,
					       struct ioasid_model_cgroup_info *out)
{
	uint32_t i = model_cgroup_find(m, path);

	if (i == MODEL_NONE)
		return -ENOENT;
	model_cg_fill(m, i, out);
	return 0;
}

IOASID_EXPORT int ioasid_model_cgroup_next(const struct ioasid_model *m, uint32_t *index,
					   struct ioasid_model_cgroup_info *out)
{
	for (uint32_t i = *index; i < m->ncgs; i++)
		if (!m->cgs[i].removed) {
			model_cg_fill(m, i, out);
			*index = i + 1;
			return 0;
		}
	return -ENOENT;
}

/* The cgroup an MM set charges: its owner process's, else the root. */
static uint32_t set_cgroup(const struct ioasid_model *m, const struct mset *s)
{
	const struct mproc *p = model_proc_by_mm(m, s->mm);

	return p ? p->cg : 0;
}

static int ioasids_try_charge(struct ioasid_model *m, uint32_t origin)
{
	for (uint32_t i = origin; i != MODEL_NONE; i = m->cgs[i].parent)
		if (m->cgs[i].io_cur + 1 > m->cgs[i].io_max) {
			m->cgs[i].io_events++;
			return -EBUSY;
		}
	for (uint32_t i = origin; i != MODEL_NONE; i = m->cgs[i].parent)
		m->cgs[i].io_cur++;
	return 0;
}

static void ioasids_uncharge(struct ioasid_model *m, uint32_t cg, uint64_t n)
{
	for (uint32_t i = cg; i != MODEL_NONE; i = m->cgs[i].parent)
		m->cgs[i].io_cur -= n;
}

static int misc_try_charge(struct ioasid_model *m, uint32_t origin)
{
	for (uint32_t i = origin; i != MODEL_NONE; i = m->cgs[i].parent) {
		uint64_t nu = m->cgs[i].misc_cur + 1;
		if (nu > m->cgs[i].misc_max || nu > m->cap_total) {
			/* misc_cg_event(): events.local here, events on
			 * every level below the root */
			m->cgs[i].misc_events_local++;
			for (uint32_t j = i; m->cgs[j].parent != MODEL_NONE; j = m->cgs[j].parent)
				m->cgs[j].misc_events++;
			return -EBUSY;
		}
	}
	for (uint32_t i = origin; i != MODEL_NONE; i = m->cgs[i].parent) {
		struct mcgroup *c = &m->cgs[i];
		if (++c->misc_cur > c->misc_peak)
			c->misc_peak = c->misc_cur;
	}
	return 0;
}

static void misc_uncharge(struct ioasid_model *m, uint32_t cg)
{
	for (uint32_t i = cg; i != MODEL_NONE; i = m->cgs[i].parent)
		m->cgs[i].misc_cur--;
}

int model_cg_charge(struct ioasid_model *m, struct mset *s, uint32_t *misc_cg)
{
	uint32_t cg = set_cgroup(m, s);
	int r;

	*misc_cg = MODEL_NONE;
	if (m->cg_forms & IOASID_MODEL_CG_IOASIDS) {
		/* a set's ioasids charges all live in one cgroup: the
		 * process's (moves carry them along) */
		if (s->ioasids_cg != MODEL_NONE && s->ioasids_cg != cg)
			model_cg_move(m, s, cg);
		r = ioasids_try_charge(m, cg);
		if (r)
			return r;
		s->ioasids_cg = cg;
		s->ioasids_charged++;
	}
	if (m->cg_forms & IOASID_MODEL_CG_MISC) {
		r = misc_try_charge(m, cg);
		if (r) {
			if (m->cg_forms & IOASID_MODEL_CG_IOASIDS) {
				ioasids_uncharge(m, s->ioasids_cg, 1);
				s->ioasids_charged--;
			}
			return r;
		}
		*misc_cg = cg;
	}
	return 0;
}

void model_cg_uncharge(struct ioasid_model *m, struct mset *s, uint32_t misc_cg)
{
	if ((m->cg_forms & IOASID_MODEL_CG_IOASIDS) && s->ioasids_charged) {
		ioasids_uncharge(m, s->ioasids_cg, 1);
		s->ioasids_charged--;
	}
	if (misc_cg != MODEL_NONE)
		misc_uncharge(m, misc_cg);
}

/* Organizational change: uncharge the old hierarchy, charge the new one
 * without limit checks (seed:4258 "moving processes across cgroups are
 * exempted"). */
void model_cg_move(struct ioasid_model *m, struct mset *s, uint32_t to)
{
	if (!(m->cg_forms & IOASID_MODEL_CG_IOASIDS) || s->ioasids_cg == to)
		return;
	if (s->ioasids_cg != MODEL_NONE && s->ioasids_charged) {
		ioasids_uncharge(m, s->ioasids_cg, s->ioasids_charged);
		for (uint32_t i = to; i != MODEL_NONE; i = m->cgs[i].parent)
			m->cgs[i].io_cur += s->ioasids_charged;
	}
	s->ioasids_cg = to;
}
