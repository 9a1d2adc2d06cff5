/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The firmware's IOMMU tables: ACPI DMAR (Intel VT-d) and IVRS (AMD-Vi),
 * as /sys/firmware/acpi/tables exports them (root-only, mode 0400). */
#ifndef IOASID_ACPI_H
#define IOASID_ACPI_H

#include "ioasid-ctx.h"

#define IOASID_DMAR_MAX_UNITS 32
#define IOASID_DMAR_MAX_SCOPES 16
#define IOASID_DMAR_MAX_PATH 4
#define IOASID_IVRS_MAX_IVHD 32

/* One device scope entry (struct acpi_dmar_device_scope + its PCI path). */
struct ioasid_dmar_scope {
	uint8_t type;	/* 1 endpoint, 2 bridge, 3 IOAPIC, 4 HPET, 5 namespace */
	uint8_t bus;	/* start bus */
	unsigned npath; /* (device, function) pairs below the start bus */
	uint8_t path[IOASID_DMAR_MAX_PATH][2];
};

/* A DRHD, ATSR or SATC structure: segment, flag and device scopes. */
struct ioasid_dmar_unit {
	uint16_t type; /* 0 DRHD, 2 ATSR, 5 SATC */
	uint16_t segment;
	bool all;	  /* DRHD INCLUDE_PCI_ALL, ATSR ALL_PORTS, SATC ATC_REQUIRED */
	uint64_t address; /* DRHD register base */
	unsigned nscope;
	bool scopes_cut; /* more scopes than IOASID_DMAR_MAX_SCOPES */
	struct ioasid_dmar_scope scope[IOASID_DMAR_MAX_SCOPES];
};

struct ioasid_acpi_dmar {
	unsigned width; /* host address width, plus one */
	uint8_t flags;	/* DMAR_INTR_REMAP 1, X2APIC_OPT_OUT 2, PLATFORM_OPT_IN 4 */
	unsigned ndrhd, nrmrr, natsr, nrhsa, nandd, nsatc, nother;
	unsigned nunits; /* DRHD, ATSR and SATC kept in units[] */
	struct ioasid_dmar_unit units[IOASID_DMAR_MAX_UNITS];
	bool cut; /* a structure ran past the table end */
};

struct ioasid_ivhd {
	uint8_t type; /* 0x10, 0x11, 0x40 */
	uint8_t flags;
	uint16_t devid, cap_ptr, segment, info;
	uint64_t base;
	uint32_t attr; /* type 10h: IOMMU feature info; 11h/40h: attributes */
	bool has_efr;  /* types 11h and 40h carry an EFR image */
	uint64_t efr, efr2;
};

struct ioasid_acpi_ivrs {
	uint32_t info; /* IVinfo: bit 0 EFRSup, bit 1 DMA remap */
	unsigned nivhd, nivmd, nother;
	struct ioasid_ivhd ivhd[IOASID_IVRS_MAX_IVHD];
	bool cut;
};

/* IORT (Arm): include/acpi/actbl2.h acpi_table_iort, "IO Remapping Table
 * System Software on ARM Platforms", ARM DEN 0049E.e (6.12; E.d in 6.1). */
#define IOASID_IORT_MAX_NODES 64
#define IOASID_IORT_NODE_NC 0x01    /* ACPI_IORT_NODE_NAMED_COMPONENT */
#define IOASID_IORT_NODE_RC 0x02    /* ACPI_IORT_NODE_PCI_ROOT_COMPLEX */
#define IOASID_IORT_NODE_SMMU3 0x04 /* ACPI_IORT_NODE_SMMU_V3 */

struct ioasid_iort_node {
	uint8_t type, revision;
	uint16_t length;
	uint32_t offset; /* from the table start: what ID mappings reference */
	union {
		struct {		/* acpi_iort_smmu_v3 */
			uint64_t base;	/* base_address */
			uint32_t flags; /* COHACC_OVERRIDE 1, HTTU_OVERRIDE 3<<1, ... */
			uint32_t model; /* 0 generic, 1 HiSilicon Hi161x, 2 Cavium CN99xx */
		} smmu3;
		struct {			/* acpi_iort_root_complex */
			uint32_t ats_attribute; /* ATS 1, PRI 2, PASID_FWD 4 */
			uint32_t segment;
			bool has_pasid_caps;	  /* node revision >= 4 */
			unsigned pasid_max_width; /* pasid_capabilities bits 0-4 */
		} rc;
		struct {		     /* acpi_iort_named_component */
			uint32_t node_flags; /* STALL_SUPPORTED 1, PASID_BITS 31<<1 */
			char name[64];	     /* device_name (cut to fit) */
		} nc;
	} u;
};

struct ioasid_acpi_iort {
	uint8_t revision; /* the table's */
	unsigned nnodes;  /* nodes kept (SMMUv3, root complex, named component) */
	unsigned nsmmu3, nrc, nnc, nother;
	struct ioasid_iort_node nodes[IOASID_IORT_MAX_NODES];
	bool cut; /* more nodes than kept */
};

struct ioasid_acpi {
	int dmar_err, ivrs_err; /* 0, or why the table is not here (ENOENT,
				 * EACCES, EINVAL for a malformed table) */
	struct ioasid_acpi_dmar dmar;
	struct ioasid_acpi_ivrs ivrs;
};

/* Parse a whole IORT image as drivers/acpi/arm64/iort.c walks it: a table
 * whose header, node offset, a node's length or a node running past the
 * end is wrong is refused whole (-EINVAL), *why saying which (static). */
int ioasid_acpi_parse_iort(const uint8_t *buf, size_t len, struct ioasid_acpi_iort *out,
			   const char **why);
/* Read and parse /sys/firmware/acpi/tables/IORT: 0, or -errno (-ENOENT no
 * table, -EACCES not root, -EINVAL malformed: the context's last error
 * names the cause). */
int ioasid_acpi_read_iort(struct ioasid_ctx *ctx, struct ioasid_acpi_iort *out);

/* Parse a whole table image (header included). 0 or -EINVAL. */
int ioasid_acpi_parse_dmar(const uint8_t *buf, size_t len, struct ioasid_acpi_dmar *out);
int ioasid_acpi_parse_ivrs(const uint8_t *buf, size_t len, struct ioasid_acpi_ivrs *out);
/* Read and parse both tables of the context's host. Never fails: each
 * table carries its own errno. */
void ioasid_acpi_read(struct ioasid_ctx *ctx, struct ioasid_acpi *out);

#endif
