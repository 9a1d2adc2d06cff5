/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private helpers shared by the host and device reason chains. */
#ifndef IOASID_REASON_PRIV_H
#define IOASID_REASON_PRIV_H

#include "core/internal.h"
#include "ioasid-acpi.h"
#include "ioasid-prq.h"
#include "stock/kconfig.h"

#define ALL_THREE (IOASID_AFFECTS_PASID | IOASID_AFFECTS_SVA | IOASID_AFFECTS_PRQ)

/* The rules of the chain, one row each in rules.c's table. A call site
 * names its rule by this enumerator, so an id the table lacks cannot be
 * written; the row gives the constant parts of the step. */
enum reason_rule_id {
	/* host: firmware, kernel, CPU (reason-host.c) */
	RULE_FIRMWARE_TABLE,
	RULE_IOMMU_UNITS,
	RULE_KERNEL_CONFIG,
	RULE_KERNEL_IOMMUFD,
	RULE_KERNEL_SVA_X86,
	RULE_KERNEL_SMMU_SVA,
	RULE_CPU_ENQCMD,
	/* one IOMMU unit (reason-unit.c) */
	RULE_VTD_PASID_HW,
	RULE_VTD_SCALABLE_MODE,
	RULE_VTD_MAX_PASIDS,
	RULE_VTD_SVM,
	RULE_VTD_PRS,
	RULE_AMD_GT,
	RULE_AMD_MAX_PASIDS,
	RULE_AMD_SVA_OPS,
	RULE_AMD_PPR,
	RULE_AMD_EPHSUP,
	RULE_AMD_GUEST_PAGING,
	RULE_AMD_SNP,
	RULE_SMMU_SVA,
	RULE_SMMU_SSID,
	RULE_IOMMU_TYPE,
	RULE_PRQ_IRQ,
	RULE_PRQ_OVERFLOW,
	/* one PCI function (reason-dev.c) */
	RULE_PCI_CONFIG,
	RULE_PCI_PASID_CAP,
	RULE_PCI_VF,
	RULE_PCI_IOMMU,
	RULE_AMD_DOMAIN,
	RULE_IOMMU_GROUP,
	RULE_PCI_EETLP_PREFIX,
	RULE_PCI_ACS,
	RULE_PCI_PASID_ENABLED,
	RULE_PCI_ATS,
	RULE_PCI_PRI,
	RULE_PCI_DRIVER,
	RULE_IDXD_SVA,
	RULE_IDXD_WQ,
	RULE_IDXD_RAWIO,
	RULE_AMDXDNA_SVA,
	RULE_PCI_HUAWEI_SVA,
	RULE_SMMU_ATS,
	RULE_SMMU_FAULT,
	RULE_UACCE_SVA,
	REASON_NRULES
};

/* What a rule's steps are about: their subject is "host", an IOMMU
 * unit's name or a PCI function's address. */
enum reason_scope { REASON_SCOPE_HOST, REASON_SCOPE_UNIT, REASON_SCOPE_DEVICE };

struct reason_rule {
	const char *id; /* the step's rule: stable, as ioasidctl-device(8) lists it */
	enum reason_scope scope;
	unsigned affects;	/* IOASID_AFFECTS_*: what a failing step decides */
	const char *kernel_ref; /* the kernel file and function that apply it */
	const char *fix;	/* for a failing step that gives none; NULL: none */
	const char *man;	/* the id heading its entry in ioasidctl-device(8) */
	unsigned sva_stage;	/* IOASID_SVA_*: a call site may move its step */
};
/* Indexed by enum reason_rule_id (rules.c). */
extern const struct reason_rule reason_rules[REASON_NRULES];
/* The row of a rule id ("vtd.svm"), NULL if none. */
const struct reason_rule *reason_rule_find(const char *id);

/* Append a step of rule id about subject; evidence is a printf format.
 * The rule's row gives the step its affects and kernel reference; a call
 * site whose branch differs sets them on the step (s->affects,
 * step_ref()). An n/a step decides nothing: its affects are 0. Returns
 * the step (never NULL: on ENOMEM the chain keeps a static overflow slot
 * and the caller's later fields go there; the final answer marks it
 * unknown). */
