// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pure PCI helpers: decoding the PASID, PRI and ATS extended capabilities
 * from raw config-space bytes, and parsing PCI addresses. No I/O here: the
 * libpci reader (pci.c), the unit tests and the fuzzer all call these.
 *
 * Register names and layouts are the kernel's include/uapi/linux/pci_regs.h
 * (also pciutils lib/header.h); the capability walk is the kernel's
 * drivers/pci/pci.c pci_find_next_ext_capability().
 */
#include <errno.h>
#include <string.h>

#include "core/internal.h"

/* include/uapi/linux/pci_regs.h, copied by name (libpci's header.h has
 * different, partly function-like, definitions; this file does not include
 * it). */
#define PCI_CFG_SPACE_SIZE 256
#define PCI_CFG_SPACE_EXP_SIZE 4096
#define PCI_EXT_CAP_ID(header) ((header)&0x0000ffff)
#define PCI_EXT_CAP_NEXT(header) (((header) >> 20) & 0xffc)

#define PCI_EXT_CAP_ID_ATS 0x0F
#define PCI_EXT_CAP_ID_PRI 0x13
#define PCI_EXT_CAP_ID_PASID 0x1B

#define PCI_ATS_CAP 0x04
#define PCI_ATS_CAP_QDEP(x) ((x)&0x1f)
#define PCI_ATS_CAP_PAGE_ALIGNED 0x0020
#define PCI_ATS_CTRL 0x06
#define PCI_ATS_CTRL_ENABLE 0x8000
#define PCI_ATS_CTRL_STU(x) ((x)&0x1f)
#define PCI_EXT_CAP_ATS_SIZEOF 8

#define PCI_PRI_CTRL 0x04
#define PCI_PRI_CTRL_ENABLE 0x0001
#define PCI_PRI_CTRL_RESET 0x0002
#define PCI_PRI_STATUS 0x06
#define PCI_PRI_STATUS_RF 0x0001
#define PCI_PRI_STATUS_UPRGI 0x0002
#define PCI_PRI_STATUS_STOPPED 0x0100
#define PCI_PRI_STATUS_PASID 0x8000
#define PCI_PRI_MAX_REQ 0x08
#define PCI_PRI_ALLOC_REQ 0x0c
#define PCI_EXT_CAP_PRI_SIZEOF 16

#define PCI_PASID_CAP 0x04
#define PCI_PASID_CAP_EXEC 0x0002
#define PCI_PASID_CAP_PRIV 0x0004
#define PCI_PASID_CAP_WIDTH 0x1f00
#define PCI_PASID_CTRL 0x06
#define PCI_PASID_CTRL_ENABLE 0x0001
#define PCI_PASID_CTRL_EXEC 0x0002
#define PCI_PASID_CTRL_PRIV 0x0004
#define PCI_EXT_CAP_PASID_SIZEOF 8

/* Config space is little-endian whatever the host. */
static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* drivers/pci/ats.c pci_max_pasids() / pci_pasid_features() /
 * pci_pasid_status() read these two words. */
static void decode_pasid(const uint8_t *c, unsigned pos, struct ioasid_pasid_cap *p)
{
	uint16_t cap = rd16(c + pos + PCI_PASID_CAP);
	uint16_t ctrl = rd16(c + pos + PCI_PASID_CTRL);

	p->present = true;
	p->offset = pos;
	/* FIELD_GET(PCI_PASID_CAP_WIDTH, supported): max PASIDs = 1 << width */
	p->width = (cap & PCI_PASID_CAP_WIDTH) >> 8;
	p->exec = cap & PCI_PASID_CAP_EXEC;
	p->priv = cap & PCI_PASID_CAP_PRIV;
	p->enabled = ctrl & PCI_PASID_CTRL_ENABLE;
	p->exec_enabled = ctrl & PCI_PASID_CTRL_EXEC;
	p->priv_enabled = ctrl & PCI_PASID_CTRL_PRIV;
}

