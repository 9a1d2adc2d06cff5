// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reason chains (reason-host.c, reason-unit.c, reason-dev.c), one rule
 * at a time with both outcomes, on fake hosts (sysroot.h): /proc release,
 * command line, cpuinfo, /boot config, /sys/class/iommu units, ACPI DMAR,
 * and PCI functions whose config files libpci reads. The expected verdicts
 * come from the kernel functions each rule models (6.12 unless said):
 *   drivers/iommu/intel/iommu.h pasid_supported(), sm_supported()
 *   drivers/iommu/intel/dmar.c alloc_iommu() (max_pasids = 2 << ecap_pss)
 *   drivers/iommu/intel/svm.c intel_svm_check() (SMPWC, pdpe1gb/FL1GP,
 *     la57/FL5LP), pasid.c intel_pasid_setup_first_level() (FLTS)
 *   drivers/iommu/intel/iommu.c init_dmars() (ecap_prs), dmar_ats_supported()
 *     (SATC, root port in ATSR or ALL_PORTS), intel_iommu_probe_device()
 *     (ecap_dev_iotlb_support), intel_iommu_enable_iopf() (PRG PASID required)
 *   drivers/iommu/amd/amd_iommu.h amd_iommu_gt_ppr_supported() (6.12:
 *     GT && PPR && EPHSUP), init.c amd_iommu_pasid_supported() (la57 vs
 *     GATS, SNP), init.c iommu_init_pci() (6.12 max_pasids from PASmax)
 *   drivers/pci/probe.c pci_configure_eetlp_prefix() (DEVCAP2 bit 21 on the
 *     function and every bridge up to the root port)
 *   drivers/pci/ats.c pci_enable_pasid() (6.12 pci_acs_path_enabled(RR|UF);
 *     6.1 none; pasid_no_tlp; VFs follow the PF)
 *   drivers/pci/pci.c pci_acs_enabled() (downstream/root ports always,
 *     multifunction endpoints and upstream ports by their registers)
 *   drivers/pci/quirks.c quirk_huawei_pcie_sva() (pasid_no_tlp)
 * Register bits: include/uapi/linux/pci_regs.h, drivers/iommu/intel/iommu.h
 * (the cap_ and ecap_ macros), drivers/iommu/amd/amd_iommu_types.h (FEATURE_*).
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

#include "ioasid.h"
#include "ioasid-reason.h"
#include "sysroot.h"

/* Debian 13's 6.12.63-1, the last 6.12 package before the x86 SVA
 * switch-off (kernel.sva_x86): the SVA rules below are those of a kernel
 * where SVA can work */
#define REL612 "6.12.63+deb13-amd64"
#define REL61 "6.1.0-56-amd64"
/* Debian 6.1's /proc/version (fs/proc/version.c), naming the package */
#define BANNER_61(pkg)                                                                             \
	"Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian "           \
	"12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP "                \
	"PREEMPT_DYNAMIC Debian " pkg " (2026-11-16)\n"

/* drivers/pci/Kconfig, drivers/iommu/Kconfig: what a PASID user needs */
#define CFG_FULL                                                                                   \
	"CONFIG_PCI_PASID=y\nCONFIG_PCI_ATS=y\nCONFIG_PCI_PRI=y\nCONFIG_IOMMU_SVA=y\n"             \
	"CONFIG_INTEL_IOMMU=y\nCONFIG_INTEL_IOMMU_SVM=y\nCONFIG_AMD_IOMMU=y\n"                     \
	"CONFIG_AMD_IOMMU_V2=m\n"
#define CFG_NO_PRI                                                                                 \
	"CONFIG_PCI_PASID=y\nCONFIG_PCI_ATS=y\n# CONFIG_PCI_PRI is not set\nCONFIG_IOMMU_SVA=y\n"  \
	"CONFIG_INTEL_IOMMU=y\nCONFIG_INTEL_IOMMU_SVM=y\n"

/* VT-d ECAP bits (drivers/iommu/intel/iommu.h): QI 1, DT 2, PRS 29,
 * PSS 39:35, PASID 40, PDS 42, SMTS 43, FLTS 47, SMPWC 48. */
#define E_QI (1ull << 1)
#define E_DT (1ull << 2)
#define E_PRS (1ull << 29)
#define E_PSS19 (19ull << 35)
#define E_PASID (1ull << 40)
#define E_PDS (1ull << 42)
#define E_SMTS (1ull << 43)
#define E_FLTS (1ull << 47)
#define E_SMPWC (1ull << 48)
#define ECAP_SVA (E_QI | E_DT | E_PRS | E_PSS19 | E_PASID | E_PDS | E_SMTS | E_FLTS | E_SMPWC)
/* CAP: FL1GP 56, FL5LP 60; the rest a plausible SAGAW/MGAW/ND */
#define C_BASE 0x00d2008c40660462ull
#define C_FL1GP (1ull << 56)
#define C_FL5LP (1ull << 60)

/* AMD EFR (amd_iommu_types.h): PPR 1, GT 4, GATS 13:12, PASMAX 36:32,
 * EPHSUP 50, SNP 63. */
#define F_PPR (1ull << 1)
#define F_GT (1ull << 4)
#define F_GATS5 (1ull << 12)
#define F_PASMAX15 (15ull << 32)
#define F_EPHSUP (1ull << 50)
#define F_SNP (1ull << 63)
#define EFR_SVA (F_PPR | F_GT | F_PASMAX15 | F_EPHSUP)

/* ---- the fake host ---- */

struct host {
	struct sysroot *sr;
	struct ioasid_ctx *ctx;
	struct ioasid_iommu_list il;
	struct ioasid_pci_list pl;
	struct ioasid_chain c;
	bool loaded;
};

static int setup(void **state)
{
	struct host *h = calloc(1, sizeof(*h));

	assert_non_null(h);
	h->sr = sr_new();
	*state = h;
	return 0;
}

static void unload(struct host *h)
{
	if (!h->loaded)
		return;
	ioasid_chain_free(&h->c);
	ioasid_pci_list_free(&h->pl);
	ioasid_iommu_list_free(&h->il);
	ioasid_ctx_free(h->ctx);
	h->loaded = false;
}

static int teardown(void **state)
{
	struct host *h = *state;

	unload(h);
	sr_free(h->sr);
	free(h);
	return 0;
}

static void kernel(struct host *h, const char *rel, const char *cmdline, const char *config,
		   const char *cpuflags)
{
	char p[128];

	sr_writef(h->sr, "/proc/sys/kernel/osrelease", "%s\n", rel);
	sr_writef(h->sr, "/proc/cmdline", "BOOT_IMAGE=/boot/vmlinuz-%s root=/dev/vda1 ro %s\n", rel,
		  cmdline);
	if (config) {
		snprintf(p, sizeof(p), "/boot/config-%s", rel);
		sr_write(h->sr, p, config);
	}
	/* arch/x86/kernel/cpu/proc.c show_cpuinfo() */
	if (cpuflags)
		sr_writef(h->sr, "/proc/cpuinfo",
			  "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme pse %s\n"
			  "bugs\t\t:\n\n",
			  cpuflags);
}

/* A symlink, replacing an older one (tests rebuild parts of a host). */
static void relink(struct host *h, const char *target, const char *link)
{
	unlink(sr_path(h->sr, link));
	sr_symlink(h->sr, target, link);
}

static void unit_dir(struct host *h, const char *name)
{
	char dev[128], link[128], target[128];

	snprintf(dev, sizeof(dev), "/sys/devices/virtual/iommu/%s", name);
	snprintf(link, sizeof(link), "/sys/class/iommu/%s", name);
	snprintf(target, sizeof(target), "../../devices/virtual/iommu/%s", name);
	sr_mkdir(h->sr, dev);
	relink(h, target, link);
}

/* drivers/iommu/intel/iommu.c cap_show()/ecap_show(): "%llx\n" */
static void vtd(struct host *h, const char *name, uint64_t cap, uint64_t ecap)
{
	char p[160];

	unit_dir(h, name);
	snprintf(p, sizeof(p), "/sys/devices/virtual/iommu/%s/intel-iommu/version", name);
	sr_write(h->sr, p, "1:0\n");
	snprintf(p, sizeof(p), "/sys/devices/virtual/iommu/%s/intel-iommu/cap", name);
	sr_writef(h->sr, p, "%llx\n", (unsigned long long)cap);
	snprintf(p, sizeof(p), "/sys/devices/virtual/iommu/%s/intel-iommu/ecap", name);
	sr_writef(h->sr, p, "%llx\n", (unsigned long long)ecap);
}

/* drivers/iommu/amd/init.c amd_iommu_show_features(): 6.12 "%llx:%llx\n"
 * (EFR, EFR2); 6.1 "%llx:%llx\n" (EFR2, EFR); amd_iommu_show_cap() "%x\n" */
static void amd(struct host *h, const char *name, uint64_t efr, bool v612, uint32_t cap)
{
	char p[160];

	unit_dir(h, name);
	snprintf(p, sizeof(p), "/sys/devices/virtual/iommu/%s/amd-iommu/cap", name);
	sr_writef(h->sr, p, "%x\n", cap);
	snprintf(p, sizeof(p), "/sys/devices/virtual/iommu/%s/amd-iommu/features", name);
	if (v612)
		sr_writef(h->sr, p, "%llx:0\n", (unsigned long long)efr);
	else
		sr_writef(h->sr, p, "0:%llx\n", (unsigned long long)efr);
}

/* ---- ACPI DMAR (include/acpi/actbl1.h) ---- */

struct img {
	uint8_t b[1024];
	size_t n;
};

static void p8(struct img *m, unsigned v)
{
	m->b[m->n++] = (uint8_t)v;
}

static void p16(struct img *m, unsigned v)
{
	p8(m, v & 0xff);
	p8(m, v >> 8);
}

static void p32(struct img *m, uint32_t v)
{
	p16(m, v & 0xffff);
	p16(m, v >> 16);
}

static void dmar_begin(struct img *m)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->b, "DMAR", 4);
	m->n = 36; /* acpi_table_header */
	p8(m, 38); /* width - 1 */
	p8(m, 1);  /* INTR_REMAP */
	m->n = 48;
	/* DRHD, INCLUDE_PCI_ALL, segment 0, 0xfed90000 */
	p16(m, 0);
	p16(m, 16);
	p8(m, 1);
	p8(m, 0);
	p16(m, 0);
	p32(m, 0xfed90000);
	p32(m, 0);
}

/* An ATSR (2) or SATC (5) with one scope of npath (dev, fn) pairs from
 * bus 0 (scope type 2 bridge for ATSR, 1 endpoint for SATC). */
static void dmar_small(struct img *m, unsigned type, unsigned flags, unsigned npath,
		       const uint8_t path[][2])
{
	size_t at = m->n;

	p16(m, type);
	p16(m, 0);
	p8(m, flags);
	p8(m, 0);
	p16(m, 0);
	if (npath) {
		p8(m, type == 2 ? 2 : 1);
		p8(m, 6 + 2 * npath);
		p16(m, 0);
		p8(m, 0);
		p8(m, 0);
		for (unsigned i = 0; i < npath; i++) {
			p8(m, path[i][0]);
			p8(m, path[i][1]);
		}
	}
	m->b[at + 2] = (uint8_t)(m->n - at);
}

static void dmar_end(struct host *h, struct img *m)
{
	m->b[4] = (uint8_t)m->n;
	m->b[5] = (uint8_t)(m->n >> 8);
	sr_write_bytes(h->sr, "/sys/firmware/acpi/tables/DMAR", m->b, m->n);
}

static void dmar_plain(struct host *h)
{
	struct img m;

	dmar_begin(&m);
	dmar_end(h, &m);
}

/* ---- PCI config images (include/uapi/linux/pci_regs.h) ---- */

struct cfg {
	uint8_t b[4096];
	unsigned ext_last; /* offset of the last extended cap, 0 if none */
};

static void w16(uint8_t *c, unsigned pos, unsigned v)
{
	c[pos] = (uint8_t)v;
	c[pos + 1] = (uint8_t)(v >> 8);
}

static void w32(uint8_t *c, unsigned pos, uint32_t v)
{
	w16(c, pos, v & 0xffff);
	w16(c, pos + 2, v >> 16);
}

/* A PCIe function: PCI_CAP_ID_EXP at 0x40, version 2, the port type;
 * DEVCAP2 (cap + 0x24) bit 21 PCI_EXP_DEVCAP2_EE_PREFIX; header type 0
 * (or 1 with bus numbers). */
static void cfg_pcie(struct cfg *c, uint16_t vendor, uint16_t device, unsigned type, bool eetlp,
		     bool mf)
{
	memset(c, 0, sizeof(*c));
	w16(c->b, 0x00, vendor);
	w16(c->b, 0x02, device);
	c->b[0x0b] = 0x08;
	c->b[0x0a] = 0x80;
	c->b[0x06] = 0x10;	    /* PCI_STATUS_CAP_LIST */
	c->b[0x0e] = mf ? 0x80 : 0; /* PCI_HEADER_TYPE_MFD */
	c->b[0x34] = 0x40;
	c->b[0x40] = 0x10; /* PCI_CAP_ID_EXP */
	w16(c->b, 0x42, 0x2 | type << 4);
	if (eetlp)
		w32(c->b, 0x40 + 0x24, 1u << 21);
}

static void cfg_bridge(struct cfg *c, unsigned type, bool eetlp, unsigned pri, unsigned sec,
		       unsigned sub)
{
	cfg_pcie(c, 0x8086, 0x7075, type, eetlp, false);
	c->b[0x0b] = 0x06;
	c->b[0x0a] = 0x04;
	c->b[0x0e] = 1; /* PCI_HEADER_TYPE_BRIDGE */
	c->b[0x18] = (uint8_t)pri;
	c->b[0x19] = (uint8_t)sec;
	c->b[0x1a] = (uint8_t)sub;
}

/* Append an extended capability (version 1) of 0x20 bytes. */
static unsigned ext(struct cfg *c, unsigned id)
{
	unsigned pos = c->ext_last ? c->ext_last + 0x20 : 0x100;

	if (c->ext_last)
		w32(c->b, c->ext_last,
		    (uint32_t)(c->b[c->ext_last] | c->b[c->ext_last + 1] << 8) | 1u << 16 |
			    pos << 20);
	w32(c->b, pos, id | 1u << 16);
	c->ext_last = pos;
	return pos;
}

/* PCI_EXT_CAP_ID_PASID 0x1b: cap (width 0x1f00), ctrl (ENABLE 1) */
static void cap_pasid(struct cfg *c, unsigned width, bool enabled)
{
	unsigned p = ext(c, 0x1b);

	w16(c->b, p + 4, width << 8);
	w16(c->b, p + 6, enabled ? 1 : 0);
}

/* PCI_EXT_CAP_ID_ATS 0x0f: cap PCI_ATS_CAP_PAGE_ALIGNED 0x0020 (bit 5 of
 * the capability register at +4), ctrl ENABLE 0x8000 (+6) */
static void cap_ats_pa(struct cfg *c, bool enabled, bool page_aligned)
{
	unsigned p = ext(c, 0x0f);

	w16(c->b, p + 4, page_aligned ? 0x0020 : 0);
	w16(c->b, p + 6, enabled ? 0x8000 : 0);
}

static void cap_ats(struct cfg *c, bool enabled)
{
	cap_ats_pa(c, enabled, true);
}

/* PCI_EXT_CAP_ID_PRI 0x13: status PRG response PASID required 0x8000,
 * outstanding capacity at +8 */
static void cap_pri(struct cfg *c, bool prg_pasid, bool enabled)
{
	unsigned p = ext(c, 0x13);

	w16(c->b, p + 4, enabled ? 1 : 0);
	w16(c->b, p + 6, prg_pasid ? 0x8100 : 0x0100);
	w32(c->b, p + 8, 0x200);
}

/* PCI_EXT_CAP_ID_ACS 0x0d: cap, ctrl (RR 0x04, UF 0x10) */
static void cap_acs(struct cfg *c, uint16_t cap, uint16_t ctrl)
{
	unsigned p = ext(c, 0x0d);

	w16(c->b, p + 4, cap);
	w16(c->b, p + 6, ctrl);
}

#define DEV "/sys/bus/pci/devices/"

/* A function in sysfs: vendor, device, class, config (len bytes), and
 * links iommu (unit name or NULL), driver (NULL: none), physfn. */
