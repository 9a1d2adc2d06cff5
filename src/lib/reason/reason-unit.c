// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reason chain's steps for one IOMMU unit: what its hardware offers
 * (VT-d ECAP/CAP, AMD EFR) and what the kernel makes of it, in the order
 * the kernel decides. The register fields are decoded by vtd.c and amd.c;
 * here they become rules with the kernel function that applies each.
 */
#include <errno.h>
#include <string.h>

#include "ioasid-prq.h"
#include "core/pathnames.h"
#include "reason/reason.h"

/* A kernel log line as extra evidence, if the log has one. */
static void log_evidence(struct ioasid_ctx *ctx, struct ioasid_step *s, const char *needle)
{
	const char *line = ioasid_kernel_log_find(ctx, needle);

	if (line)
		step_more(s, "kernel log: \"%s\"", line);
}

static const char *bit(bool b)
{
	return b ? "1" : "0";
}

/*
 * VT-d: drivers/iommu/intel/iommu.h pasid_supported() = sm_supported() &&
 * ecap_pasid(), sm_supported() = intel_iommu_sm && ecap_smts(); dmar.c
 * alloc_iommu() sets max_pasids = 2 << ecap_pss(); svm.c intel_svm_check()
 * decides VTD_FLAG_SVM_CAPABLE, which intel_iommu_enable_sva() requires;
 * pasid.c intel_pasid_setup_first_level() refuses units without FLTS;
 * iommu.c init_dmars() enables the page request queue when
 * pasid_supported() && ecap_prs().
 */