/* drivers/pci/ats.c pci_enable_pri() (PCI_PRI_STATUS, PCI_PRI_MAX_REQ,
 * PCI_PRI_ALLOC_REQ), pci_prg_resp_pasid_required() (PCI_PRI_STATUS_PASID). */
static void decode_pri(const uint8_t *c, unsigned pos, struct ioasid_pri_cap *p)
{
	uint16_t ctrl = rd16(c + pos + PCI_PRI_CTRL);
	uint16_t status = rd16(c + pos + PCI_PRI_STATUS);

	p->present = true;
	p->offset = pos;
	p->enabled = ctrl & PCI_PRI_CTRL_ENABLE;
	p->reset = ctrl & PCI_PRI_CTRL_RESET;
	p->rf = status & PCI_PRI_STATUS_RF;
	p->uprgi = status & PCI_PRI_STATUS_UPRGI;
	p->stopped = status & PCI_PRI_STATUS_STOPPED;
	p->prg_pasid_required = status & PCI_PRI_STATUS_PASID;
	p->capacity = rd32(c + pos + PCI_PRI_MAX_REQ);
	p->allocation = rd32(c + pos + PCI_PRI_ALLOC_REQ);
}

/* drivers/pci/ats.c pci_ats_queue_depth() (PCI_ATS_CAP_QDEP, 0 means
 * PCI_ATS_MAX_QDEP), pci_ats_page_aligned() (PCI_ATS_CAP_PAGE_ALIGNED),
 * pci_enable_ats() (PCI_ATS_CTRL_ENABLE, PCI_ATS_CTRL_STU). */
static void decode_ats(const uint8_t *c, unsigned pos, struct ioasid_ats_cap *a)
{
	uint16_t cap = rd16(c + pos + PCI_ATS_CAP);
	uint16_t ctrl = rd16(c + pos + PCI_ATS_CTRL);

	a->present = true;
	a->offset = pos;
	a->qdep = PCI_ATS_CAP_QDEP(cap);
	a->page_aligned = cap & PCI_ATS_CAP_PAGE_ALIGNED;
	a->enabled = ctrl & PCI_ATS_CTRL_ENABLE;
	a->stu = PCI_ATS_CTRL_STU(ctrl);
}

IOASID_EXPORT void ioasid_pci_decode_caps(const uint8_t *cfg, size_t len,
					  struct ioasid_pasid_cap *pasid,
					  struct ioasid_pri_cap *pri, struct ioasid_ats_cap *ats)
{
	/* drivers/pci/pci.c pci_find_next_ext_capability(): a capability is
	 * at least 8 bytes, so a list longer than this loops. */
	int ttl = (PCI_CFG_SPACE_EXP_SIZE - PCI_CFG_SPACE_SIZE) / 8;
	unsigned pos = PCI_CFG_SPACE_SIZE;

	if (pasid)
		memset(pasid, 0, sizeof(*pasid));
	if (pri)
		memset(pri, 0, sizeof(*pri));
	if (ats)
		memset(ats, 0, sizeof(*ats));
	if (!cfg)
		return;
	if (len > PCI_CFG_SPACE_EXP_SIZE)
		len = PCI_CFG_SPACE_EXP_SIZE;

	while (ttl-- > 0) {
		uint32_t header;
		unsigned id;

		if (pos + 4 > len)
			break; /* truncated image */
		header = rd32(cfg + pos);
		/* 0: no (more) capabilities; ~0: the read failed (absent
		 * device, or config space the host would not give us) */
		if (header == 0 || header == 0xffffffff)
			break;
		id = PCI_EXT_CAP_ID(header);
		/* The kernel uses the first instance of each (pci_pasid_init(),
		 * pci_pri_init(), pci_ats_init() via pci_find_ext_capability()).
		 * A capability whose body runs past the image is not decoded. */
		if (id == PCI_EXT_CAP_ID_PASID && pasid && !pasid->present &&
		    pos + PCI_EXT_CAP_PASID_SIZEOF <= len)
			decode_pasid(cfg, pos, pasid);
		else if (id == PCI_EXT_CAP_ID_PRI && pri && !pri->present &&
			 pos + PCI_EXT_CAP_PRI_SIZEOF <= len)
			decode_pri(cfg, pos, pri);
		else if (id == PCI_EXT_CAP_ID_ATS && ats && !ats->present &&
			 pos + PCI_EXT_CAP_ATS_SIZEOF <= len)
			decode_ats(cfg, pos, ats);
		/* PCI_EXT_CAP_NEXT() masks the two low (reserved) bits, so
		 * the pointer is always dword-aligned, as in the kernel and
		 * lspci; one below 0x100 ends the list. */
		pos = PCI_EXT_CAP_NEXT(header);
		if (pos < PCI_CFG_SPACE_SIZE)
			break;
	}
}

