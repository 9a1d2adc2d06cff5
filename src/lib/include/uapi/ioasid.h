/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR LGPL-2.1-or-later */
/*
 * The user-visible ABI of the IOASID extension, version 3 (version 1 plus the
 * set dump IOASID_CMD_GET_SET and more dump filters in version 2, plus the
 * ALLOC notification in version 3; nothing earlier changed, so a version-1
 * or version-2 reader keeps working).
 *
 * No shipping kernel has this extension: it is the seed's IOASID core (IOASID
 * sets with quotas, system capacity, SPIDs, states, refcounts, notifications,
 * the ioasids cgroup and /dev/ioasid; a 2020-21 patch series that was never
 * merged), and ioasidctl defines its user-visible surface here. The normative
 * text is the man page ioasid-abi(7) (man/ioasid-abi.7); this header carries
 * the same names and numbers, and tests/unit/test_uapi.c checks both against
 * hand-computed values. "seed:NNNN" names a line of the seed
 * (../shared/seed/000_59fe03674f4f4318.txt).
 *
 * Like a kernel uapi header it needs only <linux/types.h> and <linux/ioctl.h>
 * and is meant to be included unchanged by the reference kernel module too.
 * Every struct is made of __u32 fields only, so its layout is the same on
 * 32- and 64-bit ABIs and needs no compat handling.
 */
#ifndef _UAPI_IOASIDCTL_IOASID_H
#define _UAPI_IOASIDCTL_IOASID_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* The ABI version of ioasid-abi(7): /sys/kernel/ioasid/version and the genl
 * family's version report it. 2: IOASID_CMD_GET_SET and the filters marked
 * "v2" below. 3: IOASID_CMD_ALLOC_NTF is sent (it takes a sequence number:
 * a version-2 reader that skips it sees a gap, see ioasid-abi(7)). */
#define IOASID_ABI_VERSION 3
/* What IOASID_GET_API_VERSION returns: the ioctls of /dev/ioasid, which
 * version 2 left as they were (a version-1 client's check still passes). */
#define IOASID_API_VERSION 1

/* ioasid_t's INVALID_IOASID ((ioasid_t)-1): never an IOASID, never an SPID
 * (seed:5591 attach refuses it); in struct fields it means "none". */
#define IOASID_INVALID 0xffffffffU

/* The default system capacity: 20-bit PCIe PASIDs, 0x100000 IDs
 * (seed:4287, 6339; "#define PCI_PASID_MAX 0x10" at seed:6384 is a crawl
 * artifact, see ioasid-abi(7) CHOICES). */
#define IOASID_DEFAULT_CAPACITY 0x100000U

/* ---- sysfs: /sys/kernel/ioasid (paths relative to the sysfs mount) ---- */

#define IOASID_SYSFS_DIR "kernel/ioasid"			 /* under /sys */
#define IOASID_SYSFS_VERSION "kernel/ioasid/version"		 /* "%u\n": 3 */
#define IOASID_SYSFS_DEFAULT_QUOTA "kernel/ioasid/default_quota" /* rw "%u\n" */
#define IOASID_SYSFS_CAPACITY_DIR "kernel/ioasid/capacity"
#define IOASID_SYSFS_CAPACITY_TOTAL "kernel/ioasid/capacity/total"	   /* "%u\n" */
#define IOASID_SYSFS_CAPACITY_AVAILABLE "kernel/ioasid/capacity/available" /* "%u\n" */
#define IOASID_SYSFS_CAPACITY_RESERVED "kernel/ioasid/capacity/reserved"   /* "%u\n" */
#define IOASID_SYSFS_CAPACITY_RESERVE "kernel/ioasid/capacity/reserve"	   /* wo "%u" */
#define IOASID_SYSFS_CAPACITY_CANCEL "kernel/ioasid/capacity/cancel"	   /* wo "%u" */
#define IOASID_SYSFS_SETS_DIR "kernel/ioasid/sets" /* one directory per set: sets/<id> */

/* The files of one set directory, sets/<id>/ */
#define IOASID_SYSFS_SET_TYPE "type"	       /* "null\n" or "mm\n" */
#define IOASID_SYSFS_SET_QUOTA "quota"	       /* rw "%u\n" */
#define IOASID_SYSFS_SET_ALLOCATED "allocated" /* "%u\n" */
#define IOASID_SYSFS_SET_OWNER_PID "owner_pid" /* "%d\n", initial PID namespace, mm sets only */
#define IOASID_SYSFS_SET_CGROUP "cgroup"       /* "%s\n", mm sets only */

