// SPDX-License-Identifier: GPL-2.0
/*
 * The IOASID core of the seed (drivers/iommu/ioasid.c of the V4 series,
 * seed:4700-6660, and v3 where V4 lost its text, seed:7700-8935) for one
 * system: capacity, sets with quotas, IOASIDs with states and references,
 * SPIDs, notifier chains with sequence numbers, and the cgroup charging
 * rules of ioasid-abi(7) for the modelled cgroups of conformance systems.
 *
 * The seed guards its tables with a spinlock (ioasid_allocator_lock) and
 * calls atomic notifier chains under it; here one mutex per system guards
 * everything, and the chains are queues filled under it, so the order of
 * notifications is the order of the calls that emit them.
 *
 * What a request creates (processes, sets, IOASIDs, SPIDs, modelled cgroups,
 * notifiers and their queues) is charged to the caller's memory cgroup
 * (GFP_KERNEL_ACCOUNT): user space causes it, any user through /dev/ioasid.
 *
 * Where the seed is silent or contradicts itself, this file makes the
 * choices recorded in man/ioasid-abi.7 CHOICES and
 * tests/conformance/RULES.md; each is named where it is made.
 */
#include <linux/errno.h>
#include <linux/pid.h>
#include <linux/slab.h>

#include "ioasid-core.h"

/* Queued events per notifier before it reports an overflow */
#define KIO_NB_QUEUE_MAX 65536

int kio_sys_init(struct kio_sys *sys, unsigned int cg_forms)
{
	struct kio_cg *root;
	int ret;

	mutex_init(&sys->lock);
	sys->cg_forms = cg_forms;
	/* static ioasid_t ioasid_capacity = PCI_PASID_MAX (seed:6385-6386) */
	sys->cap_total = KIO_PASID_MAX;
	sys->cap_avail = KIO_PASID_MAX;
	xa_init_flags(&sys->ioasids, XA_FLAGS_ALLOC);
	xa_init_flags(&sys->sets, XA_FLAGS_ALLOC);
	sys->set_next = 1;
	INIT_LIST_HEAD(&sys->procs);
	sys->proc_next = 1;
	xa_init(&sys->cgs);
	INIT_LIST_HEAD(&sys->nbs);
	sys->nb_next = 1;

	/* the root cgroup: no limit in either form */
	root = kzalloc(sizeof(*root), GFP_KERNEL);
	if (!root)
		return -ENOMEM;
	root->io_max = KIO_CG_MAX;
	root->misc_max = KIO_CG_MAX;
	ret = xa_err(xa_store(&sys->cgs, 0, root, GFP_KERNEL));
	if (ret) {
		kfree(root);
		return ret;
	}
	sys->cg_next = 1;
	return 0;
}

static void kio_nb_destroy(struct kio_nb *nb)
{
	list_del(&nb->node);
	kvfree(nb->ev);
	kfree(nb);
}

void kio_sys_destroy(struct kio_sys *sys)
{
	struct kio_proc *p, *pn;
	struct kio_nb *nb, *nbn;
	struct kio_ioasid *d;
	struct kio_set *set;
	struct kio_cg *cg;
	unsigned long i;

	xa_for_each(&sys->ioasids, i, d)
		kfree(d);
	xa_destroy(&sys->ioasids);
	xa_for_each(&sys->sets, i, set) {
		xa_destroy(&set->spids);
		kfree(set);
	}
	xa_destroy(&sys->sets);
	list_for_each_entry_safe(p, pn, &sys->procs, node) {
		list_del(&p->node);
		put_pid(p->pid);
		kfree(p);
	}
	xa_for_each(&sys->cgs, i, cg)
		kfree(cg);
	xa_destroy(&sys->cgs);
	list_for_each_entry_safe(nb, nbn, &sys->nbs, node)
		kio_nb_destroy(nb);
	mutex_destroy(&sys->lock);
}

/* ------------------------------------------------------------ capacity */

/**
 * kio_capacity_install() - ioasid_install_capacity() (seed:6395-6406)
 * @sys: the system
 * @total: the capacity, 2 .. 0x100000
 *
 * Only the first install of a capacity other than the default takes effect:
 * "IOASID capacity is already set." (seed:6398-6401) returns -EEXIST, which
 * the conformance interface reports as the seed's void. The seed installs at
 * boot, before any set; with sets already holding quota, -EBUSY keeps
 * total = available + reserved + quotas (the model's rule).
 *
 * Return: 0, -EINVAL, -EEXIST or -EBUSY.
 */
int kio_capacity_install(struct kio_sys *sys, u32 total)
{
	if (total < 2 || total > KIO_PASID_MAX)
		return -EINVAL;
	if (sys->cap_total && sys->cap_total != KIO_PASID_MAX)
		return -EEXIST;
	if (sys->nr_sets)
		return -EBUSY;
	sys->cap_total = total;
	sys->cap_avail = total;
	return 0;
}

/**
 * kio_capacity_reserve() - ioasid_reserve_capacity() (seed:6409-6433)
 * @sys: the system
 * @nr: how many; 0 means all that is available (seed:6425-6426)
 * @reserved: the number reserved (the code's return value, seed:6427-6428)
 *
 * Return: 0 or -ENOSPC when @nr exceeds the available capacity (seed:6421).
 */
