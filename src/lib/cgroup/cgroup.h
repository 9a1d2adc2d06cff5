/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cgroup readers (private): the text parsers, exposed for unit tests and
 * fuzzing, and the tree walk shared by cgroup.c and cgroup-misc.c. */
#ifndef IOASID_CGROUP_PRIV_H
#define IOASID_CGROUP_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "ioasid-cgroup.h"

/* One /proc/self/mountinfo line (fs/proc_namespace.c show_mountinfo()),
 * split in place: the string fields point into the line, with the octal
 * escapes of mangle_path()/seq_escape() ("\040" for a space) undone in
 * root, mountpoint, fstype and source. 0, or -EINVAL for a malformed line
 * (missing fields, no " - " separator, a bad escape or an escaped NUL). */
struct ioasid_mountinfo {
	unsigned long mnt_id, parent_id;
	unsigned major, minor;
	char *root, *mountpoint, *mnt_opts, *fstype, *source, *super_opts;
};
int ioasid_parse_mountinfo_line(char *line, struct ioasid_mountinfo *e);

/* Undo the kernel's "\ooo" escapes in place. -EINVAL on a backslash not
 * followed by three octal digits (the kernel escapes every backslash) or
 * an escaped NUL. */
int ioasid_unescape_octal(char *s);

/* What mountinfo says about cgroups: the cgroup2 mount to use (preferring
 * /sys/fs/cgroup; a later mount on the same mountpoint hides an earlier
 * one), how many v1 ("cgroup") hierarchies are mounted and where the first
 * is, and how many lines were malformed. */
struct ioasid_cgroup_scan {
	bool found;
	struct ioasid_cgroup_mount v2;
	unsigned nv2;
	unsigned nv1;
	char v1_example[IOASID_CGROUP_PATH_MAX];
	unsigned bad;
};
int ioasid_cgroup_scan_mountinfo(const char *text, size_t len, struct ioasid_cgroup_scan *s);

/* /proc/PID/cgroup (kernel/cgroup/cgroup.c proc_cgroup_show()): the path
 * of the "0::" (unified hierarchy) line, with a trailing " (deleted)"
 * removed and reported in *deleted. 0 found; -ENOENT no "0::" line (only
 * v1 hierarchies); -EINVAL the "0::" line is not a path; -ENAMETOOLONG.
 * *nv1 counts the v1 lines. */
int ioasid_parse_proc_cgroup(const char *text, size_t len, char *path, size_t plen, bool *deleted,
			     unsigned *nv1);

/* cgroup.controllers / cgroup.subtree_control (cgroup.c
 * cgroup_print_ss_mask(): names separated by one space, then "\n"; an
 * empty mask is an empty file). 1 if name is listed, 0 if not, -EINVAL
 * for anything that is not such a list. */
int ioasid_parse_controllers(const char *text, size_t len, const char *name);

/* One misc file's text into cg's resource table (kernel/cgroup/misc.c;
 * see cgroup-misc.c for each format). Returns the number of malformed
 * lines (ignored), or -ENOMEM. */
int ioasid_misc_parse(struct ioasid_misc_cgroup *cg, enum ioasid_misc_file f, const char *text,
		      size_t len);
/* After all files are parsed: fill what a file's absence or silence
 * means for each resource (see struct ioasid_misc_res). */
void ioasid_misc_finish(struct ioasid_misc_cgroup *cg);

/* One ioasids.* file's text (cgroup-ioasids.c): 0, or -EINVAL when it is
 * not the format (a NUL byte, no newline, garbage, > 2^63-1). */
int ioasid_ioasids_parse(enum ioasid_ioasids_file f, const char *text, size_t len,
			 struct ioasid_val *v, bool *unlimited);
/* Read the three files of one cgroup into out (never fails but on
 * allocation: unreadable files are recorded in each value's err). */
int ioasid_ioasids_read(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
			const char *rel, struct ioasid_ioasids *out);

/* Preorder walk of the cgroup tree from rel (depth 0), siblings sorted,
 * directories only (no symlinks), at most IOASID_CGROUP_MAX_DEPTH deep.
 * fn returns 1 to descend into the cgroup, 0 to skip its children,
 * -errno to stop the walk (returned). */
typedef int (*ioasid_cgroup_walk_fn)(struct ioasid_ctx *ctx, const char *rel, unsigned depth,
				     void *arg);
int ioasid_cgroup_walk(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m, const char *rel,
		       ioasid_cgroup_walk_fn fn, void *arg);

/* The whole text of a file of a cgroup ("<mountpoint><rel>/<file>"), at
 * most 64 KiB. */
int ioasid_cgroup_read(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m, const char *rel,
		       const char *file, char **text, size_t *len);

#endif
