// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The PCI reader (pci.c) and its pure helpers (pci-caps.c). Expected
 * values come from the register layouts of include/uapi/linux/pci_regs.h
 * and the walk of drivers/pci/pci.c pci_find_next_ext_capability(), with
 * the config images built here byte by byte; the reader runs on fake
 * sysroots (sysroot.h) and small lspci dumps written by the tests.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/internal.h"
#include "sysroot.h"

/* ---- config images ---- */

static void put16(uint8_t *c, unsigned pos, uint16_t v)
{
	c[pos] = (uint8_t)v;
	c[pos + 1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *c, unsigned pos, uint32_t v)
{
	put16(c, pos, (uint16_t)v);
	put16(c, pos + 2, (uint16_t)(v >> 16));
}

/* An extended capability header: id, version 1, next pointer (raw 12 bits). */
static void ext(uint8_t *c, unsigned pos, unsigned id, unsigned next)
{
	put32(c, pos, id | 1u << 16 | (next & 0xfff) << 20);
}

static void ext_pasid(uint8_t *c, unsigned pos, unsigned next, uint16_t cap, uint16_t ctrl)
{
	ext(c, pos, 0x1b, next);
	put16(c, pos + 4, cap);
	put16(c, pos + 6, ctrl);
}

static void ext_pri(uint8_t *c, unsigned pos, unsigned next, uint16_t ctrl, uint16_t sta,
		    uint32_t max, uint32_t alloc)
{
	ext(c, pos, 0x13, next);
	put16(c, pos + 4, ctrl);
	put16(c, pos + 6, sta);
	put32(c, pos + 8, max);
	put32(c, pos + 12, alloc);
}

static void ext_ats(uint8_t *c, unsigned pos, unsigned next, uint16_t cap, uint16_t ctrl)
{
	ext(c, pos, 0x0f, next);
	put16(c, pos + 4, cap);
	put16(c, pos + 6, ctrl);
}

/* A PCIe endpoint header: vendor, device, class 0x088000, a PCI Express
 * capability at 0x40 (PCI_CAP_ID_EXP). */
static void pcie_header(uint8_t *c, uint16_t vendor, uint16_t device, bool pcie)
{
	memset(c, 0, 4096);
	put16(c, 0, vendor);
	put16(c, 2, device);
	c[0x0a] = 0x80;
	c[0x0b] = 0x08;
	if (pcie) {
		c[0x06] = 0x10; /* PCI_STATUS_CAP_LIST */
		c[0x34] = 0x40;
		c[0x40] = 0x10;
		c[0x42] = 0x92;
	}
}

struct caps {
	struct ioasid_pasid_cap pasid;
	struct ioasid_pri_cap pri;
	struct ioasid_ats_cap ats;
};

static void decode(const uint8_t *c, size_t len, struct caps *k)
{
	/* outputs must be fully written whatever the input */
	memset(k, 0xa5, sizeof(*k));
	ioasid_pci_decode_caps(c, len, &k->pasid, &k->pri, &k->ats);
}

static void assert_none(const struct caps *k)
{
	struct caps zero;

	memset(&zero, 0, sizeof(zero));
	assert_memory_equal(&k->pasid, &zero.pasid, sizeof(zero.pasid));
	assert_memory_equal(&k->pri, &zero.pri, sizeof(zero.pri));
	assert_memory_equal(&k->ats, &zero.ats, sizeof(zero.ats));
}

static void test_decode_pasid(void **state)
{
	uint8_t c[4096] = {0};
	struct caps k;

	(void)state;
	/* PCI_PASID_CAP: EXEC 0x2, PRIV 0x4, WIDTH 0x1f00; CTRL ENABLE 1 EXEC 2 PRIV 4 */
	ext_pasid(c, 0x100, 0, 0x1402, 0x0005);
	decode(c, sizeof(c), &k);
	assert_true(k.pasid.present);
	assert_int_equal(k.pasid.offset, 0x100);
	assert_int_equal(k.pasid.width, 0x14);
	assert_true(k.pasid.exec);
	assert_false(k.pasid.priv);
	assert_true(k.pasid.enabled);
	assert_false(k.pasid.exec_enabled);
	assert_true(k.pasid.priv_enabled);
	assert_false(k.pri.present);
	assert_false(k.ats.present);

	/* reserved bits around the fields do not leak into them */
	ext_pasid(c, 0x100, 0, 0xe0f9 | 0x0400, 0xfff8 | 0x2);
	decode(c, sizeof(c), &k);
	assert_int_equal(k.pasid.width, 4);
	assert_false(k.pasid.exec);
	assert_false(k.pasid.priv);
	assert_false(k.pasid.enabled);
	assert_true(k.pasid.exec_enabled);
	assert_false(k.pasid.priv_enabled);
}

static void test_decode_pri(void **state)
{
	uint8_t c[4096] = {0};
	struct caps k;

	(void)state;
	/* CTRL ENABLE 1 RESET 2; STATUS RF 1 UPRGI 2 STOPPED 0x100 PASID 0x8000 */
	ext_pri(c, 0x100, 0, 0x0002, 0x8101, 0x00008000, 0x00000200);
	decode(c, sizeof(c), &k);
	assert_true(k.pri.present);
	assert_int_equal(k.pri.offset, 0x100);
	assert_false(k.pri.enabled);
	assert_true(k.pri.reset);
	assert_true(k.pri.rf);
	assert_false(k.pri.uprgi);
	assert_true(k.pri.stopped);
	assert_true(k.pri.prg_pasid_required);
	assert_int_equal(k.pri.capacity, 0x8000);
	assert_int_equal(k.pri.allocation, 0x200);
	assert_false(k.pasid.present);
	assert_false(k.ats.present);

	ext_pri(c, 0x100, 0, 0x0001, 0x0002, 0xffffffff, 0x12345678);
	decode(c, sizeof(c), &k);
	assert_true(k.pri.enabled);
	assert_false(k.pri.reset);
	assert_false(k.pri.rf);
	assert_true(k.pri.uprgi);
	assert_false(k.pri.stopped);
	assert_false(k.pri.prg_pasid_required);
	assert_int_equal(k.pri.capacity, 0xffffffffu);
	assert_int_equal(k.pri.allocation, 0x12345678);
}

static void test_decode_ats(void **state)
{
	uint8_t c[4096] = {0};
	struct caps k;

	(void)state;
	/* CAP QDEP 4:0, PAGE_ALIGNED 0x20; CTRL ENABLE 0x8000, STU 4:0 */
	ext_ats(c, 0x100, 0, 0x0020, 0x8005);
	decode(c, sizeof(c), &k);
	assert_true(k.ats.present);
	assert_int_equal(k.ats.offset, 0x100);
	assert_int_equal(k.ats.qdep, 0); /* raw: 0 encodes 32 */
	assert_true(k.ats.page_aligned);
	assert_true(k.ats.enabled);
	assert_int_equal(k.ats.stu, 5);

	ext_ats(c, 0x100, 0, 0xffdf, 0x7fe0);
	decode(c, sizeof(c), &k);
	assert_int_equal(k.ats.qdep, 0x1f);
	assert_false(k.ats.page_aligned);
	assert_false(k.ats.enabled);
	assert_int_equal(k.ats.stu, 0);
}

static void test_decode_all_three(void **state)
{
	uint8_t c[4096] = {0};
	struct caps k;

	(void)state;
	/* the layout of the DSA dump in tests/data/pci: AER, LTR, ..., ATS,
	 * PASID, PRI */
	ext(c, 0x100, 0x01, 0x150);
	ext(c, 0x150, 0x18, 0x220);
	ext_ats(c, 0x220, 0x230, 0x0000, 0x8000);
	ext_pasid(c, 0x230, 0x240, 0x1404, 0x0005);
	ext_pri(c, 0x240, 0x000, 0x0000, 0x0100, 0x200, 0);
	decode(c, sizeof(c), &k);
	assert_true(k.ats.present);
	assert_int_equal(k.ats.offset, 0x220);
	assert_true(k.pasid.present);
	assert_int_equal(k.pasid.offset, 0x230);
	assert_int_equal(k.pasid.width, 0x14);
	assert_true(k.pasid.priv);
	assert_true(k.pri.present);
	assert_int_equal(k.pri.offset, 0x240);
	assert_true(k.pri.stopped);
	assert_int_equal(k.pri.capacity, 0x200);

	/* NULL outputs are allowed */
	ioasid_pci_decode_caps(c, sizeof(c), NULL, NULL, NULL);
	ioasid_pci_decode_caps(c, sizeof(c), NULL, &k.pri, NULL);
	assert_true(k.pri.present);
}

static void test_decode_loops(void **state)
{
	uint8_t c[4096] = {0};
	struct caps k;

	(void)state;
	/* a capability pointing at itself */
	ext_ats(c, 0x100, 0x100, 0x0003, 0x8000);
	decode(c, sizeof(c), &k);
	assert_true(k.ats.present);
	assert_false(k.pasid.present);

	/* a two-step loop that still reaches both */
	memset(c, 0, sizeof(c));
	ext_pasid(c, 0x100, 0x200, 0x0800, 0);
	ext_pri(c, 0x200, 0x100, 1, 0, 1, 1);
	decode(c, sizeof(c), &k);
	assert_true(k.pasid.present);
	assert_true(k.pri.present);
	assert_int_equal(k.pasid.width, 8);

	/* A loop through the first capability: the kernel's ttl bounds it
	 * and the duplicates met again do not overwrite the first decode. */
	memset(c, 0, sizeof(c));
	ext_pasid(c, 0x100, 0x108, 0x0400, 0);
	ext(c, 0x108, 0x01, 0x100);
	decode(c, sizeof(c), &k);
	assert_int_equal(k.pasid.width, 4);

	/* the longest list the ttl allows: every 8-byte slot from 0x100,
	 * the last one (0xff8, the 480th) a PASID capability */
	memset(c, 0, sizeof(c));
	for (unsigned pos = 0x100; pos < 0xff8; pos += 8)
		ext(c, pos, 0x0b, pos + 8);
	ext_pasid(c, 0xff8, 0, 0x1000, 1);
	decode(c, sizeof(c), &k);
	assert_true(k.pasid.present);
	assert_int_equal(k.pasid.offset, 0xff8);
}

static void test_decode_duplicates(void **state)
{
	uint8_t c[4096] = {0};
	struct caps k;

	(void)state;
	/* pci_find_ext_capability() returns the first */
	ext_pasid(c, 0x100, 0x108, 0x0802, 0x0002);
	ext_pasid(c, 0x108, 0x110, 0x1406, 0x0007);
	ext_ats(c, 0x110, 0x118, 0x0005, 0x0002);
	ext_ats(c, 0x118, 0, 0x0010, 0x8000);
	decode(c, sizeof(c), &k);
	assert_int_equal(k.pasid.offset, 0x100);
	assert_int_equal(k.pasid.width, 8);
	assert_true(k.pasid.exec);
	assert_false(k.pasid.priv);
	assert_int_equal(k.ats.offset, 0x110);
	assert_int_equal(k.ats.qdep, 5);
	assert_false(k.ats.enabled);
}

static void test_decode_truncated(void **state)
{
	uint8_t c[4096] = {0};
	struct caps k;

	(void)state;
	ext_pasid(c, 0x100, 0x108, 0x1400, 1);
	ext_pri(c, 0x108, 0, 1, 0, 2, 3);

	decode(NULL, 4096, &k);
	assert_none(&k);
	decode(c, 0, &k);
	assert_none(&k);
	decode(c, 64, &k); /* what a non-root reader gets */
	assert_none(&k);
	decode(c, 256, &k); /* lspci -xxx: no extended space */
	assert_none(&k);
	decode(c, 0x103, &k); /* not even a header */
	assert_none(&k);
	decode(c, 0x107, &k); /* header, body cut short */
	assert_none(&k);
	decode(c, 0x108, &k); /* PASID whole, PRI header missing */
	assert_true(k.pasid.present);
	assert_false(k.pri.present);
	decode(c, 0x117, &k); /* PRI body one byte short */
	assert_true(k.pasid.present);
	assert_false(k.pri.present);
	decode(c, 0x118, &k);
	assert_true(k.pri.present);
	assert_int_equal(k.pri.allocation, 3);

	/* a capability whose body would run past 4096 */
	memset(c, 0, sizeof(c));
	ext(c, 0x100, 0x01, 0xffc);
	ext(c, 0xffc, 0x1b, 0);
	decode(c, sizeof(c), &k);
	assert_false(k.pasid.present);

	/* a longer buffer is treated as 4096 bytes of config space */
	{
		uint8_t *big = calloc(1, 8192);

		assert_non_null(big);
		ext(big, 0x100, 0x01, 0xff8);
		ext_pasid(big, 0xff8, 0, 0x1400, 0);
		decode(big, 8192, &k);
		assert_true(k.pasid.present);
		free(big);
	}
}

static void test_decode_terminators(void **state)
{
	uint8_t c[4096];
	struct caps k;

	(void)state;
	/* all ones: the read failed or no device (lspci stops too) */
	memset(c, 0xff, sizeof(c));
	decode(c, sizeof(c), &k);
	assert_none(&k);

	/* 0xffffffff in the middle ends the walk */
	memset(c, 0, sizeof(c));
	ext_ats(c, 0x100, 0x200, 0, 0);
	put32(c, 0x200, 0xffffffff);
	ext_pasid(c, 0x300, 0, 0x1400, 0); /* behind it: not reached */
	decode(c, sizeof(c), &k);
	assert_true(k.ats.present);
	assert_false(k.pasid.present);

	/* a zero header at 0x100 means no extended capabilities, whatever
	 * follows */
	memset(c, 0, sizeof(c));
	ext_pasid(c, 0x108, 0, 0x1400, 0);
	decode(c, sizeof(c), &k);
	assert_none(&k);

	/* a next pointer below 0x100 ends the list */
	memset(c, 0, sizeof(c));
	ext_ats(c, 0x100, 0x0fc, 0, 0);
	/* a PASID header in standard space at 0xf0: never looked at */
	ext_pasid(c, 0x0f0, 0, 0x1400, 0);
	decode(c, sizeof(c), &k);
	assert_true(k.ats.present);
	assert_false(k.pasid.present);
	ext_ats(c, 0x100, 0x0f0, 0, 0);
	decode(c, sizeof(c), &k);
	assert_true(k.ats.present);
	assert_false(k.pasid.present);
}

static void test_decode_misaligned(void **state)
{
	uint8_t c[4096] = {0};
	struct caps k;

	(void)state;
	/*
	 * The two low bits of the next pointer are reserved: the kernel's
	 * PCI_EXT_CAP_NEXT() masks them (& 0xffc), as lspci does (& ~3), so
	 * 0x203 means 0x200. The pointer is dword-aligned by construction.
	 */
	ext_ats(c, 0x100, 0x203, 0, 0);
	ext_pasid(c, 0x200, 0, 0x0c00, 0);
	decode(c, sizeof(c), &k);
	assert_true(k.ats.present);
	assert_true(k.pasid.present);
	assert_int_equal(k.pasid.offset, 0x200);
	assert_int_equal(k.pasid.width, 0xc);

	/* 0x0ff masks to 0x0fc: below 0x100, the end */
	ext_ats(c, 0x100, 0x0ff, 0, 0);
	decode(c, sizeof(c), &k);
	assert_false(k.pasid.present);
}

/* ---- BDF ---- */

static void test_parse_bdf_good(void **state)
{
	static const char *const good[][2] = {
		{"6a:01.0", "0000:6a:01.0"},	      {"0000:6a:01.0", "0000:6a:01.0"},
		{"6a:1.0", "0000:6a:01.0"},	      {"0:0.0", "0000:00:00.0"},
		{"0:6A:01.7", "0000:6a:01.7"},	      {"ABCD:EF:1F.7", "abcd:ef:1f.7"},
		{"10000:00:1f.3", "10000:00:1f.3"},   {"fffffff:ff:1f.7", "fffffff:ff:1f.7"},
		{"00000001:02:03.4", "0001:02:03.4"},
	};
	char out[16];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		memset(out, 'x', sizeof(out));
		assert_int_equal(ioasid_pci_parse_bdf(good[i][0], out), 0);
		assert_string_equal(out, good[i][1]);
	}
}

