/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * An executable model of the seed's IOASID core (the V4 series "IOASID
 * extensions for guest SVA", seed/000_59fe03674f4f4318.txt; line numbers
 * are quoted as seed:NNNN). No shipping kernel has this code; the model is
 * what the emulated host (--sim) runs and what the conformance suite
 * (tests/conformance) checks.
 *
 * It holds: the system capacity, IOASID sets (NULL and MM token types) with
 * quotas, IOASIDs with states, refcounts and set private IDs (SPIDs), the
 * notifier chains (global, per set, per mm with the pending list), an event
 * queue with sequence numbers, cgroup charging in both forms (the seed's
 * `ioasids` controller and the misc resource `ioasid`), processes (VMs)
 * that own MM sets, and page-request counters per IOMMU unit and IOASID.
 *
 * Conventions: functions return 0 (or a count / an ID) on success and
 * -errno on failure; nothing prints. The model is single threaded: the
 * caller serializes access (the emulated host takes a lock around a
 * mutation). Sizes scale to the full 20-bit space: allocation and lookups
 * do not walk the IOASIDs.
 */
#ifndef IOASID_MODEL_H
#define IOASID_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ioasid_model;

/* INVALID_IOASID of the seed: ((ioasid_t)-1). */
#define IOASID_MODEL_INVALID UINT32_MAX
/* PCI_PASID_MAX: 20 bits (seed:6384 prints 0x10, a crawl artifact for
 * 0x100000; the comment above it and the docs say 20 bits). */
#define IOASID_MODEL_PASID_MAX 0x100000u
/* "max" in a cgroup limit file. */
#define IOASID_MODEL_CG_MAX UINT64_MAX
/* No set given (the seed's NULL set argument of get/put). */
#define IOASID_MODEL_ANY_SET UINT32_MAX

/* Which cgroup forms charge MM-set allocations (both by default). */
#define IOASID_MODEL_CG_IOASIDS 0x1u /* seed's controller, seed:4215-4682 */
#define IOASID_MODEL_CG_MISC 0x2u    /* misc resource `ioasid` (seed:2471-2477) */

enum ioasid_model_set_type {
	IOASID_MODEL_SET_NULL = 0, /* IOASID_SET_TYPE_NULL: host/kernel sets */
	IOASID_MODEL_SET_MM = 1,   /* IOASID_SET_TYPE_MM: token = a process's mm */
};

enum ioasid_model_state {
	IOASID_MODEL_IDLE = 0,
	IOASID_MODEL_ACTIVE = 1,
	IOASID_MODEL_FREE_PENDING = 2,
};

enum ioasid_model_event_type {
	IOASID_MODEL_EV_FREE = 1,   /* IOASID_NOTIFY_FREE: freed with users left */
	IOASID_MODEL_EV_BIND = 2,   /* IOASID_NOTIFY_BIND: SPID attached */
	IOASID_MODEL_EV_UNBIND = 3, /* IOASID_NOTIFY_UNBIND: before the SPID is cleared */
	/* ioasid-abi(7) version 3: after an allocation, to the event queue
	 * (the notify group) only, no notifier chain (chains 0): the seed
	 * reserves IOASID_NOTIFY_ALLOC (seed:8139-8141) and never sends it */
	IOASID_MODEL_EV_ALLOC = 4,
};

/* Chains an event was delivered on. */
#define IOASID_MODEL_CHAIN_GLOBAL 0x1u /* IOASID_NOTIFY_FLAG_ALL */
#define IOASID_MODEL_CHAIN_SET 0x2u    /* IOASID_NOTIFY_FLAG_SET (includes mm notifiers) */

struct ioasid_model_event {
	uint64_t seq; /* 1, 2, ...: a gap means lost events */
	enum ioasid_model_event_type type;
	uint32_t ioasid;
	uint32_t set;
	uint32_t spid;	 /* IOASID_MODEL_INVALID when none */
	uint64_t mm;	 /* the set's token (0 for NULL sets) */
	unsigned chains; /* IOASID_MODEL_CHAIN_* */
	/* mm sets: the owner's pid when the event was emitted (-1: none, or
	 * exited). Taken then, not looked up later: the UNBIND that releases
	 * a set's last IOASID destroys the set right after it. */
	int32_t pid;
};

/* ------------------------------------------------------------------ */
/* Life cycle */

/* cg_forms: IOASID_MODEL_CG_* (0 = no cgroup charging). The event queue
 * keeps the last event_ring events (0 = 65536). */
