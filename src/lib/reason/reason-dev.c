// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reason chain for one PCI function: the host-wide steps, its IOMMU
 * unit's steps, then the device's own rules in the order the kernel
 * applies them when it probes the device (intel iommu.c
 * intel_iommu_probe_device(), amd iommu.c pdev_enable_caps()) and when a
 * driver asks for SVA (intel_iommu_enable_sva(), intel_iommu_enable_iopf()):
 * the PASID capability, the PCI path (drivers/pci/ats.c pci_enable_pasid():
 * End-End TLP prefix and ACS), ATS, PRI, and the driver.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ioasid-acpi.h"
#include "core/pathnames.h"
#include "reason/reason.h"

static const char *pcie_type_name(int t)
{
	switch (t) {
	case IOASID_PCIE_ENDPOINT:
		return "endpoint";
	case IOASID_PCIE_LEG_END:
		return "legacy endpoint";
	case IOASID_PCIE_ROOT_PORT:
		return "root port";
	case IOASID_PCIE_UPSTREAM:
		return "switch upstream port";
	case IOASID_PCIE_DOWNSTREAM:
		return "switch downstream port";
	case IOASID_PCIE_PCI_BRIDGE:
		return "PCIe-to-PCI bridge";
	case IOASID_PCIE_PCIE_BRIDGE:
		return "PCI-to-PCIe bridge";
	case IOASID_PCIE_RC_END:
		return "root complex integrated endpoint";
	case IOASID_PCIE_RC_EC:
		return "root complex event collector";
	}
	return t < 0 ? "conventional PCI" : "PCIe function";
}

/*
 * drivers/pci/probe.c pci_configure_eetlp_prefix(): a function gets
 * eetlp_prefix_path when its DEVCAP2 has End-End TLP Prefix Supported and
 * it is a root port or RC integrated endpoint, or its upstream bridge has
 * eetlp_prefix_path. pci_enable_pasid() refuses a function without it.
 */
static void step_eetlp(const struct ioasid_pci_list *pl, const struct ioasid_pci_dev *d,
		       const struct ioasid_pci_dev *from, struct ioasid_chain *c)
{
	const struct ioasid_pci_dev *cur = from;
	char path[256] = "";
	struct ioasid_step *s;
	int hops = 0;

	for (; cur && hops < 16; hops++) {
		size_t u = strlen(path);
		int t = cur->topo.pcie_type;

		if (!cur->topo.valid || !cur->topo.pcie_known) {
			s = chain_add(c, RULE_PCI_EETLP_PREFIX, d->bdf, IOASID_V_UNKNOWN,
				      "%s: PCIe capability not readable", cur->bdf);
			step_source(s, PATH_SYS_PCI_DEV_CONFIG, cur->bdf);
			step_fix(s, "run as root");
			return;
		}
		snprintf(path + u, sizeof(path) - u, "%s%s %s%s", u ? " <- " : "", cur->bdf,
			 pcie_type_name(t), cur->topo.eetlp_prefix ? "+" : "-");
		if (!cur->topo.eetlp_prefix) {
			s = chain_add(c, RULE_PCI_EETLP_PREFIX, d->bdf, IOASID_V_FAIL,
				      "%s (%s) lacks End-End TLP Prefix support (DEVCAP2 bit 21); "
				      "path: %s",
				      cur->bdf, pcie_type_name(t), path);
			step_source(s, PATH_SYS_PCI_DEV_CONFIG, cur->bdf);
			/* quirks.c: the revision is kept, but the prefix
			 * rule reports the exception for the whole ID */
			if (reason_quirk_huawei_sva(from) != 0) {
				s->verdict = IOASID_V_WARN;
				step_more(s,
					  "this device has the pasid_no_tlp quirk "
					  "(quirk_huawei_pcie_sva, "
					  "revisions 0x21/0x30): PASID works without the prefix");
			} else {
				step_fix(s, "the platform cannot carry PASID prefixes to the IOMMU "
					    "on this path: use a slot under a root port with "
					    "End-End TLP Prefix support");
			}
			return;
		}
		if (t == IOASID_PCIE_ROOT_PORT || t == IOASID_PCIE_RC_END)
			break;
		cur = ioasid_pci_upstream(pl, cur);
	}
	if (!cur || hops == 16) {
		/* ran off the root bus without a root port: the kernel's
		 * pci_upstream_bridge() is NULL there, so no prefix path */
		s = chain_add(c, RULE_PCI_EETLP_PREFIX, d->bdf, IOASID_V_FAIL,
			      "no root port above %s; path: %s", from->bdf, path);
		return;
	}
	s = chain_add(c, RULE_PCI_EETLP_PREFIX, d->bdf, IOASID_V_OK, "%s", path);
}

/* drivers/pci/pci.c pci_acs_enabled() for RR|UF: conventional PCI and
 * PCI/PCIe bridges never; downstream and root ports by their ACS
 * registers; multifunction endpoints and upstream ports by their
 * registers; everything else (single-function endpoints) yes.
 * pci_acs_flags_enabled(): flags missing from the capability count as
 * hard-wired on. Device-specific quirks (pci_dev_specific_acs_enabled(),
 * reason/quirks.c) come first: -2 when one applies whose answer is not
 * modelled. Returns 1, 0, -1 unreadable or -2. */
static int acs_enabled(const struct ioasid_pci_dev *d, char *why, size_t len)
{
	const struct ioasid_pci_topo *t = &d->topo;
	uint16_t want = IOASID_ACS_RR | IOASID_ACS_UF;
	const char *fn = NULL;
	int q;

	if (!t->pcie_known)
		return -1;
	/* pci_acs_enabled() asks the device-specific quirks first */
	q = reason_quirk_acs(d, &fn);
	if (q > 0)
		return 1;
	if (q < 0) {
		snprintf(why, len, "%s: the device-specific quirk %s() decides (not modelled)",
			 d->bdf, fn);
		return -2;
	}
	switch (t->pcie_type) {
	case -1:
		snprintf(why, len, "%s is conventional PCI: never ACS", d->bdf);
		return 0;
	case IOASID_PCIE_PCIE_BRIDGE:
	case IOASID_PCIE_PCI_BRIDGE:
	case IOASID_PCIE_RC_EC:
		snprintf(why, len, "%s (%s) cannot have ACS", d->bdf, pcie_type_name(t->pcie_type));
		return 0;
	case IOASID_PCIE_DOWNSTREAM:
	case IOASID_PCIE_ROOT_PORT:
		break;
	default:
		if (!t->multifunction)
			return 1;
		break;
	}
	if (!t->acs_known)
		return -1;
	if (!t->acs_present) {
		snprintf(why, len, "%s (%s) has no ACS capability", d->bdf,
			 pcie_type_name(t->pcie_type));
		return 0;
	}
	want &= t->acs_cap | IOASID_ACS_EC;
	if ((t->acs_ctrl & want) != want) {
		snprintf(why, len, "%s (%s): ACS control 0x%04x lacks%s%s", d->bdf,
			 pcie_type_name(t->pcie_type), t->acs_ctrl,
			 want & IOASID_ACS_RR & ~t->acs_ctrl ? " RR" : "",
			 want & IOASID_ACS_UF & ~t->acs_ctrl ? " UF" : "");
		return 0;
	}
	return 1;
}