static void test_parse_bdf_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"6a",
		"6a:01",
		"6a:01.",
		"6a:.0",
		":01.0",
		"6a:01.8",
		"6a:20.0",
		"6a:01.00",
		"100:00.0",
		"g0:00.0",
		"6a:01.0x",
		" 6a:01.0",
		"6a:01.0 ",
		"6a:01.0\n",
		"+6a:01.0",
		"-6a:01.0",
		"0x6a:01.0",
		"1:2:3:4.0",
		"10000000:00:00.0",
		"123456789:00:00.0",
		"6a:001.0",
		"0000:06a:01.0",
		"6a:01.-1",
		"6a:01,0",
		"6a.01.0",
		"0000:6a:01:0",
		"0000::01.0",
		"6a:01.0.0",
		"\xff:01.0",
	};
	char out[16] = "unchanged";

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(ioasid_pci_parse_bdf(bad[i], out), -EINVAL);
	assert_int_equal(ioasid_pci_parse_bdf(NULL, out), -EINVAL);
	assert_string_equal(out, "unchanged");
}

/* ---- path facts (ioasid_pci_decode_topo) ---- */

/* include/uapi/linux/pci_regs.h: PCI_HEADER_TYPE 0x0e (MFD 0x80), bridge
 * PCI_PRIMARY_BUS 0x18 / SECONDARY 0x19 / SUBORDINATE 0x1a; PCI_EXP_FLAGS
 * (cap + 2: VERS 0x000f, TYPE 0x00f0); PCI_EXP_DEVCAP2 (cap + 0x24) bit 21
 * EE_PREFIX, read by drivers/pci/probe.c pci_configure_eetlp_prefix()
 * through pcie_capability_read_dword(), which gives 0 for the v2 registers
 * of a version 1 capability (pcie_capability_reg_implemented()); ACS ext
 * cap 0x0d with PCI_ACS_CAP (+4) and PCI_ACS_CTRL (+6). */
