// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ACPI DMAR and IVRS parsers (acpi.c). Images are built byte by byte
 * from the layouts the kernel reads them with:
 *   include/acpi/actbl.h   struct acpi_table_header (36 bytes, length at 4)
 *   include/acpi/actbl1.h  struct acpi_table_dmar {header; u8 width; u8 flags;
 *                          u8 reserved[10]} (48 bytes), struct acpi_dmar_header
 *                          {u16 type; u16 length}, acpi_dmar_hardware_unit
 *                          {hdr; u8 flags; u8 size; u16 segment; u64 address},
 *                          acpi_dmar_atsr / acpi_dmar_satc {hdr; u8 flags;
 *                          u8 reserved; u16 segment}, acpi_dmar_device_scope
 *                          {u8 entry_type; u8 length; u16 reserved;
 *                          u8 enumeration_id; u8 bus} + acpi_dmar_pci_path
 *                          {u8 device; u8 function} pairs
 *   include/acpi/actbl2.h  struct acpi_table_ivrs {header; u32 info; u64 reserved}
 *   drivers/iommu/amd/init.c struct ivhd_header {u8 type; u8 flags; u16 length;
 *                          u16 devid; u16 cap_ptr; u64 mmio_phys; u16 pci_seg;
 *                          u16 info; u32 efr_attr; u64 efr_reg; u64 efr_reg2}
 *                          (efr_reg* only in types 11h and 40h),
 *                          IVRS_HEADER_LENGTH 48
 * and walked as drivers/iommu/intel/dmar.c dmar_walk_remapping_entries()
 * (zero length ends the walk, past the end is a firmware bug) and
 * drivers/iommu/amd/init.c init_iommu_all() (step by ivhd_header.length).
 * The three QEMU tables are the ones committed under tests/data/vm, decoded
 * by hand below.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ioasid.h"
#include "ioasid-acpi.h"
#include "sysroot.h"

/* ---- byte builders ---- */

struct img {
	uint8_t b[8192];
	size_t n;
};

static void put8(struct img *m, unsigned v)
{
	m->b[m->n++] = (uint8_t)v;
}

static void put16(struct img *m, unsigned v)
{
	put8(m, v & 0xff);
	put8(m, (v >> 8) & 0xff);
}

static void put32(struct img *m, uint32_t v)
{
	put16(m, v & 0xffff);
	put16(m, v >> 16);
}

static void put64(struct img *m, uint64_t v)
{
	put32(m, (uint32_t)v);
	put32(m, (uint32_t)(v >> 32));
}

static void set16(struct img *m, size_t at, unsigned v)
{
	m->b[at] = (uint8_t)v;
	m->b[at + 1] = (uint8_t)(v >> 8);
}

static void set32(struct img *m, size_t at, uint32_t v)
{
	set16(m, at, v & 0xffff);
	set16(m, at + 2, v >> 16);
}

/* struct acpi_table_header with the signature; length patched by fin(). */
static void acpi_header(struct img *m, const char *sig)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->b, sig, 4);
	m->n = 4;
	put32(m, 0); /* length */
	put8(m, 1);  /* revision */
	put8(m, 0);  /* checksum (not checked by the kernel walkers) */
	memcpy(m->b + m->n, "TESTOEMTESTTABL", 14);
	m->n += 14;	      /* oem_id[6], oem_table_id[8] */
	put32(m, 1);	      /* oem_revision */
	put32(m, 0x54534554); /* asl_compiler_id */
	put32(m, 1);	      /* asl_compiler_revision */
	assert_int_equal(m->n, 36);
}

static void fin(struct img *m)
{
	set32(m, 4, (uint32_t)m->n);
}

/* acpi_table_dmar: header, width (HAW - 1), flags, reserved[10] */
static void dmar_header(struct img *m, unsigned width_minus_one, unsigned flags)
{
	acpi_header(m, "DMAR");
	put8(m, width_minus_one);
	put8(m, flags);
	for (int i = 0; i < 10; i++)
		put8(m, 0);
	assert_int_equal(m->n, 48);
}

/* Open a remapping structure; returns its start for close_struct(). */
static size_t open_drhd(struct img *m, unsigned flags, unsigned seg, uint64_t addr)
{
	size_t at = m->n;

	put16(m, 0); /* ACPI_DMAR_TYPE_HARDWARE_UNIT */
	put16(m, 0);
	put8(m, flags);
	put8(m, 0); /* size */
	put16(m, seg);
	put64(m, addr);
	return at;
}

/* ATSR (type 2) or SATC (type 5): flags, reserved, segment */
static size_t open_small(struct img *m, unsigned type, unsigned flags, unsigned seg)
{
	size_t at = m->n;

	put16(m, type);
	put16(m, 0);
	put8(m, flags);
	put8(m, 0);
	put16(m, seg);
	return at;
}

static void close_struct(struct img *m, size_t at)
{
	set16(m, at + 2, (unsigned)(m->n - at));
}

/* A device scope with npath (device, function) pairs. */
static void scope(struct img *m, unsigned type, unsigned bus, unsigned npath,
		  const uint8_t path[][2])
{
	put8(m, type);
	put8(m, 6 + 2 * npath);
	put16(m, 0);
	put8(m, 0); /* enumeration_id */
	put8(m, bus);
	for (unsigned i = 0; i < npath; i++) {
		put8(m, path[i][0]);
		put8(m, path[i][1]);
	}
}

static void ivrs_header(struct img *m, uint32_t info)
{
	acpi_header(m, "IVRS");
	put32(m, info);
	put64(m, 0);
	assert_int_equal(m->n, 48);
}

/* An IVHD of the given type; types 11h/40h get efr/efr2, 40 bytes total,
 * type 10h 24 bytes; extra device-entry bytes follow (4-byte entries). */
