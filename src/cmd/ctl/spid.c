// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl spid list [--set N]
 * ioasidctl spid find --set N SPID
 *
 * The genl dump GET_BINDING of ioasid-abi(7) (the SPID bindings: guest
 * PASID -> IOASID), streamed like `list`.
 * JSON: {"schema_version":1,"bindings":[...]}.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/arg.h"
#include "cli/ext.h"
#include "ctl/ctl.h"

enum { BC_SET, BC_SPID, BC_IOASID, BC_PID, BC_DEVICE, BIND_NCOLS };

static const struct pr_col bind_cols[BIND_NCOLS] = {
	[BC_SET] = {"SET", PR_NUM, true, true, "the set's ID"},
	[BC_SPID] = {"SPID", PR_NUM, true, true, "set private ID (guest PASID)"},
	[BC_IOASID] = {"IOASID", PR_NUM, true, true, "the IOASID it stands for"},
	[BC_PID] = {"PID", PR_NUM, true, true, "owner of the mm set, while it exists"},
	[BC_DEVICE] = {"DEVICE", PR_STR, true, false, "device of the binding, when named"},
};

static int bind_row(const struct ioasid_ext_rec *rec, void *arg)
{
	struct pr_row *r = pr_row(arg);

	pr_num(r, BC_SET, rec->set);
	pr_num(r, BC_SPID, rec->spid);
	pr_num(r, BC_IOASID, rec->ioasid);
	if (rec->has_pid)
		pr_num(r, BC_PID, rec->pid);
	else
		pr_null(r, BC_PID, 0);
	pr_str(r, BC_DEVICE, rec->device);
	return 0;
}

int cmd_spid_list(struct cli *c, int argc, const char **argv)
{
	char *o_set = NULL;
	struct poptOption opts[] = {
		{"set", 's', POPT_ARG_STRING, &o_set, 0, "bindings of this set", "N"},
		POPT_TABLEEND};
	struct ioasid_ext_filter f = {0};
	struct cli_list cl;
	int rc;

	/* the rows stream through ext_stream_dump()'s printer */
	if (!cli_list_begin(c, argc, argv, opts, NULL, bind_cols, BIND_NCOLS, NULL, &cl))
		return cl.rc;
	rc = o_set ? cli_arg_id(c, "--set", o_set, &f.set) : EXIT_OK;
	f.has_set = o_set;
	if (rc == EXIT_OK)
		rc = cli_open(c);
	if (rc == EXIT_OK)
		rc = ext_stream_dump(c, ioasid_ext_binding_dump, "GET_BINDING", &f, bind_row,
				     "bindings", bind_cols, BIND_NCOLS);
	return cli_list_end(&cl, rc);
}

int cmd_spid_find(struct cli *c, int argc, const char **argv)
{
	char *o_set = NULL;
	struct poptOption opts[] = {{"set", 's', POPT_ARG_STRING, &o_set, 0,
				     "the set the SPID belongs to (required)", "N"},
				    POPT_TABLEEND};
	struct ioasid_ext_filter f = {0};
	struct ioasid_ext_dump_stats st;
	struct cli_list cl;
	const char **args;
	char obj[48];
	int rc;

	if (!cli_list_begin(c, argc, argv, opts, "SPID", bind_cols, BIND_NCOLS, "bindings", &cl))
		return cl.rc;
	args = cl.args;
	if (!o_set || !args || !args[0] || args[1]) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, NULL, "give --set N and one SPID");
		goto out;
	}
	if ((rc = cli_arg_id(c, "--set", o_set, &f.set)) != EXIT_OK ||
	    (rc = cli_arg_id(c, "SPID", args[0], &f.spid)) != EXIT_OK)
		goto out;
	f.has_set = f.has_spid = true;
	rc = cli_open(c);
	/* SPIDs are unique within a set: at most one row (a small list):
	 * the printer first, the dump fills it */
	if (rc == EXIT_OK)
		rc = cli_list_read(c, &cl, 0, NULL);
	if (rc == EXIT_OK && (rc = ioasid_ext_binding_dump(c->ctx, &f, bind_row, cl.p, &st)) < 0)
		rc = cli_lib_error(c, rc, "ioasid");
	if (rc != EXIT_OK)
		goto out;
	ext_dump_notes("GET_BINDING", &st);
	if (st.matched == 0) {
		struct ioasid_ext_set s = {0};

		/* ioasid_find_by_spid() (seed:5641-5646) fails for a set that
		 * is not valid as for an SPID it does not hold; the errnos
		 * tell them apart as the mutation commands do: an unknown set
		 * is EINVAL (ioasid_set_is_valid), an unknown SPID ENOENT */
		if (ioasid_ext_set_read(c->ctx, f.set, &s) == -ENOENT) {
			snprintf(obj, sizeof(obj), "set %u", f.set);
			rc = cli_error(c, EXIT_NOTFOUND, EINVAL, obj, "no such set");
			goto out;
		}
		ioasid_ext_set_free(&s);
		snprintf(obj, sizeof(obj), "set %u spid %u", f.set, f.spid);
		rc = cli_error(c, EXIT_NOTFOUND, ENOENT, obj, "no IOASID of the set has this SPID");
		goto out;
	}
out:
	return cli_list_end(&cl, rc);
}