/* drivers/pci/ats.c pci_enable_pasid() calls pci_acs_path_enabled(pdev,
 * NULL, PCI_ACS_RR | PCI_ACS_UF) in 6.12; 6.1 has no such check. */
static void step_acs(struct ioasid_ctx *ctx, const struct ioasid_pci_list *pl,
		     const struct ioasid_pci_dev *d, const struct ioasid_pci_dev *from,
		     struct ioasid_chain *c)
{
	unsigned kver = reason_kver(ctx);
	const struct ioasid_pci_dev *cur = from;
	struct ioasid_step *s;
	char why[160] = "";
	int hops = 0;

	if (kver && kver < IOASID_KVER(6, 2, 0)) {
		chain_add(c, RULE_PCI_ACS, d->bdf, IOASID_V_NA,
			  "this kernel does not require ACS for PASID (6.1 has no such check)");
		return;
	}
	for (; cur && hops < 16; hops++, cur = ioasid_pci_upstream(pl, cur)) {
		int r = acs_enabled(cur, why, sizeof(why));

		if (r == -2) {
			s = chain_add(c, RULE_PCI_ACS, d->bdf, IOASID_V_UNKNOWN, "%s", why);
			step_ref(s, "drivers/pci/quirks.c pci_dev_specific_acs_enabled()");
			return;
		}
		if (r < 0) {
			s = chain_add(c, RULE_PCI_ACS, d->bdf, IOASID_V_UNKNOWN,
				      "%s: ACS not readable", cur->bdf);
			step_ref(s, "drivers/pci/pci.c pci_acs_path_enabled()");
			step_fix(s, "run as root");
			return;
		}
		if (r == 0) {
			s = chain_add(
				c, RULE_PCI_ACS, d->bdf, IOASID_V_FAIL,
				"ACS Request Redirect + Upstream Forwarding not enabled on the "
				"path: %s (no device-specific ACS quirk applies)",
				why);
			step_source(s, PATH_SYS_PCI_DEV_CONFIG, cur->bdf);
			step_fix(s, "enable ACS on the ports above the device (firmware setup), "
				    "or use a slot whose path has it");
			if (kver < IOASID_KVER(6, 12, 0)) {
				s->verdict = IOASID_V_WARN;
				step_more(s, "kernels between 6.1 and 6.12 are not verified to "
					     "check this");
			}
			return;
		}
	}
	s = chain_add(c, RULE_PCI_ACS, d->bdf, IOASID_V_OK,
		      "RR and UF in effect from %s up to the root bus", from->bdf);
	step_ref(s, "drivers/pci/pci.c pci_acs_path_enabled()");
}

/* Does a DMAR device scope name this root port? A scope's start bus and
 * path of (device, function) pairs: the first pair is on the start bus,
 * each next one on the secondary bus of the previous bridge
 * (drivers/iommu/intel/dmar.c dmar_find_pci_dev_scope()). */
static bool scope_is(const struct ioasid_pci_list *pl, const struct ioasid_dmar_scope *sc,
		     unsigned seg, const char *bdf)
{
	unsigned bus = sc->bus;
	char name[16];

	for (unsigned i = 0; i < sc->npath; i++) {
		const struct ioasid_pci_dev *b;

		snprintf(name, sizeof(name), "%04x:%02x:%02x.%x", seg, bus, sc->path[i][0],
			 sc->path[i][1]);
		if (i + 1 == sc->npath)
			return !strcmp(name, bdf);
		b = ioasid_pci_find(pl, name);
		if (!b || b->topo.hdr_type != 1)
			return false;
		bus = b->topo.secondary_bus;
	}
	return false;
}

/* drivers/iommu/intel/iommu.c dmar_ats_supported(): a SATC entry for the
 * device decides (not in legacy mode with ATC_REQUIRED); else walk up to
 * the root port (integrated devices: yes; a non-PCIe or PCIe-to-PCI bridge
 * on the way: no) and look it up in the ATSR structures (or ALL_PORTS). */
static int vtd_ats_platform(struct reason_facts *f, const struct ioasid_iommu *unit,
			    const struct ioasid_pci_list *pl, const struct ioasid_pci_dev *d,
			    char *why, size_t len)
{
	const struct ioasid_pci_dev *cur = d, *br;
	const struct ioasid_acpi *a = reason_acpi(f);
	unsigned seg = 0;
	int hops = 0;

	if (a->dmar_err) {
		snprintf(why, len, "DMAR table not readable (%s)", ioasid_err_short(a->dmar_err));
		return -1;
	}
	if (d->is_vf && d->physfn[0] && ioasid_pci_find(pl, d->physfn))
		cur = ioasid_pci_find(pl, d->physfn);
	sscanf(cur->bdf, "%x:", &seg);
	for (unsigned i = 0; i < a->dmar.nunits; i++) {
		const struct ioasid_dmar_unit *u = &a->dmar.units[i];

		if (u->type != 5 || u->segment != seg)
			continue;
		for (unsigned k = 0; k < u->nscope; k++)
			if (scope_is(pl, &u->scope[k], seg, cur->bdf)) {
				/* !sm_supported(iommu): intel_iommu_sm && ecap_smts
				 * of this unit, not the mode alone */
				bool ok = !(u->all && unit->scalable == IOASID_NO);

				snprintf(why, len, "SATC lists %s%s", cur->bdf,
					 ok ? ""
					    : " with ATC_REQUIRED, and legacy mode lets the "
					      "hardware do ATS itself");
				return ok;
			}
	}
	for (br = ioasid_pci_upstream(pl, cur); hops < 16;
	     hops++, br = ioasid_pci_upstream(pl, br)) {
		if (!br) {
			snprintf(why, len, "%s is integrated (no bridge above)", cur->bdf);
			return 1;
		}
		if (!br->topo.pcie_known) {
			snprintf(why, len, "%s not readable", br->bdf);
			return -1;
		}
		if (br->topo.pcie_type < 0 || br->topo.pcie_type == IOASID_PCIE_PCI_BRIDGE) {
			snprintf(why, len, "%s is not a PCIe bridge", br->bdf);
			return 0;
		}
		if (br->topo.pcie_type == IOASID_PCIE_ROOT_PORT)
			break;
	}
	if (!br)
		return 0;
	for (unsigned i = 0; i < a->dmar.nunits; i++) {
		const struct ioasid_dmar_unit *u = &a->dmar.units[i];

		if (u->type != 2 || u->segment != seg)
			continue;
		for (unsigned k = 0; k < u->nscope; k++)
			if (scope_is(pl, &u->scope[k], seg, br->bdf)) {
				snprintf(why, len, "root port %s is in an ATSR", br->bdf);
				return 1;
			}
		if (u->all) {
			snprintf(why, len, "ATSR with ALL_PORTS covers root port %s", br->bdf);
			return 1;
		}
	}
	snprintf(why, len, "root port %s is in no ATSR (%u ATSR in DMAR)", br->bdf, a->dmar.natsr);
	return 0;
}