static void test_decode_topo(void **state)
{
	uint8_t c[4096];
	struct ioasid_pci_topo t;

	(void)state;
	/* a root port: bridge header, MFD, PCIe v2 type 4, EE prefix, ACS */
	pcie_header(c, 0x8086, 0x7075, true);
	c[0x0e] = 0x81;
	c[0x18] = 0x00;
	c[0x19] = 0x05;
	c[0x1a] = 0x07;
	put16(c, 0x42, 0x0042);
	put32(c, 0x40 + 0x24, 1u << 21);
	ext(c, 0x100, 0x01, 0x150);
	ext(c, 0x150, 0x0d, 0);
	put16(c, 0x154, 0x005f);
	put16(c, 0x156, 0x0015);
	memset(&t, 0xa5, sizeof(t));
	ioasid_pci_decode_topo(c, 4096, &t);
	assert_true(t.valid);
	assert_int_equal(t.hdr_type, 1);
	assert_true(t.multifunction);
	assert_int_equal(t.primary_bus, 0);
	assert_int_equal(t.secondary_bus, 5);
	assert_int_equal(t.subordinate_bus, 7);
	assert_true(t.pcie_known);
	assert_int_equal(t.pcie_type, 4);
	assert_int_equal(t.pcie_cap_ver, 2);
	assert_true(t.eetlp_prefix);
	assert_true(t.acs_known);
	assert_true(t.acs_present);
	assert_int_equal(t.acs_cap, 0x005f);
	assert_int_equal(t.acs_ctrl, 0x0015);

	/* 256 bytes: PCIe facts known, ACS unknown (no extended space) */
	ioasid_pci_decode_topo(c, 256, &t);
	assert_true(t.pcie_known);
	assert_true(t.eetlp_prefix);
	assert_false(t.acs_known);
	assert_false(t.acs_present);

	/* 64 bytes (non-root sysfs read): header only, PCIe cap at 0x40 cut */
	ioasid_pci_decode_topo(c, 64, &t);
	assert_true(t.valid);
	assert_int_equal(t.hdr_type, 1);
	assert_int_equal(t.secondary_bus, 5);
	assert_false(t.pcie_known);
	assert_int_equal(t.pcie_type, -1);
	assert_false(t.eetlp_prefix);
	assert_false(t.acs_known);

	/* fewer than 64 bytes, or none: nothing */
	ioasid_pci_decode_topo(c, 63, &t);
	assert_false(t.valid);
	assert_int_equal(t.pcie_type, -1);
	ioasid_pci_decode_topo(NULL, 4096, &t);
	assert_false(t.valid);

	/* PCIe capability version 1: no DEVCAP2, whatever the bytes say */
	put16(c, 0x42, 0x0041);
	ioasid_pci_decode_topo(c, 4096, &t);
	assert_int_equal(t.pcie_cap_ver, 1);
	assert_int_equal(t.pcie_type, 4);
	assert_false(t.eetlp_prefix);

	/* ACS absent: known absent with extended space */
	put16(c, 0x42, 0x0062); /* downstream port, v2 */
	ext(c, 0x100, 0x01, 0);
	ioasid_pci_decode_topo(c, 4096, &t);
	assert_int_equal(t.pcie_type, 6);
	assert_true(t.acs_known);
	assert_false(t.acs_present);
	assert_int_equal(t.acs_ctrl, 0);

	/* an endpoint (header type 0): no bus numbers even if bytes are set */
	c[0x0e] = 0x00;
	put16(c, 0x42, 0x0002);
	ioasid_pci_decode_topo(c, 4096, &t);
	assert_int_equal(t.hdr_type, 0);
	assert_false(t.multifunction);
	assert_int_equal(t.secondary_bus, 0);
	assert_int_equal(t.pcie_type, 0);

	/* conventional PCI: no capability list; known not to be PCIe */
	pcie_header(c, 0x8086, 0x7000, false);
	ioasid_pci_decode_topo(c, 256, &t);
	assert_true(t.pcie_known);
	assert_int_equal(t.pcie_type, -1);
	assert_false(t.eetlp_prefix);

	/* the PCIe capability too close to the end of the header for
	 * DEVCAP2 (cap at 0xe0 + 0x28 > 256): type not trusted */
	pcie_header(c, 0x8086, 0x0b25, true);
	c[0x34] = 0xe0;
	c[0xe0] = 0x10;
	put16(c, 0xe2, 0x0002);
	ioasid_pci_decode_topo(c, 256, &t);
	assert_false(t.pcie_known);
	assert_int_equal(t.pcie_type, -1);
	ioasid_pci_decode_topo(c, 4096, &t);
	assert_true(t.pcie_known);
	assert_int_equal(t.pcie_type, 0);

	/* a capability list that loops (0x40 -> 0x40): ends by TTL */
	pcie_header(c, 0x8086, 0x0b25, true);
	c[0x40] = 0x05;
	c[0x41] = 0x40;
	ioasid_pci_decode_topo(c, 4096, &t);
	assert_true(t.pcie_known);
	assert_int_equal(t.pcie_type, -1);
}