static void ivhd(struct img *m, unsigned type, unsigned flags, unsigned devid, uint64_t base,
		 unsigned seg, uint32_t attr, uint64_t efr, uint64_t efr2, unsigned extra)
{
	size_t at = m->n;

	put8(m, type);
	put8(m, flags);
	put16(m, 0);
	put16(m, devid);
	put16(m, 0x40); /* cap_ptr */
	put64(m, base);
	put16(m, seg);
	put16(m, 0); /* info */
	put32(m, attr);
	if (type != 0x10) {
		put64(m, efr);
		put64(m, efr2);
	}
	for (unsigned i = 0; i < extra; i++)
		put8(m, i % 4 == 0 ? 0x02 : 0); /* IVHD_DEV_SELECT entries */
	set16(m, at + 2, (unsigned)(m->n - at));
}

/* ---- the QEMU tables (tests/data/vm/.../sys/firmware/acpi/tables) ---- */

/*
 * 6.12-vtd-sm DMAR (also 6.1-vtd-sm), xxd:
 * 00: 444d 4152 7800 0000 010b 424f 4348 5320  "DMAR", length 0x78, rev 1
 * 10: 4258 5043 2020 2020 0100 0000 4258 5043
 * 20: 0100 0000 2601 0000 0000 0000 0000 0000  width 0x26 (HAW 39), flags 1
 * 30: 0000 4800 0000 0000 0000 d9fe 0000 0000  DRHD len 0x48, flags 0, seg 0,
 *                                              address 0xfed90000
 * 40: 0308 0000 00ff 0000                      IOAPIC, bus 0xff, path 00.0
 * 48: 0108 0000 0000 0000                      endpoint 00:00.0
 * 50: 0208 0000 0000 0100                      bridge 00:01.0
 * 58: 0208 0000 0000 0200                      bridge 00:02.0
 * 60: 0108 0000 0000 1f00                      endpoint 00:1f.0
 * 68: 0108 0000 0000 1f02                      endpoint 00:1f.2
 * 70: 0108 0000 0000 1f03                      endpoint 00:1f.3
 * No ATSR, no SATC.
 */
static const uint8_t qemu_dmar_sm[] = {
	0x44, 0x4d, 0x41, 0x52, 0x78, 0x00, 0x00, 0x00, 0x01, 0x0b, 0x42, 0x4f, 0x43, 0x48, 0x53,
	0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20, 0x01, 0x00, 0x00, 0x00, 0x42, 0x58,
	0x50, 0x43, 0x01, 0x00, 0x00, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xd9, 0xfe,
	0x00, 0x00, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0x01, 0x08, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x08, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x08,
	0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x1f, 0x00, 0x01,
	0x08, 0x00, 0x00, 0x00, 0x00, 0x1f, 0x02, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x1f, 0x03,
};

/*
 * 6.12-vtd-legacy DMAR: the same bytes with length 0x80, checksum 0xf8 and
 * one more structure at 0x78:
 * 78: 0200 0800 0100 0000                      ATSR len 8, flags 1 (ALL_PORTS),
 *                                              segment 0, no scopes
 */
static void qemu_dmar_legacy(uint8_t out[128])
{
	static const uint8_t atsr[8] = {0x02, 0x00, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00};

	memcpy(out, qemu_dmar_sm, sizeof(qemu_dmar_sm));
	out[4] = 0x80;
	out[9] = 0xf8;
	memcpy(out + 0x78, atsr, sizeof(atsr));
}

/*
 * 6.12-amd IVRS, xxd:
 * 00: 4956 5253 7c00 0000 01f7 424f 4348 5320  "IVRS", length 0x7c
 * 10: 4258 5043 2020 2020 0100 0000 4258 5043
 * 20: 0100 0000 0028 0000 0000 0000 0000 0000  IVinfo 0x00002800 (EFRSup 0)
 * 30: 10d1 4c00 0800 4000 0000 d8fe 0000 0000  IVHD type 10h, flags 0xd1,
 *                                              len 0x4c, devid 0x0008 (00:01.0),
 *                                              cap_ptr 0x40, base 0xfed80000
 * 40: 0000 0000 4400 0000                      seg 0, info 0, attr 0x44
 * 48: 0200 0000 0208 0000 0210 0000 0300 0100  device entries up to 0x7c
 * 58: 04ff 0100 0218 0000 0300 0200 04ff 0200
 * 68: 02f8 0000 02fa 0000 02fb 0000 4800 0000
 * 78: 00a0 0001
 */
static const uint8_t qemu_ivrs[] = {
	0x49, 0x56, 0x52, 0x53, 0x7c, 0x00, 0x00, 0x00, 0x01, 0xf7, 0x42, 0x4f, 0x43, 0x48,
	0x53, 0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20, 0x01, 0x00, 0x00, 0x00,
	0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xd1, 0x4c, 0x00, 0x08, 0x00, 0x40, 0x00,
	0x00, 0x00, 0xd8, 0xfe, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x44, 0x00,
	0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x00, 0x00, 0x02, 0x10, 0x00, 0x00,
	0x03, 0x00, 0x01, 0x00, 0x04, 0xff, 0x01, 0x00, 0x02, 0x18, 0x00, 0x00, 0x03, 0x00,
	0x02, 0x00, 0x04, 0xff, 0x02, 0x00, 0x02, 0xf8, 0x00, 0x00, 0x02, 0xfa, 0x00, 0x00,
	0x02, 0xfb, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x00, 0x01,
};

/* The copies above must be the committed files (when the source tree is
 * known: `make check` exports top_srcdir). */
static void same_as_file(const char *rel, const uint8_t *buf, size_t len)
{
	const char *top = getenv("top_srcdir");
	char path[512];
	uint8_t got[256];
	size_t n;
	FILE *f;

	if (!top)
		return;
	snprintf(path, sizeof(path), "%s/tests/data/vm/%s", top, rel);
	f = fopen(path, "rb");
	if (!f)
		return;
	n = fread(got, 1, sizeof(got), f);
	fclose(f);
	assert_int_equal(n, len);
	assert_memory_equal(got, buf, len);
}