int kio_capacity_reserve(struct kio_sys *sys, u32 nr, u32 *reserved)
{
	if (nr > sys->cap_avail)
		return -ENOSPC;
	if (!nr)
		nr = sys->cap_avail;
	sys->cap_avail -= nr;
	*reserved = nr;
	return 0;
}

/**
 * kio_capacity_cancel() - ioasid_cancel_capacity() (seed:6436-6459)
 * @sys: the system
 * @nr: how many reserved IDs to return
 * @available: the new available count (seed:6454-6455)
 *
 * The seed refuses available + nr > total (seed:6449-6451); capacity held as
 * set quotas cannot be cancelled either (ioasid-abi(7) CHOICES: cancel).
 *
 * Return: 0 or -EINVAL.
 */
int kio_capacity_cancel(struct kio_sys *sys, u32 nr, u32 *available)
{
	if ((u64)nr + sys->cap_avail > sys->cap_total)
		return -EINVAL;
	if ((u64)nr + sys->cap_avail + sys->quotas > sys->cap_total)
		return -EINVAL;
	sys->cap_avail += nr;
	*available = sys->cap_avail;
	return 0;
}

/* ------------------------------------------------------------ cgroups */

struct kio_cg *kio_cg_get(struct kio_sys *sys, u32 id)
{
	return xa_load(&sys->cgs, id);
}

/**
 * kio_cg_create() - a modelled cgroup under @parent (mkdir)
 * @sys: the system
 * @parent: its parent
 * @id: the new cgroup's ID
 *
 * New limits: ioasids.max 0 (seed:4294-4295, seed:4320), misc "max"
 * (kernel/cgroup/misc.c misc_cg_alloc()).
 *
 * Return: 0 or -ENOMEM.
 */
int kio_cg_create(struct kio_sys *sys, struct kio_cg *parent, u32 *id)
{
	struct kio_cg *cg = kzalloc(sizeof(*cg), GFP_KERNEL_ACCOUNT);
	int ret;

	if (!cg)
		return -ENOMEM;
	cg->id = sys->cg_next;
	cg->parent = parent;
	cg->io_max = 0;
	cg->misc_max = KIO_CG_MAX;
	ret = xa_err(xa_store(&sys->cgs, cg->id, cg, GFP_KERNEL_ACCOUNT));
	if (ret) {
		kfree(cg);
		return ret;
	}
	sys->cg_next++;
	*id = cg->id;
	return 0;
}

/**
 * kio_cg_set_max() - write ioasids.max or misc.max "ioasid"
 * @sys: the system
 * @cg: the cgroup
 * @form: KIO_CG_IOASIDS or KIO_CG_MISC
 * @max: the limit, KIO_CG_MAX for "max"
 *
 * The root has no limit file. The ioasids form "consults with the IOASID
 * core for available capacity when a new cgroup limit is granted"
 * (seed:4292-4293): a finite limit above the available capacity is -ENOSPC.
 *
 * Return: 0, -EINVAL or -ENOSPC.
 */
int kio_cg_set_max(struct kio_sys *sys, struct kio_cg *cg, unsigned int form, u64 max)
{
	if (!cg->parent)
		return -EINVAL;
	if (form == KIO_CG_IOASIDS) {
		if (max != KIO_CG_MAX && max > sys->cap_avail)
			return -ENOSPC;
		cg->io_max = max;
		return 0;
	}
	if (form == KIO_CG_MISC) {
		cg->misc_max = max;
		return 0;
	}
	return -EINVAL;
}

/* The cgroup an MM set charges: its owner's, else the root */
static struct kio_cg *kio_set_cgroup(struct kio_sys *sys, struct kio_set *set)
{
	struct kio_proc *p = kio_proc_by_token(sys, set->token);

	return p && p->cg ? p->cg : kio_cg_get(sys, 0);
}

static void kio_io_add(struct kio_cg *cg, s64 n)
{
	for (; cg; cg = cg->parent)
		cg->io_cur += n;
}

/*
 * Organizational change of the ioasids form: the set's charges leave the old
 * hierarchy and join the new one without a limit check, so current > max is
 * possible (seed:4282-4285, seed:4336-4344).
 */
static void kio_cg_move_set(struct kio_sys *sys, struct kio_set *set, struct kio_cg *to)
{
	if (!(sys->cg_forms & KIO_CG_IOASIDS) || set->io_cg == to)
		return;
	if (set->io_cg && set->io_charged) {
		kio_io_add(set->io_cg, -(s64)set->io_charged);
		kio_io_add(to, set->io_charged);
	}
	set->io_cg = to;
}

/* The seed's ioasids controller: the first level at its limit refuses and
 * counts the refusal (as misc_cg_event() counts it, RULES.md cg_hierarchical)
 */
static int kio_io_try_charge(struct kio_cg *origin)
{
	struct kio_cg *cg;

	for (cg = origin; cg; cg = cg->parent) {
		if (cg->io_cur + 1 > cg->io_max) {
			cg->io_events++;
			return -EBUSY;
		}
	}
	kio_io_add(origin, 1);
	return 0;
}