int ioasid_model_new(struct ioasid_model **m, unsigned cg_forms, size_t event_ring);
void ioasid_model_free(struct ioasid_model *m);
unsigned ioasid_model_cg_forms(const struct ioasid_model *m);
const char *ioasid_model_state_name(enum ioasid_model_state s);
const char *ioasid_model_event_name(enum ioasid_model_event_type t);
const char *ioasid_model_set_type_name(enum ioasid_model_set_type t);

/* ------------------------------------------------------------------ */
/* System capacity (seed:6395-6458) */

struct ioasid_model_capacity {
	uint32_t total;	    /* ioasid_capacity */
	uint32_t available; /* ioasid_capacity_avail */
	uint32_t reserved;  /* total - available - sum of set quotas */
	uint32_t quotas;    /* sum of the quotas of all sets */
	uint32_t allocated; /* IOASIDs in use (any state) */
	bool installed;	    /* a capacity other than the default was installed */
};

/* Once: a second install of a non-default capacity is ignored
 * (seed:6399 "IOASID capacity is already set.") and returns -EEXIST.
 * total must be 2..IOASID_MODEL_PASID_MAX (-EINVAL). Model rule: -EBUSY
 * once a set exists (the seed installs at boot, before any set). */
int ioasid_model_install_capacity(struct ioasid_model *m, uint32_t total);
/* nr > available: -ENOSPC; nr == 0 reserves all that is available.
 * Returns the number reserved (seed:6416-6433). */
int64_t ioasid_model_reserve_capacity(struct ioasid_model *m, uint32_t nr);
/* nr + available > total: -EINVAL. Returns the new available count
 * (seed:6444-6458). */
int64_t ioasid_model_cancel_capacity(struct ioasid_model *m, uint32_t nr);
void ioasid_model_get_capacity(const struct ioasid_model *m, struct ioasid_model_capacity *c);

/* ------------------------------------------------------------------ */
/* Sets */

struct ioasid_model_set_info {
	uint32_t id;
	enum ioasid_model_set_type type;
	uint64_t mm;	   /* token (0 for NULL sets) */
	int32_t owner_pid; /* the process whose mm is the token, or -1 */
	uint32_t quota;
	uint32_t nr_ioasids;
	char cgroup[256]; /* where the ioasids form charges ("" if none) */
};

/* A new set; returns its ID. Model choice: IDs count up from 1 and are
 * never reused (the seed's xa_alloc would reuse the lowest free index, so
 * a stale ID could name another VM's set). MM type needs mm != 0 of a
 * known process (-EINVAL, -ENOENT) and no other set of that mm (-EEXIST); NULL type needs mm == 0
 * (-EINVAL). quota 0: -EINVAL; quota > available capacity: -ENOSPC; the quota is taken from the
 * capacity (seed:4291, 7926). Pending mm notifiers of mm join the set (seed:5143). */
int64_t ioasid_model_set_alloc(struct ioasid_model *m, enum ioasid_model_set_type type, uint64_t mm,
			       uint32_t quota);
/* Destroy an empty set (-EBUSY while it holds IOASIDs, -EINVAL unknown
 * as ioasid_set_is_valid, seed:5183);
 * its quota returns to the capacity. Sets are also destroyed when their
 * last IOASID is freed (seed:4516). */
int ioasid_model_set_free(struct ioasid_model *m, uint32_t set);
/* v3 ioasid_adjust_set (seed:7904-7933): quota <= 0, below the
 * outstanding IOASIDs or an unknown set: -EINVAL; an increase past
 * available: -ENOSPC. */
int ioasid_model_set_adjust(struct ioasid_model *m, uint32_t set, int64_t quota);
int ioasid_model_set_get_info(const struct ioasid_model *m, uint32_t set,
			      struct ioasid_model_set_info *out);
/* The set of an mm token, or -ENOENT. */
int64_t ioasid_model_set_by_mm(const struct ioasid_model *m, uint64_t mm);
/* Free every IOASID of the set (seed:5842 ioasid_free_all_in_set). */
int ioasid_model_set_free_all(struct ioasid_model *m, uint32_t set);
size_t ioasid_model_nr_sets(const struct ioasid_model *m);
/* The ID the next set will get (saved with a state, see restore). */
uint32_t ioasid_model_next_set_id(const struct ioasid_model *m);
/* Iteration in ID order: the first set with id >= from; -ENOENT at the end. */
int ioasid_model_set_next(const struct ioasid_model *m, uint32_t from,
			  struct ioasid_model_set_info *out);

/* ------------------------------------------------------------------ */
/* IOASIDs */