static void pci(struct host *h, const char *bdf, const struct cfg *c, size_t len, const char *iommu,
		const char *driver, const char *physfn)
{
	char p[256], t[256];

	snprintf(p, sizeof(p), DEV "%s/vendor", bdf);
	sr_writef(h->sr, p, "0x%02x%02x\n", c->b[1], c->b[0]);
	snprintf(p, sizeof(p), DEV "%s/device", bdf);
	sr_writef(h->sr, p, "0x%02x%02x\n", c->b[3], c->b[2]);
	snprintf(p, sizeof(p), DEV "%s/class", bdf);
	sr_writef(h->sr, p, "0x%02x%02x%02x\n", c->b[0x0b], c->b[0x0a], c->b[0x09]);
	snprintf(p, sizeof(p), DEV "%s/config", bdf);
	sr_write_bytes(h->sr, p, c->b, len);
	if (iommu) {
		unsigned bus = 0, dev = 0, fn = 0, grp;

		snprintf(p, sizeof(p), DEV "%s/iommu", bdf);
		snprintf(t, sizeof(t), "../../../virtual/iommu/%s", iommu);
		relink(h, t, p);
		/* a group of its own (drivers/iommu/iommu.c
		 * iommu_group_add_device(): the iommu_group link, the group's
		 * devices/ entry; iommu_group_show_type()) */
		sscanf(bdf, "%*x:%x:%x.%x", &bus, &dev, &fn);
		grp = 100 + bus * 256 + dev * 8 + fn;
		snprintf(p, sizeof(p), "/sys/kernel/iommu_groups/%u/type", grp);
		sr_write(h->sr, p, "identity\n");
		snprintf(p, sizeof(p), "/sys/kernel/iommu_groups/%u/devices/%s", grp, bdf);
		snprintf(t, sizeof(t), "../../../../bus/pci/devices/%s", bdf);
		relink(h, t, p);
		snprintf(p, sizeof(p), DEV "%s/iommu_group", bdf);
		snprintf(t, sizeof(t), "../../../../kernel/iommu_groups/%u", grp);
		relink(h, t, p);
	}
	if (driver) {
		snprintf(p, sizeof(p), DEV "%s/driver", bdf);
		snprintf(t, sizeof(t), "../../../../bus/pci/drivers/%s", driver);
		relink(h, t, p);
	}
	if (physfn) {
		snprintf(p, sizeof(p), DEV "%s/physfn", bdf);
		snprintf(t, sizeof(t), "../%s", physfn);
		relink(h, t, p);
	}
}

/* Root port 00:01.0 (secondary bus 1) with ACS RR|UF on, and an
 * endpoint 01:00.0 with PASID (20 bits), ATS and PRI, bound to idxd. */
static void rp(struct host *h, const char *bdf, bool eetlp, uint16_t acs_ctrl, unsigned sec)
{
	struct cfg c;

	cfg_bridge(&c, 0x4, eetlp, 0, sec, sec + 2);
	cap_acs(&c, 0x1f, acs_ctrl);
	pci(h, bdf, &c, 4096, NULL, "pcieport", NULL);
}

static void endpoint(struct host *h, const char *bdf, const char *iommu, bool pasid_en, bool ats_en,
		     bool prg_pasid, bool pri_en)
{
	struct cfg c;

	cfg_pcie(&c, 0x8086, 0x0b25, 0x0, true, false);
	cap_ats(&c, ats_en);
	cap_pasid(&c, 20, pasid_en);
	cap_pri(&c, prg_pasid, pri_en);
	pci(h, bdf, &c, 4096, iommu, "idxd", NULL);
}

/* A good VT-d host: 6.12, scalable mode, one SVA-capable unit, a DMAR
 * with INCLUDE_ALL and the given ATSR/SATC (built by the caller, or
 * plain when m is NULL). */
static void vtd_host(struct host *h, const char *cpuflags, uint64_t cap, uint64_t ecap)
{
	kernel(h, REL612, "intel_iommu=on,sm_on", CFG_FULL, cpuflags);
	vtd(h, "dmar0", cap, ecap);
}

static void load(struct host *h)
{
	unload(h);
	h->ctx = sr_ctx(h->sr);
	assert_int_equal(ioasid_iommu_list(h->ctx, &h->il), 0);
	assert_int_equal(ioasid_pci_list(h->ctx, &h->il, &h->pl), 0);
	h->loaded = true;
}

static void host_chain(struct host *h)
{
	load(h);
	assert_int_equal(ioasid_host_chain(h->ctx, &h->il, &h->c), 0);
}

static void dev_chain(struct host *h, const char *bdf)
{
	load(h);
	assert_int_equal(ioasid_device_chain(h->ctx, &h->il, &h->pl, bdf, &h->c), 0);
}

static void dump(const struct ioasid_chain *c)
{
	for (size_t i = 0; i < c->n; i++)
		print_message("  [%zu] %-20s %-14s %-7s %s\n", i, c->v[i].rule, c->v[i].subject,
			      ioasid_verdict_name(c->v[i].verdict), c->v[i].evidence);
}

/* The step of rule on subject; fails the test if absent. */
static const struct ioasid_step *step(const struct ioasid_chain *c, const char *rule,
				      const char *subject)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].rule, rule) && !strcmp(c->v[i].subject, subject))
			return &c->v[i];
	dump(c);
	fail_msg("no step %s on %s", rule, subject);
	return NULL;
}

static bool has_step(const struct ioasid_chain *c, const char *rule, const char *subject)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].rule, rule) && !strcmp(c->v[i].subject, subject))
			return true;
	return false;
}

static void expect(const struct ioasid_chain *c, const char *rule, const char *subject,
		   enum ioasid_verdict v, const char *evidence)
{
	const struct ioasid_step *s = step(c, rule, subject);

	if (s->verdict != v) {
		dump(c);
		fail_msg("%s on %s: %s, expected %s", rule, subject,
			 ioasid_verdict_name(s->verdict), ioasid_verdict_name(v));
	}
	if (evidence && !strstr(s->evidence, evidence)) {
		dump(c);
		fail_msg("%s on %s: evidence \"%s\" lacks \"%s\"", rule, subject, s->evidence,
			 evidence);
	}
}

/* An answer: yes (rule NULL), or no/unknown decided by rule on subject. */
static void answer(const struct ioasid_chain *c, const struct ioasid_answer *a,
		   enum ioasid_verdict v, const char *rule, const char *subject)
{
	if (a->verdict != v) {
		dump(c);
		fail_msg("answer %s, expected %s", ioasid_verdict_name(a->verdict),
			 ioasid_verdict_name(v));
	}
	if (!rule) {
		assert_int_equal(a->step, -1);
		return;
	}
	assert_true(a->step >= 0 && (size_t)a->step < c->n);
	if (strcmp(c->v[a->step].rule, rule) || strcmp(c->v[a->step].subject, subject)) {
		dump(c);
		fail_msg("decided by %s on %s, expected %s on %s", c->v[a->step].rule,
			 c->v[a->step].subject, rule, subject);
	}
}

#define YES(c, a) answer(c, &(c)->a, IOASID_V_OK, NULL, NULL)
#define NO(c, a, rule, subj) answer(c, &(c)->a, IOASID_V_FAIL, rule, subj)
#define UNK(c, a, rule, subj) answer(c, &(c)->a, IOASID_V_UNKNOWN, rule, subj)

/* ---- host: firmware, units, config, VT-d unit rules ---- */

/* Everything in place: every rule passes, all three answers yes. */
static void test_vtd_host_good(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	vtd_host(h, "pdpe1gb la57 enqcmd", C_BASE | C_FL1GP | C_FL5LP, ECAP_SVA);
	dmar_plain(h);
	host_chain(h);
	expect(c, "firmware.table", "host", IOASID_V_OK, "1 DRHD");
	expect(c, "iommu.units", "host", IOASID_V_OK, "dmar0 (vtd)");
	expect(c, "kernel.config", "host", IOASID_V_OK, "PCI_PASID=y");
	expect(c, "vtd.pasid_hw", "dmar0", IOASID_V_OK, "PSS=19: 20-bit");
	expect(c, "vtd.scalable_mode", "dmar0", IOASID_V_OK, "scalable");
	/* dmar.c alloc_iommu(): 2UL << ecap_pss(19) = 1048576 */
	expect(c, "vtd.max_pasids", "dmar0", IOASID_V_OK, "1048576");
	expect(c, "vtd.svm", "dmar0", IOASID_V_OK, NULL);
	expect(c, "vtd.prs", "dmar0", IOASID_V_OK, NULL);
	expect(c, "cpu.enqcmd", "host", IOASID_V_OK, NULL);
	YES(c, pasid);
	YES(c, sva);
	YES(c, prq);
}

/* ecap PASID=0: pasid_supported() is false; alloc_iommu() leaves
 * max_pasids 0; no enqcmd flag is only a warning. */
static void test_vtd_no_pasid_hw(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	vtd_host(h, "pdpe1gb", C_BASE | C_FL1GP, ECAP_SVA & ~E_PASID);
	dmar_plain(h);
	host_chain(h);
	expect(c, "vtd.pasid_hw", "dmar0", IOASID_V_FAIL, "PASID=0");
	expect(c, "vtd.max_pasids", "dmar0", IOASID_V_FAIL, NULL);
	expect(c, "cpu.enqcmd", "host", IOASID_V_WARN, NULL);
	NO(c, pasid, "vtd.pasid_hw", "dmar0");
	NO(c, sva, "vtd.pasid_hw", "dmar0");
	NO(c, prq, "vtd.pasid_hw", "dmar0");
}

/* cap unreadable (garbage): nothing about the unit is known. */
static void test_vtd_regs_unknown(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	vtd_host(h, "pdpe1gb", C_BASE, ECAP_SVA);
	sr_write(h->sr, "/sys/devices/virtual/iommu/dmar0/intel-iommu/cap", "zz\n");
	dmar_plain(h);
	host_chain(h);
	expect(c, "vtd.pasid_hw", "dmar0", IOASID_V_UNKNOWN, NULL);
	assert_false(has_step(c, "vtd.scalable_mode", "dmar0"));
	UNK(c, pasid, "vtd.pasid_hw", "dmar0");
}

/* intel_iommu=sm_off: legacy mode; sm_supported() false, so no PASIDs. */
static void test_vtd_legacy_sm_off(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	kernel(h, REL612, "intel_iommu=on,sm_off", CFG_FULL, "pdpe1gb");
	vtd(h, "dmar0", C_BASE | C_FL1GP, ECAP_SVA);
	dmar_plain(h);
	host_chain(h);
	expect(c, "vtd.pasid_hw", "dmar0", IOASID_V_OK, NULL);
	expect(c, "vtd.scalable_mode", "dmar0", IOASID_V_FAIL, "legacy");
	expect(c, "vtd.max_pasids", "dmar0", IOASID_V_FAIL, NULL);
	assert_string_equal(step(c, "vtd.scalable_mode", "dmar0")->fix,
			    "boot with intel_iommu=sm_on");
	NO(c, pasid, "vtd.scalable_mode", "dmar0");
	NO(c, sva, "vtd.scalable_mode", "dmar0");
}

/* intel_svm_check(): GBPAGES without FL1GP disables SVM; PASIDs stay. */
static void test_vtd_svm_fl1gp(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	vtd_host(h, "pdpe1gb", C_BASE, ECAP_SVA);
	dmar_plain(h);
	host_chain(h);
	expect(c, "vtd.svm", "dmar0", IOASID_V_FAIL, "FL1GP=0");
	YES(c, pasid);
	NO(c, sva, "vtd.svm", "dmar0");
	/* 6.12 takes page requests without SVM: init_dmars() enables the
	 * queue on pasid_supported() && ecap_prs() (intel/iommu.c:2410-2416)
	 * and iommufd's fault queue (iommufd/fault.c
	 * iommufd_fault_iopf_enable()) serves non-SVA domains */
	YES(c, prq);
	/* 6.1 handles page requests for SVA binds only (io-pgfault.c
	 * iopf_handle_group() -> iommu_sva_find()): vtd.svm decides them */
	kernel(h, REL61, "intel_iommu=on,sm_on", CFG_FULL, "pdpe1gb");
	sr_write(h->sr, "/proc/version", BANNER_61("6.1.162-1"));
	host_chain(h);
	NO(c, prq, "vtd.svm", "dmar0");
	unlink(sr_path(h->sr, "/proc/version"));
	kernel(h, REL612, "intel_iommu=on,sm_on", CFG_FULL, "pdpe1gb");

	/* the same unit on a CPU without 1 GiB pages: no conflict */
	sr_write(h->sr, "/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vme\n");
	host_chain(h);
	expect(c, "vtd.svm", "dmar0", IOASID_V_OK, "pdpe1gb=0");
	YES(c, sva);
}

/* intel_svm_check(): LA57 without FL5LP. */
static void test_vtd_svm_fl5lp(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	vtd_host(h, "pdpe1gb la57", C_BASE | C_FL1GP, ECAP_SVA);
	dmar_plain(h);
	host_chain(h);
	expect(c, "vtd.svm", "dmar0", IOASID_V_FAIL, "FL5LP=0");
	assert_string_equal(step(c, "vtd.svm", "dmar0")->fix,
			    "boot with no5lvl to use 4-level paging");
	NO(c, sva, "vtd.svm", "dmar0");
	YES(c, pasid);

	vtd(h, "dmar0", C_BASE | C_FL1GP | C_FL5LP, ECAP_SVA);
	host_chain(h);
	expect(c, "vtd.svm", "dmar0", IOASID_V_OK, "FL5LP=1");
}

/* SMPWC=0 (intel_svm_check returns early) and FLTS=0
 * (intel_pasid_setup_first_level() refuses), and no CPU flags at all. */
static void test_vtd_svm_smpwc_flts(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	vtd_host(h, "", C_BASE, ECAP_SVA & ~E_SMPWC);
	dmar_plain(h);
	host_chain(h);
	expect(c, "vtd.svm", "dmar0", IOASID_V_FAIL, "SMPWC=0");

	vtd(h, "dmar0", C_BASE, ECAP_SVA & ~E_FLTS);
	host_chain(h);
	expect(c, "vtd.svm", "dmar0", IOASID_V_FAIL, "FLTS=0");
	assert_non_null(
		strstr(step(c, "vtd.svm", "dmar0")->kernel_ref, "intel_pasid_setup_first_level"));

	vtd(h, "dmar0", C_BASE, ECAP_SVA);
	sr_unlink(h->sr, "/proc/cpuinfo");
	host_chain(h);
	expect(c, "vtd.svm", "dmar0", IOASID_V_UNKNOWN, "not readable");
	expect(c, "cpu.enqcmd", "host", IOASID_V_UNKNOWN, NULL);
	UNK(c, sva, "vtd.svm", "dmar0");
	YES(c, pasid);
}

/* init_dmars(): page requests need ecap PRS (and PDS for device PRI). */
static void test_vtd_prs(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	vtd_host(h, "", C_BASE, ECAP_SVA & ~E_PRS);
	dmar_plain(h);
	host_chain(h);
	expect(c, "vtd.prs", "dmar0", IOASID_V_FAIL, "PRS=0");
	YES(c, pasid);
	YES(c, sva);
	NO(c, prq, "vtd.prs", "dmar0");
}

/* Two units: dmar1 has no PASID, dmar0 has: the host can (best unit). */
static void test_vtd_multi_unit(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	vtd_host(h, "", C_BASE, ECAP_SVA & ~E_PASID); /* dmar0: no PASID */
	vtd(h, "dmar1", C_BASE, ECAP_SVA);
	dmar_plain(h);
	host_chain(h);
	expect(c, "iommu.units", "host", IOASID_V_OK, "2 units");
	expect(c, "vtd.pasid_hw", "dmar0", IOASID_V_FAIL, NULL);
	expect(c, "vtd.pasid_hw", "dmar1", IOASID_V_OK, NULL);
	YES(c, pasid);
	YES(c, sva);
	YES(c, prq);

	/* both without PASID: no, decided by the first unit's step */
	vtd(h, "dmar1", C_BASE, ECAP_SVA & ~E_PASID);
	host_chain(h);
	NO(c, pasid, "vtd.pasid_hw", "dmar0");
}

/* firmware.table: a DMAR without DRHD; no DMAR/IVRS at all; a malformed
 * DMAR; no ACPI directory with units (n/a). */
/*
 * kernel.sva_x86: iommu_sva_bind_device() returns -EOPNOTSUPP under
 * IS_ENABLED(CONFIG_X86) (6.12 drivers/iommu/iommu-sva.c:83, 6.1
 * drivers/iommu/iommu.c:2802), in 6.12.y from 6.12.64 and 6.1.y from
 * 6.1.163 (Debian's changelog.Debian.gz lists 72f98ef9a4be under
 * ChangeLog-6.12.64 and ChangeLog-6.1.163), read through 6.12.118 and
 * 6.1.192. The banners are the vm guests' (tests/data/vm/6.1-amd/sysroot/
 * dev/kmsg): fs/proc/version.c prints the same text.
 */
static void sva_x86_case(struct host *h, const char *rel, const char *banner, enum ioasid_verdict v,
			 const char *evidence)
{
	struct ioasid_chain *c = &h->c;

	unlink(sr_path(h->sr, "/proc/version"));
	vtd_host(h, "pdpe1gb la57 enqcmd", C_BASE | C_FL1GP | C_FL5LP, ECAP_SVA);
	kernel(h, rel, "intel_iommu=on,sm_on", CFG_FULL, "pdpe1gb la57 enqcmd");
	if (banner)
		sr_write(h->sr, "/proc/version", banner);
	dmar_plain(h);
	host_chain(h);
	expect(c, "kernel.sva_x86", "host", v, evidence);
	if (v == IOASID_V_FAIL)
		NO(c, sva, "kernel.sva_x86", "host");
	else if (v == IOASID_V_UNKNOWN)
		UNK(c, sva, "kernel.sva_x86", "host");
	else
		YES(c, sva);
	/* SVA only: PASIDs and page requests are another matter */
	YES(c, pasid);
	YES(c, prq);
}

