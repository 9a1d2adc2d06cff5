// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The executable model (src/lib/include/ioasid-model.h) behind the conformance
 * interface (impl.h). The adapter only translates handles: mm ids are
 * process pids and mm tokens at once, cgroup ids index a table of paths
 * ("/c1", "/c1/c3"), notifier ids index a table of queues the model's
 * callbacks fill. Every rule decision is the model's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impl.h"
#include "impl-model.h"
#include "ioasid-model.h"

struct nbq {
	int64_t model_id; /* 0: unregistered */
	int scope;
	struct ioasid_impl_event *ev;
	size_t n, cap, head;
	int oom;
};

struct ioasid_impl_inst {
	struct ioasid_model *m;
	enum ioasid_impl_cg_form form;
	int next_mm;
	char **cgs; /* path of cg id i, NULL when unused */
	size_t ncgs;
	struct nbq **nbs; /* index = notifier id - 1 */
	size_t nnbs;
};

static int mc_create(ioasid_impl_inst **out, enum ioasid_impl_cg_form form)
{
	struct ioasid_impl_inst *in;
	unsigned forms;
	int r;

	*out = NULL;
	if (form == IOASID_IMPL_CG_IOASIDS)
		forms = IOASID_MODEL_CG_IOASIDS;
	else if (form == IOASID_IMPL_CG_MISC)
		forms = IOASID_MODEL_CG_MISC;
	else
		return -EINVAL;
	in = calloc(1, sizeof(*in));
	if (!in)
		return -ENOMEM;
	r = ioasid_model_new(&in->m, forms, 0);
	in->cgs = calloc(1, sizeof(*in->cgs));
	if (r || !in->cgs || !(in->cgs[0] = strdup("/"))) {
		ioasid_model_free(in->m);
		free(in->cgs);
		free(in);
		return r ? r : -ENOMEM;
	}
	in->ncgs = 1;
	in->form = form;
	*out = in;
	return 0;
}

static void mc_destroy(ioasid_impl_inst *in)
{
	ioasid_model_free(in->m);
	for (size_t i = 0; i < in->ncgs; i++)
		free(in->cgs[i]);
	free(in->cgs);
	for (size_t i = 0; i < in->nnbs; i++) {
		if (in->nbs[i])
			free(in->nbs[i]->ev);
		free(in->nbs[i]);
	}
	free(in->nbs);
	free(in);
}

/* ------------------------------------------------------------ capacity */

static int mc_cap_install(ioasid_impl_inst *in, uint32_t total)
{
	int r = ioasid_model_install_capacity(in->m, total);

	/* void in the seed: a second install is only a warning */
	return r == -EEXIST ? 0 : r;
}

static int mc_cap_reserve(ioasid_impl_inst *in, uint32_t nr, uint32_t *reserved)
{
	int64_t r = ioasid_model_reserve_capacity(in->m, nr);

	if (r < 0)
		return (int)r;
	*reserved = (uint32_t)r;
	return 0;
}

static int mc_cap_cancel(ioasid_impl_inst *in, uint32_t nr, uint32_t *available)
{
	int64_t r = ioasid_model_cancel_capacity(in->m, nr);

	if (r < 0)
		return (int)r;
	*available = (uint32_t)r;
	return 0;
}

static int mc_cap_query(ioasid_impl_inst *in, uint32_t *total, uint32_t *available)
{
	struct ioasid_model_capacity c;

	ioasid_model_get_capacity(in->m, &c);
	*total = c.total;
	*available = c.available;
	return 0;
}

/* ------------------------------------------------------------ cgroups */

static const char *cg_path(ioasid_impl_inst *in, int cg)
{
	return cg >= 0 && (size_t)cg < in->ncgs ? in->cgs[cg] : NULL;
}

