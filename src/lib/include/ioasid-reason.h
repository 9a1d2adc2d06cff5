/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The reason chain: for the host and for one device, "can this use PASIDs
 * (and SVA, and page requests), and if not, which rule of the kernel says
 * no". Each step names a rule, the object it was checked on, the verdict,
 * the evidence that decided it, the kernel function that applies the rule
 * and, when it fails, what to change.
 */
#ifndef IOASID_REASON_H
#define IOASID_REASON_H

#include "ioasid-ctx.h"

struct ioasid_iommu_list;
struct ioasid_pci_list;

enum ioasid_verdict {
	IOASID_V_OK = 0,  /* the rule is met */
	IOASID_V_FAIL,	  /* the rule says no */
	IOASID_V_WARN,	  /* met, with a caveat worth reading */
	IOASID_V_UNKNOWN, /* the evidence could not be read */
	IOASID_V_NA,	  /* does not apply to this kernel or host */
};
const char *ioasid_verdict_name(enum ioasid_verdict v); /* "ok", "fail", ... */

/* What the host steps say, and commands print, for --pci-dump without
 * --sysroot: the bytes come without the machine they were read on, and the
 * machine running the command is not it. */
#define IOASID_NO_HOST "a config-space dump holds no host"

/* What a step decides. */
enum {
	IOASID_AFFECTS_PASID = 1 << 0, /* tagging DMA with PASIDs at all */
	IOASID_AFFECTS_SVA = 1 << 1,   /* sharing a process address space */
	IOASID_AFFECTS_PRQ = 1 << 2,   /* page requests (PRI / PPR / PRIQ) */
};

struct ioasid_step {
	char rule[32];	  /* stable id, e.g. "vtd.scalable_mode" (ioasidctl-device(8)) */
	char subject[64]; /* "host", "dmar0", "0000:00:01.0" */
	enum ioasid_verdict verdict;
	unsigned affects;    /* IOASID_AFFECTS_* */
	char evidence[320];  /* what was read, with its values */
	char source[96];     /* where: a path, "kernel log", "kernel config" */
	char kernel_ref[96]; /* the kernel function that applies the rule */
	char fix[256];	     /* what to change; "" when nothing can be */
	unsigned sva_stage;  /* IOASID_SVA_*: where the kernel's SVA calls apply it */
};

/* Where in the kernel's SVA call sequence a step's rule is applied. Drivers
 * call iommu_dev_enable_feature(dev, IOMMU_DEV_FEAT_SVA) first (idxd
 * idxd_enable_sva(), uacce), then iommu_sva_bind_device(), which returns
 * -EOPNOTSUPP on x86 (6.12 iommu-sva.c:83, 6.1 iommu.c:2802) before it
 * allocates the mm's PASID and attaches the domain. The SVA answer names
 * the failing step of the earliest stage (chain order within a stage):
 * the error the kernel returns first. */
enum {
	IOASID_SVA_ENABLE = 0, /* no IOMMU, or the enable (6.1: also the bind's op check) */
	IOASID_SVA_X86,	       /* the bind's x86 switch-off */
	IOASID_SVA_ATTACH,     /* inside the bind, past the switch-off */
};

/* The answer for one of the three questions: yes, no or unknown, and the
 * step that decided a "no" (or an "unknown"); -1 for "yes". */
struct ioasid_answer {
	enum ioasid_verdict verdict; /* OK (yes), FAIL (no) or UNKNOWN */
	int step;
};

struct ioasid_chain {
	size_t n, cap;
	struct ioasid_step *v;
	struct ioasid_answer pasid, sva, prq;
};

/* The answer for one question (IOASID_AFFECTS_*) over the steps of unit
 * and the host-wide ones (unit NULL: all steps): the first FAIL decides
 * "no", else the first UNKNOWN "unknown", else "yes"; for SVA "first" is
 * the earliest sva_stage, then chain order. The host's answers
 * above are the best of its units'. */
struct ioasid_answer ioasid_chain_answer_for(const struct ioasid_chain *c, unsigned what,
					     const char *unit);

/* The host chain: firmware tables, IOMMU units, kernel command line and
 * config, each unit's capabilities and mode, CPU flags, kernel log. */
int ioasid_host_chain(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *il,
		      struct ioasid_chain *out);
/* The chain for one PCI function: its capabilities, its PCI path, its
 * IOMMU unit's host steps, its driver. -ENOENT if bdf is not in pl. */
int ioasid_device_chain(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *il,
			const struct ioasid_pci_list *pl, const char *bdf,
			struct ioasid_chain *out);
void ioasid_chain_free(struct ioasid_chain *c);

#endif
