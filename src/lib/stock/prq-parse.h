/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Page-request parsers (private; exposed for unit tests and fuzzing).
 * None of them fails on garbage: bad input gives an error code or a
 * skipped line, never a crash. */
#ifndef IOASID_PRQ_PARSE_H
#define IOASID_PRQ_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "ioasid-prq.h"

/* --- /proc/interrupts (interrupts.c) --- */

/* The header line: the online CPUs ("CPU%-8d" each). 0, or -EINVAL when
 * the line is not a header. *cpus is malloc'd (NULL when n is 0). */
int ioasid_irq_parse_header(const char *line, size_t len, unsigned **cpus, size_t *n);
/*
 * One row after the header. complete: the line ended with '\n' (a last
 * line without one was cut short). Returns 1 for a numbered IRQ row (out
 * filled; free with ioasid_irq_free), 0 for a row that is not numbered
 * (NMI:, LOC:, ERR:, blank), -EINVAL for garbage.
 */
int ioasid_irq_parse_row(const char *line, size_t len, bool complete, const unsigned *cpus,
			 size_t ncpus, struct ioasid_irq *out);
/* Whole-text driver: calls cb for every numbered row (cb returns non-zero
 * to stop). Garbage rows are counted in *bad. -EINVAL without a header. */
typedef int (*ioasid_irq_cb)(const struct ioasid_irq *irq, void *arg);
int ioasid_parse_interrupts(const char *text, size_t len, ioasid_irq_cb cb, void *arg, size_t *bad);

/* /sys/kernel/irq/N/per_cpu_count: "%u" per possible CPU joined by ",",
 * then "\n". Returns 0, -EOVERFLOW when the text is cut short (no final
 * newline: the kernel's PAGE_SIZE buffer was full; counts so far kept),
 * -EINVAL on garbage. *counts malloc'd. */
int ioasid_parse_per_cpu_count(const char *text, uint64_t **counts, size_t *n);
/* /sys/kernel/irq/N/actions: names joined by "," -> ", " as in
 * /proc/interrupts. */
void ioasid_irq_actions_join(const char *text, char *out, size_t len);

/* Read every IRQ whose action list matches want() from the host: per_cpu_count
 * where present and whole, else /proc/interrupts. */
typedef bool (*ioasid_irq_want)(const char *actions, void *arg);
struct ioasid_irq_set {
	size_t n;
	struct ioasid_irq *v;
	int sysfs_err; /* why /sys/kernel/irq was not used (0 if it was) */
	int proc_err;  /* why /proc/interrupts failed (0 ok or unused) */
};
int ioasid_irq_collect(struct ioasid_ctx *ctx, ioasid_irq_want want, void *arg,
		       struct ioasid_irq_set *out);
void ioasid_irq_set_free(struct ioasid_irq_set *s);

/* --- action names -> IOMMU units (prq.c) --- */
enum ioasid_prq_irq_kind {
	IOASID_PRQ_IRQ_NOT = 0,
	IOASID_PRQ_IRQ_VTD_PRQ,	     /* "dmar%d-prq" */
	IOASID_PRQ_IRQ_VTD_FAULT,    /* "dmar%d" */
	IOASID_PRQ_IRQ_AMD_PPR,	     /* "AMD-Vi%d-PPR" */
	IOASID_PRQ_IRQ_AMD_SHARED,   /* "AMD-Vi" */
	IOASID_PRQ_IRQ_ARM_PRIQ,     /* "arm-smmu-v3-priq" */
	IOASID_PRQ_IRQ_ARM_COMBINED, /* "arm-smmu-v3-combined-irq" */
};
/* Classify one action name; *index gets the unit number where the name
 * has one (else -1). */
enum ioasid_prq_irq_kind ioasid_prq_classify_action(const char *name, int *index);

/* Which unit a kernel log line reports a PRQ overflow for. Returns the
 * vendor type (VTD, AMD, SMMU3) or OTHER when the line is no overflow;
 * unit gets "dmar0" for VT-d and "" when the line names no unit. */
enum ioasid_iommu_type ioasid_prq_overflow_line(const char *line, char *unit, size_t len);

/* --- VT-d debugfs iommu_regset (debugfs-vtd.c) --- */
struct ioasid_vtd_prq_regs {
	char iommu[32];
	uint64_t pqh, pqt, pqa;
	uint32_t prs;
	unsigned have; /* bits: 1 PQH, 2 PQT, 4 PQA, 8 PRS */
};
#define IOASID_VTD_REGS_ALL 0xfu
int ioasid_parse_vtd_regset(const char *text, struct ioasid_vtd_prq_regs **out, size_t *n,
			    size_t *bad);
/* Descriptors waiting: ((PQT - PQH) & mask) / 32, mask from PQA's queue
 * size; -ENODATA when PQA is 0 (no queue set up). */
int ioasid_vtd_prq_pending(const struct ioasid_vtd_prq_regs *r, uint64_t *pending);

/* --- tracefs (tracefs.c) --- */
/* The mount point of the first fstype entry of /proc/self/mountinfo
 * (fs/proc_namespace.c show_mountinfo()), octal escapes undone. 0 or
 * -ENOENT; -ENAMETOOLONG if it does not fit. */
int ioasid_parse_mountinfo(const char *text, const char *fstype, char *mnt, size_t len);

#endif
