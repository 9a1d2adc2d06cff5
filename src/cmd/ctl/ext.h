/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the IOASID extension's read commands (cmd-ext*.c). */
#ifndef IOASIDCTL_EXT_CLI_H
#define IOASIDCTL_EXT_CLI_H

#include <stdint.h>

#include "cli/cli.h"

/* A decimal u32 from the command line ("what" names it in the error);
 * EXIT_OK or EXIT_USAGE after printing why. */
int ext_arg_u32(struct cli *c, const char *what, const char *arg, uint32_t *v);
/* Say what a finished dump skipped or missed (stderr, once each). */
void ext_dump_notes(const char *dump, const struct ioasid_ext_dump_stats *st);

#endif
