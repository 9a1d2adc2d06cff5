// SPDX-License-Identifier: GPL-2.0-or-later
/* Helpers of the IOASID extension's read commands. */
#include <errno.h>
#include <stdio.h>

#include "cli/ext.h"

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

/* Run an extension dump into a streaming printer; errors after rows were
 * written close the document first, so the JSON stays parseable. */
int ext_stream_dump(struct cli *c, ext_dump_fn dump, const char *request,
		    const struct ioasid_ext_filter *f, ioasid_ext_rec_fn row, const char *list,
		    const struct pr_col *cols, size_t ncols)
{
	struct ioasid_ext_dump_stats st;
	struct printer *p = pr_new_stream(&c->pr, list, cols, ncols);
	int rc;

	if (!p)
		return EXIT_USAGE;
	rc = dump(c->ctx, f, row, p, &st);
	if (rc < 0) {
		if (st.matched)
			pr_print(p);
		pr_free(p);
		return cli_lib_error(c, rc, "ioasid");
	}
	rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
	pr_free(p);
	ext_dump_notes(request, &st);
	return rc;
}
