// SPDX-License-Identifier: GPL-2.0-or-later
/* Helpers of the IOASID extension's read commands. */
#include <errno.h>
#include <stdio.h>

#include "ctl/ext.h"

int ext_arg_u32(struct cli *c, const char *what, const char *arg, uint32_t *v)
{
	uint64_t x = 0;
	const char *p = arg;

	if (!*p)
		goto bad;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		x = x * 10 + (uint64_t)(*p - '0');
		if (x > UINT32_MAX)
			goto bad;
	}
	*v = (uint32_t)x;
	return EXIT_OK;
bad:
	return cli_error(c, EXIT_USAGE, EINVAL, what, "'%s' is not a number from 0 to %u", arg,
			 UINT32_MAX);
}

void ext_dump_notes(const char *dump, const struct ioasid_ext_dump_stats *st)
{
	fflush(stdout);
	if (st->bad)
		fprintf(stderr, "ioasidctl: %s dump: %zu malformed message%s ignored\n", dump,
			st->bad, st->bad == 1 ? "" : "s");
	if (st->incomplete)
		fprintf(stderr,
			"ioasidctl: %s dump: the stored dump ends without NLMSG_DONE; the list "
			"may be incomplete\n",
			dump);
}
