// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One sample of the host for ioasidtop, through the library's readers
 * only (no kernel format is parsed here): the extension's capacity, sets
 * and IOASID dump (ioasid-ext.h), page-request interrupts per IOMMU
 * (ioasid-prq.h: per_cpu_count where present), cgroup usage and limits
 * (ioasid-cgroup.h), and SVA users when their view is shown
 * (ioasid-sva.h). PCI functions are read once per run (top_devices_load):
 * config space is never read per frame.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "top/top.h"
#include "uapi/ioasid.h"

const char *top_host_kind_name(enum top_host_kind k)
{
	switch (k) {
	case TOP_HOST_LIVE:
		return "live";
	case TOP_HOST_REPLAY:
		return "replay";
	default:
		return "emulated";
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const struct top_set *top_sample_set(const struct top_sample *s, uint32_t id)
{
	size_t lo = 0, hi = s->nsets;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->sets[mid].id == id)
			return &s->sets[mid];
		if (s->sets[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int read_sets(struct ioasid_ctx *ctx, struct top_sample *s)
{
	struct ioasid_ext_set_list l = {0};
	int rc = ioasid_ext_set_list(ctx, &l);

	if (rc < 0)
		return rc;
	s->sets = calloc(l.n ? l.n : 1, sizeof(*s->sets));
	if (!s->sets) {
		ioasid_ext_set_list_free(&l);
		return -ENOMEM;
	}
	for (size_t i = 0; i < l.n; i++) {
		struct top_set *t = &s->sets[i];

		t->id = l.v[i].id;
		t->type = l.v[i].type;
		t->type_err = l.v[i].type_err;
		t->quota = l.v[i].quota;
		t->allocated = l.v[i].allocated;
		t->owner_pid = l.v[i].owner_pid;
		/* take the string: the list is freed without it */
		t->cgroup = l.v[i].cgroup;
		t->cgroup_err = l.v[i].cgroup_err;
		l.v[i].cgroup = NULL;
	}
	s->nsets = l.n;
	ioasid_ext_set_list_free(&l);
	return 0;
}

struct io_acc {
	struct top_sample *s;
	size_t cap;
	bool sorted;
};

static int io_cb(const struct ioasid_ext_rec *r, void *arg)
{
	struct io_acc *a = arg;
	struct top_sample *s = a->s;
	struct top_io *io;

	if (s->nio == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 1024;
		struct top_io *v = realloc(s->io, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->io = v;
		a->cap = cap;
	}
	io = &s->io[s->nio];
	*io = (struct top_io){.ioasid = r->ioasid,
			      .set = r->set,
			      .state = r->state,
			      .refs = r->refs,
			      .prq = r->prq_count};
	if (r->has_pid)
		io->pid = r->pid, io->has_pid = true;
	/* GET_IOASID carries the SPID while one is attached (ioasid-abi(7)
	 * Attributes); the binding dump adds it where a reader filters */
	if (r->has_spid)
		io->spid = r->spid, io->has_spid = true;
	if (s->nio && s->io[s->nio - 1].ioasid >= r->ioasid)
		a->sorted = false;
	s->nio++;
	s->states[r->state <= IOASID_GENL_STATE_FREE_PENDING ? r->state : 3]++;
	return 0;
}

static int cmp_io(const void *a, const void *b)
{
	const struct top_io *x = a, *y = b;

	return x->ioasid < y->ioasid ? -1 : x->ioasid > y->ioasid;
}

static struct top_io *find_io(const struct top_sample *s, uint32_t id)
{
	size_t lo = 0, hi = s->nio;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->io[mid].ioasid == id)
			return &s->io[mid];
		if (s->io[mid].ioasid < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int bind_cb(const struct ioasid_ext_rec *r, void *arg)
{
	struct top_io *io = find_io(arg, r->ioasid);

	if (io && r->has_spid) {
		io->spid = r->spid;
		io->has_spid = true;
	}
	return 0;
}

static int read_ioasids(struct ioasid_ctx *ctx, struct top_sample *s, unsigned want)
{
	struct io_acc a = {.s = s, .sorted = true};
	int rc;

	rc = ioasid_ext_ioasid_dump(ctx, NULL, io_cb, &a, NULL);
	/* a dump the kernel interrupted: once more, then take what came */
	if (rc == -EAGAIN) {
		s->nio = 0;
		memset(s->states, 0, sizeof(s->states));
		rc = ioasid_ext_ioasid_dump(ctx, NULL, io_cb, &a, NULL);
	}
	if (rc < 0)
		return rc;
	if (!a.sorted)
		qsort(s->io, s->nio, sizeof(*s->io), cmp_io);
	/* the per-set sums the sets view shows */
	for (size_t i = 0; i < s->nio; i++) {
		struct top_set *t = (struct top_set *)top_sample_set(s, s->io[i].set);

		if (!t)
			continue;
		switch (s->io[i].state) {
		case IOASID_GENL_STATE_ACTIVE:
			t->active++;
			break;
		case IOASID_GENL_STATE_IDLE:
			t->idle++;
			break;
		case IOASID_GENL_STATE_FREE_PENDING:
			t->free_pending++;
			break;
		}
		t->prq += s->io[i].prq;
	}
	if (want & TOP_WANT_BINDINGS) {
		/* SPIDs: the binding dump joined by IOASID; a failure leaves
		 * them unknown, not the whole sample */
		if (ioasid_ext_binding_dump(ctx, NULL, bind_cb, s, NULL) == 0)
			s->have_bindings = true;
	}
	return 0;
}

/* The units as read are kept for the JSON (the records of ioasidctl prq
 * stats); the rates take a copy of each interrupt's per-CPU counts. */
static int read_units(struct ioasid_ctx *ctx, struct top_sample *s)
{
	struct ioasid_prq_stats st = {0};
	int rc = ioasid_prq_stats(ctx, &st);

	if (rc < 0)
		return rc;
	s->units = calloc(st.n ? st.n : 1, sizeof(*s->units));
	if (!s->units) {
		ioasid_prq_stats_free(&st);
		return -ENOMEM;
	}
	s->prq = st;
	for (size_t i = 0; i < st.n; i++) {
		const struct ioasid_prq_unit *u = &st.v[i];
		struct top_unit *t = &s->units[s->nunits];
		const char *src = ioasid_irq_source_name(u->irq.source);

		snprintf(t->iommu, sizeof(t->iommu), "%s", u->iommu[0] ? u->iommu : "?");
		snprintf(t->source, sizeof(t->source), "%s", src ? src : "");
		t->has_irq = u->has_irq;
		if (u->has_irq) {
			t->total = u->irq.total;
			t->irq.irq = u->irq.irq;
			t->irq.t = s->t;
			t->irq.cpu = malloc((u->irq.ncpus ? u->irq.ncpus : 1) * sizeof(unsigned));
			t->irq.count = malloc((u->irq.ncpus ? u->irq.ncpus : 1) * sizeof(uint64_t));
			if (t->irq.cpu && t->irq.count) {
				memcpy(t->irq.cpu, u->irq.cpu, u->irq.ncpus * sizeof(unsigned));
				memcpy(t->irq.count, u->irq.count, u->irq.ncpus * sizeof(uint64_t));
				t->irq.ncpus = u->irq.ncpus;
				t->irq.valid = true;
			}
		}
		s->nunits++;
	}
	return 0;
}

/* The cgroups as read are kept for the JSON (the objects of ioasidctl
 * cgroup list); the view takes the two limit forms of each. */
static int read_cgroups(struct ioasid_ctx *ctx, struct top_sample *s)
{
	struct ioasid_misc_list l = {0};
	int rc;

	rc = ioasid_cgroup_mount_find(ctx, &s->cgmount);
	rc = rc ?: ioasid_misc_list(ctx, &s->cgmount, &l);
	if (rc < 0)
		return rc;
	s->cgs = calloc(l.n ? l.n : 1, sizeof(*s->cgs));
	if (!s->cgs) {
		ioasid_misc_list_free(&l);
		return -ENOMEM;
	}
	s->misc = l;
	for (size_t i = 0; i < l.n; i++) {
		const struct ioasid_misc_cgroup *cg = &l.v[i];
		const struct ioasid_misc_res *r = ioasid_misc_find(cg, IOASID_MISC_RESOURCE);
		struct top_cg *t = &s->cgs[s->ncg];

		t->path = strdup(cg->path);
		if (!t->path)
			break;
		t->has_ioasids = cg->ioasids.present;
		t->io_cur = cg->ioasids.v[IOASID_IOASIDS_CURRENT];
		t->io_max = cg->ioasids.v[IOASID_IOASIDS_MAX];
		t->io_events = cg->ioasids.v[IOASID_IOASIDS_EVENTS];
		t->io_unlimited = cg->ioasids.max_unlimited;
		t->has_misc = r != NULL;
		if (r) {
			t->misc_cur = r->v[IOASID_MISC_CURRENT];
			t->misc_max = r->v[IOASID_MISC_MAX];
			t->misc_events = r->v[IOASID_MISC_EVENTS];
			t->misc_unlimited = r->max_unlimited;
		} else {
			t->misc_cur.err = t->misc_max.err = t->misc_events.err = ENOENT;
		}
		s->ncg++;
	}
	return 0;
}

int top_sample_extend(struct ioasid_ctx *ctx, unsigned want, struct top_sample *s)
{
	int rc;

	if ((want & TOP_WANT_SVA) && !s->have_sva) {
		s->have_sva = true;
		rc = ioasid_idxd_list(ctx, &s->idxd);
		if (rc == 0)
			rc = ioasid_uacce_list(ctx, &s->uacce);
		s->sva_err = rc < 0 ? -rc : 0;
	}
	if ((want & TOP_WANT_BINDINGS) && !s->have_bindings && !s->io_err &&
	    ioasid_ext_binding_dump(ctx, NULL, bind_cb, s, NULL) == 0)
		s->have_bindings = true;
	return 0;
}

int top_sample_take(struct ioasid_ctx *ctx, unsigned want, struct top_sample *s)
{
	int rc;

	memset(s, 0, sizeof(*s));
	s->t = now();
	rc = ioasid_ext_supported(ctx);
	if (rc == 0)
		rc = ioasid_ext_info_read(ctx, &s->info);
	if (rc == 0)
		rc = read_sets(ctx, s);
	s->ext_err = rc < 0 ? -rc : 0;
	s->io_err = s->ext_err;
	if (!s->ext_err) {
		rc = read_ioasids(ctx, s, want);
		s->io_err = rc < 0 ? -rc : 0;
	}
	rc = read_units(ctx, s);
	s->prq_err = rc < 0 ? -rc : 0;
	rc = read_cgroups(ctx, s);
	s->cg_err = rc < 0 ? -rc : 0;
	return top_sample_extend(ctx, want & TOP_WANT_SVA, s);
}

/* ---- a changed host: the last sample and the changes (top_sample_apply) ---- */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static bool in_sorted(const uint32_t *v, size_t n, uint32_t x)
{
	return n && bsearch(&x, v, n, sizeof(*v), cmp_u32) != NULL;
}

static bool str_differs(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a && strcmp(a, b));
}

/* What a set's row and its IOASIDs' rows show from the set dump. */
static bool set_differs(const struct top_set *a, const struct top_set *b)
{
	return a->type != b->type || a->type_err != b->type_err || a->quota.v != b->quota.v ||
	       a->quota.err != b->quota.err || a->allocated.v != b->allocated.v ||
	       a->allocated.err != b->allocated.err || a->owner_pid.v != b->owner_pid.v ||
	       a->owner_pid.err != b->owner_pid.err || a->cgroup_err != b->cgroup_err ||
	       str_differs(a->cgroup, b->cgroup);
}

/* The sets to read again: those the notifications named, and those whose
 * set-dump record differs (created, destroyed, allocated or cgroup
 * changed: an IOASID released without a notification, seed:5456, shows
 * there). Sorted, unique. */
static int dirty_sets(const struct top_sample *old, const struct top_sample *s,
		      const uint32_t *named, size_t nnamed, uint32_t **out, size_t *nout)
{
	size_t cap = nnamed + 16, n = 0, i = 0, j = 0;
	uint32_t *v = malloc(cap * sizeof(*v));

	if (!v)
		return -ENOMEM;
	if (nnamed) /* named is NULL when no notification named a set */
		memcpy(v, named, nnamed * sizeof(*v));
	n = nnamed;
	while (i < old->nsets || j < s->nsets) {
		uint32_t id;

		if (j >= s->nsets || (i < old->nsets && old->sets[i].id < s->sets[j].id))
			id = old->sets[i++].id;
		else if (i >= old->nsets || old->sets[i].id > s->sets[j].id)
			id = s->sets[j++].id;
		else if (set_differs(&old->sets[i++], &s->sets[j++]))
			id = s->sets[j - 1].id;
		else
			continue;
		if (n == cap) {
			uint32_t *nv = realloc(v, (cap *= 2) * sizeof(*v));

			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		v[n++] = id;
	}
	qsort(v, n, sizeof(*v), cmp_u32);
	for (i = j = 0; i < n; i++)
		if (!j || v[j - 1] != v[i])
			v[j++] = v[i];
	*out = v;
	*nout = j;
	return 0;
}

int top_sample_apply(struct ioasid_ctx *ctx, unsigned want, const struct top_sample *old,
		     const uint32_t *named, size_t nnamed, struct top_sample *s,
		     struct top_applied *what)
{
	struct top_sample fresh = {0};
	struct io_acc a = {.s = &fresh, .sorted = true};
	uint32_t *dirty = NULL;
	size_t ndirty = 0, i, j;
	int rc;

	memset(s, 0, sizeof(*s));
	memset(what, 0, sizeof(*what));
	if (old->ext_err || old->io_err)
		return -EAGAIN;
	s->t = now();
	rc = ioasid_ext_supported(ctx);
	rc = rc ?: ioasid_ext_info_read(ctx, &s->info);
	rc = rc ?: read_sets(ctx, s);
	rc = rc ?: dirty_sets(old, s, named, nnamed, &dirty, &ndirty);
	/* the dirty sets' IOASIDs, one filtered dump each (the emulated host
	 * answers it from the set's own file: the cost follows the set) */
	for (i = 0; i < ndirty && !rc; i++) {
		struct ioasid_ext_filter f = {.has_set = true, .set = dirty[i]};

		if (top_sample_set(s, dirty[i]))
			rc = ioasid_ext_ioasid_dump(ctx, &f, io_cb, &a, NULL);
	}
	if (rc == 0 && !a.sorted)
		qsort(fresh.io, fresh.nio, sizeof(*fresh.io), cmp_io);
	if (rc == 0) {
		s->io = malloc((old->nio + fresh.nio ? old->nio + fresh.nio : 1) * sizeof(*s->io));
		if (!s->io)
			rc = -ENOMEM;
	}
	/* the rows of the other sets as they were, merged with the new ones
	 * by IOASID; the same IOASID on both sides would be a change no
	 * notification and no set record told: read it all again */
	for (i = j = 0; rc == 0 && (i < old->nio || j < fresh.nio);) {
		const struct top_io *x;

		if (i < old->nio && in_sorted(dirty, ndirty, old->io[i].set)) {
			i++;
			continue;
		}
		if (i < old->nio && j < fresh.nio && old->io[i].ioasid == fresh.io[j].ioasid) {
			rc = -EAGAIN;
			break;
		}
		x = j >= fresh.nio || (i < old->nio && old->io[i].ioasid < fresh.io[j].ioasid)
			    ? &old->io[i++]
			    : &fresh.io[j++];
		s->io[s->nio++] = *x;
		s->states[x->state <= IOASID_GENL_STATE_FREE_PENDING ? x->state : 3]++;
	}
	if (rc < 0) {
		free(fresh.io);
		free(dirty);
		top_sample_free(s);
		return rc;
	}
	/* per-set sums: the clean sets' as they were, the dirty sets' anew */
	for (i = 0; i < s->nsets; i++) {
		struct top_set *t = &s->sets[i];
		const struct top_set *p;

		if (in_sorted(dirty, ndirty, t->id) || !(p = top_sample_set(old, t->id)))
			continue;
		t->active = p->active, t->idle = p->idle, t->free_pending = p->free_pending;
		t->prq = p->prq;
	}
	for (i = 0; i < fresh.nio; i++) {
		struct top_set *t = (struct top_set *)top_sample_set(s, fresh.io[i].set);

		if (!t)
			continue;
		t->active += fresh.io[i].state == IOASID_GENL_STATE_ACTIVE;
		t->idle += fresh.io[i].state == IOASID_GENL_STATE_IDLE;
		t->free_pending += fresh.io[i].state == IOASID_GENL_STATE_FREE_PENDING;
		t->prq += fresh.io[i].prq;
	}
	/* SPIDs came with the records; the old rows had theirs if it had */
	s->have_bindings = old->have_bindings;
	what->dirty = dirty;
	what->ndirty = ndirty;
	what->fresh = fresh.nio;
	free(fresh.io);
	rc = read_units(ctx, s);
	s->prq_err = rc < 0 ? -rc : 0;
	rc = read_cgroups(ctx, s);
	s->cg_err = rc < 0 ? -rc : 0;
	return top_sample_extend(ctx, want, s);
}

int top_sample_flows(struct top_sample *s, const struct ioasid_prq_agg *agg, uint64_t lost)
{
	s->trace_on = true;
	s->trace_lost = lost;
	s->flows = calloc(agg->n ? agg->n : 1, sizeof(*s->flows));
	if (!s->flows)
		return -ENOMEM;
	for (size_t i = 0; i < agg->n; i++) {
		struct top_flow *f = &s->flows[i];

		snprintf(f->iommu, sizeof(f->iommu), "%s", agg->v[i].iommu);
		snprintf(f->dev, sizeof(f->dev), "%s", agg->v[i].dev);
		f->pasid = agg->v[i].pasid;
		f->requests = agg->v[i].requests;
	}
	s->nflows = agg->n;
	return 0;
}

void top_sample_rates(struct top_sample *s, const struct top_sample *prev)
{
	double dt = prev ? s->t - prev->t : 0;

	/* flows keep their order of first appearance: index i of the earlier
	 * sample is the same flow when it exists */
	for (size_t i = 0; i < s->nflows; i++) {
		const struct top_flow *p = prev && i < prev->nflows ? &prev->flows[i] : NULL;

		top_count_rate(p != NULL, p ? p->requests : 0, s->flows[i].requests, dt,
			       &s->flows[i].rate);
	}

	for (size_t i = 0; i < s->nunits; i++) {
		const struct top_unit *p = NULL;

		for (size_t j = 0; prev && j < prev->nunits; j++)
			if (!strcmp(prev->units[j].iommu, s->units[i].iommu))
				p = &prev->units[j];
		top_irq_rate(p ? &p->irq : NULL, &s->units[i].irq, &s->units[i].rate);
	}
	/* per IOASID: both lists ascend, so one merge */
	for (size_t i = 0, j = 0; i < s->nio; i++) {
		while (prev && j < prev->nio && prev->io[j].ioasid < s->io[i].ioasid)
			j++;
		if (prev && j < prev->nio && prev->io[j].ioasid == s->io[i].ioasid &&
		    prev->io[j].set == s->io[i].set)
			top_count_rate(true, prev->io[j].prq, s->io[i].prq, dt, &s->io[i].prq_rate);
		else
			top_count_rate(false, 0, 0, dt, &s->io[i].prq_rate);
	}
	for (size_t i = 0; i < s->nsets; i++) {
		const struct top_set *p = prev ? top_sample_set(prev, s->sets[i].id) : NULL;

		top_count_rate(p != NULL, p ? p->prq : 0, s->sets[i].prq, dt, &s->sets[i].prq_rate);
	}
}

static bool rate_zero(const struct top_rate *r)
{
	return r->known && r->delta == 0;
}

bool top_sample_still(struct top_sample *s, double t)
{
	struct top_sample same = *s; /* shallow: the same counts, earlier */
	bool zero = true;

	for (size_t i = 0; i < s->nflows && zero; i++)
		zero = rate_zero(&s->flows[i].rate);
	for (size_t i = 0; i < s->nunits && zero; i++)
		zero = !s->units[i].irq.valid || rate_zero(&s->units[i].rate);
	for (size_t i = 0; i < s->nio && zero; i++)
		zero = rate_zero(&s->io[i].prq_rate);
	for (size_t i = 0; i < s->nsets && zero; i++)
		zero = rate_zero(&s->sets[i].prq_rate);
	if (zero) {
		s->t = t;
		for (size_t i = 0; i < s->nunits; i++)
			s->units[i].irq.t = t;
		return true;
	}
	/* rates of the sample against itself, taken earlier: every delta 0
	 * (top_sample_rates only writes the rates of its first argument; the
	 * units carry their own time, so the earlier ones are a copy) */
	same.units = malloc((s->nunits ? s->nunits : 1) * sizeof(*same.units));
	if (!same.units)
		return false;
	memcpy(same.units, s->units, s->nunits * sizeof(*same.units));
	s->t = t;
	for (size_t i = 0; i < s->nunits; i++)
		s->units[i].irq.t = t;
	top_sample_rates(s, &same);
	free(same.units);
	return false;
}

void top_sample_free(struct top_sample *s)
{
	for (size_t i = 0; i < s->nsets; i++)
		free(s->sets[i].cgroup);
	free(s->sets);
	free(s->io);
	for (size_t i = 0; i < s->nunits; i++)
		top_irq_sample_free(&s->units[i].irq);
	free(s->units);
	ioasid_prq_stats_free(&s->prq);
	for (size_t i = 0; i < s->ncg; i++)
		free(s->cgs[i].path);
	free(s->cgs);
	ioasid_misc_list_free(&s->misc);
	free(s->flows);
	if (s->have_sva) {
		ioasid_idxd_list_free(&s->idxd);
		ioasid_uacce_list_free(&s->uacce);
	}
	memset(s, 0, sizeof(*s));
}

int top_devices_load(struct ioasid_ctx *ctx, struct top_devices *d)
{
	int rc;

	if (d->loaded)
		return d->err ? -d->err : 0;
	d->loaded = true;
	rc = ioasid_iommu_list(ctx, &d->il);
	if (rc == 0)
		rc = ioasid_pci_list(ctx, &d->il, &d->pl);
	d->err = rc < 0 ? -rc : 0;
	return rc;
}

void top_devices_free(struct top_devices *d)
{
	if (d->loaded) {
		ioasid_pci_list_free(&d->pl);
		ioasid_iommu_list_free(&d->il);
	}
	memset(d, 0, sizeof(*d));
}