static void vtd_steps(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *il,
		      const struct ioasid_iommu *u, struct ioasid_chain *c)
{
	const struct ioasid_vtd_regs *r = &u->vtd;
	struct ioasid_step *s;
	int gb, la57;

	if (u->cap.err || u->ecap.err) {
		s = chain_add(c, RULE_VTD_PASID_HW, u->name, IOASID_V_UNKNOWN,
			      "cap/ecap not readable (%s)",
			      ioasid_err_short(u->cap.err ? u->cap.err : u->ecap.err));
		step_source(s, PATH_SYS_IOMMU_VTD_ATTR, u->name, "ecap");
		return;
	}
	s = chain_add(c, RULE_VTD_PASID_HW, u->name,
		      r->smts && r->pasid ? IOASID_V_OK : IOASID_V_FAIL,
		      "ecap 0x%llx: SMTS=%s PASID=%s", (unsigned long long)r->ecap, bit(r->smts),
		      bit(r->pasid));
	if (r->pasid)
		step_more(s, "PSS=%u: %u-bit PASIDs", r->pss, r->pss + 1);
	step_source(s, PATH_SYS_IOMMU_VTD_ATTR, u->name, "ecap");
	if (s->verdict == IOASID_V_FAIL)
		step_more(s, "the hardware has no %s",
			  !r->smts ? "scalable mode" : "PASID support");

	s = chain_add(c, RULE_VTD_SCALABLE_MODE, u->name,
		      il->vtd_mode.sm == IOASID_YES  ? IOASID_V_OK
		      : il->vtd_mode.sm == IOASID_NO ? IOASID_V_FAIL
						     : IOASID_V_UNKNOWN,
		      "%s mode",
		      il->vtd_mode.sm == IOASID_YES  ? "scalable"
		      : il->vtd_mode.sm == IOASID_NO ? "legacy"
						     : "unknown");
	if (il->vtd_mode.evidence[0])
		step_more(s, "%s: %s", il->vtd_mode.rule, il->vtd_mode.evidence);
	step_source(s, "%s", il->vtd_mode.rule[0] ? il->vtd_mode.rule : "kernel");
	log_evidence(ctx, s, "Scalable Mode not enabled");
	if (s->verdict == IOASID_V_UNKNOWN)
		step_fix(s, "run as root (the kernel log and config tell the mode)");

	if (u->max_pasids.err == 0)
		chain_add(c, RULE_VTD_MAX_PASIDS, u->name,
			  u->max_pasids.v ? IOASID_V_OK : IOASID_V_FAIL,
			  "the kernel gives this unit %llu PASIDs (2 << PSS when PASIDs are used)",
			  (unsigned long long)u->max_pasids.v);

	/* intel_svm_check(): GBPAGES without FL1GP, or LA57 without FL5LP,
	 * disables SVM (and says so in the log); SMPWC is required first */
	gb = ioasid_cpu_has_flag(ctx, "pdpe1gb");
	la57 = ioasid_cpu_has_flag(ctx, "la57");
	s = chain_add(c, RULE_VTD_SVM, u->name, IOASID_V_OK,
		      "ecap SMPWC=%s FLTS=%s, cap FL1GP=%s FL5LP=%s; CPU pdpe1gb=%s la57=%s",
		      bit(r->smpwc), bit(r->flts), bit(r->fl1gp), bit(r->fl5lp),
		      gb < 0 ? "?" : bit(gb), la57 < 0 ? "?" : bit(la57));
	step_source(s, PATH_SYS_IOMMU_VTD_ATTR ", " PATH_PROC_CPUINFO, u->name, "{cap,ecap}");
	if (!r->smpwc) {
		s->verdict = IOASID_V_FAIL;
		step_more(s, "no page-walk coherency in scalable mode (SMPWC=0)");
	} else if (gb > 0 && !r->fl1gp) {
		s->verdict = IOASID_V_FAIL;
		step_more(s, "the CPU uses 1 GiB pages but the unit cannot (FL1GP=0)");
		step_fix(s, "boot without 1 GiB page support only if SVA matters more (no "
			    "kernel option maps this; it is a platform mismatch)");
	} else if (la57 > 0 && !r->fl5lp) {
		s->verdict = IOASID_V_FAIL;
		step_more(s, "the CPU uses 5-level paging but the unit cannot (FL5LP=0)");
		step_fix(s, "boot with no5lvl to use 4-level paging");
	} else if (!r->flts) {
		s->verdict = IOASID_V_FAIL;
		step_ref(s, "drivers/iommu/intel/pasid.c intel_pasid_setup_first_level()");
		step_more(s, "no first-level translation (FLTS=0): a process page table cannot "
			     "be bound");
	} else if (gb < 0 || la57 < 0) {
		s->verdict = IOASID_V_UNKNOWN;
		step_more(s, "CPU flags not readable");
	}
	log_evidence(ctx, s, "SVM disabled");
	/* 6.12: page requests do not need SVM: init_dmars() enables the queue
	 * on pasid_supported() && ecap_prs() (iommu.c:2410-2416) and
	 * iommufd's fault queue (iommufd/fault.c) serves non-SVA domains; 6.1
	 * resolves page requests for SVA binds only (io-pgfault.c
	 * iopf_handle_group() -> iommu_sva_find()), so there it decides both */
	if (reason_kver(ctx) >= IOASID_KVER(6, 12, 0))
		s->affects = IOASID_AFFECTS_SVA;

	s = chain_add(c, RULE_VTD_PRS, u->name, r->prs && r->pds ? IOASID_V_OK : IOASID_V_FAIL,
		      "ecap PRS=%s PDS=%s", bit(r->prs), bit(r->pds));
	step_source(s, PATH_SYS_IOMMU_VTD_ATTR, u->name, "ecap");
	if (s->verdict == IOASID_V_FAIL)
		step_more(s, "the unit takes no page requests: devices must not fault");
}