/* The standard capability list (drivers/pci/pci.c __pci_find_next_cap_ttl():
 * at most PCI_FIND_CAP_TTL = 48 steps, pointers below 0x40 end it, 0xff ids
 * end it). A pointer whose two bytes lie past len ends it too: a reader
 * without CAP_SYS_ADMIN gets 64 bytes only. */
unsigned ioasid_pci_find_std_cap(const uint8_t *cfg, size_t len, unsigned id)
{
	unsigned pos, ttl = 48;

	if (len < 0x40 || !(cfg[0x06] & 0x10)) /* PCI_STATUS_CAP_LIST */
		return 0;
	switch (cfg[0x0e] & 0x7f) { /* PCI_HEADER_TYPE_MASK */
	case 0:
	case 1:
		pos = cfg[0x34]; /* PCI_CAPABILITY_LIST */
		break;
	case 2:
		pos = cfg[0x14]; /* PCI_CB_CAPABILITY_LIST */
		break;
	default:
		return 0;
	}
	while (ttl--) {
		if (pos < 0x40)
			break;
		pos &= ~3u;
		if (pos + 2 > len || cfg[pos] == 0xff)
			break;
		if (cfg[pos] == id)
			return pos;
		pos = cfg[pos + 1]; /* PCI_CAP_LIST_NEXT */
	}
	return 0;
}

/* The first extended capability id at or after 0x100 (the walk of
 * pci_find_next_ext_capability(), as in ioasid_pci_decode_caps()), or 0. */
static unsigned find_ext_cap(const uint8_t *cfg, size_t len, unsigned want)
{
	int ttl = (PCI_CFG_SPACE_EXP_SIZE - PCI_CFG_SPACE_SIZE) / 8;
	unsigned pos = PCI_CFG_SPACE_SIZE;

	while (ttl-- > 0 && pos + 4 <= len) {
		uint32_t header = rd32(cfg + pos);

		if (header == 0 || header == 0xffffffff)
			break;
		if (PCI_EXT_CAP_ID(header) == want)
			return pos;
		pos = PCI_EXT_CAP_NEXT(header);
		if (pos < PCI_CFG_SPACE_SIZE)
			break;
	}
	return 0;
}

/*
 * The facts the kernel's PCI path rules read (ioasid-pci.h struct
 * ioasid_pci_topo): drivers/pci/probe.c pci_setup_device() (multifunction
 * from PCI_HEADER_TYPE bit 7), set_pcie_port_type() (PCI_EXP_FLAGS_TYPE),
 * pci_configure_eetlp_prefix() (PCI_EXP_DEVCAP2_EE_PREFIX, read through
 * pcie_capability_read_dword(), which returns 0 for a version 1 PCIe
 * capability), drivers/pci/pci.c pci_acs_flags_enabled() (PCI_ACS_CAP,
 * PCI_ACS_CTRL of PCI_EXT_CAP_ID_ACS).
 */
