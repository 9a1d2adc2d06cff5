/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Page requests: per-IOMMU page-request interrupt counts, PRQ overflow
 * events from the kernel log, Intel debugfs queue state, and the live
 * intel_iommu:prq_report tracepoint.
 *
 * An interrupt is not a page request: the kernel drains every pending
 * descriptor in one interrupt, and AMD's MSI mode shares one interrupt
 * between the event, PPR and GA logs. The counts here are labelled as
 * interrupts; only the tracepoint sees single page requests.
 */
#ifndef IOASID_PRQ_H
#define IOASID_PRQ_H

#include "ioasid-ctx.h"
#include "ioasid-iommu.h"

/* Where an interrupt's counts came from. */
enum ioasid_irq_source {
	IOASID_IRQ_SOURCE_NONE = 0,
	IOASID_IRQ_SOURCE_PER_CPU_COUNT,   /* /sys/kernel/irq/N/per_cpu_count */
	IOASID_IRQ_SOURCE_PROC_INTERRUPTS, /* /proc/interrupts */
};
/* "per_cpu_count", "proc_interrupts", or NULL for NONE. */
const char *ioasid_irq_source_name(enum ioasid_irq_source s);

/* One interrupt line (kernel/irq/proc.c show_interrupts(), or
 * kernel/irq/irqdesc.c's /sys/kernel/irq/N attributes). */
struct ioasid_irq {
	unsigned irq;
	char chip[64];	   /* chip name ("DMAR-MSI", "IR-PCI-MSIX-0000:00:01.0") */
	char hwirq[24];	   /* "" when the line has no irq domain */
	char actions[256]; /* action names joined by ", " as /proc/interrupts */
	uint64_t total;	   /* sum of the per-CPU counts */
	size_t ncpus;
	unsigned *cpu; /* CPU number of each count */
	uint64_t *count;
	bool partial; /* truncated or inconsistent: total is a lower bound */
	enum ioasid_irq_source source;
};
void ioasid_irq_free(struct ioasid_irq *irq);

/* A PRQ overflow message of the kernel log. */
struct ioasid_prq_overflow {
	uint64_t usec; /* time since boot (the /dev/kmsg record's) */
	char message[160];
};

/* One IOMMU unit's page-request view (or one page-request interrupt whose
 * unit is not known: iommu is then ""). */
struct ioasid_prq_unit {
	char iommu[64]; /* dmar0, ivhd0, smmu3.0x...; "" unknown */
	enum ioasid_iommu_type type;
	bool has_irq;		     /* irq below is valid */
	struct ioasid_irq irq;	     /* the page-request interrupt */
	bool shared;		     /* the interrupt also serves other queues */
	char shared_with[96];	     /* what else it serves */
	struct ioasid_val fault_irq; /* VT-d fault interrupt "dmarN" */
	struct ioasid_val fault_interrupts;
	/* PRQ overflow messages of the kernel log; err set when the log is
	 * unreadable or the kernel does not log them for this unit. */
	struct ioasid_val overflows;
	size_t noverflow_events;
	struct ioasid_prq_overflow *overflow_events;
	/* VT-d debugfs iommu_regset: descriptors waiting in the queue, and
	 * PRS.PRO (page request overflow). err ENOENT: no debugfs. */
	struct ioasid_val pending;
	enum ioasid_tristate pro;
	char note[192]; /* why something is missing or shared */
};

struct ioasid_prq_stats {
	size_t n;
	struct ioasid_prq_unit *v;
};
/* Every IOMMU unit of /sys/class/iommu plus every page-request interrupt.
 * Returns 0 (values that could not be read carry their errno) or -errno
 * when nothing could be read. */
int ioasid_prq_stats(struct ioasid_ctx *ctx, struct ioasid_prq_stats *out);
void ioasid_prq_stats_free(struct ioasid_prq_stats *s);

/* One intel_iommu:prq_report event (drivers/iommu/intel/trace.h). */
struct ioasid_prq_event {
	char comm[24];
	int pid;
	int cpu;
	char timestamp[32]; /* as printed: "secs.usecs" or a raw counter */
	char iommu[32];	    /* "dmar0" */
	char dev[64];	    /* "0000:00:0a.0" */
	long long seq;	    /* per-IOMMU sequence number */
	uint32_t rid;	    /* requester id (bus << 8 | devfn) */
	uint64_t page;	    /* page number (address >> 12) */
	bool r, w, x, p, l; /* read, write, execute, privileged, last */
	uint32_t pasid;
	uint32_t index; /* page request group index */
	bool has_private;
	uint64_t private_data[2];
};
/* Parse one trace_pipe line. 0: a prq_report event; -ENOMSG: a line of
 * another event (or empty); -EINVAL: garbage. */
int ioasid_parse_prq_trace_line(const char *line, struct ioasid_prq_event *ev);
/* trace_pipe's "CPU:%d [LOST %lu EVENTS]" line (kernel/trace/trace.c
 * print_trace_line()): 1 and the count, or 0 for any other line. */
int ioasid_parse_trace_lost(const char *line, uint64_t *lost);

/* Page requests aggregated per (iommu, device, pasid). */
struct ioasid_prq_flow {
	char iommu[32];
	char dev[64];
	uint32_t pasid;
	uint32_t rid;
	uint64_t requests, reads, writes, execs, privs, last_pages, with_private;
	uint64_t last_page; /* page number of the latest request */
};
struct ioasid_prq_agg {
	size_t n, cap;
	struct ioasid_prq_flow *v; /* in order of first appearance */
	size_t *slots;		   /* hash index into v */
	size_t nslots;
	uint64_t events;
};
int ioasid_prq_agg_add(struct ioasid_prq_agg *a, const struct ioasid_prq_event *e);
void ioasid_prq_agg_free(struct ioasid_prq_agg *a);

/*
 * A live trace session in a private tracefs instance
 * (instances/ioasidctl-PID), so the user's own tracing is untouched.
 * open: finds tracefs, creates the instance, enables
 * intel_iommu/prq_report there and opens its trace_pipe. Errors: -ENOENT
 * no tracefs, -EOPNOTSUPP the kernel has no such event, -EACCES/-EPERM not
 * root, -EROFS a replayed dump; the context's last error names the object. Nothing is left behind
 * on failure.
 */
struct ioasid_prq_trace;
int ioasid_prq_trace_open(struct ioasid_ctx *ctx, struct ioasid_prq_trace **out);
/* The trace_pipe descriptor (non-blocking) for poll(). */
int ioasid_prq_trace_fd(const struct ioasid_prq_trace *t);
/* The instance directory (host path). */
const char *ioasid_prq_trace_instance(const struct ioasid_prq_trace *t);
/* Read what is available and call cb for each event; stops early when cb
 * returns non-zero. Returns the number of events or -errno. */
typedef int (*ioasid_prq_event_cb)(const struct ioasid_prq_event *ev, void *arg);
int ioasid_prq_trace_read(struct ioasid_prq_trace *t, ioasid_prq_event_cb cb, void *arg);
/* Lines read that were neither prq_report events nor empty. */
uint64_t ioasid_prq_trace_unparsed(const struct ioasid_prq_trace *t);
/* Events the kernel dropped (ring buffer full), from LOST lines. */
uint64_t ioasid_prq_trace_lost(const struct ioasid_prq_trace *t);
/* Disable the event, remove the instance and free. 0, or the -errno of
 * the first cleanup step that failed (the context's error names it). */
int ioasid_prq_trace_close(struct ioasid_prq_trace *t);

#endif