/*
 * AMD: drivers/iommu/amd/init.c sets max_pasids when EFR has GT;
 * amd_iommu.h amd_iommu_gt_ppr_supported() (GT && PPR && EPHSUP, 6.12)
 * gates pdev_get_caps() in iommu.c iommu_init_device(), so without it no
 * device gets PASID, ATS or PRI; init.c amd_iommu_pasid_supported() adds
 * !SNP and the 5-level guest page table check. Kernel 6.1 (and before the
 * IOMMUv2 rework) enabled the v2 features on GT && PPR
 * (init.c init_iommu_one(): is_iommu_v2).
 */
static void amd_steps(struct ioasid_ctx *ctx, const struct ioasid_iommu *u, struct ioasid_chain *c)
{
	const struct ioasid_amd_efr *e = &u->amd;
	unsigned kver = reason_kver(ctx);
	struct ioasid_step *s;
	int la57;

	if (u->efr_err) {
		s = chain_add(c, RULE_AMD_GT, u->name, IOASID_V_UNKNOWN, "EFR not known (%s)",
			      ioasid_err_short(u->efr_err));
		step_source(s, PATH_SYS_IOMMU_AMD_FEATURES, u->name);
		return;
	}
	s = chain_add(c, RULE_AMD_GT, u->name, e->gt ? IOASID_V_OK : IOASID_V_FAIL,
		      "EFR 0x%llx (%s): GT=%s PASmax=%u", (unsigned long long)e->efr,
		      ioasid_amd_features_rule_name(u->features_rule), bit(e->gt), e->pasmax);
	step_source(s, PATH_SYS_IOMMU_AMD_FEATURES, u->name);
	if (!e->gt)
		step_more(s, "no guest translation: the unit has no PASIDs");

	/* init.c: 6.12 sets iommu.max_pasids from PASmax when GT is set;
	 * 6.1 never sets it, so the core's SVA (iommu_sva_bind_device())
	 * has no PASIDs and only the amd_iommu_v2 API (amdkfd) uses them */
	/* 6.12: PASmax 0 gives max_pasids (1 << 1) - 1 = 1 (init.c:2083-2084,
	 * init_iommu_one()): only PASID 0, IOMMU_NO_PASID, which
	 * iommu_attach_device_pasid() refuses (iommu.c:3406-3408); global
	 * PASIDs start at IOMMU_FIRST_GLOBAL_PASID 1 (include/linux/iommu.h:320)
	 * and iommu_alloc_global_pasid() allocates from 1 to max_pasids - 1
	 * (iommu.c:3474-3475), an empty range, so SVA fails with -ENOSPC
	 * (iommu-sva.c iommu_alloc_mm_data()). 6.1 computes the same value
	 * (init.c:2084-2088) into amd_iommu_max_pasid, which nothing reads. */
	if (u->max_pasids.err == 0) {
		s = chain_add(c, RULE_AMD_MAX_PASIDS, u->name,
			      u->max_pasids.v > 1 ? IOASID_V_OK : IOASID_V_FAIL,
			      "the kernel gives this unit %llu PASID%s",
			      (unsigned long long)u->max_pasids.v, u->max_pasids.v == 1 ? "" : "s");
		if (u->max_pasids.v == 1)
			step_more(
				s,
				"PASmax=0: the one PASID is 0, the kernel's own (IOMMU_NO_PASID); "
				"devices get PASIDs from 1 (IOMMU_FIRST_GLOBAL_PASID), so none is "
				"usable");
		if (!u->max_pasids.v && e->gt)
			step_more(s, "this kernel leaves iommu.max_pasids at 0: only the "
				     "amd_iommu_v2 API "
				     "(amdkfd) uses PASIDs, the generic SVA and PASID APIs cannot");
	}
	s = chain_add(c, RULE_AMD_PPR, u->name, e->ppr ? IOASID_V_OK : IOASID_V_FAIL, "EFR PPR=%s",
		      bit(e->ppr));
	step_source(s, PATH_SYS_IOMMU_AMD_FEATURES, u->name);
	if (kver >= IOASID_KVER(6, 12, 0)) {
		s->affects |= IOASID_AFFECTS_PASID;
		s = chain_add(c, RULE_AMD_EPHSUP, u->name, e->ephsup ? IOASID_V_OK : IOASID_V_FAIL,
			      "EFR EPHSUP=%s", bit(e->ephsup));
		step_source(s, PATH_SYS_IOMMU_AMD_FEATURES, u->name);
		if (!e->ephsup)
			step_more(s,
				  "without GT, PPR and EPHSUP this kernel gives no device PASID, "
				  "ATS or PRI (iommu.c iommu_init_device() skips pdev_get_caps())");
	} else if (kver > IOASID_KVER(6, 1, 255) || !kver) {
		s = chain_add(c, RULE_AMD_EPHSUP, u->name, IOASID_V_UNKNOWN,
			      "EFR EPHSUP=%s; whether this kernel release requires it is not known "
			      "(6.12 does, 6.1 does not)",
			      bit(e->ephsup));
		s->affects = 0; /* unknown whether this kernel applies it */
	}
	la57 = ioasid_cpu_has_flag(ctx, "la57");
	if (kver >= IOASID_KVER(6, 12, 0)) {
		s = chain_add(c, RULE_AMD_GUEST_PAGING, u->name, IOASID_V_OK,
			      "CPU la57=%s, EFR GATS=%u", la57 < 0 ? "?" : bit(la57), e->gats);
		if (la57 > 0 && e->gats != 1) {
			s->verdict = IOASID_V_FAIL;
			step_more(s, "5-level CPU paging but the unit's guest tables are 4-level");
		} else if (la57 < 0) {
			s->verdict = IOASID_V_UNKNOWN;
		}
	}
	if (e->snp) {
		/* 6.12 init.c iommu_snp_enable() (:3290-3323) sets
		 * amd_iommu_snp_en (:3309) and logs "IOMMU SNP support
		 * enabled." (:3323), or keeps it set when only the RMP table
		 * fails (:3319); amd_iommu_pasid_supported() (:3837) is then
		 * false, so iommu_init_device() (iommu.c:2476) gives no device
		 * max_pasids: no PASID, SVA or page requests */
		const char *on = ioasid_kernel_log_find(ctx, "IOMMU SNP support enabled");
		const char *rmp = ioasid_kernel_log_find(ctx, "SNP: RMP initialization failed");

		s = chain_add(
			c, RULE_AMD_SNP, u->name, IOASID_V_WARN,
			"EFR SNPSup=1: if the host enables SEV-SNP (amd_iommu_snp_en) the kernel "
			"turns SVA off");
		if (kver >= IOASID_KVER(6, 12, 0) && (on || rmp)) {
			s->verdict = IOASID_V_FAIL;
			s->affects = ALL_THREE;
			step_ref(s, "drivers/iommu/amd/init.c iommu_snp_enable(), "
				    "amd_iommu_pasid_supported(); iommu.c iommu_init_device()");
			step_more(s, "kernel log: \"%s\": SEV-SNP is on, so no device gets PASIDs",
				  on ? on : rmp);
			step_fix(s, "SEV-SNP hosts cannot use device PASIDs on this kernel: boot "
				    "without SEV-SNP (no kvm_amd.sev_snp) if PASIDs matter more");
		}
	}
}