IOASID_EXPORT void ioasid_pci_decode_topo(const uint8_t *cfg, size_t len, struct ioasid_pci_topo *t)
{
	unsigned exp, acs;

	memset(t, 0, sizeof(*t));
	t->pcie_type = -1;
	if (!cfg || len < 0x40)
		return;
	if (len > PCI_CFG_SPACE_EXP_SIZE)
		len = PCI_CFG_SPACE_EXP_SIZE;
	t->valid = true;
	t->hdr_type = cfg[0x0e] & 0x7f;
	t->multifunction = cfg[0x0e] & 0x80;
	if (t->hdr_type == 1) {			/* PCI_HEADER_TYPE_BRIDGE */
		t->primary_bus = cfg[0x18];	/* PCI_PRIMARY_BUS */
		t->secondary_bus = cfg[0x19];	/* PCI_SECONDARY_BUS */
		t->subordinate_bus = cfg[0x1a]; /* PCI_SUBORDINATE_BUS */
	}
	exp = ioasid_pci_find_std_cap(cfg, len, 0x10); /* PCI_CAP_ID_EXP */
	if (!exp) {
		/* not PCIe, or its capability lies past what we could read */
		t->pcie_known = len >= PCI_CFG_SPACE_SIZE;
		return;
	}
	if (exp + 0x28 > len)
		return;
	t->pcie_known = true;
	t->pcie_cap_ver = rd16(cfg + exp + 0x02) & 0x000f;     /* PCI_EXP_FLAGS_VERS */
	t->pcie_type = (rd16(cfg + exp + 0x02) & 0x00f0) >> 4; /* PCI_EXP_FLAGS_TYPE */
	if (t->pcie_cap_ver > 1)
		t->eetlp_prefix = rd32(cfg + exp + 0x24) & 0x00200000; /* DEVCAP2 */
	if (len < PCI_CFG_SPACE_EXP_SIZE)
		return; /* ACS unknown: no extended space read */
	t->acs_known = true;
	acs = find_ext_cap(cfg, len, 0x0d); /* PCI_EXT_CAP_ID_ACS */
	if (acs && acs + 8 <= len) {
		t->acs_present = true;
		t->acs_cap = rd16(cfg + acs + 0x04);  /* PCI_ACS_CAP */
		t->acs_ctrl = rd16(cfg + acs + 0x06); /* PCI_ACS_CTRL */
	}
}

/* Up to max hex digits, at least one; returns the number of digits, *end
 * after them. */
static int parse_hex(const char *s, unsigned max, unsigned long *v, const char **end)
{
	unsigned long x = 0;
	unsigned n = 0;

	for (; n <= max; n++, s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		x = x * 16 + (unsigned long)d;
	}
	if (n == 0 || n > max)
		return -EINVAL;
	*v = x;
	*end = s;
	return (int)n;
}

/*
 * "[domain:]bus:dev.fn" as lspci -s and sysfs spell it: domain up to 8 hex
 * digits below 0x10000000 (the canonical form must fit in 16 bytes; Linux
 * domains are 16 bits, VMD's start at 0x10000), bus and device 1-2 hex
 * digits, device below 0x20, function one digit 0-7. Nothing else, not
 * even blanks.
 */
IOASID_EXPORT int ioasid_pci_parse_bdf(const char *s, char out[16])
{
	unsigned long dom = 0, bus, dev;
	const char *p = s, *e;
	int n, n1;

	if (!s)
		return -EINVAL;
	n1 = parse_hex(p, 8, &bus, &e);
	if (n1 < 0 || *e != ':')
		return -EINVAL;
	p = e + 1;
	n = parse_hex(p, 8, &dev, &e);
	if (n < 0)
		return -EINVAL;
	if (*e == ':') {
		/* three fields: what we read were domain and bus */
		if (dev > 0xff || n > 2)
			return -EINVAL;
		dom = bus;
		bus = dev;
		p = e + 1;
		n = parse_hex(p, 2, &dev, &e);
		if (n < 0)
			return -EINVAL;
	} else if (n1 > 2 || n > 2) {
		return -EINVAL; /* two fields: bus and device, 2 digits each */
	}
	if (*e != '.' || dom > 0xfffffff || bus > 0xff || dev > 0x1f)
		return -EINVAL;
	p = e + 1;
	if (*p < '0' || *p > '7' || p[1])
		return -EINVAL;
	snprintf(out, 16, "%04lx:%02lx:%02lx.%c", dom, bus, dev, *p);
	return 0;
}
