/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IOASID core of the seed, as one instance ("system") the rest of the
 * module drives. "seed:NNNN" is a line of the seed patch series
 * (ioasidctl's ../shared/seed/000_59fe03674f4f4318.txt); the user-visible
 * rules are those of man/ioasid-abi.7 and tests/conformance/RULES.md.
 *
 * One system is what a kernel would have once: a capacity, the sets, the
 * IOASIDs, the notifier chains and a sequence counter. The module holds one
 * real system (behind /dev/ioasid, sysfs and generic netlink) and, with
 * conformance=1, any number of throw-away systems made by the conformance
 * device, each with modelled processes and a modelled cgroup hierarchy
 * (a module cannot add a cgroup controller, see kmod/README).
 *
 * Every function here expects the system's mutex held (kio_lock()).
 */
#ifndef KIO_CORE_H
#define KIO_CORE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/xarray.h>

/* ioasid_t and INVALID_IOASID of include/linux/ioasid.h (seed:5591) */
#define KIO_INVALID 0xffffffffU
/* PCI_PASID_MAX: 20 bits (seed:6383-6386; the "0x10" there is a crawl
 * artifact, the comment and docs say 20 bits)
 */
#define KIO_PASID_MAX 0x100000U
/* "max" of a cgroup limit file (IOASIDS_MAX_STR, seed:4656) */
#define KIO_CG_MAX U64_MAX
/* the seed's NULL set argument of get/put/free */
#define KIO_ANY_SET 0U

/* cgroup forms a system charges MM-set allocations to (ioasid-abi(7)) */
#define KIO_CG_IOASIDS 0x1 /* the seed's ioasids controller, seed:4215-4682 */
#define KIO_CG_MISC 0x2	   /* the misc resource "ioasid", seed:2471-2477 */

enum kio_set_type { KIO_SET_NULL = 0, KIO_SET_MM = 1 };
enum kio_state { KIO_IDLE = 0, KIO_ACTIVE = 1, KIO_FREE_PENDING = 2 };
enum kio_event { KIO_EV_ALLOC = 1, KIO_EV_FREE = 2, KIO_EV_BIND = 3, KIO_EV_UNBIND = 4 };
enum kio_nb_scope { KIO_NB_GLOBAL = 1, KIO_NB_SET = 2, KIO_NB_MM = 3 };

/* Chains a notification goes to (IOASID_NOTIFY_FLAG_ALL / _SET, seed:5303-5322) */
#define KIO_CHAIN_GLOBAL 0x1
#define KIO_CHAIN_SET 0x2

struct kio_sys;

/* A modelled cgroup (conformance systems only) */
struct kio_cg {
	u32 id;		       /* 0 is the root */
	struct kio_cg *parent; /* NULL for the root */
	u64 io_cur, io_max, io_events;
	u64 misc_cur, misc_max, misc_events, misc_events_local;
};

/* A process: an mm token with an owner and a cgroup */
struct kio_proc {
	u32 id;		     /* conformance: the mm id; real: 0 */
	unsigned long token; /* the mm: an id (conformance) or an mm_struct address */
	struct kio_cg *cg;   /* NULL in the real system (no cgroup model) */
	struct list_head node;
	struct pid *pid; /* real system: the opener's thread group */
	bool opened;	 /* holds /dev/ioasid */
};

/* struct ioasid_set (seed:5679-5689) */
struct kio_set {
	u32 id;
	u64 serial; /* the system's count of sets at creation: unique */
	enum kio_set_type type;
	unsigned long token; /* the mm for MM sets, 0 for NULL sets */
	u32 quota;
	u32 nr_ioasids;
	struct list_head ioasids; /* in allocation order (ioasid_free_all_in_set) */
	struct xarray spids;	  /* SPID -> struct kio_ioasid (seed:5603) */
	struct kio_cg *io_cg;	  /* where the ioasids form charged it */
	u32 io_charged;
};

/* struct ioasid_data (seed:5398-5430) */
struct kio_ioasid {
	u32 id;
	struct kio_set *set;
	u32 spid;
	u32 refs;
	enum kio_state state;
	struct kio_cg *misc_cg; /* the misc form charges stay here */
	struct list_head set_node;
	u64 prq;
};

/* A notification as its receivers see it (struct ioasid_nb_args + seq) */
struct kio_event_rec {
	u64 seq;
	u32 type; /* enum kio_event */
	u32 ioasid;
	u32 spid; /* at emission; KIO_INVALID if none */
	u32 set;
	unsigned long token;
};

/* A notifier block that queues what it receives */
struct kio_nb {
	u32 id;
	enum kio_nb_scope scope;
	u32 set;	       /* SET: its set; MM: the active set or 0 (pending) */
	unsigned long token;   /* MM: the mm */
	bool dead;	       /* SET: its set was destroyed; receives nothing */
	struct list_head node; /* registration order */
	struct kio_event_rec *ev;
	u32 head, n, cap;
	bool overflow;
};

/* Called for every notification, after the chains (the real system sends it
 * to the genl "notify" group)
 */
typedef void (*kio_notify_hook)(struct kio_sys *sys, const struct kio_event_rec *ev);

struct kio_sys {
	struct mutex lock; /* guards everything below */
	unsigned int cg_forms;
	/* capacity (seed:6385-6458) */
	u32 cap_total, cap_avail, quotas;
	/* IOASIDs: the system-wide space (seed:4350-4351) */
	struct xarray ioasids;
	u32 nr_allocated;
	/* sets: IDs taken cyclically from 1 (xa_alloc_cyclic()) */
	struct xarray sets;
	u32 set_next;	/* where the next search starts */
	u64 set_serial; /* sets created so far */
	u32 nr_sets;
	/* processes and cgroups */
	struct list_head procs;
	u32 proc_next;
	struct xarray cgs;
	u32 cg_next;
	/* notifiers and events */
	struct list_head nbs;
	u32 nb_next;
	u64 seq;
	kio_notify_hook hook;
	/* bumped on every change of the IOASID table (genl NLM_F_DUMP_INTR) */
	u32 generation;
};

static inline void kio_lock(struct kio_sys *sys)
{
	mutex_lock(&sys->lock);
}

static inline void kio_unlock(struct kio_sys *sys)
{
	mutex_unlock(&sys->lock);
}

int kio_sys_init(struct kio_sys *sys, unsigned int cg_forms);
void kio_sys_destroy(struct kio_sys *sys);

/* capacity */
int kio_capacity_install(struct kio_sys *sys, u32 total);
int kio_capacity_reserve(struct kio_sys *sys, u32 nr, u32 *reserved);
int kio_capacity_cancel(struct kio_sys *sys, u32 nr, u32 *available);

/* processes and cgroups */
struct kio_proc *kio_proc_by_token(struct kio_sys *sys, unsigned long token);
struct kio_proc *kio_proc_by_id(struct kio_sys *sys, u32 id);
int kio_proc_add(struct kio_sys *sys, unsigned long token, struct kio_cg *cg,
		 struct kio_proc **out);
void kio_proc_release_set(struct kio_sys *sys, struct kio_proc *p);
void kio_proc_remove(struct kio_sys *sys, struct kio_proc *p);
int kio_proc_move(struct kio_sys *sys, struct kio_proc *p, struct kio_cg *cg);
struct kio_cg *kio_cg_get(struct kio_sys *sys, u32 id);
int kio_cg_create(struct kio_sys *sys, struct kio_cg *parent, u32 *id);
int kio_cg_set_max(struct kio_sys *sys, struct kio_cg *cg, unsigned int form, u64 max);

/* sets */
struct kio_set *kio_set_get(struct kio_sys *sys, u32 id);
struct kio_set *kio_set_by_token(struct kio_sys *sys, unsigned long token);
int kio_set_alloc(struct kio_sys *sys, enum kio_set_type type, unsigned long token, u32 quota,
		  u32 *id);
int kio_set_free(struct kio_sys *sys, u32 id);
int kio_set_adjust(struct kio_sys *sys, u32 id, s64 quota);
void kio_set_free_all(struct kio_sys *sys, struct kio_set *set);

/* IOASIDs */
struct kio_ioasid *kio_ioasid_get_data(struct kio_sys *sys, u32 id);
int kio_alloc(struct kio_sys *sys, u32 set, u32 min, u32 max, u32 *id);
int kio_free(struct kio_sys *sys, u32 set, u32 id);
int kio_get(struct kio_sys *sys, u32 set, u32 id);
int kio_put(struct kio_sys *sys, u32 set, u32 id, bool *freed);
int kio_owned_check(struct kio_sys *sys, unsigned long token, u32 id);
int kio_get_if_owned(struct kio_sys *sys, unsigned long token, u32 id);

/* SPIDs and bind */
int kio_attach_spid(struct kio_sys *sys, u32 id, u32 spid);
int kio_detach_spid(struct kio_sys *sys, u32 id);
int kio_find_by_spid(struct kio_sys *sys, u32 set, u32 spid, bool get, u32 *id);
int kio_bind(struct kio_sys *sys, unsigned long token, u32 id, u32 spid);
int kio_unbind(struct kio_sys *sys, unsigned long token, u32 id);

/* notifiers */
int kio_nb_register(struct kio_sys *sys, enum kio_nb_scope scope, u32 set, unsigned long token,
		    u32 *id);
int kio_nb_unregister(struct kio_sys *sys, u32 id);
int kio_nb_read(struct kio_sys *sys, u32 id, struct kio_event_rec *ev, u32 max, u32 *n);

#endif