/*
 * The page-request interrupt as proof that page requests are live: VT-d
 * creates "dmar%d-prq" in prq.c intel_iommu_enable_prq() (called from
 * init_dmars() when pasid_supported() && ecap_prs()); AMD's PPR log has
 * "AMD-Vi%d-PPR" in x2APIC mode or shares the single "AMD-Vi" MSI
 * (init.c iommu_setup_msi()). Counts are interrupts, not requests. PRQ
 * overflow lines of the kernel log (prq.c, amd/iommu.c) say requests were
 * dropped. The numbers come from prq.c (ioasid_prq_stats()).
 */
static void prq_steps(struct reason_facts *f, const struct ioasid_iommu *u, struct ioasid_chain *c)
{
	const struct ioasid_prq_stats *st;
	const struct ioasid_prq_unit *p = NULL;
	struct ioasid_step *s;
	bool expected;

	if (u->type != IOASID_IOMMU_VTD && u->type != IOASID_IOMMU_AMD)
		return;
	st = reason_prq(f);
	if (!st) {
		s = chain_add(c, RULE_PRQ_IRQ, u->name, IOASID_V_UNKNOWN,
			      "interrupts not readable");
		s->affects = 0;
		return;
	}
	for (size_t i = 0; i < st->n && !p; i++)
		if (!strcmp(st->v[i].iommu, u->name))
			p = &st->v[i];
	expected = u->type == IOASID_IOMMU_VTD ? u->pasid == IOASID_YES && u->vtd.prs
					       : !u->efr_err && u->amd.ppr;
	if (p && p->has_irq) {
		s = chain_add(c, RULE_PRQ_IRQ, u->name, IOASID_V_OK,
			      "IRQ %u \"%s\": %llu interrupts%s%s (%s)", p->irq.irq, p->irq.actions,
			      (unsigned long long)p->irq.total, p->shared ? ", shared with " : "",
			      p->shared ? p->shared_with : "",
			      ioasid_irq_source_name(p->irq.source));
		s->affects = 0; /* an interrupt proves the queue, its absence decides */
		if (u->type == IOASID_IOMMU_AMD)
			step_ref(s, "drivers/iommu/amd/init.c iommu_setup_msi()");
		if (p->shared)
			s->verdict = IOASID_V_WARN;
	} else {
		s = chain_add(c, RULE_PRQ_IRQ, u->name, expected ? IOASID_V_FAIL : IOASID_V_NA,
			      "no page-request interrupt%s%s", p && p->note[0] ? ": " : "",
			      p && p->note[0] ? p->note : "");
		if (u->type == IOASID_IOMMU_AMD)
			step_ref(s, "drivers/iommu/amd/init.c iommu_init_irq()");
		if (expected)
			step_more(s,
				  "the unit supports page requests but the kernel set up no queue: "
				  "check the kernel log for \"prq\" / \"PPR\" errors");
	}
	step_source(s, PATH_PROC_INTERRUPTS ", " PATH_SYS_KERNEL_IRQ);
	if (p && !p->overflows.err && p->overflows.v) {
		s = chain_add(c, RULE_PRQ_OVERFLOW, u->name, IOASID_V_WARN,
			      "%llu page-request overflow%s in the kernel log",
			      (unsigned long long)p->overflows.v, p->overflows.v == 1 ? "" : "s");
		if (u->type == IOASID_IOMMU_AMD)
			step_ref(s, "drivers/iommu/amd/iommu.c");
		if (p->noverflow_events)
			step_more(s, "last: \"%s\"",
				  p->overflow_events[p->noverflow_events - 1].message);
		step_source(s, "kernel log");
		step_fix(s, "page requests were dropped: find the device (ioasidctl prq trace) and "
			    "reduce its fault rate (pre-fault or pin its buffers)");
	}
}

