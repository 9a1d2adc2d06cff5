// SPDX-License-Identifier: GPL-2.0
/*
 * ioasid-oracle: print what the running kernel itself computed about IOMMUs,
 * PCI PASID/ATS/PRI state and IOMMU groups, one line per object, so that the
 * VM harness (tests/vm/check.sh) can compare ioasidctl against it.
 *
 * Output (kernel log, KERN_INFO, prefix "ioasid-oracle: "):
 *   begin kernel=<release> dev_max_pasids=<1|0> machine=<uname -m>
 *   dev name=<pci name> iommu=<name|-> max_pasids=<n|-> pci_max_pasids=<n>
 *       pasid_enabled=<0|1|-> ats_enabled=<0|1|-> pri_enabled=<0|1|->
 *       pasid_cap=0x<off> ats_cap=0x<off> pri_cap=0x<off>
 *       group=<id|-> group_type=<blocked|identity|unmanaged|DMA|DMA-FQ|unknown|->
 *       sva_enable=<errno|-> sva_bind=<errno|-> fwspec_flags=0x<flags|-> rc_ats=<0|1|->
 *   iommu name=<name> max_pasids=<n>            (one per IOMMU seen by a PCI device)
 *   end devices=<n> iommus=<n>
 * ("dev ..." is one line; "-" = not known / not compiled in / no IOMMU.)
 *
 * max_pasids of a device is dev->iommu->max_pasids, which exists since v6.3
 * (6.12 has it, 6.1 does not: there "-" is printed).  pci_max_pasids is the
 * kernel's pci_max_pasids() (negative errno when there is no PASID capability).
 * iommu max_pasids is dev->iommu->iommu_dev->max_pasids (v6.0+).
 * group_type is the type of iommu_get_domain_for_dev(), i.e. the domain the
 * group is attached to right now (the default domain unless a user such as
 * VFIO attached its own), named like /sys/kernel/iommu_groups/N/type.
 *
 * sva_enable and sva_bind ask the kernel itself whether this device can do
 * SVA, the two calls every SVA driver makes (idxd, uacce): the return value
 * (0 or a negative errno) of iommu_dev_enable_feature(dev,
 * IOMMU_DEV_FEAT_SVA) and the error of iommu_sva_bind_device(dev,
 * current->mm) for the process loading the module (insmod), or 0 when it
 * bound.  Each is undone where it succeeded (iommu_sva_unbind_device(),
 * iommu_dev_disable_feature()), so the module leaves nothing behind.  Asked
 * only of devices with an IOMMU ("-" otherwise).  6.12: iommu.c
 * iommu_dev_enable_feature(), iommu-sva.c iommu_sva_bind_device(dev, mm);
 * 6.1: iommu.c, iommu_sva_bind_device(dev, mm, drvdata).  The bind is asked
 * even when the enable failed: the kernel's own order of checks decides the
 * errno, and tests/vm/check.sh requires the tool's chain to explain it.
 * Meant for test guests: a device whose driver already enabled SVA (idxd)
 * would lose it on the disable.
 *
 * fwspec_flags is dev->iommu->fwspec->flags, the firmware's description of
 * the device's path to its IOMMU, and rc_ats its IOMMU_FWSPEC_PCI_RC_ATS bit:
 * set by the IORT root complex's ATS attribute (drivers/acpi/arm64/iort.c:1338
 * iort_iommu_configure_id(): iort_pci_rc_supports_ats(), 6.1 and 6.12) or,
 * on 6.12 only, the PCIe host's "ats-supported" DT property
 * (drivers/iommu/of_iommu.c:103 of_pci_check_device_ats(); 6.1's of_iommu.c
 * never sets it), and read by arm-smmu-v3.c arm_smmu_ats_supported() (6.1
 * line 2324, 6.12 line 2542 area) before it enables ATS.
 * Only devices described to an IOMMU by firmware (Arm SMMU, virtio-iommu,
 * ...) have a fwspec; VT-d and AMD-Vi do not ("-").  struct iommu_fwspec and
 * IOMMU_FWSPEC_PCI_RC_ATS are in include/linux/iommu.h of 6.1 (lines 611/620)
 * and 6.12 (988/996); neither release has the former num_pasid_bits field
 * (the SMMU's per-master ssid_bits is driver-private), so a device's PASID
 * width is dev->iommu->max_pasids where it exists (6.12: iommu.c:371
 * dev_iommu_get_max_pasids()) and "-" on 6.1.
 *
 * The same source builds for x86-64 and arm64 (cross: ARCH=arm64
 * CROSS_COMPILE=aarch64-linux-gnu-); nothing in it is architecture-specific.
 * The SMMUv3's iommu_device.max_pasids is 1 << SSIDSIZE (arm-smmu-v3.c
 * arm_smmu_device_hw_probe(): 6.1 line 3645, 6.12 line 4323).
 *
 * init returns 0 after printing (module stays loaded; rmmod + insmod prints
 * again).  Built against Debian's linux-headers, loads unsigned (taints).
 */
#define pr_fmt(fmt) "ioasid-oracle: " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/pci-ats.h>
#include <linux/iommu.h>
#include <linux/utsname.h>
#include <linux/version.h>

#define ORACLE_MAX_IOMMUS 64

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define ORACLE_HAVE_DEV_MAX_PASIDS 1
#else
#define ORACLE_HAVE_DEV_MAX_PASIDS 0
#endif

static struct iommu_device *seen[ORACLE_MAX_IOMMUS];
static int nseen;
static int ndevs;

