// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The IOASID core of the seed (drivers/iommu/ioasid.c of the V4 series,
 * seed:4700-6660; v3 where V4 lost the text, seed:7700-8935): capacity,
 * sets with quotas, IOASIDs with states and references, SPIDs.
 * Notifications and events are in model-notify.c, cgroups in
 * model-cgroup.c, processes and page requests in model-proc.c.
 *
 * Choices where the seed is silent or disagrees with itself (also in
 * ioasid-model.h and the final report):
 *  - ACTIVE: the seed defines the state (seed:5286) but the crawl lost the
 *    code that enters it. Here an IOASID is ACTIVE while in use: a
 *    reference beyond the allocation's (get) or an SPID (bind); it goes
 *    back to IDLE when neither remains.
 *  - alloc charges the cgroup before checking the quota (seed:4497-4500);
 *    a quota refusal uncharges (the seed's quota branch jumps past the
 *    uncharge in exit_free, seed:4508: a leak the model does not copy).
 *  - set quota 0 is refused (-EINVAL): v3 adjust refuses quota <= 0
 *    (seed:7908) and a set that can hold nothing is useless.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/export.h"
#include "model/model.h"

struct mioasid *model_ioasid(const struct ioasid_model *m, uint32_t id)
{
	if (id >= IOASID_MODEL_PASID_MAX || !mbitmap_test(&m->ids, id))
		return NULL;
	return &m->chunks[id >> MODEL_CHUNK_BITS][id & (MODEL_CHUNK - 1)];
}

struct mset *model_set(const struct ioasid_model *m, uint32_t id)
{
	return id < m->nsets_cap ? m->sets[id] : NULL;
}

IOASID_EXPORT int ioasid_model_new(struct ioasid_model **out, unsigned cg_forms, size_t ring)
{
	struct ioasid_model *m = calloc(1, sizeof(*m));

	*out = NULL;
	if (!m)
		return -ENOMEM;
	m->cg_forms = cg_forms & (IOASID_MODEL_CG_IOASIDS | IOASID_MODEL_CG_MISC);
	/* static ioasid_t ioasid_capacity = PCI_PASID_MAX (seed:6385-6386) */
	m->cap_total = m->cap_avail = IOASID_MODEL_PASID_MAX;
	m->set_next = 1;
	m->ring_cap = ring ? ring : 65536;
	m->ring = calloc(m->ring_cap, sizeof(*m->ring));
	if (!m->ring || mbitmap_init(&m->ids, IOASID_MODEL_PASID_MAX) || model_cgroup_init(m)) {
		ioasid_model_free(m);
		return -ENOMEM;
	}
	*out = m;
	return 0;
}

IOASID_EXPORT void ioasid_model_free(struct ioasid_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < MODEL_NCHUNKS; i++)
		free(m->chunks[i]);
	for (size_t i = 0; i < m->nsets_cap; i++)
		free(m->sets[i]);
	free(m->sets);
	mbitmap_destroy(&m->ids);
	mhash_free(&m->spids);
	mhash_free(&m->mm_sets);
	model_cgroup_destroy(m);
	model_proc_destroy(m);
	free(m->nbs);
	free(m->ring);
	free(m->units);
	free(m);
}

IOASID_EXPORT unsigned ioasid_model_cg_forms(const struct ioasid_model *m)
{
	return m->cg_forms;
}

IOASID_EXPORT const char *ioasid_model_state_name(enum ioasid_model_state s)
{
	switch (s) {
	case IOASID_MODEL_IDLE:
		return "idle";
	case IOASID_MODEL_ACTIVE:
		return "active";
	case IOASID_MODEL_FREE_PENDING:
		return "free_pending";
	}
	return "unknown";
}

IOASID_EXPORT const char *ioasid_model_set_type_name(enum ioasid_model_set_type t)
{
	switch (t) {
	case IOASID_MODEL_SET_NULL:
		return "null";
	case IOASID_MODEL_SET_MM:
		return "mm";
	}
	return "unknown";
}

/* ---------------------------------------------------------------- capacity */

IOASID_EXPORT int ioasid_model_install_capacity(struct ioasid_model *m, uint32_t total)
{
	if (total < 2 || total > IOASID_MODEL_PASID_MAX)
		return -EINVAL;
	/* seed:6398: "if (ioasid_capacity && ioasid_capacity != PCI_PASID_MAX)"
	 * -> "IOASID capacity is already set." and nothing changes. */
	if (m->cap_total && m->cap_total != IOASID_MODEL_PASID_MAX)
		return -EEXIST;
	if (m->nsets)
		return -EBUSY;
	m->cap_total = m->cap_avail = total;
	return 0;
}