/* kernel/cgroup/misc.c misc_cg_try_charge(): refused past max or past the
 * capacity (misc.capacity); misc_cg_event() counts events.local on the level
 * at its limit and events on it and every ancestor below the root
 */
static int kio_misc_try_charge(struct kio_sys *sys, struct kio_cg *origin)
{
	struct kio_cg *cg, *up;

	for (cg = origin; cg; cg = cg->parent) {
		u64 nu = cg->misc_cur + 1;

		if (nu > cg->misc_max || nu > sys->cap_total) {
			cg->misc_events_local++;
			for (up = cg; up->parent; up = up->parent)
				up->misc_events++;
			return -EBUSY;
		}
	}
	for (cg = origin; cg; cg = cg->parent)
		cg->misc_cur++;
	return 0;
}

static void kio_misc_uncharge(struct kio_cg *cg)
{
	for (; cg; cg = cg->parent)
		cg->misc_cur--;
}

/* ioasid_cg_charge() (seed:4497): -EBUSY as misc_cg_try_charge() */
static int kio_cg_charge(struct kio_sys *sys, struct kio_set *set, struct kio_cg **misc_cg)
{
	struct kio_cg *cg;
	int ret;

	*misc_cg = NULL;
	if (!sys->cg_forms)
		return 0;
	cg = kio_set_cgroup(sys, set);
	if (sys->cg_forms & KIO_CG_IOASIDS) {
		/* all of a set's ioasids charges live where its process is */
		if (set->io_cg && set->io_cg != cg)
			kio_cg_move_set(sys, set, cg);
		ret = kio_io_try_charge(cg);
		if (ret)
			return ret;
		set->io_cg = cg;
		set->io_charged++;
	}
	if (sys->cg_forms & KIO_CG_MISC) {
		ret = kio_misc_try_charge(sys, cg);
		if (ret) {
			if (sys->cg_forms & KIO_CG_IOASIDS) {
				kio_io_add(set->io_cg, -1);
				set->io_charged--;
			}
			return ret;
		}
		*misc_cg = cg;
	}
	return 0;
}

/* ioasid_cg_uncharge() (seed:4514): a misc charge goes back where it was made */
static void kio_cg_uncharge(struct kio_sys *sys, struct kio_set *set, struct kio_cg *misc_cg)
{
	if ((sys->cg_forms & KIO_CG_IOASIDS) && set->io_charged) {
		kio_io_add(set->io_cg, -1);
		set->io_charged--;
	}
	if (misc_cg)
		kio_misc_uncharge(misc_cg);
}

/* ------------------------------------------------------------ processes */

struct kio_proc *kio_proc_by_token(struct kio_sys *sys, unsigned long token)
{
	struct kio_proc *p;

	if (!token)
		return NULL;
	list_for_each_entry(p, &sys->procs, node)
		if (p->token == token)
			return p;
	return NULL;
}

struct kio_proc *kio_proc_by_id(struct kio_sys *sys, u32 id)
{
	struct kio_proc *p;

	list_for_each_entry(p, &sys->procs, node)
		if (p->id == id)
			return p;
	return NULL;
}

/**
 * kio_proc_add() - a process (its mm is @token) in cgroup @cg
 * @sys: the system
 * @token: the mm token, not 0
 * @cg: its cgroup (NULL: none modelled)
 * @out: the new process
 *
 * Return: 0, -EEXIST (token in use) or -ENOMEM.
 */
int kio_proc_add(struct kio_sys *sys, unsigned long token, struct kio_cg *cg, struct kio_proc **out)
{
	struct kio_proc *p;

	if (kio_proc_by_token(sys, token))
		return -EEXIST;
	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return -ENOMEM;
	p->id = sys->proc_next++;
	p->token = token;
	p->cg = cg;
	list_add_tail(&p->node, &sys->procs);
	*out = p;
	return 0;
}

/**
 * kio_proc_release_set() - free the process's set as ioasid_free_all_in_set()
 * @sys: the system
 * @p: the process
 *
 * /dev/ioasid release or the process's exit (seed:4459-4461,
 * seed:5829-5850): IOASIDs without other users are released, the others go
 * free_pending with FREE notified; a set that never held an IOASID is not
 * destroyed by a free, so it goes explicitly.
 */
void kio_proc_release_set(struct kio_sys *sys, struct kio_proc *p)
{
	struct kio_set *set = kio_set_by_token(sys, p->token);
	u32 id;

	if (!set)
		return;
	id = set->id;
	kio_set_free_all(sys, set);
	set = kio_set_get(sys, id);
	if (set && !set->nr_ioasids)
		kio_set_free(sys, id);
}

/* The process is gone: its set first, then itself */
void kio_proc_remove(struct kio_sys *sys, struct kio_proc *p)
{
	kio_proc_release_set(sys, p);
	list_del(&p->node);
	put_pid(p->pid);
	kfree(p);
}

/* cgroup.procs write: never refused (seed:4281-4285) */
int kio_proc_move(struct kio_sys *sys, struct kio_proc *p, struct kio_cg *cg)
{
	struct kio_set *set;

	p->cg = cg;
	set = kio_set_by_token(sys, p->token);
	if (set)
		kio_cg_move_set(sys, set, cg);
	return 0;
}

