/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Every host path the library opens, named once (after util-linux's
 * include/pathnames.h). Each is the host's absolute path; the path layer
 * (core/path.c) adds the context's root prefix, and only there. A name
 * ending in a printf conversion is a format (its comment names the
 * arguments; the path layer's functions take it as their format, so the
 * compiler checks them). Longer names are built from shorter ones by
 * string concatenation, so each component is spelled once. The IOASID
 * extension's own names come from its uapi header (IOASID_DEV_PATH,
 * IOASID_SYSFS_*, ioasid-abi(7)) and are composed here.
 *
 * Paths below a mount point found at run time (a cgroup's misc.max, a
 * tracefs instance's files) stay beside their reader.
 */
#ifndef IOASID_PATHNAMES_H
#define IOASID_PATHNAMES_H

#include "uapi/ioasid.h"

/* procfs (fs/proc/) */
#define PATH_PROC "/proc"
#define PATH_PROC_CMDLINE PATH_PROC "/cmdline"
#define PATH_PROC_CONFIG_GZ PATH_PROC "/config.gz" /* kernel/configs.c, CONFIG_IKCONFIG_PROC */
#define PATH_PROC_CPUINFO PATH_PROC "/cpuinfo"
#define PATH_PROC_INTERRUPTS PATH_PROC "/interrupts"
#define PATH_PROC_HOSTNAME PATH_PROC "/sys/kernel/hostname"
#define PATH_PROC_OSRELEASE PATH_PROC "/sys/kernel/osrelease"
#define PATH_PROC_VERSION PATH_PROC "/version" /* fs/proc/version.c version_proc_show() */
/* kernel/kallsyms.c s_show() */
#define PATH_PROC_KALLSYMS PATH_PROC "/kallsyms"
#define PATH_PROC_MOUNTINFO PATH_PROC "/self/mountinfo"
#define PATH_PROC_PID_CGROUP PATH_PROC "/%ld/cgroup" /* pid (long) */
#define PATH_PROC_PID_COMM PATH_PROC "/%llu/comm"    /* pid (unsigned long long) */

/* the kernel config beside the image, when /proc/config.gz is absent */
#define PATH_BOOT_CONFIG "/boot/config-%s" /* kernel release */

/* device nodes */
#define PATH_DEV "/dev"
#define PATH_DEV_KMSG PATH_DEV "/kmsg"
#define PATH_DEV_IOMMU PATH_DEV "/iommu"	       /* iommufd (drivers/iommu/iommufd/main.c) */
#define PATH_DEV_VFIO_DEVICES PATH_DEV "/vfio/devices" /* VFIO device cdevs */
#define PATH_DEV_IDXD_WQ PATH_DEV "/%s/%s"	       /* idxd type ("dsa", "iax"), wq ("wq0.1") */

/* sysfs */
#define PATH_SYS "/sys"
#define PATH_SYS_DEVICES PATH_SYS "/devices"
#define PATH_SYS_DMI_ID PATH_SYS_DEVICES "/virtual/dmi/id"

/* IOMMU units: drivers/iommu/iommu-sysfs.c, intel/iommu.c, amd/iommu.c */
#define PATH_SYS_CLASS_IOMMU PATH_SYS "/class/iommu"
#define PATH_SYS_IOMMU_UNIT PATH_SYS_CLASS_IOMMU "/%s" /* unit ("dmar0") */
#define PATH_SYS_IOMMU_VTD PATH_SYS_IOMMU_UNIT "/intel-iommu"
#define PATH_SYS_IOMMU_VTD_ATTR PATH_SYS_IOMMU_VTD "/%s" /* unit, attribute */
#define PATH_SYS_IOMMU_AMD PATH_SYS_IOMMU_UNIT "/amd-iommu"
#define PATH_SYS_IOMMU_AMD_CAP PATH_SYS_IOMMU_AMD "/cap"
#define PATH_SYS_IOMMU_AMD_FEATURES PATH_SYS_IOMMU_AMD "/features"
#define PATH_SYS_IOMMU_DEVICES PATH_SYS_IOMMU_UNIT "/devices"
/* the unit's PCI device (its parent's parent) and one of its MSIs */
#define PATH_SYS_IOMMU_MSI_IRQ PATH_SYS_IOMMU_UNIT "/../../msi_irqs/%u" /* unit, irq */

/* IOMMU groups: drivers/iommu/iommu.c iommu_group_attrs */
#define PATH_SYS_IOMMU_GROUPS PATH_SYS "/kernel/iommu_groups"
#define PATH_SYS_IOMMU_GROUP_ATTR PATH_SYS_IOMMU_GROUPS "/%u/%s" /* group, attribute */

/* PCI: drivers/pci/pci-sysfs.c */
#define PATH_SYS_BUS_PCI PATH_SYS "/bus/pci"
#define PATH_SYS_PCI_DEVICES PATH_SYS_BUS_PCI "/devices"
#define PATH_SYS_PCI_DEV_ATTR PATH_SYS_PCI_DEVICES "/%s/%s"	  /* BDF, attribute */
#define PATH_SYS_PCI_DEV_CONFIG PATH_SYS_PCI_DEVICES "/%s/config" /* BDF */

/* SVA users: drivers/dma/idxd/sysfs.c, drivers/misc/uacce/uacce.c */
#define PATH_SYS_DSA_DEVICES PATH_SYS "/bus/dsa/devices"
#define PATH_SYS_DSA_ATTR PATH_SYS_DSA_DEVICES "/%s/%s" /* device or wq, attribute */
#define PATH_SYS_CLASS_UACCE PATH_SYS "/class/uacce"
/* amdxdna NPUs: the PCI driver's directory (drivers/base/bus.c
 * driver_sysfs_add() links each bound function there by its BDF) */
#define PATH_SYS_PCI_DRIVER_AMDXDNA PATH_SYS_BUS_PCI "/drivers/amdxdna"

/* interrupts: kernel/irq/irqdesc.c irq_attrs */
#define PATH_SYS_KERNEL_IRQ PATH_SYS "/kernel/irq"
#define PATH_SYS_IRQ_ATTR PATH_SYS_KERNEL_IRQ "/%u/%s" /* irq, attribute */

/* module parameters: kernel/params.c */
#define PATH_SYS_MODULE_PARAMS PATH_SYS "/module/%s/parameters" /* module */
#define PATH_SYS_MODULE_PARAM PATH_SYS_MODULE_PARAMS "/%s"	/* module, parameter */
#define PATH_SYS_IDXD_SVA PATH_SYS "/module/idxd/parameters/sva"

/* ACPI tables: drivers/acpi/sysfs.c */
#define PATH_SYS_ACPI_TABLES PATH_SYS "/firmware/acpi/tables"
#define PATH_SYS_ACPI_TABLE PATH_SYS_ACPI_TABLES "/%s" /* signature ("DMAR") */
/* The flattened device tree of a host without ACPI: drivers/of/kobj.c */
#define PATH_SYS_DEVICETREE_BASE PATH_SYS "/firmware/devicetree/base"

/* cgroup v2's systemd place (the mount itself is read from mountinfo) */
#define PATH_SYS_FS_CGROUP PATH_SYS "/fs/cgroup"

/* tracefs, where mountinfo does not say; debugfs */
#define PATH_SYS_TRACING PATH_SYS "/kernel/tracing"
#define PATH_SYS_DEBUG PATH_SYS "/kernel/debug"
#define PATH_SYS_DEBUG_TRACING PATH_SYS_DEBUG "/tracing"
#define PATH_SYS_DEBUG_VTD_REGSET PATH_SYS_DEBUG "/iommu/intel/iommu_regset"
#define PATH_SYS_DEBUG_IDXD_EVLOG PATH_SYS_DEBUG "/idxd/%s/event_log" /* device ("dsa0") */

/* the IOASID extension (ioasid-abi(7) SYSFS) */
#define PATH_SYS_IOASID PATH_SYS "/" IOASID_SYSFS_DIR
#define PATH_SYS_IOASID_SETS PATH_SYS "/" IOASID_SYSFS_SETS_DIR
#define PATH_SYS_IOASID_SET PATH_SYS_IOASID_SETS "/%u"	   /* set id */
#define PATH_SYS_IOASID_SET_ATTR PATH_SYS_IOASID_SET "/%s" /* set id, attribute */

/* Not a kernel path: where a snapshot (a dump of the live host) or an
 * emulated host keeps the extension's generic netlink answers (ioasid-abi(7)
 * NETLINK), one directory per command holding files chunk-NNNNN read in
 * numeric order, each a raw netlink message stream, and its notifications. */
#define PATH_GENL_IOASID "/genl/" IOASID_GENL_NAME
#define PATH_GENL_IOASID_NOTIFY PATH_GENL_IOASID "/" IOASID_GENL_MCGRP_NOTIFY

#endif
