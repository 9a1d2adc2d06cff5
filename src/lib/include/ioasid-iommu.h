/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* IOMMU units: Intel VT-d (dmarN), AMD-Vi (ivhdN), Arm SMMUv3 (smmu3.ADDR). */
#ifndef IOASID_IOMMU_H
#define IOASID_IOMMU_H

#include "ioasid-ctx.h"

enum ioasid_iommu_type {
	IOASID_IOMMU_OTHER = 0,
	IOASID_IOMMU_VTD,
	IOASID_IOMMU_AMD,
	IOASID_IOMMU_SMMU3,
};
const char *ioasid_iommu_type_name(enum ioasid_iommu_type t);

/* VT-d CAP and ECAP fields, decoded as drivers/iommu/intel/iommu.h does
 * (cap_* and ecap_* macros). */
struct ioasid_vtd_regs {
	uint64_t cap, ecap;
	/* CAP */
	unsigned nd;	/* bits 2:0 */
	uint64_t ndoms; /* cap_ndoms(): 1 << (4 + 2 * ND) */
	bool rwbf, plmr, phmr, cm;
	unsigned sagaw; /* bits 12:8 */
	unsigned mgaw;	/* bits 21:16, plus one */
	bool zlr, psi, dwd, drd, fl1gp, pi, fl5lp, ecmds;
	unsigned nfr; /* bits 47:40, plus one */
	/* ECAP */
	bool c, qi, dt, ir, eim, pt, sc, mts, nest, prs, ers, srs, nwfs, eafs;
	unsigned pss; /* bits 39:35: PSS=N means N+1 PASID bits */
	bool pasid, dit, pds, smts, vcs, slads, slts, flts, smpwc, rps, pms;
};
void ioasid_vtd_decode(uint64_t cap, uint64_t ecap, struct ioasid_vtd_regs *out);
/* SAGAW as the widths it supports: bit n <-> 30+9n bits (agaw_to_width). */
unsigned ioasid_vtd_sagaw_widths(unsigned sagaw, unsigned widths[5]);

/* Whether the kernel runs VT-d in scalable mode, and how we know. */
enum ioasid_tristate { IOASID_UNKNOWN = -1, IOASID_NO = 0, IOASID_YES = 1 };
struct ioasid_vtd_mode {
	enum ioasid_tristate sm; /* intel_iommu_sm */
	char rule[64];		 /* "cmdline", "kernel log", "kernel config" */
	char evidence[192];	 /* the text that decided it */
};
int ioasid_vtd_mode(struct ioasid_ctx *ctx, struct ioasid_vtd_mode *mode);

/* AMD-Vi: EFR and EFR2 (drivers/iommu/amd/amd_iommu_types.h). */
struct ioasid_amd_efr {
	uint64_t efr, efr2;
	bool pref, ppr, x2apic, nx, gt, ia, ga, he, pc, giosup, hasup, ephsup, hdsup, snp;
	unsigned gats, glx, pasmax;
	uint64_t max_pasids; /* GT ? (1 << (PASmax + 1)) - 1 : 0 */
};
void ioasid_amd_decode(uint64_t efr, uint64_t efr2, struct ioasid_amd_efr *out);

/* Which rule decided the order of the two words of amd-iommu/features. */
enum ioasid_amd_features_rule {
	IOASID_AMD_FEATURES_UNKNOWN = 0,
	IOASID_AMD_FEATURES_SINGLE,    /* one word: EFR only (3.17 .. 5.x) */
	IOASID_AMD_FEATURES_BOOT_LINE, /* matched the "AMD-Vi: Extended features" line */
	IOASID_AMD_FEATURES_RELEASE,   /* by kernel release */
};
const char *ioasid_amd_features_rule_name(enum ioasid_amd_features_rule r);
/* Parse the features attribute. boot_efr is the EFR printed in the kernel
 * log (0 if not known), code the kernel version code (0 if not known). */
int ioasid_amd_parse_features(const char *text, uint64_t boot_efr, unsigned code, uint64_t *efr,
			      uint64_t *efr2, enum ioasid_amd_features_rule *rule);
/* The EFR (and EFR2, if printed) of the kernel's boot line
 * "AMD-Vi: Extended features (0x%llx, 0x%llx):" (init.c print_iommu_info). */
int ioasid_amd_parse_boot_line(const char *line, uint64_t *efr, uint64_t *efr2);