/*
 * Whether the kernel lets the device use ATS at all, on every IOMMU:
 * drivers/pci/ats.c pci_ats_supported() (6.12 :41, 6.1 :40) is false
 * without ats_cap or for an untrusted device (6.12 also asks a VF's PF),
 * and pci_enable_ats() refuses then. ats_cap stays 0 with pci=noats
 * (pci_ats_init() :24 returns on pci_ats_disabled(); drivers/pci/pci.c
 * pci_setup() :6918 sets it, 6.1 :6895) and is cleared by the
 * drivers/pci/quirks.c quirk_no_ats() fixups (reason/quirks.c).
 * Returns 0 when nothing stops it, or a failing/unknown step.
 */
static struct ioasid_step *ats_refused(struct ioasid_ctx *ctx, const struct ioasid_pci_list *pl,
				       const struct ioasid_pci_dev *d, struct ioasid_chain *c)
{
	const struct ioasid_pci_dev *pf = d->is_vf ? ioasid_pci_find(pl, d->physfn) : NULL;
	struct ioasid_step *s;
	char why[192];

	if (reason_cmdline_has(ctx, "pci=", "noats", true)) {
		s = chain_add(c, RULE_PCI_ATS, d->bdf, IOASID_V_FAIL,
			      "ATS capability present, but the command line has pci=noats: the "
			      "kernel never looks at it (ats_cap stays 0)");
		step_ref(s, "drivers/pci/ats.c pci_ats_init(), drivers/pci/pci.c pci_setup()");
		step_source(s, PATH_PROC_CMDLINE);
		step_fix(s, "remove pci=noats from the kernel command line");
		return s;
	}
	if (reason_quirk_no_ats(d, why, sizeof(why)) ||
	    (pf && ctx && reason_kver(ctx) >= IOASID_KVER(6, 12, 0) &&
	     reason_quirk_no_ats(pf, why, sizeof(why)))) {
		s = chain_add(c, RULE_PCI_ATS, d->bdf, IOASID_V_FAIL,
			      "ATS capability present, but %s: the kernel never enables it", why);
		step_ref(s, "drivers/pci/quirks.c quirk_no_ats()");
		step_fix(s, "nothing to configure: the kernel keeps ATS off on this device");
		return s;
	}
	/* a VF shares its PF's parent bridge, so its PF's mark is its own */
	if (d->removable.err && d->removable.err != ENODATA) {
		s = chain_add(c, RULE_PCI_ATS, d->bdf, IOASID_V_UNKNOWN,
			      "whether the kernel trusts the device is unknown (removable: %s)",
			      ioasid_err_short(d->removable.err));
		step_ref(s, "drivers/pci/ats.c pci_ats_supported()");
		step_source(s, PATH_SYS_PCI_DEV_ATTR, d->bdf, "removable");
		return s;
	}
	if (!d->removable.err && d->removable.v) {
		s = chain_add(c, RULE_PCI_ATS, d->bdf, IOASID_V_FAIL,
			      "ATS capability present, but the kernel marks the device removable, "
			      "so untrusted (below a port the firmware calls external-facing): "
			      "pci_ats_supported() is false for it");
		step_ref(s, "drivers/pci/ats.c pci_ats_supported()");
		step_source(s, PATH_SYS_PCI_DEV_ATTR, d->bdf, "removable");
		step_fix(s, "nothing to configure: the kernel never lets a device behind an "
			    "external-facing port (Thunderbolt/USB4) use ATS");
		return s;
	}
	return NULL;
}

/*
 * ATS, which SVA needs: 6.12 intel_iommu_enable_sva() (intel/iommu.c:4135)
 * and 6.1 (:4724) refuse a device without ats_enabled. VT-d sets
 * ats_supported at probe (intel_iommu_probe_device(), 6.12 :3952-3955,
 * 6.1 :4590-4593: ecap_dev_iotlb_support() && pci_ats_supported() &&
 * dmar_ats_supported()) and enables ATS at attach in
 * iommu_enable_pci_caps() (6.12 :1304, 6.1 :1497) only when
 * pci_ats_page_aligned(): the ATS capability's Page Aligned Request bit
 * (drivers/pci/ats.c, PCI_ATS_CAP_PAGE_ALIGNED). AMD (6.12
 * amd/iommu.c:545 pdev_enable_cap_ats()) does not ask for that bit.
 */
static void step_ats(struct reason_facts *f, const struct ioasid_pci_list *pl,
		     const struct ioasid_pci_dev *d, const struct ioasid_iommu *u,
		     struct ioasid_chain *c)
{
	struct ioasid_step *s;
	char why[160] = "";
	int r;