struct ioasid_step *chain_add(struct ioasid_chain *c, enum reason_rule_id id, const char *subject,
			      enum ioasid_verdict v, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void step_source(struct ioasid_step *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A fix specific to this step (else chain_fill_fixes() gives the rule's). */
void step_fix(struct ioasid_step *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The kernel function of this branch, where it is not the rule's ("" none). */
void step_ref(struct ioasid_step *s, const char *kernel_ref);
/* Append the text to the step's evidence ("; " separated). */
void step_more(struct ioasid_step *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Host facts that several steps (and every unit) read: each is read at
 * most once per chain, not once per unit or per step. */
struct reason_facts {
	struct ioasid_ctx *ctx;
	bool have_acpi, have_prq;
	struct ioasid_acpi acpi;
	int prq_rc; /* 0, or why the interrupts are unknown */
	struct ioasid_prq_stats prq;
};
void reason_facts_init(struct reason_facts *f, struct ioasid_ctx *ctx);
void reason_facts_free(struct reason_facts *f);
const struct ioasid_acpi *reason_acpi(struct reason_facts *f);
/* NULL when /proc/interrupts is unreadable (f->prq_rc says why). */
const struct ioasid_prq_stats *reason_prq(struct reason_facts *f);

/* The steps of one IOMMU unit (subject = its name) and of the host
 * (subject "host"), as the host chain builds them; the device chain
 * copies them for the device's unit. */
void reason_host_steps(struct reason_facts *f, const struct ioasid_iommu_list *il,
		       struct ioasid_chain *c);
void reason_unit_steps(struct reason_facts *f, const struct ioasid_iommu_list *il,
		       const struct ioasid_iommu *u, struct ioasid_chain *c);

/* The steps of the SVA-binding driver bound to d, if any: idxd, amdxdna
 * (reason-accel.c). */
void reason_accel_steps(struct ioasid_ctx *ctx, const struct ioasid_pci_dev *d,
			const struct ioasid_iommu *u, struct ioasid_chain *c);

/* Give failing steps without a fix their rule's default one. */
void chain_fill_fixes(struct ioasid_chain *c);
/* Set c->pasid/sva/prq over all steps (and fill the fixes). */
void chain_answer(struct ioasid_chain *c);

/* A config-space dump (--pci-dump) read without a host (no --sysroot):
 * the machine running the command is not the dumped device's host, so
 * every host fact is unknown (the kernel release, command line and
 * config included). */
bool reason_no_host(const struct ioasid_ctx *ctx);
#define REASON_NO_HOST IOASID_NO_HOST

/* Whether a PCI function is one drivers/pci/quirks.c quirk_no_ats()
 * takes ATS from (quirks.c); why says which quirk. */
bool reason_quirk_no_ats(const struct ioasid_pci_dev *d, char *why, size_t len);

/* A device-specific ACS answer of drivers/pci/quirks.c for RR|UF: 1 the
 * quirk says enabled, -1 a quirk applies whose answer is not modelled, 0
 * none applies; *fn names the quirk function. */
int reason_quirk_acs(const struct ioasid_pci_dev *d, const char **fn);

/* Whether any "key" option of the command line (key "pci=") has word
 * among its comma-separated values; prefix: the value need only start
 * with word (drivers/pci/pci.c pci_setup() tests "noats" with strncmp).
 * The kernel calls an early_param handler for every occurrence. */
bool reason_cmdline_has(struct ioasid_ctx *ctx, const char *key, const char *word, bool prefix);

/* The kernel version code, 0 if unknown. */
unsigned reason_kver(struct ioasid_ctx *ctx);

/* The host's architecture, for rules that apply on one only: the kernel
 * config (CONFIG_ARM64=y / CONFIG_X86=y), else the units' types (VT-d and
 * AMD-Vi exist only on x86, SMMUv3 only on Arm); *how says which. */
enum reason_arch { REASON_ARCH_UNKNOWN, REASON_ARCH_X86, REASON_ARCH_ARM64 };
enum reason_arch reason_arch(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *il,
			     const char **how);

/* drivers/pci/quirks.c quirk_huawei_pcie_sva(): 1 when it applies to d
 * (HiSilicon 19e5:a250/a251/a255/a256/a258/a259 at revision 0x21 or 0x30:
 * pasid_no_tlp and the dma-can-stall property), 0 when not, -1 when the ID
 * is one of them but the revision is not. */
int reason_quirk_huawei_sva(const struct ioasid_pci_dev *d);

#endif
