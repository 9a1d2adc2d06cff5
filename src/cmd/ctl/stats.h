/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ioasidctl stats: what one scrape read (stats-read.c) and its rendering
 * as Prometheus metrics (stats-write.c). */
#ifndef IOASIDCTL_STATS_H
#define IOASIDCTL_STATS_H

#include <stdio.h>

#include "cli/cli.h"

/* The sources: one ioasid_scrape_error series each. */
enum {
	SRC_IOMMU,
	SRC_PCI,
	SRC_PCI_CONFIG,
	SRC_REASON,
	SRC_INTERRUPTS,
	SRC_KERNEL_LOG,
	SRC_EXTENSION,
	SRC_SETS,
	SRC_IOASID_DUMP,
	SRC_BINDING_DUMP,
	SRC_CGROUP,
	SRC_IDXD,
	SRC_UACCE,
	NSRC
};

#define NSTATES 3 /* IOASID_ATTR_STATE: idle, active, free_pending */

struct set_counts {
	uint32_t set;
	uint64_t state[NSTATES + 1]; /* [NSTATES]: a state this version does not know */
	uint64_t spids;
};

struct scrape {
	double timestamp; /* Unix time (CLOCK_REALTIME) when the reading began */
	int err[NSRC];	  /* errno per source, 0 when read */
	struct ioasid_iommu_list il;
	struct ioasid_pci_list pl;
	struct ioasid_chain ch;
	struct ioasid_prq_stats prq;
	bool ext; /* the host has the extension */
	struct ioasid_ext_info info;
	struct ioasid_ext_set_list sets;
	struct set_counts *counts; /* ascending set id */
	size_t ncounts;
	bool counts_ok, spids_ok;
	struct ioasid_misc_list cg;
	struct ioasid_idxd_list idxd;
	struct ioasid_uacce_list uacce;
};

/* Read every source; failures are recorded in s->err, never fatal. */
void stats_read(struct cli *c, struct scrape *s);
void stats_free(struct scrape *s);
/* Write the metrics of s (and the scrape's duration) to f: 0 or an errno
 * (EINVAL: a name broke the grammar, a bug). A value left out because it
 * could not be read sets its source's s->err[] (written last, as
 * ioasid_scrape_error). */
int stats_write(FILE *f, struct scrape *s, double duration);

#endif