/* ---- the reader on a fake sysroot ---- */

struct fx {
	struct sysroot *sr;
	struct ioasid_ctx *ctx;
	struct ioasid_iommu iommu[2];
	struct ioasid_iommu_list iommus;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->sr = sr_new();
	f->ctx = sr_ctx(f->sr);
	/* VT-d with PSS 19: iommu->iommu.max_pasids = 2UL << 19 (dmar.c) */
	snprintf(f->iommu[0].name, sizeof(f->iommu[0].name), "dmar0");
	f->iommu[0].max_pasids.v = 1u << 20;
	snprintf(f->iommu[1].name, sizeof(f->iommu[1].name), "dmar1");
	f->iommu[1].max_pasids.err = ENODATA;
	f->iommus.v = f->iommu;
	f->iommus.n = 2;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ioasid_ctx_free(f->ctx);
	sr_free(f->sr);
	free(f);
	return 0;
}

#define DEV "/sys/bus/pci/devices/"

/* A function as sysfs shows it: vendor, device, class and config of len
 * bytes (64: what a non-root reader gets; 256; 4096). */
static void mkdev(struct fx *f, const char *bdf, const uint8_t *cfg, size_t len)
{
	char p[256];

	snprintf(p, sizeof(p), DEV "%s/vendor", bdf);
	sr_writef(f->sr, p, "0x%02x%02x\n", cfg[1], cfg[0]);
	snprintf(p, sizeof(p), DEV "%s/device", bdf);
	sr_writef(f->sr, p, "0x%02x%02x\n", cfg[3], cfg[2]);
	snprintf(p, sizeof(p), DEV "%s/class", bdf);
	sr_writef(f->sr, p, "0x%02x%02x%02x\n", cfg[0x0b], cfg[0x0a], cfg[0x09]);
	snprintf(p, sizeof(p), DEV "%s/config", bdf);
	sr_write_bytes(f->sr, p, cfg, len);
}

