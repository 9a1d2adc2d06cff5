// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl cgroup list | cgroup show [CGROUP] [--pid PID] [--unit UNIT]
 *
 * Tables: one row per cgroup and misc resource (a cgroup whose misc files
 * list no resource gets one row with RESOURCE "-"). JSON: one object per
 * cgroup with its files and a "resources" array; "max" is a number, or
 * null with "max_is_unlimited": true for the kernel's "max" (both null
 * when unknown). Numbers are exact u64 JSON integers.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/action.h"
#include "cli/arg.h"
#include "ctl/ctl.h"
#include "print/cgroup-cols.h"
#include "uapi/ioasid.h"

/* Once per damaged or unreadable file (other than "no perm", said once
 * for all after the output). Returns whether a permission error was seen. */
static bool warn_files(const struct ioasid_cgroup_mount *m, const struct ioasid_misc_cgroup *cg)
{
	char host[IOASID_CGROUP_PATH_MAX];
	bool denied = false;

	if (ioasid_cgroup_host_path(m, cg->path, host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "%s", cg->path);
	for (int f = 0; f < IOASID_MISC_NFILES; f++) {
		int e = cg->file_err[f];

		if (e == EACCES || e == EPERM)
			denied = true;
		else if (e == EINVAL)
			pr_err("ioasidctl: %s/%s: malformed lines ignored", host,
			       ioasid_misc_file_name(f));
		else if (e && e != ENOENT)
			pr_err("ioasidctl: %s/%s: %s", host, ioasid_misc_file_name(f), strerror(e));
	}
	for (int f = 0; cg->ioasids.present && f < IOASID_IOASIDS_NFILES; f++) {
		int e = cg->ioasids.v[f].err;

		if (e == EACCES || e == EPERM)
			denied = true;
		else if (e && e != ENOENT)
			pr_err("ioasidctl: %s/%s: %s", host, ioasid_ioasids_file_name(f),
			       e == EINVAL ? "not the format of ioasid-abi(7)" : strerror(e));
	}
	return denied;
}

/* one: `show` (a cgroup without resources prints no row, and a note says
 * why); else `list` (such a cgroup gets a row of its own, RESOURCE "-"). */
static int print_cgroups(struct cli *c, const struct pr_col *cols,
			 const struct ioasid_cgroup_mount *m, const struct ioasid_misc_cgroup *v,
			 size_t n, bool one)
{
	struct printer *p = pr_new(&c->pr, "cgroups", cols, CG_NCOLS);
	bool denied = false;
	int rc;

	if (!p)
		return EXIT_USAGE;
	for (size_t i = 0; i < n; i++)
		denied |= warn_files(m, &v[i]);
	if (c->pr.format == PR_JSON) {
		json_object *doc = pr_json_doc(), *arr = json_object_new_array();

		for (size_t i = 0; i < n; i++)
			json_object_array_add(arr, cgroup_json(p, m, &v[i]));
		json_object_object_add(doc, "cgroups", arr);
		rc = pr_json_emit(doc) < 0 ? EXIT_FAIL : EXIT_OK;
		json_object_put(doc);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (v[i].nres == 0 && !v[i].ioasids.present && !one)
				cgroup_res_cells(pr_row(p), &v[i], NULL);
			for (size_t k = 0; k < v[i].nres; k++)
				cgroup_res_cells(pr_row(p), &v[i], &v[i].res[k]);
			if (v[i].ioasids.present)
				cgroup_ioasids_cells(pr_row(p), &v[i]);
		}
		rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
		if (one && n == 1 && v[0].nres == 0 && !v[0].ioasids.present && rc == EXIT_OK) {
			fflush(stdout);
			pr_err("ioasidctl: note: %s: the misc files list no resource (the kernel "
			       "shows only resources with a capacity or a nonzero count)",
			       v[0].path);
		}
	}
	pr_free(p);
	if (denied) {
		/* cli_note_perm() names PCI config and the kernel log: say
		 * what is unreadable here */
		fflush(stdout);
		pr_err("ioasidctl: note: some misc files were not readable by this "
		       "user; those values show as %s",
		       c->pr.format == PR_JSON ? "null" : "\"no perm\"");
	}
	return rc;
}

/* The cgroup2 mount (cli/action.c), or why there is none, printed. */
static int open_mount(struct cli *c, struct ioasid_cgroup_mount *m)
{
	struct cli_result r;

	cli_result_init(&r, c->cmdname, CLI_TARGET_LIVE);
	return cli_cgroup_open_mount(c, m, &r) == EXIT_OK ? EXIT_OK : cli_result_print(c, &r);
}