struct ioasid_model_ioasid_info {
	uint32_t id;
	uint32_t set;
	uint32_t spid; /* IOASID_MODEL_INVALID when none */
	enum ioasid_model_state state;
	uint32_t refs;
	uint64_t prq; /* page requests received for this IOASID */
	/* the cgroup the misc form charged (ioasid_model_cgroup_path), or
	 * IOASID_MODEL_INVALID: a misc charge stays where it was made */
	uint32_t misc_cg;
};

/* The lowest free IOASID in [min, max] of the set (never 0, seed:7461;
 * max is capped at 0xfffff, the 20-bit PASID; the capacity is a count,
 * enforced by the quotas taken from it). Order of checks (seed:4494-4500): set
 * unknown -EINVAL; min 0, min or max INVALID, max < min -EINVAL
 * (iommu_sva_alloc_pasid, seed:665-670); MM sets are charged to their
 * cgroup, -EBUSY when a limit in the hierarchy refuses (misc_cg_try_charge's
 * errno, used for both forms); quota reached -ENOSPC; no free ID in range
 * -ENOSPC. The new IOASID is IDLE with one reference. */
int64_t ioasid_model_alloc(struct ioasid_model *m, uint32_t set, uint32_t min, uint32_t max);
/* ioasid_free (seed:5433-5483): unknown -EINVAL; the set must match
 * exactly (-EACCES): the code compares without a NULL case (seed:5443), so
 * IOASID_MODEL_ANY_SET fails although the comment says "If not NULL"
 * (seed:5469; code wins over comments); already
 * FREE_PENDING: 0 (no-op); else FREE_PENDING and one reference dropped; at
 * zero the IOASID is released, else FREE is notified. Returns 1 if the
 * IOASID was released, 0 if it is pending. */
int ioasid_model_free_ioasid(struct ioasid_model *m, uint32_t set, uint32_t ioasid);
/* ioasid_get (seed:8358): unknown -EINVAL; FREE_PENDING -EBUSY; set given
 * and different -EACCES. An IDLE IOASID becomes ACTIVE. */
int ioasid_model_get(struct ioasid_model *m, uint32_t set, uint32_t ioasid);
/* ioasid_get_if_owned (seed:4995-5011) for the caller's mm: no such
 * IOASID -ENOENT; set not MM -EINVAL; other mm -EPERM; then as get. */
int ioasid_model_get_if_owned(struct ioasid_model *m, uint64_t mm, uint32_t ioasid);
/* ioasid_put (seed:8404): unknown -EINVAL, wrong set -EACCES; returns 1
 * when the last reference went and the IOASID was released, else 0. */
int ioasid_model_put(struct ioasid_model *m, uint32_t set, uint32_t ioasid);
int ioasid_model_ioasid_get_info(const struct ioasid_model *m, uint32_t ioasid,
				 struct ioasid_model_ioasid_info *out);
/* The first IOASID >= from (of set, or any set with IOASID_MODEL_ANY_SET);
 * -ENOENT at the end. Walks the allocation bitmap, so listing all is
 * linear in the space, not quadratic. */
int ioasid_model_ioasid_next(const struct ioasid_model *m, uint32_t set, uint32_t from,
			     struct ioasid_model_ioasid_info *out);

/* SPIDs (seed:5555-5660). attach: spid INVALID -EINVAL; unknown IOASID
 * -ENOENT; spid already used in the set -EINVAL; notifies BIND. An
 * IOASID that had another SPID gets the new one (the seed does not check). */
int ioasid_model_attach_spid(struct ioasid_model *m, uint32_t ioasid, uint32_t spid);
/* detach: unknown IOASID -ENOENT, no SPID -EINVAL; notifies UNBIND
 * before clearing the SPID (V4 order, seed:5341). */
int ioasid_model_detach_spid(struct ioasid_model *m, uint32_t ioasid);
/* The IOASID of (set, spid), or IOASID_MODEL_INVALID (also for an unknown
 * set). get takes a reference like the seed (refcount_inc, no state check). */
uint32_t ioasid_model_find_by_spid(struct ioasid_model *m, uint32_t set, uint32_t spid, bool get);

/* The /dev/ioasid level (DESIGN.md 2B): bind = ownership check and
 * reference (get_if_owned) + attach SPID, the reference held while bound
 * (VT-d bind_gpasid, seed:8427-8429); unbind = ownership check, detach
 * SPID (UNBIND), drop the bind reference (seed:4720-4728). */
int ioasid_model_bind(struct ioasid_model *m, uint64_t mm, uint32_t ioasid, uint32_t spid);
int ioasid_model_unbind(struct ioasid_model *m, uint64_t mm, uint32_t ioasid);

/* ------------------------------------------------------------------ */
/* Notifications */

typedef void (*ioasid_model_notify_fn)(void *arg, const struct ioasid_model_event *ev);