static void mklink(struct fx *f, const char *bdf, const char *name, const char *target)
{
	char p[256];

	snprintf(p, sizeof(p), DEV "%s/%s", bdf, name);
	sr_symlink(f->sr, target, p);
}

static const struct ioasid_pci_dev *find(const struct ioasid_pci_list *l, const char *bdf)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].bdf, bdf))
			return &l->v[i];
	fail_msg("%s not listed", bdf);
	return NULL;
}

/* A host: a DSA-like PF with PASID/PRI/ATS behind dmar0, a VF of a NIC PF,
 * a function read without permission, one with no IOMMU, garbage, a
 * symlink loop, and one whose IOMMU has no known max_pasids. */
static void build_host(struct fx *f)
{
	uint8_t c[4096];

	/* listed out of order on purpose */
	pcie_header(c, 0x8086, 0x0b25, true);
	ext(c, 0x100, 0x01, 0x220);
	ext_ats(c, 0x220, 0x230, 0, 0x8000);
	ext_pasid(c, 0x230, 0x240, 0x1404, 0x0005);
	ext_pri(c, 0x240, 0, 0, 0x0100, 0x200, 0);
	mkdev(f, "0000:6a:01.0", c, 4096);
	mklink(f, "0000:6a:01.0", "driver", "../../../../bus/pci/drivers/idxd");
	mklink(f, "0000:6a:01.0", "iommu", "../../../virtual/iommu/dmar0");
	mklink(f, "0000:6a:01.0", "iommu_group", "../../../../kernel/iommu_groups/38");

	/* PF with an 8-bit PASID capability; its VF has only ATS */
	pcie_header(c, 0x15b3, 0x101d, true);
	ext_pasid(c, 0x100, 0, 0x0800, 0x0001);
	mkdev(f, "0000:3b:00.0", c, 4096);
	mklink(f, "0000:3b:00.0", "iommu", "../../../virtual/iommu/dmar0");
	mklink(f, "0000:3b:00.0", "iommu_group", "../../../../kernel/iommu_groups/7");
	pcie_header(c, 0x15b3, 0x101e, true);
	ext_ats(c, 0x100, 0, 0, 0x8000);
	mkdev(f, "0000:3b:00.2", c, 4096);
	mklink(f, "0000:3b:00.2", "physfn", "../0000:3b:00.0");
	mklink(f, "0000:3b:00.2", "iommu", "../../../virtual/iommu/dmar0");
	mklink(f, "0000:3b:00.2", "iommu_group", "../../../../kernel/iommu_groups/9");
	mklink(f, "0000:3b:00.2", "driver", "../../../../bus/pci/drivers/mlx5_core");

	/* what a non-root reader gets: 64 bytes */
	pcie_header(c, 0x8086, 0x0b25, true);
	ext_pasid(c, 0x100, 0, 0x1404, 0x0005);
	mkdev(f, "0000:00:02.0", c, 64);
	mklink(f, "0000:00:02.0", "iommu", "../../../virtual/iommu/dmar0");

	/* PCIe, PASID, no iommu link: no IOMMU translates for it */
	pcie_header(c, 0x1af4, 0x1041, true);
	ext_pasid(c, 0x100, 0, 0x1000, 0);
	mkdev(f, "0000:00:03.0", c, 4096);

	/* conventional PCI, 256 bytes */
	pcie_header(c, 0x8086, 0x7000, false);
	mkdev(f, "0000:00:01.0", c, 256);

	/* garbage: ten bytes of config */
	memset(c, 0x5a, sizeof(c));
	mkdev(f, "0000:00:04.0", c, 10);

	/* a symlink loop instead of a device directory */
	sr_symlink(f->sr, "0000:00:05.0", DEV "0000:00:05.0");

	/* PASID behind an IOMMU whose max_pasids is unknown, in domain 1 */
	pcie_header(c, 0x8086, 0x0b25, true);
	ext_pasid(c, 0x100, 0, 0x1400, 0);
	mkdev(f, "0001:00:00.0", c, 4096);
	mklink(f, "0001:00:00.0", "iommu", "../../../virtual/iommu/dmar1");
}

