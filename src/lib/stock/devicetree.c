// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device tree of an Arm host without ACPI, /sys/firmware/devicetree/base
 * (= /proc/device-tree; drivers/of/kobj.c __of_add_property_sysfs(): each
 * property a binary file of its raw value, cells big-endian). Read:
 *  - SMMUv3 nodes: compatible "arm,smmu-v3" (arm-smmu-v3.c
 *    arm_smmu_of_match, 6.12 :4729), reg (its first address, in the
 *    parent's #address-cells, 2 by default on arm64: of_n_addr_cells()),
 *    dma-coherent (of_dma_is_coherent(): the SMMU's coherent walks,
 *    arm_smmu_device_dt_probe() sets ARM_SMMU_FEAT_COHERENCY from it);
 *  - PCIe host nodes: device_type "pci" with iommu-map (of_iommu.c
 *    of_iommu_configure_dev_id() maps RIDs to the SMMU's StreamIDs) and
 *    ats-supported (of_pci_check_device_ats(), 6.12 :103: the root
 *    complex's ATS attribute, IOMMU_FWSPEC_PCI_RC_ATS).
 * Platform masters' dma-can-stall and pasid-num-bits are properties of
 * their own nodes (arm_smmu_probe_device()); they are not read here.
 * Only the root's children and grandchildren are visited (QEMU virt puts
 * both at the root, SoCs under a bus node), and only these files: the
 * tree itself may hold thousands.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "ioasid-dt.h"

IOASID_EXPORT bool ioasid_dt_compatible(const char *val, size_t len, const char *want)
{
	size_t w = strlen(want);

	for (size_t i = 0; i < len;) {
		const char *s = val + i;
		size_t n = strnlen(s, len - i);

		if (n == w && !memcmp(s, want, w))
			return true;
		i += n + 1;
	}
	return false;
}

IOASID_EXPORT int ioasid_dt_reg_base(const uint8_t *val, size_t len, unsigned addr_cells,
				     uint64_t *base)
{
	uint64_t v = 0;

	if (addr_cells < 1 || addr_cells > 2 || len < 4u * addr_cells)
		return -EINVAL;
	for (unsigned i = 0; i < addr_cells; i++)
		v = v << 32 | ((uint64_t)val[4 * i] << 24 | (uint64_t)val[4 * i + 1] << 16 |
			       (uint64_t)val[4 * i + 2] << 8 | val[4 * i + 3]);
	*base = v;
	return 0;
}

/* A property's raw value (at most 4 KiB); NULL when absent. */
static char *prop(struct ioasid_ctx *ctx, const char *node, const char *name, size_t *len)
{
	char *v = NULL;

	if (iopath_read_all(ctx, &v, len, 4096, PATH_SYS_DEVICETREE_BASE "/%s/%s", node, name) < 0)
		return NULL;
	return v;
}

static unsigned addr_cells(struct ioasid_ctx *ctx, const char *parent)
{
	size_t len = 0;
	char *v = NULL;
	unsigned n = 2; /* of_n_addr_cells(): OF_ROOT_NODE_ADDR_CELLS_DEFAULT */

	if (!parent[0])
		iopath_read_all(ctx, &v, &len, 64, PATH_SYS_DEVICETREE_BASE "/#address-cells");
	else
		v = prop(ctx, parent, "#address-cells", &len);

	if (v && len == 4)
		n = (unsigned)((uint8_t)v[0] << 24 | (uint8_t)v[1] << 16 | (uint8_t)v[2] << 8 |
			       (uint8_t)v[3]);
	free(v);
	return n;
}

static void visit(struct ioasid_ctx *ctx, const char *parent, const char *node,
		  struct ioasid_dt *out)
{
	size_t len = 0;
	char *v = prop(ctx, node, "compatible", &len);

	struct ioasid_dt_smmu3 *s;

	if (v && ioasid_dt_compatible(v, len, "arm,smmu-v3")) {
		free(v);
		if (out->nsmmu3 == IOASID_DT_MAX) {
			out->cut = true;
			return;
		}
		s = &out->smmu3[out->nsmmu3++];
		snprintf(s->node, sizeof(s->node), "%s", node);
		v = prop(ctx, node, "reg", &len);
		s->base_err = !v ? ENOENT
			      : ioasid_dt_reg_base((const uint8_t *)v, len, addr_cells(ctx, parent),
						   &s->base) < 0
				      ? EINVAL
				      : 0;
		free(v);
		s->dma_coherent =
			iopath_access(ctx, PATH_SYS_DEVICETREE_BASE "/%s/dma-coherent", node) == 0;
		return;
	}
	free(v);
	v = prop(ctx, node, "device_type", &len);
	if (v && len >= 3 && !memcmp(v, "pci", 3) && (len == 3 || v[3] == '\0') &&
	    iopath_access(ctx, PATH_SYS_DEVICETREE_BASE "/%s/iommu-map", node) == 0) {
		if (out->npcie == IOASID_DT_MAX) {
			out->cut = true;
		} else {
			struct ioasid_dt_pcie *p = &out->pcie[out->npcie++];

			snprintf(p->node, sizeof(p->node), "%s", node);
			p->iommu_map = true;
			p->ats_supported =
				iopath_access(ctx, PATH_SYS_DEVICETREE_BASE "/%s/ats-supported",
					      node) == 0;
		}
	}
	free(v);
}

IOASID_EXPORT int ioasid_dt_read(struct ioasid_ctx *ctx, struct ioasid_dt *out)
{
	char **top, **sub, path[256];
	size_t ntop, nsub;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = iopath_list(ctx, &top, &ntop, PATH_SYS_DEVICETREE_BASE);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < ntop; i++) {
		if (iopath_lstat_is_dir(ctx, PATH_SYS_DEVICETREE_BASE "/%s", top[i]) != 1)
			continue;
		visit(ctx, "", top[i], out);
		if (iopath_list(ctx, &sub, &nsub, PATH_SYS_DEVICETREE_BASE "/%s", top[i]) < 0)
			continue;
		for (size_t k = 0; k < nsub; k++) {
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", top[i], sub[k]) >=
				    sizeof(path) ||
			    iopath_lstat_is_dir(ctx, PATH_SYS_DEVICETREE_BASE "/%s", path) != 1)
				continue;
			visit(ctx, top[i], path, out);
		}
		iopath_names_free(sub, nsub);
	}
	iopath_names_free(top, ntop);
	return 0;
}