/* Callbacks run inside the mutation and must not call back into the
 * model (the kernel's chains are atomic notifiers under the allocator
 * lock). Each returns a notifier ID > 0. */
/* set == IOASID_MODEL_ANY_SET: the global chain; else the set's chain
 * (-EINVAL unknown set). */
int64_t ioasid_model_notifier_register(struct ioasid_model *m, uint32_t set,
				       ioasid_model_notify_fn fn, void *arg);
/* A notifier in the mm pending list cannot be removed this way (seed:5163
 * "Cannot unregister NB from pending list"): -EBUSY. */
int ioasid_model_notifier_unregister(struct ioasid_model *m, int64_t id);
/* Per-mm (seed:7817-7870): mm 0 -EINVAL; the same fn/arg twice for an mm
 * -EBUSY; the mm's set exists but is not empty -EBUSY; otherwise joins the
 * set's chain now, or waits in the pending list until the set is created
 * (and goes back to pending when the set is destroyed). */
int64_t ioasid_model_notifier_register_mm(struct ioasid_model *m, uint64_t mm,
					  ioasid_model_notify_fn fn, void *arg);
int ioasid_model_notifier_unregister_mm(struct ioasid_model *m, int64_t id);
/* Whether an mm notifier is active on a set (1), pending (0), or -ENOENT. */
int ioasid_model_notifier_mm_active(const struct ioasid_model *m, int64_t id);

/* The event queue (the netlink `notify` group): every notification, in
 * order. A reader keeps a cursor (the last seq it saw, 0 at start); read
 * fills up to max events after it, advances it, and sets *lost to the
 * number of events it missed because the ring overwrote them. Returns the
 * number of events copied. */
size_t ioasid_model_events_read(const struct ioasid_model *m, uint64_t *cursor,
				struct ioasid_model_event *out, size_t max, uint64_t *lost);
uint64_t ioasid_model_events_last_seq(const struct ioasid_model *m);

/* ------------------------------------------------------------------ */
/* cgroups: paths like "/", "/machine.slice/vm1.scope". Each cgroup has
 * both forms' counters; only the forms given to ioasid_model_new charge. */

enum ioasid_model_cg_form {
	IOASID_MODEL_FORM_IOASIDS = 1, /* ioasids.max: default 0, moves exempt */
	IOASID_MODEL_FORM_MISC = 2,    /* misc.max "ioasid": default max, no migration */
};

struct ioasid_model_cgroup_info {
	char path[256];
	uint32_t nprocs;
	/* seed's controller: ioasids.current, .max, .events ("max N") */
	uint64_t ioasids_current, ioasids_max, ioasids_events;
	/* misc controller resource ioasid: misc.current, misc.max, misc.peak,
	 * misc.events ("ioasid.max N"), misc.events.local */
	uint64_t misc_current, misc_max, misc_peak, misc_events, misc_events_local;
};

/* parent must exist (-ENOENT), path must be new (-EEXIST), absolute and
 * without empty or "."/".." components (-EINVAL). */
int ioasid_model_cgroup_create(struct ioasid_model *m, const char *path);
/* -EBUSY with processes, children or charges; root -EINVAL. */
int ioasid_model_cgroup_remove(struct ioasid_model *m, const char *path);
/* value IOASID_MODEL_CG_MAX is "max". Root has no limit files: -EINVAL.
 * The ioasids form consults the core's available capacity when a limit
 * is granted (seed:4292): a value above it is -ENOSPC. */
int ioasid_model_cgroup_set_limit(struct ioasid_model *m, const char *path,
				  enum ioasid_model_cg_form form, uint64_t value);
int ioasid_model_cgroup_get_info(const struct ioasid_model *m, const char *path,
				 struct ioasid_model_cgroup_info *out);
/* Iteration in creation order by index (0 is the root); -ENOENT at end. */
int ioasid_model_cgroup_next(const struct ioasid_model *m, uint32_t *index,
			     struct ioasid_model_cgroup_info *out);

/* ------------------------------------------------------------------ */
/* Processes (VMs): pid + mm token + cgroup. */

struct ioasid_model_proc_info {
	int32_t pid;
	uint64_t mm;
	char cgroup[256];
	uint32_t set; /* its MM set, IOASID_MODEL_INVALID if none */
	bool opened;  /* holds the /dev/ioasid handle */
};

/* pid > 0 and mm != 0, both unused (-EEXIST); cgroup must exist. */
int ioasid_model_proc_add(struct ioasid_model *m, int32_t pid, uint64_t mm, const char *cgroup);
/* Move to another cgroup. The ioasids form moves the process's charge
 * with it without checking limits (seed:4263-4267, current > max
 * possible); the misc form leaves charges where they were made. */
