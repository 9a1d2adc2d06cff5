/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Kernel facts keyed by stable release (private; kfacts.c). */
#ifndef IOASID_KFACTS_H
#define IOASID_KFACTS_H

/* The facts whose truth changes inside a stable series. */
enum kfact_id {
	KFACT_X86_SVA_OFF, /* iommu_sva_bind_device() returns -EOPNOTSUPP on x86 */
	KFACT_IDXD_RAWIO,  /* idxd_cdev_mmap() requires CAP_SYS_RAWIO */
	KFACT_N
};

/* One stable series of a fact: it holds from release first through
 * verified_to (the newest release whose source was read), not before
 * first (the changelogs name the release that brought it); after
 * verified_to it is unknown. */
struct kfact_range {
	unsigned series;      /* IOASID_KVER(a, b, 0) */
	unsigned first;	      /* the first release that has it */
	unsigned verified_to; /* the newest release read */
	const char *where;    /* file:line function in verified_to's source */
	const char *distro;   /* the first distribution package that carries it */
};

struct kfact {
	const char *name;     /* what holds, in words */
	const char *upstream; /* the upstream commit */
	struct kfact_range ranges[4];
};

extern const struct kfact kfacts[KFACT_N];

enum kfact_truth { KFACT_UNKNOWN = -1, KFACT_NO = 0, KFACT_YES = 1 };

/* Whether fact id holds on stable release rel (a version code; 0 =
 * unknown): yes, no, or unknown outside the verified ranges. *range is the
 * series' row (NULL when the table has none). */
enum kfact_truth kfact_holds(enum kfact_id id, unsigned rel, const struct kfact_range **range);

#endif
