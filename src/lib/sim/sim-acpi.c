// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ACPI DMAR table of the emulated Sapphire Rapids host, as
 * /sys/firmware/acpi/tables/DMAR holds it (drivers/acpi/sysfs.c
 * acpi_table_show(): the firmware's bytes unchanged), in the layout the
 * kernel parses (include/acpi/actbl1.h, drivers/iommu/intel/dmar.c
 * parse_dmar_table() and dmar_walk_remapping_entries()):
 *
 *   struct acpi_table_header (actbl.h, 36 bytes: signature, length,
 *     revision, checksum so that all bytes sum to 0 mod 256, OEM ids),
 *   struct acpi_table_dmar: u8 width (host address width - 1), u8 flags,
 *     u8 reserved[10];
 *   remapping structures, struct acpi_dmar_header {u16 type; u16 length}:
 *     DRHD (0) acpi_dmar_hardware_unit {hdr; u8 flags; u8 size;
 *       u16 segment; u64 address} + device scopes,
 *     ATSR (2) acpi_dmar_atsr {hdr; u8 flags; u8 reserved; u16 segment} +
 *       device scopes,
 *     RHSA (3) acpi_dmar_rhsa {hdr; u32 reserved; u64 base_address;
 *       u32 proximity_domain},
 *     SATC (5) acpi_dmar_satc {hdr; u8 flags; u8 reserved; u16 segment} +
 *       device scopes;
 *   device scope acpi_dmar_device_scope {u8 entry_type; u8 length;
 *     u16 reserved; u8 enumeration_id; u8 bus} + acpi_dmar_pci_path
 *     {u8 device; u8 function}.
 *
 * What a Sapphire Rapids firmware puts there, from coreboot's Xeon-SP
 * table writer (src/soc/intel/xeon_sp/uncore_acpi.c acpi_fill_dmar(),
 * which serves SPR): DMAR flags INTR_REMAP (x2APIC is not opted out);
 * one DRHD per IIO stack listing the stack's root ports as bridges and
 * the accelerator (IOAT) stacks' endpoints, the bus-0 stack's unit last
 * with INCLUDE_PCI_ALL, the PCH IOAPIC and the HPET; no RMRR; one ATSR per
 * socket (flags 0) listing the root ports of units with ecap DT (bit 2);
 * one RHSA per unit; one SATC per segment (flags 0: ATC not required)
 * listing the ATS-capable endpoints of the stacks (the DSA). SPR has no
 * per-stack IOAPIC ("SPR has no per stack IOAPIC or CBDMA devices").
 *
 * The emulated host renders two of the machine's VT-d units, so its table
 * has those two: dmar0 at d97fc000 (the register base of the real boot
 * line sim-platform.c cites) for a PCIe stack with root port 0000:15:01.0
 * (not rendered: the host shows no device behind it), and dmar1 at
 * e17fc000 for the accelerator stack of the DSA 0000:6a:01.0. The bus-0
 * unit with INCLUDE_PCI_ALL, the IOAPIC and the HPET belongs to a unit
 * the host does not render, and is left out with it. The host address
 * width 46 is SPR's physical address width (coreboot: haw =
 * cpu_phys_address_size() - 1; lscpu on Xeon Platinum 8468/8470, family 6
 * model 143, in published environment reports of vLLM and PyTorch issues:
 * "Address sizes: 46 bits physical, 57 bits virtual"). The OEM fields name
 * this emulated table, not a vendor's BIOS.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "sim/sim.h"

/* actbl1.h enum acpi_dmar_type and acpi_dmar_scope_type */
enum { DMAR_DRHD = 0, DMAR_ATSR = 2, DMAR_RHSA = 3, DMAR_SATC = 5 };
enum { SCOPE_ENDPOINT = 1, SCOPE_BRIDGE = 2 };

int sim_acpi_put(struct sim_buf *b, uint64_t v, unsigned bytes)
{
	uint8_t le[8];

	if (bytes > sizeof(le))
		return -EINVAL;
	for (unsigned i = 0; i < bytes; i++)
		le[i] = (uint8_t)(v >> (8 * i));
	return sim_buf_add(b, le, bytes);
}

int sim_acpi_header(struct sim_buf *b, const char sig[4], unsigned rev, const char oem[6],
		    const char creator[4], uint32_t creator_rev)
{
	int rc;

	b->len = 0;
	rc = sim_buf_add(b, sig, 4);
	rc = rc ?: sim_acpi_put(b, 0, 4);   /* length, set by sim_acpi_finish() */
	rc = rc ?: sim_acpi_put(b, rev, 1); /* revision */
	rc = rc ?: sim_acpi_put(b, 0, 1);   /* checksum, set by sim_acpi_finish() */
	rc = rc ?: sim_buf_add(b, oem, 6);
	rc = rc ?: sim_buf_add(b, "IOASIDSM", 8); /* OEM table ID: the emulated host's */
	rc = rc ?: sim_acpi_put(b, 1, 4);
	rc = rc ?: sim_buf_add(b, creator, 4);
	return rc ?: sim_acpi_put(b, creator_rev, 4);
}