static void test_sva_x86(void **state)
{
	struct host *h = *state;
	const struct ioasid_step *s;

	/* the vm guests' kernels and the emulated SPR host */
	sva_x86_case(h, "6.12.117+deb12-amd64", NULL, IOASID_V_FAIL, "release 6.12.117");
	s = step(&h->c, "kernel.sva_x86", "host");
	assert_non_null(strstr(s->kernel_ref, "iommu-sva.c:83 iommu_sva_bind_device()"));
	assert_string_equal(s->source, "/proc/sys/kernel/osrelease");
	assert_non_null(strstr(s->fix, "6.12.64"));
	sva_x86_case(h, "6.1.0-56-amd64", BANNER_61("6.1.192-2"), IOASID_V_FAIL, "release 6.1.192");
	s = step(&h->c, "kernel.sva_x86", "host");
	assert_non_null(strstr(s->kernel_ref, "iommu.c:2802"));
	assert_string_equal(s->source, "/proc/version");
	/* the bounds: the first release that has it, the last that does not */
	sva_x86_case(h, "6.12.64", NULL, IOASID_V_FAIL, "6.12.y from 6.12.64");
	sva_x86_case(h, "6.12.63+deb13-amd64", NULL, IOASID_V_OK, "before 6.12.64");
	sva_x86_case(h, "6.1.0-56-amd64", BANNER_61("6.1.163-1"), IOASID_V_FAIL, "6.1.163");
	sva_x86_case(h, "6.1.0-42-amd64", BANNER_61("6.1.162-1"), IOASID_V_OK, "before 6.1.163");
	sva_x86_case(h, "6.12.118+deb12-amd64", NULL, IOASID_V_FAIL, "6.12.118");
	/* past the verified releases, other series, an unknown release */
	sva_x86_case(h, "6.12.119+deb12-amd64", NULL, IOASID_V_UNKNOWN, "past 6.12.118");
	sva_x86_case(h, "6.1.0-56-amd64", BANNER_61("6.1.193-1"), IOASID_V_UNKNOWN, "past 6.1.192");
	sva_x86_case(h, "6.6.50", NULL, IOASID_V_UNKNOWN, "series is not verified");
	sva_x86_case(h, "6.1.0-56-amd64", NULL, IOASID_V_UNKNOWN, "6.1.0-56-amd64");
}

/* Not x86: an SMMUv3 host without CONFIG_X86 has no such step. */
/*
 * The kernel's own symbols over the release (reason-host.c
 * sva_x86_kallsyms()). 6.12 drivers/iommu/iommu-sva.c: the static
 * iommu_sva_iopf_handler() (:288) is referenced only from
 * iommu_sva_domain_alloc() (:319), reached only past the switch in
 * iommu_sva_bind_device() (:83); the Debian 6.12.118 guest's /proc/kallsyms
 * (kernel/kallsyms.c s_show() "%px %c %s\n", zero addresses for a reader
 * without CAP_SYSLOG) has iommu_sva_bind_device and no handler. 6.1's
 * switch (iommu.c:2802) leaves no symbol behind.
 */
#define KS_612_OFF                                                                                 \
	"0000000000000000 t iommu_sva_domain_free\n"                                               \
	"0000000000000000 T iommu_dev_enable_feature\n"                                            \
	"0000000000000000 T iommu_sva_bind_device\n"                                               \
	"0000000000000000 T iommu_sva_get_pasid\n"
#define KS_HANDLER "0000000000000000 t iommu_sva_iopf_handler\n"

static void test_sva_x86_kallsyms(void **state)
{
	struct host *h = *state;
	const struct ioasid_step *s;

	/* a 6.12 release before the switch whose binary has it (a
	 * distribution carrying it early): the symbols decide */
	sr_write(h->sr, "/proc/kallsyms", KS_612_OFF);
	sva_x86_case(h, "6.12.63+deb13-amd64", NULL, IOASID_V_FAIL, "compiler dropped");
	s = step(&h->c, "kernel.sva_x86", "host");
	assert_non_null(strstr(s->evidence, "the release table says otherwise"));
	assert_string_equal(s->source, "/proc/kallsyms");
	/* the Debian 6.12.118 guest itself: both agree */
	sva_x86_case(h, "6.12.118+deb12-amd64", NULL, IOASID_V_FAIL, "the release table agrees");
	/* a release past the verified ones: the symbols still tell */
	sva_x86_case(h, "6.12.140+deb12-amd64", NULL, IOASID_V_FAIL, "compiler dropped");
	/* the handler present: the bind path is compiled, whatever the
	 * release says (a kernel with the later upstream fix) */
	sr_write(h->sr, "/proc/kallsyms", KS_612_OFF KS_HANDLER);
	sva_x86_case(h, "6.12.118+deb12-amd64", NULL, IOASID_V_OK, "goes on to bind");
	sva_x86_case(h, "6.19.2", NULL, IOASID_V_OK, "iommu_sva_iopf_handler");
	/* 6.1: no trace; the release decides and the step says why */
	sr_write(h->sr, "/proc/kallsyms", KS_612_OFF);
	sva_x86_case(h, "6.1.0-56-amd64", BANNER_61("6.1.192-2"), IOASID_V_FAIL,
		     "tells the switch-off only on 6.12");
	sva_x86_case(h, "6.6.50", NULL, IOASID_V_UNKNOWN, "only on 6.12");
	/* no iommu_sva_bind_device: no SVA in this kernel at all */
	sr_write(h->sr, "/proc/kallsyms", "0000000000000000 T _text\n");
	sva_x86_case(h, "6.12.63+deb13-amd64", NULL, IOASID_V_FAIL, "CONFIG_IOMMU_SVA");
	unlink(sr_path(h->sr, "/proc/kallsyms"));
}

static void test_sva_x86_not_x86(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	kernel(h, "6.12.117+deb12-arm64", "quiet", CFG_FULL, NULL);
	unit_dir(h, "smmu3.0x0000000009050000");
	host_chain(h);
	assert_false(has_step(c, "kernel.sva_x86", "host"));
	/* the same with CONFIG_X86=y in the config */
	kernel(h, "6.12.117+deb12-arm64", "quiet", CFG_FULL "CONFIG_X86=y\n", NULL);
	host_chain(h);
	expect(c, "kernel.sva_x86", "host", IOASID_V_FAIL, "6.12.117");
}

static void test_firmware_table(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct img m;

	vtd_host(h, "", C_BASE, ECAP_SVA);
	dmar_begin(&m);
	m.n = 48; /* header only: no DRHD */
	dmar_end(h, &m);
	host_chain(h);
	expect(c, "firmware.table", "host", IOASID_V_FAIL, "no DRHD");
	NO(c, pasid, "firmware.table", "host");

	sr_write(h->sr, "/sys/firmware/acpi/tables/DMAR", "DMAR garbage");
	host_chain(h);
	expect(c, "firmware.table", "host", IOASID_V_WARN, "malformed");
	YES(c, pasid);

	sr_unlink(h->sr, "/sys/firmware/acpi/tables/DMAR");
	sr_write(h->sr, "/sys/firmware/acpi/tables/APIC", "APIC");
	host_chain(h);
	/* units present but no table that describes them: n/a */
	expect(c, "firmware.table", "host", IOASID_V_NA, NULL);
	YES(c, pasid);
}

/* No units: intel_iommu=off on the command line, with no DMAR. */
static void test_no_units_intel_off(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	kernel(h, REL612, "quiet intel_iommu=off", CFG_FULL, "");
	sr_write(h->sr, "/sys/firmware/acpi/tables/APIC", "APIC");
	sr_mkdir(h->sr, "/sys/class/iommu");
	host_chain(h);
	expect(c, "firmware.table", "host", IOASID_V_FAIL, "no DMAR or IVRS");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "intel_iommu=off");
	assert_false(has_step(c, "kernel.config", "host"));
	assert_false(has_step(c, "cpu.enqcmd", "host"));
	NO(c, pasid, "firmware.table", "host");
	NO(c, sva, "firmware.table", "host");

	/* with the DMAR back the unit rule decides: intel_iommu=on leaves VT-d
	 * on, so amd_iommu=off is not the cause on an Intel host */
	dmar_plain(h);
	sr_writef(h->sr, "/proc/cmdline", "root=/dev/vda1 intel_iommu=on amd_iommu=off\n");
	host_chain(h);
	expect(c, "firmware.table", "host", IOASID_V_OK, NULL);
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "the kernel failed to set it up");
	NO(c, pasid, "iommu.units", "host");
}

/* The kernel configs of the choice INTEL_IOMMU_DEFAULT_* (drivers/iommu/
 * intel/Kconfig): Debian's, upstream's default and "Disable". */
#define CFG_DEB                                                                                    \
	CFG_FULL "# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\n"                                    \
		 "CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF=y\n"                                    \
		 "# CONFIG_INTEL_IOMMU_DEFAULT_OFF is not set\n"
#define CFG_OFF                                                                                    \
	CFG_FULL "# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\n"                                    \
		 "# CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF is not set\n"                         \
		 "CONFIG_INTEL_IOMMU_DEFAULT_OFF=y\n"

static void no_units(struct host *h, const char *config, const char *cmdline)
{
	kernel(h, REL612, cmdline, config, "");
	sr_mkdir(h->sr, "/sys/class/iommu");
	host_chain(h);
}

/*
 * Whether VT-d is on at boot (6.12 / 6.1 drivers/iommu/intel/iommu.c):
 * dmar_disabled = IS_ENABLED(CONFIG_INTEL_IOMMU_DEFAULT_OFF) (:208 /
 * :308); intel_iommu_setup() (:245 / :345) walks the words with strncmp():
 * "on" clears it, "off" sets it and no_platform_optin; iommu=off sets
 * no_iommu (arch/x86/kernel/pci-dma.c iommu_setup() :123 / :139);
 * intel_iommu_init() forces VT-d on under tboot (tboot_force_iommu(),
 * :3240 / :3986) and on a DMAR with DMA_CTRL_PLATFORM_OPT_IN and an
 * external-facing port (platform_optin_force_iommu(), :3182 / :3923),
 * then stops on "no_iommu || dmar_disabled" (:3293 / :4039).
 */
static void test_no_units_vtd_boot(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct img m;

	/* Debian's config, a DMAR, nothing on the command line: VT-d is on,
	 * so the config is not the cause (the -none guests' case is below) */
	dmar_plain(h);
	no_units(h, CFG_DEB, "quiet");
	expect(c, "iommu.units", "host", IOASID_V_FAIL,
	       "VT-d is not disabled (CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF=y");
	assert_null(strstr(step(c, "iommu.units", "host")->fix, "intel_iommu=on"));
	/* upstream's "Disable": the config is the cause */
	no_units(h, CFG_OFF, "quiet");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "CONFIG_INTEL_IOMMU_DEFAULT_OFF=y");
	assert_non_null(strstr(step(c, "iommu.units", "host")->fix, "intel_iommu=on"));
	no_units(h, CFG_OFF, "intel_iommu=on");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "not disabled (intel_iommu=on");
	/* the words in order, the last on/off wins */
	no_units(h, CFG_DEB, "intel_iommu=sm_on,off");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "intel_iommu=off");
	no_units(h, CFG_DEB, "intel_iommu=off intel_iommu=on");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "not disabled (intel_iommu=on");
	/* iommu=off */
	no_units(h, CFG_DEB, "iommu=off");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "iommu=off (no_iommu)");
	assert_non_null(strstr(step(c, "iommu.units", "host")->kernel_ref, "iommu_setup"));
	no_units(h, CFG_DEB, "amd_iommu=off");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "not disabled");
	/* tboot forces it on over iommu=off (tboot_force_iommu() clears
	 * no_iommu), unless intel_iommu=tboot_noforce */
	sr_write(h->sr, "/dev/kmsg", "6,100,1000,-;tboot: found shared page at phys addr 0x0:\n");
	no_units(h, CFG_DEB, "iommu=off");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "tboot is active");
	no_units(h, CFG_DEB, "iommu=off intel_iommu=tboot_noforce");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "iommu=off (no_iommu)");
	unlink(sr_path(h->sr, "/dev/kmsg"));
	/* DMA_CTRL_PLATFORM_OPT_IN (DMAR flags bit 2) forces VT-d on when a
	 * port is external-facing (seen as a removable device below it) */
	dmar_begin(&m);
	m.b[37] = 1 | 4;
	dmar_end(h, &m);
	no_units(h, CFG_OFF, "quiet");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "none is seen");
	rp(h, "0000:00:01.0", true, 0x14, 1);
	endpoint(h, "0000:01:00.0", NULL, false, false, true, false);
	sr_write(h->sr, "/sys/bus/pci/devices/0000:01:00.0/removable", "removable\n");
	no_units(h, CFG_OFF, "quiet");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "platform_optin_force_iommu() forces");
	no_units(h, CFG_OFF, "intel_iommu=off");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "intel_iommu=off");

	/* the -none guests: Debian's config and no DMAR at all */
	unlink(sr_path(h->sr, "/sys/firmware/acpi/tables/DMAR"));
	sr_write(h->sr, "/sys/firmware/acpi/tables/APIC", "APIC");
	no_units(h, CFG_DEB, "quiet");
	expect(c, "firmware.table", "host", IOASID_V_FAIL, "no DMAR or IVRS");
	expect(c, "iommu.units", "host", IOASID_V_FAIL, "the firmware describes none");
	NO(c, pasid, "firmware.table", "host");
}

/* kernel.config: PCI_PRI off only costs page requests; no config at all
 * is unknown and decides nothing. */
static void test_kernel_config(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	kernel(h, REL612, "intel_iommu=on,sm_on", CFG_NO_PRI, "");
	vtd(h, "dmar0", C_BASE, ECAP_SVA);
	dmar_plain(h);
	host_chain(h);
	expect(c, "kernel.config", "host", IOASID_V_FAIL, "PCI_PRI=n");
	YES(c, pasid);
	YES(c, sva);
	NO(c, prq, "kernel.config", "host");

	sr_unlink(h->sr, "/boot/config-" REL612);
	host_chain(h);
	expect(c, "kernel.config", "host", IOASID_V_UNKNOWN, NULL);
	YES(c, pasid);
}

static int eacces_firmware(struct ioasid_ctx *ctx, void *arg)
{
	struct ioasid_iommu_list il;
	struct ioasid_chain c;
	int ok;

	(void)arg;
	if (ioasid_iommu_list(ctx, &il) < 0 || ioasid_host_chain(ctx, &il, &c) < 0)
		return 0;
	ok = c.n > 0 && !strcmp(c.v[0].rule, "firmware.table") &&
	     c.v[0].verdict == IOASID_V_UNKNOWN && c.pasid.verdict == IOASID_V_OK;
	ioasid_chain_free(&c);
	ioasid_iommu_list_free(&il);
	return ok;
}

/* drivers/acpi/sysfs.c: the tables are root-only (0400). */
static void test_firmware_eacces(void **state)
{
	struct host *h = *state;
	int result = -1;

	vtd_host(h, "", C_BASE, ECAP_SVA);
	dmar_plain(h);
	sr_chmod(h->sr, "/sys/firmware/acpi/tables/DMAR", 0);
	if (!sr_run_unprivileged(h->sr, eacces_firmware, NULL, &result))
		skip();
	assert_int_equal(result, 1);
}

/* ---- AMD ---- */

/* 6.12: GT, PPR, EPHSUP give PASIDs (iommu_init_pci(): max_pasids =
 * (1 << (PASmax + 1)) - 1 = 65535 for PASmax 15). */
static void test_amd_612_good(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	kernel(h, REL612, "quiet", CFG_FULL, "");
	amd(h, "ivhd0", EFR_SVA, true, 0x190b640f);
	host_chain(h);
	expect(c, "firmware.table", "host", IOASID_V_NA, NULL);
	expect(c, "amd.gt", "ivhd0", IOASID_V_OK, "GT=1 PASmax=15");
	expect(c, "amd.max_pasids", "ivhd0", IOASID_V_OK, "65535");
	expect(c, "amd.ppr", "ivhd0", IOASID_V_OK, NULL);
	expect(c, "amd.ephsup", "ivhd0", IOASID_V_OK, NULL);
	expect(c, "amd.guest_paging", "ivhd0", IOASID_V_OK, NULL);
	assert_false(has_step(c, "amd.snp", "ivhd0"));
	assert_false(has_step(c, "cpu.enqcmd", "host"));
	YES(c, pasid);
	YES(c, sva);
	YES(c, prq);
}

/* 6.12 without EPHSUP: amd_iommu_gt_ppr_supported() is false, so no
 * device gets PASIDs; without GT no PASIDs at all; without PPR no PRQ. */
static void test_amd_612_fail(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	kernel(h, REL612, "quiet", CFG_FULL, "");
	amd(h, "ivhd0", EFR_SVA & ~F_EPHSUP, true, 0x190b640f);
	host_chain(h);
	expect(c, "amd.ephsup", "ivhd0", IOASID_V_FAIL, "EPHSUP=0");
	NO(c, pasid, "amd.ephsup", "ivhd0");

	amd(h, "ivhd0", EFR_SVA & ~F_PPR, true, 0x190b640f);
	host_chain(h);
	expect(c, "amd.ppr", "ivhd0", IOASID_V_FAIL, "PPR=0");
	/* 6.12: PPR is part of the gt_ppr gate, so it decides PASID too */
	NO(c, pasid, "amd.ppr", "ivhd0");
	NO(c, prq, "amd.ppr", "ivhd0");

	amd(h, "ivhd0", EFR_SVA & ~F_GT, true, 0x190b640f);
	host_chain(h);
	expect(c, "amd.gt", "ivhd0", IOASID_V_FAIL, "GT=0");
	expect(c, "amd.max_pasids", "ivhd0", IOASID_V_FAIL, NULL);
	NO(c, pasid, "amd.gt", "ivhd0");
}