/*
 * Whether the AMD driver implements the SVA calls. 6.1.192:
 * amd_iommu_ops (drivers/iommu/amd/iommu.c:2467-2490) has neither
 * dev_enable_feat nor sva_bind, so iommu_dev_enable_feature(SVA) returns
 * -ENODEV (iommu.c:2743-2752) and iommu_sva_bind_device() -ENODEV at
 * :2795-2796, before its x86 switch-off (:2802): the kernel's first "no".
 * 6.12.118: amd_iommu_dev_enable_feature() (amd/iommu.c:3063-3076) accepts
 * SVA without a check, and the bind decides. Other series: not read.
 */
static void amd_sva_ops(struct ioasid_ctx *ctx, const struct ioasid_iommu *u,
			struct ioasid_chain *c)
{
	unsigned kver = reason_kver(ctx);
	struct ioasid_step *s;

	if (!kver)
		return;
	if (kver >= IOASID_KVER(6, 1, 0) && kver < IOASID_KVER(6, 2, 0)) {
		s = chain_add(
			c, RULE_AMD_SVA_OPS, u->name, IOASID_V_FAIL,
			"amd_iommu_ops has neither dev_enable_feat nor sva_bind: "
			"iommu_dev_enable_feature(SVA) returns -ENODEV (iommu.c:2752), and so "
			"does iommu_sva_bind_device() (iommu.c:2796), before its x86 check");
		step_ref(s, "drivers/iommu/amd/iommu.c:2467 amd_iommu_ops; drivers/iommu/iommu.c "
			    "iommu_dev_enable_feature(), iommu_sva_bind_device()");
	} else if (kver >= IOASID_KVER(6, 12, 0) && kver < IOASID_KVER(6, 13, 0)) {
		s = chain_add(c, RULE_AMD_SVA_OPS, u->name, IOASID_V_OK,
			      "amd_iommu_dev_enable_feature() accepts SVA without a check "
			      "(amd/iommu.c:3063-3076): the bind decides");
		step_ref(s, "drivers/iommu/amd/iommu.c amd_iommu_dev_enable_feature()");
	} else {
		s = chain_add(c, RULE_AMD_SVA_OPS, u->name, IOASID_V_UNKNOWN,
			      "whether this kernel's AMD IOMMU driver implements SVA is not known "
			      "(6.1 does not, 6.12 does)");
		s->affects = 0;
	}
}

