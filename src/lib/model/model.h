/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private layout of the IOASID model (ioasid-model.h), shared by model*.c. */
#ifndef IOASID_MODEL_PRIV_H
#define IOASID_MODEL_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ioasid-model.h"

#define MODEL_NONE UINT32_MAX

/* An open-addressing hash map u64 -> u64 (keys != UINT64_MAX). */
struct mhash {
	uint64_t *keys;
	uint64_t *vals;
	size_t cap;  /* power of two, or 0 */
	size_t n;    /* live entries */
	size_t used; /* live + tombstones */
};

void mhash_free(struct mhash *h);
/* 0, or -ENOMEM. Replaces an existing value. */
int mhash_put(struct mhash *h, uint64_t key, uint64_t val);
bool mhash_get(const struct mhash *h, uint64_t key, uint64_t *val);
bool mhash_del(struct mhash *h, uint64_t key);

/* A bitmap over [0, nbits) with a summary level ("word full") so that the
 * lowest clear bit at or after a position is found in O(nbits / 4096). */
struct mbitmap {
	uint64_t *w;	/* bits */
	uint64_t *full; /* bit i set: w[i] == ~0 */
	uint32_t nbits;
	uint32_t nset;
};

int mbitmap_init(struct mbitmap *b, uint32_t nbits);
void mbitmap_destroy(struct mbitmap *b);
bool mbitmap_test(const struct mbitmap *b, uint32_t i);
void mbitmap_set(struct mbitmap *b, uint32_t i);
void mbitmap_clear(struct mbitmap *b, uint32_t i);
/* Lowest clear bit in [lo, hi] (hi < nbits), or UINT32_MAX. */
uint32_t mbitmap_find_clear(const struct mbitmap *b, uint32_t lo, uint32_t hi);
/* Lowest set bit >= lo, or UINT32_MAX. */
uint32_t mbitmap_find_set(const struct mbitmap *b, uint32_t lo);

/* One IOASID (ioasid_data). Stored in chunks so memory follows use. */
struct mioasid {
	uint32_t set;
	uint32_t spid;
	uint32_t refs;
	uint32_t misc_cg;    /* cgroup the misc form charged, or MODEL_NONE */
	uint32_t prev, next; /* the set's list */
	uint64_t prq;
	uint8_t state;
};

#define MODEL_CHUNK_BITS 10
#define MODEL_CHUNK (1u << MODEL_CHUNK_BITS)
#define MODEL_NCHUNKS (IOASID_MODEL_PASID_MAX / MODEL_CHUNK)

struct mset {
	uint32_t id;
	enum ioasid_model_set_type type;
	uint64_t mm;
	uint32_t quota;
	uint32_t nr;		  /* nr_ioasids */
	uint32_t head, tail;	  /* IOASIDs, allocation order */
	uint32_t ioasids_cg;	  /* where the ioasids form charges, or MODEL_NONE */
	uint32_t ioasids_charged; /* how many it charged there */
};

struct mcgroup {
	char *path;
	uint32_t parent; /* MODEL_NONE for the root */
	bool removed;
	uint32_t nprocs, nchildren;
	uint64_t io_cur, io_max, io_events;
	uint64_t misc_cur, misc_max, misc_peak, misc_events, misc_events_local;
};

struct mproc {
	int32_t pid; /* 0: free slot */
	uint64_t mm;
	uint32_t cg;
	bool opened;
};

/* A notifier block. kind: 0 global, 1 set, 2 mm. */
struct mnotifier {
	int64_t id; /* 0: free slot */
	int kind;
	uint32_t set; /* set for kind 1; the active set for kind 2 or MODEL_NONE */
	uint64_t mm;
	ioasid_model_notify_fn fn;
	void *arg;
};

struct munit {
	char name[32];
	uint64_t prq, prq_invalid;
};

struct ioasid_model {
	unsigned cg_forms;
	bool restoring; /* an MM set may outlive its process (restore) */
	/* capacity */
	uint32_t cap_total, cap_avail;
	uint32_t quotas;
	/* IOASIDs */
	struct mbitmap ids;
	struct mioasid *chunks[MODEL_NCHUNKS];
	struct mhash spids; /* (set << 32 | spid) -> ioasid */
	/* sets */
	struct mset **sets;
	size_t nsets_cap;
	size_t nsets;
	uint32_t set_next;    /* where the search for the next set ID starts (cyclic) */
	struct mhash mm_sets; /* mm -> set */
	/* cgroups */
	struct mcgroup *cgs;
	size_t ncgs, cgs_cap;
	/* processes */
	struct mproc *procs;
	size_t nprocs, procs_cap;
	struct mhash pids; /* pid -> index */
	struct mhash mms;  /* mm -> index */
	/* notifiers */
	struct mnotifier *nbs;
	size_t nnbs, nbs_cap;
	int64_t nb_next;
	/* events */
	struct ioasid_model_event *ring;
	size_t ring_cap;
	uint64_t seq; /* last assigned */
	/* page requests */
	struct munit *units;
	size_t nunits;
};

struct mioasid *model_ioasid(const struct ioasid_model *m, uint32_t id);
/* A new IOASID slot (bitmap + chunk) the caller fills; NULL on ENOMEM. */
struct mioasid *model_ioasid_insert(struct ioasid_model *m, uint32_t id);
void model_list_add_tail(struct ioasid_model *m, struct mset *s, uint32_t id);

static inline uint64_t spid_key(uint32_t set, uint32_t spid)
{
	return ((uint64_t)set << 32) | spid;
}
struct mset *model_set(const struct ioasid_model *m, uint32_t id);
void model_notify(struct ioasid_model *m, uint32_t ioasid, enum ioasid_model_event_type t,
		  unsigned chains);
void model_notifiers_set_created(struct ioasid_model *m, struct mset *s);
void model_notifiers_set_destroyed(struct ioasid_model *m, struct mset *s);

/* cgroups (model-cgroup.c) */
int model_cgroup_init(struct ioasid_model *m);
void model_cgroup_destroy(struct ioasid_model *m);
uint32_t model_cgroup_find(const struct ioasid_model *m, const char *path);
/* Charge one IOASID of an MM set; 0 or -errno (events counted). */
int model_cg_charge(struct ioasid_model *m, struct mset *s, uint32_t *misc_cg);
void model_cg_uncharge(struct ioasid_model *m, struct mset *s, uint32_t misc_cg);
/* The ioasids form follows a moving process: move n charges of a set. */
void model_cg_move(struct ioasid_model *m, struct mset *s, uint32_t to);
void model_cg_fill(const struct ioasid_model *m, uint32_t i, struct ioasid_model_cgroup_info *o);

/* processes (model-proc.c) */
void model_proc_destroy(struct ioasid_model *m);
struct mproc *model_proc_by_mm(const struct ioasid_model *m, uint64_t mm);

#endif