static const char *domain_type_name(struct iommu_domain *d)
{
	if (!d)
		return "-";
	switch (d->type) {
	case IOMMU_DOMAIN_BLOCKED:
		return "blocked";
	case IOMMU_DOMAIN_IDENTITY:
		return "identity";
	case IOMMU_DOMAIN_UNMANAGED:
		return "unmanaged";
	case IOMMU_DOMAIN_DMA:
		return "DMA";
	case IOMMU_DOMAIN_DMA_FQ:
		return "DMA-FQ";
	default:
		return "unknown";
	}
}

static void note_iommu(struct iommu_device *iommu)
{
	int i;

	if (!iommu)
		return;
	for (i = 0; i < nseen; i++)
		if (seen[i] == iommu)
			return;
	if (nseen < ORACLE_MAX_IOMMUS)
		seen[nseen++] = iommu;
}

/* "0" or "-<errno>" of enabling SVA and binding insmod's mm, undone. */
static void oracle_sva(struct device *dev, char *en, size_t enlen, char *bind, size_t bindlen)
{
	struct iommu_sva *handle;
	int ret;

	ret = iommu_dev_enable_feature(dev, IOMMU_DEV_FEAT_SVA);
	snprintf(en, enlen, "%d", ret);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	handle = iommu_sva_bind_device(dev, current->mm);
#else
	handle = iommu_sva_bind_device(dev, current->mm, NULL);
#endif
	if (IS_ERR_OR_NULL(handle)) {
		snprintf(bind, bindlen, "%ld", handle ? PTR_ERR(handle) : -EINVAL);
	} else {
		snprintf(bind, bindlen, "0");
		iommu_sva_unbind_device(handle);
	}
	if (!ret)
		iommu_dev_disable_feature(dev, IOMMU_DEV_FEAT_SVA);
}

static int oracle_dev(struct device *dev, void *unused)
{
	struct pci_dev *pdev = to_pci_dev(dev);
	struct iommu_device *iommu = NULL;
	struct iommu_group *group;
	char maxp[16] = "-", grp[16] = "-";
	char sva_en[16] = "-", sva_bind[16] = "-";
	char fwflags[16] = "-";
	const char *rc_ats = "-";
	struct iommu_fwspec *fwspec;
	const char *gtype = "-";
	const char *pasid_en = "-", *ats_en = "-", *pri_en = "-";
	u16 pasid_cap = 0, ats_cap = 0, pri_cap = 0;
	int pci_maxp = -EINVAL;

	if (dev->iommu) {
		iommu = dev->iommu->iommu_dev;
#if ORACLE_HAVE_DEV_MAX_PASIDS
		snprintf(maxp, sizeof(maxp), "%u", dev->iommu->max_pasids);
#endif
	}
	note_iommu(iommu);
	fwspec = dev_iommu_fwspec_get(dev);
	if (fwspec) {
		snprintf(fwflags, sizeof(fwflags), "0x%x", fwspec->flags);
		rc_ats = (fwspec->flags & IOMMU_FWSPEC_PCI_RC_ATS) ? "1" : "0";
	}

#ifdef CONFIG_PCI_PASID
	pasid_en = pdev->pasid_enabled ? "1" : "0";
	pasid_cap = pdev->pasid_cap;
	pci_maxp = pci_max_pasids(pdev);
#endif
#ifdef CONFIG_PCI_ATS
	ats_en = pdev->ats_enabled ? "1" : "0";
	ats_cap = pdev->ats_cap;
#endif
#ifdef CONFIG_PCI_PRI
	pri_en = pdev->pri_enabled ? "1" : "0";
	pri_cap = pdev->pri_cap;
#endif

	group = iommu_group_get(dev);
	if (group) {
		snprintf(grp, sizeof(grp), "%d", iommu_group_id(group));
		gtype = domain_type_name(iommu_get_domain_for_dev(dev));
		iommu_group_put(group);
	}
	if (iommu)
		oracle_sva(dev, sva_en, sizeof(sva_en), sva_bind, sizeof(sva_bind));

	pr_info("dev name=%s iommu=%s max_pasids=%s pci_max_pasids=%d pasid_enabled=%s ats_enabled=%s pri_enabled=%s pasid_cap=0x%x ats_cap=0x%x pri_cap=0x%x group=%s group_type=%s sva_enable=%s sva_bind=%s fwspec_flags=%s rc_ats=%s\n",
		dev_name(dev), (iommu && iommu->dev) ? dev_name(iommu->dev) : "-", maxp, pci_maxp,
		pasid_en, ats_en, pri_en, pasid_cap, ats_cap, pri_cap, grp, gtype, sva_en, sva_bind,
		fwflags, rc_ats);
	ndevs++;
	return 0;
}

static int __init oracle_init(void)
{
	int i;

	nseen = 0;
	ndevs = 0;
	pr_info("begin kernel=%s dev_max_pasids=%d machine=%s\n", init_utsname()->release,
		ORACLE_HAVE_DEV_MAX_PASIDS, init_utsname()->machine);
	bus_for_each_dev(&pci_bus_type, NULL, NULL, oracle_dev);
	for (i = 0; i < nseen; i++)
		pr_info("iommu name=%s max_pasids=%u\n",
			seen[i]->dev ? dev_name(seen[i]->dev) : "-", seen[i]->max_pasids);
	pr_info("end devices=%d iommus=%d\n", ndevs, nseen);
	return 0;
}

static void __exit oracle_exit(void)
{
}

module_init(oracle_init);
module_exit(oracle_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ioasidctl test oracle: kernel-computed IOMMU/PASID state");