int ioasid_model_proc_move(struct ioasid_model *m, int32_t pid, const char *cgroup);
/* open("/dev/ioasid"): one open per process (-EBUSY); creates the MM set
 * of the process with the given quota (see set_alloc for errors).
 * Returns the set ID. */
int64_t ioasid_model_proc_open(struct ioasid_model *m, int32_t pid, uint32_t quota);
/* close (/dev/ioasid release): frees every IOASID of the process's set,
 * then unbinds those the process bound (the file lets go of its bindings);
 * the set goes when empty (IOASIDs referenced otherwise stay FREE_PENDING
 * until put). */
int ioasid_model_proc_close(struct ioasid_model *m, int32_t pid);
/* exit: the mm's set is released as by close (opened or not), then the
 * process is gone. */
int ioasid_model_proc_exit(struct ioasid_model *m, int32_t pid);
int ioasid_model_proc_get_info(const struct ioasid_model *m, int32_t pid,
			       struct ioasid_model_proc_info *out);
/* Iteration by index; -ENOENT at the end. */
int ioasid_model_proc_next(const struct ioasid_model *m, uint32_t *index,
			   struct ioasid_model_proc_info *out);

/* ------------------------------------------------------------------ */
/* Page requests: counters per IOMMU unit and per IOASID. */

struct ioasid_model_unit_info {
	char name[32];	      /* "dmar0" */
	uint64_t prq;	      /* page requests received */
	uint64_t prq_invalid; /* for no allocated IOASID (answered invalid) */
};

int ioasid_model_unit_add(struct ioasid_model *m, const char *name);
/* count page requests on unit for ioasid: unknown unit -ENOENT; an IOASID
 * that is not allocated counts as invalid on the unit (the IOMMU still
 * receives and answers them) and returns -ESRCH; a count that would take a
 * counter past UINT64_MAX is refused (-EOVERFLOW, nothing counted). */
int ioasid_model_inject_prq(struct ioasid_model *m, const char *unit, uint32_t ioasid,
			    uint64_t count);
int ioasid_model_unit_next(const struct ioasid_model *m, uint32_t *index,
			   struct ioasid_model_unit_info *out);

/* ------------------------------------------------------------------ */
/* Consistency: 0, or -EUCLEAN with the first broken invariant in msg. */
int ioasid_model_check(const struct ioasid_model *m, char *msg, size_t len);

/* ------------------------------------------------------------------ */
/* Restore: rebuild a saved state (the emulated host's generation
 * directories) into a fresh model, in this order: capacity, cgroups
 * (parents first), processes, sets, IOASIDs, then the counters. Charges
 * are recomputed from the IOASIDs, so a saved cgroup's current values are
 * not restored; run ioasid_model_check() at the end. */

/* The path of cgroup index i (as in ioasid_model_ioasid_info.misc_cg), or
 * NULL. Indices are stable for the life of a model. */
const char *ioasid_model_cgroup_path(const struct ioasid_model *m, uint32_t i);
/* The saved capacity total and reserved count (available follows as the
 * sets are restored and take their quotas), the next set ID and the last
 * event sequence number (readers keep counting from it). */
int ioasid_model_restore_counters(struct ioasid_model *m, uint32_t total, uint32_t reserved,
				  uint32_t next_set, uint64_t last_seq);
/* A cgroup with its limits and event counters (it is created if needed). */
int ioasid_model_restore_cgroup(struct ioasid_model *m, const struct ioasid_model_cgroup_info *c);
/* A process; opened restores the /dev/ioasid handle. */
int ioasid_model_restore_proc(struct ioasid_model *m, const struct ioasid_model_proc_info *p);
/* A set with its ID; cgroup: where its ioasids-form charges live ("" or
 * NULL: its owner's cgroup). Quota is taken from the capacity as usual. */
int ioasid_model_restore_set(struct ioasid_model *m, uint32_t id, enum ioasid_model_set_type type,
			     uint64_t mm, uint32_t quota, const char *cgroup);
/* An IOASID with its ID, set, SPID, state, refs and PRQ count; misc_cgroup
 * is the path the misc form charged (NULL: none). Charges both forms
 * without limit checks (the state was legal when saved). */
int ioasid_model_restore_ioasid(struct ioasid_model *m, const struct ioasid_model_ioasid_info *i,
				const char *misc_cgroup);
/* A unit's counters (the unit is added if needed). */
int ioasid_model_restore_unit(struct ioasid_model *m, const struct ioasid_model_unit_info *u);

#endif
