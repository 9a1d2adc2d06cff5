/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The interface an implementation of the seed's IOASID core provides to the
 * conformance suite (tests/conformance/suite.c). The suite is written from the
 * seed text (../shared/seed/000_59fe03674f4f4318.txt, quoted as seed:NNNN) and
 * runs unchanged against every implementation: the executable model
 * (impl-model.c), the reference kernel module (impl-kmod.c), the ioasidctl
 * CLI on an emulated host (impl-cli.c), and the deliberately wrong
 * impl-null.c that proves the tests can fail.
 *
 * Conventions (every function):
 *  - returns 0 on success or a negative errno, exactly as the seed's kernel
 *    function it mirrors; where the seed function returns void, bool, a
 *    pointer or an ioasid_t, the errno chosen for each failure is given below
 *    and in tests/conformance/RULES.md;
 *  - out parameters are written only on success;
 *  - a NULL function pointer means "not provided": the suite counts it as
 *    -ENOSYS (so the struct can grow by appending members without breaking
 *    older implementations);
 *  - handles are small integers chosen by the implementation:
 *      set ids  >= 1 (0 = IOASID_IMPL_NO_SET, the seed's NULL set argument),
 *      mm ids   >= 1 (0 = no mm), cgroup ids: 0 is the root, others >= 1,
 *      notifier ids >= 1.
 *    An id is never reused within one instance (so a stale id is unknown).
 *
 * An instance is one whole system: one capacity, one set table, one cgroup
 * hierarchy of the chosen form, its processes and its notifier chains. A new
 * instance has the default capacity not yet installed (seed:6385-6387: 20
 * bits, 0x100000; "#define PCI_PASID_MAX 0x10" is a crawl artifact, see
 * DIGEST.md), no sets, only the root cgroup, no processes, sequence number 0.
 */
#ifndef IOASID_CONFORMANCE_IMPL_H
#define IOASID_CONFORMANCE_IMPL_H

#include <stddef.h>
#include <stdint.h>

/* ioasid_t and INVALID_IOASID ((ioasid_t)-1) of include/linux/ioasid.h */
typedef uint32_t ioasid_impl_t;
#define IOASID_IMPL_INVALID ((ioasid_impl_t)0xffffffffu)

/* The default system capacity, PCIe's 20-bit PASID (seed:6384, DIGEST.md) */
#define IOASID_IMPL_DEFAULT_CAPACITY 0x100000u

/* the seed's NULL set argument of ioasid_get/put/free: no ownership check */
#define IOASID_IMPL_NO_SET 0
#define IOASID_IMPL_NO_MM 0
#define IOASID_IMPL_CG_ROOT 0

/* A cgroup limit of "max" (IOASIDS_MAX_STR, seed:4656; misc's "max") */
#define IOASID_IMPL_CG_MAX UINT64_MAX

/* Which cgroup form the instance models (DESIGN.md 2B) */
enum ioasid_impl_cg_form {
	/* the seed's ioasids controller (RFC 15-17/18, seed:4215-4682):
	 * ioasids.max default 0, moves exempt (charges follow the process, so
	 * current > max is possible), granting a limit checks capacity */
	IOASID_IMPL_CG_IOASIDS = 1,
	/* the misc controller resource "ioasid" the seed converged on
	 * (seed:2917-2923, 2471-2477): misc.max default max, no charge
	 * migration (a charge stays with the cgroup it was made in) */
	IOASID_IMPL_CG_MISC = 2,
};

/* IOASID_SET_TYPE_NULL / IOASID_SET_TYPE_MM (seed:5103, 7315) */
enum ioasid_impl_set_type {
	IOASID_IMPL_SET_NULL = 0,
	IOASID_IMPL_SET_MM = 1,
};

/* enum ioasid_state (seed:5398-5402) */
enum ioasid_impl_state {
	IOASID_IMPL_IDLE = 0,
	IOASID_IMPL_ACTIVE = 1,
	IOASID_IMPL_FREE_PENDING = 2,
};

/* enum ioasid_notify_val: ALLOC and FREE come first, "IOASID_FREE/ALLOC are
 * internal events emitted by IOASID core only" (seed:8139-8141) */
enum ioasid_impl_event_type {
	IOASID_IMPL_EV_ALLOC = 1,
	IOASID_IMPL_EV_FREE = 2,
	IOASID_IMPL_EV_BIND = 3,
	IOASID_IMPL_EV_UNBIND = 4,
};

/* Where a notifier listens (seed:5240-5320 ioasid_notify, 7806-7870) */
enum ioasid_impl_nb_scope {
	IOASID_IMPL_NB_GLOBAL = 1, /* ioasid_register_notifier(NULL, nb) */
	IOASID_IMPL_NB_SET = 2,	   /* ioasid_register_notifier(set, nb) */
	IOASID_IMPL_NB_MM = 3,	   /* ioasid_register_notifier_mm(mm, nb) */
};

/*
 * One notification as a notifier received it: struct ioasid_nb_args
 * (seed:5312-5315: id, set, pdata, spid) plus the event's sequence number.
 * seq: every notification the core emits (one ioasid_notify() call) takes the
 * next number of the instance, starting at 1, without gaps; all notifiers
 * that receive the same notification see the same seq (DESIGN.md 2B: readers
 * report "lost N" on a gap).
 */
struct ioasid_impl_event {
	uint64_t seq;
	int type;	      /* enum ioasid_impl_event_type */
	ioasid_impl_t ioasid; /* args.id */
	ioasid_impl_t spid;   /* args.spid at emission; IOASID_IMPL_INVALID if none */
	int set;	      /* args.set as a set id */
};

struct ioasid_impl_set_info {
	int type;	     /* enum ioasid_impl_set_type */
	int mm;		     /* the token for MM sets, IOASID_IMPL_NO_MM for NULL sets */
	uint32_t quota;	     /* set->quota */
	uint32_t nr_ioasids; /* set->nr_ioasids: IOASIDs allocated and not yet freed */
};

struct ioasid_impl_ioasid_info {
	int set;	    /* data->set */
	int state;	    /* enum ioasid_impl_state */
	uint32_t refs;	    /* data->refs (alloc takes the first, seed:5455-5459) */
	ioasid_impl_t spid; /* IOASID_IMPL_INVALID when none is attached */
};

struct ioasid_impl_cg_info {
	uint64_t current; /* ioasids.current / misc.current "ioasid N" */
	uint64_t max;	  /* ioasids.max / misc.max "ioasid N"; IOASID_IMPL_CG_MAX for "max" */
	uint64_t events;  /* ioasids.events "max N" / misc.events "ioasid.max N" */
};

/* An operation the implementation has no way to perform (the CLI has no
 * command for ioasid_get, for instance). Not an errno: the suite reports
 * the test as skipped, naming the operation, for an implementation that
 * sets may_not_offer; for every other implementation it is a failure. */
#define IOASID_IMPL_NOT_OFFERED (-100000)

typedef struct ioasid_impl_inst ioasid_impl_inst;

struct ioasid_impl {
	const char *name;

	/* ---- instance ---- */
	/* A fresh system (see the top comment) with cgroup form @form.
	 * -EINVAL for an unknown form, -ENOMEM. */
	int (*create)(ioasid_impl_inst **inst, enum ioasid_impl_cg_form form);
	void (*destroy)(ioasid_impl_inst *inst);

	/* ---- system capacity (seed:6395-6459) ---- */
	/* ioasid_install_capacity(total): void in the seed; returns 0. Only the
	 * first install takes effect; a later one is ignored ("IOASID capacity
	 * is already set.", seed:6398-6401). total and available = @total. */
	int (*capacity_install)(ioasid_impl_inst *inst, uint32_t total);
	/* ioasid_reserve_capacity(nr): -ENOSPC if nr > available; nr 0 means
	 * all remaining. *reserved = the number reserved (the seed's positive
	 * return value, seed:6416-6432). */
	int (*capacity_reserve)(ioasid_impl_inst *inst, uint32_t nr, uint32_t *reserved);
	/* ioasid_cancel_capacity(nr): -EINVAL if available + nr > total;
	 * *available = the new available count (seed:6444-6458). */
	int (*capacity_cancel)(ioasid_impl_inst *inst, uint32_t nr, uint32_t *available);
	/* ioasid_capacity / ioasid_capacity_avail */
	int (*capacity_query)(ioasid_impl_inst *inst, uint32_t *total, uint32_t *available);

	/* ---- processes (one mm each) ---- */
	/* A process with its own mm, placed in cgroup @cg. -ENOENT unknown cg. */
	int (*mm_create)(ioasid_impl_inst *inst, int cg, int *mm);
	/* The process exits: its MM set is freed as by ioasid_free_all_in_set()
	 * (seed:5817-5840; /dev/ioasid release frees the set). -ENOENT unknown. */
	int (*mm_exit)(ioasid_impl_inst *inst, int mm);
	/* Move the process to cgroup @cg (cgroup.procs write); never refused by
	 * a limit (seed:4281-4285). Charges: see enum ioasid_impl_cg_form.
	 * -ENOENT unknown mm or cg. */
	int (*mm_move)(ioasid_impl_inst *inst, int mm, int cg);

	/* ---- cgroups (the form chosen at create) ---- */
	/* mkdir under @parent. New limit: 0 (ioasids, seed:4294-4295, 4320) or
	 * max (misc). -ENOENT unknown parent. */
	int (*cg_create)(ioasid_impl_inst *inst, int parent, int *cg);
	/* write the limit ("max" = IOASID_IMPL_CG_MAX). -ENOENT unknown cg;
	 * -EINVAL on the root (no max file there). ioasids form: -ENOSPC when
	 * a finite limit exceeds the available capacity (seed:4292-4293). */
	int (*cg_set_max)(ioasid_impl_inst *inst, int cg, uint64_t max);
	/* current, max, events of @cg. -ENOENT unknown cg. */
	int (*cg_read)(ioasid_impl_inst *inst, int cg, struct ioasid_impl_cg_info *info);

	/* ---- IOASID sets (seed:5165-5200, 7896-7940) ---- */
	/* ioasid_set_alloc(token, quota, type): NULL type needs mm ==
	 * IOASID_IMPL_NO_MM, MM type a live mm. The quota is taken from the
	 * available capacity. -EINVAL bad type/token or quota 0, -ENOSPC quota >
	 * available, -EEXIST the mm already has a set, -ENOENT unknown mm. */
	int (*set_alloc)(ioasid_impl_inst *inst, int type, int mm, uint32_t quota, int *set);
	/* ioasid_set_free(set): -EINVAL unknown set, -EBUSY IOASIDs remain.
	 * Returns the quota to the available capacity. */
	int (*set_free)(ioasid_impl_inst *inst, int set);
	/* ioasid_adjust_set(set, quota) (v3, seed:7904-7939): -EINVAL quota <= 0,
	 * -EINVAL quota < nr_ioasids, -ENOSPC increase > available; the delta is
	 * taken from / returned to the available capacity. -EINVAL unknown set. */
	int (*set_adjust)(ioasid_impl_inst *inst, int set, int quota);
	/* -ENOENT when the set does not exist (never created or destroyed) */
	int (*set_query)(ioasid_impl_inst *inst, int set, struct ioasid_impl_set_info *info);

	/* ---- IOASIDs ---- */
	/* ioasid_alloc(set, min, max, private) (seed:4488-4520, 5420-5430):
	 * -EINVAL unknown set, min == 0, min or max INVALID, max < min
	 * (seed:665-670); MM sets charge the cgroup of the set's mm first
	 * (seed:4497): -EBUSY when a limit in the hierarchy is hit; -ENOSPC
	 * quota reached (seed:4500) or no free ID in [min, max]. New IOASID:
	 * IDLE, refs 1, no SPID. */
	int (*alloc)(ioasid_impl_inst *inst, int set, ioasid_impl_t min, ioasid_impl_t max,
		     ioasid_impl_t *ioasid);
	/* ioasid_free(set, ioasid) (seed:5440-5484; void in the seed): -EINVAL
	 * unknown, -EACCES set given and not the IOASID's; already FREE_PENDING:
	 * 0, no-op; else FREE_PENDING and one ref dropped: at 0 really freed
	 * (uncharged, erased, set destroyed if empty, seed:4510-4518), else FREE
	 * notified to the global and the set's chains. */
	int (*free)(ioasid_impl_inst *inst, int set, ioasid_impl_t ioasid);
	/* ioasid_get(set, ioasid) (seed:8392-8402, 5485-5495): -EINVAL unknown,
	 * -EBUSY FREE_PENDING, -EACCES wrong set (in that order). IDLE -> ACTIVE. */
	int (*get)(ioasid_impl_inst *inst, int set, ioasid_impl_t ioasid);
	/* ioasid_put(set, ioasid) (seed:8404-8440; bool in the seed): -EINVAL
	 * unknown, -EACCES wrong set; *freed = true when the last ref went. */
	int (*put)(ioasid_impl_inst *inst, int set, ioasid_impl_t ioasid, int *freed);
	/* ioasid_get_if_owned(ioasid) as process @caller_mm (seed:4995-5021):
	 * -ENOENT no such IOASID/set, -EINVAL set not MM, -EPERM not the
	 * caller's mm, then as get. */
	int (*get_if_owned)(ioasid_impl_inst *inst, int caller_mm, ioasid_impl_t ioasid);
	/* -ENOENT when the IOASID is not allocated (never, or really freed) */
	int (*ioasid_query)(ioasid_impl_inst *inst, ioasid_impl_t ioasid,
			    struct ioasid_impl_ioasid_info *info);

	/* ---- SPIDs (seed:5579-5657; V4 notifications seed:5328-5342) ---- */
	/* ioasid_attach_spid(ioasid, spid): -EINVAL spid INVALID, -ENOENT
	 * unknown IOASID, -EINVAL spid already used in the set. Notifies BIND
	 * on the set's chain. */
	int (*attach_spid)(ioasid_impl_inst *inst, ioasid_impl_t ioasid, ioasid_impl_t spid);
	/* ioasid_detach_spid(ioasid) (void in the seed): -ENOENT unknown,
	 * -EINVAL no SPID attached. Notifies UNBIND (still carrying the SPID)
	 * on the set's chain, then clears it. */
	int (*detach_spid)(ioasid_impl_inst *inst, ioasid_impl_t ioasid);
	/* ioasid_find_by_spid(set, spid, get) (returns INVALID_IOASID in the
	 * seed): -EINVAL unknown set, -ENOENT no IOASID with that SPID in the
	 * set. @get: take a reference as ioasid_get would. */
	int (*find_by_spid)(ioasid_impl_inst *inst, int set, ioasid_impl_t spid, int get,
			    ioasid_impl_t *ioasid);
	/* the other direction: -ENOENT unknown IOASID or no SPID attached */
	int (*find_spid)(ioasid_impl_inst *inst, ioasid_impl_t ioasid, ioasid_impl_t *spid);

	/* ---- bind/unbind (guest bind: seed:5030-5060, 8215-8231) ---- */
	/* As process @caller_mm: get_if_owned(ioasid) then attach_spid(ioasid,
	 * spid) (BIND); on an attach failure the reference is dropped again.
	 * Errors of those two. */
	int (*bind)(ioasid_impl_inst *inst, int caller_mm, ioasid_impl_t ioasid,
		    ioasid_impl_t spid);
	/* As @caller_mm: detach_spid (UNBIND before the SPID is cleared) then
	 * put. -ENOENT unknown, -EPERM not owned, -EINVAL not bound. */
	int (*unbind)(ioasid_impl_inst *inst, int caller_mm, ioasid_impl_t ioasid);

	/* ---- notifiers (seed:5240-5320, 5140-5230, 7806-7870) ---- */
	/* Register a notifier that queues what it receives. GLOBAL: @target
	 * ignored; SET: @target a set id (-EINVAL unknown); MM: @target an mm
	 * (-EINVAL mm 0, -EBUSY when the mm's set exists and is not empty,
	 * seed:7842-7850); an MM notifier waits on the pending list until the
	 * mm's set is created, and goes back to pending when that set is
	 * destroyed (seed:5143-5160, 5192-5200). */
	int (*nb_register)(ioasid_impl_inst *inst, int scope, int target, int *nb);
	/* -ENOENT unknown notifier */
	int (*nb_unregister)(ioasid_impl_inst *inst, int nb);
	/* Take up to @max queued events of notifier @nb, oldest first, into @ev;
	 * *n = how many. -ENOENT unknown notifier. */
	int (*events_read)(ioasid_impl_inst *inst, int nb, struct ioasid_impl_event *ev, size_t max,
			   size_t *n);

	/* Non-zero: IOASID_IMPL_NOT_OFFERED skips the test (impl-cli.c only;
	 * the model and the kernel module must be able to do everything). */
	int may_not_offer;
};

/* The suite: runs every rule against @impl; returns the number of failed
 * tests (0 = conforms). */
int ioasid_conformance_run(const struct ioasid_impl *impl);

/* The number of tests ioasid_conformance_run() runs (rules x forms). */
int ioasid_conformance_count(void);

#endif
