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
	unsigned offset;	/* config-space offset of the capability */
	unsigned width;		/* PCI_PASID_CAP_WIDTH: max PASIDs = 1 << width */
	bool exec, priv;	/* supported */
	bool enabled, exec_enabled, priv_enabled;	/* PCI_PASID_CTRL */
};
struct ioasid_pri_cap {
	bool present;
	unsigned offset;
	bool enabled, reset;				/* PCI_PRI_CTRL */
	bool rf, uprgi, stopped, prg_pasid_required;	/* PCI_PRI_STATUS */
	uint32_t capacity, allocation;			/* MAX_REQ, ALLOC_REQ */
};
struct ioasid_ats_cap {
	bool present;
	unsigned offset;
	unsigned qdep;		/* raw invalidate queue depth field as lspci prints
				 * it; 0 encodes 32 (pci_ats_queue_depth()) */
	bool page_aligned;
	bool enabled;
	unsigned stu;		/* smallest translation unit: 4 KiB << stu */
};

struct ioasid_pci_dev {
	char bdf[16];		/* "0000:6a:01.0" */
	uint16_t vendor, device;
	uint32_t class_code;	/* 24-bit class/subclass/prog-if */
	char name[128];		/* from pci.ids via libpci, "" if unknown */
	char driver[64];	/* bound driver, "" if none */
	int driver_err;
	char iommu[64];		/* iommu unit name from the iommu link, "" if none */
	int iommu_err;
	struct ioasid_val group;	/* IOMMU group number */
	char physfn[16];	/* PF BDF for a VF, "" otherwise */
	bool is_vf;
	bool is_pcie;
	int ext_err;		/* errno when extended config space (>= 0x100)
				 * could not be read: EACCES when not root */
	int err;		/* errno when the device could not be read at all */
	char errmsg[128];	/* libpci's message for err */
	struct ioasid_pasid_cap pasid;	/* for a VF: the PF's (pci_max_pasids) */
	bool pasid_from_pf;
	int pasid_err;		/* errno when pasid is unknown (ext_err, or for a
				 * VF its PF's); then pasid.present is false */
	struct ioasid_pri_cap pri;
	struct ioasid_ats_cap ats;
	/* Effective PASIDs the kernel lets this device use: min(1 << width,
	 * iommu max_pasids) as drivers/iommu/iommu.c dev_iommu_get_max_pasids()
	 * computes; err ENODATA when the IOMMU side is unknown. */
	struct ioasid_val max_pasids;
};

struct ioasid_pci_list {
	size_t n;
	struct ioasid_pci_dev *v;
	unsigned config_reads;	/* config-space reads done (for benchmarks) */
};

/* Scan all PCI functions (sysfs under the context root, or the context's
 * libpci dump). iommus may be NULL (then max_pasids has err ENODATA). */
int ioasid_pci_list(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *iommus,
		    struct ioasid_pci_list *out);
void ioasid_pci_list_free(struct ioasid_pci_list *l);

/* Parse "6a:01.0", "0000:6a:01.0", "6a:1.0" into the canonical
 * "dddd:bb:dd.f". 0 or -EINVAL. */
int ioasid_pci_parse_bdf(const char *s, char out[16]);

/* Decode the three capabilities from raw config space (len bytes from
 * offset 0; at least 256, normally 4096). Pure: used by the reader, the
 * tests and the fuzzer. */
void ioasid_pci_decode_caps(const uint8_t *cfg, size_t len, struct ioasid_pasid_cap *pasid,
			    struct ioasid_pri_cap *pri, struct ioasid_ats_cap *ats);

#endif