/* ------------------------------------------------------------ notifiers */

static void kio_nb_queue(struct kio_nb *nb, const struct kio_event_rec *ev)
{
	if (nb->overflow)
		return;
	if (nb->n == nb->cap) {
		u32 ncap = nb->cap ? nb->cap * 2 : 16;
		struct kio_event_rec *v;
		u32 i;

		if (ncap > KIO_NB_QUEUE_MAX) {
			nb->overflow = true;
			return;
		}
		v = kvmalloc_array(ncap, sizeof(*v), GFP_KERNEL_ACCOUNT);
		if (!v) {
			nb->overflow = true;
			return;
		}
		for (i = 0; i < nb->n; i++)
			v[i] = nb->ev[(nb->head + i) % nb->cap];
		kvfree(nb->ev);
		nb->ev = v;
		nb->cap = ncap;
		nb->head = 0;
	}
	nb->ev[(nb->head + nb->n) % nb->cap] = *ev;
	nb->n++;
}

/*
 * ioasid_notify() (seed:5303-5322): the global chain first, then the set's
 * (its set notifiers and the mm notifiers active on it), each in
 * registration order. Every call takes the next sequence number, from 1,
 * whether anybody listens or not (ioasid-abi(7) Sequence numbers).
 */
static void kio_notify(struct kio_sys *sys, struct kio_ioasid *d, enum kio_event type,
		       unsigned int chains)
{
	struct kio_event_rec ev = {
		.seq = ++sys->seq,
		.type = type,
		.ioasid = d->id,
		.spid = d->spid,
		.set = d->set->id,
		.token = d->set->token,
	};
	struct kio_nb *nb;

	if (chains & KIO_CHAIN_GLOBAL)
		list_for_each_entry(nb, &sys->nbs, node)
			if (nb->scope == KIO_NB_GLOBAL)
				kio_nb_queue(nb, &ev);
	if (chains & KIO_CHAIN_SET)
		list_for_each_entry(nb, &sys->nbs, node)
			if (nb->scope != KIO_NB_GLOBAL && !nb->dead && nb->set == d->set->id)
				kio_nb_queue(nb, &ev);
	if (sys->hook)
		sys->hook(sys, &ev);
}

/* ioasid_add_pending_nb() (seed:5143-5161): mm notifiers waiting for the
 * mm's set join it
 */
static void kio_nbs_set_created(struct kio_sys *sys, struct kio_set *set)
{
	struct kio_nb *nb;

	if (set->type != KIO_SET_MM)
		return;
	list_for_each_entry(nb, &sys->nbs, node)
		if (nb->scope == KIO_NB_MM && nb->token == set->token && !nb->set)
			nb->set = set->id;
}

/* "Restore pending status of the set NBs" (seed:5191-5199); set notifiers
 * go with their set
 */
static void kio_nbs_set_destroyed(struct kio_sys *sys, struct kio_set *set)
{
	struct kio_nb *nb;

	list_for_each_entry(nb, &sys->nbs, node) {
		if (nb->set != set->id)
			continue;
		if (nb->scope == KIO_NB_MM)
			nb->set = 0;
		else if (nb->scope == KIO_NB_SET)
			nb->dead = true;
	}
}

/**
 * kio_nb_register() - a notifier that queues what it receives
 * @sys: the system
 * @scope: global, one set, or one mm
 * @set: KIO_NB_SET: the set
 * @token: KIO_NB_MM: the mm
 * @id: the notifier's ID
 *
 * ioasid_register_notifier(set, nb) (seed:5240-5250);
 * ioasid_register_notifier_mm() (seed:7817-7870): -EINVAL for no mm
 * (seed:7824-7825), -EBUSY when the mm's set exists and is not empty
 * ("Only register empty set for now", seed:7843-7850), else it joins the set
 * or waits on the pending list until the set is created (seed:7753-7757).
 *
 * Return: 0, -EINVAL, -EBUSY or -ENOMEM.
 */
int kio_nb_register(struct kio_sys *sys, enum kio_nb_scope scope, u32 set, unsigned long token,
		    u32 *id)
{
	struct kio_set *s = NULL;
	struct kio_nb *nb;

	switch (scope) {
	case KIO_NB_GLOBAL:
		break;
	case KIO_NB_SET:
		if (!kio_set_get(sys, set))
			return -EINVAL;
		break;
	case KIO_NB_MM:
		if (!token)
			return -EINVAL;
		s = kio_set_by_token(sys, token);
		if (s && s->nr_ioasids)
			return -EBUSY;
		break;
	default:
		return -EINVAL;
	}
	nb = kzalloc(sizeof(*nb), GFP_KERNEL_ACCOUNT);
	if (!nb)
		return -ENOMEM;
	nb->id = sys->nb_next++;
	nb->scope = scope;
	nb->set = scope == KIO_NB_SET ? set : (s ? s->id : 0);
	nb->token = scope == KIO_NB_MM ? token : 0;
	list_add_tail(&nb->node, &sys->nbs);
	*id = nb->id;
	return 0;
}

static struct kio_nb *kio_nb_find(struct kio_sys *sys, u32 id)
{
	struct kio_nb *nb;

