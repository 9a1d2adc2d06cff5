/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SVA users: Intel DSA/IAA devices of the idxd driver (/sys/bus/dsa,
 * drivers/dma/idxd) and uacce accelerators (/sys/class/uacce,
 * drivers/misc/uacce). Neither exports the PASIDs of its users; what is
 * visible is whether the device does user SVA (idxd pasid_enabled, uacce
 * flags bit 0), its work queues, the processes that opened them (idxd 6.4+
 * per-file clients), and the PASIDs in idxd's software error register and
 * debugfs event log.
 */
#ifndef IOASID_SVA_H
#define IOASID_SVA_H

#include "ioasid-ctx.h"
#include "ioasid-iommu.h" /* enum ioasid_tristate */

enum ioasid_idxd_type { IOASID_IDXD_DSA, IOASID_IDXD_IAX };

/* One open file of a work queue's character device (drivers/dma/idxd/cdev.c
 * idxd_cdev_open(): device "fileN" under the cdev "dsa!wqX.Y", 6.4+). The
 * kernel hides pid and the counters when the WQ has no PASID
 * (cdev_file_attr_visible()): they then carry err ENOENT. */
struct ioasid_idxd_client {
	char name[24];	       /* "file3" */
	struct ioasid_val pid; /* opener's pid (its thread id) */
	char comm[32];	       /* /proc/PID/comm, "" when comm_err */
	int comm_err;
	struct ioasid_val cr_faults;	     /* completion record faults */
	struct ioasid_val cr_fault_failures; /* ... the kernel failed to fix */
};

/* A work queue wqN.M (drivers/dma/idxd/sysfs.c idxd_wq_attributes[]).
 * Strings are "" with the matching *_err set when unreadable; err ENOENT
 * means the kernel does not have the attribute (older kernel, or hidden by
 * idxd_wq_attr_visible()). */
struct ioasid_idxd_wq {
	char name[32]; /* "wq0.1" */
	unsigned id;   /* M */
	char mode[16]; /* "dedicated", "shared" */
	int mode_err;
	char type[16]; /* "none", "kernel", "user" */
	int type_err;
	char state[16]; /* "disabled", "enabled", "unknown" */
	int state_err;
	char wq_name[128]; /* the "name" attribute (truncated) */
	int wq_name_err;
	char driver_name[64]; /* requested driver, 6.7+ */
	int driver_name_err;
	char driver[64]; /* dsa bus driver bound: user, dmaengine, crypto */
	int driver_err;	 /* ENOENT: none bound */
	int group_id;	 /* -1: no group */
	int group_id_err;
	struct ioasid_val size, priority, threshold, clients;
	struct ioasid_val block_on_fault, ats_disable, prs_disable; /* 0/1 */
	struct ioasid_val cdev_minor; /* ENXIO: no char device (not a user WQ) */
	char cdev[48];		      /* "/dev/dsa/wq0.1" when cdev_minor is valid */
	size_t nclients;
	struct ioasid_idxd_client *clients_v;
	int clients_err; /* EOPNOTSUPP: open files (clients > 0) but the
			  * kernel lists none (before 6.4) */
};

/* The software error register (drivers/dma/idxd/registers.h union
 * sw_err_reg), from the "errors" attribute. */
struct ioasid_idxd_swerr {
	bool valid, overflow, desc_valid, wq_idx_valid, batch, fault_rw, priv;
	unsigned error;	     /* error code, bits 15:8 */
	unsigned wq_idx;     /* bits 23:16 */
	unsigned operation;  /* bits 39:32 */
	unsigned pasid;	     /* bits 59:40 */
	unsigned batch_idx;  /* bits[1] 15:0 */
	uint64_t fault_addr; /* bits[2] */
};

/* One entry of debugfs idxd/<dev>/event_log (drivers/dma/idxd/debugfs.c
 * dump_event_entry(), 6.4+). */
struct ioasid_idxd_evl_entry {
	unsigned count; /* "Event Log entry %d" */
	unsigned index; /* "(real index %u)" */
	bool processed;
	bool wq_idx_valid;
	unsigned error;
	unsigned wq_idx;
	unsigned operation;
	unsigned pasid;
	uint64_t fault_addr;
};

struct ioasid_idxd_dev {
	char name[24]; /* "dsa0", "iax1" */
	unsigned id;
	enum ioasid_idxd_type type;
	char pci[16]; /* "0000:6a:01.0", "" when pci_err */
	int pci_err;
	/* device_user_pasid_enabled(): user SVA works on this device */
	struct ioasid_val pasid_enabled;
	char state[16]; /* "disabled", "enabled", "halted", "unknown" */
	int state_err;
	struct ioasid_val version; /* 0x100 DSA 1.0, 0x200 DSA/IAA 2.0 */
	struct ioasid_val max_work_queues, max_engines, max_groups, clients;
	struct ioasid_val gen_cap, configurable, cdev_major;
	struct ioasid_val event_log_size; /* ENOENT: no event log (invisible) */
	uint64_t op_cap[4];		  /* 256-bit operation bitmap, [0] = bits 63:0 */
	int op_cap_err;
	uint64_t errors[4]; /* SWERR, [0] = bits 63:0 */
	int errors_err;
	struct ioasid_idxd_swerr swerr; /* decoded from errors when !errors_err */
	size_t nwqs;
	struct ioasid_idxd_wq *wqs;
	size_t nevl; /* event log entries, when readable */
	struct ioasid_idxd_evl_entry *evl;
	int evl_err;	/* ENOENT no debugfs file, EACCES not root */
	size_t evl_bad; /* malformed entries skipped */
};