/*
 * SMMUv3 (arm-smmu-v3.c). ARM_SMMU_FEAT_SVA is set by
 * arm_smmu_device_hw_probe() (6.1 :3724, 6.12 :4402) only when
 * arm_smmu_sva_supported() says yes (arm-smmu-v3-sva.c 6.12 :202-246, 6.1
 * :427-470): FEAT_COHERENCY (and FEAT_VAX with 52-bit VAs), PAGE_SIZE in
 * the unit's pgsize_bitmap, OAS not below the CPUs' PARange, ASID bits not
 * below the CPUs'; a stub returning false without CONFIG_ARM_SMMU_V3_SVA.
 * arm_smmu_master_sva_supported() (6.12 :256) then needs the feature and a
 * SubstreamID width (master->ssid_bits) on the device. The unit's SSIDSIZE
 * (smmu->ssid_bits, :4321; max_pasids = 1 << ssid_bits, :4323) is printed
 * nowhere and has no sysfs attribute on 6.1 or 6.12.
 */
static void smmu3_steps(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *il,
			const struct ioasid_iommu *u, struct ioasid_chain *c)
{
	const struct ioasid_smmu3 *m = &u->smmu3;
	const char *v = NULL, *src = NULL, *how;
	struct ioasid_step *s;
	bool not_built = false;

	if (reason_arch(ctx, il, &how) == REASON_ARCH_ARM64 &&
	    kcfg_read(ctx, KCFG_ARM_SMMU_V3_SVA, &v, &src) >= 0)
		not_built = !v || strcmp(v, "y");
	if (m->line_err) {
		s = chain_add(c, RULE_SMMU_SVA, u->name, IOASID_V_UNKNOWN,
			      "no boot line \"arm-smmu-v3 ...: ias ..., oas ... (features 0x...)\" "
			      "of this unit in the kernel log: its feature word is unknown");
		if (not_built) {
			s->verdict = IOASID_V_FAIL;
			step_more(s, "the kernel is built without CONFIG_ARM_SMMU_V3_SVA: "
				     "ARM_SMMU_FEAT_SVA is never set");
			step_ref(s, "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h "
				    "arm_smmu_sva_supported() (stub)");
			step_fix(s, "see kernel.smmu_sva");
		}
		step_source(s, PATH_DEV_KMSG);
	} else if (!m->table) {
		s = chain_add(c, RULE_SMMU_SVA, u->name, IOASID_V_UNKNOWN,
			      "features 0x%08x (%s): this kernel release's ARM_SMMU_FEAT_* bits "
			      "were not verified (6.1 and 6.12 are)",
			      m->line.features, m->line.dev);
		step_source(s, PATH_DEV_KMSG);
	} else if (m->sva == IOASID_YES) {
		s = chain_add(c, RULE_SMMU_SVA, u->name, IOASID_V_OK,
			      "features 0x%08x has SVA (bit 17 of %s's table): "
			      "arm_smmu_sva_supported() said yes; ias %u, oas %u",
			      m->line.features, m->table, m->line.ias, m->line.oas);
		step_source(s, PATH_DEV_KMSG);
	} else {
		s = chain_add(c, RULE_SMMU_SVA, u->name, IOASID_V_FAIL,
			      "features 0x%08x lacks SVA (bit 17 of %s's table)", m->line.features,
			      m->table);
		if (not_built) {
			step_more(s, "the kernel is built without CONFIG_ARM_SMMU_V3_SVA, so "
				     "arm_smmu_sva_supported() is the stub returning false");
			step_ref(s, "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h "
				    "arm_smmu_sva_supported() (stub)");
			step_fix(s, "see kernel.smmu_sva");
		} else if (m->coherent == IOASID_NO) {
			step_more(s, "arm_smmu_sva_supported(): the unit's table walks are not "
				     "coherent (no COHERENCY)");
		} else {
			step_more(s,
				  "arm_smmu_sva_supported() said no: with COHERENCY set, the "
				  "CPU's page size is not in the unit's page sizes, the OAS "
				  "(%u bits) is below the CPUs' PARange, the unit has fewer ASID "
				  "bits than the CPUs, or (52-bit VAs) it lacks VAX",
				  m->line.oas);
		}
		step_source(s, PATH_DEV_KMSG);
	}
	/* a device's chain turns it to ok when the device proves a width
	 * (reason-dev.c smmu3_dev_steps(): uacce's SVA flag) */
	s = chain_add(c, RULE_SMMU_SSID, u->name, IOASID_V_UNKNOWN,
		      "the unit's SubstreamID width (IDR1.SSIDSIZE, iommu.max_pasids = 1 << "
		      "ssid_bits) is neither printed nor exported by this kernel");
	step_source(s, PATH_SYS_IOMMU_UNIT, u->name);
}

