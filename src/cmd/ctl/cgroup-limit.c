// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl cgroup set-limit CGROUP --form misc|ioasids N|max
 *
 * The write is cli_action_set_limit() (cli/action.c: the live cgroupfs,
 * the emulated host's model, a snapshot refused), which ioasidtop calls
 * too; here the command line and the printing of its record: with -J the
 * mutation record (the same keys on every host), else on the live host the
 * table below, on the emulated host the line "CGROUP: FILE OLD -> NEW".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/action.h"
#include "cli/mut.h"
#include "ctl/ctl.h"

enum { LC_CGROUP, LC_FORM, LC_RESOURCE, LC_FILE, LC_OLD, LC_NEW, LC_ACTION, LIMIT_NCOLS };

static const struct pr_col limit_cols[LIMIT_NCOLS] = {
	[LC_CGROUP] = {"CGROUP", PR_STR, true, false, "cgroup, relative to the cgroup2 mount"},
	[LC_FORM] = {"FORM", PR_STR, true, false, "misc (resource ioasid) or ioasids"},
	[LC_RESOURCE] = {"RESOURCE", PR_STR, false, false, "misc resource name"},
	[LC_FILE] = {"FILE", PR_STR, false, false, "the file written"},
	[LC_OLD] = {"OLD", PR_STR, true, true, "limit before: a number or max"},
	[LC_NEW] = {"NEW", PR_STR, true, true, "limit asked for: a number or max"},
	[LC_ACTION] = {"ACTION", PR_STR, true, false,
		       "set, unchanged (already so: nothing written), would-set (--dry-run)"},
};

/* the live host's record as a table */
static int print_limit(struct cli *c, const struct cli_result *res)
{
	struct printer *p = pr_new(&c->pr, "limits", limit_cols, LIMIT_NCOLS);
	json_object *f = res->fields;
	struct pr_row *r;
	int rc;

	if (!p)
		return EXIT_USAGE;
	r = pr_row(p);
	pr_str(r, LC_CGROUP, json_object_get_string(json_object_object_get(f, "cgroup")));
	pr_str(r, LC_FORM, json_object_get_string(json_object_object_get(f, "form")));
	pr_str(r, LC_RESOURCE, json_object_get_string(json_object_object_get(f, "resource")));
	pr_str(r, LC_FILE, json_object_get_string(json_object_object_get(f, "file")));
	if (res->old_err == 0)
		pr_str(r, LC_OLD, res->old);
	else
		pr_null(r, LC_OLD, res->old_err);
	pr_str(r, LC_NEW, res->new);
	pr_str(r, LC_ACTION, json_object_get_string(json_object_object_get(f, "action")));
	rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
	pr_free(p);
	return rc;
}

int cmd_cgroup_set_limit(struct cli *c, int argc, const char **argv)
{
	char *form = NULL, *resource = NULL;
	int dry = 0;
	struct poptOption opts[] = {
		{"form", 0, POPT_ARG_STRING, &form, 0,
		 "ioasids (the seed's ioasids.max) or misc (misc.max \"ioasid\")", "ioasids|misc"},
		mut_dry_run_opt(&dry),
		{"resource", 0, POPT_ARG_STRING, &resource, 0,
		 "live host, --form misc: the misc resource (default ioasid)", "NAME"},
		POPT_TABLEEND};
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, "CGROUP --form ioasids|misc N|max", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = mut_nargs(c, args, 2, "CGROUP N|max");
	if (rc == EXIT_OK && !form)
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--form", "missing (ioasids or misc)");
	if (rc == EXIT_OK && args[0][0] != '/')
		rc = cli_error(c, EXIT_USAGE, EINVAL, args[0],
			       "expected a cgroup v2 path from the root, e.g. /machine.slice");
	if (rc == EXIT_OK) {
		struct cli_limit_req q = {args[0], form, resource, args[1], dry};
		struct cli_result r;

		cli_action_set_limit(c, &q, &r);
		if (r.status == EXIT_OK && r.target == CLI_TARGET_LIVE && c->pr.format != PR_JSON)
			rc = print_limit(c, &r);
		else
			rc = cli_result_print(c, &r);
		cli_result_free(&r);
	}
	cli_parse_free(pc, opts);
	return rc;
}
