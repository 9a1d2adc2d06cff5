// SPDX-License-Identifier: GPL-2.0-or-later
/* Helpers of the IOASID extension's read commands. */
#include <errno.h>
#include <stdio.h>

#include "cli/ext.h"

void ext_dump_notes(const char *dump, const struct ioasid_ext_dump_stats *st)
{
	fflush(stdout);
	if (st->bad)
		pr_err("ioasidctl: %s dump: %zu malformed message%s ignored", dump, st->bad,
		       st->bad == 1 ? "" : "s");
	if (st->incomplete)
		pr_err("ioasidctl: %s dump: the stored dump ends without NLMSG_DONE; the list "
		       "may be incomplete",
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
