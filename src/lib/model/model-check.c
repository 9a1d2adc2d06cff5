// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Invariants of the model, checked from scratch (for `sim check` and the
 * tests): the capacity adds up, every IOASID is in exactly one set and the
 * set counts agree, SPIDs are unique per set and the index agrees, every
 * cgroup's counters equal what its subtree charged. Linear in the state.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/export.h"
#include "model/model.h"

static int fail(char *msg, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (msg && len) {
		va_start(ap, fmt);
		vsnprintf(msg, len, fmt, ap);
		va_end(ap);
	}
	return -EUCLEAN;
}

static int check_sets(const struct ioasid_model *m, char *msg, size_t len)
{
	uint64_t quotas = 0, total = 0;
	size_t nsets = 0;

	for (size_t i = 0; i < m->nsets_cap; i++) {
		const struct mset *s = m->sets[i];
		uint32_t n = 0, prev = MODEL_NONE;
		uint64_t v;

		if (!s)
			continue;
		nsets++;
		if (s->id != i)
			return fail(msg, len, "set %zu: stored as set %u", i, s->id);
		quotas += s->quota;
		if (s->nr > s->quota)
			return fail(msg, len, "set %u: %u IOASIDs over its quota %u", s->id, s->nr,
				    s->quota);
		if (s->type == IOASID_MODEL_SET_MM &&
		    (!mhash_get(&m->mm_sets, s->mm, &v) || v != s->id))
			return fail(msg, len, "set %u: its mm is not indexed", s->id);
		for (uint32_t id = s->head; id != MODEL_NONE; id = model_ioasid(m, id)->next) {
			const struct mioasid *d = model_ioasid(m, id);
			if (!d)
				return fail(msg, len, "set %u: lists ioasid %u, not allocated",
					    s->id, id);
			if (d->set != s->id)
				return fail(msg, len,
					    "ioasid %u: in the list of set %u, belongs to %u", id,
					    s->id, d->set);
			if (d->prev != prev)
				return fail(msg, len, "set %u: broken list at ioasid %u", s->id,
					    id);
			prev = id;
			if (++n > s->nr)
				break;
		}
		if (n != s->nr)
			return fail(msg, len, "set %u: nr_ioasids %u, lists %u", s->id, s->nr, n);
		if (s->tail != prev)
			return fail(msg, len, "set %u: tail is %u, list ends at %u", s->id, s->tail,
				    prev);
		total += n;
	}
	if (nsets != m->nsets)
		return fail(msg, len, "%zu sets counted, %zu recorded", nsets, m->nsets);
	if (m->mm_sets.n > nsets)
		return fail(msg, len, "%zu mm tokens indexed for %zu sets", m->mm_sets.n, nsets);
	if (quotas != m->quotas)
		return fail(msg, len, "set quotas add up to %llu, recorded %u",
			    (unsigned long long)quotas, m->quotas);
	if ((uint64_t)m->cap_avail + m->quotas > m->cap_total)
		return fail(msg, len, "capacity: available %u + quotas %u exceed total %u",
			    m->cap_avail, m->quotas, m->cap_total);
	if (total > m->cap_total)
		return fail(msg, len, "%llu IOASIDs allocated, capacity %u",
			    (unsigned long long)total, m->cap_total);
	if (total != m->ids.nset)
		return fail(msg, len, "%llu IOASIDs in sets, %u allocated",
			    (unsigned long long)total, m->ids.nset);
	return 0;
}