static void assert_scope(const struct ioasid_dmar_scope *s, unsigned type, unsigned bus,
			 unsigned dev, unsigned fn)
{
	assert_int_equal(s->type, type);
	assert_int_equal(s->bus, bus);
	assert_int_equal(s->npath, 1);
	assert_int_equal(s->path[0][0], dev);
	assert_int_equal(s->path[0][1], fn);
}

static void test_qemu_dmar_sm(void **state)
{
	struct ioasid_acpi_dmar d;
	const struct ioasid_dmar_unit *u;

	(void)state;
	same_as_file("6.12-vtd-sm/sysroot/sys/firmware/acpi/tables/DMAR", qemu_dmar_sm,
		     sizeof(qemu_dmar_sm));
	assert_int_equal(ioasid_acpi_parse_dmar(qemu_dmar_sm, sizeof(qemu_dmar_sm), &d), 0);
	assert_false(d.cut);
	/* dmar.c parse_dmar_table(): "Host address width %d", width + 1 */
	assert_int_equal(d.width, 39);
	assert_int_equal(d.flags, 1); /* DMAR_INTR_REMAP */
	assert_int_equal(d.ndrhd, 1);
	assert_int_equal(d.natsr, 0);
	assert_int_equal(d.nsatc, 0);
	assert_int_equal(d.nrmrr, 0);
	assert_int_equal(d.nother, 0);
	assert_int_equal(d.nunits, 1);
	u = &d.units[0];
	assert_int_equal(u->type, 0);
	assert_false(u->all);
	assert_int_equal(u->segment, 0);
	assert_true(u->address == 0xfed90000ull);
	assert_int_equal(u->nscope, 7);
	assert_false(u->scopes_cut);
	assert_scope(&u->scope[0], 3, 0xff, 0, 0);
	assert_scope(&u->scope[1], 1, 0, 0, 0);
	assert_scope(&u->scope[2], 2, 0, 1, 0);
	assert_scope(&u->scope[3], 2, 0, 2, 0);
	assert_scope(&u->scope[4], 1, 0, 0x1f, 0);
	assert_scope(&u->scope[5], 1, 0, 0x1f, 2);
	assert_scope(&u->scope[6], 1, 0, 0x1f, 3);
}

static void test_qemu_dmar_legacy(void **state)
{
	struct ioasid_acpi_dmar d;
	uint8_t b[128];

	(void)state;
	qemu_dmar_legacy(b);
	same_as_file("6.12-vtd-legacy/sysroot/sys/firmware/acpi/tables/DMAR", b, sizeof(b));
	assert_int_equal(ioasid_acpi_parse_dmar(b, sizeof(b), &d), 0);
	assert_false(d.cut);
	assert_int_equal(d.width, 39);
	assert_int_equal(d.ndrhd, 1);
	assert_int_equal(d.natsr, 1);
	assert_int_equal(d.nunits, 2);
	assert_int_equal(d.units[0].nscope, 7);
	assert_int_equal(d.units[1].type, 2);
	assert_true(d.units[1].all); /* ACPI_DMAR_ALL_PORTS */
	assert_int_equal(d.units[1].segment, 0);
	assert_int_equal(d.units[1].nscope, 0);
}

static void test_qemu_ivrs(void **state)
{
	struct ioasid_acpi_ivrs v;
	const struct ioasid_ivhd *h;

	(void)state;
	same_as_file("6.12-amd/sysroot/sys/firmware/acpi/tables/IVRS", qemu_ivrs,
		     sizeof(qemu_ivrs));
	assert_int_equal(ioasid_acpi_parse_ivrs(qemu_ivrs, sizeof(qemu_ivrs), &v), 0);
	assert_false(v.cut);
	assert_int_equal(v.info, 0x2800);
	assert_int_equal(v.nivhd, 1);
	assert_int_equal(v.nivmd, 0);
	assert_int_equal(v.nother, 0);
	h = &v.ivhd[0];
	assert_int_equal(h->type, 0x10);
	assert_int_equal(h->flags, 0xd1);
	assert_int_equal(h->devid, 0x0008);
	assert_int_equal(h->cap_ptr, 0x40);
	assert_true(h->base == 0xfed80000ull);
	assert_int_equal(h->segment, 0);
	assert_int_equal(h->info, 0);
	assert_int_equal(h->attr, 0x44);
	assert_false(h->has_efr); /* type 10h carries no EFR image */
}

