// SPDX-License-Identifier: GPL-2.0-or-later
/* One IOMMU unit as a printer row. */
#include <stdio.h>

#include "print/iommu-cols.h"

const struct pr_col iommu_cols[IOMMU_NCOLS] = {
	[IC_NAME] = {"NAME", PR_STR, true, false, "unit name (dmarN, ivhdN, smmu3.ADDR)"},
	[IC_TYPE] = {"TYPE", PR_STR, true, false, "vtd, amd, smmu3 or other"},
	[IC_ADDRESS] = {"ADDRESS", PR_STR, true, false, "register base address (hex)"},
	[IC_VERSION] = {"VERSION", PR_STR, false, false, "VT-d architecture version"},
	[IC_MODE] = {"MODE", PR_STR, true, false,
		     "VT-d translation mode the kernel uses: scalable or legacy"},
	[IC_PASID] = {"PASID", PR_BOOL, true, false, "the kernel uses PASIDs on this unit"},
	[IC_PASID_BITS] = {"PASID_BITS", PR_NUM, true, true,
			   "PASID width the hardware supports (VT-d PSS+1, AMD PASmax+1)"},
	[IC_MAX_PASIDS] = {"MAX_PASIDS", PR_NUM, true, true,
			   "PASIDs the kernel allows on this unit (iommu.max_pasids)"},
	[IC_PRS] = {"PRS", PR_BOOL, true, false,
		    "page requests supported (VT-d PRS, AMD PPR, SMMUv3 PRI)"},
	[IC_ERS] = {"ERS", PR_BOOL, false, false, "VT-d execute requests"},
	[IC_SRS] = {"SRS", PR_BOOL, false, false, "VT-d supervisor requests"},
	[IC_NEST] = {"NEST", PR_BOOL, false, false, "VT-d nested translation"},
	[IC_FLTS] = {"FLTS", PR_BOOL, false, false, "VT-d first-stage translation"},
	[IC_SLTS] = {"SLTS", PR_BOOL, false, false, "VT-d second-stage translation"},
	[IC_SMTS] = {"SMTS", PR_BOOL, false, false, "VT-d scalable-mode translation"},
	[IC_PDS] = {"PDS", PR_BOOL, false, false, "VT-d page-request drain"},
	[IC_DT] = {"DT", PR_BOOL, false, false, "VT-d device-TLB (ATS) support"},
	[IC_CM] = {"CM", PR_BOOL, false, false, "VT-d caching mode (a virtual IOMMU)"},
	[IC_FL1GP] = {"FL1GP", PR_BOOL, false, false, "VT-d first-stage 1 GiB pages"},
	[IC_FL5LP] = {"FL5LP", PR_BOOL, false, false, "VT-d first-stage 5-level paging"},
	[IC_SAGAW] = {"SAGAW", PR_HEX, false, false, "VT-d supported adjusted guest widths"},
	[IC_MGAW] = {"MGAW", PR_NUM, false, true, "VT-d maximum guest address width"},
	[IC_DOMAINS] = {"DOMAINS", PR_NUM, false, true, "domain IDs supported"},
	[IC_DOMAINS_USED] = {"DOMAINS_USED", PR_NUM, false, true, "domain IDs in use"},
	[IC_CAP] = {"CAP", PR_HEX, false, false, "VT-d CAP / AMD capability header"},
	[IC_ECAP] = {"ECAP", PR_HEX, false, false, "VT-d ECAP register"},
	[IC_EFR] = {"EFR", PR_HEX, false, false, "AMD extended feature register"},
	[IC_EFR2] = {"EFR2", PR_HEX, false, false, "AMD extended feature register 2"},
	[IC_FEATURES_RULE] = {"FEATURES_RULE", PR_STR, false, false,
			      "how the order of amd-iommu/features was decided"},
	[IC_GT] = {"GT", PR_BOOL, false, false, "AMD guest translation"},
	[IC_PPR] = {"PPR", PR_BOOL, false, false, "AMD peripheral page requests"},
	[IC_GA] = {"GA", PR_BOOL, false, false, "AMD guest virtual APIC"},
	[IC_EPHSUP] = {"EPHSUP", PR_BOOL, false, false, "AMD enhanced PPR handling"},
	[IC_PASMAX] = {"PASMAX", PR_NUM, false, true, "AMD PASmax field"},
	[IC_DEVICES] = {"DEVICES", PR_NUM, true, true, "devices behind the unit"},
	/* SMMUv3: the kernel's boot line (stock/smmu3.c) */
	[IC_SMMU_FEATURES] = {"SMMU_FEATURES", PR_STR, false, false,
			      "SMMUv3 feature word of the kernel's boot line (ARM_SMMU_FEAT_*)"},
	[IC_SMMU_FEATURES_TABLE] = {"SMMU_FEATURES_TABLE", PR_STR, false, false,
				    "kernel series whose ARM_SMMU_FEAT_* table decoded the word"},
	[IC_SMMU_FEATURE_NAMES] = {"SMMU_FEATURE_NAMES", PR_STR, false, false,
				   "SMMUv3 features the kernel found (arm-smmu-v3.h names)"},
	[IC_IAS] = {"IAS", PR_NUM, false, true, "SMMUv3 input address size (bits)"},
	[IC_OAS] = {"OAS", PR_NUM, false, true, "SMMUv3 output address size (bits)"},
	[IC_SMMU_SVA] = {"SMMU_SVA", PR_BOOL, true, false,
			 "SMMUv3 SVA: arm_smmu_sva_supported() said yes (ARM_SMMU_FEAT_SVA)"},
	[IC_SMMU_ATS] = {"SMMU_ATS", PR_BOOL, false, false, "SMMUv3 ATS (ARM_SMMU_FEAT_ATS)"},
	[IC_SMMU_PRI] = {"SMMU_PRI", PR_BOOL, false, false, "SMMUv3 PRI (ARM_SMMU_FEAT_PRI)"},
	[IC_SMMU_STALLS] = {"SMMU_STALLS", PR_BOOL, false, false,
			    "SMMUv3 stall model (ARM_SMMU_FEAT_STALLS)"},
	[IC_SMMU_STALL_FORCE] = {"SMMU_STALL_FORCE", PR_BOOL, false, false,
				 "SMMUv3 stalls forced (ARM_SMMU_FEAT_STALL_FORCE)"},
	[IC_SMMU_COHERENT] = {"SMMU_COHERENT", PR_BOOL, false, false,
			      "SMMUv3 coherent table walks (ARM_SMMU_FEAT_COHERENCY)"},
	[IC_FIRMWARE] = {"FIRMWARE", PR_STR, true, false,
			 "where the unit was described: iort or devicetree (SMMUv3)"},
};