/* The set type names of sets/<id>/type (IOASID_SET_TYPE_NULL / _MM) */
#define IOASID_SET_TYPE_NAME_NULL "null"
#define IOASID_SET_TYPE_NAME_MM "mm"

/* debugfs extras (not ABI; may be absent): /sys/kernel/debug/ioasid */
#define IOASID_DEBUGFS_DIR "kernel/debug/ioasid"

/* ---- cgroup v2 ---- */

/* The seed's ioasids controller (seed:4296-4306) */
#define IOASID_CGROUP_CONTROLLER "ioasids"
#define IOASID_CGROUP_CURRENT "ioasids.current" /* "%lld\n" */
#define IOASID_CGROUP_MAX "ioasids.max"		/* "max\n" or "%lld\n"; default 0 */
#define IOASID_CGROUP_EVENTS "ioasids.events"	/* "max %lld\n" */
/* The misc controller's resource (seed:2471, 2923) */
#define IOASID_MISC_RESOURCE "ioasid" /* misc.max "ioasid max", misc.events "ioasid.max N" */

/* ---- /dev/ioasid ---- */

#define IOASID_DEV_PATH "/dev/ioasid"

/*
 * ioctl numbers. The type ';' is the one VFIO and iommufd use; 0x00-0x63 of
 * it are unassigned in Documentation/userspace-api/ioctl/ioctl-number.rst
 * (6.12: ';' 64-7F linux/vfio.h, 80-FF linux/iommufd.h). This ABI takes
 * 0x40-0x4F. Every number is _IO (no size, no direction) as
 * IOASID_GET_API_VERSION is in the seed (seed:3285, 3295): the argument's
 * size is its argsz field, so a struct can grow without a new number.
 */
#define IOASID_TYPE ';'
#define IOASID_BASE 0x40

/* Returns IOASID_API_VERSION; no argument. Works on any fd. */
#define IOASID_GET_API_VERSION _IO(IOASID_TYPE, IOASID_BASE + 0)
/* struct ioasid_info_args: capacity and the caller's set (seed:3304) */
#define IOASID_GET_INFO _IO(IOASID_TYPE, IOASID_BASE + 1)
/* struct ioasid_alloc_args */
#define IOASID_ALLOC _IO(IOASID_TYPE, IOASID_BASE + 2)
/* struct ioasid_free_args */
#define IOASID_FREE _IO(IOASID_TYPE, IOASID_BASE + 3)
/* struct ioasid_bind_args */
#define IOASID_BIND _IO(IOASID_TYPE, IOASID_BASE + 4)
/* struct ioasid_unbind_args */
#define IOASID_UNBIND _IO(IOASID_TYPE, IOASID_BASE + 5)
/* struct ioasid_find_spid_args */
#define IOASID_FIND_SPID _IO(IOASID_TYPE, IOASID_BASE + 6)

/*
 * Every argument starts with argsz, the size of the struct the caller was
 * built with, then flags. The kernel takes min(argsz, its own size) bytes;
 * argsz below the version-1 size (IOASID_*_SZ_V1) is EINVAL, above the
 * kernel's page size E2BIG (as openat2 and clone3 cap theirs), and bytes
 * past the kernel's size must be zero (E2BIG otherwise). Unknown flags:
 * EINVAL. Only the output fields ("out") are written, and only on success:
 * inputs keep the caller's values.
 */

/* IOASID_GET_INFO */
struct ioasid_info_args {
	__u32 argsz;	  /* in: the caller's sizeof; out: the kernel's size */
	__u32 flags;	  /* out: IOASID_INFO_* */
	__u32 capacity;	  /* out: capacity/total */
	__u32 available;  /* out: capacity/available */
	__u32 min_ioasid; /* out: lowest allocatable IOASID: 1 */
	__u32 max_ioasid; /* out: highest allocatable IOASID: capacity - 1 */
	__u32 set;	  /* out: the caller's set id, or IOASID_INVALID */
	__u32 quota;	  /* out: that set's quota, or default_quota if none */
	__u32 allocated;  /* out: IOASIDs allocated in that set (nr_ioasids) */
	__u32 __reserved; /* out: 0 */
};
#define IOASID_INFO_HAS_SET (1U << 0) /* the caller's process has a set now */
#define IOASID_INFO_SZ_V1 40