static void test_reader_host(void **state)
{
	struct fx *f = *state;
	struct ioasid_pci_list l;
	const struct ioasid_pci_dev *d;
	static const char *const order[] = {
		"0000:00:01.0", "0000:00:02.0", "0000:00:03.0", "0000:00:04.0", "0000:00:05.0",
		"0000:3b:00.0", "0000:3b:00.2", "0000:6a:01.0", "0001:00:00.0",
	};

	build_host(f);
	assert_int_equal(ioasid_pci_list(f->ctx, &f->iommus, &l), 0);
	assert_int_equal(l.n, sizeof(order) / sizeof(order[0]));
	for (size_t i = 0; i < l.n; i++)
		assert_string_equal(l.v[i].bdf, order[i]);
	/* one read per function: the whole config file at once (issue 14);
	 * every file here holds what its size says */
	assert_int_equal(l.config_reads, l.n);

	/* the DSA PF: everything */
	d = find(&l, "0000:6a:01.0");
	assert_int_equal(d->err, 0);
	assert_int_equal(d->ext_err, 0);
	assert_int_equal(d->vendor, 0x8086);
	assert_int_equal(d->device, 0x0b25);
	assert_int_equal(d->class_code, 0x088000);
	assert_true(d->is_pcie);
	assert_false(d->is_vf);
	assert_string_equal(d->driver, "idxd");
	assert_string_equal(d->iommu, "dmar0");
	assert_int_equal(d->group.err, 0);
	assert_int_equal(d->group.v, 38);
	assert_true(d->pasid.present);
	assert_int_equal(d->pasid.offset, 0x230);
	assert_int_equal(d->pasid.width, 20);
	assert_true(d->pri.present);
	assert_true(d->pri.stopped);
	assert_true(d->ats.present);
	assert_true(d->ats.enabled);
	/* min(1 << 20, dmar0's 1 << 20) */
	assert_int_equal(d->max_pasids.err, 0);
	assert_int_equal(d->max_pasids.v, 1u << 20);

	/* the VF takes the PF's PASID capability (drivers/pci/ats.c
	 * pci_max_pasids(): pdev = pci_physfn(pdev)) */
	d = find(&l, "0000:3b:00.2");
	assert_int_equal(d->err, 0);
	assert_true(d->is_vf);
	assert_string_equal(d->physfn, "0000:3b:00.0");
	assert_true(d->pasid_from_pf);
	assert_int_equal(d->pasid_err, 0);
	assert_true(d->pasid.present);
	assert_int_equal(d->pasid.width, 8);
	assert_true(d->ats.present);
	assert_false(d->pri.present);
	assert_string_equal(d->driver, "mlx5_core");
	assert_int_equal(d->max_pasids.v, 256); /* min(1 << 8, 1 << 20) */
	d = find(&l, "0000:3b:00.0");
	assert_false(d->is_vf);
	assert_false(d->pasid_from_pf);
	assert_string_equal(d->physfn, "");
	assert_int_equal(d->driver_err, ENOENT);
	assert_string_equal(d->driver, "");

	/* 64 bytes: readable, but the capabilities are unknown (EACCES) */
	d = find(&l, "0000:00:02.0");
	assert_int_equal(d->err, 0);
	assert_int_equal(d->vendor, 0x8086);
	assert_int_equal(d->ext_err, EACCES);
	assert_int_equal(d->pasid_err, EACCES);
	assert_false(d->pasid.present);
	assert_int_equal(d->max_pasids.err, EACCES);

	/* no IOMMU: 0, not unknown */
	d = find(&l, "0000:00:03.0");
	assert_int_equal(d->iommu_err, ENOENT);
	assert_string_equal(d->iommu, "");
	assert_int_equal(d->group.err, ENOENT);
	assert_true(d->pasid.present);
	assert_int_equal(d->max_pasids.err, 0);
	assert_int_equal(d->max_pasids.v, 0);

	/* conventional PCI: no extended space, so no PASID: 0 */
	d = find(&l, "0000:00:01.0");
	assert_int_equal(d->err, 0);
	assert_false(d->is_pcie);
	assert_int_equal(d->ext_err, 0);
	assert_false(d->pasid.present);
	assert_int_equal(d->max_pasids.err, 0);
	assert_int_equal(d->max_pasids.v, 0);

	/* garbage and a loop: that device fails, the others list */
	d = find(&l, "0000:00:04.0");
	assert_int_not_equal(d->err, 0);
	assert_true(d->errmsg[0] != '\0');
	assert_int_not_equal(d->max_pasids.err, 0);
	d = find(&l, "0000:00:05.0");
	assert_int_equal(d->err, ELOOP);
	assert_true(d->errmsg[0] != '\0');

	/* IOMMU known, its max_pasids not */
	d = find(&l, "0001:00:00.0");
	assert_string_equal(d->iommu, "dmar1");
	assert_int_equal(d->max_pasids.err, ENODATA);
	ioasid_pci_list_free(&l);

	/* without the IOMMU list: unknown where a PASID capability exists */
	assert_int_equal(ioasid_pci_list(f->ctx, NULL, &l), 0);
	assert_int_equal(find(&l, "0000:6a:01.0")->max_pasids.err, ENODATA);
	assert_int_equal(find(&l, "0000:00:01.0")->max_pasids.err, 0);
	ioasid_pci_list_free(&l);
}

