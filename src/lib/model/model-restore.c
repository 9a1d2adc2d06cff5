// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Rebuilding a saved model state (the emulated host writes one generation
 * directory per state and reads it back). Everything goes through the
 * same structures as the live operations; charges are recomputed from the
 * restored IOASIDs and checked by ioasid_model_check().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/export.h"
#include "model/model.h"

IOASID_EXPORT const char *ioasid_model_cgroup_path(const struct ioasid_model *m, uint32_t i)
{
	return i < m->ncgs && !m->cgs[i].removed ? m->cgs[i].path : NULL;
}

IOASID_EXPORT int ioasid_model_restore_counters(struct ioasid_model *m, uint32_t total,
						uint32_t reserved, uint32_t next_set,
						uint64_t last_seq)
{
	if (total < 2 || total > IOASID_MODEL_PASID_MAX || reserved > total || !next_set ||
	    next_set == IOASID_MODEL_ANY_SET)
		return -EINVAL;
	/* before any set: each restored set takes its quota again */
	if (m->nsets || m->seq)
		return -EBUSY;
	m->cap_total = total;
	m->cap_avail = total - reserved;
	m->set_next = next_set;
	m->seq = last_seq;
	return 0;
}

IOASID_EXPORT int ioasid_model_restore_cgroup(struct ioasid_model *m,
					      const struct ioasid_model_cgroup_info *c)
{
	uint32_t i = model_cgroup_find(m, c->path);
	int r;

	if (i == MODEL_NONE) {
		r = ioasid_model_cgroup_create(m, c->path);
		if (r)
			return r;
		i = model_cgroup_find(m, c->path);
	}
	struct mcgroup *g = &m->cgs[i];
	if (i != 0) {
		g->io_max = c->ioasids_max;
		g->misc_max = c->misc_max;
	}
	g->io_events = c->ioasids_events;
	g->misc_peak = c->misc_peak;
	g->misc_events = c->misc_events;
	g->misc_events_local = c->misc_events_local;
	return 0;
}

IOASID_EXPORT int ioasid_model_restore_proc(struct ioasid_model *m,
					    const struct ioasid_model_proc_info *p)
{
	int r = ioasid_model_proc_add(m, p->pid, p->mm, p->cgroup);

	if (r)
		return r;
	if (p->opened) {
		uint64_t v;
		mhash_get(&m->pids, (uint64_t)p->pid, &v);
		m->procs[v].opened = true;
	}
	return 0;
}

IOASID_EXPORT int ioasid_model_restore_set(struct ioasid_model *m, uint32_t id,
					   enum ioasid_model_set_type type, uint64_t mm,
					   uint32_t quota, const char *cgroup)
{
	uint32_t next = m->set_next;
	int64_t r;

	if (!id || id == IOASID_MODEL_ANY_SET || model_set(m, id))
		return -EINVAL;
	/* set_alloc hands out set_next: point it at id, then put it back */
	m->set_next = id;
	m->restoring = true;
	r = ioasid_model_set_alloc(m, type, mm, quota);
	m->restoring = false;
	m->set_next = next > id ? next : id + 1;
	if (r < 0)
		return (int)r;
	if (cgroup && *cgroup) {
		uint32_t cg = model_cgroup_find(m, cgroup);
		if (cg == MODEL_NONE)
			return -ENOENT;
		model_set(m, id)->ioasids_cg = cg;
	}
	return 0;
}

IOASID_EXPORT int ioasid_model_restore_ioasid(struct ioasid_model *m,
					      const struct ioasid_model_ioasid_info *i,
					      const char *misc_cgroup)
{
	struct mset *s = model_set(m, i->set);
	uint32_t misc = MODEL_NONE;
	struct mioasid *d;

	if (!s || !i->id || i->id >= IOASID_MODEL_PASID_MAX || model_ioasid(m, i->id) || !i->refs ||
	    i->state > IOASID_MODEL_FREE_PENDING || s->nr >= s->quota)
		return -EINVAL;
	if (i->spid != IOASID_MODEL_INVALID &&
	    mhash_get(&m->spids, spid_key(i->set, i->spid), NULL))
		return -EEXIST;
	if (misc_cgroup) {
		misc = model_cgroup_find(m, misc_cgroup);
		if (misc == MODEL_NONE)
			return -ENOENT;
	}
	if (i->spid != IOASID_MODEL_INVALID &&
	    mhash_put(&m->spids, spid_key(i->set, i->spid), i->id))
		return -ENOMEM;
	d = model_ioasid_insert(m, i->id);
	if (!d)
		return -ENOMEM;
	memset(d, 0, sizeof(*d));
	d->set = i->set;
	d->spid = i->spid;
	d->refs = i->refs;
	d->state = (uint8_t)i->state;
	d->prq = i->prq;
	d->misc_cg = misc;
	model_list_add_tail(m, s, i->id);
	s->nr++;
	if (s->type == IOASID_MODEL_SET_MM && (m->cg_forms & IOASID_MODEL_CG_IOASIDS)) {
		if (s->ioasids_cg == MODEL_NONE) {
			const struct mproc *p = model_proc_by_mm(m, s->mm);
			s->ioasids_cg = p ? p->cg : 0;
		}
		for (uint32_t c = s->ioasids_cg; c != MODEL_NONE; c = m->cgs[c].parent)
			m->cgs[c].io_cur++;
		s->ioasids_charged++;
	}
	for (uint32_t c = misc; c != MODEL_NONE; c = m->cgs[c].parent)
		m->cgs[c].misc_cur++;
	return 0;
}

IOASID_EXPORT int ioasid_model_restore_unit(struct ioasid_model *m,
					    const struct ioasid_model_unit_info *u)
{
	int r = ioasid_model_unit_add(m, u->name);

	if (r && r != -EEXIST)
		return r;
	for (size_t i = 0; i < m->nunits; i++)
		if (!strcmp(m->units[i].name, u->name)) {
			m->units[i].prq = u->prq;
			m->units[i].prq_invalid = u->prq_invalid;
		}
	return 0;
}