	list_for_each_entry(nb, &sys->nbs, node)
		if (nb->id == id)
			return nb;
	return NULL;
}

/* ioasid_unregister_notifier() (seed:5206-5222): -ENOENT when unknown */
int kio_nb_unregister(struct kio_sys *sys, u32 id)
{
	struct kio_nb *nb = kio_nb_find(sys, id);

	if (!nb)
		return -ENOENT;
	kio_nb_destroy(nb);
	return 0;
}

/* Take up to @max queued events, oldest first */
int kio_nb_read(struct kio_sys *sys, u32 id, struct kio_event_rec *ev, u32 max, u32 *n)
{
	struct kio_nb *nb = kio_nb_find(sys, id);
	u32 k = 0;

	if (!nb)
		return -ENOENT;
	if (nb->overflow)
		return -EOVERFLOW;
	while (k < max && nb->n) {
		ev[k++] = nb->ev[nb->head];
		nb->head = (nb->head + 1) % nb->cap;
		nb->n--;
	}
	*n = k;
	return 0;
}

/* ------------------------------------------------------------ sets */

struct kio_set *kio_set_get(struct kio_sys *sys, u32 id)
{
	return id ? xa_load(&sys->sets, id) : NULL;
}

struct kio_set *kio_set_by_token(struct kio_sys *sys, unsigned long token)
{
	struct kio_set *set;
	unsigned long i;

	if (!token)
		return NULL;
	xa_for_each(&sys->sets, i, set)
		if (set->type == KIO_SET_MM && set->token == token)
			return set;
	return NULL;
}

/**
 * kio_set_alloc() - ioasid_set_alloc(token, quota, type)
 * @sys: the system
 * @type: KIO_SET_NULL (token 0, seed:7321) or KIO_SET_MM (a live process's
 *	mm, one set per mm, seed:7745-7747)
 * @token: the mm
 * @quota: taken from the available capacity (seed:4291-4292)
 * @id: the new set's ID, taken cyclically from [1, 0xfffffffe]: the next
 *	free ID after the last one handed out, wrapping to the lowest free one,
 *	so an ID comes back only after about 2^32 other sets (never ENOSPC
 *	while an ID is free); the set's serial tells a set from an earlier one
 *	with the same ID (sysfs, kio_sysfs_sets_sync())
 *
 * Return: 0; -EINVAL bad type, token or quota 0 (as adjust, seed:7908);
 * -EEXIST the mm has a set; -ENOENT no live process has the mm; -ENOSPC quota
 * above the available capacity (as adjust, seed:7919-7923) or no free set
 * ID; -ENOMEM.
 */
int kio_set_alloc(struct kio_sys *sys, enum kio_set_type type, unsigned long token, u32 quota,
		  u32 *id)
{
	struct kio_set *set;
	int ret;

	if (type == KIO_SET_MM) {
		if (!token)
			return -EINVAL;
		if (kio_set_by_token(sys, token))
			return -EEXIST;
		if (!kio_proc_by_token(sys, token))
			return -ENOENT;
	} else if (type != KIO_SET_NULL || token) {
		return -EINVAL;
	}
	if (!quota)
		return -EINVAL;
	if (quota > sys->cap_avail)
		return -ENOSPC;
	set = kzalloc(sizeof(*set), GFP_KERNEL_ACCOUNT);
	if (!set)
		return -ENOMEM;
	set->type = type;
	set->token = token;
	set->quota = quota;
	INIT_LIST_HEAD(&set->ioasids);
	xa_init(&set->spids);
	/* 1 when it wrapped, -EBUSY when all 2^32 - 2 IDs are taken */
	ret = xa_alloc_cyclic(&sys->sets, &set->id, set, XA_LIMIT(1, KIO_INVALID - 1),
			      &sys->set_next, GFP_KERNEL_ACCOUNT);
	if (ret < 0) {
		kfree(set);
		return ret == -EBUSY ? -ENOSPC : ret;
	}
	set->serial = ++sys->set_serial;
	sys->nr_sets++;
	sys->cap_avail -= quota;
	sys->quotas += quota;
	kio_nbs_set_created(sys, set);
	*id = set->id;
	return 0;
}

static void kio_set_destroy(struct kio_sys *sys, struct kio_set *set)
{
	kio_nbs_set_destroyed(sys, set);
	xa_erase(&sys->sets, set->id);
	sys->nr_sets--;
	sys->cap_avail += set->quota;
	sys->quotas -= set->quota;
	xa_destroy(&set->spids);
	kfree(set);
}

/**
 * kio_set_free() - ioasid_set_free() (seed:5182-5200)
 * @sys: the system
 * @id: the set
 *
 * Return: 0; -EINVAL unknown ("if (!ioasid_set_is_valid(set))", seed:5183);
 * -EBUSY IOASIDs left (the seed only warns, seed:5188).
 */
int kio_set_free(struct kio_sys *sys, u32 id)
{
	struct kio_set *set = kio_set_get(sys, id);

	if (!set)
		return -EINVAL;
	if (set->nr_ioasids)
		return -EBUSY;
	kio_set_destroy(sys, set);
	return 0;
}