/* The file readers on a sysroot: both tables, one, none, empty. */
static void test_read_sysroot(void **state)
{
	struct sysroot *sr = sr_new();
	struct ioasid_ctx *ctx;
	struct ioasid_acpi a;

	(void)state;
	sr_write_bytes(sr, "/sys/firmware/acpi/tables/DMAR", qemu_dmar_sm, sizeof(qemu_dmar_sm));
	sr_write_bytes(sr, "/sys/firmware/acpi/tables/IVRS", qemu_ivrs, sizeof(qemu_ivrs));
	ctx = sr_ctx(sr);
	ioasid_acpi_read(ctx, &a);
	assert_int_equal(a.dmar_err, 0);
	assert_int_equal(a.ivrs_err, 0);
	assert_int_equal(a.dmar.ndrhd, 1);
	assert_int_equal(a.dmar.units[0].nscope, 7);
	assert_int_equal(a.ivrs.nivhd, 1);
	ioasid_ctx_free(ctx);

	sr_unlink(sr, "/sys/firmware/acpi/tables/IVRS");
	sr_write(sr, "/sys/firmware/acpi/tables/DMAR", ""); /* empty file */
	ctx = sr_ctx(sr);
	ioasid_acpi_read(ctx, &a);
	assert_int_equal(a.dmar_err, EINVAL);
	assert_int_equal(a.ivrs_err, ENOENT);
	ioasid_ctx_free(ctx);

	/* no tables directory at all (a device-tree host) */
	sr_unlink(sr, "/sys/firmware/acpi/tables/DMAR");
	ctx = sr_ctx(sr);
	ioasid_acpi_read(ctx, &a);
	assert_int_equal(a.dmar_err, ENOENT);
	assert_int_equal(a.ivrs_err, ENOENT);
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

static int read_unpriv(struct ioasid_ctx *ctx, void *arg)
{
	struct ioasid_acpi a;

	(void)arg;
	ioasid_acpi_read(ctx, &a);
	/* 1: both report EACCES, and nothing parsed leaks into the result */
	return a.dmar_err == EACCES && a.ivrs_err == EACCES && a.dmar.ndrhd == 0 &&
	       a.ivrs.nivhd == 0;
}

/* drivers/acpi/sysfs.c acpi_table_attr_init(): mode 0400, root only */
static void test_read_eacces(void **state)
{
	struct sysroot *sr = sr_new();
	int result = -1;

	(void)state;
	sr_write_bytes(sr, "/sys/firmware/acpi/tables/DMAR", qemu_dmar_sm, sizeof(qemu_dmar_sm));
	sr_write_bytes(sr, "/sys/firmware/acpi/tables/IVRS", qemu_ivrs, sizeof(qemu_ivrs));
	sr_chmod(sr, "/sys/firmware/acpi/tables/DMAR", 0);
	sr_chmod(sr, "/sys/firmware/acpi/tables/IVRS", 0);
	if (!sr_run_unprivileged(sr, read_unpriv, NULL, &result)) {
		sr_free(sr);
		skip();
	}
	assert_int_equal(result, 1);
	sr_free(sr);
}

/* DRHD, ATSR and SATC with multi-level scopes; RMRR, RHSA, ANDD and a
 * reserved type counted and skipped. */
static void test_dmar_built(void **state)
{
	static const uint8_t p1[][2] = {{0x1c, 0}};
	static const uint8_t p3[][2] = {{3, 0}, {0, 0}, {2, 1}};
	static const uint8_t p2[][2] = {{1, 0}, {0, 3}};
	static const uint8_t p5[][2] = {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 7}};
	struct ioasid_acpi_dmar d;
	struct img *m = calloc(1, sizeof(*m));
	size_t at;

	(void)state;
	assert_non_null(m);
	dmar_header(m, 45, 0x05); /* HAW 46; INTR_REMAP | DMA_CTRL_PLATFORM_OPT_IN */
	at = open_drhd(m, 0, 1, 0xfedc0000ull);
	scope(m, 2, 0x80, 3, p3); /* bridge, 3-level path */
	scope(m, 1, 0x00, 1, p1);
	close_struct(m, at);
	at = open_drhd(m, 1, 0, 0x1234567890ull); /* INCLUDE_PCI_ALL */
	close_struct(m, at);
	at = open_small(m, 1, 0, 0); /* RMRR: reserved, segment, base, limit */
	put64(m, 0x7b800000);
	put64(m, 0x7fffffff);
	scope(m, 1, 0, 1, p1);
	close_struct(m, at);
	at = open_small(m, 2, 0, 1); /* ATSR, explicit ports */
	scope(m, 2, 0x80, 2, p2);
	scope(m, 2, 0x00, 1, p1);
	close_struct(m, at);
	at = open_small(m, 3, 0, 0); /* RHSA: reserved, base, proximity */
	put64(m, 0xfedc0000ull);
	put32(m, 1);
	close_struct(m, at);
	at = open_small(m, 4, 0, 0); /* ANDD */
	put8(m, 1);
	put8(m, 'X');
	close_struct(m, at);
	at = open_small(m, 5, 1, 0); /* SATC, ATC_REQUIRED */
	scope(m, 1, 0, 5, p5);	     /* longer than IOASID_DMAR_MAX_PATH: kept cut */
	close_struct(m, at);
	at = open_small(m, 9, 0, 0); /* reserved type */
	close_struct(m, at);
	fin(m);

	assert_int_equal(ioasid_acpi_parse_dmar(m->b, m->n, &d), 0);
	assert_false(d.cut);
	assert_int_equal(d.width, 46);
	assert_int_equal(d.flags, 5);
	assert_int_equal(d.ndrhd, 2);
	assert_int_equal(d.nrmrr, 1);
	assert_int_equal(d.natsr, 1);
	assert_int_equal(d.nrhsa, 1);
	assert_int_equal(d.nandd, 1);
	assert_int_equal(d.nsatc, 1);
	assert_int_equal(d.nother, 1);
	assert_int_equal(d.nunits, 4); /* DRHD, DRHD, ATSR, SATC */

	assert_int_equal(d.units[0].type, 0);
	assert_int_equal(d.units[0].segment, 1);
	assert_true(d.units[0].address == 0xfedc0000ull);
	assert_false(d.units[0].all);
	assert_int_equal(d.units[0].nscope, 2);
	assert_int_equal(d.units[0].scope[0].type, 2);
	assert_int_equal(d.units[0].scope[0].bus, 0x80);
	assert_int_equal(d.units[0].scope[0].npath, 3);
	assert_memory_equal(d.units[0].scope[0].path, p3, sizeof(p3));
	assert_scope(&d.units[0].scope[1], 1, 0, 0x1c, 0);

	assert_true(d.units[1].all);
	assert_true(d.units[1].address == 0x1234567890ull);
	assert_int_equal(d.units[1].nscope, 0);

	assert_int_equal(d.units[2].type, 2);
	assert_false(d.units[2].all);
	assert_int_equal(d.units[2].segment, 1);
	assert_int_equal(d.units[2].nscope, 2);
	assert_int_equal(d.units[2].scope[0].npath, 2);
	assert_memory_equal(d.units[2].scope[0].path, p2, sizeof(p2));
	assert_scope(&d.units[2].scope[1], 2, 0, 0x1c, 0);

	assert_int_equal(d.units[3].type, 5);
	assert_true(d.units[3].all);
	assert_int_equal(d.units[3].nscope, 1);
	assert_int_equal(d.units[3].scope[0].npath, IOASID_DMAR_MAX_PATH);
	assert_memory_equal(d.units[3].scope[0].path, p5, sizeof(d.units[3].scope[0].path));
	free(m);
}

/* Scopes: too many for the array, zero-length and overlong entries (the
 * kernel's dmar_alloc_dev_scope() walk stops on them). */
