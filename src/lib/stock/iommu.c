// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IOMMU units from /sys/class/iommu (drivers/iommu/iommu-sysfs.c).
 *  VT-d  dmarN/intel-iommu/{version,address,cap,ecap,domains_supported,
 *        domains_used}: drivers/iommu/intel/iommu.c version_show() "%d:%d\n",
 *        address_show() "%llx\n", cap_show()/ecap_show() "%llx\n",
 *        domains_supported_show() "%ld\n", domains_used_show() "%d\n".
 *  AMD   ivhdN/amd-iommu/{cap,features}: drivers/iommu/amd/init.c
 *        amd_iommu_show_cap() "%x\n", amd_iommu_show_features() (see amd.c).
 *  SMMUv3 "smmu3.%pa" (arm-smmu-v3.c): no attributes, the name holds the
 *        address as 0x + 16 hex digits.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "stock/smmu3.h"

IOASID_EXPORT const char *ioasid_iommu_type_name(enum ioasid_iommu_type t)
{
	switch (t) {
	case IOASID_IOMMU_VTD:
		return "vtd";
	case IOASID_IOMMU_AMD:
		return "amd";
	case IOASID_IOMMU_SMMU3:
		return "smmu3";
	default:
		return "other";
	}
}

static void read_vtd(struct ioasid_ctx *ctx, struct ioasid_iommu *u,
		     const struct ioasid_vtd_mode *mode)
{
	char line[64];
	unsigned maj, min;
	int rc;

	rc = iopath_read_line(ctx, line, sizeof(line), PATH_SYS_IOMMU_VTD_ATTR, u->name, "version");
	if (rc == 0 && sscanf(line, "%u:%u", &maj, &min) == 2 && maj < 16 && min < 16)
		u->version.v = maj << 4 | min;
	else
		u->version.err = rc < 0 ? -rc : EINVAL;
	u->address_err = -iopath_read_line(ctx, line, sizeof(line), PATH_SYS_IOMMU_VTD_ATTR,
					   u->name, "address");
	if (!u->address_err) {
		uint64_t a;

		if (ioasid_parse_u64(line, 16, &a) == 0)
			snprintf(u->address, sizeof(u->address), "%" PRIx64, a);
		else
			u->address_err = EINVAL;
	}
	iopath_read_val(ctx, &u->cap, 16, PATH_SYS_IOMMU_VTD_ATTR, u->name, "cap");
	iopath_read_val(ctx, &u->ecap, 16, PATH_SYS_IOMMU_VTD_ATTR, u->name, "ecap");
	iopath_read_val(ctx, &u->domains_supported, 10, PATH_SYS_IOMMU_VTD_ATTR, u->name,
			"domains_supported");
	iopath_read_val(ctx, &u->domains_used, 10, PATH_SYS_IOMMU_VTD_ATTR, u->name,
			"domains_used");

	u->scalable = u->pasid = u->prs = IOASID_UNKNOWN;
	u->max_pasids.err = ENODATA;
	if (u->cap.err || u->ecap.err)
		return;
	ioasid_vtd_decode(u->cap.v, u->ecap.v, &u->vtd);
	u->prs = u->vtd.prs ? IOASID_YES : IOASID_NO;
	if (mode->sm == IOASID_UNKNOWN)
		return;
	/* iommu.h: sm_supported = intel_iommu_sm && ecap_smts;
	 * pasid_supported = sm_supported && ecap_pasid;
	 * dmar.c alloc_iommu(): max_pasids = 2UL << ecap_pss if pasid_supported */
	u->scalable = mode->sm == IOASID_YES && u->vtd.smts ? IOASID_YES : IOASID_NO;
	u->pasid = u->scalable == IOASID_YES && u->vtd.pasid ? IOASID_YES : IOASID_NO;
	u->max_pasids.err = 0;
	u->max_pasids.v = u->pasid == IOASID_YES ? 2ull << u->vtd.pss : 0;
}

static void read_amd(struct ioasid_ctx *ctx, struct ioasid_iommu *u)
{
	uint64_t boot_efr = 0, boot_efr2 = 0, efr, efr2;
	const char *line;
	unsigned code = 0;
	int rc;

	iopath_read_val(ctx, &u->cap, 16, PATH_SYS_IOMMU_AMD_CAP, u->name);
	u->ecap.err = ENOENT;
	u->version.err = ENOENT;
	u->address_err = ENOENT;
	u->domains_supported.err = u->domains_used.err = ENOENT;
	u->scalable = IOASID_UNKNOWN;
	u->pasid = u->prs = IOASID_UNKNOWN;
	u->max_pasids.err = ENODATA;

	rc = iopath_read_line(ctx, u->features_raw, sizeof(u->features_raw),
			      PATH_SYS_IOMMU_AMD_FEATURES, u->name);
	if (rc < 0) {
		u->efr_err = -rc;
		return;
	}
	line = ioasid_kernel_log_find(ctx, "AMD-Vi: Extended features (");
	if (!line)
		line = ioasid_kernel_log_find(ctx, "Extended features (");
	if (line)
		ioasid_amd_parse_boot_line(line, &boot_efr, &boot_efr2);
	ioasid_kernel_version_code(ctx, &code);
	rc = ioasid_amd_parse_features(u->features_raw, boot_efr, code, &efr, &efr2,
				       &u->features_rule);
	if (rc < 0) {
		u->efr_err = -rc;
		return;
	}
	ioasid_amd_decode(efr, efr2, &u->amd);
	u->prs = u->amd.ppr ? IOASID_YES : IOASID_NO;
	/* Verified: 6.12 sets iommu.max_pasids from PASmax when GT (init.c
	 * iommu_init_pci()); 6.1 never sets it (0). In between unknown. */
	if (code >= IOASID_KVER(6, 12, 0)) {
		u->max_pasids.err = 0;
		u->max_pasids.v = u->amd.max_pasids;
	} else if (code && code < IOASID_KVER(6, 2, 0)) {
		u->max_pasids.err = 0;
		u->max_pasids.v = 0;
	}
	if (!u->max_pasids.err)
		u->pasid = u->max_pasids.v ? IOASID_YES : IOASID_NO;
}

