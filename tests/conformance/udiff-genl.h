/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* conf_udiff's comparison of the generic netlink dumps (udiff-genl.c) */
#ifndef IOASID_CONF_UDIFF_GENL_H
#define IOASID_CONF_UDIFF_GENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ioasid-ctx.h"
#include "ioasid-model.h"

/* One side: the real family (ctx, a live context) or a model */
struct udiff_genl_side {
	const char *name;
	struct ioasid_ctx *ctx;		  /* the real side, else NULL */
	const struct ioasid_model *model; /* a model side */
	uint32_t pid;			  /* the process the test runs as, on this side */
	bool ignore_state_filter;	  /* --self-test's planted bug */
	/* filled by udiff_genl_compare() */
	int cmd;
	uint32_t sets[16];
	size_t nsets;
};

typedef void udiff_genl_report_fn(const char *what, void *arg);

/* Every dump and filter of the comparison on both sides; the number of
 * dumps that disagreed, each reported once. */
long udiff_genl_compare(struct udiff_genl_side side[2], udiff_genl_report_fn *report, void *arg);

#endif