static void test_dmar_scopes_malformed(void **state)
{
	static const uint8_t p1[][2] = {{2, 0}};
	struct ioasid_acpi_dmar d;
	struct img *m = calloc(1, sizeof(*m));
	size_t at;

	(void)state;
	assert_non_null(m);
	dmar_header(m, 38, 0);
	at = open_drhd(m, 0, 0, 0xfed90000ull);
	for (unsigned i = 0; i < IOASID_DMAR_MAX_SCOPES + 3; i++)
		scope(m, 1, i, 1, p1);
	close_struct(m, at);
	at = open_drhd(m, 0, 0, 0xfed91000ull);
	scope(m, 1, 1, 1, p1);
	put8(m, 1); /* a scope of length 0 */
	put8(m, 0);
	put16(m, 0);
	put16(m, 0);
	scope(m, 1, 2, 1, p1); /* never reached */
	close_struct(m, at);
	at = open_drhd(m, 0, 0, 0xfed92000ull);
	scope(m, 1, 3, 1, p1);
	put8(m, 1); /* a scope claiming 40 bytes, 8 left */
	put8(m, 40);
	put16(m, 0);
	put16(m, 0);
	put16(m, 0);
	close_struct(m, at);
	fin(m);

	assert_int_equal(ioasid_acpi_parse_dmar(m->b, m->n, &d), 0);
	assert_false(d.cut); /* the structures themselves are sound */
	assert_int_equal(d.nunits, 3);
	assert_int_equal(d.units[0].nscope, IOASID_DMAR_MAX_SCOPES);
	assert_true(d.units[0].scopes_cut);
	assert_int_equal(d.units[0].scope[IOASID_DMAR_MAX_SCOPES - 1].bus,
			 IOASID_DMAR_MAX_SCOPES - 1);
	assert_int_equal(d.units[1].nscope, 1);
	assert_int_equal(d.units[1].scope[0].bus, 1);
	assert_int_equal(d.units[2].nscope, 1);
	assert_int_equal(d.units[2].scope[0].bus, 3);
	assert_true(d.units[2].address == 0xfed92000ull);
	free(m);
}

static void test_dmar_malformed(void **state)
{
	struct ioasid_acpi_dmar d;
	struct img *m = calloc(1, sizeof(*m));
	uint8_t b[128];
	size_t at;

	(void)state;
	assert_non_null(m);
	memcpy(b, qemu_dmar_sm, sizeof(qemu_dmar_sm));

	/* wrong signature; an IVRS is not a DMAR */
	b[0] = 'X';
	assert_int_equal(ioasid_acpi_parse_dmar(b, sizeof(qemu_dmar_sm), &d), -EINVAL);
	assert_int_equal(ioasid_acpi_parse_dmar(qemu_ivrs, sizeof(qemu_ivrs), &d), -EINVAL);
	assert_int_equal(d.nunits, 0);
	b[0] = 'D';

	/* empty, NULL, shorter than the 48-byte DMAR header */
	assert_int_equal(ioasid_acpi_parse_dmar(b, 0, &d), -EINVAL);
	assert_int_equal(ioasid_acpi_parse_dmar(NULL, 0, &d), -EINVAL);
	assert_int_equal(ioasid_acpi_parse_dmar(b, 47, &d), -EINVAL);

	/* the header's length below the header size */
	b[4] = 40;
	assert_int_equal(ioasid_acpi_parse_dmar(b, sizeof(qemu_dmar_sm), &d), -EINVAL);

	/* exactly the header: valid, nothing described */
	b[4] = 48;
	assert_int_equal(ioasid_acpi_parse_dmar(b, sizeof(qemu_dmar_sm), &d), 0);
	assert_int_equal(d.ndrhd, 0);
	assert_int_equal(d.nunits, 0);
	assert_false(d.cut);

	/* a file shorter than its length field (cut while copying): parsed up
	 * to the cut, flagged; the DRHD that no longer fits is not counted */
	b[4] = 0x78;
	assert_int_equal(ioasid_acpi_parse_dmar(b, 0x60, &d), 0);
	assert_true(d.cut);
	assert_int_equal(d.ndrhd, 0);
	assert_int_equal(d.width, 39);

	/* a length field of 4 GiB - 1 over 120 bytes */
	b[4] = b[5] = b[6] = b[7] = 0xff;
	assert_int_equal(ioasid_acpi_parse_dmar(b, sizeof(qemu_dmar_sm), &d), 0);
	assert_true(d.cut);
	assert_int_equal(d.ndrhd, 1);
	assert_int_equal(d.units[0].nscope, 7);
	b[4] = 0x78;
	b[5] = b[6] = b[7] = 0;

	/* zero-length structure: dmar_walk_remapping_entries() stops there
	 * (pr_debug "Invalid 0-length structure"), not an error */
	dmar_header(m, 38, 0);
	at = open_drhd(m, 0, 0, 0xfed90000ull);
	close_struct(m, at);
	put16(m, 2);
	put16(m, 0); /* ATSR of length 0 */
	put32(m, 0);
	at = open_drhd(m, 0, 0, 0xfed91000ull); /* never reached */
	close_struct(m, at);
	fin(m);
	assert_int_equal(ioasid_acpi_parse_dmar(m->b, m->n, &d), 0);
	assert_false(d.cut);
	assert_int_equal(d.ndrhd, 1);
	assert_int_equal(d.natsr, 0);

	/* a structure running past the table end: "Record passes table end" */
	dmar_header(m, 38, 0);
	at = open_drhd(m, 0, 0, 0xfed90000ull);
	close_struct(m, at);
	at = open_small(m, 2, 1, 0);
	close_struct(m, at);
	set16(m, at + 2, 200);
	fin(m);
	assert_int_equal(ioasid_acpi_parse_dmar(m->b, m->n, &d), 0);
	assert_true(d.cut);
	assert_int_equal(d.ndrhd, 1);
	assert_int_equal(d.natsr, 0);
	assert_int_equal(d.nunits, 1);

	/* a structure of length 1..3 cannot hold its own header */
	dmar_header(m, 38, 0);
	put16(m, 0);
	put16(m, 3);
	put32(m, 0);
	fin(m);
	assert_int_equal(ioasid_acpi_parse_dmar(m->b, m->n, &d), 0);
	assert_true(d.cut);
	assert_int_equal(d.ndrhd, 0);

	/* a DRHD too short for its address (8 bytes): counted, not kept */
	dmar_header(m, 38, 0);
	at = open_small(m, 0, 1, 0);
	close_struct(m, at);
	fin(m);
	assert_int_equal(ioasid_acpi_parse_dmar(m->b, m->n, &d), 0);
	assert_int_equal(d.ndrhd, 1);
	assert_int_equal(d.nunits, 0);

	/* more units than IOASID_DMAR_MAX_UNITS: counted, the array is full,
	 * the table is flagged */
	dmar_header(m, 38, 0);
	for (unsigned i = 0; i < IOASID_DMAR_MAX_UNITS + 5; i++) {
		at = open_drhd(m, 0, 0, 0xfe000000ull + i * 0x1000);
		close_struct(m, at);
	}
	fin(m);
	assert_int_equal(ioasid_acpi_parse_dmar(m->b, m->n, &d), 0);
	assert_true(d.cut);
	assert_int_equal(d.ndrhd, IOASID_DMAR_MAX_UNITS + 5);
	assert_int_equal(d.nunits, IOASID_DMAR_MAX_UNITS);
	assert_true(d.units[IOASID_DMAR_MAX_UNITS - 1].address ==
		    0xfe000000ull + (IOASID_DMAR_MAX_UNITS - 1) * 0x1000);
	free(m);
}