/**
 * kio_set_adjust() - v3 ioasid_adjust_set() (seed:7896-7940)
 * @sys: the system
 * @id: the set
 * @quota: the new quota
 *
 * Return: 0; -EINVAL unknown set, quota <= 0 (seed:7908-7909) or below the
 * outstanding IOASIDs (seed:7912-7917); -ENOSPC an increase past the
 * available capacity (seed:7919-7923). The delta moves between the set and
 * the pool (seed:7925-7926).
 */
int kio_set_adjust(struct kio_sys *sys, u32 id, s64 quota)
{
	struct kio_set *set = kio_set_get(sys, id);

	/* no upper bound in the seed: a quota past the capacity is an increase
	 * past the available capacity, -ENOSPC below
	 */
	if (quota <= 0 || !set)
		return -EINVAL;
	if (set->nr_ioasids > quota)
		return -EINVAL;
	if (quota > set->quota && quota - set->quota > sys->cap_avail)
		return -ENOSPC;
	sys->cap_avail = (u32)((s64)sys->cap_avail + set->quota - quota);
	sys->quotas = (u32)((s64)sys->quotas - set->quota + quota);
	set->quota = (u32)quota;
	return 0;
}

/* ------------------------------------------------------------ IOASIDs */

struct kio_ioasid *kio_ioasid_get_data(struct kio_sys *sys, u32 id)
{
	return xa_load(&sys->ioasids, id);
}

/**
 * kio_alloc() - ioasid_alloc(set, min, max) (seed:4488-4520, seed:5420-5430)
 * @sys: the system
 * @set: the set
 * @min: lowest ID, not 0 (seed:7461)
 * @max: highest ID; clamped to 0xfffff, the 20-bit PASID
 * @id: the lowest free ID in [min, max]
 *
 * Checks in the seed's order: the set (seed:4494), the range of
 * iommu_sva_alloc_pasid() (seed:665-670), the cgroup charge of MM sets
 * (seed:4497), the quota (seed:4500). The seed's quota branch skips the
 * uncharge (seed:4508); here a refused allocation leaves no charge.
 * The new IOASID is idle with one reference, the core's (seed:5425,
 * seed:8334), and no SPID. It is announced by an ALLOC notification
 * (ioasid-abi(7) version 3), which takes the next sequence number.
 *
 * Return: 0; -EINVAL unknown set or bad range; -EBUSY a cgroup limit;
 * -ENOSPC quota reached or no free ID in range; -ENOMEM.
 */
int kio_alloc(struct kio_sys *sys, u32 set, u32 min, u32 max, u32 *id)
{
	struct kio_set *s = kio_set_get(sys, set);
	struct kio_cg *misc_cg = NULL;
	struct kio_ioasid *d;
	u32 new_id;
	int ret;

	if (!s)
		return -EINVAL;
	if (min == KIO_INVALID || max == KIO_INVALID || min == 0 || max < min)
		return -EINVAL;
	if (max >= KIO_PASID_MAX)
		max = KIO_PASID_MAX - 1;
	if (s->type == KIO_SET_MM) {
		ret = kio_cg_charge(sys, s, &misc_cg);
		if (ret)
			return ret;
	}
	if (s->quota <= s->nr_ioasids) {
		ret = -ENOSPC;
		goto uncharge;
	}
	if (min > max) {
		ret = -ENOSPC;
		goto uncharge;
	}
	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (!d) {
		ret = -ENOMEM;
		goto uncharge;
	}
	/* xa_alloc() takes the lowest free index in the range */
	ret = xa_alloc(&sys->ioasids, &new_id, d, XA_LIMIT(min, max), GFP_KERNEL_ACCOUNT);
	if (ret) {
		kfree(d);
		if (ret == -EBUSY)
			ret = -ENOSPC;
		goto uncharge;
	}
	d->id = new_id;
	d->set = s;
	d->spid = KIO_INVALID;
	d->refs = 1;
	d->state = KIO_IDLE;
	d->misc_cg = misc_cg;
	list_add_tail(&d->set_node, &s->ioasids);
	s->nr_ioasids++;
	sys->nr_allocated++;
	sys->generation++;
	*id = new_id;
	/* ioasid-abi(7) version 3: ALLOC to the notify group only (the seed
	 * reserves it, seed:8139-8141, and no notifier chain receives it) */
	kio_notify(sys, d, KIO_EV_ALLOC, 0);
	return 0;
uncharge:
	if (s->type == KIO_SET_MM)
		kio_cg_uncharge(sys, s, misc_cg);
	return ret;
}

/* ioasid_do_free_locked() (seed:4510-4518): uncharge, erase, destroy the
 * set when it is empty (V4)
 */
static void kio_do_free(struct kio_sys *sys, struct kio_ioasid *d)
{
	struct kio_set *s = d->set;

	if (d->spid != KIO_INVALID)
		xa_erase(&s->spids, d->spid);
	list_del(&d->set_node);
	s->nr_ioasids--;
	if (s->type == KIO_SET_MM)
		kio_cg_uncharge(sys, s, d->misc_cg);
	xa_erase(&sys->ioasids, d->id);
	sys->nr_allocated--;
	sys->generation++;
	kfree(d);
	if (!s->nr_ioasids)
		kio_set_destroy(sys, s);
}