int cmd_cgroup_list(struct cli *c, int argc, const char **argv)
{
	struct ioasid_misc_list l = {0};
	struct ioasid_cgroup_mount *m = NULL;
	struct cli_list cl;
	int rc;

	/* printed by print_cgroups(): JSON has a shape of its own */
	if (!cli_list_begin(c, argc, argv, NULL, NULL, cgroup_cols, CG_NCOLS, NULL, &cl))
		return cl.rc;
	m = malloc(sizeof(*m));
	if (!m) {
		rc = cli_error(c, EXIT_FAIL, ENOMEM, NULL, "out of memory");
		goto out;
	}
	rc = open_mount(c, m);
	if (rc != EXIT_OK)
		goto out;
	rc = cli_list_read(c, &cl, ioasid_misc_list(c->ctx, m, &l), m->mountpoint);
	if (rc == EXIT_OK)
		rc = print_cgroups(c, cgroup_cols, m, l.v, l.n, false);
out:
	ioasid_misc_list_free(&l);
	free(m);
	return cli_list_end(&cl, rc);
}

/* CGROUP, --pid (pid > 0) or --unit -> rel; returns an exit status. */
static int pick_cgroup(struct cli *c, const struct ioasid_cgroup_mount *m, const char *arg,
		       int32_t pid, const char *unit, char *rel, size_t len)
{
	int rc;

	if (pid) {
		char obj[16];

		snprintf(obj, sizeof(obj), "%" PRId32, pid);
		rc = ioasid_cgroup_of_pid(c->ctx, m, pid, rel, len);
		return rc < 0 ? cli_lib_error(c, rc, obj) : EXIT_OK;
	}
	if (unit) {
		struct cli_result r;

		cli_result_init(&r, c->cmdname, CLI_TARGET_LIVE);
		if (cli_cgroup_of_unit(c, m, unit, rel, len, &r) == EXIT_OK)
			return EXIT_OK;
		rc = cli_result_print(c, &r);
		cli_result_free(&r);
		return rc;
	}
	rc = ioasid_cgroup_resolve(c->ctx, m, arg ? arg : "/", rel, len);
	return rc < 0 ? cli_lib_error(c, rc, arg) : EXIT_OK;
}

int cmd_cgroup_show(struct cli *c, int argc, const char **argv)
{
	char *opt_pid = NULL, *opt_unit = NULL;
	struct poptOption opts[] = {
		{"pid", 'p', POPT_ARG_STRING, &opt_pid, 0, "the cgroup of this process", "PID"},
		{"unit", 'u', POPT_ARG_STRING, &opt_unit, 0,
		 "the cgroup named as this systemd unit", "UNIT"},
		POPT_TABLEEND};
	struct pr_col cols[CG_NCOLS];
	struct ioasid_misc_cgroup cg = {0};
	struct ioasid_misc_why why = {0};
	struct ioasid_cgroup_mount *m = NULL;
	char *rel = NULL;
	const char **args;
	struct cli_list cl;
	int32_t pid = 0;
	int rc, given;

	memcpy(cols, cgroup_cols, sizeof(cols));
	cols[CGC_CGROUP].dflt = false; /* one cgroup: named once, not per row */
	if (!cli_list_begin(c, argc, argv, opts, "[CGROUP]", cols, CG_NCOLS, NULL, &cl))
		return cl.rc;
	args = cl.args;
	given = (args && args[0]) + !!opt_pid + !!opt_unit;
	if (given > 1 || (args && args[0] && args[1])) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, NULL, "give one of CGROUP, --pid or --unit");
		goto out;
	}
	if (opt_pid && (rc = cli_arg_pid(c, "--pid", opt_pid, &pid)) != EXIT_OK)
		goto out;
	m = malloc(sizeof(*m));
	rel = malloc(IOASID_CGROUP_PATH_MAX);
	if (!m || !rel) {
		rc = cli_error(c, EXIT_FAIL, ENOMEM, NULL, "out of memory");
		goto out;
	}
	rc = open_mount(c, m);
	if (rc != EXIT_OK)
		goto out;
	rc = pick_cgroup(c, m, args ? args[0] : NULL, pid, opt_unit, rel, IOASID_CGROUP_PATH_MAX);
	if (rc != EXIT_OK)
		goto out;
	rc = ioasid_misc_enabled(c->ctx, m, rel, &why);
	if (rc < 0) {
		rc = cli_lib_error(c, rc, rel);
		goto out;
	}
	/* the ioasids controller alone is enough to show the cgroup */
	if (why.state != IOASID_MISC_ENABLED &&
	    ioasid_cgroup_has_controller(c->ctx, m, rel, IOASID_CGROUP_CONTROLLER) != 1) {
		struct cli_result r;

		cli_result_init(&r, c->cmdname, CLI_TARGET_LIVE);
		cli_cgroup_not_enabled(m, rel, &why, &r);
		rc = cli_result_print(c, &r);
		goto out;
	}
	rc = cli_list_read(c, &cl, ioasid_misc_read(c->ctx, m, rel, &cg), rel);
	if (rc == EXIT_OK)
		rc = print_cgroups(c, cols, m, &cg, 1, true);
out:
	ioasid_misc_why_free(&why);
	ioasid_misc_cgroup_free(&cg);
	free(rel);
	free(m);
	return cli_list_end(&cl, rc);
}