/* IVHD types 11h and 40h carry the EFR image (ivhd_header.efr_reg, "an
 * exact copy of MMIO_EXT_FEATURES") and EFR2; IVMD types 20h-22h. */
static void test_ivrs_built(void **state)
{
	struct ioasid_acpi_ivrs v;
	struct img *m = calloc(1, sizeof(*m));
	size_t at;

	(void)state;
	assert_non_null(m);
	ivrs_header(m, 0x00203041); /* EFRSup (bit 0), VA/PA sizes */
	ivhd(m, 0x10, 0x3e, 0x0002, 0xfd200000ull, 0, 0x80048f6e, 0, 0, 8);
	ivhd(m, 0x11, 0x30, 0x0022, 0xfd300000ull, 1, 0x00000400, 0x0000f77ef22294adull, 0x1ull,
	     12);
	at = m->n; /* IVMD type 21h: 32 bytes */
	put8(m, 0x21);
	put8(m, 0x08);
	put16(m, 32);
	for (int i = 0; i < 28; i++)
		put8(m, 0);
	ivhd(m, 0x40, 0x30, 0x0042, 0xfd400000ull, 2, 0x00000200, 0x246577efa2254afaull, 0x2ull, 4);
	at = m->n; /* an unknown block type */
	put8(m, 0x50);
	put8(m, 0);
	put16(m, 8);
	put32(m, 0);
	(void)at;
	fin(m);

	assert_int_equal(ioasid_acpi_parse_ivrs(m->b, m->n, &v), 0);
	assert_false(v.cut);
	assert_int_equal(v.info, 0x00203041);
	assert_int_equal(v.nivhd, 3);
	assert_int_equal(v.nivmd, 1);
	assert_int_equal(v.nother, 1);
	assert_int_equal(v.ivhd[0].type, 0x10);
	assert_false(v.ivhd[0].has_efr);
	assert_int_equal(v.ivhd[0].attr, 0x80048f6e);
	assert_int_equal(v.ivhd[0].devid, 2);
	assert_int_equal(v.ivhd[1].type, 0x11);
	assert_int_equal(v.ivhd[1].flags, 0x30);
	assert_int_equal(v.ivhd[1].devid, 0x22);
	assert_int_equal(v.ivhd[1].segment, 1);
	assert_true(v.ivhd[1].base == 0xfd300000ull);
	assert_true(v.ivhd[1].has_efr);
	assert_true(v.ivhd[1].efr == 0x0000f77ef22294adull);
	assert_true(v.ivhd[1].efr2 == 1);
	assert_int_equal(v.ivhd[2].type, 0x40);
	assert_int_equal(v.ivhd[2].segment, 2);
	assert_true(v.ivhd[2].has_efr);
	assert_true(v.ivhd[2].efr == 0x246577efa2254afaull);
	assert_true(v.ivhd[2].efr2 == 2);
	free(m);
}