/* Arm SMMUv3: the kernel exports no register of the unit in sysfs; its
 * boot line (arm-smmu-v3.c arm_smmu_device_hw_probe(), 6.1 :3727, 6.12
 * :4405) "arm-smmu-v3 <dev>: ias %lu-bit, oas %lu-bit (features 0x%08x)"
 * gives smmu->features, the ARM_SMMU_FEAT_* word (arm-smmu-v3.h), whose
 * bits differ between kernel series. */
struct ioasid_smmu3_line {
	char dev[64]; /* the platform device: "9050000.smmuv3", "arm-smmu-v3.0.auto" */
	unsigned ias, oas;
	uint32_t features;
};
/* Parse one log message text; 0, or -EINVAL when it is not that line. */
int ioasid_smmu3_parse_boot_line(const char *line, struct ioasid_smmu3_line *out);
/* The kernel series whose ARM_SMMU_FEAT_* table decodes a kernel of
 * version code code: "6.1", "6.12", or NULL outside what was verified. */
const char *ioasid_smmu3_table(unsigned code);
/* The lowercase names of the bits set in features per that table
 * ("2_lvl_strtab", ...; "bitN" for a bit the table lacks); returns how
 * many there are (names filled up to max). */
unsigned ioasid_smmu3_feature_names(uint32_t features, const char *table, const char **names,
				    unsigned max);
/* The bit of a feature name in that table, -1 if the table has none. */
int ioasid_smmu3_feature_bit(const char *table, const char *name);

struct ioasid_smmu3 {
	int line_err;	/* 0: the boot line of this unit was found; else why not */
	char match[32]; /* how: "sysfs parent", "unit address", "only unit" */
	struct ioasid_smmu3_line line;
	const char *table; /* "6.1", "6.12", NULL: the word is not decoded */
	/* from the word per table; UNKNOWN when it is not decoded */
	enum ioasid_tristate sva, ats, pri, stalls, stall_force, coherent;
	const char *firmware; /* "iort", "devicetree", NULL */
	bool firmware_node;   /* the firmware has a node of this base */
	/* the root complexes' ATS attribute (IORT ats_attribute bit 0, DT
	 * ats-supported) when all the host's agree; UNKNOWN otherwise */
	enum ioasid_tristate rc_ats;
	/* IORT root complexes in table order, each with its PCI segment:
	 * a device's root complex is the first whose segment is its PCI
	 * domain (iort.c iort_match_node_callback()); see
	 * ioasid_smmu3_dev_rc_ats() */
	unsigned nrc;
	struct {
		uint32_t segment;
		bool ats;
	} rc[16];
};
/* The ATS attribute of the root complex of a PCI device in domain
 * (segment) `domain`: its IORT node's when the table has one for that
 * segment, else the host-wide rc_ats above (DT, or no IORT). */
enum ioasid_tristate ioasid_smmu3_dev_rc_ats(const struct ioasid_smmu3 *s, uint32_t domain);

struct ioasid_iommu {
	char name[64]; /* dmar0, ivhd0, smmu3.0x... */
	enum ioasid_iommu_type type;
	char address[32]; /* hex, no 0x (VT-d "address"; SMMU from name) */
	int address_err;
	struct ioasid_val version;   /* VT-d: major << 4 | minor */
	struct ioasid_val cap, ecap; /* VT-d cap/ecap; AMD cap (32 bit) */
	struct ioasid_val domains_supported, domains_used;
	struct ioasid_vtd_regs vtd; /* valid when cap and ecap are */
	struct ioasid_amd_efr amd;  /* valid when efr_err == 0 */
	int efr_err;
	enum ioasid_amd_features_rule features_rule;
	char features_raw[64];
	/* What the kernel does with this unit. */
	enum ioasid_tristate scalable; /* VT-d only */
	enum ioasid_tristate pasid;    /* kernel uses PASIDs on this unit */
	struct ioasid_val max_pasids;  /* iommu->iommu.max_pasids */
	enum ioasid_tristate prs;      /* page requests supported */
	unsigned ndevices;	       /* entries of devices/ */
	struct ioasid_smmu3 smmu3;     /* SMMUv3 only */
};

struct ioasid_iommu_list {
	size_t n;
	struct ioasid_iommu *v;
	struct ioasid_vtd_mode vtd_mode; /* shared by all VT-d units */
};
/* Enumerate /sys/class/iommu. An absent class dir is an empty list. */
int ioasid_iommu_list(struct ioasid_ctx *ctx, struct ioasid_iommu_list *out);
void ioasid_iommu_list_free(struct ioasid_iommu_list *l);
const struct ioasid_iommu *ioasid_iommu_find(const struct ioasid_iommu_list *l, const char *name);

#endif
