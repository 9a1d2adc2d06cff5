/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private parts of the emulated host shared by the sim-*.c files. */
#ifndef IOASID_SIM_PRIV_H
#define IOASID_SIM_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/internal.h"
#include "ioasid-sim.h"

#define SIM_DEFAULT_PLATFORM "spr-dsa"
#define SIM_DEFAULT_QUOTA 1024u
/* GET_IOASID chunk size: 4096 IDs, 256 chunks for the 20-bit space */
#define SIM_CHUNK_SHIFT 12
/* genl/ioasid/notify keeps the last this many notifications */
#define SIM_NOTIFY_KEEP 1024u
#define SIM_NOTIFY_KEEP_MAX 65536u /* the model's ring holds no more */
/* Set IDs an emulated host hands out: 1 to this (the model keeps sets in
 * an array indexed by ID: 128 MiB of pointers at most; a host creating a
 * set per second reaches it in half a year) */
#define SIM_SET_ID_MAX 0xffffffu
/* the emulated family id (dynamic ids start at GENL_START_ALLOC = 19) */
#define SIM_GENL_FAMILY_ID 30

struct ioasid_sim_host {
	struct ioasid_model *m;
	uint32_t default_quota;
	uint32_t notify_keep; /* the event log's window (SIM_NOTIFY_KEEP) */
	char platform[32];
	uint64_t gen;
};

/* A platform: its stock files. */
struct sim_platform {
	const char *name;
	const char *summary;
	/* write the stock files into root (a new generation directory) */
	int (*render)(const struct sim_platform *p, int rootfd, struct ioasid_error *err);
	/* the IOMMU units, for the model's PRQ counters: NULL-terminated */
	const char *const *units;
	/* /proc/interrupts: the irq number of unit i's page-request interrupt */
	const unsigned *prq_irq;
	unsigned ncpus;
	/* the units have a page-request queue (VT-d: PASID and PRS in ecap),
	 * so the kernel requested dmarN-prq and page requests can arrive */
	bool prq;
	/* the kernel it runs: osrelease, and the compiler, Debian package
	 * version and build date that /proc/version carries (sim-platform.c) */
	const char *osrelease, *compiler, *pkgver, *builddate;
	/* the kernel builds SVA for its IOMMU (Arm: CONFIG_ARM_SMMU_V3_SVA,
	 * with UACCE and the ZIP driver; sim-arm.c) */
	bool sva_built;
	/* /proc/PID/comm of the VM processes (QEMU's, TASK_COMM_LEN 16) */
	const char *qemu_comm;
};
const struct sim_platform *sim_platform_find(const char *name);

/* File writing relative to a directory fd: parents are created. */
int sim_write(int dirfd, const char *path, const void *buf, size_t len);
/* While writing generation root, share unchanged files with generation
 * prev (hard links); sim_fs_dedup(-1, -1) ends it. */
void sim_fs_dedup(int root, int prev);
int sim_printf(int dirfd, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int sim_symlink(int dirfd, const char *target, const char *path);
int sim_mkdirs(int dirfd, const char *path);
int sim_seterr(struct ioasid_error *err, int errnum, const char *object, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* State (.sim/state): save the host, load into a fresh host. */
int sim_state_save(const struct ioasid_sim_host *h, char **buf, size_t *len);
int sim_state_load(struct ioasid_sim_host *h, const char *buf, size_t len, char *msg,
		   size_t msglen);
void sim_host_free(struct ioasid_sim_host *h);

/* Render family B, cgroups, /proc, interrupts and genl files of h into the
 * generation at rootfd; prevfd is the previous generation (or -1) whose
 * unchanged genl files are linked and whose notify file is extended. */
int sim_render_dynamic(const struct ioasid_sim_host *h, int rootfd, int prevfd,
		       struct ioasid_error *err);
/* genl: one chunk / set file's bytes in memory, the notify file. */
struct sim_buf {
	char *p;
	size_t len, cap;
};
int sim_buf_add(struct sim_buf *b, const void *p, size_t n);
/* ACPI table writing shared by the DMAR and IORT renderers (sim-acpi.c):
 * append v as `bytes` little-endian bytes; write a table header
 * (include/acpi/actbl.h acpi_table_header: signature, length and checksum
 * 0 until sim_acpi_finish(), revision, OEM ID, OEM table ID, OEM revision
 * 1, creator ID, creator revision) from b's start; set the length and the
 * checksum byte that makes the table's sum 0. */
int sim_acpi_put(struct sim_buf *b, uint64_t v, unsigned bytes);
int sim_acpi_header(struct sim_buf *b, const char sig[4], unsigned rev, const char oem[6],
		    const char creator[4], uint32_t creator_rev);
int sim_acpi_finish(struct sim_buf *b);
/* The ACPI DMAR table of the Sapphire Rapids platforms (sim-acpi.c). */
int sim_acpi_dmar_spr(struct sim_buf *b);
/* The ACPI IORT table of the Kunpeng 920 platforms (sim-iort.c). */
int sim_acpi_iort_kunpeng(struct sim_buf *b);
/* The Kunpeng 920 platforms' stock files and SMMUv3 units (sim-arm.c). */
int sim_arm_kunpeng_render(const struct sim_platform *pf, int root, struct ioasid_error *err);
extern const char *const sim_kunpeng_units[];
/* A PCI function's sysfs directory dir (relative to root): vendor, device,
 * class, revision and config from its 4096-byte configuration space. */
int sim_pci_function(int root, const char *dir, const unsigned char *cfg);
/* The GET_IOASID messages of IOASIDs first..first+4095 appended to out;
 * with by_state (SIM_GENL_STATES buffers, indexed by IOASID_ATTR_STATE's
 * value) each message is appended to its state's buffer too: what the
 * dump filtered by IOASID_ATTR_STATE answers, GET_IOASID/state/state-N. */
#define SIM_GENL_STATES 3
int sim_genl_chunk(const struct ioasid_model *m, uint32_t first, struct sim_buf *out,
		   uint32_t *count, struct sim_buf *by_state);
int sim_genl_bindings(const struct ioasid_model *m, uint32_t set, struct sim_buf *out,
		      uint32_t *count);
int sim_genl_done(struct sim_buf *out);
/* Each set with IOASIDs, in one walk: its GET_IOASID messages (ascending
 * IOASID: GET_IOASID/set/set-N, version 2) and its GET_BINDING messages
 * (by SPID: GET_BINDING/set-N). A non-zero return of fn stops the walk. */
typedef int sim_set_fn(uint32_t set, const struct sim_buf *ioasids, uint32_t nio,
		       const struct sim_buf *bindings, uint32_t nbind, void *arg);
int sim_genl_per_set(const struct ioasid_model *m, sim_set_fn *fn, void *arg);
/* version 2: GET_SET */
int sim_genl_sets(const struct ioasid_model *m, struct sim_buf *out);
int sim_genl_events(const struct ioasid_model *m, uint64_t after, struct sim_buf *out);
/* Walk a genl file: count messages, check headers; the last SEQ seen. */
int sim_genl_walk(const char *buf, size_t len, uint32_t *msgs, uint64_t *last_seq);

/* The pid owning an mm set, or -1. */
int32_t sim_set_owner_pid(const struct ioasid_model *m, uint32_t set);

#endif