/* IOASID_ALLOC: one IOASID in [min, max] for the caller's set */
struct ioasid_alloc_args {
	__u32 argsz;
	__u32 flags;  /* in: 0 */
	__u32 min;    /* in: >= 1 */
	__u32 max;    /* in: >= min, != IOASID_INVALID; the search stops at
		       * max_ioasid, the field is not written back */
	__u32 ioasid; /* out */
};
#define IOASID_ALLOC_SZ_V1 20

/* IOASID_FREE: free an IOASID of the caller's set */
struct ioasid_free_args {
	__u32 argsz;
	__u32 flags;  /* in: 0 */
	__u32 ioasid; /* in */
};
#define IOASID_FREE_SZ_V1 12

/* IOASID_BIND: attach an SPID (e.g. the guest PASID) to an IOASID */
struct ioasid_bind_args {
	__u32 argsz;
	__u32 flags;  /* in: 0 */
	__u32 ioasid; /* in */
	__u32 spid;   /* in: != IOASID_INVALID, unique in the set */
};
#define IOASID_BIND_SZ_V1 16

/* IOASID_UNBIND: detach the SPID of an IOASID */
struct ioasid_unbind_args {
	__u32 argsz;
	__u32 flags;  /* in: 0 */
	__u32 ioasid; /* in */
};
#define IOASID_UNBIND_SZ_V1 12

/* IOASID_FIND_SPID: the IOASID bound to an SPID in the caller's set */
struct ioasid_find_spid_args {
	__u32 argsz;
	__u32 flags;  /* in: 0 */
	__u32 spid;   /* in */
	__u32 ioasid; /* out */
};
#define IOASID_FIND_SPID_SZ_V1 16

/* ---- generic netlink family "ioasid" ---- */

#define IOASID_GENL_NAME "ioasid"
#define IOASID_GENL_VERSION IOASID_ABI_VERSION
#define IOASID_GENL_MCGRP_NOTIFY "notify"

enum ioasid_genl_cmd {
	IOASID_CMD_UNSPEC = 0,
	IOASID_CMD_GET_IOASID = 1,  /* dump (or one, with IOASID_ATTR_IOASID) */
	IOASID_CMD_GET_BINDING = 2, /* dump of IOASIDs with an SPID */
	/* notifications on the "notify" group; one per core notification */
	IOASID_CMD_ALLOC_NTF = 3, /* v3: after an allocation (reserved in v1, v2) */
	IOASID_CMD_FREE_NTF = 4,
	IOASID_CMD_BIND_NTF = 5,
	IOASID_CMD_UNBIND_NTF = 6,
	IOASID_CMD_GET_SET = 7, /* v2: dump of the sets */
	__IOASID_CMD_MAX
};
#define IOASID_CMD_MAX (__IOASID_CMD_MAX - 1)

enum ioasid_genl_attr {
	IOASID_ATTR_UNSPEC = 0,
	IOASID_ATTR_PAD = 1,	    /* padding for the u64 attributes */
	IOASID_ATTR_IOASID = 2,	    /* u32 */
	IOASID_ATTR_SET = 3,	    /* u32: set id (sets/<id>) */
	IOASID_ATTR_SPID = 4,	    /* u32: only when an SPID is attached */
	IOASID_ATTR_STATE = 5,	    /* u32: enum ioasid_genl_state */
	IOASID_ATTR_REFS = 6,	    /* u32 */
	IOASID_ATTR_PRQ_COUNT = 7,  /* u64: page requests tagged with the IOASID */
	IOASID_ATTR_PID = 8,	    /* u32: owner pid (initial pid ns), mm sets */
	IOASID_ATTR_CGROUP = 9,	    /* string: cgroup charged, mm sets only */
	IOASID_ATTR_DEVICE = 10,    /* string: device of a binding, if known */
	IOASID_ATTR_SEQ = 11,	    /* u64: notification sequence number */
	IOASID_ATTR_SET_TYPE = 12,  /* v2, u32: enum ioasid_genl_set_type */
	IOASID_ATTR_QUOTA = 13,	    /* v2, u32: as sets/<id>/quota */
	IOASID_ATTR_ALLOCATED = 14, /* v2, u32: as sets/<id>/allocated */
	__IOASID_ATTR_MAX
};
#define IOASID_ATTR_MAX (__IOASID_ATTR_MAX - 1)

