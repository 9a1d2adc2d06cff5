// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The firmware's IOMMU tables, DMAR and IVRS, from
 * /sys/firmware/acpi/tables (drivers/acpi/sysfs.c exports each table as a
 * root-only binary file holding the table exactly as the firmware gave it).
 *
 * They answer the first question of the reason chain: did the platform
 * describe an IOMMU at all, and which root ports may use ATS (the kernel's
 * dmar_ats_supported() looks the root port up in the ATSR structures).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/pathnames.h"

/* include/acpi/actbl.h struct acpi_table_header: 36 bytes, length at 4. */
#define ACPI_HDR_LEN 36
/* include/acpi/actbl1.h struct acpi_table_dmar: header, width, flags,
 * reserved[10]. */
#define DMAR_HDR_LEN 48
/* include/acpi/actbl2.h struct acpi_table_ivrs: header, info, reserved u64;
 * drivers/iommu/amd/init.c IVRS_HEADER_LENGTH. */
#define IVRS_HDR_LEN 48

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

/* The table's own length, checked against what was read. */
static int table_len(const uint8_t *buf, size_t len, const char *sig, size_t min, size_t *tlen)
{
	if (!buf || len < min || memcmp(buf, sig, 4))
		return -EINVAL;
	*tlen = le32(buf + 4);
	if (*tlen < min)
		return -EINVAL;
	if (*tlen > len)
		*tlen = len; /* a cut file: parse what is there, flag it */
	return 0;
}

/*
 * Device scopes after a DRHD/ATSR/SATC body: include/acpi/actbl1.h struct
 * acpi_dmar_device_scope (entry_type, length, reserved, enumeration_id,
 * bus) followed by struct acpi_dmar_pci_path pairs (device, function);
 * drivers/iommu/intel/dmar.c dmar_alloc_dev_scope() walks them by length
 * and skips zero-length or overlong entries the same way.
 */
static void parse_scopes(const uint8_t *p, const uint8_t *end, struct ioasid_dmar_unit *u)
{
	while (p + 6 <= end) {
		unsigned slen = p[1];
		struct ioasid_dmar_scope *sc;

		if (slen < 6 || p + slen > end)
			break;
		if (u->nscope == IOASID_DMAR_MAX_SCOPES) {
			u->scopes_cut = true;
			break;
		}
		sc = &u->scope[u->nscope++];
		sc->type = p[0];
		sc->bus = p[5];
		sc->npath = 0;
		for (unsigned off = 6; off + 2 <= slen && sc->npath < IOASID_DMAR_MAX_PATH;
		     off += 2) {
			sc->path[sc->npath][0] = p[off];
			sc->path[sc->npath][1] = p[off + 1];
			sc->npath++;
		}
		p += slen;
	}
}

/*
 * drivers/iommu/intel/dmar.c dmar_walk_remapping_entries(): structures of
 * struct acpi_dmar_header {u16 type; u16 length}; a zero length ends the
 * walk, one running past the end is a firmware bug (-EINVAL there: here the
 * table is kept up to that point and marked cut).
 */
IOASID_EXPORT int ioasid_acpi_parse_dmar(const uint8_t *buf, size_t len,
					 struct ioasid_acpi_dmar *out)
{
	const uint8_t *p, *end;
	size_t tlen;

	memset(out, 0, sizeof(*out));
	if (table_len(buf, len, "DMAR", DMAR_HDR_LEN, &tlen) < 0)
		return -EINVAL;
	out->cut = tlen < le32(buf + 4);
	/* dmar.c parse_dmar_table(): "Host address width %d", width + 1 */
	out->width = buf[ACPI_HDR_LEN] + 1u;
	out->flags = buf[ACPI_HDR_LEN + 1];
	end = buf + tlen;
	for (p = buf + DMAR_HDR_LEN; p + 4 <= end;) {
		unsigned type = le16(p), slen = le16(p + 2);

		if (slen == 0)
			break;
		if (p + slen > end || slen < 4) {
			out->cut = true;
			break;
		}
		switch (type) {
		case 0: /* ACPI_DMAR_TYPE_HARDWARE_UNIT */
			out->ndrhd++;
			break;
		case 1: /* ACPI_DMAR_TYPE_RESERVED_MEMORY */
			out->nrmrr++;
			break;
		case 2: /* ACPI_DMAR_TYPE_ROOT_ATS */
			out->natsr++;
			break;
		case 3: /* ACPI_DMAR_TYPE_HARDWARE_AFFINITY */
			out->nrhsa++;
			break;
		case 4: /* ACPI_DMAR_TYPE_NAMESPACE */
			out->nandd++;
			break;
		case 5: /* ACPI_DMAR_TYPE_SATC */
			out->nsatc++;
			break;
		default: /* reserved: skipped for forward compatibility */
			out->nother++;
			break;
		}
		/* DRHD: flags, size, segment, address (16 bytes); ATSR and
		 * SATC: flags, reserved, segment (8 bytes) */
		if ((type == 0 && slen >= 16) || ((type == 2 || type == 5) && slen >= 8)) {
			if (out->nunits < IOASID_DMAR_MAX_UNITS) {
				struct ioasid_dmar_unit *u = &out->units[out->nunits++];

				memset(u, 0, sizeof(*u));
				u->type = (uint16_t)type;
				u->all = p[4] & 1; /* INCLUDE_ALL, ALL_PORTS, ATC_REQUIRED */
				u->segment = le16(p + 6);
				u->address = type == 0 ? le64(p + 8) : 0;
				parse_scopes(p + (type == 0 ? 16 : 8), p + slen, u);
			} else {
				out->cut = true;
			}
		}
		p += slen;
	}
	return 0;
}