void reason_unit_steps(struct reason_facts *f, const struct ioasid_iommu_list *il,
		       const struct ioasid_iommu *u, struct ioasid_chain *c)
{
	struct ioasid_ctx *ctx = f->ctx;
	struct ioasid_step *s;

	switch (u->type) {
	case IOASID_IOMMU_VTD:
		vtd_steps(ctx, il, u, c);
		break;
	case IOASID_IOMMU_AMD: {
		size_t first = c->n;

		/* what the unit lacks bites inside the bind, past the x86
		 * switch-off: the PASID allocation (iommu-sva.c
		 * iommu_alloc_mm_data()) and the attach (6.12 amd/iommu.c
		 * do_attach()); 6.1 fails at amd.sva_ops before either */
		amd_steps(ctx, u, c);
		for (size_t i = first; i < c->n; i++)
			c->v[i].sva_stage = IOASID_SVA_ATTACH;
		amd_sva_ops(ctx, u, c);
		break;
	}
	case IOASID_IOMMU_SMMU3:
		smmu3_steps(ctx, il, u, c);
		break;
	default:
		s = chain_add(c, RULE_IOMMU_TYPE, u->name, IOASID_V_UNKNOWN,
			      "an IOMMU type this tool does not know");
		(void)s;
		break;
	}
	prq_steps(f, u, c);
}