/* IOASID_ATTR_STATE: the seed's enum ioasid_state (V4, seed:5398-5402) */
enum ioasid_genl_state {
	IOASID_GENL_STATE_IDLE = 0,
	IOASID_GENL_STATE_ACTIVE = 1,
	IOASID_GENL_STATE_FREE_PENDING = 2
};

/* IOASID_ATTR_SET_TYPE (v2): as sets/<id>/type */
enum ioasid_genl_set_type { IOASID_GENL_SET_NULL = 0, IOASID_GENL_SET_MM = 1 };

/*
 * Dump filters, the request attributes a dump honours (v1 and v2):
 *   GET_IOASID   SET, PID (v1); STATE (v2); together they all apply
 *   GET_BINDING  SET, with it SPID (v1); PID (v2)
 *   GET_SET      SET, PID (v2)
 * A version-1 kernel ignores the v2 filters: a reader applies its filter to
 * the records again.
 */

/*
 * Layout checks: a wrong field order or an implicit pad here would change the
 * ABI silently. C11 and later only (the kernel builds as gnu11).
 */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__cplusplus)
#define IOASID_UAPI_CHECK_(t, f, off)                                                              \
	_Static_assert(__builtin_offsetof(struct t, f) == (off), #t "." #f " moved")
_Static_assert(sizeof(struct ioasid_info_args) == IOASID_INFO_SZ_V1, "ioasid_info size");
IOASID_UAPI_CHECK_(ioasid_info_args, argsz, 0);
IOASID_UAPI_CHECK_(ioasid_info_args, flags, 4);
IOASID_UAPI_CHECK_(ioasid_info_args, capacity, 8);
IOASID_UAPI_CHECK_(ioasid_info_args, available, 12);
IOASID_UAPI_CHECK_(ioasid_info_args, min_ioasid, 16);
IOASID_UAPI_CHECK_(ioasid_info_args, max_ioasid, 20);
IOASID_UAPI_CHECK_(ioasid_info_args, set, 24);
IOASID_UAPI_CHECK_(ioasid_info_args, quota, 28);
IOASID_UAPI_CHECK_(ioasid_info_args, allocated, 32);
IOASID_UAPI_CHECK_(ioasid_info_args, __reserved, 36);
_Static_assert(sizeof(struct ioasid_alloc_args) == IOASID_ALLOC_SZ_V1, "ioasid_alloc size");
IOASID_UAPI_CHECK_(ioasid_alloc_args, argsz, 0);
IOASID_UAPI_CHECK_(ioasid_alloc_args, flags, 4);
IOASID_UAPI_CHECK_(ioasid_alloc_args, min, 8);
IOASID_UAPI_CHECK_(ioasid_alloc_args, max, 12);
IOASID_UAPI_CHECK_(ioasid_alloc_args, ioasid, 16);
_Static_assert(sizeof(struct ioasid_free_args) == IOASID_FREE_SZ_V1, "ioasid_free size");
IOASID_UAPI_CHECK_(ioasid_free_args, ioasid, 8);
_Static_assert(sizeof(struct ioasid_bind_args) == IOASID_BIND_SZ_V1, "ioasid_bind size");
IOASID_UAPI_CHECK_(ioasid_bind_args, ioasid, 8);
IOASID_UAPI_CHECK_(ioasid_bind_args, spid, 12);
_Static_assert(sizeof(struct ioasid_unbind_args) == IOASID_UNBIND_SZ_V1, "ioasid_unbind size");
IOASID_UAPI_CHECK_(ioasid_unbind_args, ioasid, 8);
_Static_assert(sizeof(struct ioasid_find_spid_args) == IOASID_FIND_SPID_SZ_V1,
	       "ioasid_find_spid size");
IOASID_UAPI_CHECK_(ioasid_find_spid_args, spid, 8);
IOASID_UAPI_CHECK_(ioasid_find_spid_args, ioasid, 12);
#undef IOASID_UAPI_CHECK_
#endif

#endif /* _UAPI_IOASIDCTL_IOASID_H */
