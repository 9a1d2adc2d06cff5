// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Kernel facts keyed by stable release. Some rules of the kernel change
 * inside a stable series, so the series (6.12) does not tell; each row
 * here says in which releases a fact was verified, from which source file,
 * function and line, and from the distribution's changelog which release
 * brought it. Outside the verified ranges the answer is unknown: a later
 * release may carry a change this table has not read.
 *
 * Sources read: Debian's linux-source-6.12 6.12.118-1~deb12u1 and
 * linux-source-6.1 6.1.192-3 (the trees and their changelog.Debian.gz).
 */
#include <stddef.h>

#include "ioasid-kernel.h"
#include "reason/kfacts.h"

const struct kfact kfacts[KFACT_N] = {
	/*
	 * "iommu: disable SVA when CONFIG_X86 is set" (upstream 72f98ef9a4be,
	 * CVE-2025-71089): iommu_sva_bind_device() returns
	 * ERR_PTR(-EOPNOTSUPP) under IS_ENABLED(CONFIG_X86), after the group
	 * check. Debian's changelog lists it under ChangeLog-6.12.64 (in the
	 * 6.12.69-1 entry; Debian shipped no 6.12.64..68) and under
	 * ChangeLog-6.1.163 (in the 6.1.164-1 entry; 6.1.162-1 is the one
	 * before).
	 */
	[KFACT_X86_SVA_OFF] =
		{"SVA is switched off on x86",
		 "72f98ef9a4be \"iommu: disable SVA when CONFIG_X86 is set\"",
		 {
			 {IOASID_KVER(6, 12, 0), IOASID_KVER(6, 12, 64), IOASID_KVER(6, 12, 118),
			  "drivers/iommu/iommu-sva.c:83 iommu_sva_bind_device()",
			  "Debian 6.12.69-1"},
			 {IOASID_KVER(6, 1, 0), IOASID_KVER(6, 1, 163), IOASID_KVER(6, 1, 192),
			  "drivers/iommu/iommu.c:2802 iommu_sva_bind_device()", "Debian 6.1.164-1"},
		 }},
	/*
	 * "dmaengine: idxd: add a new security check to deal with a hardware
	 * erratum" (INTEL-SA-01084): idxd_cdev_mmap() returns -EPERM unless
	 * the device's user_submission_safe or capable(CAP_SYS_RAWIO); every
	 * device the driver knows has user_submission_safe = false (6.12
	 * init.c:51/:62: DSA 0b25/11fb/1212, IAA 0cfe/1216; 6.1 init.c:51/:59:
	 * DSA 0b25, IAA 0cfe). Debian's changelog lists it under
	 * ChangeLog-6.8.10 (so in every 6.12) and ChangeLog-6.1.91 (the
	 * 6.1.94-1 entry).
	 */
	[KFACT_IDXD_RAWIO] =
		{"user work queue portals need CAP_SYS_RAWIO",
		 "\"dmaengine: idxd: add a new security check to deal with a hardware erratum\"",
		 {
			 {IOASID_KVER(6, 12, 0), IOASID_KVER(6, 12, 0), IOASID_KVER(6, 12, 118),
			  "drivers/dma/idxd/cdev.c:412 idxd_cdev_mmap()", "every Debian 6.12"},
			 {IOASID_KVER(6, 1, 0), IOASID_KVER(6, 1, 91), IOASID_KVER(6, 1, 192),
			  "drivers/dma/idxd/cdev.c:235 idxd_cdev_mmap()", "Debian 6.1.94-1"},
		 }},
};

enum kfact_truth kfact_holds(enum kfact_id id, unsigned rel, const struct kfact_range **range)
{
	const struct kfact *f = &kfacts[id];

	*range = NULL;
	if (!rel)
		return KFACT_UNKNOWN;
	for (size_t i = 0; i < sizeof(f->ranges) / sizeof(f->ranges[0]); i++) {
		const struct kfact_range *r = &f->ranges[i];

		if (!r->series || (rel & ~0xffu) != r->series)
			continue;
		*range = r;
		/* the patch is capped at 255 (IOASID_KVER): past that, unknown */
		if ((rel & 0xffu) == 0xffu || rel > r->verified_to)
			return KFACT_UNKNOWN;
		return rel >= r->first ? KFACT_YES : KFACT_NO;
	}
	return KFACT_UNKNOWN;
}
