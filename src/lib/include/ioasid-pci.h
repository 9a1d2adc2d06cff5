/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PCI functions and their PASID, PRI and ATS capabilities (via libpci). */
#ifndef IOASID_PCI_H
#define IOASID_PCI_H

#include "ioasid-ctx.h"

struct ioasid_iommu_list;

/* Extended capability layouts: include/uapi/linux/pci_regs.h (PCI_EXT_CAP_ID_*,
 * PCI_PASID_*, PCI_PRI_*, PCI_ATS_*). */
struct ioasid_pasid_cap {
	bool present;
	unsigned offset;			  /* config-space offset of the capability */
	unsigned width;				  /* PCI_PASID_CAP_WIDTH: max PASIDs = 1 << width */
	bool exec, priv;			  /* supported */
	bool enabled, exec_enabled, priv_enabled; /* PCI_PASID_CTRL */
};
struct ioasid_pri_cap {
	bool present;
	unsigned offset;
	bool enabled, reset;			     /* PCI_PRI_CTRL */
	bool rf, uprgi, stopped, prg_pasid_required; /* PCI_PRI_STATUS */
	uint32_t capacity, allocation;		     /* MAX_REQ, ALLOC_REQ */
};
struct ioasid_ats_cap {
	bool present;
	unsigned offset;
	unsigned qdep; /* raw invalidate queue depth field as lspci prints
			* it; 0 encodes 32 (pci_ats_queue_depth()) */
	bool page_aligned;
	bool enabled;
	unsigned stu; /* smallest translation unit: 4 KiB << stu */
};

/* PCIe port types (PCI_EXP_FLAGS_TYPE, include/uapi/linux/pci_regs.h). */
enum {
	IOASID_PCIE_ENDPOINT = 0x0,
	IOASID_PCIE_LEG_END = 0x1,
	IOASID_PCIE_ROOT_PORT = 0x4,
	IOASID_PCIE_UPSTREAM = 0x5,
	IOASID_PCIE_DOWNSTREAM = 0x6,
	IOASID_PCIE_PCI_BRIDGE = 0x7,
	IOASID_PCIE_PCIE_BRIDGE = 0x8,
	IOASID_PCIE_RC_END = 0x9,
	IOASID_PCIE_RC_EC = 0xa,
};
/* ACS control bits (PCI_ACS_*). */
#define IOASID_ACS_RR 0x0004 /* P2P Request Redirect */
#define IOASID_ACS_UF 0x0010 /* Upstream Forwarding */
#define IOASID_ACS_EC 0x0020 /* P2P Egress Control */

/* What the kernel's PCI path rules (End-End TLP prefix, ACS) read from one
 * function; filled from config space by ioasid_pci_decode_topo(). */
struct ioasid_pci_topo {
	bool valid;	   /* the first 64 bytes were read */
	unsigned hdr_type; /* 0 normal, 1 bridge, 2 CardBus */
	bool multifunction;
	unsigned primary_bus, secondary_bus, subordinate_bus; /* bridges */
	bool pcie_known; /* PCIe capability read (or known absent) */
	int pcie_type;	 /* IOASID_PCIE_*, -1 if not PCIe */
	unsigned pcie_cap_ver;
	bool eetlp_prefix; /* DEVCAP2 End-End TLP Prefix Supported */
	bool acs_known;	   /* extended space read */
	bool acs_present;
	uint16_t acs_cap, acs_ctrl;
};

