/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the IOASID extension's read commands (set, capacity,
 * list, spid). */
#ifndef IOASIDCTL_EXT_CLI_H
#define IOASIDCTL_EXT_CLI_H

#include <stdint.h>

#include "cli/cli.h"

/* Say what a finished dump skipped or missed (stderr, once each). */
void ext_dump_notes(const char *dump, const struct ioasid_ext_dump_stats *st);

/* A genl dump of ioasid-abi(7) (ioasid_ext_ioasid_dump, ..._binding_dump)
 * streamed through the printer, one record at a time: `list` can reach the
 * whole 20-bit space in constant memory. request names it in the notes. */
typedef int (*ext_dump_fn)(struct ioasid_ctx *ctx, const struct ioasid_ext_filter *f,
			   ioasid_ext_rec_fn row, void *arg, struct ioasid_ext_dump_stats *st);
int ext_stream_dump(struct cli *c, ext_dump_fn dump, const char *request,
		    const struct ioasid_ext_filter *f, ioasid_ext_rec_fn row, const char *list,
		    const struct pr_col *cols, size_t ncols);

#endif
