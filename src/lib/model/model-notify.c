// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Notifications of the model (V4 09/18 and 10/18, seed:5270-5360 and
 * seed:5100-5240; v3 ioasid_register_notifier_mm, seed:7817-7870):
 *  - the global chain (ioasid_register_notifier(NULL, nb)) and per-set
 *    chains; BIND and UNBIND go to the set's chain only
 *    (IOASID_NOTIFY_FLAG_SET, seed:5333, 5341); FREE goes to both (the
 *    crawl lost its ioasid_notify call; the VT-d listener that handles FREE
 *    registers on the global chain, seed:4836 and 8700 "Listen to all
 *    PASIDs, not specific to a set");
 *  - per-mm notifiers wait in a pending list until the mm's set exists,
 *    join its chain when it is created and go back to pending when it is
 *    destroyed (seed:5143-5200);
 *  - every notification also enters the event queue (the netlink
 *    multicast group `notify` of the ABI) with a sequence number;
 *  - ALLOC (ioasid-abi(7) version 3) enters the event queue only, so that a
 *    subscriber sees every IOASID appear; no chain receives it (chains 0).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/export.h"
#include "model/model.h"

enum { NB_GLOBAL, NB_SET, NB_MM };

IOASID_EXPORT const char *ioasid_model_event_name(enum ioasid_model_event_type t)
{
	switch (t) {
	case IOASID_MODEL_EV_FREE:
		return "free";
	case IOASID_MODEL_EV_BIND:
		return "bind";
	case IOASID_MODEL_EV_UNBIND:
		return "unbind";
	case IOASID_MODEL_EV_ALLOC:
		return "alloc";
	}
	return "unknown";
}

static struct mnotifier *nb_find(const struct ioasid_model *m, int64_t id)
{
	for (size_t i = 0; i < m->nnbs; i++)
		if (m->nbs[i].id == id)
			return &m->nbs[i];
	return NULL;
}

static struct mnotifier *nb_new(struct ioasid_model *m)
{
	if (m->nnbs == m->nbs_cap) {
		size_t ncap = m->nbs_cap ? m->nbs_cap * 2 : 16;
		struct mnotifier *v = realloc(m->nbs, ncap * sizeof(*v));
		if (!v)
			return NULL;
		m->nbs = v;
		m->nbs_cap = ncap;
	}
	struct mnotifier *n = &m->nbs[m->nnbs++];
	memset(n, 0, sizeof(*n));
	n->id = ++m->nb_next;
	return n;
}

static void nb_remove(struct ioasid_model *m, struct mnotifier *n)
{
	/* keep registration order: chains call in the order of registration */
	size_t i = (size_t)(n - m->nbs);

	memmove(&m->nbs[i], &m->nbs[i + 1], (m->nnbs - i - 1) * sizeof(*n));
	m->nnbs--;
}

IOASID_EXPORT int64_t ioasid_model_notifier_register(struct ioasid_model *m, uint32_t set,
						     ioasid_model_notify_fn fn, void *arg)
{
	struct mnotifier *n;

	if (!fn)
		return -EINVAL;
	if (set != IOASID_MODEL_ANY_SET && !model_set(m, set))
		return -EINVAL;
	n = nb_new(m);
	if (!n)
		return -ENOMEM;
	n->kind = set == IOASID_MODEL_ANY_SET ? NB_GLOBAL : NB_SET;
	n->set = set == IOASID_MODEL_ANY_SET ? MODEL_NONE : set;
	n->fn = fn;
	n->arg = arg;
	return n->id;
}

IOASID_EXPORT int ioasid_model_notifier_unregister(struct ioasid_model *m, int64_t id)
{
	struct mnotifier *n = nb_find(m, id);

	if (!n)
		return -ENOENT;
	/* "Cannot unregister NB from pending list" (seed:5166) */
	if (n->kind == NB_MM)
		return -EBUSY;
	nb_remove(m, n);
	return 0;
}

IOASID_EXPORT int64_t ioasid_model_notifier_register_mm(struct ioasid_model *m, uint64_t mm,
							ioasid_model_notify_fn fn, void *arg)
{
	struct mnotifier *n;
	int64_t set;

	if (!mm || !fn)
		return -EINVAL;
	/* "Check for duplicates, nb is unique per set" (seed:7826) */
	for (size_t i = 0; i < m->nnbs; i++)
		if (m->nbs[i].kind == NB_MM && m->nbs[i].mm == mm && m->nbs[i].fn == fn &&
		    m->nbs[i].arg == arg)
			return -EBUSY;
	set = ioasid_model_set_by_mm(m, mm);
	/* "Only register empty set for now" (seed:7844-7849) */
	if (set >= 0 && model_set(m, (uint32_t)set)->nr)
		return -EBUSY;
	n = nb_new(m);
	if (!n)
		return -ENOMEM;
	n->kind = NB_MM;
	n->mm = mm;
	n->set = set >= 0 ? (uint32_t)set : MODEL_NONE;
	n->fn = fn;
	n->arg = arg;
	return n->id;
}

IOASID_EXPORT int ioasid_model_notifier_unregister_mm(struct ioasid_model *m, int64_t id)
{
	struct mnotifier *n = nb_find(m, id);

	if (!n || n->kind != NB_MM)
		return -ENOENT;
	nb_remove(m, n);
	return 0;
}

IOASID_EXPORT int ioasid_model_notifier_mm_active(const struct ioasid_model *m, int64_t id)
{
	const struct mnotifier *n = nb_find(m, id);

	if (!n || n->kind != NB_MM)
		return -ENOENT;
	return n->set != MODEL_NONE;
}

/* ioasid_add_pending_nb (seed:5143-5161) */
void model_notifiers_set_created(struct ioasid_model *m, struct mset *s)
{
	if (s->type != IOASID_MODEL_SET_MM)
		return;
	for (size_t i = 0; i < m->nnbs; i++)
		if (m->nbs[i].kind == NB_MM && m->nbs[i].mm == s->mm && m->nbs[i].set == MODEL_NONE)
			m->nbs[i].set = s->id;
}

/* "Restore pending status of the set NBs" (seed:5191-5199); per-set
 * notifiers of the set go with it. */
void model_notifiers_set_destroyed(struct ioasid_model *m, struct mset *s)
{
	for (size_t i = 0; i < m->nnbs;) {
		struct mnotifier *n = &m->nbs[i];
		if (n->kind == NB_MM && n->set == s->id) {
			n->set = MODEL_NONE;
		} else if (n->kind == NB_SET && n->set == s->id) {
			nb_remove(m, n);
			continue;
		}
		i++;
	}
}

void model_notify(struct ioasid_model *m, uint32_t ioasid, enum ioasid_model_event_type t,
		  unsigned chains)
{
	const struct mioasid *d = model_ioasid(m, ioasid);
	const struct mset *s = model_set(m, d->set);
	const struct mproc *p = s->type == IOASID_MODEL_SET_MM ? model_proc_by_mm(m, s->mm) : NULL;
	struct ioasid_model_event ev = {
		.seq = ++m->seq,
		.type = t,
		.ioasid = ioasid,
		.set = d->set,
		.spid = d->spid,
		.mm = s->mm,
		.chains = chains,
		.pid = p ? p->pid : -1,
	};

	m->ring[(ev.seq - 1) % m->ring_cap] = ev;
	/* ioasid_notify (seed:5303-5322): global chain first, then the set's */
	if (chains & IOASID_MODEL_CHAIN_GLOBAL)
		for (size_t i = 0; i < m->nnbs; i++)
			if (m->nbs[i].kind == NB_GLOBAL)
				m->nbs[i].fn(m->nbs[i].arg, &ev);
	if (chains & IOASID_MODEL_CHAIN_SET)
		for (size_t i = 0; i < m->nnbs; i++)
			if (m->nbs[i].kind != NB_GLOBAL && m->nbs[i].set == d->set)
				m->nbs[i].fn(m->nbs[i].arg, &ev);
}

IOASID_EXPORT size_t ioasid_model_events_read(const struct ioasid_model *m, uint64_t *cursor,
					      struct ioasid_model_event *out, size_t max,
					      uint64_t *lost)
{
	uint64_t oldest = m->seq >= m->ring_cap ? m->seq - m->ring_cap + 1 : 1;
	uint64_t next = *cursor + 1;
	size_t n = 0;

	if (lost)
		*lost = 0;
	if (next < oldest) {
		if (lost)
			*lost = oldest - next;
		next = oldest;
	}
	while (n < max && next <= m->seq) {
		out[n++] = m->ring[(next - 1) % m->ring_cap];
		next++;
	}
	*cursor = next - 1;
	return n;
}

IOASID_EXPORT uint64_t ioasid_model_events_last_seq(const struct ioasid_model *m)
{
	return m->seq;
}