IOASID_EXPORT int64_t ioasid_model_reserve_capacity(struct ioasid_model *m, uint32_t nr)
{
	if (nr > m->cap_avail)
		return -ENOSPC;
	if (!nr)
		nr = m->cap_avail;
	m->cap_avail -= nr;
	return nr;
}

IOASID_EXPORT int64_t ioasid_model_cancel_capacity(struct ioasid_model *m, uint32_t nr)
{
	if ((uint64_t)nr + m->cap_avail > m->cap_total)
		return -EINVAL;
	/* The seed trusts the caller not to return more than it reserved
	 * (seed:6436-6438); the model also refuses to hand back capacity that
	 * is held as set quotas, so total = available + reserved + quotas holds. */
	if ((uint64_t)nr + m->cap_avail + m->quotas > m->cap_total)
		return -EINVAL;
	m->cap_avail += nr;
	return m->cap_avail;
}

IOASID_EXPORT void ioasid_model_get_capacity(const struct ioasid_model *m,
					     struct ioasid_model_capacity *c)
{
	memset(c, 0, sizeof(*c));
	c->total = m->cap_total;
	c->available = m->cap_avail;
	c->quotas = m->quotas;
	c->reserved = m->cap_total - m->cap_avail - m->quotas;
	c->allocated = m->ids.nset;
	c->installed = m->cap_total != IOASID_MODEL_PASID_MAX;
}

/* -------------------------------------------------------------------- sets */

static void set_info(const struct ioasid_model *m, const struct mset *s,
		     struct ioasid_model_set_info *o)
{
	const struct mproc *p = s->type == IOASID_MODEL_SET_MM ? model_proc_by_mm(m, s->mm) : NULL;

	memset(o, 0, sizeof(*o));
	o->id = s->id;
	o->type = s->type;
	o->mm = s->mm;
	o->owner_pid = p ? p->pid : -1;
	o->quota = s->quota;
	o->nr_ioasids = s->nr;
	if (s->ioasids_cg != MODEL_NONE)
		snprintf(o->cgroup, sizeof(o->cgroup), "%s", m->cgs[s->ioasids_cg].path);
	else if (p)
		snprintf(o->cgroup, sizeof(o->cgroup), "%s", m->cgs[p->cg].path);
}

/* The first free set ID at or after from (wrapping past 0xfffffffe to 1),
 * 0 when all are taken */
static uint32_t set_id_free(const struct ioasid_model *m, uint32_t from)
{
	const uint32_t top = IOASID_MODEL_ANY_SET - 1;

	if (from < 1 || from > top)
		from = 1;
	for (uint32_t id = from;;) {
		if (id >= m->nsets_cap || !m->sets[id])
			return id;
		id = id == top ? 1 : id + 1;
		if (id == from)
			return 0;
	}
}