int sim_acpi_finish(struct sim_buf *b)
{
	unsigned sum = 0;

	if (b->len > UINT32_MAX)
		return -EOVERFLOW;
	for (unsigned i = 0; i < 4; i++)
		b->p[4 + i] = (char)(uint8_t)(b->len >> (8 * i));
	for (size_t i = 0; i < b->len; i++)
		sum += (uint8_t)b->p[i];
	/* include/acpi/actbl.h: the checksum byte makes the sum 0 */
	b->p[9] = (char)(uint8_t)(0x100 - (sum & 0xff));
	return 0;
}

static void set16(struct sim_buf *b, size_t at, unsigned v)
{
	b->p[at] = (char)(v & 0xff);
	b->p[at + 1] = (char)(v >> 8);
}

/* A device scope naming one function on bus (one path element). */
static int scope(struct sim_buf *b, unsigned type, unsigned bus, unsigned dev, unsigned fn)
{
	int rc = sim_acpi_put(b, type, 1);

	rc = rc ?: sim_acpi_put(b, 8, 1);   /* length: 6 + one path pair */
	rc = rc ?: sim_acpi_put(b, 0, 2);   /* reserved */
	rc = rc ?: sim_acpi_put(b, 0, 1);   /* enumeration_id: only IOAPIC/HPET use it */
	rc = rc ?: sim_acpi_put(b, bus, 1); /* start bus */
	rc = rc ?: sim_acpi_put(b, dev, 1);
	return rc ?: sim_acpi_put(b, fn, 1);
}

/* Start a remapping structure; its length is set by end_struct(). */
static int begin_struct(struct sim_buf *b, unsigned type, size_t *at)
{
	*at = b->len;
	return sim_acpi_put(b, type, 2) ?: sim_acpi_put(b, 0, 2);
}

static void end_struct(struct sim_buf *b, size_t at)
{
	set16(b, at + 2, (unsigned)(b->len - at));
}

static int drhd(struct sim_buf *b, uint64_t base, unsigned type, unsigned bus, unsigned dev,
		unsigned fn)
{
	size_t at;
	int rc = begin_struct(b, DMAR_DRHD, &at);

	rc = rc ?: sim_acpi_put(b, 0, 1); /* flags: not INCLUDE_PCI_ALL */
	rc = rc ?: sim_acpi_put(b, 0, 1); /* size: 2^0 pages of registers */
	rc = rc ?: sim_acpi_put(b, 0, 2); /* segment 0 */
	rc = rc ?: sim_acpi_put(b, base, 8);
	rc = rc ?: scope(b, type, bus, dev, fn);
	if (!rc)
		end_struct(b, at);
	return rc;
}

static int rhsa(struct sim_buf *b, uint64_t base, unsigned node)
{
	size_t at;
	int rc = begin_struct(b, DMAR_RHSA, &at);

	rc = rc ?: sim_acpi_put(b, 0, 4);
	rc = rc ?: sim_acpi_put(b, base, 8);
	rc = rc ?: sim_acpi_put(b, node, 4);
	if (!rc)
		end_struct(b, at);
	return rc;
}

/* ATSR or SATC: flags 0, segment 0, one scope. */
static int listing(struct sim_buf *b, unsigned type, unsigned stype, unsigned bus, unsigned dev,
		   unsigned fn)
{
	size_t at;
	int rc = begin_struct(b, type, &at);

	rc = rc ?: sim_acpi_put(b, 0, 1);
	rc = rc ?: sim_acpi_put(b, 0, 1);
	rc = rc ?: sim_acpi_put(b, 0, 2);
	rc = rc ?: scope(b, stype, bus, dev, fn);
	if (!rc)
		end_struct(b, at);
	return rc;
}

int sim_acpi_dmar_spr(struct sim_buf *b)
{
	int rc = sim_acpi_header(b, "DMAR", 1, "INTEL ", "INTL", 0x20200925);

	rc = rc ?: sim_acpi_put(b, 46 - 1, 1); /* width: host address width - 1 */
	rc = rc ?: sim_acpi_put(b, 1, 1);      /* flags: ACPI_DMAR_INTR_REMAP */
	rc = rc ?: sim_acpi_put(b, 0, 8);      /* reserved[10] */
	rc = rc ?: sim_acpi_put(b, 0, 2);
	/* dmar0: a PCIe stack, root port 15:01.0; dmar1: the DSA's stack */
	rc = rc ?: drhd(b, 0xd97fc000, SCOPE_BRIDGE, 0x15, 0x01, 0);
	rc = rc ?: drhd(b, 0xe17fc000, SCOPE_ENDPOINT, 0x6a, 0x01, 0);
	rc = rc ?: listing(b, DMAR_ATSR, SCOPE_BRIDGE, 0x15, 0x01, 0);
	rc = rc ?: rhsa(b, 0xd97fc000, 0);
	rc = rc ?: rhsa(b, 0xe17fc000, 0);
	rc = rc ?: listing(b, DMAR_SATC, SCOPE_ENDPOINT, 0x6a, 0x01, 0);
	return rc ?: sim_acpi_finish(b);
}