static void test_reader_vf_pf_unknown(void **state)
{
	struct fx *f = *state;
	struct ioasid_pci_list l;
	const struct ioasid_pci_dev *d;
	uint8_t c[4096];

	/* the PF gives only 64 bytes: the VF's PASID is unknown too */
	pcie_header(c, 0x15b3, 0x101d, true);
	ext_pasid(c, 0x100, 0, 0x0800, 0x0001);
	mkdev(f, "0000:3b:00.0", c, 64);
	pcie_header(c, 0x15b3, 0x101e, true);
	mkdev(f, "0000:3b:00.1", c, 4096);
	mklink(f, "0000:3b:00.1", "physfn", "../0000:3b:00.0");
	mklink(f, "0000:3b:00.1", "iommu", "../../../virtual/iommu/dmar0");
	/* a VF whose PF is not listed */
	mkdev(f, "0000:3c:00.1", c, 4096);
	mklink(f, "0000:3c:00.1", "physfn", "../0000:3c:00.0");
	mklink(f, "0000:3c:00.1", "iommu", "../../../virtual/iommu/dmar0");

	assert_int_equal(ioasid_pci_list(f->ctx, &f->iommus, &l), 0);
	assert_int_equal(l.n, 3);
	d = find(&l, "0000:3b:00.1");
	assert_true(d->is_vf);
	assert_int_equal(d->ext_err, 0);
	assert_true(d->pasid_from_pf);
	assert_int_equal(d->pasid_err, EACCES);
	assert_false(d->pasid.present);
	assert_int_equal(d->max_pasids.err, EACCES);
	d = find(&l, "0000:3c:00.1");
	assert_true(d->is_vf);
	assert_int_equal(d->pasid_err, ENODEV);
	assert_int_not_equal(d->max_pasids.err, 0);
	ioasid_pci_list_free(&l);
}

static void test_reader_garbage_names(void **state)
{
	struct fx *f = *state;
	struct ioasid_pci_list l;
	uint8_t c[4096];

	/* libpci's own scan stops at the first name it cannot parse; the
	 * reader must list the real functions anyway */
	pcie_header(c, 0x8086, 0x0b25, true);
	mkdev(f, "0000:00:02.0", c, 4096);
	mkdev(f, "0000:00:01.0", c, 4096);
	sr_mkdir(f->sr, DEV "garbage");
	sr_mkdir(f->sr, DEV "0000:00:03.0junk");
	sr_write(f->sr, DEV "0000:zz:00.0", "");
	assert_int_equal(ioasid_pci_list(f->ctx, &f->iommus, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].bdf, "0000:00:01.0");
	assert_string_equal(l.v[1].bdf, "0000:00:02.0");
	assert_int_equal(l.v[1].err, 0);
	ioasid_pci_list_free(&l);
	/* the names alone (completion): the same two, from the directory
	 * only (a function whose config file is gone is still named) */
	{
		char **names;
		size_t n;

		sr_unlink(f->sr, DEV "0000:00:01.0/config");
		assert_int_equal(ioasid_pci_names(f->ctx, &names, &n), 0);
		assert_int_equal(n, 2);
		assert_string_equal(names[0], "0000:00:01.0");
		assert_string_equal(names[1], "0000:00:02.0");
		ioasid_names_free(names, n);
	}
}

/* No PCI bus under the root: the names fail with the directory's errno. */
static void test_names_none(void **state)
{
	struct fx *f = *state;
	char **names = (char **)1;
	size_t n = 1;

	assert_int_equal(ioasid_pci_names(f->ctx, &names, &n), -ENOENT);
	assert_null(names);
	assert_int_equal(n, 0);
}

static void test_reader_missing_files(void **state)
{
	struct fx *f = *state;
	struct ioasid_pci_list l;
	const struct ioasid_pci_dev *d;
	uint8_t c[4096];

	/* no PCI bus at all: an empty list */
	assert_int_equal(ioasid_pci_list(f->ctx, &f->iommus, &l), 0);
	assert_int_equal(l.n, 0);
	ioasid_pci_list_free(&l);

	/* an empty devices directory */
	sr_mkdir(f->sr, DEV);
	assert_int_equal(ioasid_pci_list(f->ctx, &f->iommus, &l), 0);
	assert_int_equal(l.n, 0);
	ioasid_pci_list_free(&l);

	/* no vendor/device/class files: identity from config space */
	pcie_header(c, 0x10de, 0x2330, true);
	ext_ats(c, 0x100, 0, 0, 0x8000);
	sr_write_bytes(f->sr, DEV "0000:17:00.0/config", c, 4096);
	/* a directory without config */
	mkdev(f, "0000:18:00.0", c, 4096);
	sr_unlink(f->sr, DEV "0000:18:00.0/config");
	/* garbage links: an iommu_group that is no number, a driver link
	 * looping on itself */
	mkdev(f, "0000:19:00.0", c, 4096);
	mklink(f, "0000:19:00.0", "iommu_group", "../../groups/abc");
	mklink(f, "0000:19:00.0", "driver", "driver");
	assert_int_equal(ioasid_pci_list(f->ctx, &f->iommus, &l), 0);
	assert_int_equal(l.n, 3);
	d = find(&l, "0000:17:00.0");
	assert_int_equal(d->err, 0);
	assert_int_equal(d->vendor, 0x10de);
	assert_int_equal(d->device, 0x2330);
	assert_int_equal(d->class_code, 0x088000);
	assert_true(d->ats.present);
	d = find(&l, "0000:18:00.0");
	assert_int_equal(d->err, ENOENT);
	d = find(&l, "0000:19:00.0");
	assert_int_equal(d->err, 0);
	assert_int_equal(d->group.err, EINVAL);
	/* readlink does not follow: the link's own target is its name */
	assert_int_equal(d->driver_err, 0);
	assert_string_equal(d->driver, "driver");
	ioasid_pci_list_free(&l);
}

