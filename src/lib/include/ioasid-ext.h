/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Readers of the IOASID extension's ABI, ioasid-abi(7): the sysfs tree
 * /sys/kernel/ioasid (capacity, sets) and the generic netlink family
 * "ioasid" (dumps of IOASIDs and of SPID bindings).
 *
 * Every host kind: on the live host the dumps come from a netlink socket;
 * on a snapshot or an emulated host from the files a dump stored under the
 * root, genl/ioasid/<COMMAND>/chunk-NNNNN (the raw message stream: nlmsghdr,
 * genlmsghdr, attributes, as the kernel answers the dump).
 *
 * No shipping kernel has the extension: every reader returns -EOPNOTSUPP
 * there, with the context's error naming what is missing.
 */
#ifndef IOASID_EXT_H
#define IOASID_EXT_H

#include "ioasid-ctx.h"

/* 0 when the host has the extension (/sys/kernel/ioasid exists), else
 * -EOPNOTSUPP ("not supported by this kernel", the context's error names
 * the path) or another -errno. */
int ioasid_ext_supported(struct ioasid_ctx *ctx);

/* /sys/kernel/ioasid/{version, default_quota, capacity/...}. Each value
 * carries its own errno (ENOENT absent, EINVAL not the ABI's "%u\n"). */
struct ioasid_ext_info {
	struct ioasid_val version;
	struct ioasid_val default_quota;
	struct ioasid_val total;
	struct ioasid_val available;
	struct ioasid_val reserved;
};
int ioasid_ext_info_read(struct ioasid_ctx *ctx, struct ioasid_ext_info *out);

enum ioasid_ext_set_type {
	IOASID_EXT_SET_UNKNOWN = 0, /* type unreadable or not "null"/"mm" */
	IOASID_EXT_SET_NULL,
	IOASID_EXT_SET_MM,
};

/* One set directory, /sys/kernel/ioasid/sets/<id>/. */
struct ioasid_ext_set {
	uint32_t id;
	enum ioasid_ext_set_type type;
	int type_err;
	struct ioasid_val quota;
	struct ioasid_val allocated;
	/* mm sets only: ENOENT for a null set (the ABI has no such file
	 * there), ESRCH when the owner has exited while the set exists */
	struct ioasid_val owner_pid;
	char *cgroup; /* malloc'd, NULL when cgroup_err != 0 */
	int cgroup_err;
};

struct ioasid_ext_set_list {
	size_t n;
	struct ioasid_ext_set *v; /* ascending id */
};

/* Every set: from the GET_SET dump where the host has one (ioasid-abi(7)
 * version 2: one dump instead of a directory per set), else from sysfs.
 * -EOPNOTSUPP without the extension. */
int ioasid_ext_set_list(struct ioasid_ctx *ctx, struct ioasid_ext_set_list *out);
void ioasid_ext_set_list_free(struct ioasid_ext_set_list *l);
/* One set; -ENOENT when it does not exist. */
int ioasid_ext_set_read(struct ioasid_ctx *ctx, uint32_t id, struct ioasid_ext_set *out);
void ioasid_ext_set_free(struct ioasid_ext_set *s);
const char *ioasid_ext_set_type_name(enum ioasid_ext_set_type t); /* "null", "mm", NULL */

/* IOASID_ATTR_STATE names: "idle", "active", "free_pending"; NULL for a
 * value this version does not know. */
const char *ioasid_ext_state_name(uint32_t state);
/* The reverse; -EINVAL for an unknown name. */
int ioasid_ext_state_parse(const char *name, uint32_t *state);

/*
 * One message of a GET_IOASID or GET_BINDING dump. The strings point into
 * the message and are valid only during the callback.
 * GET_IOASID: ioasid, set, state, refs, prq_count always; the rest when
 * has_* / non-NULL. GET_BINDING: ioasid, set, spid always (has_spid),
 * pid and device when they apply; has_state etc. false.
 */
struct ioasid_ext_rec {
	uint32_t ioasid;
	uint32_t set;
	uint32_t spid;
	uint32_t state;
	uint32_t refs;
	uint32_t pid;
	uint64_t prq_count;
	bool has_spid, has_state, has_refs, has_prq_count, has_pid;
	const char *cgroup; /* NULL when absent */
	const char *device; /* NULL when absent */
	/* GET_SET (ioasid-abi(7) version 2) only: the set's sysfs values;
	 * there cgroup is the owner's cgroup (sets/<id>/cgroup) */
	uint32_t set_type; /* IOASID_GENL_SET_NULL, IOASID_GENL_SET_MM */
	uint32_t quota, allocated;
};

/* Selects records; a field applies when its has_* is set (strings when
 * non-NULL). cgroup matches the cgroup and its descendants ("/a" matches
 * "/a" and "/a/b"). set and pid are sent to the kernel as the dump's
 * filters too. */
struct ioasid_ext_filter {
	bool has_set, has_pid, has_spid, has_state;
	uint32_t set, pid, spid, state;
	const char *cgroup;
	const char *device;
};

/* What a dump met besides the records given to the callback. */
struct ioasid_ext_dump_stats {
	size_t messages; /* netlink messages read */
	size_t records;	 /* well-formed records (before the filter) */
	size_t matched;	 /* records given to the callback */
	size_t bad;	 /* malformed messages, skipped */
	bool incomplete; /* a stored dump ended without NLMSG_DONE */
};

/* Return 0 to go on; anything else stops the dump and is returned. */
typedef int (*ioasid_ext_rec_fn)(const struct ioasid_ext_rec *rec, void *arg);

/* Stream the GET_IOASID / GET_BINDING dump, one record at a time (the
 * whole list is never held in memory). filter and stats may be NULL.
 * -EOPNOTSUPP: no family "ioasid" (live) or no extension (stored); -ENODATA:
 * the snapshot has the sysfs tree but no stored dump; -EAGAIN: the kernel
 * flagged the dump interrupted (NLM_F_DUMP_INTR), run it again; the errno
 * of an NLMSG_ERROR in the stream. The context's error names the cause. */
int ioasid_ext_ioasid_dump(struct ioasid_ctx *ctx, const struct ioasid_ext_filter *filter,
			   ioasid_ext_rec_fn fn, void *arg, struct ioasid_ext_dump_stats *stats);
int ioasid_ext_binding_dump(struct ioasid_ctx *ctx, const struct ioasid_ext_filter *filter,
			    ioasid_ext_rec_fn fn, void *arg, struct ioasid_ext_dump_stats *stats);

/* The admin knobs of ioasid-abi(7) SYSFS (live host, CAP_SYS_ADMIN). */
enum ioasid_ext_knob {
	IOASID_KNOB_RESERVE,	   /* capacity/reserve: reserve N (0 = all available) */
	IOASID_KNOB_CANCEL,	   /* capacity/cancel: return N reserved */
	IOASID_KNOB_DEFAULT_QUOTA, /* default_quota */
	IOASID_KNOB_SET_QUOTA,	   /* sets/<set>/quota */
};

/* Write value to a knob (set: the set id for IOASID_KNOB_SET_QUOTA) as one
 * "%u\n" write(2). Returns 0 or the kernel's -errno (ENOSPC, EINVAL,
 * ERANGE, EPERM, ENODEV); -EOPNOTSUPP without the extension, -ENOENT for
 * an unknown set; -EROFS on a replayed dump. The context's last error
 * names the file and cause. */
int ioasid_ext_knob_write(struct ioasid_ctx *ctx, enum ioasid_ext_knob knob, uint32_t set,
			  uint32_t value);

#endif