/* 6.12 with PASmax 0: drivers/iommu/amd/init.c:2083-2084 init_iommu_one()
 * sets max_pasids = (1 << (0 + 1)) - 1 = 1; iommu.c:3474-3475
 * iommu_alloc_global_pasid() allocates from IOMMU_FIRST_GLOBAL_PASID (1,
 * include/linux/iommu.h:320) to max_pasids - 1 = 0, and
 * iommu_attach_device_pasid() refuses PASID 0 (iommu.c:3406-3408): no
 * PASID at all. PASmax 1 gives 3, PASIDs 1 and 2. */
static void test_amd_612_pasmax0(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	kernel(h, REL612, "quiet", CFG_FULL, "");
	amd(h, "ivhd0", EFR_SVA & ~F_PASMAX15, true, 0x190b640f);
	host_chain(h);
	expect(c, "amd.gt", "ivhd0", IOASID_V_OK, "GT=1 PASmax=0");
	expect(c, "amd.max_pasids", "ivhd0", IOASID_V_FAIL, "gives this unit 1 PASID;");
	NO(c, pasid, "amd.max_pasids", "ivhd0");
	NO(c, sva, "amd.max_pasids", "ivhd0");

	amd(h, "ivhd0", (EFR_SVA & ~F_PASMAX15) | (1ull << 32), true, 0x190b640f);
	host_chain(h);
	expect(c, "amd.max_pasids", "ivhd0", IOASID_V_OK, "gives this unit 3 PASIDs");
	YES(c, pasid);
}

/* 6.1: max_pasids never set (only amd_iommu_v2 uses PASIDs), EPHSUP not
 * required (is_iommu_v2 = GT && PPR), no guest paging check. */
static void test_amd_61(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	kernel(h, REL61, "quiet", CFG_FULL, "la57");
	amd(h, "ivhd0", EFR_SVA & ~F_EPHSUP, false, 0x190b640f);
	host_chain(h);
	expect(c, "amd.gt", "ivhd0", IOASID_V_OK, NULL);
	expect(c, "amd.max_pasids", "ivhd0", IOASID_V_FAIL, "amd_iommu_v2");
	expect(c, "amd.ppr", "ivhd0", IOASID_V_OK, NULL);
	assert_false(has_step(c, "amd.ephsup", "ivhd0"));
	assert_false(has_step(c, "amd.guest_paging", "ivhd0"));
	expect(c, "kernel.config", "host", IOASID_V_OK, "AMD_IOMMU_V2=m");
	NO(c, pasid, "amd.max_pasids", "ivhd0");
}

/* amd_iommu_pasid_supported(): la57 needs GATS = 5-level; SNPSup warns. */
static void test_amd_guest_paging_snp(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	kernel(h, REL612, "quiet", CFG_FULL, "la57");
	amd(h, "ivhd0", EFR_SVA | F_SNP, true, 0x190b640f);
	host_chain(h);
	expect(c, "amd.guest_paging", "ivhd0", IOASID_V_FAIL, "la57=1");
	expect(c, "amd.snp", "ivhd0", IOASID_V_WARN, NULL);
	/* 6.12 init.c:3323 "IOMMU SNP support enabled." (pr_fmt "AMD-Vi: "):
	 * amd_iommu_snp_en, so amd_iommu_pasid_supported() (:3837) is false
	 * and iommu_init_device() (iommu.c:2476) gives devices no PASIDs */
	sr_write(h->sr, "/dev/kmsg", "6,900,2100000,-;AMD-Vi: IOMMU SNP support enabled.\n");
	host_chain(h);
	expect(c, "amd.snp", "ivhd0", IOASID_V_FAIL, "SEV-SNP is on");
	NO(c, pasid, "amd.snp", "ivhd0");
	NO(c, sva, "amd.guest_paging", "ivhd0"); /* la57 decides SVA first */
	unlink(sr_path(h->sr, "/dev/kmsg"));
	host_chain(h);
	YES(c, pasid);
	NO(c, sva, "amd.guest_paging", "ivhd0");

	amd(h, "ivhd0", EFR_SVA | F_GATS5, true, 0x190b640f);
	host_chain(h);
	expect(c, "amd.guest_paging", "ivhd0", IOASID_V_OK, "GATS=1");
	assert_false(has_step(c, "amd.snp", "ivhd0"));
	YES(c, sva);
}

/* An IVRS: firmware.table from it (type 10h: no EFR image); no IVHD fails. */
static void test_amd_ivrs(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	uint8_t b[48 + 24] = {'I', 'V', 'R', 'S', sizeof(b)};

	b[48] = 0x10; /* ivhd_header type 10h, length 24 */
	b[50] = 24;
	b[58] = 0xd8; /* mmio_phys 0xfed80000 */
	b[59] = 0xfe;
	kernel(h, REL612, "quiet", CFG_FULL, "");
	amd(h, "ivhd0", EFR_SVA, true, 0x190b640f);
	sr_write_bytes(h->sr, "/sys/firmware/acpi/tables/IVRS", b, sizeof(b));
	host_chain(h);
	expect(c, "firmware.table", "host", IOASID_V_OK, "1 IVHD");
	expect(c, "firmware.table", "host", IOASID_V_OK, "0xfed80000 (no EFR image");

	b[4] = 48;
	sr_write_bytes(h->sr, "/sys/firmware/acpi/tables/IVRS", b, 48);
	host_chain(h);
	expect(c, "firmware.table", "host", IOASID_V_FAIL, "0 IVHD");
	NO(c, pasid, "firmware.table", "host");
}

/* ---- devices ---- */

#define EP "0000:01:00.0"
#define RP "0000:00:01.0"

static const uint8_t path_rp[][2] = {{1, 0}};	      /* 00:01.0 */
static const uint8_t path_ep[][2] = {{1, 0}, {0, 0}}; /* 00:01.0 -> 01:00.0 */

/* DMAR: INCLUDE_ALL DRHD and an ATSR naming root port 00:01.0. */
static void dmar_atsr_rp(struct host *h)
{
	struct img m;

	dmar_begin(&m);
	dmar_small(&m, 2, 0, 1, path_rp);
	dmar_end(h, &m);
}

/* A 6.12 VT-d host whose endpoint 01:00.0 under root port 00:01.0 has
 * everything enabled. */
static void vtd_dev_host(struct host *h, const char *rel)
{
	kernel(h, rel, "intel_iommu=on,sm_on", CFG_FULL, "pdpe1gb");
	vtd(h, "dmar0", C_BASE | C_FL1GP, ECAP_SVA);
	dmar_atsr_rp(h);
	rp(h, RP, true, 0x14, 1);
	endpoint(h, EP, "dmar0", true, true, true, true);
}

static void test_dev_good(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	vtd_dev_host(h, REL612);
	dev_chain(h, EP);
	expect(c, "firmware.table", "host", IOASID_V_OK, "1 ATSR");
	expect(c, "vtd.pasid_hw", "dmar0", IOASID_V_OK, NULL);
	expect(c, "pci.pasid_cap", EP, IOASID_V_OK, "width 20 (1048576 PASIDs)");
	expect(c, "pci.iommu", EP, IOASID_V_OK, "dmar0");
	expect(c, "pci.eetlp_prefix", EP, IOASID_V_OK, EP " endpoint+ <- " RP " root port+");
	expect(c, "pci.acs", EP, IOASID_V_OK, NULL);
	expect(c, "pci.pasid_enabled", EP, IOASID_V_OK, NULL);
	expect(c, "pci.ats", EP, IOASID_V_OK, NULL);
	expect(c, "pci.pri", EP, IOASID_V_OK, "PRI enabled");
	expect(c, "pci.driver", EP, IOASID_V_OK, "idxd");
	assert_false(has_step(c, "pci.vf", EP));
	YES(c, pasid);
	YES(c, sva);
	YES(c, prq);

	/* the root port itself has no PASID capability */
	dev_chain(h, RP);
	expect(c, "pci.pasid_cap", RP, IOASID_V_FAIL, "no PASID capability");
	expect(c, "pci.driver", RP, IOASID_V_OK, "pcieport");
	assert_false(has_step(c, "pci.eetlp_prefix", RP));
	NO(c, pasid, "pci.pasid_cap", RP);

	{
		struct ioasid_chain none;

		assert_int_equal(ioasid_device_chain(h->ctx, &h->il, &h->pl, "0000:09:00.0", &none),
				 -ENOENT);
		assert_int_equal(none.n, 0);
		ioasid_chain_free(&none);
	}
}

/* An idxd conf device dsa0 on EP (drivers/dma/idxd/init.c idxd_alloc():
 * the device's parent is the PCI function, so the bus link points below
 * it), with pasid_enabled (sysfs.c pasid_enabled_show() "%u\n"), the
 * module parameter sva ("Y"/"N", a bool param) and one shared WQ. */
static void idxd_dev(struct host *h, const char *sva, const char *pasid_enabled)
{
	const char *d = "/sys/devices/pci0000:00/" RP "/" EP "/dsa0";
	char p[256];

	sr_symlink(h->sr, "../../../devices/pci0000:00/" RP "/" EP "/dsa0",
		   "/sys/bus/dsa/devices/dsa0");
	snprintf(p, sizeof(p), "%s/pasid_enabled", d);
	sr_writef(h->sr, p, "%s\n", pasid_enabled);
	snprintf(p, sizeof(p), "%s/state", d);
	sr_write(h->sr, p, "enabled\n");
	snprintf(p, sizeof(p), "%s/wq0.0/mode", d);
	sr_write(h->sr, p, "shared\n");
	snprintf(p, sizeof(p), "%s/wq0.0/type", d);
	sr_write(h->sr, p, "user\n");
	snprintf(p, sizeof(p), "%s/wq0.0/state", d);
	sr_write(h->sr, p, "enabled\n");
	sr_symlink(h->sr, "../../../devices/pci0000:00/" RP "/" EP "/dsa0/wq0.0",
		   "/sys/bus/dsa/devices/wq0.0");
	if (sva)
		sr_writef(h->sr, "/sys/module/idxd/parameters/sva", "%s\n", sva);
}

/* drivers/dma/idxd/init.c idxd_probe(): sva=N means "User forced SVA off
 * via module param." and no user PASID; a failed idxd_enable_sva() leaves
 * pasid_enabled 0; otherwise user SVA is on. */
static void test_dev_idxd(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	vtd_dev_host(h, REL612);
	idxd_dev(h, "Y", "1");
	dev_chain(h, EP);
	expect(c, "idxd.sva", EP, IOASID_V_OK,
	       "dsa0: sva parameter Y, pasid_enabled 1; 1 work queues (1 shared, 1 user, 1 "
	       "enabled)");
	YES(c, sva);

	sr_write(h->sr, "/sys/module/idxd/parameters/sva", "N\n");
	dev_chain(h, EP);
	expect(c, "idxd.sva", EP, IOASID_V_FAIL, "told not to use SVA");
	NO(c, sva, "idxd.sva", EP);
	YES(c, pasid);

	sr_write(h->sr, "/sys/module/idxd/parameters/sva", "Y\n");
	sr_write(h->sr, "/sys/devices/pci0000:00/" RP "/" EP "/dsa0/pasid_enabled", "0\n");
	dev_chain(h, EP);
	expect(c, "idxd.sva", EP, IOASID_V_FAIL, "shared work queues cannot be enabled");
	NO(c, sva, "idxd.sva", EP);
}

/*
 * The idxd rules beyond the sva parameter (6.12 / 6.1 drivers/dma/idxd):
 * init.c idxd_probe() turns SVA on only under
 * IS_ENABLED(CONFIG_INTEL_IDXD_SVM) (:712 / :605); device.c
 * idxd_drv_enable_wq() / drv_enable_wq() (:1394 / :1308) refuses a shared
 * WQ without wq_shared_supported() = support_enqcmd && wq_pasid_enabled()
 * (idxd.h :591, support_enqcmd from the CPU's ENQCMD, init.c :929);
 * cdev.c idxd_user_drv_probe() (:626 / :443) refuses a user WQ without the
 * user PASID; cdev.c idxd_cdev_mmap() (:412 / :235) wants CAP_SYS_RAWIO
 * (user_submission_safe false for every device, INTEL-SA-01084) in all
 * 6.12 and from 6.1.91 (Debian 6.1.94-1).
 */
static void test_dev_idxd_wq_rawio(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	vtd_dev_host(h, REL612);
	kernel(h, REL612, "intel_iommu=on,sm_on",
	       CFG_FULL "CONFIG_INTEL_IDXD=m\nCONFIG_INTEL_IDXD_SVM=y\n", "pdpe1gb enqcmd");
	idxd_dev(h, "Y", "1");
	dev_chain(h, EP);
	expect(c, "idxd.sva", EP, IOASID_V_OK, NULL);
	expect(c, "idxd.wq", EP, IOASID_V_OK, "wq0.0 (shared user) can be enabled");
	expect(c, "idxd.rawio", EP, IOASID_V_WARN, "CAP_SYS_RAWIO");
	assert_non_null(strstr(step(c, "idxd.rawio", EP)->kernel_ref, "cdev.c:412"));
	YES(c, sva);
	/* where SVA fails (the x86 switch-off of 6.12.118), no user WQ opens:
	 * idxd_cdev_open() binds every opener (6.12 cdev.c:250, 6.1 :115) */
	kernel(h, "6.12.118+deb12-amd64", "intel_iommu=on,sm_on",
	       CFG_FULL "CONFIG_INTEL_IDXD=m\nCONFIG_INTEL_IDXD_SVM=y\n", "pdpe1gb enqcmd");
	dev_chain(h, EP);
	expect(c, "idxd.wq", EP, IOASID_V_FAIL, "every open binds the process");
	NO(c, sva, "kernel.sva_x86", "host");
	kernel(h, REL612, "intel_iommu=on,sm_on",
	       CFG_FULL "CONFIG_INTEL_IDXD=m\nCONFIG_INTEL_IDXD_SVM=y\n", "pdpe1gb enqcmd");
	/* no ENQCMD: the shared WQ cannot be enabled; the device's SVA stands */
	kernel(h, REL612, "intel_iommu=on,sm_on",
	       CFG_FULL "CONFIG_INTEL_IDXD=m\nCONFIG_INTEL_IDXD_SVM=y\n", "pdpe1gb");
	dev_chain(h, EP);
	expect(c, "idxd.wq", EP, IOASID_V_FAIL, "no ENQCMD");
	YES(c, sva);
	/* no user PASID: the user WQ is refused */
	kernel(h, REL612, "intel_iommu=on,sm_on",
	       CFG_FULL "CONFIG_INTEL_IDXD=m\nCONFIG_INTEL_IDXD_SVM=y\n", "pdpe1gb enqcmd");
	sr_write(h->sr, "/sys/devices/pci0000:00/" RP "/" EP "/dsa0/pasid_enabled", "0\n");
	dev_chain(h, EP);
	expect(c, "idxd.wq", EP, IOASID_V_FAIL, "User type WQ cannot be enabled without SVA");
	sr_write(h->sr, "/sys/devices/pci0000:00/" RP "/" EP "/dsa0/pasid_enabled", "1\n");
	/* init.c:720 (6.12) dev_warn() when the system PASID fails: kernel
	 * WQs have none (kernel/printk devkmsg record "prio,seq,usec,-;") */
	sr_write(h->sr, "/dev/kmsg",
		 "4,812,5031000,-;idxd 0000:01:00.0: No in-kernel DMA with PASID. -95\n");
	dev_chain(h, EP);
	expect(c, "idxd.sva", EP, IOASID_V_OK, "kernel work queues have no PASID");
	unlink(sr_path(h->sr, "/dev/kmsg"));
	/* CONFIG_INTEL_IDXD_SVM not set */
	kernel(h, REL612, "intel_iommu=on,sm_on",
	       CFG_FULL "CONFIG_INTEL_IDXD=m\n# CONFIG_INTEL_IDXD_SVM is not set\n",
	       "pdpe1gb enqcmd");
	dev_chain(h, EP);
	expect(c, "idxd.sva", EP, IOASID_V_FAIL, "CONFIG_INTEL_IDXD_SVM");
	NO(c, sva, "idxd.sva", EP);
	/* 6.1 before 6.1.91: no CAP_SYS_RAWIO; from 6.1.91 it is there; a
	 * unit without SRS gives kernel WQs no PASID (svm.c:800) */
	vtd_dev_host(h, REL61);
	vtd(h, "dmar0", C_BASE | C_FL1GP, ECAP_SVA);
	sr_write(h->sr, "/proc/version", BANNER_61("6.1.90-1"));
	dev_chain(h, EP);
	expect(c, "idxd.rawio", EP, IOASID_V_OK, "before 6.1.91");
	expect(c, "idxd.sva", EP, IOASID_V_OK, "ecap SRS=0");
	sr_write(h->sr, "/proc/version", BANNER_61("6.1.94-1"));
	dev_chain(h, EP);
	expect(c, "idxd.rawio", EP, IOASID_V_WARN, "CAP_SYS_RAWIO");
	assert_non_null(strstr(step(c, "idxd.rawio", EP)->kernel_ref, "cdev.c:235"));
	sr_write(h->sr, "/proc/version", BANNER_61("6.1.193-1"));
	dev_chain(h, EP);
	expect(c, "idxd.rawio", EP, IOASID_V_UNKNOWN, NULL);
}

/* pci_configure_eetlp_prefix(): the root port lacks DEVCAP2 bit 21, so
 * the endpoint gets no eetlp_prefix_path and pci_enable_pasid() refuses. */