/*
 * ACTIVE: the seed defines the state (seed:5399-5401) but the crawl lost the
 * code that enters it. An IOASID is active while a user holds a reference
 * beyond the core's or an SPID is attached, idle otherwise (RULES.md
 * state_active_on_get).
 */
static void kio_update_state(struct kio_ioasid *d)
{
	if (d->state == KIO_FREE_PENDING)
		return;
	d->state = (d->refs > 1 || d->spid != KIO_INVALID) ? KIO_ACTIVE : KIO_IDLE;
}

/**
 * kio_free() - ioasid_free(set, ioasid) (seed:5436-5484)
 * @sys: the system
 * @set: must be the IOASID's set; the code has no NULL case (seed:5443)
 * @id: the IOASID
 *
 * Already free_pending: nothing (seed:5451-5453). Else free_pending and the
 * core's reference dropped: at zero released without a notification
 * (seed:5455-5461), else FREE on the global and the set's chains
 * (seed:5376-5381, seed:4836).
 *
 * Return: 0, -EINVAL unknown (seed:5439), -EACCES other set (seed:5444).
 */
int kio_free(struct kio_sys *sys, u32 set, u32 id)
{
	struct kio_ioasid *d = kio_ioasid_get_data(sys, id);

	if (!d)
		return -EINVAL;
	if (d->set->id != set)
		return -EACCES;
	if (d->state == KIO_FREE_PENDING)
		return 0;
	d->state = KIO_FREE_PENDING;
	sys->generation++;
	if (--d->refs == 0) {
		kio_do_free(sys, d);
		return 0;
	}
	kio_notify(sys, d, KIO_EV_FREE, KIO_CHAIN_GLOBAL | KIO_CHAIN_SET);
	return 0;
}

/* ioasid_get_locked() (seed:8358-8380, V4 seed:5485-5495) */
static int kio_get_data(struct kio_ioasid *d, u32 set)
{
	if (d->state == KIO_FREE_PENDING)
		return -EBUSY;
	if (set != KIO_ANY_SET && d->set->id != set)
		return -EACCES;
	if (d->refs == U32_MAX)
		return -EOVERFLOW;
	d->refs++;
	kio_update_state(d);
	return 0;
}

/**
 * kio_get() - ioasid_get(set, ioasid)
 * @sys: the system
 * @set: KIO_ANY_SET or the IOASID's set
 * @id: the IOASID
 *
 * Return: 0; -EINVAL unknown (seed:8366); -EBUSY free_pending, checked before
 * the set (seed:5493-5495); -EACCES other set (seed:8374).
 */
int kio_get(struct kio_sys *sys, u32 set, u32 id)
{
	struct kio_ioasid *d = kio_ioasid_get_data(sys, id);
	int ret;

	if (!d)
		return -EINVAL;
	ret = kio_get_data(d, set);
	if (!ret)
		sys->generation++;
	return ret;
}

/**
 * kio_put() - ioasid_put(set, ioasid) (seed:8404-8440)
 * @sys: the system
 * @set: KIO_ANY_SET or the IOASID's set
 * @id: the IOASID
 * @freed: true when the last reference went and the IOASID was released
 *
 * Return: 0, -EINVAL unknown, -EACCES other set (the seed returns false,
 * seed:8408-8416).
 */
int kio_put(struct kio_sys *sys, u32 set, u32 id, bool *freed)
{
	struct kio_ioasid *d = kio_ioasid_get_data(sys, id);

	if (!d)
		return -EINVAL;
	if (set != KIO_ANY_SET && d->set->id != set)
		return -EACCES;
	sys->generation++;
	if (--d->refs == 0) {
		kio_do_free(sys, d);
		*freed = true;
		return 0;
	}
	kio_update_state(d);
	*freed = false;
	return 0;
}

/**
 * kio_owned_check() - the ownership checks of ioasid_get_if_owned()
 * @sys: the system
 * @token: the caller's mm
 * @id: the IOASID
 *
 * seed:4995-5021: -ENOENT no such IOASID (seed:5003), -EINVAL its set is not
 * an MM set (seed:5007), -EPERM the set is not the caller's mm (seed:5011).
 *
 * Return: 0 or one of those.
 */
int kio_owned_check(struct kio_sys *sys, unsigned long token, u32 id)
{
	struct kio_ioasid *d = kio_ioasid_get_data(sys, id);

	if (!d)
		return -ENOENT;
	if (d->set->type != KIO_SET_MM)
		return -EINVAL;
	if (d->set->token != token)
		return -EPERM;
	return 0;
}

/* ioasid_get_if_owned(): the ownership checks, then ioasid_get_locked() */
int kio_get_if_owned(struct kio_sys *sys, unsigned long token, u32 id)
{
	int ret = kio_owned_check(sys, token, id);

	if (ret)
		return ret;
	return kio_get(sys, 0, id);
}

/* ------------------------------------------------------------ SPIDs */