/*
 * drivers/iommu/amd/init.c: the IVinfo word at IOMMU_IVINFO_OFFSET (36),
 * then blocks from IVRS_HEADER_LENGTH on, each starting with struct
 * ivhd_header {u8 type; u8 flags; u16 length; u16 devid; u16 cap_ptr;
 * u64 mmio_phys; u16 pci_seg; u16 info; u32 efr_attr; then for types 11h
 * and 40h u64 efr_reg (an exact copy of MMIO_EXT_FEATURES) and u64
 * efr_reg2}, stepped by length as init_iommu_all() does; IVMD blocks are
 * types 20h-22h.
 */
IOASID_EXPORT int ioasid_acpi_parse_ivrs(const uint8_t *buf, size_t len,
					 struct ioasid_acpi_ivrs *out)
{
	const uint8_t *p, *end;
	size_t tlen;

	memset(out, 0, sizeof(*out));
	if (table_len(buf, len, "IVRS", IVRS_HDR_LEN, &tlen) < 0)
		return -EINVAL;
	out->cut = tlen < le32(buf + 4);
	out->info = le32(buf + ACPI_HDR_LEN);
	end = buf + tlen;
	for (p = buf + IVRS_HDR_LEN; p + 4 <= end;) {
		unsigned type = p[0], blen = le16(p + 2);

		if (blen < 4) {
			out->cut = true; /* would loop forever */
			break;
		}
		if (p + blen > end) {
			out->cut = true;
			break;
		}
		if ((type == 0x10 || type == 0x11 || type == 0x40) && blen >= 24) {
			if (out->nivhd < IOASID_IVRS_MAX_IVHD) {
				struct ioasid_ivhd *h = &out->ivhd[out->nivhd++];

				memset(h, 0, sizeof(*h));
				h->type = (uint8_t)type;
				h->flags = p[1];
				h->devid = le16(p + 4);
				h->cap_ptr = le16(p + 6);
				h->base = le64(p + 8);
				h->segment = le16(p + 16);
				h->info = le16(p + 18);
				h->attr = le32(p + 20);
				if (type != 0x10 && blen >= 40) {
					h->has_efr = true;
					h->efr = le64(p + 24);
					h->efr2 = le64(p + 32);
				}
			} else {
				out->cut = true;
			}
		} else if (type >= 0x20 && type <= 0x22) {
			out->nivmd++;
		} else {
			out->nother++;
		}
		p += blen;
	}
	return 0;
}

static int read_table(struct ioasid_ctx *ctx, const char *sig, uint8_t **buf, size_t *len)
{
	char *text = NULL;
	int rc;

	/* tables are small (a DMAR with hundreds of scopes is a few KiB) */
	rc = iopath_read_all(ctx, &text, len, 1u << 20, PATH_SYS_ACPI_TABLE, sig);
	if (rc < 0)
		return rc;
	*buf = (uint8_t *)text;
	return 0;
}

IOASID_EXPORT void ioasid_acpi_read(struct ioasid_ctx *ctx, struct ioasid_acpi *out)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = read_table(ctx, "DMAR", &buf, &len);
	if (rc == 0)
		rc = ioasid_acpi_parse_dmar(buf, len, &out->dmar);
	out->dmar_err = rc < 0 ? -rc : 0;
	free(buf);
	buf = NULL;
	rc = read_table(ctx, "IVRS", &buf, &len);
	if (rc == 0)
		rc = ioasid_acpi_parse_ivrs(buf, len, &out->ivrs);
	out->ivrs_err = rc < 0 ? -rc : 0;
	free(buf);
}
