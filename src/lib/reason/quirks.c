// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device quirks of drivers/pci/quirks.c the reason chain follows, as
 * the kernel declares them: the ATS ones (quirk_no_ats(); identical in
 * Debian's 6.12.118, quirks.c:5634-5697, and 6.1.192, :5510-5573) and the
 * device-specific ACS answers (pci_dev_acs_enabled[], 6.12.118).
 */
#include <stdio.h>
#include <string.h>

#include "reason/reason.h"

#define VENDOR_ATI 0x1002   /* include/linux/pci_ids.h PCI_VENDOR_ID_ATI */
#define VENDOR_INTEL 0x8086 /* PCI_VENDOR_ID_INTEL */

enum no_ats_kind {
	NO_ATS_HARVEST, /* quirk_amd_harvest_no_ats(): always, but 0x15d8 */
	NO_ATS_E2000,	/* quirk_intel_e2000_no_ats(): revision < 0x20 */
};

/* DECLARE_PCI_FIXUP_FINAL(vendor, device, quirk_*_no_ats): each calls
 * quirk_no_ats(), which sets pdev->ats_cap = 0 ("disabling ATS"). */
static const struct {
	uint16_t vendor, device;
	enum no_ats_kind kind;
	const char *what; /* the kernel's comment above the entry */
} no_ats[] = {
	{VENDOR_ATI, 0x98e4, NO_ATS_HARVEST, "AMD Stoney platform GPU"},
	{VENDOR_ATI, 0x6900, NO_ATS_HARVEST, "AMD Iceland dGPU"},
	{VENDOR_ATI, 0x7310, NO_ATS_HARVEST, "AMD Navi10 dGPU"},
	{VENDOR_ATI, 0x7312, NO_ATS_HARVEST, "AMD Navi10 dGPU"},
	{VENDOR_ATI, 0x7318, NO_ATS_HARVEST, "AMD Navi10 dGPU"},
	{VENDOR_ATI, 0x7319, NO_ATS_HARVEST, "AMD Navi10 dGPU"},
	{VENDOR_ATI, 0x731a, NO_ATS_HARVEST, "AMD Navi10 dGPU"},
	{VENDOR_ATI, 0x731b, NO_ATS_HARVEST, "AMD Navi10 dGPU"},
	{VENDOR_ATI, 0x731e, NO_ATS_HARVEST, "AMD Navi10 dGPU"},
	{VENDOR_ATI, 0x731f, NO_ATS_HARVEST, "AMD Navi10 dGPU"},
	{VENDOR_ATI, 0x7340, NO_ATS_HARVEST, "AMD Navi14 dGPU"},
	{VENDOR_ATI, 0x7341, NO_ATS_HARVEST, "AMD Navi14 dGPU"},
	{VENDOR_ATI, 0x7347, NO_ATS_HARVEST, "AMD Navi14 dGPU"},
	{VENDOR_ATI, 0x734f, NO_ATS_HARVEST, "AMD Navi14 dGPU"},
	{VENDOR_ATI, 0x15d8, NO_ATS_HARVEST, "AMD Raven platform iGPU"},
	{VENDOR_INTEL, 0x1451, NO_ATS_E2000, "Intel IPU E2000"},
	{VENDOR_INTEL, 0x1452, NO_ATS_E2000, "Intel IPU E2000"},
	{VENDOR_INTEL, 0x1453, NO_ATS_E2000, "Intel IPU E2000"},
	{VENDOR_INTEL, 0x1454, NO_ATS_E2000, "Intel IPU E2000"},
	{VENDOR_INTEL, 0x1455, NO_ATS_E2000, "Intel IPU E2000"},
	{VENDOR_INTEL, 0x1457, NO_ATS_E2000, "Intel IPU E2000"},
	{VENDOR_INTEL, 0x1459, NO_ATS_E2000, "Intel IPU E2000"},
	{VENDOR_INTEL, 0x145a, NO_ATS_E2000, "Intel IPU E2000"},
	{VENDOR_INTEL, 0x145c, NO_ATS_E2000, "Intel IPU E2000"},
};

bool reason_quirk_no_ats(const struct ioasid_pci_dev *d, char *why, size_t len)
{
	for (size_t i = 0; i < sizeof(no_ats) / sizeof(no_ats[0]); i++) {
		if (no_ats[i].vendor != d->vendor || no_ats[i].device != d->device)
			continue;
		switch (no_ats[i].kind) {
		case NO_ATS_HARVEST:
			/* only revision 0xcf of subsystem 0xea50:0xce19,
			 * 0xcc10 or 0xcc08 of the Raven iGPU */
			if (d->device == 0x15d8 &&
			    !(d->revision == 0xcf && d->subsys_vendor == 0xea50 &&
			      (d->subsys_device == 0xce19 || d->subsys_device == 0xcc10 ||
			       d->subsys_device == 0xcc08)))
				return false;
			snprintf(why, len,
				 "%s %04x:%04x: quirk_amd_harvest_no_ats() disables ATS (it needs "
				 "driver setup first)",
				 no_ats[i].what, d->vendor, d->device);
			return true;
		case NO_ATS_E2000:
			if (d->revision >= 0x20)
				return false;
			snprintf(why, len,
				 "%s %04x:%04x revision 0x%02x (before C0): "
				 "quirk_intel_e2000_no_ats() disables ATS (wrong endianness of "
				 "its invalidate requests)",
				 no_ats[i].what, d->vendor, d->device, d->revision);
			return true;
		}
	}
	return false;
}

/*
 * drivers/pci/quirks.c pci_dev_acs_enabled[] of 6.12.118 (:5072-5237), the
 * device-specific answers pci_acs_enabled() (drivers/pci/pci.c:3678) takes
 * before the ACS registers: pci_dev_specific_acs_enabled() (:5250) calls
 * each matching entry (0xffff = PCI_ANY_ID) until one returns >= 0. The
 * ACS path rule exists in 6.12 only (pci_enable_pasid()), so only this
 * release's table is kept.
 */
static const struct {
	uint16_t vendor, device;
	const char *fn;
} acs_quirks[] = {
	{0x1002, 0x4385, "pci_quirk_amd_sb_acs"},
	{0x1002, 0x439c, "pci_quirk_amd_sb_acs"},
	{0x1002, 0x4383, "pci_quirk_amd_sb_acs"},
	{0x1002, 0x439d, "pci_quirk_amd_sb_acs"},
	{0x1002, 0x4384, "pci_quirk_amd_sb_acs"},
	{0x1002, 0x4399, "pci_quirk_amd_sb_acs"},
	{0x1022, 0x780f, "pci_quirk_amd_sb_acs"},
	{0x1022, 0x7809, "pci_quirk_amd_sb_acs"},
	{0x1924, 0x0903, "pci_quirk_mf_endpoint_acs"},
	{0x1924, 0x0923, "pci_quirk_mf_endpoint_acs"},
	{0x1924, 0x0a03, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10c6, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10db, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10dd, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10e1, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10f1, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10f7, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10f8, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10f9, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10fa, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10fb, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10fc, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1507, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1514, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x151c, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1529, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x152a, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x154d, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x154f, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1551, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1558, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1509, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x150e, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x150f, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1510, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1511, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1516, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1527, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10c9, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10e6, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10e7, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10e8, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x150a, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x150d, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1518, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1526, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10a7, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10a9, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10d6, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1521, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1522, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1523, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1524, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x105e, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x105f, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x1060, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x10d9, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x15b7, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0x15b8, "pci_quirk_mf_endpoint_acs"},
	{0x8086, 0xffff, "pci_quirk_rciep_acs"},
	{0x17cb, 0x0400, "pci_quirk_qcom_rp_acs"},
	{0x17cb, 0x0401, "pci_quirk_qcom_rp_acs"},
	{0x17cb, 0x0115, "pci_quirk_qcom_rp_acs"},
	{0x17cb, 0x0111, "pci_quirk_qcom_rp_acs"},
	{0x17cb, 0x0120, "pci_quirk_qcom_rp_acs"},
	{0x1dbf, 0x0401, "pci_quirk_qcom_rp_acs"},
	{0x8086, 0xffff, "pci_quirk_intel_pch_acs"},
	{0x8086, 0xffff, "pci_quirk_intel_spt_pch_acs"},
	{0x19a2, 0x0710, "pci_quirk_mf_endpoint_acs"},
	{0x10df, 0x0720, "pci_quirk_mf_endpoint_acs"},
	{0x177d, 0xffff, "pci_quirk_cavium_acs"},
	{0x177d, 0xa026, "pci_quirk_mf_endpoint_acs"},
	{0x177d, 0xa059, "pci_quirk_mf_endpoint_acs"},
	{0x177d, 0xa060, "pci_quirk_mf_endpoint_acs"},
	{0x10e8, 0xe004, "pci_quirk_xgene_acs"},
	{0x1def, 0xe005, "pci_quirk_xgene_acs"},
	{0x1def, 0xe006, "pci_quirk_xgene_acs"},
	{0x1def, 0xe007, "pci_quirk_xgene_acs"},
	{0x1def, 0xe008, "pci_quirk_xgene_acs"},
	{0x1def, 0xe009, "pci_quirk_xgene_acs"},
	{0x1def, 0xe00a, "pci_quirk_xgene_acs"},
	{0x1def, 0xe00b, "pci_quirk_xgene_acs"},
	{0x1def, 0xe00c, "pci_quirk_xgene_acs"},
	{0x14e4, 0x16d7, "pci_quirk_mf_endpoint_acs"},
	{0x14e4, 0x1750, "pci_quirk_mf_endpoint_acs"},
	{0x14e4, 0x1751, "pci_quirk_mf_endpoint_acs"},
	{0x14e4, 0x1752, "pci_quirk_mf_endpoint_acs"},
	{0x14e4, 0x1760, "pci_quirk_mf_endpoint_acs"},
	{0x14e4, 0x1761, "pci_quirk_mf_endpoint_acs"},
	{0x14e4, 0x1762, "pci_quirk_mf_endpoint_acs"},
	{0x14e4, 0x1763, "pci_quirk_mf_endpoint_acs"},
	{0x14e4, 0xd714, "pci_quirk_brcm_acs"},
	{0x0014, 0x3c09, "pci_quirk_loongson_acs"},
	{0x0014, 0x3c19, "pci_quirk_loongson_acs"},
	{0x0014, 0x3c29, "pci_quirk_loongson_acs"},
	{0x0014, 0x7a09, "pci_quirk_loongson_acs"},
	{0x0014, 0x7a19, "pci_quirk_loongson_acs"},
	{0x0014, 0x7a29, "pci_quirk_loongson_acs"},
	{0x0014, 0x7a39, "pci_quirk_loongson_acs"},
	{0x0014, 0x7a49, "pci_quirk_loongson_acs"},
	{0x0014, 0x7a59, "pci_quirk_loongson_acs"},
	{0x0014, 0x7a69, "pci_quirk_loongson_acs"},
	{0x1c36, 0x0031, "pci_quirk_al_acs"},
	{0x1d17, 0x3038, "pci_quirk_mf_endpoint_acs"},
	{0x1d17, 0x3104, "pci_quirk_mf_endpoint_acs"},
	{0x1d17, 0x9083, "pci_quirk_mf_endpoint_acs"},
	{0x1957, 0x8d81, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8da1, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d83, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d80, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8da0, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d82, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d90, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8db0, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d92, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d91, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8db1, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d93, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d89, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8da9, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d8b, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d88, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8da8, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d8a, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d98, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8db8, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d9a, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d99, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8db9, "pci_quirk_nxp_rp_acs"},
	{0x1957, 0x8d9b, "pci_quirk_nxp_rp_acs"},
	{0x1d17, 0xffff, "pci_quirk_zhaoxin_pcie_ports_acs"},
	{0x8088, 0xffff, "pci_quirk_wangxun_nic_acs"},
};

/* pci_quirk_intel_pch_acs_match() (:4835): these root ports
 * (pci_quirk_intel_pch_acs_ids[], :4807) */
static const uint16_t intel_pch_ids[] = {
	0x3b42, 0x3b43, 0x3b44, 0x3b45, 0x3b46, 0x3b47, 0x3b48, 0x3b49, 0x3b4a, 0x3b4b, 0x3b4c,
	0x3b4d, 0x3b4e, 0x3b4f, 0x3b50, 0x3b51, 0x1c10, 0x1c11, 0x1c12, 0x1c13, 0x1c14, 0x1c15,
	0x1c16, 0x1c17, 0x1c18, 0x1c19, 0x1c1a, 0x1c1b, 0x1c1c, 0x1c1d, 0x1c1e, 0x1c1f, 0x1e10,
	0x1e11, 0x1e12, 0x1e13, 0x1e14, 0x1e15, 0x1e16, 0x1e17, 0x1e18, 0x1e19, 0x1e1a, 0x1e1b,
	0x1e1c, 0x1e1d, 0x1e1e, 0x1e1f, 0x8c10, 0x8c11, 0x8c12, 0x8c13, 0x8c14, 0x8c15, 0x8c16,
	0x8c17, 0x8c18, 0x8c19, 0x8c1a, 0x8c1b, 0x8c1c, 0x8c1d, 0x8c1e, 0x8c1f, 0x9c10, 0x9c11,
	0x9c12, 0x9c13, 0x9c14, 0x9c15, 0x9c16, 0x9c17, 0x9c18, 0x9c19, 0x9c1a, 0x9c1b, 0x9c90,
	0x9c91, 0x9c92, 0x9c93, 0x9c94, 0x9c95, 0x9c96, 0x9c97, 0x9c98, 0x9c99, 0x9c9a, 0x9c9b,
	0x1d10, 0x1d12, 0x1d14, 0x1d16, 0x1d18, 0x1d1a, 0x1d1c, 0x1d1e, 0x8d10, 0x8d11, 0x8d12,
	0x8d13, 0x8d14, 0x8d15, 0x8d16, 0x8d17, 0x8d18, 0x8d19, 0x8d1a, 0x8d1b, 0x8d1c, 0x8d1d,
	0x8d1e, 0x8c90, 0x8c92, 0x8c94, 0x8c96, 0x8c98, 0x8c9a, 0x8c9c, 0x8c9e,
};

static bool root_port(const struct ioasid_pci_dev *d)
{
	return d->topo.pcie_known && d->topo.pcie_type == IOASID_PCIE_ROOT_PORT;
}

/* An entry of PCI_ANY_ID device: its function's own match (-ENOTTY when
 * it does not apply): 1 RR|UF enabled, -1 not modelled, 0 not this one. */
static int any_device_quirk(const struct ioasid_pci_dev *d, const char *f)
{
	unsigned id = d->device;

	if (!strcmp(f, "pci_quirk_rciep_acs")) /* :5007, RC_END only */
		return d->topo.pcie_known && d->topo.pcie_type == IOASID_PCIE_RC_END;
	if (!strcmp(f, "pci_quirk_intel_pch_acs")) {
		/* :4850: RR|UF only when the enabling quirk ran */
		for (size_t i = 0; i < sizeof(intel_pch_ids) / sizeof(intel_pch_ids[0]); i++)
			if (root_port(d) && intel_pch_ids[i] == id)
				return -1;
		return 0;
	}
	if (!strcmp(f, "pci_quirk_intel_spt_pch_acs")) {
		/* pci_quirk_intel_spt_pch_acs_match() (:4953): Sunrise
		 * Point, Union Point, 7th/8th gen mobile root ports; the
		 * answer reads a chipset register */
		if (root_port(d) &&
		    ((id >= 0xa110 && id <= 0xa11f) || (id >= 0xa167 && id <= 0xa16a) ||
		     (id >= 0xa290 && id <= 0xa29f) || (id >= 0xa2e7 && id <= 0xa2ee) ||
		     (id >= 0x9d10 && id <= 0x9d1b)))
			return -1;
		return 0;
	}
	/* pci_quirk_cavium_acs(), pci_quirk_zhaoxin_pcie_ports_acs(),
	 * pci_quirk_wangxun_nic_acs(): match on more than the id */
	return -1;
}

int reason_quirk_acs(const struct ioasid_pci_dev *d, const char **fn)
{
	for (size_t i = 0; i < sizeof(acs_quirks) / sizeof(acs_quirks[0]); i++) {
		const char *f = acs_quirks[i].fn;
		int r;

		if ((acs_quirks[i].vendor != d->vendor && acs_quirks[i].vendor != 0xffff) ||
		    (acs_quirks[i].device != d->device && acs_quirks[i].device != 0xffff))
			continue;
		r = acs_quirks[i].device == 0xffff ? any_device_quirk(d, f)
		    /* pci_quirk_mf_endpoint_acs() (:4991) and
		     * pci_quirk_xgene_acs(): pci_acs_ctrl_enabled() over a
		     * mask holding RR and UF, so enabled */
		    : !strcmp(f, "pci_quirk_mf_endpoint_acs") || !strcmp(f, "pci_quirk_xgene_acs")
			    ? 1
			    /* the others test the platform (chipset registers,
			     * the port's position, the firmware): not modelled */
			    : -1;
		if (r) {
			*fn = f;
			return r;
		}
	}
	return 0;
}

/*
 * drivers/pci/quirks.c quirk_huawei_pcie_sva() (6.12 :1966-1991, 6.1
 * :1863-1888; DECLARE_PCI_FIXUP_FINAL for PCI_VENDOR_ID_HUAWEI 0x19e5):
 * on revisions 0x21 and 0x30 it sets pdev->pasid_no_tlp (pci_enable_pasid()
 * then needs no End-End TLP prefix path) and, on ACPI hosts, the
 * "dma-can-stall" property that arm_smmu_probe_device() reads to let the
 * SMMUv3 stall the device's faults (these accelerators are integrated
 * endpoints that cannot send PRI page requests).
 */
int reason_quirk_huawei_sva(const struct ioasid_pci_dev *d)
{
	static const uint16_t ids[] = {0xa250, 0xa251, 0xa255, 0xa256, 0xa258, 0xa259};

	if (d->vendor != 0x19e5)
		return 0;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (d->device == ids[i])
			return d->revision == 0x21 || d->revision == 0x30 ? 1 : -1;
	return 0;
}