static void smmu3_fields(struct pr_row *r, const struct ioasid_iommu *u)
{
	const struct ioasid_smmu3 *s = &u->smmu3;
	const char *names[32];
	unsigned n;
	char word[16];

	pr_str(r, IC_FIRMWARE, s->firmware);
	if (s->line_err) {
		const int cols[] = {IC_SMMU_FEATURES, IC_SMMU_FEATURES_TABLE, IC_SMMU_FEATURE_NAMES,
				    IC_IAS, IC_OAS};

		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			pr_null(r, (size_t)cols[i], s->line_err);
	} else {
		snprintf(word, sizeof(word), "%08x", s->line.features);
		pr_str(r, IC_SMMU_FEATURES, word);
		pr_str(r, IC_SMMU_FEATURES_TABLE, s->table);
		if (s->table) {
			n = ioasid_smmu3_feature_names(s->line.features, s->table, names, 32);
			pr_strv(r, IC_SMMU_FEATURE_NAMES, names, n);
		} else {
			pr_null(r, IC_SMMU_FEATURE_NAMES, 0);
		}
		pr_num(r, IC_IAS, s->line.ias);
		pr_num(r, IC_OAS, s->line.oas);
	}
	pr_tri(r, IC_SMMU_SVA, s->sva);
	pr_tri(r, IC_SMMU_ATS, s->ats);
	pr_tri(r, IC_SMMU_PRI, s->pri);
	pr_tri(r, IC_SMMU_STALLS, s->stalls);
	pr_tri(r, IC_SMMU_STALL_FORCE, s->stall_force);
	pr_tri(r, IC_SMMU_COHERENT, s->coherent);
}

static void vtd_bools(struct pr_row *r, const struct ioasid_iommu *u)
{
	const struct ioasid_vtd_regs *v = &u->vtd;
	bool ok = !u->cap.err && !u->ecap.err;
	int err = u->cap.err ? u->cap.err : u->ecap.err;
	const struct {
		int col;
		bool val;
	} b[] = {
		{IC_ERS, v->ers},   {IC_SRS, v->srs},	  {IC_NEST, v->nest},	{IC_FLTS, v->flts},
		{IC_SLTS, v->slts}, {IC_SMTS, v->smts},	  {IC_PDS, v->pds},	{IC_DT, v->dt},
		{IC_CM, v->cm},	    {IC_FL1GP, v->fl1gp}, {IC_FL5LP, v->fl5lp},
	};

	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		if (ok)
			pr_bool(r, (size_t)b[i].col, b[i].val);
		else
			pr_null(r, (size_t)b[i].col, err);
	}
	if (ok) {
		pr_num(r, IC_PASID_BITS, v->pss + 1);
		pr_hex(r, IC_SAGAW, v->sagaw);
		pr_num(r, IC_MGAW, v->mgaw);
	} else {
		pr_null(r, IC_PASID_BITS, err);
		pr_null(r, IC_SAGAW, err);
		pr_null(r, IC_MGAW, err);
	}
}