struct ioasid_pci_dev {
	char bdf[16]; /* "0000:6a:01.0" */
	uint16_t vendor, device;
	uint32_t class_code; /* 24-bit class/subclass/prog-if */
	char name[128];	     /* from pci.ids via libpci, "" if unknown */
	char driver[64];     /* bound driver, "" if none */
	int driver_err;
	char iommu[64]; /* iommu unit name from the iommu link, "" if none */
	int iommu_err;
	/* The IOMMU unit this function is itself ("ivhd0"), "" otherwise: its
	 * "iommu" entry is then the unit's class directory, not a link (AMD:
	 * amd/init.c iommu_device_sysfs_add() with the PCI function as parent),
	 * and iommu_err is ENOENT: the kernel does not translate it. */
	char self_iommu[64];
	struct ioasid_val group; /* IOMMU group number */
	char physfn[16];	 /* PF BDF for a VF, "" otherwise */
	bool is_vf;
	bool is_pcie;
	int ext_err;		       /* errno when extended config space (>= 0x100)
					* could not be read: EACCES when not root */
	int err;		       /* errno when the device could not be read at all */
	char errmsg[128];	       /* libpci's message for err */
	struct ioasid_pasid_cap pasid; /* for a VF: the PF's (pci_max_pasids) */
	bool pasid_from_pf;
	int pasid_err; /* errno when pasid is unknown (ext_err, or for a
			* VF its PF's); then pasid.present is false */
	/* for a VF: the PF's (drivers/pci/ats.c pci_enable_pri(),
	 * pci_pri_supported(), pci_prg_resp_pasid_required() read
	 * pci_physfn()); pri_from_pf then, and absent when the PF is unknown */
	struct ioasid_pri_cap pri;
	bool pri_from_pf;
	struct ioasid_ats_cap ats;
	struct ioasid_pci_topo topo;
	/* Effective PASIDs the kernel lets this device use: min(1 << width,
	 * iommu max_pasids) as drivers/iommu/iommu.c dev_iommu_get_max_pasids()
	 * computes; err ENODATA when the IOMMU side is unknown. */
	struct ioasid_val max_pasids;
	/* PCI_REVISION_ID, PCI_SUBSYSTEM_VENDOR_ID, PCI_SUBSYSTEM_ID (header
	 * type 0; 0 otherwise): the device quirks of drivers/pci/quirks.c
	 * match on them */
	uint8_t revision;
	uint16_t subsys_vendor, subsys_device;
	/* The device's sysfs "removable" attribute (drivers/base/core.c
	 * removable_show()): v 1 when it reads "removable", 0 when it reads
	 * otherwise or is absent (the kernel creates it only for a device it
	 * marks removable, drivers/pci/probe.c pci_set_removable()); err
	 * ENODATA in a config-space dump. On x86 the kernel marks a PCI
	 * device removable exactly when it marks it untrusted (probe.c
	 * set_pcie_untrusted() and pci_set_removable() test the same
	 * arch_pci_dev_is_removable() and the parent), which is how user
	 * space sees pci_dev->untrusted. */
	struct ioasid_val removable;
};

struct ioasid_pci_list {
	size_t n;
	struct ioasid_pci_dev *v;
	unsigned config_reads; /* config-space reads done (for benchmarks) */
};

/* Scan all PCI functions (sysfs under the context root, or the context's
 * libpci dump). iommus may be NULL (then max_pasids has err ENODATA). */
int ioasid_pci_list(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *iommus,
		    struct ioasid_pci_list *out);
void ioasid_pci_list_free(struct ioasid_pci_list *l);

/* The sysfs names of the host's PCI functions ("0000:6a:01.0"), from the
 * directory alone: no config space is read, so no suspended device wakes
 * (for shell completion). Entries not in the kernel's "%04x:%02x:%02x.%d"
 * form are left out. Free with ioasid_names_free(); 0 or -errno. */
int ioasid_pci_names(struct ioasid_ctx *ctx, char ***names, size_t *n);

/* Parse "6a:01.0", "0000:6a:01.0", "6a:1.0" into the canonical
 * "dddd:bb:dd.f". 0 or -EINVAL. */
int ioasid_pci_parse_bdf(const char *s, char out[16]);

/* Decode the three capabilities from raw config space (len bytes from
 * offset 0; at least 256, normally 4096). Pure: used by the reader, the
 * tests and the fuzzer. */
void ioasid_pci_decode_caps(const uint8_t *cfg, size_t len, struct ioasid_pasid_cap *pasid,
			    struct ioasid_pri_cap *pri, struct ioasid_ats_cap *ats);

/* Decode the path facts from raw config space (len bytes from offset 0:
 * 64, 256 or 4096). Pure, like ioasid_pci_decode_caps(). */
void ioasid_pci_decode_topo(const uint8_t *cfg, size_t len, struct ioasid_pci_topo *t);
/* The device in l whose bdf is bdf (canonical form), or NULL. */
const struct ioasid_pci_dev *ioasid_pci_find(const struct ioasid_pci_list *l, const char *bdf);
/* The bridge upstream of d as drivers/pci pci_upstream_bridge() sees it
 * (for a VF: its PF's), found by bus number: the type 1 function whose
 * secondary bus is d's bus in the same domain. NULL on a root bus. */
const struct ioasid_pci_dev *ioasid_pci_upstream(const struct ioasid_pci_list *l,
						 const struct ioasid_pci_dev *d);

#endif
