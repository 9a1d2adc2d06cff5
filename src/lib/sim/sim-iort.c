// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ACPI IORT table of the emulated Kunpeng 920 hosts (sim-arm.c), as
 * /sys/firmware/acpi/tables/IORT holds it (drivers/acpi/sysfs.c
 * acpi_table_show(): the firmware's bytes unchanged), in the layout of
 * include/acpi/actbl2.h (6.12: "Conforms to ... ARM DEN 0049E.e"), all
 * little-endian and packed:
 *
 *   struct acpi_table_header (actbl.h, 36 bytes; checksum so that all
 *     bytes sum to 0 mod 256), then struct acpi_table_iort: u32
 *     node_count, u32 node_offset, u32 reserved (48 bytes in all);
 *   nodes, struct acpi_iort_node: u8 type, u16 length, u8 revision, u32
 *     identifier, u32 mapping_count, u32 mapping_offset (16 bytes), the
 *     node data, then mapping_count struct acpi_iort_id_mapping {u32
 *     input_base, id_count, output_base, output_reference, flags} (20
 *     bytes; id_count is the number of IDs minus one: iort.c iort_id_map()
 *     accepts input_base .. input_base + id_count; output_reference is the
 *     target node's offset from the start of the table);
 *   ITS group (type 0): u32 its_count, u32 identifiers[];
 *   SMMUv3 (type 4), struct acpi_iort_smmu_v3: u64 base_address, u32
 *     flags, u32 reserved, u64 vatos_address, u32 model, u32 event_gsiv,
 *     pri_gsiv, gerr_gsiv, sync_gsiv, pxm, id_mapping_index (52 bytes);
 *   PCI root complex (type 2), struct acpi_iort_root_complex: u64
 *     memory_properties (struct acpi_iort_memory_access: u32
 *     cache_coherency, u8 hints, u16 reserved, u8 memory_flags), u32
 *     ats_attribute, u32 pci_segment_number, u8 memory_address_limit, u16
 *     pasid_capabilities (node revision 4 on; bits 4:0 the maximum PASID
 *     width), u8 reserved[] (zero up to the ID mappings).
 *
 * What the kernel takes from it (drivers/acpi/arm64/iort.c, 6.12):
 * iort_init_platform_devices() creates one arm-smmu-v3 platform device per
 * SMMUv3 node with the base address as its MMIO resource, which
 * arm-smmu-v3.c names "smmu3.%pa" in sysfs; arm_smmu_device_acpi_probe()
 * sets ARM_SMMU_FEAT_COHERENCY from flag COHACC_OVERRIDE (bit 0) and
 * HA/HD from HTTU_OVERRIDE (bits 2:1, left 0 here: no HTTU);
 * acpi_smmu_iort_probe_model() turns model HISILICON_HI161X (1) into
 * ARM_SMMU_OPT_SKIP_PREFETCH, so Kunpeng 920's SMMU (Hi1620, not Hi161x) is
 * model 0 (GENERIC): its boot log says "option mask 0x0" (see sim-arm.c);
 * iort_get_id_mapping_index() (iort.c:410-443) takes id_mapping_index only
 * from node revision 1, and from revision 5 (IORT E.e) only with flag
 * DEVICEID_VALID (bit 4); iort_pci_rc_supports_ats() reads ats_attribute
 * bit 0; iort_iommu_configure_id() maps a PCI function's requester ID
 * (bus << 8 | devfn) through the root complex's ID mappings to its SMMU
 * and StreamID.
 *
 * The emulated table (the values are the emulated host's own except the
 * SMMU base addresses, cited in sim-arm.c): table revision 5; an ITS group
 * (node revision 1) with one ITS, id 0; two SMMUv3 nodes (revision 5,
 * flags COHACC_OVERRIDE | DEVICEID_VALID, model 0, all GSIVs 0: the SMMU
 * signals with MSIs, feature MSI in its boot line), each with two ID
 * mappings: its StreamIDs to the ITS (DeviceID = StreamID) and, at
 * id_mapping_index 1, a single mapping for its own MSIs; a PCI root complex
 * (revision 4, segment 0, coherent, ATS supported, PASID width 16,
 * memory address limit 48) mapping requester IDs 0x7400-0x75ff (buses
 * 74-75: the ZIP's 0000:75:00.0) to the SMMU at 0x140000000 and
 * 0x0000-0x00ff (bus 0, root ports the host does not render) to the one at
 * 0x148000000, StreamID = requester ID. Node identifiers are the node's
 * index. The OEM fields name this emulated table, not a vendor's firmware.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "sim/sim.h"

/* actbl2.h enum acpi_iort_node_type */
enum { IORT_ITS_GROUP = 0, IORT_ROOT_COMPLEX = 2, IORT_SMMU_V3 = 4 };
/* actbl2.h flag masks */
#define SMMU_V3_COHACC_OVERRIDE 1u
#define SMMU_V3_DEVICEID_VALID (1u << 4)
#define IORT_ID_SINGLE_MAPPING 1u
#define IORT_ATS_SUPPORTED 1u

static void set_le(struct sim_buf *b, size_t at, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		b->p[at + i] = (char)(uint8_t)(v >> (8 * i));
}

/* Node header; length and mapping offset are set by node_end(). */
static int node_begin(struct sim_buf *b, unsigned type, unsigned rev, unsigned id, unsigned nmaps,
		      size_t *at)
{
	*at = b->len;
	int rc = sim_acpi_put(b, type, 1);

	rc = rc ?: sim_acpi_put(b, 0, 2); /* length */
	rc = rc ?: sim_acpi_put(b, rev, 1);
	rc = rc ?: sim_acpi_put(b, id, 4);
	rc = rc ?: sim_acpi_put(b, nmaps, 4);
	return rc ?: sim_acpi_put(b, 0, 4); /* mapping_offset */
}

/* The node data ended: the ID mappings start here. */
static void node_maps_here(struct sim_buf *b, size_t at)
{
	set_le(b, at + 12, b->len - at, 4);
}

static void node_end(struct sim_buf *b, size_t at)
{
	set_le(b, at + 1, b->len - at, 2);
}

static int id_map(struct sim_buf *b, uint32_t in, uint32_t count, uint32_t out, uint32_t ref,
		  uint32_t flags)
{
	int rc = sim_acpi_put(b, in, 4);

	rc = rc ?: sim_acpi_put(b, count - 1, 4); /* the number of IDs minus one */
	rc = rc ?: sim_acpi_put(b, out, 4);
	rc = rc ?: sim_acpi_put(b, ref, 4);
	return rc ?: sim_acpi_put(b, flags, 4);
}

struct iort_smmu {
	uint64_t base;
	uint32_t sid_first, sid_count; /* StreamIDs it takes */
	uint32_t msi_devid;	       /* its own MSIs' DeviceID at the ITS */
};

static int smmu_v3(struct sim_buf *b, const struct iort_smmu *s, unsigned id, uint32_t its_off)
{
	size_t at;
	int rc = node_begin(b, IORT_SMMU_V3, 5, id, 2, &at);

	rc = rc ?: sim_acpi_put(b, s->base, 8);
	rc = rc ?: sim_acpi_put(b, SMMU_V3_COHACC_OVERRIDE | SMMU_V3_DEVICEID_VALID, 4);
	rc = rc ?: sim_acpi_put(b, 0, 4); /* reserved */
	rc = rc ?: sim_acpi_put(b, 0, 8); /* vatos_address: none */
	rc = rc ?: sim_acpi_put(b, 0, 4); /* model: GENERIC */
	for (int i = 0; i < 4; i++)	  /* event, pri, gerr, sync GSIVs: MSIs instead */
		rc = rc ?: sim_acpi_put(b, 0, 4);
	rc = rc ?: sim_acpi_put(b, 0, 4); /* pxm: node 0 (PXM_VALID clear) */
	rc = rc ?: sim_acpi_put(b, 1, 4); /* id_mapping_index */
	if (rc)
		return rc;
	node_maps_here(b, at);
	rc = id_map(b, s->sid_first, s->sid_count, s->sid_first, its_off, 0);
	rc = rc ?: id_map(b, 0, 1, s->msi_devid, its_off, IORT_ID_SINGLE_MAPPING);
	if (!rc)
		node_end(b, at);
	return rc;
}

int sim_acpi_iort_kunpeng(struct sim_buf *b)
{
	static const struct iort_smmu smmu[] = {
		{0x140000000ull, 0x7400, 0x200, 0x10000},
		{0x148000000ull, 0x0000, 0x100, 0x10001},
	};
	uint32_t smmu_off[2], its_off;
	size_t at;
	int rc = sim_acpi_header(b, "IORT", 5, "HISI  ", "HISI", 0x20151124);

	rc = rc ?: sim_acpi_put(b, 4, 4);  /* node_count */
	rc = rc ?: sim_acpi_put(b, 48, 4); /* node_offset */
	rc = rc ?: sim_acpi_put(b, 0, 4);  /* reserved */
	if (rc)
		return rc;
	/* node 0: the ITS group */
	its_off = (uint32_t)b->len;
	rc = node_begin(b, IORT_ITS_GROUP, 1, 0, 0, &at);
	rc = rc ?: sim_acpi_put(b, 1, 4); /* its_count */
	rc = rc ?: sim_acpi_put(b, 0, 4); /* GIC ITS identifier 0 */
	if (rc)
		return rc;
	node_end(b, at);
	/* nodes 1, 2: the SMMUs */
	for (unsigned i = 0; i < 2 && !rc; i++) {
		smmu_off[i] = (uint32_t)b->len;
		rc = smmu_v3(b, &smmu[i], 1 + i, its_off);
	}
	/* node 3: the root complex */
	rc = rc ?: node_begin(b, IORT_ROOT_COMPLEX, 4, 3, 2, &at);
	rc = rc ?: sim_acpi_put(b, 1, 4); /* memory_properties.cache_coherency: COHERENT */
	rc = rc ?: sim_acpi_put(b, 0, 1); /* hints */
	rc = rc ?: sim_acpi_put(b, 0, 2); /* reserved */
	rc = rc ?: sim_acpi_put(b, 0, 1); /* memory_flags */
	rc = rc ?: sim_acpi_put(b, IORT_ATS_SUPPORTED, 4);
	rc = rc ?: sim_acpi_put(b, 0, 4);  /* pci_segment_number */
	rc = rc ?: sim_acpi_put(b, 48, 1); /* memory_address_limit */
	rc = rc ?: sim_acpi_put(b, 16, 2); /* pasid_capabilities: max PASID width 16 */
	rc = rc ?: sim_acpi_put(b, 0, 5);  /* reserved: zero up to the mappings */
	if (rc)
		return rc;
	node_maps_here(b, at);
	for (unsigned i = 0; i < 2 && !rc; i++)
		rc = id_map(b, smmu[i].sid_first, smmu[i].sid_count, smmu[i].sid_first, smmu_off[i],
			    0);
	if (rc)
		return rc;
	node_end(b, at);
	return sim_acpi_finish(b);
}