	if (!d->ats.present) {
		s = chain_add(c, RULE_PCI_ATS, d->bdf,
			      d->ext_err ? IOASID_V_UNKNOWN : IOASID_V_FAIL,
			      "no ATS capability: SVA needs the device to translate through ATS");
		step_ref(s, "drivers/iommu/intel/iommu.c intel_iommu_enable_sva()");
		return;
	}
	if (d->ats.enabled) {
		chain_add(c, RULE_PCI_ATS, d->bdf, IOASID_V_OK, "ATS enabled (STU %u)", d->ats.stu);
		return;
	}
	if (ats_refused(f->ctx, pl, d, c))
		return;
	if (u && u->type == IOASID_IOMMU_VTD && !u->ecap.err) {
		/* intel_iommu_probe_device(): ecap_dev_iotlb_support() &&
		 * pci_ats_supported() && dmar_ats_supported() */
		if (!u->vtd.dt) {
			s = chain_add(c, RULE_PCI_ATS, d->bdf, IOASID_V_FAIL,
				      "ATS capability present but %s has no Device-TLB support "
				      "(ecap DT=0)",
				      u->name);
			step_ref(s, "drivers/iommu/intel/iommu.c intel_iommu_probe_device()");
			return;
		}
		r = vtd_ats_platform(f, u, pl, d, why, sizeof(why));
		if (r > 0 && !d->ats.page_aligned) {
			s = chain_add(
				c, RULE_PCI_ATS, d->bdf, IOASID_V_FAIL,
				"ATS capability present, not enabled; %s, but its Page Aligned "
				"Request bit is 0, so VT-d never enables ATS on it",
				why);
			step_ref(s, "drivers/iommu/intel/iommu.c iommu_enable_pci_caps()");
			step_source(s, PATH_SYS_PCI_DEV_CONFIG, d->bdf);
			step_fix(s,
				 "nothing to configure: VT-d enables ATS only on devices whose "
				 "untranslated addresses are 4 KiB aligned (ATS capability bit 5)");
			return;
		}
		s = chain_add(c, RULE_PCI_ATS, d->bdf,
			      r > 0    ? IOASID_V_WARN
			      : r == 0 ? IOASID_V_FAIL
				       : IOASID_V_UNKNOWN,
			      "ATS capability present, not enabled; %s", why);
		step_ref(s, "drivers/iommu/intel/iommu.c dmar_ats_supported()");
		if (r > 0)
			step_more(s, "Page Aligned Request set: the kernel enables ATS when a "
				     "domain is attached (iommu_enable_pci_caps())");
		return;
	}
	s = chain_add(c, RULE_PCI_ATS, d->bdf, IOASID_V_WARN,
		      "ATS capability present, not enabled");
	if (u && u->type == IOASID_IOMMU_AMD && !u->efr_err &&
	    reason_kver(f->ctx) >= IOASID_KVER(6, 12, 0) &&
	    !(u->amd.gt && u->amd.ppr && u->amd.ephsup)) {
		/* iommu.c iommu_init_device(): without
		 * amd_iommu_gt_ppr_supported() the device's flags stay 0, so
		 * pdev_enable_cap_ats() never enables ATS */
		s->verdict = IOASID_V_FAIL;
		step_ref(s, "drivers/iommu/amd/iommu.c pdev_enable_cap_ats()");
		step_more(s, "%s lacks GT, PPR or EPHSUP, so this kernel never enables ATS",
			  u->name);
	} else if (u && u->type == IOASID_IOMMU_AMD && !u->cap.err && !(u->cap.v & (1u << 24))) {
		s->verdict = IOASID_V_FAIL;
		step_more(s, "%s has no IOTLB support (cap bit 24): amd_iommu_iotlb_sup is off",
			  u->name);
	} else if (!u) {
		s->verdict = IOASID_V_UNKNOWN;
		step_more(s, "no IOMMU known for it: whether the kernel enables ATS is unknown");
	} else if (u->type == IOASID_IOMMU_AMD && !u->efr_err && !u->cap.err) {
		step_more(s, "the AMD driver enables it when a domain is attached "
			     "(pdev_enable_caps())");
	}
}

/*
 * PRI as a precondition of SVA on VT-d. intel_iommu_probe_device() sets
 * pri_supported when ats_supported && ecap_prs && ecap_pds &&
 * pci_pri_supported() (6.12 intel/iommu.c:3977-3979, 6.1 :4604-4606).
 * 6.12 intel_iommu_enable_sva() (:4145-4150): a device without
 * pri_supported handles its own faults, SVA allowed; one with it must have
 * PRI enabled, which intel_iommu_enable_iopf() (:4188) does only when the
 * PRG response carries the PASID while PASID is enabled (:4205-4206).
 * 6.1 intel_iommu_enable_sva() (:4724) requires pri_enabled outright; it
 * is set at attach by iommu_enable_pci_caps() (:1492-1495), with the same
 * PRG response condition. Between 6.1 and 6.12 the switch is not pinned:
 * there PRI decides page requests only, as before.
 */