static void test_dev_eetlp(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	kernel(h, REL612, "intel_iommu=on,sm_on", CFG_FULL, "pdpe1gb");
	vtd(h, "dmar0", C_BASE | C_FL1GP, ECAP_SVA);
	dmar_atsr_rp(h);
	rp(h, RP, false, 0x14, 1);
	endpoint(h, EP, "dmar0", false, false, true, false);
	dev_chain(h, EP);
	expect(c, "pci.eetlp_prefix", EP, IOASID_V_FAIL,
	       RP " (root port) lacks End-End TLP Prefix");
	/* already explained by the prefix rule */
	expect(c, "pci.pasid_enabled", EP, IOASID_V_NA, NULL);
	NO(c, pasid, "pci.eetlp_prefix", EP);
	NO(c, sva, "pci.eetlp_prefix", EP);

	/* quirk_huawei_pcie_sva(): pasid_no_tlp, the prefix is not needed */
	cfg_pcie(&cf, 0x19e5, 0xa250, 0x0, false, false);
	cap_pasid(&cf, 16, true);
	pci(h, "0000:01:00.1", &cf, 4096, "dmar0", "hisi_zip", NULL);
	dev_chain(h, "0000:01:00.1");
	expect(c, "pci.eetlp_prefix", "0000:01:00.1", IOASID_V_WARN, "pasid_no_tlp");
	YES(c, pasid);
}

/* The endpoint itself lacks the bit (the root port has it). */
static void test_dev_eetlp_endpoint(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	vtd_dev_host(h, REL612);
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, false, false);
	cap_pasid(&cf, 20, false);
	pci(h, "0000:01:00.1", &cf, 4096, "dmar0", "idxd", NULL);
	dev_chain(h, "0000:01:00.1");
	expect(c, "pci.eetlp_prefix", "0000:01:00.1", IOASID_V_FAIL,
	       "0000:01:00.1 (endpoint) lacks");
}

/* A switch: root port 00:02.0 -> upstream port 02:00.0 -> downstream
 * port 03:00.0 -> endpoint 04:00.0; the downstream port has ACS but
 * RR/UF are off. 6.12 pci_enable_pasid() checks pci_acs_path_enabled(). */
/*
 * Device-specific ACS answers come first: drivers/pci/pci.c:3678
 * pci_acs_enabled() -> quirks.c:5250 pci_dev_specific_acs_enabled() over
 * pci_dev_acs_enabled[] (:5072-5237): pci_quirk_mf_endpoint_acs() (:4991)
 * says RR|UF for the listed multifunction devices (Intel 82599 0x10fb),
 * pci_quirk_rciep_acs() (:5007) for Intel RC integrated endpoints,
 * pci_quirk_intel_pch_acs() (:4850) decides for the listed PCH root ports
 * (0x8c10) from state not visible here.
 */
static void test_dev_acs_quirks(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	vtd_dev_host(h, REL612);
	/* an 82599 function without an ACS capability: the quirk says yes */
	cfg_pcie(&cf, 0x8086, 0x10fb, 0x0, true, true);
	cap_pasid(&cf, 20, true);
	pci(h, "0000:01:00.1", &cf, 4096, "dmar0", "ixgbe", NULL);
	dev_chain(h, "0000:01:00.1");
	expect(c, "pci.acs", "0000:01:00.1", IOASID_V_OK, NULL);
	YES(c, pasid);
	/* an Intel multifunction RCiEP on the root bus */
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x9, true, true);
	cap_pasid(&cf, 20, true);
	pci(h, "0000:00:05.0", &cf, 4096, "dmar0", "idxd", NULL);
	dev_chain(h, "0000:00:05.0");
	expect(c, "pci.acs", "0000:00:05.0", IOASID_V_OK, NULL);
	/* the same as another vendor's: no quirk, its registers decide */
	cfg_pcie(&cf, 0x1234, 0x0b25, 0x9, true, true);
	cap_pasid(&cf, 20, true);
	pci(h, "0000:00:05.0", &cf, 4096, "dmar0", "idxd", NULL);
	dev_chain(h, "0000:00:05.0");
	expect(c, "pci.acs", "0000:00:05.0", IOASID_V_FAIL, "no device-specific ACS quirk applies");
	/* a Lynx Point PCH root port without ACS: the quirk decides, unknown */
	cfg_bridge(&cf, 0x4, true, 0, 1, 3);
	w16(cf.b, 0x02, 0x8c10);
	pci(h, RP, &cf, 4096, NULL, "pcieport", NULL);
	dev_chain(h, EP);
	expect(c, "pci.acs", EP, IOASID_V_UNKNOWN, "pci_quirk_intel_pch_acs() decides");
	UNK(c, pasid, "pci.acs", EP);
}

/* drivers/accel/amdxdna/amdxdna_pci_drv.c amdxdna_drm_open() (upstream,
 * 6.14+): every open calls iommu_sva_bind_device() and fails when it
 * fails, so the step follows the SVA answer; an older kernel's amdxdna is
 * out-of-tree and unknown. */
static void test_dev_amdxdna(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	vtd_dev_host(h, "6.14.3");
	cfg_pcie(&cf, 0x1022, 0x17f0, 0x0, true, false);
	cap_ats(&cf, true);
	cap_pasid(&cf, 20, true);
	cap_pri(&cf, true, true);
	pci(h, "0000:01:00.3", &cf, 4096, "dmar0", "amdxdna", NULL);
	sr_write(h->sr, "/proc/kallsyms",
		 "0000000000000000 T iommu_sva_bind_device\n"
		 "0000000000000000 t iommu_sva_iopf_handler\n");
	dev_chain(h, "0000:01:00.3");
	expect(c, "amdxdna.sva", "0000:01:00.3", IOASID_V_OK, "SVA: ok");
	YES(c, sva);
	/* a 6.12 kernel: amdxdna there is out-of-tree */
	vtd_dev_host(h, "6.12.118+deb12-amd64");
	pci(h, "0000:01:00.3", &cf, 4096, "dmar0", "amdxdna", NULL);
	dev_chain(h, "0000:01:00.3");
	expect(c, "amdxdna.sva", "0000:01:00.3", IOASID_V_UNKNOWN, "before 6.14");
	vtd_dev_host(h, "6.15.1");
	sr_write(h->sr, "/proc/kallsyms", "0000000000000000 T iommu_sva_bind_device\n");
	dev_chain(h, "0000:01:00.3");
	/* 6.15 without the handler: the symbols do not tell off 6.12, and
	 * the series is not in the release table */
	expect(c, "amdxdna.sva", "0000:01:00.3", IOASID_V_UNKNOWN, NULL);
	unlink(sr_path(h->sr, "/proc/kallsyms"));
}

static void switch_host(struct host *h, const char *rel, uint16_t dsp_ctrl)
{
	struct cfg cf;

	kernel(h, rel, "intel_iommu=on,sm_on", CFG_FULL, "pdpe1gb");
	vtd(h, "dmar0", C_BASE | C_FL1GP, ECAP_SVA);
	dmar_atsr_rp(h);
	rp(h, "0000:00:02.0", true, 0x14, 2);
	cfg_bridge(&cf, 0x5, true, 2, 3, 4); /* upstream port, no ACS */
	pci(h, "0000:02:00.0", &cf, 4096, NULL, "pcieport", NULL);
	cfg_bridge(&cf, 0x6, true, 3, 4, 4); /* downstream port */
	cap_acs(&cf, 0x1f, dsp_ctrl);
	pci(h, "0000:03:00.0", &cf, 4096, NULL, "pcieport", NULL);
	endpoint(h, "0000:04:00.0", "dmar0", false, false, true, false);
}

static void test_dev_switch_acs(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	switch_host(h, REL612, 0x0001); /* SV only */
	dev_chain(h, "0000:04:00.0");
	expect(c, "pci.eetlp_prefix", "0000:04:00.0", IOASID_V_OK,
	       "0000:04:00.0 endpoint+ <- 0000:03:00.0 switch downstream port+ <- 0000:02:00.0 "
	       "switch upstream port+ <- 0000:00:02.0 root port+");
	expect(c, "pci.acs", "0000:04:00.0", IOASID_V_FAIL,
	       "0000:03:00.0 (switch downstream port): ACS control 0x0001 lacks RR UF");
	NO(c, pasid, "pci.acs", "0000:04:00.0");
	NO(c, sva, "pci.acs", "0000:04:00.0");
}

static void test_dev_switch_acs_on(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	switch_host(h, REL612, 0x0015);
	dev_chain(h, "0000:04:00.0");
	expect(c, "pci.acs", "0000:04:00.0", IOASID_V_OK, NULL);
	/* every rule allows PASID, yet it is off */
	expect(c, "pci.pasid_enabled", "0000:04:00.0", IOASID_V_FAIL, "yet the kernel");
	NO(c, pasid, "pci.pasid_enabled", "0000:04:00.0");
}

/* 6.1's pci_enable_pasid() has no ACS check. */
static void test_dev_switch_acs_61(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	switch_host(h, REL61, 0x0001);
	dev_chain(h, "0000:04:00.0");
	expect(c, "pci.acs", "0000:04:00.0", IOASID_V_NA, NULL);
	assert_int_equal(step(c, "pci.acs", "0000:04:00.0")->affects, 0);
	expect(c, "pci.pasid_enabled", "0000:04:00.0", IOASID_V_FAIL, NULL);
	NO(c, pasid, "pci.pasid_enabled", "0000:04:00.0");
}

/* pci_acs_enabled(): a multifunction endpoint is judged by its own ACS;
 * without the capability pci_acs_flags_enabled() is false. Flags missing
 * from ACS cap count as hard-wired on. */
static void test_dev_multifunction(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	vtd_dev_host(h, REL612);
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, true, true);
	cap_pasid(&cf, 20, true);
	pci(h, "0000:01:00.1", &cf, 4096, "dmar0", "idxd", NULL);
	dev_chain(h, "0000:01:00.1");
	expect(c, "pci.acs", "0000:01:00.1", IOASID_V_FAIL, "0000:01:00.1 (endpoint) has no ACS");
	NO(c, pasid, "pci.acs", "0000:01:00.1");

	/* ACS cap advertises only UF (RR hard-wired), UF enabled: ok */
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, true, true);
	cap_pasid(&cf, 20, true);
	cap_acs(&cf, 0x0010, 0x0010);
	pci(h, "0000:01:00.2", &cf, 4096, "dmar0", "idxd", NULL);
	dev_chain(h, "0000:01:00.2");
	expect(c, "pci.acs", "0000:01:00.2", IOASID_V_OK, NULL);
	YES(c, pasid);
}

/* dmar_ats_supported() and ecap_dev_iotlb_support(), ATS not yet
 * enabled: the kernel would enable it (warn) or never will (fail). */
static void ats_host(struct host *h, uint64_t ecap)
{
	kernel(h, REL612, "intel_iommu=on,sm_on", CFG_FULL, "pdpe1gb");
	vtd(h, "dmar0", C_BASE | C_FL1GP, ecap);
	rp(h, RP, true, 0x14, 1);
	endpoint(h, EP, "dmar0", true, false, true, false);
}

static void test_dev_ats_dt(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	ats_host(h, ECAP_SVA & ~E_DT);
	dmar_atsr_rp(h);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "DT=0");
	YES(c, pasid);
	NO(c, sva, "pci.ats", EP);
	NO(c, prq, "pci.ats", EP);
}

static void test_dev_ats_atsr(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct img m;

	ats_host(h, ECAP_SVA);
	dmar_atsr_rp(h);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_WARN, "root port " RP " is in an ATSR");
	YES(c, sva);

	/* ALL_PORTS, no scope */
	dmar_begin(&m);
	dmar_small(&m, 2, 1, 0, NULL);
	dmar_end(h, &m);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_WARN, "ALL_PORTS");

	/* an ATSR naming another port */
	dmar_begin(&m);
	dmar_small(&m, 2, 0, 1, (const uint8_t[][2]){{3, 0}});
	dmar_end(h, &m);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "is in no ATSR (1 ATSR");
	NO(c, sva, "pci.ats", EP);

	/* no ATSR at all (the QEMU sm table) */
	dmar_plain(h);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "is in no ATSR (0 ATSR");

	/* SATC naming the endpoint through a two-level path */
	dmar_begin(&m);
	dmar_small(&m, 5, 0, 2, path_ep);
	dmar_end(h, &m);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_WARN, "SATC lists " EP);
	YES(c, sva);

	/* the same SATC with ATC_REQUIRED in legacy mode: hardware does ATS */
	dmar_begin(&m);
	dmar_small(&m, 5, 1, 2, path_ep);
	dmar_end(h, &m);
	sr_writef(h->sr, "/proc/cmdline", "root=/dev/vda1 intel_iommu=on,sm_off\n");
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "ATC_REQUIRED");

	/* scalable mode on the command line but a unit without SMTS:
	 * sm_supported(iommu) is false for it, so the same answer */
	sr_writef(h->sr, "/proc/cmdline", "root=/dev/vda1 intel_iommu=on,sm_on\n");
	vtd(h, "dmar0", C_BASE | C_FL1GP, ECAP_SVA & ~E_SMTS);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "ATC_REQUIRED");
	vtd(h, "dmar0", C_BASE | C_FL1GP, ECAP_SVA);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_WARN, "SATC lists " EP);
}

/* An endpoint at bdf with an ATS capability not yet enabled, PASID and
 * PRI, of the given identity (vendor, device, revision, subsystem). */
static void ats_ep(struct host *h, const char *bdf, uint16_t vendor, uint16_t device, unsigned rev,
		   unsigned ssvid, unsigned ssid, bool page_aligned)
{
	struct cfg cf;

	cfg_pcie(&cf, vendor, device, 0x0, true, false);
	cf.b[0x08] = (uint8_t)rev; /* PCI_REVISION_ID */
	w16(cf.b, 0x2c, ssvid);	   /* PCI_SUBSYSTEM_VENDOR_ID */
	w16(cf.b, 0x2e, ssid);	   /* PCI_SUBSYSTEM_ID */
	cap_ats_pa(&cf, false, page_aligned);
	cap_pasid(&cf, 20, true);
	cap_pri(&cf, true, false);
	pci(h, bdf, &cf, 4096, "dmar0", "idxd", NULL);
}

/*
 * VT-d enables ATS at attach only when the Page Aligned Request bit is
 * set: 6.12 intel/iommu.c:1304 and 6.1 :1497 iommu_enable_pci_caps():
 * "if (info->ats_supported && pci_ats_page_aligned(pdev) &&
 * !pci_enable_ats(...))"; SVA then fails on !info->ats_enabled (6.12
 * :4135, 6.1 :4724). AMD's pdev_enable_cap_ats() (6.12 amd/iommu.c:545)
 * does not ask for the bit.
 */
static void test_dev_ats_page_aligned(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	ats_host(h, ECAP_SVA);
	dmar_atsr_rp(h);
	ats_ep(h, EP, 0x8086, 0x0b25, 0, 0, 0, false);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "Page Aligned Request bit is 0");
	assert_non_null(strstr(step(c, "pci.ats", EP)->kernel_ref, "iommu_enable_pci_caps"));
	YES(c, pasid);
	NO(c, sva, "pci.ats", EP);
	/* the same device with the bit: the kernel will enable it */
	ats_ep(h, EP, 0x8086, 0x0b25, 0, 0, 0, true);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_WARN, "Page Aligned Request set");
	YES(c, sva);
	/* 6.1 has the same test (iommu.c:1497) */
	vtd_dev_host(h, REL61);
	sr_write(h->sr, "/proc/version", BANNER_61("6.1.162-1"));
	ats_ep(h, EP, 0x8086, 0x0b25, 0, 0, 0, false);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "Page Aligned Request bit is 0");
	NO(c, sva, "pci.ats", EP);

	/* AMD: pdev_enable_cap_ats() enables it without the bit */
	unload(h);
	sr_free(h->sr);
	h->sr = sr_new();
	kernel(h, REL612, "quiet", CFG_FULL, "");
	amd(h, "ivhd0", EFR_SVA, true, 0x190b640f);
	rp(h, RP, true, 0x14, 1);
	ats_ep(h, EP, 0x8086, 0x0b25, 0, 0, 0, false);
	relink(h, "../../../virtual/iommu/ivhd0", DEV EP "/iommu");
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_WARN, "pdev_enable_caps()");
}

/* pci=noats: drivers/pci/pci.c pci_setup() (6.12 :6918, 6.1 :6895) tests
 * each comma-separated word with strncmp(str, "noats", 5) and sets
 * pcie_ats_disabled; drivers/pci/ats.c pci_ats_init() (6.12 :24) then
 * leaves ats_cap 0, so pci_ats_supported() is false everywhere. */
static void test_dev_ats_noats(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	static const char *const yes[] = {"pci=noats", "pci=nomsi,noats", "pci=realloc pci=noats",
					  "pci=noatsfoo"};
	static const char *const no[] = {"pci=nomsi", "xpci=noats", "pci=nomsi ats=noats"};

	ats_host(h, ECAP_SVA);
	dmar_atsr_rp(h);
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		sr_writef(h->sr, "/proc/cmdline", "root=/dev/vda1 intel_iommu=on,sm_on %s\n",
			  yes[i]);
		dev_chain(h, EP);
		expect(c, "pci.ats", EP, IOASID_V_FAIL, "pci=noats");
		NO(c, sva, "pci.ats", EP);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		sr_writef(h->sr, "/proc/cmdline", "root=/dev/vda1 intel_iommu=on,sm_on %s\n",
			  no[i]);
		dev_chain(h, EP);
		expect(c, "pci.ats", EP, IOASID_V_WARN, "is in an ATSR");
	}
}