static void test_ivrs_malformed(void **state)
{
	struct ioasid_acpi_ivrs v;
	struct img *m = calloc(1, sizeof(*m));
	uint8_t b[sizeof(qemu_ivrs)];

	(void)state;
	assert_non_null(m);
	memcpy(b, qemu_ivrs, sizeof(b));
	b[3] = 'T';
	assert_int_equal(ioasid_acpi_parse_ivrs(b, sizeof(b), &v), -EINVAL);
	assert_int_equal(ioasid_acpi_parse_ivrs(qemu_dmar_sm, sizeof(qemu_dmar_sm), &v), -EINVAL);
	b[3] = 'S';
	assert_int_equal(ioasid_acpi_parse_ivrs(b, 0, &v), -EINVAL);
	assert_int_equal(ioasid_acpi_parse_ivrs(NULL, 0, &v), -EINVAL);
	assert_int_equal(ioasid_acpi_parse_ivrs(b, 47, &v), -EINVAL);
	b[4] = 47; /* length below IVRS_HEADER_LENGTH */
	assert_int_equal(ioasid_acpi_parse_ivrs(b, sizeof(b), &v), -EINVAL);
	b[4] = 0x7c;

	/* cut file: the IVHD (0x30 + 0x4c) no longer fits */
	assert_int_equal(ioasid_acpi_parse_ivrs(b, 0x60, &v), 0);
	assert_true(v.cut);
	assert_int_equal(v.nivhd, 0);
	assert_int_equal(v.info, 0x2800);

	/* an IVHD 10h shorter than its 24-byte header: not an IVHD we keep */
	ivrs_header(m, 0);
	put8(m, 0x10);
	put8(m, 0);
	put16(m, 16);
	for (int i = 0; i < 12; i++)
		put8(m, 0);
	/* a type 11h of 24 bytes: no room for the EFR image */
	ivhd(m, 0x10, 0, 0, 0xfd000000ull, 0, 0, 0, 0, 0);
	m->b[m->n - 24] = 0x11;
	fin(m);
	assert_int_equal(ioasid_acpi_parse_ivrs(m->b, m->n, &v), 0);
	assert_false(v.cut);
	assert_int_equal(v.nivhd, 1);
	assert_int_equal(v.nother, 1);
	assert_int_equal(v.ivhd[0].type, 0x11);
	assert_false(v.ivhd[0].has_efr);

	/* zero-length block: would loop forever in a naive walk */
	ivrs_header(m, 0);
	ivhd(m, 0x10, 0, 0, 0xfd000000ull, 0, 0, 0, 0, 0);
	put8(m, 0x11);
	put8(m, 0);
	put16(m, 0);
	put32(m, 0);
	fin(m);
	assert_int_equal(ioasid_acpi_parse_ivrs(m->b, m->n, &v), 0);
	assert_true(v.cut);
	assert_int_equal(v.nivhd, 1);

	/* a block past the end */
	ivrs_header(m, 0);
	ivhd(m, 0x40, 0, 0, 0xfd000000ull, 0, 0, 1, 0, 0);
	set16(m, 48 + 2, 400);
	fin(m);
	assert_int_equal(ioasid_acpi_parse_ivrs(m->b, m->n, &v), 0);
	assert_true(v.cut);
	assert_int_equal(v.nivhd, 0);

	/* too many IVHDs */
	ivrs_header(m, 0);
	for (unsigned i = 0; i < IOASID_IVRS_MAX_IVHD + 2; i++)
		ivhd(m, 0x10, 0, i, 0xfd000000ull + i, 0, 0, 0, 0, 0);
	fin(m);
	assert_int_equal(ioasid_acpi_parse_ivrs(m->b, m->n, &v), 0);
	assert_true(v.cut);
	assert_int_equal(v.nivhd, IOASID_IVRS_MAX_IVHD);
	assert_int_equal(v.ivhd[IOASID_IVRS_MAX_IVHD - 1].devid, IOASID_IVRS_MAX_IVHD - 1);
	free(m);
}

/* Every prefix and every single-byte corruption of the real tables parses
 * without a crash (ASan/UBSan catch out-of-bounds reads). */
static void test_prefixes(void **state)
{
	struct ioasid_acpi_dmar d;
	struct ioasid_acpi_ivrs v;
	uint8_t b[256];

	(void)state;
	for (size_t n = 0; n <= sizeof(qemu_dmar_sm); n++) {
		uint8_t *copy = malloc(n ? n : 1);

		memcpy(copy, qemu_dmar_sm, n);
		int rc = ioasid_acpi_parse_dmar(copy, n, &d);

		assert_int_equal(rc, n < 48 ? -EINVAL : 0);
		if (rc == 0)
			assert_int_equal(d.cut, n < sizeof(qemu_dmar_sm));
		free(copy);
	}
	for (size_t n = 0; n <= sizeof(qemu_ivrs); n++) {
		uint8_t *copy = malloc(n ? n : 1);

		memcpy(copy, qemu_ivrs, n);
		int rc = ioasid_acpi_parse_ivrs(copy, n, &v);

		assert_int_equal(rc, n < 48 ? -EINVAL : 0);
		if (rc == 0)
			assert_int_equal(v.cut, n < sizeof(qemu_ivrs));
		free(copy);
	}
	for (size_t i = 0; i < sizeof(qemu_dmar_sm); i++)
		for (unsigned x = 0; x < 256; x += 17) {
			memcpy(b, qemu_dmar_sm, sizeof(qemu_dmar_sm));
			b[i] = (uint8_t)x;
			(void)ioasid_acpi_parse_dmar(b, sizeof(qemu_dmar_sm), &d);
		}
}

/*
 * IORT (iort.c), built byte by byte as include/acpi/actbl2.h lays it out
 * (6.12 :460-620, ARM DEN 0049E.e): acpi_table_iort {header; u32
 * node_count; u32 node_offset; u32 reserved} (48 bytes), acpi_iort_node
 * {u8 type; u16 length; u8 revision; u32 identifier; u32 mapping_count;
 * u32 mapping_offset} (16), then acpi_iort_smmu_v3 {u64 base_address; u32
 * flags; u32 reserved; u64 vatos_address; u32 model; ...} (52),
 * acpi_iort_root_complex {u64 memory_properties; u32 ats_attribute; u32
 * pci_segment_number; u8 memory_address_limit; u16 pasid_capabilities
 * (node revision 4); u8 reserved[]}, acpi_iort_named_component {u32
 * node_flags; u64 memory_properties; u8 memory_address_limit; char
 * device_name[]}. The SMMUv3 base is QEMU virt's (hw/arm/virt.c
 * VIRT_SMMU 0x09050000); the rest exercises each field.
 */