static void step_pri(struct ioasid_ctx *ctx, const struct ioasid_pci_dev *d,
		     const struct ioasid_iommu *u, struct ioasid_chain *c)
{
	unsigned kver = reason_kver(ctx);
	bool vtd = u && u->type == IOASID_IOMMU_VTD && !u->ecap.err;
	bool k61 = vtd && kver && kver < IOASID_KVER(6, 2, 0);
	bool k612 = vtd && kver >= IOASID_KVER(6, 12, 0);
	bool unit_pri = vtd && u->vtd.prs && u->vtd.pds;
	struct ioasid_step *s;

	/* a VF's PRI is its PF's (drivers/pci/ats.c pci_enable_pri()) */
	if (d->is_vf && !d->pri_from_pf) {
		s = chain_add(c, RULE_PCI_PRI, d->bdf, IOASID_V_UNKNOWN,
			      "a VF shares its PF's PRI, and the PF %s is not readable",
			      d->physfn[0] ? d->physfn : "(unknown)");
		step_source(s, PATH_SYS_PCI_DEV_CONFIG, d->physfn[0] ? d->physfn : d->bdf);
		return;
	}
	if (!d->pri.present) {
		/* 6.12 intel_iommu_enable_sva(): a device without PRI handles
		 * its own faults; SVA is still allowed */
		s = chain_add(c, RULE_PCI_PRI, d->bdf,
			      d->ext_err && !d->pri_from_pf ? IOASID_V_UNKNOWN : IOASID_V_FAIL,
			      "no PRI capability%s: the device cannot send page requests%s",
			      d->pri_from_pf ? " on its PF" : "",
			      k61 ? ""
				  : " (SVA is still possible when its driver handles faults "
				    "itself)");
		step_ref(s, "drivers/iommu/intel/iommu.c intel_iommu_enable_sva()");
		if (d->pri_from_pf)
			step_source(s, PATH_SYS_PCI_DEV_CONFIG, d->physfn);
		if (k61 && s->verdict == IOASID_V_FAIL) {
			s->affects |= IOASID_AFFECTS_SVA;
			step_more(s, "6.1's intel_iommu_enable_sva() requires PRI enabled "
				     "(iommu.c:4724): no SVA without it");
		}
		return;
	}
	s = chain_add(c, RULE_PCI_PRI, d->bdf, d->pri.enabled ? IOASID_V_OK : IOASID_V_WARN,
		      "PRI %s, capacity %u, PRG response PASID required %s%s",
		      d->pri.enabled ? "enabled" : "present, not enabled", d->pri.capacity,
		      d->pri.prg_pasid_required ? "yes" : "no",
		      d->pri_from_pf ? " (the PF's: a VF shares it)" : "");
	if (d->pri_from_pf)
		step_source(s, PATH_SYS_PCI_DEV_CONFIG, d->physfn);
	if (k61 && !unit_pri) {
		/* pri_supported stays 0, so 6.1 never enables PRI */
		s->verdict = IOASID_V_FAIL;
		s->affects |= IOASID_AFFECTS_SVA;
		step_ref(s, "drivers/iommu/intel/iommu.c intel_iommu_enable_sva()");
		step_more(s,
			  "%s lacks PRS or PDS, so 6.1 never enables PRI, and its "
			  "intel_iommu_enable_sva() requires PRI enabled (iommu.c:4724)",
			  u->name);
	} else if (d->pasid.present && !d->pri.prg_pasid_required && vtd) {
		/* intel_iommu_enable_iopf() (6.12), iommu_enable_pci_caps()
		 * (6.1): PASID is required in the PRG response when PASID is
		 * enabled */
		s->verdict = IOASID_V_FAIL;
		step_ref(s, k61 ? "drivers/iommu/intel/iommu.c iommu_enable_pci_caps()"
				: "drivers/iommu/intel/iommu.c intel_iommu_enable_iopf()");
		step_more(s, "with PASID enabled the kernel refuses PRI unless the PRG response "
			     "carries the PASID");
		if (k61 || (k612 && unit_pri && d->ats.present)) {
			s->affects |= IOASID_AFFECTS_SVA;
			step_more(s, k61 ? "6.1's intel_iommu_enable_sva() requires PRI enabled "
					   "(iommu.c:4724)"
					 : "the device supports PRI, so intel_iommu_enable_sva() "
					   "refuses "
					   "it until PRI is enabled (iommu.c:4148-4150)");
		}
	} else if (!d->pri.enabled) {
		step_more(s, "%s",
			  k61 ? "6.1 enables PRI when a domain is attached "
				"(iommu_enable_pci_caps()), and SVA requires it"
			  : k612 && unit_pri && d->ats.present
				  ? "SVA needs it enabled: the driver enables I/O page faults "
				    "(intel_iommu_enable_iopf()) before intel_iommu_enable_sva() "
				    "checks it (iommu.c:4148-4150)"
				  : "the kernel enables PRI when a driver enables I/O page faults");
	}
}

static void step_pasid_cap(const struct ioasid_pci_dev *d, struct ioasid_chain *c)
{
	struct ioasid_step *s;

	if (d->pasid_err) {
		s = chain_add(c, RULE_PCI_PASID_CAP, d->bdf, IOASID_V_UNKNOWN,
			      "extended config space not readable (%s)",
			      ioasid_err_short(d->pasid_err));
		step_ref(s, "drivers/pci/ats.c pci_pasid_init()");
		step_source(s, PATH_SYS_PCI_DEV_CONFIG, d->bdf);
		step_fix(s, "run as root");
		return;
	}
	if (!d->pasid.present) {
		s = chain_add(c, RULE_PCI_PASID_CAP, d->bdf, IOASID_V_FAIL,
			      "no PASID capability%s: the device cannot tag DMA with PASIDs",
			      d->is_vf ? " on its PF" : "");
		step_source(s, PATH_SYS_PCI_DEV_CONFIG, d->is_vf ? d->physfn : d->bdf);
		return;
	}
	s = chain_add(c, RULE_PCI_PASID_CAP, d->bdf, IOASID_V_OK,
		      "PASID capability at 0x%x: width %u (%llu PASIDs), exec %s, priv %s%s",
		      d->pasid.offset, d->pasid.width, 1ULL << d->pasid.width,
		      d->pasid.exec ? "yes" : "no", d->pasid.priv ? "yes" : "no",
		      d->pasid_from_pf ? " (the PF's: a VF shares it)" : "");
	step_ref(s, "drivers/pci/ats.c pci_max_pasids()");
	step_source(s, PATH_SYS_PCI_DEV_CONFIG, d->pasid_from_pf ? d->physfn : d->bdf);
}

static void step_iommu(struct ioasid_ctx *ctx, const struct ioasid_pci_dev *d,
		       const struct ioasid_iommu *u, struct ioasid_chain *c)
{
	struct ioasid_step *s;

	if (ioasid_ctx_pci_dump(ctx)) {
		chain_add(c, RULE_PCI_IOMMU, d->bdf, IOASID_V_UNKNOWN,
			  "a config-space dump holds no IOMMU links");
		return;
	}
	if (u) {
		s = chain_add(c, RULE_PCI_IOMMU, d->bdf, IOASID_V_OK, "translated by %s%s", u->name,
			      "");
		if (!d->group.err)
			step_more(s, "IOMMU group %llu", (unsigned long long)d->group.v);
		step_source(s, PATH_SYS_PCI_DEV_ATTR, d->bdf, "iommu");
		return;
	}
	if (d->self_iommu[0]) {
		/* stock/pci.c read_self_iommu(): amd/init.c
		 * init_iommu_one_late() keeps the unit from translating its
		 * own function */
		s = chain_add(c, RULE_PCI_IOMMU, d->bdf, IOASID_V_FAIL,
			      "not translated: this function is the IOMMU unit %s itself",
			      d->self_iommu);
		step_ref(s, "drivers/iommu/amd/init.c init_iommu_one_late()");
		step_fix(s, "nothing to configure: an IOMMU does not translate its own function");
		step_source(s, PATH_SYS_PCI_DEV_ATTR, d->bdf, "iommu");
		return;
	}
	s = chain_add(c, RULE_PCI_IOMMU, d->bdf,
		      d->iommu_err == ENOENT ? IOASID_V_FAIL : IOASID_V_UNKNOWN,
		      d->iommu_err == ENOENT ? "no IOMMU translates this device (no iommu link)"
					     : "IOMMU link not readable (%s)",
		      ioasid_err_short(d->iommu_err));
	step_source(s, PATH_SYS_PCI_DEV_ATTR, d->bdf, "iommu");
}