/* drivers/pci/quirks.c (6.12 :5634-5697, 6.1 :5510-5573):
 * quirk_amd_harvest_no_ats() clears ats_cap on the listed AMD GPUs (the
 * Raven iGPU 0x15d8 only at revision 0xcf with subsystem 0xea50:0xce19,
 * 0xcc10 or 0xcc08), quirk_intel_e2000_no_ats() on E2000 revisions before
 * 0x20. */
static void test_dev_ats_quirk(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	ats_host(h, ECAP_SVA);
	dmar_atsr_rp(h);
	ats_ep(h, EP, 0x1002, 0x7310, 0, 0, 0, true);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "quirk_amd_harvest_no_ats");
	assert_non_null(strstr(step(c, "pci.ats", EP)->kernel_ref, "quirk_no_ats"));
	NO(c, sva, "pci.ats", EP);

	ats_ep(h, EP, 0x1002, 0x15d8, 0xcf, 0xea50, 0xcc10, true);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "Raven");
	ats_ep(h, EP, 0x1002, 0x15d8, 0xc8, 0xea50, 0xcc10, true);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_WARN, "is in an ATSR");
	ats_ep(h, EP, 0x1002, 0x15d8, 0xcf, 0x1043, 0xcc10, true);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_WARN, "is in an ATSR");

	ats_ep(h, EP, 0x8086, 0x1452, 0x11, 0, 0, true);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "revision 0x11");
	ats_ep(h, EP, 0x8086, 0x1452, 0x20, 0, 0, true);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_WARN, "is in an ATSR");
}

/* An untrusted device (below an external-facing port): pci_ats_supported()
 * (6.12 drivers/pci/ats.c:43, 6.1 :45) is false. User space sees the mark
 * as the sysfs "removable" attribute (drivers/base/core.c removable_show()),
 * which drivers/pci/probe.c pci_set_removable() sets under the same
 * conditions as set_pcie_untrusted() (6.12 :1654-1700, 6.1 :1606-1650). */
static void test_dev_ats_untrusted(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	ats_host(h, ECAP_SVA);
	dmar_atsr_rp(h);
	sr_write(h->sr, DEV EP "/removable", "removable\n");
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "untrusted");
	NO(c, sva, "pci.ats", EP);
	sr_write(h->sr, DEV EP "/removable", "fixed\n");
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_WARN, "is in an ATSR");
	/* enabled already: whatever the mark, the kernel did enable it */
	endpoint(h, EP, "dmar0", true, true, true, true);
	sr_write(h->sr, DEV EP "/removable", "removable\n");
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_OK, NULL);
}

static void test_dev_no_ats_pri(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	vtd_dev_host(h, REL612);
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, true, false);
	cap_pasid(&cf, 20, true);
	pci(h, "0000:01:00.1", &cf, 4096, "dmar0", "idxd", NULL);
	dev_chain(h, "0000:01:00.1");
	expect(c, "pci.ats", "0000:01:00.1", IOASID_V_FAIL, "no ATS capability");
	expect(c, "pci.pri", "0000:01:00.1", IOASID_V_FAIL, "no PRI capability");
	YES(c, pasid);
	NO(c, sva, "pci.ats", "0000:01:00.1");
	NO(c, prq, "pci.ats", "0000:01:00.1");
}

/* intel_iommu_enable_iopf(): with PASID enabled the PRG response must
 * carry the PASID (pci_prg_resp_pasid_required()). */
static void test_dev_pri_prg_pasid(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	vtd_dev_host(h, REL612);
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, true, false);
	cap_ats(&cf, true);
	cap_pasid(&cf, 20, true);
	cap_pri(&cf, false, false);
	pci(h, "0000:01:00.1", &cf, 4096, "dmar0", "idxd", NULL);
	dev_chain(h, "0000:01:00.1");
	expect(c, "pci.pri", "0000:01:00.1", IOASID_V_FAIL, "PASID required no");
	assert_non_null(
		strstr(step(c, "pci.pri", "0000:01:00.1")->kernel_ref, "intel_iommu_enable_iopf"));
	YES(c, pasid);
	/* the device supports PRI (ATS, unit PRS+PDS, a PRI capability:
	 * intel/iommu.c:3977-3979), so 6.12 intel_iommu_enable_sva() refuses
	 * it while PRI is not enabled (:4148-4150), and PRI never will be */
	NO(c, sva, "pci.pri", "0000:01:00.1");
	NO(c, prq, "pci.pri", "0000:01:00.1");

	/* with the bit, PRI present but not enabled is a warning */
	dev_chain(h, EP);
	expect(c, "pci.pri", EP, IOASID_V_OK, NULL);
}

/*
 * PRI as a precondition of SVA. 6.12 intel/iommu.c:4145-4150
 * intel_iommu_enable_sva(): without pri_supported (ats_supported &&
 * ecap_prs && ecap_pds && pci_pri_supported(), :3977-3979) SVA is
 * allowed, with it PRI must be enabled. 6.1 :4724 requires pri_enabled
 * outright, which iommu_enable_pci_caps() (:1492-1495) sets only with
 * pri_supported and, with PASID enabled, the PRG response PASID bit.
 */
static void test_dev_pri_sva(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	/* 6.12, a unit without PRS: pri_supported 0, the PRG bit does not
	 * matter to SVA (page requests are no by vtd.prs) */
	vtd_dev_host(h, REL612);
	vtd(h, "dmar0", C_BASE | C_FL1GP, ECAP_SVA & ~E_PRS);
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, true, false);
	cap_ats(&cf, true);
	cap_pasid(&cf, 20, true);
	cap_pri(&cf, false, false);
	pci(h, "0000:01:00.1", &cf, 4096, "dmar0", "idxd", NULL);
	dev_chain(h, "0000:01:00.1");
	expect(c, "pci.pri", "0000:01:00.1", IOASID_V_FAIL, "PASID required no");
	YES(c, sva);
	NO(c, prq, "vtd.prs", "dmar0");

	/* 6.12, PRI present and enabled-able but not enabled: a warning that
	 * says SVA needs it; SVA yes (the driver enables IOPF first) */
	vtd(h, "dmar0", C_BASE | C_FL1GP, ECAP_SVA);
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, true, false);
	cap_ats(&cf, true);
	cap_pasid(&cf, 20, true);
	cap_pri(&cf, true, false);
	pci(h, "0000:01:00.1", &cf, 4096, "dmar0", "idxd", NULL);
	dev_chain(h, "0000:01:00.1");
	expect(c, "pci.pri", "0000:01:00.1", IOASID_V_WARN, "SVA needs it enabled");
	YES(c, sva);

	/* 6.1 (Debian 6.1.162-1: before the x86 SVA switch-off) */
	vtd_dev_host(h, REL61);
	sr_write(h->sr, "/proc/version", BANNER_61("6.1.162-1"));
	dev_chain(h, EP);
	expect(c, "pci.pri", EP, IOASID_V_OK, "PRI enabled");
	expect(c, "kernel.sva_x86", "host", IOASID_V_OK, NULL);
	YES(c, sva);
	/* no PRI capability: 6.1 refuses SVA */
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, true, false);
	cap_ats(&cf, true);
	cap_pasid(&cf, 20, true);
	pci(h, "0000:01:00.1", &cf, 4096, "dmar0", "idxd", NULL);
	dev_chain(h, "0000:01:00.1");
	expect(c, "pci.pri", "0000:01:00.1", IOASID_V_FAIL, "iommu.c:4724");
	NO(c, sva, "pci.pri", "0000:01:00.1");
	YES(c, pasid);
	/* the unit without PDS: pri_supported 0, so no SVA on 6.1 */
	vtd(h, "dmar0", C_BASE | C_FL1GP, ECAP_SVA & ~E_PDS);
	dev_chain(h, EP);
	expect(c, "pci.pri", EP, IOASID_V_FAIL, "lacks PRS or PDS");
	NO(c, sva, "pci.pri", EP);
	/* PRG response without the PASID bit, PASID enabled: refused at attach */
	vtd(h, "dmar0", C_BASE | C_FL1GP, ECAP_SVA);
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, true, false);
	cap_ats(&cf, true);
	cap_pasid(&cf, 20, true);
	cap_pri(&cf, false, false);
	pci(h, "0000:01:00.1", &cf, 4096, "dmar0", "idxd", NULL);
	dev_chain(h, "0000:01:00.1");
	expect(c, "pci.pri", "0000:01:00.1", IOASID_V_FAIL, "PASID required no");
	assert_non_null(
		strstr(step(c, "pci.pri", "0000:01:00.1")->kernel_ref, "iommu_enable_pci_caps"));
	NO(c, sva, "pci.pri", "0000:01:00.1");
}

/*
 * A config-space dump without a host (--pci-dump, no --sysroot): the
 * bytes are lspci -xxxx's (pciutils lib/dump.c reads "BB:DD.F ..." then
 * "OFF: xx ..." lines), and the machine running the test is not their
 * host, so no host rule may speak for it: its release, command line,
 * ACPI tables and IOMMU units are left out, the host steps are unknown,
 * and so is the driver the dump cannot hold.
 */
static void test_dev_pci_dump_no_host(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct ioasid_ctx *ctx;
	struct ioasid_iommu_list il;
	struct ioasid_pci_list pl;
	struct cfg cf;
	FILE *fp;

	cfg_pcie(&cf, 0x8086, 0x0b25, 0x9, true, false);
	cap_ats(&cf, true);
	cap_pasid(&cf, 20, true);
	cap_pri(&cf, true, false);
	fp = fopen(sr_path(h->sr, "/dsa.dump"), "w");
	assert_non_null(fp);
	fprintf(fp, "6a:01.0 System peripheral: Intel Corporation Device 0b25\n");
	for (size_t off = 0; off < 4096; off += 16) {
		fprintf(fp, off < 256 ? "%02zx:" : "%03zx:", off);
		for (size_t i = 0; i < 16; i++)
			fprintf(fp, " %02x", cf.b[off + i]);
		fprintf(fp, "\n");
	}
	fclose(fp);
	/* the live context, as ioasidctl --pci-dump FILE makes it */
	assert_int_equal(ioasid_ctx_new(&ctx, NULL), 0);
	assert_int_equal(ioasid_ctx_set_pci_dump(ctx, sr_path(h->sr, "/dsa.dump")), 0);
	assert_int_equal(ioasid_iommu_list(ctx, &il), 0);
	assert_int_equal(ioasid_pci_list(ctx, &il, &pl), 0);
	assert_int_equal(ioasid_device_chain(ctx, &il, &pl, "0000:6a:01.0", c), 0);
	expect(c, "firmware.table", "host", IOASID_V_UNKNOWN, "a config-space dump holds no host");
	expect(c, "iommu.units", "host", IOASID_V_UNKNOWN, "holds no host");
	expect(c, "kernel.config", "host", IOASID_V_UNKNOWN, "holds no host");
	expect(c, "kernel.sva_x86", "host", IOASID_V_UNKNOWN, "holds no host");
	expect(c, "pci.iommu", "0000:6a:01.0", IOASID_V_UNKNOWN, "no IOMMU links");
	expect(c, "pci.driver", "0000:6a:01.0", IOASID_V_UNKNOWN, "no driver binding");
	/* what the bytes hold is still judged */
	expect(c, "pci.pasid_cap", "0000:6a:01.0", IOASID_V_OK, "width 20");
	expect(c, "pci.ats", "0000:6a:01.0", IOASID_V_OK, "ATS enabled");
	for (size_t i = 0; i < c->n; i++) {
		/* no unit, CPU or host step of this machine */
		assert_true(!strcmp(c->v[i].subject, "host") ||
			    !strcmp(c->v[i].subject, "0000:6a:01.0"));
		assert_null(strstr(c->v[i].rule, "cpu."));
		assert_null(strstr(c->v[i].rule, "iommufd"));
	}
	UNK(c, pasid, "firmware.table", "host");
	UNK(c, sva, "firmware.table", "host");
	UNK(c, prq, "firmware.table", "host");
	ioasid_chain_free(c);
	assert_int_equal(ioasid_host_chain(ctx, &il, c), 0);
	for (size_t i = 0; i < c->n; i++)
		assert_string_equal(c->v[i].subject, "host");
	UNK(c, pasid, "firmware.table", "host");
	ioasid_chain_free(c);
	memset(c, 0, sizeof(*c));
	ioasid_pci_list_free(&pl);
	ioasid_iommu_list_free(&il);
	ioasid_ctx_free(ctx);
}

/* A VF: pci_enable_pasid() returns the PF's pasid_enabled; the PASID
 * capability is the PF's (pci_pasid_init() reads pci_physfn()). */
static void test_dev_vf(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	vtd_dev_host(h, REL612);
	cfg_pcie(&cf, 0x8086, 0x0b26, 0x0, true, false);
	cap_ats(&cf, true);
	pci(h, "0000:01:00.2", &cf, 4096, "dmar0", "idxd", EP);
	dev_chain(h, "0000:01:00.2");
	expect(c, "pci.pasid_cap", "0000:01:00.2", IOASID_V_OK, "the PF's");
	expect(c, "pci.vf", "0000:01:00.2", IOASID_V_OK, EP);
	expect(c, "pci.pasid_enabled", "0000:01:00.2", IOASID_V_OK, "(the PF's)");
	expect(c, "pci.eetlp_prefix", "0000:01:00.2", IOASID_V_OK, NULL);
	YES(c, pasid);

	/* the PF without PASID: the VF has none either */
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, true, false);
	cap_ats(&cf, true);
	pci(h, EP, &cf, 4096, NULL, NULL, NULL);
	dev_chain(h, "0000:01:00.2");
	expect(c, "pci.pasid_cap", "0000:01:00.2", IOASID_V_FAIL, "on its PF");
	NO(c, pasid, "pci.pasid_cap", "0000:01:00.2");
}

/* A VF's PRI is its PF's: 6.12 drivers/pci/ats.c:244-248 pci_enable_pri()
 * returns 0 for a VF exactly when pci_physfn(pdev)->pri_enabled;
 * :373-379 pci_pri_supported() reads pci_physfn()->pri_cap; 6.1 the same
 * (:207, :336). VFs must not implement PRI (PCIe r6 9.3.7): one that does
 * is ignored. */
static void test_dev_vf_pri(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	/* the PF has PRI enabled, PRG response PASID required: the VF too */
	vtd_dev_host(h, REL612);
	cfg_pcie(&cf, 0x8086, 0x0b26, 0x0, true, false);
	cap_ats(&cf, true);
	pci(h, "0000:01:00.2", &cf, 4096, "dmar0", "idxd", EP);
	dev_chain(h, "0000:01:00.2");
	expect(c, "pci.pri", "0000:01:00.2", IOASID_V_OK,
	       "PRI enabled, capacity 512, PRG response PASID required yes (the PF's");
	YES(c, prq);

	/* the PF without PRI: the VF has none, whatever its own space says */
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, true, false);
	cap_ats(&cf, true);
	cap_pasid(&cf, 20, true);
	pci(h, EP, &cf, 4096, "dmar0", "idxd", NULL);
	cfg_pcie(&cf, 0x8086, 0x0b26, 0x0, true, false);
	cap_ats(&cf, true);
	cap_pri(&cf, true, true);
	pci(h, "0000:01:00.2", &cf, 4096, "dmar0", "idxd", EP);
	dev_chain(h, "0000:01:00.2");
	expect(c, "pci.pri", "0000:01:00.2", IOASID_V_FAIL, "no PRI capability on its PF");
	NO(c, prq, "pci.pri", "0000:01:00.2");
}

/* The VF's own DEVCAP2 does not matter: pci_enable_pasid() returns for a
 * VF before the eetlp_prefix_path and ACS checks, on the PF's state. */
static void test_dev_vf_follows_pf_path(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	vtd_dev_host(h, REL612);
	cfg_pcie(&cf, 0x8086, 0x0b26, 0x0, false, true); /* no EE prefix, MFD, no ACS */
	cap_ats(&cf, true);
	pci(h, "0000:01:00.2", &cf, 4096, "dmar0", "idxd", EP);
	dev_chain(h, "0000:01:00.2");
	expect(c, "pci.eetlp_prefix", "0000:01:00.2", IOASID_V_OK, NULL);
	expect(c, "pci.acs", "0000:01:00.2", IOASID_V_OK, NULL);
	YES(c, pasid);
}

static void test_dev_no_driver_no_iommu(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	vtd_dev_host(h, REL612);
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, true, false);
	cap_ats(&cf, true);
	cap_pasid(&cf, 20, true);
	cap_pri(&cf, true, true);
	pci(h, "0000:01:00.1", &cf, 4096, "dmar0", NULL, NULL);
	pci(h, "0000:01:00.3", &cf, 4096, NULL, "idxd", NULL);
	dev_chain(h, "0000:01:00.1");
	expect(c, "pci.driver", "0000:01:00.1", IOASID_V_WARN, "no driver");
	assert_int_equal(step(c, "pci.driver", "0000:01:00.1")->affects, 0);
	YES(c, pasid);
	YES(c, prq);

	dev_chain(h, "0000:01:00.3");
	expect(c, "pci.iommu", "0000:01:00.3", IOASID_V_FAIL, "no IOMMU");
	assert_false(has_step(c, "vtd.pasid_hw", "dmar0"));
	NO(c, pasid, "pci.iommu", "0000:01:00.3");
}

