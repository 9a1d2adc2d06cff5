/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The emulated host (--sim DIR): a directory laid out like a host root
 * whose IOASID state (ioasid-abi(7), family B) is owned by the executable
 * model (ioasid-model.h), plus the stock files of a realistic SVA server.
 *
 * DIR/current is a symlink to the current generation DIR/gen-N, a complete
 * host root that is never modified once published. Every mutation takes
 * flock(DIR/.lock), loads gen-N's model, applies the change, writes
 * gen-N+1 under a temporary name, syncs it, renames it and switches
 * `current` atomically; readers resolve `current` once and read only that
 * generation. The file formats are in ioasidctl(8), SIM, and SIM-FORMAT.md.
 */
#ifndef IOASID_SIM_H
#define IOASID_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ioasid-ctx.h"
#include "ioasid-model.h"

/* One loaded generation: the model and the emulated host's own knobs. */
struct ioasid_sim_host;

struct ioasid_sim_init_opts {
	const char *platform; /* NULL: "spr-dsa" */
	unsigned vms;	      /* VM processes to create (0: none) */
	/* the cgroup forms that charge (IOASID_MODEL_CG_IOASIDS and/or
	 * IOASID_MODEL_CG_MISC; 0: both). Saved in the state: every later
	 * generation keeps them. */
	unsigned cg_forms;
	/* no initial IOASID state: no set, no cgroup but the root, no VM
	 * (vms must be 0, -EINVAL); the capacity stays the uninstalled
	 * default. The platform's stock files are laid out as usual. */
	bool bare;
	unsigned notify_keep; /* event log window, notifications kept in
			       * genl/ioasid/notify (0: 1024) */
};

/* The platform names sim init knows, NULL-terminated. */
const char *const *ioasid_sim_platforms(void);

/* Create DIR (empty or absent) as an emulated host: generation 1 with the
 * platform's stock files and an initial IOASID state. -EEXIST when DIR
 * already holds an emulated host, -ENOENT for an unknown platform,
 * -EINVAL for bad cg_forms or bare with vms. */
int ioasid_sim_init(const char *dir, const struct ioasid_sim_init_opts *o,
		    struct ioasid_error *err);

/* A library context on DIR's current generation (its root is DIR/gen-N).
 * The generation stays readable while the context lives, however many
 * mutations happen meanwhile. -ENOENT when DIR does not exist,
 * -EOPNOTSUPP when it is not an emulated host (no current generation);
 * ioasid_sim_mutate() says the same. */
int ioasid_sim_open(struct ioasid_ctx **ctx, const char *dir, struct ioasid_error *err);

/* The one path of every mutation: fn runs on the model of the current
 * generation under the lock; if it returns >= 0 the result becomes the
 * next generation, else nothing changes. dry_run: fn runs, nothing is
 * written. Returns fn's result or -errno (err says why). */
typedef int (*ioasid_sim_mutate_fn)(struct ioasid_sim_host *h, void *arg);
int ioasid_sim_mutate(const char *dir, ioasid_sim_mutate_fn fn, void *arg, bool dry_run,
		      struct ioasid_error *err);

struct ioasid_model *ioasid_sim_model(struct ioasid_sim_host *h);
uint32_t ioasid_sim_default_quota(const struct ioasid_sim_host *h);
int ioasid_sim_set_default_quota(struct ioasid_sim_host *h, uint32_t quota);
/* The generation number the host was loaded from. */
uint64_t ioasid_sim_generation(const struct ioasid_sim_host *h);

/* Check DIR: the model's invariants (ioasid_model_check) and that the
 * rendered files of the current generation say what its state says.
 * 0, or -EUCLEAN with the first violation in msg; when DIR cannot be
 * opened as an emulated host, ioasid_sim_open()'s error, with its message
 * (not naming DIR, which the caller names) in msg. */
int ioasid_sim_check(const char *dir, char *msg, size_t len);

/* The loopback transport: execute one /dev/ioasid request (uapi/ioasid.h
 * IOASID_* number and its argsz-first struct) for process pid against the
 * model, as ioasid-abi(7) DEVICE says. Returns the ioctl's result (>= 0)
 * or -errno of the ABI. */
int ioasid_sim_ioctl(struct ioasid_sim_host *h, int32_t pid, unsigned long request, void *arg);

/* Page requests arriving on an IOMMU unit for an IOASID (sim inject-prq):
 * counted per unit and per IOASID; /proc/interrupts' dmarN-prq line and
 * the GET_IOASID dump show them. -EOPNOTSUPP on a platform whose IOMMUs
 * have no page-request queue (spr-dsa-pasid-off). */
int ioasid_sim_inject_prq(struct ioasid_sim_host *h, const char *unit, uint32_t ioasid,
			  uint64_t count);

#endif