/*
 * AMD 6.12: the device's PASID, ATS and PRI are enabled only when it is
 * attached to an identity domain or one with the v2 page table:
 * amd/iommu.c do_attach() (:2357) calls pdev_enable_caps() under
 * pdom_is_sva_capable() (:231: PD_MODE_V2 or IOMMU_DOMAIN_IDENTITY). A DMA
 * domain takes amd_iommu_pgtable (protection_domain_alloc() :2559),
 * v1 unless amd_iommu=pgtbl_v2 (init.c :3646, falling back to v1 without
 * EFR GIOSup and GT, :2109-2113); an unmanaged (VFIO) domain is always v1
 * (:2563). amd_iommu_def_domain_type() (:3043-3047) makes PASID-capable
 * devices identity unless memory encryption (SME/SEV) or SNP is active, and
 * untrusted devices DMA (:3033). amd_iommu=force_isolation (init.c :3642)
 * leaves the device's flags 0 in iommu_init_device() (:708) unless the
 * default domain is passthrough. The group's "type" attribute
 * (drivers/iommu/iommu.c iommu_group_show_type()) shows the domain.
 * 6.1 enables the caps at probe for any domain: no such rule.
 */
/* iommu_default_passthrough() as the command line and config set it:
 * arch/x86/kernel/pci-dma.c iommu_setup() "pt" (6.12 :161), iommu.c
 * iommu_set_def_domain_type() kstrtobool() of iommu.passthrough= (:681),
 * else CONFIG_IOMMU_DEFAULT_PASSTHROUGH (iommu_subsys_init() :196). */
static bool default_passthrough(struct ioasid_ctx *ctx)
{
	static const char *const yes[] = {"1", "y", "Y", "t", "T", "on"};
	const char *val = NULL, *src = NULL;

	if (reason_cmdline_has(ctx, "iommu=", "pt", true))
		return true;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (reason_cmdline_has(ctx, "iommu.passthrough=", yes[i], true))
			return true;
	if (reason_cmdline_has(ctx, "iommu.passthrough=", "", true))
		return false;
	return kcfg_read(ctx, KCFG_IOMMU_DEFAULT_PASSTHROUGH, &val, &src) == 0 && val &&
	       !strcmp(val, "y");
}

static void step_amd_domain(struct ioasid_ctx *ctx, const struct ioasid_pci_dev *d,
			    const struct ioasid_iommu *u, struct ioasid_chain *c)
{
	unsigned kver = reason_kver(ctx);
	char type[24];
	struct ioasid_step *s;
	bool pt, v2;
	int rc;

	if (!u || u->type != IOASID_IOMMU_AMD || kver < IOASID_KVER(6, 12, 0) || !d->pasid.present)
		return;
	pt = default_passthrough(ctx);
	if (reason_cmdline_has(ctx, "amd_iommu=", "force_isolation", true) && !pt) {
		s = chain_add(c, RULE_AMD_DOMAIN, d->bdf, IOASID_V_FAIL,
			      "the command line has amd_iommu=force_isolation: iommu_init_device() "
			      "records no PASID, ATS or PRI for the device");
		step_ref(s, "drivers/iommu/amd/iommu.c iommu_init_device()");
		step_source(s, PATH_PROC_CMDLINE);
		step_fix(s, "remove amd_iommu=force_isolation from the kernel command line");
		return;
	}
	if (d->group.err) {
		s = chain_add(c, RULE_AMD_DOMAIN, d->bdf, IOASID_V_UNKNOWN,
			      "the device's IOMMU group is unknown (%s)",
			      ioasid_err_short(d->group.err));
		return;
	}
	rc = iopath_read_line(ctx, type, sizeof(type), PATH_SYS_IOMMU_GROUP_ATTR,
			      (unsigned)d->group.v, "type");
	if (rc < 0) {
		s = chain_add(c, RULE_AMD_DOMAIN, d->bdf, IOASID_V_UNKNOWN,
			      "IOMMU group %llu: type not readable (%s)",
			      (unsigned long long)d->group.v, ioasid_err_short(-rc));
		step_source(s, PATH_SYS_IOMMU_GROUP_ATTR, (unsigned)d->group.v, "type");
		return;
	}
	v2 = reason_cmdline_has(ctx, "amd_iommu=", "pgtbl_v2", true) && !u->efr_err &&
	     u->amd.giosup && u->amd.gt;
	if (!strcmp(type, "identity") ||
	    ((!strcmp(type, "DMA") || !strcmp(type, "DMA-FQ")) && v2)) {
		s = chain_add(c, RULE_AMD_DOMAIN, d->bdf, IOASID_V_OK,
			      "IOMMU group %llu has a%s %s domain: the driver enables PASID, ATS "
			      "and PRI at attach",
			      (unsigned long long)d->group.v, v2 ? " v2-page-table" : "n", type);
	} else if (!strcmp(type, "DMA") || !strcmp(type, "DMA-FQ") || !strcmp(type, "unmanaged") ||
		   !strcmp(type, "blocked")) {
		s = chain_add(c, RULE_AMD_DOMAIN, d->bdf, IOASID_V_FAIL,
			      "IOMMU group %llu has a %s domain with the v1 page table%s: "
			      "do_attach() enables PASID, ATS and PRI only for identity or v2 "
			      "domains",
			      (unsigned long long)d->group.v, type,
			      !strcmp(type, "unmanaged") ? " (a user-space driver's: always v1)"
							 : "");
		if (!d->removable.err && d->removable.v)
			step_more(s, "the device is untrusted (removable): always a DMA domain");
		else if (!strcmp(type, "DMA") || !strcmp(type, "DMA-FQ"))
			step_more(s,
				  "amd_iommu_def_domain_type() gives PASID devices identity unless "
				  "memory encryption (SME/SEV) or SNP is on, or the group was "
				  "changed by hand");
	} else {
		s = chain_add(c, RULE_AMD_DOMAIN, d->bdf, IOASID_V_UNKNOWN,
			      "IOMMU group %llu has a domain of type \"%s\"",
			      (unsigned long long)d->group.v, type);
	}
	step_source(s, PATH_SYS_IOMMU_GROUP_ATTR, (unsigned)d->group.v, "type");
}

/*
 * 6.1 drivers/iommu/iommu.c:2814 iommu_sva_bind_device(): "if
 * (iommu_group_device_count(group) != 1) goto out_unlock;" returns
 * -EINVAL: SVA only for a device alone in its IOMMU group. 6.12
 * (iommu-sva.c, iommu_attach_device_pasid() iommu.c:3395-3430) has no such
 * check; kernels between are not verified, so only 6.1 gets the step. The
 * members are the group's devices/ directory (iommu.c
 * iommu_group_add_device() links each there). The check comes before the
 * driver's sva_bind and needs no PASID capability, so every device behind
 * a unit gets the step (the 6.1 arm64 guests' root ports share a group
 * with their endpoint: the kernel's bind returns -EINVAL there).
 */
