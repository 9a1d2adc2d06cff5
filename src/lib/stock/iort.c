// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ACPI IORT of an Arm host, /sys/firmware/acpi/tables/IORT
 * (drivers/acpi/sysfs.c: the table as the firmware gave it, root only).
 * Layout: include/acpi/actbl2.h (6.12 :460-620, "ARM DEN 0049E.e"; 6.1
 * :364-520, "E.d"), all little-endian and packed:
 *   acpi_table_iort: header (36), node_count u32 @36, node_offset u32 @40
 *   acpi_iort_node: type u8, length u16 @1, revision u8 @3, identifier,
 *     mapping_count, mapping_offset; node_data @16
 *   SMMUv3 (type 4): base_address u64 @16, flags u32 @24, model u32 @40
 *   root complex (type 2): memory_properties u64 @16, ats_attribute u32
 *     @24, pci_segment_number u32 @28, memory_address_limit u8 @32,
 *     pasid_capabilities u16 @33 from node revision 4 (DEN 0049E.b on)
 *   named component (type 1): node_flags u32 @16, memory_properties @20,
 *     memory_address_limit @28, device_name @29 (NUL-terminated)
 * The kernel walks node_count nodes from node_offset, each advancing by
 * its length, and stops at "iort node pointer overflows, bad table"
 * (iort.c iort_init_platform_devices(), 6.12 :1930-1933, 6.1 :1921-1924, and iort_scan_node(),
 * :245). What it takes from them: the SMMUv3's base (the platform device's
 * MMIO resource, arm_smmu_v3_init_resources()), COHACC_OVERRIDE (its
 * dma-coherent attribute), the root complex's ATS_SUPPORTED
 * (iort_pci_rc_supports_ats(), :1215, sets IOMMU_FWSPEC_PCI_RC_ATS for
 * arm_smmu_ats_supported()), the named component's STALL_SUPPORTED and
 * PASID_BITS (iort_named_component_init(), :1259: the "dma-can-stall" and
 * "pasid-num-bits" properties). The kernel reads no pasid_capabilities
 * (6.1, 6.12): kept for display.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/pathnames.h"

#define ACPI_HDR_LEN 36
#define IORT_HDR_LEN 48
#define IORT_NODE_HDR 16

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* The bytes a node type needs for the fields read here. */
static size_t need(uint8_t type)
{
	switch (type) {
	case IOASID_IORT_NODE_SMMU3:
		return IORT_NODE_HDR + 28; /* through model */
	case IOASID_IORT_NODE_RC:
		return IORT_NODE_HDR + 16; /* through pci_segment_number */
	case IOASID_IORT_NODE_NC:
		return IORT_NODE_HDR + 13; /* through memory_address_limit */
	default:
		return IORT_NODE_HDR;
	}
}

static void keep(const uint8_t *n, size_t nlen, uint32_t off, struct ioasid_iort_node *k)
{
	memset(k, 0, sizeof(*k));
	k->type = n[0];
	k->length = (uint16_t)nlen;
	k->revision = n[3];
	k->offset = off;
	switch (k->type) {
	case IOASID_IORT_NODE_SMMU3:
		k->u.smmu3.base = le64(n + 16);
		k->u.smmu3.flags = le32(n + 24);
		k->u.smmu3.model = le32(n + 40);
		break;
	case IOASID_IORT_NODE_RC:
		k->u.rc.ats_attribute = le32(n + 24);
		k->u.rc.segment = le32(n + 28);
		if (k->revision >= 4 && nlen >= IORT_NODE_HDR + 19) {
			k->u.rc.has_pasid_caps = true;
			k->u.rc.pasid_max_width = le16(n + 33) & 0x1f;
		}
		break;
	case IOASID_IORT_NODE_NC: {
		size_t i, max = nlen - (IORT_NODE_HDR + 13);
		const char *name = (const char *)n + IORT_NODE_HDR + 13;

		k->u.nc.node_flags = le32(n + 16);
		for (i = 0; i < max && i + 1 < sizeof(k->u.nc.name) && name[i]; i++)
			k->u.nc.name[i] = (char)((unsigned char)name[i] >= 0x20 &&
								 (unsigned char)name[i] < 0x7f
							 ? name[i]
							 : '?');
		break;
	}
	}
}

IOASID_EXPORT int ioasid_acpi_parse_iort(const uint8_t *buf, size_t len,
					 struct ioasid_acpi_iort *out, const char **why)
{
	uint32_t tlen, count, off;
	const char *w = NULL;

	memset(out, 0, sizeof(*out));
	if (!buf || len < IORT_HDR_LEN || memcmp(buf, "IORT", 4)) {
		w = "not an IORT table (signature or header)";
		goto bad;
	}
	tlen = le32(buf + 4);
	if (tlen < IORT_HDR_LEN || tlen > len) {
		w = tlen > len ? "the table is cut (header length past the file)"
			       : "header length below the IORT header";
		goto bad;
	}
	out->revision = buf[8];
	count = le32(buf + ACPI_HDR_LEN);
	off = le32(buf + ACPI_HDR_LEN + 4);
	if (count && (off < IORT_HDR_LEN || off >= tlen)) {
		w = "node offset outside the table";
		goto bad;
	}
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *n = buf + off;
		size_t nlen;

		/* iort.c: "iort node pointer overflows, bad table" */
		if (off >= tlen || tlen - off < IORT_NODE_HDR) {
			w = "a node runs past the table end (node count too large)";
			goto bad;
		}
		nlen = le16(n + 1);
		/* a zero length would loop the kernel on one node */
		if (nlen < IORT_NODE_HDR || nlen > tlen - off) {
			w = nlen < IORT_NODE_HDR ? "a node shorter than its header"
						 : "a node runs past the table end";
			goto bad;
		}
		if (nlen < need(n[0])) {
			w = "a node shorter than its type's fields";
			goto bad;
		}
		switch (n[0]) {
		case IOASID_IORT_NODE_SMMU3:
			out->nsmmu3++;
			break;
		case IOASID_IORT_NODE_RC:
			out->nrc++;
			break;
		case IOASID_IORT_NODE_NC:
			out->nnc++;
			break;
		default:
			out->nother++;
			break;
		}
		if (n[0] == IOASID_IORT_NODE_SMMU3 || n[0] == IOASID_IORT_NODE_RC ||
		    n[0] == IOASID_IORT_NODE_NC) {
			if (out->nnodes < IOASID_IORT_MAX_NODES)
				keep(n, nlen, off, &out->nodes[out->nnodes++]);
			else
				out->cut = true;
		}
		off += (uint32_t)nlen;
	}
	return 0;
bad:
	memset(out, 0, sizeof(*out));
	if (why)
		*why = w;
	return -EINVAL;
}

IOASID_EXPORT int ioasid_acpi_read_iort(struct ioasid_ctx *ctx, struct ioasid_acpi_iort *out)
{
	char *buf = NULL;
	const char *why = NULL;
	size_t len = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	/* IORT is small (a few KiB); 1 MiB bounds a hostile file */
	rc = iopath_read_all(ctx, &buf, &len, 1 << 20, PATH_SYS_ACPI_TABLE, "IORT");
	if (rc < 0)
		return rc;
	rc = ioasid_acpi_parse_iort((const uint8_t *)buf, len, out, &why);
	free(buf);
	if (rc < 0)
		return ioasid_set_error(ctx, EINVAL, PATH_SYS_ACPI_TABLES "/IORT",
					"malformed IORT: %s", why ? why : "bad table");
	return 0;
}