static void le16w(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void le32w(uint8_t *p, uint32_t v)
{
	le16w(p, v & 0xffff);
	le16w(p + 2, v >> 16);
}

static void le64w(uint8_t *p, uint64_t v)
{
	le32w(p, (uint32_t)v);
	le32w(p + 4, (uint32_t)(v >> 32));
}

/* A node header at off: type, length, revision; the body zeroed. */
static void iort_node(uint8_t *b, size_t off, uint8_t type, uint16_t len, uint8_t rev)
{
	memset(b + off, 0, len);
	b[off] = type;
	le16w(b + off + 1, len);
	b[off + 3] = rev;
}

/* SMMUv3 at 48 (68 bytes), root complex at 116 (36), named component at
 * 152 (40): 192 bytes. */
static size_t iort_image(uint8_t *b, uint32_t count)
{
	memset(b, 0, 512);
	memcpy(b, "IORT", 4);
	b[8] = 5; /* table revision (E.e) */
	le32w(b + 36, count);
	le32w(b + 40, 48);
	/* SMMUv3: base 0x9050000, COHACC_OVERRIDE, model 1 (HiSilicon Hi161x) */
	iort_node(b, 48, 4, 68, 4);
	le64w(b + 48 + 16, 0x9050000);
	le32w(b + 48 + 24, 1);
	le32w(b + 48 + 40, 1);
	/* root complex, revision 4: ATS|PRI, segment 0, PASID width 20 */
	iort_node(b, 116, 2, 36, 4);
	le32w(b + 116 + 24, 3);
	b[116 + 32] = 48;
	le16w(b + 116 + 33, 20);
	/* named component: STALL_SUPPORTED, PASID_BITS 16, "\_SB.ZIP0" */
	iort_node(b, 152, 1, 40, 4);
	le32w(b + 152 + 16, 1u | 16u << 1);
	memcpy(b + 152 + 29, "\\_SB.ZIP0", 10);
	le32w(b + 4, 192);
	return 192;
}

static void test_iort_built(void **state)
{
	uint8_t b[512];
	size_t len = iort_image(b, 3);
	struct ioasid_acpi_iort t;
	const char *why = NULL;

	(void)state;
	assert_int_equal(ioasid_acpi_parse_iort(b, len, &t, &why), 0);
	assert_int_equal(t.revision, 5);
	assert_int_equal(t.nnodes, 3);
	assert_int_equal(t.nsmmu3, 1);
	assert_int_equal(t.nrc, 1);
	assert_int_equal(t.nnc, 1);
	assert_int_equal(t.nodes[0].type, IOASID_IORT_NODE_SMMU3);
	assert_int_equal(t.nodes[0].u.smmu3.base, 0x9050000);
	assert_int_equal(t.nodes[0].u.smmu3.flags, 1);
	assert_int_equal(t.nodes[0].u.smmu3.model, 1);
	assert_int_equal(t.nodes[0].offset, 48);
	assert_int_equal(t.nodes[1].u.rc.ats_attribute, 3);
	assert_true(t.nodes[1].u.rc.has_pasid_caps);
	assert_int_equal(t.nodes[1].u.rc.pasid_max_width, 20);
	assert_int_equal(t.nodes[2].u.nc.node_flags & 1, 1);
	assert_int_equal(t.nodes[2].u.nc.node_flags >> 1 & 31, 16);
	assert_string_equal(t.nodes[2].u.nc.name, "\\_SB.ZIP0");
	/* revision 3 root complex: no pasid_capabilities */
	b[116 + 3] = 3;
	assert_int_equal(ioasid_acpi_parse_iort(b, len, &t, &why), 0);
	assert_false(t.nodes[1].u.rc.has_pasid_caps);
}

/* Hostile tables: each refused whole with its cause (iort.c stops at
 * "iort node pointer overflows, bad table"). */
static void test_iort_malformed(void **state)
{
	uint8_t b[512];
	size_t len;
	struct ioasid_acpi_iort t;
	const char *why;
	struct {
		const char *what;
		const char *why;
	} cases[] = {
		{"signature", "not an IORT"},
		{"cut", "the table is cut"},
		{"offset", "node offset outside"},
		{"count", "node count too large"},
		{"zero", "shorter than its header"},
		{"past", "runs past the table end"},
		{"short", "shorter than its type's fields"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = iort_image(b, 3);
		if (i == 0)
			memcpy(b, "DMAR", 4);
		else if (i == 1)
			len -= 10; /* the file shorter than the header's length */
		else if (i == 2)
			le32w(b + 40, 4000);
		else if (i == 3)
			le32w(b + 36, 4);
		else if (i == 4)
			le16w(b + 48 + 1, 0);
		else if (i == 5)
			le16w(b + 152 + 1, 400);
		else
			le16w(b + 48 + 1, 20);
		why = NULL;
		assert_int_equal(ioasid_acpi_parse_iort(b, len, &t, &why), -EINVAL);
		assert_non_null(why);
		if (!strstr(why, cases[i].why))
			fail_msg("%s: \"%s\" lacks \"%s\"", cases[i].what, why, cases[i].why);
		assert_int_equal(t.nnodes, 0);
	}
	assert_int_equal(ioasid_acpi_parse_iort(NULL, 0, &t, &why), -EINVAL);
	assert_int_equal(ioasid_acpi_parse_iort(b, 47, &t, &why), -EINVAL);
}

/* Through the context: the error names the table and the cause. */
static void test_iort_read(void **state)
{
	struct sysroot *sr = sr_new();
	struct ioasid_acpi_iort t;
	struct ioasid_ctx *ctx;
	uint8_t b[512];
	size_t len = iort_image(b, 3);

	(void)state;
	sr_write_bytes(sr, "/sys/firmware/acpi/tables/IORT", b, len);
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_acpi_read_iort(ctx, &t), 0);
	assert_int_equal(t.nsmmu3, 1);
	ioasid_ctx_free(ctx);
	le32w(b + 36, 9);
	sr_write_bytes(sr, "/sys/firmware/acpi/tables/IORT", b, len);
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_acpi_read_iort(ctx, &t), -EINVAL);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "/sys/firmware/acpi/tables/IORT");
	assert_non_null(strstr(ioasid_ctx_last_error(ctx)->message, "node count too large"));
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_dmar_sm),
		cmocka_unit_test(test_qemu_dmar_legacy),
		cmocka_unit_test(test_qemu_ivrs),
		cmocka_unit_test(test_read_sysroot),
		cmocka_unit_test(test_read_eacces),
		cmocka_unit_test(test_dmar_built),
		cmocka_unit_test(test_dmar_scopes_malformed),
		cmocka_unit_test(test_dmar_malformed),
		cmocka_unit_test(test_ivrs_built),
		cmocka_unit_test(test_ivrs_malformed),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_iort_built),
		cmocka_unit_test(test_iort_malformed),
		cmocka_unit_test(test_iort_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