/* What a non-root reader gets: 64 bytes of config; the PASID capability
 * is unknown, and so are the path rules (no PCIe capability read). */
static void test_dev_config_64(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	vtd_dev_host(h, REL612);
	cfg_pcie(&cf, 0x8086, 0x0b25, 0x0, true, false);
	cap_pasid(&cf, 20, true);
	pci(h, "0000:01:00.1", &cf, 64, "dmar0", "idxd", NULL);
	dev_chain(h, "0000:01:00.1");
	expect(c, "pci.pasid_cap", "0000:01:00.1", IOASID_V_UNKNOWN, NULL);
	UNK(c, pasid, "pci.pasid_cap", "0000:01:00.1");
}

static int eacces_dev(struct ioasid_ctx *ctx, void *arg)
{
	struct ioasid_iommu_list il;
	struct ioasid_pci_list pl;
	struct ioasid_chain c;
	int ok = 0;

	(void)arg;
	if (ioasid_iommu_list(ctx, &il) < 0)
		return 0;
	if (ioasid_pci_list(ctx, &il, &pl) == 0) {
		if (ioasid_device_chain(ctx, &il, &pl, EP, &c) == 0) {
			ok = c.pasid.verdict == IOASID_V_UNKNOWN && c.pasid.step >= 0 &&
			     !strcmp(c.v[c.pasid.step].subject, EP) &&
			     c.v[c.pasid.step].verdict == IOASID_V_UNKNOWN;
			if (!ok)
				dump(&c);
			ioasid_chain_free(&c);
		}
		ioasid_pci_list_free(&pl);
	}
	ioasid_iommu_list_free(&il);
	return ok;
}

/* The config file unreadable (mode 000, not root): EACCES, unknown. */
static void test_dev_config_eacces(void **state)
{
	struct host *h = *state;
	int result = -1;

	vtd_dev_host(h, REL612);
	sr_chmod(h->sr, DEV EP "/config", 0);
	if (!sr_run_unprivileged(h->sr, eacces_dev, NULL, &result))
		skip();
	assert_int_equal(result, 1);
}

/* AMD 6.12: without GT && PPR && EPHSUP iommu_init_device() skips
 * pdev_get_caps(), so ATS is never enabled; 6.1 has no such gate; no
 * IOTLB in the unit's cap (bit 24) turns amd_iommu_iotlb_sup off. */
static void amd_dev_host(struct host *h, const char *rel, uint64_t efr, uint32_t cap)
{
	kernel(h, rel, "quiet", CFG_FULL, "");
	amd(h, "ivhd0", efr, !strcmp(rel, REL612), cap);
	rp(h, RP, true, 0x14, 1);
	endpoint(h, EP, "ivhd0", false, false, true, false);
}

static void test_dev_amd_ats(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	amd_dev_host(h, REL612, EFR_SVA & ~F_EPHSUP, 0x190b640f);
	dev_chain(h, EP);
	expect(c, "amd.ephsup", "ivhd0", IOASID_V_FAIL, NULL);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "lacks GT, PPR or EPHSUP");
	NO(c, pasid, "amd.ephsup", "ivhd0");

	amd_dev_host(h, REL612, EFR_SVA, 0x190b640f);
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_WARN, "not enabled");
	expect(c, "pci.iommu", EP, IOASID_V_OK, "ivhd0");

	amd_dev_host(h, REL612, EFR_SVA, 0x190b640f & ~(1u << 24));
	dev_chain(h, EP);
	expect(c, "pci.ats", EP, IOASID_V_FAIL, "no IOTLB");
}

/* The device's IOMMU group N and its type (drivers/iommu/iommu.c
 * iommu_group_show_type(): "identity", "DMA", "DMA-FQ", "unmanaged",
 * "blocked"). */
static void group_of(struct host *h, const char *bdf, unsigned n, const char *type)
{
	char p[160], t[160];

	snprintf(p, sizeof(p), "/sys/kernel/iommu_groups/%u/type", n);
	sr_writef(h->sr, p, "%s\n", type);
	snprintf(p, sizeof(p), DEV "%s/iommu_group", bdf);
	snprintf(t, sizeof(t), "../../../../kernel/iommu_groups/%u", n);
	relink(h, t, p);
}

/*
 * AMD 6.12 amd/iommu.c do_attach() (:2357) enables PASID, ATS and PRI only
 * under pdom_is_sva_capable() (:231): an identity domain or the v2 page
 * table; DMA domains take amd_iommu_pgtable, v1 unless amd_iommu=pgtbl_v2
 * (init.c :3646) on a unit with GIOSup and GT (:2109-2113); unmanaged
 * domains are always v1 (:2563); amd_iommu=force_isolation leaves the
 * device's flags 0 (iommu_init_device() :708) unless passthrough. 6.1 has
 * no such rule.
 */
#define F_GIOSUP (1ull << 48)
static void test_dev_amd_domain(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	amd_dev_host(h, REL612, EFR_SVA, 0x190b640f);
	group_of(h, EP, 5, "identity");
	dev_chain(h, EP);
	expect(c, "amd.domain", EP, IOASID_V_OK, "identity domain");
	group_of(h, EP, 5, "DMA-FQ");
	dev_chain(h, EP);
	expect(c, "amd.domain", EP, IOASID_V_FAIL, "DMA-FQ domain with the v1 page table");
	NO(c, pasid, "amd.domain", EP);
	NO(c, sva, "amd.domain", EP);
	/* amd_iommu=pgtbl_v2: v2 only on a unit with GIOSup and GT */
	sr_write(h->sr, "/proc/cmdline", "root=/dev/vda1 amd_iommu=pgtbl_v2\n");
	dev_chain(h, EP);
	expect(c, "amd.domain", EP, IOASID_V_FAIL, "v1 page table");
	amd(h, "ivhd0", EFR_SVA | F_GIOSUP, true, 0x190b640f);
	dev_chain(h, EP);
	expect(c, "amd.domain", EP, IOASID_V_OK, "v2-page-table DMA-FQ domain");
	/* a VFIO (unmanaged) domain is always v1 */
	group_of(h, EP, 5, "unmanaged");
	dev_chain(h, EP);
	expect(c, "amd.domain", EP, IOASID_V_FAIL, "always v1");
	/* force_isolation, unless passthrough */
	group_of(h, EP, 5, "identity");
	sr_write(h->sr, "/proc/cmdline", "root=/dev/vda1 amd_iommu=force_isolation\n");
	dev_chain(h, EP);
	expect(c, "amd.domain", EP, IOASID_V_FAIL, "force_isolation");
	sr_write(h->sr, "/proc/cmdline", "root=/dev/vda1 amd_iommu=force_isolation iommu=pt\n");
	dev_chain(h, EP);
	expect(c, "amd.domain", EP, IOASID_V_OK, NULL);
	/* iommu.passthrough= is kstrtobool() (iommu.c:681), and without it
	 * CONFIG_IOMMU_DEFAULT_PASSTHROUGH decides (iommu_subsys_init()) */
	sr_write(h->sr, "/proc/cmdline",
		 "root=/dev/vda1 amd_iommu=force_isolation iommu.passthrough=on\n");
	dev_chain(h, EP);
	expect(c, "amd.domain", EP, IOASID_V_OK, NULL);
	sr_write(h->sr, "/proc/cmdline",
		 "root=/dev/vda1 amd_iommu=force_isolation iommu.passthrough=0\n");
	dev_chain(h, EP);
	expect(c, "amd.domain", EP, IOASID_V_FAIL, "force_isolation");
	kernel(h, REL612, "amd_iommu=force_isolation",
	       CFG_FULL "CONFIG_IOMMU_DEFAULT_PASSTHROUGH=y\n", "");
	dev_chain(h, EP);
	expect(c, "amd.domain", EP, IOASID_V_OK, NULL);
	/* 6.1: no such rule */
	amd_dev_host(h, REL61, EFR_SVA, 0x190b640f);
	group_of(h, EP, 5, "DMA");
	dev_chain(h, EP);
	assert_false(has_step(c, "amd.domain", EP));
}

/* 6.1 drivers/iommu/iommu.c:2814 iommu_sva_bind_device(): SVA only for a
 * device alone in its IOMMU group (iommu_group_device_count() == 1, else
 * -EINVAL); 6.12 has no such check. */
static void test_dev_group_61(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	vtd_dev_host(h, REL61);
	sr_write(h->sr, "/proc/version", BANNER_61("6.1.162-1"));
	group_of(h, EP, 7, "DMA");
	sr_symlink(h->sr, "../../../../devices/pci0000:00/" RP "/" EP,
		   "/sys/kernel/iommu_groups/7/devices/" EP);
	dev_chain(h, EP);
	expect(c, "iommu.group", EP, IOASID_V_OK, "IOMMU group 7 has 1 device");
	YES(c, sva);
	sr_symlink(h->sr, "../../../../devices/pci0000:00/" RP "/0000:01:00.1",
		   "/sys/kernel/iommu_groups/7/devices/0000:01:00.1");
	dev_chain(h, EP);
	expect(c, "iommu.group", EP, IOASID_V_FAIL, "has 2 devices");
	NO(c, sva, "iommu.group", EP);
	YES(c, pasid);
	/* 6.12: no step */
	vtd_dev_host(h, REL612);
	dev_chain(h, EP);
	assert_false(has_step(c, "iommu.group", EP));
	YES(c, sva);
}

/*
 * The SVA answer names the kernel's first error (ioasid-reason.h
 * IOASID_SVA_*): drivers call iommu_dev_enable_feature(SVA) before
 * iommu_sva_bind_device() (drivers/dma/idxd/init.c idxd_enable_sva(),
 * idxd_probe()). On the releases with the x86 switch-off (6.12.118,
 * 6.1.192, the vm guests'):
 * - 6.1 AMD: amd_iommu_ops (amd/iommu.c:2467-2490) has neither
 *   dev_enable_feat nor sva_bind: the enable returns -ENODEV (iommu.c:2752),
 *   and the bind -ENODEV at :2795-2796 before IS_ENABLED(CONFIG_X86) at
 *   :2802: amd.sva_ops, not kernel.sva_x86.
 * - VT-d: intel_iommu_enable_sva() returns -ENODEV without
 *   VTD_FLAG_SVM_CAPABLE (6.12 intel/iommu.c:4132-4133, 6.1 :4721-4722)
 *   and -EINVAL without PASID/ATS enabled (6.12 :4135, 6.1 :4724), before
 *   any bind: vtd.svm or pci.ats, not kernel.sva_x86.
 * - 6.12 AMD: amd_iommu_dev_enable_feature() (amd/iommu.c:3063-3076)
 *   accepts SVA, so the bind's x86 check (iommu-sva.c:83) comes before
 *   the PASID allocation that max_pasids 1 would fail (iommu_alloc_mm_data()).
 * - 6.1 iommu.group: the group count (iommu.c:2814) is past the x86
 *   check (:2802).
 */
static void test_sva_kernel_order(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	/* 6.1.192 AMD: host and device */
	amd_dev_host(h, REL61, EFR_SVA & ~F_EPHSUP, 0x190b640f);
	sr_write(h->sr, "/proc/version", BANNER_61("6.1.192-3"));
	host_chain(h);
	expect(c, "kernel.sva_x86", "host", IOASID_V_FAIL, "6.1.192");
	expect(c, "amd.sva_ops", "ivhd0", IOASID_V_FAIL, "neither dev_enable_feat nor sva_bind");
	assert_non_null(strstr(step(c, "amd.sva_ops", "ivhd0")->kernel_ref, "amd_iommu_ops"));
	NO(c, sva, "amd.sva_ops", "ivhd0");
	dev_chain(h, EP);
	NO(c, sva, "amd.sva_ops", "ivhd0");
	/* 6.1.162 (before the switch-off): the op check alone */
	sr_write(h->sr, "/proc/version", BANNER_61("6.1.162-1"));
	dev_chain(h, EP);
	expect(c, "kernel.sva_x86", "host", IOASID_V_OK, NULL);
	NO(c, sva, "amd.sva_ops", "ivhd0");
	unlink(sr_path(h->sr, "/proc/version"));

	/* 6.12.118 AMD with PASmax 0: enable passes, the bind stops at x86 */
	amd_dev_host(h, "6.12.118+deb12-amd64", EFR_SVA & ~F_PASMAX15, 0x190b640f);
	amd(h, "ivhd0", EFR_SVA & ~F_PASMAX15, true, 0x190b640f);
	dev_chain(h, EP);
	expect(c, "amd.sva_ops", "ivhd0", IOASID_V_OK, "accepts SVA");
	expect(c, "amd.max_pasids", "ivhd0", IOASID_V_FAIL, NULL);
	NO(c, sva, "kernel.sva_x86", "host");
	host_chain(h);
	NO(c, sva, "kernel.sva_x86", "host");
	/* 6.12.63: no switch-off, the PASID allocation decides */
	amd_dev_host(h, REL612, EFR_SVA & ~F_PASMAX15, 0x190b640f);
	dev_chain(h, EP);
	NO(c, sva, "amd.max_pasids", "ivhd0");

	/* 6.12.118 VT-d without SMPWC: the enable's -ENODEV first */
	vtd_dev_host(h, "6.12.118+deb12-amd64");
	vtd(h, "dmar0", C_BASE | C_FL1GP, ECAP_SVA & ~E_SMPWC);
	dev_chain(h, EP);
	expect(c, "kernel.sva_x86", "host", IOASID_V_FAIL, NULL);
	NO(c, sva, "vtd.svm", "dmar0");
	host_chain(h);
	NO(c, sva, "vtd.svm", "dmar0");
	/* a capable unit, the device's PASID off: the enable's -EINVAL */
	vtd_dev_host(h, "6.12.118+deb12-amd64");
	endpoint(h, EP, "dmar0", false, true, true, true);
	dev_chain(h, EP);
	NO(c, sva, "pci.pasid_enabled", EP);
	/* everything the enable checks holds: the bind's x86 check */
	endpoint(h, EP, "dmar0", true, true, true, true);
	dev_chain(h, EP);
	NO(c, sva, "kernel.sva_x86", "host");

	/* 6.1.192 VT-d, a group of two: x86 (:2802) before the count (:2814) */
	vtd_dev_host(h, REL61);
	sr_write(h->sr, "/proc/version", BANNER_61("6.1.192-3"));
	group_of(h, EP, 7, "DMA");
	sr_symlink(h->sr, "../../../../devices/pci0000:00/" RP "/" EP,
		   "/sys/kernel/iommu_groups/7/devices/" EP);
	sr_symlink(h->sr, "../../../../devices/pci0000:00/" RP "/0000:01:00.1",
		   "/sys/kernel/iommu_groups/7/devices/0000:01:00.1");
	dev_chain(h, EP);
	expect(c, "iommu.group", EP, IOASID_V_FAIL, "has 2 devices");
	NO(c, sva, "kernel.sva_x86", "host");
	unlink(sr_path(h->sr, "/proc/version"));
}

/*
 * The AMD IOMMU's own PCI function: amd/init.c iommu_init_pci() registers
 * the unit with iommu_device_sysfs_add(..., &iommu->dev->dev, ..., "ivhd%d")
 * (6.12 :2149, 6.1 :2161), so "iommu" below that function is the class
 * directory holding ivhd0 (as in tests/data/vm/6.12-amd, 0000:00:01.0),
 * not iommu_device_link()'s link; init_iommu_one_late() clears the
 * function's rlookup entry (6.12 init.c:1883, 6.1 :1882): not translated.
 */
static void test_dev_amd_iommu_function(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	amd_dev_host(h, REL612, EFR_SVA, 0x190b640f);
	cfg_pcie(&cf, 0x1022, 0x1481, 0, false, false);
	pci(h, "0000:00:00.2", &cf, 4096, NULL, NULL, NULL);
	sr_write(h->sr, DEV "0000:00:00.2/iommu/ivhd0/amd-iommu/cap", "190b640f\n");
	dev_chain(h, "0000:00:00.2");
	expect(c, "pci.iommu", "0000:00:00.2", IOASID_V_FAIL,
	       "not translated: this function is the IOMMU unit ivhd0 itself");
	assert_non_null(
		strstr(step(c, "pci.iommu", "0000:00:00.2")->kernel_ref, "init_iommu_one_late"));
	/* a directory that is not one unit's: still not readable */
	sr_write(h->sr, DEV "0000:00:00.2/iommu/ivhd1/amd-iommu/cap", "190b640f\n");
	dev_chain(h, "0000:00:00.2");
	expect(c, "pci.iommu", "0000:00:00.2", IOASID_V_UNKNOWN, "not readable");
}

