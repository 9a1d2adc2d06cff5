// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device quirks of drivers/pci/quirks.c that decide whether the kernel
 * lets a PCI function use ATS: one table, as the kernel declares them. The
 * tables are identical in Debian's 6.12.118 (quirks.c:5634-5697) and
 * 6.1.192 (quirks.c:5510-5573).
 */
#include <stdio.h>

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