static void step_group(struct ioasid_ctx *ctx, const struct ioasid_pci_dev *d,
		       const struct ioasid_iommu *u, struct ioasid_chain *c)
{
	unsigned kver = reason_kver(ctx);
	struct ioasid_step *s;
	char **names = NULL;
	size_t n = 0;
	int rc;

	if (!u || !kver || kver >= IOASID_KVER(6, 2, 0))
		return;
	if (d->group.err) {
		s = chain_add(c, RULE_IOMMU_GROUP, d->bdf, IOASID_V_UNKNOWN,
			      "the device's IOMMU group is unknown (%s)",
			      ioasid_err_short(d->group.err));
		return;
	}
	rc = iopath_list(ctx, &names, &n, PATH_SYS_IOMMU_GROUP_ATTR, (unsigned)d->group.v,
			 "devices");
	if (rc < 0) {
		s = chain_add(c, RULE_IOMMU_GROUP, d->bdf, IOASID_V_UNKNOWN,
			      "IOMMU group %llu: members not readable (%s)",
			      (unsigned long long)d->group.v, ioasid_err_short(-rc));
	} else {
		s = chain_add(c, RULE_IOMMU_GROUP, d->bdf, n == 1 ? IOASID_V_OK : IOASID_V_FAIL,
			      "IOMMU group %llu has %zu device%s%s%s%s",
			      (unsigned long long)d->group.v, n, n == 1 ? "" : "s",
			      n > 1 ? " (" : "", n > 1 ? names[0] : "", n > 1 ? ", ...)" : "");
		if (n != 1)
			step_more(s,
				  "6.1's iommu_sva_bind_device() binds only a device alone in its "
				  "group (iommu.c:2814): -EINVAL");
	}
	iopath_names_free(names, n);
	step_source(s, PATH_SYS_IOMMU_GROUP_ATTR, (unsigned)d->group.v, "devices");
}

static void step_enabled(const struct ioasid_pci_dev *d, const struct ioasid_chain *c,
			 struct ioasid_chain *out)
{
	struct ioasid_answer a = ioasid_chain_answer_for(c, IOASID_AFFECTS_PASID, NULL);
	struct ioasid_step *s;

	if (!d->pasid.present)
		return;
	if (d->pasid.enabled) {
		chain_add(out, RULE_PCI_PASID_ENABLED, d->bdf, IOASID_V_OK,
			  "PASID enabled in the device's PASID control register%s",
			  d->pasid_from_pf ? " (the PF's)" : "");
		return;
	}
	/* n/a, affecting nothing, when a failing rule above explains it */
	s = chain_add(out, RULE_PCI_PASID_ENABLED, d->bdf,
		      a.verdict == IOASID_V_OK ? IOASID_V_FAIL : IOASID_V_NA,
		      "PASID not enabled in the PASID control register");
	if (a.verdict == IOASID_V_OK)
		step_more(s, "every rule above allows it, yet the kernel has not enabled it: the "
			     "IOMMU driver enables it at probe (VT-d) or attach (AMD); check the "
			     "kernel log for this device");
}

static void step_driver(struct ioasid_ctx *ctx, const struct ioasid_pci_dev *d,
			struct ioasid_chain *c)
{
	struct ioasid_step *s;

	if (ioasid_ctx_pci_dump(ctx)) {
		/* lspci -xxx bytes: no sysfs, no driver link */
		s = chain_add(c, RULE_PCI_DRIVER, d->bdf, IOASID_V_UNKNOWN,
			      "a config-space dump holds no driver binding");
		step_source(s, "%s", ioasid_ctx_pci_dump(ctx));
		return;
	}
	if (d->driver_err == ENOENT) {
		chain_add(c, RULE_PCI_DRIVER, d->bdf, IOASID_V_WARN,
			  "no driver bound: nothing on this device uses PASIDs now");
		return;
	}
	if (d->driver_err) {
		chain_add(c, RULE_PCI_DRIVER, d->bdf, IOASID_V_UNKNOWN,
			  "driver link not readable (%s)", ioasid_err_short(d->driver_err));
		return;
	}
	s = chain_add(c, RULE_PCI_DRIVER, d->bdf, IOASID_V_OK, "bound to %s", d->driver);
	step_source(s, PATH_SYS_PCI_DEV_ATTR, d->bdf, "driver");
}

/*
 * AMD enables a device's PASID, ATS and PRI when it attaches a domain
 * (6.12 amd/iommu.c do_attach() -> pdev_enable_caps()), and its SVA enable
 * checks none of them (amd_iommu_dev_enable_feature(), :3063-3076): what
 * the device lacks bites inside the bind, past the x86 switch-off. VT-d's
 * enable checks them first (intel_iommu_enable_sva(), 6.12
 * intel/iommu.c:4135-4150, 6.1 :4724): those stay in the enable stage.
 */
/*
 * A PCI function behind an SMMUv3 (arm-smmu-v3.c arm_smmu_probe_device(),
 * 6.12 :3300-3350, 6.1 :2700-2740): PASID is enabled at probe for every
 * function with the capability (arm_smmu_enable_pasid()), ATS at attach
 * when arm_smmu_ats_supported() (6.12 :2533, 6.1 :2324): FEAT_ATS, the
 * root complex's ATS attribute (IOMMU_FWSPEC_PCI_RC_ATS: IORT
 * iort_pci_rc_supports_ats(), DT of_iommu.c "ats-supported") and the
 * device's capability. SVA does not need ATS here
 * (arm_smmu_master_sva_supported(): FEAT_SVA and ssid_bits only). I/O page
 * faults are taken only from stalling masters (arm_smmu_master_iopf_
 * supported(), 6.12 -sva.c :246, 6.1 :472: one stream and stall_enabled);
 * stall_enabled = (FEAT_STALLS and the "dma-can-stall" property) or
 * FEAT_STALL_FORCE (6.12 :3342-3345, 6.1 :2732-2735). The driver never
 * enables PRI: a PCI page request is not handled on 6.1 or 6.12.
 */
static void smmu3_dev_steps(const struct ioasid_pci_dev *d, const struct ioasid_iommu *u,
			    struct ioasid_chain *c)
{
	const struct ioasid_smmu3 *m = &u->smmu3;
	unsigned domain = 0;
	enum ioasid_tristate rc_ats = sscanf(d->bdf, "%x:", &domain) == 1
					      ? ioasid_smmu3_dev_rc_ats(m, domain)
					      : m->rc_ats;
	int quirk = reason_quirk_huawei_sva(d);
	bool decoded = !m->line_err && m->table;
	struct ioasid_step *s;