static void test_dev_amd_61(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	amd_dev_host(h, REL61, EFR_SVA & ~F_EPHSUP, 0x190b640f);
	dev_chain(h, EP);
	assert_false(has_step(c, "amd.ephsup", "ivhd0"));
	expect(c, "pci.ats", EP, IOASID_V_WARN, "not enabled");
	expect(c, "pci.acs", EP, IOASID_V_NA, NULL);
	NO(c, pasid, "amd.max_pasids", "ivhd0");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* ---- arm64: SMMUv3 (issue 17) ---- */

/* Debian 13's 6.12.118 arm64 package, whose config leaves
 * ARM_SMMU_V3_SVA and UACCE unset (issue 17) */
#define REL612_ARM "6.12.118+deb13-arm64"
/* The GB10 report (siderolabs/talos#14087): CONFIG_ARM_SMMU_V3=y,
 * "# CONFIG_ARM_SMMU_V3_SVA is not set", so IOMMU_SVA (which only
 * ARM_SMMU_V3_SVA selects on arm64, drivers/iommu/Kconfig 6.12 :405) is
 * absent too */
#define CFG_ARM_NO_SVA                                                                             \
	"CONFIG_ARM64=y\nCONFIG_PCI_PASID=y\nCONFIG_PCI_ATS=y\nCONFIG_PCI_PRI=y\n"                 \
	"CONFIG_ARM_SMMU_V3=y\n# CONFIG_ARM_SMMU_V3_SVA is not set\n# CONFIG_UACCE is not set\n"
#define CFG_ARM_SVA                                                                                \
	"CONFIG_ARM64=y\nCONFIG_PCI_PASID=y\nCONFIG_PCI_ATS=y\nCONFIG_PCI_PRI=y\n"                 \
	"CONFIG_ARM_SMMU_V3=y\nCONFIG_ARM_SMMU_V3_SVA=y\nCONFIG_IOMMU_SVA=y\nCONFIG_UACCE=m\n"
#define SMMU "smmu3.0x0000000009050000"
/* arm_smmu_device_hw_probe()'s line (6.12 :4405): QEMU's (issue 17),
 * 0x8305 = 2_LVL_STRTAB TT_LE COHERENCY TRANS_S1 RANGE_INV, no SVA; and
 * NVIDIA Grace's 0x001e1fbf (linux-arm-kernel, tegra241-cmdqv thread),
 * with SVA (17), STALLS (11), PRI (4), ATS (5), COHERENCY (8) */
#define LINE_QEMU "arm-smmu-v3 9050000.smmuv3: ias 44-bit, oas 44-bit (features 0x00008305)"
#define LINE_GRACE "arm-smmu-v3 9050000.smmuv3: ias 48-bit, oas 48-bit (features 0x001e1fbf)"

static void arm_host(struct host *h, const char *config, const char *line, const char *kallsyms)
{
	kernel(h, REL612_ARM, "console=ttyAMA0", config, NULL);
	sr_mkdir(h->sr, "/sys/devices/virtual/iommu/" SMMU "/devices");
	relink(h, "../../devices/virtual/iommu/" SMMU, "/sys/class/iommu/" SMMU);
	if (line)
		sr_writef(h->sr, "/dev/kmsg", "6,301,800100,-;%s\n", line);
	/* kernel/kallsyms.c s_show(): "%px %c %s\n" */
	if (kallsyms)
		sr_write(h->sr, "/proc/kallsyms", kallsyms);
}

/* The GB10 case: the build decides first, in one line (kernel.smmu_sva),
 * and no x86 rule appears. */
static void test_arm_not_built(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	arm_host(h, CFG_ARM_NO_SVA, LINE_QEMU,
		 "0000000000000000 T iommu_group_get\n0000000000000000 t "
		 "os_iommu_sva_bind\t[nvidia]\n");
	host_chain(h);
	expect(c, "kernel.smmu_sva", "host", IOASID_V_FAIL,
	       "not built: CONFIG_ARM_SMMU_V3_SVA is not set");
	expect(c, "kernel.smmu_sva", "host", IOASID_V_FAIL,
	       "arm_smmu_sva_supported absent, iommu_sva_bind_device absent, "
	       "iommu_dev_enable_feature absent");
	/* IOMMU_SVA's absence is left to kernel.smmu_sva on arm64 */
	expect(c, "kernel.config", "host", IOASID_V_OK, "IOMMU_SVA=(absent)");
	expect(c, "smmu.sva", SMMU, IOASID_V_FAIL, "without CONFIG_ARM_SMMU_V3_SVA");
	NO(c, sva, "kernel.smmu_sva", "host");
	NO(c, prq, "kernel.smmu_sva", "host");
	assert_false(has_step(c, "kernel.sva_x86", "host"));
	assert_false(has_step(c, "cpu.enqcmd", "host"));
}

/* No config readable: /proc/kallsyms tells the same. */
static void test_arm_not_built_kallsyms(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	arm_host(h, NULL, LINE_QEMU, "0000000000000000 T iommu_group_get\n");
	host_chain(h);
	expect(c, "kernel.smmu_sva", "host", IOASID_V_FAIL,
	       "CONFIG_ARM_SMMU_V3_SVA (and the IOMMU_SVA it selects) is not set");
	NO(c, sva, "kernel.smmu_sva", "host");
	/* neither the config nor the symbols: unknown */
	unlink(sr_path(h->sr, "/proc/kallsyms"));
	host_chain(h);
	expect(c, "kernel.smmu_sva", "host", IOASID_V_UNKNOWN, "neither");
}

/* Built, and the unit's word has SVA (Grace): the unit passes; its
 * SubstreamID width is not exported, so the host's SVA stays unknown. */
static void test_arm_built(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	arm_host(h, CFG_ARM_SVA, LINE_GRACE,
		 "0000000000000000 T arm_smmu_sva_supported\n"
		 "0000000000000000 T iommu_sva_bind_device\n"
		 "0000000000000000 T iommu_dev_enable_feature\n");
	host_chain(h);
	expect(c, "kernel.smmu_sva", "host", IOASID_V_OK, "built: CONFIG_ARM_SMMU_V3_SVA=y");
	expect(c, "smmu.sva", SMMU, IOASID_V_OK, "has SVA (bit 17 of 6.12's table)");
	expect(c, "smmu.ssid", SMMU, IOASID_V_UNKNOWN, "neither printed nor exported");
	assert_int_equal(c->sva.verdict, IOASID_V_UNKNOWN);
}

/* Built, but arm_smmu_sva_supported() said no (QEMU's word: COHERENCY
 * set, so one of the page size, OAS or ASID checks failed). */
static void test_arm_no_feature(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;

	arm_host(h, CFG_ARM_SVA, LINE_QEMU, NULL);
	host_chain(h);
	expect(c, "kernel.smmu_sva", "host", IOASID_V_OK, NULL);
	expect(c, "smmu.sva", SMMU, IOASID_V_FAIL, "said no");
	NO(c, sva, "smmu.sva", SMMU);
	/* no boot line: the word is unknown */
	unlink(sr_path(h->sr, "/dev/kmsg"));
	host_chain(h);
	expect(c, "smmu.sva", SMMU, IOASID_V_UNKNOWN, "no boot line");
}

/* A HiSilicon ZIP (19e5:a250 revision 0x21, quirk_huawei_pcie_sva())
 * with its uacce device's SVA flag (uacce_enable_sva()): stalls for
 * faults (STALLS + dma-can-stall), and the flag proves the SubstreamIDs:
 * SVA yes. */
static void test_arm_zip(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;
	const char *bdf = "0000:75:00.0";

	arm_host(h, CFG_ARM_SVA, LINE_GRACE, NULL);
	cfg_pcie(&cf, 0x19e5, 0xa250, 0x9, false, false); /* RC integrated endpoint */
	cf.b[0x08] = 0x21;
	cap_pasid(&cf, 16, true);
	pci(h, bdf, &cf, 4096, SMMU, "hisi_zip", NULL);
	sr_write(h->sr, DEV "0000:75:00.0/uacce/hisi_zip-0/flags", "1\n");
	sr_write(h->sr, DEV "0000:75:00.0/uacce/hisi_zip-0/api", "hisi_qm_v2\n");
	sr_symlink(h->sr, "../../../0000:75:00.0", DEV "0000:75:00.0/uacce/hisi_zip-0/device");
	sr_symlink(h->sr, "../../bus/pci/devices/0000:75:00.0/uacce/hisi_zip-0",
		   "/sys/class/uacce/hisi_zip-0");
	dev_chain(h, bdf);
	expect(c, "pci.huawei_sva", bdf, IOASID_V_OK, "revision 0x21");
	expect(c, "smmu.fault", bdf, IOASID_V_OK, "quirk_huawei_pcie_sva()");
	expect(c, "uacce.sva", bdf, IOASID_V_OK, "UACCE_DEV_SVA");
	expect(c, "smmu.ssid", SMMU, IOASID_V_OK, "uacce SVA flag");
	assert_false(has_step(c, "pci.ats", bdf));
	YES(c, sva);
	YES(c, prq);
	/* revision 0x20: no quirk, no stall; the flag cleared */
	cf.b[0x08] = 0x20;
	pci(h, bdf, &cf, 4096, SMMU, "hisi_zip", NULL);
	sr_write(h->sr, DEV "0000:75:00.0/uacce/hisi_zip-0/flags", "0\n");
	dev_chain(h, bdf);
	expect(c, "pci.huawei_sva", bdf, IOASID_V_NA, "only to revisions 0x21 and 0x30");
	expect(c, "smmu.fault", bdf, IOASID_V_FAIL, "nothing gives this PCI function");
	expect(c, "uacce.sva", bdf, IOASID_V_FAIL, "without UACCE_DEV_SVA");
	NO(c, sva, "uacce.sva", bdf);
	NO(c, prq, "smmu.fault", bdf);
}

/* A PCIe endpoint with PASID, ATS and PRI behind an SMMUv3 without
 * stalls (QEMU): the driver takes no PRI page requests; ATS decides
 * nothing; and on Debian's build the ZIP driver has no uacce. */
static void test_arm_endpoint(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	arm_host(h, CFG_ARM_NO_SVA, LINE_QEMU, NULL);
	endpoint(h, "0000:00:01.0", SMMU, true, false, true, false);
	dev_chain(h, "0000:00:01.0");
	expect(c, "smmu.fault", "0000:00:01.0", IOASID_V_FAIL, "no stall model");
	expect(c, "smmu.ats", "0000:00:01.0", IOASID_V_WARN, "has no ATS");
	assert_false(has_step(c, "pci.pri", "0000:00:01.0"));
	NO(c, sva, "kernel.smmu_sva", "host");
	NO(c, prq, "kernel.smmu_sva", "host");
	cfg_pcie(&cf, 0x19e5, 0xa250, 0x9, false, false);
	cf.b[0x08] = 0x21;
	pci(h, "0000:75:00.0", &cf, 4096, SMMU, "hisi_zip", NULL);
	dev_chain(h, "0000:75:00.0");
	expect(c, "uacce.sva", "0000:75:00.0", IOASID_V_FAIL, "CONFIG_UACCE is not set");
}

/* arm_smmu_ats_supported() (6.12 :2533): FEAT_ATS (Grace's word has it)
 * and the root complex's IORT ats_attribute (iort_pci_rc_supports_ats(),
 * iort.c :1215). An IORT root complex node (actbl2.h: type 2, ats_attribute
 * u32 at 24) with the bit clear: ATS stays off; SVA does not care. */
static void test_arm_rc_ats(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	uint8_t b[48 + 36];

	arm_host(h, CFG_ARM_SVA, LINE_GRACE, NULL);
	memset(b, 0, sizeof(b));
	memcpy(b, "IORT", 4);
	b[4] = sizeof(b);
	b[8] = 5;
	b[36] = 1;  /* node_count */
	b[40] = 48; /* node_offset */
	b[48] = 2;  /* ACPI_IORT_NODE_PCI_ROOT_COMPLEX */
	b[49] = 36;
	b[51] = 4;
	sr_write_bytes(h->sr, "/sys/firmware/acpi/tables/IORT", b, sizeof(b));
	endpoint(h, "0000:00:01.0", SMMU, true, false, true, false);
	dev_chain(h, "0000:00:01.0");
	expect(c, "smmu.ats", "0000:00:01.0", IOASID_V_WARN, "IORT ats_attribute bit 0 clear");
	/* the bit set: the firmware allows it, the kernel enables it at attach */
	b[48 + 24] = 1;
	sr_write_bytes(h->sr, "/sys/firmware/acpi/tables/IORT", b, sizeof(b));
	dev_chain(h, "0000:00:01.0");
	expect(c, "smmu.ats", "0000:00:01.0", IOASID_V_WARN, ": it does");
}

/* Two root complexes that disagree: each PCI device takes the ATS
 * attribute of the first IORT root complex node whose pci_segment_number
 * is its domain (iort.c iort_iommu_configure_id() :1329 with
 * iort_match_node_callback() :313, 6.12; the same at :1329/:312 in 6.1).
 * Nodes (actbl2.h acpi_iort_root_complex): ats_attribute u32 at 24,
 * pci_segment_number u32 at 28. Segment 0 clear, segment 1 set, then a
 * second segment-1 node with the bit clear that the kernel never reaches. */
static void test_arm_rc_ats_per_segment(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	uint8_t b[48 + 3 * 36];

	arm_host(h, CFG_ARM_SVA, LINE_GRACE, NULL);
	memset(b, 0, sizeof(b));
	memcpy(b, "IORT", 4);
	b[4] = sizeof(b);
	b[8] = 5;
	b[36] = 3;  /* node_count */
	b[40] = 48; /* node_offset */
	for (int i = 0; i < 3; i++) {
		uint8_t *n = b + 48 + 36 * i;

		n[0] = 2; /* ACPI_IORT_NODE_PCI_ROOT_COMPLEX */
		n[1] = 36;
		n[3] = 4;
		n[24] = i == 1;		/* ats_attribute: ATS_SUPPORTED */
		n[28] = i == 0 ? 0 : 1; /* pci_segment_number */
	}
	sr_write_bytes(h->sr, "/sys/firmware/acpi/tables/IORT", b, sizeof(b));
	endpoint(h, "0000:00:01.0", SMMU, true, false, true, false);
	endpoint(h, "0001:00:01.0", SMMU, true, false, true, false);
	dev_chain(h, "0000:00:01.0");
	expect(c, "smmu.ats", "0000:00:01.0", IOASID_V_WARN, "IORT ats_attribute bit 0 clear");
	dev_chain(h, "0001:00:01.0");
	expect(c, "smmu.ats", "0001:00:01.0", IOASID_V_WARN, ": it does");
}

/* CONFIG_UACCE=m but no uacce device: hisi_zip registers one only with
 * uacce_mode=1 (zip_main.c :396, default 0): n/a, SVA not decided by it. */
static void test_arm_zip_no_uacce(void **state)
{
	struct host *h = *state;
	struct ioasid_chain *c = &h->c;
	struct cfg cf;

	arm_host(h, CFG_ARM_SVA, LINE_GRACE, NULL);
	cfg_pcie(&cf, 0x19e5, 0xa250, 0x9, false, false);
	cf.b[0x08] = 0x21;
	pci(h, "0000:75:00.0", &cf, 4096, SMMU, "hisi_zip", NULL);
	dev_chain(h, "0000:75:00.0");
	expect(c, "uacce.sva", "0000:75:00.0", IOASID_V_NA, "uacce_mode=1");
	/* a HiSilicon driver that is no uacce user: no step */
	pci(h, "0000:76:00.0", &cf, 4096, SMMU, "hisi_sas_v3_hw", NULL);
	dev_chain(h, "0000:76:00.0");
	assert_false(has_step(c, "uacce.sva", "0000:76:00.0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_vtd_host_good),
		T(test_sva_x86),
		T(test_sva_x86_kallsyms),
		T(test_sva_x86_not_x86),
		T(test_vtd_no_pasid_hw),
		T(test_vtd_regs_unknown),
		T(test_vtd_legacy_sm_off),
		T(test_vtd_svm_fl1gp),
		T(test_vtd_svm_fl5lp),
		T(test_vtd_svm_smpwc_flts),
		T(test_vtd_prs),
		T(test_vtd_multi_unit),
		T(test_firmware_table),
		T(test_no_units_intel_off),
		T(test_no_units_vtd_boot),
		T(test_kernel_config),
		T(test_firmware_eacces),
		T(test_amd_612_good),
		T(test_amd_612_pasmax0),
		T(test_amd_612_fail),
		T(test_amd_61),
		T(test_amd_guest_paging_snp),
		T(test_amd_ivrs),
		T(test_dev_good),
		T(test_dev_idxd),
		T(test_dev_idxd_wq_rawio),
		T(test_dev_eetlp),
		T(test_dev_eetlp_endpoint),
		T(test_dev_switch_acs),
		T(test_dev_switch_acs_on),
		T(test_dev_switch_acs_61),
		T(test_dev_multifunction),
		T(test_dev_acs_quirks),
		T(test_dev_amdxdna),
		T(test_dev_ats_dt),
		T(test_dev_ats_atsr),
		T(test_dev_ats_page_aligned),
		T(test_dev_ats_noats),
		T(test_dev_ats_quirk),
		T(test_dev_ats_untrusted),
		T(test_dev_no_ats_pri),
		T(test_dev_pri_prg_pasid),
		T(test_dev_pri_sva),
		T(test_dev_pci_dump_no_host),
		T(test_dev_group_61),
		T(test_dev_vf),
		T(test_dev_vf_pri),
		T(test_dev_vf_follows_pf_path),
		T(test_dev_no_driver_no_iommu),
		T(test_dev_config_64),
		T(test_dev_config_eacces),
		T(test_dev_amd_ats),
		T(test_dev_amd_domain),
		T(test_sva_kernel_order),
		T(test_dev_amd_iommu_function),
		T(test_dev_amd_61),
		T(test_arm_not_built),
		T(test_arm_not_built_kallsyms),
		T(test_arm_built),
		T(test_arm_no_feature),
		T(test_arm_zip),
		T(test_arm_endpoint),
		T(test_arm_rc_ats),
		T(test_arm_rc_ats_per_segment),
		T(test_arm_zip_no_uacce),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