static int check_ioasids(const struct ioasid_model *m, char *msg, size_t len)
{
	size_t nspids = 0;

	if (mbitmap_test(&m->ids, 0))
		return fail(msg, len, "ioasid 0 is allocated");
	for (uint32_t id = mbitmap_find_set(&m->ids, 0); id != UINT32_MAX;
	     id = mbitmap_find_set(&m->ids, id + 1)) {
		const struct mioasid *d = model_ioasid(m, id);
		uint64_t v;

		if (!model_set(m, d->set))
			return fail(msg, len, "ioasid %u: set %u does not exist", id, d->set);
		if (!d->refs)
			return fail(msg, len, "ioasid %u: allocated without a reference", id);
		if (d->state > IOASID_MODEL_FREE_PENDING)
			return fail(msg, len, "ioasid %u: state %u", id, d->state);
		if (d->state == IOASID_MODEL_ACTIVE && d->refs < 2 &&
		    d->spid == IOASID_MODEL_INVALID)
			return fail(msg, len, "ioasid %u: active without a user", id);
		if (d->spid != IOASID_MODEL_INVALID) {
			nspids++;
			if (!mhash_get(&m->spids, ((uint64_t)d->set << 32) | d->spid, &v) ||
			    v != id)
				return fail(msg, len, "ioasid %u: spid %u not indexed to it", id,
					    d->spid);
		}
	}
	if (nspids != m->spids.n)
		return fail(msg, len, "%zu SPIDs attached, %zu indexed", nspids, m->spids.n);
	return 0;
}

static int check_cgroups(const struct ioasid_model *m, char *msg, size_t len)
{
	uint64_t *io = calloc(m->ncgs, sizeof(*io)), *misc = calloc(m->ncgs, sizeof(*misc));
	uint32_t *procs = calloc(m->ncgs, sizeof(*procs));
	int r = 0;

	if (!io || !misc || !procs) {
		r = -ENOMEM;
		goto out;
	}
	/* charges at their own cgroup, then summed up the tree */
	for (size_t i = 0; i < m->nsets_cap; i++) {
		const struct mset *s = m->sets[i];
		if (!s)
			continue;
		if (s->ioasids_cg != MODEL_NONE)
			for (uint32_t c = s->ioasids_cg; c != MODEL_NONE; c = m->cgs[c].parent)
				io[c] += s->ioasids_charged;
		for (uint32_t id = s->head; id != MODEL_NONE; id = model_ioasid(m, id)->next) {
			uint32_t mc = model_ioasid(m, id)->misc_cg;
			for (uint32_t c = mc; c != MODEL_NONE; c = m->cgs[c].parent)
				misc[c]++;
		}
		if ((m->cg_forms & IOASID_MODEL_CG_IOASIDS) && s->type == IOASID_MODEL_SET_MM &&
		    s->ioasids_charged != s->nr) {
			r = fail(msg, len, "set %u: %u IOASIDs, %u charged to ioasids", s->id,
				 s->nr, s->ioasids_charged);
			goto out;
		}
	}
	for (size_t i = 0; i < m->nprocs; i++)
		if (m->procs[i].pid)
			procs[m->procs[i].cg]++;
	for (size_t i = 0; i < m->ncgs; i++) {
		const struct mcgroup *c = &m->cgs[i];
		if (c->io_cur != io[i]) {
			r = fail(msg, len, "cgroup %s: ioasids.current %llu, charges %llu", c->path,
				 (unsigned long long)c->io_cur, (unsigned long long)io[i]);
			goto out;
		}
		if (c->misc_cur != misc[i]) {
			r = fail(msg, len, "cgroup %s: misc.current ioasid %llu, charges %llu",
				 c->path, (unsigned long long)c->misc_cur,
				 (unsigned long long)misc[i]);
			goto out;
		}
		if (c->misc_cur > c->misc_peak) {
			r = fail(msg, len, "cgroup %s: misc.peak below current", c->path);
			goto out;
		}
		if (c->nprocs != procs[i]) {
			r = fail(msg, len, "cgroup %s: %u processes counted, %u recorded", c->path,
				 procs[i], c->nprocs);
			goto out;
		}
	}
out:
	free(io);
	free(misc);
	free(procs);
	return r;
}

IOASID_EXPORT int ioasid_model_check(const struct ioasid_model *m, char *msg, size_t len)
{
	int r;

	if (msg && len)
		msg[0] = '\0';
	r = check_sets(m, msg, len);
	if (!r)
		r = check_ioasids(m, msg, len);
	if (!r)
		r = check_cgroups(m, msg, len);
	return r;
}