/**
 * kio_attach_spid() - ioasid_attach_spid() (seed:5579-5611)
 * @sys: the system
 * @id: the IOASID
 * @spid: the set private ID
 *
 * BIND goes to the set's chain (seed:5333). An IOASID that had another SPID
 * takes the new one, as the seed's code does (seed:5596-5609).
 *
 * Return: 0; -EINVAL INVALID spid (seed:5591-5592) or an SPID already used in
 * the set (seed:5603-5606); -ENOENT unknown IOASID (seed:5597-5601).
 */
int kio_attach_spid(struct kio_sys *sys, u32 id, u32 spid)
{
	struct kio_ioasid *d;
	int ret;

	if (spid == KIO_INVALID)
		return -EINVAL;
	d = kio_ioasid_get_data(sys, id);
	if (!d)
		return -ENOENT;
	if (xa_load(&d->set->spids, spid))
		return -EINVAL;
	ret = xa_err(xa_store(&d->set->spids, spid, d, GFP_KERNEL_ACCOUNT));
	if (ret)
		return ret;
	if (d->spid != KIO_INVALID)
		xa_erase(&d->set->spids, d->spid);
	d->spid = spid;
	kio_update_state(d);
	sys->generation++;
	kio_notify(sys, d, KIO_EV_BIND, KIO_CHAIN_SET);
	return 0;
}

/**
 * kio_detach_spid() - ioasid_detach_spid() (seed:5613-5631)
 * @sys: the system
 * @id: the IOASID
 *
 * UNBIND is sent while the SPID is still set, then it is cleared (V4,
 * seed:5340-5342, over v3's order, seed:8173-8174).
 *
 * Return: 0, -ENOENT unknown, -EINVAL no SPID attached (seed:5624-5626).
 */
int kio_detach_spid(struct kio_sys *sys, u32 id)
{
	struct kio_ioasid *d = kio_ioasid_get_data(sys, id);

	if (!d)
		return -ENOENT;
	if (d->spid == KIO_INVALID)
		return -EINVAL;
	kio_notify(sys, d, KIO_EV_UNBIND, KIO_CHAIN_SET);
	xa_erase(&d->set->spids, d->spid);
	d->spid = KIO_INVALID;
	kio_update_state(d);
	sys->generation++;
	return 0;
}

/**
 * kio_find_by_spid() - ioasid_find_by_spid(set, spid, get) (seed:5633-5655)
 * @sys: the system
 * @set: the set
 * @spid: the SPID
 * @get: take a reference (refcount_inc, no state check, seed:5568-5571)
 * @id: the IOASID
 *
 * Return: 0, -EINVAL unknown set, -ENOENT no IOASID has @spid in the set.
 */
int kio_find_by_spid(struct kio_sys *sys, u32 set, u32 spid, bool get, u32 *id)
{
	struct kio_set *s = kio_set_get(sys, set);
	struct kio_ioasid *d;

	if (!s)
		return -EINVAL;
	d = xa_load(&s->spids, spid);
	if (!d)
		return -ENOENT;
	if (get && d->refs < U32_MAX) {
		d->refs++;
		kio_update_state(d);
		sys->generation++;
	}
	*id = d->id;
	return 0;
}

/**
 * kio_bind() - guest bind: get_if_owned + attach_spid (seed:5030-5060)
 * @sys: the system
 * @token: the caller's mm
 * @id: the IOASID
 * @spid: the SPID (the guest PASID, seed:8225)
 *
 * The reference is held while bound; an attach failure drops it again.
 *
 * Return: 0 or the errors of kio_get_if_owned() and kio_attach_spid().
 */
int kio_bind(struct kio_sys *sys, unsigned long token, u32 id, u32 spid)
{
	bool freed;
	int ret;

	if (spid == KIO_INVALID)
		return -EINVAL;
	ret = kio_get_if_owned(sys, token, id);
	if (ret)
		return ret;
	ret = kio_attach_spid(sys, id, spid);
	if (ret)
		kio_put(sys, KIO_ANY_SET, id, &freed);
	return ret;
}

/**
 * kio_unbind() - guest unbind: detach_spid then put (seed:8219-8220)
 * @sys: the system
 * @token: the caller's mm
 * @id: the IOASID
 *
 * Dropping the bind's reference may release a free_pending IOASID
 * (seed:4810-4817: a guest may free before it unbinds).
 *
 * Return: 0 or the ownership errors, -EINVAL not bound.
 */
int kio_unbind(struct kio_sys *sys, unsigned long token, u32 id)
{
	bool freed;
	int ret;

	ret = kio_owned_check(sys, token, id);
	if (ret)
		return ret;
	ret = kio_detach_spid(sys, id);
	if (ret)
		return ret;
	kio_put(sys, KIO_ANY_SET, id, &freed);
	return 0;
}

/**
 * kio_set_free_all() - ioasid_free_all_in_set() (seed:5829-5850)
 * @sys: the system
 * @set: the set; it may be destroyed by the last free
 */
void kio_set_free_all(struct kio_sys *sys, struct kio_set *set)
{
	u32 sid = set->id;
	struct kio_ioasid *d, *next;
	bool last;

	list_for_each_entry_safe(d, next, &set->ioasids, set_node) {
		last = list_is_last(&d->set_node, &set->ioasids);
		kio_free(sys, sid, d->id);
		if (last || !kio_set_get(sys, sid))
			break;
	}
}