IOASID_EXPORT int64_t ioasid_model_set_alloc(struct ioasid_model *m,
					     enum ioasid_model_set_type type, uint64_t mm,
					     uint32_t quota)
{
	uint32_t id;
	struct mset *s;

	if (type == IOASID_MODEL_SET_MM) {
		if (!mm)
			return -EINVAL;
		if (mhash_get(&m->mm_sets, mm, NULL))
			return -EEXIST;
		/* the token is a live process's mm */
		if (!model_proc_by_mm(m, mm) && !m->restoring)
			return -ENOENT;
	} else if (type != IOASID_MODEL_SET_NULL || mm) {
		/* patch 5 only allows a NULL token for the NULL type (seed:7331) */
		return -EINVAL;
	}
	if (!quota)
		return -EINVAL;
	if (quota > m->cap_avail)
		return -ENOSPC;
	/* IDs are taken cyclically from [1, 0xfffffffe], as the reference
	 * module's xa_alloc_cyclic(): the first free one from set_next, else
	 * the first free one from 1; an ID comes back only after a wrap */
	id = set_id_free(m, m->set_next);
	if (!id)
		return -ENOSPC;
	if (id >= m->nsets_cap) {
		size_t ncap = m->nsets_cap ? m->nsets_cap * 2 : 64;
		while (ncap <= id)
			ncap *= 2;
		struct mset **v = realloc(m->sets, ncap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		memset(v + m->nsets_cap, 0, (ncap - m->nsets_cap) * sizeof(*v));
		m->sets = v;
		m->nsets_cap = ncap;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (type == IOASID_MODEL_SET_MM && mhash_put(&m->mm_sets, mm, id)) {
		free(s);
		return -ENOMEM;
	}
	s->id = id;
	s->type = type;
	s->mm = mm;
	s->quota = quota;
	s->head = s->tail = MODEL_NONE;
	s->ioasids_cg = MODEL_NONE;
	m->sets[id] = s;
	m->set_next = id + 1;
	m->nsets++;
	m->cap_avail -= quota;
	m->quotas += quota;
	model_notifiers_set_created(m, s);
	return id;
}

static void set_destroy(struct ioasid_model *m, struct mset *s)
{
	model_notifiers_set_destroyed(m, s);
	if (s->type == IOASID_MODEL_SET_MM)
		mhash_del(&m->mm_sets, s->mm);
	m->cap_avail += s->quota;
	m->quotas -= s->quota;
	m->sets[s->id] = NULL;
	m->nsets--;
	free(s);
}

IOASID_EXPORT int ioasid_model_set_free(struct ioasid_model *m, uint32_t set)
{
	struct mset *s = model_set(m, set);

	/* "if (!ioasid_set_is_valid(set))" -> -EINVAL (seed:5183) */
	if (!s)
		return -EINVAL;
	if (s->nr)
		return -EBUSY;
	set_destroy(m, s);
	return 0;
}

IOASID_EXPORT int ioasid_model_set_adjust(struct ioasid_model *m, uint32_t set, int64_t quota)
{
	struct mset *s = model_set(m, set);

	/* no upper bound in the seed: a quota past the capacity is an increase
	 * past the available capacity, -ENOSPC below (seed:7919-7923) */
	if (quota <= 0 || !s)
		return -EINVAL;
	/* "New quota %d is smaller than outstanding IOASIDs %d" (seed:7913) */
	if (s->nr > quota)
		return -EINVAL;
	if (quota > s->quota && quota - s->quota > m->cap_avail)
		return -ENOSPC;
	/* "Return the delta back to system pool" (seed:7925) */
	m->cap_avail = (uint32_t)((int64_t)m->cap_avail + s->quota - quota);
	m->quotas = (uint32_t)((int64_t)m->quotas - s->quota + quota);
	s->quota = (uint32_t)quota;
	return 0;
}

IOASID_EXPORT int ioasid_model_set_get_info(const struct ioasid_model *m, uint32_t set,
					    struct ioasid_model_set_info *out)
{
	const struct mset *s = model_set(m, set);

	if (!s)
		return -ENOENT;
	set_info(m, s, out);
	return 0;
}

IOASID_EXPORT int64_t ioasid_model_set_by_mm(const struct ioasid_model *m, uint64_t mm)
{
	uint64_t v;

	if (!mm || !mhash_get(&m->mm_sets, mm, &v))
		return -ENOENT;
	return (int64_t)v;
}

IOASID_EXPORT size_t ioasid_model_nr_sets(const struct ioasid_model *m)
{
	return m->nsets;
}

IOASID_EXPORT uint32_t ioasid_model_next_set_id(const struct ioasid_model *m)
{
	return m->set_next;
}

IOASID_EXPORT int ioasid_model_set_next(const struct ioasid_model *m, uint32_t from,
					struct ioasid_model_set_info *out)
{
	for (size_t i = from; i < m->nsets_cap; i++)
		if (m->sets[i]) {
			set_info(m, m->sets[i], out);
			return 0;
		}
	return -ENOENT;
}

/* ---------------------------------------------------------------- IOASIDs */

void model_list_add_tail(struct ioasid_model *m, struct mset *s, uint32_t id)
{
	struct mioasid *d = model_ioasid(m, id);

	d->prev = s->tail;
	d->next = MODEL_NONE;
	if (s->tail != MODEL_NONE)
		model_ioasid(m, s->tail)->next = id;
	else
		s->head = id;
	s->tail = id;
}

static void list_del(struct ioasid_model *m, struct mset *s, uint32_t id)
{
	struct mioasid *d = model_ioasid(m, id);

	if (d->prev != MODEL_NONE)
		model_ioasid(m, d->prev)->next = d->next;
	else
		s->head = d->next;
	if (d->next != MODEL_NONE)
		model_ioasid(m, d->next)->prev = d->prev;
	else
		s->tail = d->prev;
}

/* Allocate a new IOASID slot (bitmap + chunk); the caller fills it. */
struct mioasid *model_ioasid_insert(struct ioasid_model *m, uint32_t id)
{
	struct mioasid **c = &m->chunks[id >> MODEL_CHUNK_BITS];

	if (!*c) {
		*c = calloc(MODEL_CHUNK, sizeof(**c));
		if (!*c)
			return NULL;
	}
	mbitmap_set(&m->ids, id);
	return &(*c)[id & (MODEL_CHUNK - 1)];
}

IOASID_EXPORT int64_t ioasid_model_alloc(struct ioasid_model *m, uint32_t set, uint32_t min,
					 uint32_t max)
{
	struct mset *s = model_set(m, set);
	uint32_t misc_cg = MODEL_NONE, id;
	struct mioasid *d;
	int r;

	/* "if (!set || !ioasid_set_is_valid(set))" (seed:4494) */
	if (!s)
		return -EINVAL;
	/* iommu_sva_alloc_pasid (seed:665-670): "min == INVALID_IOASID ||
	 * max == INVALID_IOASID || min == 0 || max < min" -> -EINVAL; PASID 0
	 * is never allocated from a set (seed:7461) */
	if (min == IOASID_MODEL_INVALID || max == IOASID_MODEL_INVALID || min == 0 || max < min)
		return -EINVAL;
	/* The capacity is a count, enforced through the set quotas taken from
	 * it; the seed's xa_alloc takes any ID in [min, max]. The model's ID
	 * space is the 20-bit PASID (what the hardware can tag). */
	if (max >= IOASID_MODEL_PASID_MAX)
		max = IOASID_MODEL_PASID_MAX - 1;
	/* MM sets are charged first (seed:4497) */
	if (s->type == IOASID_MODEL_SET_MM) {
		r = model_cg_charge(m, s, &misc_cg);
		if (r)
			return r;
	}
	/* "if (set->quota <= atomic_read(&set->nr_ioasids))" (seed:4500) */
	if (s->quota <= s->nr) {
		r = -ENOSPC;
		goto uncharge;
	}
	id = min <= max ? mbitmap_find_clear(&m->ids, min, max) : UINT32_MAX;
	if (id == UINT32_MAX) {
		r = -ENOSPC;
		goto uncharge;
	}
	d = model_ioasid_insert(m, id);
	if (!d) {
		r = -ENOMEM;
		goto uncharge;
	}
	memset(d, 0, sizeof(*d));
	d->set = set;
	d->spid = IOASID_MODEL_INVALID;
	d->refs = 1;
	d->state = IOASID_MODEL_IDLE;
	d->misc_cg = misc_cg;
	model_list_add_tail(m, s, id);
	s->nr++;
	/* ioasid-abi(7) version 3: the notify group's ALLOC, chains none */
	model_notify(m, id, IOASID_MODEL_EV_ALLOC, 0);
	return id;
uncharge:
	if (s->type == IOASID_MODEL_SET_MM)
		model_cg_uncharge(m, s, misc_cg);
	return r;
}

/* ioasid_do_free_locked (seed:4510-4517): uncharge, erase, destroy the set
 * when it is empty. */
static void do_free(struct ioasid_model *m, uint32_t id)
{
	struct mioasid *d = model_ioasid(m, id);
	struct mset *s = model_set(m, d->set);

	if (d->spid != IOASID_MODEL_INVALID)
		mhash_del(&m->spids, spid_key(d->set, d->spid));
	list_del(m, s, id);
	s->nr--;
	if (s->type == IOASID_MODEL_SET_MM)
		model_cg_uncharge(m, s, d->misc_cg);
	mbitmap_clear(&m->ids, id);
	memset(d, 0, sizeof(*d));
	if (!s->nr)
		set_destroy(m, s);
}

/* In use: a reference beyond the allocation's, or an SPID. */
static void update_state(struct mioasid *d)
{
	if (d->state == IOASID_MODEL_FREE_PENDING)
		return;
	d->state = (d->refs > 1 || d->spid != IOASID_MODEL_INVALID) ? IOASID_MODEL_ACTIVE
								    : IOASID_MODEL_IDLE;
}

IOASID_EXPORT int ioasid_model_free_ioasid(struct ioasid_model *m, uint32_t set, uint32_t ioasid)
{
	struct mioasid *d = model_ioasid(m, ioasid);

	/* "Trying to free unknown IOASID %u" (seed:5439): -EINVAL as get */
	if (!d)
		return -EINVAL;
	/* "Cannot free IOASID %u due to set ownership" (seed:5444): the code
	 * compares without a NULL case (seed:5443), so unlike get and put a
	 * NULL set (IOASID_MODEL_ANY_SET) never matches; the comment's "If not
	 * NULL" (seed:5469) loses to the code */
	if (d->set != set)
		return -EACCES;
	/* "Free is already in progress" (seed:5451) */
	if (d->state == IOASID_MODEL_FREE_PENDING)
		return 0;
	d->state = IOASID_MODEL_FREE_PENDING;
	if (--d->refs == 0) {
		/* no user other than the core: nobody to notify (seed:5456) */
		do_free(m, ioasid);
		return 1;
	}
	/* users left must clean up: FREE to every listener (the VT-d
	 * handler listens on the global chain, seed:4836, 4858) */
	model_notify(m, ioasid, IOASID_MODEL_EV_FREE,
		     IOASID_MODEL_CHAIN_GLOBAL | IOASID_MODEL_CHAIN_SET);
	return 0;
}

static int get_locked(struct ioasid_model *m, uint32_t set, uint32_t ioasid)
{
	struct mioasid *d = model_ioasid(m, ioasid);

	if (!d)
		return -EINVAL;
	if (d->state == IOASID_MODEL_FREE_PENDING)
		return -EBUSY;
	if (set != IOASID_MODEL_ANY_SET && d->set != set)
		return -EACCES;
	if (d->refs == UINT32_MAX)
		return -EOVERFLOW;
	d->refs++;
	update_state(d);
	return 0;
}

IOASID_EXPORT int ioasid_model_get(struct ioasid_model *m, uint32_t set, uint32_t ioasid)
{
	return get_locked(m, set, ioasid);
}

IOASID_EXPORT int ioasid_model_get_if_owned(struct ioasid_model *m, uint64_t mm, uint32_t ioasid)
{
	struct mioasid *d = model_ioasid(m, ioasid);
	struct mset *s;

	if (!d)
		return -ENOENT;
	s = model_set(m, d->set);
	if (s->type != IOASID_MODEL_SET_MM)
		return -EINVAL;
	if (s->mm != mm)
		return -EPERM;
	return get_locked(m, d->set, ioasid);
}

IOASID_EXPORT int ioasid_model_put(struct ioasid_model *m, uint32_t set, uint32_t ioasid)
{
	struct mioasid *d = model_ioasid(m, ioasid);

	if (!d)
		return -EINVAL;
	if (set != IOASID_MODEL_ANY_SET && d->set != set)
		return -EACCES;
	if (--d->refs == 0) {
		do_free(m, ioasid);
		return 1;
	}
	update_state(d);
	return 0;
}

static void ioasid_info(const struct mioasid *d, uint32_t id, struct ioasid_model_ioasid_info *o)
{
	o->id = id;
	o->set = d->set;
	o->spid = d->spid;
	o->state = (enum ioasid_model_state)d->state;
	o->refs = d->refs;
	o->prq = d->prq;
	o->misc_cg = d->misc_cg;
}

IOASID_EXPORT int ioasid_model_ioasid_get_info(const struct ioasid_model *m, uint32_t ioasid,
					       struct ioasid_model_ioasid_info *out)
{
	const struct mioasid *d = model_ioasid(m, ioasid);

	if (!d)
		return -ENOENT;
	ioasid_info(d, ioasid, out);
	return 0;
}

IOASID_EXPORT int ioasid_model_ioasid_next(const struct ioasid_model *m, uint32_t set,
					   uint32_t from, struct ioasid_model_ioasid_info *out)
{
	for (uint32_t id = from;; id++) {
		id = mbitmap_find_set(&m->ids, id);
		if (id == UINT32_MAX)
			return -ENOENT;
		const struct mioasid *d = model_ioasid(m, id);
		if (set == IOASID_MODEL_ANY_SET || d->set == set) {
			ioasid_info(d, id, out);
			return 0;
		}
	}
}

IOASID_EXPORT int ioasid_model_set_free_all(struct ioasid_model *m, uint32_t set)
{
	struct mset *s = model_set(m, set);
	uint32_t id, next;

	if (!s)
		return -ENOENT;
	/* the set may be destroyed by the last free: read links first and
	 * stop when it is gone */
	for (id = s->head; id != MODEL_NONE; id = next) {
		next = model_ioasid(m, id)->next;
		bool last = next == MODEL_NONE;
		ioasid_model_free_ioasid(m, set, id);
		if (last || !model_set(m, set))
			break;
	}
	return 0;
}

/* ------------------------------------------------------------------ SPIDs */

IOASID_EXPORT int ioasid_model_attach_spid(struct ioasid_model *m, uint32_t ioasid, uint32_t spid)
{
	struct mioasid *d;

	if (spid == IOASID_MODEL_INVALID)
		return -EINVAL;
	d = model_ioasid(m, ioasid);
	/* "No IOASID entry %d to attach SPID %d" (seed:5598) */
	if (!d)
		return -ENOENT;
	/* "Check if SPID is unique within the set" (seed:5603) */
	if (mhash_get(&m->spids, spid_key(d->set, spid), NULL))
		return -EINVAL;
	if (mhash_put(&m->spids, spid_key(d->set, spid), ioasid))
		return -ENOMEM;
	if (d->spid != IOASID_MODEL_INVALID)
		mhash_del(&m->spids, spid_key(d->set, d->spid));
	d->spid = spid;
	update_state(d);
	model_notify(m, ioasid, IOASID_MODEL_EV_BIND, IOASID_MODEL_CHAIN_SET);
	return 0;
}

IOASID_EXPORT int ioasid_model_detach_spid(struct ioasid_model *m, uint32_t ioasid)
{
	struct mioasid *d = model_ioasid(m, ioasid);

	if (!d)
		return -ENOENT;
	/* "Invalid IOASID entry %d to detach" (seed:5625) */
	if (d->spid == IOASID_MODEL_INVALID)
		return -EINVAL;
	/* UNBIND goes out while the SPID is still set (seed:5341) */
	model_notify(m, ioasid, IOASID_MODEL_EV_UNBIND, IOASID_MODEL_CHAIN_SET);
	mhash_del(&m->spids, spid_key(d->set, d->spid));
	d->spid = IOASID_MODEL_INVALID;
	update_state(d);
	return 0;
}

IOASID_EXPORT uint32_t ioasid_model_find_by_spid(struct ioasid_model *m, uint32_t set,
						 uint32_t spid, bool get)
{
	uint64_t v;
	struct mioasid *d;

	/* "Invalid set" (seed:5562) */
	if (!model_set(m, set) || !mhash_get(&m->spids, spid_key(set, spid), &v))
		return IOASID_MODEL_INVALID;
	d = model_ioasid(m, (uint32_t)v);
	if (get && d->refs < UINT32_MAX) {
		d->refs++;
		update_state(d);
	}
	return (uint32_t)v;
}

IOASID_EXPORT int ioasid_model_bind(struct ioasid_model *m, uint64_t mm, uint32_t ioasid,
				    uint32_t spid)
{
	int r;

	if (spid == IOASID_MODEL_INVALID)
		return -EINVAL;
	r = ioasid_model_get_if_owned(m, mm, ioasid);
	if (r)
		return r;
	r = ioasid_model_attach_spid(m, ioasid, spid);
	if (r)
		ioasid_model_put(m, IOASID_MODEL_ANY_SET, ioasid);
	return r;
}

IOASID_EXPORT int ioasid_model_unbind(struct ioasid_model *m, uint64_t mm, uint32_t ioasid)
{
	struct mioasid *d = model_ioasid(m, ioasid);
	struct mset *s;
	int r;

	/* the ownership rules of get_if_owned, without taking a reference */
	if (!d)
		return -ENOENT;
	s = model_set(m, d->set);
	if (s->type != IOASID_MODEL_SET_MM)
		return -EINVAL;
	if (s->mm != mm)
		return -EPERM;
	r = ioasid_model_detach_spid(m, ioasid);
	if (r)
		return r;
	/* the reference bind took; may release a FREE_PENDING IOASID */
	ioasid_model_put(m, IOASID_MODEL_ANY_SET, ioasid);
	return 0;
}
