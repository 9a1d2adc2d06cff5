// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The rules of the reason chain, one row each: the id a step carries, what
 * it is about (host, IOMMU unit, PCI function), what a failing step
 * decides, the kernel function that applies the rule, what to change when
 * it fails, and the entry of ioasidctl-device(8) (REASON CHAIN) that
 * documents it. The steps are built in reason-host.c, reason-unit.c and
 * reason-dev.c; a branch that cites a more specific kernel function, or
 * gives a more specific fix, says so at its call site.
 * tests/unit/test_rules.c checks this table against the man page.
 */
#include <string.h>

#include "reason/reason.h"

#define HOST REASON_SCOPE_HOST
#define UNIT REASON_SCOPE_UNIT
#define DEV REASON_SCOPE_DEVICE
#define SVA_PRQ (IOASID_AFFECTS_SVA | IOASID_AFFECTS_PRQ)

const struct reason_rule reason_rules[REASON_NRULES] = {
	[RULE_FIRMWARE_TABLE] = {"firmware.table", HOST, ALL_THREE,
				 "drivers/iommu/intel/dmar.c dmar_table_detect()",
				 "enable the IOMMU (VT-d / AMD-Vi, \"DMA remapping\") in the "
				 "firmware setup",
				 "firmware.table"},
	[RULE_IOMMU_UNITS] = {"iommu.units", HOST, ALL_THREE,
			      "drivers/iommu/iommu-sysfs.c iommu_device_sysfs_add()",
			      "enable the IOMMU in the firmware setup and check the kernel log for "
			      "DMAR / AMD-Vi errors",
			      "iommu.units"},
	[RULE_KERNEL_CONFIG] = {"kernel.config", HOST, ALL_THREE,
				"drivers/pci/Kconfig, drivers/iommu/Kconfig",
				"use a kernel built with the options shown as n or absent",
				"kernel.config"},
	[RULE_KERNEL_IOMMUFD] = {"kernel.iommufd", HOST, 0,
				 "drivers/iommu/iommufd/main.c iommufd_init()", NULL,
				 "kernel.iommufd"},
	/* the release range is kfacts.c's KFACT_X86_SVA_OFF; 6.1 has the
	 * function in drivers/iommu/iommu.c */
	[RULE_KERNEL_SVA_X86] = {"kernel.sva_x86", HOST, IOASID_AFFECTS_SVA,
				 "drivers/iommu/iommu-sva.c iommu_sva_bind_device()",
				 "no option turns it back on: SVA on x86 needs a kernel release "
				 "without this switch (6.12 before 6.12.64, 6.1 before 6.1.163)",
				 "kernel.sva_x86", IOASID_SVA_X86},
	/* arm64 only (reason-host.c step_smmu_sva()) */
	[RULE_KERNEL_SMMU_SVA] = {"kernel.smmu_sva", HOST, SVA_PRQ,
				  "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h "
				  "arm_smmu_sva_supported()",
				  "use a kernel built with CONFIG_ARM_SMMU_V3_SVA=y (it selects "
				  "CONFIG_IOMMU_SVA and CONFIG_IOMMU_IOPF)",
				  "kernel.smmu_sva"},
	[RULE_CPU_ENQCMD] = {"cpu.enqcmd", HOST, 0,
			     "arch/x86/include/asm/disabled-features.h DISABLE_ENQCMD", NULL,
			     "cpu.enqcmd"},

	[RULE_VTD_PASID_HW] = {"vtd.pasid_hw", UNIT, ALL_THREE,
			       "drivers/iommu/intel/iommu.h pasid_supported()",
			       "nothing to configure: this unit cannot tag DMA with PASIDs",
			       "vtd.pasid_hw"},
	[RULE_VTD_SCALABLE_MODE] =
		{"vtd.scalable_mode", UNIT, ALL_THREE,
		 "drivers/iommu/intel/iommu.c intel_iommu_setup() (sm_on/sm_off)",
		 "boot with intel_iommu=sm_on", "vtd.scalable_mode"},
	[RULE_VTD_MAX_PASIDS] = {"vtd.max_pasids", UNIT, ALL_THREE,
				 "drivers/iommu/intel/dmar.c alloc_iommu()",
				 "see vtd.pasid_hw and vtd.scalable_mode: the kernel gives PASIDs "
				 "only to a unit with SMTS and PASID in scalable mode",
				 "vtd.max_pasids"},
	[RULE_VTD_SVM] = {"vtd.svm", UNIT, SVA_PRQ, "drivers/iommu/intel/svm.c intel_svm_check()",
			  "SVA needs an IOMMU with SMPWC and FLTS (and FL1GP/FL5LP matching the "
			  "CPU): use a platform whose VT-d has them, or a device driver that does "
			  "not bind process address spaces",
			  "vtd.svm"},
	[RULE_VTD_PRS] = {"vtd.prs", UNIT, IOASID_AFFECTS_PRQ,
			  "drivers/iommu/intel/iommu.c init_dmars()",
			  "nothing to configure: use devices that never fault (pinned memory), or "
			  "a platform whose VT-d supports page requests",
			  "vtd.prs"},
	[RULE_AMD_GT] = {"amd.gt", UNIT, ALL_THREE, "drivers/iommu/amd/init.c init_iommu_one()",
			 "nothing to configure: this AMD-Vi unit has no guest translation",
			 "amd.gt"},
	[RULE_AMD_MAX_PASIDS] = {"amd.max_pasids", UNIT, ALL_THREE,
				 "drivers/iommu/amd/init.c init_iommu_one()",
				 "use a kernel that assigns the unit's PASIDs (6.12 does)",
				 "amd.gt"},
	/* whether the AMD driver implements the SVA calls at all
	 * (reason-unit.c amd_sva_ops()) */
	[RULE_AMD_SVA_OPS] =
		{"amd.sva_ops", UNIT, IOASID_AFFECTS_SVA, "drivers/iommu/amd/iommu.c amd_iommu_ops",
		 "nothing to configure on this kernel: its AMD IOMMU driver has no SVA; "
		 "only the amd_iommu_v2 API (amdkfd) uses PASIDs",
		 "amd.gt"},
	/* 6.12 adds PASID to what it decides (reason-unit.c) */
	[RULE_AMD_PPR] = {"amd.ppr", UNIT, SVA_PRQ,
			  "drivers/iommu/amd/amd_iommu.h amd_iommu_gt_ppr_supported()",
			  "nothing to configure: this AMD-Vi unit has no peripheral page requests",
			  "amd.gt"},
	[RULE_AMD_EPHSUP] = {"amd.ephsup", UNIT, ALL_THREE,
			     "drivers/iommu/amd/amd_iommu.h amd_iommu_gt_ppr_supported()",
			     "nothing to configure on this kernel: the unit lacks EPHSUP, which "
			     "6.12 requires for device PASID, ATS and PRI",
			     "amd.gt"},
	[RULE_AMD_GUEST_PAGING] = {"amd.guest_paging", UNIT, IOASID_AFFECTS_SVA,
				   "drivers/iommu/amd/init.c amd_iommu_pasid_supported()",
				   "boot with no5lvl", "amd.gt"},
	[RULE_AMD_SNP] = {"amd.snp", UNIT, 0,
			  "drivers/iommu/amd/init.c amd_iommu_pasid_supported()", NULL, "amd.gt"},
	[RULE_SMMU_SVA] =
		{"smmu.sva", UNIT, SVA_PRQ,
		 "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-sva.c arm_smmu_sva_supported()",
		 "nothing to configure: this SMMUv3 fails the driver's SVA checks "
		 "(coherent walks, the CPU's page size, OAS and ASID bits)",
		 "smmu.sva"},
	[RULE_SMMU_SSID] = {"smmu.ssid", UNIT, ALL_THREE,
			    "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c "
			    "arm_smmu_device_hw_probe()",
			    NULL, "smmu.ssid"},
	[RULE_IOMMU_TYPE] = {"iommu.type", UNIT, ALL_THREE, "", NULL, "iommu.type"},
	/* AMD units cite init.c iommu_setup_msi() / iommu_init_irq() */
	[RULE_PRQ_IRQ] = {"prq.irq", UNIT, IOASID_AFFECTS_PRQ,
			  "drivers/iommu/intel/prq.c intel_iommu_enable_prq()",
			  "check the kernel log for page request queue errors", "prq.irq"},
	[RULE_PRQ_OVERFLOW] = {"prq.overflow", UNIT, 0,
			       "drivers/iommu/intel/prq.c prq_event_thread()", NULL,
			       "prq.overflow"},

	[RULE_PCI_CONFIG] = {"pci.config", DEV, ALL_THREE,
			     "drivers/pci/pci-sysfs.c pci_read_config()", NULL, "pci.config"},
	[RULE_PCI_PASID_CAP] = {"pci.pasid_cap", DEV, ALL_THREE,
				"drivers/pci/ats.c pci_enable_pasid()",
				"nothing to configure: use a device with a PASID capability",
				"pci.pasid_cap"},
	[RULE_PCI_VF] = {"pci.vf", DEV, 0, "drivers/pci/ats.c pci_enable_pasid()", NULL,
			 "pci.pasid_cap"},
	[RULE_PCI_IOMMU] = {"pci.iommu", DEV, ALL_THREE,
			    "drivers/iommu/iommu.c iommu_device_link()",
			    "enable the IOMMU (see iommu.units) or check that the device is not "
			    "excluded from translation",
			    "pci.iommu"},
	/* 6.12 only (reason-dev.c step_amd_domain()) */
	[RULE_AMD_DOMAIN] = {"amd.domain", DEV, ALL_THREE, "drivers/iommu/amd/iommu.c do_attach()",
			     "boot with iommu=pt (identity default domains) or amd_iommu=pgtbl_v2",
			     "amd.domain"},
	/* 6.1 only (reason-dev.c step_group()); its check (iommu.c:2814) comes
	 * after the x86 switch-off (:2802) */
	[RULE_IOMMU_GROUP] = {"iommu.group", DEV, IOASID_AFFECTS_SVA,
			      "drivers/iommu/iommu.c iommu_sva_bind_device()",
			      "put the device where it has an IOMMU group of its own (ACS on the "
			      "ports above it), or use a kernel that allows groups of several "
			      "devices (6.12)",
			      "iommu.group", IOASID_SVA_ATTACH},
	[RULE_PCI_EETLP_PREFIX] = {"pci.eetlp_prefix", DEV, ALL_THREE,
				   "drivers/pci/probe.c pci_configure_eetlp_prefix()", NULL,
				   "pci.eetlp_prefix"},
	/* 6.12 pci_enable_pasid() calls pci_acs_path_enabled() */
	[RULE_PCI_ACS] = {"pci.acs", DEV, ALL_THREE, "drivers/pci/ats.c pci_enable_pasid()", NULL,
			  "pci.acs"},
	[RULE_PCI_PASID_ENABLED] = {"pci.pasid_enabled", DEV, ALL_THREE,
				    "drivers/pci/ats.c pci_enable_pasid()",
				    "check the kernel log for this device (dmesg | grep BDF)",
				    "pci.pasid_enabled"},
	[RULE_PCI_ATS] = {"pci.ats", DEV, SVA_PRQ, "drivers/pci/ats.c pci_enable_ats()",
			  "SVA needs ATS: a device with an ATS capability behind an IOMMU and root "
			  "port that support it",
			  "pci.ats"},
	[RULE_PCI_PRI] = {"pci.pri", DEV, IOASID_AFFECTS_PRQ, "drivers/pci/ats.c pci_enable_pri()",
			  "page requests need a PRI capability: without it the device's driver "
			  "must avoid faults (pin memory)",
			  "pci.pri"},
	[RULE_PCI_DRIVER] = {"pci.driver", DEV, 0, "drivers/base/dd.c", NULL, "pci.driver"},
	[RULE_IDXD_SVA] = {"idxd.sva", DEV, IOASID_AFFECTS_SVA,
			   "drivers/dma/idxd/init.c idxd_probe()", NULL, "idxd.sva"},
	/* what the driver refuses per work queue: it decides none of the
	 * device's answers */
	[RULE_IDXD_WQ] = {"idxd.wq", DEV, 0, "drivers/dma/idxd/device.c idxd_wq_enable() checks",
			  NULL, "idxd.wq"},
	/* the release range is kfacts.c's KFACT_IDXD_RAWIO */
	[RULE_IDXD_RAWIO] = {"idxd.rawio", DEV, 0, "drivers/dma/idxd/cdev.c idxd_cdev_mmap()",
			     "give the application CAP_SYS_RAWIO (e.g. setcap cap_sys_rawio+ep "
			     "PROGRAM, or AmbientCapabilities=CAP_SYS_RAWIO in its unit)",
			     "idxd.rawio"},
	/* follows the SVA answer; decides nothing itself */
	[RULE_AMDXDNA_SVA] = {"amdxdna.sva", DEV, 0,
			      "drivers/accel/amdxdna/amdxdna_pci_drv.c amdxdna_drm_open()", NULL,
			      "amdxdna.sva"},
	/* reports what the quirk gives: decides nothing itself */
	[RULE_PCI_HUAWEI_SVA] = {"pci.huawei_sva", DEV, 0,
				 "drivers/pci/quirks.c quirk_huawei_pcie_sva()", NULL,
				 "pci.huawei_sva"},
	/* SMMUv3 SVA does not need ATS (arm_smmu_master_sva_supported()) */
	[RULE_SMMU_ATS] = {"smmu.ats", DEV, 0,
			   "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c arm_smmu_ats_supported()",
			   NULL, "smmu.ats"},
	[RULE_SMMU_FAULT] = {"smmu.fault", DEV, IOASID_AFFECTS_PRQ,
			     "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-sva.c "
			     "arm_smmu_master_iopf_supported()",
			     "nothing to configure: the SMMUv3 driver takes I/O page faults only "
			     "from stalling masters; the device's driver must avoid faults (pin "
			     "memory)",
			     "smmu.fault"},
	[RULE_UACCE_SVA] = {"uacce.sva", DEV, IOASID_AFFECTS_SVA,
			    "drivers/misc/uacce/uacce.c uacce_enable_sva()", NULL, "uacce.sva"},
};

const struct reason_rule *reason_rule_find(const char *id)
{
	for (size_t i = 0; i < REASON_NRULES; i++)
		if (reason_rules[i].id && !strcmp(reason_rules[i].id, id))
			return &reason_rules[i];
	return NULL;
}
