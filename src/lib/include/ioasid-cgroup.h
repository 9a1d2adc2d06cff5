/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cgroup v2 and the misc controller (kernel/cgroup/misc.c): where the
 * unified hierarchy is mounted, which cgroup a process or a systemd unit
 * lives in, and the misc.* files of a cgroup, per resource.
 *
 * A cgroup is named by its path relative to the cgroup2 mount ("/" is the
 * mount's top, "/machine.slice/machine-qemu\x2d1\x2dvm1.scope" a VM scope).
 * Resource names are whatever the kernel prints ("sev", "sev_es", "tdx",
 * the IOASID extension's "ioasid"...): there is no fixed list.
 */
#ifndef IOASID_CGROUP_H
#define IOASID_CGROUP_H

#include "ioasid-ctx.h"

#define IOASID_CGROUP_PATH_MAX 4096

/* The cgroup2 mount, from /proc/self/mountinfo. */
struct ioasid_cgroup_mount {
	char mountpoint[IOASID_CGROUP_PATH_MAX]; /* host path, unescaped: "/sys/fs/cgroup" */
	char root[IOASID_CGROUP_PATH_MAX];	 /* cgroup shown at the mount's top: "/"
						  * unless a subtree is mounted */
};

/* Find the cgroup2 mount. -EOPNOTSUPP when there is none, or when cgroup
 * v1 hierarchies are mounted too (v1-only or hybrid hosts: the misc
 * controller is read on the unified hierarchy only); -ENOENT/-EACCES when
 * mountinfo cannot be read. The context's error names the cause. */
int ioasid_cgroup_mount_find(struct ioasid_ctx *ctx, struct ioasid_cgroup_mount *m);

/* The host path of a cgroup ("/sys/fs/cgroup" + rel) into buf. */
int ioasid_cgroup_host_path(const struct ioasid_cgroup_mount *m, const char *rel, char *buf,
			    size_t len);

/* A user-given cgroup, relative to the mount ("machine.slice",
 * "/machine.slice") or a host path under the mountpoint
 * ("/sys/fs/cgroup/machine.slice"), normalised to "/a/b" in out.
 * -EINVAL for ".." components, -ENOENT when no such cgroup exists. */
int ioasid_cgroup_resolve(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
			  const char *arg, char *out, size_t len);

/* The cgroup of a process: the "0::PATH" line of /proc/PID/cgroup,
 * relative to the mount. -ENOENT: no such process, or its cgroup was
 * removed ("(deleted)") or is outside the mount; -EOPNOTSUPP: the process
 * is only in v1 hierarchies. */
int ioasid_cgroup_of_pid(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m, long pid,
			 char *out, size_t len);

/* Every cgroup whose directory is named exactly unit (a systemd unit such
 * as "foo.service" or "machine-qemu\x2d1\x2dvm1.scope", taken as given),
 * searched to IOASID_CGROUP_MAX_DEPTH levels. *paths is a malloc'd array
 * of malloc'd paths (free with ioasid_cgroup_paths_free); 0 matches is
 * not an error here. */
#define IOASID_CGROUP_MAX_DEPTH 32
int ioasid_cgroup_find_unit(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
			    const char *unit, char ***paths, size_t *n);
void ioasid_cgroup_paths_free(char **paths, size_t n);

/* 1 if controller is listed in the cgroup's cgroup.controllers, 0 if not,
 * -errno if that file cannot be read. */
int ioasid_cgroup_has_controller(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
				 const char *rel, const char *controller);

/* Whether the misc controller is enabled for a cgroup, and if not, why. */
enum ioasid_misc_state {
	IOASID_MISC_ENABLED,
	IOASID_MISC_NO_CONTROLLER, /* the unified hierarchy has no misc controller
				    * (kernel without CONFIG_CGROUP_MISC, or misc is
				    * bound to a v1 hierarchy) */
	IOASID_MISC_NOT_ENABLED,   /* an ancestor's cgroup.subtree_control lacks misc */
	IOASID_MISC_THREADED,	   /* a threaded cgroup: misc is not a threaded
				    * controller */
};

struct ioasid_misc_why {
	enum ioasid_misc_state state;
	char parent[IOASID_CGROUP_PATH_MAX]; /* the cgroup's parent (rel), "" for the top */
	/* The ancestors (rel, top-down) whose cgroup.subtree_control lacks
	 * misc: "echo +misc > .../cgroup.subtree_control" in each, in this
	 * order, enables it. Empty when the parent is outside the mount. */
	size_t nmissing;
	char **missing;
};

/* Fill why for the cgroup rel. 0, or -errno when cgroup.controllers or an
 * ancestor's cgroup.subtree_control cannot be read (context error set). */
int ioasid_misc_enabled(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
			const char *rel, struct ioasid_misc_why *why);
void ioasid_misc_why_free(struct ioasid_misc_why *why);

/* The misc interface files, in kernel/cgroup/misc.c misc_cg_files[] terms. */
enum ioasid_misc_file {
	IOASID_MISC_CAPACITY,	  /* root only */
	IOASID_MISC_CURRENT,	  /* non-root; root too since 6.5 */
	IOASID_MISC_PEAK,	  /* every cgroup, since 6.11 */
	IOASID_MISC_MAX,	  /* non-root, writable */
	IOASID_MISC_EVENTS,	  /* non-root, hierarchical */
	IOASID_MISC_EVENTS_LOCAL, /* non-root, since 6.11 */
	IOASID_MISC_NFILES
};

/* "misc.capacity", "misc.current", ... */
const char *ioasid_misc_file_name(enum ioasid_misc_file f);

struct ioasid_misc_res {
	char name[32];
	/* One value per file. err ENOENT: the file does not exist here (this
	 * kernel or this level has no such file); EACCES: not readable;
	 * EINVAL: the resource's line was malformed, or the file was and the
	 * resource is not in it; ENODATA: misc.max omits the resource (the
	 * kernel shows limits only for resources with a capacity). A resource
	 * missing from a readable current/peak/events/events.local/capacity
	 * file reads as 0: the kernel omits exactly the zero lines there. */
	struct ioasid_val v[IOASID_MISC_NFILES];
	/* misc.max said "max" (no limit); v[IOASID_MISC_MAX].v is then
	 * UINT64_MAX, the kernel's own value for "max". */
	bool max_unlimited;
};

/* The seed's ioasids controller, ioasid-abi(7) CGROUP V2 (its files exist
 * in every cgroup but the root once +ioasids is in the parent's
 * subtree_control; cgroup-ioasids.c gives each format). */
enum ioasid_ioasids_file {
	IOASID_IOASIDS_CURRENT, /* ioasids.current "%lld\n" */
	IOASID_IOASIDS_MAX,	/* ioasids.max "max\n" or "%lld\n" (default 0) */
	IOASID_IOASIDS_EVENTS,	/* ioasids.events "max %lld\n" */
	IOASID_IOASIDS_NFILES
};

struct ioasid_ioasids {
	bool present; /* at least one ioasids.* file exists here */
	/* err ENOENT absent, EACCES not readable, EINVAL not the format */
	struct ioasid_val v[IOASID_IOASIDS_NFILES];
	bool max_unlimited; /* ioasids.max said "max" (v is then UINT64_MAX) */
};

/* "ioasids.current", ... */
const char *ioasid_ioasids_file_name(enum ioasid_ioasids_file f);

struct ioasid_misc_cgroup {
	char *path;   /* relative to the mount, "/" for its top */
	bool is_root; /* the mount's top is the hierarchy's root */
	/* Per file: 0 read, ENOENT absent, EACCES not permitted, EINVAL some
	 * lines malformed (ignored; the good ones are kept), other errno. */
	int file_err[IOASID_MISC_NFILES];
	size_t nres;
	struct ioasid_misc_res *res; /* in the kernel's order */
	/* the other form of IOASID limits, read with the misc files */
	struct ioasid_ioasids ioasids;
};

/* Read every misc file of one cgroup. Fails only on allocation or path
 * errors; unreadable files are recorded in file_err. */
int ioasid_misc_read(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m, const char *rel,
		     struct ioasid_misc_cgroup *out);
void ioasid_misc_cgroup_free(struct ioasid_misc_cgroup *cg);

struct ioasid_misc_list {
	size_t n;
	struct ioasid_misc_cgroup *v; /* preorder, siblings sorted by name */
};

/* Every cgroup under the mount where the misc controller (or the ioasids
 * controller) is enabled. -EOPNOTSUPP when the top has neither. */
int ioasid_misc_list(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
		     struct ioasid_misc_list *out);
void ioasid_misc_list_free(struct ioasid_misc_list *l);

/* A resource of a read cgroup by name, or NULL. */
const struct ioasid_misc_res *ioasid_misc_find(const struct ioasid_misc_cgroup *cg,
					       const char *name);

/* Limit writes (cgroup-write.c). value IOASID_CGROUP_LIMIT_MAX writes
 * "max". Idempotent: the current limit is read first; returns 0 when it
 * already is value ("unchanged", nothing written), 1 when written (or,
 * with IOASID_LIMIT_DRY_RUN, when it would be). Errors (the context's
 * error names the file): -ENOENT no such cgroup, or no limit file there
 * (the controller is not enabled: see ioasid_misc_enabled); -EOPNOTSUPP
 * not supported by this kernel (misc.max has no such resource, or the
 * kernel refused the write with EINVAL); -EACCES/-EPERM/-EROFS not
 * permitted (-EROFS also on a replayed dump, which is never written: see
 * ioasid_ctx_open()); -ERANGE a value the file cannot hold. old, if given, gets
 * the limit read before (err set when unknown). */
#define IOASID_CGROUP_LIMIT_MAX UINT64_MAX
#define IOASID_LIMIT_DRY_RUN 0x1 /* read and decide, never write */
#define IOASID_LIMIT_FORCE 0x2	 /* misc: write even when misc.max omits the resource */
struct ioasid_limit_old {
	struct ioasid_val v;
	bool unlimited; /* it was "max" */
};
/* misc.max "<resource> <N|max>" */
int ioasid_misc_set_max(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
			const char *rel, const char *resource, uint64_t value, unsigned flags,
			struct ioasid_limit_old *old);
/* ioasids.max "<N|max>" (ioasid-abi(7) CGROUP V2) */
int ioasid_ioasids_set_max(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
			   const char *rel, uint64_t value, unsigned flags,
			   struct ioasid_limit_old *old);

#endif
