/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ioasidtop's running state (struct top) and the host side of its loop,
 * shared by ioasidtop.c (options, screen, input, the loop) and top-host.c
 * (opening the host, taking samples, the event and trace sources).
 */
#ifndef IOASIDTOP_APP_H
#define IOASIDTOP_APP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "top/top.h"

struct top {
	struct top_opts o;
	enum top_host_kind kind;
	const char *root;
	double interval;
	long iterations; /* 0: until q */
	bool snapshot, loop, plain, color;
	bool plain_auto;	      /* plain text to a file or pipe: as tall as the table */
	size_t printed_ev;	      /* changes printed under plain pages so far */
	bool perm_said;		      /* the "no perm" note was given */
	int screen_rows, screen_cols; /* --screen: a virtual screen */
	struct ioasid_ctx *base;      /* the host; on an emulated host its first generation */
	struct ioasid_ctx *cur;	      /* the context of the current sample */
	struct top_devices dev;
	struct top_sample s, prev;
	bool have_s, have_prev;
	/* the last sample was kept: the host did not change (top-host.c) */
	bool still;
	bool still_rows; /* and the rows built from it are still right */
	double full_t;	 /* when the host was last read in full */
	/* the last sample is the one before with the changes applied
	 * (top-host.c): the sets whose IOASIDs were read again, and whether
	 * the other rows still show what they showed */
	bool applied, applied_rows;
	uint32_t *dirty;
	size_t ndirty;
	bool resync; /* the event log was ahead of the sample: read in full */
	struct top_table t;
	size_t *vis;
	size_t nvis;
	struct top_seen seen;
	struct top_ui ui;
	uint64_t frame;
	sigset_t waitmask; /* the mask ppoll waits with: the signals unblocked */
	/* --trace: the intel_iommu:prq_report tracepoint in a private tracefs
	 * instance (ioasid-prq.h), aggregated per (iommu, device, PASID) */
	bool want_trace;
	struct ioasid_prq_trace *trace;
	struct ioasid_prq_agg agg;
	/* the extension's notifications for the event pane: the genl group
	 * notify of a kernel that has the family, or an emulated host's event
	 * log (ioasid-events.h); NULL where the host has neither */
	struct ioasid_evsrc *ntf;
};

/* ioasidtop.c: one error line (the terminal restored first); returns status */
int top_error(int status, const char *object, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* top-host.c */
double top_now(void);
int top_open_host(struct top *tp);
int top_open_trace(struct top *tp);
void top_take_sample(struct top *tp);
unsigned top_want_for(enum top_view v);
void top_stamp(char *buf, size_t len);

#endif