static void amd_fields(struct pr_row *r, const struct ioasid_iommu *u)
{
	const struct ioasid_amd_efr *a = &u->amd;

	pr_str(r, IC_FEATURES_RULE, ioasid_amd_features_rule_name(u->features_rule));
	if (u->efr_err) {
		const int cols[] = {IC_EFR, IC_EFR2,   IC_GT,	  IC_PPR,
				    IC_GA,  IC_EPHSUP, IC_PASMAX, IC_PASID_BITS};

		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			pr_null(r, (size_t)cols[i], u->efr_err);
		return;
	}
	pr_hex(r, IC_EFR, a->efr);
	pr_hex(r, IC_EFR2, a->efr2);
	pr_bool(r, IC_GT, a->gt);
	pr_bool(r, IC_PPR, a->ppr);
	pr_bool(r, IC_GA, a->ga);
	pr_bool(r, IC_EPHSUP, a->ephsup);
	pr_num(r, IC_PASMAX, a->pasmax);
	pr_num(r, IC_PASID_BITS, a->pasmax + 1);
}

void iommu_row(struct printer *p, const struct ioasid_iommu *u, const struct ioasid_vtd_mode *mode)
{
	struct pr_row *r = pr_row(p);
	char ver[16];

	(void)mode;
	pr_str(r, IC_NAME, u->name);
	pr_str(r, IC_TYPE, ioasid_iommu_type_name(u->type));
	if (u->address_err)
		pr_null(r, IC_ADDRESS, u->address_err);
	else
		pr_str(r, IC_ADDRESS, u->address);
	if (u->version.err) {
		pr_null(r, IC_VERSION, u->version.err);
	} else {
		snprintf(ver, sizeof(ver), "%u:%u", (unsigned)(u->version.v >> 4),
			 (unsigned)(u->version.v & 15));
		pr_str(r, IC_VERSION, ver);
	}
	if (u->type == IOASID_IOMMU_VTD && u->scalable != IOASID_UNKNOWN)
		pr_str(r, IC_MODE, u->scalable == IOASID_YES ? "scalable" : "legacy");
	else
		pr_null(r, IC_MODE, 0);
	pr_tri(r, IC_PASID, u->pasid);
	pr_val(r, IC_MAX_PASIDS, &u->max_pasids);
	pr_tri(r, IC_PRS, u->prs);
	pr_val(r, IC_DOMAINS, &u->domains_supported);
	pr_val(r, IC_DOMAINS_USED, &u->domains_used);
	pr_val(r, IC_CAP, &u->cap);
	pr_val(r, IC_ECAP, &u->ecap);
	pr_num(r, IC_DEVICES, u->ndevices);
	if (u->type == IOASID_IOMMU_VTD) {
		vtd_bools(r, u);
	} else {
		const int cols[] = {IC_ERS, IC_SRS, IC_NEST,  IC_FLTS,	IC_SLTS,  IC_SMTS, IC_PDS,
				    IC_DT,  IC_CM,  IC_FL1GP, IC_FL5LP, IC_SAGAW, IC_MGAW};

		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			pr_null(r, (size_t)cols[i], 0);
		if (u->type != IOASID_IOMMU_AMD)
			pr_null(r, IC_PASID_BITS, 0);
	}
	if (u->type == IOASID_IOMMU_AMD) {
		amd_fields(r, u);
	} else {
		const int cols[] = {IC_EFR, IC_EFR2, IC_FEATURES_RULE, IC_GT,
				    IC_PPR, IC_GA,   IC_EPHSUP,	       IC_PASMAX};

		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			pr_null(r, (size_t)cols[i], 0);
	}
	if (u->type == IOASID_IOMMU_SMMU3) {
		smmu3_fields(r, u);
	} else {
		for (size_t c = IC_SMMU_FEATURES; c <= IC_FIRMWARE; c++)
			pr_null(r, c, 0);
	}
}