struct ioasid_idxd_list {
	size_t n;
	struct ioasid_idxd_dev *v;
	/* idxd's "sva" module parameter (drivers/dma/idxd/init.c, default Y):
	 * with N the driver never enables user PASIDs */
	enum ioasid_tristate sva_param;
	int sva_param_err; /* ENOENT: idxd not loaded */
};

/* Every idxd device, its work queues, clients and event log. No
 * /sys/bus/dsa is an empty list, not an error. 0 or -errno. */
int ioasid_idxd_list(struct ioasid_ctx *ctx, struct ioasid_idxd_list *out);
void ioasid_idxd_list_free(struct ioasid_idxd_list *l);

/*
 * For the reason chain: the idxd device on PCI function bdf (any form
 * ioasid_pci_parse_bdf() takes). On return out->n is 1 (out->v[0]: its
 * pasid_enabled, wqs with mode/type/state/driver, ...) or 0 when no idxd
 * device sits on that function; out->sva_param is filled either way.
 * Free with ioasid_idxd_list_free(). 0, -EINVAL for a bad bdf, or -errno.
 */
int ioasid_idxd_find_by_pci(struct ioasid_ctx *ctx, const char *bdf, struct ioasid_idxd_list *out);

const char *ioasid_idxd_type_name(enum ioasid_idxd_type t);

/*
 * Parsers (pure; used by the reader, the tests and the fuzzers).
 *
 * A 256-bit attribute: op_cap/op_config and 6.12 "errors" print four u64
 * through "%*pb" as eight comma-separated 32-bit words, most significant
 * first ("00000000,...,003f03ff\n"); 6.1 "errors" prints "%#018llx " per
 * word, least significant first. out[0] holds bits 63:0. 0 or -EINVAL.
 */
int ioasid_idxd_parse_bits256(const char *text, uint64_t out[4]);
void ioasid_idxd_decode_swerr(const uint64_t bits[4], struct ioasid_idxd_swerr *out);
/* "wqN.M" -> N, M; "dsaN"/"iaxN" -> type, N; "fileN" -> N. 0 or -EINVAL. */
int ioasid_idxd_parse_wq_name(const char *s, unsigned *dev, unsigned *wq);
int ioasid_idxd_parse_dev_name(const char *s, enum ioasid_idxd_type *type, unsigned *id);
int ioasid_idxd_parse_file_name(const char *s, unsigned *id);
/* The debugfs event_log text: entries in *out (malloc'd, NULL when none),
 * malformed entries counted in *bad. 0 or -ENOMEM. */
int ioasid_idxd_parse_event_log(const char *text, struct ioasid_idxd_evl_entry **out, size_t *n,
				size_t *bad);

/* uacce: /sys/class/uacce/<name> (drivers/misc/uacce/uacce.c). */
#define IOASID_UACCE_DEV_SVA 0x1u /* include/uapi/misc/uacce/uacce.h UACCE_DEV_SVA */

struct ioasid_uacce_dev {
	char name[80];	 /* "hisi_zip-0": 63-char name, "-", id */
	char parent[64]; /* parent device (the "device" link), e.g. a BDF */
	int parent_err;
	bool parent_is_pci;
	char parent_driver[64]; /* driver bound to the parent, "" if none */
	char api[64];		/* "hisi_qm_v3" */
	int api_err;
	struct ioasid_val flags;       /* bit 0: SVA */
	long long available_instances; /* "%d" */
	int available_instances_err;   /* ENODEV when the driver has no op */
	size_t nalgorithms;
	char (*algorithms)[32]; /* one per line of "algorithms" */
	int algorithms_err;
	/* hidden (err ENOENT) when 0 pages (uacce_dev_is_visible()) */
	struct ioasid_val region_mmio_size, region_dus_size;
	/* 6.12 only (not in 6.1); hidden without the driver's ops */
	struct ioasid_val isolate, isolate_strategy;
};

struct ioasid_uacce_list {
	size_t n;
	struct ioasid_uacce_dev *v;
};

/* Every uacce device; no /sys/class/uacce is an empty list. 0 or -errno. */
int ioasid_uacce_list(struct ioasid_ctx *ctx, struct ioasid_uacce_list *out);
void ioasid_uacce_list_free(struct ioasid_uacce_list *l);

/* amdxdna: AMD NPUs bound to drivers/accel/amdxdna (upstream from 6.14;
 * PCI 1022:1502 and 1022:17f0, amdxdna_pci_drv.c pci_ids[]). Every open of
 * the accel node binds the opener's mm (amdxdna_drm_open() ->
 * iommu_sva_bind_device()): the device is an SVA user by construction. */
struct ioasid_amdxdna_dev {
	char pci[16];	/* the PCI function, "0000:c5:00.1" */
	char accel[16]; /* its accel node, "accel0" (drivers/accel/drm_accel.c) */
	int accel_err;
	char vbnv[64]; /* the product name (amdxdna_sysfs.c vbnv "%s\n") */
	int vbnv_err;
	int device_type; /* amdxdna_sysfs.c device_type "%d\n" */
	int device_type_err;
	char fw_version[48]; /* "%d.%d.%d.%d\n" */
	int fw_version_err;
};

struct ioasid_amdxdna_list {
	size_t n;
	struct ioasid_amdxdna_dev *v;
};

/* Every PCI function bound to amdxdna; no driver directory is an empty
 * list. 0 or -errno. */
int ioasid_amdxdna_list(struct ioasid_ctx *ctx, struct ioasid_amdxdna_list *out);
void ioasid_amdxdna_list_free(struct ioasid_amdxdna_list *l);

#endif