static void read_unit(struct ioasid_ctx *ctx, struct ioasid_iommu *u,
		      const struct ioasid_vtd_mode *mode, unsigned nsmmu)
{
	char **devs;
	size_t n;

	if (iopath_access(ctx, PATH_SYS_IOMMU_VTD, u->name) == 0) {
		u->type = IOASID_IOMMU_VTD;
		read_vtd(ctx, u, mode);
	} else if (iopath_access(ctx, PATH_SYS_IOMMU_AMD, u->name) == 0) {
		u->type = IOASID_IOMMU_AMD;
		read_amd(ctx, u);
	} else {
		u->type = !strncmp(u->name, "smmu3.", 6) ? IOASID_IOMMU_SMMU3 : IOASID_IOMMU_OTHER;
		u->cap.err = u->ecap.err = u->version.err = ENOENT;
		u->domains_supported.err = u->domains_used.err = ENOENT;
		u->scalable = u->pasid = u->prs = IOASID_UNKNOWN;
		u->max_pasids.err = ENODATA; /* SMMU SSIDSIZE is not exported */
		u->address_err = ENOENT;
		if (u->type == IOASID_IOMMU_SMMU3) {
			uint64_t a;

			if (ioasid_parse_u64(u->name + 6, 16, &a) == 0) {
				snprintf(u->address, sizeof(u->address), "%" PRIx64, a);
				u->address_err = 0;
			}
			ioasid_smmu3_read(ctx, u, nsmmu);
			/* arm-smmu-v3.c arm_smmu_device_hw_probe(): PRI is a
			 * feature bit; SSIDSIZE (max_pasids) is not shown */
			u->prs = u->smmu3.pri;
		}
	}
	if (iopath_list(ctx, &devs, &n, PATH_SYS_IOMMU_DEVICES, u->name) == 0) {
		u->ndevices = (unsigned)n;
		iopath_names_free(devs, n);
	}
}

IOASID_EXPORT int ioasid_iommu_list(struct ioasid_ctx *ctx, struct ioasid_iommu_list *out)
{
	char **names;
	unsigned nsmmu = 0;
	size_t n;
	int rc;

	*out = (struct ioasid_iommu_list){.vtd_mode.sm = IOASID_UNKNOWN};
	rc = iopath_list(ctx, &names, &n, PATH_SYS_CLASS_IOMMU);
	if (rc == -ENOENT)
		return 0; /* no IOMMU class: a machine without IOMMU */
	if (rc < 0)
		return ioasid_set_error(ctx, rc, PATH_SYS_CLASS_IOMMU, "cannot list: %s",
					strerror(-rc));
	out->v = calloc(n ? n : 1, sizeof(*out->v));
	if (!out->v) {
		iopath_names_free(names, n);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		if (iopath_access(ctx, PATH_SYS_IOMMU_VTD, names[i]) == 0 &&
		    out->vtd_mode.rule[0] == '\0')
			ioasid_vtd_mode(ctx, &out->vtd_mode);
	}
	if (out->vtd_mode.rule[0] == '\0')
		out->vtd_mode.sm = IOASID_UNKNOWN;
	for (size_t i = 0; i < n; i++)
		nsmmu += !strncmp(names[i], "smmu3.", 6);
	for (size_t i = 0; i < n; i++) {
		struct ioasid_iommu *u = &out->v[out->n];

		if (strlen(names[i]) >= sizeof(u->name))
			continue;
		strcpy(u->name, names[i]);
		read_unit(ctx, u, &out->vtd_mode, nsmmu);
		out->n++;
	}
	iopath_names_free(names, n);
	return 0;
}

IOASID_EXPORT void ioasid_iommu_list_free(struct ioasid_iommu_list *l)
{
	free(l->v);
	*l = (struct ioasid_iommu_list){0};
}

IOASID_EXPORT const struct ioasid_iommu *ioasid_iommu_find(const struct ioasid_iommu_list *l,
							   const char *name)
{
	for (size_t i = 0; l && i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}