static int list_unpriv(struct ioasid_ctx *ctx, void *arg)
{
	struct ioasid_pci_list l;
	int rc = 0;

	(void)arg;
	if (ioasid_pci_list(ctx, NULL, &l) < 0)
		return 1;
	if (l.n != 2)
		rc = 2;
	else if (l.v[0].err != EACCES || !l.v[0].errmsg[0])
		rc = 3;
	else if (l.v[1].err != 0 || !l.v[1].pasid.present)
		rc = 4;
	ioasid_pci_list_free(&l);
	return rc;
}

static void test_reader_eacces(void **state)
{
	struct fx *f = *state;
	uint8_t c[4096];
	int result;

	pcie_header(c, 0x8086, 0x0b25, true);
	ext_pasid(c, 0x100, 0, 0x1400, 0);
	mkdev(f, "0000:00:01.0", c, 4096);
	mkdev(f, "0000:00:02.0", c, 4096);
	sr_chmod(f->sr, DEV "0000:00:01.0/config", 0);
	if (!sr_run_unprivileged(f->sr, list_unpriv, NULL, &result))
		skip();
	assert_int_equal(result, 0);
}

/* ---- the dump method ---- */

static void write_dump(struct fx *f, const char *path, const char *bdf, const uint8_t *c,
		       size_t len)
{
	char line[128];
	FILE *fp = fopen(sr_path(f->sr, path), "a");

	assert_non_null(fp);
	fprintf(fp, "%s Class 0880: Device %02x%02x:%02x%02x\n", bdf, c[1], c[0], c[3], c[2]);
	for (size_t off = 0; off < len; off += 16) {
		int n = snprintf(line, sizeof(line), off < 256 ? "%02zx:" : "%03zx:", off);

		for (size_t i = 0; i < 16; i++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, " %02x", c[off + i]);
		fprintf(fp, "%s\n", line);
	}
	fprintf(fp, "\n");
	fclose(fp);
}

static void test_reader_dump(void **state)
{
	struct fx *f = *state;
	struct ioasid_pci_list l;
	const struct ioasid_pci_dev *d;
	char path[300];
	uint8_t c[4096];

	pcie_header(c, 0x8086, 0x0b25, true);
	ext_ats(c, 0x100, 0x110, 0, 0x8000);
	ext_pasid(c, 0x110, 0, 0x1404, 0x0005);
	write_dump(f, "/d.dump", "6a:01.0", c, 4096);
	write_dump(f, "/d.dump", "00:02.0", c, 256); /* lspci -xxx */
	write_dump(f, "/d.dump", "00:01.0", c, 64);  /* lspci -x */
	snprintf(path, sizeof(path), "%s", sr_path(f->sr, "/d.dump"));
	assert_int_equal(ioasid_ctx_set_pci_dump(f->ctx, path), 0);
	assert_string_equal(ioasid_ctx_pci_dump(f->ctx), path);

	assert_int_equal(ioasid_pci_list(f->ctx, &f->iommus, &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].bdf, "0000:00:01.0");
	assert_string_equal(l.v[2].bdf, "0000:6a:01.0");
	d = &l.v[2];
	assert_int_equal(d->err, 0);
	assert_int_equal(d->vendor, 0x8086);
	assert_true(d->pasid.present);
	assert_int_equal(d->pasid.width, 20);
	assert_true(d->ats.present);
	/* a dump has no sysfs links */
	assert_int_equal(d->driver_err, ENOENT);
	assert_int_equal(d->iommu_err, ENOENT);
	assert_int_equal(d->group.err, ENOENT);
	assert_int_equal(d->max_pasids.err, ENODATA);
	assert_int_equal(l.v[1].ext_err, ENODATA); /* 256 bytes */
	assert_true(l.v[1].is_pcie);
	assert_int_equal(l.v[0].ext_err, ENODATA); /* 64 bytes */
	ioasid_pci_list_free(&l);

	/* a missing dump and a garbage one are errors, not exits */
	assert_int_equal(ioasid_ctx_set_pci_dump(f->ctx, sr_path(f->sr, "/nope.dump")), 0);
	assert_int_equal(ioasid_pci_list(f->ctx, NULL, &l), -ENOENT);
	assert_int_equal(l.n, 0);
	assert_int_equal(ioasid_ctx_last_error(f->ctx)->errnum, ENOENT);
	sr_write(f->sr, "/bad.dump", "00:01.0 x\n00: zz zz\n");
	assert_int_equal(ioasid_ctx_set_pci_dump(f->ctx, sr_path(f->sr, "/bad.dump")), 0);
	assert_true(ioasid_pci_list(f->ctx, NULL, &l) < 0);
	assert_true(ioasid_ctx_last_error(f->ctx)->message[0] != '\0');
	assert_int_equal(l.n, 0);
	assert_null(l.v);

	/* back to sysfs */
	assert_int_equal(ioasid_ctx_set_pci_dump(f->ctx, NULL), 0);
	assert_null(ioasid_ctx_pci_dump(f->ctx));
	assert_int_equal(ioasid_pci_list(f->ctx, NULL, &l), 0);
	ioasid_pci_list_free(&l);
	ioasid_pci_list_free(&l); /* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_pasid),
		cmocka_unit_test(test_decode_pri),
		cmocka_unit_test(test_decode_ats),
		cmocka_unit_test(test_decode_all_three),
		cmocka_unit_test(test_decode_loops),
		cmocka_unit_test(test_decode_duplicates),
		cmocka_unit_test(test_decode_truncated),
		cmocka_unit_test(test_decode_terminators),
		cmocka_unit_test(test_decode_misaligned),
		cmocka_unit_test(test_decode_topo),
		cmocka_unit_test(test_parse_bdf_good),
		cmocka_unit_test(test_parse_bdf_bad),
		cmocka_unit_test_setup_teardown(test_reader_host, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_vf_pf_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_garbage_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_missing_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_eacces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_dump, setup, teardown),
	};

	return cmocka_run_group_tests_name("pci", tests, NULL, NULL);
}