	if (quirk) {
		s = chain_add(
			c, RULE_PCI_HUAWEI_SVA, d->bdf, quirk > 0 ? IOASID_V_OK : IOASID_V_NA,
			quirk > 0
				? "HiSilicon %04x:%04x revision 0x%02x: the quirk gives it "
				  "pasid_no_tlp and dma-can-stall (on ACPI hosts)"
				: "HiSilicon %04x:%04x revision 0x%02x: the quirk applies only to "
				  "revisions 0x21 and 0x30",
			d->vendor, d->device, d->revision);
		step_source(s, PATH_SYS_PCI_DEV_CONFIG, d->bdf);
	}
	if (!d->ats.present) {
		s = chain_add(c, RULE_SMMU_ATS, d->bdf, d->ext_err ? IOASID_V_UNKNOWN : IOASID_V_NA,
			      "no ATS capability: the SMMUv3 translates every access (SVA does not "
			      "need ATS on an SMMUv3)");
	} else if (d->ats.enabled) {
		s = chain_add(c, RULE_SMMU_ATS, d->bdf, IOASID_V_OK, "ATS enabled (STU %u)",
			      d->ats.stu);
	} else if (decoded && m->ats == IOASID_NO) {
		s = chain_add(c, RULE_SMMU_ATS, d->bdf, IOASID_V_WARN,
			      "ATS capability present, not enabled: %s has no ATS (features "
			      "0x%08x)",
			      u->name, m->line.features);
	} else if (rc_ats == IOASID_NO) {
		s = chain_add(c, RULE_SMMU_ATS, d->bdf, IOASID_V_WARN,
			      "ATS capability present, not enabled: the root complex's firmware "
			      "gives no ATS (%s), so arm_smmu_ats_supported() says no",
			      m->firmware && !strcmp(m->firmware, "iort")
				      ? "IORT ats_attribute bit 0 clear"
				      : "no ats-supported in the device tree");
	} else {
		s = chain_add(
			c, RULE_SMMU_ATS, d->bdf, IOASID_V_WARN,
			"ATS capability present, not enabled: the kernel enables it at attach "
			"when the unit has ATS%s and the root complex's firmware says ATS "
			"(IORT ats_attribute, DT ats-supported%s)",
			decoded ? "" : " (unknown here)",
			rc_ats == IOASID_YES ? ": it does" : ": unknown here");
	}
	step_source(s, PATH_SYS_PCI_DEV_CONFIG, d->bdf);

	if (!decoded) {
		s = chain_add(c, RULE_SMMU_FAULT, d->bdf, IOASID_V_UNKNOWN,
			      "the unit's feature word is not decoded: whether it stalls "
			      "(STALLS, STALL_FORCE) is unknown");
	} else if (m->stall_force == IOASID_YES) {
		s = chain_add(c, RULE_SMMU_FAULT, d->bdf, IOASID_V_OK,
			      "%s forces stalls (STALL_FORCE): faults are stalled and handled",
			      u->name);
	} else if (m->stalls == IOASID_YES && quirk > 0) {
		s = chain_add(c, RULE_SMMU_FAULT, d->bdf, IOASID_V_OK,
			      "%s can stall (STALLS) and quirk_huawei_pcie_sva() gives the device "
			      "dma-can-stall: faults are stalled and handled",
			      u->name);
	} else {
		s = chain_add(
			c, RULE_SMMU_FAULT, d->bdf, IOASID_V_FAIL,
			m->stalls == IOASID_YES
				? "%s can stall, but nothing gives this PCI function "
				  "dma-can-stall; the SMMUv3 driver takes no PRI page requests "
				  "(PRI capability %s)"
				: "%s has no stall model (no STALLS); the SMMUv3 driver takes no "
				  "PRI page requests (PRI capability %s)",
			u->name, d->pri.present ? "present" : "absent");
	}
	step_source(s, PATH_DEV_KMSG);
}

static void amd_late_caps(struct ioasid_chain *c, size_t first)
{
	for (size_t i = first; i < c->n; i++)
		if (strcmp(c->v[i].rule, reason_rules[RULE_PCI_IOMMU].id) &&
		    strcmp(c->v[i].rule, reason_rules[RULE_PCI_VF].id))
			c->v[i].sva_stage = IOASID_SVA_ATTACH;
}

IOASID_EXPORT int ioasid_device_chain(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *il,
				      const struct ioasid_pci_list *pl, const char *bdf,
				      struct ioasid_chain *out)
{
	const struct ioasid_pci_dev *d = ioasid_pci_find(pl, bdf);
	const struct ioasid_iommu *u = NULL;
	struct reason_facts f;
	size_t first;

	memset(out, 0, sizeof(*out));
	if (!d)
		return ioasid_set_error(ctx, ENOENT, bdf, "no such PCI function");
	if (d->err) {
		chain_add(out, RULE_PCI_CONFIG, d->bdf, IOASID_V_UNKNOWN,
			  "config space not readable: %s", d->errmsg);
		chain_answer(out);
		return 0;
	}
	if (d->iommu[0])
		u = ioasid_iommu_find(il, d->iommu);
	reason_facts_init(&f, ctx);
	reason_host_steps(&f, il, out);
	if (u)
		reason_unit_steps(&f, il, u, out);
	first = out->n;
	step_pasid_cap(d, out);
	if (d->is_vf)
		chain_add(out, RULE_PCI_VF, d->bdf, IOASID_V_OK,
			  "a VF: PASID is enabled exactly when its PF %s has it enabled",
			  d->physfn);
	step_iommu(ctx, d, u, out);
	step_amd_domain(ctx, d, u, out);
	step_group(ctx, d, u, out);
	if (d->pasid.present) {
		/* pci_enable_pasid() on a VF only asks whether its PF has
		 * PASID enabled: the prefix and ACS rules apply to the PF */
		const struct ioasid_pci_dev *pf = d->is_vf ? ioasid_pci_find(pl, d->physfn) : NULL;

		step_eetlp(pl, d, pf ? pf : d, out);
		step_acs(ctx, pl, d, pf ? pf : d, out);
	}
	step_enabled(d, out, out);
	if (u && u->type == IOASID_IOMMU_SMMU3) {
		smmu3_dev_steps(d, u, out);
	} else {
		step_ats(&f, pl, d, u, out);
		step_pri(ctx, d, u, out);
	}
	if (u && u->type == IOASID_IOMMU_AMD)
		amd_late_caps(out, first);
	step_driver(ctx, d, out);
	reason_accel_steps(ctx, d, u, out);
	reason_facts_free(&f);
	chain_answer(out);
	return 0;
}