static int mc_cg_create(ioasid_impl_inst *in, int parent, int *cg)
{
	const char *pp = cg_path(in, parent);
	char path[256];
	char **v;
	int r;

	if (!pp)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/c%zu", strcmp(pp, "/") ? pp : "", in->ncgs);
	v = realloc(in->cgs, (in->ncgs + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	in->cgs = v;
	r = ioasid_model_cgroup_create(in->m, path);
	if (r)
		return r;
	in->cgs[in->ncgs] = strdup(path);
	if (!in->cgs[in->ncgs])
		return -ENOMEM;
	*cg = (int)in->ncgs++;
	return 0;
}

static enum ioasid_model_cg_form model_form(const ioasid_impl_inst *in)
{
	return in->form == IOASID_IMPL_CG_IOASIDS ? IOASID_MODEL_FORM_IOASIDS
						  : IOASID_MODEL_FORM_MISC;
}

static int mc_cg_set_max(ioasid_impl_inst *in, int cg, uint64_t max)
{
	const char *p = cg_path(in, cg);

	if (!p)
		return -ENOENT;
	return ioasid_model_cgroup_set_limit(in->m, p, model_form(in), max);
}

static int mc_cg_read(ioasid_impl_inst *in, int cg, struct ioasid_impl_cg_info *info)
{
	const char *p = cg_path(in, cg);
	struct ioasid_model_cgroup_info ci;
	int r;

	if (!p)
		return -ENOENT;
	r = ioasid_model_cgroup_get_info(in->m, p, &ci);
	if (r)
		return r;
	if (in->form == IOASID_IMPL_CG_IOASIDS) {
		info->current = ci.ioasids_current;
		info->max = ci.ioasids_max;
		info->events = ci.ioasids_events;
	} else {
		info->current = ci.misc_current;
		info->max = ci.misc_max;
		info->events = ci.misc_events;
	}
	return 0;
}

/* ------------------------------------------------------------ processes */

static int mc_mm_create(ioasid_impl_inst *in, int cg, int *mm)
{
	const char *p = cg_path(in, cg);
	int id = in->next_mm + 1, r;

	if (!p)
		return -ENOENT;
	/* the mm id doubles as the pid and the mm token */
	r = ioasid_model_proc_add(in->m, id, (uint64_t)id, p);
	if (r)
		return r;
	in->next_mm = id;
	*mm = id;
	return 0;
}

static int mc_mm_exit(ioasid_impl_inst *in, int mm)
{
	int r = ioasid_model_proc_exit(in->m, mm);

	return r == -ESRCH ? -ENOENT : r;
}

static int mc_mm_move(ioasid_impl_inst *in, int mm, int cg)
{
	const char *p = cg_path(in, cg);
	int r;

	if (!p)
		return -ENOENT;
	r = ioasid_model_proc_move(in->m, mm, p);
	return r == -ESRCH ? -ENOENT : r;
}

/* ------------------------------------------------------------ sets */

static int mc_set_alloc(ioasid_impl_inst *in, int type, int mm, uint32_t quota, int *set)
{
	int64_t r;

	if (type != IOASID_IMPL_SET_NULL && type != IOASID_IMPL_SET_MM)
		return -EINVAL;
	if (mm < 0)
		return -EINVAL;
	r = ioasid_model_set_alloc(
		in->m, type == IOASID_IMPL_SET_MM ? IOASID_MODEL_SET_MM : IOASID_MODEL_SET_NULL,
		(uint64_t)mm, quota);
	if (r < 0)
		return (int)r;
	*set = (int)r;
	return 0;
}

/* impl set ids are >= 1 and 0 is "no set"; the model's are the same */
static uint32_t mset(int set)
{
	return set <= 0 ? IOASID_MODEL_ANY_SET : (uint32_t)set;
}

static int mc_set_free(ioasid_impl_inst *in, int set)
{
	return set <= 0 ? -EINVAL : ioasid_model_set_free(in->m, (uint32_t)set);
}

static int mc_set_adjust(ioasid_impl_inst *in, int set, int quota)
{
	return set <= 0 ? -EINVAL : ioasid_model_set_adjust(in->m, (uint32_t)set, quota);
}

static int mc_set_query(ioasid_impl_inst *in, int set, struct ioasid_impl_set_info *info)
{
	struct ioasid_model_set_info si;
	int r;

	if (set <= 0)
		return -ENOENT;
	r = ioasid_model_set_get_info(in->m, (uint32_t)set, &si);
	if (r)
		return -ENOENT;
	info->type = si.type == IOASID_MODEL_SET_MM ? IOASID_IMPL_SET_MM : IOASID_IMPL_SET_NULL;
	info->mm = (int)si.mm;
	info->quota = si.quota;
	info->nr_ioasids = si.nr_ioasids;
	return 0;
}

/* ------------------------------------------------------------ IOASIDs */

static int mc_alloc(ioasid_impl_inst *in, int set, ioasid_impl_t min, ioasid_impl_t max,
		    ioasid_impl_t *ioasid)
{
	int64_t r;

	if (set <= 0)
		return -EINVAL;
	r = ioasid_model_alloc(in->m, (uint32_t)set, min, max);
	if (r < 0)
		return (int)r;
	*ioasid = (ioasid_impl_t)r;
	return 0;
}

static int mc_free(ioasid_impl_inst *in, int set, ioasid_impl_t ioasid)
{
	int r = ioasid_model_free_ioasid(in->m, mset(set), ioasid);

	return r < 0 ? r : 0;
}

static int mc_get(ioasid_impl_inst *in, int set, ioasid_impl_t ioasid)
{
	return ioasid_model_get(in->m, mset(set), ioasid);
}

static int mc_put(ioasid_impl_inst *in, int set, ioasid_impl_t ioasid, int *freed)
{
	int r = ioasid_model_put(in->m, mset(set), ioasid);

	if (r < 0)
		return r;
	*freed = r;
	return 0;
}

static int mc_get_if_owned(ioasid_impl_inst *in, int caller_mm, ioasid_impl_t ioasid)
{
	return ioasid_model_get_if_owned(in->m, (uint64_t)(caller_mm < 0 ? 0 : caller_mm), ioasid);
}

static int mc_ioasid_query(ioasid_impl_inst *in, ioasid_impl_t ioasid,
			   struct ioasid_impl_ioasid_info *info)
{
	struct ioasid_model_ioasid_info ii;
	int r = ioasid_model_ioasid_get_info(in->m, ioasid, &ii);

	if (r)
		return -ENOENT;
	info->set = (int)ii.set;
	info->state = ii.state == IOASID_MODEL_IDLE	? IOASID_IMPL_IDLE
		      : ii.state == IOASID_MODEL_ACTIVE ? IOASID_IMPL_ACTIVE
							: IOASID_IMPL_FREE_PENDING;
	info->refs = ii.refs;
	info->spid = ii.spid;
	return 0;
}

/* ------------------------------------------------------------ SPIDs */

static int mc_attach_spid(ioasid_impl_inst *in, ioasid_impl_t ioasid, ioasid_impl_t spid)
{
	return ioasid_model_attach_spid(in->m, ioasid, spid);
}

static int mc_detach_spid(ioasid_impl_inst *in, ioasid_impl_t ioasid)
{
	return ioasid_model_detach_spid(in->m, ioasid);
}

static int mc_find_by_spid(ioasid_impl_inst *in, int set, ioasid_impl_t spid, int get,
			   ioasid_impl_t *ioasid)
{
	struct ioasid_model_set_info si;
	uint32_t id;

	if (set <= 0 || ioasid_model_set_get_info(in->m, (uint32_t)set, &si))
		return -EINVAL;
	id = ioasid_model_find_by_spid(in->m, (uint32_t)set, spid, get != 0);
	if (id == IOASID_MODEL_INVALID)
		return -ENOENT;
	*ioasid = id;
	return 0;
}

static int mc_find_spid(ioasid_impl_inst *in, ioasid_impl_t ioasid, ioasid_impl_t *spid)
{
	struct ioasid_model_ioasid_info ii;

	if (ioasid_model_ioasid_get_info(in->m, ioasid, &ii) || ii.spid == IOASID_MODEL_INVALID)
		return -ENOENT;
	*spid = ii.spid;
	return 0;
}

static int mc_bind(ioasid_impl_inst *in, int caller_mm, ioasid_impl_t ioasid, ioasid_impl_t spid)
{
	return ioasid_model_bind(in->m, (uint64_t)(caller_mm < 0 ? 0 : caller_mm), ioasid, spid);
}

static int mc_unbind(ioasid_impl_inst *in, int caller_mm, ioasid_impl_t ioasid)
{
	return ioasid_model_unbind(in->m, (uint64_t)(caller_mm < 0 ? 0 : caller_mm), ioasid);
}

/* ------------------------------------------------------------ notifiers */

static void nb_cb(void *arg, const struct ioasid_model_event *ev)
{
	struct nbq *q = arg;

	if (q->n == q->cap) {
		size_t ncap = q->cap ? q->cap * 2 : 16;
		struct ioasid_impl_event *v = realloc(q->ev, ncap * sizeof(*v));
		if (!v) {
			q->oom = 1;
			return;
		}
		q->ev = v;
		q->cap = ncap;
	}
	struct ioasid_impl_event *e = &q->ev[q->n++];
	e->seq = ev->seq;
	e->type = ev->type == IOASID_MODEL_EV_FREE    ? IOASID_IMPL_EV_FREE
		  : ev->type == IOASID_MODEL_EV_BIND  ? IOASID_IMPL_EV_BIND
		  : ev->type == IOASID_MODEL_EV_ALLOC ? IOASID_IMPL_EV_ALLOC
						      : IOASID_IMPL_EV_UNBIND;
	e->ioasid = ev->ioasid;
	e->spid = ev->spid;
	e->set = (int)ev->set;
}

static int mc_nb_register(ioasid_impl_inst *in, int scope, int target, int *nb)
{
	struct nbq *q, **v;
	int64_t r;

	v = realloc(in->nbs, (in->nnbs + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	in->nbs = v;
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	switch (scope) {
	case IOASID_IMPL_NB_GLOBAL:
		r = ioasid_model_notifier_register(in->m, IOASID_MODEL_ANY_SET, nb_cb, q);
		break;
	case IOASID_IMPL_NB_SET:
		r = target <= 0 ? -EINVAL
				: ioasid_model_notifier_register(in->m, (uint32_t)target, nb_cb, q);
		break;
	case IOASID_IMPL_NB_MM:
		r = target <= 0
			    ? -EINVAL
			    : ioasid_model_notifier_register_mm(in->m, (uint64_t)target, nb_cb, q);
		break;
	default:
		r = -EINVAL;
	}
	if (r < 0) {
		free(q);
		return (int)r;
	}
	q->model_id = r;
	q->scope = scope;
	in->nbs[in->nnbs++] = q;
	*nb = (int)in->nnbs;
	return 0;
}

static struct nbq *nb_get(ioasid_impl_inst *in, int nb)
{
	if (nb < 1 || (size_t)nb > in->nnbs || !in->nbs[nb - 1]->model_id)
		return NULL;
	return in->nbs[nb - 1];
}

static int mc_nb_unregister(ioasid_impl_inst *in, int nb)
{
	struct nbq *q = nb_get(in, nb);
	int r;

	if (!q)
		return -ENOENT;
	r = q->scope == IOASID_IMPL_NB_MM ? ioasid_model_notifier_unregister_mm(in->m, q->model_id)
					  : ioasid_model_notifier_unregister(in->m, q->model_id);
	/* a set notifier whose set was destroyed is gone from the model */
	if (r && r != -ENOENT)
		return r;
	q->model_id = 0;
	return 0;
}

static int mc_events_read(ioasid_impl_inst *in, int nb, struct ioasid_impl_event *ev, size_t max,
			  size_t *n)
{
	struct nbq *q = nb_get(in, nb);
	size_t k = 0;

	if (!q)
		return -ENOENT;
	if (q->oom)
		return -ENOMEM;
	while (k < max && q->head < q->n)
		ev[k++] = q->ev[q->head++];
	*n = k;
	return 0;
}

const struct ioasid_impl ioasid_impl_model = {
	.name = "model",
	.create = mc_create,
	.destroy = mc_destroy,
	.capacity_install = mc_cap_install,
	.capacity_reserve = mc_cap_reserve,
	.capacity_cancel = mc_cap_cancel,
	.capacity_query = mc_cap_query,
	.mm_create = mc_mm_create,
	.mm_exit = mc_mm_exit,
	.mm_move = mc_mm_move,
	.cg_create = mc_cg_create,
	.cg_set_max = mc_cg_set_max,
	.cg_read = mc_cg_read,
	.set_alloc = mc_set_alloc,
	.set_free = mc_set_free,
	.set_adjust = mc_set_adjust,
	.set_query = mc_set_query,
	.alloc = mc_alloc,
	.free = mc_free,
	.get = mc_get,
	.put = mc_put,
	.get_if_owned = mc_get_if_owned,
	.ioasid_query = mc_ioasid_query,
	.attach_spid = mc_attach_spid,
	.detach_spid = mc_detach_spid,
	.find_by_spid = mc_find_by_spid,
	.find_spid = mc_find_spid,
	.bind = mc_bind,
	.unbind = mc_unbind,
	.nb_register = mc_nb_register,
	.nb_unregister = mc_nb_unregister,
	.events_read = mc_events_read,
};
